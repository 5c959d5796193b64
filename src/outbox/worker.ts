/**
 * The delivery engine: everything the bot sends on its own initiative goes through here.
 *
 * - Use cases enqueue notifications in the same unit of work as the change that caused them; this
 *   worker delivers them in the background, never from inside a request handler.
 * - Order per recipient is kept: only the oldest pending message of a recipient is ever in flight.
 *   Different recipients are served concurrently (up to `concurrency` requests at once).
 * - Teams' limits are kept by sliding-window limiters: per conversation and per tenant (app). Every
 *   request counts, failed ones included, from when it leaves until its answer (then at the answer).
 *   Each answered request goes into the store's send log with its outcome; after a restart the
 *   limiters start from it (and after a crash, what may have been in flight counts at the restart),
 *   so the windows are not started from zero.
 * - A message is marked sent only after the Bot Connector accepted it, with its activity id, so a
 *   later notification can update that card in place (`replaces`). After a crash, pending messages
 *   are delivered on start; only those that were in flight (at most one per recipient) may repeat.
 * - Failures: 429 honours Retry-After, else exponential backoff with full jitter; 408/412/5xx/network
 *   errors are retried the same way; 403 (blocked, uninstalled) and 404 (gone) are permanent: the
 *   recipient is marked unreachable, their conversation reference dropped, and the person whose action
 *   caused the notification is told on a card. After `maxAttempts` a message becomes a dead letter
 *   (state `failed`), shown on the `delivery` card with a button to retry.
 *
 * Development only: with `devRedirect`, notifications for people go into the current chat
 * (dev-redirect.ts).
 *
 * One attempt is exactly one HTTP request at the Bot Connector: the Teams sender runs without
 * botbuilder's in-memory retry policy (src/teams/single-attempt.ts), so every request the connector
 * sees passed this worker's limiters, failed ones included, and this worker's retries are the only ones.
 *
 * This file is the scheduling loop: rounds over the pending messages, wake-up timers, idle, drain
 * and stop. It wires the parts, each in its own file:
 * - targets.ts: where a message goes (a stored conversation, a 1:1 chat to create, the current chat);
 * - limit-accounting.ts: the limiters, seeded from the send log, and where each request counts;
 * - delivery-attempt.ts: one attempt (one request) and what its outcome does;
 * - batched-writer.ts: the outcomes and the send log, written in batches.
 */
import { recipientKey } from '../domain/notifications.js';
import type { Logger } from '../log/logger.js';
import type { OutboxMessage, Store } from '../store/store.js';
import { createBatchedWriter } from './batched-writer.js';
import type { CardSource } from './card-source.js';
import type { ProactiveSender } from './delivery.js';
import { createDeliveryAttempts } from './delivery-attempt.js';
import type { DevRedirect } from './dev-redirect.js';
import { createLimitAccounting, type OutboxLimits, sendLogKeep } from './limit-accounting.js';
import type { BackoffOptions } from './retry-policy.js';
import { createTargetResolver, type Destination } from './targets.js';

export type { OutboxLimits } from './limit-accounting.js';

export interface OutboxWorkerOptions {
  store: Store;
  sender: ProactiveSender;
  /**
   * Renders a notification's card at send time, in the recipient's language (locale as last seen
   * from them, if known), and keeps track of where posted cards landed (the tracked-item engine).
   */
  cards: CardSource;
  logger: Logger;
  limits: OutboxLimits;
  /** The tenant the bot serves (for creating 1:1 chats). */
  tenantId: string;
  /** Bot Connector service URL used to create a 1:1 chat when no stored conversation gives one. */
  defaultServiceUrl: string;
  /** Requests in flight at once (different recipients). */
  concurrency: number;
  /** Attempts before a message becomes a dead letter. */
  maxAttempts: number;
  backoff: BackoffOptions;
  /** How often to look for work when nothing is scheduled (a safety net; kicks do the real work). */
  pollIntervalMs: number;
  /** Safety margin added to the limit windows (the connector counts arrival, not departure). */
  limitMarginMs?: number;
  /** Clock in epoch milliseconds. */
  now?: () => number;
  random?: () => number;
  /** How many pending messages one round looks at. */
  scanLimit?: number;
  /**
   * Development only (DEV_REDIRECT_NOTIFICATIONS): deliver notifications for people into the current
   * chat instead, under a header line when they are for someone else (see dev-redirect.ts).
   */
  devRedirect?: DevRedirect;
}

export interface OutboxWorker {
  /** Starts delivering. */
  start(): void;
  /** Asks for a delivery round soon (after a use case enqueued something). */
  kick(): void;
  /** Resolves when nothing pending is deliverable now and nothing is in flight (tests, benchmarks). */
  idle(): Promise<void>;
  /** Delivers until nothing is pending (waiting out retry times), or until the timeout (tests). */
  drain(timeoutMs?: number): Promise<void>;
  /** Stops starting new requests and waits for those in flight. */
  stop(): Promise<void>;
  /** Requests in flight now. */
  inFlight(): number;
}

/** The oldest pending message of a recipient, with where it goes (or until when it waits). */
interface Candidate {
  message: OutboxMessage;
  target: Destination;
}

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { store, logger } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const scanLimit = options.scanLimit ?? 2_000;
  const margin = options.limitMarginMs ?? 5;
  const writer = createBatchedWriter({
    store,
    logger,
    now,
    sendLogKeep: sendLogKeep(options.limits, margin),
  });
  const limits = createLimitAccounting({
    store,
    logger,
    now,
    limits: options.limits,
    marginMs: margin,
    logRequests: writer.logRequests,
  });
  const resolveTarget = createTargetResolver(options);
  const deliveries = createDeliveryAttempts({
    ...options,
    now,
    random,
    persist: writer.persist,
    answered: limits.answered,
    wakeAt: wakeAtTime,
  });

  const inFlight = new Map<string, Promise<void>>();
  let running = false;
  let stopped = true;
  let roundPromise: Promise<void> | undefined;
  let again = false;
  let wakeTimer: NodeJS.Timeout | undefined;
  let wakeAt = Number.POSITIVE_INFINITY;
  let pollTimer: NodeJS.Timeout | undefined;
  let idleWaiters: (() => void)[] = [];
  let lastRoundFoundWork = false;

  function schedule(): void {
    if (stopped) return;
    if (roundPromise) {
      again = true;
      return;
    }
    roundPromise = (async () => {
      do {
        again = false;
        try {
          await round();
        } catch (error) {
          logger.error({ event: 'outbox.round-failed', err: error }, 'outbox round failed');
        }
      } while (again && !stopped);
    })().finally(() => {
      roundPromise = undefined;
      notifyIdle();
    });
  }

  function wakeAtTime(at: number): void {
    if (stopped || !Number.isFinite(at)) return;
    if (wakeTimer && at >= wakeAt) return;
    if (wakeTimer) clearTimeout(wakeTimer);
    wakeAt = at;
    wakeTimer = setTimeout(
      () => {
        wakeTimer = undefined;
        wakeAt = Number.POSITIVE_INFINITY;
        schedule();
      },
      Math.max(0, at - now()),
    );
    wakeTimer.unref();
  }

  /** One pass over the pending messages: starts every delivery the limits allow now. */
  async function round(): Promise<void> {
    await limits.ready();
    const t0 = now();
    // One read: the oldest pending message of every recipient not in flight, with where it goes.
    const candidates = await store.read(async (uow) => {
      const heads: Candidate[] = [];
      // Only the oldest message of a recipient may go.
      for (const message of await uow.outbox.listPendingHeads(scanLimit)) {
        const key = recipientKey(message.recipient);
        if (inFlight.has(key)) continue;
        const notBefore = message.nextAttemptAt ? Date.parse(message.nextAttemptAt) : 0;
        if (notBefore > t0) {
          heads.push({ message, target: { waitUntil: notBefore } });
          continue;
        }
        heads.push({ message, target: await resolveTarget(uow, message, t0) });
      }
      return heads;
    });
    if (limits.afterCrash()) limits.countCrashInFlight(dueLimitKeys(candidates));
    limits.holdInFlight(now());
    let nextWake = Number.POSITIVE_INFINITY;
    let started = 0;
    for (const { message, target } of candidates) {
      if (stopped) break;
      if (inFlight.size >= options.concurrency) break;
      const key = recipientKey(message.recipient);
      if (inFlight.has(key)) continue;
      if (target === 'no-channel') {
        await deliveries.noChannel(message);
        continue;
      }
      if ('waitUntil' in target) {
        // Waiting for its retry time when the round began: a later round resolves where it goes.
        nextWake = Math.min(nextWake, target.waitUntil);
        continue;
      }
      const t = now();
      const at = limits.earliest(target.limitKey, t);
      if (at > t) {
        nextWake = Math.min(nextWake, at);
        continue;
      }
      limits.start(key, target.limitKey, t);
      started++;
      const job = deliveries.deliver(message, target, key).finally(() => {
        inFlight.delete(key);
        limits.release(key);
        schedule();
      });
      inFlight.set(key, job);
    }
    lastRoundFoundWork = started > 0 || inFlight.size > 0;
    if (Number.isFinite(nextWake)) wakeAtTime(nextWake);
    limits.prune(now());
  }

  function notifyIdle(): void {
    if (roundPromise || inFlight.size > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const wake of waiters) wake();
  }

  return {
    start() {
      if (running) return;
      running = true;
      stopped = false;
      pollTimer = setInterval(schedule, options.pollIntervalMs);
      pollTimer.unref();
      schedule();
    },
    kick() {
      schedule();
    },
    idle() {
      if (!roundPromise && inFlight.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    async drain(timeoutMs = 10_000) {
      const deadline = now() + timeoutMs;
      const wasStopped = stopped;
      stopped = false;
      try {
        while (now() < deadline) {
          schedule();
          await this.idle();
          const pending = await store.read((uow) => uow.outbox.listPending(scanLimit));
          if (pending.length === 0 && inFlight.size === 0) return;
          // Wait for the earliest retry time (or a little, while limits hold messages back).
          const t = now();
          const waits = pending.map((m) => (m.nextAttemptAt ? Date.parse(m.nextAttemptAt) - t : 0));
          const wait = Math.max(5, Math.min(...waits, deadline - t));
          await new Promise((r) => setTimeout(r, lastRoundFoundWork ? 5 : wait));
        }
      } finally {
        if (wasStopped && !running) stopped = true;
      }
    },
    async stop() {
      stopped = true;
      running = false;
      if (pollTimer) clearInterval(pollTimer);
      if (wakeTimer) clearTimeout(wakeTimer);
      wakeTimer = undefined;
      if (roundPromise) await roundPromise;
      await Promise.allSettled([...inFlight.values()]);
      await writer.settled();
      await limits.markStopped();
    },
    inFlight() {
      return inFlight.size;
    },
  };
}

/** The limit keys of the recipients due now (after a crash, each may have had a request in flight). */
function dueLimitKeys(candidates: readonly Candidate[]): string[] {
  const keys: string[] = [];
  for (const { target } of candidates) {
    if (target === 'no-channel' || 'waitUntil' in target) continue;
    keys.push(target.limitKey);
  }
  return keys;
}
