import { expect } from 'chai';
import { createAppContext } from '../../../src/app/context.js';
import { contribute } from '../../../src/app/extensions.js';
import { t } from '../../../src/cards/i18n.js';
import { recipientKey } from '../../../src/domain/notifications.js';
import type { Person, Role } from '../../../src/domain/roster.js';
import {
  answersIntoRegister,
  clarificationsOnReceipts,
  guidanceEntryId,
} from '../../../src/features/agenda/agenda-contribution.js';
import { clarificationItemViews, PROPOSED_VIEW } from '../../../src/features/agenda/clarification-live.js';
import { CLARIFICATIONS_STORE, clarificationsIn } from '../../../src/features/agenda/clarification-store.js';
import { approveClarification, withdrawClarification } from '../../../src/features/agenda/clarifications.js';
import {
  GUIDANCE_RECEIPT,
  relatedClarifications,
} from '../../../src/features/guidance/guidance-extensions.js';
import type { GuidanceRequest } from '../../../src/features/guidance/guidance-requests.js';
import { guidanceReceiptCard } from '../../../src/features/guidance/guidance-views.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import { combineStoreParts } from '../../../src/store/store-parts.js';
import { textOf, verbsOf } from '../../support/card-inspect.js';
import { AT, entry, UDI } from './clarification-register.js';

async function register() {
  const store = createMemoryStore(undefined, { parts: combineStoreParts([CLARIFICATIONS_STORE]) });
  const reflection = entry(
    '3',
    'Når begynner refleksjonsperioden å løpe for en mulig mindreårig?',
    'Refleksjonsperioden regnes fra den dagen søknaden om refleksjonstillatelse er registrert, også for mindreårige.',
  );
  const interpreter = entry(
    '7',
    'Hvem bestiller tolk til asylintervju?',
    'Tolk bestilles av enheten som gjennomfører intervjuet.',
  );
  await store.run(async (uow) => {
    await clarificationsIn(uow).put(reflection);
    await clarificationsIn(uow).put(interpreter);
  });
  const app = createAppContext({
    store,
    adminAadObjectIds: [],
    contributions: [contribute(GUIDANCE_RECEIPT, clarificationsOnReceipts)],
  });
  return { store, app, reflection };
}

const person = (aadObjectId: string, role: Role): Person => ({
  aadObjectId,
  displayName: aadObjectId,
  roles: [role],
  since: '2026-01-01T00:00:00.000Z',
});

describe('agenda on guidance receipts: earlier clarifications that look related', () => {
  it('a question about the same thing gets the clarification, by its reference; an unrelated one none', async () => {
    const { store, app } = await register();
    const related = (text: string) =>
      store.read((uow) => relatedClarifications(app, uow, { text, topicId: 'reflection' }, 'nb'));
    expect(await related('Fra hvilken dag regnes refleksjonsperioden for mindreårige?')).to.deep.equal([
      'A-2026-0003: Refleksjonsperioden regnes fra den dagen søknaden om refleksjonstillatelse er registrert, også for mindreårige.',
    ]);
    expect(await related('Hvordan søker jeg om permisjon?')).to.deep.equal([]);
  });

  it('never suggests a proposed clarification (a guidance answer not yet approved) until it is approved', async () => {
    const { store, app } = await register();
    const proposed = entry(
      '9',
      'Kan refleksjonsperioden for en mulig mindreårig regnes fra en senere dag?',
      'Nei. Refleksjonsperioden for mindreårige regnes fra registreringen av søknaden om refleksjonstillatelse.',
      { source: { kind: 'guidance', requestId: 'req-9', coordinator: 'opa' }, proposed: true },
    );
    expect(proposed.state).to.equal('proposed');
    await store.run((uow) => clarificationsIn(uow).put(proposed));
    const related = () =>
      store.read((uow) =>
        relatedClarifications(
          app,
          uow,
          { text: 'Regnes refleksjonsperioden for mindreårige fra registreringen?', topicId: 'reflection' },
          'nb',
        ),
      );
    expect((await related()).some((line) => line.startsWith('A-2026-0009'))).to.equal(false);
    const approved = approveClarification(proposed, UDI, AT);
    if (!approved.ok) throw new Error('approving should be allowed');
    await store.run((uow) => clarificationsIn(uow).put(approved.value));
    expect((await related()).some((line) => line.startsWith('A-2026-0009'))).to.equal(true);
  });

  it('never suggests a withdrawn clarification', async () => {
    const { store, app, reflection } = await register();
    const withdrawn = withdrawClarification(reflection, UDI, AT);
    if (!withdrawn.ok) throw new Error('withdrawing should be allowed');
    await store.run((uow) => clarificationsIn(uow).put(withdrawn.value));
    expect(
      await store.read((uow) =>
        relatedClarifications(
          app,
          uow,
          { text: 'Fra hvilken dag regnes refleksjonsperioden for mindreårige?', topicId: 'reflection' },
          'nb',
        ),
      ),
    ).to.deep.equal([]);
  });

  it('at most three in all, on the receipt under their heading; none without a contributing feature', async () => {
    const many = createAppContext({
      store: createMemoryStore(),
      adminAadObjectIds: [],
      contributions: [
        contribute(GUIDANCE_RECEIPT, { related: async () => ['A-1: en', 'A-2: to'] }),
        contribute(GUIDANCE_RECEIPT, { related: async () => ['A-3: tre', 'A-4: fire'] }),
      ],
    });
    const lines = await many.store.read((uow) =>
      relatedClarifications(many, uow, { text: 'x', topicId: 't' }, 'nb'),
    );
    expect(lines).to.deep.equal(['A-1: en', 'A-2: to', 'A-3: tre']);
    const none = createAppContext({ store: createMemoryStore(), adminAadObjectIds: [] });
    expect(
      await none.store.read((uow) => relatedClarifications(none, uow, { text: 'x', topicId: 't' }, 'nb')),
    ).to.deep.equal([]);
    const request = {
      id: 'g1',
      reference: 'V-2027-0001',
      state: 'open',
      urgency: 'normal',
      dueDate: '2027-01-08',
    } as unknown as GuidanceRequest;
    const card = textOf(
      guidanceReceiptCard('nb', request, { nb: 'Refleksjon', en: 'Reflection' }, 'Ola', { related: lines }),
    );
    expect(card).to.include('Tidligere avklaringer som kan gjelde det samme').and.include('A-3: tre');
    const plain = textOf(guidanceReceiptCard('nb', request, { nb: 'Refleksjon', en: 'Reflection' }, 'Ola'));
    expect(plain).not.to.include('Tidligere avklaringer');
  });
});

describe('agenda: answered principled guidance questions enter the register', () => {
  const answered = (answer: string, at = '2027-01-05T10:00:00.000Z') => ({
    requestId: 'req-1',
    question: 'Gjelder refleksjonsperioden også ved ny søknad?',
    answer,
    topicId: 'reflection',
    by: 'opa',
    at,
  });

  it('once per request: the first answer makes a proposed entry, a later one updates it (an approved one goes back for review); a withdrawn one stays withdrawn', async () => {
    const { store, app } = await register();
    await store.run((uow) => answersIntoRegister.answered(app, uow, answered('Ja, se rundskrivet punkt 4.')));
    const first = await store.read((uow) => clarificationsIn(uow).get(guidanceEntryId('req-1')));
    expect(
      first && [first.state, first.reference, first.clarification, first.decidedOn, first.source],
    ).to.deep.equal([
      'proposed',
      'A-2027-0001',
      'Ja, se rundskrivet punkt 4.',
      '2027-01-05',
      { kind: 'guidance', requestId: 'req-1', coordinator: 'opa' },
    ]);
    await store.run((uow) =>
      answersIntoRegister.answered(app, uow, answered('Ja, også ved ny søknad: se punkt 4 og 5.')),
    );
    const second = await store.read((uow) => clarificationsIn(uow).get(guidanceEntryId('req-1')));
    expect([second?.state, second?.reference, second?.clarification]).to.deep.equal([
      'proposed',
      'A-2027-0001',
      'Ja, også ved ny søknad: se punkt 4 og 5.',
    ]);
    const approved = approveClarification(second!, UDI, AT);
    if (!approved.ok) throw new Error('approving should be allowed');
    await store.run((uow) => clarificationsIn(uow).put(approved.value));
    await store.run((uow) => answersIntoRegister.answered(app, uow, answered('Ja, se punkt 4 og 5.')));
    // The new text has not been read over: the approved entry is proposed again, and says why.
    const again = await store.read((uow) => clarificationsIn(uow).get(guidanceEntryId('req-1')));
    expect([again?.state, again?.clarification]).to.deep.equal(['proposed', 'Ja, se punkt 4 og 5.']);
    expect(again?.history.at(-1)).to.deep.include({
      action: 'edit',
      changed: ['clarification'],
      from: 'active',
      to: 'proposed',
    });
    const withdrawn = withdrawClarification(again!, UDI, AT);
    if (!withdrawn.ok) throw new Error('withdrawing should be allowed');
    await store.run((uow) => clarificationsIn(uow).put(withdrawn.value));
    await store.run((uow) => answersIntoRegister.answered(app, uow, answered('Et tredje svar.')));
    const third = await store.read((uow) => clarificationsIn(uow).get(guidanceEntryId('req-1')));
    expect([third?.state, third?.clarification]).to.deep.equal(['withdrawn', 'Ja, se punkt 4 og 5.']);
  });

  it('whoever may review the register (the UDI coordinator, AUA’s deputy) gets a card about a new proposed entry', async () => {
    const { store, app } = await register();
    await store.run(async (uow) => {
      await uow.people.put(person('udi', { kind: 'coordinator', department: 'AUA' }));
      await uow.people.put(person('aua-deputy', { kind: 'deputy', department: 'AUA' }));
      await uow.people.put(person('opa', { kind: 'coordinator', department: 'OPA' }));
    });
    await store.run((uow) => answersIntoRegister.answered(app, uow, answered('Ja, se rundskrivet punkt 4.')));
    const entry = await store.read((uow) => clarificationsIn(uow).get(guidanceEntryId('req-1')));
    expect(entry?.parties.map((p) => [p.to, p.cards.map((c) => c.view)])).to.have.deep.members([
      [{ kind: 'person', aadObjectId: 'udi' }, [PROPOSED_VIEW]],
      [{ kind: 'person', aadObjectId: 'aua-deputy' }, [PROPOSED_VIEW]],
    ]);
    // A later answer sends no new card.
    await store.run((uow) => answersIntoRegister.answered(app, uow, answered('Ja, se punkt 4 og 5.')));
    const again = await store.read((uow) => clarificationsIn(uow).get(guidanceEntryId('req-1')));
    expect(again?.parties.flatMap((p) => p.cards)).to.have.length(2);

    const views = clarificationItemViews(app)[0]!;
    const render = (aadObjectId: string, item = again!) =>
      store.read((uow) =>
        views.render(uow, item, { kind: 'person', aadObjectId }, { view: PROPOSED_VIEW }, 'nb-NO'),
      );
    const card = await render('udi');
    expect(textOf(card)).to.include(t('nb', 'agenda.clarifications.banners.proposed'));
    expect(textOf(card)).to.include(t('nb', 'agenda.clarifications.card.proposed'));
    expect(textOf(card)).to.include('Ja, se punkt 4 og 5.');
    expect(verbsOf(card)).to.include.members(['agenda.approveClarification', 'agenda.withdrawClarification']);
    // Not for someone who may not review it (any more), nor about a withdrawn entry.
    expect(await render('opa')).to.equal(undefined);
    const withdrawn = withdrawClarification(again!, UDI, AT);
    if (!withdrawn.ok) throw new Error('withdrawing should be allowed');
    expect(await render('udi', withdrawn.value)).to.equal(undefined);
  });

  it('an approved entry answered again goes back to the reviewers on new cards; the old ones are superseded', async () => {
    const { store, app } = await register();
    await store.run((uow) => uow.people.put(person('udi', { kind: 'coordinator', department: 'AUA' })));
    await store.run((uow) => answersIntoRegister.answered(app, uow, answered('Ja, se rundskrivet punkt 4.')));
    const first = await store.read((uow) => clarificationsIn(uow).get(guidanceEntryId('req-1')));
    const approved = approveClarification(first!, UDI, AT);
    if (!approved.ok) throw new Error('approving should be allowed');
    await store.run((uow) => clarificationsIn(uow).put(approved.value));
    const before = await store.read((uow) => uow.outbox.listPending());
    await store.run((uow) => answersIntoRegister.answered(app, uow, answered('Ja, se punkt 4 og 5.')));
    const again = await store.read((uow) => clarificationsIn(uow).get(guidanceEntryId('req-1')));
    expect(again?.state).to.equal('proposed');
    expect(
      again?.parties.find((p) => recipientKey(p.to) === recipientKey({ kind: 'person', aadObjectId: 'udi' }))
        ?.cards,
    ).to.have.length(2);
    const added = (await store.read((uow) => uow.outbox.listPending())).filter(
      (m) => !before.some((b) => b.id === m.id),
    );
    expect(added.map((m) => [m.replaces !== undefined, m.superseded === true])).to.have.deep.members([
      [true, true],
      [false, false],
    ]);
  });
});
