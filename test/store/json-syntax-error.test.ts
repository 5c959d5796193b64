import { expect } from 'chai';
import fc from 'fast-check';
import { findJsonSyntaxError } from '../../src/store/json-syntax-error.js';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('findJsonSyntaxError', () => {
  it('accepts valid JSON', () => {
    for (const text of ['{}', ' [1, -2.5e+3, "a\\u00e5\\n", true, false, null, {"x": []}] ', '"s"', '0'])
      expect(findJsonSyntaxError(text), text).to.equal(undefined);
  });

  it('locates errors by line and column', () => {
    expect(findJsonSyntaxError('{\n  "a": 1,\n}')).to.deep.equal({
      offset: 12,
      line: 3,
      column: 1,
      reason: 'unexpected character',
    });
    expect(findJsonSyntaxError('{"a": [1, 2')).to.include({ offset: 11, reason: 'unexpected end of input' });
    expect(findJsonSyntaxError('')).to.include({ offset: 0, reason: 'unexpected end of input' });
    expect(findJsonSyntaxError('{"a": tru}')).to.include({ offset: 9, line: 1, column: 10 });
    expect(findJsonSyntaxError('{} x')).to.include({ offset: 3 });
    expect(findJsonSyntaxError('01')).to.include({ offset: 1 });
    expect(findJsonSyntaxError('"a\tb"')).to.include({ offset: 2 });
    expect(findJsonSyntaxError('"\\x"')).to.include({ offset: 2 });
    expect(findJsonSyntaxError(`${'['.repeat(2_000)}${']'.repeat(2_000)}`)).to.include({
      reason: 'nested too deeply',
    });
  });

  it('agrees with JSON.parse on serialised values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(findJsonSyntaxError(JSON.stringify(value, null, 1))).to.equal(undefined);
      }),
    );
  });

  it('agrees with JSON.parse on arbitrary and damaged texts', () => {
    const damaged = fc
      .tuple(fc.json(), fc.nat(), fc.string({ maxLength: 2 }))
      .map(
        ([text, at, insert]) =>
          text.slice(0, at % (text.length + 1)) + insert + text.slice(at % (text.length + 1)),
      );
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: fc.constantFrom(...'{}[]",:01-.eE+ tfnrulsa\\') }), damaged),
        (text) => {
          expect(findJsonSyntaxError(text) === undefined, text).to.equal(parses(text));
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
