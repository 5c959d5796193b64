import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import ts from 'typescript';

const tsconfigPath = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));
const fixturesIndex = fileURLToPath(new URL('./fixtures/index.ts', import.meta.url));

/** Type errors (as text) of a program made of the given files, under the project's tsconfig. */
function typeErrors(rootNames: string[]): string[] {
  const config = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(tsconfigPath));
  const program = ts.createProgram(rootNames, { ...parsed.options, noEmit: true });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('card fixtures', () => {
  it('type-check against CardData (FIXTURES maps every card name to its data type)', function () {
    this.timeout(60_000);
    expect(typeErrors([fixturesIndex])).to.deep.equal([]);
  });
});
