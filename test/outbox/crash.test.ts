/**
 * A delivery engine killed with SIGKILL in the middle of dispatching, restarted, delivers everything:
 * nothing acknowledged (marked sent in the data file) is ever sent again, and only messages that were
 * in flight (at most one per recipient) may repeat.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { DEFAULT_UNITS } from '../../src/domain/default-units.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import {
  createEngine,
  enqueue,
  keyOfBody,
  notification,
  seedConversations,
} from '../support/delivery-engine.js';
import { type FakeConnector, startFakeConnector } from '../support/fake-connector.js';
import { readStoredDocument } from '../support/stored-document.js';

const PEOPLE = Array.from({ length: 8 }, (_, i) => `r${i}`);
const PER_PERSON = 15;
const CONCURRENCY = 4;

function startChild(dataDir: string, serviceUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/outbox/fixtures/engine-child.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, SERVICE_URL: serviceUrl, CONCURRENCY: String(CONCURRENCY) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('started')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`engine child exited early (${code})`)));
  });
}

async function waitForDeliveries(fake: FakeConnector, count: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (fake.deliveredCount() < count) {
    if (Date.now() > deadline) throw new Error(`only ${fake.deliveredCount()} deliveries`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('the delivery engine killed with SIGKILL mid-dispatch', function () {
  this.timeout(120_000);
  let dataDir: string;
  let fake: FakeConnector;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mh-outbox-crash-'));
    // Every answer takes a while, so requests are in flight when the kill lands.
    fake = await startFakeConnector({ keyOf: keyOfBody, latencyMs: () => 5 + Math.random() * 25 });
  });
  after(async () => {
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('restarts and delivers everything, repeating only what was in flight', async () => {
    const keys = PEOPLE.map((p) => Array.from({ length: PER_PERSON }, (_, i) => `${p}-${i}`));
    const setup = await openLowdbStore({ dataDir, seedUnits: DEFAULT_UNITS });
    await seedConversations(setup, fake.url, PEOPLE);
    await enqueue(
      setup,
      keys.flat().map((k) => notification(k, k.split('-')[0] ?? '')),
    );
    await setup.close();

    const acknowledgedAtKill: { keys: Set<string>; arrivedBefore: number }[] = [];
    for (const killAfter of [15, 45, 80]) {
      const child = await startChild(dataDir, fake.url);
      await waitForDeliveries(fake, killAfter);
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGKILL');
      await exited;
      const file = (await readStoredDocument(dataDir)) as {
        outbox: { messages: Record<string, { key: string; state: string }> };
      };
      const sent = Object.values(file.outbox.messages).filter((m) => m.state === 'sent');
      acknowledgedAtKill.push({
        keys: new Set(sent.map((m) => m.key)),
        arrivedBefore: fake.activities.length,
      });
    }

    // Restart in this process and let it finish.
    const store = await openLowdbStore({ dataDir, seedUnits: DEFAULT_UNITS });
    const engine = createEngine({ store, serviceUrl: fake.url, concurrency: CONCURRENCY });
    await engine.drain(60_000);
    await engine.stop();
    const counts = await store.read((u) => u.outbox.counts());
    await store.close();

    expect(counts).to.deep.equal({ pending: 0, sent: keys.flat().length, failed: 0 });
    const delivered = fake.activities.filter((a) => a.method === 'POST').map((a) => a.key ?? '');
    expect(new Set(delivered)).to.deep.equal(new Set(keys.flat()));

    // Nothing acknowledged (sent in the data file at a kill) ever arrives again after that kill.
    for (const [round, { keys: acknowledged, arrivedBefore }] of acknowledgedAtKill.entries()) {
      const later = fake.activities.slice(arrivedBefore).filter((a) => acknowledged.has(a.key ?? ''));
      expect(
        later.map((a) => a.key),
        `sent again after kill ${round + 1}`,
      ).to.deep.equal([]);
    }
    const duplicates = fake.duplicates((a) => a.key);
    // At most one in flight per recipient and CONCURRENCY in all, per kill.
    expect(duplicates.length).to.be.at.most(3 * CONCURRENCY);

    // Order per recipient: first deliveries follow the enqueue order.
    for (const [index, person] of PEOPLE.entries()) {
      const firsts = [...new Set(fake.activitiesFor(`conv-${person}`).map((a) => a.key))];
      expect(firsts, person).to.deep.equal(keys[index]);
    }
  });
});
