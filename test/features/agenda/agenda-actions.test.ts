import { expect } from 'chai';
import {
  closeAction,
  dueActionSteps,
  newFollowUpAction,
  withStepSent,
} from '../../../src/features/agenda/agenda-actions.js';
import {
  type AgendaDraft,
  type AgendaItem,
  applyAgendaCommand,
  newAgendaItem,
} from '../../../src/features/agenda/agenda-items.js';
import { agendaItemSchema, followUpActionSchema } from '../../../src/features/agenda/agenda-store.js';

const AT = '2027-01-13T09:00:00.000Z';
const action = newFollowUpAction(
  'f1',
  'S-2027-0001-1',
  { what: ' Skrive notat om praksis ', owner: 'opa', due: '2027-01-22', fromItem: 'a1', department: 'OPA' },
  'udi',
  AT,
);

describe('follow-up actions', () => {
  it('are open, with their text trimmed, and valid in the store', () => {
    expect([action.state, action.what]).to.deep.equal(['open', 'Skrive notat om praksis']);
    expect(followUpActionSchema.safeParse(action).success).to.equal(true);
  });

  it('remind the owner two working days before (Friday the 22nd: from Wednesday), then tell the UDI coordinator the working day after', () => {
    expect(dueActionSteps(action, '2027-01-19')).to.deep.equal([]);
    expect(dueActionSteps(action, '2027-01-20')).to.deep.equal(['due-soon']);
    const reminded = withStepSent(action, 'due-soon', '2027-01-20T07:00:00.000Z');
    expect(dueActionSteps(reminded, '2027-01-21')).to.deep.equal([]);
    // The due date is a Friday: overdue is told on Monday, not over the weekend.
    expect(dueActionSteps(reminded, '2027-01-23')).to.deep.equal([]);
    expect(dueActionSteps(reminded, '2027-01-25')).to.deep.equal(['overdue']);
    const told = withStepSent(reminded, 'overdue', '2027-01-25T07:00:00.000Z');
    expect(dueActionSteps(told, '2027-01-26')).to.deep.equal([]);
    expect(told.history.map((e) => e.action)).to.deep.equal(['create', 'remind', 'remind']);
    expect(followUpActionSchema.safeParse(told).success).to.equal(true);
  });

  it('are closed once; a closed one is reminded of nothing', () => {
    const closed = closeAction(action, 'opa', AT);
    expect(closed.ok && closed.action.state).to.equal('done');
    expect(closed.ok && dueActionSteps(closed.action, '2027-01-25')).to.deep.equal([]);
    expect(closed.ok && closeAction(closed.action, 'opa', AT)).to.deep.equal({
      ok: false,
      problem: 'not-allowed-in-state',
    });
  });
});

describe('the agenda in the store', () => {
  const draft: AgendaDraft = {
    title: 'Lik praksis',
    description: 'Ulike vurderinger',
    agendaKind: 'general',
    department: 'ASA',
    forum: 'network',
    urgent: true,
    minutes: 30,
  };
  const raised = newAgendaItem('a1', 'S-2027-0001', draft, 'east', AT);

  it('takes every item the rules make', () => {
    const accepted = applyAgendaCommand(
      raised,
      {
        kind: 'accept',
        to: {
          seriesId: 'net',
          occurrence: '2027-03-10',
          forum: 'network',
          startMs: Date.parse(AT) + 1e9,
          open: true,
        },
      },
      'udi',
      AT,
      { nowMs: Date.parse(AT), today: '2027-01-13' },
    );
    if (!accepted.ok) throw new Error('accept should be allowed');
    const done = applyAgendaCommand(
      accepted.item,
      {
        kind: 'outcome',
        outcome: { kind: 'follow-up', what: 'Notat', owner: 'opa', due: '2027-04-01', action: 'f1' },
        meetingStartMs: Date.parse(AT),
      },
      'udi',
      AT,
      { nowMs: Date.parse(AT), today: '2027-01-13' },
    );
    for (const item of [raised, accepted.item, done.ok ? done.item : undefined])
      expect(agendaItemSchema.safeParse(item).success, item?.state).to.equal(true);
  });

  it('refuses a broken one', () => {
    const broken = (over: Partial<Record<keyof AgendaItem, unknown>>) =>
      agendaItemSchema.safeParse({ ...raised, ...over }).success;
    expect(broken({ forum: 'board' })).to.equal(false);
    expect(broken({ department: 'XYZ' })).to.equal(false);
    expect(broken({ title: '' })).to.equal(false);
    expect(broken({ outcome: { kind: 'clarified' } })).to.equal(false);
    expect(broken({ meeting: { seriesId: 's', occurrence: '10.03.2027' } })).to.equal(false);
  });
});
