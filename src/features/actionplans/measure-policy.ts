/**
 * Who may do what with the action plans' measures (the feature's policy rules, on the policy engine's
 * Decision). Decided from the stored roster only, never from card data. Pure.
 *
 * - Registering, editing and closing measures, the list of every measure and the status report
 *   export: the UDI coordinator, and AUA's deputy who stands in for them.
 * - Reporting a measure's status: its owner, while they are in the network (not the UDI coordinator
 *   on their behalf).
 * - Reading a measure's card: its owner and those who manage measures.
 * - Owning a measure: a member of its owning department (any role in it), or any coordinator or deputy.
 */
import { ALLOW, type Decision, deny } from '../../domain/policy.js';
import {
  type Department,
  isAnyCoordinator,
  isNetworkMember,
  isUdiStandIn,
  type Person,
} from '../../domain/roster.js';
import type { Measure } from './measures.js';

export type MeasurePolicyAction =
  | { kind: 'measure.manage' }
  | { kind: 'measure.report'; measure: Pick<Measure, 'owner'> }
  | { kind: 'measure.view'; measure: Pick<Measure, 'owner'> };

/** The UDI coordinator or AUA's deputy. */
export const managesMeasures = (person: Person | undefined): boolean => isUdiStandIn(person);

const isOwner = (person: Person | undefined, measure: Pick<Measure, 'owner'>): boolean =>
  !!person && person.aadObjectId === measure.owner && isNetworkMember(person);

export function authorizeMeasures(actor: Person | undefined, action: MeasurePolicyAction): Decision {
  const refused = deny(isNetworkMember(actor) ? 'not-authorized' : 'not-member');
  switch (action.kind) {
    case 'measure.manage':
      return managesMeasures(actor) ? ALLOW : refused;
    case 'measure.report':
      return isOwner(actor, action.measure) ? ALLOW : refused;
    case 'measure.view':
      return isOwner(actor, action.measure) || managesMeasures(actor) ? ALLOW : refused;
  }
}

/** Whether `person` may own a measure of `department`: a member of it, or a coordinator or deputy. */
export function mayOwn(person: Person | undefined, department: Department): boolean {
  if (!person || !isNetworkMember(person)) return false;
  return (
    isAnyCoordinator(person) || person.roles.some((r) => r.kind !== 'admin' && r.department === department)
  );
}

/** The people offered as owners (anyone who may own a measure of some department), in roster order. */
export function ownerChoices(people: readonly Person[]): Person[] {
  return people.filter((p) => isNetworkMember(p));
}

/**
 * Who is told as the UDI coordinator: AUA's coordinators who are not away, else AUA's deputies who
 * are not away, else AUA's coordinators (away or not).
 */
export function udiCoordinators(people: readonly Person[]): Person[] {
  const has = (p: Person, kind: 'coordinator' | 'deputy') =>
    p.roles.some((r) => r.kind === kind && r.department === 'AUA');
  const present = people.filter((p) => has(p, 'coordinator') && !p.away);
  if (present.length > 0) return present;
  const deputies = people.filter((p) => has(p, 'deputy') && !p.away);
  return deputies.length > 0 ? deputies : people.filter((p) => has(p, 'coordinator'));
}
