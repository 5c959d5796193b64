/**
 * A KOM round's compiled input for the UDI coordinator to keep and send on: Markdown (to read or
 * paste into the report) and CSV (one row per department, figures as numbers), in the reader's
 * language. Pure: the caller loads the round, its inputs and last year's figures.
 *
 * What people typed is untrusted in both formats: in Markdown it is escaped so it stays text; in CSV
 * a cell a spreadsheet would run as a formula is neutralised with a leading `'` (csv-stringify's
 * `escape_formulas`, as the agenda's exports do).
 */

import { stringify } from 'csv-stringify/sync';
import { markdownBlock } from '../../app/markdown-text.js';
import { formatDate, type Locale, t } from '../../cards/i18n.js';
import { COUNTS, type KomFigures, type KomInput, type KomRound, PERMITS } from './kom-rounds.js';

export interface CompiledRound {
  round: KomRound;
  inputs: readonly KomInput[];
  /** OPA's figures for the year before, if that round had them. */
  lastYear?: KomFigures;
}

const K = 'duties.export';
const stateText = (locale: Locale, input: KomInput) =>
  input.state === 'submitted' && input.submittedAt
    ? t(locale, `${K}.submitted`, { date: formatDate(locale, input.submittedAt.slice(0, 10)) })
    : t(locale, `${K}.notSubmitted`);

export function roundMarkdown(locale: Locale, compiled: CompiledRound): string {
  const { round, inputs, lastYear } = compiled;
  const parts: string[] = [
    `# ${t(locale, `${K}.title`, { year: round.year })}`,
    t(locale, `${K}.deadline`, { reference: round.reference, date: formatDate(locale, round.deadline) }),
  ];
  for (const input of inputs) {
    parts.push(`## ${t(locale, `department.${input.department}`)}`, `*${stateText(locale, input)}*`);
    if (input.text) parts.push(markdownBlock(input.text));
    if (input.figures) {
      const rows = [
        `| ${t(locale, `${K}.permit`)} | ${COUNTS.map((c) => t(locale, `duties.figures.${c}`)).join(' | ')} |`,
        `| --- | ${COUNTS.map(() => '---:').join(' | ')} |`,
      ];
      for (const p of PERMITS)
        rows.push(
          `| ${t(locale, `duties.figures.${p}`)} | ${COUNTS.map((c) => {
            const before = lastYear ? ` (${lastYear[p][c]})` : '';
            return `${input.figures![p][c]}${before}`;
          }).join(' | ')} |`,
        );
      parts.push(rows.join('\n'));
      parts.push(
        lastYear ? t(locale, `${K}.lastYearNote`, { year: round.year - 1 }) : t(locale, `${K}.noLastYear`),
      );
    }
  }
  return `${parts.join('\n\n')}\n`;
}

export const CSV_COLUMNS = [
  'year',
  'department',
  'state',
  'submittedAt',
  'text',
  ...PERMITS.flatMap((p) => COUNTS.map((c) => `${p}_${c}`)),
] as const;

/** The compiled input as CSV: a header, one row per department; figures as numbers (empty when none). */
export function roundCsv(locale: Locale, compiled: CompiledRound): string {
  const rows = compiled.inputs.map((input) => {
    const row: Record<string, string | number> = {
      year: compiled.round.year,
      department: input.department,
      state: t(locale, `duties.input.stateNames.${input.state}`),
      submittedAt: input.submittedAt ? input.submittedAt.slice(0, 10) : '',
      text: input.text ?? '',
    };
    for (const p of PERMITS)
      for (const c of COUNTS) row[`${p}_${c}`] = input.figures ? input.figures[p][c] : '';
    return row;
  });
  return stringify(rows, {
    bom: true,
    header: true,
    columns: CSV_COLUMNS.map((key) => ({ key, header: t(locale, `${K}.csv.${key}`) })),
    record_delimiter: 'windows',
    escape_formulas: true,
  });
}
