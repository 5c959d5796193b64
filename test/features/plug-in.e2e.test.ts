import { expect } from 'chai';
import { createRegistry, FeatureConflictError } from '../../src/app/registry.js';
import { inUnitOfWork } from '../../src/app/unit-of-work.js';
import { FEATURES } from '../../src/features/index.js';
import { pingFeature } from '../fixtures/ping-feature.js';
import { type Harness, startHarness } from '../support/bot-harness.js';
import { actionData, textOf } from '../support/card-inspect.js';
import { readStoredDocument } from '../support/stored-document.js';
import { cardAction, message, user } from '../support/teams-activities.js';

const someone = user(1, 'Kari UDI');
const personal = `a:personal-${someone.aadObjectId}`;

describe('a feature plugs in through the feature list alone', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  async function say(text: string) {
    const before = h.connector.activities.length;
    await h.post(message({ serviceUrl: h.connector.url, from: someone, text }));
    return h.connector.waitFor(before + 1);
  }

  it('runs its command, stores its item, sends its card through the outbox and updates it in place', async () => {
    h = await startHarness({}, { features: [...FEATURES, pingFeature] });
    await say('hjelp'); // first contact: the welcome card
    const replies = await say('ping husk møtet');
    expect(textOf(h.connector.cardOf(replies.at(-1)!))).to.include('husk møtet');
    await h.bot.outbox.drain();
    // The outbox rendered the card from the stored item when it sent it.
    const posted = h.connector.activities.filter((a) => a.method === 'POST' && a.conversationId === personal);
    const notified = posted.at(-1)!;
    expect(textOf(h.connector.cardOf(notified))).to.match(/P-\d{4}-0001: husk møtet/);
    const pingId = String(actionData(h.connector.cardOf(notified), 'ping.ack')?.pingId);
    const stored = await h.bot.app.store.read((uow) => uow.items.get('ping', pingId));
    expect(stored).to.include({ kind: 'ping', state: 'sent', note: 'husk møtet' });

    const { body } = await h.post(
      cardAction({ serviceUrl: h.connector.url, from: someone, verb: 'ping.ack', data: { pingId } }),
    );
    expect(textOf((body as { value: unknown }).value)).to.include('Kvittert');
    await h.bot.outbox.drain();
    const update = h.connector.activities.find((a) => a.method === 'PUT' && a.pathActivityId === notified.id);
    expect(update, 'the card about it was updated in place').to.exist;
    expect(textOf(h.connector.cardOf(update!))).to.include('Kvittert');
  });

  it('runs its scheduled job in a unit of work, and keeps its data across a restart', async () => {
    h = await startHarness({}, { features: [...FEATURES, pingFeature] });
    await say('hjelp');
    await say('ping ring tilbake');
    const job = createRegistry([...FEATURES, pingFeature]).jobs.find((j) => j.name === 'ping-reminders')!;
    expect(await inUnitOfWork(h.bot.app, (uow) => job.run(h.bot.app, uow))).to.equal(1);
    expect(await inUnitOfWork(h.bot.app, (uow) => job.run(h.bot.app, uow))).to.equal(0);
    await h.bot.outbox.drain();
    expect(textOf(h.connector.cardOf(h.connector.activities.at(-1)!))).to.include('Påminnelse');
    const file = JSON.stringify(await readStoredDocument(h.dataDir));
    await h.close();

    // The same data, with and without the feature: its items load under its schema, or are kept.
    h = await startHarness({}, { features: [...FEATURES, pingFeature], dataFile: () => file });
    const [ping] = await h.bot.app.store.read((uow) => uow.items.query({ kind: 'ping' }));
    expect(ping).to.include({ note: 'ring tilbake', reminded: true });
    await h.close();
    h = await startHarness({}, { dataFile: () => file });
    expect(await h.bot.app.store.read((uow) => uow.items.query({ kind: 'ping' }))).to.deep.equal([]);
    await h.bot.app.store.run((uow) =>
      uow.people.put({ aadObjectId: 'x', displayName: 'X', roles: [], since: '' }),
    );
    const kept = (await readStoredDocument(h.dataDir)) as {
      items: Record<string, Record<string, unknown>>;
    };
    expect(Object.values(kept.items.ping ?? {}), 'an unknown kind is kept as it is').to.have.length(1);
  });

  it('refuses two features claiming the same verb, command word, job or kind of item', () => {
    const twin = { ...pingFeature, name: 'ping-twin' };
    expect(() => createRegistry([...FEATURES, pingFeature, twin])).to.throw(FeatureConflictError);
    const sameName = { name: 'guidance' };
    expect(() => createRegistry([...FEATURES, sameName])).to.throw(FeatureConflictError);
  });
});
