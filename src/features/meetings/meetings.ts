/**
 * The meetings use cases: set up the memo's rhythm, create a series, cancel or move one meeting, and
 * answer whether one comes. Each runs in the caller's unit of work, authorizes from the stored roster
 * (meeting-policy.ts), resolves every id that came from a card in the store, and keeps the cards of
 * everyone affected current through the live-card engine.
 */
import { loadActor, loadRoster } from '../../app/actor.js';
import type { AppContext, Caller } from '../../app/context.js';
import { publish } from '../../app/live-cards.js';
import type { Refusal } from '../../domain/policy.js';
import {
  isIsoDate,
  isOriginalDate,
  type LocalTime,
  type OccurrenceException,
  occurrenceOf,
  occurrencesBetween,
} from '../../domain/recurrence.js';
import {
  type EventOf,
  formatReference,
  historyEntry,
  newItemFields,
  transition,
} from '../../domain/tracked-item.js';
import { type IsoDate, osloDate } from '../../domain/working-days.js';
import type { UnitOfWork } from '../../store/store.js';
import { dateConflict, suggestedDate } from './meeting-dates.js';
import { authorizeMeetings, type MeetingPolicyAction } from './meeting-policy.js';
import { REMINDER_VIEW } from './meeting-reminder-job.js';
import {
  audienceOf,
  type MeetingOccurrence,
  type MeetingSeries,
  memoRhythm,
  newOccurrenceItem,
  occurrenceItemId,
  RSVP_ANSWERS,
  type RsvpAnswer,
  recipientsOf,
  type SeriesDraft,
  seriesProblems,
  withSeriesDefaults,
} from './meeting-series.js';
import { meetingsIn } from './meeting-store.js';

export type MeetingOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; refusal: Refusal }
  /** What someone filled in is not right, by field (the form shows each message next to its field). */
  | { ok: false; problems: Record<string, string> }
  /** The id from the card names nothing in the store. */
  | { ok: false; missing: true };

const DAY_MS = 86_400_000;
const refused = (refusal: Refusal) => ({ ok: false as const, refusal });
const MISSING = { ok: false as const, missing: true as const };

async function allowed(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  action: MeetingPolicyAction,
): Promise<Refusal | undefined> {
  const decision = authorizeMeetings(await loadActor(ctx, uow, caller), action);
  return decision.allowed ? undefined : decision.reason;
}

async function newSeries(
  ctx: AppContext,
  uow: UnitOfWork,
  by: string,
  draft: SeriesDraft,
): Promise<MeetingSeries> {
  const now = ctx.now();
  const at = now.toISOString();
  const full = withSeriesDefaults(draft);
  const series: MeetingSeries = {
    id: ctx.newId(),
    reference: formatReference(
      'M',
      now.getUTCFullYear(),
      await uow.sequences.next('meetings', now.getUTCFullYear()),
    ),
    kind: 'meeting-series',
    state: 'active',
    createdAt: at,
    createdBy: by,
    updatedAt: at,
    ...newItemFields(),
    history: [{ ...historyEntry<MeetingSeries>({ action: 'create' }, by, at), to: 'active' }],
    title: full.title.trim(),
    meetingKind: full.meetingKind,
    organiser: full.organiser,
    ...(full.invited && full.invited.length > 0 ? { invited: [...full.invited] } : {}),
    schedule: full.schedule,
    ...(full.place?.trim() ? { place: full.place.trim() } : {}),
    ...(full.joinUrl?.trim() ? { joinUrl: full.joinUrl.trim() } : {}),
    ...(full.description?.trim() ? { description: full.description.trim() } : {}),
    agendaDeadlineDays: full.agendaDeadlineDays,
    offsets: full.offsets,
  };
  await meetingsIn(uow).putSeries(series);
  return series;
}

/**
 * Sets up the memo's rhythm (three series, meeting-series.ts#memoRhythm) for the UDI coordinator, from
 * today. Refused when the network already has an active series (the setup is for the first start).
 */
export async function setupRhythm(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  texts: Parameters<typeof memoRhythm>[0],
): Promise<MeetingOutcome<MeetingSeries[]>> {
  const refusal = await allowed(ctx, uow, caller, { kind: 'meetings.setupRhythm' });
  if (refusal) return refused(refusal);
  if ((await meetingsIn(uow).activeSeries()).length > 0) return { ok: false, problems: { rhythm: 'exists' } };
  const roster = await loadRoster(ctx, uow);
  const rma = roster.people.find((p) =>
    p.roles.some((r) => r.kind === 'coordinator' && r.department === 'RMA'),
  );
  const today = osloDate(ctx.now());
  const created: MeetingSeries[] = [];
  for (const draft of memoRhythm(texts, caller.aadObjectId, rma?.aadObjectId, today))
    created.push(await newSeries(ctx, uow, caller.aadObjectId, draft));
  return { ok: true, value: created };
}

/** Creates a series from what a coordinator filled in (the organiser is the caller). */
export async function createSeries(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  draft: Omit<SeriesDraft, 'organiser'>,
): Promise<MeetingOutcome<MeetingSeries>> {
  const refusal = await allowed(ctx, uow, caller, { kind: 'meetings.create' });
  if (refusal) return refused(refusal);
  const full: SeriesDraft = { ...draft, organiser: caller.aadObjectId };
  const problems = seriesProblems(full);
  if (draft.invited) {
    // Every id from the card must be someone in the roster.
    const roster = await loadRoster(ctx, uow);
    if (draft.invited.some((id) => roster.get(id) === undefined)) problems.invited = 'unknown';
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, value: await newSeries(ctx, uow, caller.aadObjectId, full) };
}

/**
 * Changes a series from what its organiser (or the UDI coordinator) filled in. Its cancelled and
 * moved meetings stay as they were (by their original dates); the live cards of its coming meetings
 * show the change.
 */
export async function editSeries(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  seriesId: unknown,
  draft: Omit<SeriesDraft, 'organiser'>,
): Promise<MeetingOutcome<MeetingSeries>> {
  const found = await managedSeries(ctx, uow, caller, seriesId);
  if (!found.ok) return found;
  const series = found.value;
  const problems = seriesProblems({ ...draft, organiser: series.organiser });
  if (draft.invited) {
    const roster = await loadRoster(ctx, uow);
    if (draft.invited.some((id) => roster.get(id) === undefined)) problems.invited = 'unknown';
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const at = ctx.now().toISOString();
  const { invited: _i, place: _p, joinUrl: _j, description: _d, ...kept } = series;
  // A meeting cancelled or moved keeps that while its original date is still in the rhythm.
  const { exceptions: _e, ...rhythm } = draft.schedule;
  const exceptions = Object.fromEntries(
    Object.entries(series.schedule.exceptions ?? {}).filter(([date]) => isOriginalDate(rhythm, date)),
  );
  const next: MeetingSeries = {
    ...kept,
    updatedAt: at,
    title: draft.title.trim(),
    meetingKind: draft.meetingKind,
    ...(draft.invited && draft.invited.length > 0 ? { invited: [...draft.invited] } : {}),
    schedule: { ...rhythm, ...(Object.keys(exceptions).length > 0 ? { exceptions } : {}) },
    ...(draft.place?.trim() ? { place: draft.place.trim() } : {}),
    ...(draft.joinUrl?.trim() ? { joinUrl: draft.joinUrl.trim() } : {}),
    ...(draft.description?.trim() ? { description: draft.description.trim() } : {}),
    agendaDeadlineDays: draft.agendaDeadlineDays ?? series.agendaDeadlineDays,
    history: [...series.history, historyEntry<MeetingSeries>({ action: 'edit' }, caller.aadObjectId, at)],
  };
  await meetingsIn(uow).putSeries(next);
  await cancelDropped(ctx, uow, series, next, caller.aadObjectId);
  await refreshLiveCards(ctx, uow, next);
  return { ok: true, value: next };
}

/**
 * Meetings the old rhythm had and the new one has not (within the list's three months): those whose
 * invitees were told about them (their item exists) are cancelled, and everyone invited is told.
 */
async function cancelDropped(
  ctx: AppContext,
  uow: UnitOfWork,
  before: MeetingSeries,
  after: MeetingSeries,
  by: string,
): Promise<void> {
  const nowMs = ctx.now().getTime();
  const at = ctx.now().toISOString();
  for (const o of occurrencesBetween(before.schedule, nowMs, nowMs + 92 * DAY_MS)) {
    if (o.state === 'cancelled' || isOriginalDate(after.schedule, o.id)) continue;
    const item = await meetingsIn(uow).getOccurrence(before.id, o.id);
    if (item?.state !== 'upcoming') continue;
    // Told as it was planned (its time, its invitees), since the series no longer has it.
    await tellAbout(
      ctx,
      uow,
      before,
      o.id,
      (found) => transition(found, 'cancelled', by, { action: 'cancel' }, at),
      'cancelled',
    );
  }
}

/** Ends a series: no more reminders, its meetings leave the list; its live cards lose their buttons. */
export async function endSeries(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  seriesId: unknown,
): Promise<MeetingOutcome<MeetingSeries>> {
  const found = await managedSeries(ctx, uow, caller, seriesId);
  if (!found.ok) return found;
  const at = ctx.now().toISOString();
  const next = transition(found.value, 'ended', caller.aadObjectId, { action: 'end' }, at);
  await meetingsIn(uow).putSeries(next);
  await refreshLiveCards(ctx, uow, next);
  return { ok: true, value: next };
}

/** Updates in place the live cards about a series' coming meetings (after the series changed). */
async function refreshLiveCards(ctx: AppContext, uow: UnitOfWork, series: MeetingSeries): Promise<void> {
  const meetings = meetingsIn(uow);
  const nowMs = ctx.now().getTime();
  for (const o of occurrencesBetween(series.schedule, nowMs - DAY_MS, nowMs + 92 * DAY_MS)) {
    const item = await meetings.getOccurrence(series.id, o.id);
    if (item?.state !== 'upcoming' || item.parties.length === 0) continue;
    const next: MeetingOccurrence = { ...item, start: o.start, updatedAt: ctx.now().toISOString() };
    await publish(ctx, uow, next, []);
    await meetings.putOccurrence(next);
  }
}

/** The series named by a card, if the caller may manage it. */
async function managedSeries(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  seriesId: unknown,
): Promise<MeetingOutcome<MeetingSeries>> {
  const series = typeof seriesId === 'string' ? await meetingsIn(uow).getSeries(seriesId) : undefined;
  if (series?.state !== 'active') return MISSING;
  const refusal = await allowed(ctx, uow, caller, { kind: 'meetings.manage', series });
  return refusal ? refused(refusal) : { ok: true, value: series };
}

/**
 * Cards about one meeting after it was moved or cancelled: everyone invited gets a new card saying
 * so (an update in place would reach nobody's attention), and the cards they had about it are updated
 * a last time, without buttons, as the meeting is now.
 */
async function tellAbout(
  ctx: AppContext,
  uow: UnitOfWork,
  series: MeetingSeries,
  occurrence: IsoDate,
  change: (item: MeetingOccurrence) => MeetingOccurrence,
  banner: string,
): Promise<void> {
  const meetings = meetingsIn(uow);
  const at = ctx.now().toISOString();
  const found = await meetings.getOccurrence(series.id, occurrence);
  const start = occurrenceOf(series.schedule, occurrence).start;
  const item = change(found ? { ...found, start } : newOccurrenceItem(series, occurrence, start, at));
  const roster = await loadRoster(ctx, uow);
  const recipients = recipientsOf(series, audienceOf(series, roster.people, await uow.units.list()));
  await publish(
    ctx,
    uow,
    item,
    recipients.map((to) => ({ to, view: REMINDER_VIEW, banner, origin: series.organiser })),
  );
  await meetings.putOccurrence(item);
}

/** The series with one meeting's exception set, recorded in its history. */
function withException(
  series: MeetingSeries,
  occurrence: IsoDate,
  exception: OccurrenceException,
  by: string,
  at: string,
): MeetingSeries {
  const event: EventOf<MeetingSeries> =
    'movedTo' in exception
      ? { action: 'move-occurrence', occurrence, movedTo: exception.movedTo }
      : { action: 'cancel-occurrence', occurrence };
  return {
    ...series,
    updatedAt: at,
    schedule: { ...series.schedule, exceptions: { ...series.schedule.exceptions, [occurrence]: exception } },
    ...('movedTo' in exception ? { movedAt: { ...series.movedAt, [occurrence]: at } } : {}),
    history: [...series.history, historyEntry<MeetingSeries>(event, by, at)],
  };
}

/**
 * Whether `occurrence` is the original date of one of the series' meetings that is not cancelled (a
 * cancelled meeting is neither moved nor cancelled again: a card still showing its buttons is stale).
 */
const isCancelled = (exception: OccurrenceException | undefined): boolean =>
  exception !== undefined && 'cancelled' in exception;

function isComingMeeting(series: MeetingSeries, occurrence: unknown): occurrence is IsoDate {
  return (
    isIsoDate(occurrence) &&
    isOriginalDate(series.schedule, occurrence) &&
    !isCancelled(series.schedule.exceptions?.[occurrence])
  );
}

/** Cancels one meeting of a series (by its original date); everyone affected is told. */
export async function cancelOccurrence(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  seriesId: unknown,
  occurrence: unknown,
): Promise<MeetingOutcome<MeetingSeries>> {
  const found = await managedSeries(ctx, uow, caller, seriesId);
  if (!found.ok) return found;
  const series = found.value;
  if (!isComingMeeting(series, occurrence)) return MISSING;
  const at = ctx.now().toISOString();
  const next = withException(series, occurrence, { cancelled: true }, caller.aadObjectId, at);
  await meetingsIn(uow).putSeries(next);
  await tellAbout(
    ctx,
    uow,
    next,
    occurrence,
    (item) => transition(item, 'cancelled', caller.aadObjectId, { action: 'cancel' }, at),
    'cancelled',
  );
  return { ok: true, value: next };
}

/** Moves one meeting of a series (by its original date) to another date and time; everyone affected is told. */
export async function moveOccurrence(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  seriesId: unknown,
  occurrence: unknown,
  to: { date: unknown; time: unknown } | 'suggested',
): Promise<MeetingOutcome<MeetingSeries>> {
  const found = await managedSeries(ctx, uow, caller, seriesId);
  if (!found.ok) return found;
  const series = found.value;
  if (!isComingMeeting(series, occurrence)) return MISSING;
  if (to === 'suggested') {
    // Worked out again here: the card's copy of the suggestion is never trusted.
    const now = occurrenceOf(series.schedule, occurrence);
    const near = occurrencesBetween(series.schedule, now.startMs - 31 * DAY_MS, now.startMs + 31 * DAY_MS)
      .filter((o) => o.id !== occurrence && o.state !== 'cancelled')
      .map((o) => o.date);
    const date = dateConflict(now.date) ? suggestedDate(now.date, near) : undefined;
    if (!date) return { ok: false, problems: { form: 'no-suggestion' } };
    return moveOccurrence(ctx, uow, caller, seriesId, occurrence, { date, time: now.time });
  }
  const problems: Record<string, string> = {};
  if (!isIsoDate(to.date)) problems.date = to.date ? 'invalid' : 'missing';
  else if (to.date < osloDate(ctx.now())) problems.date = 'past';
  if (typeof to.time !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(to.time))
    problems.time = to.time ? 'invalid' : 'missing';
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const movedTo = { date: to.date as IsoDate, time: to.time as LocalTime };
  const at = ctx.now().toISOString();
  const next = withException(series, occurrence, { movedTo }, caller.aadObjectId, at);
  await meetingsIn(uow).putSeries(next);
  await tellAbout(
    ctx,
    uow,
    next,
    occurrence,
    // Answers were given for the old time: everyone is asked again (the history keeps them).
    (item) => ({
      ...item,
      updatedAt: at,
      rsvps: {},
      history: [
        ...item.history,
        historyEntry<MeetingOccurrence>({ action: 'move', movedTo }, caller.aadObjectId, at),
      ],
    }),
    'moved',
  );
  return { ok: true, value: next };
}

/**
 * The meeting a card's item id names, resolved in the store: its item, or (before its first card
 * went out) a new one, if the id is `<series>.<original date>` of an active series' meeting that is
 * neither cancelled nor over.
 */
async function meetingOf(
  ctx: AppContext,
  uow: UnitOfWork,
  itemId: unknown,
): Promise<{ meeting: MeetingOccurrence; series: MeetingSeries } | undefined> {
  if (typeof itemId !== 'string') return undefined;
  const stored = (await uow.items.get('meeting-occurrence', itemId)) as MeetingOccurrence | undefined;
  const dot = itemId.lastIndexOf('.');
  const seriesId = stored?.series ?? itemId.slice(0, Math.max(0, dot));
  const date = stored?.occurrence ?? itemId.slice(dot + 1);
  const series = await meetingsIn(uow).getSeries(seriesId);
  if (series?.state !== 'active' || !isOriginalDate(series.schedule, date)) return undefined;
  if (occurrenceItemId(series.id, date) !== itemId) return undefined;
  const occurrence = occurrenceOf(series.schedule, date);
  if (occurrence.state === 'cancelled' || occurrence.startMs <= ctx.now().getTime()) return undefined;
  if (stored) return stored.state === 'upcoming' ? { meeting: stored, series } : undefined;
  return {
    meeting: newOccurrenceItem(series, date, occurrence.start, ctx.now().toISOString()),
    series,
  };
}

/**
 * Records whether the caller comes to a meeting (the item named by the card, resolved in the store),
 * if they are invited to it; every card about it shows the new counts.
 */
export async function answerRsvp(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  itemId: unknown,
  answer: unknown,
): Promise<MeetingOutcome<MeetingOccurrence>> {
  const found = await meetingOf(ctx, uow, itemId);
  if (!found) return MISSING;
  const { meeting, series } = found;
  const roster = await loadRoster(ctx, uow);
  const invitees = audienceOf(series, roster.people, await uow.units.list());
  const refusal = await allowed(ctx, uow, caller, { kind: 'meetings.rsvp', invitees });
  if (refusal) return refused(refusal);
  if (!RSVP_ANSWERS.includes(answer as RsvpAnswer)) return { ok: false, problems: { answer: 'invalid' } };
  const at = ctx.now().toISOString();
  const next: MeetingOccurrence = {
    ...meeting,
    updatedAt: at,
    rsvps: { ...meeting.rsvps, [caller.aadObjectId]: answer as RsvpAnswer },
    history: [
      ...meeting.history,
      historyEntry<MeetingOccurrence>(
        { action: 'rsvp', answer: answer as RsvpAnswer },
        caller.aadObjectId,
        at,
      ),
    ],
  };
  await publish(ctx, uow, next, []);
  await meetingsIn(uow).putOccurrence(next);
  return { ok: true, value: next };
}
