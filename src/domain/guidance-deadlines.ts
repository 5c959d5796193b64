/**
 * When a guidance request's deadline calls for a reminder. Pure: "today" is an Oslo calendar date.
 * - dueSoon: the assignee is reminded on the working day before the deadline (or on the day itself,
 *   if the scheduler first runs then); an urgent request, whose deadline is already short, is
 *   reminded on the day of the deadline (the day before is usually the day it was asked);
 * - overdueCoordinator: the day after the deadline, the assignee's department coordinator is told;
 * - overdueUdi: `escalateAfterWorkingDays` working days after the deadline, the UDI coordinator is told.
 * The clock runs while the request is open or in progress; it stops while it waits for the asker
 * (awaiting-info) and once it is answered or closed. Each step is sent once per deadline (a new
 * deadline, set by forwarding, escalating or a follow-up, clears them).
 */
import type { GuidanceRequest } from './guidance-requests.js';
import { type IsoDate, workingDaysBetween } from './working-days.js';

export type DeadlineStep = 'dueSoon' | 'overdueCoordinator' | 'overdueUdi';

export interface DeadlinePolicy {
  /** Working days after the deadline before the UDI coordinator is told. */
  escalateAfterWorkingDays: number;
}

export function dueDeadlineSteps(
  request: GuidanceRequest,
  today: IsoDate,
  policy: DeadlinePolicy,
): DeadlineStep[] {
  if (request.state !== 'open' && request.state !== 'in-progress') return [];
  const steps: DeadlineStep[] = [];
  const left = workingDaysBetween(today, request.dueDate);
  const remindWithin = request.urgency === 'urgent' ? 0 : 1;
  if (today <= request.dueDate && left <= remindWithin) steps.push('dueSoon');
  if (today > request.dueDate) steps.push('overdueCoordinator');
  if (
    today > request.dueDate &&
    workingDaysBetween(request.dueDate, today) >= policy.escalateAfterWorkingDays
  ) {
    steps.push('overdueUdi');
  }
  return steps.filter((step) => !request.reminders[step]);
}
