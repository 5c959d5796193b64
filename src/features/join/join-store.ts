/**
 * Join requests in the store: the schema of the item kind (checked on every put and at load), and
 * the repository the join use cases read and write through (on the generic item repository).
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
import { JOIN_PRIVACY } from './join-privacy.js';
import { JOIN_STATES, type JoinEvent, type JoinRequest } from './join-requests.js';

const requestedRoleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('coordinator'), department }),
  z.object({ kind: z.literal('deputy'), department }),
  z.object({ kind: z.literal('contact'), department, unitId: z.string() }),
]);

/** A join request's history entries (JoinEvent). */
export const joinHistoryEntrySchema = z.discriminatedUnion('action', [
  historyEntrySchema('request'),
  historyEntrySchema('approve'),
  historyEntrySchema('decline'),
  historyEntrySchema('bootstrap'),
  unknownHistoryEntrySchema,
]);

export const joinRequestSchema = z.object({
  ...trackedItemFields(joinHistoryEntrySchema),
  kind: z.literal('join'),
  state: z.enum(JOIN_STATES),
  applicant: z.object({ aadObjectId: z.string(), displayName: z.string() }),
  role: requestedRoleSchema,
  decidedBy: z.string().optional(),
  decidedByName: z.string().optional(),
});

const joinKind: ItemKindSpec<JoinRequest> = {
  kind: 'join',
  schema: joinRequestSchema,
  finalStates: ['approved', 'declined'],
  privacy: JOIN_PRIVACY,
};

/** What the join feature keeps in the store. */
export const JOIN_STORE: StorePart = { items: [joinKind as unknown as ItemKindSpec] };

/** Join requests, in one unit of work. */
export function joinRequestsIn(uow: UnitOfWork) {
  const query = async (q: Omit<Parameters<UnitOfWork['items']['query']>[0], 'kind'>) =>
    (await uow.items.query({ kind: 'join', ...q })) as JoinRequest[];
  return {
    async get(id: string): Promise<JoinRequest | undefined> {
      return (await uow.items.get('join', id)) as JoinRequest | undefined;
    },
    async put(request: JoinRequest): Promise<void> {
      await uow.items.put(request);
    },
    /** The applicant's pending request, if any. */
    async findPendingByApplicant(aadObjectId: string): Promise<JoinRequest | undefined> {
      return (await query({ states: ['pending'], createdBy: aadObjectId, limit: 1 }))[0];
    },
    /** Pending requests, oldest first. */
    listPending(): Promise<JoinRequest[]> {
      return query({ states: ['pending'] });
    },
  };
}

export type JoinSchemaMatchesDomain = [
  Check<SameKeysByAction<z.infer<typeof joinHistoryEntrySchema>, HistoryEntry<JoinEvent>>>,
  Check<Assignable<z.infer<typeof joinHistoryEntrySchema>, HistoryEntry<JoinEvent>>>,
  Check<Assignable<HistoryEntry<JoinEvent>, z.infer<typeof joinHistoryEntrySchema>>>,
  Check<SameKeys<z.infer<typeof joinRequestSchema>, JoinRequest>>,
  Check<Assignable<z.infer<typeof joinRequestSchema>, JoinRequest>>,
  Check<Assignable<JoinRequest, z.infer<typeof joinRequestSchema>>>,
];
