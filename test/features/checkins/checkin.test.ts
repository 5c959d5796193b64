import { expect } from 'chai';
import { createAppContext } from '../../../src/app/context.js';
import type { Person, Role, Unit } from '../../../src/domain/roster.js';
import {
  CHECKIN_VIEW,
  CYCLE_VIEW,
  DIGEST_VIEW,
  digestOf,
  nothingNew,
  overview,
  submitCheckin,
} from '../../../src/features/checkins/checkin.js';
import { runCheckins } from '../../../src/features/checkins/checkin-jobs.js';
import { CHECKINS_STORE, checkinsIn } from '../../../src/features/checkins/checkin-store.js';
import type { CheckinDraft } from '../../../src/features/checkins/checkins.js';
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
const contact = (unitId: string): Role => ({ kind: 'contact', department: 'RMA', unitId });
const draft = (over: Partial<CheckinDraft> = {}): CheckinDraft => ({
  principled: '',
  challenges: 'Vanskelig å få tolk',
  trends: '',
  training: '',
  cases: '3',
  ...over,
});

const UNITS: Unit[] = [
  { id: 'east', department: 'RMA', kind: 'regionalOffice', name: { nb: 'Regionkontor Øst', en: 'East' } },
  { id: 'west', department: 'RMA', kind: 'regionalOffice', name: { nb: 'Regionkontor Vest', en: 'West' } },
  { id: 'north', department: 'RMA', kind: 'regionalOffice', name: { nb: 'Regionkontor Nord', en: 'North' } },
  { id: 'return', department: 'RMA', kind: 'returnUnit', name: { nb: 'Returenheten', en: 'Return' } },
];

/** The February meeting: Thursday 4 February 2027, 13:00 Oslo. */
const FEB = { seriesId: '', occurrence: '2027-02-04' };
const id = (unitId: string, seriesId: string, occurrence = FEB.occurrence) =>
  `checkin.${seriesId}.${occurrence}.${unitId}`;

async function setup(options: { people?: Person[] } = {}) {
  const store = createMemoryStore(UNITS, { parts: combineStoreParts([MEETINGS_STORE, CHECKINS_STORE]) });
  const people = options.people ?? [
    person('rma', { kind: 'coordinator', department: 'RMA' }),
    person('rma-dep', { kind: 'deputy', department: 'RMA' }),
    person('udi', { kind: 'coordinator', department: 'AUA' }),
    person('east', contact('east')),
    person('west', contact('west')),
  ];
  await store.run(async (uow) => {
    for (const p of people) await uow.people.put(p);
  });
  let now = new Date('2027-01-08T09:00:00.000Z');
  let n = 0;
  const context = () =>
    createAppContext({ store, adminAadObjectIds: [], now: () => now, newId: () => `id${++n}` });
  let app = context();
  const run = <T>(work: (uow: UnitOfWork) => Promise<T>) => store.run(work);
  // RMA's video meetings: the first Thursday of every month at 13:00 Oslo.
  const organiser = people.find((p) => p.roles.some((r) => r.kind === 'coordinator'))?.aadObjectId ?? 'udi';
  const created = await run((uow) =>
    createSeries(app, uow, caller(organiser), {
      title: 'Videomøte med regionkontorene',
      meetingKind: 'rma-regional',
      schedule: {
        recurrence: { kind: 'monthly', nth: 1, weekday: 'TH', everyMonths: 1 },
        from: '2027-01-01',
        time: '13:00',
        durationMinutes: 60,
      },
    }),
  );
  if (!created.ok) throw new Error('series not created');
  const series = created.value.id;
  const pending = async (view?: string) =>
    (await store.read((uow) => uow.outbox.listPending())).filter(
      (m) => view === undefined || m.view === view,
    );
  return {
    app: () => app,
    /** A restart: a new app context on the same store. */
    restart: () => {
      app = context();
    },
    run,
    series,
    at: (iso: string) => {
      now = new Date(iso);
    },
    tick: () => run((uow) => runCheckins(app, uow)),
    pending,
    posts: async (view: string, banner?: string) =>
      (await pending(view))
        .filter((m) => m.replaces === undefined && (banner === undefined || m.banner === banner))
        .map((m) => (m.recipient.kind === 'person' ? m.recipient.aadObjectId : 'channel')),
    checkin: (unitId: string) => run((uow) => checkinsIn(uow).get(id(unitId, series))),
  };
}

const OPENS = '2027-01-28T07:00:00.000Z';
const NUDGE = '2027-02-02T07:00:00.000Z';
const START = '2027-02-04T12:00:00.000Z';

describe('check-ins: cycles from RMA’s regional series', () => {
  it('open at 08:00 Oslo five working days before, every region asked, a region without contacts flagged once', async () => {
    const { at, tick, posts, series, run } = await setup();
    expect(await tick()).to.deep.equal({
      count: 0,
      notes: { opened: 0, late: 0, skipped: 0, nudged: 0, missed: 0, digests: 0, closed: 0 },
      nextAtMs: Date.parse(OPENS),
    });
    at(OPENS);
    const opened = await tick();
    expect([opened.count, opened.notes?.opened, opened.nextAtMs]).to.deep.equal([1, 1, Date.parse(NUDGE)]);
    const checkins = await run((uow) =>
      checkinsIn(uow).ofCycle({ seriesId: series, occurrence: FEB.occurrence }),
    );
    expect(checkins.map((c) => [c.id, c.state, c.due])).to.have.deep.members(
      ['east', 'west', 'north'].map((u) => [id(u, series), 'open', '2027-02-04T13:00:00+01:00']),
    );
    expect(await posts(CHECKIN_VIEW, 'open')).to.have.members(['east', 'west']);
    // North has no contact person: RMA's coordinator is told (not the deputy, not the UDI coordinator).
    expect(await posts(CYCLE_VIEW, 'no-contact')).to.deep.equal(['rma']);
    const cycle = await run((uow) =>
      checkinsIn(uow).getCycle({ seriesId: series, occurrence: FEB.occurrence }),
    );
    expect([cycle?.id, cycle?.regions, cycle?.flagged]).to.deep.equal([
      `checkin-cycle.${series}.2027-02-04`,
      ['east', 'west', 'north'],
      ['north'],
    ]);
  });

  it('a restart (or a second run) does not open a cycle twice', async () => {
    const { at, tick, restart, pending } = await setup();
    at(OPENS);
    await tick();
    const before = (await pending()).length;
    restart();
    at('2027-01-28T07:05:00.000Z');
    expect((await tick()).notes?.opened).to.equal(0);
    await tick();
    expect(await pending()).to.have.length(before);
  });

  it('after downtime a cycle opens late if its meeting is ahead; skipped once it began', async () => {
    const { at, tick, posts } = await setup();
    at('2027-02-03T10:00:00.000Z');
    const late = await tick();
    expect([late.notes?.opened, late.notes?.late]).to.deep.equal([1, 1]);
    // Opened after the nudge's moment: not nudged on top of the card it just got.
    expect(late.notes?.nudged).to.equal(0);
    expect(await posts(CHECKIN_VIEW, 'nudge')).to.deep.equal([]);
    at('2027-03-04T12:30:00.000Z');
    // March's meeting began (its cycle's opening on 25 February passed while the bot was down).
    expect((await tick()).notes?.opened).to.equal(0);
  });

  it('April’s cycle opens on 22 March at 08:00 (winter time): Easter’s holidays are not working days', async () => {
    const { at, tick } = await setup();
    at('2027-03-05T09:00:00.000Z');
    expect((await tick()).nextAtMs).to.equal(Date.parse('2027-03-22T07:00:00.000Z'));
    at('2027-03-22T07:00:00.000Z');
    const opened = await tick();
    expect(opened.notes?.opened).to.equal(1);
    // The April meeting is at 13:00 summer time; nudged on 30 March at 08:00 (summer time).
    expect(opened.nextAtMs).to.equal(Date.parse('2027-03-30T06:00:00.000Z'));
  });
});

describe('check-ins: answering', () => {
  it('only the region’s contact person submits its check-in; RMA’s coordinator is told', async () => {
    const { app, at, tick, run, series, posts, checkin } = await setup();
    at(OPENS);
    await tick();
    at('2027-01-29T10:00:00.000Z');
    const eastId = id('east', series);
    for (const who of ['west', 'rma', 'rma-dep', 'udi'])
      expect(await run((uow) => submitCheckin(app(), uow, caller(who), eastId, draft())), who).to.deep.equal({
        ok: false,
        refusal: 'not-authorized',
      });
    expect(await run((uow) => nothingNew(app(), uow, caller('stranger'), eastId))).to.deep.equal({
      ok: false,
      refusal: 'not-member',
    });
    expect(
      await run((uow) => submitCheckin(app(), uow, caller('east'), 'checkin.nope', draft())),
    ).to.deep.equal({
      ok: false,
      missing: true,
    });
    // The privacy guard, field by field; nothing is stored.
    expect(
      await run((uow) =>
        submitCheckin(app(), uow, caller('east'), eastId, draft({ trends: 'Sak 010101 505 89', cases: 'x' })),
      ),
    ).to.deep.equal({ ok: false, problems: { trends: 'sensitive', cases: 'invalid' } });
    expect((await checkin('east'))?.state).to.equal('open');
    const done = await run((uow) => submitCheckin(app(), uow, caller('east'), eastId, draft()));
    expect(done.ok).to.equal(true);
    expect((await checkin('east'))?.answers).to.deep.equal({ challenges: 'Vanskelig å få tolk', cases: 3 });
    expect(await posts(CHECKIN_VIEW, 'submitted')).to.deep.equal(['rma']);
    // West's contact answers with "nothing new": RMA's coordinator told again.
    expect((await run((uow) => nothingNew(app(), uow, caller('west'), id('west', series)))).ok).to.equal(
      true,
    );
    expect(await posts(CHECKIN_VIEW, 'submitted')).to.deep.equal(['rma', 'rma']);
  });

  it('RMA’s deputies are told when RMA has no coordinator', async () => {
    const { app, at, tick, run, series, posts } = await setup({
      people: [
        person('udi', { kind: 'coordinator', department: 'AUA' }),
        person('rma-dep', { kind: 'deputy', department: 'RMA' }),
        person('east', contact('east')),
      ],
    });
    at(OPENS);
    await tick();
    expect(await posts(CYCLE_VIEW, 'no-contact')).to.deep.equal(['rma-dep']);
    await run((uow) => nothingNew(app(), uow, caller('east'), id('east', series)));
    expect(await posts(CHECKIN_VIEW, 'submitted')).to.deep.equal(['rma-dep']);
  });
});

describe('check-ins: nudges, missed and the digest', () => {
  it('an open check-in is nudged once, to its contact persons only, two working days before', async () => {
    const { app, at, tick, run, series, posts, checkin } = await setup();
    at(OPENS);
    await tick();
    await run((uow) => submitCheckin(app(), uow, caller('east'), id('east', series), draft()));
    at('2027-02-02T06:59:00.000Z');
    expect((await tick()).notes?.nudged).to.equal(0);
    at(NUDGE);
    const first = await tick();
    // West is nudged; north too (recorded), though it has nobody to tell; east answered.
    expect([first.notes?.nudged, first.nextAtMs]).to.deep.equal([2, Date.parse(START)]);
    expect(await posts(CHECKIN_VIEW, 'nudge')).to.deep.equal(['west']);
    at('2027-02-03T07:00:00.000Z');
    expect((await tick()).notes?.nudged).to.equal(0);
    expect(await posts(CHECKIN_VIEW, 'nudge')).to.deep.equal(['west']);
    expect((await checkin('west'))?.nudgedAt).to.equal(NUDGE);
    expect((await checkin('east'))?.nudgedAt).to.equal(undefined);
  });

  it('at the meeting’s start the unanswered are missed and the digest names them, sent once', async () => {
    const { app, at, tick, run, series, posts, checkin } = await setup();
    at(OPENS);
    await tick();
    await run((uow) =>
      submitCheckin(app(), uow, caller('east'), id('east', series), draft({ trends: 'Flere', cases: '4' })),
    );
    at(START);
    const closing = await tick();
    expect([closing.notes?.missed, closing.notes?.digests, closing.notes?.closed]).to.deep.equal([2, 1, 1]);
    expect([(await checkin('west'))?.state, (await checkin('north'))?.state]).to.deep.equal([
      'missed',
      'missed',
    ]);
    expect(await posts(DIGEST_VIEW)).to.deep.equal(['rma']);
    // Too late to answer now.
    expect(await run((uow) => nothingNew(app(), uow, caller('west'), id('west', series)))).to.deep.equal({
      ok: false,
      problem: 'not-allowed-in-state',
    });
    at('2027-02-04T12:05:00.000Z');
    expect((await tick()).notes?.digests).to.equal(0);
    expect(await posts(DIGEST_VIEW)).to.deep.equal(['rma']);
    const cycleId = `checkin-cycle.${series}.2027-02-04`;
    const digest = await run((uow) => digestOf(app(), uow, caller('rma'), cycleId));
    if (!digest.ok) throw new Error('no digest');
    expect(digest.value.notAnswered.map((r) => r.name.nb)).to.deep.equal([
      'Regionkontor Vest',
      'Regionkontor Nord',
    ]);
    expect([digest.value.totalCases, digest.value.byTopic.trends]).to.deep.equal([4, ['east']]);
    expect(await run((uow) => digestOf(app(), uow, caller('east'), cycleId))).to.deep.equal({
      ok: false,
      refusal: 'not-authorized',
    });
    const view = await run((uow) => overview(app(), uow, caller('udi')));
    if (!view.ok) throw new Error('no overview');
    expect(view.value.regions.map((r) => [r.unitId, r.cells.map((c) => c.status), r.counts])).to.deep.equal([
      ['east', ['answered'], [4]],
      ['west', ['missing'], [undefined]],
      ['north', ['missing'], [undefined]],
    ]);
  });

  it('the digest goes as soon as every region has answered, once; a changed answer updates it in place', async () => {
    const { app, at, tick, run, series, posts, pending } = await setup({
      people: [
        person('rma', { kind: 'coordinator', department: 'RMA' }),
        person('east', contact('east')),
        person('west', contact('west')),
        person('north', contact('north')),
      ],
    });
    at(OPENS);
    await tick();
    expect(await posts(CYCLE_VIEW)).to.deep.equal([]);
    await run((uow) => submitCheckin(app(), uow, caller('east'), id('east', series), draft()));
    await run((uow) => nothingNew(app(), uow, caller('west'), id('west', series)));
    expect(await posts(DIGEST_VIEW)).to.deep.equal([]);
    await run((uow) =>
      submitCheckin(app(), uow, caller('north'), id('north', series), draft({ cases: '0' })),
    );
    expect(await posts(DIGEST_VIEW)).to.deep.equal(['rma']);
    // West changes its answer before the meeting: the digest card is updated, not sent again.
    await run((uow) => submitCheckin(app(), uow, caller('west'), id('west', series), draft({ cases: '1' })));
    expect(await posts(DIGEST_VIEW)).to.deep.equal(['rma']);
    expect((await pending(DIGEST_VIEW)).filter((m) => m.replaces !== undefined)).to.have.length(1);
    at(START);
    const closing = await tick();
    expect([closing.notes?.missed, closing.notes?.digests]).to.deep.equal([0, 0]);
    expect(await posts(DIGEST_VIEW)).to.deep.equal(['rma']);
  });
});
