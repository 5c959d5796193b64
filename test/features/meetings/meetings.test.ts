import { expect } from 'chai';
import { runMeetingReminders } from '../../../src/features/meetings/meeting-reminder-job.js';
import { meetingsIn } from '../../../src/features/meetings/meeting-store.js';
import {
  answerRsvp,
  cancelOccurrence,
  createSeries,
  moveOccurrence,
  setupRhythm,
} from '../../../src/features/meetings/meetings.js';
import { caller, EAST, meetingWorld, OPA, RMA, UDI } from './meeting-world.js';

const TEXTS = {
  coordinators: 'Koordinatormøte',
  network: 'Nettverksmøte',
  rmaRegional: 'RMA-møte',
  videoPlace: 'Teams',
};

const setup = () => meetingWorld({ people: [UDI, OPA, RMA, EAST] });

describe('meetings: setting up the memo’s rhythm', () => {
  it('the UDI coordinator gets the three series once, RMA’s organised by RMA’s coordinator', async () => {
    const { app, run } = await setup();
    const result = await run((uow) => setupRhythm(app, uow, caller('udi'), TEXTS));
    expect(result.ok).to.equal(true);
    const series = result.ok ? result.value : [];
    expect(series.map((s) => [s.reference, s.meetingKind, s.organiser, s.state])).to.deep.equal([
      ['M-2026-0001', 'coordinators', 'udi', 'active'],
      ['M-2026-0002', 'network', 'udi', 'active'],
      ['M-2026-0003', 'rma-regional', 'rma', 'active'],
    ]);
    expect(await run((uow) => setupRhythm(app, uow, caller('udi'), TEXTS))).to.deep.equal({
      ok: false,
      problems: { rhythm: 'exists' },
    });
  });

  it('is refused to anyone else', async () => {
    const { app, run } = await setup();
    expect(await run((uow) => setupRhythm(app, uow, caller('opa'), TEXTS))).to.deep.equal({
      ok: false,
      refusal: 'not-authorized',
    });
    expect(await run((uow) => setupRhythm(app, uow, caller('stranger'), TEXTS))).to.deep.equal({
      ok: false,
      refusal: 'not-member',
    });
  });
});

describe('meetings: a series a coordinator fills in', () => {
  const draft = {
    title: 'Høringsrunde om refleksjonsperiode',
    meetingKind: 'adhoc' as const,
    invited: ['east'],
    schedule: {
      recurrence: { kind: 'dates' as const, dates: ['2027-01-14'] },
      from: '2026-12-01',
      time: '13:00',
      durationMinutes: 60,
    },
    joinUrl: 'https://teams.microsoft.com/l/meetup-join/abc',
  };

  it('is saved with the caller as organiser and the defaults for what was left out', async () => {
    const { app, run } = await setup();
    const result = await run((uow) => createSeries(app, uow, caller('opa'), draft));
    expect(
      result.ok && [result.value.organiser, result.value.agendaDeadlineDays, result.value.offsets.length],
    ).to.deep.equal(['opa', 7, 3]);
  });

  it('comes back with each problem by field, an unknown invitee among them, and is refused to contact persons', async () => {
    const { app, run } = await setup();
    expect(
      await run((uow) =>
        createSeries(app, uow, caller('opa'), {
          ...draft,
          title: '',
          invited: ['east', 'nobody'],
          joinUrl: 'https://example.com/x',
        }),
      ),
    ).to.deep.equal({ ok: false, problems: { title: 'missing', joinUrl: 'not-teams', invited: 'unknown' } });
    expect(await run((uow) => createSeries(app, uow, caller('east'), draft))).to.deep.equal({
      ok: false,
      refusal: 'not-authorized',
    });
  });
});

describe('meetings: cancelling, moving and answering one meeting', () => {
  async function withRhythm() {
    const ctx = await setup();
    const result = await ctx.run((uow) => setupRhythm(ctx.app, uow, caller('udi'), TEXTS));
    const [coordinators, , regional] = result.ok ? result.value : [];
    return { ...ctx, coordinators: coordinators!, regional: regional! };
  }

  it('the organiser cancels a meeting: the series records it and the invitees are told', async () => {
    const { app, run, store, coordinators } = await withRhythm();
    // Second Tuesday of January 2027.
    const result = await run((uow) =>
      cancelOccurrence(app, uow, caller('udi'), coordinators.id, '2027-01-12'),
    );
    expect(result.ok && result.value.schedule.exceptions).to.deep.equal({
      '2027-01-12': { cancelled: true },
    });
    const item = await store.read((uow) => meetingsIn(uow).getOccurrence(coordinators.id, '2027-01-12'));
    expect(item?.state).to.equal('cancelled');
    const told = await store.read((uow) => uow.outbox.listPending());
    expect(told.map((m) => [m.recipient, m.banner])).to.have.deep.members([
      [{ kind: 'person', aadObjectId: 'opa' }, 'cancelled'],
      [{ kind: 'person', aadObjectId: 'rma' }, 'cancelled'],
      [{ kind: 'person', aadObjectId: 'udi' }, 'cancelled'],
    ]);
  });

  it('refuses a coordinator who does not organise it, an unknown series and a date that is no meeting', async () => {
    const { app, run, coordinators } = await withRhythm();
    expect(
      await run((uow) => cancelOccurrence(app, uow, caller('opa'), coordinators.id, '2027-01-12')),
    ).to.deep.equal({
      ok: false,
      refusal: 'not-authorized',
    });
    expect(
      await run((uow) => cancelOccurrence(app, uow, caller('udi'), 'no-such-series', '2027-01-12')),
    ).to.deep.equal({
      ok: false,
      missing: true,
    });
    expect(
      await run((uow) => cancelOccurrence(app, uow, caller('udi'), coordinators.id, '2027-01-13')),
    ).to.deep.equal({
      ok: false,
      missing: true,
    });
  });

  it('RMA’s coordinator moves a regional meeting: everyone is told on a new card, the old ones lose their buttons, the reminders follow it', async () => {
    const { app, run, store, at, regional } = await withRhythm();
    // First Thursday of January 2027: 7 January 13:00; its day-before reminder goes out on the 6th.
    at('2027-01-06T12:00:00.000Z');
    await run((uow) => runMeetingReminders(app, uow));
    await run((uow) => answerRsvp(app, uow, caller('east'), `${regional.id}.2027-01-07`, 'attending'));
    const before = (await store.read((uow) => uow.outbox.listPending())).length;
    expect(
      await run((uow) =>
        moveOccurrence(app, uow, caller('rma'), regional.id, '2027-01-07', {
          date: '2027-01-08',
          time: '25:00',
        }),
      ),
    ).to.deep.equal({ ok: false, problems: { time: 'invalid' } });
    const moved = await run((uow) =>
      moveOccurrence(app, uow, caller('rma'), regional.id, '2027-01-07', {
        date: '2027-01-08',
        time: '10:00',
      }),
    );
    expect(moved.ok && moved.value.movedAt).to.deep.equal({ '2027-01-07': '2027-01-06T12:00:00.000Z' });
    const item = await store.read((uow) => meetingsIn(uow).getOccurrence(regional.id, '2027-01-07'));
    expect(item?.start).to.equal('2027-01-08T10:00:00+01:00');
    // Answers given for the old time are asked for again; the history keeps them.
    expect(item?.rsvps).to.deep.equal({});
    expect(item?.history.some((e) => e.action === 'rsvp')).to.equal(true);
    // Each invitee gets a new card saying it moved, and the card they had is updated as superseded.
    const after = (await store.read((uow) => uow.outbox.listPending())).slice(before);
    const invitees = after.filter((m) => m.replaces === undefined).map((m) => m.recipient);
    expect(after.filter((m) => m.replaces === undefined).every((m) => m.banner === 'moved')).to.equal(true);
    expect(invitees.length).to.be.above(0);
    const superseded = after.filter((m) => m.replaces !== undefined);
    expect(superseded.map((m) => m.recipient)).to.have.deep.members(invitees);
    expect(superseded.every((m) => m.superseded === true)).to.equal(true);
    // The moved meeting's hour-before reminder comes at its new time.
    at('2027-01-08T08:00:00.000Z');
    const run2 = await run((uow) => runMeetingReminders(app, uow));
    expect(run2.count).to.equal(1);
  });

  it('an invitee answers; someone not invited is refused; a made-up answer or item is not taken', async () => {
    const { app, run, store, at, regional } = await withRhythm();
    at('2027-01-06T12:00:00.000Z');
    await run((uow) => runMeetingReminders(app, uow));
    const itemId = `${regional.id}.2027-01-07`;
    const answered = await run((uow) => answerRsvp(app, uow, caller('east'), itemId, 'remote'));
    expect(answered.ok && answered.value.rsvps).to.deep.equal({ east: 'remote' });
    expect(await run((uow) => answerRsvp(app, uow, caller('opa'), itemId, 'attending'))).to.deep.equal({
      ok: false,
      refusal: 'not-authorized',
    });
    expect(await run((uow) => answerRsvp(app, uow, caller('east'), itemId, 'maybe'))).to.deep.equal({
      ok: false,
      problems: { answer: 'invalid' },
    });
    expect(await run((uow) => answerRsvp(app, uow, caller('east'), 'other-item', 'remote'))).to.deep.equal({
      ok: false,
      missing: true,
    });
    const item = await store.read((uow) => meetingsIn(uow).getOccurrence(regional.id, '2027-01-07'));
    expect(item?.rsvps).to.deep.equal({ east: 'remote' });
  });
});
