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
  PasswordServiceClientCredentialFactory,
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
  const credentials =
    appId && settings.managedIdentityClientId
      ? new FederatedServiceClientCredentialsFactory(
          appId,
          settings.managedIdentityClientId,
          settings.microsoftAppTenantId,
        )
      : new PasswordServiceClientCredentialFactory(
          appId,
          settings.microsoftAppPassword ?? '',
          settings.microsoftAppTenantId ?? '',
        );
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(options, credentials));
  adapter.onTurnError = async (_context, error) => {
    // Handlers turn their own failures into cards; this is the last resort. No activity data is logged.
    logger.error({ event: 'turn.unhandled', err: error }, 'unhandled turn error');
  };
  return adapter;
}

/** The /api/messages handler: authenticate (CloudAdapter), then drop foreign activities, then run the bot. */
export function createMessagesHandler(args: {
  adapter: CloudAdapter;
  tenantId: string;
  logger: Logger;
  run: (context: TurnContext) => Promise<void>;
}): (req: Request, res: Response) => Promise<void> {
  const { adapter, tenantId, logger, run } = args;
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
      await run(context);
    });
  };
}
