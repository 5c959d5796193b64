/**
 * Delivers what use cases enqueued, in the background, one message at a time in enqueue order.
 * A message is marked sent only after the Bot Connector accepted it (its activity id is stored),
 * so a card can later be updated in place through `replaces`.
 *
 * This is the foundation's delivery engine: rate limits, backoff with jitter, dead letters and the
 * `delivery` card come with the proactive-delivery issue.
 */
import type { CardSpec, Recipient } from '../domain/notifications.js';
import type { Logger } from '../log/logger.js';
import type { OutboxMessage, Store, StoredConversation, UnitOfWork } from '../store/store.js';
import { type CardJson, DeliveryError, type ProactiveSender } from './delivery.js';

export interface OutboxWorkerOptions {
  store: Store;
  sender: ProactiveSender;
  /** Renders a card spec in the recipient's language (locale as last seen from them, if known). */
  render: (card: CardSpec, locale: string | undefined) => CardJson;
  logger: Logger;
  pollIntervalMs: number;
  maxAttempts?: number;
  now?: () => Date;
}

export interface OutboxWorker {
  /** Starts polling. */
  start(): void;
  /** Asks for a delivery round soon (after a use case enqueued something). */
  kick(): void;
  /** Runs delivery rounds until nothing deliverable is pending (tests and shutdown). */
  drain(): Promise<void>;
  /** Stops polling and waits for the message in flight. */
  stop(): Promise<void>;
}

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { store, sender, render, logger } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  const now = options.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = false;

  async function round(): Promise<number> {
    const pending = await store.read((uow) => uow.outbox.listPending(50));
    let delivered = 0;
    for (const message of pending) {
      if (stopped) break;
      if (await deliver(message)) delivered++;
    }
    return delivered;
  }

  async function deliver(message: OutboxMessage): Promise<boolean> {
    const target = await store.read((uow) => resolveTarget(uow, message.recipient));
    if (!target) {
      await finish(message, { state: 'failed', lastError: 'no-conversation' });
      logger.warn(
        { event: 'outbox.undeliverable', reason: 'no-conversation' },
        'no conversation for recipient',
      );
      return false;
    }
    const original = message.replaces
      ? await store.read((uow) => uow.outbox.getByKey(message.replaces as string))
      : undefined;
    if (original?.state === 'failed') {
      // The card to update never reached them: posting its new state as a fresh message would only
      // confuse (they may have acted through another way, e.g. the requests list).
      await finish(message, { state: 'failed', lastError: 'original-undelivered' });
      logger.info(
        { event: 'outbox.skipped', reason: 'original-undelivered' },
        'update of an undelivered card',
      );
      return false;
    }
    const card = render(message.card, target.locale);
    try {
      if (original?.state === 'sent' && original.activityId) {
        await sender.update(target.reference, original.activityId, card);
        await finish(message, {
          state: 'sent',
          activityId: original.activityId,
          conversationId: original.conversationId,
          sentAt: now().toISOString(),
        });
      } else {
        const sent = await sender.send(target.reference, card);
        await finish(message, { state: 'sent', ...sent, sentAt: now().toISOString() });
      }
      logger.info(
        { event: 'outbox.delivered', template: message.card.template, update: !!original },
        'delivered',
      );
      return true;
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : new DeliveryError('network', false, undefined);
      const attempts = message.attempts + 1;
      const state = failure.permanent || attempts >= maxAttempts ? 'failed' : 'pending';
      await finish(message, {
        state,
        attempts,
        lastError: failure.status ? String(failure.status) : failure.code,
      });
      logger.warn(
        {
          event: 'outbox.failed',
          status: failure.status,
          code: failure.code,
          attempts,
          final: state === 'failed',
        },
        'delivery failed',
      );
      return false;
    }
  }

  async function finish(message: OutboxMessage, patch: Partial<OutboxMessage>): Promise<void> {
    await store.run(async (uow) => {
      const current = await uow.outbox.get(message.id);
      if (current)
        await uow.outbox.put({ ...current, attempts: patch.attempts ?? current.attempts, ...patch });
    });
  }

  function schedule(): void {
    if (stopped || running) return;
    running = round()
      .catch((error: unknown) => {
        logger.error({ event: 'outbox.round-failed', err: error }, 'outbox round failed');
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
  }

  return {
    start() {
      stopped = false;
      timer = setInterval(schedule, options.pollIntervalMs);
      timer.unref();
      schedule();
    },
    kick() {
      if (running) void running.then(() => schedule());
      else schedule();
    },
    async drain() {
      for (let i = 0; i < 100; i++) {
        if (running) await running;
        const pending = await store.read((uow) => uow.outbox.listPending(1));
        if (pending.length === 0) return;
        schedule();
        await running;
      }
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (running) await running;
    },
  };
}

async function resolveTarget(uow: UnitOfWork, recipient: Recipient): Promise<StoredConversation | undefined> {
  if (recipient.kind === 'person') return uow.conversations.getPerson(recipient.aadObjectId);
  const channel = (await uow.settings.get()).networkChannel;
  return channel ? uow.conversations.getChannel(channel) : undefined;
}
