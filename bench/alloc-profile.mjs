/**
 * Preloaded into the bot (`--import`) when BENCH_ALLOC_PROFILE_DIR is set (load.ts): records a
 * sampling allocation profile of everything the bot allocates, including what the garbage collector
 * has already taken back (V8's sampling heap profiler keeps only what is still alive unless told
 * otherwise, and what the ask path's tail depends on is the garbage), and writes it as
 * `<dir>/alloc-<pid>.heapprofile` when the process exits. Summarise it with
 * `npx tsx bench/alloc-profile.ts <file>`. Plain JavaScript: it runs before the bot, without tsx.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.BENCH_ALLOC_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  // An in-process session answers synchronously, so this also works in an 'exit' listener.
  const post = (method, params) => {
    let answer;
    session.post(method, params, (error, result) => {
      if (error) throw error;
      answer = result;
    });
    return answer;
  };
  post('HeapProfiler.enable');
  post('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  process.on('exit', () => {
    const { profile } = post('HeapProfiler.stopSampling');
    writeFileSync(join(dir, `alloc-${process.pid}.heapprofile`), JSON.stringify(profile));
  });
}
