import { expect } from 'chai';
import { formatDeadline } from '../../tab/src/format.js';

describe('overview tab: deadlines', () => {
  it('When a deadline is the end of a day in Oslo, then it is shown as that day, without 23:59', () => {
    // 23:59 Oslo on Wednesday 25 November 2026 (UTC+1).
    expect(formatDeadline('nb', '2026-11-25T22:59:59.999Z')).to.match(/^ons\.? 25\. nov\.? 2026$/);
    expect(formatDeadline('en', '2026-11-25T22:59:59.999Z')).to.equal('Wed, 25 Nov 2026');
  });

  it("When a deadline has a time of day (a meeting's start), then the time is shown", () => {
    expect(formatDeadline('nb', '2026-12-08T09:00:00.000Z')).to.contain('10:00');
  });
});
