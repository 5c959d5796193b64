/**
 * The register of clarifications on cards (issue 11): the search card for every member, what each
 * person sees on it (the UDI coordinator's edit and withdraw buttons, in the personal chat only), the
 * edit form opened one entry at a time with its problems next to their fields, and the typed command.
 * The verbs run against a memory store with the bot's store parts, as the router calls them.
 */
import { expect } from 'chai';
import { createAppContext } from '../../../src/app/context.js';
import type { ActionRequest } from '../../../src/app/feature.js';
import type { Turn } from '../../../src/app/turn.js';
import { type Locale, t } from '../../../src/cards/i18n.js';
import type { Person, Role } from '../../../src/domain/roster.js';
import { clarificationsIn } from '../../../src/features/agenda/clarification-store.js';
import { clarificationVerbs } from '../../../src/features/agenda/clarification-verbs.js';
import {
  CLARIFICATION_CHARS,
  clarificationsData,
  QUESTION_CHARS,
} from '../../../src/features/agenda/clarification-views.js';
import type { Clarification } from '../../../src/features/agenda/clarifications.js';
import { topicsIn } from '../../../src/features/guidance/guidance-store.js';
import { DEFAULT_TOPICS } from '../../../src/features/guidance/guidance-topics.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import { textOf, verbsOf } from '../../support/card-inspect.js';
import { readCommand, STORE_PARTS } from '../../support/features.js';
import { actionsOf, inlineMessages, openField, openInputIds, shownValue } from '../../support/verb-cases.js';
import { entry } from './clarification-register.js';

type Card = Record<string, unknown>;

const person = (aadObjectId: string, displayName: string, ...roles: Role[]): Person => ({
  aadObjectId,
  displayName,
  roles,
  since: '2026-01-01T00:00:00.000Z',
});

const PERMIT = entry(
  '7',
  'Kan en mulig mindreårig få refleksjonsperiode når hun allerede har søkt om oppholdstillatelse?',
  'Ja. Refleksjonsperioden gis uavhengig av en søknad om oppholdstillatelse som er til behandling.',
  { topicId: 'reflection-limited-permit', decidedOn: '2027-01-12' },
);
const ANSWERED = entry(
  '8',
  'Skal mottaket varsle når en beboer forteller om tvangsarbeid og trenger ny oppholdstillatelse?',
  'Mottaket varsler regionkontoret samme dag.',
  { source: { kind: 'guidance', requestId: 'request-1', coordinator: 'opa' }, decidedOn: '2026-11-03' },
);

/** A guidance answer waiting for the UDI coordinator's review. */
const PROPOSED = entry(
  '9',
  'Kan en mulig mindreårig få tolk til samtalen om refleksjonsperioden?',
  'Ja. Mottaket bestiller tolk, og utgiften dekkes som for andre samtaler.',
  { source: { kind: 'guidance', requestId: 'request-9', coordinator: 'opa' }, proposed: true },
);

async function setup(options: { proposed?: boolean } = {}) {
  const store = createMemoryStore(undefined, { parts: STORE_PARTS });
  await store.run(async (uow) => {
    for (const p of [
      person('udi', 'Kari UDI', { kind: 'coordinator', department: 'AUA' }),
      person('opa', 'Ola OPA', { kind: 'coordinator', department: 'OPA' }),
      person('east', 'Erik Øst', { kind: 'contact', department: 'RMA', unitId: 'rma-region-east' }),
    ])
      await uow.people.put(p);
    await topicsIn(uow).replaceAll([...DEFAULT_TOPICS]);
    for (const e of [PERMIT, ANSWERED, ...(options.proposed ? [PROPOSED] : [])])
      await clarificationsIn(uow).put(e);
  });
  let n = 0;
  const app = createAppContext({
    store,
    adminAadObjectIds: [],
    now: () => new Date('2027-02-01T09:00:00.000Z'),
    newId: () => `id${++n}`,
  });
  /** Clicks a verb as `who`, as the router calls it (after the privacy guard, `refused` given). */
  const click = (
    who: string,
    verb: string,
    data: Record<string, unknown> = {},
    options: { scope?: 'personal' | 'team'; refused?: string[]; locale?: Locale; duplicate?: boolean } = {},
  ): Promise<Card> =>
    store.run(async (uow) => {
      const spec = clarificationVerbs[verb];
      if (!spec) throw new Error(`no verb ${verb}`);
      const turn: Turn = {
        uow,
        duplicate: options.duplicate ?? false,
        firstContact: false,
        record: async () => {},
      };
      const request: ActionRequest = {
        caller: { aadObjectId: who, displayName: who },
        locale: options.locale ?? 'nb',
        scope: options.scope ?? 'personal',
        data,
        refused: options.refused ?? [],
      };
      return (await spec.run(app, turn, request)) as Card;
    });
  const stored = (id: string) => store.read((uow) => clarificationsIn(uow).get(id));
  return { click, stored };
}

const nb = (key: string, vars?: Record<string, string | number>) => t('nb', key, vars);
const TOOLS = ['agenda.editClarification', 'agenda.withdrawClarification'];
/** The "Endre" buttons: the search again with an entry's id. */
const editButtons = (card: Card) => actionsOf(card, 'agenda.clarifications').filter((d) => d.entryId);

describe('the register of clarifications on cards: searching', () => {
  it('a contact person finds an entry by an inflected word form, with its source, date and topic, and no tools', async () => {
    const { click } = await setup();
    const card = await click('east', 'agenda.clarifications', { words: 'oppholdstillatelsen' });
    const text = textOf(card);
    expect(text).to.include('A-2026-0007 · Refleksjonstillatelse og begrenset oppholdstillatelse');
    expect(text).to.include(PERMIT.clarification);
    expect(text).to.include(nb('agenda.clarifications.source.coordinators'));
    expect(text).to.include('12.\u00a0jan. 2027');
    expect(text).to.include(nb('agenda.clarifications.source.guidance', { name: 'Ola OPA' }));
    expect(verbsOf(card).filter((v) => TOOLS.includes(v))).to.deep.equal([]);
    expect(editButtons(card)).to.deep.equal([]);
    expect(shownValue(openField(card, 'words')), 'the words are kept').to.equal('oppholdstillatelsen');
    expect(
      (card.actions as Card[]).map((a) => a.verb),
      'a way back',
    ).to.deep.equal(['help.show']);
  });

  it('without words says what the register is; with words that find nothing says so and keeps them', async () => {
    const { click } = await setup();
    const intro = await click('east', 'agenda.clarifications');
    expect(textOf(intro)).to.include(nb('agenda.clarifications.card.intro'));
    expect(openInputIds(intro)).to.deep.equal(['words']);
    const none = await click('east', 'agenda.clarifications', { words: 'tvangsekteskap' });
    expect(textOf(none)).to.include(nb('agenda.clarifications.card.noHits', { words: 'tvangsekteskap' }));
    expect(textOf(none)).not.to.include(nb('agenda.clarifications.card.intro'));
    expect(shownValue(openField(none, 'words'))).to.equal('tvangsekteskap');
  });

  it('refused words: the card with the field emptied and the message next to it', async () => {
    const { click } = await setup();
    const card = await click('east', 'agenda.clarifications', {}, { refused: ['words'] });
    const field = openField(card, 'words');
    expect(shownValue(field)).to.equal('');
    expect(field?.message).to.equal(nb('agenda.clarifications.errors.refused'));
  });

  it('is refused to someone outside the network', async () => {
    const { click } = await setup();
    const card = await click('stranger', 'agenda.clarifications', { words: 'oppholdstillatelse' });
    expect(textOf(card)).to.include(nb('notice.notMember.title'));
    expect(textOf(card)).not.to.include(PERMIT.clarification);
  });

  it('shows the beginning of a long question and clarification', () => {
    const long = entry('9', 'Spørsmål '.repeat(60), 'Avklaring '.repeat(120));
    const data = clarificationsData('nb', {
      words: 'avklaring',
      found: [long],
      topics: [],
      nameOf: () => undefined,
      canManage: false,
    });
    expect(data.results[0]?.question.length).to.equal(QUESTION_CHARS);
    expect(data.results[0]?.clarification.length).to.be.at.most(CLARIFICATION_CHARS);
    expect(data.results[0]?.clarification.endsWith('…')).to.equal(true);
  });
});

describe('the register of clarifications on cards: who sees which buttons', () => {
  it('the UDI coordinator in the personal chat gets edit and withdraw on each entry; not in a channel', async () => {
    const { click } = await setup();
    const card = await click('udi', 'agenda.clarifications', { words: 'oppholdstillatelse' });
    expect(editButtons(card).map((d) => d.entryId)).to.have.members([PERMIT.id, ANSWERED.id]);
    expect(actionsOf(card, 'agenda.withdrawClarification').map((d) => d.entryId)).to.have.members([
      PERMIT.id,
      ANSWERED.id,
    ]);
    expect(openInputIds(card), 'no form open').to.deep.equal(['words']);
    const team = await click(
      'udi',
      'agenda.clarifications',
      { words: 'oppholdstillatelse' },
      { scope: 'team' },
    );
    expect(verbsOf(team).filter((v) => TOOLS.includes(v))).to.deep.equal([]);
    expect(editButtons(team)).to.deep.equal([]);
  });

  it('a department coordinator and a contact person get none, and cannot open, save or withdraw', async () => {
    const { click, stored } = await setup();
    for (const who of ['opa', 'east']) {
      const card = await click(who, 'agenda.clarifications', { words: 'oppholdstillatelse' });
      expect(
        verbsOf(card).filter((v) => TOOLS.includes(v)),
        who,
      ).to.deep.equal([]);
      expect(editButtons(card), who).to.deep.equal([]);
      const forbidden = [nb('notice.forbidden.title'), nb('notice.forbiddenCoordinator.title')];
      const open = await click(who, 'agenda.clarifications', { entryId: PERMIT.id });
      expect(forbidden, `${who} opens the form`).to.include(textOf(open).split('\n')[0]);
      const edit = await click(who, 'agenda.editClarification', {
        entryId: PERMIT.id,
        question: 'Endret',
        clarification: 'Endret',
        decidedOn: '2027-01-12',
        topicId: '',
      });
      expect(forbidden, `${who} saves`).to.include(textOf(edit).split('\n')[0]);
      const withdraw = await click(who, 'agenda.withdrawClarification', { entryId: PERMIT.id });
      expect(forbidden, `${who} withdraws`).to.include(textOf(withdraw).split('\n')[0]);
    }
    expect(await stored(PERMIT.id)).to.deep.equal(PERMIT);
  });
});

describe('the register of clarifications on cards: the UDI coordinator edits and withdraws', () => {
  const typed = {
    question: PERMIT.question,
    clarification: 'Ja. Refleksjonsperioden gis selv om en søknad om oppholdstillatelse er til behandling.',
    decidedOn: '2027-01-13',
    topicId: 'family-immigration',
  };

  it('opens one entry’s form, prefilled, with the words kept; saves it with a banner', async () => {
    const { click, stored } = await setup();
    const form = await click('udi', 'agenda.clarifications', {
      words: 'oppholdstillatelse',
      entryId: PERMIT.id,
    });
    expect(openInputIds(form)).to.deep.equal(['words', 'question', 'clarification', 'decidedOn', 'topicId']);
    expect(shownValue(openField(form, 'question'))).to.equal(PERMIT.question);
    expect(shownValue(openField(form, 'decidedOn'))).to.equal('2027-01-12');
    expect(shownValue(openField(form, 'topicId'))).to.equal('reflection-limited-permit');
    expect(actionsOf(form, 'agenda.editClarification')).to.deep.equal([{ entryId: PERMIT.id }]);

    const saved = await click('udi', 'agenda.editClarification', {
      entryId: PERMIT.id,
      words: 'oppholdstillatelse',
      ...typed,
    });
    expect(textOf(saved).split('\n')[0]).to.equal(nb('agenda.clarifications.banners.edited'));
    expect(shownValue(openField(saved, 'words'))).to.equal('oppholdstillatelse');
    expect(openInputIds(saved)).to.deep.equal(['words']);
    const after = await stored(PERMIT.id);
    expect(after).to.include({
      clarification: typed.clarification,
      decidedOn: '2027-01-13',
      topicId: 'family-immigration',
    });
    expect(after?.history.at(-1)).to.include({ action: 'edit', by: 'udi' });

    const again = await click('udi', 'agenda.editClarification', { entryId: PERMIT.id, ...typed });
    expect(textOf(again).split('\n')[0]).to.equal(nb('agenda.clarifications.banners.unchanged'));
  });

  it('shows problems next to their fields, keeping what was typed; refused fields emptied', async () => {
    const { click, stored } = await setup();
    const blank = await click('udi', 'agenda.editClarification', {
      entryId: PERMIT.id,
      words: 'oppholdstillatelse',
      ...typed,
      question: '   ',
      decidedOn: '2027-02-30',
      topicId: 'no-such-topic',
    });
    expect(openField(blank, 'question')?.message).to.equal(nb('agenda.clarifications.errors.missing'));
    expect(openField(blank, 'decidedOn')?.message).to.equal(nb('agenda.clarifications.errors.invalidDate'));
    expect(openField(blank, 'topicId')?.message).to.equal(nb('agenda.clarifications.errors.invalidTopic'));
    expect(shownValue(openField(blank, 'clarification'))).to.equal(typed.clarification);

    const refused = await click(
      'udi',
      'agenda.editClarification',
      { entryId: PERMIT.id, ...typed, clarification: '' },
      { refused: ['clarification'] },
    );
    expect(openField(refused, 'clarification')?.message).to.equal(nb('agenda.clarifications.errors.refused'));
    expect(shownValue(openField(refused, 'clarification'))).to.equal('');
    expect(shownValue(openField(refused, 'question'))).to.equal(typed.question);
    expect(inlineMessages(refused)).to.have.length(1);
    expect(await stored(PERMIT.id)).to.deep.equal(PERMIT);
  });

  it('withdraws an entry: a banner, and it is not found again; a forged or withdrawn id is stale', async () => {
    const { click, stored } = await setup();
    const card = await click('udi', 'agenda.withdrawClarification', {
      entryId: PERMIT.id,
      words: 'refleksjonsperioden',
    });
    expect(textOf(card).split('\n')[0]).to.equal(nb('agenda.clarifications.banners.withdrawn'));
    expect(textOf(card)).to.include(
      nb('agenda.clarifications.card.noHits', { words: 'refleksjonsperioden' }),
    );
    expect((await stored(PERMIT.id))?.state).to.equal('withdrawn');
    const found = await click('east', 'agenda.clarifications', { words: 'refleksjonsperioden' });
    expect(textOf(found)).not.to.include(PERMIT.reference);

    const staleTitle = nb('notice.stale.title');
    for (const [verb, data] of [
      ['agenda.withdrawClarification', { entryId: PERMIT.id }],
      ['agenda.withdrawClarification', { entryId: 'made-up' }],
      ['agenda.editClarification', { entryId: PERMIT.id, ...typed }],
      ['agenda.editClarification', { entryId: ['id'], ...typed }],
      ['agenda.clarifications', { entryId: PERMIT.id }],
    ] as [string, Record<string, unknown>][])
      expect(textOf(await click('udi', verb, data)).split('\n')[0], verb).to.equal(staleTitle);
  });

  it('a retry of a click shows the register and changes nothing', async () => {
    const { click, stored } = await setup();
    await click('udi', 'agenda.withdrawClarification', { entryId: PERMIT.id }, { duplicate: true });
    expect((await stored(PERMIT.id))?.state).to.equal('active');
  });

  it('the edit form offers the active topics and the retired one the entry has', () => {
    const topics = [
      { id: 'a', name: { nb: 'A', en: 'A' } },
      { id: 'b', name: { nb: 'B', en: 'B' }, retired: true },
      { id: 'c', name: { nb: 'C', en: 'C' }, retired: true },
    ];
    const onB: Clarification = { ...PERMIT, topicId: 'b' };
    const data = clarificationsData('nb', {
      words: 'x',
      found: [onB],
      topics,
      nameOf: () => undefined,
      canManage: true,
      editing: { entryId: onB.id },
    });
    expect(data.topics.map((c) => c.value)).to.deep.equal(['a', 'b']);
    expect(data.results[0]?.topic).to.equal('B');
  });
});

describe('the register of clarifications on cards: the UDI coordinator reviews proposed entries', () => {
  const proposedText = nb('agenda.clarifications.card.proposed');

  it('lists a proposed entry first for the UDI coordinator, marked, with Godkjenn; it is not found by anyone', async () => {
    const { click } = await setup({ proposed: true });
    const mine = await click('udi', 'agenda.clarifications', { words: 'oppholdstillatelsen' });
    const text = textOf(mine);
    expect(text).to.include(proposedText);
    expect(text).to.include(nb('agenda.clarifications.card.toReviewOne'));
    expect(text.indexOf(PROPOSED.reference)).to.be.lessThan(text.indexOf(PERMIT.reference));
    expect(actionsOf(mine, 'agenda.approveClarification')).to.deep.equal([{ entryId: PROPOSED.id }]);
    expect(actionsOf(mine, 'agenda.withdrawClarification').map((d) => d.entryId)).to.include(PROPOSED.id);
    expect(editButtons(mine).map((d) => d.entryId)).to.include(PROPOSED.id);
    // Searched for its own words, a member does not find it; nor does the UDI coordinator in a channel.
    const theirs = await click('east', 'agenda.clarifications', { words: 'tolk samtalen' });
    expect(textOf(theirs)).not.to.include(PROPOSED.reference);
    expect(textOf(theirs)).not.to.include(proposedText);
    const channel = await click(
      'udi',
      'agenda.clarifications',
      { words: 'tolk samtalen' },
      { scope: 'team' },
    );
    expect(textOf(channel)).not.to.include(PROPOSED.reference);
    expect(verbsOf(channel)).not.to.include('agenda.approveClarification');
  });

  it('Godkjenn makes it active (an approve entry in its history): found from now on, no longer marked', async () => {
    const { click, stored } = await setup({ proposed: true });
    const card = await click('udi', 'agenda.approveClarification', { entryId: PROPOSED.id, words: 'tolk' });
    expect(textOf(card).split('\n')[0]).to.equal(nb('agenda.clarifications.banners.approved'));
    expect(textOf(card)).not.to.include(proposedText);
    const after = await stored(PROPOSED.id);
    expect(after?.state).to.equal('active');
    expect(after?.history.at(-1)).to.include({
      action: 'approve',
      by: 'udi',
      from: 'proposed',
      to: 'active',
    });
    const found = await click('east', 'agenda.clarifications', { words: 'tolk samtalen' });
    expect(textOf(found)).to.include(PROPOSED.reference);
    // Approving again, or a made-up id, is stale.
    for (const entryId of [PROPOSED.id, 'made-up'])
      expect(textOf(await click('udi', 'agenda.approveClarification', { entryId })).split('\n')[0]).to.equal(
        nb('notice.stale.title'),
      );
  });

  it('only the UDI coordinator approves, in the personal chat; a retry changes nothing', async () => {
    const { click, stored } = await setup({ proposed: true });
    for (const who of ['opa', 'east'])
      await click(who, 'agenda.approveClarification', { entryId: PROPOSED.id });
    await click('udi', 'agenda.approveClarification', { entryId: PROPOSED.id }, { scope: 'team' });
    await click('udi', 'agenda.approveClarification', { entryId: PROPOSED.id }, { duplicate: true });
    expect((await stored(PROPOSED.id))?.state).to.equal('proposed');
  });

  it('a proposed entry is edited in its state from its row', async () => {
    const { click, stored } = await setup({ proposed: true });
    const form = await click('udi', 'agenda.clarifications', { entryId: PROPOSED.id });
    expect(openInputIds(form)).to.include('clarification');
    await click('udi', 'agenda.editClarification', {
      entryId: PROPOSED.id,
      question: PROPOSED.question,
      clarification: 'Ja. Mottaket bestiller tolk.',
      decidedOn: PROPOSED.decidedOn,
      topicId: '',
    });
    expect(await stored(PROPOSED.id)).to.include({
      state: 'proposed',
      clarification: 'Ja. Mottaket bestiller tolk.',
    });
  });
});

describe('the register of clarifications: the typed command', () => {
  it('avklaringer / clarifications take the words after them', () => {
    for (const word of ['avklaringer', 'Avklaring', 'clarifications', 'clarification'])
      expect(readCommand(`${word} oppholdstillatelsen barn`), word).to.deep.equal({
        command: 'clarifications',
        text: 'oppholdstillatelsen barn',
      });
    expect(readCommand('avklaringer')).to.deep.equal({ command: 'clarifications' });
  });
});
