/**
 * What joining adds to the overview page (overview/overview-sources.ts): the pending join requests the
 * viewer may decide (join-policy: the UDI coordinator, the department's coordinator, administrators;
 * never the applicant), oldest first, with the department asked for. The rows carry no name and no
 * title: the reference leads to the approval card in the bot. Reads only.
 */
import { overviewRow } from '../overview/overview-rows.js';
import type { OverviewSource } from '../overview/overview-sources.js';
import { authorizeJoin } from './join-policy.js';
import { joinRequestsIn } from './join-store.js';

export const joinOnOverview: OverviewSource = {
  async queue(ctx) {
    return (await joinRequestsIn(ctx.uow).listPending())
      .filter((request) => authorizeJoin(ctx.viewer.person, { kind: 'join.decide', request }).allowed)
      .map((request) => overviewRow(request, { kind: 'join', department: request.role.department }, ctx.now));
  },
};
