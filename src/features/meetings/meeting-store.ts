/**
 * Meetings in the store: the schemas of meeting series and of their meetings (two kinds of tracked
 * item), checked on every put and at load, and the repositories the meeting use cases go through.
 * A series stays in the hot document while it is active; a meeting that was held or cancelled goes
 * to the archive once it has settled (its answers and reminders are done with).
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
import { REMINDER_KINDS } from './meeting-reminders.js';
import {
  MEETING_KINDS,
  type MeetingOccurrence,
  type MeetingOccurrenceEvent,
  type MeetingSeries,
  type MeetingSeriesEvent,
  OCCURRENCE_STATES,
  occurrenceItemId,
  RSVP_ANSWERS,
  SERIES_STATES,
} from './meeting-series.js';

const weekday = z.enum(['MO', 'TU', 'WE', 'TH', 'FR']);
const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const recurrenceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('monthly'),
    nth: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(-1)]),
    weekday,
    everyMonths: z.int().min(1).max(12),
  }),
  z.object({ kind: z.literal('weekly'), weekday, everyWeeks: z.int().min(1).max(12) }),
  z.object({ kind: z.literal('dates'), dates: z.array(isoDate).min(1).max(100) }),
]);

const exceptionSchema = z.union([
  z.object({ cancelled: z.literal(true) }),
  z.object({ movedTo: z.object({ date: isoDate, time: localTime }) }),
]);

export const scheduleSchema = z.object({
  recurrence: recurrenceSchema,
  from: isoDate,
  until: isoDate.optional(),
  time: localTime,
  durationMinutes: z.int().min(5).max(480),
  exceptions: z.record(z.string(), exceptionSchema).optional(),
});

const offsetSchema = z.object({
  kind: z.enum(REMINDER_KINDS),
  days: z.int().min(0).max(60),
  minutes: z
    .int()
    .min(0)
    .max(24 * 60),
});

export const seriesHistoryEntrySchema = z.discriminatedUnion('action', [
  historyEntrySchema('create'),
  historyEntrySchema('edit'),
  historyEntrySchema('cancel-occurrence', { occurrence: isoDate }),
  historyEntrySchema('move-occurrence', {
    occurrence: isoDate,
    movedTo: z.object({ date: isoDate, time: localTime }),
  }),
  historyEntrySchema('end'),
  historyEntrySchema('plan-check', { year: z.int().min(2000).max(2200), count: z.int().min(0) }),
  unknownHistoryEntrySchema,
]);

export const meetingSeriesSchema = z.object({
  ...trackedItemFields(seriesHistoryEntrySchema),
  kind: z.literal('meeting-series'),
  state: z.enum(SERIES_STATES),
  title: z.string().min(1),
  meetingKind: z.enum(MEETING_KINDS),
  organiser: z.string().min(1),
  invited: z.array(z.string()).optional(),
  schedule: scheduleSchema,
  place: z.string().optional(),
  joinUrl: z.string().optional(),
  description: z.string().optional(),
  agendaDeadlineDays: z.int().min(0).max(60),
  offsets: z.array(offsetSchema),
  movedAt: z.record(z.string(), z.string()).optional(),
});

export const occurrenceHistoryEntrySchema = z.discriminatedUnion('action', [
  historyEntrySchema('reminder', { reminder: z.enum(REMINDER_KINDS), late: z.boolean() }),
  historyEntrySchema('reminder-skipped', {
    reminder: z.enum(REMINDER_KINDS),
    reason: z.enum(['started', 'superseded']),
  }),
  historyEntrySchema('rsvp', { answer: z.enum(RSVP_ANSWERS) }),
  historyEntrySchema('holiday-flag'),
  historyEntrySchema('cancel'),
  historyEntrySchema('move', { movedTo: z.object({ date: isoDate, time: localTime }) }),
  historyEntrySchema('held'),
  unknownHistoryEntrySchema,
]);

export const meetingOccurrenceSchema = z.object({
  ...trackedItemFields(occurrenceHistoryEntrySchema),
  kind: z.literal('meeting-occurrence'),
  state: z.enum(OCCURRENCE_STATES),
  series: z.string().min(1),
  occurrence: isoDate,
  start: z.string(),
  rsvps: z.record(z.string(), z.enum(RSVP_ANSWERS)),
  reminders: z.record(z.string(), z.string()),
});

const seriesKind: ItemKindSpec<MeetingSeries> = {
  kind: 'meeting-series',
  schema: meetingSeriesSchema,
  finalStates: ['ended'],
};

const occurrenceKind: ItemKindSpec<MeetingOccurrence> = {
  kind: 'meeting-occurrence',
  schema: meetingOccurrenceSchema,
  due: (occurrence) => occurrence.start,
  finalStates: ['held', 'cancelled'],
};

/** What the meetings feature keeps in the store. */
export const MEETINGS_STORE: StorePart = {
  items: [seriesKind as unknown as ItemKindSpec, occurrenceKind as unknown as ItemKindSpec],
};

/** Meeting series and their meetings, in one unit of work. */
export function meetingsIn(uow: UnitOfWork) {
  return {
    async getSeries(id: string): Promise<MeetingSeries | undefined> {
      return (await uow.items.get('meeting-series', id)) as MeetingSeries | undefined;
    },
    /** Active series, oldest first. */
    async activeSeries(): Promise<MeetingSeries[]> {
      return (await uow.items.query({ kind: 'meeting-series', states: ['active'] })) as MeetingSeries[];
    },
    async putSeries(series: MeetingSeries): Promise<void> {
      await uow.items.put(series);
    },
    /** The item of a series' meeting on its original date, if one was made. */
    async getOccurrence(seriesId: string, occurrence: string): Promise<MeetingOccurrence | undefined> {
      return (await uow.items.get('meeting-occurrence', occurrenceItemId(seriesId, occurrence))) as
        | MeetingOccurrence
        | undefined;
    },
    async putOccurrence(occurrence: MeetingOccurrence): Promise<void> {
      await uow.items.put(occurrence);
    },
  };
}

export type MeetingsSchemaMatchesDomain = [
  Check<SameKeysByAction<z.infer<typeof seriesHistoryEntrySchema>, HistoryEntry<MeetingSeriesEvent>>>,
  Check<Assignable<z.infer<typeof seriesHistoryEntrySchema>, HistoryEntry<MeetingSeriesEvent>>>,
  Check<Assignable<HistoryEntry<MeetingSeriesEvent>, z.infer<typeof seriesHistoryEntrySchema>>>,
  Check<SameKeys<z.infer<typeof meetingSeriesSchema>, MeetingSeries>>,
  Check<Assignable<z.infer<typeof meetingSeriesSchema>, MeetingSeries>>,
  Check<Assignable<MeetingSeries, z.infer<typeof meetingSeriesSchema>>>,
  Check<SameKeysByAction<z.infer<typeof occurrenceHistoryEntrySchema>, HistoryEntry<MeetingOccurrenceEvent>>>,
  Check<Assignable<z.infer<typeof occurrenceHistoryEntrySchema>, HistoryEntry<MeetingOccurrenceEvent>>>,
  Check<Assignable<HistoryEntry<MeetingOccurrenceEvent>, z.infer<typeof occurrenceHistoryEntrySchema>>>,
  Check<SameKeys<z.infer<typeof meetingOccurrenceSchema>, MeetingOccurrence>>,
  Check<Assignable<z.infer<typeof meetingOccurrenceSchema>, MeetingOccurrence>>,
  Check<Assignable<MeetingOccurrence, z.infer<typeof meetingOccurrenceSchema>>>,
];
