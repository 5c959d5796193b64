/**
 * A local stand-in for the Bot Connector: accepts what botbuilder sends (replies, proactive
 * messages, updates, new conversations), records it, and can be told to fail.
 *
 * Optionally it enforces Teams' rate limits (sliding windows per conversation and per app, counted
 * by arrival time) and answers 429 when a request would break one, so an outbox can be measured
 * against the real rules. It can also fail on a script (per request, per conversation, per member
 * on create), fail at random with given shares of statuses (a storm), drop connections without an
 * answer, and delay every answer.
 *
 * Two ways of counting: `maxInWindow` / `limitsExceeded` count the requests it ACCEPTED (what the
 * enforcement above counts); `requests` / `peakRequests` / `requestLimitsExceeded` count EVERY request
 * that reached it, whatever the answer (429, 5xx, a dropped connection), which is how a client has to
 * count to stay within the limits when a refused request may count too.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface CapturedActivity {
  method: 'POST' | 'PUT';
  conversationId: string;
  /** The activity id in the path (reply-to for POST, the updated activity for PUT). */
  pathActivityId?: string;
  /** The id the fake connector gave the activity. */
  id: string;
  /** The request body; `{}` when the connector runs with `keepBodies: false`. */
  body: Record<string, unknown>;
  /** Arrival time in epoch milliseconds (sub-millisecond, monotonic within one run). */
  at: number;
  /** What the `keyOf` option extracted from the body on arrival (kept even without bodies). */
  key?: string;
}

/** At most `limit` requests in any `windowMs` milliseconds. */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

/** The windows the fake enforces (or, when enforcement is off, measures against). */
export interface RateLimits {
  perConversation: RateWindow[];
  perApp: RateWindow[];
}

/** Teams' documented limits: per conversation 7/1 s, 8/2 s, 60/30 s, 1800/h; per app 30/s. */
export const TEAMS_LIMITS: RateLimits = {
  perConversation: [
    { limit: 7, windowMs: 1_000 },
    { limit: 8, windowMs: 2_000 },
    { limit: 60, windowMs: 30_000 },
    { limit: 1800, windowMs: 3_600_000 },
  ],
  perApp: [{ limit: 30, windowMs: 1_000 }],
};

/** What a latency function is told about the request it delays. */
export interface RequestInfo {
  kind: 'create' | 'send' | 'update' | 'other';
  method: string;
  /** The conversation in the path (send / update) or the one a create resolves to. */
  conversationId?: string;
}

export interface FakeConnectorOptions {
  /** Enforce rate limits: `true` for {@link TEAMS_LIMITS}, or windows of your own. Default off. */
  limits?: boolean | Partial<RateLimits>;
  /** Whether a 429 from the limits carries `Retry-After` (seconds, rounded up). Default 'always'. */
  retryAfter?: 'always' | 'never';
  /** Delay before every answer (including failures and drops): fixed, or per request. */
  latencyMs?: number | ((request: RequestInfo) => number);
  /**
   * Time a request takes to "arrive": it is counted (and answered, after `latencyMs`) only this long
   * after the fake received it, as if it had been slow on the way. Fixed, or per request.
   */
  transitMs?: number | ((request: RequestInfo) => number);
  /** Keep request bodies of captured activities. Default true; false keeps ids, conversation and time. */
  keepBodies?: boolean;
  /** Extracts a key (e.g. an idempotency key) from each activity body on arrival; stored as `key`. */
  keyOf?: (body: Record<string, unknown>) => string | undefined;
}

/** A 1:1 conversation the connector created (or handed back again) for a member. */
export interface CreatedConversation {
  conversationId: string;
  memberIds: string[];
  tenantId?: string;
  at: number;
}

/** Every request that reached the connector on a conversation route, whatever the answer. */
export interface ArrivedRequest {
  kind: 'create' | 'send' | 'update';
  /** The conversation in the path, or the one a create resolves to. */
  conversationId: string;
  /** Arrival time in epoch milliseconds (same clock as {@link CapturedActivity.at}). */
  at: number;
  /** The status answered, or 'dropped' when the connection was destroyed without an answer. */
  outcome: number | 'dropped';
}

/** One share of a random fault script: this fraction of requests is answered `status` (with `headers`). */
export interface RandomFault {
  share: number;
  status: number;
  headers?: Record<string, string>;
}

/** A request answered 429 because it would have broken a limit. */
export interface ThrottledRequest {
  conversationId: string;
  kind: 'create' | 'send' | 'update';
  scope: 'conversation' | 'app';
  at: number;
  /** The Retry-After sent, in seconds; absent when the connector runs with `retryAfter: 'never'`. */
  retryAfterSeconds?: number;
}

export interface FakeConnector {
  url: string;
  /** Delivered sends and updates, in arrival order. */
  activities: CapturedActivity[];
  /** Bodies of accepted POST /v3/conversations requests (minimal when `keepBodies` is false). */
  createdConversations: Record<string, unknown>[];
  /** Accepted creates with their member ids and the conversation id handed out. */
  conversationCreates: CreatedConversation[];
  /** Every 429 the limits provoked, in arrival order. */
  throttled: ThrottledRequest[];
  /** Every request that reached a conversation route (create, send, update), in arrival order. */
  requests: ArrivedRequest[];
  /** Makes the next N requests (of any kind) answer with this status (and optional headers). */
  failNext(status: number, count?: number, headers?: Record<string, string>): void;
  /** Makes the next sends / updates to this conversation answer these statuses, in order. */
  failFor(conversationId: string, statuses: number[], headers?: Record<string, string>): void;
  /** Makes the next creates of a conversation with this member answer this status (or these, in order). */
  failCreateFor(memberId: string, status: number | number[], headers?: Record<string, string>): void;
  /**
   * From now on, answers each create / send / update that no scripted failure claimed with a random
   * fault: a request draws r from `random` (default Math.random) and gets the first fault whose
   * cumulative share exceeds r; otherwise it goes on as usual. `failRandomly([])` stops the storm.
   */
  failRandomly(faults: RandomFault[], random?: () => number): void;
  /**
   * Destroys the socket of the next N requests without an answer. With `delivered: true` the request
   * is processed first (recorded and counted, as if the answer was lost on the way back).
   */
  dropNext(count?: number, options?: { delivered?: boolean }): void;
  /** Changes the latency for requests that arrive from now on. */
  setLatency(latencyMs: number | ((request: RequestInfo) => number)): void;
  /** Resolves when at least `count` activities were captured, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<CapturedActivity[]>;
  /** The Adaptive Card of a captured activity, if it has one. */
  cardOf(activity: CapturedActivity): Record<string, unknown> | undefined;
  /** Delivered activities (sends and updates), all or for one conversation. */
  deliveredCount(conversationId?: string): number;
  /** Delivered activities of one conversation, in arrival order. */
  activitiesFor(conversationId: string): CapturedActivity[];
  /** Keys seen more than once among delivered POSTs (activities whose key is undefined are skipped). */
  duplicates(key: (activity: CapturedActivity) => string | undefined): string[];
  /** The 1:1 conversation id handed out for a member, if one was created. */
  conversationFor(memberId: string): string | undefined;
  /** 429s provoked by the limits, all or for one conversation. */
  throttledCount(conversationId?: string): number;
  /**
   * The most counted requests (sends, creates, updates) that arrived within any `windowMs`:
   * for one conversation, or for the whole app when `conversationId` is null.
   */
  maxInWindow(conversationId: string | null, windowMs: number): number;
  /** True if delivered requests ever broke the limits (the configured ones, or Teams' when off). */
  limitsExceeded(): boolean;
  /** Requests that reached the connector (any answer), all or for one conversation. */
  requestCount(conversationId?: string): number;
  /**
   * The most requests of ANY outcome (accepted, refused, dropped) that arrived within any `windowMs`:
   * for one conversation, or for the whole app when `conversationId` is null.
   */
  peakRequests(conversationId: string | null, windowMs: number): number;
  /**
   * The windows broken when every request that arrived counts, e.g. ["conversation a:1: 8 in 1000 ms
   * (limit 7)"]; empty when none was. Checked against `against`, else the configured limits (Teams'
   * when enforcement is off).
   */
  requestLimitsExceeded(against?: RateLimits): string[];
  close(): Promise<void>;
}

interface ScriptedFailure {
  status: number;
  headers: Record<string, string>;
}

type Route =
  | { kind: 'create'; body: Record<string, unknown>; memberIds: string[]; conversationId: string }
  | {
      kind: 'send' | 'update';
      conversationId: string;
      pathActivityId?: string;
      body: Record<string, unknown>;
    }
  | { kind: 'other' };

/** Starts the fake connector on a free loopback port. */
export async function startFakeConnector(options: FakeConnectorOptions = {}): Promise<FakeConnector> {
  const enforce = options.limits !== undefined && options.limits !== false;
  const limits = resolveLimits(options.limits);
  const retryAfter = options.retryAfter ?? 'always';
  const keepBodies = options.keepBodies ?? true;
  let latency = options.latencyMs ?? 0;

  const activities: CapturedActivity[] = [];
  const createdConversations: Record<string, unknown>[] = [];
  const conversationCreates: CreatedConversation[] = [];
  const throttled: ThrottledRequest[] = [];
  const requests: ArrivedRequest[] = [];
  const arrivals = new ArrivalLog();
  let randomFaults: { faults: RandomFault[]; random: () => number } | undefined;
  const failures: ScriptedFailure[] = [];
  const failuresByConversation = new Map<string, ScriptedFailure[]>();
  const failuresByMember = new Map<string, ScriptedFailure[]>();
  const drops: { delivered: boolean }[] = [];
  const conversationByMember = new Map<string, string>();
  const windows = new ArrivalLog();
  const waiters: (() => void)[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let exceeded = false;

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (res.headersSent || res.destroyed) return;
      res.statusCode = 500;
      res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJson(req);
    const route = routeOf(req, body);
    const info: RequestInfo = {
      kind: route.kind,
      method: req.method ?? 'GET',
      ...(route.kind !== 'other' ? { conversationId: route.conversationId } : {}),
    };
    const transit =
      typeof options.transitMs === 'function' ? options.transitMs(info) : (options.transitMs ?? 0);
    await sleep(transit);
    const at = now();
    const delay = typeof latency === 'function' ? latency(info) : latency;

    const arrived = (outcome: ArrivedRequest['outcome']) => {
      if (route.kind === 'other') return;
      requests.push({ kind: route.kind, conversationId: route.conversationId, at, outcome });
      arrivals.record(route.conversationId, at);
    };

    const drop = drops.shift();
    if (drop) {
      if (drop.delivered && route.kind !== 'other') deliver(route, at);
      arrived('dropped');
      await sleep(delay);
      req.socket.destroy();
      return;
    }
    const failure = failures.shift() ?? scriptedFailureFor(route) ?? randomFailureFor(route);
    if (failure) {
      arrived(failure.status);
      await sleep(delay);
      return json(res, failure.status, failureBody(failure.status), failure.headers);
    }
    if (route.kind === 'other') {
      await sleep(delay);
      return json(res, 404, { error: { code: 'NotFound', message: 'unknown path' } });
    }
    if (enforce) {
      const breach = windows.breach(route.conversationId, at, limits);
      if (breach) {
        const seconds = Math.max(1, Math.ceil(breach.waitMs / 1000));
        throttled.push({
          conversationId: route.conversationId,
          kind: route.kind,
          scope: breach.scope,
          at,
          ...(retryAfter === 'always' ? { retryAfterSeconds: seconds } : {}),
        });
        arrived(429);
        await sleep(delay);
        const headers: Record<string, string> =
          retryAfter === 'always' ? { 'retry-after': String(seconds) } : {};
        return json(res, 429, failureBody(429), headers);
      }
    }
    const answer = deliver(route, at);
    arrived(answer.status);
    await sleep(delay);
    json(res, answer.status, answer.body);
  }

  /** Routes a request to create / send / update, resolving a create to its (stable) conversation id. */
  function routeOf(req: IncomingMessage, body: Record<string, unknown>): Route {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'v3' || parts[1] !== 'conversations') return { kind: 'other' };
    if (req.method === 'POST' && parts.length === 2) {
      const memberIds = memberIdsOf(body);
      const first = memberIds[0];
      const known = first === undefined ? undefined : conversationByMember.get(first);
      return { kind: 'create', body, memberIds, conversationId: known ?? `a:${randomUUID()}` };
    }
    const conversationId = parts[2];
    const isActivities = parts[3] === 'activities' && parts.length <= 5 && conversationId;
    if (!isActivities) return { kind: 'other' };
    if (req.method === 'POST') {
      return { kind: 'send', conversationId, body, ...(parts[4] ? { pathActivityId: parts[4] } : {}) };
    }
    if (req.method === 'PUT' && parts[4]) {
      return { kind: 'update', conversationId, pathActivityId: parts[4], body };
    }
    return { kind: 'other' };
  }

  function scriptedFailureFor(route: Route): ScriptedFailure | undefined {
    if (route.kind === 'create') {
      const member = route.memberIds[0];
      return member === undefined ? undefined : failuresByMember.get(member)?.shift();
    }
    if (route.kind === 'send' || route.kind === 'update') {
      return failuresByConversation.get(route.conversationId)?.shift();
    }
    return undefined;
  }

  function randomFailureFor(route: Route): ScriptedFailure | undefined {
    if (!randomFaults || route.kind === 'other') return undefined;
    const r = randomFaults.random();
    let cumulative = 0;
    for (const fault of randomFaults.faults) {
      cumulative += fault.share;
      if (r < cumulative) return { status: fault.status, headers: fault.headers ?? {} };
    }
    return undefined;
  }

  /** Records an accepted request and counts it in the windows; returns the answer to give. */
  function deliver(route: Exclude<Route, { kind: 'other' }>, at: number): { status: number; body: unknown } {
    windows.record(route.conversationId, at);
    if (!exceeded && windows.breachedBy(route.conversationId, at, limits)) exceeded = true;
    if (route.kind === 'create') {
      const tenant = tenantOf(route.body);
      for (const member of route.memberIds) conversationByMember.set(member, route.conversationId);
      conversationCreates.push({
        conversationId: route.conversationId,
        memberIds: route.memberIds,
        ...(tenant ? { tenantId: tenant } : {}),
        at,
      });
      createdConversations.push(keepBodies ? route.body : { members: route.memberIds.map((id) => ({ id })) });
      const activity = route.body.activity;
      const activityId = isRecord(activity)
        ? capture('POST', route.conversationId, undefined, activity, at)
        : randomUUID();
      return { status: 201, body: { id: route.conversationId, activityId } };
    }
    const method = route.kind === 'update' ? 'PUT' : 'POST';
    const id = capture(method, route.conversationId, route.pathActivityId, route.body, at);
    return { status: method === 'PUT' ? 200 : 201, body: { id } };
  }

  function capture(
    method: 'POST' | 'PUT',
    conversationId: string,
    pathActivityId: string | undefined,
    body: Record<string, unknown>,
    at: number,
  ): string {
    const id = method === 'PUT' && pathActivityId ? pathActivityId : randomUUID();
    const key = options.keyOf?.(body);
    activities.push({
      method,
      conversationId,
      ...(pathActivityId ? { pathActivityId } : {}),
      id,
      body: keepBodies ? body : {},
      at,
      ...(key !== undefined ? { key } : {}),
    });
    for (const wake of waiters.splice(0)) wake();
    return id;
  }

  function sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    activities,
    createdConversations,
    conversationCreates,
    throttled,
    requests,
    failNext(status, count = 1, headers = {}) {
      for (let i = 0; i < count; i++) failures.push({ status, headers });
    },
    failFor(conversationId, statuses, headers = {}) {
      const queue = failuresByConversation.get(conversationId) ?? [];
      for (const status of statuses) queue.push({ status, headers });
      failuresByConversation.set(conversationId, queue);
    },
    failCreateFor(memberId, status, headers = {}) {
      const queue = failuresByMember.get(memberId) ?? [];
      for (const s of Array.isArray(status) ? status : [status]) queue.push({ status: s, headers });
      failuresByMember.set(memberId, queue);
    },
    failRandomly(faults, random = Math.random) {
      const total = faults.reduce((sum, f) => sum + f.share, 0);
      if (faults.some((f) => !(f.share >= 0)) || total > 1) {
        throw new RangeError('fault shares must be >= 0 and add up to at most 1');
      }
      randomFaults = faults.length === 0 ? undefined : { faults: [...faults], random };
    },
    dropNext(count = 1, dropOptions = {}) {
      for (let i = 0; i < count; i++) drops.push({ delivered: dropOptions.delivered ?? false });
    },
    setLatency(latencyMs) {
      latency = latencyMs;
    },
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (activities.length < count) {
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`expected ${count} activities at the fake connector, got ${activities.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return activities;
    },
    cardOf(activity) {
      const attachments = activity.body.attachments as
        | { contentType?: string; content?: unknown }[]
        | undefined;
      const card = attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
      return card?.content as Record<string, unknown> | undefined;
    },
    deliveredCount(conversationId) {
      if (conversationId === undefined) return activities.length;
      return activities.filter((a) => a.conversationId === conversationId).length;
    },
    activitiesFor(conversationId) {
      return activities.filter((a) => a.conversationId === conversationId);
    },
    duplicates(key) {
      const seen = new Map<string, number>();
      for (const activity of activities) {
        if (activity.method !== 'POST') continue;
        const k = key(activity);
        if (k !== undefined) seen.set(k, (seen.get(k) ?? 0) + 1);
      }
      return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
    },
    conversationFor(memberId) {
      return conversationByMember.get(memberId);
    },
    throttledCount(conversationId) {
      if (conversationId === undefined) return throttled.length;
      return throttled.filter((t) => t.conversationId === conversationId).length;
    },
    maxInWindow(conversationId, windowMs) {
      return peakInWindow(windows.times(conversationId), windowMs);
    },
    limitsExceeded: () => exceeded,
    requestCount(conversationId) {
      if (conversationId === undefined) return requests.length;
      return requests.filter((r) => r.conversationId === conversationId).length;
    },
    peakRequests(conversationId, windowMs) {
      return peakInWindow(arrivals.times(conversationId), windowMs);
    },
    requestLimitsExceeded(against = limits) {
      const broken: string[] = [];
      const check = (label: string, times: readonly number[], windowsToCheck: RateWindow[]) => {
        for (const { limit, windowMs } of windowsToCheck) {
          const peak = peakInWindow(times, windowMs);
          if (peak > limit) broken.push(`${label}: ${peak} in ${windowMs} ms (limit ${limit})`);
        }
      };
      for (const conversationId of arrivals.conversations()) {
        check(`conversation ${conversationId}`, arrivals.times(conversationId), against.perConversation);
      }
      check('app', arrivals.times(null), against.perApp);
      return broken;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Arrival times of counted requests (sorted, since they are recorded as they arrive), per
 * conversation and for the whole app. A window of `windowMs` ending at `t` holds the times in
 * (t - windowMs, t].
 */
class ArrivalLog {
  private readonly app: number[] = [];
  private readonly byConversation = new Map<string, number[]>();

  record(conversationId: string, at: number): void {
    this.app.push(at);
    const times = this.byConversation.get(conversationId) ?? [];
    times.push(at);
    this.byConversation.set(conversationId, times);
  }

  /** The conversations with at least one counted time. */
  conversations(): string[] {
    return [...this.byConversation.keys()];
  }

  /** All counted times of one conversation, or of the app when `conversationId` is null. */
  times(conversationId: string | null): readonly number[] {
    if (conversationId === null) return this.app;
    return this.byConversation.get(conversationId) ?? [];
  }

  /** Whether one more request at `at` would break a window (which scope), and how long until it would not. */
  breach(
    conversationId: string,
    at: number,
    limits: RateLimits,
  ): { scope: 'conversation' | 'app'; waitMs: number } | undefined {
    const conversation = waitFor(this.times(conversationId), at, limits.perConversation);
    const app = waitFor(this.app, at, limits.perApp);
    if (conversation === undefined && app === undefined) return undefined;
    // The request has to fit both, so the wait is the longer one.
    const waitMs = Math.max(conversation ?? 0, app ?? 0);
    return { scope: conversation !== undefined ? 'conversation' : 'app', waitMs };
  }

  /** Whether the windows ending at `at` (already recorded) hold more than a limit allows. */
  breachedBy(conversationId: string, at: number, limits: RateLimits): boolean {
    const over = (times: readonly number[], windows: RateWindow[]) =>
      windows.some((w) => countSince(times, at - w.windowMs) > w.limit);
    return over(this.times(conversationId), limits.perConversation) || over(this.app, limits.perApp);
  }
}

/** How long until one more request fits every window (undefined when it fits now). */
function waitFor(times: readonly number[], at: number, windows: RateWindow[]): number | undefined {
  let wait: number | undefined;
  for (const { limit, windowMs } of windows) {
    const start = firstAfter(times, at - windowMs);
    const inWindow = times.length - start;
    if (inWindow < limit) continue;
    // The oldest (inWindow - limit + 1) entries must leave the window; the last of them leaves at t + windowMs.
    const leaving = times[start + inWindow - limit] ?? at;
    const ms = leaving + windowMs - at;
    wait = wait === undefined ? ms : Math.max(wait, ms);
  }
  return wait;
}

/** The most entries of a sorted list that fit in any window (t - windowMs, t]. */
export function peakInWindow(times: readonly number[], windowMs: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    const t = times[end]!;
    while (times[start]! <= t - windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

function countSince(times: readonly number[], after: number): number {
  return times.length - firstAfter(times, after);
}

/** Index of the first time strictly greater than `after` in a sorted list. */
function firstAfter(times: readonly number[], after: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function resolveLimits(limits: FakeConnectorOptions['limits']): RateLimits {
  if (limits === undefined || typeof limits === 'boolean') return TEAMS_LIMITS;
  return {
    perConversation: limits.perConversation ?? TEAMS_LIMITS.perConversation,
    perApp: limits.perApp ?? TEAMS_LIMITS.perApp,
  };
}

function now(): number {
  return performance.timeOrigin + performance.now();
}

function memberIdsOf(body: Record<string, unknown>): string[] {
  const members = Array.isArray(body.members) ? body.members : [];
  return members.flatMap((m) => (isRecord(m) && typeof m.id === 'string' ? [m.id] : []));
}

function tenantOf(body: Record<string, unknown>): string | undefined {
  if (typeof body.tenantId === 'string') return body.tenantId;
  const channelData = isRecord(body.channelData) ? body.channelData : undefined;
  const tenant = channelData && isRecord(channelData.tenant) ? channelData.tenant : undefined;
  return tenant && typeof tenant.id === 'string' ? tenant.id : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function failureBody(status: number): unknown {
  const code = status === 429 ? 'ThrottledRequest' : 'Failure';
  return { error: { code, message: `fake connector answered ${status}` } };
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return isRecord(parsed) ? parsed : {};
  } catch {
    return {};
  }
}
