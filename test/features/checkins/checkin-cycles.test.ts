import { expect } from 'chai';
import type { Person, Unit } from '../../../src/domain/roster.js';
import {
  type CycleMeeting,
  closeCycle,
  contactsOf,
  cycleId,
  cycleOpening,
  cyclesDue,
  newCycle,
  nudgeMoment,
  regionsOf,
  withDigestSent,
  withFlagged,
  workingDaysBefore,
} from '../../../src/features/checkins/checkin-cycles.js';

const meeting = (date: string, startIso: string, over: Partial<CycleMeeting> = {}): CycleMeeting => ({
  seriesId: 'rma',
  occurrence: date,
  date,
  startMs: Date.parse(startIso),
  ...over,
});

describe('check-in cycles', () => {
  it('count working days back from the meeting, skipping weekends and Norwegian holidays', () => {
    // Thursday 4 February 2027: five working days before is the Thursday before.
    expect(workingDaysBefore('2027-02-04', 5)).to.equal('2027-01-28');
    // Thursday 1 April 2027, after Easter: Easter Monday, Good Friday and Maundy Thursday are not counted.
    expect(workingDaysBefore('2027-04-01', 5)).to.equal('2027-03-22');
    // Thursday 20 May 2027: Ascension Day (6 May) and 17 May are holidays.
    expect(workingDaysBefore('2027-05-20', 5)).to.equal('2027-05-12');
    expect(workingDaysBefore('2027-02-08', 1)).to.equal('2027-02-05');
    expect(() => workingDaysBefore('2027-02-04', 0)).to.throw(RangeError);
  });

  it('open at 08:00 Oslo, in winter and summer time and across both changes', () => {
    const feb = meeting('2027-02-04', '2027-02-04T12:00:00Z');
    expect(cycleOpening(feb, 5)).to.deep.equal({
      date: '2027-01-28',
      atMs: Date.parse('2027-01-28T07:00:00Z'),
    });
    // Spring: the opening is in winter time (UTC+1), the meeting in summer time.
    const april = meeting('2027-04-01', '2027-04-01T11:00:00Z');
    expect(cycleOpening(april, 5)).to.deep.equal({
      date: '2027-03-22',
      atMs: Date.parse('2027-03-22T07:00:00Z'),
    });
    // Autumn: the opening in summer time (UTC+2), the meeting (4 November) in winter time.
    const nov = meeting('2027-11-04', '2027-11-04T12:00:00Z');
    expect(cycleOpening(nov, 5)).to.deep.equal({
      date: '2027-10-28',
      atMs: Date.parse('2027-10-28T06:00:00Z'),
    });
    expect(cycleOpening(nov, 10).date).to.equal('2027-10-21');
    // Nudged two working days before, at 08:00.
    expect(nudgeMoment(april)).to.equal(Date.parse('2027-03-30T06:00:00Z'));
    expect(nudgeMoment(feb)).to.equal(Date.parse('2027-02-02T07:00:00Z'));
  });

  it('are due once their opening came, skipped when the meeting began, with the next opening named', () => {
    const feb = meeting('2027-02-04', '2027-02-04T12:00:00Z');
    const mar = meeting('2027-03-04', '2027-03-04T12:00:00Z');
    const none = () => false;
    expect(cyclesDue(Date.parse('2027-01-28T06:59:00Z'), [mar, feb], none, 5)).to.deep.equal({
      due: [],
      skipped: [],
      nextAtMs: Date.parse('2027-01-28T07:00:00Z'),
    });
    const at = cyclesDue(Date.parse('2027-01-28T07:00:00Z'), [mar, feb], none, 5);
    expect(at.due).to.deep.equal([feb]);
    expect(at.nextAtMs).to.equal(Date.parse('2027-02-25T07:00:00Z'));
    // Opened already: nothing to do.
    const opened = (id: string) => id === cycleId(feb);
    expect(cyclesDue(Date.parse('2027-01-29T07:00:00Z'), [feb], opened, 5).due).to.deep.equal([]);
    // After downtime: late if the meeting is ahead, skipped once it began.
    expect(cyclesDue(Date.parse('2027-02-03T10:00:00Z'), [feb], none, 5).due).to.deep.equal([feb]);
    expect(cyclesDue(Date.parse('2027-02-04T12:00:00Z'), [feb], none, 5)).to.deep.equal({
      due: [],
      skipped: [feb],
    });
  });

  it('a moved meeting opens by the date it takes place', () => {
    const moved = meeting('2027-02-04', '2027-02-11T12:00:00Z', { date: '2027-02-11' });
    expect(cycleOpening(moved, 5).date).to.equal('2027-02-04');
    expect(cycleId(moved)).to.equal('checkin-cycle.rma.2027-02-04');
  });

  it('take the regional offices that are not retired, with their contact persons', () => {
    const units: Unit[] = [
      { id: 'east', department: 'RMA', kind: 'regionalOffice', name: { nb: 'Øst', en: 'East' } },
      { id: 'old', department: 'RMA', kind: 'regionalOffice', name: { nb: 'Gml', en: 'Old' }, retired: true },
      { id: 'return', department: 'RMA', kind: 'returnUnit', name: { nb: 'Retur', en: 'Return' } },
      { id: 'west', department: 'RMA', kind: 'regionalOffice', name: { nb: 'Vest', en: 'West' } },
    ];
    expect(regionsOf(units).map((u) => u.id)).to.deep.equal(['east', 'west']);
    const p = (id: string, ...roles: Person['roles']): Person => ({
      aadObjectId: id,
      displayName: id,
      roles,
      since: '',
    });
    const people = [
      p('a', { kind: 'contact', department: 'RMA', unitId: 'east' }),
      p('b', { kind: 'coordinator', department: 'RMA' }),
      p(
        'c',
        { kind: 'contact', department: 'RMA', unitId: 'west' },
        { kind: 'contact', department: 'RMA', unitId: 'east' },
      ),
    ];
    expect(contactsOf(people, 'east').map((x) => x.aadObjectId)).to.deep.equal(['a', 'c']);
    expect(contactsOf(people, 'north')).to.deep.equal([]);
  });

  it('record on the cycle item what was done: flagged regions, the digest, the close', () => {
    const feb = meeting('2027-02-04', '2027-02-04T12:00:00Z');
    const cycle = newCycle(feb, 'INN-2027-0001', ['east', 'west'], '2027-02-04T13:00:00+01:00', 'T0', false);
    expect([cycle.id, cycle.state, cycle.flagged]).to.deep.equal([
      'checkin-cycle.rma.2027-02-04',
      'open',
      [],
    ]);
    const flagged = withFlagged(cycle, ['west'], 'T1');
    expect(withFlagged(flagged, ['west'], 'T2').flagged).to.deep.equal(['west']);
    const sent = withDigestSent(flagged, false, 'T3');
    expect(sent.digestSentAt).to.equal('T3');
    const closed = closeCycle(sent, 1, 'T4');
    expect(closed.state).to.equal('closed');
    expect(closeCycle(closed, 1, 'T5')).to.equal(closed);
    expect(closed.history.map((h) => h.action)).to.deep.equal(['open', 'flag', 'digest', 'close']);
  });
});
