/// <reference path="../../node_modules/date-holidays-parser/types/index.d.ts" />
/**
 * Working days in Norway (Europe/Oslo calendar dates), for deadlines such as "answer within 3 working days".
 * Pure: no clock (every instant comes in as an argument); the holidays come from `date-holidays`' rules for
 * Norway, read once from the installed package, computed once per year and cached.
 * A working day is Monday to Friday and not a Norwegian public holiday (helligdag or 1 and 17 May).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import Holidays from 'date-holidays-parser';

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
const EASTER_RULE = 'easter';

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
  return ms + osloOffsetMs(ms);
}

const HOUR_MS = 3_600_000;
/** Oslo's offset from UTC per UTC hour (ms / HOUR_MS), for hours with one offset throughout. */
const hourOffsets = new Map<number, number>();
const MAX_KEPT_HOURS = 4096;

/**
 * Oslo's offset from UTC at an instant. Asking Intl for it (formatToParts) is slow, and the offset
 * changes only at a transition, so it is kept per UTC hour when the hour's first and last millisecond
 * have the same offset (every hour but one that holds a transition, which is never kept).
 */
function osloOffsetMs(ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  const kept = hourOffsets.get(hour);
  if (kept !== undefined) return kept;
  const start = hour * HOUR_MS;
  const first = measuredOffsetMs(start);
  if (measuredOffsetMs(start + HOUR_MS - 1) !== first) return measuredOffsetMs(ms);
  if (hourOffsets.size >= MAX_KEPT_HOURS) hourOffsets.clear();
  hourOffsets.set(hour, first);
  return first;
}

function measuredOffsetMs(ms: number): number {
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
  return wall.getTime() - ms;
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

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Year must be an integer from ${MIN_YEAR} to ${MAX_YEAR}, got ${year}`);
  }
}

/**
 * `date-holidays`' data with Norway's rules only, for `date-holidays-parser`, the engine `date-holidays` is
 * built on. `import Holidays from 'date-holidays'` hands the engine every country's rules, compiled into a
 * module of 0.8 MB that stays in memory for good (its source and its objects, several MiB of the heap);
 * read from the package's JSON copy of the same data (data/holidays.json), the other countries are garbage
 * once Norway's are picked out. The names are kept whole: Norway's rules refer to them (`_name`).
 * test/domain/working-days.test.ts checks the result against `date-holidays` itself.
 */
export function norwayHolidayData(): object {
  const require = createRequire(import.meta.url);
  const file = new URL('data/holidays.json', pathToFileURL(require.resolve('date-holidays/package.json')));
  const all = JSON.parse(readFileSync(file, 'utf8')) as {
    version: string;
    license: string;
    holidays: Record<string, unknown>;
    names: Record<string, unknown>;
  };
  if (!all.holidays.NO) throw new Error(`date-holidays' data (${file.pathname}) has no rules for Norway`);
  return { version: all.version, license: all.license, holidays: { NO: all.holidays.NO }, names: all.names };
}

/**
 * Norway's public holidays come from `date-holidays`' rules (country NO, computed in Europe/Oslo whatever
 * the process's TZ). Only type 'public' counts: the library also knows bank days (Christmas Eve, New Year's
 * Eve afternoon) and observances, which are working days here. `types: ['public']` keeps the others from
 * being computed at all, which makes a year about five times cheaper.
 * The language is fixed per instance: `getHolidays(year, language)` prepends `language` to the instance's
 * own language list (date-holidays-parser 3.4.7), so a call with 'en' would change later answers.
 * Made on first use: the data is read then.
 */
let norwayData: object | undefined;
let norwayInNorwegian: Holidays | undefined;
let norwayInEnglish: Holidays | undefined;

function norway(language: 'no' | 'en'): Holidays {
  norwayData ??= norwayHolidayData();
  if (language === 'en') {
    norwayInEnglish ??= new Holidays(norwayData, 'NO', { types: ['public'], languages: 'en' });
    return norwayInEnglish;
  }
  norwayInNorwegian ??= new Holidays(norwayData, 'NO', { types: ['public'], languages: 'no' });
  return norwayInNorwegian;
}

/** The library's public holidays dated in `year` ('YYYY-MM-DD hh:mm:ss', Oslo time). */
function publicHolidaysOf(holidays: Holidays, year: number) {
  const y = String(year).padStart(4, '0');
  return holidays.getHolidays(year).filter((h) => h.type === 'public' && h.date.slice(0, 4) === y);
}

/**
 * Our names for the library's rules, in the order ties on one date are listed (17 May before Whit Monday
 * when they coincide). The library names some of them differently ('Grunnlovsdagen', 'Pentecost',
 * 'Boxing Day'); these are the names this product has always shown. A public holiday the library adds
 * under a rule not listed here still counts, with the library's own Norwegian and English names.
 */
const OUR_NAMES: ReadonlyMap<string, PublicHoliday['name']> = new Map([
  ['01-01', { nb: 'Første nyttårsdag', en: "New Year's Day" }],
  ['easter -3', { nb: 'Skjærtorsdag', en: 'Maundy Thursday' }],
  ['easter -2', { nb: 'Langfredag', en: 'Good Friday' }],
  [EASTER_RULE, { nb: 'Første påskedag', en: 'Easter Sunday' }],
  ['easter 1', { nb: 'Andre påskedag', en: 'Easter Monday' }],
  ['05-01', { nb: 'Arbeidernes dag (1. mai)', en: 'Labour Day (1 May)' }],
  ['05-17', { nb: 'Grunnlovsdag (17. mai)', en: 'Constitution Day (17 May)' }],
  ['easter 39', { nb: 'Kristi himmelfartsdag', en: 'Ascension Day' }],
  ['easter 49', { nb: 'Første pinsedag', en: 'Whit Sunday' }],
  ['easter 50', { nb: 'Andre pinsedag', en: 'Whit Monday' }],
  ['12-25', { nb: 'Første juledag', en: 'Christmas Day' }],
  ['12-26', { nb: 'Andre juledag', en: "St Stephen's Day" }],
]);
const RULE_ORDER = [...OUR_NAMES.keys()];

interface HolidayYear {
  /** Sorted by date, then in the order of OUR_NAMES. */
  list: readonly PublicHoliday[];
  /** The same dates as day numbers, for the working-day loops. */
  days: ReadonlySet<number>;
  easter: IsoDate | undefined;
}

const yearCache = new Map<number, HolidayYear>();

function holidayYear(year: number): HolidayYear {
  const cached = yearCache.get(year);
  if (cached) return cached;
  checkYear(year);
  const rank = (rule: string): number => {
    const i = RULE_ORDER.indexOf(rule);
    return i === -1 ? RULE_ORDER.length : i;
  };
  const holidays = publicHolidaysOf(norway('no'), year);
  // Only for a rule we have no names for: the library's English names (a second, rare computation).
  const english = holidays.every((h) => OUR_NAMES.has(h.rule))
    ? new Map<string, string>()
    : new Map(publicHolidaysOf(norway('en'), year).map((h) => [h.rule, h.name]));
  const found = holidays
    .map((h) => ({
      date: h.date.slice(0, 10),
      rule: h.rule,
      name: OUR_NAMES.get(h.rule) ?? { nb: h.name, en: english.get(h.rule) ?? h.name },
    }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : rank(a.rule) - rank(b.rule)));
  const entry: HolidayYear = {
    list: found.map((h) => ({ date: h.date, name: h.name })),
    days: new Set(found.map((h) => toDayNumber(h.date))),
    easter: found.find((h) => h.rule === EASTER_RULE)?.date,
  };
  yearCache.set(year, entry);
  return entry;
}

/** Easter Sunday of a Gregorian year (1583–9999), as `date-holidays` computes it. */
export function easterSunday(year: number): IsoDate {
  const { easter } = holidayYear(year);
  if (easter === undefined) throw new Error(`date-holidays lists no Easter Sunday for Norway in ${year}`);
  return easter;
}

/**
 * Norway's public holidays in `year`, sorted by date: 1 January, Maundy Thursday, Good Friday, Easter Sunday,
 * Easter Monday, 1 May, 17 May, Ascension Day, Whit Sunday, Whit Monday, 25 and 26 December.
 * Two holidays may fall on the same date (e.g. Ascension Day on 17 May); both are listed.
 * Throws a RangeError for a year that is not an integer from 1583 to 9999.
 */
export function norwegianPublicHolidays(year: number): PublicHoliday[] {
  return holidayYear(year).list.map((h) => ({ date: h.date, name: { ...h.name } }));
}

function isWorkingDayNumber(day: number): boolean {
  const date = new Date(day * DAY_MS);
  const weekday = date.getUTCDay(); // 0 = Sunday, 6 = Saturday
  if (weekday === 0 || weekday === 6) return false;
  return !holidayYear(date.getUTCFullYear()).days.has(day);
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
