/**
 * Conversation references, kept so the bot can reach people and channels later. The Teams layer
 * hands them in as opaque JSON; nothing here knows the Bot Framework. Each function runs inside
 * the unit of work of the activity that brought the reference (see turn.ts).
 */
import type {
  ChannelKey,
  ConversationReferenceJson,
  StoredConversation,
  UnitOfWork,
} from '../store/store.js';

/** Where an activity came from, with the reference to keep. */
export type ConversationSeen =
  | { kind: 'personal'; aadObjectId: string; reference: ConversationReferenceJson; locale?: string }
  | { kind: 'channel'; key: ChannelKey; reference: ConversationReferenceJson; locale?: string };

/**
 * Remembers the conversation an activity came from. Changes nothing when it is already known as
 * it is. Returns whether the conversation was new to the bot (first contact).
 */
export async function rememberConversation(
  uow: UnitOfWork,
  seen: ConversationSeen,
  at: string,
): Promise<{ firstContact: boolean }> {
  const existing =
    seen.kind === 'personal'
      ? await uow.conversations.getPerson(seen.aadObjectId)
      : await uow.conversations.getChannel(seen.key);
  // Some activities (conversationUpdate) carry no locale: keep the one seen last.
  const locale = seen.locale ?? existing?.locale;
  if (existing && sameConversation(existing, seen.reference, locale)) return { firstContact: false };
  const conversation: StoredConversation = {
    reference: seen.reference,
    ...(locale ? { locale } : {}),
    updatedAt: at,
  };
  if (seen.kind === 'personal') {
    await uow.conversations.putPerson(seen.aadObjectId, conversation);
    // They talk to the bot again: they can be reached again.
    await uow.unreachable.clear({ kind: 'person', aadObjectId: seen.aadObjectId });
  } else {
    await uow.conversations.putChannel(seen.key, conversation);
    const network = (await uow.settings.get()).networkChannel;
    if (network?.teamId === seen.key.teamId && network.channelId === seen.key.channelId) {
      await uow.unreachable.clear({ kind: 'networkChannel' });
    }
  }
  return { firstContact: !existing };
}

/** The person removed the app: forget how to reach them. */
export async function forgetPersonalConversation(uow: UnitOfWork, aadObjectId: string): Promise<void> {
  await uow.conversations.removePerson(aadObjectId);
}

/** The app was removed from a team: forget its channels, and the network channel if it was there. */
export async function forgetTeam(uow: UnitOfWork, teamId: string): Promise<void> {
  await uow.conversations.removeTeam(teamId);
  const settings = await uow.settings.get();
  if (settings.networkChannel?.teamId === teamId) {
    const { networkChannel: _removed, ...rest } = settings;
    await uow.settings.put(rest);
  }
}

function sameConversation(
  existing: StoredConversation,
  reference: ConversationReferenceJson,
  locale: string | undefined,
): boolean {
  return (
    (locale ?? undefined) === existing.locale &&
    JSON.stringify(existing.reference) === JSON.stringify(reference)
  );
}
