/**
 * Follow-up actions on cards: the owner's reminder, the UDI coordinator's overdue notice, and
 * closing one (the submitter of the item it came from is told).
 */

import type { AppContext } from '../../app/context.js';
import type { VerbSpec } from '../../app/feature.js';
import type { ItemViews } from '../../app/live-cards.js';

export const actionVerbs: Readonly<Record<string, VerbSpec>> = {};

export const actionItemViews = (_app: AppContext): ItemViews[] => [];
