/**
 * Guidance's deadline ladder (deadline-ladder.ts). Pure: "today" is an Oslo calendar date.
 * - dueSoon: the assignee is reminded on the working day before the deadline (or on the day itself,
 *   if the scheduler first runs then); an urgent request, whose deadline is already short, is
 *   reminded on the day of the deadline (the day before is usually the day it was asked);
 * - overdueCoordinator: the day after the deadline, the assignee's department coordinator is told;
 * - overdueUdi: `escalateAfterWorkingDays` working days after the deadline, the UDI coordinator is told.
 * The clock runs while the request is open or in progress; it stops while it waits for the asker
 * (awaiting-info) and once it is answered or closed. Each step is sent once per deadline (a new
 * deadline, set by forwarding, escalating or a follow-up, clears them).
 */
import {
  type DeadlineLadder,
  deadlineLadder,
  dueLadderSteps,
  type LadderAudience,
} from '../../domain/deadline-ladder.js';
import { historyEntry, SYSTEM_ACTOR } from '../../domain/tracked-item.js';
import type { IsoDate } from '../../domain/working-days.js';
import type { GuidanceRequest, Urgency } from './guidance-requests.js';

/** The steps of the ladder, in order (the store's schema of a reminder's history entry uses them). */
export const DEADLINE_STEPS = ['dueSoon', 'overdueCoordinator', 'overdueUdi'] as const;
export type DeadlineStep = (typeof DEADLINE_STEPS)[number];

export interface DeadlinePolicy {
  /** Working days after the deadline before the UDI coordinator is told (a whole number, 0 or more). */
  escalateAfterWorkingDays: number;
}

const AUDIENCE: Readonly<Record<DeadlineStep, LadderAudience>> = {
  dueSoon: 'assignee',
  overdueCoordinator: 'department-coordinator',
  overdueUdi: 'udi-coordinator',
};

/** Who a step is for: the same whatever the urgency. */
export function deadlineStepAudience(step: DeadlineStep): LadderAudience {
  return AUDIENCE[step];
}

/** The ladder of a guidance request of this urgency. Throws a RangeError for a policy that is not whole days. */
export function guidanceDeadlineLadder(
  urgency: Urgency,
  policy: DeadlinePolicy,
): DeadlineLadder<DeadlineStep> {
  return deadlineLadder<DeadlineStep>([
    {
      name: 'dueSoon',
      at: { workingDaysBefore: urgency === 'urgent' ? 0 : 1 },
      audience: AUDIENCE.dueSoon,
    },
    { name: 'overdueCoordinator', at: { workingDaysAfter: 0 }, audience: AUDIENCE.overdueCoordinator },
    {
      name: 'overdueUdi',
      at: { workingDaysAfter: policy.escalateAfterWorkingDays },
      audience: AUDIENCE.overdueUdi,
    },
  ]);
}

/** The steps due for `request` today that were not sent for its current deadline, in ladder order. */
export function dueDeadlineSteps(
  request: GuidanceRequest,
  today: IsoDate,
  policy: DeadlinePolicy,
): DeadlineStep[] {
  return dueLadderSteps(
    guidanceDeadlineLadder(request.urgency, policy),
    {
      due: request.dueDate,
      running: request.state === 'open' || request.state === 'in-progress',
      done: request.reminders,
    },
    today,
  );
}

/**
 * The request with `step` recorded as sent at `at` (ISO timestamp): in its reminders, so it does not
 * go again for this deadline, and in its history (by SYSTEM_ACTOR, no change of state).
 */
export function recordDeadlineReminder(
  request: GuidanceRequest,
  step: DeadlineStep,
  at: string,
): GuidanceRequest {
  return {
    ...request,
    reminders: { ...request.reminders, [step]: at },
    history: [
      ...request.history,
      historyEntry<GuidanceRequest>({ action: 'deadline-reminder', step }, SYSTEM_ACTOR, at),
    ],
  };
}
