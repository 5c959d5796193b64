import { expect } from 'chai';
import type { Caller } from '../../../src/app/context.js';
import { type AppContext, createAppContext } from '../../../src/app/context.js';
import { inUnitOfWork } from '../../../src/app/unit-of-work.js';
import { DEFAULT_UNITS } from '../../../src/domain/default-units.js';
import type { Person, Role } from '../../../src/domain/roster.js';
import {
  type AskInput,
  actOnGuidance,
  askGuidance,
  type GuidanceCommand,
  guidanceQueue,
  guidanceViewFor,
  myGuidanceRequests,
  runGuidanceDeadlines,
  showGuidance,
} from '../../../src/features/guidance/guidance.js';
import { guidanceRequestsIn } from '../../../src/features/guidance/guidance-store.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import type { UnitOfWork } from '../../../src/store/store.js';
import { STORE_PARTS } from '../../support/features.js';

const SINCE = '2026-01-01T00:00:00.000Z';
const person = (id: string, ...roles: Role[]): Person => ({
  aadObjectId: id,
  displayName: id.toUpperCase(),
  roles,
  since: SINCE,
});
const udi = person('udi', { kind: 'coordinator', department: 'AUA' });
const opa = person('opa', { kind: 'coordinator', department: 'OPA' });
const asa = person('asa', { kind: 'coordinator', department: 'ASA' });
const family = person('family', { kind: 'contact', department: 'OPA', unitId: 'opa-family' });
const asker = person('asker', { kind: 'contact', department: 'RMA', unitId: 'rma-region-east' });
const outsider = { aadObjectId: 'outsider', displayName: 'Outsider' };
const caller = (p: Person) => ({ aadObjectId: p.aadObjectId, displayName: p.displayName });

/** The fake clock: Tuesday 24 Nov 2026, 10:00 Oslo, unless a test moves it. */
let clock = new Date('2026-11-24T09:00:00.000Z');

async function context(people: Person[] = [udi, opa, asa, family, asker]): Promise<AppContext> {
  let n = 0;
  clock = new Date('2026-11-24T09:00:00.000Z');
  const ctx = createAppContext({
    store: createMemoryStore(DEFAULT_UNITS, { parts: STORE_PARTS }),
    adminAadObjectIds: [],
    now: () => clock,
    newId: () => `id-${++n}`,
  });
  await ctx.store.run(async (uow) => {
    for (const p of people) await uow.people.put(p);
  });
  return ctx;
}

const outbox = (ctx: AppContext) =>
  ctx.store.read(async (uow) =>
    Promise.all(
      (await uow.outbox.listPending()).map(async (m) => {
        // The card is rendered at send time: whose view it shows, from the request as it is now.
        const request = await guidanceRequestsIn(uow).get(m.subject.id);
        const to = m.recipient.kind === 'person' ? m.recipient.aadObjectId : 'channel';
        return {
          to,
          viewer: request ? (await guidanceViewFor(ctx, uow, request, to)).viewer : undefined,
          banner: m.banner,
          replaces: m.replaces,
        };
      }),
    ),
  );

const ask = (ctx: AppContext, input: AskInput) =>
  inUnitOfWork(ctx, (uow) =>
    askGuidance(ctx, uow, caller(asker), { origin: 'internal', urgency: 'normal', ...input }),
  );
const act = (ctx: AppContext, who: Caller, id: string, command: GuidanceCommand) =>
  inUnitOfWork(ctx, (uow) => actOnGuidance(ctx, uow, who, id, command));
const deadlines = (ctx: AppContext) => inUnitOfWork(ctx, (uow) => runGuidanceDeadlines(ctx, uow));
const read = <T>(ctx: AppContext, work: (uow: UnitOfWork) => Promise<T>) => ctx.store.read(work);

describe('guidance requests (use cases)', () => {
  it('routes a question by topic, numbers it, sets the deadline in working days and sends the assignee a card', async () => {
    const ctx = await context();
    const result = await ask(ctx, { topicId: 'family-immigration', question: 'Hvordan vurderer vi dette?' });
    if (!result.ok || !('request' in result)) throw new Error(JSON.stringify(result));
    expect(result.request.reference).to.equal('V-2026-0001');
    expect(result.request.assignee).to.equal('family');
    expect(result.assigneeName).to.equal('FAMILY');
    expect(result.request.dueDate).to.equal('2026-11-27'); // three working days after Tuesday
    expect(await outbox(ctx)).to.deep.equal([
      { to: 'family', viewer: 'assignee', banner: 'assigned', replaces: undefined },
    ]);
  });

  it('refuses an identity number in the question before anything is stored', async () => {
    const ctx = await context();
    const result = await ask(ctx, { topicId: 'return', question: 'Gjelder 010101 505 89' });
    expect('form' in result && result.form.problems).to.deep.equal([{ code: 'privacy', field: 'question' }]);
    // The refused text is never shown again; the rest of the form is kept.
    expect('form' in result && result.form.values).to.include({ topicId: 'return', question: '' });
    expect(await ctx.store.read((u) => guidanceRequestsIn(u).listActive())).to.deep.equal([]);
    expect(await outbox(ctx)).to.deep.equal([]);
  });

  it('keeps the form and says what is wrong for a missing topic or an empty question', async () => {
    const ctx = await context();
    const missing = await ask(ctx, { question: 'x' });
    expect('form' in missing && missing.form.problems).to.deep.equal([
      { code: 'missing-topic', field: 'topicId' },
    ]);
    const empty = await ask(ctx, { topicId: 'orders', question: '   ' });
    expect('form' in empty && empty.form.problems).to.deep.equal([{ code: 'empty-text', field: 'question' }]);
    expect('form' in empty && empty.form.values.topicId).to.equal('orders');
  });

  it('refuses people outside the network', async () => {
    const ctx = await context();
    expect(
      await inUnitOfWork(ctx, (uow) =>
        askGuidance(ctx, uow, outsider, { topicId: 'orders', question: 'Hei' }),
      ),
    ).to.deep.equal({
      ok: false,
      error: 'not-member',
    });
  });

  it('runs ask → take → answer → follow-up → answer → helpful, updating every card in place', async () => {
    const ctx = await context();
    const asked = await ask(ctx, { topicId: 'family-immigration', question: 'Spørsmål' });
    if (!asked.ok || !('request' in asked)) throw new Error('not asked');
    const id = asked.request.id;

    const taken = await act(ctx, caller(family), id, { kind: 'take' });
    expect(taken.ok && taken.view.request.state).to.equal('in-progress');
    const answered = await act(ctx, caller(family), id, { kind: 'answer', text: 'Svar' });
    expect(answered.ok && answered.view.request.state).to.equal('answered');
    let cards = await outbox(ctx);
    expect(cards.filter((c) => c.to === 'asker' && !c.replaces)).to.deep.equal([
      { to: 'asker', viewer: 'asker', banner: 'answered', replaces: undefined },
    ]);
    expect(cards.filter((c) => c.to === 'family' && c.replaces).length).to.equal(2);

    const refused = await act(ctx, caller(opa), id, { kind: 'follow-up', text: 'Mer?' });
    expect(refused).to.deep.equal({ ok: false, error: 'not-asker' });
    const reopened = await act(ctx, caller(asker), id, { kind: 'follow-up', text: 'Mer?' });
    expect(reopened.ok && reopened.view.request.state).to.equal('in-progress');
    cards = await outbox(ctx);
    expect(cards.filter((c) => c.to === 'family' && c.banner === 'reopened')).to.have.length(1);

    await act(ctx, caller(family), id, { kind: 'answer', text: 'Svar 2' });
    const done = await act(ctx, caller(asker), id, { kind: 'mark-helpful' });
    expect(done.ok && done.view.request).to.include({ state: 'closed', helpful: true });
    const late = await act(ctx, caller(family), id, { kind: 'answer', text: 'for sent' });
    expect(!late.ok && late.error === 'invalid' && late.problem).to.equal('not-allowed-in-state');
  });

  it('lets the assignee forward with a reason, and escalate to the UDI coordinator as principled', async () => {
    const ctx = await context();
    const asked = await ask(ctx, { topicId: 'family-immigration', question: 'Spørsmål' });
    if (!asked.ok || !('request' in asked)) throw new Error('not asked');
    const id = asked.request.id;
    const stranger = await act(ctx, caller(asa), id, { kind: 'take' });
    expect(stranger).to.deep.equal({ ok: false, error: 'not-assignee' });

    const forwarded = await act(ctx, caller(family), id, {
      kind: 'forward',
      to: 'opa',
      reason: 'Din portefølje',
    });
    expect(forwarded.ok && forwarded.view.request.assignee).to.equal('opa');
    expect(forwarded.ok && forwarded.view.viewer).to.equal('other');
    const escalated = await act(ctx, caller(opa), id, { kind: 'escalate', reason: 'Prinsipielt' });
    expect(escalated.ok && escalated.view.request).to.include({ assignee: 'udi', principled: true });
    const closed = await act(ctx, caller(udi), id, {
      kind: 'close',
      reason: 'Tas i nettverksmøtet',
    });
    expect(closed.ok && closed.view.request).to.include({ state: 'closed', principled: true });

    const queue = await read(ctx, (uow) => guidanceQueue(ctx, uow, caller(udi)));
    expect(queue.ok && queue.all).to.equal(true);
    expect(queue.ok && queue.lists.principledClosed?.map((i) => i.request.id)).to.deep.equal([id]);
    const mine = await read(ctx, (uow) => myGuidanceRequests(ctx, uow, caller(asker)));
    expect(mine.ok && mine.lists.items.map((i) => i.request.state)).to.deep.equal(['closed']);
  });

  it('shows a coordinator the queue of requests they may act on, with counts per department for the UDI coordinator', async () => {
    const ctx = await context();
    await ask(ctx, { topicId: 'prioritised-asylum-cases', question: 'A' });
    await ask(ctx, { topicId: 'reflection-limited-permit', question: 'B' });
    const asaQueue = await read(ctx, (uow) => guidanceQueue(ctx, uow, caller(asa)));
    expect(asaQueue.ok && asaQueue.lists.items.map((i) => i.request.topicId)).to.deep.equal([
      'prioritised-asylum-cases',
    ]);
    expect(asaQueue.ok && asaQueue.all).to.equal(false);
    const udiQueue = await read(ctx, (uow) => guidanceQueue(ctx, uow, caller(udi)));
    expect(udiQueue.ok && udiQueue.lists.items).to.have.length(2);
    expect(udiQueue.ok && udiQueue.lists.departments?.find((d) => d.department === 'ASA')).to.deep.equal({
      department: 'ASA',
      open: 1,
      overdue: 0,
    });
  });

  it('shows a request only to the people involved', async () => {
    const ctx = await context();
    const asked = await ask(ctx, { topicId: 'orders', question: 'Q' });
    if (!asked.ok || !('request' in asked)) throw new Error('not asked');
    expect((await read(ctx, (uow) => showGuidance(ctx, uow, caller(asker), asked.request.id))).ok).to.equal(
      true,
    );
    expect((await read(ctx, (uow) => showGuidance(ctx, uow, caller(udi), asked.request.id))).ok).to.equal(
      true,
    );
    expect(await read(ctx, (uow) => showGuidance(ctx, uow, caller(asa), asked.request.id))).to.deep.equal({
      ok: false,
      error: 'not-authorized',
    });
  });

  describe('deadlines (fake clock)', () => {
    const at = (iso: string) => {
      clock = new Date(iso);
    };
    const banners = async (ctx: AppContext) =>
      (await outbox(ctx)).filter((c) => c.banner && c.banner !== 'assigned');

    it('reminds the assignee, then tells the department coordinator, then the UDI coordinator, once each', async () => {
      const ctx = await context();
      const asked = await ask(ctx, { topicId: 'family-immigration', question: 'Q' }); // due Friday 27 Nov
      if (!asked.ok || !('request' in asked)) throw new Error('not asked');
      expect(asked.request.dueDate).to.equal('2026-11-27');

      at('2026-11-25T09:00:00.000Z');
      expect(await deadlines(ctx)).to.equal(0);
      at('2026-11-26T09:00:00.000Z');
      expect(await deadlines(ctx)).to.equal(1);
      expect(await banners(ctx)).to.deep.equal([
        { to: 'family', viewer: 'assignee', banner: 'dueSoon', replaces: undefined },
      ]);
      expect(await deadlines(ctx)).to.equal(0); // the same day again: nothing new

      at('2026-11-30T07:00:00.000Z'); // Monday: overdue
      expect(await deadlines(ctx)).to.equal(1);
      expect((await banners(ctx)).at(-1)).to.deep.include({ to: 'opa', banner: 'overdueCoordinator' });

      at('2026-12-01T07:00:00.000Z'); // two working days after the deadline
      expect(await deadlines(ctx)).to.equal(1);
      expect((await banners(ctx)).at(-1)).to.deep.include({ to: 'udi', banner: 'overdueUdi' });
      at('2026-12-10T07:00:00.000Z');
      expect(await deadlines(ctx)).to.equal(0);
    });

    it("records each reminder in the request's history, once, by the bot", async () => {
      const ctx = await context();
      const asked = await ask(ctx, { topicId: 'family-immigration', question: 'Q' }); // due Friday 27 Nov
      if (!asked.ok || !('request' in asked)) throw new Error('not asked');
      at('2026-11-26T09:00:00.000Z');
      await deadlines(ctx);
      await deadlines(ctx);
      const stored = await read(ctx, (uow) => guidanceRequestsIn(uow).get(asked.request.id));
      const reminders = stored?.history.filter((e) => e.action === 'deadline-reminder');
      expect(reminders).to.deep.equal([
        { at: '2026-11-26T09:00:00.000Z', by: 'system', action: 'deadline-reminder', step: 'dueSoon' },
      ]);
    });

    it('stops reminding once the request is answered, and a follow-up sets a new deadline', async () => {
      const ctx = await context();
      const asked = await ask(ctx, { topicId: 'family-immigration', question: 'Q' });
      if (!asked.ok || !('request' in asked)) throw new Error('not asked');
      await act(ctx, caller(family), asked.request.id, { kind: 'answer', text: 'A' });
      at('2026-12-10T07:00:00.000Z');
      expect(await deadlines(ctx)).to.equal(0);
      const reopened = await act(ctx, caller(asker), asked.request.id, {
        kind: 'follow-up',
        text: 'Mer',
      });
      expect(reopened.ok && reopened.view.request.dueDate).to.equal('2026-12-15');
    });
  });
});
