/**
 * The check-ins in the store: the schemas of a region's check-in and of a cycle (two kinds of tracked
 * item), checked on every put and at load, and the repositories the use cases and jobs go through.
 * A check-in is labelled with its cycle (and its region), so a cycle's digest and the overview find
 * them without reading history, archived ones too. A check-in settles once answered or missed, a
 * cycle once closed.
 */
import { z } from 'zod';
import type { HistoryEntry } from '../../domain/tracked-item.js';
import {
  type Assignable,
  type Check,
  historyEntrySchema,
  type SameKeys,
  type SameKeysByAction,
  trackedItemFields,
  unknownHistoryEntrySchema,
} from '../../store/schema.js';
import type { UnitOfWork } from '../../store/store.js';
import type { ItemKindSpec, StorePart } from '../../store/store-parts.js';
import {
  type CheckinCycle,
  CYCLE_STATES,
  type CycleEvent,
  type CycleRef,
  cycleId,
} from './checkin-cycles.js';
import { CHECKIN_PRIVACY } from './checkin-privacy.js';
import { CHECKIN_LIMITS, CHECKIN_STATES, type CheckIn, type CheckinEvent } from './checkins.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const cycleRef = { seriesId: z.string().min(1), occurrence: isoDate };
const topicText = z.string().min(1).max(CHECKIN_LIMITS.text).optional();

export const checkinHistoryEntrySchema = z.discriminatedUnion('action', [
  historyEntrySchema('open'),
  historyEntrySchema('submit'),
  historyEntrySchema('nothing-new'),
  historyEntrySchema('nudge'),
  historyEntrySchema('missed'),
  unknownHistoryEntrySchema,
]);

export const checkinSchema = z.object({
  ...trackedItemFields(checkinHistoryEntrySchema),
  kind: z.literal('checkin'),
  state: z.enum(CHECKIN_STATES),
  ...cycleRef,
  unitId: z.string().min(1),
  due: z.string().min(1),
  answers: z
    .object({
      principled: topicText,
      challenges: topicText,
      trends: topicText,
      training: topicText,
      cases: z.int().min(0).max(CHECKIN_LIMITS.cases),
    })
    .optional(),
  nudgedAt: z.string().optional(),
  answeredAt: z.string().optional(),
});

export const cycleHistoryEntrySchema = z.discriminatedUnion('action', [
  historyEntrySchema('open', { late: z.boolean() }),
  historyEntrySchema('flag', { regions: z.array(z.string()) }),
  historyEntrySchema('digest', { complete: z.boolean() }),
  historyEntrySchema('close', { missed: z.int().min(0) }),
  unknownHistoryEntrySchema,
]);

export const cycleSchema = z.object({
  ...trackedItemFields(cycleHistoryEntrySchema),
  kind: z.literal('checkin-cycle'),
  state: z.enum(CYCLE_STATES),
  ...cycleRef,
  due: z.string().min(1),
  regions: z.array(z.string().min(1)),
  flagged: z.array(z.string().min(1)),
  digestSentAt: z.string().optional(),
});

/** The label of a cycle's check-ins. */
export const cycleLabel = (ref: CycleRef): string => `cycle:${cycleId(ref)}`;
/** The label of a region's check-ins. */
export const regionLabel = (unitId: string): string => `region:${unitId}`;

const checkinKind: ItemKindSpec<CheckIn> = {
  kind: 'checkin',
  schema: checkinSchema,
  due: (checkin) => checkin.due,
  finalStates: ['submitted', 'nothing-new', 'missed'],
  privacy: CHECKIN_PRIVACY,
  labels: (checkin) => [cycleLabel(checkin), regionLabel(checkin.unitId)],
};

const cycleKind: ItemKindSpec<CheckinCycle> = {
  kind: 'checkin-cycle',
  schema: cycleSchema,
  due: (cycle) => cycle.due,
  finalStates: ['closed'],
};

/** What the check-ins feature keeps in the store. */
export const CHECKINS_STORE: StorePart = {
  items: [checkinKind as unknown as ItemKindSpec, cycleKind as unknown as ItemKindSpec],
};

/** Check-ins and their cycles, in one unit of work. */
export function checkinsIn(uow: UnitOfWork) {
  return {
    async get(id: string): Promise<CheckIn | undefined> {
      return (await uow.items.get('checkin', id)) as CheckIn | undefined;
    },
    /** A cycle's check-ins (archived ones too), oldest first. */
    async ofCycle(ref: CycleRef): Promise<CheckIn[]> {
      return (await uow.items.query({ kind: 'checkin', label: cycleLabel(ref) })) as CheckIn[];
    },
    /** The check-ins still open, oldest first. */
    async open(): Promise<CheckIn[]> {
      return (await uow.items.query({ kind: 'checkin', states: ['open'] })) as CheckIn[];
    },
    async put(checkin: CheckIn): Promise<void> {
      await uow.items.put(checkin);
    },
    async getCycle(ref: CycleRef): Promise<CheckinCycle | undefined> {
      return (await uow.items.get('checkin-cycle', cycleId(ref))) as CheckinCycle | undefined;
    },
    async getCycleById(id: string): Promise<CheckinCycle | undefined> {
      return (await uow.items.get('checkin-cycle', id)) as CheckinCycle | undefined;
    },
    /** The cycles whose meeting has not begun yet (or whose closing is still to do), oldest first. */
    async openCycles(): Promise<CheckinCycle[]> {
      return (await uow.items.query({ kind: 'checkin-cycle', states: ['open'] })) as CheckinCycle[];
    },
    /** The latest cycles (closed ones from the archive too), newest first. */
    async recentCycles(limit: number): Promise<CheckinCycle[]> {
      return (await uow.items.query({ kind: 'checkin-cycle', order: 'newest', limit })) as CheckinCycle[];
    },
    async putCycle(cycle: CheckinCycle): Promise<void> {
      await uow.items.put(cycle);
    },
  };
}

export type CheckinsSchemaMatchesDomain = [
  Check<SameKeysByAction<z.infer<typeof checkinHistoryEntrySchema>, HistoryEntry<CheckinEvent>>>,
  Check<Assignable<z.infer<typeof checkinHistoryEntrySchema>, HistoryEntry<CheckinEvent>>>,
  Check<Assignable<HistoryEntry<CheckinEvent>, z.infer<typeof checkinHistoryEntrySchema>>>,
  Check<SameKeys<z.infer<typeof checkinSchema>, CheckIn>>,
  Check<Assignable<z.infer<typeof checkinSchema>, CheckIn>>,
  Check<Assignable<CheckIn, z.infer<typeof checkinSchema>>>,
  Check<SameKeysByAction<z.infer<typeof cycleHistoryEntrySchema>, HistoryEntry<CycleEvent>>>,
  Check<Assignable<z.infer<typeof cycleHistoryEntrySchema>, HistoryEntry<CycleEvent>>>,
  Check<Assignable<HistoryEntry<CycleEvent>, z.infer<typeof cycleHistoryEntrySchema>>>,
  Check<SameKeys<z.infer<typeof cycleSchema>, CheckinCycle>>,
  Check<Assignable<z.infer<typeof cycleSchema>, CheckinCycle>>,
  Check<Assignable<CheckinCycle, z.infer<typeof cycleSchema>>>,
];
