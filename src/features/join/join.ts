/**
 * Joining the network: ask (anyone in the tenant), decide (UDI coordinator, the department's
 * coordinator, or an administrator; never the applicant), and tell the applicant. Every function
 * runs in the unit of work of the activity that asked for it.
 */

import { loadActor, loadRoster } from '../../app/actor.js';
import type { AppContext, Caller } from '../../app/context.js';
import { publish } from '../../app/live-cards.js';
import { type RoleView, roleView } from '../../app/role-view.js';
import type { Refusal } from '../../domain/policy.js';
import {
  DEPARTMENTS,
  isAdmin,
  isNetworkMember,
  type Person,
  type Role,
  sameRole,
  type Unit,
  withRole,
} from '../../domain/roster.js';
import { formatReference } from '../../domain/tracked-item.js';
import type { UnitOfWork } from '../../store/store.js';
import { authorizeJoin, joinApprovers } from './join-policy.js';
import {
  decideJoinRequest,
  type JoinDecision,
  type JoinInputError,
  type JoinRequest,
  newJoinRequest,
  parseRequestedRole,
} from './join-requests.js';
import { joinRequestsIn } from './join-store.js';

/** What the approval card (to approvers) shows, rendered from the request when it is sent or updated. */
export interface JoinApprovalModel extends RoleView {
  requestId: string;
  reference: string;
  applicantName: string;
  state: JoinRequest['state'];
  decidedByName?: string;
  decidedAt?: string;
}

/** Data carried by the outcome card (to the applicant). */
export interface JoinOutcomeModel extends RoleView {
  requestId: string;
  reference: string;
  approved: boolean;
  decidedByName: string;
  /** Approved at once because a configured administrator started an empty network. */
  bootstrap?: boolean;
}

/** The join form's fields. */
export type JoinField = 'role' | 'department' | 'unitId';

export type JoinFormError = JoinInputError | 'already-member' | 'already-pending' | 'no-approver' | 'privacy';

/** A problem on the form, next to the field it concerns (none: about the whole form). */
export interface JoinFormProblem {
  code: JoinFormError;
  field?: JoinField;
}

export interface JoinFormModel {
  units: Unit[];
  /** The roles the person already holds (a member may ask for one more). */
  currentRoles: RoleView[];
  values?: { role?: string; department?: string; unitId?: string };
  problems?: JoinFormProblem[];
}

/** Where each input problem is shown. */
const FIELD_OF: Partial<Record<JoinFormError, JoinField>> = {
  'missing-role': 'role',
  'missing-department': 'department',
  'unknown-department': 'department',
  'missing-unit': 'unitId',
  'unknown-unit': 'unitId',
  'no-contacts-in-department': 'unitId',
  'already-member': 'role',
};

export function joinProblem(code: JoinFormError, field?: JoinField): JoinFormProblem {
  const at = field ?? FIELD_OF[code];
  return at ? { code, field: at } : { code };
}

/** The join form: the current unit list, or a refusal when a request is already pending. */
export async function startJoin(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
): Promise<
  | { ok: true; form: JoinFormModel }
  | { ok: false; error: 'already-pending'; reference: string }
  | { ok: false; error: Refusal }
> {
  const actor = await loadActor(ctx, uow, caller);
  const decision = authorizeJoin(actor, { kind: 'join.request' });
  if (!decision.allowed) return { ok: false, error: decision.reason };
  const pending = await joinRequestsIn(uow).findPendingByApplicant(caller.aadObjectId);
  if (pending) return { ok: false, error: 'already-pending', reference: pending.reference };
  const units = await uow.units.list();
  return { ok: true, form: { units, currentRoles: currentRoles(actor, units) } };
}

export type SubmitJoinResult =
  | { ok: true; request: JoinRequest; view: RoleView; bootstrap: boolean }
  | { ok: false; form: JoinFormModel };

/**
 * Records a join request from the form's (untrusted) values and asks the approvers on a card.
 * The approvers are found by the policy module from the stored roster; the applicant is never one
 * of them. In an empty network, a configured administrator's own request is granted at once:
 * configuration already trusts them, and there is nobody else to ask.
 */
export async function submitJoin(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  input: { role?: unknown; department?: unknown; unitId?: unknown },
  refused: readonly JoinField[] = [],
): Promise<SubmitJoinResult> {
  const units = await uow.units.list();
  // Only choices the form offers are shown again (never a forged value).
  const offered = (value: unknown, allowed: readonly string[]) =>
    typeof value === 'string' && allowed.includes(value) ? value : undefined;
  const values = {
    role: offered(input.role, ['contact', 'coordinator', 'deputy']),
    department: offered(input.department, DEPARTMENTS),
    unitId: offered(
      input.unitId,
      units.filter((u) => !u.retired).map((u) => u.id),
    ),
  };
  const actor = await loadActor(ctx, uow, caller);
  const refuse = (...problems: JoinFormProblem[]): SubmitJoinResult => ({
    ok: false,
    form: { units, currentRoles: currentRoles(actor, units), values, problems },
  });
  if (refused.length > 0) return refuse(...refused.map((field) => joinProblem('privacy', field)));
  if (await joinRequestsIn(uow).findPendingByApplicant(caller.aadObjectId))
    return refuse(joinProblem('already-pending'));
  const parsed = parseRequestedRole(input, units);
  if (!parsed.ok) return refuse(joinProblem(parsed.error));
  const decision = authorizeJoin(actor, { kind: 'join.request' });
  if (!decision.allowed) return refuse(joinProblem('missing-role'));
  if (actor?.roles.some((r) => sameRole(r, parsed.value))) return refuse(joinProblem('already-member'));

  const at = ctx.now();
  const sequence = await uow.sequences.next('join', at.getUTCFullYear());
  const request = newJoinRequest({
    id: ctx.newId(),
    reference: formatReference('N', at.getUTCFullYear(), sequence),
    applicant: { aadObjectId: caller.aadObjectId, displayName: caller.displayName },
    role: parsed.value,
    at: at.toISOString(),
  });
  const view = roleView(parsed.value, units);
  const roster = await loadRoster(ctx, uow);
  const approvers = joinApprovers(request, roster.people);
  if (approvers.length === 0) {
    if (!isAdmin(actor)) return refuse(joinProblem('no-approver'));
    // Bootstrap: nobody else can decide, and configuration trusts this person.
    const decided = decideJoinRequest(request, 'approve', caller.aadObjectId, at.toISOString(), 'bootstrap');
    if (!decided.ok) return refuse(joinProblem('already-pending'));
    await grantRole(uow, request, at.toISOString());
    await joinRequestsIn(uow).put(decided.value);
    return { ok: true, request: decided.value, view, bootstrap: true };
  }
  await publish(
    ctx,
    uow,
    request,
    approvers.map((approver) => ({
      to: { kind: 'person', aadObjectId: approver.aadObjectId },
      view: JOIN_APPROVAL_VIEW,
      origin: caller.aadObjectId,
    })),
  );
  await joinRequestsIn(uow).put(request);
  return { ok: true, request, view, bootstrap: false };
}

export type DecideJoinResult =
  | { ok: true; model: JoinApprovalModel }
  | { ok: false; error: 'not-found' }
  | { ok: false; error: 'already-decided'; model: JoinApprovalModel }
  | { ok: false; error: Refusal };

/**
 * Approves or declines a join request. On approval the person gets the role (created in the roster
 * if new). The applicant is told, and every approver's card is updated in place.
 */
export async function decideJoin(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  requestId: string,
  decision: JoinDecision,
): Promise<DecideJoinResult> {
  const request = await joinRequestsIn(uow).get(requestId);
  if (!request) return { ok: false, error: 'not-found' };
  const units = await uow.units.list();
  const actor = await loadActor(ctx, uow, caller);
  const allowed = authorizeJoin(actor, { kind: 'join.decide', request });
  if (!allowed.allowed) return { ok: false, error: allowed.reason };
  if (request.state !== 'pending') {
    return { ok: false, error: 'already-decided', model: await approvalModel(uow, request, units) };
  }
  const at = ctx.now().toISOString();
  const decided = decideJoinRequest(request, decision, caller.aadObjectId, at);
  if (!decided.ok)
    return { ok: false, error: 'already-decided', model: await approvalModel(uow, request, units) };
  const next: JoinRequest = { ...decided.value, decidedByName: caller.displayName };
  if (decision === 'approve') await grantRole(uow, request, at);
  // The applicant is told; every approval card that went out is updated, so nobody acts on a stale one.
  await publish(ctx, uow, next, [
    {
      to: { kind: 'person', aadObjectId: request.applicant.aadObjectId },
      view: JOIN_OUTCOME_VIEW,
      origin: caller.aadObjectId,
    },
  ]);
  await joinRequestsIn(uow).put(next);
  return { ok: true, model: await approvalModel(uow, next, units) };
}

/**
 * The pending join requests the caller may decide, oldest first (at most `limit`), so a coordinator
 * can act even when the approval card did not reach them.
 */
export async function listDecidableJoinRequests(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  limit = 10,
): Promise<JoinApprovalModel[]> {
  const actor = await loadActor(ctx, uow, caller);
  const units = await uow.units.list();
  const pending = (await joinRequestsIn(uow).listPending())
    .filter((request) => authorizeJoin(actor, { kind: 'join.decide', request }).allowed)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .slice(0, limit);
  return Promise.all(pending.map((request) => approvalModel(uow, request, units)));
}

/**
 * The approval card as it is now (for a Teams retry), for someone the policy lets decide it.
 * Undefined when the request does not exist or the caller may not see it.
 */
export async function currentApproval(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  requestId: string,
): Promise<JoinApprovalModel | undefined> {
  const request = await joinRequestsIn(uow).get(requestId);
  if (!request) return undefined;
  if (!authorizeJoin(await loadActor(ctx, uow, caller), { kind: 'join.decide', request }).allowed)
    return undefined;
  return approvalModel(uow, request, await uow.units.list());
}

/** The receipt of a request the caller made (for a Teams retry of the form's submit). */
export async function ownJoinRequest(
  uow: UnitOfWork,
  caller: Caller,
  requestId: string,
): Promise<{ request: JoinRequest; view: RoleView } | undefined> {
  const request = await joinRequestsIn(uow).get(requestId);
  if (!request || request.applicant.aadObjectId !== caller.aadObjectId) return undefined;
  return { request, view: roleView(request.role, await uow.units.list()) };
}

function currentRoles(actor: Person | undefined, units: readonly Unit[]): RoleView[] {
  if (!isNetworkMember(actor)) return [];
  return (actor?.roles ?? [])
    .filter((r): r is Exclude<Role, { kind: 'admin' }> => r.kind !== 'admin')
    .map((r) => roleView(r, units));
}

async function grantRole(uow: UnitOfWork, request: JoinRequest, at: string): Promise<void> {
  const existing = await uow.people.get(request.applicant.aadObjectId);
  const person: Person = existing ?? {
    aadObjectId: request.applicant.aadObjectId,
    displayName: request.applicant.displayName,
    roles: [],
    since: at,
  };
  await uow.people.put(withRole(person, request.role));
}

async function approvalModel(
  uow: UnitOfWork,
  request: JoinRequest,
  units: readonly Unit[],
): Promise<JoinApprovalModel> {
  return {
    ...roleView(request.role, units),
    requestId: request.id,
    reference: request.reference,
    applicantName: request.applicant.displayName,
    state: request.state,
    ...(request.state !== 'pending'
      ? { decidedByName: await deciderName(uow, request), decidedAt: request.updatedAt }
      : {}),
  };
}

/** The card approvers get (updated in place once someone decides). */
export const JOIN_APPROVAL_VIEW = 'join-approval';
/** The card the applicant gets when it is decided. */
export const JOIN_OUTCOME_VIEW = 'join-outcome';

/** What a party's card about a join request shows now (rendered when the card is sent). */
export async function joinCardModel(
  uow: UnitOfWork,
  request: JoinRequest,
  view: string,
): Promise<
  { view: 'approval'; model: JoinApprovalModel } | { view: 'outcome'; model: JoinOutcomeModel } | undefined
> {
  const units = await uow.units.list();
  if (view === JOIN_APPROVAL_VIEW)
    return { view: 'approval', model: await approvalModel(uow, request, units) };
  if (view !== JOIN_OUTCOME_VIEW || request.state === 'pending') return undefined;
  return {
    view: 'outcome',
    model: {
      ...roleView(request.role, units),
      requestId: request.id,
      reference: request.reference,
      approved: request.state === 'approved',
      decidedByName: await deciderName(uow, request),
    },
  };
}

async function deciderName(uow: UnitOfWork, request: JoinRequest): Promise<string> {
  return (
    request.decidedByName ??
    (request.decidedBy ? (await uow.people.get(request.decidedBy))?.displayName : undefined) ??
    ''
  );
}
