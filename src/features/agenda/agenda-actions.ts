/**
 * Follow-up actions decided at a meeting (oppfølgingspunkter): items of their own on the engine, owned
 * by one person with a due date, reminded to the owner before it and reported to the UDI coordinator
 * once it has passed (the deadline ladder, in Norwegian working days); closing one tells the submitter
 * of the agenda item it came from. Pure.
 */
import {
  type DeadlineLadder,
  deadlineLadder,
  dueLadderSteps,
  type LadderAudience,
} from '../../domain/deadline-ladder.js';
import type { Department } from '../../domain/roster.js';
import {
  historyEntry,
  newItemFields,
  type TrackedItem,
  transition,
  type UnknownEvent,
} from '../../domain/tracked-item.js';
import type { IsoDate } from '../../domain/working-days.js';

export const ACTION_STATES = ['open', 'done'] as const;
export type ActionState = (typeof ACTION_STATES)[number];

/** The steps of an action's ladder: a reminder to the owner, then the UDI coordinator told. */
export const ACTION_STEPS = ['due-soon', 'overdue'] as const;
export type ActionStep = (typeof ACTION_STEPS)[number];

export type ActionEvent =
  | { action: 'create' }
  | { action: 'remind'; step: ActionStep }
  | { action: 'done' }
  | UnknownEvent;

export interface FollowUpAction extends TrackedItem<'agenda-action', ActionState, ActionEvent> {
  /** What is to be done. */
  what: string;
  /** AAD object id of the person who does it. */
  owner: string;
  due: IsoDate;
  /** The agenda item it came from (its submitter is told when it is done). */
  fromItem: string;
  /** That item's department (its curators may close the action too). */
  department: Department;
  /** Ladder steps sent for the current due date, with when. */
  steps: Partial<Record<ActionStep, string>>;
}

const LADDER: DeadlineLadder<ActionStep> = deadlineLadder<ActionStep>([
  { name: 'due-soon', at: { workingDaysBefore: 2 }, audience: 'assignee' },
  { name: 'overdue', at: { workingDaysAfter: 1 }, audience: 'udi-coordinator' },
]);

export const actionStepAudience = (step: ActionStep): LadderAudience =>
  LADDER.steps.find((s) => s.name === step)?.audience ?? 'assignee';

export function newFollowUpAction(
  id: string,
  reference: string,
  fields: Pick<FollowUpAction, 'what' | 'owner' | 'due' | 'fromItem' | 'department'>,
  by: string,
  at: string,
): FollowUpAction {
  return {
    id,
    reference,
    kind: 'agenda-action',
    state: 'open',
    createdAt: at,
    createdBy: by,
    updatedAt: at,
    ...newItemFields(),
    history: [{ ...historyEntry<FollowUpAction>({ action: 'create' }, by, at), to: 'open' }],
    ...fields,
    what: fields.what.trim(),
    steps: {},
  };
}

/** The ladder steps due for an open action `today` (Oslo date) that were not sent yet, in order. */
export function dueActionSteps(action: FollowUpAction, today: IsoDate): ActionStep[] {
  return dueLadderSteps(
    LADDER,
    { due: action.due, running: action.state === 'open', done: action.steps },
    today,
  );
}

/** The action with `step` recorded as sent. */
export function withStepSent(action: FollowUpAction, step: ActionStep, at: string): FollowUpAction {
  return {
    ...action,
    updatedAt: at,
    steps: { ...action.steps, [step]: at },
    history: [...action.history, historyEntry<FollowUpAction>({ action: 'remind', step }, 'system', at)],
  };
}

/** The action done (refused when it is done already). */
export function closeAction(
  action: FollowUpAction,
  by: string,
  at: string,
): { ok: true; action: FollowUpAction } | { ok: false; problem: 'not-allowed-in-state' } {
  if (action.state !== 'open') return { ok: false, problem: 'not-allowed-in-state' };
  return { ok: true, action: transition(action, 'done', by, { action: 'done' }, at) };
}
