/**
 * The compiled input of a KOM round over HTTP, for the UDI coordinator to keep outside Teams:
 * `GET /api/duties-export/kom/<year>.<md|csv>?lang=…&by=…&exp=…&sig=…`, signed with the core's signed
 * links (app/signed-links.ts; the meetings' CALENDAR_LINK_SECRET and PUBLIC_BASE_URL), valid 15
 * minutes, bound to the person who asked. At download that person must still manage the duties in
 * the stored roster. Refusals are fixed bodies: not configured, malformed, no such round → 404; a
 * signature that does not match, or a person who may not → 403; expired → 410.
 */
import { loadActor } from '../../app/actor.js';
import type { AppContext } from '../../app/context.js';
import {
  type DownloadLinks,
  downloadLinks,
  isLinkablePerson,
  type SignedLinkKind,
  verifyLink,
} from '../../app/signed-links.js';
import type { Locale } from '../../cards/i18n.js';
import type { HttpRoute, RouteRefusal, RouteReply } from '../../http/routes.js';
import type { UnitOfWork } from '../../store/store.js';
import { MEETINGS_SETTINGS } from '../meetings/meeting-settings.js';
import { type CompiledRound, roundCsv, roundMarkdown } from './duties-export.js';
import { authorizeDuties } from './duties-policy.js';
import { dutiesIn } from './duties-store.js';
import type { KomRound } from './kom-rounds.js';

export const EXPORT_LINK: SignedLinkKind = { prefix: '/api/duties-export/', tag: 'mh-duties-export/v1' };
export const EXPORT_LINK_MINUTES = 15;
export type ExportFormat = 'md' | 'csv';

/** A round with its inputs and OPA's figures of the year before. */
export async function compiledRound(uow: UnitOfWork, round: KomRound): Promise<CompiledRound> {
  const duties = dutiesIn(uow);
  const inputs = await duties.inputsOf(round.year);
  const before = await duties.input(round.year - 1, 'OPA');
  return { round, inputs, ...(before?.figures ? { lastYear: before.figures } : {}) };
}

export type ExportLinks = DownloadLinks;

/** Absolute links to both files of a round, or undefined when links are not configured. */
export function exportLinks(
  app: AppContext,
  year: number,
  person: string,
  locale: Locale,
): ExportLinks | undefined {
  const settings = app.settings.of(MEETINGS_SETTINGS).calendar;
  if (!settings || !isLinkablePerson(person)) return undefined;
  const path = (format: ExportFormat) => `kom/${year}.${format}`;
  return downloadLinks(
    settings,
    EXPORT_LINK,
    path,
    { locale, person },
    app.now().getTime(),
    EXPORT_LINK_MINUTES,
  );
}

const refused = (refusal: RouteRefusal): RouteReply => ({ kind: 'refused', refusal });
const REFUSAL_FOR = { malformed: 'notFound', 'bad-signature': 'forbidden', expired: 'gone' } as const;
const PATH = /^kom\/(\d{4})\.(md|csv)$/;

/** The answer to a request for `url` (path and query as received). */
export async function exportFile(app: AppContext, url: string): Promise<RouteReply> {
  const settings = app.settings.of(MEETINGS_SETTINGS).calendar;
  if (!settings) return refused('notFound');
  const link = verifyLink(settings.secret, EXPORT_LINK, url, app.now().getTime());
  if (!link.ok) return refused(REFUSAL_FOR[link.reason]);
  const match = PATH.exec(link.path);
  if (!match) return refused('notFound');
  const year = Number(match[1]);
  const format = match[2] as ExportFormat;
  const reply = await app.store.read(async (uow): Promise<RouteReply> => {
    const actor = await loadActor(app, uow, { aadObjectId: link.person, displayName: '' });
    if (!authorizeDuties(actor, { kind: 'duties.manage' }).allowed) return refused('forbidden');
    const round = await dutiesIn(uow).round(year);
    if (!round) return refused('notFound');
    const compiled = await compiledRound(uow, round);
    const body = format === 'md' ? roundMarkdown(link.locale, compiled) : roundCsv(link.locale, compiled);
    return {
      kind: 'answer',
      status: 200,
      contentType: format === 'md' ? 'text/markdown; charset=utf-8' : 'text/csv; charset=utf-8',
      body,
      headers: {
        'Content-Disposition': `attachment; filename="kom-innspill-${year}.${format}"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    };
  });
  // The audit log names who exported what (issue 14) before the file leaves; no entry, no file.
  if (reply.kind === 'answer')
    await app.audit.record({ actor: link.person, action: 'export', target: `duties-export:kom:${year}` });
  return reply;
}

export function exportRoutes(app: AppContext): readonly HttpRoute[] {
  return [{ prefix: EXPORT_LINK.prefix, get: ({ url }) => exportFile(app, url) }];
}
