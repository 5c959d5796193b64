/**
 * Live cards: the engine every tracked item uses to keep its parties' cards current.
 *
 * An item knows its parties and, per party, the cards the bot posted to them (the last one is the
 * party's live card). `publish` is called by a use case in the unit of work of a state change: it
 * posts a new card to whoever must act next, updates every party's live card in place, and marks a
 * party's previous card superseded when they get a newer one. `adopt` keeps a card the person
 * already has (the answer to their click) as their live card, without sending anything.
 * The outbox gets references only (item, party, view, version); the card is rendered when it is
 * sent, from the item as it is then (`createCardSource`), and the Bot Connector's ids of a posted
 * card are recorded on the item's party, where later updates find them.
 */
import {
  type NotificationRequest,
  OUTBOX_SUBJECT,
  type Recipient,
  recipientKey,
  type Subject,
} from '../domain/notifications.js';
import type { Party, PostedCard, TrackedItem } from '../domain/tracked-item.js';
import type { CardSource, LocatedCard } from '../outbox/card-source.js';
import type { CardJson } from '../outbox/delivery.js';
import type { OutboxMessage, UnitOfWork } from '../store/store.js';
import type { AppContext } from './context.js';

/** A new card for a party, and why (the banner code the view shows). */
export interface Post {
  to: Recipient;
  view: string;
  banner?: string;
  /** Whose action caused it (told if the card cannot be delivered); defaults to the item's creator. */
  origin?: string;
}

/**
 * Enqueues the cards a change of `item` causes, and records them on the item (the caller puts it in
 * the same unit of work): every party's live card is updated in place, and a party that gets a new
 * card in `posts` has its previous one updated a last time as superseded (no buttons, a pointer to the
 * newer card), so nobody acts on a stale card.
 */
export async function publish(
  ctx: AppContext,
  uow: UnitOfWork,
  item: TrackedItem,
  posts: readonly Post[],
  options: {
    /**
     * The card the change was clicked on: the answer to the click replaces it already (with what
     * just happened on it), so it is not updated a second time, which would take that away.
     */
    answered?: { activityId: string };
  } = {},
): Promise<void> {
  const at = ctx.now().toISOString();
  const subject: Subject = { kind: item.kind, id: item.id };
  const posted = new Set(posts.map((p) => recipientKey(p.to)));
  for (const party of item.parties) {
    const live = party.cards.at(-1);
    if (!live) continue;
    if (
      options.answered &&
      live.activityId === options.answered.activityId &&
      !posted.has(recipientKey(party.to))
    )
      continue;
    await enqueue(ctx, uow, item, at, {
      recipient: party.to,
      subject,
      view: live.view,
      replaces: live.version,
      ...(posted.has(recipientKey(party.to)) ? { superseded: true as const } : {}),
    });
  }
  for (const post of posts) {
    const version = await enqueue(ctx, uow, item, at, {
      recipient: post.to,
      subject,
      view: post.view,
      ...(post.banner ? { banner: post.banner } : {}),
      origin: post.origin ?? item.createdBy,
    });
    partyOf(item, post.to).cards.push({ version, view: post.view });
  }
}

/**
 * Keeps a card the party already has as their live card about `item` (e.g. the receipt the answer to
 * their click put in place of the form): later changes update it in place like any card the outbox
 * posted. Nothing is sent. The caller puts the item in the same unit of work.
 */
export function adopt(
  item: TrackedItem,
  to: Recipient,
  card: { view: string; activityId: string; conversationId: string },
): void {
  item.cardVersion += 1;
  partyOf(item, to).cards.push({ version: item.cardVersion, ...card });
}

/** The party of `item` for `to`, added (without cards) if it has none yet. */
export function partyOf(item: TrackedItem, to: Recipient): Party {
  const key = recipientKey(to);
  let party = item.parties.find((p) => recipientKey(p.to) === key);
  if (!party) {
    party = { to, cards: [] };
    item.parties.push(party);
  }
  return party;
}

async function enqueue(
  ctx: AppContext,
  uow: UnitOfWork,
  item: TrackedItem,
  at: string,
  request: Omit<NotificationRequest, 'key'>,
): Promise<number> {
  item.cardVersion += 1;
  const version = item.cardVersion;
  await uow.outbox.enqueue(
    { ...request, key: { item: item.id, party: recipientKey(request.recipient), version } },
    at,
    ctx.newId(),
  );
  return version;
}

// ---- rendering at send time ----------------------------------------------------------------------

/** How a kind of tracked item is rendered for a party (registered by the feature that owns it). */
export interface ItemViews<T extends TrackedItem = TrackedItem> {
  kind: T['kind'];
  /** The card for `to`, from the item as it is now; undefined when there is nothing to show. */
  render(
    uow: UnitOfWork,
    item: T,
    to: Recipient,
    /** `update`: the card replaces one the party has (else it is posted as a new message). */
    notification: { view: string; banner?: string; superseded?: true; update?: true },
    locale: string | undefined,
  ): Promise<CardJson | undefined>;
}

/** Notices about another outbox message (e.g. "could not be delivered"), rendered by the core. */
export type OutboxNoticeRenderer = (
  uow: UnitOfWork,
  about: { message: OutboxMessage; reference?: string },
  notification: { view: string },
  locale: string | undefined,
) => Promise<CardJson | undefined>;

export function createCardSource(kinds: readonly ItemViews[], notices: OutboxNoticeRenderer): CardSource {
  const byKind = new Map(kinds.map((k) => [k.kind, k]));
  const cardOf = async (uow: UnitOfWork, message: OutboxMessage, version: number | undefined) => {
    if (version === undefined) return undefined;
    const item = await uow.items.get(message.subject.kind, message.subject.id);
    const party = item?.parties.find((p) => recipientKey(p.to) === recipientKey(message.recipient));
    return { item, card: party?.cards.find((c) => c.version === version) };
  };
  /** The human reference of what a message is about (for the "could not be delivered" notice). */
  const referenceOf = async (uow: UnitOfWork, message: OutboxMessage) =>
    message.subject.kind === OUTBOX_SUBJECT
      ? undefined
      : (await uow.items.get(message.subject.kind, message.subject.id))?.reference;
  return {
    async render(uow, message, locale) {
      if (message.subject.kind === OUTBOX_SUBJECT) {
        const about = await uow.outbox.get(message.subject.id);
        if (!about) return undefined;
        const reference = await referenceOf(uow, about);
        return notices(uow, { message: about, ...(reference ? { reference } : {}) }, message, locale);
      }
      const views = byKind.get(message.subject.kind);
      const item = await uow.items.get(message.subject.kind, message.subject.id);
      if (!views || !item) return undefined;
      return views.render(
        uow,
        item,
        message.recipient,
        {
          view: message.view,
          ...(message.banner ? { banner: message.banner } : {}),
          ...(message.superseded ? { superseded: true as const } : {}),
          ...(message.replaces !== undefined ? { update: true as const } : {}),
        },
        locale,
      );
    },
    async locate(uow, message): Promise<LocatedCard | undefined> {
      const found = await cardOf(uow, message, message.replaces);
      const card: PostedCard | undefined = found?.card;
      return card?.activityId
        ? { activityId: card.activityId, conversationId: card.conversationId ?? '' }
        : undefined;
    },
    async delivered(uow, message, sent) {
      if (message.replaces !== undefined || message.subject.kind === OUTBOX_SUBJECT) return;
      const found = await cardOf(uow, message, message.key.version);
      if (!found?.item || !found.card) return;
      found.card.activityId = sent.activityId;
      found.card.conversationId = sent.conversationId;
      await uow.items.put(found.item);
    },
  };
}
