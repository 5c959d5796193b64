/**
 * Dates a meeting should not fall on, what to suggest instead, and the memo's "at least four network
 * meetings a year". Pure: dates and occurrences come in as arguments.
 *
 * A meeting is flagged to its organiser (a month ahead) when it falls on a Norwegian public holiday,
 * in the Easter week (Palm Sunday to Easter Monday: the days before Maundy Thursday are working days,
 * but much of the network is away), or on Christmas Eve or New Year's Eve (not public holidays, and
 * `date-holidays` lists Christmas Eve as a bank holiday only).
 */
import type { Occurrence } from '../../domain/recurrence.js';
import {
  easterSunday,
  type IsoDate,
  isWorkingDay,
  norwegianPublicHolidays,
} from '../../domain/working-days.js';

export type DateConflict =
  | { kind: 'public-holiday'; name: { nb: string; en: string } }
  | { kind: 'easter-week' }
  | { kind: 'christmas-eve' }
  | { kind: 'new-years-eve' };

/** How far from the date a suggestion is looked for, in days each way. */
const SEARCH_DAYS = 14;

function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Why a meeting should not be on `date`, or undefined when the date is fine. */
export function dateConflict(date: IsoDate): DateConflict | undefined {
  const year = Number(date.slice(0, 4));
  const holiday = norwegianPublicHolidays(year).find((h) => h.date === date);
  if (holiday) return { kind: 'public-holiday', name: holiday.name };
  const easter = easterSunday(year);
  if (date >= addDays(easter, -7) && date <= addDays(easter, 1)) return { kind: 'easter-week' };
  const monthDay = date.slice(5);
  if (monthDay === '12-24') return { kind: 'christmas-eve' };
  if (monthDay === '12-31') return { kind: 'new-years-eve' };
  return undefined;
}

/** A working day without a conflict, `date` itself if it is one. */
function isGoodDay(date: IsoDate): boolean {
  return isWorkingDay(date) && dateConflict(date) === undefined;
}

/**
 * The nearest working day to `date` that has no conflict, not among `taken` (the series' other
 * meetings); on a tie the later one, so the agenda deadline before it stays where it was or later.
 * Undefined when there is none within two weeks each way.
 */
export function suggestedDate(date: IsoDate, taken: readonly IsoDate[] = []): IsoDate | undefined {
  for (let distance = 1; distance <= SEARCH_DAYS; distance++) {
    for (const candidate of [addDays(date, distance), addDays(date, -distance)]) {
      if (!taken.includes(candidate) && isGoodDay(candidate)) return candidate;
    }
  }
  return undefined;
}

/** The memo: the whole network meets at least four times a year. */
export const MIN_NETWORK_MEETINGS_A_YEAR = 4;

/**
 * How many network meetings a calendar year's plan holds (occurrences of the network series, not
 * cancelled, whose Oslo date is in `year`), and how many are missing to reach four.
 */
export function networkMeetingsIn(
  year: number,
  occurrences: readonly Occurrence[],
): { count: number; missing: number } {
  const prefix = `${year}-`;
  const count = new Set(
    occurrences
      .filter((o) => o.state !== 'cancelled' && o.date.startsWith(prefix))
      .map((o) => `${o.id}|${o.date}`),
  ).size;
  return { count, missing: Math.max(0, MIN_NETWORK_MEETINGS_A_YEAR - count) };
}
