/**
 * Working days in Norway (Europe/Oslo calendar dates), for deadlines such as "answer within 3 working days".
 * Pure: no I/O, no clock (every instant comes in as an argument), no dependency beyond `Intl`.
 * A working day is Monday to Friday and not a Norwegian public holiday (helligdag or 1 and 17 May).
 */

/** A calendar date in Oslo, 'YYYY-MM-DD'. */
export type IsoDate = string;

/** A Norwegian public holiday with its name in bokmål and English. */
export interface PublicHoliday {
  date: IsoDate;
  name: { nb: string; en: string };
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MIN_YEAR = 1583; // first full year of the Gregorian calendar
const MAX_YEAR = 9999;

const osloParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Oslo',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Days since 1970-01-01 for a valid ISO date; throws a RangeError otherwise. */
function toDayNumber(date: IsoDate): number {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`Not a calendar date (expected YYYY-MM-DD): ${JSON.stringify(date)}`);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(y, m - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) {
    throw new RangeError(`Not a calendar date: ${JSON.stringify(date)}`);
  }
  return ms / DAY_MS;
}

function fromDayNumber(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function toInstant(instant: Date | string): Date {
  const value = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(value.getTime())) throw new RangeError(`Not a valid instant: ${JSON.stringify(instant)}`);
  return value;
}

/** Oslo wall-clock time of an instant, expressed as if it were UTC milliseconds. */
function osloWallClockMs(ms: number): number {
  const parts: Record<string, number> = {};
  for (const p of osloParts.formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const { year, month, day, hour, minute, second } = parts as Record<
    'year' | 'month' | 'day' | 'hour' | 'minute' | 'second',
    number
  >;
  const wall = new Date(0);
  wall.setUTCFullYear(year, month - 1, day);
  wall.setUTCHours(hour, minute, second, ms - Math.floor(ms / 1000) * 1000);
  return wall.getTime();
}

/**
 * The Oslo calendar date of an instant. A string that is already a plain date ('YYYY-MM-DD') is taken as that
 * Oslo date; any other string is parsed as an instant (ISO timestamp). Throws a RangeError for invalid input.
 */
export function osloDate(instant: Date | string): IsoDate {
  if (typeof instant === 'string' && ISO_DATE.test(instant)) {
    toDayNumber(instant);
    return instant;
  }
  const ms = toInstant(instant).getTime();
  return fromDayNumber(Math.floor(osloWallClockMs(ms) / DAY_MS));
}

/** Easter Sunday of a Gregorian year (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  checkYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Year must be an integer from ${MIN_YEAR} to ${MAX_YEAR}, got ${year}`);
  }
}

const holidayCache = new Map<number, readonly PublicHoliday[]>();

/**
 * Norway's public holidays in `year`, sorted by date: 1 January, Maundy Thursday, Good Friday, Easter Sunday,
 * Easter Monday, 1 May, 17 May, Ascension Day, Whit Sunday, Whit Monday, 25 and 26 December.
 * Two holidays may fall on the same date (e.g. Ascension Day on 17 May); both are listed.
 */
export function norwegianPublicHolidays(year: number): PublicHoliday[] {
  return cachedHolidays(year).map((h) => ({ date: h.date, name: { ...h.name } }));
}

function cachedHolidays(year: number): readonly PublicHoliday[] {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const easter = toDayNumber(easterSunday(year));
  const y = String(year).padStart(4, '0');
  const fromEaster = (offset: number, nb: string, en: string): PublicHoliday => ({
    date: fromDayNumber(easter + offset),
    name: { nb, en },
  });
  const fixed = (monthDay: string, nb: string, en: string): PublicHoliday => ({
    date: `${y}-${monthDay}`,
    name: { nb, en },
  });
  const list: PublicHoliday[] = [
    fixed('01-01', 'Første nyttårsdag', "New Year's Day"),
    fromEaster(-3, 'Skjærtorsdag', 'Maundy Thursday'),
    fromEaster(-2, 'Langfredag', 'Good Friday'),
    fromEaster(0, 'Første påskedag', 'Easter Sunday'),
    fromEaster(1, 'Andre påskedag', 'Easter Monday'),
    fixed('05-01', 'Arbeidernes dag (1. mai)', 'Labour Day (1 May)'),
    fixed('05-17', 'Grunnlovsdag (17. mai)', 'Constitution Day (17 May)'),
    fromEaster(39, 'Kristi himmelfartsdag', 'Ascension Day'),
    fromEaster(49, 'Første pinsedag', 'Whit Sunday'),
    fromEaster(50, 'Andre pinsedag', 'Whit Monday'),
    fixed('12-25', 'Første juledag', 'Christmas Day'),
    fixed('12-26', 'Andre juledag', "St Stephen's Day"),
  ];
  list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  holidayCache.set(year, list);
  return list;
}

function isWorkingDayNumber(day: number): boolean {
  const weekday = new Date(day * DAY_MS).getUTCDay(); // 0 = Sunday, 6 = Saturday
  if (weekday === 0 || weekday === 6) return false;
  const date = fromDayNumber(day);
  return !cachedHolidays(Number(date.slice(0, 4))).some((h) => h.date === date);
}

/** True for Monday to Friday when the date is not a Norwegian public holiday. Throws a RangeError for a bad date. */
export function isWorkingDay(date: IsoDate): boolean {
  return isWorkingDayNumber(toDayNumber(date));
}

/**
 * The date `n` working days after the Oslo date of `from` (n >= 0; n = 0 → the same date if working, else the
 * next working day). From a Saturday, n = 1 is the following Monday (if that is a working day).
 * Throws a RangeError when `n` is not a non-negative integer or `from` is invalid.
 */
export function addWorkingDays(from: Date | string, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  let day = toDayNumber(osloDate(from));
  if (n === 0) {
    while (!isWorkingDayNumber(day)) day += 1;
    return fromDayNumber(day);
  }
  let left = n;
  while (left > 0) {
    day += 1;
    if (isWorkingDayNumber(day)) left -= 1;
  }
  return fromDayNumber(day);
}

/**
 * Whole working days from `from` (exclusive) to `to` (inclusive); negative if `to` is before `from`
 * (then minus the working days from `to` exclusive to `from` inclusive). Zero when the dates are equal.
 */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  const start = toDayNumber(from);
  const end = toDayNumber(to);
  if (end < start) return -workingDaysBetween(to, from);
  let count = 0;
  for (let day = start + 1; day <= end; day += 1) {
    if (isWorkingDayNumber(day)) count += 1;
  }
  return count;
}

/** The end of an Oslo calendar date as an instant (23:59:59.999 Oslo time, DST-correct), for deadlines. */
export function endOfOsloDay(date: IsoDate): Date {
  const nextMidnightWall = (toDayNumber(date) + 1) * DAY_MS;
  // Oslo's offset at the instant; midnight is never inside a DST gap (Oslo switches at 02:00/03:00).
  const offsetAt = (ms: number): number => osloWallClockMs(ms) - ms;
  const guess = nextMidnightWall - offsetAt(nextMidnightWall);
  const nextMidnight = nextMidnightWall - offsetAt(guess);
  return new Date(nextMidnight - 1);
}
