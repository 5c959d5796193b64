/**
 * The audit log (issue 14): an append-only record of who created, read, changed, exported, redacted,
 * erased and deleted what. Ids and actions only: never free text, never a name.
 *
 * One JSON line per entry in `<dataDir>/audit.log`, written by the bot's process alone (it holds the
 * data-dir lock), appended and synced in order. Each entry is chained to the one before it:
 * `hash = sha256(prev + canonical JSON of the entry without its hash)`, the first entry's `prev`
 * being 64 zeros, so a changed, removed, inserted or reordered entry breaks the chain at that place
 * (`verifyAuditLog`, `npm run audit:verify`). Removing entries from the end leaves a valid chain, so
 * the head (last `seq` and hash) is written to the bot's own log at start and every night
 * (`audit.opened`, `audit.head`), which is kept elsewhere; `npm run audit:verify -- --anchor seq:hash`
 * checks that the log still holds that entry, unchanged (a cut below it, or a rewrite, is named).
 */
import { createHash } from 'node:crypto';
import { type FileHandle, open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DATA_FILE_MODE, fsyncDirectory } from '../store/durable-file-adapter.js';

/** The audit log's file name inside the data dir. */
export const AUDIT_FILE_NAME = 'audit.log';

export const AUDIT_ACTIONS = ['create', 'read', 'change', 'export', 'delete', 'erase', 'redact'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The actor of what the bot did on its own (jobs, retention). */
export const AUDIT_SYSTEM = 'system';

/** What is recorded: who (an AAD object id or 'system'), what, and about what (ids, never text). */
export interface AuditRecord {
  actor: string;
  action: AuditAction;
  /** The kind of item, when the entry is about items. */
  kind?: string;
  /** The item's id. */
  id?: string;
  /** What else it concerns: a page ('overview'), an export ('agenda-export'), a person erased (their id). */
  target?: string;
  /** How many records it concerned (a retention run, an erasure). */
  count?: number;
}

/** An entry as stored. */
export interface AuditEntry extends AuditRecord {
  seq: number;
  /** ISO timestamp. */
  at: string;
  /** The previous entry's hash (64 zeros for the first). */
  prev: string;
  hash: string;
}

/** Where entries are recorded (the AppContext's `audit` port). */
export interface AuditPort {
  /** Appends the records, in order, durably; resolves once they are on disk. */
  record(records: AuditRecord | readonly AuditRecord[]): Promise<void>;
}

export const GENESIS = '0'.repeat(64);

/** JSON with keys sorted at every level (the form the hash is computed over). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The hash of an entry (everything but its own hash), chained to `prev`. */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(entry.prev).update(canonicalJson(entry)).digest('hex');
}

/** The next entry after (seq, prev). Only the fields an AuditRecord names are kept. */
export function chainEntry(record: AuditRecord, seq: number, prev: string, at: string): AuditEntry {
  const entry: Omit<AuditEntry, 'hash'> = {
    seq,
    at,
    actor: record.actor,
    action: record.action,
    ...(record.kind !== undefined ? { kind: record.kind } : {}),
    ...(record.id !== undefined ? { id: record.id } : {}),
    ...(record.target !== undefined ? { target: record.target } : {}),
    ...(record.count !== undefined ? { count: record.count } : {}),
    prev,
  };
  return { ...entry, hash: entryHash(entry) };
}

/** What verifying a log found. */
export type AuditVerdict =
  | { ok: true; entries: number; last?: { seq: number; hash: string } }
  | { ok: false; entries: number; line: number; seq?: number; problem: string };

/** An entry known from elsewhere (the bot's log): the log must still hold it, unchanged. */
export interface AuditAnchor {
  seq: number;
  hash: string;
}

/** Reads "seq:hash" (as `npm run audit:verify -- --anchor` takes it), or undefined if malformed. */
export function parseAnchor(text: string): AuditAnchor | undefined {
  const match = /^(\d{1,15}):([0-9a-f]{64})$/.exec(text.trim());
  return match ? { seq: Number(match[1]), hash: match[2]! } : undefined;
}

/**
 * Checks the chain of a log's text: every line parses, its seq follows the one before, its `prev` is
 * the previous hash and its hash is right. Names the first line (1-based) that breaks it. With an
 * anchor, the log must also reach the anchor's seq with the anchor's hash there.
 */
export function verifyAuditLog(text: string, anchor?: AuditAnchor): AuditVerdict {
  const verdict = verifyChain(text, anchor);
  if (!verdict.ok || !anchor) return verdict;
  const lastSeq = verdict.last?.seq ?? 0;
  if (lastSeq < anchor.seq)
    return {
      ok: false,
      entries: verdict.entries,
      line: verdict.entries + 1,
      seq: lastSeq + 1,
      problem: `the log ends at seq ${lastSeq}, before the anchor's seq ${anchor.seq}: entries were removed from its end`,
    };
  return verdict;
}

function verifyChain(text: string, anchor: AuditAnchor | undefined): AuditVerdict {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  let prev = GENESIS;
  let seq = 0;
  for (const [index, line] of lines.entries()) {
    const number = index + 1;
    let entry: AuditEntry;
    try {
      entry = JSON.parse(line) as AuditEntry;
    } catch {
      return { ok: false, entries: index, line: number, problem: 'the line is not JSON' };
    }
    const at = typeof entry.seq === 'number' ? { seq: entry.seq } : {};
    if (entry === null || typeof entry !== 'object' || typeof entry.hash !== 'string')
      return { ok: false, entries: index, line: number, ...at, problem: 'the line is not an entry' };
    if (entry.prev !== prev)
      return {
        ok: false,
        entries: index,
        line: number,
        ...at,
        problem: 'it does not follow the entry before it (an entry was removed, inserted or moved)',
      };
    if (entry.seq !== seq + 1)
      return { ok: false, entries: index, line: number, ...at, problem: `its seq is not ${seq + 1}` };
    const { hash, ...rest } = entry;
    if (entryHash(rest) !== hash)
      return {
        ok: false,
        entries: index,
        line: number,
        ...at,
        problem: 'its content does not match its hash',
      };
    if (anchor && entry.seq === anchor.seq && hash !== anchor.hash)
      return {
        ok: false,
        entries: index,
        line: number,
        ...at,
        problem: "its hash is not the anchor's: the log was rewritten up to here",
      };
    prev = hash;
    seq = entry.seq;
  }
  return { ok: true, entries: lines.length, ...(seq > 0 ? { last: { seq, hash: prev } } : {}) };
}

/** An audit log kept somewhere: the port, and how to stop it. */
export interface AuditLog extends AuditPort {
  /** Waits for the appends in progress and closes the file. */
  close(): Promise<void>;
  /** The last entry's seq and hash (0 and 64 zeros when empty). */
  head(): { seq: number; hash: string };
}

/** Thrown when the audit log cannot be continued (its last line does not verify). */
export class AuditLogError extends Error {
  override name = 'AuditLogError';
}

function lastOf(text: string): { seq: number; hash: string } {
  const verdict = verifyAuditLog(text);
  if (!verdict.ok)
    throw new AuditLogError(
      `the audit log's chain is broken at line ${verdict.line}: ${verdict.problem} (run npm run audit:verify)`,
    );
  return verdict.last ?? { seq: 0, hash: GENESIS };
}

/** A log appended in order through `append` (one string of whole lines, durable when it resolves). */
function chainedLog(
  start: { seq: number; hash: string },
  now: () => Date,
  append: (lines: string) => Promise<void>,
  onClose: () => Promise<void>,
): AuditLog {
  let head = start;
  let chain: Promise<void> = Promise.resolve();
  let closed = false;
  return {
    record(records) {
      const list = (Array.isArray(records) ? records : [records]) as readonly AuditRecord[];
      if (closed) return Promise.reject(new AuditLogError('the audit log is closed'));
      if (list.length === 0) return Promise.resolve();
      const next = chain.then(async () => {
        let { seq, hash } = head;
        const at = now().toISOString();
        let text = '';
        for (const record of list) {
          const entry = chainEntry(record, seq + 1, hash, at);
          text += `${JSON.stringify(entry)}\n`;
          seq = entry.seq;
          hash = entry.hash;
        }
        await append(text);
        head = { seq, hash };
      });
      chain = next.catch(() => undefined);
      return next;
    },
    head: () => head,
    async close() {
      closed = true;
      await chain;
      await onClose();
    },
  };
}

/** Opens (creating) `<dataDir>/audit.log` for appending; refuses a log whose chain is broken. */
export async function openAuditLog(dataDir: string, now: () => Date = () => new Date()): Promise<AuditLog> {
  const file = join(dataDir, AUDIT_FILE_NAME);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const start = lastOf(text);
  const handle: FileHandle = await open(file, 'a', DATA_FILE_MODE);
  await fsyncDirectory(dirname(file));
  return chainedLog(
    start,
    now,
    async (lines) => {
      await handle.write(lines);
      await handle.datasync();
    },
    () => handle.close(),
  );
}

/** An audit log in memory (tests), with its text. */
export function memoryAuditLog(now: () => Date = () => new Date()): AuditLog & {
  text(): string;
  entries(): AuditEntry[];
} {
  let text = '';
  const log = chainedLog(
    { seq: 0, hash: GENESIS },
    now,
    async (lines) => {
      text += lines;
    },
    async () => undefined,
  );
  return {
    ...log,
    text: () => text,
    entries: () =>
      text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as AuditEntry),
  };
}

/** Records nothing (a context built without an audit log, e.g. a use-case test). */
export const NO_AUDIT: AuditPort = { record: async () => undefined };
