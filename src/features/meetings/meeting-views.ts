/**
 * The meetings cards: one meeting (a reminder, a change, a date to check, or opened from the list),
 * the list of upcoming meetings with the series, and the series form with its preview. Each reader
 * sees only the buttons that make sense for them: the answer buttons for the invited while the
 * meeting is ahead, moving and cancelling for its organiser and the UDI coordinator, nothing on a
 * card a newer one replaced. Texts come from the catalog (cards/i18n/<locale>/meetings.json).
 */
import { type Locale, t } from '../../cards/i18n.js';
import { renderCard } from '../../cards/render.js';
import { NTHS, type Occurrence, osloDateTime, type Schedule, WEEKDAYS } from '../../domain/recurrence.js';
import type { Person } from '../../domain/roster.js';
import { type IsoDate, osloDate } from '../../domain/working-days.js';
import type {
  MeetingBanner,
  MeetingCardData,
  MeetingListData,
  MeetingPreviewDate,
  MeetingSeriesFormData,
  MeetingSeriesValues,
} from './meeting-card-data.js';
import { type DateConflict, dateConflict, suggestedDate } from './meeting-dates.js';
import type { MeetingAgenda } from './meeting-extensions.js';
import { DEADLINE_DAYS, DURATIONS, EVERIES, PATTERNS } from './meeting-form.js';
import { REMINDER_KINDS, type ReminderKind } from './meeting-reminders.js';
import {
  type Invitee,
  MEETING_KINDS,
  type MeetingOccurrence,
  type MeetingSeries,
  occurrenceItemId,
  RSVP_ANSWERS,
  type RsvpAnswer,
} from './meeting-series.js';

// ---- dates and times for people to read --------------------------------------------------------

const LONG_DATE = new Map<Locale, Intl.DateTimeFormat>();
function longDateFormat(locale: Locale): Intl.DateTimeFormat {
  let format = LONG_DATE.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'nb-NO', {
      timeZone: 'UTC',
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    LONG_DATE.set(locale, format);
  }
  return format;
}

/** A calendar date with its weekday: "tirsdag 12. januar 2027" / "Tuesday 12 January 2027". */
export function dayText(locale: Locale, date: IsoDate): string {
  const parts = longDateFormat(locale).formatToParts(new Date(`${date}T12:00:00Z`));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return locale === 'en'
    ? `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`
    : `${part('weekday')} ${part('day')}. ${part('month')} ${part('year')}`;
}

/** Date and time of a meeting in Oslo: "tirsdag 12. januar 2027 kl. 09:00–10:30". */
export function whenText(locale: Locale, occurrence: Pick<Occurrence, 'date' | 'time' | 'end'>): string {
  // The end is written with its Oslo offset (recurrence.ts), so its time of day is Oslo time.
  const endTime = occurrence.end.slice(11, 16);
  const day = dayText(locale, occurrence.date);
  return locale === 'en'
    ? `${day}, ${occurrence.time}–${endTime}`
    : `${day} kl. ${occurrence.time}–${endTime}`;
}

/** Why a date is not good for a meeting, in words: "en helligdag (1. mai)", "påskeuken". */
export function conflictText(locale: Locale, conflict: DateConflict): string {
  return conflict.kind === 'public-holiday'
    ? t(locale, 'meetings.conflicts.public-holiday', { name: conflict.name[locale] })
    : t(locale, `meetings.conflicts.${conflict.kind}`);
}

/** A series' rhythm as people say it: "Hver måned, andre tirsdag i måneden kl. 09:00". */
export function rhythmText(locale: Locale, schedule: Schedule): string {
  const r = schedule.recurrence;
  const time = schedule.time;
  if (r.kind === 'dates') return t(locale, 'meetings.describe.dates', { count: r.dates.length, time });
  const weekday = t(locale, `meetings.weekdays.${r.weekday}`);
  if (r.kind === 'weekly')
    return t(locale, 'meetings.describe.weekly', {
      every:
        r.everyWeeks === 1
          ? t(locale, 'meetings.describe.everyWeek1')
          : t(locale, 'meetings.describe.everyWeekN', { n: r.everyWeeks }),
      weekday,
      time,
    });
  return t(locale, 'meetings.describe.monthly', {
    every:
      r.everyMonths === 1
        ? t(locale, 'meetings.describe.everyMonth1')
        : t(locale, 'meetings.describe.everyMonthN', { n: r.everyMonths }),
    nth: t(locale, `meetings.describe.nth.${r.nth}`),
    weekday,
    time,
  });
}

function durationText(locale: Locale, minutes: number): string {
  if (minutes < 60) return t(locale, 'meetings.durationMinutes', { minutes });
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0
    ? t(locale, 'meetings.durationHours', { hours })
    : t(locale, 'meetings.durationHoursMinutes', { hours, minutes: rest });
}

function deadlineText(locale: Locale, days: number): string {
  if (days === 0) return t(locale, 'meetings.deadlineNone');
  return days === 1 ? t(locale, 'meetings.deadlineDay') : t(locale, 'meetings.deadlineDays', { days });
}

/** The date `days` calendar days before `date`. */
function daysBefore(date: IsoDate, days: number): IsoDate {
  return osloDateTime(date, '12:00').subtract({ days }).toPlainDate().toString();
}

// ---- one meeting -------------------------------------------------------------------------------

/** Who reads a meeting card: the network channel, or a person (with what they may do). */
export type MeetingReader =
  | { kind: 'channel' }
  | {
      kind: 'person';
      aadObjectId: string;
      /** Invited to the meeting (and how). */
      invitee?: Invitee;
      /** Its organiser or the UDI coordinator: may move or cancel it. */
      canManage: boolean;
    };

/** Everything a meeting card shows, as the use cases found it. */
export interface MeetingModel {
  series: MeetingSeries;
  /** The meeting as it is now (moved or cancelled). */
  occurrence: Occurrence;
  item?: MeetingOccurrence;
  invitees: readonly Invitee[];
  reader: MeetingReader;
  /** Other dates the series meets on (so a suggested date is not one of them). */
  otherDates: readonly IsoDate[];
  calendarUrl?: string;
  /** The meeting's agenda, when a feature keeps one (meeting-extensions.ts). */
  agenda?: MeetingAgenda;
  /** A button raising an item for the meeting, from that feature: its verb and title. */
  raise?: { verb: string; title: string };
}

/** Why the card came: a reminder (and whether it is late), a change, a date to check. */
export type MeetingCardReason =
  | { kind: 'reminder'; reminder: ReminderKind; late: boolean }
  | { kind: 'cancelled' | 'moved' | 'holiday' | 'superseded' | 'none' };

/** The banner code the outbox carries for a reminder: its kind, and ':late' when it came late. */
export function reminderBanner(kind: ReminderKind, late: boolean): string {
  return late ? `${kind}:late` : kind;
}

/** The reason a banner code (from the outbox) stands for. */
export function reasonOf(banner: string | undefined): MeetingCardReason {
  const [kind, late] = (banner ?? '').split(':');
  if (REMINDER_KINDS.includes(kind as ReminderKind))
    return { kind: 'reminder', reminder: kind as ReminderKind, late: late === 'late' };
  if (kind === 'cancelled' || kind === 'moved' || kind === 'holiday') return { kind };
  return { kind: 'none' };
}

/**
 * The answers so far among those invited now, the answers given only: "3 kommer · 1 på video · 2 har
 * ikke svart", or "Ingen har svart ennå (4 invitert)".
 */
export function countsText(
  locale: Locale,
  invitees: readonly Invitee[],
  rsvps: Readonly<Record<string, RsvpAnswer>>,
): string {
  const counts: Record<RsvpAnswer | 'unanswered', number> = {
    attending: 0,
    remote: 0,
    'not-attending': 0,
    unanswered: 0,
  };
  for (const invitee of invitees) counts[rsvps[invitee.aadObjectId] ?? 'unanswered']++;
  if (counts.unanswered === invitees.length) return t(locale, 'meetings.counts.none', { n: invitees.length });
  return (['attending', 'remote', 'not-attending', 'unanswered'] as const)
    .filter((key) => counts[key] > 0)
    .map((key) => t(locale, `meetings.counts.${key}`, { n: counts[key] }))
    .join(' · ');
}

export interface MeetingCardOptions {
  reason?: MeetingCardReason;
  fromList?: boolean;
  /** A card a newer one replaced: as it is now, without buttons. */
  superseded?: boolean;
  nowMs: number;
  values?: MeetingCardData['values'];
  errors?: MeetingCardData['errors'];
  /** On the channel's card answering someone's click: their own answer is shown to them. */
  answeredBy?: string;
}

function bannerFor(
  locale: Locale,
  model: MeetingModel,
  reason: MeetingCardReason,
): MeetingBanner | undefined {
  const { occurrence } = model;
  switch (reason.kind) {
    case 'reminder': {
      const text = t(locale, `meetings.banners.${reason.reminder}`);
      return reason.late
        ? { text: `${text} ${t(locale, 'meetings.banners.late')}`, style: 'warning' }
        : { text, style: reason.reminder === 'hour-before' ? 'warning' : 'default' };
    }
    case 'cancelled':
      return { text: t(locale, 'meetings.banners.cancelled'), style: 'attention' };
    case 'moved':
      return { text: t(locale, 'meetings.banners.moved'), style: 'warning' };
    case 'superseded':
      return { text: t(locale, 'meetings.banners.superseded'), style: 'default' };
    case 'holiday': {
      const conflict = dateConflict(occurrence.date);
      if (!conflict) return undefined;
      const key = suggestedDate(occurrence.date, model.otherDates) ? 'holiday' : 'holidayNoSuggestion';
      return {
        text: t(locale, `meetings.banners.${key}`, {
          date: dayText(locale, occurrence.date),
          conflict: conflictText(locale, conflict),
        }),
        style: 'warning',
      };
    }
    case 'none':
      return undefined;
  }
}

export function meetingCard(locale: Locale, model: MeetingModel, options: MeetingCardOptions) {
  const { series, occurrence, item, reader } = model;
  const reason: MeetingCardReason = options.superseded
    ? { kind: 'superseded' }
    : (options.reason ?? (occurrence.state === 'cancelled' ? { kind: 'cancelled' } : { kind: 'none' }));
  const ahead =
    series.state === 'active' && occurrence.state !== 'cancelled' && options.nowMs < occurrence.startMs;
  const live = ahead && !options.superseded;
  const person = reader.kind === 'person' ? reader : undefined;
  const ownId = person?.aadObjectId ?? options.answeredBy;
  const own = ownId && item ? item.rsvps[ownId] : undefined;
  const banner = bannerFor(locale, model, reason);
  // The meeting's item id, also before its first card made the item (an answer then makes it).
  const itemId = item?.id ?? occurrenceItemId(series.id, occurrence.id);
  const moved = occurrence.state === 'moved';
  const optionalNote =
    series.meetingKind !== 'network'
      ? undefined
      : reader.kind === 'channel'
        ? t(locale, 'meetings.optionalNote')
        : person?.invitee?.optional
          ? t(locale, 'meetings.optionalNoteOwn')
          : undefined;
  const suggested =
    reason.kind === 'holiday' && dateConflict(occurrence.date)
      ? suggestedDate(occurrence.date, model.otherDates)
      : undefined;
  const data: MeetingCardData = {
    seriesId: series.id,
    occurrenceId: occurrence.id,
    itemId,
    ...(options.fromList ? { fromList: true } : {}),
    listId: options.fromList ? 'meetings' : 'none',
    title: series.title,
    subtitle: `${t(locale, `meetings.kinds.${series.meetingKind}`)} · ${series.reference}`,
    when: whenText(locale, occurrence),
    ...(moved
      ? {
          movedFrom: whenText(locale, {
            ...occurrence,
            date: occurrence.id,
            time: series.schedule.time,
            end: shiftEnd(series, occurrence),
          }),
        }
      : {}),
    ...(occurrence.state === 'cancelled' ? { cancelled: true } : {}),
    ...(series.place ? { place: series.place } : {}),
    ...(series.joinUrl && occurrence.state !== 'cancelled' ? { joinUrl: series.joinUrl } : {}),
    ...(series.description ? { description: series.description } : {}),
    ...(model.agenda && model.agenda.lines.length > 0
      ? {
          agenda: {
            lines: model.agenda.lines.map((text) => ({ text })),
            ...(model.agenda.total ? { total: model.agenda.total } : {}),
          },
        }
      : {}),
    // Raising an item for the meeting: for those who take part, until its agenda deadline.
    ...(live &&
    model.raise &&
    (reader.kind === 'channel' || person?.invitee) &&
    osloDate(new Date(options.nowMs)) <= daysBefore(occurrence.date, series.agendaDeadlineDays)
      ? {
          raise: [
            {
              verb: model.raise.verb,
              title: model.raise.title,
              seriesId: series.id,
              occurrenceId: occurrence.id,
            },
          ],
        }
      : {}),
    ...(reason.kind === 'reminder' && reason.reminder === 'agenda-call'
      ? { agendaDeadline: dayText(locale, daysBefore(occurrence.date, series.agendaDeadlineDays)) }
      : {}),
    ...(banner ? { banner } : {}),
    ...(optionalNote ? { optionalNote } : {}),
    ...(occurrence.state !== 'cancelled'
      ? { counts: countsText(locale, model.invitees, item?.rsvps ?? {}) }
      : {}),
    ...(own ? { ownAnswer: t(locale, `meetings.answered.${own}`) } : {}),
    ...(live && person?.invitee && !own && reason.kind === 'reminder' && reason.reminder === 'hour-before'
      ? { nudge: true }
      : {}),
    ...(live && (reader.kind === 'channel' || person?.invitee)
      ? {
          answers: RSVP_ANSWERS.filter((a) => reader.kind === 'channel' || a !== own).map((answer) => ({
            title: t(locale, `meetings.answers.${answer}`),
            itemId: itemId,
            answerId: answer,
            // Answering keeps the way back to the list the card was opened from.
            listId: options.fromList ? ('meetings' as const) : ('none' as const),
          })),
        }
      : {}),
    ...(model.calendarUrl && occurrence.state !== 'cancelled' ? { calendarUrl: model.calendarUrl } : {}),
    ...(live && person?.canManage
      ? {
          manage: {
            date: occurrence.date,
            time: occurrence.time,
            ...(suggested ? { suggested: { text: dayText(locale, suggested) } } : {}),
          },
        }
      : {}),
    ...(options.values ? { values: options.values } : {}),
    ...(options.errors ? { errors: options.errors } : {}),
  };
  return renderCard('meeting', data, locale);
}

/** The end of a moved meeting's original slot (its series' time and length on its original date). */
function shiftEnd(series: MeetingSeries, occurrence: Occurrence): string {
  return osloDateTime(occurrence.id, series.schedule.time)
    .add({ minutes: series.schedule.durationMinutes })
    .toString({ timeZoneName: 'never', smallestUnit: 'second' });
}

// ---- the list ----------------------------------------------------------------------------------

export interface MeetingListModel {
  meetings: {
    series: MeetingSeries;
    occurrence: Occurrence;
    item?: MeetingOccurrence;
    invitees: readonly Invitee[];
    own?: RsvpAnswer;
  }[];
  series: { series: MeetingSeries; canEdit: boolean; calendarUrl?: string }[];
  canCreate: boolean;
  offerRhythm: boolean;
  banner?: MeetingBanner;
}

export function meetingListCard(locale: Locale, model: MeetingListModel) {
  const data: MeetingListData = {
    meetings: model.meetings.map(({ series, occurrence, item, invitees, own }) => {
      const conflict = occurrence.state !== 'cancelled' ? dateConflict(occurrence.date) : undefined;
      const note =
        occurrence.state === 'cancelled'
          ? t(locale, 'meetings.list.cancelled')
          : occurrence.state === 'moved'
            ? t(locale, 'meetings.list.moved', { date: dayText(locale, occurrence.id) })
            : conflict
              ? capitalise(conflictText(locale, conflict))
              : undefined;
      return {
        seriesId: series.id,
        occurrenceId: occurrence.id,
        title: series.title,
        when: whenText(locale, occurrence),
        ...(note ? { note } : {}),
        ...(occurrence.state !== 'cancelled'
          ? { counts: countsText(locale, invitees, item?.rsvps ?? {}) }
          : {}),
        ...(own ? { ownAnswer: t(locale, `meetings.answered.${own}`) } : {}),
      };
    }),
    series: model.series.map(({ series, canEdit, calendarUrl }) => ({
      seriesId: series.id,
      title: series.title,
      rhythm: rhythmText(locale, series.schedule),
      canEdit,
      ...(calendarUrl ? { calendarUrl } : {}),
    })),
    canCreate: model.canCreate,
    offerRhythm: model.offerRhythm,
    ...(model.banner ? { banner: model.banner } : {}),
  };
  return renderCard('meeting-list', data, locale);
}

// ---- the series form ---------------------------------------------------------------------------

export interface SeriesFormModel {
  seriesId?: string;
  values: MeetingSeriesValues;
  people: readonly Person[];
  /** The next dates of the rhythm as filled in, when it is complete. */
  preview?: readonly Occurrence[];
  /** The other dates the series meets on (for the suggestions next to a conflict). */
  previewId: string;
  /** Problem names by field (meetings.errors.*); 'refused' for what the privacy guard took out. */
  problems?: Readonly<Record<string, string>>;
  /** The preview is shown because the rhythm changed since the last one: say so. */
  checkDates?: boolean;
}

export function seriesFormCard(locale: Locale, model: SeriesFormModel) {
  const choice = (value: string | number, title: string) => ({ value: String(value), title });
  const errors: Record<string, string> = {};
  for (const [field, problem] of Object.entries(model.problems ?? {}))
    errors[field] = t(locale, `meetings.errors.${problem}`);
  if (model.checkDates) errors.form ??= t(locale, 'meetings.form.checkDates');
  const previewDates = model.preview?.map((o) => o.date) ?? [];
  const preview: MeetingPreviewDate[] | undefined = model.preview?.map((occurrence) => {
    const conflict = dateConflict(occurrence.date);
    const suggested = conflict ? suggestedDate(occurrence.date, previewDates) : undefined;
    return {
      when: whenText(locale, occurrence),
      ...(conflict
        ? {
            note: capitalise(
              suggested
                ? `${conflictText(locale, conflict)} → ${dayText(locale, suggested)}`
                : conflictText(locale, conflict),
            ),
          }
        : {}),
    };
  });
  const data: MeetingSeriesFormData = {
    ...(model.seriesId ? { seriesId: model.seriesId } : {}),
    kinds: MEETING_KINDS.map((kind) => choice(kind, t(locale, `meetings.kinds.${kind}`))),
    patterns: PATTERNS.map((p) => choice(p, t(locale, `meetings.patterns.${p}`))),
    nths: NTHS.map((n) => choice(n, t(locale, `meetings.nths.${n}`))),
    weekdays: WEEKDAYS.map((d) => choice(d, capitalise(t(locale, `meetings.weekdays.${d}`)))),
    everies: EVERIES.map((n) => choice(n, t(locale, `meetings.everies.${n}`))),
    durations: DURATIONS.map((m) => choice(m, durationText(locale, m))),
    deadlines: DEADLINE_DAYS.map((d) => choice(d, deadlineText(locale, d))),
    people: model.people
      .filter((p) => p.roles.some((r) => r.kind !== 'admin'))
      .map((p) => choice(p.aadObjectId, p.displayName || p.aadObjectId))
      .sort((a, b) => a.title.localeCompare(b.title, locale === 'en' ? 'en' : 'nb')),
    values: model.values,
    ...(preview
      ? { preview: preview.length > 0 ? preview : [{ when: t(locale, 'meetings.form.previewEmpty') }] }
      : {}),
    previewId: model.previewId,
    ...(Object.keys(errors).length > 0 ? { errors } : {}),
  };
  return renderCard('meeting-series-form', data, locale);
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
