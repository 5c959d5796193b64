/**
 * Overlays: how a batch of units of work changes a record of the hot document (people, items of a
 * kind, outbox messages...) without copying it (issue 9: a write costs what it changes). Copying a
 * record of a few thousand entries costs milliseconds (about a microsecond per key), and the
 * committed record must stay as it is for readers until the batch is durable.
 *
 * An overlay is a Proxy over the committed record that keeps the batch's changes in a Map; every
 * plain object operation works on it (own, Object.hasOwn, putOwn, delete, spread), point operations
 * at the cost of a Map lookup. Iterating a Proxy is slow, so the repositories iterate records with
 * valuesOf / entriesOf / keysOf, which read the committed record directly and lay the changes over it.
 * After the batch's write is durable, settleOverlay applies the changes to the committed record in
 * place (or, while a read is running, to a copy, so that a read never sees a record change under it).
 */
import { putOwn } from './own-entries.js';

const REMOVED = Symbol('removed');

/** A record as a batch sees it: the committed record and the batch's changes to it. */
export interface Overlay {
  base: Record<string, unknown>;
  /** Key → new value, or REMOVED; in the order of the first change of each key. */
  changes: Map<string, unknown>;
}

const overlays = new WeakMap<object, Overlay>();

/** The overlay behind `record`, or undefined for a plain record. */
export function overlayOf(record: object): Overlay | undefined {
  return overlays.get(record);
}

/** A record that reads as `base` with changes laid over it, and keeps every change to itself. */
export function createOverlay<R extends object>(base: R): R {
  const overlay: Overlay = { base: base as Record<string, unknown>, changes: new Map() };
  const { changes } = overlay;
  const changed = (key: string | symbol): key is string => typeof key === 'string' && changes.has(key);
  const proxy = new Proxy(base as Record<string, unknown>, {
    get(target, key, receiver) {
      if (changed(key)) {
        const value = changes.get(key);
        return value === REMOVED ? undefined : value;
      }
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      if (changed(key)) return changes.get(key) !== REMOVED;
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      const keys = Reflect.ownKeys(target).filter((key) => !changed(key) || changes.get(key) !== REMOVED);
      for (const [key, value] of changes)
        if (value !== REMOVED && !Object.hasOwn(target, key)) keys.push(key);
      return keys;
    },
    getOwnPropertyDescriptor(target, key) {
      if (changed(key)) {
        const value = changes.get(key);
        return value === REMOVED
          ? undefined
          : { value, writable: true, enumerable: true, configurable: true };
      }
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    defineProperty(_target, key, descriptor) {
      if (typeof key !== 'string' || !('value' in descriptor)) return false;
      changes.set(key, descriptor.value);
      return true;
    },
    set(_target, key, value) {
      if (typeof key !== 'string') return false;
      changes.set(key, value);
      return true;
    },
    deleteProperty(target, key) {
      if (typeof key !== 'string') return false;
      if (Object.hasOwn(target, key) || changes.has(key)) changes.set(key, REMOVED);
      return true;
    },
  });
  overlays.set(proxy, overlay);
  return proxy as R;
}

/** The keys an overlay changed (set or removed), in the order of their first change. */
export function changedKeys(overlay: Overlay): Iterable<string> {
  return overlay.changes.keys();
}

/** The record's [key, value] pairs, in the order Object.entries gives for a plain record. */
export function entriesOf<V>(record: Record<string, V>): [string, V][] {
  const overlay = overlays.get(record);
  if (!overlay) return Object.entries(record);
  const { base, changes } = overlay;
  const out: [string, V][] = [];
  for (const key of Object.keys(base)) {
    if (!changes.has(key)) out.push([key, base[key] as V]);
    else if (changes.get(key) !== REMOVED) out.push([key, changes.get(key) as V]);
  }
  for (const [key, value] of changes)
    if (value !== REMOVED && !Object.hasOwn(base, key)) out.push([key, value as V]);
  return out;
}

/** The record's values (see entriesOf). */
export function valuesOf<V>(record: Record<string, V>): V[] {
  return overlays.has(record) ? entriesOf(record).map(([, value]) => value) : Object.values(record);
}

/** The record's keys (see entriesOf). */
export function keysOf(record: Record<string, unknown>): string[] {
  return overlays.has(record) ? entriesOf(record).map(([key]) => key) : Object.keys(record);
}

/**
 * Applies an overlay's changes to its committed record in place and returns that record, or, when
 * `inPlace` is false (a read is running), returns a new record with them and leaves the committed
 * one as it was. Call it only once the changes are durable.
 */
export function settleOverlay(overlay: Overlay, inPlace: boolean): Record<string, unknown> {
  const target = inPlace ? overlay.base : { ...overlay.base };
  for (const [key, value] of overlay.changes) {
    if (value === REMOVED) delete target[key];
    else putOwn(target, key, value);
  }
  if (inPlace) versions.set(target, (versions.get(target) ?? 0) + 1);
  return target;
}

const versions = new WeakMap<object, number>();

/** How many times a record was changed in place (caches keyed by the record compare it). */
export function versionOf(record: object): number {
  return versions.get(record) ?? 0;
}
