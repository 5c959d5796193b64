/**
 * Priority notices on their ladder, one unit of work per run: a notice not acknowledged one working
 * day after its due day is reminded to ASA's coordinator (or ASA's deputies when there is none; the
 * UDI coordinator when ASA has neither), and
 * after two working days the UDI coordinator (or AUA's deputies when there is none) is told. Each step
 * is recorded on the notice in the same unit of work, so it goes once; a missed run catches up.
 * Returns when the next step falls due (the start of that Oslo day), so the scheduler wakes then.
 * Steps are by the day (not by the hour): a notice sent late on Monday is reminded on Tuesday.
 * Registered in notice-verbs.ts with wakeOn ['priority-notice'], so a new notice's next moment is known.
 */
import { loadRoster } from '../../app/actor.js';
import type { AppContext } from '../../app/context.js';
import type { TaskRun } from '../../app/feature.js';
import { publish } from '../../app/live-cards.js';
import { endOfOsloDay, type IsoDate, osloDate } from '../../domain/working-days.js';
import type { UnitOfWork } from '../../store/store.js';
import { noticesIn } from './notice-store.js';
import { asaRecipients, NOTICE_BANNERS, NOTICE_VIEW, udiRecipients } from './notices.js';
import { dueNoticeSteps, nextNoticeStepDate, withNoticeStepSent } from './priority-notices.js';

export { NOTICE_VIEW };

/** The first instant of an Oslo calendar date (midnight, DST-correct). */
function startOfOsloDay(date: IsoDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const dayBefore = new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
  return endOfOsloDay(dayBefore).getTime() + 1;
}

export async function runNoticeLadder(ctx: AppContext, uow: UnitOfWork): Promise<TaskRun> {
  const notices = noticesIn(uow);
  const open = await notices.open();
  if (open.length === 0) return { count: 0 };
  const today = osloDate(ctx.now());
  const at = ctx.now().toISOString();
  const roster = await loadRoster(ctx, uow);
  let count = 0;
  let nextAtMs: number | undefined;
  const reminders = { reminder: 0, escalation: 0 };
  for (const notice of open) {
    let next = notice;
    for (const step of dueNoticeSteps(notice, today)) {
      next = withNoticeStepSent(next, step, at);
      // The reminder goes to the UDI coordinator too when ASA has nobody (as the notice itself did).
      const asa = step === 'reminder' ? asaRecipients(roster.people) : [];
      const to = asa.length > 0 ? asa : udiRecipients(roster.people);
      await publish(
        ctx,
        uow,
        next,
        to.map((aadObjectId) => ({
          to: { kind: 'person' as const, aadObjectId },
          view: NOTICE_VIEW,
          banner: NOTICE_BANNERS[step],
        })),
      );
      reminders[step]++;
      count++;
    }
    if (next !== notice) await notices.put(next);
    const date = nextNoticeStepDate(next);
    if (date) {
      const ms = startOfOsloDay(date);
      nextAtMs = nextAtMs === undefined ? ms : Math.min(nextAtMs, ms);
    }
  }
  return { count, notes: reminders, ...(nextAtMs === undefined ? {} : { nextAtMs }) };
}
