/**
 * A measure (tiltak) from a national action plan, as a tracked item (kind `measure`): IM 2018-002
 * gives the UDI coordinator the co-ordination of UDI's follow-up of the measures in the national
 * action plans, and the reporting on it. Each measure has a title, the plan it is from, an owning
 * department, an owner (a network member), a due date (an Oslo date) and a status the owner reports
 * (not started, in progress, delayed, done), each time with a text; the reports are kept as its
 * history of status reports. The UDI coordinator (or AUA's deputy) registers, edits and closes it.
 *
 * Its life: `active` until closed (`closed`). While active and not reported done, its owner is asked
 * for a status at the start of each reporting period (status-periods below), reminded before the due
 * date, and the UDI coordinator is told once when the due date has passed (the deadline ladder).
 *
 * The texts are free text people typed: every one goes through the privacy guard (no identity or DUF
 * numbers), and none is written into the history. Pure: time comes in as arguments.
 */

import { deadlineLadder, dueLadderSteps } from '../../domain/deadline-ladder.js';
import { containsSensitiveIdentifier } from '../../domain/privacy-guard.js';
import { osloDateTime } from '../../domain/recurrence.js';
import { type Department, isDepartment } from '../../domain/roster.js';
import {
  historyEntry,
  newItemFields,
  SYSTEM_ACTOR,
  type TrackedItem,
  transition,
  type UnknownEvent,
} from '../../domain/tracked-item.js';
import { type IsoDate, isWorkingDay, osloDate } from '../../domain/working-days.js';

export const MEASURE_STATES = ['active', 'closed'] as const;
export type MeasureState = (typeof MEASURE_STATES)[number];

/** What the owner reports (a new measure is not started). */
export const MEASURE_STATUSES = ['not-started', 'in-progress', 'delayed', 'done'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

export const MEASURE_LIMITS = { title: 200, plan: 120, text: 2000 } as const;

/** The prefix of a measure's reference, e.g. HP-2027-0001 (T- is the agenda's follow-up actions'). */
export const MEASURE_REFERENCE_PREFIX = 'HP';

/** One status report by the owner. */
export interface StatusReport {
  at: string;
  by: string;
  status: MeasureStatus;
  /** What the owner wrote (through the privacy guard); '' once redacted. */
  text: string;
}

export type MeasureEvent =
  | { action: 'register' }
  /** Fields changed by the UDI coordinator (their names, never their values). */
  | { action: 'edit'; fields: string[] }
  | { action: 'report'; status: MeasureStatus }
  /** The owner asked for a status for a period ('YYYY-MM', the month it began). */
  | { action: 'request'; period: string }
  | { action: 'remind' }
  | { action: 'overdue' }
  | { action: 'close' }
  | UnknownEvent;

/** The deadline ladder's steps a measure records (once per due date). */
export interface MeasureSteps {
  remind?: string;
  overdue?: string;
}

export interface Measure extends TrackedItem<'measure', MeasureState, MeasureEvent> {
  title: string;
  /** The action plan's name, e.g. "Handlingsplan mot menneskehandel 2025–2028". */
  plan: string;
  department: Department;
  /** AAD object id of the owner. */
  owner: string;
  due: IsoDate;
  status: MeasureStatus;
  /** The owner's status reports, oldest first. */
  reports: StatusReport[];
  /** The periods ('YYYY-MM') whose status request was sent, oldest first. */
  requests: string[];
  /** The ladder's steps sent for the current due date. */
  steps: MeasureSteps;
}

/** What the UDI coordinator typed into the form (untrusted). */
export interface MeasureDraft {
  title: string;
  plan: string;
  department: string;
  owner: string;
  due: string;
}

/** The fields a registration or edit sets. */
export interface MeasureFields {
  title: string;
  plan: string;
  department: Department;
  owner: string;
  due: IsoDate;
}

export const MEASURE_FIELDS = ['title', 'plan', 'department', 'owner', 'due'] as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date 'YYYY-MM-DD'. */
export function isIsoDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * What is wrong with a draft, by field (catalog problem names); empty when it can be saved.
 * `eligible(owner, department)` says whether the owner may own a measure of that department (the
 * caller decides from the roster: one offered on the form). `today` is the Oslo date; a new due date
 * must not be before it (`keptDue`: an unchanged due date on an edit is not checked).
 */
export function draftProblems(
  draft: MeasureDraft,
  today: IsoDate,
  eligible: (owner: string, department: Department) => 'ok' | 'unknown' | 'department',
  keptDue?: IsoDate,
): Record<string, string> {
  const problems: Record<string, string> = {};
  const text = (field: 'title' | 'plan', max: number) => {
    const value = draft[field].trim();
    if (!value) problems[field] = 'missing';
    else if (value.length > max) problems[field] = 'too-long';
    else if (containsSensitiveIdentifier(value)) problems[field] = 'sensitive';
  };
  text('title', MEASURE_LIMITS.title);
  text('plan', MEASURE_LIMITS.plan);
  const department = draft.department.trim();
  if (!department) problems.department = 'missing';
  else if (!isDepartment(department)) problems.department = 'invalid';
  const owner = draft.owner.trim();
  if (!owner) problems.owner = 'missing';
  else if (isDepartment(department)) {
    const found = eligible(owner, department);
    if (found !== 'ok') problems.owner = found === 'unknown' ? 'invalid' : 'owner-department';
  }
  const due = draft.due.trim();
  if (!due) problems.due = 'missing';
  else if (!isIsoDate(due)) problems.due = 'invalid';
  else if (due < today && due !== keptDue) problems.due = 'past';
  return problems;
}

/** The fields of a sound draft (the caller checked `draftProblems`). */
export function fieldsOf(draft: MeasureDraft): MeasureFields {
  return {
    title: draft.title.trim(),
    plan: draft.plan.trim().replace(/\s+/g, ' '),
    department: draft.department.trim() as Department,
    owner: draft.owner.trim(),
    due: draft.due.trim(),
  };
}

export function newMeasure(
  id: string,
  reference: string,
  fields: MeasureFields,
  by: string,
  at: string,
): Measure {
  return {
    id,
    reference,
    kind: 'measure',
    state: 'active',
    createdAt: at,
    createdBy: by,
    updatedAt: at,
    ...newItemFields(),
    history: [{ ...historyEntry<Measure>({ action: 'register' }, by, at), to: 'active' }],
    ...fields,
    status: 'not-started',
    reports: [],
    requests: [],
    steps: {},
  };
}

/** The measure with the edited fields (a new due date clears the ladder's steps); unchanged if none changed. */
export function editMeasure(measure: Measure, fields: MeasureFields, by: string, at: string): Measure {
  const changed = MEASURE_FIELDS.filter((f) => measure[f] !== fields[f]);
  if (changed.length === 0) return measure;
  return {
    ...measure,
    ...fields,
    updatedAt: at,
    ...(fields.due !== measure.due ? { steps: {} } : {}),
    history: [...measure.history, historyEntry<Measure>({ action: 'edit', fields: [...changed] }, by, at)],
  };
}

export type ReportProblem = 'closed';

/** What is wrong with a status report, by field: `status` missing/invalid, `text` missing/too-long/sensitive. */
export function reportProblems(status: string, text: string): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!status) problems.status = 'missing';
  else if (!(MEASURE_STATUSES as readonly string[]).includes(status)) problems.status = 'invalid';
  const trimmed = text.trim();
  if (!trimmed) problems.text = 'missing';
  else if (trimmed.length > MEASURE_LIMITS.text) problems.text = 'too-long';
  else if (containsSensitiveIdentifier(trimmed)) problems.text = 'sensitive';
  return problems;
}

export type ReportResult =
  | { ok: true; measure: Measure }
  | { ok: false; problem: ReportProblem }
  | { ok: false; problems: Record<string, string> };

/** The measure after its owner's report (`by` checked by the policy), or why not. */
export function applyReport(
  measure: Measure,
  status: string,
  text: string,
  by: string,
  at: string,
): ReportResult {
  if (measure.state === 'closed') return { ok: false, problem: 'closed' };
  const problems = reportProblems(status, text);
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const reported = status as MeasureStatus;
  return {
    ok: true,
    measure: {
      ...measure,
      status: reported,
      updatedAt: at,
      reports: [...measure.reports, { at, by, status: reported, text: text.trim() }],
      history: [...measure.history, historyEntry<Measure>({ action: 'report', status: reported }, by, at)],
    },
  };
}

/** The measure closed (by the UDI coordinator); a closed one is returned as it is. */
export function closeMeasure(measure: Measure, by: string, at: string): Measure {
  return measure.state === 'closed' ? measure : transition(measure, 'closed', by, { action: 'close' }, at);
}

/** The latest report, if any. */
export const latestReport = (measure: Pick<Measure, 'reports'>): StatusReport | undefined =>
  measure.reports.at(-1);

// ---- status requests: the reporting periods ---------------------------------------------------------

/** The hour (Oslo) at which a period's status requests go, and the ladder's steps. */
export const MEASURE_TIME = '08:00';

/** The first working day of a month. */
export function firstWorkingDay(year: number, month: number): IsoDate {
  let day = 1;
  for (;;) {
    const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    if (isWorkingDay(date)) return date;
    day += 1;
  }
}

/** A reporting period: the month it begins ('YYYY-MM') and its moment (08:00 Oslo, its first working day). */
export interface StatusPeriod {
  key: string;
  atMs: number;
}

export function periodOf(year: number, month: number): StatusPeriod {
  return {
    key: `${year}-${String(month).padStart(2, '0')}`,
    atMs: osloDateTime(firstWorkingDay(year, month), MEASURE_TIME).epochMilliseconds,
  };
}

/**
 * The reporting period current at `nowMs` (the latest whose moment has come), and the next one's
 * moment. `months` are the months (1–12) a period begins in.
 */
export function statusPeriods(
  nowMs: number,
  months: readonly number[],
): { current?: StatusPeriod; nextAtMs: number } {
  const year = Number(osloDate(new Date(nowMs)).slice(0, 4));
  const sorted = [...new Set(months)].sort((a, b) => a - b);
  const all = [year - 1, year, year + 1].flatMap((y) => sorted.map((m) => periodOf(y, m)));
  const past = all.filter((p) => p.atMs <= nowMs);
  const next = all.find((p) => p.atMs > nowMs);
  return {
    ...(past.length > 0 ? { current: past[past.length - 1] } : {}),
    nextAtMs: next?.atMs ?? Number.POSITIVE_INFINITY,
  };
}

/** Whether the measure's owner is still followed up (active and not reported done). */
export const isFollowedUp = (measure: Pick<Measure, 'state' | 'status'>): boolean =>
  measure.state === 'active' && measure.status !== 'done';

/**
 * Whether the owner is asked for a status for `period`: followed up, not asked for it yet, and
 * registered before the period began (a measure registered after that was just told).
 */
export function requestDue(measure: Measure, period: StatusPeriod): boolean {
  return (
    isFollowedUp(measure) &&
    !measure.requests.includes(period.key) &&
    Date.parse(measure.createdAt) < period.atMs
  );
}

/** The measure with the period's request recorded. */
export function withRequest(measure: Measure, period: string, at: string): Measure {
  return {
    ...measure,
    updatedAt: at,
    requests: [...measure.requests, period],
    history: [...measure.history, historyEntry<Measure>({ action: 'request', period }, SYSTEM_ACTOR, at)],
  };
}

// ---- the deadline ladder ------------------------------------------------------------------------------

export type MeasureStep = 'remind' | 'overdue';

/** Remind the owner `reminderDays` working days before; tell the UDI coordinator the working day after. */
export function measureLadder(reminderDays: number) {
  return deadlineLadder<MeasureStep>([
    { name: 'remind', at: { workingDaysBefore: reminderDays }, audience: 'assignee' },
    { name: 'overdue', at: { workingDaysAfter: 1 }, audience: 'udi-coordinator' },
  ]);
}

/**
 * The day the ladder sees at `nowMs`: the Oslo date once 08:00 has come, the day before until then
 * (so steps go out at 08:00, not at midnight).
 */
export const ladderToday = (nowMs: number): IsoDate => osloDate(new Date(nowMs - 8 * 3_600_000));

/** The ladder's steps due for the measure at `nowMs`. */
export function dueSteps(measure: Measure, reminderDays: number, nowMs: number): MeasureStep[] {
  return dueLadderSteps(
    measureLadder(reminderDays),
    { due: measure.due, running: isFollowedUp(measure), done: measure.steps },
    ladderToday(nowMs),
  );
}

/** The measure with a ladder step recorded. */
export function withStep(measure: Measure, step: MeasureStep, at: string): Measure {
  return {
    ...measure,
    updatedAt: at,
    steps: { ...measure.steps, [step]: at },
    history: [...measure.history, historyEntry<Measure>({ action: step }, SYSTEM_ACTOR, at)],
  };
}

/** Whether the measure is overdue on `today`: followed up and its due date has passed. */
export const isOverdue = (measure: Pick<Measure, 'state' | 'status' | 'due'>, today: IsoDate): boolean =>
  isFollowedUp(measure) && measure.due < today;

/** A plan's name as a link's path segment: lowercase letters, digits and hyphens. */
export function planSlug(plan: string): string {
  const slug = plan
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/å/g, 'a')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return slug || 'plan';
}
