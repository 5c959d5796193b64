/**
 * The yearly KOM reporting round (IM 2018-002: the UDI coordinator co-ordinates UDI's input to the
 * yearly report to KOM, the national coordination unit for victims of trafficking; OPA's coordinator
 * reports statistics and trends on reflection permits and limited residence permits). A round is a
 * tracked item (kind `kom-round`) per report year, with a deadline; each department coordinator's
 * department gets an input (kind `kom-input`): free text, and for OPA the year's figures for the two
 * permits (applications, grants, refusals). An input may be changed until the round closes.
 * Reminders and a nudge follow the engine's deadline ladder (domain/deadline-ladder.ts).
 *
 * The texts concern possible victims of trafficking: every one goes through the privacy guard, and
 * none is written into the history. Pure: time comes in as arguments.
 */
import { deadlineLadder } from '../../domain/deadline-ladder.js';
import { containsSensitiveIdentifier } from '../../domain/privacy-guard.js';
import type { Department } from '../../domain/roster.js';
import {
  type EventOf,
  historyEntry,
  newItemFields,
  type TrackedItem,
  transition,
  type UnknownEvent,
} from '../../domain/tracked-item.js';
import type { IsoDate } from '../../domain/working-days.js';

/** The departments asked for input: the department coordinators' (the UDI coordinator compiles). */
export const KOM_DEPARTMENTS = ['OPA', 'ASA', 'RMA'] as const satisfies readonly Department[];
export type KomDepartment = (typeof KOM_DEPARTMENTS)[number];
export const isKomDepartment = (value: unknown): value is KomDepartment =>
  (KOM_DEPARTMENTS as readonly unknown[]).includes(value);

/** The first report year a round can be opened for. */
export const FIRST_KOM_YEAR = 2018;
/** The longest input text, and the largest figure. */
export const KOM_LIMITS = { text: 4000, figure: 99_999 } as const;

/** The two permits OPA reports on, and what is counted for each. */
export const PERMITS = ['reflection', 'limited'] as const;
export type Permit = (typeof PERMITS)[number];
export const COUNTS = ['applications', 'grants', 'refusals'] as const;
export type Count = (typeof COUNTS)[number];
export type PermitFigures = Record<Count, number>;
export type KomFigures = Record<Permit, PermitFigures>;

/** The form's id of a figure, e.g. `reflectionApplications`. */
export const figureField = (permit: Permit, count: Count): string =>
  `${permit}${count.charAt(0).toUpperCase()}${count.slice(1)}`;
export const FIGURE_FIELDS: readonly string[] = PERMITS.flatMap((p) => COUNTS.map((c) => figureField(p, c)));

// ---- the round ---------------------------------------------------------------------------------------

export const ROUND_STATES = ['open', 'closed'] as const;
export type RoundState = (typeof ROUND_STATES)[number];

export type RoundEvent =
  | { action: 'open' }
  /** The UDI coordinator told of the departments that had not answered by the deadline. */
  | { action: 'unanswered'; departments: string[] }
  /** The compiled input sent to the UDI coordinator (every department had answered). */
  | { action: 'compiled' }
  | { action: 'close' }
  /** KOM's report for the year recorded as published. */
  | { action: 'publish'; publishedOn: string }
  | UnknownEvent;

/** The round's steps on the ladder (the UDI coordinator's), recorded when done. */
export type RoundStep = 'unanswered';

export interface KomRound extends TrackedItem<'kom-round', RoundState, RoundEvent> {
  /** The year the report covers. */
  year: number;
  /** The last day for the departments' input (Oslo date). */
  deadline: IsoDate;
  /** The departments asked. */
  departments: KomDepartment[];
  steps: Partial<Record<RoundStep, string>>;
  /** When the compiled input went to the UDI coordinator (once). */
  compiledAt?: string;
  /** The day KOM's report for the year was published (Oslo date), once recorded. */
  publishedOn?: IsoDate;
}

export const roundId = (year: number): string => `kom-round.${year}`;

export function newRound(
  year: number,
  deadline: IsoDate,
  reference: string,
  by: string,
  at: string,
): KomRound {
  return {
    id: roundId(year),
    reference,
    kind: 'kom-round',
    state: 'open',
    createdAt: at,
    createdBy: by,
    updatedAt: at,
    ...newItemFields(),
    history: [{ ...historyEntry<KomRound>({ action: 'open' }, by, at), to: 'open' }],
    year,
    deadline,
    departments: [...KOM_DEPARTMENTS],
    steps: {},
  };
}

/** What the UDI coordinator typed to open a round (untrusted). */
export interface RoundDraft {
  year: string;
  deadline: string;
}

/**
 * What is wrong with a round's draft, by field (catalog problem names); empty when it can be opened.
 * `year`: 'missing', 'invalid' (not a year from 2018 to this year), 'exists' (a round for it);
 * `deadline`: 'missing', 'invalid' (no date), 'past' (before today).
 */
export function roundDraftProblems(
  draft: RoundDraft,
  today: IsoDate,
  exists: (year: number) => boolean,
): Record<string, string> {
  const problems: Record<string, string> = {};
  const year = draft.year.trim();
  const thisYear = Number(today.slice(0, 4));
  if (!year) problems.year = 'missing';
  else if (!/^\d{4}$/.test(year) || Number(year) < FIRST_KOM_YEAR || Number(year) > thisYear)
    problems.year = 'invalid';
  else if (exists(Number(year))) problems.year = 'exists';
  const deadline = draft.deadline.trim();
  if (!deadline) problems.deadline = 'missing';
  else if (!isIsoDate(deadline)) problems.deadline = 'invalid';
  else if (deadline < today) problems.deadline = 'past';
  return problems;
}

/** A real calendar date 'YYYY-MM-DD'. */
export function isIsoDate(value: string): value is IsoDate {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function closeRound(round: KomRound, by: string, at: string): KomRound {
  return round.state === 'closed' ? round : transition(round, 'closed', by, { action: 'close' }, at);
}

/**
 * The round with KOM's report recorded as published on `publishedOn` (closing it if it was open).
 * 'invalid' for no date, 'future' for a day after today, 'already' when it was recorded before.
 */
export function publishRound(
  round: KomRound,
  publishedOn: string,
  today: IsoDate,
  by: string,
  at: string,
): { ok: true; round: KomRound } | { ok: false; problem: 'missing' | 'invalid' | 'future' | 'already' } {
  if (round.publishedOn) return { ok: false, problem: 'already' };
  const day = publishedOn.trim();
  if (!day) return { ok: false, problem: 'missing' };
  if (!isIsoDate(day)) return { ok: false, problem: 'invalid' };
  if (day > today) return { ok: false, problem: 'future' };
  const closed = closeRound(round, by, at);
  return {
    ok: true,
    round: {
      ...closed,
      updatedAt: at,
      publishedOn: day,
      history: [...closed.history, historyEntry<KomRound>({ action: 'publish', publishedOn: day }, by, at)],
    },
  };
}

export function withRoundStep(round: KomRound, event: EventOf<KomRound>, at: string): KomRound {
  const by = 'system';
  return {
    ...round,
    updatedAt: at,
    ...(event.action === 'unanswered' ? { steps: { ...round.steps, unanswered: at } } : {}),
    ...(event.action === 'compiled' ? { compiledAt: at } : {}),
    history: [...round.history, historyEntry<KomRound>(event, by, at)],
  };
}

// ---- a department's input ------------------------------------------------------------------------------

export const INPUT_STATES = ['requested', 'submitted'] as const;
export type InputState = (typeof INPUT_STATES)[number];

export type InputEvent =
  | { action: 'request' }
  | { action: 'submit' }
  | { action: 'reminder' }
  | { action: 'nudge' }
  | UnknownEvent;

/** The input's steps on the ladder. */
export type InputStep = 'reminder' | 'nudge';

export interface KomInput extends TrackedItem<'kom-input', InputState, InputEvent> {
  year: number;
  department: KomDepartment;
  /** The round's deadline (Oslo date). */
  deadline: IsoDate;
  /** What the department says (absent until submitted, or when only figures were given). */
  text?: string;
  /** OPA's figures for the year (OPA only, once submitted). */
  figures?: KomFigures;
  /** Who submitted last (AAD object id), and when. */
  submittedBy?: string;
  submittedAt?: string;
  steps: Partial<Record<InputStep, string>>;
}

export const inputId = (year: number, department: KomDepartment): string => `kom-input.${year}.${department}`;

export function newInput(round: KomRound, department: KomDepartment, at: string): KomInput {
  return {
    id: inputId(round.year, department),
    reference: round.reference,
    kind: 'kom-input',
    state: 'requested',
    createdAt: at,
    createdBy: round.createdBy,
    updatedAt: at,
    ...newItemFields(),
    history: [{ ...historyEntry<KomInput>({ action: 'request' }, round.createdBy, at), to: 'requested' }],
    year: round.year,
    department,
    deadline: round.deadline,
    steps: {},
  };
}

/** What a department coordinator typed (untrusted: figures as typed). */
export interface InputDraft {
  text: string;
  figures: Record<string, string | number | undefined>;
}

/** A figure as typed, if it is a whole number 0–99 999 (spaces as thousands separators allowed). */
export function parseFigure(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'number' ? String(value) : value.replace(/[\s\u00a0]/g, '');
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= KOM_LIMITS.figure ? n : undefined;
}

/**
 * What is wrong with a draft for `department`, by field (catalog problem names); empty when it can
 * be submitted. `text`: 'missing' (required but for OPA, whose figures say something), 'too-long',
 * 'sensitive' (an identity or DUF number); each figure (OPA): 'missing' or 'invalid'.
 */
export function inputDraftProblems(department: KomDepartment, draft: InputDraft): Record<string, string> {
  const problems: Record<string, string> = {};
  const text = draft.text.trim();
  if (!text) {
    if (department !== 'OPA') problems.text = 'missing';
  } else if (text.length > KOM_LIMITS.text) problems.text = 'too-long';
  else if (containsSensitiveIdentifier(text)) problems.text = 'sensitive';
  if (department === 'OPA')
    for (const field of FIGURE_FIELDS) {
      const raw = draft.figures[field];
      const typed = typeof raw === 'number' ? String(raw) : (raw ?? '').trim();
      if (typed === '') problems[field] = 'missing';
      else if (parseFigure(typed) === undefined) problems[field] = 'invalid';
    }
  return problems;
}

/** The figures of a sound OPA draft (the caller checked the problems). */
export function figuresOf(draft: InputDraft): KomFigures {
  const permit = (p: Permit): PermitFigures => ({
    applications: parseFigure(draft.figures[figureField(p, 'applications')]) ?? 0,
    grants: parseFigure(draft.figures[figureField(p, 'grants')]) ?? 0,
    refusals: parseFigure(draft.figures[figureField(p, 'refusals')]) ?? 0,
  });
  return { reflection: permit('reflection'), limited: permit('limited') };
}

export type InputProblem = 'round-closed';

export type InputResult =
  | { ok: true; input: KomInput }
  | { ok: false; problem: InputProblem }
  | { ok: false; problems: Record<string, string> };

/** The input after a submission by `by` at `at`, or why not (changeable until the round closes). */
export function submitInputDraft(
  input: KomInput,
  round: Pick<KomRound, 'state'>,
  draft: InputDraft,
  by: string,
  at: string,
): InputResult {
  if (round.state !== 'open') return { ok: false, problem: 'round-closed' };
  const problems = inputDraftProblems(input.department, draft);
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const moved =
    input.state === 'submitted'
      ? {
          ...input,
          updatedAt: at,
          history: [...input.history, historyEntry<KomInput>({ action: 'submit' }, by, at)],
        }
      : transition(input, 'submitted', by, { action: 'submit' }, at);
  const { text: _old, figures: _oldFigures, ...rest } = moved;
  const text = draft.text.trim();
  return {
    ok: true,
    input: {
      ...rest,
      ...(text ? { text } : {}),
      ...(input.department === 'OPA' ? { figures: figuresOf(draft) } : {}),
      submittedBy: by,
      submittedAt: at,
    },
  };
}

export function withInputStep(input: KomInput, step: InputStep, at: string): KomInput {
  return {
    ...input,
    updatedAt: at,
    steps: { ...input.steps, [step]: at },
    history: [...input.history, historyEntry<KomInput>({ action: step }, 'system', at)],
  };
}

// ---- the ladder ----------------------------------------------------------------------------------------

/** Working days before the deadline that an unanswered department is reminded. */
export const REMINDER_WORKING_DAYS = 3;

/** A department's input: reminded before the deadline, nudged the working day after. */
export const INPUT_LADDER = deadlineLadder<InputStep>([
  { name: 'reminder', at: { workingDaysBefore: REMINDER_WORKING_DAYS }, audience: 'assignee' },
  { name: 'nudge', at: { workingDaysAfter: 1 }, audience: 'assignee' },
]);

/** The round: the UDI coordinator told the working day after the deadline of who has not answered. */
export const ROUND_LADDER = deadlineLadder<RoundStep>([
  { name: 'unanswered', at: { workingDaysAfter: 1 }, audience: 'udi-coordinator' },
]);
