/**
 * JSON values (what the store keeps and what a rendered card is): a deep copy and a deep freeze.
 *
 * A deep copy of JSON data (plain objects, arrays, strings, numbers, booleans, null; an optional
 * property may hold undefined) by plain recursion does what structuredClone does, at a fraction of
 * its cost: structuredClone serialises and deserialises, and was the largest single cost in the
 * store on the ask path (issue 9's profile). Anything that is not JSON data (a Date, a Map, a class
 * instance, a function) is refused with a TypeError: it could not have been written as JSON either.
 */
export function cloneJson<T>(value: T): T {
  return copyValue(value) as T;
}

function copyValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
      throw new TypeError(`cannot copy a ${typeof value}: the store holds JSON data only`);
    }
    return value;
  }
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = copyValue(value[i]);
    return copy;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new TypeError('cannot copy an object that is not plain: the store holds JSON data only');
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    // Own enumerable keys only; "__proto__" is defined, not assigned (it would set the prototype).
    if (key === '__proto__')
      Object.defineProperty(copy, key, {
        value: copyValue(field),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else copy[key] = copyValue(field);
  }
  return copy;
}

/** Freezes a JSON value and everything in it; returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
