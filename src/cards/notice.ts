import type { NoticeData, NoticeStyle } from './card-data.js';
import { type Locale, t } from './i18n.js';

/** The standard notices; each has `notice.<kind>.title` and `notice.<kind>.text` in both catalogs. */
export const NOTICE_KINDS = [
  'unknownAction',
  'forbidden',
  'forbiddenCoordinator',
  'forbiddenAdmin',
  'ownRequest',
  'ownQuestion',
  'stale',
  'alreadyDecided',
  'error',
  'privacy',
  'channelSet',
  'channelOnlyInTeam',
  'unitsSaved',
  'notMember',
  'unknownCommand',
  'personalOnly',
  'awaySet',
  'awayCleared',
  'alreadyAway',
  'notAway',
  'deliveryRetried',
  'nothingToRetry',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

const DEFAULT_STYLE: Record<NoticeKind, NoticeStyle> = {
  unknownAction: 'warning',
  forbidden: 'warning',
  forbiddenCoordinator: 'warning',
  forbiddenAdmin: 'warning',
  ownRequest: 'warning',
  ownQuestion: 'default',
  stale: 'warning',
  alreadyDecided: 'default',
  error: 'attention',
  privacy: 'attention',
  channelSet: 'good',
  channelOnlyInTeam: 'warning',
  unitsSaved: 'good',
  notMember: 'default',
  unknownCommand: 'default',
  personalOnly: 'default',
  awaySet: 'good',
  awayCleared: 'good',
  alreadyAway: 'default',
  notAway: 'default',
  deliveryRetried: 'good',
  nothingToRetry: 'default',
};

/**
 * Data for the `notice` card for a standard notice, localised. `vars` fill placeholders
 * (`alreadyDecided` needs `name`,
 * `deliveryRetried` needs `count`); `style` and `showHelp` override the defaults.
 */
export function noticeData(
  locale: Locale,
  kind: NoticeKind,
  options: { vars?: Record<string, string | number>; style?: NoticeStyle; showHelp?: boolean } = {},
): NoticeData {
  return {
    title: t(locale, `notice.${kind}.title`, options.vars),
    text: t(locale, `notice.${kind}.text`, options.vars),
    style: options.style ?? DEFAULT_STYLE[kind],
    showHelp: options.showHelp ?? (kind === 'unknownAction' || kind === 'unknownCommand' || kind === 'stale'),
  };
}

/**
 * Data for the `notice` card for a feature's own notice: `<key>.title` and `<key>.text` in the
 * feature's catalog (e.g. `join.notices.alreadyPending`), so a feature adds notices without
 * changing the core's list.
 */
export function featureNoticeData(
  locale: Locale,
  key: string,
  options: { vars?: Record<string, string | number>; style?: NoticeStyle } = {},
): NoticeData {
  return {
    title: t(locale, `${key}.title`, options.vars),
    text: t(locale, `${key}.text`, options.vars),
    style: options.style ?? 'default',
    showHelp: false,
  };
}
