/**
 * Running use cases in one unit of work. Every use case takes the unit of work it runs in, so that
 * one activity (or one scheduled round) commits all its changes at once: the claim of the activity,
 * the conversation reference and the use case's own changes, with the notifications they cause.
 */
import type { AuditRecord } from '../audit/audit-log.js';
import { SYSTEM_ACTOR, type TrackedItem } from '../domain/tracked-item.js';
import type { UnitOfWork } from '../store/store.js';
import type { AppContext } from './context.js';

/**
 * Runs `work` in one unit of work and resolves once its changes are durable. When it enqueued
 * notifications, the outbox is told afterwards (never before the commit: the worker must not look
 * for a message that is not stored yet); when it put tracked items, their kinds are told too (the
 * scheduler wakes the jobs they concern, e.g. the reminders after a new meeting series).
 */
export function inUnitOfWork<T>(ctx: AppContext, work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
  return runWithOutbox(ctx, 'write', work);
}

/**
 * The same, for work that usually only reads (a turn that shows something): it runs on the
 * committed document at once, and again as a unit of work only if it tried to change something
 * (Store.runReadFirst). `work` must have no effect outside the store before its first change.
 */
export function inUnitOfWorkReadFirst<T>(ctx: AppContext, work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
  return runWithOutbox(ctx, 'read-first', work);
}

async function runWithOutbox<T>(
  ctx: AppContext,
  mode: 'write' | 'read-first',
  work: (uow: UnitOfWork) => Promise<T>,
): Promise<T> {
  let enqueued = false;
  let kinds = new Set<string>();
  let audited = new Map<string, AuditRecord>();
  const unit = (uow: UnitOfWork) => {
    // A unit of work may run again (read-first, then as a write): only its last run counts.
    kinds = new Set<string>();
    audited = new Map();
    enqueued = false;
    return work(
      withOutbox(
        uow,
        () => {
          enqueued = true;
        },
        (kind) => kinds.add(kind),
        (record) => {
          const key = `${record.kind}|${record.id}`;
          // An item created and changed in one unit of work was created.
          if (audited.get(key)?.action !== 'create') audited.set(key, record);
        },
      ),
    );
  };
  const result = await (mode === 'read-first' ? ctx.store.runReadFirst(unit) : ctx.store.run(unit));
  // Recorded once the changes are durable: the log never names a change that did not happen.
  if (audited.size > 0) await ctx.audit.record([...audited.values()]);
  if (enqueued) ctx.onNotificationsEnqueued?.();
  if (kinds.size > 0) ctx.onItemsChanged?.(kinds);
  return result;
}

/** Who an item's change is recorded as: its newest history entry's actor, else its creator. */
export function auditActor(item: TrackedItem): string {
  return item.history.at(-1)?.by ?? (item.createdBy || SYSTEM_ACTOR);
}

/**
 * The same unit of work, with `onEnqueue` called whenever a notification is enqueued or put back in
 * the queue (a dead letter retried), `onPut` with the kind of every tracked item put, and `onAudit`
 * with the audit record of every put that creates or changes an item (ids and the action only).
 */
function withOutbox(
  uow: UnitOfWork,
  onEnqueue: () => void,
  onPut: (kind: string) => void,
  onAudit: (record: AuditRecord) => void,
): UnitOfWork {
  const outbox = uow.outbox;
  const items = uow.items;
  return {
    ...uow,
    items: {
      ...items,
      put: async (item) => {
        onPut(item.kind);
        const before = await items.get(item.kind, item.id);
        await items.put(item);
        // Compared as stored (the schema's order of keys): a put that changed nothing is no change.
        if (before !== undefined) {
          const after = await items.get(item.kind, item.id);
          if (JSON.stringify(before) === JSON.stringify(after)) return;
        }
        onAudit({
          actor: auditActor(item),
          action: before === undefined ? 'create' : 'change',
          kind: item.kind,
          id: item.id,
        });
      },
    },
    outbox: {
      ...outbox,
      enqueue: (request, at, id) => {
        onEnqueue();
        return outbox.enqueue(request, at, id);
      },
      put: (message) => {
        if (message.state === 'pending') onEnqueue();
        return outbox.put(message);
      },
    },
  };
}
