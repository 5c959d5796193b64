import { expect } from 'chai';
import { type AppContext, createAppContext } from '../../src/app/context.js';
import type { ConversationSeen } from '../../src/app/conversations.js';
import { runTurn } from '../../src/app/turn.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/store/store.js';

/** A store that counts the units of work that changed something (and so were written). */
function countingStore(): { store: Store; writes: () => number } {
  const inner = createMemoryStore();
  let writes = 0;
  return {
    writes: () => writes,
    store: {
      ...inner,
      run: (work) =>
        inner.run(async (uow) => {
          const before = JSON.stringify(await snapshot(uow));
          const result = await work(uow);
          if (JSON.stringify(await snapshot(uow)) !== before) writes++;
          return result;
        }),
    },
  };
}

async function snapshot(uow: Parameters<Parameters<Store['run']>[0]>[0]) {
  return {
    people: await uow.people.list(),
    conversation: await uow.conversations.getPerson('aad-1'),
    claim: await uow.idempotency.recall('invoke:a1'),
  };
}

const seen: ConversationSeen = {
  kind: 'personal',
  aadObjectId: 'aad-1',
  reference: { conversation: { id: 'a:1' }, serviceUrl: 'https://example.test/' },
  locale: 'nb-NO',
};

function context(store: Store): AppContext {
  return createAppContext({ store, adminAadObjectIds: [], now: () => new Date() });
}

describe('runTurn: one activity, one unit of work', () => {
  it('commits the claim, the conversation and the use case’s changes together, and recognises a retry', async () => {
    const ctx = context(createMemoryStore());
    const first = await runTurn(
      ctx,
      { activityKey: 'invoke:a1', conversation: seen, mode: 'act' },
      async (turn) => {
        await turn.uow.people.put({ aadObjectId: 'p1', displayName: 'P', roles: [], since: '' });
        await turn.record('item-1');
        return { duplicate: turn.duplicate, firstContact: turn.firstContact };
      },
    );
    expect(first).to.deep.equal({ duplicate: false, firstContact: true });
    const retry = await runTurn(
      ctx,
      { activityKey: 'invoke:a1', conversation: seen, mode: 'act' },
      async (turn) => ({
        duplicate: turn.duplicate,
        recorded: turn.recorded,
        firstContact: turn.firstContact,
      }),
    );
    expect(retry).to.deep.equal({ duplicate: true, recorded: 'item-1', firstContact: false });
  });

  it('leaves nothing behind when the use case fails: no claim, no conversation, no change', async () => {
    const ctx = context(createMemoryStore());
    const failing = runTurn(
      ctx,
      { activityKey: 'invoke:a1', conversation: seen, mode: 'act' },
      async (turn) => {
        await turn.uow.people.put({ aadObjectId: 'p1', displayName: 'P', roles: [], since: '' });
        throw new Error('boom');
      },
    );
    await failing.then(
      () => expect.fail('should have failed'),
      (error: Error) => expect(error.message).to.equal('boom'),
    );
    expect(await ctx.store.read((uow) => uow.people.get('p1'))).to.equal(undefined);
    expect(await ctx.store.read((uow) => uow.conversations.getPerson('aad-1'))).to.equal(undefined);
    // Teams' retry does the work.
    const retry = await runTurn(
      ctx,
      { activityKey: 'invoke:a1', conversation: seen, mode: 'act' },
      async (turn) => turn.duplicate,
    );
    expect(retry).to.equal(false);
  });

  it('writes nothing for a read once the conversation is known, and recognises its retry in memory', async () => {
    const { store, writes } = countingStore();
    const ctx = context(store);
    await runTurn(
      ctx,
      { activityKey: 'message:m0', conversation: seen, mode: 'read' },
      async () => undefined,
    );
    expect(writes(), 'the first contact stores the conversation').to.equal(1);
    const read = await runTurn(
      ctx,
      { activityKey: 'message:m1', conversation: seen, mode: 'read' },
      async (turn) => turn.duplicate,
    );
    expect(read).to.equal(false);
    expect(writes(), 'a read writes nothing').to.equal(1);
    const retry = await runTurn(
      ctx,
      { activityKey: 'message:m1', conversation: seen, mode: 'read' },
      async (turn) => turn.duplicate,
    );
    expect(retry).to.equal(true);
    expect(writes()).to.equal(1);
  });

  it('does not count the retry of a read that failed as a duplicate', async () => {
    const ctx = context(createMemoryStore());
    await runTurn(ctx, { activityKey: 'message:m1', conversation: seen, mode: 'read' }, async () => {
      throw new Error('store unavailable');
    }).catch(() => undefined);
    const retry = await runTurn(
      ctx,
      { activityKey: 'message:m1', conversation: seen, mode: 'read' },
      async (turn) => turn.duplicate,
    );
    expect(retry).to.equal(false);
  });
});
