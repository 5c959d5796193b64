/**
 * What the agenda adds to the overview page (overview/overview-sources.ts):
 * - the queue: the items the viewer curates (as the backlog decides: the UDI coordinator all, a
 *   department's coordinator or deputy its own) that wait for them: raised and not yet curated, or on
 *   a meeting that has begun and waiting for its outcome; the viewer's own raised items still open;
 *   and the follow-up actions they own (due on their due date);
 * - the network (coordinators): every open item and open follow-up action, by department;
 * - the agenda of an upcoming coordinators' or network meeting: its accepted items in the agenda's
 *   order (what the meeting's cards show everyone invited).
 * An accepted item's deadline is its meeting's start. Titles (an item's title, an action's "what")
 * only for those who see the item in the bot: its submitter and its curators; an action's owner.
 * Reads only.
 */
import { isOriginalDate, occurrenceOf } from '../../domain/recurrence.js';
import { meetingsIn } from '../meetings/meeting-store.js';
import type { OverviewAgenda, OverviewRow } from '../overview/overview-model.js';
import { dayDeadline, firstWords, overviewRow } from '../overview/overview-rows.js';
import type { OverviewContext, OverviewSource } from '../overview/overview-sources.js';
import { forumOf } from './agenda.js';
import type { FollowUpAction } from './agenda-actions.js';
import { compileAgenda } from './agenda-compile.js';
import type { AgendaItem, MeetingRef } from './agenda-items.js';
import { curates } from './agenda-policy.js';
import { agendaIn } from './agenda-store.js';

const openItems = (ctx: OverviewContext) => ctx.once('agenda.openItems', () => agendaIn(ctx.uow).openItems());
const openActions = (ctx: OverviewContext) =>
  ctx.once('agenda.openActions', () => agendaIn(ctx.uow).openActions());

/** When the meeting an item is on begins (ISO), read once per series; undefined if it names none. */
async function meetingStart(
  ctx: OverviewContext,
  meeting: MeetingRef | undefined,
): Promise<string | undefined> {
  if (!meeting) return undefined;
  const series = await ctx.once(`meetings.series.${meeting.seriesId}`, () =>
    meetingsIn(ctx.uow).getSeries(meeting.seriesId),
  );
  if (!series || !isOriginalDate(series.schedule, meeting.occurrence)) return undefined;
  return occurrenceOf(series.schedule, meeting.occurrence).start;
}

const sees = (ctx: OverviewContext, item: AgendaItem): boolean =>
  item.createdBy === ctx.viewer.aadObjectId || curates(ctx.viewer.person, item.department);

async function itemRow(ctx: OverviewContext, item: AgendaItem): Promise<OverviewRow> {
  const start = item.state === 'accepted' ? await meetingStart(ctx, item.meeting) : undefined;
  return overviewRow(
    item,
    {
      kind: 'agenda',
      ...(start ? { deadline: new Date(start).toISOString() } : {}),
      urgent: item.urgent,
      ...(sees(ctx, item) ? { title: firstWords(item.title) } : {}),
      department: item.department,
    },
    ctx.now,
  );
}

function actionRow(ctx: OverviewContext, action: FollowUpAction): OverviewRow {
  const mayOpen = action.owner === ctx.viewer.aadObjectId || curates(ctx.viewer.person, action.department);
  return overviewRow(
    action,
    {
      kind: 'action',
      deadline: dayDeadline(action.due),
      ...(mayOpen ? { title: firstWords(action.what) } : {}),
      department: action.department,
    },
    ctx.now,
  );
}

export const agendaOnOverview: OverviewSource = {
  async queue(ctx) {
    const me = ctx.viewer.aadObjectId;
    const nowMs = ctx.now.getTime();
    const rows: OverviewRow[] = [];
    for (const item of await openItems(ctx)) {
      const mine = item.createdBy === me;
      const curated = curates(ctx.viewer.person, item.department);
      if (!mine && !curated) continue;
      const row = await itemRow(ctx, item);
      // A curator acts on an item raised, or on one whose meeting has begun (its outcome to record).
      const waitsForCurator =
        curated &&
        (item.state === 'submitted' || (row.deadline !== undefined && Date.parse(row.deadline) <= nowMs));
      if (mine || waitsForCurator) rows.push(row);
    }
    for (const action of await openActions(ctx)) if (action.owner === me) rows.push(actionRow(ctx, action));
    return rows;
  },

  async network(ctx) {
    const rows: OverviewRow[] = [];
    for (const item of await openItems(ctx)) rows.push(await itemRow(ctx, item));
    for (const action of await openActions(ctx)) rows.push(actionRow(ctx, action));
    return rows;
  },

  async agenda(ctx, meeting): Promise<OverviewAgenda | undefined> {
    const series = await ctx.once(`meetings.series.${meeting.seriesId}`, () =>
      meetingsIn(ctx.uow).getSeries(meeting.seriesId),
    );
    if (!series || !forumOf(series)) return undefined;
    const compiled = compileAgenda(
      await openItems(ctx),
      { seriesId: meeting.seriesId, occurrence: meeting.occurrence },
      series.schedule.durationMinutes,
    );
    return {
      meetingId: meeting.id,
      items: compiled.items.map((item) => ({
        reference: item.reference,
        title: item.title,
        minutes: item.minutes,
        carriedOver: item.carriedOver,
      })),
      totalMinutes: compiled.totalMinutes,
      meetingMinutes: compiled.meetingMinutes,
    };
  },
};
