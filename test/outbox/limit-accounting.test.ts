/**
 * The outbox worker's rate-limit accounting, on its own: seeding from the send log, the running mark,
 * the count after a crash, and where a request counts while in flight and after its answer.
 * (test/outbox/restart.test.ts covers the same end to end, against a fake connector.)
 */
import { expect } from 'chai';
import { createLogger } from '../../src/log/logger.js';
import {
  createLimitAccounting,
  type LimitAccounting,
  type OutboxLimits,
} from '../../src/outbox/limit-accounting.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { SentRequest, Store } from '../../src/store/store.js';

const ONE_PER_SECOND: OutboxLimits = {
  perConversation: [{ limit: 1, windowMs: 1_000 }],
  perTenant: [{ limit: 2, windowMs: 1_000 }],
};

function accounting(store: Store, t: { now: number }, limits = ONE_PER_SECOND) {
  const logged: SentRequest[] = [];
  const limiter: LimitAccounting = createLimitAccounting({
    store,
    logger: createLogger('silent'),
    now: () => t.now,
    limits,
    marginMs: 0,
    logRequests: (requests) => logged.push(...requests),
  });
  return { limiter, logged };
}

describe('the outbox rate-limit accounting', () => {
  it('starts the windows from the send log and marks the worker running until a clean stop', async () => {
    const store = createMemoryStore();
    await store.run((uow) =>
      uow.sendLog.record(
        [
          { key: 'conv-1', at: 9_000 },
          { key: 'conv-1', at: 9_400 },
          { key: 'conv-2', at: 7_000 },
        ],
        { since: 0, perKey: 10 },
      ),
    );
    const t = { now: 10_000 };
    const { limiter } = accounting(store, t);
    await limiter.ready();
    expect(limiter.afterCrash()).to.equal(false);
    // conv-1's last request was at 9 400: one a second, so the next at 10 400.
    expect(limiter.earliest('conv-1', t.now)).to.equal(10_400);
    // conv-2's was older than the longest window; the tenant had only one request in the last second.
    expect(limiter.earliest('conv-2', t.now)).to.equal(10_000);
    expect(await store.run((uow) => uow.sendLog.markRunning(true))).to.equal(true);

    await limiter.markStopped();
    expect(await store.run((uow) => uow.sendLog.markRunning(false))).to.equal(false);
  });

  it('after a crash, counts a request now for every recipient due and fills the tenant window', async () => {
    const store = createMemoryStore();
    await store.run((uow) => uow.sendLog.markRunning(true)); // the previous worker never stopped
    const t = { now: 10_000 };
    const { limiter, logged } = accounting(store, t);
    await limiter.ready();
    expect(limiter.afterCrash()).to.equal(true);

    limiter.countCrashInFlight(['conv-1', 'conv-2', 'conv-3']);
    expect(limiter.afterCrash()).to.equal(false);
    expect(limiter.earliest('conv-1', t.now)).to.equal(11_000);
    // The tenant (2 a second) is full until the window has passed, for a conversation not counted too.
    expect(limiter.earliest('conv-4', t.now)).to.equal(11_000);
    expect(logged).to.deep.equal([
      { key: 'conv-1', at: 10_000 },
      { key: 'conv-2', at: 10_000 },
      { key: 'conv-3', at: 10_000 },
    ]);
  });

  it('holds a request at the present while it is in flight, and counts it at its answer', async () => {
    const t = { now: 10_000 };
    const { limiter, logged } = accounting(createMemoryStore(), t, {
      perConversation: [{ limit: 1, windowMs: 1_000 }],
      perTenant: [],
    });
    await limiter.ready();
    limiter.start('person:p1', 'conv-1', 10_000);
    expect(limiter.earliest('conv-1', 10_000)).to.equal(11_000);
    limiter.holdInFlight(10_300);
    expect(limiter.earliest('conv-1', 10_300)).to.equal(11_300);
    expect(logged).to.deep.equal([]);

    limiter.answered('person:p1', 10_500, { limitKey: 'conv-1', createdIn: undefined });
    expect(limiter.earliest('conv-1', 10_500)).to.equal(11_500);
    expect(logged).to.deep.equal([{ key: 'conv-1', at: 10_500 }]);
    // Settled: holding the requests in flight later moves it no more.
    limiter.holdInFlight(10_900);
    expect(limiter.earliest('conv-1', 10_900)).to.equal(11_500);
  });

  it('counts the creation of a chat in the new chat too, and logs nothing when no request went out', async () => {
    const t = { now: 10_000 };
    const { limiter, logged } = accounting(createMemoryStore(), t, {
      perConversation: [{ limit: 1, windowMs: 1_000 }],
      perTenant: [],
    });
    await limiter.ready();
    limiter.start('person:p1', 'create:p1', 10_000);
    limiter.answered('person:p1', 10_200, { limitKey: 'create:p1', createdIn: 'conv-new' });
    expect(limiter.earliest('conv-new', 10_200)).to.equal(11_200);
    expect(limiter.earliest('create:p1', 10_200)).to.equal(11_200);
    expect(logged).to.deep.equal([{ key: 'conv-new', at: 10_200 }]);

    limiter.start('person:p2', 'conv-2', 10_300);
    limiter.answered('person:p2', 10_400, undefined);
    expect(limiter.earliest('conv-2', 10_400)).to.equal(11_400);
    expect(logged).to.have.length(1);
  });
});
