/**
 * The Action.Execute router: one handler per verb, each returning the card that replaces the one
 * the person clicked. The verbs come from the features (src/app/registry.ts); the core has one of
 * its own (`help.show`). Every action is one unit of work (app/turn.ts): the activity is claimed
 * when the verb acts, the conversation remembered and the use case run, together.
 *
 * Card data is untrusted. Before any handler sees it, every value, whatever its key, goes through the
 * privacy guard: a refused value is dropped (never stored, logged or shown again) and its field named,
 * so the form comes back with that field empty and a message next to it. Handlers read only strings
 * from the data; every id in it is resolved in the store and checked by the policy module in the use
 * cases. Authorization comes from the caller's AAD object id.
 */

import type { AppContext, Caller } from '../app/context.js';
import type { ConversationSeen } from '../app/conversations.js';
import { type ActionRequest, type CommandSpec, read, type VerbSpec } from '../app/feature.js';
import { describeCaller } from '../app/members.js';
import type { FeatureRegistry } from '../app/registry.js';
import { runTurn, type Turn } from '../app/turn.js';
import type { Scope } from '../cards/card-data.js';
import type { Locale } from '../cards/i18n.js';
import type { AdaptiveCardJson } from '../cards/render.js';
import { authorize } from '../domain/policy.js';
import { screenFields } from '../domain/privacy-guard.js';
import type { ChannelKey } from '../store/store.js';
import { helpCard, noticeCard, welcomeCard } from '../views/cards.js';

/** An action as the Teams layer read it from the activity. */
export interface ActionInput {
  caller: Caller;
  locale: Locale;
  scope: Scope;
  channel?: ChannelKey;
  /** The card's data merged with its inputs, as received (untrusted, not yet screened). */
  data: Record<string, unknown>;
  /** The message whose card was clicked (absent for typed commands). */
  clickedCard?: { activityId: string; conversationId: string };
}

/** Where the activity came from: its idempotency key and the conversation to remember. */
export interface ActivityOrigin {
  activityKey: string | undefined;
  conversation?: ConversationSeen;
}

/** What the Teams layer answers. */
export interface ActionOutcome {
  known: boolean;
  /** Replaces the card that was clicked. */
  card: AdaptiveCardJson;
  /**
   * Posted as a new message: a flow opened from the help or welcome card, which stays as it was,
   * so the person keeps their way back.
   */
  post?: AdaptiveCardJson;
  /** How many fields the privacy guard refused (for the log; never which values). */
  refused: number;
  /** A Teams retry of an activity already handled. */
  duplicate: boolean;
}

/** The core's own verbs (every feature's are in the registry). */
export function coreVerbs(registry: FeatureRegistry): Readonly<Record<string, VerbSpec>> {
  return {
    'help.show': read(async (app, { uow }, { caller, locale, scope }) =>
      helpCard(locale, await describeCaller(app, uow, caller), scope, registry.help),
    ),
  };
}

/** Every verb the bot answers: the core's and the features'. */
export function allVerbs(registry: FeatureRegistry): string[] {
  return [...Object.keys(coreVerbs(registry)), ...registry.verbs.keys()];
}

/** True when `value` is a verb the bot answers (use on the untrusted verb of an incoming invoke). */
export function isKnownVerb(registry: FeatureRegistry, value: unknown): boolean {
  return verbSpec(registry, value) !== undefined;
}

function verbSpec(registry: FeatureRegistry, verb: unknown): VerbSpec | undefined {
  if (typeof verb !== 'string') return undefined;
  const core = coreVerbs(registry);
  return Object.hasOwn(core, verb) ? core[verb] : registry.verbs.get(verb);
}

/** Cards whose buttons open a flow in a new message, so the card itself stays. */
const STAYING_CARDS = ['help', 'welcome'] as const;

/**
 * Runs the handler for a verb as the activity's one unit of work. An unknown verb gets a notice,
 * never an exception; so does an unknown command.
 */
export async function executeCardAction(
  app: AppContext,
  registry: FeatureRegistry,
  verb: unknown,
  input: ActionInput,
  origin: ActivityOrigin,
): Promise<ActionOutcome> {
  const screened = screenFields(input.data);
  const spec = verbSpec(registry, verb);
  // Only what the action reads can stop it; anything else refused is dropped unread.
  const refused = screened.refused.filter((key) => spec?.reads.includes(key));
  const request: ActionRequest = { ...input, data: screened.clean, refused };
  const fromCard = STAYING_CARDS.find((card) => card === screened.clean.fromId);
  const outcome = await runTurn(
    app,
    {
      activityKey: origin.activityKey,
      ...(origin.conversation ? { conversation: origin.conversation } : {}),
      // A refused value the action needs stops it: it changes nothing, so there is nothing to claim.
      mode: spec && refused.length === 0 ? spec.mode : 'read',
    },
    async (turn) => {
      const { duplicate } = turn;
      if (!spec) return { card: noticeCard(input.locale, 'unknownAction'), duplicate };
      const card = await spec.run(app, turn, request);
      // A button on a card about an item (e.g. "Mine saker" on a receipt) opens its flow in a new
      // message; the item's card stays, as the item is now.
      const itemCard = fromCard ? undefined : await stayingItemCard(app, registry, turn, request);
      if (itemCard) return { card: itemCard, post: card, duplicate };
      if (!fromCard || verb === `${fromCard}.show`) return { card, duplicate };
      const person = await describeCaller(app, turn.uow, input.caller);
      const stays =
        fromCard === 'help'
          ? helpCard(input.locale, person, input.scope, registry.help)
          : welcomeCard(input.locale, person, input.scope, registry.help, input.caller.displayName);
      return { card: stays, post: card, duplicate };
    },
  );
  return { known: spec !== undefined, refused: screened.refused.length, ...outcome };
}

/**
 * The card about an item that a button named (`fromKindId`, `fromItemId`, `fromViewId` in its data), as
 * the caller sees it now; undefined unless the item exists and the caller has a card of that view
 * about it (card data is untrusted: the ids are resolved in the store and checked against the item's
 * parties).
 */
async function stayingItemCard(
  app: AppContext,
  registry: FeatureRegistry,
  turn: Turn,
  request: ActionRequest,
): Promise<AdaptiveCardJson | undefined> {
  const { fromKindId: fromKind, fromItemId: fromItem, fromViewId: fromView } = request.data;
  if (typeof fromKind !== 'string' || typeof fromItem !== 'string' || typeof fromView !== 'string')
    return undefined;
  const views = registry.itemViews(app).find((v) => v.kind === fromKind);
  const item = views ? await turn.uow.items.get(fromKind, fromItem) : undefined;
  const me = { kind: 'person' as const, aadObjectId: request.caller.aadObjectId };
  if (!views || !item) return undefined;
  // Decided from the item's parties and the caller's id (the person may not be in the roster).
  const decision = authorize(undefined, {
    kind: 'item.showOwnCard',
    item,
    view: fromView,
    caller: me.aadObjectId,
  });
  if (!decision.allowed) return undefined;
  return (await views.render(turn.uow, item, me, { view: fromView }, request.locale)) as
    | AdaptiveCardJson
    | undefined;
}

/** Runs a typed command that has its own handler (no button), as the activity's unit of work. */
export function executeCommand(
  app: AppContext,
  handler: Extract<CommandSpec['run'], { cards: unknown }>,
  input: ActionInput,
  origin: ActivityOrigin,
): Promise<{ cards: AdaptiveCardJson[]; duplicate: boolean }> {
  return runTurn(
    app,
    {
      activityKey: origin.activityKey,
      ...(origin.conversation ? { conversation: origin.conversation } : {}),
      mode: handler.mode,
    },
    async (turn) => ({
      cards: await handler.cards(app, turn, { ...input, refused: [] }),
      duplicate: turn.duplicate,
    }),
  );
}
