import { readFileSync } from 'node:fs';
import { cardsFile } from './cards-dir.js';

/** The bot's languages: Norwegian bokmål (the default) and English. */
export const LOCALES = ['nb', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** A message catalog: nested objects whose leaves are non-empty strings. */
export interface Catalog {
  [key: string]: string | Catalog;
}

const catalogs = new Map<Locale, Catalog>();

/**
 * Chooses the bot's language from a Teams activity's `locale` (e.g. "en-US", "nb-NO").
 * English when the client is English; Norwegian bokmål for nb, nn, no and anything else or nothing.
 */
export function pickLocale(activityLocale?: string | null): Locale {
  const value = (activityLocale ?? '').trim().toLowerCase();
  return value === 'en' || value.startsWith('en-') || value.startsWith('en_') ? 'en' : 'nb';
}

/**
 * The whole catalog for a locale (read from cards/i18n/<locale>.json once, then cached, frozen).
 * The card renderer passes it to templates as `$root.t`.
 */
export function catalog(locale: Locale): Record<string, unknown> {
  return loadCatalog(locale);
}

/**
 * The message at a dotted key (e.g. "notice.forbidden.title") in the locale's catalog, with `{name}`
 * placeholders replaced from `vars`. Throws when the key is missing, is not a message, or a placeholder
 * has no value: those are programming errors.
 */
export function t(locale: Locale, key: string, vars?: Record<string, string | number>): string {
  let node: string | Catalog | undefined = loadCatalog(locale);
  for (const part of key.split('.')) {
    node = typeof node === 'object' ? node[part] : undefined;
  }
  if (typeof node !== 'string') throw new Error(`Missing message "${key}" in the ${locale} catalog`);
  return interpolate(node, vars, key);
}

/** Replaces `{name}` placeholders in `message`; throws when one has no value. */
export function interpolate(
  message: string,
  vars: Record<string, string | number> | undefined,
  key = '',
): string {
  return message.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = vars?.[name];
    if (value === undefined) throw new Error(`No value for placeholder {${name}} in message "${key}"`);
    return String(value);
  });
}

/**
 * Formats an ISO timestamp as a date and time in Europe/Oslo for people to read:
 * "24. nov. 2026 kl. 14:05" (nb) or "24 Nov 2026, 14:05" (en). Throws on an invalid timestamp.
 */
export function formatDateTime(locale: Locale, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error('formatDateTime: not a valid ISO timestamp');
  const parts = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'nb-NO', {
    timeZone: 'Europe/Oslo',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  const [day, month, year, hour, minute] = ['day', 'month', 'year', 'hour', 'minute'].map((type) =>
    part(type as Intl.DateTimeFormatPartTypes),
  );
  // A non-breaking space after "24.": Adaptive Cards read "24. nov." at the start of a text as a
  // Markdown numbered list (and indent it).
  return locale === 'en'
    ? `${day} ${month} ${year}, ${hour}:${minute}`
    : `${day}.\u00a0${month} ${year} kl. ${hour}:${minute}`;
}

/** A calendar date ('YYYY-MM-DD'): "27.\u00a0nov. 2026" / "27 Nov 2026" (see formatDateTime about the space). */
export function formatDate(locale: Locale, isoDate: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) throw new Error('formatDate: not a YYYY-MM-DD date');
  const parts = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'nb-NO', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).formatToParts(new Date(`${isoDate}T12:00:00Z`));
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  return locale === 'en'
    ? `${part('day')} ${part('month')} ${part('year')}`
    : `${part('day')}.\u00a0${part('month')} ${part('year')}`;
}

function loadCatalog(locale: Locale): Catalog {
  const cached = catalogs.get(locale);
  if (cached) return cached;
  const file = cardsFile(`i18n/${locale}.json`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the ${locale} message catalog (${file.pathname})`, { cause: error });
  }
  const checked = checkCatalog(parsed, locale, '');
  catalogs.set(locale, checked);
  return checked;
}

/** Checks that a parsed catalog is nested objects with string leaves, and freezes it. */
function checkCatalog(value: unknown, locale: Locale, path: string): Catalog {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`The ${locale} message catalog is malformed at "${path || '(root)'}"`);
  for (const [key, child] of Object.entries(value)) {
    if (typeof child !== 'string') checkCatalog(child, locale, path ? `${path}.${key}` : key);
  }
  return Object.freeze(value) as Catalog;
}
