/**
 * Sending a trend or principled question from a region's check-in on to the network's agenda: RMA's
 * coordinator (or deputy) opens the agenda's raise form with a draft made from it (agenda.start with
 * `checkinId` and `topicId`). The check-in is resolved in the store, the policy decides
 * (checkin.toAgenda), and only a submitted check-in's own text for that topic is used; nothing from
 * the card's data is taken as text.
 */
import { loadActor } from '../../app/actor.js';
import type { AppContext, Caller } from '../../app/context.js';
import { type Locale, t } from '../../cards/i18n.js';
import type { UnitOfWork } from '../../store/store.js';
import type { CheckinOutcome } from './checkin.js';
import { authorizeCheckins } from './checkin-policy.js';
import { checkinsIn } from './checkin-store.js';
import type { CheckinTopic } from './checkins.js';

/** The topics that may be sent on to the network's agenda. */
export const AGENDA_TOPICS = ['trends', 'principled'] as const satisfies readonly CheckinTopic[];
export type AgendaTopic = (typeof AGENDA_TOPICS)[number];

/** The longest title the agenda takes (agenda-items.ts AGENDA_LIMITS.title). */
const TITLE_MAX = 150;

export interface CheckinAgendaDraft {
  title: string;
  description: string;
  agendaKind: 'principled' | 'general';
  forum: 'network';
  department: 'RMA';
  /** The check-in's reference (its cycle's). */
  reference: string;
}

/** The draft of an agenda item from a check-in's topic, for RMA's coordinator or deputy. */
export async function agendaDraftFromCheckin(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  checkinId: unknown,
  topicId: unknown,
  locale: Locale,
): Promise<CheckinOutcome<CheckinAgendaDraft>> {
  const checkin = typeof checkinId === 'string' ? await checkinsIn(uow).get(checkinId) : undefined;
  if (!checkin) return { ok: false, missing: true };
  const decision = authorizeCheckins(await loadActor(ctx, uow, caller), { kind: 'checkin.toAgenda' });
  if (!decision.allowed) return { ok: false, refusal: decision.reason };
  const topic = AGENDA_TOPICS.find((k) => k === topicId);
  const text = topic && checkin.state === 'submitted' ? checkin.answers?.[topic] : undefined;
  if (!topic || !text) return { ok: false, missing: true };
  const unit = (await uow.units.list()).find((u) => u.id === checkin.unitId);
  const title = t(locale, 'checkins.checkin.toAgendaTitle', {
    topic: t(locale, `checkins.checkin.${topic}Label`),
    region: unit ? unit.name[locale] : checkin.unitId,
  });
  return {
    ok: true,
    value: {
      title: title.length > TITLE_MAX ? `${title.slice(0, TITLE_MAX - 1)}…` : title,
      description: text,
      agendaKind: topic === 'principled' ? 'principled' : 'general',
      forum: 'network',
      department: 'RMA',
      reference: checkin.reference,
    },
  };
}
