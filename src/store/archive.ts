/**
 * The archive: tracked items that have settled in a final state, kept out of the hot document so
 * that a write costs what it changes, not what the store holds (issue 9).
 *
 * Layout (for the file store, under `<dataDir>/archive/`; the memory store keeps the same files in a
 * map):
 * - `<kind>-<YYYY-MM>.json`: the items of one kind whose last change (`updatedAt`, UTC) fell in that
 *   month, by id. Bounded by a month's activity, not by history.
 * - `<kind>-<YYYY-MM>.index.json`: a summary of each of them (state, creator, parties, due moment,
 *   labels), read when a query or a `get` first needs archived items of that kind, and kept in memory
 *   (indexes by creator, party, state and label), so no query reads or scans the items files.
 * Each file is written whole and durably (temp file, fsync, rename, directory fsync), like the hot
 * document; an archive run writes the items file, then the index file, then the hot document.
 *
 * Recovery rule for a crash between two files: the hot document is the commit point. An item in the
 * hot document is the item, whatever the archive holds (so an archive write whose hot-document write
 * never happened changes nothing); among archived copies of one item the latest `updatedAt` wins (a
 * later copy can only come from a later change, which moves the item to the month of that change).
 * So no intent record is needed, and an item is never lost: it leaves the hot document only after
 * the files holding it are durable.
 */
import { z } from 'zod';
import { recipientKey } from '../domain/notifications.js';
import type { TrackedItem } from '../domain/tracked-item.js';
import { SafeError } from '../log/safe-error.js';
import { own, putOwn } from './own-entries.js';
import type { ItemQuery } from './store.js';
import type { ItemKindSpec, StoreParts } from './store-parts.js';

/** Where the archive's files live: whole JSON values written durably, by file name. */
export interface ArchiveFiles {
  /** The names of the files in the archive. */
  list(): Promise<string[]>;
  /** The parsed content of a file, or undefined when there is no such file. */
  read(name: string): Promise<unknown>;
  /** Replaces a file's content durably (resolves once it is on disk). */
  write(name: string, value: unknown): Promise<void>;
}

/** What a query needs to know of an item, archived or not (the index holds one per archived item). */
export interface ItemSummary {
  id: string;
  state: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** recipientKey() of each party. */
  parties: string[];
  due?: string;
  labels?: string[];
}

/** The month an item is archived under: that of its last change. */
export const archivePeriod = (item: Pick<TrackedItem, 'updatedAt'>): string => item.updatedAt.slice(0, 7);

const summarySchema = z.object({
  id: z.string().min(1),
  state: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  parties: z.array(z.string()),
  due: z.string().optional(),
  labels: z.array(z.string()).optional(),
});
const indexFileSchema = z.object({ kind: z.string(), period: z.string(), items: z.array(summarySchema) });
const itemsFileSchema = z.object({
  kind: z.string(),
  period: z.string(),
  items: z.record(z.string(), z.unknown()),
});

const PERIOD = /^\d{4}-\d{2}$/;
const itemsFileName = (kind: string, period: string) => `${encodeURIComponent(kind)}-${period}.json`;
const indexFileName = (kind: string, period: string) => `${encodeURIComponent(kind)}-${period}.index.json`;
/** The kind and period of an items file's name (not an index file), or undefined for any other name. */
function parseItemsFileName(name: string): { kind: string; period: string } | undefined {
  if (name.endsWith('.index.json')) return undefined;
  const match = /^(.+)-(\d{4}-\d{2})\.json$/.exec(name);
  if (!match) return undefined;
  try {
    return { kind: decodeURIComponent(match[1]!), period: match[2]! };
  } catch {
    return undefined;
  }
}

/** The kind and period of an index file's name, or undefined for any other name. */
function parseIndexFileName(name: string): { kind: string; period: string } | undefined {
  const match = /^(.+)-(\d{4}-\d{2})\.index\.json$/.exec(name);
  if (!match) return undefined;
  try {
    return { kind: decodeURIComponent(match[1]!), period: match[2]! };
  } catch {
    return undefined;
  }
}

/**
 * Thrown when an archive file cannot be used; the message names the file, never data, so it is a
 * SafeError: the logs keep it (the operator learns which file to restore).
 */
export class ArchiveFileError extends SafeError {
  override name = 'ArchiveFileError';
}

/** The summary of an item under its kind's spec. */
export function summarize(spec: ItemKindSpec, item: TrackedItem): ItemSummary {
  const due = spec.due?.(item);
  const labels = spec.labels?.(item);
  return {
    id: item.id,
    state: item.state,
    createdBy: item.createdBy,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    parties: item.parties.map((p) => recipientKey(p.to)),
    ...(due !== undefined ? { due } : {}),
    ...(labels && labels.length > 0 ? { labels: [...labels] } : {}),
  };
}

/** Whether an item with this summary answers the query (every condition given must hold). */
export function matchesQuery(summary: ItemSummary, query: ItemQuery): boolean {
  return (
    (!query.states || query.states.includes(summary.state)) &&
    (query.createdBy === undefined || summary.createdBy === query.createdBy) &&
    (query.party === undefined || summary.parties.includes(query.party)) &&
    (query.label === undefined || (summary.labels?.includes(query.label) ?? false)) &&
    (query.dueBefore === undefined || (summary.due !== undefined && summary.due < query.dueBefore))
  );
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The query's order: by creation, oldest (default) or newest first, or by last change, latest first. */
export function byQueryOrder(order: ItemQuery['order']): (a: ItemSummary, b: ItemSummary) => number {
  // Ties by id, so that an item's place does not depend on whether it is archived.
  if (order === 'newest') return (a, b) => compare(b.createdAt, a.createdAt) || compare(a.id, b.id);
  if (order === 'latest') return (a, b) => compare(b.updatedAt, a.updatedAt) || compare(a.id, b.id);
  return (a, b) => compare(a.createdAt, b.createdAt) || compare(a.id, b.id);
}

/** Whether items answering this query may be in the archive (it asks for a state the kind archives). */
export function mayBeArchived(spec: ItemKindSpec, query: ItemQuery): boolean {
  const final = spec.finalStates ?? [];
  if (final.length === 0) return false;
  return !query.states || query.states.some((state) => final.includes(state));
}

/** One kind's archived summaries, with indexes for the queries the features make. */
class KindIndex {
  readonly byId = new Map<string, ItemSummary & { period: string }>();
  readonly #by = {
    createdBy: new Map<string, Set<string>>(),
    party: new Map<string, Set<string>>(),
    state: new Map<string, Set<string>>(),
    label: new Map<string, Set<string>>(),
  };

  /** Adds or replaces an item's summary, unless the one held is from a later change. */
  set(summary: ItemSummary, period: string): void {
    const held = this.byId.get(summary.id);
    if (held) {
      if (held.updatedAt > summary.updatedAt) return;
      this.#unindex(held);
    }
    const entry = { ...summary, period };
    this.byId.set(summary.id, entry);
    this.#each(entry, (map, key) => {
      const ids = map.get(key) ?? new Set<string>();
      ids.add(entry.id);
      map.set(key, ids);
    });
  }

  /** The summaries answering the query, not ordered. */
  find(query: ItemQuery, skip: (id: string) => boolean): (ItemSummary & { period: string })[] {
    // Start from the narrowest index the query names; every condition is checked again below.
    const candidates =
      query.createdBy !== undefined
        ? this.#by.createdBy.get(query.createdBy)
        : query.party !== undefined
          ? this.#by.party.get(query.party)
          : query.label !== undefined
            ? this.#by.label.get(query.label)
            : query.states
              ? new Set(query.states.flatMap((s) => [...(this.#by.state.get(s) ?? [])]))
              : new Set(this.byId.keys());
    const found: (ItemSummary & { period: string })[] = [];
    for (const id of candidates ?? []) {
      const summary = this.byId.get(id);
      if (summary && !skip(id) && matchesQuery(summary, query)) found.push(summary);
    }
    return found;
  }

  #unindex(summary: ItemSummary): void {
    this.#each(summary, (map, key) => {
      const ids = map.get(key);
      ids?.delete(summary.id);
      if (ids?.size === 0) map.delete(key);
    });
  }

  #each(summary: ItemSummary, visit: (map: Map<string, Set<string>>, key: string) => void): void {
    visit(this.#by.createdBy, summary.createdBy);
    visit(this.#by.state, summary.state);
    for (const party of new Set(summary.parties)) visit(this.#by.party, party);
    for (const label of new Set(summary.labels ?? [])) visit(this.#by.label, label);
  }
}

/** Options of createArchive. */
export interface ArchiveOptions {
  /** How many months' items files are kept in memory after being read (default 4). */
  cachedMonths?: number;
}

/** The archive as the store's repositories read it. */
export interface ArchiveReader {
  /** The archived item, or undefined. Loads the kind's index on first use. */
  get(kind: string, id: string): Promise<TrackedItem | undefined>;
  /** The summaries of archived items answering `query` whose id `skip` does not refuse. */
  find(query: ItemQuery, skip: (id: string) => boolean): Promise<ItemSummary[]>;
  /** The archived items of these summaries (from find), in the same order. */
  load(kind: string, summaries: readonly ItemSummary[]): Promise<TrackedItem[]>;
}

/** The archive as the store writes it. */
export interface Archive extends ArchiveReader {
  /**
   * Writes these items (each in a state its kind archives) into their months' files, durably, items
   * files before index files. They are found in the archive from then on; the caller removes them
   * from the hot document afterwards (see the recovery rule above).
   */
  write(items: readonly TrackedItem[]): Promise<void>;
  /**
   * Rewrites every archived copy of `kind`'s items (stale copies in older months too) through `fn`,
   * which returns the new item or undefined to leave it; the result must keep the item's id, kind and
   * `updatedAt` (its month) and match the kind's schema. Each changed month's items file, then its
   * index file, is written durably. Returns how many copies changed.
   */
  rewrite(kind: string, fn: (item: TrackedItem) => TrackedItem | undefined): Promise<number>;
}

/** An archive over `files`, for the kinds in `parts`. */
export function createArchive(files: ArchiveFiles, parts: StoreParts, options: ArchiveOptions = {}): Archive {
  const cachedMonths = Math.max(1, options.cachedMonths ?? 4);
  const indexes = new Map<string, Promise<KindIndex>>();
  /** Items files read or written lately, most recently used last. */
  const months = new Map<string, Record<string, TrackedItem>>();

  const specOf = (kind: string): ItemKindSpec => {
    const spec = parts.items.get(kind);
    if (!spec) throw new Error('archive: unknown kind of item');
    return spec;
  };

  async function readChecked<S extends z.ZodType>(name: string, schema: S): Promise<z.output<S> | undefined> {
    let value: unknown;
    try {
      value = await files.read(name);
    } catch (error) {
      throw new ArchiveFileError(`archive file ${name} cannot be read`, { cause: error });
    }
    if (value === undefined) return undefined;
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new ArchiveFileError(`archive file ${name} does not match the schema`);
    return parsed.data;
  }

  function remember(name: string, items: Record<string, TrackedItem>): void {
    months.delete(name);
    months.set(name, items);
    while (months.size > cachedMonths) months.delete(months.keys().next().value as string);
  }

  async function monthItems(kind: string, period: string): Promise<Record<string, TrackedItem>> {
    const name = itemsFileName(kind, period);
    const cached = months.get(name);
    if (cached) {
      remember(name, cached);
      return cached;
    }
    const file = await readChecked(name, itemsFileSchema);
    const items: Record<string, TrackedItem> = {};
    const spec = specOf(kind);
    for (const [id, value] of Object.entries(file?.items ?? {})) {
      const parsed = spec.schema.safeParse(value);
      if (!parsed.success)
        throw new ArchiveFileError(`archive file ${name} holds an item that does not match the schema`);
      putOwn(items, id, parsed.data);
    }
    remember(name, items);
    return items;
  }

  function indexOf(kind: string): Promise<KindIndex> {
    let index = indexes.get(kind);
    if (!index) {
      index = (async () => {
        const built = new KindIndex();
        const names = (await files.list()).filter((name) => parseIndexFileName(name)?.kind === kind).sort();
        for (const name of names) {
          const { period } = parseIndexFileName(name)!;
          const file = await readChecked(name, indexFileSchema);
          for (const summary of file?.items ?? []) built.set(summary, period);
        }
        return built;
      })();
      // A failed read is tried again next time rather than remembered.
      index.catch(() => indexes.delete(kind));
      indexes.set(kind, index);
    }
    return index;
  }

  const archivable = (kind: string) => (parts.items.get(kind)?.finalStates?.length ?? 0) > 0;

  return {
    async get(kind, id) {
      if (!archivable(kind)) return undefined;
      const summary = (await indexOf(kind)).byId.get(id);
      if (!summary) return undefined;
      const items = await monthItems(kind, summary.period);
      return own(items, id);
    },

    async find(query, skip) {
      if (!archivable(query.kind)) return [];
      return (await indexOf(query.kind)).find(query, skip);
    },

    async load(kind, summaries) {
      const index = await indexOf(kind);
      const found: TrackedItem[] = [];
      for (const summary of summaries) {
        const period = index.byId.get(summary.id)?.period;
        const items = period === undefined ? {} : await monthItems(kind, period);
        const item = own(items, summary.id);
        if (!item)
          throw new ArchiveFileError(
            `archive file ${itemsFileName(kind, period ?? '?')} lacks an indexed item`,
          );
        found.push(item);
      }
      return found;
    },

    async write(items) {
      const groups = new Map<string, { kind: string; period: string; items: TrackedItem[] }>();
      for (const item of items) {
        const period = archivePeriod(item);
        if (!PERIOD.test(period)) throw new Error('archive: an item without a valid updatedAt');
        const key = itemsFileName(item.kind, period);
        const group = groups.get(key) ?? { kind: item.kind, period, items: [] };
        group.items.push(item);
        groups.set(key, group);
      }
      for (const { kind, period, items: added } of groups.values()) {
        const spec = specOf(kind);
        const current = await monthItems(kind, period);
        const next: Record<string, TrackedItem> = { ...current };
        for (const item of added) putOwn(next, item.id, item);
        await files.write(itemsFileName(kind, period), { kind, period, items: next });
        remember(itemsFileName(kind, period), next);
        const summaries = Object.values(next).map((item) => summarize(spec, item));
        await files.write(indexFileName(kind, period), { kind, period, items: summaries });
        // An index already read (or being read) learns them; one not read yet will read this file.
        const index = await indexes.get(kind)?.catch(() => undefined);
        for (const summary of summaries) index?.set(summary, period);
      }
    },

    async rewrite(kind, fn) {
      const spec = specOf(kind);
      const periods = (await files.list())
        .map(parseItemsFileName)
        .filter((parsed) => parsed?.kind === kind)
        .map((parsed) => parsed!.period)
        .sort();
      let changed = 0;
      for (const period of periods) {
        const current = await monthItems(kind, period);
        const next: Record<string, TrackedItem> = { ...current };
        let changedHere = 0;
        for (const [id, item] of Object.entries(current)) {
          const rewritten = fn(structuredClone(item));
          if (rewritten === undefined || JSON.stringify(rewritten) === JSON.stringify(item)) continue;
          if (rewritten.id !== id || rewritten.kind !== kind || archivePeriod(rewritten) !== period)
            throw new Error("archive: a rewrite must keep the item's id, kind and last change");
          const parsed = spec.schema.safeParse(rewritten);
          if (!parsed.success) throw new Error('archive: a rewritten item does not match its schema');
          putOwn(next, id, parsed.data);
          changedHere++;
        }
        if (changedHere === 0) continue;
        await files.write(itemsFileName(kind, period), { kind, period, items: next });
        remember(itemsFileName(kind, period), next);
        const summaries = Object.values(next).map((item) => summarize(spec, item));
        await files.write(indexFileName(kind, period), { kind, period, items: summaries });
        const index = await indexes.get(kind)?.catch(() => undefined);
        for (const summary of summaries) index?.set(summary, period);
        changed += changedHere;
      }
      return changed;
    },
  };
}

/** Archive files in memory (the memory store), as JSON text so that nothing aliases what is stored. */
export function memoryArchiveFiles(): ArchiveFiles {
  const stored = new Map<string, string>();
  return {
    async list() {
      return [...stored.keys()];
    },
    async read(name) {
      const text = stored.get(name);
      return text === undefined ? undefined : JSON.parse(text);
    },
    async write(name, value) {
      stored.set(name, JSON.stringify(value));
    },
  };
}
