/**
 * The baseline of the activity-path bench: a minimal botbuilder CloudAdapter + restify echo bot,
 * authentication off (no app id, as the bot runs in development), that answers a message with one
 * reply through the Bot Connector named by the activity's serviceUrl, and an invoke with an empty 200.
 */
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Request,
  type Response,
} from 'botbuilder';
import { restify } from '../src/http/restify.js';

export interface EchoBot {
  url: string;
  close(): Promise<void>;
}

export async function startEchoBot(port = 0, host = '127.0.0.1'): Promise<EchoBot> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  adapter.onTurnError = async () => undefined;
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
    await next();
  });
  const server = restify.createServer({ handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req as unknown as Request, res as unknown as Response, (context) =>
      bot.run(context),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, host, () => resolve()));
  const address = server.address();
  return {
    url: `http://${host}:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
