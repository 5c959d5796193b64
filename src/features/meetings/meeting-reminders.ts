/**
 * Which meeting reminders are due: a pure function of the time, the series and what was already
 * done, tested without timers. The scheduler runs it, sends what is due and records each reminder's
 * key in the same unit of work as its cards, so a restart, two ticks at once, a crash between ticks
 * or a clock jump never send one twice; it then sleeps until the next reminder's moment.
 *
 * After downtime, a reminder whose moment passed is sent if the meeting has not started yet (marked
 * late) and skipped otherwise; both are recorded (and logged by the caller). When several reminders
 * of one meeting are due at once, only the latest is sent (the day-before reminder carries what the
 * agenda call said): the others are skipped as superseded, so nobody gets three cards at once.
 */
import { momentBefore, type Occurrence, occurrencesBetween, type Schedule } from '../../domain/recurrence.js';

export const REMINDER_KINDS = ['agenda-call', 'day-before', 'hour-before'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/**
 * How long before the start: `days` calendar days at the same Oslo wall-clock time, then `minutes`
 * (so "1 day" is the same time the day before, also across a daylight-saving change).
 */
export interface ReminderOffset {
  kind: ReminderKind;
  days: number;
  minutes: number;
}

/** The memo's rhythm: the agenda call a week before, a reminder the day before and an hour before. */
export const DEFAULT_OFFSETS: readonly ReminderOffset[] = [
  { kind: 'agenda-call', days: 7, minutes: 0 },
  { kind: 'day-before', days: 1, minutes: 0 },
  { kind: 'hour-before', days: 0, minutes: 60 },
];

/** What the decision needs of a series. */
export interface SeriesTimes {
  id: string;
  schedule: Schedule;
  offsets: readonly ReminderOffset[];
  /** When the series was saved: reminders whose moment came before are not sent at all. */
  sinceMs: number;
  /** When an occurrence was moved, by its id: the same rule for its reminders. */
  movedAtMs?: Readonly<Record<string, number>>;
}

export interface Reminder {
  /** Series, occurrence, kind and the start it reminds of: a moved meeting is reminded again. */
  key: string;
  seriesId: string;
  kind: ReminderKind;
  occurrence: Occurrence;
  atMs: number;
  /** Sent after its moment (the bot was down or busy for more than `lateAfterMs`). */
  late: boolean;
}

export interface SkippedReminder extends Reminder {
  /** The meeting had started, or a later reminder of the same meeting was due as well. */
  reason: 'started' | 'superseded';
}

export interface ReminderPlan {
  /** To send now, in order of their moments. */
  due: Reminder[];
  /** Recorded, not sent. */
  skipped: SkippedReminder[];
  /** The next moment a reminder falls due (to wake the scheduler), if any within the horizon. */
  nextAtMs?: number;
}

export interface PlanOptions {
  /** How far back missed reminders are looked for (default 14 days). */
  lookbackMs?: number;
  /** How far ahead the next moment is looked for (default 45 days). */
  horizonMs?: number;
  /** A reminder sent more than this after its moment is marked late (default 2 minutes). */
  lateAfterMs?: number;
}

const DAY_MS = 86_400_000;

export function reminderKey(seriesId: string, occurrence: Occurrence, kind: ReminderKind): string {
  return `${seriesId}|${occurrence.id}|${kind}|${occurrence.start}`;
}

/**
 * The reminders due at `nowMs` (and the next moment one falls due). `done(key)` says whether a
 * reminder was already sent or skipped. Cancelled occurrences get no reminders.
 */
export function planReminders(
  nowMs: number,
  series: readonly SeriesTimes[],
  done: (key: string) => boolean,
  options: PlanOptions = {},
): ReminderPlan {
  const lookbackMs = options.lookbackMs ?? 14 * DAY_MS;
  const horizonMs = options.horizonMs ?? 45 * DAY_MS;
  const lateAfterMs = options.lateAfterMs ?? 2 * 60_000;
  const due = new Map<string, Reminder>();
  const skipped: SkippedReminder[] = [];
  let nextAtMs: number | undefined;
  for (const s of series) {
    // An hour more than the longest offset: a day across a daylight-saving change may be 25 hours.
    const longest = Math.max(0, ...s.offsets.map((o) => o.days * DAY_MS + o.minutes * 60_000)) + 3_600_000;
    for (const occurrence of occurrencesBetween(
      s.schedule,
      nowMs - lookbackMs,
      nowMs + horizonMs + longest,
    )) {
      if (occurrence.state === 'cancelled') continue;
      const savedMs = Math.max(s.sinceMs, s.movedAtMs?.[occurrence.id] ?? Number.NEGATIVE_INFINITY);
      for (const offset of s.offsets) {
        const atMs = momentBefore(occurrence, offset.days, offset.minutes);
        if (atMs < savedMs) continue;
        const key = reminderKey(s.id, occurrence, offset.kind);
        if (atMs > nowMs) {
          if (atMs <= nowMs + horizonMs && (nextAtMs === undefined || atMs < nextAtMs)) nextAtMs = atMs;
          continue;
        }
        if (done(key)) continue;
        const reminder: Reminder = {
          key,
          seriesId: s.id,
          kind: offset.kind,
          occurrence,
          atMs,
          late: nowMs - atMs > lateAfterMs,
        };
        if (nowMs >= occurrence.startMs) {
          skipped.push({ ...reminder, reason: 'started' });
          continue;
        }
        // One card per meeting: the latest of its due reminders.
        const meeting = `${s.id}|${occurrence.id}|${occurrence.start}`;
        const other = due.get(meeting);
        if (other && other.atMs >= atMs) skipped.push({ ...reminder, reason: 'superseded' });
        else {
          if (other) skipped.push({ ...other, reason: 'superseded' });
          due.set(meeting, reminder);
        }
      }
    }
  }
  const byMoment = (a: Reminder, b: Reminder) => a.atMs - b.atMs || (a.key < b.key ? -1 : 1);
  return {
    due: [...due.values()].sort(byMoment),
    skipped: skipped.sort(byMoment),
    ...(nextAtMs === undefined ? {} : { nextAtMs }),
  };
}
