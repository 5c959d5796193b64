/**
 * The data the yearly duties' card templates expect (cards/duties-*.json), added to the core's map of
 * card data so `renderCard` type-checks it. Every string is shown as is: callers pass texts already
 * localised and dates already formatted. Buttons carry ids only (`roundId`, `inputId`, `deletionId`,
 * `modeId`).
 */
import type { NoticeStyle } from '../../cards/card-data.js';

export interface DutyBanner {
  text: string;
  style: NoticeStyle;
}

/** One figure input of OPA's form, or one figure shown: its label, value and last year's. */
export interface FigureField {
  /** The input's id (e.g. `reflectionApplications`). */
  id: string;
  label: string;
  value: string;
  /** Last year's figure, in words ("I fjor: 12" or "I fjor: –"). */
  lastYear: string;
  error?: string;
}

/** A permit's figures as a group. */
export interface FigureGroup {
  title: string;
  fields: FigureField[];
}

/** `duties-overview`: the UDI coordinator's yearly duties. */
export interface DutiesOverviewData {
  banner?: DutyBanner;
  /** When the MH code was last deleted, in words (or that it was not recorded). */
  lastDeletion: string;
  /** The report years offered (this year and the two before), newest last. */
  years: string[];
  /** The open-round form: what was chosen and typed, and the messages next to the fields. */
  form: { year: string; deadline: string; errors?: { year?: string; deadline?: string } };
  /** The latest rounds, newest first. */
  rounds: { roundId: string; title: string; status: string }[];
  /** The deletion tasks not done yet. */
  deletions: { deletionId: string; title: string; status: string }[];
}

/** A department's input as the round shows it. */
export interface RoundInputRow {
  department: string;
  state: string;
  stateStyle: 'good' | 'attention' | 'default';
  text?: string;
  figures?: FigureGroup[];
}

/** `duties-round`: a KOM round, with who has answered and the compiled input. */
export interface DutiesRoundData {
  roundId: string;
  title: string;
  reference: string;
  deadline: string;
  state: string;
  banner?: DutyBanner;
  rows: RoundInputRow[];
  /** The departments that have not answered, named. */
  notAnswered?: string;
  /** Close the round (open, a manager). */
  canClose?: boolean;
  /** The publication form (not recorded yet), with what was typed and its message. */
  publish?: { value: string; error?: string };
  /** The day KOM's report was published, in words, once recorded. */
  published?: string;
  /** The deletion task's state, in words, once created. */
  deletion?: string;
  superseded?: boolean;
}

/** `duties-input`: a department's input, its form while the round is open. */
export interface DutiesInputData {
  inputId: string;
  title: string;
  reference: string;
  department: string;
  deadline: string;
  state: string;
  stateStyle: 'good' | 'attention' | 'default';
  banner?: DutyBanner;
  /** What was sent (the form is closed). */
  answer?: { text?: string; figures?: FigureGroup[] };
  /** The form, open in the card. */
  form?: { text: string; textError?: string; figures?: FigureGroup[]; error?: string };
  /** "Endre innspillet": the form again (a department lead, the round open). */
  canChange?: boolean;
  superseded?: boolean;
}

/** `duties-deletion`: the MH-code deletion task. */
export interface DutiesDeletionData {
  deletionId: string;
  title: string;
  reference: string;
  published: string;
  checklist: { text: string }[];
  state: string;
  stateStyle: 'good' | 'default';
  banner?: DutyBanner;
  /** "Markér som utført" (open, a manager). */
  canComplete?: boolean;
  superseded?: boolean;
}

/** `duties-export`: a round's compiled input as two downloads behind signed links. */
export interface DutiesExportData {
  roundId: string;
  title: string;
  summary: string;
  markdownUrl?: string;
  csvUrl?: string;
  expires?: string;
}

declare module '../../cards/card-data.js' {
  interface CardData {
    'duties-overview': DutiesOverviewData;
    'duties-round': DutiesRoundData;
    'duties-input': DutiesInputData;
    'duties-deletion': DutiesDeletionData;
    'duties-export': DutiesExportData;
  }
}
