import { expect } from 'chai';
import fc from 'fast-check';
import {
  isOriginalDate,
  NTHS,
  nextOccurrences,
  occurrencesBetween,
  rruleText,
  type Schedule,
  scheduleProblems,
  WEEKDAYS,
} from '../../src/domain/recurrence.js';

const ms = (iso: string): number => Date.parse(iso);
const YEAR_2026: [number, number] = [ms('2026-01-01T00:00:00Z'), ms('2026-12-31T23:59:59Z')];

const secondTuesday: Schedule = {
  recurrence: { kind: 'monthly', nth: 2, weekday: 'TU', everyMonths: 1 },
  from: '2026-01-01',
  time: '09:00',
  durationMinutes: 120,
};

/** Oslo's local date, time and weekday of an instant, from Intl (independent of the code under test). */
const osloLocal = (instant: number) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Oslo',
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
    weekday: String(parts.weekday).slice(0, 2).toUpperCase(),
  };
};

describe('recurrence: what people say, as occurrences in Oslo time', () => {
  it('every month on the second Tuesday at 09:00: the right dates, at 09:00 in winter and summer', () => {
    const all = occurrencesBetween(secondTuesday, ...YEAR_2026);
    expect(all.map((o) => o.start)).to.deep.equal([
      '2026-01-13T09:00:00+01:00',
      '2026-02-10T09:00:00+01:00',
      '2026-03-10T09:00:00+01:00',
      '2026-04-14T09:00:00+02:00',
      '2026-05-12T09:00:00+02:00',
      '2026-06-09T09:00:00+02:00',
      '2026-07-14T09:00:00+02:00',
      '2026-08-11T09:00:00+02:00',
      '2026-09-08T09:00:00+02:00',
      '2026-10-13T09:00:00+02:00',
      '2026-11-10T09:00:00+01:00',
      '2026-12-08T09:00:00+01:00',
    ]);
    expect(all[0]).to.include({ id: '2026-01-13', date: '2026-01-13', time: '09:00', state: 'scheduled' });
    expect(all[0]!.end).to.equal('2026-01-13T11:00:00+01:00');
    expect(all[0]!.startMs).to.equal(ms('2026-01-13T08:00:00Z'));
  });

  it('every week on Thursday stays at 09:00 local across both DST changes of 2026 (the instant moves by an hour)', () => {
    const weekly: Schedule = {
      recurrence: { kind: 'weekly', weekday: 'TH', everyWeeks: 1 },
      from: '2026-03-19',
      time: '09:00',
      durationMinutes: 60,
    };
    const spring = occurrencesBetween(weekly, ms('2026-03-19T00:00:00Z'), ms('2026-04-03T00:00:00Z'));
    expect(spring.map((o) => o.start)).to.deep.equal([
      '2026-03-19T09:00:00+01:00',
      '2026-03-26T09:00:00+01:00',
      '2026-04-02T09:00:00+02:00',
    ]);
    expect(spring[2]!.startMs - spring[1]!.startMs).to.equal(7 * 86_400_000 - 3_600_000);
    const autumn = occurrencesBetween(weekly, ms('2026-10-20T00:00:00Z'), ms('2026-11-06T00:00:00Z'));
    expect(autumn.map((o) => o.start)).to.deep.equal([
      '2026-10-22T09:00:00+02:00',
      '2026-10-29T09:00:00+01:00',
      '2026-11-05T09:00:00+01:00',
    ]);
    expect(autumn[1]!.startMs - autumn[0]!.startMs).to.equal(7 * 86_400_000 + 3_600_000);
  });

  it('every third month, every other week and the last Friday of the month', () => {
    const quarterly: Schedule = {
      ...secondTuesday,
      recurrence: { kind: 'monthly', nth: 2, weekday: 'TU', everyMonths: 3 },
    };
    expect(occurrencesBetween(quarterly, ...YEAR_2026).map((o) => o.date)).to.deep.equal([
      '2026-01-13',
      '2026-04-14',
      '2026-07-14',
      '2026-10-13',
    ]);
    const fortnightly: Schedule = {
      ...secondTuesday,
      recurrence: { kind: 'weekly', weekday: 'MO', everyWeeks: 2 },
      from: '2026-01-05',
    };
    expect(
      occurrencesBetween(fortnightly, ms('2026-01-01T00:00Z'), ms('2026-02-10T00:00Z')).map((o) => o.date),
    ).to.deep.equal(['2026-01-05', '2026-01-19', '2026-02-02']);
    const lastFriday: Schedule = {
      ...secondTuesday,
      recurrence: { kind: 'monthly', nth: -1, weekday: 'FR', everyMonths: 1 },
    };
    expect(
      occurrencesBetween(lastFriday, ms('2026-01-01T00:00Z'), ms('2026-04-01T00:00Z')).map((o) => o.date),
    ).to.deep.equal(['2026-01-30', '2026-02-27', '2026-03-27']);
  });

  it('on these dates: sorted, at the series time, within from and until (inclusive)', () => {
    const dates: Schedule = {
      recurrence: { kind: 'dates', dates: ['2026-06-02', '2026-03-03', '2026-12-01', '2025-12-01'] },
      from: '2026-01-01',
      until: '2026-06-02',
      time: '13:30',
      durationMinutes: 90,
    };
    expect(
      occurrencesBetween(dates, ms('2020-01-01T00:00Z'), ms('2030-01-01T00:00Z')).map((o) => o.start),
    ).to.deep.equal(['2026-03-03T13:30:00+01:00', '2026-06-02T13:30:00+02:00']);
  });

  it('ends on its until date, inclusive', () => {
    const until: Schedule = { ...secondTuesday, until: '2026-03-10' };
    expect(occurrencesBetween(until, ...YEAR_2026).map((o) => o.date)).to.deep.equal([
      '2026-01-13',
      '2026-02-10',
      '2026-03-10',
    ]);
    expect(nextOccurrences(until, ms('2026-03-11T00:00Z'), 5)).to.deep.equal([]);
  });

  it('a cancelled occurrence is shown as cancelled and left out of the next dates', () => {
    const cancelled: Schedule = { ...secondTuesday, exceptions: { '2026-02-10': { cancelled: true } } };
    const feb = occurrencesBetween(cancelled, ms('2026-02-01T00:00Z'), ms('2026-02-28T00:00Z'));
    expect(feb.map((o) => [o.id, o.state])).to.deep.equal([['2026-02-10', 'cancelled']]);
    expect(nextOccurrences(cancelled, ms('2026-01-14T00:00Z'), 3).map((o) => o.date)).to.deep.equal([
      '2026-03-10',
      '2026-04-14',
      '2026-05-12',
    ]);
  });

  it('a moved occurrence keeps its id and is found where it went, also across a month boundary and DST', () => {
    const moved: Schedule = {
      ...secondTuesday,
      exceptions: { '2026-03-10': { movedTo: { date: '2026-04-01', time: '10:15' } } },
    };
    expect(occurrencesBetween(moved, ms('2026-03-01T00:00Z'), ms('2026-03-31T00:00Z'))).to.deep.equal([]);
    const april = occurrencesBetween(moved, ms('2026-04-01T00:00Z'), ms('2026-04-30T00:00Z'));
    expect(april.map((o) => [o.id, o.state, o.start])).to.deep.equal([
      ['2026-03-10', 'moved', '2026-04-01T10:15:00+02:00'],
      ['2026-04-14', 'scheduled', '2026-04-14T09:00:00+02:00'],
    ]);
    // An exception on a date that is not an occurrence is ignored.
    const stray: Schedule = {
      ...secondTuesday,
      exceptions: { '2026-03-11': { movedTo: { date: '2026-03-20', time: '09:00' } } },
    };
    expect(
      occurrencesBetween(stray, ms('2026-03-01T00:00Z'), ms('2026-03-31T00:00Z')).map((o) => o.id),
    ).to.deep.equal(['2026-03-10']);
  });

  it('the next five dates, as the form shows them before saving', () => {
    expect(nextOccurrences(secondTuesday, ms('2026-05-12T07:00:00Z'), 5).map((o) => o.date)).to.deep.equal([
      '2026-05-12',
      '2026-06-09',
      '2026-07-14',
      '2026-08-11',
      '2026-09-08',
    ]);
    const yearly: Schedule = {
      ...secondTuesday,
      recurrence: { kind: 'monthly', nth: 1, weekday: 'MO', everyMonths: 12 },
    };
    expect(nextOccurrences(yearly, ms('2026-01-01T00:00Z'), 3).map((o) => o.date)).to.deep.equal([
      '2026-01-05',
      '2027-01-04',
      '2028-01-03',
    ]);
  });

  it('knows its original dates', () => {
    expect(isOriginalDate(secondTuesday, '2026-02-10')).to.equal(true);
    expect(isOriginalDate(secondTuesday, '2026-02-11')).to.equal(false);
    expect(isOriginalDate(secondTuesday, '2025-12-09')).to.equal(false);
    expect(isOriginalDate(secondTuesday, 'not a date')).to.equal(false);
  });

  it('writes the RFC 5545 rule: DTSTART at the first occurrence in Oslo time, UNTIL in UTC, RDATEs for dates', () => {
    expect(rruleText(secondTuesday)).to.equal(
      'DTSTART;TZID=Europe/Oslo:20260113T090000\nRRULE:FREQ=MONTHLY;BYDAY=2TU',
    );
    expect(
      rruleText({
        ...secondTuesday,
        recurrence: { kind: 'monthly', nth: 2, weekday: 'TU', everyMonths: 3 },
        until: '2026-12-31',
      }),
    ).to.equal(
      'DTSTART;TZID=Europe/Oslo:20260113T090000\nRRULE:FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU;UNTIL=20261231T225959Z',
    );
    expect(
      rruleText({
        ...secondTuesday,
        recurrence: { kind: 'weekly', weekday: 'TH', everyWeeks: 2 },
        from: '2026-07-01',
      }),
    ).to.equal('DTSTART;TZID=Europe/Oslo:20260702T090000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TH');
    expect(
      rruleText({ ...secondTuesday, recurrence: { kind: 'dates', dates: ['2026-06-02', '2026-03-03'] } }),
    ).to.equal(
      'DTSTART;TZID=Europe/Oslo:20260303T090000\nRDATE;TZID=Europe/Oslo:20260303T090000,20260602T090000',
    );
  });

  it('names what is wrong with a schedule', () => {
    expect(scheduleProblems(secondTuesday)).to.deep.equal([]);
    expect(
      scheduleProblems({
        recurrence: { kind: 'monthly', nth: 5 as never, weekday: 'SA' as never, everyMonths: 0 },
        from: '2026-02-30',
        until: '2025-01-01',
        time: '24:00',
        durationMinutes: 0,
        exceptions: { nope: { cancelled: true } },
      }),
    ).to.deep.equal(['from', 'until', 'time', 'duration', 'rule', 'every', 'exception']);
    expect(scheduleProblems({ ...secondTuesday, recurrence: { kind: 'dates', dates: [] } })).to.deep.equal([
      'dates',
    ]);
    expect(
      scheduleProblems({
        ...secondTuesday,
        recurrence: { kind: 'dates', dates: ['2026-01-01', '2026-01-01'] },
      }),
    ).to.deep.equal(['dates']);
  });

  it('property: every occurrence of a weekly or monthly rule is on its weekday, at its local time, in order', () => {
    const schedule = fc.record({
      recurrence: fc.oneof(
        fc.record({
          kind: fc.constant('monthly' as const),
          nth: fc.constantFrom(...NTHS),
          weekday: fc.constantFrom(...WEEKDAYS),
          everyMonths: fc.integer({ min: 1, max: 12 }),
        }),
        fc.record({
          kind: fc.constant('weekly' as const),
          weekday: fc.constantFrom(...WEEKDAYS),
          everyWeeks: fc.integer({ min: 1, max: 4 }),
        }),
      ),
      from: fc
        .date({ min: new Date('2024-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      time: fc
        .tuple(fc.integer({ min: 6, max: 20 }), fc.constantFrom(0, 15, 30, 45))
        .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
      durationMinutes: fc.constant(60),
    });
    fc.assert(
      fc.property(schedule, (s: Schedule) => {
        const start = Date.parse(`${s.from}T00:00:00Z`) - 86_400_000;
        const found = occurrencesBetween(s, start, start + 3 * 366 * 86_400_000);
        expect(found.length).to.be.greaterThan(0);
        for (const [i, o] of found.entries()) {
          const local = osloLocal(o.startMs);
          expect(local.time, o.start).to.equal(s.time);
          expect(local.date, o.start).to.equal(o.date);
          expect(local.weekday, o.start).to.equal(
            s.recurrence.kind === 'dates' ? local.weekday : s.recurrence.weekday,
          );
          expect(o.date >= s.from).to.equal(true);
          if (i > 0) expect(o.startMs).to.be.greaterThan(found[i - 1]!.startMs);
        }
      }),
      { numRuns: 60 },
    );
  });
});
