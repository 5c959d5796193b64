/**
 * The yearly duties on cards.
 *
 * - `duties.overview` (read): the UDI coordinator's (or AUA's deputy's) yearly duties: open a round,
 *   the latest rounds, the deletion tasks not done, when the MH code was last deleted.
 * - `duties.openRound` (act; year, deadline): opens a round; each department coordinator is asked.
 * - `duties.round` (read; roundId): who has answered and the compiled input.
 * - `duties.closeRound` (act; roundId), `duties.publish` (act; roundId, publishedOn): close the round;
 *   record that KOM's report is published (the MH-code deletion task is created).
 * - `duties.export` (read; roundId): the compiled input as Markdown and CSV behind signed links.
 * - `duties.input` (read; inputId, modeId), `duties.submitInput` (act; inputId, text, OPA's figures):
 *   a department's input, its form while the round is open.
 * - `duties.deletionDone` (act; deletionId): the MH-code deletion task marked done.
 *
 * Every verb answers in a personal chat only.
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
import { formatDate, type Locale, pickLocale, t } from '../../cards/i18n.js';
import { featureNoticeData } from '../../cards/notice.js';
import { type AdaptiveCardJson, renderCard } from '../../cards/render.js';
import type { Person } from '../../domain/roster.js';
import { osloDate } from '../../domain/working-days.js';
import type { UnitOfWork } from '../../store/store.js';
import { noticeCard } from '../../views/cards.js';
import { refuse } from '../../views/refusal.js';
import {
  closeKomRound,
  DELETION_VIEW,
  type DutyOutcome,
  INPUT_VIEW,
  inputDraftFrom,
  markDeletionDone,
  openKomRound,
  ROUND_VIEW,
  recordPublication,
  roundDraftFrom,
  submitKomInput,
} from './duties.js';
import type { DutyBanner } from './duties-card-data.js';
import { runDuties } from './duties-jobs.js';
import { compiledRound, exportLinks } from './duties-links.js';
import { authorizeDuties } from './duties-policy.js';
import { dutiesIn } from './duties-store.js';
import { deletionCard, dutyBanner, exportCard, inputCard, overviewCard, roundCard } from './duties-views.js';
import { FIGURE_FIELDS, KOM_DEPARTMENTS, type KomInput, type KomRound } from './kom-rounds.js';
import type { MhDeletion } from './mh-deletions.js';

const K = 'duties';
const good = (text: string): DutyBanner => ({ text, style: 'good' });
const warn = (text: string): DutyBanner => ({ text, style: 'warning' });

async function actorOf(app: AppContext, uow: UnitOfWork, aadObjectId: string): Promise<Person | undefined> {
  return loadActor(app, uow, { aadObjectId, displayName: '' });
}
const mayManage = (actor: Person | undefined) => authorizeDuties(actor, { kind: 'duties.manage' }).allowed;

/** A refusal, a stale card, or (for a rule or a form problem) the caller's card again. */
async function failed(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
  outcome: Exclude<DutyOutcome<unknown>, { ok: true }>,
  again: (banner?: DutyBanner, problems?: Record<string, string>) => Promise<AdaptiveCardJson>,
): Promise<AdaptiveCardJson> {
  if ('refusal' in outcome) return refuse(app, turn, request, outcome.refusal);
  if ('missing' in outcome) return noticeCard(request.locale, 'stale');
  if ('problems' in outcome) return again(undefined, outcome.problems);
  return again(warn(t(request.locale, `${K}.problems.rules.${outcome.problem}`)));
}

/** A form problem's text: `duties.problems.<field>.<problem>` (the figures share `figure`). */
const problemText = (locale: Locale, field: string, problem: string) =>
  t(locale, `${K}.problems.${FIGURE_FIELDS.includes(field) ? 'figure' : field}.${problem}`);
const problemTexts = (locale: Locale, problems: Record<string, string>) =>
  Object.fromEntries(Object.entries(problems).map(([k, v]) => [k, problemText(locale, k, v)]));

// ---- the overview ---------------------------------------------------------------------------------------

async function overviewFor(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
  options: Parameters<typeof overviewCard>[3] = {},
): Promise<AdaptiveCardJson> {
  if (!mayManage(await actorOf(app, turn.uow, request.caller.aadObjectId))) {
    const decision = authorizeDuties(await actorOf(app, turn.uow, request.caller.aadObjectId), {
      kind: 'duties.manage',
    });
    return refuse(app, turn, request, decision.allowed ? 'not-authorized' : decision.reason);
  }
  return overviewCard(turn.uow, request.locale, app.now(), options);
}

// ---- a round --------------------------------------------------------------------------------------------

async function roundFor(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
  options: { banner?: DutyBanner; publish?: { value: string; error?: string } } = {},
): Promise<AdaptiveCardJson> {
  const id = textOf(request.data.roundId);
  const round = id ? await dutiesIn(turn.uow).roundById(id) : undefined;
  if (!round) return noticeCard(request.locale, 'stale');
  const actor = await actorOf(app, turn.uow, request.caller.aadObjectId);
  const decision = authorizeDuties(actor, { kind: 'duties.manage' });
  if (!decision.allowed) return refuse(app, turn, request, decision.reason);
  return roundCard(turn.uow, request.locale, round, {
    manager: true,
    today: osloDate(app.now()),
    ...options,
  });
}

// ---- an input -------------------------------------------------------------------------------------------

/** What was typed into the input form (strings only). */
function typedInput(data: Record<string, unknown>): { text: string; figures: Record<string, string> } {
  const figures: Record<string, string> = {};
  for (const field of FIGURE_FIELDS)
    if (typeof data[field] === 'string' || typeof data[field] === 'number')
      figures[field] = String(data[field]);
  return { text: typeof data.text === 'string' ? data.text : '', figures };
}

async function inputReader(app: AppContext, uow: UnitOfWork, aadObjectId: string, input: KomInput) {
  const actor = await actorOf(app, uow, aadObjectId);
  const round = await dutiesIn(uow).round(input.year);
  const lead = authorizeDuties(actor, { kind: 'duties.submit', department: input.department }).allowed;
  const reader = authorizeDuties(actor, { kind: 'duties.readInput', department: input.department });
  return { actor, round, lead, reader, mayAnswer: lead && round?.state === 'open' };
}

async function inputFor(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
  options: {
    banner?: DutyBanner;
    edit?: boolean;
    values?: { text: string; figures: Record<string, string> };
    errors?: Record<string, string>;
  } = {},
): Promise<AdaptiveCardJson> {
  const id = textOf(request.data.inputId);
  const input = id ? await dutiesIn(turn.uow).inputById(id) : undefined;
  if (!input) return noticeCard(request.locale, 'stale');
  const who = await inputReader(app, turn.uow, request.caller.aadObjectId, input);
  if (!who.reader.allowed) return refuse(app, turn, request, who.reader.reason);
  const hasErrors = !!options.errors && Object.keys(options.errors).length > 0;
  return inputCard(turn.uow, request.locale, input, who.round, {
    ...(options.banner ? { banner: options.banner } : {}),
    mayAnswer: who.mayAnswer,
    formOpen: input.state === 'requested' || options.edit === true || hasErrors,
    ...(options.values ? { values: options.values } : {}),
    ...(hasErrors ? { errors: options.errors } : {}),
  });
}

const SUBMIT_FIELDS = ['text', ...FIGURE_FIELDS] as const;

// ---- the verbs ------------------------------------------------------------------------------------------

const personal =
  (run: VerbSpec['run']): VerbSpec['run'] =>
  (app, turn, request) =>
    request.scope !== 'personal'
      ? Promise.resolve(noticeCard(request.locale, 'personalOnly'))
      : run(app, turn, request);

export const dutyVerbs: Readonly<Record<string, VerbSpec>> = {
  'duties.overview': read(personal((app, turn, request) => overviewFor(app, turn, request))),

  'duties.openRound': act(
    ['year', 'deadline'],
    personal(async (app, turn, request) => {
      const { locale, refused } = request;
      const typed = roundDraftFrom(request.data);
      if (turn.duplicate) return overviewFor(app, turn, request);
      if (refused.length > 0)
        return overviewFor(app, turn, request, {
          form: {
            year: refused.includes('year') ? '' : typed.year,
            deadline: refused.includes('deadline') ? '' : typed.deadline,
            errors: Object.fromEntries(refused.map((k) => [k, t(locale, `${K}.problems.rules.refused`)])),
          },
        });
      const outcome = await openKomRound(app, turn.uow, request.caller, typed, request.clickedCard);
      if (outcome.ok)
        return roundCard(turn.uow, locale, outcome.value, {
          manager: true,
          today: osloDate(app.now()),
          banner: good(t(locale, `${K}.banners.opened`, { year: outcome.value.year })),
        });
      return failed(app, turn, request, outcome, (banner, problems) =>
        overviewFor(app, turn, request, {
          ...(banner ? { banner } : {}),
          form: { ...typed, errors: problems ? problemTexts(locale, problems) : {} },
        }),
      );
    }),
  ),

  'duties.round': read(personal((app, turn, request) => roundFor(app, turn, request))),

  'duties.closeRound': act(
    ['roundId'],
    personal(async (app, turn, request) => {
      if (turn.duplicate) return roundFor(app, turn, request);
      if (request.refused.length > 0) return noticeCard(request.locale, 'stale');
      const outcome = await closeKomRound(
        app,
        turn.uow,
        request.caller,
        request.data.roundId,
        request.clickedCard,
      );
      if (outcome.ok)
        return roundFor(app, turn, request, { banner: good(t(request.locale, `${K}.banners.closed`)) });
      return failed(app, turn, request, outcome, (banner) =>
        roundFor(app, turn, request, banner ? { banner } : {}),
      );
    }),
  ),

  'duties.publish': act(
    ['roundId', 'publishedOn'],
    personal(async (app, turn, request) => {
      const { locale, refused } = request;
      if (turn.duplicate) return roundFor(app, turn, request);
      if (refused.includes('roundId')) return noticeCard(locale, 'stale');
      if (refused.length > 0)
        return roundFor(app, turn, request, {
          publish: { value: '', error: t(locale, `${K}.problems.rules.refused`) },
        });
      const typed = textOf(request.data.publishedOn) ?? '';
      const outcome = await recordPublication(
        app,
        turn.uow,
        request.caller,
        request.data.roundId,
        typed,
        request.clickedCard,
      );
      if (outcome.ok)
        return roundFor(app, turn, request, {
          banner: good(t(locale, `${K}.banners.published`, { reference: outcome.value.deletion.reference })),
        });
      return failed(app, turn, request, outcome, (banner, problems) =>
        roundFor(app, turn, request, {
          ...(banner ? { banner } : {}),
          ...(problems?.publishedOn
            ? { publish: { value: typed, error: problemText(locale, 'publishedOn', problems.publishedOn) } }
            : {}),
        }),
      );
    }),
  ),

  'duties.export': read(
    personal(async (app, turn, request) => {
      const id = textOf(request.data.roundId);
      const round = id ? await dutiesIn(turn.uow).roundById(id) : undefined;
      if (!round) return noticeCard(request.locale, 'stale');
      const decision = authorizeDuties(await actorOf(app, turn.uow, request.caller.aadObjectId), {
        kind: 'duties.manage',
      });
      if (!decision.allowed) return refuse(app, turn, request, decision.reason);
      const compiled = await compiledRound(turn.uow, round);
      return exportCard(
        request.locale,
        round,
        compiled.inputs.filter((i) => i.state === 'submitted').length,
        exportLinks(app, round.year, request.caller.aadObjectId, request.locale),
      );
    }),
  ),

  'duties.input': read(
    personal((app, turn, request) => inputFor(app, turn, request, { edit: request.data.modeId === 'edit' })),
  ),

  'duties.submitInput': act(
    ['inputId', ...SUBMIT_FIELDS],
    personal(async (app, turn, request) => {
      const { locale, refused } = request;
      if (turn.duplicate) return inputFor(app, turn, request);
      if (refused.includes('inputId')) return noticeCard(locale, 'stale');
      const values = typedInput(request.data);
      if (refused.length > 0) {
        for (const key of refused) {
          if (key === 'text') values.text = '';
          else delete values.figures[key];
        }
        return inputFor(app, turn, request, {
          values,
          errors: Object.fromEntries(refused.map((k) => [k, t(locale, `${K}.problems.rules.refused`)])),
        });
      }
      const outcome = await submitKomInput(
        app,
        turn.uow,
        request.caller,
        request.data.inputId,
        inputDraftFrom(request.data, FIGURE_FIELDS),
        request.clickedCard,
      );
      if (outcome.ok) return inputFor(app, turn, request, { banner: good(t(locale, `${K}.banners.sent`)) });
      return failed(app, turn, request, outcome, (banner, problems) =>
        inputFor(app, turn, request, {
          ...(banner ? { banner } : {}),
          ...(problems ? { values, errors: problemTexts(locale, problems) } : {}),
        }),
      );
    }),
  ),

  'duties.deletionDone': act(
    ['deletionId'],
    personal(async (app, turn, request) => {
      const { locale } = request;
      const again = async (banner?: DutyBanner) => {
        const id = textOf(request.data.deletionId);
        const task = id ? await dutiesIn(turn.uow).deletionById(id) : undefined;
        if (!task) return noticeCard(locale, 'stale');
        const actor = await actorOf(app, turn.uow, request.caller.aadObjectId);
        const decision = authorizeDuties(actor, { kind: 'duties.manage' });
        if (!decision.allowed) return refuse(app, turn, request, decision.reason);
        return deletionCard(locale, task, { manager: true, ...(banner ? { banner } : {}) });
      };
      if (turn.duplicate) return again();
      if (request.refused.length > 0) return noticeCard(locale, 'stale');
      const outcome = await markDeletionDone(
        app,
        turn.uow,
        request.caller,
        request.data.deletionId,
        request.clickedCard,
      );
      if (outcome.ok) return again(good(t(locale, `${K}.banners.deletionDone`)));
      return failed(app, turn, request, outcome, (banner) => again(banner));
    }),
  ),
};

// ---- commands and help ----------------------------------------------------------------------------------

/** `innspill til KOM`: the caller's departments' inputs in open rounds (or a notice that there is none). */
async function myInputs(app: AppContext, turn: Turn, request: ActionRequest): Promise<AdaptiveCardJson[]> {
  const { locale } = request;
  if (request.scope !== 'personal') return [noticeCard(locale, 'personalOnly')];
  const actor = await actorOf(app, turn.uow, request.caller.aadObjectId);
  const duties = dutiesIn(turn.uow);
  const cards: AdaptiveCardJson[] = [];
  for (const round of await duties.openRounds())
    for (const department of KOM_DEPARTMENTS) {
      if (!authorizeDuties(actor, { kind: 'duties.submit', department }).allowed) continue;
      const input = await duties.input(round.year, department);
      if (!input) continue;
      cards.push(
        await inputCard(turn.uow, locale, input, round, {
          mayAnswer: true,
          formOpen: input.state === 'requested',
        }),
      );
    }
  if (cards.length > 0) return cards;
  if (
    !KOM_DEPARTMENTS.some(
      (department) => authorizeDuties(actor, { kind: 'duties.submit', department }).allowed,
    )
  )
    return [
      await refuse(
        app,
        turn,
        request,
        authorizeDuties(actor, { kind: 'duties.manage' }).allowed
          ? 'not-authorized'
          : actor?.roles.some((r) => r.kind !== 'admin')
            ? 'not-authorized'
            : 'not-member',
      ),
    ];
  return [renderCard('notice', featureNoticeData(locale, `${K}.notices.noInput`), locale)];
}

export const dutyCommands: readonly CommandSpec[] = [
  {
    name: 'duties',
    words: ['årlige oppgaver', 'yearly duties', 'årsoppgaver', 'kom-rapportering', 'kom reporting'],
    run: { verb: 'duties.overview' },
  },
  {
    name: 'kom-input',
    words: ['innspill til kom', 'kom input', 'kom-innspill', 'innspill kom'],
    run: { mode: 'read', cards: myInputs },
  },
];

export const dutyHelp: FeatureHelp = {
  commands: [
    {
      command: 'duties',
      key: 'duties.help.duties',
      // The UDI coordinator and AUA's deputy use it; the help card knows coordinators only.
      audience: (who) => who.isCoordinator,
      order: 64,
    },
    {
      command: 'kom-input',
      key: 'duties.help.komInput',
      audience: (who) => who.isCoordinator,
      order: 65,
    },
  ],
};

export const dutyJobs: readonly JobSpec[] = [
  { name: 'duties', run: (app, uow) => runDuties(app, uow), wakeOn: ['kom-round', 'mh-deletion'] },
];

// ---- the cards the outbox sends -------------------------------------------------------------------------

const roundViews = (app: AppContext): ItemViews<KomRound> => ({
  kind: 'kom-round',
  async render(uow, round, to, { view, banner, superseded }, locale) {
    if (view !== ROUND_VIEW || to.kind !== 'person') return undefined;
    const lang = pickLocale(locale);
    if (!mayManage(await actorOf(app, uow, to.aadObjectId))) return undefined;
    const inputs = await dutiesIn(uow).inputsOf(round.year);
    const missing = inputs
      .filter((i) => i.state !== 'submitted')
      .map((i) => t(lang, `department.${i.department}`))
      .join(', ');
    const shown = dutyBanner(lang, banner, { year: round.year, departments: missing });
    return roundCard(uow, lang, round, {
      manager: true,
      today: osloDate(app.now()),
      ...(shown ? { banner: shown } : {}),
      ...(superseded ? { superseded: true } : {}),
    });
  },
});

const inputViews = (app: AppContext): ItemViews<KomInput> => ({
  kind: 'kom-input',
  async render(uow, input, to, { view, banner, superseded }, locale) {
    if (view !== INPUT_VIEW || to.kind !== 'person') return undefined;
    const lang = pickLocale(locale);
    const who = await inputReader(app, uow, to.aadObjectId, input);
    if (!who.reader.allowed) return undefined;
    const shown = dutyBanner(lang, banner, {
      year: input.year,
      deadline: formatDate(lang, input.deadline),
    });
    return inputCard(uow, lang, input, who.round, {
      mayAnswer: who.mayAnswer,
      formOpen: input.state === 'requested',
      ...(shown ? { banner: shown } : {}),
      ...(superseded ? { superseded: true } : {}),
    });
  },
});

const deletionViews = (app: AppContext): ItemViews<MhDeletion> => ({
  kind: 'mh-deletion',
  async render(uow, task, to, { view, banner, superseded }, locale) {
    if (view !== DELETION_VIEW || to.kind !== 'person') return undefined;
    const lang = pickLocale(locale);
    if (!mayManage(await actorOf(app, uow, to.aadObjectId))) return undefined;
    const shown = dutyBanner(lang, banner, { year: task.year });
    return deletionCard(lang, task, {
      manager: true,
      ...(shown ? { banner: shown } : {}),
      ...(superseded ? { superseded: true } : {}),
    });
  },
});

export const dutyItemViews = (app: AppContext): ItemViews[] => [
  roundViews(app) as ItemViews,
  inputViews(app) as ItemViews,
  deletionViews(app) as ItemViews,
];
