import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { RouteConflictError } from '../../src/http/routes.js';
import {
  createHttpServer,
  type HealthReport,
  type HttpRoute,
  type HttpServer,
  type InboundMessage,
  type MessagesReply,
  type RouteReply,
} from '../../src/http/server.js';
import { createLogger } from '../../src/log/logger.js';
import { captureStderr } from '../support/stderr-capture.js';

const MAX_BODY_BYTES = 1024;
const VERSION = '9.9.9-test';
const PRIVATE_WORD = 'Kari-Nordmann-private';

interface Harness {
  server: HttpServer;
  base: string;
  port: number;
  logLines: () => Array<Record<string, unknown>>;
  rawLog: () => string;
  received: unknown[];
}

type Handler = (message: InboundMessage) => Promise<MessagesReply>;

const answerOk: Handler = async ({ body }) => ({
  kind: 'answer',
  status: 200,
  body: { ok: true, type: body.type },
});

const healthy = async (): Promise<HealthReport> => ({
  store: { readable: true, writable: true },
  outbox: { pending: 2 },
});

const running: HttpServer[] = [];

async function start(
  options: {
    onMessages?: Handler;
    health?: () => Promise<HealthReport>;
    timeouts?: { requestMs?: number; headersMs?: number };
    routes?: readonly HttpRoute[];
  } = {},
): Promise<Harness> {
  let log = '';
  const logger = createLogger('debug', {
    write(line: string) {
      log += line;
    },
  });
  const received: unknown[] = [];
  const onMessages = options.onMessages ?? answerOk;
  const server = createHttpServer({
    logger,
    maxBodyBytes: MAX_BODY_BYTES,
    version: VERSION,
    onMessages: async (message) => {
      received.push(message.body);
      return onMessages(message);
    },
    health: options.health ?? healthy,
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    ...(options.routes ? { routes: options.routes } : {}),
  });
  running.push(server);
  const { port, host } = await server.listen(0, '127.0.0.1');
  expect(host).to.equal('127.0.0.1');
  return {
    server,
    port,
    base: `http://127.0.0.1:${port}`,
    received,
    rawLog: () => log,
    logLines: () =>
      log
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

function postJson(
  base: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<globalThis.Response> {
  return fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

async function errorCode(response: globalThis.Response): Promise<string> {
  expect(response.headers.get('content-type')).to.match(/^application\/json/);
  const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
  expect(body.error?.message).to.be.a('string');
  return String(body.error?.code);
}

/** Sends a body with Transfer-Encoding: chunked (no Content-Length) through node:http. */
function postChunked(port: number, chunks: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/messages',
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    for (const chunk of chunks) {
      req.write(chunk);
    }
    req.end();
  });
}

/**
 * Opens a raw connection, writes `head` (and then `trickle` one piece at a time, every `everyMs`),
 * and reports when the server closed the connection and what it had answered by then.
 */
function slowClient(
  port: number,
  head: string,
  trickle: string[] = [],
  everyMs = 100,
): Promise<{ afterMs: number; answer: string }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let answer = '';
    let timer: NodeJS.Timeout | undefined;
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head);
      const rest = [...trickle];
      timer = setInterval(() => {
        const piece = rest.shift();
        if (piece === undefined) clearInterval(timer);
        else if (!socket.destroyed) socket.write(piece);
      }, everyMs);
    });
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ afterMs: Date.now() - started, answer });
    });
    setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open for ${Date.now() - started} ms`));
    }, 5000).unref();
  });
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('HTTP server', () => {
  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.close(1000)));
  });

  describe('POST /api/messages', () => {
    it('when the body is a JSON object, then onMessages gets it parsed and answers', async () => {
      const h = await start();
      const response = await postJson(h.base, JSON.stringify({ type: 'message', text: PRIVATE_WORD }), {
        'content-type': 'application/json; charset=utf-8',
      });
      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.equal({ ok: true, type: 'message' });
      expect(h.received).to.deep.equal([{ type: 'message', text: PRIVATE_WORD }]);
    });

    it('when the declared body is larger than maxBodyBytes, then 413 and onMessages is not called', async () => {
      const h = await start();
      const big = JSON.stringify({ type: 'message', text: 'x'.repeat(MAX_BODY_BYTES) });
      const response = await postJson(h.base, big);
      expect(response.status).to.equal(413);
      expect(await errorCode(response)).to.equal('payload_too_large');
      expect(h.received).to.deep.equal([]);
    });

    it('when a chunked body grows past maxBodyBytes, then 413', async () => {
      const h = await start();
      const chunk = 'x'.repeat(400);
      const { status, body } = await postChunked(h.port, ['{"text":"', chunk, chunk, chunk, '"}']);
      expect(status).to.equal(413);
      expect(JSON.parse(body)).to.have.nested.property('error.code', 'payload_too_large');
      expect(h.received).to.deep.equal([]);
    });

    it('when the JSON is malformed, then 400 without echoing the body', async () => {
      const h = await start();
      const response = await postJson(h.base, `{"text": "${PRIVATE_WORD}", oops}`);
      expect(response.status).to.equal(400);
      const text = await response.text();
      expect(JSON.parse(text)).to.have.nested.property('error.code', 'invalid_json');
      expect(text).not.to.contain(PRIVATE_WORD);
      expect(text).not.to.contain('oops');
      expect(h.received).to.deep.equal([]);
    });

    it('when the JSON is not an object (array, scalar, empty), then 400', async () => {
      const h = await start();
      for (const body of ['[1,2]', '"text"', 'null', '']) {
        const response = await postJson(h.base, body);
        expect(response.status, body).to.equal(400);
        expect(await errorCode(response)).to.be.oneOf(['bad_request', 'invalid_json']);
      }
      expect(h.received).to.deep.equal([]);
    });

    it('when the content type is not JSON, then 415', async () => {
      const h = await start();
      const plain = await postJson(h.base, '{"type":"message"}', { 'content-type': 'text/plain' });
      expect(plain.status).to.equal(415);
      expect(await errorCode(plain)).to.equal('unsupported_media_type');
      const form = await postJson(h.base, 'a=b', { 'content-type': 'application/x-www-form-urlencoded' });
      expect(form.status).to.equal(415);
      expect(h.received).to.deep.equal([]);
    });

    it('when the body is compressed, then 415 (no decompression of untrusted input)', async () => {
      const h = await start();
      const response = await fetch(`${h.base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: gzipSync('{"type":"message"}'),
      });
      expect(response.status).to.equal(415);
      expect(await errorCode(response)).to.equal('unsupported_content_encoding');
      expect(h.received).to.deep.equal([]);
    });

    it('when Content-Encoding is identity (any case, listed more than once), then the body is read as is', async () => {
      const h = await start();
      for (const encoding of ['identity', 'Identity', ' IDENTITY ', 'identity, identity']) {
        const response = await postJson(h.base, JSON.stringify({ type: 'message' }), {
          'content-encoding': encoding,
        });
        expect(response.status, encoding).to.equal(200);
        expect(await response.json()).to.deep.equal({ ok: true, type: 'message' });
      }
      expect(h.received).to.have.length(4);
    });

    it('when any other Content-Encoding is declared (deflate, br, gzip after identity, unknown, empty), then 415', async () => {
      const h = await start();
      const cases: [string, Uint8Array | string][] = [
        ['deflate', deflateSync('{"type":"message"}')],
        ['br', brotliCompressSync('{"type":"message"}')],
        ['identity, gzip', gzipSync('{"type":"message"}')],
        ['x-private', '{"type":"message"}'],
        ['', '{"type":"message"}'],
      ];
      for (const [encoding, body] of cases) {
        const response = await fetch(`${h.base}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-encoding': encoding },
          body,
        });
        expect(response.status, encoding).to.equal(415);
        expect(await errorCode(response)).to.equal('unsupported_content_encoding');
      }
      expect(h.received).to.deep.equal([]);
    });

    it('when onMessages throws, then a bare 500 is sent, the error is logged without its message, and the server keeps serving', async () => {
      let calls = 0;
      const h = await start({
        onMessages: async (message) => {
          calls += 1;
          if (calls === 1) {
            throw new Error(`failed for ${PRIVATE_WORD}`);
          }
          return answerOk(message);
        },
      });
      const failed = await postJson(h.base, '{"type":"message"}');
      expect(failed.status).to.equal(500);
      const text = await failed.text();
      expect(JSON.parse(text)).to.deep.equal({
        error: { code: 'internal_error', message: 'Internal server error.' },
      });
      const next = await postJson(h.base, '{"type":"message"}');
      expect(next.status).to.equal(200);
      const logged = h.logLines().find((line) => line.msg === 'message handler failed');
      expect(logged).to.have.nested.property('err.type', 'Error');
      expect(h.rawLog()).not.to.contain(PRIVATE_WORD);
    });

    it('when onMessages resolves without a usable answer, then 500 rather than a hanging request', async () => {
      const h = await start({ onMessages: async () => undefined as unknown as MessagesReply });
      const response = await postJson(h.base, '{"type":"message"}');
      expect(response.status).to.equal(500);
      expect(await errorCode(response)).to.equal('internal_error');
    });

    it('hands on the Authorization header with the body', async () => {
      let seen: InboundMessage | undefined;
      const h = await start({
        onMessages: async (message) => {
          seen = message;
          return { kind: 'answer', status: 200 };
        },
      });
      await postJson(h.base, '{"type":"message"}', { authorization: 'Bearer abc.def.ghi' });
      expect(seen).to.deep.equal({ body: { type: 'message' }, authorization: 'Bearer abc.def.ghi' });
      await postJson(h.base, '{"type":"message"}');
      expect(seen?.authorization).to.equal(undefined);
    });

    it('when onMessages answers, then its status and JSON body are sent (or no body at all)', async () => {
      const replies: MessagesReply[] = [
        {
          kind: 'answer',
          status: 200,
          body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' },
        },
        { kind: 'answer', status: 200 },
        { kind: 'answer', status: 501 },
      ];
      const h = await start({ onMessages: async () => replies.shift()! });
      const withBody = await postJson(h.base, '{"type":"invoke"}');
      expect(withBody.status).to.equal(200);
      expect(await withBody.json()).to.deep.equal({
        statusCode: 200,
        type: 'application/vnd.microsoft.card.adaptive',
      });
      const empty = await postJson(h.base, '{"type":"message"}');
      expect(empty.status).to.equal(200);
      expect(await empty.text()).to.equal('');
      const notImplemented = await postJson(h.base, '{"type":"invoke"}');
      expect(notImplemented.status).to.equal(501);
    });

    it('when onMessages refuses, then the fixed body of the refusal is sent, whatever else happened', async () => {
      const refusals: MessagesReply[] = [
        { kind: 'refused', refusal: 'invalidActivity' },
        { kind: 'refused', refusal: 'unauthorized' },
        { kind: 'refused', refusal: 'authUnavailable' },
      ];
      const h = await start({ onMessages: async () => refusals.shift()! });
      const invalid = await postJson(h.base, '{"type":5}');
      expect(invalid.status).to.equal(400);
      expect(await invalid.json()).to.deep.equal({
        error: { code: 'invalid_activity', message: 'The request body is not a valid activity.' },
      });
      const unauthorized = await postJson(h.base, '{"type":"message"}');
      expect(unauthorized.status).to.equal(401);
      expect(unauthorized.headers.get('www-authenticate')).to.equal('Bearer');
      expect(await unauthorized.json()).to.deep.equal({
        error: { code: 'unauthorized', message: 'The request could not be authenticated.' },
      });
      const unavailable = await postJson(h.base, '{"type":"message"}');
      expect(unavailable.status).to.equal(503);
      expect(await unavailable.json()).to.deep.equal({
        error: { code: 'auth_unavailable', message: 'Authentication is unavailable; try again later.' },
      });
    });

    it('when the method is not POST, then 405 JSON', async () => {
      const h = await start();
      const response = await fetch(`${h.base}/api/messages`);
      expect(response.status).to.equal(405);
      expect(await errorCode(response)).to.equal('method_not_allowed');
    });
  });

  describe('slow clients', () => {
    const head = (length: number) =>
      `POST /api/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

    it('when a client declares a body and stops sending it, then the connection is cut at the request timeout, not a check interval later', async () => {
      const h = await start({ timeouts: { requestMs: 1000 } });
      const { afterMs, answer } = await slowClient(h.port, `${head(100)}{"type":"mess`);
      expect(afterMs).to.be.at.least(900);
      expect(afterMs).to.be.below(2000);
      expect(answer).to.match(/^HTTP\/1\.1 408 /);
      expect(h.received).to.deep.equal([]);
    });

    it('when the part of the body that did arrive is valid JSON, then it is still not handed on', async () => {
      const h = await start({ timeouts: { requestMs: 500 } });
      await slowClient(h.port, `${head(100)}{"type":"message"}`);
      await sleep(100);
      expect(h.received).to.deep.equal([]);
    });

    it('when a client trickles its body byte by byte, then the whole request is still cut at the request timeout', async () => {
      const h = await start({ timeouts: { requestMs: 1000 } });
      const body = JSON.stringify({ type: 'message', text: 'x'.repeat(40) });
      const { afterMs } = await slowClient(h.port, head(body.length), body.split(''), 50);
      expect(afterMs).to.be.at.least(900);
      expect(afterMs).to.be.below(2000);
      expect(h.received).to.deep.equal([]);
    });

    it('when a client never finishes its headers, then the connection is cut at the headers timeout', async () => {
      const h = await start({ timeouts: { requestMs: 3000, headersMs: 800 } });
      const { afterMs } = await slowClient(h.port, 'POST /api/messages HTTP/1.1\r\nHost: localhost\r\n');
      expect(afterMs).to.be.at.least(700);
      expect(afterMs).to.be.below(1800);
      expect(h.received).to.deep.equal([]);
    });

    it('when a client sends its request in time, then the timeouts do not get in the way', async () => {
      const h = await start({ timeouts: { requestMs: 1000 } });
      await sleep(1500);
      const response = await postJson(h.base, '{"type":"message"}');
      expect(response.status).to.equal(200);
    });
  });

  describe('GET /healthz', () => {
    it('when the store is readable and writable, then 200 with status, version, store and extra facts', async () => {
      const h = await start();
      const response = await fetch(`${h.base}/healthz`);
      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.equal({
        status: 'ok',
        version: VERSION,
        store: { readable: true, writable: true },
        outbox: { pending: 2 },
      });
    });

    it('when the store is not writable, then 503 degraded, and the problem goes to the log only', async () => {
      const h = await start({
        health: async () => ({
          store: { readable: true, writable: false, problem: 'disk full at /srv/data' },
        }),
      });
      const response = await fetch(`${h.base}/healthz`);
      expect(response.status).to.equal(503);
      const text = await response.text();
      expect(JSON.parse(text)).to.deep.equal({
        status: 'degraded',
        version: VERSION,
        store: { readable: true, writable: false },
      });
      expect(text).not.to.contain('disk full');
      expect(h.rawLog()).to.contain('disk full');
    });

    it('when another check reports unhealthy, then 503', async () => {
      const h = await start({
        health: async () => ({ store: { readable: true, writable: true }, healthy: false }),
      });
      const response = await fetch(`${h.base}/healthz`);
      expect(response.status).to.equal(503);
      expect(await response.json()).to.have.property('status', 'degraded');
    });

    it('when health() throws, then 503 with an unusable store', async () => {
      const h = await start({
        health: async () => {
          throw new Error('boom');
        },
      });
      const response = await fetch(`${h.base}/healthz`);
      expect(response.status).to.equal(503);
      expect(await response.json()).to.deep.include({
        status: 'degraded',
        store: { readable: false, writable: false },
      });
    });
  });

  describe('other routes and logging', () => {
    it('when the route is unknown, then 404 JSON', async () => {
      const h = await start();
      const response = await fetch(`${h.base}/nothing/here`);
      expect(response.status).to.equal(404);
      expect(await errorCode(response)).to.equal('not_found');
    });

    it('writes one access line per request: method, route pattern, status, duration; no body, no query, no path', async () => {
      const h = await start();
      await (await postJson(`${h.base}`, JSON.stringify({ text: PRIVATE_WORD }))).text();
      await (
        await fetch(`${h.base}/api/messages?who=${PRIVATE_WORD}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).text();
      await (await fetch(`${h.base}/users/${PRIVATE_WORD}`)).text();
      await sleep(20);
      const access = h.logLines().filter((line) => line.msg === 'request');
      expect(access.map((line) => [line.method, line.route, line.status])).to.deep.equal([
        ['POST', '/api/messages', 200],
        ['POST', '/api/messages', 200],
        ['GET', 'unmatched', 404],
      ]);
      for (const line of access) {
        expect(line.durationMs).to.be.a('number');
      }
      expect(h.rawLog()).not.to.contain(PRIVATE_WORD);
    });
  });

  describe("features' GET routes", () => {
    const NOT_FOUND = { error: { code: 'not_found', message: 'No such resource.' } };
    const INTERNAL = { error: { code: 'internal_error', message: 'Internal server error.' } };

    /** A route under /test-files/ whose answer each test gives by path; it records what it got. */
    function testRoute(answers: Record<string, () => Promise<RouteReply>>): {
      route: HttpRoute;
      urls: string[];
    } {
      const urls: string[] = [];
      return {
        urls,
        route: {
          prefix: '/test-files/',
          async get({ url }) {
            urls.push(url);
            const answer = answers[url.split('?')[0]!];
            return answer ? answer() : { kind: 'refused', refusal: 'notFound' };
          },
        },
      };
    }

    const hello: RouteReply = {
      kind: 'answer',
      status: 200,
      contentType: 'text/plain; charset=utf-8',
      body: 'Hei, møte!',
      headers: { 'Content-Disposition': 'attachment; filename="hei.txt"', 'X-Extra': 'yes' },
    };

    it("when a path under the prefix is asked for, then the handler gets its path and query and the client gets the handler's status, headers and body", async () => {
      const { route, urls } = testRoute({ '/test-files/hello.txt': async () => hello });
      const h = await start({ routes: [route] });
      const response = await fetch(`${h.base}/test-files/hello.txt?exp=12&sig=a%2Fb`);
      expect(response.status).to.equal(200);
      expect(urls).to.deep.equal(['/test-files/hello.txt?exp=12&sig=a%2Fb']);
      expect(response.headers.get('content-type')).to.equal('text/plain; charset=utf-8');
      expect(response.headers.get('content-length')).to.equal(String(Buffer.byteLength('Hei, møte!')));
      expect(response.headers.get('content-disposition')).to.equal('attachment; filename="hei.txt"');
      expect(response.headers.get('x-extra')).to.equal('yes');
      expect(response.headers.get('cache-control')).to.equal('no-store');
      expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(await response.text()).to.equal('Hei, møte!');
    });

    it('when the handler answers another 2xx with its own Cache-Control, then that is what is sent', async () => {
      const { route } = testRoute({
        '/test-files/cached': async () => ({
          kind: 'answer',
          status: 203,
          contentType: 'text/plain',
          body: '',
          headers: { 'Cache-Control': 'private, max-age=60' },
        }),
      });
      const h = await start({ routes: [route] });
      const response = await fetch(`${h.base}/test-files/cached`);
      expect(response.status).to.equal(203);
      expect(response.headers.get('cache-control')).to.equal('private, max-age=60');
      expect(response.headers.get('content-length')).to.equal('0');
    });

    it('when the handler knows nothing at the path, or the path is only near the prefix, then the fixed 404', async () => {
      const { route, urls } = testRoute({});
      const h = await start({ routes: [route] });
      for (const path of ['/test-files/nothing.ics?sig=x', '/test-files/', '/test-files/a/b/c']) {
        const response = await fetch(`${h.base}${path}`);
        expect(response.status, path).to.equal(404);
        expect(response.headers.get('content-type'), path).to.match(/^application\/json/);
        expect(await response.json(), path).to.deep.equal(NOT_FOUND);
      }
      expect(urls).to.have.length(3);
      const outside = await fetch(`${h.base}/test-files`);
      expect(outside.status).to.equal(404);
      expect(await outside.json()).to.deep.equal(NOT_FOUND);
      expect(urls).to.have.length(3);
    });

    it('when the handler refuses, then the fixed body of the refusal is sent', async () => {
      const { route } = testRoute({
        '/test-files/forbidden': async () => ({ kind: 'refused', refusal: 'forbidden' }),
        '/test-files/gone': async () => ({ kind: 'refused', refusal: 'gone' }),
      });
      const h = await start({ routes: [route] });
      const forbidden = await fetch(`${h.base}/test-files/forbidden`);
      expect(forbidden.status).to.equal(403);
      expect(forbidden.headers.get('cache-control')).to.equal('no-store');
      expect(await forbidden.json()).to.deep.equal({
        error: { code: 'forbidden', message: 'Access to this resource is refused.' },
      });
      const gone = await fetch(`${h.base}/test-files/gone`);
      expect(gone.status).to.equal(410);
      expect(await gone.json()).to.deep.equal({
        error: { code: 'gone', message: 'This resource is no longer available.' },
      });
    });

    it("when the handler throws, then the fixed 500 without the error's text, logged without its message, and the server keeps serving", async () => {
      const { route } = testRoute({
        '/test-files/throws': async () => {
          throw new Error(`failed for ${PRIVATE_WORD}`);
        },
        '/test-files/hello.txt': async () => hello,
      });
      const h = await start({ routes: [route] });
      const failed = await fetch(`${h.base}/test-files/throws`);
      expect(failed.status).to.equal(500);
      const text = await failed.text();
      expect(JSON.parse(text)).to.deep.equal(INTERNAL);
      expect(text).not.to.contain(PRIVATE_WORD);
      expect((await fetch(`${h.base}/test-files/hello.txt`)).status).to.equal(200);
      const logged = h.logLines().find((line) => line.msg === 'route handler failed');
      expect(logged).to.have.nested.property('err.type', 'Error');
      expect(logged).to.have.property('route', '/test-files/*');
      expect(h.rawLog()).not.to.contain(PRIVATE_WORD);
    });

    it('when the handler answers with something the server must not write, then the fixed 500 and none of it', async () => {
      const answer = (overrides: Partial<Extract<RouteReply, { kind: 'answer' }>>) => async () =>
        ({ ...hello, body: PRIVATE_WORD, headers: { 'X-Leak': PRIVATE_WORD }, ...overrides }) as RouteReply;
      const { route } = testRoute({
        '/test-files/error-status': answer({ status: 404 }),
        '/test-files/redirect': answer({ status: 302, headers: { Location: 'https://example.org/' } }),
        '/test-files/reserved-header': answer({ headers: { 'X-Leak': 'x', 'Content-Length': '1' } }),
        '/test-files/split-header': answer({ headers: { 'X-Leak': `a\r\nSet-Cookie: ${PRIVATE_WORD}` } }),
        '/test-files/bad-name': answer({ headers: { 'X Leak': 'a' } }),
        '/test-files/bad-type': answer({ contentType: 'text/plain\r\nX-Leak: 1' }),
        '/test-files/not-text': answer({ body: { text: PRIVATE_WORD } as unknown as string }),
        '/test-files/refusal-unknown': async () =>
          ({ kind: 'refused', refusal: 'teapot' }) as unknown as RouteReply,
        '/test-files/nothing': async () => undefined as unknown as RouteReply,
      });
      const h = await start({ routes: [route] });
      for (const path of [
        '/test-files/error-status',
        '/test-files/redirect',
        '/test-files/reserved-header',
        '/test-files/split-header',
        '/test-files/bad-name',
        '/test-files/bad-type',
        '/test-files/not-text',
        '/test-files/refusal-unknown',
        '/test-files/nothing',
      ]) {
        const response = await fetch(`${h.base}${path}`, { redirect: 'manual' });
        expect(response.status, path).to.equal(500);
        expect(response.headers.get('x-leak'), path).to.equal(null);
        expect(response.headers.get('location'), path).to.equal(null);
        expect(response.headers.get('set-cookie'), path).to.equal(null);
        expect(await response.json(), path).to.deep.equal(INTERNAL);
      }
      expect(h.rawLog()).not.to.contain(PRIVATE_WORD);
    });

    it('when asked with HEAD, then the same status and headers without a body; other methods get the fixed 405 and never reach the handler', async () => {
      const { route, urls } = testRoute({ '/test-files/hello.txt': async () => hello });
      const h = await start({ routes: [route] });
      const head = await fetch(`${h.base}/test-files/hello.txt?sig=1`, { method: 'HEAD' });
      expect(head.status).to.equal(200);
      expect(head.headers.get('content-type')).to.equal('text/plain; charset=utf-8');
      expect(head.headers.get('content-length')).to.equal(String(Buffer.byteLength('Hei, møte!')));
      expect(head.headers.get('content-disposition')).to.equal('attachment; filename="hei.txt"');
      expect(await head.text()).to.equal('');
      const missing = await fetch(`${h.base}/test-files/other`, { method: 'HEAD' });
      expect(missing.status).to.equal(404);
      expect(await missing.text()).to.equal('');
      expect(urls).to.deep.equal(['/test-files/hello.txt?sig=1', '/test-files/other']);
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
        const response = await fetch(`${h.base}/test-files/hello.txt`, {
          method,
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        expect(response.status, method).to.equal(405);
        expect(await response.json(), method).to.deep.equal({
          error: { code: 'method_not_allowed', message: 'Method not allowed.' },
        });
      }
      expect(urls).to.have.length(2);
    });

    it('logs the route pattern, never the path or the query, even at debug, and prints nothing to stderr', async () => {
      const { route } = testRoute({ [`/test-files/${PRIVATE_WORD}.ics`]: async () => hello });
      const stderr = captureStderr();
      try {
        const h = await start({ routes: [route] });
        await (await fetch(`${h.base}/test-files/${PRIVATE_WORD}.ics?exp=1&sig=${PRIVATE_WORD}`)).text();
        await (await fetch(`${h.base}/test-files/x?sig=${PRIVATE_WORD}`)).text();
        await (await fetch(`${h.base}/test-files/x?sig=${PRIVATE_WORD}`, { method: 'HEAD' })).text();
        await (await fetch(`${h.base}/test-files/x?sig=${PRIVATE_WORD}`, { method: 'POST' })).text();
        await sleep(20);
        const access = h.logLines().filter((line) => line.msg === 'request');
        expect(access.map((line) => [line.method, line.route, line.status])).to.deep.equal([
          ['GET', '/test-files/*', 200],
          ['GET', '/test-files/*', 404],
          ['HEAD', '/test-files/*', 404],
          ['POST', 'unmatched', 405],
        ]);
        expect(h.rawLog()).not.to.contain(PRIVATE_WORD);
        expect(h.rawLog()).not.to.contain('sig=');
        expect(stderr.text()).to.equal('');
      } finally {
        stderr.restore();
      }
    });

    it('refuses, at creation, a prefix that is malformed or overlaps the server’s paths or another route', () => {
      const route = (prefix: string): HttpRoute => ({
        prefix,
        get: async () => ({ kind: 'refused', refusal: 'notFound' }),
      });
      const create = (...routes: HttpRoute[]) =>
        createHttpServer({
          logger: createLogger('silent'),
          maxBodyBytes: MAX_BODY_BYTES,
          version: VERSION,
          onMessages: answerOk,
          health: healthy,
          routes,
        });
      for (const prefixes of [
        ['/api/'],
        ['/api/messages/'],
        ['/api/messages/x/'],
        ['/healthz/'],
        ['/'],
        ['/files'],
        ['files/'],
        ['/Files/'],
        ['/files/*/'],
        ['/a b/'],
        ['/files/', '/files/'],
        ['/files/', '/files/ics/'],
        ['/files/ics/', '/files/'],
      ]) {
        expect(() => create(...prefixes.map(route)), prefixes.join(' ')).to.throw(RouteConflictError);
      }
      expect(() => create(route('/healthzx/'), route('/api/calendar/'), route('/files/'))).not.to.throw();
    });
  });

  describe('close', () => {
    it('waits for a slow in-flight request to finish, then refuses new connections', async () => {
      const entered = deferred();
      const release = deferred();
      const h = await start({
        onMessages: async (message) => {
          entered.resolve();
          await release.promise;
          return answerOk(message);
        },
      });
      const slow = postJson(h.base, '{"type":"message"}');
      await entered.promise;
      expect(h.server.inFlight()).to.equal(1);

      let closed = false;
      const closing = h.server.close(5000).then(() => {
        closed = true;
      });
      await sleep(100);
      expect(closed).to.equal(false);
      expect(h.server.inFlight()).to.equal(1);

      release.resolve();
      const response = await slow;
      expect(response.status).to.equal(200);
      expect(await response.json()).to.deep.equal({ ok: true, type: 'message' });
      await closing;
      expect(closed).to.equal(true);
      expect(h.server.inFlight()).to.equal(0);

      let refused: unknown;
      try {
        await fetch(`${h.base}/healthz`);
      } catch (err) {
        refused = err;
      }
      expect(refused).to.be.instanceOf(Error);
      expect((refused as Error & { cause?: { code?: string } }).cause?.code).to.equal('ECONNREFUSED');
    });

    it('does not hang on idle keep-alive connections', async () => {
      const h = await start();
      for (let i = 0; i < 3; i++) {
        const response = await fetch(`${h.base}/healthz`, { headers: { connection: 'keep-alive' } });
        await response.text();
      }
      const started = Date.now();
      await h.server.close(10_000);
      expect(Date.now() - started).to.be.below(2000);
    });

    it('gives up on a request that outlives the timeout, drops its connection and resolves', async () => {
      const entered = deferred();
      const never = deferred();
      const h = await start({
        onMessages: async () => {
          entered.resolve();
          await never.promise;
          return { kind: 'answer', status: 200 };
        },
      });
      const stuck = postJson(h.base, '{"type":"message"}').then(
        (response) => response.status,
        (err: unknown) => err,
      );
      await entered.promise;
      const started = Date.now();
      await h.server.close(200);
      const elapsed = Date.now() - started;
      expect(elapsed).to.be.at.least(150);
      expect(elapsed).to.be.below(3000);
      expect(await stuck).to.be.instanceOf(Error);
      never.resolve();
    });

    it('is safe to call twice and before listen', async () => {
      const h = await start();
      await Promise.all([h.server.close(1000), h.server.close(1000)]);
      const idle = createHttpServer({
        logger: createLogger('silent'),
        maxBodyBytes: MAX_BODY_BYTES,
        version: VERSION,
        onMessages: answerOk,
        health: healthy,
      });
      await idle.close(1000);
      expect(idle.inFlight()).to.equal(0);
    });
  });

  describe('listen', () => {
    it('rejects when the port is taken', async () => {
      const h = await start();
      const second = createHttpServer({
        logger: createLogger('silent'),
        maxBodyBytes: MAX_BODY_BYTES,
        version: VERSION,
        onMessages: answerOk,
        health: healthy,
      });
      let failure: unknown;
      try {
        await second.listen(h.port, '127.0.0.1');
      } catch (err) {
        failure = err;
      }
      expect(failure).to.have.property('code', 'EADDRINUSE');
    });
  });
});
