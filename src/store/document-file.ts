/**
 * Opening the data file: create it when missing, refuse it when it is not JSON, not ours, newer
 * than this release or not valid, and migrate it (keeping `<file>.v<old>.bak`) when it is older.
 * A refused file is never written. Error messages name the file and the problem, never data.
 */
import { readFile } from 'node:fs/promises';
import type { Unit } from '../domain/roster.js';
import { serializeDocument } from './document-text.js';
import { validateDocument } from './document-validation.js';
import { hasErrorCode, writeFileDurably } from './durable-file-adapter.js';
import { applyJournalEntry, journalFileName, parseJournal } from './journal.js';
import { findJsonSyntaxError } from './json-syntax-error.js';
import { MIGRATIONS, type Migration, MigrationError, migrate } from './migrations.js';
import { emptyDocument, SCHEMA_VERSION, type StoreDocument } from './schema.js';
import { StoreOpenError } from './store.js';
import type { StoreParts } from './store-parts.js';

/** The name of the backup kept before migrating `file` from `version`. */
export function backupFileName(file: string, version: number): string {
  return `${file}.v${version}.bak`;
}

/** Options of loadDocumentFile. */
export interface LoadDocumentOptions {
  /** Units of a new file. */
  seedUnits: readonly Unit[];
  /** Defaults to MIGRATIONS and SCHEMA_VERSION; tests pass their own. */
  migrations?: readonly Migration[];
  /** The features' kinds of item and records (their values are checked; missing records seeded). */
  parts?: StoreParts;
  targetVersion?: number;
}

/** The loaded document and what happened to the file. */
export interface LoadedDocument {
  document: StoreDocument;
  created: boolean;
  /** Set when the file was migrated; the backup is backupFileName(file, migratedFrom). */
  migratedFrom?: number;
  /** How many journal entries were replayed onto the file (journal.ts), when any were. */
  replayed?: number;
}

/**
 * Parses JSON text into a value, or throws StoreOpenError saying where the syntax is broken
 * (line, column, offset) without quoting the text.
 */
export function parseJsonFile(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const error = findJsonSyntaxError(text);
    const where = error
      ? `${error.reason} at line ${error.line}, column ${error.column} (offset ${error.offset})`
      : 'syntax error';
    throw new StoreOpenError(`Data file ${file} is not valid JSON: ${where}. Restore it from a backup.`);
  }
}

/**
 * Reads (or creates) the data file and returns a valid document at the current schema version.
 * Throws StoreOpenError naming the file and the problem; a refused file is left untouched.
 */
export async function loadDocumentFile(file: string, options: LoadDocumentOptions): Promise<LoadedDocument> {
  const targetVersion = options.targetVersion ?? SCHEMA_VERSION;
  const journal = journalFileName(file);
  const journalText = await readOptional(journal);
  const bytes = await readOptional(file, 'buffer');
  if (bytes === undefined) {
    if (journalText !== undefined && journalText.length > 0)
      throw new StoreOpenError(
        `Journal ${journal} holds changes but data file ${file} is missing: restore the data file from a backup, or remove the journal to start empty.`,
      );
    const document = emptyDocument(options.seedUnits, options.parts);
    await writeFileDurably(file, serializeDocument(document));
    return { document, created: true };
  }

  const raw = parseJsonFile(file, bytes.toString('utf8'));
  const replayed = journalText ? replayJournal(journal, raw, journalText) : 0;
  const original = replayed > 0 ? `${JSON.stringify(raw)}\n` : bytes;
  let migrated: { document: unknown; fromVersion: number };
  try {
    migrated = migrate(raw, options.migrations ?? MIGRATIONS, targetVersion);
  } catch (err) {
    if (err instanceof MigrationError)
      throw new StoreOpenError(`Data file ${file} cannot be used: ${err.message}.`, { cause: err });
    throw err;
  }
  const validation = validateDocument(migrated.document, options.parts);
  if (!validation.ok) {
    const stage =
      migrated.fromVersion === targetVersion
        ? 'does not match the schema'
        : `does not match the schema after migrating from schemaVersion ${migrated.fromVersion}`;
    const after = replayed > 0 ? ` (after replaying ${replayed} journal entries)` : '';
    throw new StoreOpenError(`Data file ${file} ${stage}${after}: ${validation.problem}.`);
  }
  const migratedFrom = migrated.fromVersion === targetVersion ? undefined : migrated.fromVersion;
  if (migratedFrom !== undefined) await writeFileDurably(backupFileName(file, migratedFrom), original);
  // A checkpoint: the document with the journal's changes, then an empty journal (journal.ts, crash rule).
  if (migratedFrom !== undefined || replayed > 0)
    await writeFileDurably(file, serializeDocument(validation.document));
  if (journalText) await writeFileDurably(journal, '');
  return {
    document: validation.document,
    created: false,
    ...(migratedFrom !== undefined ? { migratedFrom } : {}),
    ...(replayed > 0 ? { replayed } : {}),
  };
}

/**
 * Applies the journal's entries at the document's schema version to `raw` (in place) and returns how
 * many; older entries are already in it (journal.ts); a newer one refuses the file.
 */
function replayJournal(journal: string, raw: unknown, text: string): number {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return 0;
  const version = (raw as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version !== 'number') return 0;
  let replayed = 0;
  for (const entry of parseJournal(text).entries) {
    if (entry.version > version)
      throw new StoreOpenError(
        `Journal ${journal} was written by a newer release (schemaVersion ${entry.version}); run that release or newer.`,
      );
    if (entry.version < version) continue;
    applyJournalEntry(raw as Record<string, unknown>, entry);
    replayed++;
  }
  return replayed;
}

async function readOptional(file: string): Promise<string | undefined>;
async function readOptional(file: string, as: 'buffer'): Promise<Buffer | undefined>;
async function readOptional(file: string, as?: 'buffer'): Promise<string | Buffer | undefined> {
  try {
    return as === 'buffer' ? await readFile(file) : await readFile(file, 'utf8');
  } catch (err) {
    if (hasErrorCode(err, 'ENOENT')) return undefined;
    throw new StoreOpenError(`Cannot read ${file}: ${errorCode(err)}.`, { cause: err });
  }
}

function errorCode(err: unknown): string {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : 'unknown error';
}
