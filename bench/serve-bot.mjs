/**
 * The real bot for the HTTP benches, as it runs in production: the compiled code in dist/ (the
 * `npm run bench*` scripts build it first) in plain Node, without the TypeScript loader, with the Node
 * options of `npm start` (startServer in load.ts), so that its start-up and memory are the product's. Plain JavaScript for that reason; the other servers are in
 * serve.ts, and both speak the protocol of ServerRequest / ServerReply (serve.ts):
 * {type: 'ready', url, startupMs} once listening (startupMs: startBot alone: open the store, archive,
 * listen); {type: 'memory'} → resident memory after a garbage collection (`--expose-gc`);
 * {type: 'writes', runs} → the latencies of `runs` durable store writes one after the other;
 * {type: 'stop'} → closes and exits. Environment: BENCH_DATA_DIR, BENCH_TENANT, BENCH_LOG_LEVEL, and
 * TAB_DEV_USER (the overview page's development identity, for the history bench).
 */
const dist = new URL('../dist/', import.meta.url);
const load = async (path) => {
  try {
    return await import(new URL(path, dist).href);
  } catch (error) {
    throw new Error(`bench: dist/${path} cannot be loaded; run npm run build first`, { cause: error });
  }
};
const { featureSettings } = await load('app/feature.js');
const { loadConfig } = await load('config/config.js');
const { FEATURES } = await load('features/index.js');
const { createLogger } = await load('log/logger.js');
const { startBot } = await load('main.js');

const send = (message) => process.send?.(message);

const started = performance.now();
const config = loadConfig(
  {
    NODE_ENV: 'development',
    PORT: '0',
    DATA_DIR: process.env.BENCH_DATA_DIR ?? '',
    MicrosoftAppTenantId: process.env.BENCH_TENANT ?? '',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    ...(process.env.TAB_DEV_USER ? { TAB_DEV_USER: process.env.TAB_DEV_USER } : {}),
  },
  featureSettings(FEATURES),
);
// Logs go to stdout, which the parent sends to /dev/null: their cost is counted, not shown.
const bot = await startBot(config, { logger: createLogger(config.logLevel) });
send({ type: 'ready', url: bot.url, startupMs: performance.now() - started });

process.on('message', (message) => {
  void (async () => {
    if (message.type === 'memory') {
      globalThis.gc?.();
      const usage = process.memoryUsage();
      send({
        type: 'memory',
        rss: usage.rss,
        maxRss: process.resourceUsage().maxRSS * 1024,
        heapUsed: usage.heapUsed,
      });
    } else if (message.type === 'writes') {
      const ms = [];
      for (let i = 0; i < message.runs; i++) {
        const at = performance.now();
        await bot.app.store.run((uow) =>
          uow.idempotency.claim(`bench-write-${i}-${Date.now()}`, new Date().toISOString()),
        );
        ms.push(performance.now() - at);
      }
      send({ type: 'writes', ms });
    } else if (message.type === 'stop') {
      const at = performance.now();
      await bot.close();
      send({ type: 'stopped', closeMs: performance.now() - at });
      process.disconnect?.();
      process.exit(0);
    }
  })();
});
