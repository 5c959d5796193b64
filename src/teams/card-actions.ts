/**
 * The Action.Execute router: one handler per verb, each returning the card that replaces the one
 * the person clicked. Every action is one unit of work (app/turn.ts): the activity is claimed when
 * the verb acts, the conversation remembered and the use case run, together.
 *
 * Card data is untrusted. Before any handler sees it, every value, whatever its key, goes through the
 * privacy guard: a refused value is dropped (never stored, logged or shown again) and its field named,
 * so the form comes back with that field empty and a message next to it. Handlers read only strings
 * from the data; every id in it is resolved in the store and checked by the policy module in the use
 * cases. Authorization comes from the caller's AAD object id.
 */
import type { AppContext, Caller } from '../app/context.js';
import type { ConversationSeen } from '../app/conversations.js';
import { deliveryStatus, retryDeadLetters } from '../app/delivery.js';
import {
  type ActResult,
  type AskField,
  actOnGuidance,
  askGuidance,
  type GuidanceCommand,
  guidanceQueue,
  myGuidanceRequests,
  ownGuidanceRequest,
  showGuidance,
  startGuidance,
} from '../app/guidance.js';
import {
  currentApproval,
  decideJoin,
  type JoinField,
  ownJoinRequest,
  startJoin,
  submitJoin,
} from '../app/join.js';
import { describeCaller, listMembers, setAway } from '../app/members.js';
import { setNetworkChannel } from '../app/network-channel.js';
import { runTurn, type Turn } from '../app/turn.js';
import { editUnits, saveUnits, type UnitTexts } from '../app/units.js';
import type { Locale } from '../cards/i18n.js';
import type { AdaptiveCardJson } from '../cards/render.js';
import { isVerb, type Verb } from '../cards/verbs.js';
import type { Refusal } from '../domain/policy.js';
import { screenFields } from '../domain/privacy-guard.js';
import { EDITABLE_DEPARTMENTS, type EditableDepartment } from '../domain/unit-list.js';
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
  welcomeCard,
} from '../views/cards.js';
import {
  guidanceFormCard,
  guidanceItemCard,
  guidanceListCard,
  guidanceReceiptCard,
  type ListId,
} from '../views/guidance.js';

/** An action as the Teams layer read it from the activity. */
export interface ActionInput {
  caller: Caller;
  locale: Locale;
  scope: Scope;
  channel?: ChannelKey;
  /** The card's data merged with its inputs, as received (untrusted, not yet screened). */
  data: Record<string, unknown>;
}

/** Where the activity came from: its idempotency key and the conversation to remember. */
export interface ActivityOrigin {
  activityKey: string | undefined;
  conversation?: ConversationSeen;
}

/** What a handler gets: the screened data and the names of the fields the privacy guard refused. */
interface ActionRequest extends Omit<ActionInput, 'data'> {
  data: Record<string, unknown>;
  refused: readonly string[];
}

interface VerbSpec {
  /** 'act' may change something: the activity is claimed so a Teams retry does not act twice. */
  mode: 'act' | 'read';
  /**
   * The keys of the card's data the action uses. A refused value under one of them stops the action
   * (the card comes back with that field emptied and a message next to it); a refused value under
   * any other key is simply dropped, unread.
   */
  reads: readonly string[];
  run(app: AppContext, turn: Turn, request: ActionRequest): Promise<AdaptiveCardJson>;
}

/** What the Teams layer answers. */
export interface ActionOutcome {
  known: boolean;
  /** Replaces the card that was clicked. */
  card: AdaptiveCardJson;
  /**
   * Posted as a new message: a flow opened from the help or welcome card, which stays as it was,
   * so the person keeps their way back.
   */
  post?: AdaptiveCardJson;
  /** How many fields the privacy guard refused (for the log; never which values). */
  refused: number;
  /** A Teams retry of an activity already handled. */
  duplicate: boolean;
}

const act = (reads: readonly string[], run: VerbSpec['run']): VerbSpec => ({ mode: 'act', reads, run });
const read = (run: VerbSpec['run']): VerbSpec => ({ mode: 'read', reads: [], run });

const JOIN_FIELDS = ['role', 'department', 'unitId'] as const satisfies readonly JoinField[];
const ASK_FIELDS = [
  'topicId',
  'askerDepartment',
  'origin',
  'externalSource',
  'urgency',
  'question',
  'principled',
] as const satisfies readonly AskField[];
const UNIT_INPUTS = EDITABLE_DEPARTMENTS.map((department) => `units-${department}`);
/** A guidance step reads the request id and its form's fields. */
const step = (...fields: string[]) => ['requestId', ...fields];

const SPECS: Record<Verb, VerbSpec> = {
  'help.show': read(async (app, { uow }, { caller, locale, scope }) =>
    helpCard(locale, await describeCaller(app, uow, caller), scope),
  ),

  'join.start': read(async (app, turn, request) => {
    const { caller, locale, scope } = request;
    if (scope !== 'personal') return noticeCard(locale, 'personalOnly');
    const started = await startJoin(app, turn.uow, caller);
    if (started.ok) return joinFormCard(locale, started.form);
    if (started.error === 'already-pending')
      return noticeCard(locale, 'alreadyPending', { reference: started.reference });
    return refuse(app, turn, request, started.error);
  }),

  'join.submit': act(JOIN_FIELDS, async (app, turn, { caller, locale, data, refused }) => {
    if (turn.duplicate) {
      const own = turn.recorded ? await ownJoinRequest(turn.uow, caller, turn.recorded) : undefined;
      return own
        ? joinReceiptCard(
            locale,
            own.request.reference,
            own.view,
            own.request.history.at(-1)?.action === 'bootstrap',
          )
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

  'join.approve': act(['requestId'], (app, turn, request) => decide(app, turn, request, 'approve')),
  'join.decline': act(['requestId'], (app, turn, request) => decide(app, turn, request, 'decline')),

  'members.show': read(async (app, turn, request) => {
    const result = await listMembers(app, turn.uow, request.caller);
    if (!result.ok) return refuse(app, turn, request, result.error);
    return membersCard(request.locale, result.people, result.units);
  }),

  'channel.setNetwork': act([], async (app, turn, request) => {
    const { caller, locale, scope, channel } = request;
    if (scope !== 'team' || !channel) return noticeCard(locale, 'channelOnlyInTeam');
    const result = await setNetworkChannel(app, turn.uow, caller, channel);
    if (!result.ok) return refuse(app, turn, request, result.error);
    return noticeCard(locale, 'channelSet');
  }),

  'delivery.show': read(async (app, turn, request) => {
    const result = await deliveryStatus(app, turn.uow, request.caller);
    if (!result.ok) return refuse(app, turn, request, result.error);
    return deliveryCard(request.locale, result.status, app.now().getTime());
  }),

  'delivery.retry': act([], async (app, turn, request) => {
    const { caller, locale } = request;
    if (turn.duplicate) return noticeCard(locale, 'stale');
    const result = await retryDeadLetters(app, turn.uow, caller);
    if (!result.ok) return refuse(app, turn, request, result.error);
    if (result.count === 0) return noticeCard(locale, 'nothingToRetry');
    return noticeCard(locale, 'deliveryRetried', { count: result.count });
  }),

  'guidance.start': read(async (app, turn, request) => {
    const { caller, locale, scope, data } = request;
    if (scope !== 'personal') return noticeCard(locale, 'personalOnly');
    const result = await startGuidance(app, turn.uow, caller, text(data.question));
    return result.ok ? guidanceFormCard(locale, result.form) : refuse(app, turn, request, result.error);
  }),

  'guidance.submit': act(ASK_FIELDS, async (app, turn, request) => {
    const { caller, locale, data, refused } = request;
    if (turn.duplicate) {
      const own = turn.recorded ? await ownGuidanceRequest(app, turn.uow, caller, turn.recorded) : undefined;
      return own
        ? guidanceReceiptCard(locale, own.request, own.topicName, own.assigneeName)
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
    );
    if (result.ok) {
      await turn.record(result.request.id);
      return guidanceReceiptCard(locale, result.request, result.topicName, result.assigneeName);
    }
    if ('form' in result) return guidanceFormCard(locale, result.form);
    return refuse(app, turn, request, result.error);
  }),

  'guidance.show': read(async (app, turn, request) => {
    const result = await showGuidance(app, turn.uow, request.caller, text(request.data.requestId) ?? '');
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
    guidanceStep(app, turn, request, (d) => ({ kind: 'answer', text: text(d.answerText) ?? '' })),
  ),
  'guidance.askInfo': act(step('infoText'), (app, turn, request) =>
    guidanceStep(app, turn, request, (d) => ({ kind: 'ask-for-info', text: text(d.infoText) ?? '' })),
  ),
  'guidance.provideInfo': act(step('provideText'), (app, turn, request) =>
    guidanceStep(app, turn, request, (d) => ({ kind: 'provide-info', text: text(d.provideText) ?? '' })),
  ),
  'guidance.forward': act(step('forwardTo', 'forwardReason'), (app, turn, request) =>
    guidanceStep(app, turn, request, (d) => ({
      kind: 'forward',
      to: text(d.forwardTo) ?? '',
      reason: text(d.forwardReason) ?? '',
    })),
  ),
  'guidance.escalate': act(step('escalateReason'), (app, turn, request) =>
    guidanceStep(app, turn, request, (d) => ({ kind: 'escalate', reason: text(d.escalateReason) ?? '' })),
  ),
  'guidance.close': act(step('closeReason'), (app, turn, request) =>
    guidanceStep(app, turn, request, (d) => ({ kind: 'close', reason: text(d.closeReason) ?? '' })),
  ),
  'guidance.helpful': act(step(), (app, turn, request) =>
    guidanceStep(app, turn, request, () => ({ kind: 'mark-helpful' })),
  ),
  'guidance.followUp': act(step('followUpText'), (app, turn, request) =>
    guidanceStep(app, turn, request, (d) => ({ kind: 'follow-up', text: text(d.followUpText) ?? '' })),
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

  'units.edit': read(async (app, turn, request) => {
    const { caller, locale, scope } = request;
    if (scope !== 'personal') return noticeCard(locale, 'personalOnly');
    const result = await editUnits(app, turn.uow, caller);
    if (!result.ok) return refuse(app, turn, request, result.error);
    return unitsEditorCard(locale, result.texts);
  }),

  'units.save': act(UNIT_INPUTS, async (app, turn, request) => {
    const { caller, locale, data, refused } = request;
    if (turn.duplicate) {
      const current = await editUnits(app, turn.uow, caller);
      return current.ok ? unitsEditorCard(locale, current.texts) : refuse(app, turn, request, current.error);
    }
    const texts: Partial<UnitTexts> = {};
    for (const department of EDITABLE_DEPARTMENTS) {
      const value = text(data[`units-${department}`]);
      if (value !== undefined) texts[department] = value;
    }
    const refusedDepartments = refused.map((input) => input.slice('units-'.length) as EditableDepartment);
    const result = await saveUnits(app, turn.uow, caller, texts, refusedDepartments);
    if (result.ok) return noticeCard(locale, 'unitsSaved');
    if (result.error === 'invalid') return unitsEditorCard(locale, result.texts, result.problems);
    return refuse(app, turn, request, result.error);
  }),
};

/** Typed commands that are not buttons (`borte`, `tilbake`). */
export const COMMAND_SPECS = {
  away: act([], async (app, turn, request) => away(app, turn, request, true)),
  back: act([], async (app, turn, request) => away(app, turn, request, false)),
} satisfies Record<string, VerbSpec>;

async function away(app: AppContext, turn: Turn, request: ActionRequest, isAway: boolean) {
  const result = await setAway(app, turn.uow, request.caller, isAway);
  if (!result.ok) return refuse(app, turn, request, result.error);
  if (!result.changed && !turn.duplicate)
    return noticeCard(request.locale, isAway ? 'alreadyAway' : 'notAway');
  return noticeCard(request.locale, isAway ? 'awaySet' : 'awayCleared');
}

async function decide(app: AppContext, turn: Turn, request: ActionRequest, decision: 'approve' | 'decline') {
  const { caller, locale, data } = request;
  const requestId = text(data.requestId) ?? '';
  if (turn.duplicate) {
    const current = await currentApproval(app, turn.uow, caller, requestId);
    return current ? joinApprovalCard(locale, current) : noticeCard(locale, 'stale');
  }
  const result = await decideJoin(app, turn.uow, caller, requestId, decision);
  if (result.ok) return joinApprovalCard(locale, result.model);
  if (result.error === 'not-found') return noticeCard(locale, 'stale');
  if (result.error === 'already-decided') return joinApprovalCard(locale, result.model);
  return refuse(app, turn, request, result.error);
}

/** One step on a guidance request: act, then show the caller's card as it is now. */
async function guidanceStep(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
  command: (data: Record<string, unknown>) => GuidanceCommand,
) {
  const { caller, locale, data, refused } = request;
  const requestId = text(data.requestId) ?? '';
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

/** A refusal from the policy module, worded for who was refused. */
async function refuse(app: AppContext, turn: Turn, request: ActionRequest, refusal: Refusal) {
  return refusalCard(request.locale, refusal, await describeCaller(app, turn.uow, request.caller));
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

const LIST_IDS: readonly ListId[] = ['none', 'mine', 'queue', 'all'];

/** The list a card was opened from, from card data (anything else: none). */
function listIdOf(data: Record<string, unknown>): ListId {
  return LIST_IDS.find((id) => id === data.listId) ?? 'none';
}

/** Cards whose buttons open a flow in a new message, so the card itself stays. */
const STAYING_CARDS = ['help', 'welcome'] as const;

/**
 * Runs the handler for a verb as the activity's one unit of work. An unknown verb gets a notice,
 * never an exception; so does an unknown command.
 */
export async function executeCardAction(
  app: AppContext,
  verb: unknown,
  input: ActionInput,
  origin: ActivityOrigin,
): Promise<ActionOutcome> {
  const screened = screenFields(input.data);
  const spec: VerbSpec | undefined = isVerb(verb) ? SPECS[verb] : undefined;
  // Only what the action reads can stop it; anything else refused is dropped unread.
  const refused = screened.refused.filter((key) => spec?.reads.includes(key));
  const request: ActionRequest = { ...input, data: screened.clean, refused };
  const fromCard = STAYING_CARDS.find((card) => card === screened.clean.fromId);
  const outcome = await runTurn(
    app,
    {
      activityKey: origin.activityKey,
      ...(origin.conversation ? { conversation: origin.conversation } : {}),
      // A refused value the action needs stops it: it changes nothing, so there is nothing to claim.
      mode: spec && refused.length === 0 ? spec.mode : 'read',
    },
    async (turn) => {
      const { duplicate } = turn;
      if (!spec) return { card: noticeCard(input.locale, 'unknownAction'), duplicate };
      const card = await spec.run(app, turn, request);
      if (!fromCard || verb === `${fromCard}.show`) return { card, duplicate };
      const person = await describeCaller(app, turn.uow, input.caller);
      const stays =
        fromCard === 'help'
          ? helpCard(input.locale, person, input.scope)
          : welcomeCard(input.locale, person, input.scope, input.caller.displayName);
      return { card: stays, post: card, duplicate };
    },
  );
  return { known: spec !== undefined, refused: screened.refused.length, ...outcome };
}

/** Runs a typed command that has no button (see COMMAND_SPECS), as the activity's unit of work. */
export function executeCommand(
  app: AppContext,
  command: keyof typeof COMMAND_SPECS,
  input: ActionInput,
  origin: ActivityOrigin,
): Promise<{ card: AdaptiveCardJson; duplicate: boolean }> {
  const spec = COMMAND_SPECS[command];
  return runTurn(
    app,
    {
      activityKey: origin.activityKey,
      ...(origin.conversation ? { conversation: origin.conversation } : {}),
      mode: spec.mode,
    },
    async (turn) => ({
      card: await spec.run(app, turn, { ...input, refused: [] }),
      duplicate: turn.duplicate,
    }),
  );
}
