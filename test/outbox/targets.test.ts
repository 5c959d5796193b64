/**
 * Where an outbox message goes (without the development redirect, which test/outbox/dev-redirect.test.ts
 * covers end to end): a stored conversation and the key its limits count under, or the 1:1 chat to
 * create and the service URL to create it at.
 */
import { expect } from 'chai';
import type { NotificationRequest } from '../../src/domain/notifications.js';
import type { CardSource } from '../../src/outbox/card-source.js';
import { createTargetResolver, type Destination } from '../../src/outbox/targets.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { Store, StoredConversation } from '../../src/store/store.js';

const DEFAULT_URL = 'https://default.example/';
const CHANNEL = { teamId: 'team-1', channelId: '19:network' };

const noCards: CardSource = {
  async render() {
    return undefined;
  },
  async locate() {
    return undefined;
  },
  async delivered() {},
};

function conversation(id: string, serviceUrl: string): StoredConversation {
  return { reference: { serviceUrl, conversation: { id } }, updatedAt: new Date(0).toISOString() };
}

async function resolve(store: Store, request: Omit<NotificationRequest, 'key' | 'view' | 'subject'>) {
  const resolveTarget = createTargetResolver({
    cards: noCards,
    defaultServiceUrl: DEFAULT_URL,
    pollIntervalMs: 50,
  });
  const message = await store.run((uow) =>
    uow.outbox.enqueue(
      {
        ...request,
        key: { item: 'item-1', party: 'p', version: 1 },
        view: 'test',
        subject: { kind: 'test', id: 'item-1' },
      },
      new Date(0).toISOString(),
      'm1',
    ),
  );
  return store.read((uow): Promise<Destination> => resolveTarget(uow, message, 1_000));
}

async function setNetworkChannel(store: Store, stored?: StoredConversation): Promise<void> {
  await store.run(async (uow) => {
    await uow.settings.put({
      networkChannel: { ...CHANNEL, setBy: 'admin', setAt: new Date(0).toISOString() },
    });
    if (stored) await uow.conversations.putChannel(CHANNEL, stored);
  });
}

describe('where an outbox message goes', () => {
  it("a person's stored chat, counted under its conversation id", async () => {
    const store = createMemoryStore();
    const chat = conversation('conv-p1', 'https://emea.example/');
    await store.run((uow) => uow.conversations.putPerson('p1', chat));
    expect(await resolve(store, { recipient: { kind: 'person', aadObjectId: 'p1' } })).to.deep.equal({
      conversation: chat,
      limitKey: 'conv-p1',
    });
  });

  it('the network channel, or no-channel when none is set up or its conversation is unknown', async () => {
    const store = createMemoryStore();
    const recipient = { kind: 'networkChannel' } as const;
    expect(await resolve(store, { recipient })).to.equal('no-channel');
    await setNetworkChannel(store);
    expect(await resolve(store, { recipient })).to.equal('no-channel');
    const channel = conversation('19:network;messageid=1', 'https://emea.example/');
    await setNetworkChannel(store, channel);
    expect(await resolve(store, { recipient })).to.deep.equal({
      conversation: channel,
      limitKey: '19:network;messageid=1',
    });
  });

  it("a chat to create, at the service URL of the origin's chat, else the channel's, else the default", async () => {
    const store = createMemoryStore();
    const request = { recipient: { kind: 'person', aadObjectId: 'p2' }, origin: 'p1' } as const;
    expect(await resolve(store, request)).to.deep.equal({ limitKey: 'create:p2', serviceUrl: DEFAULT_URL });
    await setNetworkChannel(store, conversation('19:network', 'https://channel.example/'));
    expect(await resolve(store, request)).to.deep.equal({
      limitKey: 'create:p2',
      serviceUrl: 'https://channel.example/',
    });
    await store.run((uow) =>
      uow.conversations.putPerson('p1', conversation('conv-p1', 'https://origin.example/')),
    );
    expect(await resolve(store, request)).to.deep.equal({
      limitKey: 'create:p2',
      serviceUrl: 'https://origin.example/',
    });
  });
});
