import { readdirSync, readFileSync } from 'node:fs';
import { CARDS_DIR } from './cards-dir.js';

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
 * The whole catalog for a locale: the core's (cards/i18n/<locale>.json) and every feature's
 * (cards/i18n/<locale>/<feature>.json), merged at first use, then cached, frozen.
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

/** Whether the locale's catalog has a message at `key` (for optional, per-feature texts). */
export function hasMessage(locale: Locale, key: string): boolean {
  let node: unknown = catalog(locale);
  for (const part of key.split('.')) {
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  }
  return typeof node === 'string';
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

/** Intl.DateTimeFormat is costly to build (about as much as the rest of a card's render): one per locale. */
const DATE_TIME_FORMATS = new Map<Locale, Intl.DateTimeFormat>();
const DATE_FORMATS = new Map<Locale, Intl.DateTimeFormat>();
function formatter(
  cache: Map<Locale, Intl.DateTimeFormat>,
  locale: Locale,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  let format = cache.get(locale);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'nb-NO', options);
    cache.set(locale, format);
  }
  return format;
}

/**
 * Formats an ISO timestamp as a date and time in Europe/Oslo for people to read:
 * "24. nov. 2026 kl. 14:05" (nb) or "24 Nov 2026, 14:05" (en). Throws on an invalid timestamp.
 */
export function formatDateTime(locale: Locale, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error('formatDateTime: not a valid ISO timestamp');
  const parts = formatter(DATE_TIME_FORMATS, locale, {
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
  const parts = formatter(DATE_FORMATS, locale, {
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
  const merged = readCatalog(locale);
  catalogs.set(locale, merged);
  return merged;
}

/** One catalog file, as read: its path inside cards/ (for messages) and its content. */
export interface CatalogPart {
  file: string;
  catalog: Catalog;
}

/**
 * Reads a locale's catalog from a cards folder (the repository's cards/ unless told otherwise): the
 * core file i18n/<locale>.json, then every i18n/<locale>/*.json (a feature's strings, in file name
 * order), merged. Throws when a file is missing or malformed, or when two files define the same
 * top-level key.
 */
export function readCatalog(locale: Locale, cardsDir: URL = CARDS_DIR): Catalog {
  const core = `i18n/${locale}.json`;
  const featureDir = new URL(`i18n/${locale}/`, cardsDir);
  let featureFiles: string[];
  try {
    featureFiles = readdirSync(featureDir)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => `i18n/${locale}/${name}`);
  } catch (error) {
    // A locale without feature files has only the core catalog.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    featureFiles = [];
  }
  return mergeCatalogs(
    [core, ...featureFiles].map((file) => ({ file, catalog: readCatalogFile(cardsDir, file) })),
  );
}

/**
 * Merges catalog files into one, frozen. Each top-level key (a section such as `join`) belongs to one
 * file: defined twice, it is an error naming the key and both files, never silently overwritten.
 */
export function mergeCatalogs(parts: readonly CatalogPart[]): Catalog {
  const merged: Catalog = {};
  const owner = new Map<string, string>();
  for (const { file, catalog } of parts)
    for (const [key, value] of Object.entries(catalog)) {
      const first = owner.get(key);
      if (first !== undefined)
        throw new Error(`The message catalog key "${key}" is defined in both ${first} and ${file}`);
      owner.set(key, file);
      merged[key] = value;
    }
  return Object.freeze(merged);
}

/** Reads one catalog file (`file` inside cardsDir, e.g. `i18n/nb/join.json`). */
function readCatalogFile(cardsDir: URL, file: string): Catalog {
  const url = new URL(file, cardsDir);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(url, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the message catalog ${file} (${url.pathname})`, { cause: error });
  }
  return checkCatalog(parsed, file, '');
}

/** Checks that a parsed catalog is nested objects with string leaves, and freezes it. */
function checkCatalog(value: unknown, file: string, path: string): Catalog {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`The message catalog ${file} is malformed at "${path || '(root)'}"`);
  for (const [key, child] of Object.entries(value)) {
    if (typeof child !== 'string') checkCatalog(child, file, path ? `${path}.${key}` : key);
  }
  return Object.freeze(value) as Catalog;
}
