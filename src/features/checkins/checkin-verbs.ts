/**
 * Regional check-ins on cards: the regional contact person's check-in (its form, "nothing new" in one
 * click), RMA's coordinator's card about each one and the cycle's digest, and `innsjekk` / `check-ins`
 * (the overview of regions by cycle).
 *
 * - `checkins.show` (read; checkinId, modeId): a region's check-in, for its contact persons (the form
 *   while open, or with `modeId: 'edit'` to change an answer before the meeting) and for the digest's
 *   readers (read-only).
 * - `checkins.submit` (act; checkinId and the form's fields): the answer; RMA's coordinator is told.
 * - `checkins.nothingNew` (act; checkinId): "Ingenting nytt" in one click.
 * - `checkins.digest` (read; cycleId), `checkins.overview` (read): RMA's coordinator or deputy and the
 *   UDI coordinator.
 *
 * Every verb answers in a personal chat only (the cards name regions and what they reported).
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
  textOf,
  type VerbSpec,
} from '../../app/feature.js';
import type { ItemViews } from '../../app/live-cards.js';
import type { Turn } from '../../app/turn.js';
import { type Locale, pickLocale, t } from '../../cards/i18n.js';
import type { AdaptiveCardJson } from '../../cards/render.js';
import { isNetworkMember } from '../../domain/roster.js';
import { noticeCard } from '../../views/cards.js';
import { refuse } from '../../views/refusal.js';
import {
  CHECKIN_VIEW,
  CYCLE_VIEW,
  DIGEST_VIEW,
  digestOf,
  draftFrom,
  nothingNew,
  overview,
  resolveMeeting,
  submitCheckin,
} from './checkin.js';
import type { CheckinBanner, CheckinFormValues } from './checkin-card-data.js';
import type { CheckinCycle } from './checkin-cycles.js';
import { cycleDigest } from './checkin-digest.js';
import { runCheckins } from './checkin-jobs.js';
import { authorizeCheckins } from './checkin-policy.js';
import { checkinsIn } from './checkin-store.js';
import {
  checkinBanner,
  checkinCard,
  digestCard,
  meetingWords,
  overviewCard,
  regionWords,
} from './checkin-views.js';
import type { CheckIn } from './checkins.js';

/** The check-in form's inputs. */
export const CHECKIN_FIELDS = ['principled', 'challenges', 'trends', 'training', 'cases'] as const;

const problemText = (locale: Locale, problem: string) => t(locale, `checkins.checkin.errors.${problem}`);

/** What was typed into the form (texts only; card data is untrusted). */
function typedForm(data: Record<string, unknown>): CheckinFormValues {
  const values: CheckinFormValues = {};
  for (const key of CHECKIN_FIELDS) if (typeof data[key] === 'string') values[key] = data[key] as string;
  return values;
}

/** Who the reader is to a check-in: may answer it (its region's contact, before the meeting), may read it. */
async function readerOf(app: AppContext, uow: Turn['uow'], aadObjectId: string, checkin: CheckIn) {
  const actor = await loadActor(app, uow, { aadObjectId, displayName: '' });
  const contact = authorizeCheckins(actor, { kind: 'checkin.submit', unitId: checkin.unitId }).allowed;
  const digestReader = authorizeCheckins(actor, { kind: 'checkin.digest' }).allowed;
  const toAgenda = authorizeCheckins(actor, { kind: 'checkin.toAgenda' }).allowed;
  const meeting = await resolveMeeting(uow, checkin);
  const dueMs = Date.parse(meeting?.start ?? checkin.due);
  const mayAnswer = contact && checkin.state !== 'missed' && app.now().getTime() < dueMs;
  return { actor, contact, digestReader, mayAnswer, toAgenda };
}

/** The check-in named by the card, for the caller, with a banner, the form's values and errors. */
async function checkinCardFor(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
  options: {
    banner?: CheckinBanner;
    values?: CheckinFormValues;
    errors?: Record<string, string>;
    edit?: boolean;
  } = {},
): Promise<AdaptiveCardJson> {
  const { data, locale } = request;
  const id = textOf(data.checkinId);
  const checkin = id ? await checkinsIn(turn.uow).get(id) : undefined;
  if (!checkin) return noticeCard(locale, 'stale');
  const reader = await readerOf(app, turn.uow, request.caller.aadObjectId, checkin);
  if (!reader.contact && !reader.digestReader)
    return refuse(app, turn, request, isNetworkMember(reader.actor) ? 'not-authorized' : 'not-member');
  const hasErrors = !!options.errors && Object.keys(options.errors).length > 0;
  return checkinCard(turn.uow, locale, checkin, {
    ...(options.banner ? { banner: options.banner } : {}),
    mayAnswer: reader.mayAnswer,
    formOpen: checkin.state === 'open' || options.edit === true || hasErrors,
    ...(options.values ? { values: options.values } : {}),
    ...(hasErrors ? { errors: options.errors } : {}),
    digestReader: reader.digestReader && !reader.contact,
    toAgenda: reader.toAgenda,
  });
}

/** The card after an answer failed: the form open, the message next to its field, what was typed kept. */
function problemsAgain(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
  problems: Record<string, string>,
): Promise<AdaptiveCardJson> {
  const { locale } = request;
  const errors: Record<string, string> = {};
  // "No topic written" has a message of its own (the same problem name as a missing case count).
  for (const [field, problem] of Object.entries(problems))
    errors[field] = problemText(locale, field === 'topics' && problem === 'missing' ? 'topics' : problem);
  return checkinCardFor(app, turn, request, { values: typedForm(request.data), errors, edit: true });
}

async function afterAnswer(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
  outcome: Awaited<ReturnType<typeof submitCheckin>>,
  sent: 'sent' | 'nothingNewSent',
): Promise<AdaptiveCardJson> {
  const { locale } = request;
  if (outcome.ok)
    return checkinCardFor(app, turn, request, {
      banner: { text: t(locale, `checkins.checkin.banners.${sent}`), style: 'good' },
    });
  if ('refusal' in outcome) return refuse(app, turn, request, outcome.refusal);
  if ('missing' in outcome) return noticeCard(locale, 'stale');
  if ('problems' in outcome) return problemsAgain(app, turn, request, outcome.problems);
  // The meeting began, or it was missed: the card as it is now, saying why.
  return checkinCardFor(app, turn, request, {
    banner: { text: problemText(locale, outcome.problem), style: 'warning' },
  });
}

async function digestCardFor(app: AppContext, turn: Turn, request: ActionRequest) {
  const { locale } = request;
  const digest = await digestOf(app, turn.uow, request.caller, request.data.cycleId);
  if (!digest.ok) {
    if ('refusal' in digest) return refuse(app, turn, request, digest.refusal);
    return noticeCard(locale, 'stale');
  }
  const cycle = await checkinsIn(turn.uow).getCycleById(digest.value.cycleId);
  if (!cycle) return noticeCard(locale, 'stale');
  return digestCard(turn.uow, locale, cycle, digest.value);
}

export const checkinVerbs: Readonly<Record<string, VerbSpec>> = {
  'checkins.show': read(async (app, turn, request) => {
    if (request.scope !== 'personal') return noticeCard(request.locale, 'personalOnly');
    return checkinCardFor(app, turn, request, { edit: request.data.modeId === 'edit' });
  }),

  'checkins.submit': act(['checkinId', ...CHECKIN_FIELDS], async (app, turn, request) => {
    const { locale, refused } = request;
    if (request.scope !== 'personal') return noticeCard(locale, 'personalOnly');
    if (turn.duplicate) return checkinCardFor(app, turn, request);
    if (refused.includes('checkinId')) return noticeCard(locale, 'stale');
    if (refused.length > 0)
      return problemsAgain(
        app,
        turn,
        request,
        Object.fromEntries(
          refused.map((key) => [
            (CHECKIN_FIELDS as readonly string[]).includes(key) ? key : 'form',
            'refused',
          ]),
        ),
      );
    const outcome = await submitCheckin(
      app,
      turn.uow,
      request.caller,
      request.data.checkinId,
      draftFrom(request.data),
      request.clickedCard,
    );
    return afterAnswer(app, turn, request, outcome, 'sent');
  }),

  'checkins.nothingNew': act(['checkinId'], async (app, turn, request) => {
    const { locale } = request;
    if (request.scope !== 'personal') return noticeCard(locale, 'personalOnly');
    if (turn.duplicate) return checkinCardFor(app, turn, request);
    if (request.refused.length > 0) return noticeCard(locale, 'stale');
    const outcome = await nothingNew(
      app,
      turn.uow,
      request.caller,
      request.data.checkinId,
      request.clickedCard,
    );
    return afterAnswer(app, turn, request, outcome, 'nothingNewSent');
  }),

  'checkins.digest': read(async (app, turn, request) => {
    if (request.scope !== 'personal') return noticeCard(request.locale, 'personalOnly');
    return digestCardFor(app, turn, request);
  }),

  'checkins.overview': read(async (app, turn, request) => {
    if (request.scope !== 'personal') return noticeCard(request.locale, 'personalOnly');
    const shown = await overview(app, turn.uow, request.caller);
    if (!shown.ok) {
      if ('refusal' in shown) return refuse(app, turn, request, shown.refusal);
      return noticeCard(request.locale, 'stale');
    }
    return overviewCard(request.locale, shown.value);
  }),
};

export const checkinCommands: readonly CommandSpec[] = [
  {
    name: 'checkins',
    words: ['innsjekk', 'check-ins', 'checkins', 'innsjekker', 'innsjekk fra regionene'],
    run: { verb: 'checkins.overview' },
  },
];

export const checkinHelp: FeatureHelp = {
  commands: [
    {
      command: 'checkins',
      key: 'checkins.overview.help',
      // Only RMA's coordinator or deputy and the UDI coordinator may read it; the help card knows coordinators.
      audience: (who) => who.isCoordinator,
      order: 62,
    },
  ],
};

/** The check-ins' jobs (registered with their cards: a job's cards must have views). */
export const checkinJobs: readonly JobSpec[] = [
  {
    name: 'checkins',
    run: (app, uow) => runCheckins(app, uow),
    // A saved or moved RMA regional series may bring a cycle's opening nearer; an answer may complete one.
    wakeOn: ['meeting-series', 'checkin'],
  },
];

const checkinViews = (app: AppContext): ItemViews<CheckIn> => ({
  kind: 'checkin',
  async render(uow, checkin, to, { view, banner, superseded }, locale) {
    if (view !== CHECKIN_VIEW || to.kind !== 'person') return undefined;
    const lang = pickLocale(locale);
    const reader = await readerOf(app, uow, to.aadObjectId, checkin);
    if (!reader.contact && !reader.digestReader) return undefined;
    const shown = checkinBanner(lang, banner, {
      meeting: await meetingWords(uow, lang, checkin),
      region: await regionWords(uow, lang, checkin.unitId),
    });
    return checkinCard(uow, lang, checkin, {
      ...(shown ? { banner: shown } : {}),
      mayAnswer: reader.mayAnswer,
      formOpen: checkin.state === 'open',
      digestReader: reader.digestReader && !reader.contact,
      toAgenda: reader.toAgenda,
      ...(superseded ? { superseded: true } : {}),
    });
  },
});

const cycleViews = (_app: AppContext): ItemViews<CheckinCycle> => ({
  kind: 'checkin-cycle',
  async render(uow, cycle, to, { view, superseded }, locale) {
    if ((view !== DIGEST_VIEW && view !== CYCLE_VIEW) || to.kind !== 'person') return undefined;
    const lang = pickLocale(locale);
    const units = await uow.units.list();
    const digest = cycleDigest(cycle, await checkinsIn(uow).ofCycle(cycle), units);
    const flagged = cycle.flagged.map((id) => units.find((u) => u.id === id)?.name[lang] ?? id).join(', ');
    const banner: CheckinBanner =
      view === CYCLE_VIEW
        ? { text: t(lang, 'checkins.digest.banners.no-contact', { regions: flagged }), style: 'warning' }
        : digest.complete
          ? { text: t(lang, 'checkins.digest.banners.digest'), style: 'good' }
          : { text: t(lang, 'checkins.digest.banners.incomplete'), style: 'warning' };
    return digestCard(uow, lang, cycle, digest, { banner, ...(superseded ? { superseded: true } : {}) });
  },
});

export const checkinItemViews = (app: AppContext): ItemViews[] => [
  checkinViews(app) as ItemViews,
  cycleViews(app) as ItemViews,
];
