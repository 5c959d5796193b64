/**
 * What the agenda adds to the meetings' cards (meetings/meeting-extensions.ts): a meeting's compiled
 * agenda, one line per item in the agenda's order with its department, minutes and how often it was
 * carried over, and the total against the meeting's length. Reads only.
 */
import type { Locale } from '../../cards/i18n.js';
import { t } from '../../cards/i18n.js';
import type { MeetingAgenda, MeetingAgendaContribution } from '../meetings/meeting-extensions.js';
import { forumOf } from './agenda.js';
import { type CompiledAgenda, compileAgenda } from './agenda-compile.js';
import { agendaIn } from './agenda-store.js';

/** The lines and total of a compiled agenda, in the reader's language. */
export function agendaLines(locale: Locale, compiled: CompiledAgenda): MeetingAgenda {
  return {
    lines: compiled.items.map((item, n) => {
      const notes = [
        t(locale, `department.short.${item.department}`),
        t(locale, 'agenda.meetingCard.minutes', { minutes: item.minutes }),
        ...(item.urgent ? [t(locale, 'agenda.meetingCard.urgent')] : []),
        ...(item.carriedOver > 0
          ? [t(locale, 'agenda.meetingCard.carriedOver', { count: item.carriedOver })]
          : []),
      ];
      return `${n + 1}. ${item.title} (${item.reference}) · ${notes.join(' · ')}`;
    }),
    total: t(locale, compiled.over ? 'agenda.meetingCard.totalOver' : 'agenda.meetingCard.total', {
      total: compiled.totalMinutes,
      length: compiled.meetingMinutes,
    }),
  };
}

export const agendaOnMeetingCards: MeetingAgendaContribution = {
  async agenda(_app, uow, { series, occurrence }, locale) {
    if (!forumOf(series)) return undefined;
    const compiled = compileAgenda(
      await agendaIn(uow).openItems(),
      { seriesId: series.id, occurrence: occurrence.id },
      series.schedule.durationMinutes,
    );
    return compiled.items.length > 0 ? agendaLines(locale, compiled) : undefined;
  },
};
