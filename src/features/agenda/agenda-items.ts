/**
 * Items for the network's agenda (saker til nettverket), as tracked items, and the rules of their
 * life: raised by a member, accepted onto a meeting of the right forum, deferred to a later one,
 * merged into another item, declined with a reason, carried over when a meeting did not reach them,
 * and closed with an outcome once the meeting has been held (discussed, clarified, initiative taken,
 * referred to the line, or a follow-up action with an owner and a due date).
 *
 * IM 2018-002: members may raise general issues for the network; the network learns from problems
 * in individual cases, clarifies principled questions and works for equal practice across the
 * departments. Decisions in individual cases are made in the line, not by the network.
 *
 * Pure: every fact about meetings and time comes in as an argument; who may do what is the policy's
 * (agenda-policy.ts).
 */
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

/** What kind of matter it is (the memo's words). */
export const AGENDA_KINDS = ['general', 'principled', 'information', 'consultation'] as const;
export type AgendaKind = (typeof AGENDA_KINDS)[number];

/** Where it is discussed: the coordinators' meeting or the whole network's. */
export const FORUMS = ['coordinators', 'network'] as const;
export type Forum = (typeof FORUMS)[number];

export const AGENDA_STATES = ['submitted', 'accepted', 'declined', 'merged', 'done'] as const;
export type AgendaState = (typeof AGENDA_STATES)[number];

/** One meeting of a series, as an item refers to it. */
export interface MeetingRef {
  seriesId: string;
  /** The meeting's original date in its series (its id there). */
  occurrence: IsoDate;
}

export const OUTCOME_KINDS = ['discussed', 'clarified', 'initiative', 'referred', 'follow-up'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/** What came of an item at its meeting. */
export type Outcome =
  | { kind: 'discussed' }
  /** A principled question clarified: the clarification in a few sentences (it enters the register). */
  | { kind: 'clarified'; clarification: string }
  /** The network takes the initiative to clarify something: what, and who does it (AAD object id). */
  | { kind: 'initiative'; what: string; by: string }
  /** Referred to the line: decisions in individual cases are made there, not by the network. */
  | { kind: 'referred' }
  /** A follow-up action: its own item (`action`), owned by `owner`, due `due`. */
  | { kind: 'follow-up'; what: string; owner: string; due: IsoDate; action: string };

export type AgendaEvent =
  | { action: 'submit' }
  | { action: 'edit' }
  | ({ action: 'accept' } & MeetingRef)
  | ({ action: 'defer'; reason: string } & MeetingRef)
  | ({ action: 'carry-over' } & MeetingRef)
  | { action: 'merge'; into: string }
  | { action: 'decline'; reason: string }
  | { action: 'outcome'; outcome: OutcomeKind }
  | UnknownEvent;

export interface AgendaItem extends TrackedItem<'agenda-item', AgendaState, AgendaEvent> {
  title: string;
  description: string;
  agendaKind: AgendaKind;
  /** The submitter's department (its coordinator curates the item too). */
  department: Department;
  forum: Forum;
  urgent: boolean;
  /** Estimated minutes at the meeting. */
  minutes: number;
  /** Raised from a closed principled guidance request (its id). */
  fromGuidance?: string;
  /** The meeting it is on (accepted, deferred or carried over). */
  meeting?: MeetingRef;
  /** Order of acceptance across the network (the agenda's last tie-breaker). */
  acceptedSeq?: number;
  /** How many meetings did not reach it. */
  carriedOver: number;
  mergedInto?: string;
  /** Why it was declined or deferred last (told to the submitter). */
  reason?: string;
  outcome?: Outcome;
}

export const AGENDA_LIMITS = { title: 150, description: 4000, reason: 1000, outcome: 2000 } as const;
export const MINUTES = { min: 5, max: 180 } as const;

/** What a member fills in to raise an item. */
export interface AgendaDraft {
  title: string;
  description: string;
  agendaKind: AgendaKind;
  department: Department;
  forum: Forum;
  urgent: boolean;
  minutes: number;
  fromGuidance?: string;
}

/** What is wrong with a draft, by field (catalog problem names); empty when it can be raised. */
export function draftProblems(draft: AgendaDraft): Record<string, string> {
  const problems: Record<string, string> = {};
  const title = draft.title.trim();
  if (!title) problems.title = 'missing';
  else if (title.length > AGENDA_LIMITS.title) problems.title = 'too-long';
  const description = draft.description.trim();
  if (!description) problems.description = 'missing';
  else if (description.length > AGENDA_LIMITS.description) problems.description = 'too-long';
  if (!AGENDA_KINDS.includes(draft.agendaKind)) problems.agendaKind = 'missing';
  if (!FORUMS.includes(draft.forum)) problems.forum = 'missing';
  if (!Number.isInteger(draft.minutes) || draft.minutes < MINUTES.min || draft.minutes > MINUTES.max)
    problems.minutes = 'invalid';
  return problems;
}

/** A new item, as raised (the caller checked `draftProblems`). */
export function newAgendaItem(
  id: string,
  reference: string,
  draft: AgendaDraft,
  by: string,
  at: string,
): AgendaItem {
  return {
    id,
    reference,
    kind: 'agenda-item',
    state: 'submitted',
    createdAt: at,
    createdBy: by,
    updatedAt: at,
    ...newItemFields(),
    history: [{ ...historyEntry<AgendaItem>({ action: 'submit' }, by, at), to: 'submitted' }],
    title: draft.title.trim(),
    description: draft.description.trim(),
    agendaKind: draft.agendaKind,
    department: draft.department,
    forum: draft.forum,
    urgent: draft.urgent,
    minutes: draft.minutes,
    ...(draft.fromGuidance ? { fromGuidance: draft.fromGuidance } : {}),
    carriedOver: 0,
  };
}

/** A meeting an item may go onto, as the caller found it in the store. */
export interface TargetMeeting extends MeetingRef {
  forum: Forum;
  /** Its start, ms. */
  startMs: number;
  /** Not cancelled, series active. */
  open: boolean;
}

/** What a curator (or the bot) does with an item. */
export type AgendaCommand =
  | { kind: 'accept'; to: TargetMeeting }
  | { kind: 'defer'; to: TargetMeeting; reason: string; currentStartMs?: number }
  | { kind: 'merge'; into: Pick<AgendaItem, 'id' | 'state' | 'forum'> }
  | { kind: 'decline'; reason: string }
  | { kind: 'outcome'; outcome: Outcome; meetingStartMs: number }
  /** The bot, after a meeting that did not reach the item: onto the next meeting of its forum. */
  | { kind: 'carry-over'; to: TargetMeeting };

export type AgendaProblem =
  /** The item is not in a state that allows it (e.g. declined, done). */
  | 'not-allowed-in-state'
  /** The meeting is not of the item's forum, is cancelled or has ended, or is in the past. */
  | 'wrong-meeting'
  /** Deferring goes to a later meeting than the one it is on. */
  | 'not-later'
  /** An outcome before the meeting took place. */
  | 'meeting-ahead'
  /** The meeting's summary was sent already (it is sent once; outcomes then update it). */
  | 'summary-sent'
  /** Deferring, merging or declining once the item's meeting has begun (its outcome is recorded instead). */
  | 'meeting-begun'
  | 'missing-reason'
  | 'reason-too-long'
  | 'missing-text'
  | 'text-too-long'
  | 'missing-owner'
  | 'bad-due-date'
  /** Merging into itself, an item of another forum or one that is closed. */
  | 'bad-merge';

export type AgendaResult = { ok: true; item: AgendaItem } | { ok: false; problem: AgendaProblem };

/** States from which each command may start. */
const FROM: Record<AgendaCommand['kind'], readonly AgendaState[]> = {
  accept: ['submitted'],
  defer: ['submitted', 'accepted'],
  merge: ['submitted', 'accepted'],
  decline: ['submitted', 'accepted'],
  outcome: ['accepted'],
  'carry-over': ['accepted'],
};

const fail = (problem: AgendaProblem): AgendaResult => ({ ok: false, problem });

function reasonProblem(reason: string): AgendaProblem | undefined {
  const text = reason.trim();
  if (!text) return 'missing-reason';
  return text.length > AGENDA_LIMITS.reason ? 'reason-too-long' : undefined;
}

function textProblem(text: string): AgendaProblem | undefined {
  const trimmed = text.trim();
  if (!trimmed) return 'missing-text';
  return trimmed.length > AGENDA_LIMITS.outcome ? 'text-too-long' : undefined;
}

function outcomeProblem(outcome: Outcome, today: IsoDate): AgendaProblem | undefined {
  switch (outcome.kind) {
    case 'discussed':
    case 'referred':
      return undefined;
    case 'clarified':
      return textProblem(outcome.clarification);
    case 'initiative':
      return textProblem(outcome.what) ?? (outcome.by ? undefined : 'missing-owner');
    case 'follow-up':
      return (
        textProblem(outcome.what) ??
        (outcome.owner ? undefined : 'missing-owner') ??
        (/^\d{4}-\d{2}-\d{2}$/.test(outcome.due) && outcome.due >= today ? undefined : 'bad-due-date')
      );
  }
}

const meetingOk = (item: AgendaItem, to: TargetMeeting, nowMs: number): boolean =>
  to.open && to.forum === item.forum && to.startMs > nowMs;

/**
 * The item after `command` by `by` at `at` (`nowMs` the same instant, `today` its Oslo date), or why
 * not. The caller numbers an item once it is accepted (`acceptedSeq`, the agenda's order among equals).
 */
export function applyAgendaCommand(
  item: AgendaItem,
  command: AgendaCommand,
  by: string,
  at: string,
  context: { nowMs: number; today: IsoDate },
): AgendaResult {
  if (!FROM[command.kind].includes(item.state)) return fail('not-allowed-in-state');
  const move = (to: AgendaState, event: EventOf<AgendaItem>, fields: Partial<AgendaItem>) => {
    const moved = item.state === to ? withEvent(item, event, by, at) : transition(item, to, by, event, at);
    return { ok: true as const, item: { ...moved, ...fields } };
  };
  switch (command.kind) {
    case 'accept': {
      if (!meetingOk(item, command.to, context.nowMs)) return fail('wrong-meeting');
      const meeting = { seriesId: command.to.seriesId, occurrence: command.to.occurrence };
      return move('accepted', { action: 'accept', ...meeting }, { meeting });
    }
    case 'defer': {
      if (!meetingOk(item, command.to, context.nowMs)) return fail('wrong-meeting');
      if (command.currentStartMs !== undefined && command.to.startMs <= command.currentStartMs)
        return fail('not-later');
      const problem = reasonProblem(command.reason);
      if (problem) return fail(problem);
      const meeting = { seriesId: command.to.seriesId, occurrence: command.to.occurrence };
      return move(
        'accepted',
        { action: 'defer', reason: command.reason.trim(), ...meeting },
        { meeting, reason: command.reason.trim() },
      );
    }
    case 'merge': {
      const into = command.into;
      if (into.id === item.id || into.forum !== item.forum || !['submitted', 'accepted'].includes(into.state))
        return fail('bad-merge');
      return move('merged', { action: 'merge', into: into.id }, { mergedInto: into.id });
    }
    case 'decline': {
      const problem = reasonProblem(command.reason);
      if (problem) return fail(problem);
      return move(
        'declined',
        { action: 'decline', reason: command.reason.trim() },
        { reason: command.reason.trim() },
      );
    }
    case 'outcome': {
      if (context.nowMs < command.meetingStartMs) return fail('meeting-ahead');
      const problem = outcomeProblem(command.outcome, context.today);
      if (problem) return fail(problem);
      return move(
        'done',
        { action: 'outcome', outcome: command.outcome.kind },
        { outcome: trimmed(command.outcome) },
      );
    }
    case 'carry-over': {
      if (!meetingOk(item, command.to, context.nowMs)) return fail('wrong-meeting');
      const meeting = { seriesId: command.to.seriesId, occurrence: command.to.occurrence };
      return move(
        'accepted',
        { action: 'carry-over', ...meeting },
        { meeting, carriedOver: item.carriedOver + 1 },
      );
    }
  }
}

function withEvent(item: AgendaItem, event: EventOf<AgendaItem>, by: string, at: string): AgendaItem {
  return { ...item, updatedAt: at, history: [...item.history, historyEntry<AgendaItem>(event, by, at)] };
}

function trimmed(outcome: Outcome): Outcome {
  switch (outcome.kind) {
    case 'clarified':
      return { kind: 'clarified', clarification: outcome.clarification.trim() };
    case 'initiative':
      return { ...outcome, what: outcome.what.trim() };
    case 'follow-up':
      return { ...outcome, what: outcome.what.trim() };
    default:
      return outcome;
  }
}

/** The items a held meeting did not reach (accepted onto it, no outcome): they roll over. */
export function notReached(items: readonly AgendaItem[], meeting: MeetingRef): AgendaItem[] {
  return items.filter(
    (i) =>
      i.state === 'accepted' &&
      i.meeting?.seriesId === meeting.seriesId &&
      i.meeting.occurrence === meeting.occurrence,
  );
}

/** What a draft from a guidance request needs of it (guidance's GuidanceRequest has these). */
export interface GuidanceSource {
  id: string;
  question: string;
  principled: boolean;
  state: string;
  messages: readonly { kind: string; text: string }[];
}

/** The first sentence of a text, cut at a word to fit `limit` characters (with "…" when cut). */
function firstSentence(text: string, limit: number): string {
  const sentence = (text.trim().split(/(?<=[.?!])\s/)[0] ?? '').trim();
  if (sentence.length <= limit) return sentence;
  const cut = sentence.slice(0, limit - 1);
  const word = cut.lastIndexOf(' ');
  return `${(word > limit / 2 ? cut.slice(0, word) : cut).trimEnd()}…`;
}

/**
 * A draft raised from an answered principled guidance question, for the submitter to edit before
 * sending: its question as the title (the first sentence) and the question and its answer as the
 * description, a principled question from `department` for the coordinators' meeting. Undefined
 * when the request is not principled or has no answer.
 */
export function draftFromGuidance(
  request: GuidanceSource,
  department: Department,
  labels: { answer: string },
): AgendaDraft | undefined {
  const answer = [...request.messages].reverse().find((m) => m.kind === 'answer');
  if (!request.principled || !answer || !['answered', 'closed'].includes(request.state)) return undefined;
  const description = `${request.question.trim()}\n\n${labels.answer}: ${answer.text.trim()}`;
  return {
    title: firstSentence(request.question, AGENDA_LIMITS.title),
    description:
      description.length > AGENDA_LIMITS.description
        ? `${description.slice(0, AGENDA_LIMITS.description - 1)}…`
        : description,
    agendaKind: 'principled',
    department,
    forum: 'coordinators',
    urgent: false,
    minutes: 15,
    fromGuidance: request.id,
  };
}
