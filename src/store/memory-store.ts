/**
 * An in-memory Store with the same semantics as the lowdb store (same repositories, same unit of
 * work rules, same schema check on commit, an archive of the same files kept in a map) and no files:
 * for fast tests of use cases.
 */
import { Low, Memory } from 'lowdb';
import { DEFAULT_UNITS } from '../domain/default-units.js';
import type { Unit } from '../domain/roster.js';
import { createArchive, memoryArchiveFiles } from './archive.js';
import { createDocumentStore } from './document-store.js';
import { emptyDocument, type StoreDocument } from './schema.js';
import type { Store } from './store.js';
import type { StoreParts } from './store-parts.js';

/** Options of createMemoryStore. */
export interface MemoryStoreOptions {
  /** How long idempotency claims are kept; default 48 h. */
  idempotencyRetentionMs?: number;
  /** The clock for pruning idempotency claims (epoch ms); defaults to Date.now. */
  now?: () => number;
  /** The features' kinds of item and records (default: none: items and records are refused). */
  parts?: StoreParts;
}

/** A new, empty in-memory store seeded with `seedUnits` (default: DEFAULT_UNITS). */
export function createMemoryStore(
  seedUnits: readonly Unit[] = DEFAULT_UNITS,
  options: MemoryStoreOptions = {},
): Store {
  const document = emptyDocument(seedUnits, options.parts);
  return createDocumentStore({
    db: new Low<StoreDocument>(new Memory<StoreDocument>(), document),
    ...(options.parts
      ? { parts: options.parts, archive: createArchive(memoryArchiveFiles(), options.parts) }
      : {}),
    idempotencyRetentionMs: options.idempotencyRetentionMs,
    now: options.now,
  });
}
