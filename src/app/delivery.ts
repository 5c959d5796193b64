/** Watching the delivery engine: what waits, what failed, who cannot be reached; retrying dead letters. */
import type { Recipient } from '../domain/notifications.js';
import { authorize, type Refusal } from '../domain/policy.js';
import type { OutboxMessage, OutboxState, UnitOfWork, UnreachableRecipient } from '../store/store.js';
import { loadActor } from './actor.js';
import type { AppContext, Caller } from './context.js';

export const DEAD_LETTERS_SHOWN = 10;

export interface DeliveryStatus {
  counts: Record<OutboxState, number>;
  /** ISO time the oldest pending message was enqueued. */
  oldestPendingSince?: string;
  unreachable: (UnreachableRecipient & { name?: string })[];
  deadLetters: (Pick<
    OutboxMessage,
    'subject' | 'view' | 'recipient' | 'lastError' | 'attempts' | 'createdAt'
  > & {
    recipientName?: string;
  })[];
  moreDeadLetters: number;
}

export async function deliveryStatus(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
): Promise<{ ok: true; status: DeliveryStatus } | { ok: false; error: Refusal }> {
  const decision = authorize(await loadActor(ctx, uow, caller), { kind: 'delivery.view' });
  if (!decision.allowed) return { ok: false, error: decision.reason };
  const nameOf = async (recipient: Recipient) =>
    recipient.kind === 'person' ? (await uow.people.get(recipient.aadObjectId))?.displayName : undefined;
  const counts = await uow.outbox.counts();
  const [oldest] = await uow.outbox.listPending(1);
  const failed = await uow.outbox.listFailed();
  const shown = failed.slice(-DEAD_LETTERS_SHOWN).reverse();
  const status: DeliveryStatus = {
    counts,
    ...(oldest ? { oldestPendingSince: oldest.createdAt } : {}),
    unreachable: await Promise.all(
      (await uow.unreachable.list()).map(async (entry) => ({
        ...entry,
        name: await nameOf(entry.recipient),
      })),
    ),
    deadLetters: await Promise.all(
      shown.map(async (m) => ({
        subject: m.subject,
        view: m.view,
        recipient: m.recipient,
        attempts: m.attempts,
        createdAt: m.createdAt,
        ...(m.lastError ? { lastError: m.lastError } : {}),
        recipientName: await nameOf(m.recipient),
      })),
    ),
    moreDeadLetters: Math.max(0, failed.length - shown.length),
  };
  return { ok: true, status };
}

/**
 * Puts every dead letter back in the queue with a fresh attempt count. Updates of cards that never
 * reached anyone stay failed (retrying them cannot help).
 */
export async function retryDeadLetters(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
): Promise<{ ok: true; count: number } | { ok: false; error: Refusal }> {
  const decision = authorize(await loadActor(ctx, uow, caller), { kind: 'delivery.retry' });
  if (!decision.allowed) return { ok: false, error: decision.reason };
  let count = 0;
  for (const message of await uow.outbox.listFailed()) {
    if (message.lastError === 'original-undelivered') continue;
    const { nextAttemptAt: _next, ...rest } = message;
    await uow.outbox.put({ ...rest, state: 'pending', attempts: 0 });
    count++;
  }
  return { ok: true, count };
}
