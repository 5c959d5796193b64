/**
 * Meetings and reminders, as a feature: the network's meeting series (the coordinators monthly, the
 * whole network at least four times a year, RMA's video meetings with the regional offices, ad hoc
 * subgroups), their reminders on cards exactly once (the agenda call, the day before, the hour
 * before), answers to whether one comes, moving or cancelling one meeting, holiday flags a month
 * ahead and the four-a-year check of the plan. `møter` / `meetings` opens the list.
 */

import { loadActor, loadRoster } from '../../app/actor.js';
import type { AppContext } from '../../app/context.js';
import { contribute } from '../../app/extensions.js';
import { type ActionRequest, act, type Feature, read, textOf } from '../../app/feature.js';
import type { Turn } from '../../app/turn.js';
import { type Locale, t } from '../../cards/i18n.js';
import type { AdaptiveCardJson } from '../../cards/render.js';
import type { Recipient } from '../../domain/notifications.js';
import { nextOccurrences } from '../../domain/recurrence.js';
import { isUdiCoordinator } from '../../domain/roster.js';
import { osloDate } from '../../domain/working-days.js';
import { noticeCard } from '../../views/cards.js';
import { refuse } from '../../views/refusal.js';
import { OVERVIEW_SOURCE } from '../overview/overview-sources.js';
import { calendarRoutes } from './calendar-route.js';
import type { MeetingBanner, MeetingCardData } from './meeting-card-data.js';
import {
  newSeriesValues,
  parseSeriesForm,
  previewIdOf,
  SERIES_FIELDS,
  seriesValues,
  valuesFrom,
} from './meeting-form.js';
import { meetingItemViews } from './meeting-items.js';
import { checkPlan, runHolidayFlags, runPlanCheck } from './meeting-jobs.js';
import { listMeetings, meetingModel, planYear, showMeeting } from './meeting-models.js';
import { meetingsOnOverview } from './meeting-overview.js';
import { authorizeMeetings } from './meeting-policy.js';
import { runMeetingReminders } from './meeting-reminder-job.js';
import type { MeetingOccurrence, MeetingSeries } from './meeting-series.js';
import { MEETINGS_SETTINGS } from './meeting-settings.js';
import { MEETINGS_STORE, meetingsIn } from './meeting-store.js';
import { type MeetingCardReason, meetingCard, meetingListCard, seriesFormCard } from './meeting-views.js';
import {
  answerRsvp,
  cancelOccurrence,
  createSeries,
  editSeries,
  endSeries,
  type MeetingOutcome,
  moveOccurrence,
  setupRhythm,
} from './meetings.js';

// The card data types join the core's map of card data.
export type { MeetingCardData } from './meeting-card-data.js';

const banner = (locale: Locale, key: string, style: MeetingBanner['style'] = 'good'): MeetingBanner => ({
  text: t(locale, `meetings.banners.${key}`),
  style,
});

/** The list of meetings for the caller, with a banner on top (or a refusal). */
async function listCard(app: AppContext, turn: Turn, request: ActionRequest, top?: MeetingBanner) {
  const list = await listMeetings(app, turn.uow, request.caller, top, request.scope);
  if (list.ok) return meetingListCard(request.locale, list.value);
  return 'refusal' in list ? refuse(app, turn, request, list.refusal) : noticeCard(request.locale, 'stale');
}

/**
 * After a change to the plan: checks the plan's year for four network meetings. The UDI coordinator
 * who made the change sees the warning on their answer; otherwise they get a card. A network series
 * saved while the network has no channel would remind nobody: whoever saved it is told how to set it.
 */
async function planBanner(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
  changed: MeetingSeries,
  done: MeetingBanner,
  /** The series was a network series before the change (its meetings left the plan). */
  wasNetwork = false,
): Promise<MeetingBanner> {
  if (changed.meetingKind !== 'network' && !wasNetwork) return done;
  const warnings: string[] = [];
  const network = changed.meetingKind === 'network' && changed.state === 'active';
  if (network && !(await turn.uow.settings.get()).networkChannel)
    warnings.push(t(request.locale, 'meetings.banners.noChannel'));
  const year = planYear(app.now().getTime());
  const { count, short } = await checkPlan(app, turn.uow, changed, year, {
    skip: request.caller.aadObjectId,
  });
  const caller = await loadActor(app, turn.uow, request.caller);
  if (short && isUdiCoordinator(caller))
    warnings.push(t(request.locale, 'meetings.banners.plan', { year, count }));
  return warnings.length === 0 ? done : { text: [done.text, ...warnings].join(' '), style: 'warning' };
}

/** What went wrong with a meeting use case, as the card answering the click. */
async function outcomeCard<T>(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
  outcome: Exclude<MeetingOutcome<T>, { ok: true }>,
  problems: (problems: Record<string, string>) => Promise<AdaptiveCardJson>,
): Promise<AdaptiveCardJson> {
  if ('refusal' in outcome) return refuse(app, turn, request, outcome.refusal);
  if ('missing' in outcome) return noticeCard(request.locale, 'stale');
  return problems(outcome.problems);
}

/** The meeting named by the card, for the caller (or the channel, in a team), as it is now. */
async function meetingCardFor(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
  options: {
    reason?: MeetingCardReason;
    values?: MeetingCardData['values'];
    errors?: MeetingCardData['errors'];
    fromList?: boolean;
  } = {},
): Promise<AdaptiveCardJson> {
  const { data, locale } = request;
  // A card opened from the list keeps its way back through every click on it.
  const fromList = options.fromList ?? data.listId === 'meetings';
  const series = await meetingsIn(turn.uow).getSeries(textOf(data.seriesId) ?? '');
  const occurrence = textOf(data.occurrenceId);
  const shown = await showMeeting(app, turn.uow, request.caller, series?.id, occurrence, locale);
  if (!shown.ok)
    return 'refusal' in shown ? refuse(app, turn, request, shown.refusal) : noticeCard(locale, 'stale');
  return meetingCard(locale, shown.value, { ...options, fromList, nowMs: app.now().getTime() });
}

/** The series form again with the caller's values, their problems and (when complete) the preview. */
async function seriesForm(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
  options: { seriesId?: string; problems?: Record<string, string>; checkDates?: boolean; fresh?: boolean },
): Promise<AdaptiveCardJson> {
  const { data, locale, refused } = request;
  const values = options.fresh ? undefined : valuesFrom(data);
  const series = options.seriesId ? await meetingsIn(turn.uow).getSeries(options.seriesId) : undefined;
  const shownValues = values ?? (series ? seriesValues(series) : newSeriesValues(osloDate(app.now())));
  const parsed = parseSeriesForm(shownValues, series?.schedule.exceptions);
  const problems: Record<string, string> = { ...(options.problems ?? {}) };
  for (const field of refused)
    if ((SERIES_FIELDS as readonly string[]).includes(field)) problems[field] = 'refused';
  const roster = await loadRoster(app, turn.uow);
  return seriesFormCard(locale, {
    ...(series ? { seriesId: series.id } : {}),
    values: shownValues,
    people: roster.people,
    ...(parsed.ok
      ? {
          preview: nextOccurrences(parsed.draft.schedule, Math.max(app.now().getTime(), 0), 5),
          previewId: previewIdOf(parsed.draft.schedule),
        }
      : { previewId: 'none' }),
    ...(Object.keys(problems).length > 0 ? { problems } : {}),
    ...(options.checkDates ? { checkDates: true } : {}),
  });
}

/** A series the caller may edit, by the card's id (or undefined). */
async function editableSeries(app: AppContext, turn: Turn, request: ActionRequest) {
  const series = await meetingsIn(turn.uow).getSeries(textOf(request.data.seriesId) ?? '');
  if (series?.state !== 'active') return { series: undefined, allowed: false };
  const actor = await loadActor(app, turn.uow, request.caller);
  const decision = authorizeMeetings(actor, { kind: 'meetings.manage', series });
  return { series, decision };
}

/**
 * Whether the caller may fill in the series form the card is about: a series they may edit (its
 * id on the card), or a new one (no id). The form lists the network's members (to invite), so it
 * is shown to nobody else. A card id that is there but names no active series is stale.
 */
async function mayFillSeriesForm(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
): Promise<{ seriesId?: string } | { card: AdaptiveCardJson }> {
  if (request.data.seriesId === undefined) {
    const actor = await loadActor(app, turn.uow, request.caller);
    const decision = authorizeMeetings(actor, { kind: 'meetings.create' });
    return decision.allowed ? {} : { card: await refuse(app, turn, request, decision.reason) };
  }
  const { series, decision } = await editableSeries(app, turn, request);
  if (!series || !decision) return { card: noticeCard(request.locale, 'stale') };
  if (!decision.allowed) return { card: await refuse(app, turn, request, decision.reason) };
  return { seriesId: series.id };
}

const MOVE_FIELDS = ['seriesId', 'occurrenceId', 'moveId', 'moveDate', 'moveTime', 'listId'];

/** The new date and time typed into the move form (text only: card data is untrusted). */
const typedMove = (data: Record<string, unknown>): MeetingCardData['values'] => ({
  ...(typeof data.moveDate === 'string' ? { moveDate: data.moveDate } : {}),
  ...(typeof data.moveTime === 'string' ? { moveTime: data.moveTime } : {}),
});

export const meetingsFeature: Feature = {
  name: 'meetings',
  verbs: {
    'meetings.list': read((app, turn, request) => listCard(app, turn, request)),

    'meetings.show': read((app, turn, request) =>
      meetingCardFor(app, turn, request, { fromList: request.data.listId === 'meetings' }),
    ),

    'meetings.newSeries': read(async (app, turn, request) => {
      if (request.scope !== 'personal') return noticeCard(request.locale, 'personalOnly');
      const actor = await loadActor(app, turn.uow, request.caller);
      const decision = authorizeMeetings(actor, { kind: 'meetings.create' });
      if (!decision.allowed) return refuse(app, turn, request, decision.reason);
      return seriesForm(app, turn, request, { fresh: true });
    }),

    'meetings.editSeries': read(async (app, turn, request) => {
      if (request.scope !== 'personal') return noticeCard(request.locale, 'personalOnly');
      const { series, decision } = await editableSeries(app, turn, request);
      if (!series || !decision) return noticeCard(request.locale, 'stale');
      if (!decision.allowed) return refuse(app, turn, request, decision.reason);
      return seriesForm(app, turn, request, { seriesId: series.id, fresh: true });
    }),

    /** Shows the next five dates of the rhythm filled in (reads the form; changes nothing). */
    'meetings.previewSeries': {
      mode: 'read',
      reads: ['seriesId', ...SERIES_FIELDS],
      run: async (app, turn, request) => {
        const may = await mayFillSeriesForm(app, turn, request);
        if ('card' in may) return may.card;
        const { seriesId } = may;
        const parsed = parseSeriesForm(valuesFrom(request.data));
        return seriesForm(app, turn, request, {
          ...(seriesId ? { seriesId } : {}),
          ...(parsed.ok ? {} : { problems: parsed.problems }),
        });
      },
    },

    'meetings.saveSeries': act(['seriesId', 'previewId', ...SERIES_FIELDS], async (app, turn, request) => {
      const { data, locale, refused } = request;
      if (turn.duplicate) return listCard(app, turn, request);
      const may = await mayFillSeriesForm(app, turn, request);
      if ('card' in may) return may.card;
      const { seriesId } = may;
      if (refused.length > 0) return seriesForm(app, turn, request, seriesId ? { seriesId } : {});
      const existing = seriesId ? await meetingsIn(turn.uow).getSeries(seriesId) : undefined;
      if (seriesId && existing?.state !== 'active') return noticeCard(locale, 'stale');
      const parsed = parseSeriesForm(valuesFrom(data), existing?.schedule.exceptions);
      const again = (problems: Record<string, string>, checkDates = false) =>
        seriesForm(app, turn, request, { ...(seriesId ? { seriesId } : {}), problems, checkDates });
      if (!parsed.ok) return again(parsed.problems);
      // Nobody saves a rhythm whose dates they have not seen: a changed one shows them first.
      if (data.previewId !== previewIdOf(parsed.draft.schedule)) return again({}, true);
      const saved = existing
        ? await editSeries(app, turn.uow, request.caller, existing.id, parsed.draft)
        : await createSeries(app, turn.uow, request.caller, parsed.draft);
      if (!saved.ok) return outcomeCard(app, turn, request, saved, async (problems) => again(problems));
      return listCard(
        app,
        turn,
        request,
        await planBanner(
          app,
          turn,
          request,
          saved.value,
          banner(locale, 'saved'),
          existing?.meetingKind === 'network',
        ),
      );
    }),

    'meetings.endSeries': act(['seriesId'], async (app, turn, request) => {
      if (turn.duplicate) return listCard(app, turn, request);
      const ended = await endSeries(app, turn.uow, request.caller, request.data.seriesId);
      if (!ended.ok)
        return outcomeCard(app, turn, request, ended, async () => noticeCard(request.locale, 'stale'));
      return listCard(
        app,
        turn,
        request,
        await planBanner(app, turn, request, ended.value, banner(request.locale, 'ended', 'default')),
      );
    }),

    'meetings.setupRhythm': act([], async (app, turn, request) => {
      const { locale } = request;
      if (turn.duplicate) return listCard(app, turn, request);
      const result = await setupRhythm(app, turn.uow, request.caller, {
        coordinators: t(locale, 'meetings.rhythm.coordinators'),
        network: t(locale, 'meetings.rhythm.network'),
        rmaRegional: t(locale, 'meetings.rhythm.rmaRegional'),
        videoPlace: t(locale, 'meetings.rhythm.videoPlace'),
      });
      // Series exist already (made since the offer): nothing was set up, and the list says so.
      if (!result.ok)
        return outcomeCard(app, turn, request, result, async () =>
          listCard(app, turn, request, {
            text: t(locale, 'meetings.errors.rhythm-exists'),
            style: 'warning',
          }),
        );
      const network = result.value.find((s) => s.meetingKind === 'network');
      const done = banner(locale, 'rhythm');
      return listCard(
        app,
        turn,
        request,
        network ? await planBanner(app, turn, request, network, done) : done,
      );
    }),

    'meetings.rsvp': act(['itemId', 'answerId', 'listId'], async (app, turn, request) => {
      const { data, locale } = request;
      const answered = turn.duplicate
        ? undefined
        : await answerRsvp(app, turn.uow, request.caller, data.itemId, data.answerId);
      if (answered && !answered.ok)
        return outcomeCard(app, turn, request, answered, async () => noticeCard(locale, 'stale'));
      const item = (await turn.uow.items.get('meeting-occurrence', textOf(data.itemId) ?? '')) as
        | MeetingOccurrence
        | undefined;
      const series = item ? await meetingsIn(turn.uow).getSeries(item.series) : undefined;
      if (!item || !series) return noticeCard(locale, 'stale');
      // In the channel the answer replaces the card for the one who clicked: the channel's card,
      // with their own answer on it (everyone's copy is updated by the outbox).
      const to: Recipient =
        request.scope === 'team'
          ? { kind: 'networkChannel' }
          : { kind: 'person', aadObjectId: request.caller.aadObjectId };
      const model = await meetingModel(app, turn.uow, series, item.occurrence, to, undefined, locale);
      return meetingCard(locale, model, {
        nowMs: app.now().getTime(),
        answeredBy: request.caller.aadObjectId,
      });
    }),

    'meetings.move': act(MOVE_FIELDS, async (app, turn, request) => {
      const { data, locale, refused } = request;
      if (turn.duplicate) return meetingCardFor(app, turn, request);
      // What the privacy guard took out is said next to its field; what else was typed stays.
      if (refused.length > 0) {
        const message = t(locale, 'meetings.errors.refused');
        const atField = refused.filter((key) => key === 'moveDate' || key === 'moveTime');
        return meetingCardFor(app, turn, request, {
          values: typedMove(data),
          errors: {
            ...Object.fromEntries(atField.map((key) => [key, message])),
            ...(atField.length < refused.length ? { form: message } : {}),
          },
        });
      }
      const moved = await moveOccurrence(
        app,
        turn.uow,
        request.caller,
        data.seriesId,
        data.occurrenceId,
        data.moveId === 'suggested' ? 'suggested' : { date: data.moveDate, time: data.moveTime },
      );
      if (!moved.ok)
        return outcomeCard(app, turn, request, moved, async (problems) =>
          meetingCardFor(app, turn, request, {
            values: typedMove(data),
            errors: {
              ...(problems.date ? { moveDate: t(locale, `meetings.errors.${problems.date}`) } : {}),
              ...(problems.time ? { moveTime: t(locale, `meetings.errors.${problems.time}`) } : {}),
              ...(problems.form ? { form: t(locale, `meetings.errors.${problems.form}`) } : {}),
            },
          }),
        );
      return meetingCardFor(app, turn, request, { reason: { kind: 'moved' } });
    }),

    'meetings.cancel': act(['seriesId', 'occurrenceId', 'listId'], async (app, turn, request) => {
      if (turn.duplicate) return meetingCardFor(app, turn, request);
      const cancelled = await cancelOccurrence(
        app,
        turn.uow,
        request.caller,
        request.data.seriesId,
        request.data.occurrenceId,
      );
      if (!cancelled.ok)
        return outcomeCard(app, turn, request, cancelled, async () => noticeCard(request.locale, 'stale'));
      if (cancelled.value.meetingKind === 'network')
        await checkPlan(app, turn.uow, cancelled.value, planYear(app.now().getTime()));
      return meetingCardFor(app, turn, request, { reason: { kind: 'cancelled' } });
    }),
  },
  commands: [
    {
      name: 'meetings',
      words: ['møter', 'meetings', 'moter', 'møte', 'meeting', 'møteplan', 'kommende møter'],
      run: { verb: 'meetings.list' },
    },
  ],
  help: {
    commands: [
      {
        command: 'meetings',
        key: 'meetings.help.commands.meetings',
        audience: (who) => who.isMember || who.isAdmin,
        order: 55,
      },
    ],
    buttons: [
      {
        verb: 'meetings.list',
        titleKey: 'meetings.help.actions.meetings',
        audience: (who) => who.isMember && who.scope === 'personal',
        order: 40,
      },
    ],
  },
  items: (app) => meetingItemViews(app),
  jobs: [
    // A saved, edited or moved series may have a reminder or a flag due sooner than planned.
    {
      name: 'meeting-reminders',
      run: (app, uow) => runMeetingReminders(app, uow),
      wakeOn: ['meeting-series'],
    },
    {
      name: 'meeting-holiday-flags',
      run: (app, uow) => runHolidayFlags(app, uow),
      wakeOn: ['meeting-series'],
    },
    { name: 'meeting-plan-check', run: (app, uow) => runPlanCheck(app, uow) },
  ],
  store: MEETINGS_STORE,
  settings: MEETINGS_SETTINGS,
  routes: calendarRoutes,
  contributes: [contribute(OVERVIEW_SOURCE, meetingsOnOverview)],
};
