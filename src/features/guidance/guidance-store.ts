/**
 * Guidance in the store: the schema of guidance requests (an item kind, due on its deadline) and of
 * the topics (a record, seeded from IM 2018-002), checked on every put and at load, and the
 * repositories the guidance use cases read and write through.
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
import type { ItemQuery, UnitOfWork } from '../../store/store.js';
import type { ItemKindSpec, RecordSpec, StorePart } from '../../store/store-parts.js';
import { DEADLINE_STEPS } from './guidance-deadlines.js';
import { GUIDANCE_PRIVACY } from './guidance-privacy.js';
import {
  EXTERNAL_SOURCES,
  GUIDANCE_MESSAGE_KINDS,
  GUIDANCE_STATES,
  type GuidanceEvent,
  type GuidanceRequest,
  type GuidanceState,
  INQUIRY_ORIGINS,
  URGENCIES,
} from './guidance-requests.js';
import { DEFAULT_TOPICS, type GuidanceTopic } from './guidance-topics.js';

const ownerRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('coordinator'), department }),
  z.object({ kind: z.literal('contact'), unitId: z.string() }),
]);

export const topicSchema = z.object({
  id: z.string().min(1),
  name: z.object({ nb: z.string(), en: z.string() }),
  owners: z.array(ownerRefSchema),
  retired: z.boolean().optional(),
});

const guidanceMessageSchema = z.object({
  at: z.string(),
  by: z.string(),
  kind: z.enum(GUIDANCE_MESSAGE_KINDS),
  text: z.string(),
  assignedTo: z.string().optional(),
});

/** The place of a message in the request's `messages` (what a history entry's text is). */
const messageIndex = z.int().nonnegative();

/** A guidance request's history entries (GuidanceEvent). */
export const guidanceHistoryEntrySchema = z.discriminatedUnion('action', [
  historyEntrySchema('ask', { message: messageIndex }),
  historyEntrySchema('take'),
  historyEntrySchema('answer', { message: messageIndex }),
  historyEntrySchema('ask-for-info', { message: messageIndex }),
  historyEntrySchema('provide-info', { message: messageIndex }),
  historyEntrySchema('forward', { assignee: z.string(), message: messageIndex }),
  historyEntrySchema('escalate', { assignee: z.string(), message: messageIndex }),
  historyEntrySchema('close'),
  historyEntrySchema('mark-helpful'),
  historyEntrySchema('follow-up', { message: messageIndex }),
  historyEntrySchema('deadline-reminder', { step: z.enum(DEADLINE_STEPS) }),
  unknownHistoryEntrySchema,
]);

export const guidanceRequestSchema = z.object({
  ...trackedItemFields(guidanceHistoryEntrySchema),
  kind: z.literal('guidance'),
  state: z.enum(GUIDANCE_STATES),
  topicId: z.string(),
  askerDepartment: department.optional(),
  origin: z.enum(INQUIRY_ORIGINS),
  externalSource: z.enum(EXTERNAL_SOURCES).optional(),
  urgency: z.enum(URGENCIES),
  principled: z.boolean(),
  question: z.string(),
  watchers: z.array(z.string()).optional(),
  assignee: z.string(),
  asker: z.string(),
  dueDate: z.string(),
  messages: z.array(guidanceMessageSchema),
  answeredAt: z.string().optional(),
  closedAt: z.string().optional(),
  closeReason: z.string().optional(),
  helpful: z.boolean().optional(),
  reminders: z.object({
    dueSoon: z.string().optional(),
    overdueCoordinator: z.string().optional(),
    overdueUdi: z.string().optional(),
  }),
});

/** The record the topics are kept in. */
export const TOPICS_RECORD = 'guidance.topics';

/** The words a query can ask for (ItemQuery.label). */
const PRINCIPLED = 'principled';

const guidanceKind: ItemKindSpec<GuidanceRequest> = {
  kind: 'guidance',
  schema: guidanceRequestSchema,
  due: (request) => request.dueDate,
  // An answered request waits for the asker's "helpful" or follow-up, which may never come; either
  // brings it back from the archive.
  finalStates: ['answered', 'closed'],
  labels: (request) => (request.principled ? [PRINCIPLED] : []),
  privacy: GUIDANCE_PRIVACY,
};
const topicsRecord: RecordSpec<GuidanceTopic[]> = {
  name: TOPICS_RECORD,
  schema: z.array(topicSchema),
  seed: () => structuredClone([...DEFAULT_TOPICS]),
};

/** What the guidance feature keeps in the store. */
export const GUIDANCE_STORE: StorePart = {
  items: [guidanceKind as unknown as ItemKindSpec],
  records: [topicsRecord as RecordSpec],
};

const ACTIVE_STATES = GUIDANCE_STATES.filter((s) => s !== 'closed');
/** The states in which someone still has to answer. */
const OPEN_STATES = GUIDANCE_STATES.filter((s) => s !== 'closed' && s !== 'answered');

/** Guidance requests, in one unit of work. */
export function guidanceRequestsIn(uow: UnitOfWork) {
  const query = async (q: Omit<ItemQuery, 'kind'>) =>
    (await uow.items.query({ kind: 'guidance', ...q })) as GuidanceRequest[];
  return {
    async get(id: string): Promise<GuidanceRequest | undefined> {
      return (await uow.items.get('guidance', id)) as GuidanceRequest | undefined;
    },
    async put(request: GuidanceRequest): Promise<void> {
      await uow.items.put(request);
    },
    /** Requests not closed (open, in progress, awaiting info, answered), oldest first. */
    listActive(): Promise<GuidanceRequest[]> {
      return query({ states: ACTIVE_STATES });
    },
    /** Requests someone still has to answer (open, in progress, awaiting info), oldest first. */
    listOpen(): Promise<GuidanceRequest[]> {
      return query({ states: OPEN_STATES });
    },
    /** The requests asked by this person, newest first (the newest `limit` of them, if given). */
    listByAsker(aadObjectId: string, limit?: number): Promise<GuidanceRequest[]> {
      return query({ createdBy: aadObjectId, order: 'newest', ...(limit === undefined ? {} : { limit }) });
    },
    /** The requests this person asked that are in one of `states`, oldest first (at most `limit`). */
    listByAskerIn(
      aadObjectId: string,
      states: readonly GuidanceState[],
      limit?: number,
    ): Promise<GuidanceRequest[]> {
      return query({ createdBy: aadObjectId, states, ...(limit === undefined ? {} : { limit }) });
    },
    /** How many requests this person has asked. */
    countByAsker(aadObjectId: string): Promise<number> {
      return uow.items.count({ kind: 'guidance', createdBy: aadObjectId });
    },
    /**
     * Closed requests flagged as principled, most recently closed first (for the agenda later). A
     * closed request does not change again, so its last change is its closing.
     */
    listClosedPrincipled(limit?: number): Promise<GuidanceRequest[]> {
      return query({
        states: ['closed'],
        label: PRINCIPLED,
        order: 'latest',
        ...(limit === undefined ? {} : { limit }),
      });
    },
  };
}

/** The guidance topics and who owns them, in one unit of work. */
export function topicsIn(uow: UnitOfWork) {
  return {
    async list(): Promise<GuidanceTopic[]> {
      return ((await uow.records.get(TOPICS_RECORD)) as GuidanceTopic[] | undefined) ?? [];
    },
    async replaceAll(next: GuidanceTopic[]): Promise<void> {
      await uow.records.put(TOPICS_RECORD, next);
    },
  };
}

export type GuidanceSchemaMatchesDomain = [
  Check<SameKeysByAction<z.infer<typeof guidanceHistoryEntrySchema>, HistoryEntry<GuidanceEvent>>>,
  Check<Assignable<z.infer<typeof guidanceHistoryEntrySchema>, HistoryEntry<GuidanceEvent>>>,
  Check<Assignable<HistoryEntry<GuidanceEvent>, z.infer<typeof guidanceHistoryEntrySchema>>>,
  Check<SameKeys<z.infer<typeof guidanceRequestSchema>, GuidanceRequest>>,
  Check<Assignable<z.infer<typeof guidanceRequestSchema>, GuidanceRequest>>,
  Check<Assignable<GuidanceRequest, z.infer<typeof guidanceRequestSchema>>>,
  Check<SameKeys<z.infer<typeof topicSchema>, GuidanceTopic>>,
  Check<Assignable<z.infer<typeof topicSchema>, GuidanceTopic>>,
  Check<Assignable<GuidanceTopic, z.infer<typeof topicSchema>>>,
];
