/**
 * One call, one HTTP request: botbuilder's ConnectorClient without its in-memory retries, for the
 * proactive path only.
 *
 * Why: the ConnectorClient (botframework-connector 4.23, over botbuilder-stdlib's core-http compat
 * layer) is built on an @azure/core-client ServiceClient whose pipeline holds core-rest-pipeline's
 * `defaultRetryPolicy`: it retries 5xx (not 501/505), 408, 429/503 that carry Retry-After, and dropped
 * connections (ECONNRESET, ETIMEDOUT, …) up to 3 times, in memory, with its own waits. The outbox never
 * sees those requests, so its rate limiter cannot count them, and a storm of 429s and 503s broke Teams'
 * limits. The outbox's own retries are durable and counted; they must be the only ones.
 *
 * How: the compat layer passes no retry options to the ServiceClient (ConnectorClientOptions'
 * `noRetryPolicy` is ignored, and ConnectorFactoryImpl overwrites `requestPolicyFactories`), so there
 * is no supported switch. Instead the proactive path gets a BotFrameworkAuthentication that delegates
 * everything to the real one except `createConnectorFactory`, whose ConnectorClients have every retry
 * policy removed from their pipeline by name. If the SDK's shape ever changes so that the pipeline
 * cannot be found, or a retry policy is still in it afterwards, creating the client throws
 * {@link SdkRetriesNotRemovedError}: the outbox then fails (and retries durably) instead of silently
 * retrying in memory again. test/teams/proactive-sender.test.ts proves one request per call.
 *
 * Replies inside a turn (the adapter serving /api/messages) keep the SDK's behaviour.
 */
import type { BotFrameworkAuthentication, ConnectorClient } from 'botframework-connector';
import { KeptClientsAuthentication } from './kept-clients.js';

/** What of @azure/core-rest-pipeline's Pipeline this needs. */
interface PipelineLike {
  getOrderedPolicies(): { name: string }[];
  removePolicy(options: { name?: string }): unknown[];
}

/** Policy names that retry (core-rest-pipeline: default, exponential, throttling, system error; any other *retry*). */
const RETRY_POLICY = /retry/i;

/** The SDK's ConnectorClient could not be stripped of its retry policies (its internals changed). */
export class SdkRetriesNotRemovedError extends Error {
  override name = 'SdkRetriesNotRemovedError';
}

/**
 * Removes every retry policy from the HTTP pipeline of a botframework-connector ConnectorClient, in
 * place, and returns the names removed. Throws SdkRetriesNotRemovedError when the pipeline is not
 * where botframework-connector 4.23 keeps it or a retry policy remains.
 */
export function removeSdkRetries(client: ConnectorClient): string[] {
  // ServiceClientContext keeps the core-client ServiceClient in a private `client` field.
  const pipeline = (client as unknown as { client?: { pipeline?: unknown } }).client?.pipeline;
  if (!isPipeline(pipeline)) {
    throw new SdkRetriesNotRemovedError(
      'the ConnectorClient has no HTTP pipeline where botbuilder 4.23 had it',
    );
  }
  const names = pipeline
    .getOrderedPolicies()
    .map((policy) => policy.name)
    .filter((name) => RETRY_POLICY.test(name));
  for (const name of names) pipeline.removePolicy({ name });
  const left = pipeline.getOrderedPolicies().filter((policy) => RETRY_POLICY.test(policy.name));
  if (left.length > 0) {
    throw new SdkRetriesNotRemovedError(
      `retry policies left in the ConnectorClient: ${left.map((p) => p.name)}`,
    );
  }
  return names;
}

function isPipeline(value: unknown): value is PipelineLike {
  const candidate = value as Partial<PipelineLike> | undefined;
  return typeof candidate?.getOrderedPolicies === 'function' && typeof candidate.removePolicy === 'function';
}

/**
 * The given authentication, except that the ConnectorClients it creates do not retry. Used to build
 * the CloudAdapter of the proactive path (see the module comment). Its clients are kept and reused
 * (kept-clients.ts): building one cost as much as the rest of a send (issue 9).
 */
export class SingleAttemptAuthentication extends KeptClientsAuthentication {
  constructor(inner: BotFrameworkAuthentication) {
    super(inner, { prepare: removeSdkRetries, keepFactoryClients: true });
  }
}
