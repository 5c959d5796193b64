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
] as const satisfies readonly CardName[];

// Compile-time check that CARD_NAMES lists every key of CardData.
type MissingCardNames = Exclude<CardName, (typeof CARD_NAMES)[number]>;
const _allCardNamesListed: MissingCardNames extends never ? true : false = true;
void _allCardNamesListed;
