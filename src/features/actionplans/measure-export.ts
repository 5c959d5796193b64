/**
 * The status report for the yearly reporting on the national action plans: every measure (or one
 * plan's) with its latest status and the history of its status reports, as Markdown (to read, or to
 * paste into the report) and as CSV (to sort and count in a spreadsheet), in the reader's language.
 *
 * Pure: the caller loads the measures and resolves the names. What people typed (titles, plans,
 * status texts, names) is untrusted: in Markdown it is escaped so that it stays text (the agenda
 * export's escaping); in CSV a cell a spreadsheet would run as a formula is neutralised with a
 * leading `'` (csv-stringify's `escape_formulas`, OWASP's CSV injection list).
 */
import { stringify } from 'csv-stringify/sync';
import { markdownBlock, markdownInline } from '../../app/markdown-text.js';
import { formatDate, formatDateTime, type Locale, t } from '../../cards/i18n.js';
import type { IsoDate } from '../../domain/working-days.js';
import { isOverdue, type Measure } from './measures.js';

const K = 'actionplans.export';

export interface StatusReportInput {
  measures: readonly Measure[];
  /** A person's name by AAD object id (the caller decides what someone who left shows). */
  nameOf: (aadObjectId: string) => string;
  /** The Oslo date the report is made. */
  today: IsoDate;
}

/** The measures by plan (plans in name order), each plan's measures by due date then reference. */
export function byPlan(measures: readonly Measure[]): { plan: string; measures: Measure[] }[] {
  const plans = [...new Set(measures.map((m) => m.plan))].sort((a, b) => a.localeCompare(b, 'nb'));
  return plans.map((plan) => ({
    plan,
    measures: measures
      .filter((m) => m.plan === plan)
      .sort((a, b) => a.due.localeCompare(b.due) || a.reference.localeCompare(b.reference)),
  }));
}

const statusOf = (locale: Locale, m: Measure) => t(locale, `actionplans.status.${m.status}`);

export function statusMarkdown(locale: Locale, input: StatusReportInput): string {
  const parts = [
    `# ${t(locale, `${K}.doc.title`)}`,
    t(locale, `${K}.doc.generated`, { date: formatDate(locale, input.today) }),
  ];
  const groups = byPlan(input.measures);
  if (groups.length === 0) parts.push(t(locale, `${K}.doc.none`));
  for (const group of groups) {
    parts.push(`## ${markdownInline(group.plan) || '–'}`);
    for (const m of group.measures) {
      const marks = [
        ...(m.state === 'closed' ? [t(locale, `${K}.doc.closed`)] : []),
        ...(isOverdue(m, input.today) ? [t(locale, `${K}.doc.overdue`)] : []),
      ];
      parts.push(`### ${m.reference} ${markdownInline(m.title)}`);
      parts.push(
        [
          `- ${t(locale, 'actionplans.card.department')}: ${t(locale, `department.${m.department}`)}`,
          `- ${t(locale, 'actionplans.card.owner')}: ${markdownInline(input.nameOf(m.owner))}`,
          `- ${t(locale, 'actionplans.card.due')}: ${formatDate(locale, m.due)}`,
          `- ${t(locale, 'actionplans.card.statusLine', { status: statusOf(locale, m) })}${
            marks.length > 0 ? ` (${marks.join(', ')})` : ''
          }`,
        ].join('\n'),
      );
      if (m.reports.length === 0) {
        parts.push(`_${t(locale, `${K}.doc.noReports`)}_`);
        continue;
      }
      parts.push(`**${t(locale, `${K}.doc.reports`)}**`);
      for (const r of [...m.reports].reverse())
        parts.push(
          `${formatDateTime(locale, r.at)}, ${markdownInline(input.nameOf(r.by))}: **${t(
            locale,
            `actionplans.status.${r.status}`,
          )}**\\\n${markdownBlock(r.text)}`,
        );
    }
  }
  return `${parts.join('\n\n')}\n`;
}

export const CSV_COLUMNS = [
  'plan',
  'reference',
  'title',
  'department',
  'owner',
  'due',
  'status',
  'state',
  'overdue',
  'reportedAt',
  'latest',
  'history',
] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];

/**
 * The status report as CSV: one row per measure, plans in name order. A byte order mark first (Excel
 * reads UTF-8 then), CRLF line ends, and formula cells neutralised (see agenda-export.ts recordCsv).
 */
export function statusCsv(locale: Locale, input: StatusReportInput): string {
  const yesNo = (v: boolean) => t(locale, `${K}.columns.${v ? 'yes' : 'no'}`);
  const rows = byPlan(input.measures).flatMap((g) =>
    g.measures.map((m): Record<CsvColumn, string> => {
      const latest = m.reports.at(-1);
      const earlier = m.reports.slice(0, -1).reverse();
      return {
        plan: m.plan,
        reference: m.reference,
        title: m.title,
        department: m.department,
        owner: input.nameOf(m.owner),
        // ISO dates: a spreadsheet reads them as dates in any language and sorts them right.
        due: m.due,
        status: statusOf(locale, m),
        state: yesNo(m.state === 'closed'),
        overdue: yesNo(isOverdue(m, input.today)),
        reportedAt: latest ? latest.at.slice(0, 10) : '',
        latest: latest?.text ?? '',
        history: earlier
          .map(
            (r) =>
              `${r.at.slice(0, 10)} ${input.nameOf(r.by)} (${t(locale, `actionplans.status.${r.status}`)}): ${r.text}`,
          )
          .join('\n'),
      };
    }),
  );
  return stringify(rows, {
    bom: true,
    header: true,
    columns: CSV_COLUMNS.map((key) => ({ key, header: t(locale, `${K}.columns.${key}`) })),
    record_delimiter: 'windows',
    escape_formulas: true,
  });
}
