/**
 * The register of clarifications on cards: searching it (`avklaringer <ord>` / `clarifications
 * <words>`), and the UDI coordinator's reviews (approving proposed entries), edits and withdrawals.
 *
 * The words searched stay in the card's search field, so every button on the card sends them again
 * (card data holds ids only) and the answer to an edit or a withdrawal is the same search, with a
 * banner. "Endre" is the search again with the entry's id: its form opens in its row, one at a time
 * (prefilled forms for every entry found would not fit in a card).
 */
import { loadActor, loadRoster } from '../../app/actor.js';
import type { AppContext } from '../../app/context.js';
import {
  type ActionRequest,
  act,
  type CommandSpec,
  type HelpCommandEntry,
  textOf,
  type VerbSpec,
} from '../../app/feature.js';
import type { Turn } from '../../app/turn.js';
import type { AdaptiveCardJson } from '../../cards/render.js';
import { noticeCard } from '../../views/cards.js';
import { refuse } from '../../views/refusal.js';
import { topicsIn } from '../guidance/guidance-store.js';
import { approveEntry, searchClarifications, withdrawEntry } from './agenda.js';
import { authorizeAgenda } from './agenda-policy.js';
import type { ClarificationEditValues } from './clarification-card-data.js';
import { editEntry } from './clarification-edits.js';
import { clarificationsIn } from './clarification-store.js';
import {
  type ClarificationsBannerKind,
  clarificationsCard,
  EDIT_FIELDS,
  type EditingEntry,
  type EditProblems,
} from './clarification-views.js';

// The card data types join the core's map of card data.
export type { ClarificationsCardData } from './clarification-card-data.js';

/** The most entries a search shows (searchClarifications' own limit). */
export const MAX_ROWS = 10;
/** The longest search taken (the field's maxLength; anything longer is cut). */
export const WORDS_LIMIT = 200;

/** The words in the card's search field (or typed after the command). */
function wordsOf(request: ActionRequest): string {
  if (request.refused.includes('words')) return '';
  return (textOf(request.data.words) ?? '').trim().slice(0, WORDS_LIMIT);
}

/** The register searched for the card's words, as the caller sees it, with a banner or a form open. */
async function registerCard(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
  options: { banner?: ClarificationsBannerKind; editing?: EditingEntry } = {},
): Promise<AdaptiveCardJson> {
  const { caller, locale } = request;
  const words = wordsOf(request);
  const found = await searchClarifications(app, turn.uow, caller, words);
  if (!found.ok)
    return 'refusal' in found ? refuse(app, turn, request, found.refusal) : noticeCard(locale, 'stale');
  const actor = await loadActor(app, turn.uow, caller);
  // The tools are for the UDI coordinator in their own chat (a channel's card is everyone's).
  const canManage =
    request.scope === 'personal' && authorizeAgenda(actor, { kind: 'agenda.manageClarifications' }).allowed;
  let entries = found.value.slice(0, MAX_ROWS);
  // The proposed entries wait for the UDI coordinator's review: listed first, whatever was searched.
  const proposed = canManage ? (await clarificationsIn(turn.uow).listProposed()).slice(0, MAX_ROWS) : [];
  const editing = canManage ? options.editing : undefined;
  if (editing && ![...proposed, ...entries].some((entry) => entry.id === editing.entryId)) {
    // The entry being edited stays on the card, whatever the words find now.
    const entry = await clarificationsIn(turn.uow).get(editing.entryId);
    if (entry?.state === 'active') entries = [entry, ...entries].slice(0, MAX_ROWS);
  }
  const roster = await loadRoster(app, turn.uow);
  return clarificationsCard(locale, {
    words,
    wordsRefused: request.refused.includes('words'),
    found: entries,
    proposed,
    topics: await topicsIn(turn.uow).list(),
    nameOf: (id) => roster.nameOf(id),
    canManage,
    ...(options.banner ? { banner: options.banner } : {}),
    ...(editing ? { editing } : {}),
  });
}

/**
 * Whether the caller may edit and withdraw here: undefined when they may, else the card answering
 * them (a refusal, or "in the personal chat only").
 */
async function mayManage(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
): Promise<AdaptiveCardJson | undefined> {
  const decision = authorizeAgenda(await loadActor(app, turn.uow, request.caller), {
    kind: 'agenda.manageClarifications',
  });
  if (!decision.allowed) return refuse(app, turn, request, decision.reason);
  if (request.scope !== 'personal') return noticeCard(request.locale, 'personalOnly');
  return undefined;
}

/** The proposed or active entry a card names, if there is one (a withdrawn one is not edited). */
async function activeEntryId(turn: Turn, entryId: unknown): Promise<string | undefined> {
  const id = textOf(entryId);
  const entry = id ? await clarificationsIn(turn.uow).get(id) : undefined;
  return entry && entry.state !== 'withdrawn' ? entry.id : undefined;
}

/**
 * The search (the words in the card's field, or typed after the command). With an entry's id (its
 * "Endre" button), the UDI coordinator gets that entry's form open in its row.
 */
const search: VerbSpec = {
  mode: 'read',
  reads: ['words', 'entryId'],
  run: async (app, turn, request) => {
    const { data, refused } = request;
    if (data.entryId === undefined && !refused.includes('entryId')) return registerCard(app, turn, request);
    const refusal = await mayManage(app, turn, request);
    if (refusal) return refusal;
    const entryId = refused.includes('entryId') ? undefined : await activeEntryId(turn, data.entryId);
    if (!entryId) return noticeCard(request.locale, 'stale');
    return registerCard(app, turn, request, { editing: { entryId } });
  },
};

const edit = act(['entryId', 'words', ...EDIT_FIELDS], async (app, turn, request) => {
  const { data, refused, locale } = request;
  if (turn.duplicate) return registerCard(app, turn, request);
  const refusal = await mayManage(app, turn, request);
  if (refusal) return refusal;
  const entryId = refused.includes('entryId') ? undefined : await activeEntryId(turn, data.entryId);
  if (!entryId) return noticeCard(locale, 'stale');

  const values = {} as ClarificationEditValues;
  for (const field of EDIT_FIELDS) values[field] = textOf(data[field]) ?? '';
  // What the privacy guard refused is said next to its field (emptied); what else was typed stays.
  if (refused.length > 0) {
    const problems: EditProblems = {};
    for (const field of EDIT_FIELDS)
      if (refused.includes(field)) {
        problems[field] = 'refused';
        values[field] = '';
      }
    return registerCard(app, turn, request, { editing: { entryId, values, problems } });
  }

  const edited = await editEntry(app, turn.uow, request.caller, entryId, values, request.clickedCard);
  if (edited.ok) return registerCard(app, turn, request, { banner: 'edited' });
  if ('unchanged' in edited) return registerCard(app, turn, request, { banner: 'unchanged' });
  if ('refusal' in edited) return refuse(app, turn, request, edited.refusal);
  if ('problems' in edited) {
    const problems: EditProblems = {};
    for (const field of EDIT_FIELDS) {
      const problem = edited.problems[field];
      if (!problem) continue;
      problems[field] = problem;
      // Text the register would not keep is not shown again either.
      if (problem === 'sensitive') values[field] = '';
    }
    return registerCard(app, turn, request, { editing: { entryId, values, problems } });
  }
  return noticeCard(locale, 'stale');
});

const withdraw = act(['entryId', 'words'], async (app, turn, request) => {
  const { data, refused, locale } = request;
  if (turn.duplicate) return registerCard(app, turn, request);
  const refusal = await mayManage(app, turn, request);
  if (refusal) return refusal;
  if (refused.includes('entryId')) return noticeCard(locale, 'stale');
  // Refused words stop it: the card comes back with the message at the search field.
  if (refused.length > 0) return registerCard(app, turn, request);
  const withdrawn = await withdrawEntry(app, turn.uow, request.caller, data.entryId, request.clickedCard);
  if (withdrawn.ok) return registerCard(app, turn, request, { banner: 'withdrawn' });
  if ('refusal' in withdrawn) return refuse(app, turn, request, withdrawn.refusal);
  return noticeCard(locale, 'stale');
});

/** "Godkjenn" on a proposed entry: it is found and suggested from now on. */
const approve = act(['entryId', 'words'], async (app, turn, request) => {
  const { data, refused, locale } = request;
  if (turn.duplicate) return registerCard(app, turn, request);
  const refusal = await mayManage(app, turn, request);
  if (refusal) return refusal;
  if (refused.includes('entryId')) return noticeCard(locale, 'stale');
  // Refused words stop it: the card comes back with the message at the search field.
  if (refused.length > 0) return registerCard(app, turn, request);
  const approved = await approveEntry(app, turn.uow, request.caller, data.entryId, request.clickedCard);
  if (approved.ok) return registerCard(app, turn, request, { banner: 'approved' });
  if ('refusal' in approved) return refuse(app, turn, request, approved.refusal);
  return noticeCard(locale, 'stale');
});

export const clarificationVerbs: Readonly<Record<string, VerbSpec>> = {
  'agenda.clarifications': search,
  'agenda.editClarification': edit,
  'agenda.approveClarification': approve,
  'agenda.withdrawClarification': withdraw,
};

/** `avklaringer <ord>` / `clarifications <words>`: the search, with the words typed after it. */
export const clarificationCommands: readonly CommandSpec[] = [
  {
    name: 'clarifications',
    words: ['avklaringer', 'clarifications', 'avklaring', 'clarification'],
    textKey: 'words',
    run: { verb: 'agenda.clarifications' },
  },
];

/** The help card's line about it, for every member. */
export const clarificationHelp: readonly HelpCommandEntry[] = [
  {
    command: 'clarifications',
    key: 'agenda.clarifications.help',
    audience: (who) => who.isMember,
    order: 62,
  },
];
