/** The outbox's view of a channel that can deliver cards (implemented in src/teams). */
import type { ConversationReferenceJson } from '../store/store.js';

/** A rendered Adaptive Card (plain JSON). */
export type CardJson = Record<string, unknown>;

export interface SentActivity {
  activityId: string;
  conversationId: string;
}

export interface ProactiveSender {
  /** Posts a new message with the card; resolves with the ids the Bot Connector gave it. */
  send(reference: ConversationReferenceJson, card: CardJson): Promise<SentActivity>;
  /** Replaces the card of an earlier message in place. */
  update(reference: ConversationReferenceJson, activityId: string, card: CardJson): Promise<void>;
  /**
   * Creates (or finds) the 1:1 chat with a person who has the app, knowing only their AAD object id.
   * Resolves with the conversation's reference to keep; the card is then sent through it like any
   * other (so each request is counted against the limits on its own).
   */
  createConversation(target: {
    aadObjectId: string;
    tenantId: string;
    serviceUrl: string;
  }): Promise<ConversationReferenceJson>;
}

/**
 * A failed delivery: `status` is the HTTP status when the connector answered (undefined for a
 * network error), `retryAfterMs` the connector's Retry-After, if it gave one.
 */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    readonly code: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(`delivery failed: ${code}`);
  }
}
