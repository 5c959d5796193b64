/**
 * Joining the network, as a feature: the join form and receipt, the approval card to the
 * approvers (updated in place once someone decides), the outcome card to the applicant, and the
 * `innmeldinger` command that lists what the caller may still decide.
 */
import { contribute } from '../../app/extensions.js';
import { act, type Feature, read, textOf } from '../../app/feature.js';
import type { ItemViews } from '../../app/live-cards.js';
import { pickLocale } from '../../cards/i18n.js';
import { featureNoticeCard, noticeCard } from '../../views/cards.js';
import { refuse } from '../../views/refusal.js';
import { OVERVIEW_SOURCE } from '../overview/overview-sources.js';
import {
  currentApproval,
  decideJoin,
  type JoinField,
  joinCardModel,
  listDecidableJoinRequests,
  ownJoinRequest,
  startJoin,
  submitJoin,
} from './join.js';
import { joinOnOverview } from './join-overview.js';
import { type JoinRequest, wasBootstrapped } from './join-requests.js';
import { JOIN_STORE } from './join-store.js';
import { joinApprovalCard, joinFormCard, joinOutcomeCard, joinReceiptCard } from './join-views.js';

const JOIN_FIELDS = ['role', 'department', 'unitId'] as const satisfies readonly JoinField[];

const decide = (decision: 'approve' | 'decline') =>
  act(['requestId'], async (app, turn, request) => {
    const { caller, locale, data } = request;
    const requestId = textOf(data.requestId) ?? '';
    if (turn.duplicate) {
      const current = await currentApproval(app, turn.uow, caller, requestId);
      return current ? joinApprovalCard(locale, current) : noticeCard(locale, 'stale');
    }
    const result = await decideJoin(app, turn.uow, caller, requestId, decision);
    if (result.ok) return joinApprovalCard(locale, result.model);
    if (result.error === 'not-found') return noticeCard(locale, 'stale');
    if (result.error === 'already-decided') return joinApprovalCard(locale, result.model);
    return refuse(app, turn, request, result.error);
  });

/** How a join request's cards look when the outbox sends them. */
const joinItems: ItemViews<JoinRequest> = {
  kind: 'join',
  async render(uow, request, _to, { view }, locale) {
    const card = await joinCardModel(uow, request, view);
    if (!card) return undefined;
    return card.view === 'approval'
      ? joinApprovalCard(pickLocale(locale), card.model)
      : joinOutcomeCard(pickLocale(locale), card.model);
  },
};

export const joinFeature: Feature = {
  name: 'join',
  verbs: {
    'join.start': read(async (app, turn, request) => {
      const { caller, locale, scope } = request;
      if (scope !== 'personal') return noticeCard(locale, 'personalOnly');
      const started = await startJoin(app, turn.uow, caller);
      if (started.ok) return joinFormCard(locale, started.form);
      if (started.error === 'already-pending')
        return featureNoticeCard(locale, 'join.notices.alreadyPending', { reference: started.reference });
      return refuse(app, turn, request, started.error);
    }),

    'join.submit': act(JOIN_FIELDS, async (app, turn, { caller, locale, data, refused }) => {
      if (turn.duplicate) {
        const own = turn.recorded ? await ownJoinRequest(turn.uow, caller, turn.recorded) : undefined;
        return own
          ? joinReceiptCard(locale, own.request.reference, own.view, wasBootstrapped(own.request))
          : noticeCard(locale, 'stale');
      }
      const result = await submitJoin(
        app,
        turn.uow,
        caller,
        { role: data.role, department: data.department, unitId: data.unitId },
        refused as JoinField[],
      );
      if (!result.ok) return joinFormCard(locale, result.form);
      await turn.record(result.request.id);
      return joinReceiptCard(locale, result.request.reference, result.view, result.bootstrap);
    }),

    'join.approve': decide('approve'),
    'join.decline': decide('decline'),
  },
  commands: [
    {
      name: 'join',
      words: [
        'join',
        'bli med',
        'blimed',
        'bli medlem',
        'meld inn',
        'meld meg inn',
        'join the network',
        'bli med i nettverket',
      ],
      run: { verb: 'join.start' },
    },
    {
      name: 'requests',
      words: [
        'join requests',
        'requests',
        'pending requests',
        'pending join requests',
        'innmeldinger',
        'forespørsler',
        'søknader',
      ],
      run: {
        mode: 'read',
        async cards(app, turn, { caller, locale }) {
          const pending = await listDecidableJoinRequests(app, turn.uow, caller);
          if (pending.length === 0) return [featureNoticeCard(locale, 'join.notices.noPendingRequests')];
          return pending.map((model) => joinApprovalCard(locale, model));
        },
      },
    },
  ],
  help: {
    commands: [
      {
        // Joining happens in the personal chat.
        command: 'join',
        key: 'join.help.commands.join',
        audience: (w) => !w.isMember && w.scope === 'personal',
        order: 10,
      },
      {
        command: 'requests',
        key: 'join.help.commands.requests',
        audience: (w) => w.isCoordinator || w.isAdmin,
        order: 70,
      },
    ],
    buttons: [
      {
        verb: 'join.start',
        titleKey: 'join.help.actions.join',
        style: 'positive',
        audience: (w) => !w.isMember && w.scope === 'personal',
        order: 10,
      },
    ],
    welcome: [
      {
        verb: 'join.start',
        titleKey: 'join.welcome.button',
        promptKey: 'join.welcome.prompt',
        style: 'positive',
        audience: (w) => !w.isMember,
        order: 10,
      },
    ],
  },
  items: () => [joinItems as ItemViews],
  store: JOIN_STORE,
  contributes: [contribute(OVERVIEW_SOURCE, joinOnOverview)],
};
