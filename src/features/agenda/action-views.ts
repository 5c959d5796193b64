/**
 * The follow-up action's card (cards/agenda-action.json): what is to be done, by whom and when, its
 * state, the agenda item it came from, and a banner saying why it came (given at a meeting, its due
 * date near, overdue, done). "Merk som gjort" is offered to its owner and to whoever curates the
 * item's department, while it is open and on a card no newer one replaced. Texts come from the
 * catalog (cards/i18n/<locale>/agenda.json, under `agenda.action`).
 */
import { loadActor, loadRoster } from '../../app/actor.js';
import type { AppContext } from '../../app/context.js';
import type { NoticeStyle } from '../../cards/card-data.js';
import { type Locale, t } from '../../cards/i18n.js';
import { type AdaptiveCardJson, renderCard } from '../../cards/render.js';
import type { Person } from '../../domain/roster.js';
import { type IsoDate, osloDate } from '../../domain/working-days.js';
import type { UnitOfWork } from '../../store/store.js';
import { dayText } from '../meetings/meeting-views.js';
import type { AgendaActionCardData } from './action-card-data.js';
import type { FollowUpAction } from './agenda-actions.js';
import type { AgendaItem } from './agenda-items.js';
import { authorizeAgenda } from './agenda-policy.js';
import { agendaIn } from './agenda-store.js';

/** Why a card about an action came (the outbox's banner codes), or what the reader's click did. */
export const ACTION_BANNERS = ['assigned', 'due-soon', 'overdue', 'done', 'closed'] as const;
export type ActionBanner = (typeof ACTION_BANNERS)[number];

/** The banner a code from the outbox stands for (undefined for none or an unknown one). */
export function actionBannerOf(code: string | undefined): ActionBanner | undefined {
  return (ACTION_BANNERS as readonly string[]).includes(code ?? '') ? (code as ActionBanner) : undefined;
}

/** Everything the card shows, as the store has it now. */
export interface ActionModel {
  action: FollowUpAction;
  /** The agenda item it came from (absent only if the store lost it). */
  item?: AgendaItem;
  /** Names from the roster, by AAD object id (the owner, who gave it, who closed it). */
  names: Readonly<Record<string, string>>;
  /** The reader may close it (its owner, or a curator of the item's department). */
  mayClose: boolean;
}

export interface ActionCardOptions {
  banner?: ActionBanner;
  /** A newer card about the action came to the reader: no buttons, a line saying so. */
  superseded?: boolean;
  /** Today in Oslo (is it overdue?). */
  today: IsoDate;
}

/** Who may see an action's card: its owner, a curator of its item's department, the item's submitter. */
export function maySeeAction(
  actor: Person | undefined,
  action: FollowUpAction,
  item: AgendaItem | undefined,
): boolean {
  if (!actor) return false;
  return (
    authorizeAgenda(actor, { kind: 'agenda.closeAction', owner: action.owner, item: action }).allowed ||
    item?.createdBy === actor.aadObjectId
  );
}

/** The action's card model for `reader` (an AAD object id), from the store. */
export async function actionModel(
  app: AppContext,
  uow: UnitOfWork,
  action: FollowUpAction,
  reader: string,
): Promise<ActionModel> {
  const item = await agendaIn(uow).getItem(action.fromItem);
  const roster = await loadRoster(app, uow);
  const closedBy = doneEntry(action)?.by;
  const names: Record<string, string> = {};
  for (const id of [action.owner, action.createdBy, closedBy])
    if (id) {
      const name = roster.nameOf(id);
      if (name) names[id] = name;
    }
  const actor = await loadActor(app, uow, { aadObjectId: reader, displayName: '' });
  const mayClose = authorizeAgenda(actor, {
    kind: 'agenda.closeAction',
    owner: action.owner,
    item: action,
  }).allowed;
  return { action, ...(item ? { item } : {}), names, mayClose };
}

/** The history entry that closed the action, if it is done. */
function doneEntry(action: FollowUpAction) {
  return action.state === 'done' ? action.history.findLast((e) => e.action === 'done') : undefined;
}

function bannerFor(
  locale: Locale,
  model: ActionModel,
  banner: ActionBanner | undefined,
): { text: string; style: NoticeStyle } | undefined {
  const { action, names } = model;
  const open = action.state === 'open';
  switch (banner) {
    case 'assigned': {
      const by = names[action.createdBy];
      return {
        text: by
          ? t(locale, 'agenda.action.banners.assigned', { name: by })
          : t(locale, 'agenda.action.banners.assignedNoName'),
        style: 'default',
      };
    }
    // A reminder about an action done in the meantime has nothing to remind of.
    case 'due-soon':
      return open
        ? {
            text: t(locale, 'agenda.action.banners.due-soon', { date: dayText(locale, action.due) }),
            style: 'warning',
          }
        : undefined;
    case 'overdue':
      return open
        ? {
            text: t(locale, 'agenda.action.banners.overdue', {
              date: dayText(locale, action.due),
              name: nameOf(locale, names, action.owner),
            }),
            style: 'attention',
          }
        : undefined;
    case 'done':
      return { text: t(locale, 'agenda.action.banners.done'), style: 'good' };
    case 'closed':
      return { text: t(locale, 'agenda.action.banners.closed'), style: 'good' };
    case undefined:
      return undefined;
  }
}

const nameOf = (locale: Locale, names: Readonly<Record<string, string>>, id: string): string =>
  names[id] ?? t(locale, 'agenda.action.someone');

export function actionCard(locale: Locale, model: ActionModel, options: ActionCardOptions): AdaptiveCardJson {
  const { action, item, names } = model;
  const done = doneEntry(action);
  const overdue = action.state === 'open' && options.today > action.due;
  const banner = options.superseded ? undefined : bannerFor(locale, model, options.banner);
  const data: AgendaActionCardData = {
    actionId: action.id,
    reference: action.reference,
    what: action.what,
    owner: nameOf(locale, names, action.owner),
    due: dayText(locale, action.due),
    state: done
      ? t(locale, 'agenda.action.states.done', {
          date: dayText(locale, osloDate(done.at)),
          name: nameOf(locale, names, done.by),
        })
      : t(locale, overdue ? 'agenda.action.states.overdue' : 'agenda.action.states.open'),
    ...(done ? { done: true } : {}),
    ...(overdue ? { overdue: true } : {}),
    ...(item ? { item: { reference: item.reference, title: item.title } } : {}),
    ...(banner ? { banner } : {}),
    ...(options.superseded ? { superseded: true } : {}),
    ...(model.mayClose && action.state === 'open' && !options.superseded ? { canClose: true } : {}),
  };
  return renderCard('agenda-action', data, locale);
}
