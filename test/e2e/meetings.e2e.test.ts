/**
 * Meetings end to end (issue 10), through the real server and a fake Bot Connector, with the bot's
 * clock under the test's control: a series made from cards (the dates shown before it is saved), the
 * memo's rhythm in one click, reminders at the right (fake) moments, each once, per person or in the
 * network channel, answers from the channel card updating it in place, moving and cancelling one
 * meeting, the holiday flag with its one-click move, refusals, and English cards for an English client.
 *
 * The scheduler runs as it does in production; the test moves the clock and lets it run now
 * (`bot.scheduler.runNow()`), then waits for the outbox to deliver.
 */
import { expect } from 'chai';
import { devClock } from '../../src/app/dev-clock.js';
import { type Locale, t } from '../../src/cards/i18n.js';
import { startHarness } from '../support/bot-harness.js';
import { textOf, verbsOf } from '../support/card-inspect.js';
import type { CapturedActivity } from '../support/fake-connector.js';
import { cardAction, message, type TestUser, user } from '../support/teams-activities.js';
import { member, personalId, type Session, startSession, visibleButtons } from '../support/ux.js';
import { actionsOf, inlineMessages, noticeKindsOf, openField, shownValue } from '../support/verb-cases.js';

type Card = Record<string, unknown>;

const udi = user(1, 'Kari UDI');
const opa = user(2, 'Ola OPA');
const asa = user(3, 'Asle ASA');
const rma = user(4, 'Randi RMA');
const family = user(5, 'Fia Familie');
const east = user(6, 'Erik Øst');
const outsider = user(7, 'Otto Utenfor');

const ROSTER = [
  member(udi, [{ kind: 'coordinator', department: 'AUA' }]),
  member(opa, [{ kind: 'coordinator', department: 'OPA' }]),
  member(asa, [{ kind: 'coordinator', department: 'ASA' }]),
  member(rma, [{ kind: 'coordinator', department: 'RMA' }]),
  member(family, [{ kind: 'contact', department: 'OPA', unitId: 'opa-family' }]),
  member(east, [{ kind: 'contact', department: 'RMA', unitId: 'rma-region-east' }]),
];
const COORDINATORS = [udi, opa, asa, rma];
const EVERYONE = [...COORDINATORS, family, east, outsider];
const TEAM = { teamId: '19:team-network@thread.tacv2', channelId: '19:channel-network@thread.tacv2' };

/** Monday 4 January 2027, 09:00 in Oslo. */
const T0 = '2027-01-04T08:00:00.000Z';

const nb = (key: string, vars?: Record<string, string | number>) => t('nb', key, vars);
const en = (key: string, vars?: Record<string, string | number>) => t('en', key, vars);
const say = (locale: Locale, key: string) => t(locale, key);

/** The form of a coordinators' meeting on one or more dates at 10:00 for 90 minutes. */
function datesForm(title: string, dates: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    title,
    meetingKind: 'coordinators',
    pattern: 'dates',
    dates,
    from: '2027-01-04',
    time: '10:00',
    duration: '90',
    place: 'Møterom Oslo 4',
    description: 'Fast saksliste: runden rundt bordet.',
    agendaDeadlineDays: '7',
    ...extra,
  };
}

describe('meetings, end to end (issue 10)', function () {
  this.timeout(30_000);
  let s: Session;

  async function start(at = T0, greet: TestUser[] = EVERYONE, english: TestUser[] = []): Promise<void> {
    s = await startSession({ roster: ROSTER, greet: greet.filter((p) => !english.includes(p)), at });
    for (const who of english) await s.say(who, 'help', 'en-US');
  }
  afterEach(async () => {
    await s?.close();
  });

  /** Presses a button on `card`: its data with what was typed into the inputs. */
  function press(
    from: TestUser,
    card: Card,
    verb: string,
    typed: Record<string, unknown> = {},
    locale?: string,
    which = 0,
  ): Promise<Card> {
    const data = actionsOf(card, verb)[which];
    expect(data, `a ${verb} button on the card`).to.exist;
    return s.click(from, verb, { ...data, ...typed }, locale);
  }

  /** Makes a series from the cards: `møter`, "Ny møteserie", the form previewed, then saved. */
  async function newSeries(as: TestUser, values: Record<string, string>, locale?: string): Promise<Card> {
    await s.drain();
    const list = await s.say(as, locale === 'en-US' ? 'meetings' : 'møter', locale);
    const form = await press(as, list, 'meetings.newSeries', {}, locale);
    const preview = await press(as, form, 'meetings.previewSeries', values, locale);
    return press(as, preview, 'meetings.saveSeries', values, locale);
  }

  /** The channel becomes the network channel (a coordinator's click in the team). */
  async function setNetworkChannel(): Promise<void> {
    const { status } = await s.h.post(
      cardAction({ serviceUrl: s.h.connector.url, from: opa, verb: 'channel.setNetwork', team: TEAM }),
    );
    expect(status).to.equal(200);
    const settings = await s.h.bot.app.store.read((uow) => uow.settings.get());
    expect(settings.networkChannel).to.include(TEAM);
  }

  /** Moves the bot's clock, lets the scheduler run now and the outbox deliver. */
  async function at(iso: string): Promise<void> {
    s.clock = new Date(iso);
    await s.h.bot.scheduler.runNow();
    await s.drain();
  }

  const mark = () => s.h.connector.activities.length;
  const since = (from: number) => s.h.connector.activities.slice(from);
  const inChannel = (a: CapturedActivity) => a.conversationId.startsWith(TEAM.channelId);
  /** Cards posted (new messages) to `who` since `from`. */
  const postedTo = (who: TestUser, from: number) =>
    since(from)
      .filter((a) => a.method === 'POST' && a.conversationId === personalId(who))
      .map((a) => s.h.connector.cardOf(a)!);
  const postedInChannel = (from: number) => since(from).filter((a) => a.method === 'POST' && inChannel(a));

  /** Exactly one card with `banner` was posted to each of `people` since `from`, and nothing else. */
  function expectOneEach(people: TestUser[], from: number, banner: (who: TestUser) => string): Card[] {
    return people.map((who) => {
      const cards = postedTo(who, from);
      expect(
        cards.map((c) => textOf(c).split('\n')[0]),
        `${who.name}: one card`,
      ).to.deep.equal([banner(who)]);
      return cards[0]!;
    });
  }

  const storedSeries = () =>
    s.h.bot.app.store.read((uow) => uow.items.query({ kind: 'meeting-series' })) as unknown as Promise<
      { id: string; title: string; meetingKind: string; organiser: string; state: string; schedule: Card }[]
    >;

  it('tells the UDI coordinator when a year’s plan falls short of four network meetings, also when a network series becomes another kind', async () => {
    await start(T0, [udi, opa]);
    const four = datesForm('Nettverksmøte', '10.03.2027, 09.06.2027, 08.09.2027, 10.11.2027', {
      meetingKind: 'network',
    });
    const saved = await newSeries(udi, four);
    expect(textOf(saved)).to.include(nb('meetings.banners.saved'));
    expect(textOf(saved)).not.to.include(nb('meetings.banners.plan', { year: 2027, count: 4 }));
    // No network channel yet: its reminders would reach nobody, and the answer says how to set one.
    expect(textOf(saved)).to.include(nb('meetings.banners.noChannel'));
    // The same series, now a coordinators' meeting: 2027 has no network meeting left.
    const edit = await press(udi, saved, 'meetings.editSeries');
    const changed = { ...four, meetingKind: 'coordinators' };
    const preview = await press(udi, edit, 'meetings.previewSeries', changed);
    const after = await press(udi, preview, 'meetings.saveSeries', changed);
    expect(textOf(after)).to.include(nb('meetings.banners.plan', { year: 2027, count: 0 }));
    // With the channel set, a network series saves without that warning.
    await setNetworkChannel();
    const again = await newSeries(udi, { ...four, title: 'Nettverksmøte 2' });
    expect(textOf(again)).to.include(nb('meetings.banners.saved'));
    expect(textOf(again)).not.to.include(nb('meetings.banners.noChannel'));
  });

  it('a coordinator makes a series from cards: the dates are shown before it is saved', async () => {
    await start(T0, [opa]);
    const list = await s.say(opa, 'møter');
    expect(textOf(list)).to.include(nb('meetings.list.title')).and.include(nb('meetings.list.empty'));
    expect(verbsOf(list)).to.include('meetings.newSeries').and.not.include('meetings.setupRhythm');

    const form = await press(opa, list, 'meetings.newSeries');
    expect(textOf(form)).to.include(nb('meetings.form.newTitle'));
    expect(shownValue(openField(form, 'title'))).to.equal('');

    // Filled in and saved at once: the dates come first, with what was typed kept.
    const values = {
      title: 'Koordinatormøte i januar',
      meetingKind: 'coordinators',
      pattern: 'monthly',
      nth: '2',
      weekday: 'TH',
      every: '1',
      from: '2027-01-04',
      time: '10:00',
      duration: '90',
      place: 'Møterom Oslo 4',
      description: 'Saksliste kommer.',
      agendaDeadlineDays: '7',
    };
    const check = await press(opa, form, 'meetings.saveSeries', values);
    expect(inlineMessages(check)).to.include(nb('meetings.form.checkDates'));
    for (const [field, value] of Object.entries(values))
      expect(shownValue(openField(check, field)), `${field} kept`).to.equal(value);
    expect(textOf(check)).to.include(nb('meetings.form.previewHeading'));
    expect(textOf(check)).to.include('torsdag 14. januar 2027 kl. 10:00–11:30');
    expect(textOf(check)).to.include('torsdag 11. februar 2027 kl. 10:00–11:30');
    expect(await storedSeries(), 'nothing saved yet').to.deep.equal([]);

    // "Vis datoene", then "Lagre møteserien".
    const preview = await press(opa, check, 'meetings.previewSeries', values);
    expect(inlineMessages(preview)).to.deep.equal([]);
    const saved = await press(opa, preview, 'meetings.saveSeries', values);
    expect(textOf(saved)).to.include(nb('meetings.banners.saved'));
    expect(textOf(saved)).to.include('Koordinatormøte i januar').and.include('torsdag 14. januar 2027');
    const [series] = await storedSeries();
    expect(series).to.include({
      title: 'Koordinatormøte i januar',
      organiser: opa.aadObjectId,
      state: 'active',
    });
    expect(series!.schedule).to.deep.include({
      recurrence: { kind: 'monthly', nth: 2, weekday: 'TH', everyMonths: 1 },
      time: '10:00',
    });
    // Editing it shows what was saved.
    const edit = await press(opa, saved, 'meetings.editSeries');
    expect(shownValue(openField(edit, 'place'))).to.equal('Møterom Oslo 4');
  });

  it('the UDI coordinator is offered the memo’s rhythm and sets it up in one click', async () => {
    await start(T0, [udi, opa]);
    const other = await s.say(opa, 'møter');
    expect(verbsOf(other), 'only the UDI coordinator is offered it').not.to.include('meetings.setupRhythm');
    const list = await s.say(udi, 'møter');
    expect(textOf(list)).to.include(nb('meetings.list.rhythmHeading'));
    const done = await press(udi, list, 'meetings.setupRhythm');
    expect(textOf(done)).to.include(nb('meetings.banners.rhythm'));
    expect(verbsOf(done)).not.to.include('meetings.setupRhythm');
    const series = await storedSeries();
    expect(series.map((x) => [x.meetingKind, x.organiser]).sort()).to.deep.equal([
      ['coordinators', udi.aadObjectId],
      ['network', udi.aadObjectId],
      ['rma-regional', rma.aadObjectId],
    ]);
    for (const title of ['coordinators', 'network', 'rmaRegional'])
      expect(textOf(done)).to.include(nb(`meetings.rhythm.${title}`));
    // The first coordinators' meeting: the second Tuesday of January.
    expect(textOf(done)).to.include('tirsdag 12. januar 2027 kl. 09:00–10:30');
    const again = await s.say(udi, 'møter');
    expect(verbsOf(again)).not.to.include('meetings.setupRhythm');
  });

  it('reminds at the right moments, each once: per person for coordinators, in the channel for the network; answers update the channel card in place', async () => {
    // ASA's coordinator uses Teams in English.
    await start(T0, EVERYONE, [asa]);
    await setNetworkChannel();
    await newSeries(opa, datesForm('Koordinatormøte', '14.01.2027'));
    await newSeries(udi, datesForm('Nettverksmøte', '14.01.2027', { meetingKind: 'network', time: '13:00' }));
    const banner = (key: string) => (who: TestUser) =>
      say(who === asa ? 'en' : 'nb', `meetings.banners.${key}`);

    // Nothing before its moment.
    let from = mark();
    await at('2027-01-07T08:59:00.000Z');
    expect(since(from).filter((a) => a.method === 'POST')).to.deep.equal([]);

    // The agenda call, 7 days before (Thursday 7 January 10:00 in Oslo): to each coordinator.
    from = mark();
    await at('2027-01-07T09:00:30.000Z');
    const agenda = expectOneEach(COORDINATORS, from, banner('agenda-call'));
    expect(textOf(agenda[0]))
      .to.include(nb('meetings.card.agendaDeadline'))
      .and.include('torsdag 7. januar 2027');
    expect(textOf(agenda[2]), 'in English for ASA').to.include('Thursday 14 January 2027');
    for (const who of [family, east]) expect(postedTo(who, from), who.name).to.deep.equal([]);
    expect(postedInChannel(from), 'the network meeting’s agenda call is not due yet').to.deep.equal([]);
    // Running again sends nothing again.
    await at('2027-01-07T09:01:30.000Z');
    expect(since(from).filter((a) => a.method === 'POST')).to.have.length(COORDINATORS.length);

    // The network meeting's agenda call goes to the channel, nobody personally.
    from = mark();
    await at('2027-01-07T12:00:30.000Z');
    const [channelAgenda, ...more] = postedInChannel(from);
    expect(more).to.deep.equal([]);
    expect(textOf(s.h.connector.cardOf(channelAgenda!))).to.include(nb('meetings.banners.agenda-call'));
    for (const who of EVERYONE) expect(postedTo(who, from), who.name).to.deep.equal([]);

    // The day before: the place, the description and the answers.
    from = mark();
    await at('2027-01-13T09:00:30.000Z');
    await at('2027-01-13T09:05:00.000Z');
    const dayBefore = expectOneEach(COORDINATORS, from, banner('day-before'));
    expect(textOf(dayBefore[1])).to.include('Møterom Oslo 4').and.include('Fast saksliste');
    expect(visibleButtons(dayBefore[1]).map((b) => b.verb)).to.include('meetings.rsvp');
    const itemId = String(actionsOf(dayBefore[1], 'meetings.rsvp')[0]?.itemId);

    from = mark();
    await at('2027-01-13T12:00:30.000Z');
    const [channelCard, ...others] = postedInChannel(from);
    expect(others).to.deep.equal([]);
    const channelView = s.h.connector.cardOf(channelCard!)!;
    expect(textOf(channelView)).to.include(nb('meetings.banners.day-before'));
    expect(textOf(channelView)).to.include(nb('meetings.optionalNote'));
    expect(textOf(channelView)).to.include(nb('meetings.counts.none', { n: 6 }));

    // An answer from the channel card: the clicker sees their answer; the channel card is updated in place.
    from = mark();
    const channelItem = String(actionsOf(channelView, 'meetings.rsvp')[0]?.itemId);
    const { body } = await s.h.post(
      cardAction({
        serviceUrl: s.h.connector.url,
        from: east,
        verb: 'meetings.rsvp',
        data: { itemId: channelItem, answerId: 'remote' },
        team: TEAM,
        replyToId: channelCard!.id,
      }),
    );
    const answered = (body as { value: Card }).value;
    expect(textOf(answered)).to.include(nb('meetings.answered.remote'));
    expect(textOf(answered)).to.include(nb('meetings.counts.remote', { n: 1 }));
    await s.drain();
    const updates = since(from).filter((a) => a.method === 'PUT' && inChannel(a));
    expect(updates.map((u) => u.pathActivityId)).to.deep.equal([channelCard!.id]);
    const updated = s.h.connector.cardOf(updates[0]!)!;
    expect(textOf(updated)).to.include(nb('meetings.counts.remote', { n: 1 }));
    expect(textOf(updated)).to.include(nb('meetings.counts.unanswered', { n: 5 }));
    expect(textOf(updated), 'the channel card is everyone’s: no one’s own answer').not.to.include(
      nb('meetings.answered.remote'),
    );
    expect(postedInChannel(from), 'no new channel message').to.deep.equal([]);

    // Someone not invited to the coordinators' meeting cannot answer it.
    const refusedAnswer = await s.click(family, 'meetings.rsvp', { itemId, answerId: 'attending' });
    expect(noticeKindsOf(refusedAnswer)).to.include('forbidden');

    // OPA's coordinator answers on their own card.
    const mine = await s.click(opa, 'meetings.rsvp', { itemId, answerId: 'attending' });
    expect(textOf(mine)).to.include(nb('meetings.answered.attending'));

    // An hour before: those who have not answered are nudged on the same card.
    from = mark();
    await at('2027-01-14T08:00:30.000Z');
    await at('2027-01-14T08:10:00.000Z');
    const hour = expectOneEach(COORDINATORS, from, banner('hour-before'));
    const nudged = COORDINATORS.filter((_, i) =>
      textOf(hour[i]).includes(say(i === 2 ? 'en' : 'nb', 'meetings.card.nudge')),
    );
    expect(nudged.map((p) => p.name)).to.deep.equal([udi, asa, rma].map((p) => p.name));
    expect(textOf(hour[1])).to.include(nb('meetings.answered.attending'));
    expect(textOf(hour[2]), 'in English for ASA').to.include(en('meetings.banners.hour-before'));

    // Nothing is late, and no reminder came twice.
    const all = s.h.connector.activities
      .filter((a) => a.method === 'POST')
      .map((a) => textOf(s.h.connector.cardOf(a)));
    expect(all.filter((text) => text.includes(nb('meetings.banners.late')))).to.deep.equal([]);
  });

  it('the organiser moves one meeting and cancels another: everyone invited gets a new card, the old ones lose their buttons', async () => {
    await start(T0, COORDINATORS);
    await newSeries(opa, datesForm('Koordinatormøte', '14.01.2027, 20.01.2027'));
    // The day before the first meeting is the agenda call of the second.
    let from = mark();
    await at('2027-01-13T09:00:30.000Z');
    const cardsOf = (who: TestUser) =>
      since(from).filter((a) => a.method === 'POST' && a.conversationId === personalId(who));
    for (const who of COORDINATORS) expect(cardsOf(who), who.name).to.have.length(2);
    const old = new Map(COORDINATORS.map((who) => [who, cardsOf(who)]));
    const [dayBefore, agendaCall] = old.get(opa)!.map((a) => s.h.connector.cardOf(a)!) as [Card, Card];
    expect(textOf(dayBefore)).to.include(nb('meetings.banners.day-before'));
    expect(textOf(agendaCall)).to.include(nb('meetings.banners.agenda-call'));

    from = mark();
    const moveData = actionsOf(dayBefore, 'meetings.move').find((d) => d.moveId === undefined);
    const moved = await s.click(opa, 'meetings.move', {
      ...moveData,
      moveDate: '2027-01-15',
      moveTime: '11:00',
    });
    expect(textOf(moved))
      .to.include(nb('meetings.banners.moved'))
      .and.include('fredag 15. januar 2027 kl. 11:00–12:30');
    const cancelled = await press(opa, agendaCall, 'meetings.cancel');
    expect(textOf(cancelled)).to.include(nb('meetings.banners.cancelled'));
    await s.drain();

    for (const who of [udi, asa, rma]) {
      const posts = cardsOf(who).map((a) => textOf(s.h.connector.cardOf(a)));
      expect(posts, `${who.name}: a new card for each change`).to.have.length(2);
      expect(posts[0])
        .to.include(nb('meetings.banners.moved'))
        .and.include('fredag 15. januar 2027 kl. 11:00–12:30');
      expect(posts[1]).to.include(nb('meetings.banners.cancelled')).and.include('onsdag 20. januar 2027');
      // The cards they had are updated in place, without buttons.
      for (const card of old.get(who)!) {
        const puts = since(from).filter((a) => a.method === 'PUT' && a.pathActivityId === card.id);
        expect(puts.length, `${who.name}: the old card updated`).to.be.greaterThan(0);
        const last = s.h.connector.cardOf(puts.at(-1)!)!;
        expect(verbsOf(last), `${who.name}: no buttons left`).to.deep.equal([]);
      }
    }

    // The moved meeting is reminded at its new time; the cancelled one not at all.
    from = mark();
    await at('2027-01-14T10:00:30.000Z');
    for (const who of COORDINATORS) {
      const texts = cardsOf(who).map((a) => textOf(s.h.connector.cardOf(a)));
      expect(texts, who.name).to.have.length(1);
      expect(texts[0])
        .to.include(nb('meetings.banners.day-before'))
        .and.include('fredag 15. januar 2027 kl. 11:00');
    }
    from = mark();
    await at('2027-01-19T09:00:30.000Z');
    expect(
      since(from).filter((a) => a.method === 'POST'),
      'nothing for the cancelled meeting',
    ).to.deep.equal([]);
  });

  it('flags a meeting on 17 May to its organiser a month ahead; one click moves it to the suggested day', async () => {
    await start('2027-04-01T08:00:00.000Z', COORDINATORS);
    await newSeries(opa, datesForm('Koordinatormøte', '17.05.2027, 14.06.2027', { from: '2027-04-01' }));
    let from = mark();
    await at('2027-04-16T07:59:00.000Z');
    expect(
      since(from).filter((a) => a.method === 'POST'),
      'not before a month ahead',
    ).to.deep.equal([]);

    await at('2027-04-16T08:00:30.000Z');
    await at('2027-04-16T09:00:00.000Z');
    const [flag, ...more] = postedTo(opa, from);
    expect(more, 'flagged once').to.deep.equal([]);
    for (const who of [udi, asa, rma])
      expect(postedTo(who, from), `${who.name} is not told`).to.deep.equal([]);
    expect(textOf(flag)).to.include('mandag 17. mai 2027');
    const button = visibleButtons(flag).find(
      (b) => b.verb === 'meetings.move' && b.data.moveId === 'suggested',
    );
    expect(button?.title).to.match(/^Flytt til \S+dag \d+\. mai 2027$/);
    const suggested = button!.title.slice('Flytt til '.length);

    from = mark();
    const moved = await s.click(opa, 'meetings.move', button!.data);
    expect(textOf(moved))
      .to.include(nb('meetings.banners.moved'))
      .and.include(`${suggested} kl. 10:00–11:30`);
    const [series] = await storedSeries();
    const movedTo = (
      series!.schedule.exceptions as Record<string, { movedTo: { date: string; time: string } }>
    )['2027-05-17']!.movedTo;
    expect(movedTo.time).to.equal('10:00');
    expect(movedTo.date).to.match(/^2027-05-(1[89]|2\d)$/);
    await s.drain();
    for (const who of [udi, asa, rma])
      expect(
        postedTo(who, from)
          .map((c) => textOf(c))
          .join('\n'),
        who.name,
      ).to.include(suggested);
  });

  it('refuses what people may not do, and says a made-up series is out of date', async () => {
    await start(T0, [opa, family, outsider]);
    await newSeries(opa, datesForm('Koordinatormøte', '14.01.2027'));
    const list = await s.say(family, 'møter');
    expect(verbsOf(list)).not.to.include('meetings.newSeries');
    expect(textOf(list), 'not invited: not listed').not.to.include('Koordinatormøte');
    expect(noticeKindsOf(await s.click(family, 'meetings.newSeries'))).to.include('forbidden');
    const saved = await s.click(family, 'meetings.saveSeries', datesForm('Kontaktmøte', '14.01.2027'));
    expect(noticeKindsOf(saved)).to.include('forbidden');
    expect(noticeKindsOf(await s.click(outsider, 'meetings.list'))).to.include('notMember');
    expect((await storedSeries()).map((x) => x.title)).to.deep.equal(['Koordinatormøte']);
    const madeUp = await s.click(opa, 'meetings.show', {
      seriesId: 'no-such-series',
      occurrenceId: '2027-01-14',
    });
    expect(noticeKindsOf(madeUp)).to.include('stale');
    const edit = await s.click(opa, 'meetings.editSeries', { seriesId: 'no-such-series' });
    expect(noticeKindsOf(edit)).to.include('stale');
  });

  it('links the calendar files from the list and the meeting card, when calendar links are configured', async () => {
    const base = 'https://mh-bot.example.org';
    s = await startSession({
      roster: ROSTER,
      greet: [opa],
      at: T0,
      env: { CALENDAR_LINK_SECRET: 'calendar-e2e-secret-0123456789-abcdef', PUBLIC_BASE_URL: base },
    });
    const list = await newSeries(opa, datesForm('Koordinatormøte', '14.01.2027'));
    /** The OpenUrl actions of a card, by title. */
    const links = (card: Card) => {
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
      return found;
    };
    /** The calendar file behind a link (served by the bot itself). */
    const file = async (url: string | undefined) => {
      expect(url, 'a calendar link').to.be.a('string');
      expect(url!.startsWith(`${base}/api/calendar/`), url).to.equal(true);
      const response = await fetch(`${s.h.bot.url}${url!.slice(base.length)}`);
      expect(response.status).to.equal(200);
      return response.text();
    };
    const series = await file(links(list)[nb('meetings.list.calendar')]);
    expect(series).to.include('BEGIN:VCALENDAR').and.include('SUMMARY:Koordinatormøte');

    const [row] = actionsOf(list, 'meetings.show');
    const meeting = await s.click(opa, 'meetings.show', row);
    const one = await file(links(meeting)[nb('meetings.card.calendar')]);
    expect(one).to.include('BEGIN:VEVENT').and.include('20270114');
  });

  it('wakes the reminders when a series is saved: a reminder due seconds later comes at its moment, not late', async () => {
    // The bot's clock runs on in real time from two seconds before 09:00 UTC (10:00 in Oslo), the
    // hour-before moment of an 11:00 meeting; the scheduler's interval is the default five minutes.
    const h = await startHarness({}, { now: devClock('2027-01-14T08:59:58.000Z') });
    try {
      await h.seed(ROSTER);
      const serviceUrl = h.connector.url;
      await h.post(message({ serviceUrl, from: opa, text: 'hjelp' }));
      const click = async (verb: string, data: Record<string, unknown>) =>
        ((await h.post(cardAction({ serviceUrl, from: opa, verb, data }))).body as { value: Card }).value;
      const form = datesForm('Koordinatormøte', '14.01.2027', { time: '11:00', from: '2027-01-14' });
      const preview = await click('meetings.previewSeries', form);
      const saved = await click('meetings.saveSeries', {
        ...form,
        ...actionsOf(preview, 'meetings.saveSeries')[0],
      });
      expect(textOf(saved)).to.include(nb('meetings.banners.saved'));
      expect(h.bot.app.now().toISOString() < '2027-01-14T09:00:00.000Z', 'saved before the moment').to.equal(
        true,
      );
      const reminder = () =>
        h.connector.activities.find(
          (a) =>
            a.conversationId === personalId(opa) &&
            textOf(h.connector.cardOf(a)).includes(nb('meetings.banners.hour-before')),
        );
      const deadline = Date.now() + 4_000;
      while (!reminder() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(reminder(), 'the hour-before reminder came within seconds').to.exist;
      expect(textOf(h.connector.cardOf(reminder()!))).not.to.include(nb('meetings.banners.late'));
    } finally {
      await h.close();
    }
  });

  it('answers an English client in English', async () => {
    await start(T0, [], [udi]);
    const list = await s.say(udi, 'meetings', 'en-US');
    expect(textOf(list)).to.include(en('meetings.list.title')).and.include(en('meetings.list.rhythmHeading'));
    const form = await press(udi, list, 'meetings.newSeries', {}, 'en-US');
    expect(textOf(form)).to.include(en('meetings.form.newTitle'));
    const check = await press(
      udi,
      form,
      'meetings.saveSeries',
      datesForm('Coordinators', '14.01.2027'),
      'en-US',
    );
    expect(inlineMessages(check)).to.include(en('meetings.form.checkDates'));
    expect(textOf(check)).to.include('Thursday 14 January 2027, 10:00–11:30');
    const saved = await press(
      udi,
      check,
      'meetings.saveSeries',
      datesForm('Coordinators', '14.01.2027'),
      'en-US',
    );
    expect(textOf(saved)).to.include(en('meetings.banners.saved'));
    expect(textOf(saved)).not.to.include(nb('meetings.list.title'));
  });
});
