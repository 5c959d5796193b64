import { expect } from 'chai';
import { newSheet, sheetId } from '../../../src/features/agenda/agenda-sheets.js';
import { occurrenceItemId } from '../../../src/features/meetings/meeting-series.js';

describe('agenda sheets', () => {
  it('have an id of their own, never the meeting’s (the outbox keys notifications by item id)', () => {
    // A sheet with the meeting's id made its agenda cards look delivered already: the meeting's
    // reminders had used the same notification keys.
    const meeting = { seriesId: '2a135271-6941-4784-a822-330125d831b9', occurrence: '2027-01-14' as const };
    expect(sheetId(meeting)).not.to.equal(occurrenceItemId(meeting.seriesId, meeting.occurrence));
    expect(newSheet(meeting, 'SL-2027-0001', '2027-01-07T15:00:00.000Z').id).to.equal(sheetId(meeting));
  });
});
