/**
 * Where an outbox message goes: the stored conversation of its recipient (a person's 1:1 chat or the
 * network channel), or, for a person without one, the 1:1 chat to create and the service URL to
 * create it at; and the key its per-conversation limits are counted under. Development only: the
 * current chat instead (dev-redirect.ts). Also the small helpers on stored conversations the worker
 * shares. Reads only; nothing here writes but forgetConversation.
 */
import { type Recipient, recipientKey } from '../domain/notifications.js';
import type {
  ConversationReferenceJson,
  OutboxMessage,
  StoredConversation,
  UnitOfWork,
} from '../store/store.js';
import type { CardSource } from './card-source.js';
import type { DevRedirect } from './dev-redirect.js';

export interface Target {
  /** Where to send; undefined when a 1:1 chat must be created first. */
  conversation?: StoredConversation;
  /** The key the per-conversation limits are counted under. */
  limitKey: string;
  serviceUrl?: string;
  /** Development: delivered into the current chat instead; `to` names someone else it is for. */
  redirected?: { to?: string };
}

/**
 * Where a message goes; 'no-channel' when it is for the network channel and none is set up (or its
 * conversation is not known); `waitUntil` when it cannot go anywhere yet.
 */
export type Destination = Target | 'no-channel' | { waitUntil: number };

export interface TargetOptions {
  cards: CardSource;
  /** Bot Connector service URL used to create a 1:1 chat when no stored conversation gives one. */
  defaultServiceUrl: string;
  /** How long a redirected message waits while nobody has written to the bot. */
  pollIntervalMs: number;
  devRedirect?: DevRedirect;
}

/** Resolves where `message` goes, inside a unit of work, as of `t0` (the round's start). */
export type ResolveTarget = (uow: UnitOfWork, message: OutboxMessage, t0: number) => Promise<Destination>;

export function createTargetResolver(options: TargetOptions): ResolveTarget {
  const { cards } = options;

  async function resolveTarget(uow: UnitOfWork, message: OutboxMessage, t0: number): Promise<Destination> {
    const { recipient, origin } = message;
    if (options.devRedirect && recipient.kind === 'person') {
      return redirectTarget(uow, options.devRedirect, message, recipient.aadObjectId, t0);
    }
    if (recipient.kind === 'networkChannel') {
      const channel = (await uow.settings.get()).networkChannel;
      const conversation = channel ? await uow.conversations.getChannel(channel) : undefined;
      if (!conversation) return 'no-channel';
      return { conversation, limitKey: conversationIdOf(conversation.reference) ?? 'channel:network' };
    }
    const conversation = await uow.conversations.getPerson(recipient.aadObjectId);
    if (conversation) {
      return { conversation, limitKey: conversationIdOf(conversation.reference) ?? recipientKey(recipient) };
    }
    return { limitKey: `create:${recipient.aadObjectId}`, serviceUrl: await serviceUrlFor(uow, origin) };
  }

  /**
   * Development: the current chat, or the chat where the card to update was posted. Waits (a poll
   * interval) while nobody has written to the bot.
   */
  async function redirectTarget(
    uow: UnitOfWork,
    devRedirect: DevRedirect,
    message: OutboxMessage,
    aadObjectId: string,
    t0: number,
  ): Promise<Target | { waitUntil: number }> {
    const chat = devRedirect.currentChat();
    if (!chat) return { waitUntil: t0 + options.pollIntervalMs };
    let reference = chat.reference;
    const original = message.replaces !== undefined ? await cards.locate(uow, message) : undefined;
    if (original?.conversationId) {
      reference = {
        ...reference,
        conversation: { ...asRecord(reference.conversation), id: original.conversationId },
      };
    }
    // The header whenever the card is not in the recipient's own current chat: for someone else, or an
    // update of a card in another chat (posted there when someone else was at the keyboard).
    const elsewhere = conversationIdOf(reference) !== conversationIdOf(chat.reference);
    const to =
      aadObjectId === chat.aadObjectId && !elsewhere ? undefined : await displayNameOf(uow, aadObjectId);
    return {
      conversation: {
        reference,
        ...(chat.locale ? { locale: chat.locale } : {}),
        updatedAt: new Date(t0).toISOString(),
      },
      limitKey: conversationIdOf(reference) ?? 'dev:current-chat',
      redirected: to === undefined ? {} : { to },
    };
  }

  /**
   * A service URL from a stored conversation (the person whose action caused the message, or the
   * network channel: they are per tenant and region), else the configured one.
   */
  async function serviceUrlFor(uow: UnitOfWork, origin: string | undefined): Promise<string> {
    const fromOrigin = origin
      ? serviceUrlOf((await uow.conversations.getPerson(origin))?.reference)
      : undefined;
    if (fromOrigin) return fromOrigin;
    const channel = (await uow.settings.get()).networkChannel;
    const fromChannel = channel
      ? serviceUrlOf((await uow.conversations.getChannel(channel))?.reference)
      : undefined;
    return fromChannel ?? options.defaultServiceUrl;
  }

  return resolveTarget;
}

/** Drops the stored conversation of a recipient found unreachable (a person's chat, or the channel's). */
export async function forgetConversation(uow: UnitOfWork, recipient: Recipient): Promise<void> {
  if (recipient.kind === 'person') {
    await uow.conversations.removePerson(recipient.aadObjectId);
    return;
  }
  const channel = (await uow.settings.get()).networkChannel;
  if (channel) await uow.conversations.removeChannel(channel);
}

/** The conversation id in a stored reference, if it has one. */
export function conversationIdOf(reference: ConversationReferenceJson | undefined): string | undefined {
  const conversation = reference?.conversation as { id?: unknown } | undefined;
  return typeof conversation?.id === 'string' ? conversation.id : undefined;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** A person's name for a header line: from the roster, else from their stored chat, else the id. */
async function displayNameOf(uow: UnitOfWork, aadObjectId: string): Promise<string> {
  const fromRoster = (await uow.people.get(aadObjectId))?.displayName.trim();
  if (fromRoster) return fromRoster;
  const user = asRecord((await uow.conversations.getPerson(aadObjectId))?.reference.user);
  return typeof user.name === 'string' && user.name.trim() !== '' ? user.name.trim() : aadObjectId;
}

function serviceUrlOf(reference: ConversationReferenceJson | undefined): string | undefined {
  const url = reference?.serviceUrl;
  return typeof url === 'string' && url !== '' ? url : undefined;
}
