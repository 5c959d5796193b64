/**
 * Sends and updates cards outside a turn: through stored conversation references
 * (CloudAdapter.continueConversationAsync), or by creating the 1:1 chat with a person known only by
 * their AAD object id (createConversationAsync). Bot Connector failures become DeliveryError with the
 * HTTP status and Retry-After, so the outbox decides what to do.
 *
 * Every call is exactly one HTTP request at the Bot Connector: the sender runs on its own CloudAdapter
 * whose ConnectorClients have botbuilder's in-memory retries removed (single-attempt.ts), so every
 * request the connector sees is one the outbox's limiter counted, and retries are the outbox's own.
 */
import {
  CardFactory,
  CloudAdapter,
  type ConversationParameters,
  type ConversationReference,
  MessageFactory,
  TurnContext,
} from 'botbuilder';
import { AuthenticationConstants, BotFrameworkAuthentication } from 'botframework-connector';
import { type CardJson, DeliveryError, type ProactiveSender, type SentActivity } from '../outbox/delivery.js';
import { parseRetryAfter } from '../outbox/retry-policy.js';
import type { ConversationReferenceJson } from '../store/store.js';
import { SingleAttemptAuthentication } from './single-attempt.js';

/**
 * @param turnAdapter the bot's adapter: its authentication (app id, credentials, cloud) is reused; the
 *   adapter itself is left as it is (replies in a turn keep the SDK's behaviour).
 */
export function createProactiveSender(turnAdapter: CloudAdapter, appId: string): ProactiveSender {
  const adapter = singleAttemptAdapter(turnAdapter);
  return {
    async send(reference, card) {
      let ids: SentActivity | undefined;
      await within(
        (logic) =>
          adapter.continueConversationAsync(appId, reference as Partial<ConversationReference>, logic),
        async (context) => {
          ids = await post(context, card);
        },
      );
      return checked(ids);
    },
    async update(reference, activityId, card) {
      await within(
        (logic) =>
          adapter.continueConversationAsync(appId, reference as Partial<ConversationReference>, logic),
        async (context) => {
          const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
          activity.id = activityId;
          await context.updateActivity(activity);
        },
      );
    },
    async createConversation(target) {
      let reference: ConversationReferenceJson | undefined;
      const parameters = {
        isGroup: false,
        bot: { id: `28:${appId}`, name: 'MH-nettverket' },
        members: [{ id: target.aadObjectId, name: '' }],
        tenantId: target.tenantId,
        channelData: { tenant: { id: target.tenantId } },
      } as ConversationParameters;
      await within(
        (logic) =>
          adapter.createConversationAsync(
            appId,
            'msteams',
            target.serviceUrl,
            AuthenticationConstants.ToChannelFromBotOAuthScope,
            parameters,
            logic,
          ),
        async (context) => {
          const { activityId: _activityId, ...rest } = TurnContext.getConversationReference(context.activity);
          reference = JSON.parse(
            JSON.stringify({ ...rest, user: { id: target.aadObjectId, aadObjectId: target.aadObjectId } }),
          ) as ConversationReferenceJson;
        },
      );
      if (!reference) throw new DeliveryError('no-reference');
      return reference;
    },
  };
}

/**
 * A CloudAdapter with the same authentication as `adapter`, whose ConnectorClients do not retry.
 * CloudAdapterBase keeps the authentication in a protected field and offers no getter; botbuilder 4.23
 * is the SDK's last release, and the check below fails loudly at start-up if that ever changes.
 */
function singleAttemptAdapter(adapter: CloudAdapter): CloudAdapter {
  const authentication = (adapter as unknown as { botFrameworkAuthentication?: unknown })
    .botFrameworkAuthentication;
  if (!(authentication instanceof BotFrameworkAuthentication)) {
    throw new Error('the CloudAdapter has no BotFrameworkAuthentication where botbuilder 4.23 keeps it');
  }
  return new CloudAdapter(new SingleAttemptAuthentication(authentication));
}

async function post(context: TurnContext, card: CardJson): Promise<SentActivity> {
  const response = await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  return { activityId: response?.id ?? '', conversationId: context.activity.conversation.id };
}

function checked(ids: SentActivity | undefined): SentActivity {
  if (!ids?.activityId) throw new DeliveryError('no-activity-id');
  return ids;
}

/**
 * Runs `logic` through `run` (an adapter call) and throws a DeliveryError if it failed. The adapter
 * hands errors raised inside the logic to its onTurnError and does not rethrow them, so they are
 * caught here first.
 */
async function within(
  run: (logic: (context: TurnContext) => Promise<void>) => Promise<void>,
  logic: (context: TurnContext) => Promise<void>,
): Promise<void> {
  let failure: { error: unknown } | undefined;
  try {
    await run(async (context) => {
      try {
        await logic(context);
      } catch (error) {
        failure = { error };
      }
    });
  } catch (error) {
    failure = { error };
  }
  if (failure) throw toDeliveryError(failure.error);
}

function toDeliveryError(error: unknown): DeliveryError {
  if (typeof error !== 'object' || error === null) return new DeliveryError('network');
  const e = error as {
    name?: unknown;
    code?: unknown;
    statusCode?: unknown;
    response?: { headers?: { get?: (name: string) => unknown } };
  };
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  if (status === undefined) {
    // No answer from the connector: a network error (its code, e.g. ECONNRESET), or a failure on our
    // side before the request left (its class name). Both are retried; the code goes to the log.
    const code = typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : 'unknown';
    return new DeliveryError(`network:${code.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40)}`);
  }
  const header = e.response?.headers?.get?.('retry-after');
  const retryAfterMs = parseRetryAfter(typeof header === 'string' ? header : undefined, Date.now());
  return new DeliveryError(`http-${status}`, status, retryAfterMs);
}
