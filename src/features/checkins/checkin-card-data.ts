/**
 * The data the check-in card templates expect (cards/checkin.json, checkin-digest.json,
 * checkin-overview.json), added to the core's map of card data so `renderCard` type-checks it. Every
 * string is shown as is: callers pass texts already localised and dates already formatted. Buttons
 * carry ids only (`checkinId`, `cycleId`, `modeId`).
 */
import type { NoticeStyle } from '../../cards/card-data.js';

export interface CheckinBanner {
  text: string;
  style: NoticeStyle;
}

/** What a contact person typed into the check-in form (as typed; the case count as text). */
export interface CheckinFormValues {
  principled?: string;
  challenges?: string;
  trends?: string;
  training?: string;
  cases?: string;
}

/** `checkin`: a region's check-in, as its contact person or RMA's coordinator sees it. */
export interface CheckinCardData {
  checkinId: string;
  /** The cycle's reference, e.g. "INN-2027-0003". */
  reference: string;
  /** The region (regional office) in words. */
  region: string;
  /** The meeting in words, e.g. "torsdag 14. januar 2027, 10:00–11:30". */
  meeting: string;
  /** Its state in words ("Ikke besvart", "Sendt …", "Ingenting nytt …", "Ikke besvart før møtet"). */
  state: string;
  /** Shown in green (answered) or as a warning (missed). */
  stateStyle: 'good' | 'attention' | 'default';
  banner?: CheckinBanner;
  /**
   * What was sent: one line per topic reported on, and the case count. `topicId` on a trend or a
   * principled question (with the check-in's id) offers RMA's coordinator "Send videre til nettverkets saksliste" (agenda.start).
   */
  answers?: { rows: { label: string; text: string; topicId?: string; checkinId?: string }[]; cases: string };
  /** The form, open in the card (the contact person, before the meeting), with what was typed. */
  form?: { values: CheckinFormValues; errors?: Partial<Record<string, string>> };
  /** "Endre svaret": opens the form again (the contact person, answered, before the meeting). */
  canChange?: boolean;
  /** "Tilbake til oversikten": the digest of the cycle (RMA's coordinator, the UDI coordinator). */
  cycleId?: string;
  /** A newer card about the check-in came: this one has no buttons and says so. */
  superseded?: boolean;
}

/** `checkin-digest`: a cycle's digest (regions × topics, case counts, who did not answer). */
export interface CheckinDigestCardData {
  cycleId: string;
  reference: string;
  meeting: string;
  banner?: CheckinBanner;
  /** One row per region: its name, its answer in words, the topics raised, the case count. */
  rows: { region: string; state: string; topics: string; cases: string; checkinId?: string }[];
  /** For each topic raised, the regions that raised it. */
  topics: { topic: string; regions: string }[];
  totalCases: string;
  /** The regions that did not answer, named (empty: everyone answered). */
  notAnswered?: string;
  /** The regions that answered "nothing new", named. */
  nothingNew?: string;
  superseded?: boolean;
}

/** `checkin-overview`: regions by cycle over the last cycles. */
export interface CheckinOverviewCardData {
  /** The cycles shown, oldest first, e.g. "14.01 · 11.02 · 11.03". */
  cycles: string;
  /** One row per region: its cycle marks and its case counts as a small trend. */
  regions: { region: string; marks: string; counts: string; summary: string }[];
  /** The latest cycle, whose digest the button opens. */
  latestCycleId?: string;
  /** The legend of the marks. */
  legend: string;
}

declare module '../../cards/card-data.js' {
  interface CardData {
    checkin: CheckinCardData;
    'checkin-digest': CheckinDigestCardData;
    'checkin-overview': CheckinOverviewCardData;
  }
}
