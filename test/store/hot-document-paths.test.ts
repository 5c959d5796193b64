/**
 * The hot document's fast paths (issue 9): the data file's text is built from entries serialised
 * once, and the delivery loop reads one pending message per recipient.
 */
import { expect } from 'chai';
import { serializeDocument } from '../../src/store/document-text.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { emptyDocument, type StoreDocument } from '../../src/store/schema.js';
import { STORE_PARTS } from '../support/features.js';
import { seededRandom } from '../support/seeded-random.js';
import { readStoredDocument } from '../support/stored-document.js';
import { guidanceRequest, notification, person, TEST_UNITS, toPerson } from './fixtures/sample-data.js';
import { makeTempDir, removeTempDirs } from './fixtures/temp-dirs.js';

after(removeTempDirs);

describe('serializeDocument', () => {
  it('writes exactly what JSON.stringify writes, also after entries are replaced or removed', () => {
    const doc: StoreDocument = emptyDocument(TEST_UNITS, STORE_PARTS);
    doc.people.a = person('a');
    doc.people.b = { ...person('b'), away: true };
    doc.items.guidance = { g1: guidanceRequest('g1', 'a', '2026-03-01T00:00:00.000Z') };
    doc.idempotency.k = { at: '2026-03-01T00:00:00.000Z' };
    doc.sequences['V:2026'] = 3;
    doc.delivered = { '2026-03-01': 2 };
    doc.sendLog = { requests: { c: [1, 2] }, running: true };
    expect(serializeDocument(doc)).to.equal(`${JSON.stringify(doc)}\n`);
    // A draft replaces entries and records; the cached text of the old ones must not be reused.
    const next: StoreDocument = {
      ...doc,
      people: { ...doc.people, a: { ...person('a'), displayName: 'Renamed' } },
      items: { ...doc.items, guidance: {} },
      idempotency: { ...doc.idempotency, ['__proto__']: { at: 'x' }, 'with "quotes"': { at: 'y' } },
    };
    delete next.people.b;
    expect(serializeDocument(next)).to.equal(`${JSON.stringify(next)}\n`);
    expect(serializeDocument(doc)).to.equal(`${JSON.stringify(doc)}\n`);
    expect(JSON.parse(serializeDocument(next))).to.deep.equal(JSON.parse(JSON.stringify(next)));
  });
});

describe('outbox.listPendingHeads', () => {
  it("gives each recipient's oldest pending message, oldest first, with a limit", async () => {
    const store = createMemoryStore(TEST_UNITS, { parts: STORE_PARTS });
    await store.run(async (u) => {
      await u.outbox.enqueue(notification('a1', toPerson('a')), '2026-03-01T10:00:00.000Z', 'm1');
      await u.outbox.enqueue(notification('b1', toPerson('b')), '2026-03-01T10:00:01.000Z', 'm2');
      await u.outbox.enqueue(notification('a2', toPerson('a')), '2026-03-01T09:00:00.000Z', 'm3');
      await u.outbox.enqueue(notification('c1', toPerson('c')), '2026-03-01T11:00:00.000Z', 'm4');
    });
    const ids = (messages: { id: string }[]) => messages.map((m) => m.id);
    expect(ids(await store.read((u) => u.outbox.listPendingHeads()))).to.deep.equal(['m3', 'm2', 'm4']);
    expect(ids(await store.read((u) => u.outbox.listPendingHeads(2)))).to.deep.equal(['m3', 'm2']);
    // Delivered: the next one of that recipient is its head (the cache follows the commit).
    await store.run(async (u) => {
      const m3 = (await u.outbox.get('m3'))!;
      await u.outbox.put({ ...m3, state: 'sent', sentAt: '2026-03-01T12:00:00.000Z' });
      expect(ids(await u.outbox.listPendingHeads())).to.deep.equal(['m1', 'm2', 'm4']);
    });
    expect(ids(await store.read((u) => u.outbox.listPendingHeads()))).to.deep.equal(['m1', 'm2', 'm4']);
    expect(ids(await store.read((u) => u.outbox.listPending()))).to.deep.equal(['m1', 'm2', 'm4']);
    // Copies: changing one changes nothing stored.
    const [head] = await store.read((u) => u.outbox.listPendingHeads(1));
    head!.attempts = 99;
    expect((await store.read((u) => u.outbox.get('m1')))!.attempts).to.equal(0);
  });
});

describe('the pending order kept up to date across commits', () => {
  it('is what filtering and sorting every message gives (and so are the heads), after any mix of enqueues, deliveries, failures and retries', async () => {
    const random = seededRandom(4);
    const dataDir = await makeTempDir('pending');
    const store = await openLowdbStore({ dataDir, seedUnits: TEST_UNITS, parts: STORE_PARTS });
    const times = ['2026-03-01T10:00:00.000Z', '2026-03-01T10:00:01.000Z', '2026-03-01T10:00:02.000Z'];
    let next = 0;
    const step = async () => {
      await store.run(async (u) => {
        for (let i = 0; i < 1 + Math.floor(random() * 3); i++) {
          const pending = await u.outbox.listPending();
          const roll = random();
          if (roll < 0.45 || pending.length === 0) {
            const id = `m${next++}`;
            const at = times[Math.floor(random() * times.length)]!;
            await u.outbox.enqueue(notification(id, toPerson(`p${Math.floor(random() * 4)}`)), at, id);
          } else {
            const message = pending[Math.floor(random() * pending.length)]!;
            const state = roll < 0.7 ? 'sent' : roll < 0.85 ? 'failed' : 'pending';
            await u.outbox.put({ ...message, state, attempts: message.attempts + 1 });
          }
        }
        // Now and then a dead letter is tried again (pending in the middle of the record).
        if (random() < 0.1) {
          const [failed] = await u.outbox.listFailed(1);
          if (failed) await u.outbox.put({ ...failed, state: 'pending' });
        }
      });
    };
    for (let round = 0; round < 60; round++) {
      // Several at once: they share a batch, and a read now and then keeps its snapshot.
      await Promise.all([step(), step(), round % 5 === 0 ? store.read((u) => u.outbox.counts()) : step()]);
      const stored = await readStoredDocument<StoreDocument>(dataDir);
      const pending = Object.values(stored.outbox.messages)
        .filter((m) => m.state === 'pending')
        .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
      expect(
        (await store.read((u) => u.outbox.listPending())).map((m) => m.id),
        `round ${round}`,
      ).to.deep.equal(pending.map((m) => m.id));
      const recipients = new Set<string>();
      const heads = pending.filter((m) => {
        const key = JSON.stringify(m.recipient);
        if (recipients.has(key)) return false;
        recipients.add(key);
        return true;
      });
      expect(
        (await store.read((u) => u.outbox.listPendingHeads())).map((m) => m.id),
        `heads, round ${round}`,
      ).to.deep.equal(heads.map((m) => m.id));
    }
    await store.close();
  });
});

describe('copy on write of a unit of work', () => {
  /** Everything a unit of work can see, as one value. */
  const snapshot = (store: ReturnType<typeof createMemoryStore>) =>
    store.read(async (u) => ({
      people: await u.people.list(),
      items: await u.items.query({ kind: 'guidance' }),
      persons: await u.conversations.getPerson('a'),
      outbox: [await u.outbox.listPending(), await u.outbox.counts()],
      unreachable: await u.unreachable.list(),
      recall: await u.idempotency.recall('k'),
      sendLog: await u.sendLog.since(0),
    }));
  const changeEverything = async (
    u: Parameters<Parameters<ReturnType<typeof createMemoryStore>['run']>[0]>[0],
  ) => {
    await u.people.put({ ...person('a'), displayName: 'Changed' });
    await u.people.remove('b');
    await u.items.put(guidanceRequest('g2', 'a', '2026-03-02T00:00:00.000Z'));
    await u.conversations.putPerson('a', {
      reference: { changed: true },
      updatedAt: '2026-03-02T00:00:00.000Z',
    });
    await u.outbox.enqueue(notification('n2', toPerson('b')), '2026-03-02T00:00:00.000Z', 'm2');
    await u.unreachable.mark({ recipient: toPerson('b'), status: 403, since: '2026-03-02T00:00:00.000Z' });
    await u.sequences.next('V', 2026);
    await u.idempotency.claim('k2', '2026-03-02T00:00:00.000Z');
    await u.idempotency.record('k', 'g2');
    await u.sendLog.record([{ key: 'c', at: 5 }], { since: 0, perKey: 10 });
  };

  it('leaves the committed document as it was when the unit of work throws, alone or in a batch', async () => {
    const store = createMemoryStore(TEST_UNITS, { parts: STORE_PARTS });
    await store.run(async (u) => {
      await u.people.put(person('a'));
      await u.people.put(person('b'));
      await u.items.put(guidanceRequest('g1', 'a', '2026-03-01T00:00:00.000Z'));
      await u.conversations.putPerson('a', { reference: {}, updatedAt: '2026-03-01T00:00:00.000Z' });
      await u.outbox.enqueue(notification('n1', toPerson('a')), '2026-03-01T00:00:00.000Z', 'm1');
      await u.idempotency.claim('k', '2026-03-01T00:00:00.000Z');
    });
    const before = await snapshot(store);
    const failing = store.run(async (u) => {
      await changeEverything(u);
      throw new Error('rolled back');
    });
    // In the same batch: one that commits a small change after the one that failed.
    const after = store.run((u) => u.people.put(person('c')));
    expect(
      await failing.then(
        () => 'committed',
        (error: Error) => error.message,
      ),
    ).to.equal('rolled back');
    await after;
    const now = await snapshot(store);
    expect({ ...now, people: now.people.filter((p) => p.aadObjectId !== 'c') }).to.deep.equal(before);
    expect(now.people.map((p) => p.aadObjectId)).to.include('c');
  });

  it('does not change what a read started before the commit sees', async () => {
    const store = createMemoryStore(TEST_UNITS, { parts: STORE_PARTS });
    await store.run((u) => u.people.put(person('b')));
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const reading = store.read(async (u) => {
      await gate;
      return u.people.list();
    });
    await store.run(changeEverything);
    release();
    expect((await reading).map((p) => p.displayName)).to.deep.equal([person('b').displayName]);
  });
});

describe('order of items created in the same instant', () => {
  it('is the same whether one of them is archived or not (ties by id)', async () => {
    const store = createMemoryStore(TEST_UNITS, { parts: STORE_PARTS });
    const at = '2026-03-01T00:00:00.000Z';
    const closed = { state: 'closed' as const, closedAt: at, updatedAt: at };
    await store.run(async (u) => {
      await u.items.put(guidanceRequest('b', 'x', at));
      await u.items.put(guidanceRequest('a', 'x', at, closed));
    });
    const order = () =>
      store.read(async (u) => [
        (await u.items.query({ kind: 'guidance' })).map((i) => i.id),
        (await u.items.query({ kind: 'guidance', order: 'newest', limit: 1 })).map((i) => i.id),
      ]);
    const before = await order();
    expect((await store.archive('2026-03-02T00:00:00.000Z')).items).to.equal(1);
    expect(await order()).to.deep.equal(before);
    expect(before).to.deep.equal([['a', 'b'], ['a']]);
  });
});
