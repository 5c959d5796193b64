/**
 * Meetings' calendar files over HTTP, so a person can put a series or one meeting in Outlook from a
 * card: `GET /api/calendar/<series>.ics?exp=…&sig=…` and `/api/calendar/<series>/<YYYY-MM-DD>.ics?…`
 * (calendar-links.ts signs and checks them), and the absolute links the cards offer.
 *
 * No Teams token comes with such a request, so the signed link is the only authority: it opens that
 * one file until it expires. The file says what the series says (title, description, place, Teams
 * link, schedule), nothing about who organises or is invited. Refusals are fixed bodies: not
 * configured, malformed, an unknown series, a date not in the series, or an ended series → 404; a
 * signature that does not match → 403; expired → 410.
 *
 * An ended series answers 404: it is over, so there is nothing left to put in a calendar, and its
 * schedule may still read as running on (ending keeps the rule as it was).
 */
import type { AppContext } from '../../app/context.js';
import { isOriginalDate, osloDateTime } from '../../domain/recurrence.js';
import type { IsoDate } from '../../domain/working-days.js';
import type { HttpRoute, RouteRefusal, RouteReply } from '../../http/routes.js';
import { signCalendarLink, verifyCalendarLink } from './calendar-links.js';
import { type MeetingCalendarInput, occurrenceCalendar, seriesCalendar } from './meeting-calendar.js';
import type { MeetingSeries } from './meeting-series.js';
import { MEETINGS_SETTINGS } from './meeting-settings.js';
import { meetingsIn } from './meeting-store.js';

export const CALENDAR_PREFIX = '/api/calendar/';

/**
 * A series link lasts 400 days: a card about a series stays in the chat for months and the series
 * runs for a year or more, and every card rendered again gets a fresh link.
 */
const SERIES_LINK_DAYS = 400;
/** A one-meeting link lasts until 30 days after the meeting (the end of that day). */
const MEETING_LINK_DAYS_AFTER = 30;

/** Absolute links to calendar files, for cards. */
export interface CalendarLinks {
  /** The whole series, valid 400 days from now. */
  series(seriesId: string): string;
  /**
   * One meeting, by its original date (its id in the series), valid until 30 days after it takes
   * place: after `takesPlaceOn` when it was moved to a later day.
   */
  meeting(seriesId: string, occurrenceDate: IsoDate, takesPlaceOn?: IsoDate): string;
}

/** The links, or undefined when calendar links are not configured (cards then offer none). */
export function calendarLinks(app: AppContext): CalendarLinks | undefined {
  const settings = app.settings.of(MEETINGS_SETTINGS).calendar;
  if (!settings) return undefined;
  const { secret, baseUrl } = settings;
  return {
    series: (seriesId) => {
      const expiresMs = app.now().getTime() + SERIES_LINK_DAYS * 86_400_000;
      return `${baseUrl}${signCalendarLink(secret, { series: seriesId }, expiresMs)}`;
    },
    meeting: (seriesId, occurrenceDate, takesPlaceOn = occurrenceDate) => {
      const last = [occurrenceDate, takesPlaceOn].sort().at(-1) ?? occurrenceDate;
      // Counted in Oslo days, so the link ends at midnight Oslo time whatever the DST.
      const expires = osloDateTime(last, '00:00').add({ days: MEETING_LINK_DAYS_AFTER + 1 });
      const path = signCalendarLink(
        secret,
        { series: seriesId, occurrence: occurrenceDate },
        expires.epochMilliseconds,
      );
      return `${baseUrl}${path}`;
    },
  };
}

/** The meetings feature's routes: its calendar files. */
export function calendarRoutes(app: AppContext): readonly HttpRoute[] {
  return [{ prefix: CALENDAR_PREFIX, get: ({ url }) => calendarFile(app, url) }];
}

const refused = (refusal: RouteRefusal): RouteReply => ({ kind: 'refused', refusal });

/** A link this server did not make is not there; one it made but not like this is refused; old is gone. */
const REFUSAL_FOR = { malformed: 'notFound', 'bad-signature': 'forbidden', expired: 'gone' } as const;

/** The answer to a request for `url` (path and query as received). */
export async function calendarFile(app: AppContext, url: string): Promise<RouteReply> {
  const settings = app.settings.of(MEETINGS_SETTINGS).calendar;
  if (!settings) return refused('notFound');
  const link = verifyCalendarLink(settings.secret, url, app.now().getTime());
  if (!link.ok) return refused(REFUSAL_FOR[link.reason]);
  // A read: no unit of work to commit, nothing written.
  const series = await app.store.read((uow) => meetingsIn(uow).getSeries(link.series));
  if (series?.state !== 'active') return refused('notFound');
  const input = calendarInput(series);
  if (link.occurrence === undefined) return ics(seriesCalendar(input), 'mh-nettverket-moteserie.ics');
  if (!isOriginalDate(series.schedule, link.occurrence)) return refused('notFound');
  return ics(occurrenceCalendar(input, link.occurrence), `mh-nettverket-mote-${link.occurrence}.ics`);
}

/** What the file says: the series' own title, description, place and Teams link, and its schedule. */
function calendarInput(series: MeetingSeries): MeetingCalendarInput {
  return {
    uid: `${series.id}@mh-nettverket`,
    title: series.title,
    ...(series.description !== undefined ? { description: series.description } : {}),
    ...(series.place !== undefined ? { location: series.place } : {}),
    ...(series.joinUrl !== undefined ? { joinUrl: series.joinUrl } : {}),
    schedule: series.schedule,
    updatedAt: series.updatedAt,
  };
}

/**
 * A download (`attachment`: Outlook imports it, a browser does not show it) under a fixed ASCII
 * name, never the title; not kept by caches, since the link is the only authority.
 */
function ics(body: string, filename: string): RouteReply {
  return {
    kind: 'answer',
    status: 200,
    contentType: 'text/calendar; charset=utf-8',
    body,
    headers: {
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  };
}
