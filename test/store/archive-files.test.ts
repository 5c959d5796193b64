/**
 * The lowdb store's archive on disk (issue 9): monthly items and index files under
 * `<dataDir>/archive/`, what the hot file keeps, reopening, what a query reads, damaged files and
 * temp files left by a crash.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type { GuidanceRequest } from '../../src/features/guidance/guidance-requests.js';
import { guidanceRequestsIn } from '../../src/features/guidance/guidance-store.js';
import { joinRequestsIn } from '../../src/features/join/join-store.js';
import { serializeError } from '../../src/log/logger.js';
import { ArchiveFileError, type ArchiveFiles } from '../../src/store/archive.js';
import { ARCHIVE_DIR_NAME } from '../../src/store/archive-directory.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import type { Store } from '../../src/store/store.js';
import { readStoredDocument } from '../support/stored-document.js';
import {
  ARCHIVE_TEST_PARTS,
  CUT,
  day,
  GUIDANCE,
  HOT_AFTER_CUT,
  ids,
  MOVED_AT_CUT,
  seedArchiveData,
  snapshot,
} from './fixtures/archive-data.js';
import { TEST_UNITS } from './fixtures/sample-data.js';
import { makeTempDir, removeTempDirs } from './fixtures/temp-dirs.js';

after(removeTempDirs);

const open = (dataDir: string, wrapArchiveFiles?: (files: ArchiveFiles) => ArchiveFiles) =>
  openLowdbStore({
    dataDir,
    seedUnits: TEST_UNITS,
    parts: ARCHIVE_TEST_PARTS,
    ...(wrapArchiveFiles ? { wrapArchiveFiles } : {}),
  });

/** A data dir holding the data set, archived at CUT, and what the store answered before archiving. */
async function archivedDataDir() {
  const dataDir = await makeTempDir('archive');
  const store = await open(dataDir);
  await seedArchiveData(store);
  const before = await snapshot(store);
  await store.archive(CUT);
  await store.close();
  return { dataDir, before, archiveDir: join(dataDir, ARCHIVE_DIR_NAME) };
}

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8'));

/** What a failed promise rejected with. */
const failureOf = (work: Promise<unknown>) =>
  work.then(
    () => expect.fail('expected a failure'),
    (error: unknown) => error as Error,
  );

/** An ArchiveFileError naming `file` and nothing of the data. */
function expectFileError(error: Error, file: string, problem: RegExp): void {
  expect(error).to.be.instanceOf(ArchiveFileError);
  expect(error.message).to.include(file);
  expect(error.message).to.match(problem);
  for (const data of ['Kari', 'Question', 'g0', '"a"']) expect(error.message).to.not.include(data);
}

describe('the archive on disk (lowdb)', () => {
  it('writes compact monthly files under archive/, each holding its own month only', async () => {
    const { dataDir, archiveDir } = await archivedDataDir();
    const expected: Record<string, string[]> = {
      'guidance-2026-01': ['g01'],
      'guidance-2026-02': ['g03', 'g05', 'g09'],
      'guidance-2026-03': ['g07'],
      'join-2026-01': ['r2'],
      'join-2026-02': ['r3'],
    };
    expect((await readdir(archiveDir)).sort()).to.deep.equal(
      Object.keys(expected)
        .flatMap((name) => [`${name}.index.json`, `${name}.json`])
        .sort(),
    );
    const archived = new Set<string>();
    for (const [name, itemIds] of Object.entries(expected)) {
      const [kind, period] = [name.slice(0, name.indexOf('-')), name.slice(name.indexOf('-') + 1)];
      for (const file of [`${name}.json`, `${name}.index.json`]) {
        const text = await readFile(join(archiveDir, file), 'utf8');
        expect(text, file).to.equal(`${JSON.stringify(JSON.parse(text))}\n`);
        expect((await stat(join(archiveDir, file))).mode & 0o777, file).to.equal(0o600);
      }
      const items = await readJson(join(archiveDir, `${name}.json`));
      expect(items).to.include({ kind, period });
      expect(Object.keys(items.items).sort(), name).to.deep.equal(itemIds);
      for (const item of Object.values(items.items) as { kind: string; updatedAt: string }[]) {
        expect(item.kind).to.equal(kind);
        expect(item.updatedAt.slice(0, 7), name).to.equal(period);
      }
      const index = await readJson(join(archiveDir, `${name}.index.json`));
      expect(index).to.include({ kind, period });
      expect(index.items.map((s: { id: string }) => s.id).sort(), name).to.deep.equal(itemIds);
      for (const id of itemIds) archived.add(`${kind}|${id}`);
    }
    // The hot file keeps only what has not settled, and counts the delivered notifications per day.
    const hot = await readStoredDocument(dataDir);
    expect(Object.keys(hot.items.guidance).sort()).to.deep.equal(HOT_AFTER_CUT.guidance);
    expect(Object.keys(hot.items.join).sort()).to.deep.equal(HOT_AFTER_CUT.join);
    expect(Object.keys(hot.items.ping)).to.deep.equal(['q1']);
    expect(archived.size).to.equal(MOVED_AT_CUT.guidance.length + MOVED_AT_CUT.join.length);
    expect(Object.keys(hot.outbox.messages).sort()).to.deep.equal(['m-failed', 'm-pending', 'm-sent-late']);
    expect(Object.keys(hot.outbox.byKey)).to.have.length(3);
    expect(hot.delivered).to.deep.equal({ '2026-03-01': 2, '2026-03-05': 1 });
  });

  it('finds archived items after close and reopen, and the newest copy of one archived twice', async () => {
    const { dataDir, before, archiveDir } = await archivedDataDir();
    let store = await open(dataDir);
    expect(await snapshot(store)).to.deep.equal(before);
    // g05 (archived in February) is reopened and closed again in March, then archived again.
    const g05 = GUIDANCE.find((g) => g.id === 'g05')!;
    const closedAgain: GuidanceRequest = {
      ...g05,
      closedAt: day('03-16'),
      updatedAt: day('03-16'),
      closeReason: 'again',
    };
    await store.run((u) => u.items.put({ ...g05, state: 'open', updatedAt: day('03-15') }));
    await store.run((u) => u.items.put(closedAgain));
    expect(await store.archive(day('03-20'))).to.deep.include({ items: 3 });
    const changed = await snapshot(store);
    await store.close();
    // The old copy is still in February's file; the index read at open knows which one counts.
    expect(Object.keys((await readJson(join(archiveDir, 'guidance-2026-02.json'))).items)).to.include('g05');
    store = await open(dataDir);
    expect(await store.read((u) => u.items.get('guidance', 'g05'))).to.deep.equal(closedAgain);
    expect(await snapshot(store)).to.deep.equal(changed);
    expect(ids(changed.guidance.byAsker)).to.deep.equal(['g07', 'g09', 'g05', 'g04', 'g02', 'g01']);
    expect(changed.counts.byAsker).to.equal(6);
    await store.close();
  });

  it('reads only the index files and the months of the page a query returns', async () => {
    const { dataDir, before } = await archivedDataDir();
    const reads: string[] = [];
    const store = await open(dataDir, (files) => ({
      ...files,
      read: (name) => {
        reads.push(name);
        return files.read(name);
      },
    }));
    // What is hot only is answered without the archive.
    expect(ids(await store.read((u) => guidanceRequestsIn(u).listOpen()))).to.deep.equal(
      ids(before.guidance.open),
    );
    expect(await store.read((u) => u.items.get('guidance', 'g02'))).to.deep.equal(before.gets[2]);
    expect(reads).to.deep.equal([]);
    // The newest two of the asker's: g07 (March) and g09 (February); January's items are not read.
    expect(ids(await store.read((u) => guidanceRequestsIn(u).listByAsker('a', 2)))).to.deep.equal([
      'g07',
      'g09',
    ]);
    expect([...reads].sort()).to.deep.equal([
      'guidance-2026-01.index.json',
      'guidance-2026-02.index.json',
      'guidance-2026-02.json',
      'guidance-2026-03.index.json',
      'guidance-2026-03.json',
    ]);
    reads.length = 0;
    // Counts and pages of hot or cached items read nothing more.
    expect(await store.read((u) => guidanceRequestsIn(u).countByAsker('a'))).to.equal(6);
    expect(ids(await store.read((u) => guidanceRequestsIn(u).listClosedPrincipled(2)))).to.deep.equal([
      'g04',
      'g05',
    ]);
    expect(reads).to.deep.equal([]);
    // A get reads the one month the item is in.
    expect(await store.read((u) => u.items.get('guidance', 'g01'))).to.deep.equal(before.gets[0]);
    expect(reads).to.deep.equal(['guidance-2026-01.json']);
    await store.close();
  });

  describe('a damaged archive file', () => {
    /** Replaces an archive file, reopens, and returns the store (with the file's good content). */
    async function damaged(name: string, content: (good: string) => string) {
      const { dataDir, before, archiveDir } = await archivedDataDir();
      const file = join(archiveDir, name);
      const good = await readFile(file, 'utf8');
      await writeFile(file, content(good));
      return { store: await open(dataDir), before, file, good };
    }

    /** What does not need the damaged file still works, reading and writing. */
    async function expectTheRestWorks(store: Store, before: Awaited<ReturnType<typeof snapshot>>) {
      expect(await store.read((u) => guidanceRequestsIn(u).listOpen())).to.deep.equal(before.guidance.open);
      expect(await store.read((u) => u.items.get('guidance', 'g04'))).to.deep.equal(before.gets[6]);
      expect(await store.read((u) => joinRequestsIn(u).listPending())).to.deep.equal(before.join.pending);
      expect(await store.read((u) => u.items.query({ kind: 'join' }))).to.deep.equal(before.join.all);
      expect(await store.read((u) => u.outbox.counts())).to.deep.equal(before.outbox.counts);
      await store.run((u) => u.people.put({ aadObjectId: 'p', displayName: 'P', roles: [], since: CUT }));
    }

    it('an index file that is not JSON: the queries that need it fail naming the file; the rest works', async () => {
      const { store, before, file, good } = await damaged(
        'guidance-2026-01.index.json',
        (text) => `${text.slice(0, 40)}"Kari Nordmann`,
      );
      await expectTheRestWorks(store, before);
      for (const work of [
        store.read((u) => guidanceRequestsIn(u).listByAsker('a')),
        store.read((u) => u.items.get('guidance', 'g01')),
        store.read((u) => u.items.count({ kind: 'guidance' })),
      ])
        expectFileError(await failureOf(work), 'guidance-2026-01.index.json', /cannot be read/);
      // The log of such a failure names the file (for the operator), and still no data.
      const logged = JSON.stringify(
        serializeError(await failureOf(store.read((u) => u.items.get('guidance', 'g01')))),
      );
      expect(logged).to.include('guidance-2026-01.index.json');
      expect(logged).to.not.include('Kari');
      // Settled guidance still moves into other months' files (g04, closed on 12 March).
      expect(await store.archive(day('03-20'))).to.deep.include({ items: 2 });
      // Once the file is restored, the next query reads it again.
      await writeFile(file, good);
      expect(await store.read((u) => guidanceRequestsIn(u).listByAsker('a'))).to.deep.equal(
        before.guidance.byAsker,
      );
      await store.close();
    });

    it('an index file that does not match the schema', async () => {
      const { store, before } = await damaged('guidance-2026-02.index.json', () =>
        JSON.stringify({ kind: 'guidance', period: '2026-02', items: [{ id: 'g05', question: 'Kari' }] }),
      );
      await expectTheRestWorks(store, before);
      expectFileError(
        await failureOf(store.read((u) => guidanceRequestsIn(u).listClosedPrincipled())),
        'guidance-2026-02.index.json',
        /does not match the schema/,
      );
      await store.close();
    });

    it('an items file holding an item that does not match its schema: only the queries reading that month fail', async () => {
      const { store, before } = await damaged('guidance-2026-02.json', (text) =>
        text.replace('"state":"closed"', '"state":"Kari"'),
      );
      await expectTheRestWorks(store, before);
      // The newest of the asker's is in March: February's file is not needed.
      expect(await store.read((u) => guidanceRequestsIn(u).listByAsker('a', 1))).to.deep.equal(
        before.guidance.byAsker.slice(0, 1),
      );
      expect(await store.read((u) => guidanceRequestsIn(u).countByAsker('a'))).to.equal(6);
      for (const work of [
        store.read((u) => u.items.get('guidance', 'g05')),
        store.read((u) => guidanceRequestsIn(u).listByAsker('a', 2)),
      ])
        expectFileError(await failureOf(work), 'guidance-2026-02.json', /does not match the schema/);
      await store.close();
    });

    it('an items file that lacks an item its index names', async () => {
      const { store, before } = await damaged('guidance-2026-03.json', () =>
        JSON.stringify({ kind: 'guidance', period: '2026-03', items: {} }),
      );
      await expectTheRestWorks(store, before);
      expectFileError(
        await failureOf(store.read((u) => guidanceRequestsIn(u).listByAsker('a', 1))),
        'guidance-2026-03.json',
        /lacks an indexed item/,
      );
      await store.close();
    });
  });

  it('removes temp files a crash left in archive/ when it opens', async () => {
    const { dataDir, before, archiveDir } = await archivedDataDir();
    const leftovers = ['.guidance-2026-01.json.12345.abcdef.tmp', '.join-2026-02.index.json.99.00ff.tmp'];
    for (const name of leftovers) await writeFile(join(archiveDir, name), '{"half');
    const store = await open(dataDir);
    const names = await readdir(archiveDir);
    for (const name of leftovers) expect(names).to.not.include(name);
    expect(names).to.have.length(10);
    expect(await snapshot(store)).to.deep.equal(before);
    await store.close();
  });
});
