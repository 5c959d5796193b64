/**
 * The repositories of a unit of work over one in-memory StoreDocument, shared by the lowdb and
 * the memory store. Values go in and out as copies, so callers never alias the document, and
 * every stored value is checked against the schema first (InvalidDocumentError), so what is in
 * memory is exactly what the file will load as. Stored entries are never changed in place, only
 * replaced, which lets a draft share them with the committed document (createDraft).
 * Every mutation that actually changes the document calls `onChange` (a put of an identical
 * value does not), which lets the store skip writing when nothing changed.
 */

import type { z } from 'zod';
import { cloneJson } from '../domain/json-value.js';
import { type NotificationRequest, recipientKey } from '../domain/notifications.js';
import type { Person, Unit } from '../domain/roster.js';
import type { TrackedItem } from '../domain/tracked-item.js';
import {
  type ArchiveReader,
  byQueryOrder,
  type ItemSummary,
  matchesQuery,
  mayBeArchived,
  summarize,
} from './archive.js';
import { checkEntry } from './document-validation.js';
import {
  changedKeys,
  createOverlay,
  entriesOf,
  overlayOf,
  settleOverlay,
  valuesOf,
  versionOf,
} from './overlay.js';
import { own, putOwn } from './own-entries.js';
import {
  channelStorageKey,
  notificationStorageKey,
  outboxMessageSchema,
  personSchema,
  type StoreDocument,
  sendLogSchema,
  sequenceStorageKey,
  settingsSchema,
  storedChannelSchema,
  storedConversationSchema,
  unitSchema,
  unreachableSchema,
} from './schema.js';
import type {
  ChannelKey,
  ConversationRepository,
  IdempotencyRepository,
  ItemQuery,
  ItemRepository,
  OutboxMessage,
  OutboxRepository,
  OutboxState,
  PeopleRepository,
  RecordRepository,
  SendLogRepository,
  SequenceRepository,
  Settings,
  SettingsRepository,
  StoredConversation,
  UnitOfWork,
  UnitRepository,
  UnreachableRecipient,
  UnreachableRepository,
} from './store.js';
import type { StoreParts } from './store-parts.js';

/** Thrown when a read-only unit of work (Store.read) tries to change something. */
export class ReadOnlyUnitOfWorkError extends Error {
  override name = 'ReadOnlyUnitOfWorkError';
  constructor(operation: string) {
    super(`${operation} is not allowed in a read-only unit of work (use Store.run)`);
  }
}

/** How a unit of work may touch its document. */
export interface UnitOfWorkOptions {
  /** Mutations throw ReadOnlyUnitOfWorkError. */
  readOnly: boolean;
  /** The features' kinds of item and records, with their schemas. */
  parts: StoreParts;
  /** Called after each mutation that changed the document. */
  onChange: () => void;
  /** Read-only: called when a change is tried (before ReadOnlyUnitOfWorkError is thrown). */
  onWriteAttempt?: () => void;
  /** Where settled items went (archive.ts); none: every item is in the document. */
  archive?: ArchiveReader;
  /**
   * The records already copied in this draft, when units of work share it (a batch, document-store.ts):
   * a record is then copied once per batch, not once per unit of work. Default: none yet.
   */
  copied?: Set<string>;
  /**
   * When given, every change in place pushes how to undo it, so that a unit of work that throws can
   * be taken back out of a draft shared with the units of work before it (undoChanges).
   */
  undo?: (() => void)[];
}

/** Takes back the changes an undo list holds, last first. */
export function undoChanges(undo: readonly (() => void)[]): void {
  for (let i = undo.length - 1; i >= 0; i--) undo[i]!();
}

const copy = cloneJson;

/**
 * A stored entry handed out as it is, frozen (deeply, once): entries are never changed in place, so
 * sharing them is safe, and a caller that tries to change one gets a TypeError instead of changing
 * the store. Used for the roster, which every activity reads whole (copying it was the largest cost
 * of a read, issue 9), and for features' records (the guidance topics, read on every question);
 * other entries are still copied.
 */
const frozenEntries = new WeakSet<object>();
function frozen<T>(value: T): T {
  if (value === null || typeof value !== 'object' || frozenEntries.has(value)) return value;
  for (const child of Object.values(value)) frozen(child);
  Object.freeze(value);
  frozenEntries.add(value);
  return value;
}

/** The roster's list per committed people record, while that record has not changed (versionOf). */
const peopleLists = new WeakMap<object, { version: number; list: readonly Person[] }>();

/**
 * The people in `record`, frozen, in a frozen array. A committed record (not a draft's overlay) gets
 * the same array back until it changes, so what is built from the roster once (actor.ts's loadRoster)
 * can be kept for as long as the roster stays the same.
 */
function listOfPeople(record: Record<string, Person>): readonly Person[] {
  if (overlayOf(record)) return Object.freeze(valuesOf(record).map(frozen));
  const version = versionOf(record);
  const kept = peopleLists.get(record);
  if (kept?.version === version) return kept.list;
  const list = Object.freeze(Object.values(record).map(frozen));
  peopleLists.set(record, { version, list });
  return list;
}

/** Orders ISO timestamps (plain code-unit order, which is chronological for ISO 8601 UTC). */
const byCreatedAt = (a: { createdAt: string }, b: { createdAt: string }): number =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0;

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A private draft of `doc` for one unit of work: new containers (the top level, `items`,
 * `conversations`, `outbox`), records shared with `doc` until the unit of work first changes one,
 * which it then copies (copy on write, createUnitOfWork), and entries shared always (never mutated).
 * Cheap whatever the document holds; rolling back is dropping the draft.
 */
export function createDraft(doc: StoreDocument): StoreDocument {
  return {
    ...doc,
    items: { ...doc.items },
    conversations: { ...doc.conversations },
    outbox: { ...doc.outbox },
  };
}

const sendTimesSchema = sendLogSchema.shape.requests.valueType;

/**
 * The pending messages of an outbox, oldest first, computed once per committed set of messages: a
 * commit changes the committed `messages` record in place (settleOverlay, which counts its
 * versions) or replaces it, so the record and its version are the cache key, and the delivery loop's
 * many reads between two commits sort nothing.
 */
const pendingOrder = new WeakMap<object, { version: number; pending: readonly OutboxMessage[] }>();
function pendingOf(messages: Record<string, OutboxMessage>, shared: boolean): readonly OutboxMessage[] {
  const cached = shared ? pendingOrder.get(messages) : undefined;
  if (cached && cached.version === versionOf(messages)) return cached.pending;
  // Ties keep Object.values order (insertion order for non-numeric ids); the sort is stable.
  const pending = valuesOf(messages)
    .filter((m) => m.state === 'pending')
    .sort(byCreatedAt);
  if (shared) {
    pendingOrder.set(messages, { version: versionOf(messages), pending });
    const counts = new Map<string, number>();
    for (const message of pending) countRecipient(counts, message, 1);
    recipientCounts.set(pending, counts);
  }
  return pending;
}

/** How many messages of each recipient a pending order holds (headsOf stops once it has seen them all). */
const recipientCounts = new WeakMap<readonly OutboxMessage[], Map<string, number>>();
function countRecipient(counts: Map<string, number>, message: OutboxMessage, by: 1 | -1): void {
  const key = recipientKey(message.recipient);
  const n = (counts.get(key) ?? 0) + by;
  if (n > 0) counts.set(key, n);
  else counts.delete(key);
}

/**
 * Keeps the pending order of a messages record that a batch changes in place up to date from the
 * messages it changed, instead of filtering every message again (thousands, most of them sent):
 * returns what to call once the overlay is settled, or undefined when there is nothing cached.
 */
function pendingAfterSettle(
  messages: Record<string, OutboxMessage>,
  inPlace: boolean,
): (() => void) | undefined {
  const overlay = overlayOf(messages);
  if (!overlay || !inPlace) return undefined;
  const base = overlay.base as Record<string, OutboxMessage>;
  const cached = pendingOrder.get(base);
  if (!cached || cached.version !== versionOf(base)) return undefined;
  const before = new Map<string, OutboxMessage | undefined>();
  for (const id of changedKeys(overlay)) before.set(id, own(base, id));
  const previousCounts = recipientCounts.get(cached.pending);
  return () => {
    // Changed in place, not copied (a copy per commit cost as much as the backlog is long): the
    // settle is in place, so no read is running, and callers only ever got copies of its messages.
    // The heads worked out from it are dropped; a change it cannot follow drops the whole order.
    const list = cached.pending as OutboxMessage[];
    const counts = previousCounts;
    pendingHeads.delete(list);
    for (const [id, was] of before) {
      const now = own(base, id);
      const wasPending = was?.state === 'pending';
      const isPending = now?.state === 'pending';
      if (!wasPending && !isPending) continue;
      if (wasPending) {
        const at = list.findIndex((m) => m.id === id);
        if (at < 0 || (isPending && now!.createdAt !== was!.createdAt)) return void pendingOrder.delete(base);
        if (isPending) list[at] = now!;
        else list.splice(at, 1);
        if (counts) countRecipient(counts, was!, -1);
        if (counts && isPending) countRecipient(counts, now!, 1);
        continue;
      }
      // Pending again, in the middle of the record: its place among equal times is not known here.
      if (was !== undefined) return void pendingOrder.delete(base);
      // New: after every message of the same time or older (new keys come last in the record).
      let low = 0;
      let high = list.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (list[mid]!.createdAt <= now!.createdAt) low = mid + 1;
        else high = mid;
      }
      list.splice(low, 0, now!);
      if (counts) countRecipient(counts, now!, 1);
    }
    pendingOrder.set(base, { version: versionOf(base), pending: list });
  };
}

/**
 * The oldest pending message of each recipient, oldest first, once per pending order: the delivery
 * loop asks for them on every round, and a recipient with thousands waiting (one coordinator getting
 * every question of a busy hour) made each round walk them all.
 */
const pendingHeads = new WeakMap<readonly OutboxMessage[], readonly OutboxMessage[]>();
function headsOf(pending: readonly OutboxMessage[]): readonly OutboxMessage[] {
  const cached = pendingHeads.get(pending);
  if (cached) return cached;
  const heads: OutboxMessage[] = [];
  const seen = new Set<string>();
  const recipients = recipientCounts.get(pending)?.size;
  for (const message of pending) {
    if (recipients !== undefined && seen.size >= recipients) break;
    const key = recipientKey(message.recipient);
    if (seen.has(key)) continue;
    seen.add(key);
    heads.push(message);
  }
  pendingHeads.set(pending, heads);
  return heads;
}

/** Index of the first time >= `since` in a sorted list. */
function firstAtOrAfter(times: readonly number[], since: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (times[mid]! < since) low = mid + 1;
    else high = mid;
  }
  return low;
}

const unitsSchema = unitSchema.array();

/** Builds the repositories of one unit of work over `doc` (a private draft, or a snapshot if read-only). */
export function createUnitOfWork(doc: StoreDocument, options: UnitOfWorkOptions): UnitOfWork {
  const mutate = (operation: string): void => {
    if (!options.readOnly) return;
    options.onWriteAttempt?.();
    throw new ReadOnlyUnitOfWorkError(operation);
  };
  /**
   * Copy on write: the first change of a record in this draft lays an overlay over it (overlay.ts; the
   * record read so far is the committed document's, which stays as it is); later changes, also by
   * later units of work of the same batch, go into that overlay, with an undo entry each (options.undo).
   */
  const copied = options.copied ?? new Set<string>();
  const undo = options.undo;
  /** Sets an own entry of a record, remembering the old one for undo. */
  const put = <V>(record: Record<string, V>, key: string, value: V): void => {
    if (undo) {
      const had = Object.hasOwn(record, key);
      const old = record[key];
      undo.push(() => (had ? putOwn(record, key, old as V) : delete record[key]));
    }
    putOwn(record, key, value);
  };
  /** Removes an own entry of a record, remembering it for undo (which puts it back last in the record). */
  const remove = (record: Record<string, unknown>, key: string): void => {
    if (undo) {
      const old = record[key];
      undo.push(() => putOwn(record, key, old));
    }
    delete record[key];
  };
  /** Replaces a field of the document, remembering the old value for undo. */
  const setField = <K extends 'units' | 'settings' | 'sendLog'>(key: K, value: StoreDocument[K]): void => {
    if (undo) {
      const had = Object.hasOwn(doc, key);
      const old = doc[key];
      undo.push(() => {
        if (had) doc[key] = old;
        else delete doc[key];
      });
    }
    doc[key] = value;
  };
  const cow = <R extends object>(name: string, read: () => R, replace: (copy: R) => void): R => {
    if (!copied.has(name)) {
      replace(createOverlay(read()));
      copied.add(name);
    }
    return read();
  };
  const writable = {
    people: () =>
      cow(
        'people',
        () => doc.people,
        (r) => (doc.people = r),
      ),
    records: () =>
      cow(
        'records',
        () => doc.records,
        (r) => (doc.records = r),
      ),
    persons: () =>
      cow(
        'persons',
        () => doc.conversations.persons,
        (r) => (doc.conversations.persons = r),
      ),
    channels: () =>
      cow(
        'channels',
        () => doc.conversations.channels,
        (r) => (doc.conversations.channels = r),
      ),
    messages: () =>
      cow(
        'messages',
        () => doc.outbox.messages,
        (r) => (doc.outbox.messages = r),
      ),
    byKey: () =>
      cow(
        'byKey',
        () => doc.outbox.byKey,
        (r) => (doc.outbox.byKey = r),
      ),
    unreachable: () =>
      cow(
        'unreachable',
        () => doc.unreachable,
        (r) => (doc.unreachable = r),
      ),
    sequences: () =>
      cow(
        'sequences',
        () => doc.sequences,
        (r) => (doc.sequences = r),
      ),
    idempotency: () =>
      cow(
        'idempotency',
        () => doc.idempotency,
        (r) => (doc.idempotency = r),
      ),
    delivered: () =>
      cow(
        'delivered',
        () => doc.delivered ?? {},
        (r) => (doc.delivered = r),
      ),
    items: (kind: string) =>
      cow(
        `items:${kind}`,
        () => (own(doc.items, kind) ?? {}) as Record<string, unknown>,
        (r) => putOwn(doc.items, kind, r),
      ),
  };
  /** Checks `value` and sets the entry to it unless `record` already holds the same value. */
  const setEntry = <S extends z.ZodType>(
    record: Record<string, z.output<S>>,
    write: () => Record<string, z.output<S>>,
    key: string,
    value: unknown,
    schema: S,
    path: readonly string[],
  ): void => {
    const checked = checkEntry(schema, copy(value), [...path, key]);
    if (Object.hasOwn(record, key) && sameJson(record[key], checked)) return;
    put(write(), key, checked);
    options.onChange();
  };
  const deleteEntry = (
    record: Record<string, unknown>,
    write: () => Record<string, unknown>,
    key: string,
  ): void => {
    if (!Object.hasOwn(record, key)) return;
    remove(write(), key);
    options.onChange();
  };
  const get = <V>(record: Record<string, V>, key: string): V | undefined => {
    const value = own(record, key);
    return value === undefined ? undefined : copy(value);
  };

  const people: PeopleRepository = {
    async get(aadObjectId) {
      return frozen(own(doc.people, aadObjectId));
    },
    async list() {
      return listOfPeople(doc.people);
    },
    async put(person) {
      mutate('people.put');
      setEntry(doc.people, writable.people, person.aadObjectId, person, personSchema, ['people']);
    },
    async remove(aadObjectId) {
      mutate('people.remove');
      deleteEntry(doc.people, writable.people, aadObjectId);
    },
  };

  const units: UnitRepository = {
    async list() {
      return doc.units.map(copy);
    },
    async replaceAll(next: Unit[]) {
      mutate('units.replaceAll');
      const checked = checkEntry(unitsSchema, copy(next), ['units']);
      if (sameJson(doc.units, checked)) return;
      setField('units', checked);
      options.onChange();
    },
  };

  const kinds = options.parts.items;
  /**
   * The items of a kind answering a query: those in the document (the hot part, bounded by what is
   * going on) checked one by one, and those in the archive found through its indexes, where the
   * document's copy of an item wins (archive.ts, recovery rule). Ordered; cut at the limit before any
   * archived item is read.
   */
  const select = async (query: ItemQuery) => {
    const spec = kinds.get(query.kind);
    const entries = spec
      ? (own(doc.items, query.kind) as Record<string, TrackedItem> | undefined)
      : undefined;
    if (!spec) return { spec, hot: new Map<string, TrackedItem>(), chosen: [] as ItemSummary[] };
    const hot = new Map<string, TrackedItem>();
    const chosen: ItemSummary[] = [];
    for (const item of valuesOf(entries ?? {})) {
      const summary = summarize(spec, item);
      if (!matchesQuery(summary, query)) continue;
      hot.set(item.id, item);
      chosen.push(summary);
    }
    if (options.archive && mayBeArchived(spec, query))
      chosen.push(...(await options.archive.find(query, (id) => !!entries && Object.hasOwn(entries, id))));
    return { spec, hot, chosen };
  };
  const items: ItemRepository = {
    async get(kind, id) {
      const spec = kinds.get(kind);
      if (!spec) return undefined;
      const entries = own(doc.items, kind) as Record<string, TrackedItem> | undefined;
      if (entries && Object.hasOwn(entries, id)) return get<TrackedItem>(entries, id);
      const archived = (spec.finalStates?.length ?? 0) > 0 ? await options.archive?.get(kind, id) : undefined;
      return archived && copy(archived);
    },
    async put(item) {
      mutate('items.put');
      const spec = kinds.get(item.kind);
      if (!spec) throw new Error('items.put: unknown kind of item');
      const entries = (own(doc.items, item.kind) ?? {}) as Record<string, unknown>;
      setEntry(entries, () => writable.items(item.kind), item.id, item, spec.schema as z.ZodType, [
        'items',
        item.kind,
      ]);
    },
    async query(query: ItemQuery) {
      const { hot, chosen } = await select(query);
      // Stable sort: items in the same instant keep the document's order, then the archive's.
      chosen.sort(byQueryOrder(query.order));
      const page = query.limit === undefined ? chosen : chosen.slice(0, Math.max(0, query.limit));
      const fromArchive = page.filter((summary) => !hot.has(summary.id));
      const archived = new Map(
        (fromArchive.length > 0 && options.archive
          ? await options.archive.load(query.kind, fromArchive)
          : []
        ).map((item) => [item.id, item]),
      );
      return page.map((summary) => copy((hot.get(summary.id) ?? archived.get(summary.id)) as TrackedItem));
    },
    async count(query: ItemQuery) {
      return (await select(query)).chosen.length;
    },
  };

  const featureRecords: RecordRepository = {
    async get(name) {
      if (!options.parts.records.has(name)) return undefined;
      return frozen(own(doc.records, name));
    },
    async put(name, value) {
      mutate('records.put');
      const spec = options.parts.records.get(name);
      if (!spec) throw new Error('records.put: unknown record');
      setEntry(doc.records, writable.records, name, value, spec.schema as z.ZodType, ['records']);
    },
  };

  const channelKey = (key: ChannelKey) => channelStorageKey(key.teamId, key.channelId);
  const conversations: ConversationRepository = {
    async getPerson(aadObjectId) {
      return get<StoredConversation>(doc.conversations.persons, aadObjectId);
    },
    async putPerson(aadObjectId, conversation) {
      mutate('conversations.putPerson');
      setEntry(
        doc.conversations.persons,
        writable.persons,
        aadObjectId,
        conversation,
        storedConversationSchema,
        ['conversations', 'persons'],
      );
    },
    async removePerson(aadObjectId) {
      mutate('conversations.removePerson');
      deleteEntry(doc.conversations.persons, writable.persons, aadObjectId);
      // A channel reference kept before they held no user may still name them as its last speaker.
      for (const [key, stored] of entriesOf(doc.conversations.channels)) {
        const user = stored.conversation.reference.user as
          | { id?: unknown; aadObjectId?: unknown }
          | undefined;
        if (user?.aadObjectId !== aadObjectId) continue;
        const { user: _user, ...reference } = stored.conversation.reference;
        const entry = { ...stored, conversation: { ...stored.conversation, reference } };
        setEntry(doc.conversations.channels, writable.channels, key, entry, storedChannelSchema, [
          'conversations',
          'channels',
        ]);
      }
    },
    async getChannel(key) {
      const stored = own(doc.conversations.channels, channelKey(key));
      return stored && copy(stored.conversation);
    },
    async putChannel(key, conversation) {
      mutate('conversations.putChannel');
      const entry = { teamId: key.teamId, channelId: key.channelId, conversation };
      setEntry(doc.conversations.channels, writable.channels, channelKey(key), entry, storedChannelSchema, [
        'conversations',
        'channels',
      ]);
    },
    async removeChannel(key) {
      mutate('conversations.removeChannel');
      deleteEntry(doc.conversations.channels, writable.channels, channelKey(key));
    },
    async removeTeam(teamId) {
      mutate('conversations.removeTeam');
      for (const [key, stored] of entriesOf(doc.conversations.channels))
        if (stored.teamId === teamId) deleteEntry(doc.conversations.channels, writable.channels, key);
    },
  };

  const settings: SettingsRepository = {
    async get() {
      return copy(doc.settings);
    },
    async put(next: Settings) {
      mutate('settings.put');
      const checked = checkEntry(settingsSchema, copy(next), ['settings']);
      if (sameJson(doc.settings, checked)) return;
      setField('settings', checked);
      options.onChange();
    },
  };

  // Read through the document each time: a first change replaces the record (copy on write).
  const box = doc.outbox;
  const outbox: OutboxRepository = {
    async enqueue(request: NotificationRequest, at: string, id: string) {
      mutate('outbox.enqueue');
      const indexKey = notificationStorageKey(request.key);
      const existingId = own(box.byKey, indexKey);
      const existing = existingId === undefined ? undefined : own(box.messages, existingId);
      if (existing) return copy(existing);
      if (Object.hasOwn(box.messages, id))
        throw new Error('outbox.enqueue: the message id is already in use');
      const message: OutboxMessage = { ...request, id, state: 'pending', attempts: 0, createdAt: at };
      const checked = checkEntry(outboxMessageSchema, copy(message), ['outbox', 'messages', id]);
      put(writable.messages(), id, checked);
      put(writable.byKey(), indexKey, id);
      options.onChange();
      return copy(checked);
    },
    async get(id) {
      return get<OutboxMessage>(box.messages, id);
    },
    async getByKey(key) {
      const id = own(box.byKey, notificationStorageKey(key));
      return id === undefined ? undefined : get<OutboxMessage>(box.messages, id);
    },
    async listPending(limit) {
      const pending = pendingOf(box.messages, !copied.has('messages'));
      return (limit === undefined ? pending : pending.slice(0, Math.max(0, limit))).map(copy);
    },
    async listPendingHeads(limit) {
      const heads = headsOf(pendingOf(box.messages, !copied.has('messages')));
      return (limit === undefined ? heads : heads.slice(0, Math.max(0, limit))).map(copy);
    },
    async put(message) {
      mutate('outbox.put');
      const indexKey = notificationStorageKey(message.key);
      const owner = own(box.byKey, indexKey);
      if (owner !== undefined && owner !== message.id)
        throw new Error('outbox.put: the key belongs to another message');
      const previous = own(box.messages, message.id);
      setEntry(box.messages, writable.messages, message.id, message, outboxMessageSchema, [
        'outbox',
        'messages',
      ]);
      if (previous && notificationStorageKey(previous.key) !== indexKey)
        deleteEntry(box.byKey, writable.byKey, notificationStorageKey(previous.key));
      if (own(box.byKey, indexKey) !== message.id) {
        put(writable.byKey(), indexKey, message.id);
        options.onChange();
      }
    },
    async listFailed(limit) {
      const failed = valuesOf(box.messages)
        .filter((m) => m.state === 'failed')
        .sort(byCreatedAt);
      return (limit === undefined ? failed : failed.slice(0, Math.max(0, limit))).map(copy);
    },
    async counts() {
      const counts: Record<OutboxState, number> = { pending: 0, sent: 0, failed: 0 };
      for (const m of valuesOf(box.messages)) counts[m.state]++;
      for (const n of valuesOf(doc.delivered ?? {})) counts.sent += n;
      return counts;
    },
    async pruneDelivered(before) {
      mutate('outbox.pruneDelivered');
      let removed = 0;
      for (const [id, message] of entriesOf(box.messages)) {
        if (message.state !== 'sent' || (message.sentAt ?? message.createdAt) >= before) continue;
        deleteEntry(box.messages, writable.messages, id);
        deleteEntry(box.byKey, writable.byKey, notificationStorageKey(message.key));
        removed++;
      }
      // Archived deliveries are counted per day: a day goes once all of it is before `before`.
      const firstKept = before.slice(0, 10);
      for (const [day, n] of entriesOf(doc.delivered ?? {})) {
        if (day >= firstKept) continue;
        deleteEntry(doc.delivered ?? {}, writable.delivered, day);
        removed += n;
      }
      return removed;
    },
  };

  const unreachable: UnreachableRepository = {
    async get(recipient) {
      return get<UnreachableRecipient>(doc.unreachable, recipientKey(recipient));
    },
    async mark(entry) {
      mutate('unreachable.mark');
      const key = recipientKey(entry.recipient);
      const existing = own(doc.unreachable, key);
      const next = existing ? { ...entry, since: existing.since } : entry;
      setEntry(doc.unreachable, writable.unreachable, key, next, unreachableSchema, ['unreachable']);
    },
    async clear(recipient) {
      mutate('unreachable.clear');
      deleteEntry(doc.unreachable, writable.unreachable, recipientKey(recipient));
    },
    async list() {
      return valuesOf(doc.unreachable)
        .sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : 0))
        .map(copy);
    },
  };

  const sequences: SequenceRepository = {
    async next(name, year) {
      mutate('sequences.next');
      const key = sequenceStorageKey(name, year);
      const value = (own(doc.sequences, key) ?? 0) + 1;
      put(writable.sequences(), key, value);
      options.onChange();
      return value;
    },
  };

  const idempotency: IdempotencyRepository = {
    async claim(key, at) {
      mutate('idempotency.claim');
      if (Object.hasOwn(doc.idempotency, key)) return false;
      put(writable.idempotency(), key, { at });
      options.onChange();
      return true;
    },
    async record(key, item) {
      mutate('idempotency.record');
      const claim = own(doc.idempotency, key);
      if (!claim || claim.item === item) return;
      put(writable.idempotency(), key, { ...claim, item });
      options.onChange();
    },
    async recall(key) {
      return own(doc.idempotency, key)?.item;
    },
  };

  const sendLog: SendLogRepository = {
    async record(requests, keep) {
      mutate('sendLog.record');
      const added = new Map<string, number[]>();
      for (const { key, at } of requests) {
        const times = added.get(key) ?? [];
        times.push(at);
        added.set(key, times);
      }
      for (const [key, times] of added) checkEntry(sendTimesSchema, times, ['sendLog', 'requests', key]);
      // Entries are replaced, never changed in place (the draft shares them with the committed document).
      const current = doc.sendLog?.requests ?? {};
      const next: Record<string, number[]> = {};
      let changed = false;
      for (const key of new Set([...Object.keys(current), ...added.keys()])) {
        const before = own(current, key) ?? [];
        const add = added.get(key);
        const times = add ? [...before, ...add].sort((a, b) => a - b) : before;
        const start = Math.max(firstAtOrAfter(times, keep.since), times.length - Math.max(0, keep.perKey));
        const kept = start > 0 ? times.slice(start) : times;
        if (kept !== before) changed = true;
        if (kept.length > 0) putOwn(next, key, kept);
      }
      if (!changed) return;
      setField('sendLog', { ...doc.sendLog, requests: next });
      options.onChange();
    },
    async since(since) {
      const result: Record<string, number[]> = {};
      for (const [key, times] of Object.entries(doc.sendLog?.requests ?? {})) {
        const start = firstAtOrAfter(times, since);
        if (start < times.length) putOwn(result, key, times.slice(start));
      }
      return result;
    },
    async markRunning(running) {
      mutate('sendLog.markRunning');
      const previous = doc.sendLog?.running === true;
      if (previous === running) return previous;
      setField('sendLog', { requests: doc.sendLog?.requests ?? {}, ...(running ? { running: true } : {}) });
      options.onChange();
      return previous;
    },
  };

  return {
    people,
    units,
    items,
    records: featureRecords,
    conversations,
    settings,
    outbox,
    unreachable,
    sequences,
    idempotency,
    sendLog,
  };
}

/**
 * Forgets idempotency claims made before `cutoffMs` (epoch ms). Claims with an unreadable
 * timestamp are forgotten too. Returns how many were removed.
 */
export function pruneIdempotency(doc: StoreDocument, cutoffMs: number): number {
  const expired = entriesOf(doc.idempotency)
    .filter(([, { at }]) => {
      const time = Date.parse(at);
      return Number.isNaN(time) || time < cutoffMs;
    })
    .map(([key]) => key);
  if (expired.length === 0) return 0;
  // The committed record is never changed here: a batch's overlay takes the removals, or a copy does.
  const kept = overlayOf(doc.idempotency) ? doc.idempotency : { ...doc.idempotency };
  for (const key of expired) delete kept[key];
  doc.idempotency = kept;
  return expired.length;
}

/**
 * Once a batch's write is durable: puts the changes its overlays hold into the committed records
 * (in place, or into copies when `inPlace` is false because a read is running) and the plain
 * records into the draft, which becomes the committed document.
 */
export function settleDraft(doc: StoreDocument, inPlace: boolean): void {
  const settle = <R>(record: R): R => {
    const overlay = overlayOf(record as object);
    return overlay ? (settleOverlay(overlay, inPlace) as R) : record;
  };
  doc.people = settle(doc.people);
  doc.records = settle(doc.records);
  doc.conversations.persons = settle(doc.conversations.persons);
  doc.conversations.channels = settle(doc.conversations.channels);
  const pending = pendingAfterSettle(doc.outbox.messages, inPlace);
  doc.outbox.messages = settle(doc.outbox.messages);
  pending?.();
  doc.outbox.byKey = settle(doc.outbox.byKey);
  doc.unreachable = settle(doc.unreachable);
  doc.sequences = settle(doc.sequences);
  doc.idempotency = settle(doc.idempotency);
  if (doc.delivered !== undefined) doc.delivered = settle(doc.delivered);
  for (const [kind, entries] of Object.entries(doc.items)) putOwn(doc.items, kind, settle(entries));
}
