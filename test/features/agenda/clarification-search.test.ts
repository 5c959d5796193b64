import { expect } from 'chai';
import {
  type ClarificationHit,
  clarificationIndex,
  RELATED_MIN_SCORE,
  termsOf,
} from '../../../src/features/agenda/clarification-search.js';
import {
  type Clarification,
  editClarification,
  withdrawClarification,
} from '../../../src/features/agenda/clarifications.js';
import { AT, entry, REGISTER, TOPICS, UDI } from './clarification-register.js';

const ids = (hits: readonly ClarificationHit[]) => hits.map((hit) => hit.entry.id);

const withdrawn = (item: Clarification): Clarification => {
  const result = withdrawClarification(item, UDI, AT);
  if (!result.ok) throw new Error('withdraw failed');
  return result.value;
};

/** Entries written in the base forms; every search below uses another form of the word. */
const BASE_FORMS: readonly Clarification[] = [
  entry('p', 'Hvor lang er en refleksjonsperiode?', 'Seks måneder fra innvilgelse.'),
  entry(
    'o',
    'Når gis begrenset oppholdstillatelse?',
    'Når politiet trenger søkeren i landet under etterforskning.',
  ),
  entry('a', 'Kan et avslag påklages?', 'Ja, innen tre uker, som ellers i utlendingssaker.'),
  entry(
    'm',
    'Hvilken mal brukes for melding til KOM?',
    'Nettverkets mal for årsrapport, fylt ut av UDI-koordinatoren.',
  ),
  entry('t', 'Hvordan tilrettelegges intervjuet?', 'Med pauser og en særskilt kompetent intervjuer.'),
];

describe('clarification search: Norwegian word forms', () => {
  const index = () => clarificationIndex(BASE_FORMS);

  for (const [words, expected] of [
    ['refleksjonsperioden', 'p'],
    ['refleksjonsperiodene', 'p'],
    ['Refleksjonsperiodens', 'p'],
    ['oppholdstillatelsen', 'o'],
    ['oppholdstillatelser', 'o'],
    ['avslaget', 'a'],
    ['avslagene', 'a'],
  ] as const) {
    it(`finds the entry in the base form by "${words}"`, () => {
      expect(ids(index().search(words))).to.deep.equal([expected]);
    });
  }

  it('gives the inflected forms of a word one term (the Snowball stemmer), and other words other terms', () => {
    expect(termsOf('refleksjonsperiode refleksjonsperioden refleksjonsperiodene')).to.have.length(1);
    expect(
      termsOf('oppholdstillatelse oppholdstillatelsen oppholdstillatelser oppholdstillatelsene'),
    ).to.have.length(1);
    expect(termsOf('avslag avslaget avslagene')).to.have.length(1);
    expect(termsOf('avslag oppholdstillatelse refleksjonsperiode')).to.have.length(3);
  });

  it('finds a compound by its tail ("perioden" in "refleksjonsperiode", "tillatelsene" in "oppholdstillatelse")', () => {
    expect(ids(index().search('perioden'))).to.deep.equal(['p']);
    expect(ids(index().search('tillatelsene'))).to.deep.equal(['o']);
  });

  it('finds a compound by its head ("refleksjon")', () => {
    expect(ids(index().search('refleksjon'))).to.deep.equal(['p']);
  });

  it('finds a long word with a typo ("refleksjonsperiodn", "oppholdstilatelse")', () => {
    expect(ids(index().search('refleksjonsperiodn'))).to.deep.equal(['p']);
    expect(ids(index().search('oppholdstilatelse'))).to.deep.equal(['o']);
  });

  it('ignores case and accents, but keeps æ, ø and å letters of their own ("mål" is not "mal")', () => {
    expect(ids(index().search('AVSLAG'))).to.deep.equal(['a']);
    expect(ids(index().search('mal'))).to.deep.equal(['m']);
    expect(index().search('mål')).to.deep.equal([]);
    expect(ids(index().search('årsrapporten'))).to.deep.equal(['m']);
  });

  it('drops other accents: "ide" finds "idé" (a word too short for typos to match)', () => {
    const index = clarificationIndex([entry('i', 'Er det en god idé å samle sakene?', 'Ja.'), ...BASE_FORMS]);
    expect(ids(index.search('ide'))).to.deep.equal(['i']);
    expect(ids(index.search('IDÉ'))).to.deep.equal(['i']);
  });

  it('reads ø and æ typed as Swedish ö and ä (Nordic keyboards)', () => {
    const index = clarificationIndex([
      entry('d', 'Tolk for døve?', 'Tegnspråktolk bestilles som annen tolk.'),
      entry('s', 'Om søknaden', 'Søknaden behandles først.'),
    ]);
    expect(ids(index.search('döv'))).to.deep.equal(['d']);
    expect(ids(index.search('söknad'))).to.deep.equal(['s']);
  });

  it('drops stop words: a query of them alone finds nothing, and they do not make a match', () => {
    expect(termsOf('Hvordan kan jeg få det til?')).to.deep.equal([]);
    expect(index().search('hvor er det')).to.deep.equal([]);
    expect(index().search('')).to.deep.equal([]);
  });

  it('finds nothing in an empty register', () => {
    expect(clarificationIndex([]).search('avslag')).to.deep.equal([]);
    expect(clarificationIndex([]).related('Kan et avslag påklages?')).to.deep.equal([]);
  });

  it('searches the topic’s name too', () => {
    const onTopic = entry('r', 'Hvem avklarer reisen?', 'Returenheten.', { topicId: 'return' });
    expect(ids(clarificationIndex([onTopic], TOPICS).search('sårbare grupper'))).to.deep.equal(['r']);
    expect(clarificationIndex([onTopic]).search('sårbare grupper')).to.deep.equal([]);
  });
});

describe('clarification search: ranking', () => {
  it('ranks an entry matching more of the words above one matching fewer, even where the fewer match often', () => {
    const register = [
      entry(
        'one-word',
        'Refleksjonsperiode: når begynner refleksjonsperioden?',
        'Refleksjonsperioden begynner når refleksjonsperioden er innvilget.',
      ),
      entry('two-words', 'Om klage', 'Et avslag i refleksjonsperioden kan påklages.'),
      entry('other', 'Om tolk', 'Tolk bestilles av saksbehandler.'),
    ];
    const hits = clarificationIndex(register).search('avslag refleksjonsperioden');
    expect(ids(hits)).to.deep.equal(['two-words', 'one-word']);
    expect(hits[0]!.score).to.be.greaterThan(hits[1]!.score);
  });

  it('keeps to the limit, best first', () => {
    const hits = clarificationIndex(REGISTER, TOPICS).search(
      'søker oppholdstillatelse refleksjonsperiode',
      2,
    );
    expect(ids(hits)).to.deep.equal(['1', '2']);
  });
});

describe('clarification search: withdrawn entries', () => {
  const best = entry('best', 'Forlenges refleksjonsperioden?', 'Refleksjonsperioden forlenges ikke.');
  const weaker = entry(
    'weaker',
    'Om perioder',
    'Søknad om begrenset oppholdstillatelse kan sendes i refleksjonsperioden.',
  );

  it('never returns a withdrawn entry, also when it is the best match', () => {
    expect(ids(clarificationIndex([best, weaker]).search('refleksjonsperioden forlenges'))[0]).to.equal(
      'best',
    );
    const index = clarificationIndex([withdrawn(best), weaker]);
    expect(ids(index.search('refleksjonsperioden forlenges'))).to.deep.equal(['weaker']);
    expect(ids(index.search('forlenges'))).to.deep.equal([]);
  });

  it('never suggests a withdrawn entry, also when it is the best match', () => {
    const question = 'Kan refleksjonsperioden forlenges for henne?';
    expect(ids(clarificationIndex([best, weaker]).related(question))).to.deep.equal(['best']);
    expect(clarificationIndex([withdrawn(best), weaker]).related(question)).to.deep.equal([]);
  });

  it('an entry withdrawn after an index was built is gone from the next one (the index is not kept stale)', () => {
    expect(ids(clarificationIndex([best, weaker]).search('forlenges'))).to.deep.equal(['best']);
    expect(clarificationIndex([withdrawn(best), weaker]).search('forlenges')).to.deep.equal([]);
    expect(ids(clarificationIndex([best, weaker]).search('forlenges'))).to.deep.equal(['best']);
  });

  it('an edited entry is found by its new words only', () => {
    const edited = editClarification(best, { clarification: 'Perioden kan ikke utvides.' }, UDI, AT);
    if (!edited.ok) throw new Error('edit failed');
    expect(ids(clarificationIndex([best, weaker]).search('refleksjonsperioden forlenges ikke'))).to.include(
      'best',
    );
    const index = clarificationIndex([edited.value, weaker]);
    expect(ids(index.search('utvides'))).to.deep.equal(['best']);
    expect(ids(index.search('ikke'))).to.deep.equal([]);
  });

  it('does not index a withdrawn entry', () => {
    expect(clarificationIndex([best, weaker]).size).to.equal(2);
    expect(clarificationIndex([withdrawn(best), weaker]).size).to.equal(1);
  });

  it('returns nothing when every entry is withdrawn', () => {
    const index = clarificationIndex([withdrawn(best), withdrawn(weaker)]);
    expect(index.size).to.equal(0);
    expect(index.search('refleksjonsperioden')).to.deep.equal([]);
    expect(index.related('Kan refleksjonsperioden forlenges?')).to.deep.equal([]);
  });
});

describe('clarification search: proposed entries (guidance answers not yet approved)', () => {
  const GUIDANCE = { kind: 'guidance', requestId: 'req-1', coordinator: 'opa' } as const;
  const proposed = entry(
    'proposed',
    'Forlenges refleksjonsperioden?',
    'Refleksjonsperioden forlenges ikke.',
    {
      source: GUIDANCE,
      proposed: true,
    },
  );
  const approved = entry(
    'proposed',
    'Forlenges refleksjonsperioden?',
    'Refleksjonsperioden forlenges ikke.',
    {
      source: GUIDANCE,
    },
  );

  it('neither finds nor suggests a proposed entry, nor indexes it; once approved it is both', () => {
    expect(proposed.state).to.equal('proposed');
    const index = clarificationIndex([proposed]);
    expect(index.size).to.equal(0);
    expect(index.search('refleksjonsperioden forlenges')).to.deep.equal([]);
    expect(index.related('Kan refleksjonsperioden forlenges for henne?')).to.deep.equal([]);
    const after = clarificationIndex([approved]);
    expect(ids(after.search('refleksjonsperioden forlenges'))).to.deep.equal(['proposed']);
    expect(ids(after.related('Kan refleksjonsperioden forlenges for henne?'))).to.deep.equal(['proposed']);
  });
});

describe('clarification search: related clarifications for a new guidance question', () => {
  const REFLECTION: readonly Clarification[] = [
    entry(
      'r1',
      'Kan refleksjonsperioden forlenges?',
      'Refleksjonsperioden er seks måneder og forlenges ikke.',
    ),
    entry(
      'r2',
      'Når begynner refleksjonsperioden?',
      'Refleksjonsperioden løper fra vedtaket om refleksjonstillatelse.',
    ),
    entry(
      'r3',
      'Kan søkeren arbeide i refleksjonsperioden?',
      'Ja, refleksjonstillatelsen gir rett til arbeid.',
    ),
    entry(
      'r4',
      'Hva skjer når refleksjonsperioden er ute?',
      'Søkeren kan søke begrenset oppholdstillatelse.',
    ),
    entry('x', 'Hvordan melder mottaket fra om tvangsarbeid?', 'Til regionkontoret, som varsler RMA.'),
  ];

  it('suggests up to three for a question about the same subject, best first, all on the subject', () => {
    const hits = clarificationIndex(REFLECTION).related(
      'Hei! Når begynner refleksjonsperioden, kan den forlenges, kan søkeren arbeide, og hva skjer når den er ute?',
    );
    expect(hits).to.have.length(3);
    expect(ids(hits)).not.to.include('x');
    for (const hit of hits) expect(hit.score).to.be.at.least(RELATED_MIN_SCORE);
    expect(hits.map((hit) => hit.score)).to.deep.equal(hits.map((hit) => hit.score).sort((a, b) => b - a));
  });

  it('suggests only those close to the best: the ones on the question’s own points', () => {
    const hits = clarificationIndex(REFLECTION).related(
      'Søkeren lurer på om refleksjonsperioden kan forlenges, og om hun kan arbeide imens.',
    );
    expect(ids(hits)).to.have.members(['r1', 'r3']);
  });

  it('suggests none for a question about something else', () => {
    expect(clarificationIndex(REFLECTION).related('Hvordan bestiller jeg tolk?')).to.deep.equal([]);
    expect(clarificationIndex(REGISTER, TOPICS).related('Hvordan bestiller jeg tolk?')).to.deep.equal([]);
    expect(
      clarificationIndex(REGISTER, TOPICS).related('Hvordan søker man om visum til Norge?'),
    ).to.deep.equal([]);
  });

  it('a word met once in passing is found by search, but is not a suggestion', () => {
    // Entry 4 offers an interpreter at the asylum interview; it says nothing of ordering one.
    const index = clarificationIndex(REGISTER, TOPICS);
    expect(ids(index.search('tolk'))).to.deep.equal(['4']);
    expect(index.related('Hvordan bestiller jeg tolk?')).to.deep.equal([]);
  });

  it('finds the related ones in a realistic register, through inflections and compounds', () => {
    const index = clarificationIndex(REGISTER, TOPICS);
    expect(
      ids(
        index.related('Hva skjer med søknaden om begrenset oppholdstillatelse når politiet henlegger saken?'),
      ),
    ).to.deep.equal(['2', '1']);
    expect(
      ids(index.related('Beboer på asylmottaket kan være utsatt for tvangsarbeid, hva gjør vi?')),
    ).to.deep.equal(['5']);
    expect(ids(index.related('Har søkeren krav på reisestøtte fra IOM etter avslaget?'))[0]).to.equal('6');
  });

  it('reads a long question (the first terms of it) without failing', () => {
    const long = `Kan refleksjonsperioden forlenges? ${'Søkeren har mange andre forhold å vurdere. '.repeat(90)}`;
    expect(ids(clarificationIndex(REFLECTION).related(long))[0]).to.equal('r1');
  });
});
