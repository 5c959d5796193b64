/**
 * The record of a meeting or a year over HTTP, so a curator can keep it outside Teams:
 * `GET /api/agenda-export/meeting/<series>/<YYYY-MM-DD>.<md|csv>?…` and
 * `/api/agenda-export/year/<YYYY>.<md|csv>?…` (export-links.ts signs and checks them), the links
 * the export card offers, and the records themselves, read from the store.
 *
 * No Teams token comes with such a request, so the signed link is the only authority, and it is
 * bound to the person who asked for it: at download time that person must still curate in the
 * stored roster (a link made before they lost the role opens nothing). Refusals are fixed bodies:
 * not configured, malformed, a meeting not in the store → 404; a signature that does not match, or
 * a person who may not export → 403; expired → 410.
 */
import { loadActor, loadRoster } from '../../app/actor.js';
import type { AppContext } from '../../app/context.js';
import { type Locale, t } from '../../cards/i18n.js';
import { isOriginalDate, occurrenceOf } from '../../domain/recurrence.js';
import { isNetworkMember } from '../../domain/roster.js';
import { osloDate } from '../../domain/working-days.js';
import type { HttpRoute, RouteRefusal, RouteReply } from '../../http/routes.js';
import type { UnitOfWork } from '../../store/store.js';
import { MEETINGS_SETTINGS } from '../meetings/meeting-settings.js';
import { meetingsIn } from '../meetings/meeting-store.js';
import { forumOf, targetMeeting } from './agenda.js';
import {
  type MeetingRecord,
  meetingMarkdown,
  periodMarkdown,
  type RecordPeriod,
  recordCsv,
} from './agenda-export.js';
import type { AgendaItem, AgendaState } from './agenda-items.js';
import { authorizeAgenda } from './agenda-policy.js';
import {
  EXPORT_LINK_MINUTES,
  EXPORT_PREFIX,
  type ExportFormat,
  type ExportTarget,
  isLinkablePerson,
  signExportLink,
  verifyExportLink,
} from './export-links.js';

/** The first year a record can be asked for: the bot's agenda did not exist before. */
export const FIRST_EXPORT_YEAR = 2020;

/**
 * The items that were on a meeting: accepted onto it (and not moved on since), with an outcome from
 * it, or taken off it (declined, merged) after they were put there. A raised item is on no meeting.
 */
const RECORD_STATES: readonly AgendaState[] = ['accepted', 'done', 'declined', 'merged'];

/** What an export covers: one meeting's record, or a year's meetings with their period. */
export type ExportRecords =
  | { kind: 'meeting'; record: MeetingRecord }
  | { kind: 'year'; year: string; records: MeetingRecord[]; period: RecordPeriod };

/**
 * The target a card names, resolved in the store: one meeting (a coordinators' or network meeting
 * series, by an original date of it) or a year from 2020 to next year. Undefined when the card names
 * nothing exportable, or both a meeting and a year.
 */
export async function exportTargetOf(
  app: AppContext,
  uow: UnitOfWork,
  data: Record<string, unknown>,
): Promise<ExportTarget | undefined> {
  const { seriesId, occurrenceId, periodId } = data;
  if (periodId !== undefined) {
    if (seriesId !== undefined || occurrenceId !== undefined) return undefined;
    return isExportYear(periodId, app.now()) ? { kind: 'year', year: periodId } : undefined;
  }
  const meeting = await targetMeeting(uow, seriesId, occurrenceId);
  return meeting
    ? { kind: 'meeting', seriesId: meeting.seriesId, occurrence: meeting.occurrence }
    : undefined;
}

/** A year 'YYYY' from 2020 to next year (in Oslo). */
export function isExportYear(value: unknown, now: Date): value is string {
  if (typeof value !== 'string' || !/^\d{4}$/.test(value)) return false;
  const year = Number(value);
  return year >= FIRST_EXPORT_YEAR && year <= Number(osloDate(now).slice(0, 4)) + 1;
}

const meetingKey = (seriesId: string, occurrence: string) => `${seriesId}\n${occurrence}`;

/**
 * The records an export covers, from the store: the meetings' items with the names of their people
 * from the roster (someone no longer in the network shows as "(har sluttet)"). Undefined when the
 * meeting is not (or no longer) one whose items go on an agenda.
 */
export async function exportRecords(
  app: AppContext,
  uow: UnitOfWork,
  locale: Locale,
  target: ExportTarget,
): Promise<ExportRecords | undefined> {
  const roster = await loadRoster(app, uow);
  const left = t(locale, 'agenda.exportCard.leftNetwork');
  const nameOf = (id: string) => {
    const person = roster.get(id);
    return isNetworkMember(person) && person?.displayName ? person.displayName : left;
  };
  const items = (await uow.items.query({ kind: 'agenda-item', states: RECORD_STATES })) as AgendaItem[];
  const byMeeting = new Map<string, AgendaItem[]>();
  for (const item of items) {
    if (!item.meeting) continue;
    const key = meetingKey(item.meeting.seriesId, item.meeting.occurrence);
    byMeeting.set(key, [...(byMeeting.get(key) ?? []), item]);
  }
  const series = meetingsIn(uow);

  /** A meeting's record, if its series is one whose items go on an agenda and the date is its own. */
  const recordOf = async (seriesId: string, occurrence: string): Promise<MeetingRecord | undefined> => {
    const found = await series.getSeries(seriesId);
    const forum = found ? forumOf(found) : undefined;
    if (!found || !forum || !isOriginalDate(found.schedule, occurrence)) return undefined;
    const held = occurrenceOf(found.schedule, occurrence);
    return {
      meeting: { title: found.title, date: held.date, time: held.time, forum },
      items: byMeeting.get(meetingKey(seriesId, occurrence)) ?? [],
      nameOf,
    };
  };

  if (target.kind === 'meeting') {
    if (!(await targetMeeting(uow, target.seriesId, target.occurrence))) return undefined;
    const record = await recordOf(target.seriesId, target.occurrence);
    return record && { kind: 'meeting', record };
  }
  const records: MeetingRecord[] = [];
  for (const key of byMeeting.keys()) {
    const [seriesId = '', occurrence = ''] = key.split('\n');
    const record = await recordOf(seriesId, occurrence);
    // By the day the meeting was held (a meeting moved into the new year belongs to it).
    if (record?.meeting.date.startsWith(`${target.year}-`)) records.push(record);
  }
  return {
    kind: 'year',
    year: target.year,
    records,
    period: { from: `${target.year}-01-01`, to: `${target.year}-12-31` },
  };
}

/** The export card's two links and until when they work, for the person who asked. */
export interface ExportLinks {
  markdownUrl: string;
  csvUrl: string;
  expiresAtMs: number;
}

/**
 * Absolute links to both files of `target`, in `locale`, bound to `person`, valid 15 minutes from
 * now; undefined when links are not configured (the meetings feature's CALENDAR_LINK_SECRET and
 * PUBLIC_BASE_URL) or the person's id cannot be bound into one.
 */
export function exportLinks(
  app: AppContext,
  target: ExportTarget,
  person: string,
  locale: Locale,
): ExportLinks | undefined {
  const settings = app.settings.of(MEETINGS_SETTINGS).calendar;
  if (!settings || !isLinkablePerson(person)) return undefined;
  const expiresAtMs = Math.floor((app.now().getTime() + EXPORT_LINK_MINUTES * 60_000) / 1000) * 1000;
  const link = (format: ExportFormat) =>
    `${settings.baseUrl}${signExportLink(settings.secret, { target, format, locale, person }, expiresAtMs)}`;
  return { markdownUrl: link('md'), csvUrl: link('csv'), expiresAtMs };
}

/** The agenda feature's routes: the records' downloads. */
export function exportRoutes(app: AppContext): readonly HttpRoute[] {
  return [{ prefix: EXPORT_PREFIX, get: ({ url }) => exportFile(app, url) }];
}

const refused = (refusal: RouteRefusal): RouteReply => ({ kind: 'refused', refusal });

/** A link this server did not make is not there; one it made but not like this is refused; old is gone. */
const REFUSAL_FOR = { malformed: 'notFound', 'bad-signature': 'forbidden', expired: 'gone' } as const;

/** The answer to a request for `url` (path and query as received). */
export async function exportFile(app: AppContext, url: string): Promise<RouteReply> {
  const settings = app.settings.of(MEETINGS_SETTINGS).calendar;
  if (!settings) return refused('notFound');
  const link = verifyExportLink(settings.secret, url, app.now().getTime());
  if (!link.ok) return refused(REFUSAL_FOR[link.reason]);
  // A read: no unit of work to commit, nothing written.
  let exported: string | undefined;
  const reply = await app.store.read(async (uow): Promise<RouteReply> => {
    // The person the link was made for must still be allowed to export, by the roster as it is now.
    const actor = await loadActor(app, uow, { aadObjectId: link.person, displayName: '' });
    if (!authorizeAgenda(actor, { kind: 'agenda.export' }).allowed) return refused('forbidden');
    const found = await exportRecords(app, uow, link.locale, link.target);
    if (!found) return refused('notFound');
    const { format, locale } = link;
    if (found.kind === 'meeting') {
      const { record } = found;
      exported = `meeting:${record.meeting.date}`;
      const body = format === 'md' ? meetingMarkdown(locale, record) : recordCsv(locale, [record]);
      return download(body, format, `sakliste-${record.meeting.date}.${format}`);
    }
    exported = `year:${found.year}`;
    const body =
      format === 'md'
        ? periodMarkdown(locale, found.records, found.period)
        : recordCsv(locale, found.records);
    return download(body, format, `saker-${found.year}.${format}`);
  });
  // The audit log names who exported what (issue 14) before the file leaves; no entry, no file.
  if (exported !== undefined)
    await app.audit.record({ actor: link.person, action: 'export', target: `agenda-export:${exported}` });
  return reply;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/**
 * A download (`attachment`) under a fixed ASCII name, never a title; not kept by caches, since the
 * link is the only authority and the file names people.
 */
function download(body: string, format: ExportFormat, filename: string): RouteReply {
  return {
    kind: 'answer',
    status: 200,
    contentType: CONTENT_TYPES[format],
    body,
    headers: {
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  };
}
