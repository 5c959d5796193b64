import { expect } from 'chai';
import {
  newSeriesValues,
  parseDates,
  parseSeriesForm,
  previewIdOf,
  seriesValues,
} from '../../../src/features/meetings/meeting-form.js';
import type { MeetingSeries } from '../../../src/features/meetings/meeting-series.js';

const filled = {
  ...newSeriesValues('2026-12-01'),
  title: 'Koordinatormøte',
  meetingKind: 'coordinators',
};

describe('meetings: the series form as people fill it in', () => {
  it('turns "every month on the second Tuesday" into a monthly rule, and "every third month" into its interval', () => {
    const monthly = parseSeriesForm(filled);
    expect(monthly.ok && monthly.draft.schedule).to.deep.equal({
      recurrence: { kind: 'monthly', nth: 2, weekday: 'TU', everyMonths: 1 },
      from: '2026-12-01',
      time: '09:00',
      durationMinutes: 90,
    });
    const quarterly = parseSeriesForm({ ...filled, nth: '-1', weekday: 'WE', every: '3' });
    expect(quarterly.ok && quarterly.draft.schedule.recurrence).to.deep.equal({
      kind: 'monthly',
      nth: -1,
      weekday: 'WE',
      everyMonths: 3,
    });
    const weekly = parseSeriesForm({ ...filled, pattern: 'weekly', weekday: 'TH', every: '2' });
    expect(weekly.ok && weekly.draft.schedule.recurrence).to.deep.equal({
      kind: 'weekly',
      weekday: 'TH',
      everyWeeks: 2,
    });
  });

  it('takes dates as people write them, Norwegian or ISO, in any order, each once', () => {
    expect(parseDates('12.01.2027, 2027-03-09\n9.3.2027; 1.2.2027')).to.deep.equal([
      '2027-01-12',
      '2027-02-01',
      '2027-03-09',
    ]);
    expect(parseDates('31.02.2027')).to.equal(undefined);
    expect(parseDates('neste tirsdag')).to.equal(undefined);
    expect(parseDates('  ')).to.equal(undefined);
    const dates = parseSeriesForm({ ...filled, pattern: 'dates', dates: '12.01.2027 09.03.2027' });
    expect(dates.ok && dates.draft.schedule.recurrence).to.deep.equal({
      kind: 'dates',
      dates: ['2027-01-12', '2027-03-09'],
    });
  });

  it('names every problem by its field, also those outside an incomplete rhythm', () => {
    const result = parseSeriesForm({
      meetingKind: 'adhoc',
      pattern: 'dates',
      dates: '31.02.2027',
      from: '2026-12-01',
      time: '25:00',
      duration: '90',
      joinUrl: 'https://evil.example.com/teams.microsoft.com',
    });
    expect(result).to.deep.equal({
      ok: false,
      problems: {
        dates: 'dates',
        title: 'missing',
        invited: 'invited-missing',
        time: 'invalid',
        joinUrl: 'not-teams',
      },
    });
    const unknownKind = parseSeriesForm({ ...filled, meetingKind: 'party', duration: '17' });
    expect(unknownKind.ok === false && unknownKind.problems).to.include({
      meetingKind: 'missing',
      duration: 'missing',
    });
  });

  it('invites the people named to an ad hoc meeting, and nobody by name to the others', () => {
    const adhoc = parseSeriesForm({ ...filled, meetingKind: 'adhoc', invited: 'aad-a,aad-b' });
    expect(adhoc.ok && adhoc.draft.invited).to.deep.equal(['aad-a', 'aad-b']);
    const coordinators = parseSeriesForm({ ...filled, invited: 'aad-a' });
    expect(coordinators.ok && coordinators.draft.invited).to.equal(undefined);
  });

  it('keeps an edited series’ cancelled and moved meetings', () => {
    const exceptions = { '2027-01-12': { cancelled: true as const } };
    const result = parseSeriesForm(filled, exceptions);
    expect(result.ok && result.draft.schedule.exceptions).to.deep.equal(exceptions);
  });

  it('gives a stored series back as the values it was filled in with', () => {
    const parsed = parseSeriesForm({ ...filled, place: 'Møterom 4', every: '3' });
    if (!parsed.ok) throw new Error('the form should parse');
    const series = { ...parsed.draft, organiser: 'x', agendaDeadlineDays: 7 } as unknown as MeetingSeries;
    const again = parseSeriesForm(seriesValues(series));
    expect(again.ok && again.draft).to.deep.equal(parsed.draft);
  });

  it('identifies a rhythm by its dates, not by its exceptions, title or place', () => {
    const a = parseSeriesForm(filled);
    const b = parseSeriesForm(
      { ...filled, title: 'Annet navn', place: 'Et sted' },
      { '2027-01-12': { cancelled: true } },
    );
    const c = parseSeriesForm({ ...filled, time: '10:00' });
    if (!a.ok || !b.ok || !c.ok) throw new Error('the forms should parse');
    expect(previewIdOf(a.draft.schedule)).to.equal(previewIdOf(b.draft.schedule));
    expect(previewIdOf(a.draft.schedule)).not.to.equal(previewIdOf(c.draft.schedule));
  });
});
