/**
 * The one notion of a tracked item shared by every feature (join requests, guidance requests, and
 * the agenda items, check-ins and rounds to come): an id, a human reference, a state, who created it,
 * a history of transitions, and its parties with the cards the bot posted to each of them.
 * Pure: timestamps come in as arguments.
 */
import type { Recipient } from './notifications.js';

/** What every history entry records, whatever happened: when, who, and the states it moved between. */
export interface HistoryEntryFields {
  /** ISO timestamp. */
  at: string;
  /** AAD object id of the actor (SYSTEM_ACTOR when the bot did it on its own, e.g. a reminder). */
  by: string;
  /** The state before, on an entry that moved the item (absent on the first entry). */
  from?: string;
  /** The state after, on an entry that moved the item. */
  to?: string;
}

/**
 * What happened, as a kind of item declares it: a union discriminated on `action` (e.g. join's
 * `{ action: 'approve' }`, guidance's `{ action: 'forward'; assignee; message }`), each with the
 * fields a card needs to say it ("forwarded to X (reason)"). The names are the actions as they were
 * always stored, so entries written before the history was typed keep their `action`.
 */
export interface HistoryEvent {
  action: string;
}

/**
 * An entry whose action the 4→5 migration did not recognise: kept, with the action as it was
 * recorded, never dropped. Every kind's event union includes it.
 */
export interface UnknownEvent {
  action: 'unknown';
  /** The action as it was recorded. */
  original: string;
}

/** One entry of an item's history: the common fields and one of the kind's events. */
export type HistoryEntry<E extends HistoryEvent = HistoryEvent> = HistoryEntryFields & E;

/** The `by` of an entry no person made (the bot on its own, e.g. a scheduled reminder). */
export const SYSTEM_ACTOR = 'system';

/**
 * A card the bot posted to a party about an item. The Bot Connector's ids are filled in once it is
 * delivered: an in-place update needs them, and they live here, with the item, not in the outbox.
 */
export interface PostedCard {
  /** The version of the item's cards it was posted as (the `version` of its notification key). */
  version: number;
  /** The view it shows (e.g. 'guidance-item'); updates render the same view. */
  view: string;
  activityId?: string;
  conversationId?: string;
}

/** Someone (or the network channel) who has cards about the item; the last one is their live card. */
export interface Party {
  to: Recipient;
  cards: PostedCard[];
}

export interface TrackedItem<
  K extends string = string,
  S extends string = string,
  E extends HistoryEvent = HistoryEvent,
> {
  id: string;
  /** Human reference shown on cards, e.g. "N-2026-0003". */
  reference: string;
  kind: K;
  state: S;
  createdAt: string;
  /** AAD object id of the person who created the item. */
  createdBy: string;
  updatedAt: string;
  /** What happened to it, oldest first (appended to, never rewritten). */
  history: HistoryEntry<E>[];
  /** Everyone the bot posted a card to about this item, with those cards (src/app/live-cards.ts). */
  parties: Party[];
  /** The last version handed out to a notification about this item (0: none yet). */
  cardVersion: number;
  /**
   * When its free text was removed at the end of its retention period (issue 14): what is left is an
   * anonymous stub (ids, states, dates, history actions), and cards say the text was deleted.
   */
  redactedAt?: string;
  /** When a person's text was erased from it on request (issue 14): a text of it may be empty. */
  erasedAt?: string;
}

/** The fields every new item starts with (no history, no parties, no cards). */
export function newItemFields<E extends HistoryEvent = HistoryEvent>(): Pick<
  TrackedItem<string, string, E>,
  'history' | 'parties' | 'cardVersion'
> {
  return { history: [], parties: [], cardVersion: 0 };
}

/** Formats a human reference: prefix, year and a zero-padded yearly sequence number. */
export function formatReference(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(4, '0')}`;
}

/** `Omit` applied to each member of a union (plain `Omit` would merge the members). */
type OmitEach<U, K extends PropertyKey> = U extends unknown ? Omit<U, K> : never;

/** One of the events of an item's kind: a history entry without when, who and the states. */
export type EventOf<T extends TrackedItem> = OmitEach<T['history'][number], keyof HistoryEntryFields>;

/** The entry that records `event` by `by` at `at`, without a change of state (e.g. a reminder). */
export function historyEntry<T extends TrackedItem>(
  event: EventOf<T>,
  by: string,
  at: string,
): T['history'][number] {
  // The cast only puts back the fields EventOf took off: the entry is one of the kind's entries.
  return { at, by, ...event } as T['history'][number];
}

/** Returns a copy of the item moved to a new state, with the transition recorded as `event`. */
export function transition<T extends TrackedItem>(
  item: T,
  to: T['state'],
  by: string,
  event: EventOf<T>,
  at: string,
): T {
  const entry = { ...historyEntry<T>(event, by, at), from: item.state, to } as T['history'][number];
  return {
    ...item,
    state: to,
    updatedAt: at,
    history: [...item.history, entry],
  };
}
