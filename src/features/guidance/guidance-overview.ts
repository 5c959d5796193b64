/**
 * What guidance adds to the overview page (overview/overview-sources.ts):
 * - the queue: the requests assigned to the viewer that wait for them (open, in progress), with their
 *   deadline and urgency; and the viewer's own questions on which the assignee waits for them
 *   (awaiting information: no deadline, the clock stops);
 * - the network (coordinators): every request someone still has to answer, under the department of
 *   its assignee.
 * A row carries the question's first words only where the viewer may see the request in the bot
 * (guidance-policy's seesGuidanceRequest: the asker, a watcher, whoever may act on it, admins).
 * Reads only.
 */
import type { Department, Person, Unit } from '../../domain/roster.js';
import type { OverviewRow } from '../overview/overview-model.js';
import { dayDeadline, firstWords, OVERVIEW_ROW_LIMIT, overviewRow } from '../overview/overview-rows.js';
import type { OverviewContext, OverviewSource } from '../overview/overview-sources.js';
import { seesGuidanceRequest } from './guidance-policy.js';
import type { GuidanceRequest } from './guidance-requests.js';
import { guidanceRequestsIn, topicsIn } from './guidance-store.js';
import type { GuidanceTopic } from './guidance-topics.js';

/** The requests someone still has to answer (read once per overview). */
const openRequests = (ctx: OverviewContext) =>
  ctx.once('guidance.open', () => guidanceRequestsIn(ctx.uow).listOpen());
const topics = (ctx: OverviewContext) => ctx.once('guidance.topics', () => topicsIn(ctx.uow).list());

/** The departments a topic's owners belong to. */
function ownerDepartments(topic: GuidanceTopic | undefined, units: readonly Unit[]): Department[] {
  return (topic?.owners ?? []).flatMap((owner) => {
    if (owner.kind === 'coordinator') return [owner.department];
    const unit = units.find((u) => u.id === owner.unitId);
    return unit ? [unit.department] : [];
  });
}

/**
 * The department a request is counted under: its assignee's (as `kø`'s counts do); for an assignee
 * with roles in several, the one that owns the request's topic, else their first. None when the
 * assignee is no longer in the network.
 */
export function guidanceDepartment(
  _request: GuidanceRequest,
  assignee: Person | undefined,
  topic: GuidanceTopic | undefined,
  units: readonly Unit[],
): Department | undefined {
  const held = [
    ...new Set((assignee?.roles ?? []).flatMap((r) => (r.kind === 'admin' ? [] : [r.department]))),
  ];
  if (held.length <= 1) return held[0];
  return ownerDepartments(topic, units).find((d) => held.includes(d)) ?? held[0];
}

/** The clock runs while the request waits for the assignee; it stops while it waits for the asker. */
const running = (request: GuidanceRequest) => request.state === 'open' || request.state === 'in-progress';

function rowOf(
  ctx: OverviewContext,
  request: GuidanceRequest,
  allTopics: readonly GuidanceTopic[],
): OverviewRow {
  const assignee = ctx.roster.get(request.assignee);
  const topic = allTopics.find((t) => t.id === request.topicId);
  const department = guidanceDepartment(request, assignee, topic, ctx.units);
  const sees = seesGuidanceRequest(ctx.viewer.person, ctx.viewer.aadObjectId, request, assignee);
  return overviewRow(
    request,
    {
      kind: 'guidance',
      ...(running(request) ? { deadline: dayDeadline(request.dueDate) } : {}),
      urgent: request.urgency === 'urgent',
      ...(sees ? { title: firstWords(request.question) } : {}),
      ...(department ? { department } : {}),
    },
    ctx.now,
  );
}

export const guidanceOnOverview: OverviewSource = {
  async queue(ctx) {
    const me = ctx.viewer.aadObjectId;
    const allTopics = await topics(ctx);
    const assigned = (await openRequests(ctx)).filter((r) => r.assignee === me && running(r));
    // The asker's own questions the assignee waits on (found by creator, not by reading every request).
    const waitingOnMe = await guidanceRequestsIn(ctx.uow).listByAskerIn(
      me,
      ['awaiting-info'],
      OVERVIEW_ROW_LIMIT,
    );
    return [...assigned, ...waitingOnMe].map((r) => rowOf(ctx, r, allTopics));
  },

  async network(ctx) {
    const allTopics = await topics(ctx);
    return (await openRequests(ctx)).map((r) => rowOf(ctx, r, allTopics));
  },
};
