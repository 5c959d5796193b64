/**
 * When the nightly retention pass runs (issue 14), across restarts of the real bot on one data dir:
 * not at the first start, at 03:00 Oslo each night, and at a start after a night the bot was down
 * (the last run is kept in the store), but not again at a later start the same day.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { PRIVACY_RETENTION_RECORD } from '../../src/privacy/privacy-store.js';
import { type Harness, startHarness } from '../support/bot-harness.js';

describe('the retention pass across restarts (issue 14)', function () {
  this.timeout(60_000);
  let dataDir: string;
  let h: Harness | undefined;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mh-retention-'));
  });
  afterEach(async () => {
    await h?.close();
    h = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Starts the bot on the data dir at `iso`, lets its jobs run once, and says whether retention ran. */
  async function startAt(iso: string): Promise<{ ran: boolean; lastRunAt?: string }> {
    await h?.close();
    const clock = new Date(iso);
    h = await startHarness({}, { now: () => clock, dataDir });
    await h.bot.scheduler.runNow();
    const ran = h.logs.some((l) => l.event === 'audit.head');
    const record = (await h.bot.app.store.read((uow) => uow.records.get(PRIVACY_RETENTION_RECORD))) as
      | { lastRunAt?: string }
      | undefined;
    return { ran, ...(record?.lastRunAt ? { lastRunAt: record.lastRunAt } : {}) };
  }

  it('runs at night and catches up a night it missed, once', async () => {
    // Tuesday 1 December 2026, 10:00 in Oslo: a new data dir starts counting, nothing runs.
    const first = await startAt('2026-12-01T09:00:00.000Z');
    expect(first).to.deep.equal({ ran: false, lastRunAt: '2026-12-01T09:00:00.000Z' });
    // Restarted at 18:00 the same day: still nothing (03:00 has not come since).
    expect((await startAt('2026-12-01T17:00:00.000Z')).ran).to.equal(false);
    // Down over the night, started on Wednesday at 10:00: the night's pass runs at once.
    const caughtUp = await startAt('2026-12-02T09:00:00.000Z');
    expect(caughtUp).to.deep.equal({ ran: true, lastRunAt: '2026-12-02T09:00:00.000Z' });
    // Restarted at 11:00: it ran today already.
    expect((await startAt('2026-12-02T10:00:00.000Z')).ran).to.equal(false);
  });

  it('runs at 03:00 when the bot is up then', async () => {
    await startAt('2026-12-01T09:00:00.000Z');
    let clock = new Date('2026-12-02T01:59:00.000Z');
    await h!.close();
    h = await startHarness({}, { now: () => clock, dataDir });
    await h.bot.scheduler.runNow();
    expect(
      h.logs.some((l) => l.event === 'audit.head'),
      '02:59 in Oslo',
    ).to.equal(false);
    clock = new Date('2026-12-02T02:00:30.000Z');
    await h.bot.scheduler.runNow();
    expect(
      h.logs.some((l) => l.event === 'audit.head'),
      '03:00 in Oslo',
    ).to.equal(true);
  });
});
