/**
 * The Store semantics over one lowdb database holding a StoreDocument, shared by the lowdb
 * (file) store and the memory store: serialised units of work over private drafts, committed in
 * groups (the units of work that arrive during a write share the next one), only when something
 * changed and only after the adapter's write succeeded; read-only snapshots.
 * Repositories check every value they store against the schema, so the file always loads again.
 */
import type { Low } from 'lowdb';
import { createDraft, createUnitOfWork, pruneIdempotency } from './document-repositories.js';
import type { StoreDocument } from './schema.js';
import type { Store, StoreHealth, UnitOfWork } from './store.js';
import { NO_PARTS, type StoreParts } from './store-parts.js';

/** Idempotency claims are kept this long by default (Teams retries within minutes). */
export const DEFAULT_IDEMPOTENCY_RETENTION_MS = 48 * 60 * 60 * 1000;

/** Thrown by run() and read() after close(). */
export class StoreClosedError extends Error {
  override name = 'StoreClosedError';
  constructor() {
    super('the store is closed');
  }
}

/** Thrown by run() once the store knows it must not write any more (e.g. it lost its data-dir lock). */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/** What a document store needs from its backend. */
export interface DocumentStoreOptions {
  /** The database; `db.data` holds the committed document. */
  db: Low<StoreDocument>;
  /** The features' kinds of item and records (default: none). */
  parts?: StoreParts;
  idempotencyRetentionMs?: number;
  /** The clock used to prune idempotency claims (epoch ms). */
  now?: () => number;
  /** Backend-specific health; the store adds its own checks (closed, unavailable). */
  health?: () => Promise<StoreHealth>;
  /** Called once by close(), after the last write. */
  onClose?: () => Promise<void>;
  /**
   * Called after each commit, once the document is durable (before the unit of work resolves).
   * Tests use it to stop the process at an exact point; it must not change the document.
   */
  afterCommit?: (document: Readonly<StoreDocument>) => void;
}

/** A Store plus a way for its backend to stop writes (e.g. when the data-dir lock is lost). */
export interface DocumentStore extends Store {
  /** From now on run() rejects with StoreUnavailableError and health() reports `problem`. */
  markUnavailable(problem: string): void;
}

/** Builds a Store over `options.db` (see the module comment). */
export function createDocumentStore(options: DocumentStoreOptions): DocumentStore {
  const { db } = options;
  const retentionMs = options.idempotencyRetentionMs ?? DEFAULT_IDEMPOTENCY_RETENTION_MS;
  const now = options.now ?? Date.now;
  const parts = options.parts ?? NO_PARTS;
  let closing: Promise<void> | undefined;
  let unavailable: string | undefined;

  /** Units of work waiting for the next batch, and the batch loop while it runs. */
  interface Job {
    work: (uow: UnitOfWork) => Promise<unknown>;
    resolve: (value: unknown) => void;
    reject: (error: unknown) => void;
  }
  let waiting: Job[] = [];
  let loop: Promise<void> | undefined;

  /**
   * Group commit: the units of work that arrived while the previous batch was being made durable run
   * one after the other, each on a draft of the one before, and are written together (one write, one
   * fsync). None is acknowledged before the write that holds its changes is durable; a unit of work
   * that ran before any change in its batch saw only durable state and is answered at once. A unit
   * of work that throws changes nothing; a failed write rejects every unit of work of the batch that
   * came after its first change, and nothing of them becomes visible.
   */
  async function commitBatch(batch: readonly Job[]): Promise<void> {
    let current = db.data;
    const acknowledgeAfterWrite: { job: Job; result: unknown }[] = [];
    for (const job of batch) {
      if (unavailable !== undefined) {
        job.reject(new StoreUnavailableError(`the store cannot write: ${unavailable}`));
        continue;
      }
      const draft = createDraft(current);
      let changed = false;
      try {
        const result = await job.work(
          createUnitOfWork(draft, { readOnly: false, parts, onChange: () => (changed = true) }),
        );
        if (changed) current = draft;
        if (current === db.data) job.resolve(result);
        else acknowledgeAfterWrite.push({ job, result });
      } catch (error) {
        job.reject(error);
      }
    }
    if (current === db.data) return;
    pruneIdempotency(current, now() - retentionMs);
    try {
      // Write first, publish after: read() never sees a document that is not durable yet.
      await db.adapter.write(current);
    } catch (error) {
      for (const { job } of acknowledgeAfterWrite) job.reject(error);
      return;
    }
    db.data = current;
    options.afterCommit?.(current);
    for (const { job, result } of acknowledgeAfterWrite) job.resolve(result);
  }

  async function drain(): Promise<void> {
    try {
      while (waiting.length > 0) {
        const batch = waiting;
        waiting = [];
        await commitBatch(batch);
      }
    } finally {
      loop = undefined;
    }
  }

  return {
    run<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
      if (closing) return Promise.reject(new StoreClosedError());
      return new Promise<T>((resolve, reject) => {
        waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
        loop ??= drain();
      });
    },

    async read(work) {
      if (closing) throw new StoreClosedError();
      // Commits replace db.data rather than change it, so this snapshot stays consistent.
      return work(createUnitOfWork(db.data, { readOnly: true, parts, onChange: () => undefined }));
    },

    async health() {
      if (closing) return { readable: false, writable: false, problem: 'the store is closed' };
      const backend = (await options.health?.()) ?? { readable: true, writable: true };
      if (unavailable === undefined) return backend;
      return { readable: backend.readable, writable: false, problem: unavailable };
    },

    close() {
      closing ??= (async () => {
        await loop;
        await options.onClose?.();
      })();
      return closing;
    },

    markUnavailable(problem) {
      unavailable ??= problem;
    },
  };
}
