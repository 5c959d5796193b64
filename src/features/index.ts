/**
 * The one list of features the bot runs (src/main.ts builds the registry from it). A new feature is
 * a folder beside these, added here.
 */
import type { Feature } from '../app/feature.js';
import { actionplansFeature } from './actionplans/index.js';
import { agendaFeature } from './agenda/index.js';
import { checkinsFeature } from './checkins/index.js';
import { dutiesFeature } from './duties/index.js';
import { guidanceFeature } from './guidance/index.js';
import { joinFeature } from './join/index.js';
import { meetingsFeature } from './meetings/index.js';
import { networkFeature } from './network/index.js';
import { overviewFeature } from './overview/index.js';
import { privacyFeature } from './privacy/index.js';

export const FEATURES: readonly Feature[] = [
  networkFeature,
  joinFeature,
  guidanceFeature,
  meetingsFeature,
  agendaFeature,
  checkinsFeature,
  dutiesFeature,
  actionplansFeature,
  overviewFeature,
  privacyFeature,
];
