/**
 * Schema 4 → 5: the tracked-item engine and feature modules. Join and guidance requests move into
 * the generic item collection (`items.<kind>.<id>`), the guidance topics into the guidance feature's
 * record (`records['guidance.topics']`); each item's list of outbox keys (`cardKeys`) becomes its parties,
 * with the Bot Connector ids of the cards each party has; the outbox keeps references instead of
 * copies of the cards. Messages already delivered are dropped (what they showed is rendered from
 * the item, and what an update needs now lives with the item's party); pending and failed ones are
 * converted. The old string keys are read here, once, and never again.
 *
 * History entries become typed (HistoryEntry in domain/tracked-item.ts): the `action` each entry had
 * is kept as its event's name, and guidance's entries that wrote a message get the message's place
 * (and, forwarding and escalating, the new assignee, from the message). An action this release does
 * not know, or one whose message cannot be found, becomes `{ action: 'unknown', original }`: kept,
 * never dropped. The tables below are schema 4's actions, written here once (the store imports
 * nothing from the features).
 */
import { isJsonObject } from './json-object.js';

type Json = Record<string, unknown>;

interface OldMessage {
  id: string;
  key: string;
  recipient: { kind: 'person'; aadObjectId: string } | { kind: 'networkChannel' };
  card: { template: string; data: Json };
  replaces?: string;
  state: string;
  activityId?: string;
  conversationId?: string;
  origin?: string;
  about?: string;
  [field: string]: unknown;
}

/** What an old outbox key turns into. */
interface Converted {
  subject: { kind: string; id: string };
  view: string;
  version: number;
  /** For an update: the version of the posted card it replaces. */
  replaces?: number;
}

/** Join's actions in schema 4: each is an event of schema 5 as it is. */
const JOIN_ACTIONS: readonly string[] = ['request', 'approve', 'decline', 'bootstrap'];
/** Guidance's actions in schema 4 that wrote no message: each is an event of schema 5 as it is. */
const GUIDANCE_ACTIONS: readonly string[] = ['take', 'close', 'mark-helpful'];
/**
 * Guidance's actions in schema 4 that wrote a message, with the kinds of message each wrote (schema
 * 3 wrote forwarding and escalation as a 'note'), and whether the event names the new assignee.
 */
const GUIDANCE_WRITES: Readonly<Record<string, { kinds: readonly string[]; assignee?: true }>> = {
  ask: { kinds: ['question'] },
  answer: { kinds: ['answer'] },
  'ask-for-info': { kinds: ['info-request'] },
  'provide-info': { kinds: ['info'] },
  'follow-up': { kinds: ['follow-up'] },
  forward: { kinds: ['forward', 'note'], assignee: true },
  escalate: { kinds: ['escalate', 'note'], assignee: true },
};

/** An entry with an action that is not (or no longer) known: kept as recorded. */
function unknownEntry(entry: Json): Json {
  const { action, ...rest } = entry;
  const original = typeof action === 'string' ? action : (JSON.stringify(action) ?? '');
  return { ...rest, action: 'unknown', original };
}

/** A join request's history, typed. */
function typedJoinHistory(history: unknown): unknown {
  if (!Array.isArray(history)) return history;
  return history.map((entry) => {
    if (!isJsonObject(entry)) return entry;
    return typeof entry.action === 'string' && JOIN_ACTIONS.includes(entry.action)
      ? entry
      : unknownEntry(entry);
  });
}

/**
 * A guidance request's history, typed. An entry that wrote a message is paired with it: the first
 * message not paired yet of a kind that action writes, by the same person at the same moment (both
 * were written in the same step), with the new assignee when the event names one.
 */
function typedGuidanceHistory(history: unknown, messages: unknown): unknown {
  if (!Array.isArray(history)) return history;
  const written = Array.isArray(messages) ? messages : [];
  const paired = new Set<number>();
  return history.map((entry) => {
    if (!isJsonObject(entry)) return entry;
    const action = entry.action;
    if (typeof action !== 'string') return unknownEntry(entry);
    if (GUIDANCE_ACTIONS.includes(action)) return entry;
    const writes = Object.hasOwn(GUIDANCE_WRITES, action) ? GUIDANCE_WRITES[action] : undefined;
    if (!writes) return unknownEntry(entry);
    const index = written.findIndex(
      (m, i) =>
        !paired.has(i) &&
        isJsonObject(m) &&
        typeof m.kind === 'string' &&
        writes.kinds.includes(m.kind) &&
        m.by === entry.by &&
        m.at === entry.at &&
        (!writes.assignee || typeof m.assignedTo === 'string'),
    );
    if (index < 0) return unknownEntry(entry);
    paired.add(index);
    const message = written[index] as Json;
    return { ...entry, ...(writes.assignee ? { assignee: message.assignedTo } : {}), message: index };
  });
}

const partyKey = (r: OldMessage['recipient']) =>
  r.kind === 'person' ? `person:${r.aadObjectId}` : 'channel:network';

const storageKey = (key: { item: string; party: string; version: number }) =>
  `${encodeURIComponent(key.item)}|${encodeURIComponent(key.party)}|${key.version}`;

export function migrateToV5(document: Json): Json {
  const outbox = isJsonObject(document.outbox) ? document.outbox : {};
  const messages = (isJsonObject(outbox.messages) ? outbox.messages : {}) as Record<string, OldMessage>;
  const byKey = (isJsonObject(outbox.byKey) ? outbox.byKey : {}) as Record<string, string>;
  const messageOf = (key: string): OldMessage | undefined => {
    const id = byKey[key];
    return id === undefined ? undefined : messages[id];
  };
  const converted = new Map<string, Converted>();

  /**
   * Turns an item's cards (old keys in the order they were made) into parties. `posts` tells a new
   * card from an update; an update replaces the card its `replaces` chain started from.
   */
  const partiesOf = (kind: string, item: Json, keys: readonly string[], view: (m: OldMessage) => string) => {
    const parties: { to: OldMessage['recipient']; cards: Json[] }[] = [];
    const postVersion = new Map<string, number>();
    let version = 0;
    for (const key of keys) {
      const message = messageOf(key);
      version++;
      if (!message) continue;
      const base = { subject: { kind, id: String(item.id) }, view: view(message), version };
      if (message.replaces !== undefined) {
        const replaces = postVersion.get(message.replaces);
        if (replaces !== undefined) postVersion.set(key, replaces);
        converted.set(key, { ...base, ...(replaces !== undefined ? { replaces } : {}) });
        continue;
      }
      postVersion.set(key, version);
      converted.set(key, base);
      let party = parties.find((p) => partyKey(p.to) === partyKey(message.recipient));
      if (!party) {
        party = { to: message.recipient, cards: [] };
        parties.push(party);
      }
      const delivered = message.state === 'sent' && message.activityId;
      party.cards.push({
        version,
        view: base.view,
        ...(delivered ? { activityId: message.activityId } : {}),
        ...(delivered && message.conversationId ? { conversationId: message.conversationId } : {}),
      });
    }
    const { cardKeys: _old, ...rest } = item;
    return { ...rest, parties, cardVersion: version };
  };

  const join: Record<string, Json> = {};
  for (const [id, request] of Object.entries(records(document.joinRequests))) {
    const approvals = strings(request.cardKeys);
    const keys = [...approvals, `join:${id}:outcome`, ...approvals.map((key) => `${key}:decided`)];
    join[id] = {
      ...partiesOf('join', request, keys, (m) => m.card.template),
      history: typedJoinHistory(request.history),
    };
  }
  const guidance: Record<string, Json> = {};
  for (const [id, request] of Object.entries(records(document.guidanceRequests))) {
    guidance[id] = {
      ...partiesOf('guidance', request, strings(request.cardKeys), () => 'guidance-item'),
      history: typedGuidanceHistory(request.history, request.messages),
    };
  }

  // The outbox: references instead of copies; what was delivered is not kept.
  const nextMessages: Record<string, Json> = {};
  const nextByKey: Record<string, string> = {};
  for (const message of Object.values(messages)) {
    if (!isJsonObject(message) || message.state === 'sent') continue;
    const failedId = message.key.startsWith('delivery-failed:') ? message.key.slice(16) : undefined;
    const target: Converted | undefined =
      failedId !== undefined
        ? { subject: { kind: 'outbox', id: failedId }, view: 'delivery-failed', version: 1 }
        : converted.get(message.key);
    if (!target) continue; // nothing it could be rendered from
    const key = {
      item: failedId ?? target.subject.id,
      party: partyKey(message.recipient),
      version: target.version,
    };
    const {
      card,
      key: _key,
      replaces: _replaces,
      about: _about,
      activityId: _activity,
      conversationId: _conversation,
      ...rest
    } = message;
    const banner = typeof card?.data?.banner === 'string' ? card.data.banner : undefined;
    nextMessages[message.id] = {
      ...rest,
      key,
      subject: target.subject,
      view: target.view,
      ...(banner ? { banner } : {}),
      ...(target.replaces !== undefined ? { replaces: target.replaces } : {}),
    };
    nextByKey[storageKey(key)] = message.id;
  }

  const { joinRequests: _join, guidanceRequests: _guidance, topics, ...rest } = document;
  const existingRecords = isJsonObject(document.records) ? document.records : {};
  return {
    ...rest,
    items: { join, guidance },
    // The guidance topics become the guidance feature's record (seeded at load when absent).
    records: Array.isArray(topics) ? { ...existingRecords, 'guidance.topics': topics } : existingRecords,
    outbox: { messages: nextMessages, byKey: nextByKey },
  };
}

function records(value: unknown): Record<string, Json> {
  if (!isJsonObject(value)) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => isJsonObject(v))) as Record<string, Json>;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
