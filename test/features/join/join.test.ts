import { expect } from 'chai';
import type { Caller } from '../../../src/app/context.js';
import { type AppContext, createAppContext } from '../../../src/app/context.js';
import { inUnitOfWork } from '../../../src/app/unit-of-work.js';
import { DEFAULT_UNITS } from '../../../src/domain/default-units.js';
import type { Person } from '../../../src/domain/roster.js';
import { decideJoin, startJoin, submitJoin } from '../../../src/features/join/join.js';
import { wasBootstrapped } from '../../../src/features/join/join-requests.js';
import { joinRequestsIn } from '../../../src/features/join/join-store.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import { STORE_PARTS } from '../../support/features.js';

const SINCE = '2026-01-01T00:00:00.000Z';
const udi: Person = {
  aadObjectId: 'udi',
  displayName: 'Kari',
  roles: [{ kind: 'coordinator', department: 'AUA' }],
  since: SINCE,
};
const rma: Person = {
  aadObjectId: 'rma',
  displayName: 'Rune',
  roles: [{ kind: 'coordinator', department: 'RMA' }],
  since: SINCE,
};
const applicant = { aadObjectId: 'new', displayName: 'Nina' };

function context(people: Person[], admins: string[] = []): AppContext {
  let n = 0;
  const ctx = createAppContext({
    store: createMemoryStore(DEFAULT_UNITS, { parts: STORE_PARTS }),
    adminAadObjectIds: admins,
    now: () => new Date('2026-11-24T10:00:00.000Z'),
    newId: () => `id-${++n}`,
  });
  void ctx.store.run(async (uow) => {
    for (const p of people) await uow.people.put(p);
  });
  return ctx;
}

const submit = (
  ctx: AppContext,
  who: Caller,
  input: { role?: string; department?: string; unitId?: string },
) => inUnitOfWork(ctx, (uow) => submitJoin(ctx, uow, who, input));
const decide = (ctx: AppContext, who: Caller, id: string, decision: 'approve' | 'decline') =>
  inUnitOfWork(ctx, (uow) => decideJoin(ctx, uow, who, id, decision));

const outbox = (ctx: AppContext) =>
  ctx.store.read(async (uow) => {
    const pending = await uow.outbox.listPending();
    return pending.map((m) => ({ to: m.recipient, template: m.view, replaces: m.replaces }));
  });

describe('joining the network (use cases)', () => {
  it('records the request, numbers it, and asks the UDI coordinator and the department coordinator', async () => {
    const ctx = context([udi, rma]);
    const result = await submit(ctx, applicant, { role: 'contact', unitId: 'rma-region-east' });
    if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.form.problems)}`);
    expect(result.request.reference).to.equal('N-2026-0001');
    expect(result.request.role).to.deep.equal({
      kind: 'contact',
      department: 'RMA',
      unitId: 'rma-region-east',
    });
    expect(result.view.unitName?.nb).to.equal('Regionkontor Øst');
    const sent = await outbox(ctx);
    expect(sent.map((s) => s.to)).to.have.deep.members([
      { kind: 'person', aadObjectId: 'udi' },
      { kind: 'person', aadObjectId: 'rma' },
    ]);
    expect(sent.every((s) => s.template === 'join-approval')).to.equal(true);
  });

  it('refuses a second request while one is pending, and a role the person already holds', async () => {
    const ctx = context([udi]);
    await submit(ctx, applicant, { role: 'coordinator', department: 'ASA' });
    const again = await submit(ctx, applicant, { role: 'deputy', department: 'ASA' });
    expect(again.ok === false && again.form.problems?.[0]?.code).to.equal('already-pending');
    const started = await ctx.store.read((uow) => startJoin(ctx, uow, applicant));
    expect(started).to.deep.equal({ ok: false, error: 'already-pending', reference: 'N-2026-0001' });

    const holder = await submit(
      ctx,
      { aadObjectId: 'udi', displayName: 'Kari' },
      { role: 'coordinator', department: 'AUA' },
    );
    expect(holder.ok === false && holder.form.problems?.[0]?.code).to.equal('already-member');
  });

  it("takes a contact person's department from the unit, whatever the department field says", async () => {
    const ctx = context([udi, rma]);
    const result = await submit(ctx, applicant, {
      role: 'contact',
      department: 'ASA',
      unitId: 'rma-region-east',
    });
    if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.form.problems)}`);
    expect(result.request.role).to.deep.equal({
      kind: 'contact',
      department: 'RMA',
      unitId: 'rma-region-east',
    });
  });

  it('keeps the form values and says what is wrong when the input is invalid', async () => {
    const ctx = context([udi]);
    const result = await submit(ctx, applicant, { role: 'contact', department: 'OPA' });
    expect(result.ok).to.equal(false);
    if (result.ok) return;
    expect(result.form.problems).to.deep.equal([{ code: 'missing-unit', field: 'unitId' }]);
    expect(result.form.values).to.deep.equal({ role: 'contact', department: 'OPA', unitId: undefined });
    expect(await outbox(ctx)).to.deep.equal([]);
  });

  it('on approval gives the role, tells the applicant and updates every approval card in place', async () => {
    const ctx = context([udi, rma]);
    const submitted = await submit(ctx, applicant, { role: 'contact', unitId: 'rma-region-east' });
    if (!submitted.ok) throw new Error('refused');
    const decided = await decide(
      ctx,
      { aadObjectId: 'rma', displayName: 'Rune' },
      submitted.request.id,
      'approve',
    );
    expect(decided.ok && decided.model.state).to.equal('approved');
    const person = await ctx.store.read((uow) => uow.people.get('new'));
    expect(person?.roles).to.deep.equal([{ kind: 'contact', department: 'RMA', unitId: 'rma-region-east' }]);
    const sent = await outbox(ctx);
    expect(sent.filter((s) => s.template === 'join-outcome').map((s) => s.to)).to.deep.equal([
      { kind: 'person', aadObjectId: 'new' },
    ]);
    // Each update names the approval card it replaces: the one posted to that approver.
    const stored = await ctx.store.read((uow) => joinRequestsIn(uow).get(submitted.request.id));
    const approvalCardOf = (id: string) =>
      stored?.parties.find((p) => p.to.kind === 'person' && p.to.aadObjectId === id)?.cards[0];
    expect(
      sent
        .filter((s) => s.replaces !== undefined)
        .map((s) => (s.to.kind === 'person' ? `${s.to.aadObjectId}:${s.replaces}` : '')),
    ).to.have.members([`udi:${approvalCardOf('udi')?.version}`, `rma:${approvalCardOf('rma')?.version}`]);
    expect([approvalCardOf('udi')?.view, approvalCardOf('rma')?.view]).to.deep.equal([
      'join-approval',
      'join-approval',
    ]);
  });

  it('refuses a coordinator of another department and a second decision', async () => {
    const ctx = context([udi, rma]);
    const submitted = await submit(ctx, applicant, { role: 'coordinator', department: 'OPA' });
    if (!submitted.ok) throw new Error('refused');
    const wrong = await decide(
      ctx,
      { aadObjectId: 'rma', displayName: 'Rune' },
      submitted.request.id,
      'approve',
    );
    expect(wrong).to.deep.equal({ ok: false, error: 'not-authorized' });
    await decide(ctx, { aadObjectId: 'udi', displayName: 'Kari' }, submitted.request.id, 'decline');
    const twice = await decide(
      ctx,
      { aadObjectId: 'udi', displayName: 'Kari' },
      submitted.request.id,
      'approve',
    );
    expect(twice.ok).to.equal(false);
    if (twice.ok || twice.error !== 'already-decided') throw new Error('expected already-decided');
    expect(twice.model.state).to.equal('declined');
    expect(await ctx.store.read((uow) => uow.people.get('new'))).to.equal(undefined);
  });

  it('lets a configured administrator bootstrap an empty network without deciding their own request', async () => {
    const ctx = context([], ['boss']);
    const boss = { aadObjectId: 'boss', displayName: 'Admin' };
    const submitted = await submit(ctx, boss, { role: 'coordinator', department: 'AUA' });
    if (!submitted.ok) throw new Error('refused');
    // Nobody else could decide: granted at once, recorded as a bootstrap, no approval card to themselves.
    expect(submitted.bootstrap).to.equal(true);
    expect(submitted.request.state).to.equal('approved');
    expect(submitted.request.history.at(-1)?.action).to.equal('bootstrap');
    expect(submitted.request.history.at(-1)).to.deep.include({ by: 'boss', from: 'pending', to: 'approved' });
    expect(wasBootstrapped(submitted.request)).to.equal(true);
    expect(await outbox(ctx)).to.deep.equal([]);
    const person = await ctx.store.read((uow) => uow.people.get('boss'));
    // the admin role stays in configuration, not in the store
    expect(person?.roles).to.deep.equal([{ kind: 'coordinator', department: 'AUA' }]);
  });

  it('never lets anyone decide their own request, administrators included', async () => {
    const ctx = context([udi], ['boss']);
    const boss = { aadObjectId: 'boss', displayName: 'Admin' };
    const submitted = await submit(ctx, boss, { role: 'coordinator', department: 'ASA' });
    if (!submitted.ok) throw new Error('refused');
    expect(submitted.bootstrap).to.equal(false);
    expect((await outbox(ctx)).map((s) => s.to)).to.deep.equal([{ kind: 'person', aadObjectId: 'udi' }]);
    expect(await decide(ctx, boss, submitted.request.id, 'approve')).to.deep.equal({
      ok: false,
      error: 'own-request',
    });
    const udiAsks = await submit(
      ctx,
      { aadObjectId: 'udi', displayName: 'Kari' },
      { role: 'deputy', department: 'RMA' },
    );
    if (!udiAsks.ok) throw new Error('refused');
    // The UDI coordinator's own request goes to the administrator, not to herself.
    expect((await outbox(ctx)).map((s) => s.to)).to.deep.include({ kind: 'person', aadObjectId: 'boss' });
    expect(
      (await outbox(ctx)).filter((s) => s.to.kind === 'person' && s.to.aadObjectId === 'udi'),
    ).to.have.length(1);
    expect(
      await decide(ctx, { aadObjectId: 'udi', displayName: 'Kari' }, udiAsks.request.id, 'approve'),
    ).to.deep.equal({
      ok: false,
      error: 'own-request',
    });
  });

  it('refuses a request nobody could decide (no coordinator, no administrator)', async () => {
    const ctx = context([]);
    const result = await submit(ctx, applicant, { role: 'coordinator', department: 'AUA' });
    expect(result.ok === false && result.form.problems).to.deep.equal([{ code: 'no-approver' }]);
    expect(await outbox(ctx)).to.deep.equal([]);
  });

  it('answers a request id that does not exist', async () => {
    const ctx = context([udi]);
    expect(await decide(ctx, { aadObjectId: 'udi', displayName: 'Kari' }, 'nope', 'approve')).to.deep.equal({
      ok: false,
      error: 'not-found',
    });
  });
});
