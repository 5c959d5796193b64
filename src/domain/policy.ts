/**
 * The one policy module: "may this person do this (to this item)?" for every action in the bot.
 * Decided from the stored roster only (the actor is looked up by AAD object id on the server),
 * never from anything a card sends. Pure.
 */
import type { GuidanceActionKind, GuidanceRequest } from '../features/guidance/guidance-requests.js';
import type { JoinRequest } from '../features/join/join-requests.js';
import {
  type Department,
  isAdmin,
  isAnyCoordinator,
  isCoordinatorOf,
  isDeputyOf,
  isNetworkMember,
  isUdiCoordinator,
  isUdiStandIn,
  type Person,
  roleDepartment,
} from './roster.js';

export type PolicyAction =
  | { kind: 'help.view' }
  | { kind: 'join.request' }
  | { kind: 'join.decide'; request: JoinRequest }
  | { kind: 'members.view' }
  | { kind: 'channel.setNetwork' }
  | { kind: 'units.edit' }
  | { kind: 'roster.setAway' }
  | { kind: 'delivery.view' }
  | { kind: 'delivery.retry' }
  /**
   * Assignee-side actions on a guidance request (take, answer, ask for info, forward, escalate,
   * close). `assignee` is the current assignee as found in the roster by the caller (undefined
   * when they are no longer in it): their departments decide which coordinators may step in.
   * `step` narrows it to one action where that matters (escalating is for people below the UDI
   * coordinator only).
   */
  | {
      kind: 'guidance.act';
      request: GuidanceRequest;
      assignee: Person | undefined;
      step?: GuidanceActionKind;
    }
  /**
   * Whether a request may be given to `target` (forwarding): a network member who can hold a
   * request, not away, and not the asker or the current assignee. `target` is undefined when the id
   * from the card is not in the roster.
   */
  | { kind: 'guidance.assign'; request: GuidanceRequest; target: Person | undefined }
  /** Asker-side actions on a guidance request (provide info, mark helpful, follow up). */
  | { kind: 'guidance.respond'; request: GuidanceRequest }
  /** Asking a new guidance question. */
  | { kind: 'guidance.ask' }
  /** Seeing one's own queue of guidance requests. */
  | { kind: 'guidance.queue' }
  /** Seeing every guidance request, with counts per department. */
  | { kind: 'guidance.viewAll' };

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
    case 'roster.setAway':
      // Members mark themselves away, so routing passes them over.
      return isNetworkMember(actor) ? ALLOW : deny('not-member');
    case 'delivery.view':
    case 'delivery.retry':
      // Coordinators (deputies too) and admins watch that notifications reach people.
      if (isAdmin(actor) || isAnyCoordinator(actor)) return ALLOW;
      return deny(isNetworkMember(actor) ? 'not-authorized' : 'not-member');
    case 'join.decide':
      return mayDecideJoin(actor, action.request);
    case 'guidance.ask':
    case 'guidance.queue':
      // Every network role (coordinator, deputy, contact person) can ask and can be an assignee.
      return isNetworkMember(actor) || isAdmin(actor) ? ALLOW : deny('not-member');
    case 'guidance.viewAll':
      if (isAdmin(actor) || isUdiStandIn(actor)) return ALLOW;
      return deny(isNetworkMember(actor) ? 'not-authorized' : 'not-member');
    case 'guidance.act': {
      const decision = mayActOnGuidance(actor, action.request, action.assignee);
      if (!decision.allowed || action.step !== 'escalate') return decision;
      // Escalating goes to the UDI coordinator: not for them (or their deputy), nor when they hold it.
      if (isUdiStandIn(actor) || isUdiStandIn(action.assignee)) return deny('not-authorized');
      return ALLOW;
    }
    case 'guidance.assign':
      return mayReceiveGuidance(action.target, action.request);
    case 'guidance.respond':
      if (actor && actor.aadObjectId === action.request.asker) return ALLOW;
      return deny(isNetworkMember(actor) || isAdmin(actor) ? 'not-asker' : 'not-member');
  }
}

/**
 * The current assignee, a coordinator or deputy of a department the assignee holds a role in, or
 * the UDI coordinator (or their deputy). Administrators are not allowed as such.
 */
function mayActOnGuidance(
  actor: Person | undefined,
  request: GuidanceRequest,
  assignee: Person | undefined,
): Decision {
  if (!actor) return deny('not-member');
  if (actor.aadObjectId === request.assignee) return ALLOW;
  // The asker does not handle their own question (they answer from the asker's side).
  if (actor.aadObjectId === request.asker) return deny('own-question');
  if (isUdiStandIn(actor)) return ALLOW;
  const departments = new Set<Department>();
  if (assignee?.aadObjectId === request.assignee)
    for (const role of assignee.roles) {
      const department = roleDepartment(role);
      if (department) departments.add(department);
    }
  for (const department of departments)
    if (isCoordinatorOf(actor, department) || isDeputyOf(actor, department)) return ALLOW;
  return deny(isNetworkMember(actor) || isAdmin(actor) ? 'not-assignee' : 'not-member');
}

/** Who can be given a guidance request (see PolicyAction 'guidance.assign'). */
function mayReceiveGuidance(target: Person | undefined, request: GuidanceRequest): Decision {
  if (!target || !isNetworkMember(target) || target.away) return deny('ineligible-assignee');
  if (target.aadObjectId === request.assignee || target.aadObjectId === request.asker)
    return deny('ineligible-assignee');
  return ALLOW;
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
    (p) => isAnyCoordinator(p) && !isAdmin(p) && authorize(p, { kind: 'join.decide', request }).allowed,
  );
  const coordinatorsWithAdminRole = others.filter(
    (p) => isAdmin(p) && (isUdiCoordinator(p) || isCoordinatorOf(p, request.role.department)),
  );
  const chosen = [...coordinators, ...coordinatorsWithAdminRole];
  if (chosen.length > 0) return chosen;
  return others.filter((p) => isAdmin(p));
}
