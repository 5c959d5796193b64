import { expect } from 'chai';
import { type FakeConnector, peakInWindow, startFakeConnector } from './fake-connector.js';

interface Answer {
  status: number;
  retryAfter: string | null;
  body: Record<string, unknown>;
}

async function call(
  connector: FakeConnector,
  method: 'POST' | 'PUT',
  path: string,
  body: unknown = { type: 'message', text: 'hello' },
): Promise<Answer> {
  const response = await fetch(`${connector.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

const send = (connector: FakeConnector, conversationId: string, body?: unknown) =>
  call(connector, 'POST', `/v3/conversations/${encodeURIComponent(conversationId)}/activities`, body);

const create = (connector: FakeConnector, memberId: string, tenant: 'top' | 'channelData' = 'top') =>
  call(connector, 'POST', '/v3/conversations', {
    isGroup: false,
    bot: { id: '28:bot' },
    members: [{ id: memberId }],
    ...(tenant === 'top' ? { tenantId: 'tenant-1' } : { channelData: { tenant: { id: 'tenant-1' } } }),
  });

const statuses = (answers: Answer[]) => answers.map((a) => a.status).sort();

describe('fake Bot Connector', () => {
  let connector: FakeConnector | undefined;

  afterEach(async () => {
    await connector?.close();
    connector = undefined;
  });

  describe('rate limits', () => {
    it('accepts 7 of 10 quick sends to one conversation and answers 429 with Retry-After to the rest', async () => {
      connector = await startFakeConnector({ limits: true });
      const c = connector;
      const answers = await Promise.all(Array.from({ length: 10 }, () => send(c, 'a:one')));
      expect(statuses(answers)).to.deep.equal([201, 201, 201, 201, 201, 201, 201, 429, 429, 429]);
      const throttledAnswers = answers.filter((a) => a.status === 429);
      for (const a of throttledAnswers) expect(a.retryAfter).to.equal('1');
      expect(connector.deliveredCount('a:one')).to.equal(7);
      expect(connector.throttledCount('a:one')).to.equal(3);
      expect(connector.throttled.map((t) => t.scope)).to.deep.equal([
        'conversation',
        'conversation',
        'conversation',
      ]);
      expect(connector.throttled.map((t) => t.retryAfterSeconds)).to.deep.equal([1, 1, 1]);
      expect(connector.maxInWindow('a:one', 1000)).to.equal(7);
      expect(connector.limitsExceeded()).to.equal(false);
    });

    it('leaves Retry-After out when told to', async () => {
      connector = await startFakeConnector({ limits: true, retryAfter: 'never' });
      const c = connector;
      const answers = await Promise.all(Array.from({ length: 10 }, () => send(c, 'a:one')));
      const throttledAnswers = answers.filter((a) => a.status === 429);
      expect(throttledAnswers).to.have.length(3);
      for (const a of throttledAnswers) expect(a.retryAfter).to.equal(null);
      expect(connector.throttled.every((t) => t.retryAfterSeconds === undefined)).to.equal(true);
    });

    it('enforces the per-app limit across conversations', async () => {
      connector = await startFakeConnector({ limits: true });
      const c = connector;
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => send(c, `a:conv-${i}`)));
      expect(answers.filter((a) => a.status === 201)).to.have.length(30);
      expect(answers.filter((a) => a.status === 429)).to.have.length(10);
      expect(connector.throttled.every((t) => t.scope === 'app')).to.equal(true);
      expect(connector.throttledCount()).to.equal(10);
      expect(connector.maxInWindow(null, 1000)).to.equal(30);
    });

    it('slides: a send after Retry-After has passed is accepted again', async () => {
      connector = await startFakeConnector({ limits: { perConversation: [{ limit: 2, windowMs: 300 }] } });
      expect((await send(connector, 'a:one')).status).to.equal(201);
      expect((await send(connector, 'a:one')).status).to.equal(201);
      const refused = await send(connector, 'a:one');
      expect(refused.status).to.equal(429);
      expect(refused.retryAfter).to.equal('1');
      await new Promise((r) => setTimeout(r, 320));
      expect((await send(connector, 'a:one')).status).to.equal(201);
      expect(connector.deliveredCount('a:one')).to.equal(3);
    });

    it('counts creates and updates in the conversation windows', async () => {
      connector = await startFakeConnector({ limits: { perConversation: [{ limit: 3, windowMs: 60_000 }] } });
      const created = await create(connector, '29:anna');
      const id = String(created.body.id);
      expect((await send(connector, id)).status).to.equal(201);
      const path = `/v3/conversations/${encodeURIComponent(id)}/activities/act-1`;
      expect((await call(connector, 'PUT', path)).status).to.equal(200);
      expect((await send(connector, id)).status).to.equal(429);
      expect((await create(connector, '29:anna')).status).to.equal(429);
      expect(connector.throttled.map((t) => t.kind)).to.deep.equal(['send', 'create']);
    });

    it('lets everything through when off, and still measures the rate and flags the breach', async () => {
      connector = await startFakeConnector();
      const c = connector;
      const answers = await Promise.all(Array.from({ length: 10 }, () => send(c, 'a:one')));
      expect(answers.every((a) => a.status === 201)).to.equal(true);
      expect(connector.maxInWindow('a:one', 1000)).to.equal(10);
      expect(connector.throttledCount()).to.equal(0);
      expect(connector.limitsExceeded()).to.equal(true);
    });
  });

  describe('scripted failures', () => {
    it('answers the statuses given for one conversation in order, leaving others alone', async () => {
      connector = await startFakeConnector();
      connector.failFor('a:one', [503, 429, 403], { 'retry-after': '2' });
      const first = await send(connector, 'a:one');
      expect((await send(connector, 'a:two')).status).to.equal(201);
      const second = await send(connector, 'a:one');
      const third = await send(connector, 'a:one');
      const fourth = await send(connector, 'a:one');
      expect([first.status, second.status, third.status, fourth.status]).to.deep.equal([503, 429, 403, 201]);
      expect(second.retryAfter).to.equal('2');
      expect(connector.deliveredCount('a:one')).to.equal(1);
      expect(connector.deliveredCount()).to.equal(2);
    });

    it('keeps failNext as a global queue ahead of everything else', async () => {
      connector = await startFakeConnector();
      connector.failNext(502, 2);
      expect((await send(connector, 'a:one')).status).to.equal(502);
      expect((await send(connector, 'a:two')).status).to.equal(502);
      expect((await send(connector, 'a:one')).status).to.equal(201);
    });

    it('fails the create of a conversation with one member', async () => {
      connector = await startFakeConnector();
      connector.failCreateFor('29:anna', [403, 500]);
      expect((await create(connector, '29:bob')).status).to.equal(201);
      expect((await create(connector, '29:anna')).status).to.equal(403);
      expect((await create(connector, '29:anna')).status).to.equal(500);
      expect((await create(connector, '29:anna')).status).to.equal(201);
      expect(connector.conversationCreates.map((c) => c.memberIds)).to.deep.equal([['29:bob'], ['29:anna']]);
    });

    it('drops the connection without an answer: the client sees a socket error and nothing is delivered', async () => {
      connector = await startFakeConnector();
      connector.dropNext(1);
      const error = await send(connector, 'a:one').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(TypeError);
      expect(connector.deliveredCount()).to.equal(0);
      expect((await send(connector, 'a:one')).status).to.equal(201);
    });

    it('can drop the answer after delivering, as when the acknowledgement is lost', async () => {
      connector = await startFakeConnector();
      connector.dropNext(1, { delivered: true });
      const error = await send(connector, 'a:one').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(TypeError);
      expect(connector.deliveredCount('a:one')).to.equal(1);
    });
  });

  describe('every request that reaches it', () => {
    it('counts refused, failed and dropped requests too, per conversation and for the app', async () => {
      connector = await startFakeConnector({ limits: { perConversation: [{ limit: 2, windowMs: 60_000 }] } });
      const c = connector;
      c.failFor('a:one', [503]);
      c.dropNext(1);
      await send(c, 'a:one').catch(() => undefined); // dropped
      expect((await send(c, 'a:one')).status).to.equal(503);
      expect((await send(c, 'a:one')).status).to.equal(201);
      expect((await send(c, 'a:one')).status).to.equal(201);
      expect((await send(c, 'a:one')).status).to.equal(429); // over the accepted-only limit of 2
      expect((await send(c, 'a:two')).status).to.equal(201);
      expect(c.requests.map((r) => r.outcome)).to.deep.equal(['dropped', 503, 201, 201, 429, 201]);
      expect(c.requestCount('a:one')).to.equal(5);
      expect(c.requestCount()).to.equal(6);
      expect(c.peakRequests('a:one', 60_000)).to.equal(5);
      expect(c.peakRequests(null, 60_000)).to.equal(6);
      // Accepted-only counting still sees 2.
      expect(c.maxInWindow('a:one', 60_000)).to.equal(2);
      expect(c.requestLimitsExceeded()).to.deep.equal(['conversation a:one: 5 in 60000 ms (limit 2)']);
    });

    it('counts creates under the conversation they resolve to', async () => {
      connector = await startFakeConnector();
      const created = await create(connector, '29:anna');
      await send(connector, String(created.body.id));
      expect(connector.requests.map((r) => [r.kind, r.conversationId])).to.deep.equal([
        ['create', created.body.id],
        ['send', created.body.id],
      ]);
    });

    it('fails at random with the given shares (a storm), and stops when told', async () => {
      connector = await startFakeConnector();
      const draws = [0.05, 0.25, 0.45, 0.9, 0.1];
      connector.failRandomly(
        [
          { share: 0.2, status: 429, headers: { 'retry-after': '1' } },
          { share: 0.2, status: 429 },
          { share: 0.1, status: 503 },
        ],
        () => draws.shift() ?? 0.99,
      );
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await send(connector, 'a:one'));
      expect(answers.map((a) => [a.status, a.retryAfter])).to.deep.equal([
        [429, '1'],
        [429, null],
        [503, null],
        [201, null],
        [429, '1'],
      ]);
      connector.failRandomly([]);
      expect((await send(connector, 'a:one')).status).to.equal(201);
      expect(() =>
        connector?.failRandomly([
          { share: 0.8, status: 429 },
          { share: 0.3, status: 503 },
        ]),
      ).to.throw(RangeError);
    });
  });

  describe('conversations', () => {
    it('creates a 1:1 conversation once per member and hands the same id back', async () => {
      connector = await startFakeConnector();
      const first = await create(connector, '29:anna');
      const again = await create(connector, '29:anna', 'channelData');
      const other = await create(connector, '29:bob');
      expect(first.status).to.equal(201);
      expect(String(first.body.id)).to.match(/^a:[0-9a-f-]{36}$/);
      expect(again.body.id).to.equal(first.body.id);
      expect(other.body.id).not.to.equal(first.body.id);
      expect(connector.conversationFor('29:anna')).to.equal(first.body.id);
      expect(connector.conversationCreates.map((c) => [c.memberIds, c.tenantId])).to.deep.equal([
        [['29:anna'], 'tenant-1'],
        [['29:anna'], 'tenant-1'],
        [['29:bob'], 'tenant-1'],
      ]);
      expect(connector.createdConversations).to.have.length(3);
    });

    it('delivers an activity sent along with a create into the new conversation', async () => {
      connector = await startFakeConnector();
      const created = await call(connector, 'POST', '/v3/conversations', {
        members: [{ id: '29:anna' }],
        activity: { type: 'message', text: 'first' },
      });
      expect(connector.activitiesFor(String(created.body.id)).map((a) => a.id)).to.deep.equal([
        created.body.activityId,
      ]);
    });
  });

  describe('latency', () => {
    it('delays every answer by a fixed time', async () => {
      connector = await startFakeConnector({ latencyMs: 150 });
      const started = performance.now();
      expect((await send(connector, 'a:one')).status).to.equal(201);
      expect(performance.now() - started).to.be.at.least(145);
    });

    it('delays per request when given a function, and can be changed while running', async () => {
      connector = await startFakeConnector({
        latencyMs: (request) => (request.conversationId === 'a:slow' ? 200 : 0),
      });
      const started = performance.now();
      const [slow, fast] = await Promise.all([
        send(connector, 'a:slow').then(() => performance.now() - started),
        send(connector, 'a:fast').then(() => performance.now() - started),
      ]);
      expect(slow).to.be.at.least(195);
      expect(fast).to.be.below(150);
      connector.setLatency(0);
      const again = performance.now();
      await send(connector, 'a:slow');
      expect(performance.now() - again).to.be.below(150);
    });
  });

  describe('counting', () => {
    it('finds keys delivered more than once among POSTs, ignoring updates', async () => {
      connector = await startFakeConnector();
      const card = (key: string) => ({ type: 'message', channelData: { outboxKey: key } });
      await send(connector, 'a:one', card('k1'));
      await send(connector, 'a:one', card('k2'));
      await send(connector, 'a:two', card('k1'));
      await call(connector, 'PUT', '/v3/conversations/a%3Aone/activities/x', card('k2'));
      const keyOf = (a: { body: Record<string, unknown> }) =>
        (a.body.channelData as { outboxKey?: string } | undefined)?.outboxKey;
      expect(connector.duplicates(keyOf)).to.deep.equal(['k1']);
      expect(connector.activitiesFor('a:one').map((a) => a.method)).to.deep.equal(['POST', 'POST', 'PUT']);
    });

    it('keeps only ids, conversation, time and the extracted key without bodies', async () => {
      connector = await startFakeConnector({
        keepBodies: false,
        keyOf: (body) => (body.channelData as { outboxKey?: string } | undefined)?.outboxKey,
      });
      await send(connector, 'a:one', { type: 'message', text: 'big', channelData: { outboxKey: 'k1' } });
      await send(connector, 'a:one', { type: 'message', text: 'big', channelData: { outboxKey: 'k1' } });
      const [first] = connector.activities;
      expect(first?.body).to.deep.equal({});
      expect(first?.key).to.equal('k1');
      expect(first?.at).to.be.closeTo(Date.now(), 5000);
      expect(connector.duplicates((a) => a.key)).to.deep.equal(['k1']);
    });
  });

  describe('peakInWindow', () => {
    it('counts the most times within any half-open window', () => {
      expect(peakInWindow([], 1000)).to.equal(0);
      expect(peakInWindow([0, 999, 1000, 1500, 1999], 1000)).to.equal(3);
      expect(peakInWindow([0, 1000, 2000], 1000)).to.equal(1);
    });
  });
});
