/**
 * The yearly duties' use cases: open a KOM round (every department's input requested, its
 * coordinator asked on a card), submit a department's input (changeable until the round closes; the
 * UDI coordinator's round card kept current, the compiled input sent once every department has
 * answered), close a round, record that KOM's report is published (the MH-code deletion task created
 * and sent), mark the deletion task done, and the reads behind the cards. Each runs in the caller's
 * unit of work, authorizes from the stored roster (duties-policy.ts), resolves every id from a card in
 * the store, and tells people through the live-card engine.
 */
import { loadActor, loadRoster } from '../../app/actor.js';
import type { AppContext, Caller } from '../../app/context.js';
import { adopt, publish } from '../../app/live-cards.js';
import type { Refusal } from '../../domain/policy.js';
import type { Person } from '../../domain/roster.js';
import { formatReference } from '../../domain/tracked-item.js';
import { osloDate } from '../../domain/working-days.js';
import type { UnitOfWork } from '../../store/store.js';
import { authorizeDuties, departmentLeads, udiLeads } from './duties-policy.js';
import { dutiesIn } from './duties-store.js';
import {
  closeRound,
  type InputDraft,
  type InputProblem,
  type KomInput,
  type KomRound,
  newInput,
  newRound,
  publishRound,
  type RoundDraft,
  roundDraftProblems,
  submitInputDraft,
  withRoundStep,
} from './kom-rounds.js';
import { type MhDeletion, markDone, newDeletion } from './mh-deletions.js';

/** The views of the items' cards. */
export const ROUND_VIEW = 'kom-round';
export const INPUT_VIEW = 'kom-input';
export const DELETION_VIEW = 'mh-deletion';

/** The banners the outbox's cards carry (their texts: duties.<card>.banners.<code>). */
export const DUTY_BANNERS = {
  open: 'open',
  reminder: 'reminder',
  nudge: 'nudge',
  unanswered: 'unanswered',
  compiled: 'compiled',
  created: 'created',
  weekly: 'weekly',
} as const;

/** The prefixes of the references: K-2027-0001 (a round and its inputs), M-2027-0001 (a deletion task). */
export const ROUND_PREFIX = 'K';
export const DELETION_PREFIX = 'M';

export type DutyOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; refusal: Refusal }
  /** What someone filled in is not right, by field. */
  | { ok: false; problems: Record<string, string> }
  /** A rule says no (the round is closed, the publication recorded already, the task done). */
  | { ok: false; problem: InputProblem | 'already' | 'done' }
  /** An id from the card names nothing in the store. */
  | { ok: false; missing: true };

const MISSING = { ok: false as const, missing: true as const };
const person = (p: Person) => ({ kind: 'person' as const, aadObjectId: p.aadObjectId });

async function manager(ctx: AppContext, uow: UnitOfWork, caller: Caller): Promise<Refusal | undefined> {
  const decision = authorizeDuties(await loadActor(ctx, uow, caller), { kind: 'duties.manage' });
  return decision.allowed ? undefined : decision.reason;
}

/** The UDI coordinator's cards go to these people (AUA's deputies when it has no coordinator). */
export async function udiRecipients(ctx: AppContext, uow: UnitOfWork, except?: string) {
  return udiLeads((await loadRoster(ctx, uow)).people)
    .filter((p) => p.aadObjectId !== except)
    .map(person);
}

/** A department's input cards go to these people. */
export async function inputRecipients(ctx: AppContext, uow: UnitOfWork, input: Pick<KomInput, 'department'>) {
  return departmentLeads((await loadRoster(ctx, uow)).people, input.department).map(person);
}

/** The round's draft from card data (untrusted). */
export function roundDraftFrom(data: Record<string, unknown>): RoundDraft {
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : '');
  return {
    year: typeof data.year === 'number' ? String(data.year) : text('year'),
    deadline: text('deadline'),
  };
}

/**
 * Opens the round for a report year (the UDI coordinator or AUA's deputy): every department's input
 * requested, its coordinator asked on a card. The card clicked becomes the opener's live round card.
 */
export async function openKomRound(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  draft: RoundDraft,
  clicked?: { activityId: string; conversationId: string },
): Promise<DutyOutcome<KomRound>> {
  const refusal = await manager(ctx, uow, caller);
  if (refusal) return { ok: false, refusal };
  const duties = dutiesIn(uow);
  const now = ctx.now();
  const today = osloDate(now);
  const existing = new Set<number>();
  const typedYear = Number(draft.year.trim());
  if (Number.isInteger(typedYear) && (await duties.round(typedYear))) existing.add(typedYear);
  const problems = roundDraftProblems(draft, today, (y) => existing.has(y));
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const at = now.toISOString();
  const year = Number(draft.year.trim());
  const openedIn = Number(today.slice(0, 4));
  const reference = formatReference(ROUND_PREFIX, openedIn, await uow.sequences.next('kom-round', openedIn));
  const round = newRound(year, draft.deadline.trim(), reference, caller.aadObjectId, at);
  for (const department of round.departments) {
    const input = newInput(round, department, at);
    await publish(
      ctx,
      uow,
      input,
      (await inputRecipients(ctx, uow, input)).map((to) => ({
        to,
        view: INPUT_VIEW,
        banner: DUTY_BANNERS.open,
        origin: caller.aadObjectId,
      })),
    );
    await duties.putInput(input);
  }
  if (clicked)
    adopt(round, { kind: 'person', aadObjectId: caller.aadObjectId }, { view: ROUND_VIEW, ...clicked });
  await duties.putRound(round);
  return { ok: true, value: round };
}

/** What a department coordinator submits, from card data (untrusted: every value checked). */
export function inputDraftFrom(data: Record<string, unknown>, fields: readonly string[]): InputDraft {
  const figures: Record<string, string | number | undefined> = {};
  for (const field of fields) {
    const value = data[field];
    if (typeof value === 'string' || typeof value === 'number') figures[field] = value;
  }
  return { text: typeof data.text === 'string' ? data.text : '', figures };
}

/**
 * Submits (or changes) a department's input (its coordinator or deputy), until the round closes. The
 * UDI coordinator's round cards are updated; once every department has answered, the compiled input
 * is sent to the UDI coordinator (once).
 */
export async function submitKomInput(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  id: unknown,
  draft: InputDraft,
  clicked?: { activityId: string },
): Promise<DutyOutcome<KomInput>> {
  const duties = dutiesIn(uow);
  const input = typeof id === 'string' ? await duties.inputById(id) : undefined;
  const round = input ? await duties.round(input.year) : undefined;
  if (!input || !round) return MISSING;
  const decision = authorizeDuties(await loadActor(ctx, uow, caller), {
    kind: 'duties.submit',
    department: input.department,
  });
  if (!decision.allowed) return { ok: false, refusal: decision.reason };
  const at = ctx.now().toISOString();
  const result = submitInputDraft(input, round, draft, caller.aadObjectId, at);
  if (!result.ok) return result;
  await publish(ctx, uow, result.input, [], clicked ? { answered: clicked } : {});
  await duties.putInput(result.input);
  await afterInput(ctx, uow, round);
  return { ok: true, value: result.input };
}

/** After an input: the round's cards updated; the compiled input sent once everyone has answered. */
async function afterInput(ctx: AppContext, uow: UnitOfWork, round: KomRound): Promise<void> {
  const duties = dutiesIn(uow);
  const inputs = await duties.inputsOf(round.year);
  const everyone = round.departments.every((d) =>
    inputs.some((i) => i.department === d && i.state === 'submitted'),
  );
  const at = ctx.now().toISOString();
  if (everyone && round.compiledAt === undefined) {
    const next = withRoundStep(round, { action: 'compiled' }, at);
    await publish(
      ctx,
      uow,
      next,
      (await udiRecipients(ctx, uow)).map((to) => ({ to, view: ROUND_VIEW, banner: DUTY_BANNERS.compiled })),
    );
    await duties.putRound(next);
    return;
  }
  const next = { ...round, updatedAt: at };
  await publish(ctx, uow, next, []);
  await duties.putRound(next);
}

/** The round named by card data, for a manager. */
async function managedRound(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  id: unknown,
): Promise<DutyOutcome<KomRound>> {
  const round = typeof id === 'string' ? await dutiesIn(uow).roundById(id) : undefined;
  if (!round) return MISSING;
  const refusal = await manager(ctx, uow, caller);
  if (refusal) return { ok: false, refusal };
  return { ok: true, value: round };
}

/** The inputs' cards after their round closed (no form any more). */
async function refreshInputs(ctx: AppContext, uow: UnitOfWork, round: KomRound): Promise<void> {
  const duties = dutiesIn(uow);
  for (const input of await duties.inputsOf(round.year)) {
    const next = { ...input, updatedAt: ctx.now().toISOString() };
    await publish(ctx, uow, next, []);
    await duties.putInput(next);
  }
}

/** Closes a round (a manager): the inputs can no longer be changed. */
export async function closeKomRound(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  id: unknown,
  clicked?: { activityId: string },
): Promise<DutyOutcome<KomRound>> {
  const found = await managedRound(ctx, uow, caller, id);
  if (!found.ok) return found;
  if (found.value.state === 'closed') return { ok: false, problem: 'round-closed' };
  const next = closeRound(found.value, caller.aadObjectId, ctx.now().toISOString());
  await publish(ctx, uow, next, [], clicked ? { answered: clicked } : {});
  await dutiesIn(uow).putRound(next);
  await refreshInputs(ctx, uow, next);
  return { ok: true, value: next };
}

/**
 * Records that KOM's report for the round's year was published on `publishedOn` (a manager): the
 * round closes if it was open, and the MH-code deletion task is created and sent to the UDI
 * coordinator (reminded weekly until done).
 */
export async function recordPublication(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  id: unknown,
  publishedOn: string,
  clicked?: { activityId: string },
): Promise<DutyOutcome<{ round: KomRound; deletion: MhDeletion }>> {
  const found = await managedRound(ctx, uow, caller, id);
  if (!found.ok) return found;
  const now = ctx.now();
  const at = now.toISOString();
  const result = publishRound(found.value, publishedOn, osloDate(now), caller.aadObjectId, at);
  if (!result.ok)
    return result.problem === 'already'
      ? { ok: false, problem: 'already' }
      : { ok: false, problems: { publishedOn: result.problem } };
  const duties = dutiesIn(uow);
  const wasOpen = found.value.state === 'open';
  await publish(ctx, uow, result.round, [], clicked ? { answered: clicked } : {});
  await duties.putRound(result.round);
  if (wasOpen) await refreshInputs(ctx, uow, result.round);
  const year = found.value.year;
  let deletion = await duties.deletion(year);
  if (!deletion) {
    const thisYear = Number(osloDate(now).slice(0, 4));
    const reference = formatReference(
      DELETION_PREFIX,
      thisYear,
      await uow.sequences.next('mh-deletion', thisYear),
    );
    deletion = newDeletion(year, result.round.publishedOn!, reference, caller.aadObjectId, at);
    await publish(
      ctx,
      uow,
      deletion,
      (await udiRecipients(ctx, uow)).map((to) => ({
        to,
        view: DELETION_VIEW,
        banner: DUTY_BANNERS.created,
      })),
    );
    await duties.putDeletion(deletion);
  }
  return { ok: true, value: { round: result.round, deletion } };
}

/** Marks the MH-code deletion task done (a manager): the day is recorded; reminders stop. */
export async function markDeletionDone(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  id: unknown,
  clicked?: { activityId: string },
): Promise<DutyOutcome<MhDeletion>> {
  const duties = dutiesIn(uow);
  const task = typeof id === 'string' ? await duties.deletionById(id) : undefined;
  if (!task) return MISSING;
  const refusal = await manager(ctx, uow, caller);
  if (refusal) return { ok: false, refusal };
  const next = markDone(task, caller.aadObjectId, ctx.now().toISOString());
  if (!next) return { ok: false, problem: 'done' };
  await publish(ctx, uow, next, [], clicked ? { answered: clicked } : {});
  await duties.putDeletion(next);
  return { ok: true, value: next };
}
