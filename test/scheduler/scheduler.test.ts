import { expect } from 'chai';
import { createLogger } from '../../src/log/logger.js';
import { createScheduler, type TaskRun } from '../../src/scheduler/scheduler.js';

const logger = createLogger('silent');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('scheduler: runs each task at start, after its interval, and at the moment it names', () => {
  /**
   * Runs a task that names a moment 120 ms after its first run (in `clock`), then nothing; returns
   * when, after the start, each run began.
   */
  async function runsNamingAMoment(clock?: () => number): Promise<number[]> {
    const now = clock ?? Date.now;
    const runs: number[] = [];
    const started = Date.now();
    const scheduler = createScheduler(
      [
        {
          name: 'reminders',
          everyMs: 60_000,
          run: async () => {
            runs.push(Date.now() - started);
            return runs.length === 1 ? { count: 0, nextAtMs: now() + 120 } : { count: 1 };
          },
        },
      ],
      logger,
      clock ? { now: clock } : {},
    );
    scheduler.start();
    await sleep(600);
    await scheduler.stop();
    return runs;
  }

  it('wakes a task at the next moment it names instead of waiting for its interval', async () => {
    const runs = await runsNamingAMoment();
    expect(runs).to.have.length(2);
    // Not before the moment, and long before the interval (60 s) would have run it.
    expect(runs[1]!).to.be.within(115, 30_000);
  });

  it('reads the moment in the app clock (a development clock ahead of the real one)', async () => {
    const runs = await runsNamingAMoment(() => Date.now() + 5 * 86_400_000);
    expect(runs).to.have.length(2);
    expect(runs[1]!).to.be.within(115, 30_000);
  });

  it('runs again after its interval when it names no moment, and never runs one task twice at once', async () => {
    let active = 0;
    let overlapped = false;
    let runs = 0;
    const scheduler = createScheduler(
      [
        {
          name: 'slow',
          everyMs: 30,
          run: async () => {
            active++;
            if (active > 1) overlapped = true;
            runs++;
            await sleep(50);
            active--;
            return 0;
          },
        },
      ],
      logger,
    );
    scheduler.start();
    scheduler.wake();
    scheduler.wake();
    await sleep(300);
    await scheduler.stop();
    expect(overlapped).to.equal(false);
    expect(runs).to.be.at.least(2);
  });

  it('runNow runs every task again and resolves once each finished a run begun after the call', async () => {
    const began: string[] = [];
    const ended: string[] = [];
    let release: (() => void) | undefined;
    const scheduler = createScheduler(
      ['a', 'b'].map((name) => ({
        name,
        everyMs: 60_000,
        run: async () => {
          began.push(name);
          // The first run of `a` is still going when runNow is called.
          if (name === 'a' && began.filter((n) => n === 'a').length === 1)
            await new Promise<void>((resolve) => {
              release = resolve;
            });
          ended.push(name);
          return 0;
        },
      })),
      logger,
    );
    scheduler.start();
    await sleep(20);
    let resolved = false;
    const ran = scheduler.runNow().then(() => {
      resolved = true;
    });
    await sleep(30);
    // `b` ran again at once; `a` is busy with the run from before the call, so it is not done yet.
    expect(began).to.deep.equal(['a', 'b', 'b']);
    expect(resolved, 'not before `a` ran again').to.equal(false);
    release?.();
    await ran;
    expect(began.filter((n) => n === 'a')).to.have.length(2);
    expect(ended.filter((n) => n === 'a')).to.have.length(2);
    await scheduler.stop();
    // A stopped scheduler lets runNow go at once.
    await scheduler.runNow();
  });

  it('wakes only the tasks named', async () => {
    const runs: string[] = [];
    const scheduler = createScheduler(
      ['reminders', 'archive'].map((name) => ({
        name,
        everyMs: 60_000,
        run: async () => {
          runs.push(name);
          return 0;
        },
      })),
      logger,
    );
    scheduler.start();
    await sleep(20);
    scheduler.wake(['reminders']);
    await sleep(20);
    await scheduler.stop();
    expect(runs.sort()).to.deep.equal(['archive', 'reminders', 'reminders']);
  });

  it('keeps running a task whose run failed, and stops cleanly', async () => {
    let runs = 0;
    const scheduler = createScheduler(
      [
        {
          name: 'flaky',
          everyMs: 40,
          run: async () => {
            runs++;
            if (runs === 1) throw new Error('disk full');
            return 0;
          },
        },
      ],
      logger,
    );
    scheduler.start();
    await sleep(150);
    await scheduler.stop();
    const after = runs;
    expect(after).to.be.at.least(2);
    await sleep(100);
    expect(runs).to.equal(after);
  });
});

describe('scheduler: the log line of a run', () => {
  it('logs counts only: what a run did and its notes (e.g. reminders skipped), nothing for a run that did nothing', async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = {
      write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
    };
    const quiet = createLogger('info', destination);
    const results: TaskRun[] = [
      { count: 0, notes: { late: 0, skipped: 2 } },
      { count: 0, notes: { late: 0 } },
    ];
    const scheduler = createScheduler(
      results.map((result, i) => ({ name: `task-${i}`, everyMs: 60_000, run: async () => result })),
      quiet,
    );
    scheduler.start();
    await sleep(50);
    await scheduler.stop();
    expect(lines.map((l) => [l.event, l.task, l.count, l.skipped, l.late])).to.deep.equal([
      ['scheduler.ran', 'task-0', 0, 2, 0],
    ]);
  });
});
