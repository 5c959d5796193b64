/**
 * `npm run audit:verify [-- <data dir>]`: checks the audit log's hash chain (src/audit/audit-log.ts).
 * Prints "audit log ok: N entries" and exits 0, or names the first broken entry (its line and seq)
 * and exits 1. The data dir defaults to DATA_DIR, then ./data.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AUDIT_FILE_NAME, verifyAuditLog } from '../src/audit/audit-log.js';

const dataDir = resolve(process.argv[2] ?? process.env.DATA_DIR ?? './data');
const file = join(dataDir, AUDIT_FILE_NAME);
let text: string;
try {
  text = await readFile(file, 'utf8');
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  process.stderr.write(`audit log ${file} cannot be read (${code})\n`);
  process.exit(1);
}
const verdict = verifyAuditLog(text);
if (verdict.ok) {
  const last = verdict.last ? `, last seq ${verdict.last.seq}, hash ${verdict.last.hash}` : '';
  process.stdout.write(`audit log ok: ${verdict.entries} entries${last}\n`);
} else {
  const seq = verdict.seq !== undefined ? ` (seq ${verdict.seq})` : '';
  process.stdout.write(
    `audit log broken at line ${verdict.line}${seq}: ${verdict.problem}; the ${verdict.entries} entries before it verify\n`,
  );
  process.exit(1);
}
