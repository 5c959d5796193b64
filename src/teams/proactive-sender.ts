/**
 * Sends and updates cards outside a turn, through stored conversation references
 * (CloudAdapter.continueConversationAsync). Maps Bot Connector failures to DeliveryError so the
 * outbox can tell permanent failures (403 blocked/uninstalled, 404 gone) from passing ones.
 */
import {
  CardFactory,
  type CloudAdapter,
  type ConversationReference,
  MessageFactory,
  type TurnContext,
} from 'botbuilder';
import { type CardJson, DeliveryError, isPermanentStatus, type ProactiveSender } from '../outbox/delivery.js';
import type { ConversationReferenceJson } from '../store/store.js';

export function createProactiveSender(adapter: CloudAdapter, appId: string): ProactiveSender {
  return {
    async send(reference, card) {
      let ids: { activityId: string; conversationId: string } | undefined;
      await within(adapter, appId, reference, async (context) => {
        const response = await context.sendActivity(
          MessageFactory.attachment(CardFactory.adaptiveCard(card)),
        );
        ids = { activityId: response?.id ?? '', conversationId: context.activity.conversation.id };
      });
      if (!ids?.activityId) throw new DeliveryError('no-activity-id', false);
      return ids;
    },
    async update(reference, activityId, card) {
      await within(adapter, appId, reference, async (context) => {
        const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
        activity.id = activityId;
        await context.updateActivity(activity);
      });
    },
  };
}

/**
 * Runs `logic` in the conversation and throws a DeliveryError if it failed. The adapter hands errors
 * raised inside the logic to its onTurnError and does not rethrow them, so they are caught here first.
 */
async function within(
  adapter: CloudAdapter,
  appId: string,
  reference: ConversationReferenceJson,
  logic: (context: TurnContext) => Promise<void>,
): Promise<void> {
  let failure: { error: unknown } | undefined;
  try {
    await adapter.continueConversationAsync(
      appId,
      reference as Partial<ConversationReference>,
      async (context) => {
        try {
          await logic(context);
        } catch (error) {
          failure = { error };
        }
      },
    );
  } catch (error) {
    failure = { error };
  }
  if (!failure) return;
  const status = statusOf(failure.error);
  if (status !== undefined) throw new DeliveryError(`http-${status}`, isPermanentStatus(status), status);
  throw new DeliveryError('network', false);
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const value =
    (error as { statusCode?: unknown; status?: unknown }).statusCode ??
    (error as { status?: unknown }).status;
  return typeof value === 'number' ? value : undefined;
}

export type { CardJson };
