/**
 * The overview tab end to end: the page built by `npm run build` and served by the real bot server,
 * framed by the test Teams host, signed in with Teams SSO tokens that the server verifies against a
 * local JWKS, showing the real data (a guidance question asked in Teams a moment before). Screenshots
 * go to /tmp/tab-shots/real-*.png (not committed).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { buildTab } from '../../scripts/build-tab.js';
import { type OpenIdServer, startOpenIdServer } from '../support/openid-server.js';
import { ssoEnv, ssoToken } from '../support/sso-tokens.js';
import { TENANT, type TestUser, user } from '../support/teams-activities.js';
import { member, type Session, startSession } from '../support/ux.js';
import { launchChromiumOrSkip } from './support/browser.js';
import { startTeamsHost, type TeamsHost } from './support/teams-host.js';

const SHOTS = '/tmp/tab-shots';
const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const opa = user(2, 'Ola OPA');
const family = user(5, 'Fia Familie');
const asker = user(6, 'Siri Asyl');
const ROSTER = [
  member(user(1, 'Kari UDI'), [{ kind: 'coordinator', department: 'AUA' }]),
  member(opa, [{ kind: 'coordinator', department: 'OPA' }]),
  member(family, [{ kind: 'contact', department: 'OPA', unitId: 'opa-family' }]),
  member(asker, [{ kind: 'contact', department: 'ASA', unitId: 'asa-unit-1' }]),
];
const QUESTION = 'Politiet spør om rutinene for refleksjonsperiode ved familieinnvandring.';

describe('overview tab end to end: the real server, SSO, the real data (browser)', function () {
  this.timeout(90_000);
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let host: TeamsHost;
  let keys: OpenIdServer;
  let s: Session;
  let tabDir: string;
  let reference: string;
  const overviewRequests: string[] = [];

  before(async function () {
    browser = await launchChromiumOrSkip(this);
    mkdirSync(SHOTS, { recursive: true });
    tabDir = await mkdtemp(join(tmpdir(), 'tab-e2e-'));
    await buildTab(tabDir);
    host = await startTeamsHost();
    keys = await startOpenIdServer();
    s = await startSession({
      roster: ROSTER,
      greet: [opa, family, asker],
      env: {
        ...ssoEnv(keys),
        TAB_DIR: tabDir,
        TAB_EXTRA_ORIGINS: host.origin,
        TAB_FRAME_ANCESTORS: host.origin,
      },
    });
    const receipt = await s.click(asker, 'guidance.submit', {
      topicId: 'family-immigration',
      origin: 'external',
      externalSource: 'police',
      urgency: 'urgent',
      question: QUESTION,
    });
    reference = /V-\d{4}-\d{4}/.exec(JSON.stringify(receipt))?.[0] ?? '';
    await s.drain();
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    await context.route(
      (url) => url.hostname !== '127.0.0.1',
      (route) => route.abort(),
    );
    page = await context.newPage();
    page.on('request', (request) => {
      if (request.url().includes('/api/tab/overview')) overviewRequests.push(request.url());
    });
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await host?.close();
    await s?.close();
    await keys?.close();
    if (tabDir) await rm(tabDir, { recursive: true, force: true });
  });

  async function openAs(
    who: TestUser,
    options: { locale?: string; theme?: 'default' | 'dark' | 'contrast'; token?: string } = {},
    state = 'loaded',
  ): Promise<Frame> {
    const frame = await host.openTab(page, {
      tabOrigin: s.h.bot.url,
      token: options.token ?? ssoToken(keys, { tenant: TENANT, oid: who.aadObjectId }),
      context: {
        locale: options.locale ?? 'nb-NO',
        theme: options.theme ?? 'default',
        tid: TENANT,
        // What Teams says about the user decides nothing: the server reads the token.
        userObjectId: 'someone-else-entirely',
      },
    });
    await frame.waitForSelector(`body[data-state="${state}"]`, { timeout: 20_000 });
    return frame;
  }

  it('When the assignee opens the tab in Teams, then the question asked a moment ago is on their queue, urgent', async () => {
    const frame = await openAs(family);
    const text = await frame.locator('main').textContent();
    expect(text).to.contain(reference);
    expect(text).to.contain('Haster');
    expect(text).to.contain('Politiet spør om rutinene');
    expect(text).not.to.contain('Nettverkets åpne saker');
    await page.screenshot({ path: join(SHOTS, 'real-contact-nb.png'), fullPage: true });
  });

  it('When the department coordinator opens it in English and the dark theme, then the network section shows the question', async () => {
    const frame = await openAs(opa, { locale: 'en-GB', theme: 'dark' });
    const text = await frame.locator('main').textContent();
    expect(text).to.contain(reference);
    expect(await frame.locator('html').getAttribute('lang')).to.equal('en');
    expect(overviewRequests.at(-1)).to.match(/\?lang=en$/);
    await page.screenshot({ path: join(SHOTS, 'real-coordinator-en-dark.png'), fullPage: true });
    await frame.evaluate(AXE_SOURCE);
    const violations = (await frame.evaluate(
      `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id))`,
    )) as string[];
    expect(violations).to.deep.equal([]);
  });

  it('When Teams hands out a token of another tenant, then the server refuses it and the page says it could not sign in', async () => {
    const frame = await openAs(
      family,
      { token: ssoToken(keys, { tenant: 'other-tenant', oid: family.aadObjectId }) },
      'error',
    );
    const text = await frame.locator('main').textContent();
    expect(text).not.to.contain(reference);
    expect(text).to.match(/logge deg inn|logg inn|pålogging/i);
    await page.screenshot({ path: join(SHOTS, 'real-wrong-tenant.png'), fullPage: true });
  });

  it('When the tab is opened outside Teams, then it says so and asks the server for nothing personal', async () => {
    const before = overviewRequests.length;
    const direct = await context.newPage();
    try {
      await direct.goto(`${s.h.bot.url}/tab/`);
      await direct.waitForSelector('body[data-state="outside-teams"]', { timeout: 20_000 });
      expect(await direct.locator('main').textContent()).to.match(/Teams/);
      expect(overviewRequests.length).to.equal(before);
    } finally {
      await direct.close();
    }
  });
});
