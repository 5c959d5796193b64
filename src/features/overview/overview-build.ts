/**
 * The coordinators' overview page's data (GET /api/tab/overview): for one signed-in person, what the
 * policy lets them see, assembled from what the features contribute (OVERVIEW_SOURCE,
 * overview-sources.ts) and the outbox's health, inside one read of the store (nothing is written).
 *
 * Sections by role (a section the person may not see is absent, never empty):
 * - queue: everyone who may open the page (members and admins): what waits for them themself;
 * - network: coordinators and deputies: the network's open items by department, with counts;
 * - meetings: network members: their upcoming meetings, and the agenda of the nearest that keeps one;
 * - checkins: whoever a source shows the matrix to (RMA's coordinator or deputy, the UDI coordinator);
 * - delivery: admins (configured ones too).
 * A person neither in the network nor an admin gets an empty queue and nothing else.
 *
 * Lists are capped at OVERVIEW_ROW_LIMIT rows (the counts count every row); meetings at
 * OVERVIEW_MEETINGS.
 */
import { loadRoster } from '../../app/actor.js';
import type { AppContext } from '../../app/context.js';
import { type Locale, pickLocale } from '../../cards/i18n.js';
import { isAdmin, isAnyCoordinator, isNetworkMember, type Person, type Role } from '../../domain/roster.js';
import type { UnitOfWork } from '../../store/store.js';
import type {
  OverviewAgenda,
  OverviewDelivery,
  OverviewMeeting,
  OverviewResponse,
  OverviewRow,
  OverviewViewer,
} from './overview-model.js';
import { departmentCounts, orderRows } from './overview-rows.js';
import {
  OVERVIEW_MEETINGS,
  OVERVIEW_SOURCE,
  type OverviewContext,
  type OverviewSource,
  type UpcomingMeeting,
} from './overview-sources.js';

/** Who may open the overview: network members and administrators (the HTTP layer answers others 403). */
export function mayOpenOverview(person: Person | undefined): boolean {
  return isNetworkMember(person) || isAdmin(person);
}

export interface OverviewOptions {
  /** The person's language (from the page); default: the last one seen in their chat, else bokmål. */
  locale?: Locale;
}

/** The overview for the person `aadObjectId` (from a verified token), read in one `store.read`. */
export async function buildOverview(
  app: AppContext,
  aadObjectId: string,
  options: OverviewOptions = {},
): Promise<OverviewResponse> {
  const now = app.now();
  return app.store.read(async (uow) => {
    const roster = await loadRoster(app, uow);
    const person = roster.get(aadObjectId);
    const response: OverviewResponse = {
      generatedAt: now.toISOString(),
      viewer: viewerOf(person),
      queue: [],
    };
    if (!mayOpenOverview(person)) return response;
    const locale =
      options.locale ?? pickLocale((await uow.conversations.getPerson(aadObjectId))?.locale ?? 'nb');
    const cache = new Map<string, Promise<unknown>>();
    const ctx: OverviewContext = {
      app,
      uow,
      viewer: { aadObjectId, person },
      roster,
      units: await uow.units.list(),
      now,
      locale,
      once<T>(key: string, read: () => Promise<T>): Promise<T> {
        let value = cache.get(key) as Promise<T> | undefined;
        if (!value) {
          value = read();
          cache.set(key, value);
        }
        return value;
      },
    };
    const sources = app.extensions.of(OVERVIEW_SOURCE);

    response.queue = orderRows(await collect(sources, (s) => s.queue?.(ctx)));

    if (isAnyCoordinator(person)) {
      // Counted before the rows are capped: the counts are the network's, whatever the page lists.
      const all = orderRows(await collect(sources, (s) => s.network?.(ctx)), Number.POSITIVE_INFINITY);
      response.network = { counts: departmentCounts(all), rows: orderRows(all) };
    }

    if (isNetworkMember(person)) {
      const meetings = await upcoming(sources, ctx);
      const nextAgenda = await agendaOf(sources, ctx, meetings);
      response.meetings = {
        upcoming: meetings.map(publicMeeting),
        ...(nextAgenda ? { nextAgenda } : {}),
      };
    }

    const checkins = await firstOf(sources, (s) => s.checkins?.(ctx));
    if (checkins) response.checkins = checkins;

    if (isAdmin(person)) response.delivery = await deliveryHealth(uow);
    return response;
  });
}

/** Who the page greets, and their roles (the admin role is `isAdmin`, not a role of a department). */
function viewerOf(person: Person | undefined): OverviewViewer {
  return {
    ...(person?.displayName ? { displayName: person.displayName } : {}),
    isMember: isNetworkMember(person),
    isCoordinator: isAnyCoordinator(person),
    isAdmin: isAdmin(person),
    roles: (person?.roles ?? [])
      .filter((r): r is Exclude<Role, { kind: 'admin' }> => r.kind !== 'admin')
      .map((r) => ({ department: r.department, kind: r.kind })),
  };
}

/** Every source's rows for one part, in the order of the features. */
async function collect(
  sources: readonly OverviewSource[],
  part: (source: OverviewSource) => Promise<OverviewRow[]> | undefined,
): Promise<OverviewRow[]> {
  const rows: OverviewRow[] = [];
  for (const source of sources) rows.push(...((await part(source)) ?? []));
  return rows;
}

/** The first answer a source gives for a part only one of them fills. */
async function firstOf<T>(
  sources: readonly OverviewSource[],
  part: (source: OverviewSource) => Promise<T | undefined> | undefined,
): Promise<T | undefined> {
  for (const source of sources) {
    const value = await part(source);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The nearest upcoming meetings from every source, at most OVERVIEW_MEETINGS. */
async function upcoming(
  sources: readonly OverviewSource[],
  ctx: OverviewContext,
): Promise<UpcomingMeeting[]> {
  const all: UpcomingMeeting[] = [];
  for (const source of sources) all.push(...((await source.meetings?.(ctx)) ?? []));
  return all
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || (a.id < b.id ? -1 : 1))
    .slice(0, OVERVIEW_MEETINGS);
}

/** The agenda of the nearest listed meeting that keeps one. */
async function agendaOf(
  sources: readonly OverviewSource[],
  ctx: OverviewContext,
  meetings: readonly UpcomingMeeting[],
): Promise<OverviewAgenda | undefined> {
  for (const meeting of meetings) {
    const agenda = await firstOf(sources, (s) => s.agenda?.(ctx, meeting));
    if (agenda) return agenda;
  }
  return undefined;
}

/** A meeting as the API sends it (the series and original date stay on the server). */
function publicMeeting(meeting: UpcomingMeeting): OverviewMeeting {
  return {
    id: meeting.id,
    forum: meeting.forum,
    title: meeting.title,
    start: meeting.start,
    end: meeting.end,
    rsvp: { ...meeting.rsvp },
  };
}

/** The outbox's health: what waits, what was given up on, who cannot be reached. Counts only. */
async function deliveryHealth(uow: UnitOfWork): Promise<OverviewDelivery> {
  const counts = await uow.outbox.counts();
  const [oldest] = await uow.outbox.listPending(1);
  const unreachable = await uow.unreachable.list();
  return {
    pending: counts.pending,
    failed: counts.failed,
    unreachable: unreachable.length,
    ...(oldest ? { oldestPendingSince: oldest.createdAt } : {}),
  };
}
