/**
 * The archive's files in a directory (`<dataDir>/archive/`), each written like the hot document
 * (writeFileDurably: temp file, fsync, rename, directory fsync) as compact JSON.
 */
import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArchiveFiles } from './archive.js';
import { fsyncDirectory, hasErrorCode, writeFileDurably } from './durable-file-adapter.js';

/** The archive directory's name inside the data dir. */
export const ARCHIVE_DIR_NAME = 'archive';

/**
 * Opens (creating if needed) the archive directory `dir` and removes temp files a crash left in it.
 * Call it only while holding the data-dir lock.
 */
export async function openArchiveDirectory(dir: string): Promise<ArchiveFiles> {
  try {
    await mkdir(dir, { mode: 0o700 });
    await fsyncDirectory(join(dir, '..'));
  } catch (err) {
    if (!hasErrorCode(err, 'EEXIST')) throw err;
  }
  for (const name of await readdir(dir))
    if (name.startsWith('.') && name.endsWith('.tmp')) await unlink(join(dir, name)).catch(() => undefined);

  return {
    async list() {
      return (await readdir(dir)).filter((name) => !name.startsWith('.') && name.endsWith('.json'));
    },
    async read(name) {
      let text: string;
      try {
        text = await readFile(join(dir, name), 'utf8');
      } catch (err) {
        if (hasErrorCode(err, 'ENOENT')) return undefined;
        throw err;
      }
      return JSON.parse(text) as unknown;
    },
    async write(name, value) {
      await writeFileDurably(join(dir, name), `${JSON.stringify(value)}\n`);
    },
  };
}
