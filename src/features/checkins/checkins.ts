/**
 * A regional office's check-in for one meeting of RMA's regional series, as a tracked item (kind
 * `checkin`), one per region per cycle: what its contact persons tell RMA's coordinator before the
 * meeting (IM 2018-002: principled questions, challenges and trends in their follow-up of individual
 * cases, and the competence of reception-centre staff), with the number of individual cases followed
 * up since last time; or "nothing new" in one click. It is open until answered; an answer may be
 * changed until the meeting begins; one still open then is missed. An open check-in is nudged once.
 *
 * The texts concern possible victims of trafficking: every one goes through the privacy guard (no
 * identity or DUF numbers), and none is written into the history.
 *
 * Pure: time comes in as arguments; who may answer is the policy's (checkin-policy.ts).
 */
import { containsSensitiveIdentifier } from '../../domain/privacy-guard.js';
import {
  type EventOf,
  historyEntry,
  newItemFields,
  SYSTEM_ACTOR,
  type TrackedItem,
  transition,
  type UnknownEvent,
} from '../../domain/tracked-item.js';
import type { IsoDate } from '../../domain/working-days.js';
import type { CycleRef } from './checkin-cycles.js';

export const CHECKIN_STATES = ['open', 'submitted', 'nothing-new', 'missed'] as const;
export type CheckinState = (typeof CHECKIN_STATES)[number];

/** The states of an answered check-in. */
export const ANSWERED_STATES = ['submitted', 'nothing-new'] as const satisfies readonly CheckinState[];

/** What a region reports on, in the memo's words (each a free text). */
export const CHECKIN_TOPICS = ['principled', 'challenges', 'trends', 'training'] as const;
export type CheckinTopic = (typeof CHECKIN_TOPICS)[number];

/** The longest text per topic, and the largest case count. */
export const CHECKIN_LIMITS = { text: 2000, cases: 999 } as const;

/** A submitted check-in's answers: the topics reported on (at least one), and the case count. */
export interface CheckinAnswers {
  /** Principled questions from individual cases. */
  principled?: string;
  /** Challenges in the follow-up of individual cases. */
  challenges?: string;
  /** Trends seen. */
  trends?: string;
  /** Training needs of reception-centre staff. */
  training?: string;
  /** Individual cases followed up since the last check-in (0–999). */
  cases: number;
}

export type CheckinEvent =
  | { action: 'open' }
  | { action: 'submit' }
  | { action: 'nothing-new' }
  | { action: 'nudge' }
  | { action: 'missed' }
  | UnknownEvent;

export interface CheckIn extends TrackedItem<'checkin', CheckinState, CheckinEvent>, CycleRef {
  /** The regional office (unit id) it is from. */
  unitId: string;
  /** The meeting's start (ISO with offset): answers are taken until then. */
  due: string;
  /** What was reported, once submitted (absent while open, after "nothing new" and when missed). */
  answers?: CheckinAnswers;
  /** When it was nudged (once). */
  nudgedAt?: string;
  /** When it was answered last. */
  answeredAt?: string;
}

/** A check-in's id: its cycle's meeting and its region. */
export const checkinId = (ref: CycleRef, unitId: string): string =>
  `checkin.${ref.seriesId}.${ref.occurrence}.${unitId}`;

/** A region's check-in for a cycle, open. */
export function newCheckIn(
  ref: CycleRef,
  unitId: string,
  reference: string,
  due: string,
  at: string,
): CheckIn {
  return {
    id: checkinId(ref, unitId),
    reference,
    kind: 'checkin',
    state: 'open',
    createdAt: at,
    createdBy: SYSTEM_ACTOR,
    updatedAt: at,
    ...newItemFields(),
    history: [{ ...historyEntry<CheckIn>({ action: 'open' }, SYSTEM_ACTOR, at), to: 'open' }],
    seriesId: ref.seriesId,
    occurrence: ref.occurrence as IsoDate,
    unitId,
    due,
  };
}

/** What a contact person typed into the form (untrusted: the case count as typed). */
export interface CheckinDraft {
  principled: string;
  challenges: string;
  trends: string;
  training: string;
  cases: string | number;
}

/** The case count as typed, if it is a whole number 0–999. */
export function parseCases(value: string | number): number | undefined {
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (!/^\d{1,3}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= CHECKIN_LIMITS.cases ? n : undefined;
}

/**
 * What is wrong with a draft, by field (catalog problem names); empty when it can be submitted.
 * Each text: 'too-long', or 'sensitive' when the privacy guard finds an identity or DUF number;
 * `topics`: 'missing' when every text is empty; `cases`: 'missing' or 'invalid' (not 0–999).
 */
export function draftProblems(draft: CheckinDraft): Record<string, string> {
  const problems: Record<string, string> = {};
  let any = false;
  for (const topic of CHECKIN_TOPICS) {
    const text = (draft[topic] ?? '').trim();
    if (!text) continue;
    any = true;
    if (text.length > CHECKIN_LIMITS.text) problems[topic] = 'too-long';
    else if (containsSensitiveIdentifier(text)) problems[topic] = 'sensitive';
  }
  if (!any) problems.topics = 'missing';
  const cases = typeof draft.cases === 'number' ? String(draft.cases) : (draft.cases ?? '').trim();
  if (cases === '') problems.cases = 'missing';
  else if (parseCases(cases) === undefined) problems.cases = 'invalid';
  return problems;
}

/** The answers a sound draft gives (the caller checked `draftProblems`): texts trimmed, empty ones left out. */
export function answersOf(draft: CheckinDraft): CheckinAnswers {
  const answers: CheckinAnswers = { cases: parseCases(draft.cases) ?? 0 };
  for (const topic of CHECKIN_TOPICS) {
    const text = (draft[topic] ?? '').trim();
    if (text) answers[topic] = text;
  }
  return answers;
}

/** The topics an answer reports on, in the memo's order. */
export const topicsOf = (answers: CheckinAnswers | undefined): CheckinTopic[] =>
  answers ? CHECKIN_TOPICS.filter((t) => !!answers[t]) : [];

export const isAnswered = (checkin: Pick<CheckIn, 'state'>): boolean =>
  (ANSWERED_STATES as readonly string[]).includes(checkin.state);

/** What a contact person does with a check-in. */
export type CheckinCommand = { kind: 'submit'; draft: CheckinDraft } | { kind: 'nothing-new' };

export type CheckinProblem =
  /** Missed (the meeting began before it was answered). */
  | 'not-allowed-in-state'
  /** The meeting has begun: answers are no longer taken. */
  | 'meeting-begun';

export type CheckinResult =
  | { ok: true; checkin: CheckIn }
  | { ok: false; problem: CheckinProblem }
  | { ok: false; problems: Record<string, string> };

/**
 * The check-in after `command` by `by` at `at` (`nowMs` the same instant), or why not. An answer may
 * be changed (submitted again, or "nothing new" instead) until the meeting begins.
 */
export function applyCheckinCommand(
  checkin: CheckIn,
  command: CheckinCommand,
  by: string,
  at: string,
  nowMs: number,
): CheckinResult {
  if (checkin.state === 'missed') return { ok: false, problem: 'not-allowed-in-state' };
  if (nowMs >= Date.parse(checkin.due)) return { ok: false, problem: 'meeting-begun' };
  const move = (to: CheckinState, event: EventOf<CheckIn>): CheckIn =>
    checkin.state === to
      ? { ...checkin, updatedAt: at, history: [...checkin.history, historyEntry<CheckIn>(event, by, at)] }
      : transition(checkin, to, by, event, at);
  if (command.kind === 'nothing-new') {
    const { answers: _dropped, ...rest } = move('nothing-new', { action: 'nothing-new' });
    return { ok: true, checkin: { ...rest, answeredAt: at } };
  }
  const problems = draftProblems(command.draft);
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    checkin: {
      ...move('submitted', { action: 'submit' }),
      answers: answersOf(command.draft),
      answeredAt: at,
    },
  };
}

/** Whether an open check-in is nudged at `nowMs`: the moment came, before its meeting, not yet nudged. */
export function nudgeDue(
  checkin: Pick<CheckIn, 'state' | 'nudgedAt' | 'createdAt'>,
  nudgeAtMs: number,
  startMs: number,
  nowMs: number,
): boolean {
  return (
    checkin.state === 'open' &&
    checkin.nudgedAt === undefined &&
    nowMs >= nudgeAtMs &&
    nowMs < startMs &&
    // A check-in opened at or after the nudge's moment (a short offset, or opened late) was just asked.
    Date.parse(checkin.createdAt) < nudgeAtMs
  );
}

/** The check-in with its nudge recorded. */
export function withNudge(checkin: CheckIn, at: string): CheckIn {
  return {
    ...checkin,
    updatedAt: at,
    nudgedAt: at,
    history: [...checkin.history, historyEntry<CheckIn>({ action: 'nudge' }, SYSTEM_ACTOR, at)],
  };
}

/** An open check-in once its meeting has begun: missed (others unchanged). */
export function markMissed(checkin: CheckIn, at: string): CheckIn {
  return checkin.state === 'open'
    ? transition(checkin, 'missed', SYSTEM_ACTOR, { action: 'missed' }, at)
    : checkin;
}

/** The check-in with its meeting's start as it is now (a moved meeting). */
export const withDue = (checkin: CheckIn, due: string): CheckIn =>
  checkin.due === due ? checkin : { ...checkin, due };
