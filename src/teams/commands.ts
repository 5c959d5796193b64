/**
 * Typed commands, in Norwegian and English: `hjelp` here, every other one from the features that own
 * them (src/app/feature.ts, CommandSpec). The manifest's commandLists name the same commands
 * (test/teams/manifest-commands.test.ts checks that every manifest command is understood).
 */
import type { CommandSpec } from '../app/feature.js';

/** The core's own command: `hjelp` (every other command comes from a feature). */
export const HELP_COMMAND: CommandSpec = {
  name: 'help',
  words: ['help', 'hjelp', 'meny', 'menu', 'start', '?', 'hei', 'hallo', 'hello', 'hi'],
  run: { verb: 'help.show' },
};

/** A typed command and the text written after it, if the command takes any. */
export interface TypedCommand {
  command: CommandSpec;
  /** E.g. the question in `spør Hvordan …?`, as written (markup removed). */
  text?: string;
}

/** Markup, non-breaking spaces and runs of spaces out; case kept. */
function plain(text: string): string {
  return text
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function normalise(text: string): string {
  return text
    .toLocaleLowerCase('nb')
    .replace(/^[\s/]+/, '')
    .replace(/[\s.!?:]+$/, '')
    .trim();
}

/** Reads typed commands: `hjelp` and every feature's commands. */
export interface CommandReader {
  read(text: string | undefined): TypedCommand | undefined;
  /** Every command it knows, by name. */
  readonly commands: readonly CommandSpec[];
}

/**
 * The command a message asks for, with the text after it where the command takes text, or
 * undefined. Case, a leading slash, trailing punctuation (`kø?`, `HJELP!!`) and leftover markup
 * do not matter. Mentions must be removed by the caller.
 */
export function commandReader(featureCommands: readonly CommandSpec[]): CommandReader {
  const commands = [HELP_COMMAND, ...featureCommands];
  const lookup = new Map<string, CommandSpec>(
    commands.flatMap((command) => command.words.map((w) => [w, command] as [string, CommandSpec])),
  );
  const read = (text: string | undefined): TypedCommand | undefined => {
    if (!text) return undefined;
    const written = plain(text);
    const whole = lookup.get(normalise(written)) ?? lookup.get(written.toLocaleLowerCase('nb'));
    if (whole) return { command: whole };
    // `spør <the question>`: the longest command word that starts the message, then the text.
    const lower = written.toLocaleLowerCase('nb').replace(/^\/+/, '');
    const offset = written.length - written.replace(/^\/+/, '').length;
    let best: { command: CommandSpec; length: number } | undefined;
    for (const [word, command] of lookup) {
      if (!command.textKey) continue;
      if (!lower.startsWith(`${word} `) && !lower.startsWith(`${word}:`)) continue;
      if (!best || word.length > best.length) best = { command, length: word.length };
    }
    if (!best) return undefined;
    const rest = written
      .slice(offset + best.length)
      .replace(/^[\s:–—-]+/, '')
      .trim();
    return rest ? { command: best.command, text: rest } : { command: best.command };
  };
  return { read, commands };
}
