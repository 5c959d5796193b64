/**
 * The data the follow-up action's card template expects (cards/agenda-action.json), added to the
 * core's map of card data so `renderCard` type-checks it. Every string is shown as is: callers pass
 * texts already localised and dates already formatted. The one button carries the action's id only.
 */
import type { NoticeStyle } from '../../cards/card-data.js';

/** `agenda-action`: one follow-up action, as its owner, a curator or the original submitter sees it. */
export interface AgendaActionCardData {
  /** The action's id (the button names it). */
  actionId: string;
  /** Its reference, e.g. "T-2027-0001". */
  reference: string;
  /** What is to be done. */
  what: string;
  /** The owner's name. */
  owner: string;
  /** The due date, e.g. "fredag 15. januar 2027". */
  due: string;
  /** Its state in words: "Åpen", or "Gjort fredag 15. januar 2027 av Ola OPA". */
  state: string;
  /** The state is done (shown in green). */
  done?: boolean;
  /** The due date has passed while it is open (shown as a warning). */
  overdue?: boolean;
  /** The agenda item it came from: reference and title. */
  item?: { reference: string; title: string };
  /** Why the card came (assigned, a reminder, overdue, done) or what the click did. */
  banner?: { text: string; style: NoticeStyle };
  /** A newer card about the action came: this one has no buttons and says so. */
  superseded?: boolean;
  /** "Merk som gjort": for the owner and the curators of the item's department, while open. */
  canClose?: boolean;
}

declare module '../../cards/card-data.js' {
  interface CardData {
    'agenda-action': AgendaActionCardData;
  }
}
