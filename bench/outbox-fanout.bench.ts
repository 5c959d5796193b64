/**
 * Fan-out of one card to 500 people (1:1) and to the network channel through a fake Bot Connector
 * that enforces Teams' documented limits and answers 429 when they are broken. Reports the total time
 * divided by the theoretical minimum under the configured limits (target ≤ 1.10), the 429s provoked
 * (target 0), messages lost and duplicated (must be 0), and the engine's peak memory.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_UNITS } from '../src/domain/default-units.js';
import {
  DEFAULT_TENANT_LIMITS,
  minimumDuration,
  TEAMS_CONVERSATION_LIMITS,
} from '../src/outbox/rate-limits.js';
import { openLowdbStore } from '../src/store/lowdb-store.js';
import {
  createEngine,
  enqueue,
  keyOfBody,
  notification,
  seedConversations,
  TENANT,
} from '../test/support/delivery-engine.js';
import { startFakeConnector } from '../test/support/fake-connector.js';
import type { BenchResult } from './measure.js';

const PEOPLE = 500;

export async function outboxFanoutBench(): Promise<BenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'mh-bench-outbox-'));
  const fake = await startFakeConnector({
    limits: true,
    retryAfter: 'always',
    keepBodies: false,
    keyOf: keyOfBody,
    latencyMs: () => 10 + Math.random() * 20,
  });
  try {
    const store = await openLowdbStore({ dataDir: dir, seedUnits: DEFAULT_UNITS });
    const people = Array.from({ length: PEOPLE }, (_, i) => `person-${i}`);
    await seedConversations(store, fake.url, people);
    const channel = { teamId: 'team-1', channelId: '19:network@thread.tacv2' };
    await store.run(async (uow) => {
      await uow.conversations.putChannel(channel, {
        reference: {
          channelId: 'msteams',
          serviceUrl: fake.url,
          conversation: { id: channel.channelId, conversationType: 'channel', tenantId: TENANT },
          bot: { id: '28:bot', name: 'MH-nettverket' },
        },
        updatedAt: new Date(0).toISOString(),
      });
      await uow.settings.put({
        networkChannel: { ...channel, setBy: 'bench', setAt: new Date(0).toISOString() },
      });
    });
    const keys = [...people.map((p) => `card-${p}`), 'card-channel'];
    await enqueue(store, [
      ...people.map((p) => notification(`card-${p}`, p)),
      { ...notification('card-channel', 'channel'), recipient: { kind: 'networkChannel' } },
    ]);

    const engine = createEngine({ store, serviceUrl: fake.url, concurrency: 32 });
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let peakHeap = heapBefore;
    const sampler = setInterval(() => {
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }, 20);
    const started = performance.now();
    const startedAt = Date.now();
    engine.start();
    const deadline = started + 120_000;
    while (fake.deliveredCount() < keys.length && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
    }
    const lastArrival = Math.max(...fake.activities.map((a) => a.at));
    clearInterval(sampler);
    await engine.stop();
    const counts = await store.read((u) => u.outbox.counts());
    await store.close();

    const elapsed = lastArrival - startedAt;
    // One send per conversation: 500 people and the channel, all limited by the tenant's 30/s.
    const minimum = minimumDuration(
      keys.map(() => 1),
      TEAMS_CONVERSATION_LIMITS,
      DEFAULT_TENANT_LIMITS,
    );
    const delivered = new Set(fake.activities.map((a) => a.key));
    return {
      name: `outbox fan-out: one card to ${PEOPLE} people (1:1) and the network channel`,
      figures: {
        'total time / theoretical minimum (target <= 1.10)': (elapsed / minimum).toFixed(3),
        'total time s': (elapsed / 1000).toFixed(2),
        'theoretical minimum s': (minimum / 1000).toFixed(2),
        '429s provoked (target 0)': fake.throttledCount(),
        'limits exceeded as measured by the connector': String(fake.limitsExceeded()),
        'lost (must be 0)': keys.filter((k) => !delivered.has(k)).length,
        'duplicates (must be 0)': fake.duplicates((a) => a.key).length,
        'outbox sent / pending / failed': `${counts.sent} / ${counts.pending} / ${counts.failed}`,
        'engine peak heap growth MiB': ((peakHeap - heapBefore) / 1_048_576).toFixed(1),
      },
    };
  } finally {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }
}
