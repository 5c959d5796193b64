/**
 * botbuilder's HTTP clients, built once and kept instead of once per turn or per send.
 *
 * botframework-connector 4.23 builds a new ConnectorClient (an @azure/core-client ServiceClient with
 * its whole HTTP pipeline, its credentials and user agent) for every inbound activity, in
 * CloudAdapter.processActivity, and a UserTokenClient (another ServiceClient) beside it, and one for
 * every proactive send. Building them was about a sixth of everything the ask path allocated (issue
 * 9's allocation profile), more than rendering its two cards. A client holds no state of its own
 * between calls: its credentials fetch and renew their tokens per request from botbuilder's global
 * token cache. So they are kept, per bot identity (the app id botbuilder takes from the claims: the
 * `aud` claim, else `appid`), service URL and audience.
 *
 * {@link KeptClientsAuthentication} wraps the BotFrameworkAuthentication the adapter is built with:
 * the connector factory in an authenticated request's result, and the user token clients, keep their
 * clients. `createConnectorFactory` is not wrapped unless asked (`keepFactoryClients`), so the
 * proactive path (single-attempt.ts), which changes its clients' pipelines, never gets one of the
 * turns' clients.
 */
import {
  type AuthenticateRequestResult,
  AuthenticationConstants,
  BotFrameworkAuthentication,
  type ClaimsIdentity,
  type ConnectorClient,
  ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';

/** At most this many clients are kept per kind (one per bot identity, service URL and audience). */
const MAX_CLIENTS = 32;

/** The bot identity botbuilder builds a turn's clients for (its `getAppId`). */
export function botIdentityOf(claimsIdentity: ClaimsIdentity): string {
  return (
    claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ??
    claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ??
    ''
  );
}

/** A bounded map of clients being built or built; one that could not be built is not kept. */
class Kept<T> {
  readonly #clients = new Map<string, Promise<T>>();

  get(key: string, build: () => Promise<T>): Promise<T> {
    const kept = this.#clients.get(key);
    if (kept) return kept;
    const created = build();
    if (this.#clients.size >= MAX_CLIENTS) this.#clients.delete(this.#clients.keys().next().value!);
    this.#clients.set(key, created);
    created.catch(() => {
      if (this.#clients.get(key) === created) this.#clients.delete(key);
    });
    return created;
  }
}

/**
 * A ConnectorFactory that builds each client through `inner` once, passes it through `prepare` (e.g.
 * to change its pipeline), and hands the same client out for the same identity, service URL and
 * audience afterwards.
 */
class KeptConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly identity: string,
    private readonly clients: Kept<ConnectorClient>,
    private readonly prepare: (client: ConnectorClient) => void,
  ) {
    super();
  }

  override create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.clients.get(JSON.stringify([this.identity, serviceUrl, audience ?? null]), async () => {
      const client = await this.inner.create(serviceUrl, audience);
      this.prepare(client);
      return client;
    });
  }
}

export interface KeptClientsOptions {
  /** Applied to each ConnectorClient once, when it is built. */
  prepare?: (client: ConnectorClient) => void;
  /** Also keep the clients of factories from `createConnectorFactory` (the proactive path's). */
  keepFactoryClients?: boolean;
}

/** `inner`, with its clients kept (see the module comment). Everything else is delegated. */
export class KeptClientsAuthentication extends BotFrameworkAuthentication {
  readonly #connectors = new Kept<ConnectorClient>();
  readonly #userTokens = new Kept<UserTokenClient>();
  readonly #prepare: (client: ConnectorClient) => void;

  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly options: KeptClientsOptions = {},
  ) {
    super();
    this.#prepare = options.prepare ?? (() => undefined);
  }

  #kept(factory: ConnectorFactory, claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new KeptConnectorFactory(factory, botIdentityOf(claimsIdentity), this.#connectors, this.#prepare);
  }

  override async authenticateRequest(
    ...args: Parameters<BotFrameworkAuthentication['authenticateRequest']>
  ): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateRequest(...args);
    return result.connectorFactory
      ? { ...result, connectorFactory: this.#kept(result.connectorFactory, result.claimsIdentity) }
      : result;
  }

  override authenticateStreamingRequest(
    ...args: Parameters<BotFrameworkAuthentication['authenticateStreamingRequest']>
  ) {
    return this.inner.authenticateStreamingRequest(...args);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const factory = this.inner.createConnectorFactory(claimsIdentity);
    return this.options.keepFactoryClients ? this.#kept(factory, claimsIdentity) : factory;
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.#userTokens.get(botIdentityOf(claimsIdentity), () =>
      this.inner.createUserTokenClient(claimsIdentity),
    );
  }

  override createBotFrameworkClient() {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string) {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}
