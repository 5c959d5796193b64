/**
 * Cost of one acknowledged unit of work in the lowdb store (its changes checked, appended to the
 * journal and synced; the hot document rewritten at checkpoints) against the physical floor of a
 * durable write: appending the same number of bytes to a file and syncing it, in the same directory.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_UNITS } from '../src/domain/default-units.js';
import { journalFileName } from '../src/store/journal.js';
import { DATA_FILE_NAME, openLowdbStore } from '../src/store/lowdb-store.js';
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
    const runs = 31;
    const unitOfWork = await medianMs(
      () => store.run((uow) => uow.idempotency.claim(`bench-${n++}`, new Date().toISOString())),
      runs,
    );
    const journalBytes = (await stat(journalFileName(join(dir, DATA_FILE_NAME)))).size;
    await store.close();
    const documentBytes = (await stat(join(dir, DATA_FILE_NAME))).size;
    const line = Buffer.alloc(Math.max(1, Math.round(journalBytes / n)), 'x');
    const handle = await open(join(dir, 'baseline.log'), 'a');
    const baseline = await medianMs(async () => {
      await handle.write(line);
      await handle.sync();
    }, runs);
    await handle.close();
    return {
      name: 'store: one acknowledged unit of work',
      figures: {
        'unit of work / append+fsync of its bytes': (unitOfWork / baseline).toFixed(2),
        'journal bytes per unit of work': String(line.length),
        'document size KiB': (documentBytes / 1024).toFixed(1),
        'baseline median ms': baseline.toFixed(3),
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
