/**
 * What the agenda adds to other features' cards. To the meetings' (meetings/meeting-extensions.ts): a
 * meeting's compiled agenda, one line per item in the agenda's order with its department, minutes and
 * how often it was carried over, and the total against the meeting's length. To guidance's receipt
 * (guidance/guidance-extensions.ts): up to three earlier clarifications that look related to the
 * question. Reads only.
 */

import type { AppContext } from '../../app/context.js';
import { type Post, publish } from '../../app/live-cards.js';
import type { Locale } from '../../cards/i18n.js';
import { t } from '../../cards/i18n.js';
import { formatReference } from '../../domain/tracked-item.js';
import { osloDate } from '../../domain/working-days.js';
import type { UnitOfWork } from '../../store/store.js';
import type {
  GuidanceAnsweredContribution,
  GuidanceReceiptContribution,
} from '../guidance/guidance-extensions.js';
import type { MeetingAgenda, MeetingAgendaContribution } from '../meetings/meeting-extensions.js';
import { forumOf } from './agenda.js';
import { type CompiledAgenda, compileAgenda } from './agenda-compile.js';
import { agendaIn } from './agenda-store.js';
import { PROPOSED_VIEW, reviewersOf } from './clarification-live.js';
import { clarificationIndex } from './clarification-search.js';
import { clarificationsIn } from './clarification-store.js';
import { answeredAgain, CLARIFICATION_REFERENCE_PREFIX, newClarification } from './clarifications.js';

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

/** The register's entry for an answered principled guidance question (one per request). */
export const guidanceEntryId = (requestId: string): string => `guidance.${requestId}`;

/**
 * An answered principled guidance question enters the register of clarifications (guidance-extensions.ts):
 * the question, the answer, the day, the coordinator who answered and the topic, as a proposed entry
 * that the UDI coordinator reviews before it is found or suggested (each reviewer gets a card about
 * it: clarification-live.ts). A later answer to the same request (after a follow-up) updates its
 * entry: a proposed one stays proposed (the reviewers' cards show the new text), an approved one goes
 * back to proposed and the reviewers get a new card (the new text has not been read over); a
 * withdrawn entry stays withdrawn.
 */
export const answersIntoRegister: GuidanceAnsweredContribution = {
  async answered(app, uow, answered) {
    const register = clarificationsIn(uow);
    const id = guidanceEntryId(answered.requestId);
    const existing = await register.get(id);
    if (existing) {
      const again = answeredAgain(existing, answered.answer, answered.by, answered.at);
      if (!again.ok) return;
      // The reviewers' cards show the new text; an approved entry is back for review, on new cards.
      await publish(
        app,
        uow,
        again.value,
        existing.state === 'active' ? await reviewPosts(app, uow, answered.by) : [],
      );
      await register.put(again.value);
      return;
    }
    const year = Number(osloDate(answered.at).slice(0, 4));
    const entry = newClarification({
      id,
      reference: formatReference(
        CLARIFICATION_REFERENCE_PREFIX,
        year,
        await uow.sequences.next('clarification', year),
      ),
      question: answered.question,
      clarification: answered.answer,
      decidedOn: osloDate(answered.at),
      source: { kind: 'guidance', requestId: answered.requestId, coordinator: answered.by },
      topicId: answered.topicId,
      by: answered.by,
      at: answered.at,
    });
    // A text the register refuses (too long) is not kept there; the answer itself stands.
    if (!entry.ok) return;
    // Whoever may review the register gets a card about it, to read it over and approve it.
    await publish(app, uow, entry.value, await reviewPosts(app, uow, answered.by));
    await register.put(entry.value);
  },
};

/** A card about a proposed entry for everyone who may review the register. */
async function reviewPosts(app: AppContext, uow: UnitOfWork, origin: string): Promise<Post[]> {
  return (await reviewersOf(app, uow)).map((aadObjectId) => ({
    to: { kind: 'person' as const, aadObjectId },
    view: PROPOSED_VIEW,
    origin,
  }));
}
