/**
 * The coordinators' overview, as a feature: a personal tab ("Oversikt" / "Overview") in the bot's
 * Teams app, served by the bot's own server. The page (tab/, built to dist/tab by `npm run build`)
 * signs in with Teams SSO and asks `GET /api/tab/overview` for what waits for the person, what is open
 * in the network, the coming meetings, the check-in matrix and delivery health, as far as the policy
 * lets them see it. The other features give their rows through the extension point OVERVIEW_SOURCE.
 */
import type { Feature } from '../../app/feature.js';
import { buildOverview } from './overview-build.js';
import { OVERVIEW_SETTINGS } from './overview-settings.js';
import { tabRoutes } from './tab-routes.js';

export const overviewFeature: Feature = {
  name: 'overview',
  routes: (app) =>
    tabRoutes(app, async (context, aadObjectId, locale) => {
      const overview = await buildOverview(context, aadObjectId, locale ? { locale } : {});
      return overview.viewer.isMember || overview.viewer.isAdmin ? overview : undefined;
    }),
  settings: OVERVIEW_SETTINGS,
};
