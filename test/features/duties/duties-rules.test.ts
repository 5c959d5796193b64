/**
 * The yearly duties' pure rules (issue 14): opening a round (its form's validation), OPA's figures,
 * an input's life until its round closes, publication, the ladder's steps on Norwegian working days,
 * the deletion task's weekly reminders, the exports (Markdown escaped, CSV with numbers and formulas
 * neutralised) and the privacy hooks (a redacted item still passes its schema).
 */
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { dueLadderSteps } from '../../../src/domain/deadline-ladder.js';
import { roundCsv, roundMarkdown } from '../../../src/features/duties/duties-export.js';
import {
  deletionSchema,
  eraseKomInputFor,
  inputSchema,
  redactKomInput,
  redactMhDeletion,
  roundSchema,
} from '../../../src/features/duties/duties-store.js';
import {
  INPUT_LADDER,
  inputDraftProblems,
  newInput,
  newRound,
  parseFigure,
  publishRound,
  ROUND_LADDER,
  roundDraftProblems,
  submitInputDraft,
} from '../../../src/features/duties/kom-rounds.js';
import {
  markDone,
  newDeletion,
  nextReminderMs,
  reminderDue,
  withReminder,
} from '../../../src/features/duties/mh-deletions.js';

const AT = '2027-01-04T08:00:00.000Z';
const FIGURES = {
  reflectionApplications: '14',
  reflectionGrants: '10',
  reflectionRefusals: '3',
  limitedApplications: '5',
  limitedGrants: '4',
  limitedRefusals: '1',
};
const round = () => newRound(2026, '2027-01-15', 'K-2027-0001', 'aad-udi', AT);

describe('yearly duties: the KOM round (pure rules)', () => {
  it('opens a round for a year from 2018 to this year, once, with a deadline from today', () => {
    const none = () => false;
    expect(roundDraftProblems({ year: '2026', deadline: '2027-01-15' }, '2027-01-04', none)).to.deep.equal(
      {},
    );
    expect(roundDraftProblems({ year: '', deadline: '' }, '2027-01-04', none)).to.deep.equal({
      year: 'missing',
      deadline: 'missing',
    });
    expect(roundDraftProblems({ year: '2028', deadline: '2027-02-30' }, '2027-01-04', none)).to.deep.equal({
      year: 'invalid',
      deadline: 'invalid',
    });
    expect(roundDraftProblems({ year: '2017', deadline: '2027-01-03' }, '2027-01-04', none)).to.deep.equal({
      year: 'invalid',
      deadline: 'past',
    });
    expect(
      roundDraftProblems({ year: '2026', deadline: '2027-01-04' }, '2027-01-04', (y) => y === 2026),
    ).to.deep.equal({
      year: 'exists',
    });
  });

  it('takes OPA’s figures as whole numbers 0–99 999 (spaces as thousands separators), each one required', () => {
    expect(parseFigure('1 204')).to.equal(1204);
    expect(parseFigure(0)).to.equal(0);
    for (const bad of ['-1', '1.5', 'ti', '100000', '1e3', ''])
      expect(parseFigure(bad), bad).to.equal(undefined);
    expect(inputDraftProblems('OPA', { text: '', figures: FIGURES })).to.deep.equal({});
    expect(
      inputDraftProblems('OPA', {
        text: '',
        figures: { ...FIGURES, reflectionGrants: 'ti', limitedRefusals: '' },
      }),
    ).to.deep.equal({
      reflectionGrants: 'invalid',
      limitedRefusals: 'missing',
    });
    // Other departments give text, and no figures are asked of them.
    expect(inputDraftProblems('ASA', { text: ' ', figures: {} })).to.deep.equal({ text: 'missing' });
    expect(inputDraftProblems('RMA', { text: 'Sak 01010150589', figures: {} })).to.deep.equal({
      text: 'sensitive',
    });
    expect(inputDraftProblems('RMA', { text: 'x'.repeat(4001), figures: {} })).to.deep.equal({
      text: 'too-long',
    });
  });

  it('keeps an input changeable until its round closes; publication closes the round, once, not in the future', () => {
    const open = round();
    const input = newInput(open, 'OPA', AT);
    const first = submitInputDraft(input, open, { text: 'Trender', figures: FIGURES }, 'aad-opa', AT);
    expect(first.ok && first.input.state).to.equal('submitted');
    expect(first.ok && first.input.figures?.reflection).to.deep.equal({
      applications: 14,
      grants: 10,
      refusals: 3,
    });
    const changed = first.ok
      ? submitInputDraft(first.input, open, { text: '', figures: FIGURES }, 'aad-opa', AT)
      : first;
    expect(changed.ok && changed.input.text, 'an emptied text is gone').to.equal(undefined);
    expect(publishRound(open, '2027-01-05', '2027-01-04', 'aad-udi', AT)).to.deep.equal({
      ok: false,
      problem: 'future',
    });
    const published = publishRound(open, '2027-01-04', '2027-01-04', 'aad-udi', AT);
    expect(published.ok && published.round.state).to.equal('closed');
    if (!published.ok) throw new Error('not published');
    expect(publishRound(published.round, '2027-01-04', '2027-01-04', 'aad-udi', AT)).to.deep.equal({
      ok: false,
      problem: 'already',
    });
    expect(
      submitInputDraft(input, published.round, { text: 'Sent', figures: FIGURES }, 'aad-opa', AT),
    ).to.deep.equal({
      ok: false,
      problem: 'round-closed',
    });
    expect(roundSchema.safeParse(published.round).success).to.equal(true);
  });

  it('reminds three working days before the deadline and nudges the working day after; the UDI coordinator is told then', () => {
    // Deadline Friday 15 January 2027.
    const state = (done = {}) => ({ due: '2027-01-15', running: true, done });
    expect(dueLadderSteps(INPUT_LADDER, state(), '2027-01-11')).to.deep.equal([]);
    expect(dueLadderSteps(INPUT_LADDER, state(), '2027-01-12')).to.deep.equal(['reminder']);
    expect(dueLadderSteps(INPUT_LADDER, state({ reminder: AT }), '2027-01-16'), 'Saturday').to.deep.equal([]);
    expect(dueLadderSteps(INPUT_LADDER, state({ reminder: AT }), '2027-01-18')).to.deep.equal(['nudge']);
    expect(dueLadderSteps(ROUND_LADDER, state(), '2027-01-18')).to.deep.equal(['unanswered']);
    // Easter 2027: Maundy Thursday 25 March to Easter Monday 29 March are not working days.
    expect(
      dueLadderSteps(
        INPUT_LADDER,
        { due: '2027-03-24', running: true, done: { reminder: AT } },
        '2027-03-29',
      ),
    ).to.deep.equal([]);
    expect(
      dueLadderSteps(
        INPUT_LADDER,
        { due: '2027-03-24', running: true, done: { reminder: AT } },
        '2027-03-30',
      ),
    ).to.deep.equal(['nudge']);
  });
});

describe('yearly duties: the MH-code deletion task (pure rules)', () => {
  it('is reminded a week after its last card until it is done', () => {
    const task = newDeletion(2026, '2027-06-01', 'M-2027-0001', 'aad-udi', '2027-06-03T08:00:00.000Z');
    const week = Date.parse('2027-06-10T08:00:00.000Z');
    expect(reminderDue(task, week - 1)).to.equal(false);
    expect(reminderDue(task, week)).to.equal(true);
    const reminded = withReminder(task, '2027-06-10T08:00:00.000Z');
    expect(nextReminderMs(reminded)).to.equal(Date.parse('2027-06-17T08:00:00.000Z'));
    const done = markDone(reminded, 'aad-udi', '2027-06-12T10:00:00.000Z');
    expect(done?.doneAt).to.equal('2027-06-12T10:00:00.000Z');
    expect(done && reminderDue(done, Date.parse('2028-01-01T00:00:00.000Z'))).to.equal(false);
    expect(done && markDone(done, 'aad-udi', AT)).to.equal(undefined);
    expect(deletionSchema.safeParse(done).success).to.equal(true);
    expect(redactMhDeletion(task)).to.deep.equal(task);
  });
});

describe('yearly duties: exports and privacy hooks', () => {
  const compiled = () => {
    const r = round();
    const opa = submitInputDraft(
      newInput(r, 'OPA', AT),
      r,
      { text: '=HYPERLINK("x") *fet* # overskrift', figures: FIGURES },
      'aad-opa',
      AT,
    );
    if (!opa.ok) throw new Error('not submitted');
    return {
      round: r,
      inputs: [opa.input, newInput(r, 'ASA', AT)],
      lastYear: {
        reflection: { applications: 12, grants: 9, refusals: 2 },
        limited: { applications: 4, grants: 3, refusals: 1 },
      },
    };
  };

  it('writes Markdown with typed text escaped and last year’s figures beside this year’s', () => {
    const md = roundMarkdown('nb', compiled());
    expect(md).to.include('\\*fet\\*');
    expect(md).to.include('\\# overskrift');
    expect(md).to.include('| 14 (12) | 10 (9) | 3 (2) |');
  });

  it('writes CSV with figures as numbers and formula cells neutralised', () => {
    const rows = parse(roundCsv('en', compiled()), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).to.have.length(2);
    expect(rows[0]!.Input!.startsWith("'=")).to.equal(true);
    expect(rows[0]!['Reflection applications']).to.equal('14');
    expect(rows[1]!['Reflection applications']).to.equal('');
  });

  it('redacts an input’s text (figures kept, still valid) and erases it only for the person who wrote it', () => {
    const input = compiled().inputs[0]!;
    const redacted = redactKomInput(input);
    expect(redacted.text).to.equal(undefined);
    expect(redacted.figures).to.deep.equal(input.figures);
    expect(inputSchema.safeParse(redacted).success).to.equal(true);
    expect(eraseKomInputFor(input, 'aad-someone-else')).to.deep.equal(input);
    expect(eraseKomInputFor(input, 'aad-opa').text).to.equal(undefined);
  });
});
