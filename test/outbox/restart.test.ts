/**
 * The rate limits hold across a restart: a new delivery engine on the same store starts its windows
 * from the requests recorded there, not from zero. After a clean stop the record is exact; after a
 * crash (SIGKILL) requests may have been in flight unrecorded, and the new engine counts them as if
 * they had reached the connector the moment it started.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { DEFAULT_UNITS } from '../../src/domain/default-units.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import {
  createEngine,
  enqueue,
  keyOfBody,
  notification,
  seedConversations,
} from '../support/delivery-engine.js';
import {
  type FakeConnector,
  type RateLimits,
  startFakeConnector,
  TEAMS_LIMITS,
} from '../support/fake-connector.js';

/** Teams' windows up to 30 s (no test runs for an hour). */
const WINDOWS: RateLimits = {
  perConversation: TEAMS_LIMITS.perConversation.filter((w) => w.windowMs <= 30_000),
  perApp: TEAMS_LIMITS.perApp,
};

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('the delivery engine restarted on the same store', function () {
  this.timeout(60_000);
  let fake: FakeConnector;

  afterEach(async () => {
    await fake?.close();
  });

  it('keeps the windows of one conversation: a new engine does not start from zero', async () => {
    fake = await startFakeConnector({ keyOf: keyOfBody });
    const store = createMemoryStore();
    await seedConversations(store, fake.url, ['p1']);
    await enqueue(
      store,
      Array.from({ length: 12 }, (_, i) => notification(`m${i}`, 'p1')),
    );
    const first = createEngine({ store, serviceUrl: fake.url });
    first.start();
    // The first second's seven sends, then a clean stop and at once a new engine.
    await until(() => fake.requestCount('conv-p1') >= 7, 5_000, 'seven sends');
    await first.stop();
    const second = createEngine({ store, serviceUrl: fake.url });
    await second.drain(20_000);
    await second.stop();
    expect(fake.deliveredCount('conv-p1')).to.equal(12);
    expect(fake.requestLimitsExceeded(WINDOWS)).to.deep.equal([]);
    expect(fake.peakRequests('conv-p1', 1_000)).to.equal(7);
  });

  it('keeps the window of the tenant', async () => {
    fake = await startFakeConnector({ keyOf: keyOfBody });
    const store = createMemoryStore();
    const people = Array.from({ length: 45 }, (_, i) => `t${i}`);
    await seedConversations(store, fake.url, people);
    await enqueue(
      store,
      people.map((p) => notification(`${p}-card`, p)),
    );
    const first = createEngine({ store, serviceUrl: fake.url, concurrency: 32 });
    first.start();
    await until(() => fake.requestCount() >= 30, 5_000, 'thirty sends');
    await first.stop();
    const second = createEngine({ store, serviceUrl: fake.url, concurrency: 32 });
    await second.drain(20_000);
    await second.stop();
    expect(fake.deliveredCount()).to.equal(45);
    expect(fake.requestLimitsExceeded(WINDOWS)).to.deep.equal([]);
  });

  it('keeps the windows across a SIGKILL with requests in flight, counting those at the restart', async () => {
    // Every answer takes 400 ms: the kill lands while the first thirty requests wait for theirs, so
    // none of them is recorded in the store.
    fake = await startFakeConnector({ keyOf: keyOfBody, latencyMs: 400 });
    const dataDir = await mkdtemp(join(tmpdir(), 'mh-outbox-restart-'));
    try {
      const people = Array.from({ length: 40 }, (_, i) => `k${i}`);
      const setup = await openLowdbStore({ dataDir, seedUnits: DEFAULT_UNITS });
      await seedConversations(setup, fake.url, people);
      await enqueue(
        setup,
        people.map((p) => notification(`${p}-card`, p)),
      );
      await setup.close();

      const child = await startChild(dataDir, fake.url);
      await until(() => fake.requestCount() >= 30, 10_000, 'thirty requests');
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGKILL');
      await exited;
      expect(fake.requests.filter((r) => r.outcome !== 'dropped')).to.have.length(30);

      const store = await openLowdbStore({ dataDir, seedUnits: DEFAULT_UNITS });
      const engine = createEngine({ store, serviceUrl: fake.url, concurrency: 32 });
      await engine.drain(20_000);
      await engine.stop();
      const counts = await store.read((u) => u.outbox.counts());
      await store.close();
      expect(counts).to.deep.equal({ pending: 0, sent: 40, failed: 0 });
      expect(fake.requestLimitsExceeded(WINDOWS)).to.deep.equal([]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

function startChild(dataDir: string, serviceUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/outbox/fixtures/engine-child.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, SERVICE_URL: serviceUrl, CONCURRENCY: '32' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('started')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`engine child exited early (${code})`)));
  });
}
