/**
 * The inbound authenticator on its own: what it hands to botbuilder, how it reads botbuilder's
 * failures, and how it loads signing keys. The end-to-end cases (every forged token through the real
 * server) are in test/e2e/auth.e2e.test.ts.
 */
import type { Activity } from 'botbuilder';
import {
  type AuthenticateRequestResult,
  AuthenticationError,
  type BotFrameworkAuthentication,
  ClaimsIdentity,
} from 'botframework-connector';
import { expect } from 'chai';
import { createLogger } from '../../src/log/logger.js';
import {
  botbuilderSigningKeys,
  createInboundAuthenticator,
  type SigningKeys,
} from '../../src/teams/authenticate.js';
import { type OpenIdServer, startOpenIdServer } from '../support/openid-server.js';

const APP_ID = 'unit-app-id';
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
const ATTACKER_TEXT = 'Invalid AppId passed on token: evil-app';

const activity = {
  type: 'message',
  channelId: 'msteams',
  serviceUrl: SERVICE_URL,
  conversation: { id: 'a:1' },
  from: { id: '29:1' },
  recipient: { id: '28:bot' },
} as Activity;

const okResult: AuthenticateRequestResult = {
  audience: 'https://api.botframework.com',
  claimsIdentity: new ClaimsIdentity([], true),
  callerId: 'urn:botframework:azure',
};

/** A stand-in for botbuilder's authentication: records calls, answers or throws as told. */
function fakeAuthentication(answer: () => Promise<AuthenticateRequestResult>) {
  const calls: string[] = [];
  const authentication = {
    authenticateRequest: async (_activity: Activity, header: string) => {
      calls.push(header);
      return answer();
    },
  } as unknown as BotFrameworkAuthentication;
  return { authentication, calls };
}

describe('inbound authenticator', () => {
  let openId: OpenIdServer;
  let logs: Record<string, unknown>[];
  let keys: SigningKeys;

  beforeEach(async () => {
    openId = await startOpenIdServer();
    logs = [];
    keys = botbuilderSigningKeys(openId.metadataUrl);
  });
  afterEach(async () => {
    await openId.close();
  });

  const logger = () =>
    createLogger('info', {
      write(line: string) {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      },
    });

  function authenticator(authentication: BotFrameworkAuthentication, now?: () => number) {
    return createInboundAuthenticator({
      authentication,
      logger: logger(),
      keys,
      policy: {
        appId: APP_ID,
        issuer: openId.issuer,
        openIdMetadataUrl: openId.metadataUrl,
        metadataTimeoutMs: 2000,
      },
      ...(now ? { now } : {}),
    });
  }

  it('hands a token that passes every check to botbuilder, whose result it returns', async () => {
    const { authentication, calls } = fakeAuthentication(async () => okResult);
    const header = `Bearer ${openId.tokenFor(APP_ID, SERVICE_URL)}`;
    const outcome = await authenticator(authentication).authenticate(activity, header);
    expect(outcome).to.deep.equal({ ok: true, result: okResult });
    expect(calls).to.deep.equal([header]);
    expect(logs).to.deep.equal([]);
  });

  it('refuses a token in the last second before its expiry (with the skew) before botbuilder sees it', async () => {
    const { authentication, calls } = fakeAuthentication(async () => okResult);
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const header = `Bearer ${openId.tokenFor(APP_ID, SERVICE_URL, { exp })}`;
    // botbuilder refuses at exp + 300 s and prints a stack trace when it does; ours refuses a second earlier.
    const lastSecond = (exp + 299) * 1000;
    const outcome = await authenticator(authentication, () => lastSecond).authenticate(activity, header);
    expect(outcome).to.include({ ok: false, status: 401, reason: 'auth.expired' });
    const justBefore = await authenticator(authentication, () => lastSecond - 1000).authenticate(
      activity,
      header,
    );
    expect(justBefore.ok).to.equal(true);
    expect(calls).to.have.length(1);
  });

  it('when botbuilder refuses what the checks accepted, then 401 auth.botbuilder-refused, logged without its message', async () => {
    const { authentication } = fakeAuthentication(async () => {
      throw new AuthenticationError(ATTACKER_TEXT, 401);
    });
    const outcome = await authenticator(authentication).authenticate(
      activity,
      `Bearer ${openId.tokenFor(APP_ID, SERVICE_URL)}`,
    );
    expect(outcome).to.deep.equal({ ok: false, status: 401, reason: 'auth.botbuilder-refused' });
    expect(logs).to.have.length(1);
    expect(logs[0]).to.include({ event: 'auth.rejected', reason: 'auth.botbuilder-refused', level: 'warn' });
    expect(logs[0]).to.have.nested.property('err.type', 'AuthenticationError');
    expect(JSON.stringify(logs)).not.to.include('evil-app');
  });

  it('when botbuilder cannot load keys (a 5xx AuthenticationError, a network error), then 503', async () => {
    const failures = [
      new AuthenticationError('Failed to load Keys: 502', 500),
      Object.assign(new Error('request to https://login.botframework.com failed'), {
        name: 'FetchError',
        type: 'system',
        code: 'ENOTFOUND',
      }),
    ];
    for (const failure of failures) {
      logs.length = 0;
      const { authentication } = fakeAuthentication(async () => {
        throw failure;
      });
      const outcome = await authenticator(authentication).authenticate(
        activity,
        `Bearer ${openId.tokenFor(APP_ID, SERVICE_URL)}`,
      );
      expect(outcome).to.deep.equal({ ok: false, status: 503, reason: 'auth.metadata-unreachable' });
      expect(logs.map((line) => [line.level, line.reason])).to.deep.equal([
        ['error', 'auth.metadata-unreachable'],
      ]);
      expect(JSON.stringify(logs)).not.to.include('login.botframework.com failed');
    }
  });

  it('without a policy (no app id), botbuilder decides alone: anonymous claims, whatever the header', async () => {
    const { authentication, calls } = fakeAuthentication(async () => okResult);
    const open = createInboundAuthenticator({ authentication, logger: logger(), policy: undefined });
    expect(await open.authenticate(activity, undefined)).to.deep.equal({ ok: true, result: okResult });
    expect(calls).to.deep.equal(['']);
  });

  describe('signing keys from botbuilder’s cache', () => {
    it('fetches the metadata and keys once, and finds a key by id (null for another)', async () => {
      const key = await keys.get(openId.kid);
      expect(key?.pem).to.match(/BEGIN (RSA )?PUBLIC KEY/);
      expect(key?.endorsements).to.include('msteams');
      expect(await keys.get(openId.kid)).to.deep.equal(key);
      expect(await keys.get('another-kid')).to.equal(null);
      expect(openId.requests).to.deep.equal({ metadata: 1, keys: 1 });
    });

    it('while the endpoint hangs, concurrent lookups wait for the one request instead of each sending one', async () => {
      openId.hang();
      const lookups = Array.from({ length: 5 }, () => keys.get(openId.kid).catch((err: unknown) => err));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(openId.requests.metadata).to.equal(1);
      await openId.close();
      for (const outcome of await Promise.all(lookups)) expect(outcome).to.be.instanceOf(Error);
    });
  });
});
