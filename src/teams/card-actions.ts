/**
 * The Action.Execute router: one handler per verb, each returning the card that replaces the one
 * the person clicked. Authorization happens in the use cases (through the policy module) from the
 * caller's AAD object id; card data is read only for ids and form values.
 */
import type { AppContext, Caller } from '../app/context.js';
import { deliveryStatus, retryDeadLetters } from '../app/delivery.js';
import {
  actOnGuidance,
  askGuidance,
  type GuidanceCommand,
  guidanceQueue,
  myGuidanceRequests,
  showGuidance,
  startGuidance,
} from '../app/guidance.js';
import { currentApproval, decideJoin, startJoin, submitJoin } from '../app/join.js';
import { describeCaller, listMembers } from '../app/members.js';
import { setNetworkChannel } from '../app/network-channel.js';
import { editUnits, saveUnits } from '../app/units.js';
import { type Locale, t } from '../cards/i18n.js';
import type { AdaptiveCardJson } from '../cards/render.js';
import { isVerb, type Verb } from '../cards/verbs.js';
import type { ChannelKey } from '../store/store.js';
import {
  deliveryCard,
  helpCard,
  joinApprovalCard,
  joinFormCard,
  joinReceiptCard,
  membersCard,
  noticeCard,
  refusalCard,
  type Scope,
  unitsEditorCard,
} from '../views/cards.js';
import {
  guidanceFormCard,
  guidanceItemCard,
  guidanceListCard,
  guidanceReceiptCard,
} from '../views/guidance.js';

export interface ActionRequest {
  caller: Caller;
  locale: Locale;
  scope: Scope;
  channel?: ChannelKey;
  /** The card's data merged with its inputs (untrusted). */
  data: Record<string, unknown>;
  /** True when Teams resent an activity that was already handled: show the current state, act on nothing. */
  duplicate: boolean;
}

type Handler = (app: AppContext, request: ActionRequest) => Promise<AdaptiveCardJson>;

const HANDLERS: Record<Verb, Handler> = {
  'help.show': async (app, { caller, locale, scope }) =>
    helpCard(locale, await describeCaller(app, caller), scope),

  'join.start': async (app, { caller, locale, scope }) => {
    if (scope !== 'personal') return noticeCard(locale, 'personalOnly');
    const started = await startJoin(app, caller);
    if (started.ok) return joinFormCard(locale, started.form);
    if (started.error === 'already-pending')
      return noticeCard(locale, 'alreadyPending', { reference: started.reference });
    return refusalCard(locale, started.error);
  },

  'join.submit': async (app, { caller, locale, data, duplicate }) => {
    if (duplicate) return noticeCard(locale, 'stale');
    const result = await submitJoin(app, caller, {
      role: data.role,
      department: data.department,
      unitId: data.unitId,
    });
    if (!result.ok) return joinFormCard(locale, result.form);
    return joinReceiptCard(locale, result.request.reference, result.view);
  },

  'join.approve': (app, request) => decide(app, request, 'approve'),
  'join.decline': (app, request) => decide(app, request, 'decline'),

  'members.show': async (app, { caller, locale }) => {
    const result = await listMembers(app, caller);
    if (!result.ok) return refusalCard(locale, result.error);
    return membersCard(locale, result.people, result.units);
  },

  'channel.setNetwork': async (app, { caller, locale, scope, channel }) => {
    if (scope !== 'team' || !channel) return noticeCard(locale, 'channelOnlyInTeam');
    const result = await setNetworkChannel(app, caller, channel);
    if (!result.ok) return refusalCard(locale, result.error);
    return noticeCard(locale, 'channelSet');
  },

  'delivery.show': async (app, { caller, locale }) => {
    const result = await deliveryStatus(app, caller);
    if (!result.ok) return refusalCard(locale, result.error);
    return deliveryCard(locale, result.status, app.now().getTime());
  },

  'delivery.retry': async (app, { caller, locale, duplicate }) => {
    if (duplicate) return noticeCard(locale, 'stale');
    const result = await retryDeadLetters(app, caller);
    if (!result.ok) return refusalCard(locale, result.error);
    if (result.count === 0) return noticeCard(locale, 'nothingToRetry');
    return noticeCard(locale, 'deliveryRetried', { count: result.count });
  },

  'guidance.start': async (app, { caller, locale, scope }) => {
    if (scope !== 'personal') return noticeCard(locale, 'personalOnly');
    const result = await startGuidance(app, caller);
    return result.ok ? guidanceFormCard(locale, result.form) : refusalCard(locale, result.error);
  },

  'guidance.submit': async (app, { caller, locale, data, duplicate }) => {
    if (duplicate) return noticeCard(locale, 'stale');
    const result = await askGuidance(app, caller, data);
    if (result.ok) return guidanceReceiptCard(locale, result.request, result.topicName, result.assigneeName);
    if ('form' in result) {
      return result.form.error === 'no-assignee'
        ? noticeCard(locale, 'noAssignee')
        : guidanceFormCard(locale, result.form);
    }
    return result.error === 'privacy' ? noticeCard(locale, 'privacy') : refusalCard(locale, result.error);
  },

  'guidance.show': async (app, { caller, locale, data }) => {
    const result = await showGuidance(app, caller, idOf(data));
    if (result.ok) return guidanceItemCard(locale, result.view, app.now().getTime());
    return result.error === 'not-found' ? noticeCard(locale, 'stale') : refusalCard(locale, result.error);
  },

  'guidance.take': (app, request) => guidanceStep(app, request, () => ({ kind: 'take' })),
  'guidance.answer': (app, request) =>
    guidanceStep(app, request, (d) => ({ kind: 'answer', text: textOf(d.answerText) })),
  'guidance.askInfo': (app, request) =>
    guidanceStep(app, request, (d) => ({ kind: 'ask-for-info', text: textOf(d.infoText) })),
  'guidance.provideInfo': (app, request) =>
    guidanceStep(app, request, (d) => ({ kind: 'provide-info', text: textOf(d.provideText) })),
  'guidance.forward': (app, request) =>
    guidanceStep(app, request, (d) => ({
      kind: 'forward',
      to: textOf(d.forwardTo),
      reason: textOf(d.forwardReason),
    })),
  'guidance.escalate': (app, request) =>
    guidanceStep(app, request, (d) => ({ kind: 'escalate', reason: textOf(d.escalateReason) })),
  'guidance.close': (app, request) =>
    guidanceStep(app, request, (d) => ({ kind: 'close', reason: textOf(d.closeReason) })),
  'guidance.helpful': (app, request) => guidanceStep(app, request, () => ({ kind: 'mark-helpful' })),
  'guidance.followUp': (app, request) =>
    guidanceStep(app, request, (d) => ({ kind: 'follow-up', text: textOf(d.followUpText) })),

  'guidance.mine': async (app, { caller, locale }) => {
    const result = await myGuidanceRequests(app, caller);
    return result.ok
      ? guidanceListCard(locale, 'mine', result.lists, app.now().getTime())
      : refusalCard(locale, result.error);
  },

  'guidance.queue': async (app, { caller, locale }) => {
    const result = await guidanceQueue(app, caller);
    return result.ok
      ? guidanceListCard(locale, result.all ? 'all' : 'queue', result.lists, app.now().getTime())
      : refusalCard(locale, result.error);
  },

  'units.edit': async (app, { caller, locale, scope }) => {
    if (scope !== 'personal') return noticeCard(locale, 'personalOnly');
    const result = await editUnits(app, caller);
    if (!result.ok) return refusalCard(locale, result.error);
    return unitsEditorCard(locale, result.texts);
  },

  'units.save': async (app, { caller, locale, data }) => {
    const result = await saveUnits(app, caller, data);
    if (result.ok) return noticeCard(locale, 'unitsSaved');
    if (result.error === 'privacy') return noticeCard(locale, 'privacy');
    if (result.error === 'invalid') return unitsEditorCard(locale, result.texts, result.problem);
    return refusalCard(locale, result.error);
  },
};

async function decide(app: AppContext, request: ActionRequest, decision: 'approve' | 'decline') {
  const { caller, locale, data } = request;
  const requestId = typeof data.requestId === 'string' ? data.requestId : '';
  if (request.duplicate) {
    const current = await currentApproval(app, requestId);
    return current ? joinApprovalCard(locale, current) : noticeCard(locale, 'stale');
  }
  const result = await decideJoin(app, caller, requestId, decision);
  if (result.ok) return joinApprovalCard(locale, result.model);
  if (result.error === 'not-found') return noticeCard(locale, 'stale');
  if (result.error === 'already-decided') return joinApprovalCard(locale, result.model);
  return refusalCard(locale, result.error);
}

function idOf(data: Record<string, unknown>): string {
  return typeof data.requestId === 'string' ? data.requestId : '';
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** One step on a guidance request: act, then show the caller's card as it is now. */
async function guidanceStep(
  app: AppContext,
  { caller, locale, data, duplicate }: ActionRequest,
  command: (data: Record<string, unknown>) => GuidanceCommand,
) {
  const requestId = idOf(data);
  if (duplicate) {
    const current = await showGuidance(app, caller, requestId);
    return current.ok
      ? guidanceItemCard(locale, current.view, app.now().getTime())
      : noticeCard(locale, 'stale');
  }
  const result = await actOnGuidance(app, caller, requestId, command(data));
  if (result.ok) return guidanceItemCard(locale, result.view, app.now().getTime());
  if (result.error === 'invalid') {
    if (result.problem.kind === 'not-allowed-in-state' && result.problem.state === 'closed') {
      return noticeCard(locale, 'guidanceClosed');
    }
    return guidanceItemCard(
      locale,
      { ...result.view, banner: undefined },
      app.now().getTime(),
      t(locale, `guidance.errors.${result.problem.kind}`),
    );
  }
  if (result.error === 'privacy') return noticeCard(locale, 'privacy');
  if (result.error === 'not-found') return noticeCard(locale, 'stale');
  if (result.error === 'no-udi-coordinator') return noticeCard(locale, 'noAssignee');
  return refusalCard(locale, result.error);
}

/** Runs the handler for a verb; an unknown verb gets a notice, never an exception. */
export async function executeCardAction(app: AppContext, verb: unknown, request: ActionRequest) {
  if (!isVerb(verb)) return { known: false, card: noticeCard(request.locale, 'unknownAction') } as const;
  return { known: true, card: await HANDLERS[verb](app, request) } as const;
}
