/**
 * Own entries of records keyed by data (ids, keys): never something inherited such as `__proto__`
 * or `constructor`. Shared by the repositories and the archive.
 */

/** The record's own entry, or undefined. */
export function own<V>(record: Record<string, V>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Sets an own entry, also for keys like `__proto__` that plain assignment would misread. */
export function putOwn<V>(record: Record<string, V>, key: string, value: V): void {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
}
