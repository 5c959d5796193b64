import { expect } from 'chai';
import { formatDate, t } from '../../src/cards/i18n.js';
import type { Person } from '../../src/domain/roster.js';
import { guidanceRequestsIn } from '../../src/features/guidance/guidance-store.js';
import { textOf, verbsOf } from '../support/card-inspect.js';
import { readStoredText } from '../support/stored-document.js';
import { cardAction, user } from '../support/teams-activities.js';
import {
  choicesOf,
  errorAfter,
  listRows,
  member,
  requestIdOn,
  type Session,
  showCards,
  startSession,
  visibleButtons,
  visibleInput,
} from '../support/ux.js';

const udi = user(1, 'Kari UDI');
const opa = user(2, 'Ola OPA');
const family = user(3, 'Fia Familie');
const asker = user(4, 'Rita Region');
const asa = user(5, 'Asle ASA');
const visa = user(6, 'Vera Visum');
const everybody = [udi, opa, family, asker, asa, visa];

const roster: Person[] = [
  member(udi, [{ kind: 'coordinator', department: 'AUA' }]),
  member(opa, [{ kind: 'coordinator', department: 'OPA' }]),
  member(family, [{ kind: 'contact', department: 'OPA', unitId: 'opa-family' }]),
  member(asker, [{ kind: 'contact', department: 'RMA', unitId: 'rma-region-east' }]),
  member(asa, [{ kind: 'coordinator', department: 'ASA' }]),
  member(visa, [{ kind: 'contact', department: 'OPA', unitId: 'opa-visa-work-study' }]),
];

/** A D-number with valid control digits (DOMAIN.md). */
const D_NUMBER = '41010150572';
const nb = (key: string, vars?: Record<string, string | number>) => t('nb', key, vars);

describe('issue 7, guidance: what a new user ran into (end to end)', () => {
  let s: Session;
  beforeEach(async () => {
    s = await startSession({ roster, greet: everybody }); // Tuesday 24 Nov 2026, 09:00 UTC
  });
  afterEach(async () => {
    await s.close();
  });

  /** Asks a question as `from` and returns the new request's id (the assignee's card carries it). */
  async function ask(from = asker, values: Record<string, unknown> = {}) {
    const receipt = await s.click(from, 'guidance.submit', {
      topicId: 'family-immigration',
      question: 'Hvilke rutiner gjelder for refleksjonsperiode?',
      ...values,
    });
    expect(verbsOf(receipt), textOf(receipt)).not.to.include('guidance.submit');
    await s.drain();
    const request = (await s.h.bot.app.store.read((uow) => guidanceRequestsIn(uow).listActive())).at(-1);
    if (!request) throw new Error('the question was not stored');
    return { receipt, requestId: request.id, reference: request.reference };
  }

  const stored = (requestId: string) =>
    s.h.bot.app.store.read((uow) => guidanceRequestsIn(uow).get(requestId));

  describe('7.1 a refusal keeps the card', () => {
    it('question form: an identity number empties the question only, with the privacy message under it; nothing is stored', async () => {
      const card = await s.click(asker, 'guidance.submit', {
        topicId: 'family-immigration',
        askerDepartment: 'RMA',
        origin: 'external',
        externalSource: 'police',
        urgency: 'urgent',
        principled: 'true',
        question: `Søker med D-nummer ${D_NUMBER} trenger hjelp`,
      });
      // The same form, not a notice.
      expect(verbsOf(card)).to.deep.equal(['guidance.submit']);
      expect(visibleInput(card, 'question')?.value).to.equal('');
      expect(errorAfter(card, 'question')).to.equal(nb('guidance.errors.privacy'));
      expect(errorAfter(card, 'question')).to.include('hører bare hjemme i DUF');
      // Everything else kept, with no message next to it.
      expect(visibleInput(card, 'topicId')?.value).to.equal('family-immigration');
      expect(visibleInput(card, 'askerDepartment')?.value).to.equal('RMA');
      expect(visibleInput(card, 'origin')?.value).to.equal('external');
      expect(visibleInput(card, 'externalSource')?.value).to.equal('police');
      expect(visibleInput(card, 'urgency')?.value).to.equal('urgent');
      expect(visibleInput(card, 'principled')?.value).to.equal('true');
      expect(errorAfter(card, 'topicId')).to.equal(undefined);
      // The number is nowhere: not on the card, not stored.
      expect(JSON.stringify(card)).not.to.include('50572');
      expect(await s.h.bot.app.store.read((uow) => guidanceRequestsIn(uow).listActive())).to.deep.equal([]);
      expect(await readStoredText(s.h.dataDir)).not.to.include(D_NUMBER);
    });

    it('question form: a missing topic is named at the topic field, and the question typed is kept', async () => {
      const card = await s.click(asker, 'guidance.submit', {
        question: 'Hvordan melder vi en mulig menneskehandelsak?',
        urgency: 'urgent',
      });
      expect(verbsOf(card)).to.deep.equal(['guidance.submit']);
      expect(errorAfter(card, 'topicId')).to.equal(nb('guidance.errors.missing-topic'));
      expect(visibleInput(card, 'question')?.value).to.equal('Hvordan melder vi en mulig menneskehandelsak?');
      expect(errorAfter(card, 'question')).to.equal(undefined);
      expect(visibleInput(card, 'urgency')?.value).to.equal('urgent');
    });

    it("an assignee's answer with a D-number: the item card comes back with the answer form open, its text emptied, the message under it, the conversation and a Cancel button", async () => {
      const { requestId } = await ask();
      const card = await s.click(family, 'guidance.answer', {
        requestId,
        listId: 'none',
        answerText: `Se saken til ${D_NUMBER} i DUF`,
      });
      // The item card, with the answer form open in the card itself (not behind a button).
      expect(textOf(card)).to.include(nb('guidance.item.title', { reference: 'V-2026-0001' }));
      const input = visibleInput(card, 'answerText');
      expect(input, 'an open answer field').to.exist;
      expect(input?.value).to.equal('');
      expect(errorAfter(card, 'answerText')).to.equal(nb('guidance.errors.privacy'));
      expect(errorAfter(card, 'answerText')).to.include('hører bare hjemme i DUF');
      // The conversation is still there.
      expect(textOf(card)).to.include('Hvilke rutiner gjelder for refleksjonsperiode?');
      // Send again, or cancel back to the card.
      const buttons = visibleButtons(card);
      expect(buttons.map((b) => b.verb)).to.include('guidance.answer');
      const cancel = buttons.find((b) => b.title === nb('guidance.item.forms.cancel'));
      expect(cancel?.verb).to.equal('guidance.show');
      // The other forms are put away while this one is open.
      expect(showCards(card)).to.deep.equal([]);
      expect(JSON.stringify(card)).not.to.include('50572');
      const request = await stored(requestId);
      expect(request?.state).to.equal('open');
      expect(request?.messages).to.have.length(1);

      const back = await s.click(family, cancel!.verb, cancel!.data);
      expect(visibleInput(back, 'answerText')).to.equal(undefined);
      expect(showCards(back).map((c) => c.title)).to.include(nb('guidance.item.actions.answer'));
    });

    it('an empty answer keeps the open form with the message under the text field', async () => {
      const { requestId } = await ask();
      const card = await s.click(family, 'guidance.answer', { requestId, listId: 'none', answerText: '   ' });
      expect(visibleInput(card, 'answerText')).to.exist;
      expect(errorAfter(card, 'answerText')).to.equal(nb('guidance.errors.empty-text'));
      expect((await stored(requestId))?.state).to.equal('open');
    });
  });

  describe('7.2 urgent questions', () => {
    it('get a deadline of one working day and the "Haster" marker on the receipt, the item card and the list rows, and come first in the queue', async () => {
      const normal = await ask(asker, { question: 'Et vanlig spørsmål' });
      expect(textOf(normal.receipt)).not.to.include(nb('guidance.item.urgent'));
      expect(textOf(normal.receipt)).to.include(formatDate('nb', '2026-11-27'));

      s.clock = new Date('2026-11-24T10:00:00.000Z');
      const urgent = await ask(asker, { question: 'Et spørsmål som haster', urgency: 'urgent' });
      expect((await stored(urgent.requestId))?.dueDate).to.equal('2026-11-25');
      expect(textOf(urgent.receipt)).to.include(nb('guidance.item.urgent'));
      expect(textOf(urgent.receipt)).to.include(formatDate('nb', '2026-11-25'));

      // The assignee's card.
      const itemCard = s.lastCard(family);
      expect(textOf(itemCard)).to.include('Et spørsmål som haster');
      expect(textOf(itemCard)).to.include(nb('guidance.item.urgent'));

      // The coordinator's queue: the urgent one first, though it is newer; only it is marked.
      const queue = listRows(await s.say(opa, 'kø'));
      expect(queue).to.have.length(2);
      expect(queue[0]).to.include(urgent.reference).and.include(nb('guidance.item.urgent'));
      expect(queue[1]).to.include(normal.reference).and.not.include(nb('guidance.item.urgent'));

      // The asker's own list.
      const mine = listRows(await s.say(asker, 'mine saker'));
      const urgentRow = mine.find((row) => row.includes(urgent.reference));
      const normalRow = mine.find((row) => row.includes(normal.reference));
      expect(urgentRow).to.include(nb('guidance.item.urgent'));
      expect(normalRow).not.to.include(nb('guidance.item.urgent'));
    });

    it('are marked "Urgent" in English', async () => {
      const receipt = await s.click(
        asker,
        'guidance.submit',
        { topicId: 'family-immigration', question: 'Urgent one', urgency: 'urgent' },
        'en-US',
      );
      expect(textOf(receipt)).to.include(t('en', 'guidance.item.urgent')).and.include('Urgent');
    });

    it('remind the assignee on the day of the deadline, not on the day they were asked', async () => {
      await ask(asker, { urgency: 'urgent' }); // asked Tue 24 Nov, due Wed 25 Nov
      const before = s.posts(family).length;

      s.clock = new Date('2026-11-24T15:00:00.000Z'); // later the same day
      await s.deadlineRound();
      await s.drain();
      expect(s.posts(family).length, 'no reminder on the day it was asked').to.equal(before);

      s.clock = new Date('2026-11-25T07:00:00.000Z'); // the day of the deadline
      await s.deadlineRound();
      await s.deadlineRound(); // a second round the same day sends nothing more
      await s.drain();
      expect(s.posts(family).length).to.equal(before + 1);
      expect(textOf(s.lastCard(family))).to.include(nb('guidance.banners.dueSoon'));
    });
  });

  describe('live cards (issue 8): nobody acts on a stale card', () => {
    it("a person's earlier card is kept as it is, without buttons, when they get a newer one", async () => {
      const { requestId } = await ask();
      await s.click(family, 'guidance.askInfo', { requestId, infoText: 'Hvilket land gjelder det?' });
      await s.drain();
      const infoCard = s.posts(asker).at(-1)!;
      expect(verbsOf(s.h.connector.cardOf(infoCard))).to.include('guidance.provideInfo');
      await s.click(asker, 'guidance.provideInfo', { requestId, provideText: 'Nigeria.' });
      await s.click(family, 'guidance.answer', { requestId, answerText: 'Se rundskrivet, punkt 4.' });
      await s.drain();
      // The answer is a new card; the card that asked for information is updated a last time.
      const answerCard = s.posts(asker).at(-1)!;
      expect(answerCard.id).not.to.equal(infoCard.id);
      expect(verbsOf(s.h.connector.cardOf(answerCard))).to.include('guidance.followUp');
      const retired = s
        .puts(asker)
        .filter((put) => put.pathActivityId === infoCard.id)
        .at(-1);
      expect(retired, 'the earlier card was updated').to.exist;
      const card = s.h.connector.cardOf(retired!);
      expect(visibleButtons(card)).to.deep.equal([]);
      expect(textOf(card)).to.include(nb('guidance.banners.superseded'));
      expect(textOf(card)).to.include('Se rundskrivet, punkt 4.');
    });

    it("the asker's receipt is kept up to date in place until a newer card about the request reaches them", async () => {
      // Teams sends the id of the message whose card was clicked; the receipt replaced the form there.
      const { status } = await s.h.post(
        cardAction({
          serviceUrl: s.h.connector.url,
          from: asker,
          verb: 'guidance.submit',
          replyToId: 'form-message-1',
          data: { topicId: 'family-immigration', question: 'Hvilke rutiner gjelder?' },
        }),
      );
      expect(status).to.equal(200);
      await s.drain();
      const requestId = (await s.h.bot.app.store.read((uow) => guidanceRequestsIn(uow).listActive())).at(
        -1,
      )!.id;
      await s.click(family, 'guidance.forward', {
        requestId,
        forwardTo: opa.aadObjectId,
        forwardReason: 'OPA',
      });
      await s.drain();
      const receiptUpdates = () => s.puts(asker).filter((put) => put.pathActivityId === 'form-message-1');
      const forwarded = s.h.connector.cardOf(receiptUpdates().at(-1)!);
      expect(textOf(forwarded)).to.include(opa.name).and.include(nb('guidance.states.open'));
      expect(textOf(forwarded)).not.to.include(family.name);
      await s.click(opa, 'guidance.answer', { requestId, answerText: 'Se rundskrivet.' });
      await s.drain();
      // The answer is a new card to the asker: the receipt says to follow the request there, and
      // shows no status that would stop being true.
      const answered = s.h.connector.cardOf(receiptUpdates().at(-1)!);
      expect(textOf(answered)).to.include(nb('guidance.receipt.superseded'));
      expect(textOf(answered)).not.to.include(nb('guidance.states.in-progress'));
      expect(textOf(answered)).not.to.include(nb('guidance.receipt.due'));
      // The answer itself is a new card, with the buttons the asker needs.
      expect(verbsOf(s.lastCard(asker))).to.include('guidance.followUp');
    });

    it('"Mine saker" on the receipt opens the list in a new message and keeps the receipt; forged ids do not', async () => {
      await s.h.post(
        cardAction({
          serviceUrl: s.h.connector.url,
          from: asker,
          verb: 'guidance.submit',
          replyToId: 'form-message-2',
          data: { topicId: 'family-immigration', question: 'Hvilke rutiner gjelder?' },
        }),
      );
      await s.drain();
      const request = (await s.h.bot.app.store.read((uow) => guidanceRequestsIn(uow).listActive())).at(-1)!;
      const receiptButton = {
        fromKindId: 'guidance',
        fromItemId: request.id,
        fromViewId: 'guidance-receipt',
      };
      const before = s.posts(asker).length;
      const kept = await s.click(asker, 'guidance.mine', receiptButton);
      expect(textOf(kept)).to.include(nb('guidance.receipt.title')).and.include(request.reference);
      await s.h.connector.waitFor(s.h.connector.activities.length);
      const posted = s.posts(asker).slice(before);
      expect(posted).to.have.length(1);
      expect(listRows(s.h.connector.cardOf(posted[0]!)).join(' ')).to.include(request.reference);
      // Someone else naming that request gets their own list in place, not the asker's receipt.
      const forged = await s.click(asa, 'guidance.mine', receiptButton);
      expect(textOf(forged)).not.to.include(nb('guidance.receipt.title'));
      expect(textOf(forged)).not.to.include(request.reference);
    });

    it("the UDI coordinator's watcher card keeps saying why they follow it, after every update", async () => {
      const { requestId } = await ask(asker, { principled: 'true' });
      const watcherCard = s.posts(udi).at(-1)!;
      expect(textOf(s.h.connector.cardOf(watcherCard))).to.include(nb('guidance.banners.watching'));
      await s.click(family, 'guidance.take', { requestId });
      await s.drain();
      const update = s
        .puts(udi)
        .filter((put) => put.pathActivityId === watcherCard.id)
        .at(-1);
      expect(update, 'the watcher card was updated').to.exist;
      expect(textOf(s.h.connector.cardOf(update!))).to.include(nb('guidance.banners.watching'));
    });

    it('escalating tells the UDI coordinator it was escalated to them, not forwarded', async () => {
      const { requestId } = await ask();
      await s.click(family, 'guidance.escalate', { requestId, escalateReason: 'Prinsipielt' });
      await s.drain();
      const text = textOf(s.lastCard(udi));
      expect(text).to.include(nb('guidance.banners.escalated'));
      expect(text).not.to.include(nb('guidance.banners.forwarded'));
    });
  });

  describe('7.3 principled questions', () => {
    it('stay with the topic owner; the UDI coordinator gets a card to follow it, updated in place when the owner answers', async () => {
      const udiPostsBefore = s.posts(udi).length;
      const { receipt, requestId } = await ask(asker, { principled: 'true' });
      expect(textOf(receipt)).to.include(family.name).and.not.include(udi.name);
      expect(await stored(requestId)).to.include({ assignee: family.aadObjectId, principled: true });

      const follow = s.posts(udi).slice(udiPostsBefore);
      expect(follow, 'one card to the UDI coordinator').to.have.length(1);
      const followCard = s.h.connector.cardOf(follow[0]!);
      expect(textOf(followCard)).to.include(nb('guidance.banners.watching'));
      expect(verbsOf(followCard)).not.to.include('guidance.escalate');

      await s.click(family, 'guidance.answer', { requestId, answerText: 'Svar fra temaeieren.' });
      await s.drain();
      // The follow card is updated, not posted again; the one new card is the register's: the answer is
      // proposed as a clarification, for the UDI coordinator to review (issue 14).
      expect(s.posts(udi).length, 'only the proposal as a new message').to.equal(udiPostsBefore + 2);
      expect(textOf(s.h.connector.cardOf(s.posts(udi).at(-1)!))).to.include(
        nb('agenda.clarifications.banners.proposed'),
      );
      const updates = s.puts(udi);
      expect(updates.map((u) => u.pathActivityId)).to.include(follow[0]!.id);
      expect(textOf(s.h.connector.cardOf(updates.at(-1)!))).to.include('Svar fra temaeieren.');
    });

    it('send no follow card to the UDI coordinator when they asked it themself', async () => {
      const before = s.posts(udi).length;
      const { requestId } = await ask(udi, { principled: 'true' });
      expect((await stored(requestId))?.assignee).to.equal(family.aadObjectId);
      expect(s.posts(udi).length).to.equal(before);
    });

    it('send no follow card besides the assignment when the UDI coordinator holds it', async () => {
      const before = s.posts(udi).length;
      const { requestId } = await ask(asker, { topicId: 'principled-other', principled: 'true' });
      expect((await stored(requestId))?.assignee).to.equal(udi.aadObjectId);
      const cards = s.posts(udi).slice(before);
      expect(cards).to.have.length(1);
      expect(textOf(s.h.connector.cardOf(cards[0]!))).to.include(nb('guidance.banners.assigned'));
    });
  });

  describe('7.5 lists lead back to themselves', () => {
    it('"Show" on the queue gives the item card with "Back to the list", which returns the queue, also after taking it', async () => {
      const { reference } = await ask();
      const queue = await s.say(opa, 'kø');
      const show = visibleButtons(queue).find((b) => b.verb === 'guidance.show');
      expect(show?.data).to.include({ listId: 'queue' });

      const item = await s.click(opa, 'guidance.show', show!.data);
      expect(textOf(item)).to.include(reference);
      const back = visibleButtons(item).find((b) => b.title === nb('guidance.item.backToList'));
      expect(back?.verb).to.equal('guidance.queue');
      const again = await s.click(opa, back!.verb, back!.data);
      expect(textOf(again)).to.include(nb('guidance.lists.queueTitle')).and.include(reference);

      const take = visibleButtons(item).find((b) => b.verb === 'guidance.take');
      expect(take?.data).to.deep.equal({ requestId: requestIdOn(item, 'guidance.take'), listId: 'queue' });
      const taken = await s.click(opa, take!.verb, take!.data);
      expect(verbsOf(taken)).not.to.include('guidance.take');
      expect(visibleButtons(taken).find((b) => b.title === nb('guidance.item.backToList'))?.verb).to.equal(
        'guidance.queue',
      );
    });

    it('"Show" on "mine saker" leads back to "mine saker", and the UDI overview back to the overview', async () => {
      const { reference } = await ask();
      const mine = await s.say(asker, 'mine saker');
      const item = await s.click(
        asker,
        'guidance.show',
        visibleButtons(mine).find((b) => b.verb === 'guidance.show')!.data,
      );
      const back = visibleButtons(item).find((b) => b.title === nb('guidance.item.backToList'));
      expect(back?.verb).to.equal('guidance.mine');
      const list = await s.click(asker, back!.verb, back!.data);
      expect(textOf(list)).to.include(nb('guidance.lists.mineTitle')).and.include(reference);

      const all = await s.say(udi, 'kø');
      expect(textOf(all)).to.include(nb('guidance.lists.allTitle'));
      const udiItem = await s.click(
        udi,
        'guidance.show',
        visibleButtons(all).find((b) => b.verb === 'guidance.show')!.data,
      );
      const udiBack = visibleButtons(udiItem).find((b) => b.title === nb('guidance.item.backToList'));
      expect(textOf(await s.click(udi, udiBack!.verb, udiBack!.data))).to.include(
        nb('guidance.lists.allTitle'),
      );
    });
  });

  describe('7.6 forwarding that can be followed', () => {
    it('titles the choices with name and role/unit, leaves out whoever is away and names them in a note', async () => {
      await s.say(asa, 'borte');
      const { requestId } = await ask();
      const card = s.lastCard(family);
      expect(requestIdOn(card, 'guidance.forward')).to.equal(requestId);
      const titles = choicesOf(card, 'forwardTo').map((c) => c.title);
      expect(titles).to.include('Ola OPA · Koordinator · OPA');
      expect(titles).to.include('Kari UDI · UDI-koordinator');
      expect(titles).to.include(
        'Vera Visum · Kontaktperson · OPA · Område for visum, arbeidstillatelser og studiesaker',
      );
      // Not the away one, not the asker, not the assignee herself.
      for (const name of [asa.name, asker.name, family.name])
        expect(
          titles.some((title) => title.startsWith(name)),
          name,
        ).to.equal(false);
      expect(textOf(card)).to.include(nb('guidance.item.forms.awayNow', { names: asa.name }));
    });

    it('writes "Sendt videre til <name>" and "Løftet til UDI-koordinatoren (<name>)" with the reason in the history', async () => {
      const { requestId } = await ask();
      await s.click(family, 'guidance.forward', {
        requestId,
        forwardTo: opa.aadObjectId,
        forwardReason: 'Gjelder OPA sine rutiner',
      });
      await s.drain();
      const forwarded = textOf(s.lastCard(opa));
      expect(forwarded).to.include(`Sendt videre til ${opa.name}`);
      expect(forwarded).to.include('Gjelder OPA sine rutiner');
      expect(forwarded).to.include(nb('guidance.banners.forwarded'));

      await s.click(opa, 'guidance.escalate', { requestId, escalateReason: 'Prinsipiell praksis' });
      await s.drain();
      const escalated = textOf(s.lastCard(udi));
      expect(escalated).to.include(`Sendt videre til ${opa.name}`);
      expect(escalated).to.include(`Løftet til UDI-koordinatoren (${udi.name})`);
      expect(escalated).to.include('Prinsipiell praksis');
      expect(escalated).not.to.include('Merknad');
      // The asker sees the same history on their question.
      const mine = await s.say(asker, 'mine saker');
      const own = await s.click(asker, 'guidance.show', { requestId, listId: 'mine' });
      expect(textOf(mine)).to.include(udi.name);
      expect(textOf(own)).to.include(`Løftet til UDI-koordinatoren (${udi.name})`);
      expect(textOf(own)).to.include('Gjelder OPA sine rutiner');
    });
  });
});

describe('issue 7.2: GUIDANCE_URGENT_DEADLINE_WORKING_DAYS', () => {
  it('sets the deadline of an urgent question', async () => {
    const s = await startSession({
      roster,
      greet: [asker, family],
      env: { GUIDANCE_URGENT_DEADLINE_WORKING_DAYS: '2' },
    });
    try {
      const receipt = await s.click(asker, 'guidance.submit', {
        topicId: 'family-immigration',
        question: 'Haster litt',
        urgency: 'urgent',
      });
      expect(textOf(receipt)).to.include(formatDate('nb', '2026-11-26'));
      const [request] = await s.h.bot.app.store.read((uow) => guidanceRequestsIn(uow).listActive());
      expect(request?.dueDate).to.equal('2026-11-26');
    } finally {
      await s.close();
    }
  });
});
