/**
 * Builds botbuilder's CloudAdapter from configuration, and the /api/messages handler: the activity
 * envelope is checked (activity-envelope.ts), the request authenticated (authenticate.ts), and only
 * then does botbuilder run the turn, with the tenant/channel guard before any bot code. Every refusal
 * is logged once and handed to the HTTP layer by name, which answers it with a fixed body.
 */
import {
  type Activity,
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import {
  type AuthenticateRequestResult,
  AuthenticationConstants,
  type BotFrameworkAuthentication,
  FederatedServiceClientCredentialsFactory,
  JwtTokenProviderFactory,
  ManagedIdentityServiceClientCredentialsFactory,
  PasswordServiceClientCredentialFactory,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';
import type { InboundMessage, MessagesReply } from '../http/server.js';
import type { Logger } from '../log/logger.js';
import { parseActivityEnvelope } from './activity-envelope.js';
import { checkActivityOrigin } from './activity-origin.js';
import {
  createInboundAuthenticator,
  DEFAULT_METADATA_TIMEOUT_MS,
  type InboundAuthenticator,
} from './authenticate.js';
import { KeptClientsAuthentication } from './kept-clients.js';

export interface AdapterSettings {
  microsoftAppId?: string;
  microsoftAppPassword?: string;
  microsoftAppType: string;
  microsoftAppTenantId?: string;
  managedIdentityClientId?: string;
}

/**
 * Where the Bot Connector's tokens are checked against and outbound tokens come from. Production uses
 * the Bot Framework's public cloud (botbuilder's defaults); tests point these at a local OpenID server.
 */
export interface AuthEndpoints {
  /** OpenID metadata of the keys that sign inbound tokens (ToBotFromChannelOpenIdMetadataUrl). */
  openIdMetadataUrl: string;
  /** The `iss` of inbound tokens (ToBotFromChannelTokenIssuer). */
  tokenIssuer: string;
  /** Where outbound tokens are asked for (ToChannelFromBotLoginUrl). */
  loginUrl: string;
  /** The scope of outbound tokens (ToChannelFromBotOAuthScope). */
  oAuthScope: string;
}

/** Test-only replacements for parts of Bot Framework authentication; production passes none. */
export interface AuthOverrides {
  endpoints?: AuthEndpoints;
  /** Replaces the credentials built from the settings (e.g. one that sends no outbound token). */
  credentialsFactory?: ServiceClientCredentialsFactory;
  /** How long fetching the OpenID metadata and signing keys may take before the caller gets a 503. */
  metadataTimeoutMs?: number;
}

/**
 * botbuilder's CloudAdapter, run with requests authenticated beforehand (see createMessagesHandler):
 * CloudAdapter.process would authenticate on its own, print failures with console.error and answer
 * them with the library's message.
 */
export class TeamsAdapter extends CloudAdapter {
  constructor(
    authentication: BotFrameworkAuthentication,
    /** Authenticates inbound requests before the adapter sees them. */
    readonly inbound: InboundAuthenticator,
  ) {
    super(authentication);
  }

  /** Runs a turn for an activity whose request `inbound` accepted; returns the invoke response. */
  runAuthenticated(
    authenticated: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authenticated, activity, logic);
  }
}

export function createAdapter(
  settings: AdapterSettings,
  logger: Logger,
  overrides: AuthOverrides = {},
): TeamsAdapter {
  const appId = settings.microsoftAppId ?? '';
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: appId,
    MicrosoftAppType: settings.microsoftAppType,
    MicrosoftAppTenantId: settings.microsoftAppTenantId ?? '',
    ...(overrides.endpoints ? endpointOptions(overrides.endpoints) : {}),
  };
  // Each turn's ConnectorClient and UserTokenClient are kept instead of built per activity.
  const authentication = new KeptClientsAuthentication(
    new ConfigurationBotFrameworkAuthentication(
      options,
      overrides.credentialsFactory ?? credentialsFor(settings),
    ),
  );
  const inbound = createInboundAuthenticator({
    authentication,
    logger,
    // Without an app id authentication is off (local development, loopback only): no policy.
    policy: appId
      ? {
          appId,
          issuer: overrides.endpoints?.tokenIssuer ?? AuthenticationConstants.ToBotFromChannelTokenIssuer,
          openIdMetadataUrl:
            overrides.endpoints?.openIdMetadataUrl ??
            AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
          metadataTimeoutMs: overrides.metadataTimeoutMs ?? DEFAULT_METADATA_TIMEOUT_MS,
        }
      : undefined,
  });
  const adapter = new TeamsAdapter(authentication, inbound);
  adapter.onTurnError = async (_context, error) => {
    // Handlers turn their own failures into cards; this is the last resort. No activity data is logged.
    logger.error({ event: 'turn.unhandled', err: error }, 'unhandled turn error');
  };
  return adapter;
}

/**
 * botbuilder switches to "parameterized" endpoints as soon as one is given, and then takes every one
 * from the options: so all are set, the ones tests do not care about to the public cloud's values.
 */
function endpointOptions(endpoints: AuthEndpoints): ConfigurationBotFrameworkAuthenticationOptions {
  return {
    ToBotFromChannelOpenIdMetadataUrl: endpoints.openIdMetadataUrl,
    ToBotFromChannelTokenIssuer: endpoints.tokenIssuer,
    ToChannelFromBotLoginUrl: endpoints.loginUrl,
    ToChannelFromBotOAuthScope: endpoints.oAuthScope,
    ToBotFromEmulatorOpenIdMetadataUrl: endpoints.openIdMetadataUrl,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

/**
 * Outbound credentials: a client secret, a managed identity used as a federated credential of a
 * SingleTenant app, or the app's own user-assigned managed identity. Without an app id the empty
 * password factory sends no token (local development only).
 */
function credentialsFor(settings: AdapterSettings): ServiceClientCredentialsFactory {
  const appId = settings.microsoftAppId ?? '';
  const tenantId = settings.microsoftAppTenantId ?? '';
  if (appId && settings.microsoftAppType === 'UserAssignedMSI') {
    return new ManagedIdentityServiceClientCredentialsFactory(appId, new JwtTokenProviderFactory());
  }
  if (appId && settings.managedIdentityClientId) {
    return new FederatedServiceClientCredentialsFactory(appId, settings.managedIdentityClientId, tenantId);
  }
  return new PasswordServiceClientCredentialFactory(appId, settings.microsoftAppPassword ?? '', tenantId);
}

/**
 * The /api/messages handler: check the envelope (400), authenticate (401, or 503 when the signing keys
 * cannot be loaded), then run the turn: the tenant/channel guard drops foreign activities before any
 * bot code. The answer is the turn's invoke response (status and body), or 200 without a body.
 */
export function createMessagesHandler(args: {
  adapter: TeamsAdapter;
  tenantId: string;
  logger: Logger;
  run: (context: TurnContext) => Promise<void>;
  /** Development only (the Playground always sends en-US): treat every activity as in this locale. */
  localeOverride?: string;
}): (message: InboundMessage) => Promise<MessagesReply> {
  const { adapter, tenantId, logger, run, localeOverride } = args;
  return async ({ body, authorization }) => {
    const envelope = parseActivityEnvelope(body);
    if (!envelope.ok) {
      logger.warn(
        { event: 'activity.invalid', field: envelope.field, problem: envelope.problem },
        'activity refused: not a valid envelope',
      );
      return { kind: 'refused', refusal: 'invalidActivity' };
    }
    const authenticated = await adapter.inbound.authenticate(envelope.activity, authorization);
    if (!authenticated.ok) {
      return { kind: 'refused', refusal: authenticated.status === 503 ? 'authUnavailable' : 'unauthorized' };
    }
    const invokeResponse = await adapter.runAuthenticated(
      authenticated.result,
      envelope.activity,
      async (context) => {
        const origin = checkActivityOrigin(context.activity, tenantId);
        if (!origin.ok) {
          logger.warn(
            { event: 'activity.rejected', reason: origin.reason, type: context.activity.type },
            'activity dropped',
          );
          return;
        }
        if (localeOverride) context.activity.locale = localeOverride;
        await run(context);
      },
    );
    return {
      kind: 'answer',
      status: invokeResponse?.status ?? 200,
      ...(invokeResponse?.body !== undefined ? { body: invokeResponse.body } : {}),
    };
  };
}
