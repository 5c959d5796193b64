/**
 * The register of clarifications on a card: the search field (kept on the card, so every button on it
 * sends the words searched again), what the register is when nothing was searched yet, the entries
 * found, and for the UDI coordinator in the personal chat the proposed entries first (from guidance
 * answers, marked as waiting for review, each with "Godkjenn"), and an edit button and a withdraw
 * confirmation on each entry (nobody else sees them). "Endre" opens that entry's form in its row, one entry at a
 * time (ten forms prefilled with texts of up to 4000 characters would not fit in a Teams card); a
 * problem with an edit shows the form again with what was typed and the message next to its field.
 * Texts come from the catalog (cards/i18n/<locale>/agenda.json, `agenda.clarifications`).
 */
import type { Choice } from '../../cards/card-data.js';
import { formatDate, type Locale, t } from '../../cards/i18n.js';
import { renderCard } from '../../cards/render.js';
import type {
  ClarificationEditForm,
  ClarificationEditValues,
  ClarificationRow,
  ClarificationsCardData,
} from './clarification-card-data.js';
import type { TopicNames } from './clarification-search.js';
import type { Clarification, ClarificationSource } from './clarifications.js';

/** The longest part of a question a row shows (the rest is in the edit form). */
export const QUESTION_CHARS = 200;
/** The longest part of a clarification a row shows (a guidance answer may be 4000 characters). */
export const CLARIFICATION_CHARS = 600;

/** The edit form's fields (its inputs' ids). */
export const EDIT_FIELDS = ['question', 'clarification', 'decidedOn', 'topicId'] as const;
export type EditField = (typeof EDIT_FIELDS)[number];

/** What the card says was done, on top of it. */
export type ClarificationsBannerKind = 'edited' | 'approved' | 'withdrawn' | 'unchanged' | 'proposed';

/** What went wrong with a field: a code (`missing`, `too-long`, `sensitive`, `invalid`, `refused`). */
export type EditProblems = Partial<Record<EditField | 'form', string>>;

/** The entry whose form is open: what it holds (the entry's own or what was typed) and what is wrong. */
export interface EditingEntry {
  entryId: string;
  /** What was typed; the entry's own values when absent. */
  values?: ClarificationEditValues;
  problems?: EditProblems;
}

export interface ClarificationsView {
  /** The words in the search field. */
  words: string;
  /** The words were refused by the privacy guard (the field is emptied, a message under it). */
  wordsRefused?: boolean;
  /** The entries found, best first (at most ten). */
  found: readonly Clarification[];
  /** The proposed entries waiting for review (the UDI coordinator's; shown first, marked as such). */
  proposed?: readonly Clarification[];
  /** Every guidance topic, retired ones too (an entry keeps a retired topic's name). */
  topics: readonly (TopicNames & { retired?: boolean })[];
  /** A person's name from the roster (the coordinator who answered a guidance question). */
  nameOf: (aadObjectId: string) => string | undefined;
  /** The reader edits and withdraws entries here (the UDI coordinator, in the personal chat). */
  canManage: boolean;
  banner?: ClarificationsBannerKind;
  editing?: EditingEntry;
}

const cut = (text: string, chars: number): string =>
  text.length > chars ? `${text.slice(0, chars - 1).trimEnd()}…` : text;

/** Where a clarification was made, in words. */
export function sourceText(
  locale: Locale,
  source: ClarificationSource,
  nameOf: (aadObjectId: string) => string | undefined,
): string {
  if (source.kind === 'meeting') return t(locale, `agenda.clarifications.source.${source.forum}`);
  const name = nameOf(source.coordinator);
  return name
    ? t(locale, 'agenda.clarifications.source.guidance', { name })
    : t(locale, 'agenda.clarifications.source.guidanceUnnamed');
}

/** The message for a problem with a field of the edit form. */
function problemText(locale: Locale, field: EditField | 'form', code: string): string {
  const key = `agenda.clarifications.errors`;
  if (code === 'refused') return t(locale, `${key}.refused`);
  if (code === 'invalid' && field === 'decidedOn') return t(locale, `${key}.invalidDate`);
  if (code === 'invalid' && field === 'topicId') return t(locale, `${key}.invalidTopic`);
  if (code === 'missing' || code === 'too-long' || code === 'sensitive') return t(locale, `${key}.${code}`);
  return t(locale, `${key}.invalid`);
}

/** The values an entry's form starts from. */
export function entryValues(entry: Clarification): ClarificationEditValues {
  return {
    question: entry.question,
    clarification: entry.clarification,
    decidedOn: entry.decidedOn,
    topicId: entry.topicId ?? '',
  };
}

function editForm(locale: Locale, entry: Clarification, editing: EditingEntry): ClarificationEditForm {
  const errors: ClarificationEditForm['errors'] = {};
  for (const [field, code] of Object.entries(editing.problems ?? {}))
    if (code) errors[field as EditField | 'form'] = problemText(locale, field as EditField | 'form', code);
  return {
    values: editing.values ?? entryValues(entry),
    ...(Object.keys(errors).length > 0 ? { errors } : {}),
  };
}

/** The topics an entry can be put under: the active ones, and the retired one it has, if so. */
function topicChoices(locale: Locale, view: ClarificationsView, entry: Clarification): Choice[] {
  return view.topics
    .filter((topic) => !topic.retired || topic.id === entry.topicId)
    .map((topic) => ({ title: topic.name[locale], value: topic.id }));
}

/** The card's data (exported for tests). */
export function clarificationsData(locale: Locale, view: ClarificationsView): ClarificationsCardData {
  const topicName = (id: string | undefined) => {
    const topic = id ? view.topics.find((x) => x.id === id) : undefined;
    return topic?.name[locale];
  };
  const editing = view.canManage ? view.editing : undefined;
  const proposed = view.canManage ? (view.proposed ?? []) : [];
  const listed = [...proposed, ...view.found];
  const edited = editing ? listed.find((entry) => entry.id === editing.entryId) : undefined;
  const results = listed.map((entry): ClarificationRow => {
    const topic = topicName(entry.topicId);
    return {
      entryId: entry.id,
      reference: entry.reference,
      question: cut(entry.question, QUESTION_CHARS),
      clarification: cut(entry.clarification, CLARIFICATION_CHARS),
      decided: formatDate(locale, entry.decidedOn),
      source: sourceText(locale, entry.source, view.nameOf),
      ...(topic ? { topic } : {}),
      ...(view.canManage ? { manage: true } : {}),
      ...(entry.state === 'proposed' ? { proposed: true } : {}),
      ...(editing && entry === edited ? { edit: editForm(locale, entry, editing) } : {}),
    };
  });
  const words = view.wordsRefused ? '' : view.words;
  return {
    words,
    ...(view.wordsRefused ? { wordsError: t(locale, 'agenda.clarifications.errors.refused') } : {}),
    intro: words.trim() === '',
    noHits: words.trim() !== '' && view.found.length === 0,
    toReview: proposed.length,
    hits: view.found.length,
    results,
    topics: edited ? topicChoices(locale, view, edited) : [],
    ...(view.banner
      ? {
          banner: {
            text: t(locale, `agenda.clarifications.banners.${view.banner}`),
            style: view.banner === 'unchanged' || view.banner === 'proposed' ? 'default' : 'good',
          },
        }
      : {}),
  };
}

/** The register's card: the search, what was found, and the UDI coordinator's tools. */
export function clarificationsCard(locale: Locale, view: ClarificationsView) {
  return renderCard('clarifications', clarificationsData(locale, view), locale);
}
