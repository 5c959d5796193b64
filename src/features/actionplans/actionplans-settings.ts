/**
 * The action plans' settings (README, "Settings"): the months in which the owners of open measures
 * are asked for a status (on the first working day, at 08:00 Oslo time; default each quarter), and
 * how many working days before a measure's due date its owner is reminded.
 */
import { z } from 'zod';
import { integerSetting } from '../../config/config.js';
import { defineSettings } from '../../config/feature-settings.js';

export interface ActionplansSettings {
  /** The months (1–12) whose first working day the status requests go out, ascending. */
  statusMonths: readonly number[];
  /** Working days before the due date that the owner is reminded (0–30; default 10). */
  reminderWorkingDays: number;
}

/** A comma-separated list of months, e.g. `1,4,7,10`. */
const monthsSetting = z
  .string()
  .default('1,4,7,10')
  .transform((raw) =>
    raw
      .split(',')
      .map((m) => m.trim())
      .filter((m) => m !== ''),
  )
  .refine((parts) => parts.length > 0 && parts.every((m) => /^(?:[1-9]|1[0-2])$/.test(m)), {
    message: 'must be months from 1 to 12 separated by commas, e.g. 1,4,7,10',
  })
  .transform((parts) => [...new Set(parts.map(Number))].sort((a, b) => a - b));

export const ACTIONPLANS_SETTINGS = defineSettings(
  {
    ACTIONPLAN_STATUS_MONTHS: monthsSetting,
    ACTIONPLAN_REMINDER_WORKING_DAYS: integerSetting(10, 0, 30),
  },
  (v): ActionplansSettings => ({
    statusMonths: v.ACTIONPLAN_STATUS_MONTHS,
    reminderWorkingDays: v.ACTIONPLAN_REMINDER_WORKING_DAYS,
  }),
);
