/**
 * Guidance requests (veiledningsforespørsler), as a feature: ask, route to the right coordinator by
 * topic, answer in Teams, with inline forms on the card for every step, the lists `mine saker` and
 * `kø`, and the deadline round (reminders and escalation in working days).
 */

import type { AppContext } from '../../app/context.js';
import { contribute } from '../../app/extensions.js';
import type { ActionRequest } from '../../app/feature.js';
import { act, type Feature, read, textOf } from '../../app/feature.js';
import type { ItemViews } from '../../app/live-cards.js';
import type { Turn } from '../../app/turn.js';
import { type Locale, pickLocale } from '../../cards/i18n.js';
import type { UnitOfWork } from '../../store/store.js';
import { noticeCard } from '../../views/cards.js';
import { refuse } from '../../views/refusal.js';
import { OVERVIEW_SOURCE } from '../overview/overview-sources.js';
import {
  type ActResult,
  type AskField,
  actOnGuidance,
  askGuidance,
  GUIDANCE_RECEIPT_VIEW,
  GUIDANCE_VIEW,
  type GuidanceBanner,
  type GuidanceCommand,
  type GuidanceView,
  guidanceQueue,
  guidanceViewFor,
  myGuidanceRequests,
  ownGuidanceRequest,
  runGuidanceDeadlines,
  showGuidance,
  startGuidance,
} from './guidance.js';
import { relatedClarifications } from './guidance-extensions.js';
import { guidanceOnOverview } from './guidance-overview.js';
import type { GuidanceRequest } from './guidance-requests.js';
import { GUIDANCE_SETTINGS } from './guidance-settings.js';
import { GUIDANCE_STORE } from './guidance-store.js';
import {
  guidanceFormCard,
  guidanceItemCard,
  guidanceListCard,
  guidanceReceiptCard,
  type ListId,
} from './guidance-views.js';

const ASK_FIELDS = [
  'topicId',
  'askerDepartment',
  'origin',
  'externalSource',
  'urgency',
  'question',
  'principled',
] as const satisfies readonly AskField[];

/** A guidance step reads the request id and its form's fields. */
const step = (...fields: string[]) => ['requestId', ...fields];

const LIST_IDS: readonly ListId[] = ['none', 'mine', 'queue', 'all'];

/** The list a card was opened from, from card data (anything else: none). */
function listIdOf(data: Record<string, unknown>): ListId {
  return LIST_IDS.find((id) => id === data.listId) ?? 'none';
}

/** One step on a guidance request: act, then show the caller's card as it is now. */
async function guidanceStep(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
  command: (data: Record<string, unknown>) => GuidanceCommand,
) {
  const { caller, locale, data, refused } = request;
  const requestId = textOf(data.requestId) ?? '';
  const listId = listIdOf(data);
  const now = app.now().getTime();
  if (turn.duplicate) {
    const current = await showGuidance(app, turn.uow, caller, requestId);
    return current.ok ? guidanceItemCard(locale, current.view, now, { listId }) : noticeCard(locale, 'stale');
  }
  const result: ActResult = await actOnGuidance(
    app,
    turn.uow,
    caller,
    requestId,
    command(data),
    refused.filter((field) => field !== 'requestId'),
  );
  if (result.ok) return guidanceItemCard(locale, result.view, now, { listId });
  if (result.error === 'invalid')
    return guidanceItemCard(locale, result.view, now, {
      listId,
      ...(result.form ? { form: result.form } : {}),
      ...(result.problem ? { problem: result.problem } : {}),
    });
  if (result.error === 'not-found') return noticeCard(locale, 'stale');
  return refuse(app, turn, request, result.error);
}

/** Earlier clarifications that look related to a request's question (from other features). */
function relatedTo(app: AppContext, uow: UnitOfWork, request: GuidanceRequest, locale: Locale) {
  return relatedClarifications(app, uow, { text: request.question, topicId: request.topicId }, locale);
}

/** How a guidance request's cards look when the outbox sends them: each party's own view. */
const guidanceItems = (app: AppContext): ItemViews<GuidanceRequest> => ({
  kind: 'guidance',
  async render(uow, request, to, { view, banner, superseded }, locale) {
    if (to.kind !== 'person') return undefined;
    if (view === GUIDANCE_RECEIPT_VIEW) {
      // The asker's receipt as the request is now: who has it, and where it stands.
      const receipt = await ownGuidanceRequest(
        app,
        uow,
        { aadObjectId: to.aadObjectId, displayName: '' },
        request.id,
      );
      if (!receipt) return undefined;
      const lang = pickLocale(locale);
      return guidanceReceiptCard(lang, request, receipt.topicName, receipt.assigneeName, {
        showState: true,
        ...(superseded ? { superseded: true } : {}),
        related: await relatedTo(app, uow, request, lang),
      });
    }
    if (view !== GUIDANCE_VIEW) return undefined;
    const model = await guidanceViewFor(app, uow, request, to.aadObjectId);
    // A card superseded by a newer one to the same person: as it is now, without buttons.
    // A watcher's card always says why they have it (the explanation is not news that goes stale).
    const why =
      (banner as GuidanceBanner | undefined) ?? (model.viewer === 'watcher' ? 'watching' : undefined);
    const shown: GuidanceView = superseded
      ? { ...model, actions: [], forwardChoices: [], banner: 'superseded' }
      : { ...model, ...(why ? { banner: why } : {}) };
    return guidanceItemCard(pickLocale(locale), shown, app.now().getTime());
  },
});

export const guidanceFeature: Feature = {
  name: 'guidance',
  verbs: {
    'guidance.start': read(async (app, turn, request) => {
      const { caller, locale, scope, data } = request;
      if (scope !== 'personal') return noticeCard(locale, 'personalOnly');
      const result = await startGuidance(app, turn.uow, caller, textOf(data.question));
      return result.ok ? guidanceFormCard(locale, result.form) : refuse(app, turn, request, result.error);
    }),

    'guidance.submit': act(ASK_FIELDS, async (app, turn, request) => {
      const { caller, locale, data, refused } = request;
      if (turn.duplicate) {
        const own = turn.recorded
          ? await ownGuidanceRequest(app, turn.uow, caller, turn.recorded)
          : undefined;
        return own
          ? guidanceReceiptCard(locale, own.request, own.topicName, own.assigneeName, {
              related: await relatedTo(app, turn.uow, own.request, locale),
            })
          : noticeCard(locale, 'stale');
      }
      const result = await askGuidance(
        app,
        turn.uow,
        caller,
        {
          topicId: data.topicId,
          askerDepartment: data.askerDepartment,
          origin: data.origin,
          externalSource: data.externalSource,
          urgency: data.urgency,
          question: data.question,
          principled: data.principled,
        },
        refused as AskField[],
        request.clickedCard ? { receipt: request.clickedCard } : {},
      );
      if (result.ok) {
        await turn.record(result.request.id);
        return guidanceReceiptCard(locale, result.request, result.topicName, result.assigneeName, {
          related: await relatedTo(app, turn.uow, result.request, locale),
        });
      }
      if ('form' in result) return guidanceFormCard(locale, result.form);
      return refuse(app, turn, request, result.error);
    }),

    'guidance.show': read(async (app, turn, request) => {
      const result = await showGuidance(app, turn.uow, request.caller, textOf(request.data.requestId) ?? '');
      if (result.ok)
        return guidanceItemCard(request.locale, result.view, app.now().getTime(), {
          listId: listIdOf(request.data),
        });
      return result.error === 'not-found'
        ? noticeCard(request.locale, 'stale')
        : refuse(app, turn, request, result.error);
    }),

    'guidance.take': act(step(), (app, turn, request) =>
      guidanceStep(app, turn, request, () => ({ kind: 'take' })),
    ),
    'guidance.answer': act(step('answerText'), (app, turn, request) =>
      guidanceStep(app, turn, request, (d) => ({ kind: 'answer', text: textOf(d.answerText) ?? '' })),
    ),
    'guidance.askInfo': act(step('infoText'), (app, turn, request) =>
      guidanceStep(app, turn, request, (d) => ({ kind: 'ask-for-info', text: textOf(d.infoText) ?? '' })),
    ),
    'guidance.provideInfo': act(step('provideText'), (app, turn, request) =>
      guidanceStep(app, turn, request, (d) => ({ kind: 'provide-info', text: textOf(d.provideText) ?? '' })),
    ),
    'guidance.forward': act(step('forwardTo', 'forwardReason'), (app, turn, request) =>
      guidanceStep(app, turn, request, (d) => ({
        kind: 'forward',
        to: textOf(d.forwardTo) ?? '',
        reason: textOf(d.forwardReason) ?? '',
      })),
    ),
    'guidance.escalate': act(step('escalateReason'), (app, turn, request) =>
      guidanceStep(app, turn, request, (d) => ({ kind: 'escalate', reason: textOf(d.escalateReason) ?? '' })),
    ),
    'guidance.close': act(step('closeReason'), (app, turn, request) =>
      guidanceStep(app, turn, request, (d) => ({ kind: 'close', reason: textOf(d.closeReason) ?? '' })),
    ),
    'guidance.helpful': act(step(), (app, turn, request) =>
      guidanceStep(app, turn, request, () => ({ kind: 'mark-helpful' })),
    ),
    'guidance.followUp': act(step('followUpText'), (app, turn, request) =>
      guidanceStep(app, turn, request, (d) => ({ kind: 'follow-up', text: textOf(d.followUpText) ?? '' })),
    ),

    'guidance.mine': read(async (app, turn, request) => {
      const result = await myGuidanceRequests(app, turn.uow, request.caller);
      return result.ok
        ? guidanceListCard(request.locale, 'mine', result.lists, app.now().getTime())
        : refuse(app, turn, request, result.error);
    }),

    'guidance.queue': read(async (app, turn, request) => {
      const result = await guidanceQueue(app, turn.uow, request.caller);
      return result.ok
        ? guidanceListCard(request.locale, result.all ? 'all' : 'queue', result.lists, app.now().getTime())
        : refuse(app, turn, request, result.error);
    }),
  },
  commands: [
    {
      name: 'ask',
      words: ['ask', 'spør', 'spor', 'still et spørsmål', 'ask a question', 'veiledning'],
      textKey: 'question',
      run: { verb: 'guidance.start' },
    },
    {
      name: 'mine',
      words: ['mine saker', 'my questions', 'my requests', 'mine', 'mine spørsmål'],
      run: { verb: 'guidance.mine' },
    },
    { name: 'queue', words: ['kø', 'queue', 'køen', 'min kø', 'my queue'], run: { verb: 'guidance.queue' } },
  ],
  help: {
    commands: [
      { command: 'ask', key: 'guidance.help.commands.ask', audience: (w) => w.isMember, order: 30 },
      { command: 'mine', key: 'guidance.help.commands.mine', audience: (w) => w.isMember, order: 40 },
      {
        // Administrators see every open question in the queue.
        command: 'queue',
        key: 'guidance.help.commands.queue',
        audience: (w) => w.isMember || w.isAdmin,
        order: 50,
      },
    ],
    buttons: [
      {
        // Asking happens in the personal chat.
        verb: 'guidance.start',
        titleKey: 'guidance.help.actions.ask',
        style: 'positive',
        audience: (w) => w.isMember && w.scope === 'personal',
        order: 20,
      },
    ],
  },
  items: (app) => [guidanceItems(app) as ItemViews],
  jobs: [{ name: 'guidance-deadlines', run: (app, uow) => runGuidanceDeadlines(app, uow) }],
  store: GUIDANCE_STORE,
  settings: GUIDANCE_SETTINGS,
  contributes: [contribute(OVERVIEW_SOURCE, guidanceOnOverview)],
};
