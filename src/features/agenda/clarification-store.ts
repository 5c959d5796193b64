/**
 * The register of clarifications in the store: the schema of an entry (a kind of tracked item),
 * checked on every put and at load, and the repository the use cases go through. A proposed or active
 * entry stays in the hot document, where the search index is built from; a withdrawn one is final and goes to the
 * archive once it has settled (it is never searched again, but its history is kept).
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
  CLARIFICATION_FIELDS,
  CLARIFICATION_FORUMS,
  CLARIFICATION_KIND,
  CLARIFICATION_STATES,
  CLARIFICATION_TEXT_LIMIT,
  type Clarification,
  type ClarificationEvent,
} from './clarifications.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const text = z.string().min(1).max(CLARIFICATION_TEXT_LIMIT);

const sourceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('meeting'),
    forum: z.enum(CLARIFICATION_FORUMS),
    seriesId: z.string().min(1),
    occurrence: isoDate,
  }),
  z.object({ kind: z.literal('guidance'), requestId: z.string().min(1), coordinator: z.string().min(1) }),
]);

export const clarificationHistoryEntrySchema = z.discriminatedUnion('action', [
  historyEntrySchema('create'),
  historyEntrySchema('edit', { changed: z.array(z.enum(CLARIFICATION_FIELDS)) }),
  historyEntrySchema('approve'),
  historyEntrySchema('withdraw'),
  unknownHistoryEntrySchema,
]);

export const clarificationSchema = z.object({
  ...trackedItemFields(clarificationHistoryEntrySchema),
  kind: z.literal(CLARIFICATION_KIND),
  state: z.enum(CLARIFICATION_STATES),
  question: text,
  clarification: text,
  decidedOn: isoDate,
  source: sourceSchema,
  topicId: z.string().min(1).optional(),
});

const clarificationKind: ItemKindSpec<Clarification> = {
  kind: CLARIFICATION_KIND,
  schema: clarificationSchema,
  finalStates: ['withdrawn'],
};

/** What the register of clarifications keeps in the store. */
export const CLARIFICATIONS_STORE: StorePart = {
  items: [clarificationKind as unknown as ItemKindSpec],
};

/** The register's entries, in one unit of work. */
export function clarificationsIn(uow: UnitOfWork) {
  return {
    async get(id: string): Promise<Clarification | undefined> {
      return (await uow.items.get(CLARIFICATION_KIND, id)) as Clarification | undefined;
    },
    async put(entry: Clarification): Promise<void> {
      await uow.items.put(entry);
    },
    /** The active entries, oldest first: what the search index is built from. */
    async listActive(): Promise<Clarification[]> {
      return (await uow.items.query({ kind: CLARIFICATION_KIND, states: ['active'] })) as Clarification[];
    },
    /** The proposed entries (from guidance answers, not yet approved), oldest first: for the UDI coordinator. */
    async listProposed(): Promise<Clarification[]> {
      return (await uow.items.query({ kind: CLARIFICATION_KIND, states: ['proposed'] })) as Clarification[];
    },
  };
}

export type ClarificationsSchemaMatchesDomain = [
  Check<SameKeysByAction<z.infer<typeof clarificationHistoryEntrySchema>, HistoryEntry<ClarificationEvent>>>,
  Check<Assignable<z.infer<typeof clarificationHistoryEntrySchema>, HistoryEntry<ClarificationEvent>>>,
  Check<Assignable<HistoryEntry<ClarificationEvent>, z.infer<typeof clarificationHistoryEntrySchema>>>,
  Check<SameKeys<z.infer<typeof clarificationSchema>, Clarification>>,
  Check<Assignable<z.infer<typeof clarificationSchema>, Clarification>>,
  Check<Assignable<Clarification, z.infer<typeof clarificationSchema>>>,
];
