import { expect } from 'chai';
import { type Adapter, Low } from 'lowdb';
import type { Person } from '../../src/domain/roster.js';
import { createDocumentStore } from '../../src/store/document-store.js';
import { InvalidDocumentError } from '../../src/store/document-validation.js';
import { emptyDocument, type StoreDocument } from '../../src/store/schema.js';
import type { UnitOfWork } from '../../src/store/store.js';
import { notification, person, TEST_UNITS } from './fixtures/sample-data.js';

/** An adapter that records writes and can be told to fail or to hold a write. */
class ScriptedAdapter implements Adapter<StoreDocument> {
  writes: StoreDocument[] = [];
  failNext = false;
  gate: Promise<void> | undefined;

  async read(): Promise<StoreDocument | null> {
    return null;
  }

  async write(data: StoreDocument): Promise<void> {
    await this.gate;
    if (this.failNext) {
      this.failNext = false;
      throw new Error('disk full');
    }
    // As JSON: the records a batch changed are overlays (Proxies), which structuredClone refuses.
    this.writes.push(JSON.parse(JSON.stringify(data)) as StoreDocument);
  }
}

function makeStore(options: { now?: () => number; idempotencyRetentionMs?: number } = {}) {
  const adapter = new ScriptedAdapter();
  const store = createDocumentStore({ db: new Low(adapter, emptyDocument(TEST_UNITS)), ...options });
  return { adapter, store };
}

describe('createDocumentStore', () => {
  it('writes once per unit of work that changed something, and never for read()', async () => {
    const { adapter, store } = makeStore();
    await store.run(async (u) => {
      await u.people.put(person('a'));
      await u.people.put(person('b'));
    });
    expect(adapter.writes).to.have.length(1);
    await store.run((u) => u.people.put(person('a')));
    await store.run((u) => u.people.list());
    await store.read((u) => u.people.list());
    expect(adapter.writes).to.have.length(1);
    expect(Object.keys(adapter.writes[0]!.people)).to.deep.equal(['a', 'b']);
  });

  it('keeps the document unchanged and rejects when the write fails', async () => {
    const { adapter, store } = makeStore();
    await store.run((u) => u.people.put(person('a')));
    adapter.failNext = true;
    let failure: unknown;
    await store
      .run(async (u) => {
        await u.people.remove('a');
        await u.people.put(person('b'));
      })
      .catch((err: unknown) => {
        failure = err;
      });
    expect((failure as Error).message).to.equal('disk full');
    expect((await store.read((u) => u.people.list())).map((p) => p.aadObjectId)).to.deep.equal(['a']);
    await store.run((u) => u.people.put(person('c')));
    expect(Object.keys(adapter.writes.at(-1)!.people)).to.deep.equal(['a', 'c']);
  });

  it('does not show a unit of work to read() before its write has finished', async () => {
    const { adapter, store } = makeStore();
    let open: () => void = () => undefined;
    adapter.gate = new Promise((resolve) => {
      open = resolve;
    });
    let resolved = false;
    const running = store
      .run((u) => u.people.put(person('a')))
      .then(() => {
        resolved = true;
      });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(resolved).to.equal(false);
    expect(await store.read((u) => u.people.get('a'))).to.equal(undefined);
    open();
    await running;
    expect(await store.read((u) => u.people.get('a'))).to.deep.equal(person('a'));
  });

  it('refuses to commit a document the schema rejects, naming the path but not the key', async () => {
    const { adapter, store } = makeStore();
    const broken = { ...person('secret-id'), roles: [{ kind: 'boss' }] } as unknown as Person;
    let failure: unknown;
    await store
      .run((u) => u.people.put(broken))
      .catch((err: unknown) => {
        failure = err;
      });
    expect(failure).to.be.instanceOf(InvalidDocumentError);
    expect((failure as Error).message).to.include('people.<key>.roles[0]');
    expect((failure as Error).message).to.not.include('secret-id');
    expect(adapter.writes).to.have.length(0);
    expect(await store.read((u) => u.people.list())).to.deep.equal([]);
  });

  it('prunes idempotency claims older than the retention on the next write', async () => {
    let now = Date.parse('2026-03-01T00:00:00.000Z');
    const { adapter, store } = makeStore({ now: () => now, idempotencyRetentionMs: 1_000 });
    await store.run((u) => u.idempotency.claim('k1', new Date(now).toISOString()));
    now += 500;
    await store.run((u) => u.idempotency.claim('k2', new Date(now).toISOString()));
    expect(Object.keys(adapter.writes.at(-1)!.idempotency)).to.deep.equal(['k1', 'k2']);
    now += 800;
    await store.run((u) => u.sequences.next('N', 2026));
    expect(Object.keys(adapter.writes.at(-1)!.idempotency)).to.deep.equal(['k2']);
  });

  it('stops writing once marked unavailable', async () => {
    const { adapter, store } = makeStore();
    store.markUnavailable('the lock was lost');
    let failure: unknown;
    await store
      .run((u) => u.people.put(person('a')))
      .catch((err: unknown) => {
        failure = err;
      });
    expect((failure as Error).message).to.include('the lock was lost');
    expect(adapter.writes).to.have.length(0);
    expect(await store.health()).to.deep.equal({
      readable: true,
      writable: false,
      problem: 'the lock was lost',
    });
  });

  describe('runReadFirst (a turn that usually only reads)', () => {
    it('answers a read at once, without waiting behind a write in progress, and writes nothing', async () => {
      const { adapter, store } = makeStore();
      await store.run((u) => u.people.put(person('a')));
      adapter.gate = new Promise(() => {}); // the next write never finishes
      void store.run((u) => u.people.put(person('b')));
      await new Promise((r) => setTimeout(r, 5));
      let runs = 0;
      const names = await store.runReadFirst(async (u) => {
        runs++;
        return (await u.people.list()).map((p) => p.aadObjectId);
      });
      expect(names, 'the committed state').to.deep.equal(['a']);
      expect(runs).to.equal(1);
      expect(adapter.writes).to.have.length(1);
    });

    it('runs work that tries to change something again as a unit of work, even if it swallowed the refusal', async () => {
      const { adapter, store } = makeStore();
      let runs = 0;
      const result = await store.runReadFirst(async (u) => {
        runs++;
        try {
          await u.people.put(person('a'));
        } catch {
          return 'refused, answered anyway';
        }
        return 'stored';
      });
      expect(result).to.equal('stored');
      expect(runs).to.equal(2);
      expect(Object.keys(adapter.writes.at(-1)!.people)).to.deep.equal(['a']);
    });

    it('passes on an error of work that did not try to change anything, without running it again', async () => {
      const { store } = makeStore();
      let runs = 0;
      const failure = await store
        .runReadFirst(async () => {
          runs++;
          throw new Error('not found');
        })
        .catch((error: Error) => error.message);
      expect(failure).to.equal('not found');
      expect(runs).to.equal(1);
    });
  });

  describe('group commit', () => {
    /** Holds the adapter's next write until `open()` is called. */
    function hold(adapter: ScriptedAdapter): () => void {
      let open = () => {};
      adapter.gate = new Promise<void>((resolve) => {
        open = () => {
          adapter.gate = undefined;
          resolve();
        };
      });
      return open;
    }

    it('writes the units of work that arrive during a write together, and answers none before it is durable', async () => {
      const { adapter, store } = makeStore();
      const release = hold(adapter);
      const first = store.run((u) => u.people.put(person('a')));
      await new Promise((r) => setTimeout(r, 5)); // the first write is in progress, held
      const answered: string[] = [];
      const rest = ['b', 'c', 'd', 'e'].map((id) =>
        store.run((u) => u.people.put(person(id))).then(() => answered.push(id)),
      );
      await new Promise((r) => setTimeout(r, 5));
      expect(answered, 'nothing answered before its write').to.deep.equal([]);
      expect(adapter.writes).to.have.length(0);
      release();
      await Promise.all([first, ...rest]);
      // One write for the first unit of work, one for the four that waited behind it.
      expect(adapter.writes).to.have.length(2);
      expect(Object.keys(adapter.writes[1]!.people).sort()).to.deep.equal(['a', 'b', 'c', 'd', 'e']);
      expect(answered.sort()).to.deep.equal(['b', 'c', 'd', 'e']);
    });

    it('lets each unit of work of a batch see the ones before it, and drops one that throws alone', async () => {
      const { adapter, store } = makeStore();
      const release = hold(adapter);
      const first = store.run((u) => u.people.put(person('a')));
      await new Promise((r) => setTimeout(r, 5));
      const b = store.run((u) => u.people.put(person('b')));
      const failing = store.run(async (u) => {
        await u.people.put(person('x'));
        throw new Error('refused');
      });
      const seen = store.run(async (u) => (await u.people.list()).map((p) => p.aadObjectId).sort());
      release();
      await first;
      await b;
      await failing.then(
        () => expect.fail('should have thrown'),
        (error: Error) => expect(error.message).to.equal('refused'),
      );
      expect(await seen).to.deep.equal(['a', 'b']);
      expect(
        await store.read(async (u) => (await u.people.list()).map((p) => p.aadObjectId).sort()),
      ).to.deep.equal(['a', 'b']);
      expect(adapter.writes).to.have.length(2);
    });

    it('undoes every kind of change of a unit of work that throws in the middle of a batch, and keeps the others', async () => {
      const before = async (u: UnitOfWork) => {
        await u.people.put(person('kept'));
        await u.people.put(person('gone'));
        await u.sequences.next('N', 2026);
      };
      const ok1 = async (u: UnitOfWork) => {
        await u.people.put(person('b'));
        await u.idempotency.claim('k1', '2026-03-01T00:00:00.000Z');
      };
      const throws = async (u: UnitOfWork) => {
        await u.people.put(person('kept', 'Changed'));
        await u.people.remove('gone');
        await u.people.put(person('x'));
        await u.sequences.next('N', 2026);
        await u.idempotency.claim('k2', '2026-03-01T00:00:00.000Z');
        await u.idempotency.record('k1', 'item-1');
        await u.settings.put({
          networkChannel: { teamId: 't', channelId: 'c', setBy: 'x', setAt: '2026-03-01T00:00:00.000Z' },
        });
        await u.units.replaceAll([]);
        await u.sendLog.markRunning(true);
        await u.sendLog.record([{ key: 'conv', at: 1 }], { since: 0, perKey: 5 });
        await u.outbox.enqueue(notification('n1'), '2026-03-01T00:00:00.000Z', 'm1');
        throw new Error('refused');
      };
      const ok2 = async (u: UnitOfWork) => {
        await u.people.put(person('c'));
        return u.sequences.next('N', 2026);
      };
      const batchWith = async (jobs: ((u: UnitOfWork) => Promise<unknown>)[]) => {
        const { adapter, store } = makeStore({ now: () => Date.parse('2026-03-01T00:00:00.000Z') });
        await store.run(before);
        const release = hold(adapter);
        const first = store.run((u) => u.people.put(person('a')));
        await new Promise((r) => setTimeout(r, 5));
        const results = jobs.map((job) => store.run(job).catch((error: Error) => error.message));
        release();
        await first;
        return {
          results: await Promise.all(results),
          written: adapter.writes.at(-1)!,
          writes: adapter.writes.length,
        };
      };
      const withThrow = await batchWith([ok1, throws, ok2]);
      const without = await batchWith([ok1, ok2]);
      expect(withThrow.results).to.deep.equal([undefined, 'refused', 2]);
      expect(withThrow.writes).to.equal(3);
      // The same content; an entry put back by the undo may come last in its record (order is not kept).
      expect(withThrow.written).to.deep.equal(without.written);
    });

    it('rejects every unit of work of a batch whose write fails, and shows none of them', async () => {
      /** Fails its second write. */
      class SecondWriteFails extends ScriptedAdapter {
        calls = 0;
        override async write(data: StoreDocument): Promise<void> {
          this.calls++;
          if (this.calls === 2) {
            await this.gate;
            throw new Error('disk full');
          }
          return super.write(data);
        }
      }
      const adapter = new SecondWriteFails();
      const store = createDocumentStore({ db: new Low(adapter, emptyDocument(TEST_UNITS)) });
      const release = hold(adapter);
      const first = store.run((u) => u.people.put(person('a')));
      await new Promise((r) => setTimeout(r, 5));
      // Before any change in the batch: it saw only durable state and is answered with it.
      const before = store.run(async (u) => (await u.people.list()).length);
      const batch = ['b', 'c'].map((id) => store.run((u) => u.people.put(person(id))));
      const after = store.run(async (u) => (await u.people.list()).length);
      release();
      await first;
      expect(await before).to.equal(1);
      const results = await Promise.allSettled([...batch, after]);
      expect(results.map((r) => r.status)).to.deep.equal(['rejected', 'rejected', 'rejected']);
      expect(await store.read(async (u) => (await u.people.list()).map((p) => p.aadObjectId))).to.deep.equal([
        'a',
      ]);
      expect(adapter.calls).to.equal(2);
    });
  });
});
