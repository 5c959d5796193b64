import { expect } from 'chai';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import { StoreOpenError } from '../../src/store/store.js';
import { startFixture } from './fixtures/child-process.js';
import { person, TEST_UNITS } from './fixtures/sample-data.js';
import { makeTempDir, removeTempDirs } from './fixtures/temp-dirs.js';

after(removeTempDirs);

describe('a second instance on the same data dir', function () {
  this.timeout(20_000);

  it('is refused while the first holds the store, and can open after the first closed', async () => {
    const dataDir = await makeTempDir('second');
    const holder = startFixture('hold-open', [dataDir]);
    await holder.waitForLine((line) => line === 'ready');

    let failure: unknown;
    await openLowdbStore({ dataDir, seedUnits: TEST_UNITS }).then(
      (store) => store.close(),
      (err: unknown) => {
        failure = err;
      },
    );
    expect(failure).to.be.instanceOf(StoreOpenError);
    expect((failure as Error).message).to.include(`Another instance is using DATA_DIR ${dataDir}`);

    const other = startFixture('hold-open', [dataDir]);
    const line = await other.waitForLine((l) => l.startsWith('error') || l === 'ready');
    expect(line).to.include('StoreOpenError');
    expect(line).to.include(dataDir);
    expect((await other.exited).code).to.equal(2);

    holder.process.stdin.write('close\n');
    await holder.waitForLine((l) => l === 'closed');
    expect((await holder.exited).code).to.equal(0);

    const store = await openLowdbStore({ dataDir, seedUnits: TEST_UNITS });
    await store.run((u) => u.people.put(person('after')));
    await store.close();
  });
});
