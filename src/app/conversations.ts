/**
 * Conversation references, kept so the bot can reach people and channels later. The Teams layer
 * hands them in as opaque JSON; nothing here knows the Bot Framework.
 */
import type {
  ChannelKey,
  ConversationReferenceJson,
  StoredConversation,
  UnitOfWork,
} from '../store/store.js';
import type { AppContext } from './context.js';

/**
 * Remembers the personal (1:1) conversation with a person. Writes only when something changed.
 * Returns whether this was the person's first contact with the bot.
 */
export function rememberPersonalConversation(
  ctx: AppContext,
  aadObjectId: string,
  reference: ConversationReferenceJson,
  locale: string | undefined,
): Promise<{ firstContact: boolean }> {
  return remember(
    ctx,
    (uow) => uow.conversations.getPerson(aadObjectId),
    (uow, conversation) => uow.conversations.putPerson(aadObjectId, conversation),
    reference,
    locale,
    // They talk to the bot again: they can be reached again.
    (uow) => uow.unreachable.clear({ kind: 'person', aadObjectId }),
  );
}

/**
 * Remembers a channel conversation (team scope). Writes only when something changed. Returns
 * whether the channel was new to the bot.
 */
export function rememberChannelConversation(
  ctx: AppContext,
  key: ChannelKey,
  reference: ConversationReferenceJson,
  locale: string | undefined,
): Promise<{ firstContact: boolean }> {
  return remember(
    ctx,
    (uow) => uow.conversations.getChannel(key),
    (uow, conversation) => uow.conversations.putChannel(key, conversation),
    reference,
    locale,
    async (uow) => {
      const network = (await uow.settings.get()).networkChannel;
      if (network?.teamId === key.teamId && network.channelId === key.channelId) {
        await uow.unreachable.clear({ kind: 'networkChannel' });
      }
    },
  );
}

/** One unit of work, so two activities arriving together cannot both count as the first contact. */
function remember(
  ctx: AppContext,
  get: (uow: UnitOfWork) => Promise<StoredConversation | undefined>,
  put: (uow: UnitOfWork, conversation: StoredConversation) => Promise<void>,
  reference: ConversationReferenceJson,
  locale: string | undefined,
  reachable?: (uow: UnitOfWork) => Promise<void>,
): Promise<{ firstContact: boolean }> {
  return ctx.store.run(async (uow) => {
    const existing = await get(uow);
    // Some activities (conversationUpdate) carry no locale: keep the one seen last.
    const effectiveLocale = locale ?? existing?.locale;
    if (existing && sameConversation(existing, reference, effectiveLocale)) return { firstContact: false };
    await put(uow, stored(ctx, reference, effectiveLocale));
    await reachable?.(uow);
    return { firstContact: !existing };
  });
}

/** The person removed the app: forget how to reach them. */
export async function forgetPersonalConversation(ctx: AppContext, aadObjectId: string): Promise<void> {
  await ctx.store.run((uow) => uow.conversations.removePerson(aadObjectId));
}

/** The app was removed from a team: forget its channels, and the network channel if it was there. */
export async function forgetTeam(ctx: AppContext, teamId: string): Promise<void> {
  await ctx.store.run(async (uow) => {
    await uow.conversations.removeTeam(teamId);
    const settings = await uow.settings.get();
    if (settings.networkChannel?.teamId === teamId) {
      const { networkChannel: _removed, ...rest } = settings;
      await uow.settings.put(rest);
    }
  });
}

function stored(
  ctx: AppContext,
  reference: ConversationReferenceJson,
  locale: string | undefined,
): StoredConversation {
  return { reference, ...(locale ? { locale } : {}), updatedAt: ctx.now().toISOString() };
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
