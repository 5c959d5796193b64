/**
 * Who is asking, for the overview page's API: the Teams single sign-on token in the request's
 * `Authorization: Bearer` header, verified with `jose` against Entra ID's signing keys.
 *
 * A token is accepted only when all of these hold:
 * - it is a JWS signed with RS256 by a key of the tenant's JWKS (fetched once, cached, refetched for
 *   an unknown key id at most every 30 s, 5 s timeout: jose's remote JWK set);
 * - `iss` is the tenant's own issuer, v2 (`https://login.microsoftonline.com/<tenant>/v2.0`) or v1
 *   (`https://sts.windows.net/<tenant>/`): tokens of any other tenant are refused;
 * - `aud` is the app's API: its Application ID URI (`api://<domain>/<client id>`, v1 tokens) or its
 *   client id (v2 tokens);
 * - `exp` is present and not past, `nbf` not in the future (two minutes of clock skew);
 * - `tid` is the configured tenant and `oid` a non-empty string.
 *
 * The person is taken from `oid` alone (and `tid`, checked). Nothing else from the token, and nothing
 * the page says about itself (teams-js `getContext()`), decides what they may see. Failures are
 * reported as stable reason codes, never with the token or its claims.
 */

import { createRemoteJWKSet, type JWTVerifyGetKey, errors as joseErrors, jwtVerify } from 'jose';
import type { PagesInfo } from '../app/context.js';
import type { PagesConfig } from '../config/config.js';

/** The person a verified token names. */
export interface SignedInPerson {
  aadObjectId: string;
  tenantId: string;
}

export type SignInFailure =
  | 'sso.missing-header'
  | 'sso.malformed'
  | 'sso.expired'
  | 'sso.bad-claims'
  | 'sso.bad-signature'
  | 'sso.keys-unavailable'
  /** No way to sign in is configured (neither SSO nor a development person). */
  | 'sso.not-configured';

export type SignInResult = { ok: true; person: SignedInPerson } | { ok: false; reason: SignInFailure };

/** Checks an Authorization header; never throws. */
export type SignIn = (authorization: string | undefined) => Promise<SignInResult>;

export interface SsoOptions {
  /** The tenant the bot serves (MicrosoftAppTenantId). */
  tenantId: string;
  /** The Entra app's client id (v2 tokens' `aud`). */
  clientId: string;
  /** The app's Application ID URI, e.g. `api://bot.example.org/<client id>` (v1 tokens' `aud`). */
  appIdUri: string;
  /** Where the tenant's signing keys are (Entra's JWKS for the tenant, or a local one in tests). */
  jwksUrl: string;
  /** Replaces the remote key set (tests). */
  keys?: JWTVerifyGetKey;
}

/** Entra ID's signing keys for a tenant. */
export function entraJwksUrl(tenantId: string): string {
  return `https://login.microsoftonline.com/${encodeURIComponent(tenantId)}/discovery/v2.0/keys`;
}

/** The issuers Entra ID uses for a tenant's tokens, v2 and v1. */
export function entraIssuers(tenantId: string): string[] {
  return [`https://login.microsoftonline.com/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`];
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;
/** Larger than any Entra access token; longer headers are refused before parsing. */
const MAX_TOKEN_CHARS = 16_384;

/** Verifies Teams SSO tokens for one tenant and app. */
export function createSsoSignIn(options: SsoOptions): SignIn {
  const keys =
    options.keys ??
    createRemoteJWKSet(new URL(options.jwksUrl), {
      timeoutDuration: 5_000,
      cooldownDuration: 30_000,
      cacheMaxAge: 24 * 3_600_000,
    });
  const issuer = entraIssuers(options.tenantId);
  const audience = [options.appIdUri, options.clientId];
  return async (authorization) => {
    if (authorization === undefined || authorization === '') {
      return { ok: false, reason: 'sso.missing-header' };
    }
    const match = authorization.length <= MAX_TOKEN_CHARS ? BEARER.exec(authorization) : null;
    if (!match?.[1]) return { ok: false, reason: 'sso.malformed' };
    try {
      const { payload } = await jwtVerify(match[1], keys, {
        algorithms: ['RS256'],
        issuer,
        audience,
        clockTolerance: 120,
        requiredClaims: ['exp', 'oid', 'tid'],
      });
      const { oid, tid } = payload;
      if (typeof oid !== 'string' || oid === '' || tid !== options.tenantId) {
        return { ok: false, reason: 'sso.bad-claims' };
      }
      return { ok: true, person: { aadObjectId: oid, tenantId: tid } };
    } catch (error) {
      return { ok: false, reason: reasonOf(error) };
    }
  };
}

function reasonOf(error: unknown): SignInFailure {
  if (error instanceof joseErrors.JWTExpired) return 'sso.expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return 'sso.bad-claims';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'sso.bad-signature';
  if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWKSMultipleMatchingKeys)
    return 'sso.bad-signature';
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid)
    return 'sso.keys-unavailable';
  if (error instanceof joseErrors.JOSEAlgNotAllowed || error instanceof joseErrors.JWSInvalid)
    return 'sso.malformed';
  if (error instanceof joseErrors.JWTInvalid || error instanceof joseErrors.JOSENotSupported)
    return 'sso.malformed';
  // A network failure fetching the keys (fetch rejects with a TypeError) or the key endpoint's error.
  return 'sso.keys-unavailable';
}

/**
 * Development only (no app id, never in production): every request is the configured person (the
 * `npm run dev -- --as <name>` person), with or without a token. config.ts refuses TAB_DEV_USER in
 * production and alongside MicrosoftAppId.
 */
export function developmentSignIn(aadObjectId: string, tenantId: string): SignIn {
  return async () => ({ ok: true, person: { aadObjectId, tenantId } });
}

/** How the bot's pages sign people in, from the configuration: the checker and what pages are told. */
export function pageSignIn(config: {
  pages: PagesConfig;
  tenantId: string;
  microsoftAppId: string | undefined;
}): { signIn: SignIn | undefined; info: PagesInfo } {
  const { sso, developmentUser, extraOrigins } = config.pages;
  const botAppId = config.microsoftAppId ? { botAppId: config.microsoftAppId } : {};
  if (sso) {
    return {
      signIn: createSsoSignIn({
        tenantId: config.tenantId,
        clientId: sso.clientId,
        appIdUri: sso.appIdUri,
        jwksUrl: sso.jwksUrl ?? entraJwksUrl(config.tenantId),
      }),
      info: {
        mode: 'sso',
        clientId: sso.clientId,
        scope: `${sso.appIdUri.replace(/\/$/, '')}/access_as_user`,
        extraOrigins,
        ...botAppId,
      },
    };
  }
  if (developmentUser !== undefined) {
    return {
      signIn: developmentSignIn(developmentUser, config.tenantId),
      info: { mode: 'development', developmentUser, extraOrigins, ...botAppId },
    };
  }
  return { signIn: undefined, info: { mode: 'off', extraOrigins, ...botAppId } };
}
