import { copyFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManifestUtil, type TeamsAppManifest } from '@microsoft/teams-manifest';
import AdmZip from 'adm-zip';
import { expect } from 'chai';
import {
  type AppPackage,
  buildAppPackage,
  prepareAppPackage,
  SCHEMA_FILES,
  schemaDirFor,
} from '../../src/manifest/app-package.js';
import { checkColorIcon, checkOutlineIcon, decodePng, encodePng } from '../../src/manifest/icons.js';
import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
  parseJsonObject,
} from '../../src/manifest/json-value.js';
import { ManifestError } from '../../src/manifest/manifest-error.js';
import { TEST_SETTINGS } from '../../src/manifest/package-settings.js';
import {
  COMMAND_LIMITS,
  checkBotCommands,
  checkLocalizedCommands,
  validateAgainstSchema,
} from '../../src/manifest/validate-manifest.js';

const manifestDir = fileURLToPath(new URL('../../manifest/', import.meta.url));

async function readJson(path: string): Promise<JsonObject> {
  return parseJsonObject(await readFile(path, 'utf8'), path);
}

function objectAt(value: JsonValue | undefined): JsonObject {
  if (!isJsonObject(value)) throw new Error('expected a JSON object');
  return value;
}

function arrayAt(value: JsonValue | undefined): JsonValue[] {
  if (!Array.isArray(value)) throw new Error('expected a JSON array');
  return value;
}

function clone(value: JsonObject): JsonObject {
  return structuredClone(value);
}

function firstBot(manifest: JsonObject): JsonObject {
  return objectAt(arrayAt(manifest.bots)[0]);
}

function commandTitles(manifest: JsonObject, listIndex: number): string[] {
  const list = objectAt(arrayAt(firstBot(manifest).commandLists)[listIndex]);
  return arrayAt(list.commands).map((command) => String(objectAt(command).title));
}

/** Records every outgoing TCP connection attempt (and refuses it) while `work` runs. */
async function withNetworkGuard<T>(work: () => Promise<T>): Promise<{ result: T | Error; attempts: number }> {
  const original = Socket.prototype.connect;
  let attempts = 0;
  Socket.prototype.connect = function refuse(this: Socket): Socket {
    attempts += 1;
    throw new Error('network access is not allowed in this test');
  } as typeof Socket.prototype.connect;
  try {
    const result = await work().catch((error: unknown) =>
      error instanceof Error ? error : new Error(String(error)),
    );
    return { result, attempts };
  } finally {
    Socket.prototype.connect = original;
  }
}

describe('Teams app manifest', () => {
  let appPackage: AppPackage;
  let manifest: JsonObject;
  let schema: JsonObject;
  let localizationSchema: JsonObject;

  before(async () => {
    appPackage = await prepareAppPackage(manifestDir, TEST_SETTINGS);
    manifest = appPackage.manifest;
    const schemaDir = schemaDirFor(manifestDir, String(manifest.manifestVersion));
    schema = await readJson(join(schemaDir, SCHEMA_FILES.manifest));
    localizationSchema = await readJson(join(schemaDir, SCHEMA_FILES.localization));
  });

  describe('schema validation (offline)', () => {
    it('when the template is filled with test values, then it validates against the vendored schema', async () => {
      expect(await validateAgainstSchema(manifest, schema)).to.deep.equal([]);
      expect(manifest.manifestVersion).to.equal('1.30');
      expect(manifest.id).to.equal(TEST_SETTINGS.teamsAppId);
      expect(manifest.version).to.equal(TEST_SETTINGS.appVersion);
      expect(firstBot(manifest).botId).to.equal(TEST_SETTINGS.botAppId);
      expect(manifest.validDomains).to.deep.equal([TEST_SETTINGS.botDomain]);
      expect(JSON.stringify(manifest)).not.to.include('${{');
    });

    it('when the bot id is missing, then the validator reports it', async () => {
      const broken = clone(manifest);
      delete firstBot(broken).botId;
      const errors = await validateAgainstSchema(broken, schema);
      expect(errors.some((error) => error.includes('/bots/0') && error.includes('botId'))).to.equal(
        true,
        errors.join('\n'),
      );
    });

    it('when the manifest has an unknown property, then the validator reports it', async () => {
      const broken = { ...clone(manifest), botName: 'MH' };
      const errors = await validateAgainstSchema(broken, schema);
      expect(
        errors.some((error) => error.includes('additionalProperty') && error.includes('botName')),
      ).to.equal(true, errors.join('\n'));
    });

    it('when the app id is not a GUID, then the validator reports it', async () => {
      const broken = { ...clone(manifest), id: 'not-a-guid' };
      const errors = await validateAgainstSchema(broken, schema);
      expect(errors.some((error) => error.startsWith('/id '))).to.equal(true, errors.join('\n'));
    });

    it('when validating, then no network connection is attempted (while the library fetch would try one)', async () => {
      const offline = await withNetworkGuard(() => prepareAppPackage(manifestDir, TEST_SETTINGS));
      expect(offline.result).not.to.be.instanceOf(Error);
      expect(offline.attempts).to.equal(0);
      // Proves the guard sees connections: ManifestUtil.validateManifest downloads the $schema URL.
      const online = await withNetworkGuard(() =>
        ManifestUtil.validateManifest(manifest as unknown as TeamsAppManifest),
      );
      expect(online.result).to.be.instanceOf(Error);
      expect(online.attempts).to.be.greaterThan(0);
    });

    it('when the Norwegian localization is checked, then it is valid and translates every command', async () => {
      const localization = await readJson(join(manifestDir, 'nb-no.json'));
      expect(await validateAgainstSchema(localization, localizationSchema)).to.deep.equal([]);
      expect(checkLocalizedCommands(manifest, localization, 'nb-no.json')).to.deep.equal([]);
      const titles = Object.entries(localization)
        .filter(([key]) => key.endsWith('.title'))
        .map(([, value]) => value);
      expect(new Set(titles)).to.deep.equal(
        new Set([
          'hjelp',
          'bli med',
          'medlemmer',
          'møter',
          'sak til nettverket',
          'levering',
          'spør',
          'mine saker',
          'kø',
          'borte',
          'nettverkskanal',
        ]),
      );
      const info = objectAt(manifest.localizationInfo);
      expect(info.additionalLanguages).to.deep.equal([{ languageTag: 'nb-no', file: 'nb-no.json' }]);
    });

    it('when a localization names a command the manifest lacks, then it is reported', () => {
      const localization: JsonObject = {
        'name.short': 'MH-nettverket',
        'bots[0].commandLists[0].commands[10].title': 'finnes ikke',
      };
      const problems = checkLocalizedCommands(manifest, localization, 'nb-no.json');
      expect(problems).to.include(
        'nb-no.json: bots[0].commandLists[0].commands[10].title refers to a command the manifest does not have',
      );
      expect(problems).to.include('nb-no.json has no title for bots[0].commandLists[1].commands[2]');
    });
  });

  describe('bot commands', () => {
    it('when the manifest is built, then it has one bot with personal and team command lists within the limits', () => {
      const bot = firstBot(manifest);
      expect(bot.scopes).to.deep.equal(['personal', 'team']);
      expect(bot.supportsFiles).to.equal(false);
      expect(bot.isNotificationOnly).to.equal(false);
      const lists = arrayAt(bot.commandLists);
      expect(lists.length).to.be.at.most(COMMAND_LIMITS.lists);
      for (const list of lists) expect(arrayAt(objectAt(list).commands).length).to.be.at.most(10);
      expect(commandTitles(manifest, 0)).to.deep.equal([
        'help',
        'join',
        'members',
        'meetings',
        'agenda',
        'delivery',
        'ask',
        'my questions',
        'queue',
        'away',
      ]);
      expect(commandTitles(manifest, 1)).to.deep.equal([
        'help',
        'members',
        'network channel',
        'delivery',
        'meetings',
      ]);
      expect(checkBotCommands(manifest)).to.deep.equal([]);
    });

    it('when a list has 11 commands or a title is too long, then the check reports it', () => {
      const broken = clone(manifest);
      const list = objectAt(arrayAt(firstBot(broken).commandLists)[0]);
      list.commands = Array.from({ length: 11 }, (_, i) => ({ title: `command ${i}`, description: 'x' }));
      objectAt(arrayAt(list.commands)[3]).title = 'a'.repeat(33);
      const problems = checkBotCommands(broken);
      expect(problems).to.include('bots[0].commandLists[0] has 11 commands; at most 10');
      expect(problems).to.include(
        'bots[0].commandLists[0].commands[3].title is 33 characters long; at most 32 are allowed',
      );
    });

    it('when there are four command lists, then the check reports it', () => {
      const broken = clone(manifest);
      const bot = firstBot(broken);
      bot.commandLists = [...arrayAt(bot.commandLists), ...arrayAt(bot.commandLists)];
      const problems = checkBotCommands(broken);
      expect(problems).to.include('bots[0] has 4 command lists; at most 3');
      expect(problems).to.include('bots[0].commandLists[2] repeats the scope personal of an earlier list');
    });
  });

  describe('icons', () => {
    it('when the committed icons are read, then they have the sizes Teams requires', async () => {
      const color = decodePng(await readFile(join(manifestDir, 'color.png')));
      const outline = decodePng(await readFile(join(manifestDir, 'outline.png')));
      expect([color.width, color.height]).to.deep.equal([192, 192]);
      expect([outline.width, outline.height]).to.deep.equal([32, 32]);
    });

    it('when the outline icon is read, then every visible pixel is white and the rest fully transparent', async () => {
      const outline = decodePng(await readFile(join(manifestDir, 'outline.png')));
      let visible = 0;
      for (let offset = 0; offset < outline.data.length; offset += 4) {
        const [r, g, b, a] = outline.data.subarray(offset, offset + 4);
        if (a === 0) continue;
        visible += 1;
        expect([r, g, b], `pixel ${offset / 4}`).to.deep.equal([255, 255, 255]);
      }
      expect(visible).to.be.greaterThan(50);
      expect(visible).to.be.lessThan(32 * 32);
      expect(checkOutlineIcon(await readFile(join(manifestDir, 'outline.png')))).to.deep.equal([]);
      expect(checkColorIcon(await readFile(join(manifestDir, 'color.png')))).to.deep.equal([]);
    });

    it('when an outline icon has a coloured pixel or the wrong size, then the check reports it', () => {
      const data = new Uint8Array(32 * 32 * 4);
      data.set([255, 255, 255, 255], 0);
      data.set([30, 60, 120, 255], 4 * (2 * 32 + 5));
      const problems = checkOutlineIcon(encodePng({ width: 32, height: 32, data }));
      expect(problems).to.have.length(1);
      expect(problems[0]).to.include('1 visible pixels that are not white (first at (5, 2))');

      const big = checkOutlineIcon(
        encodePng({ width: 48, height: 48, data: new Uint8Array(48 * 48 * 4).fill(255) }),
      );
      expect(big).to.include('outline.png is 48×48 pixels; it must be 32×32');
      expect(checkColorIcon(Buffer.from('not a png'))[0]).to.match(/^color\.png is not a readable PNG/);
    });
  });

  describe('package', () => {
    let workDir: string;

    beforeEach(async () => {
      workDir = await mkdtemp(join(tmpdir(), 'mh-manifest-'));
    });

    afterEach(async () => {
      await rm(workDir, { recursive: true, force: true });
    });

    it('when the package is built, then the zip holds exactly the filled manifest, the icons and nb-no.json', async () => {
      const outFile = join(workDir, 'out', 'mh-nettverket.zip');
      await buildAppPackage(manifestDir, TEST_SETTINGS, outFile);

      const zip = new AdmZip(outFile);
      const names = zip.getEntries().map((entry) => entry.entryName);
      expect([...names].sort()).to.deep.equal(['color.png', 'manifest.json', 'nb-no.json', 'outline.png']);

      const zipped = parseJsonObject(zip.readAsText('manifest.json'), 'manifest.json');
      expect(zipped).to.deep.equal(manifest);
      expect(zipped.id).to.equal(TEST_SETTINGS.teamsAppId);
      expect(await validateAgainstSchema(zipped, schema)).to.deep.equal([]);
      for (const file of ['color.png', 'outline.png', 'nb-no.json']) {
        expect(zip.readFile(file)?.equals(await readFile(join(manifestDir, file))), file).to.equal(true);
      }
    });

    it('when an icon is wrong, then no package is written and the error lists the problem', async () => {
      const brokenDir = join(workDir, 'manifest');
      await cp(manifestDir, brokenDir, { recursive: true });
      await copyFile(join(manifestDir, 'color.png'), join(brokenDir, 'outline.png'));
      const outFile = join(workDir, 'out.zip');

      const error = await buildAppPackage(brokenDir, TEST_SETTINGS, outFile).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(ManifestError);
      const problems = (error as ManifestError).problems;
      expect(problems).to.include('outline.png is 192×192 pixels; it must be 32×32');
      expect(problems.some((p) => p.includes('that are not white'))).to.equal(true);
      const written = await readFile(outFile).catch(() => undefined);
      expect(written).to.equal(undefined);
    });

    it('when the template uses an unknown placeholder, then the error names it and where it is', async () => {
      const brokenDir = join(workDir, 'manifest');
      await cp(manifestDir, brokenDir, { recursive: true });
      const template = await readJson(join(brokenDir, 'manifest.template.json'));
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a manifest placeholder, not a JS template
      objectAt(template.developer).websiteUrl = 'https://${{WEB_HOST}}/';
      await writeFile(join(brokenDir, 'manifest.template.json'), JSON.stringify(template));

      const error = await prepareAppPackage(brokenDir, TEST_SETTINGS).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(ManifestError);
      expect((error as ManifestError).problems).to.deep.equal([
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a manifest placeholder, not a JS template
        'unknown placeholder ${{WEB_HOST}} at developer.websiteUrl',
      ]);
    });
  });
});
