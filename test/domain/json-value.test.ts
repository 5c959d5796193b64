import { expect } from 'chai';
import { cloneJson, deepFreeze } from '../../src/domain/json-value.js';

describe('cloneJson: a deep copy of JSON data', () => {
  it('copies JSON data deeply: the copy equals the value and shares no object or array with it', () => {
    const value = {
      id: 'g-1',
      n: 3,
      ok: true,
      none: null,
      optional: undefined,
      list: [{ a: 1 }, [2, 'x'], null],
      nested: { deeper: { text: 'Spørsmål' } },
    };
    const copy = cloneJson(value);
    expect(copy).to.deep.equal(value);
    expect(Object.keys(copy)).to.deep.equal(Object.keys(value));
    expect(copy).to.not.equal(value);
    expect(copy.list).to.not.equal(value.list);
    expect(copy.list[0]).to.not.equal(value.list[0]);
    expect(copy.nested.deeper).to.not.equal(value.nested.deeper);
    (copy.nested.deeper as { text: string }).text = 'endret';
    expect(value.nested.deeper.text).to.equal('Spørsmål');
  });

  it('gives the same result as structuredClone on stored JSON, frozen or not', () => {
    const value = Object.freeze({ a: Object.freeze([1, 2, Object.freeze({ b: 'c' })]), d: 'e' });
    const copy = cloneJson(value);
    expect(copy).to.deep.equal(structuredClone(value));
    expect(Object.isFrozen(copy)).to.equal(false);
    expect(Object.isFrozen(copy.a)).to.equal(false);
  });

  it('keeps a "__proto__" key as data, never as the prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') as Record<string, unknown>;
    const copy = cloneJson(value);
    expect(Object.getPrototypeOf(copy)).to.equal(Object.prototype);
    expect(Object.keys(copy)).to.deep.equal(['__proto__', 'x']);
    expect((copy as { polluted?: boolean }).polluted).to.equal(undefined);
    expect(JSON.stringify(copy)).to.equal(JSON.stringify(value));
  });

  it('refuses what is not JSON data', () => {
    expect(() => cloneJson({ at: new Date() })).to.throw(TypeError);
    expect(() => cloneJson({ m: new Map() })).to.throw(TypeError);
    expect(() => cloneJson({ f: () => 1 })).to.throw(TypeError);
    expect(() => cloneJson({ n: 1n })).to.throw(TypeError);
  });
});

describe('deepFreeze', () => {
  it('freezes a JSON value and everything in it, and a copy of it is not frozen', () => {
    const value = deepFreeze({ a: [{ b: 'c' }], d: { e: 1 } });
    expect(Object.isFrozen(value)).to.equal(true);
    expect(Object.isFrozen(value.a[0])).to.equal(true);
    expect(Object.isFrozen(value.d)).to.equal(true);
    expect(() => (value.a as unknown[]).push(1)).to.throw(TypeError);
    expect(Object.isFrozen(cloneJson(value).a)).to.equal(false);
  });
});
