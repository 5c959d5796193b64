/**
 * The overview's rows, shared by the features' sources and the builder: a row from a tracked item
 * (since when it has waited, its deadline as an instant, overdue at the overview's moment, a title cut
 * to its first words), their order (overdue first, then by deadline, then the longest waiting) and
 * the counts per department. Pure: the moment comes in as an argument.
 */
import type { Department } from '../../domain/roster.js';
import type { TrackedItem } from '../../domain/tracked-item.js';
import { endOfOsloDay, type IsoDate } from '../../domain/working-days.js';
import {
  OVERVIEW_DEPARTMENTS,
  type OverviewDepartmentCount,
  type OverviewRow,
  type OverviewRowKind,
} from './overview-model.js';

/** The most rows a list (the queue, the network's rows) holds; the counts count them all. */
export const OVERVIEW_ROW_LIMIT = 200;

/** The longest title a row carries (characters, the ellipsis included). */
export const OVERVIEW_TITLE_CHARS = 80;

/** A deadline that is an Oslo calendar date, as the instant it passes (23:59:59.999 Oslo time). */
export function dayDeadline(date: IsoDate): string {
  return endOfOsloDay(date).toISOString();
}

/**
 * Since when the item has waited in its present state: the last entry of its history that moved it
 * into that state (an item only moves forward, so it is found from the end), or its creation.
 */
export function waitingSince(item: Pick<TrackedItem, 'state' | 'createdAt' | 'history'>): string {
  for (let i = item.history.length - 1; i >= 0; i--) {
    const entry = item.history[i];
    if (entry?.to !== undefined) return entry.to === item.state ? entry.at : item.createdAt;
  }
  return item.createdAt;
}

/** The first words of a text, on one line, at most OVERVIEW_TITLE_CHARS (cut at a word, with "…"). */
export function firstWords(text: string, limit = OVERVIEW_TITLE_CHARS): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= limit) return line;
  const cut = line.slice(0, limit - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > limit / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** What a source says about one row besides the item itself. */
export interface RowFields {
  kind: OverviewRowKind;
  /** The deadline as an instant (ISO), if it has one. */
  deadline?: string;
  urgent?: boolean;
  /** Only where the viewer may open the item in the bot. */
  title?: string;
  department?: Department;
  /** The state as the page names it (default: the item's own). */
  state?: string;
  /** Since when it has waited (default: waitingSince). */
  since?: string;
}

/** The row of an item at `now`. */
export function overviewRow(
  item: Pick<TrackedItem, 'id' | 'reference' | 'state' | 'createdAt' | 'history'>,
  fields: RowFields,
  now: Date,
): OverviewRow {
  const title = fields.title?.trim();
  return {
    id: item.id,
    kind: fields.kind,
    reference: item.reference,
    state: fields.state ?? item.state,
    ...(title ? { title } : {}),
    ...(fields.department ? { department: fields.department } : {}),
    waitingSince: fields.since ?? waitingSince(item),
    ...(fields.deadline !== undefined ? { deadline: fields.deadline } : {}),
    urgent: fields.urgent ?? false,
    overdue: fields.deadline !== undefined && Date.parse(fields.deadline) < now.getTime(),
  };
}

/** Overdue first, then the nearest deadline (rows without one after), then the longest waiting. */
export function compareRows(a: OverviewRow, b: OverviewRow): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  const da = a.deadline === undefined ? Number.POSITIVE_INFINITY : Date.parse(a.deadline);
  const db = b.deadline === undefined ? Number.POSITIVE_INFINITY : Date.parse(b.deadline);
  if (da !== db) return da < db ? -1 : 1;
  const wa = Date.parse(a.waitingSince);
  const wb = Date.parse(b.waitingSince);
  if (wa !== wb) return wa < wb ? -1 : 1;
  return a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.reference < b.reference ? -1 : 1;
}

/** The rows once each (the first of a kind and id kept), in order, at most `limit`. */
export function orderRows(rows: readonly OverviewRow[], limit = OVERVIEW_ROW_LIMIT): OverviewRow[] {
  const seen = new Set<string>();
  const unique = rows.filter((row) => {
    const key = `${row.kind}\u0000${row.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort(compareRows).slice(0, limit);
}

/** Open and overdue rows per department, every department listed (in the memo's order). */
export function departmentCounts(rows: readonly OverviewRow[]): OverviewDepartmentCount[] {
  return OVERVIEW_DEPARTMENTS.map((department) => {
    const of = rows.filter((row) => row.department === department);
    return { department, open: of.length, overdue: of.filter((row) => row.overdue).length };
  });
}
