/**
 * What the bot reads from an incoming activity: who is acting (AAD object id, from the activity
 * only), in which language, in which scope, and where (team/channel).
 */
import { type Activity, TurnContext } from 'botbuilder';
import type { Caller } from '../app/context.js';
import { type Locale, pickLocale } from '../cards/i18n.js';
import type { ChannelKey, ConversationReferenceJson } from '../store/store.js';
import type { Scope } from '../views/cards.js';

export function callerOf(activity: Activity): Caller | undefined {
  const id = activity.from?.aadObjectId;
  if (typeof id !== 'string' || id.trim() === '') return undefined;
  return { aadObjectId: id, displayName: (activity.from.name ?? '').trim() };
}

export function localeOf(activity: Activity): Locale {
  return pickLocale(activity.locale ?? undefined);
}

/** Personal chat, or a team channel (group chats are treated like a team: no personal features). */
export function scopeOf(activity: Activity): Scope {
  return activity.conversation?.conversationType === 'personal' ? 'personal' : 'team';
}

export function channelKeyOf(activity: Activity): ChannelKey | undefined {
  const data = activity.channelData as { team?: { id?: unknown }; channel?: { id?: unknown } } | undefined;
  const teamId = data?.team?.id;
  if (typeof teamId !== 'string' || teamId === '') return undefined;
  const channelId =
    typeof data?.channel?.id === 'string' && data.channel.id !== '' ? data.channel.id : teamId;
  return { teamId, channelId };
}

/**
 * The conversation reference to keep. For a channel the thread suffix (";messageid=…") is removed
 * so that later posts start a new conversation in the channel rather than replying in a thread.
 */
export function referenceOf(activity: Activity): ConversationReferenceJson {
  const reference = TurnContext.getConversationReference(activity);
  const conversation = reference.conversation
    ? { ...reference.conversation, id: reference.conversation.id.replace(/;messageid=\d+$/, '') }
    : reference.conversation;
  // activityId ties the reference to one message; proactive sends do not need it.
  const { activityId: _activityId, ...rest } = reference;
  return JSON.parse(JSON.stringify({ ...rest, conversation })) as ConversationReferenceJson;
}

/** The message text with the bot's @mention removed. */
export function commandTextOf(activity: Activity): string {
  const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
  return text.trim();
}
