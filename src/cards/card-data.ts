/**
 * The data each of the core's card templates expects (the renderer adds the catalog as `t`), and the
 * map from card name to data type that `renderCard` checks against. A feature's cards are typed in its
 * own folder, which adds them to `CardData` (see there). Every string here is shown as is: callers
 * pass names and texts already localised.
 */

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
  /** The features' first steps for this person: a line (catalog key) each, and a button each. */
  prompts: { key: string }[];
  buttons: { verb: string; titleKey: string; style?: 'positive' }[];
}

/** A line of the `help` card's list of typed commands. */
export interface HelpLine {
  /** The catalog key holding the line's `words` (what to type) and `text` (what it does). */
  key: string;
}

/** A button of the `help` card (its `data` is `{ fromId: 'help' }`, so the help card stays). */
export interface HelpButton {
  verb: string;
  /** The catalog key of its title. */
  titleKey: string;
  style?: 'positive';
}

/**
 * `help`: the typed commands and the buttons for this person here, in order (chosen by the features'
 * help entries). Catalog keys, not texts: the template looks them up in the reader's language.
 */
export interface HelpData {
  commands: HelpLine[];
  buttons: HelpButton[];
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
  /** An already localised problem with this list, shown under it. */
  error?: string;
}

/** `units-editor`: lets administrators edit the units of OPA, ASA and RMA. */
export interface UnitsEditorData {
  departments: UnitsEditorDepartment[];
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

/**
 * Card name → the data its template (cards/<name>.json) expects: the core's cards here; each feature
 * adds its own from its folder, next to their data types, with a module augmentation:
 *
 * ```ts
 * declare module '../../cards/card-data.js' {
 *   interface CardData {
 *     'join-form': JoinFormData;
 *   }
 * }
 * ```
 *
 * so `renderCard('join-form', data, locale)` type-checks the feature's data as it does the core's,
 * and two features cannot give one card name different data types.
 */
/**
 * `erase-person`: an administrator erases what a person wrote (issue 14), in steps: pick the person
 * (and whether they left the network), confirm ("cannot be undone"), done. Texts come localised.
 */
export interface ErasePersonData {
  step: 'pick' | 'confirm' | 'done';
  title: string;
  lines: string[];
  /** pick: the people in the roster (value: their AAD object id). */
  people?: Choice[];
  /** pick: what was wrong with the choice. */
  error?: string;
  /** confirm: the person chosen (an AAD object id, resolved in the roster) and whether they leave. */
  personId?: string;
  leavingId?: 'leaving' | 'staying';
}

export interface CardData {
  'erase-person': ErasePersonData;
  welcome: WelcomeData;
  help: HelpData;
  members: MembersData;
  notice: NoticeData;
  'units-editor': UnitsEditorData;
  delivery: DeliveryData;
  'delivery-failed': DeliveryFailedData;
}

/** The name of a card template (cards/<name>.json): the core's and every feature's. */
export type CardName = keyof CardData;
