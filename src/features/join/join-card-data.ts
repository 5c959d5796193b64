/**
 * The data the join cards' templates expect (cards/join-form.json, join-receipt.json,
 * join-approval.json, join-outcome.json), added to the core's map of card data so `renderCard`
 * type-checks them. Every string is shown as is: callers pass texts already localised.
 */
import type { Choice } from '../../cards/card-data.js';
import type { JoinRequestState } from './join-requests.js';

/** `join-form`: asks for role, department (coordinators, deputies) or unit (contact persons). */
export interface JoinFormData {
  roles: Choice[];
  departments: Choice[];
  /** Active units, titled e.g. "OPA · Område for familieinnvandring". */
  units: Choice[];
  /** For a member asking for one more role: what they are already, in words. */
  currentRoles?: string;
  /** What the person chose last time (shown again after a validation error). */
  values?: { role?: string; department?: string; unitId?: string };
  /** Already localised problems, each shown next to its field; `form` above the send button. */
  errors?: { role?: string; department?: string; unitId?: string; form?: string };
}

/** `join-receipt`: tells the applicant that the request went to the approvers (or was granted at once). */
export interface JoinReceiptData {
  reference: string;
  roleText: string;
  /** Granted at once: a configured administrator started an empty network. */
  bootstrap?: boolean;
}

/** `join-approval`: sent to every approver and updated in place once someone decides. */
export interface JoinApprovalData {
  requestId: string;
  reference: string;
  applicantName: string;
  roleText: string;
  state: JoinRequestState;
  decidedByName?: string;
  /** Already formatted, e.g. with formatDateTime. */
  decidedAt?: string;
}

/** `join-outcome`: tells the applicant what was decided. */
export interface JoinOutcomeData {
  /** The request's id (its Help button keeps this card: the help opens in a new message). */
  requestId: string;
  reference: string;
  roleText: string;
  approved: boolean;
  decidedByName: string;
}

declare module '../../cards/card-data.js' {
  interface CardData {
    'join-form': JoinFormData;
    'join-receipt': JoinReceiptData;
    'join-approval': JoinApprovalData;
    'join-outcome': JoinOutcomeData;
  }
}
