/**
 * Development only (DEV_REDIRECT_NOTIFICATIONS, refused in production and with an app id, i.e. with
 * real Teams): notifications for people other than the one at the keyboard go into the keyboard's
 * chat.
 *
 * Why: the Microsoft 365 Agents Playground has exactly one personal chat, the current user's. A
 * notification for anyone else would go to a chat the Playground does not know (404, then a
 * "blocked or removed" card back to whoever caused it) or to a 1:1 chat it creates and nobody can see.
 * Redirected, every flow can be followed from one browser tab: the card for Patti arrives in the
 * current chat under a line "To: Patti Fernandez".
 *
 * Decided: the current chat is the personal chat that most recently sent the bot anything (a message,
 * a button, the Playground's conversationUpdate on page load), since the bot started. Until then,
 * notifications for people wait. Every notification for a person goes there, their own included (a
 * stored chat from an earlier session may not exist any more); only others' get the header. An update
 * in place goes to the chat where the card was posted, with the header unless that is the recipient's
 * own current chat. The network channel is not redirected. A
 * redirected notification that fails is marked failed and nothing else: no failure card, nobody is
 * marked unreachable, no stored chat is dropped (none of them was tried).
 */
import type { ConversationReferenceJson } from '../store/store.js';
import type { CardJson } from './delivery.js';

/** The personal chat in front of the developer. */
export interface CurrentChat {
  /** The person writing in it (AAD object id). */
  aadObjectId: string;
  /** Its conversation reference (opaque outside src/teams). */
  reference: ConversationReferenceJson;
  /** The locale last seen in it: redirected cards are rendered for the reader. */
  locale?: string;
}

export interface DevRedirect {
  /** The current chat, or undefined when nobody has written to the bot since it started. */
  currentChat(): CurrentChat | undefined;
  /** The header line of a card meant for someone else, in the reader's locale ("To: <name>"). */
  header(name: string, locale: string | undefined): string;
}

/** The card with a small header line (e.g. "To: Patti Fernandez") above its body. */
export function withHeaderLine(card: CardJson, text: string): CardJson {
  const body = Array.isArray(card.body) ? card.body : [];
  return {
    ...card,
    body: [{ type: 'TextBlock', text, size: 'Small', weight: 'Bolder', isSubtle: true, wrap: true }, ...body],
  };
}
