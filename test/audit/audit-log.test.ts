import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import {
  AUDIT_FILE_NAME,
  AuditLogError,
  memoryAuditLog,
  openAuditLog,
  verifyAuditLog,
} from '../../src/audit/audit-log.js';

const run = promisify(execFile);
const clock = () => new Date('2026-05-01T10:00:00.000Z');

async function sampleLog(): Promise<string> {
  const log = memoryAuditLog(clock);
  await log.record({ actor: 'aad-1', action: 'create', kind: 'guidance', id: 'g1' });
  await log.record([
    { actor: 'aad-2', action: 'change', kind: 'guidance', id: 'g1' },
    { actor: 'aad-3', action: 'read', target: 'overview' },
  ]);
  await log.record({ actor: 'system', action: 'redact', kind: 'guidance', id: 'g1' });
  await log.record({ actor: 'aad-9', action: 'erase', target: 'aad-1', count: 2 });
  return log.text();
}

const linesOf = (text: string) => text.trimEnd().split('\n');

describe('audit log (issue 14)', () => {
  it('chains entries with seq, prev and hash, and the chain verifies', async () => {
    const text = await sampleLog();
    const entries = linesOf(text).map((l) => JSON.parse(l));
    expect(entries.map((e) => e.seq)).to.deep.equal([1, 2, 3, 4, 5]);
    expect(entries[0].prev).to.equal('0'.repeat(64));
    expect(entries[1].prev).to.equal(entries[0].hash);
    expect(entries[4]).to.deep.include({ actor: 'aad-9', action: 'erase', target: 'aad-1', count: 2 });
    expect(verifyAuditLog(text)).to.deep.include({ ok: true, entries: 5 });
    expect(verifyAuditLog('')).to.deep.equal({ ok: true, entries: 0 });
  });

  it('detects a modified entry and names it', async () => {
    const lines = linesOf(await sampleLog());
    lines[2] = lines[2]!.replace('"aad-3"', '"aad-4"');
    expect(verifyAuditLog(`${lines.join('\n')}\n`)).to.deep.include({ ok: false, line: 3, seq: 3 });
  });

  it('detects a removed entry at the entry after it', async () => {
    const lines = linesOf(await sampleLog());
    lines.splice(1, 1);
    expect(verifyAuditLog(`${lines.join('\n')}\n`)).to.deep.include({ ok: false, line: 2, seq: 3 });
  });

  it('detects reordered entries', async () => {
    const lines = linesOf(await sampleLog());
    [lines[2], lines[3]] = [lines[3]!, lines[2]!];
    expect(verifyAuditLog(`${lines.join('\n')}\n`)).to.deep.include({ ok: false, line: 3, seq: 4 });
  });

  it('detects an entry rewritten with a recomputed hash (its successor no longer follows it)', async () => {
    const { entryHash } = await import('../../src/audit/audit-log.js');
    const lines = linesOf(await sampleLog());
    const entry = JSON.parse(lines[1]!);
    entry.actor = 'someone-else';
    const { hash: _old, ...rest } = entry;
    lines[1] = JSON.stringify({ ...rest, hash: entryHash(rest) });
    expect(verifyAuditLog(`${lines.join('\n')}\n`)).to.deep.include({ ok: false, line: 3 });
  });

  it('with an anchor from the bot’s log: detects entries removed from the end, and a log rewritten up to it', async () => {
    const text = await sampleLog();
    const lines = linesOf(text);
    const third = JSON.parse(lines[2]!);
    const anchor = { seq: 3, hash: third.hash as string };
    expect(verifyAuditLog(text, anchor)).to.deep.include({ ok: true, entries: 5 });
    // Cut after the anchor: still whole up to it.
    expect(verifyAuditLog(`${lines.slice(0, 3).join('\n')}\n`, anchor)).to.deep.include({ ok: true });
    // Cut below it: the chain alone verifies, the anchor does not.
    const cut = `${lines.slice(0, 2).join('\n')}\n`;
    expect(verifyAuditLog(cut)).to.deep.include({ ok: true, entries: 2 });
    const verdict = verifyAuditLog(cut, anchor);
    expect(verdict).to.deep.include({ ok: false, line: 3, seq: 3 });
    expect(verdict.ok === false && verdict.problem).to.match(/removed from its end/);
    expect(verifyAuditLog('', anchor)).to.deep.include({ ok: false, line: 1, seq: 1 });
    // Rewritten from scratch (every hash recomputed): the anchor's entry differs.
    const { chainEntry, GENESIS } = await import('../../src/audit/audit-log.js');
    let prev = GENESIS;
    const forged = lines.map((line) => {
      const { seq, at, actor, action, kind, id, target, count } = JSON.parse(line);
      const entry = chainEntry(
        { actor: actor === 'aad-3' ? 'aad-4' : actor, action, kind, id, target, count },
        seq,
        prev,
        at,
      );
      prev = entry.hash;
      return JSON.stringify(entry);
    });
    const rewritten = `${forged.join('\n')}\n`;
    expect(verifyAuditLog(rewritten)).to.deep.include({ ok: true, entries: 5 });
    expect(verifyAuditLog(rewritten, anchor)).to.deep.include({ ok: false, line: 3, seq: 3 });
  });

  it('reads an anchor as seq:hash and nothing else', async () => {
    const { parseAnchor } = await import('../../src/audit/audit-log.js');
    const hash = 'a'.repeat(64);
    expect(parseAnchor(`12:${hash}`)).to.deep.equal({ seq: 12, hash });
    for (const bad of ['', '12', `x:${hash}`, `12:${'a'.repeat(63)}`, `12:${'G'.repeat(64)}`, `-1:${hash}`])
      expect(parseAnchor(bad), bad).to.equal(undefined);
  });

  describe('in the data dir', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'audit-'));
    });
    afterEach(() => rm(dir, { recursive: true, force: true }));

    it('appends durably and continues the chain after a restart', async () => {
      const first = await openAuditLog(dir, clock);
      await first.record({ actor: 'aad-1', action: 'export', target: 'agenda-export' });
      await first.close();
      const second = await openAuditLog(dir, clock);
      expect(second.head().seq).to.equal(1);
      await second.record({ actor: 'aad-1', action: 'read', target: 'overview' });
      await second.close();
      const text = await readFile(join(dir, AUDIT_FILE_NAME), 'utf8');
      expect(verifyAuditLog(text)).to.deep.include({ ok: true, entries: 2 });
    });

    it('refuses to continue a broken log', async () => {
      const lines = linesOf(await sampleLog());
      lines.splice(1, 1);
      await writeFile(join(dir, AUDIT_FILE_NAME), `${lines.join('\n')}\n`);
      const failure = await openAuditLog(dir, clock).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).to.be.instanceOf(AuditLogError);
    });

    it('npm run audit:verify says ok, or names the first broken entry and exits 1', async () => {
      await writeFile(join(dir, AUDIT_FILE_NAME), await sampleLog());
      const ok = await run('npx', ['tsx', 'scripts/audit-verify.ts', dir]);
      expect(ok.stdout).to.match(/^audit log ok: 5 entries/);
      const lines = linesOf(await sampleLog());
      lines[3] = lines[3]!.replace('"redact"', '"delete"');
      await writeFile(join(dir, AUDIT_FILE_NAME), `${lines.join('\n')}\n`);
      const broken = await run('npx', ['tsx', 'scripts/audit-verify.ts', dir]).then(
        () => undefined,
        (error: { code: number; stdout: string }) => error,
      );
      expect(broken?.code).to.equal(1);
      expect(broken?.stdout).to.match(/broken at line 4 \(seq 4\)/);
    });

    it('npm run audit:verify -- --anchor seq:hash names a log cut below the anchor', async () => {
      const lines = linesOf(await sampleLog());
      const anchor = `4:${JSON.parse(lines[3]!).hash}`;
      await writeFile(join(dir, AUDIT_FILE_NAME), `${lines.join('\n')}\n`);
      const ok = await run('npx', ['tsx', 'scripts/audit-verify.ts', dir, '--anchor', anchor]);
      expect(ok.stdout).to.match(/^audit log ok: 5 entries.*holds the anchor \(seq 4\)/);
      await writeFile(join(dir, AUDIT_FILE_NAME), `${lines.slice(0, 3).join('\n')}\n`);
      const cut = await run('npx', ['tsx', 'scripts/audit-verify.ts', dir, '--anchor', anchor]).then(
        () => undefined,
        (error: { code: number; stdout: string }) => error,
      );
      expect(cut?.code).to.equal(1);
      expect(cut?.stdout).to.match(/broken at line 4 \(seq 4\): the log ends at seq 3/);
      const malformed = await run('npx', ['tsx', 'scripts/audit-verify.ts', dir, '--anchor', '4']).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );
      expect(malformed?.code).to.equal(2);
    });
  });
});
