import { expect } from 'chai';
import type { Schedule } from '../../../src/domain/recurrence.js';
import {
  DEFAULT_OFFSETS,
  planReminders,
  type Reminder,
  type SeriesTimes,
} from '../../../src/features/meetings/meeting-reminders.js';

const ms = (iso: string): number => Date.parse(iso);
const MINUTE = 60_000;

const monthly: Schedule = {
  recurrence: { kind: 'monthly', nth: 2, weekday: 'TU', everyMonths: 1 },
  from: '2026-01-01',
  time: '09:00',
  durationMinutes: 120,
};

const series = (overrides: Partial<SeriesTimes> = {}): SeriesTimes => ({
  id: 'series-1',
  schedule: monthly,
  offsets: DEFAULT_OFFSETS,
  sinceMs: ms('2025-12-01T00:00:00Z'),
  ...overrides,
});

const brief = (r: Reminder) => [r.kind, r.occurrence.id, new Date(r.atMs).toISOString(), r.late];

/**
 * Runs the plan as the scheduler does, from `from` to `to`: it wakes at the next moment the plan
 * names, or after `stepMs` at the latest; while `down`, it does not run, and it wakes when it is up.
 */
function simulate(
  all: readonly SeriesTimes[],
  from: number,
  to: number,
  stepMs: number,
  down?: [number, number],
) {
  const done = new Set<string>();
  const sent: (Reminder & { sentAt: number })[] = [];
  const skipped: string[] = [];
  for (let now = from; now <= to; ) {
    if (down && now >= down[0] && now < down[1]) {
      now = down[1];
      continue;
    }
    const plan = planReminders(now, all, (key) => done.has(key));
    for (const r of plan.due) {
      done.add(r.key);
      sent.push({ ...r, sentAt: now });
    }
    for (const r of plan.skipped) {
      done.add(r.key);
      skipped.push(`${r.kind} ${r.occurrence.id} ${r.reason}`);
    }
    now = Math.min(plan.nextAtMs ?? Number.POSITIVE_INFINITY, now + stepMs);
  }
  return { sent, skipped };
}

describe('meeting reminders: what is due (a pure function of the time)', () => {
  it('nothing is due before the first moment, and it names that moment (to wake the scheduler)', () => {
    const plan = planReminders(ms('2026-01-01T00:00:00Z'), [series()], () => false);
    expect(plan.due).to.deep.equal([]);
    // The agenda call for 13 January 09:00 Oslo: 6 January 09:00 Oslo.
    expect(new Date(plan.nextAtMs!).toISOString()).to.equal('2026-01-06T08:00:00.000Z');
  });

  it('sends each reminder exactly once, at its moment, over a year of waking at the moments it names', () => {
    const { sent, skipped } = simulate(
      [series()],
      ms('2026-01-01T00:00:00Z'),
      ms('2026-12-31T23:45:00Z'),
      6 * 60 * MINUTE,
    );
    expect(skipped).to.deep.equal([]);
    expect(sent).to.have.length(12 * 3);
    expect(new Set(sent.map((r) => r.key)).size).to.equal(sent.length);
    for (const r of sent) expect(r.sentAt, r.key).to.equal(r.atMs);
    expect(sent.slice(0, 3).map(brief)).to.deep.equal([
      ['agenda-call', '2026-01-13', '2026-01-06T08:00:00.000Z', false],
      ['day-before', '2026-01-13', '2026-01-12T08:00:00.000Z', false],
      ['hour-before', '2026-01-13', '2026-01-13T07:00:00.000Z', false],
    ]);
  });

  it('keeps the day before and a week before at the same Oslo time across a DST change; an hour is an hour', () => {
    // Monday 30 March 2026 09:00 (+02:00); the clocks went forward on Sunday 29 March.
    const weekly: Schedule = {
      ...monthly,
      recurrence: { kind: 'weekly', weekday: 'MO', everyWeeks: 1 },
      from: '2026-03-30',
      until: '2026-03-30',
    };
    // Monday 26 October 2026 09:00 (+01:00); the clocks went back on Sunday 25 October.
    const autumn: Schedule = { ...weekly, from: '2026-10-26', until: '2026-10-26' };
    const { sent } = simulate(
      [series({ schedule: weekly }), series({ id: 'series-2', schedule: autumn })],
      ms('2026-03-01T00:00:00Z'),
      ms('2026-10-27T00:00:00Z'),
      6 * 60 * MINUTE,
    );
    expect(sent.map(brief)).to.deep.equal([
      ['agenda-call', '2026-03-30', '2026-03-23T08:00:00.000Z', false], // 09:00 +01:00
      ['day-before', '2026-03-30', '2026-03-29T07:00:00.000Z', false], // 09:00 +02:00, after the change
      ['hour-before', '2026-03-30', '2026-03-30T06:00:00.000Z', false], // 08:00 +02:00
      ['agenda-call', '2026-10-26', '2026-10-19T07:00:00.000Z', false], // 09:00 +02:00
      ['day-before', '2026-10-26', '2026-10-25T08:00:00.000Z', false], // 09:00 +01:00, after the change
      ['hour-before', '2026-10-26', '2026-10-26T07:00:00.000Z', false], // 08:00 +01:00
    ]);
  });

  it('after downtime sends the latest missed reminder late if the meeting has not started, once', () => {
    // Down from before the day-before moment until 30 minutes before the meeting (13 January 09:00 Oslo).
    const { sent, skipped } = simulate(
      [series()],
      ms('2026-01-05T00:00:00Z'),
      ms('2026-01-14T00:00:00Z'),
      15 * MINUTE,
      [ms('2026-01-11T00:00:00Z'), ms('2026-01-13T07:30:00Z')],
    );
    expect(sent.map(brief)).to.deep.equal([
      ['agenda-call', '2026-01-13', '2026-01-06T08:00:00.000Z', false],
      ['hour-before', '2026-01-13', '2026-01-13T07:00:00.000Z', true],
    ]);
    expect(sent[1]!.sentAt).to.equal(ms('2026-01-13T07:30:00Z'));
    expect(skipped).to.deep.equal(['day-before 2026-01-13 superseded']);
  });

  it('after downtime past the start skips the missed reminders, recorded once', () => {
    const { sent, skipped } = simulate(
      [series()],
      ms('2026-01-05T00:00:00Z'),
      ms('2026-01-14T00:00:00Z'),
      15 * MINUTE,
      [ms('2026-01-11T00:00:00Z'), ms('2026-01-13T10:00:00Z')],
    );
    expect(sent.map((r) => r.kind)).to.deep.equal(['agenda-call']);
    expect(skipped).to.deep.equal(['day-before 2026-01-13 started', 'hour-before 2026-01-13 started']);
  });

  it('ticks at any time (every 7 minutes for a month) send each reminder once, never before its moment', () => {
    const { sent } = simulate([series()], ms('2026-01-01T00:03:00Z'), ms('2026-01-31T00:00:00Z'), 7 * MINUTE);
    expect(sent).to.have.length(3);
    for (const r of sent) {
      expect(r.sentAt).to.be.at.least(r.atMs);
      expect(r.late).to.equal(false);
    }
  });

  it('sends nothing for a cancelled occurrence, and reminds of a moved one at its new time', () => {
    const schedule: Schedule = {
      ...monthly,
      exceptions: {
        '2026-02-10': { cancelled: true },
        '2026-03-10': { movedTo: { date: '2026-03-12', time: '13:00' } },
      },
    };
    const { sent } = simulate(
      [series({ schedule, movedAtMs: { '2026-03-10': ms('2026-03-09T12:00:00Z') } })],
      ms('2026-01-20T00:00:00Z'),
      ms('2026-03-13T00:00:00Z'),
      6 * 60 * MINUTE,
    );
    // No February reminders. The move was saved on 9 March, after the moved meeting's agenda-call
    // moment (5 March): that one is not sent; its day-before and hour-before reminders are, for the
    // 12th at 13:00.
    expect(sent.map(brief)).to.deep.equal([
      ['day-before', '2026-03-10', '2026-03-11T12:00:00.000Z', false],
      ['hour-before', '2026-03-10', '2026-03-12T11:00:00.000Z', false],
    ]);
    expect(sent[1]!.occurrence.start).to.equal('2026-03-12T13:00:00+01:00');
  });

  it('does not send reminders whose moment came before the series was saved', () => {
    // Saved two days before the meeting: no agenda call (its moment passed before), the rest on time.
    const { sent } = simulate(
      [series({ sinceMs: ms('2026-01-11T10:00:00Z') })],
      ms('2026-01-11T10:00:00Z'),
      ms('2026-01-14T00:00:00Z'),
      15 * MINUTE,
    );
    expect(sent.map((r) => [r.kind, r.late])).to.deep.equal([
      ['day-before', false],
      ['hour-before', false],
    ]);
  });

  it('a tick that has recorded its reminders makes the next tick at the same moment send nothing', () => {
    const now = ms('2026-01-12T08:00:00Z');
    const done = new Set<string>();
    const first = planReminders(now, [series()], (k) => done.has(k));
    expect(first.due.map((r) => r.kind)).to.deep.equal(['day-before']);
    for (const r of [...first.due, ...first.skipped]) done.add(r.key);
    done.add(`series-1|2026-01-13|agenda-call|2026-01-13T09:00:00+01:00`);
    expect(planReminders(now, [series()], (k) => done.has(k)).due).to.deep.equal([]);
    // A clock that jumps back an hour sends nothing again either.
    expect(planReminders(now - 3_600_000, [series()], (k) => done.has(k)).due).to.deep.equal([]);
  });
});
