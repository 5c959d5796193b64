/**
 * Running use cases in one unit of work. Every use case takes the unit of work it runs in, so that
 * one activity (or one scheduled round) commits all its changes at once: the claim of the activity,
 * the conversation reference and the use case's own changes, with the notifications they cause.
 */
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
  const unit = (uow: UnitOfWork) => {
    // A unit of work may run again (read-first, then as a write): only its last run counts.
    kinds = new Set<string>();
    enqueued = false;
    return work(
      withOutbox(
        uow,
        () => {
          enqueued = true;
        },
        (kind) => kinds.add(kind),
      ),
    );
  };
  const result = await (mode === 'read-first' ? ctx.store.runReadFirst(unit) : ctx.store.run(unit));
  if (enqueued) ctx.onNotificationsEnqueued?.();
  if (kinds.size > 0) ctx.onItemsChanged?.(kinds);
  return result;
}

/**
 * The same unit of work, with `onEnqueue` called whenever a notification is enqueued or put back in
 * the queue (a dead letter retried), and `onPut` with the kind of every tracked item put.
 */
function withOutbox(uow: UnitOfWork, onEnqueue: () => void, onPut: (kind: string) => void): UnitOfWork {
  const outbox = uow.outbox;
  const items = uow.items;
  return {
    ...uow,
    items: {
      ...items,
      put: (item) => {
        onPut(item.kind);
        return items.put(item);
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
