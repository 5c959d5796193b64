/**
 * What the meetings cards show, read from the store for one reader: one meeting (as its reminder,
 * opened from the list, or to its organiser about a date to check), the list of upcoming meetings
 * and series, and how many network meetings a year's plan holds. Reads only: nothing here writes.
 * Every id from a card is resolved in the store, and what a reader may see or do is decided by the
 * policy module from the stored roster.
 */
import { loadActor, loadRoster } from '../../app/actor.js';
import type { AppContext, Caller } from '../../app/context.js';
import { type Locale, t } from '../../cards/i18n.js';
import type { Recipient } from '../../domain/notifications.js';
import type { Refusal } from '../../domain/policy.js';
import {
  isIsoDate,
  isOriginalDate,
  type Occurrence,
  occurrenceOf,
  occurrencesBetween,
} from '../../domain/recurrence.js';
import type { Person, Roster, Unit } from '../../domain/roster.js';
import type { IsoDate } from '../../domain/working-days.js';
import type { UnitOfWork } from '../../store/store.js';
import { calendarLinks } from './calendar-route.js';
import type { MeetingBanner } from './meeting-card-data.js';
import { MIN_NETWORK_MEETINGS_A_YEAR, networkMeetingsIn } from './meeting-dates.js';
import { MEETING_AGENDA } from './meeting-extensions.js';
import { authorizeMeetings } from './meeting-policy.js';
import { audienceOf, type MeetingSeries } from './meeting-series.js';
import { meetingsIn } from './meeting-store.js';
import type { MeetingListModel, MeetingModel, MeetingReader } from './meeting-views.js';

const DAY_MS = 86_400_000;
/** How far ahead the list of meetings looks. */
export const LIST_DAYS = 92;
/** At most this many meetings in the list (the nearest first). */
export const LIST_MAX = 15;

export type Read<T> = { ok: true; value: T } | { ok: false; refusal: Refusal } | { ok: false; missing: true };

/** The reader of a card sent to `to`, with what they may do (from the stored roster). */
function readerOf(
  series: MeetingSeries,
  invitees: MeetingModel['invitees'],
  to: Recipient,
  roster: Roster,
): MeetingReader {
  if (to.kind !== 'person') return { kind: 'channel' };
  const person = roster.get(to.aadObjectId);
  const invitee = invitees.find((i) => i.aadObjectId === to.aadObjectId);
  return {
    kind: 'person',
    aadObjectId: to.aadObjectId,
    ...(invitee ? { invitee } : {}),
    canManage: authorizeMeetings(person, { kind: 'meetings.manage', series }).allowed,
  };
}

/** One meeting of `series` (by its original date) as `to` sees it. */
export async function meetingModel(
  ctx: AppContext,
  uow: UnitOfWork,
  series: MeetingSeries,
  occurrenceId: IsoDate,
  to: Recipient,
  known?: { roster: Roster; units: readonly Unit[] },
  /** The reader's language: with it, the agenda and the raise button other features contribute. */
  locale?: Locale,
): Promise<MeetingModel> {
  const roster = known?.roster ?? (await loadRoster(ctx, uow));
  const units = known?.units ?? (await uow.units.list());
  const invitees = audienceOf(series, roster.people, units);
  const item = await meetingsIn(uow).getOccurrence(series.id, occurrenceId);
  const planned = occurrenceOf(series.schedule, occurrenceId);
  // A meeting the series no longer has (its rhythm changed) was cancelled on its item.
  const occurrence = item?.state === 'cancelled' ? { ...planned, state: 'cancelled' as const } : planned;
  const near = occurrencesBetween(
    series.schedule,
    occurrence.startMs - 31 * DAY_MS,
    occurrence.startMs + 31 * DAY_MS,
  );
  const links = calendarLinks(ctx);
  const extras = locale ? await agendaExtras(ctx, uow, series, occurrence, locale) : {};
  return {
    ...extras,
    series,
    occurrence,
    ...(links ? { calendarUrl: links.meeting(series.id, occurrenceId, occurrence.date) } : {}),
    ...(item ? { item } : {}),
    invitees,
    reader: readerOf(series, invitees, to, roster),
    otherDates: near.filter((o) => o.id !== occurrenceId && o.state !== 'cancelled').map((o) => o.date),
  };
}

/** What other features add to a meeting's cards (its agenda, a button to raise an item). */
async function agendaExtras(
  ctx: AppContext,
  uow: UnitOfWork,
  series: MeetingSeries,
  occurrence: Occurrence,
  locale: Locale,
): Promise<Pick<MeetingModel, 'agenda' | 'raise'>> {
  const extras: Pick<MeetingModel, 'agenda' | 'raise'> = {};
  for (const contribution of ctx.extensions.of(MEETING_AGENDA)) {
    if (!extras.agenda && contribution.agenda) {
      const agenda = await contribution.agenda(ctx, uow, { series, occurrence }, locale);
      if (agenda) extras.agenda = agenda;
    }
    if (!extras.raise && contribution.raise)
      extras.raise = { verb: contribution.raise.verb, title: t(locale, contribution.raise.titleKey) };
  }
  return extras;
}

/** A meeting a person opened (from the list or a link on a card): if they are invited or manage it. */
export async function showMeeting(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  seriesId: unknown,
  occurrenceId: unknown,
  locale?: Locale,
): Promise<Read<MeetingModel>> {
  const series = typeof seriesId === 'string' ? await meetingsIn(uow).getSeries(seriesId) : undefined;
  if (
    series?.state !== 'active' ||
    !isIsoDate(occurrenceId) ||
    !isOriginalDate(series.schedule, occurrenceId)
  )
    return { ok: false, missing: true };
  const roster = await loadRoster(ctx, uow);
  const units = await uow.units.list();
  const invitees = audienceOf(series, roster.people, units);
  const actor = await loadActor(ctx, uow, caller);
  const decision = authorizeMeetings(actor, { kind: 'meetings.show', series, invitees });
  if (!decision.allowed) return { ok: false, refusal: decision.reason };
  return {
    ok: true,
    value: await meetingModel(
      ctx,
      uow,
      series,
      occurrenceId,
      { kind: 'person', aadObjectId: caller.aadObjectId },
      { roster, units },
      locale,
    ),
  };
}

/** Whether `person` sees a series in the list: invited to it, or managing it. */
function seesSeries(
  person: Person | undefined,
  series: MeetingSeries,
  invitees: MeetingModel['invitees'],
): boolean {
  return authorizeMeetings(person, { kind: 'meetings.show', series, invitees }).allowed;
}

/**
 * The upcoming meetings (three months ahead) and the series `caller` is invited to or manages. In the
 * network's channel (`where: 'team'`, seen by everyone there): the network meetings only, without
 * anyone's own answer or buttons to plan.
 */
export async function listMeetings(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  banner?: MeetingBanner,
  where: 'personal' | 'team' = 'personal',
): Promise<Read<MeetingListModel>> {
  const team = where === 'team';
  const actor = await loadActor(ctx, uow, caller);
  const decision = authorizeMeetings(actor, { kind: 'meetings.view' });
  if (!decision.allowed) return { ok: false, refusal: decision.reason };
  const meetings = meetingsIn(uow);
  const active = await meetings.activeSeries();
  const roster = await loadRoster(ctx, uow);
  const units = await uow.units.list();
  const nowMs = ctx.now().getTime();
  const links = calendarLinks(ctx);
  const rows: MeetingListModel['meetings'] = [];
  const series: MeetingListModel['series'] = [];
  for (const s of active) {
    const invitees = audienceOf(s, roster.people, units);
    if (team ? s.meetingKind !== 'network' : !seesSeries(actor, s, invitees)) continue;
    series.push({
      series: s,
      canEdit: !team && authorizeMeetings(actor, { kind: 'meetings.manage', series: s }).allowed,
      ...(links ? { calendarUrl: links.series(s.id) } : {}),
    });
    for (const occurrence of occurrencesBetween(s.schedule, nowMs, nowMs + LIST_DAYS * DAY_MS)) {
      const item = await meetings.getOccurrence(s.id, occurrence.id);
      const own = team ? undefined : item?.rsvps[caller.aadObjectId];
      rows.push({ series: s, occurrence, ...(item ? { item } : {}), invitees, ...(own ? { own } : {}) });
    }
  }
  rows.sort((a, b) => a.occurrence.startMs - b.occurrence.startMs);
  series.sort((a, b) => a.series.title.localeCompare(b.series.title, 'nb'));
  return {
    ok: true,
    value: {
      meetings: rows.slice(0, LIST_MAX),
      series,
      canCreate: !team && authorizeMeetings(actor, { kind: 'meetings.create' }).allowed,
      offerRhythm:
        !team && active.length === 0 && authorizeMeetings(actor, { kind: 'meetings.setupRhythm' }).allowed,
      ...(banner ? { banner } : {}),
    },
  };
}

/** The calendar year a plan made at `nowMs` is for: this year until October, then the next. */
export function planYear(nowMs: number): number {
  const oslo = new Date(nowMs + 2 * 3_600_000); // Oslo is UTC+1 or +2; a day either way is no matter here
  return oslo.getUTCMonth() >= 9 ? oslo.getUTCFullYear() + 1 : oslo.getUTCFullYear();
}

/** How many network meetings the active series hold in `year` (cancelled ones not counted). */
export async function networkMeetingsPlanned(uow: UnitOfWork, year: number): Promise<number> {
  const from = Date.UTC(year, 0, 1) - 2 * 3_600_000;
  const to = Date.UTC(year + 1, 0, 1);
  const occurrences = (await meetingsIn(uow).activeSeries())
    .filter((s) => s.meetingKind === 'network')
    .flatMap((s) => occurrencesBetween(s.schedule, from, to));
  return networkMeetingsIn(year, occurrences).count;
}

/** Whether a year's plan holds fewer network meetings than the memo asks for. */
export const shortOfNetworkMeetings = (count: number): boolean => count < MIN_NETWORK_MEETINGS_A_YEAR;
