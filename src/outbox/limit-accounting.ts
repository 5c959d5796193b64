/**
 * The outbox worker's rate-limit accounting: the per-conversation and per-tenant limiters, and where
 * every request is counted in them.
 *
 * - Start: the limiters are seeded from the store's send log (the requests that reached the connector
 *   within the longest window), and the worker marks itself running; a clean stop clears the mark.
 * - After a crash (the mark was still set), what the previous worker may have had in flight counts at
 *   the restart.
 * - A request counts from when it leaves. While it is in flight it is held at the present moment; at
 *   its answer it moves to the answer time (the latest moment the connector could have counted it)
 *   and goes into the send log.
 */
import type { Logger } from '../log/logger.js';
import type { SentRequest, Store } from '../store/store.js';
import type { SendLogKeep } from './batched-writer.js';
import {
  earliestSend,
  GLOBAL_KEY,
  recordSend,
  SlidingWindowLimiter,
  type WindowLimit,
} from './rate-limits.js';

export interface OutboxLimits {
  perConversation: readonly WindowLimit[];
  perTenant: readonly WindowLimit[];
}

export interface LimitAccountingOptions {
  store: Store;
  logger: Logger;
  now: () => number;
  limits: OutboxLimits;
  /** Safety margin added to the limit windows (the connector counts arrival, not departure). */
  marginMs: number;
  /** Where answered requests go on their way to the send log (written with the next batch). */
  logRequests: (requests: SentRequest[]) => void;
}

/** Where a request that reached the connector is counted, once it is answered. */
export interface AnsweredRequest {
  /** The key it was counted under when it left. */
  limitKey: string;
  /** The id of the conversation it created, if it created one: counted there too. */
  createdIn: string | undefined;
}

export interface LimitAccounting {
  /** Seeds the limiters and marks the worker running, once; resolves when done (again after a failure). */
  ready(): Promise<void>;
  /** Whether the previous worker did not stop cleanly and its requests in flight are not counted yet. */
  afterCrash(): boolean;
  /**
   * After a crash: counts one request now under each of `limitKeys` (one a recipient due now) and
   * fills the tenant window up to that many.
   */
  countCrashInFlight(limitKeys: readonly string[]): void;
  /** Holds every request in flight at `t` (not yet answered, so it may not have arrived yet). */
  holdInFlight(t: number): void;
  /** The earliest time >= `t` at which one more request under `limitKey` keeps every window. */
  earliest(limitKey: string, t: number): number;
  /** Counts the request for `recipient` (its recipient key) under `limitKey`, leaving at `t`. */
  start(recipient: string, limitKey: string, t: number): void;
  /**
   * The request for `recipient` was answered at `at`: it counts then. `reached` is undefined when no
   * request went out after all (nothing to send); else it goes into the send log.
   */
  answered(recipient: string, at: number, reached: AnsweredRequest | undefined): void;
  /** Forgets the request for `recipient` (its delivery is over). */
  release(recipient: string): void;
  /** Forgets per-conversation counts that can no longer hold anything back at `t`. */
  prune(t: number): void;
  /** After a clean stop: clears the running mark, so the next start is not taken for one after a crash. */
  markStopped(): Promise<void>;
}

/** What of the send log the limits can still need: the longest window, and the largest count of a key. */
export function sendLogKeep(limits: OutboxLimits, marginMs: number): SendLogKeep {
  return {
    spanMs:
      Math.max(0, ...[...limits.perConversation, ...limits.perTenant].map((l) => l.windowMs)) + marginMs,
    perKey: Math.max(1, ...limits.perConversation.map((l) => l.limit)),
  };
}

export function createLimitAccounting(options: LimitAccountingOptions): LimitAccounting {
  const { store, logger, now, logRequests } = options;
  const perConversation = new SlidingWindowLimiter(options.limits.perConversation, {
    marginMs: options.marginMs,
  });
  const perTenant = new SlidingWindowLimiter(options.limits.perTenant, { marginMs: options.marginMs });
  const logKeep = sendLogKeep(options.limits, options.marginMs);
  const tenantMaxCount = Math.max(0, ...options.limits.perTenant.map((l) => l.limit));
  /** Whether the limiters were started from the send log, and whether this worker marked itself running. */
  let seeded: Promise<void> | undefined;
  let limitsSeeded = false;
  let markedRunning = false;
  /** The previous worker did not stop cleanly: count what it may have had in flight (first round). */
  let afterCrash = false;
  /** Where each request in flight is counted in the limiters (by recipient key), until its answer. */
  const counted = new Map<string, { limitKey: string; at: number }>();

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

  return {
    ready() {
      seeded ??= seed();
      return seeded;
    },

    afterCrash() {
      return afterCrash;
    },

    /**
     * After a crash, requests the previous worker had in flight may have reached the connector without
     * being recorded. Each was the oldest pending message of its recipient and still is, so count one
     * request now for every recipient due now, and fill the tenant window up to that many (at most its
     * limit): the new worker waits out one window instead of breaking it.
     */
    countCrashInFlight(limitKeys) {
      afterCrash = false;
      const t = now();
      for (const key of limitKeys) perConversation.record(key, t);
      const tenant = Math.min(limitKeys.length, tenantMaxCount);
      for (let i = 0; i < tenant; i++) perTenant.record(GLOBAL_KEY, t);
      logRequests(limitKeys.map((key) => ({ key, at: t })));
      logger.warn(
        { event: 'outbox.after-crash', counted: limitKeys.length },
        'the last outbox worker did not stop cleanly: requests it had in flight are counted now',
      );
    },

    /**
     * A request in flight may not have reached the connector yet, and the connector counts it when it
     * arrives: until its answer comes, it counts as sent now (the latest time known to be possible), so
     * a slow request (event-loop lag, a slow network) cannot let the next window open early.
     */
    holdInFlight(t) {
      for (const slot of counted.values()) {
        if (slot.at >= t) continue;
        perConversation.move(slot.limitKey, slot.at, t);
        perTenant.move(GLOBAL_KEY, slot.at, t);
        slot.at = t;
      }
    },

    earliest(limitKey, t) {
      return earliestSend(perConversation, limitKey, perTenant, t);
    },

    start(recipient, limitKey, t) {
      recordSend(perConversation, limitKey, perTenant, t);
      counted.set(recipient, { limitKey, at: t });
    },

    answered(recipient, at, reached) {
      // The connector counted the request somewhere between when it left and its answer: count it at
      // the answer, the later bound, so the next window can never start early.
      const slot = counted.get(recipient);
      counted.delete(recipient);
      if (slot) {
        perConversation.move(slot.limitKey, slot.at, at);
        perTenant.move(GLOBAL_KEY, slot.at, at);
      }
      if (!reached) return;
      // The connector counts a create in the new conversation's windows, where the sends will go.
      if (reached.createdIn !== undefined) perConversation.record(reached.createdIn, at);
      // Every request that reached the connector goes into the send log, written with the outcome.
      logRequests([{ key: reached.createdIn ?? reached.limitKey, at }]);
    },

    release(recipient) {
      counted.delete(recipient);
    },

    prune(t) {
      perConversation.prune(t);
    },

    async markStopped() {
      if (!markedRunning) return;
      // A clean stop: nothing is in flight and every request is in the send log.
      markedRunning = false;
      seeded = undefined;
      await store
        .run((uow) => uow.sendLog.markRunning(false))
        .catch((error: unknown) => {
          logger.error({ event: 'outbox.stop-mark-failed', err: error }, 'could not record the clean stop');
        });
    },
  };
}
