/**
 * Who may do what with the yearly duties (the feature's policy rules, on the policy engine's
 * Decision). Decided from the stored roster only, never from card data. Pure.
 *
 * - The rounds, the compiled input, its exports, recording KOM's publication and the MH-code deletion
 *   task: the UDI coordinator, and AUA's deputy, who stands in for them (the memo gives these duties
 *   to AUA's coordinator; a deputy exists to stand in, and the report cannot wait for a holiday).
 * - A department's input: its coordinator or deputy. The UDI coordinator reads every input (read-only).
 */
import { ALLOW, type Decision, deny } from '../../domain/policy.js';
import {
  isCoordinatorOf,
  isDeputyOf,
  isNetworkMember,
  isUdiStandIn,
  type Person,
} from '../../domain/roster.js';
import type { KomDepartment } from './kom-rounds.js';

export type DutiesPolicyAction =
  /** Open, read, close and export rounds; record publication; the deletion task. */
  | { kind: 'duties.manage' }
  /** Submit (or change) a department's input. */
  | { kind: 'duties.submit'; department: KomDepartment }
  /** Read a department's input. */
  | { kind: 'duties.readInput'; department: KomDepartment };

/** A department's coordinator or deputy. */
export const leadsDepartment = (person: Person | undefined, department: KomDepartment): boolean =>
  isCoordinatorOf(person, department) || isDeputyOf(person, department);

export function authorizeDuties(actor: Person | undefined, action: DutiesPolicyAction): Decision {
  const refused = deny(isNetworkMember(actor) ? 'not-authorized' : 'not-member');
  switch (action.kind) {
    case 'duties.manage':
      return isUdiStandIn(actor) ? ALLOW : refused;
    case 'duties.submit':
      return leadsDepartment(actor, action.department) ? ALLOW : refused;
    case 'duties.readInput':
      return leadsDepartment(actor, action.department) || isUdiStandIn(actor) ? ALLOW : refused;
  }
}

/**
 * Who is asked for a department's input: its coordinators, or its deputies when it has none.
 */
export function departmentLeads(people: readonly Person[], department: KomDepartment): Person[] {
  const coordinators = people.filter((p) => isCoordinatorOf(p, department));
  return coordinators.length > 0 ? coordinators : people.filter((p) => isDeputyOf(p, department));
}

/** Who gets the UDI coordinator's cards: AUA's coordinators, or AUA's deputies when there is none. */
export function udiLeads(people: readonly Person[]): Person[] {
  const coordinators = people.filter((p) => isCoordinatorOf(p, 'AUA'));
  return coordinators.length > 0 ? coordinators : people.filter((p) => isDeputyOf(p, 'AUA'));
}
