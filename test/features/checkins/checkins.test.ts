import { expect } from 'chai';
import { checkinSchema } from '../../../src/features/checkins/checkin-store.js';
import {
  answersOf,
  applyCheckinCommand,
  type CheckinDraft,
  checkinId,
  draftProblems,
  markMissed,
  newCheckIn,
  nudgeDue,
  parseCases,
  topicsOf,
  withNudge,
} from '../../../src/features/checkins/checkins.js';

const ref = { seriesId: 'rma', occurrence: '2027-02-04' };
const DUE = '2027-02-04T13:00:00+01:00';
const open = () => newCheckIn(ref, 'east', 'INN-2027-0001', DUE, '2027-01-28T07:00:00.000Z');
const draft = (over: Partial<CheckinDraft> = {}): CheckinDraft => ({
  principled: '',
  challenges: '',
  trends: '',
  training: '',
  cases: '3',
  ...over,
});
const BEFORE = Date.parse('2027-02-01T10:00:00Z');

describe('check-ins', () => {
  it('one per region per cycle, open, with an id from the series, the meeting and the region', () => {
    const checkin = open();
    expect(checkin.id).to.equal('checkin.rma.2027-02-04.east');
    expect(checkinId(ref, 'west')).to.equal('checkin.rma.2027-02-04.west');
    expect([checkin.kind, checkin.state, checkin.due]).to.deep.equal(['checkin', 'open', DUE]);
    expect(checkinSchema.safeParse(checkin).success).to.equal(true);
  });

  it('a draft needs at least one topic and a whole case count 0–999', () => {
    expect(draftProblems(draft())).to.deep.equal({ topics: 'missing' });
    expect(draftProblems(draft({ trends: '  ', cases: '' }))).to.deep.equal({
      topics: 'missing',
      cases: 'missing',
    });
    for (const cases of ['-1', '1000', '2.5', 'tre', '1e2'])
      expect(draftProblems(draft({ trends: 'Flere saker', cases })), cases).to.deep.equal({
        cases: 'invalid',
      });
    for (const cases of ['0', '999', ' 12 ', 7])
      expect(draftProblems(draft({ training: 'Kurs', cases })), String(cases)).to.deep.equal({});
    expect(parseCases(' 042 ')).to.equal(42);
    expect(draftProblems(draft({ challenges: 'x'.repeat(2001) }))).to.deep.equal({ challenges: 'too-long' });
  });

  it('the privacy guard refuses identity and DUF numbers, field by field', () => {
    const problems = draftProblems(
      draft({
        principled: 'Gjelder 010101 505 89',
        challenges: 'Se DUF 2012-123456-03',
        trends: 'Flere saker fra Vest-Afrika',
        training: 'Ref 41010150572',
      }),
    );
    expect(problems).to.deep.equal({
      principled: 'sensitive',
      challenges: 'sensitive',
      training: 'sensitive',
    });
  });

  it('submitted with its answers trimmed, empty topics left out; changed until the meeting', () => {
    const result = applyCheckinCommand(
      open(),
      {
        kind: 'submit',
        draft: draft({ trends: ' Flere saker ', training: 'Kurs i identifisering', cases: '4' }),
      },
      'east-1',
      '2027-02-01T10:00:00.000Z',
      BEFORE,
    );
    if (!result.ok || !('checkin' in result)) throw new Error('expected a submitted check-in');
    expect(result.checkin.state).to.equal('submitted');
    expect(result.checkin.answers).to.deep.equal({
      trends: 'Flere saker',
      training: 'Kurs i identifisering',
      cases: 4,
    });
    expect(topicsOf(result.checkin.answers)).to.deep.equal(['trends', 'training']);
    expect(checkinSchema.safeParse(result.checkin).success).to.equal(true);
    // No text in the history.
    expect(JSON.stringify(result.checkin.history)).not.to.contain('Flere');
    // Changed to "nothing new": the answers go.
    const changed = applyCheckinCommand(result.checkin, { kind: 'nothing-new' }, 'east-1', 'T2', BEFORE + 1);
    if (!changed.ok || !('checkin' in changed)) throw new Error('expected nothing new');
    expect([changed.checkin.state, changed.checkin.answers, changed.checkin.answeredAt]).to.deep.equal([
      'nothing-new',
      undefined,
      'T2',
    ]);
    // Submitted again.
    const again = applyCheckinCommand(
      changed.checkin,
      { kind: 'submit', draft: draft({ principled: 'Et spørsmål' }) },
      'east-1',
      'T3',
      BEFORE + 2,
    );
    expect(again.ok && 'checkin' in again && again.checkin.state).to.equal('submitted');
  });

  it('refuses a bad draft by field, and any answer once the meeting began or the check-in was missed', () => {
    const bad = applyCheckinCommand(open(), { kind: 'submit', draft: draft() }, 'e', 'T', BEFORE);
    expect(bad).to.deep.equal({ ok: false, problems: { topics: 'missing' } });
    expect(applyCheckinCommand(open(), { kind: 'nothing-new' }, 'e', 'T', Date.parse(DUE))).to.deep.equal({
      ok: false,
      problem: 'meeting-begun',
    });
    const missed = markMissed(open(), 'T');
    expect(missed.state).to.equal('missed');
    expect(markMissed(missed, 'T2')).to.equal(missed);
    expect(applyCheckinCommand(missed, { kind: 'nothing-new' }, 'e', 'T', BEFORE)).to.deep.equal({
      ok: false,
      problem: 'not-allowed-in-state',
    });
    // An answered check-in is not missed.
    const answered = applyCheckinCommand(open(), { kind: 'nothing-new' }, 'e', 'T', BEFORE);
    if (!answered.ok || !('checkin' in answered)) throw new Error('expected nothing new');
    expect(markMissed(answered.checkin, 'T').state).to.equal('nothing-new');
  });

  it('is nudged once, while open, between the nudge moment and the meeting, if it was opened before', () => {
    const nudgeAt = Date.parse('2027-02-02T07:00:00Z');
    const start = Date.parse(DUE);
    const checkin = open();
    expect(nudgeDue(checkin, nudgeAt, start, nudgeAt - 1)).to.equal(false);
    expect(nudgeDue(checkin, nudgeAt, start, nudgeAt)).to.equal(true);
    expect(nudgeDue(checkin, nudgeAt, start, start)).to.equal(false);
    const nudged = withNudge(checkin, '2027-02-02T07:00:00.000Z');
    expect(nudgeDue(nudged, nudgeAt, start, nudgeAt + 1000)).to.equal(false);
    expect(nudged.history.at(-1)?.action).to.equal('nudge');
    // Opened late, after the nudge's moment: the opening card is its reminder.
    const late = newCheckIn(ref, 'east', 'R', DUE, '2027-02-03T09:00:00.000Z');
    expect(nudgeDue(late, nudgeAt, start, Date.parse('2027-02-03T10:00:00Z'))).to.equal(false);
  });

  it('answers from a sound draft', () => {
    expect(answersOf(draft({ principled: ' Hva gjelder? ', cases: 0 }))).to.deep.equal({
      principled: 'Hva gjelder?',
      cases: 0,
    });
  });
});
