/**
 * A meeting's posted agenda (sakslisten) as a tracked item of its own, one per meeting: compiled and
 * posted at the agenda deadline to the network channel (network meetings) or to the invited
 * coordinators (coordinators' meetings), and updated in place on every later change to what is on
 * it. It records which postings were done (by agendaKey), so a restart or two runs at once never post
 * twice. Pure.
 */
import {
  historyEntry,
  newItemFields,
  SYSTEM_ACTOR,
  type TrackedItem,
  type UnknownEvent,
} from '../../domain/tracked-item.js';
import type { IsoDate } from '../../domain/working-days.js';
import type { MeetingRef } from './agenda-items.js';

export const SHEET_STATES = ['open'] as const;
export type SheetState = (typeof SHEET_STATES)[number];

export type SheetEvent = { action: 'post'; late: boolean } | { action: 'skip' } | UnknownEvent;

export interface AgendaSheet extends TrackedItem<'agenda-sheet', SheetState, SheetEvent>, MeetingRef {
  /** Postings done (agendaKey → when), posted or skipped; the summary under SUMMARY_POSTING. */
  posted: Record<string, string>;
}

/** The key of `posted` under which the meeting's summary was sent (once; outcomes then update it). */
export const SUMMARY_POSTING = 'summary';

/**
 * One sheet per meeting: the series and the meeting's original date, under a prefix of its own (the
 * meeting's tracked item has the same pair as its id, and the outbox keys notifications by item id:
 * the same id would make the sheet's cards look delivered already).
 */
export const sheetId = (meeting: MeetingRef): string => `agenda.${meeting.seriesId}.${meeting.occurrence}`;

export function newSheet(meeting: MeetingRef, reference: string, at: string): AgendaSheet {
  return {
    id: sheetId(meeting),
    reference,
    kind: 'agenda-sheet',
    state: 'open',
    createdAt: at,
    createdBy: SYSTEM_ACTOR,
    updatedAt: at,
    ...newItemFields(),
    seriesId: meeting.seriesId,
    occurrence: meeting.occurrence as IsoDate,
    posted: {},
  };
}

/** The sheet with a posting recorded (posted, late or not, or skipped). */
export function withPosting(
  sheet: AgendaSheet,
  key: string,
  event: { action: 'post'; late: boolean } | { action: 'skip' },
  at: string,
): AgendaSheet {
  return {
    ...sheet,
    updatedAt: at,
    posted: { ...sheet.posted, [key]: at },
    history: [...sheet.history, historyEntry<AgendaSheet>(event, SYSTEM_ACTOR, at)],
  };
}
