/**
 * The action plans' use cases: register a measure (its owner gets it on a card), edit it (a new
 * owner gets it; a new due date starts the ladder again), close it, report its status (its owner;
 * the UDI coordinator's live card is updated), and read the list. Each runs in the caller's unit of
 * work, authorizes from the stored roster (measure-policy.ts), resolves every id from a card in the
 * store, and tells people through the live-card engine.
 *
 * Its cards, verbs, command and job are in measure-verbs.ts (views: measure-views.ts).
 */
import { loadActor, loadRoster } from '../../app/actor.js';
import type { AppContext, Caller } from '../../app/context.js';
import { adopt, publish } from '../../app/live-cards.js';
import { recipientKey } from '../../domain/notifications.js';
import type { Refusal } from '../../domain/policy.js';
import { type Department, isNetworkMember, type Roster } from '../../domain/roster.js';
import { formatReference } from '../../domain/tracked-item.js';
import { osloDate } from '../../domain/working-days.js';
import type { UnitOfWork } from '../../store/store.js';
import { authorizeMeasures, mayOwn, udiCoordinators } from './measure-policy.js';
import { measuresIn } from './measure-store.js';
import {
  applyReport,
  closeMeasure,
  draftProblems,
  editMeasure,
  fieldsOf,
  MEASURE_REFERENCE_PREFIX,
  type Measure,
  type MeasureDraft,
  newMeasure,
  type ReportProblem,
} from './measures.js';

/** The view of a measure's card (its owner's, the UDI coordinator's). */
export const MEASURE_VIEW = 'measure';

/** The banners: the owner told, asked, reminded; the UDI coordinator told of a report, of an overdue measure. */
export const MEASURE_BANNERS = {
  assigned: 'assigned',
  request: 'request',
  remind: 'remind',
  overdue: 'overdue',
  reported: 'reported',
} as const;

export type MeasureOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; refusal: Refusal }
  /** What was filled in is not right, by field. */
  | { ok: false; problems: Record<string, string> }
  | { ok: false; problem: ReportProblem }
  /** An id from the card names nothing in the store. */
  | { ok: false; missing: true };

const MISSING = { ok: false as const, missing: true as const };
const toPerson = (aadObjectId: string) => ({ kind: 'person' as const, aadObjectId });

/** The clicked card, when there is one. */
export interface Clicked {
  activityId: string;
  conversationId: string;
}

/** What was typed into the form (untrusted: texts only). */
export function draftFrom(data: Record<string, unknown>): MeasureDraft {
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : '');
  return {
    title: text('title'),
    plan: text('plan'),
    department: text('department'),
    owner: text('owner'),
    due: text('due'),
  };
}

/** Whether the owner picked may own a measure of the department, by the roster. */
const eligibility =
  (roster: Roster) =>
  (owner: string, department: Department): 'ok' | 'unknown' | 'department' => {
    const person = roster.get(owner);
    if (!isNetworkMember(person)) return 'unknown';
    return mayOwn(person, department) ? 'ok' : 'department';
  };

/** Keeps the caller's clicked card as their live card about the measure (not if it already is). */
function keepClicked(measure: Measure, caller: string, clicked: Clicked | undefined): void {
  if (!clicked) return;
  const party = measure.parties.find((p) => recipientKey(p.to) === recipientKey(toPerson(caller)));
  if (party?.cards.at(-1)?.activityId === clicked.activityId) return;
  adopt(measure, toPerson(caller), { view: MEASURE_VIEW, ...clicked });
}

/** Registers a measure (the UDI coordinator or AUA's deputy): its owner gets it on a card. */
export async function registerMeasure(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  draft: MeasureDraft,
  clicked?: Clicked,
): Promise<MeasureOutcome<Measure>> {
  const decision = authorizeMeasures(await loadActor(ctx, uow, caller), { kind: 'measure.manage' });
  if (!decision.allowed) return { ok: false, refusal: decision.reason };
  const roster = await loadRoster(ctx, uow);
  const now = ctx.now();
  const today = osloDate(now);
  const problems = draftProblems(draft, today, eligibility(roster));
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const fields = fieldsOf(draft);
  const year = Number(today.slice(0, 4));
  const reference = formatReference(
    MEASURE_REFERENCE_PREFIX,
    year,
    await uow.sequences.next('measure', year),
  );
  const measure = newMeasure(
    `measure-${ctx.newId()}`,
    reference,
    fields,
    caller.aadObjectId,
    now.toISOString(),
  );
  await publish(
    ctx,
    uow,
    measure,
    fields.owner === caller.aadObjectId
      ? []
      : [{ to: toPerson(fields.owner), view: MEASURE_VIEW, banner: MEASURE_BANNERS.assigned }],
  );
  keepClicked(measure, caller.aadObjectId, clicked);
  await measuresIn(uow).put(measure);
  return { ok: true, value: measure };
}

async function managed(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  id: unknown,
): Promise<MeasureOutcome<Measure>> {
  const found = typeof id === 'string' ? await measuresIn(uow).get(id) : undefined;
  if (!found) return MISSING;
  const decision = authorizeMeasures(await loadActor(ctx, uow, caller), { kind: 'measure.manage' });
  if (!decision.allowed) return { ok: false, refusal: decision.reason };
  return { ok: true, value: found };
}

/** Edits a measure (the UDI coordinator or AUA's deputy): a new owner gets it on a card. */
export async function updateMeasure(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  id: unknown,
  draft: MeasureDraft,
  clicked?: Clicked,
): Promise<MeasureOutcome<Measure>> {
  const found = await managed(ctx, uow, caller, id);
  if (!found.ok) return found;
  const measure = found.value;
  if (measure.state === 'closed') return { ok: false, problem: 'closed' };
  const roster = await loadRoster(ctx, uow);
  const now = ctx.now();
  const problems = draftProblems(draft, osloDate(now), eligibility(roster), measure.due);
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const next = editMeasure(measure, fieldsOf(draft), caller.aadObjectId, now.toISOString());
  if (next === measure) return { ok: true, value: measure };
  const newOwner = next.owner !== measure.owner && next.owner !== caller.aadObjectId;
  await publish(
    ctx,
    uow,
    next,
    newOwner ? [{ to: toPerson(next.owner), view: MEASURE_VIEW, banner: MEASURE_BANNERS.assigned }] : [],
    clicked ? { answered: clicked } : {},
  );
  keepClicked(next, caller.aadObjectId, clicked);
  await measuresIn(uow).put(next);
  return { ok: true, value: next };
}

/** Closes a measure (the UDI coordinator or AUA's deputy): its cards are updated, nobody is asked any more. */
export async function closeMeasureFor(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  id: unknown,
  clicked?: Clicked,
): Promise<MeasureOutcome<Measure>> {
  const found = await managed(ctx, uow, caller, id);
  if (!found.ok) return found;
  if (found.value.state === 'closed') return { ok: true, value: found.value };
  const next = closeMeasure(found.value, caller.aadObjectId, ctx.now().toISOString());
  await publish(ctx, uow, next, [], clicked ? { answered: clicked } : {});
  keepClicked(next, caller.aadObjectId, clicked);
  await measuresIn(uow).put(next);
  return { ok: true, value: next };
}

/**
 * Reports a measure's status (its owner): every live card about it is updated in place (the UDI
 * coordinator's among them); a UDI coordinator without a card about it gets one.
 */
export async function reportStatus(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  id: unknown,
  status: string,
  text: string,
  clicked?: Clicked,
): Promise<MeasureOutcome<Measure>> {
  const found = typeof id === 'string' ? await measuresIn(uow).get(id) : undefined;
  if (!found) return MISSING;
  const decision = authorizeMeasures(await loadActor(ctx, uow, caller), {
    kind: 'measure.report',
    measure: found,
  });
  if (!decision.allowed) return { ok: false, refusal: decision.reason };
  const result = applyReport(found, status, text, caller.aadObjectId, ctx.now().toISOString());
  if (!result.ok) return result;
  const next = result.measure;
  const roster = await loadRoster(ctx, uow);
  const withCard = new Set(next.parties.filter((p) => p.cards.length > 0).map((p) => recipientKey(p.to)));
  const posts = udiCoordinators(roster.people)
    .filter(
      (p) => p.aadObjectId !== caller.aadObjectId && !withCard.has(recipientKey(toPerson(p.aadObjectId))),
    )
    .map((p) => ({
      to: toPerson(p.aadObjectId),
      view: MEASURE_VIEW,
      banner: MEASURE_BANNERS.reported,
      origin: caller.aadObjectId,
    }));
  await publish(ctx, uow, next, posts, clicked ? { answered: clicked } : {});
  keepClicked(next, caller.aadObjectId, clicked);
  await measuresIn(uow).put(next);
  return { ok: true, value: next };
}

/** The measures a person sees in the list: all active ones (those who manage), else their own. */
export async function measuresFor(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
): Promise<MeasureOutcome<{ measures: Measure[]; manage: boolean }>> {
  const actor = await loadActor(ctx, uow, caller);
  const manage = authorizeMeasures(actor, { kind: 'measure.manage' });
  if (manage.allowed) return { ok: true, value: { measures: await measuresIn(uow).active(), manage: true } };
  const own = await measuresIn(uow).activeOf(caller.aadObjectId);
  const mine = own.filter((m) => authorizeMeasures(actor, { kind: 'measure.report', measure: m }).allowed);
  if (mine.length === 0 && manage.reason === 'not-member') return { ok: false, refusal: 'not-member' };
  return { ok: true, value: { measures: mine, manage: false } };
}
