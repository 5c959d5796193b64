/**
 * What the bot sends on its own initiative. Use cases enqueue these in the same unit of work as the
 * state change that caused them; the outbox delivers them. A notification carries references, never
 * copies: it names the item it is about, the view and the party, and the card is rendered at send
 * time from the item's current state (src/app/live-cards.ts). No free text lives in the outbox.
 * Pure data.
 */

export type Recipient = { kind: 'person'; aadObjectId: string } | { kind: 'networkChannel' };

/** The kind of subject of a notice about another outbox message (e.g. "could not be delivered"). */
export const OUTBOX_SUBJECT = 'outbox';

/** What a notification is about: a tracked item (kind + id), or another outbox message ('outbox'). */
export interface Subject {
  kind: string;
  id: string;
}

/**
 * The identity of a notification, as structured data: the item, the party and the version of the
 * item's cards it belongs to. Enqueuing the same key twice is a no-op.
 */
export interface NotificationKey {
  item: string;
  /** recipientKey() of the party. */
  party: string;
  version: number;
}

export interface NotificationRequest {
  recipient: Recipient;
  key: NotificationKey;
  subject: Subject;
  /** The view to render (a card name such as 'guidance-item'). */
  view: string;
  /** Why the party gets it now (a code the view turns into a line, e.g. 'assigned'). */
  banner?: string;
  /**
   * Updates, in place, the card of this version the party already has (its activity id is kept with
   * the item's party), instead of posting a new one.
   */
  replaces?: number;
  /**
   * With `replaces`: the card it updates was superseded by a newer card to the same party, so it is
   * shown one last time as it is now, without buttons, pointing to the newer card.
   */
  superseded?: true;
  /**
   * AAD object id of the person whose action caused this notification (e.g. the applicant of a
   * join request). If the recipient cannot be reached, that person is told.
   */
  origin?: string;
}

export function recipientKey(r: Recipient): string {
  return r.kind === 'person' ? `person:${r.aadObjectId}` : 'channel:network';
}
