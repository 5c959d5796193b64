/**
 * What the bot sends on its own initiative. Use cases enqueue these in the same unit of work as the
 * state change that caused them; the outbox delivers them. Pure data.
 */

export type Recipient = { kind: 'person'; aadObjectId: string } | { kind: 'networkChannel' };

/** A card to render at send time in the recipient's language. */
export interface CardSpec {
  /** Template name under cards/ (without .json). */
  template: string;
  /** Template data (no strings from the catalog: those are added at render time). */
  data: Record<string, unknown>;
}

export interface NotificationRequest {
  recipient: Recipient;
  card: CardSpec;
  /**
   * Idempotency key: enqueuing the same key twice is a no-op. A later notification may name an
   * earlier key in `replaces` to update that card in place instead of posting a new one.
   */
  key: string;
  replaces?: string;
  /**
   * AAD object id of the person whose action caused this notification (e.g. the applicant of a
   * join request). If the recipient cannot be reached, that person is told.
   */
  origin?: string;
  /** The human reference of the item it is about (e.g. "N-2026-0001"), for that message. */
  about?: string;
}

export function recipientKey(r: Recipient): string {
  return r.kind === 'person' ? `person:${r.aadObjectId}` : 'channel:network';
}
