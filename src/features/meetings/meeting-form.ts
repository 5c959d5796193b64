/**
 * The series form as people fill it in: what they say ("every month on the second Tuesday", "every
 * third month", "on these dates") turned into a series draft with its problems by field, a stored
 * series turned back into the form's values, and the id of the rhythm a preview showed (so saving a
 * rhythm nobody has seen the dates of shows them first). Nobody types an RRULE.
 *
 * Pure: card data in, draft and problems out.
 */
import { createHash } from 'node:crypto';
import {
  isIsoDate,
  NTHS,
  type Nth,
  type Recurrence,
  type Schedule,
  WEEKDAYS,
  type Weekday,
} from '../../domain/recurrence.js';
import type { IsoDate } from '../../domain/working-days.js';
import type { MeetingSeriesValues } from './meeting-card-data.js';
import {
  MEETING_KINDS,
  type MeetingKind,
  type MeetingSeries,
  type SeriesDraft,
  seriesProblems,
} from './meeting-series.js';

export const PATTERNS = ['monthly', 'weekly', 'dates'] as const;
export type Pattern = (typeof PATTERNS)[number];

/** The choices of "how frequent": every, every other, every third… month or week. */
export const EVERIES = [1, 2, 3, 4, 6, 12] as const;
export const DURATIONS = [30, 45, 60, 90, 120, 180, 240] as const;
export const DEADLINE_DAYS = [0, 1, 2, 3, 5, 7, 10, 14] as const;

/** The form's fields, in the order they appear (card data keys). */
export const SERIES_FIELDS = [
  'title',
  'meetingKind',
  'invited',
  'pattern',
  'nth',
  'weekday',
  'every',
  'dates',
  'from',
  'time',
  'duration',
  'place',
  'joinUrl',
  'description',
  'agendaDeadlineDays',
] as const satisfies readonly (keyof MeetingSeriesValues)[];
export type SeriesField = (typeof SERIES_FIELDS)[number];

/** The form's values for a new series, starting `today`. */
export function newSeriesValues(today: IsoDate): MeetingSeriesValues {
  return {
    pattern: 'monthly',
    nth: '2',
    weekday: 'TU',
    every: '1',
    from: today,
    time: '09:00',
    duration: '90',
    agendaDeadlineDays: '7',
  };
}

/** The form's values for a stored series (to edit it). */
export function seriesValues(series: MeetingSeries): MeetingSeriesValues {
  const { recurrence } = series.schedule;
  const values: MeetingSeriesValues = {
    title: series.title,
    meetingKind: series.meetingKind,
    pattern: recurrence.kind,
    from: series.schedule.from,
    time: series.schedule.time,
    duration: String(series.schedule.durationMinutes),
    agendaDeadlineDays: String(series.agendaDeadlineDays),
    ...(series.invited ? { invited: series.invited.join(',') } : {}),
    ...(series.place ? { place: series.place } : {}),
    ...(series.joinUrl ? { joinUrl: series.joinUrl } : {}),
    ...(series.description ? { description: series.description } : {}),
  };
  if (recurrence.kind === 'monthly')
    return {
      ...values,
      nth: String(recurrence.nth),
      weekday: recurrence.weekday,
      every: String(recurrence.everyMonths),
    };
  if (recurrence.kind === 'weekly')
    return { ...values, weekday: recurrence.weekday, every: String(recurrence.everyWeeks) };
  return { ...values, dates: recurrence.dates.join(', ') };
}

/** The form's values from card data: strings only, trimmed of nothing (shown again as typed). */
export function valuesFrom(data: Record<string, unknown>): MeetingSeriesValues {
  const values: MeetingSeriesValues = {};
  for (const field of SERIES_FIELDS) {
    const value = data[field];
    if (typeof value === 'string' && value !== '') values[field] = value;
  }
  return values;
}

/** "12.01.2027" or "2027-01-12", separated by commas, semicolons, spaces or line breaks. */
export function parseDates(text: string): IsoDate[] | undefined {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
  const dates: IsoDate[] = [];
  for (const part of parts) {
    const norwegian = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(part);
    const iso = norwegian
      ? `${norwegian[3]}-${norwegian[2]?.padStart(2, '0')}-${norwegian[1]?.padStart(2, '0')}`
      : part;
    if (!isIsoDate(iso)) return undefined;
    if (!dates.includes(iso)) dates.push(iso);
  }
  return dates.length > 0 ? dates.sort() : undefined;
}

const oneOf = <T>(list: readonly T[], value: unknown, parse: (v: string) => T): T | undefined =>
  typeof value === 'string' && list.includes(parse(value)) ? parse(value) : undefined;

export type SeriesForm =
  | { ok: true; draft: Omit<SeriesDraft, 'organiser'> }
  | { ok: false; problems: Partial<Record<SeriesField, string>> };

/**
 * The series the form describes, or its problems by field (catalog names under meetings.errors).
 * `exceptions` are an edited series' cancelled and moved meetings, kept by their original dates.
 */
export function parseSeriesForm(
  values: MeetingSeriesValues,
  exceptions?: Schedule['exceptions'],
): SeriesForm {
  const problems: Partial<Record<SeriesField, string>> = {};
  const pattern = oneOf(PATTERNS, values.pattern, (v) => v as Pattern);
  const nth = oneOf(NTHS, values.nth, (v) => Number(v) as Nth);
  const weekday = oneOf(WEEKDAYS, values.weekday, (v) => v as Weekday);
  const every = oneOf(EVERIES, values.every ?? '1', (v) => Number(v) as (typeof EVERIES)[number]);
  const duration = oneOf(DURATIONS, values.duration, (v) => Number(v) as (typeof DURATIONS)[number]);
  const deadline = oneOf(
    DEADLINE_DAYS,
    values.agendaDeadlineDays ?? '7',
    (v) => Number(v) as (typeof DEADLINE_DAYS)[number],
  );
  const meetingKind = oneOf(MEETING_KINDS, values.meetingKind, (v) => v as MeetingKind);
  let recurrence: Recurrence | undefined;
  if (!pattern) problems.pattern = 'missing';
  else if (pattern === 'dates') {
    const dates = parseDates(values.dates ?? '');
    if (!dates) problems.dates = values.dates ? 'dates' : 'missing';
    else recurrence = { kind: 'dates', dates };
  } else {
    if (!weekday) problems.weekday = 'missing';
    if (!every) problems.every = 'invalid';
    if (pattern === 'monthly' && !nth) problems.nth = 'missing';
    if (weekday && every && pattern === 'weekly') recurrence = { kind: 'weekly', weekday, everyWeeks: every };
    if (weekday && every && nth && pattern === 'monthly')
      recurrence = { kind: 'monthly', nth, weekday, everyMonths: every };
  }
  if (!isIsoDate(values.from)) problems.from = values.from ? 'invalid' : 'missing';
  if (!duration) problems.duration = 'missing';
  if (deadline === undefined) problems.agendaDeadlineDays = 'invalid';
  if (!meetingKind) problems.meetingKind = 'missing';
  const invited = (values.invited ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (!recurrence || Object.keys(problems).length > 0 || !meetingKind || !duration || deadline === undefined)
    return { ok: false, problems: withDraftProblems(problems, values, meetingKind, invited) };
  const schedule: Schedule = {
    recurrence,
    from: values.from as IsoDate,
    time: values.time ?? '',
    durationMinutes: duration,
    ...(exceptions && Object.keys(exceptions).length > 0 ? { exceptions } : {}),
  };
  const draft: Omit<SeriesDraft, 'organiser'> = {
    title: values.title ?? '',
    meetingKind,
    ...(meetingKind === 'adhoc' ? { invited } : {}),
    schedule,
    ...(values.place ? { place: values.place } : {}),
    ...(values.joinUrl ? { joinUrl: values.joinUrl.trim() } : {}),
    ...(values.description ? { description: values.description } : {}),
    agendaDeadlineDays: deadline,
  };
  const found = seriesProblems({ ...draft, organiser: '' });
  const byField: Partial<Record<SeriesField, string>> = {};
  for (const [key, problem] of Object.entries(found)) {
    const field = FIELD_OF_PROBLEM[key] ?? 'form';
    if (field !== 'form')
      byField[field] ??= field === 'invited' && problem === 'missing' ? 'invited-missing' : problem;
  }
  if (Object.keys(byField).length > 0) return { ok: false, problems: byField };
  return { ok: true, draft };
}

/** Which field of the form a problem of seriesProblems/scheduleProblems belongs to. */
const FIELD_OF_PROBLEM: Record<string, SeriesField> = {
  title: 'title',
  meetingKind: 'meetingKind',
  invited: 'invited',
  place: 'place',
  description: 'description',
  joinUrl: 'joinUrl',
  agendaDeadlineDays: 'agendaDeadlineDays',
  from: 'from',
  until: 'from',
  time: 'time',
  duration: 'duration',
  rule: 'weekday',
  every: 'every',
  dates: 'dates',
  exception: 'dates',
};

/** The form's other problems (title, time, link…) found even when the rhythm is incomplete. */
function withDraftProblems(
  problems: Partial<Record<SeriesField, string>>,
  values: MeetingSeriesValues,
  meetingKind: MeetingKind | undefined,
  invited: string[],
): Partial<Record<SeriesField, string>> {
  const found = seriesProblems({
    title: values.title ?? '',
    meetingKind: meetingKind ?? 'coordinators',
    organiser: '',
    ...(meetingKind === 'adhoc' ? { invited } : {}),
    schedule: {
      recurrence: { kind: 'weekly', weekday: 'MO', everyWeeks: 1 },
      from: '2000-01-03',
      time: values.time ?? '',
      durationMinutes: 60,
    },
    ...(values.place ? { place: values.place } : {}),
    ...(values.joinUrl ? { joinUrl: values.joinUrl.trim() } : {}),
    ...(values.description ? { description: values.description } : {}),
  });
  const all = { ...problems };
  for (const [key, problem] of Object.entries(found)) {
    const field = FIELD_OF_PROBLEM[key];
    if (field) all[field] ??= field === 'invited' && problem === 'missing' ? 'invited-missing' : problem;
  }
  return all;
}

/** The id of a rhythm (its schedule without exceptions): what a preview showed, to compare at saving. */
export function previewIdOf(schedule: Schedule): string {
  const { exceptions: _, ...rhythm } = schedule;
  return createHash('sha256').update(JSON.stringify(rhythm)).digest('hex').slice(0, 16);
}
