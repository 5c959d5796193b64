import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect } from 'chai';

const ROOT = resolve(import.meta.dirname, '../..');

/** Runs a module in a fresh Node process (restify is cached in this one) and returns its stderr. */
function stderrOf(source: string): string {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(result.status, result.stderr).to.equal(0);
  return result.stderr;
}

describe('restify loader', () => {
  it('loads restify without the DEP0111 warning that a plain require prints', () => {
    const plain = stderrOf(
      "import { createRequire } from 'node:module'; createRequire(import.meta.url)('restify');",
    );
    expect(plain, 'control: restify itself still warns').to.contain('DEP0111');
    const quiet = stderrOf(
      "const { restify } = await import('./src/http/restify.ts'); if (typeof restify.createServer !== 'function') process.exit(2);",
    );
    expect(quiet).not.to.contain('DEP0111');
  });

  it('lets other warnings through', () => {
    const stderr = stderrOf(
      "await import('./src/http/restify.ts'); process.emitWarning('still here', 'DeprecationWarning', 'DEP_TEST');",
    );
    expect(stderr).to.contain('DEP_TEST');
  });
});
