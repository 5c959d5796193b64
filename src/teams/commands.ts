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
  requests: ['requests', 'join requests', 'pending requests', 'forespørsler', 'innmeldinger', 'søknader'],
  delivery: ['delivery', 'levering', 'leveranse', 'leveringsstatus', 'delivery status'],
  ask: ['ask', 'spør', 'spor', 'still et spørsmål', 'ask a question', 'veiledning'],
  mine: ['mine saker', 'my requests', 'mine', 'mine spørsmål', 'my questions'],
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

/** The command a message asks for, or undefined. Mentions must be removed by the caller. */
export function parseCommand(text: string | undefined): Command | undefined {
  if (!text) return undefined;
  const normalised = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .toLocaleLowerCase('nb')
    .replace(/^[\s/]+/, '')
    .replace(/[\s.!]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return LOOKUP.get(normalised);
}
