import { expect } from 'chai';
import { createAppContext } from '../../../src/app/context.js';
import { REMINDER_VIEW, runMeetingReminders } from '../../../src/features/meetings/meeting-reminder-job.js';
import { DEFAULT_OFFSETS } from '../../../src/features/meetings/meeting-reminders.js';
import type { MeetingSeries } from '../../../src/features/meetings/meeting-series.js';
import { meetingsIn } from '../../../src/features/meetings/meeting-store.js';
import { meetingWorld } from './meeting-world.js';

const SAVED = '2026-12-01T10:00:00.000Z';

function series(id: string, meetingKind: MeetingSeries['meetingKind']): MeetingSeries {
  return {
    id,
    reference: 'M-2026-0001',
    kind: 'meeting-series',
    state: 'active',
    createdAt: SAVED,
    createdBy: 'udi',
    updatedAt: SAVED,
    history: [],
    parties: [],
    cardVersion: 0,
    title: 'Koordinatormøte',
    meetingKind,
    organiser: 'udi',
    // Second Tuesday of every month at 09:00 Oslo: 12 January 2027 first.
    schedule: {
      recurrence: { kind: 'monthly', nth: 2, weekday: 'TU', everyMonths: 1 },
      from: '2027-01-01',
      time: '09:00',
      durationMinutes: 90,
    },
    agendaDeadlineDays: 7,
    offsets: [...DEFAULT_OFFSETS],
  };
}

async function setup(...all: MeetingSeries[]) {
  const world = await meetingWorld({ start: SAVED, series: all, idPrefix: 'm' });
  const run = () => world.store.run((uow) => runMeetingReminders(world.app, uow));
  return { store: world.store, app: world.app, at: world.at, run, pending: world.pending };
}

describe('meeting reminder job: sends what is due, once, in the unit of work that records it', () => {
  it('sends the day-before reminder to each invitee at its moment, records it, and names the next moment', async () => {
    const { store, at, run, pending } = await setup(series('s1', 'coordinators'));
    at('2027-01-11T08:00:00.000Z'); // 09:00 Oslo, the day before
    const result = await run();
    expect(result.count).to.equal(1);
    expect(new Date(result.nextAtMs!).toISOString()).to.equal('2027-01-12T07:00:00.000Z'); // the hour before
    const messages = await pending();
    expect(messages.map((m) => [m.recipient, m.view, m.banner])).to.have.deep.members([
      [{ kind: 'person', aadObjectId: 'opa' }, REMINDER_VIEW, 'day-before'],
      [{ kind: 'person', aadObjectId: 'udi' }, REMINDER_VIEW, 'day-before'],
    ]);
    const item = await store.read((uow) => meetingsIn(uow).getOccurrence('s1', '2027-01-12'));
    expect(item?.state).to.equal('upcoming');
    // The agenda call's moment (5 January) passed before this first run: recorded as superseded.
    expect(Object.keys(item?.reminders ?? {}).sort()).to.deep.equal([
      's1|2027-01-12|agenda-call|2027-01-12T09:00:00+01:00',
      's1|2027-01-12|day-before|2027-01-12T09:00:00+01:00',
    ]);
    expect(item?.history.map((h) => h.action)).to.deep.equal(['reminder', 'reminder-skipped']);
  });

  it('sends nothing again: a second run, two runs at once, or a new app on the same store', async () => {
    const { store, app, at, run, pending } = await setup(series('s1', 'coordinators'));
    at('2027-01-11T08:00:00.000Z');
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.count + b.count).to.equal(1);
    expect(await pending()).to.have.length(2);
    expect((await run()).count).to.equal(0);
    const restarted = createAppContext({ store, adminAadObjectIds: [], now: () => app.now() });
    expect((await store.run((uow) => runMeetingReminders(restarted, uow))).count).to.equal(0);
    expect(await pending()).to.have.length(2);
  });

  it('after downtime sends the latest missed reminder, marked late, and records the others as skipped', async () => {
    const { store, at, run, pending } = await setup(series('s1', 'coordinators'));
    at('2027-01-12T07:30:00.000Z'); // 08:30 Oslo: agenda call, day before and hour before all passed
    const result = await run();
    expect(result).to.deep.include({ count: 1, notes: { late: 1, skipped: 2 } });
    // The banner says it came late.
    expect((await pending()).map((m) => m.banner)).to.deep.equal(['hour-before:late', 'hour-before:late']);
    const item = await store.read((uow) => meetingsIn(uow).getOccurrence('s1', '2027-01-12'));
    expect(
      item?.history.map((h) => [h.action, 'reason' in h ? h.reason : 'late' in h ? h.late : '']),
    ).to.deep.equal([
      ['reminder', true],
      ['reminder-skipped', 'superseded'],
      ['reminder-skipped', 'superseded'],
    ]);
  });

  it('network meetings are reminded in the network channel', async () => {
    const { at, run, pending } = await setup(series('s2', 'network'));
    at('2027-01-11T08:00:00.000Z');
    await run();
    expect((await pending()).map((m) => m.recipient)).to.deep.equal([{ kind: 'networkChannel' }]);
  });

  it('does nothing without series, and nothing before the first moment', async () => {
    const empty = await setup();
    expect(await empty.run()).to.deep.equal({ count: 0 });
    const { at, run, pending } = await setup(series('s1', 'coordinators'));
    at('2027-01-04T12:00:00.000Z');
    const result = await run();
    expect(result.count).to.equal(0);
    expect(new Date(result.nextAtMs!).toISOString()).to.equal('2027-01-05T08:00:00.000Z'); // the agenda call
    expect(await pending()).to.deep.equal([]);
  });
});
