import { ManifestUtil, type TeamsAppManifest } from '@microsoft/teams-manifest';
import { isJsonObject, type JsonObject, type JsonValue } from './json-value.js';

type ManifestSchema = Parameters<typeof ManifestUtil.validateManifestAgainstSchema<TeamsAppManifest>>[1];

/**
 * Teams' limits for bot commands. The newest schemas allow longer titles and more commands than
 * Teams documents for the command menu, so these are checked on top of the schema.
 */
export const COMMAND_LIMITS = { lists: 3, commandsPerList: 10, title: 32, description: 128 } as const;

/**
 * Validates `document` against a JSON schema that is already in memory (the vendored Teams schemas),
 * so nothing is fetched. Returns readable errors, or an empty list when the document is valid.
 */
export async function validateAgainstSchema(document: JsonObject, schema: JsonObject): Promise<string[]> {
  // ManifestUtil only runs the schema it is given; the casts just satisfy its manifest-typed signature
  // (a localization file goes through the same function).
  const errors = await ManifestUtil.validateManifestAgainstSchema(
    document as unknown as TeamsAppManifest,
    schema as unknown as ManifestSchema,
  );
  return errors.map((error) => (error.startsWith(' ') ? `(root)${error}` : error));
}

function arrayAt(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}

function stringAt(object: JsonObject, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' ? value : undefined;
}

/** The bot commands of a manifest, addressed as `bots[b].commandLists[l].commands[c]`. */
interface CommandRef {
  path: string;
  list: number;
  command: JsonObject;
}

function commandsOf(bot: JsonObject, botIndex: number): CommandRef[] {
  const refs: CommandRef[] = [];
  arrayAt(bot.commandLists).forEach((list, listIndex) => {
    if (!isJsonObject(list)) return;
    arrayAt(list.commands).forEach((command, commandIndex) => {
      if (!isJsonObject(command)) return;
      refs.push({
        path: `bots[${botIndex}].commandLists[${listIndex}].commands[${commandIndex}]`,
        list: listIndex,
        command,
      });
    });
  });
  return refs;
}

function checkText(
  problems: string[],
  where: string,
  text: string | undefined,
  max: number,
  required: boolean,
) {
  if (text === undefined || text.trim() === '') {
    if (required) problems.push(`${where} is missing or empty`);
    return;
  }
  if (text.length > max)
    problems.push(`${where} is ${text.length} characters long; at most ${max} are allowed`);
}

function checkUniqueTitles(problems: string[], titles: Map<number, string[]>, label: string) {
  for (const [list, listTitles] of titles) {
    const seen = new Set<string>();
    for (const title of listTitles) {
      const key = title.trim().toLowerCase();
      if (seen.has(key))
        problems.push(`${label}bots[0].commandLists[${list}] has the title "${title}" twice`);
      seen.add(key);
    }
  }
}

/**
 * Checks the bot section against Teams' limits: exactly one bot, at most 3 command lists of at most
 * 10 commands, titles of at most 32 characters and descriptions of at most 128, titles unique within
 * a list, each scope in at most one list and only scopes the bot has. Returns readable problems.
 */
export function checkBotCommands(manifest: JsonObject): string[] {
  const problems: string[] = [];
  const bots = arrayAt(manifest.bots);
  if (bots.length !== 1) problems.push(`the manifest must declare exactly one bot, not ${bots.length}`);
  bots.forEach((bot, botIndex) => {
    if (!isJsonObject(bot)) return;
    const botScopes = new Set(arrayAt(bot.scopes).filter((scope) => typeof scope === 'string'));
    const lists = arrayAt(bot.commandLists);
    if (lists.length > COMMAND_LIMITS.lists) {
      problems.push(`bots[${botIndex}] has ${lists.length} command lists; at most ${COMMAND_LIMITS.lists}`);
    }
    const scopesSeen = new Set<string>();
    lists.forEach((list, listIndex) => {
      const where = `bots[${botIndex}].commandLists[${listIndex}]`;
      if (!isJsonObject(list)) return;
      const count = arrayAt(list.commands).length;
      if (count > COMMAND_LIMITS.commandsPerList) {
        problems.push(`${where} has ${count} commands; at most ${COMMAND_LIMITS.commandsPerList}`);
      }
      for (const scope of arrayAt(list.scopes)) {
        if (typeof scope !== 'string') continue;
        if (!botScopes.has(scope))
          problems.push(`${where} uses the scope ${scope}, which the bot does not have`);
        if (scopesSeen.has(scope)) problems.push(`${where} repeats the scope ${scope} of an earlier list`);
        scopesSeen.add(scope);
      }
    });
    const titles = new Map<number, string[]>();
    for (const { path, list, command } of commandsOf(bot, botIndex)) {
      const title = stringAt(command, 'title');
      checkText(problems, `${path}.title`, title, COMMAND_LIMITS.title, true);
      checkText(
        problems,
        `${path}.description`,
        stringAt(command, 'description'),
        COMMAND_LIMITS.description,
        false,
      );
      if (title !== undefined) titles.set(list, [...(titles.get(list) ?? []), title]);
    }
    if (botIndex === 0) checkUniqueTitles(problems, titles, '');
  });
  return problems;
}

const LOCALIZED_COMMAND = /^bots\[(\d+)\]\.commandLists\[(\d+)\]\.commands\[(\d+)\]\.(title|description)$/;

/**
 * Checks a localization file against the manifest it translates: every localized command exists in
 * the manifest, every manifest command has a localized title, and the command limits hold for the
 * translated text too. `file` names the localization file in the messages.
 */
export function checkLocalizedCommands(
  manifest: JsonObject,
  localization: JsonObject,
  file: string,
): string[] {
  const problems: string[] = [];
  const bot = arrayAt(manifest.bots)[0];
  const commands = isJsonObject(bot) ? commandsOf(bot, 0) : [];
  const known = new Map(commands.map((ref) => [ref.path, ref]));
  const titles = new Map<number, string[]>();
  for (const [key, value] of Object.entries(localization)) {
    const match = LOCALIZED_COMMAND.exec(key);
    if (!match) continue;
    const path = key.slice(0, key.lastIndexOf('.'));
    const ref = known.get(path);
    if (!ref) {
      problems.push(`${file}: ${key} refers to a command the manifest does not have`);
      continue;
    }
    const text = typeof value === 'string' ? value : undefined;
    if (match[4] === 'title') {
      checkText(problems, `${file}: ${key}`, text, COMMAND_LIMITS.title, true);
      if (text !== undefined) titles.set(ref.list, [...(titles.get(ref.list) ?? []), text]);
    } else {
      checkText(problems, `${file}: ${key}`, text, COMMAND_LIMITS.description, false);
    }
  }
  for (const ref of commands) {
    if (!Object.hasOwn(localization, `${ref.path}.title`))
      problems.push(`${file} has no title for ${ref.path}`);
  }
  checkUniqueTitles(problems, titles, `${file}: `);
  return problems;
}
