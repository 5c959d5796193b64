import { expect } from 'chai';
import { createAppContext } from '../../../src/app/context.js';
import { DEFAULT_UNITS } from '../../../src/domain/default-units.js';
import type { Person, Role } from '../../../src/domain/roster.js';
import { curateItem, raiseItem } from '../../../src/features/agenda/agenda.js';
import { newFollowUpAction } from '../../../src/features/agenda/agenda-actions.js';
import type { AgendaDraft } from '../../../src/features/agenda/agenda-items.js';
import { newCycle } from '../../../src/features/checkins/checkin-cycles.js';
import { type CheckIn, newCheckIn } from '../../../src/features/checkins/checkins.js';
import { newPriorityNotice } from '../../../src/features/checkins/priority-notices.js';
import { applyGuidanceAction, newGuidanceRequest } from '../../../src/features/guidance/guidance-requests.js';
import { newJoinRequest } from '../../../src/features/join/join-requests.js';
import { type MeetingOccurrence, newOccurrenceItem } from '../../../src/features/meetings/meeting-series.js';
import { createSeries } from '../../../src/features/meetings/meetings.js';
import { buildOverview, mayOpenOverview } from '../../../src/features/overview/overview-build.js';
import type { OverviewResponse, OverviewRow } from '../../../src/features/overview/overview-model.js';
import { openLowdbStore } from '../../../src/store/lowdb-store.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import type { Store, UnitOfWork } from '../../../src/store/store.js';
import { makeTempDir, removeTempDirs } from '../../store/fixtures/temp-dirs.js';
import { REGISTRY, STORE_PARTS } from '../../support/features.js';
import { readStoredText } from '../../support/stored-document.js';

const person = (aadObjectId: string, ...roles: Role[]): Person => ({
  aadObjectId,
  displayName: `Navn ${aadObjectId}`,
  roles,
  since: '2026-01-01T00:00:00.000Z',
});
const caller = (aadObjectId: string) => ({ aadObjectId, displayName: aadObjectId });

const PEOPLE = [
  person('udi', { kind: 'coordinator', department: 'AUA' }),
  person('opa', { kind: 'coordinator', department: 'OPA' }),
  person('opac', { kind: 'contact', department: 'OPA', unitId: 'opa-family' }),
  person('asa', { kind: 'coordinator', department: 'ASA' }),
  person('rma', { kind: 'coordinator', department: 'RMA' }),
  person('east', { kind: 'contact', department: 'RMA', unitId: 'rma-region-east' }),
  person('admin', { kind: 'admin' }),
];

// Monday 11 January 2027, 10:00 Oslo.
const NOW = '2027-01-11T09:00:00.000Z';
const QUESTION_G1 =
  'Hvordan vurderer vi familieinnvandring når referansepersonen selv er identifisert som mulig offer for menneskehandel og saken er sendt videre';
const QUESTION_G3 = 'Tilrettelegging av asylintervju for et sårbart vitne';

const agendaDraft = (over: Partial<AgendaDraft>): AgendaDraft => ({
  title: 'Lik praksis for refleksjonsperiode',
  description: 'Avdelingene vurderer vilkårene ulikt.',
  agendaKind: 'principled',
  department: 'OPA',
  forum: 'coordinators',
  urgent: false,
  minutes: 20,
  ...over,
});

const schedule = (dates: string[], time = '09:00', durationMinutes = 90) => ({
  recurrence: { kind: 'dates' as const, dates },
  from: '2027-01-01',
  time,
  durationMinutes,
});

/** The network with something of every kind going on. */
async function setup(store: Store = createMemoryStore(undefined, { parts: STORE_PARTS })) {
  let now = new Date(NOW);
  let n = 0;
  const app = createAppContext({
    store,
    adminAadObjectIds: ['cfgadmin'],
    now: () => now,
    newId: () => `id${++n}`,
    contributions: REGISTRY.contributions,
  });
  const run = <T>(work: (uow: UnitOfWork) => Promise<T>) => store.run(work);
  await run(async (uow) => {
    for (const p of PEOPLE) await uow.people.put(p);
  });
  const series = async (
    who: string,
    title: string,
    meetingKind: 'coordinators' | 'network' | 'rma-regional',
    s: ReturnType<typeof schedule>,
  ) => {
    const made = await run((uow) => createSeries(app, uow, caller(who), { title, meetingKind, schedule: s }));
    if (!made.ok) throw new Error(`no series: ${JSON.stringify(made)}`);
    return made.value;
  };
  const koord = await series('udi', 'Koordinatormøte', 'coordinators', schedule(['2027-01-12']));
  const net = await series('udi', 'Nettverksmøte', 'network', schedule(['2027-01-20'], '10:00', 180));
  const regional = await series('rma', 'Regionmøte', 'rma-regional', schedule(['2027-01-14'], '13:00', 60));

  // Agenda: an RMA item raised by a contact person (waits for curators); an OPA item on the coordinators' meeting.
  const a1 = await run((uow) =>
    raiseItem(app, uow, caller('east'), agendaDraft({ title: 'Trend i region øst', department: 'RMA' })),
  );
  const a2 = await run((uow) => raiseItem(app, uow, caller('opa'), agendaDraft({ minutes: 25 })));
  if (!a1.ok || !a2.ok) throw new Error('not raised');
  const accepted = await run((uow) =>
    curateItem(app, uow, caller('udi'), a2.value.id, {
      kind: 'accept',
      seriesId: koord.id,
      occurrence: '2027-01-12',
    }),
  );
  if (!accepted.ok) throw new Error('not accepted');

  await run(async (uow) => {
    await uow.items.put(
      newFollowUpAction(
        'act1',
        'O-2027-0001',
        {
          what: 'Skriv en rutine for mottak',
          owner: 'opac',
          due: '2027-01-15',
          fromItem: a2.value.id,
          department: 'OPA',
        },
        'udi',
        '2027-01-05T09:00:00.000Z',
      ),
    );
    const guidance = (args: {
      id: string;
      asker: string;
      assignee: string;
      topicId: string;
      dueDate: string;
      urgent?: boolean;
      question: string;
      at: string;
    }) => {
      const made = newGuidanceRequest({
        reference: `V-2027-000${args.id.slice(1)}`,
        origin: 'internal',
        urgency: args.urgent ? 'urgent' : 'normal',
        ...args,
      });
      if (!made.ok) throw new Error('no request');
      return made.value;
    };
    // Assigned to OPA's contact person: one overdue, one urgent and due Wednesday.
    await uow.items.put(
      guidance({
        id: 'g1',
        asker: 'udi',
        assignee: 'opac',
        topicId: 'family-immigration',
        dueDate: '2027-01-08',
        question: QUESTION_G1,
        at: '2027-01-04T09:00:00.000Z',
      }),
    );
    await uow.items.put(
      guidance({
        id: 'g2',
        asker: 'opa',
        assignee: 'opac',
        topicId: 'family-immigration',
        dueDate: '2027-01-13',
        urgent: true,
        question: 'Haster: visum for et vitne',
        at: '2027-01-10T09:00:00.000Z',
      }),
    );
    // ASA's question: an OPA coordinator may not read it.
    await uow.items.put(
      guidance({
        id: 'g3',
        asker: 'east',
        assignee: 'asa',
        topicId: 'asylum-interview',
        dueDate: '2027-01-14',
        question: QUESTION_G3,
        at: '2027-01-07T09:00:00.000Z',
      }),
    );
    // The contact person's own question, on which OPA's coordinator waits for more information.
    const g4 = guidance({
      id: 'g4',
      asker: 'opac',
      assignee: 'opa',
      topicId: 'reflection-limited-permit',
      dueDate: '2027-01-12',
      question: 'Refleksjonstillatelse for en mindreårig',
      at: '2027-01-06T09:00:00.000Z',
    });
    const asked = applyGuidanceAction(
      g4,
      { kind: 'ask-for-info', text: 'Hvor gammel?' },
      'opa',
      '2027-01-08T09:00:00.000Z',
    );
    if (!asked.ok) throw new Error('not asked');
    await uow.items.put(asked.value);

    // A priority notice from Region East, sent last Thursday: overdue.
    await uow.items.put(
      newPriorityNotice(
        'n1',
        'P-2027-0001',
        'rma-region-east',
        { whereToFind: 'Saksreferanse sendt i DUF-melding 07.01.2027' },
        'east',
        '2027-01-07T09:00:00.000Z',
      ),
    );
    // A join request to OPA.
    await uow.items.put(
      newJoinRequest({
        id: 'j1',
        reference: 'N-2027-0001',
        applicant: { aadObjectId: 'newbie', displayName: 'Ny Person' },
        role: { kind: 'contact', department: 'OPA', unitId: 'opa-family' },
        at: '2027-01-09T09:00:00.000Z',
      }),
    );
    // This month's check-in (open) and December's (nothing new).
    const start = '2027-01-14T13:00:00+01:00';
    const current = { seriesId: regional.id, occurrence: '2027-01-14' };
    await uow.items.put(
      newCycle(
        { ...current, date: '2027-01-14', startMs: Date.parse(start) },
        'INN-2027-0001',
        ['rma-region-east'],
        start,
        '2027-01-07T07:00:00.000Z',
        false,
      ),
    );
    await uow.items.put(
      newCheckIn(current, 'rma-region-east', 'INN-2027-0001-1', start, '2027-01-07T07:00:00.000Z'),
    );
    const december = { seriesId: regional.id, occurrence: '2026-12-03' };
    const decStart = '2026-12-03T13:00:00+01:00';
    await uow.items.put({
      ...newCycle(
        { ...december, date: '2026-12-03', startMs: Date.parse(decStart) },
        'INN-2026-0009',
        ['rma-region-east'],
        decStart,
        '2026-11-26T07:00:00.000Z',
        false,
      ),
      state: 'closed',
    });
    const answered: CheckIn = {
      ...newCheckIn(december, 'rma-region-east', 'INN-2026-0009-1', decStart, '2026-11-26T07:00:00.000Z'),
      state: 'nothing-new',
      answeredAt: '2026-11-27T09:00:00.000Z',
    };
    await uow.items.put(answered);
    // Answers to the coordinators' meeting.
    const answers: MeetingOccurrence = {
      ...newOccurrenceItem(koord, '2027-01-12', '2027-01-12T09:00:00+01:00', NOW),
      rsvps: { udi: 'attending', opa: 'remote', asa: 'not-attending' },
    };
    await uow.items.put(answers);
    await uow.unreachable.mark({
      recipient: { kind: 'person', aadObjectId: 'east' },
      status: 403,
      since: NOW,
    });
  });
  return {
    app,
    store,
    koord,
    net,
    regional,
    a1: a1.value,
    a2: a2.value,
    overview: (who: string) => buildOverview(app, who),
    at: (iso: string) => {
      now = new Date(iso);
    },
  };
}

const refs = (rows: readonly OverviewRow[]) => rows.map((r) => r.reference);
const byRef = (rows: readonly OverviewRow[], reference: string) =>
  rows.find((r) => r.reference === reference);

describe('overview: who may open it', () => {
  it('members and admins, nobody else', () => {
    expect(mayOpenOverview(PEOPLE[2])).to.equal(true);
    expect(mayOpenOverview(person('admin', { kind: 'admin' }))).to.equal(true);
    expect(mayOpenOverview(undefined)).to.equal(false);
    expect(mayOpenOverview(person('gone'))).to.equal(false);
  });
});

describe('overview: what each role gets', () => {
  let world: Awaited<ReturnType<typeof setup>>;
  before(async () => {
    world = await setup();
  });

  it('an outsider: an empty queue and no other section', async () => {
    const overview = await world.overview('outsider');
    expect(overview).to.deep.equal({
      generatedAt: NOW,
      viewer: { isMember: false, isCoordinator: false, isAdmin: false, roles: [] },
      queue: [],
    });
  });

  it('a contact person of OPA: their own items, overdue first, with deadlines and urgency; no network, check-ins or delivery', async () => {
    const overview = await world.overview('opac');
    expect(overview.viewer).to.deep.equal({
      displayName: 'Navn opac',
      isMember: true,
      isCoordinator: false,
      isAdmin: false,
      roles: [{ department: 'OPA', kind: 'contact' }],
    });
    // Overdue first (g1), then by deadline (g2 Wednesday, the action Friday), then what has no deadline.
    expect(refs(overview.queue)).to.deep.equal(['V-2027-0001', 'V-2027-0002', 'O-2027-0001', 'V-2027-0004']);
    const [g1, g2, action, g4] = overview.queue;
    expect(g1).to.deep.include({
      kind: 'guidance',
      state: 'open',
      department: 'OPA',
      overdue: true,
      urgent: false,
    });
    expect(g1?.title)
      .to.match(/^Hvordan vurderer vi familieinnvandring/)
      .and.to.match(/…$/);
    expect(g1?.title?.length).to.be.at.most(80);
    // The deadline is the end of the due day in Oslo.
    expect(g1?.deadline).to.equal('2027-01-08T22:59:59.999Z');
    expect(g1?.waitingSince).to.equal('2027-01-04T09:00:00.000Z');
    expect(g2).to.deep.include({ urgent: true, overdue: false, deadline: '2027-01-13T22:59:59.999Z' });
    // A follow-up action: due on its due date.
    expect(action).to.deep.include({
      kind: 'action',
      state: 'open',
      title: 'Skriv en rutine for mottak',
      department: 'OPA',
      deadline: '2027-01-15T22:59:59.999Z',
      overdue: false,
    });
    // Their own question waits for their answer: no deadline while the clock stops.
    expect(g4).to.deep.include({
      kind: 'guidance',
      state: 'awaiting-info',
      waitingSince: '2027-01-08T09:00:00.000Z',
    });
    expect(g4).to.not.have.property('deadline');
    expect(overview).to.not.have.any.keys('network', 'checkins', 'delivery');
    // Every member is invited to the network meeting (its agenda kept, nothing on it yet).
    expect(overview.meetings?.upcoming.map((m) => [m.title, m.forum, m.start])).to.deep.equal([
      ['Nettverksmøte', 'network', '2027-01-20T09:00:00.000Z'],
    ]);
    expect(overview.meetings?.nextAgenda).to.deep.equal({
      meetingId: `${world.net.id}.2027-01-20`,
      items: [],
      totalMinutes: 0,
      meetingMinutes: 180,
    });
  });

  it('an OPA coordinator: the network by department with counts, overdue first; no title on what only ASA may read', async () => {
    const overview = await world.overview('opa');
    expect(overview.viewer.isCoordinator).to.equal(true);
    // Theirs: the join request to OPA, and their own item on the agenda.
    expect(refs(overview.queue).sort()).to.deep.equal(['N-2027-0001', world.a2.reference].sort());
    expect(byRef(overview.queue, 'N-2027-0001')).to.deep.include({
      kind: 'join',
      department: 'OPA',
      state: 'pending',
    });
    expect(byRef(overview.queue, 'N-2027-0001')).to.not.have.property('title');
    const network = overview.network;
    expect(network?.counts).to.deep.equal([
      { department: 'AUA', open: 0, overdue: 0 },
      { department: 'OPA', open: 5, overdue: 1 },
      { department: 'ASA', open: 2, overdue: 1 },
      { department: 'RMA', open: 1, overdue: 0 },
    ]);
    const rows = network?.rows ?? [];
    // Overdue first, the oldest deadline first among them.
    expect(rows.slice(0, 2).map((r) => [r.reference, r.overdue])).to.deep.equal([
      ['P-2027-0001', true],
      ['V-2027-0001', true],
    ]);
    expect(rows.slice(2).every((r) => !r.overdue)).to.equal(true);
    // ASA's request and notice, and RMA's agenda item: reference, department and dates, no text.
    const g3 = byRef(rows, 'V-2027-0003');
    expect(g3).to.deep.include({ kind: 'guidance', department: 'ASA' });
    expect(g3).to.not.have.property('title');
    expect(byRef(rows, 'P-2027-0001')).to.not.have.property('title');
    expect(byRef(rows, world.a1.reference)).to.deep.include({ department: 'RMA' });
    expect(byRef(rows, world.a1.reference)).to.not.have.property('title');
    // Their own department's: titles.
    expect(byRef(rows, 'V-2027-0001')?.title).to.match(/^Hvordan/);
    expect(byRef(rows, 'O-2027-0001')?.title).to.equal('Skriv en rutine for mottak');
    expect(byRef(rows, world.a2.reference)?.title).to.equal('Lik praksis for refleksjonsperiode');
    // Nothing anywhere in the answer carries ASA's question.
    expect(JSON.stringify(overview)).to.not.include('sårbart');
    expect(JSON.stringify(overview)).to.not.include('DUF');
    expect(overview).to.not.have.any.keys('checkins', 'delivery');
  });

  it('upcoming meetings with answers, and the next meeting’s agenda', async () => {
    const overview = await world.overview('opa');
    expect(overview.meetings?.upcoming).to.deep.equal([
      {
        id: `${world.koord.id}.2027-01-12`,
        forum: 'coordinators',
        title: 'Koordinatormøte',
        start: '2027-01-12T08:00:00.000Z',
        end: '2027-01-12T09:30:00.000Z',
        // udi attending, opa by video, asa not; rma not answered (the four coordinators are invited).
        rsvp: { yes: 1, video: 1, no: 1, none: 1 },
      },
      {
        id: `${world.net.id}.2027-01-20`,
        forum: 'network',
        title: 'Nettverksmøte',
        start: '2027-01-20T09:00:00.000Z',
        end: '2027-01-20T12:00:00.000Z',
        rsvp: { yes: 0, video: 0, no: 0, none: 6 },
      },
    ]);
    expect(overview.meetings?.nextAgenda).to.deep.equal({
      meetingId: `${world.koord.id}.2027-01-12`,
      items: [
        {
          reference: world.a2.reference,
          title: 'Lik praksis for refleksjonsperiode',
          minutes: 25,
          carriedOver: 0,
        },
      ],
      totalMinutes: 25,
      meetingMinutes: 90,
    });
  });

  it('ASA’s coordinator: the priority notice in their queue, urgent and overdue, named by its region only', async () => {
    const overview = await world.overview('asa');
    expect(refs(overview.queue)).to.deep.equal(['P-2027-0001', 'V-2027-0003']);
    const [notice] = overview.queue;
    expect(notice).to.deep.include({
      kind: 'notice',
      state: 'sent',
      department: 'ASA',
      urgent: true,
      overdue: true,
      title: 'Regionkontor Øst',
      deadline: '2027-01-07T22:59:59.999Z',
    });
    expect(JSON.stringify(overview)).to.not.include('DUF');
    expect(overview).to.not.have.any.keys('checkins', 'delivery');
    expect(byRef(overview.network?.rows ?? [], 'V-2027-0003')?.title).to.equal(QUESTION_G3);
  });

  it('RMA’s coordinator: the check-in matrix and the item to curate', async () => {
    const overview = await world.overview('rma');
    expect(refs(overview.queue)).to.deep.equal([world.a1.reference]);
    expect(overview.queue[0]).to.deep.include({
      kind: 'agenda',
      state: 'submitted',
      title: 'Trend i region øst',
    });
    expect(overview.checkins).to.deep.equal({
      cycles: [
        { id: `checkin-cycle.${world.regional.id}.2026-12-03`, meetingStart: '2026-12-03T12:00:00.000Z' },
        { id: `checkin-cycle.${world.regional.id}.2027-01-14`, meetingStart: '2027-01-14T12:00:00.000Z' },
      ],
      regions: [
        {
          unitId: 'rma-region-east',
          name: 'Regionkontor Øst',
          marks: ['nothingNew', 'open'],
          caseCounts: [null, null],
        },
      ],
    });
    expect(overview.meetings?.upcoming.map((m) => m.forum)).to.deep.equal([
      'coordinators',
      'rma-regional',
      'network',
    ]);
    expect(overview).to.not.have.property('delivery');
  });

  it('the UDI coordinator: the matrix too, every title, and what they decide', async () => {
    const overview = await world.overview('udi');
    expect(overview.checkins?.regions.map((r) => r.marks)).to.deep.equal([['nothingNew', 'open']]);
    expect(refs(overview.queue).sort()).to.deep.equal([world.a1.reference, 'N-2027-0001'].sort());
    const rows = overview.network?.rows ?? [];
    expect(rows.filter((r) => r.kind !== 'notice' && r.title === undefined)).to.deep.equal([]);
    expect(byRef(rows, 'P-2027-0001')?.title).to.equal('Regionkontor Øst');
    expect(overview).to.not.have.property('delivery');
  });

  it('a regional contact person: the check-in to answer, due at the meeting’s start; no matrix', async () => {
    const overview = await world.overview('east');
    expect(overview.queue.map((r) => [r.kind, r.reference])).to.deep.equal([
      ['checkin', 'INN-2027-0001-1'],
      ['agenda', world.a1.reference],
    ]);
    expect(overview.queue[0]).to.deep.include({
      state: 'open',
      department: 'RMA',
      deadline: '2027-01-14T12:00:00.000Z',
      title: 'Regionkontor Øst',
      urgent: false,
    });
    expect(overview).to.not.have.any.keys('network', 'checkins', 'delivery');
    expect(overview.meetings?.upcoming.map((m) => m.forum)).to.deep.equal(['rma-regional', 'network']);
  });

  it('in English when asked', async () => {
    const overview = await buildOverview(world.app, 'asa', { locale: 'en' });
    expect(overview.queue[0]?.title).to.equal('Regional Office East');
  });

  it('an admin: delivery health and the join request; no network, meetings or matrix', async () => {
    const pending = await world.store.read((uow) => uow.outbox.listPending());
    expect(pending.length).to.be.greaterThan(0);
    for (const who of ['admin', 'cfgadmin']) {
      const overview = await world.overview(who);
      expect(overview.viewer).to.deep.include({
        isAdmin: true,
        isMember: false,
        isCoordinator: false,
        roles: [],
      });
      expect(refs(overview.queue)).to.deep.equal(['N-2027-0001']);
      expect(overview.delivery).to.deep.equal({
        pending: pending.length,
        failed: 0,
        unreachable: 1,
        oldestPendingSince: pending[0]?.createdAt,
      });
      expect(overview).to.not.have.any.keys('network', 'meetings', 'checkins');
    }
    expect((await world.overview('cfgadmin')).viewer).to.not.have.property('displayName');
  });

  it('a meeting under way stays listed until it ends', async () => {
    world.at('2027-01-12T08:30:00.000Z');
    try {
      const overview = await world.overview('opa');
      expect(overview.meetings?.upcoming[0]?.id).to.equal(`${world.koord.id}.2027-01-12`);
      world.at('2027-01-12T09:31:00.000Z');
      const later = await world.overview('opa');
      expect(later.meetings?.upcoming.map((m) => m.forum)).to.deep.equal(['network']);
      // Once the meeting has begun, the accepted item waits for its curators (its outcome): overdue.
      const udi = await world.overview('udi');
      expect(byRef(udi.queue, world.a2.reference)).to.deep.include({ overdue: true, state: 'accepted' });
    } finally {
      world.at(NOW);
    }
  });
});

describe('overview: reads only', () => {
  after(() => removeTempDirs());

  it('runs in one read and never as a unit of work', async () => {
    const world = await setup();
    let reads = 0;
    const store = world.store;
    const watched: Store = {
      ...store,
      run: () => Promise.reject(new Error('the overview wrote')),
      runReadFirst: () => Promise.reject(new Error('the overview wrote')),
      read: (work) => {
        reads++;
        return store.read(work);
      },
    };
    for (const who of ['udi', 'opa', 'opac', 'asa', 'rma', 'east', 'admin', 'cfgadmin', 'outsider']) {
      reads = 0;
      await buildOverview({ ...world.app, store: watched }, who);
      expect(reads, who).to.equal(1);
    }
  });

  it('leaves the data file and its journal exactly as they were', async () => {
    const dataDir = await makeTempDir('overview');
    const store = await openLowdbStore({ dataDir, seedUnits: DEFAULT_UNITS, parts: STORE_PARTS });
    try {
      const world = await setup(store);
      const before = await readStoredText(dataDir);
      const answers: OverviewResponse[] = [];
      for (const who of ['udi', 'opa', 'opac', 'asa', 'rma', 'east', 'admin', 'cfgadmin', 'outsider'])
        answers.push(await world.overview(who));
      expect(answers.every((a) => a.generatedAt === NOW)).to.equal(true);
      expect(await readStoredText(dataDir)).to.equal(before);
    } finally {
      await store.close();
    }
  });
});

describe('overview: priority notices as the notice feature routes them', () => {
  async function notices(people: readonly Person[], escalated = false) {
    const store = createMemoryStore(undefined, { parts: STORE_PARTS });
    await store.run(async (uow) => {
      for (const p of people) await uow.people.put(p);
      const notice = newPriorityNotice(
        'n1',
        'P-2027-0001',
        'rma-region-east',
        { whereToFind: 'Saksreferanse sendt i DUF-melding 07.01.2027' },
        'east',
        '2027-01-07T09:00:00.000Z',
      );
      await uow.items.put(
        escalated ? { ...notice, steps: { reminder: '2027-01-08T07:00:00.000Z', escalation: NOW } } : notice,
      );
    });
    const app = createAppContext({
      store,
      adminAadObjectIds: [],
      now: () => new Date(NOW),
      contributions: REGISTRY.contributions,
    });
    return async (who: string) => refs((await buildOverview(app, who)).queue);
  }
  const EAST = person('east', { kind: 'contact', department: 'RMA', unitId: 'rma-region-east' });
  const ASA = person('asa', { kind: 'coordinator', department: 'ASA' });
  const DEPUTY = person('deputy', { kind: 'deputy', department: 'ASA' });
  const UDI = person('udi', { kind: 'coordinator', department: 'AUA' });

  it('to ASA’s coordinator, not the deputy, while the coordinator is there; to the deputy when they are away', async () => {
    const present = await notices([EAST, ASA, DEPUTY, UDI]);
    expect(await present('asa')).to.deep.equal(['P-2027-0001']);
    expect(await present('deputy')).to.deep.equal([]);
    expect(await present('udi')).to.deep.equal([]);
    // The sender's own notice is not in their queue.
    expect(await present('east')).to.deep.equal([]);
    const away = await notices([EAST, { ...ASA, away: true }, DEPUTY, UDI]);
    expect(await away('deputy')).to.deep.equal(['P-2027-0001']);
    expect(await away('asa')).to.deep.equal([]);
  });

  it('to the UDI coordinator when ASA has nobody, and once it is escalated', async () => {
    expect(await (await notices([EAST, UDI]))('udi')).to.deep.equal(['P-2027-0001']);
    const escalated = await notices([EAST, ASA, UDI], true);
    expect(await escalated('udi')).to.deep.equal(['P-2027-0001']);
    expect(await escalated('asa')).to.deep.equal(['P-2027-0001']);
  });
});
