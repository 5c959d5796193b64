/**
 * The action plans' pure rules: the form's validation, status reports, the reporting periods and the
 * status requests (once per period, caught up after downtime), the deadline ladder (a reminder before
 * the due date, overdue the working day after), the policy, the privacy hooks and the settings.
 */
import { expect } from 'chai';
import { t } from '../../../src/cards/i18n.js';
import { parseFeatureSettings } from '../../../src/config/feature-settings.js';
import { type Person, rosterOf } from '../../../src/domain/roster.js';
import type { IsoDate } from '../../../src/domain/working-days.js';
import { ACTIONPLANS_SETTINGS } from '../../../src/features/actionplans/actionplans-settings.js';
import {
  authorizeMeasures,
  mayOwn,
  udiCoordinators,
} from '../../../src/features/actionplans/measure-policy.js';
import {
  eraseMeasureFor,
  measureSchema,
  redactMeasure,
} from '../../../src/features/actionplans/measure-store.js';
import { measureCard } from '../../../src/features/actionplans/measure-views.js';
import {
  applyReport,
  closeMeasure,
  draftProblems,
  dueSteps,
  editMeasure,
  firstWorkingDay,
  isOverdue,
  type Measure,
  newMeasure,
  planSlug,
  requestDue,
  statusPeriods,
  withRequest,
  withStep,
} from '../../../src/features/actionplans/measures.js';
import { textOf } from '../../support/card-inspect.js';

const UDI = 'aad-udi';
const OWNER = 'aad-owner';
const PLAN = 'Handlingsplan mot menneskehandel 2025–2028';
const fields = {
  title: 'Bedre identifisering av mulige ofre',
  plan: PLAN,
  department: 'ASA' as const,
  owner: OWNER,
  due: '2027-06-11',
};
const measure = (at = '2027-01-04T08:00:00.000Z'): Measure =>
  newMeasure('m-1', 'HP-2027-0001', fields, UDI, at);
/** Oslo wall time to an instant, for readability (winter +01:00, summer +02:00). */
const oslo = (local: string) => Date.parse(local);

const person = (id: string, roles: Person['roles'], extra: Partial<Person> = {}): Person => ({
  aadObjectId: id,
  displayName: id,
  roles,
  since: '2026-01-01T00:00:00.000Z',
  ...extra,
});

describe('action plans: a measure', () => {
  const ok = () => 'ok' as const;
  const draft = { ...fields, due: '2027-06-11' };

  it('asks for every field, refuses a past due date, an identity number and an owner outside the department', () => {
    expect(draftProblems(draft, '2027-01-04', ok)).to.deep.equal({});
    expect(
      draftProblems({ title: ' ', plan: '', department: '', owner: '', due: '' }, '2027-01-04', ok),
    ).to.deep.equal({
      title: 'missing',
      plan: 'missing',
      department: 'missing',
      owner: 'missing',
      due: 'missing',
    });
    expect(draftProblems({ ...draft, due: '2027-01-03' }, '2027-01-04', ok)).to.deep.equal({ due: 'past' });
    expect(draftProblems({ ...draft, due: '2027-02-30' }, '2027-01-04', ok)).to.deep.equal({
      due: 'invalid',
    });
    expect(draftProblems({ ...draft, title: 'Gjelder 01010150589' }, '2027-01-04', ok)).to.deep.equal({
      title: 'sensitive',
    });
    expect(draftProblems({ ...draft, department: 'XYZ' }, '2027-01-04', ok)).to.deep.equal({
      department: 'invalid',
    });
    expect(draftProblems(draft, '2027-01-04', () => 'unknown')).to.deep.equal({ owner: 'invalid' });
    expect(draftProblems(draft, '2027-01-04', () => 'department')).to.deep.equal({
      owner: 'owner-department',
    });
    // An unchanged due date on an edit may lie in the past.
    expect(draftProblems({ ...draft, due: '2027-01-02' }, '2027-01-04', ok, '2027-01-02')).to.deep.equal({});
  });

  it('takes its owner’s status reports with a text, keeps them as its history, and none once closed', () => {
    const m = measure();
    expect(applyReport(m, 'done', '', OWNER, 'x')).to.deep.equal({
      ok: false,
      problems: { text: 'missing' },
    });
    expect(applyReport(m, 'finished', 'Ferdig', OWNER, 'x')).to.deep.equal({
      ok: false,
      problems: { status: 'invalid' },
    });
    const first = applyReport(m, 'in-progress', ' I gang ', OWNER, '2027-04-02T08:00:00.000Z');
    if (!first.ok) throw new Error('refused');
    const second = applyReport(
      first.measure,
      'delayed',
      'Forsinket av høring',
      OWNER,
      '2027-07-02T08:00:00.000Z',
    );
    if (!second.ok) throw new Error('refused');
    expect(second.measure.status).to.equal('delayed');
    expect(second.measure.reports.map((r) => [r.status, r.text])).to.deep.equal([
      ['in-progress', 'I gang'],
      ['delayed', 'Forsinket av høring'],
    ]);
    expect(JSON.stringify(second.measure.history), 'no text in the history').not.to.include('høring');
    const closed = closeMeasure(second.measure, UDI, 'y');
    expect(closed.state).to.equal('closed');
    expect(applyReport(closed, 'done', 'Ferdig', OWNER, 'z')).to.deep.equal({ ok: false, problem: 'closed' });
  });

  it('starts its ladder again when the due date is edited, and records what changed (not the values)', () => {
    const reminded = withStep(measure(), 'remind', '2027-06-09T06:00:00.000Z');
    const edited = editMeasure(reminded, { ...fields, due: '2027-09-30' }, UDI, 'x');
    expect(edited.steps).to.deep.equal({});
    expect(edited.history.at(-1)).to.include({ action: 'edit' });
    expect((edited.history.at(-1) as { fields: string[] }).fields).to.deep.equal(['due']);
    expect(editMeasure(reminded, fields, UDI, 'x')).to.equal(reminded);
  });

  it('is overdue once its due date has passed and it is not done or closed', () => {
    const m = measure();
    expect(isOverdue(m, '2027-06-11')).to.equal(false);
    expect(isOverdue(m, '2027-06-12')).to.equal(true);
    const done = applyReport(m, 'done', 'Ferdig', OWNER, 'x');
    if (!done.ok) throw new Error('refused');
    expect(isOverdue(done.measure, '2027-06-12')).to.equal(false);
    expect(isOverdue(closeMeasure(m, UDI, 'x'), '2027-06-12')).to.equal(false);
  });

  it('names a plan in a link with lowercase letters, digits and hyphens', () => {
    expect(planSlug(PLAN)).to.equal('handlingsplan-mot-menneskehandel-2025-2028');
    expect(planSlug('Tiltak for åpenhet og ærlighet, før/etter')).to.equal(
      'tiltak-for-apenhet-og-aerlighet-for-etter',
    );
    expect(planSlug('…')).to.equal('plan');
  });
});

describe('action plans: status requests each reporting period', () => {
  const quarters = [1, 4, 7, 10];

  it('begin on the first working day of the month at 08:00 Oslo time', () => {
    // 1 January 2027 is a holiday (Friday): Monday 4 January.
    expect(firstWorkingDay(2027, 1)).to.equal('2027-01-04');
    expect(firstWorkingDay(2027, 4)).to.equal('2027-04-01');
    // 1 May 2027 is a Saturday (and a holiday): Monday 3 May.
    expect(firstWorkingDay(2027, 5)).to.equal('2027-05-03');
    const before = statusPeriods(oslo('2027-04-01T07:59:00+02:00'), quarters);
    expect(before.current?.key).to.equal('2027-01');
    expect(before.nextAtMs).to.equal(oslo('2027-04-01T08:00:00+02:00'));
    const after = statusPeriods(oslo('2027-04-01T08:00:00+02:00'), quarters);
    expect(after.current?.key).to.equal('2027-04');
    expect(after.nextAtMs).to.equal(oslo('2027-07-01T08:00:00+02:00'));
    // Early January belongs to last October's period; months are configurable.
    expect(statusPeriods(oslo('2027-01-02T12:00:00+01:00'), quarters).current?.key).to.equal('2026-10');
    expect(statusPeriods(oslo('2027-03-02T12:00:00+01:00'), [3, 9]).current?.key).to.equal('2027-03');
  });

  it('go once per period, caught up after downtime, not to a measure registered after the period began or done', () => {
    const m = measure('2027-01-04T08:00:00.000Z');
    const january = statusPeriods(oslo('2027-01-05T12:00:00+01:00'), quarters).current!;
    expect(requestDue(m, january), 'registered after the moment: it was just told').to.equal(false);
    // Down from March to May: the April period is caught up, once.
    const april = statusPeriods(oslo('2027-05-20T12:00:00+02:00'), quarters).current!;
    expect(april.key).to.equal('2027-04');
    expect(requestDue(m, april)).to.equal(true);
    const asked = withRequest(m, april.key, 'x');
    expect(requestDue(asked, april)).to.equal(false);
    const done = applyReport(asked, 'done', 'Ferdig', OWNER, 'y');
    if (!done.ok) throw new Error('refused');
    const july = statusPeriods(oslo('2027-07-01T09:00:00+02:00'), quarters).current!;
    expect(requestDue(done.measure, july)).to.equal(false);
    expect(requestDue(asked, july)).to.equal(true);
    expect(requestDue(closeMeasure(asked, UDI, 'z'), july)).to.equal(false);
  });
});

describe('action plans: the deadline ladder', () => {
  // Due Friday 11 June 2027; reminded 2 working days before.
  const m = measure();
  const steps = (local: string, item = m) => dueSteps(item, 2, oslo(local));

  it('reminds the owner N working days before, from 08:00, once', () => {
    expect(steps('2027-06-08T12:00:00+02:00')).to.deep.equal([]);
    expect(steps('2027-06-09T07:59:00+02:00'), 'not before 08:00').to.deep.equal([]);
    expect(steps('2027-06-09T08:00:00+02:00')).to.deep.equal(['remind']);
    const reminded = withStep(m, 'remind', 'x');
    expect(steps('2027-06-10T08:00:00+02:00', reminded)).to.deep.equal([]);
  });

  it('tells the UDI coordinator the working day after the due date, once; never for a done measure', () => {
    const reminded = withStep(m, 'remind', 'x');
    expect(steps('2027-06-12T12:00:00+02:00', reminded), 'not on Saturday').to.deep.equal([]);
    expect(steps('2027-06-14T08:00:00+02:00', reminded)).to.deep.equal(['overdue']);
    expect(steps('2027-06-15T08:00:00+02:00', withStep(reminded, 'overdue', 'y'))).to.deep.equal([]);
    const done = applyReport(m, 'done', 'Ferdig', OWNER, 'y');
    if (!done.ok) throw new Error('refused');
    expect(steps('2027-06-14T08:00:00+02:00', done.measure)).to.deep.equal([]);
  });

  it('skips a reminder whose day passed during downtime, but still reports overdue', () => {
    expect(steps('2027-06-14T09:00:00+02:00')).to.deep.equal(['overdue']);
  });
});

describe('action plans: the policy', () => {
  const udi = person(UDI, [{ kind: 'coordinator', department: 'AUA' }]);
  const deputy = person('aad-deputy', [{ kind: 'deputy', department: 'AUA' }]);
  const asa = person('aad-asa', [{ kind: 'coordinator', department: 'ASA' }]);
  const owner = person(OWNER, [{ kind: 'contact', department: 'ASA', unitId: 'asa-unit-1' }]);
  const admin = person('aad-admin', [{ kind: 'admin' }]);

  it('lets the UDI coordinator and AUA’s deputy manage, the owner report, nobody else', () => {
    for (const who of [udi, deputy])
      expect(authorizeMeasures(who, { kind: 'measure.manage' }).allowed, who.aadObjectId).to.equal(true);
    for (const who of [asa, owner, admin, undefined])
      expect(authorizeMeasures(who, { kind: 'measure.manage' }).allowed).to.equal(false);
    expect(authorizeMeasures(owner, { kind: 'measure.report', measure: { owner: OWNER } }).allowed).to.equal(
      true,
    );
    expect(authorizeMeasures(udi, { kind: 'measure.report', measure: { owner: OWNER } }).allowed).to.equal(
      false,
    );
    expect(authorizeMeasures(undefined, { kind: 'measure.view', measure: { owner: OWNER } })).to.deep.equal({
      allowed: false,
      reason: 'not-member',
    });
  });

  it('lets a member of the department or any coordinator own a measure', () => {
    expect(mayOwn(owner, 'ASA')).to.equal(true);
    expect(mayOwn(owner, 'OPA')).to.equal(false);
    expect(mayOwn(asa, 'OPA'), 'a coordinator of another department').to.equal(true);
    expect(mayOwn(admin, 'ASA')).to.equal(false);
  });

  it('tells AUA’s deputy when the UDI coordinator is away', () => {
    expect(udiCoordinators([udi, deputy]).map((p) => p.aadObjectId)).to.deep.equal([UDI]);
    expect(udiCoordinators([{ ...udi, away: true }, deputy]).map((p) => p.aadObjectId)).to.deep.equal([
      'aad-deputy',
    ]);
  });
});

describe('action plans: privacy hooks', () => {
  const reported = (() => {
    const first = applyReport(
      measure(),
      'in-progress',
      'Eier skrev dette',
      OWNER,
      '2027-04-02T08:00:00.000Z',
    );
    if (!first.ok) throw new Error('refused');
    const second = applyReport(
      first.measure,
      'delayed',
      'Koordinator skrev dette',
      UDI,
      '2027-05-02T08:00:00.000Z',
    );
    if (!second.ok) throw new Error('refused');
    return second.measure;
  })();

  it('redacts every free text, keeps ids, states and dates, and still passes the schema', () => {
    const redacted = redactMeasure(reported);
    expect(redacted.title).to.equal('');
    expect(redacted.plan).to.equal('');
    expect(redacted.reports.map((r) => r.text)).to.deep.equal(['', '']);
    expect(redacted.reports.map((r) => r.status)).to.deep.equal(['in-progress', 'delayed']);
    expect([redacted.id, redacted.owner, redacted.due, redacted.state]).to.deep.equal([
      'm-1',
      OWNER,
      '2027-06-11',
      'active',
    ]);
    expect(measureSchema.safeParse(redacted).success).to.equal(true);
    expect(measureSchema.safeParse(reported).success).to.equal(true);
  });

  it('erases only what one person wrote', () => {
    const erased = eraseMeasureFor(reported, OWNER);
    expect(erased.reports.map((r) => r.text)).to.deep.equal(['', 'Koordinator skrev dette']);
    expect(erased.title).to.equal(fields.title);
    const byUdi = eraseMeasureFor(reported, UDI);
    expect(byUdi.title, 'the UDI coordinator registered it').to.equal('');
    expect(byUdi.reports.map((r) => r.text)).to.deep.equal(['Eier skrev dette', '']);
    expect(measureSchema.safeParse(byUdi).success).to.equal(true);
  });
});

describe('action plans: settings', () => {
  it('default to each quarter and 10 working days, and refuse months outside 1–12', () => {
    const defaults = parseFeatureSettings(ACTIONPLANS_SETTINGS, {});
    expect(defaults).to.deep.equal({
      ok: true,
      value: { statusMonths: [1, 4, 7, 10], reminderWorkingDays: 10 },
    });
    const set = parseFeatureSettings(ACTIONPLANS_SETTINGS, {
      ACTIONPLAN_STATUS_MONTHS: '9, 3,3',
      ACTIONPLAN_REMINDER_WORKING_DAYS: '5',
    });
    expect(set).to.deep.equal({ ok: true, value: { statusMonths: [3, 9], reminderWorkingDays: 5 } });
    expect(parseFeatureSettings(ACTIONPLANS_SETTINGS, { ACTIONPLAN_STATUS_MONTHS: '0,13' }).ok).to.equal(
      false,
    );
    expect(parseFeatureSettings(ACTIONPLANS_SETTINGS, { ACTIONPLAN_STATUS_MONTHS: '' }).ok).to.equal(false);
    expect(
      parseFeatureSettings(ACTIONPLANS_SETTINGS, { ACTIONPLAN_REMINDER_WORKING_DAYS: '31' }).ok,
    ).to.equal(false);
  });
});

describe('action plans: a measure whose text is gone (issue 14)', () => {
  const reported = (): Measure => {
    const result = applyReport(
      measure(),
      'in-progress',
      'Opplæringen er i gang.',
      OWNER,
      '2027-04-02T08:00:00.000Z',
    );
    if (!result.ok) throw new Error('the fixture report was refused');
    return closeMeasure(result.measure, UDI, '2027-07-01T08:00:00.000Z');
  };
  const roster = rosterOf([person(UDI, [{ kind: 'coordinator', department: 'AUA' }])]);
  const options = { manage: true, own: false, today: '2030-01-01' as IsoDate };

  it('says the texts were deleted after the retention period, rather than showing blanks', () => {
    const card = measureCard(
      roster,
      'nb',
      { ...redactMeasure(reported()), redactedAt: '2029-07-02T01:00:00.000Z' },
      options,
    );
    const text = textOf(card);
    expect(text).not.to.include('Opplæringen er i gang.');
    expect(text.split(t('nb', 'common.textDeleted')).length - 1, 'title, plan and the report').to.equal(3);
  });

  it('says a status report erased on its author’s request was deleted, and keeps the others’ texts', () => {
    const card = measureCard(
      roster,
      'en',
      { ...eraseMeasureFor(reported(), OWNER), erasedAt: '2027-08-01T08:00:00.000Z' },
      options,
    );
    const text = textOf(card);
    expect(text).to.include(fields.title).and.include(t('en', 'common.textErased'));
    expect(text).not.to.include('Opplæringen er i gang.');
  });
});
