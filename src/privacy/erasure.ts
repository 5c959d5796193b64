/**
 * Erasure on request (issue 14): an administrator erases everything a person wrote. Their free text
 * goes from every item of every kind with privacy hooks (`erase`), hot and archived; the items stay
 * as anonymised stubs. When the person has left the network, their roster entry and stored
 * conversation references go too.
 *
 * Two steps, because the archive's files and the journal are outside a unit of work:
 * 1. `request` runs in the administrator's unit of work (one activity, one unit of work): it counts
 *    what will be anonymised, removes the roster entry and conversations of someone leaving, and
 *    notes the erasure as pending (record `privacy.erasures`).
 * 2. `finishPending` runs once that is committed (kicked at once, and by the daily retention round
 *    after a crash): every kind's items through `erase` in the hot document and every archived copy
 *    (Store.rewriteItems), the store compacted so no earlier version stays in the journal, the count
 *    added to the statistics, an 'erase' entry in the audit log (ids and the count), the pending
 *    note removed.
 */
import type { AuditPort } from '../audit/audit-log.js';
import type { TrackedItem } from '../domain/tracked-item.js';
import type { Store, UnitOfWork } from '../store/store.js';
import type { StoreParts } from '../store/store-parts.js';
import { countInStatistics, type PendingErasure, PRIVACY_ERASURES_RECORD } from './privacy-store.js';

export interface ErasureRequest {
  /** The person whose text goes (AAD object id). */
  subject: string;
  /** The administrator (AAD object id). */
  by: string;
  at: string;
  /** They left the network: their roster entry and conversation references go too. */
  leaving: boolean;
}

/** The privacy operations use cases reach through the AppContext (`app.privacy`). */
export interface PrivacyPort {
  /** How many records erasing `subject` would anonymise (items holding text they wrote), in a read. */
  preview(uow: UnitOfWork, subject: string): Promise<number>;
  /** Step 1, in the caller's unit of work; step 2 starts once it is committed. Returns the count. */
  request(uow: UnitOfWork, erasure: ErasureRequest): Promise<number>;
  /** Step 2 for every pending erasure; resolves when done. Returns how many it finished. */
  finishPending(): Promise<number>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export interface PrivacyPortOptions {
  store: Store;
  parts: StoreParts;
  audit: AuditPort;
  /** Told when a step 2 started on its own fails (it is tried again by the next retention round). */
  onError?: (error: unknown) => void;
}

export function createPrivacyPort(options: PrivacyPortOptions): PrivacyPort {
  const { store, parts, audit } = options;
  const kinds = [...parts.items.values()].filter((spec) => spec.privacy !== undefined);
  let chain: Promise<number> = Promise.resolve(0);

  async function preview(uow: UnitOfWork, subject: string): Promise<number> {
    let count = 0;
    for (const spec of kinds) {
      for (const item of await uow.items.query({ kind: spec.kind }))
        if (!same(spec.privacy!.erase(structuredClone(item), subject), item)) count++;
    }
    return count;
  }

  async function finishOne(erasure: PendingErasure): Promise<void> {
    const erased = new Map<string, TrackedItem>();
    for (const spec of kinds) {
      await store.rewriteItems(spec.kind, (item) => {
        const next = spec.privacy!.erase(item, erasure.subject);
        if (same(next, item)) return undefined;
        erased.set(`${item.kind}|${item.id}`, item);
        return { ...next, erasedAt: erasure.at };
      });
    }
    // Whatever else changed (a removed roster entry) leaves no earlier version in the journal.
    await store.compact();
    await store.run(async (uow) => {
      const pending = ((await uow.records.get(PRIVACY_ERASURES_RECORD)) ?? []) as PendingErasure[];
      await uow.records.put(
        PRIVACY_ERASURES_RECORD,
        pending.filter((p) => !(p.subject === erasure.subject && p.at === erasure.at)),
      );
      await countInStatistics(uow, 'erased', [...erased.values()]);
    });
    await audit.record([
      // A leaver's roster entry and conversation references went in the administrator's unit of work.
      ...(erasure.leaving
        ? [{ actor: erasure.by, action: 'delete' as const, kind: 'roster', target: erasure.subject }]
        : []),
      { actor: erasure.by, action: 'erase' as const, target: erasure.subject, count: erased.size },
    ]);
  }

  async function finishAll(): Promise<number> {
    // A unit of work (not a read): it waits for the commit of the one that asked.
    const pending = await store.run(
      async (uow) => ((await uow.records.get(PRIVACY_ERASURES_RECORD)) ?? []) as PendingErasure[],
    );
    for (const erasure of pending) await finishOne(erasure);
    return pending.length;
  }

  const finishPending = (): Promise<number> => {
    const next = chain.then(finishAll, finishAll);
    chain = next.catch(() => 0);
    return next;
  };

  return {
    preview,
    async request(uow, erasure) {
      const count = await preview(uow, erasure.subject);
      if (erasure.leaving) {
        await uow.people.remove(erasure.subject);
        await uow.conversations.removePerson(erasure.subject);
      }
      const pending = ((await uow.records.get(PRIVACY_ERASURES_RECORD)) ?? []) as PendingErasure[];
      await uow.records.put(PRIVACY_ERASURES_RECORD, [...pending, erasure]);
      // Queued behind the unit of work in progress: it finds the erasure only once that is committed.
      finishPending().catch((error: unknown) => options.onError?.(error));
      return count;
    },
    finishPending,
  };
}

/** A port that erases nothing (a context built without the store's parts, e.g. a use-case test). */
export const NO_PRIVACY: PrivacyPort = {
  preview: async () => 0,
  request: async () => 0,
  finishPending: async () => 0,
};
