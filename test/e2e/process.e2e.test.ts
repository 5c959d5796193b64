/**
 * The bot as a process: start-up refusals (configuration, second instance, corrupt data) and a
 * graceful shutdown on SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { DEFAULT_UNITS } from '../../src/domain/default-units.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';

interface Started {
  child: ChildProcess;
  url: string;
  exit: Promise<{ code: number | null; stderr: string }>;
  /** Log lines on stdout so far (JSON). */
  lines: string[];
}

function launch(env: Record<string, string>): {
  child: ChildProcess;
  exit: Started['exit'];
  lines: string[];
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) =>
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)),
  );
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stderr })),
  );
  return { child, exit, lines };
}

async function start(env: Record<string, string>): Promise<Started> {
  const { child, exit, lines } = launch(env);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    for (const line of lines) {
      const entry = JSON.parse(line) as { event?: string; port?: number; host?: string };
      if (entry.event === 'started') return { child, exit, lines, url: `http://${entry.host}:${entry.port}` };
    }
    const early = await Promise.race([exit, new Promise((r) => setTimeout(r, 50, undefined))]);
    if (early) throw new Error(`bot exited early: ${JSON.stringify(early)}`);
  }
  child.kill('SIGKILL');
  throw new Error('bot did not start in time');
}

describe('the bot process', function () {
  this.timeout(30_000);
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mh-process-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const devEnv = () => ({ NODE_ENV: 'development', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' });

  it('starts on loopback without an app id, reports health, and exits 0 on SIGTERM releasing the data dir', async () => {
    const bot = await start(devEnv());
    expect(new URL(bot.url).hostname).to.equal('127.0.0.1');
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).to.equal(200);
    const body = (await health.json()) as { status: string; version: string; store: { writable: boolean } };
    expect(body.status).to.equal('ok');
    expect(body.version).to.match(/^\d+\.\d+\.\d+/);
    expect(body.store.writable).to.equal(true);

    bot.child.kill('SIGTERM');
    const { code } = await bot.exit;
    expect(code).to.equal(0);
    // The lock is released: the same data dir opens at once.
    const store = await openLowdbStore({ dataDir, seedUnits: DEFAULT_UNITS });
    await store.close();
  });

  it('refuses to start in production without credentials, naming the settings', async () => {
    const { exit } = launch({ NODE_ENV: 'production', DATA_DIR: dataDir });
    const { code, stderr } = await exit;
    expect(code).to.equal(1);
    expect(stderr).to.include('MicrosoftAppId');
    expect(stderr).to.include('MicrosoftAppTenantId');
  });

  it('refuses a second instance on the same data dir', async () => {
    const first = await start(devEnv());
    try {
      const { exit } = launch(devEnv());
      const { code, stderr } = await exit;
      expect(code).to.equal(1);
      expect(stderr).to.include(dataDir);
    } finally {
      first.child.kill('SIGTERM');
      await first.exit;
    }
  });

  it('refuses a data file that does not parse, names it, and leaves it untouched', async () => {
    const file = join(dataDir, 'mh-nettverket.json');
    const broken = '{"schemaVersion": 1, "people": {';
    await writeFile(file, broken);
    const { exit } = launch(devEnv());
    const { code, stderr } = await exit;
    expect(code).to.equal(1);
    expect(stderr).to.include(file);
    expect(await readFile(file, 'utf8')).to.equal(broken);
  });
});
