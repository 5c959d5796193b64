/**
 * Schema migrations of the persisted document. Each migration turns a document at version `from`
 * into one at version `from + 1`; it is a pure function on plain JSON (no I/O, no clock).
 * The loader (document-file.ts) keeps a backup of the file before writing a migrated document.
 */

import { isJsonObject } from './json-object.js';
import { migrateToV5 } from './migrate-v5.js';

export { isJsonObject } from './json-object.js';

/** One step from `from` to `from + 1`. */
export interface Migration {
  from: number;
  /** What changes, for people reading the list. */
  description: string;
  /** Returns the document at version `from + 1`; `schemaVersion` is set by migrate(). */
  up(document: Record<string, unknown>): Record<string, unknown>;
}

/** The migrations of this code base, oldest first (version 1 is the first released version). */
export const MIGRATIONS: readonly Migration[] = [
  {
    from: 1,
    description: 'the outbox remembers unreachable recipients (an empty list to start with)',
    up: (document) => ({ ...document, unreachable: {} }),
  },
  {
    from: 2,
    description:
      'guidance requests (the guidance topics, seeded from IM 2018-002, are added at load by the guidance feature since schema 5)',
    up: (document) => ({ ...document, guidanceRequests: {} }),
  },
  {
    from: 3,
    description: 'a claimed activity remembers the item it created or changed (claims become objects)',
    up: (document) => ({
      ...document,
      idempotency: Object.fromEntries(
        Object.entries(isJsonObject(document.idempotency) ? document.idempotency : {}).map(([key, at]) => [
          key,
          { at },
        ]),
      ),
    }),
  },
  {
    from: 4,
    description:
      'the tracked-item engine: items by kind, parties with their live cards, and an outbox of references (no card copies; delivered messages dropped)',
    up: (document) => migrateToV5(document),
  },
  {
    from: 5,
    description:
      'settled items and delivered notifications move out of the data file into archive/ (done by Store.archive after opening; an older release would not see them, so it must refuse the file)',
    up: (document) => document,
  },
];

/** A document cannot be migrated (unknown version, newer than the code, broken migration). */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * The document's `schemaVersion`; throws MigrationError when it is missing or not a non-negative
 * integer (0 is allowed for documents from before the first release).
 */
export function readSchemaVersion(document: unknown): number {
  if (!isJsonObject(document)) throw new MigrationError('the document is not a JSON object');
  const version = document.schemaVersion;
  if (version === undefined) throw new MigrationError('the document has no schemaVersion');
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0)
    throw new MigrationError('schemaVersion is not a non-negative integer');
  return version;
}

/** The result of migrate(): the document at the target version and the version it started at. */
export interface MigrationResult {
  document: Record<string, unknown>;
  fromVersion: number;
}

/**
 * Brings a document up to `targetVersion` by applying the migrations in order. The input is not
 * modified; a document already at `targetVersion` is returned as it is (not copied). Throws MigrationError when the document is newer than `targetVersion` (written by a
 * newer release: refuse rather than lose data), when a step is missing, or when a step does not
 * return a JSON object.
 */
export function migrate(
  document: unknown,
  migrations: readonly Migration[],
  targetVersion: number,
): MigrationResult {
  const fromVersion = readSchemaVersion(document);
  if (fromVersion > targetVersion)
    throw new MigrationError(
      `schemaVersion ${fromVersion} is newer than this release understands (${targetVersion}); ` +
        'run the release that wrote the file, or restore a backup',
    );
  // Nothing to migrate (the usual start): no copy of a document that may be large (issue 9).
  if (fromVersion === targetVersion) return { document: document as Record<string, unknown>, fromVersion };
  let current = structuredClone(document) as Record<string, unknown>;
  for (let version = fromVersion; version < targetVersion; version++) {
    const steps = migrations.filter((m) => m.from === version);
    if (steps.length !== 1)
      throw new MigrationError(
        steps.length === 0
          ? `no migration from schemaVersion ${version} to ${version + 1}`
          : `more than one migration from schemaVersion ${version}`,
      );
    const next = steps[0]!.up(current);
    if (!isJsonObject(next))
      throw new MigrationError(`the migration from schemaVersion ${version} did not return an object`);
    current = { ...next, schemaVersion: version + 1 };
  }
  return { document: current, fromVersion };
}
