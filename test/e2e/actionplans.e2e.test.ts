/**
 * Action plans end to end (issue 14), through the real server and a fake Bot Connector with the bot's
 * clock under the test's control: the UDI coordinator registers a measure from a national action plan
 * (a forged owner and an owner outside the department refused next to the field), its owner gets it
 * on a card; at the start of the next quarter the owner is asked for a status, once; the owner
 * reports and the UDI coordinator's card is updated in place; the owner is reminded before the due
 * date, once; the working day after the due date the UDI coordinator is told it is overdue, once;
 * the status report downloads behind its signed link. Refusals on the way.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { t } from '../../src/cards/i18n.js';
import { textOf, verbsOf } from '../support/card-inspect.js';
import { cardAction, type TestUser, user } from '../support/teams-activities.js';
import {
  choicesOf,
  errorAfter,
  member,
  personalId,
  type Session,
  startSession,
  visibleInput,
} from '../support/ux.js';
import { actionsOf } from '../support/verb-cases.js';

type Card = Record<string, unknown>;

const udi = user(1, 'Kari UDI');
const asa = user(2, 'Asle ASA');
const owner = user(3, 'Eva Eier');
const opaContact = user(4, 'Ola Opa');
const outsider = user(5, 'Otto Utenfor');

const ROSTER = [
  member(udi, [{ kind: 'coordinator', department: 'AUA' }]),
  member(asa, [{ kind: 'coordinator', department: 'ASA' }]),
  member(owner, [{ kind: 'contact', department: 'ASA', unitId: 'asa-unit-1' }]),
  member(opaContact, [{ kind: 'contact', department: 'OPA', unitId: 'opa-family' }]),
];
const EVERYONE = [udi, asa, owner, opaContact, outsider];

const SECRET = 'actionplan-e2e-secret-0123456789-abcdef';
const BASE = 'https://mh-bot.example.org';
const ENV = { CALENDAR_LINK_SECRET: SECRET, PUBLIC_BASE_URL: BASE, ACTIONPLAN_REMINDER_WORKING_DAYS: '2' };

/** Monday 4 January 2027, 09:00 in Oslo (after the January status requests' moment). */
const T0 = '2027-01-04T08:00:00.000Z';
const PLAN = 'Handlingsplan mot menneskehandel 2025–2028';
const TITLE = 'Bedre identifisering av mulige ofre i asylmottak';
const REPORT = 'Opplæringen av mottaksansatte er i gang.';
const nb = (key: string, vars?: Record<string, string | number>) => t('nb', key, vars);

describe('action plans, end to end (issue 14)', function () {
  this.timeout(60_000);
  let s: Session;

  afterEach(async () => {
    await s?.close();
  });

  async function at(iso: string): Promise<void> {
    s.clock = new Date(iso);
    await s.h.bot.scheduler.runNow();
    await s.drain();
  }
  const mark = () => s.h.connector.activities.length;
  const inChat = (who: TestUser, from: number, method: 'POST' | 'PUT') =>
    s.h.connector.activities
      .slice(from)
      .filter((a) => a.method === method && a.conversationId === personalId(who))
      .map((a) => s.h.connector.cardOf(a)!)
      .filter((card) => /HP-\d{4}-\d{4}/.test(textOf(card)));
  /** Clicks `verb` on `card`, the card of message `messageId` in `who`'s chat (Teams names it). */
  async function press(
    who: TestUser,
    card: Card,
    verb: string,
    typed: Record<string, unknown> = {},
    messageId?: string,
  ): Promise<Card> {
    const data = actionsOf(card, verb)[0];
    expect(data, `a ${verb} button on the card: ${textOf(card)}`).to.exist;
    const { status, body } = await s.h.post(
      cardAction({
        serviceUrl: s.h.connector.url,
        from: who,
        verb,
        data: { ...data, ...typed },
        ...(messageId ? { replyToId: messageId } : {}),
      }),
    );
    expect(status).to.equal(200);
    return (body as { value: Card }).value;
  }

  it('register → asked at the quarter → status reported (UDI card updated) → reminded → overdue once → exported', async () => {
    s = await startSession({ roster: ROSTER, greet: EVERYONE, at: T0, env: ENV });

    // The list for the UDI coordinator, with "Nytt tiltak"; nobody else may register.
    const list = await s.say(udi, 'tiltak');
    const listMessage = s.posts(udi).at(-1)!;
    expect(textOf(list)).to.include(nb('actionplans.list.title'));
    expect(verbsOf(list)).to.include.members(['actionplans.new', 'actionplans.export']);
    for (const who of [asa, owner]) {
      const theirs = await s.say(who, 'measures');
      expect(verbsOf(theirs), who.name).not.to.include('actionplans.new');
      const form = await s.click(who, 'actionplans.new');
      expect(verbsOf(form), who.name).not.to.include('actionplans.save');
    }
    const outsiders = await s.say(outsider, 'tiltak');
    expect(textOf(outsiders)).not.to.include(nb('actionplans.list.title'));

    const form = await press(udi, list, 'actionplans.new', {}, listMessage.id);
    expect(choicesOf(form, 'owner').map((c) => c.value)).to.include(owner.aadObjectId);
    const typed = { title: TITLE, plan: PLAN, department: 'ASA', due: '2027-06-11' };

    // A forged owner: refused next to the field and never shown back; what was typed is kept.
    const forged = await press(
      udi,
      form,
      'actionplans.save',
      { ...typed, owner: 'aad-forged-1' },
      listMessage.id,
    );
    expect(errorAfter(forged, 'owner')).to.equal(nb('actionplans.errors.invalid'));
    expect(visibleInput(forged, 'owner')?.value ?? '').to.equal('');
    expect(JSON.stringify(forged)).not.to.include('aad-forged-1');
    expect(visibleInput(forged, 'title')?.value).to.equal(TITLE);
    // An owner outside the owning department (and no coordinator).
    const outside = await press(
      udi,
      forged,
      'actionplans.save',
      { ...typed, owner: opaContact.aadObjectId },
      listMessage.id,
    );
    expect(errorAfter(outside, 'owner')).to.equal(nb('actionplans.errors.owner-department'));

    let from = mark();
    const saved = await press(
      udi,
      outside,
      'actionplans.save',
      { ...typed, owner: owner.aadObjectId },
      listMessage.id,
    );
    expect(textOf(saved)).to.include(nb('actionplans.banners.registered'));
    expect(textOf(saved)).to.include('HP-2027-0001');
    expect(verbsOf(saved)).to.include.members(['actionplans.close', 'actionplans.show']);
    expect(verbsOf(saved), 'the UDI coordinator does not report').not.to.include('actionplans.report');
    await s.drain();
    const assigned = inChat(owner, from, 'POST');
    expect(assigned, 'the owner gets the measure').to.have.length(1);
    expect(textOf(assigned[0])).to.include(nb('actionplans.banners.assigned'));
    expect(verbsOf(assigned[0])).to.include('actionplans.report');

    // Someone else cannot report on it.
    const notTheirs = await press(opaContact, assigned[0]!, 'actionplans.report', {
      status: 'done',
      statusText: 'Ferdig',
    });
    expect(verbsOf(notTheirs)).not.to.include('actionplans.report');
    expect(textOf(notTheirs)).not.to.include('Ferdig');

    // The quarter starts on Thursday 1 April 2027 at 08:00 in Oslo: asked once, not before.
    from = mark();
    await at('2027-04-01T05:59:00.000Z');
    expect(inChat(owner, from, 'POST'), 'not before its moment').to.have.length(0);
    await at('2027-04-01T06:01:00.000Z');
    const asked = inChat(owner, from, 'POST');
    expect(asked, 'the status request').to.have.length(1);
    expect(textOf(asked[0])).to.include(nb('actionplans.banners.request'));
    const askedMessage = s.posts(owner).at(-1)!;
    from = mark();
    await at('2027-04-02T07:00:00.000Z');
    expect(inChat(owner, from, 'POST'), 'asked once per quarter').to.have.length(0);

    // The owner reports: a missing text is refused next to the field, the status kept.
    const noText = await press(
      owner,
      asked[0]!,
      'actionplans.report',
      { status: 'in-progress', statusText: '' },
      askedMessage.id,
    );
    expect(errorAfter(noText, 'statusText')).to.equal(nb('actionplans.errors.missing'));
    from = mark();
    const sent = await press(
      owner,
      noText,
      'actionplans.report',
      { status: 'in-progress', statusText: REPORT },
      askedMessage.id,
    );
    expect(textOf(sent)).to.include(nb('actionplans.banners.sent'));
    expect(textOf(sent)).to.include(REPORT);
    await s.drain();
    const updated = inChat(udi, from, 'PUT');
    expect(updated, 'the UDI coordinator’s card is updated in place').to.have.length(1);
    expect(textOf(updated[0])).to.include(REPORT);
    expect(textOf(updated[0])).to.include(nb('actionplans.status.in-progress'));
    expect(inChat(udi, from, 'POST'), 'no new card for the update').to.have.length(0);

    // Two working days before Friday 11 June: reminded on Wednesday 9 June at 08:00, once.
    from = mark();
    await at('2027-06-08T07:00:00.000Z');
    expect(inChat(owner, from, 'POST'), 'not three working days before').to.have.length(0);
    await at('2027-06-09T06:01:00.000Z');
    const reminded = inChat(owner, from, 'POST');
    expect(reminded, 'the reminder').to.have.length(1);
    expect(textOf(reminded[0])).to.include('Påminnelse');
    from = mark();
    await at('2027-06-10T06:01:00.000Z');
    expect(inChat(owner, from, 'POST'), 'reminded once').to.have.length(0);

    // Not done by the due date: the UDI coordinator is told on the working day after (Monday), once.
    from = mark();
    await at('2027-06-12T10:00:00.000Z');
    expect(inChat(udi, from, 'POST'), 'not on the Saturday').to.have.length(0);
    await at('2027-06-14T06:01:00.000Z');
    const overdue = inChat(udi, from, 'POST');
    expect(overdue, 'the overdue notice').to.have.length(1);
    expect(textOf(overdue[0])).to.include(
      nb('actionplans.banners.overdue', { due: '11. juni 2027' }).slice(0, 20),
    );
    expect(textOf(overdue[0])).to.include(nb('actionplans.card.overdue'));
    from = mark();
    await at('2027-06-15T06:01:00.000Z');
    expect(inChat(udi, from, 'POST'), 'told once').to.have.length(0);

    // The list: the overdue measure first, marked.
    const after = await s.say(udi, 'tiltak');
    expect(textOf(after)).to.include(nb('actionplans.list.overdue'));

    // The status report: the export card's signed links download, for the UDI coordinator only.
    const exported = await s.click(udi, 'actionplans.export');
    const links = (
      JSON.stringify(exported).match(/https:\/\/mh-bot\.example\.org\/api\/actionplan-export\/[^"]+/g) ?? []
    ).map((l) => l.replace(/\\u0026/g, '&'));
    expect(links, 'two links').to.have.length(2);
    const md = links.find((l) => l.includes('.md?'))!;
    const csv = links.find((l) => l.includes('.csv?'))!;
    const get = (link: string) => fetch(`${s.h.bot.url}${link.slice(BASE.length)}`);
    const mdResponse = await get(md);
    expect(mdResponse.status).to.equal(200);
    const markdown = await mdResponse.text();
    expect(markdown).to.include(`## ${PLAN}`);
    expect(markdown).to.include(REPORT);
    expect(markdown).to.include('Eva Eier');
    const csvResponse = await get(csv);
    expect(csvResponse.status).to.equal(200);
    const rows = parse(await csvResponse.text(), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).to.have.length(1);
    expect(rows[0]?.[nb('actionplans.export.columns.latest')]).to.equal(REPORT);
    expect(rows[0]?.[nb('actionplans.export.columns.overdue')]).to.equal('ja');
    // Each download is in the audit log: who and what, never the content (issue 14).
    const audit = (await readFile(join(s.h.dataDir, 'audit.log'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const exports = audit.filter((e) => e.action === 'export');
    expect(exports.map((e) => e.target)).to.deep.equal(['actionplan-export:all', 'actionplan-export:all']);
    expect(JSON.stringify(exports)).not.to.include(REPORT);
    // Tampered: refused.
    expect((await get(md.replace('all.md', 'all.csv'))).status).to.equal(403);
    // 15 minutes later the links are gone.
    const clock = s.clock;
    s.clock = new Date(clock.getTime() + 16 * 60_000);
    expect((await get(md)).status).to.equal(410);
    s.clock = clock;
    // Someone who does not manage measures gets no export card.
    const refused = await s.click(owner, 'actionplans.export');
    expect(JSON.stringify(refused)).not.to.include('/api/actionplan-export/');

    // Closing: the owner's card loses its form; nobody is asked any more.
    const closed = await press(udi, overdue[0]!, 'actionplans.close');
    expect(textOf(closed)).to.include(nb('actionplans.banners.closedNow'));
    from = mark();
    await s.drain();
    const ownersCard = inChat(owner, from, 'PUT').at(-1);
    expect(ownersCard, 'the owner’s live card is updated').to.exist;
    expect(textOf(ownersCard)).to.include(nb('actionplans.card.closed'));
    expect(verbsOf(ownersCard)).not.to.include('actionplans.report');
    from = mark();
    await at('2027-07-01T06:01:00.000Z');
    expect(inChat(owner, from, 'POST'), 'a closed measure is not followed up').to.have.length(0);
  });
  it('a measure given to another owner: the former owner’s card says who has it now, without the form or the reports', async () => {
    s = await startSession({ roster: ROSTER, greet: EVERYONE, at: T0, env: ENV });
    const list = await s.say(udi, 'tiltak');
    const listMessage = s.posts(udi).at(-1)!;
    const form = await press(udi, list, 'actionplans.new', {}, listMessage.id);
    const typed = { title: TITLE, plan: PLAN, department: 'ASA', due: '2027-06-11' };
    const saved = await press(
      udi,
      form,
      'actionplans.save',
      { ...typed, owner: owner.aadObjectId },
      listMessage.id,
    );
    await s.drain();
    const assigned = inChat(owner, 0, 'POST');
    expect(assigned).to.have.length(1);
    const assignedMessage = s.posts(owner).at(-1)!;
    await press(
      owner,
      assigned[0]!,
      'actionplans.report',
      { status: 'in-progress', statusText: REPORT },
      assignedMessage.id,
    );
    await s.drain();

    // The UDI coordinator gives it to ASA's coordinator.
    const edit = await press(udi, saved, 'actionplans.show');
    let from = mark();
    const edited = await press(udi, edit, 'actionplans.save', { ...typed, owner: asa.aadObjectId });
    expect(textOf(edited)).to.include(nb('actionplans.banners.saved'));
    await s.drain();
    const theirs = inChat(asa, from, 'POST');
    expect(theirs, 'the new owner gets it').to.have.length(1);
    expect(verbsOf(theirs[0])).to.include('actionplans.report');
    const former = inChat(owner, from, 'PUT').at(-1);
    expect(former, 'the former owner’s card is updated').to.exist;
    expect(textOf(former)).to.include(nb('actionplans.banners.handedOver', { name: 'Asle ASA' }));
    expect(textOf(former)).to.include(TITLE);
    expect(verbsOf(former), 'no button on it').to.deep.equal([]);
    expect(textOf(former), 'no reports on it').not.to.include(REPORT);
    expect(textOf(former)).not.to.include(nb('actionplans.card.noReports'));

    // The new owner's report updates the UDI coordinator's card, not the former owner's.
    from = mark();
    const theirMessage = s.posts(asa).at(-1)!;
    await press(
      asa,
      theirs[0]!,
      'actionplans.report',
      { status: 'done', statusText: 'Ferdig i ASA.' },
      theirMessage.id,
    );
    await s.drain();
    for (const card of inChat(owner, from, 'PUT')) expect(textOf(card)).not.to.include('Ferdig i ASA.');
    // Nor is the former owner asked for a status at the next quarter.
    from = mark();
    await at('2027-04-01T06:01:00.000Z');
    expect(inChat(owner, from, 'POST')).to.have.length(0);
  });
});
