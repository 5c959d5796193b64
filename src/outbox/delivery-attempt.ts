/**
 * One delivery attempt of one outbox message, and what its outcome does.
 *
 * The attempt renders the card at send time (in the reader's language, from the item as it is), then
 * makes exactly one request at the Bot Connector: post it, update the card it replaces in place, or
 * create the 1:1 chat it needs first. The outcome is written through the batched writer: sent (with
 * the activity id), chat created (the message goes in a later round), skipped (nothing left to send),
 * a retry at a later time (Retry-After, else backoff), a dead letter after `maxAttempts`, or, for a
 * permanent failure, the recipient marked unreachable and the person whose action caused it told.
 * The request's place in the limits is settled at the answer (limit-accounting.ts).
 */
import {
  type NotificationRequest,
  OUTBOX_SUBJECT,
  type Recipient,
  recipientKey,
} from '../domain/notifications.js';
import type { Logger } from '../log/logger.js';
import type { ConversationReferenceJson, OutboxMessage, Store, UnitOfWork } from '../store/store.js';
import type { CardSource } from './card-source.js';
import { DeliveryError, type ProactiveSender, type SentActivity } from './delivery.js';
import { type DevRedirect, withHeaderLine } from './dev-redirect.js';
import type { LimitAccounting } from './limit-accounting.js';
import { type BackoffOptions, classifyFailure, nextAttemptDelay } from './retry-policy.js';
import { conversationIdOf, forgetConversation, type Target } from './targets.js';

export interface DeliveryAttemptOptions {
  store: Store;
  sender: ProactiveSender;
  cards: CardSource;
  logger: Logger;
  /** The tenant the bot serves (for creating 1:1 chats). */
  tenantId: string;
  /** Bot Connector service URL used to create a 1:1 chat when the target gives none. */
  defaultServiceUrl: string;
  /** Attempts before a message becomes a dead letter. */
  maxAttempts: number;
  backoff: BackoffOptions;
  devRedirect?: DevRedirect;
  now: () => number;
  random: () => number;
  /** Writes an outcome in the next batch (batched-writer.ts). */
  persist: (update: (uow: UnitOfWork) => Promise<void>) => Promise<void>;
  /** Settles the request's place in the limits at its answer. */
  answered: LimitAccounting['answered'];
  /** Asks for a delivery round at `at` (when a retry is due). */
  wakeAt: (at: number) => void;
}

export interface DeliveryAttempts {
  /**
   * Delivers `message` to `target` in one request and records the outcome; `recipient` is its
   * recipient key (where the request is counted in flight). Never rejects for a failed delivery.
   */
  deliver(message: OutboxMessage, target: Target, recipient: string): Promise<void>;
  /** A message for the network channel when there is none to send to: failed at once. */
  noChannel(message: OutboxMessage): Promise<void>;
}

/** What happened to a message in one attempt. */
type Outcome =
  | { kind: 'sent'; sent: SentActivity }
  | { kind: 'created'; reference: ConversationReferenceJson }
  | { kind: 'skipped'; reason: string }
  | { kind: 'failed'; error: DeliveryError };

export function createDeliveryAttempts(options: DeliveryAttemptOptions): DeliveryAttempts {
  const { store, sender, cards, logger, now, random, persist } = options;

  async function deliver(message: OutboxMessage, target: Target, key: string): Promise<void> {
    const outcome = await attempt(message, target);
    const answered = now();
    const createdIn = outcome.kind === 'created' ? conversationIdOf(outcome.reference) : undefined;
    options.answered(
      key,
      answered,
      outcome.kind === 'skipped' ? undefined : { limitKey: target.limitKey, createdIn },
    );
    const t = new Date(answered).toISOString();
    if (outcome.kind === 'sent') {
      await persist(async (uow) => {
        const current = await uow.outbox.get(message.id);
        if (!current) return;
        await uow.outbox.put({
          ...current,
          state: 'sent',
          attempts: current.attempts + 1,
          sentAt: t,
          activityId: outcome.sent.activityId,
          conversationId: outcome.sent.conversationId,
          lastError: undefined,
          nextAttemptAt: undefined,
        });
        await cards.delivered(uow, current, outcome.sent);
        // (A redirected card reached the current chat, which says nothing about the recipient.)
        if (!target.redirected && (await uow.unreachable.get(message.recipient))) {
          await uow.unreachable.clear(message.recipient);
        }
      });
      logger.info(
        { event: 'outbox.delivered', view: message.view, update: message.replaces !== undefined },
        'delivered',
      );
      return;
    }
    if (outcome.kind === 'created') {
      // The 1:1 chat exists now; the message itself goes in a later round, through the new reference.
      // Creating it was a request at the connector like any other: it counts as an attempt.
      await persist(async (uow) => {
        if (message.recipient.kind !== 'person') return;
        await uow.conversations.putPerson(message.recipient.aadObjectId, {
          reference: outcome.reference,
          updatedAt: t,
        });
        const current = await uow.outbox.get(message.id);
        if (current)
          await uow.outbox.put({
            ...current,
            attempts: current.attempts + 1,
            lastError: undefined,
            nextAttemptAt: undefined,
          });
      });
      logger.info({ event: 'outbox.conversation-created' }, '1:1 chat created');
      return;
    }
    if (outcome.kind === 'skipped') {
      await finish(message, { state: 'failed', lastError: outcome.reason });
      logger.info({ event: 'outbox.skipped', reason: outcome.reason }, 'not delivered');
      return;
    }
    await failed(message, outcome.error, target);
  }

  async function attempt(message: OutboxMessage, target: Target): Promise<Outcome> {
    try {
      const locale = target.conversation?.locale;
      // The card is rendered now, from the item as it is (the outbox holds only a reference).
      const { original, rendered } = await store.read(async (uow) => ({
        original: message.replaces !== undefined ? await cards.locate(uow, message) : undefined,
        rendered: await cards.render(uow, message, locale),
      }));
      if (message.replaces !== undefined && !original) {
        // The card to update never reached them: posting its new state as a fresh message would only
        // confuse (they may have acted some other way, e.g. from the requests list).
        return { kind: 'skipped', reason: 'original-undelivered' };
      }
      if (!rendered) return { kind: 'skipped', reason: 'subject-gone' };
      const to = target.redirected?.to;
      const card =
        to !== undefined && options.devRedirect
          ? withHeaderLine(rendered, options.devRedirect.header(to, locale))
          : rendered;
      if (target.conversation) {
        if (original) {
          await sender.update(target.conversation.reference, original.activityId, card);
          return { kind: 'sent', sent: original };
        }
        return { kind: 'sent', sent: await sender.send(target.conversation.reference, card) };
      }
      if (message.recipient.kind !== 'person') return { kind: 'skipped', reason: 'no-conversation' };
      const reference = await sender.createConversation({
        aadObjectId: message.recipient.aadObjectId,
        tenantId: options.tenantId,
        serviceUrl: target.serviceUrl ?? options.defaultServiceUrl,
      });
      return { kind: 'created', reference };
    } catch (error) {
      return { kind: 'failed', error: error instanceof DeliveryError ? error : new DeliveryError('error') };
    }
  }

  async function failed(message: OutboxMessage, error: DeliveryError, target: Target): Promise<void> {
    const attempts = message.attempts + 1;
    const kind = classifyFailure(error.status);
    const lastError = error.status !== undefined ? String(error.status) : error.code;
    const t = now();
    if (kind === 'permanent' && target.redirected) {
      // Development: it went to the current chat, not to the recipient, so it says nothing about them.
      await finish(message, { state: 'failed', attempts, lastError, nextAttemptAt: undefined });
      logger.warn(
        { event: 'outbox.dev-redirect-failed', status: error.status },
        'redirected notification failed',
      );
      return;
    }
    if (kind === 'permanent') {
      const gone = error.status === 403 || error.status === 404;
      await persist(async (uow) => {
        const current = await uow.outbox.get(message.id);
        if (!current) return;
        await uow.outbox.put({ ...current, state: 'failed', attempts, lastError, nextAttemptAt: undefined });
        if (!gone) return;
        await uow.unreachable.mark({
          recipient: message.recipient,
          status: error.status as number,
          since: new Date(t).toISOString(),
        });
        await forgetConversation(uow, message.recipient);
        await tellOrigin(uow, message, t);
      });
      logger.warn(
        {
          event: gone ? 'outbox.unreachable' : 'outbox.rejected',
          status: error.status,
          view: message.view,
        },
        gone ? 'recipient unreachable' : 'notification rejected',
      );
      return;
    }
    if (attempts >= options.maxAttempts) {
      await finish(message, { state: 'failed', attempts, lastError, nextAttemptAt: undefined });
      logger.warn(
        { event: 'outbox.dead-letter', status: error.status, code: error.code, attempts },
        'dead letter',
      );
      return;
    }
    const delay = nextAttemptDelay({
      kind,
      attempt: attempts,
      ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
      backoff: options.backoff,
      random,
    });
    await finish(message, { attempts, lastError, nextAttemptAt: new Date(t + delay).toISOString() });
    logger.info(
      { event: 'outbox.retry', status: error.status, code: error.code, attempts, delayMs: delay },
      'will retry',
    );
    options.wakeAt(t + delay);
  }

  /** Tells the person whose action caused the notification that its recipient could not be reached. */
  async function tellOrigin(uow: UnitOfWork, message: OutboxMessage, t: number): Promise<void> {
    const origin = message.origin;
    if (!origin || message.subject.kind === OUTBOX_SUBJECT) return;
    if (message.recipient.kind === 'person' && message.recipient.aadObjectId === origin) return;
    // A reference to the failed message: the notice is rendered from it (names at send time).
    const recipient: Recipient = { kind: 'person', aadObjectId: origin };
    const notice: NotificationRequest = {
      recipient,
      subject: { kind: OUTBOX_SUBJECT, id: message.id },
      view: 'delivery-failed',
      key: { item: message.id, party: recipientKey(recipient), version: 1 },
    };
    await uow.outbox.enqueue(notice, new Date(t).toISOString(), `${message.id}:delivery-failed`);
  }

  async function finish(message: OutboxMessage, patch: Partial<OutboxMessage>): Promise<void> {
    await persist(async (uow) => {
      const current = await uow.outbox.get(message.id);
      if (current) await uow.outbox.put({ ...current, ...patch });
    });
  }

  return {
    deliver,
    noChannel(message) {
      return finish(message, { state: 'failed', lastError: 'no-network-channel' });
    },
  };
}
