import { expect } from 'chai';
import {
  CLARIFICATIONS_STORE,
  clarificationSchema,
  clarificationsIn,
} from '../../../src/features/agenda/clarification-store.js';
import {
  answeredAgain,
  approveClarification,
  CLARIFICATION_TEXT_LIMIT,
  type Clarification,
  editClarification,
  type NewClarificationArgs,
  newClarification,
  withdrawClarification,
} from '../../../src/features/agenda/clarifications.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import { combineStoreParts } from '../../../src/store/store-parts.js';

const AT = '2026-03-10T10:00:00.000Z';
const LATER = '2026-03-12T09:30:00.000Z';
const UDI = 'udi-coordinator';

const args: NewClarificationArgs = {
  id: 'c-1',
  reference: 'A-2026-0001',
  question: '  Kan refleksjonsperioden forlenges?  ',
  clarification: '\nNei, men søkeren kan søke begrenset oppholdstillatelse før den er ute.\t',
  decidedOn: '2026-03-10',
  source: { kind: 'meeting', forum: 'coordinators', seriesId: 'series-1', occurrence: '2026-03-10' },
  topicId: 'reflection-limited-permit',
  by: UDI,
  at: AT,
};

function made(overrides: Partial<NewClarificationArgs> = {}): Clarification {
  const result = newClarification({ ...args, ...overrides });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

const problemsOf = (result: ReturnType<typeof newClarification>) =>
  result.ok ? undefined : result.error.kind === 'invalid' ? result.error.problems : result.error;

describe('clarifications: a new entry', () => {
  it('is active, with the texts trimmed, its source and topic, and a create entry in its history', () => {
    const entry = made();
    expect(entry).to.deep.include({
      id: 'c-1',
      reference: 'A-2026-0001',
      kind: 'clarification',
      state: 'active',
      createdAt: AT,
      createdBy: UDI,
      updatedAt: AT,
      question: 'Kan refleksjonsperioden forlenges?',
      clarification: 'Nei, men søkeren kan søke begrenset oppholdstillatelse før den er ute.',
      decidedOn: '2026-03-10',
      topicId: 'reflection-limited-permit',
      parties: [],
      cardVersion: 0,
    });
    expect(entry.source).to.deep.equal(args.source);
    expect(entry.history).to.deep.equal([{ at: AT, by: UDI, action: 'create', to: 'active' }]);
  });

  it('from a guidance answer: proposed (for review), the request and the coordinator who answered; no topic when none or blank', () => {
    const entry = made({
      source: { kind: 'guidance', requestId: 'req-9', coordinator: 'opa-coordinator' },
      topicId: '  ',
    });
    expect(entry.state).to.equal('proposed');
    expect(entry.history).to.deep.equal([{ at: AT, by: UDI, action: 'create', to: 'proposed' }]);
    expect(entry.source).to.deep.equal({
      kind: 'guidance',
      requestId: 'req-9',
      coordinator: 'opa-coordinator',
    });
    expect(entry).not.to.have.property('topicId');
  });

  it('refuses an empty question or clarification (blank counts as empty), each under its field', () => {
    expect(problemsOf(newClarification({ ...args, question: '   ' }))).to.deep.equal({ question: 'missing' });
    expect(problemsOf(newClarification({ ...args, clarification: '' }))).to.deep.equal({
      clarification: 'missing',
    });
    expect(problemsOf(newClarification({ ...args, question: '\n', clarification: ' ' }))).to.deep.equal({
      question: 'missing',
      clarification: 'missing',
    });
  });

  it('refuses a text over the limit, counted after trimming', () => {
    const atLimit = 'a'.repeat(CLARIFICATION_TEXT_LIMIT);
    expect(newClarification({ ...args, question: `  ${atLimit}  ` }).ok).to.equal(true);
    expect(problemsOf(newClarification({ ...args, clarification: `${atLimit}b` }))).to.deep.equal({
      clarification: 'too-long',
    });
  });

  it('refuses a text holding an identity or DUF number (the register is kept for years and searched by all)', () => {
    expect(
      problemsOf(newClarification({ ...args, question: 'Gjelder søkeren 010101 505 89 fortsatt?' })),
    ).to.deep.equal({ question: 'sensitive' });
    expect(
      problemsOf(newClarification({ ...args, clarification: 'Se DUF 2012-123456-03 for bakgrunn.' })),
    ).to.deep.equal({ clarification: 'sensitive' });
  });

  it('refuses a date that is not a real date and a malformed source', () => {
    expect(problemsOf(newClarification({ ...args, decidedOn: '2026-02-30' }))).to.deep.equal({
      decidedOn: 'invalid',
    });
    expect(
      problemsOf(
        newClarification({
          ...args,
          source: { kind: 'meeting', forum: 'coordinators', seriesId: '', occurrence: '2026-03-10' },
        }),
      ),
    ).to.deep.equal({ source: 'invalid' });
    expect(
      problemsOf(
        newClarification({
          ...args,
          source: { kind: 'meeting', forum: 'network', seriesId: 's', occurrence: '2026-13-01' },
        }),
      ),
    ).to.deep.equal({ source: 'invalid' });
    expect(
      problemsOf(
        newClarification({
          ...args,
          source: { kind: 'meeting', forum: 'lunch', seriesId: 's', occurrence: '2026-03-10' },
        } as unknown as NewClarificationArgs),
      ),
    ).to.deep.equal({ source: 'invalid' });
    expect(
      problemsOf(
        newClarification({ ...args, source: { kind: 'guidance', requestId: 'r', coordinator: ' ' } }),
      ),
    ).to.deep.equal({ source: 'invalid' });
  });
});

describe('clarifications: editing', () => {
  it('changes the texts, date and topic, names the fields changed in the history, and moves updatedAt', () => {
    const entry = made();
    const result = editClarification(
      entry,
      { clarification: ' Nei. Perioden er seks måneder. ', decidedOn: '2026-03-11' },
      UDI,
      LATER,
    );
    expect(result.ok).to.equal(true);
    if (!result.ok) return;
    expect(result.value.clarification).to.equal('Nei. Perioden er seks måneder.');
    expect(result.value.decidedOn).to.equal('2026-03-11');
    expect(result.value.question).to.equal(entry.question);
    expect(result.value.state).to.equal('active');
    expect(result.value.updatedAt).to.equal(LATER);
    expect(result.value.history).to.deep.equal([
      ...entry.history,
      { at: LATER, by: UDI, action: 'edit', changed: ['clarification', 'decidedOn'] },
    ]);
    // The entry it was made from is left as it was.
    expect(entry.clarification).to.equal(
      'Nei, men søkeren kan søke begrenset oppholdstillatelse før den er ute.',
    );
  });

  it('takes a topic away with null, and sets another', () => {
    const entry = made();
    const without = editClarification(entry, { topicId: null }, UDI, LATER);
    expect(without.ok && !('topicId' in without.value)).to.equal(true);
    if (without.ok) expect(without.value.history.at(-1)).to.deep.include({ changed: ['topicId'] });
    const other = editClarification(entry, { topicId: 'return' }, UDI, LATER);
    expect(other.ok && other.value.topicId).to.equal('return');
  });

  it('refuses an empty or too long text and an edit that changes nothing (trimmed text counts as the same)', () => {
    const entry = made();
    const empty = editClarification(entry, { question: ' ' }, UDI, LATER);
    expect(empty).to.deep.equal({ ok: false, error: { kind: 'invalid', problems: { question: 'missing' } } });
    const long = editClarification(
      entry,
      { clarification: 'x'.repeat(CLARIFICATION_TEXT_LIMIT + 1) },
      UDI,
      LATER,
    );
    expect(long).to.deep.equal({
      ok: false,
      error: { kind: 'invalid', problems: { clarification: 'too-long' } },
    });
    const same = editClarification(
      entry,
      { question: ` ${entry.question} `, topicId: entry.topicId },
      UDI,
      LATER,
    );
    expect(same).to.deep.equal({ ok: false, error: { kind: 'unchanged' } });
    expect(editClarification(entry, {}, UDI, LATER)).to.deep.equal({
      ok: false,
      error: { kind: 'unchanged' },
    });
  });

  it('refuses to edit a withdrawn entry', () => {
    const withdrawn = withdrawClarification(made(), UDI, LATER);
    if (!withdrawn.ok) throw new Error('withdraw failed');
    expect(editClarification(withdrawn.value, { question: 'Ny ordlyd?' }, UDI, LATER)).to.deep.equal({
      ok: false,
      error: { kind: 'not-allowed-in-state', state: 'withdrawn' },
    });
  });
});

describe('clarifications: the review of a proposed entry', () => {
  const proposed = () => made({ source: { kind: 'guidance', requestId: 'req-9', coordinator: 'opa' } });

  it('approving moves a proposed entry to active with an approve entry (from, to) in its history', () => {
    const result = approveClarification(proposed(), UDI, LATER);
    if (!result.ok) throw new Error('approve failed');
    expect(result.value.state).to.equal('active');
    expect(result.value.updatedAt).to.equal(LATER);
    expect(result.value.history.at(-1)).to.deep.equal({
      at: LATER,
      by: UDI,
      action: 'approve',
      from: 'proposed',
      to: 'active',
    });
  });

  it('refuses to approve an active or a withdrawn entry', () => {
    const withdrawn = withdrawClarification(made(), UDI, LATER);
    if (!withdrawn.ok) throw new Error('withdraw failed');
    for (const entry of [made(), withdrawn.value])
      expect(approveClarification(entry, UDI, LATER)).to.deep.equal({
        ok: false,
        error: { kind: 'not-allowed-in-state', state: entry.state },
      });
  });

  it('a proposed entry is edited in its state, and can be withdrawn without approval', () => {
    const edited = editClarification(proposed(), { clarification: 'Et annet svar.' }, UDI, LATER);
    if (!edited.ok) throw new Error('edit failed');
    expect([edited.value.state, edited.value.clarification]).to.deep.equal(['proposed', 'Et annet svar.']);
    const withdrawn = withdrawClarification(edited.value, UDI, LATER);
    if (!withdrawn.ok) throw new Error('withdraw failed');
    expect(withdrawn.value.history.at(-1)).to.include({ from: 'proposed', to: 'withdrawn' });
  });

  it('a later answer to its request: a proposed entry stays proposed, an approved one is proposed again', () => {
    const stays = answeredAgain(proposed(), 'Et nytt svar.', 'opa', LATER);
    if (!stays.ok) throw new Error('a proposed entry takes a new answer');
    expect([stays.value.state, stays.value.clarification]).to.deep.equal(['proposed', 'Et nytt svar.']);
    expect(stays.value.history.at(-1)).not.to.have.property('to');
    const approved = approveClarification(proposed(), UDI, LATER);
    if (!approved.ok) throw new Error('approve failed');
    const back = answeredAgain(approved.value, 'Et nytt svar.', 'opa', LATER);
    if (!back.ok) throw new Error('an active entry takes a new answer');
    expect(back.value.state).to.equal('proposed');
    expect(back.value.history.at(-1)).to.deep.equal({
      at: LATER,
      by: 'opa',
      action: 'edit',
      changed: ['clarification'],
      from: 'active',
      to: 'proposed',
    });
    // The same answer again changes nothing; a withdrawn entry takes none.
    expect(answeredAgain(approved.value, approved.value.clarification, 'opa', LATER)).to.deep.equal({
      ok: false,
      error: { kind: 'unchanged' },
    });
    const withdrawn = withdrawClarification(approved.value, UDI, LATER);
    if (!withdrawn.ok) throw new Error('withdraw failed');
    expect(answeredAgain(withdrawn.value, 'Et nytt svar.', 'opa', LATER).ok).to.equal(false);
  });
});

describe('clarifications: withdrawing', () => {
  it('moves an active entry to withdrawn with a withdraw entry (from, to) in its history', () => {
    const entry = made();
    const result = withdrawClarification(entry, UDI, LATER);
    expect(result.ok).to.equal(true);
    if (!result.ok) return;
    expect(result.value.state).to.equal('withdrawn');
    expect(result.value.updatedAt).to.equal(LATER);
    expect(result.value.history.at(-1)).to.deep.equal({
      at: LATER,
      by: UDI,
      action: 'withdraw',
      from: 'active',
      to: 'withdrawn',
    });
    expect(result.value.question).to.equal(entry.question);
  });

  it('refuses to withdraw twice', () => {
    const once = withdrawClarification(made(), UDI, LATER);
    if (!once.ok) throw new Error('withdraw failed');
    expect(withdrawClarification(once.value, UDI, LATER)).to.deep.equal({
      ok: false,
      error: { kind: 'not-allowed-in-state', state: 'withdrawn' },
    });
  });
});

describe('clarifications in the store', () => {
  const edited = (): Clarification => {
    const result = editClarification(
      made(),
      { question: 'Kan refleksjonsperioden forlenges ut over seks måneder?' },
      UDI,
      LATER,
    );
    if (!result.ok) throw new Error('edit failed');
    return result.value;
  };
  const withdrawn = (): Clarification => {
    const result = withdrawClarification(edited(), UDI, LATER);
    if (!result.ok) throw new Error('withdraw failed');
    return result.value;
  };

  const approved = (): Clarification => {
    const result = approveClarification(
      made({ source: { kind: 'guidance', requestId: 'req-9', coordinator: 'opa' } }),
      UDI,
      LATER,
    );
    if (!result.ok) throw new Error('approve failed');
    return result.value;
  };

  it('the schema accepts what the rules make: new, edited, approved, withdrawn, from a meeting or a guidance answer', () => {
    for (const entry of [
      made(),
      made({ source: { kind: 'guidance', requestId: 'req-9', coordinator: 'opa' }, topicId: undefined }),
      edited(),
      withdrawn(),
      approved(),
    ])
      expect(clarificationSchema.safeParse(entry).success, entry.state).to.equal(true);
  });

  it('the schema refuses a broken entry', () => {
    const entry = made();
    const broken: unknown[] = [
      { ...entry, question: '' },
      { ...entry, state: 'deleted' },
      { ...entry, kind: 'guidance' },
      { ...entry, decidedOn: '10.03.2026' },
      { ...entry, source: { kind: 'meeting', forum: 'network', seriesId: 's' } },
      { ...entry, source: { kind: 'email', from: 'x' } },
      { ...entry, topicId: '' },
      { ...entry, history: [{ at: AT, by: UDI, action: 'edit' }] },
      { ...entry, clarification: 'x'.repeat(CLARIFICATION_TEXT_LIMIT + 1) },
      Object.fromEntries(Object.entries(entry).filter(([key]) => key !== 'source')),
    ];
    for (const value of broken)
      expect(clarificationSchema.safeParse(value).success, JSON.stringify(value).slice(0, 80)).to.equal(
        false,
      );
  });

  it('keeps entries as they were put; lists the active and the proposed ones apart; refuses what its schema does not allow', async () => {
    const store = createMemoryStore(undefined, { parts: combineStoreParts([CLARIFICATIONS_STORE]) });
    const other = made({ id: 'c-2', reference: 'A-2026-0002' });
    const proposed = made({
      id: 'c-3',
      reference: 'A-2026-0003',
      source: { kind: 'guidance', requestId: 'req-9', coordinator: 'opa' },
    });
    await store.run(async (uow) => {
      await clarificationsIn(uow).put(withdrawn());
      await clarificationsIn(uow).put(other);
      await clarificationsIn(uow).put(proposed);
    });
    await store.read(async (uow) => {
      expect(await clarificationsIn(uow).get('c-1')).to.deep.equal(withdrawn());
      expect(await clarificationsIn(uow).listActive()).to.deep.equal([other]);
      expect(await clarificationsIn(uow).listProposed()).to.deep.equal([proposed]);
    });
    let refused: unknown;
    await store
      .run((uow) => clarificationsIn(uow).put({ ...other, question: '' }))
      .catch((error: unknown) => (refused = error));
    expect(refused).to.be.instanceOf(Error);
  });
});
