/**
 * When a meeting's agenda is compiled and posted: at its agenda deadline, 16:00 Oslo time on the day
 * the series' `agendaDeadlineDays` before the meeting (the end of the working day the agenda call
 * named as the last day). Once posted, later changes update the posted card in place. After downtime
 * an agenda whose moment passed is posted late if the meeting has not started; otherwise it is
 * skipped (nobody needs an agenda for a meeting that began), as is one whose deadline had passed
 * when its series was saved (it never had one). Pure: a function of the time, the
 * meetings and what was posted, like the meetings' reminders.
 */
import { osloDateTime } from '../../domain/recurrence.js';
import type { IsoDate } from '../../domain/working-days.js';
import type { Forum } from './agenda-items.js';

/** The hour (Oslo) at which an agenda is compiled on its deadline day. */
export const AGENDA_POST_TIME = '16:00';

export interface AgendaMeeting {
  seriesId: string;
  /** The meeting's original date in its series (its id there). */
  occurrence: IsoDate;
  forum: Forum;
  /** Where it takes place now (moved or not). */
  date: IsoDate;
  startMs: number;
  /** The series' agenda deadline, in days before the meeting. */
  deadlineDays: number;
  /**
   * When the meeting was planned (its series saved). A deadline that passed before then never was
   * one: its agenda is skipped, not posted late (the day-before reminder still carries it).
   */
  plannedAtMs?: number;
}

/** The agenda's key: series, meeting and the date it takes place (a moved meeting is posted anew). */
export const agendaKey = (m: AgendaMeeting): string => `${m.seriesId}|${m.occurrence}|${m.date}`;

/** The last day for items, and the moment its agenda is posted. */
export function agendaDeadline(m: AgendaMeeting): { date: IsoDate; atMs: number } {
  const day = osloDateTime(m.date, '12:00').subtract({ days: m.deadlineDays }).toPlainDate().toString();
  return { date: day, atMs: osloDateTime(day, AGENDA_POST_TIME).epochMilliseconds };
}

export interface AgendaPlan {
  /** To compile and post now, earliest meeting first. */
  due: AgendaMeeting[];
  /** Whose moment passed after their meeting began: recorded, not posted. */
  skipped: AgendaMeeting[];
  /** The next moment an agenda falls due, if any. */
  nextAtMs?: number;
}

export function agendasDue(
  nowMs: number,
  meetings: readonly AgendaMeeting[],
  posted: (key: string) => boolean,
): AgendaPlan {
  const due: AgendaMeeting[] = [];
  const skipped: AgendaMeeting[] = [];
  let nextAtMs: number | undefined;
  for (const m of meetings) {
    const { atMs } = agendaDeadline(m);
    if (atMs > nowMs) {
      if (nextAtMs === undefined || atMs < nextAtMs) nextAtMs = atMs;
      continue;
    }
    if (posted(agendaKey(m))) continue;
    const unplanned = m.plannedAtMs !== undefined && atMs < m.plannedAtMs;
    (unplanned || nowMs >= m.startMs ? skipped : due).push(m);
  }
  const byStart = (a: AgendaMeeting, b: AgendaMeeting) => a.startMs - b.startMs;
  return {
    due: due.sort(byStart),
    skipped: skipped.sort(byStart),
    ...(nextAtMs === undefined ? {} : { nextAtMs }),
  };
}
