/**
 * What the outbox does after the Bot Connector refused or failed a request: classify the failure,
 * read Retry-After, and compute the delay before the next attempt (exponential backoff, full jitter).
 *
 * Pure: no timers, no clock, no Math.random. Time and randomness are passed in.
 */

/** throttled = 429 (over a rate limit); transient = may pass later; permanent = retrying is pointless. */
export type FailureKind = 'throttled' | 'transient' | 'permanent';

/** Longest delay taken from a Retry-After header (a larger value is capped to this). */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * Classifies a failed request by its HTTP status:
 * - 429 Too Many Requests → throttled (a rate limit was hit; wait as told or back off).
 * - 412 Precondition Failed → transient (Microsoft lists it as retryable for Teams bots).
 * - 408 Request Timeout → transient (the SDK's own retry policy retried it; that policy is gone from
 *   the proactive path, see src/teams/single-attempt.ts, so the outbox retries it).
 * - 500, 502, 503, 504 and any other 5xx → transient (connector or service trouble).
 * - undefined (no HTTP answer: connection reset, DNS, timeout) → transient.
 * - 403 Forbidden → permanent (the user blocked or uninstalled the bot).
 * - 404 Not Found → permanent (the conversation is gone).
 * - any other 4xx (400 bad request, 401 unauthorised, 413 card too large, …) → permanent: the same
 *   request would fail the same way.
 * - anything else (1xx–3xx, or not an HTTP status at all) → transient: an unexpected answer,
 *   retried a bounded number of times rather than dropped.
 */
export function classifyFailure(status: number | undefined): FailureKind {
  if (status === undefined) return 'transient';
  if (status === 429) return 'throttled';
  if (status === 412 || status === 408) return 'transient';
  if (Number.isInteger(status) && status >= 400 && status < 500) return 'permanent';
  return 'transient';
}

const DELTA_SECONDS = /^\d+(?:\.\d+)?$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
const MONTH = `(${MONTHS.join('|')})`;
/** IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT". */
const IMF_FIXDATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
/** Obsolete RFC 850 format: "Sunday, 06-Nov-94 08:49:37 GMT". */
const RFC850_DATE = new RegExp(
  `^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`,
);
/** Obsolete asctime format: "Sun Nov  6 08:49:37 1994". */
const ASCTIME_DATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

/**
 * Converts a Retry-After header value into a delay in ms from `now`: delta seconds ("120", also
 * "1.5") or an HTTP date in any of the three formats of RFC 9110 (IMF-fixdate, RFC 850, asctime).
 * Returns undefined when the value is absent, malformed, negative, or a date already past (a past
 * date usually means our clock and the server's disagree, so the caller falls back to backoff).
 * Delays above {@link MAX_RETRY_AFTER_MS} are capped to it.
 */
export function parseRetryAfter(value: string | undefined | null, now: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  let delayMs: number | undefined;
  if (DELTA_SECONDS.test(text)) delayMs = Math.round(Number(text) * 1000);
  else {
    const at = parseHttpDate(text, now);
    if (at !== undefined) delayMs = at - now;
  }
  if (delayMs === undefined || !Number.isFinite(delayMs) || delayMs < 0) return undefined;
  return Math.min(delayMs, MAX_RETRY_AFTER_MS);
}

/** Epoch ms of an HTTP date, or undefined when it is not one (including impossible dates like 31 Feb). */
function parseHttpDate(text: string, now: number): number | undefined {
  let match = IMF_FIXDATE.exec(text);
  if (match) return utc(Number(match[3]), match[2]!, Number(match[1]), match.slice(4, 7));
  match = RFC850_DATE.exec(text);
  if (match) return utc(fullYear(Number(match[3]), now), match[2]!, Number(match[1]), match.slice(4, 7));
  match = ASCTIME_DATE.exec(text);
  if (match) return utc(Number(match[6]), match[1]!, Number(match[2]!.trim()), match.slice(3, 6));
  return undefined;
}

/** RFC 9110: a two-digit year that would lie more than 50 years in the future is in the past century. */
function fullYear(twoDigits: number, now: number): number {
  const currentYear = new Date(now).getUTCFullYear();
  const year = Math.floor(currentYear / 100) * 100 + twoDigits;
  return year > currentYear + 50 ? year - 100 : year;
}

function utc(year: number, monthName: string, day: number, hms: string[]): number | undefined {
  const month = MONTHS.indexOf(monthName);
  const [hours, minutes, seconds] = hms.map(Number) as [number, number, number];
  if (hours > 23 || minutes > 59 || seconds > 60) return undefined;
  const at = Date.UTC(year, month, day, hours, minutes, Math.min(seconds, 59));
  // Date.UTC rolls 31 Feb over into March: reject dates that do not exist.
  return new Date(at).getUTCDate() === day ? at : undefined;
}

/** Backoff settings: the first retry waits up to `baseMs`, doubling per attempt, never above `maxMs`. */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/** Backoff suggested for the outbox: up to 1 s, 2 s, 4 s … capped at 5 minutes. */
export const DEFAULT_BACKOFF: BackoffOptions = Object.freeze({ baseMs: 1_000, maxMs: 300_000 });

/**
 * Exponential backoff with FULL jitter: a whole number of ms drawn uniformly from
 * [0, min(maxMs, baseMs · 2^(attempt−1))] (bounds floored to whole ms). `attempt` starts at 1 (the delay
 * after the first failure). `random` returns a number in [0, 1), like Math.random.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  if (!Number.isSafeInteger(attempt) || attempt < 1) {
    throw new RangeError(`attempt must be a whole number >= 1 (got ${attempt})`);
  }
  validateBackoff(options);
  const ceiling = Math.floor(Math.min(options.maxMs, options.baseMs * 2 ** (attempt - 1)));
  const r = random();
  if (!(r >= 0 && r < 1)) throw new RangeError(`random() must return a number in [0, 1) (got ${r})`);
  return Math.min(ceiling, Math.floor(r * (ceiling + 1)));
}

/**
 * How long to wait before the next attempt after a failure: the Retry-After delay when the connector
 * gave one (429, and 503 or any other retryable answer that carries it), else {@link backoffDelay}.
 * `attempt` is the number of the attempt that just failed (1 for the first). Throws for a permanent
 * failure, which must not be retried.
 */
export function nextAttemptDelay(args: {
  kind: FailureKind;
  attempt: number;
  retryAfterMs?: number;
  backoff: BackoffOptions;
  random: () => number;
}): number {
  if (args.kind === 'permanent') throw new Error('a permanent failure is not retried');
  const { retryAfterMs } = args;
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0) {
    return Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  }
  return backoffDelay(args.attempt, args.backoff, args.random);
}

function validateBackoff(options: BackoffOptions): void {
  if (!Number.isFinite(options.baseMs) || options.baseMs <= 0) {
    throw new RangeError(`backoff baseMs must be a finite number > 0 (got ${options.baseMs})`);
  }
  if (!Number.isFinite(options.maxMs) || options.maxMs < 0) {
    throw new RangeError(`backoff maxMs must be a finite number >= 0 (got ${options.maxMs})`);
  }
}
