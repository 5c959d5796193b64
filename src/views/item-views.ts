/**
 * The cards of tracked items as the outbox sends them: rendered at send time, for one party, from
 * the item as it is then (src/app/live-cards.ts). Each kind takes its model from its use cases and
 * its card from the view functions.
 */

import type { AppContext } from '../app/context.js';
import { GUIDANCE_VIEW, type GuidanceBanner, guidanceViewFor } from '../app/guidance.js';
import { joinCardModel } from '../app/join.js';
import type { ItemViews, OutboxNoticeRenderer } from '../app/live-cards.js';
import { pickLocale } from '../cards/i18n.js';
import { renderCard } from '../cards/render.js';
import type { GuidanceRequest } from '../domain/guidance-requests.js';
import type { JoinRequest } from '../domain/join-requests.js';
import { joinApprovalCard, joinOutcomeCard } from './cards.js';
import { guidanceItemCard } from './guidance.js';

export function joinViews(): ItemViews<JoinRequest> {
  return {
    kind: 'join',
    async render(uow, request, _to, { view }, locale) {
      const card = await joinCardModel(uow, request, view);
      if (!card) return undefined;
      return card.view === 'approval'
        ? joinApprovalCard(pickLocale(locale), card.model)
        : joinOutcomeCard(pickLocale(locale), card.model);
    },
  };
}

export function guidanceViews(ctx: AppContext): ItemViews<GuidanceRequest> {
  return {
    kind: 'guidance',
    async render(uow, request, to, { view, banner }, locale) {
      if (view !== GUIDANCE_VIEW || to.kind !== 'person') return undefined;
      const model = await guidanceViewFor(ctx, uow, request, to.aadObjectId);
      return guidanceItemCard(
        pickLocale(locale),
        { ...model, ...(banner ? { banner: banner as GuidanceBanner } : {}) },
        ctx.now().getTime(),
      );
    },
  };
}

/** "Could not be delivered": who could not be reached (named from the roster now) and about what. */
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
