/**
 * The proactive sender makes exactly one HTTP request per call: botbuilder's own retry policy (which
 * retries 5xx, 408, 429/503 with Retry-After and dropped connections in memory, unseen by the outbox's
 * limiter) is taken out of the proactive path, so the outbox's durable retries are the only ones.
 */
import {
  type BotFrameworkAuthentication,
  ClaimsIdentity,
  ConnectorClient,
  MicrosoftAppCredentials,
} from 'botframework-connector';
import { expect } from 'chai';
import { DeliveryError, type ProactiveSender } from '../../src/outbox/delivery.js';
import type { ConversationReferenceJson } from '../../src/store/store.js';
import { createProactiveSender } from '../../src/teams/proactive-sender.js';
import {
  removeSdkRetries,
  SdkRetriesNotRemovedError,
  SingleAttemptAuthentication,
} from '../../src/teams/single-attempt.js';
import { createTestAdapter } from '../support/delivery-engine.js';
import { type FakeConnector, startFakeConnector } from '../support/fake-connector.js';

const CARD = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'hello' }] };

function referenceTo(serviceUrl: string, conversationId: string): ConversationReferenceJson {
  return {
    channelId: 'msteams',
    serviceUrl,
    conversation: { id: conversationId, conversationType: 'personal', tenantId: 'tenant-test' },
    bot: { id: '28:bot', name: 'MH-nettverket' },
    user: { id: '29:anna', aadObjectId: 'anna' },
  };
}

/** The names of the policies in a ConnectorClient's HTTP pipeline. */
const policies = (client: ConnectorClient) =>
  (
    client as unknown as { client: { pipeline: { getOrderedPolicies(): { name: string }[] } } }
  ).client.pipeline
    .getOrderedPolicies()
    .map((p) => p.name);

/** Runs `call` and returns what it threw (undefined if it resolved). */
async function failureOf(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('the proactive sender', function () {
  // Before the fix the SDK waited between its own retries (Retry-After: 1 s, backoff ~1 s, up to 3 times).
  this.timeout(30_000);
  let fake: FakeConnector;
  let sender: ProactiveSender;

  beforeEach(async () => {
    fake = await startFakeConnector();
    sender = createProactiveSender(createTestAdapter(), '');
  });
  afterEach(async () => {
    await fake.close();
  });

  const failures: [label: string, script: (f: FakeConnector) => void, status: number | undefined][] = [
    ['429 with Retry-After', (f) => f.failNext(429, 4, { 'Retry-After': '1' }), 429],
    ['429 without Retry-After', (f) => f.failNext(429, 4), 429],
    ['503', (f) => f.failNext(503, 4), 503],
    ['503 with Retry-After', (f) => f.failNext(503, 4, { 'Retry-After': '1' }), 503],
    ['500', (f) => f.failNext(500, 4), 500],
    ['502', (f) => f.failNext(502, 4), 502],
    ['504', (f) => f.failNext(504, 4), 504],
    ['408', (f) => f.failNext(408, 4), 408],
    ['a dropped connection', (f) => f.dropNext(4), undefined],
  ];

  for (const [label, script, status] of failures) {
    it(`sends: one call is exactly one request at the connector on ${label}, and the error carries the status`, async () => {
      script(fake);
      const error = await failureOf(() => sender.send(referenceTo(fake.url, 'conv-1'), CARD));
      expect(fake.requestCount(), 'requests at the connector').to.equal(1);
      expect(error).to.be.instanceOf(DeliveryError);
      expect((error as DeliveryError).status).to.equal(status);
      if (label === '429 with Retry-After') expect((error as DeliveryError).retryAfterMs).to.equal(1000);
    });
  }

  for (const [label, script, status] of failures) {
    it(`updates: one call is exactly one request at the connector on ${label}`, async () => {
      script(fake);
      const error = await failureOf(() => sender.update(referenceTo(fake.url, 'conv-1'), 'act-1', CARD));
      expect(fake.requestCount(), 'requests at the connector').to.equal(1);
      expect((error as DeliveryError).status).to.equal(status);
    });
  }

  for (const [label, script, status] of failures) {
    it(`creates a 1:1 chat: one call is exactly one request at the connector on ${label}`, async () => {
      script(fake);
      const error = await failureOf(() =>
        sender.createConversation({ aadObjectId: 'anna', tenantId: 'tenant-test', serviceUrl: fake.url }),
      );
      expect(fake.requestCount(), 'requests at the connector').to.equal(1);
      expect(fake.requests[0]?.kind).to.equal('create');
      expect((error as DeliveryError).status).to.equal(status);
    });
  }

  it('still sends, updates and creates normally: one request each', async () => {
    const sent = await sender.send(referenceTo(fake.url, 'conv-1'), CARD);
    await sender.update(referenceTo(fake.url, 'conv-1'), sent.activityId, CARD);
    const reference = await sender.createConversation({
      aadObjectId: 'anna',
      tenantId: 'tenant-test',
      serviceUrl: fake.url,
    });
    expect(fake.requests.map((r) => [r.kind, r.outcome])).to.deep.equal([
      ['send', 201],
      ['update', 200],
      ['create', 201],
    ]);
    expect(reference).to.have.nested.property('conversation.id', fake.conversationFor('anna'));
  });

  it('leaves the adapter it was given alone: replies in a turn keep the SDK behaviour', async () => {
    // The sender wraps the adapter's authentication in a copy for the proactive path only.
    const adapter = createTestAdapter();
    const before = (adapter as unknown as { botFrameworkAuthentication: unknown }).botFrameworkAuthentication;
    createProactiveSender(adapter, '');
    expect(
      (adapter as unknown as { botFrameworkAuthentication: unknown }).botFrameworkAuthentication,
    ).to.equal(before);
  });
});

describe('removing the SDK retries from a ConnectorClient', () => {
  it("removes botbuilder 4.23's defaultRetryPolicy and nothing else", () => {
    const client = new ConnectorClient(MicrosoftAppCredentials.Empty, { baseUri: 'http://127.0.0.1:1' });
    const before = policies(client);
    expect(before).to.include('defaultRetryPolicy');
    expect(removeSdkRetries(client)).to.deep.equal(['defaultRetryPolicy']);
    expect(policies(client)).to.deep.equal(before.filter((name) => name !== 'defaultRetryPolicy'));
  });

  it('fails loudly when the pipeline is not where botbuilder 4.23 keeps it', () => {
    expect(() => removeSdkRetries({} as ConnectorClient)).to.throw(SdkRetriesNotRemovedError);
  });

  it('fails loudly when a retry policy cannot be removed', () => {
    const stubborn = {
      client: {
        pipeline: {
          getOrderedPolicies: () => [{ name: 'someRetryPolicy' }],
          removePolicy: () => [],
        },
      },
    };
    expect(() => removeSdkRetries(stubborn as unknown as ConnectorClient)).to.throw(
      SdkRetriesNotRemovedError,
      /someRetryPolicy/,
    );
  });
});

describe('the proactive path keeps its ConnectorClients', () => {
  /** An authentication whose factories build real clients, counting them; the first `failures` fail. */
  function countingAuthentication(failures = 0) {
    const counter = { built: 0, failures };
    const inner = {
      createConnectorFactory: () => ({
        create: async (serviceUrl: string) => {
          if (counter.failures > 0) {
            counter.failures--;
            throw new Error('no token');
          }
          counter.built++;
          return new ConnectorClient(MicrosoftAppCredentials.Empty, { baseUri: serviceUrl });
        },
      }),
    } as unknown as BotFrameworkAuthentication;
    return { counter, authentication: new SingleAttemptAuthentication(inner) };
  }
  const claims = (appId: string) => new ClaimsIdentity([{ type: 'aud', value: appId }], true);

  it('reuses one client per bot identity, service URL and audience, each without retries', async () => {
    const { counter, authentication } = countingAuthentication();
    const create = (appId: string, serviceUrl: string, audience = 'aud') =>
      authentication.createConnectorFactory(claims(appId)).create(serviceUrl, audience);
    const first = await create('bot', 'http://127.0.0.1:1/');
    expect(await create('bot', 'http://127.0.0.1:1/')).to.equal(first);
    expect(await create('bot', 'http://127.0.0.1:2/')).to.not.equal(first);
    expect(await create('bot', 'http://127.0.0.1:1/', 'other audience')).to.not.equal(first);
    expect(await create('other bot', 'http://127.0.0.1:1/')).to.not.equal(first);
    expect(counter.built).to.equal(4);
    expect(policies(first).filter((name) => /retry/i.test(name))).to.deep.equal([]);
  });

  it('does not keep a client that could not be built', async () => {
    const { counter, authentication } = countingAuthentication(1);
    const factory = () => authentication.createConnectorFactory(claims('bot'));
    expect(await failureOf(() => factory().create('http://127.0.0.1:1/', 'aud'))).to.be.instanceOf(Error);
    const client = await factory().create('http://127.0.0.1:1/', 'aud');
    expect(client).to.be.instanceOf(ConnectorClient);
    expect(counter.built).to.equal(1);
  });
});
