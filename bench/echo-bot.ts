/**
 * The baselines of the activity-path bench: a minimal botbuilder CloudAdapter + restify echo bot,
 * authentication off (no app id, as the bot runs in development), that answers a message with one
 * reply through the Bot Connector named by the activity's serviceUrl, and an Adaptive Card action
 * with a 200 invoke response. With `durableLog`, it first appends each activity to that file and
 * fsyncs it: the floor of a bot that makes one durable write per activity.
 */
import { open } from 'node:fs/promises';
import {
  ActivityHandler,
  type AdaptiveCardInvokeResponse,
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

/** The echo bot of the baseline (see the module comment). */
class EchoHandler extends ActivityHandler {
  constructor(private readonly append?: (activity: unknown) => Promise<void>) {
    super();
    this.onMessage(async (context, next) => {
      await this.append?.(context.activity);
      await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(context: {
    activity: unknown;
  }): Promise<AdaptiveCardInvokeResponse> {
    await this.append?.(context.activity);
    return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'ok' as never };
  }
}

export async function startEchoBot(
  port = 0,
  host = '127.0.0.1',
  options: { durableLog?: string } = {},
): Promise<EchoBot> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  adapter.onTurnError = async () => undefined;
  const log = options.durableLog ? await open(options.durableLog, 'a') : undefined;
  const bot = new EchoHandler(
    log
      ? async (activity) => {
          await log.write(`${JSON.stringify(activity)}\n`);
          await log.sync();
        }
      : undefined,
  );
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
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await log?.close();
    },
  };
}
