/**
 * Action plans, as a feature (issue 14; IM 2018-002: the UDI coordinator co-ordinates UDI's follow-up
 * of the measures in the national action plans and reports on it): the measures (tiltak) with their
 * plan, owning department, owner, due date and status; owners asked for a status each quarter and
 * reminded before the due date; overdue measures reported to the UDI coordinator; and a status report
 * export (Markdown and CSV) for the yearly reporting.
 */
import { contribute } from '../../app/extensions.js';
import type { Feature } from '../../app/feature.js';
import type { ItemViews } from '../../app/live-cards.js';
import { OVERVIEW_SOURCE } from '../overview/overview-sources.js';
import { actionplansOnOverview } from './actionplans-overview.js';
import { ACTIONPLANS_SETTINGS } from './actionplans-settings.js';
import { exportRoutes } from './export-route.js';
import { ACTIONPLANS_STORE } from './measure-store.js';
import {
  measureCommands,
  measureHelp,
  measureItemViews,
  measureJobs,
  measureVerbs,
} from './measure-verbs.js';

export const actionplansFeature: Feature = {
  name: 'actionplans',
  verbs: measureVerbs,
  commands: measureCommands,
  help: measureHelp,
  items: (app) => [measureItemViews(app) as ItemViews],
  jobs: measureJobs,
  routes: exportRoutes,
  store: ACTIONPLANS_STORE,
  settings: ACTIONPLANS_SETTINGS,
  contributes: [contribute(OVERVIEW_SOURCE, actionplansOnOverview)],
};
