/**
 * The action plans' scheduled work, one unit of work per run, for every measure still followed up
 * (active, not reported done):
 * - at the start of each reporting period (08:00 Oslo on the first working day of the configured
 *   months, ACTIONPLAN_STATUS_MONTHS) its owner gets a status request card, once per period, caught up
 *   after downtime (the current period only: a measure is never asked twice at once);
 * - `reminderWorkingDays` working days before the due date its owner is reminded, once;
 * - the working day after the due date the UDI coordinator is told it is overdue, once.
 * Each is recorded on the measure in the same unit of work that enqueues its card, so a restart or two
 * runs at once never send twice. Returns the next moment something falls due.
 */
import { loadRoster } from '../../app/actor.js';
import type { AppContext } from '../../app/context.js';
import type { TaskRun } from '../../app/feature.js';
import { type Post, publish } from '../../app/live-cards.js';
import { osloDateTime } from '../../domain/recurrence.js';
import { isNetworkMember } from '../../domain/roster.js';
import { osloDate } from '../../domain/working-days.js';
import type { UnitOfWork } from '../../store/store.js';
import { MEASURE_BANNERS, MEASURE_VIEW } from './actionplans.js';
import { ACTIONPLANS_SETTINGS } from './actionplans-settings.js';
import { udiCoordinators } from './measure-policy.js';
import { measuresIn } from './measure-store.js';
import { dueSteps, MEASURE_TIME, requestDue, statusPeriods, withRequest, withStep } from './measures.js';

const DAY_MS = 86_400_000;

/** The next 08:00 in Oslo after `nowMs` (when the ladder's day turns). */
function nextLadderMoment(nowMs: number): number {
  const today = osloDate(new Date(nowMs));
  const at = osloDateTime(today, MEASURE_TIME).epochMilliseconds;
  if (at > nowMs) return at;
  return osloDateTime(osloDate(new Date(at + DAY_MS + 3_600_000 * 3)), MEASURE_TIME).epochMilliseconds;
}

export async function runActionplans(ctx: AppContext, uow: UnitOfWork): Promise<TaskRun> {
  const nowMs = ctx.now().getTime();
  const at = ctx.now().toISOString();
  const { statusMonths, reminderWorkingDays } = ctx.settings.of(ACTIONPLANS_SETTINGS);
  const { current, nextAtMs: nextPeriodMs } = statusPeriods(nowMs, statusMonths);
  const measures = measuresIn(uow);
  const roster = await loadRoster(ctx, uow);
  const udi = udiCoordinators(roster.people).map((p) => p.aadObjectId);
  let requested = 0;
  let reminded = 0;
  let overdue = 0;
  let followed = 0;
  for (const measure of await measures.active()) {
    let next = measure;
    const ownerPosts: string[] = [];
    if (current && requestDue(next, current)) {
      next = withRequest(next, current.key, at);
      ownerPosts.push(MEASURE_BANNERS.request);
      requested++;
    }
    const posts: Post[] = [];
    for (const step of dueSteps(next, reminderWorkingDays, nowMs)) {
      next = withStep(next, step, at);
      if (step === 'remind') {
        ownerPosts.push(MEASURE_BANNERS.remind);
        reminded++;
      } else {
        overdue++;
        for (const id of udi)
          posts.push({
            to: { kind: 'person', aadObjectId: id },
            view: MEASURE_VIEW,
            banner: MEASURE_BANNERS.overdue,
          });
      }
    }
    if (next.status !== 'done' && next.state === 'active') followed++;
    if (next === measure) continue;
    // One card to the owner however many things came due at once: the reminder says the most.
    const owner = roster.get(next.owner);
    if (ownerPosts.length > 0 && isNetworkMember(owner))
      posts.unshift({
        to: { kind: 'person', aadObjectId: next.owner },
        view: MEASURE_VIEW,
        banner: ownerPosts.includes(MEASURE_BANNERS.remind)
          ? MEASURE_BANNERS.remind
          : MEASURE_BANNERS.request,
      });
    await publish(ctx, uow, next, posts);
    await measures.put(next);
  }
  const wake = [nextPeriodMs, ...(followed > 0 ? [nextLadderMoment(nowMs)] : [])].filter(Number.isFinite);
  return {
    count: requested + reminded + overdue,
    notes: { requested, reminded, overdue },
    ...(wake.length > 0 ? { nextAtMs: Math.min(...wake) } : {}),
  };
}
