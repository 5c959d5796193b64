/**
 * The Teams activity handler: captures conversation references, welcomes, answers typed commands
 * and routes Action.Execute invokes. Every turn is idempotent (a Teams retry of the same activity
 * does not act twice) and every failure becomes a card, never a stack trace.
 */
import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  type TurnContext,
} from 'botbuilder';
import type { AppContext, Caller } from '../app/context.js';
import {
  forgetPersonalConversation,
  forgetTeam,
  rememberChannelConversation,
  rememberPersonalConversation,
} from '../app/conversations.js';
import { listDecidableJoinRequests } from '../app/join.js';
import { describeCaller, setAway } from '../app/members.js';
import type { Locale } from '../cards/i18n.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCardJson } from '../cards/render.js';
import type { Verb } from '../cards/verbs.js';
import { containsSensitiveIdentifier, sensitiveFields } from '../domain/privacy-guard.js';
import type { Logger } from '../log/logger.js';
import { joinApprovalCard, noticeCard, refusalCard, welcomeCard } from '../views/cards.js';
import { executeCardAction } from './card-actions.js';
import { type Command, parseCommand } from './commands.js';
import { callerOf, channelKeyOf, commandTextOf, localeOf, referenceOf, scopeOf } from './turn-facts.js';

/** The button each typed command stands for. */
const COMMAND_VERBS: Record<Exclude<Command, 'requests' | 'away' | 'back'>, Verb> = {
  help: 'help.show',
  join: 'join.start',
  members: 'members.show',
  delivery: 'delivery.show',
  ask: 'guidance.start',
  mine: 'guidance.mine',
  queue: 'guidance.queue',
  networkChannel: 'channel.setNetwork',
  units: 'units.edit',
};

export class NetworkBot extends TeamsActivityHandler {
  constructor(
    private readonly app: AppContext,
    private readonly logger: Logger,
  ) {
    super();
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
    if (!(await this.claim(`message:${activity.id ?? ''}`))) {
      this.logger.info({ event: 'turn.duplicate', type: 'message' }, 'retry ignored');
      return;
    }
    const firstContact = await this.remember(context);
    const text = commandTextOf(activity);
    if (containsSensitiveIdentifier(text)) {
      await reply(context, noticeCard(locale, 'privacy'));
      return;
    }
    const command = parseCommand(text);
    if (firstContact && (command === undefined || command === 'help')) {
      await reply(
        context,
        welcomeCard(locale, await describeCaller(this.app, caller), scopeOf(activity), caller.displayName),
      );
      return;
    }
    const cards = command
      ? await this.runCommand(command, caller, locale, context)
      : noticeCard(locale, 'unknownCommand');
    this.logger.info({ event: 'command', command: command ?? 'unknown' }, 'command handled');
    await reply(context, cards);
  }

  private async runCommand(
    command: Command,
    caller: Caller,
    locale: Locale,
    context: TurnContext,
  ): Promise<AdaptiveCardJson | AdaptiveCardJson[]> {
    if (command === 'requests') {
      const pending = await listDecidableJoinRequests(this.app, caller);
      if (pending.length === 0) return noticeCard(locale, 'noPendingRequests');
      return pending.map((model) => joinApprovalCard(locale, model));
    }
    if (command === 'away' || command === 'back') {
      const result = await setAway(this.app, caller, command === 'away');
      if (!result.ok) return refusalCard(locale, result.error);
      return noticeCard(locale, command === 'away' ? 'awaySet' : 'awayCleared');
    }
    // Every other command does what the matching button does.
    const channel = channelKeyOf(context.activity);
    const result = await executeCardAction(this.app, COMMAND_VERBS[command], {
      caller,
      locale,
      scope: scopeOf(context.activity),
      data: {},
      duplicate: false,
      ...(channel ? { channel } : {}),
    });
    return result.card;
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
    const data = (invokeValue?.action?.data ?? {}) as Record<string, unknown>;
    const freeText = Object.fromEntries(
      Object.entries(data).filter(([key]) => !/Id$/.test(key) && key !== 'verb'),
    );
    if (sensitiveFields(freeText).length > 0) {
      this.logger.info({ event: 'action.refused', reason: 'privacy' }, 'identifier refused');
      return cardResponse(noticeCard(locale, 'privacy'));
    }
    await this.remember(context);
    const duplicate = !(await this.claim(`invoke:${activity.id ?? ''}`));
    const channel = channelKeyOf(activity);
    const result = await executeCardAction(this.app, verb, {
      caller,
      locale,
      scope: scopeOf(activity),
      data,
      duplicate,
      ...(channel ? { channel } : {}),
    });
    this.logger.info(
      { event: 'action', verb: result.known ? verb : 'unknown', duplicate },
      result.known ? 'action handled' : 'unknown verb',
    );
    return cardResponse(result.card);
  }

  protected override async onInstallationUpdateAddActivity(context: TurnContext): Promise<void> {
    await this.welcomeIfNew(context);
  }

  protected override async onInstallationUpdateRemoveActivity(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const channel = channelKeyOf(activity);
    if (scopeOf(activity) === 'team' && channel) await forgetTeam(this.app, channel.teamId);
    else {
      const caller = callerOf(activity);
      if (caller) await forgetPersonalConversation(this.app, caller.aadObjectId);
    }
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
    if (channel) await forgetTeam(this.app, channel.teamId);
  }

  /** Install and "bot added" both arrive; whichever comes first stores the reference and welcomes. */
  private async welcomeIfNew(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (!(await this.claim(`${activity.type}:${activity.id ?? ''}`))) return;
    const isNew = await this.remember(context);
    if (!isNew) return;
    const caller = callerOf(activity);
    const person = caller ? await describeCaller(this.app, caller) : undefined;
    await reply(context, welcomeCard(localeOf(activity), person, scopeOf(activity), caller?.displayName));
    this.logger.info({ event: 'welcomed', scope: scopeOf(activity) }, 'welcome sent');
  }

  /** Stores the conversation reference. Returns true when the conversation was not known before. */
  private async remember(context: TurnContext): Promise<boolean> {
    const activity = context.activity;
    const reference = referenceOf(activity);
    if (scopeOf(activity) === 'personal') {
      const caller = callerOf(activity);
      if (!caller) return false;
      const { firstContact } = await rememberPersonalConversation(
        this.app,
        caller.aadObjectId,
        reference,
        activity.locale ?? undefined,
      );
      return firstContact;
    }
    const channel = channelKeyOf(activity);
    if (!channel) return false;
    const { firstContact } = await rememberChannelConversation(
      this.app,
      channel,
      reference,
      activity.locale ?? undefined,
    );
    return firstContact;
  }

  private claim(key: string): Promise<boolean> {
    return this.app.store.run((uow) => uow.idempotency.claim(key, this.app.now().toISOString()));
  }
}

/** Replies with one card, or several cards in one message (a list). */
async function reply(context: TurnContext, cards: AdaptiveCardJson | AdaptiveCardJson[]): Promise<void> {
  const attachments = (Array.isArray(cards) ? cards : [cards]).map((card) => CardFactory.adaptiveCard(card));
  await context.sendActivity(
    attachments.length === 1 ? MessageFactory.attachment(attachments[0]!) : MessageFactory.list(attachments),
  );
}

function cardResponse(card: AdaptiveCardJson): AdaptiveCardInvokeResponse {
  return {
    statusCode: 200,
    type: ADAPTIVE_CARD_CONTENT_TYPE,
    value: card as unknown as AdaptiveCardInvokeResponse['value'],
  };
}
