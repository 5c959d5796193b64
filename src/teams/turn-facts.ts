/**
 * What the bot reads from an incoming activity: who is acting (AAD object id, from the activity
 * only), in which language, in which scope, and where (team/channel).
 */
import { type Activity, TurnContext } from 'botbuilder';
import type { Caller } from '../app/context.js';
import type { ConversationSeen } from '../app/conversations.js';
import { type Locale, pickLocale } from '../cards/i18n.js';
import { maskSensitiveIdentifiers } from '../domain/privacy-guard.js';
import type { ChannelKey, ConversationReferenceJson } from '../store/store.js';
import type { Scope } from '../views/cards.js';

/**
 * Who is acting: the AAD object id from the activity (never from card data), and the display name
 * Teams sends, with any identity or DUF number in it masked (a name is kept: it is how people are
 * shown to each other, so the number goes rather than the name).
 */
export function callerOf(activity: Activity): Caller | undefined {
  const id = activity.from?.aadObjectId;
  if (typeof id !== 'string' || id.trim() === '') return undefined;
  const name = typeof activity.from.name === 'string' ? activity.from.name.trim() : '';
  return { aadObjectId: id, displayName: maskSensitiveIdentifiers(name) };
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
 * Names (the user's, the conversation's) are left out: sending needs ids only, and a name is
 * personal data the reference need not hold. A channel's reference holds no user at all: it would
 * name whoever spoke there last, and a post to a channel has no recipient (botbuilder's own
 * sendMessageToTeamsChannel sends without one).
 */
export function referenceOf(activity: Activity): ConversationReferenceJson {
  const reference = TurnContext.getConversationReference(activity);
  const conversation = reference.conversation
    ? withoutName({ ...reference.conversation, id: reference.conversation.id.replace(/;messageid=\d+$/, '') })
    : reference.conversation;
  const user =
    reference.user && scopeOf(activity) === 'personal' ? withoutName({ ...reference.user }) : undefined;
  // activityId ties the reference to one message; proactive sends do not need it.
  const { activityId: _activityId, ...rest } = reference;
  return JSON.parse(JSON.stringify({ ...rest, conversation, user })) as ConversationReferenceJson;
}

function withoutName<T extends { name?: unknown }>(value: T): Omit<T, 'name'> {
  const { name: _name, ...rest } = value;
  return rest;
}

/** Where the activity came from, with the reference to remember (undefined when nothing to keep). */
export function conversationSeenOf(activity: Activity): ConversationSeen | undefined {
  const reference = referenceOf(activity);
  const locale = activity.locale ?? undefined;
  if (scopeOf(activity) === 'personal') {
    const caller = callerOf(activity);
    if (!caller) return undefined;
    return { kind: 'personal', aadObjectId: caller.aadObjectId, reference, ...(locale ? { locale } : {}) };
  }
  const key = channelKeyOf(activity);
  if (!key) return undefined;
  return { kind: 'channel', key, reference, ...(locale ? { locale } : {}) };
}

/**
 * The message whose card was clicked (an invoke's `replyToId` in its conversation): the invoke's
 * answer replaces that card, so a use case may keep it as the person's live card about an item.
 */
export function clickedCardOf(
  activity: Activity,
): { activityId: string; conversationId: string } | undefined {
  const activityId = activity.replyToId;
  const conversationId = activity.conversation?.id;
  return typeof activityId === 'string' && activityId !== '' && typeof conversationId === 'string'
    ? { activityId, conversationId }
    : undefined;
}

/** The idempotency key of an activity ("invoke:<id>"), undefined when it has no id. */
export function activityKeyOf(activity: Activity): string | undefined {
  return typeof activity.id === 'string' && activity.id !== ''
    ? `${activity.type}:${activity.id}`
    : undefined;
}

/** The message text with the bot's @mention removed. */
export function commandTextOf(activity: Activity): string {
  const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
  return text.trim();
}
