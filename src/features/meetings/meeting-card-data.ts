/**
 * The data the meetings cards' templates expect (cards/meeting.json, meeting-list.json,
 * meeting-series-form.json), added to the core's map of card data so `renderCard` type-checks them.
 * Every string is shown as is: callers pass texts already localised and dates already formatted.
 * Buttons carry ids only (the series, the meeting's original date, the meeting's item).
 */
import type { Choice, NoticeStyle } from '../../cards/card-data.js';

/** A line on top of a meeting card saying why it came (a reminder, a change, a date to check). */
export interface MeetingBanner {
  text: string;
  style: NoticeStyle;
}

/** The organiser's (or the UDI coordinator's) tools on a meeting card: move or cancel it. */
export interface MeetingManage {
  /** The meeting's time of day, 'HH:MM', the move form's default. */
  time: string;
  /** The date the move form starts from ('YYYY-MM-DD'). */
  date: string;
  /**
   * A nearby working day without a conflict, offered as one click (the button says "the suggested
   * date"; the bot works it out again when clicked, so the card's copy of it is never trusted).
   */
  suggested?: { text: string };
}

/** `meeting`: one meeting of a series, as a reminder, a change or opened from the list. */
export interface MeetingCardData {
  seriesId: string;
  /** The meeting's original date in its series (its id there). */
  occurrenceId: string;
  /** The meeting's tracked item's id (the answer buttons name it; an answer makes the item if need be). */
  itemId: string;
  /** Opened from the list of meetings: a button leads back to it. */
  fromList?: boolean;
  /** 'meetings' when opened from the list: the buttons carry it, so their answer keeps the way back. */
  listId: 'meetings' | 'none';
  title: string;
  /** What kind of meeting, e.g. "Koordinatormøte · M-2026-0003". */
  subtitle: string;
  /** Date and time, e.g. "tirsdag 12. januar 2027 kl. 09:00–10:30". */
  when: string;
  /** Where it was before it was moved (same format). */
  movedFrom?: string;
  cancelled?: boolean;
  place?: string;
  /** A Teams meeting link (validated when the series was saved). */
  joinUrl?: string;
  description?: string;
  /** The meeting's agenda, from the feature that keeps it (meeting-extensions.ts). */
  agenda?: { lines: { text: string }[]; total?: string };
  /** A button raising an item for this meeting (another feature's verb; ids only in its data). */
  raise?: { verb: string; title: string; seriesId: string; occurrenceId: string }[];
  /** The last day to raise an item for the agenda, formatted. */
  agendaDeadline?: string;
  banner?: MeetingBanner;
  /** E.g. "Kontaktpersonene ved regionkontorene deltar når det er nødvendig eller nyttig." */
  optionalNote?: string;
  /** The answers so far, e.g. "3 deltar · 1 deltar på video · 2 har ikke svart". */
  counts?: string;
  /** The reader's own answer, in words. */
  ownAnswer?: string;
  /** The reader has not answered yet (the hour-before reminder asks once more). */
  nudge?: boolean;
  /** The answer buttons (attending, remote, not attending): for the invited, on live cards only. */
  answers?: { title: string; itemId: string; answerId: string; listId: 'meetings' | 'none' }[];
  /** A link to the meeting's calendar file (.ics), signed and expiring. */
  calendarUrl?: string;
  manage?: MeetingManage;
  /** What was filled in the move form, shown again with its problems next to each field. */
  values?: { moveDate?: string; moveTime?: string };
  errors?: { moveDate?: string; moveTime?: string; form?: string };
}

/** One meeting in the list. */
export interface MeetingListRow {
  seriesId: string;
  occurrenceId: string;
  title: string;
  when: string;
  /** "Avlyst", "Flyttet", or a conflict to check: shown under the meeting. */
  note?: string;
  counts?: string;
  ownAnswer?: string;
}

/** One series in the list, with an edit button for its organiser and the UDI coordinator. */
export interface MeetingSeriesRow {
  seriesId: string;
  title: string;
  /** What people say, e.g. "Hver måned, andre tirsdag kl. 09:00". */
  rhythm: string;
  canEdit: boolean;
  /** A link to the whole series' calendar file (.ics), signed and expiring. */
  calendarUrl?: string;
}

/** `meeting-list`: the upcoming meetings one is invited to, and the series. */
export interface MeetingListData {
  meetings: MeetingListRow[];
  series: MeetingSeriesRow[];
  /** Coordinators: a button for a new series. */
  canCreate: boolean;
  /** The UDI coordinator, while there is no series: the memo's rhythm in one click. */
  offerRhythm: boolean;
  /** A warning on top, e.g. a year's plan with fewer than four network meetings. */
  banner?: MeetingBanner;
}

/** A date of the form's preview. */
export interface MeetingPreviewDate {
  when: string;
  /** A conflict (a public holiday, the Easter week…) with the suggested date, if any. */
  note?: string;
}

/** The fields of the series form (as typed; the ids of the inputs). */
export interface MeetingSeriesValues {
  title?: string;
  meetingKind?: string;
  /** Ad hoc meetings: the people invited, comma separated AAD object ids (a multi-select's value). */
  invited?: string;
  pattern?: string;
  nth?: string;
  weekday?: string;
  every?: string;
  /** "On these dates": dates as typed, one per line or comma separated. */
  dates?: string;
  from?: string;
  time?: string;
  duration?: string;
  place?: string;
  joinUrl?: string;
  description?: string;
  agendaDeadlineDays?: string;
}

/** `meeting-series-form`: a new series, or one being edited (`seriesId`). */
export interface MeetingSeriesFormData {
  seriesId?: string;
  kinds: Choice[];
  patterns: Choice[];
  nths: Choice[];
  weekdays: Choice[];
  everies: Choice[];
  durations: Choice[];
  /** How many days before each meeting the agenda closes. */
  deadlines: Choice[];
  /** Everyone in the network, for an ad hoc meeting's invitees. */
  people: Choice[];
  values: MeetingSeriesValues;
  /** The next five dates of the rhythm as filled in. */
  preview?: MeetingPreviewDate[];
  /** Identifies the rhythm the preview shows ('none' without one): saving another one shows its dates first. */
  previewId: string;
  /** Already localised problems, by field; `form` above the buttons. */
  errors?: Partial<Record<keyof MeetingSeriesValues | 'form', string>>;
}

declare module '../../cards/card-data.js' {
  interface CardData {
    meeting: MeetingCardData;
    'meeting-list': MeetingListData;
    'meeting-series-form': MeetingSeriesFormData;
  }
}
