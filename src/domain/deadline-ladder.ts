/**
 * A deadline ladder: what happens around the due date of any tracked item (a guidance request today;
 * meetings, agenda items, check-ins and yearly rounds later). Each step is one message to one audience:
 * remind the assignee before the due date, tell the department coordinator once it has passed, escalate
 * to the UDI coordinator some working days later.
 *
 * Pure: no I/O, no clock ("today" is an Oslo calendar date, an argument). The caller runs it on a
 * schedule, sends what is due and records each step it sent in `done`, so a missed run is caught up on
 * the next one and nothing goes twice. A new deadline clears `done`.
 *
 * When a step is due (working days as in working-days.ts: Monday to Friday, not a Norwegian public
 * holiday):
 * - `{ workingDaysBefore: n }`: on any day up to and including the due date on which at most `n` working
 *   days are left, counting the days after today up to and including the due date. With n = 1 and a
 *   Friday due date: from Thursday; with a Monday due date: from the Friday before (the weekend is
 *   free). n = 0: on the due date itself (or, for a due date that is not a working day, from the last
 *   working day before it). Never after the due date: a late first run skips it.
 * - `{ workingDaysAfter: n }`: from the first day after the due date on which at least `n` working days
 *   have passed since it (the due date excluded, today included). n = 0: the calendar day after the due
 *   date, a Saturday too; n = 2 and a Friday due date: from Tuesday.
 */
import type { Department, Person } from './roster.js';
import { type IsoDate, workingDaysBetween } from './working-days.js';

/** Who a step's message is for. */
export type LadderAudience = 'assignee' | 'department-coordinator' | 'udi-coordinator';

/** When a step falls due, in working days relative to the due date. */
export type LadderTiming = { workingDaysBefore: number } | { workingDaysAfter: number };

export interface LadderStep<Name extends string> {
  /** Names the step in `done` (and, for the caller, the message it sends). Unique in a ladder. */
  name: Name;
  at: LadderTiming;
  audience: LadderAudience;
}

export interface DeadlineLadder<Name extends string> {
  /** In the order their names are returned by `dueLadderSteps`. */
  steps: readonly LadderStep<Name>[];
}

/** Where an item stands on its ladder. */
export interface LadderState<Name extends string> {
  /** The due date (Oslo calendar date). */
  due: IsoDate;
  /** Whether the clock runs: false while the item waits for someone else, or once it is finished. */
  running: boolean;
  /** Steps already sent for this due date (when, as the caller records it): a non-empty value means done. */
  done: Readonly<Partial<Record<Name, string>>>;
}

/**
 * A ladder, checked: step names are unique and every offset is a whole number of working days, 0 or
 * more. Throws a RangeError otherwise. The result is frozen.
 */
export function deadlineLadder<Name extends string>(
  steps: readonly LadderStep<Name>[],
): DeadlineLadder<Name> {
  const seen = new Set<string>();
  for (const step of steps) {
    if (seen.has(step.name)) throw new RangeError(`Ladder step ${JSON.stringify(step.name)} appears twice`);
    seen.add(step.name);
    const n = 'workingDaysBefore' in step.at ? step.at.workingDaysBefore : step.at.workingDaysAfter;
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(
        `Ladder step ${JSON.stringify(step.name)}: working days must be a non-negative integer, got ${n}`,
      );
    }
  }
  return Object.freeze({
    steps: Object.freeze(
      steps.map((s) => Object.freeze({ name: s.name, at: { ...s.at }, audience: s.audience })),
    ),
  });
}

/**
 * The steps due `today` that are not done yet, in ladder order: none while the clock is stopped. Steps
 * whose time came while no run happened (or while the clock was stopped) are due at the next run, except
 * a "before" step once the due date has passed. While the clock runs, throws a RangeError for a malformed
 * date.
 */
export function dueLadderSteps<Name extends string>(
  ladder: DeadlineLadder<Name>,
  item: LadderState<Name>,
  today: IsoDate,
): Name[] {
  if (!item.running) return [];
  // Working days after today up to and including the due date; once it has passed, minus the working
  // days after the due date up to and including today.
  const left = workingDaysBetween(today, item.due);
  const result: Name[] = [];
  for (const step of ladder.steps) {
    if (item.done[step.name]) continue;
    const isDue =
      'workingDaysBefore' in step.at
        ? today <= item.due && left <= step.at.workingDaysBefore
        : today > item.due && -left >= step.at.workingDaysAfter;
    if (isDue) result.push(step.name);
  }
  return result;
}

export interface LadderPeople {
  /** AAD object id of the person the item is assigned to. */
  assignee: string;
  /** Everyone who could be told (the roster). */
  people: readonly Person[];
  /** AAD object ids never to tell (besides the rules below), e.g. the person who just acted. */
  exclude?: readonly string[];
}

/**
 * AAD object ids of the people a step for `audience` goes to, in roster order:
 * - assignee: the assignee (even when away: it is their item);
 * - department-coordinator: the coordinators (not deputies) of the assignee's departments other than
 *   AUA, taken from every network role the assignee holds, who are not away and are not the assignee;
 *   nobody if the assignee is not on the roster or belongs only to AUA;
 * - udi-coordinator: AUA's coordinators who are not away and are not the assignee.
 * Nobody in `exclude` is returned.
 */
export function ladderRecipients(audience: LadderAudience, to: LadderPeople): string[] {
  const excluded = (id: string) => to.exclude?.includes(id) ?? false;
  if (audience === 'assignee') return excluded(to.assignee) ? [] : [to.assignee];
  const departments: readonly Department[] =
    audience === 'udi-coordinator'
      ? ['AUA']
      : (to.people
          .find((p) => p.aadObjectId === to.assignee)
          ?.roles.flatMap((r) => (r.kind === 'admin' || r.department === 'AUA' ? [] : [r.department])) ?? []);
  return to.people
    .filter(
      (p) =>
        p.aadObjectId !== to.assignee &&
        !p.away &&
        !excluded(p.aadObjectId) &&
        p.roles.some((r) => r.kind === 'coordinator' && departments.includes(r.department)),
    )
    .map((p) => p.aadObjectId);
}
