/**
 * Who may do what with ROSA priority notices (on the policy engine's Decision). Decided from the
 * stored roster and the feature's settings only, never from card data. Pure.
 *
 * - Send: a contact person of one of the regional offices allowed to send (CHECKINS_SETTINGS'
 *   `noticeRegions`, Region East by default); the notice is from their contact role's unit.
 * - Acknowledge ("prioritised"): ASA's coordinator or ASA's deputy, nobody else.
 * - View: the sender, ASA's coordinator and deputies, and the UDI coordinator (or AUA's deputy, who
 *   gets the escalation when there is no UDI coordinator).
 */
import { ALLOW, type Decision, deny } from '../../domain/policy.js';
import {
  isCoordinatorOf,
  isDeputyOf,
  isNetworkMember,
  isUdiStandIn,
  type Person,
} from '../../domain/roster.js';
import type { PriorityNotice } from './priority-notices.js';

export type NoticePolicyAction =
  /** `regions`: the unit ids allowed to send (from the settings). */
  | { kind: 'notice.send'; regions: readonly string[] }
  | { kind: 'notice.acknowledge' }
  | { kind: 'notice.view'; notice: Pick<PriorityNotice, 'createdBy'> };

/**
 * The regional office `person` sends notices from: the unit of their first contact role (in role
 * order) that is one of `regions`; undefined when they hold none.
 */
export function senderRegion(person: Person | undefined, regions: readonly string[]): string | undefined {
  for (const role of person?.roles ?? [])
    if (role.kind === 'contact' && regions.includes(role.unitId)) return role.unitId;
  return undefined;
}

/** ASA's coordinator or deputy: who prioritises the case, and so acknowledges the notice. */
export function acknowledgesNotices(person: Person | undefined): boolean {
  return isCoordinatorOf(person, 'ASA') || isDeputyOf(person, 'ASA');
}

export function authorizeNotice(actor: Person | undefined, action: NoticePolicyAction): Decision {
  const refused = deny(isNetworkMember(actor) ? 'not-authorized' : 'not-member');
  switch (action.kind) {
    case 'notice.send':
      return senderRegion(actor, action.regions) ? ALLOW : refused;
    case 'notice.acknowledge':
      return acknowledgesNotices(actor) ? ALLOW : refused;
    case 'notice.view':
      return actor &&
        isNetworkMember(actor) &&
        (actor.aadObjectId === action.notice.createdBy || acknowledgesNotices(actor) || isUdiStandIn(actor))
        ? ALLOW
        : refused;
  }
}
