/**
 * Guidance requests (veiledningsforespørsler): ask, route to the right coordinator by topic, answer in
 * Teams. Every state change enqueues the cards it causes in the same unit of work: a new card to the
 * person who must act next, and in-place updates of every card the parties already have.
 */

import { type DeadlineStep, dueDeadlineSteps } from '../domain/guidance-deadlines.js';
import {
  applyGuidanceAction,
  availableActions,
  type ExternalSource,
  type GuidanceAction,
  type GuidanceActionKind,
  type GuidanceError,
  type GuidanceRequest,
  guidancePolicyKind,
  type InquiryOrigin,
  newGuidanceRequest,
  type Urgency,
} from '../domain/guidance-requests.js';
import { activeTopics, type GuidanceTopic, routeQuestion } from '../domain/guidance-topics.js';
import { authorize, type Refusal } from '../domain/policy.js';
import { containsSensitiveIdentifier } from '../domain/privacy-guard.js';
import {
  type Department,
  isAnyCoordinator,
  isDepartment,
  isNetworkMember,
  type Person,
} from '../domain/roster.js';
import { formatReference } from '../domain/tracked-item.js';
import { addWorkingDays, osloDate } from '../domain/working-days.js';
import type { UnitOfWork } from '../store/store.js';
import { loadActor, loadEveryone } from './actor.js';
import type { AppContext, Caller } from './context.js';

const EXTERNAL_SOURCES: readonly ExternalSource[] = ['police', 'ngo', 'lawyer', 'agency', 'other'];

export type GuidanceBanner =
  | 'assigned'
  | 'answered'
  | 'infoRequested'
  | 'infoProvided'
  | 'reopened'
  | 'forwarded'
  | 'closed'
  | 'dueSoon'
  | 'overdueCoordinator'
  | 'overdueUdi';

/** Everything a guidance card shows, for one viewer; locale-neutral (kept in the outbox). */
export interface GuidanceView {
  request: GuidanceRequest;
  topicName: { nb: string; en: string };
  /** Display names by AAD object id (asker, assignee, authors). */
  names: Record<string, string>;
  viewer: 'assignee' | 'asker' | 'other';
  actions: GuidanceActionKind[];
  /** People the request can be forwarded to (assignee view only). */
  forwardChoices: { aadObjectId: string; name: string }[];
  banner?: GuidanceBanner;
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
  error?: GuidanceFormError;
}

export type GuidanceFormError =
  | 'missing-topic'
  | 'unknown-topic'
  | 'empty-text'
  | 'text-too-long'
  | 'no-assignee';

/** The form to ask a question, with the asker's department filled in from the roster. */
export async function startGuidance(
  ctx: AppContext,
  caller: Caller,
): Promise<{ ok: true; form: GuidanceFormModel } | { ok: false; error: Refusal }> {
  return ctx.store.read(async (uow) => {
    const actor = await loadActor(ctx, uow, caller);
    const decision = authorize(actor, { kind: 'guidance.ask' });
    if (!decision.allowed) return { ok: false, error: decision.reason };
    const askerDepartment = actor?.roles.flatMap((r) => (r.kind === 'admin' ? [] : [r.department]))[0];
    return {
      ok: true,
      form: {
        topics: activeTopics(await uow.topics.list()),
        values: { origin: 'internal', urgency: 'normal', ...(askerDepartment ? { askerDepartment } : {}) },
      },
    };
  });
}

export type AskResult =
  | { ok: true; request: GuidanceRequest; topicName: { nb: string; en: string }; assigneeName: string }
  | { ok: false; error: 'privacy' }
  | { ok: false; error: Refusal }
  | { ok: false; form: GuidanceFormModel };

/** Records a question and routes it. Free text goes through the privacy guard before anything is stored. */
export async function askGuidance(
  ctx: AppContext,
  caller: Caller,
  input: Record<string, unknown>,
): Promise<AskResult> {
  const text = (key: string) => (typeof input[key] === 'string' ? (input[key] as string) : undefined);
  const question = text('question') ?? '';
  if (containsSensitiveIdentifier(question)) return { ok: false, error: 'privacy' };
  const values: GuidanceFormModel['values'] = {
    topicId: text('topicId'),
    askerDepartment: text('askerDepartment'),
    origin: text('origin') === 'external' ? 'external' : 'internal',
    externalSource: text('externalSource'),
    urgency: text('urgency') === 'urgent' ? 'urgent' : 'normal',
    question,
    principled: input.principled === true || input.principled === 'true',
  };
  const result = await ctx.store.run(async (uow): Promise<AskResult> => {
    const actor = await loadActor(ctx, uow, caller);
    const decision = authorize(actor, { kind: 'guidance.ask' });
    if (!decision.allowed) return { ok: false, error: decision.reason };
    const topics = await uow.topics.list();
    const refuse = (error: GuidanceFormError): AskResult => ({
      ok: false,
      form: { topics: activeTopics(topics), values, error },
    });
    if (!values.topicId) return refuse('missing-topic');
    const topic = activeTopics(topics).find((t) => t.id === values.topicId);
    if (!topic) return refuse('unknown-topic');
    const everyone = await loadEveryone(ctx, uow);
    const route = routeQuestion(topic.id, everyone, { asker: caller.aadObjectId, topics });
    if (!route) return refuse('no-assignee');
    const now = ctx.now();
    const sequence = await uow.sequences.next('guidance', now.getUTCFullYear());
    const externalSource = EXTERNAL_SOURCES.find((s) => s === values.externalSource);
    const created = newGuidanceRequest({
      id: ctx.newId(),
      reference: formatReference('V', now.getUTCFullYear(), sequence),
      topicId: topic.id,
      asker: caller.aadObjectId,
      ...(isDepartment(values.askerDepartment)
        ? { askerDepartment: values.askerDepartment as Department }
        : {}),
      origin: values.origin ?? 'internal',
      ...(values.origin === 'external' && externalSource ? { externalSource } : {}),
      urgency: values.urgency ?? 'normal',
      principled: values.principled ?? false,
      question,
      assignee: route.assignee,
      dueDate: addWorkingDays(now, ctx.guidance.deadlineWorkingDays),
      at: now.toISOString(),
    });
    if (!created.ok) return refuse(created.error.kind === 'text-too-long' ? 'text-too-long' : 'empty-text');
    const request = created.value;
    await notify(ctx, uow, request, { post: [{ to: request.assignee, banner: 'assigned' }] });
    await uow.guidanceRequests.put(request);
    return {
      ok: true,
      request,
      topicName: topic.name,
      assigneeName: nameOf(everyone, route.assignee) ?? '',
    };
  });
  if (result.ok) ctx.onNotificationsEnqueued?.();
  return result;
}

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

export type ActResult =
  | { ok: true; view: GuidanceView }
  | { ok: false; error: 'not-found' | 'privacy' | 'no-udi-coordinator' }
  | { ok: false; error: Refusal }
  | { ok: false; error: 'invalid'; problem: GuidanceError; view: GuidanceView };

/**
 * Applies an action to a request for the caller, after the policy module said yes, then enqueues the
 * cards it causes. Returns the caller's updated view of the request.
 */
export async function actOnGuidance(
  ctx: AppContext,
  caller: Caller,
  requestId: string,
  command: GuidanceCommand,
): Promise<ActResult> {
  const texts = Object.values(command).filter((v): v is string => typeof v === 'string');
  if (texts.some((t) => containsSensitiveIdentifier(t))) return { ok: false, error: 'privacy' };
  const result = await ctx.store.run(async (uow): Promise<ActResult> => {
    const request = await uow.guidanceRequests.get(requestId);
    if (!request) return { ok: false, error: 'not-found' };
    const everyone = await loadEveryone(ctx, uow);
    const actor = await loadActor(ctx, uow, caller);
    const policyKind = guidancePolicyKind(command.kind);
    const assignee = everyone.find((p) => p.aadObjectId === request.assignee);
    const decision =
      policyKind === 'guidance.act'
        ? authorize(actor, { kind: 'guidance.act', request, assignee })
        : authorize(actor, { kind: 'guidance.respond', request });
    if (!decision.allowed) return { ok: false, error: decision.reason };

    const now = ctx.now();
    let action: GuidanceAction;
    if (command.kind === 'escalate') {
      const udi = routeQuestion('principled-other', everyone, { asker: request.assignee, topics: [] });
      if (!udi) return { ok: false, error: 'no-udi-coordinator' };
      action = {
        kind: 'escalate',
        udiCoordinator: udi.assignee,
        reason: command.reason,
        dueDate: dueFrom(ctx, now),
      };
    } else if (command.kind === 'forward') {
      action = { ...command, dueDate: dueFrom(ctx, now) };
    } else if (command.kind === 'follow-up') {
      action = { ...command, dueDate: dueFrom(ctx, now) };
    } else {
      action = command;
    }
    const applied = applyGuidanceAction(request, action, caller.aadObjectId, now.toISOString());
    if (!applied.ok) {
      return {
        ok: false,
        error: 'invalid',
        problem: applied.error,
        view: await viewFor(uow, request, caller.aadObjectId),
      };
    }
    const next = applied.value;
    await notify(ctx, uow, next, nextStep(request, next, command.kind));
    await uow.guidanceRequests.put(next);
    return { ok: true, view: await viewFor(uow, next, caller.aadObjectId) };
  });
  if (result.ok) ctx.onNotificationsEnqueued?.();
  return result;
}

/** The caller's current view of a request (for a stale card, a Teams retry, or "Show"). */
export async function showGuidance(
  ctx: AppContext,
  caller: Caller,
  requestId: string,
): Promise<{ ok: true; view: GuidanceView } | { ok: false; error: 'not-found' | Refusal }> {
  return ctx.store.read(async (uow) => {
    const request = await uow.guidanceRequests.get(requestId);
    if (!request) return { ok: false, error: 'not-found' };
    const actor = await loadActor(ctx, uow, caller);
    const everyone = await loadEveryone(ctx, uow);
    const assignee = everyone.find((p) => p.aadObjectId === request.assignee);
    const involved =
      request.asker === caller.aadObjectId ||
      authorize(actor, { kind: 'guidance.act', request, assignee }).allowed ||
      authorize(actor, { kind: 'guidance.viewAll' }).allowed;
    if (!involved) return { ok: false, error: 'not-authorized' };
    return { ok: true, view: await viewFor(uow, request, caller.aadObjectId) };
  });
}

export interface GuidanceListItem {
  request: GuidanceRequest;
  topicName: { nb: string; en: string };
  /** The other party: the assignee (in "mine") or the asker (in the queue). */
  who: string;
}

export interface GuidanceLists {
  items: GuidanceListItem[];
  /** Only for the UDI coordinator and admins: open and overdue per department of the assignee. */
  departments?: { department: Department; open: number; overdue: number }[];
  principledClosed?: GuidanceListItem[];
}

/** `mine saker`: the caller's own questions, newest first. */
export async function myGuidanceRequests(
  ctx: AppContext,
  caller: Caller,
): Promise<{ ok: true; lists: GuidanceLists } | { ok: false; error: Refusal }> {
  return ctx.store.read(async (uow) => {
    const decision = authorize(await loadActor(ctx, uow, caller), { kind: 'guidance.ask' });
    if (!decision.allowed) return { ok: false, error: decision.reason };
    const everyone = await loadEveryone(ctx, uow);
    const topics = await uow.topics.list();
    const items = (await uow.guidanceRequests.listByAsker(caller.aadObjectId)).map((request) =>
      listItem(everyone, topics, request, request.assignee),
    );
    return { ok: true, lists: { items } };
  });
}

/**
 * `kø`: open requests the caller may act on, oldest first. The UDI coordinator (and admins) see all,
 * with counts per department and the closed principled questions.
 */
export async function guidanceQueue(
  ctx: AppContext,
  caller: Caller,
): Promise<{ ok: true; lists: GuidanceLists; all: boolean } | { ok: false; error: Refusal }> {
  return ctx.store.read(async (uow) => {
    const actor = await loadActor(ctx, uow, caller);
    const decision = authorize(actor, { kind: 'guidance.queue' });
    if (!decision.allowed) return { ok: false, error: decision.reason };
    const everyone = await loadEveryone(ctx, uow);
    const topics = await uow.topics.list();
    const all = authorize(actor, { kind: 'guidance.viewAll' }).allowed;
    const active = (await uow.guidanceRequests.listActive()).filter((r) => r.state !== 'answered');
    const mine = active.filter(
      (request) =>
        all ||
        authorize(actor, {
          kind: 'guidance.act',
          request,
          assignee: everyone.find((p) => p.aadObjectId === request.assignee),
        }).allowed,
    );
    // A coordinator's queue names who asked; the UDI coordinator's overview names who holds it.
    const items = mine.map((r) => listItem(everyone, topics, r, all ? r.assignee : r.asker));
    if (!all) return { ok: true, lists: { items }, all };
    const today = addWorkingDays(ctx.now(), 0);
    const departments = (['AUA', 'OPA', 'ASA', 'RMA'] as const).map((department) => {
      const held = active.filter((r) =>
        everyone
          .find((p) => p.aadObjectId === r.assignee)
          ?.roles.some((role) => role.kind !== 'admin' && role.department === department),
      );
      return { department, open: held.length, overdue: held.filter((r) => r.dueDate < today).length };
    });
    const principledClosed = (await uow.guidanceRequests.listClosedPrincipled(10)).map((r) =>
      listItem(everyone, topics, r, r.asker),
    );
    return { ok: true, lists: { items, departments, principledClosed }, all };
  });
}

/**
 * The deadline round (run by the scheduler): reminds assignees before the deadline, tells the
 * department coordinator when it has passed, and the UDI coordinator some working days later. Each
 * step goes out once per deadline; returns how many cards were enqueued.
 */
export async function runGuidanceDeadlines(ctx: AppContext): Promise<number> {
  const count = await ctx.store.run(async (uow) => {
    const now = ctx.now();
    const today = osloDate(now);
    const everyone = await loadEveryone(ctx, uow);
    let enqueued = 0;
    for (const request of await uow.guidanceRequests.listActive()) {
      const steps = dueDeadlineSteps(request, today, {
        escalateAfterWorkingDays: ctx.guidance.escalateAfterWorkingDays,
      });
      if (steps.length === 0) continue;
      const assignee = everyone.find((p) => p.aadObjectId === request.assignee);
      const post: Plan['post'] = [];
      for (const step of steps) {
        request.reminders[step] = now.toISOString();
        for (const to of deadlineRecipients(step, request, assignee, everyone))
          post.push({ to, banner: step });
      }
      await notify(ctx, uow, request, { post });
      await uow.guidanceRequests.put(request);
      enqueued += post.length;
    }
    return enqueued;
  });
  if (count > 0) ctx.onNotificationsEnqueued?.();
  return count;
}

function deadlineRecipients(
  step: DeadlineStep,
  request: GuidanceRequest,
  assignee: Person | undefined,
  everyone: readonly Person[],
): string[] {
  if (step === 'dueSoon') return [request.assignee];
  const departments =
    step === 'overdueUdi'
      ? ['AUA']
      : (assignee?.roles.flatMap((r) =>
          r.kind === 'admin' || r.department === 'AUA' ? [] : [r.department],
        ) ?? []);
  return everyone
    .filter(
      (p) =>
        p.aadObjectId !== request.assignee &&
        !p.away &&
        p.roles.some((r) => r.kind === 'coordinator' && departments.includes(r.department)),
    )
    .map((p) => p.aadObjectId);
}

// ---- internals ----------------------------------------------------------------------------------

function dueFrom(ctx: AppContext, now: Date): string {
  return addWorkingDays(now, ctx.guidance.deadlineWorkingDays);
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
        ? { post: [{ to: after.assignee, banner: 'forwarded' }] }
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
  const at = ctx.now().toISOString();
  const latestByPerson = new Map<string, string>();
  for (const key of request.cardKeys) latestByPerson.set(personOfKey(key), key);
  for (const [person, latest] of latestByPerson) {
    if (plan.post.some((p) => p.to === person)) continue;
    const key = `${latest.replace(/:v\d+$/, '')}:v${request.cardKeys.length + 1}`;
    await uow.outbox.enqueue(
      {
        recipient: { kind: 'person', aadObjectId: person },
        card: { template: 'guidance-item', data: { ...(await viewFor(uow, request, person)) } },
        key,
        replaces: latest,
        about: request.reference,
      },
      at,
      ctx.newId(),
    );
    request.cardKeys.push(key);
  }
  for (const { to, banner } of plan.post) {
    const key = `guidance:${request.id}:${to}:v${request.cardKeys.length + 1}`;
    await uow.outbox.enqueue(
      {
        recipient: { kind: 'person', aadObjectId: to },
        card: { template: 'guidance-item', data: { ...(await viewFor(uow, request, to)), banner } },
        key,
        origin: to === request.asker ? request.assignee : request.asker,
        about: request.reference,
      },
      at,
      ctx.newId(),
    );
    request.cardKeys.push(key);
  }
}

function personOfKey(key: string): string {
  // guidance:<requestId>:<person>:v<n>
  return key.split(':').slice(2, -1).join(':');
}

async function viewFor(uow: UnitOfWork, request: GuidanceRequest, viewerId: string): Promise<GuidanceView> {
  const people = await uow.people.list();
  const topics = await uow.topics.list();
  const topic = topics.find((t) => t.id === request.topicId);
  const viewer = request.assignee === viewerId ? 'assignee' : request.asker === viewerId ? 'asker' : 'other';
  const side = (k: GuidanceActionKind) => guidancePolicyKind(k) === 'guidance.respond';
  // The assignee's department coordinator and the UDI coordinator may act too (e.g. when told the
  // deadline has passed): they get the assignee's buttons.
  const mayAct =
    viewer === 'assignee' ||
    authorize(
      people.find((p) => p.aadObjectId === viewerId),
      { kind: 'guidance.act', request, assignee: people.find((p) => p.aadObjectId === request.assignee) },
    ).allowed;
  const actions = availableActions(request).filter((k) => (side(k) ? viewer === 'asker' : mayAct));
  const ids = new Set([request.asker, request.assignee, ...request.messages.map((m) => m.by)]);
  const names: Record<string, string> = {};
  for (const id of ids) {
    const name = people.find((p) => p.aadObjectId === id)?.displayName;
    if (name) names[id] = name;
  }
  const forwardChoices = mayAct
    ? people
        .filter((p) => p.aadObjectId !== request.assignee && isNetworkMember(p) && canOwn(p))
        .map((p) => ({ aadObjectId: p.aadObjectId, name: p.displayName }))
        .sort((a, b) => a.name.localeCompare(b.name, 'nb'))
    : [];
  return {
    request,
    topicName: topic?.name ?? { nb: request.topicId, en: request.topicId },
    names,
    viewer,
    actions,
    forwardChoices,
  };
}

/** Coordinators, deputies and contact persons can hold a request. */
function canOwn(person: Person): boolean {
  return isAnyCoordinator(person) || person.roles.some((r) => r.kind === 'contact');
}

function listItem(
  everyone: readonly Person[],
  topics: readonly GuidanceTopic[],
  request: GuidanceRequest,
  other: string,
): GuidanceListItem {
  const topic = topics.find((t) => t.id === request.topicId);
  return {
    request,
    topicName: topic?.name ?? { nb: request.topicId, en: request.topicId },
    who: nameOf(everyone, other) ?? '',
  };
}

/** A display name from the roster (people outside it have none stored). */
function nameOf(everyone: readonly Person[], id: string): string | undefined {
  return everyone.find((p) => p.aadObjectId === id)?.displayName || undefined;
}
