/**
 * The delivery engine end to end: the real worker, Teams proactive sender and CloudAdapter against a
 * fake Bot Connector that fails on demand and enforces Teams' limits.
 */
import { expect } from 'chai';
import type { OutboxWorker } from '../../src/outbox/worker.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/store/store.js';
import {
  createEngine,
  type EngineOptions,
  enqueue,
  keyOfBody,
  notification,
  seedConversations,
  testKey,
} from '../support/delivery-engine.js';
import {
  type FakeConnector,
  type FakeConnectorOptions,
  startFakeConnector,
} from '../support/fake-connector.js';

describe('the delivery engine', function () {
  this.timeout(30_000);
  let fake: FakeConnector;
  let store: Store;
  let engine: OutboxWorker | undefined;

  async function setup(
    connector: FakeConnectorOptions = {},
    engineOptions: Partial<EngineOptions> = {},
    people = ['p1', 'p2', 'p3'],
  ) {
    fake = await startFakeConnector({ keyOf: keyOfBody, ...connector });
    store = createMemoryStore();
    await seedConversations(store, fake.url, people);
    engine = createEngine({ store, serviceUrl: fake.url, ...engineOptions });
    return engine;
  }

  afterEach(async () => {
    await engine?.stop();
    engine = undefined;
    await fake?.close();
  });

  /** Keys delivered (POSTs), in arrival order, for one conversation. */
  const deliveredTo = (person: string) =>
    fake.activities
      .filter((a) => a.method === 'POST' && a.conversationId === `conv-${person}`)
      .map((a) => a.key);
  const state = async (key: string) => (await store.read((u) => u.outbox.getByKey(testKey(key))))?.state;

  it('delivers each notification once, in order per recipient, and marks it sent with its activity id', async () => {
    const e = await setup();
    const keys = ['a1', 'a2', 'a3', 'a4'];
    await enqueue(store, [
      ...keys.map((k) => notification(k, 'p1')),
      notification('b1', 'p2'),
      notification('b2', 'p2'),
    ]);
    await e.drain();
    expect(deliveredTo('p1')).to.deep.equal(keys);
    expect(deliveredTo('p2')).to.deep.equal(['b1', 'b2']);
    const sent = await store.read((u) => u.outbox.getByKey(testKey('a1')));
    expect(sent).to.include({ state: 'sent', attempts: 1 });
    expect(sent?.activityId).to.equal(fake.activities.find((a) => a.key === 'a1')?.id);
  });

  for (const [label, statuses, headers] of [
    ['429 with Retry-After', [429, 429], { 'Retry-After': '1' }],
    ['429 without Retry-After', [429, 429, 429], {}],
    ['412', [412], {}],
    ['500', [500], {}],
    ['502', [502], {}],
    ['503', [503], {}],
    ['504', [504], {}],
    ['503 with Retry-After', [503, 503], { 'Retry-After': '1' }],
    ['408', [408], {}],
  ] as const) {
    it(`delivers exactly once, in order, through ${label}: one attempt is one request at the connector`, async () => {
      const e = await setup();
      fake.failFor('conv-p1', [...statuses], { ...headers });
      await enqueue(store, [notification('m1', 'p1'), notification('m2', 'p1'), notification('x1', 'p2')]);
      await e.drain(15_000);
      expect(deliveredTo('p1')).to.deep.equal(['m1', 'm2']);
      // Every request that reached the connector is an attempt the outbox made (and counted).
      const attempts = async (key: string) =>
        (await store.read((u) => u.outbox.getByKey(testKey(key))))?.attempts ?? 0;
      expect(fake.requestCount('conv-p1'), 'requests at the connector').to.equal(
        (await attempts('m1')) + (await attempts('m2')),
      );
      expect(await attempts('m1'), 'attempts of m1').to.equal(statuses.length + 1);
      // Retries go through the stored conversation: no 1:1 chat is created for someone the bot can reach.
      expect(fake.conversationCreates).to.deep.equal([]);
      expect(deliveredTo('p2')).to.deep.equal(['x1']);
      expect(fake.duplicates((a) => a.key)).to.deep.equal([]);
      expect(await state('m1')).to.equal('sent');
    });
  }

  it('retries after a network failure without losing or doubling: one attempt is one request', async () => {
    const e = await setup();
    fake.dropNext(1);
    await enqueue(store, [notification('n1', 'p1'), notification('n2', 'p1')]);
    await e.drain(15_000);
    expect(deliveredTo('p1')).to.deep.equal(['n1', 'n2']);
    expect(fake.requests.map((r) => r.outcome)).to.deep.equal(['dropped', 201, 201]);
    expect(await store.read((u) => u.outbox.getByKey(testKey('n1')))).to.include({
      state: 'sent',
      attempts: 2,
    });
  });

  it('creating a 1:1 chat is one request per attempt too, and counts against the limits', async () => {
    const e = await setup({}, {}, []);
    fake.failCreateFor('newcomer', [503, 429], { 'Retry-After': '0.1' });
    await enqueue(store, [notification('c1', 'newcomer')]);
    await e.drain(15_000);
    const conversationId = fake.conversationFor('newcomer') ?? '';
    expect(fake.activitiesFor(conversationId).map((a) => a.key)).to.deep.equal(['c1']);
    expect(fake.requests.map((r) => [r.kind, r.outcome])).to.deep.equal([
      ['create', 503],
      ['create', 429],
      ['create', 201],
      ['send', 201],
    ]);
    // Three create attempts and the send, all made (and counted) by the outbox.
    expect(await store.read((u) => u.outbox.getByKey(testKey('c1')))).to.include({
      state: 'sent',
      attempts: 4,
    });
  });

  it('waits out retries durably: the retry time is stored with the attempt count and status', async () => {
    // Full jitter draws the delay from [0, 60 s]: pin the draw near the top so the retry is far away.
    const e = await setup({}, { backoff: { baseMs: 60_000, maxMs: 60_000 }, random: () => 0.99 });
    fake.failFor('conv-p1', [429]);
    await enqueue(store, [notification('w1', 'p1')]);
    e.start();
    await e.drain(2_000);
    const waiting = await store.read((u) => u.outbox.getByKey(testKey('w1')));
    expect(waiting).to.include({ state: 'pending', attempts: 1, lastError: '429' });
    expect(Date.parse(waiting?.nextAttemptAt ?? '') - Date.now()).to.be.greaterThan(50_000);
    expect(deliveredTo('p1')).to.deep.equal([]);
  });

  it('turns a message into a dead letter after the configured attempts, and a retry delivers it once', async () => {
    const e = await setup({}, { maxAttempts: 3 });
    fake.failFor('conv-p1', [429, 429, 429]);
    await enqueue(store, [notification('d1', 'p1'), notification('d2', 'p1')]);
    await e.drain(10_000);
    expect(await store.read((u) => u.outbox.getByKey(testKey('d1')))).to.include({
      state: 'failed',
      attempts: 3,
      lastError: '429',
    });
    // The dead letter does not block the recipient's next message.
    expect(deliveredTo('p1')).to.deep.equal(['d2']);
    await store.run(async (u) => {
      const m = await u.outbox.getByKey(testKey('d1'));
      if (m) await u.outbox.put({ ...m, state: 'pending', attempts: 0 });
    });
    await e.drain();
    expect(deliveredTo('p1')).to.deep.equal(['d2', 'd1']);
    expect(fake.duplicates((a) => a.key)).to.deep.equal([]);
  });

  for (const status of [403, 404] as const) {
    it(`marks the recipient unreachable on ${status}, drops their reference and tells the person who caused it`, async () => {
      const e = await setup();
      fake.failFor('conv-p1', [status]);
      fake.failCreateFor('p1', [status, status]);
      await enqueue(store, [
        notification('u1', 'p1', { origin: 'p2', about: 'N-2026-0007' }),
        notification('u2', 'p1', { origin: 'p2' }),
      ]);
      await e.drain(10_000);
      expect(await store.read((u) => u.outbox.getByKey(testKey('u1')))).to.include({
        state: 'failed',
        attempts: 1,
        lastError: String(status),
      });
      expect(await store.read((u) => u.unreachable.get({ kind: 'person', aadObjectId: 'p1' }))).to.include({
        status,
      });
      expect(await store.read((u) => u.conversations.getPerson('p1'))).to.equal(undefined);
      // The second message tried to create the chat again and failed the same way.
      expect(await state('u2')).to.equal('failed');
      expect(deliveredTo('p1')).to.deep.equal([]);
      const told = deliveredTo('p2');
      expect(told).to.have.length(2);
      expect(told[0]).to.include('delivery-failed').and.to.include('N-2026-0007');
    });
  }

  it('creates the 1:1 chat when only the AAD object id is known, then keeps its reference', async () => {
    const e = await setup({}, {}, []);
    await enqueue(store, [notification('c1', 'newcomer'), notification('c2', 'newcomer')]);
    await e.drain();
    expect(fake.conversationCreates.map((c) => c.memberIds)).to.deep.equal([['newcomer']]);
    expect(fake.conversationCreates[0]?.tenantId).to.equal('tenant-test');
    const conversationId = fake.conversationFor('newcomer');
    expect(fake.activitiesFor(conversationId ?? '').map((a) => a.key)).to.deep.equal(['c1', 'c2']);
    const stored = await store.read((u) => u.conversations.getPerson('newcomer'));
    expect(stored?.reference).to.have.nested.property('conversation.id', conversationId);
  });

  it("counts the creation of a 1:1 chat in that chat's windows (the connector does)", async () => {
    // Ten cards for someone without a chat: the create and the first sends land in one conversation.
    const e = await setup({ limits: true, retryAfter: 'never' }, {}, []);
    await enqueue(
      store,
      Array.from({ length: 10 }, (_, i) => notification(`n${i}`, 'newcomer')),
    );
    await e.drain(15_000);
    const conversationId = fake.conversationFor('newcomer') ?? '';
    expect(fake.activitiesFor(conversationId)).to.have.length(10);
    expect(fake.requestLimitsExceeded()).to.deep.equal([]);
    expect(fake.throttled).to.deep.equal([]);
    expect(fake.peakRequests(conversationId, 1_000)).to.equal(7);
  });

  it('updates a card in place when a notification replaces one that was delivered', async () => {
    const e = await setup();
    await enqueue(store, [notification('card', 'p1')]);
    await e.drain();
    await enqueue(store, [notification('card:v2', 'p1', { replaces: 'card' })]);
    await e.drain();
    const [post, put] = fake.activities;
    expect(post).to.include({ method: 'POST', key: 'card' });
    expect(put).to.include({ method: 'PUT', pathActivityId: post?.id, key: 'card:v2' });
    expect(await store.read((u) => u.outbox.getByKey(testKey('card:v2')))).to.include({
      activityId: post?.id,
    });
  });

  it('counts a request that is slow to arrive from when it left until its answer (no early window)', async () => {
    // Per app 3 per 100 ms. The first three requests take 150 ms to arrive, the rest arrive at once:
    // had the limiter counted the slow ones when they left, the next three (allowed 100 ms later)
    // would arrive just before them, six in one window.
    let n = 0;
    const people = Array.from({ length: 9 }, (_, i) => `t${i}`);
    const limits = {
      perConversation: [{ limit: 1000, windowMs: 100 }],
      perApp: [{ limit: 3, windowMs: 100 }],
    };
    const e = await setup(
      { transitMs: () => (n++ < 3 ? 150 : 0) },
      { perConversation: limits.perConversation, perTenant: limits.perApp },
      people,
    );
    await enqueue(
      store,
      people.map((p) => notification(`${p}-card`, p)),
    );
    await e.drain(10_000);
    expect(fake.requestLimitsExceeded(limits)).to.deep.equal([]);
    expect(fake.deliveredCount()).to.equal(9);
  });

  it('never exceeds Teams limits as the connector measures them, and provokes no 429', async function () {
    this.timeout(60_000);
    const people = Array.from({ length: 40 }, (_, i) => `q${i}`);
    const e = await setup({ limits: true, retryAfter: 'never' }, { concurrency: 16 }, people);
    await enqueue(store, [
      ...people.flatMap((p) => [notification(`${p}-1`, p), notification(`${p}-2`, p)]),
      ...Array.from({ length: 20 }, (_, i) => notification(`burst-${i}`, 'q0')),
    ]);
    await e.drain(40_000);
    expect(fake.throttled.map((t) => `${t.scope}:${t.conversationId}:${t.at}`)).to.deep.equal([]);
    expect(fake.limitsExceeded()).to.equal(false);
    expect(fake.deliveredCount()).to.equal(40 * 2 + 20);
    expect(fake.duplicates((a) => a.key)).to.deep.equal([]);
    expect(deliveredTo('q0')).to.deep.equal([
      'q0-1',
      'q0-2',
      ...Array.from({ length: 20 }, (_, i) => `burst-${i}`),
    ]);
    expect(fake.maxInWindow('conv-q0', 1_000)).to.be.at.most(7);
    expect(fake.maxInWindow(null, 1_000)).to.be.at.most(30);
  });
});
