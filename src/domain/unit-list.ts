/**
 * Editing the unit lists as text: one unit per line, "Norsk navn | English name". Pure.
 * Units keep their ids when their name is kept; a removed line retires the unit (people who belong
 * to it keep it); a new line adds a unit.
 */
import type { Result } from './result.js';
import { activeUnits, CONTACT_DEPARTMENTS, type Unit, type UnitKind } from './roster.js';

/** The departments whose units are edited: those with contact persons (one list, roster.ts). */
export const EDITABLE_DEPARTMENTS = CONTACT_DEPARTMENTS;
export type EditableDepartment = (typeof EDITABLE_DEPARTMENTS)[number];

export const MAX_UNIT_NAME_LENGTH = 120;

export type UnitListError =
  | { code: 'empty'; department: EditableDepartment }
  | { code: 'too-long'; department: EditableDepartment; line: number }
  | { code: 'duplicate'; department: EditableDepartment; line: number };

const NEW_UNIT_KIND: Record<EditableDepartment, UnitKind> = {
  OPA: 'area',
  ASA: 'decisionUnit',
  RMA: 'regionalOffice',
};

/** The text shown in the editor for one department. */
export function unitsToText(units: readonly Unit[], department: EditableDepartment): string {
  return activeUnits(units, department)
    .map((u) => (u.name.en && u.name.en !== u.name.nb ? `${u.name.nb} | ${u.name.en}` : u.name.nb))
    .join('\n');
}

/**
 * Applies the edited text of every department to the unit list. Departments missing from `texts`
 * are left as they are.
 */
export function applyUnitTexts(
  units: readonly Unit[],
  texts: Partial<Record<EditableDepartment, string>>,
): Result<Unit[], UnitListError> {
  let next = units.map((u) => ({ ...u, name: { ...u.name } }));
  for (const department of EDITABLE_DEPARTMENTS) {
    const text = texts[department];
    if (text === undefined) continue;
    const parsed = parseLines(text, department);
    if (!parsed.ok) return parsed;
    next = mergeDepartment(next, department, parsed.value);
  }
  return { ok: true, value: next };
}

function parseLines(
  text: string,
  department: EditableDepartment,
): Result<{ nb: string; en: string }[], UnitListError> {
  const names: { nb: string; en: string }[] = [];
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const [nbPart, ...rest] = line.split('|');
    const nb = (nbPart ?? '').trim().replace(/\s+/g, ' ');
    const en = rest.join('|').trim().replace(/\s+/g, ' ') || nb;
    if (nb === '') continue;
    if (nb.length > MAX_UNIT_NAME_LENGTH || en.length > MAX_UNIT_NAME_LENGTH) {
      return { ok: false, error: { code: 'too-long', department, line: index + 1 } };
    }
    const key = nb.toLocaleLowerCase('nb');
    if (seen.has(key)) return { ok: false, error: { code: 'duplicate', department, line: index + 1 } };
    seen.add(key);
    names.push({ nb, en });
  }
  if (names.length === 0) return { ok: false, error: { code: 'empty', department } };
  return { ok: true, value: names };
}

function mergeDepartment(
  units: Unit[],
  department: EditableDepartment,
  names: { nb: string; en: string }[],
): Unit[] {
  const others = units.filter((u) => u.department !== department);
  const mine = units.filter((u) => u.department === department);
  const used = new Set<string>();
  const result: Unit[] = [];
  for (const name of names) {
    const match = mine.find(
      (u) =>
        !used.has(u.id) &&
        (u.name.nb.toLocaleLowerCase('nb') === name.nb.toLocaleLowerCase('nb') ||
          u.name.en.toLocaleLowerCase('en') === name.en.toLocaleLowerCase('en')),
    );
    if (match) {
      used.add(match.id);
      result.push({ id: match.id, department, kind: match.kind, name });
    } else {
      const id = uniqueId(`${department.toLowerCase()}-${slug(name.nb)}`, [...units, ...result]);
      used.add(id);
      result.push({ id, department, kind: NEW_UNIT_KIND[department], name });
    }
  }
  const retired = mine.filter((u) => !used.has(u.id)).map((u) => ({ ...u, retired: true }));
  return [...others, ...result, ...retired];
}

function slug(text: string): string {
  const ascii = text
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/å/g, 'a')
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return ascii.slice(0, 40) || 'unit';
}

function uniqueId(base: string, units: readonly Unit[]): string {
  const ids = new Set(units.map((u) => u.id));
  if (!ids.has(base)) return base;
  for (let n = 2; ; n++) if (!ids.has(`${base}-${n}`)) return `${base}-${n}`;
}
