/**
 * Benchmarks (`npm run bench`). Every figure is a ratio against a baseline measured in the same
 * run on the same machine, never an absolute time judged by a test.
 *
 * `npm run bench:quick` (`--quick`): the activity path and the history benches, short and small
 * (under a minute), without the outbox fan-out. Environment variables set explicitly win over the
 * quick defaults (see activity-path.bench.ts and history.bench.ts).
 */
import { activityPathBench } from './activity-path.bench.js';
import { historyBench } from './history.bench.js';
import type { BenchResult } from './measure.js';
import { outboxFanoutBench } from './outbox-fanout.bench.js';
import { privacyGuardBench } from './privacy-guard.bench.js';
import { storeWriteBench } from './store-write.bench.js';

const quick = process.argv.includes('--quick');
if (quick) {
  const defaults: Record<string, string> = {
    BENCH_DURATION_MS: '1500',
    BENCH_ROUNDS: '2',
    BENCH_HISTORY_SIZES: '200,2000',
    BENCH_HISTORY_MS: '1000',
    BENCH_WRITES: '50',
  };
  for (const [name, value] of Object.entries(defaults)) process.env[name] ??= value;
}

const benches: (() => Promise<BenchResult>)[] = quick
  ? [storeWriteBench, activityPathBench, historyBench]
  : [privacyGuardBench, storeWriteBench, outboxFanoutBench, activityPathBench, historyBench];

for (const bench of benches) {
  const started = performance.now();
  const result = await bench();
  console.log(`\n## ${result.name} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  for (const [key, value] of Object.entries(result.figures)) console.log(`${key}: ${value}`);
}
