import type { Result } from '../../domain/result.js';
import { isDepartment, type NetworkRole, type Unit } from '../../domain/roster.js';
import { type TrackedItem, transition, type UnknownEvent } from '../../domain/tracked-item.js';

/** Network roles a person can ask for; admin is granted only through configuration. */
/** The role someone asks for: a network role. */
export type RequestedRole = NetworkRole;

export const JOIN_STATES = ['pending', 'approved', 'declined'] as const;
export type JoinRequestState = (typeof JOIN_STATES)[number];

/**
 * What happened to a join request: one history entry each. No free text: who decided is the entry's
 * `by` (and the request's `decidedByName`).
 */
export type JoinEvent =
  /** The applicant asked (the first entry). */
  | { action: 'request' }
  | { action: 'approve' }
  | { action: 'decline' }
  /** Approved at once: a configured administrator's own request in a network nobody else can decide in. */
  | { action: 'bootstrap' }
  | UnknownEvent;

export type JoinEventAction = JoinEvent['action'];

export interface JoinRequest extends TrackedItem<'join', JoinRequestState, JoinEvent> {
  applicant: { aadObjectId: string; displayName: string };
  role: RequestedRole;
  decidedBy?: string;
  /** The display name of who decided, as their activity gave it (an administrator from configuration may have no roster entry). */
  decidedByName?: string;
}

export type JoinInputError =
  | 'missing-role'
  | 'missing-department'
  | 'unknown-department'
  | 'missing-unit'
  | 'unknown-unit'
  | 'no-contacts-in-department';

export type { Result } from '../../domain/result.js';

/**
 * Validates what an applicant chose on the join form against the current unit list.
 * The form's values are untrusted strings. A contact person's department follows from the unit
 * chosen (whatever the department field says), so for them the unit is checked, not the department.
 */
export function parseRequestedRole(
  input: { role?: unknown; department?: unknown; unitId?: unknown },
  units: readonly Unit[],
): Result<RequestedRole, JoinInputError> {
  const kind = input.role;
  if (kind !== 'coordinator' && kind !== 'deputy' && kind !== 'contact')
    return { ok: false, error: 'missing-role' };
  if (kind === 'contact') {
    const unitId = input.unitId;
    if (typeof unitId !== 'string' || unitId === '') return { ok: false, error: 'missing-unit' };
    const unit = units.find((u) => u.id === unitId && !u.retired);
    if (!unit) return { ok: false, error: 'unknown-unit' };
    if (unit.department === 'AUA') return { ok: false, error: 'no-contacts-in-department' };
    return { ok: true, value: { kind: 'contact', department: unit.department, unitId } };
  }
  const department = input.department;
  if (typeof department !== 'string' || department === '') return { ok: false, error: 'missing-department' };
  if (!isDepartment(department)) return { ok: false, error: 'unknown-department' };
  return { ok: true, value: { kind, department } };
}

export function newJoinRequest(args: {
  id: string;
  reference: string;
  applicant: { aadObjectId: string; displayName: string };
  role: RequestedRole;
  at: string;
}): JoinRequest {
  return {
    id: args.id,
    reference: args.reference,
    kind: 'join',
    state: 'pending',
    createdAt: args.at,
    createdBy: args.applicant.aadObjectId,
    updatedAt: args.at,
    history: [{ at: args.at, by: args.applicant.aadObjectId, action: 'request', to: 'pending' }],
    parties: [],
    cardVersion: 0,
    applicant: args.applicant,
    role: args.role,
  };
}

export type JoinDecision = 'approve' | 'decline';

/**
 * Decides a pending request. `action` names the step in the history: the decision itself, or
 * 'bootstrap' when a configured administrator's request in an empty network is granted at once.
 */
export function decideJoinRequest(
  request: JoinRequest,
  decision: JoinDecision,
  by: string,
  at: string,
  action: JoinDecision | 'bootstrap' = decision,
): Result<JoinRequest, 'already-decided'> {
  if (request.state !== 'pending') return { ok: false, error: 'already-decided' };
  const next = transition(request, decision === 'approve' ? 'approved' : 'declined', by, { action }, at);
  return { ok: true, value: { ...next, decidedBy: by } };
}

/** True when the request was approved at once, without anyone to decide it (see decideJoinRequest). */
export function wasBootstrapped(request: Pick<JoinRequest, 'history'>): boolean {
  return request.history.some((entry) => entry.action === 'bootstrap');
}
