import { expect } from 'chai';
import { createAppContext } from '../../../src/app/context.js';
import type { Person, Role } from '../../../src/domain/roster.js';
import { closeFollowUp, curateItem, raiseItem, recordOutcome } from '../../../src/features/agenda/agenda.js';
import type { AgendaDraft } from '../../../src/features/agenda/agenda-items.js';
import {
  ACTION_VIEW,
  runActionReminders,
  runAgendaDeadlines,
  SHEET_VIEW,
} from '../../../src/features/agenda/agenda-jobs.js';
import { AGENDA_STORE, agendaIn } from '../../../src/features/agenda/agenda-store.js';
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
const draft = (title: string): AgendaDraft => ({
  title,
  description: 'Beskrivelse',
  agendaKind: 'general',
  department: 'OPA',
  forum: 'coordinators',
  urgent: false,
  minutes: 20,
});

async function setup() {
  const store = createMemoryStore(undefined, { parts: combineStoreParts([MEETINGS_STORE, AGENDA_STORE]) });
  await store.run(async (uow) => {
    for (const p of [
      person('udi', { kind: 'coordinator', department: 'AUA' }),
      person('opa', { kind: 'coordinator', department: 'OPA' }),
      person('east', { kind: 'contact', department: 'RMA', unitId: 'rma-region-east' }),
    ])
      await uow.people.put(p);
  });
  let now = new Date('2027-01-02T09:00:00.000Z');
  let n = 0;
  const app = createAppContext({ store, adminAadObjectIds: [], now: () => now, newId: () => `id${++n}` });
  const run = <T>(work: (uow: UnitOfWork) => Promise<T>) => store.run(work);
  // Coordinators' meetings on 12 January and 9 February, 09:00 Oslo; agenda deadline 7 days before.
  const created = await run((uow) =>
    createSeries(app, uow, caller('udi'), {
      title: 'Koordinatormøte',
      meetingKind: 'coordinators',
      schedule: {
        recurrence: { kind: 'dates', dates: ['2027-01-12', '2027-02-09'] },
        from: '2027-01-01',
        time: '09:00',
        durationMinutes: 90,
      },
    }),
  );
  const koord = created.ok ? created.value.id : '';
  const raise = async (title: string, occurrence: string) => {
    const raised = await run((uow) => raiseItem(app, uow, caller('east'), draft(title)));
    const id = raised.ok ? raised.value.id : '';
    await run((uow) =>
      curateItem(app, uow, caller('udi'), id, { kind: 'accept', seriesId: koord, occurrence }),
    );
    return id;
  };
  return {
    app,
    run,
    koord,
    raise,
    at: (iso: string) => {
      now = new Date(iso);
    },
    tick: () => run((uow) => runAgendaDeadlines(app, uow)),
    store,
    sheetPosts: async () =>
      (await store.read((uow) => uow.outbox.listPending())).filter((m) => m.view === SHEET_VIEW),
  };
}

describe('agenda deadlines: the compiled agenda posted once', () => {
  it('at 16:00 Oslo on the deadline day, to the coordinators invited, once, with the next deadline named', async () => {
    const { at, tick, raise, sheetPosts } = await setup();
    await raise('Første sak', '2027-01-12');
    at('2027-01-05T14:59:00.000Z');
    expect(await tick()).to.deep.equal({ count: 0, nextAtMs: Date.parse('2027-01-05T15:00:00.000Z') });
    at('2027-01-05T15:00:00.000Z');
    const first = await tick();
    expect([first.count, first.notes, first.nextAtMs]).to.deep.equal([
      1,
      { late: 0, skipped: 0, carried: 0, empty: 0 },
      Date.parse('2027-02-02T15:00:00.000Z'),
    ]);
    expect((await sheetPosts()).map((m) => [m.recipient, m.replaces])).to.have.deep.members([
      [{ kind: 'person', aadObjectId: 'udi' }, undefined],
      [{ kind: 'person', aadObjectId: 'opa' }, undefined],
    ]);
    expect((await tick()).count).to.equal(0);
    expect(await sheetPosts()).to.have.length(2);
  });

  it('a network meeting’s agenda goes to the network channel, not to each person', async () => {
    const { app, run, at, tick, sheetPosts } = await setup();
    const network = await run((uow) =>
      createSeries(app, uow, caller('udi'), {
        title: 'Nettverksmøte',
        meetingKind: 'network',
        schedule: {
          recurrence: { kind: 'dates', dates: ['2027-01-20'] },
          from: '2027-01-01',
          time: '10:00',
          durationMinutes: 180,
        },
      }),
    );
    const seriesId = network.ok ? network.value.id : '';
    const raised = await run((uow) =>
      raiseItem(app, uow, caller('east'), { ...draft('Til alle'), forum: 'network' }),
    );
    const id = raised.ok ? raised.value.id : '';
    const accepted = await run((uow) =>
      curateItem(app, uow, caller('udi'), id, { kind: 'accept', seriesId, occurrence: '2027-01-20' }),
    );
    expect(accepted.ok).to.equal(true);
    at('2027-01-13T15:00:00.000Z');
    expect((await tick()).count).to.equal(1);
    expect((await sheetPosts()).map((m) => m.recipient)).to.deep.equal([{ kind: 'networkChannel' }]);
  });

  it('an empty agenda is recorded, not posted (nobody needs a card saying there is nothing)', async () => {
    const { at, tick, sheetPosts } = await setup();
    at('2027-01-05T15:00:00.000Z');
    const result = await tick();
    expect([result.count, result.notes]).to.deep.equal([0, { late: 0, skipped: 0, carried: 0, empty: 1 }]);
    expect(await sheetPosts()).to.deep.equal([]);
    expect((await tick()).notes?.empty ?? 0, 'once').to.equal(0);
  });

  it('a later change to what is on it updates the posted cards in place', async () => {
    const { app, run, at, tick, raise, sheetPosts, koord } = await setup();
    await raise('Første sak', '2027-01-12');
    at('2027-01-05T15:00:00.000Z');
    await tick();
    const raised = await run((uow) => raiseItem(app, uow, caller('east'), draft('Sen sak')));
    const id = raised.ok ? raised.value.id : '';
    await run((uow) =>
      curateItem(app, uow, caller('udi'), id, { kind: 'accept', seriesId: koord, occurrence: '2027-01-12' }),
    );
    const updates = (await sheetPosts()).filter((m) => m.replaces !== undefined);
    expect(updates.map((m) => m.recipient)).to.have.deep.members([
      { kind: 'person', aadObjectId: 'udi' },
      { kind: 'person', aadObjectId: 'opa' },
    ]);
  });

  it('after downtime: late before the meeting, skipped once it began', async () => {
    const late = await setup();
    await late.raise('Første sak', '2027-01-12');
    late.at('2027-01-11T10:00:00.000Z');
    const result = await late.tick();
    expect([result.count, result.notes]).to.deep.equal([1, { late: 1, skipped: 0, carried: 0, empty: 0 }]);
    expect((await late.sheetPosts()).every((m) => m.banner === 'late')).to.equal(true);

    const skipped = await setup();
    skipped.at('2027-01-12T09:00:00.000Z');
    const none = await skipped.tick();
    expect([none.count, none.notes]).to.deep.equal([0, { late: 0, skipped: 1, carried: 0, empty: 0 }]);
    expect(await skipped.sheetPosts()).to.deep.equal([]);
    expect((await skipped.tick()).notes?.skipped ?? 0).to.equal(0);
  });

  it('what the last meeting did not reach is carried over onto the next before its agenda is posted', async () => {
    const { run, at, tick, raise } = await setup();
    const id = await raise('Ikke nådd', '2027-01-12');
    at('2027-02-02T15:00:00.000Z');
    const result = await tick();
    expect([result.count, result.notes?.carried]).to.deep.equal([1, 1]);
    const item = await run((uow) => agendaIn(uow).getItem(id));
    expect([item?.meeting?.occurrence, item?.carriedOver]).to.deep.equal(['2027-02-09', 1]);
  });
});

describe('follow-up actions: reminded, reported, closed', () => {
  it('the owner is reminded before the due date and the UDI coordinator told after it, each once; closing tells the submitter', async () => {
    const { app, run, at, raise, store } = await setup();
    const id = await raise('Sak med oppfølging', '2027-01-12');
    at('2027-01-12T10:00:00.000Z');
    const recorded = await run((uow) =>
      recordOutcome(app, uow, caller('udi'), id, {
        kind: 'follow-up',
        what: 'Skriv notat',
        owner: 'opa',
        due: '2027-01-22',
      }),
    );
    const actionId = recorded.ok ? recorded.value.action?.id : undefined;
    const actionPosts = async () =>
      (await store.read((uow) => uow.outbox.listPending()))
        .filter((m) => m.view === ACTION_VIEW && m.replaces === undefined)
        .map((m) => [m.recipient, m.banner]);
    const tick = () => run((uow) => runActionReminders(app, uow));
    at('2027-01-19T07:00:00.000Z');
    expect((await tick()).count).to.equal(0);
    at('2027-01-20T07:00:00.000Z');
    expect((await tick()).count).to.equal(1);
    expect((await tick()).count).to.equal(0);
    at('2027-01-25T07:00:00.000Z');
    expect((await tick()).count).to.equal(1);
    expect(await actionPosts()).to.deep.equal([
      // Told when the outcome gave it to them, then reminded.
      [{ kind: 'person', aadObjectId: 'opa' }, 'assigned'],
      [{ kind: 'person', aadObjectId: 'opa' }, 'due-soon'],
      [{ kind: 'person', aadObjectId: 'udi' }, 'overdue'],
    ]);
    // Closed by someone else than the owner or a curator: refused; by the owner: the submitter told.
    expect(await run((uow) => closeFollowUp(app, uow, caller('east'), actionId))).to.deep.equal({
      ok: false,
      refusal: 'not-authorized',
    });
    const closed = await run((uow) => closeFollowUp(app, uow, caller('opa'), actionId));
    expect(closed.ok && closed.value.state).to.equal('done');
    expect((await actionPosts()).at(-1)).to.deep.equal([{ kind: 'person', aadObjectId: 'east' }, 'done']);
    expect(await run((uow) => closeFollowUp(app, uow, caller('opa'), actionId))).to.deep.equal({
      ok: false,
      problem: 'not-allowed-in-state',
    });
    expect((await tick()).count).to.equal(0);
  });
});
