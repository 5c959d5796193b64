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
import { createLimitAccounting, type OutboxLimits, sendLogKeep } from './limit-accounting.js';
import { type BackoffOptions, classifyFailure, nextAttemptDelay } from './retry-policy.js';
import {
  conversationIdOf,
  createTargetResolver,
  type Destination,
  forgetConversation,
  type Target,
} from './targets.js';

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
  const writer = createBatchedWriter({
    store,
    logger,
    now,
    sendLogKeep: sendLogKeep(options.limits, margin),
  });
  const { persist } = writer;
  const limits = createLimitAccounting({
    store,
    logger,
    now,
    limits: options.limits,
    marginMs: margin,
    logRequests: writer.logRequests,
  });
  const resolveTarget = createTargetResolver(options);

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
      const at = limits.earliest(target.limitKey, t);
      if (at > t) {
        nextWake = Math.min(nextWake, at);
        continue;
      }
      limits.start(key, target.limitKey, t);
      started++;
      const job = deliver(message, target, key).finally(() => {
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

  async function deliver(message: OutboxMessage, target: Target, key: string): Promise<void> {
    const outcome = await attempt(message, target);
    const answered = now();
    const createdIn = outcome.kind === 'created' ? conversationIdOf(outcome.reference) : undefined;
    limits.answered(
      key,
      answered,
      outcome.kind === 'skipped' ? undefined : { limitKey: target.limitKey, createdIn },
    );
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
