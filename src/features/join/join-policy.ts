/**
 * Who may ask to join the network and who decides a request (the join feature's policy rules, on
 * the policy engine's Decision). Decided from the stored roster only. Pure.
 */
import { ALLOW, type Decision, deny } from '../../domain/policy.js';
import {
  isAdmin,
  isAnyCoordinator,
  isCoordinatorOf,
  isNetworkMember,
  isUdiCoordinator,
  type Person,
} from '../../domain/roster.js';
import type { JoinRequest } from './join-requests.js';

export type JoinPolicyAction = { kind: 'join.request' } | { kind: 'join.decide'; request: JoinRequest };

export function authorizeJoin(actor: Person | undefined, action: JoinPolicyAction): Decision {
  switch (action.kind) {
    case 'join.request':
      // Anyone in the tenant may ask to join (the tenant is checked before any handler runs).
      return ALLOW;
    case 'join.decide':
      return mayDecideJoin(actor, action.request);
  }
}

function mayDecideJoin(actor: Person | undefined, request: JoinRequest): Decision {
  if (!actor) return deny('not-member');
  // Nobody decides their own request, administrators included (an empty network is bootstrapped
  // by the use case, which grants a configured administrator's request when nobody else can).
  if (actor.aadObjectId === request.applicant.aadObjectId) return deny('own-request');
  if (isAdmin(actor)) return ALLOW;
  if (isUdiCoordinator(actor)) return ALLOW;
  const department = request.role.department;
  if (department !== 'AUA' && isCoordinatorOf(actor, department)) return ALLOW;
  return deny(isNetworkMember(actor) ? 'not-authorized' : 'not-member');
}

/**
 * Who is asked to decide a join request: every coordinator the policy allows to decide it (the UDI
 * coordinator and the department's coordinator), never the applicant. When there is none yet
 * (a new network), the administrators other than the applicant are asked instead; the list is
 * empty when nobody but the applicant could decide.
 */
export function joinApprovers(request: JoinRequest, people: readonly Person[]): Person[] {
  const others = people.filter((p) => p.aadObjectId !== request.applicant.aadObjectId);
  const coordinators = others.filter(
    (p) => isAnyCoordinator(p) && !isAdmin(p) && authorizeJoin(p, { kind: 'join.decide', request }).allowed,
  );
  const coordinatorsWithAdminRole = others.filter(
    (p) => isAdmin(p) && (isUdiCoordinator(p) || isCoordinatorOf(p, request.role.department)),
  );
  const chosen = [...coordinators, ...coordinatorsWithAdminRole];
  if (chosen.length > 0) return chosen;
  return others.filter((p) => isAdmin(p));
}
