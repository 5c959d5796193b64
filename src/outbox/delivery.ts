/** The outbox's view of a channel that can deliver cards (implemented in src/teams). */
import type { ConversationReferenceJson } from '../store/store.js';

/** A rendered Adaptive Card (plain JSON). */
export type CardJson = Record<string, unknown>;

export interface ProactiveSender {
  /** Posts a new message with the card; resolves with the ids the Bot Connector gave it. */
  send(
    reference: ConversationReferenceJson,
    card: CardJson,
  ): Promise<{ activityId: string; conversationId: string }>;
  /** Replaces the card of an earlier message in place. */
  update(reference: ConversationReferenceJson, activityId: string, card: CardJson): Promise<void>;
}

/** A failed delivery: `status` is the HTTP status when the connector answered, `permanent` when retrying is pointless. */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    readonly code: string,
    readonly permanent: boolean,
    readonly status?: number,
  ) {
    super(`delivery failed: ${code}`);
  }
}

/** 403 (blocked / uninstalled) and 404 (conversation gone) are permanent; anything else may pass later. */
export function isPermanentStatus(status: number | undefined): boolean {
  return status === 400 || status === 401 || status === 403 || status === 404 || status === 413;
}
