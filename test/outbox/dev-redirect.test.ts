/**
 * DEV_REDIRECT_NOTIFICATIONS (development only): in the Agents Playground only the current person's
 * chat exists, so notifications for anyone else go into that chat, under a "To: <name>" line, instead
 * of failing and filling it with "blocked or removed" cards.
 *
 * First through the real worker with the current chat given directly, then end to end through the
 * real server (main.ts wiring: the chat comes from the activities it receives).
 */
import { expect } from 'chai';
import type { CurrentChat, DevRedirect } from '../../src/outbox/dev-redirect.js';
import type { OutboxWorker } from '../../src/outbox/worker.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { ConversationReferenceJson, Store } from '../../src/store/store.js';
import { type Harness, startHarness } from '../support/bot-harness.js';
import { actionData, textOf, verbsOf } from '../support/card-inspect.js';
import {
  createEngine,
  enqueue,
  keyOfBody,
  notification,
  seedConversations,
  TENANT,
  testKey,
} from '../support/delivery-engine.js';
import { type FakeConnector, startFakeConnector } from '../support/fake-connector.js';
import { cardAction, message, user } from '../support/teams-activities.js';

function chatOf(serviceUrl: string, aadObjectId: string, conversationId: string): CurrentChat {
  const reference: ConversationReferenceJson = {
    channelId: 'msteams',
    serviceUrl,
    conversation: { id: conversationId, conversationType: 'personal', tenantId: TENANT },
    bot: { id: '28:bot', name: 'MH-nettverket' },
    user: { id: `29:${aadObjectId}`, aadObjectId },
  };
  return { aadObjectId, reference, locale: 'en-US' };
}

/** The texts of a captured card's body, first one first. */
function bodyTexts(card: Record<string, unknown> | undefined): string[] {
  const body = (card?.body ?? []) as { text?: unknown }[];
  return body.map((element) => (typeof element.text === 'string' ? element.text : ''));
}

describe('redirected notifications (development): the worker', function () {
  this.timeout(20_000);
  let fake: FakeConnector;
  let store: Store;
  let engine: OutboxWorker | undefined;
  let current: CurrentChat | undefined;

  beforeEach(async () => {
    fake = await startFakeConnector({ keyOf: keyOfBody });
    store = createMemoryStore();
    // Alex talks to the bot in the Playground; Patti's stored chat is from another session, gone now.
    await seedConversations(store, fake.url, ['patti']);
    fake.failFor(
      'conv-patti',
      Array.from({ length: 20 }, () => 404),
    );
    await store.run(async (uow) => {
      for (const [id, name] of [
        ['alex', 'Alex Wilber'],
        ['patti', 'Patti Fernandez'],
        ['lynne', 'Lynne Robbins'],
      ] as const) {
        await uow.people.put({
          aadObjectId: id,
          displayName: name,
          roles: [],
          since: new Date(0).toISOString(),
        });
      }
    });
    current = chatOf(fake.url, 'alex', 'personal-chat-user-id-0');
    const devRedirect: DevRedirect = {
      currentChat: () => current,
      header: (name, locale) => `${locale === 'en-US' ? 'To' : 'Til'}: ${name}`,
    };
    engine = createEngine({ store, serviceUrl: fake.url, devRedirect });
  });
  afterEach(async () => {
    await engine?.stop();
    engine = undefined;
    await fake.close();
  });

  it('delivers notifications for other people into the current chat under a "To: <name>" line', async () => {
    await enqueue(store, [
      notification('for-patti', 'patti', { origin: 'alex' }),
      notification('for-lynne', 'lynne', { origin: 'alex' }),
      notification('for-alex', 'alex'),
    ]);
    await engine?.drain(10_000);
    // Everything went into Alex's chat; nothing to Patti's old chat, no 1:1 chat created for Lynne.
    expect(fake.requests.map((r) => r.conversationId)).to.deep.equal([
      'personal-chat-user-id-0',
      'personal-chat-user-id-0',
      'personal-chat-user-id-0',
    ]);
    expect(fake.conversationCreates).to.deep.equal([]);
    // keyCard's only text is the key; the header line comes before it.
    const cards = fake.activities.map((a) => bodyTexts(fake.cardOf(a)));
    expect(cards).to.deep.include.members([
      ['To: Patti Fernandez', 'for-patti'],
      ['To: Lynne Robbins', 'for-lynne'],
      ['for-alex'],
    ]);
    expect(await store.read((u) => u.outbox.counts())).to.deep.equal({ pending: 0, sent: 3, failed: 0 });
    expect(await store.read((u) => u.unreachable.list())).to.deep.equal([]);
    // Patti's stored chat is left as it is: it is hers, not the one the card went to.
    expect(await store.read((u) => u.conversations.getPerson('patti'))).to.not.equal(undefined);
  });

  it('updates a redirected card in place: the same message in the chat it went to', async () => {
    await enqueue(store, [notification('card', 'patti')]);
    await engine?.drain(10_000);
    await enqueue(store, [notification('card:v2', 'patti', { replaces: 'card' })]);
    await engine?.drain(10_000);
    const [post, put] = fake.activities;
    expect(post).to.include({ method: 'POST', conversationId: 'personal-chat-user-id-0' });
    expect(put).to.include({
      method: 'PUT',
      conversationId: 'personal-chat-user-id-0',
      pathActivityId: post?.id,
    });
    expect(bodyTexts(fake.cardOf(put!))).to.deep.equal(['To: Patti Fernandez', 'card:v2']);
  });

  it('makes no failure card and marks nobody unreachable when a redirected notification fails', async () => {
    fake.failFor('personal-chat-user-id-0', [403]);
    await enqueue(store, [notification('lost', 'patti', { origin: 'alex', about: 'N-2026-0001' })]);
    await engine?.drain(10_000);
    expect(await store.read((u) => u.outbox.getByKey(testKey('lost')))).to.include({
      state: 'failed',
      lastError: '403',
    });
    expect(await store.read((u) => u.unreachable.list())).to.deep.equal([]);
    expect(await store.read((u) => u.outbox.listPending())).to.deep.equal([]);
    expect(fake.activities).to.deep.equal([]);
  });

  it('waits while no one has written to the bot, and delivers once someone has', async () => {
    current = undefined;
    await enqueue(store, [notification('early', 'patti')]);
    engine?.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.requests).to.deep.equal([]);
    expect(await store.read((u) => u.outbox.getByKey(testKey('early')))).to.include({
      state: 'pending',
      attempts: 0,
    });
    current = chatOf(fake.url, 'lynne', 'personal-chat-user-id-5');
    engine?.kick();
    await fake.waitFor(1);
    expect(fake.activities[0]).to.include({ conversationId: 'personal-chat-user-id-5' });
    expect(bodyTexts(fake.cardOf(fake.activities[0]!))).to.deep.equal(['To: Patti Fernandez', 'early']);
  });
});

describe('redirected notifications (development): end to end through the server', function () {
  this.timeout(30_000);
  let h: Harness;
  const kari = user(1, 'Kari Koordinator');
  const ola = user(2, 'Ola Opa');
  const siri = user(4, 'Siri Søker');
  const SINCE = '2026-01-01T00:00:00.000Z';

  beforeEach(async () => {
    h = await startHarness({ DEV_REDIRECT_NOTIFICATIONS: 'true' });
    await h.seed([
      {
        aadObjectId: kari.aadObjectId,
        displayName: kari.name,
        roles: [{ kind: 'coordinator', department: 'AUA' }],
        since: SINCE,
      },
      {
        aadObjectId: ola.aadObjectId,
        displayName: ola.name,
        roles: [{ kind: 'coordinator', department: 'OPA' }],
        since: SINCE,
      },
    ]);
  });
  afterEach(async () => {
    await h.close();
  });

  it("a join request: the approvers' cards land in the applicant's chat, updates in place, the outcome in the approver's", async () => {
    const serviceUrl = h.connector.url;
    const siriChat = `a:personal-${siri.aadObjectId}`;
    // Only Siri has talked to the bot (as in the Playground): the coordinators have no chat with it.
    await h.post(message({ serviceUrl, from: siri, text: 'hei' }));
    await h.connector.waitFor(1);
    const submitted = await h.post(
      cardAction({
        serviceUrl,
        from: siri,
        verb: 'join.submit',
        data: { role: 'contact', unitId: 'opa-family' },
      }),
    );
    expect(submitted.status).to.equal(200);
    const approvals = (await h.connector.waitFor(3)).slice(1, 3);
    expect(approvals.map((a) => a.conversationId)).to.deep.equal([siriChat, siriChat]);
    const headers = approvals.map((a) => bodyTexts(h.connector.cardOf(a))[0]).sort();
    expect(headers).to.deep.equal(['Til: Kari Koordinator', 'Til: Ola Opa']);
    expect(h.connector.conversationCreates).to.deep.equal([]);

    // Ola approves from his own chat (now the most recent one): the approval cards are updated where
    // they are, in Siri's chat, and the outcome for Siri goes to the chat in use, Ola's.
    const approval = approvals.find((a) => bodyTexts(h.connector.cardOf(a))[0] === 'Til: Ola Opa')!;
    const requestId = actionData(h.connector.cardOf(approval), 'join.approve')?.requestId;
    const decided = await h.post(
      cardAction({ serviceUrl, from: ola, verb: 'join.approve', data: { requestId } }),
    );
    expect(decided.status).to.equal(200);
    const after = (await h.connector.waitFor(6)).slice(3);
    const updates = after.filter((a) => a.method === 'PUT');
    expect(updates.map((u) => [u.conversationId, u.pathActivityId]).sort()).to.deep.equal(
      approvals.map((a) => [siriChat, a.id]).sort(),
    );
    for (const update of updates) {
      expect(verbsOf(h.connector.cardOf(update))).not.to.include('join.approve');
      expect(bodyTexts(h.connector.cardOf(update))[0]).to.match(/^Til: /);
    }
    const outcome = after.find((a) => a.method === 'POST');
    expect(outcome?.conversationId).to.equal(`a:personal-${ola.aadObjectId}`);
    expect(bodyTexts(h.connector.cardOf(outcome!))[0]).to.equal('Til: Siri Søker');

    // No failure cards, nobody marked unreachable, everything sent.
    const texts = h.connector.activities.map((a) => textOf(h.connector.cardOf(a))).join('\n');
    expect(texts).not.to.match(/kan ikke nås|can't be reached/);
    expect(await h.bot.app.store.read((u) => u.unreachable.list())).to.deep.equal([]);
    await h.bot.outbox.drain(5_000);
    // Two approval cards, their two updates, the outcome.
    expect(await h.bot.app.store.read((u) => u.outbox.counts())).to.deep.equal({
      pending: 0,
      sent: 5,
      failed: 0,
    });
  });
});
