/**
 * Regional check-ins end to end (issue 12), through the real server and a fake Bot Connector with the
 * bot's clock under the test's control: RMA's coordinator sets up a regional video meeting; five
 * working days before it the cycle opens and the regions' contact persons get the check-in card (the
 * regions without one are flagged to RMA's coordinator); one region submits (RMA's coordinator is
 * told, with a read-only copy), one says "nothing new", a third is nudged once and then missing at
 * the meeting's start, when the digest names it. The overview (`innsjekk`) for RMA's coordinator;
 * refusals on the way (another region's contact person, a contact person asking for the overview).
 */
import { expect } from 'chai';
import { t } from '../../src/cards/i18n.js';
import { textOf, verbsOf } from '../support/card-inspect.js';
import { type TestUser, user } from '../support/teams-activities.js';
import { errorAfter, member, personalId, type Session, startSession, visibleInput } from '../support/ux.js';
import { actionsOf } from '../support/verb-cases.js';

type Card = Record<string, unknown>;

const udi = user(1, 'Kari UDI');
const rma = user(2, 'Randi RMA');
const east = user(3, 'Erik Øst');
const west = user(4, 'Vera Vest');
const north = user(5, 'Nils Nord');
const outsider = user(6, 'Otto Utenfor');

const ROSTER = [
  member(udi, [{ kind: 'coordinator', department: 'AUA' }]),
  member(rma, [{ kind: 'coordinator', department: 'RMA' }]),
  member(east, [{ kind: 'contact', department: 'RMA', unitId: 'rma-region-east' }]),
  member(west, [{ kind: 'contact', department: 'RMA', unitId: 'rma-region-west' }]),
  member(north, [{ kind: 'contact', department: 'RMA', unitId: 'rma-region-north' }]),
];
const EVERYONE = [udi, rma, east, west, north, outsider];

/** Monday 4 January 2027, 09:00 in Oslo. */
const T0 = '2027-01-04T08:00:00.000Z';
const nb = (key: string, vars?: Record<string, string | number>) => t('nb', key, vars);

describe('regional check-ins, end to end (issue 12)', function () {
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
  const postedTo = (who: TestUser, from: number) =>
    s.h.connector.activities
      .slice(from)
      .filter((a) => a.method === 'POST' && a.conversationId === personalId(who))
      .map((a) => s.h.connector.cardOf(a)!)
      // The check-ins' cards only (the meeting's own cards, e.g. the agenda call, come too).
      .filter((card) => /INN-\d{4}-\d{4}/.test(textOf(card)));
  function press(from: TestUser, card: Card, verb: string, typed: Record<string, unknown> = {}) {
    const data = actionsOf(card, verb)[0];
    expect(data, `a ${verb} button on the card: ${textOf(card)}`).to.exist;
    return s.click(from, verb, { ...data, ...typed });
  }

  /** RMA's regional video meeting on Thursday 14 January 2027 at 10:00, made through the series form. */
  async function regionalSeries(): Promise<void> {
    const values = {
      title: 'Regionmøte RMA',
      meetingKind: 'rma-regional',
      pattern: 'dates',
      dates: '14.01.2027',
      from: '2027-01-04',
      time: '10:00',
      duration: '60',
      place: 'Teams',
      description: '',
      agendaDeadlineDays: '7',
    };
    const list = await s.say(rma, 'møter');
    const form = await press(rma, list, 'meetings.newSeries');
    const preview = await press(rma, form, 'meetings.previewSeries', values);
    const saved = await press(rma, preview, 'meetings.saveSeries', values);
    expect(textOf(saved)).to.include(nb('meetings.banners.saved'));
    await s.drain();
  }

  it('opens 5 working days before, submit and "nothing new", a nudge once, missing at the start, the digest and the overview', async () => {
    s = await startSession({ roster: ROSTER, greet: EVERYONE, at: T0 });
    await regionalSeries();

    // Not before its moment: Thursday 7 January 2027, 08:00 in Oslo (5 working days before the 14th).
    let from = mark();
    await at('2027-01-07T06:59:00.000Z');
    for (const who of [east, west, north]) expect(postedTo(who, from), who.name).to.have.length(0);
    await at('2027-01-07T07:01:00.000Z');
    const cards: Record<string, Card> = {};
    for (const who of [east, west, north]) {
      const posted = postedTo(who, from);
      expect(posted, who.name).to.have.length(1);
      cards[who.name] = posted[0]!;
      expect(verbsOf(posted[0]), who.name).to.include.members(['checkins.submit', 'checkins.nothingNew']);
    }
    // RMA's coordinator is told about the regions without a contact person (once); nobody else gets anything.
    const flagged = postedTo(rma, from);
    expect(flagged, 'the no-contact card').to.have.length(1);
    expect(textOf(flagged[0])).to.include('Region');
    for (const who of [udi, outsider]) expect(postedTo(who, from), who.name).to.have.length(0);

    // Another region's contact person cannot answer East's check-in.
    const eastCard = cards[east.name]!;
    const refused = await press(west, eastCard, 'checkins.submit', { trends: 'Noe fra vest', cases: '1' });
    expect(verbsOf(refused)).not.to.include('checkins.submit');
    expect(textOf(refused)).not.to.include('Noe fra vest');

    // A case count that is no whole number: the form stays, the message next to it, the text kept.
    const trends = 'Flere saker med tvangsarbeid i landbruket.';
    const wrong = await press(east, eastCard, 'checkins.submit', { trends, cases: 'fire' });
    expect(errorAfter(wrong, 'cases')).to.equal(nb('checkins.checkin.errors.invalid'));
    expect(visibleInput(wrong, 'trends')?.value).to.equal(trends);

    // East submits: RMA's coordinator gets a read-only copy, with the banner "submitted".
    from = mark();
    const sent = await press(east, wrong, 'checkins.submit', { trends, cases: '4' });
    expect(textOf(sent)).to.include(nb('checkins.checkin.banners.sent'));
    expect(textOf(sent)).to.include(trends);
    expect(verbsOf(sent), 'changeable until the meeting').to.include('checkins.show');
    await s.drain();
    const told = postedTo(rma, from);
    expect(told, 'RMA’s coordinator is told').to.have.length(1);
    expect(textOf(told[0])).to.include(
      nb('checkins.checkin.banners.submitted', { region: 'Regionkontor Øst' }),
    );
    expect(textOf(told[0])).to.include(trends);
    expect(verbsOf(told[0]), 'read-only').not.to.include('checkins.submit');

    // RMA's coordinator sends the trend on to the network's agenda: the raise form, drafted from it.
    const toAgenda = actionsOf(told[0], 'agenda.start');
    expect(toAgenda, 'a button for the trend').to.deep.equal([
      { checkinId: toAgenda[0]?.checkinId, topicId: 'trends' },
    ]);
    const draft = await press(rma, told[0]!, 'agenda.start');
    expect(visibleInput(draft, 'description')?.value).to.equal(trends);
    expect(visibleInput(draft, 'title')?.value).to.equal(
      nb('checkins.checkin.toAgendaTitle', {
        topic: nb('checkins.checkin.trendsLabel'),
        region: 'Regionkontor Øst',
      }),
    );
    expect(verbsOf(draft)).to.include('agenda.raise');
    // Nobody else may: the region's own contact person, the UDI coordinator.
    for (const who of [east, udi]) {
      const no = await s.click(who, 'agenda.start', toAgenda[0]);
      expect(verbsOf(no), who.name).not.to.include('agenda.raise');
    }
    expect(actionsOf(sent, 'agenda.start'), 'not on the contact person’s card').to.deep.equal([]);

    // West has nothing new, in one click.
    const nothing = await press(west, cards[west.name]!, 'checkins.nothingNew');
    expect(textOf(nothing)).to.include(nb('checkins.checkin.banners.nothingNewSent'));
    await s.drain();

    // Tuesday 12 January, 08:00: North (still open) is nudged, once; East and West are not.
    from = mark();
    await at('2027-01-12T07:01:00.000Z');
    const nudges = postedTo(north, from);
    expect(nudges, 'North is nudged').to.have.length(1);
    expect(textOf(nudges[0])).to.include('Påminnelse');
    for (const who of [east, west]) expect(postedTo(who, from), who.name).to.have.length(0);
    from = mark();
    await at('2027-01-13T07:01:00.000Z');
    expect(postedTo(north, from), 'nudged once only').to.have.length(0);

    // The meeting begins: North is missing; the digest goes to RMA's coordinator and names it.
    from = mark();
    await at('2027-01-14T09:01:00.000Z');
    const digests = postedTo(rma, from);
    expect(digests, 'the digest').to.have.length(1);
    const digest = textOf(digests[0]);
    expect(digest).to.include(nb('checkins.digest.notAnswered'));
    expect(digest).to.include('Regionkontor Nord-Norge');
    expect(digest).to.include(`${nb('checkins.digest.nothingNew')}: Regionkontor Vest`);
    expect(digest).to.include(nb('checkins.digest.topics.trends'));
    // Too late to answer now.
    const late = await press(north, cards[north.name]!, 'checkins.submit', {
      trends: 'Sent svar',
      cases: '1',
    });
    expect(verbsOf(late)).not.to.include('checkins.submit');

    // The overview: RMA's coordinator and the UDI coordinator; a contact person is refused.
    const overview = await s.say(rma, 'innsjekk');
    expect(textOf(overview)).to.include(nb('checkins.overview.title'));
    expect(textOf(overview)).to.include('Regionkontor Øst');
    expect(textOf(overview)).to.include('4');
    const udiOverview = await s.say(udi, 'check-ins');
    expect(textOf(udiOverview)).to.include(nb('checkins.overview.title'));
    const eastOverview = await s.say(east, 'innsjekk');
    expect(textOf(eastOverview)).not.to.include(nb('checkins.overview.title'));
  });
});
