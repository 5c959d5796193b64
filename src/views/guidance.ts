/** Guidance request cards in the reader's language. No I/O. */
import type { GuidanceBanner, GuidanceFormModel, GuidanceLists, GuidanceView } from '../app/guidance.js';
import type { GuidanceItemData } from '../cards/card-data.js';
import { formatDate, formatDateTime, type Locale, t } from '../cards/i18n.js';
import { renderCard } from '../cards/render.js';
import type { GuidanceRequest } from '../domain/guidance-requests.js';
import { DEPARTMENTS } from '../domain/roster.js';
import { osloDate } from '../domain/working-days.js';
import { ageText } from './format.js';
import { departmentName } from './role-text.js';

const SOURCES = ['police', 'ngo', 'lawyer', 'agency', 'other'] as const;
const LIST_LIMIT = 15;

function isOverdue(request: GuidanceRequest, now: number): boolean {
  return (
    request.state !== 'closed' && request.state !== 'answered' && request.dueDate < osloDate(new Date(now))
  );
}

export function guidanceFormCard(locale: Locale, form: GuidanceFormModel) {
  return renderCard(
    'guidance-form',
    {
      topics: form.topics.map((topic) => ({ title: topic.name[locale], value: topic.id })),
      departments: DEPARTMENTS.map((d) => ({ title: departmentName(locale, d), value: d })),
      sources: SOURCES.map((s) => ({ title: t(locale, `guidance.sources.${s}`), value: s })),
      values: form.values,
      ...(form.error ? { error: t(locale, `guidance.errors.${form.error}`) } : {}),
    },
    locale,
  );
}

export function guidanceReceiptCard(
  locale: Locale,
  request: GuidanceRequest,
  topicName: { nb: string; en: string },
  assigneeName: string,
) {
  return renderCard(
    'guidance-receipt',
    {
      reference: request.reference,
      topic: topicName[locale],
      assigneeName,
      dueDate: formatDate(locale, request.dueDate),
    },
    locale,
  );
}

const BANNER_STYLE: Record<GuidanceBanner, 'good' | 'warning' | 'attention' | 'default'> = {
  assigned: 'default',
  answered: 'good',
  infoRequested: 'warning',
  infoProvided: 'default',
  reopened: 'warning',
  forwarded: 'default',
  closed: 'default',
  dueSoon: 'warning',
  overdueCoordinator: 'attention',
  overdueUdi: 'attention',
};

/** The card of one request, for the person viewing it; `problem` is an already localised error to show. */
export function guidanceItemCard(locale: Locale, view: GuidanceView, now: number, problem?: string) {
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
  const data: GuidanceItemData = {
    requestId: request.id,
    reference: request.reference,
    topic: view.topicName[locale],
    state: request.state,
    stateText: t(locale, `guidance.states.${request.state}`),
    viewer: view.viewer,
    askerName: name(request.asker),
    ...(request.askerDepartment ? { askerDepartment: departmentName(locale, request.askerDepartment) } : {}),
    assigneeName: name(request.assignee),
    originText: origin,
    urgent: request.urgency === 'urgent',
    principled: request.principled,
    dueDate: formatDate(locale, request.dueDate),
    overdue: isOverdue(request, now),
    ...(problem
      ? { banner: { text: problem, style: 'attention' as const } }
      : view.banner
        ? { banner: { text: t(locale, `guidance.banners.${view.banner}`), style: BANNER_STYLE[view.banner] } }
        : {}),
    messages: request.messages.map((m) => ({
      who: name(m.by),
      when: formatDateTime(locale, m.at),
      kindText: t(locale, `guidance.messageKinds.${m.kind}`),
      text: m.text,
    })),
    actions: {
      take: has('take'),
      answer: has('answer'),
      askInfo: has('ask-for-info'),
      forward: has('forward') && view.forwardChoices.length > 0,
      escalate: has('escalate'),
      close: has('close'),
      provideInfo: has('provide-info'),
      followUp: has('follow-up'),
      helpful: has('mark-helpful'),
    },
    forwardChoices: view.forwardChoices.map((c) => ({ title: c.name, value: c.aadObjectId })),
    ...(closedText ? { closedText } : {}),
  };
  return renderCard('guidance-item', data, locale);
}

/** `mine saker`, `kø`, or everything for the UDI coordinator. */
export function guidanceListCard(
  locale: Locale,
  kind: 'mine' | 'queue' | 'all',
  lists: GuidanceLists,
  now: number,
) {
  const shown = lists.items.slice(0, LIST_LIMIT);
  return renderCard(
    'guidance-list',
    {
      kind,
      title: t(locale, `guidance.lists.${kind}Title`),
      items: shown.map((item) => ({
        requestId: item.request.id,
        reference: item.request.reference,
        topic: item.topicName[locale],
        stateText: t(locale, `guidance.states.${item.request.state}`),
        age: ageText(locale, item.request.createdAt, now),
        dueDate: formatDate(locale, item.request.dueDate),
        overdue: isOverdue(item.request, now),
        who: item.who || t(locale, 'delivery.recipients.unknown'),
        principled: item.request.principled,
      })),
      ...(lists.departments
        ? {
            departments: lists.departments.map((d) => ({
              name: departmentName(locale, d.department),
              open: d.open,
              overdue: d.overdue,
            })),
          }
        : {}),
      ...(lists.principledClosed
        ? {
            principledClosed: lists.principledClosed.map((item) => ({
              requestId: item.request.id,
              reference: item.request.reference,
              topic: item.topicName[locale],
              closedAt: formatDateTime(locale, item.request.closedAt ?? item.request.updatedAt),
            })),
          }
        : {}),
      ...(lists.items.length > shown.length ? { more: lists.items.length - shown.length } : {}),
    },
    locale,
  );
}
