/**
 * How the agenda's tracked items look when the outbox sends a card about them: an item as its
 * submitter (the receipt kept up to date, and each decision) or a curator (a new item to curate) sees
 * it, and a meeting's posted agenda or summary for the channel or each coordinator. Rendered from the
 * store as it is when the card is sent.
 */
import type { AppContext } from '../../app/context.js';
import type { ItemViews } from '../../app/live-cards.js';
import { pickLocale, t } from '../../cards/i18n.js';
import { AGENDA_ITEM_VIEW, SHEET_VIEW, SUMMARY_VIEW } from './agenda.js';
import type { AgendaItem } from './agenda-items.js';
import { agendaMeeting, itemModel, sheetModel } from './agenda-models.js';
import type { AgendaSheet } from './agenda-sheets.js';
import { itemBanner } from './agenda-verbs.js';
import { agendaItemCard, agendaSheetCard } from './agenda-views.js';

const itemViews = (app: AppContext): ItemViews<AgendaItem> => ({
  kind: 'agenda-item',
  async render(uow, item, to, { view, banner, superseded }, locale) {
    if (view !== AGENDA_ITEM_VIEW || to.kind !== 'person') return undefined;
    const lang = pickLocale(locale);
    const model = await itemModel(app, uow, to.aadObjectId, item, lang, t(lang, 'agenda.left'));
    const shown = await itemBanner(app, { uow }, lang, item, banner);
    return agendaItemCard(lang, model, {
      ...(shown ? { banner: shown } : {}),
      ...(superseded ? { superseded: true } : {}),
    });
  },
});

const sheetViews = (app: AppContext): ItemViews<AgendaSheet> => ({
  kind: 'agenda-sheet',
  async render(uow, sheet, to, { view, banner, superseded }, locale) {
    if (view !== SHEET_VIEW && view !== SUMMARY_VIEW) return undefined;
    const meeting = await agendaMeeting(uow, sheet.seriesId, sheet.occurrence);
    if (!meeting) return undefined;
    const lang = pickLocale(locale);
    const summary = view === SUMMARY_VIEW;
    const model = await sheetModel(app, uow, meeting, to, lang, { summary, left: t(lang, 'agenda.left') });
    const text = summary
      ? undefined
      : t(lang, banner === 'late' ? 'agenda.banners.late' : 'agenda.banners.posted');
    return agendaSheetCard(lang, model, {
      ...(text ? { banner: { text, style: banner === 'late' ? 'warning' : 'default' } } : {}),
      ...(superseded ? { superseded: true } : {}),
    });
  },
});

export const agendaItemViews = (app: AppContext): ItemViews[] => [
  itemViews(app) as ItemViews,
  sheetViews(app) as ItemViews,
];
