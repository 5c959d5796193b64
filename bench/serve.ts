/**
 * The servers the HTTP benches drive, each in a child process of its own (started by `startServer`
 * in load.ts), so the load generator and the fake Bot Connector never share the event loop of what
 * is measured:
 *
 *   bot    the real bot (startBot) on the data dir in BENCH_DATA_DIR, authentication off, as in development
 *   echo   the minimal botbuilder + restify echo bot (echo-bot.ts)
 *   fsync  the physical floor of a durable write: appends each request's body to a file and fsyncs it
 *
 * Talks to its parent over IPC: sends {type: 'ready', url, startupMs} once listening; answers
 * {type: 'memory'} with resident memory, {type: 'writes', runs} with the latencies of `runs` durable
 * store writes one after the other (bot only), {type: 'stop'} by closing and exiting.
 */
import { open } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { featureSettings } from '../src/app/feature.js';
import { loadConfig } from '../src/config/config.js';
import { FEATURES } from '../src/features/index.js';
import { createLogger } from '../src/log/logger.js';
import { type RunningBot, startBot } from '../src/main.js';
import { TENANT } from '../test/support/teams-activities.js';
import { startEchoBot } from './echo-bot.js';

export type ServerMode = 'bot' | 'echo' | 'fsync';

export type ServerRequest = { type: 'memory' } | { type: 'writes'; runs: number } | { type: 'stop' };

export type ServerReply =
  | { type: 'ready'; url: string; startupMs: number }
  | { type: 'memory'; rss: number; maxRss: number; heapUsed: number }
  | { type: 'writes'; ms: number[] }
  | { type: 'stopped'; closeMs: number };

function send(message: ServerReply): void {
  process.send?.(message);
}

async function main(mode: ServerMode): Promise<void> {
  const dataDir = process.env.BENCH_DATA_DIR ?? '';
  let close: () => Promise<void>;
  let bot: RunningBot | undefined;
  const started = performance.now();
  let url: string;
  if (mode === 'bot') {
    const config = loadConfig(
      {
        NODE_ENV: 'development',
        PORT: '0',
        DATA_DIR: dataDir,
        MicrosoftAppTenantId: TENANT,
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      },
      featureSettings(FEATURES),
    );
    // Logs go to stdout, which the parent sends to /dev/null: their cost is counted, not shown.
    bot = await startBot(config, { logger: createLogger(config.logLevel) });
    url = bot.url;
    close = () => (bot as RunningBot).close();
  } else if (mode === 'echo') {
    const echo = await startEchoBot();
    url = echo.url;
    close = echo.close;
  } else {
    const file = await open(join(dataDir, 'appends.log'), 'a');
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        void (async () => {
          await file.write(Buffer.concat(chunks));
          await file.sync();
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{}');
        })().catch(() => {
          res.statusCode = 500;
          res.end();
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await file.close();
    };
  }
  send({ type: 'ready', url, startupMs: performance.now() - started });

  process.on('message', (message: ServerRequest) => {
    void (async () => {
      if (message.type === 'memory') {
        const usage = process.memoryUsage();
        send({
          type: 'memory',
          rss: usage.rss,
          maxRss: process.resourceUsage().maxRSS * 1024,
          heapUsed: usage.heapUsed,
        });
      } else if (message.type === 'writes') {
        const store = bot?.app.store;
        const ms: number[] = [];
        for (let i = 0; store && i < message.runs; i++) {
          const at = performance.now();
          await store.run((uow) =>
            uow.idempotency.claim(`bench-write-${i}-${Date.now()}`, new Date().toISOString()),
          );
          ms.push(performance.now() - at);
        }
        send({ type: 'writes', ms });
      } else if (message.type === 'stop') {
        const at = performance.now();
        await close();
        send({ type: 'stopped', closeMs: performance.now() - at });
        process.disconnect?.();
        process.exit(0);
      }
    })();
  });
}

const mode = process.argv[2] as ServerMode;
if (mode === 'bot' || mode === 'echo' || mode === 'fsync') {
  await main(mode);
}
