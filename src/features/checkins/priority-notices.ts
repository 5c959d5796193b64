/**
 * ROSA priority notices (issue 12): Region East keeps contact with the ROSA project about placing
 * applicants in crisis shelters and tells ASA that those asylum cases must be prioritised. A notice
 * is a tracked item from a regional office (the sender's contact role) to ASA's coordinator: it
 * carries no identity and no case number, only where ASA finds the case in the agreed way (e.g.
 * "saksreferanse sendt i DUF-melding 12.01.2027") and an optional note. ASA's coordinator (or deputy)
 * acknowledges it ("prioritised"); until then it climbs a deadline ladder: ASA's coordinator reminded
 * after one working day, the UDI coordinator told after two.
 *
 * Pure: time comes in as arguments; who may do what is the policy's (notice-policy.ts).
 */
import { type DeadlineLadder, deadlineLadder, dueLadderSteps } from '../../domain/deadline-ladder.js';
import {
  historyEntry,
  newItemFields,
  type TrackedItem,
  transition,
  type UnknownEvent,
} from '../../domain/tracked-item.js';
import { addWorkingDays, type IsoDate } from '../../domain/working-days.js';
import { noticeTextIsSensitive } from './notice-guard.js';

export const NOTICE_KIND = 'priority-notice';
/** A notice's human reference: P-YYYY-NNNN. */
export const NOTICE_REFERENCE_PREFIX = 'P';

export const NOTICE_STATES = ['sent', 'acknowledged'] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];

/** The steps of a notice's ladder: ASA's coordinator reminded, then the UDI coordinator told. */
export const NOTICE_STEPS = ['reminder', 'escalation'] as const;
export type NoticeStep = (typeof NOTICE_STEPS)[number];

export type NoticeEvent =
  | { action: 'send' }
  | { action: 'remind'; step: NoticeStep }
  | { action: 'acknowledge' }
  | UnknownEvent;

export interface PriorityNotice extends TrackedItem<typeof NOTICE_KIND, NoticeState, NoticeEvent> {
  /** The regional office it is sent from (unit id of the sender's contact role). */
  region: string;
  /** Where ASA finds the case, in the agreed way (never the case number itself). */
  whereToFind: string;
  note?: string;
  /**
   * The working day ASA is expected to prioritise it: the day it was sent, or the next working day
   * when it was sent on a weekend or holiday. The ladder counts from it.
   */
  due: IsoDate;
  /** Who acknowledged it ("prioritised"), and when (ISO timestamp). */
  acknowledged?: { by: string; at: string };
  /** Ladder steps sent, with when. */
  steps: Partial<Record<NoticeStep, string>>;
}

export const NOTICE_LIMITS = { whereToFind: 500, note: 1000 } as const;

/** What a contact person fills in (the region is never from the card: it is their role's unit). */
export interface NoticeDraft {
  whereToFind: string;
  note?: string;
}

export type NoticeField = keyof NoticeDraft;
/** What is wrong with a field: blank, over its limit, or holding an identity or DUF number. */
export type NoticeFieldProblem = 'missing' | 'too-long' | 'sensitive';

/** What is wrong with a draft, by field; empty when it can be sent. Every text passes the guard. */
export function noticeProblems(draft: NoticeDraft): Partial<Record<NoticeField, NoticeFieldProblem>> {
  const problems: Partial<Record<NoticeField, NoticeFieldProblem>> = {};
  const where = draft.whereToFind.trim();
  if (!where) problems.whereToFind = 'missing';
  else if (where.length > NOTICE_LIMITS.whereToFind) problems.whereToFind = 'too-long';
  else if (noticeTextIsSensitive(where)) problems.whereToFind = 'sensitive';
  const note = (draft.note ?? '').trim();
  if (note.length > NOTICE_LIMITS.note) problems.note = 'too-long';
  else if (note && noticeTextIsSensitive(note)) problems.note = 'sensitive';
  return problems;
}

/** A new notice, as sent (the caller checked `noticeProblems`); texts trimmed, a blank note left out. */
export function newPriorityNotice(
  id: string,
  reference: string,
  region: string,
  draft: NoticeDraft,
  by: string,
  at: string,
): PriorityNotice {
  const note = draft.note?.trim();
  return {
    id,
    reference,
    kind: NOTICE_KIND,
    state: 'sent',
    createdAt: at,
    createdBy: by,
    updatedAt: at,
    ...newItemFields(),
    history: [{ ...historyEntry<PriorityNotice>({ action: 'send' }, by, at), to: 'sent' }],
    region,
    whereToFind: draft.whereToFind.trim(),
    ...(note ? { note } : {}),
    due: addWorkingDays(at, 0),
    steps: {},
  };
}

/** The notice acknowledged ("prioritised") by `by`; refused when it is acknowledged already. */
export function markAcknowledged(
  notice: PriorityNotice,
  by: string,
  at: string,
): { ok: true; notice: PriorityNotice } | { ok: false; problem: 'already-acknowledged' } {
  if (notice.state !== 'sent') return { ok: false, problem: 'already-acknowledged' };
  const moved = transition(notice, 'acknowledged', by, { action: 'acknowledge' }, at);
  return { ok: true, notice: { ...moved, acknowledged: { by, at } } };
}

/** When each step falls due, in working days after the notice's due day. */
const STEP_DAYS: Record<NoticeStep, number> = { reminder: 1, escalation: 2 };

const LADDER: DeadlineLadder<NoticeStep> = deadlineLadder<NoticeStep>([
  { name: 'reminder', at: { workingDaysAfter: STEP_DAYS.reminder }, audience: 'assignee' },
  { name: 'escalation', at: { workingDaysAfter: STEP_DAYS.escalation }, audience: 'udi-coordinator' },
]);

/** The ladder steps due `today` (Oslo date) for an unacknowledged notice that were not sent yet, in order. */
export function dueNoticeSteps(notice: PriorityNotice, today: IsoDate): NoticeStep[] {
  return dueLadderSteps(
    LADDER,
    { due: notice.due, running: notice.state === 'sent', done: notice.steps },
    today,
  );
}

/** The notice with `step` recorded as sent (by the bot). */
export function withNoticeStepSent(notice: PriorityNotice, step: NoticeStep, at: string): PriorityNotice {
  return {
    ...notice,
    updatedAt: at,
    steps: { ...notice.steps, [step]: at },
    history: [...notice.history, historyEntry<PriorityNotice>({ action: 'remind', step }, 'system', at)],
  };
}

/**
 * The Oslo date the notice's next step not sent yet falls due (`dueNoticeSteps` returns it from
 * then on), or undefined when none is left or it is acknowledged.
 */
export function nextNoticeStepDate(notice: PriorityNotice): IsoDate | undefined {
  if (notice.state !== 'sent') return undefined;
  const step = NOTICE_STEPS.find((s) => !notice.steps[s]);
  return step ? addWorkingDays(notice.due, STEP_DAYS[step]) : undefined;
}
