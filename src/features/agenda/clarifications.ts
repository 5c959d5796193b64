/**
 * The network's register of clarifications (avklaringer): every "clarified" outcome of a meeting and
 * every answered principled guidance question becomes an entry, so the network's "lik praksis" can be
 * found again by the caseworker who asks next (IM 2018-002: the network identifies principled
 * questions from individual cases and takes the initiative to clarify them). An entry is a tracked
 * item: active until the UDI coordinator withdraws it; a withdrawn one is kept (its history says who
 * withdrew it and when) but never found or suggested again (clarification-search.ts). Entries are
 * kept until withdrawn because they hold no personal data: the privacy guard screens every text, and
 * an entry from a guidance answer starts 'proposed' (not found, not suggested) until the UDI
 * coordinator has read it over and approved it; a meeting's outcome was written by a curator, so its
 * entry is active at once.
 *
 * Pure rules: create, edit, approve, withdraw, each returning the new item or the problems with what was given.
 * Who may do them is the policy's question, not this module's. Texts are trimmed and checked for
 * presence and length here, and an identity or DUF number is refused here too, although the card
 * router screens every value first: an entry is kept for years and shown to everyone who searches, so
 * the register checks what it keeps itself, whichever path the text came by.
 *
 * Pure: the time and the actor come in as arguments.
 */
import { containsSensitiveIdentifier } from '../../domain/privacy-guard.js';
import { isIsoDate } from '../../domain/recurrence.js';
import type { Result } from '../../domain/result.js';
import {
  historyEntry,
  newItemFields,
  type TrackedItem,
  transition,
  type UnknownEvent,
} from '../../domain/tracked-item.js';
import type { IsoDate } from '../../domain/working-days.js';

export const CLARIFICATION_KIND = 'clarification';

/** The prefix of an entry's human reference ("A-2026-0007": avklaring). */
export const CLARIFICATION_REFERENCE_PREFIX = 'A';

/** 'proposed': from a guidance answer, waiting for the UDI coordinator's review (never found or suggested). */
export const CLARIFICATION_STATES = ['proposed', 'active', 'withdrawn'] as const;
export type ClarificationState = (typeof CLARIFICATION_STATES)[number];

/** The forums whose meetings clarify (the coordinators' monthly meeting, the whole network). */
export const CLARIFICATION_FORUMS = ['coordinators', 'network'] as const;
export type ClarificationForum = (typeof CLARIFICATION_FORUMS)[number];

/**
 * Longest question or clarification kept (characters, after trimming). The same as guidance's text
 * limit, so that any answered guidance question and its answer fit as they are.
 */
export const CLARIFICATION_TEXT_LIMIT = 4000;

/** Where a clarification was made: at a meeting of a forum, or in answer to a guidance request. */
export type ClarificationSource =
  | {
      kind: 'meeting';
      forum: ClarificationForum;
      /** The meeting series' item id. */
      seriesId: string;
      /** The meeting's original date in its series (as meeting items name it). */
      occurrence: IsoDate;
    }
  | {
      kind: 'guidance';
      /** The guidance request's item id. */
      requestId: string;
      /** AAD object id of the coordinator who answered it. */
      coordinator: string;
    };

/** The fields of an entry that can be edited (and that an 'edit' entry names). */
export const CLARIFICATION_FIELDS = ['question', 'clarification', 'decidedOn', 'topicId'] as const;
export type ClarificationField = (typeof CLARIFICATION_FIELDS)[number];

/**
 * What happened to an entry. The texts are not copied into the history (as for guidance: free text is
 * kept in one place, where it is found, screened or erased); an edit names the fields it changed.
 */
export type ClarificationEvent =
  | { action: 'create' }
  | { action: 'edit'; changed: ClarificationField[] }
  | { action: 'approve' }
  | { action: 'withdraw' }
  | UnknownEvent;

export interface Clarification extends TrackedItem<'clarification', ClarificationState, ClarificationEvent> {
  /** The principled question, as the network understood it. */
  question: string;
  /** What the network (or the coordinator) clarified, in a few sentences. */
  clarification: string;
  /** When it was clarified (the meeting's date, or the day the answer was given). */
  decidedOn: IsoDate;
  source: ClarificationSource;
  /** The guidance topic it belongs to (GuidanceTopic.id), when there is one. */
  topicId?: string;
}

/** What is wrong with a field: absent or blank, over its limit, holding an identity number, or malformed. */
export type FieldProblem = 'missing' | 'too-long' | 'sensitive' | 'invalid';

export type ClarificationError =
  /** What was given has problems, by field (the card shows each under its field). */
  | { kind: 'invalid'; problems: Partial<Record<ClarificationField | 'source', FieldProblem>> }
  /** The entry is withdrawn (it can no longer be edited or withdrawn again), or approved twice. */
  | { kind: 'not-allowed-in-state'; state: ClarificationState }
  /** An edit that changes nothing (no history entry for it). */
  | { kind: 'unchanged' };

export interface NewClarificationArgs {
  id: string;
  /** Human reference (formatReference(CLARIFICATION_REFERENCE_PREFIX, year, sequence)). */
  reference: string;
  question: string;
  clarification: string;
  decidedOn: IsoDate;
  source: ClarificationSource;
  topicId?: string;
  /** AAD object id of who recorded it (the UDI coordinator, or whoever recorded the outcome). */
  by: string;
  /** ISO timestamp. */
  at: string;
}

/** The changes an edit makes; `topicId: null` takes the topic away. */
export interface ClarificationChanges {
  question?: string;
  clarification?: string;
  decidedOn?: IsoDate;
  topicId?: string | null;
}

type Problems = Partial<Record<ClarificationField | 'source', FieldProblem>>;

/** Trims a text and says what is wrong with it, if anything. */
function checkText(text: string): { value: string; problem?: FieldProblem } {
  const value = text.trim();
  if (value === '') return { value, problem: 'missing' };
  if (value.length > CLARIFICATION_TEXT_LIMIT) return { value, problem: 'too-long' };
  if (containsSensitiveIdentifier(value)) return { value, problem: 'sensitive' };
  return { value };
}

/** An id as stored: trimmed, non-empty, and short (ids are generated, never typed). */
const isId = (value: string): boolean => value.trim() !== '' && value.length <= 200;

function sourceProblem(source: ClarificationSource): FieldProblem | undefined {
  switch (source.kind) {
    case 'meeting':
      return CLARIFICATION_FORUMS.includes(source.forum) &&
        isId(source.seriesId) &&
        isIsoDate(source.occurrence)
        ? undefined
        : 'invalid';
    case 'guidance':
      return isId(source.requestId) && isId(source.coordinator) ? undefined : 'invalid';
    default:
      return 'invalid';
  }
}

/** A topic id as kept: trimmed; blank means none. */
function checkTopic(topicId: string | undefined | null): { value?: string; problem?: FieldProblem } {
  const value = topicId?.trim();
  if (!value) return {};
  return isId(value) ? { value } : { problem: 'invalid' };
}

const invalid = (problems: Problems): { ok: false; error: ClarificationError } => ({
  ok: false,
  error: { kind: 'invalid', problems },
});

/**
 * A new entry, with its 'create' history entry: 'proposed' when it comes from a guidance answer (the
 * UDI coordinator reviews it before anyone finds it), 'active' when from a meeting (a curator wrote it). Problems: a blank question or clarification
 * ('missing'), one over CLARIFICATION_TEXT_LIMIT ('too-long'), one holding an identity or DUF number
 * ('sensitive'), a date that is not a real YYYY-MM-DD date, or a source or topic id that is malformed
 * ('invalid'); all of them at once, by field.
 */
export function newClarification(args: NewClarificationArgs): Result<Clarification, ClarificationError> {
  const question = checkText(args.question);
  const clarification = checkText(args.clarification);
  const topic = checkTopic(args.topicId);
  const problems: Problems = {};
  if (question.problem) problems.question = question.problem;
  if (clarification.problem) problems.clarification = clarification.problem;
  if (!isIsoDate(args.decidedOn)) problems.decidedOn = 'invalid';
  if (topic.problem) problems.topicId = topic.problem;
  const source = sourceProblem(args.source);
  if (source) problems.source = source;
  if (Object.keys(problems).length > 0) return invalid(problems);
  const state: ClarificationState = args.source.kind === 'guidance' ? 'proposed' : 'active';
  const entry: Clarification = {
    id: args.id,
    reference: args.reference,
    kind: CLARIFICATION_KIND,
    state,
    createdAt: args.at,
    createdBy: args.by,
    updatedAt: args.at,
    ...newItemFields(),
    history: [{ ...historyEntry<Clarification>({ action: 'create' }, args.by, args.at), to: state }],
    question: question.value,
    clarification: clarification.value,
    decidedOn: args.decidedOn,
    // Copied field by field: nothing the caller's object carries besides the source's own fields
    // reaches the store (the schema would refuse the entry).
    source:
      args.source.kind === 'meeting'
        ? {
            kind: 'meeting',
            forum: args.source.forum,
            seriesId: args.source.seriesId,
            occurrence: args.source.occurrence,
          }
        : { kind: 'guidance', requestId: args.source.requestId, coordinator: args.source.coordinator },
    ...(topic.value ? { topicId: topic.value } : {}),
  };
  return { ok: true, value: entry };
}

/**
 * The entry with `changes` made, and an 'edit' history entry naming the fields that changed, in the
 * state it was in. Only a proposed or active entry is edited ('not-allowed-in-state'); an edit that changes nothing is 'unchanged'; the
 * texts, date and topic are checked as for a new entry. The source is not editable: where a
 * clarification was made does not change.
 */
export function editClarification(
  entry: Clarification,
  changes: ClarificationChanges,
  by: string,
  at: string,
): Result<Clarification, ClarificationError> {
  if (entry.state === 'withdrawn')
    return { ok: false, error: { kind: 'not-allowed-in-state', state: entry.state } };
  const problems: Problems = {};
  const next: Clarification = { ...entry };
  for (const field of ['question', 'clarification'] as const) {
    const given = changes[field];
    if (given === undefined) continue;
    const checked = checkText(given);
    if (checked.problem) problems[field] = checked.problem;
    else next[field] = checked.value;
  }
  if (changes.decidedOn !== undefined) {
    if (isIsoDate(changes.decidedOn)) next.decidedOn = changes.decidedOn;
    else problems.decidedOn = 'invalid';
  }
  if (changes.topicId !== undefined) {
    const topic = checkTopic(changes.topicId);
    if (topic.problem) problems.topicId = topic.problem;
    else if (topic.value) next.topicId = topic.value;
    else delete next.topicId;
  }
  if (Object.keys(problems).length > 0) return invalid(problems);
  const changed = CLARIFICATION_FIELDS.filter((field) => next[field] !== entry[field]);
  if (changed.length === 0) return { ok: false, error: { kind: 'unchanged' } };
  return {
    ok: true,
    value: {
      ...next,
      updatedAt: at,
      history: [...entry.history, historyEntry<Clarification>({ action: 'edit', changed }, by, at)],
    },
  };
}

/**
 * A later answer to the guidance request an entry came from (after a follow-up): its clarification
 * becomes the new answer. An active entry goes back to 'proposed', since the new text has not been
 * read over (its edit entry records the move); a proposed one stays proposed. A withdrawn entry is
 * not changed ('not-allowed-in-state'), nor one the answer leaves as it was ('unchanged').
 */
export function answeredAgain(
  entry: Clarification,
  answer: string,
  by: string,
  at: string,
): Result<Clarification, ClarificationError> {
  const edited = editClarification(entry, { clarification: answer }, by, at);
  if (!edited.ok || entry.state !== 'active') return edited;
  const history = [...edited.value.history];
  history[history.length - 1] = { ...history.at(-1)!, from: 'active', to: 'proposed' };
  return { ok: true, value: { ...edited.value, state: 'proposed', history } };
}

/**
 * A proposed entry approved by the UDI coordinator (its text read over for personal data): it becomes
 * active, found and suggested from now on. Only a proposed entry is approved ('not-allowed-in-state').
 */
export function approveClarification(
  entry: Clarification,
  by: string,
  at: string,
): Result<Clarification, ClarificationError> {
  if (entry.state !== 'proposed')
    return { ok: false, error: { kind: 'not-allowed-in-state', state: entry.state } };
  return { ok: true, value: transition(entry, 'active', by, { action: 'approve' }, at) };
}

/**
 * The entry withdrawn (a proposed or an active one): it stays in the store with its history, and is
 * never found or suggested again. A withdrawn entry cannot be withdrawn twice ('not-allowed-in-state').
 */
export function withdrawClarification(
  entry: Clarification,
  by: string,
  at: string,
): Result<Clarification, ClarificationError> {
  if (entry.state === 'withdrawn')
    return { ok: false, error: { kind: 'not-allowed-in-state', state: entry.state } };
  return { ok: true, value: transition(entry, 'withdrawn', by, { action: 'withdraw' }, at) };
}
