/**
 * The agenda's card verbs for items and meetings' agendas: the raise form and raising, the list with
 * the backlog, one item and a curator's decisions on it (accept, defer, merge, decline, the outcome),
 * a meeting's agenda and its summary. Each answers with the card that replaces the one clicked; a
 * problem keeps the card and what was typed, with the message next to its field.
 */
import { loadActor } from '../../app/actor.js';
import type { AppContext } from '../../app/context.js';
import { type ActionRequest, act, read, textOf, type VerbSpec } from '../../app/feature.js';
import type { Turn } from '../../app/turn.js';
import { type Locale, t } from '../../cards/i18n.js';
import type { AdaptiveCardJson } from '../../cards/render.js';
import { occurrenceOf } from '../../domain/recurrence.js';
import { DEPARTMENTS, isDepartment } from '../../domain/roster.js';
import { noticeCard } from '../../views/cards.js';
import { refuse } from '../../views/refusal.js';
import { agendaDraftFromCheckin } from '../checkins/checkin-agenda.js';
import { dayText, whenText } from '../meetings/meeting-views.js';
import {
  type AgendaOutcome,
  type CurateRequest,
  curateItem,
  draftFrom,
  draftFromRequest,
  type OutcomeRequest,
  raiseItem,
  recordOutcome,
  sendSummary,
} from './agenda.js';
import type { AgendaBanner, AgendaDecision, AgendaFormValues, AgendaItemValues } from './agenda-card-data.js';
import { agendaDeadline } from './agenda-deadlines.js';
import { AGENDA_KINDS, type AgendaItem, FORUMS, OUTCOME_KINDS } from './agenda-items.js';
import { agendaMeeting, itemModel, listModel, meetingText, sheetModel } from './agenda-models.js';
import { authorizeAgenda } from './agenda-policy.js';
import { agendaIn } from './agenda-store.js';
import {
  agendaFormCard,
  agendaItemCard,
  agendaListCard,
  agendaSheetCard,
  type FormModel,
  MINUTE_CHOICES,
} from './agenda-views.js';

/** The raise form's inputs. */
export const FORM_FIELDS = [
  'title',
  'description',
  'agendaKind',
  'department',
  'forum',
  'urgent',
  'minutes',
] as const;

const problemText = (locale: Locale, problem: string) => t(locale, `agenda.errors.${problem}`);

/**
 * What was typed into the raise form (card data is untrusted): texts as typed, a choice only if the
 * form offers it (a forged pick is never shown back as chosen).
 */
function typedForm(data: Record<string, unknown>): AgendaFormValues {
  const offered: Partial<Record<(typeof FORM_FIELDS)[number], readonly string[]>> = {
    agendaKind: AGENDA_KINDS,
    department: DEPARTMENTS,
    forum: FORUMS,
    minutes: MINUTE_CHOICES.map(String),
    urgent: ['true', 'false'],
  };
  const values: AgendaFormValues = {};
  for (const key of FORM_FIELDS) {
    const raw = data[key];
    const value = typeof raw === 'boolean' ? String(raw) : raw;
    if (typeof value !== 'string') continue;
    const choices = offered[key];
    if (!choices || choices.includes(value)) values[key] = value;
  }
  return values;
}

/** The form again, with the caller's values and their problems next to each field. */
async function formAgain(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
  problems: Record<string, string>,
): Promise<AdaptiveCardJson> {
  const { locale, data } = request;
  const errors: Record<string, string> = {};
  for (const [field, problem] of Object.entries(problems)) errors[field] = problemText(locale, problem);
  const model: FormModel = { values: typedForm(data), errors };
  const guidanceId = textOf(data.guidanceId);
  if (guidanceId && guidanceId !== 'none') {
    const from = await draftFromRequest(app, turn.uow, request.caller, guidanceId, {
      answer: t(locale, 'guidance.messageKinds.answer'),
    });
    if (from.ok) model.guidance = { id: guidanceId, reference: from.value.reference };
  }
  return agendaFormCard(locale, model);
}

/** The caller's own department, the form's default. */
async function ownDepartment(app: AppContext, turn: Turn, request: ActionRequest) {
  const actor = await loadActor(app, turn.uow, request.caller);
  const role = actor?.roles.find((r) => 'department' in r);
  return role && 'department' in role && isDepartment(role.department) ? role.department : undefined;
}

/** The raise form, pre-filled from a typed title, a meeting's agenda call or a guidance answer. */
async function startForm(app: AppContext, turn: Turn, request: ActionRequest): Promise<AdaptiveCardJson> {
  const { data, locale } = request;
  const actor = await loadActor(app, turn.uow, request.caller);
  const decision = authorizeAgenda(actor, { kind: 'agenda.submit' });
  if (!decision.allowed) return refuse(app, turn, request, decision.reason);
  const department = await ownDepartment(app, turn, request);
  const values: AgendaFormValues = {
    ...(department ? { department } : {}),
    minutes: '15',
    ...(typeof data.title === 'string' && data.title.trim() ? { title: data.title.trim() } : {}),
  };
  const model: FormModel = { values };
  if (data.requestId !== undefined) {
    const from = await draftFromRequest(app, turn.uow, request.caller, data.requestId, {
      answer: t(locale, 'guidance.messageKinds.answer'),
    });
    if (!from.ok) {
      if ('refusal' in from) return refuse(app, turn, request, from.refusal);
      return noticeCard(locale, 'stale');
    }
    const { draft, reference } = from.value;
    model.values = {
      ...values,
      title: draft.title,
      description: draft.description,
      agendaKind: draft.agendaKind,
      forum: draft.forum,
      minutes: String(draft.minutes),
    };
    model.guidance = { id: textOf(data.requestId) ?? '', reference };
  }
  if (data.checkinId !== undefined && !model.guidance) {
    // RMA's coordinator sends a trend or principled question from a region's check-in on.
    const from = await agendaDraftFromCheckin(
      app,
      turn.uow,
      request.caller,
      data.checkinId,
      data.topicId,
      locale,
    );
    if (!from.ok) {
      if ('refusal' in from) return refuse(app, turn, request, from.refusal);
      return noticeCard(locale, 'stale');
    }
    const { reference: _reference, ...draft } = from.value;
    model.values = { ...model.values, ...draft };
    return agendaFormCard(locale, model);
  }
  const meeting = await agendaMeeting(turn.uow, data.seriesId, data.occurrenceId);
  if (meeting && !model.guidance) {
    const forum = FORUMS.find((f) => f === meeting.series.meetingKind);
    if (forum) {
      model.values = { ...model.values, forum };
      const occurrence = occurrenceOf(meeting.series.schedule, meeting.occurrence);
      const deadline = agendaDeadline({
        ...meeting,
        seriesId: meeting.series.id,
        forum,
        date: occurrence.date,
        startMs: occurrence.startMs,
        deadlineDays: meeting.series.agendaDeadlineDays,
      });
      model.meeting = { forum, when: whenText(locale, occurrence), deadline: dayText(locale, deadline.date) };
    }
  }
  return agendaFormCard(locale, model);
}

// ---- one item ------------------------------------------------------------------------------------

/** The banner an item's card shows for a banner code (the receipt, a decision, a carry-over). */
export async function itemBanner(
  _app: AppContext,
  turn: Turn | { uow: Turn['uow'] },
  locale: Locale,
  item: AgendaItem,
  code: string | undefined,
): Promise<AgendaBanner | undefined> {
  if (!code) return undefined;
  const meeting = (await meetingText(turn.uow, locale, item.meeting)) ?? '';
  switch (code) {
    case 'raised':
      return { text: t(locale, 'agenda.banners.raised', { reference: item.reference }), style: 'good' };
    case 'new':
      return { text: t(locale, 'agenda.banners.new'), style: 'default' };
    case 'accept':
    case 'defer':
    case 'carry-over':
      return {
        text: t(locale, `agenda.banners.${code}`, { meeting }),
        style: code === 'accept' ? 'good' : 'warning',
      };
    case 'merge': {
      const other = item.mergedInto ? await agendaIn(turn.uow).getItem(item.mergedInto) : undefined;
      return { text: t(locale, 'agenda.banners.merge', { other: other?.reference ?? '' }), style: 'default' };
    }
    case 'decline':
      return { text: t(locale, 'agenda.banners.decline'), style: 'attention' };
    case 'outcome':
      return { text: t(locale, 'agenda.banners.outcome'), style: 'good' };
    default:
      return undefined;
  }
}

/** The item named by the card, for the caller, with a banner, values and errors. */
async function itemCardFor(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
  options: {
    banner?: AgendaBanner;
    values?: AgendaItemValues;
    errors?: Record<string, string>;
    open?: AgendaDecision;
  } = {},
): Promise<AdaptiveCardJson> {
  const { data, locale } = request;
  const item = await agendaIn(turn.uow).getItem(textOf(data.itemId) ?? '');
  if (!item) return noticeCard(locale, 'stale');
  const actor = await loadActor(app, turn.uow, request.caller);
  const mayCurate = authorizeAgenda(actor, { kind: 'agenda.curate', item }).allowed;
  if (!mayCurate && item.createdBy !== request.caller.aadObjectId) {
    const decision = authorizeAgenda(actor, { kind: 'agenda.curate', item });
    return refuse(app, turn, request, decision.allowed ? 'not-authorized' : decision.reason);
  }
  const model = await itemModel(
    app,
    turn.uow,
    request.caller.aadObjectId,
    item,
    locale,
    t(locale, 'agenda.left'),
  );
  return agendaItemCard(locale, model, { ...options, fromList: data.listId === 'backlog' });
}

/** What was typed into an item card's forms (text only). */
function typedItem(data: Record<string, unknown>): AgendaItemValues {
  const values: AgendaItemValues = {};
  for (const key of ITEM_FIELDS) if (typeof data[key] === 'string') values[key] = data[key] as string;
  return values;
}
const ITEM_FIELDS = [
  'meetingId',
  'deferMeetingId',
  'deferReason',
  'intoId',
  'declineReason',
  'outcomeKind',
  'outcomeText',
  'personId',
  'due',
] as const;

/** The field each problem of a decision belongs next to. */
const PROBLEM_FIELD: Record<string, Record<string, keyof AgendaItemValues>> = {
  accept: { 'wrong-meeting': 'meetingId' },
  defer: {
    'wrong-meeting': 'deferMeetingId',
    'not-later': 'deferMeetingId',
    'missing-reason': 'deferReason',
    'reason-too-long': 'deferReason',
  },
  merge: { 'bad-merge': 'intoId' },
  decline: { 'missing-reason': 'declineReason', 'reason-too-long': 'declineReason' },
  outcome: {
    'missing-text': 'outcomeText',
    'text-too-long': 'outcomeText',
    'missing-owner': 'personId',
    'bad-due-date': 'due',
  },
};

/** A decision's outcome as the card answering the click. */
async function afterDecision<T>(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
  action: AgendaDecision,
  outcome: AgendaOutcome<T>,
): Promise<AdaptiveCardJson> {
  const { locale, data } = request;
  if (outcome.ok) {
    const item = await agendaIn(turn.uow).getItem(textOf(data.itemId) ?? '');
    const banner = item ? await itemBanner(app, turn, locale, item, action) : undefined;
    return itemCardFor(app, turn, request, banner ? { banner } : {});
  }
  if ('refusal' in outcome) return refuse(app, turn, request, outcome.refusal);
  if ('missing' in outcome) {
    // A meeting or item chosen on the card that names nothing (or nothing it can go on).
    const field = action === 'merge' ? 'intoId' : action === 'defer' ? 'deferMeetingId' : 'meetingId';
    const item = await agendaIn(turn.uow).getItem(textOf(data.itemId) ?? '');
    if (!item) return noticeCard(locale, 'stale');
    return itemCardFor(app, turn, request, {
      open: action,
      values: typedItem(data),
      errors: { [field]: problemText(locale, action === 'merge' ? 'bad-merge' : 'wrong-meeting') },
    });
  }
  const problems =
    'problems' in outcome
      ? outcome.problems
      : { [PROBLEM_FIELD[action]?.[outcome.problem] ?? 'form']: outcome.problem };
  const errors: Record<string, string> = {};
  for (const [field, problem] of Object.entries(problems)) errors[field] = problemText(locale, problem);
  // A problem with a field opens its form in the card; one with the item as a whole stands on top.
  const atField = Object.keys(errors).some((field) => field !== 'form');
  return itemCardFor(app, turn, request, {
    ...(atField ? { open: action } : {}),
    values: typedItem(data),
    errors,
  });
}

/** A decision verb: screened fields refused → the card again; a retry → the card as it is. */
function decision(
  action: AgendaDecision,
  fields: readonly (keyof AgendaItemValues)[],
  build: (
    data: Record<string, unknown>,
  ) => CurateRequest | OutcomeRequest | { problems: Record<string, string> },
): VerbSpec {
  return act(['itemId', 'listId', ...fields], async (app, turn, request) => {
    const { locale, data, refused } = request;
    // An item's card names people and what they raised: it is shown in a personal chat only.
    if (request.scope !== 'personal') return noticeCard(locale, 'personalOnly');
    if (turn.duplicate) return itemCardFor(app, turn, request);
    const atFields = refused.filter((key) => (fields as readonly string[]).includes(key));
    if (refused.length > 0)
      return itemCardFor(app, turn, request, {
        open: action,
        values: typedItem(data),
        errors: {
          ...Object.fromEntries(atFields.map((key) => [key, problemText(locale, 'refused')])),
          ...(atFields.length < refused.length ? { form: problemText(locale, 'refused') } : {}),
        },
      });
    const asked = build(data);
    if ('problems' in asked)
      return afterDecision(app, turn, request, action, { ok: false, problems: asked.problems });
    const outcome: AgendaOutcome<unknown> =
      action === 'outcome'
        ? await recordOutcome(
            app,
            turn.uow,
            request.caller,
            data.itemId,
            asked as OutcomeRequest,
            request.clickedCard,
          )
        : await curateItem(
            app,
            turn.uow,
            request.caller,
            data.itemId,
            asked as CurateRequest,
            request.clickedCard,
          );
    return afterDecision(app, turn, request, action, outcome);
  });
}

/** A meeting chosen on the card ("series|date"), as ids to resolve in the store. */
function meetingOf(value: unknown): { seriesId: unknown; occurrence: unknown } {
  const [seriesId, occurrence] = typeof value === 'string' ? value.split('|') : [];
  return { seriesId, occurrence };
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

function outcomeRequest(
  data: Record<string, unknown>,
): OutcomeRequest | { problems: Record<string, string> } {
  const kind = OUTCOME_KINDS.find((k) => k === data.outcomeKind);
  switch (kind) {
    case 'discussed':
    case 'referred':
      return { kind };
    case 'clarified':
      return { kind, clarification: text(data.outcomeText) };
    case 'initiative':
      return { kind, what: text(data.outcomeText), by: data.personId };
    case 'follow-up':
      return { kind, what: text(data.outcomeText), owner: data.personId, due: data.due };
    default:
      return { problems: { outcomeKind: 'missing' } };
  }
}

// ---- lists and agendas ----------------------------------------------------------------------------

async function listCard(app: AppContext, turn: Turn, request: ActionRequest, banner?: AgendaBanner) {
  const model = await listModel(app, turn.uow, request.caller, request.locale);
  if (!model) {
    const actor = await loadActor(app, turn.uow, request.caller);
    const decision = authorizeAgenda(actor, { kind: 'agenda.submit' });
    return refuse(app, turn, request, decision.allowed ? 'not-authorized' : decision.reason);
  }
  return agendaListCard(request.locale, { ...model, ...(banner ? { banner } : {}) });
}

/** A meeting's agenda (or, once it has begun, with the outcomes) for a curator in their chat. */
async function sheetFor(app: AppContext, turn: Turn, request: ActionRequest, banner?: AgendaBanner) {
  const { data, locale } = request;
  const actor = await loadActor(app, turn.uow, request.caller);
  const allowed = authorizeAgenda(actor, { kind: 'agenda.backlog' });
  if (!allowed.allowed) return refuse(app, turn, request, allowed.reason);
  const meeting = await agendaMeeting(turn.uow, data.seriesId, data.occurrenceId);
  if (!meeting) return noticeCard(locale, 'stale');
  const model = await sheetModel(
    app,
    turn.uow,
    meeting,
    { kind: 'person', aadObjectId: request.caller.aadObjectId },
    locale,
    { left: t(locale, 'agenda.left') },
  );
  return agendaSheetCard(locale, model, banner ? { banner } : {});
}

export const agendaVerbs: Readonly<Record<string, VerbSpec>> = {
  'agenda.start': read(async (app, turn, request) => {
    if (request.scope !== 'personal') return noticeCard(request.locale, 'personalOnly');
    return startForm(app, turn, request);
  }),

  'agenda.raise': act(['guidanceId', ...FORM_FIELDS], async (app, turn, request) => {
    const { data, locale, refused } = request;
    if (request.scope !== 'personal') return noticeCard(locale, 'personalOnly');
    if (turn.duplicate) return listCard(app, turn, request);
    if (refused.length > 0)
      return formAgain(
        app,
        turn,
        request,
        Object.fromEntries(
          refused.map((key) => [(FORM_FIELDS as readonly string[]).includes(key) ? key : 'form', 'refused']),
        ),
      );
    const draft = draftFrom(data);
    const guidanceId = textOf(data.guidanceId);
    if (guidanceId && guidanceId !== 'none') {
      // The request the draft came from must be one the caller asked or answered.
      const from = await draftFromRequest(app, turn.uow, request.caller, guidanceId, {
        answer: t(locale, 'guidance.messageKinds.answer'),
      });
      if (from.ok) draft.fromGuidance = guidanceId;
    }
    const raised = await raiseItem(app, turn.uow, request.caller, draft, request.clickedCard);
    if (!raised.ok) {
      if ('refusal' in raised) return refuse(app, turn, request, raised.refusal);
      if ('problems' in raised) return formAgain(app, turn, request, raised.problems);
      return noticeCard(locale, 'stale');
    }
    const model = await itemModel(
      app,
      turn.uow,
      request.caller.aadObjectId,
      raised.value,
      locale,
      t(locale, 'agenda.left'),
    );
    return agendaItemCard(locale, model, {
      banner: {
        text: t(locale, 'agenda.banners.raised', { reference: raised.value.reference }),
        style: 'good',
      },
    });
  }),

  'agenda.list': read(async (app, turn, request) => {
    if (request.scope !== 'personal') return noticeCard(request.locale, 'personalOnly');
    return listCard(app, turn, request);
  }),

  'agenda.show': read(async (app, turn, request) => {
    if (request.scope !== 'personal') return noticeCard(request.locale, 'personalOnly');
    return itemCardFor(app, turn, request);
  }),

  'agenda.accept': decision('accept', ['meetingId'], (data) => ({
    kind: 'accept',
    ...meetingOf(data.meetingId),
  })),
  'agenda.defer': decision('defer', ['deferMeetingId', 'deferReason'], (data) => ({
    kind: 'defer',
    ...meetingOf(data.deferMeetingId),
    reason: text(data.deferReason),
  })),
  'agenda.merge': decision('merge', ['intoId'], (data) => ({ kind: 'merge', into: data.intoId })),
  'agenda.decline': decision('decline', ['declineReason'], (data) => ({
    kind: 'decline',
    reason: text(data.declineReason),
  })),
  'agenda.outcome': decision('outcome', ['outcomeKind', 'outcomeText', 'personId', 'due'], outcomeRequest),

  'agenda.sheet': read(async (app, turn, request) => {
    // A curator's copy, with their buttons (the channel has its own, posted at the deadline).
    if (request.scope !== 'personal') return noticeCard(request.locale, 'personalOnly');
    return sheetFor(app, turn, request);
  }),

  'agenda.sendSummary': act(['seriesId', 'occurrenceId'], async (app, turn, request) => {
    const { locale } = request;
    if (request.scope !== 'personal') return noticeCard(locale, 'personalOnly');
    if (turn.duplicate) return sheetFor(app, turn, request);
    const sent = await sendSummary(
      app,
      turn.uow,
      request.caller,
      request.data.seriesId,
      request.data.occurrenceId,
    );
    if (!sent.ok) {
      if ('refusal' in sent) return refuse(app, turn, request, sent.refusal);
      if ('problem' in sent)
        return sheetFor(app, turn, request, { text: problemText(locale, sent.problem), style: 'warning' });
      return noticeCard(locale, 'stale');
    }
    return sheetFor(app, turn, request, { text: t(locale, 'agenda.banners.summarySent'), style: 'good' });
  }),
};
