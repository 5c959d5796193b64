/**
 * Recurring meetings in Europe/Oslo time: what people say ("every month on the second Tuesday",
 * "every week on Thursday", "every third month", "on these dates"), the RFC 5545 rule it stands for,
 * and the occurrences it gives, with one occurrence cancelled or moved.
 *
 * A meeting at 09:00 stays at 09:00 Oslo time across both daylight-saving changes: occurrences are
 * worked out as local date-times in Europe/Oslo (with `rrule-temporal` on `temporal-polyfill`, which
 * do not depend on the process's `TZ`) and only then turned into instants.
 *
 * Pure: no clock (every instant comes in as an argument), no I/O.
 */
import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import type { IsoDate } from './working-days.js';

export const MEETING_TIME_ZONE = 'Europe/Oslo';

/** Weekdays a meeting can fall on, as RFC 5545 writes them. */
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Which weekday of the month: the first to the fourth, or the last (-1). */
export const NTHS = [1, 2, 3, 4, -1] as const;
export type Nth = (typeof NTHS)[number];

/** What people say, as the form offers it. */
export type Recurrence =
  /** Every `everyMonths` month(s) on the `nth` `weekday` ("every third month on the second Tuesday"). */
  | { kind: 'monthly'; nth: Nth; weekday: Weekday; everyMonths: number }
  /** Every `everyWeeks` week(s) on `weekday` ("every week on Thursday", "every other week"). */
  | { kind: 'weekly'; weekday: Weekday; everyWeeks: number }
  /** On these dates, at the series' time. */
  | { kind: 'dates'; dates: IsoDate[] };

/** A local time of day in Oslo, 'HH:MM' (24-hour clock). */
export type LocalTime = string;

/** One occurrence cancelled, or moved to another date and time (keyed by its original date). */
export type OccurrenceException = { cancelled: true } | { movedTo: { date: IsoDate; time: LocalTime } };

/** When a series meets. */
export interface Schedule {
  recurrence: Recurrence;
  /** No occurrence before this date. */
  from: IsoDate;
  /** No occurrence after this date (inclusive); open-ended when absent. */
  until?: IsoDate;
  /** Start time, Oslo time. */
  time: LocalTime;
  durationMinutes: number;
  /** By the original date of the occurrence. */
  exceptions?: Readonly<Record<IsoDate, OccurrenceException>>;
}

/** One meeting of a series. */
export interface Occurrence {
  /** The original date of the occurrence, Oslo time: its id within the series (moved or not). */
  id: IsoDate;
  state: 'scheduled' | 'moved' | 'cancelled';
  /** Start and end as instants (ISO 8601 with offset, e.g. 2026-03-10T09:00:00+01:00). */
  start: string;
  end: string;
  /** Start as epoch milliseconds (for comparisons). */
  startMs: number;
  /** The local date and time it takes place (after a move). */
  date: IsoDate;
  time: LocalTime;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const MAX_EVERY = 12;
/** The most occurrences one call works out (a rule with no end, asked for a long window). */
const MAX_OCCURRENCES = 2000;

/** Problems with a schedule as readable keys (empty when it is sound); see the meetings catalog. */
export function scheduleProblems(schedule: Schedule): string[] {
  const problems: string[] = [];
  const { recurrence } = schedule;
  if (!isIsoDate(schedule.from)) problems.push('from');
  if (schedule.until !== undefined && (!isIsoDate(schedule.until) || schedule.until < schedule.from))
    problems.push('until');
  if (!LOCAL_TIME.test(schedule.time)) problems.push('time');
  if (
    !Number.isInteger(schedule.durationMinutes) ||
    schedule.durationMinutes < 5 ||
    schedule.durationMinutes > 8 * 60
  )
    problems.push('duration');
  if (recurrence.kind === 'monthly') {
    if (!NTHS.includes(recurrence.nth) || !WEEKDAYS.includes(recurrence.weekday)) problems.push('rule');
    if (!isEvery(recurrence.everyMonths)) problems.push('every');
  } else if (recurrence.kind === 'weekly') {
    if (!WEEKDAYS.includes(recurrence.weekday)) problems.push('rule');
    if (!isEvery(recurrence.everyWeeks)) problems.push('every');
  } else if (
    recurrence.dates.length === 0 ||
    recurrence.dates.length > 100 ||
    !recurrence.dates.every(isIsoDate) ||
    new Set(recurrence.dates).size !== recurrence.dates.length
  ) {
    problems.push('dates');
  }
  for (const [date, exception] of Object.entries(schedule.exceptions ?? {})) {
    if (!isIsoDate(date)) problems.push('exception');
    else if (
      'movedTo' in exception &&
      (!isIsoDate(exception.movedTo.date) || !LOCAL_TIME.test(exception.movedTo.time))
    )
      problems.push('exception');
  }
  return [...new Set(problems)];
}

const isEvery = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= MAX_EVERY;

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  try {
    return Temporal.PlainDate.from(value, { overflow: 'reject' }).toString() === value;
  } catch {
    return false;
  }
}

/** The instant a local Oslo date and time stands for (a time in the spring gap moves forward). */
export function osloDateTime(date: IsoDate, time: LocalTime): Temporal.ZonedDateTime {
  return Temporal.PlainDateTime.from(`${date}T${time}`).toZonedDateTime(MEETING_TIME_ZONE, {
    disambiguation: 'compatible',
  });
}

/** The ISO 8601 text of an instant with its Oslo offset, without the zone annotation. */
function instantText(z: Temporal.ZonedDateTime): string {
  return z.toString({ timeZoneName: 'never', smallestUnit: 'second' });
}

function rruleOf(recurrence: Exclude<Recurrence, { kind: 'dates' }>): string {
  return recurrence.kind === 'monthly'
    ? `FREQ=MONTHLY${recurrence.everyMonths > 1 ? `;INTERVAL=${recurrence.everyMonths}` : ''};BYDAY=${recurrence.nth}${recurrence.weekday}`
    : `FREQ=WEEKLY${recurrence.everyWeeks > 1 ? `;INTERVAL=${recurrence.everyWeeks}` : ''};BYDAY=${recurrence.weekday}`;
}

/**
 * The RFC 5545 rule of a schedule: DTSTART (its first occurrence, Oslo time), RRULE (with UNTIL in
 * UTC when the series ends), or RDATEs for a list of dates. Exceptions are not in it (the calendar
 * file writes them as EXDATEs and overriding events).
 */
export function rruleText(schedule: Schedule): string {
  const { first, rrule } = recurrenceRule(schedule);
  const dtstart = `DTSTART;TZID=${MEETING_TIME_ZONE}:${icsLocal(first ?? osloDateTime(schedule.from, schedule.time))}`;
  if (schedule.recurrence.kind === 'dates') {
    const dates = [...schedule.recurrence.dates].sort().map((d) => icsLocal(osloDateTime(d, schedule.time)));
    return `${dtstart}\nRDATE;TZID=${MEETING_TIME_ZONE}:${dates.join(',')}`;
  }
  return `${dtstart}\nRRULE:${rrule}`;
}

/**
 * The parts of a schedule's rule: the start of its first occurrence (undefined when it has none)
 * and, unless it is a list of dates, the RRULE value (with UNTIL in UTC when the series ends).
 */
export function recurrenceRule(schedule: Schedule): { first?: Temporal.ZonedDateTime; rrule?: string } {
  const firstDate = originalDates(schedule, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, 1)[0];
  const first = firstDate === undefined ? undefined : osloDateTime(firstDate, schedule.time);
  if (schedule.recurrence.kind === 'dates') return first ? { first } : {};
  const until = schedule.until ? `;UNTIL=${icsUtc(untilOf(schedule.until))}` : '';
  const rrule = `${rruleOf(schedule.recurrence)}${until}`;
  return first ? { first, rrule } : { rrule };
}

/** An Oslo date-time as RFC 5545 writes it beside TZID: 20260113T090000. */
export function icsLocal(z: Temporal.ZonedDateTime): string {
  return z.toPlainDateTime().toString({ smallestUnit: 'second' }).replace(/[-:]/g, '');
}

function icsUtc(z: Temporal.ZonedDateTime): string {
  return `${z.toInstant().toString({ smallestUnit: 'second' }).replace(/[-:]/g, '').replace(/Z$/, '')}Z`;
}

/** The last instant of `date` in Oslo. */
function untilOf(date: IsoDate): Temporal.ZonedDateTime {
  return Temporal.PlainDate.from(date)
    .add({ days: 1 })
    .toZonedDateTime({ timeZone: MEETING_TIME_ZONE })
    .subtract({ nanoseconds: 1 });
}

/**
 * The original dates of a schedule's occurrences (before exceptions) that start within
 * [fromMs, toMs], at most `limit`, in order.
 */
function originalDates(schedule: Schedule, fromMs: number, toMs: number, limit = MAX_OCCURRENCES): IsoDate[] {
  const { recurrence } = schedule;
  const inRange = (d: IsoDate): boolean =>
    d >= schedule.from && (schedule.until === undefined || d <= schedule.until);
  if (recurrence.kind === 'dates') {
    return [...recurrence.dates]
      .filter(inRange)
      .sort()
      .filter((d) => {
        const ms = osloDateTime(d, schedule.time).epochMilliseconds;
        return ms >= fromMs && ms <= toMs;
      })
      .slice(0, limit);
  }
  const rule = new RRuleTemporal({
    rruleString: rruleOf(recurrence),
    dtstart: osloDateTime(schedule.from, schedule.time),
    ...(schedule.until ? { until: untilOf(schedule.until) } : {}),
    temporal: Temporal,
  });
  const fromDate = new Date(Math.max(fromMs, osloDateTime(schedule.from, '00:00').epochMilliseconds));
  const dates: IsoDate[] = [];
  if (Number.isFinite(toMs)) {
    if (toMs < fromDate.getTime()) return dates;
    for (const z of rule.between(fromDate, new Date(toMs), true)) {
      if (dates.length >= limit) break;
      dates.push(z.toPlainDate().toString());
    }
    return dates;
  }
  let cursor: Temporal.ZonedDateTime | null = rule.next(fromDate, true);
  while (cursor && dates.length < limit) {
    dates.push(cursor.toPlainDate().toString());
    cursor = rule.next(new Date(cursor.epochMilliseconds), false);
  }
  return dates;
}

/** Whether `date` is an original date of the schedule (one that can be cancelled or moved). */
export function isOriginalDate(schedule: Schedule, date: IsoDate): boolean {
  if (!isIsoDate(date)) return false;
  const start = osloDateTime(date, '00:00').epochMilliseconds;
  const end = osloDateTime(date, '23:59').epochMilliseconds;
  return originalDates(schedule, start, end + 60_000, 1)[0] === date;
}

/** The occurrence with original date `id` (its exception applied); `id` must be an original date. */
export function occurrenceOf(schedule: Schedule, id: IsoDate): Occurrence {
  const exception = schedule.exceptions?.[id];
  const moved = exception && 'movedTo' in exception ? exception.movedTo : undefined;
  const date = moved?.date ?? id;
  const time = moved?.time ?? schedule.time;
  const start = osloDateTime(date, time);
  const end = start.add({ minutes: schedule.durationMinutes });
  return {
    id,
    state: exception && 'cancelled' in exception ? 'cancelled' : moved ? 'moved' : 'scheduled',
    start: instantText(start),
    end: instantText(end),
    startMs: start.epochMilliseconds,
    date,
    time,
  };
}

/**
 * The occurrences that start within [fromMs, toMs], in order of start, cancelled ones included (so
 * a card can say so): originals that were not moved, and moved ones by where they went.
 */
export function occurrencesBetween(schedule: Schedule, fromMs: number, toMs: number): Occurrence[] {
  const exceptions = schedule.exceptions ?? {};
  const result = originalDates(schedule, fromMs, toMs)
    .filter((id) => !(exceptions[id] && 'movedTo' in exceptions[id]))
    .map((id) => occurrenceOf(schedule, id));
  for (const [id, exception] of Object.entries(exceptions)) {
    if (!('movedTo' in exception) || !isOriginalDate(schedule, id)) continue;
    const moved = occurrenceOf(schedule, id);
    if (moved.startMs >= fromMs && moved.startMs <= toMs) result.push(moved);
  }
  return result.sort((a, b) => a.startMs - b.startMs || (a.id < b.id ? -1 : 1));
}

/** The next `n` occurrences that start at or after `afterMs` and are not cancelled (the form's preview). */
export function nextOccurrences(schedule: Schedule, afterMs: number, n: number): Occurrence[] {
  const live = (o: Occurrence): boolean => o.state !== 'cancelled';
  if (schedule.recurrence.kind === 'dates') {
    return occurrencesBetween(schedule, afterMs, Number.MAX_SAFE_INTEGER).filter(live).slice(0, n);
  }
  const found: Occurrence[] = [];
  // Windows of a year at a time: a rule every twelfth month still shows its next dates.
  for (let from = afterMs, round = 0; found.length < n && round < 20; round++) {
    const to = from + 366 * 86_400_000;
    for (const o of occurrencesBetween(schedule, from, to)) {
      if (live(o) && found.length < n) found.push(o);
    }
    if (schedule.until !== undefined && osloDateTime(schedule.until, '23:59').epochMilliseconds < to) break;
    from = to + 1;
  }
  return found;
}

/**
 * The moment `days` calendar days (at the same Oslo wall-clock time) and then `minutes` before an
 * occurrence starts: "the day before" at 09:00 is 09:00 the day before also when the clocks changed
 * in between, and "an hour before" is sixty minutes.
 */
export function momentBefore(occurrence: Occurrence, days: number, minutes: number): number {
  const day =
    days === 0
      ? occurrence.startMs
      : osloDateTime(occurrence.date, occurrence.time).subtract({ days }).epochMilliseconds;
  return day - minutes * 60_000;
}
