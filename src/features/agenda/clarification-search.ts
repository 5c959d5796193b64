/**
 * Finding clarifications again: a search index over the register's active entries (question,
 * clarification and the topic's name), Norwegian-aware, for `avklaringer <words>` and for the up to
 * three earlier clarifications a guidance receipt suggests. Caseworkers write the same thing in many
 * forms ("refleksjonsperioden", "refleksjonsperiodene"), in compounds ("perioden" of
 * "refleksjonsperiode") and with typos, so a substring loop would miss most of what they mean.
 *
 * How text becomes terms (the same for entries and for what people type):
 * - words are split at spaces, punctuation and symbols (Unicode classes, as MiniSearch's own tokenizer
 *   does, and symbols such as § too);
 * - case is folded, and accents other than Norwegian letters are dropped (é → e, ü → u), while æ, ø
 *   and å stay letters of their own ("får" is not "far"); Swedish/German ä and ö, typed on Nordic
 *   keyboards, become æ and ø;
 * - Norwegian stop words (Snowball's list, from `@orama/stopwords`) and a few words every question in
 *   this register has (greetings, "lurer på", "gjelder") are dropped: they would relate everything;
 * - each word is reduced by the Norwegian Snowball stemmer (`@orama/stemmers`), so inflected forms
 *   meet: refleksjonsperiode / -perioden / -periodene → "refleksjonsperiod";
 * - compounds: a long stem is also indexed by its tails (of five letters or more) in a field of its
 *   own, weighted low, so "perioden" finds "refleksjonsperiode" and "tillatelse" finds
 *   "oppholdstillatelse"; a compound's head is found by prefix search ("refleksjon…").
 *
 * Matching (MiniSearch 7, BM25+): a term matches exactly, by prefix (query terms of four letters or
 * more) or within a few edits (fuzzy: one for words of five to eight letters, two up to fourteen, three
 * beyond), prefix and fuzzy matches weighted down by MiniSearch. An entry's score is multiplied by the
 * number of distinct query terms it matched, so an entry matching more of the words ranks first.
 *
 * Scores are given in a unit that does not depend on the register's size: one exact match, in an
 * entry's clarification, of a word that only that entry has. `related` keeps hits of at least
 * RELATED_MIN_SCORE of those units, so a question that shares only a common word, or a near miss, with
 * an entry is not told about it.
 *
 * The index is a pure function of the active entries and the topics' names: built again when they
 * change, and kept while they do not (the last one built, found by what it was built from). Building
 * costs about two milliseconds per thousand words indexed (some 200 ms for 500 long entries, on this
 * project's 2-core machine), so it is done once per change of the register, not per search. Withdrawn entries are not indexed, and every hit is checked once more against the
 * entries the index was asked with.
 */
import { stemmer } from '@orama/stemmers/norwegian';
import { stopwords as snowballStopwords } from '@orama/stopwords/norwegian';
import MiniSearch, { type Query } from 'minisearch';
import type { Clarification } from './clarifications.js';

/** A topic's names (the guidance feature's topics, as much of them as the index reads). */
export interface TopicNames {
  id: string;
  name: { nb: string; en: string };
}

export interface ClarificationHit {
  entry: Clarification;
  /** In units of one exact match of a word only this entry has, in its clarification (see above). */
  score: number;
}

export interface ClarificationIndex {
  /** How many entries it holds (the active ones). */
  readonly size: number;
  /** Entries matching any of the words, best first (at most `limit`, 10 if not given). */
  search(words: string, limit?: number): ClarificationHit[];
  /**
   * Up to `limit` (3) entries that look related to a new guidance question: best first, none below
   * RELATED_MIN_SCORE, and none far below the best one.
   */
  related(text: string, limit?: number): ClarificationHit[];
}

/**
 * Least score of a suggestion: about one word shared with both an entry's question and its
 * clarification, or two words shared with either (the score is multiplied by the number of words
 * matched). One word met once, say "søke" in a clarification about something else, is not enough: the
 * receipt card has room for three, and a caseworker reads a suggestion as "the network has clarified
 * this", so a loose one does more harm than none. So a question sharing a single word with the register,
 * and one that many entries have ("refleksjonsperioden" in a register full of them), gets none either:
 * which three to show would be a guess, and `avklaringer <word>` lists them all.
 */
export const RELATED_MIN_SCORE = 2;
/** A suggestion scores at least this share of the best one (a weak third under a strong first is noise). */
export const RELATED_MIN_SHARE = 0.25;

const DEFAULT_SEARCH_LIMIT = 10;
const DEFAULT_RELATED_LIMIT = 3;
/**
 * Most distinct terms taken from a question for `related` (a guidance question may be 4000
 * characters): the first ones, which is where people say what it is about. Bounds the fuzzy lookups.
 */
const MAX_QUERY_TERMS = 80;

/** Shortest word indexed or searched for (one letter says nothing; digits such as years do). */
const MIN_TERM_LENGTH = 2;
/** Shortest compound tail indexed, and the least length of the head left in front of it. */
const MIN_TAIL_LENGTH = 5;
const MIN_HEAD_LENGTH = 3;

/**
 * Words nearly every question in this register has besides Snowball's stop words: greetings, the
 * phrases people start a question with, and "få" in its forms (Snowball keeps it; "kan hun få …" says
 * nothing of the subject). Kept short on purpose: a subject word (even "sak") is left to BM25, which
 * weighs down words that many entries share.
 */
const REGISTER_STOP_WORDS = [
  'få',
  'får',
  'fått',
  'fikk',
  'hei',
  'hallo',
  'takk',
  'mvh',
  'hilsen',
  'lurer',
  'gjelder',
  'angående',
  'vedrørende',
  'spørsmål',
  'spørsmålet',
];

/** Lower case; accents dropped except on æ, ø and å; ä and ö as æ and ø. */
export function foldWord(word: string): string {
  const lower = word.normalize('NFC').toLowerCase();
  // Plain ASCII and Norwegian letters (most words) need nothing more.
  if (!/[^a-z0-9æøå]/.test(lower)) return lower;
  let folded = '';
  for (const char of lower) {
    if (char < '\u0080' || char === 'æ' || char === 'ø' || char === 'å') folded += char;
    else if (char === 'ä') folded += 'æ';
    else if (char === 'ö') folded += 'ø';
    else folded += char.normalize('NFD').replace(/\p{M}/gu, '');
  }
  return folded;
}

const STOP_WORDS: ReadonlySet<string> = new Set([...snowballStopwords, ...REGISTER_STOP_WORDS].map(foldWord));

/** The term a word is indexed and searched by, or undefined for a stop word or a lone letter. */
export function termOf(word: string): string | undefined {
  const folded = foldWord(word);
  if (folded.length < MIN_TERM_LENGTH || STOP_WORDS.has(folded)) return undefined;
  return stemmer(folded);
}

/** The tails of a compound's stem that are words of their own (refleksjonsperiod → …, period). */
function tailsOf(stem: string): string[] {
  const tails: string[] = [];
  for (let start = MIN_HEAD_LENGTH; stem.length - start >= MIN_TAIL_LENGTH; start++)
    tails.push(stem.slice(start));
  return tails;
}

const SPACE_OR_PUNCTUATION = /[\n\r\p{Z}\p{P}\p{S}]+/u;
const tokenize = (text: string): string[] => text.split(SPACE_OR_PUNCTUATION).filter((word) => word !== '');

/** The distinct terms of a text, in the order they first appear. */
export function termsOf(text: string): string[] {
  const terms = new Set<string>();
  for (const word of tokenize(text)) {
    const term = termOf(word);
    if (term) terms.add(term);
  }
  return [...terms];
}

/** The fields an entry is indexed by; `parts` holds its compounds' tails (weighted low). */
const FIELDS = ['question', 'clarification', 'topic', 'parts'] as const;
type Field = (typeof FIELDS)[number];

/**
 * Weights of the fields: the question says what an entry is about; the clarification says it at
 * more length; the topic's name is shared by many entries; a compound's tail is weaker evidence than
 * a whole word.
 */
const BOOST: Record<Field, number> = { question: 1.5, clarification: 1, topic: 0.5, parts: 0.4 };

/** Typos allowed in a term, by its length: long compounds get more, short words none. */
function fuzziness(term: string): number | false {
  if (term.length < 5) return false;
  if (term.length <= 8) return 1;
  if (term.length <= 14) return 2;
  return 3;
}

interface Document {
  id: string;
  question: string;
  clarification: string;
  topic: string;
}

/** The active entries by id (an id given twice counts once, the later one: MiniSearch refuses twins). */
function activeById(entries: readonly Clarification[]): Map<string, Clarification> {
  const active = new Map<string, Clarification>();
  for (const entry of entries) if (entry.state === 'active') active.set(entry.id, entry);
  return active;
}

interface Engine {
  search: MiniSearch<Document>;
  /** The score of one exact match, in the clarification, of a word only one entry has. */
  unit: number;
}

function buildEngine(entries: readonly Clarification[], topics: ReadonlyMap<string, TopicNames>): Engine {
  // A register repeats its words many times over: each is folded and stemmed once per build.
  const terms = new Map<string, string | undefined>();
  const tails = new Map<string, string[]>();
  const memo = {
    term(word: string): string | undefined {
      if (!terms.has(word)) terms.set(word, termOf(word));
      return terms.get(word);
    },
    tails(stem: string): string[] {
      if (!tails.has(stem)) tails.set(stem, tailsOf(stem));
      return tails.get(stem)!;
    },
  };
  const search = new MiniSearch<Document>({
    fields: [...FIELDS],
    idField: 'id',
    tokenize,
    // `parts` is not a property of the document: it is every word of the entry again, as tails.
    extractField: (document, field) =>
      field === 'parts'
        ? `${document.question} ${document.clarification} ${document.topic}`
        : document[field as keyof Document],
    processTerm: (word, field) => {
      const term = memo.term(word);
      if (!term) return null;
      return field === 'parts' ? memo.tails(term) : term;
    },
    searchOptions: { boost: BOOST },
  });
  search.addAll(
    [...activeById(entries).values()].map((entry) => {
      const topic = entry.topicId ? topics.get(entry.topicId) : undefined;
      return {
        id: entry.id,
        question: entry.question,
        clarification: entry.clarification,
        topic: topic ? `${topic.name.nb} ${topic.name.en}` : '',
      };
    }),
  );
  return { search, unit: exactMatchScore(search.documentCount) };
}

/**
 * BM25+ (MiniSearch's defaults k = 1.2, b = 0.7, d = 0.5) of one occurrence of a term found in one of
 * `count` entries, in a field of average length: idf × (d + 1).
 */
function exactMatchScore(count: number): number {
  return Math.log(1 + (count - 0.5) / 1.5) * 1.5;
}

/**
 * The query for distinct terms: in the main fields with prefix and fuzzy matching, and among the
 * compounds' tails exactly (a tail matched by prefix or typo would be too loose a link).
 */
function queryOf(terms: readonly string[]): Query {
  const words = terms.join(' ');
  // The terms are stems already: matched as they are, not split or stemmed again.
  const asGiven = { tokenize: (text: string) => text.split(' '), processTerm: (term: string) => term };
  return {
    combineWith: 'OR',
    queries: [
      {
        ...asGiven,
        queries: [words],
        fields: ['question', 'clarification', 'topic'],
        prefix: (term: string) => term.length >= 4,
        fuzzy: fuzziness,
      },
      { ...asGiven, queries: [words], fields: ['parts'], prefix: false, fuzzy: false },
    ],
  };
}

/** The last index built, with what it was built from (one register per process: one is enough). */
let cached: { fingerprint: string; engine: Engine } | undefined;

/**
 * Everything an index is built from, as one string: two calls with the same active entries and topic
 * names share an index, however the entries were read. The texts are in it (rather than trusting
 * `updatedAt` alone): comparing them costs far less than indexing them, and nothing made by hand can
 * be mistaken for an earlier register.
 */
function fingerprintOf(entries: readonly Clarification[], topics: readonly TopicNames[]): string {
  const parts: string[] = [];
  for (const entry of entries)
    if (entry.state === 'active')
      parts.push(entry.id, entry.topicId ?? '', entry.question, entry.clarification);
  for (const topic of topics) parts.push(topic.id, topic.name.nb, topic.name.en);
  return parts.join('\u0000');
}

/**
 * The index of the active entries among `entries`, with the names of `topics` (the guidance topics)
 * indexed for the entries on them.
 */
export function clarificationIndex(
  entries: readonly Clarification[],
  topics: readonly TopicNames[] = [],
): ClarificationIndex {
  const fingerprint = fingerprintOf(entries, topics);
  if (cached?.fingerprint !== fingerprint) {
    const byId = new Map(topics.map((topic) => [topic.id, topic]));
    cached = { fingerprint, engine: buildEngine(entries, byId) };
  }
  const { engine } = cached;
  const active = activeById(entries);

  const run = (terms: readonly string[], limit: number): ClarificationHit[] => {
    if (terms.length === 0 || engine.search.documentCount === 0 || limit <= 0) return [];
    const hits: ClarificationHit[] = [];
    for (const result of engine.search.search(queryOf(terms))) {
      // Checked again against the entries given: a withdrawn entry is never returned, whatever the
      // index holds.
      const entry = active.get(result.id as string);
      if (entry?.state !== 'active') continue;
      hits.push({ entry, score: result.score / engine.unit });
      if (hits.length === limit) break;
    }
    return hits;
  };

  return {
    size: engine.search.documentCount,
    search: (words, limit = DEFAULT_SEARCH_LIMIT) => run(termsOf(words), limit),
    related: (text, limit = DEFAULT_RELATED_LIMIT) => {
      const hits = run(termsOf(text).slice(0, MAX_QUERY_TERMS), limit);
      const best = hits[0]?.score ?? 0;
      return hits.filter((hit) => hit.score >= RELATED_MIN_SCORE && hit.score >= best * RELATED_MIN_SHARE);
    },
  };
}
