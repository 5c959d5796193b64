import { expect } from 'chai';
import { occurrencesBetween, type Schedule } from '../../../src/domain/recurrence.js';
import {
  dateConflict,
  networkMeetingsIn,
  suggestedDate,
} from '../../../src/features/meetings/meeting-dates.js';

describe('meeting dates: holidays, the Easter week, Christmas Eve and New Year’s Eve', () => {
  it('flags public holidays by name', () => {
    expect(dateConflict('2026-05-14')).to.deep.equal({
      kind: 'public-holiday',
      name: { nb: 'Kristi himmelfartsdag', en: 'Ascension Day' },
    });
    expect(dateConflict('2026-05-17')?.kind).to.equal('public-holiday');
    expect(dateConflict('2026-12-25')?.kind).to.equal('public-holiday');
  });

  it('flags the Easter week from Palm Sunday to Easter Monday (2026: 29 March to 6 April), not the days around it', () => {
    expect(dateConflict('2026-03-27')).to.equal(undefined);
    expect(dateConflict('2026-03-30')).to.deep.equal({ kind: 'easter-week' });
    expect(dateConflict('2026-03-31')).to.deep.equal({ kind: 'easter-week' });
    expect(dateConflict('2026-04-02')?.kind).to.equal('public-holiday'); // Maundy Thursday
    expect(dateConflict('2026-04-07')).to.equal(undefined);
    // 2027: Easter Sunday is 28 March.
    expect(dateConflict('2027-03-22')).to.deep.equal({ kind: 'easter-week' });
    expect(dateConflict('2027-03-19')).to.equal(undefined);
  });

  it('flags Christmas Eve and New Year’s Eve, and leaves the days between them alone', () => {
    expect(dateConflict('2026-12-24')).to.deep.equal({ kind: 'christmas-eve' });
    expect(dateConflict('2026-12-31')).to.deep.equal({ kind: 'new-years-eve' });
    expect(dateConflict('2026-12-28')).to.equal(undefined);
    expect(dateConflict('2026-06-09')).to.equal(undefined);
  });

  it('suggests the nearest working day without a conflict, the later one on a tie', () => {
    // Thursday 14 May 2026 (Ascension Day): Friday 15th and Wednesday 13th are both one day away.
    expect(suggestedDate('2026-05-14')).to.equal('2026-05-15');
    // Tuesday 31 March 2026 (Easter week): Friday 27 March is four days away, Tuesday 7 April seven.
    expect(suggestedDate('2026-03-31')).to.equal('2026-03-27');
    // Thursday 24 December 2026: the 25th and 26th are holidays and the 27th a Sunday; Wednesday 23rd.
    expect(suggestedDate('2026-12-24')).to.equal('2026-12-23');
    // Not a date the series already meets on.
    expect(suggestedDate('2026-05-14', ['2026-05-15'])).to.equal('2026-05-13');
    // Monday 17 May 2027 (Constitution Day) → Tuesday 18th.
    expect(suggestedDate('2027-05-17')).to.equal('2027-05-18');
  });

  it('counts the network meetings of a calendar year, cancelled ones left out', () => {
    const quarterly: Schedule = {
      recurrence: { kind: 'monthly', nth: 2, weekday: 'TU', everyMonths: 3 },
      from: '2026-01-01',
      time: '10:00',
      durationMinutes: 180,
    };
    const year = (s: Schedule) =>
      occurrencesBetween(s, Date.parse('2026-01-01T00:00:00Z'), Date.parse('2027-01-01T00:00:00Z'));
    expect(networkMeetingsIn(2026, year(quarterly))).to.deep.equal({ count: 4, missing: 0 });
    const oneCancelled: Schedule = { ...quarterly, exceptions: { '2026-07-14': { cancelled: true } } };
    expect(networkMeetingsIn(2026, year(oneCancelled))).to.deep.equal({ count: 3, missing: 1 });
    const twice: Schedule = {
      ...quarterly,
      recurrence: { kind: 'monthly', nth: 2, weekday: 'TU', everyMonths: 6 },
    };
    expect(networkMeetingsIn(2026, year(twice))).to.deep.equal({ count: 2, missing: 2 });
    expect(networkMeetingsIn(2027, year(quarterly))).to.deep.equal({ count: 0, missing: 4 });
  });
});
