/**
 * The action plans' cards: a measure (its owner's report form open in the card while it is active;
 * the UDI coordinator's copy with edit and close), the registration and edit form, the list of
 * measures by plan (overdue first), and the export card. Models are read from the store as they are
 * now; texts come from the catalog (cards/i18n/<locale>/actionplans.json).
 */

import type { Choice } from '../../cards/card-data.js';
import { formatDate, formatDateTime, type Locale, t } from '../../cards/i18n.js';
import { type AdaptiveCardJson, renderCard } from '../../cards/render.js';
import { DEPARTMENTS, isNetworkMember, type Person, type Roster } from '../../domain/roster.js';
import type { IsoDate } from '../../domain/working-days.js';
import { shownText } from '../../views/deleted-text.js';
import type { MeasureBanner, MeasureFormValues } from './measure-card-data.js';
import { ownerChoices } from './measure-policy.js';
import { isOverdue, MEASURE_STATUSES, type Measure, type MeasureStatus, planSlug } from './measures.js';

const K = 'actionplans';

/** How many status reports a card shows (the export has them all). */
export const CARD_REPORTS = 5;

/** A person's name from the roster, or "(har sluttet)" for someone no longer in the network. */
export function nameIn(roster: Roster, locale: Locale, aadObjectId: string): string {
  const person = roster.get(aadObjectId);
  return isNetworkMember(person) && person?.displayName ? person.displayName : t(locale, `${K}.card.left`);
}

export const statusWords = (locale: Locale, status: MeasureStatus): string =>
  t(locale, `${K}.status.${status}`);

const statusStyle = (measure: Measure, overdue: boolean) =>
  measure.status === 'done'
    ? ('good' as const)
    : overdue
      ? ('attention' as const)
      : measure.status === 'delayed'
        ? ('warning' as const)
        : ('default' as const);

export interface MeasureCardOptions {
  banner?: MeasureBanner;
  /** The reader manages measures (the UDI coordinator or AUA's deputy). */
  manage: boolean;
  /** The reader owns it (may report while it is active). */
  own: boolean;
  values?: { status?: string; statusText?: string };
  errors?: Partial<Record<string, string>>;
  superseded?: boolean;
  /**
   * The reader owned it before it was given to someone else: the card says so, without the reports
   * or any button (what the new owner writes is not theirs to read).
   */
  handedOver?: boolean;
  today: IsoDate;
}

export function measureCard(
  roster: Roster,
  locale: Locale,
  measure: Measure,
  options: MeasureCardOptions,
): AdaptiveCardJson {
  const overdue = isOverdue(measure, options.today);
  const closed = measure.state === 'closed';
  const showForm = options.own && !closed && !options.superseded && !options.handedOver;
  const banner = options.handedOver
    ? {
        text: t(locale, `${K}.banners.handedOver`, { name: nameIn(roster, locale, measure.owner) }),
        style: 'default' as const,
      }
    : options.banner;
  const statuses: Choice[] = MEASURE_STATUSES.map((s) => ({ title: statusWords(locale, s), value: s }));
  return renderCard(
    'measure',
    {
      measureId: measure.id,
      reference: measure.reference,
      // A text removed by retention or erasure says so rather than showing a blank.
      title: shownText(locale, measure.title, measure),
      plan: shownText(locale, measure.plan, measure),
      department: t(locale, `department.${measure.department}`),
      owner: nameIn(roster, locale, measure.owner),
      due: formatDate(locale, measure.due),
      status: t(locale, `${K}.card.statusLine`, { status: statusWords(locale, measure.status) }),
      statusStyle: statusStyle(measure, overdue),
      ...(overdue ? { overdue: true } : {}),
      ...(closed ? { closed: true } : {}),
      ...(banner ? { banner } : {}),
      reports: (options.handedOver ? [] : measure.reports)
        .slice(-CARD_REPORTS)
        .reverse()
        .map((r) => ({
          when: formatDateTime(locale, r.at),
          by: nameIn(roster, locale, r.by),
          status: statusWords(locale, r.status),
          text: shownText(locale, r.text, measure),
        })),
      ...(showForm
        ? {
            form: {
              statuses,
              values: options.values ?? {},
              ...(options.errors && Object.keys(options.errors).length > 0 ? { errors: options.errors } : {}),
            },
          }
        : {}),
      ...(options.manage ? { manage: true } : {}),
      ...(options.own ? { own: true } : {}),
      ...(options.superseded ? { superseded: true } : {}),
      ...(options.handedOver ? { handedOver: true } : {}),
    },
    locale,
  );
}

/** The banner of a measure card from the outbox's code. */
export function measureBanner(
  locale: Locale,
  code: string | undefined,
  measure: Measure,
  roster: Roster,
): MeasureBanner | undefined {
  const due = formatDate(locale, measure.due);
  switch (code) {
    case 'assigned':
      return { text: t(locale, `${K}.banners.assigned`), style: 'default' };
    case 'request':
      return { text: t(locale, `${K}.banners.request`), style: 'default' };
    case 'remind':
      return { text: t(locale, `${K}.banners.remind`, { due }), style: 'warning' };
    case 'overdue':
      return { text: t(locale, `${K}.banners.overdue`, { due }), style: 'attention' };
    case 'reported': {
      const last = measure.reports.at(-1);
      return last
        ? {
            text: t(locale, `${K}.banners.reported`, { name: nameIn(roster, locale, last.by) }),
            style: 'good',
          }
        : undefined;
    }
    default:
      return undefined;
  }
}

/** "Name (OPA, ASA)": a person offered as owner, with their departments. */
function ownerTitle(person: Person): string {
  const departments = DEPARTMENTS.filter((d) =>
    person.roles.some((r) => r.kind !== 'admin' && r.department === d),
  );
  return `${person.displayName} (${departments.join(', ')})`;
}

/** The owners offered on the form (every network member), as choices. */
export function ownerOptions(roster: Roster): Choice[] {
  return ownerChoices(roster.people)
    .filter((p) => p.displayName)
    .map((p) => ({ title: ownerTitle(p), value: p.aadObjectId }));
}

export function formCard(
  roster: Roster,
  locale: Locale,
  options: {
    measure?: Measure;
    values: MeasureFormValues;
    errors?: Partial<Record<string, string>>;
    plans: readonly string[];
  },
): AdaptiveCardJson {
  const owners = ownerOptions(roster);
  const departments = DEPARTMENTS.map((d) => ({ title: t(locale, `department.${d}`), value: d }));
  // A pick that was not offered is never shown back.
  const values: MeasureFormValues = { ...options.values };
  if (values.owner !== undefined && !owners.some((o) => o.value === values.owner)) values.owner = '';
  if (values.department !== undefined && !departments.some((d) => d.value === values.department))
    values.department = '';
  const errors = options.errors && Object.keys(options.errors).length > 0 ? options.errors : undefined;
  return renderCard(
    'measure-form',
    {
      ...(options.measure ? { measureId: options.measure.id } : {}),
      heading: options.measure
        ? t(locale, `${K}.form.editHeading`, { reference: options.measure.reference })
        : t(locale, `${K}.form.newHeading`),
      values,
      departments,
      owners,
      ...(options.plans.length > 0
        ? { plans: t(locale, `${K}.form.plansKnown`, { plans: options.plans.join('; ') }) }
        : {}),
      ...(errors ? { errors } : {}),
    },
    locale,
  );
}

/** The form's values from a stored measure (editing starts from it). */
export const valuesOf = (measure: Measure): MeasureFormValues => ({
  title: measure.title,
  plan: measure.plan,
  department: measure.department,
  owner: measure.owner,
  due: measure.due,
});

/** The plans of the measures, in the order first seen, once each. */
export function plansOf(measures: readonly Measure[]): string[] {
  return [...new Set(measures.map((m) => m.plan).filter((p) => p !== ''))];
}

/** Overdue first, then by due date, then by reference. */
export function byUrgency(today: IsoDate) {
  return (a: Measure, b: Measure): number => {
    const oa = isOverdue(a, today) ? 0 : 1;
    const ob = isOverdue(b, today) ? 0 : 1;
    return oa - ob || a.due.localeCompare(b.due) || a.reference.localeCompare(b.reference);
  };
}

export function listCard(
  roster: Roster,
  locale: Locale,
  measures: readonly Measure[],
  options: { manage: boolean; today: IsoDate },
): AdaptiveCardJson {
  const sorted = [...measures].sort(byUrgency(options.today));
  const plans = plansOf(sorted);
  const groups = plans.map((plan) => ({ plan, rows: sorted.filter((m) => m.plan === plan) }));
  // Plans with an overdue measure first.
  groups.sort(
    (a, b) =>
      (a.rows.some((m) => isOverdue(m, options.today)) ? 0 : 1) -
      (b.rows.some((m) => isOverdue(m, options.today)) ? 0 : 1),
  );
  return renderCard(
    'measure-list',
    {
      intro: t(locale, options.manage ? `${K}.list.introManage` : `${K}.list.introOwner`),
      manage: options.manage,
      plans: groups.map((g) => ({
        plan: g.plan,
        planId: planSlug(g.plan),
        rows: g.rows.map((m) => {
          const overdue = isOverdue(m, options.today);
          const status = statusWords(locale, m.status);
          return {
            measureId: m.id,
            reference: m.reference,
            title: m.title,
            owner: nameIn(roster, locale, m.owner),
            due: formatDate(locale, m.due),
            status: overdue ? `${status}, ${t(locale, `${K}.list.overdue`)}` : status,
            overdue,
          };
        }),
      })),
    },
    locale,
  );
}
