/**
 * The contract every Store implementation must pass. A backend's test file calls
 * runStoreContract(name, makeStore) once; makeStore returns a fresh, empty store seeded with
 * TEST_UNITS and the DEFAULT_TOPICS, opened with CONTRACT_PARTS (and, when the backend can tell, a
 * token that changes on every physical write).
 */
import { expect } from 'chai';
import { recipientKey } from '../../src/domain/notifications.js';
import type { Person } from '../../src/domain/roster.js';
import type { TrackedItem } from '../../src/domain/tracked-item.js';
import type { GuidanceRequest } from '../../src/features/guidance/guidance-requests.js';
import { guidanceRequestsIn, topicsIn } from '../../src/features/guidance/guidance-store.js';
import { DEFAULT_TOPICS, type GuidanceTopic } from '../../src/features/guidance/guidance-topics.js';
import { joinRequestsIn } from '../../src/features/join/join-store.js';
import type { ItemQuery, Store, UnitOfWork } from '../../src/store/store.js';
import {
  ARCHIVE_TEST_PARTS,
  answers,
  CUT,
  day,
  GUIDANCE,
  ids,
  PING,
  RESULT_AT_CUT,
  seedArchiveData,
  settled,
  snapshot,
} from './fixtures/archive-data.js';
import {
  conversation,
  guidanceRequest,
  joinRequest,
  notification,
  person,
  TEST_UNITS,
  testKey,
  toPerson,
  topic,
} from './fixtures/sample-data.js';

/** The parts a store under test is opened with: the bot's features and a kind without final states. */
export const CONTRACT_PARTS = ARCHIVE_TEST_PARTS;

/** A store under test plus an optional way to observe its writes. */
export interface StoreUnderTest {
  store: Store;
  /** Changes whenever the backend persists something (e.g. the data file's inode and mtime). */
  writeToken?: () => Promise<string>;
  /** The text of every file the backend keeps (data file, journal, archive), where it has files. */
  files?: () => Promise<string>;
}

const AT = '2026-03-01T12:00:00.000Z';

/** Registers the shared contract suite for one backend. */
export function runStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`Store contract: ${name}`, () => {
    let subject: StoreUnderTest;
    let store: Store;
    const run = <T>(work: (uow: UnitOfWork) => Promise<T>) => store.run(work);
    const read = <T>(work: (uow: UnitOfWork) => Promise<T>) => store.read(work);

    beforeEach(async () => {
      subject = await makeStore();
      store = subject.store;
    });
    afterEach(async () => {
      await store.close();
    });

    describe('people', () => {
      it('puts, gets, lists, replaces and removes people', async () => {
        expect(await read((u) => u.people.get('a'))).to.equal(undefined);
        await run(async (u) => {
          await u.people.put(person('a'));
          await u.people.put(person('b'));
        });
        expect(await read((u) => u.people.get('a'))).to.deep.equal(person('a'));
        expect((await read((u) => u.people.list())).map((p) => p.aadObjectId).sort()).to.deep.equal([
          'a',
          'b',
        ]);
        await run((u) => u.people.put({ ...person('a'), displayName: 'Renamed', away: true }));
        expect(await read((u) => u.people.get('a'))).to.include({ displayName: 'Renamed', away: true });
        await run((u) => u.people.remove('a'));
        await run((u) => u.people.remove('never-there'));
        expect((await read((u) => u.people.list())).map((p) => p.aadObjectId)).to.deep.equal(['b']);
      });

      it('treats ids like __proto__ and constructor as ordinary keys', async () => {
        expect(await read((u) => u.people.get('constructor'))).to.equal(undefined);
        await run((u) => u.people.put(person('__proto__')));
        expect(await read((u) => u.people.get('__proto__'))).to.deep.equal(person('__proto__'));
        expect(await read((u) => u.people.list())).to.have.length(1);
      });

      it('hands out read-only people: changing a returned value throws and changes nothing stored', async () => {
        await run((u) => u.people.put(person('a')));
        const got = await read((u) => u.people.get('a'));
        expect(() => {
          got!.displayName = 'Changed outside';
        }).to.throw(TypeError);
        expect(() => got!.roles.push({ kind: 'admin' })).to.throw(TypeError);
        const [listed] = await read((u) => u.people.list());
        expect(() => listed!.roles.push({ kind: 'admin' })).to.throw(TypeError);
        expect(await read((u) => u.people.get('a'))).to.deep.equal(person('a'));
        const input = person('c');
        await run((u) => u.people.put(input));
        input.displayName = 'Changed after put';
        expect((await read((u) => u.people.get('c')))!.displayName).to.equal('Person c');
      });
    });

    describe('units', () => {
      it('starts with the seeded units and replaces them all', async () => {
        expect(await read((u) => u.units.list())).to.deep.equal(TEST_UNITS);
        const next = [{ ...TEST_UNITS[0]!, retired: true }];
        await run((u) => u.units.replaceAll(next));
        expect(await read((u) => u.units.list())).to.deep.equal(next);
      });
    });

    describe('join requests', () => {
      it('gets, finds the pending one of an applicant and lists pending oldest first', async () => {
        await run(async (u) => {
          await joinRequestsIn(u).put(joinRequest('r2', 'x', '2026-03-02T00:00:00.000Z'));
          await joinRequestsIn(u).put(joinRequest('r1', 'y', '2026-03-01T00:00:00.000Z'));
          await joinRequestsIn(u).put(joinRequest('r0', 'x', '2026-02-01T00:00:00.000Z', 'declined'));
        });
        expect(await read((u) => joinRequestsIn(u).get('r1'))).to.deep.equal(
          joinRequest('r1', 'y', '2026-03-01T00:00:00.000Z'),
        );
        expect(await read((u) => joinRequestsIn(u).get('nope'))).to.equal(undefined);
        expect((await read((u) => joinRequestsIn(u).findPendingByApplicant('x')))?.id).to.equal('r2');
        expect(await read((u) => joinRequestsIn(u).findPendingByApplicant('z'))).to.equal(undefined);
        expect((await read((u) => joinRequestsIn(u).listPending())).map((r) => r.id)).to.deep.equal([
          'r1',
          'r2',
        ]);
        await run((u) =>
          joinRequestsIn(u).put({ ...joinRequest('r2', 'x', '2026-03-02T00:00:00.000Z'), state: 'approved' }),
        );
        expect(await read((u) => joinRequestsIn(u).findPendingByApplicant('x'))).to.equal(undefined);
        expect((await read((u) => joinRequestsIn(u).listPending())).map((r) => r.id)).to.deep.equal(['r1']);
      });
    });

    describe('items', () => {
      const failureOf = (work: Promise<unknown>) =>
        work.then(
          () => undefined,
          (error: unknown) => error,
        );
      const ids = (found: { id: string }[]) => found.map((item) => item.id);

      it('puts and gets items of every kind, by kind and id', async () => {
        const join = joinRequest('r1', 'x', AT);
        const guidance = guidanceRequest('g1', 'x', AT, { principled: true, watchers: ['udi'] });
        await run(async (u) => {
          await u.items.put(join);
          await u.items.put(guidance);
        });
        expect(await read((u) => u.items.get('join', 'r1'))).to.deep.equal(join);
        expect(await read((u) => u.items.get('guidance', 'g1'))).to.deep.equal(guidance);
        // The typed repositories see the same items.
        expect(await read((u) => joinRequestsIn(u).get('r1'))).to.deep.equal(join);
        expect(await read((u) => guidanceRequestsIn(u).get('g1'))).to.deep.equal(guidance);
        // An id is found only under its own kind; unknown kinds and ids find nothing.
        expect(await read((u) => u.items.get('guidance', 'r1'))).to.equal(undefined);
        expect(await read((u) => u.items.get('join', 'g1'))).to.equal(undefined);
        expect(await read((u) => u.items.get('join', 'nope'))).to.equal(undefined);
        expect(await read((u) => u.items.get('agenda', 'r1'))).to.equal(undefined);
        expect(await read((u) => u.items.get('constructor', 'r1'))).to.equal(undefined);
        expect(await read((u) => u.items.get('join', '__proto__'))).to.equal(undefined);
        const approved = { ...join, state: 'approved', decidedBy: 'admin' };
        await run((u) => u.items.put(approved));
        expect(await read((u) => u.items.get('join', 'r1'))).to.deep.equal(approved);
      });

      it('refuses an unknown kind and values its kind does not accept, storing nothing', async () => {
        const join = joinRequest('r1', 'x', AT);
        await run((u) => u.items.put(join));
        const unknownKind = { ...joinRequest('a1', 'x', AT), kind: 'agenda' } as unknown as TrackedItem;
        expect(await failureOf(run((u) => u.items.put(unknownKind)))).to.be.instanceOf(Error);
        expect(await read((u) => u.items.get('agenda', 'a1'))).to.equal(undefined);
        expect(await read((u) => u.items.query({ kind: 'agenda' }))).to.deep.equal([]);
        expect(await read((u) => u.items.get('join', 'a1'))).to.equal(undefined);
        const invalid: TrackedItem[] = [
          { ...joinRequest('r2', 'y', AT), state: 'maybe' },
          // A state of another kind is not a state of this one.
          { ...guidanceRequest('g1', 'y', AT), state: 'pending' },
          { ...guidanceRequest('g2', 'y', AT), dueDate: undefined } as unknown as TrackedItem,
          {
            ...joinRequest('r3', 'y', AT),
            parties: [{ to: { kind: 'team' }, cards: [] }],
          } as unknown as TrackedItem,
        ];
        for (const item of invalid) {
          const failure = await failureOf(
            run(async (u) => {
              // A valid change in the same unit of work is rolled back with it.
              await u.items.put({ ...join, state: 'approved' });
              await u.items.put(item);
            }),
          );
          expect(failure, item.id).to.be.instanceOf(Error);
          expect(await read((u) => u.items.get(item.kind, item.id)), item.id).to.equal(undefined);
        }
        expect(await read((u) => u.items.get('join', 'r1'))).to.deep.equal(join);
        expect(ids(await read((u) => u.items.query({ kind: 'join' })))).to.deep.equal(['r1']);
        expect(await read((u) => u.items.query({ kind: 'guidance' }))).to.deep.equal([]);
      });

      it('hands out copies: changing a returned item changes nothing stored', async () => {
        const input = guidanceRequest('g1', 'x', AT);
        await run((u) => u.items.put(input));
        input.question = 'Changed after put';
        input.messages.push({ at: AT, by: 'x', kind: 'info', text: 'Changed after put' });
        const got = (await read((u) => u.items.get('guidance', 'g1'))) as GuidanceRequest;
        got.state = 'closed';
        got.history.push({ at: AT, by: 'x', action: 'close' });
        got.parties.push({ to: toPerson('x'), cards: [] });
        const [queried] = (await read((u) => u.items.query({ kind: 'guidance' }))) as GuidanceRequest[];
        queried!.messages.length = 0;
        expect(await read((u) => u.items.get('guidance', 'g1'))).to.deep.equal(
          guidanceRequest('g1', 'x', AT),
        );
      });

      it('finds items of a kind by state and creator, oldest first', async () => {
        await run(async (u) => {
          await u.items.put(joinRequest('r1', 'x', '2026-03-02T00:00:00.000Z'));
          await u.items.put(joinRequest('r2', 'y', '2026-03-01T00:00:00.000Z'));
          await u.items.put(joinRequest('r3', 'x', '2026-02-01T00:00:00.000Z', 'declined'));
          await u.items.put(guidanceRequest('g1', 'x', '2026-01-01T00:00:00.000Z'));
        });
        const query = (q: ItemQuery) => read(async (u) => ids(await u.items.query(q)));
        expect(await query({ kind: 'join' })).to.deep.equal(['r3', 'r2', 'r1']);
        expect(await query({ kind: 'guidance' })).to.deep.equal(['g1']);
        expect(await query({ kind: 'agenda' })).to.deep.equal([]);
        expect(await query({ kind: 'join', states: ['pending'] })).to.deep.equal(['r2', 'r1']);
        expect(await query({ kind: 'join', states: ['declined', 'approved'] })).to.deep.equal(['r3']);
        expect(await query({ kind: 'join', states: [] })).to.deep.equal([]);
        expect(await query({ kind: 'join', createdBy: 'x' })).to.deep.equal(['r3', 'r1']);
        expect(await query({ kind: 'join', createdBy: 'x', states: ['pending'] })).to.deep.equal(['r1']);
        expect(await query({ kind: 'join', createdBy: 'nobody' })).to.deep.equal([]);
        expect(await query({ kind: 'guidance', createdBy: 'x', states: ['open'] })).to.deep.equal(['g1']);
        expect(await query({ kind: 'guidance', states: ['pending'] })).to.deep.equal([]);
        expect((await read((u) => u.items.query({ kind: 'join', states: ['declined'] })))[0]).to.deep.equal(
          joinRequest('r3', 'x', '2026-02-01T00:00:00.000Z', 'declined'),
        );
      });

      it('finds items by party', async () => {
        const card = (version: number) => ({ version, view: 'join-approval', activityId: `a${version}` });
        const channel = { kind: 'networkChannel' } as const;
        await run(async (u) => {
          await u.items.put({
            ...joinRequest('r1', 'x', '2026-03-01T00:00:00.000Z'),
            parties: [{ to: toPerson('p1'), cards: [card(1), card(2)] }],
            cardVersion: 2,
          });
          await u.items.put({
            ...joinRequest('r2', 'y', '2026-03-02T00:00:00.000Z'),
            parties: [
              { to: channel, cards: [card(1)] },
              { to: toPerson('p2'), cards: [card(1)] },
            ],
            cardVersion: 1,
          });
          await u.items.put({
            ...joinRequest('r3', 'z', '2026-03-03T00:00:00.000Z'),
            parties: [{ to: toPerson('p1'), cards: [] }],
          });
          await u.items.put(joinRequest('r4', 'p1', '2026-03-04T00:00:00.000Z'));
          await u.items.put({
            ...guidanceRequest('g1', 'x', '2026-03-05T00:00:00.000Z'),
            parties: [{ to: toPerson('p1'), cards: [{ version: 1, view: 'guidance-item' }] }],
            cardVersion: 1,
          });
        });
        const byParty = (kind: string, party: string) =>
          read(async (u) => ids(await u.items.query({ kind, party })));
        expect(await byParty('join', recipientKey(toPerson('p1')))).to.deep.equal(['r1', 'r3']);
        expect(await byParty('join', recipientKey(toPerson('p2')))).to.deep.equal(['r2']);
        expect(await byParty('join', recipientKey(channel))).to.deep.equal(['r2']);
        expect(await byParty('join', recipientKey(toPerson('nobody')))).to.deep.equal([]);
        // A bare id is not a recipient key.
        expect(await byParty('join', 'p1')).to.deep.equal([]);
        expect(await byParty('guidance', recipientKey(toPerson('p1')))).to.deep.equal(['g1']);
        expect(
          ids(
            await read((u) =>
              u.items.query({ kind: 'join', party: recipientKey(toPerson('p1')), createdBy: 'z' }),
            ),
          ),
        ).to.deep.equal(['r3']);
      });

      it('finds items due before a moment; kinds without a due moment never are', async () => {
        await run(async (u) => {
          await u.items.put(
            guidanceRequest('g1', 'x', '2026-03-03T00:00:00.000Z', { dueDate: '2026-03-10' }),
          );
          await u.items.put(
            guidanceRequest('g2', 'x', '2026-03-01T00:00:00.000Z', { dueDate: '2026-03-05' }),
          );
          await u.items.put(
            guidanceRequest('g3', 'x', '2026-03-02T00:00:00.000Z', {
              dueDate: '2026-03-20',
              state: 'in-progress',
            }),
          );
          await u.items.put(
            guidanceRequest('g4', 'x', '2026-02-01T00:00:00.000Z', {
              dueDate: '2026-02-10',
              state: 'closed',
              closedAt: '2026-02-05T00:00:00.000Z',
            }),
          );
          await u.items.put(joinRequest('r1', 'x', '2026-01-01T00:00:00.000Z'));
        });
        const dueBefore = (q: Omit<ItemQuery, 'kind'> & { kind?: string }) =>
          read(async (u) => ids(await u.items.query({ kind: 'guidance', ...q })));
        // Strictly before: a request due on the given date is not.
        expect(await dueBefore({ dueBefore: '2026-03-10' })).to.deep.equal(['g4', 'g2']);
        expect(await dueBefore({ dueBefore: '2026-03-11' })).to.deep.equal(['g4', 'g2', 'g1']);
        expect(await dueBefore({ dueBefore: '2026-02-10' })).to.deep.equal([]);
        expect(await dueBefore({ dueBefore: '2026-03-21', states: ['open', 'in-progress'] })).to.deep.equal([
          'g2',
          'g3',
          'g1',
        ]);
        expect(await dueBefore({ kind: 'join' })).to.deep.equal(['r1']);
        expect(await dueBefore({ kind: 'join', dueBefore: '9999-12-31' })).to.deep.equal([]);
      });

      it('orders oldest or newest first by creation, and limits', async () => {
        await run(async (u) => {
          await u.items.put(joinRequest('r2', 'x', '2026-03-02T00:00:00.000Z'));
          await u.items.put(joinRequest('r3', 'x', '2026-03-03T00:00:00.000Z'));
          await u.items.put(joinRequest('r1', 'x', '2026-03-01T00:00:00.000Z'));
          await u.items.put(joinRequest('r0', 'y', '2026-02-01T00:00:00.000Z', 'approved'));
        });
        const query = (q: Omit<ItemQuery, 'kind'>) =>
          read(async (u) => ids(await u.items.query({ kind: 'join', ...q })));
        expect(await query({ order: 'oldest' })).to.deep.equal(['r0', 'r1', 'r2', 'r3']);
        expect(await query({ order: 'newest' })).to.deep.equal(['r3', 'r2', 'r1', 'r0']);
        expect(await query({ limit: 2 })).to.deep.equal(['r0', 'r1']);
        expect(await query({ order: 'newest', limit: 2 })).to.deep.equal(['r3', 'r2']);
        expect(await query({ order: 'newest', states: ['pending'], limit: 2 })).to.deep.equal(['r3', 'r2']);
        expect(await query({ states: ['pending'], limit: 2 })).to.deep.equal(['r1', 'r2']);
        expect(await query({ limit: 10 })).to.deep.equal(['r0', 'r1', 'r2', 'r3']);
        expect(await query({ limit: 0 })).to.deep.equal([]);
      });

      it('refuses put in a read-only unit of work', async () => {
        const failure = await failureOf(read((u) => u.items.put(joinRequest('r1', 'x', AT))));
        expect(failure).to.be.instanceOf(Error);
        expect(await read((u) => u.items.get('join', 'r1'))).to.equal(undefined);
        expect(await read((u) => u.items.query({ kind: 'join' }))).to.deep.equal([]);
      });
    });

    describe('guidance requests', () => {
      const ids = (found: { id: string }[]) => found.map((item) => item.id);

      it('puts and gets guidance requests', async () => {
        const request = guidanceRequest('g1', 'x', AT);
        expect(await read((u) => guidanceRequestsIn(u).get('g1'))).to.equal(undefined);
        await run(async (u) => {
          await guidanceRequestsIn(u).put(request);
          await joinRequestsIn(u).put(joinRequest('r1', 'x', AT));
        });
        expect(await read((u) => guidanceRequestsIn(u).get('g1'))).to.deep.equal(request);
        expect(await read((u) => u.items.get('guidance', 'g1'))).to.deep.equal(request);
        expect(await read((u) => guidanceRequestsIn(u).get('nope'))).to.equal(undefined);
        // Each kind's repository finds only its own kind.
        expect(await read((u) => guidanceRequestsIn(u).get('r1'))).to.equal(undefined);
        expect(await read((u) => joinRequestsIn(u).get('g1'))).to.equal(undefined);
        const answered: GuidanceRequest = {
          ...request,
          state: 'answered',
          answeredAt: '2026-03-02T00:00:00.000Z',
          messages: [...request.messages, { at: AT, by: 'coordinator-opa', kind: 'answer', text: 'Answer' }],
          reminders: { dueSoon: '2026-03-01T13:00:00.000Z' },
        };
        await run((u) => guidanceRequestsIn(u).put(answered));
        expect(await read((u) => guidanceRequestsIn(u).get('g1'))).to.deep.equal(answered);
        const failure = await run((u) =>
          guidanceRequestsIn(u).put({ ...request, urgency: 'whenever' } as unknown as GuidanceRequest),
        ).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(failure).to.be.instanceOf(Error);
        expect(await read((u) => guidanceRequestsIn(u).get('g1'))).to.deep.equal(answered);
      });

      it('lists active requests (not closed) oldest first', async () => {
        await run(async (u) => {
          await guidanceRequestsIn(u).put(guidanceRequest('g1', 'x', '2026-03-02T00:00:00.000Z'));
          await guidanceRequestsIn(u).put(
            guidanceRequest('g2', 'y', '2026-03-01T00:00:00.000Z', { state: 'in-progress' }),
          );
          await guidanceRequestsIn(u).put(
            guidanceRequest('g3', 'x', '2026-03-03T00:00:00.000Z', { state: 'awaiting-info' }),
          );
          await guidanceRequestsIn(u).put(
            guidanceRequest('g4', 'x', '2026-03-04T00:00:00.000Z', { state: 'answered', answeredAt: AT }),
          );
          await guidanceRequestsIn(u).put(
            guidanceRequest('g5', 'x', '2026-02-01T00:00:00.000Z', { state: 'closed', closedAt: AT }),
          );
        });
        expect(ids(await read((u) => guidanceRequestsIn(u).listActive()))).to.deep.equal([
          'g2',
          'g1',
          'g3',
          'g4',
        ]);
        await run(async (u) => {
          const g2 = (await guidanceRequestsIn(u).get('g2'))!;
          await guidanceRequestsIn(u).put({ ...g2, state: 'closed', closedAt: AT });
        });
        expect(ids(await read((u) => guidanceRequestsIn(u).listActive()))).to.deep.equal(['g1', 'g3', 'g4']);
      });

      it("lists an asker's requests newest first", async () => {
        await run(async (u) => {
          await guidanceRequestsIn(u).put(guidanceRequest('g1', 'a', '2026-03-01T00:00:00.000Z'));
          await guidanceRequestsIn(u).put(guidanceRequest('g2', 'b', '2026-03-02T00:00:00.000Z'));
          await guidanceRequestsIn(u).put(
            guidanceRequest('g3', 'a', '2026-03-03T00:00:00.000Z', { state: 'closed', closedAt: AT }),
          );
          await guidanceRequestsIn(u).put(guidanceRequest('g4', 'a', '2026-02-01T00:00:00.000Z'));
        });
        expect(ids(await read((u) => guidanceRequestsIn(u).listByAsker('a')))).to.deep.equal([
          'g3',
          'g1',
          'g4',
        ]);
        expect(ids(await read((u) => guidanceRequestsIn(u).listByAsker('b')))).to.deep.equal(['g2']);
        expect(await read((u) => guidanceRequestsIn(u).listByAsker('nobody'))).to.deep.equal([]);
      });

      it('lists closed principled requests, most recently closed first, with a limit', async () => {
        // Closing is a request's last change (closed is final), as in the domain.
        const closed = (closedAt: string, principled = true) => ({
          state: 'closed' as const,
          closedAt,
          updatedAt: closedAt,
          principled,
        });
        await run(async (u) => {
          // Created in another order than closed, so that the order shows which one counts.
          await guidanceRequestsIn(u).put(
            guidanceRequest('c1', 'x', '2026-03-01T00:00:00.000Z', closed('2026-03-05T00:00:00.000Z')),
          );
          await guidanceRequestsIn(u).put(
            guidanceRequest('c2', 'x', '2026-03-02T00:00:00.000Z', closed('2026-03-03T00:00:00.000Z')),
          );
          await guidanceRequestsIn(u).put(
            guidanceRequest('c3', 'x', '2026-02-01T00:00:00.000Z', closed('2026-03-10T00:00:00.000Z')),
          );
          await guidanceRequestsIn(u).put(
            guidanceRequest('n1', 'x', '2026-02-02T00:00:00.000Z', closed('2026-03-11T00:00:00.000Z', false)),
          );
          await guidanceRequestsIn(u).put(
            guidanceRequest('o1', 'x', '2026-02-03T00:00:00.000Z', { principled: true }),
          );
          await guidanceRequestsIn(u).put(
            guidanceRequest('o2', 'x', '2026-02-04T00:00:00.000Z', {
              principled: true,
              state: 'answered',
              answeredAt: '2026-03-12T00:00:00.000Z',
            }),
          );
        });
        expect(ids(await read((u) => guidanceRequestsIn(u).listClosedPrincipled()))).to.deep.equal([
          'c3',
          'c1',
          'c2',
        ]);
        expect(ids(await read((u) => guidanceRequestsIn(u).listClosedPrincipled(2)))).to.deep.equal([
          'c3',
          'c1',
        ]);
        expect(ids(await read((u) => guidanceRequestsIn(u).listClosedPrincipled(10)))).to.deep.equal([
          'c3',
          'c1',
          'c2',
        ]);
        expect(await read((u) => guidanceRequestsIn(u).listClosedPrincipled(0))).to.deep.equal([]);
        expect((await read((u) => guidanceRequestsIn(u).listClosedPrincipled(1)))[0]).to.deep.equal(
          guidanceRequest('c3', 'x', '2026-02-01T00:00:00.000Z', closed('2026-03-10T00:00:00.000Z')),
        );
      });
    });

    describe('topics', () => {
      it('starts with the seeded topics and replaces them all', async () => {
        expect(await read((u) => topicsIn(u).list())).to.deep.equal(DEFAULT_TOPICS);
        const next = [topic('t1'), { ...topic('t2', 'rma-north'), retired: true }];
        await run((u) => topicsIn(u).replaceAll(next));
        expect(await read((u) => topicsIn(u).list())).to.deep.equal(next);
        // Read-only: changing what was read throws and changes nothing stored.
        const listed = await read((u) => topicsIn(u).list());
        expect(() => {
          listed[0]!.owners.length = 0;
        }).to.throw(TypeError);
        expect(() => listed.pop()).to.throw(TypeError);
        expect(await read((u) => topicsIn(u).list())).to.deep.equal(next);
        await run((u) => topicsIn(u).replaceAll([]));
        expect(await read((u) => topicsIn(u).list())).to.deep.equal([]);
      });

      it('refuses an invalid topic, keeping the topics as they were', async () => {
        const invalid = [
          { ...topic('t1'), id: '' },
          { ...topic('t2'), owners: [{ kind: 'deputy', department: 'OPA' }] },
          { ...topic('t3'), name: { nb: 'Bare norsk' } },
        ] as unknown as GuidanceTopic[];
        for (const bad of invalid) {
          const failure = await run((u) => topicsIn(u).replaceAll([topic('ok'), bad])).then(
            () => undefined,
            (error: unknown) => error,
          );
          expect(failure, bad.id).to.be.instanceOf(Error);
          expect(await read((u) => topicsIn(u).list())).to.deep.equal(DEFAULT_TOPICS);
        }
        const failure = await read((u) => topicsIn(u).replaceAll([topic('t1')])).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(failure).to.be.instanceOf(Error);
        expect(await read((u) => topicsIn(u).list())).to.deep.equal(DEFAULT_TOPICS);
      });
    });

    describe('conversations', () => {
      it('keeps person conversations', async () => {
        await run((u) => u.conversations.putPerson('a', { ...conversation('c-a'), locale: 'nb-NO' }));
        expect(await read((u) => u.conversations.getPerson('a'))).to.deep.equal({
          ...conversation('c-a'),
          locale: 'nb-NO',
        });
        await run((u) => u.conversations.removePerson('a'));
        expect(await read((u) => u.conversations.getPerson('a'))).to.equal(undefined);
      });

      it('keeps channel conversations by team and channel, and removes a whole team', async () => {
        const k1 = { teamId: 't1', channelId: 'c1' };
        const k2 = { teamId: 't1', channelId: 'c2' };
        const k3 = { teamId: 't2', channelId: 'c1' };
        // Ids containing the separator must not collide.
        const tricky1 = { teamId: 'a|b', channelId: 'c' };
        const tricky2 = { teamId: 'a', channelId: 'b|c' };
        await run(async (u) => {
          for (const [key, id] of [
            [k1, 'x1'],
            [k2, 'x2'],
            [k3, 'x3'],
            [tricky1, 'y1'],
            [tricky2, 'y2'],
          ] as const)
            await u.conversations.putChannel(key, conversation(id));
        });
        expect(await read((u) => u.conversations.getChannel(k2))).to.deep.equal(conversation('x2'));
        expect(await read((u) => u.conversations.getChannel(tricky1))).to.deep.equal(conversation('y1'));
        expect(await read((u) => u.conversations.getChannel(tricky2))).to.deep.equal(conversation('y2'));
        await run((u) => u.conversations.removeChannel(k2));
        expect(await read((u) => u.conversations.getChannel(k2))).to.equal(undefined);
        await run((u) => u.conversations.removeTeam('t1'));
        expect(await read((u) => u.conversations.getChannel(k1))).to.equal(undefined);
        expect(await read((u) => u.conversations.getChannel(k3))).to.deep.equal(conversation('x3'));
      });

      it('removing a person also takes them out of a channel reference that names them as its user', async () => {
        const named = { teamId: 't1', channelId: 'named' };
        const other = { teamId: 't1', channelId: 'other' };
        const withUser = (id: string, user: string) => {
          const base = conversation(id);
          return { ...base, reference: { ...base.reference, user: { id: `29:${user}`, aadObjectId: user } } };
        };
        await run(async (u) => {
          await u.conversations.putPerson('leaver', conversation('c-leaver'));
          await u.conversations.putChannel(named, withUser('ch-1', 'leaver'));
          await u.conversations.putChannel(other, withUser('ch-2', 'stays'));
        });
        await run((u) => u.conversations.removePerson('leaver'));
        const kept = await read((u) => u.conversations.getChannel(named));
        expect(kept?.reference).to.deep.equal(conversation('ch-1').reference);
        expect(JSON.stringify(kept)).not.to.include('leaver');
        expect(await read((u) => u.conversations.getChannel(other))).to.deep.equal(withUser('ch-2', 'stays'));
      });
    });

    describe('settings', () => {
      it('starts empty and stores the network channel', async () => {
        expect(await read((u) => u.settings.get())).to.deep.equal({});
        const settings = { networkChannel: { teamId: 't', channelId: 'c', setBy: 'admin', setAt: AT } };
        await run((u) => u.settings.put(settings));
        expect(await read((u) => u.settings.get())).to.deep.equal(settings);
      });
    });

    describe('outbox', () => {
      it('enqueues a pending message and dedupes by key', async () => {
        const first = await run((u) => u.outbox.enqueue(notification('k1'), AT, 'm1'));
        expect(first).to.deep.equal({
          ...notification('k1'),
          id: 'm1',
          state: 'pending',
          attempts: 0,
          createdAt: AT,
        });
        const again = await run((u) =>
          u.outbox.enqueue(notification('k1'), '2026-03-02T00:00:00.000Z', 'm2'),
        );
        expect(again).to.deep.equal(first);
        expect(await read((u) => u.outbox.get('m2'))).to.equal(undefined);
        expect(await read((u) => u.outbox.get('m1'))).to.deep.equal(first);
        expect(await read((u) => u.outbox.getByKey(testKey('k1')))).to.deep.equal(first);
        expect(await read((u) => u.outbox.getByKey(testKey('k-unknown')))).to.equal(undefined);
        expect(await read((u) => u.outbox.counts())).to.deep.equal({ pending: 1, sent: 0, failed: 0 });
      });

      it('lists failed messages (dead letters) oldest first, with a limit', async () => {
        await run(async (u) => {
          for (const [key, at, id] of [
            ['k2', '2026-03-02T00:00:00.000Z', 'm2'],
            ['k1', '2026-03-01T00:00:00.000Z', 'm1'],
            ['k3', '2026-03-03T00:00:00.000Z', 'm3'],
          ] as const) {
            const m = await u.outbox.enqueue(notification(key), at, id);
            if (id !== 'm3') await u.outbox.put({ ...m, state: 'failed', attempts: 3, lastError: '503' });
          }
        });
        expect((await read((u) => u.outbox.listFailed())).map((m) => m.id)).to.deep.equal(['m1', 'm2']);
        expect((await read((u) => u.outbox.listFailed(1))).map((m) => m.id)).to.deep.equal(['m1']);
      });

      it('keeps unreachable recipients, with the first time they failed', async () => {
        const person = { kind: 'person', aadObjectId: 'p1' } as const;
        const channel = { kind: 'networkChannel' } as const;
        await run((u) =>
          u.unreachable.mark({ recipient: person, status: 403, since: '2026-03-02T00:00:00.000Z' }),
        );
        await run((u) =>
          u.unreachable.mark({ recipient: channel, status: 404, since: '2026-03-01T00:00:00.000Z' }),
        );
        await run((u) =>
          u.unreachable.mark({ recipient: person, status: 404, since: '2026-03-05T00:00:00.000Z' }),
        );
        expect(await read((u) => u.unreachable.get(person))).to.deep.equal({
          recipient: person,
          status: 404,
          since: '2026-03-02T00:00:00.000Z',
        });
        expect((await read((u) => u.unreachable.list())).map((e) => e.recipient.kind)).to.deep.equal([
          'networkChannel',
          'person',
        ]);
        await run((u) => u.unreachable.clear(person));
        expect(await read((u) => u.unreachable.get(person))).to.equal(undefined);
        expect(await read((u) => u.unreachable.list())).to.have.length(1);
      });

      it('lists pending messages oldest first, with a limit', async () => {
        await run(async (u) => {
          await u.outbox.enqueue(notification('k3'), '2026-03-03T00:00:00.000Z', 'm3');
          await u.outbox.enqueue(notification('k1'), '2026-03-01T00:00:00.000Z', 'm1');
          await u.outbox.enqueue(notification('k2'), '2026-03-02T00:00:00.000Z', 'm2');
        });
        expect((await read((u) => u.outbox.listPending())).map((m) => m.id)).to.deep.equal([
          'm1',
          'm2',
          'm3',
        ]);
        expect((await read((u) => u.outbox.listPending(2))).map((m) => m.id)).to.deep.equal(['m1', 'm2']);
      });

      it('updates messages, counts states and lists sent ones by recipient', async () => {
        await run(async (u) => {
          await u.outbox.enqueue(notification('k1', toPerson('a')), AT, 'm1');
          await u.outbox.enqueue(notification('k2', toPerson('a')), AT, 'm2');
          await u.outbox.enqueue(notification('k3', toPerson('b')), AT, 'm3');
          await u.outbox.enqueue(notification('k4', { kind: 'networkChannel' }), AT, 'm4');
        });
        await run(async (u) => {
          const m1 = (await u.outbox.get('m1'))!;
          await u.outbox.put({
            ...m1,
            state: 'sent',
            attempts: 1,
            sentAt: AT,
            activityId: 'act',
            conversationId: 'conv',
          });
          const m2 = (await u.outbox.get('m2'))!;
          await u.outbox.put({ ...m2, state: 'failed', attempts: 5, lastError: '403' });
          const m3 = (await u.outbox.get('m3'))!;
          await u.outbox.put({ ...m3, state: 'sent', attempts: 1, sentAt: AT });
          const m4 = (await u.outbox.get('m4'))!;
          await u.outbox.put({ ...m4, state: 'sent', attempts: 1, sentAt: AT });
        });
        expect(await read((u) => u.outbox.counts())).to.deep.equal({ pending: 0, sent: 3, failed: 1 });
        expect(await read((u) => u.outbox.get('m1'))).to.include({ state: 'sent', activityId: 'act' });
        expect(await read((u) => u.outbox.listPending())).to.deep.equal([]);
        // The key still dedupes after the state changed.
        expect((await run((u) => u.outbox.enqueue(notification('k1'), AT, 'm9'))).id).to.equal('m1');
      });

      it('refuses a put that would give a key to a second message', async () => {
        await run(async (u) => {
          await u.outbox.enqueue(notification('k1'), AT, 'm1');
          await u.outbox.enqueue(notification('k2'), AT, 'm2');
        });
        const m2 = (await read((u) => u.outbox.get('m2')))!;
        let failure: unknown;
        await run((u) => u.outbox.put({ ...m2, key: testKey('k1') })).catch((err: unknown) => {
          failure = err;
        });
        expect(failure).to.be.instanceOf(Error);
        expect((await read((u) => u.outbox.getByKey(testKey('k1'))))?.id).to.equal('m1');
      });

      it('prunes messages delivered before the cut-off and frees their keys', async () => {
        const cutOff = '2026-03-03T00:00:00.000Z';
        await run(async (u) => {
          const send = async (key: string, createdAt: string, sentAt?: string) => {
            const m = await u.outbox.enqueue(notification(key), createdAt, `m-${key}`);
            await u.outbox.put({ ...m, state: 'sent', attempts: 1, ...(sentAt ? { sentAt } : {}) });
          };
          await send('old', '2026-02-28T00:00:00.000Z', '2026-03-01T00:00:00.000Z');
          // Created long before the cut-off, delivered after it: kept (delivery counts, not creation).
          await send('late', '2026-02-01T00:00:00.000Z', '2026-03-05T00:00:00.000Z');
          // Delivered exactly at the cut-off: not before it.
          await send('edge', '2026-03-01T00:00:00.000Z', cutOff);
          // Without sentAt, creation counts.
          await send('unstamped-old', '2026-02-15T00:00:00.000Z');
          await send('unstamped-new', '2026-03-04T00:00:00.000Z');
          await u.outbox.enqueue(notification('pending'), '2026-02-01T00:00:00.000Z', 'm-pending');
          const failed = await u.outbox.enqueue(
            notification('failed'),
            '2026-02-01T00:00:00.000Z',
            'm-failed',
          );
          await u.outbox.put({ ...failed, state: 'failed', attempts: 5, lastError: '403' });
        });
        expect(await read((u) => u.outbox.counts())).to.deep.equal({ pending: 1, sent: 5, failed: 1 });
        expect(await run((u) => u.outbox.pruneDelivered(cutOff))).to.equal(2);
        expect(await read((u) => u.outbox.counts())).to.deep.equal({ pending: 1, sent: 3, failed: 1 });
        for (const gone of ['old', 'unstamped-old']) {
          expect(await read((u) => u.outbox.get(`m-${gone}`)), gone).to.equal(undefined);
          expect(await read((u) => u.outbox.getByKey(testKey(gone))), gone).to.equal(undefined);
        }
        for (const kept of ['late', 'edge', 'unstamped-new', 'pending', 'failed'])
          expect((await read((u) => u.outbox.getByKey(testKey(kept))))?.id, kept).to.equal(`m-${kept}`);
        expect((await read((u) => u.outbox.listPending())).map((m) => m.id)).to.deep.equal(['m-pending']);
        expect((await read((u) => u.outbox.listFailed())).map((m) => m.id)).to.deep.equal(['m-failed']);
        // Nothing left to prune before the same cut-off.
        expect(await run((u) => u.outbox.pruneDelivered(cutOff))).to.equal(0);
        // The freed key enqueues a new message (and the freed id can be used again).
        const again = await run((u) => u.outbox.enqueue(notification('old'), AT, 'm-new'));
        expect(again).to.deep.equal({
          ...notification('old'),
          id: 'm-new',
          state: 'pending',
          attempts: 0,
          createdAt: AT,
        });
        expect((await read((u) => u.outbox.getByKey(testKey('old'))))?.id).to.equal('m-new');
        expect(
          (await run((u) => u.outbox.enqueue(notification('other'), AT, 'm-unstamped-old'))).id,
        ).to.equal('m-unstamped-old');
        // ...without the pruned key pointing at whatever now holds the id.
        expect(await read((u) => u.outbox.getByKey(testKey('unstamped-old')))).to.equal(undefined);
        expect((await read((u) => u.outbox.getByKey(testKey('other'))))?.id).to.equal('m-unstamped-old');
        expect(await read((u) => u.outbox.counts())).to.deep.equal({ pending: 3, sent: 3, failed: 1 });
      });

      it('does not write when a prune finds nothing to remove', async function () {
        if (!subject.writeToken) this.skip();
        const token = subject.writeToken!;
        await run(async (u) => {
          const m = await u.outbox.enqueue(notification('k1'), '2026-03-01T00:00:00.000Z', 'm1');
          await u.outbox.put({ ...m, state: 'sent', attempts: 1, sentAt: '2026-03-02T00:00:00.000Z' });
          await u.outbox.enqueue(notification('k2'), '2026-02-01T00:00:00.000Z', 'm2');
        });
        const before = await token();
        expect(await run((u) => u.outbox.pruneDelivered('2026-03-02T00:00:00.000Z'))).to.equal(0);
        expect(await token()).to.equal(before);
        expect(await run((u) => u.outbox.pruneDelivered('2026-03-02T00:00:00.001Z'))).to.equal(1);
        expect(await token()).to.not.equal(before);
      });
    });

    describe('send log (recent requests at the Bot Connector, for the outbox limiters)', () => {
      const keep = { since: 1_000, perKey: 3 };

      it('records request times per key and lists those since a time, oldest first', async () => {
        expect(await read((u) => u.sendLog.since(0))).to.deep.equal({});
        await run((u) =>
          u.sendLog.record(
            [
              { key: 'conv-a', at: 2_000 },
              { key: 'conv-b', at: 2_500 },
              { key: 'conv-a', at: 1_500 },
            ],
            keep,
          ),
        );
        await run((u) => u.sendLog.record([{ key: 'conv-a', at: 3_000 }], keep));
        expect(await read((u) => u.sendLog.since(0))).to.deep.equal({
          'conv-a': [1_500, 2_000, 3_000],
          'conv-b': [2_500],
        });
        expect(await read((u) => u.sendLog.since(2_000))).to.deep.equal({
          'conv-a': [2_000, 3_000],
          'conv-b': [2_500],
        });
        expect(await read((u) => u.sendLog.since(2_600))).to.deep.equal({ 'conv-a': [3_000] });
      });

      it('stays bounded: keeps only times since keep.since and at most keep.perKey per key', async () => {
        await run((u) =>
          u.sendLog.record(
            [500, 1_100, 1_200, 1_300, 1_400].map((at) => ({ key: 'conv-a', at })),
            keep,
          ),
        );
        expect(await read((u) => u.sendLog.since(0))).to.deep.equal({ 'conv-a': [1_200, 1_300, 1_400] });
        await run((u) => u.sendLog.record([{ key: 'conv-b', at: 1_450 }], { since: 1_300, perKey: 3 }));
        // Older times of every key go, and a key left without any goes too.
        expect(await read((u) => u.sendLog.since(0))).to.deep.equal({
          'conv-a': [1_300, 1_400],
          'conv-b': [1_450],
        });
        await run((u) => u.sendLog.record([], { since: 1_420, perKey: 3 }));
        expect(await read((u) => u.sendLog.since(0))).to.deep.equal({ 'conv-b': [1_450] });
      });

      it('treats keys like __proto__ as ordinary keys', async () => {
        await run((u) => u.sendLog.record([{ key: '__proto__', at: 2_000 }], keep));
        expect(await read((u) => u.sendLog.since(0))).to.deep.equal({ ['__proto__']: [2_000] });
      });

      it('marks whether an outbox worker runs, answering the previous mark', async () => {
        expect(await run((u) => u.sendLog.markRunning(true))).to.equal(false);
        expect(await run((u) => u.sendLog.markRunning(true))).to.equal(true);
        expect(await run((u) => u.sendLog.markRunning(false))).to.equal(true);
        expect(await run((u) => u.sendLog.markRunning(false))).to.equal(false);
      });

      it('refuses times that are not finite numbers', async () => {
        const failure = await run((u) => u.sendLog.record([{ key: 'conv-a', at: Number.NaN }], keep)).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(failure).to.be.instanceOf(Error);
        expect(await read((u) => u.sendLog.since(0))).to.deep.equal({});
      });
    });

    describe('sequences', () => {
      it('counts from 1 per name and year', async () => {
        const got = await run(async (u) => [
          await u.sequences.next('N', 2026),
          await u.sequences.next('N', 2026),
          await u.sequences.next('N', 2027),
          await u.sequences.next('J', 2026),
        ]);
        expect(got).to.deep.equal([1, 2, 1, 1]);
        expect(await run((u) => u.sequences.next('N', 2026))).to.equal(3);
      });
    });

    describe('idempotency', () => {
      it('claims a key once', async () => {
        expect(await run((u) => u.idempotency.claim('activity-1', new Date().toISOString()))).to.equal(true);
        expect(await run((u) => u.idempotency.claim('activity-1', new Date().toISOString()))).to.equal(false);
        expect(await run((u) => u.idempotency.claim('activity-2', new Date().toISOString()))).to.equal(true);
      });

      it('remembers the item a claimed activity recorded, and nothing for a key never claimed', async () => {
        const at = new Date().toISOString();
        await run(async (u) => {
          await u.idempotency.claim('activity-1', at);
          await u.idempotency.record('activity-1', 'item-7');
          await u.idempotency.record('never-claimed', 'item-8');
        });
        expect(await read((u) => u.idempotency.recall('activity-1'))).to.equal('item-7');
        expect(await read((u) => u.idempotency.recall('never-claimed'))).to.equal(undefined);
        expect(await run((u) => u.idempotency.claim('never-claimed', at))).to.equal(true);
      });
    });

    describe('unit of work', () => {
      it('returns the value of the work', async () => {
        expect(await run(async () => 42)).to.equal(42);
        expect(await read(async () => 'r')).to.equal('r');
      });

      it('rolls back everything when the work throws', async () => {
        const channel = { teamId: 't', channelId: 'c' };
        await run(async (u) => {
          await u.people.put(person('kept'));
          await joinRequestsIn(u).put(joinRequest('r1', 'kept', AT));
          await guidanceRequestsIn(u).put(guidanceRequest('g1', 'kept', AT));
          await u.conversations.putPerson('kept', conversation('c-kept'));
          await u.conversations.putChannel(channel, conversation('c-channel'));
          await u.settings.put({ networkChannel: { ...channel, setBy: 'kept', setAt: AT } });
          await u.outbox.enqueue(notification('k1'), AT, 'm1');
          const sent = await u.outbox.enqueue(notification('k-sent'), AT, 'm-sent');
          await u.outbox.put({ ...sent, state: 'sent', attempts: 1, sentAt: AT });
          await u.sequences.next('N', 2026);
          await u.idempotency.claim('seen', new Date().toISOString());
        });
        const snapshot = () =>
          read(async (u) => ({
            people: await u.people.list(),
            units: await u.units.list(),
            request: await joinRequestsIn(u).get('r1'),
            pending: await joinRequestsIn(u).listPending(),
            guidance: await u.items.query({ kind: 'guidance' }),
            topics: await topicsIn(u).list(),
            person: await u.conversations.getPerson('kept'),
            channel: await u.conversations.getChannel(channel),
            settings: await u.settings.get(),
            message: await u.outbox.get('m1'),
            byKey: await u.outbox.getByKey(testKey('k2')),
            sent: await u.outbox.getByKey(testKey('k-sent')),
            counts: await u.outbox.counts(),
          }));
        const before = await snapshot();
        const boom = new Error('boom');
        let failure: unknown;
        await run(async (u) => {
          await u.people.put(person('lost'));
          await u.people.remove('kept');
          await u.units.replaceAll([]);
          await joinRequestsIn(u).put({ ...joinRequest('r1', 'kept', AT), state: 'approved' });
          await u.items.put({ ...guidanceRequest('g1', 'kept', AT), state: 'in-progress' });
          await guidanceRequestsIn(u).put(guidanceRequest('g2', 'lost', AT));
          await topicsIn(u).replaceAll([topic('lost')]);
          await u.conversations.removePerson('kept');
          await u.conversations.removeTeam('t');
          await u.settings.put({});
          await u.outbox.put({ ...(await u.outbox.get('m1'))!, state: 'sent' });
          await u.outbox.enqueue(notification('k2'), AT, 'm2');
          // m1 (just marked sent) and m-sent.
          expect(await u.outbox.pruneDelivered('9999-12-31T00:00:00.000Z')).to.equal(2);
          await u.sequences.next('N', 2026);
          await u.idempotency.claim('new', new Date().toISOString());
          throw boom;
        }).catch((err: unknown) => {
          failure = err;
        });
        expect(failure).to.equal(boom);
        expect(await snapshot()).to.deep.equal(before);
        expect(await run((u) => u.sequences.next('N', 2026))).to.equal(2);
        expect(await run((u) => u.idempotency.claim('new', new Date().toISOString()))).to.equal(true);
        expect(await run((u) => u.idempotency.claim('seen', new Date().toISOString()))).to.equal(false);
      });

      it('rejects values the schema does not accept, storing nothing', async () => {
        const invalid = { ...person('x'), roles: [{ kind: 'chief' }] } as unknown as Person;
        let failure: unknown;
        await run((u) => u.people.put(invalid)).catch((err: unknown) => {
          failure = err;
        });
        expect(failure).to.be.instanceOf(Error);
        expect(await read((u) => u.people.get('x'))).to.equal(undefined);
      });

      it('serialises concurrent units of work', async () => {
        const events: string[] = [];
        const increment = (label: string) =>
          run(async (u) => {
            events.push(`start ${label}`);
            const n = await u.sequences.next('counter', 2026);
            await new Promise((resolve) => setTimeout(resolve, 5));
            await u.people.put(person(`p-${n}`));
            events.push(`end ${label}`);
            return n;
          });
        const results = await Promise.all([increment('a'), increment('b'), increment('c')]);
        expect(results).to.deep.equal([1, 2, 3]);
        expect(events).to.deep.equal(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
        expect(await read((u) => u.people.list())).to.have.length(3);
      });

      it('keeps going after a failed unit of work', async () => {
        const failed = run(async () => {
          throw new Error('first fails');
        });
        const next = run((u) => u.sequences.next('N', 2026));
        await failed.catch(() => undefined);
        expect(await next).to.equal(1);
      });

      it('does not let read() change anything', async () => {
        await run((u) => u.people.put(person('a')));
        const attempts: ((u: UnitOfWork) => Promise<unknown>)[] = [
          (u) => u.people.put(person('b')),
          (u) => u.people.remove('a'),
          (u) => u.sequences.next('N', 2026),
          (u) => u.idempotency.claim('k', new Date().toISOString()),
          (u) => u.outbox.enqueue(notification('k'), AT, 'm'),
          (u) => u.settings.put({}),
          (u) => u.sendLog.record([{ key: 'conv-a', at: 1 }], { since: 0, perKey: 1 }),
          (u) => u.sendLog.markRunning(true),
          (u) => u.items.put(joinRequest('r1', 'b', AT)),
          (u) => joinRequestsIn(u).put(joinRequest('r1', 'b', AT)),
          (u) => guidanceRequestsIn(u).put(guidanceRequest('g1', 'b', AT)),
          (u) => topicsIn(u).replaceAll([]),
          (u) => u.outbox.pruneDelivered('9999-12-31T00:00:00.000Z'),
        ];
        for (const attempt of attempts) {
          let failure: unknown;
          await read(attempt).catch((err: unknown) => {
            failure = err;
          });
          expect(failure).to.be.instanceOf(Error);
        }
        expect((await read((u) => u.people.list())).map((p) => p.aadObjectId)).to.deep.equal(['a']);
        expect(await run((u) => u.sequences.next('N', 2026))).to.equal(1);
        expect(await run((u) => u.idempotency.claim('k', new Date().toISOString()))).to.equal(true);
        expect(await read((u) => u.outbox.get('m'))).to.equal(undefined);
        expect(await read((u) => u.sendLog.since(0))).to.deep.equal({});
        expect(await read((u) => u.items.get('join', 'r1'))).to.equal(undefined);
        expect(await read((u) => guidanceRequestsIn(u).get('g1'))).to.equal(undefined);
        expect(await read((u) => topicsIn(u).list())).to.deep.equal(DEFAULT_TOPICS);
      });

      it('writes only when something changed', async function () {
        // Only backends that can show their writes (a file's inode and mtime) run this; the memory store cannot.
        if (!subject.writeToken) this.skip();
        const token = subject.writeToken!;
        await run(async (u) => {
          await u.people.put(person('a'));
          await u.items.put(guidanceRequest('g1', 'a', AT));
        });
        const before = await token();
        await run(async (u) => {
          await u.people.get('a');
          await u.people.list();
          await u.people.put(person('a')); // identical: no change
          await u.people.remove('nobody');
          await u.units.replaceAll([...TEST_UNITS]);
          await u.items.put(guidanceRequest('g1', 'a', AT)); // identical
          await u.items.query({ kind: 'guidance' });
          await topicsIn(u).replaceAll([...DEFAULT_TOPICS]);
          await u.outbox.listPending();
        });
        await read((u) => u.people.list());
        expect(await token()).to.equal(before);
        await run((u) => u.people.put(person('b')));
        expect(await token()).to.not.equal(before);
      });
    });

    describe('archive (settled items out of the hot document, issue 9)', () => {
      const settleAll = async () => {
        await seedArchiveData(store);
        return snapshot(store);
      };

      it('moves what settled before the cut-off and answers every get, query and count as before', async () => {
        const before = await settleAll();
        // The queries mix hot and archived items (the snapshot is not two empty answers).
        expect(ids(before.guidance.byAsker4)).to.deep.equal(['g07', 'g09', 'g05', 'g04']);
        expect(ids(before.guidance.byAsker2)).to.deep.equal(['g07', 'g09']);
        expect(ids(before.guidance.principled)).to.deep.equal(['g04', 'g05', 'g01', 'g08']);
        expect(ids(before.guidance.labelled)).to.deep.equal(['g04', 'g05', 'g01']);
        expect(ids(before.guidance.byParty)).to.deep.equal(['g01', 'g05', 'g06']);
        expect(ids(before.guidance.dueBefore)).to.deep.equal(['g02', 'g05']);
        expect(ids(before.join.decided)).to.deep.equal(['r4', 'r3']);
        expect(before.counts).to.deep.include({ all: 10, byAsker: 6, labelled: 4, join: 4, ping: 1 });
        expect(before.outbox.counts).to.deep.equal({ pending: 1, sent: 4, failed: 1 });

        expect(await store.archive(CUT)).to.deep.equal(RESULT_AT_CUT);
        expect(await snapshot(store)).to.deep.equal(before);
        // A read-write unit of work sees the same.
        expect(await run((u) => answers(u))).to.deep.equal(before);
        // Nothing more has settled: nothing moves.
        expect(await store.archive(CUT)).to.deep.equal({ items: 0, notifications: 0 });
        expect(await snapshot(store)).to.deep.equal(before);
      });

      it('writes nothing when nothing has settled', async function () {
        if (!subject.writeToken) this.skip();
        const token = subject.writeToken!;
        await seedArchiveData(store);
        const first = await token();
        expect(await store.archive('2026-01-01T00:00:00.000Z')).to.deep.equal({ items: 0, notifications: 0 });
        expect(await token()).to.equal(first);
        await store.archive(CUT);
        const second = await token();
        expect(second).to.not.equal(first);
        expect(await store.archive(CUT)).to.deep.equal({ items: 0, notifications: 0 });
        expect(await token()).to.equal(second);
      });

      it('keeps what has not settled, what changed since the cut-off and what a pending notification is about', async () => {
        const before = await settleAll();
        await store.archive(CUT);
        // g08 settled long ago, but its notification waits: once delivered (after the cut-off) it moves.
        await run(async (u) => {
          const waiting = (await u.outbox.get('m-pending'))!;
          await u.outbox.put({ ...waiting, state: 'sent', attempts: 1, sentAt: day('03-12') });
        });
        expect(await store.archive(CUT)).to.deep.equal({ items: 1, notifications: 0 });
        const delivered = { ...before.outbox, counts: { pending: 0, sent: 5, failed: 1 }, pending: [] };
        expect(await snapshot(store)).to.deep.equal({ ...before, outbox: delivered });
        // A later cut-off: g04 and r4 (changed after CUT) move, and the two late deliveries are counted.
        expect(await store.archive(day('03-20'))).to.deep.equal({ items: 2, notifications: 2 });
        expect(await snapshot(store)).to.deep.equal({ ...before, outbox: delivered });
        // What never settles never moves: open, in progress, awaiting info, pending, and kinds without final states.
        expect(await store.archive('2027-01-01T00:00:00.000Z')).to.deep.equal({ items: 0, notifications: 0 });
        expect(await snapshot(store)).to.deep.equal({ ...before, outbox: delivered });
      });

      it('never moves items of a kind without final states', async () => {
        await run((u) => u.items.put(PING));
        expect(await store.archive('2027-01-01T00:00:00.000Z')).to.deep.equal({ items: 0, notifications: 0 });
        expect(await read((u) => u.items.get('ping', PING.id))).to.deep.equal(PING);
      });

      it('answers a changed archived item from the hot document, and archives its new content later', async () => {
        await seedArchiveData(store);
        await store.archive(CUT);
        const g05 = GUIDANCE.find((g) => g.id === 'g05')!;
        // A follow-up reopens g05 (archived in February), no longer principled.
        const reopened: GuidanceRequest = {
          ...g05,
          state: 'open',
          principled: false,
          updatedAt: day('03-15'),
          closedAt: undefined,
        };
        delete reopened.closedAt;
        await run((u) => u.items.put(reopened));
        const hot = await snapshot(store);
        expect(hot.gets.find((g) => g?.id === 'g05' && g.kind === 'guidance')).to.deep.equal(reopened);
        expect(ids(hot.guidance.byAsker)).to.deep.equal(['g07', 'g09', 'g05', 'g04', 'g02', 'g01']);
        expect(hot.guidance.byAsker.find((g) => g.id === 'g05')).to.deep.equal(reopened);
        expect(ids(hot.guidance.principled)).to.deep.equal(['g04', 'g01', 'g08']);
        expect(ids(hot.guidance.closed)).to.not.include('g05');
        expect(ids(hot.guidance.open)).to.include('g05');
        expect(hot.counts).to.deep.include({ all: 10, byAsker: 6, closed: 4, labelled: 3 });
        // Closed again in March (a later month than its archived copy), and archived again.
        const closedAgain: GuidanceRequest = {
          ...reopened,
          state: 'closed',
          principled: true,
          closedAt: day('03-16'),
          updatedAt: day('03-16'),
          closeReason: 'done',
        };
        await run((u) => u.items.put(closedAgain));
        // g07 (archived in March) changes within its month.
        const g07 = { ...GUIDANCE.find((g) => g.id === 'g07')!, principled: true, updatedAt: day('03-06') };
        await run((u) => u.items.put(g07));
        const changed = await snapshot(store);
        expect(await store.archive(day('03-20'))).to.deep.equal({ items: 4, notifications: 1 });
        const after = await snapshot(store);
        expect(after).to.deep.equal(changed);
        expect(await read((u) => u.items.get('guidance', 'g05'))).to.deep.equal(closedAgain);
        expect(await read((u) => u.items.get('guidance', 'g07'))).to.deep.equal(g07);
        expect(ids(after.guidance.byAsker)).to.deep.equal(['g07', 'g09', 'g05', 'g04', 'g02', 'g01']);
        expect(ids(after.guidance.principled)).to.deep.equal(['g05', 'g04', 'g07', 'g01', 'g08']);
        expect(after.counts).to.deep.include({ all: 10, byAsker: 6, closed: 5, labelled: 5 });
        // Another item settled in February is archived later: February's files are written again,
        // with g05's old copy in them; the newer copy (March) still wins.
        await run((u) => u.items.put(settled('g21', 'd', day('02-20'), 'closed', day('02-21'))));
        expect(await store.archive(day('03-20'))).to.deep.equal({ items: 1, notifications: 0 });
        expect(await read((u) => u.items.get('guidance', 'g05'))).to.deep.equal(closedAgain);
        const withG21 = await snapshot(store);
        expect(withG21.guidance.principled).to.deep.equal(after.guidance.principled);
        expect(withG21.guidance.byAsker).to.deep.equal(after.guidance.byAsker);
        expect(withG21.counts).to.deep.include({ all: 11, byAsker: 6, closed: 6, labelled: 5 });
      });

      it('keeps the count of delivered notifications, and prunes it by day', async () => {
        const before = await settleAll();
        await store.archive(CUT);
        expect(await read((u) => u.outbox.counts())).to.deep.equal(before.outbox.counts);
        // Pending and failed notifications stay, whatever their age.
        expect(await read((u) => u.outbox.get('m-pending'))).to.include({ state: 'pending' });
        expect(await read((u) => u.outbox.get('m-failed'))).to.include({ state: 'failed' });
        expect(await read((u) => u.outbox.get('m-sent-late'))).to.include({ state: 'sent' });
        // A delivered notification that was counted is no longer deduplicated (store.ts, Store.archive).
        expect(await read((u) => u.outbox.get('m-sent-1'))).to.equal(undefined);
        // A prune that reaches no whole day removes nothing (a failed unit of work none either).
        expect(await run((u) => u.outbox.pruneDelivered(day('03-01', '23:00:00.000')))).to.equal(0);
        await run(async (u) => {
          expect(await u.outbox.pruneDelivered(day('03-20'))).to.equal(4);
          throw new Error('rolled back');
        }).catch(() => undefined);
        expect(await read((u) => u.outbox.counts())).to.deep.equal({ pending: 1, sent: 4, failed: 1 });
        // 1 March is before the cut-off's day: its two go; 5 March is not yet.
        expect(await run((u) => u.outbox.pruneDelivered(day('03-05', '12:00:00.000')))).to.equal(2);
        expect(await read((u) => u.outbox.counts())).to.deep.equal({ pending: 1, sent: 2, failed: 1 });
        expect(await run((u) => u.outbox.pruneDelivered(day('03-06')))).to.equal(1);
        expect(await run((u) => u.outbox.pruneDelivered(day('03-20')))).to.equal(1);
        expect(await read((u) => u.outbox.counts())).to.deep.equal({ pending: 1, sent: 0, failed: 1 });
        expect(await run((u) => u.outbox.pruneDelivered(day('03-20')))).to.equal(0);
        // g04 and r4 move; no notification is left to count.
        expect(await store.archive('2027-01-01T00:00:00.000Z')).to.deep.equal({ items: 2, notifications: 0 });
        expect(await read((u) => u.outbox.counts())).to.deep.equal({ pending: 1, sent: 0, failed: 1 });
      });

      it('counts deliveries of the same day archived in two rounds together', async () => {
        await seedArchiveData(store);
        await store.archive(day('03-01', '10:30:00.000'));
        expect(await read((u) => u.outbox.counts())).to.deep.equal({ pending: 1, sent: 4, failed: 1 });
        await store.archive(CUT);
        expect(await read((u) => u.outbox.counts())).to.deep.equal({ pending: 1, sent: 4, failed: 1 });
        expect(await run((u) => u.outbox.pruneDelivered(day('03-02')))).to.equal(2);
      });

      it('is serialised with units of work: what was put before it is archived, what comes after wins', async () => {
        const g = settled('g20', 'a', day('01-01'), 'closed', day('01-02'));
        const reopened = { ...g, state: 'open' as const, updatedAt: day('03-11') };
        const [, moved, got] = await Promise.all([
          run((u) => u.items.put(g)),
          store.archive(CUT),
          run(async (u) => {
            const archived = await u.items.get('guidance', 'g20');
            await u.items.put(reopened);
            return archived;
          }),
        ]);
        expect(moved).to.deep.equal({ items: 1, notifications: 0 });
        expect(got).to.deep.equal(g);
        expect(await read((u) => u.items.get('guidance', 'g20'))).to.deep.equal(reopened);
        expect(await read((u) => u.items.count({ kind: 'guidance' }))).to.equal(1);
      });

      it('hands out copies of archived items: changing one changes nothing stored', async () => {
        await seedArchiveData(store);
        await store.archive(CUT);
        const original = GUIDANCE.find((g) => g.id === 'g05')!;
        const got = (await read((u) => u.items.get('guidance', 'g05'))) as GuidanceRequest;
        got.question = 'Changed outside';
        got.parties[0]!.cards.length = 0;
        const [queried] = (await read((u) =>
          u.items.query({
            kind: 'guidance',
            party: recipientKey(toPerson('p1')),
            states: ['closed'],
            order: 'latest',
            limit: 1,
          }),
        )) as GuidanceRequest[];
        expect(queried?.id).to.equal('g05');
        queried!.messages.length = 0;
        queried!.state = 'open';
        expect(await read((u) => u.items.get('guidance', 'g05'))).to.deep.equal(original);
        expect(ids(await read((u) => u.items.query({ kind: 'guidance', states: ['closed'] })))).to.include(
          'g05',
        );
      });

      it('rewriteItems rewrites hot items and every archived copy (older months too), and leaves no old text in the files', async () => {
        await seedArchiveData(store);
        await store.archive(CUT);
        // g05 (archived in February) is reopened and closed again in March: two archived copies.
        const g05 = GUIDANCE.find((g) => g.id === 'g05')!;
        const closedAgain: GuidanceRequest = {
          ...g05,
          state: 'closed',
          updatedAt: day('03-16'),
          closedAt: day('03-16'),
        };
        await run((u) => u.items.put(closedAgain));
        await store.archive(day('03-20'));
        const scrub = (item: TrackedItem): TrackedItem => {
          const g = item as GuidanceRequest;
          const scrubbed: GuidanceRequest = {
            ...g,
            question: '',
            messages: g.messages.map((m) => ({ ...m, text: '' })),
            redactedAt: AT,
          };
          return scrubbed;
        };
        const result = await store.rewriteItems('guidance', scrub);
        expect(result.hot).to.be.greaterThan(0);
        expect(result.archived).to.be.greaterThan(0);
        const all = (await read((u) => u.items.query({ kind: 'guidance' }))) as GuidanceRequest[];
        expect(all).to.have.length(GUIDANCE.length);
        for (const g of all) {
          expect(g.question).to.equal('');
          expect(g.redactedAt).to.equal(AT);
          expect(await read((u) => u.items.get('guidance', g.id))).to.deep.equal(g);
        }
        // What the index answers is unchanged (the labels and states stay).
        expect(
          ids(await read((u) => u.items.query({ kind: 'guidance', label: 'principled' }))),
        ).to.deep.equal(
          ids(GUIDANCE.filter((g) => g.principled).sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1))),
        );
        if (subject.files) expect(await subject.files()).to.not.include('Question g0');
        // Nothing is left to change.
        expect(await store.rewriteItems('guidance', scrub)).to.deep.equal({ hot: 0, archived: 0 });
      });

      it('rewriteItems refuses a result that changes the id or breaks the schema, and writes nothing', async () => {
        await seedArchiveData(store);
        const before = await snapshot(store);
        for (const bad of [
          (item: TrackedItem) => ({ ...item, state: 'nonsense' }),
          (item: TrackedItem) => ({ ...item, id: `${item.id}-x` }),
        ]) {
          const failure = await store.rewriteItems('guidance', bad).then(
            () => undefined,
            (error: unknown) => error,
          );
          expect(failure).to.be.instanceOf(Error);
        }
        expect(await snapshot(store)).to.deep.equal(before);
      });

      it('compact keeps everything as it was', async () => {
        await seedArchiveData(store);
        const before = await snapshot(store);
        await store.compact();
        expect(await snapshot(store)).to.deep.equal(before);
      });

      it('refuses to archive after close', async () => {
        await store.close();
        const failure = await store.archive(CUT).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(failure).to.be.instanceOf(Error);
      });
    });

    describe('lifecycle', () => {
      it('reports healthy while open', async () => {
        expect(await store.health()).to.deep.include({ readable: true, writable: true });
      });

      it('refuses work after close; close is idempotent', async () => {
        await store.close();
        await store.close();
        let runFailure: unknown;
        await store
          .run(async () => 1)
          .catch((err: unknown) => {
            runFailure = err;
          });
        expect(runFailure).to.be.instanceOf(Error);
        let readFailure: unknown;
        await store
          .read(async () => 1)
          .catch((err: unknown) => {
            readFailure = err;
          });
        expect(readFailure).to.be.instanceOf(Error);
      });

      it('close waits for the unit of work in progress', async () => {
        let settled = false;
        const pending = run(async (u) => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          await u.people.put(person('late'));
          return 'done';
        }).then((value) => {
          settled = true;
          return value;
        });
        await store.close();
        expect(settled).to.equal(true);
        expect(await pending).to.equal('done');
      });
    });
  });
}
