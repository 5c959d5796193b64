import { isJsonObject, type JsonObject, type JsonValue } from './json-value.js';
import { ManifestError } from './manifest-error.js';
import type { PackageSettings } from './package-settings.js';

/** The `${{NAME}}` placeholders the manifest template may use, and the setting each one takes. */
export const PLACEHOLDERS = {
  TEAMS_APP_ID: 'teamsAppId',
  MicrosoftAppId: 'botAppId',
  BOT_DOMAIN: 'botDomain',
  APP_VERSION: 'appVersion',
} as const satisfies Record<string, keyof PackageSettings>;

const PLACEHOLDER = /\$\{\{\s*([^}\s]*)\s*\}\}/g;

function isKnownPlaceholder(name: string): name is keyof typeof PLACEHOLDERS {
  return Object.hasOwn(PLACEHOLDERS, name);
}

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

function fillValue(value: JsonValue, path: string, settings: PackageSettings, problems: string[]): JsonValue {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (whole, name: string) => {
      if (isKnownPlaceholder(name)) return settings[PLACEHOLDERS[name]];
      problems.push(`unknown placeholder ${whole} at ${path || '(root)'}`);
      return whole;
    });
  }
  if (Array.isArray(value))
    return value.map((item, index) => fillValue(item, childPath(path, index), settings, problems));
  if (isJsonObject(value)) {
    const filled: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      filled[key] = fillValue(item, childPath(path, key), settings, problems);
    }
    return filled;
  }
  return value;
}

/**
 * Returns a copy of `template` with every `${{NAME}}` in its string values replaced by the matching
 * setting. Throws a {@link ManifestError} listing each unknown placeholder and where it is.
 */
export function fillManifestTemplate(template: JsonObject, settings: PackageSettings): JsonObject {
  const problems: string[] = [];
  const filled = fillValue(template, '', settings, problems);
  if (problems.length > 0) throw new ManifestError('The manifest template cannot be filled', problems);
  return filled as JsonObject;
}
