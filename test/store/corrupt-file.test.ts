import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { describePath } from '../../src/store/document-validation.js';
import { DATA_FILE_NAME, openLowdbStore } from '../../src/store/lowdb-store.js';
import { emptyDocument } from '../../src/store/schema.js';
import { StoreOpenError } from '../../src/store/store.js';
import { person, TEST_UNITS } from './fixtures/sample-data.js';
import { makeTempDir, removeTempDirs } from './fixtures/temp-dirs.js';

after(removeTempDirs);

/** Writes `content` as the data file, tries to open the store and returns the error. */
async function openWith(content: string): Promise<{ dataDir: string; file: string; error: Error }> {
  const dataDir = await makeTempDir('corrupt');
  const file = join(dataDir, DATA_FILE_NAME);
  await writeFile(file, content);
  let error: unknown;
  await openLowdbStore({ dataDir, seedUnits: TEST_UNITS }).then(
    (store) => store.close(),
    (err: unknown) => {
      error = err;
    },
  );
  if (!(error instanceof Error)) throw new Error('expected openLowdbStore to fail');
  return { dataDir, file, error };
}

/** The file is byte for byte what was written, nothing else was created, and the lock is free. */
async function expectUntouchedAndUnlocked(dataDir: string, file: string, content: string): Promise<void> {
  expect(await readFile(file, 'utf8')).to.equal(content);
  expect(await readdir(dataDir)).to.deep.equal([DATA_FILE_NAME]);
  await writeFile(file, JSON.stringify(emptyDocument(TEST_UNITS)));
  const store = await openLowdbStore({ dataDir, seedUnits: TEST_UNITS });
  await store.close();
}

describe('opening a damaged data file', () => {
  it('refuses invalid JSON, naming the file and where, without quoting the data', async () => {
    const doc = { ...emptyDocument(TEST_UNITS), people: { 'aad-kari': person('aad-kari', 'Kari Nordmann') } };
    const content = JSON.stringify(doc, null, 2).replace('"Kari Nordmann"', 'Kari Nordmann"');
    const { dataDir, file, error } = await openWith(content);
    expect(error).to.be.instanceOf(StoreOpenError);
    expect(error.message).to.include(file);
    expect(error.message).to.match(
      /not valid JSON: unexpected character at line \d+, column \d+ \(offset \d+\)/,
    );
    expect(error.message).to.not.include('Kari');
    await expectUntouchedAndUnlocked(dataDir, file, content);
  });

  it('refuses a truncated file', async () => {
    const content = JSON.stringify(emptyDocument(TEST_UNITS)).slice(0, 40);
    const { dataDir, file, error } = await openWith(content);
    expect(error).to.be.instanceOf(StoreOpenError);
    expect(error.message).to.include('unexpected end of input');
    await expectUntouchedAndUnlocked(dataDir, file, content);
  });

  it('refuses JSON that fails the schema, naming the path and problem but no data', async () => {
    const bad = {
      ...person('aad-secret-id', 'Kari Nordmann'),
      roles: [{ kind: 'contact', department: 'XYZ' }],
    };
    const doc = { ...emptyDocument(TEST_UNITS), people: { 'aad-secret-id': bad } };
    const content = JSON.stringify(doc);
    const { dataDir, file, error } = await openWith(content);
    expect(error).to.be.instanceOf(StoreOpenError);
    expect(error.message).to.include(file);
    expect(error.message).to.include('does not match the schema');
    expect(error.message).to.include('people.<key>.roles[0].department');
    for (const data of ['aad-secret-id', 'Kari', 'XYZ']) expect(error.message).to.not.include(data);
    await expectUntouchedAndUnlocked(dataDir, file, content);
  });

  it('refuses JSON that is not a data file of this app', async () => {
    for (const [content, problem] of [
      ['[1, 2]', 'not a JSON object'],
      ['{"hello": "world"}', 'has no schemaVersion'],
    ] as const) {
      const { dataDir, file, error } = await openWith(content);
      expect(error).to.be.instanceOf(StoreOpenError);
      expect(error.message).to.include(file);
      expect(error.message).to.include(problem);
      await expectUntouchedAndUnlocked(dataDir, file, content);
    }
  });
});

describe('describePath', () => {
  it('hides record keys and keeps field names and indices', () => {
    expect(describePath([])).to.equal('(document)');
    expect(describePath(['schemaVersion'])).to.equal('schemaVersion');
    expect(describePath(['people', 'id-1', 'roles', 0, 'kind'])).to.equal('people.<key>.roles[0].kind');
    expect(describePath(['conversations', 'channels', 't|c', 'conversation', 'updatedAt'])).to.equal(
      'conversations.channels.<key>.conversation.updatedAt',
    );
    expect(describePath(['idempotency', 'activity-9'])).to.equal('idempotency.<key>');
    expect(describePath(['units', 3, 'name', 'nb'])).to.equal('units[3].name.nb');
  });
});
