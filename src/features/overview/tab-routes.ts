/**
 * The overview page over HTTP, on the bot's own server:
 * - `GET /tab/` (and `/tab/<file>`): the page's built files (dist/tab, from `npm run build`), with a
 *   Content-Security-Policy that lets only Teams frame it and lets it load nothing but its own files;
 * - `GET /api/tab/config`: how the page signs in (no sign-in needed; nothing secret or personal);
 * - `GET /api/tab/overview`: the signed-in person's overview (overview-model.ts). The person comes
 *   from the verified Teams token alone (the server checks it: src/teams/sso-token.ts); what they see
 *   is decided by the policy for that person (overview-build.ts). Not a member: 403.
 *
 * No cookies are set; every answer is `Cache-Control: no-store` (personal data is never cached) and
 * `X-Content-Type-Options: nosniff` (the server's defaults). A read writes nothing.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppContext } from '../../app/context.js';
import type { HttpRoute, RouteReply, RouteRequest } from '../../http/routes.js';
import type { OverviewResponse, TabConfig } from './overview-model.js';
import { OVERVIEW_SETTINGS } from './overview-settings.js';

export const TAB_PREFIX = '/tab/';
export const TAB_API_PREFIX = '/api/tab/';

/**
 * Builds the overview for a person, in the page's language (names of units); undefined when they may
 * not open it (not a member, not an admin).
 */
export type OverviewBuilder = (
  app: AppContext,
  aadObjectId: string,
  locale: 'nb' | 'en' | undefined,
) => Promise<OverviewResponse | undefined>;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};
/** The names a built file may have: flat (esbuild's chunks have upper-case hashes), one of the types above. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*\.(html|js|css|map|txt)$/;

/** What the JSON answers carry besides the server's defaults: they are data, never a page to frame. */
const API_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
} as const;

const json = (body: unknown): RouteReply => ({
  kind: 'answer',
  status: 200,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(body),
  headers: API_HEADERS,
});

/** The page's CSP: its own files only, talking to its own API, framed by Teams alone. */
export function pageSecurityPolicy(frameAncestors: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    // teams-js may fetch Microsoft's list of valid host domains; MSAL's nested app authentication
    // goes through the host, but may look up the authority.
    "connect-src 'self' https://res.cdn.office.net https://login.microsoftonline.com",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors.join(' ')}`,
  ].join('; ');
}

/** The page's language from `?lang=nb|en` (it only names things; it decides nothing). */
function languageOf(url: string): 'nb' | 'en' | undefined {
  const question = url.indexOf('?');
  if (question === -1) return undefined;
  const lang = new URLSearchParams(url.slice(question + 1)).get('lang');
  return lang === 'nb' || lang === 'en' ? lang : undefined;
}

function pathOf(url: string): string {
  const question = url.indexOf('?');
  return question === -1 ? url : url.slice(0, question);
}

/** The page's files. */
function tabFiles(app: AppContext): HttpRoute {
  return {
    prefix: TAB_PREFIX,
    async get({ url }) {
      const { dir, frameAncestors } = app.settings.of(OVERVIEW_SETTINGS);
      const rest = pathOf(url).slice(TAB_PREFIX.length);
      const name = rest === '' ? 'index.html' : rest;
      const match = FILE_NAME.exec(name);
      if (!match?.[1]) return { kind: 'refused', refusal: 'notFound' };
      let body: string;
      try {
        body = await readFile(join(dir, name), 'utf8');
      } catch {
        return { kind: 'refused', refusal: 'notFound' };
      }
      return {
        kind: 'answer',
        status: 200,
        contentType: CONTENT_TYPES[match[1]] ?? 'text/plain; charset=utf-8',
        body,
        headers: {
          // The files hold nothing personal; revalidated so a new build shows at once.
          'Cache-Control': 'no-cache',
          'Content-Security-Policy': pageSecurityPolicy(frameAncestors),
          'Referrer-Policy': 'no-referrer',
        },
      };
    },
  };
}

/**
 * What the page is told about signing in. In development, the name of the person it shows (from the
 * roster, else their id): there is no sign-in there, so the page says whom it is showing.
 */
export async function tabConfig(app: AppContext): Promise<TabConfig> {
  const { mode, clientId, scope, botAppId, extraOrigins, developmentUser } = app.pages;
  const developmentPerson =
    mode === 'development' && developmentUser
      ? ((await app.store.read((uow) => uow.people.get(developmentUser)))?.displayName ?? developmentUser)
      : undefined;
  return {
    mode: mode === 'development' ? 'development' : 'sso',
    ...(clientId ? { clientId } : {}),
    ...(scope ? { scope } : {}),
    ...(botAppId ? { botAppId } : {}),
    extraOrigins: [...extraOrigins],
    ...(developmentPerson ? { developmentPerson } : {}),
  };
}

/** The page's API. */
function tabApi(app: AppContext, build: OverviewBuilder): HttpRoute {
  return {
    prefix: TAB_API_PREFIX,
    async get(request: RouteRequest) {
      const path = pathOf(request.url);
      if (path === `${TAB_API_PREFIX}config`) return json(await tabConfig(app));
      if (path !== `${TAB_API_PREFIX}overview`) return { kind: 'refused', refusal: 'notFound' };
      const signedIn = await request.signIn();
      if (!signedIn.ok) {
        return {
          kind: 'refused',
          refusal: signedIn.reason === 'sso.keys-unavailable' ? 'authUnavailable' : 'unauthorized',
        };
      }
      const overview = await build(app, signedIn.person.aadObjectId, languageOf(request.url));
      if (!overview) return { kind: 'refused', refusal: 'forbidden' };
      // Who saw the lists (issue 14): the person and the page, never what it showed.
      await app.audit.record({ actor: signedIn.person.aadObjectId, action: 'read', target: 'overview' });
      return json(overview);
    },
  };
}

/** The overview feature's routes. */
export function tabRoutes(app: AppContext, build: OverviewBuilder): readonly HttpRoute[] {
  return [tabFiles(app), tabApi(app, build)];
}
