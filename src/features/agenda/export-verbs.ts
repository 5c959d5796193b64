/**
 * The record of a meeting or a period, exported as Markdown and CSV behind signed, short-lived links.
 *
 * `agenda.export` (a read: it writes nothing) answers a curator with the export card: what is
 * exported, how much, and two download buttons whose links work for 15 minutes and only while the
 * person who asked still curates (export-route.ts checks again at download). The card's data names
 * either one meeting (`seriesId` + `occurrenceId`, its original date) or a year (`periodId`, 'YYYY');
 * both are resolved in the store before anything is shown.
 */
import { loadActor } from '../../app/actor.js';
import type { AppContext } from '../../app/context.js';
import type { ActionRequest, VerbSpec } from '../../app/feature.js';
import type { Turn } from '../../app/turn.js';
import { formatDate, formatDateTime, t } from '../../cards/i18n.js';
import type { AdaptiveCardJson } from '../../cards/render.js';
import { renderCard } from '../../cards/render.js';
import { noticeCard } from '../../views/cards.js';
import { refuse } from '../../views/refusal.js';
import { authorizeAgenda } from './agenda-policy.js';
import type { AgendaExportData } from './export-card-data.js';
import { type ExportRecords, exportLinks, exportRecords, exportTargetOf } from './export-route.js';

/** The keys of the card's data the export reads: one meeting, or a year. */
const EXPORT_READS = ['seriesId', 'occurrenceId', 'periodId'] as const;

/** What is exported and how much, in the reader's language. */
function describe(request: ActionRequest, found: ExportRecords): Pick<AgendaExportData, 'title' | 'summary'> {
  const { locale } = request;
  const key = 'agenda.exportCard';
  if (found.kind === 'meeting') {
    const { meeting, items } = found.record;
    return {
      title: t(locale, `${key}.meetingTitle`, {
        title: meeting.title,
        date: formatDate(locale, meeting.date),
      }),
      summary: t(locale, `${key}.meetingSummary`, { items: items.length }),
    };
  }
  return {
    title: t(locale, `${key}.periodTitle`, { year: found.year }),
    summary: t(locale, `${key}.periodSummary`, {
      meetings: found.records.length,
      items: found.records.reduce((sum, record) => sum + record.items.length, 0),
    }),
  };
}

/** The export card for the caller, or the refusal or stale notice in its place. */
async function exportCard(app: AppContext, turn: Turn, request: ActionRequest): Promise<AdaptiveCardJson> {
  const { locale, caller } = request;
  const decision = authorizeAgenda(await loadActor(app, turn.uow, caller), { kind: 'agenda.export' });
  if (!decision.allowed) return refuse(app, turn, request, decision.reason);
  // An id the privacy guard emptied names nothing: the card is out of date (never echoed).
  if (request.refused.length > 0) return noticeCard(locale, 'stale');
  const target = await exportTargetOf(app, turn.uow, request.data);
  const found = target ? await exportRecords(app, turn.uow, locale, target) : undefined;
  if (!target || !found) return noticeCard(locale, 'stale');
  const links = exportLinks(app, target, caller.aadObjectId, locale);
  return renderCard(
    'agenda-export',
    {
      ...describe(request, found),
      ...(links
        ? {
            markdownUrl: links.markdownUrl,
            csvUrl: links.csvUrl,
            expires: formatDateTime(locale, new Date(links.expiresAtMs).toISOString()),
          }
        : {}),
    },
    locale,
  );
}

export const exportVerbs: Readonly<Record<string, VerbSpec>> = {
  'agenda.export': { mode: 'read', reads: EXPORT_READS, run: exportCard },
};
