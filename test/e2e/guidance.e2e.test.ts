import { expect } from 'chai';
import { inUnitOfWork } from '../../src/app/unit-of-work.js';
import { t } from '../../src/cards/i18n.js';
import type { Person } from '../../src/domain/roster.js';
import { runGuidanceDeadlines } from '../../src/features/guidance/guidance.js';
import { guidanceRequestsIn } from '../../src/features/guidance/guidance-store.js';
import { type Harness, startHarness } from '../support/bot-harness.js';
import { actionData, inputIdsOf, textOf, verbsOf } from '../support/card-inspect.js';
import { readStoredDocument, readStoredText } from '../support/stored-document.js';
import { cardAction, message, user } from '../support/teams-activities.js';

const udi = user(1, 'Kari UDI');
const opa = user(2, 'Ola OPA');
const familyContact = user(3, 'Fia Familie');
const asker = user(4, 'Rita Region');
const asa = user(5, 'Asle ASA');
const SINCE = '2026-01-01T00:00:00.000Z';
const roster: Person[] = [
  {
    aadObjectId: udi.aadObjectId,
    displayName: udi.name,
    roles: [{ kind: 'coordinator', department: 'AUA' }],
    since: SINCE,
  },
  {
    aadObjectId: opa.aadObjectId,
    displayName: opa.name,
    roles: [{ kind: 'coordinator', department: 'OPA' }],
    since: SINCE,
  },
  {
    aadObjectId: asa.aadObjectId,
    displayName: asa.name,
    roles: [{ kind: 'coordinator', department: 'ASA' }],
    since: SINCE,
  },
  {
    aadObjectId: familyContact.aadObjectId,
    displayName: familyContact.name,
    roles: [{ kind: 'contact', department: 'OPA', unitId: 'opa-family' }],
    since: SINCE,
  },
  {
    aadObjectId: asker.aadObjectId,
    displayName: asker.name,
    roles: [{ kind: 'contact', department: 'RMA', unitId: 'rma-region-east' }],
    since: SINCE,
  },
];

describe('guidance requests, end to end', () => {
  let h: Harness;
  let serviceUrl: string;
  /** The bot's clock (the outbox keeps real time). */
  let clock: Date;
  beforeEach(async () => {
    clock = new Date('2026-11-24T09:00:00.000Z'); // Tuesday
    h = await startHarness({}, { now: () => clock });
    serviceUrl = h.connector.url;
    await h.seed(roster);
    for (const who of [udi, opa, familyContact, asker, asa]) {
      await h.post(message({ serviceUrl, from: who, text: 'hjelp' }));
    }
    await h.connector.waitFor(5);
  });
  afterEach(async () => {
    await h.close();
  });

  async function click(from: typeof udi, verb: string, data: Record<string, unknown> = {}) {
    const { status, body } = await h.post(cardAction({ serviceUrl, from, verb, data }));
    expect(status).to.equal(200);
    return (body as { value: unknown }).value;
  }

  /** The newest card the bot posted (or updated) in someone's personal chat. */
  function lastCardTo(who: typeof udi) {
    const mine = h.connector.activities.filter((a) => a.conversationId === `a:personal-${who.aadObjectId}`);
    return h.connector.cardOf(mine.at(-1)!);
  }

  it('asks, routes to the topic owner, takes, answers, follows up, and closes', async () => {
    const form = await click(asker, 'guidance.start');
    expect(inputIdsOf(form)).to.include.members(['topicId', 'question', 'origin', 'urgency', 'principled']);

    const receipt = await click(asker, 'guidance.submit', {
      topicId: 'family-immigration',
      origin: 'external',
      externalSource: 'police',
      urgency: 'urgent',
      question: 'Politiet spør om rutinene for refleksjonsperiode.',
    });
    expect(textOf(receipt)).to.match(/V-\d{4}-0001/);
    expect(textOf(receipt)).to.include(familyContact.name);

    await h.bot.outbox.drain();
    const routed = lastCardTo(familyContact);
    expect(verbsOf(routed)).to.include.members(['guidance.take', 'guidance.answer', 'guidance.forward']);
    const requestId = String(actionData(routed, 'guidance.take')?.requestId);

    // Someone else may not act on it.
    const refused = await click(asa, 'guidance.take', { requestId });
    expect(verbsOf(refused)).not.to.include('guidance.answer');

    const taken = await click(familyContact, 'guidance.take', { requestId });
    expect(verbsOf(taken)).not.to.include('guidance.take');
    const answered = await click(familyContact, 'guidance.answer', {
      requestId,
      answerText: 'Se rundskrivet, punkt 4.',
    });
    expect(verbsOf(answered)).not.to.include('guidance.answer');

    await h.bot.outbox.drain();
    const answerCard = lastCardTo(asker);
    expect(textOf(answerCard)).to.include('Se rundskrivet, punkt 4.');
    expect(verbsOf(answerCard)).to.include.members(['guidance.helpful', 'guidance.followUp']);
    // The assignee's card was updated in place, not posted again.
    const puts = h.connector.activities.filter(
      (a) => a.method === 'PUT' && a.conversationId === `a:personal-${familyContact.aadObjectId}`,
    );
    expect(puts.length).to.be.greaterThan(0);

    const reopened = await click(asker, 'guidance.followUp', {
      requestId,
      followUpText: 'Gjelder det også for barn?',
    });
    expect(verbsOf(reopened)).not.to.include('guidance.followUp');
    await h.bot.outbox.drain();
    expect(textOf(lastCardTo(familyContact))).to.include('Gjelder det også for barn?');

    const closed = await click(familyContact, 'guidance.close', {
      requestId,
      closeReason: 'Tas opp i nettverksmøtet',
    });
    expect(verbsOf(closed)).not.to.include('guidance.answer');
    const late = await click(familyContact, 'guidance.answer', { requestId, answerText: 'For sent' });
    expect(verbsOf(late)).not.to.include('guidance.answer');
    expect(JSON.stringify(late)).not.to.include('For sent');
  });

  it('forwards with a reason, and escalates to the UDI coordinator as principled', async () => {
    await click(asker, 'guidance.submit', {
      topicId: 'family-immigration',
      question: 'Et prinsipielt spørsmål',
    });
    await h.bot.outbox.drain();
    const requestId = String(actionData(lastCardTo(familyContact), 'guidance.take')?.requestId);
    await click(familyContact, 'guidance.forward', {
      requestId,
      forwardTo: opa.aadObjectId,
      forwardReason: 'OPA-saken',
    });
    await h.bot.outbox.drain();
    expect(verbsOf(lastCardTo(opa))).to.include('guidance.escalate');
    await click(opa, 'guidance.escalate', { requestId, escalateReason: 'Prinsipielt' });
    await h.bot.outbox.drain();
    expect(verbsOf(lastCardTo(udi))).to.include('guidance.answer');
    const request = await h.bot.app.store.read((uow) => guidanceRequestsIn(uow).get(requestId));
    expect(request).to.include({ assignee: udi.aadObjectId, principled: true });

    const queue = await click(udi, 'guidance.queue');
    expect(textOf(queue)).to.match(/V-\d{4}-0001/);
    const mine = await click(asker, 'guidance.mine');
    expect(textOf(mine)).to.match(/V-\d{4}-0001/);
  });

  it('asks the asker for more information and brings their reply back to the assignee', async () => {
    await click(asker, 'guidance.submit', {
      topicId: 'return',
      question: 'Hvordan søker man IOM-programmet?',
    });
    await h.bot.outbox.drain();
    // No Return Unit contact in this roster: the RMA coordinator is missing too, so it goes to the UDI coordinator.
    const requestId = String(actionData(lastCardTo(udi), 'guidance.askInfo')?.requestId);
    await click(udi, 'guidance.askInfo', { requestId, infoText: 'Hvilket land gjelder det?' });
    await h.bot.outbox.drain();
    const question = lastCardTo(asker);
    expect(textOf(question)).to.include('Hvilket land gjelder det?');
    expect(verbsOf(question)).to.include('guidance.provideInfo');
    await click(asker, 'guidance.provideInfo', { requestId, provideText: 'Gjelder retur til Nigeria.' });
    await h.bot.outbox.drain();
    expect(textOf(lastCardTo(udi))).to.include('Gjelder retur til Nigeria.');
    await click(udi, 'guidance.close', { requestId, closeReason: 'Besvart på telefon' });
    await h.bot.outbox.drain();
    expect(textOf(lastCardTo(asker))).to.include('Besvart på telefon');
    expect(await h.bot.app.store.read((uow) => uow.outbox.counts())).to.include({ failed: 0, pending: 0 });
  });

  it('routes past someone who marked themselves away, to the next in line', async () => {
    const before = h.connector.activities.length;
    await h.post(message({ serviceUrl, from: familyContact, text: 'borte' }));
    await h.connector.waitFor(before + 1);
    expect((await h.bot.app.store.read((uow) => uow.people.get(familyContact.aadObjectId)))?.away).to.equal(
      true,
    );
    const receipt = await click(asker, 'guidance.submit', { topicId: 'family-immigration', question: 'Q' });
    expect(textOf(receipt)).to.include(opa.name);
    await h.post(message({ serviceUrl, from: familyContact, text: 'tilbake' }));
    await h.connector.waitFor(before + 3);
    expect((await h.bot.app.store.read((uow) => uow.people.get(familyContact.aadObjectId)))?.away).to.equal(
      undefined,
    );
  });

  it('reminds the assignee before the deadline and tells the coordinators after it (fake clock)', async () => {
    await click(asker, 'guidance.submit', { topicId: 'family-immigration', question: 'Frist-test' });
    await h.bot.outbox.drain();
    const cardsTo = (who: typeof udi) =>
      h.connector.activities.filter(
        (a) => a.method === 'POST' && a.conversationId === `a:personal-${who.aadObjectId}`,
      ).length;
    const before = { family: cardsTo(familyContact), opa: cardsTo(opa), udi: cardsTo(udi) };

    clock = new Date('2026-11-26T09:00:00.000Z'); // the working day before the deadline (Fri 27 Nov)
    await inUnitOfWork(h.bot.app, (uow) => runGuidanceDeadlines(h.bot.app, uow));
    await h.bot.outbox.drain();
    expect(cardsTo(familyContact)).to.equal(before.family + 1);
    expect(textOf(lastCardTo(familyContact))).to.include(t('nb', 'guidance.banners.dueSoon'));

    clock = new Date('2026-11-30T09:00:00.000Z'); // Monday: overdue
    await inUnitOfWork(h.bot.app, (uow) => runGuidanceDeadlines(h.bot.app, uow));
    await h.bot.outbox.drain();
    expect(cardsTo(opa)).to.equal(before.opa + 1);
    expect(textOf(lastCardTo(opa))).to.include(t('nb', 'guidance.banners.overdueCoordinator'));
    // The department coordinator may step in, so their card has the assignee's buttons.
    expect(verbsOf(lastCardTo(opa))).to.include.members(['guidance.answer', 'guidance.forward']);

    clock = new Date('2026-12-01T09:00:00.000Z'); // two working days late
    await inUnitOfWork(h.bot.app, (uow) => runGuidanceDeadlines(h.bot.app, uow));
    await inUnitOfWork(h.bot.app, (uow) => runGuidanceDeadlines(h.bot.app, uow)); // again the same day: nothing more
    await h.bot.outbox.drain();
    expect(cardsTo(udi)).to.equal(before.udi + 1);
    expect(textOf(lastCardTo(udi))).to.include(t('nb', 'guidance.banners.overdueUdi'));
  });

  it('refuses a national identity number in the question and stores nothing', async () => {
    const card = await click(asker, 'guidance.submit', {
      topicId: 'return',
      question: 'Søker 41010150572 trenger hjelp',
    });
    expect(JSON.stringify(card)).not.to.include('41010150572');
    expect(await h.bot.app.store.read((uow) => guidanceRequestsIn(uow).listActive())).to.deep.equal([]);
    const file = await readStoredText(h.dataDir);
    expect(file).not.to.include('41010150572');
  });

  it('answers the typed commands spør, mine saker and kø', async () => {
    const before = h.connector.activities.length;
    await h.post(message({ serviceUrl, from: asker, text: 'spør' }));
    await h.post(message({ serviceUrl, from: asker, text: 'mine saker' }));
    await h.post(message({ serviceUrl, from: opa, text: 'kø' }));
    const replies = (await h.connector.waitFor(before + 3)).slice(before).map((a) => h.connector.cardOf(a));
    expect(verbsOf(replies[0])).to.include('guidance.submit');
    expect(verbsOf(replies[1])).to.include('guidance.start');
    expect(textOf(replies[2])).to.include(t('nb', 'guidance.lists.queueTitle'));
  });

  it('keeps no question, answer or name in the outbox: notifications are references, cards rendered at send time', async () => {
    const question = 'Hvordan vurderes en refleksjonsperiode for en mindreårig?';
    const answerText = 'Se rundskrivet, punkt 4.';
    const outboxOnDisk = async () => {
      const file = (await readStoredDocument(h.dataDir)) as {
        outbox: unknown;
        items: unknown;
      };
      return { outbox: JSON.stringify(file.outbox), items: JSON.stringify(file.items) };
    };
    await h.bot.outbox.stop(); // the cards wait in the outbox
    await click(asker, 'guidance.submit', { topicId: 'family-immigration', question });
    const [pending] = await h.bot.app.store.read((uow) => uow.outbox.listPending());
    const requestId = pending!.subject.id;
    await click(familyContact, 'guidance.answer', { requestId, answerText });
    const waiting = await outboxOnDisk();
    expect(waiting.items, 'the request itself holds the texts').to.include(question).and.include(answerText);
    expect(JSON.parse(waiting.outbox).messages).to.not.deep.equal({});
    for (const text of [question, answerText, asker.name, familyContact.name, 'V-2026-0001'])
      expect(waiting.outbox, text).not.to.include(text);

    h.bot.outbox.start();
    await h.bot.outbox.drain();
    // Rendered at send time, from the request as it is: the answer is on the cards.
    expect(textOf(lastCardTo(asker))).to.include(answerText);
    const delivered = await outboxOnDisk();
    for (const text of [question, answerText, asker.name, familyContact.name])
      expect(delivered.outbox, text).not.to.include(text);
    // Where each card landed is kept with the request's parties (for updates in place).
    const request = await h.bot.app.store.read((uow) => guidanceRequestsIn(uow).get(requestId));
    const askerParty = request?.parties.find(
      (p) => p.to.kind === 'person' && p.to.aadObjectId === asker.aadObjectId,
    );
    expect(askerParty?.cards.at(-1)?.activityId).to.be.a('string');
  });
});
