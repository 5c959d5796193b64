/**
 * The action plans on cards: the list (`tiltak` / `measures`), the registration and edit form, a
 * measure's card (its owner's status report form open in it), closing, and the status report export.
 *
 * - `actionplans.list` (read): the UDI coordinator and AUA's deputy get every active measure by plan,
 *   overdue first, with "Nytt tiltak" and "Eksporter statusrapport"; an owner gets their own.
 * - `actionplans.new` (read): the empty form (those who manage).
 * - `actionplans.save` (act; measureId when editing, and the form's fields): registers or edits.
 * - `actionplans.show` (read; measureId, modeId 'edit' for the form): a measure's card.
 * - `actionplans.report` (act; measureId, status, statusText): the owner's status report.
 * - `actionplans.close` (act; measureId): closes a measure.
 * - `actionplans.export` (read; planId optional): the export card with signed download links.
 *
 * Every verb answers in a personal chat only (the cards name people and what they reported).
 */
import { loadActor, loadRoster } from '../../app/actor.js';
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
import { formatDateTime, pickLocale, t } from '../../cards/i18n.js';
import { type AdaptiveCardJson, renderCard } from '../../cards/render.js';
import { isNetworkMember } from '../../domain/roster.js';
import { osloDate } from '../../domain/working-days.js';
import type { UnitOfWork } from '../../store/store.js';
import { noticeCard } from '../../views/cards.js';
import { refuse } from '../../views/refusal.js';
import {
  closeMeasureFor,
  draftFrom,
  MEASURE_VIEW,
  type MeasureOutcome,
  measuresFor,
  registerMeasure,
  reportStatus,
  updateMeasure,
} from './actionplans.js';
import { exportLinks, exportTargetOf, measuresOf } from './export-route.js';
import type { MeasureBanner, MeasureFormValues } from './measure-card-data.js';
import { runActionplans } from './measure-jobs.js';
import { authorizeMeasures } from './measure-policy.js';
import { measuresIn } from './measure-store.js';
import { formCard, listCard, measureBanner, measureCard, plansOf, valuesOf } from './measure-views.js';
import { isOverdue, MEASURE_FIELDS, type Measure } from './measures.js';

const K = 'actionplans';
const REPORT_FIELDS = ['status', 'statusText'] as const;

const problemText = (request: ActionRequest, problem: string) => t(request.locale, `${K}.errors.${problem}`);

/** Who the reader is to a measure. */
async function readerOf(app: AppContext, uow: UnitOfWork, aadObjectId: string, measure: Measure) {
  const actor = await loadActor(app, uow, { aadObjectId, displayName: '' });
  return {
    actor,
    manage: authorizeMeasures(actor, { kind: 'measure.manage' }).allowed,
    own: authorizeMeasures(actor, { kind: 'measure.report', measure }).allowed,
  };
}

/** What was typed into the registration form (texts only). */
function typedForm(data: Record<string, unknown>): MeasureFormValues {
  const values: MeasureFormValues = {};
  for (const key of MEASURE_FIELDS) if (typeof data[key] === 'string') values[key] = data[key] as string;
  return values;
}

/** The measure named by the card, for the caller (a banner, the report form's values and errors). */
async function measureCardFor(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
  options: { banner?: MeasureBanner; values?: Record<string, string>; errors?: Record<string, string> } = {},
): Promise<AdaptiveCardJson> {
  const id = textOf(request.data.measureId);
  const measure = id ? await measuresIn(turn.uow).get(id) : undefined;
  if (!measure) return noticeCard(request.locale, 'stale');
  const reader = await readerOf(app, turn.uow, request.caller.aadObjectId, measure);
  if (!reader.manage && !reader.own)
    return refuse(app, turn, request, isNetworkMember(reader.actor) ? 'not-authorized' : 'not-member');
  return measureCard(await loadRoster(app, turn.uow), request.locale, measure, {
    ...(options.banner ? { banner: options.banner } : {}),
    manage: reader.manage,
    own: reader.own,
    ...(options.values ? { values: options.values } : {}),
    ...(options.errors ? { errors: options.errors } : {}),
    today: osloDate(app.now()),
  });
}

/** The registration or edit form, for those who manage (a refusal otherwise). */
async function formCardFor(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
  options: { measure?: Measure; values: MeasureFormValues; errors?: Record<string, string> },
): Promise<AdaptiveCardJson> {
  const actor = await loadActor(app, turn.uow, request.caller);
  const decision = authorizeMeasures(actor, { kind: 'measure.manage' });
  if (!decision.allowed) return refuse(app, turn, request, decision.reason);
  return formCard(await loadRoster(app, turn.uow), request.locale, {
    ...options,
    plans: plansOf(await measuresIn(turn.uow).active()),
  });
}

async function outcomeCard(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
  outcome: MeasureOutcome<Measure>,
  onProblems: (problems: Record<string, string>) => Promise<AdaptiveCardJson>,
  banner: string,
): Promise<AdaptiveCardJson> {
  if (outcome.ok)
    return measureCardFor(
      app,
      turn,
      { ...request, data: { measureId: outcome.value.id } },
      { banner: { text: t(request.locale, `${K}.banners.${banner}`), style: 'good' } },
    );
  if ('refusal' in outcome) return refuse(app, turn, request, outcome.refusal);
  if ('missing' in outcome) return noticeCard(request.locale, 'stale');
  if ('problems' in outcome) return onProblems(outcome.problems);
  return measureCardFor(app, turn, request, {
    banner: { text: problemText(request, outcome.problem), style: 'warning' },
  });
}

const errorsOf = (request: ActionRequest, problems: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(problems).map(([field, p]) => [
      field,
      problemText(request, p === 'invalid' && field === 'due' ? 'dateInvalid' : p),
    ]),
  );

/** The card after a refused value: the field emptied, a message next to it, the rest kept. */
const refusedProblems = (refused: readonly string[], fields: readonly string[]) =>
  Object.fromEntries(refused.map((key) => [fields.includes(key) ? key : 'form', 'refused']));

async function editedMeasure(uow: UnitOfWork, data: Record<string, unknown>) {
  const id = textOf(data.measureId);
  return id ? measuresIn(uow).get(id) : undefined;
}

export const measureVerbs: Readonly<Record<string, VerbSpec>> = {
  'actionplans.list': read(async (app, turn, request) => {
    if (request.scope !== 'personal') return noticeCard(request.locale, 'personalOnly');
    const found = await measuresFor(app, turn.uow, request.caller);
    if (!found.ok) {
      if ('refusal' in found) return refuse(app, turn, request, found.refusal);
      return noticeCard(request.locale, 'stale');
    }
    return listCard(await loadRoster(app, turn.uow), request.locale, found.value.measures, {
      manage: found.value.manage,
      today: osloDate(app.now()),
    });
  }),

  'actionplans.new': read(async (app, turn, request) => {
    if (request.scope !== 'personal') return noticeCard(request.locale, 'personalOnly');
    return formCardFor(app, turn, request, { values: {} });
  }),

  'actionplans.save': act(['measureId', ...MEASURE_FIELDS], async (app, turn, request) => {
    const { locale, refused, data } = request;
    if (request.scope !== 'personal') return noticeCard(locale, 'personalOnly');
    if (refused.includes('measureId')) return noticeCard(locale, 'stale');
    const editing = data.measureId !== undefined;
    const measure = editing ? await editedMeasure(turn.uow, data) : undefined;
    if (editing && !measure) return noticeCard(locale, 'stale');
    const again = (problems: Record<string, string>) =>
      formCardFor(app, turn, request, {
        ...(measure ? { measure } : {}),
        values: typedForm(data),
        errors: errorsOf(request, problems),
      });
    if (turn.duplicate) return measure ? measureCardFor(app, turn, request) : listCardFor(app, turn, request);
    if (refused.length > 0) {
      // Authorise first: someone who may not register is refused, not shown the form.
      const decision = authorizeMeasures(await loadActor(app, turn.uow, request.caller), {
        kind: 'measure.manage',
      });
      if (!decision.allowed) return refuse(app, turn, request, decision.reason);
      return again(refusedProblems(refused, MEASURE_FIELDS));
    }
    const outcome = measure
      ? await updateMeasure(app, turn.uow, request.caller, measure.id, draftFrom(data), request.clickedCard)
      : await registerMeasure(app, turn.uow, request.caller, draftFrom(data), request.clickedCard);
    return outcomeCard(app, turn, request, outcome, again, measure ? 'saved' : 'registered');
  }),

  'actionplans.show': read(async (app, turn, request) => {
    if (request.scope !== 'personal') return noticeCard(request.locale, 'personalOnly');
    if (request.data.modeId === 'edit') {
      const measure = await editedMeasure(turn.uow, request.data);
      if (!measure) return noticeCard(request.locale, 'stale');
      const reader = await readerOf(app, turn.uow, request.caller.aadObjectId, measure);
      if (reader.manage && measure.state === 'active')
        return formCardFor(app, turn, request, { measure, values: valuesOf(measure) });
    }
    return measureCardFor(app, turn, request);
  }),

  'actionplans.report': act(['measureId', ...REPORT_FIELDS], async (app, turn, request) => {
    const { locale, refused, data } = request;
    if (request.scope !== 'personal') return noticeCard(locale, 'personalOnly');
    if (turn.duplicate) return measureCardFor(app, turn, request);
    if (refused.includes('measureId')) return noticeCard(locale, 'stale');
    const typed = {
      ...(typeof data.status === 'string' ? { status: data.status } : {}),
      ...(typeof data.statusText === 'string' ? { statusText: data.statusText } : {}),
    };
    const again = (problems: Record<string, string>) =>
      measureCardFor(app, turn, request, { values: typed, errors: errorsOf(request, problems) });
    if (refused.length > 0) {
      const measure = await editedMeasure(turn.uow, data);
      if (!measure) return noticeCard(locale, 'stale');
      const reader = await readerOf(app, turn.uow, request.caller.aadObjectId, measure);
      if (!reader.own)
        return refuse(app, turn, request, isNetworkMember(reader.actor) ? 'not-authorized' : 'not-member');
      return again(refusedProblems(refused, REPORT_FIELDS));
    }
    const outcome = await reportStatus(
      app,
      turn.uow,
      request.caller,
      data.measureId,
      textOf(data.status) ?? '',
      textOf(data.statusText) ?? '',
      request.clickedCard,
    );
    return outcomeCard(
      app,
      turn,
      request,
      outcome,
      (problems) =>
        again(
          Object.fromEntries(Object.entries(problems).map(([f, p]) => [f === 'text' ? 'statusText' : f, p])),
        ),
      'sent',
    );
  }),

  'actionplans.close': act(['measureId'], async (app, turn, request) => {
    const { locale } = request;
    if (request.scope !== 'personal') return noticeCard(locale, 'personalOnly');
    if (turn.duplicate) return measureCardFor(app, turn, request);
    if (request.refused.length > 0) return noticeCard(locale, 'stale');
    const outcome = await closeMeasureFor(
      app,
      turn.uow,
      request.caller,
      request.data.measureId,
      request.clickedCard,
    );
    return outcomeCard(app, turn, request, outcome, async () => noticeCard(locale, 'stale'), 'closedNow');
  }),

  'actionplans.export': {
    mode: 'read',
    reads: ['planId'],
    run: async (app, turn, request) => {
      const { locale, caller } = request;
      if (request.scope !== 'personal') return noticeCard(locale, 'personalOnly');
      const decision = authorizeMeasures(await loadActor(app, turn.uow, caller), { kind: 'measure.manage' });
      if (!decision.allowed) return refuse(app, turn, request, decision.reason);
      if (request.refused.length > 0) return noticeCard(locale, 'stale');
      const target = exportTargetOf(request.data);
      const measures = target ? await measuresOf(turn.uow, target) : undefined;
      if (!target || !measures) return noticeCard(locale, 'stale');
      const today = osloDate(app.now());
      const links = exportLinks(app, target, caller.aadObjectId, locale);
      return renderCard(
        'measure-export',
        {
          title: target.kind === 'all' ? t(locale, `${K}.export.allTitle`) : (measures[0]?.plan ?? ''),
          summary: t(locale, `${K}.export.summary`, {
            measures: measures.length,
            overdue: measures.filter((m) => isOverdue(m, today)).length,
          }),
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
    },
  },
};

function listCardFor(app: AppContext, turn: Turn, request: ActionRequest) {
  const list = measureVerbs['actionplans.list'];
  return list ? list.run(app, turn, request) : Promise.resolve(noticeCard(request.locale, 'stale'));
}

export const measureCommands: readonly CommandSpec[] = [
  {
    name: 'actionplans',
    words: ['tiltak', 'measures', 'handlingsplaner', 'action plans', 'handlingsplan'],
    run: { verb: 'actionplans.list' },
  },
];

export const measureHelp: FeatureHelp = {
  commands: [
    {
      command: 'actionplans',
      key: 'actionplans.help',
      // Any member may own a measure; the UDI coordinator and AUA's deputy see them all.
      audience: (who) => who.isMember,
      order: 64,
    },
  ],
};

export const measureJobs: readonly JobSpec[] = [
  {
    name: 'actionplans',
    run: (app, uow) => runActionplans(app, uow),
    // A new or edited measure may bring a reminder nearer.
    wakeOn: ['measure'],
  },
];

export const measureItemViews = (app: AppContext): ItemViews<Measure> => ({
  kind: 'measure',
  async render(uow, measure, to, { view, banner, superseded }, locale) {
    if (view !== MEASURE_VIEW || to.kind !== 'person') return undefined;
    const lang = pickLocale(locale);
    const reader = await readerOf(app, uow, to.aadObjectId, measure);
    const roster = await loadRoster(app, uow);
    if (!reader.manage && !reader.own) {
      // A party who may neither manage nor report owned it before (only owners and managers get its
      // cards): their card is updated to say who has it now. Someone gone from the network gets nothing.
      if (!isNetworkMember(reader.actor) || measure.owner === to.aadObjectId) return undefined;
      return measureCard(roster, lang, measure, {
        manage: false,
        own: false,
        handedOver: true,
        today: osloDate(app.now()),
      });
    }
    const shown = measureBanner(lang, banner, measure, roster);
    return measureCard(roster, lang, measure, {
      ...(shown ? { banner: shown } : {}),
      manage: reader.manage,
      own: reader.own,
      ...(superseded ? { superseded: true } : {}),
      today: osloDate(app.now()),
    });
  },
});
