/**
 * Inbound authentication through the real server, offline: the bot runs with an app id, and a local
 * OpenID server plays the Bot Connector's token issuer (metadata + JWKS, RS256 tokens with a key id).
 * Every forged or broken token must get a 401 with a fixed body and exactly one log line naming the
 * reason; an unreachable key endpoint a 503; and nothing may reach stderr around the logger.
 */
import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { type Harness, startHarness } from '../support/bot-harness.js';
import { type OpenIdServer, startOpenIdServer } from '../support/openid-server.js';
import { captureStderr, type StderrCapture } from '../support/stderr-capture.js';
import { cardAction, message, TENANT, user } from '../support/teams-activities.js';

const APP_ID = 'mh-test-app-id';
const OTHER_APP_ID = 'another-app-id-7f3c';
const EVIL_ISSUER = 'https://issuer.evil.example';

const UNAUTHORIZED = {
  error: { code: 'unauthorized', message: 'The request could not be authenticated.' },
};
const AUTH_UNAVAILABLE = {
  error: { code: 'auth_unavailable', message: 'Authentication is unavailable; try again later.' },
};

const env = {
  MicrosoftAppId: APP_ID,
  MicrosoftAppPassword: 'not-used-in-tests',
  MicrosoftAppTenantId: TENANT,
};

const sender = user(1, 'Kari Nordmann');
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('Bot Connector authentication (app id set, offline, local OpenID server)', () => {
  let openId: OpenIdServer;
  let h: Harness;
  let stderr: StderrCapture;

  async function start(options: { metadataTimeoutMs?: number } = {}): Promise<void> {
    h = await startHarness(env, { auth: openId.authOverrides(APP_ID, options) });
    stderr = captureStderr();
  }

  beforeEach(async () => {
    openId = await startOpenIdServer();
  });
  afterEach(async () => {
    stderr?.restore();
    await h?.close();
    await openId.close();
  });

  const activity = () => message({ serviceUrl: h.connector.url, from: sender, text: 'hjelp' });

  /** Lines of the bot's log that report an authentication failure. */
  const authLines = () =>
    h.logs.filter((line) => typeof line.reason === 'string' && line.reason.startsWith('auth.'));

  /** Posts with this Authorization header (none when undefined) and checks the refusal. */
  async function expectRefused(
    authorization: string | undefined,
    expected: { status: number; body: unknown; reason: string },
    body: unknown = activity(),
  ): Promise<void> {
    const response = await h.post(body, authorization === undefined ? {} : { authorization });
    await new Promise((resolve) => setTimeout(resolve, 20));
    stderr.restore();
    expect(response.status, `status for ${expected.reason}`).to.equal(expected.status);
    expect(response.body).to.deep.equal(expected.body);
    const lines = authLines();
    expect(lines.map((line) => line.reason)).to.deep.equal([expected.reason]);
    expect(stderr.text(), 'stderr').to.equal('');
    const raw = JSON.stringify(h.logs);
    const token = authorization?.replace(/^Bearer /, '') ?? '';
    for (const secret of [token, ...token.split('.'), OTHER_APP_ID, EVIL_ISSUER, sender.name]) {
      if (secret.length > 3) expect(raw).not.to.include(secret);
    }
    expect(h.connector.activities).to.have.length(0);
  }

  const refused = (reason: string) => ({ status: 401, body: UNAUTHORIZED, reason });

  describe('a valid token (the control)', () => {
    it('when the Bot Connector sends a message with a valid token, then 200 and the bot answers', async () => {
      await start();
      const body = activity();
      const token = openId.tokenFor(APP_ID, h.connector.url);
      const response = await h.post(body, { authorization: `Bearer ${token}` });
      stderr.restore();
      expect(response.status).to.equal(200);
      expect(await h.connector.waitFor(1)).to.have.length(1);
      expect(authLines()).to.deep.equal([]);
      expect(stderr.text()).to.equal('');
      // The keys were fetched once, by the check and botbuilder together.
      expect(openId.requests).to.deep.equal({ metadata: 1, keys: 1 });
    });

    it('when the Bot Connector sends an invoke with a valid token, then the invoke response is the HTTP answer', async () => {
      await start();
      const body = cardAction({ serviceUrl: h.connector.url, from: sender, verb: 'help.show' });
      const token = openId.tokenFor(APP_ID, h.connector.url);
      const response = await h.post(body, { authorization: `Bearer ${token}` });
      stderr.restore();
      expect(response.status).to.equal(200);
      expect(response.body).to.have.property('type', 'application/vnd.microsoft.card.adaptive');
      expect(stderr.text()).to.equal('');
    });
  });

  describe('refused tokens: 401, a fixed body, one log line with the reason, nothing on stderr', () => {
    it('when there is no Authorization header', async () => {
      await start();
      await expectRefused(undefined, refused('auth.missing-header'));
    });

    it('when the header is not a bearer JWT (garbage, another scheme, two tokens)', async () => {
      await start();
      for (const header of ['Bearer garbage', 'Basic a2FyaTpub3JkbWFubg==', 'Bearer a.b.c d.e.f', 'Bearer']) {
        h.logs.length = 0;
        stderr = captureStderr();
        await expectRefused(header, refused('auth.malformed-token'));
      }
    });

    it('when the token is unsigned (alg none), even with the real key id', async () => {
      await start();
      const now = nowSeconds();
      const claims = {
        iss: openId.issuer,
        aud: APP_ID,
        serviceurl: h.connector.url,
        nbf: now - 60,
        exp: now + 600,
      };
      await expectRefused(`Bearer ${openId.sign(claims, { alg: 'none' })}`, refused('auth.alg-none'));
    });

    it('when the token is HS256, signed with some secret or with the public key itself', async () => {
      await start();
      const token = openId.tokenFor(APP_ID, h.connector.url, {}, { alg: 'HS256', hmacSecret: 'guessed' });
      await expectRefused(`Bearer ${token}`, refused('auth.unsupported-alg'));
      h.logs.length = 0;
      stderr = captureStderr();
      const confused = openId.tokenFor(
        APP_ID,
        h.connector.url,
        {},
        { alg: 'HS256', hmacSecret: openId.publicKeyPem },
      );
      await expectRefused(`Bearer ${confused}`, refused('auth.unsupported-alg'));
    });

    it('when the token is self-signed with a key id the issuer does not have', async () => {
      await start();
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const token = openId.tokenFor(APP_ID, h.connector.url, {}, { privateKey, kid: 'attacker-key' });
      await expectRefused(`Bearer ${token}`, refused('auth.unknown-key'));
    });

    it('when the token carries no key id', async () => {
      await start();
      const token = openId.tokenFor(APP_ID, h.connector.url, {}, { kid: null });
      await expectRefused(`Bearer ${token}`, refused('auth.unknown-key'));
    });

    it('when the signature is forged with the real key id (self-signed, or claims changed after signing)', async () => {
      await start();
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const forged = openId.tokenFor(APP_ID, h.connector.url, {}, { privateKey });
      await expectRefused(`Bearer ${forged}`, refused('auth.bad-signature'));

      h.logs.length = 0;
      stderr = captureStderr();
      const [head, , signature] = openId.tokenFor(OTHER_APP_ID, h.connector.url).split('.');
      const now = nowSeconds();
      const tampered = Buffer.from(
        JSON.stringify({
          serviceurl: h.connector.url,
          nbf: now - 60,
          exp: now + 600,
          iss: openId.issuer,
          aud: APP_ID,
        }),
      ).toString('base64url');
      await expectRefused(`Bearer ${head}.${tampered}.${signature}`, refused('auth.bad-signature'));
    });

    it('when the token has expired (beyond the five minutes of clock skew allowed)', async () => {
      await start();
      const now = nowSeconds();
      const token = openId.tokenFor(APP_ID, h.connector.url, { nbf: now - 3600, exp: now - 400 });
      await expectRefused(`Bearer ${token}`, refused('auth.expired'));
    });

    it('when the token has no expiry at all', async () => {
      await start();
      const token = openId.tokenFor(APP_ID, h.connector.url, { exp: undefined });
      await expectRefused(`Bearer ${token}`, refused('auth.expired'));
    });

    it('when the token is not valid yet', async () => {
      await start();
      const now = nowSeconds();
      const token = openId.tokenFor(APP_ID, h.connector.url, { nbf: now + 900, exp: now + 3600 });
      await expectRefused(`Bearer ${token}`, refused('auth.not-yet-valid'));
    });

    it('when the token is for another app (audience), and the body does not echo its id', async () => {
      await start();
      const token = openId.tokenFor(OTHER_APP_ID, h.connector.url);
      await expectRefused(`Bearer ${token}`, refused('auth.wrong-audience'));
    });

    it('when the token comes from another issuer, correctly signed by the real key', async () => {
      await start();
      const token = openId.tokenFor(APP_ID, h.connector.url, { iss: EVIL_ISSUER });
      await expectRefused(`Bearer ${token}`, refused('auth.wrong-issuer'));
    });

    it('when the token names an Emulator issuer (which botbuilder would check against Microsoft login, online)', async () => {
      await start();
      const token = openId.tokenFor(APP_ID, h.connector.url, {
        iss: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/',
        appid: OTHER_APP_ID,
        ver: '1.0',
      });
      await expectRefused(`Bearer ${token}`, refused('auth.wrong-issuer'));
    });

    it('when the token was issued for another service URL than the activity names', async () => {
      await start();
      const token = openId.tokenFor(APP_ID, 'https://smba.trafficmanager.net/emea/');
      await expectRefused(`Bearer ${token}`, refused('auth.service-url-mismatch'));
    });

    it('when the signing key is not endorsed for the channel of the activity', async () => {
      await start();
      const token = openId.tokenFor(APP_ID, h.connector.url);
      const webchat = { ...activity(), channelId: 'webchat' };
      await expectRefused(`Bearer ${token}`, refused('auth.channel-not-endorsed'), webchat);
    });
  });

  describe('the key endpoint unreachable: 503, one operator log line', () => {
    const unavailable = { status: 503, body: AUTH_UNAVAILABLE, reason: 'auth.metadata-unreachable' };

    it('when the OpenID metadata server is down', async () => {
      await start();
      const token = openId.tokenFor(APP_ID, h.connector.url);
      await openId.close();
      await expectRefused(`Bearer ${token}`, unavailable);
      const line = authLines()[0]!;
      expect(line.level).to.equal('error');
      expect(line.msg).to.match(/signing keys/);
    });

    it('when the JWKS answers 500', async () => {
      await start();
      openId.failKeys(500);
      await expectRefused(`Bearer ${openId.tokenFor(APP_ID, h.connector.url)}`, unavailable);
    });

    it('when the metadata server accepts the connection and never answers, within the metadata timeout', async () => {
      await start({ metadataTimeoutMs: 300 });
      openId.hang();
      const started = Date.now();
      await expectRefused(`Bearer ${openId.tokenFor(APP_ID, h.connector.url)}`, unavailable);
      expect(Date.now() - started).to.be.below(2000);
    });

    it('when the keys come back, then a valid token is accepted again', async () => {
      await start();
      openId.failKeys(500);
      const first = await h.post(activity(), {
        authorization: `Bearer ${openId.tokenFor(APP_ID, h.connector.url)}`,
      });
      expect(first.status).to.equal(503);
      openId.failKeys(undefined);
      const second = await h.post(activity(), {
        authorization: `Bearer ${openId.tokenFor(APP_ID, h.connector.url)}`,
      });
      stderr.restore();
      expect(second.status).to.equal(200);
      expect(stderr.text()).to.equal('');
    });
  });
});

describe('the stderr probe of these tests', () => {
  it('can fail: it sees what a library prints with console.error', () => {
    const probe = captureStderr();
    console.error(new Error('printed around the logger'));
    probe.restore();
    expect(probe.text()).to.include('printed around the logger');
  });
});
