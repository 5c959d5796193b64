/**
 * The priority notice's cards: the form a contact person of an allowed regional office fills in
 * (cards/priority-notice-form.json) and the notice itself (cards/priority-notice.json) as its sender
 * (the receipt, kept up to date), ASA's coordinator or deputy ("Prioritert" while it waits) and the
 * UDI coordinator (the escalation) see it, with a banner saying why it came. Texts come from the
 * catalog (cards/i18n/<locale>/checkins.json, under `checkins.notice`).
 */
import { loadActor, loadRoster } from '../../app/actor.js';
import type { AppContext } from '../../app/context.js';
import type { NoticeStyle } from '../../cards/card-data.js';
import { type Locale, t } from '../../cards/i18n.js';
import { type AdaptiveCardJson, renderCard } from '../../cards/render.js';
import { type IsoDate, osloDate, workingDaysBetween } from '../../domain/working-days.js';
import type { UnitOfWork } from '../../store/store.js';
import { shownText } from '../../views/deleted-text.js';
import { dayText } from '../meetings/meeting-views.js';
import type { PriorityNoticeCardData, PriorityNoticeFormCardData } from './notice-card-data.js';
import { acknowledgesNotices } from './notice-policy.js';
import type { PriorityNotice } from './priority-notices.js';

/** Why a card about a notice came (the outbox's banner codes), or what the reader's click did. */
export const NOTICE_CARD_BANNERS = [
  'new',
  'reminder',
  'escalation',
  'acknowledged',
  'sent',
  'acknowledgedNow',
] as const;
export type NoticeCardBanner = (typeof NOTICE_CARD_BANNERS)[number];

/** The banner a code from the outbox stands for (undefined for none or an unknown one). */
export function noticeBannerOf(code: string | undefined): NoticeCardBanner | undefined {
  return (NOTICE_CARD_BANNERS as readonly string[]).includes(code ?? '')
    ? (code as NoticeCardBanner)
    : undefined;
}

/** A regional office's name in `locale` (its id only if the store lost it). */
export async function regionName(uow: UnitOfWork, locale: Locale, unitId: string): Promise<string> {
  const unit = (await uow.units.list()).find((u) => u.id === unitId);
  return unit ? unit.name[locale] : unitId;
}

/** "tirsdag 12. januar 2027 kl. 10:30" (Oslo time). */
export function momentText(locale: Locale, at: string): string {
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Oslo',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(at));
  const day = dayText(locale, osloDate(at));
  return locale === 'en' ? `${day}, ${time}` : `${day} kl. ${time}`;
}

// ---- the form -----------------------------------------------------------------------------------

export interface NoticeFormModel {
  /** The sender's regional office, by name. */
  region: string;
  values?: { whereToFind?: string; note?: string };
  /** Messages by field, already localised. */
  errors?: { whereToFind?: string; note?: string; form?: string };
}

export function noticeFormCard(locale: Locale, model: NoticeFormModel): AdaptiveCardJson {
  const data: PriorityNoticeFormCardData = {
    from: t(locale, 'checkins.notice.form.from', { region: model.region }),
    values: model.values ?? {},
    errors: model.errors ?? {},
  };
  return renderCard('priority-notice-form', data, locale);
}

// ---- the notice ----------------------------------------------------------------------------------

/** Everything the notice's card shows, as the store has it now. */
export interface NoticeModel {
  notice: PriorityNotice;
  region: string;
  /** The name of who acknowledged it (absent when not acknowledged or unknown). */
  acknowledgedBy?: string;
  /** The reader may acknowledge it (ASA's coordinator or deputy). */
  mayAcknowledge: boolean;
}

/** The notice's card model for `reader` (an AAD object id), from the store. */
export async function noticeModel(
  app: AppContext,
  uow: UnitOfWork,
  locale: Locale,
  notice: PriorityNotice,
  reader: string,
): Promise<NoticeModel> {
  const by = notice.acknowledged?.by;
  const name = by ? (await loadRoster(app, uow)).nameOf(by) : undefined;
  const actor = await loadActor(app, uow, { aadObjectId: reader, displayName: '' });
  return {
    notice,
    region: await regionName(uow, locale, notice.region),
    ...(name ? { acknowledgedBy: name } : {}),
    mayAcknowledge: acknowledgesNotices(actor),
  };
}

export interface NoticeCardOptions {
  banner?: NoticeCardBanner;
  /** A newer card about the notice came to the reader: no buttons, a line saying so. */
  superseded?: boolean;
  /** Today in Oslo (how long it has waited, for the escalation). */
  today: IsoDate;
}

function bannerFor(
  locale: Locale,
  model: NoticeModel,
  banner: NoticeCardBanner | undefined,
  today: IsoDate,
): { text: string; style: NoticeStyle } | undefined {
  const { notice, region } = model;
  const waiting = notice.state === 'sent';
  const who = model.acknowledgedBy ?? t(locale, 'checkins.notice.card.someone');
  const when = notice.acknowledged ? momentText(locale, notice.acknowledged.at) : '';
  switch (banner) {
    // Only ASA prioritises: anyone else got it because ASA has nobody (notices.ts).
    case 'new': {
      const key = model.mayAcknowledge ? 'checkins.notice.banners.new' : 'checkins.notice.banners.newNoAsa';
      return waiting ? { text: t(locale, key, { region }), style: 'warning' } : undefined;
    }
    // A reminder or an escalation about a notice acknowledged in the meantime has nothing to say.
    case 'reminder':
      return waiting
        ? { text: t(locale, 'checkins.notice.banners.reminder', { region }), style: 'warning' }
        : undefined;
    case 'escalation':
      return waiting
        ? {
            text: t(locale, 'checkins.notice.banners.escalation', {
              region,
              days: Math.max(workingDaysBetween(notice.due, today), 1),
              date: dayText(locale, osloDate(notice.createdAt)),
            }),
            style: 'attention',
          }
        : undefined;
    case 'acknowledged':
      return notice.acknowledged
        ? { text: t(locale, 'checkins.notice.banners.acknowledged', { name: who, when }), style: 'good' }
        : undefined;
    case 'sent':
      return {
        text: t(locale, 'checkins.notice.banners.sent', { reference: notice.reference }),
        style: 'good',
      };
    case 'acknowledgedNow':
      return { text: t(locale, 'checkins.notice.banners.acknowledgedNow', { region }), style: 'good' };
    case undefined:
      return undefined;
  }
}

export function noticeCardOf(
  locale: Locale,
  model: NoticeModel,
  options: NoticeCardOptions,
): AdaptiveCardJson {
  const { notice } = model;
  const banner = options.superseded ? undefined : bannerFor(locale, model, options.banner, options.today);
  const data: PriorityNoticeCardData = {
    noticeId: notice.id,
    reference: notice.reference,
    region: model.region,
    sent: momentText(locale, notice.createdAt),
    whereToFind: shownText(locale, notice.whereToFind, notice),
    ...(notice.note ? { note: notice.note } : {}),
    state: notice.acknowledged
      ? t(locale, 'checkins.notice.card.acknowledged', {
          name: model.acknowledgedBy ?? t(locale, 'checkins.notice.card.someone'),
          when: momentText(locale, notice.acknowledged.at),
        })
      : t(locale, 'checkins.notice.card.waiting'),
    ...(notice.acknowledged ? { acknowledged: true } : {}),
    ...(banner ? { banner } : {}),
    ...(options.superseded ? { superseded: true } : {}),
    ...(model.mayAcknowledge && notice.state === 'sent' && !options.superseded
      ? { canAcknowledge: true }
      : {}),
  };
  return renderCard('priority-notice', data, locale);
}
