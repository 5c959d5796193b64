/**
 * The data the priority notice's card templates expect (cards/priority-notice-form.json and
 * cards/priority-notice.json), added to the core's map of card data so `renderCard` type-checks it.
 * Every string is shown as is: callers pass texts already localised and dates already formatted.
 * Buttons carry the notice's id only.
 */
import type { NoticeStyle } from '../../cards/card-data.js';

/** `priority-notice-form`: a contact person of an allowed regional office writes a notice to ASA. */
export interface PriorityNoticeFormCardData {
  /** "Sendes fra Regionkontor Øst" (the region is their contact role's unit, never from the card). */
  from: string;
  /** What was typed (kept after a problem); a refused or sensitive text is never shown back. */
  values: { whereToFind?: string; note?: string };
  /** Messages next to their fields (`form`: under the form). */
  errors: { whereToFind?: string; note?: string; form?: string };
}

/** `priority-notice`: one notice, as its sender, ASA's coordinator or deputy or the UDI coordinator sees it. */
export interface PriorityNoticeCardData {
  /** The notice's id (the button names it). */
  noticeId: string;
  /** Its reference, e.g. "P-2027-0001". */
  reference: string;
  /** The regional office's name. */
  region: string;
  /** When it was sent, e.g. "tirsdag 12. januar 2027 kl. 10:30". */
  sent: string;
  /** Where ASA finds the case, in the agreed way. */
  whereToFind: string;
  note?: string;
  /** Its state in words: waiting, or "Prioritert av … …". */
  state: string;
  /** It is acknowledged (the state is shown in green). */
  acknowledged?: boolean;
  /** Why the card came (new, reminder, escalation, acknowledged) or what the click did. */
  banner?: { text: string; style: NoticeStyle };
  /** A newer card about the notice came: this one has no buttons and says so. */
  superseded?: boolean;
  /** "Prioritert": for ASA's coordinator or deputy while it is not acknowledged. */
  canAcknowledge?: boolean;
}

declare module '../../cards/card-data.js' {
  interface CardData {
    'priority-notice-form': PriorityNoticeFormCardData;
    'priority-notice': PriorityNoticeCardData;
  }
}
