/**
 * The outbox worker's writes after an answer: the outcome of each delivery (with what goes with it: a
 * created chat, an unreachable mark, a failure notice) and the send-log entries of answered requests.
 *
 * Batched: every update queued while a write is in progress goes into the next unit of work, so a burst
 * of answers costs a few durable writes, not one each. Send-log entries never cost a write of their
 * own; they go with the next batch. If a batch fails, its updates are written one by one, so one bad
 * update does not hold back the others.
 */
import type { Logger } from '../log/logger.js';
import type { SentRequest, Store, UnitOfWork } from '../store/store.js';

/** How much of the send log can still matter: the longest window, and the largest count of a key. */
export interface SendLogKeep {
  spanMs: number;
  perKey: number;
}

export interface BatchedWriterOptions {
  store: Store;
  logger: Logger;
  now: () => number;
  /** What the send log keeps: it forgets older requests as it goes (bounded). */
  sendLogKeep: SendLogKeep;
}

export interface BatchedWriter {
  /** Runs `update` in the next batch; resolves when it is durable, rejects when it failed on its own. */
  persist(update: (uow: UnitOfWork) => Promise<void>): Promise<void>;
  /** Adds requests to the send log; they are written with the next batch (no write of their own). */
  logRequests(requests: SentRequest[]): void;
  /** Resolves when nothing queued is left to write (what is queued meanwhile included). */
  settled(): Promise<void>;
}

interface Queued {
  update: (uow: UnitOfWork) => Promise<void>;
  done: () => void;
  failed: (e: unknown) => void;
}

export function createBatchedWriter(options: BatchedWriterOptions): BatchedWriter {
  const { store, logger, now, sendLogKeep } = options;
  let batch: Queued[] = [];
  /** Requests answered but not yet in the store's send log (written with the next batch). */
  let unlogged: SentRequest[] = [];
  let flushing: Promise<void> | undefined;

  async function flush(): Promise<void> {
    while (batch.length > 0 || unlogged.length > 0) {
      const current = batch;
      batch = [];
      const requests = unlogged;
      unlogged = [];
      // Only the longest window matters: the log forgets older requests as it goes (bounded).
      const log = async (uow: UnitOfWork) => {
        if (requests.length > 0) {
          await uow.sendLog.record(requests, {
            since: now() - sendLogKeep.spanMs,
            perKey: sendLogKeep.perKey,
          });
        }
      };
      try {
        await store.run(async (uow) => {
          await log(uow);
          for (const item of current) await item.update(uow);
        });
        for (const item of current) item.done();
      } catch {
        // One bad update must not hold back the others: write them one by one.
        await store.run(log).catch((error: unknown) => {
          logger.error({ event: 'outbox.send-log-failed', err: error }, 'send log not written');
        });
        for (const item of current) {
          await store.run(item.update).then(item.done, item.failed);
        }
      }
    }
    flushing = undefined;
  }

  return {
    persist(update) {
      return new Promise<void>((resolve, reject) => {
        batch.push({ update, done: resolve, failed: reject });
        if (!flushing) flushing = flush();
      });
    },
    logRequests(requests) {
      if (requests.length === 0) return;
      unlogged.push(...requests);
      if (!flushing) flushing = flush();
    },
    async settled() {
      await flushing;
    },
  };
}
