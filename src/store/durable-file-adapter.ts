/**
 * Durable file writes (the hot document's checkpoints, the archive's files, the lock's owner record).
 *
 * lowdb's own node adapter (steno) writes a temp file and renames it, but never fsyncs, so a
 * power loss can leave an empty or stale file. Here every write goes to a unique temp file in
 * the same directory (`.<name>.<pid>.<random>.tmp`), which is written, fsynced, renamed over the
 * target, and then the directory is fsynced so the rename itself is on disk. The target is
 * therefore always either the old or the new content, never half-written. On failure the temp
 * file is removed.
 */
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** File mode of files written here: the data names people, so owner only. */
export const DATA_FILE_MODE = 0o600;

const TEMP_SUFFIX = '.tmp';

function tempPrefix(targetName: string): string {
  return `.${targetName}.`;
}

function isErrnoException(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && 'code' in err;
}

/** True when `err` is a Node.js file-system error with this code (e.g. 'ENOENT'). */
export function hasErrorCode(err: unknown, code: string): boolean {
  return isErrnoException(err) && err.code === code;
}

/** Fsyncs a directory so that a rename or unlink inside it is durable (a no-op on Windows). */
export async function fsyncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes `content` to `file` durably and atomically: unique temp file in the same directory,
 * write, fsync, rename over the target, fsync the directory. Never leaves a half-written target;
 * removes its temp file if anything fails before the rename.
 */
export async function writeFileDurably(file: string, content: string | Uint8Array): Promise<void> {
  const dir = dirname(file);
  const temp = join(
    dir,
    `${tempPrefix(basename(file))}${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`,
  );
  let renamed = false;
  try {
    const handle = await open(temp, 'wx', DATA_FILE_MODE);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
    renamed = true;
    await fsyncDirectory(dir);
  } catch (err) {
    if (!renamed) await unlink(temp).catch(() => undefined);
    throw err;
  }
}

/**
 * Removes temp files that writeFileDurably() left behind for `file` when a process died mid-write.
 * Call it only while holding the data-dir lock. Returns how many were removed.
 */
export async function removeStaleTempFiles(file: string): Promise<number> {
  const dir = dirname(file);
  const prefix = tempPrefix(basename(file));
  let removed = 0;
  for (const name of await readdir(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) continue;
    await unlink(join(dir, name)).catch(() => undefined);
    removed++;
  }
  return removed;
}
