/**
 * The measures in the store: the schema of a measure (kind `measure`), checked on every put and at
 * load, the repository the use cases and the job go through, and the privacy hooks (redaction and
 * erasure of the free text people wrote). A measure is labelled with its owner (the overview finds
 * an owner's measures without reading them all); it settles once closed.
 */
import { z } from 'zod';
import type { HistoryEntry } from '../../domain/tracked-item.js';
import {
  type Assignable,
  type Check,
  department,
  historyEntrySchema,
  type SameKeys,
  type SameKeysByAction,
  trackedItemFields,
  unknownHistoryEntrySchema,
} from '../../store/schema.js';
import type { UnitOfWork } from '../../store/store.js';
import type { ItemKindSpec, StorePart } from '../../store/store-parts.js';
import {
  MEASURE_LIMITS,
  MEASURE_STATES,
  MEASURE_STATUSES,
  type Measure,
  type MeasureEvent,
} from './measures.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const status = z.enum(MEASURE_STATUSES);

export const measureHistoryEntrySchema = z.discriminatedUnion('action', [
  historyEntrySchema('register'),
  historyEntrySchema('edit', { fields: z.array(z.string()) }),
  historyEntrySchema('report', { status }),
  historyEntrySchema('request', { period: z.string().regex(/^\d{4}-\d{2}$/) }),
  historyEntrySchema('remind'),
  historyEntrySchema('overdue'),
  historyEntrySchema('close'),
  unknownHistoryEntrySchema,
]);

export const measureSchema = z.object({
  ...trackedItemFields(measureHistoryEntrySchema),
  kind: z.literal('measure'),
  state: z.enum(MEASURE_STATES),
  // Empty once redacted (retention): the free text goes, the item stays.
  title: z.string().max(MEASURE_LIMITS.title),
  plan: z.string().max(MEASURE_LIMITS.plan),
  department,
  owner: z.string().min(1),
  due: isoDate,
  status,
  reports: z.array(
    z.object({
      at: z.string().min(1),
      by: z.string().min(1),
      status,
      text: z.string().max(MEASURE_LIMITS.text),
    }),
  ),
  requests: z.array(z.string().regex(/^\d{4}-\d{2}$/)),
  steps: z.object({ remind: z.string().optional(), overdue: z.string().optional() }),
});

/** The label of an owner's measures. */
export const ownerLabel = (aadObjectId: string): string => `owner:${aadObjectId}`;

const measureKind: ItemKindSpec<Measure> = {
  kind: 'measure',
  schema: measureSchema,
  due: (measure) => measure.due,
  finalStates: ['closed'],
  // Measures follow the yearly reporting: kept as long as the rounds' records.
  privacy: {
    retention: 'rounds',
    settledAt: (measure) => (measure.state === 'closed' ? measure.updatedAt : undefined),
    redact: (measure) => redactMeasure(measure),
    erase: (measure, aadObjectId) => eraseMeasureFor(measure, aadObjectId),
  },
  labels: (measure) => [ownerLabel(measure.owner)],
};

/** What the action plans keep in the store. */
export const ACTIONPLANS_STORE: StorePart = { items: [measureKind as unknown as ItemKindSpec] };

/** Measures, in one unit of work. */
export function measuresIn(uow: UnitOfWork) {
  return {
    async get(id: string): Promise<Measure | undefined> {
      return (await uow.items.get('measure', id)) as Measure | undefined;
    },
    /** The measures not closed, oldest first. */
    async active(): Promise<Measure[]> {
      return (await uow.items.query({ kind: 'measure', states: ['active'] })) as Measure[];
    },
    /** Every measure, closed ones (from the archive) too, oldest first. */
    async all(): Promise<Measure[]> {
      return (await uow.items.query({ kind: 'measure' })) as Measure[];
    },
    /** An owner's measures not closed, oldest first. */
    async activeOf(owner: string): Promise<Measure[]> {
      return (await uow.items.query({
        kind: 'measure',
        states: ['active'],
        label: ownerLabel(owner),
      })) as Measure[];
    },
    async put(measure: Measure): Promise<void> {
      await uow.items.put(measure);
    },
  };
}

// ---- privacy hooks (wired by the retention feature) ---------------------------------------------------

/** The measure without any free text: title, plan and every report's text emptied; ids, states, dates kept. */
export function redactMeasure(measure: Measure): Measure {
  return {
    ...measure,
    title: '',
    plan: '',
    reports: measure.reports.map((r) => ({ ...r, text: '' })),
  };
}

/**
 * The measure without the free text `aadObjectId` wrote: the texts of their status reports, and the
 * title and plan if they registered it (the UDI coordinator typed those).
 */
export function eraseMeasureFor(measure: Measure, aadObjectId: string): Measure {
  const registeredBy = measure.createdBy === aadObjectId;
  return {
    ...measure,
    ...(registeredBy ? { title: '', plan: '' } : {}),
    reports: measure.reports.map((r) => (r.by === aadObjectId ? { ...r, text: '' } : r)),
  };
}

export type MeasuresSchemaMatchesDomain = [
  Check<SameKeysByAction<z.infer<typeof measureHistoryEntrySchema>, HistoryEntry<MeasureEvent>>>,
  Check<Assignable<z.infer<typeof measureHistoryEntrySchema>, HistoryEntry<MeasureEvent>>>,
  Check<Assignable<HistoryEntry<MeasureEvent>, z.infer<typeof measureHistoryEntrySchema>>>,
  Check<SameKeys<z.infer<typeof measureSchema>, Measure>>,
  Check<Assignable<z.infer<typeof measureSchema>, Measure>>,
  Check<Assignable<Measure, z.infer<typeof measureSchema>>>,
];
