/**
 * Priority notices on cards: Region East's notice to ASA (its form and receipt), ASA's coordinator's
 * card with "prioritised", the reminder and the escalation.
 */

import type { AppContext } from '../../app/context.js';
import type { CommandSpec, FeatureHelp, JobSpec, VerbSpec } from '../../app/feature.js';
import type { ItemViews } from '../../app/live-cards.js';

export const noticeVerbs: Readonly<Record<string, VerbSpec>> = {};
export const noticeCommands: readonly CommandSpec[] = [];
export const noticeHelp: FeatureHelp = {};
/** The notices' jobs (registered with their cards: a job's cards must have views). */
export const noticeJobs: readonly JobSpec[] = [];
export const noticeItemViews = (_app: AppContext): ItemViews[] => [];
