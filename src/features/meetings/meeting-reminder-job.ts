/**
 * The meeting reminder job (one unit of work per run): asks `planReminders` what is due now, sends
 * each due reminder to the meeting's invitees (the network channel for network meetings) through the
 * live-card engine, and records its key on the meeting's item in the same unit of work, so a
 * restart, two runs at once or a crash between runs never sends one twice. Skipped reminders are
 * recorded too. Returns what it did and the next moment a reminder falls due, so the scheduler wakes
 * then. The meeting's item is made when its first reminder goes out.
 */
import { loadRoster } from '../../app/actor.js';
import type { AppContext } from '../../app/context.js';
import type { TaskRun } from '../../app/feature.js';
import { publish } from '../../app/live-cards.js';
import { occurrencesBetween } from '../../domain/recurrence.js';
import { historyEntry, SYSTEM_ACTOR, transition } from '../../domain/tracked-item.js';
import type { UnitOfWork } from '../../store/store.js';
import { planReminders, type Reminder, type SeriesTimes } from './meeting-reminders.js';
import {
  audienceOf,
  type MeetingOccurrence,
  type MeetingSeries,
  newOccurrenceItem,
  occurrenceItemId,
  recipientsOf,
} from './meeting-series.js';
import { meetingsIn } from './meeting-store.js';
import { reminderBanner } from './meeting-views.js';

/** The view of a reminder card (meeting-views later renders it); the banner says which reminder. */
export const REMINDER_VIEW = 'meeting-reminder';

const DAY_MS = 86_400_000;
/** Matches planReminders' defaults: missed reminders are looked for 14 days back. */
const LOOKBACK_MS = 14 * DAY_MS;
const HORIZON_MS = 45 * DAY_MS;

function timesOf(series: MeetingSeries): SeriesTimes {
  const movedAtMs: Record<string, number> = {};
  for (const [id, at] of Object.entries(series.movedAt ?? {})) movedAtMs[id] = Date.parse(at);
  return {
    id: series.id,
    schedule: series.schedule,
    offsets: series.offsets,
    sinceMs: Date.parse(series.createdAt),
    movedAtMs,
  };
}

export async function runMeetingReminders(ctx: AppContext, uow: UnitOfWork): Promise<TaskRun> {
  const meetings = meetingsIn(uow);
  const series = await meetings.activeSeries();
  if (series.length === 0) return { count: 0 };
  const nowMs = ctx.now().getTime();

  // What was already done: the reminder keys on the items of the meetings the plan can look at.
  const items = new Map<string, MeetingOccurrence | undefined>();
  for (const s of series) {
    const longest = Math.max(0, ...s.offsets.map((o) => o.days * DAY_MS + o.minutes * 60_000)) + 3_600_000;
    for (const o of occurrencesBetween(s.schedule, nowMs - LOOKBACK_MS, nowMs + HORIZON_MS + longest)) {
      const id = occurrenceItemId(s.id, o.id);
      if (!items.has(id)) items.set(id, await meetings.getOccurrence(s.id, o.id));
    }
  }
  const held = await settleHeld(ctx, uow, items, nowMs);
  const plan = planReminders(
    nowMs,
    series.map(timesOf),
    (key) => {
      const [seriesId, occurrence] = key.split('|');
      const item = items.get(occurrenceItemId(seriesId ?? '', occurrence ?? ''));
      return item !== undefined && Object.hasOwn(item.reminders, key);
    },
    { lookbackMs: LOOKBACK_MS, horizonMs: HORIZON_MS },
  );
  if (plan.due.length === 0 && plan.skipped.length === 0)
    return { count: 0, ...(held > 0 ? { notes: { held } } : {}), ...next(plan.nextAtMs) };

  const at = ctx.now().toISOString();
  const byId = new Map(series.map((s) => [s.id, s]));
  const roster = await loadRoster(ctx, uow);
  const units = await uow.units.list();
  const itemFor = (reminder: Reminder): MeetingOccurrence => {
    const id = occurrenceItemId(reminder.seriesId, reminder.occurrence.id);
    const found = items.get(id);
    const series = byId.get(reminder.seriesId);
    const item: MeetingOccurrence = found
      ? { ...found, start: reminder.occurrence.start, reminders: { ...found.reminders }, updatedAt: at }
      : newOccurrenceItem(
          { id: reminder.seriesId, reference: series?.reference ?? '' },
          reminder.occurrence.id,
          reminder.occurrence.start,
          at,
        );
    items.set(id, item);
    return item;
  };

  let late = 0;
  for (const reminder of plan.due) {
    const s = byId.get(reminder.seriesId);
    if (!s) continue;
    const item = itemFor(reminder);
    item.reminders[reminder.key] = at;
    item.history = [
      ...item.history,
      historyEntry<MeetingOccurrence>(
        { action: 'reminder', reminder: reminder.kind, late: reminder.late },
        SYSTEM_ACTOR,
        at,
      ),
    ];
    const recipients = recipientsOf(s, audienceOf(s, roster.people, units));
    await publish(
      ctx,
      uow,
      item,
      recipients.map((to) => ({
        to,
        view: REMINDER_VIEW,
        banner: reminderBanner(reminder.kind, reminder.late),
        origin: s.organiser,
      })),
    );
    await meetings.putOccurrence(item);
    if (reminder.late) late++;
  }
  for (const reminder of plan.skipped) {
    const item = itemFor(reminder);
    item.reminders[reminder.key] = at;
    item.history = [
      ...item.history,
      historyEntry<MeetingOccurrence>(
        { action: 'reminder-skipped', reminder: reminder.kind, reason: reminder.reason },
        SYSTEM_ACTOR,
        at,
      ),
    ];
    await meetings.putOccurrence(item);
  }
  return {
    count: plan.due.length,
    notes: { late, skipped: plan.skipped.length, ...(held > 0 ? { held } : {}) },
    ...next(plan.nextAtMs),
  };
}

/**
 * Meetings that are over settle as held (their items then leave the hot document for the archive);
 * their live cards lose their buttons. Returns how many.
 */
async function settleHeld(
  ctx: AppContext,
  uow: UnitOfWork,
  items: Map<string, MeetingOccurrence | undefined>,
  nowMs: number,
): Promise<number> {
  const at = ctx.now().toISOString();
  let count = 0;
  for (const [id, item] of items) {
    if (item?.state !== 'upcoming') continue;
    const series = await meetingsIn(uow).getSeries(item.series);
    const endMs = Date.parse(item.start) + (series?.schedule.durationMinutes ?? 0) * 60_000;
    if (endMs > nowMs) continue;
    const heldItem = transition(item, 'held', SYSTEM_ACTOR, { action: 'held' }, at);
    await publish(ctx, uow, heldItem, []);
    await meetingsIn(uow).putOccurrence(heldItem);
    items.set(id, heldItem);
    count++;
  }
  return count;
}

const next = (nextAtMs: number | undefined) => (nextAtMs === undefined ? {} : { nextAtMs });
