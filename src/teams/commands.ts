/**
 * Typed commands, in Norwegian and English. The manifest's commandLists name the same commands
 * (test/teams/commands.test.ts checks that every manifest command is understood here).
 */

export const COMMANDS = [
  'help',
  'join',
  'members',
  'requests',
  'delivery',
  'ask',
  'mine',
  'queue',
  'away',
  'back',
  'networkChannel',
  'units',
] as const;
export type Command = (typeof COMMANDS)[number];

const WORDS: Record<Command, readonly string[]> = {
  help: ['help', 'hjelp', 'meny', 'menu', 'start', '?', 'hei', 'hallo', 'hello', 'hi'],
  join: [
    'join',
    'bli med',
    'blimed',
    'bli medlem',
    'meld inn',
    'meld meg inn',
    'join the network',
    'bli med i nettverket',
  ],
  members: ['members', 'medlemmer', 'medlemsliste', 'member list', 'who is who', 'hvem er hvem'],
  requests: [
    'join requests',
    'requests',
    'pending requests',
    'pending join requests',
    'innmeldinger',
    'forespørsler',
    'søknader',
  ],
  delivery: ['delivery', 'levering', 'leveranse', 'leveringsstatus', 'delivery status'],
  ask: ['ask', 'spør', 'spor', 'still et spørsmål', 'ask a question', 'veiledning'],
  mine: ['mine saker', 'my questions', 'my requests', 'mine', 'mine spørsmål'],
  queue: ['kø', 'queue', 'køen', 'min kø', 'my queue'],
  away: ['away', 'borte', 'fraværende', 'fravær', 'jeg er borte', 'out of office'],
  back: ['back', 'tilbake', 'jeg er tilbake', 'i am back'],
  networkChannel: [
    'network channel',
    'nettverkskanal',
    'nettverkskanalen',
    'set network channel',
    'sett nettverkskanal',
    'bruk denne kanalen',
  ],
  units: ['units', 'enheter', 'edit units', 'rediger enheter'],
};

const LOOKUP = new Map<string, Command>(
  (Object.entries(WORDS) as [Command, readonly string[]][]).flatMap(([command, words]) =>
    words.map((w) => [w, command] as [string, Command]),
  ),
);

/** Commands that may be followed by text on the same line (`spør <the question>`). */
const TAKES_TEXT: ReadonlySet<Command> = new Set(['ask']);

/** A typed command and the text written after it, if the command takes any. */
export interface TypedCommand {
  command: Command;
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

/**
 * The command a message asks for, with the text after it where the command takes text, or
 * undefined. Case, a leading slash, trailing punctuation (`kø?`, `HJELP!!`) and leftover markup
 * do not matter. Mentions must be removed by the caller.
 */
export function readCommand(text: string | undefined): TypedCommand | undefined {
  if (!text) return undefined;
  const written = plain(text);
  const whole = LOOKUP.get(normalise(written)) ?? LOOKUP.get(written.toLocaleLowerCase('nb'));
  if (whole) return { command: whole };
  // `spør <the question>`: the longest command word that starts the message, then the text.
  const lower = written.toLocaleLowerCase('nb').replace(/^\/+/, '');
  const offset = written.length - written.replace(/^\/+/, '').length;
  let best: { command: Command; length: number } | undefined;
  for (const [word, command] of LOOKUP) {
    if (!TAKES_TEXT.has(command)) continue;
    if (!lower.startsWith(`${word} `) && !lower.startsWith(`${word}:`)) continue;
    if (!best || word.length > best.length) best = { command, length: word.length };
  }
  if (!best) return undefined;
  const rest = written
    .slice(offset + best.length)
    .replace(/^[\s:–—-]+/, '')
    .trim();
  return rest ? { command: best.command, text: rest } : { command: best.command };
}

/** The command a message asks for, or undefined (see readCommand). */
export function parseCommand(text: string | undefined): Command | undefined {
  return readCommand(text)?.command;
}
