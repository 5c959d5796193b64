/**
 * The check-in use cases: open a meeting's cycle (every region's check-in, each region's contact
 * persons asked on a card, a region without a contact person flagged to RMA's coordinator once),
 * answer a check-in (submit, or "nothing new"; RMA's coordinator told), send the cycle's digest to
 * RMA's coordinator once (when every region has answered, or at the meeting's start, whichever comes
 * first), close a cycle at its meeting's start (unanswered check-ins missed), and read the digest and
 * the overview. Each runs in the caller's unit of work, authorizes from the stored roster
 * (checkin-policy.ts), resolves every id from a card in the store, and tells people through the
 * live-card engine.
 *
 * Its cards, verbs, command and job are in checkin-verbs.ts (views: checkin-views.ts).
 */
import { loadActor, loadRoster } from '../../app/actor.js';
import type { AppContext, Caller } from '../../app/context.js';
import { publish } from '../../app/live-cards.js';
import type { Refusal } from '../../domain/policy.js';
import { isOriginalDate, occurrenceOf } from '../../domain/recurrence.js';
import { formatReference } from '../../domain/tracked-item.js';
import type { UnitOfWork } from '../../store/store.js';
import { meetingsIn } from '../meetings/meeting-store.js';
import {
  type CheckinCycle,
  type CycleMeeting,
  type CycleRef,
  closeCycle,
  contactsOf,
  newCycle,
  regionsOf,
  withDigestSent,
  withFlagged,
} from './checkin-cycles.js';
import { type CheckinOverview, type CycleDigest, checkinOverview, cycleDigest } from './checkin-digest.js';
import { authorizeCheckins, rmaCoordinators } from './checkin-policy.js';
import { checkinsIn } from './checkin-store.js';
import {
  applyCheckinCommand,
  type CheckIn,
  type CheckinCommand,
  type CheckinDraft,
  type CheckinProblem,
  isAnswered,
  markMissed,
  newCheckIn,
  withDue,
} from './checkins.js';

/** The view of a region's check-in card (its contact persons', and RMA's coordinator's when told). */
export const CHECKIN_VIEW = 'checkin';
/** The view of a cycle's card to RMA's coordinator (a region without a contact person). */
export const CYCLE_VIEW = 'checkin-cycle';
/** The view of a cycle's digest card to RMA's coordinator. */
export const DIGEST_VIEW = 'checkin-digest';

/** The banners: a contact person asked, nudged; RMA's coordinator told of an answer, of a region without contacts. */
export const CHECKIN_BANNERS = {
  open: 'open',
  nudge: 'nudge',
  submitted: 'submitted',
  noContact: 'no-contact',
} as const;

/** The prefix of a cycle's reference (its check-ins share it), e.g. INN-2027-0003. */
export const CYCLE_REFERENCE_PREFIX = 'INN';

export type CheckinOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; refusal: Refusal }
  /** What someone filled in is not right, by field. */
  | { ok: false; problems: Record<string, string> }
  /** A rule of the check-in's life says no (missed, or its meeting has begun). */
  | { ok: false; problem: CheckinProblem }
  /** An id from the card names nothing in the store. */
  | { ok: false; missing: true };

const MISSING = { ok: false as const, missing: true as const };

/** A cycle's meeting as the store has it now: where and when it takes place (moved or not). */
export interface ResolvedMeeting extends CycleMeeting {
  /** Its start, ISO with offset. */
  start: string;
  /** The series' organiser (told when a card about it cannot be delivered). */
  organiser: string;
  /** Cancelled, or its series ended. */
  cancelled: boolean;
}

/** The meeting a cycle belongs to, from its series (ended or not); undefined when it names nothing. */
export async function resolveMeeting(uow: UnitOfWork, ref: CycleRef): Promise<ResolvedMeeting | undefined> {
  const series = await meetingsIn(uow).getSeries(ref.seriesId);
  if (series?.meetingKind !== 'rma-regional' || !isOriginalDate(series.schedule, ref.occurrence))
    return undefined;
  const o = occurrenceOf(series.schedule, ref.occurrence);
  return {
    seriesId: series.id,
    occurrence: ref.occurrence,
    date: o.date,
    startMs: o.startMs,
    start: o.start,
    organiser: series.organiser,
    cancelled: o.state === 'cancelled' || series.state !== 'active',
  };
}

/** RMA's coordinator(s) as recipients (RMA's deputies when it has no coordinator). */
async function rmaRecipients(ctx: AppContext, uow: UnitOfWork, except?: string) {
  const roster = await loadRoster(ctx, uow);
  return rmaCoordinators(roster.people)
    .filter((p) => p.aadObjectId !== except)
    .map((p) => ({ kind: 'person' as const, aadObjectId: p.aadObjectId }));
}

/**
 * Opens a meeting's cycle: a check-in for every regional office, each region's contact persons asked
 * on a card; the regions without a contact person are flagged to RMA's coordinator on one card. Does
 * nothing (returns the cycle) when it is open already. `late`: opened after its moment (downtime).
 */
export async function openCycle(
  ctx: AppContext,
  uow: UnitOfWork,
  meeting: ResolvedMeeting,
  late = false,
): Promise<CheckinCycle> {
  const checkins = checkinsIn(uow);
  const existing = await checkins.getCycle(meeting);
  if (existing) return existing;
  const now = ctx.now();
  const at = now.toISOString();
  const year = now.getUTCFullYear();
  const reference = formatReference(
    CYCLE_REFERENCE_PREFIX,
    year,
    await uow.sequences.next('checkin-cycle', year),
  );
  const regions = regionsOf(await uow.units.list());
  const roster = await loadRoster(ctx, uow);
  let cycle = newCycle(
    meeting,
    reference,
    regions.map((r) => r.id),
    meeting.start,
    at,
    late,
  );
  const withoutContact: string[] = [];
  for (const region of regions) {
    const checkin = newCheckIn(meeting, region.id, reference, meeting.start, at);
    const contacts = contactsOf(roster.people, region.id);
    if (contacts.length === 0) withoutContact.push(region.id);
    await publish(
      ctx,
      uow,
      checkin,
      contacts.map((p) => ({
        to: { kind: 'person' as const, aadObjectId: p.aadObjectId },
        view: CHECKIN_VIEW,
        banner: CHECKIN_BANNERS.open,
        origin: meeting.organiser,
      })),
    );
    await checkins.put(checkin);
  }
  if (withoutContact.length > 0) {
    cycle = withFlagged(cycle, withoutContact, at);
    await publish(
      ctx,
      uow,
      cycle,
      (await rmaRecipients(ctx, uow)).map((to) => ({
        to,
        view: CYCLE_VIEW,
        banner: CHECKIN_BANNERS.noContact,
        origin: meeting.organiser,
      })),
    );
  }
  await checkins.putCycle(cycle);
  return cycle;
}

/** What a contact person submits, from card data (untrusted: every value checked). */
export function draftFrom(data: Record<string, unknown>): CheckinDraft {
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : '');
  const cases = data.cases;
  return {
    principled: text('principled'),
    challenges: text('challenges'),
    trends: text('trends'),
    training: text('training'),
    cases: typeof cases === 'number' ? cases : text('cases'),
  };
}

async function answer(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  checkinId: unknown,
  command: CheckinCommand,
  clicked?: { activityId: string },
): Promise<CheckinOutcome<CheckIn>> {
  const checkins = checkinsIn(uow);
  const found = typeof checkinId === 'string' ? await checkins.get(checkinId) : undefined;
  if (!found) return MISSING;
  const decision = authorizeCheckins(await loadActor(ctx, uow, caller), {
    kind: 'checkin.submit',
    unitId: found.unitId,
  });
  if (!decision.allowed) return { ok: false, refusal: decision.reason };
  // The meeting may have moved since the cycle opened: answers are taken until it begins.
  const meeting = await resolveMeeting(uow, found);
  const current = meeting ? withDue(found, meeting.start) : found;
  const now = ctx.now();
  const result = applyCheckinCommand(current, command, caller.aadObjectId, now.toISOString(), now.getTime());
  if (!result.ok) return result;
  const next = result.checkin;
  await publish(
    ctx,
    uow,
    next,
    (await rmaRecipients(ctx, uow, caller.aadObjectId)).map((to) => ({
      to,
      view: CHECKIN_VIEW,
      banner: CHECKIN_BANNERS.submitted,
      origin: caller.aadObjectId,
    })),
    clicked ? { answered: clicked } : {},
  );
  await checkins.put(next);
  await afterAnswer(ctx, uow, next);
  return { ok: true, value: next };
}

/** Submits a region's check-in (its contact person): RMA's coordinator is told. */
export function submitCheckin(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  checkinId: unknown,
  draft: CheckinDraft,
  /** The card clicked (the answer replaces it: it is not updated again). */
  clicked?: { activityId: string },
): Promise<CheckinOutcome<CheckIn>> {
  return answer(ctx, uow, caller, checkinId, { kind: 'submit', draft }, clicked);
}

/** Answers a region's check-in with "nothing new" (its contact person): RMA's coordinator is told. */
export function nothingNew(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  checkinId: unknown,
  /** The card clicked (the answer replaces it: it is not updated again). */
  clicked?: { activityId: string },
): Promise<CheckinOutcome<CheckIn>> {
  return answer(ctx, uow, caller, checkinId, { kind: 'nothing-new' }, clicked);
}

/**
 * After an answer: the digest goes to RMA's coordinator once every region has answered; a digest
 * sent already is updated in place (an answer changed before the meeting).
 */
async function afterAnswer(ctx: AppContext, uow: UnitOfWork, checkin: CheckIn): Promise<void> {
  const checkins = checkinsIn(uow);
  const cycle = await checkins.getCycle(checkin);
  if (!cycle) return;
  if (cycle.digestSentAt !== undefined) {
    const next = { ...cycle, updatedAt: ctx.now().toISOString() };
    await publish(ctx, uow, next, []);
    await checkins.putCycle(next);
    return;
  }
  const all = await checkins.ofCycle(cycle);
  const answered = new Set(all.filter(isAnswered).map((c) => c.unitId));
  if (cycle.state === 'open' && cycle.regions.every((r) => answered.has(r)))
    await sendDigest(ctx, uow, cycle, true);
}

/** Sends a cycle's digest to RMA's coordinator, once (returns the cycle as stored). */
export async function sendDigest(
  ctx: AppContext,
  uow: UnitOfWork,
  cycle: CheckinCycle,
  complete: boolean,
): Promise<CheckinCycle> {
  if (cycle.digestSentAt !== undefined) return cycle;
  const next = withDigestSent(cycle, complete, ctx.now().toISOString());
  await publish(
    ctx,
    uow,
    next,
    (await rmaRecipients(ctx, uow)).map((to) => ({ to, view: DIGEST_VIEW })),
  );
  await checkinsIn(uow).putCycle(next);
  return next;
}

/**
 * A cycle at its meeting's start: the check-ins still open are missed (their cards updated), the
 * digest is sent if it was not, and the cycle closes. Returns how many were missed.
 */
export async function closeCycleAtStart(
  ctx: AppContext,
  uow: UnitOfWork,
  cycle: CheckinCycle,
): Promise<{ cycle: CheckinCycle; missed: number; digest: boolean }> {
  const checkins = checkinsIn(uow);
  const at = ctx.now().toISOString();
  let missed = 0;
  for (const checkin of await checkins.ofCycle(cycle)) {
    if (checkin.state !== 'open') continue;
    const next = markMissed(checkin, at);
    await publish(ctx, uow, next, []);
    await checkins.put(next);
    missed++;
  }
  const digest = cycle.digestSentAt === undefined;
  const sent = await sendDigest(ctx, uow, cycle, missed === 0 && cycle.regions.length > 0);
  const closed = closeCycle(sent, missed, at);
  await checkins.putCycle(closed);
  return { cycle: closed, missed, digest };
}

/** A cycle's digest (RMA's coordinator or deputy, the UDI coordinator). */
export async function digestOf(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  id: unknown,
): Promise<CheckinOutcome<CycleDigest>> {
  const checkins = checkinsIn(uow);
  const cycle = typeof id === 'string' ? await checkins.getCycleById(id) : undefined;
  if (!cycle) return MISSING;
  const decision = authorizeCheckins(await loadActor(ctx, uow, caller), { kind: 'checkin.digest' });
  if (!decision.allowed) return { ok: false, refusal: decision.reason };
  return {
    ok: true,
    value: cycleDigest(cycle, await checkins.ofCycle(cycle), await uow.units.list()),
  };
}

/** The overview of the last cycles, regions by cycle with their case counts (the same readers). */
export async function overview(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
): Promise<CheckinOutcome<CheckinOverview>> {
  const decision = authorizeCheckins(await loadActor(ctx, uow, caller), { kind: 'checkin.digest' });
  if (!decision.allowed) return { ok: false, refusal: decision.reason };
  const checkins = checkinsIn(uow);
  // More than shown: the newest created are not always the latest meetings (a series saved later).
  const recent = await checkins.recentCycles(24);
  const cycles = [];
  for (const cycle of recent) cycles.push({ cycle, checkins: await checkins.ofCycle(cycle) });
  return { ok: true, value: checkinOverview(cycles, await uow.units.list()) };
}
