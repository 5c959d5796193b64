/**
 * Opening the data file: create it when missing, refuse it when it is not JSON, not ours, newer
 * than this release or not valid, and migrate it (keeping `<file>.v<old>.bak`) when it is older.
 * A refused file is never written. Error messages name the file and the problem, never data.
 */
import { readFile } from 'node:fs/promises';
import type { Unit } from '../domain/roster.js';
import { validateDocument } from './document-validation.js';
import { hasErrorCode, writeFileDurably } from './durable-file-adapter.js';
import { findJsonSyntaxError } from './json-syntax-error.js';
import { MIGRATIONS, type Migration, MigrationError, migrate } from './migrations.js';
import { emptyDocument, RECORD_PATHS, SCHEMA_VERSION, type StoreDocument } from './schema.js';
import { StoreOpenError } from './store.js';
import type { StoreParts } from './store-parts.js';

/**
 * The JSON text of stored entries (a person, an item, an outbox message...), by the entry itself:
 * entries are never changed in place, only replaced (document-repositories.ts), so an entry that
 * was written before is not serialised again, and a write costs about what changed, plus joining.
 */
const entryJson = new WeakMap<object, string>();

function entryText(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  let text = entryJson.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    entryJson.set(value, text);
  }
  return text;
}

const matches = (path: readonly string[], pattern: readonly string[]) =>
  path.length === pattern.length && pattern.every((part, i) => part === '*' || part === path[i]);
const leadsTo = (path: readonly string[], pattern: readonly string[]) =>
  path.length < pattern.length && path.every((part, i) => pattern[i] === '*' || pattern[i] === part);

/** JSON.stringify(value), with the entries of the records under RECORD_PATHS taken from entryJson. */
function serializeAt(value: unknown, path: readonly string[]): string | undefined {
  const isRecord = RECORD_PATHS.some((pattern) => matches(path, pattern));
  const isAbove = !isRecord && RECORD_PATHS.some((pattern) => leadsTo(path, pattern));
  if ((!isRecord && !isAbove) || value === null || typeof value !== 'object' || Array.isArray(value))
    return JSON.stringify(value);
  const parts: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const text = isRecord ? entryText(child) : serializeAt(child, [...path, key]);
    if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * How the data file is written: compact JSON (indenting added about half again to the bytes and a
 * fifth of the time of every write, issue 9), the same text as JSON.stringify gives, with the
 * records' entries serialised once (entryJson); `jq . mh-nettverket.json` shows it indented.
 */
export function serializeDocument(document: StoreDocument): string {
  return `${serializeAt(document, [])}\n`;
}

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
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    if (!hasErrorCode(err, 'ENOENT'))
      throw new StoreOpenError(`Cannot read data file ${file}: ${errorCode(err)}.`, { cause: err });
    const document = emptyDocument(options.seedUnits, options.parts);
    await writeFileDurably(file, serializeDocument(document));
    return { document, created: true };
  }

  const raw = parseJsonFile(file, bytes.toString('utf8'));
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
    throw new StoreOpenError(`Data file ${file} ${stage}: ${validation.problem}.`);
  }
  if (migrated.fromVersion === targetVersion) return { document: validation.document, created: false };

  await writeFileDurably(backupFileName(file, migrated.fromVersion), bytes);
  await writeFileDurably(file, serializeDocument(validation.document));
  return { document: validation.document, created: false, migratedFrom: migrated.fromVersion };
}

function errorCode(err: unknown): string {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : 'unknown error';
}
