/**
 * The default Store: the hot document `<dataDir>/mh-nettverket.json`, kept by lowdb, with its
 * journal `mh-nettverket.journal` (journal.ts: each commit appends what it changed and syncs; the
 * document is rewritten durably only at checkpoints), and the archive of settled items under
 * `<dataDir>/archive/` (archive.ts), guarded by a data-dir lock (one writer). The hot document is in
 * memory; its size follows what is going on, not history (Store.archive).
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Low } from 'lowdb';
import type { Unit } from '../domain/roster.js';
import { type ArchiveFiles, createArchive } from './archive.js';
import { ARCHIVE_DIR_NAME, openArchiveDirectory } from './archive-directory.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { loadDocumentFile } from './document-file.js';
import { createDocumentStore, type DocumentStore } from './document-store.js';
import { removeStaleTempFiles } from './durable-file-adapter.js';
import { JournaledDocumentAdapter, journalFileName } from './journal.js';
import { MIGRATIONS, type Migration } from './migrations.js';
import type { StoreDocument } from './schema.js';
import { type Store, type StoreHealth, StoreOpenError } from './store.js';
import { NO_PARTS, type StoreParts } from './store-parts.js';

/** The data file's name inside the data dir. */
export const DATA_FILE_NAME = 'mh-nettverket.json';

/** Options of openLowdbStore. */
export interface LowdbStoreOptions {
  /** Created if missing. Holds the data file, its backups and the lock. */
  dataDir: string;
  /** Units of a new data file. */
  seedUnits: readonly Unit[];
  /** How long idempotency claims are kept; default 48 h. */
  idempotencyRetentionMs?: number;
  /**
   * Called if the data-dir lock is lost while open. The store then refuses further writes and
   * reports unhealthy; the process should shut down.
   */
  onLockCompromised?: (err: Error) => void;
  /** Schema migrations; defaults to MIGRATIONS and the parts' own (tests pass their own). */
  migrations?: readonly Migration[];
  /** The features' kinds of item and records (default: none: items and records are refused). */
  parts?: StoreParts;
  /** The clock for pruning idempotency claims (epoch ms); defaults to Date.now. */
  now?: () => number;
  /** Called after each durable commit (see DocumentStoreOptions.afterCommit; crash tests). */
  afterCommit?: (document: Readonly<StoreDocument>) => void;
  /**
   * Wraps the archive's files (crash tests: to stop the process right after one of them is written).
   * The wrapper must pass every call on unchanged.
   */
  wrapArchiveFiles?: (files: ArchiveFiles) => ArchiveFiles;
  /** The journal's size that starts a checkpoint (journal.ts; tests make it small). */
  checkpointBytes?: number;
}

function describeError(err: unknown): string {
  if (err instanceof Error && 'code' in err && typeof err.code === 'string') return err.code;
  return err instanceof Error ? err.name : 'unknown error';
}

async function probeWritable(dataDir: string): Promise<string | undefined> {
  const probe = join(dataDir, `.health-probe.${process.pid}.${randomBytes(4).toString('hex')}`);
  try {
    const handle = await open(probe, 'wx', 0o600);
    try {
      await handle.writeFile('ok');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await unlink(probe);
    return undefined;
  } catch (err) {
    await unlink(probe).catch(() => undefined);
    return `cannot write in the data dir (${describeError(err)})`;
  }
}

/**
 * Opens (creating if needed) the store in `options.dataDir`: takes the data-dir lock, removes
 * temp files left by a crash, loads or creates the data file (migrating an older one). Rejects
 * with StoreOpenError naming the directory or file and the problem; on failure the lock is
 * released and a refused file is left untouched.
 */
export async function openLowdbStore(options: LowdbStoreOptions): Promise<Store> {
  const dataDir = resolve(options.dataDir);
  const file = join(dataDir, DATA_FILE_NAME);
  try {
    await mkdir(dataDir, { recursive: true });
  } catch (err) {
    throw new StoreOpenError(`Cannot create DATA_DIR ${dataDir}: ${describeError(err)}.`, { cause: err });
  }

  const parts = options.parts ?? NO_PARTS;
  let store: DocumentStore | undefined;
  let lockLost: string | undefined;
  const lock = await acquireDataDirLock(dataDir, {
    onCompromised: (err) => {
      lockLost = `the lock on DATA_DIR ${dataDir} was lost; restart the bot`;
      store?.markUnavailable(lockLost);
      options.onLockCompromised?.(err);
    },
  }).catch((err: unknown) => {
    if (err instanceof StoreOpenError) throw err;
    throw new StoreOpenError(`Cannot lock DATA_DIR ${dataDir}: ${describeError(err)}.`, { cause: err });
  });

  let document: StoreDocument;
  let archiveFiles: ArchiveFiles;
  try {
    await removeStaleTempFiles(file);
    await removeStaleTempFiles(journalFileName(file));
    const loaded = await loadDocumentFile(file, {
      seedUnits: options.seedUnits,
      migrations: options.migrations ?? [...MIGRATIONS, ...parts.migrations],
      parts,
    });
    document = loaded.document;
    // After the data file is accepted: a refused one leaves the data dir as it was.
    archiveFiles = await openArchiveDirectory(join(dataDir, ARCHIVE_DIR_NAME));
  } catch (err) {
    await lock.release().catch(() => undefined);
    if (err instanceof StoreOpenError) throw err;
    throw new StoreOpenError(`Cannot open data file ${file}: ${describeError(err)}.`, { cause: err });
  }

  let adapter: JournaledDocumentAdapter;
  try {
    adapter = await JournaledDocumentAdapter.open(file, document, {
      ...(options.checkpointBytes !== undefined ? { checkpointBytes: options.checkpointBytes } : {}),
    });
  } catch (err) {
    await lock.release().catch(() => undefined);
    throw new StoreOpenError(`Cannot open the journal beside ${file}: ${describeError(err)}.`, {
      cause: err,
    });
  }

  const health = async (): Promise<StoreHealth> => {
    let readable = true;
    let problem: string | undefined;
    try {
      await access(file, constants.R_OK);
    } catch (err) {
      readable = false;
      problem = `cannot read the data file (${describeError(err)})`;
    }
    const notWritable = await probeWritable(dataDir);
    return {
      readable,
      writable: notWritable === undefined,
      ...((problem ?? notWritable) ? { problem: [problem, notWritable].filter(Boolean).join('; ') } : {}),
    };
  };

  store = createDocumentStore({
    db: new Low<StoreDocument>(adapter, document),
    parts,
    archive: createArchive(options.wrapArchiveFiles?.(archiveFiles) ?? archiveFiles, parts),
    idempotencyRetentionMs: options.idempotencyRetentionMs,
    now: options.now,
    health,
    compact: () => adapter.checkpoint(),
    onClose: async () => {
      try {
        await adapter.close();
      } finally {
        await lock.release();
      }
    },
    ...(options.afterCommit ? { afterCommit: options.afterCommit } : {}),
  });
  if (lockLost !== undefined) store.markUnavailable(lockLost);
  return store;
}
