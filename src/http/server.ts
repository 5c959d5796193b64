/**
 * The HTTP server (restify): POST /api/messages for the Bot Framework, GET /healthz, the features'
 * GET routes (routes.ts), JSON errors, an access log without bodies, paths or queries, and a graceful
 * close. No Bot Framework code here: the composition root passes `onMessages`, which runs the adapter
 * and says what to answer, and the routes, whose handlers say what to answer in plain data; this
 * module alone writes responses, so refusals always carry the fixed bodies of errors.ts.
 */
import type { IncomingMessage, Server as NodeHttpServer, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Next, Request, RequestHandler, Response, Server, ServerOptions } from 'restify';
import type { Logger } from '../log/logger.js';
import type { SignIn, SignInResult } from '../teams/sso-token.js';
import { errorShapeFor, HTTP_ERRORS, sendError } from './errors.js';
import { type HealthReport, healthHandler } from './health.js';
import { restify } from './restify.js';
import { checkRoutePrefixes, type HttpRoute, isWritableAnswer, type RouteReply } from './routes.js';

export type { HealthReport } from './health.js';
export type { HttpRoute, RouteReply, RouteRequest } from './routes.js';

/** What POST /api/messages hands on: the body (a parsed JSON object) and the Authorization header. */
export interface InboundMessage {
  body: Record<string, unknown>;
  authorization: string | undefined;
}

/** Refusals `onMessages` may answer with; each has a fixed body (errors.ts). */
export type MessagesRefusal = 'invalidActivity' | 'unauthorized' | 'authUnavailable';

/** What `onMessages` answers: the bot's answer (status, optional JSON body), or a refusal by name. */
export type MessagesReply =
  | { kind: 'answer'; status: number; body?: unknown }
  | { kind: 'refused'; refusal: MessagesRefusal };

/** What {@link createHttpServer} needs. */
export interface HttpServerOptions {
  logger: Logger;
  /** Largest accepted request body, in bytes (config MAX_BODY_BYTES). */
  maxBodyBytes: number;
  /** The app's version, shown by /healthz. */
  version: string;
  /**
   * Handles a POST /api/messages whose body has been read completely and parsed into a JSON object,
   * and says what to answer. If it throws, the client gets a bare 500 and the error is logged.
   */
  onMessages: (message: InboundMessage) => Promise<MessagesReply>;
  /** Reports the health of the store (and anything else worth showing) for GET /healthz. */
  health: () => Promise<HealthReport>;
  /**
   * Time a client may take to send a whole request (headers and body), and the headers alone, in
   * milliseconds. Defaults: 30 000 and 20 000 (the headers never get longer than the whole request).
   */
  timeouts?: { requestMs?: number; headersMs?: number };
  /** The features' GET routes, each served (with HEAD) for every path under its prefix. */
  routes?: readonly HttpRoute[];
  /**
   * Checks the bearer token of a request to a route that asks for sign-in (the overview page's API).
   * Without it, such routes refuse every request.
   */
  signIn?: SignIn;
}

/** The running server's controls. */
export interface HttpServer {
  /** Starts listening; resolves with the address actually bound (port 0 picks a free port). */
  listen(port: number, host: string): Promise<{ port: number; host: string }>;
  /**
   * Stops accepting connections, lets requests in flight finish for up to `timeoutMs`, then drops
   * whatever is left (including idle keep-alive connections) and resolves. Safe to call twice.
   */
  close(timeoutMs: number): Promise<void>;
  /** Requests received and not yet answered (or aborted). */
  inFlight(): number;
}

/** Time allowed for a client to send a whole request (headers and body); Teams sends small bodies. */
const REQUEST_TIMEOUT_MS = 30_000;
const HEADERS_TIMEOUT_MS = 20_000;
const MESSAGES_ROUTE = '/api/messages';
const HEALTH_ROUTE = '/healthz';

function mediaType(req: Request): string {
  const header = req.headers['content-type'] ?? '';
  return (header.split(';')[0] ?? '').trim().toLowerCase();
}

/** True when every content coding listed is `identity` (no transformation), e.g. "identity, Identity". */
function isIdentityOnly(contentEncoding: string): boolean {
  return contentEncoding.split(',').every((coding) => coding.trim().toLowerCase() === 'identity');
}

/** Rejects what the body parser should never see: non-JSON content, compressed bodies, declared oversize. */
function acceptJsonOnly(maxBodyBytes: number): RequestHandler {
  return function acceptJsonOnly(req: Request, res: Response, next: Next): void {
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined) {
      if (!isIdentityOnly(encoding)) {
        sendError(res, HTTP_ERRORS.unsupportedEncoding, { closeConnection: true });
        next(false);
        return;
      }
      // `identity` means "not encoded". restify's bodyReader knows no such thing: it refuses every
      // Content-Encoding header except gzip (which it would inflate, a thing we never want). So the
      // header is dropped here, after which the body is read as the plain bytes it is.
      delete req.headers['content-encoding'];
    }
    if (mediaType(req) !== 'application/json') {
      sendError(res, HTTP_ERRORS.unsupportedMediaType, { closeConnection: true });
      next(false);
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBodyBytes) {
      // Answer at once instead of reading (and discarding) the whole body, and drop the connection.
      sendError(res, HTTP_ERRORS.payloadTooLarge, { closeConnection: true });
      next(false);
      return;
    }
    next();
  };
}

/** After JSON parsing: the Bot Framework needs an object (an activity), not an array or a scalar. */
function requireObjectBody(req: Request, res: Response, next: Next): void {
  if (!req.complete) {
    // The client went away or was cut off (request timeout) before its body was all there; restify
    // still runs the chain when the connection closes. A partial request is never handed on.
    next(false);
    return;
  }
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    sendError(res, HTTP_ERRORS.badRequest);
    next(false);
    return;
  }
  next();
}

const REFUSALS: Record<
  MessagesRefusal,
  { shape: (typeof HTTP_ERRORS)[MessagesRefusal]; headers?: Record<string, string> }
> = {
  invalidActivity: { shape: HTTP_ERRORS.invalidActivity },
  unauthorized: { shape: HTTP_ERRORS.unauthorized, headers: { 'WWW-Authenticate': 'Bearer' } },
  authUnavailable: { shape: HTTP_ERRORS.authUnavailable },
};

/** Writes what onMessages answered; anything that is not a well-formed reply is a 500. */
function writeReply(res: Response, reply: MessagesReply | undefined, log: Logger): void {
  if (res.headersSent || res.destroyed) {
    return;
  }
  if (reply?.kind === 'refused' && Object.hasOwn(REFUSALS, reply.refusal)) {
    const { shape, headers } = REFUSALS[reply.refusal];
    sendError(res, shape, headers ? { headers } : {});
    return;
  }
  if (
    reply?.kind === 'answer' &&
    Number.isInteger(reply.status) &&
    reply.status >= 200 &&
    reply.status <= 599
  ) {
    res.setHeader('Cache-Control', 'no-store');
    if (reply.body === undefined) {
      res.send(reply.status);
    } else {
      res.send(reply.status, reply.body);
    }
    return;
  }
  log.error('message handler gave no usable answer');
  sendError(res, HTTP_ERRORS.internal);
}

const ROUTE_REFUSALS = {
  notFound: HTTP_ERRORS.notFound,
  forbidden: HTTP_ERRORS.forbidden,
  gone: HTTP_ERRORS.gone,
  unauthorized: HTTP_ERRORS.unauthorized,
  authUnavailable: HTTP_ERRORS.authUnavailable,
} as const;

/**
 * Writes what a feature's route answered: a refusal with its fixed body, an answer with the
 * handler's status, content type, body and headers (no-store and nosniff unless it says otherwise),
 * and anything else as a 500, before a single header of it is set. HEAD gets the headers alone.
 */
function writeRouteReply(res: Response, reply: RouteReply | undefined, log: Logger): void {
  if (res.headersSent || res.destroyed) return;
  if (reply?.kind === 'refused' && Object.hasOwn(ROUTE_REFUSALS, reply.refusal)) {
    sendError(
      res,
      ROUTE_REFUSALS[reply.refusal],
      reply.refusal === 'unauthorized' ? { headers: { 'WWW-Authenticate': 'Bearer' } } : {},
    );
    return;
  }
  if (!reply || !isWritableAnswer(reply)) {
    log.error('route handler gave no usable answer');
    sendError(res, HTTP_ERRORS.internal);
    return;
  }
  const body = Buffer.from(reply.body, 'utf8');
  res.sendRaw(reply.status, body, {
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...reply.headers,
    'Content-Type': reply.contentType,
    'Content-Length': String(body.length),
  });
}

/**
 * The restify handler of a feature's route: the handler sees the path and query, and may ask for the
 * person the request's bearer token names (verified here); nothing else of the request.
 */
function routeHandler(
  route: HttpRoute,
  log: Logger,
  signIn: SignIn | undefined,
): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    const verify = async (): Promise<SignInResult> => {
      const result: SignInResult = signIn
        ? await signIn(req.headers.authorization)
        : { ok: false, reason: 'sso.not-configured' };
      if (!result.ok) log.info({ route: routeOf(req), reason: result.reason }, 'sign-in refused');
      return result;
    };
    let reply: RouteReply;
    try {
      reply = await route.get({ url: req.url ?? '', signIn: verify });
    } catch (err) {
      log.error({ err, route: routeOf(req) }, 'route handler failed');
      sendError(res, HTTP_ERRORS.internal);
      return;
    }
    writeRouteReply(res, reply, log);
  };
}

function routeOf(req: IncomingMessage): string {
  const route = (req as Partial<Request>).getRoute?.();
  return route && typeof route.path === 'string' ? route.path : 'unmatched';
}

/** How often Node sweeps for requests over their time limit: a tenth of the shortest limit, 50 ms to 1 s. */
function checkingIntervalFor(shortestTimeoutMs: number): number {
  return Math.min(1000, Math.max(50, Math.floor(shortestTimeoutMs / 10)));
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive integer`);
  }
  return value;
}

/** Creates the server (not yet listening). See {@link HttpServerOptions}. */
export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { logger, maxBodyBytes, version, onMessages, health, routes = [], signIn } = options;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes <= 0) {
    throw new RangeError('maxBodyBytes must be a positive integer');
  }
  checkRoutePrefixes(routes, [MESSAGES_ROUTE, HEALTH_ROUTE]);
  const log = logger.child({ component: 'http' });
  // restify 11 logs through pino (its bundled types still say bunyan); give it ours, redaction included.
  // Never at trace: restify probes `log.trace()` bunyan-style, which pino turns into empty log lines.
  const restifyLevel = logger.level === 'trace' ? 'debug' : logger.level;
  const restifyLog = logger.child(
    { component: 'restify' },
    { level: restifyLevel },
  ) as unknown as ServerOptions['log'];
  const server: Server = restify.createServer({ name: 'mh-nettverket', log: restifyLog });
  const httpServer: NodeHttpServer = server.server;
  const requestTimeoutMs = positiveInteger(options.timeouts?.requestMs ?? REQUEST_TIMEOUT_MS, 'requestMs');
  const headersTimeoutMs = Math.min(
    positiveInteger(options.timeouts?.headersMs ?? HEADERS_TIMEOUT_MS, 'headersMs'),
    requestTimeoutMs,
  );
  httpServer.requestTimeout = requestTimeoutMs;
  httpServer.headersTimeout = headersTimeoutMs;
  // Node enforces both timeouts only when it sweeps its connections, every
  // `connectionsCheckingInterval` (default 30 s): a request timeout of 30 s then really means 30 to
  // 60 s. restify creates the Node server without options, but Node reads this property when the
  // server starts listening (and sets its sweep timer from it), so it is set here, before listen().
  // Sweeping every second (or every tenth of a shorter timeout) keeps the limits within a second.
  (httpServer as NodeHttpServer & { connectionsCheckingInterval: number }).connectionsCheckingInterval =
    checkingIntervalFor(headersTimeoutMs);

  const inFlight = new Set<ServerResponse>();
  let closing: Promise<void> | undefined;

  // Runs before restify's own listener: counts the request and writes the access log line when the
  // response is done (or the client went away). Method, route pattern, status, duration: nothing else.
  httpServer.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const started = process.hrtime.bigint();
    inFlight.add(res);
    if (closing) {
      res.setHeader('Connection', 'close');
    }
    res.once('close', () => {
      inFlight.delete(res);
      const route = routeOf(req);
      const entry = {
        method: req.method,
        route,
        status: res.statusCode,
        durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      if (route === HEALTH_ROUTE && res.statusCode === 200) {
        log.debug(entry, 'request');
      } else {
        log.info(entry, 'request');
      }
      if (closing && inFlight.size === 0) {
        httpServer.closeIdleConnections();
      }
    });
  });

  // Every error a handler chain ends with (unknown route, wrong method, bad JSON, oversize, a failing
  // handler) is answered here with a fixed body: never restify's default, which echoes messages.
  server.on('restifyError', (req: Request, res: Response, err: unknown, callback: () => void) => {
    const shape = errorShapeFor(err);
    if (shape.status >= 500) {
      log.error({ err, route: routeOf(req) }, 'request failed');
    }
    sendError(res, shape, { closeConnection: shape.status === 413 });
    callback();
  });

  // restify re-emits the HTTP server's 'error' events on itself; without a listener they would crash
  // the process. Failures to listen are reported by listen(); later ones are logged here.
  server.on('error', (err: Error) => {
    if (httpServer.listening) {
      log.error({ err }, 'server error');
    }
  });

  server.post(
    MESSAGES_ROUTE,
    acceptJsonOnly(maxBodyBytes),
    restify.plugins.bodyReader({ maxBodySize: maxBodyBytes }),
    restify.plugins.jsonBodyParser({ bodyReader: true, mapParams: false }),
    requireObjectBody,
    async (req: Request, res: Response): Promise<void> => {
      let reply: MessagesReply;
      try {
        reply = await onMessages({
          body: req.body as Record<string, unknown>,
          authorization: req.headers.authorization,
        });
      } catch (err) {
        log.error({ err }, 'message handler failed');
        sendError(res, HTTP_ERRORS.internal);
        return;
      }
      writeReply(res, reply, log);
    },
  );

  server.get(HEALTH_ROUTE, healthHandler({ logger: log, version, health }));

  // The access log names the pattern (`/api/calendar/*`), never the path or query: a feature's links
  // may carry ids and signatures there.
  for (const route of routes) {
    const serve = routeHandler(route, log, signIn);
    server.get(`${route.prefix}*`, serve);
    server.head(`${route.prefix}*`, serve);
  }

  return {
    listen(port: number, host: string): Promise<{ port: number; host: string }> {
      return new Promise((resolve, reject) => {
        const onError = (err: Error) => reject(err);
        server.once('error', onError);
        httpServer.listen(port, host, () => {
          server.off('error', onError);
          const address = httpServer.address() as AddressInfo;
          log.info({ port: address.port, host: address.address }, 'listening');
          resolve({ port: address.port, host: address.address });
        });
      });
    },

    close(timeoutMs: number): Promise<void> {
      if (closing) {
        return closing;
      }
      closing = new Promise<void>((resolve) => {
        if (!httpServer.listening) {
          resolve();
          return;
        }
        log.info({ inFlight: inFlight.size }, 'closing');
        const timer = setTimeout(() => {
          log.warn({ inFlight: inFlight.size }, 'shutdown timeout: dropping connections');
          httpServer.closeAllConnections();
        }, timeoutMs);
        httpServer.close(() => {
          clearTimeout(timer);
          log.info('closed');
          resolve();
        });
        // Responses still to be written end their connection; idle keep-alive connections go now.
        for (const res of inFlight) {
          if (!res.headersSent) {
            res.setHeader('Connection', 'close');
          }
        }
        httpServer.closeIdleConnections();
      });
      return closing;
    },

    inFlight(): number {
      return inFlight.size;
    },
  };
}
