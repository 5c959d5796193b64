/** Administrators edit the unit lists (areas, decision units, regional offices) in Teams. */
import { authorize, type Refusal } from '../domain/policy.js';
import type { Unit } from '../domain/roster.js';
import {
  applyUnitTexts,
  type EditableDepartment,
  type UnitListError,
  unitsToText,
} from '../domain/unit-list.js';
import type { UnitOfWork } from '../store/store.js';
import { loadActor } from './actor.js';
import type { AppContext, Caller } from './context.js';

export type UnitTexts = Record<EditableDepartment, string>;

export async function editUnits(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
): Promise<{ ok: true; texts: UnitTexts } | { ok: false; error: Refusal }> {
  const decision = authorize(await loadActor(ctx, uow, caller), { kind: 'units.edit' });
  if (!decision.allowed) return { ok: false, error: decision.reason };
  return { ok: true, texts: textsOf(await uow.units.list()) };
}

/** A problem shown next to one department's list: a line that cannot be saved, or refused text. */
export type UnitsProblem = UnitListError | { code: 'privacy'; department: EditableDepartment };

export type SaveUnitsResult =
  | { ok: true; units: Unit[] }
  | { ok: false; error: Refusal }
  | { ok: false; error: 'invalid'; problems: UnitsProblem[]; texts: UnitTexts };

/**
 * Saves the edited lists. `refused` names the departments whose text the privacy guard refused
 * (their text is not in `texts`): nothing is saved, and those lists are shown as they are stored,
 * never with the refused text.
 */
export async function saveUnits(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  texts: Partial<UnitTexts>,
  refused: readonly EditableDepartment[] = [],
): Promise<SaveUnitsResult> {
  const decision = authorize(await loadActor(ctx, uow, caller), { kind: 'units.edit' });
  if (!decision.allowed) return { ok: false, error: decision.reason };
  const current = await uow.units.list();
  const shown = { ...textsOf(current), ...texts };
  if (refused.length > 0) {
    for (const department of refused) shown[department] = textsOf(current)[department];
    return {
      ok: false,
      error: 'invalid',
      problems: refused.map((department) => ({ code: 'privacy', department })),
      texts: shown,
    };
  }
  const applied = applyUnitTexts(current, texts);
  if (!applied.ok) return { ok: false, error: 'invalid', problems: [applied.error], texts: shown };
  await uow.units.replaceAll(applied.value);
  return { ok: true, units: applied.value };
}

function textsOf(units: readonly Unit[]): UnitTexts {
  return { OPA: unitsToText(units, 'OPA'), ASA: unitsToText(units, 'ASA'), RMA: unitsToText(units, 'RMA') };
}
