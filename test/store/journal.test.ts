import { readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { documentChanges } from '../../src/store/document-text.js';
import {
  applyJournalEntry,
  formatJournalLine,
  journalFileName,
  parseJournal,
} from '../../src/store/journal.js';
import { DATA_FILE_NAME, openLowdbStore } from '../../src/store/lowdb-store.js';
import { emptyDocument, SCHEMA_VERSION, type StoreDocument } from '../../src/store/schema.js';
import type { Store } from '../../src/store/store.js';
import { StoreOpenError } from '../../src/store/store.js';
import { readStoredDocument } from '../support/stored-document.js';
import { ARCHIVE_TEST_PARTS } from './fixtures/archive-data.js';
import {
  conversation,
  guidanceRequest,
  joinRequest,
  notification,
  person,
  TEST_UNITS,
  toPerson,
} from './fixtures/sample-data.js';
import { makeTempDir, removeTempDirs } from './fixtures/temp-dirs.js';

after(removeTempDirs);

const open = (dataDir: string, checkpointBytes?: number) =>
  openLowdbStore({
    dataDir,
    seedUnits: TEST_UNITS,
    parts: ARCHIVE_TEST_PARTS,
    ...(checkpointBytes === undefined ? {} : { checkpointBytes }),
  });
const files = (dataDir: string) => {
  const data = join(dataDir, DATA_FILE_NAME);
  return { data, journal: journalFileName(data) };
};
const size = async (file: string) => (await stat(file)).size;

/** Changes of every kind: entries added, replaced and removed in records, fields replaced. */
async function changeEverything(store: Store): Promise<void> {
  await store.run(async (u) => {
    for (const id of ['a', 'b', 'c']) await u.people.put(person(id));
    await u.items.put(joinRequest('j1', 'a', '2026-03-01T10:00:00.000Z'));
    await u.items.put(guidanceRequest('g1', 'b', '2026-03-01T11:00:00.000Z'));
    await u.conversations.putPerson('a', conversation('conv-a'));
    await u.sequences.next('V', 2026);
  });
  await store.run(async (u) => {
    await u.people.remove('b');
    await u.people.put(person('c', 'Renamed'));
    await u.items.put({ ...joinRequest('j1', 'a', '2026-03-01T10:00:00.000Z'), state: 'approved' });
    await u.outbox.enqueue(notification('n1'), '2026-03-02T00:00:00.000Z', 'm1');
    await u.settings.put({
      networkChannel: { teamId: 't', channelId: 'c', setBy: 'a', setAt: '2026-03-02T00:00:00.000Z' },
    });
    await u.idempotency.claim('activity-1', '2026-03-02T00:00:00.000Z');
  });
  await store.run(async (u) => {
    await u.conversations.removePerson('a');
    await u.sequences.next('V', 2026);
    // A container that is new, with an empty record in it (it must be created whole).
    await u.sendLog.markRunning(true);
  });
}

/** A batch with a unit of work that throws (undone), delivery, pruning and the archive step. */
async function batchPruneAndArchive(store: Store): Promise<void> {
  await Promise.all([
    store.run((u) => u.people.put(person('d'))),
    store
      .run(async (u) => {
        await u.people.remove('a');
        await u.outbox.enqueue(notification('n2'), '2026-03-03T00:00:00.000Z', 'm2');
        throw new Error('refused');
      })
      .catch(() => undefined),
    store.run(async (u) => {
      const message = await u.outbox.get('m1');
      await u.outbox.put({ ...message!, state: 'sent', attempts: 1, sentAt: '2026-03-03T00:00:00.000Z' });
      await u.unreachable.mark({
        recipient: toPerson('p-2'),
        status: 403,
        since: '2026-03-03T00:00:00.000Z',
      });
    }),
    store.run((u) => u.items.put(guidanceRequest('g2', 'c', '2026-03-03T00:00:00.000Z'))),
  ]);
  await store.run(async (u) => {
    await u.outbox.enqueue(notification('n3'), '2026-03-03T00:00:00.000Z', 'm3');
    const message = await u.outbox.get('m3');
    await u.outbox.put({ ...message!, state: 'sent', attempts: 1, sentAt: '2026-03-03T00:00:00.000Z' });
  });
  await store.run((u) => u.outbox.pruneDelivered('2026-03-03T12:00:00.000Z'));
  await store.archive('2030-01-01T00:00:00.000Z');
  await store.run((u) => u.people.put(person('e')));
}

describe('the journal beside the hot document (issue 9)', () => {
  describe('lines', () => {
    it('reads back what it wrote, and stops at a torn or damaged line', () => {
      const first = formatJournalLine(6, [
        { path: ['people', 'a'], text: '{"n":1}' },
        { path: ['people', 'b'] },
      ]);
      const second = formatJournalLine(6, [{ path: ['settings'], text: '{}' }]);
      expect(parseJournal(first + second)).to.deep.equal({
        entries: [
          { version: 6, changes: [[['people', 'a'], { n: 1 }], [['people', 'b']]] },
          { version: 6, changes: [[['settings'], {}]] },
        ],
        intact: true,
      });
      // Cut in the middle (a crash during the append), cut before its newline, or bytes changed.
      for (const torn of [second.slice(0, 20), second.slice(0, -1), second.replace('{}', '[]')]) {
        const read = parseJournal(first + torn + first);
        expect(read.intact).to.equal(false);
        expect(read.entries, 'nothing after the damaged line').to.have.length(1);
      }
      expect(parseJournal('')).to.deep.equal({ entries: [], intact: true });
    });

    it('applies changes to a parsed document, also for keys such as __proto__', () => {
      const document: Record<string, unknown> = { people: { a: 1, b: 2 } };
      applyJournalEntry(document, {
        version: 6,
        changes: [[['people', 'b']], [['people', '__proto__'], 3], [['items', 'join', 'j1'], { id: 'j1' }]],
      });
      expect(Object.keys(document.people as object)).to.deep.equal(['a', '__proto__']);
      expect(Object.getPrototypeOf(document.people)).to.equal(Object.prototype);
      expect(document.items).to.deep.equal({ join: { j1: { id: 'j1' } } });
    });

    it('records only what changed, found by identity', () => {
      const before = emptyDocument(TEST_UNITS, ARCHIVE_TEST_PARTS);
      before.people = { a: person('a'), b: person('b') };
      const after: StoreDocument = { ...before, people: { ...before.people, c: person('c') } };
      delete after.people.a;
      expect(documentChanges(before, after)).to.deep.equal([
        { path: ['people', 'c'], text: JSON.stringify(person('c')) },
        { path: ['people', 'a'] },
      ]);
      expect(documentChanges(before, { ...before })).to.deep.equal([]);
    });
  });

  describe('the lowdb store with its journal', () => {
    it('appends a commit to the journal without rewriting the data file', async () => {
      const dataDir = await makeTempDir('journal');
      const store = await open(dataDir);
      const { data, journal } = files(dataDir);
      const dataBefore = await stat(data, { bigint: true });
      await store.run((u) => u.people.put(person('a')));
      const dataAfter = await stat(data, { bigint: true });
      expect([dataAfter.ino, dataAfter.mtimeNs]).to.deep.equal([dataBefore.ino, dataBefore.mtimeNs]);
      expect(await size(journal)).to.be.greaterThan(0);
      expect(await readFile(journal, 'utf8')).to.include('"people","a"');
      await store.close();
    });

    it('holds on disk exactly what the store holds in memory, in the same order', async () => {
      const dataDir = await makeTempDir('journal');
      const store = await open(dataDir);
      await changeEverything(store);
      await batchPruneAndArchive(store);
      const replayed = JSON.stringify(await readStoredDocument(dataDir));
      await store.close(); // checkpoints: the data file is then the document in memory
      const { data, journal } = files(dataDir);
      expect(await size(journal)).to.equal(0);
      expect(`${replayed}\n`).to.equal(await readFile(data, 'utf8'));
      const reopened = await open(dataDir);
      expect(await reopened.read((u) => u.people.get('c'))).to.deep.equal(person('c', 'Renamed'));
      expect(await reopened.read((u) => u.people.get('b'))).to.equal(undefined);
      expect(await reopened.read((u) => u.conversations.getPerson('a'))).to.equal(undefined);
      expect(await reopened.run((u) => u.sequences.next('V', 2026))).to.equal(3);
      await reopened.close();
    });

    it('replays the journal at open after a crash, and then empties it', async () => {
      const dataDir = await makeTempDir('journal');
      const { data, journal } = files(dataDir);
      const store = await open(dataDir);
      const empty = await readFile(data, 'utf8');
      await changeEverything(store);
      const lines = await readFile(journal, 'utf8');
      await store.close();
      const expected = await readFile(data, 'utf8');
      // The state a SIGKILL leaves: the data file as opened, the journal with every commit.
      await writeFile(data, empty);
      await writeFile(journal, lines);
      const reopened = await open(dataDir);
      expect(await readFile(data, 'utf8')).to.equal(expected);
      expect(await size(journal)).to.equal(0);
      expect(await reopened.read((u) => u.items.get('join', 'j1'))).to.have.property('state', 'approved');
      await reopened.close();
    });

    it('replays a journal the data file already holds (a crash during a checkpoint) without change', async () => {
      const dataDir = await makeTempDir('journal');
      const { data, journal } = files(dataDir);
      const store = await open(dataDir);
      await changeEverything(store);
      const lines = await readFile(journal, 'utf8');
      await store.close();
      const expected = await readFile(data, 'utf8');
      // The checkpoint wrote the data file, and the process died before the journal was emptied.
      await writeFile(journal, lines);
      const reopened = await open(dataDir);
      expect(await readFile(data, 'utf8')).to.equal(expected);
      expect(await reopened.run((u) => u.sequences.next('V', 2026))).to.equal(3);
      await reopened.close();
    });

    it('ignores a torn last line: the commit it held was never acknowledged', async () => {
      const dataDir = await makeTempDir('journal');
      const { journal } = files(dataDir);
      const store = await open(dataDir);
      await store.run((u) => u.people.put(person('acknowledged')));
      const lines = await readFile(journal, 'utf8');
      await store.run((u) => u.people.put(person('torn')));
      const all = await readFile(journal, 'utf8');
      await store.close();
      // Back to the state of a crash in the middle of the second append.
      const { data } = files(dataDir);
      const document = JSON.parse(await readFile(data, 'utf8')) as StoreDocument;
      delete document.people.acknowledged;
      delete document.people.torn;
      await writeFile(data, JSON.stringify(document));
      await writeFile(journal, lines + all.slice(lines.length, lines.length + 40));
      const reopened = await open(dataDir);
      expect(await reopened.read((u) => u.people.get('acknowledged'))).to.deep.equal(person('acknowledged'));
      expect(await reopened.read((u) => u.people.get('torn'))).to.equal(undefined);
      expect(await size(journal)).to.equal(0);
      await reopened.run((u) => u.people.put(person('after')));
      await reopened.close();
      const again = await open(dataDir);
      expect(await again.read((u) => u.people.get('after'))).to.deep.equal(person('after'));
      await again.close();
    });

    it('rewrites the data file and empties the journal when the journal has grown past its limit', async () => {
      const dataDir = await makeTempDir('journal');
      const { data, journal } = files(dataDir);
      const store = await open(dataDir, 4096);
      const dataBefore = (await stat(data, { bigint: true })).mtimeNs;
      let largest = 0;
      for (let i = 0; i < 60; i++) {
        await store.run((u) => u.people.put(person(`p${i}`)));
        largest = Math.max(largest, await size(journal));
      }
      expect(largest, 'the journal stays under its limit').to.be.at.most(4096);
      expect((await stat(data, { bigint: true })).mtimeNs).to.not.equal(dataBefore);
      const onDisk = await readStoredDocument<StoreDocument>(dataDir);
      expect(Object.keys(onDisk.people)).to.have.length(60);
      await store.close();
    });

    it('skips lines of an older schema version (the opener that migrated replayed them already)', async () => {
      const dataDir = await makeTempDir('journal');
      const { journal } = files(dataDir);
      await (await open(dataDir)).close();
      await writeFile(
        journal,
        formatJournalLine(SCHEMA_VERSION - 1, [
          { path: ['people', 'old'], text: JSON.stringify(person('old')) },
        ]),
      );
      const store = await open(dataDir);
      expect(await store.read((u) => u.people.get('old'))).to.equal(undefined);
      await store.close();
    });

    it('refuses a journal of a newer release, and one without its data file, touching nothing', async () => {
      const dataDir = await makeTempDir('journal');
      const { data, journal } = files(dataDir);
      await (await open(dataDir)).close();
      const newer = formatJournalLine(SCHEMA_VERSION + 1, [{ path: ['people', 'x'], text: '{}' }]);
      await writeFile(journal, newer);
      const dataText = await readFile(data, 'utf8');
      let refused: unknown;
      await open(dataDir).catch((err: unknown) => (refused = err));
      expect(refused).to.be.instanceOf(StoreOpenError);
      expect((refused as Error).message).to.include('newer release');
      expect(await readFile(data, 'utf8')).to.equal(dataText);
      expect(await readFile(journal, 'utf8')).to.equal(newer);

      await writeFile(journal, formatJournalLine(SCHEMA_VERSION, [{ path: ['people', 'x'], text: '{}' }]));
      await unlink(data);
      refused = undefined;
      await open(dataDir).catch((err: unknown) => (refused = err));
      expect(refused).to.be.instanceOf(StoreOpenError);
      expect((refused as Error).message).to.include('data file');
      expect(await size(journal), 'the journal is left as it was').to.be.greaterThan(0);
    });
  });
});
