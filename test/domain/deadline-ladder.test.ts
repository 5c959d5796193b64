import { expect } from 'chai';
import fc from 'fast-check';
import {
  type DeadlineLadder,
  deadlineLadder,
  dueLadderSteps,
  type LadderAudience,
  type LadderStep,
  ladderRecipients,
} from '../../src/domain/deadline-ladder.js';
import type { Person, Role } from '../../src/domain/roster.js';
import { addWorkingDays, isWorkingDay } from '../../src/domain/working-days.js';

const DAY_MS = 86_400_000;
const plusDays = (date: string, n: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** Working days after `from` up to and including `to`, counted here with isWorkingDay alone. */
function workingDaysAfter(from: string, to: string): number {
  let count = 0;
  for (let d = plusDays(from, 1); d <= to; d = plusDays(d, 1)) if (isWorkingDay(d)) count += 1;
  return count;
}

type Name = 'remind' | 'late' | 'escalate';
const ladder = deadlineLadder<Name>([
  { name: 'remind', at: { workingDaysBefore: 2 }, audience: 'assignee' },
  { name: 'late', at: { workingDaysAfter: 0 }, audience: 'department-coordinator' },
  { name: 'escalate', at: { workingDaysAfter: 3 }, audience: 'udi-coordinator' },
]);

const due = (dueDate: string, today: string, done: Partial<Record<Name, string>> = {}, running = true) =>
  dueLadderSteps(ladder, { due: dueDate, running, done }, today);

/**
 * Runs the ladder once a day from `from` to `to`, recording each step it returns as done, and
 * answers the day each step went out. `running(day)` says whether the clock runs that day.
 */
function simulate<N extends string>(
  l: DeadlineLadder<N>,
  dueDate: string,
  from: string,
  to: string,
  running: (day: string) => boolean = () => true,
): { sent: Partial<Record<N, string>>; perDay: Map<string, N[]>; repeated: N[] } {
  const sent: Partial<Record<N, string>> = {};
  const perDay = new Map<string, N[]>();
  const repeated: N[] = [];
  for (let day = from; day <= to; day = plusDays(day, 1)) {
    const steps = dueLadderSteps(l, { due: dueDate, running: running(day), done: sent }, day);
    if (steps.length > 0) perDay.set(day, steps);
    for (const step of steps) {
      if (sent[step]) repeated.push(step);
      sent[step] = day;
    }
  }
  return { sent, perDay, repeated };
}

describe('deadline ladder: when steps are due', () => {
  it('across a weekend: due on a Monday, reminded from the Thursday before', () => {
    // Monday 9 March 2026
    expect(due('2026-03-09', '2026-03-04')).to.deep.equal([]); // Wed: Thu, Fri, Mon left
    expect(due('2026-03-09', '2026-03-05')).to.deep.equal(['remind']); // Thu: Fri, Mon left
    expect(due('2026-03-09', '2026-03-07')).to.deep.equal(['remind']); // Saturday
    expect(due('2026-03-09', '2026-03-09')).to.deep.equal(['remind']); // the due date itself
    expect(due('2026-03-09', '2026-03-10')).to.deep.equal(['late']); // a missed reminder is not sent late
    expect(due('2026-03-09', '2026-03-11')).to.deep.equal(['late']);
    expect(due('2026-03-09', '2026-03-12')).to.deep.equal(['late', 'escalate']); // Tue, Wed, Thu passed
  });

  it('across a weekend: due on a Friday, "after 0" is the Saturday, "after 3" the Wednesday', () => {
    // Friday 6 March 2026
    expect(due('2026-03-06', '2026-03-07', { remind: 'x' })).to.deep.equal(['late']);
    expect(due('2026-03-06', '2026-03-10', { remind: 'x', late: 'x' })).to.deep.equal([]); // Mon, Tue
    expect(due('2026-03-06', '2026-03-11', { remind: 'x', late: 'x' })).to.deep.equal(['escalate']);
  });

  it('across Easter 2026 (Maundy Thursday 2 April to Easter Monday 6 April)', () => {
    // Due Tuesday 7 April: only Wednesday 1 April and the due date are working days in between.
    expect(due('2026-04-07', '2026-03-30')).to.deep.equal([]);
    expect(due('2026-04-07', '2026-03-31')).to.deep.equal(['remind']);
    // Due Wednesday 1 April: the day after is Maundy Thursday, a holiday; escalation on Thursday 9 April.
    expect(due('2026-04-01', '2026-04-02', { remind: 'x' })).to.deep.equal(['late']);
    expect(due('2026-04-01', '2026-04-08', { remind: 'x', late: 'x' })).to.deep.equal([]);
    expect(due('2026-04-01', '2026-04-09', { remind: 'x', late: 'x' })).to.deep.equal(['escalate']);
  });

  it('across 17 May (a Wednesday in 2028)', () => {
    // Due Thursday 18 May 2028: from Monday 15 May two working days are left (16 and 18 May).
    expect(due('2028-05-18', '2028-05-12')).to.deep.equal([]);
    expect(due('2028-05-18', '2028-05-15')).to.deep.equal(['remind']);
    // Due Tuesday 16 May: escalated on Monday 22 May (Thursday 18, Friday 19, Monday 22).
    expect(due('2028-05-16', '2028-05-17', { remind: 'x' })).to.deep.equal(['late']);
    expect(due('2028-05-16', '2028-05-19', { remind: 'x', late: 'x' })).to.deep.equal([]);
    expect(due('2028-05-16', '2028-05-22', { remind: 'x', late: 'x' })).to.deep.equal(['escalate']);
  });

  it('across Christmas and New Year (Christmas Eve is a working day)', () => {
    // Due Wednesday 23 Dec 2026: Thursday 24 Dec, Monday 28 and Tuesday 29 Dec.
    expect(due('2026-12-23', '2026-12-24', { remind: 'x' })).to.deep.equal(['late']);
    expect(due('2026-12-23', '2026-12-28', { remind: 'x', late: 'x' })).to.deep.equal([]);
    expect(due('2026-12-23', '2026-12-29', { remind: 'x', late: 'x' })).to.deep.equal(['escalate']);
    // Due Tuesday 29 Dec: reminded from Christmas Eve (28 and 29 Dec left), not on the 23rd.
    expect(due('2026-12-29', '2026-12-23')).to.deep.equal([]);
    expect(due('2026-12-29', '2026-12-24')).to.deep.equal(['remind']);
    // Due Wednesday 30 Dec: New Year's Day is a holiday, so Thursday 31, Monday 4 and Tuesday 5 Jan.
    expect(due('2026-12-30', '2027-01-04', { remind: 'x', late: 'x' })).to.deep.equal([]);
    expect(due('2026-12-30', '2027-01-05', { remind: 'x', late: 'x' })).to.deep.equal(['escalate']);
  });

  it('"before 0" is the due date, or the last working day before a due date that is not one', () => {
    const sameDay = deadlineLadder([{ name: 'remind', at: { workingDaysBefore: 0 }, audience: 'assignee' }]);
    const at = (dueDate: string, today: string) =>
      dueLadderSteps(sameDay, { due: dueDate, running: true, done: {} }, today);
    expect(at('2026-03-06', '2026-03-05')).to.deep.equal([]);
    expect(at('2026-03-06', '2026-03-06')).to.deep.equal(['remind']);
    expect(at('2026-03-07', '2026-03-05')).to.deep.equal([]); // due on a Saturday
    expect(at('2026-03-07', '2026-03-06')).to.deep.equal(['remind']);
  });
});

describe('deadline ladder: each step once', () => {
  it('sends every step exactly once, on its day, when run every day', () => {
    const { sent, repeated } = simulate(ladder, '2026-12-23', '2026-12-01', '2027-01-31');
    expect(repeated).to.deep.equal([]);
    expect(sent).to.deep.equal({ remind: '2026-12-21', late: '2026-12-24', escalate: '2026-12-29' });
  });

  it('leaves out what is done, whatever was recorded', () => {
    expect(due('2026-03-09', '2026-03-12', { late: '2026-03-10T08:00:00.000Z' })).to.deep.equal(['escalate']);
    expect(due('2026-03-09', '2026-03-12', { late: 'x', escalate: 'y' })).to.deep.equal([]);
  });

  it('names several steps due the same day in ladder order (a first run long after the due date)', () => {
    expect(due('2026-03-09', '2026-04-30')).to.deep.equal(['late', 'escalate']);
    const twoReminders = deadlineLadder([
      { name: 'early', at: { workingDaysBefore: 5 }, audience: 'assignee' },
      { name: 'soon', at: { workingDaysBefore: 1 }, audience: 'assignee' },
    ]);
    expect(
      dueLadderSteps(twoReminders, { due: '2026-03-09', running: true, done: {} }, '2026-03-08'),
    ).to.deep.equal(['early', 'soon']);
  });
});

describe('deadline ladder: the clock', () => {
  it('sends nothing while stopped, however late', () => {
    for (const today of ['2026-03-05', '2026-03-09', '2026-03-10', '2026-06-01']) {
      expect(due('2026-03-09', today, {}, false), today).to.deep.equal([]);
    }
  });

  it('catches up when it runs again: steps whose day passed go out at once; a missed reminder does not', () => {
    // Stopped from Wednesday 4 to Thursday 12 March (due Monday 9 March), running again on Friday 13.
    const stopped = (day: string) => !(day >= '2026-03-04' && day <= '2026-03-12');
    const { sent, perDay, repeated } = simulate(ladder, '2026-03-09', '2026-02-20', '2026-04-30', stopped);
    expect(repeated).to.deep.equal([]);
    expect(sent).to.deep.equal({ late: '2026-03-13', escalate: '2026-03-13' });
    expect(perDay.get('2026-03-13')).to.deep.equal(['late', 'escalate']);
  });

  it('checks dates while it runs', () => {
    expect(() => due('2026-02-30', '2026-03-01')).to.throw(RangeError);
    expect(() => due('2026-03-09', '9 March')).to.throw(RangeError);
    expect(due('2026-02-30', '2026-03-01', {}, false)).to.deep.equal([]);
  });
});

describe('deadline ladder: definition', () => {
  it('refuses a name used twice and offsets that are not whole working days', () => {
    const step = (name: string, at: LadderStep<string>['at']): LadderStep<string> => ({
      name,
      at,
      audience: 'assignee',
    });
    expect(() =>
      deadlineLadder([step('a', { workingDaysBefore: 1 }), step('a', { workingDaysAfter: 1 })]),
    ).to.throw(RangeError);
    expect(() => deadlineLadder([step('a', { workingDaysBefore: -1 })])).to.throw(RangeError);
    expect(() => deadlineLadder([step('a', { workingDaysAfter: 1.5 })])).to.throw(RangeError);
    expect(() => deadlineLadder([step('a', { workingDaysAfter: Number.NaN })])).to.throw(RangeError);
  });

  it('is a frozen copy', () => {
    const steps: LadderStep<'a'>[] = [{ name: 'a', at: { workingDaysAfter: 1 }, audience: 'assignee' }];
    const l = deadlineLadder(steps);
    steps[0] = { name: 'a', at: { workingDaysAfter: 9 }, audience: 'udi-coordinator' };
    expect(l.steps[0]).to.deep.equal({ name: 'a', at: { workingDaysAfter: 1 }, audience: 'assignee' });
    expect(Object.isFrozen(l.steps)).to.equal(true);
    expect(Object.isFrozen(l.steps[0])).to.equal(true);
  });
});

describe('deadline ladder: properties', () => {
  const isoDate = fc
    .date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2060-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));
  const timing = fc.oneof(
    fc.record({ workingDaysBefore: fc.integer({ min: 0, max: 8 }) }),
    fc.record({ workingDaysAfter: fc.integer({ min: 0, max: 8 }) }),
  );
  const steps = fc
    .array(timing, { minLength: 1, maxLength: 5 })
    .map((ats) => ats.map((at, i): LadderStep<string> => ({ name: `s${i}`, at, audience: 'assignee' })));

  it('run every day, each step goes out exactly once, on the first day its rule allows', () => {
    fc.assert(
      fc.property(isoDate, steps, (dueDate, ladderSteps) => {
        const l = deadlineLadder(ladderSteps);
        const { sent, perDay, repeated } = simulate(
          l,
          dueDate,
          plusDays(dueDate, -30),
          plusDays(dueDate, 40),
        );
        expect(repeated).to.deep.equal([]);
        for (const step of ladderSteps) {
          const day = sent[step.name];
          if ('workingDaysBefore' in step.at) {
            // the first day from which at most n working days are left, never after the due date
            expect(day).to.be.a('string');
            expect(day! <= dueDate).to.equal(true);
            expect(workingDaysAfter(day!, dueDate)).to.be.at.most(step.at.workingDaysBefore);
            expect(workingDaysAfter(plusDays(day!, -1), dueDate)).to.be.above(step.at.workingDaysBefore);
          } else {
            const n = step.at.workingDaysAfter;
            expect(day).to.equal(n === 0 ? plusDays(dueDate, 1) : addWorkingDays(dueDate, n));
          }
        }
        // several on one day come in ladder order
        const order = ladderSteps.map((s) => s.name);
        for (const names of perDay.values()) {
          expect(names).to.deep.equal(order.filter((name) => names.includes(name)));
        }
      }),
    );
  });

  it('with the clock stopped for a while: nothing then, "after" steps catch up, nothing twice', () => {
    fc.assert(
      fc.property(
        isoDate,
        steps,
        fc.integer({ min: -20, max: 20 }),
        fc.integer({ min: 1, max: 25 }),
        (dueDate, ladderSteps, pauseStart, pauseLength) => {
          const l = deadlineLadder(ladderSteps);
          const from = plusDays(dueDate, pauseStart);
          const to = plusDays(from, pauseLength - 1);
          const running = (day: string) => day < from || day > to;
          const free = simulate(l, dueDate, plusDays(dueDate, -30), plusDays(dueDate, 40));
          const paused = simulate(l, dueDate, plusDays(dueDate, -30), plusDays(dueDate, 40), running);
          expect(paused.repeated).to.deep.equal([]);
          for (const step of ladderSteps) {
            const unpaused = free.sent[step.name]!;
            const day = paused.sent[step.name];
            if (day !== undefined) expect(running(day), `${step.name} on ${day}`).to.equal(true);
            if (running(unpaused)) {
              expect(day).to.equal(unpaused);
            } else if ('workingDaysAfter' in step.at || plusDays(to, 1) <= dueDate) {
              expect(day).to.equal(plusDays(to, 1)); // the first day it runs again
            } else {
              expect(day).to.equal(undefined); // a reminder whose whole chance fell in the pause
            }
          }
        },
      ),
    );
  });
});

describe('deadline ladder: recipients', () => {
  const person = (aadObjectId: string, roles: Role[], away = false): Person => ({
    aadObjectId,
    displayName: aadObjectId,
    roles,
    since: '2026-01-01T00:00:00.000Z',
    ...(away ? { away } : {}),
  });
  const roster: Person[] = [
    person('udi', [{ kind: 'coordinator', department: 'AUA' }]),
    person('opa-coord', [{ kind: 'coordinator', department: 'OPA' }]),
    person('assignee', [
      { kind: 'contact', department: 'OPA', unitId: 'u1' },
      { kind: 'deputy', department: 'RMA' },
      { kind: 'admin' },
    ]),
    person('opa-coord-away', [{ kind: 'coordinator', department: 'OPA' }], true),
    person('rma-coord', [{ kind: 'coordinator', department: 'RMA' }]),
    person('rma-deputy', [{ kind: 'deputy', department: 'RMA' }]),
    person('asa-coord', [{ kind: 'coordinator', department: 'ASA' }]),
    person('udi-away', [{ kind: 'coordinator', department: 'AUA' }], true),
    person('aua-deputy', [{ kind: 'deputy', department: 'AUA' }]),
  ];
  const to = (audience: LadderAudience, assignee = 'assignee', exclude?: string[]) =>
    ladderRecipients(audience, { assignee, people: roster, ...(exclude ? { exclude } : {}) });

  it('the assignee step goes to the assignee', () => {
    expect(to('assignee')).to.deep.equal(['assignee']);
    expect(to('assignee', 'not-on-the-roster')).to.deep.equal(['not-on-the-roster']);
  });

  it("the department step goes to the coordinators of every department of the assignee's roles, not away", () => {
    expect(to('department-coordinator')).to.deep.equal(['opa-coord', 'rma-coord']);
  });

  it('the UDI step goes to AUA coordinators who are not away (not to the deputy)', () => {
    expect(to('udi-coordinator')).to.deep.equal(['udi']);
  });

  it('never tells the assignee about their own item, and leaves AUA out of the department step', () => {
    expect(to('udi-coordinator', 'udi')).to.deep.equal([]);
    expect(to('department-coordinator', 'udi')).to.deep.equal([]);
    expect(to('department-coordinator', 'opa-coord')).to.deep.equal([]);
    expect(to('department-coordinator', 'rma-deputy')).to.deep.equal(['rma-coord']);
  });

  it('tells no department coordinator when the assignee is not on the roster', () => {
    expect(to('department-coordinator', 'not-on-the-roster')).to.deep.equal([]);
    expect(to('udi-coordinator', 'not-on-the-roster')).to.deep.equal(['udi']);
  });

  it('leaves out anyone excluded', () => {
    expect(to('department-coordinator', 'assignee', ['rma-coord'])).to.deep.equal(['opa-coord']);
    expect(to('udi-coordinator', 'assignee', ['udi'])).to.deep.equal([]);
    expect(to('assignee', 'assignee', ['assignee'])).to.deep.equal([]);
  });
});
