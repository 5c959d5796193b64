/**
 * What a feature is, for the shared core: one folder under src/features/ that brings its rules, use
 * cases, views, card verbs with their handlers, typed commands, its lines and buttons on the help
 * card, kinds of tracked items (rendered at send time by the live-card engine), scheduled jobs and
 * HTTP GET routes (e.g. calendar files behind signed links), with its card templates and catalog strings under cards/, and registers in the one list of features
 * (src/features/index.ts). The core (roster, policy engine, privacy guard, working days, tracked
 * items, store, outbox, Teams adapter, HTTP) knows features only through this contract.
 */
import type { Scope } from '../cards/card-data.js';
import type { Locale } from '../cards/i18n.js';
import type { AdaptiveCardJson } from '../cards/render.js';
import type { FeatureSettings } from '../config/feature-settings.js';
import type { HttpRoute } from '../http/routes.js';
import type { ChannelKey, UnitOfWork } from '../store/store.js';
import type { StorePart } from '../store/store-parts.js';
import type { AppContext, Caller } from './context.js';
import type { Contribution } from './extensions.js';
import type { ItemViews } from './live-cards.js';
import type { Turn } from './turn.js';

/** A card action or typed command as its handler gets it (data screened by the privacy guard). */
export interface ActionRequest {
  caller: Caller;
  locale: Locale;
  scope: Scope;
  channel?: ChannelKey;
  /** The card's data merged with its inputs, after the privacy guard (untrusted: check every id). */
  data: Record<string, unknown>;
  /** The keys whose values the privacy guard refused (emptied), among those the action reads. */
  refused: readonly string[];
  /**
   * The message whose card was clicked: the card the handler answers with replaces it, so a use case
   * may keep it as the person's live card about an item (`adopt` in app/live-cards.ts).
   */
  clickedCard?: { activityId: string; conversationId: string };
}

/** A card verb: how it runs, and the handler that returns the card replacing the one clicked. */
export interface VerbSpec {
  /** 'act' may change something: the activity is claimed so a Teams retry does not act twice. */
  mode: 'act' | 'read';
  /**
   * The keys of the card's data the action uses. A refused value under one of them stops the action
   * (the card comes back with that field emptied and a message next to it); a refused value under
   * any other key is simply dropped, unread.
   */
  reads: readonly string[];
  run(app: AppContext, turn: Turn, request: ActionRequest): Promise<AdaptiveCardJson>;
}

/** A verb that may change something (its activity is claimed). */
export const act = (reads: readonly string[], run: VerbSpec['run']): VerbSpec => ({
  mode: 'act',
  reads,
  run,
});
/** A verb that only reads (it claims nothing and writes nothing). */
export const read = (run: VerbSpec['run']): VerbSpec => ({ mode: 'read', reads: [], run });

/** A typed command (in Norwegian and English), which does what a button does or has its own handler. */
export interface CommandSpec {
  /** Its name, as the manifest's command list and the logs know it. */
  name: string;
  /** What people type, in bokmål and English (compared without case and trailing punctuation). */
  words: readonly string[];
  /**
   * Text may follow the command on the same line (`spør <the question>`); it reaches the handler
   * under this data key.
   */
  textKey?: string;
  /** The verb it runs (the same as clicking the button), or its own handler (several cards). */
  run:
    | { verb: string }
    | {
        mode: 'act' | 'read';
        cards(app: AppContext, turn: Turn, request: ActionRequest): Promise<AdaptiveCardJson[]>;
      };
}

/** What a scheduled run did: how many things (for the log), and when it next has something due. */
export interface TaskRun {
  count: number;
  /** The app clock's ms; the scheduler runs the job again at that moment (or after its interval). */
  nextAtMs?: number;
  /** Other counts for the log line (e.g. reminders sent late, skipped). */
  notes?: Readonly<Record<string, number>>;
}

/**
 * A job the scheduler runs every interval, in one unit of work; returns how many cards it enqueued,
 * and, if it knows, when it next has something due (it then runs again at that moment).
 */
export interface JobSpec {
  name: string;
  run(app: AppContext, uow: UnitOfWork): Promise<number | TaskRun>;
  /**
   * Kinds of tracked item whose change may bring the job's next moment nearer (a new series, a moved
   * meeting): once a unit of work that put one is durable, the job runs again at once instead of at
   * the moment it named before (or after its interval).
   */
  wakeOn?: readonly string[];
}

/**
 * Who asks for help, and where: what decides the lines and buttons of the help card they get. The
 * entries' `audience` functions must decide from this alone (no clock, settings or store): the help
 * card is expanded once per locale and audience and then reused (src/views/cards.ts).
 */
export interface HelpAudience {
  /** Has a role in the network (a configured administrator alone is not a member). */
  isMember: boolean;
  /** A coordinator or deputy of some department. */
  isCoordinator: boolean;
  isAdmin: boolean;
  scope: Scope;
}

/** A line in the help card's list of typed commands. */
export interface HelpCommandEntry {
  /** The command it explains: one of its feature's commands, by name. */
  command: string;
  /**
   * The catalog key of the line, holding `words` (what to type, in both languages: "bli med / join")
   * and `text` (what it does), e.g. `join.help.commands.join`.
   */
  key: string;
  /** Who sees the line. */
  audience(who: HelpAudience): boolean;
  /** Its place among every feature's lines, lowest first (all after the core's `hjelp` line). */
  order: number;
}

/** A button on the help card. It opens its flow in a new message, so the help card stays. */
export interface HelpButtonEntry {
  /** The verb it runs: one of its feature's verbs. */
  verb: string;
  /** The catalog key of its title, e.g. `join.help.actions.join`. */
  titleKey: string;
  /** 'positive' for the main thing to do here (joining, asking). */
  style?: 'positive';
  /** Who sees the button. */
  audience(who: HelpAudience): boolean;
  /** Its place among every feature's buttons, lowest first. */
  order: number;
}

/**
 * A first step offered on the welcome card (the card a person gets on first contact): a line saying
 * what to do and a button that does it (e.g. join the network), for the people it concerns.
 */
export interface WelcomeEntry {
  /** The verb the button runs: one of its feature's verbs. */
  verb: string;
  /** The catalog key of the button's title. */
  titleKey: string;
  /** The catalog key of the line above the buttons. */
  promptKey: string;
  style?: 'positive';
  audience(who: HelpAudience): boolean;
  order: number;
}

/** What a feature adds to the help card (lines about its typed commands, and buttons) and the welcome card. */
export interface FeatureHelp {
  commands?: readonly HelpCommandEntry[];
  buttons?: readonly HelpButtonEntry[];
  welcome?: readonly WelcomeEntry[];
}

export interface Feature {
  /** Its folder name under src/features/ (its verbs start with it, e.g. `guidance.answer`). */
  name: string;
  /** Card verbs and their handlers. */
  verbs?: Readonly<Record<string, VerbSpec>>;
  commands?: readonly CommandSpec[];
  /** Its lines and buttons on the help card, each for the people it concerns. */
  help?: FeatureHelp;
  /** How each kind of tracked item it owns is rendered for a party, when a card about it is sent. */
  items?: (app: AppContext) => readonly ItemViews[];
  jobs?: readonly JobSpec[];
  /**
   * GET routes it serves outside Teams (a browser or Outlook following a link from a card): each a
   * path prefix and a handler from the request's path and query to a plain answer. No Teams token
   * comes with such a request, so a route must authorise by what the link itself carries (a
   * signature) and answer anything else with a refusal.
   */
  routes?: (app: AppContext) => readonly HttpRoute[];
  /** What it keeps in the store: its kinds of item and records (with schemas), and its migrations. */
  store?: StorePart;
  /** What it adds to other features' extension points (read there with `app.extensions.of(POINT)`). */
  contributes?: readonly Contribution[];
  /** Its own settings (environment variables with rules and defaults), read with `app.settings.of`. */
  settings?: FeatureSettings<unknown>;
}

/** A string from card data, or undefined for anything else (card data is untrusted). */
export function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Every feature's settings spec (for loadConfig). */
export function featureSettings(features: readonly Feature[]): FeatureSettings<unknown>[] {
  return features.flatMap((f) => (f.settings ? [f.settings] : []));
}
