import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { journalFileName } from '../../src/store/journal.js';
import { DATA_FILE_NAME, openLowdbStore } from '../../src/store/lowdb-store.js';
import { SCHEMA_VERSION, type StoreDocument, storeDocumentSchema } from '../../src/store/schema.js';
import { StoreOpenError } from '../../src/store/store.js';
import { readStoredDocument } from '../support/stored-document.js';
import { person, TEST_UNITS } from './fixtures/sample-data.js';
import { makeTempDir, removeTempDirs } from './fixtures/temp-dirs.js';
import { CONTRACT_PARTS, runStoreContract } from './store-contract.js';

after(removeTempDirs);

runStoreContract('lowdb', async () => {
  const dataDir = await makeTempDir('contract');
  const store = await openLowdbStore({ dataDir, seedUnits: TEST_UNITS, parts: CONTRACT_PARTS });
  const file = join(dataDir, DATA_FILE_NAME);
  return {
    store,
    // A write appends to the journal, or rewrites the data file at a checkpoint.
    writeToken: async () => {
      const info = await stat(file, { bigint: true });
      const journal = await stat(journalFileName(file), { bigint: true });
      return `${info.ino}:${info.mtimeNs}:${journal.size}:${journal.mtimeNs}`;
    },
    files: () => allFileText(dataDir),
  };
});

/** The text of every file under `dir`. */
async function allFileText(dir: string): Promise<string> {
  const { readdir, readFile } = await import('node:fs/promises');
  const names = await readdir(dir, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(
    names.filter((d) => d.isFile()).map((d) => readFile(join(d.parentPath, d.name), 'utf8')),
  );
  return texts.join('\n');
}

describe('openLowdbStore', () => {
  it('creates the data dir and a new file with the seeded units', async () => {
    const dataDir = join(await makeTempDir('new'), 'nested', 'data');
    const store = await openLowdbStore({ dataDir, seedUnits: TEST_UNITS });
    await store.close();
    const document = storeDocumentSchema.parse(
      JSON.parse(await readFile(join(dataDir, DATA_FILE_NAME), 'utf8')),
    );
    expect(document.schemaVersion).to.equal(SCHEMA_VERSION);
    expect(document.units).to.deep.equal(TEST_UNITS);
    expect(document.people).to.deep.equal({});
    expect((await stat(join(dataDir, DATA_FILE_NAME))).mode & 0o777).to.equal(0o600);
  });

  it('keeps committed data across close and reopen', async () => {
    const dataDir = await makeTempDir('reopen');
    const first = await openLowdbStore({ dataDir, seedUnits: TEST_UNITS });
    await first.run(async (u) => {
      await u.people.put(person('a'));
      await u.sequences.next('N', 2026);
    });
    await first.close();
    const second = await openLowdbStore({ dataDir, seedUnits: [] });
    expect(await second.read((u) => u.people.get('a'))).to.deep.equal(person('a'));
    expect(await second.read((u) => u.units.list())).to.deep.equal(TEST_UNITS);
    expect(await second.run((u) => u.sequences.next('N', 2026))).to.equal(2);
    await second.close();
  });

  it('keeps the send log across close and reopen, and opens a file written before it existed', async () => {
    const dataDir = await makeTempDir('send-log');
    const first = await openLowdbStore({ dataDir, seedUnits: TEST_UNITS });
    expect(await first.read((u) => u.sendLog.since(0))).to.deep.equal({});
    const before = JSON.parse(await readFile(join(dataDir, DATA_FILE_NAME), 'utf8'));
    expect(before).to.not.have.property('sendLog');
    await first.run(async (u) => {
      await u.sendLog.record([{ key: 'conv-a', at: 5_000 }], { since: 0, perKey: 10 });
      await u.sendLog.markRunning(true);
    });
    await first.close();
    const second = await openLowdbStore({ dataDir, seedUnits: TEST_UNITS });
    expect(await second.read((u) => u.sendLog.since(0))).to.deep.equal({ 'conv-a': [5_000] });
    expect(await second.run((u) => u.sendLog.markRunning(false))).to.equal(true);
    await second.close();
  });

  it('has written the change to the file when run() resolves', async () => {
    const dataDir = await makeTempDir('durable');
    const store = await openLowdbStore({ dataDir, seedUnits: TEST_UNITS });
    await store.run((u) => u.people.put(person('a')));
    const onDisk = await readStoredDocument<StoreDocument>(dataDir);
    expect(onDisk.people.a).to.deep.equal(person('a'));
    await store.close();
  });

  it('removes temp files left by a crashed writer', async () => {
    const dataDir = await makeTempDir('temp');
    await openLowdbStore({ dataDir, seedUnits: TEST_UNITS }).then((s) => s.close());
    const leftover = join(dataDir, `.${DATA_FILE_NAME}.12345.abcdef.tmp`);
    await writeFile(leftover, '{"half');
    const store = await openLowdbStore({ dataDir, seedUnits: TEST_UNITS });
    expect(await readdir(dataDir)).to.not.include(`.${DATA_FILE_NAME}.12345.abcdef.tmp`);
    await store.close();
  });

  it('forgets idempotency claims older than the retention when it writes', async () => {
    const dataDir = await makeTempDir('retention');
    let now = Date.parse('2026-03-01T12:00:00.000Z');
    const store = await openLowdbStore({
      dataDir,
      seedUnits: TEST_UNITS,
      idempotencyRetentionMs: 60_000,
      now: () => now,
    });
    expect(await store.run((u) => u.idempotency.claim('old', new Date(now).toISOString()))).to.equal(true);
    now += 30_000;
    expect(await store.run((u) => u.idempotency.claim('old', new Date(now).toISOString()))).to.equal(false);
    now += 60_000;
    await store.run((u) => u.people.put(person('trigger-a-write')));
    const onDisk = await readStoredDocument<StoreDocument>(dataDir);
    expect(Object.keys(onDisk.idempotency)).to.deep.equal([]);
    expect(await store.run((u) => u.idempotency.claim('old', new Date(now).toISOString()))).to.equal(true);
    await store.close();
  });

  it('refuses a second open of the same data dir in this process, naming the dir', async () => {
    const dataDir = await makeTempDir('twice');
    const store = await openLowdbStore({ dataDir, seedUnits: TEST_UNITS });
    let failure: unknown;
    await openLowdbStore({ dataDir, seedUnits: TEST_UNITS }).catch((err: unknown) => {
      failure = err;
    });
    expect(failure).to.be.instanceOf(StoreOpenError);
    expect((failure as Error).message).to.include(dataDir);
    await store.close();
    await openLowdbStore({ dataDir, seedUnits: TEST_UNITS }).then((s) => s.close());
  });

  it('refuses writes and reports unhealthy once the lock is lost', async function () {
    this.timeout(10_000);
    const dataDir = await makeTempDir('compromised');
    let lost: Error | undefined;
    const store = await openLowdbStore({
      dataDir,
      seedUnits: TEST_UNITS,
      onLockCompromised: (err) => (lost = err),
    });
    await rm(join(dataDir, 'mh-nettverket.lock'), { recursive: true });
    const deadline = Date.now() + 6_000;
    while (!lost && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lost).to.be.instanceOf(Error);
    const health = await store.health();
    expect(health.writable).to.equal(false);
    expect(health.problem).to.include('lock');
    let failure: unknown;
    await store
      .run((u) => u.people.put(person('a')))
      .catch((err: unknown) => {
        failure = err;
      });
    expect(failure).to.be.instanceOf(Error);
    await store.close();
  });
});
