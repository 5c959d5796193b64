/**
 * The compiled agenda of one meeting: the items accepted onto it, in the order the network takes
 * them (carried-over items first, the longest waiting first; then urgent ones; then in the order they
 * were accepted), with their minutes and the total against the meeting's length. Pure.
 */
import type { AgendaItem, MeetingRef } from './agenda-items.js';

export interface CompiledAgenda {
  items: AgendaItem[];
  totalMinutes: number;
  meetingMinutes: number;
  /** The items take longer than the meeting. */
  over: boolean;
}

/** Carried over (more times first), then urgent, then by order of acceptance, then by reference. */
export function agendaOrder(a: AgendaItem, b: AgendaItem): number {
  if (a.carriedOver !== b.carriedOver) return b.carriedOver - a.carriedOver;
  if (a.urgent !== b.urgent) return a.urgent ? -1 : 1;
  const seq = (a.acceptedSeq ?? Number.MAX_SAFE_INTEGER) - (b.acceptedSeq ?? Number.MAX_SAFE_INTEGER);
  if (seq !== 0) return seq;
  return a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0;
}

export function compileAgenda(
  items: readonly AgendaItem[],
  meeting: MeetingRef,
  meetingMinutes: number,
): CompiledAgenda {
  const on = items
    .filter(
      (i) =>
        i.state === 'accepted' &&
        i.meeting?.seriesId === meeting.seriesId &&
        i.meeting.occurrence === meeting.occurrence,
    )
    .sort(agendaOrder);
  const totalMinutes = on.reduce((sum, i) => sum + i.minutes, 0);
  return { items: on, totalMinutes, meetingMinutes, over: totalMinutes > meetingMinutes };
}
