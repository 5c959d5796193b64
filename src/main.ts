/**
 * The composition root: reads configuration, builds the store, the use-case context, the bot,
 * the HTTP server and the outbox worker, and wires shutdown. Nothing else constructs services.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { type AppContext, createAppContext } from './app/context.js';
import { DEMO_PEOPLE } from './app/demo-roster.js';
import { devClock } from './app/dev-clock.js';
import { type Feature, featureSettings } from './app/feature.js';
import { createCardSource } from './app/live-cards.js';
import { createRegistry } from './app/registry.js';
import { seedDemoRoster } from './app/seed.js';
import { inUnitOfWork } from './app/unit-of-work.js';
import { type AuditLog, openAuditLog } from './audit/audit-log.js';
import { pickLocale, t } from './cards/i18n.js';
import { type Config, ConfigError, loadConfig, loadDotEnv } from './config/config.js';
import { DEFAULT_UNITS } from './domain/default-units.js';
import { FEATURES } from './features/index.js';
import { createHttpServer } from './http/server.js';
import { createLogger, type Logger } from './log/logger.js';
import type { DevRedirect } from './outbox/dev-redirect.js';
import { outboxHealth } from './outbox/health.js';
import { createOutboxWorker, type OutboxWorker } from './outbox/worker.js';
import { createPrivacyPort } from './privacy/erasure.js';
import { lastRetentionRun, recordRetentionRun, retentionMoments, runRetention } from './privacy/retention.js';
import { createScheduler, type Scheduler } from './scheduler/scheduler.js';
import { onShutdownSignals } from './shutdown-signals.js';
import { openLowdbStore } from './store/lowdb-store.js';
import type { StoreDocument } from './store/schema.js';
import { StoreOpenError } from './store/store.js';
import { type AuthOverrides, createAdapter, createMessagesHandler } from './teams/adapter.js';
import { NetworkBot } from './teams/bot.js';
import { createCurrentChatTracker, observingCurrentChat } from './teams/current-chat.js';
import { createProactiveSender } from './teams/proactive-sender.js';
import { pageSignIn } from './teams/sso-token.js';
import { deliveryFailedNotice } from './views/delivery-failed.js';

export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface RunningBot {
  url: string;
  port: number;
  host: string;
  app: AppContext;
  outbox: OutboxWorker;
  /** The scheduled jobs: `wake()` runs them now; `runNow()` also waits for those runs (tests). */
  scheduler: Pick<Scheduler, 'wake' | 'runNow'>;
  /** Stops taking requests, finishes the work in progress, releases the data dir. */
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** The bot's clock (tests); the outbox keeps real time. */
  now?: () => Date;
  /** Called after each durable commit of the store (crash tests stop the process there). */
  afterCommit?: (document: Readonly<StoreDocument>) => void;
  /** Tests only: point Bot Framework authentication at a local OpenID server. */
  auth?: AuthOverrides;
  /** The features to run (default: the one list, src/features/index.ts). */
  features?: readonly Feature[];
}

export async function startBot(config: Config, options: StartOptions = {}): Promise<RunningBot> {
  const logger = options.logger ?? createLogger(config.logLevel);
  // The app's clock: a test's, the development clock (DEV_CLOCK_START), or the real time.
  const clock = options.now ?? (config.devClockStart ? devClock(config.devClockStart) : undefined);
  if (config.devClockStart && !options.now) {
    logger.warn(
      { event: 'clock.development', start: config.devClockStart },
      'development clock: the bot runs from DEV_CLOCK_START',
    );
  }
  const registry = createRegistry(options.features ?? FEATURES);
  const store = await openLowdbStore({
    dataDir: config.dataDir,
    parts: registry.store,
    seedUnits: DEFAULT_UNITS,
    idempotencyRetentionMs: config.idempotencyRetentionHours * 3_600_000,
    onLockCompromised: () => {
      logger.fatal({ event: 'store.lock-compromised' }, 'the data dir lock was lost; stopping');
      process.exitCode = 1;
      process.kill(process.pid, 'SIGTERM');
    },
    ...(options.afterCommit ? { afterCommit: options.afterCommit } : {}),
    // Claims are forgotten by the same clock that made them.
    ...(clock ? { now: () => clock().getTime() } : {}),
  });

  // The audit log beside the data file (issue 14); the store's lock makes this process its one writer.
  let audit: AuditLog;
  try {
    audit = await openAuditLog(config.dataDir, clock ?? (() => new Date()));
  } catch (error) {
    await store.close();
    throw new StoreOpenError(
      `Cannot open the audit log in ${config.dataDir}: ${error instanceof Error ? error.message : 'unknown error'}.`,
      { cause: error },
    );
  }
  logger.info({ event: 'audit.opened', ...audit.head() }, 'audit log opened');

  /** Moves what settled ARCHIVE_AFTER_HOURS ago out of the hot document into the archive (issue 9). */
  const archiveSettled = async (): Promise<number> => {
    const now = (clock ?? (() => new Date()))().getTime();
    const moved = await store.archive(new Date(now - config.archiveAfterHours * 3_600_000).toISOString());
    if (moved.items + moved.notifications > 0) logger.info({ event: 'store.archived', ...moved }, 'archived');
    return moved.items + moved.notifications;
  };
  // Before serving: the first start after an upgrade moves history out of the single old data file.
  await archiveSettled().catch((error: unknown) =>
    logger.error(
      { event: 'store.archive-failed', err: error },
      'archiving failed; the next round tries again',
    ),
  );

  let outbox: OutboxWorker | undefined;
  let scheduler: Scheduler | undefined;
  const pages = pageSignIn(config);
  const app = createAppContext({
    store,
    pages: pages.info,
    adminAadObjectIds: config.adminAadObjectIds,
    settings: config.features,
    contributions: registry.contributions,
    audit,
    privacy: createPrivacyPort({
      store,
      parts: registry.store,
      audit,
      onError: (error) =>
        logger.error(
          { event: 'privacy.erase-failed', err: error },
          'erasure: the second step failed; retried daily',
        ),
    }),
    ...(clock ? { now: clock } : {}),
    onNotificationsEnqueued: () => outbox?.kick(),
    // A new or changed meeting series may bring a reminder nearer than the moment its job named.
    onItemsChanged: (kinds) => {
      const woken = registry.jobs.filter((job) => job.wakeOn?.some((kind) => kinds.has(kind)));
      if (woken.length > 0) scheduler?.wake(woken.map((job) => job.name));
    },
  });
  if (config.demoRoster) {
    const added = await seedDemoRoster(app, DEMO_PEOPLE);
    if (added > 0) logger.info({ event: 'demo-roster.seeded', count: added }, 'demo roster seeded');
  }

  const adapter = createAdapter(config, logger, options.auth);
  const bot = new NetworkBot(app, logger, registry);
  // Development only: notifications for people go into the chat in front of the developer.
  const currentChat = config.devRedirectNotifications
    ? createCurrentChatTracker(() => outbox?.kick())
    : undefined;
  const devRedirect: DevRedirect | undefined = currentChat && {
    currentChat: () => currentChat.current(),
    header: (name, locale) => t(pickLocale(locale), 'devRedirect.to', { name }),
  };
  const runBot = (context: Parameters<NetworkBot['run']>[0]) => bot.run(context);
  outbox = createOutboxWorker({
    store,
    sender: createProactiveSender(adapter, config.microsoftAppId ?? ''),
    cards: createCardSource(registry.itemViews(app), deliveryFailedNotice),
    logger,
    limits: config.outbox.limits,
    tenantId: config.tenantId,
    defaultServiceUrl: config.outbox.serviceUrl,
    concurrency: config.outbox.concurrency,
    maxAttempts: config.outbox.maxAttempts,
    backoff: config.outbox.backoff,
    pollIntervalMs: config.outboxPollIntervalMs,
    ...(clock ? { now: () => clock().getTime() } : {}),
    ...(devRedirect ? { devRedirect } : {}),
  });

  const http = createHttpServer({
    logger,
    maxBodyBytes: config.maxBodyBytes,
    version: VERSION,
    onMessages: createMessagesHandler({
      adapter,
      tenantId: config.tenantId,
      logger,
      run: currentChat ? observingCurrentChat(currentChat, runBot) : runBot,
      ...(config.localeOverride ? { localeOverride: config.localeOverride } : {}),
    }),
    health: async () => ({
      store: await store.health(),
      outbox: await outboxHealth(store, app.now().getTime()),
    }),
    routes: registry.routes(app),
    ...(pages.signIn ? { signIn: pages.signIn } : {}),
  });
  // Retention runs at night, not at every start (privacy/retention.ts retentionMoments); the last run
  // is kept in the store, so a night the bot was down is caught up when it starts.
  let retentionDoneAt: number | undefined;
  scheduler = createScheduler(
    [
      ...registry.jobs.map((job) => ({
        name: job.name,
        everyMs: config.schedulerIntervalMs,
        run: () => inUnitOfWork(app, (uow) => job.run(app, uow)),
      })),
      {
        name: 'store-archive',
        everyMs: config.schedulerIntervalMs,
        run: () => archiveSettled(),
      },
      {
        // Issue 14: the free text of what settled longer ago than its retention period goes, nightly.
        name: 'privacy-retention',
        everyMs: config.schedulerIntervalMs,
        run: async () => {
          // An erasure whose second step did not finish (a crash) is finished first, at start too.
          await app.privacy.finishPending();
          const nowMs = app.now().getTime();
          const { last, next } = retentionMoments(nowMs);
          retentionDoneAt ??= await lastRetentionRun(store, nowMs);
          if (retentionDoneAt >= last) return { count: 0, nextAtMs: next };
          const run = await runRetention({
            store,
            parts: registry.store,
            audit,
            now: app.now,
            retentionDays: config.retentionDays,
          });
          retentionDoneAt = nowMs;
          await recordRetentionRun(store, nowMs);
          // The audit log's head, nightly, in a log kept elsewhere: `audit:verify --anchor` checks it.
          logger.info({ event: 'audit.head', ...audit.head() }, 'audit log head');
          if (run.redacted > 0)
            logger.info({ event: 'privacy.redacted', ...run.byKind }, 'retention: free text removed');
          return { count: run.redacted, nextAtMs: next };
        },
      },
      {
        name: 'outbox-retention',
        everyMs: config.schedulerIntervalMs,
        run: () =>
          inUnitOfWork(app, (uow) =>
            uow.outbox.pruneDelivered(
              new Date(app.now().getTime() - config.outbox.retentionDays * 86_400_000).toISOString(),
            ),
          ),
      },
    ],
    logger,
    { now: () => app.now().getTime() },
  );
  const address = await http.listen(config.port, config.host);
  outbox.start();
  scheduler.start();

  let closing: Promise<void> | undefined;
  return {
    url: `http://${address.host}:${address.port}`,
    port: address.port,
    host: address.host,
    app,
    outbox,
    scheduler: { wake: (names) => scheduler?.wake(names), runNow: async () => scheduler?.runNow() },
    close() {
      closing ??= (async () => {
        await http.close(config.shutdownTimeoutMs);
        await scheduler.stop();
        await outbox?.stop();
        await store.close();
        await audit.close();
      })();
      return closing;
    },
  };
}

async function main(): Promise<void> {
  loadDotEnv();
  let config: Config;
  try {
    config = loadConfig(process.env, featureSettings(FEATURES));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`MH-nettverket cannot start: the configuration is invalid.\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  let bot: RunningBot;
  try {
    bot = await startBot(config, { logger });
  } catch (error) {
    if (error instanceof StoreOpenError) {
      process.stderr.write(`MH-nettverket cannot start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  logger.info(
    { event: 'started', version: VERSION, port: bot.port, host: bot.host, auth: config.authEnabled },
    `MH-nettverket ${VERSION} listening on ${bot.url}/api/messages`,
  );
  if (!config.authEnabled) {
    logger.warn(
      { event: 'auth.off' },
      'No MicrosoftAppId: Bot Framework authentication is OFF, listening on loopback only (local development).',
    );
  }
  if (config.devRedirectNotifications) {
    logger.warn(
      { event: 'dev-redirect.on' },
      'DEV_REDIRECT_NOTIFICATIONS is on: notifications for people go into the personal chat that wrote to the bot last (development only).',
    );
  }
  if (config.pages.developmentUser !== undefined) {
    logger.warn(
      { event: 'pages.development-user' },
      'TAB_DEV_USER is set: the overview page shows every request as that person, without sign-in (development only).',
    );
  } else if (config.pages.sso === undefined) {
    logger.info(
      { event: 'pages.sso-off' },
      'TAB_SSO_APP_ID_URI not set: the overview page cannot sign anyone in.',
    );
  }
  if (config.tenantIdDefaulted) {
    logger.info(
      { event: 'tenant.default' },
      'MicrosoftAppTenantId not set: accepting the Agents Playground tenant.',
    );
  }

  const shutdown = (signal: string) => {
    logger.info({ event: 'shutdown', signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ event: 'shutdown.timeout' }, 'shutdown took too long');
      process.exit(1);
    }, config.shutdownTimeoutMs + 5000);
    timer.unref();
    bot.close().then(
      () => process.exit(process.exitCode ?? 0),
      (error: unknown) => {
        logger.error({ event: 'shutdown.failed', err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  onShutdownSignals(process, shutdown, () =>
    logger.info({ event: 'shutdown.again' }, 'already shutting down'),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main();
}
