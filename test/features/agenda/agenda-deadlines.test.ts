import { expect } from 'chai';
import {
  type AgendaMeeting,
  agendaDeadline,
  agendaKey,
  agendasDue,
} from '../../../src/features/agenda/agenda-deadlines.js';

const meeting = (over: Partial<AgendaMeeting> = {}): AgendaMeeting => ({
  seriesId: 'koord',
  occurrence: '2027-01-12',
  forum: 'coordinators',
  date: '2027-01-12',
  startMs: Date.parse('2027-01-12T08:00:00Z'),
  deadlineDays: 7,
  ...over,
});

describe('agenda deadlines', () => {
  it('post the agenda at 16:00 Oslo on the deadline day, in winter and in summer', () => {
    expect(agendaDeadline(meeting())).to.deep.equal({
      date: '2027-01-05',
      atMs: Date.parse('2027-01-05T15:00:00Z'),
    });
    const june = meeting({
      occurrence: '2027-06-08',
      date: '2027-06-08',
      startMs: Date.parse('2027-06-08T07:00:00Z'),
    });
    expect(agendaDeadline(june)).to.deep.equal({
      date: '2027-06-01',
      atMs: Date.parse('2027-06-01T14:00:00Z'),
    });
    // Across the spring change: the deadline day is in winter time, the meeting in summer time.
    const april = meeting({ occurrence: '2027-04-01', date: '2027-04-01', deadlineDays: 7 });
    expect(agendaDeadline(april)).to.deep.equal({
      date: '2027-03-25',
      atMs: Date.parse('2027-03-25T15:00:00Z'),
    });
  });

  it('are due once at their moment, with the next moment named', () => {
    const m = meeting();
    const other = meeting({
      seriesId: 'net',
      occurrence: '2027-01-20',
      date: '2027-01-20',
      startMs: Date.parse('2027-01-20T09:00:00Z'),
    });
    const before = agendasDue(Date.parse('2027-01-05T14:59:00Z'), [m, other], () => false);
    expect(before).to.deep.equal({ due: [], skipped: [], nextAtMs: Date.parse('2027-01-05T15:00:00Z') });
    const at = agendasDue(Date.parse('2027-01-05T15:00:00Z'), [m, other], () => false);
    expect([at.due.map(agendaKey), at.nextAtMs]).to.deep.equal([
      ['koord|2027-01-12|2027-01-12'],
      Date.parse('2027-01-13T15:00:00Z'),
    ]);
    const again = agendasDue(Date.parse('2027-01-05T15:05:00Z'), [m], (key) => key === agendaKey(m));
    expect(again.due).to.deep.equal([]);
  });

  it('after downtime: posted late before the meeting, skipped once it began; a moved meeting is posted anew', () => {
    const m = meeting();
    expect(agendasDue(Date.parse('2027-01-11T10:00:00Z'), [m], () => false).due).to.have.length(1);
    const started = agendasDue(Date.parse('2027-01-12T08:30:00Z'), [m], () => false);
    expect([started.due, started.skipped.map(agendaKey)]).to.deep.equal([
      [],
      ['koord|2027-01-12|2027-01-12'],
    ]);
    const moved = meeting({ date: '2027-01-19', startMs: Date.parse('2027-01-19T08:00:00Z') });
    const plan = agendasDue(Date.parse('2027-01-12T16:00:00Z'), [moved], (key) => key === agendaKey(m));
    expect(plan.due.map(agendaKey)).to.deep.equal(['koord|2027-01-12|2027-01-19']);
  });

  it('skip a deadline that passed before the series was saved (it never had one), and post one after it', () => {
    const now = Date.parse('2027-01-11T10:00:00Z');
    const savedLate = meeting({ plannedAtMs: Date.parse('2027-01-10T09:00:00Z') });
    expect(agendasDue(now, [savedLate], () => false)).to.deep.include({
      due: [],
      skipped: [savedLate],
    });
    const savedEarlier = meeting({ plannedAtMs: Date.parse('2027-01-05T14:00:00Z') });
    expect(agendasDue(now, [savedEarlier], () => false).due).to.deep.equal([savedEarlier]);
  });
});
