/**
 * Benchmarks (`npm run bench`). Every figure is a ratio against a baseline measured in the same
 * run on the same machine, never an absolute time judged by a test.
 */
import { outboxFanoutBench } from './outbox-fanout.bench.js';
import { privacyGuardBench } from './privacy-guard.bench.js';
import { storeWriteBench } from './store-write.bench.js';

const benches = [privacyGuardBench, storeWriteBench, outboxFanoutBench];

for (const bench of benches) {
  const result = await bench();
  console.log(`\n## ${result.name}`);
  for (const [key, value] of Object.entries(result.figures)) console.log(`${key}: ${value}`);
}
