import { expect } from 'chai';
import type { AdaptiveCardJson } from '../../../src/cards/render.js';
import { occurrenceOf } from '../../../src/domain/recurrence.js';
import type { MeetingOccurrence, MeetingSeries } from '../../../src/features/meetings/meeting-series.js';
import {
  countsText,
  dayText,
  type MeetingModel,
  type MeetingReader,
  meetingCard,
  reasonOf,
  rhythmText,
  whenText,
} from '../../../src/features/meetings/meeting-views.js';
import { type Json, objectsOfType } from '../../cards/card-checks.js';

const asJson = (card: AdaptiveCardJson) => card as unknown as Json;

const series: MeetingSeries = {
  id: 's1',
  reference: 'M-2026-0001',
  kind: 'meeting-series',
  state: 'active',
  createdAt: '2026-12-01T10:00:00.000Z',
  createdBy: 'udi',
  updatedAt: '2026-12-01T10:00:00.000Z',
  history: [],
  parties: [],
  cardVersion: 0,
  title: 'Nettverksmøte',
  meetingKind: 'network',
  organiser: 'udi',
  schedule: {
    recurrence: { kind: 'monthly', nth: 2, weekday: 'WE', everyMonths: 3 },
    from: '2026-12-01',
    time: '10:00',
    durationMinutes: 180,
  },
  joinUrl: 'https://teams.microsoft.com/l/meetup-join/abc',
  agendaDeadlineDays: 7,
  offsets: [],
};
const item = (rsvps: MeetingOccurrence['rsvps'] = {}): MeetingOccurrence => ({
  id: 's1.2026-12-09',
  reference: 'M-2026-0001',
  kind: 'meeting-occurrence',
  state: 'upcoming',
  createdAt: '2026-12-01T10:00:00.000Z',
  createdBy: 'system',
  updatedAt: '2026-12-01T10:00:00.000Z',
  history: [],
  parties: [],
  cardVersion: 0,
  series: 's1',
  occurrence: '2026-12-09',
  start: '2026-12-09T10:00:00+01:00',
  rsvps,
  reminders: {},
});
const invitees = [
  { aadObjectId: 'udi', optional: false },
  { aadObjectId: 'opa', optional: false },
  { aadObjectId: 'east', optional: true },
];
const model = (reader: MeetingReader, rsvps: MeetingOccurrence['rsvps'] = {}, s = series): MeetingModel => ({
  series: s,
  occurrence: occurrenceOf(s.schedule, '2026-12-09'),
  item: item(rsvps),
  invitees,
  reader,
  otherDates: [],
});
const BEFORE = Date.parse('2026-12-08T10:00:00Z');
const AFTER = Date.parse('2026-12-09T12:00:00Z');

const texts = (card: AdaptiveCardJson) =>
  objectsOfType(asJson(card), (type) => type === 'TextBlock' || type === 'FactSet')
    .map((o) => JSON.stringify(o))
    .join('\n');
const buttons = (card: AdaptiveCardJson) =>
  objectsOfType(asJson(card), (type) => type.startsWith('Action.')).map((a) => String(a.verb ?? a.type));

describe('meetings: the cards', () => {
  it('write dates and times in Oslo as people say them, in both languages', () => {
    const o = occurrenceOf(series.schedule, '2026-12-09');
    expect(whenText('nb', o)).to.equal('onsdag 9. desember 2026 kl. 10:00–13:00');
    expect(whenText('en', o)).to.equal('Wednesday 9 December 2026, 10:00–13:00');
    // Summer time: still 10:00 local.
    expect(whenText('nb', occurrenceOf(series.schedule, '2027-06-09'))).to.equal(
      'onsdag 9. juni 2027 kl. 10:00–13:00',
    );
    expect(dayText('nb', '2027-05-17')).to.equal('mandag 17. mai 2027');
    expect(rhythmText('nb', series.schedule)).to.equal('Hver 3. måned, andre onsdag i måneden kl. 10:00');
    expect(rhythmText('en', series.schedule)).to.equal(
      'Every 3 months, the second Wednesday of the month at 10:00',
    );
  });

  it('count only the answers given, among those invited now', () => {
    expect(countsText('nb', invitees, {})).to.equal('Ingen har svart ennå (3 invitert)');
    expect(countsText('nb', invitees, { udi: 'attending', east: 'remote', gone: 'attending' })).to.equal(
      '1 kommer · 1 på video · 1 har ikke svart',
    );
  });

  it('read the banner code the outbox carries', () => {
    expect(reasonOf('day-before:late')).to.deep.equal({
      kind: 'reminder',
      reminder: 'day-before',
      late: true,
    });
    expect(reasonOf('hour-before')).to.deep.equal({ kind: 'reminder', reminder: 'hour-before', late: false });
    expect(reasonOf('moved')).to.deep.equal({ kind: 'moved' });
    expect(reasonOf('whatever')).to.deep.equal({ kind: 'none' });
  });

  it('show the channel the counts, the answer buttons and that regional contacts come when useful', () => {
    const card = meetingCard('nb', model({ kind: 'channel' }, { udi: 'attending' }), {
      reason: { kind: 'reminder', reminder: 'day-before', late: false },
      nowMs: BEFORE,
    });
    expect(texts(card)).to.include('1 kommer · 2 har ikke svart');
    expect(texts(card)).to.include('Kontaktpersonene ved regionkontorene deltar');
    expect(buttons(card)).to.deep.equal([
      'meetings.rsvp',
      'meetings.rsvp',
      'meetings.rsvp',
      'Action.OpenUrl',
    ]);
    // The one who clicked sees their answer on the channel's card answering them.
    const answered = meetingCard('nb', model({ kind: 'channel' }, { opa: 'remote' }), {
      nowMs: BEFORE,
      answeredBy: 'opa',
    });
    expect(texts(answered)).to.include('Du har svart at du deltar på video.');
  });

  it('show a person their own answer, the other answers as buttons, and the nudge an hour before', () => {
    const east = { kind: 'person' as const, aadObjectId: 'east', invitee: invitees[2], canManage: false };
    const unanswered = meetingCard('nb', model(east), {
      reason: { kind: 'reminder', reminder: 'hour-before', late: false },
      nowMs: BEFORE,
    });
    expect(texts(unanswered)).to.include('Du har ikke svart ennå');
    expect(texts(unanswered)).to.include('Som kontaktperson ved et regionkontor deltar du');
    const answered = meetingCard('nb', model(east, { east: 'remote' }), {
      reason: { kind: 'reminder', reminder: 'hour-before', late: false },
      nowMs: BEFORE,
    });
    expect(texts(answered)).not.to.include('Du har ikke svart ennå');
    expect(texts(answered)).to.include('Du har svart at du deltar på video.');
    const answerIds = objectsOfType(asJson(answered), (t) => t === 'Action.Execute').map(
      (a) => (a.data as { answerId: string }).answerId,
    );
    expect(answerIds).to.deep.equal(['attending', 'not-attending']);
  });

  it('give the organiser moving and cancelling, and nobody any button once the meeting started or the card was replaced', () => {
    const organiser = { kind: 'person' as const, aadObjectId: 'udi', invitee: invitees[0], canManage: true };
    expect(buttons(meetingCard('nb', model(organiser), { nowMs: BEFORE }))).to.include.members([
      'Action.ShowCard',
      'meetings.move',
      'meetings.cancel',
    ]);
    const started = meetingCard('nb', model(organiser), { nowMs: AFTER });
    expect(buttons(started).filter((b) => b !== 'Action.OpenUrl')).to.deep.equal([]);
    const superseded = meetingCard('nb', model(organiser), { nowMs: BEFORE, superseded: true });
    expect(buttons(superseded).filter((b) => b !== 'Action.OpenUrl')).to.deep.equal([]);
    expect(texts(superseded)).to.include('Et nyere kort om dette møtet er sendt deg.');
    const ended = meetingCard('nb', model(organiser, {}, { ...series, state: 'ended' }), { nowMs: BEFORE });
    expect(buttons(ended).filter((b) => b !== 'Action.OpenUrl')).to.deep.equal([]);
    // Someone who may neither answer nor manage sees no button at all.
    const outsider = { kind: 'person' as const, aadObjectId: 'x', canManage: false };
    expect(
      buttons(meetingCard('nb', model(outsider), { nowMs: BEFORE })).filter((b) => b !== 'Action.OpenUrl'),
    ).to.deep.equal([]);
  });

  it('say a late reminder is late, a cancelled meeting is cancelled (without its link), a moved one where it was', () => {
    const channel = { kind: 'channel' as const };
    const late = meetingCard('en', model(channel), {
      reason: { kind: 'reminder', reminder: 'day-before', late: true },
      nowMs: BEFORE,
    });
    expect(texts(late)).to.include('This reminder is late because the bot was down.');
    const cancelledSeries = {
      ...series,
      schedule: { ...series.schedule, exceptions: { '2026-12-09': { cancelled: true as const } } },
    };
    const cancelled = meetingCard('nb', model(channel, {}, cancelledSeries), { nowMs: BEFORE });
    expect(texts(cancelled)).to.include('Møtet er avlyst.');
    expect(buttons(cancelled)).to.deep.equal([]);
    const movedSeries = {
      ...series,
      schedule: {
        ...series.schedule,
        exceptions: { '2026-12-09': { movedTo: { date: '2026-12-10', time: '12:00' } } },
      },
    };
    const moved = meetingCard('nb', model(channel, {}, movedSeries), {
      reason: { kind: 'moved' },
      nowMs: BEFORE,
    });
    expect(texts(moved)).to.include('torsdag 10. desember 2026 kl. 12:00–15:00');
    expect(texts(moved)).to.include('onsdag 9. desember 2026 kl. 10:00–13:00');
  });

  it('show the agenda another feature keeps, and its raise button to those taking part until the agenda deadline', () => {
    const organiser = { kind: 'person' as const, aadObjectId: 'udi', invitee: invitees[0], canManage: false };
    const outsider = { kind: 'person' as const, aadObjectId: 'x', canManage: false };
    const withAgenda = (reader: MeetingReader): MeetingModel => ({
      ...model(reader),
      agenda: {
        lines: ['1. S-2027-0003 Lik praksis', '2. S-2027-0007 Høring'],
        total: 'Til sammen 50 av 180 minutter',
      },
      raise: { verb: 'agenda.start', title: 'Meld inn en sak' },
    });
    // The agenda deadline of the 9 December meeting is 2 December (seven days before).
    const before = Date.parse('2026-12-02T15:00:00Z');
    const after = Date.parse('2026-12-03T08:00:00Z');
    const card = meetingCard('nb', withAgenda(organiser), { nowMs: before });
    expect(texts(card))
      .to.include('Saksliste')
      .and.include('1. S-2027-0003 Lik praksis')
      .and.include('Til sammen 50');
    const raise = objectsOfType(asJson(card), (t) => t === 'Action.Execute').find(
      (a) => a.verb === 'agenda.start',
    );
    expect(raise?.data).to.deep.equal({ seriesId: 's1', occurrenceId: '2026-12-09' });
    expect(buttons(meetingCard('nb', withAgenda({ kind: 'channel' }), { nowMs: before }))).to.include(
      'agenda.start',
    );
    expect(buttons(meetingCard('nb', withAgenda(organiser), { nowMs: after }))).not.to.include(
      'agenda.start',
    );
    expect(buttons(meetingCard('nb', withAgenda(outsider), { nowMs: before }))).not.to.include(
      'agenda.start',
    );
    // Without an agenda feature: the description only, no agenda heading.
    expect(texts(meetingCard('nb', model(organiser), { nowMs: before }))).not.to.include('Saksliste');
  });

  it('flag a meeting on a public holiday to its organiser with the nearest good day, one click away', () => {
    const holidaySeries = {
      ...series,
      schedule: { ...series.schedule, recurrence: { kind: 'dates' as const, dates: ['2027-05-17'] } },
    };
    const organiser = { kind: 'person' as const, aadObjectId: 'udi', invitee: invitees[0], canManage: true };
    const card = meetingCard(
      'nb',
      {
        ...model(organiser, {}, holidaySeries),
        occurrence: occurrenceOf(holidaySeries.schedule, '2027-05-17'),
      },
      { reason: { kind: 'holiday' }, nowMs: BEFORE },
    );
    expect(texts(card)).to.include(
      'Møtet mandag 17. mai 2027 faller på en helligdag: Grunnlovsdag (17. mai). Vil du flytte det?',
    );
    const move = objectsOfType(asJson(card), (t) => t === 'Action.Execute').find(
      (a) => (a.data as { moveId?: string } | undefined)?.moveId === 'suggested',
    );
    expect(move?.title).to.equal('Flytt til tirsdag 18. mai 2027');
  });
});
