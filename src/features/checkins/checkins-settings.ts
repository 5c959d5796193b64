/**
 * The check-ins feature's settings (README, "Settings"): how many working days before each RMA
 * regional meeting the regional offices are asked to check in, and which regional offices may send
 * ROSA priority notices to ASA (Region East by the memo; others can be added without a release).
 */
import { z } from 'zod';
import { integerSetting } from '../../config/config.js';
import { defineSettings } from '../../config/feature-settings.js';

export interface CheckinsSettings {
  /** Working days before the meeting that the check-in cycle opens (1–20; default 5). */
  offsetWorkingDays: number;
  /** Unit ids of the regional offices whose contact persons may send priority notices. */
  noticeRegions: readonly string[];
}

const offsetSetting = integerSetting(5, 1, 20);

/** A comma-separated list of unit ids (e.g. `rma-region-east,rma-region-west`). */
const regionsSetting = z
  .string()
  .default('rma-region-east')
  .transform((raw) =>
    raw
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== ''),
  )
  .refine((ids) => ids.every((id) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)), {
    message: 'must be unit ids separated by commas, e.g. rma-region-east',
  });

export const CHECKINS_SETTINGS = defineSettings(
  { CHECKIN_OFFSET_WORKING_DAYS: offsetSetting, PRIORITY_NOTICE_REGIONS: regionsSetting },
  (v): CheckinsSettings => ({
    offsetWorkingDays: v.CHECKIN_OFFSET_WORKING_DAYS,
    noticeRegions: v.PRIORITY_NOTICE_REGIONS,
  }),
);
