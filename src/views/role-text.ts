import type { RoleView } from '../app/role-view.js';
import { type Locale, t } from '../cards/i18n.js';
import type { Department, Person, Role, Unit } from '../domain/roster.js';

/** "Kontaktperson · OPA · Område for familieinnvandring" in the reader's language. */
export function roleText(locale: Locale, view: RoleView): string {
  const { role } = view;
  if (role.kind === 'contact') {
    const unit = view.unitName ? ` · ${view.unitName[locale]}` : '';
    return `${t(locale, 'role.contact')} · ${t(locale, `department.short.${role.department}`)}${unit}`;
  }
  if (role.kind === 'coordinator' && role.department === 'AUA') return t(locale, 'role.udiCoordinator');
  return `${t(locale, `role.${role.kind}`)} · ${t(locale, `department.short.${role.department}`)}`;
}

export function departmentName(locale: Locale, department: Department): string {
  return t(locale, `department.${department}`);
}

/** The roles a person holds, in words, for lists. */
export function rolesText(locale: Locale, person: Person, units: readonly Unit[]): string {
  return person.roles
    .filter((r): r is Exclude<Role, { kind: 'admin' }> => r.kind !== 'admin')
    .map((role) => {
      if (role.kind !== 'contact') return roleText(locale, { role });
      const unit = units.find((u) => u.id === role.unitId);
      return roleText(locale, unit ? { role, unitName: unit.name } : { role });
    })
    .join(', ');
}
