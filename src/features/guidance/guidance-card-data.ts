/**
 * The data the guidance cards' templates expect (cards/guidance-form.json, guidance-receipt.json,
 * guidance-item.json, guidance-list.json), added to the core's map of card data so `renderCard`
 * type-checks them. Every string is shown as is: callers pass texts already localised.
 */
import type { Choice } from '../../cards/card-data.js';

/** Values the guidance form shows again after a validation error (or pre-filled, e.g. the department). */
export interface GuidanceFormValues {
  topicId?: string;
  askerDepartment?: string;
  origin?: 'internal' | 'external';
  externalSource?: string;
  urgency?: 'normal' | 'urgent';
  question?: string;
  principled?: boolean;
}

/**
 * `guidance-form`: asks a question of the network. Inputs (submitted with verb `guidance.submit`):
 * `topicId` (required), `askerDepartment`, `origin` ('internal' | 'external'), `externalSource`
 * (one of `sources`, only for external inquiries), `urgency` ('normal' | 'urgent'), `question`
 * (required, at most 4000 characters) and `principled` ('true' | 'false').
 */
export interface GuidanceFormData {
  /** The active topics. */
  topics: Choice[];
  /** The departments; the asker's own is pre-selected through `values.askerDepartment`. */
  departments: Choice[];
  /** External sources: police, NGO, lawyer, another agency, other (`guidance.sources.*`). */
  sources: Choice[];
  values?: GuidanceFormValues;
  /**
   * Already localised problems (`guidance.errors.*`), each shown under its field; `form` (e.g. nobody
   * can take the question now) above the send button.
   */
  errors?: {
    topicId?: string;
    askerDepartment?: string;
    externalSource?: string;
    question?: string;
    form?: string;
  };
}

/** `guidance-receipt`: tells the asker where the question went and when to expect an answer. */
export interface GuidanceReceiptData {
  /** The request's id ("Mine saker" keeps the receipt: the list opens in a new message). */
  requestId: string;
  /** E.g. "V-2026-0042". */
  reference: string;
  topic: string;
  assigneeName: string;
  /** Already formatted; left out once the request is answered or closed. */
  dueDate?: string;
  urgent: boolean;
  /** Where the request stands now (on the receipt kept up to date after it was sent). */
  stateText?: string;
  /** A newer card about the request went to the asker: this receipt is no longer updated. */
  superseded?: boolean;
  /** Earlier clarifications that look related (guidance-extensions.ts), one line each. */
  related?: { text: string }[];
}

/** The states of a guidance request as the card shows them (same as the domain's). */
export type GuidanceCardState = 'open' | 'in-progress' | 'awaiting-info' | 'answered' | 'closed';

/** One entry of the conversation on the `guidance-item` card, all strings localised and formatted. */
export interface GuidanceItemMessage {
  who: string;
  when: string;
  /** E.g. "Spørsmål", "Svar" (`guidance.messageKinds.*`). */
  kindText: string;
  text: string;
}

/** Which buttons the `guidance-item` card shows (computed by the caller from the policy and the state). */
export interface GuidanceItemActions {
  take: boolean;
  answer: boolean;
  askInfo: boolean;
  forward: boolean;
  escalate: boolean;
  close: boolean;
  provideInfo: boolean;
  followUp: boolean;
  helpful: boolean;
}

/**
 * An inline form of the `guidance-item` card opened in the card itself (after a problem, so the
 * message can stand next to the field and nothing typed is lost). All strings localised.
 */
export interface GuidanceItemEdit {
  /** Which form: decides the send button's verb. */
  action: 'answer' | 'ask-for-info' | 'provide-info' | 'forward' | 'escalate' | 'close' | 'follow-up';
  title: string;
  hint?: string;
  /** Forwarding only: who to send it to. */
  picker?: { value: string; choices: Choice[]; error?: string; awayText?: string };
  /** The text input's id (answerText, infoText, …), label, value and problem. */
  textId: string;
  textLabel: string;
  textValue: string;
  textError?: string;
  /** A problem with the whole form (e.g. nobody to escalate to). */
  formError?: string;
  submit: string;
}

/**
 * `guidance-item`: one request, for the assignee, the asker or someone else allowed to see it; updated
 * in place as the state changes. Every button carries `{ requestId, listId }` (`listId`: the list it
 * was opened from, for "Back to the list", or 'none'). The inline forms (Action.ShowCard) submit
 * these input ids:
 * - `guidance.answer`: `answerText`; `guidance.askInfo`: `infoText`;
 * - `guidance.forward`: `forwardTo` (one of `forwardChoices`) and `forwardReason`;
 * - `guidance.escalate`: `escalateReason`; `guidance.close`: `closeReason`;
 * - `guidance.provideInfo`: `provideText`; `guidance.followUp`: `followUpText`.
 * `guidance.take` and `guidance.helpful` take no input.
 */
export interface GuidanceItemData {
  requestId: string;
  /** 'mine', 'queue' or 'all' when opened from that list (a "Back to the list" button), else 'none'. */
  listId: 'none' | 'mine' | 'queue' | 'all';
  reference: string;
  topic: string;
  state: GuidanceCardState;
  /** The state for people to read (`guidance.states.*`). */
  stateText: string;
  viewer: 'assignee' | 'asker' | 'watcher' | 'other';
  askerName: string;
  askerDepartment?: string;
  assigneeName: string;
  /** E.g. "Intern" or "Ekstern henvendelse (politiet)" (`guidance.origins.*`). */
  originText: string;
  urgent: boolean;
  principled: boolean;
  /** Already formatted; left out once the request is answered or closed. */
  dueDate?: string;
  overdue: boolean;
  /** E.g. a reminder or "Nytt svar" (`guidance.banners.*`). */
  banner?: { text: string; style: 'good' | 'warning' | 'attention' | 'default' };
  /** The conversation, oldest first. */
  messages: GuidanceItemMessage[];
  actions: GuidanceItemActions;
  /** Coordinators and contact persons to forward to, titled with role and unit (value = AAD object id). */
  forwardChoices: Choice[];
  /** Who is away and so not in the choices, e.g. "Borte nå: Patti Fernandez". */
  awayText?: string;
  /** How it ended, e.g. "Lukket uten svar: …" (`guidance.closed.*`). */
  closedText?: string;
  /** Another feature's button (raise for the network's agenda); ids only in its data. */
  raise?: { verb: string; title: string; requestId: string }[];
  /** An inline form opened in the card after a problem (the normal buttons are hidden meanwhile). */
  edit?: GuidanceItemEdit;
}

/** One request on a `guidance-list` card (all strings localised and formatted). */
export interface GuidanceListItem {
  requestId: string;
  /** The list it is on (carried by its Show button, for "Back to the list"). */
  listId: 'mine' | 'queue' | 'all';
  reference: string;
  topic: string;
  stateText: string;
  /** How long since it was asked, e.g. "sendt for 3 d siden" (`guidance.lists.age`, `ageJustNow`). */
  age: string;
  /** Left out once the request is answered or closed. */
  dueDate?: string;
  overdue: boolean;
  /** The assignee on 'mine' and 'all', the asker on 'queue'. */
  who: string;
  principled: boolean;
  urgent: boolean;
}

/** A department's counts on the UDI coordinator's `guidance-list` ('all'). */
export interface GuidanceListDepartment {
  name: string;
  /** E.g. "1 åpen · 0 over fristen" (`guidance.lists.openOne` / `openMany`, `overdue…`). */
  counts: string;
}

/** A closed principled question on the UDI coordinator's `guidance-list` ('all'). */
export interface GuidanceListPrincipled {
  requestId: string;
  /** The list, for the Show button's "Back to the list". */
  listId: 'all';
  reference: string;
  topic: string;
  /** Already formatted. */
  closedAt: string;
}

/**
 * `guidance-list`: the asker's requests ('mine'), a coordinator's queue ('queue') or, for the UDI
 * coordinator, every open request with counts per department and the closed principled questions
 * ('all'). Each item has a Show button (`guidance.show` with `{ requestId }`); 'mine' also has
 * "Ask a question" (`guidance.start`).
 */
export interface GuidanceListData {
  kind: 'mine' | 'queue' | 'all';
  /** `guidance.lists.*Title`. */
  title: string;
  items: GuidanceListItem[];
  /** 'all' only. */
  departments?: GuidanceListDepartment[];
  /** 'all' only. */
  principledClosed?: GuidanceListPrincipled[];
  /** How many items there are beyond those shown. */
  more?: number;
}

declare module '../../cards/card-data.js' {
  interface CardData {
    'guidance-form': GuidanceFormData;
    'guidance-receipt': GuidanceReceiptData;
    'guidance-item': GuidanceItemData;
    'guidance-list': GuidanceListData;
  }
}
