/**
 * Signed, expiring links to a meeting's calendar file, so a card can offer "add to calendar" to a
 * browser or Outlook that has no Teams token: whoever holds the link gets that one file until it
 * expires, and nothing else.
 *
 * A link is `/api/calendar/<series>.ics` (the whole series) or `/api/calendar/<series>/<occurrence>.ics`
 * (one meeting), then `?exp=<unix seconds>&sig=<HMAC-SHA256, base64url>`. The signature covers a
 * version tag, the series, the occurrence (or its absence) and the expiry. Verification accepts only
 * that exact form (ids lowercase kebab, no leading zero in `exp`, no extra parameters, the signature's
 * canonical base64url text), so a link has one spelling and any change to it is refused.
 *
 * Pure apart from HMAC: the time comes in as an argument.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface CalendarTarget {
  series: string;
  occurrence?: string;
}

export type CalendarLinkCheck =
  | { ok: true; series: string; occurrence?: string }
  | { ok: false; reason: 'malformed' | 'expired' | 'bad-signature' };

/** Series ids (UUIDs) and occurrence ids (YYYY-MM-DD): lowercase letters and digits in kebab case. */
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_ID_LENGTH = 64;
const MIN_SECRET_BYTES = 32;
const PREFIX = '/api/calendar/';
const LINK =
  /^\/api\/calendar\/([a-z0-9-]{1,64})(?:\/([a-z0-9-]{1,64}))?\.ics\?exp=([1-9]\d{0,11})&sig=([A-Za-z0-9_-]{43})$/;

const isId = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= MAX_ID_LENGTH && ID.test(value);

function checkSecret(secret: string): void {
  if (typeof secret !== 'string' || Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES)
    throw new Error(`calendar link secret must be at least ${MIN_SECRET_BYTES} bytes`);
}

/** ids cannot hold a newline, so the message has one reading; '' stands for "the whole series". */
function signature(secret: string, series: string, occurrence: string | undefined, exp: number): string {
  return createHmac('sha256', secret)
    .update(`mh-calendar-link/v1\n${series}\n${occurrence ?? ''}\n${exp}`)
    .digest('base64url');
}

/**
 * The path and query of a link to the target's calendar file, valid until `expiresAtMs` (rounded
 * down to the second). Throws on an id that is not lowercase kebab, a bad expiry or a short secret.
 */
export function signCalendarLink(secret: string, target: CalendarTarget, expiresAtMs: number): string {
  checkSecret(secret);
  const { series, occurrence } = target;
  if (!isId(series)) throw new Error('calendar link: series id must be lowercase kebab case');
  if (occurrence !== undefined && !isId(occurrence))
    throw new Error('calendar link: occurrence id must be lowercase kebab case');
  const exp = Math.floor(expiresAtMs / 1000);
  if (!Number.isSafeInteger(exp) || exp < 1 || exp > 999_999_999_999)
    throw new Error('calendar link: bad expiry');
  const path = occurrence === undefined ? series : `${series}/${occurrence}`;
  return `${PREFIX}${path}.ics?exp=${exp}&sig=${signature(secret, series, occurrence, exp)}`;
}

/**
 * What a received link (path and query, as the server got it) opens, if it was signed with
 * `secret` and has not expired at `nowMs`. The signature is checked before the expiry, so
 * 'expired' is only said of a link this server made.
 */
export function verifyCalendarLink(secret: string, url: string, nowMs: number): CalendarLinkCheck {
  checkSecret(secret);
  const match = typeof url === 'string' ? LINK.exec(url) : null;
  if (!match) return { ok: false, reason: 'malformed' };
  const [, series, occurrence, expText, sig] = match;
  if (!isId(series) || (occurrence !== undefined && !isId(occurrence)) || !expText || !sig)
    return { ok: false, reason: 'malformed' };
  const exp = Number(expText);
  // Compared as text: base64url's last character carries spare bits, so two spellings can decode
  // to the same bytes; only the one this server writes is accepted.
  const expected = Buffer.from(signature(secret, series, occurrence, exp), 'ascii');
  const given = Buffer.from(sig, 'ascii');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad-signature' };
  if (nowMs >= exp * 1000) return { ok: false, reason: 'expired' };
  return occurrence === undefined ? { ok: true, series } : { ok: true, series, occurrence };
}
