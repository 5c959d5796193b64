/**
 * The activity path from the outside (issue 9): the real bot (startBot, empty store but for the
 * bench roster, authentication off as in development, replies to a fake Bot Connector) against
 * baselines measured in the same run under the same load, N concurrent connections posting
 * Teams-shaped activities for a fixed duration, the runs interleaved:
 *
 *   `hjelp` (a message that only reads)     against the botbuilder + restify echo bot (echo-bot.ts)
 *   guidance ask (`guidance.submit`, a write) against one durable append + fsync per request, twice:
 *     - the echo bot appending each activity with an fsync before it answers (the floor of a bot
 *       making one durable write per activity: the target is read against this one), and
 *     - a bare HTTP server appending each body with an fsync (the disk's own floor, shown for scale:
 *       no bot on this stack can reach half of it, since the echo bot alone does not).
 *
 * Targets (issue 9): help throughput ≥ 0.8× the echo bot's and p99 ≤ 1.5×; ask throughput ≥ 0.5× the
 * durable floor's and p99 ≤ 2×.
 *
 * Environment: BENCH_CONNECTIONS (10), BENCH_DURATION_MS per run (4000), BENCH_ROUNDS (3).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { journalFileName } from '../src/store/journal.js';
import { DATA_FILE_NAME } from '../src/store/lowdb-store.js';
import { startFakeConnector } from '../test/support/fake-connector.js';
import { cardAction, message } from '../test/support/teams-activities.js';
import { benchRoster, writeHistoryFile } from './history.js';
import { envNumber, type LoadResult, runLoad, startServer, summarise } from './load.js';
import type { BenchResult } from './measure.js';

export const QUESTION =
  'Politiet spør om rutinene for refleksjonsperiode for en mulig utsatt person på mottak.';

/** The Teams-shaped activities both benches post. */
export function activities(serviceUrl: string) {
  const roster = benchRoster();
  return {
    help: (connection: number) =>
      message({ serviceUrl, from: roster.users[connection % roster.users.length]!, text: 'hjelp' }),
    ask: (connection: number) =>
      cardAction({
        serviceUrl,
        from: roster.askers[connection % roster.askers.length]!,
        verb: 'guidance.submit',
        data: { topicId: 'family-immigration', origin: 'internal', urgency: 'normal', question: QUESTION },
      }),
  };
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

export async function activityPathBench(): Promise<BenchResult> {
  const connections = envNumber('BENCH_CONNECTIONS', 10);
  const durationMs = envNumber('BENCH_DURATION_MS', 4000);
  const rounds = envNumber('BENCH_ROUNDS', 3);
  const connector = await startFakeConnector({ keepBodies: false });
  const botDir = await mkdtemp(join(tmpdir(), 'mh-bench-path-'));
  const floorDir = await mkdtemp(join(tmpdir(), 'mh-bench-fsync-'));
  await writeHistoryFile(botDir, 0, connector.url);
  const bot = await startServer('bot', { BENCH_DATA_DIR: botDir });
  const echo = await startServer('echo');
  const floor = await startServer('fsync', { BENCH_DATA_DIR: floorDir });
  const echoFloor = await startServer('echo-fsync', { BENCH_DATA_DIR: floorDir });
  const make = activities(connector.url);
  const runs: Record<'echoHelp' | 'botHelp' | 'floor' | 'echoFloor' | 'botAsk', LoadResult[]> = {
    echoHelp: [],
    botHelp: [],
    floor: [],
    echoFloor: [],
    botAsk: [],
  };
  try {
    const load = (url: string, body: (c: number) => unknown, ms = durationMs) =>
      runLoad({ url, connections, durationMs: ms, body });
    // Warm-up: JIT, connections, the bot's first card renders.
    for (const [url, body] of [
      [echo.url, make.help],
      [bot.url, make.help],
      [floor.url, make.ask],
      [echoFloor.url, make.ask],
      [bot.url, make.ask],
    ] as const)
      await load(url, body, 500);
    for (let round = 0; round < rounds; round++) {
      runs.echoHelp.push(await load(echo.url, make.help));
      runs.botHelp.push(await load(bot.url, make.help));
      runs.floor.push(await load(floor.url, make.ask));
      runs.echoFloor.push(await load(echoFloor.url, make.ask));
      runs.botAsk.push(await load(bot.url, make.ask));
    }
    const memory = await bot.ask({ type: 'memory' }, 'memory');
    const dataFile = join(botDir, DATA_FILE_NAME);
    const fileBytes = (await stat(dataFile)).size;
    const journalBytes = (await stat(journalFileName(dataFile))).size;
    const echoHelp = summarise(runs.echoHelp);
    const botHelp = summarise(runs.botHelp);
    const floorAsk = summarise(runs.floor);
    const echoFloorAsk = summarise(runs.echoFloor);
    const botAsk = summarise(runs.botAsk);
    const line = (s: ReturnType<typeof summarise>) =>
      `${fmt(s.rps)} req/s, p50 ${fmt(s.p50)} ms, p99 ${fmt(s.p99)} ms (${s.requests} requests, ${s.errors} errors)`;
    return {
      name: `activity path: ${connections} connections, ${rounds} × ${durationMs} ms per path, interleaved`,
      figures: {
        'help, echo bot': line(echoHelp),
        'help, MH-nettverket': line(botHelp),
        'help throughput bot/echo (target ≥ 0.8)': fmt(botHelp.rps / echoHelp.rps, 3),
        'help p99 bot/echo (target ≤ 1.5)': fmt(botHelp.p99 / echoHelp.p99, 2),
        'ask, echo bot + append+fsync (durable floor)': line(echoFloorAsk),
        'ask, bare append+fsync (disk floor)': line(floorAsk),
        'ask, MH-nettverket': line(botAsk),
        'ask throughput bot/durable floor (target ≥ 0.5)': fmt(botAsk.rps / echoFloorAsk.rps, 3),
        'ask p99 bot/durable floor (target ≤ 2)': fmt(botAsk.p99 / echoFloorAsk.p99, 2),
        'ask throughput bot/disk floor': fmt(botAsk.rps / floorAsk.rps, 3),
        'bot data file / journal after the runs, KiB': `${fmt(fileBytes / 1024, 0)} / ${fmt(journalBytes / 1024, 0)}`,
        'bot resident memory after the runs, MiB': fmt(memory.rss / 2 ** 20, 0),
        'replies and cards at the fake connector': connector.deliveredCount(),
      },
    };
  } finally {
    await Promise.all([bot.stop(), echo.stop(), floor.stop(), echoFloor.stop()]);
    await connector.close();
    await rm(botDir, { recursive: true, force: true });
    await rm(floorDir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('activity-path.bench.ts')) {
  const result = await activityPathBench();
  console.log(`\n## ${result.name}`);
  for (const [key, value] of Object.entries(result.figures)) console.log(`${key}: ${value}`);
}
