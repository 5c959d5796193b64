import { expect } from 'chai';
import { createAppContext } from '../../../src/app/context.js';
import type { FeatureSettings } from '../../../src/config/feature-settings.js';
import {
  HOLIDAY_VIEW,
  PLAN_VIEW,
  runHolidayFlags,
  runPlanCheck,
} from '../../../src/features/meetings/meeting-jobs.js';
import { listMeetings, planYear, showMeeting } from '../../../src/features/meetings/meeting-models.js';
import { MEETINGS_SETTINGS } from '../../../src/features/meetings/meeting-settings.js';
import { meetingsIn } from '../../../src/features/meetings/meeting-store.js';
import {
  answerRsvp,
  createSeries,
  editSeries,
  endSeries,
  moveOccurrence,
} from '../../../src/features/meetings/meetings.js';
import { caller, meetingWorld } from './meeting-world.js';

const setup = (start?: string) => meetingWorld(start ? { start } : {});

const networkOn = (dates: string[]) => ({
  title: 'Nettverksmøte',
  meetingKind: 'network' as const,
  schedule: {
    recurrence: { kind: 'dates' as const, dates },
    from: '2026-12-01',
    time: '10:00',
    durationMinutes: 120,
  },
});

describe('meetings: holiday flags a month ahead', () => {
  it('tell the organiser once, a month before, and again only after a move onto another such day', async () => {
    const { app, run, at, pending } = await setup('2027-04-01T08:00:00.000Z');
    const created = await run((uow) =>
      createSeries(app, uow, caller('opa'), {
        ...networkOn(['2027-05-17', '2027-06-02']),
        meetingKind: 'coordinators',
      }),
    );
    const series = created.ok ? created.value : undefined;
    // More than a month ahead: nothing yet, and the job knows when to look again.
    const early = await run((uow) => runHolidayFlags(app, uow));
    expect(early.count).to.equal(0);
    expect(early.nextAtMs).to.equal(Date.parse('2027-05-17T10:00:00+02:00') - 31 * 86_400_000);
    at('2027-04-17T08:00:00.000Z');
    expect((await run((uow) => runHolidayFlags(app, uow))).count).to.equal(1);
    expect((await run((uow) => runHolidayFlags(app, uow))).count).to.equal(0);
    const flags = (await pending()).filter((m) => m.view === HOLIDAY_VIEW);
    expect(flags.map((m) => [m.recipient, m.banner])).to.deep.equal([
      [{ kind: 'person', aadObjectId: 'opa' }, 'holiday'],
    ]);
    // The one-click move goes to the suggested day (18 May), worked out again by the bot.
    const moved = await run((uow) =>
      moveOccurrence(app, uow, caller('opa'), series?.id, '2027-05-17', 'suggested'),
    );
    expect(moved.ok && moved.value.schedule.exceptions).to.deep.equal({
      '2027-05-17': { movedTo: { date: '2027-05-18', time: '10:00' } },
    });
    expect((await run((uow) => runHolidayFlags(app, uow))).count).to.equal(0);
    // Moved onto Ascension Day (6 May 2027): flagged again.
    await run((uow) =>
      moveOccurrence(app, uow, caller('opa'), series?.id, '2027-05-17', {
        date: '2027-05-06',
        time: '10:00',
      }),
    );
    expect((await run((uow) => runHolidayFlags(app, uow))).count).to.equal(1);
    // A good day has no suggestion to move to.
    expect(
      await run((uow) => moveOccurrence(app, uow, caller('opa'), series?.id, '2027-06-02', 'suggested')),
    ).to.deep.equal({ ok: false, problems: { form: 'no-suggestion' } });
  });
});

describe('meetings: four network meetings a year', () => {
  it('the plan is for this year until October, then for the next', () => {
    expect(planYear(Date.parse('2027-09-30T12:00:00Z'))).to.equal(2027);
    expect(planYear(Date.parse('2027-10-01T12:00:00Z'))).to.equal(2028);
  });

  it('a short plan is told to the UDI coordinator on 1 October, once', async () => {
    const { app, run, at, pending } = await setup('2027-01-05T10:00:00.000Z');
    await run((uow) =>
      createSeries(app, uow, caller('udi'), networkOn(['2027-03-10', '2027-06-09', '2027-11-10'])),
    );
    at('2027-09-20T10:00:00.000Z');
    const before = await run((uow) => runPlanCheck(app, uow));
    expect(before).to.deep.equal({ count: 0, nextAtMs: Date.parse('2027-09-30T22:00:00.000Z') });
    at('2027-10-01T06:00:00.000Z');
    expect((await run((uow) => runPlanCheck(app, uow))).count).to.equal(1);
    expect((await run((uow) => runPlanCheck(app, uow))).count).to.equal(0);
    const told = (await pending()).filter((m) => m.view === PLAN_VIEW);
    expect(told.map((m) => [m.recipient, m.banner])).to.deep.equal([
      [{ kind: 'person', aadObjectId: 'udi' }, 'plan:2027:3'],
    ]);
  });

  it('a plan with four says nothing in October', async () => {
    const { app, run, at, pending } = await setup('2027-01-05T10:00:00.000Z');
    await run((uow) =>
      createSeries(
        app,
        uow,
        caller('udi'),
        networkOn(['2027-03-10', '2027-06-09', '2027-09-08', '2027-11-10']),
      ),
    );
    at('2027-10-01T06:00:00.000Z');
    expect((await run((uow) => runPlanCheck(app, uow))).count).to.equal(0);
    expect((await run((uow) => runPlanCheck(app, uow))).count).to.equal(0);
    expect((await pending()).filter((m) => m.view === PLAN_VIEW)).to.deep.equal([]);
  });
});

describe('meetings: editing and ending a series, answering early', () => {
  it('the organiser edits a series: kept exceptions, its reference and history; others are refused', async () => {
    const { app, run } = await setup();
    const created = await run((uow) =>
      createSeries(app, uow, caller('opa'), { ...networkOn(['2027-01-12']), meetingKind: 'coordinators' }),
    );
    const id = created.ok ? created.value.id : '';
    const draft = { ...networkOn(['2027-01-13']), title: 'Nytt navn', meetingKind: 'coordinators' as const };
    expect(await run((uow) => editSeries(app, uow, caller('east'), id, draft))).to.deep.equal({
      ok: false,
      refusal: 'not-authorized',
    });
    const edited = await run((uow) => editSeries(app, uow, caller('opa'), id, draft));
    expect(
      edited.ok && [edited.value.title, edited.value.reference, edited.value.history.at(-1)?.action],
    ).to.deep.equal(['Nytt navn', 'M-2026-0001', 'edit']);
    expect(
      await run((uow) =>
        editSeries(app, uow, caller('opa'), id, { ...draft, joinUrl: 'https://evil.example' }),
      ),
    ).to.deep.equal({
      ok: false,
      problems: { joinUrl: 'not-teams' },
    });
  });

  it('in the channel, the list holds the network meetings only, without anyone’s answer or planning buttons', async () => {
    const { app, run } = await setup();
    await run((uow) =>
      createSeries(app, uow, caller('opa'), { ...networkOn(['2027-01-12']), meetingKind: 'coordinators' }),
    );
    const network = await run((uow) => createSeries(app, uow, caller('udi'), networkOn(['2027-01-20'])));
    const id = network.ok ? network.value.id : '';
    await run((uow) => answerRsvp(app, uow, caller('udi'), `${id}.2027-01-20`, 'attending'));
    const personal = await run((uow) => listMeetings(app, uow, caller('udi')));
    expect(personal.ok && personal.value.meetings.map((m) => [m.series.title, m.own])).to.deep.equal([
      ['Nettverksmøte', undefined],
      ['Nettverksmøte', 'attending'],
    ]);
    expect(
      personal.ok && [personal.value.canCreate, personal.value.series.every((s) => s.canEdit)],
    ).to.deep.equal([true, true]);
    const team = await run((uow) => listMeetings(app, uow, caller('udi'), undefined, 'team'));
    expect(team.ok && team.value.meetings.map((m) => [m.series.id, m.own])).to.deep.equal([[id, undefined]]);
    // Without calendar settings, no calendar links.
    expect(team.ok && team.value.series.map((s) => s.calendarUrl)).to.deep.equal([undefined]);
    expect(
      team.ok && [team.value.canCreate, team.value.offerRhythm, team.value.series.map((s) => s.canEdit)],
    ).to.deep.equal([false, false, [false]]);
  });

  it('links each series’ and each meeting’s calendar file when calendar links are configured', async () => {
    const settings = new Map([
      [MEETINGS_SETTINGS, { calendar: { secret: 'x'.repeat(32), baseUrl: 'https://mh.example.no' } }],
    ]) as ReadonlyMap<FeatureSettings<unknown>, unknown>;
    const { app, run } = await meetingWorld({ settings });
    const created = await run((uow) => createSeries(app, uow, caller('udi'), networkOn(['2027-01-20'])));
    const id = created.ok ? created.value.id : '';
    const list = await run((uow) => listMeetings(app, uow, caller('udi')));
    expect(list.ok && list.value.series[0]?.calendarUrl).to.match(
      new RegExp(`^https://mh\\.example\\.no/api/calendar/${id}\\.ics\\?exp=\\d+&sig=`),
    );
    const shown = await run((uow) => showMeeting(app, uow, caller('udi'), id, '2027-01-20'));
    expect(shown.ok && shown.value.calendarUrl).to.match(
      new RegExp(`^https://mh\\.example\\.no/api/calendar/${id}/2027-01-20\\.ics\\?exp=\\d+&sig=`),
    );
  });

  it('an ended series leaves the list and cannot be shown, edited or answered', async () => {
    const { app, run } = await setup();
    const created = await run((uow) =>
      createSeries(app, uow, caller('opa'), { ...networkOn(['2027-01-12']), meetingKind: 'coordinators' }),
    );
    const id = created.ok ? created.value.id : '';
    const listed = await run((uow) => listMeetings(app, uow, caller('udi')));
    expect(listed.ok && listed.value.meetings.length).to.equal(1);
    expect((await run((uow) => endSeries(app, uow, caller('opa'), id))).ok).to.equal(true);
    const after = await run((uow) => listMeetings(app, uow, caller('udi')));
    expect(after.ok && [after.value.meetings.length, after.value.series.length]).to.deep.equal([0, 0]);
    expect(await run((uow) => showMeeting(app, uow, caller('udi'), id, '2027-01-12'))).to.deep.equal({
      ok: false,
      missing: true,
    });
    expect(
      await run((uow) => answerRsvp(app, uow, caller('udi'), `${id}.2027-01-12`, 'attending')),
    ).to.deep.equal({
      ok: false,
      missing: true,
    });
  });

  it('an invitee answers before any reminder went out; a made-up or past meeting id is not taken', async () => {
    const { app, run, at } = await setup();
    const created = await run((uow) =>
      createSeries(app, uow, caller('opa'), { ...networkOn(['2027-01-12']), meetingKind: 'coordinators' }),
    );
    const id = created.ok ? created.value.id : '';
    const answered = await run((uow) => answerRsvp(app, uow, caller('udi'), `${id}.2027-01-12`, 'remote'));
    expect(answered.ok && answered.value.rsvps).to.deep.equal({ udi: 'remote' });
    for (const made of [
      `${id}.2027-01-13`,
      `${id}.12.01.2027`,
      'nope.2027-01-12',
      `${id}`,
      `${id}.2027-01-12.x`,
    ])
      expect(await run((uow) => answerRsvp(app, uow, caller('udi'), made, 'remote')), made).to.deep.equal({
        ok: false,
        missing: true,
      });
    // A contact person is not invited to the coordinators' meeting.
    expect(
      await run((uow) => answerRsvp(app, uow, caller('east'), `${id}.2027-01-12`, 'remote')),
    ).to.deep.equal({
      ok: false,
      refusal: 'not-authorized',
    });
    at('2027-01-12T12:00:00.000Z');
    expect(
      await run((uow) => answerRsvp(app, uow, caller('udi'), `${id}.2027-01-12`, 'attending')),
    ).to.deep.equal({
      ok: false,
      missing: true,
    });
  });
});

describe('meetings: a changed rhythm', () => {
  it('cancels the meetings it no longer has (telling their invitees), keeps the exceptions it still has', async () => {
    const { app, run, at, pending } = await meetingWorld();
    // Every Tuesday; the 12 January meeting moved, the 19 January one cancelled.
    const created = await run((uow) =>
      createSeries(app, uow, caller('opa'), {
        title: 'Ukemøte',
        meetingKind: 'coordinators',
        schedule: {
          recurrence: { kind: 'weekly', weekday: 'TU', everyWeeks: 1 },
          from: '2027-01-01',
          time: '09:00',
          durationMinutes: 60,
        },
      }),
    );
    const id = created.ok ? created.value.id : '';
    at('2027-01-04T10:00:00.000Z');
    await run((uow) => answerRsvp(app, uow, caller('udi'), `${id}.2027-01-05`, 'attending'));
    await run((uow) => answerRsvp(app, uow, caller('udi'), `${id}.2027-01-26`, 'attending'));
    await run((uow) =>
      moveOccurrence(app, uow, caller('opa'), id, '2027-01-12', { date: '2027-01-13', time: '09:00' }),
    );
    const before = (await pending()).length;
    // Now every other Tuesday from 5 January: 12 and 26 January drop out, 19 January stays.
    const edited = await run((uow) =>
      editSeries(app, uow, caller('opa'), id, {
        title: 'Ukemøte',
        meetingKind: 'coordinators',
        schedule: {
          recurrence: { kind: 'weekly', weekday: 'TU', everyWeeks: 2 },
          from: '2027-01-05',
          time: '09:00',
          durationMinutes: 60,
        },
      }),
    );
    expect(edited.ok && edited.value.schedule.exceptions).to.equal(undefined);
    const items = await run(async (uow) => [
      (await meetingsIn(uow).getOccurrence(id, '2027-01-05'))?.state,
      (await meetingsIn(uow).getOccurrence(id, '2027-01-12'))?.state,
      (await meetingsIn(uow).getOccurrence(id, '2027-01-26'))?.state,
    ]);
    expect(items).to.deep.equal(['upcoming', 'cancelled', 'cancelled']);
    const told = (await pending()).slice(before).filter((m) => m.replaces === undefined);
    expect(told.map((m) => [m.subject.id, m.banner, m.recipient])).to.have.deep.members(
      ['2027-01-12', '2027-01-26'].flatMap((date) =>
        ['opa', 'udi'].map((who) => [`${id}.${date}`, 'cancelled', { kind: 'person', aadObjectId: who }]),
      ),
    );
    // A dropped meeting can no longer be answered.
    expect(
      await run((uow) => answerRsvp(app, uow, caller('udi'), `${id}.2027-01-26`, 'remote')),
    ).to.deep.equal({
      ok: false,
      missing: true,
    });
  });
});

describe('meetings: what other features add to their cards', () => {
  it('the agenda and the raise button come from the contributions, in the reader’s language', async () => {
    const { contribute } = await import('../../../src/app/extensions.js');
    const { MEETING_AGENDA } = await import('../../../src/features/meetings/meeting-extensions.js');
    const { meetingModel } = await import('../../../src/features/meetings/meeting-models.js');
    const seen: string[] = [];
    const contributions = [
      contribute(MEETING_AGENDA, {
        agenda: async (_app, _uow, meeting, locale) => {
          seen.push(`${meeting.occurrence.id} ${locale}`);
          return { lines: [`agenda (${locale})`] };
        },
        raise: { verb: 'meetings.list', titleKey: 'meetings.list.newSeries' },
      }),
    ];
    const world = await meetingWorld();
    const app = createAppContext({
      store: world.store,
      adminAadObjectIds: [],
      now: () => new Date('2026-12-01T10:00:00Z'),
      contributions,
    });
    const created = await world.run((uow) =>
      createSeries(app, uow, caller('udi'), networkOn(['2027-01-20'])),
    );
    if (!created.ok) throw new Error('the series should be created');
    const to = { kind: 'person' as const, aadObjectId: 'udi' };
    const english = await world.run((uow) =>
      meetingModel(app, uow, created.value, '2027-01-20', to, undefined, 'en'),
    );
    expect([english.agenda, english.raise]).to.deep.equal([
      { lines: ['agenda (en)'] },
      { verb: 'meetings.list', title: 'New meeting series' },
    ]);
    // Without a language (the reminder job's bookkeeping), nothing is asked of the contributions.
    const plain = await world.run((uow) => meetingModel(app, uow, created.value, '2027-01-20', to));
    expect([plain.agenda, plain.raise, seen]).to.deep.equal([undefined, undefined, ['2027-01-20 en']]);
  });
});
