import { expect } from 'chai';
import type { CalendarResponse, VEvent } from 'node-ical';
import { FEATURES } from '../../../src/features/index.js';
import { signCalendarLink } from '../../../src/features/meetings/calendar-links.js';
import { calendarLinks } from '../../../src/features/meetings/calendar-route.js';
import type { MeetingSeries } from '../../../src/features/meetings/meeting-series.js';
import { meetingsIn } from '../../../src/features/meetings/meeting-store.js';
import { type Harness, startHarness } from '../../support/bot-harness.js';

// The bot's own features: the meetings feature registers the route and its settings.
const features = FEATURES;

const SECRET = 'calendar-test-secret-0123456789-abcdef';
const PUBLIC_BASE_URL = 'https://mh-bot.example.org';
const ENV = { CALENDAR_LINK_SECRET: SECRET, PUBLIC_BASE_URL };
const NOW = '2026-12-01T12:00:00.000Z';

const SERIES_ID = 'b7e2c0d4-1f3a-4c5e-8d9b-0a1b2c3d4e5f';
const ENDED_ID = 'c0ffee00-1f3a-4c5e-8d9b-0a1b2c3d4e5f';
const UNKNOWN_ID = 'd00d0000-1f3a-4c5e-8d9b-0a1b2c3d4e5f';
const ORGANISER = 'organiser-aad-4711';
const INVITEE = 'invitee-aad-4712';
const REFERENCE = 'M-2026-0042';
const JOIN_URL = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0';

const NOT_FOUND = { error: { code: 'not_found', message: 'No such resource.' } };
const FORBIDDEN = { error: { code: 'forbidden', message: 'Access to this resource is refused.' } };
const GONE = { error: { code: 'gone', message: 'This resource is no longer available.' } };

/** Second Tuesday of every month at 09:00 Oslo; February's cancelled, May's moved a day and a half hour on. */
function series(id: string, state: MeetingSeries['state'] = 'active'): MeetingSeries {
  return {
    id,
    reference: REFERENCE,
    kind: 'meeting-series',
    state,
    createdAt: '2026-11-20T10:00:00.000Z',
    createdBy: ORGANISER,
    updatedAt: '2026-11-25T10:00:00.000Z',
    history: [],
    parties: [],
    cardVersion: 0,
    title: 'Nettverksmøte MH',
    meetingKind: 'adhoc',
    organiser: ORGANISER,
    invited: [ORGANISER, INVITEE],
    schedule: {
      recurrence: { kind: 'monthly', nth: 2, weekday: 'TU', everyMonths: 1 },
      from: '2027-01-01',
      time: '09:00',
      durationMinutes: 90,
      exceptions: {
        '2027-02-09': { cancelled: true },
        '2027-05-11': { movedTo: { date: '2027-05-12', time: '10:30' } },
      },
    },
    place: 'Møterom Nordlys',
    joinUrl: JOIN_URL,
    description: 'Status fra avdelingene.',
    agendaDeadlineDays: 7,
    offsets: [],
  };
}

let ical: typeof import('node-ical');
const parse = (text: string): CalendarResponse => ical.sync.parseICS(text);
const events = (text: string): VEvent[] =>
  Object.values(parse(text)).filter((c): c is VEvent => c?.type === 'VEVENT');
const iso = (d: unknown) => (d as Date).toISOString();
/** The wall-clock time in Oslo of an instant. */
const osloTime = (d: unknown) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Oslo',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d as Date);
/** The unfolded content lines of a file. */
const lines = (text: string) => text.replace(/\r\n[ \t]/g, '').split('\r\n');

describe('meetings: calendar files under signed links, through the real server', () => {
  let h: Harness;
  let now: Date;

  before(async () => {
    // Loaded late, as in meeting-calendar.test.ts: node-ical sets a global Temporal of its own.
    const had = Object.hasOwn(globalThis, 'Temporal');
    ical = (await import('node-ical')).default;
    if (!had) delete (globalThis as { Temporal?: unknown }).Temporal;
  });

  afterEach(async () => {
    await h?.close();
  });

  async function start(env: Record<string, string> = ENV): Promise<void> {
    now = new Date(NOW);
    h = await startHarness(env, { features, now: () => now });
    await h.bot.app.store.run(async (uow) => {
      await meetingsIn(uow).putSeries(series(SERIES_ID));
      await meetingsIn(uow).putSeries(series(ENDED_ID, 'ended'));
    });
  }

  /** Fetches a link (absolute, as a card has it) from the running bot. */
  function get(link: string, method = 'GET'): Promise<Response> {
    const url = new URL(link);
    expect(url.origin).to.equal(PUBLIC_BASE_URL);
    return fetch(`${h.bot.url}${url.pathname}${url.search}`, { method });
  }
  const links = () => {
    const made = calendarLinks(h.bot.app);
    expect(made).to.not.equal(undefined);
    return made!;
  };
  const signed = (target: { series: string; occurrence?: string }) =>
    `${PUBLIC_BASE_URL}${signCalendarLink(SECRET, target, now.getTime() + 86_400_000)}`;

  async function expectRefused(link: string, status: number, body: unknown): Promise<void> {
    const response = await get(link);
    expect(response.status, link).to.equal(status);
    expect(response.headers.get('content-type'), link).to.match(/^application\/json/);
    expect(await response.json(), link).to.deep.equal(body);
  }

  it('serves the series as a download: 09:00 Oslo on both sides of the spring change, the cancelled one an EXDATE, the moved one at its new time', async () => {
    await start();
    const response = await get(links().series(SERIES_ID));
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('text/calendar; charset=utf-8');
    expect(response.headers.get('content-disposition')).to.equal(
      'attachment; filename="mh-nettverket-moteserie.ics"',
    );
    expect(response.headers.get('cache-control')).to.equal('no-store');
    expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
    const text = await response.text();

    const [event, ...others] = events(text);
    expect(others).to.deep.equal([]);
    expect(event!.uid).to.equal(`${SERIES_ID}@mh-nettverket`);
    expect(lines(text)).to.include('DTSTART;TZID=Europe/Oslo:20270112T090000');
    const starts = ical
      .expandRecurringEvent(event!, { from: new Date('2027-01-01'), to: new Date('2027-06-30') })
      .map((instance) => instance.start);
    expect(starts.map(iso)).to.deep.equal([
      '2027-01-12T08:00:00.000Z',
      '2027-03-09T08:00:00.000Z',
      '2027-04-13T07:00:00.000Z', // after 28 March 2027: summer time, still 09:00 in Oslo
      '2027-05-12T08:30:00.000Z',
      '2027-06-08T07:00:00.000Z',
    ]);
    expect(starts.map(osloTime)).to.deep.equal(['09:00', '09:00', '09:00', '10:30', '09:00']);
    // node-ical files an EXDATE under its date and its date-time: the same instant twice.
    expect([...new Set(Object.values(event!.exdate ?? {}).map(iso))]).to.deep.equal([
      '2027-02-09T08:00:00.000Z',
    ]);
    const moved = event!.recurrences?.['2027-05-11'];
    expect(iso(moved?.recurrenceid)).to.equal('2027-05-11T07:00:00.000Z');
    expect(iso(moved?.start)).to.equal('2027-05-12T08:30:00.000Z');
  });

  it('says what the series says and nothing else: no organiser, invitee, reference or kind', async () => {
    await start();
    const text = await (await get(links().series(SERIES_ID))).text();
    const [event] = events(text);
    expect(event!.summary).to.equal('Nettverksmøte MH');
    expect(event!.location).to.equal('Møterom Nordlys');
    expect(event!.description).to.equal(`Status fra avdelingene.\n\n${JOIN_URL}`);
    for (const secret of [ORGANISER, INVITEE, REFERENCE, 'adhoc', SECRET])
      expect(text).not.to.contain(secret);
  });

  it('serves one meeting: before and after the change at 09:00 Oslo, the moved one where it went, the cancelled one marked so', async () => {
    await start();
    const one = async (date: string, movedTo?: string) => {
      const response = await get(links().meeting(SERIES_ID, date, movedTo));
      expect(response.status, date).to.equal(200);
      expect(response.headers.get('content-disposition'), date).to.equal(
        `attachment; filename="mh-nettverket-mote-${date}.ics"`,
      );
      const all = events(await response.text());
      expect(all, date).to.have.length(1);
      expect(all[0]!.uid).to.equal(`${date}.${SERIES_ID}@mh-nettverket`);
      return all[0]!;
    };
    const january = await one('2027-01-12');
    expect([iso(january.start), osloTime(january.start)]).to.deep.equal([
      '2027-01-12T08:00:00.000Z',
      '09:00',
    ]);
    const april = await one('2027-04-13');
    expect([iso(april.start), osloTime(april.start)]).to.deep.equal(['2027-04-13T07:00:00.000Z', '09:00']);
    expect(iso(april.end)).to.equal('2027-04-13T08:30:00.000Z');
    const may = await one('2027-05-11', '2027-05-12');
    expect(iso(may.start)).to.equal('2027-05-12T08:30:00.000Z');
    expect(may.status ?? null).to.equal(null);
    const february = await one('2027-02-09');
    expect(february.status).to.equal('CANCELLED');
  });

  it('makes a series link valid 400 days and a one-meeting link until 30 days after the meeting (after its new day if moved)', async () => {
    await start();
    const exp = (link: string) => Number(new URL(link).searchParams.get('exp')) * 1000;
    expect(exp(links().series(SERIES_ID))).to.equal(Date.parse(NOW) + 400 * 86_400_000);
    // The end of 13 May 2027 in Oslo (summer time).
    expect(new Date(exp(links().meeting(SERIES_ID, '2027-04-13'))).toISOString()).to.equal(
      '2027-05-13T22:00:00.000Z',
    );
    // Moved to 12 May: the end of 11 June.
    expect(new Date(exp(links().meeting(SERIES_ID, '2027-05-11', '2027-05-12'))).toISOString()).to.equal(
      '2027-06-11T22:00:00.000Z',
    );
    // The end of 11 February 2027 (winter time).
    expect(new Date(exp(links().meeting(SERIES_ID, '2027-01-12'))).toISOString()).to.equal(
      '2027-02-11T23:00:00.000Z',
    );
  });

  it('answers HEAD like GET, without the file', async () => {
    await start();
    const response = await get(links().series(SERIES_ID), 'HEAD');
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('text/calendar; charset=utf-8');
    expect(Number(response.headers.get('content-length'))).to.be.greaterThan(500);
    expect(await response.text()).to.equal('');
  });

  it('refuses a tampered link with a fixed body: one character of the signature, the series, the date or the expiry', async () => {
    await start();
    const seriesLink = links().series(SERIES_ID);
    const meetingLink = links().meeting(SERIES_ID, '2027-04-13');
    expect((await get(seriesLink)).status).to.equal(200);
    expect((await get(meetingLink)).status).to.equal(200);
    const flip = (text: string, at: number) => {
      const c = text[at]!;
      return `${text.slice(0, at)}${c === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
    };
    const sigAt = seriesLink.indexOf('sig=') + 4;
    const expAt = seriesLink.indexOf('exp=') + 6;
    const tampered = [
      flip(seriesLink, sigAt),
      flip(seriesLink, seriesLink.length - 1),
      seriesLink.replace(SERIES_ID, SERIES_ID.replace('b7e2', 'b7e3')),
      seriesLink.replace(/exp=\d+/, (m) => `${m.slice(0, -1)}${(Number(m.at(-1)) + 1) % 10}`),
      `${seriesLink.slice(0, expAt)}${(Number(seriesLink[expAt]) + 1) % 10}${seriesLink.slice(expAt + 1)}`,
      meetingLink.replace('2027-04-13', '2027-04-14'),
      meetingLink.replace(`/2027-04-13.ics`, '.ics'),
    ];
    for (const link of tampered) {
      expect(link).not.to.equal(seriesLink);
      await expectRefused(link, 403, FORBIDDEN);
    }
    // Not a link this server makes at all (uppercase, an extra parameter, no signature): not there.
    for (const link of [
      seriesLink.replace('b7e2', 'B7E2'),
      `${seriesLink}&x=1`,
      seriesLink.replace(/&sig=.*$/, ''),
      `${PUBLIC_BASE_URL}/api/calendar/${SERIES_ID}.ics`,
    ])
      await expectRefused(link, 404, NOT_FOUND);
  });

  it('refuses an expired link with a fixed body (the app clock past its expiry), and serves it until then', async () => {
    await start();
    const link = links().meeting(SERIES_ID, '2027-01-12');
    const expiresMs = Number(new URL(link).searchParams.get('exp')) * 1000;
    now = new Date(expiresMs - 1000);
    expect((await get(link)).status).to.equal(200);
    now = new Date(expiresMs);
    await expectRefused(link, 410, GONE);
    now = new Date(NOW);
    const seriesLink = links().series(SERIES_ID);
    now = new Date(Date.parse(NOW) + 401 * 86_400_000);
    await expectRefused(seriesLink, 410, GONE);
  });

  it('answers 404 for a date not in the series, an unknown series, and an ended series', async () => {
    await start();
    for (const link of [
      signed({ series: SERIES_ID, occurrence: '2027-04-14' }), // a Wednesday
      signed({ series: SERIES_ID, occurrence: '2026-12-08' }), // a second Tuesday before the series starts
      signed({ series: SERIES_ID, occurrence: '2027-05-12' }), // where May's went, not its date in the series
      signed({ series: SERIES_ID, occurrence: '2027-02-30' }), // no such day
      signed({ series: UNKNOWN_ID }),
      signed({ series: UNKNOWN_ID, occurrence: '2027-04-13' }),
      signed({ series: ENDED_ID }),
      signed({ series: ENDED_ID, occurrence: '2027-04-13' }),
    ])
      await expectRefused(link, 404, NOT_FOUND);
    expect((await get(signed({ series: SERIES_ID, occurrence: '2027-04-13' }))).status).to.equal(200);
  });

  it('keeps links out of the log: the route pattern only, no ids, no signatures', async () => {
    await start();
    await (await get(links().series(SERIES_ID))).text();
    await (await get(signed({ series: UNKNOWN_ID }))).text();
    const access = h.logs.filter((line) => line.msg === 'request' && line.method === 'GET');
    expect(access.map((line) => [line.route, line.status])).to.deep.equal([
      ['/api/calendar/*', 200],
      ['/api/calendar/*', 404],
    ]);
    const logged = JSON.stringify(h.logs);
    for (const secret of [SERIES_ID, UNKNOWN_ID, 'sig=', 'exp=', SECRET])
      expect(logged).not.to.contain(secret);
  });

  it('without the settings there are no calendar links, and the route answers 404', async () => {
    await start({});
    expect(calendarLinks(h.bot.app)).to.equal(undefined);
    await expectRefused(signed({ series: SERIES_ID }), 404, NOT_FOUND);
    await expectRefused(signed({ series: SERIES_ID, occurrence: '2027-04-13' }), 404, NOT_FOUND);
  });
});
