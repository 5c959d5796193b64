/**
 * Signed, short-lived download links for features' exports (a file a card offers to a browser that
 * has no Teams token): `<prefix><path>?lang=<nb|en>&by=<AAD object id>&exp=<unix seconds>&sig=<HMAC>`.
 * The signature (HMAC-SHA256, base64url) covers the feature's own tag, the path, the language, the
 * person who asked and the expiry, so a link opens that one file, in that language, for a server
 * that checks at download time that the person may still have it; any change to it is refused.
 * Verification accepts only the exact form this module writes (no extra parameters, no leading zero
 * in `exp`, the signature's canonical base64url text), so a link has one spelling.
 *
 * The agenda's exports (features/agenda/export-links.ts) were built before this and keep their own
 * module; new exports use this one. Pure apart from HMAC: the time comes in as an argument.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Locale } from '../cards/i18n.js';

/** A feature's kind of link: its route prefix (as the HTTP route's) and its signature tag. */
export interface SignedLinkKind {
  /** e.g. `/api/duties-export/`: lowercase segments, starting and ending with '/'. */
  prefix: string;
  /** e.g. `mh-duties-export/v1`: keeps one feature's signatures from opening another's files. */
  tag: string;
}

/** What a link binds besides its path. */
export interface SignedLinkFields {
  locale: Locale;
  /** The AAD object id of the person who asked (re-checked in the roster at download). */
  person: string;
}

export type SignedLinkCheck =
  | ({ ok: true; path: string } & SignedLinkFields)
  | { ok: false; reason: 'malformed' | 'expired' | 'bad-signature' };

const MIN_SECRET_BYTES = 32;
/** The path after the prefix: lowercase segments of letters, digits, '.', '_' and '-'. */
const PATH = /^[a-z0-9][a-z0-9._-]{0,63}(?:\/[a-z0-9][a-z0-9._-]{0,63}){0,5}$/;
/** AAD object ids are GUIDs; letters, digits and single hyphens between them. */
const PERSON = /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/;
const QUERY = /^\?lang=(nb|en)&by=([A-Za-z0-9-]{1,64})&exp=([1-9]\d{0,11})&sig=([A-Za-z0-9_-]{43})$/;

/** True when an AAD object id can be bound into a link (a GUID can). */
export const isLinkablePerson = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= 64 && PERSON.test(value);

function checkSecret(secret: string): void {
  if (typeof secret !== 'string' || Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES)
    throw new Error(`link secret must be at least ${MIN_SECRET_BYTES} bytes`);
}

/** No part can hold a newline, so the message has one reading. */
function signature(
  secret: string,
  kind: SignedLinkKind,
  path: string,
  fields: SignedLinkFields,
  exp: number,
) {
  return createHmac('sha256', secret)
    .update(`${kind.tag}\n${path}\n${fields.locale}\n${fields.person}\n${exp}`)
    .digest('base64url');
}

/**
 * The path and query of a link to `path` (under the kind's prefix), valid until `expiresAtMs`
 * (rounded down to the second). Throws on a path or person that does not fit, an unknown language,
 * a bad expiry or a short secret.
 */
export function signLink(
  secret: string,
  kind: SignedLinkKind,
  path: string,
  fields: SignedLinkFields,
  expiresAtMs: number,
): string {
  checkSecret(secret);
  if (!PATH.test(path)) throw new Error('signed link: bad path');
  if (fields.locale !== 'nb' && fields.locale !== 'en') throw new Error('signed link: bad language');
  if (!isLinkablePerson(fields.person)) throw new Error('signed link: bad person id');
  const exp = Math.floor(expiresAtMs / 1000);
  if (!Number.isSafeInteger(exp) || exp < 1 || exp > 999_999_999_999)
    throw new Error('signed link: bad expiry');
  const sig = signature(secret, kind, path, fields, exp);
  return `${kind.prefix}${path}?lang=${fields.locale}&by=${fields.person}&exp=${exp}&sig=${sig}`;
}

/**
 * What a received link (path and query, as the server got it) opens, if it was signed with `secret`
 * for this kind and has not expired at `nowMs`. The signature is checked before the expiry, so
 * 'expired' is only said of a link this server made.
 */
export function verifyLink(
  secret: string,
  kind: SignedLinkKind,
  url: string,
  nowMs: number,
): SignedLinkCheck {
  checkSecret(secret);
  if (typeof url !== 'string' || !url.startsWith(kind.prefix)) return { ok: false, reason: 'malformed' };
  const rest = url.slice(kind.prefix.length);
  const question = rest.indexOf('?');
  if (question === -1) return { ok: false, reason: 'malformed' };
  const path = rest.slice(0, question);
  const match = QUERY.exec(rest.slice(question));
  if (!PATH.test(path) || !match) return { ok: false, reason: 'malformed' };
  const [, locale, person, expText, sig] = match;
  if (!isLinkablePerson(person) || !expText || !sig) return { ok: false, reason: 'malformed' };
  const fields: SignedLinkFields = { locale: locale as Locale, person };
  const exp = Number(expText);
  // Compared as text: base64url's last character carries spare bits, so two spellings can decode
  // to the same bytes; only the one this module writes is accepted.
  const expected = Buffer.from(signature(secret, kind, path, fields, exp), 'ascii');
  const given = Buffer.from(sig, 'ascii');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad-signature' };
  if (nowMs >= exp * 1000) return { ok: false, reason: 'expired' };
  return { ok: true, path, ...fields };
}

/** The two files of an export, as absolute links, and when they stop working. */
export interface DownloadLinks {
  markdownUrl: string;
  csvUrl: string;
  expiresAtMs: number;
}

/**
 * Absolute links to an export's Markdown and CSV files (`pathOf('md')`, `pathOf('csv')` under the
 * kind's prefix), signed for `fields` and valid `minutes` from `nowMs` (to the second).
 */
export function downloadLinks(
  site: { baseUrl: string; secret: string },
  kind: SignedLinkKind,
  pathOf: (format: 'md' | 'csv') => string,
  fields: SignedLinkFields,
  nowMs: number,
  minutes: number,
): DownloadLinks {
  const expiresAtMs = Math.floor((nowMs + minutes * 60_000) / 1000) * 1000;
  const link = (format: 'md' | 'csv') =>
    `${site.baseUrl}${signLink(site.secret, kind, pathOf(format), fields, expiresAtMs)}`;
  return { markdownUrl: link('md'), csvUrl: link('csv'), expiresAtMs };
}
