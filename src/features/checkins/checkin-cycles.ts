/**
 * The check-in cycles of RMA's regional video meetings (IM 2018-002: RMA's coordinator follows up the
 * contact persons at every regional office in regular video meetings, and they tell the coordinator
 * about principled questions, challenges and trends). Each meeting of an active `rma-regional` series
 * that is not cancelled has one cycle: it opens at 08:00 Oslo time `offsetWorkingDays` Norwegian
 * working days before the day the meeting takes place, is nudged two working days before it, and is
 * due at the meeting's start. After downtime a cycle whose opening passed is opened late if its
 * meeting has not begun, and skipped otherwise (nobody checks in for a meeting that began). Which
 * regions take part comes from the units: the regional offices that are not retired, each with the
 * contact persons the roster gives it.
 *
 * Pure: a function of the time, the meetings and what was opened, like the agenda's deadlines.
 */
import { Temporal } from 'temporal-polyfill';
import { osloDateTime } from '../../domain/recurrence.js';
import type { Person, Unit } from '../../domain/roster.js';
import {
  historyEntry,
  newItemFields,
  SYSTEM_ACTOR,
  type TrackedItem,
  transition,
  type UnknownEvent,
} from '../../domain/tracked-item.js';
import { type IsoDate, isWorkingDay } from '../../domain/working-days.js';

/** The hour (Oslo) at which a cycle opens, and its open check-ins are nudged. */
export const CHECKIN_OPEN_TIME = '08:00';
/** Working days before the meeting that an unanswered check-in is nudged (once). */
export const NUDGE_WORKING_DAYS = 2;

/** One meeting of an RMA regional series, as a cycle refers to it. */
export interface CycleRef {
  seriesId: string;
  /** The meeting's original date in its series (its id there). */
  occurrence: IsoDate;
}

/** A meeting a cycle belongs to, as the caller found it in the store. */
export interface CycleMeeting extends CycleRef {
  /** Where it takes place now (moved or not). */
  date: IsoDate;
  startMs: number;
}

/**
 * The cycle's id: series and the meeting's original date, under a prefix of its own (the meeting's
 * tracked item has the pair as its id, and the outbox keys notifications by item id).
 */
export const cycleId = (ref: CycleRef): string => `checkin-cycle.${ref.seriesId}.${ref.occurrence}`;

/** The date `n` working days before `date` (n ≥ 1; `date` itself is not counted). */
export function workingDaysBefore(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  let day = Temporal.PlainDate.from(date);
  let left = n;
  while (left > 0) {
    day = day.subtract({ days: 1 });
    if (isWorkingDay(day.toString())) left -= 1;
  }
  return day.toString();
}

/** When a meeting's cycle opens: 08:00 Oslo, `offsetWorkingDays` working days before its date. */
export function cycleOpening(
  m: Pick<CycleMeeting, 'date'>,
  offsetWorkingDays: number,
): {
  date: IsoDate;
  atMs: number;
} {
  const date = workingDaysBefore(m.date, offsetWorkingDays);
  return { date, atMs: osloDateTime(date, CHECKIN_OPEN_TIME).epochMilliseconds };
}

/** When an unanswered check-in of the meeting is nudged: 08:00 Oslo, two working days before it. */
export function nudgeMoment(m: Pick<CycleMeeting, 'date'>): number {
  return osloDateTime(workingDaysBefore(m.date, NUDGE_WORKING_DAYS), CHECKIN_OPEN_TIME).epochMilliseconds;
}

export interface CyclePlan<M extends CycleMeeting = CycleMeeting> {
  /** To open now, earliest meeting first. */
  due: M[];
  /** Whose opening passed after their meeting began: not opened. */
  skipped: M[];
  /** The next moment a cycle opens, if any. */
  nextAtMs?: number;
}

/**
 * The cycles to open at `nowMs`: those whose opening has come, not opened yet (`opened` asks by
 * cycle id), whose meeting has not begun; the others whose opening passed are skipped.
 */
export function cyclesDue<M extends CycleMeeting>(
  nowMs: number,
  meetings: readonly M[],
  opened: (cycleId: string) => boolean,
  offsetWorkingDays: number,
): CyclePlan<M> {
  const due: M[] = [];
  const skipped: M[] = [];
  let nextAtMs: number | undefined;
  for (const m of meetings) {
    const { atMs } = cycleOpening(m, offsetWorkingDays);
    if (atMs > nowMs) {
      if (nextAtMs === undefined || atMs < nextAtMs) nextAtMs = atMs;
      continue;
    }
    if (opened(cycleId(m))) continue;
    (nowMs >= m.startMs ? skipped : due).push(m);
  }
  const byStart = (a: M, b: M) => a.startMs - b.startMs;
  return {
    due: due.sort(byStart),
    skipped: skipped.sort(byStart),
    ...(nextAtMs === undefined ? {} : { nextAtMs }),
  };
}

/** The regions that check in: the regional offices that are not retired, in the units' order. */
export function regionsOf(units: readonly Unit[]): Unit[] {
  return units.filter((u) => u.kind === 'regionalOffice' && !u.retired);
}

/** Whether `person` is a contact person of the region `unitId`. */
export function isContactOf(person: Person | undefined, unitId: string): boolean {
  return !!person?.roles.some((r) => r.kind === 'contact' && r.unitId === unitId);
}

/** A region's contact persons (people with a contact role on its unit), in the roster's order. */
export function contactsOf(people: readonly Person[], unitId: string): Person[] {
  return people.filter((p) => isContactOf(p, unitId));
}

// ---- the cycle as an item ------------------------------------------------------------------------

export const CYCLE_STATES = ['open', 'closed'] as const;
export type CycleState = (typeof CYCLE_STATES)[number];

export type CycleEvent =
  | { action: 'open'; late: boolean }
  /** Regions without a contact person, told to RMA's coordinator when the cycle opened. */
  | { action: 'flag'; regions: string[] }
  /** The digest sent to RMA's coordinator: every region had answered, or the meeting began. */
  | { action: 'digest'; complete: boolean }
  /** The meeting began: unanswered check-ins missed. */
  | { action: 'close'; missed: number }
  | UnknownEvent;

/**
 * A cycle as a small item of its own (kind `checkin-cycle`): what was done for it, so the jobs never
 * act twice (opened, regions flagged, digest sent, closed), and the digest's cards (its parties).
 */
export interface CheckinCycle extends TrackedItem<'checkin-cycle', CycleState, CycleEvent>, CycleRef {
  /** The meeting's start (ISO with offset), as last seen. */
  due: string;
  /** The regions (unit ids) asked when it opened, in the units' order. */
  regions: string[];
  /** The regions that had no contact person when it opened (flagged once). */
  flagged: string[];
  /** When the digest was sent (once). */
  digestSentAt?: string;
}

export function newCycle(
  meeting: CycleMeeting,
  reference: string,
  regions: readonly string[],
  due: string,
  at: string,
  late: boolean,
): CheckinCycle {
  return {
    id: cycleId(meeting),
    reference,
    kind: 'checkin-cycle',
    state: 'open',
    createdAt: at,
    createdBy: SYSTEM_ACTOR,
    updatedAt: at,
    ...newItemFields(),
    history: [{ ...historyEntry<CheckinCycle>({ action: 'open', late }, SYSTEM_ACTOR, at), to: 'open' }],
    seriesId: meeting.seriesId,
    occurrence: meeting.occurrence,
    due,
    regions: [...regions],
    flagged: [],
  };
}

/** The cycle with the regions without a contact person recorded as flagged. */
export function withFlagged(cycle: CheckinCycle, regions: readonly string[], at: string): CheckinCycle {
  return {
    ...cycle,
    updatedAt: at,
    flagged: [...cycle.flagged, ...regions.filter((r) => !cycle.flagged.includes(r))],
    history: [
      ...cycle.history,
      historyEntry<CheckinCycle>({ action: 'flag', regions: [...regions] }, SYSTEM_ACTOR, at),
    ],
  };
}

/** The cycle with its digest recorded as sent (`complete`: every region had answered). */
export function withDigestSent(cycle: CheckinCycle, complete: boolean, at: string): CheckinCycle {
  return {
    ...cycle,
    updatedAt: at,
    digestSentAt: at,
    history: [...cycle.history, historyEntry<CheckinCycle>({ action: 'digest', complete }, SYSTEM_ACTOR, at)],
  };
}

/** The cycle closed at its meeting's start, with how many check-ins were missed. */
export function closeCycle(cycle: CheckinCycle, missed: number, at: string): CheckinCycle {
  return cycle.state === 'closed'
    ? cycle
    : transition(cycle, 'closed', SYSTEM_ACTOR, { action: 'close', missed }, at);
}
