import { expect } from 'chai';
import type { Unit } from '../../../src/domain/roster.js';
import { newCycle } from '../../../src/features/checkins/checkin-cycles.js';
import { checkinOverview, cycleDigest } from '../../../src/features/checkins/checkin-digest.js';
import {
  applyCheckinCommand,
  type CheckIn,
  type CheckinDraft,
  markMissed,
  newCheckIn,
  withNudge,
} from '../../../src/features/checkins/checkins.js';

const units: Unit[] = [
  { id: 'east', department: 'RMA', kind: 'regionalOffice', name: { nb: 'Regionkontor Øst', en: 'East' } },
  { id: 'west', department: 'RMA', kind: 'regionalOffice', name: { nb: 'Regionkontor Vest', en: 'West' } },
  { id: 'north', department: 'RMA', kind: 'regionalOffice', name: { nb: 'Regionkontor Nord', en: 'North' } },
  { id: 'south', department: 'RMA', kind: 'regionalOffice', name: { nb: 'Regionkontor Sør', en: 'South' } },
];
const REGIONS = ['east', 'west', 'north', 'south'];

function cycleOn(occurrence: string) {
  const ref = { seriesId: 'rma', occurrence };
  const due = `${occurrence}T13:00:00+01:00`;
  const cycle = newCycle(
    { ...ref, date: occurrence, startMs: Date.parse(due) },
    'INN',
    REGIONS,
    due,
    'T0',
    false,
  );
  const open = (unitId: string) => newCheckIn(ref, unitId, 'INN', due, `${occurrence}T00:00:00.000Z`);
  const before = Date.parse(due) - 86_400_000;
  const submit = (c: CheckIn, d: Partial<CheckinDraft>, at = 'T1'): CheckIn => {
    const r = applyCheckinCommand(
      c,
      {
        kind: 'submit',
        draft: { principled: '', challenges: '', trends: '', training: '', cases: '0', ...d },
      },
      'x',
      at,
      before,
    );
    if (!r.ok || !('checkin' in r)) throw new Error('not submitted');
    return r.checkin;
  };
  const nothing = (c: CheckIn): CheckIn => {
    const r = applyCheckinCommand(c, { kind: 'nothing-new' }, 'x', 'T1', before);
    if (!r.ok || !('checkin' in r)) throw new Error('not answered');
    return r.checkin;
  };
  return { cycle, open, submit, nothing };
}

describe('check-in digest', () => {
  it('regions × topics, case counts per region and in all, the regions that did not answer named', () => {
    const { cycle, open, submit, nothing } = cycleOn('2027-02-04');
    const checkins = [
      submit(open('east'), { principled: 'Spørsmål', trends: 'Økning', cases: '5' }),
      submit(open('west'), { trends: 'Samme bilde', training: 'Mottaksansatte trenger kurs', cases: '2' }),
      nothing(open('north')),
      markMissed(open('south'), 'T9'),
    ];
    const digest = cycleDigest(cycle, checkins, units);
    expect(digest.rows.map((r) => [r.unitId, r.state, r.topics, r.cases])).to.deep.equal([
      ['east', 'submitted', ['principled', 'trends'], 5],
      ['west', 'submitted', ['trends', 'training'], 2],
      ['north', 'nothing-new', [], undefined],
      ['south', 'missed', [], undefined],
    ]);
    expect(digest.byTopic).to.deep.equal({
      principled: ['east'],
      challenges: [],
      trends: ['east', 'west'],
      training: ['west'],
    });
    expect(digest.totalCases).to.equal(7);
    expect(digest.notAnswered).to.deep.equal([
      { unitId: 'south', name: { nb: 'Regionkontor Sør', en: 'South' } },
    ]);
    expect(digest.nothingNew.map((r) => r.name.nb)).to.deep.equal(['Regionkontor Nord']);
    expect(digest.complete).to.equal(false);
    // No text of the answers in the digest: the card reads them from the check-ins.
    expect(JSON.stringify(digest)).not.to.contain('Økning');
  });

  it('a region asked without a check-in, or no longer in the units, is still named', () => {
    const { cycle, open, nothing } = cycleOn('2027-02-04');
    const digest = cycleDigest({ ...cycle, regions: [...REGIONS, 'gone'] }, [nothing(open('east'))], units);
    expect(digest.notAnswered.map((r) => r.unitId)).to.deep.equal(['west', 'north', 'south', 'gone']);
    expect(digest.notAnswered.at(-1)?.name).to.deep.equal({ nb: 'gone', en: 'gone' });
    expect(digest.totalCases).to.equal(0);
  });

  it('complete when every region answered', () => {
    const { cycle, open, nothing, submit } = cycleOn('2027-02-04');
    const all = REGIONS.map((r, i) =>
      i % 2 ? nothing(open(r)) : submit(open(r), { challenges: 'Noe', cases: '1' }),
    );
    const digest = cycleDigest(cycle, all, units);
    expect([digest.complete, digest.notAnswered, digest.totalCases]).to.deep.equal([true, [], 2]);
  });

  it('the overview: the last 12 cycles, oldest first, each region answered, late, missing or open, with its case counts', () => {
    // Fourteen monthly cycles, January 2027 to February 2028 (given newest first): the last twelve are kept.
    const dates = Array.from(
      { length: 14 },
      (_, i) => `${2027 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-04`,
    );
    const cycles = dates.map((d, i) => {
      const { cycle, open, submit, nothing } = cycleOn(d);
      const east = submit(open('east'), { trends: 'T', cases: String(i) });
      const west =
        i === 13
          ? open('west')
          : i === 12
            ? markMissed(open('west'), 'T')
            : i === 11
              ? submit(withNudge(open('west'), 'T1'), { trends: 'T', cases: '1' }, 'T2')
              : nothing(open('west'));
      return { cycle, checkins: [east, west] };
    });
    const view = checkinOverview(cycles.reverse(), units);
    expect(view.cycles).to.have.length(12);
    expect(view.cycles[0]?.occurrence).to.equal('2027-03-04');
    expect(view.cycles.at(-1)?.occurrence).to.equal('2028-02-04');
    expect(view.regions.map((r) => r.unitId)).to.deep.equal(REGIONS);
    const [east, west, north] = view.regions;
    expect(north?.cells.every((c) => c.status === 'none')).to.equal(true);
    expect(east?.counts).to.deep.equal([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(west?.cells.slice(-4).map((c) => c.status)).to.deep.equal(['answered', 'late', 'missing', 'open']);
    expect(west?.cells[0]).to.deep.equal({ status: 'answered', nothingNew: true });
    expect(west?.counts.slice(-4)).to.deep.equal([undefined, 1, undefined, undefined]);
  });
});
