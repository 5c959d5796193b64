/**
 * Locates the first syntax error in a JSON text. V8's own JSON.parse messages sometimes quote the
 * text around the error ("Unexpected token 'a', "abc..." is not valid JSON"), which would put
 * data into error messages and logs; this scanner reports only where and what kind of error.
 */

/** Where a JSON text stops being valid. Line and column are 1-based. */
export interface JsonSyntaxError {
  offset: number;
  line: number;
  column: number;
  reason: 'unexpected end of input' | 'unexpected character' | 'nested too deeply';
}

/** Deeper nesting is reported rather than risking the call stack (the document is shallow). */
const MAX_DEPTH = 1_000;

class Failure {
  constructor(
    readonly offset: number,
    readonly reason: JsonSyntaxError['reason'],
  ) {}
}

/** Returns the first syntax error in `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const fail = (reason?: JsonSyntaxError['reason']): never => {
    throw new Failure(i, reason ?? (i >= text.length ? 'unexpected end of input' : 'unexpected character'));
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (char: string) => {
    if (text[i] !== char) fail();
    i++;
  };
  const literal = (word: string) => {
    for (const char of word) expect(char);
  };
  const digits = (atLeastOne: boolean) => {
    const start = i;
    while (i < text.length && text[i]! >= '0' && text[i]! <= '9') i++;
    if (atLeastOne && i === start) fail();
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits(true);
    if (text[i] === '.') {
      i++;
      digits(true);
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits(true);
    }
  };
  const string = () => {
    expect('"');
    for (;;) {
      if (i >= text.length) fail();
      const code = text.charCodeAt(i);
      if (code === 0x22) {
        i++;
        return;
      }
      if (code < 0x20) fail();
      if (code === 0x5c) {
        i++;
        const escaped = text[i];
        if (escaped === 'u') {
          i++;
          for (let k = 0; k < 4; k++) {
            if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail();
            i++;
          }
        } else if (escaped !== undefined && '"\\/bfnrt'.includes(escaped)) i++;
        else fail();
      } else i++;
    }
  };
  const object = (depth: number) => {
    expect('{');
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      ws();
      string();
      ws();
      expect(':');
      value(depth + 1);
      ws();
      if (text[i] !== ',') break;
      i++;
    }
    expect('}');
  };
  const array = (depth: number) => {
    expect('[');
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      value(depth + 1);
      ws();
      if (text[i] !== ',') break;
      i++;
    }
    expect(']');
  };
  function value(depth: number): void {
    if (depth > MAX_DEPTH) fail('nested too deeply');
    ws();
    const char = text[i];
    if (char === '{') object(depth);
    else if (char === '[') array(depth);
    else if (char === '"') string();
    else if (char === 't') literal('true');
    else if (char === 'f') literal('false');
    else if (char === 'n') literal('null');
    else if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) number();
    else fail();
  }

  try {
    value(0);
    ws();
    if (i < text.length) fail();
    return undefined;
  } catch (err) {
    if (!(err instanceof Failure)) throw err;
    const before = text.slice(0, err.offset);
    const line = before.split('\n').length;
    const column = err.offset - before.lastIndexOf('\n');
    return { offset: err.offset, line, column, reason: err.reason };
  }
}
