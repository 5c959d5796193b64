/** Guidance's settings: the deadlines, in Norwegian working days (README, "Settings"). */
import { integerSetting } from '../../config/config.js';
import { defineSettings } from '../../config/feature-settings.js';

export interface GuidanceSettings {
  /** Working days from asking to the deadline (Norwegian public holidays excluded). */
  deadlineWorkingDays: number;
  /** The same for a question marked urgent. */
  urgentDeadlineWorkingDays: number;
  /** Working days after the deadline before the UDI coordinator is told. */
  escalateAfterWorkingDays: number;
}

export const GUIDANCE_SETTINGS = defineSettings(
  {
    GUIDANCE_DEADLINE_WORKING_DAYS: integerSetting(3, 1, 60),
    GUIDANCE_URGENT_DEADLINE_WORKING_DAYS: integerSetting(1, 0, 60),
    GUIDANCE_ESCALATE_AFTER_WORKING_DAYS: integerSetting(2, 1, 60),
  },
  (v): GuidanceSettings => ({
    deadlineWorkingDays: v.GUIDANCE_DEADLINE_WORKING_DAYS,
    urgentDeadlineWorkingDays: v.GUIDANCE_URGENT_DEADLINE_WORKING_DAYS,
    escalateAfterWorkingDays: v.GUIDANCE_ESCALATE_AFTER_WORKING_DAYS,
  }),
);
