import { expect } from 'chai';
import fc from 'fast-check';
import {
  applyGuidanceAction,
  availableActions,
  GUIDANCE_ACTIONS,
  GUIDANCE_STATES,
  GUIDANCE_TEXT_LIMIT,
  type GuidanceAction,
  type GuidanceActionKind,
  type GuidanceEvent,
  type GuidanceRequest,
  type GuidanceState,
  guidancePolicyKind,
  isOpen,
  type NewGuidanceRequestArgs,
  newGuidanceRequest,
  openStates,
} from '../../../src/features/guidance/guidance-requests.js';

const T0 = '2026-11-24T10:00:00.000Z';
const T1 = '2026-11-24T11:00:00.000Z';
const T2 = '2026-11-24T12:00:00.000Z';

const baseArgs: NewGuidanceRequestArgs = {
  id: 'g1',
  reference: 'V-2026-0042',
  topicId: 'reflection-permit',
  asker: 'asker',
  askerDepartment: 'RMA',
  origin: 'internal',
  urgency: 'normal',
  question: 'How do we handle a reflection period request?',
  assignee: 'opa',
  dueDate: '2026-11-27',
  at: T0,
};

function unwrap<T, E>(result: { ok: true; value: T } | { ok: false; error: E }): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

const fresh = (args: Partial<NewGuidanceRequestArgs> = {}): GuidanceRequest =>
  unwrap(newGuidanceRequest({ ...baseArgs, ...args }));

const act = (request: GuidanceRequest, action: GuidanceAction, actor = request.assignee, at = T1) =>
  unwrap(applyGuidanceAction(request, action, actor, at));

/** A request brought into each state through real actions. */
function inState(state: GuidanceState): GuidanceRequest {
  const open = fresh();
  switch (state) {
    case 'open':
      return open;
    case 'in-progress':
      return act(open, { kind: 'take' });
    case 'awaiting-info':
      return act(open, { kind: 'ask-for-info', text: 'Which municipality?' });
    case 'answered':
      return act(open, { kind: 'answer', text: 'Refer to the reflection period guide.' });
    case 'closed':
      return act(open, { kind: 'close', reason: 'Duplicate' });
  }
}

/** A valid example of each action, with who would perform it. */
const sample: Record<GuidanceActionKind, { action: GuidanceAction; by: 'assignee' | 'asker' }> = {
  take: { action: { kind: 'take' }, by: 'assignee' },
  answer: { action: { kind: 'answer', text: 'The answer' }, by: 'assignee' },
  'ask-for-info': { action: { kind: 'ask-for-info', text: 'Need more' }, by: 'assignee' },
  'provide-info': { action: { kind: 'provide-info', text: 'Here it is' }, by: 'asker' },
  forward: { action: { kind: 'forward', to: 'asa', reason: 'Asylum question' }, by: 'assignee' },
  escalate: { action: { kind: 'escalate', udiCoordinator: 'udi', reason: 'Principled' }, by: 'assignee' },
  close: { action: { kind: 'close', reason: 'Answered by phone' }, by: 'assignee' },
  'mark-helpful': { action: { kind: 'mark-helpful' }, by: 'asker' },
  'follow-up': { action: { kind: 'follow-up', text: 'And what about…?' }, by: 'asker' },
};

/** The full transition table: the resulting state, or null when the action is refused. */
const TABLE: Record<GuidanceState, Record<GuidanceActionKind, GuidanceState | null>> = {
  open: {
    take: 'in-progress',
    answer: 'answered',
    'ask-for-info': 'awaiting-info',
    'provide-info': null,
    forward: 'open',
    escalate: 'open',
    close: 'closed',
    'mark-helpful': null,
    'follow-up': null,
  },
  'in-progress': {
    take: null,
    answer: 'answered',
    'ask-for-info': 'awaiting-info',
    'provide-info': null,
    forward: 'open',
    escalate: 'open',
    close: 'closed',
    'mark-helpful': null,
    'follow-up': null,
  },
  'awaiting-info': {
    take: null,
    answer: 'answered',
    'ask-for-info': null,
    'provide-info': 'in-progress',
    forward: 'open',
    escalate: 'open',
    close: 'closed',
    'mark-helpful': null,
    'follow-up': null,
  },
  answered: {
    take: null,
    answer: null,
    'ask-for-info': null,
    'provide-info': null,
    forward: null,
    escalate: null,
    close: null,
    'mark-helpful': 'closed',
    'follow-up': 'in-progress',
  },
  closed: {
    take: null,
    answer: null,
    'ask-for-info': null,
    'provide-info': null,
    forward: null,
    escalate: null,
    close: null,
    'mark-helpful': null,
    'follow-up': null,
  },
};

describe('guidance requests', () => {
  describe('newGuidanceRequest', () => {
    it('creates an open request with the question as its first message', () => {
      const r = fresh({ question: '  What now?  ', principled: true });
      expect(r).to.include({
        kind: 'guidance',
        state: 'open',
        createdBy: 'asker',
        asker: 'asker',
        assignee: 'opa',
        question: 'What now?',
        principled: true,
        dueDate: '2026-11-27',
        updatedAt: T0,
      });
      expect(r.messages).to.deep.equal([{ at: T0, by: 'asker', kind: 'question', text: 'What now?' }]);
      // Asked, with the question (message 0) as its text.
      expect(r.history).to.deep.equal([{ at: T0, by: 'asker', action: 'ask', message: 0, to: 'open' }]);
      expect(r.reminders).to.deep.equal({});
      expect(r.parties).to.deep.equal([]);
      expect(r.closedAt).to.equal(undefined);
    });
    it('is not principled unless flagged', () => {
      expect(fresh().principled).to.equal(false);
    });
    it('keeps the external source only for external inquiries', () => {
      expect(fresh({ origin: 'external', externalSource: 'police' }).externalSource).to.equal('police');
      expect(fresh({ origin: 'internal', externalSource: 'police' })).not.to.have.property('externalSource');
    });
    it('refuses an empty or too long question', () => {
      expect(newGuidanceRequest({ ...baseArgs, question: '   ' })).to.deep.equal({
        ok: false,
        error: { kind: 'empty-text' },
      });
      expect(
        newGuidanceRequest({ ...baseArgs, question: 'x'.repeat(GUIDANCE_TEXT_LIMIT + 1) }),
      ).to.deep.equal({
        ok: false,
        error: { kind: 'text-too-long', limit: GUIDANCE_TEXT_LIMIT },
      });
      expect(newGuidanceRequest({ ...baseArgs, question: 'x'.repeat(GUIDANCE_TEXT_LIMIT) }).ok).to.equal(
        true,
      );
    });
  });

  describe('every (state × action) pair', () => {
    for (const state of GUIDANCE_STATES)
      for (const kind of GUIDANCE_ACTIONS) {
        const expected = TABLE[state][kind];
        it(`${kind} in ${state}: ${expected ? `→ ${expected}` : 'refused'}`, () => {
          const request = inState(state);
          expect(request.state).to.equal(state);
          const { action, by } = sample[kind];
          const result = applyGuidanceAction(request, action, request[by], T2);
          if (expected === null) {
            expect(result).to.deep.equal({ ok: false, error: { kind: 'not-allowed-in-state', state } });
            return;
          }
          const next = unwrap(result);
          expect(next.state).to.equal(expected);
          expect(next.updatedAt).to.equal(T2);
          expect(next.history).to.have.length(request.history.length + 1);
          // The typed entry: the action's kind, with the message it wrote and who it went to.
          const written = request.messages.length;
          const event: Record<GuidanceActionKind, GuidanceEvent> = {
            take: { action: 'take' },
            answer: { action: 'answer', message: written },
            'ask-for-info': { action: 'ask-for-info', message: written },
            'provide-info': { action: 'provide-info', message: written },
            forward: { action: 'forward', assignee: 'asa', message: written },
            escalate: { action: 'escalate', assignee: 'udi', message: written },
            close: { action: 'close' },
            'mark-helpful': { action: 'mark-helpful' },
            'follow-up': { action: 'follow-up', message: written },
          };
          expect(next.history.at(-1)).to.deep.equal({
            at: T2,
            by: request[by],
            ...event[kind],
            from: state,
            to: expected,
          });
        });
      }

    it('availableActions lists exactly the allowed actions of the table', () => {
      for (const state of GUIDANCE_STATES) {
        const allowed = GUIDANCE_ACTIONS.filter((kind) => TABLE[state][kind] !== null);
        expect(availableActions({ state }), state).to.deep.equal(allowed);
      }
    });
  });

  describe('content of each action', () => {
    it('take moves to in progress and makes the taker the assignee', () => {
      const r = fresh();
      expect(act(r, { kind: 'take' }).assignee).to.equal('opa');
      expect(act(r, { kind: 'take' }, 'opa-deputy').assignee).to.equal('opa-deputy');
    });
    it('answer records the answer and when it was given', () => {
      const r = act(fresh(), { kind: 'answer', text: ' See the guide. ' }, 'opa', T1);
      expect(r.answeredAt).to.equal(T1);
      expect(r.messages.at(-1)).to.deep.equal({ at: T1, by: 'opa', kind: 'answer', text: 'See the guide.' });
    });
    it('asking for information and providing it are messages both ways', () => {
      const asked = act(fresh(), { kind: 'ask-for-info', text: 'Which office?' });
      expect(asked.messages.at(-1)).to.include({ kind: 'info-request', by: 'opa', text: 'Which office?' });
      const given = act(asked, { kind: 'provide-info', text: 'Oslo' }, 'asker', T2);
      expect(given.state).to.equal('in-progress');
      expect(given.messages.at(-1)).to.deep.equal({ at: T2, by: 'asker', kind: 'info', text: 'Oslo' });
      expect(given.assignee).to.equal('opa');
    });
    it('forward hands the request to someone else, recording who and why, back to open', () => {
      const taken = act(fresh(), { kind: 'take' });
      const r = act(taken, { kind: 'forward', to: 'asa', reason: 'About asylum interviews' }, 'opa', T2);
      expect(r).to.include({ state: 'open', assignee: 'asa', principled: false, dueDate: '2026-11-27' });
      expect(r.messages.at(-1)).to.deep.equal({
        at: T2,
        by: 'opa',
        kind: 'forward',
        text: 'About asylum interviews',
        assignedTo: 'asa',
      });
      expect(r.history.at(-1)).to.deep.equal({
        at: T2,
        by: 'opa',
        action: 'forward',
        assignee: 'asa',
        message: r.messages.length - 1,
        from: 'in-progress',
        to: 'open',
      });
    });
    it('forward refuses the current assignee, nobody, or an empty reason', () => {
      const r = fresh();
      expect(applyGuidanceAction(r, { kind: 'forward', to: 'opa', reason: 'x' }, 'opa', T1)).to.deep.equal({
        ok: false,
        error: { kind: 'same-assignee' },
      });
      expect(applyGuidanceAction(r, { kind: 'forward', to: ' ', reason: 'x' }, 'opa', T1)).to.deep.equal({
        ok: false,
        error: { kind: 'missing-assignee' },
      });
      expect(applyGuidanceAction(r, { kind: 'forward', to: 'asa', reason: '' }, 'opa', T1)).to.deep.equal({
        ok: false,
        error: { kind: 'empty-text' },
      });
    });
    it('a new deadline replaces the old one and clears its reminders', () => {
      const reminded = { ...fresh(), reminders: { dueSoon: T1 } };
      const kept = act(reminded, { kind: 'forward', to: 'asa', reason: 'r' });
      expect(kept.reminders).to.deep.equal({ dueSoon: T1 });
      const moved = act(reminded, { kind: 'forward', to: 'asa', reason: 'r', dueDate: '2026-12-01' });
      expect(moved).to.deep.include({ dueDate: '2026-12-01', reminders: {} });
    });
    it('escalate gives the request to the UDI coordinator and marks it principled', () => {
      const r = act(fresh(), { kind: 'escalate', udiCoordinator: 'udi', reason: 'Needs a principled view' });
      expect(r).to.include({ state: 'open', assignee: 'udi', principled: true });
      expect(r.messages.at(-1)).to.include({
        kind: 'escalate',
        assignedTo: 'udi',
        text: 'Needs a principled view',
      });
      const again = applyGuidanceAction(
        r,
        { kind: 'escalate', udiCoordinator: 'udi', reason: 'x' },
        'udi',
        T2,
      );
      expect(again).to.deep.equal({ ok: false, error: { kind: 'same-assignee' } });
    });
    it('close without answer records when and why, and keeps the principled flag', () => {
      const escalated = act(fresh(), { kind: 'escalate', udiCoordinator: 'udi', reason: 'Principled' });
      const r = act(escalated, { kind: 'close', reason: ' Taken to the network meeting ' }, 'udi', T2);
      expect(r).to.include({
        state: 'closed',
        closedAt: T2,
        closeReason: 'Taken to the network meeting',
        principled: true,
      });
      expect(r.answeredAt).to.equal(undefined);
      expect(isOpen(r)).to.equal(false);
    });
    it('mark helpful closes the answered request as helpful', () => {
      const answered = act(fresh({ principled: true }), { kind: 'answer', text: 'Answer' });
      const r = act(answered, { kind: 'mark-helpful' }, 'asker', T2);
      expect(r).to.include({
        state: 'closed',
        helpful: true,
        closedAt: T2,
        principled: true,
        answeredAt: T1,
      });
      expect(r.closeReason).to.equal(undefined);
    });
    it('a follow-up reopens the same request with the same assignee', () => {
      const answered = act(fresh(), { kind: 'answer', text: 'Answer' });
      const r = act(answered, { kind: 'follow-up', text: 'One more thing' }, 'asker', T2);
      expect(r).to.include({ id: 'g1', reference: 'V-2026-0042', state: 'in-progress', assignee: 'opa' });
      expect(r.messages.map((m) => m.kind)).to.deep.equal(['question', 'answer', 'follow-up']);
      expect(isOpen(r)).to.equal(true);
      const second = act(r, { kind: 'answer', text: 'Second answer' }, 'opa', '2026-11-25T09:00:00.000Z');
      expect(second.answeredAt).to.equal('2026-11-25T09:00:00.000Z');
    });
    it('refuses empty and too long text in every text-carrying action', () => {
      const long = 'x'.repeat(GUIDANCE_TEXT_LIMIT + 1);
      const cases: [GuidanceState, (text: string) => GuidanceAction][] = [
        ['open', (text) => ({ kind: 'answer', text })],
        ['open', (text) => ({ kind: 'ask-for-info', text })],
        ['awaiting-info', (text) => ({ kind: 'provide-info', text })],
        ['open', (reason) => ({ kind: 'forward', to: 'asa', reason })],
        ['open', (reason) => ({ kind: 'escalate', udiCoordinator: 'udi', reason })],
        ['open', (reason) => ({ kind: 'close', reason })],
        ['answered', (text) => ({ kind: 'follow-up', text })],
      ];
      for (const [state, make] of cases) {
        const r = inState(state);
        expect(applyGuidanceAction(r, make(' \n '), 'x', T2), make('').kind).to.deep.equal({
          ok: false,
          error: { kind: 'empty-text' },
        });
        expect(applyGuidanceAction(r, make(long), 'x', T2), make('').kind).to.deep.equal({
          ok: false,
          error: { kind: 'text-too-long', limit: GUIDANCE_TEXT_LIMIT },
        });
      }
    });
    it('never changes the request it is given', () => {
      const r = fresh();
      const before = structuredClone(r);
      act(r, { kind: 'escalate', udiCoordinator: 'udi', reason: 'r' });
      expect(r).to.deep.equal(before);
    });
  });

  it('isOpen and openStates cover open, in progress and awaiting information', () => {
    expect([...openStates]).to.deep.equal(['open', 'in-progress', 'awaiting-info']);
    expect(GUIDANCE_STATES.filter((state) => isOpen({ state }))).to.deep.equal([...openStates]);
  });

  it('names the policy action guarding each action', () => {
    const respond = GUIDANCE_ACTIONS.filter((kind) => guidancePolicyKind(kind) === 'guidance.respond');
    expect(respond).to.deep.equal(['provide-info', 'mark-helpful', 'follow-up']);
  });

  describe('random action sequences (fast-check)', () => {
    const people = fc.constantFrom('asker', 'opa', 'asa', 'udi', 'opa-deputy');
    const text = fc.oneof(
      fc.constantFrom('', '  ', 'x'.repeat(GUIDANCE_TEXT_LIMIT + 1)),
      fc.string({ minLength: 1, maxLength: 30 }),
    );
    const dueDate = fc.option(fc.constantFrom('2026-12-01', '2026-12-04'), { nil: undefined });
    const action: fc.Arbitrary<GuidanceAction> = fc.oneof(
      fc.constant({ kind: 'take' as const }),
      text.map((t) => ({ kind: 'answer' as const, text: t })),
      text.map((t) => ({ kind: 'ask-for-info' as const, text: t })),
      text.map((t) => ({ kind: 'provide-info' as const, text: t })),
      fc.record({ kind: fc.constant('forward' as const), to: people, reason: text, dueDate }),
      fc.record({ kind: fc.constant('escalate' as const), udiCoordinator: people, reason: text, dueDate }),
      text.map((t) => ({ kind: 'close' as const, reason: t })),
      fc.constant({ kind: 'mark-helpful' as const }),
      fc.record({ kind: fc.constant('follow-up' as const), text, dueDate }),
    );
    const step = fc.record({ action, actor: people });

    function checkInvariants(r: GuidanceRequest): void {
      expect(GUIDANCE_STATES).to.include(r.state);
      expect(r.closedAt !== undefined).to.equal(r.state === 'closed');
      if (r.state === 'answered') expect(r.answeredAt).to.be.a('string');
      if (r.helpful) expect(r).to.include({ state: 'closed' }).and.to.have.property('answeredAt');
      if (r.closeReason !== undefined) {
        expect(r.state).to.equal('closed');
        expect(r.helpful).to.equal(undefined);
      }
      expect(r.history.at(-1)?.to).to.equal(r.state);
      // Every text in the history is a reference to its message, of the kind the action writes.
      const writes: Partial<Record<GuidanceEvent['action'], readonly string[]>> = {
        ask: ['question'],
        answer: ['answer'],
        'ask-for-info': ['info-request'],
        'provide-info': ['info'],
        'follow-up': ['follow-up'],
        forward: ['forward'],
        escalate: ['escalate'],
      };
      const referenced = r.history.flatMap((e) => ('message' in e ? [e.message] : []));
      expect(referenced).to.deep.equal(r.messages.map((_, i) => i));
      for (const e of r.history) {
        if (!('message' in e)) continue;
        const m = r.messages[e.message]!;
        expect(writes[e.action], e.action).to.include(m.kind);
        expect(m).to.include({ at: e.at, by: e.by });
        if ('assignee' in e) expect(m.assignedTo).to.equal(e.assignee);
      }
      expect(r.messages[0]?.kind).to.equal('question');
      expect(r.asker).to.equal(r.createdBy);
      expect(r.assignee).to.not.equal('');
      for (const m of r.messages) expect(m.text.length).to.be.within(1, GUIDANCE_TEXT_LIMIT);
    }

    it('never produce an invalid combination', () => {
      fc.assert(
        fc.property(fc.boolean(), fc.array(step, { maxLength: 25 }), (principled, steps) => {
          let r = fresh({ principled });
          for (const [i, { action: a, actor }] of steps.entries()) {
            const at = new Date(Date.parse(T0) + (i + 1) * 60_000).toISOString();
            const result = applyGuidanceAction(r, a, actor, at);
            if (!result.ok) {
              if (result.error.kind === 'not-allowed-in-state') expect(result.error.state).to.equal(r.state);
              continue;
            }
            const next = result.value;
            expect(next.history).to.have.length(r.history.length + 1);
            expect(next.history.slice(0, -1)).to.deep.equal(r.history);
            expect(next.messages.slice(0, r.messages.length)).to.deep.equal(r.messages);
            expect(next.updatedAt).to.equal(at);
            if (r.principled) expect(next.principled).to.equal(true);
            if (r.state === 'closed') expect.fail('a closed request changed');
            checkInvariants(next);
            r = next;
          }
        }),
        { numRuns: 500 },
      );
    });
  });
});
