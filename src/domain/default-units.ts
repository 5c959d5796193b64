import type { Unit } from './roster.js';

/**
 * The units seeded into a new data file (IM 2018-002 §6). Administrators edit the list in Teams
 * (`units` / `enheter`); these are only the starting point.
 */
export const DEFAULT_UNITS: readonly Unit[] = [
  // OPA: one contact person in each of these areas (§6.1)
  {
    id: 'opa-family',
    department: 'OPA',
    kind: 'area',
    name: { nb: 'Område for familieinnvandring', en: 'Family Immigration' },
  },
  {
    id: 'opa-visa-work-study',
    department: 'OPA',
    kind: 'area',
    name: {
      nb: 'Område for visum, arbeidstillatelser og studiesaker',
      en: 'Visa, Work Permits and Study',
    },
  },
  // ASA: a contact person in every relevant decision unit (§6.2); the memo does not name them.
  {
    id: 'asa-unit-1',
    department: 'ASA',
    kind: 'decisionUnit',
    name: { nb: 'Vedtaksenhet 1', en: 'Decision unit 1' },
  },
  {
    id: 'asa-unit-2',
    department: 'ASA',
    kind: 'decisionUnit',
    name: { nb: 'Vedtaksenhet 2', en: 'Decision unit 2' },
  },
  {
    id: 'asa-unit-3',
    department: 'ASA',
    kind: 'decisionUnit',
    name: { nb: 'Vedtaksenhet 3', en: 'Decision unit 3' },
  },
  // RMA: the Return Unit (IOM's programme for vulnerable groups) and every regional office (§6.3)
  {
    id: 'rma-return',
    department: 'RMA',
    kind: 'returnUnit',
    name: { nb: 'Returenheten', en: 'Return Unit' },
  },
  {
    id: 'rma-region-east',
    department: 'RMA',
    kind: 'regionalOffice',
    name: { nb: 'Regionkontor Øst', en: 'Regional Office East' },
  },
  {
    id: 'rma-region-inland-east',
    department: 'RMA',
    kind: 'regionalOffice',
    name: { nb: 'Regionkontor Indre Østland', en: 'Regional Office Inland East' },
  },
  {
    id: 'rma-region-south',
    department: 'RMA',
    kind: 'regionalOffice',
    name: { nb: 'Regionkontor Sør', en: 'Regional Office South' },
  },
  {
    id: 'rma-region-west',
    department: 'RMA',
    kind: 'regionalOffice',
    name: { nb: 'Regionkontor Vest', en: 'Regional Office West' },
  },
  {
    id: 'rma-region-central',
    department: 'RMA',
    kind: 'regionalOffice',
    name: { nb: 'Regionkontor Midt-Norge', en: 'Regional Office Central Norway' },
  },
  {
    id: 'rma-region-north',
    department: 'RMA',
    kind: 'regionalOffice',
    name: { nb: 'Regionkontor Nord-Norge', en: 'Regional Office Northern Norway' },
  },
];
