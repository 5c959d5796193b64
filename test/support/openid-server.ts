/**
 * A local stand-in for the Bot Connector's token issuer: an OpenID metadata document and a JWKS on a
 * free loopback port, and a signer for RS256 tokens with its key id (`kid`), so the full JWT path of
 * inbound authentication runs offline. Tokens are built by hand with node:crypto, which also makes
 * the broken ones easy: `alg: none`, HS256, unknown keys, forged signatures.
 *
 * It can be told to fail: the JWKS answering 500, or every request hanging without an answer.
 */
import {
  createHmac,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
  sign as signWithKey,
} from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MicrosoftAppCredentials, ServiceClientCredentialsFactory } from 'botframework-connector';
import type { AuthOverrides } from '../../src/teams/adapter.js';

export const METADATA_PATH = '/v1/.well-known/openidconfiguration';
const KEYS_PATH = '/v1/keys';

export interface SignOptions {
  /** Header `alg`; default RS256. 'HS256' signs with `hmacSecret`, 'none' leaves the signature empty. */
  alg?: string;
  /** Header `kid`; default the served key's id. `null` leaves it out. */
  kid?: string | null;
  /** Sign with this private key instead of the served one (self-signed tokens). */
  privateKey?: KeyObject;
  /** The secret for HS256. */
  hmacSecret?: string | Buffer;
  /** Extra header fields. */
  header?: Record<string, unknown>;
}

export interface OpenIdServer {
  /** Base URL, e.g. http://127.0.0.1:port */
  url: string;
  /** The OpenID metadata document (ToBotFromChannelOpenIdMetadataUrl). */
  metadataUrl: string;
  /** The `iss` of the tokens it signs (ToBotFromChannelTokenIssuer). */
  issuer: string;
  /** The id of the served signing key. */
  kid: string;
  /** The served public key as PEM (for the classic HS256-with-the-public-key confusion). */
  publicKeyPem: string;
  /** Metadata and JWKS requests received so far (answered or not). */
  requests: { metadata: number; keys: number };
  /** Overrides for startBot/createAdapter that point inbound authentication here. */
  authOverrides(appId: string, options?: { metadataTimeoutMs?: number }): AuthOverrides;
  /** Signs `claims` as a JWT (RS256 with the served key unless told otherwise). */
  sign(claims: Record<string, unknown>, options?: SignOptions): string;
  /** A token as the Bot Connector sends it for an activity to this app: iss, aud, serviceurl, nbf, exp. */
  tokenFor(
    appId: string,
    serviceUrl: string,
    claims?: Record<string, unknown>,
    options?: SignOptions,
  ): string;
  /** Makes the JWKS answer this status from now on (undefined: serve the keys again). */
  failKeys(status: number | undefined): void;
  /** Makes every request hang without an answer from now on. */
  hang(): void;
  close(): Promise<void>;
}

export interface OpenIdServerOptions {
  /** Endorsements served with the key (the Bot Connector lists the channels a key may sign for). */
  endorsements?: string[];
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** Starts the server on a free loopback port. */
export async function startOpenIdServer(options: OpenIdServerOptions = {}): Promise<OpenIdServer> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  // A key id of its own per server: botbuilder caches signing keys per metadata URL for a day, and a
  // later server may get a port an earlier one had; the same kid would then find the earlier key and
  // fail the signature (a flake seen once in the full suite).
  const kid = `test-signing-key-${randomUUID()}`;
  const jwk = publicKey.export({ format: 'jwk' });
  const endorsements = options.endorsements ?? ['msteams', 'emulator'];
  const requests = { metadata: 0, keys: 0 };
  let keysStatus: number | undefined;
  let hanging = false;
  let url = '';

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === METADATA_PATH) requests.metadata += 1;
    if (path === KEYS_PATH) requests.keys += 1;
    if (hanging) return;
    if (path === METADATA_PATH) {
      return json(res, 200, {
        issuer: url,
        jwks_uri: `${url}${KEYS_PATH}`,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    if (path === KEYS_PATH) {
      if (keysStatus !== undefined) return json(res, keysStatus, { error: 'unavailable' });
      return json(res, 200, { keys: [{ ...jwk, kid, use: 'sig', alg: 'RS256', endorsements }] });
    }
    json(res, 404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function sign(claims: Record<string, unknown>, signOptions: SignOptions = {}): string {
    const alg = signOptions.alg ?? 'RS256';
    const keyId = signOptions.kid === undefined ? kid : signOptions.kid;
    const header = { alg, typ: 'JWT', ...(keyId === null ? {} : { kid: keyId }), ...signOptions.header };
    const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    let signature: Buffer;
    if (alg === 'RS256') {
      signature = signWithKey('sha256', Buffer.from(input), signOptions.privateKey ?? privateKey);
    } else if (alg === 'HS256') {
      signature = createHmac('sha256', signOptions.hmacSecret ?? 'some-shared-secret')
        .update(input)
        .digest();
    } else {
      signature = Buffer.alloc(0);
    }
    return `${input}.${base64url(signature)}`;
  }

  return {
    url,
    metadataUrl: `${url}${METADATA_PATH}`,
    issuer: url,
    kid,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    requests,
    authOverrides(appId, overrideOptions = {}) {
      return {
        endpoints: {
          openIdMetadataUrl: `${url}${METADATA_PATH}`,
          tokenIssuer: url,
          loginUrl: `${url}/login`,
          oAuthScope: url,
        },
        credentialsFactory: new NoTokenCredentialsFactory(appId),
        ...(overrideOptions.metadataTimeoutMs
          ? { metadataTimeoutMs: overrideOptions.metadataTimeoutMs }
          : {}),
      };
    },
    sign,
    tokenFor(appId, serviceUrl, claims = {}, signOptions = {}) {
      const now = Math.floor(Date.now() / 1000);
      return sign(
        { serviceurl: serviceUrl, nbf: now - 60, exp: now + 3600, iss: url, aud: appId, ...claims },
        signOptions,
      );
    },
    failKeys(status) {
      keysStatus = status;
    },
    hang() {
      hanging = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Credentials for tests with authentication on: inbound tokens must be for `appId`, and outbound
 * calls (to the fake connector) carry no token, so nothing asks a real login endpoint for one.
 */
export class NoTokenCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(private readonly appId: string) {
    super();
  }

  override async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }

  override async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  override async createCredentials(): Promise<MicrosoftAppCredentials> {
    return MicrosoftAppCredentials.Empty;
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
