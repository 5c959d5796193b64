/**
 * The features the bot runs, put together once at start (src/main.ts, from src/features/index.ts):
 * every verb, typed command, kind of tracked item and scheduled job, each checked to be claimed by
 * one feature only. The Teams layer and the scheduler know features only through this.
 */

import { combineStoreParts, type StoreParts } from '../store/store-parts.js';
import type { AppContext } from './context.js';
import type { CommandSpec, Feature, JobSpec, VerbSpec } from './feature.js';
import type { ItemViews } from './live-cards.js';

export interface FeatureRegistry {
  readonly features: readonly Feature[];
  readonly verbs: ReadonlyMap<string, VerbSpec>;
  readonly commands: readonly CommandSpec[];
  readonly jobs: readonly JobSpec[];
  /** What the features keep in the store (the store is opened with it). */
  readonly store: StoreParts;
  /** How each kind of tracked item is rendered for a party (for the outbox's card source). */
  itemViews(app: AppContext): ItemViews[];
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
    for (const job of feature.jobs ?? []) {
      if (jobs.has(job.name)) throw new FeatureConflictError(`the job ${job.name} is claimed twice`);
      jobs.add(job.name);
    }
  }
  return {
    features,
    verbs,
    commands: features.flatMap((f) => f.commands ?? []),
    jobs: features.flatMap((f) => f.jobs ?? []),
    store: combineStoreParts(features.flatMap((f) => (f.store ? [f.store] : []))),
    itemViews(app) {
      const views = features.flatMap((f) => f.items?.(app) ?? []);
      const kinds = new Set<string>();
      for (const v of views) {
        if (kinds.has(v.kind)) throw new FeatureConflictError(`the kind of item ${v.kind} is claimed twice`);
        kinds.add(v.kind);
      }
      return views;
    },
  };
}
