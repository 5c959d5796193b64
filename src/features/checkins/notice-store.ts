/**
 * Priority notices in the store: their schema (checked on every put and at load, with parity checks
 * against the domain type) and the repository the notice use cases go through. A notice stays in the
 * hot document until it is acknowledged.
 */
import { z } from 'zod';
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
import { NOTICE_PRIVACY } from './checkin-privacy.js';
import {
  NOTICE_KIND,
  NOTICE_LIMITS,
  NOTICE_STATES,
  NOTICE_STEPS,
  type NoticeEvent,
  type PriorityNotice,
} from './priority-notices.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const noticeHistoryEntrySchema = z.discriminatedUnion('action', [
  historyEntrySchema('send'),
  historyEntrySchema('remind', { step: z.enum(NOTICE_STEPS) }),
  historyEntrySchema('acknowledge'),
  unknownHistoryEntrySchema,
]);

export const priorityNoticeSchema = z
  .object({
    ...trackedItemFields(noticeHistoryEntrySchema),
    kind: z.literal(NOTICE_KIND),
    state: z.enum(NOTICE_STATES),
    region: z.string().min(1),
    // Empty only once redacted or erased (issue 14).
    whereToFind: z.string().max(NOTICE_LIMITS.whereToFind),
    note: z.string().min(1).max(NOTICE_LIMITS.note).optional(),
    due: isoDate,
    acknowledged: z.object({ by: z.string().min(1), at: z.string().min(1) }).optional(),
    steps: z.partialRecord(z.enum(NOTICE_STEPS), z.string()),
  })
  .refine((notice) => textsPresent(notice, [notice.whereToFind]), TEXTS_PRESENT);

const noticeKind: ItemKindSpec<PriorityNotice> = {
  kind: NOTICE_KIND,
  schema: priorityNoticeSchema,
  due: (notice) => notice.due,
  finalStates: ['acknowledged'],
  privacy: NOTICE_PRIVACY,
};

/** What the priority notices keep in the store. */
export const NOTICES_STORE: StorePart = { items: [noticeKind as unknown as ItemKindSpec] };

/** Priority notices, in one unit of work. */
export function noticesIn(uow: UnitOfWork) {
  return {
    async get(id: string): Promise<PriorityNotice | undefined> {
      return (await uow.items.get(NOTICE_KIND, id)) as PriorityNotice | undefined;
    },
    async put(notice: PriorityNotice): Promise<void> {
      await uow.items.put(notice);
    },
    /** The notices not acknowledged yet, oldest first. */
    async open(): Promise<PriorityNotice[]> {
      return (await uow.items.query({ kind: NOTICE_KIND, states: ['sent'] })) as PriorityNotice[];
    },
  };
}

export type NoticeSchemaMatchesDomain = [
  Check<SameKeysByAction<z.infer<typeof noticeHistoryEntrySchema>, HistoryEntry<NoticeEvent>>>,
  Check<Assignable<z.infer<typeof noticeHistoryEntrySchema>, HistoryEntry<NoticeEvent>>>,
  Check<Assignable<HistoryEntry<NoticeEvent>, z.infer<typeof noticeHistoryEntrySchema>>>,
  Check<SameKeys<z.infer<typeof priorityNoticeSchema>, PriorityNotice>>,
  Check<Assignable<z.infer<typeof priorityNoticeSchema>, PriorityNotice>>,
  Check<Assignable<PriorityNotice, z.infer<typeof priorityNoticeSchema>>>,
];
