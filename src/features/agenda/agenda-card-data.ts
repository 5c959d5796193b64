/**
 * The data the agenda's cards expect (cards/agenda-form.json, agenda-item.json, agenda-list.json,
 * agenda-sheet.json), added to the core's map of card data so `renderCard` type-checks them. Every
 * string is shown as is: callers pass texts already localised and dates already formatted. Buttons
 * carry ids only (the item, the meeting's series and original date, the guidance request it came from).
 */
import type { Choice, NoticeStyle } from '../../cards/card-data.js';

/** A line on top of a card saying why it came or what just happened. */
export interface AgendaBanner {
  text: string;
  style: NoticeStyle;
}

/** The raise form's fields, as typed (the ids of its inputs). */
export interface AgendaFormValues {
  title?: string;
  description?: string;
  agendaKind?: string;
  department?: string;
  forum?: string;
  /** 'true' | 'false' (an Input.Toggle's value). */
  urgent?: string;
  minutes?: string;
}

/**
 * `agenda-form`: raises an item for the network's agenda (verb `agenda.raise`). Pre-filled from a
 * typed title (`sak <tittel>`), a meeting's agenda call (its forum) or an answered principled guidance
 * question (its question and answer, for the submitter to edit: `guidanceId`).
 */
export interface AgendaFormData {
  kinds: Choice[];
  departments: Choice[];
  forums: Choice[];
  minuteChoices: Choice[];
  values: AgendaFormValues;
  /** The answered guidance request the draft came from ('none' otherwise). */
  guidanceId: string;
  /** E.g. "Fra veiledningssak V-2027-0004": where the draft came from. */
  source?: string;
  /** Already localised problems, each under its field; `form` above the send button. */
  errors?: Partial<Record<keyof AgendaFormValues | 'form', string>>;
}

/** One fact about an item, e.g. "Type: Prinsipielt spørsmål fra en enkeltsak". */
export interface AgendaFact {
  title: string;
  value: string;
}

/** A curator's tools on an item card (each shown only when the move is allowed now). */
export interface AgendaCurate {
  /** Meetings of the item's forum it can go on ("tirsdag 12. januar · Koordinatormøte"). */
  meetings: Choice[];
  /** The meeting pre-selected in the forms (the item's own, or the next one). */
  meetingId: string;
  /** Other open items it can be merged into. */
  items: Choice[];
  canAccept: boolean;
  canDefer: boolean;
  canMerge: boolean;
  canDecline: boolean;
  /** After the meeting began: the outcome form. */
  canRecord: boolean;
  /** The kinds of outcome, and the network's people (owners of follow-ups, who takes an initiative). */
  outcomes: Choice[];
  people: Choice[];
  /** The due date the follow-up form starts from ('YYYY-MM-DD'). */
  defaultDue: string;
}

/** A curator's decisions on an item, each with its form. */
export type AgendaDecision = 'accept' | 'defer' | 'merge' | 'decline' | 'outcome';

/** What was typed into an item card's forms (shown again with a problem next to its field). */
export interface AgendaItemValues {
  meetingId?: string;
  deferMeetingId?: string;
  deferReason?: string;
  intoId?: string;
  declineReason?: string;
  outcomeKind?: string;
  outcomeText?: string;
  personId?: string;
  due?: string;
}

/** `agenda-item`: one item, for its submitter (the receipt, kept up to date) or a curator. */
export interface AgendaItemData {
  itemId: string;
  /** 'backlog' when opened from the list: its buttons keep the way back. */
  listId: 'backlog' | 'none';
  fromList?: boolean;
  title: string;
  /** E.g. "S-2027-0004 · Til behandling". */
  subtitle: string;
  banner?: AgendaBanner;
  facts: AgendaFact[];
  description: string;
  /** Why it was declined or deferred. */
  reason?: string;
  /** What came of it, in words (and, referred to the line, the memo's reminder). */
  outcome?: string;
  lineNote?: boolean;
  /** The follow-up action it led to (its card opens with the action's verb). */
  actionId?: string;
  curate?: AgendaCurate;
  /** A decision's form standing open in the card after a problem (its messages next to its fields). */
  open?: AgendaDecision;
  values?: AgendaItemValues;
  errors?: Partial<Record<keyof AgendaItemValues | 'form', string>>;
  /** A newer card about the item went to this person: this one is kept, without buttons. */
  superseded?: boolean;
}

/** One item in a list. */
export interface AgendaListRow {
  itemId: string;
  title: string;
  /** E.g. "S-2027-0004 · OPA · 15 min · Haster". */
  note: string;
}

/** A meeting in the backlog, with the items accepted onto it. */
export interface AgendaListMeeting {
  /** E.g. "Koordinatormøte tirsdag 12. januar · 45 av 90 min". */
  heading: string;
  seriesId: string;
  occurrenceId: string;
  rows: AgendaListRow[];
}

/** `agenda-list`: the caller's own open items and, for curators, the backlog. */
export interface AgendaListData {
  banner?: AgendaBanner;
  mine: AgendaListRow[];
  /** Curators: the raised items waiting for a decision, oldest first. */
  curator: boolean;
  submitted: AgendaListRow[];
  /** Curators: the accepted items, by meeting. */
  meetings: AgendaListMeeting[];
  /** Curators: the year whose record can be exported ('YYYY'). */
  periodId?: string;
}

/** One item on a posted agenda (or, after the meeting, with its outcome). */
export interface AgendaSheetLine {
  text: string;
  /** Who raised it and from where, e.g. "Ola OPA (OPA)". */
  owner: string;
  /** After the meeting: what came of it. */
  outcome?: string;
}

/** `agenda-sheet`: a meeting's agenda, posted at its deadline; after the meeting its summary. */
export interface AgendaSheetData {
  seriesId: string;
  occurrenceId: string;
  /** E.g. "Saksliste: Koordinatormøte". */
  title: string;
  /** E.g. "tirsdag 12. januar 2027 kl. 09:00–10:30". */
  when: string;
  banner?: AgendaBanner;
  summary: boolean;
  lines: AgendaSheetLine[];
  /** E.g. "Til sammen 45 av 90 minutter". */
  total?: string;
  over?: boolean;
  /** Curators, in their own chat: the summary and export buttons. */
  curator: boolean;
  canSendSummary: boolean;
  /** To curators once the summary was sent: when ("Referatet ble sendt …"). */
  summarySent?: string;
  superseded?: boolean;
}

declare module '../../cards/card-data.js' {
  interface CardData {
    'agenda-form': AgendaFormData;
    'agenda-item': AgendaItemData;
    'agenda-list': AgendaListData;
    'agenda-sheet': AgendaSheetData;
  }
}
