/**
 * The notice "could not be delivered", rendered when the outbox sends it: who could not be reached
 * (named from the roster now) and the reference of what it was about.
 */
import type { OutboxNoticeRenderer } from '../app/live-cards.js';
import { pickLocale } from '../cards/i18n.js';
import { renderCard } from '../cards/render.js';

export const deliveryFailedNotice: OutboxNoticeRenderer = async (uow, { message, reference }, _n, locale) => {
  const recipientName =
    message.recipient.kind === 'person'
      ? (await uow.people.get(message.recipient.aadObjectId))?.displayName
      : undefined;
  return renderCard(
    'delivery-failed',
    {
      recipientKind: message.recipient.kind,
      ...(recipientName ? { recipientName } : {}),
      ...(reference ? { reference } : {}),
    },
    pickLocale(locale),
  );
};
