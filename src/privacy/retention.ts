/**
 * The retention job (issue 14): once a day, every kind with privacy hooks has the free text of the
 * items that settled longer ago than their category's period removed (`redact`), in the hot document
 * and in the archive (Store.rewriteItems); the items stay as anonymous stubs marked `redactedAt`,
 * each is counted in the statistics record and named (kind and id) in the audit log.
 */
import { AUDIT_SYSTEM, type AuditPort } from '../audit/audit-log.js';
import { osloDateTime } from '../domain/recurrence.js';
import type { TrackedItem } from '../domain/tracked-item.js';
import { osloDate } from '../domain/working-days.js';
import type { Store } from '../store/store.js';
import type { StoreParts } from '../store/store-parts.js';
import { countInStatistics, PRIVACY_RETENTION_RECORD, type RetentionRunRecord } from './privacy-store.js';

const DAY_MS = 86_400_000;

export interface RetentionDeps {
  store: Store;
  parts: StoreParts;
  audit: AuditPort;
  now: () => Date;
  /** Days per retention category (Config.retentionDays); a kind whose category is missing is skipped. */
  retentionDays: Readonly<Record<string, number>>;
}

/** What one run removed, per kind (items, each counted once however many copies it has). */
export interface RetentionRun {
  redacted: number;
  byKind: Record<string, number>;
}

/** Redacts what has expired; see the module comment. */
export async function runRetention(deps: RetentionDeps): Promise<RetentionRun> {
  const at = deps.now();
  const atIso = at.toISOString();
  const result: RetentionRun = { redacted: 0, byKind: {} };
  for (const [kind, spec] of deps.parts.items) {
    const privacy = spec.privacy;
    const days = privacy ? deps.retentionDays[privacy.retention] : undefined;
    if (!privacy || days === undefined) continue;
    const cutoff = at.getTime() - days * DAY_MS;
    const redacted = new Map<string, TrackedItem>();
    await deps.store.rewriteItems(kind, (item) => {
      if (item.redactedAt !== undefined) return undefined;
      const settled = privacy.settledAt(item);
      if (settled === undefined || !(Date.parse(settled) < cutoff)) return undefined;
      redacted.set(item.id, item);
      return { ...privacy.redact(item), redactedAt: atIso };
    });
    if (redacted.size === 0) continue;
    const items = [...redacted.values()];
    await deps.store.run((uow) => countInStatistics(uow, 'redacted', items));
    await deps.audit.record(
      items.map((item) => ({ actor: AUDIT_SYSTEM, action: 'redact', kind, id: item.id })),
    );
    result.byKind[kind] = items.length;
    result.redacted += items.length;
  }
  return result;
}

/**
 * When the retention pass last ran, from the store. A data dir that has no record of it (new, or from
 * before the record existed) starts counting now: the record is written and nothing is caught up.
 */
export async function lastRetentionRun(store: Store, nowMs: number): Promise<number> {
  const stored = await store.read(
    async (uow) => (await uow.records.get(PRIVACY_RETENTION_RECORD)) as RetentionRunRecord | undefined,
  );
  const at = stored?.lastRunAt ? Date.parse(stored.lastRunAt) : Number.NaN;
  if (!Number.isNaN(at)) return at;
  await recordRetentionRun(store, nowMs);
  return nowMs;
}

/** Records that the retention pass ran at `atMs`. */
export function recordRetentionRun(store: Store, atMs: number): Promise<void> {
  return store.run((uow) =>
    uow.records.put(PRIVACY_RETENTION_RECORD, {
      lastRunAt: new Date(atMs).toISOString(),
    } satisfies RetentionRunRecord),
  );
}

/** The Oslo time of day the retention job removes what has expired: at night, away from people's work. */
export const RETENTION_TIME = '03:00';

/**
 * The nightly moments around `nowMs`: the last one at or before it, and the next one after it (03:00
 * Oslo, DST included). The job removes what has expired once per night, not at every start: a pass
 * reads every archived month of every kind with privacy hooks and holds the store's writes meanwhile,
 * which at start would stall the first requests (issue 14; docs/PERFORMANCE.md). Only a start after a
 * night it missed (the last run, `lastRetentionRun`, is before the last moment) runs it at once.
 */
export function retentionMoments(nowMs: number): { last: number; next: number } {
  const today = osloDate(new Date(nowMs));
  const todayAt = osloDateTime(today, RETENTION_TIME).epochMilliseconds;
  if (todayAt <= nowMs) {
    return { last: todayAt, next: osloDateTime(today, RETENTION_TIME).add({ days: 1 }).epochMilliseconds };
  }
  return { last: osloDateTime(today, RETENTION_TIME).subtract({ days: 1 }).epochMilliseconds, next: todayAt };
}
