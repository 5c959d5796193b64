/**
 * Development only (DEV_REDIRECT_NOTIFICATIONS): which personal chat is in front of the developer.
 * The activities the bot receives say it: the personal chat that most recently sent anything (a
 * message, a button, the Agents Playground's conversationUpdate on every page load). The outbox
 * delivers notifications for people there (src/outbox/dev-redirect.ts). Kept in memory: after a
 * restart it is known again as soon as the Playground page sends something.
 */
import type { Activity, TurnContext } from 'botbuilder';
import type { CurrentChat } from '../outbox/dev-redirect.js';
import { referenceOf } from './turn-facts.js';

export interface CurrentChatTracker {
  /** The chat that most recently sent the bot an activity, if any since the start. */
  current(): CurrentChat | undefined;
  /** Takes note of an incoming activity (one that passed the tenant/channel guard). */
  observe(activity: Activity): void;
}

/** @param onChange called when the current chat becomes known or changes (e.g. to kick the outbox). */
export function createCurrentChatTracker(onChange: () => void = () => undefined): CurrentChatTracker {
  let chat: CurrentChat | undefined;
  return {
    current: () => chat,
    observe(activity) {
      if (activity.conversation?.conversationType !== 'personal') return;
      const aadObjectId = activity.from?.aadObjectId;
      if (typeof aadObjectId !== 'string' || aadObjectId.trim() === '') return;
      // Removing the app does not make a chat current.
      if (activity.type === 'installationUpdate' && String(activity.action ?? '').startsWith('remove'))
        return;
      const reference = referenceOf(activity);
      const conversationId = activity.conversation.id;
      const same = chat?.aadObjectId === aadObjectId && chatId(chat) === conversationId;
      // Some activities (conversationUpdate) carry no locale: keep the one seen last in this chat.
      const locale = activity.locale ?? (same ? chat?.locale : undefined);
      chat = { aadObjectId, reference, ...(locale ? { locale } : {}) };
      if (!same) onChange();
    },
  };
}

/** Wraps a turn handler so that every activity is observed before it runs. */
export function observingCurrentChat(
  tracker: CurrentChatTracker,
  run: (context: TurnContext) => Promise<void>,
): (context: TurnContext) => Promise<void> {
  return async (context) => {
    tracker.observe(context.activity);
    await run(context);
  };
}

function chatId(chat: CurrentChat): unknown {
  return (chat.reference.conversation as { id?: unknown } | undefined)?.id;
}
