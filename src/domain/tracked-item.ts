/**
 * The one notion of a tracked item shared by every feature (join requests, guidance requests, and
 * the agenda items, check-ins and rounds to come): an id, a human reference, a state, who created it,
 * a history of transitions, and its parties with the cards the bot posted to each of them.
 * Pure: timestamps come in as arguments.
 */
import type { Recipient } from './notifications.js';

export interface HistoryEntry {
  /** ISO timestamp. */
  at: string;
  /** AAD object id of the actor. */
  by: string;
  action: string;
  from?: string;
  to?: string;
}

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

export interface TrackedItem<K extends string = string, S extends string = string> {
  id: string;
  /** Human reference shown on cards, e.g. "N-2026-0003". */
  reference: string;
  kind: K;
  state: S;
  createdAt: string;
  /** AAD object id of the person who created the item. */
  createdBy: string;
  updatedAt: string;
  history: HistoryEntry[];
  /** Everyone the bot posted a card to about this item, with those cards (src/app/live-cards.ts). */
  parties: Party[];
  /** The last version handed out to a notification about this item (0: none yet). */
  cardVersion: number;
}

/** The fields every new item starts with (no parties, no cards). */
export function newItemFields(): Pick<TrackedItem, 'history' | 'parties' | 'cardVersion'> {
  return { history: [], parties: [], cardVersion: 0 };
}

/** Formats a human reference: prefix, year and a zero-padded yearly sequence number. */
export function formatReference(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(4, '0')}`;
}

/** Returns a copy of the item moved to a new state, with the transition recorded. */
export function transition<T extends TrackedItem>(
  item: T,
  to: T['state'],
  by: string,
  action: string,
  at: string,
): T {
  return {
    ...item,
    state: to,
    updatedAt: at,
    history: [...item.history, { at, by, action, from: item.state, to }],
  };
}
