/**
 * The Store semantics over one lowdb database holding a StoreDocument, shared by the lowdb
 * (file) store and the memory store: serialised units of work over private drafts, committed in
 * groups (the units of work that arrive during a write share the next one), only when something
 * changed and only after the adapter's write succeeded; read-only snapshots.
 * Repositories check every value they store against the schema, so the file always loads again.
 */
import type { Low } from 'lowdb';
import type { TrackedItem } from '../domain/tracked-item.js';
import type { Archive } from './archive.js';
import {
  createDraft,
  createUnitOfWork,
  pruneIdempotency,
  settleDraft,
  undoChanges,
} from './document-repositories.js';
import { notificationStorageKey, type StoreDocument } from './schema.js';
import type { ArchiveResult, RewriteResult, Store, StoreHealth, UnitOfWork } from './store.js';
import { NO_PARTS, type StoreParts } from './store-parts.js';

/** Idempotency claims are kept this long by default (Teams retries within minutes). */
export const DEFAULT_IDEMPOTENCY_RETENTION_MS = 48 * 60 * 60 * 1000;

/** Expired idempotency claims are looked for at most this often (or a tenth of their retention), on a commit. */
const PRUNE_INTERVAL_MS = 60_000;

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
  /**
   * The database; `db.data` holds the committed document. The document handed to `db.adapter.write`
   * holds the records the batch changed as overlays (Proxies, overlay.ts): an adapter reads it as
   * JSON (JSON.stringify, Object.entries), not with structuredClone; once the write is durable the
   * same document object becomes the committed one, its records plain again (settleDraft).
   */
  db: Low<StoreDocument>;
  /** The features' kinds of item and records (default: none). */
  parts?: StoreParts;
  /** Where settled items go (Store.archive); none: archive() moves no items. */
  archive?: Archive;
  idempotencyRetentionMs?: number;
  /** The clock used to prune idempotency claims (epoch ms). */
  now?: () => number;
  /** Backend-specific health; the store adds its own checks (closed, unavailable). */
  health?: () => Promise<StoreHealth>;
  /**
   * Rewrites the hot document whole and empties what else holds earlier versions (the journal):
   * Store.compact. None: nothing to do (memory).
   */
  compact?: () => Promise<void>;
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
  const reader = options.archive ? { archive: options.archive } : {};

  /** Units of work waiting for the next batch, and the batch loop while it runs. */
  interface Job {
    /** A unit of work, or a step of the store's own (archive, rewrite, compact: run alone, between batches). */
    work: ((uow: UnitOfWork) => Promise<unknown>) | { solo: () => Promise<unknown> };
    resolve: (value: unknown) => void;
    reject: (error: unknown) => void;
  }
  let waiting: Job[] = [];
  /** Reads running now (see read()). */
  let reading = 0;
  /** When expired idempotency claims were last pruned (they are kept for days: once a minute is enough). */
  let lastPrune = Number.NEGATIVE_INFINITY;
  let loop: Promise<void> | undefined;

  /**
   * Group commit: the units of work that arrived while the previous batch was being made durable run
   * one after the other on one draft, each seeing the changes of the ones before, and are written
   * together (one write, one sync). None is acknowledged before the write that holds its changes is
   * durable; a unit of work that ran before any change in its batch saw only durable state and is
   * answered at once. A unit of work that throws changes nothing (its changes are undone in the
   * draft); a failed write rejects every unit of work of the batch that came after its first change,
   * and nothing of them becomes visible (the draft shares no record it changed with db.data).
   */
  async function commitBatch(batch: readonly Job[]): Promise<void> {
    // One draft for the batch: a record it changes gets an overlay (overlay.ts) on its first change.
    const draft = createDraft(db.data);
    const copied = new Set<string>();
    let changed = false;
    const acknowledgeAfterWrite: { job: Job; result: unknown }[] = [];
    for (const job of batch) {
      if (unavailable !== undefined) {
        job.reject(new StoreUnavailableError(`the store cannot write: ${unavailable}`));
        continue;
      }
      if (typeof job.work !== 'function') throw new Error('the archive step runs alone');
      const undo: (() => void)[] = [];
      let jobChanged = false;
      try {
        const result = await job.work(
          createUnitOfWork(draft, {
            readOnly: false,
            parts,
            onChange: () => (jobChanged = true),
            copied,
            undo,
            ...reader,
          }),
        );
        if (jobChanged) changed = true;
        if (!changed) job.resolve(result);
        else acknowledgeAfterWrite.push({ job, result });
      } catch (error) {
        undoChanges(undo);
        job.reject(error);
      }
    }
    if (!changed) return;
    if (now() - lastPrune >= Math.min(PRUNE_INTERVAL_MS, retentionMs / 10)) {
      pruneIdempotency(draft, now() - retentionMs);
      lastPrune = now();
    }
    try {
      // Write first, publish after: read() never sees a document that is not durable yet.
      await db.adapter.write(draft);
    } catch (error) {
      for (const { job } of acknowledgeAfterWrite) job.reject(error);
      return;
    }
    // A running read keeps the records it started with (snapshot); otherwise they change in place.
    settleDraft(draft, reading === 0);
    db.data = draft;
    options.afterCommit?.(draft);
    for (const { job, result } of acknowledgeAfterWrite) job.resolve(result);
  }

  /**
   * The archive step (Store.archive): the archive's files are written first, then the hot document
   * without what moved; it is the commit point (archive.ts, recovery rule).
   */
  async function archiveSettled(settledBefore: string): Promise<ArchiveResult> {
    if (unavailable !== undefined) throw new StoreUnavailableError(`the store cannot write: ${unavailable}`);
    const current = db.data;
    const waitingFor = new Set<string>();
    for (const message of Object.values(current.outbox.messages))
      if (message.state === 'pending') waitingFor.add(`${message.subject.kind}|${message.subject.id}`);
    const moving: TrackedItem[] = [];
    if (options.archive) {
      for (const [kind, spec] of parts.items) {
        const final = new Set<string>(spec.finalStates ?? []);
        if (final.size === 0 || !Object.hasOwn(current.items, kind)) continue;
        for (const item of Object.values(current.items[kind]!) as TrackedItem[])
          if (
            final.has(item.state) &&
            item.updatedAt < settledBefore &&
            !waitingFor.has(`${kind}|${item.id}`)
          )
            moving.push(item);
      }
    }
    const delivered = Object.values(current.outbox.messages).filter(
      (m) => m.state === 'sent' && (m.sentAt ?? m.createdAt) < settledBefore,
    );
    if (moving.length === 0 && delivered.length === 0) return { items: 0, notifications: 0 };
    if (moving.length > 0) await options.archive?.write(moving);
    // New records for what changes: the draft shares the others with the committed document.
    const next = createDraft(current);
    for (const kind of new Set(moving.map((item) => item.kind)))
      next.items[kind] = { ...current.items[kind] };
    for (const item of moving) delete next.items[item.kind]![item.id];
    if (delivered.length > 0)
      next.outbox = { messages: { ...current.outbox.messages }, byKey: { ...current.outbox.byKey } };
    const tally = { ...next.delivered };
    for (const message of delivered) {
      delete next.outbox.messages[message.id];
      delete next.outbox.byKey[notificationStorageKey(message.key)];
      const day = (message.sentAt ?? message.createdAt).slice(0, 10);
      tally[day] = (Object.hasOwn(tally, day) ? tally[day]! : 0) + 1;
    }
    if (delivered.length > 0) next.delivered = tally;
    pruneIdempotency(next, now() - retentionMs);
    await db.adapter.write(next);
    db.data = next;
    options.afterCommit?.(next);
    return { items: moving.length, notifications: delivered.length };
  }

  /**
   * The rewrite step (Store.rewriteItems): the hot document's items of the kind first (checked
   * before anything is written), then the archive's files, then compaction.
   */
  async function rewriteKind(
    kind: string,
    fn: (item: TrackedItem) => TrackedItem | undefined,
  ): Promise<RewriteResult> {
    if (unavailable !== undefined) throw new StoreUnavailableError(`the store cannot write: ${unavailable}`);
    const spec = parts.items.get(kind);
    if (!spec) throw new Error('rewriteItems: unknown kind of item');
    const current = db.data;
    const changed: Record<string, TrackedItem> = {};
    let hot = 0;
    if (Object.hasOwn(current.items, kind)) {
      for (const [id, item] of Object.entries(current.items[kind]!) as [string, TrackedItem][]) {
        const rewritten = fn(JSON.parse(JSON.stringify(item)) as TrackedItem);
        if (rewritten === undefined || JSON.stringify(rewritten) === JSON.stringify(item)) continue;
        if (rewritten.id !== id || rewritten.kind !== kind || rewritten.updatedAt !== item.updatedAt)
          throw new Error("rewriteItems: a rewrite must keep the item's id, kind and last change");
        const parsed = spec.schema.safeParse(rewritten);
        if (!parsed.success) throw new Error('rewriteItems: a rewritten item does not match its schema');
        changed[id] = parsed.data as TrackedItem;
        hot++;
      }
    }
    if (hot > 0) {
      const next = createDraft(current);
      next.items[kind] = { ...current.items[kind], ...changed };
      await db.adapter.write(next);
      db.data = next;
      options.afterCommit?.(next);
    }
    const archived = options.archive ? await options.archive.rewrite(kind, fn) : 0;
    if (hot + archived > 0) await options.compact?.();
    return { hot, archived };
  }

  function solo<T>(step: () => Promise<T>): Promise<T> {
    if (closing) return Promise.reject(new StoreClosedError());
    return new Promise<T>((resolve, reject) => {
      waiting.push({ work: { solo: step }, resolve: resolve as (value: unknown) => void, reject });
      loop ??= drain();
    });
  }

  async function drain(): Promise<void> {
    try {
      while (waiting.length > 0) {
        // Units of work up to the next solo step form a batch; a solo step runs alone.
        const step = waiting.findIndex((job) => typeof job.work !== 'function');
        if (step === 0) {
          const [job] = waiting.splice(0, 1);
          const { solo } = job!.work as { solo: () => Promise<unknown> };
          await solo().then(job!.resolve, job!.reject);
          continue;
        }
        const batch = step < 0 ? waiting : waiting.slice(0, step);
        waiting = step < 0 ? [] : waiting.slice(step);
        await commitBatch(batch);
      }
    } finally {
      loop = undefined;
    }
  }

  /**
   * Runs `work` read-only on the committed document. While a read runs, commits replace the records
   * they change instead of changing them in place (settleDraft), so its snapshot stays consistent.
   */
  async function readCommitted<T>(
    work: (uow: UnitOfWork) => Promise<T>,
    onWriteAttempt?: () => void,
  ): Promise<T> {
    reading++;
    try {
      return await work(
        createUnitOfWork(db.data, {
          readOnly: true,
          parts,
          onChange: () => undefined,
          ...(onWriteAttempt ? { onWriteAttempt } : {}),
          ...reader,
        }),
      );
    } finally {
      reading--;
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
      return readCommitted(work);
    },

    async runReadFirst<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
      if (closing) throw new StoreClosedError();
      let tried = false;
      let value: { result: T } | undefined;
      try {
        value = { result: await readCommitted(work, () => (tried = true)) };
      } catch (error) {
        if (!tried) throw error;
      }
      // It tried to change something: what it answered (or threw) read-only does not count.
      if (tried || value === undefined) return this.run(work);
      return value.result;
    },

    archive(settledBefore) {
      return solo(() => archiveSettled(settledBefore));
    },

    rewriteItems(kind, fn) {
      return solo(() => rewriteKind(kind, fn));
    },

    compact() {
      return solo(async () => {
        if (unavailable !== undefined)
          throw new StoreUnavailableError(`the store cannot write: ${unavailable}`);
        await options.compact?.();
      });
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
