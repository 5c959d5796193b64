/**
 * The data the register's card expects (cards/clarifications.json), added to the core's map of card
 * data so `renderCard` type-checks it. Every string is shown as is: callers pass texts already
 * localised and dates already formatted. Buttons carry ids only (the entry's).
 */
import type { Choice, NoticeStyle } from '../../cards/card-data.js';

/** A line on top of the card saying what was just done ("Endret.", "Trukket tilbake …"). */
export interface ClarificationsBanner {
  text: string;
  style: NoticeStyle;
}

/** What an edit form holds, by field (as typed, or the entry's own). */
export interface ClarificationEditValues {
  question: string;
  clarification: string;
  /** 'YYYY-MM-DD' (an Input.Date's value), or '' when what was typed was not a date. */
  decidedOn: string;
  /** A guidance topic's id, or '' for none. */
  topicId: string;
}

/** The UDI coordinator's edit form of one entry, open in its row (one at a time: the card stays small). */
export interface ClarificationEditForm {
  values: ClarificationEditValues;
  /** Already localised problems, by field; `form` above the save button. */
  errors?: Partial<Record<keyof ClarificationEditValues | 'form', string>>;
}

/** One entry found. */
export interface ClarificationRow {
  entryId: string;
  /** "A-2026-0007". */
  reference: string;
  /** The question's beginning (about 200 characters). */
  question: string;
  /** The clarification (its first 600 characters). */
  clarification: string;
  /** When it was clarified, formatted. */
  decided: string;
  /** Where: "Koordinatormøtet", "Svar på en veiledningsforespørsel, fra Kari Nordmann". */
  source: string;
  /** The guidance topic's name, if it has one. */
  topic?: string;
  /** The UDI coordinator's buttons: edit (opens the form in the row) and withdraw (no one else gets them). */
  manage?: boolean;
  /** A proposed entry (from a guidance answer), shown to the UDI coordinator with its "Godkjenn" button. */
  proposed?: boolean;
  /** The edit form, open in this row. */
  edit?: ClarificationEditForm;
}

/** `clarifications`: the register of clarifications searched (`avklaringer <ord>`). */
export interface ClarificationsCardData {
  /** The words in the search field (what was searched, kept for every button on the card). */
  words: string;
  /** A localised problem with the words (refused by the privacy guard), shown under the field. */
  wordsError?: string;
  /** No words yet: the card says what the register is. */
  intro: boolean;
  /** Words searched, nothing found: the card says so. */
  noHits: boolean;
  /** The proposed entries waiting for the UDI coordinator's review (first in `results`; 0 for anyone else). */
  toReview: number;
  /** How many entries the search found (the rest of `results`, after the proposed ones). */
  hits: number;
  /** The proposed entries (the UDI coordinator's), then the entries found. */
  results: ClarificationRow[];
  /** The topics an entry can be put under (for the edit form's choice; empty without a form). */
  topics: Choice[];
  banner?: ClarificationsBanner;
}

declare module '../../cards/card-data.js' {
  interface CardData {
    clarifications: ClarificationsCardData;
  }
}
