/**
 * The register of clarifications end to end (issue 11), through the real server and a fake Bot
 * Connector: an entry in the store (as a recorded outcome leaves it), a contact person who finds it by
 * another form of a word (`avklaringer oppholdstillatelsen`, the entry says "oppholdstillatelse"), the
 * UDI coordinator who edits it and then withdraws it from the card, and nobody who finds it again.
 * Each click sends what Teams sends: the button's data with the card's inputs (the search field).
 */
import { expect } from 'chai';
import { t } from '../../src/cards/i18n.js';
import { clarificationsIn } from '../../src/features/agenda/clarification-store.js';
import { newClarification } from '../../src/features/agenda/clarifications.js';
import { textOf, verbsOf } from '../support/card-inspect.js';
import { type TestUser, user } from '../support/teams-activities.js';
import { member, type Session, startSession, visibleButtons } from '../support/ux.js';
import { actionsOf, openField, shownValue } from '../support/verb-cases.js';

type Card = Record<string, unknown>;

const udi = user(1, 'Kari UDI');
const opa = user(2, 'Ola OPA');
const east = user(3, 'Erik Øst');
const outsider = user(4, 'Otto Utenfor');

const ROSTER = [
  member(udi, [{ kind: 'coordinator', department: 'AUA' }]),
  member(opa, [{ kind: 'coordinator', department: 'OPA' }]),
  member(east, [{ kind: 'contact', department: 'RMA', unitId: 'rma-region-east' }]),
];

const nb = (key: string, vars?: Record<string, string | number>) => t('nb', key, vars);
const en = (key: string, vars?: Record<string, string | number>) => t('en', key, vars);

const ENTRY_ID = 'clarification-e2e-1';
const QUESTION =
  'Refleksjonsperiode for mulige ofre\n\nKan en mulig mindreårig få refleksjonsperiode når hun allerede har søkt om oppholdstillatelse?';
const CLARIFICATION =
  'Ja. Refleksjonsperioden gis uavhengig av en søknad om oppholdstillatelse som er til behandling.';

describe('the register of clarifications, end to end (issue 11)', function () {
  this.timeout(30_000);
  let s: Session;

  beforeEach(async () => {
    s = await startSession({ roster: ROSTER, greet: [udi, opa, east, outsider] });
    // What recording a "clarified" outcome at the coordinators' meeting leaves in the register.
    const made = newClarification({
      id: ENTRY_ID,
      reference: 'A-2026-0001',
      question: QUESTION,
      clarification: CLARIFICATION,
      decidedOn: '2026-11-10',
      source: { kind: 'meeting', forum: 'coordinators', seriesId: 'series-1', occurrence: '2026-11-10' },
      topicId: 'reflection-limited-permit',
      by: udi.aadObjectId,
      at: '2026-11-10T10:00:00.000Z',
    });
    if (!made.ok) throw new Error('the entry is not valid');
    await s.h.bot.app.store.run((uow) => clarificationsIn(uow).put(made.value));
  });
  afterEach(async () => {
    await s?.close();
  });

  /** Presses a button on `card`: its data with the search field's value (and what else is typed). */
  function press(
    from: TestUser,
    card: Card,
    verb: string,
    typed: Record<string, unknown> = {},
    which = (data: Record<string, unknown>) => data.entryId === ENTRY_ID || data.entryId === undefined,
  ): Promise<Card> {
    const data = actionsOf(card, verb).find(which);
    expect(data, `a ${verb} button on the card`).to.exist;
    return s.click(from, verb, { ...data, words: shownValue(openField(card, 'words')), ...typed });
  }

  const stored = () => s.h.bot.app.store.read((uow) => clarificationsIn(uow).get(ENTRY_ID));

  it('a contact person finds it by an inflected form; the UDI coordinator withdraws it and it is not found again', async () => {
    const found = await s.say(east, 'avklaringer oppholdstillatelsen');
    expect(textOf(found)).to.include('A-2026-0001');
    expect(textOf(found)).to.include(CLARIFICATION);
    expect(textOf(found)).to.include(nb('agenda.clarifications.source.coordinators'));
    expect(shownValue(openField(found, 'words'))).to.equal('oppholdstillatelsen');
    expect(verbsOf(found)).not.to.include('agenda.withdrawClarification');
    expect(visibleButtons(found).map((b) => b.verb)).to.deep.equal(['agenda.clarifications', 'help.show']);

    // The UDI coordinator searches another form, and withdraws it from the card after confirming.
    const mine = await s.say(udi, 'avklaringer oppholdstillatelser');
    expect(textOf(mine)).to.include('A-2026-0001');
    expect(actionsOf(mine, 'agenda.withdrawClarification')).to.deep.equal([{ entryId: ENTRY_ID }]);
    const withdrawn = await press(udi, mine, 'agenda.withdrawClarification');
    expect(textOf(withdrawn).split('\n')[0]).to.equal(nb('agenda.clarifications.banners.withdrawn'));
    expect(shownValue(openField(withdrawn, 'words')), 'the words survive the click').to.equal(
      'oppholdstillatelser',
    );
    expect(textOf(withdrawn)).to.include(
      nb('agenda.clarifications.card.noHits', { words: 'oppholdstillatelser' }),
    );
    expect((await stored())?.state).to.equal('withdrawn');

    // Nobody finds it again, by any form, nor through the search button on the old card.
    for (const words of ['oppholdstillatelsen', 'refleksjonsperiode', 'mindreårig'])
      expect(textOf(await s.say(east, `avklaringer ${words}`)), words).not.to.include('A-2026-0001');
    const again = await press(east, found, 'agenda.clarifications');
    expect(textOf(again)).not.to.include('A-2026-0001');
    expect(textOf(again)).to.include(
      nb('agenda.clarifications.card.noHits', { words: 'oppholdstillatelsen' }),
    );
    // Withdrawn twice: the card is out of date.
    const twice = await press(udi, mine, 'agenda.withdrawClarification');
    expect(textOf(twice)).to.include(nb('notice.stale.title'));
  });

  it('the UDI coordinator edits it from the card; a problem keeps what was typed; others cannot', async () => {
    const list = await s.say(udi, 'avklaring refleksjonsperioden');
    const form = await press(udi, list, 'agenda.clarifications', {}, (d) => d.entryId === ENTRY_ID);
    expect(shownValue(openField(form, 'question'))).to.equal(QUESTION);
    expect(shownValue(openField(form, 'decidedOn'))).to.equal('2026-11-10');
    expect(shownValue(openField(form, 'words'))).to.equal('refleksjonsperioden');

    const changed = 'Ja. Refleksjonsperioden gis selv om en søknad om oppholdstillatelse er til behandling.';
    const blank = await press(udi, form, 'agenda.editClarification', {
      question: ' ',
      clarification: changed,
      decidedOn: '2026-11-10',
      topicId: '',
    });
    expect(openField(blank, 'question')?.message).to.equal(nb('agenda.clarifications.errors.missing'));
    expect(shownValue(openField(blank, 'clarification'))).to.equal(changed);
    expect((await stored())?.clarification).to.equal(CLARIFICATION);

    const saved = await press(udi, blank, 'agenda.editClarification', {
      question: QUESTION,
      clarification: changed,
      decidedOn: '2026-11-10',
      topicId: '',
    });
    expect(textOf(saved).split('\n')[0]).to.equal(nb('agenda.clarifications.banners.edited'));
    expect(textOf(saved)).to.include(changed);
    expect(await stored()).to.include({ clarification: changed, state: 'active' });
    expect((await stored())?.topicId).to.equal(undefined);

    // A department coordinator sees no tools and is refused when forging the click; the outsider too.
    const theirs = await s.say(opa, 'avklaringer refleksjonsperioden');
    expect(textOf(theirs)).to.include(changed);
    expect(verbsOf(theirs)).not.to.include('agenda.withdrawClarification');
    for (const who of [opa, east, outsider]) {
      const forged = await s.click(who, 'agenda.withdrawClarification', { entryId: ENTRY_ID });
      expect(verbsOf(forged), who.name).not.to.include('agenda.clarifications');
    }
    expect(textOf(await s.say(outsider, 'avklaringer refleksjonsperioden'))).not.to.include(changed);
    expect((await stored())?.state).to.equal('active');
  });

  it('explains the register without words, and speaks English to an English client', async () => {
    const intro = await s.say(east, 'avklaringer');
    expect(textOf(intro)).to.include(nb('agenda.clarifications.card.intro'));
    const english = await s.say(east, 'clarifications oppholdstillatelsen', 'en-US');
    expect(textOf(english)).to.include(en('agenda.clarifications.card.title'));
    expect(textOf(english)).to.include(en('agenda.clarifications.source.coordinators'));
    expect(textOf(english)).to.include('A-2026-0001');
  });
});
