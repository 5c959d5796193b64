/** A network role as cards show it: the role, and the name of its unit (contact persons) at hand. */
import type { NetworkRole, Unit } from '../domain/roster.js';

/** What a card needs to show a role without another look-up. */
export interface RoleView {
  role: NetworkRole;
  unitName?: { nb: string; en: string };
}

export function roleView(role: NetworkRole, units: readonly Unit[]): RoleView {
  if (role.kind !== 'contact') return { role };
  const unit = units.find((u) => u.id === role.unitId);
  return unit ? { role, unitName: { ...unit.name } } : { role };
}
