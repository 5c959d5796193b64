/**
 * Guidance requests (veiledningsforespørsler): ask, route to the right coordinator by topic, answer in
 * Teams. Every state change enqueues the cards it causes in the same unit of work: a new card to the
 * person who must act next, and in-place updates of every card the parties already have. Every
 * function runs in the unit of work of the activity (or scheduled round) that asked for it.
 */

import { loadActor, loadRoster } from '../../app/actor.js';
import type { AppContext, Caller } from '../../app/context.js';
import { adopt, publish } from '../../app/live-cards.js';
import { type RoleView, roleView } from '../../app/role-view.js';
import { ladderRecipients } from '../../domain/deadline-ladder.js';
import type { Refusal } from '../../domain/policy.js';
import { containsSensitiveIdentifier } from '../../domain/privacy-guard.js';
import {
  DEPARTMENTS,
  type Department,
  isUdiStandIn,
  type Person,
  type Role,
  type Roster,
  type Unit,
} from '../../domain/roster.js';
import { formatReference } from '../../domain/tracked-item.js';
import { addWorkingDays, osloDate } from '../../domain/working-days.js';
import type { UnitOfWork } from '../../store/store.js';
import {
  type DeadlineStep,
  deadlineStepAudience,
  dueDeadlineSteps,
  recordDeadlineReminder,
} from './guidance-deadlines.js';
import { GUIDANCE_ANSWERED, GUIDANCE_ITEM } from './guidance-extensions.js';
import { authorizeGuidance, seesGuidanceRequest } from './guidance-policy.js';
import {
  applyGuidanceAction,
  availableActions,
  checkGuidanceText,
  EXTERNAL_SOURCES,
  type ExternalSource,
  type GuidanceAction,
  type GuidanceActionKind,
  type GuidanceError,
  type GuidanceRequest,
  guidancePolicyKind,
  type InquiryOrigin,
  newGuidanceRequest,
  type Urgency,
} from './guidance-requests.js';
import { GUIDANCE_SETTINGS } from './guidance-settings.js';
import { guidanceRequestsIn, topicsIn } from './guidance-store.js';
import { activeTopics, type GuidanceTopic, routeQuestion, udiStandIn } from './guidance-topics.js';

export { EXTERNAL_SOURCES } from './guidance-requests.js';

export type GuidanceBanner =
  | 'assigned'
  | 'watching'
  | 'answered'
  | 'infoRequested'
  | 'infoProvided'
  | 'reopened'
  | 'forwarded'
  | 'closed'
  | 'dueSoon'
  | 'overdueCoordinator'
  | 'overdueUdi'
  /** Escalated to the UDI coordinator (who gets it). */
  | 'escalated'
  /** A newer card about the request went to this person: this one is kept as it is, without buttons. */
  | 'superseded';

/** Someone a request can be forwarded to, with their roles (the picker shows role and unit). */
export interface ForwardChoice {
  aadObjectId: string;
  name: string;
  roles: RoleView[];
}

/** Everything a guidance card shows, for one viewer; locale-neutral (rendered in the reader's language by the views). */
export interface GuidanceView {
  request: GuidanceRequest;
  topicName: { nb: string; en: string };
  /** Display names by AAD object id (asker, assignee, authors, people forwarded to). */
  names: Record<string, string>;
  viewer: 'assignee' | 'asker' | 'watcher' | 'other';
  actions: GuidanceActionKind[];
  /** People the request can be forwarded to (for those who may forward it). */
  forwardChoices: ForwardChoice[];
  /** Network members who could receive it but are away (left out of the choices). */
  awayNames?: string[];
  banner?: GuidanceBanner;
  /**
   * Another feature's button for this viewer (an answered principled question raised for the
   * network's agenda, guidance-extensions.ts): its verb and title's catalog key.
   */
  raise?: { verb: string; titleKey: string };
}

/** The fields of the question form. */
export type AskField =
  | 'topicId'
  | 'askerDepartment'
  | 'origin'
  | 'externalSource'
  | 'urgency'
  | 'question'
  | 'principled';

export type GuidanceFormError =
  | 'missing-topic'
  | 'unknown-topic'
  | 'unknown-department'
  | 'unknown-source'
  | 'unknown-choice'
  | 'empty-text'
  | 'text-too-long'
  | 'privacy'
  | 'no-assignee';

/** A problem on a form, next to the field it concerns (none: about the whole form). */
export interface FormProblem<F extends string = string, C extends string = string> {
  code: C;
  field?: F;
}

export interface GuidanceFormModel {
  topics: GuidanceTopic[];
  values: {
    topicId?: string;
    askerDepartment?: string;
    origin?: InquiryOrigin;
    externalSource?: string;
    urgency?: Urgency;
    question?: string;
    principled?: boolean;
  };
  problems?: FormProblem<AskField, GuidanceFormError>[];
}

/** What the question form sent, as the card sent it (untrusted: every value is checked here). */
export interface AskInput {
  topicId?: unknown;
  askerDepartment?: unknown;
  origin?: unknown;
  externalSource?: unknown;
  urgency?: unknown;
  question?: unknown;
  principled?: unknown;
}

const INVALID = Symbol('invalid');

/**
 * A choice from a card: undefined when none was made (absent or empty), the value when it is one of
 * `allowed`, INVALID for anything else (another string, a number, an object...).
 */
function choice<T extends string>(value: unknown, allowed: readonly T[]): T | typeof INVALID | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : INVALID;
}

/** The form to ask a question, with the asker's department filled in from the roster. */
export async function startGuidance(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  question?: string,
): Promise<{ ok: true; form: GuidanceFormModel } | { ok: false; error: Refusal }> {
  const actor = await loadActor(ctx, uow, caller);
  const decision = authorizeGuidance(actor, { kind: 'guidance.ask' });
  if (!decision.allowed) return { ok: false, error: decision.reason };
  const askerDepartment = actor?.roles.flatMap((r) => (r.kind === 'admin' ? [] : [r.department]))[0];
  return {
    ok: true,
    form: {
      topics: activeTopics(await topicsIn(uow).list()),
      values: {
        origin: 'internal',
        urgency: 'normal',
        ...(askerDepartment ? { askerDepartment } : {}),
        ...(question ? { question } : {}),
      },
    },
  };
}

export type AskResult =
  | { ok: true; request: GuidanceRequest; topicName: { nb: string; en: string }; assigneeName: string }
  | { ok: false; error: Refusal }
  | { ok: false; form: GuidanceFormModel };

/**
 * Records a question and routes it. Every id on the form is checked against the stored topics and
 * the enumerations; free text goes through the privacy guard before anything is stored. `refused`
 * names the fields the guard already emptied on the way in. A problem keeps the form, with what
 * the person typed (except refused text) and the message next to the field.
 */
export async function askGuidance(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  input: AskInput,
  refused: readonly AskField[] = [],
  options: { receipt?: { activityId: string; conversationId: string } } = {},
): Promise<AskResult> {
  const actor = await loadActor(ctx, uow, caller);
  const decision = authorizeGuidance(actor, { kind: 'guidance.ask' });
  if (!decision.allowed) return { ok: false, error: decision.reason };
  const topics = await topicsIn(uow).list();
  const problems: FormProblem<AskField, GuidanceFormError>[] = [];
  const problem = (field: AskField, code: GuidanceFormError) => {
    if (!problems.some((p) => p.field === field)) problems.push({ code, field });
  };
  for (const field of refused) problem(field, 'privacy');
  // Each choice is checked against what the form offers; only a valid choice is shown again.
  const topicId = choice(
    input.topicId,
    activeTopics(topics).map((t) => t.id),
  );
  if (topicId === INVALID) problem('topicId', 'unknown-topic');
  else if (!topicId) problem('topicId', 'missing-topic');
  const askerDepartment = choice(input.askerDepartment, DEPARTMENTS);
  if (askerDepartment === INVALID) problem('askerDepartment', 'unknown-department');
  const origin = choice(input.origin, ['internal', 'external'] as const);
  if (origin === INVALID) problem('origin', 'unknown-choice');
  const externalSource = choice(input.externalSource, EXTERNAL_SOURCES);
  if (externalSource === INVALID) problem('externalSource', 'unknown-source');
  const urgency = choice(input.urgency, ['normal', 'urgent'] as const);
  if (urgency === INVALID) problem('urgency', 'unknown-choice');
  const principled = choice(
    input.principled === true ? 'true' : input.principled === false ? 'false' : input.principled,
    ['true', 'false'] as const,
  );
  if (principled === INVALID) problem('principled', 'unknown-choice');
  // Free text through the privacy guard (again: the Teams layer screened every value already).
  const typed = typeof input.question === 'string' ? input.question : '';
  if (containsSensitiveIdentifier(typed)) problem('question', 'privacy');
  const refusedQuestion = problems.some((p) => p.field === 'question' && p.code === 'privacy');
  const question = checkGuidanceText(refusedQuestion ? '' : typed);
  if (!question.ok && !refusedQuestion)
    problem('question', question.error.kind === 'text-too-long' ? 'text-too-long' : 'empty-text');
  const valid = <T>(value: T | typeof INVALID | undefined): T | undefined =>
    value === INVALID ? undefined : value;
  const values: GuidanceFormModel['values'] = {
    topicId: valid(topicId),
    askerDepartment: valid(askerDepartment),
    origin: valid(origin) ?? 'internal',
    externalSource: valid(externalSource),
    urgency: valid(urgency) ?? 'normal',
    question: refusedQuestion ? '' : typed,
    principled: valid(principled) === 'true',
  };
  const refuse = (extra: FormProblem<AskField, GuidanceFormError>[] = []): AskResult => ({
    ok: false,
    form: { topics: activeTopics(topics), values, problems: [...problems, ...extra] },
  });
  const topic = activeTopics(topics).find((t) => t.id === values.topicId);
  if (problems.length > 0 || !topic || !question.ok) return refuse();

  const roster = await loadRoster(ctx, uow);
  const route = routeQuestion(topic.id, roster.people, { asker: caller.aadObjectId, topics });
  if (!route) return refuse([{ code: 'no-assignee' }]);
  const now = ctx.now();
  // The UDI coordinator (or, when away, AUA's deputy) follows a principled question, unless AUA
  // already holds it or asked it.
  const aua = [caller.aadObjectId, route.assignee].some((id) => isUdiStandIn(roster.get(id)));
  const watcher =
    values.principled && !aua ? udiStandIn(roster.people, [caller.aadObjectId, route.assignee]) : undefined;
  const created = newGuidanceRequest({
    id: ctx.newId(),
    reference: formatReference(
      'V',
      now.getUTCFullYear(),
      await uow.sequences.next('guidance', now.getUTCFullYear()),
    ),
    topicId: topic.id,
    asker: caller.aadObjectId,
    ...(values.askerDepartment ? { askerDepartment: values.askerDepartment as Department } : {}),
    origin: values.origin ?? 'internal',
    ...(values.origin === 'external' && values.externalSource
      ? { externalSource: values.externalSource as ExternalSource }
      : {}),
    urgency: values.urgency ?? 'normal',
    principled: values.principled ?? false,
    question: question.value,
    assignee: route.assignee,
    ...(watcher ? { watchers: [watcher] } : {}),
    dueDate: dueFrom(ctx, now, values.urgency ?? 'normal'),
    at: now.toISOString(),
  });
  if (!created.ok) return refuse([{ code: 'empty-text', field: 'question' }]);
  const request = created.value;
  await notify(ctx, uow, request, {
    post: [
      { to: request.assignee, banner: 'assigned' },
      ...(request.watchers ?? []).map((to) => ({ to, banner: 'watching' as const })),
    ],
  });
  // The receipt (the answer to the click) is the asker's live card until they get one from the outbox.
  if (options.receipt)
    adopt(
      request,
      { kind: 'person', aadObjectId: caller.aadObjectId },
      { view: GUIDANCE_RECEIPT_VIEW, ...options.receipt },
    );
  await guidanceRequestsIn(uow).put(request);
  return {
    ok: true,
    request,
    topicName: topic.name,
    assigneeName: roster.nameOf(route.assignee) ?? '',
  };
}

/** The receipt of a question the caller asked (for a Teams retry of the form's submit). */
export async function ownGuidanceRequest(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  requestId: string,
): Promise<Extract<AskResult, { ok: true }> | undefined> {
  const request = await guidanceRequestsIn(uow).get(requestId);
  if (!request || request.asker !== caller.aadObjectId) return undefined;
  const topic = (await topicsIn(uow).list()).find((t) => t.id === request.topicId);
  return {
    ok: true,
    request,
    topicName: topic?.name ?? { nb: request.topicId, en: request.topicId },
    assigneeName: (await loadRoster(ctx, uow)).nameOf(request.assignee) ?? '',
  };
}

/** The inline forms on a guidance card, and the fields each of them has. */
export const GUIDANCE_FORM_FIELDS = {
  answer: ['answerText'],
  'ask-for-info': ['infoText'],
  'provide-info': ['provideText'],
  forward: ['forwardTo', 'forwardReason'],
  escalate: ['escalateReason'],
  close: ['closeReason'],
  'follow-up': ['followUpText'],
} as const satisfies Partial<Record<GuidanceActionKind, readonly string[]>>;

export type GuidanceFormAction = keyof typeof GUIDANCE_FORM_FIELDS;
export type GuidanceFormField = (typeof GUIDANCE_FORM_FIELDS)[GuidanceFormAction][number];

/** What a button on a guidance card asks for, from its (untrusted) data and inputs. */
export type GuidanceCommand =
  | { kind: 'take' }
  | { kind: 'answer'; text: string }
  | { kind: 'ask-for-info'; text: string }
  | { kind: 'provide-info'; text: string }
  | { kind: 'forward'; to: string; reason: string }
  | { kind: 'escalate'; reason: string }
  | { kind: 'close'; reason: string }
  | { kind: 'mark-helpful' }
  | { kind: 'follow-up'; text: string };

export type GuidanceProblemCode =
  | GuidanceError['kind']
  | 'privacy'
  | 'ineligible-assignee'
  | 'no-udi-coordinator';

/** An inline form on the card that could not be sent: what was typed (minus refused text) and why. */
export interface GuidanceFormState {
  action: GuidanceFormAction;
  values: Partial<Record<GuidanceFormField, string>>;
  problems: FormProblem<GuidanceFormField, GuidanceProblemCode>[];
}

export type ActResult =
  | { ok: true; view: GuidanceView }
  | { ok: false; error: 'not-found' }
  | { ok: false; error: Refusal }
  /** Nothing changed: the card is shown again, with the form and its problems, or a banner. */
  | {
      ok: false;
      error: 'invalid';
      view: GuidanceView;
      form?: GuidanceFormState;
      problem?: GuidanceProblemCode;
    };

/**
 * Applies an action to a request for the caller, after the policy module said yes, then enqueues the
 * cards it causes. Returns the caller's updated view of the request. A person named on the card
 * (forwarding) is looked up in the roster and checked by the policy module before anything is
 * changed. `refused` names the fields the privacy guard emptied on the way in.
 */
export async function actOnGuidance(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  requestId: string,
  command: GuidanceCommand,
  refused: readonly string[] = [],
): Promise<ActResult> {
  const request = await guidanceRequestsIn(uow).get(requestId);
  if (!request) return { ok: false, error: 'not-found' };
  const roster = await loadRoster(ctx, uow);
  const actor = await loadActor(ctx, uow, caller);
  const assignee = roster.get(request.assignee);
  const decision =
    guidancePolicyKind(command.kind) === 'guidance.act'
      ? authorizeGuidance(actor, { kind: 'guidance.act', request, assignee, step: command.kind })
      : authorizeGuidance(actor, { kind: 'guidance.respond', request });
  if (!decision.allowed) return { ok: false, error: decision.reason };

  const formAction = command.kind in GUIDANCE_FORM_FIELDS ? (command.kind as GuidanceFormAction) : undefined;
  const typed = typedValues(command);
  const invalid = async (
    problems: FormProblem<GuidanceFormField, GuidanceProblemCode>[],
    problem?: GuidanceProblemCode,
  ): Promise<ActResult> => {
    const view = await guidanceViewFor(ctx, uow, request, caller.aadObjectId);
    if (!formAction || problems.length === 0)
      return { ok: false, error: 'invalid', view, ...(problem ? { problem } : {}) };
    const emptied = new Set(
      problems.filter((p) => p.code === 'privacy' || p.code === 'ineligible-assignee').map((p) => p.field),
    );
    const values = Object.fromEntries(
      Object.entries(typed).filter(([field]) => !emptied.has(field as GuidanceFormField)),
    );
    return { ok: false, error: 'invalid', view, form: { action: formAction, values, problems } };
  };

  // Free text through the privacy guard (again: the Teams layer screened every value already). A
  // refused value outside this form's fields still stops the action, with a notice on the card.
  if (refused.some((field) => !isFormField(formAction, field))) return invalid([], 'privacy');
  const privacy = [
    ...refused.filter((field) => isFormField(formAction, field)),
    ...Object.entries(typed)
      .filter(([, text]) => containsSensitiveIdentifier(text ?? ''))
      .map(([field]) => field),
  ] as GuidanceFormField[];
  if (privacy.length > 0) return invalid([...new Set(privacy)].map((field) => ({ code: 'privacy', field })));

  const now = ctx.now();
  let action: GuidanceAction;
  if (command.kind === 'escalate') {
    const udi = udiStandIn(roster.people, [caller.aadObjectId, request.assignee, request.asker]);
    if (!udi) return invalid([], 'no-udi-coordinator');
    action = {
      kind: 'escalate',
      udiCoordinator: udi,
      reason: command.reason,
      dueDate: dueFrom(ctx, now, request.urgency),
    };
  } else if (command.kind === 'forward') {
    if (command.to === '') return invalid([{ code: 'missing-assignee', field: 'forwardTo' }]);
    // The id comes from the card: resolve it in the roster and ask the policy module.
    const target = roster.get(command.to);
    const allowed = authorizeGuidance(actor, { kind: 'guidance.assign', request, target });
    if (!allowed.allowed) return invalid([{ code: 'ineligible-assignee', field: 'forwardTo' }]);
    action = { ...command, dueDate: dueFrom(ctx, now, request.urgency) };
  } else if (command.kind === 'follow-up') {
    action = { ...command, dueDate: dueFrom(ctx, now, request.urgency) };
  } else {
    action = command;
  }
  const applied = applyGuidanceAction(request, action, caller.aadObjectId, now.toISOString());
  if (!applied.ok) {
    const field = formAction ? problemField(formAction, applied.error) : undefined;
    return field ? invalid([{ code: applied.error.kind, field }]) : invalid([], applied.error.kind);
  }
  const next = applied.value;
  await notify(ctx, uow, next, nextStep(request, next, command.kind));
  await guidanceRequestsIn(uow).put(next);
  // An answered principled question is kept by whoever keeps the network's clarifications.
  const answer = command.kind === 'answer' ? next.messages.at(-1) : undefined;
  if (next.principled && answer?.kind === 'answer')
    for (const contribution of ctx.extensions.of(GUIDANCE_ANSWERED))
      await contribution.answered(ctx, uow, {
        requestId: next.id,
        question: next.question,
        answer: answer.text,
        topicId: next.topicId,
        by: caller.aadObjectId,
        at: now.toISOString(),
      });
  return { ok: true, view: await guidanceViewFor(ctx, uow, next, caller.aadObjectId) };
}

/** The caller's current view of a request (for a stale card, a Teams retry, or "Show"). */
export async function showGuidance(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
  requestId: string,
): Promise<{ ok: true; view: GuidanceView } | { ok: false; error: 'not-found' | Refusal }> {
  const request = await guidanceRequestsIn(uow).get(requestId);
  if (!request) return { ok: false, error: 'not-found' };
  const actor = await loadActor(ctx, uow, caller);
  const roster = await loadRoster(ctx, uow);
  const assignee = roster.get(request.assignee);
  if (!seesGuidanceRequest(actor, caller.aadObjectId, request, assignee))
    return { ok: false, error: 'not-authorized' };
  return { ok: true, view: await guidanceViewFor(ctx, uow, request, caller.aadObjectId) };
}

export interface GuidanceListItem {
  request: GuidanceRequest;
  topicName: { nb: string; en: string };
  /** The other party: the assignee (in "mine") or the asker (in the queue). */
  who: string;
}

/** How many requests a list card shows (the rest are counted under it). */
export const GUIDANCE_LIST_LIMIT = 15;

export interface GuidanceLists {
  /** At most GUIDANCE_LIST_LIMIT are shown. */
  items: GuidanceListItem[];
  /** How many there are in all, when `items` holds only the first of them. */
  total?: number;
  /** Only for the UDI coordinator and admins: open and overdue per department of the assignee. */
  departments?: { department: Department; open: number; overdue: number }[];
  principledClosed?: GuidanceListItem[];
}

/** `mine saker`: the caller's own questions, newest first. */
export async function myGuidanceRequests(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
): Promise<{ ok: true; lists: GuidanceLists } | { ok: false; error: Refusal }> {
  const decision = authorizeGuidance(await loadActor(ctx, uow, caller), { kind: 'guidance.ask' });
  if (!decision.allowed) return { ok: false, error: decision.reason };
  const roster = await loadRoster(ctx, uow);
  const topics = await topicsIn(uow).list();
  // Only the newest that the card shows are read (from the archive, for older ones); the rest counted.
  const requests = guidanceRequestsIn(uow);
  const items = (await requests.listByAsker(caller.aadObjectId, GUIDANCE_LIST_LIMIT)).map((request) =>
    listItem(roster, topics, request, request.assignee),
  );
  const total =
    items.length < GUIDANCE_LIST_LIMIT ? items.length : await requests.countByAsker(caller.aadObjectId);
  return { ok: true, lists: { items, ...(total > items.length ? { total } : {}) } };
}

/**
 * `kø`: open requests the caller may act on, urgent first, then oldest first. The UDI coordinator
 * (and admins) see all, with counts per department and the closed principled questions.
 */
export async function guidanceQueue(
  ctx: AppContext,
  uow: UnitOfWork,
  caller: Caller,
): Promise<{ ok: true; lists: GuidanceLists; all: boolean } | { ok: false; error: Refusal }> {
  const actor = await loadActor(ctx, uow, caller);
  const decision = authorizeGuidance(actor, { kind: 'guidance.queue' });
  if (!decision.allowed) return { ok: false, error: decision.reason };
  const roster = await loadRoster(ctx, uow);
  const topics = await topicsIn(uow).list();
  const all = authorizeGuidance(actor, { kind: 'guidance.viewAll' }).allowed;
  // Answered requests wait for the asker only: they are in nobody's queue, nor in the counts.
  const active = await guidanceRequestsIn(uow).listOpen();
  const mine = active.filter(
    (request) =>
      all ||
      authorizeGuidance(actor, {
        kind: 'guidance.act',
        request,
        assignee: roster.get(request.assignee),
      }).allowed,
  );
  // Urgent first; the sort is stable, so each group stays oldest first.
  const ordered = [...mine].sort((a, b) => urgencyRank(a) - urgencyRank(b));
  // A coordinator's queue names who asked; the UDI coordinator's overview names who holds it.
  const items = ordered.map((r) => listItem(roster, topics, r, all ? r.assignee : r.asker));
  if (!all) return { ok: true, lists: { items }, all };
  const today = addWorkingDays(ctx.now(), 0);
  const departments = DEPARTMENTS.map((department) => {
    const held = active.filter((r) =>
      roster.people
        .find((p) => p.aadObjectId === r.assignee)
        ?.roles.some((role) => role.kind !== 'admin' && role.department === department),
    );
    return { department, open: held.length, overdue: held.filter((r) => r.dueDate < today).length };
  });
  const principledClosed = (await guidanceRequestsIn(uow).listClosedPrincipled(10)).map((r) =>
    listItem(roster, topics, r, r.asker),
  );
  return { ok: true, lists: { items, departments, principledClosed }, all };
}

/**
 * The deadline round (run by the scheduler): reminds assignees before the deadline, tells the
 * department coordinator when it has passed, and the UDI coordinator some working days later. Each
 * step goes out once per deadline; returns how many cards were enqueued.
 */
export async function runGuidanceDeadlines(ctx: AppContext, uow: UnitOfWork): Promise<number> {
  const now = ctx.now();
  const today = osloDate(now);
  const roster = await loadRoster(ctx, uow);
  let enqueued = 0;
  for (const active of await guidanceRequestsIn(uow).listOpen()) {
    const steps = dueDeadlineSteps(active, today, {
      escalateAfterWorkingDays: ctx.settings.of(GUIDANCE_SETTINGS).escalateAfterWorkingDays,
    });
    if (steps.length === 0) continue;
    const post: Plan['post'] = [];
    let request = active;
    for (const step of steps) {
      // Each step once per deadline, recorded with the item (and in its history).
      request = recordDeadlineReminder(request, step, now.toISOString());
      for (const to of deadlineRecipients(step, request, roster)) post.push({ to, banner: step });
    }
    await notify(ctx, uow, request, { post });
    await guidanceRequestsIn(uow).put(request);
    enqueued += post.length;
  }
  return enqueued;
}

function deadlineRecipients(step: DeadlineStep, request: GuidanceRequest, roster: Roster): string[] {
  return ladderRecipients(deadlineStepAudience(step), { assignee: request.assignee, people: roster.people });
}

// ---- internals ----------------------------------------------------------------------------------

/** Working days to the deadline: shorter for an urgent question. */
function dueFrom(ctx: AppContext, now: Date, urgency: Urgency): string {
  const settings = ctx.settings.of(GUIDANCE_SETTINGS);
  return addWorkingDays(
    now,
    urgency === 'urgent' ? settings.urgentDeadlineWorkingDays : settings.deadlineWorkingDays,
  );
}

function urgencyRank(request: GuidanceRequest): number {
  return request.urgency === 'urgent' ? 0 : 1;
}

function typedValues(command: GuidanceCommand): Partial<Record<GuidanceFormField, string>> {
  switch (command.kind) {
    case 'answer':
      return { answerText: command.text };
    case 'ask-for-info':
      return { infoText: command.text };
    case 'provide-info':
      return { provideText: command.text };
    case 'forward':
      return { forwardTo: command.to, forwardReason: command.reason };
    case 'escalate':
      return { escalateReason: command.reason };
    case 'close':
      return { closeReason: command.reason };
    case 'follow-up':
      return { followUpText: command.text };
    default:
      return {};
  }
}

function isFormField(action: GuidanceFormAction | undefined, field: string): field is GuidanceFormField {
  return !!action && (GUIDANCE_FORM_FIELDS[action] as readonly string[]).includes(field);
}

/** The field a state-machine error belongs to (the text field, or the picker when forwarding). */
function problemField(action: GuidanceFormAction, error: GuidanceError): GuidanceFormField | undefined {
  if (error.kind === 'empty-text' || error.kind === 'text-too-long') {
    const fields = GUIDANCE_FORM_FIELDS[action];
    return fields[fields.length - 1];
  }
  if (error.kind === 'same-assignee' || error.kind === 'missing-assignee') return 'forwardTo';
  return undefined;
}

interface Plan {
  /** New cards to post (the person who must act next). */
  post: { to: string; banner: GuidanceBanner }[];
}

/** Who must act after this step, and so gets a new card. */
function nextStep(before: GuidanceRequest, after: GuidanceRequest, kind: GuidanceCommand['kind']): Plan {
  switch (kind) {
    case 'answer':
      return { post: [{ to: after.asker, banner: 'answered' }] };
    case 'ask-for-info':
      return { post: [{ to: after.asker, banner: 'infoRequested' }] };
    case 'provide-info':
      return { post: [{ to: after.assignee, banner: 'infoProvided' }] };
    case 'follow-up':
      return { post: [{ to: after.assignee, banner: 'reopened' }] };
    case 'forward':
    case 'escalate':
      return after.assignee !== before.assignee
        ? { post: [{ to: after.assignee, banner: kind === 'escalate' ? 'escalated' : 'forwarded' }] }
        : { post: [] };
    case 'close':
      return { post: [{ to: after.asker, banner: 'closed' }] };
    default:
      return { post: [] };
  }
}

/**
 * Enqueues the cards a change causes: every card already out is updated in place (each person sees
 * their own view), and the person who must act next gets a new card.
 */
async function notify(ctx: AppContext, uow: UnitOfWork, request: GuidanceRequest, plan: Plan): Promise<void> {
  await publish(
    ctx,
    uow,
    request,
    plan.post.map(({ to, banner }) => ({
      to: { kind: 'person', aadObjectId: to },
      view: GUIDANCE_VIEW,
      banner,
      origin: to === request.asker ? request.assignee : request.asker,
    })),
  );
}

/** The view every party's card about a request shows (each person sees their own version of it). */
export const GUIDANCE_VIEW = 'guidance-item';
/** The asker's receipt, kept up to date until they get a card about the request. */
export const GUIDANCE_RECEIPT_VIEW = 'guidance-receipt';

/** A person's view of a request as it is now (also what the outbox renders when it sends a card). */
export async function guidanceViewFor(
  ctx: AppContext,
  uow: UnitOfWork,
  request: GuidanceRequest,
  viewerId: string,
): Promise<GuidanceView> {
  const roster = await loadRoster(ctx, uow);
  const units = await uow.units.list();
  const topics = await topicsIn(uow).list();
  const topic = topics.find((t) => t.id === request.topicId);
  const viewerPerson = roster.get(viewerId);
  const assignee = roster.get(request.assignee);
  const viewer =
    request.assignee === viewerId
      ? 'assignee'
      : request.asker === viewerId
        ? 'asker'
        : (request.watchers ?? []).includes(viewerId)
          ? 'watcher'
          : 'other';
  // The buttons are the ones the policy module allows this viewer, one by one: the assignee's
  // department coordinator and the UDI coordinator may step in (e.g. when told the deadline has
  // passed), the UDI coordinator is never offered to escalate to themselves, and the asker only
  // answers from the asker's side.
  const escalationTarget = udiStandIn(roster.people, [viewerId, request.assignee, request.asker]);
  const actions = availableActions(request).filter((step) => {
    if (guidancePolicyKind(step) === 'guidance.respond') return viewer === 'asker';
    // A watcher follows it: the topic owner keeps it (stepping in is done from the queue).
    if (viewer === 'watcher') return false;
    // Escalating needs someone to escalate to (not the asker: it would go back to them).
    if (step === 'escalate' && !escalationTarget) return false;
    return authorizeGuidance(viewerPerson, { kind: 'guidance.act', request, assignee, step }).allowed;
  });
  const mayForward = actions.includes('forward');
  // Not the viewer themselves: giving it to oneself is taking it.
  const eligible = (p: Person) =>
    p.aadObjectId !== viewerId &&
    authorizeGuidance(viewerPerson, { kind: 'guidance.assign', request, target: { ...p, away: false } })
      .allowed;
  const forwardChoices = mayForward
    ? roster.people
        .filter((p) => !p.away && eligible(p))
        .map((p) => ({ aadObjectId: p.aadObjectId, name: p.displayName, roles: networkRoles(p, units) }))
        .sort((a, b) => a.name.localeCompare(b.name, 'nb'))
    : [];
  const awayNames = mayForward
    ? roster.people
        .filter((p) => p.away && eligible(p))
        .map((p) => p.displayName)
        .sort((a, b) => a.localeCompare(b, 'nb'))
    : [];
  const ids = new Set([
    request.asker,
    request.assignee,
    ...request.messages.flatMap((m) => (m.assignedTo ? [m.by, m.assignedTo] : [m.by])),
  ]);
  const names: Record<string, string> = {};
  for (const id of ids) {
    const name = roster.nameOf(id);
    if (name) names[id] = name;
  }
  // An answered principled question can go on to the network's agenda, from its asker or whoever
  // answered it (the contributing feature checks this again when the button is clicked).
  const answeredBy = request.messages.some((m) => m.kind === 'answer' && m.by === viewerId);
  const raise =
    request.principled &&
    (request.state === 'answered' || request.state === 'closed') &&
    (viewer === 'asker' || viewer === 'assignee' || answeredBy) &&
    request.messages.some((m) => m.kind === 'answer')
      ? ctx.extensions.of(GUIDANCE_ITEM)[0]?.raise
      : undefined;
  return {
    request,
    topicName: topic?.name ?? { nb: request.topicId, en: request.topicId },
    names,
    viewer,
    actions,
    forwardChoices,
    ...(awayNames.length > 0 ? { awayNames } : {}),
    ...(raise ? { raise } : {}),
  };
}

function networkRoles(person: Person, units: readonly Unit[]): RoleView[] {
  return person.roles
    .filter((r): r is Exclude<Role, { kind: 'admin' }> => r.kind !== 'admin')
    .map((r) => roleView(r, units));
}

function listItem(
  roster: Roster,
  topics: readonly GuidanceTopic[],
  request: GuidanceRequest,
  other: string,
): GuidanceListItem {
  const topic = topics.find((t) => t.id === request.topicId);
  return {
    request,
    topicName: topic?.name ?? { nb: request.topicId, en: request.topicId },
    who: roster.nameOf(other) ?? '',
  };
}
