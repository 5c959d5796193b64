/**
 * The UDI coordinator's yearly duties end to end (issue 14), through the real server and a fake Bot
 * Connector with the bot's clock under the test's control: the UDI coordinator opens the KOM round
 * for 2026; OPA, ASA and RMA's coordinators get the input card; OPA's figures are validated (the form
 * stays with the message next to the field); RMA is reminded three working days before the deadline
 * and nudged the working day after, when the UDI coordinator is told who has not answered; once RMA
 * answers, the compiled input goes to the UDI coordinator; the exports download as Markdown and CSV
 * (and not for someone else). Then the MH-code deletion task: created when KOM's report is recorded as
 * published, reminded weekly until marked done, and the day done shown when the next round is opened.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { formatDate, t } from '../../src/cards/i18n.js';
import { textOf, verbsOf } from '../support/card-inspect.js';
import { type TestUser, user } from '../support/teams-activities.js';
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
const opa = user(2, 'Ola OPA');
const asa = user(3, 'Asle ASA');
const rma = user(4, 'Randi RMA');
const outsider = user(5, 'Otto Utenfor');
const contact = user(6, 'Fia Familie');

const ROSTER = [
  member(udi, [{ kind: 'coordinator', department: 'AUA' }]),
  member(opa, [{ kind: 'coordinator', department: 'OPA' }]),
  member(asa, [{ kind: 'coordinator', department: 'ASA' }]),
  member(rma, [{ kind: 'coordinator', department: 'RMA' }]),
  member(contact, [{ kind: 'contact', department: 'OPA', unitId: 'opa-family' }]),
];
const EVERYONE = [udi, opa, asa, rma, outsider, contact];
const BASE = 'https://mh-bot.example.org';
const ENV = { CALENDAR_LINK_SECRET: 'duties-e2e-secret-0123456789-abcdefgh', PUBLIC_BASE_URL: BASE };

/** Monday 4 January 2027, 09:00 in Oslo. */
const T0 = '2027-01-04T08:00:00.000Z';
const nb = (key: string, vars?: Record<string, string | number>) => t('nb', key, vars);
const OPA_FIGURES = {
  reflectionApplications: '14',
  reflectionGrants: '10',
  reflectionRefusals: '3',
  limitedApplications: '5',
  limitedGrants: '4',
  limitedRefusals: '1',
};

describe('the yearly duties, end to end (issue 14)', function () {
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
  const postedTo = (who: TestUser, from: number, pattern: RegExp) =>
    s.h.connector.activities
      .slice(from)
      .filter((a) => a.method === 'POST' && a.conversationId === personalId(who))
      .map((a) => s.h.connector.cardOf(a)!)
      .filter((card) => pattern.test(textOf(card)));
  const ROUND = /K-\d{4}-\d{4}/;
  const TASK = /M-\d{4}-\d{4}/;
  function press(from: TestUser, card: Card, verb: string, typed: Record<string, unknown> = {}) {
    const data = actionsOf(card, verb)[0];
    expect(data, `a ${verb} button on the card: ${textOf(card)}`).to.exist;
    return s.click(from, verb, { ...data, ...typed });
  }

  it('a round: input cards, OPA’s figures validated, reminder and nudge on the ladder, who has not answered, the compiled input and its exports', async () => {
    s = await startSession({ roster: ROSTER, greet: EVERYONE, at: T0, env: ENV });

    // Only the UDI coordinator opens rounds.
    for (const who of [outsider, opa]) {
      const refused = await s.say(who, 'årlige oppgaver');
      expect(verbsOf(refused), who.name).not.to.include('duties.openRound');
    }
    const overview = await s.say(udi, 'årlige oppgaver');
    expect(textOf(overview)).to.include(nb('duties.overview.noDeletion'));
    const past = await press(udi, overview, 'duties.openRound', { year: '2026', deadline: '2026-12-01' });
    expect(errorAfter(past, 'deadline')).to.equal(nb('duties.problems.deadline.past'));

    let from = mark();
    // Deadline Friday 15 January 2027.
    const opened = await press(udi, past, 'duties.openRound', { year: '2026', deadline: '2027-01-15' });
    expect(textOf(opened)).to.include(nb('duties.banners.opened', { year: 2026 }));
    await s.drain();
    const cards: Record<string, Card> = {};
    for (const who of [opa, asa, rma]) {
      const posted = postedTo(who, from, ROUND);
      expect(posted, who.name).to.have.length(1);
      cards[who.name] = posted[0]!;
      expect(verbsOf(posted[0]), who.name).to.include('duties.submitInput');
    }
    for (const who of [udi, outsider, contact])
      expect(postedTo(who, from, ROUND), who.name).to.have.length(0);
    expect(visibleInput(cards[opa.name], 'reflectionApplications'), 'OPA’s figures').to.exist;
    expect(visibleInput(cards[asa.name], 'reflectionApplications'), 'no figures for ASA').to.equal(undefined);
    expect(String(visibleInput(cards[opa.name], 'reflectionApplications')?.label)).to.include(
      nb('duties.figures.lastYear', { value: '–' }),
    );

    // The year is no longer offered, nor chosen for the next round; a second round for it (a card
    // opened before) is refused next to the field.
    const next = await s.say(udi, 'årlige oppgaver');
    expect(choicesOf(next, 'year').map((c) => c.value)).to.deep.equal(['2025', '2027']);
    expect(visibleInput(next, 'year')?.value).to.equal('');
    const again = await s.click(udi, 'duties.openRound', { year: '2026', deadline: '2027-01-20' });
    expect(errorAfter(again, 'year')).to.equal(nb('duties.problems.year.exists'));
    expect(visibleInput(again, 'year')?.value, 'a year not offered is not shown back').to.equal('');

    // Someone else cannot answer OPA's input.
    const notTheirs = await press(asa, cards[opa.name]!, 'duties.submitInput', {
      text: 'Fra ASA',
      ...OPA_FIGURES,
    });
    expect(verbsOf(notTheirs)).not.to.include('duties.submitInput');
    expect(textOf(notTheirs)).not.to.include('Fra ASA');

    // OPA: a figure that is no whole number keeps the form, the message next to it, what was typed kept.
    const text = 'Flere søknader om refleksjon fra personer utnyttet i landbruket.';
    const wrong = await press(opa, cards[opa.name]!, 'duties.submitInput', {
      text,
      ...OPA_FIGURES,
      reflectionGrants: 'ti',
    });
    expect(errorAfter(wrong, 'reflectionGrants')).to.equal(nb('duties.problems.figure.invalid'));
    expect(visibleInput(wrong, 'text')?.value).to.equal(text);
    expect(visibleInput(wrong, 'limitedGrants')?.value).to.equal('4');
    const sent = await press(opa, wrong, 'duties.submitInput', { text, ...OPA_FIGURES });
    expect(textOf(sent)).to.include(nb('duties.banners.sent'));
    expect(verbsOf(sent), 'changeable until the round closes').to.include('duties.input');
    // ASA answers; an empty text is refused.
    const empty = await press(asa, cards[asa.name]!, 'duties.submitInput', { text: ' ' });
    expect(errorAfter(empty, 'text')).to.equal(nb('duties.problems.text.missing'));
    await press(asa, empty, 'duties.submitInput', { text: 'Rask behandling av prioriterte saker.' });
    await s.drain();

    // Tuesday 12 January, 08:00: three working days before the deadline, RMA (only) is reminded.
    from = mark();
    await at('2027-01-12T06:59:00.000Z');
    expect(postedTo(rma, from, ROUND), 'not before 08:00').to.have.length(0);
    await at('2027-01-12T07:01:00.000Z');
    const reminders = postedTo(rma, from, ROUND);
    expect(reminders, 'RMA is reminded').to.have.length(1);
    expect(textOf(reminders[0])).to.include('Påminnelse');
    for (const who of [opa, asa, udi]) expect(postedTo(who, from, ROUND), who.name).to.have.length(0);
    from = mark();
    await at('2027-01-13T07:01:00.000Z');
    expect(postedTo(rma, from, ROUND), 'reminded once').to.have.length(0);

    // Monday 18 January (the working day after the deadline): RMA nudged, the UDI coordinator told.
    from = mark();
    await at('2027-01-18T07:01:00.000Z');
    const nudges = postedTo(rma, from, ROUND);
    expect(nudges, 'RMA is nudged').to.have.length(1);
    expect(textOf(nudges[0])).to.include(nb('duties.banners.nudge', { year: 2026 }));
    const told = postedTo(udi, from, ROUND);
    expect(told, 'the UDI coordinator is told').to.have.length(1);
    expect(textOf(told[0])).to.include(
      nb('duties.banners.unanswered', { departments: nb('department.RMA') }),
    );
    expect(textOf(told[0])).to.include(text);
    for (const who of [opa, asa]) expect(postedTo(who, from, ROUND), who.name).to.have.length(0);

    // RMA answers late: the compiled input goes to the UDI coordinator.
    from = mark();
    await press(rma, nudges[0]!, 'duties.submitInput', { text: 'Opplæring i mottak: tre kurs holdt.' });
    await s.drain();
    const compiled = postedTo(udi, from, ROUND);
    expect(compiled, 'the compiled input').to.have.length(1);
    expect(textOf(compiled[0])).to.include(nb('duties.banners.compiled', { year: 2026 }));
    expect(textOf(compiled[0])).to.include('Opplæring i mottak');

    // The exports: Markdown and CSV behind signed links, for the UDI coordinator only.
    const exported = await press(udi, compiled[0]!, 'duties.export');
    const links = (exported.actions as { type: string; url: string }[]).filter(
      (a) => a.type === 'Action.OpenUrl',
    );
    expect(links).to.have.length(2);
    const get = (url: string) => fetch(`${s.h.bot.url}${url.slice(BASE.length)}`);
    const md = await get(links[0]!.url);
    expect(md.status).to.equal(200);
    const markdown = await md.text();
    expect(markdown).to.include(`# ${nb('duties.export.title', { year: 2026 })}`);
    expect(markdown).to.include('| 14 | 10 | 3 |');
    const csv = await get(links[1]!.url);
    expect(csv.status).to.equal(200);
    const rows = parse(await csv.text(), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r[nb('duties.export.csv.department')])).to.deep.equal(['OPA', 'ASA', 'RMA']);
    expect(rows[0]![nb('duties.export.csv.reflection_applications')]).to.equal('14');
    // Each download is in the audit log: who and which round, never the content (issue 14).
    const audit = (await readFile(join(s.h.dataDir, 'audit.log'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(audit.filter((e) => e.action === 'export').map((e) => [e.actor, e.target])).to.deep.equal([
      [udi.aadObjectId, 'duties-export:kom:2026'],
      [udi.aadObjectId, 'duties-export:kom:2026'],
    ]);
    // A link bound to someone else, or tampered with, opens nothing.
    const forged = links[0]!.url.replace(`by=${udi.aadObjectId}`, `by=${opa.aadObjectId}`);
    expect((await get(forged)).status).to.equal(403);
    const byOthers = await s.click(opa, 'duties.export', actionsOf(compiled[0]!, 'duties.export')[0]);
    expect(verbsOf(byOthers)).not.to.include('duties.round');
  });

  it('the open-round form offers only years without a round, and says so when every year has one', async () => {
    s = await startSession({ roster: ROSTER, greet: EVERYONE, at: T0 });
    let overview = await s.say(udi, 'årlige oppgaver');
    expect(visibleInput(overview, 'year')?.value, 'last year by default').to.equal('2026');
    for (const year of ['2026', '2025', '2027']) {
      const opened = await press(udi, overview, 'duties.openRound', { year, deadline: '2027-01-15' });
      expect(textOf(opened)).to.include(nb('duties.banners.opened', { year: Number(year) }));
      overview = await s.say(udi, 'årlige oppgaver');
    }
    overview = await s.say(udi, 'årlige oppgaver');
    expect(textOf(overview)).to.include(nb('duties.overview.allYearsOpened'));
    expect(verbsOf(overview)).not.to.include('duties.openRound');
    expect(visibleInput(overview, 'year')).to.equal(undefined);
    // The rounds are still listed, each with its way in.
    expect(actionsOf(overview, 'duties.round')).to.have.length(3);
  });

  it('the deletion task: created when KOM’s report is recorded as published, reminded weekly until done, the day shown when the next round opens', async () => {
    s = await startSession({ roster: ROSTER, greet: EVERYONE, at: T0 });
    const overview = await s.say(udi, 'yearly duties');
    const round = await press(udi, overview, 'duties.openRound', { year: '2026', deadline: '2027-01-15' });
    await s.drain();

    // Thursday 3 June 2027: KOM's report is published; a date after today is refused next to the field.
    await at('2027-06-03T08:00:00.000Z');
    const future = await press(udi, round, 'duties.publish', { publishedOn: '2027-06-04' });
    expect(errorAfter(future, 'publishedOn')).to.equal(nb('duties.problems.publishedOn.future'));
    const byOpa = await s.click(opa, 'duties.publish', {
      ...actionsOf(round, 'duties.publish')[0],
      publishedOn: '2027-06-01',
    });
    expect(verbsOf(byOpa)).not.to.include('duties.publish');
    let from = mark();
    const published = await press(udi, future, 'duties.publish', { publishedOn: '2027-06-01' });
    expect(textOf(published)).to.include(nb('duties.round.published'));
    await s.drain();
    const tasks = postedTo(udi, from, TASK);
    expect(tasks, 'the deletion task is sent').to.have.length(1);
    expect(textOf(tasks[0])).to.include(nb('duties.deletion.checklist.delete'));
    expect(verbsOf(tasks[0])).to.include('duties.deletionDone');
    // The round is closed: the inputs can no longer be changed.
    const late = await s.click(rma, 'duties.submitInput', {
      inputId: 'kom-input.2026.RMA',
      text: 'For sent',
    });
    expect(textOf(late)).to.include(nb('duties.problems.rules.round-closed'));

    // Weekly reminders until done: not after six days, once after seven, again a week later.
    from = mark();
    await at('2027-06-09T08:00:00.000Z');
    expect(postedTo(udi, from, TASK), 'not before a week').to.have.length(0);
    await at('2027-06-10T08:01:00.000Z');
    const weekly = postedTo(udi, from, TASK);
    expect(weekly, 'reminded after a week').to.have.length(1);
    expect(textOf(weekly[0])).to.include(nb('duties.banners.weekly', { year: 2026 }));
    await at('2027-06-17T08:02:00.000Z');
    expect(postedTo(udi, from, TASK), 'and the week after').to.have.length(2);

    // Marked done on 18 June: the reminders stop.
    await at('2027-06-18T08:00:00.000Z');
    const done = await press(udi, postedTo(udi, from, TASK).at(-1)!, 'duties.deletionDone');
    expect(textOf(done)).to.include(nb('duties.banners.deletionDone'));
    expect(verbsOf(done)).not.to.include('duties.deletionDone');
    from = mark();
    await at('2027-07-30T08:00:00.000Z');
    expect(postedTo(udi, from, TASK), 'no reminder once done').to.have.length(0);

    // Next year's round: the overview shows when the MH code was last deleted.
    s.clock = new Date('2028-01-04T08:00:00.000Z');
    const next = await s.say(udi, 'årlige oppgaver');
    expect(textOf(next)).to.include(
      nb('duties.overview.lastDeletion', { date: formatDate('nb', '2027-06-18'), year: 2026 }),
    );
  });
});
