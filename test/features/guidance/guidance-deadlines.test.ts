import { expect } from 'chai';
import {
  dueDeadlineSteps,
  recordDeadlineReminder,
} from '../../../src/features/guidance/guidance-deadlines.js';
import {
  type GuidanceRequest,
  newGuidanceRequest,
} from '../../../src/features/guidance/guidance-requests.js';
import { guidanceRequestSchema } from '../../../src/features/guidance/guidance-store.js';

function request(dueDate: string, patch: Partial<GuidanceRequest> = {}): GuidanceRequest {
  const created = newGuidanceRequest({
    id: 'g1',
    reference: 'V-2026-0001',
    topicId: 'orders',
    asker: 'a',
    origin: 'internal',
    urgency: 'normal',
    question: 'Q',
    assignee: 'b',
    dueDate,
    at: '2026-11-24T09:00:00.000Z',
  });
  if (!created.ok) throw new Error('not created');
  return { ...created.value, ...patch };
}

const policy = { escalateAfterWorkingDays: 2 };

describe('guidance deadlines', () => {
  // Due Friday 27 Nov 2026.
  const due = '2026-11-27';
  it('reminds the assignee the working day before and on the day', () => {
    expect(dueDeadlineSteps(request(due), '2026-11-25', policy)).to.deep.equal([]);
    expect(dueDeadlineSteps(request(due), '2026-11-26', policy)).to.deep.equal(['dueSoon']);
    expect(dueDeadlineSteps(request(due), '2026-11-27', policy)).to.deep.equal(['dueSoon']);
  });
  it('tells the coordinator after the deadline, and the UDI coordinator two working days later', () => {
    expect(dueDeadlineSteps(request(due), '2026-11-28', policy)).to.deep.equal(['overdueCoordinator']);
    expect(dueDeadlineSteps(request(due), '2026-11-30', policy)).to.deep.equal(['overdueCoordinator']);
    expect(dueDeadlineSteps(request(due), '2026-12-01', policy)).to.deep.equal([
      'overdueCoordinator',
      'overdueUdi',
    ]);
  });
  it('counts working days across holidays', () => {
    // Due Wednesday 23 Dec 2026: 24 Dec is a working day, 25–26 Dec holidays, 27 Dec Sunday.
    expect(dueDeadlineSteps(request('2026-12-23'), '2026-12-24', policy)).to.deep.equal([
      'overdueCoordinator',
    ]);
    expect(dueDeadlineSteps(request('2026-12-23'), '2026-12-28', policy)).to.deep.equal([
      'overdueCoordinator',
      'overdueUdi',
    ]);
  });
  it('sends each step once per deadline', () => {
    const sent = request(due, { reminders: { dueSoon: 'x', overdueCoordinator: 'y' } });
    expect(dueDeadlineSteps(sent, '2026-12-01', policy)).to.deep.equal(['overdueUdi']);
  });
  it('stops the clock while waiting for the asker, and once answered or closed', () => {
    for (const state of ['awaiting-info', 'answered', 'closed'] as const) {
      expect(dueDeadlineSteps(request(due, { state }), '2026-12-10', policy), state).to.deep.equal([]);
    }
  });
  it('records a step as sent, in the reminders and in the history (by the bot, no change of state)', () => {
    const before = request(due);
    const after = recordDeadlineReminder(before, 'dueSoon', '2026-11-26T07:00:00.000Z');
    expect(after.reminders).to.deep.equal({ dueSoon: '2026-11-26T07:00:00.000Z' });
    expect(after.history.slice(0, -1)).to.deep.equal(before.history);
    expect(after.history.at(-1)).to.deep.equal({
      at: '2026-11-26T07:00:00.000Z',
      by: 'system',
      action: 'deadline-reminder',
      step: 'dueSoon',
    });
    expect(after).to.deep.include({ state: before.state, updatedAt: before.updatedAt });
    expect(before.reminders).to.deep.equal({});
    expect(dueDeadlineSteps(after, '2026-11-26', policy)).to.deep.equal([]);
    expect(guidanceRequestSchema.safeParse(after).success).to.equal(true);
  });
});
