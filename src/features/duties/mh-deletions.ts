/**
 * The MH-code deletion task (IM 2018-002: the UDI coordinator deletes the case marker "MH" in DUF from
 * the cases reported to KOM once the code is no longer needed, normally once a year after KOM's
 * report is published). When the UDI coordinator records that KOM's report for a year is published,
 * the bot creates the task (kind `mh-deletion`): a card with the checklist, reminded weekly until it
 * is marked done; the day done is recorded and shown when the next round is opened. The bot never
 * touches DUF. No free text: the checklist is the catalog's.
 *
 * Pure: time comes in as arguments.
 */
import {
  historyEntry,
  newItemFields,
  SYSTEM_ACTOR,
  type TrackedItem,
  transition,
  type UnknownEvent,
} from '../../domain/tracked-item.js';
import type { IsoDate } from '../../domain/working-days.js';

export const DELETION_STATES = ['open', 'done'] as const;
export type DeletionState = (typeof DELETION_STATES)[number];

/** The checklist's lines (catalog keys `duties.deletion.checklist.<line>`). */
export const CHECKLIST = ['find', 'check', 'delete', 'record'] as const;

/** Days between reminders of an open task. */
export const REMINDER_DAYS = 7;
const DAY_MS = 86_400_000;

export type DeletionEvent =
  | { action: 'create'; publishedOn: string }
  | { action: 'remind' }
  | { action: 'done' }
  | UnknownEvent;

export interface MhDeletion extends TrackedItem<'mh-deletion', DeletionState, DeletionEvent> {
  /** The report year whose cases it concerns. */
  year: number;
  /** The day KOM's report was published (Oslo date). */
  publishedOn: IsoDate;
  /** When each weekly reminder was sent (ISO), oldest first. */
  reminders: string[];
  /** When it was marked done, and by whom. */
  doneAt?: string;
  doneBy?: string;
}

export const deletionId = (year: number): string => `mh-deletion.${year}`;

export function newDeletion(
  year: number,
  publishedOn: IsoDate,
  reference: string,
  by: string,
  at: string,
): MhDeletion {
  return {
    id: deletionId(year),
    reference,
    kind: 'mh-deletion',
    state: 'open',
    createdAt: at,
    createdBy: by,
    updatedAt: at,
    ...newItemFields(),
    history: [{ ...historyEntry<MhDeletion>({ action: 'create', publishedOn }, by, at), to: 'open' }],
    year,
    publishedOn,
    reminders: [],
  };
}

/** When the open task is next reminded: a week after its last reminder, or after it was created. */
export function nextReminderMs(
  task: Pick<MhDeletion, 'state' | 'reminders' | 'createdAt'>,
): number | undefined {
  if (task.state !== 'open') return undefined;
  const last = task.reminders.at(-1) ?? task.createdAt;
  return Date.parse(last) + REMINDER_DAYS * DAY_MS;
}

/** Whether the task is reminded at `nowMs`. */
export const reminderDue = (task: Pick<MhDeletion, 'state' | 'reminders' | 'createdAt'>, nowMs: number) => {
  const next = nextReminderMs(task);
  return next !== undefined && nowMs >= next;
};

export function withReminder(task: MhDeletion, at: string): MhDeletion {
  return {
    ...task,
    updatedAt: at,
    reminders: [...task.reminders, at],
    history: [...task.history, historyEntry<MhDeletion>({ action: 'remind' }, SYSTEM_ACTOR, at)],
  };
}

/** The task marked done by `by` at `at`; undefined when it was done already. */
export function markDone(task: MhDeletion, by: string, at: string): MhDeletion | undefined {
  if (task.state === 'done') return undefined;
  return { ...transition(task, 'done', by, { action: 'done' }, at), doneAt: at, doneBy: by };
}

/** The last done task (the latest done), if any. */
export function lastDone(tasks: readonly MhDeletion[]): MhDeletion | undefined {
  return tasks
    .filter((t) => t.state === 'done' && t.doneAt)
    .sort((a, b) => (a.doneAt! < b.doneAt! ? -1 : 1))
    .at(-1);
}
