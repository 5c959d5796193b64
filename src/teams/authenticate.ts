/**
 * Inbound authentication of Bot Connector requests: every failure is classified, answered with a
 * fixed body by the HTTP layer, and logged once with a stable reason code (never the token or a claim).
 *
 * botbuilder's own check (`BotFrameworkAuthentication.authenticateRequest`) stays the final word: it
 * runs last, on the same cached signing keys, and builds the result the adapter needs. Ours runs
 * first because botbuilder's failures are unfit to show or log: it prints stack traces and the
 * signing key with console.error, its error messages quote the attacker's claims ("Invalid AppId
 * passed on token: <aud>"), it turns a token it cannot verify or a key endpoint it cannot reach into
 * a 500, and its key fetch has no timeout. Our checks are at least as strict as botbuilder's, so a
 * token that passes them passes botbuilder without reaching its console.error paths:
 *
 * - a bearer JWT of three base64url parts with JSON objects for header and claims;
 * - `alg` RS256, RS384 or RS512 (no `none`, no HMAC), and a `kid`;
 * - `iss` exactly the Bot Connector's channel issuer: Emulator, skill and ASE tokens (other issuers,
 *   other key endpoints) are not accepted by this Teams-only bot;
 * - a signature by that key from the issuer's JWKS, and the key endorsed for the activity's channel;
 * - `exp` present and not past, `nbf` not in the future (five minutes of clock skew, as botbuilder);
 * - `aud` this app's id, `serviceurl` the activity's serviceUrl.
 *
 * Loading the signing keys (OpenID metadata, then JWKS; cached by botbuilder for 24 hours) failing or
 * taking longer than `metadataTimeoutMs` is a 503: the caller may retry, the operator gets an error line.
 */
import { verify as verifySignature } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type { AuthenticateRequestResult, BotFrameworkAuthentication } from 'botframework-connector';
// Not exported from the package index: used only to reach botbuilder's own (shared, per-URL) cache
// of signing keys, so that our check and botbuilder's see the same keys and fetch them once.
import { JwtTokenExtractor } from 'botframework-connector/lib/auth/jwtTokenExtractor.js';
import type { Logger } from '../log/logger.js';

/** Stable reason codes of refused requests, as logged (`reason`). */
export const AUTH_REASONS = [
  'auth.missing-header',
  'auth.malformed-token',
  'auth.alg-none',
  'auth.unsupported-alg',
  'auth.wrong-issuer',
  'auth.unknown-key',
  'auth.bad-signature',
  'auth.channel-not-endorsed',
  'auth.expired',
  'auth.not-yet-valid',
  'auth.wrong-audience',
  'auth.service-url-mismatch',
  /** botbuilder refused a token our checks accepted (e.g. a skill token). */
  'auth.botbuilder-refused',
  /** The OpenID metadata or the JWKS could not be loaded (unreachable, error status, timeout): a 503. */
  'auth.metadata-unreachable',
] as const;
export type AuthReason = (typeof AUTH_REASONS)[number];

export type AuthOutcome =
  | { ok: true; result: AuthenticateRequestResult }
  | { ok: false; status: 401 | 503; reason: AuthReason };

/** What inbound tokens are checked against. */
export interface ChannelTokenPolicy {
  /** This bot's app id: the required `aud`. */
  appId: string;
  /** The required `iss` (botbuilder's ToBotFromChannelTokenIssuer). */
  issuer: string;
  /** Where the signing keys are published (botbuilder's ToBotFromChannelOpenIdMetadataUrl). */
  openIdMetadataUrl: string;
  /** How long loading the signing keys, and botbuilder's check, may take in all. */
  metadataTimeoutMs: number;
}

/** A public signing key from the JWKS, as PEM, with the channels it may sign for. */
export interface SigningKey {
  pem: string;
  endorsements?: string[];
}

/** Looks a key up by id: null when the issuer has no such key; throws when the keys cannot be loaded. */
export interface SigningKeys {
  get(kid: string): Promise<SigningKey | null>;
}

export interface InboundAuthenticator {
  /** Authenticates the request that carried `activity` (already checked by the envelope). */
  authenticate(activity: Activity, authorization: string | undefined): Promise<AuthOutcome>;
}

/** Algorithms botbuilder accepts (AuthenticationConstants.AllowedSigningAlgorithms), with their hashes. */
const ALGORITHMS: Record<string, string> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };
/** Clock skew allowed on exp and nbf, in seconds: botbuilder's channel token validation uses 300. */
const CLOCK_TOLERANCE_SECONDS = 300;
const BEARER_JWT = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/;

/** The default metadata timeout: long enough for a slow network, short of Teams' 15 s retry. */
export const DEFAULT_METADATA_TIMEOUT_MS = 10_000;

/**
 * The authenticator for an app. `policy` undefined means authentication is off (no app id, local
 * development): botbuilder then hands out anonymous claims and any request is accepted.
 */
export function createInboundAuthenticator(args: {
  authentication: BotFrameworkAuthentication;
  policy: ChannelTokenPolicy | undefined;
  logger: Logger;
  keys?: SigningKeys;
  now?: () => number;
}): InboundAuthenticator {
  const { authentication, policy, logger } = args;
  const now = args.now ?? Date.now;
  if (!policy) {
    return {
      authenticate: async (activity) => ({
        ok: true,
        result: await authentication.authenticateRequest(activity, ''),
      }),
    };
  }
  const keys = args.keys ?? botbuilderSigningKeys(policy.openIdMetadataUrl);
  const log = logger.child({ component: 'auth' });
  const metadataHost = hostOf(policy.openIdMetadataUrl);

  function refuse(reason: AuthReason, err?: unknown): AuthOutcome {
    log.warn(
      { event: 'auth.rejected', reason, status: 401, ...(err ? { err } : {}) },
      'request not authenticated',
    );
    return { ok: false, status: 401, reason };
  }

  function unavailable(cause: unknown): AuthOutcome {
    const reason: AuthReason = 'auth.metadata-unreachable';
    log.error(
      {
        event: 'auth.unavailable',
        reason,
        status: 503,
        metadataHost,
        ...(cause instanceof Error ? { err: cause } : {}),
      },
      'Bot Framework signing keys could not be loaded; answering 503 until they can',
    );
    return { ok: false, status: 503, reason };
  }

  return {
    async authenticate(activity, authorization) {
      const deadline = now() + policy.metadataTimeoutMs;
      const token = parseBearer(authorization);
      if (typeof token === 'string') return refuse(token);
      const { header, claims } = token;

      const alg = header.alg;
      if (typeof alg !== 'string') return refuse('auth.malformed-token');
      if (alg.toLowerCase() === 'none') return refuse('auth.alg-none');
      const hash = Object.hasOwn(ALGORITHMS, alg) ? ALGORITHMS[alg] : undefined;
      if (!hash) return refuse('auth.unsupported-alg');
      if (claims.iss !== policy.issuer) return refuse('auth.wrong-issuer');
      const kid = header.kid;
      if (typeof kid !== 'string' || kid === '') return refuse('auth.unknown-key');

      let key: SigningKey | null;
      try {
        key = await withDeadline(keys.get(kid), deadline - now());
      } catch (err) {
        return unavailable(err);
      }
      if (!key) return refuse('auth.unknown-key');
      if (!signatureHolds(hash, token.signingInput, key.pem, token.signature))
        return refuse('auth.bad-signature');
      const channelId = activity.channelId ?? '';
      const endorsements = key.endorsements;
      if (
        Array.isArray(endorsements) &&
        endorsements.length > 0 &&
        channelId.trim() !== '' &&
        !endorsements.includes(channelId)
      ) {
        return refuse('auth.channel-not-endorsed');
      }

      const time = timeProblem(claims, now());
      if (time) return refuse(time);
      if (claims.aud !== policy.appId) return refuse('auth.wrong-audience');
      if (claims.serviceurl !== activity.serviceUrl) return refuse('auth.service-url-mismatch');

      try {
        const result = await withDeadline(
          authentication.authenticateRequest(activity, authorization ?? ''),
          deadline - now(),
        );
        return { ok: true, result };
      } catch (err) {
        if (isUnavailable(err)) return unavailable(err);
        return refuse('auth.botbuilder-refused', err);
      }
    },
  };
}

interface ParsedToken {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

/** Splits and decodes "Bearer <header>.<claims>.<signature>"; a reason code when it is not that. */
function parseBearer(authorization: string | undefined): ParsedToken | AuthReason {
  if (authorization === undefined || authorization.trim() === '') return 'auth.missing-header';
  const match = BEARER_JWT.exec(authorization);
  if (!match) return 'auth.malformed-token';
  const [, headerPart = '', claimsPart = '', signaturePart = ''] = match;
  const header = decodeJsonObject(headerPart);
  const claims = decodeJsonObject(claimsPart);
  if (!header || !claims) return 'auth.malformed-token';
  return {
    header,
    claims,
    signingInput: `${headerPart}.${claimsPart}`,
    signature: Buffer.from(signaturePart, 'base64url'),
  };
}

function decodeJsonObject(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function signatureHolds(hash: string, signingInput: string, pem: string, signature: Buffer): boolean {
  try {
    return verifySignature(hash, Buffer.from(signingInput), pem, signature);
  } catch {
    return false;
  }
}

/**
 * exp and nbf, with botbuilder's tolerance. A token without exp is refused (botbuilder would take it
 * for ever). The expiry is checked one second early, so that botbuilder, checking a moment later,
 * never finds a token expired that passed here (it prints those with a stack trace).
 */
function timeProblem(claims: Record<string, unknown>, nowMs: number): AuthReason | undefined {
  const nowSeconds = Math.floor(nowMs / 1000);
  const { exp, nbf } = claims;
  if (exp === undefined) return 'auth.expired';
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return 'auth.malformed-token';
  if (nowSeconds + 1 >= exp + CLOCK_TOLERANCE_SECONDS) return 'auth.expired';
  if (nbf !== undefined) {
    if (typeof nbf !== 'number' || !Number.isFinite(nbf)) return 'auth.malformed-token';
    if (nbf > nowSeconds + CLOCK_TOLERANCE_SECONDS) return 'auth.not-yet-valid';
  }
  return undefined;
}

/**
 * Errors that mean the keys could not be loaded, not that the token is bad: botbuilder's
 * AuthenticationError with a 5xx status ("Failed to load Keys: 500"), a network error from its HTTP
 * client (node-fetch's FetchError: ENOTFOUND, ECONNREFUSED, ...), an unparsable metadata document,
 * and our own deadline.
 */
function isUnavailable(err: unknown): boolean {
  if (err instanceof DeadlineExceeded || err instanceof SyntaxError) return true;
  if (!(err instanceof Error)) return false;
  const status = (err as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 500) return true;
  return err.name === 'FetchError' || (err as { type?: unknown }).type === 'system';
}

class DeadlineExceeded extends Error {
  override name = 'DeadlineExceeded';
}

/** Rejects with DeadlineExceeded after `ms` (the promise itself runs on; its outcome is then ignored). */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded('deadline exceeded')), Math.max(0, ms));
  });
  return Promise.race([promise, expiry]).finally(() => clearTimeout(timer));
}

/**
 * Signing keys from botbuilder's own per-URL cache (the one its token check uses: refreshed every 24
 * hours, and at most hourly for an unknown key id). Lookups are single-flight: while one may be
 * fetching, the others wait for it instead of starting fetches of their own, so an endpoint that
 * hangs costs one pending request, not one per caller.
 */
export function botbuilderSigningKeys(openIdMetadataUrl: string): SigningKeys {
  const metadata = new JwtTokenExtractor({}, openIdMetadataUrl, Object.keys(ALGORITHMS)).openIdMetadata;
  let inFlight: Promise<unknown> | undefined;
  const settle = () => undefined;
  return {
    async get(kid) {
      while (inFlight) await inFlight.then(settle, settle);
      const lookup = metadata.getKey(kid);
      inFlight = lookup;
      const clear = () => {
        if (inFlight === lookup) inFlight = undefined;
      };
      lookup.then(clear, clear);
      const key = await lookup;
      return key ? { pem: key.key, ...(key.endorsements ? { endorsements: key.endorsements } : {}) } : null;
    },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'invalid-url';
  }
}
