/**
 * The Teams activity handler: welcomes, answers typed commands and routes Action.Execute invokes.
 * Every activity is one unit of work (app/turn.ts: claim, conversation reference and the use case's
 * changes together), so a Teams retry never acts twice and a crash never half-does the work. This
 * layer only reads activities and writes answers; app/ does every write. Every failure becomes a
 * card, never a stack trace.
 */
import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CardFactory,
  type InvokeResponse,
  MessageFactory,
  TeamsActivityHandler,
  type TurnContext,
} from 'botbuilder';
import type { AppContext } from '../app/context.js';
import { forgetPersonalConversation, forgetTeam } from '../app/conversations.js';
import { describeCaller } from '../app/members.js';
import type { FeatureRegistry } from '../app/registry.js';
import { runTurn } from '../app/turn.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCardJson } from '../cards/render.js';
import { containsSensitiveIdentifier } from '../domain/privacy-guard.js';
import type { Logger } from '../log/logger.js';
import { helpCard, noticeCard, welcomeCard } from '../views/cards.js';
import { type ActionInput, type ActivityOrigin, executeCardAction, executeCommand } from './card-actions.js';
import { type CommandReader, commandReader, type TypedCommand } from './commands.js';
import {
  activityKeyOf,
  callerOf,
  channelKeyOf,
  clickedCardOf,
  commandTextOf,
  conversationSeenOf,
  localeOf,
  scopeOf,
} from './turn-facts.js';

export class NetworkBot extends TeamsActivityHandler {
  private readonly commands: CommandReader;

  constructor(
    private readonly app: AppContext,
    private readonly logger: Logger,
    private readonly registry: FeatureRegistry,
  ) {
    super();
    this.commands = commandReader(registry.commands);
  }

  protected override async onMessageActivity(context: TurnContext): Promise<void> {
    try {
      await this.handleMessage(context);
    } catch (error) {
      this.logger.error({ event: 'turn.failed', type: 'message', err: error }, 'message handler failed');
      await reply(context, noticeCard(localeOf(context.activity), 'error'));
    }
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const locale = localeOf(activity);
    const caller = callerOf(activity);
    if (!caller) {
      this.logger.warn(
        { event: 'turn.rejected', reason: 'no-aad-object-id', type: 'message' },
        'no caller id',
      );
      return;
    }
    const origin = originOf(context);
    const text = commandTextOf(activity);
    if (containsSensitiveIdentifier(text)) {
      // Nothing of the message is kept; the conversation is still remembered.
      await runTurn(this.app, { ...origin, mode: 'read' }, async () => undefined);
      this.logger.info({ event: 'message.refused', reason: 'privacy' }, 'identifier refused');
      await reply(context, noticeCard(locale, 'privacy'));
      return;
    }
    const typed = this.commands.read(text);
    const textKey = typed?.command.textKey;
    const input: ActionInput = {
      caller,
      locale,
      scope: scopeOf(activity),
      data: typed?.text && textKey ? { [textKey]: typed.text } : {},
      ...channelOf(context),
    };
    const { cards, duplicate } = await this.answer(typed, input, origin);
    if (duplicate) {
      this.logger.info({ event: 'turn.duplicate', type: 'message' }, 'retry ignored');
      return;
    }
    this.logger.info({ event: 'command', command: typed?.command.name ?? 'unknown' }, 'command handled');
    await reply(context, cards);
  }

  private async answer(
    typed: TypedCommand | undefined,
    input: ActionInput,
    origin: ActivityOrigin,
  ): Promise<{ cards: AdaptiveCardJson | AdaptiveCardJson[]; duplicate: boolean }> {
    const { caller, locale, scope } = input;
    const command = typed?.command;
    if (command === undefined || command.name === 'help') {
      // A first contact is welcomed; `hjelp` shows what the bot offers this person.
      return runTurn(this.app, { ...origin, mode: 'read' }, async ({ uow, firstContact, duplicate }) => {
        const person = await describeCaller(this.app, uow, caller);
        if (firstContact)
          return {
            cards: welcomeCard(locale, person, scope, this.registry.help, caller.displayName),
            duplicate,
          };
        return {
          cards: command
            ? helpCard(locale, person, scope, this.registry.help)
            : noticeCard(locale, 'unknownCommand'),
          duplicate,
        };
      });
    }
    if ('cards' in command.run) return executeCommand(this.app, command.run, input, origin);
    // Every other command does what the matching button does.
    const { card, duplicate } = await executeCardAction(
      this.app,
      this.registry,
      command.run.verb,
      input,
      origin,
    );
    return { cards: card, duplicate };
  }

  /**
   * Card actions are read here rather than by botbuilder, which answers a malformed one with an
   * error that quotes the sender's value back (or fails on a missing `action`): anything that is not
   * an Action.Execute gets the "unknown action" card, like an unknown verb.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== 'adaptiveCard/action') return super.onInvokeActivity(context);
    const value: unknown = context.activity.value;
    const action = isObject(value) && isObject(value.action) ? value.action : undefined;
    if (action?.type !== 'Action.Execute') {
      this.logger.info({ event: 'action.invalid', reason: 'not-action-execute' }, 'not an Action.Execute');
      const response = cardResponse(noticeCard(localeOf(context.activity), 'unknownAction'));
      return { status: response.statusCode, body: response };
    }
    const response = await this.onAdaptiveCardInvoke(context, {
      action: {
        type: 'Action.Execute',
        verb: typeof action.verb === 'string' ? action.verb : '',
        data: isObject(action.data) ? action.data : {},
        id: typeof action.id === 'string' ? action.id : '',
      },
      authentication: { id: '', connectionName: '', token: '' },
      state: '',
    } as AdaptiveCardInvokeValue);
    return { status: response.statusCode, body: response };
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    try {
      return await this.handleAction(context, invokeValue);
    } catch (error) {
      this.logger.error({ event: 'turn.failed', type: 'invoke', err: error }, 'card action failed');
      return cardResponse(noticeCard(localeOf(context.activity), 'error'));
    }
  }

  private async handleAction(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const activity = context.activity;
    const locale = localeOf(activity);
    const caller = callerOf(activity);
    if (!caller) return cardResponse(noticeCard(locale, 'forbidden'));
    const verb = invokeValue?.action?.verb;
    const raw = invokeValue?.action?.data;
    const data =
      typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    const outcome = await executeCardAction(
      this.app,
      this.registry,
      verb,
      {
        caller,
        locale,
        scope: scopeOf(activity),
        data,
        ...channelOf(context),
        ...withClickedCard(activity),
      },
      originOf(context),
    );
    if (outcome.refused > 0)
      this.logger.info(
        { event: 'action.refused', reason: 'privacy', fields: outcome.refused },
        'identifier refused',
      );
    this.logger.info(
      { event: 'action', verb: outcome.known ? verb : 'unknown' },
      outcome.known ? 'action handled' : 'unknown verb',
    );
    if (outcome.post) await reply(context, outcome.post);
    return cardResponse(outcome.card);
  }

  protected override async onInstallationUpdateAddActivity(context: TurnContext): Promise<void> {
    await this.welcomeIfNew(context);
  }

  protected override async onInstallationUpdateRemoveActivity(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const channel = channelKeyOf(activity);
    const caller = callerOf(activity);
    await runTurn(
      this.app,
      { activityKey: activityKeyOf(activity), mode: 'act' },
      async ({ uow, duplicate }) => {
        if (duplicate) return;
        if (scopeOf(activity) === 'team' && channel) await forgetTeam(uow, channel.teamId);
        else if (caller) await forgetPersonalConversation(uow, caller.aadObjectId);
      },
    );
    this.logger.info({ event: 'uninstalled', scope: scopeOf(activity) }, 'app removed');
  }

  protected override async onTeamsMembersAdded(context: TurnContext): Promise<void> {
    const botId = context.activity.recipient?.id;
    if ((context.activity.membersAdded ?? []).some((m) => m.id === botId)) await this.welcomeIfNew(context);
  }

  protected override async onTeamsMembersRemoved(context: TurnContext): Promise<void> {
    const botId = context.activity.recipient?.id;
    if (!(context.activity.membersRemoved ?? []).some((m) => m.id === botId)) return;
    const channel = channelKeyOf(context.activity);
    if (!channel) return;
    await runTurn(this.app, { activityKey: activityKeyOf(context.activity), mode: 'act' }, async ({ uow }) =>
      forgetTeam(uow, channel.teamId),
    );
  }

  /** Install and "bot added" both arrive; whichever comes first stores the reference and welcomes. */
  private async welcomeIfNew(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const caller = callerOf(activity);
    const card = await runTurn(this.app, { ...originOf(context), mode: 'act' }, async (turn) => {
      if (turn.duplicate || !turn.firstContact) return undefined;
      const person = caller ? await describeCaller(this.app, turn.uow, caller) : undefined;
      return welcomeCard(
        localeOf(activity),
        person,
        scopeOf(activity),
        this.registry.help,
        caller?.displayName,
      );
    });
    if (!card) return;
    await reply(context, card);
    this.logger.info({ event: 'welcomed', scope: scopeOf(activity) }, 'welcome sent');
  }
}

/** The activity's idempotency key and the conversation to remember. */
function originOf(context: TurnContext): ActivityOrigin {
  const conversation = conversationSeenOf(context.activity);
  return { activityKey: activityKeyOf(context.activity), ...(conversation ? { conversation } : {}) };
}

function channelOf(context: TurnContext): { channel?: ActionInput['channel'] } {
  const channel = channelKeyOf(context.activity);
  return channel ? { channel } : {};
}

/** Replies with one card, or several cards in one message (a list). */
async function reply(context: TurnContext, cards: AdaptiveCardJson | AdaptiveCardJson[]): Promise<void> {
  const attachments = (Array.isArray(cards) ? cards : [cards]).map((card) => CardFactory.adaptiveCard(card));
  await context.sendActivity(
    attachments.length === 1 ? MessageFactory.attachment(attachments[0]!) : MessageFactory.list(attachments),
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function cardResponse(card: AdaptiveCardJson): AdaptiveCardInvokeResponse {
  return {
    statusCode: 200,
    type: ADAPTIVE_CARD_CONTENT_TYPE,
    value: card as unknown as AdaptiveCardInvokeResponse['value'],
  };
}

function withClickedCard(activity: TurnContext['activity']): {
  clickedCard?: { activityId: string; conversationId: string };
} {
  const clickedCard = clickedCardOf(activity);
  return clickedCard ? { clickedCard } : {};
}
