/**
 * The servers the HTTP benches drive, each in a child process of its own (started by `startServer`
 * in load.ts), so the load generator and the fake Bot Connector never share the event loop of what
 * is measured:
 *
 *   bot    the real bot (startBot, compiled) on the data dir in BENCH_DATA_DIR, authentication off, as
 *          in development: serve-bot.mjs, which speaks the same protocol
 *   echo   the minimal botbuilder + restify echo bot (echo-bot.ts)
 *   echo-fsync  the same echo bot appending each activity to a file with an fsync before it answers:
 *          the floor of a bot that makes one durable write per activity
 *   fsync  the physical floor of a durable write: appends each request's body to a file and fsyncs it
 *
 * Talks to its parent over IPC: sends {type: 'ready', url, startupMs} once listening; answers
 * {type: 'memory'} with resident memory (after a garbage collection), {type: 'writes', runs} with the
 * latencies of `runs` durable store writes one after the other (bot only), {type: 'stop'} by closing
 * and exiting.
 */
import { open } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startEchoBot } from './echo-bot.js';

export type ServerMode = 'bot' | 'echo' | 'echo-fsync' | 'fsync';

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
  const started = performance.now();
  let url: string;
  if (mode === 'echo' || mode === 'echo-fsync') {
    const echo = await startEchoBot(
      0,
      '127.0.0.1',
      mode === 'echo-fsync' ? { durableLog: join(dataDir, 'activities.log') } : {},
    );
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
        (globalThis as { gc?: () => void }).gc?.();
        const usage = process.memoryUsage();
        send({
          type: 'memory',
          rss: usage.rss,
          maxRss: process.resourceUsage().maxRSS * 1024,
          heapUsed: usage.heapUsed,
        });
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
if (mode === 'echo' || mode === 'echo-fsync' || mode === 'fsync') {
  await main(mode);
}
