/**
 * What the delivery engine needs to turn a notification (a reference) into a card: the tracked-item
 * engine implements it (src/app/live-cards.ts). The outbox holds no card, only what to render.
 */
import type { OutboxMessage, UnitOfWork } from '../store/store.js';
import type { CardJson, SentActivity } from './delivery.js';

/** Where the card an update replaces was delivered. */
export interface LocatedCard {
  activityId: string;
  conversationId: string;
}

export interface CardSource {
  /** The card to send now, rendered in `locale` from the subject as it is; undefined when it is gone. */
  render(uow: UnitOfWork, message: OutboxMessage, locale: string | undefined): Promise<CardJson | undefined>;
  /** For an update: the delivered card it replaces, or undefined when that card never arrived. */
  locate(uow: UnitOfWork, message: OutboxMessage): Promise<LocatedCard | undefined>;
  /** Records where a posted card landed, so later updates find it (an update changes nothing). */
  delivered(uow: UnitOfWork, message: OutboxMessage, sent: SentActivity): Promise<void>;
}
