/**
 * Runs time-driven work (deadline reminders now; meeting reminders later) at a fixed interval. What is
 * due is decided by the use cases from the stored state and the current time, and each step is
 * recorded when it is sent, so a missed interval (the bot was down) is caught up on the next run and
 * nothing goes out twice.
 */
import type { Logger } from '../log/logger.js';

export interface ScheduledTask {
  name: string;
  everyMs: number;
  /** Returns how many things it did (for the log). */
  run: () => Promise<number>;
}

export interface Scheduler {
  start(): void;
  /** Waits for runs in progress. */
  stop(): Promise<void>;
}

export function createScheduler(tasks: readonly ScheduledTask[], logger: Logger): Scheduler {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<void>>();
  let stopped = false;

  function runTask(task: ScheduledTask): void {
    if (stopped) return;
    const job = task
      .run()
      .then((count) => {
        if (count > 0) logger.info({ event: 'scheduler.ran', task: task.name, count }, 'scheduled work done');
      })
      .catch((error: unknown) =>
        logger.error({ event: 'scheduler.failed', task: task.name, err: error }, 'task failed'),
      )
      .finally(() => running.delete(job));
    running.add(job);
  }

  return {
    start() {
      for (const task of tasks) {
        runTask(task);
        const timer = setInterval(() => runTask(task), task.everyMs);
        timer.unref();
        timers.push(timer);
      }
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...running]);
    },
  };
}
