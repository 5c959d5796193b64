/**
 * The text of the hot document: how it is serialised (compact JSON, entries serialised once) and
 * what changed between two of its versions (the journal's lines, journal.ts).
 */
import { RECORD_PATHS, type StoreDocument } from './schema.js';

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
 * One change of the hot document between two commits: the path from the root and the JSON text of
 * the new value, or no text when the path was removed. A path stops at a record's entry (an item, a
 * person, a message...), at a field that holds no records (settings, units, records...), or at a
 * container that is new (written whole). Every change sets or removes the value at its path, so
 * applying a sequence of them again to a document that already holds their result gives the same
 * document (journal.ts relies on it).
 */
export interface DocumentChange {
  path: readonly string[];
  text?: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function changesAt(
  before: unknown,
  after: unknown,
  path: readonly string[],
  out: DocumentChange[],
  keyByKey: boolean,
): void {
  if (before === after) return;
  const isRecord = RECORD_PATHS.some((pattern) => matches(path, pattern));
  const isAbove = !isRecord && RECORD_PATHS.some((pattern) => leadsTo(path, pattern));
  // A field without records, or a container that is new or no longer an object: the whole value.
  if ((!isRecord && !isAbove) || !isPlainObject(after) || !isPlainObject(before)) {
    const text = after === undefined ? undefined : JSON.stringify(after);
    out.push(text === undefined ? { path } : { path, text });
    return;
  }
  const touched = isRecord && !keyByKey ? touchedKeys.get(after) : undefined;
  for (const key of touched ?? Object.keys(after)) {
    if (!Object.hasOwn(after, key)) continue;
    const was = Object.hasOwn(before, key) ? before[key] : undefined;
    if (was === after[key]) continue;
    if (isRecord) {
      const text = entryText(after[key]);
      out.push(text === undefined ? { path: [...path, key] } : { path: [...path, key], text });
    } else changesAt(was, after[key], [...path, key], out, keyByKey);
  }
  for (const key of touched ?? Object.keys(before))
    if (!Object.hasOwn(after, key) && Object.hasOwn(before, key)) out.push({ path: [...path, key] });
}

/**
 * The keys changed in a record that a unit of work copied (copy on write), so that documentChanges
 * visits those instead of every key of a large record. Only a copy registered here when it is made
 * (trackRecord), and changed only through noteTouched's callers, has them; any other record is
 * compared key by key.
 */
const touchedKeys = new WeakMap<object, Set<string>>();

/** Registers a record just copied from the committed document's: its changes will be noted. */
export function trackRecord(record: object): void {
  touchedKeys.set(record, new Set());
}

/** Notes that `key` of `record` was set or removed (a no-op for a record not tracked). */
export function noteTouched(record: object, key: string): void {
  touchedKeys.get(record)?.add(key);
}

/**
 * What changed from `before` to `after`, found by identity: entries are replaced, never changed in
 * place, and a batch copies only the records it changes, so this visits only those records, and in
 * them only the keys noted as touched (trackRecord). `before` must be the document those copies
 * were made from (the journal's last written document, which is the committed one). `keyByKey`
 * compares every key of the changed records instead (tests check that both give the same).
 */
export function documentChanges(
  before: StoreDocument,
  after: StoreDocument,
  options: { keyByKey?: boolean } = {},
): DocumentChange[] {
  const out: DocumentChange[] = [];
  changesAt(before, after, [], out, options.keyByKey === true);
  return out;
}

/**
 * How the data file is written: compact JSON (indenting added about half again to the bytes and a
 * fifth of the time of every write, issue 9), the same text as JSON.stringify gives, with the
 * records' entries serialised once (entryJson); `jq . mh-nettverket.json` shows it indented.
 */
export function serializeDocument(document: StoreDocument): string {
  return `${serializeAt(document, [])}\n`;
}
