/**
 * How the meetings' tracked items look when the outbox sends a card about them: a meeting as each
 * reader sees it (its reminder, its change, a date to check for its organiser), and a series' card
 * to the UDI coordinator about a year's plan short of network meetings (the list, with the warning
 * on top). Rendered from the item as it is when the card is sent.
 */
import type { AppContext } from '../../app/context.js';
import type { ItemViews } from '../../app/live-cards.js';
import { pickLocale, t } from '../../cards/i18n.js';
import { HOLIDAY_VIEW, PLAN_VIEW } from './meeting-jobs.js';
import { listMeetings, meetingModel } from './meeting-models.js';
import { REMINDER_VIEW } from './meeting-reminder-job.js';
import type { MeetingOccurrence, MeetingSeries } from './meeting-series.js';
import { meetingsIn } from './meeting-store.js';
import { meetingCard, meetingListCard, reasonOf } from './meeting-views.js';

const occurrenceViews = (app: AppContext): ItemViews<MeetingOccurrence> => ({
  kind: 'meeting-occurrence',
  async render(uow, item, to, { view, banner, superseded }, locale) {
    if (view !== REMINDER_VIEW && view !== HOLIDAY_VIEW) return undefined;
    const series = await meetingsIn(uow).getSeries(item.series);
    if (!series) return undefined;
    const lang = pickLocale(locale);
    const model = await meetingModel(app, uow, series, item.occurrence, to, undefined, lang);
    return meetingCard(lang, model, {
      reason: view === HOLIDAY_VIEW && banner ? { kind: 'holiday' } : reasonOf(banner),
      ...(superseded ? { superseded: true } : {}),
      nowMs: app.now().getTime(),
    });
  },
});

const seriesViews = (app: AppContext): ItemViews<MeetingSeries> => ({
  kind: 'meeting-series',
  async render(uow, _series, to, { view, banner }, locale) {
    if (view !== PLAN_VIEW || to.kind !== 'person') return undefined;
    const lang = pickLocale(locale);
    const [, year, count] = (banner ?? '').split(':');
    const warning =
      year && count
        ? { text: t(lang, 'meetings.banners.plan', { year, count }), style: 'warning' as const }
        : undefined;
    const list = await listMeetings(app, uow, { aadObjectId: to.aadObjectId, displayName: '' }, warning);
    return list.ok ? meetingListCard(lang, list.value) : undefined;
  },
});

export const meetingItemViews = (app: AppContext): ItemViews[] => [
  occurrenceViews(app) as ItemViews,
  seriesViews(app) as ItemViews,
];
