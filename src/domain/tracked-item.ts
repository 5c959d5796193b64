/**
 * The one notion of a tracked item shared by join requests, guidance requests, agenda items and
 * check-ins: an id, a human reference, a state, who created it, and a history of transitions.
 * Pure: timestamps come in as arguments.
 */

export interface HistoryEntry {
  /** ISO timestamp. */
  at: string;
  /** AAD object id of the actor. */
  by: string;
  action: string;
  from?: string;
  to?: string;
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
  /**
   * Outbox keys of the cards sent about this item that must be updated in place when its state
   * changes (so nobody acts on a stale card).
   */
  cardKeys: string[];
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
