/**
 * Issue 7 ("what a new user ran into"), the parts about forms, roles, buttons and wording, end to
 * end: Teams-shaped activities to /api/messages of the real bot, cards back in the invoke answers and
 * replies, proactive cards captured by the fake Bot Connector.
 *
 * 7.1 a refusal keeps the card (join form, units editor); 7.4 roles do not mix; 7.5 no dead ends on
 * the help and welcome cards; 7.7 wording and commands.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { t } from '../../src/cards/i18n.js';
import type { Person } from '../../src/domain/roster.js';
import { guidanceRequestsIn } from '../../src/features/guidance/guidance-store.js';
import { joinRequestsIn } from '../../src/features/join/join-store.js';
import { textOf, verbsOf } from '../support/card-inspect.js';
import { user } from '../support/teams-activities.js';
import {
  type Card,
  errorAfter,
  member,
  requestIdOn,
  type Session,
  showCards,
  startSession,
  visibleButtons,
  visibleInput,
} from '../support/ux.js';

const udi = user(1, 'Kari UDI');
const opa = user(2, 'Ola OPA');
const family = user(3, 'Fia Familie');
const asker = user(4, 'Rita Region');
const asa = user(5, 'Asle ASA');
const deputy = user(7, 'Dag Stedfortreder');
const newcomer = user(8, 'Nina Ny');
/** A configured administrator (ADMIN_AAD_OBJECT_IDS), not in the stored roster. */
const admin = user(9, 'Ada Admin');

const roster: Person[] = [
  member(udi, [{ kind: 'coordinator', department: 'AUA' }]),
  member(opa, [{ kind: 'coordinator', department: 'OPA' }]),
  member(family, [{ kind: 'contact', department: 'OPA', unitId: 'opa-family' }]),
  member(asker, [{ kind: 'contact', department: 'RMA', unitId: 'rma-region-east' }]),
  member(asa, [{ kind: 'coordinator', department: 'ASA' }]),
  member(deputy, [{ kind: 'deputy', department: 'AUA' }]),
];
const ENV = { ADMIN_AAD_OBJECT_IDS: admin.aadObjectId };

const nb = (key: string, vars?: Record<string, string | number>) => t('nb', key, vars);
const ESCALATE_TITLE = nb('guidance.item.actions.escalate');

/** Whether a card offers "escalate to the UDI coordinator" in any form. */
function offersEscalation(card: Card): boolean {
  return (
    verbsOf(card).includes('guidance.escalate') || showCards(card).some((c) => c.title === ESCALATE_TITLE)
  );
}

const ASSIGNEE_VERBS = [
  'guidance.take',
  'guidance.answer',
  'guidance.askInfo',
  'guidance.forward',
  'guidance.escalate',
  'guidance.close',
];

describe('issue 7, roles, forms and wording: what a new user ran into (end to end)', () => {
  let s: Session;
  beforeEach(async () => {
    s = await startSession({ roster, greet: [udi, opa, family, asker, asa, deputy, admin], env: ENV });
  });
  afterEach(async () => {
    await s.close();
  });

  const joinRequests = () => s.h.bot.app.store.read((uow) => joinRequestsIn(uow).listPending());
  const guidance = (id: string) => s.h.bot.app.store.read((uow) => guidanceRequestsIn(uow).get(id));

  async function ask(from = asker, topicId = 'family-immigration') {
    await s.click(from, 'guidance.submit', { topicId, question: `Spørsmål om ${topicId}` });
    await s.drain();
    const request = (await s.h.bot.app.store.read((uow) => guidanceRequestsIn(uow).listActive())).at(-1);
    if (!request) throw new Error('the question was not stored');
    return request;
  }

  describe('7.1 a refusal keeps the card: the join form and the units editor', () => {
    it('join form: a contact person who chose no unit is told so at the unit field, not the department field', async () => {
      await s.say(newcomer, 'hei');
      // What Teams sends when only the role was chosen: every input, the empty ones as ''.
      const card = await s.click(newcomer, 'join.submit', { role: 'contact', department: '', unitId: '' });
      expect(verbsOf(card)).to.deep.equal(['join.submit']);
      expect(visibleInput(card, 'role')?.value).to.equal('contact');
      // The department field is "for coordinators and deputies": nothing to say there.
      expect(errorAfter(card, 'department')).to.equal(undefined);
      expect(errorAfter(card, 'unitId')).to.equal(nb('join.errors.missing-unit'));
      expect(await joinRequests()).to.deep.equal([]);
    });

    it('join form: the same when a department was chosen too (kept on the form)', async () => {
      await s.say(newcomer, 'hei');
      const card = await s.click(newcomer, 'join.submit', { role: 'contact', department: 'OPA' });
      expect(errorAfter(card, 'unitId')).to.equal(nb('join.errors.missing-unit'));
      expect(errorAfter(card, 'department')).to.equal(undefined);
      expect(visibleInput(card, 'department')?.value).to.equal('OPA');
    });

    it('join form: a coordinator who chose no department is told so at the department field', async () => {
      await s.say(newcomer, 'hei');
      const card = await s.click(newcomer, 'join.submit', {
        role: 'coordinator',
        department: '',
        unitId: '',
      });
      expect(errorAfter(card, 'department')).to.equal(nb('join.errors.missing-department'));
      expect(errorAfter(card, 'unitId')).to.equal(undefined);
    });

    it("units editor: a duplicate line is reported under that department's list; every list keeps what was typed", async () => {
      const editor = await s.say(admin, 'enheter');
      const stored = {
        OPA: String(visibleInput(editor, 'units-OPA')?.value),
        ASA: String(visibleInput(editor, 'units-ASA')?.value),
        RMA: String(visibleInput(editor, 'units-RMA')?.value),
      };
      const unitsBefore = await s.h.bot.app.store.read((uow) => uow.units.list());
      const typed = {
        'units-OPA': `${stored.OPA}\nNytt område`,
        'units-ASA': `${stored.ASA}\nVedtaksenhet X\nVedtaksenhet X`,
        'units-RMA': stored.RMA,
      };
      const card = await s.click(admin, 'units.save', typed);
      expect(verbsOf(card)).to.deep.equal(['units.save']);
      const duplicateLine = typed['units-ASA'].split('\n').length;
      expect(errorAfter(card, 'units-ASA')).to.equal(nb('units.errors.duplicate', { line: duplicateLine }));
      expect(errorAfter(card, 'units-OPA')).to.equal(undefined);
      expect(errorAfter(card, 'units-RMA')).to.equal(undefined);
      for (const [id, value] of Object.entries(typed))
        expect(visibleInput(card, id)?.value, id).to.equal(value);
      expect(await s.h.bot.app.store.read((uow) => uow.units.list())).to.deep.equal(unitsBefore);
    });

    it('units editor: a list emptied by hand (Teams then leaves the input out) is refused, not saved as unchanged', async () => {
      const editor = await s.say(admin, 'enheter');
      const unitsBefore = await s.h.bot.app.store.read((uow) => uow.units.list());
      const storedAsa = String(visibleInput(editor, 'units-ASA')?.value);
      const card = await s.click(admin, 'units.save', {
        'units-ASA': `${storedAsa}\nNy vedtaksenhet`,
        'units-RMA': String(visibleInput(editor, 'units-RMA')?.value),
      });
      expect(verbsOf(card)).to.deep.equal(['units.save']);
      expect(errorAfter(card, 'units-OPA')).to.equal(nb('units.errors.empty'));
      expect(visibleInput(card, 'units-ASA')?.value).to.equal(`${storedAsa}\nNy vedtaksenhet`);
      expect(await s.h.bot.app.store.read((uow) => uow.units.list())).to.deep.equal(unitsBefore);
    });

    it('units editor: an identity number empties only that list (shown as stored), with a message under it that says such numbers belong in DUF only', async () => {
      const editor = await s.say(admin, 'enheter');
      const storedOpa = String(visibleInput(editor, 'units-OPA')?.value);
      const storedAsa = String(visibleInput(editor, 'units-ASA')?.value);
      const card = await s.click(admin, 'units.save', {
        'units-OPA': `${storedOpa}\nSak 01010150589`,
        'units-ASA': `${storedAsa}\nNy vedtaksenhet`,
        'units-RMA': String(visibleInput(editor, 'units-RMA')?.value),
      });
      expect(JSON.stringify(card)).not.to.include('50589');
      expect(visibleInput(card, 'units-OPA')?.value).to.equal(storedOpa);
      expect(visibleInput(card, 'units-ASA')?.value).to.equal(`${storedAsa}\nNy vedtaksenhet`);
      expect(errorAfter(card, 'units-OPA')).to.equal(nb('units.errors.privacy'));
      expect(errorAfter(card, 'units-ASA')).to.equal(undefined);
      // The same rule as everywhere else people type text (guidance.errors.privacy, notice.privacy).
      expect(errorAfter(card, 'units-OPA')).to.include('hører bare hjemme i DUF');
    });

    it('a typed message with an identity number is refused with a notice that says such numbers belong in DUF only', async () => {
      const card = await s.say(asker, 'spør Gjelder 010101 505 89, hva gjør jeg?');
      expect(JSON.stringify(card)).not.to.match(/505\s?89/);
      expect(textOf(card)).to.include(nb('notice.privacy.text')).and.include('hører bare hjemme i DUF');
    });
  });

  describe('7.4 roles do not mix', () => {
    it('the UDI coordinator asking for another role gets no approval card for it, cannot approve it, and does not see it among join requests', async () => {
      const udiBefore = s.posts(udi).length;
      const opaBefore = s.posts(opa).length;
      const receipt = await s.click(udi, 'join.submit', { role: 'deputy', department: 'OPA' });
      expect(textOf(receipt)).to.match(/N-2026-0001/);
      await s.drain();
      const toUdi = s.posts(udi).slice(udiBefore);
      expect(toUdi.flatMap((a) => verbsOf(s.h.connector.cardOf(a)))).not.to.include('join.approve');
      const toOpa = s.posts(opa).slice(opaBefore);
      expect(toOpa).to.have.length(1);
      const requestId = requestIdOn(s.h.connector.cardOf(toOpa[0]!), 'join.approve');

      const forged = await s.click(udi, 'join.approve', { requestId });
      expect((await joinRequests()).map((r) => r.state)).to.deep.equal(['pending']);
      expect(verbsOf(forged)).not.to.include('join.approve');
      expect(textOf(forged)).to.include(nb('notice.ownRequest.title'));
      const listed = await s.say(udi, 'innmeldinger');
      expect(verbsOf(listed)).not.to.include('join.approve');
      expect(textOf(listed)).to.include(nb('join.notices.noPendingRequests.title'));
    });

    it('a configured administrator asking for a role is not asked to decide it and cannot approve it', async () => {
      const adminBefore = s.posts(admin).length;
      const receipt = await s.click(admin, 'join.submit', { role: 'contact', unitId: 'asa-unit-1' });
      expect(textOf(receipt)).to.include(nb('join.receipt.title'));
      await s.drain();
      expect(s.posts(admin).slice(adminBefore)).to.deep.equal([]);
      for (const approver of [asa, udi]) expect(verbsOf(s.lastCard(approver))).to.include('join.approve');
      const [request] = await joinRequests();
      const forged = await s.click(admin, 'join.approve', { requestId: request!.id });
      expect((await joinRequests()).map((r) => r.state)).to.deep.equal(['pending']);
      expect(textOf(forged)).to.include(nb('notice.ownRequest.title'));
      const person = await s.h.bot.app.store.read((uow) => uow.people.get(admin.aadObjectId));
      expect(person?.roles ?? []).not.to.deep.include({
        kind: 'contact',
        department: 'ASA',
        unitId: 'asa-unit-1',
      });
    });

    it('the UDI coordinator (and the AUA deputy) are never offered "escalate to the UDI coordinator", and a forged escalation by them changes nothing', async () => {
      const own = await ask(asker, 'consultations'); // owned by the UDI coordinator
      expect(own.assignee).to.equal(udi.aadObjectId);
      const assigned = s.lastCard(udi);
      expect(verbsOf(assigned)).to.include('guidance.answer');
      expect(offersEscalation(assigned)).to.equal(false);

      const other = await ask(asker, 'family-immigration');
      for (const who of [udi, deputy]) {
        const shown = await s.click(who, 'guidance.show', { requestId: other.id, listId: 'queue' });
        expect(verbsOf(shown), who.name).to.include('guidance.answer');
        expect(offersEscalation(shown), who.name).to.equal(false);
      }
      const forged = await s.click(udi, 'guidance.escalate', {
        requestId: own.id,
        escalateReason: 'Til meg selv',
      });
      expect(offersEscalation(forged)).to.equal(false);
      const after = await guidance(own.id);
      expect(after?.assignee).to.equal(udi.aadObjectId);
      expect(after?.messages).to.have.length(1);
    });

    it('an escalation never lands back on whoever escalated it: with the UDI coordinator away it goes to the AUA deputy, who cannot escalate it again', async () => {
      await s.say(udi, 'borte');
      const request = await ask(asker, 'family-immigration');
      await s.click(family, 'guidance.escalate', { requestId: request.id, escalateReason: 'Prinsipielt' });
      await s.drain();
      expect((await guidance(request.id))?.assignee).to.equal(deputy.aadObjectId);
      const held = s.lastCard(deputy);
      expect(textOf(held)).to.include(nb('guidance.banners.escalated'));
      expect(offersEscalation(held)).to.equal(false);

      const forged = await s.click(deputy, 'guidance.escalate', {
        requestId: request.id,
        escalateReason: 'Videre',
      });
      expect(offersEscalation(forged)).to.equal(false);
      const after = await guidance(request.id);
      expect(after?.assignee).to.equal(deputy.aadObjectId);
      expect(after?.messages.filter((m) => m.kind === 'escalate')).to.have.length(1);
    });

    it('the asker cannot act on the assignee side of their own question, even as the coordinator of the assignee', async () => {
      const request = await ask(opa, 'family-immigration'); // routed to Fia, a contact person in OPA
      expect(request.assignee).to.equal(family.aadObjectId);
      const mine = await s.say(opa, 'mine saker');
      const shown = await s.click(
        opa,
        'guidance.show',
        visibleButtons(mine).find((b) => b.verb === 'guidance.show')!.data,
      );
      for (const verb of ASSIGNEE_VERBS) expect(verbsOf(shown), verb).not.to.include(verb);
      expect(showCards(shown)).to.deep.equal([]);

      const forged = await s.click(opa, 'guidance.answer', {
        requestId: request.id,
        answerText: 'Mitt eget svar',
      });
      expect(verbsOf(forged)).not.to.include('guidance.answer');
      const after = await guidance(request.id);
      expect(after?.state).to.equal('open');
      expect(after?.messages).to.have.length(1);
      // Nor is it in their queue.
      expect(textOf(await s.say(opa, 'kø'))).not.to.include(request.reference);
    });
  });

  describe('7.5 no dead ends on the help and welcome cards', () => {
    it('a button on the help card answers with the help card unchanged and posts the flow as a new message', async () => {
      const help = await s.say(asker, 'hjelp');
      for (const [verb, shows] of [
        ['guidance.start', 'guidance.submit'],
        ['members.show', undefined],
      ] as const) {
        const before = s.posts(asker).length;
        const answer = await s.invoke(asker, verb, { fromId: 'help' });
        expect(answer.statusCode).to.equal(200);
        expect(answer.value, verb).to.deep.equal(help);
        const posted = s.posts(asker).slice(before);
        expect(posted, verb).to.have.length(1);
        const card = s.h.connector.cardOf(posted[0]!);
        if (shows) expect(verbsOf(card)).to.include(shows);
        else expect(textOf(card)).to.include(nb('members.title')).and.include(opa.name);
      }
    });

    it('a button on the welcome card answers with the welcome card unchanged and posts the flow as a new message', async () => {
      const welcome = await s.say(newcomer, 'hei');
      expect(verbsOf(welcome)).to.include.members(['join.start', 'help.show']);
      for (const [verb, shows] of [
        ['join.start', 'join.submit'],
        ['help.show', 'join.start'],
      ] as const) {
        const before = s.posts(newcomer).length;
        const answer = await s.invoke(newcomer, verb, { fromId: 'welcome' });
        expect(answer.value, verb).to.deep.equal(welcome);
        const posted = s.posts(newcomer).slice(before);
        expect(posted, verb).to.have.length(1);
        expect(verbsOf(s.h.connector.cardOf(posted[0]!)), verb).to.include(shows);
      }
      expect(textOf(s.lastCard(newcomer))).to.include(nb('help.title'));
    });
  });

  describe('7.7 wording and commands', () => {
    it('counts per department read "1 åpen", not "1 åpne"', async () => {
      await ask(asker, 'family-immigration');
      const all = textOf(await s.say(udi, 'kø'));
      expect(all).not.to.include('1 åpne');
      expect(all).to.include('1 åpen · 0 over fristen');
      expect(all).to.include('0 åpne · 0 over fristen');
    });

    it('the delivery card is not headed "Mislykkede (dead letters)"', async () => {
      const nbCard = textOf(await s.say(opa, 'levering'));
      expect(nbCard).not.to.match(/dead letters|Mislykkede \(/i);
      expect(nbCard).to.include(nb('delivery.deadLetters.heading'));
      expect(textOf(await s.say(opa, 'delivery', 'en-US'))).not.to.match(/dead letters/i);
    });

    it('a department coordinator who is refused is pointed to the UDI coordinator, not to the coordinator of their own department', async () => {
      const refused = textOf(await s.say(opa, 'enheter'));
      expect(refused).not.to.include('koordinatoren i avdelingen din');
      expect(refused).not.to.include(nb('notice.forbidden.text'));
      expect(refused).to.include(nb('notice.forbiddenCoordinator.text'));

      // Deciding a join request of another department: the same.
      await s.say(newcomer, 'hei');
      await s.click(newcomer, 'join.submit', { role: 'coordinator', department: 'ASA' });
      const [request] = await joinRequests();
      const decided = textOf(await s.click(opa, 'join.approve', { requestId: request!.id }));
      expect(decided).not.to.include('koordinatoren i avdelingen din');
      expect(decided).to.include(nb('notice.forbiddenCoordinator.text'));

      // A contact person is still pointed to their coordinator.
      expect(textOf(await s.say(asker, 'levering'))).to.include(nb('notice.forbidden.text'));
    });

    it('"tilbake" from someone who was not away says so instead of welcoming them back', async () => {
      const notAway = textOf(await s.say(asker, 'tilbake'));
      expect(notAway).not.to.include('Velkommen tilbake');
      expect(notAway).to.include(nb('notice.notAway.title'));
      expect(textOf(await s.say(asker, 'borte'))).to.include(nb('notice.awaySet.title'));
      expect(textOf(await s.say(asker, 'borte'))).to.include(nb('notice.alreadyAway.title'));
      expect(textOf(await s.say(asker, 'tilbake'))).to.include(nb('notice.awayCleared.title'));
      expect(textOf(await s.say(asker, 'back', 'en-US'))).to.include(t('en', 'notice.notAway.title'));
    });

    it('understands "medlemmer?", "kø?" and "HJELP!!"', async () => {
      expect(textOf(await s.say(asker, 'medlemmer?'))).to.include(nb('members.title'));
      expect(textOf(await s.say(opa, 'kø?'))).to.include(nb('guidance.lists.queueTitle'));
      const help = await s.say(asker, 'HJELP!!');
      expect(textOf(help)).to.include(nb('help.title'));
      expect(verbsOf(help)).to.include('guidance.start');
    });

    it('"spør <the question>" in one line opens the question form with the question filled in', async () => {
      const form = await s.say(asker, 'spør Hvordan melder vi en sak til KOM?');
      expect(verbsOf(form)).to.deep.equal(['guidance.submit']);
      expect(visibleInput(form, 'question')?.value).to.equal('Hvordan melder vi en sak til KOM?');
      const english = await s.say(asker, 'ask: Who handles reflection permits?', 'en-US');
      expect(visibleInput(english, 'question')?.value).to.equal('Who handles reflection permits?');
      // Nothing is asked until the form is sent.
      expect(await s.h.bot.app.store.read((uow) => guidanceRequestsIn(uow).listActive())).to.deep.equal([]);
    });

    it('the English help card says "my questions" for guidance and "join requests" for join requests', async () => {
      const help = textOf(await s.say(opa, 'help', 'en-US'));
      expect(help).to.include('my questions').and.include('join requests');
      expect(help).not.to.include('my requests');
    });

    it('the English manifest says "my questions" for guidance, never the ambiguous "requests" (join requests left it for "agenda": ten commands at most)', () => {
      const manifest = JSON.parse(
        readFileSync(new URL('../../manifest/manifest.template.json', import.meta.url), 'utf8'),
      ) as { bots: { commandLists: { commands: { title: string; description: string }[] }[] }[] };
      const titles = manifest.bots.flatMap((b) =>
        b.commandLists.flatMap((l) => l.commands.map((c) => c.title)),
      );
      expect(titles).to.include('my questions');
      expect(titles).to.include('agenda');
      expect(titles).not.to.include('my requests');
      expect(titles).not.to.include('requests');
    });
  });
});
