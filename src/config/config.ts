/**
 * Configuration from environment variables, validated once at start-up (zod). Every setting is
 * documented in .env.example. Problems are reported all at once as "<SETTING>: <what is wrong>";
 * values are never echoed, so secrets cannot leak through an error message.
 *
 * Fail closed: with NODE_ENV=production the bot refuses to start unless Bot Framework authentication
 * is fully configured (SingleTenant app id, tenant id and a credential) and the development-only
 * settings are off (demo roster, locale override, redirected notifications). Redirected notifications
 * are refused with any app id too: with real Teams they would hand one person's cards to another.
 * Without an app id, authentication is OFF (any caller is accepted), so the bot then binds to the
 * loopback interface only.
 */

import { existsSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from '../log/logger.js';
import { SafeError } from '../log/safe-error.js';
import { type FeatureSettings, parseFeatureSettings } from './feature-settings.js';
import {
  DEFAULT_TENANT_LIMITS,
  formatLimits,
  parseLimits,
  TEAMS_CONVERSATION_LIMITS,
  type WindowLimit,
} from './window-limits.js';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

export const APP_TYPES = ['SingleTenant', 'MultiTenant', 'UserAssignedMSI'] as const;
export type AppType = (typeof APP_TYPES)[number];

/** The Microsoft 365 Agents Playground's mock tenant, used in development and test when none is set. */
export const PLAYGROUND_TENANT_ID = '00000000-0000-0000-0000-0000000000001';

/** An ISO 8601 instant with a time zone (Z or an offset), to the minute or finer. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * The retention categories (issue 14) and their default periods in days after an item settled; a
 * kind names its category in its privacy hooks (store-parts.ts). Reasons in docs/PRIVACY.md.
 */
export const RETENTION_DEFAULTS = {
  guidance: 730,
  agenda: 730,
  checkins: 400,
  notices: 90,
  rounds: 730,
  join: 365,
} as const;
export type RetentionCategory = keyof typeof RETENTION_DEFAULTS;

/** Locales LOCALE_OVERRIDE accepts (the Agents Playground always sends en-US). */
export const LOCALE_OVERRIDES = ['nb-NO', 'en-US'] as const;

/** Every environment variable the bot reads, in the order problems are reported. */
export const SETTING_NAMES = [
  'NODE_ENV',
  'PORT',
  'HOST',
  'MicrosoftAppId',
  'MicrosoftAppPassword',
  'MicrosoftAppType',
  'MicrosoftAppTenantId',
  'MANAGED_IDENTITY_CLIENT_ID',
  'DATA_DIR',
  'ADMIN_AAD_OBJECT_IDS',
  'DEMO_ROSTER',
  'LOG_LEVEL',
  'MAX_BODY_BYTES',
  'SHUTDOWN_TIMEOUT_MS',
  'IDEMPOTENCY_RETENTION_HOURS',
  'ARCHIVE_AFTER_HOURS',
  'OUTBOX_POLL_INTERVAL_MS',
  'LOCALE_OVERRIDE',
  'OUTBOX_CONCURRENCY',
  'OUTBOX_MAX_ATTEMPTS',
  'OUTBOX_BACKOFF_BASE_MS',
  'OUTBOX_BACKOFF_MAX_MS',
  'OUTBOX_RETENTION_DAYS',
  'RETENTION_GUIDANCE_DAYS',
  'RETENTION_AGENDA_DAYS',
  'RETENTION_CHECKINS_DAYS',
  'RETENTION_NOTICES_DAYS',
  'RETENTION_ROUNDS_DAYS',
  'RETENTION_JOIN_DAYS',
  'TEAMS_CONVERSATION_LIMITS',
  'TEAMS_TENANT_LIMITS',
  'TEAMS_SERVICE_URL',
  'SCHEDULER_INTERVAL_MS',
  'DEV_REDIRECT_NOTIFICATIONS',
  'DEV_CLOCK_START',
  'TAB_SSO_APP_ID_URI',
  'TAB_SSO_CLIENT_ID',
  'TAB_SSO_JWKS_URL',
  'TAB_DEV_USER',
  'TAB_EXTRA_ORIGINS',
] as const;
export type SettingName = (typeof SETTING_NAMES)[number];

/** The validated configuration. */
export interface Config {
  nodeEnv: NodeEnv;
  isProduction: boolean;
  /** TCP port to listen on (0 = any free port). */
  port: number;
  /** Interface to bind: 0.0.0.0 by default with an app id, loopback (127.0.0.1) without. */
  host: string;
  /** Bot Framework app (client) id; undefined means authentication is OFF (local development). */
  microsoftAppId: string | undefined;
  microsoftAppPassword: string | undefined;
  microsoftAppType: AppType;
  microsoftAppTenantId: string | undefined;
  /** Client id of a managed identity used as the app's federated credential (no password). */
  managedIdentityClientId: string | undefined;
  /** True when an app id is set, i.e. incoming requests must carry a valid Bot Connector token. */
  authEnabled: boolean;
  /** The tenant the bot serves; activities from any other tenant are refused. */
  tenantId: string;
  /** True when tenantId is the Playground's mock tenant because MicrosoftAppTenantId was not set. */
  tenantIdDefaulted: boolean;
  /** Absolute path of the data directory. */
  dataDir: string;
  /** AAD object ids of the bootstrap administrators (opaque strings). */
  adminAadObjectIds: string[];
  /** Seed a demo roster for the local Playground (never in production). */
  demoRoster: boolean;
  logLevel: LogLevel;
  maxBodyBytes: number;
  shutdownTimeoutMs: number;
  idempotencyRetentionHours: number;
  /** Hours a settled item (e.g. a closed request) and a delivered notification stay in the hot document. */
  archiveAfterHours: number;
  outboxPollIntervalMs: number;
  /** Development only: answer every activity in this locale instead of the client's. */
  localeOverride: (typeof LOCALE_OVERRIDES)[number] | undefined;
  /**
   * Development only: deliver notifications for anyone else into the personal chat that most recently
   * wrote to the bot, under a "To: <name>" line (the Agents Playground has only that chat).
   */
  devRedirectNotifications: boolean;
  /**
   * Development only: the bot's clock starts at this instant (ISO 8601) and runs on from there, so
   * that tomorrow's reminders can be seen today. Absent: the real time.
   */
  devClockStart: string | undefined;
  /** Each feature's own settings (src/config/feature-settings.ts), by spec. */
  features: ReadonlyMap<FeatureSettings<unknown>, unknown>;
  /** How people sign in to the bot's pages (the overview tab) and how those pages are framed. */
  pages: PagesConfig;
  /** How often time-driven work (deadline reminders) runs. */
  schedulerIntervalMs: number;
  /** Days after an item settled before its free text is removed, per retention category (issue 14). */
  retentionDays: Readonly<Record<RetentionCategory, number>>;
  /** The delivery engine (outbox). */
  outbox: {
    concurrency: number;
    maxAttempts: number;
    backoff: { baseMs: number; maxMs: number };
    limits: { perConversation: WindowLimit[]; perTenant: WindowLimit[] };
    /** Bot Connector URL for creating a 1:1 chat when no stored conversation gives one. */
    serviceUrl: string;
    /** Days a delivered notification is kept (it holds no text: only what it was about). */
    retentionDays: number;
  };
}

/** Sign-in for the bot's pages: Teams SSO, or (development only) a fixed person. */
export interface PagesConfig {
  /** Teams single sign-on: set when TAB_SSO_APP_ID_URI is. */
  sso: { clientId: string; appIdUri: string; jwksUrl: string | undefined } | undefined;
  /** Development only (no app id): every page request is this person (AAD object id). */
  developmentUser: string | undefined;
  /** Origins besides Teams' own that a page's teams-js accepts messages from (tests' host page). */
  extraOrigins: string[];
}

/** Thrown by {@link loadConfig}; `problems` holds one "<SETTING>: <what is wrong>" line per problem. */
export class ConfigError extends SafeError {
  override name = 'ConfigError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.problems = problems;
  }
}

type RawSettings = Partial<Record<SettingName, string>>;

/** The named variables, blank ones left out and the others trimmed (a feature's settings). */
function readNames(
  env: Record<string, string | undefined>,
  names: readonly string[],
): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') raw[name] = value.trim();
  }
  return raw;
}

/** Blank values count as unset (a `KEY=` line in .env); other values are trimmed, secrets excepted. */
function readRaw(env: Record<string, string | undefined>): RawSettings {
  const raw: RawSettings = {};
  for (const name of SETTING_NAMES) {
    const value = env[name];
    if (value === undefined || value.trim() === '') {
      continue;
    }
    raw[name] = name === 'MicrosoftAppPassword' ? value : value.trim();
  }
  return raw;
}

const NO_WHITESPACE = /^\S+$/;

function oneOf(values: readonly string[]): string {
  return `must be one of ${values.join(', ')}`;
}

function enumSetting<T extends string>(values: readonly [T, ...T[]], fallback: T, caseInsensitive = false) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): T => {
      if (raw === undefined) {
        return fallback;
      }
      const found = values.find((value) =>
        caseInsensitive ? value.toLowerCase() === raw.toLowerCase() : value === raw,
      );
      if (found === undefined) {
        ctx.addIssue({ code: 'custom', message: oneOf(values) });
        return z.NEVER;
      }
      return found;
    });
}

/** A list of sliding-window limits such as "7/1s,8/2s,60/30s,1800/1h". */
function limitsSetting(fallback: readonly WindowLimit[]) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): WindowLimit[] => {
      if (raw === undefined) return [...fallback];
      try {
        return parseLimits(raw);
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          message: `${error instanceof Error ? error.message : 'is not valid'} (expected e.g. "${formatLimits(fallback)}")`,
        });
        return z.NEVER;
      }
    });
}

/** A whole number from `min` to `max`, `fallback` when unset (for the core's settings and features'). */
export function integerSetting(fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER) {
  const message =
    min === 1 && max === Number.MAX_SAFE_INTEGER
      ? 'must be a positive integer (digits only)'
      : `must be an integer from ${min} to ${max}`;
  return z
    .string()
    .optional()
    .transform((raw, ctx): number => {
      if (raw === undefined) {
        return fallback;
      }
      const value = Number(raw);
      if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return value;
    });
}

const TRUE_WORDS = ['true', '1', 'yes'];
const FALSE_WORDS = ['false', '0', 'no'];

/** Parses true/false/1/0/yes/no (any case); undefined for anything else. */
export function parseBoolean(raw: string): boolean | undefined {
  const word = raw.trim().toLowerCase();
  if (TRUE_WORDS.includes(word)) {
    return true;
  }
  if (FALSE_WORDS.includes(word)) {
    return false;
  }
  return undefined;
}

/** true/false/1/0/yes/no (any case), `fallback` when unset. */
export function booleanSetting(fallback: boolean) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): boolean => {
      if (raw === undefined) {
        return fallback;
      }
      const value = parseBoolean(raw);
      if (value === undefined) {
        ctx.addIssue({ code: 'custom', message: `${oneOf([...TRUE_WORDS, ...FALSE_WORDS])} (any case)` });
        return z.NEVER;
      }
      return value;
    });
}

/** An opaque id (tenant, app, object id): non-empty, no whitespace. GUID shape is not required. */
const idSetting = z.string().regex(NO_WHITESPACE, { error: 'must not contain whitespace' }).optional();

const adminIdsSetting = z
  .string()
  .optional()
  .transform((raw, ctx): string[] => {
    if (raw === undefined) {
      return [];
    }
    const ids: string[] = [];
    raw.split(',').forEach((entry, index) => {
      const id = entry.trim();
      if (id === '') {
        return;
      }
      if (!NO_WHITESPACE.test(id)) {
        ctx.addIssue({
          code: 'custom',
          message: `entry ${index + 1} contains whitespace (expected comma-separated object ids)`,
        });
        return;
      }
      if (!ids.includes(id)) {
        ids.push(id);
      }
    });
    return ids;
  });

/** A comma-separated list of http(s) origins (scheme, host and port, no path). */
const originsSetting = z
  .string()
  .optional()
  .transform((raw, ctx): string[] => {
    if (raw === undefined) return [];
    const origins: string[] = [];
    raw.split(',').forEach((entry, index) => {
      const value = entry.trim();
      if (value === '') return;
      let origin: string | undefined;
      try {
        const url = new URL(value);
        if (
          (url.protocol === 'http:' || url.protocol === 'https:') &&
          url.origin === value.replace(/\/$/, '')
        )
          origin = url.origin;
      } catch {
        origin = undefined;
      }
      if (origin === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `entry ${index + 1} is not an origin (expected e.g. http://127.0.0.1:4000)`,
        });
        return;
      }
      if (!origins.includes(origin)) origins.push(origin);
    });
    return origins;
  });

/** Field-by-field rules: each setting on its own. */
const fieldsSchema = z.object({
  NODE_ENV: enumSetting(NODE_ENVS, 'development'),
  PORT: integerSetting(3978, 0, 65535),
  HOST: z.string().regex(NO_WHITESPACE, { error: 'must be a host name or IP address' }).optional(),
  MicrosoftAppId: idSetting,
  MicrosoftAppPassword: z.string().optional(),
  MicrosoftAppType: enumSetting(APP_TYPES, 'SingleTenant', true),
  MicrosoftAppTenantId: idSetting,
  MANAGED_IDENTITY_CLIENT_ID: idSetting,
  DATA_DIR: z.string().default('./data'),
  ADMIN_AAD_OBJECT_IDS: adminIdsSetting,
  DEMO_ROSTER: booleanSetting(false),
  LOG_LEVEL: enumSetting(LOG_LEVELS, 'info', true),
  MAX_BODY_BYTES: integerSetting(262_144),
  SHUTDOWN_TIMEOUT_MS: integerSetting(10_000),
  IDEMPOTENCY_RETENTION_HOURS: integerSetting(48),
  ARCHIVE_AFTER_HOURS: integerSetting(24, 0, 8_760),
  OUTBOX_POLL_INTERVAL_MS: integerSetting(1_000),
  OUTBOX_CONCURRENCY: integerSetting(32, 1, 256),
  OUTBOX_MAX_ATTEMPTS: integerSetting(8, 1, 100),
  OUTBOX_BACKOFF_BASE_MS: integerSetting(2_000),
  OUTBOX_BACKOFF_MAX_MS: integerSetting(600_000),
  OUTBOX_RETENTION_DAYS: integerSetting(30, 1, 3_650),
  // Days after an item settled before its free text is removed (docs/PRIVACY.md gives the reasons).
  RETENTION_GUIDANCE_DAYS: integerSetting(RETENTION_DEFAULTS.guidance, 1, 3_650),
  RETENTION_AGENDA_DAYS: integerSetting(RETENTION_DEFAULTS.agenda, 1, 3_650),
  RETENTION_CHECKINS_DAYS: integerSetting(RETENTION_DEFAULTS.checkins, 1, 3_650),
  RETENTION_NOTICES_DAYS: integerSetting(RETENTION_DEFAULTS.notices, 1, 3_650),
  RETENTION_ROUNDS_DAYS: integerSetting(RETENTION_DEFAULTS.rounds, 1, 3_650),
  RETENTION_JOIN_DAYS: integerSetting(RETENTION_DEFAULTS.join, 1, 3_650),
  TEAMS_CONVERSATION_LIMITS: limitsSetting(TEAMS_CONVERSATION_LIMITS),
  TEAMS_TENANT_LIMITS: limitsSetting(DEFAULT_TENANT_LIMITS),
  TEAMS_SERVICE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .default('https://smba.trafficmanager.net/emea/'),
  SCHEDULER_INTERVAL_MS: integerSetting(300_000, 1_000, 86_400_000),
  LOCALE_OVERRIDE: z
    .enum(LOCALE_OVERRIDES, { error: `must be one of ${LOCALE_OVERRIDES.join(', ')}` })
    .optional(),
  DEV_REDIRECT_NOTIFICATIONS: booleanSetting(false),
  DEV_CLOCK_START: z
    .string()
    .refine((value) => ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value)), {
      error: 'must be an ISO 8601 instant with a time zone, e.g. 2026-03-09T07:55:00+01:00',
    })
    .optional(),
  TAB_SSO_APP_ID_URI: z
    .string()
    .regex(/^api:\/\/\S+$/, {
      error: "must be the app's Application ID URI, e.g. api://bot.example.org/<client id>",
    })
    .optional(),
  TAB_SSO_CLIENT_ID: idSetting,
  TAB_SSO_JWKS_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  TAB_DEV_USER: idSetting,
  TAB_EXTRA_ORIGINS: originsSetting,
});

/** True for 127.0.0.0/8, ::1 and localhost (the only addresses reachable from this machine alone). */
export function isLoopbackHost(host: string): boolean {
  const value = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (value === 'localhost' || value === '::1' || value === '0:0:0:0:0:0:0:1') {
    return true;
  }
  const v4 = value.startsWith('::ffff:') ? value.slice('::ffff:'.length) : value;
  return isIPv4(v4) && v4.startsWith('127.');
}

/**
 * Rules across settings (authentication, production, binding). They read the raw values, so they are
 * reported together with field problems rather than after them.
 */
const crossSchema = z.custom<RawSettings>().superRefine((raw, ctx) => {
  const problem = (setting: SettingName, message: string) =>
    ctx.addIssue({ code: 'custom', path: [setting], message });
  const production = raw.NODE_ENV === 'production';
  const appType = APP_TYPES.find(
    (type) => type.toLowerCase() === (raw.MicrosoftAppType ?? 'SingleTenant').toLowerCase(),
  );
  const appId = raw.MicrosoftAppId !== undefined;
  const password = raw.MicrosoftAppPassword !== undefined;
  const managedIdentity = raw.MANAGED_IDENTITY_CLIENT_ID !== undefined;

  if (production && !appId) {
    problem('MicrosoftAppId', 'is required in production (without it Bot Framework authentication is off)');
  } else if (!appId && (password || managedIdentity)) {
    problem(
      'MicrosoftAppId',
      'is required when a credential (MicrosoftAppPassword or MANAGED_IDENTITY_CLIENT_ID) is set',
    );
  }
  if (production && appType !== undefined && appType !== 'SingleTenant') {
    problem('MicrosoftAppType', 'must be SingleTenant in production');
  }
  if (raw.MicrosoftAppTenantId === undefined) {
    if (production) {
      problem('MicrosoftAppTenantId', 'is required in production (the tenant the bot serves)');
    } else if (appId && (appType === 'SingleTenant' || appType === 'UserAssignedMSI')) {
      problem('MicrosoftAppTenantId', `is required when MicrosoftAppType is ${appType}`);
    }
  }
  if (!password && !managedIdentity) {
    if (production) {
      problem(
        'MicrosoftAppPassword',
        'a credential is required in production: set it or MANAGED_IDENTITY_CLIENT_ID',
      );
    } else if (appId && appType !== undefined && appType !== 'UserAssignedMSI') {
      problem(
        'MicrosoftAppPassword',
        'a credential is required with MicrosoftAppId: set it or MANAGED_IDENTITY_CLIENT_ID',
      );
    }
  }
  if (password && managedIdentity) {
    problem('MANAGED_IDENTITY_CLIENT_ID', 'set either it or MicrosoftAppPassword, not both');
  }
  if (production && raw.LOCALE_OVERRIDE !== undefined) {
    problem(
      'LOCALE_OVERRIDE',
      'must not be set in production (people get the language of their Teams client)',
    );
  }
  if (production && raw.DEV_CLOCK_START !== undefined) {
    problem('DEV_CLOCK_START', 'must not be set in production (the bot runs on the real time)');
  }
  if (production && raw.DEMO_ROSTER !== undefined && parseBoolean(raw.DEMO_ROSTER) === true) {
    problem('DEMO_ROSTER', 'must be false in production');
  }
  const redirect =
    raw.DEV_REDIRECT_NOTIFICATIONS !== undefined && parseBoolean(raw.DEV_REDIRECT_NOTIFICATIONS) === true;
  if (redirect && production) {
    problem(
      'DEV_REDIRECT_NOTIFICATIONS',
      'must be false in production (notifications must reach the people they are for)',
    );
  } else if (redirect && appId) {
    // With an app id the bot talks to real Teams: one person's notifications would go to another.
    problem(
      'DEV_REDIRECT_NOTIFICATIONS',
      'must be false when MicrosoftAppId is set (it is for the Agents Playground, without an app id)',
    );
  }
  if (raw.TAB_SSO_APP_ID_URI !== undefined && !appId && raw.TAB_SSO_CLIENT_ID === undefined) {
    problem('TAB_SSO_APP_ID_URI', "needs the app's client id: set MicrosoftAppId or TAB_SSO_CLIENT_ID");
  }
  if (raw.TAB_SSO_APP_ID_URI !== undefined && raw.MicrosoftAppTenantId === undefined && !production) {
    problem('TAB_SSO_APP_ID_URI', "needs MicrosoftAppTenantId (only that tenant's people may sign in)");
  }
  if (production && raw.TAB_SSO_JWKS_URL !== undefined && !raw.TAB_SSO_JWKS_URL.startsWith('https://')) {
    problem('TAB_SSO_JWKS_URL', 'must be an https URL in production');
  }
  if (raw.TAB_DEV_USER !== undefined) {
    if (production) problem('TAB_DEV_USER', 'must not be set in production (people sign in with Teams)');
    else if (appId)
      problem(
        'TAB_DEV_USER',
        'must not be set with MicrosoftAppId (it is for local development without an app id)',
      );
    else if (raw.TAB_SSO_APP_ID_URI !== undefined)
      problem('TAB_DEV_USER', 'set either it or TAB_SSO_APP_ID_URI, not both');
  }
  if (production && raw.TAB_EXTRA_ORIGINS !== undefined) {
    problem('TAB_EXTRA_ORIGINS', 'must not be set in production (pages run inside Teams only)');
  }
  if (!appId && raw.HOST !== undefined && NO_WHITESPACE.test(raw.HOST) && !isLoopbackHost(raw.HOST)) {
    problem(
      'HOST',
      'must be a loopback address (127.0.0.1, ::1 or localhost) while MicrosoftAppId is empty, because Bot Framework authentication is off without an app id',
    );
  }
});

function describe(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const setting = typeof issue.path[0] === 'string' ? issue.path[0] : 'configuration';
    return `${setting}: ${issue.message}`;
  });
}

function settingRank(problem: string): number {
  const index = SETTING_NAMES.findIndex((name) => problem.startsWith(`${name}:`));
  return index === -1 ? SETTING_NAMES.length : index;
}

/**
 * Validates the environment and returns the configuration, or throws a {@link ConfigError} listing
 * every problem. Blank values count as unset. Call once at start-up with `process.env`.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  featureSettings: readonly FeatureSettings<unknown>[] = [],
): Config {
  const raw = readRaw(env);
  const fields = fieldsSchema.safeParse(raw);
  const cross = crossSchema.safeParse(raw);
  const features = new Map<FeatureSettings<unknown>, unknown>();
  const featureProblems: string[] = [];
  for (const spec of featureSettings) {
    const parsed = parseFeatureSettings(spec, readNames(env, Object.keys(spec.env)));
    if (parsed.ok) features.set(spec, parsed.value);
    else featureProblems.push(...parsed.problems);
  }
  const problems = [
    ...(fields.success ? [] : describe(fields.error.issues)),
    ...(cross.success ? [] : describe(cross.error.issues)),
  ];
  if (!fields.success || problems.length > 0 || featureProblems.length > 0) {
    const ordered = [...new Set(problems)].sort((a, b) => settingRank(a) - settingRank(b));
    throw new ConfigError([...ordered, ...featureProblems]);
  }
  const settings = fields.data;
  const microsoftAppId = settings.MicrosoftAppId;
  const isProduction = settings.NODE_ENV === 'production';
  const tenantIdDefaulted = settings.MicrosoftAppTenantId === undefined;
  return {
    nodeEnv: settings.NODE_ENV,
    isProduction,
    port: settings.PORT,
    host: settings.HOST ?? (microsoftAppId ? '0.0.0.0' : '127.0.0.1'),
    microsoftAppId,
    microsoftAppPassword: settings.MicrosoftAppPassword,
    microsoftAppType: settings.MicrosoftAppType,
    microsoftAppTenantId: settings.MicrosoftAppTenantId,
    managedIdentityClientId: settings.MANAGED_IDENTITY_CLIENT_ID,
    authEnabled: microsoftAppId !== undefined,
    tenantId: settings.MicrosoftAppTenantId ?? PLAYGROUND_TENANT_ID,
    tenantIdDefaulted,
    dataDir: resolve(settings.DATA_DIR),
    adminAadObjectIds: settings.ADMIN_AAD_OBJECT_IDS,
    demoRoster: settings.DEMO_ROSTER,
    logLevel: settings.LOG_LEVEL,
    maxBodyBytes: settings.MAX_BODY_BYTES,
    shutdownTimeoutMs: settings.SHUTDOWN_TIMEOUT_MS,
    idempotencyRetentionHours: settings.IDEMPOTENCY_RETENTION_HOURS,
    archiveAfterHours: settings.ARCHIVE_AFTER_HOURS,
    outboxPollIntervalMs: settings.OUTBOX_POLL_INTERVAL_MS,
    localeOverride: settings.LOCALE_OVERRIDE,
    devRedirectNotifications: settings.DEV_REDIRECT_NOTIFICATIONS,
    devClockStart: settings.DEV_CLOCK_START,
    features,
    pages: {
      sso:
        settings.TAB_SSO_APP_ID_URI !== undefined
          ? {
              clientId: settings.TAB_SSO_CLIENT_ID ?? microsoftAppId ?? '',
              appIdUri: settings.TAB_SSO_APP_ID_URI,
              jwksUrl: settings.TAB_SSO_JWKS_URL,
            }
          : undefined,
      developmentUser: settings.TAB_DEV_USER,
      extraOrigins: settings.TAB_EXTRA_ORIGINS,
    },
    schedulerIntervalMs: settings.SCHEDULER_INTERVAL_MS,
    retentionDays: {
      guidance: settings.RETENTION_GUIDANCE_DAYS,
      agenda: settings.RETENTION_AGENDA_DAYS,
      checkins: settings.RETENTION_CHECKINS_DAYS,
      notices: settings.RETENTION_NOTICES_DAYS,
      rounds: settings.RETENTION_ROUNDS_DAYS,
      join: settings.RETENTION_JOIN_DAYS,
    },
    outbox: {
      concurrency: settings.OUTBOX_CONCURRENCY,
      maxAttempts: settings.OUTBOX_MAX_ATTEMPTS,
      backoff: { baseMs: settings.OUTBOX_BACKOFF_BASE_MS, maxMs: settings.OUTBOX_BACKOFF_MAX_MS },
      limits: {
        perConversation: settings.TEAMS_CONVERSATION_LIMITS,
        perTenant: settings.TEAMS_TENANT_LIMITS,
      },
      serviceUrl: settings.TEAMS_SERVICE_URL,
      retentionDays: settings.OUTBOX_RETENTION_DAYS,
    },
  };
}

/**
 * Loads a .env file into `process.env` if it exists, without overriding variables that are already
 * set (even to an empty value). Returns whether a file was loaded.
 */
export function loadDotEnv(path = '.env'): boolean {
  if (!existsSync(path)) {
    return false;
  }
  process.loadEnvFile(path);
  return true;
}

/**
 * The settings botbuilder's ConfigurationBotFrameworkAuthentication and
 * ConfigurationServiceClientCredentialFactory expect (its own env-style names).
 * A managed-identity credential is not expressed here: botbuilder 4.23 has no setting for it, so the
 * composition root must pass a federated credentials factory when managedIdentityClientId is set.
 */
export function botFrameworkAuthSettings(config: Config): {
  MicrosoftAppId: string;
  MicrosoftAppPassword: string;
  MicrosoftAppType: AppType;
  MicrosoftAppTenantId: string;
} {
  return {
    MicrosoftAppId: config.microsoftAppId ?? '',
    MicrosoftAppPassword: config.microsoftAppPassword ?? '',
    MicrosoftAppType: config.microsoftAppType,
    MicrosoftAppTenantId: config.microsoftAppTenantId ?? '',
  };
}
