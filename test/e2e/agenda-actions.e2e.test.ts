/**
 * Follow-up actions end to end (issue 11), through the real server and a fake Bot Connector, with
 * the bot's clock under the test's control: an action decided at a meeting (put in the store with the
 * item it came from) is reminded to its owner two working days before its due date and reported to
 * the UDI coordinator the working day after it, each once; its owner marks it done from the reminder,
 * the submitter of the item is told, and the other cards about it are updated in place.
 */
import { expect } from 'chai';
import { inUnitOfWork } from '../../src/app/unit-of-work.js';
import { t } from '../../src/cards/i18n.js';
import { newFollowUpAction } from '../../src/features/agenda/agenda-actions.js';
import { type AgendaItem, newAgendaItem } from '../../src/features/agenda/agenda-items.js';
import { agendaIn } from '../../src/features/agenda/agenda-store.js';
import { textOf, verbsOf } from '../support/card-inspect.js';
import { user } from '../support/teams-activities.js';
import { member, personalId, type Session, startSession, visibleButtons } from '../support/ux.js';
import { actionsOf, noticeKindsOf } from '../support/verb-cases.js';

type Card = Record<string, unknown>;

const udi = user(1, 'Kari UDI');
const opa = user(2, 'Ola OPA');
const asa = user(3, 'Asle ASA');
const family = user(5, 'Fia Familie');
const east = user(6, 'Erik Øst');

const ROSTER = [
  member(udi, [{ kind: 'coordinator', department: 'AUA' }]),
  member(opa, [{ kind: 'coordinator', department: 'OPA' }]),
  member(asa, [{ kind: 'coordinator', department: 'ASA' }]),
  member(family, [{ kind: 'contact', department: 'OPA', unitId: 'opa-family' }]),
  member(east, [{ kind: 'contact', department: 'RMA', unitId: 'rma-region-east' }]),
];
const EVERYONE = [udi, opa, asa, family, east];

/** Monday 4 January 2027, 09:00 in Oslo. */
const T0 = '2027-01-04T08:00:00.000Z';
const WHAT = 'Lag et utkast til felles rutine for refleksjonsperiode';
const TITLE = 'Lik praksis for refleksjonsperiode';
const ITEM_ID = 'item-refleksjon';
const ACTION_ID = 'action-refleksjon';

const nb = (key: string, vars?: Record<string, string | number>) => t('nb', key, vars);

describe('follow-up actions, end to end (issue 11)', function () {
  this.timeout(30_000);
  let s: Session;

  afterEach(async () => {
    await s?.close();
  });

  /**
   * The item Erik (RMA's contact) raised, dealt with at the coordinators' meeting on 12 January with
   * a follow-up action: Asle (ASA) drafts a routine by Friday 15 January. Given by the UDI coordinator.
   */
  async function seed(): Promise<void> {
    const app = s.h.bot.app;
    const raised = newAgendaItem(
      ITEM_ID,
      'S-2027-0003',
      {
        title: TITLE,
        description: 'Regionene praktiserer refleksjonsperioden ulikt.',
        agendaKind: 'principled',
        department: 'RMA',
        forum: 'coordinators',
        urgent: false,
        minutes: 20,
      },
      east.aadObjectId,
      '2027-01-02T09:00:00.000Z',
    );
    const item: AgendaItem = {
      ...raised,
      state: 'done',
      outcome: {
        kind: 'follow-up',
        what: WHAT,
        owner: asa.aadObjectId,
        due: '2027-01-15',
        action: ACTION_ID,
      },
    };
    const action = newFollowUpAction(
      ACTION_ID,
      'T-2027-0001',
      { what: WHAT, owner: asa.aadObjectId, due: '2027-01-15', fromItem: ITEM_ID, department: 'RMA' },
      udi.aadObjectId,
      '2027-01-04T08:00:00.000Z',
    );
    await inUnitOfWork(app, async (uow) => {
      await agendaIn(uow).putItem(item);
      await agendaIn(uow).putAction(action);
    });
  }

  /** Moves the bot's clock, lets the scheduler run now and the outbox deliver. */
  async function at(iso: string): Promise<void> {
    s.clock = new Date(iso);
    await s.h.bot.scheduler.runNow();
    await s.drain();
  }

  const mark = () => s.h.connector.activities.length;
  /** Cards posted (new messages) to `who` since `from`. */
  const postedTo = (who: typeof udi, from: number): Card[] =>
    s.h.connector.activities
      .slice(from)
      .filter((a) => a.method === 'POST' && a.conversationId === personalId(who))
      .map((a) => s.h.connector.cardOf(a)!);
  /** Cards updated in place (PUT) in `who`'s chat since `from`. */
  const updatedFor = (who: typeof udi, from: number): Card[] =>
    s.h.connector.activities
      .slice(from)
      .filter((a) => a.method === 'PUT' && a.conversationId === personalId(who))
      .map((a) => s.h.connector.cardOf(a)!);
  const storedAction = () => s.h.bot.app.store.read((uow) => agendaIn(uow).getAction(ACTION_ID));

  it('reminds the owner, tells the UDI coordinator when overdue, and tells the submitter when the owner marks it done', async () => {
    s = await startSession({ roster: ROSTER, greet: EVERYONE, at: T0 });
    await seed();

    // Nothing is due until two working days before the due date.
    let from = mark();
    await at(T0);
    await at('2027-01-12T08:00:00.000Z');
    for (const who of EVERYONE) expect(postedTo(who, from), who.name).to.deep.equal([]);

    // Wednesday 13 January: the owner's reminder, with the button.
    from = mark();
    await at('2027-01-13T08:00:00.000Z');
    const reminders = postedTo(asa, from);
    expect(reminders, 'one reminder to the owner').to.have.length(1);
    const reminder = reminders[0]!;
    const text = textOf(reminder);
    expect(text).to.include(nb('agenda.action.banners.due-soon', { date: 'fredag 15. januar 2027' }));
    expect(text).to.include(WHAT).and.include('Asle ASA').and.include('fredag 15. januar 2027');
    expect(text).to.include(`S-2027-0003 ${TITLE}`).and.include(nb('agenda.action.states.open'));
    expect(visibleButtons(reminder)).to.deep.equal([
      { title: nb('agenda.action.close'), verb: 'agenda.closeAction', data: { actionId: ACTION_ID } },
    ]);
    for (const who of [udi, opa, family, east]) expect(postedTo(who, from), who.name).to.deep.equal([]);

    // Each step once: the same day again, and the days up to the due date, send nothing.
    from = mark();
    await at('2027-01-13T14:00:00.000Z');
    await at('2027-01-15T08:00:00.000Z');
    for (const who of EVERYONE) expect(postedTo(who, from), who.name).to.deep.equal([]);

    // Monday 18 January (the working day after): the UDI coordinator is told, naming the owner.
    from = mark();
    await at('2027-01-18T08:00:00.000Z');
    const overdue = postedTo(udi, from);
    expect(overdue, 'one card to the UDI coordinator').to.have.length(1);
    expect(textOf(overdue[0]!)).to.include(
      nb('agenda.action.banners.overdue', { date: 'fredag 15. januar 2027', name: 'Asle ASA' }),
    );
    expect(textOf(overdue[0]!)).to.include(nb('agenda.action.states.overdue'));
    expect(verbsOf(overdue[0]!), 'the UDI coordinator curates RMA’s items').to.include('agenda.closeAction');
    for (const who of [asa, opa, family, east]) expect(postedTo(who, from), who.name).to.deep.equal([]);
    // The owner's reminder is brought up to date in place: overdue now, still with the button.
    const ownerNow = updatedFor(asa, from).at(-1);
    expect(ownerNow, 'the owner’s card updated in place').to.exist;
    expect(textOf(ownerNow!)).to.include(nb('agenda.action.states.overdue'));
    expect(verbsOf(ownerNow!)).to.include('agenda.closeAction');

    // A contact person who is not the owner cannot close it, even with its id.
    const refused = await s.click(family, 'agenda.closeAction', { actionId: ACTION_ID });
    expect(noticeKindsOf(refused)).to.include('forbidden');
    expect((await storedAction())?.state).to.equal('open');

    // The owner marks it done from the reminder: the answer says so, without the button.
    from = mark();
    s.clock = new Date('2027-01-18T10:00:00.000Z');
    const answer = await s.click(asa, 'agenda.closeAction', actionsOf(reminder, 'agenda.closeAction')[0]);
    expect(textOf(answer)).to.include(nb('agenda.action.banners.closed'));
    expect(textOf(answer)).to.include(
      nb('agenda.action.states.done', { date: 'mandag 18. januar 2027', name: 'Asle ASA' }),
    );
    expect(verbsOf(answer)).not.to.include('agenda.closeAction');
    await s.drain();
    const stored = await storedAction();
    expect(stored?.state).to.equal('done');
    expect(stored?.history.at(-1)).to.include({ action: 'done', by: asa.aadObjectId });

    // The submitter is told, once.
    const told = postedTo(east, from);
    expect(told, 'one card to the submitter').to.have.length(1);
    expect(textOf(told[0]!)).to.include(nb('agenda.action.banners.done'));
    expect(textOf(told[0]!)).to.include(`S-2027-0003 ${TITLE}`).and.include(WHAT);
    expect(verbsOf(told[0]!)).to.deep.equal([]);
    for (const who of [udi, asa, opa, family]) expect(postedTo(who, from), who.name).to.deep.equal([]);
    // The UDI coordinator's card is updated in place: done, no button left to press.
    const udiNow = updatedFor(udi, from).at(-1);
    expect(udiNow, 'the UDI coordinator’s card updated in place').to.exist;
    expect(textOf(udiNow!)).to.include(
      nb('agenda.action.states.done', { date: 'mandag 18. januar 2027', name: 'Asle ASA' }),
    );
    expect(verbsOf(udiNow!)).to.deep.equal([]);

    // Pressing the old button again changes nothing and tells nobody again: the card as it is.
    from = mark();
    const again = await s.click(asa, 'agenda.closeAction', { actionId: ACTION_ID });
    expect(noticeKindsOf(again)).to.deep.equal([]);
    expect(verbsOf(again)).to.deep.equal([]);
    await s.drain();
    expect(postedTo(east, from)).to.deep.equal([]);

    // No more reminders once done.
    from = mark();
    await at('2027-01-25T08:00:00.000Z');
    for (const who of EVERYONE) expect(postedTo(who, from), who.name).to.deep.equal([]);

    // The submitter opens it again later: the card, without the button.
    const shown = await s.click(east, 'agenda.showAction', { actionId: ACTION_ID });
    expect(textOf(shown)).to.include(WHAT);
    expect(verbsOf(shown)).to.deep.equal([]);
  });

  it('speaks English to an English client', async () => {
    s = await startSession({ roster: ROSTER, greet: [udi, east], at: T0 });
    await s.say(asa, 'help', 'en-US');
    await seed();
    const from = mark();
    await at('2027-01-13T08:00:00.000Z');
    const [reminder] = postedTo(asa, from);
    expect(textOf(reminder!)).to.include(
      t('en', 'agenda.action.banners.due-soon', { date: 'Friday 15 January 2027' }),
    );
    expect(visibleButtons(reminder!).map((b) => b.title)).to.deep.equal([t('en', 'agenda.action.close')]);
  });
});
