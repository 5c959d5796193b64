/**
 * Editing an entry of the register of clarifications (the UDI coordinator): authorized from the stored
 * roster, the entry resolved in the store by the card's id, the topic checked against the stored
 * guidance topics, the rules of clarifications.ts applied, and the entry put back. Runs in the caller's
 * unit of work.
 */
import { loadActor } from '../../app/actor.js';
import type { AppContext, Caller } from '../../app/context.js';
import { publish } from '../../app/live-cards.js';
import type { IsoDate } from '../../domain/working-days.js';
import type { UnitOfWork } from '../../store/store.js';
import { topicsIn } from '../guidance/guidance-store.js';
import type { AgendaOutcome } from './agenda.js';
import { authorizeAgenda } from './agenda-policy.js';
import { clarificationsIn } from './clarification-store.js';
import { type Clarification, editClarification } from './clarifications.js';

/** What the edit form holds (card data: checked here). */
export interface EntryEdit {
  question: string;
  clarification: string;
  /** 'YYYY-MM-DD' as an Input.Date sends it. */
  decidedOn: string;
  /** A guidance topic's id, or '' for none. */
  topicId: string;
}

/** Edits an entry; `problems` by field (missing, too-long, sensitive, invalid), or 'unchanged'. */
export async function editEntry(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  entryId: unknown,
  edit: EntryEdit,
  clicked?: { activityId: string },
): Promise<AgendaOutcome<Clarification> | { ok: false; unchanged: true }> {
  const decision = authorizeAgenda(await loadActor(ctx, uow, caller), {
    kind: 'agenda.manageClarifications',
  });
  if (!decision.allowed) return { ok: false, refusal: decision.reason };
  const register = clarificationsIn(uow);
  const entry = typeof entryId === 'string' ? await register.get(entryId) : undefined;
  if (!entry) return { ok: false, missing: true };

  // A topic must be one of the stored topics (a retired one only if the entry has it already).
  const topicId = edit.topicId.trim();
  const topics = await topicsIn(uow).list();
  const topicKnown =
    topicId === '' ||
    topics.some((topic) => topic.id === topicId && (!topic.retired || topicId === entry.topicId));
  const edited = editClarification(
    entry,
    {
      question: edit.question,
      clarification: edit.clarification,
      decidedOn: edit.decidedOn as IsoDate,
      topicId: topicId === '' ? null : topicId,
    },
    caller.aadObjectId,
    ctx.now().toISOString(),
  );
  if (!edited.ok) {
    const error = edited.error;
    if (error.kind === 'not-allowed-in-state') return { ok: false, problem: 'not-allowed-in-state' };
    if (error.kind === 'unchanged') return topicKnown ? { ok: false, unchanged: true } : topicProblem();
    const problems: Record<string, string> = {};
    for (const [field, problem] of Object.entries(error.problems)) if (problem) problems[field] = problem;
    if (!topicKnown) problems.topicId = 'invalid';
    return { ok: false, problems };
  }
  if (!topicKnown) return topicProblem();
  // The reviewers' cards about a proposed entry show the new text (the clicked one is the answer).
  await publish(ctx, uow, edited.value, [], clicked ? { answered: clicked } : {});
  await register.put(edited.value);
  return { ok: true, value: edited.value };
}

const topicProblem = () => ({ ok: false as const, problems: { topicId: 'invalid' } });
