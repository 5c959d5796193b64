import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type { JoinRequest } from '../../src/features/join/join-requests.js';
import { ARCHIVE_DIR_NAME } from '../../src/store/archive-directory.js';
import { validateDocument } from '../../src/store/document-validation.js';
import { DATA_FILE_NAME, openLowdbStore } from '../../src/store/lowdb-store.js';
import { type StoreDocument, sequenceStorageKey } from '../../src/store/schema.js';
import { readStoredDocument } from '../support/stored-document.js';
import {
  ARCHIVE_TEST_PARTS,
  CUT,
  DELIVERED_BEFORE_CUT,
  day,
  GUIDANCE,
  HOT_AFTER_CUT,
  ids,
  LOOP_CUT,
  MOVED_AT_CUT,
  RESULT_AT_CUT,
  seedArchiveData,
  snapshot,
} from './fixtures/archive-data.js';
import { startFixture } from './fixtures/child-process.js';
import { TEST_UNITS } from './fixtures/sample-data.js';
import { makeTempDir, removeTempDirs } from './fixtures/temp-dirs.js';

after(removeTempDirs);

const ROUNDS = 6;
/** Even rounds checkpoint every few writes, so that kills land in checkpoints too (journal.ts). */
const writerArgs = (dataDir: string, round: number) => (round % 2 === 0 ? [dataDir, '2048'] : [dataDir]);

describe('crash safety (SIGKILL during writes)', function () {
  this.timeout(30_000);

  it('always leaves a valid data file and journal holding every acknowledged write, and the next open succeeds', async () => {
    const dataDir = await makeTempDir('crash');
    const _file = join(dataDir, DATA_FILE_NAME);
    const acknowledged: number[] = [];
    // Each child is started one round ahead (it waits for "start"), which hides its start-up time.
    let next = startFixture('crash-writer', writerArgs(dataDir, 1));
    for (let round = 1; round <= ROUNDS; round++) {
      const child = next;
      await child.waitForLine((line) => line === 'loaded');
      child.process.stdin.write('start\n');
      if (round < ROUNDS) next = startFixture('crash-writer', writerArgs(dataDir, round + 1));
      await child.waitForLine((line) => /^\d+$/.test(line));
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 400));
      child.process.kill('SIGKILL');
      expect((await child.exited).signal).to.equal('SIGKILL');
      const acked = child.lines.filter((line) => /^\d+$/.test(line)).map(Number);
      expect(acked.length, `round ${round} acknowledged writes`).to.be.greaterThan(0);
      acknowledged.push(...acked);

      const validation = validateDocument(await readStoredDocument(dataDir));
      if (!validation.ok) expect.fail(`round ${round}: ${validation.problem}`);
      const document = validation.document;
      for (const n of acknowledged) expect(document.people, `round ${round}`).to.have.property(`acked-${n}`);
      expect(document.sequences[sequenceStorageKey('crash', 2026)]).to.be.at.least(Math.max(...acknowledged));

      // The dead writer's lock must not block the next start.
      const started = Date.now();
      const store = await openLowdbStore({ dataDir, seedUnits: TEST_UNITS });
      expect(Date.now() - started, 'open after a crash (ms)').to.be.lessThan(2_000);
      expect((await readdir(dataDir)).filter((name) => name.endsWith('.tmp'))).to.deep.equal([]);
      await store.close();
    }
    expect(new Set(acknowledged).size).to.equal(acknowledged.length);
  });
});

/** Writers killed at random in the archive's loop test (each costs a process start, about a second). */
const LOOP_ROUNDS = 3;

describe('crash safety of the archive (SIGKILL between two files)', function () {
  this.timeout(30_000);

  const open = (dataDir: string) =>
    openLowdbStore({ dataDir, seedUnits: TEST_UNITS, parts: ARCHIVE_TEST_PARTS });
  const hotIds = async (dataDir: string, kind: string) =>
    Object.keys((await readStoredDocument<StoreDocument>(dataDir)).items[kind]!).sort();

  /** A data dir holding the archive data set (not archived yet), and what the store answers. */
  async function seeded() {
    const dataDir = await makeTempDir('archive-crash');
    const store = await open(dataDir);
    await seedArchiveData(store);
    const before = await snapshot(store);
    await store.close();
    return { dataDir, before, archiveDir: join(dataDir, ARCHIVE_DIR_NAME) };
  }

  /** Runs the writer in `mode` and expects it to have killed itself. */
  async function crash(dataDir: string, mode: string, n: number) {
    const child = startFixture('archive-crash-writer', [dataDir, mode, String(n)]);
    const { signal } = await child.exited;
    expect(signal, child.lines.join('\n')).to.equal('SIGKILL');
  }

  /** The store answers as before, each item once; the next archive completes the move. */
  async function expectRecovered(dataDir: string, before: Awaited<ReturnType<typeof snapshot>>) {
    const store = await open(dataDir);
    expect(await snapshot(store)).to.deep.equal(before);
    expect(await store.archive(CUT)).to.deep.equal(RESULT_AT_CUT);
    expect(await snapshot(store)).to.deep.equal(before);
    await store.close();
    expect(await hotIds(dataDir, 'guidance')).to.deep.equal(HOT_AFTER_CUT.guidance);
    expect(await hotIds(dataDir, 'join')).to.deep.equal(HOT_AFTER_CUT.join);
    const reopened = await open(dataDir);
    expect(await snapshot(reopened)).to.deep.equal(before);
    await reopened.close();
  }

  it('after every archive file was written, before the hot document: the hot copies count, a change to one wins, the next archive completes', async () => {
    const { dataDir, before, archiveDir } = await seeded();
    // Five months' worth of files (two of join, three of guidance): killed after the last index.
    await crash(dataDir, 'kill-after-index', 5);
    expect(await readdir(archiveDir)).to.have.length(10);
    // The hot document was not written: it still holds every item.
    expect(await hotIds(dataDir, 'guidance')).to.deep.equal(GUIDANCE.map((g) => g.id).sort());
    const store = await open(dataDir);
    expect(await snapshot(store)).to.deep.equal(before);
    // g05, archived but still in the hot document, is reopened: the hot copy is the item.
    const g05 = GUIDANCE.find((g) => g.id === 'g05')!;
    const reopened = { ...g05, state: 'open' as const, principled: false, updatedAt: day('03-15') };
    await store.run((u) => u.items.put(reopened));
    const changed = await snapshot(store);
    expect(changed.gets[8]).to.deep.equal(reopened);
    expect(ids(changed.guidance.byAsker).filter((id) => id === 'g05')).to.have.length(1);
    expect(changed.guidance.byAsker.find((g) => g.id === 'g05')).to.deep.equal(reopened);
    expect(ids(changed.guidance.closed)).to.not.include('g05');
    expect(ids(changed.guidance.principled)).to.not.include('g05');
    expect(changed.counts).to.deep.include({ all: before.counts.all, byAsker: before.counts.byAsker });
    // The move completes for the others; g05 is no longer settled and stays.
    expect(await store.archive(CUT)).to.deep.equal({
      items: MOVED_AT_CUT.guidance.length + MOVED_AT_CUT.join.length - 1,
      notifications: DELIVERED_BEFORE_CUT,
    });
    expect(await snapshot(store)).to.deep.equal(changed);
    await store.close();
    expect(await hotIds(dataDir, 'guidance')).to.deep.equal([...HOT_AFTER_CUT.guidance, 'g05'].sort());
    const reopenedStore = await open(dataDir);
    expect(await snapshot(reopenedStore)).to.deep.equal(changed);
    await reopenedStore.close();
  });

  it('between an items file and its index file', async () => {
    const { dataDir, before, archiveDir } = await seeded();
    await crash(dataDir, 'kill-after-items', 1);
    // Join requests are archived first (the order of the features), January first.
    expect(await readdir(archiveDir)).to.deep.equal(['join-2026-01.json']);
    await expectRecovered(dataDir, before);
  });

  it('between the files of two kinds', async () => {
    const { dataDir, before, archiveDir } = await seeded();
    await crash(dataDir, 'kill-after-items', 3);
    expect((await readdir(archiveDir)).sort()).to.deep.equal([
      'guidance-2026-01.json',
      'join-2026-01.index.json',
      'join-2026-01.json',
      'join-2026-02.index.json',
      'join-2026-02.json',
    ]);
    await expectRecovered(dataDir, before);
  });

  it('at random moments while a writer keeps changing and archiving: every acknowledged write is there once', async () => {
    const dataDir = await makeTempDir('archive-crash-loop');
    /** The last acknowledged version of each join request. */
    const acknowledged = new Map<string, number>();
    let archived = 0;
    // Every writer loads at once (loading takes longer than a round); each starts when told.
    const children = Array.from({ length: LOOP_ROUNDS }, () =>
      startFixture('archive-crash-writer', [dataDir, 'loop']),
    );
    for (let round = 1; round <= LOOP_ROUNDS; round++) {
      const child = children[round - 1]!;
      await child.waitForLine((line) => line === 'loaded');
      child.process.stdin.write('start\n');
      await child.waitForLine((line) => line.startsWith('archived'));
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 400));
      child.process.kill('SIGKILL');
      expect((await child.exited).signal).to.equal('SIGKILL');
      // What was acknowledged, and the one step that may or may not have happened.
      let inFlight: string | undefined;
      for (const line of child.lines) {
        const [word, what, version] = line.split(' ');
        if (word === 'try') inFlight = what;
        else if (word === 'ok') {
          acknowledged.set(what!, Number(version));
          inFlight = undefined;
        } else if (word === 'archived') {
          archived += Number(what);
          inFlight = undefined;
        }
      }

      const store = await open(dataDir);
      const all = (await store.read((u) => u.items.query({ kind: 'join' }))) as JoinRequest[];
      const stored = new Map(all.map((item) => [item.id, Number(item.decidedByName!.slice(1))]));
      expect(stored.size, `round ${round}: no item twice`).to.equal(all.length);
      expect(await store.read((u) => u.items.count({ kind: 'join' }))).to.equal(all.length);
      for (const [id, version] of acknowledged) {
        const got = stored.get(id);
        if (id === inFlight) expect([version, version + 1], `round ${round}: ${id}`).to.include(got);
        else expect(got, `round ${round}: ${id}`).to.equal(version);
        expect(await store.read((u) => u.items.get('join', id)), id).to.deep.equal(
          all.find((i) => i.id === id),
        );
      }
      const unacknowledged = [...stored.keys()].filter((id) => !acknowledged.has(id));
      // At most the new item being added when the kill came.
      expect(unacknowledged.length, `round ${round}`).to.be.at.most(inFlight === 'new' ? 1 : 0);
      for (const id of unacknowledged) expect(stored.get(id)).to.equal(1);
      for (const [id, version] of stored) acknowledged.set(id, version);
      for (let applicant = 0; applicant < 4; applicant++)
        expect(
          await store.read((u) => u.items.count({ kind: 'join', createdBy: `a${applicant}` })),
          `round ${round}: a${applicant}`,
        ).to.equal(all.filter((item) => item.createdBy === `a${applicant}`).length);
      // The next archive completes whatever move was cut short; nothing changes for a reader.
      await store.archive(LOOP_CUT);
      expect(await store.read((u) => u.items.query({ kind: 'join' }))).to.deep.equal(all);
      await store.close();
      const hot = (await readStoredDocument<StoreDocument>(dataDir)).items.join!;
      expect(Object.values(hot).every((item) => (item as JoinRequest).state === 'pending')).to.equal(true);
    }
    expect(archived, 'items archived by the writers').to.be.greaterThan(0);
  });
});
