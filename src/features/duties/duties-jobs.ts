/**
 * The yearly duties' scheduled work, one unit of work per run, from 08:00 Oslo on working days'
 * dates as the ladder counts them:
 * - a department that has not answered is reminded REMINDER_WORKING_DAYS working days before the
 *   deadline and nudged the working day after it (the input ladder, kom-rounds.ts);
 * - the working day after the deadline the UDI coordinator gets the round's card naming who has not
 *   answered (the round ladder), unless everyone had;
 * - an open MH-code deletion task is reminded a week after its last card, until it is done.
 * Each step is recorded on its item in the unit of work that enqueues its card, so a restart or two
 * runs at once never send it twice. Returns the next moment something may fall due.
 */
import type { AppContext } from '../../app/context.js';
import type { TaskRun } from '../../app/feature.js';
import { publish } from '../../app/live-cards.js';
import { dueLadderSteps } from '../../domain/deadline-ladder.js';
import { osloDateTime } from '../../domain/recurrence.js';
import { addWorkingDays, osloDate } from '../../domain/working-days.js';
import type { UnitOfWork } from '../../store/store.js';
import {
  DELETION_VIEW,
  DUTY_BANNERS,
  INPUT_VIEW,
  inputRecipients,
  ROUND_VIEW,
  udiRecipients,
} from './duties.js';
import { dutiesIn } from './duties-store.js';
import { INPUT_LADDER, ROUND_LADDER, withInputStep, withRoundStep } from './kom-rounds.js';
import { nextReminderMs, reminderDue, withReminder } from './mh-deletions.js';

/** The hour (Oslo) from which the day's ladder steps are sent. */
export const DUTY_TIME = '08:00';

export async function runDuties(ctx: AppContext, uow: UnitOfWork): Promise<TaskRun> {
  const now = ctx.now();
  const nowMs = now.getTime();
  const at = now.toISOString();
  const today = osloDate(now);
  const duties = dutiesIn(uow);
  let nextAtMs: number | undefined;
  const wake = (ms: number | undefined) => {
    if (ms !== undefined && ms > nowMs && (nextAtMs === undefined || ms < nextAtMs)) nextAtMs = ms;
  };
  const todayAt = osloDateTime(today, DUTY_TIME).epochMilliseconds;
  const ladderOpen = nowMs >= todayAt;
  let reminders = 0;
  let nudges = 0;
  let told = 0;

  const rounds = await duties.openRounds();
  if (rounds.length > 0)
    wake(ladderOpen ? osloDateTime(addWorkingDays(now, 1), DUTY_TIME).epochMilliseconds : todayAt);
  if (ladderOpen)
    for (const round of rounds) {
      const inputs = await duties.inputsOf(round.year);
      for (const input of inputs) {
        const steps = dueLadderSteps(
          INPUT_LADDER,
          { due: input.deadline, running: input.state === 'requested', done: input.steps },
          today,
        );
        // Only the latest step due is sent (a late run after the deadline nudges, it does not remind too).
        const step = steps.at(-1);
        if (!step) continue;
        let next = input;
        for (const s of steps) next = withInputStep(next, s, at);
        await publish(
          ctx,
          uow,
          next,
          (await inputRecipients(ctx, uow, next)).map((to) => ({
            to,
            view: INPUT_VIEW,
            banner: step === 'nudge' ? DUTY_BANNERS.nudge : DUTY_BANNERS.reminder,
          })),
        );
        await duties.putInput(next);
        if (step === 'nudge') nudges++;
        else reminders++;
      }
      const unanswered = inputs.filter((i) => i.state === 'requested').map((i) => i.department);
      const roundSteps = dueLadderSteps(
        ROUND_LADDER,
        { due: round.deadline, running: unanswered.length > 0, done: round.steps },
        today,
      );
      if (roundSteps.includes('unanswered')) {
        const next = withRoundStep(round, { action: 'unanswered', departments: unanswered }, at);
        await publish(
          ctx,
          uow,
          next,
          (await udiRecipients(ctx, uow)).map((to) => ({
            to,
            view: ROUND_VIEW,
            banner: DUTY_BANNERS.unanswered,
          })),
        );
        await duties.putRound(next);
        told++;
      }
    }

  let weekly = 0;
  for (const task of await duties.openDeletions()) {
    if (reminderDue(task, nowMs)) {
      const next = withReminder(task, at);
      await publish(
        ctx,
        uow,
        next,
        (await udiRecipients(ctx, uow)).map((to) => ({
          to,
          view: DELETION_VIEW,
          banner: DUTY_BANNERS.weekly,
        })),
      );
      await duties.putDeletion(next);
      weekly++;
      wake(nextReminderMs(next));
    } else wake(nextReminderMs(task));
  }
  return {
    count: reminders + nudges + told + weekly,
    notes: { reminders, nudges, told, weekly },
    ...(nextAtMs === undefined ? {} : { nextAtMs }),
  };
}
