/**
 * Runs time-driven work (deadline reminders, meeting reminders, pruning). What is due is decided by
 * the use cases from the stored state and the current time, and each step is recorded when it is
 * sent, so a missed run (the bot was down) is caught up on the next one and nothing goes out twice.
 *
 * A task runs at start, then again after `everyMs` at the latest; a task that knows when its next
 * thing falls due (a meeting reminder at 08:00) says so (`nextAtMs`, in the app's clock), and runs
 * again at that moment instead of up to `everyMs` later. Runs of one task never overlap; `wake()`
 * runs every task again now (after something changed what is due, e.g. a new meeting series), and
 * `runNow()` does the same and resolves once each task has finished a run that began after the call
 * (a task busy at the call runs once more when it is done, as with `wake()`).
 */
import type { TaskRun } from '../app/feature.js';
import type { Logger } from '../log/logger.js';

export type { TaskRun } from '../app/feature.js';

export interface ScheduledTask {
  name: string;
  everyMs: number;
  run: () => Promise<number | TaskRun>;
}

export interface Scheduler {
  start(): void;
  /** Runs every task (or the named ones) again as soon as its current run (if any) is over. */
  wake(names?: readonly string[]): void;
  /**
   * Like `wake()`, and resolves when every task has finished a run that began after the call (end-to-end
   * tests move the bot's clock and wait for the scheduler's work). Resolves at once when stopped.
   */
  runNow(): Promise<void>;
  /** Waits for runs in progress. */
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  /** The app's clock, in ms (the development clock may run ahead of the real one). */
  now?: () => number;
}

export function createScheduler(
  tasks: readonly ScheduledTask[],
  logger: Logger,
  options: SchedulerOptions = {},
): Scheduler {
  const now = options.now ?? Date.now;
  const running = new Set<Promise<void>>();
  let stopped = false;

  const loops = tasks.map((task) => {
    let timer: NodeJS.Timeout | undefined;
    let current: Promise<void> | undefined;
    let again = false;
    /** Callers of runNow waiting for a run that has not begun yet. */
    let waiting: (() => void)[] = [];
    /** Callers of runNow waiting for the run in progress to finish. */
    let settling: (() => void)[] = [];

    const schedule = (delayMs: number): void => {
      if (stopped) return;
      clearTimeout(timer);
      timer = setTimeout(run, Math.max(0, Math.min(delayMs, task.everyMs)));
      timer.unref();
    };

    function run(): void {
      if (stopped) {
        release();
        return;
      }
      if (current) {
        again = true;
        return;
      }
      clearTimeout(timer);
      settling = waiting;
      waiting = [];
      let nextAtMs: number | undefined;
      current = task
        .run()
        .then((result) => {
          const run: TaskRun = typeof result === 'number' ? { count: result } : result;
          nextAtMs = run.nextAtMs;
          // Counts only (reminders sent late, skipped): never what they were about.
          const notes = Object.values(run.notes ?? {}).some((n) => n > 0) ? run.notes : undefined;
          if (run.count > 0 || notes)
            logger.info(
              { event: 'scheduler.ran', task: task.name, ...notes, count: run.count },
              'scheduled work done',
            );
        })
        .catch((error: unknown) =>
          logger.error({ event: 'scheduler.failed', task: task.name, err: error }, 'task failed'),
        )
        .finally(() => {
          running.delete(job);
          current = undefined;
          for (const done of settling.splice(0)) done();
          if (again) {
            again = false;
            schedule(0);
          } else schedule(nextAtMs === undefined ? task.everyMs : nextAtMs - now());
        });
      const job = current;
      running.add(job);
    }

    /** Lets every caller of runNow go (the scheduler stopped). */
    function release(): void {
      for (const done of [...waiting.splice(0), ...settling.splice(0)]) done();
    }

    function runNow(): Promise<void> {
      const ran = new Promise<void>((resolve) => waiting.push(resolve));
      run();
      return ran;
    }

    return {
      name: task.name,
      run,
      runNow,
      stop: () => {
        clearTimeout(timer);
        // A run in progress lets its callers go when it finishes; nobody else will run.
        for (const done of waiting.splice(0)) done();
      },
    };
  });

  return {
    start() {
      for (const loop of loops) loop.run();
    },
    wake(names) {
      for (const loop of loops) if (!names || names.includes(loop.name)) loop.run();
    },
    async runNow() {
      await Promise.all(loops.map((loop) => loop.runNow()));
    },
    async stop() {
      stopped = true;
      for (const loop of loops) loop.stop();
      await Promise.allSettled([...running]);
    },
  };
}
