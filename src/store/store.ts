/**
 * The persistence port. Use cases (src/app) talk to this interface only; lowdb is the default
 * backend (lowdb-store.ts) and a second one (e.g. PostgreSQL) can be added by implementing it and
 * passing the shared contract tests (test/store/store-contract.ts).
 *
 * Every use case runs in one unit of work: `store.run(work)` serialises units of work, gives
 * `work` repositories over a private draft, and resolves only after the draft has been made durable
 * (for lowdb: temp file, fsync, rename, fsync of the directory). If `work` throws, nothing is
 * written. Repositories are async so that a remote backend fits the same shape.
 */

import type { NotificationKey, NotificationRequest, Recipient } from '../domain/notifications.js';
import type { Person, Unit } from '../domain/roster.js';
import type { TrackedItem } from '../domain/tracked-item.js';

/** A Bot Framework conversation reference, kept opaque outside src/teams. */
export type ConversationReferenceJson = Record<string, unknown>;

export interface StoredConversation {
  reference: ConversationReferenceJson;
  /** The last locale seen in this conversation (e.g. "nb-NO", "en-US"). */
  locale?: string;
  /** ISO timestamp of the last update. */
  updatedAt: string;
}

/** Where a channel conversation lives: the team id and the channel id (both opaque strings). */
export interface ChannelKey {
  teamId: string;
  channelId: string;
}

export interface Settings {
  /** The channel where the bot posts network-wide cards. */
  networkChannel?: ChannelKey & { setBy: string; setAt: string };
}

export type OutboxState = 'pending' | 'sent' | 'failed';

export interface OutboxMessage extends NotificationRequest {
  id: string;
  state: OutboxState;
  attempts: number;
  createdAt: string;
  sentAt?: string;
  /** Bot Connector ids of the delivered activity (the item's party keeps them for updates). */
  activityId?: string;
  conversationId?: string;
  /** HTTP status or error code of the last failure (never message text). */
  lastError?: string;
  /** Not before this time (ISO): set after a throttled or transient failure. */
  nextAttemptAt?: string;
}

/** A person or the network channel the bot could not reach (blocked, uninstalled, gone). */
export interface UnreachableRecipient {
  recipient: Recipient;
  /** The HTTP status that said so (403 blocked/uninstalled, 404 conversation gone). */
  status: number;
  /** ISO timestamp of the first failure. */
  since: string;
}

/**
 * The roster. The people it returns are the stored entries, frozen (every activity reads the roster
 * whole, and copying it was the largest cost of a read): changing one throws a TypeError; build a
 * new value and put it instead. (The other repositories hand out copies.)
 */
export interface PeopleRepository {
  get(aadObjectId: string): Promise<Person | undefined>;
  /** The same (frozen) array while the roster does not change, where the backend can tell. */
  list(): Promise<readonly Person[]>;
  put(person: Person): Promise<void>;
  remove(aadObjectId: string): Promise<void>;
}

export interface UnitRepository {
  list(): Promise<Unit[]>;
  replaceAll(units: Unit[]): Promise<void>;
}

/** What to look for among tracked items; every condition given must hold. */
export interface ItemQuery {
  kind: string;
  /** In one of these states. */
  states?: readonly string[];
  /** Created by this person (AAD object id). */
  createdBy?: string;
  /** This recipient is one of its parties (recipientKey()). */
  party?: string;
  /** Its due moment (the kind's `due`, an ISO date or time) is before this value. */
  dueBefore?: string;
  /** Its kind's `labels` include this one. */
  label?: string;
  /** By creation, oldest first (default) or newest first; or by last change (`updatedAt`), latest first. */
  order?: 'oldest' | 'newest' | 'latest';
  limit?: number;
}

/**
 * Every kind of tracked item, stored and found the same way. Each kind's values are checked against
 * the schema its feature registers (store-parts.ts) when put; `get` of an unknown kind finds nothing,
 * `put` of one throws.
 */
export interface ItemRepository {
  get(kind: string, id: string): Promise<TrackedItem | undefined>;
  put(item: TrackedItem): Promise<void>;
  query(query: ItemQuery): Promise<TrackedItem[]>;
  /** How many items answer the query (its order and limit aside), without reading them. */
  count(query: ItemQuery): Promise<number>;
}

/** Features' named records (one JSON value each, checked by the schema its feature registers). */
export interface RecordRepository {
  /**
   * The record, or undefined when no feature registers that name. The stored value itself, frozen
   * (like the roster's people): changing it throws a TypeError; put a new value instead.
   */
  get(name: string): Promise<unknown>;
  /** Replaces the record; throws for a name no feature registers or a value its schema refuses. */
  put(name: string, value: unknown): Promise<void>;
}

export interface ConversationRepository {
  getPerson(aadObjectId: string): Promise<StoredConversation | undefined>;
  putPerson(aadObjectId: string, conversation: StoredConversation): Promise<void>;
  removePerson(aadObjectId: string): Promise<void>;
  getChannel(key: ChannelKey): Promise<StoredConversation | undefined>;
  putChannel(key: ChannelKey, conversation: StoredConversation): Promise<void>;
  removeChannel(key: ChannelKey): Promise<void>;
  /** Removes every channel reference of a team (the bot was removed from it). */
  removeTeam(teamId: string): Promise<void>;
}

export interface SettingsRepository {
  get(): Promise<Settings>;
  put(settings: Settings): Promise<void>;
}

export interface OutboxRepository {
  /** Adds a message unless one with the same key exists; returns the stored one either way. */
  enqueue(request: NotificationRequest, at: string, id: string): Promise<OutboxMessage>;
  get(id: string): Promise<OutboxMessage | undefined>;
  getByKey(key: NotificationKey): Promise<OutboxMessage | undefined>;
  /** Pending messages, oldest first (enqueue order within the same instant). */
  listPending(limit?: number): Promise<OutboxMessage[]>;
  /**
   * The oldest pending message of each recipient (the one that may go next), oldest first: what the
   * delivery loop reads on every round, so it reads one message per recipient however long the queue.
   */
  listPendingHeads(limit?: number): Promise<OutboxMessage[]>;
  /** Failed messages (dead letters), oldest first. */
  listFailed(limit?: number): Promise<OutboxMessage[]>;
  put(message: OutboxMessage): Promise<void>;
  /** Counts per state (`sent` includes the delivered notifications the archive keeps as counts). */
  counts(): Promise<Record<OutboxState, number>>;
  /**
   * Forgets messages delivered before `before` (ISO): what they said is rendered from the item, and
   * what an update needs is kept with the item's party. Returns how many were removed.
   */
  pruneDelivered(before: string): Promise<number>;
}

export interface UnreachableRepository {
  get(recipient: Recipient): Promise<UnreachableRecipient | undefined>;
  /** Marks a recipient unreachable (keeps the first `since` if already marked). */
  mark(entry: UnreachableRecipient): Promise<void>;
  clear(recipient: Recipient): Promise<void>;
  list(): Promise<UnreachableRecipient[]>;
}

export interface SequenceRepository {
  /** Next number of a named yearly sequence, starting at 1 (for references like N-2026-0001). */
  next(name: string, year: number): Promise<number>;
}

export interface IdempotencyRepository {
  /**
   * Records that an incoming activity was handled. Returns false when the key was already
   * recorded (a Teams retry). Keys older than the retention are forgotten on later writes.
   */
  claim(key: string, at: string): Promise<boolean>;
  /**
   * Notes what the activity behind a claimed key created or changed (an item id), so a Teams retry
   * of it can show that item instead of acting again. Does nothing for a key that is not claimed.
   */
  record(key: string, item: string): Promise<void>;
  /** The item recorded for a claimed key, if any. */
  recall(key: string): Promise<string | undefined>;
}

/** A request that reached the Bot Connector: under which limiter key, and when (epoch ms). */
export interface SentRequest {
  key: string;
  at: number;
}

/**
 * When requests reached the Bot Connector, per rate-limiter key (a conversation id, or
 * `create:<aad object id>` for a chat being created), so the outbox's limiters start from them after
 * a restart instead of from zero. Bounded: the outbox keeps only the last window that matters (one
 * hour with Teams' limits), so its size does not grow with history.
 */
export interface SendLogRepository {
  /**
   * Adds requests, then keeps only times at or after `keep.since` (for every key: keys left without a
   * time go) and at most the `keep.perKey` most recent times of a key.
   */
  record(requests: readonly SentRequest[], keep: { since: number; perKey: number }): Promise<void>;
  /** The recorded times at or after `since`, per key, oldest first (keys without any are left out). */
  since(since: number): Promise<Record<string, number[]>>;
  /**
   * Marks whether an outbox worker is running (set at its start, cleared at a clean stop) and returns
   * the previous mark: true at a start means the last worker stopped without finishing (a crash), so
   * requests it had in flight may have reached the connector without being recorded.
   */
  markRunning(running: boolean): Promise<boolean>;
}

export interface UnitOfWork {
  people: PeopleRepository;
  units: UnitRepository;
  items: ItemRepository;
  records: RecordRepository;
  conversations: ConversationRepository;
  settings: SettingsRepository;
  outbox: OutboxRepository;
  unreachable: UnreachableRepository;
  sequences: SequenceRepository;
  idempotency: IdempotencyRepository;
  sendLog: SendLogRepository;
}

/** What Store.archive moved. */
export interface ArchiveResult {
  items: number;
  notifications: number;
}

/** What Store.rewriteItems changed. */
export interface RewriteResult {
  hot: number;
  archived: number;
}

export interface StoreHealth {
  readable: boolean;
  writable: boolean;
  /** Why not, in words fit for an operator (no data). */
  problem?: string;
}

export interface Store {
  /**
   * Runs one unit of work. Units of work are serialised. The returned promise resolves after the
   * changes are durable, and rejects (with nothing written) if `work` throws or the write fails.
   * A unit of work that changed nothing does not write.
   */
  run<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T>;
  /** Read-only access; never writes. */
  read<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T>;
  /**
   * For work that usually only reads (a turn that shows something): runs `work` read-only on the
   * committed document at once, without waiting behind the writes in the queue; only if it tried to
   * change something (whatever it then did with the refusal) runs it again as a unit of work (run).
   * `work` must have no effect outside the store before its first change, since it may run twice.
   */
  runReadFirst<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T>;
  /**
   * Moves what has settled out of the hot document (issue 9): items in a state their kind archives,
   * last changed before `settledBefore` (ISO) and with no notification about them waiting, go to the
   * archive; delivered notifications sent before it are kept as a count per day. Items answer the
   * same afterwards (gets, queries and counts); a counted delivery is no longer found by
   * `outbox.get` or `getByKey`, so enqueueing its key again is not deduplicated (keys carry the
   * item's card version, which only grows). Serialised with units of work; writes nothing when
   * nothing has settled.
   */
  archive(settledBefore: string): Promise<ArchiveResult>;
  /**
   * Rewrites every item of `kind`, in the hot document and in the archive (every archived copy),
   * through `fn` (issue 14: retention and erasure take free text out): `fn` returns the new item, or
   * undefined to leave it as it is. The result must keep the item's id, kind and `updatedAt` and match
   * the kind's schema (otherwise nothing of the hot document is written and the call rejects).
   * Serialised with units of work, like archive(); the hot document's changes are written first,
   * then the archive's files, then the store is compacted (compact()). Returns how many hot items and
   * archived copies changed.
   */
  rewriteItems(kind: string, fn: (item: TrackedItem) => TrackedItem | undefined): Promise<RewriteResult>;
  /**
   * Rewrites the hot document whole and empties its journal (for the file store), so that no earlier
   * version of something changed or removed stays in the data dir's files (an erased text, a removed
   * person). Serialised with units of work. The memory store has nothing to compact.
   */
  compact(): Promise<void>;
  health(): Promise<StoreHealth>;
  /** Waits for the write in progress, then releases the data-dir lock. Idempotent. */
  close(): Promise<void>;
}

/** Thrown at start-up when the store cannot be opened; the message names the file and the problem. */
export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}
