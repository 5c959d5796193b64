/** Guidance request cards in the reader's language. No I/O. */

import { formatDate, formatDateTime, type Locale, t } from '../../cards/i18n.js';
import { renderCard } from '../../cards/render.js';
import { DEPARTMENTS } from '../../domain/roster.js';
import type { HistoryEntry } from '../../domain/tracked-item.js';
import { osloDate } from '../../domain/working-days.js';
import { shownText } from '../../views/deleted-text.js';
import { ageText } from '../../views/format.js';
import { departmentName, roleText } from '../../views/role-text.js';
import {
  type ForwardChoice,
  GUIDANCE_FORM_FIELDS,
  GUIDANCE_LIST_LIMIT,
  type GuidanceBanner,
  type GuidanceFormModel,
  type GuidanceFormState,
  type GuidanceLists,
  type GuidanceProblemCode,
  type GuidanceView,
} from './guidance.js';
import type { GuidanceItemData, GuidanceItemEdit } from './guidance-card-data.js';
import {
  EXTERNAL_SOURCES,
  GUIDANCE_TEXT_LIMIT,
  type GuidanceEvent,
  type GuidanceMessage,
  type GuidanceRequest,
} from './guidance-requests.js';

const SOURCES = EXTERNAL_SOURCES;

const upperFirst = (text: string): string => text.charAt(0).toLocaleUpperCase('nb') + text.slice(1);

/** The list an item card was opened from ('none' when it was not opened from a list). */
export type ListId = GuidanceItemData['listId'];

function isOverdue(request: GuidanceRequest, now: number): boolean {
  return (
    request.state !== 'closed' && request.state !== 'answered' && request.dueDate < osloDate(new Date(now))
  );
}

/** A form problem's text: `guidance.errors.<code>`. */
function problemText(locale: Locale, code: string): string {
  return t(locale, `guidance.errors.${code}`, { limit: GUIDANCE_TEXT_LIMIT });
}

export function guidanceFormCard(locale: Locale, form: GuidanceFormModel) {
  const errors: Record<string, string> = {};
  for (const problem of form.problems ?? [])
    errors[problem.field ?? 'form'] ??= problemText(locale, problem.code);
  return renderCard(
    'guidance-form',
    {
      topics: form.topics.map((topic) => ({ title: topic.name[locale], value: topic.id })),
      departments: DEPARTMENTS.map((d) => ({ title: departmentName(locale, d), value: d })),
      // The words read inside a sentence ("fra politiet"); as choices they start with a capital.
      sources: SOURCES.map((s) => ({ title: upperFirst(t(locale, `guidance.sources.${s}`)), value: s })),
      values: form.values,
      ...(Object.keys(errors).length > 0 ? { errors } : {}),
    },
    locale,
  );
}

export function guidanceReceiptCard(
  locale: Locale,
  request: GuidanceRequest,
  topicName: { nb: string; en: string },
  assigneeName: string,
  options: { showState?: boolean; superseded?: boolean; related?: readonly string[] } = {},
) {
  const done = request.state === 'answered' || request.state === 'closed';
  // Once superseded, the receipt says where to follow the request instead of a status that stops here.
  const showState = options.showState && !options.superseded;
  return renderCard(
    'guidance-receipt',
    {
      requestId: request.id,
      reference: request.reference,
      topic: topicName[locale],
      assigneeName,
      ...(done ? {} : { dueDate: formatDate(locale, request.dueDate) }),
      urgent: request.urgency === 'urgent',
      // Kept up to date (the asker's live card): where the request stands now.
      ...(showState ? { stateText: t(locale, `guidance.states.${request.state}`) } : {}),
      ...(options.superseded ? { superseded: true } : {}),
      ...(options.related && options.related.length > 0
        ? { related: options.related.map((text) => ({ text })) }
        : {}),
    },
    locale,
  );
}

const BANNER_STYLE: Record<GuidanceBanner, 'good' | 'warning' | 'attention' | 'default'> = {
  assigned: 'default',
  watching: 'default',
  answered: 'good',
  infoRequested: 'warning',
  infoProvided: 'default',
  reopened: 'warning',
  forwarded: 'default',
  closed: 'default',
  dueSoon: 'warning',
  overdueCoordinator: 'attention',
  overdueUdi: 'attention',
  escalated: 'warning',
  superseded: 'default',
};

/** What the item card shows besides the request itself. */
export interface GuidanceItemOptions {
  /** The list it was opened from: adds "Back to the list". */
  listId?: ListId;
  /** An inline form that could not be sent: shown open, with what was typed and the problems. */
  form?: GuidanceFormState;
  /** A problem that belongs to no field (e.g. the request moved on meanwhile), shown as the banner. */
  problem?: GuidanceProblemCode;
}

/** "Ola Nordmann · Koordinator · OPA" for the forward picker. */
function choiceTitle(locale: Locale, choice: ForwardChoice): string {
  const roles = choice.roles.map((view) => roleText(locale, view)).join(', ');
  return roles ? `${choice.name} · ${roles}` : choice.name;
}

/** How a message in the conversation is headed ("Svar", "Sendt videre til Ola"). */
function messageKindText(locale: Locale, message: GuidanceMessage, name: (id: string) => string): string {
  if (message.assignedTo && (message.kind === 'forward' || message.kind === 'note'))
    return t(locale, 'guidance.messageKinds.forward', { name: name(message.assignedTo) });
  if (message.assignedTo && message.kind === 'escalate')
    return t(locale, 'guidance.messageKinds.escalate', { name: name(message.assignedTo) });
  return t(locale, `guidance.messageKinds.${message.kind}`);
}

const FORM_TEXT: Record<
  GuidanceFormState['action'],
  { title: string; label: string; submit: string; hint?: string }
> = {
  answer: { title: 'actions.answer', label: 'forms.answerLabel', submit: 'forms.sendAnswer' },
  'ask-for-info': { title: 'actions.askInfo', label: 'forms.infoLabel', submit: 'forms.send' },
  'provide-info': { title: 'actions.provideInfo', label: 'forms.provideLabel', submit: 'forms.send' },
  forward: { title: 'actions.forward', label: 'forms.forwardReasonLabel', submit: 'forms.sendForward' },
  escalate: {
    title: 'actions.escalate',
    label: 'forms.escalateReasonLabel',
    submit: 'forms.sendEscalate',
    hint: 'forms.escalateHint',
  },
  close: { title: 'actions.close', label: 'forms.closeReasonLabel', submit: 'forms.sendClose' },
  'follow-up': { title: 'actions.followUp', label: 'forms.followUpLabel', submit: 'forms.send' },
};

function editData(
  locale: Locale,
  form: GuidanceFormState,
  choices: { title: string; value: string }[],
  awayText: string | undefined,
): GuidanceItemEdit {
  const text = FORM_TEXT[form.action];
  const item = (key: string) => t(locale, `guidance.item.${key}`);
  const errorOf = (field: string) => {
    const problem = form.problems.find((p) => p.field === field);
    return problem ? problemText(locale, problem.code) : undefined;
  };
  // Each form has one text input, its last field (forwarding has the picker before it).
  const fields = GUIDANCE_FORM_FIELDS[form.action];
  const textId = fields[fields.length - 1] ?? 'answerText';
  const values = form.values as Record<string, string | undefined>;
  const formProblem = form.problems.find((p) => p.field === undefined);
  const pickerError = errorOf('forwardTo');
  const textError = errorOf(textId);
  return {
    action: form.action,
    title: item(text.title),
    ...(text.hint ? { hint: item(text.hint) } : {}),
    ...(form.action === 'forward'
      ? {
          picker: {
            value: values.forwardTo ?? '',
            choices,
            ...(pickerError ? { error: pickerError } : {}),
            ...(awayText ? { awayText } : {}),
          },
        }
      : {}),
    textId,
    textLabel: item(text.label),
    textValue: values[textId] ?? '',
    ...(textError ? { textError } : {}),
    ...(formProblem ? { formError: problemText(locale, formProblem.code) } : {}),
    submit: item(text.submit),
  };
}

/** The card of one request, for the person viewing it. */
export function guidanceItemCard(
  locale: Locale,
  view: GuidanceView,
  now: number,
  options: GuidanceItemOptions = {},
) {
  const { request } = view;
  const name = (id: string) => view.names[id] ?? t(locale, 'delivery.recipients.unknown');
  const has = (kind: GuidanceView['actions'][number]) => view.actions.includes(kind);
  const origin =
    request.origin === 'external'
      ? t(locale, 'guidance.origins.external', {
          source: t(locale, `guidance.sources.${request.externalSource ?? 'other'}`),
        })
      : t(locale, 'guidance.origins.internal');
  const closedText =
    request.state !== 'closed'
      ? undefined
      : request.helpful
        ? t(locale, 'guidance.closed.helpful')
        : request.closeReason
          ? t(locale, 'guidance.closed.withoutAnswer', { reason: request.closeReason })
          : t(locale, 'guidance.closed.done');
  const forwardChoices = view.forwardChoices.map((c) => ({
    title: choiceTitle(locale, c),
    value: c.aadObjectId,
  }));
  const awayText =
    view.awayNames && view.awayNames.length > 0
      ? t(locale, 'guidance.item.forms.awayNow', { names: view.awayNames.join(', ') })
      : undefined;
  const banner = options.problem
    ? { text: problemText(locale, options.problem), style: 'attention' as const }
    : view.banner
      ? { text: t(locale, `guidance.banners.${view.banner}`), style: BANNER_STYLE[view.banner] }
      : undefined;
  const data: GuidanceItemData = {
    requestId: request.id,
    listId: options.listId ?? 'none',
    reference: request.reference,
    topic: view.topicName[locale],
    state: request.state,
    stateText: t(locale, `guidance.states.${request.state}`),
    viewer: view.viewer,
    askerName: name(request.asker),
    ...(request.askerDepartment
      ? { askerDepartment: t(locale, `department.short.${request.askerDepartment}`) }
      : {}),
    assigneeName: name(request.assignee),
    originText: origin,
    urgent: request.urgency === 'urgent',
    principled: request.principled,
    // A deadline matters while someone is to act on it, not once it is answered or closed.
    ...(request.state === 'answered' || request.state === 'closed'
      ? {}
      : { dueDate: formatDate(locale, request.dueDate) }),
    overdue: isOverdue(request, now),
    ...(banner ? { banner } : {}),
    messages: request.messages.map((m) => ({
      who: name(m.by),
      when: formatDateTime(locale, m.at),
      kindText: messageKindText(locale, m, name),
      text: shownText(locale, m.text, request),
    })),
    actions: {
      take: has('take'),
      answer: has('answer'),
      askInfo: has('ask-for-info'),
      forward: has('forward') && forwardChoices.length > 0,
      escalate: has('escalate'),
      close: has('close'),
      provideInfo: has('provide-info'),
      followUp: has('follow-up'),
      helpful: has('mark-helpful'),
    },
    forwardChoices,
    ...(awayText ? { awayText } : {}),
    ...(closedText ? { closedText } : {}),
    ...(view.raise
      ? { raise: [{ verb: view.raise.verb, title: t(locale, view.raise.titleKey), requestId: request.id }] }
      : {}),
    ...(options.form && has(options.form.action)
      ? { edit: editData(locale, options.form, forwardChoices, awayText) }
      : {}),
  };
  return renderCard('guidance-item', data, locale);
}

/** "sendt for 3 t siden", or "sendt nå nettopp" in the first minute. */
function sentAgo(locale: Locale, createdAt: string, now: number): string {
  if (now - Date.parse(createdAt) < 60_000) return t(locale, 'guidance.lists.ageJustNow');
  return t(locale, 'guidance.lists.age', { age: ageText(locale, createdAt, now) });
}

/** `mine saker`, `kø`, or everything for the UDI coordinator. */
export function guidanceListCard(
  locale: Locale,
  kind: 'mine' | 'queue' | 'all',
  lists: GuidanceLists,
  now: number,
) {
  const shown = lists.items.slice(0, GUIDANCE_LIST_LIMIT);
  return renderCard(
    'guidance-list',
    {
      kind,
      title: t(locale, `guidance.lists.${kind}Title`),
      items: shown.map((item) => ({
        requestId: item.request.id,
        listId: kind,
        reference: item.request.reference,
        topic: item.topicName[locale],
        stateText: t(locale, `guidance.states.${item.request.state}`),
        age: sentAgo(locale, item.request.createdAt, now),
        ...(item.request.state === 'answered' || item.request.state === 'closed'
          ? {}
          : { dueDate: formatDate(locale, item.request.dueDate) }),
        overdue: isOverdue(item.request, now),
        who: item.who || t(locale, 'delivery.recipients.unknown'),
        principled: item.request.principled,
        urgent: item.request.urgency === 'urgent' && item.request.state !== 'closed',
      })),
      ...(lists.departments
        ? {
            departments: lists.departments.map((d) => ({
              name: departmentName(locale, d.department),
              counts: t(locale, 'guidance.lists.departmentCounts', {
                open: t(locale, d.open === 1 ? 'guidance.lists.openOne' : 'guidance.lists.openMany', {
                  n: d.open,
                }),
                overdue: t(locale, 'guidance.lists.overdueCount', { n: d.overdue }),
              }),
            })),
          }
        : {}),
      ...(lists.principledClosed
        ? {
            principledClosed: lists.principledClosed.map((item) => ({
              requestId: item.request.id,
              listId: 'all' as const,
              reference: item.request.reference,
              topic: item.topicName[locale],
              closedAt: formatDateTime(locale, item.request.closedAt ?? item.request.updatedAt),
            })),
          }
        : {}),
      ...((lists.total ?? lists.items.length) > shown.length
        ? { more: (lists.total ?? lists.items.length) - shown.length }
        : {}),
    },
    locale,
  );
}

/**
 * One entry of a request's history as a line in the reader's language (`guidance.history.*`), e.g.
 * "Sendt videre til Ola Nordmann (Gjelder OPA)". The texts come from the request: a reason from the
 * message the entry names, a closing's from `closeReason` (a line without it when it is missing).
 * `name` gives a person's display name from their AAD object id.
 */
export function guidanceHistoryLine(
  locale: Locale,
  entry: HistoryEntry<GuidanceEvent>,
  request: Pick<GuidanceRequest, 'messages' | 'closeReason'>,
  name: (aadObjectId: string) => string,
): string {
  const line = (key: string, vars?: Record<string, string>) => t(locale, `guidance.history.${key}`, vars);
  const withReason = (text: string, reason: string | undefined) =>
    reason ? line('withReason', { line: text, reason }) : text;
  switch (entry.action) {
    case 'ask':
    case 'take':
    case 'answer':
    case 'ask-for-info':
    case 'provide-info':
    case 'mark-helpful':
    case 'follow-up':
      return line(entry.action);
    case 'forward':
    case 'escalate':
      return withReason(
        line(entry.action, { name: name(entry.assignee) }),
        request.messages[entry.message]?.text,
      );
    case 'close':
      return withReason(line('close'), request.closeReason);
    case 'deadline-reminder':
      return line(`deadline-reminder.${entry.step}`);
    case 'unknown':
      return line('unknown', { original: entry.original });
  }
}
