/** Dates and durations in the person's language, always in Europe/Oslo (the network's time). */
import type { Lang, Strings } from './strings.js';

const ZONE = 'Europe/Oslo';
const LOCALES: Record<Lang, string> = { nb: 'nb-NO', en: 'en-GB' };

function parse(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "tor. 4. des. 2026, 14:00" / "Thu 4 Dec 2026, 14:00". */
export function formatDateTime(lang: Lang, iso: string): string {
  const d = parse(iso);
  if (!d) return iso;
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone: ZONE,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);
}

/**
 * A deadline: a whole day's deadline (the end of the day in Oslo, as guidance and follow-up actions
 * have them) as its day, "ons. 25. nov. 2026"; any other (a meeting's start) with its time.
 */
export function formatDeadline(lang: Lang, iso: string): string {
  const d = parse(iso);
  if (!d) return iso;
  if (formatTime(lang, iso) !== '23:59') return formatDateTime(lang, iso);
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone: ZONE,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(d);
}

/** "4. des. 2026" / "4 Dec 2026". */
export function formatDate(lang: Lang, iso: string): string {
  const d = parse(iso);
  if (!d) return iso;
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone: ZONE,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(d);
}

/** "14:00–15:30". */
export function formatTime(lang: Lang, iso: string): string {
  const d = parse(iso);
  if (!d) return iso;
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone: ZONE,
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);
}

/** How long since `sinceIso`, at `nowIso`: whole days, else hours, else minutes (at least 1). */
export function formatDuration(s: Strings, sinceIso: string, nowIso: string): string {
  const since = parse(sinceIso);
  const now = parse(nowIso);
  if (!since || !now) return '';
  const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  if (minutes >= 24 * 60) return s.duration.days(Math.floor(minutes / (24 * 60)));
  if (minutes >= 60) return s.duration.hours(Math.floor(minutes / 60));
  return s.duration.minutes(Math.max(1, minutes));
}
