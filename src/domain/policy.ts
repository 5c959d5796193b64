/**
 * The one policy module: "may this person do this (to this item)?" for every action in the bot.
 * Decided from the stored roster only (the actor is looked up by AAD object id on the server),
 * never from anything a card sends. Pure.
 */
import type { JoinRequest } from './join-requests.js';
import {
  isAdmin,
  isAnyCoordinator,
  isCoordinatorOf,
  isNetworkMember,
  isUdiCoordinator,
  type Person,
} from './roster.js';

export type PolicyAction =
  | { kind: 'help.view' }
  | { kind: 'join.request' }
  | { kind: 'join.decide'; request: JoinRequest }
  | { kind: 'members.view' }
  | { kind: 'channel.setNetwork' }
  | { kind: 'units.edit' }
  | { kind: 'delivery.view' }
  | { kind: 'delivery.retry' };

export type PolicyActionKind = PolicyAction['kind'];

export type Refusal = 'not-member' | 'not-authorized' | 'own-request';

export type Decision = { allowed: true } | { allowed: false; reason: Refusal };

const ALLOW: Decision = { allowed: true };
const deny = (reason: Refusal): Decision => ({ allowed: false, reason });

/**
 * Decides whether `actor` (undefined when the person is not in the roster) may perform `action`.
 * Admins listed in configuration must already be merged into `actor` by the caller.
 */
export function authorize(actor: Person | undefined, action: PolicyAction): Decision {
  switch (action.kind) {
    case 'help.view':
      // Anyone in the tenant may see what the bot offers them (the card adapts to their roles).
      return ALLOW;
    case 'join.request':
      // Anyone in the tenant may ask to join (the tenant is checked before any handler runs).
      return ALLOW;
    case 'members.view':
      return isNetworkMember(actor) || isAdmin(actor) ? ALLOW : deny('not-member');
    case 'channel.setNetwork':
      if (isAdmin(actor) || isAnyCoordinator(actor)) return ALLOW;
      return deny(isNetworkMember(actor) ? 'not-authorized' : 'not-member');
    case 'units.edit':
      if (isAdmin(actor) || isUdiCoordinator(actor)) return ALLOW;
      return deny(isNetworkMember(actor) ? 'not-authorized' : 'not-member');
    case 'delivery.view':
    case 'delivery.retry':
      // Coordinators (deputies too) and admins watch that notifications reach people.
      if (isAdmin(actor) || isAnyCoordinator(actor)) return ALLOW;
      return deny(isNetworkMember(actor) ? 'not-authorized' : 'not-member');
    case 'join.decide':
      return mayDecideJoin(actor, action.request);
  }
}

function mayDecideJoin(actor: Person | undefined, request: JoinRequest): Decision {
  if (!actor) return deny('not-member');
  // Administrators are trusted by configuration and may bootstrap themselves.
  if (isAdmin(actor)) return ALLOW;
  if (actor.aadObjectId === request.applicant.aadObjectId) return deny('own-request');
  if (isUdiCoordinator(actor)) return ALLOW;
  const department = request.role.department;
  if (department !== 'AUA' && isCoordinatorOf(actor, department)) return ALLOW;
  return deny(isNetworkMember(actor) ? 'not-authorized' : 'not-member');
}

/**
 * Who is asked to decide a join request: every coordinator the policy allows to decide it (the UDI
 * coordinator and the department's coordinator), except the applicant. When there is none yet
 * (a new network), the administrators are asked instead.
 */
export function joinApprovers(request: JoinRequest, people: readonly Person[]): Person[] {
  const others = people.filter((p) => p.aadObjectId !== request.applicant.aadObjectId);
  const coordinators = others.filter(
    (p) => isAnyCoordinator(p) && !isAdmin(p) && authorize(p, { kind: 'join.decide', request }).allowed,
  );
  const coordinatorsWithAdminRole = others.filter(
    (p) => isAdmin(p) && (isUdiCoordinator(p) || isCoordinatorOf(p, request.role.department)),
  );
  const chosen = [...coordinators, ...coordinatorsWithAdminRole];
  if (chosen.length > 0) return chosen;
  return people.filter((p) => isAdmin(p));
}
