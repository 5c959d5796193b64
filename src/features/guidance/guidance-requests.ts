/**
 * Guidance requests (veiledningsforespørsler): a question routed to a coordinator or contact
 * person, tracked until it is answered or closed. A pure state machine: no I/O, no clock
 * (timestamps come in as ISO strings), no Bot Framework.
 *
 * Who may perform an action is NOT decided here: ask the policy module first with the policy
 * action named by `guidancePolicyKind(action.kind)` ('guidance.act' for the assignee side,
 * 'guidance.respond' for the asker side), then call `applyGuidanceAction`.
 *
 * Free text (the question, answers, reasons, follow-ups) must pass the privacy guard BEFORE it is
 * given to this module: this module only checks that text is present and not too long.
 *
 * States and actions (anything else is refused with 'not-allowed-in-state'):
 *
 *   take          open                                → in-progress (the taker becomes the assignee)
 *   answer        open | in-progress | awaiting-info  → answered
 *   ask-for-info  open | in-progress                  → awaiting-info
 *   provide-info  awaiting-info                       → in-progress
 *   forward       open | in-progress | awaiting-info  → open, to another assignee
 *   escalate      open | in-progress | awaiting-info  → open, to the UDI coordinator, principled
 *   close         open | in-progress | awaiting-info  → closed without an answer
 *   mark-helpful  answered                            → closed, helpful
 *   follow-up     answered                            → in-progress, same assignee
 */

import type { Result } from '../../domain/result.js';
import type { Department } from '../../domain/roster.js';
import { type TrackedItem, transition, type UnknownEvent } from '../../domain/tracked-item.js';
import type { DeadlineStep } from './guidance-deadlines.js';

export const INQUIRY_ORIGINS = ['internal', 'external'] as const;
export type InquiryOrigin = (typeof INQUIRY_ORIGINS)[number];
/** Where an external question came from (the one list: forms, cards and the store use it). */
export const EXTERNAL_SOURCES = ['police', 'ngo', 'lawyer', 'agency', 'other'] as const;
export type ExternalSource = (typeof EXTERNAL_SOURCES)[number];
export const URGENCIES = ['normal', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const GUIDANCE_STATES = ['open', 'in-progress', 'awaiting-info', 'answered', 'closed'] as const;
export type GuidanceState = (typeof GUIDANCE_STATES)[number];

/** States in which the request waits for the assignee (shown in queues, covered by deadlines). */
export const openStates = [
  'open',
  'in-progress',
  'awaiting-info',
] as const satisfies readonly GuidanceState[];
export type OpenGuidanceState = (typeof openStates)[number];

/** Longest free text accepted in a question, answer, reason or follow-up (characters, after trimming). */
export const GUIDANCE_TEXT_LIMIT = 4000;

/**
 * 'forward' and 'escalate' record who the request went to (`assignedTo`) and why; 'note' is how
 * forwarding and escalation were written before (schema version 3), shown the same way.
 */
export const GUIDANCE_MESSAGE_KINDS = [
  'question',
  'answer',
  'info-request',
  'info',
  'follow-up',
  'forward',
  'escalate',
  'note',
] as const;
export type GuidanceMessageKind = (typeof GUIDANCE_MESSAGE_KINDS)[number];

/** One entry of the conversation about a request, oldest first. */
export interface GuidanceMessage {
  /** ISO timestamp. */
  at: string;
  /** AAD object id of the author. */
  by: string;
  kind: GuidanceMessageKind;
  text: string;
  /** On a 'forward' or 'escalate' entry (and an older 'note'): the AAD object id of the new assignee. */
  assignedTo?: string;
}

/**
 * What happened to a request: one history entry each (`action` is the action's kind, as the history
 * always named it). Where does the text go? The free texts (the question, answers, information,
 * follow-ups, the reasons for forwarding and escalating) stay in `messages`, and an event that wrote
 * one names it by its place there (`message`, an index: messages are only ever appended). They do not
 * move into the history, and are not copied into it:
 * - `messages` is the conversation, exactly as the card shows it: kept as it is, it shows exactly what
 *   it showed, for requests stored before the history was typed too (v3 wrote forwarding as a 'note';
 *   not every message pairs with an entry), and everything that reads the stored conversation (the
 *   store, the outbox tests, the data files people have) stays as it is;
 * - free text is personal data that passed the privacy guard: kept in one place, it is found,
 *   screened or erased in one place, and the history (who did what when) carries none of it;
 * - a text is written once; with the reference, "forwarded to X (reason)" still finds the reason.
 * The one text not in `messages`, why a request was closed without an answer, stays in
 * `closeReason` (a request is closed once: closed is final), which the 'close' entry's line reads.
 */
export type GuidanceEvent =
  /** Asked: `message` is the question. */
  | { action: 'ask'; message: number }
  /** Taken on by the assignee (or someone stepping in, who becomes the assignee). */
  | { action: 'take' }
  | { action: 'answer'; message: number }
  /** The assignee asked the asker for more information (`message`). */
  | { action: 'ask-for-info'; message: number }
  /** The asker gave it (`message`). */
  | { action: 'provide-info'; message: number }
  /** Handed to `assignee` (AAD object id); `message` holds the reason. */
  | { action: 'forward'; assignee: string; message: number }
  /** Handed to the UDI coordinator (or their stand-in), `assignee`; `message` holds the reason. */
  | { action: 'escalate'; assignee: string; message: number }
  /** Closed without an answer; the reason is `closeReason`. */
  | { action: 'close' }
  /** The asker found the answer helpful, which closed it. */
  | { action: 'mark-helpful' }
  /** The asker reopened it with a follow-up question (`message`). */
  | { action: 'follow-up'; message: number }
  /** A step of the deadline ladder was sent (by SYSTEM_ACTOR; the state does not change). */
  | { action: 'deadline-reminder'; step: DeadlineStep }
  | UnknownEvent;

export type GuidanceEventAction = GuidanceEvent['action'];

export interface GuidanceRequest extends TrackedItem<'guidance', GuidanceState, GuidanceEvent> {
  /** Id of the configured topic the question was asked under. */
  topicId: string;
  askerDepartment?: Department;
  origin: InquiryOrigin;
  /** Who the external inquiry came from; only when origin is 'external'. */
  externalSource?: ExternalSource;
  urgency: Urgency;
  /** Flagged by the asker, or set by escalation; never cleared, kept when closed (for the agenda). */
  principled: boolean;
  /** The question as asked (already through the privacy guard). */
  question: string;
  /**
   * People who follow the request without holding it (AAD object ids): the UDI coordinator on a
   * principled question, so their card is updated in place as it moves.
   */
  watchers?: string[];
  /** AAD object id of the current assignee. */
  assignee: string;
  /** AAD object id of the asker (= createdBy). */
  asker: string;
  /** Deadline as an IsoDate 'YYYY-MM-DD', computed by the caller (working days). */
  dueDate: string;
  messages: GuidanceMessage[];
  /** When the latest answer was given (kept after a follow-up reopens the request). */
  answeredAt?: string;
  /** Set exactly when the state is 'closed'. */
  closedAt?: string;
  /** Why it was closed without an answer (only then). */
  closeReason?: string;
  /** True when the asker marked the answer helpful (which closes the request). */
  helpful?: boolean;
  /** When each deadline reminder was sent for the current deadline (set by the use cases). */
  reminders: { dueSoon?: string; overdueCoordinator?: string; overdueUdi?: string };
}

/**
 * What someone does to a request. `dueDate`, where accepted, replaces the deadline (the caller
 * computes it) and clears the reminders sent for the old one; without it the deadline stays.
 */
export type GuidanceAction =
  | { kind: 'take' }
  | { kind: 'answer'; text: string }
  | { kind: 'ask-for-info'; text: string }
  | { kind: 'provide-info'; text: string }
  | { kind: 'forward'; to: string; reason: string; dueDate?: string }
  | { kind: 'escalate'; udiCoordinator: string; reason: string; dueDate?: string }
  | { kind: 'close'; reason: string }
  | { kind: 'mark-helpful' }
  | { kind: 'follow-up'; text: string; dueDate?: string };

export type GuidanceActionKind = GuidanceAction['kind'];

export const GUIDANCE_ACTIONS = [
  'take',
  'answer',
  'ask-for-info',
  'provide-info',
  'forward',
  'escalate',
  'close',
  'mark-helpful',
  'follow-up',
] as const satisfies readonly GuidanceActionKind[];

export type GuidanceError =
  /** The action is not possible in the request's current state (e.g. the request is closed). */
  | { kind: 'not-allowed-in-state'; state: GuidanceState }
  /** Forwarding or escalating to the person who already holds the request. */
  | { kind: 'same-assignee' }
  /** Forwarding or escalating without naming anyone. */
  | { kind: 'missing-assignee' }
  | { kind: 'empty-text' }
  | { kind: 'text-too-long'; limit: number };

const ALLOWED_FROM: Record<GuidanceActionKind, readonly GuidanceState[]> = {
  take: ['open'],
  answer: openStates,
  'ask-for-info': ['open', 'in-progress'],
  'provide-info': ['awaiting-info'],
  forward: openStates,
  escalate: openStates,
  close: openStates,
  'mark-helpful': ['answered'],
  'follow-up': ['answered'],
};

const ASKER_SIDE: readonly GuidanceActionKind[] = ['provide-info', 'mark-helpful', 'follow-up'];

/**
 * The policy action that guards an action: 'guidance.respond' for what the asker does
 * (provide-info, mark-helpful, follow-up), 'guidance.act' for everything the assignee side does.
 */
export function guidancePolicyKind(kind: GuidanceActionKind): 'guidance.act' | 'guidance.respond' {
  return ASKER_SIDE.includes(kind) ? 'guidance.respond' : 'guidance.act';
}

/** Whether the action is possible in the given state (who acts is the policy module's question). */
export function isAllowedInState(kind: GuidanceActionKind, state: GuidanceState): boolean {
  return ALLOWED_FROM[kind].includes(state);
}

/** The actions possible in the request's current state, in `GUIDANCE_ACTIONS` order (for card buttons). */
export function availableActions(request: Pick<GuidanceRequest, 'state'>): GuidanceActionKind[] {
  return GUIDANCE_ACTIONS.filter((kind) => isAllowedInState(kind, request.state));
}

/** True while the request waits for the assignee side: open, in progress or awaiting information. */
export function isOpen(request: Pick<GuidanceRequest, 'state'>): boolean {
  return (openStates as readonly GuidanceState[]).includes(request.state);
}

/** Trims free text and checks that it is present and within `GUIDANCE_TEXT_LIMIT`. */
export function checkGuidanceText(text: string): Result<string, GuidanceError> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: { kind: 'empty-text' } };
  if (trimmed.length > GUIDANCE_TEXT_LIMIT)
    return { ok: false, error: { kind: 'text-too-long', limit: GUIDANCE_TEXT_LIMIT } };
  return { ok: true, value: trimmed };
}

export interface NewGuidanceRequestArgs {
  id: string;
  /** Human reference, e.g. "V-2026-0042" (see `formatReference`). */
  reference: string;
  topicId: string;
  /** AAD object id of the asker. */
  asker: string;
  askerDepartment?: Department;
  origin: InquiryOrigin;
  /** Kept only when origin is 'external'. */
  externalSource?: ExternalSource;
  urgency: Urgency;
  /** The asker's "this is a principled question" flag; false when absent. */
  principled?: boolean;
  /** The question, already through the privacy guard. */
  question: string;
  /** AAD object id of the person the routing chose. */
  assignee: string;
  /** Who follows it from the start (see GuidanceRequest.watchers). */
  watchers?: string[];
  /** IsoDate 'YYYY-MM-DD'. */
  dueDate: string;
  /** ISO timestamp. */
  at: string;
}

/**
 * Creates an open request with the question as its first message. Refuses an empty or too long
 * question ('empty-text', 'text-too-long'). The question must have passed the privacy guard.
 */
export function newGuidanceRequest(args: NewGuidanceRequestArgs): Result<GuidanceRequest, GuidanceError> {
  const question = checkGuidanceText(args.question);
  if (!question.ok) return question;
  const request: GuidanceRequest = {
    id: args.id,
    reference: args.reference,
    kind: 'guidance',
    state: 'open',
    createdAt: args.at,
    createdBy: args.asker,
    updatedAt: args.at,
    history: [{ at: args.at, by: args.asker, action: 'ask', message: 0, to: 'open' }],
    parties: [],
    cardVersion: 0,
    topicId: args.topicId,
    ...(args.askerDepartment ? { askerDepartment: args.askerDepartment } : {}),
    origin: args.origin,
    ...(args.origin === 'external' && args.externalSource ? { externalSource: args.externalSource } : {}),
    urgency: args.urgency,
    principled: args.principled ?? false,
    question: question.value,
    assignee: args.assignee,
    asker: args.asker,
    ...(args.watchers && args.watchers.length > 0 ? { watchers: [...args.watchers] } : {}),
    dueDate: args.dueDate,
    messages: [{ at: args.at, by: args.asker, kind: 'question', text: question.value }],
    reminders: {},
  };
  return { ok: true, value: request };
}

/**
 * Applies one action by `actor` (AAD object id) at `at` (ISO timestamp). On success the result
 * has the new state, one more history entry (from/to and the typed event: `action` = the action's
 * kind, with the message it wrote and the new assignee where there are) and updatedAt = at.
 * The caller must have checked the policy (see `guidancePolicyKind`) and run the privacy guard on
 * any text. Errors: 'not-allowed-in-state' (with the current state), 'same-assignee',
 * 'missing-assignee', 'empty-text', 'text-too-long'.
 */
export function applyGuidanceAction(
  request: GuidanceRequest,
  action: GuidanceAction,
  actor: string,
  at: string,
): Result<GuidanceRequest, GuidanceError> {
  if (!isAllowedInState(action.kind, request.state))
    return { ok: false, error: { kind: 'not-allowed-in-state', state: request.state } };
  const move = (
    to: GuidanceState,
    event: GuidanceEvent,
    changes: Partial<GuidanceRequest> = {},
  ): GuidanceRequest => ({
    ...transition(request, to, actor, event, at),
    ...changes,
  });
  // The place of the message this action writes, if it writes one (messages are only appended).
  const written = request.messages.length;
  const message = (kind: GuidanceMessageKind, text: string, assignedTo?: string): GuidanceMessage[] => [
    ...request.messages,
    { at, by: actor, kind, text, ...(assignedTo !== undefined ? { assignedTo } : {}) },
  ];
  const deadline = (dueDate: string | undefined): Partial<GuidanceRequest> =>
    dueDate === undefined ? {} : { dueDate, reminders: {} };

  switch (action.kind) {
    case 'take':
      return ok(move('in-progress', { action: 'take' }, { assignee: actor }));
    case 'answer':
      return withText(action.text, (text) =>
        move(
          'answered',
          { action: 'answer', message: written },
          { answeredAt: at, messages: message('answer', text) },
        ),
      );
    case 'ask-for-info':
      return withText(action.text, (text) =>
        move(
          'awaiting-info',
          { action: 'ask-for-info', message: written },
          { messages: message('info-request', text) },
        ),
      );
    case 'provide-info':
      return withText(action.text, (text) =>
        move(
          'in-progress',
          { action: 'provide-info', message: written },
          { messages: message('info', text) },
        ),
      );
    case 'forward': {
      const target = checkAssignee(request, action.to);
      if (target) return { ok: false, error: target };
      return withText(action.reason, (reason) =>
        move(
          'open',
          { action: 'forward', assignee: action.to, message: written },
          {
            assignee: action.to,
            messages: message('forward', reason, action.to),
            ...deadline(action.dueDate),
          },
        ),
      );
    }
    case 'escalate': {
      const target = checkAssignee(request, action.udiCoordinator);
      if (target) return { ok: false, error: target };
      return withText(action.reason, (reason) =>
        move(
          'open',
          { action: 'escalate', assignee: action.udiCoordinator, message: written },
          {
            assignee: action.udiCoordinator,
            principled: true,
            messages: message('escalate', reason, action.udiCoordinator),
            ...deadline(action.dueDate),
          },
        ),
      );
    }
    case 'close':
      return withText(action.reason, (reason) =>
        move('closed', { action: 'close' }, { closedAt: at, closeReason: reason }),
      );
    case 'mark-helpful':
      return ok(move('closed', { action: 'mark-helpful' }, { closedAt: at, helpful: true }));
    case 'follow-up':
      return withText(action.text, (text) =>
        move(
          'in-progress',
          { action: 'follow-up', message: written },
          { messages: message('follow-up', text), ...deadline(action.dueDate) },
        ),
      );
  }
}

function ok(value: GuidanceRequest): Result<GuidanceRequest, GuidanceError> {
  return { ok: true, value };
}

function withText(
  text: string,
  build: (checked: string) => GuidanceRequest,
): Result<GuidanceRequest, GuidanceError> {
  const checked = checkGuidanceText(text);
  return checked.ok ? ok(build(checked.value)) : checked;
}

function checkAssignee(request: GuidanceRequest, to: string): GuidanceError | undefined {
  if (to.trim() === '') return { kind: 'missing-assignee' };
  if (to === request.assignee) return { kind: 'same-assignee' };
  return undefined;
}
