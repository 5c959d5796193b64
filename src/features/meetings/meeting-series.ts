/**
 * Meeting series and their meetings as tracked items, and the rules about them that need no store:
 * who is invited (from the roster, so a new contact person is invited automatically), what a Teams
 * meeting link may be, what is wrong with a series someone filled in, and the memo's rhythm offered
 * to the UDI coordinator as a one-click setup (IM 2018-002: the coordinators monthly, the whole
 * network at least four times a year, RMA's video meetings with the regional contact persons).
 *
 * Pure: the roster, the units and the time come in as arguments.
 */
import type { Recipient } from '../../domain/notifications.js';
import { type Schedule, scheduleProblems } from '../../domain/recurrence.js';
import type { Person, Unit } from '../../domain/roster.js';
import {
  newItemFields,
  SYSTEM_ACTOR,
  type TrackedItem,
  type UnknownEvent,
} from '../../domain/tracked-item.js';
import type { IsoDate } from '../../domain/working-days.js';
import { DEFAULT_OFFSETS, type ReminderKind, type ReminderOffset } from './meeting-reminders.js';

/** The kinds of meeting the memo names. */
export const MEETING_KINDS = ['coordinators', 'network', 'rma-regional', 'adhoc'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const SERIES_STATES = ['active', 'ended'] as const;
export type SeriesState = (typeof SERIES_STATES)[number];

/** What happened to a series. */
export type MeetingSeriesEvent =
  | { action: 'create' }
  | { action: 'edit' }
  | { action: 'cancel-occurrence'; occurrence: IsoDate }
  | { action: 'move-occurrence'; occurrence: IsoDate; movedTo: { date: IsoDate; time: string } }
  | { action: 'end' }
  /** The year's plan was checked for four network meetings (the UDI coordinator told if short). */
  | { action: 'plan-check'; year: number; count: number }
  | UnknownEvent;

/** A meeting series: what it is, who comes, when it meets, and when each meeting is reminded of. */
export interface MeetingSeries extends TrackedItem<'meeting-series', SeriesState, MeetingSeriesEvent> {
  title: string;
  meetingKind: MeetingKind;
  /** AAD object id of the organiser (who is told about holiday conflicts). */
  organiser: string;
  /** Ad hoc meetings: the people invited by name (AAD object ids); other kinds follow the roster. */
  invited?: string[];
  schedule: Schedule;
  place?: string;
  /** A Teams meeting link (isTeamsMeetingLink). */
  joinUrl?: string;
  description?: string;
  /** Agenda items are asked for until this many days before each meeting. */
  agendaDeadlineDays: number;
  offsets: ReminderOffset[];
  /** When each moved occurrence was moved (its reminders count from then), by its original date. */
  movedAt?: Record<IsoDate, string>;
}

export const RSVP_ANSWERS = ['attending', 'remote', 'not-attending'] as const;
export type RsvpAnswer = (typeof RSVP_ANSWERS)[number];

export const OCCURRENCE_STATES = ['upcoming', 'cancelled', 'held'] as const;
export type OccurrenceState = (typeof OCCURRENCE_STATES)[number];

/** What happened to one meeting. */
export type MeetingOccurrenceEvent =
  | { action: 'reminder'; reminder: ReminderKind; late: boolean }
  | { action: 'reminder-skipped'; reminder: ReminderKind; reason: 'started' | 'superseded' }
  | { action: 'rsvp'; answer: RsvpAnswer }
  | { action: 'holiday-flag' }
  | { action: 'cancel' }
  | { action: 'move'; movedTo: { date: IsoDate; time: string } }
  /** The meeting is over: its item settles and goes to the archive. */
  | { action: 'held' }
  | UnknownEvent;

/**
 * One meeting of a series, created when its first reminder goes out: the answers to it, the
 * reminders recorded (by key, meeting-reminders.ts: each exactly once) and its cards (parties).
 */
export interface MeetingOccurrence
  extends TrackedItem<'meeting-occurrence', OccurrenceState, MeetingOccurrenceEvent> {
  series: string;
  /** The original date of the meeting in its series (Occurrence.id). */
  occurrence: IsoDate;
  /** Where it takes place now (ISO with offset), for the due-moment index and the cards. */
  start: string;
  rsvps: Record<string, RsvpAnswer>;
  /** Reminder keys done (sent or skipped), with when. */
  reminders: Record<string, string>;
}

/** The id of a series' meeting item: one per series and original date. */
export function occurrenceItemId(seriesId: string, occurrence: IsoDate): string {
  return `${seriesId}.${occurrence}`;
}

/** The item of a series' meeting on its original date `occurrence`, new: no answers, no reminders yet. */
export function newOccurrenceItem(
  series: Pick<MeetingSeries, 'id' | 'reference'>,
  occurrence: IsoDate,
  start: string,
  at: string,
): MeetingOccurrence {
  return {
    id: occurrenceItemId(series.id, occurrence),
    reference: series.reference,
    kind: 'meeting-occurrence',
    state: 'upcoming',
    createdAt: at,
    createdBy: SYSTEM_ACTOR,
    updatedAt: at,
    ...newItemFields(),
    series: series.id,
    occurrence,
    start,
    rsvps: {},
    reminders: {},
  };
}

/** Someone invited to a series' meetings; `optional` for those who come when needed or useful. */
export interface Invitee {
  aadObjectId: string;
  optional: boolean;
}

const isRegionalContact = (person: Person, regionalUnits: ReadonlySet<string>): boolean =>
  person.roles.some((r) => r.kind === 'contact' && regionalUnits.has(r.unitId));

/**
 * Who is invited, from the roster as it is now (so a new contact person is invited automatically):
 * - coordinators: the four coordinators; deputies optional;
 * - network: every network member; contact persons at the regional offices optional (the memo: they
 *   attend when needed or useful, often remotely);
 * - rma-regional: RMA's coordinator and the regional offices' contact persons; RMA's deputy optional;
 * - adhoc: the people named.
 * The organiser is always invited. Ordered by AAD object id; nobody twice (required wins).
 */
export function audienceOf(
  series: Pick<MeetingSeries, 'meetingKind' | 'organiser' | 'invited'>,
  people: readonly Person[],
  units: readonly Unit[],
): Invitee[] {
  const regional = new Set(units.filter((u) => u.kind === 'regionalOffice').map((u) => u.id));
  const invited = new Map<string, boolean>();
  const add = (aadObjectId: string, optional: boolean) =>
    invited.set(aadObjectId, (invited.get(aadObjectId) ?? true) && optional);
  for (const person of people) {
    const has = (kind: 'coordinator' | 'deputy', department?: string) =>
      person.roles.some((r) => r.kind === kind && (department === undefined || r.department === department));
    switch (series.meetingKind) {
      case 'coordinators':
        if (has('coordinator')) add(person.aadObjectId, false);
        else if (has('deputy')) add(person.aadObjectId, true);
        break;
      case 'network':
        if (person.roles.some((r) => r.kind !== 'admin'))
          add(
            person.aadObjectId,
            isRegionalContact(person, regional) && !has('coordinator') && !has('deputy'),
          );
        break;
      case 'rma-regional':
        if (has('coordinator', 'RMA') || isRegionalContact(person, regional)) add(person.aadObjectId, false);
        else if (has('deputy', 'RMA')) add(person.aadObjectId, true);
        break;
      case 'adhoc':
        break;
    }
  }
  for (const id of series.invited ?? []) add(id, false);
  add(series.organiser, false);
  return [...invited]
    .map(([aadObjectId, optional]) => ({ aadObjectId, optional }))
    .sort((a, b) => (a.aadObjectId < b.aadObjectId ? -1 : a.aadObjectId > b.aadObjectId ? 1 : 0));
}

/** The recipients of a series' cards: the network channel for network meetings, else each invitee. */
export function recipientsOf(
  series: Pick<MeetingSeries, 'meetingKind'>,
  invitees: readonly Invitee[],
): Recipient[] {
  return series.meetingKind === 'network'
    ? [{ kind: 'networkChannel' }]
    : invitees.map((i) => ({ kind: 'person', aadObjectId: i.aadObjectId }));
}

/** Hosts of Teams meeting links. */
const TEAMS_HOSTS = ['teams.microsoft.com', 'teams.live.com', 'teams.cloud.microsoft'];

/** An https link to a Teams meeting (on a Teams domain), nothing else. */
export function isTeamsMeetingLink(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    TEAMS_HOSTS.includes(url.hostname.toLowerCase())
  );
}

/** What someone filled in for a series (before it is stored). */
export type SeriesDraft = Pick<
  MeetingSeries,
  'title' | 'meetingKind' | 'organiser' | 'invited' | 'schedule' | 'place' | 'joinUrl' | 'description'
> &
  Partial<Pick<MeetingSeries, 'agendaDeadlineDays' | 'offsets'>>;

/** The longest title, place and description a series takes. */
export const SERIES_LIMITS = { title: 120, place: 200, description: 2000 } as const;

/**
 * What is wrong with a series someone filled in, by field (empty when it can be saved): the keys are
 * the form's fields, the values the catalog's problem names.
 */
export function seriesProblems(draft: SeriesDraft): Record<string, string> {
  const problems: Record<string, string> = {};
  const title = draft.title.trim();
  if (!title) problems.title = 'missing';
  else if (title.length > SERIES_LIMITS.title) problems.title = 'too-long';
  if (!MEETING_KINDS.includes(draft.meetingKind)) problems.meetingKind = 'missing';
  if (draft.meetingKind === 'adhoc' && (draft.invited ?? []).length === 0) problems.invited = 'missing';
  for (const problem of scheduleProblems(draft.schedule)) problems[problem] ??= 'invalid';
  if ((draft.place ?? '').length > SERIES_LIMITS.place) problems.place = 'too-long';
  if ((draft.description ?? '').length > SERIES_LIMITS.description) problems.description = 'too-long';
  if (draft.joinUrl !== undefined && draft.joinUrl !== '' && !isTeamsMeetingLink(draft.joinUrl))
    problems.joinUrl = 'not-teams';
  const deadline = draft.agendaDeadlineDays;
  if (deadline !== undefined && (!Number.isInteger(deadline) || deadline < 0 || deadline > 60))
    problems.agendaDeadlineDays = 'invalid';
  return problems;
}

/** Defaults a saved series gets for what the form left out. */
export function withSeriesDefaults(
  draft: SeriesDraft,
): SeriesDraft & Pick<MeetingSeries, 'agendaDeadlineDays' | 'offsets'> {
  return {
    ...draft,
    agendaDeadlineDays: draft.agendaDeadlineDays ?? 7,
    offsets: draft.offsets ?? [...DEFAULT_OFFSETS],
  };
}

/**
 * The memo's rhythm as three series the UDI coordinator sets up in one click (each editable later),
 * starting from `from`: the coordinators' meeting on the second Tuesday of every month at 09:00, the
 * network meeting on the second Wednesday of every third month at 10:00 (four a year), and RMA's
 * video meeting with the regional contact persons on the first Thursday of every month at 13:00,
 * organised by RMA's coordinator when there is one.
 */
export function memoRhythm(
  texts: { coordinators: string; network: string; rmaRegional: string; videoPlace: string },
  udiCoordinator: string,
  rmaCoordinator: string | undefined,
  from: IsoDate,
): SeriesDraft[] {
  const drafts: SeriesDraft[] = [
    {
      title: texts.coordinators,
      meetingKind: 'coordinators',
      organiser: udiCoordinator,
      schedule: {
        recurrence: { kind: 'monthly', nth: 2, weekday: 'TU', everyMonths: 1 },
        from,
        time: '09:00',
        durationMinutes: 90,
      },
    },
    {
      title: texts.network,
      meetingKind: 'network',
      organiser: udiCoordinator,
      schedule: {
        recurrence: { kind: 'monthly', nth: 2, weekday: 'WE', everyMonths: 3 },
        from,
        time: '10:00',
        durationMinutes: 180,
      },
    },
    {
      title: texts.rmaRegional,
      meetingKind: 'rma-regional',
      organiser: rmaCoordinator ?? udiCoordinator,
      place: texts.videoPlace,
      schedule: {
        recurrence: { kind: 'monthly', nth: 1, weekday: 'TH', everyMonths: 1 },
        from,
        time: '13:00',
        durationMinutes: 60,
      },
    },
  ];
  return drafts.map(withSeriesDefaults);
}
