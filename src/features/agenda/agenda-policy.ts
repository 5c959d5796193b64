/**
 * Who may do what with the network's agenda (the agenda feature's policy rules, on the policy
 * engine's Decision). Decided from the stored roster only, never from card data. Pure.
 *
 * - Every network member raises items (and edits their own while nobody has curated it).
 * - The UDI coordinator (or AUA's deputy) curates every item; a department's coordinator or deputy
 *   curates the items raised from their department. Contact persons curate nothing.
 * - The backlog shows each curator the items they curate.
 * - A follow-up action is closed by its owner or by whoever curates the item it came from.
 * - Every member searches the register of clarifications; the UDI coordinator reviews (approves),
 *   edits and withdraws.
 * - Whoever curates at least one department exports the record of a meeting or a year.
 */
import { ALLOW, type Decision, deny } from '../../domain/policy.js';
import {
  type Department,
  isCoordinatorOf,
  isDeputyOf,
  isNetworkMember,
  isUdiStandIn,
  type Person,
} from '../../domain/roster.js';
import type { AgendaItem } from './agenda-items.js';

export type AgendaPolicyAction =
  | { kind: 'agenda.submit' }
  | { kind: 'agenda.editOwn'; item: Pick<AgendaItem, 'createdBy' | 'state'> }
  | { kind: 'agenda.curate'; item: Pick<AgendaItem, 'department'> }
  | { kind: 'agenda.backlog' }
  | { kind: 'agenda.closeAction'; owner: string; item: Pick<AgendaItem, 'department'> }
  /** Searching the register of clarifications: every member (it holds no personal data). */
  | { kind: 'agenda.searchClarifications' }
  /** Approving, editing or withdrawing an entry of the register: the UDI coordinator (or AUA's deputy). */
  | { kind: 'agenda.manageClarifications' }
  /**
   * Exporting the record of a meeting or a year (Markdown, CSV): whoever curates at least one
   * department (asked again when a download link is followed).
   */
  | { kind: 'agenda.export' };

/** Curates the items of `department`: the UDI coordinator (or stand-in), or that department's coordinator or deputy. */
export function curates(person: Person | undefined, department: Department): boolean {
  return isUdiStandIn(person) || isCoordinatorOf(person, department) || isDeputyOf(person, department);
}

/** The departments whose items `person` curates (all four for the UDI coordinator). */
export function curatedDepartments(person: Person | undefined): Department[] {
  return (['AUA', 'OPA', 'ASA', 'RMA'] as const).filter((d) => curates(person, d));
}

export function authorizeAgenda(actor: Person | undefined, action: AgendaPolicyAction): Decision {
  const member = isNetworkMember(actor);
  const refused = deny(member ? 'not-authorized' : 'not-member');
  switch (action.kind) {
    case 'agenda.submit':
      return member ? ALLOW : deny('not-member');
    case 'agenda.editOwn':
      return actor &&
        member &&
        actor.aadObjectId === action.item.createdBy &&
        action.item.state === 'submitted'
        ? ALLOW
        : refused;
    case 'agenda.curate':
      return curates(actor, action.item.department) ? ALLOW : refused;
    case 'agenda.backlog':
    case 'agenda.export':
      return curatedDepartments(actor).length > 0 ? ALLOW : refused;
    case 'agenda.searchClarifications':
      return member ? ALLOW : deny('not-member');
    case 'agenda.manageClarifications':
      return isUdiStandIn(actor) ? ALLOW : refused;
    case 'agenda.closeAction':
      return actor && (actor.aadObjectId === action.owner || curates(actor, action.item.department))
        ? ALLOW
        : refused;
  }
}
