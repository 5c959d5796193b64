/**
 * A stand-in for the bot's server in the browser tests: serves the built tab at /tab/ with the
 * real server's headers (CSP and all), GET /api/tab/config, and GET /api/tab/overview, which
 * checks the Bearer token against the one the test's Teams host hands out. Everything it is asked
 * is recorded. The harness takes any origin, so the real server can replace this one.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import type { OverviewResponse, TabConfig } from '../../../src/features/overview/overview-model.js';

export interface StubRequest {
  method: string;
  path: string;
  authorization: string | undefined;
}

export type OverviewAnswer =
  | { status: 200; body: OverviewResponse }
  | { status: number; body: { error: string } };

export interface TabStub {
  origin: string;
  /** What GET /api/tab/config answers; change it between tests. */
  config: TabConfig;
  /** The token GET /api/tab/overview accepts (in 'sso' mode); anything else is a 401. */
  expectedToken: string;
  /** The answer for an accepted request (default: the coordinator's overview). */
  overview: OverviewResponse;
  /** Forces an answer (e.g. 403), whatever the token. */
  forced: OverviewAnswer | null;
  requests: StubRequest[];
  /** The Bearer tokens GET /api/tab/overview was called with. */
  tokensSeen: string[];
  reset(): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

/** The headers the real server sends with the page (frame-ancestors lets the test host frame it). */
export function pageHeaders(frameAncestors: string[]): Record<string, string> {
  return {
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      `frame-ancestors ${frameAncestors.length > 0 ? frameAncestors.join(' ') : "'none'"}`,
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

export async function startTabStub(options: {
  tabDir: string;
  config: TabConfig;
  overview: OverviewResponse;
  expectedToken?: string;
  /** Origins allowed to frame the page (the test host's), besides Teams'. */
  frameAncestors?: string[];
}): Promise<TabStub> {
  const initial = {
    config: options.config,
    overview: options.overview,
    expectedToken: options.expectedToken ?? '',
  };
  const stub: TabStub = {
    origin: '',
    config: initial.config,
    expectedToken: initial.expectedToken,
    overview: initial.overview,
    forced: null,
    requests: [],
    tokensSeen: [],
    reset() {
      stub.config = initial.config;
      stub.overview = initial.overview;
      stub.expectedToken = initial.expectedToken;
      stub.forced = null;
      stub.requests.length = 0;
      stub.tokensSeen.length = 0;
    },
    close: async () => undefined,
  };
  const ancestors = [
    'https://teams.microsoft.com',
    'https://*.teams.microsoft.com',
    ...(options.frameAncestors ?? []),
  ];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stub');
    const authorization = req.headers.authorization;
    stub.requests.push({ method: req.method ?? 'GET', path: url.pathname, authorization });
    if (url.pathname === '/api/tab/config') return json(res, 200, stub.config);
    if (url.pathname === '/api/tab/overview') {
      const bearer = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
      if (bearer) stub.tokensSeen.push(bearer);
      if (stub.forced) return json(res, stub.forced.status, stub.forced.body);
      if (stub.config.mode === 'sso' && (!bearer || bearer !== stub.expectedToken))
        return json(res, 401, { error: bearer ? 'invalid token' : 'missing token' });
      return json(res, 200, stub.overview);
    }
    if (url.pathname === '/tab') {
      res.writeHead(301, { Location: '/tab/' });
      return void res.end();
    }
    const match = /^\/tab\/([A-Za-z0-9._-]*)$/.exec(url.pathname);
    if (match) {
      const name = match[1] || 'index.html';
      const type = TYPES[extname(name)];
      if (type && !name.startsWith('.')) {
        try {
          const body = await readFile(join(options.tabDir, name));
          res.writeHead(200, { 'Content-Type': type, ...pageHeaders(ancestors) });
          return void res.end(body);
        } catch {
          // falls through to 404
        }
      }
    }
    json(res, 404, { error: 'not found' });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => json(res, 500, { error: 'stub failed' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stub.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return stub;
}
