/**
 * Signed, short-lived links to the record of a meeting or a year of meetings (agenda-export.ts
 * writes it), so a card can offer a download to a browser that has no Teams token.
 *
 * A link is `/api/agenda-export/meeting/<series>/<YYYY-MM-DD>.<md|csv>` (one meeting, by its
 * original date) or `/api/agenda-export/year/<YYYY>.<md|csv>` (a year's meetings), then
 * `?lang=<nb|en>&by=<AAD object id>&exp=<unix seconds>&sig=<HMAC-SHA256, base64url>`. The signature
 * covers a version tag, what (meeting or year, and its ids), the format, the language, the person
 * who asked for it and the expiry, so a link opens that one file in that language, and the server
 * can check at download time that the person may still have it (export-route.ts). Verification
 * accepts only that exact form (no leading zero in `exp`, no extra parameters, the signature's
 * canonical base64url text), so a link has one spelling and any change to it is refused.
 *
 * Pure apart from HMAC: the time comes in as an argument.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Locale } from '../../cards/i18n.js';
import type { IsoDate } from '../../domain/working-days.js';

/** What a link opens: one meeting's record, or a calendar year's. */
export type ExportTarget =
  | { kind: 'meeting'; seriesId: string; occurrence: IsoDate }
  | { kind: 'year'; year: string };

export const EXPORT_FORMATS = ['md', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Everything a link binds. */
export interface ExportLink {
  target: ExportTarget;
  format: ExportFormat;
  locale: Locale;
  /** The AAD object id of the person who asked for it (re-checked in the roster at download). */
  person: string;
}

export type ExportLinkCheck =
  | ({ ok: true } & ExportLink)
  | { ok: false; reason: 'malformed' | 'expired' | 'bad-signature' };

export const EXPORT_PREFIX = '/api/agenda-export/';
/** How long a link lasts: long enough to click it, short enough that a forwarded one is soon dead. */
export const EXPORT_LINK_MINUTES = 15;

const MIN_SECRET_BYTES = 32;
/** Series ids (UUIDs): lowercase letters and digits in kebab case. */
const SERIES_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const YEAR = /^\d{4}$/;
/** AAD object ids are GUIDs; letters, digits and single hyphens between them. */
const PERSON = /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/;
const MAX_ID_LENGTH = 64;
const LINK =
  /^\/api\/agenda-export\/(?:meeting\/([a-z0-9-]{1,64})\/(\d{4}-\d{2}-\d{2})|year\/(\d{4}))\.(md|csv)\?lang=(nb|en)&by=([A-Za-z0-9-]{1,64})&exp=([1-9]\d{0,11})&sig=([A-Za-z0-9_-]{43})$/;

const fits = (pattern: RegExp, value: unknown): value is string =>
  typeof value === 'string' && value.length <= MAX_ID_LENGTH && pattern.test(value);

/** True when an AAD object id can be bound into a link (a GUID can). */
export const isLinkablePerson = (value: unknown): value is string => fits(PERSON, value);

function checkSecret(secret: string): void {
  if (typeof secret !== 'string' || Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES)
    throw new Error(`export link secret must be at least ${MIN_SECRET_BYTES} bytes`);
}

/** No part can hold a newline, so the message has one reading; its own tag keeps it apart from calendar links. */
function signature(secret: string, link: ExportLink, exp: number): string {
  const what =
    link.target.kind === 'meeting'
      ? `meeting\n${link.target.seriesId}\n${link.target.occurrence}`
      : `year\n${link.target.year}\n`;
  return createHmac('sha256', secret)
    .update(`mh-agenda-export/v1\n${what}\n${link.format}\n${link.locale}\n${link.person}\n${exp}`)
    .digest('base64url');
}

/**
 * The path and query of a link, valid until `expiresAtMs` (rounded down to the second). Throws on an
 * id that does not fit the link's form, an unknown format or language, a bad expiry or a short secret.
 */
export function signExportLink(secret: string, link: ExportLink, expiresAtMs: number): string {
  checkSecret(secret);
  const { target, format, locale, person } = link;
  if (target.kind === 'meeting') {
    if (!fits(SERIES_ID, target.seriesId))
      throw new Error('export link: series id must be lowercase kebab case');
    if (!fits(DATE, target.occurrence)) throw new Error('export link: occurrence must be YYYY-MM-DD');
  } else if (target.kind !== 'year' || !fits(YEAR, target.year)) throw new Error('export link: bad year');
  if (!EXPORT_FORMATS.includes(format)) throw new Error('export link: bad format');
  if (locale !== 'nb' && locale !== 'en') throw new Error('export link: bad language');
  if (!isLinkablePerson(person)) throw new Error('export link: bad person id');
  const exp = Math.floor(expiresAtMs / 1000);
  if (!Number.isSafeInteger(exp) || exp < 1 || exp > 999_999_999_999)
    throw new Error('export link: bad expiry');
  const path =
    target.kind === 'meeting' ? `meeting/${target.seriesId}/${target.occurrence}` : `year/${target.year}`;
  const sig = signature(secret, link, exp);
  return `${EXPORT_PREFIX}${path}.${format}?lang=${locale}&by=${person}&exp=${exp}&sig=${sig}`;
}

/**
 * What a received link (path and query, as the server got it) opens, if it was signed with `secret`
 * and has not expired at `nowMs`. The signature is checked before the expiry, so 'expired' is only
 * said of a link this server made.
 */
export function verifyExportLink(secret: string, url: string, nowMs: number): ExportLinkCheck {
  checkSecret(secret);
  const match = typeof url === 'string' ? LINK.exec(url) : null;
  if (!match) return { ok: false, reason: 'malformed' };
  const [, seriesId, occurrence, year, format, locale, person, expText, sig] = match;
  const target: ExportTarget | undefined =
    seriesId !== undefined && occurrence !== undefined
      ? fits(SERIES_ID, seriesId)
        ? { kind: 'meeting', seriesId, occurrence }
        : undefined
      : year !== undefined
        ? { kind: 'year', year }
        : undefined;
  if (!target || !isLinkablePerson(person) || !expText || !sig) return { ok: false, reason: 'malformed' };
  const link: ExportLink = {
    target,
    format: format as ExportFormat,
    locale: locale as Locale,
    person,
  };
  const exp = Number(expText);
  // Compared as text: base64url's last character carries spare bits, so two spellings can decode
  // to the same bytes; only the one this server writes is accepted.
  const expected = Buffer.from(signature(secret, link, exp), 'ascii');
  const given = Buffer.from(sig, 'ascii');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad-signature' };
  if (nowMs >= exp * 1000) return { ok: false, reason: 'expired' };
  return { ok: true, ...link };
}
