/**
 * The journal beside the hot document (issue 9: a write costs what it changes): each commit appends
 * one line with what it changed (document-file.ts, documentChanges) and syncs it; that append is the
 * commit point. The hot document itself is rewritten (a checkpoint: writeFileDurably) only when the
 * journal has grown past its limit, and then the journal is emptied. Opening the store replays the
 * journal onto the document and checkpoints (document-file.ts, loadDocumentFile); closing it
 * checkpoints too, so after a clean stop the data file alone holds everything.
 *
 * A line is `<crc32 of the JSON, 8 hex digits> {"v":<schemaVersion>,"c":[[path, value] | [path], ...]}`
 * and a newline. Crash rule: lines are appended and synced one after another, so only the last one
 * can be torn; reading stops at the first line that is cut, fails its checksum or is not JSON, and
 * what follows it is ignored (it was never acknowledged). A crash between a checkpoint's document
 * and the emptying of the journal leaves lines the document already holds: replaying them changes
 * nothing, because every change sets or removes the value at its path (creating missing parents),
 * so the same sequence applied again ends where it ended the first time. Lines of an older schema version than the document's are already in it (the
 * opener that migrated replayed them first) and are skipped.
 */

import { type FileHandle, open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Adapter } from 'lowdb';
import { type DocumentChange, documentChanges, serializeDocument } from './document-text.js';
import { DATA_FILE_MODE, fsyncDirectory, writeFileDurably } from './durable-file-adapter.js';
import { putOwn } from './own-entries.js';
import type { StoreDocument } from './schema.js';

/** The journal's file name beside a data file `<name>.json`: `<name>.journal`. */
export function journalFileName(dataFile: string): string {
  return `${dataFile.replace(/\.json$/, '')}.journal`;
}

/** The journal may grow to this many bytes, or to twice the document if that is more, before a checkpoint. */
export const MIN_CHECKPOINT_BYTES = 1024 * 1024;

/** One line of the journal: the schema version it was written at and the changes of one commit. */
export interface JournalEntry {
  version: number;
  /** [path] removes the path; [path, value] sets it. */
  changes: readonly (readonly [readonly string[]] | readonly [readonly string[], unknown])[];
}

const checksum = (json: string) => crc32(json).toString(16).padStart(8, '0');

/** The journal line of one commit's changes (with its newline). */
export function formatJournalLine(version: number, changes: readonly DocumentChange[]): string {
  const parts = changes.map(({ path, text }) =>
    text === undefined ? `[${JSON.stringify(path)}]` : `[${JSON.stringify(path)},${text}]`,
  );
  const json = `{"v":${version},"c":[${parts.join(',')}]}`;
  return `${checksum(json)} ${json}\n`;
}

function isPath(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((part) => typeof part === 'string');
}

function parseLine(line: string): JournalEntry | undefined {
  if (line.length < 10 || line[8] !== ' ') return undefined;
  const json = line.slice(9);
  if (checksum(json) !== line.slice(0, 8)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const { v, c } = value as { v?: unknown; c?: unknown };
  if (!Number.isInteger(v) || !Array.isArray(c)) return undefined;
  for (const change of c)
    if (!Array.isArray(change) || (change.length !== 1 && change.length !== 2) || !isPath(change[0]))
      return undefined;
  return { version: v as number, changes: c as JournalEntry['changes'] };
}

/** The journal's entries up to the first line that is torn or damaged; `intact` is false if there was one. */
export function parseJournal(text: string): { entries: JournalEntry[]; intact: boolean } {
  const entries: JournalEntry[] = [];
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const entry = end < 0 ? undefined : parseLine(text.slice(start, end));
    if (entry === undefined) return { entries, intact: false };
    entries.push(entry);
    start = end + 1;
  }
  return { entries, intact: true };
}

/** Applies one journal entry's changes to a parsed document (changed in place). */
export function applyJournalEntry(document: Record<string, unknown>, entry: JournalEntry): void {
  for (const change of entry.changes) {
    const path = change[0];
    if (path.length === 0) continue;
    let parent = document;
    for (const part of path.slice(0, -1)) {
      const next = Object.hasOwn(parent, part) ? parent[part] : undefined;
      if (next !== null && typeof next === 'object' && !Array.isArray(next))
        parent = next as Record<string, unknown>;
      else {
        const created: Record<string, unknown> = {};
        putOwn(parent, part, created);
        parent = created;
      }
    }
    const key = path[path.length - 1]!;
    if (change.length === 1) delete parent[key];
    else putOwn(parent, key, change[1]);
  }
}

/** Options of JournaledDocumentAdapter.open. */
export interface JournalOptions {
  /**
   * The journal's size that starts a checkpoint; default: MIN_CHECKPOINT_BYTES or twice the document,
   * whichever is more (a checkpoint then costs at most about half a byte per byte appended).
   */
  checkpointBytes?: number;
}

/**
 * The lowdb adapter of the hot document: `write` appends the changes from the last written document
 * to the journal and syncs it (one fdatasync per write; the document store groups commits), and
 * checkpoints when the journal is over its limit, after a failed write (whose line may be torn), and
 * on close. Writes are applied in call order.
 */
export class JournaledDocumentAdapter implements Adapter<StoreDocument> {
  readonly #file: string;
  readonly #handle: FileHandle;
  readonly #limit: number | undefined;
  #last: StoreDocument;
  #documentBytes: number;
  #journalBytes = 0;
  #needsCheckpoint = false;
  #chain: Promise<void> = Promise.resolve();

  private constructor(
    file: string,
    handle: FileHandle,
    document: StoreDocument,
    documentBytes: number,
    options: JournalOptions,
  ) {
    this.#file = file;
    this.#handle = handle;
    this.#last = document;
    this.#documentBytes = documentBytes;
    this.#limit = options.checkpointBytes;
  }

  /**
   * Opens the journal of `file` for appending. `document` must be what the data file holds, with an
   * empty journal (loadDocumentFile leaves it so).
   */
  static async open(
    file: string,
    document: StoreDocument,
    options: JournalOptions = {},
  ): Promise<JournaledDocumentAdapter> {
    const handle = await open(journalFileName(file), 'a', DATA_FILE_MODE);
    let documentBytes: number;
    try {
      if ((await handle.stat()).size > 0)
        throw new Error('the journal must be replayed (loadDocumentFile) before it is opened for writing');
      // The journal may be new: its name must be on disk before a line in it is acknowledged.
      await fsyncDirectory(dirname(file));
      documentBytes = (await stat(file)).size;
    } catch (err) {
      await handle.close();
      throw err;
    }
    return new JournaledDocumentAdapter(file, handle, document, documentBytes, options);
  }

  /** The hot document is not read back through the adapter: loadDocumentFile reads it at open. */
  async read(): Promise<StoreDocument | null> {
    return this.#last;
  }

  /** Appends what changed since the last write and syncs it (or checkpoints); resolves once durable. */
  write(data: StoreDocument): Promise<void> {
    const next = this.#chain.then(() => this.#write(data));
    this.#chain = next.catch(() => undefined);
    return next;
  }

  /**
   * Rewrites the document (as last written) and empties the journal, whatever the journal's size:
   * afterwards no earlier version of anything is left in either file (Store.compact).
   */
  checkpoint(): Promise<void> {
    const next = this.#chain.then(() => this.#checkpoint(this.#last));
    this.#chain = next.catch(() => undefined);
    return next;
  }

  /** Checkpoints if the journal holds anything, and closes it. */
  close(): Promise<void> {
    const closing = this.#chain.then(async () => {
      try {
        if (this.#journalBytes > 0 || this.#needsCheckpoint) await this.#checkpoint(this.#last);
      } finally {
        await this.#handle.close();
      }
    });
    this.#chain = closing.catch(() => undefined);
    return closing;
  }

  async #write(data: StoreDocument): Promise<void> {
    if (this.#needsCheckpoint) return this.#checkpoint(data);
    const changes = documentChanges(this.#last, data);
    if (changes.length === 0) {
      this.#last = data;
      return;
    }
    const line = Buffer.from(formatJournalLine(data.schemaVersion, changes));
    const limit = this.#limit ?? Math.max(MIN_CHECKPOINT_BYTES, 2 * this.#documentBytes);
    if (this.#journalBytes + line.length > limit) return this.#checkpoint(data);
    try {
      await this.#handle.write(line);
      await this.#handle.datasync();
    } catch (err) {
      // The line may be on disk in part: the next write rewrites the document and empties the journal.
      this.#needsCheckpoint = true;
      throw err;
    }
    this.#journalBytes += line.length;
    this.#last = data;
  }

  async #checkpoint(data: StoreDocument): Promise<void> {
    this.#needsCheckpoint = true;
    const text = serializeDocument(data);
    await writeFileDurably(this.#file, text);
    this.#last = data;
    await this.#handle.truncate(0);
    await this.#handle.datasync();
    this.#journalBytes = 0;
    this.#documentBytes = Buffer.byteLength(text);
    this.#needsCheckpoint = false;
  }
}
