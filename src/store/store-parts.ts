/**
 * The parts of the stored document that features own: their kinds of tracked item (each with its
 * schema and due moment) and their named records (e.g. guidance's topics, with a seed). The core
 * document schema (schema.ts) holds them opaquely under `items.<kind>.<id>` and `records.<name>`;
 * these specs check every value a unit of work stores and every value a data file loads with, so
 * what is in memory is exactly what the file will load as. A kind or record no feature registers
 * (a feature was removed) is kept as it is, unread.
 */
import type { z } from 'zod';
import type { TrackedItem } from '../domain/tracked-item.js';
import type { Migration } from './migrations.js';

/** A kind of tracked item a feature stores. */
export interface ItemKindSpec<T extends TrackedItem = TrackedItem> {
  kind: T['kind'];
  schema: z.ZodType<T>;
  /** Its due moment (an ISO date or time), for queries by due date; none: never due. */
  due?: (item: T) => string | undefined;
  /**
   * The states an item normally stays in once it reaches them (e.g. closed). An item in one of them
   * moves to the archive once it has settled (archive.ts); a later change brings it back. None: the
   * kind's items all stay in the hot document. Queries look in the archive only for these states:
   * a release that drops a state from the list must first bring that state's archived items back.
   */
  finalStates?: readonly T['state'][];
  /** Words a query can ask for (ItemQuery.label), e.g. 'principled'; kept in the archive's index. */
  labels?: (item: T) => readonly string[];
  /** How its free text is removed: after its retention period, and when a person asks (issue 14). */
  privacy?: ItemPrivacy<T>;
}

/**
 * A kind's privacy hooks (issue 14): the retention job redacts settled items whose period has run
 * out, and an administrator's erasure takes out what one person wrote. Pure functions; what they
 * return keeps the item's id, kind, `updatedAt`, states, dates and history actions, and passes the
 * kind's schema once marked as the callers mark it (`redactedAt` by the retention job, `erasedAt` by
 * the erasure: a kind's schema may refuse an empty text without one, schema.ts `textsPresent`). A kind without them holds no free text about people (say why where it is declared).
 */
export interface ItemPrivacy<T extends TrackedItem = TrackedItem> {
  /** Its retention category: a key of the retention settings (config.ts, `RETENTION_<CATEGORY>_DAYS`). */
  retention: string;
  /** When its retention period starts (it settled: closed, answered, decided), or undefined while it goes on. */
  settledAt(item: T): string | undefined;
  /**
   * The item without its free text (texts '' or removed), everything else kept. The retention job
   * sets `redactedAt` on what it returns and skips items that have one.
   */
  redact(item: T): T;
  /** The item without the free text `aadObjectId` wrote (and their name, where the item holds it). */
  erase(item: T, aadObjectId: string): T;
}

/** A named record a feature stores (one JSON value), with what a new data file starts with. */
export interface RecordSpec<T = unknown> {
  name: string;
  schema: z.ZodType<T>;
  seed: () => T;
}

/** What a feature adds to the store. */
export interface StorePart {
  items?: readonly ItemKindSpec[];
  records?: readonly RecordSpec[];
  /** Its schema migrations (each `from` version once across the core and every feature). */
  migrations?: readonly Migration[];
}

/** Every feature's parts together (built once at start from the feature list). */
export interface StoreParts {
  items: ReadonlyMap<string, ItemKindSpec>;
  records: ReadonlyMap<string, RecordSpec>;
  migrations: readonly Migration[];
}

export const NO_PARTS: StoreParts = { items: new Map(), records: new Map(), migrations: [] };

/** Thrown at start when two parts claim the same kind of item or record. */
export class StorePartConflictError extends Error {
  override name = 'StorePartConflictError';
}

export function combineStoreParts(parts: readonly StorePart[]): StoreParts {
  const items = new Map<string, ItemKindSpec>();
  const records = new Map<string, RecordSpec>();
  for (const part of parts) {
    for (const spec of part.items ?? []) {
      if (items.has(spec.kind))
        throw new StorePartConflictError(`the kind of item ${spec.kind} is claimed twice`);
      items.set(spec.kind, spec);
    }
    for (const spec of part.records ?? []) {
      if (records.has(spec.name))
        throw new StorePartConflictError(`the record ${spec.name} is claimed twice`);
      records.set(spec.name, spec);
    }
  }
  return { items, records, migrations: parts.flatMap((p) => p.migrations ?? []) };
}
