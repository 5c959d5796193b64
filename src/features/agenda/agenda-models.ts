/**
 * What the agenda's cards show, read from the store for one reader: an item with the curator's
 * choices (the meetings of its forum, other open items, the network's people), the list with the
 * backlog, and a meeting's agenda or summary. Reads only; who may see what is decided here from the
 * stored roster through the agenda's policy.
 */
import { loadActor, loadRoster } from '../../app/actor.js';
import type { AppContext, Caller } from '../../app/context.js';
import type { Locale } from '../../cards/i18n.js';
import type { Recipient } from '../../domain/notifications.js';
import { isIsoDate, isOriginalDate, occurrenceOf } from '../../domain/recurrence.js';
import type { Person } from '../../domain/roster.js';
import { addWorkingDays, type IsoDate, osloDate } from '../../domain/working-days.js';
import type { UnitOfWork } from '../../store/store.js';
import type { MeetingSeries } from '../meetings/meeting-series.js';
import { meetingsIn } from '../meetings/meeting-store.js';
import { whenText } from '../meetings/meeting-views.js';
import { backlog, forumOf, meetingsFor } from './agenda.js';
import { agendaOrder, compileAgenda } from './agenda-compile.js';
import type { AgendaItem, MeetingRef } from './agenda-items.js';
import { authorizeAgenda, curatedDepartments } from './agenda-policy.js';
import { SUMMARY_POSTING } from './agenda-sheets.js';
import { agendaIn } from './agenda-store.js';
import {
  type CurateModel,
  type ItemModel,
  type ListMeeting,
  type ListModel,
  meetingChoiceId,
  type SheetModel,
} from './agenda-views.js';

/** A meeting in words: "Koordinatormøte tirsdag 12. januar 2027 kl. 09:00–10:30". */
export async function meetingText(
  uow: UnitOfWork,
  locale: Locale,
  meeting: MeetingRef | undefined,
): Promise<string | undefined> {
  if (!meeting) return undefined;
  const series = await meetingsIn(uow).getSeries(meeting.seriesId);
  if (!series || !isOriginalDate(series.schedule, meeting.occurrence)) return undefined;
  return `${series.title} ${whenText(locale, occurrenceOf(series.schedule, meeting.occurrence))}`;
}

/** A name for an AAD object id, or the catalog's "(has left)". */
const namer = (people: readonly Person[], left: string) => {
  const names = new Map(people.map((p) => [p.aadObjectId, p.displayName]));
  return (id: string) => names.get(id) ?? left;
};

/** The network's people (owners and who takes an initiative), by name. */
const networkPeople = (people: readonly Person[]) =>
  people
    .filter((p) => p.roles.some((r) => r.kind !== 'admin'))
    .map((p) => ({ aadObjectId: p.aadObjectId, displayName: p.displayName }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'nb'));

/**
 * The item as `reader` sees it: with the curator's tools if they curate it (and the card is theirs
 * to act on). `left` is the name shown for someone no longer in the roster.
 */
export async function itemModel(
  ctx: AppContext,
  uow: UnitOfWork,
  reader: string | undefined,
  item: AgendaItem,
  locale: Locale,
  left: string,
): Promise<ItemModel> {
  const roster = await loadRoster(ctx, uow);
  const nameOf = namer(roster.people, left);
  const actor = reader ? roster.get(reader) : undefined;
  const merged =
    item.state === 'merged' && item.mergedInto ? await agendaIn(uow).getItem(item.mergedInto) : undefined;
  const model: ItemModel = {
    item,
    submitterName: nameOf(item.createdBy),
    nameOf,
    ...(merged ? { mergedInto: { reference: merged.reference, title: merged.title } } : {}),
  };
  const text = await meetingText(uow, locale, item.meeting);
  if (text) model.meetingText = text;
  if (!authorizeAgenda(actor, { kind: 'agenda.curate', item }).allowed) return model;

  const nowMs = ctx.now().getTime();
  const open = item.state === 'submitted' || item.state === 'accepted';
  const current = item.meeting ? await meetingStart(uow, item.meeting) : undefined;
  const begun = current !== undefined && current <= nowMs;
  const targets = open ? await meetingsFor(uow, item.forum, nowMs) : [];
  const meetings = [];
  for (const m of targets) {
    // Deferring goes to a later meeting than the one it is on.
    if (item.state === 'accepted' && current !== undefined && m.startMs <= current) continue;
    meetings.push({
      id: meetingChoiceId(m.seriesId, m.occurrence),
      title: (await meetingText(uow, locale, m)) ?? '',
    });
  }
  const others = open
    ? (await agendaIn(uow).openItems()).filter((i) => i.id !== item.id && i.forum === item.forum)
    : [];
  const curate: CurateModel = {
    meetings,
    items: others.map((i) => ({ id: i.id, reference: i.reference, title: i.title })),
    people: networkPeople(roster.people),
    canAccept: item.state === 'submitted',
    canDefer: item.state === 'accepted' && !begun,
    canMerge: open && others.length > 0 && !begun,
    canDecline: open && !begun,
    canRecord: item.state === 'accepted' && begun,
    defaultDue: addWorkingDays(osloDate(ctx.now()), 10),
  };
  model.curate = curate;
  return model;
}

/** When a meeting begins, ms (undefined when the card names no meeting of a series in the store). */
async function meetingStart(uow: UnitOfWork, meeting: MeetingRef): Promise<number | undefined> {
  const series = await meetingsIn(uow).getSeries(meeting.seriesId);
  if (!series || !isOriginalDate(series.schedule, meeting.occurrence)) return undefined;
  return occurrenceOf(series.schedule, meeting.occurrence).startMs;
}

/** The list for the caller: their own open items, and the backlog if they curate. */
export async function listModel(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  locale: Locale,
): Promise<ListModel | undefined> {
  const actor = await loadActor(ctx, uow, caller);
  if (!authorizeAgenda(actor, { kind: 'agenda.submit' }).allowed) return undefined;
  const mine = await agendaIn(uow).openItemsBy(caller.aadObjectId);
  const found = await backlog(ctx, uow, caller);
  if (!found.ok) return { mine };
  // A curator's own items stand once, in the backlog where they act on them.
  const curated = new Set([...found.value.submitted, ...found.value.accepted].map((i) => i.id));
  const byMeeting = new Map<string, MeetingRef>();
  for (const item of found.value.accepted)
    if (item.meeting) byMeeting.set(`${item.meeting.seriesId}|${item.meeting.occurrence}`, item.meeting);
  // Everyone's open items, read once: each meeting's total counts them all.
  const open = await agendaIn(uow).openItems();
  const meetings: (ListMeeting & { startMs: number })[] = [];
  for (const ref of byMeeting.values()) {
    const series = await meetingsIn(uow).getSeries(ref.seriesId);
    if (!series || !isOriginalDate(series.schedule, ref.occurrence)) continue;
    const occurrence = occurrenceOf(series.schedule, ref.occurrence);
    meetings.push({
      seriesId: series.id,
      occurrence: ref.occurrence,
      title: series.title,
      when: whenText(locale, occurrence),
      startMs: occurrence.startMs,
      // Everyone's items on the meeting count towards its length; the rows are the curator's.
      compiled: {
        ...compileAgenda(open, ref, series.schedule.durationMinutes),
        items: found.value.accepted.filter(
          (i) => i.meeting?.seriesId === ref.seriesId && i.meeting.occurrence === ref.occurrence,
        ),
      },
    });
  }
  // The nearest meeting first.
  meetings.sort((a, b) => a.startMs - b.startMs);
  return {
    mine: mine.filter((i) => !curated.has(i.id)),
    backlog: {
      submitted: found.value.submitted,
      meetings,
      periodId: String(Number(osloDate(ctx.now()).slice(0, 4))),
    },
  };
}

/** The meeting a card names (series and original date), if it is one an agenda is kept for. */
export async function agendaMeeting(
  uow: UnitOfWork,
  seriesId: unknown,
  occurrence: unknown,
): Promise<{ series: MeetingSeries; occurrence: IsoDate } | undefined> {
  const series = typeof seriesId === 'string' ? await meetingsIn(uow).getSeries(seriesId) : undefined;
  if (!series || !forumOf(series) || !isIsoDate(occurrence) || !isOriginalDate(series.schedule, occurrence))
    return undefined;
  return { series, occurrence };
}

/** Whether `to` may see a meeting's agenda: the channel for network meetings, or a network member. */
export function curatesAny(person: Person | undefined): boolean {
  return curatedDepartments(person).length > 0;
}

/**
 * A meeting's agenda (before it) or summary (after it, or when asked for) for `to`. The reader
 * curates when they are a person who curates some department.
 */
export async function sheetModel(
  ctx: AppContext,
  uow: UnitOfWork,
  meeting: { series: MeetingSeries; occurrence: IsoDate },
  to: Recipient,
  locale: Locale,
  options: { summary?: boolean; left: string },
): Promise<SheetModel> {
  const { series, occurrence } = meeting;
  const roster = await loadRoster(ctx, uow);
  const o = occurrenceOf(series.schedule, occurrence);
  const begun = o.startMs <= ctx.now().getTime();
  const ref = { seriesId: series.id, occurrence };
  const summary = options.summary ?? false;
  // Once the meeting has begun, its agenda shows what came of each item (done ones too).
  const withOutcomes = summary || begun;
  const items = withOutcomes
    ? (await agendaIn(uow).meetingItems(ref)).filter(
        (i) => i.meeting?.seriesId === ref.seriesId && i.meeting.occurrence === ref.occurrence,
      )
    : (await agendaIn(uow).openItems()).filter((i) => i.state === 'accepted');
  const compiled = withOutcomes
    ? (() => {
        const on = [...items].sort(agendaOrder);
        const total = on.reduce((sum, i) => sum + i.minutes, 0);
        const length = series.schedule.durationMinutes;
        return { items: on, totalMinutes: total, meetingMinutes: length, over: total > length };
      })()
    : compileAgenda(items, ref, series.schedule.durationMinutes);
  const names = new Map(roster.people.map((p) => [p.aadObjectId, p.displayName]));
  const summarySentAt = (await agendaIn(uow).getSheet(ref))?.posted[SUMMARY_POSTING];
  return {
    seriesId: series.id,
    occurrence,
    meetingTitle: series.title,
    when: whenText(locale, o),
    compiled,
    summary,
    withOutcomes,
    nameOf: (id) => names.get(id),
    curator: to.kind === 'person' && curatesAny(roster.get(to.aadObjectId)),
    begun,
    ...(summarySentAt ? { summarySentAt } : {}),
  };
}
