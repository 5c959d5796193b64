/**
 * The meetings feature's other scheduled jobs, each one unit of work per run:
 * - holiday flags: a meeting on a public holiday, in the Easter week or on 24 or 31 December is
 *   flagged to its organiser a month ahead, once (again if it is moved onto another such day), on a
 *   card with a suggested nearby working day and a button that moves it there;
 * - the plan check: on 1 October the UDI coordinator is told if this year's plan holds fewer than
 *   four network meetings (the memo's minimum), once a year. The same check runs when a plan is
 *   made or changed (checkPlan, called by the use cases).
 */
import { loadRoster } from '../../app/actor.js';
import type { AppContext } from '../../app/context.js';
import type { TaskRun } from '../../app/feature.js';
import { publish } from '../../app/live-cards.js';
import { occurrencesBetween } from '../../domain/recurrence.js';
import { isDeputyOf, isUdiCoordinator, type Roster } from '../../domain/roster.js';
import { historyEntry, SYSTEM_ACTOR } from '../../domain/tracked-item.js';
import type { UnitOfWork } from '../../store/store.js';
import { dateConflict } from './meeting-dates.js';
import { networkMeetingsPlanned, shortOfNetworkMeetings } from './meeting-models.js';
import { type MeetingOccurrence, type MeetingSeries, newOccurrenceItem } from './meeting-series.js';
import { meetingsIn } from './meeting-store.js';

/** The view of the organiser's card about a meeting on a day to avoid. */
export const HOLIDAY_VIEW = 'meeting-holiday';
/** The view of the UDI coordinator's card about a year's plan short of network meetings. */
export const PLAN_VIEW = 'meeting-plan';

const DAY_MS = 86_400_000;
/** How long ahead a meeting on a day to avoid is flagged. */
export const HOLIDAY_NOTICE_DAYS = 31;

/** Whether the meeting was flagged since it was last moved (a move onto another such day flags again). */
function flaggedSinceMoved(item: MeetingOccurrence | undefined): boolean {
  if (!item) return false;
  for (let i = item.history.length - 1; i >= 0; i--) {
    const action = item.history[i]?.action;
    if (action === 'holiday-flag') return true;
    if (action === 'move') return false;
  }
  return false;
}

export async function runHolidayFlags(ctx: AppContext, uow: UnitOfWork): Promise<TaskRun> {
  const meetings = meetingsIn(uow);
  const nowMs = ctx.now().getTime();
  const at = ctx.now().toISOString();
  const windowEnd = nowMs + HOLIDAY_NOTICE_DAYS * DAY_MS;
  let count = 0;
  let nextAtMs: number | undefined;
  for (const series of await meetings.activeSeries()) {
    for (const o of occurrencesBetween(series.schedule, nowMs, windowEnd + 45 * DAY_MS)) {
      if (o.state === 'cancelled' || !dateConflict(o.date)) continue;
      const flagAtMs = o.startMs - HOLIDAY_NOTICE_DAYS * DAY_MS;
      if (flagAtMs > nowMs) {
        if (nextAtMs === undefined || flagAtMs < nextAtMs) nextAtMs = flagAtMs;
        continue;
      }
      const found = await meetings.getOccurrence(series.id, o.id);
      if (flaggedSinceMoved(found)) continue;
      const item: MeetingOccurrence = found
        ? { ...found, start: o.start, updatedAt: at }
        : newOccurrenceItem(series, o.id, o.start, at);
      item.history = [
        ...item.history,
        historyEntry<MeetingOccurrence>({ action: 'holiday-flag' }, SYSTEM_ACTOR, at),
      ];
      await publish(ctx, uow, item, [
        { to: { kind: 'person', aadObjectId: series.organiser }, view: HOLIDAY_VIEW, banner: 'holiday' },
      ]);
      await meetings.putOccurrence(item);
      count++;
    }
  }
  return { count, ...(nextAtMs === undefined ? {} : { nextAtMs }) };
}

/** Who is told about a short plan: the UDI coordinator(s), or AUA's deputies when there is none. */
export function planRecipients(roster: Roster): string[] {
  const coordinators = roster.people.filter((p) => isUdiCoordinator(p));
  const told = coordinators.length > 0 ? coordinators : roster.people.filter((p) => isDeputyOf(p, 'AUA'));
  return told.map((p) => p.aadObjectId);
}

const lastCheck = (series: MeetingSeries, year: number) =>
  series.history.findLast((e) => e.action === 'plan-check' && e.year === year) as
    | { count: number }
    | undefined;

/**
 * Checks `year`'s plan for four network meetings and records the check on `on` (a series of the
 * plan). When short, and not already said for the same count (unless `force`), the UDI coordinator
 * gets a card, except `skip` (the person who made the change, who sees it on the card answering
 * them). Returns the count, and whether it is short.
 */
export async function checkPlan(
  ctx: AppContext,
  uow: UnitOfWork,
  on: MeetingSeries,
  year: number,
  options: { skip?: string; force?: boolean } = {},
): Promise<{ count: number; short: boolean }> {
  const meetings = meetingsIn(uow);
  const count = await networkMeetingsPlanned(uow, year);
  const short = shortOfNetworkMeetings(count);
  const current = (await meetings.getSeries(on.id)) ?? on;
  if (!options.force && lastCheck(current, year)?.count === count) return { count, short };
  const at = ctx.now().toISOString();
  const next: MeetingSeries = {
    ...current,
    history: [
      ...current.history,
      historyEntry<MeetingSeries>({ action: 'plan-check', year, count }, SYSTEM_ACTOR, at),
    ],
  };
  if (short) {
    const roster = await loadRoster(ctx, uow);
    await publish(
      ctx,
      uow,
      next,
      planRecipients(roster)
        .filter((id) => id !== options.skip)
        .map((aadObjectId) => ({
          to: { kind: 'person' as const, aadObjectId },
          view: PLAN_VIEW,
          banner: `plan:${year}:${count}`,
        })),
    );
  }
  await meetings.putSeries(next);
  return { count, short };
}

/** 1 October in Oslo of `year`, as an instant (midnight Oslo time, UTC+2 in October). */
const octoberFirstMs = (year: number) => Date.UTC(year, 9, 1) - 2 * 3_600_000;

/**
 * On 1 October: this year's plan checked once more (the UDI coordinator told if it is short, even
 * if that was said before). Once a year: a check of this year recorded on or after 1 October counts.
 */
export async function runPlanCheck(ctx: AppContext, uow: UnitOfWork): Promise<TaskRun> {
  const nowMs = ctx.now().getTime();
  const year = new Date(nowMs + 2 * 3_600_000).getUTCFullYear();
  const dueMs = octoberFirstMs(year);
  if (nowMs < dueMs) return { count: 0, ...(dueMs - nowMs <= 45 * DAY_MS ? { nextAtMs: dueMs } : {}) };
  const since = new Date(dueMs).toISOString();
  const active = await meetingsIn(uow).activeSeries();
  const done = active.some((s) =>
    s.history.some((e) => e.action === 'plan-check' && e.year === year && e.at >= since),
  );
  const on = active.find((s) => s.meetingKind === 'network') ?? active[0];
  if (done || !on) return { count: 0 };
  const { short } = await checkPlan(ctx, uow, on, year, { force: true });
  return { count: short ? 1 : 0 };
}
