/**
 * The features the bot runs, put together once at start (src/main.ts, from src/features/index.ts):
 * every verb, typed command, help card entry, kind of tracked item, scheduled job and HTTP route, each
 * checked to be claimed by one feature only (routes by the HTTP server, which knows its own paths too). The Teams layer and the scheduler know features only through this.
 */

import type { HttpRoute } from '../http/routes.js';
import { PRIVACY_STORE } from '../privacy/privacy-store.js';
import { combineStoreParts, type StoreParts } from '../store/store-parts.js';
import type { AppContext } from './context.js';
import type { Contribution } from './extensions.js';
import type {
  CommandSpec,
  Feature,
  HelpButtonEntry,
  HelpCommandEntry,
  JobSpec,
  VerbSpec,
  WelcomeEntry,
} from './feature.js';
import type { ItemViews } from './live-cards.js';

/** Every feature's lines and buttons for the help card, each list in the order the card shows it. */
export interface HelpEntries {
  readonly commands: readonly HelpCommandEntry[];
  readonly buttons: readonly HelpButtonEntry[];
  /** The first steps offered on the welcome card. */
  readonly welcome: readonly WelcomeEntry[];
}

export interface FeatureRegistry {
  readonly features: readonly Feature[];
  readonly verbs: ReadonlyMap<string, VerbSpec>;
  readonly commands: readonly CommandSpec[];
  /** The help card's entries, sorted by their order (equal orders keep the order of the features). */
  readonly help: HelpEntries;
  readonly jobs: readonly JobSpec[];
  /** What the features keep in the store (the store is opened with it). */
  readonly store: StoreParts;
  /** How each kind of tracked item is rendered for a party (for the outbox's card source). */
  itemViews(app: AppContext): ItemViews[];
  /** Every feature's GET routes (for the HTTP server, which checks that no two overlap). */
  routes(app: AppContext): HttpRoute[];
  /** Every feature's contributions to extension points, in the order of the features. */
  readonly contributions: readonly Contribution[];
}

/** Thrown at start when two features claim the same verb, command word, job or kind of item. */
export class FeatureConflictError extends Error {
  override name = 'FeatureConflictError';
}

export function createRegistry(features: readonly Feature[]): FeatureRegistry {
  const verbs = new Map<string, VerbSpec>();
  const names = new Set<string>();
  const words = new Map<string, string>();
  const jobs = new Set<string>();
  for (const feature of features) {
    if (names.has(feature.name)) throw new FeatureConflictError(`two features are called ${feature.name}`);
    names.add(feature.name);
    for (const [verb, spec] of Object.entries(feature.verbs ?? {})) {
      if (verbs.has(verb)) throw new FeatureConflictError(`the verb ${verb} is claimed twice`);
      verbs.set(verb, spec);
    }
    for (const command of feature.commands ?? []) {
      if ('verb' in command.run && !Object.hasOwn(feature.verbs ?? {}, command.run.verb))
        throw new FeatureConflictError(`the command ${command.name} runs a verb its feature does not have`);
      for (const word of command.words) {
        const owner = words.get(word);
        if (owner !== undefined && owner !== command.name)
          throw new FeatureConflictError(`the command word "${word}" is claimed twice`);
        words.set(word, command.name);
      }
    }
    for (const entry of feature.help?.commands ?? [])
      if (!feature.commands?.some((command) => command.name === entry.command))
        throw new FeatureConflictError(
          `the help line ${entry.key} explains a command its feature does not have (${entry.command})`,
        );
    for (const entry of feature.help?.buttons ?? [])
      if (!Object.hasOwn(feature.verbs ?? {}, entry.verb))
        throw new FeatureConflictError(
          `the help button ${entry.titleKey} runs a verb its feature does not have`,
        );
    for (const entry of feature.help?.welcome ?? [])
      if (!Object.hasOwn(feature.verbs ?? {}, entry.verb))
        throw new FeatureConflictError(
          `the welcome button ${entry.titleKey} runs a verb its feature does not have`,
        );
    for (const job of feature.jobs ?? []) {
      if (jobs.has(job.name)) throw new FeatureConflictError(`the job ${job.name} is claimed twice`);
      jobs.add(job.name);
    }
  }
  const viewsByApp = new WeakMap<AppContext, ItemViews[]>();
  return {
    features,
    verbs,
    commands: features.flatMap((f) => f.commands ?? []),
    help: {
      commands: byOrder(features.flatMap((f) => f.help?.commands ?? [])),
      buttons: byOrder(features.flatMap((f) => f.help?.buttons ?? [])),
      welcome: byOrder(features.flatMap((f) => f.help?.welcome ?? [])),
    },
    jobs: features.flatMap((f) => f.jobs ?? []),
    // The core's own part (retention statistics, issue 14) beside the features'.
    store: combineStoreParts([PRIVACY_STORE, ...features.flatMap((f) => (f.store ? [f.store] : []))]),
    itemViews(app) {
      // Built once per app context (the card source at start, the router on every click).
      const built = viewsByApp.get(app);
      if (built) return built;
      const views = features.flatMap((f) => f.items?.(app) ?? []);
      const kinds = new Set<string>();
      for (const v of views) {
        if (kinds.has(v.kind)) throw new FeatureConflictError(`the kind of item ${v.kind} is claimed twice`);
        kinds.add(v.kind);
      }
      viewsByApp.set(app, views);
      return views;
    },
    routes(app) {
      return features.flatMap((f) => f.routes?.(app) ?? []);
    },
    contributions: features.flatMap((f) => f.contributes ?? []),
  };
}

/** Sorted by `order` (a stable sort: equal orders keep their order). */
function byOrder<T extends { order: number }>(entries: T[]): T[] {
  return entries.sort((a, b) => a.order - b.order);
}
