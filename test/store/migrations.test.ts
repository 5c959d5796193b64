import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { DATA_FILE_NAME, openLowdbStore } from '../../src/store/lowdb-store.js';
import { MIGRATIONS, type Migration, MigrationError, migrate } from '../../src/store/migrations.js';
import { emptyDocument, SCHEMA_VERSION } from '../../src/store/schema.js';
import { StoreOpenError } from '../../src/store/store.js';
import {
  ARCHIVE_TEST_PARTS,
  CUT,
  HOT_AFTER_CUT,
  RESULT_AT_CUT,
  seedArchiveData,
  snapshot,
} from './fixtures/archive-data.js';
import { person, TEST_UNITS } from './fixtures/sample-data.js';
import { makeTempDir, removeTempDirs } from './fixtures/temp-dirs.js';

after(removeTempDirs);

const steps: Migration[] = [
  { from: 0, description: 'members → people', up: ({ members, ...rest }) => ({ ...rest, people: members }) },
  { from: 1, description: 'add tags', up: (doc) => ({ ...doc, tags: [] }) },
  { from: 2, description: 'tags → labels', up: ({ tags, ...rest }) => ({ ...rest, labels: tags }) },
];

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    if (err instanceof Error) return err;
  }
  throw new Error('expected an error');
}

describe('migrate', () => {
  it('applies the steps in order up to the target and sets schemaVersion', () => {
    const input = { schemaVersion: 0, members: { a: 1 } };
    const result = migrate(input, steps, 3);
    expect(result).to.deep.equal({
      fromVersion: 0,
      document: { schemaVersion: 3, people: { a: 1 }, labels: [] },
    });
    expect(input).to.deep.equal({ schemaVersion: 0, members: { a: 1 } });
  });

  it('starts from the document version and stops at the target', () => {
    expect(migrate({ schemaVersion: 1, people: {} }, steps, 2).document).to.deep.equal({
      schemaVersion: 2,
      people: {},
      tags: [],
    });
    expect(migrate({ schemaVersion: 3, x: 1 }, steps, 3)).to.deep.equal({
      fromVersion: 3,
      document: { schemaVersion: 3, x: 1 },
    });
  });

  it('refuses a document newer than the target', () => {
    const err = errorOf(() => migrate({ schemaVersion: 4 }, steps, 3));
    expect(err).to.be.instanceOf(MigrationError);
    expect(err.message).to.include('schemaVersion 4 is newer than this release understands (3)');
  });

  it('refuses missing, duplicate and broken steps', () => {
    expect(errorOf(() => migrate({ schemaVersion: 0 }, [steps[0]!, steps[2]!], 3)).message).to.include(
      'no migration from schemaVersion 1 to 2',
    );
    expect(errorOf(() => migrate({ schemaVersion: 1 }, [steps[1]!, steps[1]!], 2)).message).to.include(
      'more than one migration from schemaVersion 1',
    );
    const broken: Migration = {
      from: 0,
      description: 'broken',
      up: () => [] as unknown as Record<string, unknown>,
    };
    expect(errorOf(() => migrate({ schemaVersion: 0 }, [broken], 1)).message).to.include(
      'did not return an object',
    );
  });

  it('refuses documents without a usable schemaVersion', () => {
    expect(errorOf(() => migrate([], steps, 3)).message).to.equal('the document is not a JSON object');
    expect(errorOf(() => migrate({}, steps, 3)).message).to.equal('the document has no schemaVersion');
    expect(errorOf(() => migrate({ schemaVersion: '1' }, steps, 3)).message).to.include(
      'not a non-negative integer',
    );
    expect(errorOf(() => migrate({ schemaVersion: 1.5 }, steps, 3)).message).to.include(
      'not a non-negative integer',
    );
  });

  it('returns a document already at the target version as it is, without copying it', () => {
    const doc = { ...emptyDocument(TEST_UNITS), schemaVersion: SCHEMA_VERSION };
    expect(migrate(doc, MIGRATIONS, SCHEMA_VERSION).document).to.equal(doc);
  });

  it('covers every version below the current one in the real list', () => {
    const doc = { ...emptyDocument(TEST_UNITS), schemaVersion: SCHEMA_VERSION };
    expect(migrate(doc, MIGRATIONS, SCHEMA_VERSION).document).to.deep.equal(doc);
    for (let version = 1; version < SCHEMA_VERSION; version++)
      expect(
        MIGRATIONS.filter((m) => m.from === version),
        `from ${version}`,
      ).to.have.length(1);
  });
});

describe('opening an older data file', () => {
  const v0Document = () => {
    const { people: _people, ...rest } = emptyDocument(TEST_UNITS);
    return { ...rest, schemaVersion: 0, members: { a: person('a') } };
  };

  it('migrates it, keeps a backup of the old bytes, and writes the new version', async () => {
    const dataDir = await makeTempDir('migrate');
    const file = join(dataDir, DATA_FILE_NAME);
    const oldText = `${JSON.stringify(v0Document())}\n`;
    await writeFile(file, oldText);
    const store = await openLowdbStore({ dataDir, seedUnits: [], migrations: [steps[0]!, ...MIGRATIONS] });
    expect(await store.read((u) => u.people.get('a'))).to.deep.equal(person('a'));
    await store.close();
    expect(await readFile(`${file}.v0.bak`, 'utf8')).to.equal(oldText);
    const onDisk = JSON.parse(await readFile(file, 'utf8'));
    expect(onDisk.schemaVersion).to.equal(SCHEMA_VERSION);
    expect(onDisk.people.a).to.deep.equal(person('a'));
    expect(onDisk).to.not.have.property('members');
  });

  it('refuses a migration whose result fails the schema, without touching the file', async () => {
    const dataDir = await makeTempDir('migrate');
    const file = join(dataDir, DATA_FILE_NAME);
    const oldText = JSON.stringify(v0Document());
    await writeFile(file, oldText);
    const noop: Migration = { from: 0, description: 'forgets to rename', up: (doc) => doc };
    let failure: unknown;
    await openLowdbStore({ dataDir, seedUnits: [], migrations: [noop, ...MIGRATIONS] }).catch(
      (err: unknown) => {
        failure = err;
      },
    );
    expect(failure).to.be.instanceOf(StoreOpenError);
    expect((failure as Error).message).to.include(file);
    expect((failure as Error).message).to.include('after migrating from schemaVersion 0');
    expect((failure as Error).message).to.include('people');
    expect(await readFile(file, 'utf8')).to.equal(oldText);
    expect((await readdir(dataDir)).filter((n) => n.endsWith('.bak'))).to.deep.equal([]);
  });

  it('migrates a version 1 file (before unreachable recipients were kept) with the real migrations', async () => {
    const dataDir = await makeTempDir('migrate');
    const file = join(dataDir, DATA_FILE_NAME);
    const { unreachable: _unreachable, ...v2 } = emptyDocument(TEST_UNITS);
    const v1 = { ...v2, schemaVersion: 1, people: { a: person('a') } };
    await writeFile(file, JSON.stringify(v1));
    const store = await openLowdbStore({ dataDir, seedUnits: [] });
    expect(await store.read((u) => u.unreachable.list())).to.deep.equal([]);
    expect(await store.read((u) => u.people.get('a'))).to.deep.equal(person('a'));
    await store.close();
    const onDisk = JSON.parse(await readFile(file, 'utf8'));
    expect(onDisk).to.include({ schemaVersion: SCHEMA_VERSION });
    expect(onDisk.unreachable).to.deep.equal({});
    expect(JSON.parse(await readFile(`${file}.v1.bak`, 'utf8'))).to.deep.equal(v1);
  });

  it('migrates a version 3 file: a claimed activity keeps its claim (claims become objects)', async () => {
    const dataDir = await makeTempDir('migrate');
    const file = join(dataDir, DATA_FILE_NAME);
    const at = new Date().toISOString();
    const v3 = { ...emptyDocument(TEST_UNITS), schemaVersion: 3, idempotency: { 'invoke:a1': at } };
    await writeFile(file, JSON.stringify(v3));
    const store = await openLowdbStore({ dataDir, seedUnits: [] });
    // Teams' retry of an activity handled before the upgrade is still recognised.
    expect(await store.run((u) => u.idempotency.claim('invoke:a1', at))).to.equal(false);
    expect(await store.read((u) => u.idempotency.recall('invoke:a1'))).to.equal(undefined);
    await store.close();
    const onDisk = JSON.parse(await readFile(file, 'utf8'));
    expect(onDisk.schemaVersion).to.equal(SCHEMA_VERSION);
    expect(onDisk.idempotency).to.deep.equal({ 'invoke:a1': { at } });
  });

  it('opens a version 5 file (one document, before the archive): backup, then Store.archive leaves only what has not settled', async () => {
    // A version 5 file is a version 6 document with everything in it.
    const source = await makeTempDir('migrate');
    const seeded = await openLowdbStore({
      dataDir: source,
      seedUnits: TEST_UNITS,
      parts: ARCHIVE_TEST_PARTS,
    });
    await seedArchiveData(seeded);
    const before = await snapshot(seeded);
    await seeded.close();
    const v6 = JSON.parse(await readFile(join(source, DATA_FILE_NAME), 'utf8'));
    const v5Text = `${JSON.stringify({ ...v6, schemaVersion: 5 }, null, 2)}\n`;

    const dataDir = await makeTempDir('migrate');
    const file = join(dataDir, DATA_FILE_NAME);
    await writeFile(file, v5Text);
    const store = await openLowdbStore({ dataDir, seedUnits: [], parts: ARCHIVE_TEST_PARTS });
    expect(await readFile(`${file}.v5.bak`, 'utf8')).to.equal(v5Text);
    expect(JSON.parse(await readFile(file, 'utf8'))).to.deep.equal({ ...v6, schemaVersion: SCHEMA_VERSION });
    expect(await snapshot(store)).to.deep.equal(before);
    expect(await store.archive(CUT)).to.deep.equal(RESULT_AT_CUT);
    expect(await snapshot(store)).to.deep.equal(before);
    await store.close();
    const onDisk = JSON.parse(await readFile(file, 'utf8'));
    expect(Object.keys(onDisk.items.guidance).sort()).to.deep.equal(HOT_AFTER_CUT.guidance);
    expect(Object.keys(onDisk.items.join).sort()).to.deep.equal(HOT_AFTER_CUT.join);
    expect(Object.keys(onDisk.outbox.messages)).to.have.length(3);
    // The backup is the whole old file, untouched.
    expect(await readFile(`${file}.v5.bak`, 'utf8')).to.equal(v5Text);
    const reopened = await openLowdbStore({ dataDir, seedUnits: [], parts: ARCHIVE_TEST_PARTS });
    expect(await snapshot(reopened)).to.deep.equal(before);
    await reopened.close();
  });

  it('refuses a file from a newer release and leaves it as it is', async () => {
    const dataDir = await makeTempDir('migrate');
    const file = join(dataDir, DATA_FILE_NAME);
    const newer = JSON.stringify({ ...emptyDocument(TEST_UNITS), schemaVersion: SCHEMA_VERSION + 1 });
    await writeFile(file, newer);
    let failure: unknown;
    await openLowdbStore({ dataDir, seedUnits: [] }).catch((err: unknown) => {
      failure = err;
    });
    expect(failure).to.be.instanceOf(StoreOpenError);
    expect((failure as Error).message).to.include(file);
    expect((failure as Error).message).to.include(`schemaVersion ${SCHEMA_VERSION + 1} is newer`);
    expect(await readFile(file, 'utf8')).to.equal(newer);
    // The lock was released: a valid file opens at once.
    await writeFile(file, JSON.stringify(emptyDocument(TEST_UNITS)));
    await openLowdbStore({ dataDir, seedUnits: [] }).then((s) => s.close());
  });
});
