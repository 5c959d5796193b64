/**
 * The agenda use cases: raise an item, curate it (accept onto a meeting, defer, merge, decline), and
 * carry over what a held meeting did not reach. Each runs in the caller's unit of work, authorizes
 * from the stored roster (agenda-policy.ts), resolves every id from a card in the store (items,
 * meeting series and their meetings), and tells the submitter through the live-card engine.
 *
 * Not registered yet: the cards, verbs and jobs come next (see docs/ARCHITECTURE.md).
 */
import { loadActor, loadRoster } from '../../app/actor.js';
import type { AppContext, Caller } from '../../app/context.js';
import { adopt, publish } from '../../app/live-cards.js';
import type { Refusal } from '../../domain/policy.js';
import { isIsoDate, isOriginalDate, occurrenceOf, occurrencesBetween } from '../../domain/recurrence.js';
import type { Result } from '../../domain/result.js';
import { isCoordinatorOf, isDepartment, isUdiCoordinator } from '../../domain/roster.js';
import { formatReference } from '../../domain/tracked-item.js';
import { type IsoDate, osloDate } from '../../domain/working-days.js';
import type { UnitOfWork } from '../../store/store.js';
import { guidanceRequestsIn, topicsIn } from '../guidance/guidance-store.js';
import type { MeetingSeries } from '../meetings/meeting-series.js';
import { audienceOf, recipientsOf } from '../meetings/meeting-series.js';
import { meetingsIn } from '../meetings/meeting-store.js';
import { closeAction, type FollowUpAction, newFollowUpAction } from './agenda-actions.js';
import { agendaOrder } from './agenda-compile.js';
import {
  AGENDA_KINDS,
  type AgendaCommand,
  type AgendaDraft,
  type AgendaItem,
  type AgendaProblem,
  applyAgendaCommand,
  draftFromGuidance,
  draftProblems,
  FORUMS,
  type Forum,
  type MeetingRef,
  newAgendaItem,
  notReached,
  type Outcome,
  type TargetMeeting,
} from './agenda-items.js';
import { authorizeAgenda, curatedDepartments } from './agenda-policy.js';
import { type AgendaSheet, newSheet, SUMMARY_POSTING } from './agenda-sheets.js';
import { agendaIn } from './agenda-store.js';
import { clarificationIndex } from './clarification-search.js';
import { clarificationsIn } from './clarification-store.js';
import {
  approveClarification,
  CLARIFICATION_REFERENCE_PREFIX,
  CLARIFICATION_TEXT_LIMIT,
  type Clarification,
  type ClarificationError,
  newClarification,
  withdrawClarification,
} from './clarifications.js';

/** The view of an agenda item's card for its submitter and curators. */
export const AGENDA_ITEM_VIEW = 'agenda-item';
/** The view of a follow-up action's card (agenda-jobs.ts sends its reminders). */
export const ACTION_VIEW = 'agenda-action';
/** The view of a posted agenda card. */
export const SHEET_VIEW = 'agenda-sheet';
/** The view of a meeting's summary card. */
export const SUMMARY_VIEW = 'agenda-summary';

export type AgendaOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; refusal: Refusal }
  /** What someone filled in is not right, by field. */
  | { ok: false; problems: Record<string, string> }
  /** A rule of the item's life says no (e.g. it is declined already). */
  | { ok: false; problem: AgendaProblem }
  /** An id from the card names nothing in the store. */
  | { ok: false; missing: true };

const MISSING = { ok: false as const, missing: true as const };
const DAY_MS = 86_400_000;

/** The forum a series' meetings are, if its items can go on an agenda. */
export function forumOf(series: Pick<MeetingSeries, 'meetingKind'>): Forum | undefined {
  return series.meetingKind === 'coordinators' || series.meetingKind === 'network'
    ? series.meetingKind
    : undefined;
}

/** The meeting a card names, as the store has it (undefined when it names nothing an item can go on). */
export async function targetMeeting(
  uow: UnitOfWork,
  seriesId: unknown,
  occurrence: unknown,
): Promise<TargetMeeting | undefined> {
  const series = typeof seriesId === 'string' ? await meetingsIn(uow).getSeries(seriesId) : undefined;
  const forum = series ? forumOf(series) : undefined;
  if (!series || !forum || !isIsoDate(occurrence) || !isOriginalDate(series.schedule, occurrence))
    return undefined;
  const o = occurrenceOf(series.schedule, occurrence);
  return {
    seriesId: series.id,
    occurrence,
    forum,
    startMs: o.startMs,
    open: series.state === 'active' && o.state !== 'cancelled',
  };
}

/** The coming meetings an item of `forum` can go onto (the next `limit`, within half a year). */
export async function meetingsFor(
  uow: UnitOfWork,
  forum: Forum,
  nowMs: number,
  limit = 6,
): Promise<TargetMeeting[]> {
  const found: TargetMeeting[] = [];
  for (const series of await meetingsIn(uow).activeSeries()) {
    if (forumOf(series) !== forum) continue;
    for (const o of occurrencesBetween(series.schedule, nowMs, nowMs + 183 * DAY_MS))
      if (o.state !== 'cancelled' && o.startMs > nowMs)
        found.push({ seriesId: series.id, occurrence: o.id, forum, startMs: o.startMs, open: true });
  }
  return found.sort((a, b) => a.startMs - b.startMs).slice(0, limit);
}

/**
 * The posted agendas of these meetings, updated in place after a change to what is on them (a sheet
 * not posted yet has no cards: nothing is sent).
 */
async function refreshSheets(
  ctx: AppContext,
  uow: UnitOfWork,
  meetings: readonly (MeetingRef | undefined)[],
) {
  const agenda = agendaIn(uow);
  const seen = new Set<string>();
  for (const meeting of meetings) {
    if (!meeting) continue;
    const key = `${meeting.seriesId}.${meeting.occurrence}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const sheet = await agenda.getSheet(meeting);
    if (!sheet?.parties.some((p) => p.cards.length > 0)) continue;
    const next = { ...sheet, updatedAt: ctx.now().toISOString() };
    await publish(ctx, uow, next, []);
    await agenda.putSheet(next);
  }
}

/** What a member typed into the form, from card data (untrusted: every value checked). */
export function draftFrom(data: Record<string, unknown>): AgendaDraft {
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : '');
  return {
    title: text('title'),
    description: text('description'),
    agendaKind: AGENDA_KINDS.find((k) => k === data.agendaKind) ?? ('' as never),
    department: isDepartment(data.department) ? data.department : ('' as never),
    forum: FORUMS.find((f) => f === data.forum) ?? ('' as never),
    urgent: data.urgent === true || data.urgent === 'true',
    minutes: Number(text('minutes')),
  };
}

/** The view of a new item's card to its curators (the UDI coordinator and the department's coordinator). */
export const NEW_ITEM_BANNER = 'new';

/**
 * Raises an item from what a member filled in. The receipt is the card answering them (kept up to
 * date as the item moves: `receipt`, the message their click came from); the UDI coordinator and
 * the coordinator of the submitter's department get the item's card to curate it.
 */
export async function raiseItem(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  draft: AgendaDraft,
  receipt?: { activityId: string; conversationId: string },
): Promise<AgendaOutcome<AgendaItem>> {
  const actor = await loadActor(ctx, uow, caller);
  const decision = authorizeAgenda(actor, { kind: 'agenda.submit' });
  if (!decision.allowed) return { ok: false, refusal: decision.reason };
  const problems = draftProblems(draft);
  if (!isDepartment(draft.department)) problems.department = 'missing';
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const now = ctx.now();
  const year = now.getUTCFullYear();
  const item = newAgendaItem(
    ctx.newId(),
    formatReference('S', year, await uow.sequences.next('agenda', year)),
    draft,
    caller.aadObjectId,
    now.toISOString(),
  );
  const roster = await loadRoster(ctx, uow);
  const curators = roster.people.filter(
    (p) =>
      p.aadObjectId !== caller.aadObjectId && (isUdiCoordinator(p) || isCoordinatorOf(p, item.department)),
  );
  await publish(
    ctx,
    uow,
    item,
    curators.map((p) => ({
      to: { kind: 'person' as const, aadObjectId: p.aadObjectId },
      view: AGENDA_ITEM_VIEW,
      banner: NEW_ITEM_BANNER,
    })),
  );
  if (receipt)
    adopt(item, { kind: 'person', aadObjectId: caller.aadObjectId }, { view: AGENDA_ITEM_VIEW, ...receipt });
  await agendaIn(uow).putItem(item);
  return { ok: true, value: item };
}

/** What a curator asks for, with ids from the card (resolved here). */
export type CurateRequest =
  | { kind: 'accept'; seriesId: unknown; occurrence: unknown }
  | { kind: 'defer'; seriesId: unknown; occurrence: unknown; reason: string }
  | { kind: 'merge'; into: unknown }
  | { kind: 'decline'; reason: string };

/** A new card for the item's submitter (none when they are the one who acted). */
const toSubmitter = (item: AgendaItem, caller: Caller, banner: string) =>
  item.createdBy === caller.aadObjectId
    ? []
    : [{ to: { kind: 'person' as const, aadObjectId: item.createdBy }, view: AGENDA_ITEM_VIEW, banner }];

/** The item a card names, resolved in the store, if the caller curates it. */
async function curatedItem(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  itemId: unknown,
): Promise<{ ok: true; value: AgendaItem } | { ok: false; refusal: Refusal } | typeof MISSING> {
  const item = typeof itemId === 'string' ? await agendaIn(uow).getItem(itemId) : undefined;
  if (!item) return MISSING;
  const decision = authorizeAgenda(await loadActor(ctx, uow, caller), { kind: 'agenda.curate', item });
  return decision.allowed ? { ok: true, value: item } : { ok: false, refusal: decision.reason };
}

/**
 * A curator's decision on an item; the submitter is told on a new card, and every card about the
 * item is updated.
 */
export async function curateItem(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  itemId: unknown,
  request: CurateRequest,
  /** The card clicked (the answer replaces it: it is not updated again). */
  clicked?: { activityId: string },
): Promise<AgendaOutcome<AgendaItem>> {
  const agenda = agendaIn(uow);
  const found = await curatedItem(ctx, uow, caller, itemId);
  if (!found.ok) return found;
  const item = found.value;

  const nowMs = ctx.now().getTime();
  const at = ctx.now().toISOString();
  // Once its meeting has begun, an item gets its outcome there (or is carried over): no other moves.
  const on = item.meeting
    ? await targetMeeting(uow, item.meeting.seriesId, item.meeting.occurrence)
    : undefined;
  if (item.state === 'accepted' && on && on.startMs <= nowMs) return { ok: false, problem: 'meeting-begun' };
  let command: AgendaCommand;
  switch (request.kind) {
    case 'accept':
    case 'defer': {
      const to = await targetMeeting(uow, request.seriesId, request.occurrence);
      if (!to) return MISSING;
      const current = item.meeting
        ? await targetMeeting(uow, item.meeting.seriesId, item.meeting.occurrence)
        : undefined;
      command =
        request.kind === 'accept'
          ? { kind: 'accept', to }
          : {
              kind: 'defer',
              to,
              reason: request.reason,
              ...(current ? { currentStartMs: current.startMs } : {}),
            };
      break;
    }
    case 'merge': {
      const into = typeof request.into === 'string' ? await agenda.getItem(request.into) : undefined;
      if (!into) return MISSING;
      command = { kind: 'merge', into };
      break;
    }
    case 'decline':
      command = { kind: 'decline', reason: request.reason };
      break;
  }
  const result = applyAgendaCommand(item, command, caller.aadObjectId, at, {
    nowMs,
    today: osloDate(ctx.now()),
  });
  if (!result.ok) return { ok: false, problem: result.problem };
  // Numbered in order of acceptance, once it is accepted (a refusal draws no number).
  const next =
    result.item.state === 'accepted' && result.item.acceptedSeq === undefined
      ? { ...result.item, acceptedSeq: await uow.sequences.next('agenda-accepted', 0) }
      : result.item;
  // The submitter is told on a new card, unless they made the decision themselves (the answer to
  // their click shows it).
  await publish(
    ctx,
    uow,
    next,
    toSubmitter(next, caller, command.kind),
    clicked ? { answered: clicked } : {},
  );
  await agenda.putItem(next);
  await refreshSheets(ctx, uow, [item.meeting, next.meeting]);
  return { ok: true, value: next };
}

/**
 * After a meeting was held: the items it did not reach go onto the next meeting of their forum in
 * the same series, marked carried over; their submitters are told. Returns how many.
 */
export async function carryOver(ctx: AppContext, uow: UnitOfWork, held: MeetingRef): Promise<number> {
  const agenda = agendaIn(uow);
  const missed = notReached(await agenda.openItems(), held);
  if (missed.length === 0) return 0;
  const nowMs = ctx.now().getTime();
  const at = ctx.now().toISOString();
  const series = await meetingsIn(uow).getSeries(held.seriesId);
  const forum = series ? forumOf(series) : undefined;
  const next = forum
    ? (await meetingsFor(uow, forum, nowMs, 20)).find((m) => m.seriesId === held.seriesId)
    : undefined;
  if (!next) return 0;
  let count = 0;
  for (const item of missed) {
    const result = applyAgendaCommand(item, { kind: 'carry-over', to: next }, 'system', at, {
      nowMs,
      today: osloDate(ctx.now()),
    });
    if (!result.ok) continue;
    await publish(ctx, uow, result.item, [
      { to: { kind: 'person', aadObjectId: item.createdBy }, view: AGENDA_ITEM_VIEW, banner: 'carry-over' },
    ]);
    await agenda.putItem(result.item);
    count++;
  }
  await refreshSheets(ctx, uow, [held, next]);
  return count;
}

/** What a curator records for an item after its meeting, with ids from the card (resolved here). */
export type OutcomeRequest =
  | { kind: 'discussed' }
  | { kind: 'referred' }
  | { kind: 'clarified'; clarification: string }
  | { kind: 'initiative'; what: string; by: unknown }
  | { kind: 'follow-up'; what: string; owner: unknown; due: unknown };

export interface RecordedOutcome {
  item: AgendaItem;
  /** The follow-up action made, if the outcome is one. */
  action?: FollowUpAction;
  /** The register's new entry, if the outcome clarified a principled question. */
  clarification?: Clarification;
}

/**
 * Records what came of an item at its meeting (once the meeting has begun). A follow-up action
 * becomes an item of its own for its owner; a clarification enters the network's register. The
 * submitter is told.
 */
export async function recordOutcome(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  itemId: unknown,
  request: OutcomeRequest,
  /** The card clicked (the answer replaces it: it is not updated again). */
  clicked?: { activityId: string },
): Promise<AgendaOutcome<RecordedOutcome>> {
  const agenda = agendaIn(uow);
  const found = await curatedItem(ctx, uow, caller, itemId);
  if (!found.ok) return found;
  const item = found.value;
  const meeting = item.meeting
    ? await targetMeeting(uow, item.meeting.seriesId, item.meeting.occurrence)
    : undefined;
  if (item.state !== 'accepted' || !meeting) return { ok: false, problem: 'not-allowed-in-state' };

  const now = ctx.now();
  const at = now.toISOString();
  const year = now.getUTCFullYear();
  // People named on the card must be in the network.
  const roster = await loadRoster(ctx, uow);
  const member = (id: unknown) =>
    typeof id === 'string' && roster.get(id)?.roles.some((r) => r.kind !== 'admin') ? id : undefined;
  let outcome: Outcome;
  switch (request.kind) {
    case 'discussed':
    case 'referred':
      outcome = { kind: request.kind };
      break;
    case 'clarified':
      outcome = { kind: 'clarified', clarification: request.clarification };
      break;
    case 'initiative':
      outcome = { kind: 'initiative', what: request.what, by: member(request.by) ?? '' };
      break;
    case 'follow-up':
      outcome = {
        kind: 'follow-up',
        what: request.what,
        owner: member(request.owner) ?? '',
        due: isIsoDate(request.due) ? request.due : ('' as IsoDate),
        action: ctx.newId(),
      };
      break;
  }
  const result = applyAgendaCommand(
    item,
    { kind: 'outcome', outcome, meetingStartMs: meeting.startMs },
    caller.aadObjectId,
    at,
    { nowMs: now.getTime(), today: osloDate(now) },
  );
  if (!result.ok) return { ok: false, problem: result.problem };
  const done = result.item;
  const recorded: RecordedOutcome = { item: done };

  if (done.outcome?.kind === 'follow-up') {
    const action = newFollowUpAction(
      done.outcome.action,
      formatReference('T', year, await uow.sequences.next('agenda-action', year)),
      {
        what: done.outcome.what,
        owner: done.outcome.owner,
        due: done.outcome.due,
        fromItem: done.id,
        department: done.department,
      },
      caller.aadObjectId,
      at,
    );
    await publish(ctx, uow, action, [
      { to: { kind: 'person', aadObjectId: action.owner }, view: ACTION_VIEW, banner: 'assigned' },
    ]);
    await agenda.putAction(action);
    recorded.action = action;
  }
  if (done.outcome?.kind === 'clarified') {
    const entry = newClarification({
      id: ctx.newId(),
      reference: formatReference(
        CLARIFICATION_REFERENCE_PREFIX,
        year,
        await uow.sequences.next('clarification', year),
      ),
      question: `${done.title}\n\n${done.description}`.slice(0, CLARIFICATION_TEXT_LIMIT),
      clarification: done.outcome.clarification,
      decidedOn: osloDate(new Date(meeting.startMs)),
      source: {
        kind: 'meeting',
        forum: meeting.forum,
        seriesId: meeting.seriesId,
        occurrence: meeting.occurrence,
      },
      by: caller.aadObjectId,
      at,
    });
    if (!entry.ok) return { ok: false, problem: 'text-too-long' };
    await clarificationsIn(uow).put(entry.value);
    recorded.clarification = entry.value;
  }
  await publish(ctx, uow, done, toSubmitter(done, caller, 'outcome'), clicked ? { answered: clicked } : {});
  await agenda.putItem(done);
  await refreshSheets(ctx, uow, [done.meeting]);
  return { ok: true, value: recorded };
}

/**
 * Closes a follow-up action (its owner, or a curator of the item it came from); the submitter of
 * that item is told.
 */
export async function closeFollowUp(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  actionId: unknown,
  /** The card clicked (the answer replaces it: it is not updated again). */
  clicked?: { activityId: string },
): Promise<AgendaOutcome<FollowUpAction>> {
  const agenda = agendaIn(uow);
  const action = typeof actionId === 'string' ? await agenda.getAction(actionId) : undefined;
  if (!action) return MISSING;
  const actor = await loadActor(ctx, uow, caller);
  const decision = authorizeAgenda(actor, { kind: 'agenda.closeAction', owner: action.owner, item: action });
  if (!decision.allowed) return { ok: false, refusal: decision.reason };
  const closed = closeAction(action, caller.aadObjectId, ctx.now().toISOString());
  if (!closed.ok) return { ok: false, problem: closed.problem };
  const item = await agenda.getItem(action.fromItem);
  await publish(
    ctx,
    uow,
    closed.action,
    item ? [{ to: { kind: 'person', aadObjectId: item.createdBy }, view: ACTION_VIEW, banner: 'done' }] : [],
    clicked ? { answered: clicked } : {},
  );
  await agenda.putAction(closed.action);
  return { ok: true, value: closed.action };
}

/** The backlog a curator sees: the open items of the departments they curate, raised ones first. */
export async function backlog(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
): Promise<AgendaOutcome<{ submitted: AgendaItem[]; accepted: AgendaItem[] }>> {
  const actor = await loadActor(ctx, uow, caller);
  const decision = authorizeAgenda(actor, { kind: 'agenda.backlog' });
  if (!decision.allowed) return { ok: false, refusal: decision.reason };
  const departments = new Set(curatedDepartments(actor));
  const mine = (await agendaIn(uow).openItems()).filter((i) => departments.has(i.department));
  return {
    ok: true,
    value: {
      // Oldest first (the store's order): nobody's item waits behind newer ones.
      submitted: mine.filter((i) => i.state === 'submitted'),
      accepted: mine.filter((i) => i.state === 'accepted').sort(agendaOrder),
    },
  };
}

/** The register searched for `words` (`avklaringer <words>`): active entries, best first. */
export async function searchClarifications(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  words: string,
): Promise<AgendaOutcome<Clarification[]>> {
  const decision = authorizeAgenda(await loadActor(ctx, uow, caller), {
    kind: 'agenda.searchClarifications',
  });
  if (!decision.allowed) return { ok: false, refusal: decision.reason };
  // The topics' names are searched too ("familieinnvandring" finds the entries on that topic).
  const index = clarificationIndex(await clarificationsIn(uow).listActive(), await topicsIn(uow).list());
  return { ok: true, value: index.search(words).map((hit) => hit.entry) };
}

/**
 * Approves a proposed entry of the register (the UDI coordinator, having read it over for personal
 * data): it is found and suggested from now on.
 */
export function approveEntry(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  entryId: unknown,
  clicked?: { activityId: string },
): Promise<AgendaOutcome<Clarification>> {
  return reviewEntry(ctx, uow, caller, entryId, approveClarification, clicked);
}

/** Withdraws an entry of the register (the UDI coordinator): it is never suggested or found again. */
export function withdrawEntry(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  entryId: unknown,
  clicked?: { activityId: string },
): Promise<AgendaOutcome<Clarification>> {
  return reviewEntry(ctx, uow, caller, entryId, withdrawClarification, clicked);
}

/** An entry of the register, resolved and authorized, moved by `change`; the reviewers' cards follow. */
async function reviewEntry(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  entryId: unknown,
  change: (entry: Clarification, by: string, at: string) => Result<Clarification, ClarificationError>,
  clicked: { activityId: string } | undefined,
): Promise<AgendaOutcome<Clarification>> {
  const register = clarificationsIn(uow);
  const entry = typeof entryId === 'string' ? await register.get(entryId) : undefined;
  if (!entry) return MISSING;
  const decision = authorizeAgenda(await loadActor(ctx, uow, caller), {
    kind: 'agenda.manageClarifications',
  });
  if (!decision.allowed) return { ok: false, refusal: decision.reason };
  const changed = change(entry, caller.aadObjectId, ctx.now().toISOString());
  if (!changed.ok) return { ok: false, problem: 'not-allowed-in-state' };
  // The other reviewers' cards about it are updated (the clicked one is the answer to the click).
  await publish(ctx, uow, changed.value, [], clicked ? { answered: clicked } : {});
  await register.put(changed.value);
  return { ok: true, value: changed.value };
}

/**
 * Sends a meeting's summary (its items and their outcomes) to the audience its agenda goes to, once
 * the meeting has begun (a curator). The sheet is made if the agenda was never posted.
 */
export async function sendSummary(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  seriesId: unknown,
  occurrence: unknown,
): Promise<AgendaOutcome<AgendaSheet>> {
  const meeting = await targetMeeting(uow, seriesId, occurrence);
  const series = meeting ? await meetingsIn(uow).getSeries(meeting.seriesId) : undefined;
  if (!meeting || !series) return MISSING;
  const actor = await loadActor(ctx, uow, caller);
  const decision = authorizeAgenda(actor, { kind: 'agenda.backlog' });
  if (!decision.allowed) return { ok: false, refusal: decision.reason };
  if (meeting.startMs > ctx.now().getTime()) return { ok: false, problem: 'meeting-ahead' };
  const agenda = agendaIn(uow);
  const at = ctx.now().toISOString();
  const year = ctx.now().getUTCFullYear();
  const sheet =
    (await agenda.getSheet(meeting)) ??
    newSheet(meeting, formatReference('SL', year, await uow.sequences.next('agenda-sheet', year)), at);
  // Sent once: later outcomes update the cards it made in place, so a second send would only repeat it.
  if (Object.hasOwn(sheet.posted, SUMMARY_POSTING)) return { ok: false, problem: 'summary-sent' };
  const roster = await loadRoster(ctx, uow);
  const next = { ...sheet, updatedAt: at, posted: { ...sheet.posted, [SUMMARY_POSTING]: at } };
  await publish(
    ctx,
    uow,
    next,
    recipientsOf(series, audienceOf(series, roster.people, await uow.units.list())).map((to) => ({
      to,
      view: SUMMARY_VIEW,
      origin: caller.aadObjectId,
    })),
  );
  await agenda.putSheet(next);
  return { ok: true, value: next };
}

/** The guidance request a draft is made from, if the caller asked it or answered it. */
export async function draftFromRequest(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  requestId: unknown,
  labels: { answer: string },
): Promise<AgendaOutcome<{ draft: AgendaDraft; reference: string }>> {
  const request = typeof requestId === 'string' ? await guidanceRequestsIn(uow).get(requestId) : undefined;
  if (!request) return MISSING;
  const actor = await loadActor(ctx, uow, caller);
  const decision = authorizeAgenda(actor, { kind: 'agenda.submit' });
  if (!decision.allowed) return { ok: false, refusal: decision.reason };
  const involved =
    request.asker === caller.aadObjectId ||
    request.assignee === caller.aadObjectId ||
    request.messages.some((m) => m.kind === 'answer' && m.by === caller.aadObjectId);
  if (!involved) return { ok: false, refusal: 'not-authorized' };
  const own = actor?.roles.find((r) => r.kind !== 'admin');
  const department = own && 'department' in own ? own.department : 'AUA';
  const draft = draftFromGuidance(request, department, labels);
  if (!draft) return { ok: false, problem: 'not-allowed-in-state' };
  return { ok: true, value: { draft, reference: request.reference } };
}
