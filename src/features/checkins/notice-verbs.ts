/**
 * Priority notices on cards: Region East's notice to ASA (its form and receipt), ASA's coordinator's
 * card with "Prioritert", the reminder and the escalation.
 *
 * - `checkins.noticeStart` (read): the form, for a contact person of a regional office allowed to
 *   send (CHECKINS_SETTINGS' `noticeRegions`); others get a plain refusal. Typed: `prioriter` /
 *   `priority notice`.
 * - `checkins.noticeSend` (act; whereToFind, note): sends the notice to ASA's coordinator; the answer
 *   is the sender's receipt (kept up to date). A problem or a refused text keeps the form open, the
 *   message next to its field, the rest kept; a refused or sensitive text is never shown back.
 * - `checkins.noticeAcknowledge` (act; noticeId): "Prioritert", by ASA's coordinator or deputy; the
 *   sender is told, every card about the notice is updated.
 * - `checkins.noticeShow` (read; noticeId): the notice's card, for whoever may see it.
 * - The card the outbox sends about a notice (view `priority-notice`), rendered for a person from the
 *   notice as it is then, with the banner the notification names; the ladder's job sends the
 *   reminder and the escalation.
 * Everything is in a personal chat only (a notice is about a prioritised asylum case).
 */

import { loadActor } from '../../app/actor.js';
import type { AppContext } from '../../app/context.js';
import {
  type ActionRequest,
  act,
  type CommandSpec,
  type FeatureHelp,
  type JobSpec,
  read,
  type VerbSpec,
} from '../../app/feature.js';
import type { ItemViews } from '../../app/live-cards.js';
import type { Turn } from '../../app/turn.js';
import { type Locale, pickLocale, t } from '../../cards/i18n.js';
import type { AdaptiveCardJson } from '../../cards/render.js';
import { osloDate } from '../../domain/working-days.js';
import { noticeCard } from '../../views/cards.js';
import { refuse } from '../../views/refusal.js';
import { CHECKINS_SETTINGS } from './checkins-settings.js';
import { runNoticeLadder } from './notice-jobs.js';
import { authorizeNotice, senderRegion } from './notice-policy.js';
import {
  type NoticeCardBanner,
  noticeBannerOf,
  noticeCardOf,
  noticeFormCard,
  noticeModel,
  regionName,
} from './notice-views.js';
import { acknowledgeNotice, NOTICE_VIEW, noticeDraftFrom, sendNotice, showNotice } from './notices.js';
import { NOTICE_KIND, type NoticeField, type PriorityNotice } from './priority-notices.js';

/** The form's inputs. */
export const NOTICE_FORM_FIELDS = ['whereToFind', 'note'] as const;

const personal = (request: ActionRequest) => request.scope === 'personal';
const problemText = (locale: Locale, problem: string) => t(locale, `checkins.notice.errors.${problem}`);

/**
 * The caller's regional office if they may send notices (a contact person of an allowed region),
 * or the refusal card.
 */
async function senderOf(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
): Promise<{ region: string } | { refused: AdaptiveCardJson }> {
  const actor = await loadActor(app, turn.uow, request.caller);
  const regions = app.settings.of(CHECKINS_SETTINGS).noticeRegions;
  const decision = authorizeNotice(actor, { kind: 'notice.send', regions });
  const region = decision.allowed ? senderRegion(actor, regions) : undefined;
  if (!decision.allowed || !region)
    return {
      refused: await refuse(app, turn, request, decision.allowed ? 'not-authorized' : decision.reason),
    };
  return { region };
}

/**
 * The form again with what was typed, the messages next to their fields; `emptied` fields (refused
 * by the guard or found sensitive) are never shown back.
 */
async function formAgain(
  _app: AppContext,
  turn: Turn,
  request: ActionRequest,
  region: string,
  problems: Partial<Record<NoticeField | 'form', string>>,
  emptied: readonly string[],
): Promise<AdaptiveCardJson> {
  const { locale, data } = request;
  const values: { whereToFind?: string; note?: string } = {};
  for (const key of NOTICE_FORM_FIELDS) {
    const value = data[key];
    if (typeof value === 'string' && !emptied.includes(key)) values[key] = value;
  }
  const errors: Record<string, string> = {};
  for (const [field, problem] of Object.entries(problems))
    if (problem) errors[field] = problemText(locale, problem);
  return noticeFormCard(locale, { region: await regionName(turn.uow, locale, region), values, errors });
}

/** The notice's card for the caller, with `banner`. */
async function cardOf(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
  notice: PriorityNotice,
  banner?: NoticeCardBanner,
): Promise<AdaptiveCardJson> {
  const model = await noticeModel(app, turn.uow, request.locale, notice, request.caller.aadObjectId);
  return noticeCardOf(request.locale, model, { ...(banner ? { banner } : {}), today: osloDate(app.now()) });
}

/** The notice named by the card's data, for the caller if they may see it (stale when it names none). */
async function shownCard(app: AppContext, turn: Turn, request: ActionRequest): Promise<AdaptiveCardJson> {
  const shown = await showNotice(app, turn.uow, request.caller, request.data.noticeId);
  if (shown.ok) return cardOf(app, turn, request, shown.value);
  if ('refusal' in shown) return refuse(app, turn, request, shown.refusal);
  return noticeCard(request.locale, 'stale');
}

export const noticeVerbs: Readonly<Record<string, VerbSpec>> = {
  'checkins.noticeStart': read(async (app, turn, request) => {
    if (!personal(request)) return noticeCard(request.locale, 'personalOnly');
    const sender = await senderOf(app, turn, request);
    if ('refused' in sender) return sender.refused;
    return noticeFormCard(request.locale, {
      region: await regionName(turn.uow, request.locale, sender.region),
    });
  }),

  'checkins.noticeSend': act(NOTICE_FORM_FIELDS, async (app, turn, request) => {
    const { locale, refused } = request;
    if (!personal(request)) return noticeCard(locale, 'personalOnly');
    const sender = await senderOf(app, turn, request);
    if ('refused' in sender) return sender.refused;
    if (turn.duplicate) {
      // A Teams retry: the receipt of the notice the first attempt sent.
      const [last] = (await turn.uow.items.query({
        kind: NOTICE_KIND,
        createdBy: request.caller.aadObjectId,
        order: 'newest',
        limit: 1,
      })) as PriorityNotice[];
      return last ? cardOf(app, turn, request, last, 'sent') : noticeCard(locale, 'stale');
    }
    if (refused.length > 0) {
      const fields = refused.filter((key) => (NOTICE_FORM_FIELDS as readonly string[]).includes(key));
      return formAgain(
        app,
        turn,
        request,
        sender.region,
        {
          ...Object.fromEntries(fields.map((key) => [key, 'refused'])),
          ...(fields.length < refused.length ? { form: 'refused' } : {}),
        },
        refused,
      );
    }
    const sent = await sendNotice(
      app,
      turn.uow,
      request.caller,
      noticeDraftFrom(request.data),
      request.clickedCard,
    );
    if (sent.ok) return cardOf(app, turn, request, sent.value, 'sent');
    if ('refusal' in sent) return refuse(app, turn, request, sent.refusal);
    if ('problems' in sent) {
      const emptied = Object.entries(sent.problems)
        .filter(([, problem]) => problem === 'sensitive')
        .map(([field]) => field);
      return formAgain(app, turn, request, sender.region, sent.problems, emptied);
    }
    return noticeCard(locale, 'stale');
  }),

  'checkins.noticeAcknowledge': act(['noticeId'], async (app, turn, request) => {
    if (!personal(request)) return noticeCard(request.locale, 'personalOnly');
    // A Teams retry: the card as it is now (it says who prioritised it).
    if (turn.duplicate) return shownCard(app, turn, request);
    const done = await acknowledgeNotice(
      app,
      turn.uow,
      request.caller,
      request.data.noticeId,
      request.clickedCard,
    );
    if (done.ok) return cardOf(app, turn, request, done.value, 'acknowledgedNow');
    if ('refusal' in done) return refuse(app, turn, request, done.refusal);
    // Acknowledged already (by someone else, or an earlier click): the card as it is now.
    if ('problem' in done) return shownCard(app, turn, request);
    return noticeCard(request.locale, 'stale');
  }),

  'checkins.noticeShow': read(async (app, turn, request) => {
    if (!personal(request)) return noticeCard(request.locale, 'personalOnly');
    return shownCard(app, turn, request);
  }),
};

export const noticeCommands: readonly CommandSpec[] = [
  {
    name: 'priority-notice',
    words: ['prioriter', 'prioriteringsmelding', 'rosa', 'priority notice', 'prioritise', 'prioritize'],
    run: { verb: 'checkins.noticeStart' },
  },
];

/**
 * The help line, for members in a personal chat: the help card knows no region (HelpAudience), so
 * every member sees it and the form refuses, kindly, anyone who is not a contact person of an
 * allowed regional office.
 */
export const noticeHelp: FeatureHelp = {
  commands: [
    {
      command: 'priority-notice',
      key: 'checkins.notice.help',
      audience: (who) => who.isMember && who.scope === 'personal',
      order: 62,
    },
  ],
};

/** The notices' jobs (registered with their cards: a job's cards must have views). */
export const noticeJobs: readonly JobSpec[] = [
  // A new notice brings its reminder's day nearer.
  { name: 'priority-notice-ladder', run: (app, uow) => runNoticeLadder(app, uow), wakeOn: [NOTICE_KIND] },
];

export const noticeItemViews = (app: AppContext): ItemViews[] => [
  {
    kind: NOTICE_KIND,
    async render(uow, item, to, { view, banner, superseded }, locale) {
      if (view !== NOTICE_VIEW || to.kind !== 'person') return undefined;
      const lang = pickLocale(locale);
      const notice = item as PriorityNotice;
      const model = await noticeModel(app, uow, lang, notice, to.aadObjectId);
      const why = noticeBannerOf(banner);
      return noticeCardOf(lang, model, {
        ...(why ? { banner: why } : {}),
        ...(superseded ? { superseded: true } : {}),
        today: osloDate(app.now()),
      });
    },
  },
];
