/**
 * Checks a value against the document schema and describes what is wrong in words fit for an
 * operator: the path and zod's message, never a data value. Record keys in the path (AAD object
 * ids, idempotency keys...) are data too, so they are shown as `<key>`.
 */
import type { z } from 'zod';
import { RECORD_PATHS, type StoreDocument, storeDocumentSchema } from './schema.js';
import { NO_PARTS, type StoreParts } from './store-parts.js';

/** A unit of work tried to store a value the schema rejects (the file would not load again). */
export class InvalidDocumentError extends Error {
  override name = 'InvalidDocumentError';
}

/** The outcome of validateDocument(). */
export type DocumentValidation = { ok: true; document: StoreDocument } | { ok: false; problem: string };

const MAX_ISSUES_SHOWN = 3;

/** Formats an issue path, hiding the segments that are record keys. */
export function describePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(document)';
  let out = '';
  path.forEach((segment, index) => {
    const isRecordKey = RECORD_PATHS.some(
      (prefix) => prefix.length === index && prefix.every((part, k) => part === '*' || path[k] === part),
    );
    if (isRecordKey) out += '.<key>';
    else if (typeof segment === 'number') out += `[${segment}]`;
    else out += `${index === 0 ? '' : '.'}${String(segment)}`;
  });
  return out.startsWith('.') ? out.slice(1) : out;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, MAX_ISSUES_SHOWN).map((i) => `${describePath(i.path)}: ${i.message}`);
  const more = issues.length > MAX_ISSUES_SHOWN ? ` (and ${issues.length - MAX_ISSUES_SHOWN} more)` : '';
  return `${shown.join('; ')}${more}`;
}

/**
 * Parses `value` as a StoreDocument (unknown fields are dropped): the core schema, then every item
 * and record against the schema its feature registers (kinds and records no feature registers are
 * kept as they are). A registered record that is missing gets its seed.
 */
export function validateDocument(value: unknown, parts: StoreParts = NO_PARTS): DocumentValidation {
  const result = storeDocumentSchema.safeParse(value);
  if (!result.success) return { ok: false, problem: describeIssues(result.error.issues) };
  const document = result.data;
  const issues: z.core.$ZodIssue[] = [];
  for (const [kind, spec] of parts.items) {
    if (!Object.hasOwn(document.items, kind)) document.items[kind] = {};
    const entries = document.items[kind] as Record<string, unknown>;
    for (const [id, item] of Object.entries(entries)) {
      const checked = spec.schema.safeParse(item);
      if (checked.success) entries[id] = checked.data;
      else issues.push(...checked.error.issues.map((i) => ({ ...i, path: ['items', kind, id, ...i.path] })));
    }
  }
  for (const [name, spec] of parts.records) {
    if (!Object.hasOwn(document.records, name)) {
      document.records[name] = spec.seed();
      continue;
    }
    const checked = spec.schema.safeParse(document.records[name]);
    if (checked.success) document.records[name] = checked.data;
    else issues.push(...checked.error.issues.map((i) => ({ ...i, path: ['records', name, ...i.path] })));
  }
  return issues.length > 0 ? { ok: false, problem: describeIssues(issues) } : { ok: true, document };
}

/**
 * Checks one value about to be stored at `path` (from the document root, e.g. ['people', id])
 * and returns zod's output; throws InvalidDocumentError naming the path (keys hidden).
 */
export function checkEntry<S extends z.ZodType>(
  schema: S,
  value: unknown,
  path: readonly PropertyKey[],
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ ...issue, path: [...path, ...issue.path] }));
  throw new InvalidDocumentError(`not saved, the value does not match the schema: ${describeIssues(issues)}`);
}
