/**
 * The document the lowdb backend persists (one JSON file per data dir), as a zod schema and the
 * type inferred from it. Domain objects are stored as they are; the compile-time checks at the
 * bottom keep the schema and the domain types in step (a field added to a domain type without
 * being added here would otherwise be dropped silently when the file is read back).
 */
import { z } from 'zod';
import type { NotificationKey, Recipient } from '../domain/notifications.js';
import { DEPARTMENTS, type Person, type Role, UNIT_KINDS, type Unit } from '../domain/roster.js';
import type { HistoryEntry, Party, UnknownEvent } from '../domain/tracked-item.js';
import type { OutboxMessage, Settings, StoredConversation, UnreachableRecipient } from './store.js';
import { NO_PARTS, type StoreParts } from './store-parts.js';

/** The schema version this code reads and writes. Older files are migrated (migrations.ts). */
export const SCHEMA_VERSION = 6;

/** A department code (a feature's schema uses it too). */
export const department = z.enum(DEPARTMENTS);

const roleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('coordinator'), department }),
  z.object({ kind: z.literal('deputy'), department }),
  z.object({ kind: z.literal('contact'), department, unitId: z.string() }),
  z.object({ kind: z.literal('admin') }),
]);

export const unitSchema = z.object({
  id: z.string().min(1),
  department,
  kind: z.enum(UNIT_KINDS),
  name: z.object({ nb: z.string(), en: z.string() }),
  retired: z.boolean().optional(),
});

export const personSchema = z.object({
  aadObjectId: z.string().min(1),
  displayName: z.string(),
  roles: z.array(roleSchema),
  since: z.string(),
  away: z.boolean().optional(),
});

/** The fields every history entry has, whatever happened (HistoryEntryFields in domain/tracked-item.ts). */
const historyEntryFields = {
  at: z.string(),
  by: z.string(),
  from: z.string().optional(),
  to: z.string().optional(),
};

/**
 * The schema of one event of a kind's history: the common fields, its `action` and the event's own
 * fields. A feature's store schema puts its events in a discriminated union on `action` and passes
 * it to `trackedItemFields`.
 */
export function historyEntrySchema<const A extends string, F extends z.ZodRawShape = Record<never, never>>(
  action: A,
  fields?: F,
) {
  return z.object({ ...historyEntryFields, action: z.literal(action), ...(fields as F) });
}

/** An entry whose action the 4→5 migration did not recognise (UnknownEvent); every kind accepts it. */
export const unknownHistoryEntrySchema = historyEntrySchema('unknown', { original: z.string() });

/**
 * True when every event of `Domain` (a union on `action`) has exactly the fields of the schema's
 * event of the same action (Assignable both ways misses an optional field on one side only).
 */
export type SameKeysByAction<Schema extends { action: string }, Domain extends { action: string }> = {
  [A in Domain['action']]: SameKeys<Extract<Schema, { action: A }>, Extract<Domain, { action: A }>>;
}[Domain['action']];

const recipientSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('person'), aadObjectId: z.string() }),
  z.object({ kind: z.literal('networkChannel') }),
]);

const postedCardSchema = z.object({
  version: z.int().positive(),
  view: z.string(),
  activityId: z.string().optional(),
  conversationId: z.string().optional(),
});

const partySchema = z.object({ to: recipientSchema, cards: z.array(postedCardSchema) });

/**
 * The fields every tracked item has (domain/tracked-item.ts), its history made of the kind's own
 * entries (`historyEntry`: a discriminated union on `action` of `historyEntrySchema`s); a feature's
 * item schema spreads them.
 */
/**
 * Whether an item's free texts are all there, or it may lack some: only once they were removed at the
 * end of its retention period (`redactedAt`) or erased on request (`erasedAt`, issue 14). For a
 * kind's schema: `.refine((item) => textsPresent(item, [item.title, item.description]), TEXTS_PRESENT)`.
 */
export function textsPresent(
  item: { redactedAt?: string; erasedAt?: string },
  texts: readonly (string | undefined)[],
): boolean {
  return item.redactedAt !== undefined || item.erasedAt !== undefined || texts.every((text) => text !== '');
}

/** The message of a `textsPresent` refinement. */
export const TEXTS_PRESENT = { error: 'a text is empty on an item whose texts were not removed' };

export function trackedItemFields<H extends z.ZodType>(historyEntry: H) {
  return {
    id: z.string().min(1),
    reference: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    history: z.array(historyEntry),
    parties: z.array(partySchema),
    cardVersion: z.int().nonnegative(),
    redactedAt: z.string().optional(),
    erasedAt: z.string().optional(),
  };
}

export const storedConversationSchema = z.object({
  reference: z.record(z.string(), z.unknown()),
  locale: z.string().optional(),
  updatedAt: z.string(),
});

/** A channel conversation together with the key it is stored under. */
export const storedChannelSchema = z.object({
  teamId: z.string(),
  channelId: z.string(),
  conversation: storedConversationSchema,
});

export const settingsSchema = z.object({
  networkChannel: z
    .object({ teamId: z.string(), channelId: z.string(), setBy: z.string(), setAt: z.string() })
    .optional(),
});

const notificationKeySchema = z.object({
  item: z.string().min(1),
  party: z.string().min(1),
  version: z.int().nonnegative(),
});

export const outboxMessageSchema = z.object({
  recipient: recipientSchema,
  key: notificationKeySchema,
  subject: z.object({ kind: z.string().min(1), id: z.string().min(1) }),
  view: z.string().min(1),
  banner: z.string().optional(),
  replaces: z.int().positive().optional(),
  superseded: z.literal(true).optional(),
  origin: z.string().optional(),
  id: z.string().min(1),
  state: z.enum(['pending', 'sent', 'failed']),
  attempts: z.int().nonnegative(),
  createdAt: z.string(),
  sentAt: z.string().optional(),
  activityId: z.string().optional(),
  conversationId: z.string().optional(),
  lastError: z.string().optional(),
  nextAttemptAt: z.string().optional(),
});

export const unreachableSchema = z.object({
  recipient: recipientSchema,
  status: z.int(),
  since: z.string(),
});

/** When requests reached the Bot Connector (store.ts, SendLogRepository). */
export const sendLogSchema = z.object({
  /** By rate-limiter key: epoch ms, oldest first. */
  requests: z.record(z.string(), z.array(z.number())),
  /** True from an outbox worker's start to its clean stop. */
  running: z.boolean().optional(),
});

export const storeDocumentSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  /** By AAD object id. */
  people: z.record(z.string(), personSchema),
  units: z.array(unitSchema),
  /**
   * Tracked items, by kind, then by id (the generic item repository, store.ts). Each kind's items are
   * checked by the schema its feature registers (store-parts.ts).
   */
  items: z.record(z.string(), z.record(z.string(), z.unknown())),
  /** Features' named records (e.g. guidance's topics), each checked by its feature's schema. */
  records: z.record(z.string(), z.unknown()),
  conversations: z.object({
    /** By AAD object id. */
    persons: z.record(z.string(), storedConversationSchema),
    /** By channelStorageKey(key). */
    channels: z.record(z.string(), storedChannelSchema),
  }),
  settings: settingsSchema,
  outbox: z.object({
    /** By message id. */
    messages: z.record(z.string(), outboxMessageSchema),
    /** notificationStorageKey(key) → message id. */
    byKey: z.record(z.string(), z.string()),
  }),
  /** Recipients the bot could not reach, by recipientKey(recipient). */
  unreachable: z.record(z.string(), unreachableSchema),
  /** Last number handed out, by sequenceStorageKey(name, year). */
  sequences: z.record(z.string(), z.int().nonnegative()),
  /**
   * Claimed idempotency key (an activity) → when it was claimed, and the item the activity created
   * or changed (so a retry can show it).
   */
  idempotency: z.record(z.string(), z.object({ at: z.string(), item: z.string().optional() })),
  /**
   * Recent requests at the Bot Connector, for the outbox's rate limiters after a restart. Optional, so
   * that files from before it was kept load as they are: absent = empty.
   */
  sendLog: sendLogSchema.optional(),
  /**
   * Delivered notifications that Store.archive took out of the outbox, counted by the UTC day they
   * were sent (YYYY-MM-DD), until the outbox's retention forgets them. Optional: absent = none.
   */
  delivered: z.record(z.string(), z.int().nonnegative()).optional(),
});

/** The persisted document. */
export type StoreDocument = z.infer<typeof storeDocumentSchema>;

/**
 * Paths (from the document root) whose next segment is a record key, i.e. data (an AAD object id,
 * an idempotency key...) rather than a field name. Used to keep such keys out of error messages.
 */
export const RECORD_PATHS: readonly (readonly string[])[] = [
  ['people'],
  ['items', '*'],
  ['conversations', 'persons'],
  ['conversations', 'channels'],
  ['outbox', 'messages'],
  ['outbox', 'byKey'],
  ['unreachable'],
  ['sequences'],
  ['idempotency'],
  ['sendLog', 'requests'],
  ['delivered'],
];

/** A new, empty document with the given units, no items of each registered kind, every record at its seed. */
export function emptyDocument(seedUnits: readonly Unit[], parts: StoreParts = NO_PARTS): StoreDocument {
  return {
    schemaVersion: SCHEMA_VERSION,
    people: {},
    units: structuredClone([...seedUnits]),
    items: Object.fromEntries([...parts.items.keys()].map((kind) => [kind, {}])),
    records: Object.fromEntries([...parts.records.values()].map((spec) => [spec.name, spec.seed()])),
    conversations: { persons: {}, channels: {} },
    settings: {},
    outbox: { messages: {}, byKey: {} },
    unreachable: {},
    sequences: {},
    idempotency: {},
  };
}

/** The record key under which a channel conversation is stored (unambiguous for any ids). */
export function channelStorageKey(teamId: string, channelId: string): string {
  return `${encodeURIComponent(teamId)}|${encodeURIComponent(channelId)}`;
}

/**
 * The record key under which a notification's key is indexed (unambiguous for any values; never
 * parsed back: the message itself holds its key as structured data).
 */
export function notificationStorageKey(key: NotificationKey): string {
  return `${encodeURIComponent(key.item)}|${encodeURIComponent(key.party)}|${key.version}`;
}

/** The record key of a named yearly sequence. */
export function sequenceStorageKey(name: string, year: number): string {
  return `${name}:${year}`;
}

// ---- compile-time checks: schema and domain types describe the same fields -------------------

export type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never]
  ? true
  : false;
export type Assignable<From, To> = [From] extends [To] ? true : false;
export type Check<T extends true> = T;

export type SchemaMatchesDomain = [
  Check<SameKeys<z.infer<typeof personSchema>, Person>>,
  Check<Assignable<z.infer<typeof personSchema>, Person>>,
  Check<Assignable<Person, z.infer<typeof personSchema>>>,
  Check<Assignable<z.infer<typeof roleSchema>, Role>>,
  Check<Assignable<Role, z.infer<typeof roleSchema>>>,
  Check<SameKeys<z.infer<typeof unitSchema>, Unit>>,
  Check<Assignable<z.infer<typeof unitSchema>, Unit>>,
  Check<Assignable<Unit, z.infer<typeof unitSchema>>>,
  Check<SameKeys<z.infer<typeof unknownHistoryEntrySchema>, HistoryEntry<UnknownEvent>>>,
  Check<Assignable<z.infer<typeof unknownHistoryEntrySchema>, HistoryEntry<UnknownEvent>>>,
  Check<Assignable<HistoryEntry<UnknownEvent>, z.infer<typeof unknownHistoryEntrySchema>>>,
  Check<SameKeys<z.infer<typeof storedConversationSchema>, StoredConversation>>,
  Check<Assignable<z.infer<typeof storedConversationSchema>, StoredConversation>>,
  Check<Assignable<StoredConversation, z.infer<typeof storedConversationSchema>>>,
  Check<SameKeys<z.infer<typeof settingsSchema>, Settings>>,
  Check<
    SameKeys<
      NonNullable<z.infer<typeof settingsSchema>['networkChannel']>,
      NonNullable<Settings['networkChannel']>
    >
  >,
  Check<Assignable<z.infer<typeof settingsSchema>, Settings>>,
  Check<Assignable<Settings, z.infer<typeof settingsSchema>>>,
  Check<SameKeys<z.infer<typeof recipientSchema>, Recipient>>,
  Check<SameKeys<z.infer<typeof notificationKeySchema>, NotificationKey>>,
  Check<SameKeys<z.infer<typeof partySchema>, Party>>,
  Check<Assignable<z.infer<typeof partySchema>, Party>>,
  Check<Assignable<Party, z.infer<typeof partySchema>>>,
  Check<SameKeys<z.infer<typeof outboxMessageSchema>, OutboxMessage>>,
  Check<Assignable<z.infer<typeof outboxMessageSchema>, OutboxMessage>>,
  Check<Assignable<OutboxMessage, z.infer<typeof outboxMessageSchema>>>,
  Check<SameKeys<z.infer<typeof unreachableSchema>, UnreachableRecipient>>,
  Check<Assignable<z.infer<typeof unreachableSchema>, UnreachableRecipient>>,
  Check<Assignable<UnreachableRecipient, z.infer<typeof unreachableSchema>>>,
];
