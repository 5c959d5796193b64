/**
 * Cost of one acknowledged unit of work in the lowdb store (temp file, fsync, rename, fsync of the
 * directory, plus cloning and validating the document) against a baseline of writing the same bytes
 * with a plain writeFile + fsync + rename in the same directory.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, open, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_UNITS } from '../src/domain/default-units.js';
import { openLowdbStore } from '../src/store/lowdb-store.js';
import { type BenchResult, medianMs } from './measure.js';

export async function storeWriteBench(): Promise<BenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'mh-bench-store-'));
  try {
    const store = await openLowdbStore({ dataDir: dir, seedUnits: DEFAULT_UNITS });
    // A realistic network: 60 people, 200 stored conversations.
    await store.run(async (uow) => {
      for (let i = 0; i < 200; i++) {
        const id = `aad-${i}`;
        if (i < 60) {
          await uow.people.put({
            aadObjectId: id,
            displayName: `Person ${i}`,
            roles: [{ kind: 'contact', department: 'RMA', unitId: 'rma-region-east' }],
            since: new Date(0).toISOString(),
          });
        }
        await uow.conversations.putPerson(id, {
          reference: { conversation: { id: `a:${randomUUID()}` }, serviceUrl: 'https://smba.example/' },
          updatedAt: new Date(0).toISOString(),
        });
      }
    });
    let n = 0;
    const unitOfWork = await medianMs(
      () => store.run((uow) => uow.idempotency.claim(`bench-${n++}`, new Date().toISOString())),
      31,
    );
    await store.close();
    const bytes = await readFile(join(dir, 'mh-nettverket.json'));
    const target = join(dir, 'baseline.json');
    const baseline = await medianMs(async () => {
      const temp = `${target}.${randomUUID()}.tmp`;
      const handle = await open(temp, 'w');
      await handle.writeFile(bytes);
      await handle.sync();
      await handle.close();
      await rename(temp, target);
    }, 31);
    return {
      name: 'store: one acknowledged unit of work',
      figures: {
        'unit of work / plain write+fsync+rename': (unitOfWork / baseline).toFixed(2),
        'document size KiB': (bytes.length / 1024).toFixed(1),
        'baseline median ms': baseline.toFixed(3),
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
