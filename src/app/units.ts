/** Administrators edit the unit lists (areas, decision units, regional offices) in Teams. */
import { authorize, type Refusal } from '../domain/policy.js';
import { sensitiveFields } from '../domain/privacy-guard.js';
import type { Unit } from '../domain/roster.js';
import {
  applyUnitTexts,
  EDITABLE_DEPARTMENTS,
  type EditableDepartment,
  type UnitListError,
  unitsToText,
} from '../domain/unit-list.js';
import { loadActor } from './actor.js';
import type { AppContext, Caller } from './context.js';

export type UnitTexts = Record<EditableDepartment, string>;

export async function editUnits(
  ctx: AppContext,
  caller: Caller,
): Promise<{ ok: true; texts: UnitTexts } | { ok: false; error: Refusal }> {
  return ctx.store.read(async (uow) => {
    const decision = authorize(await loadActor(ctx, uow, caller), { kind: 'units.edit' });
    if (!decision.allowed) return { ok: false, error: decision.reason };
    return { ok: true, texts: textsOf(await uow.units.list()) };
  });
}

export type SaveUnitsResult =
  | { ok: true; units: Unit[] }
  | { ok: false; error: Refusal }
  | { ok: false; error: 'privacy' }
  | { ok: false; error: 'invalid'; problem: UnitListError; texts: UnitTexts };

/** Saves the edited lists. Free text: anything that looks like an identity or DUF number is refused unsaved. */
export async function saveUnits(
  ctx: AppContext,
  caller: Caller,
  input: Record<string, unknown>,
): Promise<SaveUnitsResult> {
  const texts: Partial<UnitTexts> = {};
  for (const department of EDITABLE_DEPARTMENTS) {
    const value = input[`units-${department}`];
    if (typeof value === 'string') texts[department] = value;
  }
  if (sensitiveFields(texts).length > 0) return { ok: false, error: 'privacy' };
  return ctx.store.run(async (uow): Promise<SaveUnitsResult> => {
    const decision = authorize(await loadActor(ctx, uow, caller), { kind: 'units.edit' });
    if (!decision.allowed) return { ok: false, error: decision.reason };
    const current = await uow.units.list();
    const applied = applyUnitTexts(current, texts);
    if (!applied.ok)
      return {
        ok: false,
        error: 'invalid',
        problem: applied.error,
        texts: { ...textsOf(current), ...texts },
      };
    await uow.units.replaceAll(applied.value);
    return { ok: true, units: applied.value };
  });
}

function textsOf(units: readonly Unit[]): UnitTexts {
  return { OPA: unitsToText(units, 'OPA'), ASA: unitsToText(units, 'ASA'), RMA: unitsToText(units, 'RMA') };
}
