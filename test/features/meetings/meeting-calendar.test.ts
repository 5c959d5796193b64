import { expect } from 'chai';
import type { CalendarResponse, TimeZoneDef, VEvent, VTimeZone } from 'node-ical';
import { Temporal } from 'temporal-polyfill';
import { MEETING_TIME_ZONE, occurrencesBetween, type Schedule } from '../../../src/domain/recurrence.js';
import {
  type MeetingCalendarInput,
  occurrenceCalendar,
  seriesCalendar,
} from '../../../src/features/meetings/meeting-calendar.js';

const iso = (d: unknown): string => {
  expect(d).to.be.instanceOf(Date);
  return (d as Date).toISOString();
};
const ms = (s: string) => Date.parse(s);

const monthly: Schedule = {
  recurrence: { kind: 'monthly', nth: 2, weekday: 'TU', everyMonths: 1 },
  from: '2026-01-01',
  time: '09:00',
  durationMinutes: 120,
};

const weekly: Schedule = {
  recurrence: { kind: 'weekly', weekday: 'TH', everyWeeks: 1 },
  from: '2026-03-01',
  until: '2026-11-30',
  time: '09:00',
  durationMinutes: 90,
};

const withChanges: Schedule = {
  ...monthly,
  exceptions: {
    '2026-03-10': { cancelled: true },
    '2026-04-14': { movedTo: { date: '2026-04-15', time: '10:30' } },
  },
};

const meeting = (
  schedule: Schedule,
  overrides: Partial<MeetingCalendarInput> = {},
): MeetingCalendarInput => ({
  uid: 'series-1@mh-nettverket',
  title: 'Nettverksmøte',
  schedule,
  updatedAt: '2026-01-05T12:00:00Z',
  ...overrides,
});

let ical: typeof import('node-ical');

const parse = (text: string): CalendarResponse => ical.sync.parseICS(text);
const events = (parsed: CalendarResponse): VEvent[] =>
  Object.values(parsed).filter((c): c is VEvent => c?.type === 'VEVENT');
const only = (parsed: CalendarResponse): VEvent => {
  const all = events(parsed);
  expect(all).to.have.length(1);
  return all[0]!;
};
/** The unfolded content lines of a file. */
const lines = (text: string) => text.replace(/\r\n[ \t]/g, '').split('\r\n');
const textOf = (value: unknown) =>
  typeof value === 'object' && value !== null && 'val' in value ? String(value.val) : String(value);

/** Start instants of the meetings that take place in [from, to], by node-ical's own expansion. */
function expanded(text: string, from: string, to: string): string[] {
  return only(parse(text)).rrule
    ? ical
        .expandRecurringEvent(only(parse(text)), { from: new Date(from), to: new Date(to) })
        .map((i) => iso(i.start))
    : [];
}

/** The same from the app's own recurrence, cancelled meetings left out. */
function expected(schedule: Schedule, from: string, to: string): string[] {
  return occurrencesBetween(schedule, ms(from), ms(to))
    .filter((o) => o.state !== 'cancelled')
    .map((o) => iso(new Date(o.startMs)));
}

describe('meeting calendar files', () => {
  /**
   * node-ical is loaded only now, after the code under test: on load it sets `globalThis.Temporal` to
   * its own older polyfill (0.3, which finds no time-zone change after 2035), and temporal-polyfill 1.0
   * takes a global Temporal as native. The global is removed again so later test files do not get it.
   */
  before(async () => {
    const had = Object.hasOwn(globalThis, 'Temporal');
    ical = (await import('node-ical')).default;
    if (!had) delete (globalThis as { Temporal?: unknown }).Temporal;
  });

  // node-ical 0.26 expands rules with rrule-temporal in the rule's TZID, so its instants should not
  // depend on the process's time zone; the expansion checks run under several to make sure (Node
  // reads TZ again when it is changed at run time).
  for (const [tz, januaryOffset] of [
    ['UTC', 0],
    ['America/New_York', 300],
    ['Asia/Tokyo', -540],
    ['Europe/Oslo', -60],
  ] as const) {
    describe(`a series, parsed with TZ=${tz}`, () => {
      const saved = process.env.TZ;
      before(() => {
        process.env.TZ = tz;
        expect(new Date('2026-01-01T00:00:00Z').getTimezoneOffset()).to.equal(januaryOffset);
      });
      after(() => {
        if (saved === undefined) delete process.env.TZ;
        else process.env.TZ = saved;
      });

      it('the second Tuesday at 09:00 Oslo time, across both DST changes', () => {
        const text = seriesCalendar(meeting(monthly));
        const event = only(parse(text));
        expect(iso(event.start)).to.equal('2026-01-13T08:00:00.000Z');
        expect(iso(event.end)).to.equal('2026-01-13T10:00:00.000Z');
        const starts = event.rrule!.between(new Date('2026-01-01'), new Date('2026-12-31'));
        expect(starts.map(iso).slice(0, 5)).to.deep.equal([
          '2026-01-13T08:00:00.000Z',
          '2026-02-10T08:00:00.000Z',
          '2026-03-10T08:00:00.000Z',
          '2026-04-14T07:00:00.000Z',
          '2026-05-12T07:00:00.000Z',
        ]);
        expect(starts.map(iso).slice(9)).to.deep.equal([
          '2026-10-13T07:00:00.000Z',
          '2026-11-10T08:00:00.000Z',
          '2026-12-08T08:00:00.000Z',
        ]);
        expect(expanded(text, '2026-01-01', '2028-01-01')).to.deep.equal(
          expected(monthly, '2026-01-01', '2028-01-01'),
        );
      });

      it('every Thursday at 09:00 across 29 March and 25 October, until the end date', () => {
        const text = seriesCalendar(meeting(weekly));
        const starts = expanded(text, '2026-01-01', '2027-12-31');
        expect(starts.filter((s) => s >= '2026-03-19' && s < '2026-04-10')).to.deep.equal([
          '2026-03-19T08:00:00.000Z',
          '2026-03-26T08:00:00.000Z',
          '2026-04-02T07:00:00.000Z',
          '2026-04-09T07:00:00.000Z',
        ]);
        expect(starts.filter((s) => s >= '2026-10-15' && s < '2026-11-06')).to.deep.equal([
          '2026-10-15T07:00:00.000Z',
          '2026-10-22T07:00:00.000Z',
          '2026-10-29T08:00:00.000Z',
          '2026-11-05T08:00:00.000Z',
        ]);
        expect(starts[0]).to.equal('2026-03-05T08:00:00.000Z');
        expect(starts.at(-1)).to.equal('2026-11-26T08:00:00.000Z');
        expect(starts).to.deep.equal(expected(weekly, '2026-01-01', '2027-12-31'));
      });

      it('a cancelled meeting is an EXDATE and a moved one an override at its new time', () => {
        const text = seriesCalendar(meeting(withChanges));
        const event = only(parse(text));
        expect(Object.values(event.exdate ?? {}).map(iso)).to.include('2026-03-10T08:00:00.000Z');
        const override = event.recurrences?.['2026-04-14'];
        expect(override?.uid).to.equal('series-1@mh-nettverket');
        expect(iso(override!.recurrenceid as Date)).to.equal('2026-04-14T07:00:00.000Z');
        expect(iso(override!.start)).to.equal('2026-04-15T08:30:00.000Z');
        expect(iso(override!.end)).to.equal('2026-04-15T10:30:00.000Z');
        const starts = expanded(text, '2026-01-01', '2026-12-31');
        expect(starts).to.not.include('2026-03-10T08:00:00.000Z');
        expect(starts).to.not.include('2026-04-14T07:00:00.000Z');
        expect(starts).to.include('2026-04-15T08:30:00.000Z');
        expect(starts).to.deep.equal(expected(withChanges, '2026-01-01', '2026-12-31'));
      });

      it('other rules expand as the app expands them', () => {
        const schedules: Schedule[] = [
          { ...weekly, recurrence: { kind: 'weekly', weekday: 'MO', everyWeeks: 2 }, until: undefined },
          { ...monthly, recurrence: { kind: 'monthly', nth: -1, weekday: 'FR', everyMonths: 3 } },
          { ...monthly, from: '2026-02-11', until: '2027-06-30', time: '13:15' },
        ];
        for (const schedule of schedules) {
          const text = seriesCalendar(meeting(schedule));
          expect(expanded(text, '2026-01-01', '2028-12-31')).to.deep.equal(
            expected(schedule, '2026-01-01', '2028-12-31'),
          );
        }
      });

      it('a series on dates is one event per date at the right instants', () => {
        const schedule: Schedule = {
          recurrence: { kind: 'dates', dates: ['2026-10-29', '2026-03-26', '2026-04-02', '2026-06-04'] },
          from: '2026-01-01',
          time: '09:00',
          durationMinutes: 60,
          exceptions: {
            '2026-06-04': { cancelled: true },
            '2026-04-02': { movedTo: { date: '2026-04-03', time: '12:00' } },
          },
        };
        const text = seriesCalendar(meeting(schedule));
        expect(text.slice(text.indexOf('BEGIN:VEVENT'))).to.not.match(/^(RRULE|RDATE|EXDATE|RECURRENCE-ID)/m);
        const all = events(parse(text)).sort((a, b) => a.start.getTime() - b.start.getTime());
        expect(all.map((e) => [e.uid, iso(e.start), e.status ?? null])).to.deep.equal([
          ['2026-03-26.series-1@mh-nettverket', '2026-03-26T08:00:00.000Z', null],
          ['2026-04-02.series-1@mh-nettverket', '2026-04-03T10:00:00.000Z', null],
          ['2026-06-04.series-1@mh-nettverket', '2026-06-04T07:00:00.000Z', 'CANCELLED'],
          ['2026-10-29.series-1@mh-nettverket', '2026-10-29T08:00:00.000Z', null],
        ]);
        expect(all.map((e) => iso(e.end))[0]).to.equal('2026-03-26T09:00:00.000Z');
      });
    });
  }

  it('writes Oslo local times with TZID, UNTIL in UTC and the exceptions as the platform notes ask', () => {
    const text = seriesCalendar(meeting({ ...withChanges, until: '2026-12-31' }));
    const content = lines(text);
    expect(content).to.include('DTSTART;TZID=Europe/Oslo:20260113T090000');
    expect(content).to.include('DTEND;TZID=Europe/Oslo:20260113T110000');
    expect(content).to.include('RRULE:FREQ=MONTHLY;BYDAY=2TU;UNTIL=20261231T225959Z');
    expect(content).to.include('EXDATE;TZID=Europe/Oslo:20260310T090000');
    expect(content).to.include('RECURRENCE-ID;TZID=Europe/Oslo:20260414T090000');
    expect(content).to.include('DTSTART;TZID=Europe/Oslo:20260415T103000');
    expect(content).to.include('DTSTAMP:20260105T120000Z');
    expect(content).to.include('LAST-MODIFIED:20260105T120000Z');
    expect(content.filter((l) => l === 'UID:series-1@mh-nettverket')).to.have.length(2);
  });

  it('has a VTIMEZONE for Europe/Oslo whose changes are Oslo’s', () => {
    const text = seriesCalendar(meeting(monthly));
    const zones = Object.values(parse(text)).filter((c): c is VTimeZone => c?.type === 'VTIMEZONE');
    expect(zones.map((z) => z.tzid)).to.deep.equal([MEETING_TIME_ZONE]);
    expect(text).to.not.include('Berlin');
    const parts = Object.values(zones[0]!).filter(
      (p): p is TimeZoneDef => typeof p === 'object' && p !== null && 'tzoffsetto' in p,
    );
    const rule = (type: string) => parts.find((p) => p.type === type)!;
    const daylight = rule('DAYLIGHT');
    const standard = rule('STANDARD');
    expect([
      daylight.tzoffsetfrom,
      daylight.tzoffsetto,
      standard.tzoffsetfrom,
      standard.tzoffsetto,
    ]).to.deep.equal(['+0100', '+0200', '+0200', '+0100']);
    expect(daylight.rrule).to.match(/BYMONTH=3;BYDAY=-1SU/);
    expect(standard.rrule).to.match(/BYMONTH=10;BYDAY=-1SU/);
    expect(lines(text)).to.include.members(['DTSTART:19700329T020000', 'DTSTART:19701025T030000']);
    // Against the platform's tz data: each year's changes in Oslo come at those rules' moments
    // (the last Sunday of March at 02:00 in +01:00, of October at 03:00 in +02:00) to those offsets.
    const offset = (hhmm: string) => hhmm.replace(/(\d\d)(\d\d)$/, '$1:$2');
    for (let year = 2026; year <= 2036; year++) {
      let z = Temporal.ZonedDateTime.from({ year, month: 1, day: 1, timeZone: MEETING_TIME_ZONE });
      for (const [part, month, local] of [
        [daylight, 3, '02:00'],
        [standard, 10, '03:00'],
      ] as const) {
        z = z.getTimeZoneTransition('next')!;
        const day31 = Temporal.PlainDate.from({ year, month, day: 31 });
        const lastSunday = day31.subtract({ days: day31.dayOfWeek % 7 });
        const ruleMoment = lastSunday.toPlainDateTime(local).toZonedDateTime(offset(part.tzoffsetfrom));
        expect(z.epochMilliseconds, `${year}-${month}`).to.equal(ruleMoment.epochMilliseconds);
        expect(z.offset).to.equal(offset(part.tzoffsetto));
      }
    }
  });

  it('round-trips text with commas, semicolons, backslashes, newlines and æøå', () => {
    const title = 'Nettverksmøte: handel, tvang; utnyttelse\\ — Ærlig, Øst & Åpen\nDel 2';
    const description = 'Agenda:\n1. Innledning; status\r\n2. Saker, spørsmål\n\nVelkommen!';
    const location = 'Møterom «Ørnen», 3. etg; UDI';
    const text = seriesCalendar(meeting(withChanges, { title, description, location }));
    const event = only(parse(text));
    expect(textOf(event.summary)).to.equal(title);
    expect(textOf(event.description)).to.equal(description.replace(/\r\n/g, '\n'));
    expect(textOf(event.location)).to.equal(location);
    const override = event.recurrences?.['2026-04-14'];
    expect(textOf(override?.summary)).to.equal(title);
  });

  it('drops control characters and keeps every line within 75 octets, CRLF-terminated', () => {
    const title = `Møte\u0000\u0007 ${'æøå, '.repeat(40)}`;
    const text = seriesCalendar(
      meeting(withChanges, {
        title,
        joinUrl: `https://teams.microsoft.com/l/meetup-join/${'x'.repeat(300)}`,
      }),
    );
    expect(text.endsWith('END:VCALENDAR\r\n')).to.equal(true);
    expect(text.replace(/\r\n/g, '')).to.not.match(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).to.be.at.most(75);
    expect(textOf(only(parse(text)).summary)).to.equal(`Møte ${'æøå, '.repeat(40)}`.trim());
  });

  it('puts the join link in URL and at the end of the description, unchanged as a link', () => {
    const joinUrl = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?context=a,b;c';
    const text = occurrenceCalendar(meeting(monthly, { joinUrl, description: 'Agenda' }), '2026-02-10');
    const event = only(parse(text));
    const written =
      'https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?context=a%2Cb%3Bc';
    expect(textOf(event.url)).to.equal(written);
    expect(textOf(event.description)).to.equal(`Agenda\n\n${written}`);
    expect(lines(text)).to.include(`URL;VALUE=URI:${written}`);
  });

  it('the file for one meeting has one event, at its new time if moved, cancelled if cancelled', () => {
    const plain = only(parse(occurrenceCalendar(meeting(withChanges), '2026-02-10')));
    expect([plain.uid, iso(plain.start), iso(plain.end), plain.rrule, plain.status]).to.deep.equal([
      '2026-02-10.series-1@mh-nettverket',
      '2026-02-10T08:00:00.000Z',
      '2026-02-10T10:00:00.000Z',
      undefined,
      undefined,
    ]);
    const moved = only(parse(occurrenceCalendar(meeting(withChanges), '2026-04-14')));
    expect([moved.uid, iso(moved.start)]).to.deep.equal([
      '2026-04-14.series-1@mh-nettverket',
      '2026-04-15T08:30:00.000Z',
    ]);
    const cancelled = only(parse(occurrenceCalendar(meeting(withChanges), '2026-03-10')));
    expect([iso(cancelled.start), cancelled.status]).to.deep.equal(['2026-03-10T08:00:00.000Z', 'CANCELLED']);
    expect(() => occurrenceCalendar(meeting(withChanges), '2026-02-11')).to.throw(/no such occurrence/);
  });

  it('a later change has a later SEQUENCE', () => {
    const sequence = (updatedAt: string) =>
      only(parse(seriesCalendar(meeting(monthly, { updatedAt })))).sequence;
    const a = Number(sequence('2026-01-05T12:00:00Z'));
    const b = Number(sequence('2026-01-05T12:00:01Z'));
    expect(b).to.be.greaterThan(a);
    expect(Number(sequence('2093-01-01T00:00:00Z'))).to.be.below(2 ** 31);
  });

  it('refuses input it cannot write faithfully', () => {
    const bad: [Partial<MeetingCalendarInput>, RegExp][] = [
      [{ uid: 'no-domain' }, /uid/],
      [{ uid: 'a@b\r\nX-EVIL:1' }, /uid/],
      [{ title: ' \u0000 ' }, /title/],
      [{ updatedAt: 'yesterday' }, /updatedAt/],
      [{ joinUrl: 'javascript:alert(1)' }, /http/],
      [{ joinUrl: 'not a url' }, /URL/],
      [{ schedule: { ...monthly, time: '25:00' } }, /schedule/],
      [{ schedule: { ...weekly, from: '2026-03-02', until: '2026-03-04' } }, /no occurrences/],
    ];
    for (const [overrides, message] of bad) {
      expect(() => seriesCalendar(meeting(monthly, overrides)), JSON.stringify(overrides)).to.throw(message);
    }
  });
});
