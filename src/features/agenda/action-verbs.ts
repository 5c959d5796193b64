/**
 * Follow-up actions on cards: the owner's reminder, the UDI coordinator's overdue notice, and
 * closing one (the submitter of the item it came from is told).
 *
 * - `agenda.showAction` (read; actionId): the action's card, for its owner, a curator of its item's
 *   department, or the submitter of that item.
 * - `agenda.closeAction` (act; actionId): "Merk som gjort", by its owner or a curator; the answer is
 *   the card again, saying it was marked done.
 * - The card the outbox sends about an action (view `agenda-action`), rendered for a person from the
 *   action as it is then, with the banner the notification names.
 */

import { loadActor } from '../../app/actor.js';
import type { AppContext } from '../../app/context.js';
import { type ActionRequest, act, read, textOf, type VerbSpec } from '../../app/feature.js';
import type { ItemViews } from '../../app/live-cards.js';
import type { Turn } from '../../app/turn.js';
import { pickLocale } from '../../cards/i18n.js';
import type { AdaptiveCardJson } from '../../cards/render.js';
import { isNetworkMember } from '../../domain/roster.js';
import { osloDate } from '../../domain/working-days.js';
import { noticeCard } from '../../views/cards.js';
import { refuse } from '../../views/refusal.js';
import { type ActionBanner, actionBannerOf, actionCard, actionModel, maySeeAction } from './action-views.js';
import { closeFollowUp } from './agenda.js';
import type { FollowUpAction } from './agenda-actions.js';
import { ACTION_VIEW } from './agenda-jobs.js';
import { agendaIn } from './agenda-store.js';

/**
 * The card of the action named by the card's data, for the caller, if they may see it: a stale
 * notice when the id names no action, a refusal when it is not theirs to see.
 */
async function actionCardFor(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
  banner?: ActionBanner,
): Promise<AdaptiveCardJson> {
  // The card names people and an item: it is shown in a personal chat only.
  if (request.scope !== 'personal') return noticeCard(request.locale, 'personalOnly');
  const agenda = agendaIn(turn.uow);
  const id = textOf(request.data.actionId);
  const action = id ? await agenda.getAction(id) : undefined;
  if (!action) return noticeCard(request.locale, 'stale');
  const actor = await loadActor(app, turn.uow, request.caller);
  if (!maySeeAction(actor, action, await agenda.getItem(action.fromItem)))
    return refuse(app, turn, request, isNetworkMember(actor) ? 'not-authorized' : 'not-member');
  return cardOf(app, turn, request, action, banner);
}

async function cardOf(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
  action: FollowUpAction,
  banner?: ActionBanner,
): Promise<AdaptiveCardJson> {
  const model = await actionModel(app, turn.uow, action, request.caller.aadObjectId);
  return actionCard(request.locale, model, { ...(banner ? { banner } : {}), today: osloDate(app.now()) });
}

export const actionVerbs: Readonly<Record<string, VerbSpec>> = {
  'agenda.showAction': read((app, turn, request) => actionCardFor(app, turn, request)),

  'agenda.closeAction': act(['actionId'], async (app, turn, request) => {
    if (request.scope !== 'personal') return noticeCard(request.locale, 'personalOnly');
    // A Teams retry: the card as it is now (it says who marked it done).
    if (turn.duplicate) return actionCardFor(app, turn, request);
    const closed = await closeFollowUp(
      app,
      turn.uow,
      request.caller,
      request.data.actionId,
      request.clickedCard,
    );
    if (closed.ok) return cardOf(app, turn, request, closed.value, 'closed');
    if ('refusal' in closed) return refuse(app, turn, request, closed.refusal);
    // Done already (by someone else, or an earlier click): the card as it is now.
    if ('problem' in closed) return actionCardFor(app, turn, request);
    return noticeCard(request.locale, 'stale');
  }),
};

export const actionItemViews = (app: AppContext): ItemViews[] => [
  {
    kind: 'agenda-action',
    async render(uow, item, to, { view, banner, superseded }, locale) {
      if (view !== ACTION_VIEW || to.kind !== 'person') return undefined;
      const action = item as FollowUpAction;
      const model = await actionModel(app, uow, action, to.aadObjectId);
      const why = actionBannerOf(banner);
      return actionCard(pickLocale(locale), model, {
        ...(why ? { banner: why } : {}),
        ...(superseded ? { superseded: true } : {}),
        today: osloDate(app.now()),
      });
    },
  },
];
