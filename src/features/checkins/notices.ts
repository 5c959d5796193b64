/**
 * The priority notice use cases: a contact person of an allowed regional office sends one to ASA's
 * coordinator, ASA's coordinator (or deputy) acknowledges it and the sender is told, and whoever may
 * see a notice opens it. Each runs in the caller's unit of work, authorizes from the stored roster
 * and the feature's settings (notice-policy.ts), resolves every id from a card in the store, and
 * tells people through the live-card engine. The ladder's reminders run in notice-jobs.ts.
 *
 * Their cards and verbs are in notice-views.ts and notice-verbs.ts.
 */
import { loadActor, loadRoster } from '../../app/actor.js';
import type { AppContext, Caller } from '../../app/context.js';
import { adopt, publish } from '../../app/live-cards.js';
import type { Refusal } from '../../domain/policy.js';
import { type Department, isCoordinatorOf, isDeputyOf, type Person } from '../../domain/roster.js';
import { formatReference } from '../../domain/tracked-item.js';
import { osloDate } from '../../domain/working-days.js';
import type { UnitOfWork } from '../../store/store.js';
import { CHECKINS_SETTINGS } from './checkins-settings.js';
import { authorizeNotice, senderRegion } from './notice-policy.js';
import { noticesIn } from './notice-store.js';
import {
  markAcknowledged,
  NOTICE_REFERENCE_PREFIX,
  type NoticeDraft,
  type NoticeField,
  type NoticeFieldProblem,
  newPriorityNotice,
  noticeProblems,
  type PriorityNotice,
} from './priority-notices.js';

/** The view of a notice's card (for the sender, ASA's coordinator and the UDI coordinator). */
export const NOTICE_VIEW = 'priority-notice';
/** Banners of the notice's cards: new (to ASA), acknowledged (to the sender), and the ladder's steps. */
export const NOTICE_BANNERS = {
  new: 'new',
  acknowledged: 'acknowledged',
  reminder: 'reminder',
  escalation: 'escalation',
} as const;

export type NoticeOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; refusal: Refusal }
  /** What the sender filled in is not right, by field (the form keeps what was typed). */
  | { ok: false; problems: Partial<Record<NoticeField, NoticeFieldProblem>> }
  /** It is acknowledged already (by someone else, or a second click). */
  | { ok: false; problem: 'already-acknowledged' }
  /** An id from the card names nothing in the store. */
  | { ok: false; missing: true };

const MISSING = { ok: false as const, missing: true as const };

/** What a contact person typed into the form, from card data (untrusted: every value checked). */
export function noticeDraftFrom(data: Record<string, unknown>): NoticeDraft {
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : '');
  const note = text('note');
  return { whereToFind: text('whereToFind'), ...(note.trim() ? { note } : {}) };
}

/**
 * The first of these lists that has someone in it: the department's coordinators who are not away,
 * its deputies who are not away, then its coordinators and its deputies even when away (a notice
 * about a prioritised case always reaches someone who can act on it, if there is anyone).
 */
function firstAvailable(people: readonly Person[], department: Department): string[] {
  const coordinators = people.filter((p) => isCoordinatorOf(p, department));
  const deputies = people.filter((p) => isDeputyOf(p, department));
  const present = (list: Person[]) => list.filter((p) => !p.away);
  const chosen = [present(coordinators), present(deputies), coordinators, deputies].find((l) => l.length > 0);
  return (chosen ?? []).map((p) => p.aadObjectId);
}

/**
 * Who gets a notice and its reminder: ASA's coordinator(s), or ASA's deputies when there is none or
 * the coordinator is away (as in firstAvailable).
 */
export function asaRecipients(people: readonly Person[]): string[] {
  return firstAvailable(people, 'ASA');
}

/** Who gets a notice's escalation: the UDI coordinator(s), or AUA's deputies when there is none or they are away. */
export function udiRecipients(people: readonly Person[]): string[] {
  return firstAvailable(people, 'AUA');
}

const toPerson = (aadObjectId: string) => ({ kind: 'person' as const, aadObjectId });

/**
 * Sends a notice from what a contact person filled in; its region is the unit of their contact role
 * (never from the card). ASA's coordinator(s) get its card; when ASA has neither coordinator nor
 * deputy, the UDI coordinator gets it at once. The sender's receipt is the card answering them
 * (`receipt`, the message their click came from), kept up to date as the notice moves.
 */
export async function sendNotice(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  draft: NoticeDraft,
  receipt?: { activityId: string; conversationId: string },
): Promise<NoticeOutcome<PriorityNotice>> {
  const actor = await loadActor(ctx, uow, caller);
  const regions = ctx.settings.of(CHECKINS_SETTINGS).noticeRegions;
  const decision = authorizeNotice(actor, { kind: 'notice.send', regions });
  if (!decision.allowed) return { ok: false, refusal: decision.reason };
  // Allowed means they hold a contact role in one of the regions: the notice is from its unit.
  const region = senderRegion(actor, regions) ?? '';
  const problems = noticeProblems(draft);
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const now = ctx.now();
  const year = Number(osloDate(now).slice(0, 4));
  const notice = newPriorityNotice(
    ctx.newId(),
    formatReference(NOTICE_REFERENCE_PREFIX, year, await uow.sequences.next('priority-notice', year)),
    region,
    draft,
    caller.aadObjectId,
    now.toISOString(),
  );
  const roster = await loadRoster(ctx, uow);
  const asa = asaRecipients(roster.people).filter((id) => id !== caller.aadObjectId);
  const to = asa.length > 0 ? asa : udiRecipients(roster.people).filter((id) => id !== caller.aadObjectId);
  await publish(
    ctx,
    uow,
    notice,
    to.map((id) => ({ to: toPerson(id), view: NOTICE_VIEW, banner: NOTICE_BANNERS.new })),
  );
  if (receipt) adopt(notice, toPerson(caller.aadObjectId), { view: NOTICE_VIEW, ...receipt });
  await noticesIn(uow).put(notice);
  return { ok: true, value: notice };
}

/**
 * ASA's coordinator (or deputy) acknowledges a notice: the case is prioritised. The sender is told
 * on a new card; every card about the notice is updated (the clicked one is replaced by the answer).
 */
export async function acknowledgeNotice(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  noticeId: unknown,
  /** The card clicked (the answer replaces it: it is not updated again). */
  clicked?: { activityId: string },
): Promise<NoticeOutcome<PriorityNotice>> {
  const notices = noticesIn(uow);
  const notice = typeof noticeId === 'string' ? await notices.get(noticeId) : undefined;
  if (!notice) return MISSING;
  const decision = authorizeNotice(await loadActor(ctx, uow, caller), { kind: 'notice.acknowledge' });
  if (!decision.allowed) return { ok: false, refusal: decision.reason };
  const result = markAcknowledged(notice, caller.aadObjectId, ctx.now().toISOString());
  if (!result.ok) return { ok: false, problem: result.problem };
  const next = result.notice;
  await publish(
    ctx,
    uow,
    next,
    next.createdBy === caller.aadObjectId
      ? []
      : [{ to: toPerson(next.createdBy), view: NOTICE_VIEW, banner: NOTICE_BANNERS.acknowledged }],
    clicked ? { answered: clicked } : {},
  );
  await notices.put(next);
  return { ok: true, value: next };
}

/** A notice, for someone who may see it (the sender, ASA's coordinator or deputy, the UDI coordinator). */
export async function showNotice(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  noticeId: unknown,
): Promise<NoticeOutcome<PriorityNotice>> {
  const notice = typeof noticeId === 'string' ? await noticesIn(uow).get(noticeId) : undefined;
  if (!notice) return MISSING;
  const decision = authorizeNotice(await loadActor(ctx, uow, caller), { kind: 'notice.view', notice });
  return decision.allowed ? { ok: true, value: notice } : { ok: false, refusal: decision.reason };
}
