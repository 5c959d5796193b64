/**
 * The card the UDI coordinator (and AUA's deputy) gets about each new proposed entry of the register
 * (an answered principled guidance question, agenda-contribution.ts): the register's card with that
 * entry alone, marked for review, with "Godkjenn", "Endre" and "Trekk tilbake" (clarification-verbs.ts).
 * Rendered from the store when the outbox sends it, and only for someone who may still manage the
 * register: an entry approved in the meantime shows as active, a withdrawn one is not sent. When one
 * reviewer approves, edits or withdraws the entry, the other reviewers' cards are updated in place
 * (approved, the new text, or withdrawn without buttons).
 */
import { loadActor, loadRoster } from '../../app/actor.js';
import type { AppContext } from '../../app/context.js';
import type { ItemViews } from '../../app/live-cards.js';
import { pickLocale } from '../../cards/i18n.js';
import type { UnitOfWork } from '../../store/store.js';
import { topicsIn } from '../guidance/guidance-store.js';
import { authorizeAgenda } from './agenda-policy.js';
import { clarificationsCard } from './clarification-views.js';
import type { Clarification } from './clarifications.js';

/** The view of the card about a new proposed entry. */
export const PROPOSED_VIEW = 'clarification-proposed';

/** Whether the person may review the register (the UDI coordinator or AUA's deputy, as stored now). */
async function mayManage(app: AppContext, uow: UnitOfWork, aadObjectId: string): Promise<boolean> {
  const actor = await loadActor(app, uow, { aadObjectId, displayName: '' });
  return authorizeAgenda(actor, { kind: 'agenda.manageClarifications' }).allowed;
}

/** The people to tell about a new proposed entry: everyone who may review the register. */
export async function reviewersOf(app: AppContext, uow: UnitOfWork): Promise<string[]> {
  const roster = await loadRoster(app, uow);
  return roster.people
    .filter((person) => authorizeAgenda(person, { kind: 'agenda.manageClarifications' }).allowed)
    .map((person) => person.aadObjectId);
}

const proposedViews = (app: AppContext): ItemViews<Clarification> => ({
  kind: 'clarification',
  async render(uow, entry, to, notification, locale) {
    const { view } = notification;
    if (view !== PROPOSED_VIEW || to.kind !== 'person') return undefined;
    // A card about an entry withdrawn before it was sent is not sent at all.
    if (entry.state === 'withdrawn' && !notification.update) return undefined;
    if (!(await mayManage(app, uow, to.aadObjectId))) return undefined;
    const roster = await loadRoster(app, uow);
    return clarificationsCard(pickLocale(locale), {
      words: '',
      found: entry.state === 'active' ? [entry] : [],
      proposed: entry.state === 'proposed' ? [entry] : [],
      topics: await topicsIn(uow).list(),
      nameOf: (id) => roster.nameOf(id),
      canManage: true,
      // Another reviewer's card, updated: approved, withdrawn or still to review.
      banner: entry.state === 'proposed' ? 'proposed' : entry.state === 'active' ? 'approved' : 'withdrawn',
    });
  },
});

export const clarificationItemViews = (app: AppContext): ItemViews[] => [proposedViews(app) as ItemViews];
