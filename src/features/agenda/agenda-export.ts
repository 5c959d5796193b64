/**
 * The record of the network's meetings for people to keep (issue 11, "after the meeting"): one
 * meeting's or a period's agenda items with their outcomes, as Markdown (to read, or to paste into a
 * wiki or an archive) and as CSV (to sort and count in a spreadsheet), in the reader's language.
 *
 * Pure: a use case loads the meetings and their items from the store and resolves the names; this
 * module only writes text. What people typed (titles, descriptions, reasons, outcomes, and names) is
 * untrusted in both formats: in Markdown it is escaped so that it stays text (no headings, links,
 * tables, code or HTML of its own); in CSV a cell that a spreadsheet would run as a formula is
 * neutralised with a leading `'` (OWASP, CSV injection).
 */

import { stringify } from 'csv-stringify/sync';
import { markdownBlock, markdownInline } from '../../app/markdown-text.js';
import { formatDate, type Locale, t } from '../../cards/i18n.js';
import type { Department } from '../../domain/roster.js';
import type { IsoDate } from '../../domain/working-days.js';
import { agendaOrder } from './agenda-compile.js';
import type { AgendaItem, Forum, Outcome } from './agenda-items.js';

/** The meeting a record is of, as the caller read it from its series. */
export interface RecordMeeting {
  title: string;
  /** The day it was held (Oslo), 'YYYY-MM-DD'. */
  date: IsoDate;
  /** Its start (Oslo), 'HH:MM'. */
  time: string;
  forum: Forum;
}

/** One meeting's record: the meeting, its items with their outcomes, and the names to show. */
export interface MeetingRecord {
  meeting: RecordMeeting;
  /** The items that were on it, in any order: the export puts them in agenda order. */
  items: readonly AgendaItem[];
  /**
   * A person's name by AAD object id (submitters, owners), from the roster. The caller decides what
   * someone who has left the network shows: this module never sees the roster.
   */
  nameOf: (aadObjectId: string) => string;
  /** A department's name; the catalog's (`department.<code>`) when not given. */
  departmentName?: (department: Department) => string;
}

/** The dates a period's record covers, for its heading. */
export interface RecordPeriod {
  from: IsoDate;
  to: IsoDate;
}

const KEY = 'agenda.export';

// ---------------------------------------------------------------------------------------------------
// Markdown

const when = (locale: Locale, meeting: RecordMeeting): string =>
  t(locale, `${KEY}.when`, { date: formatDate(locale, meeting.date), time: markdownInline(meeting.time) });

const departmentOf = (locale: Locale, record: MeetingRecord, department: Department): string =>
  record.departmentName ? record.departmentName(department) : t(locale, `department.${department}`);

/** The outcome's kind, as Markdown, with its owner and due date if it has them. */
function outcomeHeadline(locale: Locale, outcome: Outcome, nameOf: (aadObjectId: string) => string): string {
  const text = t(locale, `${KEY}.outcome.${outcome.kind}`);
  switch (outcome.kind) {
    case 'initiative':
      return t(locale, `${KEY}.withOwner`, { text, name: markdownInline(nameOf(outcome.by)) });
    case 'follow-up':
      return t(locale, `${KEY}.withOwnerDue`, {
        text,
        name: markdownInline(nameOf(outcome.owner)),
        date: formatDate(locale, outcome.due),
      });
    default:
      return text;
  }
}

/** The words of an outcome: the clarification, the initiative's or action's what, or none. */
function outcomeWords(outcome: Outcome): string | undefined {
  switch (outcome.kind) {
    case 'clarified':
      return outcome.clarification;
    case 'initiative':
    case 'follow-up':
      return outcome.what;
    default:
      return undefined;
  }
}

/** Why it was declined (if it was) or deferred (the last time): the label for its reason. */
const reasonLabel = (item: AgendaItem): 'declinedReason' | 'deferredReason' =>
  item.state === 'declined' ? 'declinedReason' : 'deferredReason';

/** One item's section: heading, facts, description, outcome (or state) and reason. */
function itemMarkdown(
  locale: Locale,
  record: MeetingRecord,
  item: AgendaItem,
  position: number,
  level: string,
): string {
  const md = (key: string, vars?: Record<string, string | number>) => t(locale, `${KEY}.md.${key}`, vars);
  const fact = (label: string, value: string) => `- **${label}:** ${value}`;
  const facts = [
    fact(md('kind'), t(locale, `${KEY}.kind.${item.agendaKind}`)),
    fact(md('department'), markdownInline(departmentOf(locale, record, item.department))),
    fact(md('submitter'), markdownInline(record.nameOf(item.createdBy))),
    fact(md('minutes'), md('minutesValue', { n: item.minutes })),
    ...(item.urgent ? [`- **${md('urgent')}**`] : []),
    ...(item.carriedOver > 0
      ? [
          fact(
            md('carriedOver'),
            item.carriedOver === 1 ? md('carriedOnce') : md('carriedMany', { n: item.carriedOver }),
          ),
        ]
      : []),
  ];
  const parts = [
    `${level} ${position}. ${item.reference}: ${markdownInline(item.title)}`,
    facts.join('\n'),
    markdownBlock(item.description),
  ];
  const outcome = item.outcome;
  if (outcome) {
    parts.push(`**${md('outcome')}:** ${outcomeHeadline(locale, outcome, record.nameOf)}`);
    const words = outcomeWords(outcome);
    if (words !== undefined) parts.push(markdownBlock(words));
    // The memo's line, said plainly wherever an item went to the line: the network decides no case.
    if (outcome.kind === 'referred') parts.push(t(locale, `${KEY}.referredNote`));
  } else {
    parts.push(`**${md('state')}:** ${t(locale, `${KEY}.state.${item.state}`)}`);
  }
  if (item.reason) parts.push(`**${md(reasonLabel(item))}:**`, markdownBlock(item.reason));
  return parts.filter((part) => part !== '').join('\n\n');
}

/** A meeting's items in agenda order (a copy: the caller's list is left as it was). */
const inAgendaOrder = (items: readonly AgendaItem[]): AgendaItem[] => [...items].sort(agendaOrder);

/** Meetings by date and time (then title, so that equal ones keep a stable order). */
const chronological = (records: readonly MeetingRecord[]): MeetingRecord[] =>
  [...records].sort(
    (a, b) =>
      a.meeting.date.localeCompare(b.meeting.date) ||
      a.meeting.time.localeCompare(b.meeting.time) ||
      a.meeting.title.localeCompare(b.meeting.title),
  );

/** A meeting's items, each under a heading of `itemLevel` ('##' for a meeting alone, '###' in a period). */
function meetingBody(locale: Locale, record: MeetingRecord, itemLevel: string): string {
  if (record.items.length === 0) return t(locale, `${KEY}.md.noItems`);
  return inAgendaOrder(record.items)
    .map((item, index) => itemMarkdown(locale, record, item, index + 1, itemLevel))
    .join('\n\n');
}

/** One meeting's record as Markdown: when and where, then every item with its outcome. */
export function meetingMarkdown(locale: Locale, record: MeetingRecord): string {
  const md = (key: string, vars?: Record<string, string | number>) => t(locale, `${KEY}.md.${key}`, vars);
  const { meeting } = record;
  return `${[
    `# ${md('meetingTitle', { title: markdownInline(meeting.title) })}`,
    [
      `- **${md('when')}:** ${when(locale, meeting)}`,
      `- **${md('forum')}:** ${t(locale, `${KEY}.forum.${meeting.forum}`)}`,
      `- **${md('items')}:** ${record.items.length}`,
    ].join('\n'),
    meetingBody(locale, record, '##'),
  ].join('\n\n')}\n`;
}

/**
 * A period's record (a year, say) as Markdown: its meetings in date order, each with its items. A
 * period without items says so. `period` names the dates in the heading; without it the heading
 * has none.
 */
export function periodMarkdown(
  locale: Locale,
  records: readonly MeetingRecord[],
  period?: RecordPeriod,
): string {
  const md = (key: string, vars?: Record<string, string | number>) => t(locale, `${KEY}.md.${key}`, vars);
  const meetings = chronological(records);
  const itemCount = meetings.reduce((sum, record) => sum + record.items.length, 0);
  const title = period
    ? md('periodTitle', { from: formatDate(locale, period.from), to: formatDate(locale, period.to) })
    : md('periodTitleOpen');
  const parts = [
    `# ${title}`,
    [`- **${md('meetings')}:** ${meetings.length}`, `- **${md('items')}:** ${itemCount}`].join('\n'),
  ];
  if (itemCount === 0) parts.push(md('periodNoItems'));
  else
    for (const record of meetings)
      parts.push(
        `## ${md('meetingInPeriod', { title: markdownInline(record.meeting.title), when: when(locale, record.meeting) })}`,
        `- **${md('forum')}:** ${t(locale, `${KEY}.forum.${record.meeting.forum}`)}`,
        meetingBody(locale, record, '###'),
      );
  return `${parts.join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------
// CSV

/** The CSV's columns, in order; their headers are the catalog's `agenda.export.csv.<column>`. */
export const CSV_COLUMNS = [
  'meetingDate',
  'forum',
  'meetingTitle',
  'reference',
  'title',
  'description',
  'kind',
  'department',
  'submitter',
  'urgent',
  'minutes',
  'carriedOver',
  'state',
  'outcome',
  'outcomeText',
  'reason',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** The outcome in words: the clarification, or what with its owner (and due date), in one cell. */
function outcomeText(locale: Locale, outcome: Outcome | undefined, nameOf: (id: string) => string): string {
  if (!outcome) return '';
  switch (outcome.kind) {
    case 'clarified':
      return outcome.clarification;
    case 'initiative':
      return t(locale, `${KEY}.withOwner`, { text: outcome.what, name: nameOf(outcome.by) });
    case 'follow-up':
      return t(locale, `${KEY}.withOwnerDue`, {
        text: outcome.what,
        name: nameOf(outcome.owner),
        date: formatDate(locale, outcome.due),
      });
    case 'referred':
      return t(locale, `${KEY}.referredNote`);
    case 'discussed':
      return '';
  }
}

function csvRow(locale: Locale, record: MeetingRecord, item: AgendaItem): Record<CsvColumn, string | number> {
  return {
    // ISO dates: a spreadsheet reads them as dates in any language and sorts them right.
    meetingDate: record.meeting.date,
    forum: t(locale, `${KEY}.forum.${record.meeting.forum}`),
    meetingTitle: record.meeting.title,
    reference: item.reference,
    title: item.title,
    description: item.description,
    kind: t(locale, `${KEY}.kind.${item.agendaKind}`),
    department: departmentOf(locale, record, item.department),
    submitter: record.nameOf(item.createdBy),
    urgent: t(locale, item.urgent ? `${KEY}.yes` : `${KEY}.no`),
    // Numbers the bot counted stay numbers, so a spreadsheet can add them up.
    minutes: item.minutes,
    carriedOver: item.carriedOver,
    state: t(locale, `${KEY}.state.${item.state}`),
    outcome: item.outcome ? t(locale, `${KEY}.outcome.${item.outcome.kind}`) : '',
    outcomeText: outcomeText(locale, item.outcome, record.nameOf),
    reason: item.reason ?? '',
  };
}

/**
 * The records as CSV: a header row, then one row per item, meetings in date order and each
 * meeting's items in agenda order.
 *
 * - A byte order mark first: Excel opens a CSV without one in the machine's legacy code page
 *   (Windows-1252 here), and "Møte", "Blåbær" come out as "MÃ¸te", "BlÃ¥bÃ¦r". With it, Excel reads
 *   UTF-8; other spreadsheets and csv-parse (`bom: true`) skip it.
 * - CRLF line ends, as RFC 4180 has them and Excel writes them. A line break inside a cell stays as
 *   typed, within quotes.
 * - `escape_formulas`: csv-stringify prefixes `'` to every cell, header and names included, that
 *   begins with `=`, `+`, `-`, `@`, a tab or a carriage return (the OWASP list; also their
 *   full-width forms, which some spreadsheets fold into the ASCII ones). Spreadsheets run such a
 *   cell as a formula (`=HYPERLINK(…)`, `@SUM(…)`, DDE), so a title someone typed could otherwise act
 *   on the machine of whoever opens the export; the `'` makes it text and hides itself in Excel. A
 *   negative number the bot itself wrote is left as a number (the library knows the cell's type).
 */
export function recordCsv(locale: Locale, records: readonly MeetingRecord[]): string {
  const rows = chronological(records).flatMap((record) =>
    inAgendaOrder(record.items).map((item) => csvRow(locale, record, item)),
  );
  return stringify(rows, {
    bom: true,
    header: true,
    columns: CSV_COLUMNS.map((key) => ({ key, header: t(locale, `${KEY}.csv.${key}`) })),
    record_delimiter: 'windows',
    escape_formulas: true,
  });
}
