/**
 * What features add to the coordinators' overview page (an extension point, app/extensions.ts): each
 * feature that has something waiting for people contributes one `OverviewSource` from its own folder
 * (`<feature>-overview.ts`, listed in its `contributes`), and buildOverview (overview-build.ts) asks
 * every contribution for its parts, without knowing the features. A new feature adds its rows with
 * one contribution.
 *
 * Every part is read for one viewer, inside one read of the store (`store.read`: nothing is written),
 * and decided by the contributing feature's own policy: a row carries a title only where the viewer
 * may open the item in the bot. Which sections a viewer gets at all is the builder's decision (the
 * network for coordinators, meetings for members); a source answers `undefined` for a section the
 * viewer may not see (the check-in matrix), which leaves it absent.
 */
import type { AppContext } from '../../app/context.js';
import { extensionPoint } from '../../app/extensions.js';
import type { Locale } from '../../cards/i18n.js';
import type { Person, Roster, Unit } from '../../domain/roster.js';
import type { UnitOfWork } from '../../store/store.js';
import type { OverviewAgenda, OverviewCheckins, OverviewMeeting, OverviewRow } from './overview-model.js';

/** The signed-in person: their AAD object id and their roster entry (configured admins merged in). */
export interface OverviewViewer {
  aadObjectId: string;
  /** Undefined when they are neither in the roster nor a configured administrator. */
  person: Person | undefined;
}

/** What every source gets: the read, the viewer, and what is read once for all of them. */
export interface OverviewContext {
  app: AppContext;
  /** The read's repositories (a read: a put throws). */
  uow: UnitOfWork;
  viewer: OverviewViewer;
  /** The roster as the policy knows it (loadRoster: configured admins merged in). */
  roster: Roster;
  units: readonly Unit[];
  /** The moment of the overview (`generatedAt`). */
  now: Date;
  /** The viewer's language, for names the store keeps in both (regions). */
  locale: Locale;
  /**
   * A value read once per overview and shared by every source that asks under the same key (the open
   * guidance requests, say, which the queue and the network part both filter).
   */
  once<T>(key: string, read: () => Promise<T>): Promise<T>;
}

/** The most upcoming meetings the page lists (a source need not give more). */
export const OVERVIEW_MEETINGS = 5;

/** A meeting in the upcoming list, with the series and original date an agenda source needs. */
export interface UpcomingMeeting extends OverviewMeeting {
  seriesId: string;
  /** The meeting's original date in its series (its id there). */
  occurrence: string;
}

export interface OverviewSource {
  /** What waits for the viewer themself: assigned to them, or theirs to decide. */
  queue?(ctx: OverviewContext): Promise<OverviewRow[]>;
  /**
   * The network's open items (asked for coordinators only), each with its department; a title only
   * on rows the viewer may open in the bot.
   */
  network?(ctx: OverviewContext): Promise<OverviewRow[]>;
  /** The viewer's upcoming meetings (asked for members only), nearest first. */
  meetings?(ctx: OverviewContext): Promise<UpcomingMeeting[]>;
  /**
   * The agenda of one of the viewer's upcoming meetings, or undefined when none is kept for it (the
   * builder asks for the nearest meetings in turn and shows the first agenda found).
   */
  agenda?(ctx: OverviewContext, meeting: UpcomingMeeting): Promise<OverviewAgenda | undefined>;
  /** The check-in matrix, or undefined when the viewer may not see it. */
  checkins?(ctx: OverviewContext): Promise<OverviewCheckins | undefined>;
}

export const OVERVIEW_SOURCE = extensionPoint<OverviewSource>('overview.source');
