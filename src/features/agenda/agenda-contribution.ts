/**
 * What the agenda adds to other features' cards. To the meetings' (meetings/meeting-extensions.ts): a
 * meeting's compiled agenda, one line per item in the agenda's order with its department, minutes and
 * how often it was carried over, and the total against the meeting's length. To guidance's receipt
 * (guidance/guidance-extensions.ts): up to three earlier clarifications that look related to the
 * question. Reads only.
 */
import type { Locale } from '../../cards/i18n.js';
import { t } from '../../cards/i18n.js';
import type { GuidanceReceiptContribution } from '../guidance/guidance-extensions.js';
import type { MeetingAgenda, MeetingAgendaContribution } from '../meetings/meeting-extensions.js';
import { forumOf } from './agenda.js';
import { type CompiledAgenda, compileAgenda } from './agenda-compile.js';
import { agendaIn } from './agenda-store.js';
import { clarificationIndex } from './clarification-search.js';
import { clarificationsIn } from './clarification-store.js';

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

/** The longest part of a clarification a receipt line shows. */
const RELATED_TEXT_CHARS = 200;

/** Earlier clarifications related to a new guidance question, for its receipt (guidance-extensions.ts). */
export const clarificationsOnReceipts: GuidanceReceiptContribution = {
  async related(_app, uow, question) {
    const index = clarificationIndex(await clarificationsIn(uow).listActive());
    return index.related(question.text).map(({ entry }) => {
      const text =
        entry.clarification.length > RELATED_TEXT_CHARS
          ? `${entry.clarification.slice(0, RELATED_TEXT_CHARS - 1).trimEnd()}…`
          : entry.clarification;
      return `${entry.reference}: ${text}`;
    });
  },
};
