/**
 * Builds botbuilder's CloudAdapter from configuration and the /api/messages handler that runs
 * the tenant/channel guard before any bot code.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import {
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

export function createAdapter(settings: AdapterSettings, logger: Logger): CloudAdapter {
  const appId = settings.microsoftAppId ?? '';
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: appId,
    MicrosoftAppType: settings.microsoftAppType,
    MicrosoftAppTenantId: settings.microsoftAppTenantId ?? '',
  };
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication(options, credentialsFor(settings)),
  );
  adapter.onTurnError = async (_context, error) => {
    // Handlers turn their own failures into cards; this is the last resort. No activity data is logged.
    logger.error({ event: 'turn.unhandled', err: error }, 'unhandled turn error');
  };
  return adapter;
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
