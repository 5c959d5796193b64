/**
 * What a data dir holds, for tests that look at the files: the hot document with its journal's
 * entries applied (as the next open would see it), or the text of both files (to check that
 * something was never written).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { applyJournalEntry, journalFileName, parseJournal } from '../../src/store/journal.js';
import { DATA_FILE_NAME } from '../../src/store/lowdb-store.js';

const readOrEmpty = (file: string) =>
  readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });

/** Parsed JSON, for tests that read into it freely. */
// biome-ignore lint/suspicious/noExplicitAny: tests read whatever the file holds, and fail if it is not there
type Json = any;

/** The stored document: the data file's JSON with the journal's entries at its version applied. */
export async function readStoredDocument<T = Json>(dataDir: string): Promise<T> {
  const file = join(dataDir, DATA_FILE_NAME);
  // A checkpoint between reading the data file and its journal would pair an old file with a journal
  // emptied by that checkpoint (and lose the latest changes): read until the data file is the same
  // before and after the journal.
  for (let attempt = 0; ; attempt++) {
    const before = await readFile(file, 'utf8');
    const journal = await readOrEmpty(journalFileName(file));
    if ((await readFile(file, 'utf8')) !== before && attempt < 10) continue;
    const document = JSON.parse(before) as Record<string, unknown>;
    for (const entry of parseJournal(journal).entries)
      if (entry.version === document.schemaVersion) applyJournalEntry(document, entry);
    return document as T;
  }
}

/** The text of the data file and of its journal, one after the other. */
export async function readStoredText(dataDir: string): Promise<string> {
  const file = join(dataDir, DATA_FILE_NAME);
  return `${await readFile(file, 'utf8')}${await readOrEmpty(journalFileName(file))}`;
}
