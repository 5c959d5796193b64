/**
 * Teams SSO tokens for tests, signed by the local OpenID server's key (openid-server.ts) the way Entra
 * ID signs them: v2 issuer of the tenant, audience the app's client id (or v1: sts.windows.net and the
 * Application ID URI), `oid` and `tid`, an hour's validity.
 */
import type { OpenIdServer, SignOptions } from './openid-server.js';

export const SSO_CLIENT_ID = '11111111-2222-3333-4444-555555555555';
export const SSO_APP_ID_URI = `api://localhost/${SSO_CLIENT_ID}`;

/** The settings that point the bot's page sign-in at the local key server. */
export function ssoEnv(server: OpenIdServer): Record<string, string> {
  return {
    TAB_SSO_APP_ID_URI: SSO_APP_ID_URI,
    TAB_SSO_CLIENT_ID: SSO_CLIENT_ID,
    TAB_SSO_JWKS_URL: `${server.url}/v1/keys`,
  };
}

export interface SsoTokenOptions {
  tenant: string;
  oid: string;
  /** Seconds from now until it expires (negative: already expired). Default 3600. */
  expiresIn?: number;
  /** 'v2' (default): login.microsoftonline.com/<tenant>/v2.0 and the client id; 'v1': sts.windows.net and the App ID URI. */
  version?: 'v1' | 'v2';
  /** Claims that replace the defaults (e.g. another `aud`). */
  claims?: Record<string, unknown>;
  sign?: SignOptions;
}

export function ssoToken(server: OpenIdServer, options: SsoTokenOptions): string {
  const now = Math.floor(Date.now() / 1000);
  const v1 = options.version === 'v1';
  return server.sign(
    {
      iss: v1
        ? `https://sts.windows.net/${options.tenant}/`
        : `https://login.microsoftonline.com/${options.tenant}/v2.0`,
      aud: v1 ? SSO_APP_ID_URI : SSO_CLIENT_ID,
      oid: options.oid,
      tid: options.tenant,
      scp: 'access_as_user',
      iat: now - 10,
      nbf: now - 10,
      exp: now + (options.expiresIn ?? 3600),
      ...options.claims,
    },
    options.sign,
  );
}
