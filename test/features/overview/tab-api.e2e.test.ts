/**
 * The overview page's API through the real server: Teams SSO tokens signed by a local JWKS, checked
 * the way Entra's would be (signature, issuer of the tenant, audience, expiry, oid and tid). The
 * person is taken from the token alone. The routes run here with a stand-in for the overview's data
 * (it says whom it was built for); what each person sees is tested in overview-build.test.ts and,
 * with the real data, in overview-api.e2e.test.ts.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Feature } from '../../../src/app/feature.js';
import type { OverviewResponse } from '../../../src/features/overview/overview-model.js';
import { OVERVIEW_SETTINGS } from '../../../src/features/overview/overview-settings.js';
import { type OverviewBuilder, tabRoutes } from '../../../src/features/overview/tab-routes.js';
import { type Harness, startHarness } from '../../support/bot-harness.js';
import { type OpenIdServer, startOpenIdServer } from '../../support/openid-server.js';
import { SSO_CLIENT_ID, ssoEnv, ssoToken } from '../../support/sso-tokens.js';
import { TENANT } from '../../support/teams-activities.js';

const MEMBER = 'member-oid';
const OUTSIDER = 'outsider-oid';

/** Whom the stand-in built an overview for, in order. */
const built: string[] = [];

/** Builds an overview that names the person it was built for; outsiders may not open it. */
const standIn: OverviewBuilder = async (_app, aadObjectId) =>
  built.push(aadObjectId) && aadObjectId === OUTSIDER
    ? undefined
    : ({
        generatedAt: '2026-12-02T08:00:00.000Z',
        viewer: { displayName: aadObjectId, isMember: true, isCoordinator: false, isAdmin: false, roles: [] },
        queue: [],
      } satisfies OverviewResponse);

function overviewFeature(): Feature {
  return { name: 'overview', routes: (app) => tabRoutes(app, standIn), settings: OVERVIEW_SETTINGS };
}

describe('overview page API (Teams SSO)', () => {
  let keys: OpenIdServer;
  let bot: Harness;
  let tabDir: string;

  before(async () => {
    keys = await startOpenIdServer();
    tabDir = await mkdtemp(join(tmpdir(), 'mh-tab-'));
    await writeFile(join(tabDir, 'index.html'), '<!doctype html><title>Oversikt</title>');
    await writeFile(join(tabDir, 'tab.js'), 'console.log(1)');
    await writeFile(join(tabDir, 'chunk-5E2HNMNJ.js'), 'export const a = 1;');
    bot = await startHarness({ ...ssoEnv(keys), TAB_DIR: tabDir }, { features: [overviewFeature()] });
  });
  after(async () => {
    await bot.close();
    await keys.close();
    await rm(tabDir, { recursive: true, force: true });
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${bot.bot.url}${path}`, { headers });
  const withToken = (token: string) => get('/api/tab/overview', { authorization: `Bearer ${token}` });

  it("When the token is valid, then the overview is built for the token's oid, with no-store and no cookie", async () => {
    const response = await withToken(ssoToken(keys, { tenant: TENANT, oid: MEMBER }));
    expect(response.status).to.equal(200);
    const body = (await response.json()) as OverviewResponse;
    expect(body.viewer.displayName).to.equal(MEMBER);
    expect(response.headers.get('cache-control')).to.equal('no-store');
    expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(response.headers.get('set-cookie')).to.equal(null);
    expect(response.headers.get('content-security-policy')).to.contain("frame-ancestors 'none'");
  });

  it('When a v1 token names the Application ID URI, then it is accepted too', async () => {
    const response = await withToken(ssoToken(keys, { tenant: TENANT, oid: MEMBER, version: 'v1' }));
    expect(response.status).to.equal(200);
  });

  it('When the query names another person, then it is ignored: only the token says who asks', async () => {
    const token = ssoToken(keys, { tenant: TENANT, oid: MEMBER });
    const response = await get(`/api/tab/overview?aadObjectId=${OUTSIDER}&oid=${OUTSIDER}`, {
      authorization: `Bearer ${token}`,
    });
    expect(((await response.json()) as OverviewResponse).viewer.displayName).to.equal(MEMBER);
  });

  const refused: [string, () => Record<string, string>][] = [
    ['no Authorization header', () => ({})],
    ['a Basic header', () => ({ authorization: 'Basic dXNlcjpwYXNz' })],
    [
      'an expired token',
      () => ({ authorization: `Bearer ${ssoToken(keys, { tenant: TENANT, oid: MEMBER, expiresIn: -600 })}` }),
    ],
    [
      'a token for another audience',
      () => ({
        authorization: `Bearer ${ssoToken(keys, { tenant: TENANT, oid: MEMBER, claims: { aud: 'api://elsewhere/other-app' } })}`,
      }),
    ],
    [
      'a token of another tenant (its own issuer and tid)',
      () => ({ authorization: `Bearer ${ssoToken(keys, { tenant: 'other-tenant', oid: MEMBER })}` }),
    ],
    [
      "a token whose tid is another tenant under this tenant's issuer",
      () => ({
        authorization: `Bearer ${ssoToken(keys, { tenant: TENANT, oid: MEMBER, claims: { tid: 'other-tenant' } })}`,
      }),
    ],
    [
      'a forged signature (another key under the served key id)',
      () => ({
        authorization: `Bearer ${ssoToken(keys, {
          tenant: TENANT,
          oid: MEMBER,
          sign: { privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey },
        })}`,
      }),
    ],
    [
      'an unsigned token (alg none)',
      () => ({
        authorization: `Bearer ${ssoToken(keys, { tenant: TENANT, oid: MEMBER, sign: { alg: 'none' } })}`,
      }),
    ],
    [
      'a token without oid',
      () => ({
        authorization: `Bearer ${ssoToken(keys, { tenant: TENANT, oid: '', claims: { oid: undefined } })}`,
      }),
    ],
  ];
  for (const [what, headers] of refused) {
    it(`When the request carries ${what}, then it is 401 with a fixed body and nothing is built`, async () => {
      const before = built.length;
      const response = await get('/api/tab/overview', headers());
      expect(response.status).to.equal(401);
      expect(built.length, 'the overview was built').to.equal(before);
      expect(response.headers.get('www-authenticate')).to.equal('Bearer');
      expect(await response.json()).to.deep.equal({
        error: { code: 'unauthorized', message: 'The request could not be authenticated.' },
      });
    });
  }

  it('When a refusal is logged, then the log has the reason and neither the token nor the person', async () => {
    const token = ssoToken(keys, { tenant: TENANT, oid: 'someone-in-the-log', expiresIn: -600 });
    await withToken(token);
    const lines = bot.logs.filter((line) => line.msg === 'sign-in refused');
    expect(lines.map((line) => line.reason)).to.include('sso.expired');
    const text = JSON.stringify(bot.logs);
    expect(text).not.to.contain(token.slice(0, 40));
    expect(text).not.to.contain('someone-in-the-log');
  });

  it('When the signed-in person may not open the overview, then it is 403', async () => {
    const response = await withToken(ssoToken(keys, { tenant: TENANT, oid: OUTSIDER }));
    expect(response.status).to.equal(403);
  });

  it('When the page asks how to sign in, then it gets the client id and scope, and no development person', async () => {
    const response = await get('/api/tab/config');
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({
      mode: 'sso',
      clientId: SSO_CLIENT_ID,
      scope: `api://localhost/${SSO_CLIENT_ID}/access_as_user`,
      extraOrigins: [],
    });
  });

  it('When the page is fetched, then only Teams may frame it and it loads only its own files', async () => {
    const response = await get('/tab/');
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).to.contain(
      'frame-ancestors https://teams.microsoft.com https://*.teams.microsoft.com https://teams.cloud.microsoft',
    );
    expect(csp).to.contain("script-src 'self'");
    expect(csp).not.to.contain('unsafe-inline');
    expect(response.headers.get('set-cookie')).to.equal(null);
    expect((await get('/tab/tab.js')).headers.get('content-type')).to.equal('text/javascript; charset=utf-8');
    // esbuild names the chunks it splits off with upper-case hashes.
    expect((await get('/tab/chunk-5E2HNMNJ.js')).status).to.equal(200);
  });

  for (const path of [
    '/tab/../package.json',
    '/tab/%2e%2e%2fpackage.json',
    '/tab/missing.js',
    '/tab/.env',
    '/api/tab/other',
  ]) {
    it(`When ${path} is asked for, then it is 404`, async () => {
      expect((await get(path)).status).to.equal(404);
    });
  }

  it('When the signing keys cannot be fetched, then it is 503 (try again), not 401', async () => {
    const other = await startOpenIdServer();
    const harness = await startHarness(
      { ...ssoEnv(other), TAB_DIR: tabDir },
      { features: [overviewFeature()] },
    );
    try {
      other.failKeys(500);
      const response = await fetch(`${harness.bot.url}/api/tab/overview`, {
        headers: { authorization: `Bearer ${ssoToken(other, { tenant: TENANT, oid: MEMBER })}` },
      });
      expect(response.status).to.equal(503);
    } finally {
      await harness.close();
      await other.close();
    }
  });
});

describe('overview page API in development (TAB_DEV_USER)', () => {
  it('When a development person is set, then the overview is theirs without a token, and the page is told so', async () => {
    const bot = await startHarness({ TAB_DEV_USER: MEMBER }, { features: [overviewFeature()] });
    try {
      const overview = await fetch(`${bot.bot.url}/api/tab/overview`);
      expect(overview.status).to.equal(200);
      expect(((await overview.json()) as OverviewResponse).viewer.displayName).to.equal(MEMBER);
      const config = await (await fetch(`${bot.bot.url}/api/tab/config`)).json();
      expect(config).to.include({ mode: 'development' });
    } finally {
      await bot.close();
    }
  });

  it('When neither SSO nor a development person is set, then every overview request is 401', async () => {
    const bot = await startHarness({}, { features: [overviewFeature()] });
    try {
      expect((await fetch(`${bot.bot.url}/api/tab/overview`)).status).to.equal(401);
    } finally {
      await bot.close();
    }
  });
});
