/**
 * The status report's files: Markdown grouped by plan with each measure's latest status and the
 * history of its reports, what people typed kept as text; CSV with one row per measure, formula
 * cells neutralised, a byte order mark and CRLF line ends.
 */
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { statusCsv, statusMarkdown } from '../../../src/features/actionplans/measure-export.js';
import {
  applyReport,
  closeMeasure,
  type Measure,
  newMeasure,
} from '../../../src/features/actionplans/measures.js';

const names: Record<string, string> = { 'aad-owner': 'Eva Eier', 'aad-udi': 'Kari UDI' };
const nameOf = (id: string) => names[id] ?? '(har sluttet)';

function reported(m: Measure, status: string, text: string, at: string): Measure {
  const r = applyReport(m, status, text, 'aad-owner', at);
  if (!r.ok) throw new Error('refused');
  return r.measure;
}

const PLAN_A = 'Handlingsplan mot menneskehandel 2025–2028';
const PLAN_B = 'Strategi mot arbeidslivskriminalitet';
const a1 = reported(
  reported(
    newMeasure(
      'm-1',
      'HP-2027-0001',
      { title: 'Opplæring i mottak', plan: PLAN_A, department: 'ASA', owner: 'aad-owner', due: '2027-06-11' },
      'aad-udi',
      '2027-01-04T08:00:00.000Z',
    ),
    'in-progress',
    'Første del er holdt.',
    '2027-04-02T08:00:00.000Z',
  ),
  'delayed',
  '=HYPERLINK("https://evil.example","klikk")\n# Ikke en overskrift',
  '2027-07-02T08:00:00.000Z',
);
const b1 = closeMeasure(
  newMeasure(
    'm-2',
    'HP-2027-0002',
    { title: '@SUM(A1) *viktig*', plan: PLAN_B, department: 'OPA', owner: 'aad-gone', due: '2027-12-31' },
    'aad-udi',
    '2027-01-05T08:00:00.000Z',
  ),
  'aad-udi',
  '2027-02-01T08:00:00.000Z',
);
const input = { measures: [b1, a1], nameOf, today: '2027-07-05' };

describe('action plans: the status report export', () => {
  it('writes Markdown by plan, the reports newest first, typed text escaped', () => {
    const md = statusMarkdown('nb', input);
    expect(md.indexOf(`## ${PLAN_B}`)).to.be.greaterThan(md.indexOf(`## ${PLAN_A}`));
    expect(md).to.include('### HP-2027-0001 Opplæring i mottak');
    expect(md).to.include('Status: Forsinket (over fristen)');
    expect(md.indexOf('Forsinket**')).to.be.lessThan(md.indexOf('Pågår**'));
    expect(md).to.include('\\# Ikke en overskrift');
    expect(md).not.to.match(/^# Ikke/m);
    expect(md).to.include('@SUM(A1) \\*viktig\\*');
    expect(md).to.include('(har sluttet)');
    expect(md).to.include('lukket');
    expect(statusMarkdown('en', input)).to.include('Status: Delayed (overdue)');
  });

  it('writes CSV one row per measure, with the latest report and the earlier ones, formulas neutralised', () => {
    const csv = statusCsv('nb', input);
    expect(csv.startsWith('\uFEFF')).to.equal(true);
    expect(csv).to.include('\r\n');
    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.Referanse)).to.deep.equal(['HP-2027-0001', 'HP-2027-0002']);
    expect(rows[0]?.['Siste statusrapport']).to.match(/^'=HYPERLINK/);
    expect(rows[0]?.['Tidligere statusrapporter']).to.equal(
      '2027-04-02 Eva Eier (Pågår): Første del er holdt.',
    );
    expect(rows[0]?.['Over fristen']).to.equal('ja');
    expect(rows[1]?.Tiltak).to.equal("'@SUM(A1) *viktig*");
    expect(rows[1]?.Lukket).to.equal('ja');
    expect(rows[1]?.['Over fristen']).to.equal('nei');
  });
});
