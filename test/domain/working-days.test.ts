import { expect } from 'chai';
import DateHolidays from 'date-holidays';
import HolidaysParser from 'date-holidays-parser';
import fc from 'fast-check';
import {
  addWorkingDays,
  easterSunday,
  endOfOsloDay,
  isWorkingDay,
  norwayHolidayData,
  norwegianPublicHolidays,
  osloDate,
  workingDaysBetween,
} from '../../src/domain/working-days.js';

const isoDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('working days: Norway-only holiday data', () => {
  it('gives what date-holidays with every country gives for Norway, 1990–2100, every type, nb and en', function () {
    this.timeout(60_000);
    const data = norwayHolidayData();
    const configurations: { languages: string; types?: 'public'[] }[] = [
      { languages: 'no' },
      { languages: 'en' },
      { languages: 'no', types: ['public'] },
      { languages: 'en', types: ['public'] },
    ];
    for (const opts of configurations) {
      const full = new DateHolidays('NO', opts);
      const norwayOnly = new HolidaysParser(data, 'NO', opts);
      for (let year = 1990; year <= 2100; year++) {
        const expected = full.getHolidays(year);
        expect(expected.length, `${year} ${JSON.stringify(opts)}`).to.be.greaterThan(0);
        expect(norwayOnly.getHolidays(year), `${year} ${JSON.stringify(opts)}`).to.deep.equal(expected);
      }
    }
  });

  it("holds Norway's rules only", () => {
    const data = norwayHolidayData() as { holidays: Record<string, unknown> };
    expect(Object.keys(data.holidays)).to.deep.equal(['NO']);
  });
});

describe('working days: Easter and public holidays', () => {
  it('computes Easter Sunday for known years', () => {
    const known: Record<number, string> = {
      1818: '1818-03-22',
      1943: '1943-04-25',
      2000: '2000-04-23',
      2008: '2008-03-23',
      2011: '2011-04-24',
      2019: '2019-04-21',
      2024: '2024-03-31',
      2025: '2025-04-20',
      2026: '2026-04-05',
      2027: '2027-03-28',
      2028: '2028-04-16',
      2029: '2029-04-01',
      2030: '2030-04-21',
      2038: '2038-04-25',
      2285: '2285-03-22',
    };
    for (const [year, date] of Object.entries(known)) {
      expect(easterSunday(Number(year)), year).to.equal(date);
    }
  });

  it('Easter Sunday is always a Sunday between 22 March and 25 April', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 9999 }), (year) => {
        const date = easterSunday(year);
        const md = date.slice(5);
        return new Date(`${date}T00:00:00Z`).getUTCDay() === 0 && md >= '03-22' && md <= '04-25';
      }),
    );
  });

  it('lists the twelve holidays of 2026 in date order', () => {
    expect(norwegianPublicHolidays(2026).map((h) => [h.date, h.name.en])).to.deep.equal([
      ['2026-01-01', "New Year's Day"],
      ['2026-04-02', 'Maundy Thursday'],
      ['2026-04-03', 'Good Friday'],
      ['2026-04-05', 'Easter Sunday'],
      ['2026-04-06', 'Easter Monday'],
      ['2026-05-01', 'Labour Day (1 May)'],
      ['2026-05-14', 'Ascension Day'],
      ['2026-05-17', 'Constitution Day (17 May)'],
      ['2026-05-24', 'Whit Sunday'],
      ['2026-05-25', 'Whit Monday'],
      ['2026-12-25', 'Christmas Day'],
      ['2026-12-26', "St Stephen's Day"],
    ]);
    expect(norwegianPublicHolidays(2026)[1]?.name.nb).to.equal('Skjærtorsdag');
  });

  it('moves the Easter-based holidays with Easter (2025 and 2027)', () => {
    const dates = (year: number) => norwegianPublicHolidays(year).map((h) => h.date);
    expect(dates(2025)).to.deep.equal([
      '2025-01-01',
      '2025-04-17',
      '2025-04-18',
      '2025-04-20',
      '2025-04-21',
      '2025-05-01',
      '2025-05-17',
      '2025-05-29',
      '2025-06-08',
      '2025-06-09',
      '2025-12-25',
      '2025-12-26',
    ]);
    expect(dates(2027)).to.deep.equal([
      '2027-01-01',
      '2027-03-25',
      '2027-03-26',
      '2027-03-28',
      '2027-03-29',
      '2027-05-01',
      '2027-05-06',
      '2027-05-16',
      '2027-05-17',
      '2027-05-17',
      '2027-12-25',
      '2027-12-26',
    ]);
  });

  it('returns copies, so callers cannot change later answers', () => {
    const first = norwegianPublicHolidays(2026);
    first[0] = { date: '2026-01-02', name: { nb: 'x', en: 'x' } };
    expect(norwegianPublicHolidays(2026)[0]?.date).to.equal('2026-01-01');
  });

  it('rejects years outside the Gregorian range and bad dates', () => {
    expect(() => norwegianPublicHolidays(1500)).to.throw(RangeError);
    expect(() => norwegianPublicHolidays(2026.5)).to.throw(RangeError);
    expect(() => isWorkingDay('2026-02-30')).to.throw(RangeError);
    expect(() => isWorkingDay('26-1-1')).to.throw(RangeError);
    expect(() => osloDate('not a date')).to.throw(RangeError);
  });
});

describe('working days: isWorkingDay', () => {
  it('is true on ordinary weekdays and false on weekends and holidays', () => {
    expect(isWorkingDay('2026-04-01')).to.equal(true); // Wednesday before Easter
    expect(isWorkingDay('2026-04-02')).to.equal(false); // Maundy Thursday
    expect(isWorkingDay('2026-04-04')).to.equal(false); // Saturday
    expect(isWorkingDay('2026-04-07')).to.equal(true); // Tuesday after Easter Monday
    expect(isWorkingDay('2025-05-29')).to.equal(false); // Ascension Day
    expect(isWorkingDay('2028-05-17')).to.equal(false); // 17 May on a Wednesday
    expect(isWorkingDay('2024-12-24')).to.equal(true); // Christmas Eve is not a public holiday
  });
});

describe('working days: addWorkingDays', () => {
  it('n = 0 keeps a working day and moves a non-working day forward', () => {
    expect(addWorkingDays('2026-03-04', 0)).to.equal('2026-03-04');
    expect(addWorkingDays('2026-03-07', 0)).to.equal('2026-03-09'); // Saturday → Monday
    expect(addWorkingDays('2026-04-02', 0)).to.equal('2026-04-07'); // Maundy Thursday → Tuesday
  });

  it('skips weekends', () => {
    expect(addWorkingDays('2026-03-05', 3)).to.equal('2026-03-10'); // Thu → Tue
    expect(addWorkingDays('2026-03-06', 1)).to.equal('2026-03-09'); // Fri → Mon
    expect(addWorkingDays('2026-03-07', 1)).to.equal('2026-03-09'); // Sat → Mon
  });

  it('skips Easter week', () => {
    // Tuesday 31 March 2026 + 3: Wed 1 April, (Thu–Mon holidays and weekend), Tue 7, Wed 8
    expect(addWorkingDays('2026-03-31', 3)).to.equal('2026-04-08');
    expect(addWorkingDays('2026-04-01', 1)).to.equal('2026-04-07');
  });

  it('skips 17 May and Ascension Day', () => {
    // 2026: Ascension Thu 14 May; 17 May is a Sunday. 2028: 17 May is a Wednesday.
    expect(addWorkingDays('2026-05-13', 1)).to.equal('2026-05-15');
    expect(addWorkingDays('2028-05-16', 1)).to.equal('2028-05-18');
  });

  it('skips Christmas and New Year', () => {
    // Wed 23 Dec 2026 + 3: Thu 24 (working), Fri 25 and Sat 26 holidays, Mon 28, Tue 29
    expect(addWorkingDays('2026-12-23', 3)).to.equal('2026-12-29');
    // Wed 30 Dec 2026 + 2: Thu 31, Fri 1 Jan is a holiday, Mon 4 Jan 2027
    expect(addWorkingDays('2026-12-30', 2)).to.equal('2027-01-04');
  });

  it('takes an instant by its Oslo date', () => {
    // 22:30 UTC on Friday 6 March is 23:30 on Friday in Oslo
    expect(addWorkingDays(new Date('2026-03-06T22:30:00Z'), 1)).to.equal('2026-03-09');
    // 23:30 UTC on Friday 6 March is already Saturday 00:30 in Oslo
    expect(addWorkingDays('2026-03-06T23:30:00Z', 0)).to.equal('2026-03-09');
  });

  it('rejects a negative or fractional n', () => {
    expect(() => addWorkingDays('2026-03-04', -1)).to.throw(RangeError);
    expect(() => addWorkingDays('2026-03-04', 1.5)).to.throw(RangeError);
  });

  it('property: the result is a working day after the start for n > 0', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 1, max: 40 }), (d, n) => {
        const result = addWorkingDays(d, n);
        return isWorkingDay(result) && result > d;
      }),
    );
  });

  it('property: monotonic in n (strictly, except n = 0 and 1 from a non-working day)', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 0, max: 40 }), (d, n) => {
        const a = addWorkingDays(d, n);
        const b = addWorkingDays(d, n + 1);
        return n === 0 && !isWorkingDay(d) ? a === b : b > a;
      }),
    );
  });

  it('property: workingDaysBetween inverts addWorkingDays', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 1, max: 40 }), (d, n) => {
        const end = addWorkingDays(d, n);
        return workingDaysBetween(d, end) === n && workingDaysBetween(end, d) === -n;
      }),
    );
  });
});

describe('working days: workingDaysBetween', () => {
  it('counts from exclusive to inclusive', () => {
    expect(workingDaysBetween('2026-03-02', '2026-03-02')).to.equal(0);
    expect(workingDaysBetween('2026-03-02', '2026-03-09')).to.equal(5); // Mon → next Mon
    expect(workingDaysBetween('2026-03-27', '2026-04-10')).to.equal(7); // across Easter 2026
    expect(workingDaysBetween('2026-04-10', '2026-03-27')).to.equal(-7);
  });
});

describe('working days: Oslo dates and DST', () => {
  it('maps instants near midnight UTC to the right Oslo date in winter and summer', () => {
    expect(osloDate('2026-01-15T22:59:59Z')).to.equal('2026-01-15'); // UTC+1
    expect(osloDate('2026-01-15T23:00:00Z')).to.equal('2026-01-16');
    expect(osloDate('2026-07-15T21:59:59Z')).to.equal('2026-07-15'); // UTC+2
    expect(osloDate('2026-07-15T22:00:00Z')).to.equal('2026-07-16');
  });

  it('handles the last Sunday of March (clocks forward on 29 March 2026)', () => {
    expect(osloDate('2026-03-28T22:59:59Z')).to.equal('2026-03-28'); // Saturday, still UTC+1
    expect(osloDate('2026-03-28T23:00:00Z')).to.equal('2026-03-29');
    expect(osloDate('2026-03-29T21:59:59Z')).to.equal('2026-03-29'); // Sunday evening, now UTC+2
    expect(osloDate('2026-03-29T22:00:00Z')).to.equal('2026-03-30');
  });

  it('handles the last Sunday of October (clocks back on 25 October 2026)', () => {
    expect(osloDate('2026-10-24T21:59:59Z')).to.equal('2026-10-24'); // Saturday, still UTC+2
    expect(osloDate('2026-10-24T22:00:00Z')).to.equal('2026-10-25');
    expect(osloDate('2026-10-25T22:59:59Z')).to.equal('2026-10-25'); // Sunday evening, now UTC+1
    expect(osloDate('2026-10-25T23:00:00Z')).to.equal('2026-10-26');
  });

  it('gives Intl’s Oslo date at every quarter hour around both transitions of 2026, and again from what it kept', () => {
    const intlDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' });
    for (const day of ['2026-03-28', '2026-10-24', '1895-12-31', '1940-08-10']) {
      const start = Date.parse(`${day}T12:00:00Z`);
      for (let ms = start; ms < start + 48 * 3_600_000; ms += 15 * 60_000) {
        for (const at of [ms, ms + 59_999, ms - 1]) {
          const expected = intlDate.format(new Date(at));
          expect(osloDate(new Date(at)), new Date(at).toISOString()).to.equal(expected);
          expect(osloDate(new Date(at)), `${new Date(at).toISOString()} again`).to.equal(expected);
        }
      }
    }
  });

  it('passes a plain date through unchanged', () => {
    expect(osloDate('2026-03-29')).to.equal('2026-03-29');
  });

  it('endOfOsloDay is 23:59:59.999 Oslo time, including on DST days', () => {
    expect(endOfOsloDay('2026-01-15').toISOString()).to.equal('2026-01-15T22:59:59.999Z');
    expect(endOfOsloDay('2026-07-15').toISOString()).to.equal('2026-07-15T21:59:59.999Z');
    expect(endOfOsloDay('2026-03-28').toISOString()).to.equal('2026-03-28T22:59:59.999Z');
    expect(endOfOsloDay('2026-03-29').toISOString()).to.equal('2026-03-29T21:59:59.999Z');
    expect(endOfOsloDay('2026-10-24').toISOString()).to.equal('2026-10-24T21:59:59.999Z');
    expect(endOfOsloDay('2026-10-25').toISOString()).to.equal('2026-10-25T22:59:59.999Z');
  });

  it('property: endOfOsloDay is the last millisecond of that Oslo date', () => {
    fc.assert(
      fc.property(isoDate, (d) => {
        const end = endOfOsloDay(d).getTime();
        return osloDate(new Date(end)) === d && osloDate(new Date(end + 1)) !== d;
      }),
    );
  });
});
