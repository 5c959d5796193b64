/**
 * A small Teams host for the browser tests: a page on its own loopback origin that frames the tab
 * and answers teams-js the way Teams does, over postMessage:
 *
 * - the tab sends `{ id, uuidAsString, func, args, ... }` to window.parent; the host answers the
 *   same window with `{ id, uuidAsString, args }` (teams-js ≥ 2.2x matches answers by uuid);
 * - `initialize` → [frameContext, hostClientType, host SDK version, runtime config (JSON text)];
 *   the runtime config says what the host supports (authentication, nestedAppAuth, pages, …) and
 *   whether it recommends nested app authentication (`isNAAChannelRecommended`);
 * - `getContext` → [the legacy context object: locale, theme, userObjectId, tid, …];
 * - `authentication.getAuthToken` → [true, token] or [false, reason];
 * - `nestedAppAuth.execute` (MSAL's nested app authentication, when the runtime recommends it):
 *   GetInitContext, GetToken → NestedAppAuthResponse JSON as the message's second argument;
 * - `executeDeepLink` (app.openLink) → [true], and the link is recorded;
 * - a theme change is pushed as `{ func: 'themeChange', args: [theme] }` (no id).
 *
 * teams-js accepts the host's messages only from an origin it trusts: the tab passes the host's
 * origin to app.initialize (the server's config, extraOrigins). The host records every message.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame, Page } from 'playwright-core';

export type TeamsTheme = 'default' | 'dark' | 'contrast';

/** What getContext answers (the legacy shape teams-js turns into app.Context). */
export interface HostContext {
  locale: string;
  theme: TeamsTheme;
  /** The user's object id: the page must never use it to decide anything. */
  userObjectId: string;
  tid: string;
  userPrincipalName?: string;
  hostClientType?: string;
}

export interface OpenTabOptions {
  /** The page's origin (the stub's, or the real bot server's). */
  tabOrigin: string;
  /** Path of the tab on that origin (default /tab/). */
  tabPath?: string;
  context?: Partial<HostContext>;
  /** The token getAuthToken hands out; null makes getAuthToken fail. */
  token: string | null;
  /** Whether the host recommends nested app authentication (default false: getAuthToken). */
  naaRecommended?: boolean;
  /** The app's client id MSAL is configured with (for the id token the host makes up). */
  naaClientId?: string;
  /** Height of the tab's frame in CSS pixels (default: the viewport's). */
  frameHeight?: number;
}

export interface HostMessage {
  func: string;
  args: unknown[];
}

export interface TeamsHost {
  origin: string;
  /** Loads the host page in `page`, frames the tab, waits until the tab has initialised. */
  openTab(page: Page, options: OpenTabOptions): Promise<Frame>;
  /** Pushes a theme change to the tab, as Teams does when the user switches theme. */
  sendThemeChange(page: Page, theme: TeamsTheme): Promise<void>;
  /** Every message the tab sent to the host, in order. */
  messages(page: Page): Promise<HostMessage[]>;
  /** The nested app authentication requests MSAL sent (GetInitContext, GetToken, …). */
  naaRequests(page: Page): Promise<string[]>;
  /** Links the tab opened through app.openLink. */
  openedLinks(page: Page): Promise<string[]>;
  close(): Promise<void>;
}

export const DEFAULT_CONTEXT: HostContext = {
  locale: 'nb-NO',
  theme: 'default',
  userObjectId: '00000000-0000-0000-0000-00000000c0de',
  tid: '11111111-1111-1111-1111-111111111111',
  userPrincipalName: 'kari.nordmann@udi.example',
  hostClientType: 'web',
};

/** The host page's script (no CSP on the host page; the tab's own page has one). */
const HOST_SCRIPT = `
const settings = JSON.parse(document.getElementById('settings').textContent);
const host = { messages: [], links: [], naaRequests: [], initialized: false };
window.__teamsHost = host;
const frame = document.createElement('iframe');
frame.id = 'tab';
frame.title = 'Tab';
frame.src = settings.tabUrl;
if (settings.frameHeight) frame.style.height = settings.frameHeight + 'px';
document.body.appendChild(frame);
const tabOrigin = new URL(settings.tabUrl).origin;
const runtime = {
  apiVersion: 4,
  hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
  isNAAChannelRecommended: settings.naaRecommended,
  isLegacyTeams: false,
  supports: {
    appEntity: {},
    appInstallDialog: {},
    authentication: {},
    nestedAppAuth: {},
    pages: { appButton: {}, tabs: {}, config: {}, backStack: {}, fullTrust: {} },
    teams: { fullTrust: { joinedTeams: {} } },
    teamsCore: {},
  },
};
function send(message) { frame.contentWindow.postMessage(message, tabOrigin); }
// Nested app authentication: MSAL in the tab sends NestedAppAuthRequest JSON through teams-js
// ('nestedAppAuth.execute', in msg.data); the host answers with NestedAppAuthResponse JSON as the
// second argument of a message, which teams-js hands back to MSAL.
function b64url(value) {
  return btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\\+/g, '-').replace(/\\//g, '_');
}
function answerNestedAppAuth(data) {
  const request = JSON.parse(data);
  host.naaRequests.push(request.method);
  const c = settings.context;
  const account = { homeAccountId: c.userObjectId + '.' + c.tid, environment: 'login.microsoftonline.com',
    tenantId: c.tid, username: c.userPrincipalName || '', localAccountId: c.userObjectId, name: 'Test Person' };
  const now = Math.floor(Date.now() / 1000);
  const idToken = b64url({ alg: 'none', typ: 'JWT' }) + '.' + b64url({ aud: settings.naa.clientId,
    iss: 'https://login.microsoftonline.com/' + c.tid + '/v2.0', iat: now, nbf: now, exp: now + 3600,
    oid: c.userObjectId, tid: c.tid, preferred_username: c.userPrincipalName, name: 'Test Person', ver: '2.0' }) + '.';
  const base = { messageType: 'NestedAppAuthResponse', requestId: request.requestId };
  let response;
  if (request.method === 'GetInitContext') {
    response = Object.assign(base, { success: true, initContext: { sdkName: 'test-host', sdkVersion: '1.0.0',
      accountContext: { homeAccountId: account.homeAccountId, environment: account.environment, tenantId: c.tid },
      capabilities: { queryAccount: false } } });
  } else if ((request.method === 'GetToken' || request.method === 'GetTokenPopup') && settings.token) {
    response = Object.assign(base, { success: true, account, token: { access_token: settings.token,
      expires_in: 3600, id_token: idToken, scope: (request.tokenParams.scope || ''), token_type: 'Bearer' } });
  } else {
    response = Object.assign(base, { success: false, error: { status: 'PERSISTENT_ERROR', code: 'no_token',
      description: 'the test host gives no token' } });
  }
  send({ args: [undefined, JSON.stringify(response)] });
}
host.sendThemeChange = (theme) => send({ func: 'themeChange', args: [theme] });
window.addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow || event.origin !== tabOrigin) return;
  const msg = event.data;
  if (!msg || typeof msg.func !== 'string') return;
  host.messages.push({ func: msg.func, args: msg.args || [] });
  const reply = (args) => send({ id: msg.id, uuidAsString: msg.uuidAsString, args });
  switch (msg.func) {
    case 'initialize':
      host.initialized = true;
      // [frame context, client type, host SDK version, runtime config]: the order today's Teams uses
      // (teams-js also takes the runtime config third, but looks for nested app auth in the fourth).
      return reply(['content', settings.context.hostClientType || 'web', '2.58.0', JSON.stringify(runtime)]);
    case 'getContext':
      return reply([Object.assign({ frameContext: 'content', entityId: 'overview', hostName: 'Teams',
        appSessionId: 'a0b1c2d3-0000-4000-8000-000000000001' }, settings.context)]);
    case 'authentication.getAuthToken':
      return settings.token ? reply([true, settings.token]) : reply([false, 'FailedToGetToken']);
    case 'nestedAppAuth.execute':
      return answerNestedAppAuth(msg.data);
    case 'executeDeepLink':
      host.links.push(msg.args[0]);
      return reply([true]);
    default:
      return; // registerHandler, appInitialization.success, …: no answer
  }
});
`;

function hostPage(settings: unknown): string {
  const json = JSON.stringify(settings).replace(/</g, '\\u003c');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test Teams host</title>
<style>html,body{margin:0;height:100%;background:#888}iframe{display:block;border:0;width:100%;height:100vh}</style>
</head><body><script type="application/json" id="settings">${json}</script><script>${HOST_SCRIPT}</script></body></html>`;
}

export async function startTeamsHost(): Promise<TeamsHost> {
  const pages = new Map<string, string>();
  let next = 0;
  const server = createServer((req, res) => {
    const html = pages.get(new URL(req.url ?? '/', 'http://host').pathname);
    if (!html) {
      res.writeHead(404);
      return void res.end();
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    async openTab(page, options) {
      const path = `/host/${++next}`;
      const tabUrl = new URL(options.tabPath ?? '/tab/', options.tabOrigin).href;
      pages.set(
        path,
        hostPage({
          tabUrl,
          token: options.token,
          naaRecommended: options.naaRecommended ?? false,
          naa: { clientId: options.naaClientId ?? '' },
          frameHeight: options.frameHeight ?? null,
          context: { ...DEFAULT_CONTEXT, ...options.context },
        }),
      );
      await page.goto(`${origin}${path}`);
      const handle = await page.waitForSelector('iframe#tab', { state: 'attached' });
      const frame = await handle.contentFrame();
      if (!frame) throw new Error('the tab frame did not load');
      await frame.waitForLoadState('domcontentloaded');
      return frame;
    },
    async sendThemeChange(page, theme) {
      await page.evaluate(`window.__teamsHost.sendThemeChange(${JSON.stringify(theme)})`);
    },
    async messages(page) {
      return (await page.evaluate('window.__teamsHost.messages')) as HostMessage[];
    },
    async naaRequests(page) {
      return (await page.evaluate('window.__teamsHost.naaRequests')) as string[];
    },
    async openedLinks(page) {
      return (await page.evaluate('window.__teamsHost.links')) as string[];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
