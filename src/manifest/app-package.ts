import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import AdmZip from 'adm-zip';
import { fillManifestTemplate } from './fill-template.js';
import { checkColorIcon, checkOutlineIcon } from './icons.js';
import { isJsonObject, type JsonObject, parseJsonObject } from './json-value.js';
import { ManifestError } from './manifest-error.js';
import type { PackageSettings } from './package-settings.js';
import { checkBotCommands, checkLocalizedCommands, validateAgainstSchema } from './validate-manifest.js';

/** The template file inside the manifest folder. */
export const TEMPLATE_FILE = 'manifest.template.json';
/** The name of the app package that `npm run package` writes into build/. */
export const PACKAGE_FILE_NAME = 'mh-nettverket.zip';
/** The file names of the vendored schemas inside `schema/v<manifestVersion>/`. */
export const SCHEMA_FILES = {
  manifest: 'MicrosoftTeams.schema.json',
  localization: 'MicrosoftTeams.Localization.schema.json',
} as const;

/** A checked app package, ready to be zipped. */
export interface AppPackage {
  /** The filled manifest, as it goes into manifest.json. */
  manifest: JsonObject;
  /** Every file of the package by its name at the zip root, manifest.json included. */
  files: Map<string, Buffer>;
}

const PLAIN_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The folder holding the vendored JSON schemas for one manifest version. */
export function schemaDirFor(manifestDir: string, manifestVersion: string): string {
  return join(manifestDir, 'schema', `v${manifestVersion}`);
}

async function readOrReport(path: string, what: string, problems: string[]): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.push(
      code === 'ENOENT' ? `${what} is missing (${path})` : `${what} cannot be read: ${code ?? error}`,
    );
    return undefined;
  }
}

interface JsonFile {
  bytes: Buffer;
  json: JsonObject;
}

async function readJsonOrReport(
  path: string,
  what: string,
  problems: string[],
): Promise<JsonFile | undefined> {
  const bytes = await readOrReport(path, what, problems);
  if (!bytes) return undefined;
  try {
    return { bytes, json: parseJsonObject(bytes.toString('utf8'), what) };
  } catch (error) {
    problems.push((error as Error).message);
    return undefined;
  }
}

function packagedFileName(value: unknown, what: string, problems: string[]): string | undefined {
  if (typeof value === 'string' && PLAIN_FILE_NAME.test(value)) return value;
  problems.push(`${what} must name a file at the package root, such as color.png`);
  return undefined;
}

function localizationFiles(manifest: JsonObject, problems: string[]): string[] {
  const info = manifest.localizationInfo;
  if (!isJsonObject(info)) return [];
  const files: string[] = [];
  if (info.defaultLanguageFile !== undefined) {
    const name = packagedFileName(info.defaultLanguageFile, 'localizationInfo.defaultLanguageFile', problems);
    if (name) files.push(name);
  }
  const additional = Array.isArray(info.additionalLanguages) ? info.additionalLanguages : [];
  additional.forEach((language, index) => {
    if (!isJsonObject(language)) return;
    const what = `localizationInfo.additionalLanguages[${index}].file`;
    const name = packagedFileName(language.file, what, problems);
    if (name) files.push(name);
  });
  return files;
}

async function addIcons(
  manifestDir: string,
  manifest: JsonObject,
  files: Map<string, Buffer>,
  problems: string[],
) {
  const icons = isJsonObject(manifest.icons) ? manifest.icons : {};
  const checks = { color: checkColorIcon, outline: checkOutlineIcon } as const;
  for (const kind of ['color', 'outline'] as const) {
    const name = packagedFileName(icons[kind], `icons.${kind}`, problems);
    if (!name) continue;
    const bytes = await readOrReport(join(manifestDir, name), `the ${kind} icon`, problems);
    if (!bytes) continue;
    problems.push(...checks[kind](bytes));
    files.set(name, bytes);
  }
}

async function addLocalizations(
  manifestDir: string,
  manifest: JsonObject,
  schemaDir: string,
  files: Map<string, Buffer>,
  problems: string[],
) {
  const names = localizationFiles(manifest, problems);
  if (names.length === 0) return;
  const schemaPath = join(schemaDir, SCHEMA_FILES.localization);
  const schema = (await readJsonOrReport(schemaPath, 'the localization schema', problems))?.json;
  for (const name of names) {
    const localization = await readJsonOrReport(join(manifestDir, name), name, problems);
    if (!localization) continue;
    if (schema) {
      problems.push(...(await validateAgainstSchema(localization.json, schema)).map((e) => `${name}: ${e}`));
    }
    problems.push(...checkLocalizedCommands(manifest, localization.json, name));
    files.set(name, localization.bytes);
  }
}

/**
 * Fills the manifest template in `manifestDir` with `settings` and checks everything Teams will check:
 * the manifest and its localization files against the vendored JSON schemas (offline), the bot
 * command limits, and both icons. Throws a {@link ManifestError} listing every problem found.
 */
export async function prepareAppPackage(manifestDir: string, settings: PackageSettings): Promise<AppPackage> {
  const problems: string[] = [];
  const template = await readJsonOrReport(join(manifestDir, TEMPLATE_FILE), TEMPLATE_FILE, problems);
  if (!template) throw new ManifestError('The app package cannot be built', problems);
  const manifest = fillManifestTemplate(template.json, settings);

  const version = manifest.manifestVersion;
  if (typeof version !== 'string' || !/^[0-9]+\.[0-9]+$/.test(version)) {
    throw new ManifestError('The app package cannot be built', [
      'manifestVersion must be a version like 1.30',
    ]);
  }
  const schemaDir = schemaDirFor(manifestDir, version);
  const schemaFile = join(schemaDir, SCHEMA_FILES.manifest);
  const schema = (await readJsonOrReport(schemaFile, `the schema for manifest version ${version}`, problems))
    ?.json;
  if (schema)
    problems.push(...(await validateAgainstSchema(manifest, schema)).map((e) => `manifest.json: ${e}`));
  problems.push(...checkBotCommands(manifest).map((e) => `manifest.json: ${e}`));

  const files = new Map<string, Buffer>([
    ['manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)],
  ]);
  await addIcons(manifestDir, manifest, files, problems);
  await addLocalizations(manifestDir, manifest, schemaDir, files, problems);

  if (problems.length > 0) throw new ManifestError('The app package is not valid', problems);
  return { manifest, files };
}

/** Writes the package's files into a zip at `outFile` (all at the zip root), creating its folder. */
export async function writeAppPackage(appPackage: AppPackage, outFile: string): Promise<void> {
  const zip = new AdmZip();
  for (const [name, bytes] of appPackage.files) zip.addFile(name, bytes);
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, zip.toBuffer());
}

/** Prepares and checks the app package (see {@link prepareAppPackage}) and writes it to `outFile`. */
export async function buildAppPackage(
  manifestDir: string,
  settings: PackageSettings,
  outFile: string,
): Promise<AppPackage> {
  const appPackage = await prepareAppPackage(manifestDir, settings);
  await writeAppPackage(appPackage, outFile);
  return appPackage;
}

/** Reads the `version` field of a package.json file (the app version, APP_VERSION). */
export async function readAppVersion(packageJsonPath: string): Promise<string> {
  const json = parseJsonObject(await readFile(packageJsonPath, 'utf8'), 'package.json');
  if (typeof json.version !== 'string') throw new ManifestError('package.json has no version', []);
  return json.version;
}
