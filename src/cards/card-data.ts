/**
 * The data each card template expects (the renderer adds the catalog as `t`).
 * Every string here is shown as is: callers pass names and texts already localised.
 */
import type { JoinRequestState } from '../domain/join-requests.js';
import type { Department } from '../domain/roster.js';

/** Where the conversation is: a 1:1 chat with the bot or a team channel. */
export type Scope = 'personal' | 'team';

/** One option of a choice input; `value` is an id, `title` what people see. */
export interface Choice {
  title: string;
  value: string;
}

/** `welcome`: what the bot is for, with Help and (for non-members) Join buttons. */
export interface WelcomeData {
  displayName?: string;
  isMember: boolean;
  scope: Scope;
}

/** `help`: a button per feature available to this person now, and the typed commands. */
export interface HelpData {
  isMember: boolean;
  isCoordinator: boolean;
  isAdmin: boolean;
  scope: Scope;
}

/** `join-form`: asks for role, department (coordinators, deputies) or unit (contact persons). */
export interface JoinFormData {
  roles: Choice[];
  departments: Choice[];
  /** Active units, titled e.g. "OPA · Område for familieinnvandring". */
  units: Choice[];
  /** What the person chose last time (shown again after a validation error). */
  values?: { role?: string; department?: string; unitId?: string };
  /** An already localised error, shown in attention style. */
  error?: string;
}

/** `join-receipt`: tells the applicant that the request went to the approvers. */
export interface JoinReceiptData {
  reference: string;
  roleText: string;
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
  reference: string;
  roleText: string;
  approved: boolean;
  decidedByName: string;
}

/** One department in the `members` card. */
export interface MembersDepartment {
  code: Department;
  name: string;
  coordinators: string[];
  deputies: string[];
  contacts: { name: string; unit: string }[];
}

/** `members`: the network grouped by department. */
export interface MembersData {
  departments: MembersDepartment[];
  total: number;
}

export type NoticeStyle = 'default' | 'good' | 'warning' | 'attention';

/** `notice`: a generic confirmation or error; title and text come localised from the caller. */
export interface NoticeData {
  title: string;
  text: string;
  style: NoticeStyle;
  showHelp?: boolean;
}

/** One department's units in the editor: one unit per line, "Norsk navn | English name". */
export interface UnitsEditorDepartment {
  code: Department;
  name: string;
  /** Id of the multiline input; the submitted value comes back under this key. */
  inputId: string;
  text: string;
}

/** `units-editor`: lets administrators edit the units of OPA, ASA and RMA. */
export interface UnitsEditorData {
  departments: UnitsEditorDepartment[];
  error?: string;
}

/** `delivery-failed`: tells the person whose action caused a notification that it could not be delivered. */
export interface DeliveryFailedData {
  recipientKind: 'person' | 'networkChannel';
  /** Absent when the person is not in the roster. */
  recipientName?: string;
  /** The item the notification was about, e.g. "N-2026-0001". */
  reference?: string;
}

/** A recipient the bot cannot reach, on the `delivery` card (all strings localised). */
export interface DeliveryUnreachable {
  name: string;
  /** Why, e.g. "har blokkert boten eller fjernet appen" (`delivery.reasons.403`). */
  reason: string;
  /** When it was first seen, already formatted. */
  since: string;
}

/** A dead letter on the `delivery` card (all strings localised and formatted). */
export interface DeliveryDeadLetter {
  /** What it was, e.g. "Forespørsel om å bli med" (`delivery.templates.*`). */
  what: string;
  /** Who it was for: a name, or `delivery.recipients.*`. */
  to: string;
  /** The last error, e.g. "svar 500 fra Teams" (`delivery.errors.*`). */
  error: string;
  attempts: number;
  /** When it was queued, already formatted. */
  createdAt: string;
}

/** `delivery`: the state of the bot's deliveries, for coordinators and administrators. */
export interface DeliveryData {
  counts: { pending: number; sent: number; failed: number };
  /** Already formatted, e.g. "3 min" (`delivery.age.*`); absent when nothing is pending. */
  oldestPendingAge?: string;
  unreachable: DeliveryUnreachable[];
  /** At most 10, newest first. */
  deadLetters: DeliveryDeadLetter[];
  /** How many dead letters there are beyond those shown. */
  moreDeadLetters?: number;
}

/** Card name → the data its template expects. */
export interface CardData {
  welcome: WelcomeData;
  help: HelpData;
  'join-form': JoinFormData;
  'join-receipt': JoinReceiptData;
  'join-approval': JoinApprovalData;
  'join-outcome': JoinOutcomeData;
  members: MembersData;
  notice: NoticeData;
  'units-editor': UnitsEditorData;
  delivery: DeliveryData;
  'delivery-failed': DeliveryFailedData;
}

/** The name of a card template (cards/<name>.json). */
export type CardName = keyof CardData;

/** Every card name, in a stable order. */
export const CARD_NAMES = [
  'welcome',
  'help',
  'join-form',
  'join-receipt',
  'join-approval',
  'join-outcome',
  'members',
  'notice',
  'units-editor',
  'delivery',
  'delivery-failed',
] as const satisfies readonly CardName[];

// Compile-time check that CARD_NAMES lists every key of CardData.
type MissingCardNames = Exclude<CardName, (typeof CARD_NAMES)[number]>;
const _allCardNamesListed: MissingCardNames extends never ? true : false = true;
void _allCardNamesListed;
