/**
 * One writer per data dir. lowdb has no locking between processes, so two bot instances on the
 * same DATA_DIR would overwrite each other's changes; the second one must refuse to start.
 *
 * The lock is proper-lockfile's: a directory `<dataDir>/mh-nettverket.lock` created atomically
 * with mkdir, whose mtime the holder refreshes every LOCK_UPDATE_MS. Nobody refreshing it for
 * LOCK_STALE_MS means the holder is gone and the lock may be taken over. Beside it an owner file
 * records the holder's pid and host, so that a holder killed with SIGKILL on this host (where
 * proper-lockfile's exit hook cannot run) does not block the next start at all: when the owner
 * is on this host and its pid is no longer running, the lock is taken over at once. A holder on
 * another host (shared volume) or a pid that cannot be checked is waited out by staleness:
 * at most LOCK_STALE_MS (10 s) after it stopped.
 *
 * Settings: update every 2 s, stale after 10 s. A live holder whose event loop is blocked for
 * longer than 10 s loses the lock (onCompromised is called); 10 s is far longer than any write.
 */
import { mkdir, readFile, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import lockfile from 'proper-lockfile';
import { writeFileDurably } from './durable-file-adapter.js';
import { StoreOpenError } from './store.js';

/** Without a refresh for this long the lock counts as abandoned. */
export const LOCK_STALE_MS = 10_000;
/** How often the holder refreshes the lock. */
export const LOCK_UPDATE_MS = 2_000;

const LOCK_NAME = 'mh-nettverket.lock';
const OWNER_NAME = 'mh-nettverket.lock-owner.json';

/** A held data-dir lock. */
export interface DataDirLock {
  /** Releases the lock; idempotent. */
  release(): Promise<void>;
}

/** Options of acquireDataDirLock. */
export interface DataDirLockOptions {
  /**
   * Called if the lock is lost while held (its directory was removed or taken over, or it could
   * not be refreshed in time). The holder must stop writing.
   */
  onCompromised: (err: Error) => void;
}

interface OwnerRecord {
  pid: number;
  host: string;
  /** Inode of the lock directory this owner created, to tell it from a newer lock. */
  lockIno: number;
}

/** Data dirs locked by this process (canonical paths). */
const heldHere = new Set<string>();

function isOwnerRecord(value: unknown): value is OwnerRecord {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.lockIno === 'number';
}

function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return !(err instanceof Error && 'code' in err && err.code === 'ESRCH');
  }
}

/**
 * If the lock directory was created by a process on this host that is no longer running, makes it
 * look stale (mtime in the past) so that proper-lockfile takes it over with its own logic.
 * Returns true when it did so. The owner pid equal to ours counts as dead (we do not hold it: a
 * previous incarnation in a reused pid namespace, e.g. a restarted container).
 */
async function expireLockOfDeadOwner(lockDir: string, ownerFile: string): Promise<boolean> {
  let owner: unknown;
  try {
    owner = JSON.parse(await readFile(ownerFile, 'utf8'));
  } catch {
    return false;
  }
  if (!isOwnerRecord(owner) || owner.host !== hostname()) return false;
  if (owner.pid !== process.pid && processIsRunning(owner.pid)) return false;
  try {
    const info = await stat(lockDir);
    if (info.ino !== owner.lockIno) return false;
    await utimes(lockDir, new Date(0), new Date(0));
    return true;
  } catch {
    return false;
  }
}

function lockedError(dataDir: string): StoreOpenError {
  return new StoreOpenError(
    `Another instance is using DATA_DIR ${dataDir} (lock ${join(dataDir, LOCK_NAME)}). ` +
      'Stop the other instance or point DATA_DIR elsewhere. If that instance crashed on another ' +
      `host, the lock expires ${LOCK_STALE_MS / 1000} s after it stopped: start again then.`,
  );
}

/**
 * Takes the exclusive lock of `dataDir` (which must exist). Rejects with StoreOpenError naming
 * the directory when another live process (or this one) holds it.
 */
export async function acquireDataDirLock(dataDir: string, options: DataDirLockOptions): Promise<DataDirLock> {
  const dir = resolve(dataDir);
  if (heldHere.has(dir))
    throw new StoreOpenError(`DATA_DIR ${dir} is already open in this process; close the other store first.`);
  await mkdir(dir, { recursive: true });
  const lockDir = join(dir, LOCK_NAME);
  const ownerFile = join(dir, OWNER_NAME);
  const lockOptions = {
    lockfilePath: lockDir,
    realpath: false,
    stale: LOCK_STALE_MS,
    update: LOCK_UPDATE_MS,
    onCompromised: (err: Error) => {
      heldHere.delete(dir);
      options.onCompromised(err);
    },
  };
  const take = () => lockfile.lock(dir, lockOptions);
  let unlock: () => Promise<void>;
  try {
    unlock = await take();
  } catch (err) {
    if (!(err instanceof Error && 'code' in err && err.code === 'ELOCKED')) throw err;
    if (!(await expireLockOfDeadOwner(lockDir, ownerFile))) throw lockedError(dir);
    try {
      unlock = await take();
    } catch (retryErr) {
      if (retryErr instanceof Error && 'code' in retryErr && retryErr.code === 'ELOCKED')
        throw lockedError(dir);
      throw retryErr;
    }
  }
  heldHere.add(dir);
  try {
    const record: OwnerRecord = { pid: process.pid, host: hostname(), lockIno: (await stat(lockDir)).ino };
    await writeFileDurably(ownerFile, `${JSON.stringify(record)}\n`);
  } catch (err) {
    heldHere.delete(dir);
    await unlock().catch(() => undefined);
    throw err;
  }

  let released: Promise<void> | undefined;
  return {
    release() {
      released ??= (async () => {
        if (!heldHere.has(dir)) return; // compromised: the lock is not ours any more
        heldHere.delete(dir);
        await unlink(ownerFile).catch(() => undefined);
        await unlock().catch((err: unknown) => {
          if (!(err instanceof Error && 'code' in err && err.code === 'ERELEASED')) throw err;
        });
      })();
      return released;
    },
  };
}
