/**
 * `npm run manifest:check`: fills the manifest template with test values and checks the whole app
 * package offline (JSON schema for the manifest and its localization files, bot command limits,
 * icons) without writing anything. Exits non-zero with one line per problem. CI runs it.
 */
import { fileURLToPath } from 'node:url';
import { prepareAppPackage, readAppVersion } from '../src/manifest/app-package.js';
import { ManifestError } from '../src/manifest/manifest-error.js';
import { TEST_SETTINGS } from '../src/manifest/package-settings.js';

async function main(): Promise<void> {
  const root = fileURLToPath(new URL('../', import.meta.url));
  const appVersion = await readAppVersion(`${root}package.json`);
  const { manifest, files } = await prepareAppPackage(`${root}manifest/`, { ...TEST_SETTINGS, appVersion });
  console.log(
    `Manifest check passed: manifest version ${String(manifest.manifestVersion)}, app version ${appVersion}, ` +
      `files ${[...files.keys()].join(', ')}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof ManifestError ? error.message : error);
  process.exitCode = 1;
});
