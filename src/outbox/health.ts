/** What /healthz says about the outbox: how much waits, and how long the oldest has waited. */
import type { Store } from '../store/store.js';

export interface OutboxHealth {
  /** Messages waiting to be delivered. */
  depth: number;
  /** Age of the oldest pending message in seconds (0 when none). */
  oldestPendingAgeSeconds: number;
  /** Dead letters (delivery given up), waiting for a coordinator to retry them. */
  failed: number;
}

export async function outboxHealth(store: Store, now: number): Promise<OutboxHealth> {
  return store.read(async (uow) => {
    const counts = await uow.outbox.counts();
    const [oldest] = await uow.outbox.listPending(1);
    const age = oldest ? Math.max(0, Math.round((now - Date.parse(oldest.createdAt)) / 1000)) : 0;
    return { depth: counts.pending, oldestPendingAgeSeconds: age, failed: counts.failed };
  });
}
