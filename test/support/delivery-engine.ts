/**
 * The real delivery engine (worker + Teams proactive sender + CloudAdapter without auth + a store)
 * against a fake Bot Connector, for tests and the benchmark. Cards carry the notification's key in
 * their text so the fake connector can count deliveries per notification.
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { PasswordServiceClientCredentialFactory } from 'botframework-connector';
import { type NotificationRequest, OUTBOX_SUBJECT, type Recipient } from '../../src/domain/notifications.js';
import { createLogger, type Logger } from '../../src/log/logger.js';
import type { CardSource } from '../../src/outbox/card-source.js';
import type { DevRedirect } from '../../src/outbox/dev-redirect.js';
import {
  DEFAULT_TENANT_LIMITS,
  TEAMS_CONVERSATION_LIMITS,
  type WindowLimit,
} from '../../src/outbox/rate-limits.js';
import { createOutboxWorker, type OutboxWorker } from '../../src/outbox/worker.js';
import type { Store } from '../../src/store/store.js';
import { createProactiveSender } from '../../src/teams/proactive-sender.js';
import { testKey } from '../store/fixtures/sample-data.js';

export const TENANT = 'tenant-test';

/** A card whose only text is `text` (the notification's name, or what a delivery-failed notice says). */
export function keyCard(text: string): Record<string, unknown> {
  return { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text }] };
}

export { testKey } from '../store/fixtures/sample-data.js';

/** What test notifications are about (the `about` given to notification()), by name. */
const ABOUT = new Map<string, string>();

/**
 * The card source of the test engine: a test notification's card is its name; an update (a
 * notification naming the one it `replaces`) updates where that one was delivered, as the item
 * engine does with the activity ids it keeps on the item's party.
 */
export const testCards: CardSource = {
  async render(uow, message) {
    if (message.subject.kind !== OUTBOX_SUBJECT) return keyCard(message.subject.id);
    const failed = await uow.outbox.get(message.subject.id);
    const reference = failed ? ABOUT.get(failed.subject.id) : undefined;
    return keyCard(
      `delivery-failed:${JSON.stringify({ recipientKind: failed?.recipient.kind, ...(reference ? { reference } : {}) })}`,
    );
  },
  async locate(uow, message) {
    const original = await uow.outbox.getByKey(testKey(message.view.replace(/^replaces:/, '')));
    return original?.state === 'sent' && original.activityId
      ? { activityId: original.activityId, conversationId: original.conversationId ?? '' }
      : undefined;
  },
  async delivered() {},
};

/** Reads back the key keyCard put in an activity body (its last text: a header may come first). */
export function keyOfBody(body: Record<string, unknown>): string | undefined {
  const attachments = body.attachments as { content?: { body?: { text?: string }[] } }[] | undefined;
  return attachments?.[0]?.content?.body?.at(-1)?.text;
}

export interface EngineOptions {
  store: Store;
  serviceUrl: string;
  concurrency?: number;
  maxAttempts?: number;
  backoff?: { baseMs: number; maxMs: number };
  perConversation?: readonly WindowLimit[];
  perTenant?: readonly WindowLimit[];
  logger?: Logger;
  /** The jitter source (default Math.random). */
  random?: () => number;
  /** Development only: deliver notifications for other people into the current chat. */
  devRedirect?: DevRedirect;
}

/** A CloudAdapter without authentication (no app id): outbound requests carry no token. */
export function createTestAdapter(): CloudAdapter {
  return new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({}, new PasswordServiceClientCredentialFactory('', '', '')),
  );
}

export function createEngine(options: EngineOptions): OutboxWorker {
  return createOutboxWorker({
    store: options.store,
    sender: createProactiveSender(createTestAdapter(), ''),
    cards: testCards,
    logger: options.logger ?? createLogger('silent'),
    limits: {
      perConversation: options.perConversation ?? TEAMS_CONVERSATION_LIMITS,
      perTenant: options.perTenant ?? DEFAULT_TENANT_LIMITS,
    },
    tenantId: TENANT,
    defaultServiceUrl: options.serviceUrl,
    concurrency: options.concurrency ?? 16,
    maxAttempts: options.maxAttempts ?? 8,
    backoff: options.backoff ?? { baseMs: 20, maxMs: 200 },
    pollIntervalMs: 200,
    ...(options.random ? { random: options.random } : {}),
    ...(options.devRedirect ? { devRedirect: options.devRedirect } : {}),
  });
}

/** Stores a 1:1 conversation for each person, at the fake connector. */
export async function seedConversations(store: Store, serviceUrl: string, people: string[]): Promise<void> {
  await store.run(async (uow) => {
    for (const id of people) {
      await uow.conversations.putPerson(id, {
        reference: {
          channelId: 'msteams',
          serviceUrl,
          conversation: { id: `conv-${id}`, conversationType: 'personal', tenantId: TENANT },
          bot: { id: '28:bot', name: 'MH-nettverket' },
          user: { id: `29:${id}`, aadObjectId: id },
        },
        updatedAt: new Date(0).toISOString(),
      });
    }
  });
}

/**
 * A test notification named `key` for `to`. `replaces` names the notification whose card it updates;
 * `about` is the reference a delivery-failed notice about it shows.
 */
export function notification(
  key: string,
  to: string,
  extra: { origin?: string; about?: string; replaces?: string } = {},
): NotificationRequest {
  const recipient: Recipient = { kind: 'person', aadObjectId: to };
  if (extra.about) ABOUT.set(key, extra.about);
  return {
    recipient,
    key: testKey(key),
    subject: { kind: 'test', id: key },
    view: extra.replaces !== undefined ? `replaces:${extra.replaces}` : 'test',
    ...(extra.replaces !== undefined ? { replaces: 1 } : {}),
    ...(extra.origin ? { origin: extra.origin } : {}),
  };
}

/** Enqueues notifications in one unit of work, in the given order. */
export async function enqueue(store: Store, requests: NotificationRequest[]): Promise<void> {
  let n = 0;
  const base = Date.now();
  await store.run(async (uow) => {
    for (const request of requests) {
      await uow.outbox.enqueue(request, new Date(base).toISOString(), `${request.key.item}#${n++}`);
    }
  });
}
