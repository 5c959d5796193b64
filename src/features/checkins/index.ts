/**
 * Regional check-ins and priority notices, as a feature: before each of RMA's regional video meetings
 * every regional office's contact person checks in (principled questions, challenges, trends, cases
 * followed up, training needs, or "nothing new"), RMA's coordinator is told and gets a digest; and
 * Region East tells ASA's coordinator that a case placed in a crisis shelter through ROSA must be
 * prioritised, acknowledged on the card and reminded and escalated on the deadline ladder.
 */
import { contribute } from '../../app/extensions.js';
import type { Feature } from '../../app/feature.js';
import { OVERVIEW_SOURCE } from '../overview/overview-sources.js';
import { CHECKINS_STORE } from './checkin-store.js';
import {
  checkinCommands,
  checkinHelp,
  checkinItemViews,
  checkinJobs,
  checkinVerbs,
} from './checkin-verbs.js';
import { checkinsOnOverview } from './checkins-overview.js';
import { CHECKINS_SETTINGS } from './checkins-settings.js';
import { NOTICES_STORE } from './notice-store.js';
import { noticeCommands, noticeHelp, noticeItemViews, noticeJobs, noticeVerbs } from './notice-verbs.js';

export const checkinsFeature: Feature = {
  name: 'checkins',
  verbs: { ...checkinVerbs, ...noticeVerbs },
  commands: [...checkinCommands, ...noticeCommands],
  help: {
    commands: [...(checkinHelp.commands ?? []), ...(noticeHelp.commands ?? [])],
    buttons: [...(checkinHelp.buttons ?? []), ...(noticeHelp.buttons ?? [])],
  },
  items: (app) => [...checkinItemViews(app), ...noticeItemViews(app)],
  jobs: [...checkinJobs, ...noticeJobs],
  store: { items: [...(CHECKINS_STORE.items ?? []), ...(NOTICES_STORE.items ?? [])] },
  settings: CHECKINS_SETTINGS,
  contributes: [contribute(OVERVIEW_SOURCE, checkinsOnOverview)],
};
