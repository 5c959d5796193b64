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
 */
import {
  type NotificationRequest,
  OUTBOX_SUBJECT,
  type Recipient,
  recipientKey,
} from '../domain/notifications.js';
import type { Logger } from '../log/logger.js';
import type { ConversationReferenceJson, OutboxMessage, Store, UnitOfWork } from '../store/store.js';
import { createBatchedWriter } from './batched-writer.js';
import type { CardSource } from './card-source.js';
import { DeliveryError, type ProactiveSender, type SentActivity } from './delivery.js';
import { type DevRedirect, withHeaderLine } from './dev-redirect.js';
import {
  earliestSend,
  GLOBAL_KEY,
  recordSend,
  SlidingWindowLimiter,
  type WindowLimit,
} from './rate-limits.js';
import { type BackoffOptions, classifyFailure, nextAttemptDelay } from './retry-policy.js';
import {
  conversationIdOf,
  createTargetResolver,
  type Destination,
  forgetConversation,
  type Target,
} from './targets.js';

export interface OutboxLimits {
  perConversation: readonly WindowLimit[];
  perTenant: readonly WindowLimit[];
}

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

/** What happened to a message in one attempt. */
type Outcome =
  | { kind: 'sent'; sent: SentActivity }
  | { kind: 'created'; reference: ConversationReferenceJson }
  | { kind: 'skipped'; reason: string }
  | { kind: 'failed'; error: DeliveryError };

/** The oldest pending message of a recipient, with where it goes (or until when it waits). */
interface Candidate {
  message: OutboxMessage;
  target: Destination;
}

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { store, sender, cards, logger } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const scanLimit = options.scanLimit ?? 2_000;
  const margin = options.limitMarginMs ?? 5;
  const perConversation = new SlidingWindowLimiter(options.limits.perConversation, { marginMs: margin });
  const perTenant = new SlidingWindowLimiter(options.limits.perTenant, { marginMs: margin });
  /** How much of the send log can still matter: the longest window, and the largest count of a key. */
  const logKeep = {
    spanMs:
      Math.max(
        0,
        ...[...options.limits.perConversation, ...options.limits.perTenant].map((l) => l.windowMs),
      ) + margin,
    perKey: Math.max(1, ...options.limits.perConversation.map((l) => l.limit)),
  };
  const resolveTarget = createTargetResolver(options);
  const writer = createBatchedWriter({ store, logger, now, sendLogKeep: logKeep });
  const { persist, logRequests } = writer;
  const tenantMaxCount = Math.max(0, ...options.limits.perTenant.map((l) => l.limit));
  /** Whether the limiters were started from the send log, and whether this worker marked itself running. */
  let seeded: Promise<void> | undefined;
  let limitsSeeded = false;
  let markedRunning = false;
  /** The previous worker did not stop cleanly: count what it may have had in flight (first round). */
  let afterCrash = false;

  const inFlight = new Map<string, Promise<void>>();
  /** Where each request in flight is counted in the limiters (by recipient key), until its answer. */
  const counted = new Map<string, { limitKey: string; at: number }>();
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

  /**
   * Starts the limiters from the send log (the requests that reached the connector within the longest
   * window, e.g. the last hour), so a restart does not start the windows from zero, and marks this
   * worker as running. Runs before the first round.
   */
  async function seed(): Promise<void> {
    const t = now();
    try {
      const { recent, wasRunning } = await store.run(async (uow) => ({
        recent: limitsSeeded ? {} : await uow.sendLog.since(t - logKeep.spanMs),
        wasRunning: await uow.sendLog.markRunning(true),
      }));
      markedRunning = true;
      if (limitsSeeded) return;
      limitsSeeded = true;
      const requests = Object.entries(recent)
        .flatMap(([key, times]) => times.map((at) => ({ key, at })))
        .sort((a, b) => a.at - b.at);
      for (const { key, at } of requests) recordSend(perConversation, key, perTenant, at);
      afterCrash = wasRunning;
      logger.info(
        { event: 'outbox.limits-restored', requests: requests.length, afterCrash: wasRunning },
        'rate limits restored from the send log',
      );
    } catch (error) {
      seeded = undefined; // tried again next round
      throw error;
    }
  }

  /**
   * After a crash, requests the previous worker had in flight may have reached the connector without
   * being recorded. Each was the oldest pending message of its recipient and still is, so count one
   * request now for every recipient due now, and fill the tenant window up to that many (at most its
   * limit): the new worker waits out one window instead of breaking it.
   */
  function countCrashInFlight(candidates: Candidate[]): void {
    afterCrash = false;
    const t = now();
    const keys: string[] = [];
    for (const { target } of candidates) {
      if (target === 'no-channel' || 'waitUntil' in target) continue;
      keys.push(target.limitKey);
    }
    for (const key of keys) perConversation.record(key, t);
    const tenant = Math.min(keys.length, tenantMaxCount);
    for (let i = 0; i < tenant; i++) perTenant.record(GLOBAL_KEY, t);
    logRequests(keys.map((key) => ({ key, at: t })));
    logger.warn(
      { event: 'outbox.after-crash', counted: keys.length },
      'the last outbox worker did not stop cleanly: requests it had in flight are counted now',
    );
  }

  /** One pass over the pending messages: starts every delivery the limits allow now. */
  async function round(): Promise<void> {
    seeded ??= seed();
    await seeded;
    const t0 = now();
    // One read: the oldest pending message of every recipient not in flight, with where it goes.
    const candidates = await store.read(async (uow) => {
      const heads: Candidate[] = [];
      const seen = new Set<string>();
      for (const message of await uow.outbox.listPending(scanLimit)) {
        const key = recipientKey(message.recipient);
        if (seen.has(key)) continue; // only the oldest message of a recipient may go
        seen.add(key);
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
    if (afterCrash) countCrashInFlight(candidates);
    holdInFlight(now());
    let nextWake = Number.POSITIVE_INFINITY;
    let started = 0;
    for (const { message, target } of candidates) {
      if (stopped) break;
      if (inFlight.size >= options.concurrency) break;
      const key = recipientKey(message.recipient);
      if (inFlight.has(key)) continue;
      if (target === 'no-channel') {
        await persist(async (uow) => {
          const current = await uow.outbox.get(message.id);
          if (current) await uow.outbox.put({ ...current, state: 'failed', lastError: 'no-network-channel' });
        });
        continue;
      }
      if ('waitUntil' in target) {
        // Waiting for its retry time when the round began: a later round resolves where it goes.
        nextWake = Math.min(nextWake, target.waitUntil);
        continue;
      }
      const t = now();
      const at = earliestSend(perConversation, target.limitKey, perTenant, t);
      if (at > t) {
        nextWake = Math.min(nextWake, at);
        continue;
      }
      recordSend(perConversation, target.limitKey, perTenant, t);
      counted.set(key, { limitKey: target.limitKey, at: t });
      started++;
      const job = deliver(message, target, key).finally(() => {
        inFlight.delete(key);
        counted.delete(key);
        schedule();
      });
      inFlight.set(key, job);
    }
    lastRoundFoundWork = started > 0 || inFlight.size > 0;
    if (Number.isFinite(nextWake)) wakeAtTime(nextWake);
    perConversation.prune(now());
  }

  /**
   * A request in flight may not have reached the connector yet, and the connector counts it when it
   * arrives: until its answer comes, it counts as sent now (the latest time known to be possible), so
   * a slow request (event-loop lag, a slow network) cannot let the next window open early.
   */
  function holdInFlight(t: number): void {
    for (const slot of counted.values()) {
      if (slot.at >= t) continue;
      perConversation.move(slot.limitKey, slot.at, t);
      perTenant.move(GLOBAL_KEY, slot.at, t);
      slot.at = t;
    }
  }

  async function deliver(message: OutboxMessage, target: Target, key: string): Promise<void> {
    const outcome = await attempt(message, target);
    // The connector counted the request somewhere between when it left and its answer: count it at
    // the answer, the later bound, so the next window can never start early.
    const answered = now();
    const slot = counted.get(key);
    counted.delete(key);
    if (slot) {
      perConversation.move(slot.limitKey, slot.at, answered);
      perTenant.move(GLOBAL_KEY, slot.at, answered);
    }
    // The connector counts a create in the new conversation's windows, where the sends will go.
    const createdIn = outcome.kind === 'created' ? conversationIdOf(outcome.reference) : undefined;
    if (createdIn !== undefined) perConversation.record(createdIn, answered);
    // Every request that reached the connector goes into the send log, written with the outcome.
    if (outcome.kind !== 'skipped') logRequests([{ key: createdIn ?? target.limitKey, at: answered }]);
    const t = new Date(answered).toISOString();
    if (outcome.kind === 'sent') {
      await persist(async (uow) => {
        const current = await uow.outbox.get(message.id);
        if (!current) return;
        await uow.outbox.put({
          ...current,
          state: 'sent',
          attempts: current.attempts + 1,
          sentAt: t,
          activityId: outcome.sent.activityId,
          conversationId: outcome.sent.conversationId,
          lastError: undefined,
          nextAttemptAt: undefined,
        });
        await cards.delivered(uow, current, outcome.sent);
        // (A redirected card reached the current chat, which says nothing about the recipient.)
        if (!target.redirected && (await uow.unreachable.get(message.recipient))) {
          await uow.unreachable.clear(message.recipient);
        }
      });
      logger.info(
        { event: 'outbox.delivered', view: message.view, update: message.replaces !== undefined },
        'delivered',
      );
      return;
    }
    if (outcome.kind === 'created') {
      // The 1:1 chat exists now; the message itself goes in a later round, through the new reference.
      // Creating it was a request at the connector like any other: it counts as an attempt.
      await persist(async (uow) => {
        if (message.recipient.kind !== 'person') return;
        await uow.conversations.putPerson(message.recipient.aadObjectId, {
          reference: outcome.reference,
          updatedAt: t,
        });
        const current = await uow.outbox.get(message.id);
        if (current)
          await uow.outbox.put({
            ...current,
            attempts: current.attempts + 1,
            lastError: undefined,
            nextAttemptAt: undefined,
          });
      });
      logger.info({ event: 'outbox.conversation-created' }, '1:1 chat created');
      return;
    }
    if (outcome.kind === 'skipped') {
      await finish(message, { state: 'failed', lastError: outcome.reason });
      logger.info({ event: 'outbox.skipped', reason: outcome.reason }, 'not delivered');
      return;
    }
    await failed(message, outcome.error, target);
  }

  async function attempt(message: OutboxMessage, target: Target): Promise<Outcome> {
    try {
      const locale = target.conversation?.locale;
      // The card is rendered now, from the item as it is (the outbox holds only a reference).
      const { original, rendered } = await store.read(async (uow) => ({
        original: message.replaces !== undefined ? await cards.locate(uow, message) : undefined,
        rendered: await cards.render(uow, message, locale),
      }));
      if (message.replaces !== undefined && !original) {
        // The card to update never reached them: posting its new state as a fresh message would only
        // confuse (they may have acted some other way, e.g. from the requests list).
        return { kind: 'skipped', reason: 'original-undelivered' };
      }
      if (!rendered) return { kind: 'skipped', reason: 'subject-gone' };
      const to = target.redirected?.to;
      const card =
        to !== undefined && options.devRedirect
          ? withHeaderLine(rendered, options.devRedirect.header(to, locale))
          : rendered;
      if (target.conversation) {
        if (original) {
          await sender.update(target.conversation.reference, original.activityId, card);
          return { kind: 'sent', sent: original };
        }
        return { kind: 'sent', sent: await sender.send(target.conversation.reference, card) };
      }
      if (message.recipient.kind !== 'person') return { kind: 'skipped', reason: 'no-conversation' };
      const reference = await sender.createConversation({
        aadObjectId: message.recipient.aadObjectId,
        tenantId: options.tenantId,
        serviceUrl: target.serviceUrl ?? options.defaultServiceUrl,
      });
      return { kind: 'created', reference };
    } catch (error) {
      return { kind: 'failed', error: error instanceof DeliveryError ? error : new DeliveryError('error') };
    }
  }

  async function failed(message: OutboxMessage, error: DeliveryError, target: Target): Promise<void> {
    const attempts = message.attempts + 1;
    const kind = classifyFailure(error.status);
    const lastError = error.status !== undefined ? String(error.status) : error.code;
    const t = now();
    if (kind === 'permanent' && target.redirected) {
      // Development: it went to the current chat, not to the recipient, so it says nothing about them.
      await finish(message, { state: 'failed', attempts, lastError, nextAttemptAt: undefined });
      logger.warn(
        { event: 'outbox.dev-redirect-failed', status: error.status },
        'redirected notification failed',
      );
      return;
    }
    if (kind === 'permanent') {
      const gone = error.status === 403 || error.status === 404;
      await persist(async (uow) => {
        const current = await uow.outbox.get(message.id);
        if (!current) return;
        await uow.outbox.put({ ...current, state: 'failed', attempts, lastError, nextAttemptAt: undefined });
        if (!gone) return;
        await uow.unreachable.mark({
          recipient: message.recipient,
          status: error.status as number,
          since: new Date(t).toISOString(),
        });
        await forgetConversation(uow, message.recipient);
        await tellOrigin(uow, message, t);
      });
      logger.warn(
        {
          event: gone ? 'outbox.unreachable' : 'outbox.rejected',
          status: error.status,
          view: message.view,
        },
        gone ? 'recipient unreachable' : 'notification rejected',
      );
      return;
    }
    if (attempts >= options.maxAttempts) {
      await finish(message, { state: 'failed', attempts, lastError, nextAttemptAt: undefined });
      logger.warn(
        { event: 'outbox.dead-letter', status: error.status, code: error.code, attempts },
        'dead letter',
      );
      return;
    }
    const delay = nextAttemptDelay({
      kind,
      attempt: attempts,
      ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
      backoff: options.backoff,
      random,
    });
    await finish(message, { attempts, lastError, nextAttemptAt: new Date(t + delay).toISOString() });
    logger.info(
      { event: 'outbox.retry', status: error.status, code: error.code, attempts, delayMs: delay },
      'will retry',
    );
    wakeAtTime(t + delay);
  }

  /** Tells the person whose action caused the notification that its recipient could not be reached. */
  async function tellOrigin(uow: UnitOfWork, message: OutboxMessage, t: number): Promise<void> {
    const origin = message.origin;
    if (!origin || message.subject.kind === OUTBOX_SUBJECT) return;
    if (message.recipient.kind === 'person' && message.recipient.aadObjectId === origin) return;
    // A reference to the failed message: the notice is rendered from it (names at send time).
    const recipient: Recipient = { kind: 'person', aadObjectId: origin };
    const notice: NotificationRequest = {
      recipient,
      subject: { kind: OUTBOX_SUBJECT, id: message.id },
      view: 'delivery-failed',
      key: { item: message.id, party: recipientKey(recipient), version: 1 },
    };
    await uow.outbox.enqueue(notice, new Date(t).toISOString(), `${message.id}:delivery-failed`);
  }

  async function finish(message: OutboxMessage, patch: Partial<OutboxMessage>): Promise<void> {
    await persist(async (uow) => {
      const current = await uow.outbox.get(message.id);
      if (current) await uow.outbox.put({ ...current, ...patch });
    });
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
      if (markedRunning) {
        // A clean stop: nothing is in flight and every request is in the send log.
        markedRunning = false;
        seeded = undefined;
        await store
          .run((uow) => uow.sendLog.markRunning(false))
          .catch((error: unknown) => {
            logger.error({ event: 'outbox.stop-mark-failed', err: error }, 'could not record the clean stop');
          });
      }
    },
    inFlight() {
      return inFlight.size;
    },
  };
}
