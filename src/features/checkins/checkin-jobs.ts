/**
 * The check-ins' scheduled work, one unit of work per run:
 * - the cycles whose opening came (checkin-cycles.ts) are opened, late after downtime if their
 *   meeting has not begun (and skipped if it has);
 * - an open check-in is nudged once, to its region's contact persons only, two working days before
 *   its meeting (recorded on the check-in in the same unit of work);
 * - at the meeting's start the unanswered check-ins are missed, the digest goes to RMA's coordinator
 *   if it did not already, and the cycle closes.
 * Every step is recorded with the items it changes, so a restart or two runs at once never act
 * twice. Returns the next moment something falls due, so the scheduler wakes then.
 *
 * A cycle once opened runs to its meeting's start as the series has it (moved, or cancelled after
 * the cycle opened: what the regions said is still worth a digest).
 */
import { loadRoster } from '../../app/actor.js';
import type { AppContext } from '../../app/context.js';
import type { TaskRun } from '../../app/feature.js';
import { publish } from '../../app/live-cards.js';
import { occurrencesBetween } from '../../domain/recurrence.js';
import type { UnitOfWork } from '../../store/store.js';
import { meetingsIn } from '../meetings/meeting-store.js';
import { CHECKIN_BANNERS, CHECKIN_VIEW, closeCycleAtStart, openCycle, resolveMeeting } from './checkin.js';
import { contactsOf, cycleId, cycleOpening, cyclesDue, nudgeMoment } from './checkin-cycles.js';
import { checkinsIn } from './checkin-store.js';
import { nudgeDue, withDue, withNudge } from './checkins.js';
import { CHECKINS_SETTINGS } from './checkins-settings.js';

const DAY_MS = 86_400_000;
/** How far ahead meetings are looked for: beyond the longest offset (20 working days) and its holidays. */
const HORIZON_MS = 60 * DAY_MS;
/** An opening more than this after its moment is recorded as late. */
const LATE_AFTER_MS = 2 * 60_000;

export async function runCheckins(ctx: AppContext, uow: UnitOfWork): Promise<TaskRun> {
  const nowMs = ctx.now().getTime();
  const at = ctx.now().toISOString();
  const { offsetWorkingDays } = ctx.settings.of(CHECKINS_SETTINGS);
  const checkins = checkinsIn(uow);
  let nextAtMs: number | undefined;
  const wake = (ms: number | undefined) => {
    if (ms !== undefined && ms > nowMs && (nextAtMs === undefined || ms < nextAtMs)) nextAtMs = ms;
  };

  // 1. Open the cycles whose moment came.
  const meetings = [];
  for (const series of await meetingsIn(uow).activeSeries()) {
    if (series.meetingKind !== 'rma-regional') continue;
    for (const o of occurrencesBetween(series.schedule, nowMs, nowMs + HORIZON_MS))
      if (o.state !== 'cancelled')
        meetings.push({
          seriesId: series.id,
          occurrence: o.id,
          date: o.date,
          startMs: o.startMs,
          start: o.start,
          organiser: series.organiser,
          cancelled: false,
        });
  }
  const opened = new Set<string>();
  for (const m of meetings) if (await checkins.getCycle(m)) opened.add(cycleId(m));
  const plan = cyclesDue(nowMs, meetings, (id) => opened.has(id), offsetWorkingDays);
  wake(plan.nextAtMs);
  let late = 0;
  for (const m of plan.due) {
    const isLate = nowMs - cycleOpening(m, offsetWorkingDays).atMs > LATE_AFTER_MS;
    await openCycle(ctx, uow, m, isLate);
    if (isLate) late++;
  }

  // 2. The open cycles: nudge before the meeting, close at its start.
  let nudged = 0;
  let missed = 0;
  let digests = 0;
  let closed = 0;
  const roster = await loadRoster(ctx, uow);
  for (const cycle of await checkins.openCycles()) {
    const meeting = await resolveMeeting(uow, cycle);
    const startMs = meeting?.startMs ?? Date.parse(cycle.due);
    if (nowMs >= startMs) {
      const done = await closeCycleAtStart(ctx, uow, meeting ? { ...cycle, due: meeting.start } : cycle);
      missed += done.missed;
      if (done.digest) digests++;
      closed++;
      continue;
    }
    wake(startMs);
    if (!meeting) continue;
    const nudgeAtMs = nudgeMoment(meeting);
    wake(nudgeAtMs);
    if (nowMs < nudgeAtMs) continue;
    for (const checkin of await checkins.ofCycle(cycle)) {
      if (!nudgeDue(checkin, nudgeAtMs, startMs, nowMs)) continue;
      const contacts = contactsOf(roster.people, checkin.unitId);
      // Recorded even when the region has nobody to tell now (RMA's coordinator was told at opening).
      const next = withNudge(withDue(checkin, meeting.start), at);
      await publish(
        ctx,
        uow,
        next,
        contacts.map((p) => ({
          to: { kind: 'person' as const, aadObjectId: p.aadObjectId },
          view: CHECKIN_VIEW,
          banner: CHECKIN_BANNERS.nudge,
          origin: meeting.organiser,
        })),
      );
      await checkins.put(next);
      nudged++;
    }
  }
  return {
    count: plan.due.length + nudged + closed,
    notes: { opened: plan.due.length, late, skipped: plan.skipped.length, nudged, missed, digests, closed },
    ...(nextAtMs === undefined ? {} : { nextAtMs }),
  };
}
