/**
 * Builds botbuilder's CloudAdapter from configuration and the /api/messages handler that runs
 * the tenant/channel guard before any bot code.
 */
import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  FederatedServiceClientCredentialsFactory,
  JwtTokenProviderFactory,
  ManagedIdentityServiceClientCredentialsFactory,
  PasswordServiceClientCredentialFactory,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';
import type { Request, Response } from 'restify';
import type { Logger } from '../log/logger.js';
import { checkActivityOrigin } from './activity-origin.js';

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

export function createAdapter(
  settings: AdapterSettings,
  logger: Logger,
  overrides: AuthOverrides = {},
): CloudAdapter {
  const appId = settings.microsoftAppId ?? '';
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: appId,
    MicrosoftAppType: settings.microsoftAppType,
    MicrosoftAppTenantId: settings.microsoftAppTenantId ?? '',
    ...(overrides.endpoints ? endpointOptions(overrides.endpoints) : {}),
  };
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication(
      options,
      overrides.credentialsFactory ?? credentialsFor(settings),
    ),
  );
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

/** The /api/messages handler: authenticate (CloudAdapter), then drop foreign activities, then run the bot. */
export function createMessagesHandler(args: {
  adapter: CloudAdapter;
  tenantId: string;
  logger: Logger;
  run: (context: TurnContext) => Promise<void>;
  /** Development only (the Playground always sends en-US): treat every activity as in this locale. */
  localeOverride?: string;
}): (req: Request, res: Response) => Promise<void> {
  const { adapter, tenantId, logger, run, localeOverride } = args;
  return async (req, res) => {
    await adapter.process(req, res, async (context) => {
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
    });
  };
}
