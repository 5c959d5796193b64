/**
 * The status report over HTTP, so the UDI coordinator can keep it outside Teams for the yearly
 * reporting: `GET /api/actionplan-export/all.<md|csv>?…` (every measure) and
 * `/api/actionplan-export/plan/<slug>.<md|csv>?…` (one plan's), behind the core's signed links
 * (app/signed-links.ts; the secret and base URL are the meetings' CALENDAR_LINK_SECRET and
 * PUBLIC_BASE_URL, as the agenda's exports use). The link is bound to the person who asked for it:
 * at download that person must still manage measures in the stored roster. Refusals are fixed
 * bodies: not configured, malformed, a plan with no measures → 404; a bad signature or a person who
 * may not export → 403; expired → 410.
 */
import { loadActor, loadRoster } from '../../app/actor.js';
import type { AppContext } from '../../app/context.js';
import {
  type DownloadLinks,
  downloadLinks,
  isLinkablePerson,
  type SignedLinkKind,
  verifyLink,
} from '../../app/signed-links.js';
import type { Locale } from '../../cards/i18n.js';
import { osloDate } from '../../domain/working-days.js';
import type { HttpRoute, RouteRefusal, RouteReply } from '../../http/routes.js';
import type { UnitOfWork } from '../../store/store.js';
import { MEETINGS_SETTINGS } from '../meetings/meeting-settings.js';
import { statusCsv, statusMarkdown } from './measure-export.js';
import { authorizeMeasures } from './measure-policy.js';
import { measuresIn } from './measure-store.js';
import { nameIn } from './measure-views.js';
import { type Measure, planSlug } from './measures.js';

export const MEASURE_EXPORT: SignedLinkKind = {
  prefix: '/api/actionplan-export/',
  tag: 'mh-actionplan-export/v1',
};
/** How long a link lasts: long enough to click it, short enough that a forwarded one is soon dead. */
export const EXPORT_LINK_MINUTES = 15;

/** What an export covers: every measure, or one plan's (by its slug). */
export type MeasureExportTarget = { kind: 'all' } | { kind: 'plan'; slug: string };
type Format = 'md' | 'csv';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The measures a target covers (closed ones too); undefined for a plan no measure has. */
export async function measuresOf(
  uow: UnitOfWork,
  target: MeasureExportTarget,
): Promise<Measure[] | undefined> {
  const all = await measuresIn(uow).all();
  if (target.kind === 'all') return all;
  const found = all.filter((m) => m.plan !== '' && planSlug(m.plan) === target.slug);
  return found.length > 0 ? found : undefined;
}

/** The target a card names: a plan slug under `planId`, or everything. Undefined when malformed. */
export function exportTargetOf(data: Record<string, unknown>): MeasureExportTarget | undefined {
  const { planId } = data;
  if (planId === undefined) return { kind: 'all' };
  return typeof planId === 'string' && planId.length <= 60 && SLUG.test(planId)
    ? { kind: 'plan', slug: planId }
    : undefined;
}

const pathOf = (target: MeasureExportTarget, format: Format) =>
  target.kind === 'all' ? `all.${format}` : `plan/${target.slug}.${format}`;

export type ExportLinks = DownloadLinks;

/** Absolute links to both files, bound to `person`, valid 15 minutes; undefined when not configured. */
export function exportLinks(
  app: AppContext,
  target: MeasureExportTarget,
  person: string,
  locale: Locale,
): ExportLinks | undefined {
  const settings = app.settings.of(MEETINGS_SETTINGS).calendar;
  if (!settings || !isLinkablePerson(person)) return undefined;
  const path = (format: Format) => pathOf(target, format);
  return downloadLinks(
    settings,
    MEASURE_EXPORT,
    path,
    { locale, person },
    app.now().getTime(),
    EXPORT_LINK_MINUTES,
  );
}

export function exportRoutes(app: AppContext): readonly HttpRoute[] {
  return [{ prefix: MEASURE_EXPORT.prefix, get: ({ url }) => exportFile(app, url) }];
}

const refused = (refusal: RouteRefusal): RouteReply => ({ kind: 'refused', refusal });
const REFUSAL_FOR = { malformed: 'notFound', 'bad-signature': 'forbidden', expired: 'gone' } as const;
const PATH = /^(?:all|plan\/([a-z0-9]+(?:-[a-z0-9]+)*))\.(md|csv)$/;

/** The answer to a request for `url` (path and query as received). */
export async function exportFile(app: AppContext, url: string): Promise<RouteReply> {
  const settings = app.settings.of(MEETINGS_SETTINGS).calendar;
  if (!settings) return refused('notFound');
  const link = verifyLink(settings.secret, MEASURE_EXPORT, url, app.now().getTime());
  if (!link.ok) return refused(REFUSAL_FOR[link.reason]);
  const match = PATH.exec(link.path);
  if (!match) return refused('notFound');
  const [, slug, format] = match;
  const target: MeasureExportTarget = slug ? { kind: 'plan', slug } : { kind: 'all' };
  // A read: nothing written to the store.
  const reply = await app.store.read(async (uow): Promise<RouteReply> => {
    const actor = await loadActor(app, uow, { aadObjectId: link.person, displayName: '' });
    if (!authorizeMeasures(actor, { kind: 'measure.manage' }).allowed) return refused('forbidden');
    const measures = await measuresOf(uow, target);
    if (!measures) return refused('notFound');
    const roster = await loadRoster(app, uow);
    const input = {
      measures,
      nameOf: (id: string) => nameIn(roster, link.locale, id),
      today: osloDate(app.now()),
    };
    const body = format === 'md' ? statusMarkdown(link.locale, input) : statusCsv(link.locale, input);
    const name = `statusrapport-${slug ?? 'tiltak'}-${input.today}.${format}`;
    return {
      kind: 'answer',
      status: 200,
      contentType: format === 'md' ? 'text/markdown; charset=utf-8' : 'text/csv; charset=utf-8',
      body,
      headers: {
        'Content-Disposition': `attachment; filename="${name}"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    };
  });
  // The audit log names who exported what (issue 14) before the file leaves; no entry, no file.
  if (reply.kind === 'answer')
    await app.audit.record({
      actor: link.person,
      action: 'export',
      target: `actionplan-export:${slug ? `plan:${slug}` : 'all'}`,
    });
  return reply;
}
