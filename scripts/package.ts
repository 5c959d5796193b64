/**
 * `npm run package [-- --strict]`: builds the Teams app package build/mh-nettverket.zip.
 *
 * Reads .env when present, then TEAMS_APP_ID, MicrosoftAppId and BOT_DOMAIN from the environment
 * (values already in the environment win over .env). Without --strict (and outside
 * NODE_ENV=production) a missing value falls back to a clearly fake placeholder with a warning; with
 * it, every missing or invalid value is an error. The manifest is validated offline before the zip
 * is written.
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAppPackage, PACKAGE_FILE_NAME, readAppVersion } from '../src/manifest/app-package.js';
import { ManifestError } from '../src/manifest/manifest-error.js';
import { resolvePackageSettings } from '../src/manifest/package-settings.js';

const USAGE = 'Usage: npm run package [-- --strict]';

async function main(argv: readonly string[]): Promise<void> {
  const unknown = argv.filter((arg) => arg !== '--strict');
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  if (unknown.length > 0) throw new ManifestError(`Unknown argument ${unknown[0]}. ${USAGE}`, []);

  const root = fileURLToPath(new URL('../', import.meta.url));
  const envFile = `${root}.env`;
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const strict = argv.includes('--strict') || process.env.NODE_ENV === 'production';

  const appVersion = await readAppVersion(`${root}package.json`);
  const { settings, warnings } = resolvePackageSettings(process.env, appVersion, { strict });
  for (const warning of warnings) console.warn(`warning: ${warning}`);

  const outFile = `${root}build/${PACKAGE_FILE_NAME}`;
  const { manifest } = await buildAppPackage(`${root}manifest/`, settings, outFile);
  const shown = relative(process.cwd(), outFile) || outFile;
  console.log(
    `Wrote ${shown} (app version ${appVersion}, manifest version ${String(manifest.manifestVersion)})`,
  );
  if (warnings.length > 0)
    console.warn('warning: the package uses fake placeholders: fix the settings above first');
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof ManifestError ? error.message : error);
  process.exitCode = 1;
});
