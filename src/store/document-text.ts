/**
 * The text of the hot document: how it is serialised (compact JSON, entries serialised once) and
 * what changed between two of its versions (the journal's lines, journal.ts).
 */
import { changedKeys, overlayOf } from './overlay.js';
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

/** Where a path lies: at a record (RECORD_PATHS), above one, or in a field that holds none. */
function placeOf(path: readonly string[]): 'record' | 'above' | 'field' {
  if (RECORD_PATHS.some((pattern) => matches(path, pattern))) return 'record';
  return RECORD_PATHS.some((pattern) => leadsTo(path, pattern)) ? 'above' : 'field';
}

/** JSON.stringify(value), with the entries of the records under RECORD_PATHS taken from entryJson. */
function serializeAt(value: unknown, path: readonly string[]): string | undefined {
  const place = placeOf(path);
  const isRecord = place === 'record';
  if (place === 'field' || value === null || typeof value !== 'object' || Array.isArray(value))
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

function changesAt(before: unknown, after: unknown, path: readonly string[], out: DocumentChange[]): void {
  if (before === after) return;
  const place = placeOf(path);
  const isRecord = place === 'record';
  // A field without records, or a container that is new or no longer an object: the whole value.
  if (place === 'field' || !isPlainObject(after) || !isPlainObject(before)) {
    const text = after === undefined ? undefined : JSON.stringify(after);
    out.push(text === undefined ? { path } : { path, text });
    return;
  }
  const overlay = isRecord ? overlayOf(after) : undefined;
  const touched = overlay ? [...changedKeys(overlay)] : undefined;
  for (const key of touched ?? Object.keys(after)) {
    if (!Object.hasOwn(after, key)) continue;
    const was = Object.hasOwn(before, key) ? before[key] : undefined;
    if (was === after[key]) continue;
    if (isRecord) {
      const text = entryText(after[key]);
      out.push(text === undefined ? { path: [...path, key] } : { path: [...path, key], text });
    } else changesAt(was, after[key], [...path, key], out);
  }
  for (const key of touched ?? Object.keys(before))
    if (!Object.hasOwn(after, key) && Object.hasOwn(before, key)) out.push({ path: [...path, key] });
}

/**
 * What changed from `before` to `after`, found by identity: entries are replaced, never changed in
 * place, and a batch changes a record through an overlay (overlay.ts), so this visits only the
 * records changed, and in them only the keys the overlay changed. `before` must be the document the
 * overlays lie over (the journal's last written document, which is the committed one).
 */
export function documentChanges(before: StoreDocument, after: StoreDocument): DocumentChange[] {
  const out: DocumentChange[] = [];
  changesAt(before, after, [], out);
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
