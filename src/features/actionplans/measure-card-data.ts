/**
 * The data the action plans' card templates expect (cards/measure.json, measure-form.json,
 * measure-list.json, measure-export.json), added to the core's map of card data so `renderCard`
 * type-checks it. Every string is shown as is: callers pass texts already localised and dates already
 * formatted. Buttons carry ids only (`measureId`, `modeId`, `planId`).
 */
import type { Choice } from '../../cards/card-data.js';

export interface MeasureBanner {
  text: string;
  style: 'good' | 'warning' | 'attention' | 'default';
}

/** What was typed into the registration form (as typed). */
export interface MeasureFormValues {
  title?: string;
  plan?: string;
  department?: string;
  owner?: string;
  due?: string;
}

/** `measure-form`: registering a measure, or editing one (`measureId`). */
export interface MeasureFormData {
  measureId?: string;
  heading: string;
  values: MeasureFormValues;
  departments: Choice[];
  /** The people offered as owners: "Name (department)". */
  owners: Choice[];
  /** The plans registered so far, in words (a hint under the plan's field). */
  plans?: string;
  errors?: Partial<Record<string, string>>;
}

/** `measure`: a measure as its owner or the UDI coordinator sees it. */
export interface MeasureCardData {
  measureId: string;
  reference: string;
  title: string;
  plan: string;
  department: string;
  owner: string;
  due: string;
  /** "Status: Pågår". */
  status: string;
  statusStyle: 'good' | 'attention' | 'warning' | 'default';
  overdue?: boolean;
  closed?: boolean;
  banner?: MeasureBanner;
  /** The latest status reports, newest first. */
  reports: { when: string; by: string; status: string; text: string }[];
  /** The owner's report form, open in the card while the measure is active. */
  form?: {
    statuses: Choice[];
    values: { status?: string; statusText?: string };
    errors?: Partial<Record<string, string>>;
  };
  /** The reader manages measures: edit, close, and the list. */
  manage?: boolean;
  /** The reader owns it: the list (their measures). */
  own?: boolean;
  superseded?: boolean;
  /** The reader owned it before: no reports, no buttons (the banner says who has it now). */
  handedOver?: boolean;
}

/** `measure-list`: the measures by plan. */
export interface MeasureListData {
  intro: string;
  manage: boolean;
  plans: {
    plan: string;
    /** The plan's slug (its export), for those who manage. */
    planId: string;
    rows: {
      measureId: string;
      reference: string;
      title: string;
      owner: string;
      due: string;
      status: string;
      overdue: boolean;
    }[];
  }[];
}

/** `measure-export`: the status report, as two downloads behind signed links. */
export interface MeasureExportData {
  title: string;
  summary: string;
  markdownUrl?: string;
  csvUrl?: string;
  expires?: string;
}

declare module '../../cards/card-data.js' {
  interface CardData {
    measure: MeasureCardData;
    'measure-form': MeasureFormData;
    'measure-list': MeasureListData;
    'measure-export': MeasureExportData;
  }
}
