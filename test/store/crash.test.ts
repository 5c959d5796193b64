import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { validateDocument } from '../../src/store/document-validation.js';
import { DATA_FILE_NAME, openLowdbStore } from '../../src/store/lowdb-store.js';
import { sequenceStorageKey } from '../../src/store/schema.js';
import { startFixture } from './fixtures/child-process.js';
import { TEST_UNITS } from './fixtures/sample-data.js';
import { makeTempDir, removeTempDirs } from './fixtures/temp-dirs.js';

after(removeTempDirs);

const ROUNDS = 5;

describe('crash safety (SIGKILL during writes)', function () {
  this.timeout(30_000);

  it('always leaves a valid file holding every acknowledged write, and the next open succeeds', async () => {
    const dataDir = await makeTempDir('crash');
    const file = join(dataDir, DATA_FILE_NAME);
    const acknowledged: number[] = [];
    // Each child is started one round ahead (it waits for "start"), which hides its start-up time.
    let next = startFixture('crash-writer', [dataDir]);
    for (let round = 1; round <= ROUNDS; round++) {
      const child = next;
      await child.waitForLine((line) => line === 'loaded');
      child.process.stdin.write('start\n');
      if (round < ROUNDS) next = startFixture('crash-writer', [dataDir]);
      await child.waitForLine((line) => /^\d+$/.test(line));
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 400));
      child.process.kill('SIGKILL');
      expect((await child.exited).signal).to.equal('SIGKILL');
      const acked = child.lines.filter((line) => /^\d+$/.test(line)).map(Number);
      expect(acked.length, `round ${round} acknowledged writes`).to.be.greaterThan(0);
      acknowledged.push(...acked);

      const validation = validateDocument(JSON.parse(await readFile(file, 'utf8')));
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
