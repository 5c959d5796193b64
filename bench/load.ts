/**
 * Load for the HTTP benches: starts a server of serve.ts in a child process, and drives a URL with N
 * concurrent keep-alive connections, each posting one activity after the other for a fixed duration.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { TENANT } from '../test/support/teams-activities.js';
import type { ServerMode, ServerReply, ServerRequest } from './serve.js';

export interface ServerProcess {
  mode: ServerMode;
  url: string;
  /** Time from the start of startBot (or its equivalent) to listening, measured in the child. */
  startupMs: number;
  ask<T extends ServerReply['type']>(
    request: ServerRequest,
    reply: T,
    timeoutMs?: number,
  ): Promise<Extract<ServerReply, { type: T }>>;
  stop(): Promise<number>;
}

/**
 * The Node options the bot runs with in production: those of `npm start` (package.json's start
 * script, `node <options> dist/main.js`), so the bench measures the bot as it is started.
 * BENCH_BOT_NODE_OPTIONS replaces them (experiments only: `BENCH_BOT_NODE_OPTIONS=' '` runs the bot
 * with Node's defaults).
 */
export function botNodeOptions(): string[] {
  const override = process.env.BENCH_BOT_NODE_OPTIONS;
  if (override !== undefined) return override.split(/\s+/).filter(Boolean);
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    scripts: { start: string };
  };
  const words = pkg.scripts.start.trim().split(/\s+/);
  const script = words.indexOf('dist/main.js');
  if (words[0] !== 'node' || script < 0)
    throw new Error(`bench: unexpected start script: ${pkg.scripts.start}`);
  return words.slice(1, script);
}

/** Starts `mode` of serve.ts (the bot: serve-bot.mjs) in a child process, with `env` added; resolves once it listens. */
export async function startServer(
  mode: ServerMode,
  env: Record<string, string> = {},
  timeoutMs = 300_000,
): Promise<ServerProcess> {
  // The bot runs compiled, in plain Node (serve-bot.mjs); the baselines through the TypeScript loader.
  const bot = mode === 'bot';
  const child: ChildProcess = fork(
    new URL(bot ? './serve-bot.mjs' : './serve.ts', import.meta.url).pathname,
    [mode],
    {
      execArgv: bot
        ? [
            ...botNodeOptions(),
            '--expose-gc',
            ...(process.env.BENCH_PROFILE_DIR
              ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
              : []),
            ...(process.env.BENCH_ALLOC_PROFILE_DIR
              ? ['--import', new URL('./alloc-profile.mjs', import.meta.url).pathname]
              : []),
          ]
        : ['--import', 'tsx', '--expose-gc'],
      env: { ...process.env, BENCH_TENANT: TENANT, ...env },
      stdio: ['ignore', process.env.BENCH_BOT_STDOUT ? 'inherit' : 'ignore', 'inherit', 'ipc'],
    },
  );
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`${mode} server exited (${code})`))),
  );
  exited.catch(() => undefined);
  function next<T extends ServerReply['type']>(
    type: T,
    ms: number,
  ): Promise<Extract<ServerReply, { type: T }>> {
    return Promise.race([
      exited,
      new Promise<Extract<ServerReply, { type: T }>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${mode} server: no ${type} in ${ms} ms`)), ms);
        const listener = (message: ServerReply) => {
          if (message.type !== type) return;
          clearTimeout(timer);
          child.off('message', listener);
          resolve(message as Extract<ServerReply, { type: T }>);
        };
        child.on('message', listener);
      }),
    ]);
  }
  const ready = await next('ready', timeoutMs);
  let stopping: Promise<number> | undefined;
  const ask: ServerProcess['ask'] = (message, reply, ms = 600_000) => {
    const answer = next(reply, ms);
    child.send(message);
    return answer;
  };
  return {
    mode,
    url: ready.url,
    startupMs: ready.startupMs,
    ask,
    stop() {
      // Once: a second call gets the first one's answer (the child has gone by then).
      stopping ??= (async () => {
        const stopped = await ask({ type: 'stop' }, 'stopped', 120_000).catch(() => undefined);
        // It exits by itself after answering (writing its CPU profile, if asked to); not waited for long.
        await Promise.race([
          exited.catch(() => undefined),
          new Promise((resolve) => setTimeout(resolve, 5_000)),
        ]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        return stopped?.closeMs ?? Number.NaN;
      })();
      return stopping;
    },
  };
}

export interface LoadResult {
  /** Requests answered 2xx. */
  ok: number;
  /** Requests answered otherwise, or failed. */
  errors: number;
  /** Latency of every answered request, ms. */
  latencies: number[];
  /** From the first request to the last answer, ms. */
  elapsedMs: number;
}

/**
 * Posts `body(connection, n)` to `url` from `connections` concurrent connections, one request after
 * the other on each, until `durationMs` has passed (requests in flight then are waited for and counted)
 * or, when `maxRequests` is given, that many requests have been started.
 */
export async function runLoad(options: {
  url: string;
  connections: number;
  durationMs: number;
  maxRequests?: number;
  body: (connection: number, n: number) => unknown;
}): Promise<LoadResult> {
  const max = options.maxRequests ?? Number.POSITIVE_INFINITY;
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const target = new URL(options.url);
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  let n = 0;
  const started = performance.now();
  const end = started + options.durationMs;
  const post = (payload: string) =>
    new Promise<number>((resolve) => {
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: '/api/messages',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', () => resolve(0));
        },
      );
      req.on('error', () => resolve(0));
      req.end(payload);
    });
  await Promise.all(
    Array.from({ length: options.connections }, async (_, connection) => {
      while (performance.now() < end && n < max) {
        const payload = JSON.stringify(options.body(connection, n++));
        const at = performance.now();
        const status = await post(payload);
        latencies.push(performance.now() - at);
        if (status >= 200 && status < 300) ok++;
        else errors++;
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { ok, errors, latencies, elapsedMs };
}

/** The q-quantile (0..1) of `values`, ms (nearest rank). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Throughput (answered 2xx per second), p50 and p99 of one or more runs taken together. */
export function summarise(runs: readonly LoadResult[]) {
  const latencies = runs.flatMap((r) => r.latencies);
  const ok = runs.reduce((s, r) => s + r.ok, 0);
  const errors = runs.reduce((s, r) => s + r.errors, 0);
  const seconds = runs.reduce((s, r) => s + r.elapsedMs, 0) / 1000;
  return {
    requests: ok + errors,
    errors,
    rps: ok / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
  };
}

/** Reads a positive number from the environment, or the default. */
export function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}
