import { expect } from 'chai';
import { DEFAULT_UNITS } from '../../../src/domain/default-units.js';
import { occurrencesBetween } from '../../../src/domain/recurrence.js';
import type { Person, Role } from '../../../src/domain/roster.js';
import { networkMeetingsIn } from '../../../src/features/meetings/meeting-dates.js';
import {
  audienceOf,
  isTeamsMeetingLink,
  type MeetingOccurrence,
  type MeetingSeries,
  memoRhythm,
  occurrenceItemId,
  recipientsOf,
  type SeriesDraft,
  seriesProblems,
} from '../../../src/features/meetings/meeting-series.js';
import { MEETINGS_STORE, meetingsIn } from '../../../src/features/meetings/meeting-store.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import { combineStoreParts } from '../../../src/store/store-parts.js';

const person = (aadObjectId: string, ...roles: Role[]): Person => ({
  aadObjectId,
  displayName: aadObjectId,
  roles,
  since: '2026-01-01T00:00:00.000Z',
});

const ROSTER: readonly Person[] = [
  person('admin', { kind: 'admin' }),
  person('udi', { kind: 'coordinator', department: 'AUA' }),
  person('aua-deputy', { kind: 'deputy', department: 'AUA' }),
  person('opa', { kind: 'coordinator', department: 'OPA' }),
  person('asa', { kind: 'coordinator', department: 'ASA' }),
  person('rma', { kind: 'coordinator', department: 'RMA' }),
  person('rma-deputy', { kind: 'deputy', department: 'RMA' }),
  person('family', { kind: 'contact', department: 'OPA', unitId: 'opa-family' }),
  person('east', { kind: 'contact', department: 'RMA', unitId: 'rma-region-east' }),
  person('west', { kind: 'contact', department: 'RMA', unitId: 'rma-region-west' }),
];

const brief = (invitees: { aadObjectId: string; optional: boolean }[]) =>
  invitees.map((i) => (i.optional ? `${i.aadObjectId}?` : i.aadObjectId));

describe('meeting series: who is invited, from the roster', () => {
  it('the coordinators’ meeting: the four coordinators, deputies optional', () => {
    expect(
      brief(audienceOf({ meetingKind: 'coordinators', organiser: 'udi' }, ROSTER, DEFAULT_UNITS)),
    ).to.deep.equal(['asa', 'aua-deputy?', 'opa', 'rma', 'rma-deputy?', 'udi']);
  });

  it('the network meeting: every member, the regional offices’ contact persons optional, no admin', () => {
    expect(
      brief(audienceOf({ meetingKind: 'network', organiser: 'udi' }, ROSTER, DEFAULT_UNITS)),
    ).to.deep.equal(['asa', 'aua-deputy', 'east?', 'family', 'opa', 'rma', 'rma-deputy', 'udi', 'west?']);
  });

  it('RMA’s regional meeting: RMA’s coordinator and the regional contact persons; a new one is invited at once', () => {
    const regional = { meetingKind: 'rma-regional' as const, organiser: 'rma' };
    expect(brief(audienceOf(regional, ROSTER, DEFAULT_UNITS))).to.deep.equal([
      'east',
      'rma',
      'rma-deputy?',
      'west',
    ]);
    const joined = [
      ...ROSTER,
      person('north', { kind: 'contact', department: 'RMA', unitId: 'rma-region-north' }),
    ];
    expect(brief(audienceOf(regional, joined, DEFAULT_UNITS))).to.include('north');
  });

  it('an ad hoc meeting: the people named and the organiser, nobody twice', () => {
    expect(
      brief(
        audienceOf(
          { meetingKind: 'adhoc', organiser: 'opa', invited: ['family', 'opa', 'east'] },
          ROSTER,
          DEFAULT_UNITS,
        ),
      ),
    ).to.deep.equal(['east', 'family', 'opa']);
  });

  it('network meetings go to the network channel, the others to each person', () => {
    const invitees = [{ aadObjectId: 'udi', optional: false }];
    expect(recipientsOf({ meetingKind: 'network' }, invitees)).to.deep.equal([{ kind: 'networkChannel' }]);
    expect(recipientsOf({ meetingKind: 'coordinators' }, invitees)).to.deep.equal([
      { kind: 'person', aadObjectId: 'udi' },
    ]);
  });
});

describe('meeting series: what may be saved', () => {
  const draft: SeriesDraft = {
    title: 'Koordinatormøte',
    meetingKind: 'coordinators',
    organiser: 'udi',
    schedule: {
      recurrence: { kind: 'monthly', nth: 2, weekday: 'TU', everyMonths: 1 },
      from: '2026-01-01',
      time: '09:00',
      durationMinutes: 90,
    },
  };

  it('accepts a sound series and names each problem by its field', () => {
    expect(seriesProblems(draft)).to.deep.equal({});
    expect(
      seriesProblems({
        ...draft,
        title: '  ',
        meetingKind: 'adhoc',
        joinUrl: 'https://evil.example.com/l/meetup-join/x',
        place: 'x'.repeat(201),
        agendaDeadlineDays: -1,
        schedule: { ...draft.schedule, time: '25:00' },
      }),
    ).to.deep.equal({
      title: 'missing',
      invited: 'missing',
      time: 'invalid',
      place: 'too-long',
      joinUrl: 'not-teams',
      agendaDeadlineDays: 'invalid',
    });
  });

  it('takes only https links on a Teams domain as meeting links', () => {
    expect(
      isTeamsMeetingLink('https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0'),
    ).to.equal(true);
    expect(isTeamsMeetingLink('https://teams.live.com/meet/9391234567890')).to.equal(true);
    for (const bad of [
      'http://teams.microsoft.com/l/meetup-join/x',
      'https://teams.microsoft.com.evil.example/l/x',
      'https://user:pw@teams.microsoft.com/l/x',
      'https://teams.microsoft.com:8443/l/x',
      'javascript:alert(1)',
      'teams.microsoft.com/l/x',
    ])
      expect(isTeamsMeetingLink(bad), bad).to.equal(false);
  });

  it('the memo’s rhythm: three sound series, four network meetings a year, RMA’s organised by RMA', () => {
    const texts = {
      coordinators: 'Koordinatormøte',
      network: 'Nettverksmøte',
      rmaRegional: 'RMA-møte',
      videoPlace: 'Teams',
    };
    const rhythm = memoRhythm(texts, 'udi', 'rma', '2027-01-01');
    expect(rhythm.map((s) => [s.meetingKind, s.organiser])).to.deep.equal([
      ['coordinators', 'udi'],
      ['network', 'udi'],
      ['rma-regional', 'rma'],
    ]);
    for (const series of rhythm) expect(seriesProblems(series), series.title).to.deep.equal({});
    const network = occurrencesBetween(
      rhythm[1]!.schedule,
      Date.parse('2027-01-01T00:00Z'),
      Date.parse('2028-01-01T00:00Z'),
    );
    expect(networkMeetingsIn(2027, network)).to.deep.equal({ count: 4, missing: 0 });
    expect(memoRhythm(texts, 'udi', undefined, '2027-01-01')[2]!.organiser).to.equal('udi');
  });
});

describe('meeting series in the store', () => {
  const at = '2026-12-01T10:00:00.000Z';
  const series: MeetingSeries = {
    id: 'series-1',
    reference: 'M-2026-0001',
    kind: 'meeting-series',
    state: 'active',
    createdAt: at,
    createdBy: 'udi',
    updatedAt: at,
    history: [{ at, by: 'udi', action: 'create', to: 'active' }],
    parties: [],
    cardVersion: 0,
    title: 'Koordinatormøte',
    meetingKind: 'coordinators',
    organiser: 'udi',
    schedule: {
      recurrence: { kind: 'monthly', nth: 2, weekday: 'TU', everyMonths: 1 },
      from: '2027-01-01',
      time: '09:00',
      durationMinutes: 90,
      exceptions: { '2027-02-09': { movedTo: { date: '2027-02-11', time: '10:00' } } },
    },
    agendaDeadlineDays: 7,
    offsets: [{ kind: 'day-before', days: 1, minutes: 0 }],
    movedAt: { '2027-02-09': at },
  };
  const occurrence: MeetingOccurrence = {
    id: occurrenceItemId('series-1', '2027-01-12'),
    reference: 'M-2026-0001',
    kind: 'meeting-occurrence',
    state: 'upcoming',
    createdAt: at,
    createdBy: 'system',
    updatedAt: at,
    history: [{ at, by: 'east', action: 'rsvp', answer: 'remote' }],
    parties: [],
    cardVersion: 0,
    series: 'series-1',
    occurrence: '2027-01-12',
    start: '2027-01-12T09:00:00+01:00',
    rsvps: { east: 'remote' },
    reminders: { 'series-1|2027-01-12|day-before|2027-01-12T09:00:00+01:00': at },
  };
  const open = () => createMemoryStore(undefined, { parts: combineStoreParts([MEETINGS_STORE]) });

  it('keeps a series and a meeting as they were put', async () => {
    const store = open();
    await store.run(async (uow) => {
      await meetingsIn(uow).putSeries(series);
      await meetingsIn(uow).putOccurrence(occurrence);
    });
    await store.read(async (uow) => {
      expect(await meetingsIn(uow).getSeries('series-1')).to.deep.equal(series);
      expect(await meetingsIn(uow).activeSeries()).to.deep.equal([series]);
      expect(await meetingsIn(uow).getOccurrence('series-1', '2027-01-12')).to.deep.equal(occurrence);
      expect(await meetingsIn(uow).getOccurrence('series-1', '2027-02-09')).to.equal(undefined);
    });
  });

  it('refuses a series or a meeting its schema does not allow', async () => {
    const store = open();
    const bad = { ...series, schedule: { ...series.schedule, time: '9:00' } };
    let refused: unknown;
    await store.run((uow) => meetingsIn(uow).putSeries(bad)).catch((error: unknown) => (refused = error));
    expect(refused).to.be.instanceOf(Error);
    refused = undefined;
    const badAnswer = { ...occurrence, rsvps: { east: 'maybe' } } as unknown as MeetingOccurrence;
    await store
      .run((uow) => meetingsIn(uow).putOccurrence(badAnswer))
      .catch((error: unknown) => (refused = error));
    expect(refused).to.be.instanceOf(Error);
  });
});
