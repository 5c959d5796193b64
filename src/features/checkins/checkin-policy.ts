/**
 * Who may do what with the regional check-ins (the feature's policy rules, on the policy engine's
 * Decision). Decided from the stored roster only, never from card data. Pure.
 *
 * - A region's check-in is answered by a contact person of that region, and by nobody else: not a
 *   contact person of another region, not a deputy, not RMA's coordinator on their behalf.
 * - The digest of a cycle and the overview of the last cycles: RMA's coordinator or deputy, and the
 *   UDI coordinator (who keeps the overview of trends across the network).
 * - Sending a trend or principled question on to the network's agenda: RMA's coordinator or deputy.
 */
import { ALLOW, type Decision, deny } from '../../domain/policy.js';
import {
  isCoordinatorOf,
  isDeputyOf,
  isNetworkMember,
  isUdiCoordinator,
  type Person,
} from '../../domain/roster.js';
import { isContactOf } from './checkin-cycles.js';

export type CheckinPolicyAction =
  /** Answering a region's check-in (submit, "nothing new", change the answer). */
  | { kind: 'checkin.submit'; unitId: string }
  /** Reading a cycle's digest and the overview of the last cycles. */
  | { kind: 'checkin.digest' }
  /** Sending a trend or principled question from a check-in on to the agenda. */
  | { kind: 'checkin.toAgenda' };

/** RMA's coordinator or deputy. */
export const isRmaLead = (person: Person | undefined): boolean =>
  isCoordinatorOf(person, 'RMA') || isDeputyOf(person, 'RMA');

/**
 * Who is told as RMA's coordinator: the people with the coordinator role in RMA, or, when there is
 * none, RMA's deputies.
 */
export function rmaCoordinators(people: readonly Person[]): Person[] {
  const coordinators = people.filter((p) => isCoordinatorOf(p, 'RMA'));
  return coordinators.length > 0 ? coordinators : people.filter((p) => isDeputyOf(p, 'RMA'));
}

export function authorizeCheckins(actor: Person | undefined, action: CheckinPolicyAction): Decision {
  const refused = deny(isNetworkMember(actor) ? 'not-authorized' : 'not-member');
  switch (action.kind) {
    case 'checkin.submit':
      return isContactOf(actor, action.unitId) ? ALLOW : refused;
    case 'checkin.digest':
      return isRmaLead(actor) || isUdiCoordinator(actor) ? ALLOW : refused;
    case 'checkin.toAgenda':
      return isRmaLead(actor) ? ALLOW : refused;
  }
}
