/** Starts the real bot (HTTP server, store in a temp dir, outbox) against a fake Bot Connector. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type Feature, featureSettings } from '../../src/app/feature.js';
import { loadConfig } from '../../src/config/config.js';
import type { Person } from '../../src/domain/roster.js';
import { FEATURES } from '../../src/features/index.js';
import { createLogger } from '../../src/log/logger.js';
import { type RunningBot, startBot } from '../../src/main.js';
import type { AuthOverrides } from '../../src/teams/adapter.js';
import { type FakeConnector, startFakeConnector } from './fake-connector.js';
import { TENANT } from './teams-activities.js';

export interface Harness {
  bot: RunningBot;
  connector: FakeConnector;
  dataDir: string;
  logs: Record<string, unknown>[];
  /**
   * Posts an activity to /api/messages, with extra headers if given (e.g. authorization); returns
   * the HTTP status and parsed body (if any).
   */
  post(activity: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  seed(people: Person[]): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(
  env: Record<string, string> = {},
  options: {
    now?: () => Date;
    auth?: AuthOverrides;
    /** The features to run (default: every feature of the bot). */
    features?: readonly Feature[];
    /** Writes the data file before the bot starts (given the fake connector's URL). */
    dataFile?: (connectorUrl: string) => string;
    /** A data dir to start on (a restart); it is left in place on close. Default: a new temp dir. */
    dataDir?: string;
  } = {},
): Promise<Harness> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'mh-e2e-')));
  const connector = await startFakeConnector();
  if (options.dataFile) await writeFile(join(dataDir, 'mh-nettverket.json'), options.dataFile(connector.url));
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      PORT: '0',
      DATA_DIR: dataDir,
      MicrosoftAppTenantId: TENANT,
      LOG_LEVEL: 'info',
      OUTBOX_POLL_INTERVAL_MS: '50',
      ...env,
    },
    featureSettings(options.features ?? FEATURES),
  );
  const { dataFile: _dataFile, dataDir: _dataDir, ...startOptions } = options;
  const bot = await startBot(config, { logger: createLogger('info', sink), ...startOptions });
  return {
    bot,
    connector,
    dataDir,
    logs,
    async post(activity, headers = {}) {
      const response = await fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(activity),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    async seed(people) {
      await bot.app.store.run(async (uow) => {
        for (const person of people) await uow.people.put(person);
      });
    },
    async close() {
      await bot.close();
      await connector.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
