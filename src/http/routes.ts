/**
 * GET routes that features bring (e.g. meetings' calendar files), as the HTTP server takes them:
 * a fixed path prefix and a handler that gets the request's path and query and says what to answer,
 * in plain data. The handler knows nothing of restify; the server (server.ts) alone writes responses,
 * so a refusal always carries a fixed body of errors.ts and an answer only what the handler gave.
 */
import type { SignInResult } from '../teams/sso-token.js';

/** What a route's handler gets: the request's path and query exactly as received (not decoded). */
export interface RouteRequest {
  url: string;
  /**
   * Verifies the request's `Authorization: Bearer` token (Teams single sign-on) and says whom it
   * names; a failure is logged by the server with its reason, and the handler answers it with the
   * refusal `unauthorized` (or `authUnavailable` when the signing keys cannot be had). Only the
   * handler's routes that need a person call it; the token itself never reaches the handler.
   */
  signIn(): Promise<SignInResult>;
}

/** Refusals a route may answer with; each has a fixed body (errors.ts). */
export type RouteRefusal = 'notFound' | 'forbidden' | 'gone' | 'unauthorized' | 'authUnavailable';

/**
 * What a route answers: a success (2xx) with its content type, body and extra headers, or a refusal
 * by name. Anything else (another status, a reserved or malformed header) is answered with a 500.
 */
export type RouteReply =
  | {
      kind: 'answer';
      status: number;
      contentType: string;
      body: string;
      /** e.g. Content-Disposition; not Content-Type, Content-Length, Transfer-Encoding or Connection. */
      headers?: Readonly<Record<string, string>>;
    }
  | { kind: 'refused'; refusal: RouteRefusal };

/** GET (and HEAD) requests for every path under `prefix`, e.g. `/api/calendar/`. */
export interface HttpRoute {
  /** Lowercase segments, starting and ending with '/'; no other route's path may start with it or it with theirs. */
  prefix: string;
  /** If it throws, the client gets the fixed 500 and the error is logged (without its message). */
  get(request: RouteRequest): Promise<RouteReply>;
}

const PREFIX = /^(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)+\/$/;

/** Thrown at start when a route's prefix is malformed or overlaps another route's path. */
export class RouteConflictError extends Error {
  override name = 'RouteConflictError';
}

/**
 * Checks the routes' prefixes against each other and the server's own paths (`taken`): a request
 * must have one owner, so no path may start with another's (a prefix `/api/` would take
 * `GET /api/messages`).
 */
export function checkRoutePrefixes(routes: readonly HttpRoute[], taken: readonly string[]): void {
  // Compared as folders ('/healthz' as '/healthz/'), so '/healthzx/' does not clash with it.
  const seen = taken.map((path) => (path.endsWith('/') ? path : `${path}/`));
  for (const { prefix } of routes) {
    if (typeof prefix !== 'string' || !PREFIX.test(prefix))
      throw new RouteConflictError('a route prefix must be lowercase path segments ending in /');
    const clash = seen.find((path) => path.startsWith(prefix) || prefix.startsWith(path));
    if (clash !== undefined) throw new RouteConflictError(`the route prefix ${prefix} overlaps ${clash}`);
    seen.push(prefix);
  }
}

/** Header names as RFC 9110 tokens, values as visible ASCII with spaces and tabs. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const VALUE = /^[\t\x20-\x7e]*$/;
/** Set by the server from the answer itself. */
const RESERVED = new Set(['content-type', 'content-length', 'transfer-encoding', 'connection']);

/** True when a reply is an answer the server may write as it is (checked before anything is written). */
export function isWritableAnswer(reply: RouteReply): reply is Extract<RouteReply, { kind: 'answer' }> {
  if (reply.kind !== 'answer') return false;
  const { status, contentType, body, headers = {} } = reply;
  if (!Number.isInteger(status) || status < 200 || status > 299) return false;
  if (typeof contentType !== 'string' || contentType === '' || !VALUE.test(contentType)) return false;
  if (typeof body !== 'string') return false;
  return Object.entries(headers).every(
    ([name, value]) =>
      TOKEN.test(name) && !RESERVED.has(name.toLowerCase()) && typeof value === 'string' && VALUE.test(value),
  );
}
