/**
 * What the action plans add to the overview page (overview/overview-sources.ts): an owner's active
 * measures on their queue, due at the end of their due date, with the measure's status as the row's
 * state and its title (the owner may open it in the bot). Reads only.
 */
import type { OverviewRow } from '../overview/overview-model.js';
import { dayDeadline, overviewRow } from '../overview/overview-rows.js';
import type { OverviewSource } from '../overview/overview-sources.js';
import { authorizeMeasures } from './measure-policy.js';
import { measuresIn } from './measure-store.js';
import { isFollowedUp } from './measures.js';

export const actionplansOnOverview: OverviewSource = {
  async queue(ctx) {
    const rows: OverviewRow[] = [];
    for (const measure of await measuresIn(ctx.uow).activeOf(ctx.viewer.aadObjectId)) {
      if (!isFollowedUp(measure)) continue;
      if (!authorizeMeasures(ctx.viewer.person, { kind: 'measure.report', measure }).allowed) continue;
      rows.push(
        overviewRow(
          measure,
          {
            kind: 'measure',
            deadline: dayDeadline(measure.due),
            title: measure.title,
            department: measure.department,
            state: measure.status,
          },
          ctx.now,
        ),
      );
    }
    return rows;
  },
};
