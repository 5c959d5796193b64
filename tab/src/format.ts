/** Dates and durations in the person's language, always in Europe/Oslo (the network's time). */
import type { Lang, Strings } from './strings.js';

const ZONE = 'Europe/Oslo';
const LOCALES: Record<Lang, string> = { nb: 'nb-NO', en: 'en-GB' };

const DAY: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
const WEEKDAY: Intl.DateTimeFormatOptions = { weekday: 'short', ...DAY };
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };

/** `iso` formatted in Oslo time with `options`, or as it came when it is not a date. */
function format(lang: Lang, iso: string, options: Intl.DateTimeFormatOptions): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(LOCALES[lang], { timeZone: ZONE, ...options }).format(d);
}

/** "tor. 4. des. 2026, 14:00" / "Thu 4 Dec 2026, 14:00". */
export function formatDateTime(lang: Lang, iso: string): string {
  return format(lang, iso, { ...WEEKDAY, ...TIME });
}

/**
 * A deadline: a whole day's deadline (the end of the day in Oslo, as guidance and follow-up actions
 * have them) as its day, "ons. 25. nov. 2026"; any other (a meeting's start) with its time.
 */
export function formatDeadline(lang: Lang, iso: string): string {
  return formatTime(lang, iso) === '23:59' ? format(lang, iso, WEEKDAY) : formatDateTime(lang, iso);
}

/** "4. des. 2026" / "4 Dec 2026". */
export function formatDate(lang: Lang, iso: string): string {
  return format(lang, iso, DAY);
}

/** "14:00". */
export function formatTime(lang: Lang, iso: string): string {
  return format(lang, iso, TIME);
}

/** How long since `sinceIso`, at `nowIso`: whole days, else hours, else minutes (at least 1). */
export function formatDuration(s: Strings, sinceIso: string, nowIso: string): string {
  const since = new Date(sinceIso).getTime();
  const now = new Date(nowIso).getTime();
  if (Number.isNaN(since) || Number.isNaN(now)) return '';
  const minutes = Math.max(0, Math.floor((now - since) / 60_000));
  if (minutes >= 24 * 60) return s.duration.days(Math.floor(minutes / (24 * 60)));
  if (minutes >= 60) return s.duration.hours(Math.floor(minutes / 60));
  return s.duration.minutes(Math.max(1, minutes));
}
