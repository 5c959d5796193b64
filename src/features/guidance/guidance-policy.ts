/**
 * Who may ask, handle, forward and follow guidance requests (the guidance feature's policy rules, on
 * the policy engine's Decision). Decided from the stored roster only. Pure.
 */
import { ALLOW, type Decision, deny } from '../../domain/policy.js';
import {
  type Department,
  isAdmin,
  isCoordinatorOf,
  isDeputyOf,
  isNetworkMember,
  isUdiStandIn,
  type Person,
  roleDepartment,
} from '../../domain/roster.js';
import type { GuidanceActionKind, GuidanceRequest } from './guidance-requests.js';

export type GuidancePolicyAction =
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

export function authorizeGuidance(actor: Person | undefined, action: GuidancePolicyAction): Decision {
  switch (action.kind) {
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
 * Whether `viewerId` (with `actor`, their roster entry, if any) may see a request in the bot: its
 * asker, a watcher, whoever may act on it (the assignee, the coordinators or deputies of the
 * assignee's departments, the UDI coordinator or AUA's deputy), and those who see every request
 * (administrators). `assignee` is the current assignee as found in the roster.
 */
export function seesGuidanceRequest(
  actor: Person | undefined,
  viewerId: string,
  request: GuidanceRequest,
  assignee: Person | undefined,
): boolean {
  return (
    request.asker === viewerId ||
    (request.watchers ?? []).includes(viewerId) ||
    authorizeGuidance(actor, { kind: 'guidance.act', request, assignee }).allowed ||
    authorizeGuidance(actor, { kind: 'guidance.viewAll' }).allowed
  );
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
