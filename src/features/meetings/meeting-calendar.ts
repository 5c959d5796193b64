/**
 * Calendar files (RFC 5545 `.ics`) for a meeting series or one of its meetings, so people can put
 * the network's meetings in Outlook and see them move or drop out when they change.
 *
 * Times are written as Oslo wall-clock time with `TZID=Europe/Oslo` and a VTIMEZONE, so a meeting at
 * 09:00 stays at 09:00 across daylight-saving changes in every client. The series file is one event
 * with the schedule's RRULE (from `recurrenceRule`), an EXDATE per cancelled meeting and an overriding
 * event (same UID, RECURRENCE-ID at the original start) per moved meeting. A series on a list of
 * dates is written as one event per date instead of RDATEs, which Outlook handles poorly; the
 * single-meeting file uses the same per-date UIDs.
 *
 * A meeting that is cancelled but stands as its own event (a date of a list, or the single-meeting
 * file) is written with STATUS:CANCELLED rather than left out, so a calendar that already has it
 * (same UID, higher SEQUENCE) marks it cancelled.
 *
 * Written with `ical-generator` 10, which is given Temporal zoned date-times in Europe/Oslo (a
 * plain `Date` would be formatted in the process's time zone). Its VTIMEZONE comes from
 * `timezones-ical-library`, which answers Europe/Oslo with the block of Europe/Berlin (the same
 * rules; tzdata links the two): the block is relabelled, as TZID must match the events'.
 *
 * Pure: the time stamp comes in as `updatedAt`. Throws on input it cannot write faithfully.
 */
import ical, {
  type ICalCalendar,
  ICalCalendarMethod,
  type ICalEventData,
  ICalEventStatus,
} from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import {
  osloDateTime as at,
  icsLocal,
  isOriginalDate,
  MEETING_TIME_ZONE,
  recurrenceRule,
  type Schedule,
  scheduleProblems,
} from '../../domain/recurrence.js';
import type { IsoDate } from '../../domain/working-days.js';

/** What a calendar file says about a series. */
export interface MeetingCalendarInput {
  /** Stable per series, e.g. `${seriesId}@mh-nettverket`. */
  uid: string;
  title: string;
  description?: string;
  location?: string;
  /** The Teams meeting link: written as URL and at the end of the description. */
  joinUrl?: string;
  schedule: Schedule;
  /** When the series was last changed (ISO 8601): DTSTAMP, LAST-MODIFIED and SEQUENCE. */
  updatedAt: string;
}

const UID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,150}@[A-Za-z0-9][A-Za-z0-9.-]{0,100}$/;
/** SEQUENCE counts seconds from here, so a later change always has a higher one (int32 until 2093). */
const SEQUENCE_EPOCH_MS = Date.UTC(2025, 0, 1);

/** The file for a whole series. */
export function seriesCalendar(meeting: MeetingCalendarInput): string {
  const { schedule } = meeting;
  const common = eventCommon(meeting);
  const calendar = newCalendar();
  const exceptions = Object.entries(schedule.exceptions ?? {})
    .filter(([id]) => isOriginalDate(schedule, id))
    .sort(([a], [b]) => (a < b ? -1 : 1));

  if (schedule.recurrence.kind === 'dates') {
    const dates = [...schedule.recurrence.dates].filter((d) => isOriginalDate(schedule, d)).sort();
    if (dates.length === 0) throw new Error('meeting calendar: the schedule has no occurrences');
    for (const id of dates) calendar.createEvent(occurrenceEvent(meeting, common, id));
    return fileText(calendar);
  }

  const { first: start, rrule } = recurrenceRule(schedule);
  if (!start || !rrule) throw new Error('meeting calendar: the schedule has no occurrences');

  // ical-generator writes EXDATE only with its own rule object, which has no BYDAY=2TU; the rule
  // string it copies verbatim, so the EXDATE line goes with it (Oslo times, as DTSTART).
  const cancelled = exceptions
    .filter(([, e]) => 'cancelled' in e)
    .map(([id]) => icsLocal(at(id, schedule.time)));
  const exdate = cancelled.length > 0 ? `\nEXDATE;TZID=${MEETING_TIME_ZONE}:${cancelled.join(',')}` : '';
  calendar.createEvent({
    ...common,
    id: meeting.uid,
    start,
    end: start.add({ minutes: schedule.durationMinutes }),
    repeating: `RRULE:${rrule}${exdate}`,
  });
  for (const [id, exception] of exceptions) {
    if (!('movedTo' in exception)) continue;
    const moved = at(exception.movedTo.date, exception.movedTo.time);
    calendar.createEvent({
      ...common,
      id: meeting.uid,
      recurrenceId: at(id, schedule.time),
      start: moved,
      end: moved.add({ minutes: schedule.durationMinutes }),
    });
  }
  return fileText(calendar);
}

/**
 * The file for one meeting of a series, by its original date: one event, at its new time if it
 * was moved, STATUS:CANCELLED if it was cancelled. Its UID is the series UID prefixed with the date
 * (a file of its own, not an override of the series). Throws if the series has no meeting that day.
 */
export function occurrenceCalendar(meeting: MeetingCalendarInput, occurrenceId: IsoDate): string {
  const common = eventCommon(meeting);
  if (!isOriginalDate(meeting.schedule, occurrenceId))
    throw new Error('meeting calendar: no such occurrence in the series');
  const calendar = newCalendar();
  calendar.createEvent(occurrenceEvent(meeting, common, occurrenceId));
  return fileText(calendar);
}

type Common = Pick<
  ICalEventData,
  'summary' | 'description' | 'location' | 'url' | 'timezone' | 'stamp' | 'lastModified' | 'sequence'
>;

/** One meeting as an event of its own (a date of a list, or the single-meeting file). */
function occurrenceEvent(meeting: MeetingCalendarInput, common: Common, id: IsoDate): ICalEventData {
  const { schedule } = meeting;
  const exception = schedule.exceptions?.[id];
  const moved = exception && 'movedTo' in exception ? exception.movedTo : undefined;
  const start = at(moved?.date ?? id, moved?.time ?? schedule.time);
  return {
    ...common,
    id: `${id}.${meeting.uid}`,
    start,
    end: start.add({ minutes: schedule.durationMinutes }),
    ...(exception && 'cancelled' in exception ? { status: ICalEventStatus.CANCELLED } : {}),
  };
}

/** What every event of the file shares; checks the input. */
function eventCommon(meeting: MeetingCalendarInput): Common {
  if (typeof meeting.uid !== 'string' || !UID.test(meeting.uid))
    throw new Error('meeting calendar: uid must look like <id>@<domain>');
  const problems = scheduleProblems(meeting.schedule);
  if (problems.length > 0) throw new Error(`meeting calendar: bad schedule (${problems.join(', ')})`);
  const updatedMs = Date.parse(meeting.updatedAt);
  if (!Number.isFinite(updatedMs)) throw new Error('meeting calendar: updatedAt is not a date');
  const title = text(meeting.title).trim();
  if (!title) throw new Error('meeting calendar: empty title');
  const url = meeting.joinUrl === undefined ? undefined : uri(meeting.joinUrl);
  const description = [meeting.description && text(meeting.description).trim(), url]
    .filter(Boolean)
    .join('\n\n');
  const location = meeting.location && text(meeting.location).trim();
  const updated = new Date(updatedMs);
  return {
    summary: title,
    ...(description ? { description } : {}),
    ...(location ? { location } : {}),
    ...(url ? { url } : {}),
    timezone: MEETING_TIME_ZONE,
    stamp: updated,
    lastModified: updated,
    sequence: Math.max(0, Math.floor((updatedMs - SEQUENCE_EPOCH_MS) / 1000)),
  };
}

/** Every content line ends in CRLF, the last one too (ical-generator leaves it off). */
const fileText = (calendar: ICalCalendar): string => `${calendar.toString()}\r\n`;

function newCalendar(): ICalCalendar {
  return ical({
    prodId: { company: 'MH-nettverket', product: 'Meetings', language: 'NB' },
    method: ICalCalendarMethod.PUBLISH,
    // No calendar-wide zone: with one, ical-generator writes DTSTAMP as local time without Z.
    timezone: { name: null, generator: vtimezone },
  });
}

function vtimezone(zone: string): string {
  const answer = tzlib_get_ical_block(zone);
  const block = Array.isArray(answer) ? answer[0] : undefined;
  if (!block?.startsWith('BEGIN:VTIMEZONE')) throw new Error(`meeting calendar: no VTIMEZONE for ${zone}`);
  return block
    .replace(/^TZID:.*$/m, `TZID:${zone}`)
    .replace(/^X-LIC-LOCATION:.*$/m, `X-LIC-LOCATION:${zone}`);
}

/** Text without control characters other than tab and line breaks (RFC 5545 TEXT excludes them). */
function text(value: string): string {
  let out = '';
  for (const ch of String(value)) {
    const code = ch.codePointAt(0)!;
    if (code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code !== 0x7f)) out += ch;
  }
  return out;
}

/**
 * An http(s) link as a URI value: ical-generator escapes it as TEXT, so `,` `;` and `\` (which a URI
 * value would not escape) are percent-encoded first and the text stays the same URL.
 */
function uri(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('meeting calendar: joinUrl is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error('meeting calendar: joinUrl must be http(s)');
  return url.href.replace(/[,;\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
