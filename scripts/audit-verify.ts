/**
 * `npm run audit:verify [-- <data dir>] [--anchor <seq>:<hash>]`: checks the audit log's hash chain
 * (src/audit/audit-log.ts). Prints "audit log ok: N entries" and exits 0, or names the first broken
 * entry (its line and seq) and exits 1. The data dir defaults to DATA_DIR, then ./data.
 *
 * A chain cut at its end still verifies: `--anchor` takes the seq and hash of an `audit.head` (or
 * `audit.opened`) line of the bot's own log, kept elsewhere, and the log must still hold that entry.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AUDIT_FILE_NAME, type AuditAnchor, parseAnchor, verifyAuditLog } from '../src/audit/audit-log.js';

const { values, positionals } = parseArgs({
  options: { anchor: { type: 'string' } },
  allowPositionals: true,
});
let anchor: AuditAnchor | undefined;
if (values.anchor !== undefined) {
  anchor = parseAnchor(values.anchor);
  if (!anchor) {
    process.stderr.write(
      '--anchor takes <seq>:<hash>, e.g. 120:<64 hex digits>, from an audit.head log line\n',
    );
    process.exit(2);
  }
}
const dataDir = resolve(positionals[0] ?? process.env.DATA_DIR ?? './data');
const file = join(dataDir, AUDIT_FILE_NAME);
let text: string;
try {
  text = await readFile(file, 'utf8');
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  process.stderr.write(`audit log ${file} cannot be read (${code})\n`);
  process.exit(1);
}
const verdict = verifyAuditLog(text, anchor);
if (verdict.ok) {
  const last = verdict.last ? `, last seq ${verdict.last.seq}, hash ${verdict.last.hash}` : '';
  const anchored = anchor ? `; it holds the anchor (seq ${anchor.seq})` : '';
  process.stdout.write(`audit log ok: ${verdict.entries} entries${last}${anchored}\n`);
} else {
  const seq = verdict.seq !== undefined ? ` (seq ${verdict.seq})` : '';
  process.stdout.write(
    `audit log broken at line ${verdict.line}${seq}: ${verdict.problem}; the ${verdict.entries} entries before it verify\n`,
  );
  process.exit(1);
}
