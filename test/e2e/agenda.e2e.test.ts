/**
 * The network's agenda end to end (issue 11), through the real server and a fake Bot Connector with
 * the bot's clock under the test's control: a contact person raises an item (`sak <tittel>`), the
 * department's coordinator puts it on a coordinators' meeting, the agenda is posted to the
 * coordinators at the deadline and the day-before reminder carries it; after the meeting the UDI
 * coordinator records the outcomes (a follow-up action, a clarification), the submitter is told, the
 * follow-up is reminded to its owner, an item the meeting did not reach is carried over to the next
 * one, and a later guidance question is shown the clarification on its receipt; a principled guidance
 * answer enters the register as a proposal the UDI coordinator approves. Refusals on the way.
 */
import { expect } from 'chai';
import { type Locale, t } from '../../src/cards/i18n.js';
import { textOf, verbsOf } from '../support/card-inspect.js';
import { cardAction, type TestUser, user } from '../support/teams-activities.js';
import { choicesOf, errorAfter, member, personalId, type Session, startSession } from '../support/ux.js';
import { actionsOf } from '../support/verb-cases.js';

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

/** Monday 4 January 2027, 09:00 in Oslo. */
const T0 = '2027-01-04T08:00:00.000Z';

const nb = (key: string, vars?: Record<string, string | number>) => t('nb', key, vars);

describe('the network agenda, end to end (issue 11)', function () {
  this.timeout(60_000);
  let s: Session;

  afterEach(async () => {
    await s?.close();
  });

  function press(
    from: TestUser,
    card: Card,
    verb: string,
    typed: Record<string, unknown> = {},
    locale?: Locale,
  ) {
    const data = actionsOf(card, verb)[0];
    expect(data, `a ${verb} button on the card: ${textOf(card)}`).to.exist;
    return s.click(from, verb, { ...data, ...typed }, locale === 'en' ? 'en-US' : undefined);
  }

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
      .map((a) => s.h.connector.cardOf(a)!);
  const updatedFor = (who: TestUser, from: number) =>
    s.h.connector.activities
      .slice(from)
      .filter((a) => a.method === 'PUT' && a.conversationId === personalId(who))
      .map((a) => s.h.connector.cardOf(a)!);

  /** A coordinators' series on these dates at 10:00 for 90 minutes, agenda closing 7 days before. */
  async function coordinatorsSeries(dates: string): Promise<void> {
    const values = {
      title: 'Koordinatormøte',
      meetingKind: 'coordinators',
      pattern: 'dates',
      dates,
      from: '2027-01-04',
      time: '10:00',
      duration: '90',
      place: 'Møterom Oslo 4',
      description: '',
      agendaDeadlineDays: '7',
    };
    const list = await s.say(udi, 'møter');
    const form = await press(udi, list, 'meetings.newSeries');
    const preview = await press(udi, form, 'meetings.previewSeries', values);
    const saved = await press(udi, preview, 'meetings.saveSeries', values);
    expect(textOf(saved)).to.include(t('nb', 'meetings.banners.saved'));
    await s.drain();
  }

  /** Raises an item as `who` from the typed command, and returns the receipt. */
  async function raise(who: TestUser, title: string, extra: Record<string, string> = {}): Promise<Card> {
    const form = await s.say(who, `sak ${title}`);
    expect(textOf(form)).to.include(nb('agenda.form.title'));
    // Teams names the message whose card was clicked: the receipt replaces the form there.
    const formMessage = s.posts(who).at(-1)!;
    const data = {
      ...actionsOf(form, 'agenda.raise')[0],
      title,
      description: 'Avdelingene praktiserer dette ulikt. Vi bør bli enige om en felles linje.',
      agendaKind: 'principled',
      department: 'OPA',
      forum: 'coordinators',
      urgent: 'false',
      minutes: '15',
      ...extra,
    };
    const { status, body } = await s.h.post(
      cardAction({
        serviceUrl: s.h.connector.url,
        from: who,
        verb: 'agenda.raise',
        data,
        replyToId: formMessage.id,
      }),
    );
    expect(status).to.equal(200);
    return (body as { value: Card }).value;
  }

  const itemIdOn = (card: Card) => String(actionsOf(card, 'agenda.accept')[0]?.itemId ?? '');

  it('raise → accept → agenda posted at the deadline → outcome → submitter told → follow-up reminded → the clarification suggested', async () => {
    s = await startSession({ roster: ROSTER, greet: EVERYONE, at: T0 });
    await coordinatorsSeries('14.01.2027, 11.02.2027');

    // A contact person raises an item in one line; the receipt has its reference.
    let from = mark();
    const receipt = await raise(family, 'Lik praksis for refleksjonsperiode');
    expect(textOf(receipt)).to.include(nb('agenda.banners.raised', { reference: 'S-2027-0001' }));
    expect(verbsOf(receipt), 'the submitter curates nothing').not.to.include('agenda.accept');
    await s.drain();
    // The UDI coordinator and the department's coordinator are told; nobody else.
    for (const curator of [udi, opa]) {
      const cards = postedTo(curator, from);
      expect(
        cards.map((c) => textOf(c).split('\n')[0]),
        curator.name,
      ).to.deep.equal([nb('agenda.banners.new')]);
    }
    for (const other of [asa, rma, east]) expect(postedTo(other, from), other.name).to.have.length(0);
    // The submitter's chat has the form and its receipt (the answer to the click), nothing posted.
    expect(postedTo(family, from).map((c) => textOf(c).split('\n')[0])).to.deep.equal([
      nb('agenda.form.title'),
    ]);
    const opaCard = s.lastCard(opa);

    // Refusals: a contact person and another department's coordinator cannot accept it.
    const itemId = itemIdOn(opaCard);
    const meetingId = choicesOf(opaCard, 'meetingId')[0]?.value;
    expect(meetingId, 'the meetings of its forum are offered').to.match(/\|2027-01-14$/);
    for (const who of [east, asa, outsider]) {
      const refused = await s.click(who, 'agenda.accept', { itemId, listId: 'none', meetingId });
      expect(verbsOf(refused), who.name).not.to.include('agenda.accept');
      expect(textOf(refused), who.name).not.to.include('Lik praksis');
    }

    // The department's coordinator accepts it onto the meeting; the submitter is told, and their
    // receipt is updated in place.
    from = mark();
    const accepted = await press(opa, opaCard, 'agenda.accept', { meetingId });
    expect(textOf(accepted)).to.include(nb('agenda.export.state.accepted'));
    await s.drain();
    const told = postedTo(family, from);
    expect(told.map((c) => textOf(c).split('\n')[0])).to.deep.equal([
      nb('agenda.banners.accept', { meeting: 'Koordinatormøte torsdag 14. januar 2027 kl. 10:00–11:30' }),
    ]);
    expect(updatedFor(family, from).length, 'the receipt updated in place').to.be.greaterThan(0);

    // A second item, accepted by the UDI coordinator, and a third, urgent, that the meeting will not reach.
    await raise(family, 'Avklaring om oppholdstillatelse etter refleksjonsperiode');
    await s.drain();
    const second = s.lastCard(udi);
    await press(udi, second, 'agenda.accept', { meetingId });
    await raise(family, 'Orientering om ny rutine', {
      agendaKind: 'information',
      urgent: 'true',
      minutes: '10',
    });
    await s.drain();
    await press(udi, s.lastCard(udi), 'agenda.accept', { meetingId });
    await s.drain();

    // Before the deadline nothing is posted; at 16:00 on the deadline day the compiled agenda goes
    // to each coordinator: the urgent item first, then in the order of acceptance, with the total.
    from = mark();
    await at('2027-01-07T14:59:00.000Z');
    const sheetTitle = nb('agenda.sheet.title', { title: 'Koordinatormøte' });
    for (const who of COORDINATORS)
      expect(
        postedTo(who, from).filter((c) => textOf(c).includes(sheetTitle)),
        who.name,
      ).to.have.length(0);
    // The agenda call (late here: the clock jumped) has a button raising an item for the meeting.
    const call = postedTo(opa, from).find((c) => verbsOf(c).includes('agenda.start'));
    expect(call, 'the agenda call with its raise button').to.exist;
    const fromCall = await press(opa, call!, 'agenda.start');
    expect(textOf(fromCall)).to.include(nb('agenda.form.title')).and.include('torsdag 14. januar 2027');
    from = mark();
    await at('2027-01-07T15:00:30.000Z');
    for (const who of COORDINATORS) {
      const cards = postedTo(who, from).filter((c) => textOf(c).includes(sheetTitle));
      expect(cards, who.name).to.have.length(1);
      const sheet = textOf(cards[0]!);
      expect(sheet).to.include(nb('agenda.sheet.title', { title: 'Koordinatormøte' }));
      const order = ['Orientering om ny rutine', 'Lik praksis', 'Avklaring om oppholdstillatelse'].map((x) =>
        sheet.indexOf(x),
      );
      expect(order.every((n) => n >= 0) && order[0]! < order[1]! && order[1]! < order[2]!, sheet).to.equal(
        true,
      );
      expect(sheet).to.include(nb('agenda.meetingCard.total', { total: 40, length: 90 }));
    }
    expect(postedTo(family, from), 'the contact person gets no coordinators’ agenda').to.have.length(0);

    // An item put on the meeting after the deadline updates the posted agenda in place.
    await raise(family, 'Sen sak om tolk', { minutes: '5' });
    await s.drain();
    from = mark();
    await press(udi, s.lastCard(udi), 'agenda.accept', { meetingId });
    await s.drain();
    const updated = updatedFor(asa, from).filter((c) => textOf(c).includes(sheetTitle));
    expect(updated.length, 'the posted agenda updated in place').to.be.greaterThan(0);
    expect(textOf(updated.at(-1)!))
      .to.include('Sen sak om tolk')
      .and.include(nb('agenda.meetingCard.total', { total: 45, length: 90 }));
    expect(
      postedTo(asa, from).filter((c) => textOf(c).includes(sheetTitle)),
      'no second agenda',
    ).to.have.length(0);

    // An item for the February meeting: the backlog lists the meetings by date, the nearest first.
    await raise(family, 'Sak til februar', { minutes: '5' });
    await s.drain();
    const february = choicesOf(s.lastCard(udi), 'meetingId').find((c) => c.value.endsWith('|2027-02-11'));
    expect(february, 'the February meeting is offered').to.exist;
    await press(udi, s.lastCard(udi), 'agenda.accept', { meetingId: february!.value });
    const backlog = textOf(await s.say(udi, 'saksliste'));
    const january = backlog.indexOf('torsdag 14. januar');
    const feb = backlog.indexOf('torsdag 11. februar');
    expect(january >= 0 && feb > january, backlog).to.equal(true);

    // The day-before reminder carries the agenda.
    from = mark();
    await at('2027-01-13T09:00:30.000Z');
    const reminder = postedTo(opa, from).find((c) => textOf(c).includes(nb('meetings.banners.day-before')));
    expect(reminder, 'the day-before reminder').to.exist;
    expect(textOf(reminder!)).to.include('Lik praksis for refleksjonsperiode (S-2027-0001)');

    // After the meeting has begun the UDI coordinator records the outcomes.
    await at('2027-01-14T09:45:00.000Z');
    const items = await s.h.bot.app.store.read(async (uow) =>
      (await uow.items.query({ kind: 'agenda-item', states: ['accepted'] })).map(
        (i) => i as never as { id: string; title: string },
      ),
    );
    const idOf = (title: string) => items.find((i) => i.title.startsWith(title))!.id;
    const first = await s.click(udi, 'agenda.show', { itemId: idOf('Lik praksis'), listId: 'none' });
    expect(verbsOf(first)).to.include('agenda.outcome');
    expect(verbsOf(first), 'deciding is over once the meeting began').not.to.include('agenda.defer');
    // A follow-up without an owner is refused next to the field, with what was typed kept.
    const noOwner = await press(udi, first, 'agenda.outcome', {
      outcomeKind: 'follow-up',
      outcomeText: 'Lage en felles rutine for alle avdelingene',
      due: '2027-01-29',
    });
    expect(errorAfter(noOwner, 'personId')).to.equal(nb('agenda.errors.missing-owner'));
    from = mark();
    const done = await press(udi, noOwner, 'agenda.outcome', {
      outcomeKind: 'follow-up',
      outcomeText: 'Lage en felles rutine for alle avdelingene',
      personId: opa.aadObjectId,
      due: '2027-01-29',
    });
    expect(textOf(done)).to.include(nb('agenda.banners.outcome'));
    await s.drain();
    expect(postedTo(family, from).map((c) => textOf(c).split('\n')[0])).to.deep.equal([
      nb('agenda.banners.outcome'),
    ]);
    expect(textOf(postedTo(family, from)[0]!)).to.include('Lage en felles rutine');
    expect(postedTo(opa, from), 'the owner gets the follow-up action').to.have.length(1);

    const secondCard = await s.click(udi, 'agenda.show', { itemId: idOf('Avklaring om'), listId: 'none' });
    await press(udi, secondCard, 'agenda.outcome', {
      outcomeKind: 'clarified',
      outcomeText:
        'Refleksjonsperioden gir ikke i seg selv grunnlag for oppholdstillatelse etter utlendingsloven, men søknaden skal vurderes.',
    });
    await s.drain();

    // The UDI coordinator sends the meeting's summary to the coordinators: items and outcomes.
    const sheet = await s.click(udi, 'agenda.sheet', {
      seriesId: meetingId!.split('|')[0],
      occurrenceId: '2027-01-14',
    });
    from = mark();
    const sent = await press(udi, sheet, 'agenda.sendSummary');
    expect(textOf(sent)).to.include(nb('agenda.banners.summarySent'));
    await s.drain();
    for (const who of COORDINATORS) {
      const summary = postedTo(who, from).find((c) =>
        textOf(c).includes(nb('agenda.sheet.summaryTitle', { title: 'Koordinatormøte' })),
      );
      expect(summary, who.name).to.exist;
      expect(textOf(summary!))
        .to.include('Lage en felles rutine for alle avdelingene')
        .and.include('Refleksjonsperioden gir ikke i seg selv grunnlag')
        .and.include(nb('agenda.sheet.noOutcome'));
      // Every coordinator curates some department: the summary offers them the export.
      expect(verbsOf(summary!), who.name).to.include('agenda.export');
    }
    expect(postedTo(family, from), 'not to the contact person').to.have.length(0);
    // Sent once: the sent card says when and has no send button; a second send (an older card) says
    // it was sent and posts nothing.
    expect(textOf(sent)).to.match(/Referatet ble sendt .+\. Det oppdateres hos deltakerne/);
    expect(verbsOf(sent)).not.to.include('agenda.sendSummary');
    const reopened = await s.click(udi, 'agenda.sheet', {
      seriesId: meetingId!.split('|')[0],
      occurrenceId: '2027-01-14',
    });
    expect(verbsOf(reopened)).not.to.include('agenda.sendSummary');
    from = mark();
    const again = await s.click(udi, 'agenda.sendSummary', actionsOf(sheet, 'agenda.sendSummary')[0]);
    expect(textOf(again)).to.include(nb('agenda.errors.summary-sent'));
    expect(verbsOf(again)).not.to.include('agenda.sendSummary');
    await s.drain();
    for (const who of COORDINATORS) expect(postedTo(who, from), who.name).to.have.length(0);

    // The follow-up is reminded to its owner two working days before it is due.
    from = mark();
    await at('2027-01-27T08:00:00.000Z');
    expect(postedTo(opa, from), 'the due-soon reminder').to.have.length(1);

    // The meeting did not reach the urgent item: at the next meeting's deadline it is carried over
    // and on that agenda, marked.
    from = mark();
    await at('2027-02-04T15:00:30.000Z');
    const next = postedTo(udi, from).find((c) =>
      textOf(c).includes(nb('agenda.sheet.title', { title: 'Koordinatormøte' })),
    );
    expect(next, 'the next agenda').to.exist;
    expect(textOf(next!))
      .to.include('Orientering om ny rutine')
      .and.include(nb('agenda.meetingCard.carriedOver', { count: 1 }));
    expect(
      postedTo(family, from).some((c) => textOf(c).includes('Orientering om ny rutine')),
      'the submitter is told of the carry-over',
    ).to.equal(true);

    // A later guidance question with an inflected word form is shown the clarification.
    const guidanceReceipt = await s.click(east, 'guidance.submit', {
      topicId: 'family-immigration',
      question: 'Gir refleksjonsperioden grunnlag for oppholdstillatelsen til en søker?',
    });
    expect(textOf(guidanceReceipt)).to.include('A-2027-0001');
  });

  it('a principled guidance answer goes on to the agenda in one click, its question and answer offered to edit', async () => {
    s = await startSession({ roster: ROSTER, greet: EVERYONE, at: T0 });
    await s.click(east, 'guidance.submit', {
      topicId: 'family-immigration',
      question: 'Gjelder refleksjonsperioden også ved ny søknad?',
      principled: 'true',
    });
    await s.drain();
    const assigned = s.lastCard(family);
    const answered = await press(family, assigned, 'guidance.answer', {
      answerText: 'Ja, se rundskrivet punkt 4.',
    });
    await s.drain();
    // The answer enters the register of clarifications as a proposal: nobody finds it yet ...
    const before = await s.say(asa, 'avklaringer søknaden');
    expect(JSON.stringify(before)).not.to.include('Ja, se rundskrivet punkt 4.');
    // ... until the UDI coordinator approves it: they got a card about it, and see it marked in the
    // register's card too.
    const notified = s.lastCard(udi);
    expect(textOf(notified)).to.include(nb('agenda.clarifications.banners.proposed'));
    expect(textOf(notified)).to.include(nb('agenda.clarifications.card.proposed'));
    expect(verbsOf(notified)).to.include('agenda.approveClarification');
    expect(verbsOf(s.lastCard(asa) ?? {})).not.to.include('agenda.approveClarification');
    const review = await s.say(udi, 'avklaringer');
    expect(textOf(review)).to.include(nb('agenda.clarifications.card.proposed'));
    expect(textOf(review)).to.include('Ja, se rundskrivet punkt 4.');
    const approved = await press(udi, notified, 'agenda.approveClarification');
    expect(textOf(approved)).to.include(nb('agenda.clarifications.banners.approved'));
    expect(textOf(approved)).not.to.include(nb('agenda.clarifications.card.proposed'));
    // Now a member finds it by another word form.
    const found = await s.say(asa, 'avklaringer søknaden');
    expect(JSON.stringify(found)).to.include('Ja, se rundskrivet punkt 4.');
    // ... and by its topic's name, which neither text holds.
    const byTopic = await s.say(asa, 'avklaringer familieinnvandring');
    expect(JSON.stringify(byTopic)).to.include('Ja, se rundskrivet punkt 4.');
    // The one who answered and the asker get the button; it opens the form with the draft.
    expect(verbsOf(answered)).to.include('agenda.start');
    const askerCard = s.lastCard(east);
    expect(verbsOf(askerCard)).to.include('agenda.start');
    const form = await press(east, askerCard, 'agenda.start');
    expect(JSON.stringify(form)).to.include('Gjelder refleksjonsperioden også ved ny søknad?');
    expect(JSON.stringify(form)).to.include('Ja, se rundskrivet punkt 4.');
    // Someone who neither asked nor answered cannot take the draft.
    const requestId = actionsOf(askerCard, 'agenda.start')[0]!.requestId;
    const refused = await s.click(asa, 'agenda.start', { requestId });
    expect(JSON.stringify(refused)).not.to.include('rundskrivet');
  });

  it('the other reviewer’s card about a proposed entry follows the first one’s approval, edit and withdrawal', async () => {
    const deputy = user(8, 'Dina Nestleder');
    s = await startSession({
      roster: [...ROSTER, member(deputy, [{ kind: 'deputy', department: 'AUA' }])],
      greet: [...EVERYONE, deputy],
      at: T0,
    });
    await s.click(east, 'guidance.submit', {
      topicId: 'family-immigration',
      question: 'Gjelder refleksjonsperioden også ved ny søknad?',
      principled: 'true',
    });
    await s.drain();
    // The outbox delivers in the background: what it sends may arrive before the answer returns.
    let from = mark();
    await press(family, s.lastCard(family), 'guidance.answer', { answerText: 'Ja, se rundskrivet punkt 4.' });
    await s.drain();
    /** The card about the proposed entry in `who`'s chat, and its message. */
    const proposedTo = (who: TestUser) => {
      const message = s
        .posts(who)
        .find((a) => verbsOf(s.h.connector.cardOf(a)!).includes('agenda.approveClarification'));
      expect(message, `${who.name} got a card about the proposed entry`).to.exist;
      return { card: s.h.connector.cardOf(message!)!, message: message! };
    };
    const { card: udiCard, message: udiMessage } = proposedTo(udi);
    const { card: deputyCard, message: deputyMessage } = proposedTo(deputy);
    for (const card of [udiCard, deputyCard])
      expect(textOf(card)).to.include(nb('agenda.clarifications.banners.proposed'));
    expect(postedTo(udi, from)).to.deep.include(udiCard);
    /** Clicks on the card of `message` (Teams names it), as `who`. */
    const clickOn = async (
      who: TestUser,
      card: Card,
      verb: string,
      messageId: string,
      typed: Record<string, unknown> = {},
    ) => {
      const { status, body } = await s.h.post(
        cardAction({
          serviceUrl: s.h.connector.url,
          from: who,
          verb,
          // The button about the entry (the search button has no entryId).
          data: { ...(actionsOf(card, verb).find((d) => d.entryId) ?? actionsOf(card, verb)[0]), ...typed },
          replyToId: messageId,
        }),
      );
      expect(status).to.equal(200);
      return (body as { value: Card }).value;
    };

    // The UDI coordinator approves: the deputy's card says so, without "Godkjenn"; theirs is the answer.
    from = mark();
    const approved = await clickOn(udi, udiCard!, 'agenda.approveClarification', udiMessage.id);
    expect(textOf(approved)).to.include(nb('agenda.clarifications.banners.approved'));
    await s.drain();
    expect(updatedFor(udi, from), 'the clicked card is the answer, not updated again').to.have.length(0);
    const deputyNow = updatedFor(deputy, from);
    expect(deputyNow).to.have.length(1);
    expect(textOf(deputyNow[0])).to.include(nb('agenda.clarifications.banners.approved'));
    expect(textOf(deputyNow[0])).not.to.include(nb('agenda.clarifications.card.proposed'));
    expect(verbsOf(deputyNow[0])).not.to.include('agenda.approveClarification');
    expect(verbsOf(deputyNow[0])).to.include('agenda.withdrawClarification');

    // The deputy corrects the text: the UDI coordinator's card shows it.
    from = mark();
    const opened = await clickOn(deputy, deputyNow[0]!, 'agenda.clarifications', deputyMessage.id);
    const editedCard = await clickOn(deputy, opened, 'agenda.editClarification', deputyMessage.id, {
      question: 'Gjelder refleksjonsperioden også ved ny søknad?',
      clarification: 'Ja, se rundskrivet punkt 4.2.',
      decidedOn: '2027-01-04',
      topicId: 'family-immigration',
    });
    expect(textOf(editedCard)).to.include(nb('agenda.clarifications.banners.edited'));
    await s.drain();
    const udiNow = updatedFor(udi, from);
    expect(udiNow).to.have.length(1);
    expect(textOf(udiNow[0])).to.include('Ja, se rundskrivet punkt 4.2.');

    // The deputy withdraws it: the UDI coordinator's card says so and has nothing to act on.
    from = mark();
    await clickOn(deputy, deputyNow[0]!, 'agenda.withdrawClarification', deputyMessage.id);
    await s.drain();
    const withdrawn = updatedFor(udi, from);
    expect(withdrawn).to.have.length(1);
    expect(textOf(withdrawn[0])).to.include(nb('agenda.clarifications.banners.withdrawn'));
    expect(textOf(withdrawn[0])).not.to.include('rundskrivet');
    for (const verb of [
      'agenda.approveClarification',
      'agenda.withdrawClarification',
      'agenda.editClarification',
    ])
      expect(verbsOf(withdrawn[0])).not.to.include(verb);
  });

  it('the raise form keeps what was typed with each problem next to its field, and never shows a forged pick back', async () => {
    s = await startSession({ roster: ROSTER, greet: [family], at: T0 });
    const card = await s.click(family, 'agenda.raise', {
      guidanceId: 'none',
      title: 'Lik praksis for tolk',
      description: '',
      agendaKind: 'principled',
      department: 'OPA',
      forum: 'forged-forum',
      minutes: '999',
      urgent: 'true',
    });
    expect(errorAfter(card, 'description')).to.equal(nb('agenda.errors.missing'));
    expect(errorAfter(card, 'forum')).to.equal(nb('agenda.errors.missing'));
    expect(JSON.stringify(card))
      .to.include('Lik praksis for tolk')
      .and.not.include('forged-forum')
      .and.not.include('"999"');
    const stored = await s.h.bot.app.store.read((uow) => uow.items.query({ kind: 'agenda-item' }));
    expect(stored, 'nothing raised').to.deep.equal([]);
  });
});
