/**
 * The bot against history (issue 9): per size (records of history.ts's mix, default 1 k, 10 k,
 * 50 k), a fresh data file, then the real bot in a child process (authentication off, replies to a
 * fake Bot Connector): start-up time of startBot, `hjelp` and guidance-ask latency one at a time and
 * at BENCH_CONNECTIONS connections, the latency of one durable store write (a unit of work with one
 * idempotency claim, in the bot's process), resident memory after the load, and the time to close.
 * Start-up with an empty store (the roster only) is measured first, for the start-up target.
 *
 * Targets (issue 9), largest size against the smallest: help and ask p99 ≤ 1.2×, one durable write
 * p99 ≤ 1.5×; start-up ≤ 2× the start-up with an empty store; resident memory at 50 k ≤ 200 MiB.
 *
 * Environment: BENCH_HISTORY_SIZES (1000,10000; `npm run bench:history` adds 50000, which takes
 * several minutes on the current code), BENCH_HISTORY_MS per run (2500),
 * BENCH_CONNECTIONS (10), BENCH_HISTORY_ASKS (2000: the most asks per ask run), BENCH_WRITES (200: the p99 of ten writes was their slowest).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeConnector } from '../test/support/fake-connector.js';
import { activities } from './activity-path.bench.js';
import { prepareHistory, writeHistoryFile } from './history.js';
import { envNumber, quantile, runLoad, startServer, summarise } from './load.js';
import type { BenchResult } from './measure.js';

export interface HistoryRow {
  records: number;
  /** The single data file as written (the layout before the archive). */
  fileMiB: number;
  /** Opening it and archiving what settled (the first start after the upgrade). */
  splitMs: number;
  /** The data file and the archive after that. */
  hotKiB: number;
  archiveMiB: number;
  startupMs: number;
  helpOneP99: number;
  askOneP99: number;
  helpManyP50: number;
  helpManyP99: number;
  askManyP50: number;
  askManyP99: number;
  writeP99: number;
  /** GET /api/tab/overview for the UDI coordinator (who sees the whole network), one at a time. */
  overviewP99: number;
  /** Resident memory right after start-up, and after the load (both after a garbage collection). */
  idleRssMiB: number;
  rssMiB: number;
  peakRssMiB: number;
  /** The live heap after the load and a garbage collection. */
  heapMiB: number;
  closeMs: number;
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

export function historySizes(): number[] {
  const raw = process.env.BENCH_HISTORY_SIZES ?? '1000,10000';
  return raw
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n >= 0);
}

export async function measureHistory(records: number): Promise<HistoryRow> {
  const connections = envNumber('BENCH_CONNECTIONS', 10);
  const durationMs = envNumber('BENCH_HISTORY_MS', 2500);
  const writes = envNumber('BENCH_WRITES', 200);
  // Each ask run stops at this many asks: every ask adds an open request and a card waiting for the
  // coordinator to the hot document, so a load by time alone would measure how fast the bot is (a
  // faster bot stored more) in the memory after the load, not what the history costs.
  const maxAsks = envNumber('BENCH_HISTORY_ASKS', 2000);
  const connector = await startFakeConnector({ keepBodies: false });
  const dir = await mkdtemp(join(tmpdir(), 'mh-bench-history-'));
  try {
    const written = await writeHistoryFile(dir, records, connector.url);
    const prepared = await prepareHistory(dir);
    // The overview page's API answers the UDI coordinator (the bench roster's first person) without
    // a token: the development identity, as `npm run dev` runs it.
    const bot = await startServer('bot', { BENCH_DATA_DIR: dir, TAB_DEV_USER: OVERVIEW_VIEWER });
    try {
      const idle = await bot.ask({ type: 'memory' }, 'memory');
      const make = activities(connector.url);
      const load = (body: (c: number) => unknown, n: number, maxRequests?: number) =>
        runLoad({ url: bot.url, connections: n, durationMs, body, maxRequests });
      // Warm-up: one `hjelp` from each connection's person, so their conversation references are
      // the bot's own and the help runs measure a read. Help runs first: an ask leaves the outbox
      // delivering cards, whose outcomes are written too.
      await runLoad({ url: bot.url, connections, durationMs: 1, body: make.help });
      const helpOne = summarise([await load(make.help, 1)]);
      const helpMany = summarise([await load(make.help, connections)]);
      // Before the asks: they leave up to BENCH_HISTORY_ASKS more open requests, a number that depends
      // on the bot's speed, not on the history.
      const overviewMs = await overviewLatencies(bot.url, durationMs);
      const askOne = summarise([await load(make.ask, 1, maxAsks)]);
      const askMany = summarise([await load(make.ask, connections, maxAsks)]);
      const writeMs = (await bot.ask({ type: 'writes', runs: writes }, 'writes')).ms;
      const memory = await bot.ask({ type: 'memory' }, 'memory');
      return {
        records,
        fileMiB: written.bytes / 2 ** 20,
        splitMs: prepared.ms,
        hotKiB: prepared.hotBytes / 1024,
        archiveMiB: prepared.archiveBytes / 2 ** 20,
        startupMs: bot.startupMs,
        helpOneP99: helpOne.p99,
        askOneP99: askOne.p99,
        helpManyP50: helpMany.p50,
        helpManyP99: helpMany.p99,
        askManyP50: askMany.p50,
        askManyP99: askMany.p99,
        writeP99: quantile(writeMs, 0.99),
        overviewP99: quantile(overviewMs, 0.99),
        idleRssMiB: idle.rss / 2 ** 20,
        rssMiB: memory.rss / 2 ** 20,
        peakRssMiB: memory.maxRss / 2 ** 20,
        heapMiB: memory.heapUsed / 2 ** 20,
        closeMs: await bot.stop(),
      };
    } finally {
      await bot.stop();
    }
  } finally {
    await connector.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The UDI coordinator of the bench roster (bench/history.ts, `user(1)`). */
const OVERVIEW_VIEWER = 'aad-1';

/** Milliseconds of each GET /api/tab/overview, one after the other, for `durationMs` (at most 2000). */
async function overviewLatencies(url: string, durationMs: number): Promise<number[]> {
  const times: number[] = [];
  const until = performance.now() + durationMs;
  while (performance.now() < until && times.length < 2000) {
    const started = performance.now();
    const response = await fetch(`${url}/api/tab/overview`);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`overview answered ${response.status}`);
    times.push(performance.now() - started);
  }
  return times;
}

/** Start-up of startBot with the bench roster only (the reference of the start-up target). */
export async function emptyStartupMs(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'mh-bench-empty-'));
  try {
    await writeHistoryFile(dir, 0, 'http://127.0.0.1:9/');
    await prepareHistory(dir);
    const bot = await startServer('bot', { BENCH_DATA_DIR: dir });
    await bot.stop();
    return bot.startupMs;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function historyTable(rows: readonly HistoryRow[]): string {
  const head =
    '| records | single file MiB | split ms | data file KiB / archive MiB | start-up ms | help p99 1 conn | ask p99 1 conn | help p50 / p99 N conn | ask p50 / p99 N conn | durable write p99 | overview p99 | RSS MiB idle / after load (peak) | live heap MiB |';
  const lines = rows.map(
    (r) =>
      `| ${r.records} | ${fmt(r.fileMiB, 1)} | ${fmt(r.splitMs)} | ${fmt(r.hotKiB)} / ${fmt(r.archiveMiB, 1)} | ${fmt(r.startupMs)} | ${fmt(r.helpOneP99)} ms | ${fmt(r.askOneP99)} ms | ${fmt(r.helpManyP50)} / ${fmt(r.helpManyP99)} ms | ${fmt(r.askManyP50)} / ${fmt(r.askManyP99)} ms | ${fmt(r.writeP99, 1)} ms | ${fmt(r.overviewP99, 1)} ms | ${fmt(r.idleRssMiB)} / ${fmt(r.rssMiB)} (${fmt(r.peakRssMiB)}) | ${fmt(r.heapMiB)} |`,
  );
  return [head, `|${' --- |'.repeat(13)}`, ...lines].join('\n');
}

export async function historyBench(): Promise<BenchResult> {
  const sizes = historySizes();
  const empty = await emptyStartupMs();
  const rows: HistoryRow[] = [];
  for (const size of sizes) rows.push(await measureHistory(size));
  const first = rows[0];
  const last = rows.at(-1);
  const figures: Record<string, string | number> = { 'start-up, empty store, ms': fmt(empty) };
  for (const r of rows) {
    figures[`${r.records} records`] =
      `single file ${fmt(r.fileMiB, 1)} MiB, split ${fmt(r.splitMs)} ms → data file ${fmt(r.hotKiB)} KiB + archive ${fmt(r.archiveMiB, 1)} MiB, start-up ${fmt(r.startupMs)} ms, help p99 ${fmt(r.helpOneP99)} ms (1 conn) / ${fmt(r.helpManyP99)} ms (N), ask p99 ${fmt(r.askOneP99)} ms (1) / ${fmt(r.askManyP99)} ms (N), write p99 ${fmt(r.writeP99, 1)} ms, RSS ${fmt(r.idleRssMiB)} MiB idle, ${fmt(r.rssMiB)} MiB after load (peak ${fmt(r.peakRssMiB)}), live heap ${fmt(r.heapMiB)} MiB, close ${fmt(r.closeMs)} ms`;
  }
  if (first && last && last !== first) {
    const tag = `${last.records}/${first.records}`;
    figures[`help p99 ${tag}, 1 conn / N conn (target ≤ 1.2)`] =
      `${fmt(last.helpOneP99 / first.helpOneP99, 2)} / ${fmt(last.helpManyP99 / first.helpManyP99, 2)}`;
    figures[`ask p99 ${tag}, 1 conn / N conn (target ≤ 1.2)`] =
      `${fmt(last.askOneP99 / first.askOneP99, 2)} / ${fmt(last.askManyP99 / first.askManyP99, 2)}`;
    figures[`durable write p99 ${tag} (target ≤ 1.5)`] = fmt(last.writeP99 / first.writeP99, 2);
    figures[`overview page p99 ${tag} (its cost follows what is open, not history)`] = fmt(
      last.overviewP99 / first.overviewP99,
      2,
    );
  }
  if (last) {
    figures[`start-up at ${last.records} / empty (target ≤ 2)`] = fmt(last.startupMs / empty, 2);
    figures[`RSS at ${last.records}, MiB (target at 50 k ≤ 200)`] = fmt(last.rssMiB);
    if (first && last !== first)
      figures[`live heap after load ${last.records}/${first.records}`] = fmt(last.heapMiB / first.heapMiB, 2);
  }
  figures.table = `\n${historyTable(rows)}`;
  return { name: `history: ${sizes.join(' / ')} records`, figures };
}

if (process.argv[1]?.endsWith('history.bench.ts')) {
  const result = await historyBench();
  console.log(`\n## ${result.name}`);
  for (const [key, value] of Object.entries(result.figures)) console.log(`${key}: ${value}`);
}
