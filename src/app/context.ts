/**
 * What every use case gets: the store, the clock, an id generator and the few settings that
 * matter to the rules. Built once in src/main.ts.
 */
import { randomUUID } from 'node:crypto';
import { type AuditPort, NO_AUDIT } from '../audit/audit-log.js';
import { type FeatureSettings, type SettingsSource, settingsSource } from '../config/feature-settings.js';
import { NO_PRIVACY, type PrivacyPort } from '../privacy/erasure.js';
import type { Store } from '../store/store.js';
import { type Contribution, type ExtensionSource, extensionSource } from './extensions.js';
import { RecentKeys } from './recent-keys.js';

export interface AppContext {
  store: Store;
  /** The current time; tests pass a fake clock. */
  now: () => Date;
  newId: () => string;
  /** Bootstrap administrators from configuration (AAD object ids). */
  adminAadObjectIds: readonly string[];
  /** Called after a unit of work enqueued notifications, so the outbox can deliver them soon. */
  onNotificationsEnqueued?: () => void;
  /** Called after a unit of work put tracked items, with their kinds (to wake the jobs they concern). */
  onItemsChanged?: (kinds: ReadonlySet<string>) => void;
  /** Each feature's settings, as loaded at start (a feature reads its own: `settings.of(SPEC)`). */
  settings: SettingsSource;
  /** What features contributed to each other's extension points (`extensions.of(POINT)`). */
  extensions: ExtensionSource;
  /** Ids of activities that only read, seen lately (a Teams retry of one is not answered twice). */
  recentReads: RecentKeys;
  /** How people sign in to the bot's pages (the overview tab), as the pages are told. */
  pages: PagesInfo;
  /**
   * The audit log (issue 14): ids and actions, never text. Items put in a unit of work are recorded
   * by the core after the commit (app/unit-of-work.ts); reads and exports are recorded where they
   * are served (`app.audit.record({ actor, action: 'read', target: 'overview' })`).
   */
  audit: AuditPort;
  /** Erasure on request (issue 14, privacy/erasure.ts). */
  privacy: PrivacyPort;
}

/**
 * What a page of the bot's needs to know to sign in (never a secret): Teams single sign-on with the
 * app's client id and scope, or (development only) a fixed person without a token, or neither.
 */
export interface PagesInfo {
  mode: 'sso' | 'development' | 'off';
  clientId?: string;
  /** The scope a page asks a token for: `<Application ID URI>/access_as_user`. */
  scope?: string;
  /** The bot's app id (deep links to its chat). */
  botAppId?: string;
  /** Origins besides Teams' own that a page's teams-js accepts messages from (tests' host page). */
  extraOrigins: readonly string[];
  /** Development: the person every page request is. */
  developmentUser?: string;
}

export function createAppContext(args: {
  store: Store;
  adminAadObjectIds: readonly string[];
  now?: () => Date;
  newId?: () => string;
  onNotificationsEnqueued?: () => void;
  onItemsChanged?: (kinds: ReadonlySet<string>) => void;
  /** The features' settings loaded by loadConfig (default: each feature's defaults). */
  settings?: ReadonlyMap<FeatureSettings<unknown>, unknown>;
  /** The features' contributions to each other's extension points (default: none). */
  contributions?: readonly Contribution[];
  /** How pages sign in (default: they cannot). */
  pages?: PagesInfo;
  /** Where audit entries go (default: nowhere). */
  audit?: AuditPort;
  /** Erasure (default: erases nothing). */
  privacy?: PrivacyPort;
}): AppContext {
  return {
    store: args.store,
    adminAadObjectIds: args.adminAadObjectIds,
    settings: settingsSource(args.settings ?? new Map()),
    extensions: extensionSource(args.contributions),
    now: args.now ?? (() => new Date()),
    newId: args.newId ?? randomUUID,
    onNotificationsEnqueued: args.onNotificationsEnqueued,
    onItemsChanged: args.onItemsChanged,
    recentReads: new RecentKeys(10_000),
    pages: args.pages ?? { mode: 'off', extraOrigins: [] },
    audit: args.audit ?? NO_AUDIT,
    privacy: args.privacy ?? NO_PRIVACY,
  };
}

/** Who is acting, as the Teams layer knows it from the activity (never from card data). */
export interface Caller {
  aadObjectId: string;
  /** Display name from the activity; stored only when the person joins the network. */
  displayName: string;
}
