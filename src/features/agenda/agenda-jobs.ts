/**
 * The agenda's scheduled work, one unit of work per run: at each meeting's agenda deadline
 * (agenda-deadlines.ts) the items an earlier meeting of the series did not reach are carried over,
 * and the compiled agenda is posted on the meeting's sheet (agenda-sheets.ts) to the network channel
 * (network meetings) or to the invited coordinators; each posting is recorded in the same unit of
 * work, so it is never posted twice. After downtime a passed deadline is posted late if the meeting
 * has not begun, and skipped otherwise. Returns the next deadline, so the scheduler wakes then.
 */
import { loadRoster } from '../../app/actor.js';
import type { AppContext } from '../../app/context.js';
import type { TaskRun } from '../../app/feature.js';
import { publish } from '../../app/live-cards.js';
import { isIsoDate, occurrenceOf, occurrencesBetween } from '../../domain/recurrence.js';
import { isDeputyOf, isUdiCoordinator } from '../../domain/roster.js';
import { formatReference } from '../../domain/tracked-item.js';
import { osloDate } from '../../domain/working-days.js';
import type { UnitOfWork } from '../../store/store.js';
import { audienceOf, recipientsOf } from '../meetings/meeting-series.js';
import { meetingsIn } from '../meetings/meeting-store.js';
import { ACTION_VIEW, carryOver, forumOf, SHEET_VIEW } from './agenda.js';

export { ACTION_VIEW, SHEET_VIEW };

import { actionStepAudience, dueActionSteps, withStepSent } from './agenda-actions.js';
import { compileAgenda } from './agenda-compile.js';
import { type AgendaMeeting, agendaDeadline, agendaKey, agendasDue } from './agenda-deadlines.js';
import type { MeetingRef } from './agenda-items.js';
import { newSheet, withPosting } from './agenda-sheets.js';
import { agendaIn } from './agenda-store.js';

const DAY_MS = 86_400_000;
const LOOKBACK_MS = 14 * DAY_MS;
const HORIZON_MS = 75 * DAY_MS;
/** A posting more than this after its moment is marked late. */
const LATE_AFTER_MS = 2 * 60_000;

export async function runAgendaDeadlines(ctx: AppContext, uow: UnitOfWork): Promise<TaskRun> {
  const nowMs = ctx.now().getTime();
  const at = ctx.now().toISOString();
  const agenda = agendaIn(uow);
  const seriesById = new Map((await meetingsIn(uow).activeSeries()).map((s) => [s.id, s]));
  const meetings: AgendaMeeting[] = [];
  for (const series of seriesById.values()) {
    const forum = forumOf(series);
    if (!forum) continue;
    for (const o of occurrencesBetween(series.schedule, nowMs - LOOKBACK_MS, nowMs + HORIZON_MS))
      if (o.state !== 'cancelled')
        meetings.push({
          seriesId: series.id,
          occurrence: o.id,
          forum,
          date: o.date,
          startMs: o.startMs,
          deadlineDays: series.agendaDeadlineDays,
          plannedAtMs: Date.parse(series.createdAt),
        });
  }
  const sheets = new Map<string, Awaited<ReturnType<typeof agenda.getSheet>>>();
  for (const m of meetings) sheets.set(`${m.seriesId}.${m.occurrence}`, await agenda.getSheet(m));
  const plan = agendasDue(nowMs, meetings, (key) => {
    const [seriesId, occurrence] = key.split('|');
    return Object.hasOwn(sheets.get(`${seriesId}.${occurrence}`)?.posted ?? {}, key);
  });
  if (plan.due.length === 0 && plan.skipped.length === 0)
    return { count: 0, ...(plan.nextAtMs === undefined ? {} : { nextAtMs: plan.nextAtMs }) };

  const roster = await loadRoster(ctx, uow);
  const units = await uow.units.list();
  const sheetFor = async (m: MeetingRef) => {
    const found = sheets.get(`${m.seriesId}.${m.occurrence}`);
    if (found) return found;
    const year = ctx.now().getUTCFullYear();
    return newSheet(m, formatReference('SL', year, await uow.sequences.next('agenda-sheet', year)), at);
  };
  let late = 0;
  let carried = 0;
  let empty = 0;
  for (const m of plan.due) {
    // What the series' earlier meetings did not reach (however long ago) goes onto this one first.
    const series = seriesById.get(m.seriesId);
    if (!series) continue;
    const missedMeetings = new Set(
      (await agenda.openItems())
        .filter((i) => i.state === 'accepted' && i.meeting?.seriesId === m.seriesId)
        .map((i) => i.meeting?.occurrence ?? '')
        .filter(
          (occurrence) => isIsoDate(occurrence) && occurrenceOf(series.schedule, occurrence).startMs < nowMs,
        ),
    );
    for (const occurrence of missedMeetings)
      carried += await carryOver(ctx, uow, { seriesId: m.seriesId, occurrence });
    // Nobody needs a card saying a meeting has no agenda: an empty one is recorded, not posted (an
    // item accepted later is on the day-before reminder).
    if (compileAgenda(await agenda.openItems(), m, series.schedule.durationMinutes).items.length === 0) {
      await agenda.putSheet(withPosting(await sheetFor(m), agendaKey(m), { action: 'skip' }, at));
      empty++;
      continue;
    }
    const isLate = nowMs - agendaDeadline(m).atMs > LATE_AFTER_MS;
    const sheet = withPosting(await sheetFor(m), agendaKey(m), { action: 'post', late: isLate }, at);
    await publish(
      ctx,
      uow,
      sheet,
      recipientsOf(series, audienceOf(series, roster.people, units)).map((to) => ({
        to,
        view: SHEET_VIEW,
        ...(isLate ? { banner: 'late' } : {}),
        origin: series.organiser,
      })),
    );
    await agenda.putSheet(sheet);
    if (isLate) late++;
  }
  for (const m of plan.skipped)
    await agenda.putSheet(withPosting(await sheetFor(m), agendaKey(m), { action: 'skip' }, at));
  return {
    count: plan.due.length - empty,
    notes: { late, skipped: plan.skipped.length, carried, empty },
    ...(plan.nextAtMs === undefined ? {} : { nextAtMs: plan.nextAtMs }),
  };
}

/**
 * Follow-up actions on their ladder: the owner reminded two working days before the due date, the UDI
 * coordinator (or AUA's deputies when there is none) told the working day after it; each step once.
 */
export async function runActionReminders(ctx: AppContext, uow: UnitOfWork): Promise<TaskRun> {
  const agenda = agendaIn(uow);
  const open = await agenda.openActions();
  if (open.length === 0) return { count: 0 };
  const today = osloDate(ctx.now());
  const at = ctx.now().toISOString();
  const roster = await loadRoster(ctx, uow);
  const udi = roster.people.filter((p) => isUdiCoordinator(p));
  const told = (udi.length > 0 ? udi : roster.people.filter((p) => isDeputyOf(p, 'AUA'))).map(
    (p) => p.aadObjectId,
  );
  let count = 0;
  for (const action of open) {
    let next = action;
    for (const step of dueActionSteps(action, today)) {
      next = withStepSent(next, step, at);
      const to = actionStepAudience(step) === 'assignee' ? [action.owner] : told;
      await publish(
        ctx,
        uow,
        next,
        to.map((aadObjectId) => ({
          to: { kind: 'person' as const, aadObjectId },
          view: ACTION_VIEW,
          banner: step,
        })),
      );
      count++;
    }
    if (next !== action) await agenda.putAction(next);
  }
  return { count };
}
