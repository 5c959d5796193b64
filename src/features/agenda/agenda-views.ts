/**
 * The agenda's cards: the raise form, one item (the submitter's receipt kept up to date, or a
 * curator's card with accept, defer, merge, decline and, once the meeting has begun, the outcome
 * form), the list (one's own items and, for curators, the backlog by meeting) and a meeting's posted
 * agenda or summary. Each reader sees only the buttons that make sense for them. Pure: the models
 * come from agenda-models.ts; texts from the catalog (cards/i18n/<locale>/agenda.json).
 */
import type { Choice } from '../../cards/card-data.js';
import { formatDateTime, type Locale, t } from '../../cards/i18n.js';
import { renderCard } from '../../cards/render.js';
import { DEPARTMENTS, type Department } from '../../domain/roster.js';
import type { IsoDate } from '../../domain/working-days.js';
import { shownText } from '../../views/deleted-text.js';
import { dayText } from '../meetings/meeting-views.js';
import type {
  AgendaBanner,
  AgendaDecision,
  AgendaFact,
  AgendaFormValues,
  AgendaItemData,
  AgendaItemValues,
  AgendaListRow,
  AgendaSheetLine,
} from './agenda-card-data.js';
import type { CompiledAgenda } from './agenda-compile.js';
import {
  AGENDA_KINDS,
  type AgendaItem,
  FORUMS,
  type Forum,
  OUTCOME_KINDS,
  type Outcome,
} from './agenda-items.js';

/** The minutes offered on the form. */
export const MINUTE_CHOICES = [5, 10, 15, 20, 30, 45, 60, 90] as const;

const departmentName = (locale: Locale, d: Department) => t(locale, `department.${d}`);
const short = (locale: Locale, d: Department) => t(locale, `department.short.${d}`);

// ---- the raise form ------------------------------------------------------------------------------

export interface FormModel {
  values: AgendaFormValues;
  /** The answered guidance request the draft came from (its id and reference). */
  guidance?: { id: string; reference: string };
  /** The meeting whose agenda call it came from, in words. */
  meeting?: { forum: Forum; when: string; deadline: string };
  errors?: AgendaItemErrors;
}
type AgendaItemErrors = Partial<Record<string, string>>;

export function agendaFormCard(locale: Locale, model: FormModel) {
  const source = model.guidance
    ? t(locale, 'agenda.form.fromGuidance', { reference: model.guidance.reference })
    : model.meeting
      ? t(locale, 'agenda.form.fromMeeting', {
          forum: t(locale, `agenda.export.forum.${model.meeting.forum}`),
          when: model.meeting.when,
          deadline: model.meeting.deadline,
        })
      : undefined;
  return renderCard(
    'agenda-form',
    {
      kinds: AGENDA_KINDS.map((k) => ({ title: t(locale, `agenda.export.kind.${k}`), value: k })),
      departments: DEPARTMENTS.map((d) => ({ title: departmentName(locale, d), value: d })),
      forums: FORUMS.map((f) => ({ title: t(locale, `agenda.forums.${f}`), value: f })),
      minuteChoices: MINUTE_CHOICES.map((n) => ({
        title: t(locale, 'agenda.form.minutesValue', { n }),
        value: String(n),
      })),
      values: model.values,
      guidanceId: model.guidance?.id ?? 'none',
      ...(source ? { source } : {}),
      ...(model.errors && Object.keys(model.errors).length > 0 ? { errors: model.errors } : {}),
    },
    locale,
  );
}

// ---- one item --------------------------------------------------------------------------------------

/** A meeting an item can go on, in words. */
export interface MeetingChoice {
  /** `${seriesId}|${occurrence}` (resolved in the store when it comes back). */
  id: string;
  title: string;
}

export const meetingChoiceId = (seriesId: string, occurrence: string) => `${seriesId}|${occurrence}`;

/** What a curator may do with the item now, and the choices the forms offer. */
export interface CurateModel {
  meetings: MeetingChoice[];
  items: Pick<AgendaItem, 'id' | 'reference' | 'title'>[];
  people: { aadObjectId: string; displayName: string }[];
  canAccept: boolean;
  canDefer: boolean;
  canMerge: boolean;
  canDecline: boolean;
  canRecord: boolean;
  defaultDue: IsoDate;
}

export interface ItemModel {
  item: AgendaItem;
  submitterName: string;
  /** The meeting it is on, in words ("Koordinatormøte tirsdag 12. januar 2027 kl. 09:00–10:30"). */
  meetingText?: string;
  /** The item it was merged into. */
  mergedInto?: Pick<AgendaItem, 'reference' | 'title'>;
  /** A person's name by AAD object id (owners, who takes an initiative). */
  nameOf: (aadObjectId: string) => string;
  curate?: CurateModel;
}

export interface ItemCardOptions {
  /** Why the card came (a curator's decision, a carry-over, the receipt), already in words. */
  banner?: AgendaBanner;
  /** The decision whose form stands open after a problem. */
  open?: AgendaDecision;
  fromList?: boolean;
  values?: AgendaItemValues;
  errors?: AgendaItemErrors;
  superseded?: boolean;
}

/** Whether a decision's form can stand open on the card (what the card's buttons would offer). */
function canOpen(decision: AgendaDecision, curate: CurateModel): boolean {
  switch (decision) {
    case 'accept':
      return curate.canAccept && curate.meetings.length > 0;
    case 'defer':
      return curate.canDefer && curate.meetings.length > 0;
    case 'merge':
      return curate.canMerge && curate.items.length > 0;
    case 'decline':
      return curate.canDecline;
    case 'outcome':
      return curate.canRecord;
  }
}

/**
 * What was typed, shown again: a choice only if the card offers it (a forged or no longer eligible
 * pick is never shown back as if chosen), a date only as a date; texts as typed.
 */
function offeredValues(values: AgendaItemValues, curate: CurateModel | undefined): AgendaItemValues {
  const meetings = new Set(curate?.meetings.map((m) => m.id));
  const items = new Set(curate?.items.map((i) => i.id));
  const people = new Set(curate?.people.map((p) => p.aadObjectId));
  const kinds = new Set<string>(OUTCOME_KINDS);
  const kept: AgendaItemValues = {};
  const keep = (key: keyof AgendaItemValues, ok: (value: string) => boolean) => {
    const value = values[key];
    if (value !== undefined && ok(value)) kept[key] = value;
  };
  keep('meetingId', (v) => meetings.has(v));
  keep('deferMeetingId', (v) => meetings.has(v));
  keep('intoId', (v) => items.has(v));
  keep('personId', (v) => people.has(v));
  keep('outcomeKind', (v) => kinds.has(v));
  keep('due', (v) => /^\d{4}-\d{2}-\d{2}$/.test(v));
  keep('deferReason', () => true);
  keep('declineReason', () => true);
  keep('outcomeText', () => true);
  return kept;
}

/** What came of an item, in words. */
export function outcomeText(locale: Locale, outcome: Outcome, nameOf: (id: string) => string): string {
  switch (outcome.kind) {
    case 'discussed':
    case 'referred':
      return t(locale, `agenda.item.outcomes.${outcome.kind}`);
    case 'clarified':
      return t(locale, 'agenda.item.outcomes.clarified', { text: outcome.clarification });
    case 'initiative':
      return t(locale, 'agenda.item.outcomes.initiative', { text: outcome.what, name: nameOf(outcome.by) });
    case 'follow-up':
      return t(locale, 'agenda.item.outcomes.follow-up', {
        text: outcome.what,
        name: nameOf(outcome.owner),
        date: dayText(locale, outcome.due),
      });
  }
}

/** The card's line under the title: the reference and where the item stands. */
function subtitleOf(locale: Locale, item: AgendaItem): string {
  return `${item.reference} · ${t(locale, `agenda.export.state.${item.state}`)}`;
}

export function agendaItemCard(locale: Locale, model: ItemModel, options: ItemCardOptions = {}) {
  const { item } = model;
  const fact = (key: string, value: string): AgendaFact => ({
    title: t(locale, `agenda.item.${key}`),
    value,
  });
  const facts: AgendaFact[] = [
    fact('kind', t(locale, `agenda.export.kind.${item.agendaKind}`)),
    fact('department', departmentName(locale, item.department)),
    fact('forum', t(locale, `agenda.export.forum.${item.forum}`)),
    ...(model.meetingText && item.state !== 'declined' && item.state !== 'merged'
      ? [fact('meeting', model.meetingText)]
      : []),
    fact('minutes', t(locale, 'agenda.item.minutesValue', { n: item.minutes })),
    ...(item.urgent ? [fact('urgent', t(locale, 'agenda.item.yes'))] : []),
    ...(item.carriedOver > 0
      ? [fact('carriedOver', t(locale, 'agenda.item.carriedTimes', { count: item.carriedOver }))]
      : []),
    ...(model.mergedInto
      ? [fact('mergedInto', `${model.mergedInto.reference} ${model.mergedInto.title}`)]
      : []),
    fact('submitter', model.submitterName),
    fact('raised', dayText(locale, item.createdAt.slice(0, 10) as IsoDate)),
  ];
  const curate = options.superseded ? undefined : model.curate;
  const errors: Partial<Record<string, string>> = { ...(options.errors ?? {}) };
  // A form the card cannot show (no meeting of the item's forum to offer, say) cannot carry the
  // message next to its field: it stands on the card itself.
  const open = options.open && curate && canOpen(options.open, curate) ? options.open : undefined;
  if (options.open && !open && !errors.form) {
    const first = Object.values(errors)[0];
    if (first) errors.form = first;
  }
  const data: AgendaItemData = {
    itemId: item.id,
    listId: options.fromList ? 'backlog' : 'none',
    ...(options.fromList ? { fromList: true } : {}),
    title: shownText(locale, item.title, item),
    subtitle: subtitleOf(locale, item),
    ...(options.banner ? { banner: options.banner } : {}),
    facts,
    description: shownText(locale, item.description, item),
    ...(item.reason && (item.state === 'declined' || item.state === 'accepted')
      ? { reason: item.reason }
      : {}),
    ...(item.outcome
      ? {
          outcome: outcomeText(locale, item.outcome, model.nameOf),
          ...(item.outcome.kind === 'referred' ? { lineNote: true } : {}),
          ...(item.outcome.kind === 'follow-up' ? { actionId: item.outcome.action } : {}),
        }
      : {}),
    ...(curate
      ? {
          curate: {
            meetings: curate.meetings.map((m) => ({ title: m.title, value: m.id })),
            meetingId: curate.meetings[0]?.id ?? '',
            items: curate.items.map((i) => ({ title: `${i.reference} ${i.title}`, value: i.id })),
            canAccept: curate.canAccept && curate.meetings.length > 0,
            canDefer: curate.canDefer && curate.meetings.length > 0,
            canMerge: curate.canMerge,
            canDecline: curate.canDecline,
            canRecord: curate.canRecord,
            outcomes: OUTCOME_KINDS.map((k) => ({
              title: t(locale, `agenda.export.outcome.${k}`),
              value: k,
            })),
            people: curate.people.map((p) => ({ title: p.displayName, value: p.aadObjectId })),
            defaultDue: curate.defaultDue,
          },
        }
      : {}),
    ...(open ? { open } : {}),
    ...(options.values ? { values: offeredValues(options.values, curate) } : {}),
    ...(Object.keys(errors).length > 0 ? { errors } : {}),
    ...(options.superseded ? { superseded: true } : {}),
  };
  return renderCard('agenda-item', data, locale);
}

// ---- the list --------------------------------------------------------------------------------------

export interface ListMeeting {
  seriesId: string;
  occurrence: string;
  title: string;
  when: string;
  compiled: CompiledAgenda;
}

export interface ListModel {
  mine: AgendaItem[];
  /** Curators: the items waiting for them, and their meetings' agendas. */
  backlog?: { submitted: AgendaItem[]; meetings: ListMeeting[]; periodId: string };
  banner?: AgendaBanner;
}

function rowOf(locale: Locale, item: AgendaItem, withState: boolean): AgendaListRow {
  const notes = [
    item.reference,
    ...(withState ? [t(locale, `agenda.export.state.${item.state}`)] : []),
    short(locale, item.department),
    t(locale, 'agenda.item.minutesValue', { n: item.minutes }),
    ...(item.urgent ? [t(locale, 'agenda.meetingCard.urgent')] : []),
    ...(item.carriedOver > 0
      ? [t(locale, 'agenda.meetingCard.carriedOver', { count: item.carriedOver })]
      : []),
  ];
  return { itemId: item.id, title: item.title, note: notes.join(' · ') };
}

export function agendaListCard(locale: Locale, model: ListModel) {
  const backlog = model.backlog;
  return renderCard(
    'agenda-list',
    {
      ...(model.banner ? { banner: model.banner } : {}),
      mine: model.mine.map((i) => rowOf(locale, i, true)),
      curator: backlog !== undefined,
      submitted: (backlog?.submitted ?? []).map((i) => rowOf(locale, i, false)),
      meetings: (backlog?.meetings ?? []).map((m) => ({
        heading: t(locale, 'agenda.list.meetingHeading', {
          title: m.title,
          when: m.when,
          total: m.compiled.totalMinutes,
          length: m.compiled.meetingMinutes,
        }),
        seriesId: m.seriesId,
        occurrenceId: m.occurrence,
        rows: m.compiled.items.map((i) => rowOf(locale, i, false)),
      })),
      ...(backlog ? { periodId: backlog.periodId } : {}),
    },
    locale,
  );
}

// ---- a meeting's agenda or summary -------------------------------------------------------------

export interface SheetModel {
  seriesId: string;
  occurrence: string;
  meetingTitle: string;
  when: string;
  /** The items on it, in the agenda's order, with the total against the meeting's length. */
  compiled: CompiledAgenda;
  /** The summary (its title says so; sent after the meeting). */
  summary: boolean;
  /** Each item's outcome is shown (the summary, or the agenda once the meeting has begun). */
  withOutcomes: boolean;
  nameOf: (aadObjectId: string) => string | undefined;
  /** The reader curates (in their own chat): summary and export buttons. */
  curator: boolean;
  /** The meeting has begun (the summary can be sent). */
  begun: boolean;
  /** When the summary was sent (ISO), if it was: it is not sent again. */
  summarySentAt?: string;
}

export function agendaSheetCard(
  locale: Locale,
  model: SheetModel,
  options: { banner?: AgendaBanner; superseded?: boolean } = {},
) {
  const nameOf = (id: string) => model.nameOf(id) ?? t(locale, 'agenda.left');
  const lines: AgendaSheetLine[] = model.compiled.items.map((item, n) => {
    const notes = [
      ...(item.urgent ? [t(locale, 'agenda.meetingCard.urgent')] : []),
      ...(item.carriedOver > 0
        ? [t(locale, 'agenda.meetingCard.carriedOver', { count: item.carriedOver })]
        : []),
    ];
    return {
      text: `${n + 1}. ${item.title} (${item.reference})${notes.length > 0 ? ` · ${notes.join(' · ')}` : ''}`,
      owner: t(locale, 'agenda.sheet.owner', {
        name: nameOf(item.createdBy),
        department: short(locale, item.department),
        minutes: item.minutes,
      }),
      ...(model.withOutcomes
        ? {
            outcome: item.outcome
              ? outcomeText(locale, item.outcome, nameOf)
              : t(locale, 'agenda.sheet.noOutcome'),
          }
        : {}),
    };
  });
  const titleKey = model.summary ? 'agenda.sheet.summaryTitle' : 'agenda.sheet.title';
  return renderCard(
    'agenda-sheet',
    {
      seriesId: model.seriesId,
      occurrenceId: model.occurrence,
      title: t(locale, titleKey, { title: model.meetingTitle }),
      when: model.when,
      ...(options.banner ? { banner: options.banner } : {}),
      summary: model.withOutcomes,
      lines,
      ...(model.compiled.items.length > 0
        ? {
            total: t(
              locale,
              model.compiled.over ? 'agenda.meetingCard.totalOver' : 'agenda.meetingCard.total',
              { total: model.compiled.totalMinutes, length: model.compiled.meetingMinutes },
            ),
            over: model.compiled.over,
          }
        : {}),
      curator: model.curator && !options.superseded,
      canSendSummary: model.curator && model.begun && !options.superseded && !model.summarySentAt,
      ...(model.curator && model.summarySentAt && !options.superseded
        ? {
            summarySent: t(locale, 'agenda.sheet.summarySentOn', {
              date: formatDateTime(locale, model.summarySentAt),
            }),
          }
        : {}),
      ...(options.superseded ? { superseded: true } : {}),
    },
    locale,
  );
}

/** Choices of people (owners, who takes an initiative), by name. */
export const peopleChoices = (people: readonly { aadObjectId: string; displayName: string }[]): Choice[] =>
  people.map((p) => ({ title: p.displayName, value: p.aadObjectId }));
