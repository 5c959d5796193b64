import { ManifestError } from './manifest-error.js';

/** The values filled into the manifest template when the app package is built. */
export interface PackageSettings {
  /** TEAMS_APP_ID: the Teams app's own id (a GUID), stable across versions of the app. */
  teamsAppId: string;
  /** MicrosoftAppId: the bot's Microsoft Entra app id (a GUID), as registered for Azure Bot Service. */
  botAppId: string;
  /** BOT_DOMAIN: the public host name the bot is served from, without scheme, port or path. */
  botDomain: string;
  /** APP_VERSION: the app version (x.y.z), taken from package.json. */
  appVersion: string;
}

/** Environment variable names, as they appear in .env. */
export const SETTING_NAMES = {
  teamsAppId: 'TEAMS_APP_ID',
  botAppId: 'MicrosoftAppId',
  botDomain: 'BOT_DOMAIN',
} as const;

/**
 * Clearly fake values used in a non-strict run when a setting is missing. The all-zero GUIDs and the
 * reserved `.invalid` domain can never be mistaken for a real registration.
 */
export const FAKE_SETTINGS: Readonly<Omit<PackageSettings, 'appVersion'>> = {
  teamsAppId: '00000000-0000-0000-0000-000000000000',
  botAppId: '00000000-0000-0000-0000-000000000000',
  botDomain: 'bot-domain-not-set.invalid',
};

/** Well-formed but unregistered values for checks and tests. */
export const TEST_SETTINGS: Readonly<PackageSettings> = {
  teamsAppId: '3f0b6c2e-8d41-4a57-9c1e-2b7d5e9a0f13',
  botAppId: '9a7e4d12-5b3c-4f60-8e21-c4d7a1b09e55',
  botDomain: 'mh-nettverket.example.no',
  appVersion: '0.1.0',
};

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const NIL_GUID = /^0{8}-(0{4}-){3}0{12}$/;
const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;
const APP_VERSION = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;

/** True for a GUID in the 8-4-4-4-12 hex form the manifest schema requires. */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** True for a DNS host name with at least two labels (no scheme, port, path or wildcard). */
export function isHostName(value: string): boolean {
  if (value.length > 253) return false;
  const labels = value.split('.');
  return labels.length >= 2 && labels.every((label) => HOST_LABEL.test(label));
}

/** True for a plain x.y.z version, which is what Teams accepts as an app version. */
export function isAppVersion(value: string): boolean {
  return APP_VERSION.test(value);
}

/** Options for {@link resolvePackageSettings}. */
export interface ResolveOptions {
  /** Missing or placeholder values are errors instead of falling back to {@link FAKE_SETTINGS}. */
  strict: boolean;
}

/** Settings to use, plus warnings to show the person running the build. */
export interface ResolvedSettings {
  settings: PackageSettings;
  warnings: string[];
}

type EnvSettingKey = keyof typeof SETTING_NAMES;

function describeGuidProblem(name: string): string {
  return `${name} must be a GUID such as 3f0b6c2e-8d41-4a57-9c1e-2b7d5e9a0f13`;
}

function describeHostProblem(name: string, value: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return `${name} must be a host name only: remove the scheme`;
  if (/[/:]/.test(value)) return `${name} must be a host name only, without port or path`;
  return `${name} must be a host name such as mh-nettverket.example.no`;
}

/**
 * Reads TEAMS_APP_ID, MicrosoftAppId and BOT_DOMAIN from `env` and checks them. A malformed value is
 * always an error; a missing one falls back to a fake value with a warning unless `strict` is set.
 * Throws a {@link ManifestError} that names every bad setting (never its value).
 */
export function resolvePackageSettings(
  env: Readonly<Record<string, string | undefined>>,
  appVersion: string,
  options: ResolveOptions,
): ResolvedSettings {
  const problems: string[] = [];
  const warnings: string[] = [];
  const resolved: Omit<PackageSettings, 'appVersion'> = { ...FAKE_SETTINGS };

  for (const key of Object.keys(SETTING_NAMES) as EnvSettingKey[]) {
    const name = SETTING_NAMES[key];
    const value = env[name]?.trim() ?? '';
    if (value === '') {
      if (options.strict) problems.push(`${name} is not set`);
      else warnings.push(`${name} is not set: using a fake placeholder; this package cannot be installed`);
      continue;
    }
    const valid = key === 'botDomain' ? isHostName(value) : isGuid(value);
    if (!valid) {
      problems.push(key === 'botDomain' ? describeHostProblem(name, value) : describeGuidProblem(name));
      continue;
    }
    if (options.strict && key !== 'botDomain' && NIL_GUID.test(value)) {
      problems.push(`${name} is the all-zero placeholder GUID`);
      continue;
    }
    if (options.strict && key === 'botDomain' && value.toLowerCase().endsWith('.invalid')) {
      problems.push(`${name} is a placeholder (.invalid) domain`);
      continue;
    }
    resolved[key] = key === 'botDomain' ? value.toLowerCase() : value;
  }

  if (!isAppVersion(appVersion)) {
    problems.push('the version in package.json (APP_VERSION) must be x.y.z, for example 1.2.3');
  }
  if (problems.length > 0) throw new ManifestError('Invalid package settings', problems);
  return { settings: { ...resolved, appVersion }, warnings };
}
