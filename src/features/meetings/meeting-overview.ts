/**
 * What meetings add to the overview page (overview/overview-sources.ts): the viewer's next meetings
 * (of the series they are invited to, from the roster as it is now; one under way included), nearest
 * first, with the answers so far among those invited: coming (in person or by video), not coming, and
 * not answered. Reads only.
 */
import { nextOccurrences } from '../../domain/recurrence.js';
import type { OverviewMeeting } from '../overview/overview-model.js';
import {
  OVERVIEW_MEETINGS,
  type OverviewSource,
  type UpcomingMeeting,
} from '../overview/overview-sources.js';
import { audienceOf, type Invitee, occurrenceItemId, type RsvpAnswer } from './meeting-series.js';
import { meetingsIn } from './meeting-store.js';

/** The answers among those invited now (an answer from someone no longer invited does not count). */
export function rsvpCounts(
  invitees: readonly Invitee[],
  rsvps: Readonly<Record<string, RsvpAnswer>>,
): OverviewMeeting['rsvp'] {
  const counts = { yes: 0, video: 0, no: 0, none: 0 };
  for (const { aadObjectId } of invitees) {
    const answer = rsvps[aadObjectId];
    if (answer === 'attending') counts.yes++;
    else if (answer === 'remote') counts.video++;
    else if (answer === 'not-attending') counts.no++;
    else counts.none++;
  }
  return counts;
}

export const meetingsOnOverview: OverviewSource = {
  async meetings(ctx) {
    const me = ctx.viewer.aadObjectId;
    const nowMs = ctx.now.getTime();
    const meetings = meetingsIn(ctx.uow);
    const found: UpcomingMeeting[] = [];
    for (const series of await meetings.activeSeries()) {
      const invitees = audienceOf(series, ctx.roster.people, ctx.units);
      if (!invitees.some((i) => i.aadObjectId === me)) continue;
      // From one meeting's length back, so a meeting under way is still listed.
      const from = nowMs - series.schedule.durationMinutes * 60_000;
      for (const occurrence of nextOccurrences(series.schedule, from, OVERVIEW_MEETINGS + 1)) {
        if (Date.parse(occurrence.end) <= nowMs) continue;
        const item = await meetings.getOccurrence(series.id, occurrence.id);
        // A meeting the series no longer has was cancelled on its item; a held one is over.
        if (item && item.state !== 'upcoming') continue;
        found.push({
          id: occurrenceItemId(series.id, occurrence.id),
          seriesId: series.id,
          occurrence: occurrence.id,
          forum: series.meetingKind,
          title: series.title,
          start: new Date(occurrence.startMs).toISOString(),
          end: new Date(occurrence.end).toISOString(),
          rsvp: rsvpCounts(invitees, item?.rsvps ?? {}),
        });
      }
    }
    return found.sort((a, b) => Date.parse(a.start) - Date.parse(b.start)).slice(0, OVERVIEW_MEETINGS);
  },
};
