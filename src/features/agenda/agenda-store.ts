/**
 * The agenda in the store: the schemas of agenda items and follow-up actions (two kinds of tracked
 * item), checked on every put and at load, and the repositories the agenda use cases go through.
 * An item stays in the hot document until it is done, declined or merged; an action until it is done.
 */
import { z } from 'zod';
import { DEPARTMENTS } from '../../domain/roster.js';
import type { HistoryEntry } from '../../domain/tracked-item.js';
import {
  type Assignable,
  type Check,
  historyEntrySchema,
  type SameKeys,
  type SameKeysByAction,
  TEXTS_PRESENT,
  textsPresent,
  trackedItemFields,
  unknownHistoryEntrySchema,
} from '../../store/schema.js';
import type { UnitOfWork } from '../../store/store.js';
import type { ItemKindSpec, StorePart } from '../../store/store-parts.js';
import { ACTION_STATES, ACTION_STEPS, type ActionEvent, type FollowUpAction } from './agenda-actions.js';
import {
  AGENDA_KINDS,
  AGENDA_STATES,
  type AgendaEvent,
  type AgendaItem,
  FORUMS,
  type MeetingRef,
  OUTCOME_KINDS,
} from './agenda-items.js';
import { AGENDA_ACTION_PRIVACY, AGENDA_ITEM_PRIVACY } from './agenda-privacy.js';
import { type AgendaSheet, SHEET_STATES, type SheetEvent, sheetId } from './agenda-sheets.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const meetingRef = { seriesId: z.string().min(1), occurrence: isoDate };

const outcomeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('discussed') }),
  // Texts are empty only once redacted or erased (issue 14): new ones are checked by the rules.
  z.object({ kind: z.literal('clarified'), clarification: z.string() }),
  z.object({ kind: z.literal('initiative'), what: z.string(), by: z.string().min(1) }),
  z.object({ kind: z.literal('referred') }),
  z.object({
    kind: z.literal('follow-up'),
    what: z.string(),
    owner: z.string().min(1),
    due: isoDate,
    action: z.string().min(1),
  }),
]);

export const agendaHistoryEntrySchema = z.discriminatedUnion('action', [
  historyEntrySchema('submit'),
  historyEntrySchema('edit'),
  historyEntrySchema('accept', meetingRef),
  historyEntrySchema('defer', { ...meetingRef, reason: z.string() }),
  historyEntrySchema('carry-over', meetingRef),
  historyEntrySchema('merge', { into: z.string().min(1) }),
  historyEntrySchema('decline', { reason: z.string() }),
  historyEntrySchema('outcome', { outcome: z.enum(OUTCOME_KINDS) }),
  unknownHistoryEntrySchema,
]);

export const agendaItemSchema = z
  .object({
    ...trackedItemFields(agendaHistoryEntrySchema),
    kind: z.literal('agenda-item'),
    state: z.enum(AGENDA_STATES),
    // Empty only once redacted or erased (issue 14).
    title: z.string(),
    description: z.string(),
    agendaKind: z.enum(AGENDA_KINDS),
    department: z.enum(DEPARTMENTS),
    forum: z.enum(FORUMS),
    urgent: z.boolean(),
    minutes: z.int().min(1).max(600),
    fromGuidance: z.string().optional(),
    meeting: z.object(meetingRef).optional(),
    acceptedSeq: z.int().min(0).optional(),
    carriedOver: z.int().min(0),
    mergedInto: z.string().optional(),
    reason: z.string().optional(),
    outcome: outcomeSchema.optional(),
  })
  .refine(
    (item) =>
      textsPresent(item, [
        item.title,
        item.description,
        item.outcome?.kind === 'clarified' ? item.outcome.clarification : undefined,
        item.outcome?.kind === 'initiative' || item.outcome?.kind === 'follow-up'
          ? item.outcome.what
          : undefined,
      ]),
    TEXTS_PRESENT,
  );

export const actionHistoryEntrySchema = z.discriminatedUnion('action', [
  historyEntrySchema('create'),
  historyEntrySchema('remind', { step: z.enum(ACTION_STEPS) }),
  historyEntrySchema('done'),
  unknownHistoryEntrySchema,
]);

export const followUpActionSchema = z
  .object({
    ...trackedItemFields(actionHistoryEntrySchema),
    kind: z.literal('agenda-action'),
    state: z.enum(ACTION_STATES),
    what: z.string(),
    owner: z.string().min(1),
    due: isoDate,
    fromItem: z.string().min(1),
    department: z.enum(DEPARTMENTS),
    steps: z.partialRecord(z.enum(ACTION_STEPS), z.string()),
  })
  .refine((action) => textsPresent(action, [action.what]), TEXTS_PRESENT);

export const sheetHistoryEntrySchema = z.discriminatedUnion('action', [
  historyEntrySchema('post', { late: z.boolean() }),
  historyEntrySchema('skip'),
  unknownHistoryEntrySchema,
]);

export const agendaSheetSchema = z.object({
  ...trackedItemFields(sheetHistoryEntrySchema),
  kind: z.literal('agenda-sheet'),
  state: z.enum(SHEET_STATES),
  ...meetingRef,
  posted: z.record(z.string(), z.string()),
});

const itemKind: ItemKindSpec<AgendaItem> = {
  kind: 'agenda-item',
  schema: agendaItemSchema,
  finalStates: ['done', 'declined', 'merged'],
  // A meeting's record finds its items (archived ones too) by the meeting they were on.
  labels: (item) => (item.meeting ? [meetingLabel(item.meeting)] : []),
  privacy: AGENDA_ITEM_PRIVACY,
};

/** The label of the items on a meeting (the store's index finds them without reading history). */
export const meetingLabel = (meeting: MeetingRef): string => `meeting:${sheetId(meeting)}`;

const actionKind: ItemKindSpec<FollowUpAction> = {
  kind: 'agenda-action',
  schema: followUpActionSchema,
  due: (action) => action.due,
  finalStates: ['done'],
  privacy: AGENDA_ACTION_PRIVACY,
};

// A sheet stays while its meeting is ahead; it has no final state of its own yet (it goes to the
// archive with its meeting's records once retention comes, issue 14).
const sheetKind: ItemKindSpec<AgendaSheet> = {
  kind: 'agenda-sheet',
  schema: agendaSheetSchema,
  finalStates: [],
};

/** What the agenda feature keeps in the store. */
export const AGENDA_STORE: StorePart = {
  items: [
    itemKind as unknown as ItemKindSpec,
    actionKind as unknown as ItemKindSpec,
    sheetKind as unknown as ItemKindSpec,
  ],
};

/** Agenda items and follow-up actions, in one unit of work. */
export function agendaIn(uow: UnitOfWork) {
  return {
    async getItem(id: string): Promise<AgendaItem | undefined> {
      return (await uow.items.get('agenda-item', id)) as AgendaItem | undefined;
    },
    /** Items not yet settled (submitted or accepted), oldest first. */
    async openItems(): Promise<AgendaItem[]> {
      return (await uow.items.query({
        kind: 'agenda-item',
        states: ['submitted', 'accepted'],
      })) as AgendaItem[];
    },
    /** The items that are or were on a meeting (accepted, or done with an outcome), oldest first. */
    async meetingItems(meeting: MeetingRef): Promise<AgendaItem[]> {
      return (await uow.items.query({
        kind: 'agenda-item',
        label: meetingLabel(meeting),
        states: ['accepted', 'done'],
      })) as AgendaItem[];
    },
    /** The open items someone raised, oldest first. */
    async openItemsBy(aadObjectId: string): Promise<AgendaItem[]> {
      return (await uow.items.query({
        kind: 'agenda-item',
        createdBy: aadObjectId,
        states: ['submitted', 'accepted'],
      })) as AgendaItem[];
    },
    async putItem(item: AgendaItem): Promise<void> {
      await uow.items.put(item);
    },
    async getAction(id: string): Promise<FollowUpAction | undefined> {
      return (await uow.items.get('agenda-action', id)) as FollowUpAction | undefined;
    },
    async openActions(): Promise<FollowUpAction[]> {
      return (await uow.items.query({ kind: 'agenda-action', states: ['open'] })) as FollowUpAction[];
    },
    async putAction(action: FollowUpAction): Promise<void> {
      await uow.items.put(action);
    },
    async getSheet(meeting: MeetingRef): Promise<AgendaSheet | undefined> {
      return (await uow.items.get('agenda-sheet', sheetId(meeting))) as AgendaSheet | undefined;
    },
    async putSheet(sheet: AgendaSheet): Promise<void> {
      await uow.items.put(sheet);
    },
  };
}

export type AgendaSchemaMatchesDomain = [
  Check<SameKeysByAction<z.infer<typeof agendaHistoryEntrySchema>, HistoryEntry<AgendaEvent>>>,
  Check<Assignable<z.infer<typeof agendaHistoryEntrySchema>, HistoryEntry<AgendaEvent>>>,
  Check<Assignable<HistoryEntry<AgendaEvent>, z.infer<typeof agendaHistoryEntrySchema>>>,
  Check<SameKeys<z.infer<typeof agendaItemSchema>, AgendaItem>>,
  Check<Assignable<z.infer<typeof agendaItemSchema>, AgendaItem>>,
  Check<Assignable<AgendaItem, z.infer<typeof agendaItemSchema>>>,
  Check<SameKeysByAction<z.infer<typeof actionHistoryEntrySchema>, HistoryEntry<ActionEvent>>>,
  Check<Assignable<z.infer<typeof actionHistoryEntrySchema>, HistoryEntry<ActionEvent>>>,
  Check<Assignable<HistoryEntry<ActionEvent>, z.infer<typeof actionHistoryEntrySchema>>>,
  Check<SameKeys<z.infer<typeof followUpActionSchema>, FollowUpAction>>,
  Check<Assignable<z.infer<typeof followUpActionSchema>, FollowUpAction>>,
  Check<Assignable<FollowUpAction, z.infer<typeof followUpActionSchema>>>,
  Check<SameKeysByAction<z.infer<typeof sheetHistoryEntrySchema>, HistoryEntry<SheetEvent>>>,
  Check<Assignable<z.infer<typeof sheetHistoryEntrySchema>, HistoryEntry<SheetEvent>>>,
  Check<Assignable<HistoryEntry<SheetEvent>, z.infer<typeof sheetHistoryEntrySchema>>>,
  Check<SameKeys<z.infer<typeof agendaSheetSchema>, AgendaSheet>>,
  Check<Assignable<z.infer<typeof agendaSheetSchema>, AgendaSheet>>,
  Check<Assignable<AgendaSheet, z.infer<typeof agendaSheetSchema>>>,
];
