import { expect } from 'chai';
import { compileAgenda } from '../../../src/features/agenda/agenda-compile.js';
import {
  type AgendaCommand,
  type AgendaDraft,
  type AgendaItem,
  type AgendaState,
  applyAgendaCommand,
  draftFromGuidance,
  draftProblems,
  newAgendaItem,
  notReached,
  type TargetMeeting,
} from '../../../src/features/agenda/agenda-items.js';

const AT = '2027-01-04T09:00:00.000Z';
const NOW = Date.parse(AT);
const DAY = 86_400_000;
const context = { nowMs: NOW, today: '2027-01-04' };

const draft: AgendaDraft = {
  title: 'Lik praksis for refleksjonsperiode',
  description: 'Avdelingene vurderer vilkårene ulikt.',
  agendaKind: 'principled',
  department: 'OPA',
  forum: 'coordinators',
  urgent: false,
  minutes: 20,
};
const item = (over: Partial<AgendaItem> = {}): AgendaItem => ({
  ...newAgendaItem('a1', 'S-2027-0001', draft, 'kari', AT),
  ...over,
});
const meeting = (over: Partial<TargetMeeting> = {}): TargetMeeting => ({
  seriesId: 'koord',
  occurrence: '2027-01-12',
  forum: 'coordinators',
  startMs: NOW + 8 * DAY,
  open: true,
  ...over,
});
const later = meeting({ occurrence: '2027-02-09', startMs: NOW + 36 * DAY });
const apply = (i: AgendaItem, c: AgendaCommand, ctx = context) => applyAgendaCommand(i, c, 'udi', AT, ctx);

describe('agenda items: raising one', () => {
  it('needs a title, a description, a kind, a forum and sensible minutes', () => {
    expect(draftProblems(draft)).to.deep.equal({});
    expect(
      draftProblems({
        ...draft,
        title: ' ',
        description: '',
        minutes: 2,
        forum: 'x' as never,
        agendaKind: 'y' as never,
      }),
    ).to.deep.equal({
      title: 'missing',
      description: 'missing',
      agendaKind: 'missing',
      forum: 'missing',
      minutes: 'invalid',
    });
    expect(draftProblems({ ...draft, title: 'x'.repeat(151), minutes: 181 })).to.deep.equal({
      title: 'too-long',
      minutes: 'invalid',
    });
  });

  it('is submitted, with its history and nothing carried over', () => {
    const raised = item();
    expect([raised.state, raised.carriedOver, raised.history.map((e) => [e.action, e.to])]).to.deep.equal([
      'submitted',
      0,
      [['submit', 'submitted']],
    ]);
  });
});

describe('agenda items: every allowed and refused move', () => {
  const all: AgendaState[] = ['submitted', 'accepted', 'declined', 'merged', 'done'];
  const commands: Record<AgendaCommand['kind'], AgendaCommand> = {
    accept: { kind: 'accept', to: meeting() },
    defer: { kind: 'defer', to: later, reason: 'Rekker ikke i januar' },
    merge: { kind: 'merge', into: { id: 'a2', state: 'submitted', forum: 'coordinators' } },
    decline: { kind: 'decline', reason: 'Hører hjemme i linja' },
    outcome: { kind: 'outcome', outcome: { kind: 'discussed' }, meetingStartMs: NOW - DAY },
    'carry-over': { kind: 'carry-over', to: later },
  };
  const allowed: Record<AgendaCommand['kind'], AgendaState[]> = {
    accept: ['submitted'],
    defer: ['submitted', 'accepted'],
    merge: ['submitted', 'accepted'],
    decline: ['submitted', 'accepted'],
    outcome: ['accepted'],
    'carry-over': ['accepted'],
  };
  const after: Record<AgendaCommand['kind'], AgendaState> = {
    accept: 'accepted',
    defer: 'accepted',
    merge: 'merged',
    decline: 'declined',
    outcome: 'done',
    'carry-over': 'accepted',
  };
  for (const [kind, command] of Object.entries(commands) as [AgendaCommand['kind'], AgendaCommand][])
    for (const state of all)
      it(`${kind} from ${state}: ${allowed[kind].includes(state) ? `→ ${after[kind]}` : 'refused'}`, () => {
        const from = item({
          state,
          ...(state === 'accepted' ? { meeting: { seriesId: 'koord', occurrence: '2027-01-12' } } : {}),
        });
        const result = apply(from, command);
        if (allowed[kind].includes(state)) {
          expect(result.ok && result.item.state).to.equal(after[kind]);
          expect(result.ok && result.item.history.at(-1)?.action).to.equal(kind);
        } else expect(result).to.deep.equal({ ok: false, problem: 'not-allowed-in-state' });
      });
});

describe('agenda items: the rules of each move', () => {
  it('accepts onto an open, coming meeting of its own forum only', () => {
    const accepted = apply(item(), { kind: 'accept', to: meeting() });
    expect(accepted.ok && accepted.item.meeting).to.deep.equal({
      seriesId: 'koord',
      occurrence: '2027-01-12',
    });
    for (const to of [meeting({ forum: 'network' }), meeting({ open: false }), meeting({ startMs: NOW - 1 })])
      expect(apply(item(), { kind: 'accept', to })).to.deep.equal({ ok: false, problem: 'wrong-meeting' });
  });

  it('defers to a later meeting only, with a reason', () => {
    const on = item({ state: 'accepted', meeting: { seriesId: 'koord', occurrence: '2027-02-09' } });
    expect(
      apply(on, { kind: 'defer', to: meeting(), reason: 'x', currentStartMs: later.startMs }),
    ).to.deep.equal({
      ok: false,
      problem: 'not-later',
    });
    expect(apply(item(), { kind: 'defer', to: later, reason: '  ' })).to.deep.equal({
      ok: false,
      problem: 'missing-reason',
    });
    const deferred = apply(item(), { kind: 'defer', to: later, reason: ' Ikke tid i januar ' });
    expect(
      deferred.ok && [deferred.item.state, deferred.item.reason, deferred.item.meeting?.occurrence],
    ).to.deep.equal(['accepted', 'Ikke tid i januar', '2027-02-09']);
  });

  it('merges into another open item of the same forum, never itself', () => {
    for (const into of [
      { id: 'a1', state: 'submitted' as const, forum: 'coordinators' as const },
      { id: 'a2', state: 'submitted' as const, forum: 'network' as const },
      { id: 'a2', state: 'declined' as const, forum: 'coordinators' as const },
    ])
      expect(apply(item(), { kind: 'merge', into })).to.deep.equal({ ok: false, problem: 'bad-merge' });
    const merged = apply(item(), {
      kind: 'merge',
      into: { id: 'a2', state: 'accepted', forum: 'coordinators' },
    });
    expect(merged.ok && merged.item.mergedInto).to.equal('a2');
  });

  it('declines with a reason', () => {
    expect(apply(item(), { kind: 'decline', reason: '' })).to.deep.equal({
      ok: false,
      problem: 'missing-reason',
    });
    expect(apply(item(), { kind: 'decline', reason: 'x'.repeat(1001) })).to.deep.equal({
      ok: false,
      problem: 'reason-too-long',
    });
  });

  it('records an outcome only once the meeting has begun, each kind with what it needs', () => {
    const on = item({ state: 'accepted', meeting: { seriesId: 'koord', occurrence: '2027-01-03' } });
    const outcome = (o: Extract<AgendaCommand, { kind: 'outcome' }>['outcome'], meetingStartMs = NOW - DAY) =>
      apply(on, { kind: 'outcome', outcome: o, meetingStartMs });
    expect(outcome({ kind: 'discussed' }, NOW + DAY)).to.deep.equal({ ok: false, problem: 'meeting-ahead' });
    expect(outcome({ kind: 'clarified', clarification: ' ' })).to.deep.equal({
      ok: false,
      problem: 'missing-text',
    });
    expect(outcome({ kind: 'initiative', what: 'Be om rundskriv', by: '' })).to.deep.equal({
      ok: false,
      problem: 'missing-owner',
    });
    expect(
      outcome({ kind: 'follow-up', what: 'Skriv notat', owner: 'opa', due: '2027-01-03', action: 'f1' }),
    ).to.deep.equal({ ok: false, problem: 'bad-due-date' });
    const clarified = outcome({ kind: 'clarified', clarification: ' Vilkåret tolkes slik. ' });
    expect(clarified.ok && [clarified.item.state, clarified.item.outcome]).to.deep.equal([
      'done',
      { kind: 'clarified', clarification: 'Vilkåret tolkes slik.' },
    ]);
    const referred = outcome({ kind: 'referred' });
    expect(referred.ok && referred.item.history.at(-1)).to.include({
      action: 'outcome',
      outcome: 'referred',
      to: 'done',
    });
  });

  it('rolls over what a held meeting did not reach, counting the times', () => {
    const held = { seriesId: 'koord', occurrence: '2027-01-12' };
    const items = [
      item({ id: 'a', state: 'accepted', meeting: held }),
      item({ id: 'b', state: 'done', meeting: held }),
      item({ id: 'c', state: 'accepted', meeting: { seriesId: 'koord', occurrence: '2027-02-09' } }),
    ];
    const missed = notReached(items, held);
    expect(missed.map((i) => i.id)).to.deep.equal(['a']);
    const rolled = apply(missed[0]!, { kind: 'carry-over', to: later });
    if (!rolled.ok) throw new Error('the first carry-over should be allowed');
    const twice = apply(rolled.item, {
      kind: 'carry-over',
      to: meeting({ occurrence: '2027-03-09', startMs: NOW + 64 * DAY }),
    });
    expect(twice.ok && [twice.item.carriedOver, twice.item.meeting?.occurrence]).to.deep.equal([
      2,
      '2027-03-09',
    ]);
  });
});

describe('the compiled agenda', () => {
  const on = { seriesId: 'koord', occurrence: '2027-01-12' };
  const accepted = (id: string, over: Partial<AgendaItem>) =>
    item({ id, reference: `S-2027-000${id}`, state: 'accepted', meeting: on, minutes: 20, ...over });

  it('puts carried-over items first (longest waiting first), then urgent ones, then in order of acceptance', () => {
    const items = [
      accepted('1', { acceptedSeq: 1 }),
      accepted('2', { acceptedSeq: 2, urgent: true }),
      accepted('3', { acceptedSeq: 3, carriedOver: 1 }),
      accepted('4', { acceptedSeq: 4, carriedOver: 2 }),
      accepted('5', { acceptedSeq: 0 }),
      accepted('6', { acceptedSeq: 5, urgent: true, carriedOver: 1 }),
      item({ id: '7', state: 'submitted' }),
      accepted('8', { meeting: { seriesId: 'koord', occurrence: '2027-02-09' } }),
      accepted('9', { state: 'done' }),
    ];
    expect(compileAgenda(items, on, 90).items.map((i) => i.id)).to.deep.equal(['4', '6', '3', '2', '5', '1']);
  });

  it('adds up the minutes against the meeting’s length', () => {
    const items = [accepted('1', { minutes: 45 }), accepted('2', { minutes: 50 })];
    expect(compileAgenda(items, on, 90)).to.include({ totalMinutes: 95, meetingMinutes: 90, over: true });
    expect(compileAgenda(items.slice(0, 1), on, 90)).to.include({ totalMinutes: 45, over: false });
  });
});

describe('agenda items: raised from a guidance question', () => {
  const request = {
    id: 'g1',
    question: 'Gjelder refleksjonsperioden også for mindreårige? Vi har en sak i region øst.',
    principled: true,
    state: 'answered',
    messages: [
      { kind: 'question', text: 'Gjelder refleksjonsperioden også for mindreårige?' },
      { kind: 'answer', text: 'Ja, med verge til stede.' },
    ],
  };

  it('offers the question as title and the question with its answer as description, for the submitter to edit', () => {
    const made = draftFromGuidance(request, 'RMA', { answer: 'Svar' });
    expect(made).to.deep.equal({
      title: 'Gjelder refleksjonsperioden også for mindreårige?',
      description:
        'Gjelder refleksjonsperioden også for mindreårige? Vi har en sak i region øst.\n\nSvar: Ja, med verge til stede.',
      agendaKind: 'principled',
      department: 'RMA',
      forum: 'coordinators',
      urgent: false,
      minutes: 15,
      fromGuidance: 'g1',
    });
    expect(made && draftProblems(made)).to.deep.equal({});
  });

  it('only from a principled question with an answer; a long first sentence is cut at a word', () => {
    expect(draftFromGuidance({ ...request, principled: false }, 'RMA', { answer: 'Svar' })).to.equal(
      undefined,
    );
    expect(draftFromGuidance({ ...request, state: 'open' }, 'RMA', { answer: 'Svar' })).to.equal(undefined);
    expect(
      draftFromGuidance({ ...request, messages: request.messages.slice(0, 1), state: 'closed' }, 'RMA', {
        answer: 'Svar',
      }),
    ).to.equal(undefined);
    const long = draftFromGuidance({ ...request, question: `${'ord '.repeat(60)}slutt.` }, 'RMA', {
      answer: 'Svar',
    });
    expect(long?.title.length).to.be.at.most(150);
    expect(long?.title.endsWith('…')).to.equal(true);
    expect(long && draftProblems(long)).to.deep.equal({});
  });
});
