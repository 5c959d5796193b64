import { expect } from 'chai';
import { createAppContext } from '../../../src/app/context.js';
import type { Person, Role } from '../../../src/domain/roster.js';
import {
  backlog,
  carryOver,
  curateItem,
  meetingsFor,
  raiseItem,
  recordOutcome,
  searchClarifications,
  withdrawEntry,
} from '../../../src/features/agenda/agenda.js';
import type { AgendaDraft } from '../../../src/features/agenda/agenda-items.js';
import { AGENDA_STORE, agendaIn } from '../../../src/features/agenda/agenda-store.js';
import { CLARIFICATIONS_STORE, clarificationsIn } from '../../../src/features/agenda/clarification-store.js';
import { MEETINGS_STORE } from '../../../src/features/meetings/meeting-store.js';
import { createSeries } from '../../../src/features/meetings/meetings.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import type { UnitOfWork } from '../../../src/store/store.js';
import { combineStoreParts } from '../../../src/store/store-parts.js';

const person = (aadObjectId: string, ...roles: Role[]): Person => ({
  aadObjectId,
  displayName: aadObjectId,
  roles,
  since: '2026-01-01T00:00:00.000Z',
});
const caller = (aadObjectId: string) => ({ aadObjectId, displayName: aadObjectId });
const draft = (over: Partial<AgendaDraft> = {}): AgendaDraft => ({
  title: 'Lik praksis for refleksjonsperiode',
  description: 'Avdelingene vurderer vilkårene ulikt.',
  agendaKind: 'principled',
  department: 'OPA',
  forum: 'coordinators',
  urgent: false,
  minutes: 20,
  ...over,
});

async function setup() {
  const store = createMemoryStore(undefined, {
    parts: combineStoreParts([MEETINGS_STORE, AGENDA_STORE, CLARIFICATIONS_STORE]),
  });
  await store.run(async (uow) => {
    for (const p of [
      person('udi', { kind: 'coordinator', department: 'AUA' }),
      person('opa', { kind: 'coordinator', department: 'OPA' }),
      person('asa', { kind: 'coordinator', department: 'ASA' }),
      person('east', { kind: 'contact', department: 'RMA', unitId: 'rma-region-east' }),
      person('admin', { kind: 'admin' }),
    ])
      await uow.people.put(p);
  });
  let now = new Date('2027-01-04T09:00:00.000Z');
  let n = 0;
  const app = createAppContext({ store, adminAadObjectIds: [], now: () => now, newId: () => `id${++n}` });
  const run = <T>(work: (uow: UnitOfWork) => Promise<T>) => store.run(work);
  const schedule = (dates: string[]) => ({
    recurrence: { kind: 'dates' as const, dates },
    from: '2027-01-01',
    time: '09:00',
    durationMinutes: 90,
  });
  const koord = await run((uow) =>
    createSeries(app, uow, caller('udi'), {
      title: 'Koordinatormøte',
      meetingKind: 'coordinators',
      schedule: schedule(['2027-01-12', '2027-02-09', '2027-03-09']),
    }),
  );
  const net = await run((uow) =>
    createSeries(app, uow, caller('udi'), {
      title: 'Nettverksmøte',
      meetingKind: 'network',
      schedule: schedule(['2027-01-20']),
    }),
  );
  return {
    app,
    store,
    run,
    at: (iso: string) => {
      now = new Date(iso);
    },
    koord: koord.ok ? koord.value.id : '',
    net: net.ok ? net.value.id : '',
    pending: () => store.read((uow) => uow.outbox.listPending()),
  };
}

describe('agenda: raising an item', () => {
  it('a member raises one with a reference; an administrator alone or a stranger cannot; problems by field', async () => {
    const { app, run, pending } = await setup();
    const raised = await run((uow) => raiseItem(app, uow, caller('east'), draft({ department: 'RMA' })));
    expect(raised.ok && [raised.value.reference, raised.value.state, raised.value.createdBy]).to.deep.equal([
      'S-2027-0001',
      'submitted',
      'east',
    ]);
    // Its curators are told: the UDI coordinator (RMA has no coordinator here), not the submitter.
    expect((await pending()).map((m) => [m.recipient, m.view, m.banner])).to.deep.equal([
      [{ kind: 'person', aadObjectId: 'udi' }, 'agenda-item', 'new'],
    ]);
    // An OPA item goes to OPA's coordinator too; a curator raising one is not told of their own.
    await run((uow) => raiseItem(app, uow, caller('udi'), draft({ department: 'OPA' })));
    expect((await pending()).slice(1).map((m) => [m.recipient, m.banner])).to.deep.equal([
      [{ kind: 'person', aadObjectId: 'opa' }, 'new'],
    ]);
    expect(await run((uow) => raiseItem(app, uow, caller('admin'), draft()))).to.deep.equal({
      ok: false,
      refusal: 'not-member',
    });
    expect(await run((uow) => raiseItem(app, uow, caller('nobody'), draft()))).to.deep.equal({
      ok: false,
      refusal: 'not-member',
    });
    expect(
      await run((uow) =>
        raiseItem(app, uow, caller('east'), draft({ title: '', department: 'XX' as never })),
      ),
    ).to.deep.equal({ ok: false, problems: { title: 'missing', department: 'missing' } });
  });
});

describe('agenda: curating', () => {
  it('a curator deciding on their own item gets no new card about it (the answer to the click shows it)', async () => {
    const { app, run, koord, pending } = await setup();
    const raised = await run((uow) => raiseItem(app, uow, caller('udi'), draft({ department: 'AUA' })));
    const id = raised.ok ? raised.value.id : '';
    const accepted = await run((uow) =>
      curateItem(app, uow, caller('udi'), id, { kind: 'accept', seriesId: koord, occurrence: '2027-01-12' }),
    );
    expect(accepted.ok).to.equal(true);
    expect((await pending()).filter((m) => m.banner === 'accept')).to.deep.equal([]);
  });

  it('accepts onto a coming meeting of the right forum; the submitter is told', async () => {
    const { app, run, koord, net, pending } = await setup();
    const raised = await run((uow) => raiseItem(app, uow, caller('east'), draft()));
    const id = raised.ok ? raised.value.id : '';
    expect(
      await run((uow) =>
        curateItem(app, uow, caller('opa'), id, { kind: 'accept', seriesId: net, occurrence: '2027-01-20' }),
      ),
    ).to.deep.equal({
      ok: false,
      problem: 'wrong-meeting',
    });
    expect(
      await run((uow) =>
        curateItem(app, uow, caller('opa'), id, {
          kind: 'accept',
          seriesId: koord,
          occurrence: '2027-01-13',
        }),
      ),
    ).to.deep.equal({
      ok: false,
      missing: true,
    });
    const accepted = await run((uow) =>
      curateItem(app, uow, caller('opa'), id, { kind: 'accept', seriesId: koord, occurrence: '2027-01-12' }),
    );
    expect(
      accepted.ok && [accepted.value.state, accepted.value.meeting, accepted.value.acceptedSeq],
    ).to.deep.equal(['accepted', { seriesId: koord, occurrence: '2027-01-12' }, 1]);
    expect(
      (await pending())
        .filter((m) => m.banner !== 'new' && m.replaces === undefined)
        .map((m) => [m.recipient, m.view, m.banner]),
    ).to.deep.equal([[{ kind: 'person', aadObjectId: 'east' }, 'agenda-item', 'accept']]);
    // The curator's card about the new item is updated in place.
    expect((await pending()).filter((m) => m.replaces !== undefined).map((m) => m.recipient)).to.deep.include(
      { kind: 'person', aadObjectId: 'udi' },
    );
  });

  it('a contact person curates nothing; a department coordinator only their department’s items', async () => {
    const { app, run, koord } = await setup();
    const raised = await run((uow) => raiseItem(app, uow, caller('east'), draft()));
    const id = raised.ok ? raised.value.id : '';
    const accept = { kind: 'accept' as const, seriesId: koord, occurrence: '2027-01-12' };
    expect(await run((uow) => curateItem(app, uow, caller('east'), id, accept))).to.deep.equal({
      ok: false,
      refusal: 'not-authorized',
    });
    expect(await run((uow) => curateItem(app, uow, caller('asa'), id, accept))).to.deep.equal({
      ok: false,
      refusal: 'not-authorized',
    });
    expect((await run((uow) => curateItem(app, uow, caller('udi'), id, accept))).ok).to.equal(true);
    expect(await run((uow) => curateItem(app, uow, caller('udi'), 'made-up', accept))).to.deep.equal({
      ok: false,
      missing: true,
    });
  });

  it('defers only to a later meeting, merges into an item in the store, declines with a reason', async () => {
    const { app, run, koord } = await setup();
    const a = await run((uow) => raiseItem(app, uow, caller('east'), draft()));
    const b = await run((uow) => raiseItem(app, uow, caller('east'), draft({ title: 'Samme sak' })));
    const idA = a.ok ? a.value.id : '';
    const idB = b.ok ? b.value.id : '';
    await run((uow) =>
      curateItem(app, uow, caller('udi'), idA, { kind: 'accept', seriesId: koord, occurrence: '2027-02-09' }),
    );
    expect(
      await run((uow) =>
        curateItem(app, uow, caller('udi'), idA, {
          kind: 'defer',
          seriesId: koord,
          occurrence: '2027-01-12',
          reason: 'x',
        }),
      ),
    ).to.deep.equal({ ok: false, problem: 'not-later' });
    const deferred = await run((uow) =>
      curateItem(app, uow, caller('udi'), idA, {
        kind: 'defer',
        seriesId: koord,
        occurrence: '2027-03-09',
        reason: 'Venter på rundskriv',
      }),
    );
    expect(deferred.ok && deferred.value.meeting?.occurrence).to.equal('2027-03-09');
    expect(
      await run((uow) => curateItem(app, uow, caller('udi'), idB, { kind: 'merge', into: 'nope' })),
    ).to.deep.equal({
      ok: false,
      missing: true,
    });
    const merged = await run((uow) => curateItem(app, uow, caller('udi'), idB, { kind: 'merge', into: idA }));
    expect(merged.ok && [merged.value.state, merged.value.mergedInto]).to.deep.equal(['merged', idA]);
    expect(
      await run((uow) => curateItem(app, uow, caller('udi'), idA, { kind: 'decline', reason: '' })),
    ).to.deep.equal({
      ok: false,
      problem: 'missing-reason',
    });
  });
});

describe('agenda: carried over', () => {
  it('what a held meeting did not reach goes onto the series’ next meeting, counted, and the submitter is told', async () => {
    const { app, run, at, koord, pending } = await setup();
    const raised = await run((uow) => raiseItem(app, uow, caller('east'), draft()));
    const id = raised.ok ? raised.value.id : '';
    await run((uow) =>
      curateItem(app, uow, caller('udi'), id, { kind: 'accept', seriesId: koord, occurrence: '2027-01-12' }),
    );
    at('2027-01-12T12:00:00.000Z');
    expect(await run((uow) => carryOver(app, uow, { seriesId: koord, occurrence: '2027-01-12' }))).to.equal(
      1,
    );
    const item = await run((uow) => agendaIn(uow).getItem(id));
    expect([item?.meeting?.occurrence, item?.carriedOver]).to.deep.equal(['2027-02-09', 1]);
    const posted = (await pending()).filter((m) => m.replaces === undefined && m.banner !== 'new');
    expect(posted.map((m) => m.banner)).to.deep.equal(['accept', 'carry-over']);
    // Nothing more to carry from that meeting.
    expect(await run((uow) => carryOver(app, uow, { seriesId: koord, occurrence: '2027-01-12' }))).to.equal(
      0,
    );
  });

  it('offers the coming meetings of a forum, nearest first', async () => {
    const { run, koord, net } = await setup();
    const coming = await run((uow) => meetingsFor(uow, 'coordinators', Date.parse('2027-01-04T09:00:00Z')));
    expect(coming.map((m) => [m.seriesId, m.occurrence])).to.deep.equal([
      [koord, '2027-01-12'],
      [koord, '2027-02-09'],
      [koord, '2027-03-09'],
    ]);
    const network = await run((uow) => meetingsFor(uow, 'network', Date.parse('2027-01-04T09:00:00Z')));
    expect(network.map((m) => m.seriesId)).to.deep.equal([net]);
  });
});

describe('agenda: what came of an item', () => {
  async function onMeeting() {
    const world = await setup();
    const raised = await world.run((uow) => raiseItem(world.app, uow, caller('east'), draft()));
    const id = raised.ok ? raised.value.id : '';
    await world.run((uow) =>
      curateItem(world.app, uow, caller('udi'), id, {
        kind: 'accept',
        seriesId: world.koord,
        occurrence: '2027-01-12',
      }),
    );
    return { ...world, id };
  }

  it('is recorded once the meeting has begun, by a curator; the submitter is told', async () => {
    const { app, run, at, id, pending } = await onMeeting();
    expect(
      await run((uow) => recordOutcome(app, uow, caller('udi'), id, { kind: 'discussed' })),
    ).to.deep.equal({
      ok: false,
      problem: 'meeting-ahead',
    });
    at('2027-01-12T09:00:00.000Z');
    expect(
      await run((uow) => recordOutcome(app, uow, caller('east'), id, { kind: 'discussed' })),
    ).to.deep.equal({
      ok: false,
      refusal: 'not-authorized',
    });
    const referred = await run((uow) => recordOutcome(app, uow, caller('opa'), id, { kind: 'referred' }));
    expect(referred.ok && [referred.value.item.state, referred.value.item.outcome]).to.deep.equal([
      'done',
      { kind: 'referred' },
    ]);
    const posted = (await pending()).filter((m) => m.replaces === undefined && m.banner !== 'new');
    expect(posted.map((m) => [m.recipient, m.banner])).to.deep.equal([
      [{ kind: 'person', aadObjectId: 'east' }, 'accept'],
      [{ kind: 'person', aadObjectId: 'east' }, 'outcome'],
    ]);
    expect(
      await run((uow) => recordOutcome(app, uow, caller('opa'), id, { kind: 'discussed' })),
    ).to.deep.equal({
      ok: false,
      problem: 'not-allowed-in-state',
    });
  });

  it('a clarification enters the register, found again by its source', async () => {
    const { app, run, at, id, koord } = await onMeeting();
    at('2027-01-12T10:00:00.000Z');
    const clarified = await run((uow) =>
      recordOutcome(app, uow, caller('udi'), id, {
        kind: 'clarified',
        clarification: 'Vilkåret tolkes slik.',
      }),
    );
    if (!clarified.ok) throw new Error('the outcome should be recorded');
    const entry = clarified.value.clarification;
    expect(
      entry && [entry.reference, entry.state, entry.decidedOn, entry.source, entry.clarification],
    ).to.deep.equal([
      'A-2027-0001',
      'active',
      '2027-01-12',
      { kind: 'meeting', forum: 'coordinators', seriesId: koord, occurrence: '2027-01-12' },
      'Vilkåret tolkes slik.',
    ]);
    const stored = await run((uow) => clarificationsIn(uow).listActive());
    expect(stored.map((e) => e.id)).to.deep.equal([entry?.id]);
  });

  it('a follow-up action becomes an item for its owner, who must be in the network', async () => {
    const { app, run, at, id } = await onMeeting();
    at('2027-01-12T10:00:00.000Z');
    const followUp = (owner: unknown, due: unknown = '2027-02-01') =>
      run((uow) =>
        recordOutcome(app, uow, caller('udi'), id, { kind: 'follow-up', what: 'Skriv notat', owner, due }),
      );
    expect(await followUp('nobody')).to.deep.equal({ ok: false, problem: 'missing-owner' });
    expect(await followUp('admin')).to.deep.equal({ ok: false, problem: 'missing-owner' });
    expect(await followUp('opa', 'neste uke')).to.deep.equal({ ok: false, problem: 'bad-due-date' });
    const made = await followUp('opa');
    if (!made.ok) throw new Error('the follow-up should be recorded');
    const action = made.value.action;
    expect(
      action && [action.owner, action.due, action.fromItem, action.department, action.state],
    ).to.deep.equal(['opa', '2027-02-01', id, 'OPA', 'open']);
    expect(await run((uow) => agendaIn(uow).getAction(action?.id ?? ''))).to.deep.include({ owner: 'opa' });
  });
});

describe('agenda: on the meetings’ cards', () => {
  it('a meeting’s agenda in its order, with department, minutes, urgency and carry-overs, and the total', async () => {
    const { agendaOnMeetingCards } = await import('../../../src/features/agenda/agenda-contribution.js');
    const { meetingsIn } = await import('../../../src/features/meetings/meeting-store.js');
    const { occurrenceOf } = await import('../../../src/domain/recurrence.js');
    const { app, run, koord, net } = await setup();
    const ids: string[] = [];
    for (const [title, over] of [
      ['Første sak', { minutes: 60 }],
      ['Haster', { urgent: true, department: 'ASA' as const, minutes: 40 }],
    ] as const) {
      const raised = await run((uow) => raiseItem(app, uow, caller('east'), draft({ title, ...over })));
      ids.push(raised.ok ? raised.value.id : '');
    }
    for (const id of ids)
      await run((uow) =>
        curateItem(app, uow, caller('udi'), id, {
          kind: 'accept',
          seriesId: koord,
          occurrence: '2027-01-12',
        }),
      );
    const agendaOf = (seriesId: string, date: string, locale: 'nb' | 'en') =>
      run(async (uow) => {
        const series = await meetingsIn(uow).getSeries(seriesId);
        if (!series) throw new Error('no series');
        return agendaOnMeetingCards.agenda?.(
          app,
          uow,
          { series, occurrence: occurrenceOf(series.schedule, date) },
          locale,
        );
      });
    expect(await agendaOf(koord, '2027-01-12', 'nb')).to.deep.equal({
      lines: [
        '1. Haster (S-2027-0002) · ASA · 40 min · haster',
        '2. Første sak (S-2027-0001) · OPA · 60 min',
      ],
      total: 'Til sammen 100 minutter – mer enn de 90 minuttene møtet varer',
    });
    expect((await agendaOf(koord, '2027-01-12', 'en'))?.total).to.equal(
      "In all 100 minutes – more than the meeting's 90",
    );
    // A meeting with nothing on it shows no agenda.
    expect(await agendaOf(net, '2027-01-20', 'nb')).to.equal(undefined);
  });
});

describe('agenda: the backlog and the register', () => {
  it('each curator sees the open items of their departments, raised ones first; a contact person has none', async () => {
    const { app, run, koord } = await setup();
    const opaItem = await run((uow) => raiseItem(app, uow, caller('east'), draft({ title: 'OPA-sak' })));
    await run((uow) => raiseItem(app, uow, caller('east'), draft({ title: 'ASA-sak', department: 'ASA' })));
    const accepted = await run((uow) => raiseItem(app, uow, caller('east'), draft({ title: 'Godtatt' })));
    await run((uow) =>
      curateItem(app, uow, caller('opa'), accepted.ok ? accepted.value.id : '', {
        kind: 'accept',
        seriesId: koord,
        occurrence: '2027-01-12',
      }),
    );
    const titles = async (who: string) => {
      const result = await run((uow) => backlog(app, uow, caller(who)));
      return result.ok
        ? [result.value.submitted.map((i) => i.title), result.value.accepted.map((i) => i.title)]
        : result;
    };
    expect(await titles('opa')).to.deep.equal([['OPA-sak'], ['Godtatt']]);
    expect(await titles('asa')).to.deep.equal([['ASA-sak'], []]);
    expect(await titles('udi')).to.deep.equal([['OPA-sak', 'ASA-sak'], ['Godtatt']]);
    expect(await titles('east')).to.deep.equal({ ok: false, refusal: 'not-authorized' });
    expect(opaItem.ok).to.equal(true);
  });

  it('members search the register by an inflected word; only the UDI coordinator withdraws, and a withdrawn entry is not found', async () => {
    const { app, run, at, koord } = await setup();
    const raised = await run((uow) => raiseItem(app, uow, caller('east'), draft()));
    const id = raised.ok ? raised.value.id : '';
    await run((uow) =>
      curateItem(app, uow, caller('udi'), id, { kind: 'accept', seriesId: koord, occurrence: '2027-01-12' }),
    );
    at('2027-01-12T10:00:00.000Z');
    const clarified = await run((uow) =>
      recordOutcome(app, uow, caller('udi'), id, {
        kind: 'clarified',
        clarification: 'Refleksjonsperioden regnes fra registreringen av søknaden.',
      }),
    );
    const entryId = clarified.ok ? clarified.value.clarification?.id : undefined;
    const found = await run((uow) => searchClarifications(app, uow, caller('east'), 'refleksjonsperiodene'));
    expect(found.ok && found.value.map((e) => e.id)).to.deep.equal([entryId]);
    expect(
      await run((uow) => searchClarifications(app, uow, caller('admin'), 'refleksjonsperiode')),
    ).to.deep.equal({
      ok: false,
      refusal: 'not-member',
    });
    expect(await run((uow) => withdrawEntry(app, uow, caller('opa'), entryId))).to.deep.equal({
      ok: false,
      refusal: 'not-authorized',
    });
    expect(await run((uow) => withdrawEntry(app, uow, caller('udi'), 'made-up'))).to.deep.equal({
      ok: false,
      missing: true,
    });
    expect((await run((uow) => withdrawEntry(app, uow, caller('udi'), entryId))).ok).to.equal(true);
    const after = await run((uow) => searchClarifications(app, uow, caller('east'), 'refleksjonsperiodene'));
    expect(after.ok && after.value).to.deep.equal([]);
    expect(await run((uow) => withdrawEntry(app, uow, caller('udi'), entryId))).to.deep.equal({
      ok: false,
      problem: 'not-allowed-in-state',
    });
  });
});
