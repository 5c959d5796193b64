/**
 * The outbox worker's batched writes: what is queued while a write is in progress goes into one unit
 * of work, send-log entries ride along with it, and one failing update does not hold back the others.
 */
import { expect } from 'chai';
import { createLogger } from '../../src/log/logger.js';
import { type BatchedWriter, createBatchedWriter } from '../../src/outbox/batched-writer.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { Store, UnitOfWork } from '../../src/store/store.js';

/** A store whose units of work are numbered, and whose writes can be held back until released. */
function instrumentedStore() {
  const inner = createMemoryStore();
  let units = 0;
  let current = 0;
  let gate: Promise<void> | undefined;
  let open = () => {};
  const store: Store = {
    async run(work) {
      const unit = ++units;
      if (gate) await gate;
      return inner.run((uow) => {
        current = unit;
        return work(uow);
      });
    },
    read: (work) => inner.read(work),
    runReadFirst: (work) => inner.runReadFirst(work),
    archive: (before) => inner.archive(before),
    rewriteItems: (kind, fn) => inner.rewriteItems(kind, fn),
    compact: () => inner.compact(),
    health: () => inner.health(),
    close: () => inner.close(),
  };
  return {
    store,
    /** Units of work started so far. */
    units: () => units,
    /** The unit of work running now. */
    current: () => current,
    hold() {
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    release() {
      gate = undefined;
      open();
    },
  };
}

/** An update that stores a (fake) conversation for `id` and notes the unit of work it ran in. */
function putConversation(id: string, ranIn: Map<string, number>, unit: () => number) {
  return async (uow: UnitOfWork) => {
    ranIn.set(id, unit());
    await uow.conversations.putPerson(id, { reference: { id }, updatedAt: new Date(0).toISOString() });
  };
}

async function storedConversations(store: Store, ids: string[]): Promise<string[]> {
  return store.read(async (uow) => {
    const found: string[] = [];
    for (const id of ids) if (await uow.conversations.getPerson(id)) found.push(id);
    return found;
  });
}

function writer(store: Store, now = () => 10_000, keep = { spanMs: 1_000, perKey: 10 }): BatchedWriter {
  return createBatchedWriter({ store, logger: createLogger('silent'), now, sendLogKeep: keep });
}

describe('the outbox batched writer', () => {
  it('writes every update queued while a write is in progress in one unit of work, with the send log', async () => {
    const s = instrumentedStore();
    const w = writer(s.store);
    const ranIn = new Map<string, number>();
    s.hold();
    const first = w.persist(putConversation('a', ranIn, s.current));
    const later = ['b', 'c', 'd'].map((id) => w.persist(putConversation(id, ranIn, s.current)));
    w.logRequests([{ key: 'conv-1', at: 9_500 }]);
    w.logRequests([{ key: 'conv-2', at: 9_600 }]);
    s.release();
    await Promise.all([first, ...later]);
    await w.settled();

    expect(s.units()).to.equal(2);
    expect(Object.fromEntries(ranIn)).to.deep.equal({ a: 1, b: 2, c: 2, d: 2 });
    expect(await storedConversations(s.store, ['a', 'b', 'c', 'd'])).to.have.length(4);
    expect(await s.store.read((uow) => uow.sendLog.since(0))).to.deep.equal({
      'conv-1': [9_500],
      'conv-2': [9_600],
    });
  });

  it('writes the others when one update fails, and rejects only that one', async () => {
    const s = instrumentedStore();
    const w = writer(s.store);
    const ranIn = new Map<string, number>();
    s.hold();
    const first = w.persist(putConversation('a', ranIn, s.current));
    const ok1 = w.persist(putConversation('b', ranIn, s.current));
    const bad = w.persist(async () => {
      throw new Error('bad update');
    });
    const ok2 = w.persist(putConversation('c', ranIn, s.current));
    w.logRequests([{ key: 'conv-1', at: 9_500 }]);
    s.release();

    await Promise.all([first, ok1, ok2]);
    const error = await bad.then(
      () => undefined,
      (e: unknown) => e,
    );
    await w.settled();
    expect((error as Error | undefined)?.message).to.equal('bad update');
    expect(await storedConversations(s.store, ['a', 'b', 'c'])).to.deep.equal(['a', 'b', 'c']);
    // The failed batch is written again piece by piece: the send log alone, then each update alone.
    expect(ranIn.get('b')).to.not.equal(ranIn.get('c'));
    expect(await s.store.read((uow) => uow.sendLog.since(0))).to.deep.equal({ 'conv-1': [9_500] });
  });

  it('keeps only what the longest window can still need in the send log', async () => {
    const s = instrumentedStore();
    const w = writer(s.store, () => 10_000, { spanMs: 1_000, perKey: 2 });
    w.logRequests([
      { key: 'old', at: 8_000 },
      { key: 'busy', at: 9_100 },
      { key: 'busy', at: 9_200 },
      { key: 'busy', at: 9_300 },
    ]);
    await w.settled();
    expect(s.units()).to.equal(1);
    expect(await s.store.read((uow) => uow.sendLog.since(0))).to.deep.equal({ busy: [9_200, 9_300] });
  });

  it('settles at once when nothing is queued', async () => {
    const s = instrumentedStore();
    await writer(s.store).settled();
    expect(s.units()).to.equal(0);
  });
});
