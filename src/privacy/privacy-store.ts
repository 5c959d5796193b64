/**
 * What the core keeps about retention and erasure (issue 14), as a named record: anonymous counts
 * that survive the removal of free text. Per kind of item and per month it was created in (UTC,
 * `YYYY-MM`), how many items had their text removed at the end of their retention period, and
 * how many were anonymised on a person's request. No id, no name, no text.
 */
import { z } from 'zod';
import type { UnitOfWork } from '../store/store.js';
import type { RecordSpec, StorePart } from '../store/store-parts.js';

export const PRIVACY_STATISTICS_RECORD = 'privacy.statistics';

const countsSchema = z.object({ redacted: z.int().nonnegative(), erased: z.int().nonnegative() });
export type PrivacyCounts = z.infer<typeof countsSchema>;
/** kind → month created (YYYY-MM) → counts. */
export type PrivacyStatistics = Record<string, Record<string, PrivacyCounts>>;

const statisticsSchema = z.record(z.string(), z.record(z.string(), countsSchema));

const statisticsRecord: RecordSpec<PrivacyStatistics> = {
  name: PRIVACY_STATISTICS_RECORD,
  schema: statisticsSchema,
  seed: () => ({}),
};

/**
 * Erasures an administrator confirmed whose second step (the archive's copies, the journal, the
 * audit entry: privacy/erasure.ts) is still to run. The person's id only, until it has run.
 */
export const PRIVACY_ERASURES_RECORD = 'privacy.erasures';

const erasureSchema = z.object({
  subject: z.string().min(1),
  by: z.string().min(1),
  at: z.string(),
  leaving: z.boolean(),
});
export type PendingErasure = z.infer<typeof erasureSchema>;

const erasuresRecord: RecordSpec<PendingErasure[]> = {
  name: PRIVACY_ERASURES_RECORD,
  schema: z.array(erasureSchema),
  seed: () => [],
};

/**
 * When the nightly retention pass last ran (ISO). Kept in the store so that a night the bot was down
 * (or restarted across 03:00) is caught up at its next start rather than skipped.
 */
export const PRIVACY_RETENTION_RECORD = 'privacy.retention';

const retentionRunSchema = z.object({ lastRunAt: z.string().optional() });
export type RetentionRunRecord = z.infer<typeof retentionRunSchema>;

const retentionRecord: RecordSpec<RetentionRunRecord> = {
  name: PRIVACY_RETENTION_RECORD,
  schema: retentionRunSchema,
  seed: () => ({}),
};

/** The core's part of the store (the registry adds it to the features' parts). */
export const PRIVACY_STORE: StorePart = {
  records: [statisticsRecord as RecordSpec, erasuresRecord as RecordSpec, retentionRecord as RecordSpec],
};

/** Adds counts of items (by kind and creation month) to the statistics, in one unit of work. */
export async function countInStatistics(
  uow: UnitOfWork,
  what: keyof PrivacyCounts,
  items: readonly { kind: string; createdAt: string }[],
): Promise<void> {
  if (items.length === 0) return;
  const current = ((await uow.records.get(PRIVACY_STATISTICS_RECORD)) ?? {}) as PrivacyStatistics;
  const next: PrivacyStatistics = JSON.parse(JSON.stringify(current));
  for (const item of items) {
    const month = item.createdAt.slice(0, 7);
    const byMonth = next[item.kind] ?? {};
    const counts = byMonth[month] ?? { redacted: 0, erased: 0 };
    counts[what]++;
    byMonth[month] = counts;
    next[item.kind] = byMonth;
  }
  await uow.records.put(PRIVACY_STATISTICS_RECORD, next);
}
