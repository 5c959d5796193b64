/**
 * Regional check-ins on cards: the regional contact person's check-in (its form, "nothing new" in one
 * click), RMA's coordinator's card about each one and the cycle's digest, and `innsjekk` / `check-ins`
 * (the overview of regions by cycle).
 */

import type { AppContext } from '../../app/context.js';
import type { CommandSpec, FeatureHelp, JobSpec, VerbSpec } from '../../app/feature.js';
import type { ItemViews } from '../../app/live-cards.js';

export const checkinVerbs: Readonly<Record<string, VerbSpec>> = {};
export const checkinCommands: readonly CommandSpec[] = [];
export const checkinHelp: FeatureHelp = {};
/** The check-ins' jobs (registered with their cards: a job's cards must have views). */
export const checkinJobs: readonly JobSpec[] = [];
export const checkinItemViews = (_app: AppContext): ItemViews[] => [];
