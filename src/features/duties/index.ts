/**
 * The UDI coordinator's yearly duties (IM 2018-002, issue 14), as a feature: the KOM reporting round
 * (the UDI coordinator opens it with a deadline; each department coordinator gives their department's
 * input, OPA with the year's figures for reflection permits and limited residence permits; reminders
 * and a nudge on the deadline ladder; the compiled input as a card and as Markdown/CSV downloads) and
 * the MH-code deletion task (created when KOM's report is recorded as published, reminded weekly
 * until done). The bot never touches DUF.
 */
import { contribute } from '../../app/extensions.js';
import type { Feature } from '../../app/feature.js';
import { OVERVIEW_SOURCE } from '../overview/overview-sources.js';
import { exportRoutes } from './duties-links.js';
import { dutiesOnOverview } from './duties-overview.js';
import { DUTIES_STORE } from './duties-store.js';
import { dutyCommands, dutyHelp, dutyItemViews, dutyJobs, dutyVerbs } from './duties-verbs.js';

export const dutiesFeature: Feature = {
  name: 'duties',
  verbs: dutyVerbs,
  commands: dutyCommands,
  help: dutyHelp,
  items: (app) => dutyItemViews(app),
  jobs: dutyJobs,
  routes: (app) => exportRoutes(app),
  store: DUTIES_STORE,
  contributes: [contribute(OVERVIEW_SOURCE, dutiesOnOverview)],
};
