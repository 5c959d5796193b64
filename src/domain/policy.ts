import { isAdmin, isAnyCoordinator, isNetworkMember, isUdiCoordinator, type Person } from './roster.js';
import type { TrackedItem } from './tracked-item.js';

export type PolicyAction =
  | { kind: 'help.view' }
  | { kind: 'members.view' }
  | { kind: 'channel.setNetwork' }
  | { kind: 'units.edit' }
  /** Erasing what a person wrote (issue 14): administrators only. */
  | { kind: 'privacy.erase' }
  | { kind: 'roster.setAway' }
  | { kind: 'delivery.view' }
  | { kind: 'delivery.retry' }
  /**
   * Showing the caller their own card about an item again (a button on it opened a flow in a new
   * message): only someone the item has a card of that view for. `caller` is the AAD object id
   * from the activity (the person may not be in the roster).
   */
  | { kind: 'item.showOwnCard'; item: TrackedItem; view: string; caller: string };

export type PolicyActionKind = PolicyAction['kind'];

export type Refusal =
  | 'not-member'
  | 'not-authorized'
  | 'own-request'
  | 'not-assignee'
  | 'not-asker'
  /** The asker of a guidance question trying to handle it from the assignee's side. */
  | 'own-question'
  /** The person named on the card cannot receive the request (unknown, not a member, away...). */
  | 'ineligible-assignee';

export type Decision = { allowed: true } | { allowed: false; reason: Refusal };

export const ALLOW: Decision = { allowed: true };
export const deny = (reason: Refusal): Decision => ({ allowed: false, reason });

/**
 * Decides whether `actor` (undefined when the person is not in the roster) may perform `action`.
 * Admins listed in configuration must already be merged into `actor` by the caller.
 */
export function authorize(actor: Person | undefined, action: PolicyAction): Decision {
  switch (action.kind) {
    case 'help.view':
      // Anyone in the tenant may see what the bot offers them (the card adapts to their roles).
      return ALLOW;
    case 'members.view':
      return isNetworkMember(actor) || isAdmin(actor) ? ALLOW : deny('not-member');
    case 'channel.setNetwork':
      if (isAdmin(actor) || isAnyCoordinator(actor)) return ALLOW;
      return deny(isNetworkMember(actor) ? 'not-authorized' : 'not-member');
    case 'privacy.erase':
      if (isAdmin(actor)) return ALLOW;
      return deny(isNetworkMember(actor) ? 'not-authorized' : 'not-member');
    case 'units.edit':
      if (isAdmin(actor) || isUdiCoordinator(actor)) return ALLOW;
      return deny(isNetworkMember(actor) ? 'not-authorized' : 'not-member');
    case 'roster.setAway':
      // Members mark themselves away, so routing passes them over.
      return isNetworkMember(actor) ? ALLOW : deny('not-member');
    case 'item.showOwnCard':
      return action.item.parties.some(
        (p) =>
          p.to.kind === 'person' &&
          p.to.aadObjectId === action.caller &&
          p.cards.some((c) => c.view === action.view),
      )
        ? ALLOW
        : deny('not-authorized');
    case 'delivery.view':
    case 'delivery.retry':
      // Coordinators (deputies too) and admins watch that notifications reach people.
      if (isAdmin(actor) || isAnyCoordinator(actor)) return ALLOW;
      return deny(isNetworkMember(actor) ? 'not-authorized' : 'not-member');
  }
}
