/**
 * Who is who in UDI's network against human trafficking (IM 2018-002).
 * Pure types and rules: no I/O, no clock, no Bot Framework.
 */

export const DEPARTMENTS = ['AUA', 'OPA', 'ASA', 'RMA'] as const;
export type Department = (typeof DEPARTMENTS)[number];

/** Departments that have contact persons (AUA has only the UDI coordinator). */
export const CONTACT_DEPARTMENTS = ['OPA', 'ASA', 'RMA'] as const satisfies readonly Department[];

export function isDepartment(value: unknown): value is Department {
  return typeof value === 'string' && (DEPARTMENTS as readonly string[]).includes(value);
}

/** The kinds of unit a contact person can belong to. */
export const UNIT_KINDS = ['area', 'decisionUnit', 'regionalOffice', 'returnUnit'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** A unit (area, decision unit, regional office, return unit) inside a department. Editable data. */
export interface Unit {
  /** Stable id, kebab-case, never shown to users. */
  id: string;
  department: Department;
  kind: UnitKind;
  name: { nb: string; en: string };
  /** Retired units stay so that old memberships keep their meaning; they are not offered any more. */
  retired?: boolean;
}

/**
 * A role in the network. A person may hold several.
 * - coordinator with department AUA is "the UDI coordinator" who leads the network.
 * - deputy stands in for the coordinator of that department.
 * - contact is a contact person (kontaktperson) in a department and unit.
 * - admin administers the bot (roster, units, approvals); not a network role in the memo.
 */
export type Role =
  | { kind: 'coordinator'; department: Department }
  | { kind: 'deputy'; department: Department }
  | { kind: 'contact'; department: Department; unitId: string }
  | { kind: 'admin' };

export type RoleKind = Role['kind'];

/** The roster, indexed by AAD object id: people are looked up, never searched for. */
export interface Roster {
  readonly people: readonly Person[];
  get(aadObjectId: string): Person | undefined;
  /** A display name from the roster (people outside it have none stored). */
  nameOf(aadObjectId: string): string | undefined;
}

export function rosterOf(people: readonly Person[]): Roster {
  const byId = new Map(people.map((p) => [p.aadObjectId, p]));
  return {
    people,
    get: (aadObjectId) => byId.get(aadObjectId),
    nameOf: (aadObjectId) => byId.get(aadObjectId)?.displayName || undefined,
  };
}

/** A role in the network itself (every role but the configured administrator). */
export type NetworkRole = Exclude<Role, { kind: 'admin' }>;

/** A member of the network, identified by Azure AD object id (compared as an opaque string). */
export interface Person {
  aadObjectId: string;
  displayName: string;
  roles: Role[];
  /** ISO timestamp when the person first got a role. */
  since: string;
  /** Set by the person when they are away (used for routing later). */
  away?: boolean;
}

export function isUdiCoordinator(person: Person | undefined): boolean {
  return !!person?.roles.some((r) => r.kind === 'coordinator' && r.department === 'AUA');
}

export function isAdmin(person: Person | undefined): boolean {
  return !!person?.roles.some((r) => r.kind === 'admin');
}

/** Coordinator (not deputy) of the given department. */
export function isCoordinatorOf(person: Person | undefined, department: Department): boolean {
  return !!person?.roles.some((r) => r.kind === 'coordinator' && r.department === department);
}

export function isDeputyOf(person: Person | undefined, department: Department): boolean {
  return !!person?.roles.some((r) => r.kind === 'deputy' && r.department === department);
}

/** The UDI coordinator or AUA's deputy (who stands in for them). */
export function isUdiStandIn(person: Person | undefined): boolean {
  return isUdiCoordinator(person) || isDeputyOf(person, 'AUA');
}

/** Holds any coordinator role (including the UDI coordinator) or deputy role. */
export function isAnyCoordinator(person: Person | undefined): boolean {
  return !!person?.roles.some((r) => r.kind === 'coordinator' || r.kind === 'deputy');
}

/** Has at least one network role (admins alone are not network members). */
export function isNetworkMember(person: Person | undefined): boolean {
  return !!person?.roles.some((r) => r.kind !== 'admin');
}

export function sameRole(a: Role, b: Role): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'admin') return true;
  if (a.kind === 'contact' && b.kind === 'contact')
    return a.department === b.department && a.unitId === b.unitId;
  return 'department' in b && a.department === b.department;
}

/** The department a role belongs to, if any. */
export function roleDepartment(role: Role): Department | undefined {
  return role.kind === 'admin' ? undefined : role.department;
}

/** Adds a role unless the person already holds it. Returns a new person. */
export function withRole(person: Person, role: Role): Person {
  if (person.roles.some((r) => sameRole(r, role))) return person;
  return { ...person, roles: [...person.roles, role] };
}

/** Units offered for a department (not retired), in list order. */
export function activeUnits(units: readonly Unit[], department: Department): Unit[] {
  return units.filter((u) => u.department === department && !u.retired);
}
