/** The bot's features as the running bot registers them (src/features/index.ts), for tests. */
import { createRegistry } from '../../src/app/registry.js';
import { FEATURES } from '../../src/features/index.js';
import { allVerbs, isKnownVerb } from '../../src/teams/card-actions.js';
import { commandReader } from '../../src/teams/commands.js';

export const REGISTRY = createRegistry(FEATURES);

/** What the features keep in the store, as the bot opens it with (for stores made in tests). */
export const STORE_PARTS = REGISTRY.store;

/** Every card verb the bot answers (the core's and every feature's). */
export const VERBS: readonly string[] = allVerbs(REGISTRY);

/** True when `value` is a verb the bot answers. */
export const isVerb = (value: unknown): boolean => isKnownVerb(REGISTRY, value);

/** A card verb (every verb is a string; VERBS lists the known ones). */
export type Verb = string;

const reader = commandReader(REGISTRY.commands);

/** The name of the command a message asks for, or undefined. */
export function parseCommand(text: string | undefined): string | undefined {
  return reader.read(text)?.command.name;
}

/** The command a message asks for with the text after it (`spør <question>`), or undefined. */
export function readCommand(text: string | undefined): { command: string; text?: string } | undefined {
  const typed = reader.read(text);
  return typed && { command: typed.command.name, ...(typed.text !== undefined ? { text: typed.text } : {}) };
}
