/**
 * The overview tab in Chromium: the built page framed by a test Teams host (teams-host.ts) that
 * answers teams-js as Teams does, served with the server's CSP by a stub of the bot's API.
 * Screenshots go to /tmp/tab-shots/ (not committed).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { buildTab } from '../../scripts/build-tab.js';
import type { TabConfig } from '../../src/features/overview/overview-model.js';
import { launchChromiumOrSkip } from './support/browser.js';
import { CONTACT_OVERVIEW, COORDINATOR_OVERVIEW, EMPTY_OVERVIEW } from './support/overview-fixtures.js';
import { startTabStub, type TabStub } from './support/tab-stub-server.js';
import {
  DEFAULT_CONTEXT,
  type OpenTabOptions,
  startTeamsHost,
  type TeamsHost,
} from './support/teams-host.js';

const SHOTS = '/tmp/tab-shots';
const TOKEN = 'test-token.eyJvaWQiOiJrYXJpIn0.signature';
const BOT_APP_ID = '3f0c2a5e-6b1d-4e7a-9c2f-0a1b2c3d4e5f';
const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core inside the frame (evaluated through DevTools, so the page's CSP stays as it is). */
async function axeViolations(frame: Frame): Promise<AxeViolation[]> {
  await frame.evaluate(AXE_SOURCE);
  const result = (await frame.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) =>
      ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`,
  )) as AxeViolation[];
  return result;
}

function serious(violations: AxeViolation[]): AxeViolation[] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

describe('overview tab (browser)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let host: TeamsHost;
  let stub: TabStub;
  let tabDir: string;
  let cspErrors: string[];
  const externalRequests: string[] = [];

  const ssoConfig = (): TabConfig => ({
    mode: 'sso',
    clientId: 'c0ffee00-0000-4000-8000-000000000001',
    scope: 'api://bot.example.org/c0ffee00-0000-4000-8000-000000000001/access_as_user',
    botAppId: BOT_APP_ID,
    extraOrigins: [host.origin],
  });

  async function open(options: Partial<OpenTabOptions> = {}, state = 'loaded'): Promise<Frame> {
    const frame = await host.openTab(page, { tabOrigin: stub.origin, token: TOKEN, ...options });
    await frame.waitForSelector(`body[data-state="${state}"]`, { timeout: 15_000 });
    return frame;
  }

  async function shot(name: string): Promise<void> {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }

  before(async function () {
    browser = await launchChromiumOrSkip(this);
    mkdirSync(SHOTS, { recursive: true });
    tabDir = await mkdtemp(join(tmpdir(), 'tab-build-'));
    await buildTab(tabDir);
    host = await startTeamsHost();
    stub = await startTabStub({
      tabDir,
      config: { mode: 'sso', extraOrigins: [] },
      overview: COORDINATOR_OVERVIEW,
      expectedToken: TOKEN,
      frameAncestors: [host.origin],
    });
    context = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'nb-NO' });
    // This machine is offline, and the page must not depend on anything but its own server:
    // every other request (teams-js's valid-domains list on a CDN, …) is refused and recorded.
    await context.route(
      (url) => url.hostname !== '127.0.0.1',
      (route) => {
        externalRequests.push(route.request().url());
        return route.abort();
      },
    );
    page = await context.newPage();
    page.on('pageerror', (error) => cspErrors.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      if (process.env.TAB_DEBUG) console.log(`    [page ${message.type()}] ${text}`);
      // teams-js fetches its list of valid Teams domains from a CDN when it loads; the page's CSP
      // (connect-src 'self') refuses it, and teams-js falls back to the list it carries.
      if (text.includes('res.cdn.office.net/teams-js/validDomains')) return;
      if (/Content Security Policy/i.test(text)) cspErrors.push(text);
    });
  });

  beforeEach(() => {
    stub.reset();
    stub.config = ssoConfig();
    cspErrors = [];
  });

  afterEach(() => {
    expect(cspErrors, 'the page breaks its CSP').to.deep.equal([]);
  });

  after(async () => {
    await browser?.close();
    await stub?.close();
    await host?.close();
    if (tabDir) await rm(tabDir, { recursive: true, force: true });
  });

  it('shows a coordinator every section in bokmål, signed in with the token from Teams', async () => {
    const frame = await open({ frameHeight: 2650 });
    expect(await frame.getAttribute('html', 'lang')).to.equal('nb');
    expect(await frame.getAttribute('body', 'class')).to.contain('theme-default');
    const headings = await frame.locator('h2').allTextContents();
    expect(headings).to.deep.equal([
      'Mine oppgaver',
      'Nettverkets åpne saker',
      'Kommende møter',
      'Saksliste for neste møte',
      'Innsjekk fra regionene',
      'Levering',
    ]);
    expect(await frame.locator('h1').textContent()).to.equal('Oversikt');
    const queue = frame.locator('section.section-queue');
    expect(await queue.textContent())
      .to.contain('Haster')
      .and.contain('Forfalt')
      .and.contain('V-2026-0012');
    expect(await queue.locator('tbody tr.item').count()).to.equal(3);
    // Deadlines in Europe/Oslo: 15:00Z is 16:00 in Oslo in winter.
    expect(await queue.locator('tr[data-id="g-12"] .deadline').textContent()).to.contain('16:00');
    expect(await queue.locator('tr[data-id="g-12"] td').nth(1).textContent()).to.equal('5 dager');
    // The token went to the API as a Bearer header, and the host was asked the Teams way.
    expect(stub.tokensSeen).to.deep.equal([TOKEN]);
    const funcs = (await host.messages(page)).map((m) => m.func);
    expect(funcs).to.include.members(['initialize', 'getContext', 'authentication.getAuthToken']);
    expect(funcs).to.include('appInitialization.success');
    // The context's user id is never sent anywhere.
    for (const request of stub.requests)
      expect(JSON.stringify(request)).not.to.contain(DEFAULT_CONTEXT.userObjectId);
    const matrix = frame.locator('table.matrix');
    expect(await matrix.locator('caption').textContent()).to.equal('Innsjekk per region og møte');
    expect(await matrix.locator('tbody tr').first().locator('td').first().textContent()).to.contain('Svart');
    expect(await frame.locator('.legend').textContent()).to.contain('Mangler');
    expect(await frame.locator('section.section-delivery').textContent()).to.contain(
      'Noe trenger oppfølging',
    );
    await shot('coordinator-nb-default');
  });

  it('shows an item in the page, by keyboard, and opens the bot chat through Teams', async () => {
    const frame = await open();
    const row = frame.locator('section.section-queue tr[data-id="g-12"]');
    const toggle = row.locator('button.disclosure');
    expect(await toggle.getAttribute('aria-expanded')).to.equal('false');
    const detailsId = (await toggle.getAttribute('aria-controls'))!;
    expect(await frame.locator(`[id="${detailsId}"]`).isVisible()).to.equal(false);
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).to.equal('true');
    const details = frame.locator(`[id="${detailsId}"]`);
    expect(await details.isVisible()).to.equal(true);
    const text = await details.textContent();
    expect(text).to.contain('V-2026-0012').and.contain('Veiledningsspørsmål').and.contain('Under behandling');
    expect(text).to.contain('Oppholdsavdelingen (OPA)').and.contain('Spørsmål om refleksjonsperiode');
    await page.keyboard.press('Space');
    expect(await toggle.getAttribute('aria-expanded')).to.equal('false');

    await row.locator('a.chat-link').click();
    // The link reaches the host by postMessage, after the click has returned.
    await page.waitForFunction('window.__teamsHost.links.length > 0', undefined, { timeout: 10_000 });
    expect(await host.openedLinks(page)).to.deep.equal([
      `https://teams.microsoft.com/l/chat/0/0?users=28:${BOT_APP_ID}`,
    ]);
  });

  it('shows a contact person their queue and meetings in English', async () => {
    stub.overview = CONTACT_OVERVIEW;
    const frame = await open({ context: { locale: 'en-US' }, frameHeight: 900 });
    expect(await frame.getAttribute('html', 'lang')).to.equal('en');
    expect(await frame.locator('h1').textContent()).to.equal('Overview');
    expect(await frame.locator('h2').allTextContents()).to.deep.equal(['My tasks', 'Upcoming meetings']);
    const meetings = await frame.locator('section.section-meetings').textContent();
    expect(meetings).to.contain('Network meeting').and.contain('No answer');
    expect(await frame.locator('section.section-queue').textContent()).to.contain('Follow-up action');
    await shot('contact-en-default');
  });

  it('fits a phone-sized screen (tables scroll in their own box, the page does not)', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      const frame = await open({ frameHeight: 3600 });
      const overflow = await frame.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      await shot('coordinator-nb-narrow');
      expect(overflow).to.equal(0);
    } finally {
      await page.setViewportSize({ width: 1100, height: 900 });
    }
  });

  it('says kindly that nothing is waiting', async () => {
    stub.overview = EMPTY_OVERVIEW;
    const frame = await open();
    expect(await frame.locator('section.section-queue .empty').textContent()).to.equal(
      'Ingenting venter på deg nå.',
    );
  });

  it('says there are no check-in rounds yet, instead of an empty matrix', async () => {
    stub.overview = { ...COORDINATOR_OVERVIEW, checkins: { cycles: [], regions: [] } };
    const frame = await open();
    expect(await frame.locator('section.section-checkins table').count()).to.equal(0);
    expect(await frame.locator('section.section-checkins .empty').textContent()).to.match(
      /^Ingen innsjekkrunder ennå/,
    );
  });

  it('follows the dark theme, with no serious accessibility violations', async () => {
    const frame = await open({ context: { theme: 'dark' }, frameHeight: 2650 });
    expect(await frame.getAttribute('body', 'class')).to.contain('theme-dark');
    await frame.locator('section.section-queue button.disclosure').first().click();
    await shot('coordinator-nb-dark');
    expect(serious(await axeViolations(frame))).to.deep.equal([]);
  });

  it('follows high contrast, with no serious accessibility violations', async () => {
    const frame = await open({ context: { theme: 'contrast', locale: 'en-GB' }, frameHeight: 2650 });
    expect(await frame.getAttribute('body', 'class')).to.contain('theme-contrast');
    await shot('coordinator-en-contrast');
    expect(serious(await axeViolations(frame))).to.deep.equal([]);
  });

  it('has no serious accessibility violations in the default theme (details open)', async () => {
    const frame = await open();
    await frame.locator('section.section-network button.disclosure').first().click();
    const violations = await axeViolations(frame);
    expect(serious(violations)).to.deep.equal([]);
  });

  it('changes theme live when Teams says so', async () => {
    const frame = await open();
    expect(await frame.getAttribute('body', 'class')).to.contain('theme-default');
    await host.sendThemeChange(page, 'dark');
    await frame.waitForSelector('body.theme-dark');
    await host.sendThemeChange(page, 'contrast');
    await frame.waitForSelector('body.theme-contrast');
    expect(await frame.getAttribute('body', 'class')).not.to.contain('theme-dark');
    await host.sendThemeChange(page, 'default');
    await frame.waitForSelector('body.theme-default');
  });

  it('signs in with MSAL nested app authentication where Teams recommends it', async () => {
    const config = ssoConfig();
    const frame = await open({ naaRecommended: true, naaClientId: config.clientId! });
    expect(await frame.locator('h2').first().textContent()).to.equal('Mine oppgaver');
    expect(stub.tokensSeen).to.deep.equal([TOKEN]);
    expect(await host.naaRequests(page)).to.deep.equal(['GetInitContext', 'GetToken']);
    const funcs = (await host.messages(page)).map((m) => m.func);
    expect(funcs).not.to.include('authentication.getAuthToken');
  });

  it('says plainly when the server does not accept the sign-in, and tries again', async () => {
    stub.expectedToken = 'another-token';
    const frame = await open({}, 'error');
    const problem = frame.locator('.problem');
    expect(await problem.getAttribute('role')).to.equal('alert');
    expect(await problem.textContent()).to.contain('Vi fikk ikke bekreftet hvem du er');
    const retry = problem.getByRole('button', { name: 'Prøv igjen' });
    expect(await retry.isVisible()).to.equal(true);
    await shot('error-401-nb');
    stub.expectedToken = TOKEN;
    await retry.click();
    await frame.waitForSelector('body[data-state="loaded"]');
    expect(await frame.locator('h2').first().textContent()).to.equal('Mine oppgaver');
  });

  it('says what a 403 means', async () => {
    stub.forced = { status: 403, body: { error: 'not a member' } };
    const frame = await open({ context: { locale: 'en-GB' } }, 'error');
    expect(await frame.locator('.problem').textContent()).to.contain(
      'You do not have access to this overview',
    );
  });

  it('says so when Teams gives no token, and never calls the API without one', async () => {
    const frame = await open({ token: null }, 'error');
    expect(await frame.locator('.problem').textContent()).to.contain('Innloggingen gjennom Teams mislyktes');
    expect(stub.requests.filter((r) => r.path === '/api/tab/overview')).to.deep.equal([]);
  });

  it('outside Teams only says it must be opened in Teams', async () => {
    const frame = page.mainFrame();
    await page.goto(`${stub.origin}/tab/`);
    await frame.waitForSelector('body[data-state="outside-teams"]', { timeout: 15_000 });
    expect(await frame.locator('main').textContent()).to.contain('Denne siden må åpnes i Microsoft Teams.');
    expect(await frame.locator('section').count()).to.equal(0);
    expect(stub.requests.map((r) => r.path)).not.to.include('/api/tab/overview');
    await shot('outside-teams');
  });

  it('in development mode outside Teams shows the banner and the overview without a token', async () => {
    stub.config = { mode: 'development', developmentPerson: 'Kari Nordmann', extraOrigins: [] };
    await page.goto(`${stub.origin}/tab/`);
    const frame = page.mainFrame();
    await frame.waitForSelector('body[data-state="loaded"]', { timeout: 15_000 });
    expect(await frame.locator('.dev-banner').textContent()).to.contain(
      'Utviklingsmodus: du ser siden som Kari Nordmann',
    );
    expect(await frame.locator('h2').first().textContent()).to.equal('Mine oppgaver');
    const calls = stub.requests.filter((r) => r.path === '/api/tab/overview');
    expect(calls).to.have.length(1);
    expect(calls[0]!.authorization).to.equal(undefined);
    await shot('development-outside-teams');
  });

  it('asked nothing of any server but its own (its CSP keeps even teams-js at home)', () => {
    expect(externalRequests).to.deep.equal([]);
  });
});
