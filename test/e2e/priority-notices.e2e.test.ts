/**
 * ROSA priority notices end to end (issue 12), through the real server and a fake Bot Connector with
 * the bot's clock under the test's control: Region East's contact person types `prioriter`, a DUF
 * number in "where to find the case" is refused next to its field and never shown back, the notice
 * goes to ASA's coordinator; unacknowledged, ASA's coordinator is reminded after one working day and
 * the UDI coordinator told after two; then ASA's coordinator marks it prioritised and Region East is
 * told, every card about it updated in place. Refusals on the way (another region, another
 * department, the UDI coordinator cannot acknowledge).
 */
import { expect } from 'chai';
import { t } from '../../src/cards/i18n.js';
import { textOf, verbsOf } from '../support/card-inspect.js';
import { cardAction, type TestUser, user } from '../support/teams-activities.js';
import { errorAfter, member, personalId, type Session, startSession } from '../support/ux.js';
import { actionsOf } from '../support/verb-cases.js';

type Card = Record<string, unknown>;

const udi = user(1, 'Kari UDI');
const asa = user(2, 'Asle ASA');
const east = user(3, 'Erik Øst');
const west = user(4, 'Vera Vest');
const family = user(5, 'Fia Familie');
const outsider = user(6, 'Otto Utenfor');

const ROSTER = [
  member(udi, [{ kind: 'coordinator', department: 'AUA' }]),
  member(asa, [{ kind: 'coordinator', department: 'ASA' }]),
  member(east, [{ kind: 'contact', department: 'RMA', unitId: 'rma-region-east' }]),
  member(west, [{ kind: 'contact', department: 'RMA', unitId: 'rma-region-west' }]),
  member(family, [{ kind: 'contact', department: 'OPA', unitId: 'opa-family' }]),
];
const EVERYONE = [udi, asa, east, west, family, outsider];

/** Tuesday 12 January 2027, 09:30 in Oslo. */
const T0 = '2027-01-12T08:30:00.000Z';
const WHERE = 'saksreferanse sendt i DUF-melding 12.01.2027';
const NOTE = 'Plassert i krisebolig 11.01.2027.';

const nb = (key: string, vars?: Record<string, string | number>) => t('nb', key, vars);
const firstLine = (card: Card) => textOf(card).split('\n')[0];

describe('ROSA priority notices, end to end (issue 12)', function () {
  this.timeout(60_000);
  let s: Session;

  afterEach(async () => {
    await s?.close();
  });

  async function at(iso: string): Promise<void> {
    s.clock = new Date(iso);
    await s.h.bot.scheduler.runNow();
    await s.drain();
  }

  const mark = () => s.h.connector.activities.length;
  const inChat = (who: TestUser, from: number, method: 'POST' | 'PUT') =>
    s.h.connector.activities
      .slice(from)
      .filter((a) => a.method === method && a.conversationId === personalId(who))
      .map((a) => s.h.connector.cardOf(a)!);
  const postedTo = (who: TestUser, from: number) => inChat(who, from, 'POST');
  const updatedFor = (who: TestUser, from: number) => inChat(who, from, 'PUT');

  /** Clicks `verb` on the newest message posted to `who` (Teams names it: the answer replaces it). */
  async function pressLatest(
    who: TestUser,
    verb: string,
    typed: Record<string, unknown> = {},
  ): Promise<Card> {
    const message = s.posts(who).at(-1)!;
    const card = s.h.connector.cardOf(message)!;
    const data = actionsOf(card, verb)[0];
    expect(data, `a ${verb} button on the card: ${textOf(card)}`).to.exist;
    const { status, body } = await s.h.post(
      cardAction({
        serviceUrl: s.h.connector.url,
        from: who,
        verb,
        data: { ...data, ...typed },
        replyToId: message.id,
      }),
    );
    expect(status).to.equal(200);
    return (body as { value: Card }).value;
  }

  it('sent → reminded after one working day → escalated after two → prioritised, the sender told, every card updated', async () => {
    s = await startSession({ roster: ROSTER, greet: EVERYONE, at: T0 });

    // Only a contact person of an allowed regional office (Region East) gets the form.
    for (const who of [west, family, asa, outsider]) {
      const refused = await s.say(who, 'prioriter');
      expect(textOf(refused), who.name).not.to.include(nb('checkins.notice.form.title'));
      expect(verbsOf(refused), who.name).not.to.include('checkins.noticeSend');
    }
    const form = await s.say(east, 'prioriter');
    expect(textOf(form)).to.include(nb('checkins.notice.form.title'));
    expect(textOf(form)).to.include(nb('checkins.notice.form.from', { region: 'Regionkontor Øst' }));
    expect(JSON.stringify(form)).to.include(nb('checkins.notice.form.wherePlaceholder'));

    // A DUF number written as staff often do: refused next to its field, never shown back, the note kept.
    let from = mark();
    const again = await pressLatest(east, 'checkins.noticeSend', {
      whereToFind: 'DUF 2012 12345678',
      note: NOTE,
    });
    expect(errorAfter(again, 'whereToFind')).to.equal(nb('checkins.notice.errors.sensitive'));
    expect(JSON.stringify(again)).not.to.include('12345678');
    expect(JSON.stringify(again)).to.include(NOTE);
    await s.drain();
    expect(postedTo(asa, from), 'nothing sent').to.have.length(0);

    // Sent: the receipt replaces the form; ASA's coordinator gets the notice with "Prioritert".
    from = mark();
    const receipt = await pressLatest(east, 'checkins.noticeSend', { whereToFind: WHERE, note: NOTE });
    expect(textOf(receipt)).to.include(nb('checkins.notice.banners.sent', { reference: 'P-2027-0001' }));
    expect(textOf(receipt)).to.include(nb('checkins.notice.card.waiting'));
    expect(verbsOf(receipt), 'the sender acknowledges nothing').not.to.include('checkins.noticeAcknowledge');
    await s.drain();
    const [toAsa] = postedTo(asa, from);
    expect(postedTo(asa, from)).to.have.length(1);
    expect(firstLine(toAsa!)).to.equal(nb('checkins.notice.banners.new', { region: 'Regionkontor Øst' }));
    expect(textOf(toAsa!)).to.include(WHERE).and.include(NOTE);
    expect(verbsOf(toAsa!)).to.include('checkins.noticeAcknowledge');
    for (const other of [udi, west, family, outsider])
      expect(postedTo(other, from), other.name).to.have.length(0);
    expect(postedTo(east, from), 'the receipt is the answer, nothing posted').to.have.length(0);
    const noticeId = actionsOf(toAsa!, 'checkins.noticeAcknowledge')[0]?.noticeId;

    // Later the same day: nothing yet. The next working day: ASA's coordinator is reminded.
    from = mark();
    await at('2027-01-12T20:00:00.000Z');
    expect(postedTo(asa, from)).to.have.length(0);
    await at('2027-01-13T07:00:00.000Z');
    const reminders = postedTo(asa, from);
    expect(reminders.map(firstLine)).to.deep.equal([
      nb('checkins.notice.banners.reminder', { region: 'Regionkontor Øst' }),
    ]);
    expect(verbsOf(reminders[0]!)).to.include('checkins.noticeAcknowledge');
    expect(updatedFor(asa, from).length, 'the first card is marked superseded').to.be.greaterThan(0);
    expect(verbsOf(updatedFor(asa, from).at(-1)!)).not.to.include('checkins.noticeAcknowledge');
    expect(postedTo(udi, from)).to.have.length(0);

    // Two working days after: the UDI coordinator is told how long it has waited.
    from = mark();
    await at('2027-01-14T07:00:00.000Z');
    const escalations = postedTo(udi, from);
    expect(escalations.map(firstLine)).to.deep.equal([
      nb('checkins.notice.banners.escalation', {
        region: 'Regionkontor Øst',
        days: 2,
        date: 'tirsdag 12. januar 2027',
      }),
    ]);
    expect(verbsOf(escalations[0]!), 'only ASA prioritises').not.to.include('checkins.noticeAcknowledge');
    expect(postedTo(asa, from), 'no second reminder').to.have.length(0);

    // Nobody but ASA's coordinator or deputy acknowledges it, whatever the card says.
    for (const who of [udi, east, west, family, outsider]) {
      const refused = await s.click(who, 'checkins.noticeAcknowledge', { noticeId });
      expect(textOf(refused), who.name).not.to.include(
        nb('checkins.notice.banners.acknowledgedNow', { region: 'Regionkontor Øst' }),
      );
      expect(verbsOf(refused), who.name).not.to.include('checkins.noticeAcknowledge');
    }

    // ASA's coordinator marks it prioritised on the reminder; Region East is told who and when.
    s.clock = new Date('2027-01-14T09:15:00.000Z');
    from = mark();
    const done = await pressLatest(asa, 'checkins.noticeAcknowledge');
    expect(textOf(done)).to.include(
      nb('checkins.notice.banners.acknowledgedNow', { region: 'Regionkontor Øst' }),
    );
    expect(verbsOf(done)).not.to.include('checkins.noticeAcknowledge');
    await s.drain();
    const when = 'torsdag 14. januar 2027 kl. 10:15';
    expect(postedTo(east, from).map(firstLine)).to.deep.equal([
      nb('checkins.notice.banners.acknowledged', { name: 'Asle ASA', when }),
    ]);
    const prioritised = nb('checkins.notice.card.acknowledged', { name: 'Asle ASA', when });
    // Every card about it shows it prioritised: the receipt, and the UDI coordinator's escalation.
    expect(textOf(updatedFor(east, from).at(-1)!)).to.include(prioritised);
    expect(textOf(updatedFor(udi, from).at(-1)!)).to.include(prioritised);
    expect(postedTo(asa, from), 'nothing new to ASA').to.have.length(0);
    expect(postedTo(udi, from), 'nothing new to the UDI coordinator').to.have.length(0);

    // A second click (an old card, or someone else on ASA): the card as it is, nothing sent.
    from = mark();
    const twice = await s.click(asa, 'checkins.noticeAcknowledge', { noticeId });
    expect(textOf(twice)).to.include(prioritised);
    await s.drain();
    expect(postedTo(east, from)).to.have.length(0);

    // The ladder stops.
    from = mark();
    await at('2027-01-18T07:00:00.000Z');
    for (const who of EVERYONE) expect(postedTo(who, from), who.name).to.have.length(0);
  });
  it('goes to the UDI coordinator when ASA has neither coordinator nor deputy, without "Prioritert"', async () => {
    const roster = ROSTER.filter((p) => p.aadObjectId !== asa.aadObjectId);
    s = await startSession({ roster, greet: EVERYONE, at: T0 });
    await s.say(east, 'prioriter');
    const from = mark();
    await pressLatest(east, 'checkins.noticeSend', { whereToFind: WHERE, note: '' });
    await s.drain();
    const cards = postedTo(udi, from);
    expect(cards.map(firstLine)).to.deep.equal([
      nb('checkins.notice.banners.newNoAsa', { region: 'Regionkontor Øst' }),
    ]);
    expect(verbsOf(cards[0]!)).not.to.include('checkins.noticeAcknowledge');
    expect(textOf(cards[0]!)).not.to.include(nb('checkins.notice.card.note'));
  });
});
