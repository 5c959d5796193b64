/**
 * A guidance request's typed history: every event in its store schema, and as a line in both
 * languages, with the texts taken from the request (never copied into the history).
 */
import { expect } from 'chai';
import type { HistoryEntry } from '../../../src/domain/tracked-item.js';
import {
  DEADLINE_STEPS,
  type DeadlineStep,
  recordDeadlineReminder,
} from '../../../src/features/guidance/guidance-deadlines.js';
import {
  applyGuidanceAction,
  type GuidanceAction,
  type GuidanceEvent,
  type GuidanceEventAction,
  type GuidanceMessage,
  type GuidanceRequest,
  newGuidanceRequest,
} from '../../../src/features/guidance/guidance-requests.js';
import { guidanceHistoryEntrySchema } from '../../../src/features/guidance/guidance-store.js';
import { guidanceHistoryLine } from '../../../src/features/guidance/guidance-views.js';

const AT = '2026-11-24T10:00:00.000Z';
const NAMES: Record<string, string> = {
  rita: 'Rita Region',
  fia: 'Fia Familie',
  ola: 'Ola OPA',
  kari: 'Kari UDI',
};
const name = (id: string) => NAMES[id] ?? '?';

/** The request the entries' texts are in. */
const MESSAGES: GuidanceMessage[] = [
  { at: AT, by: 'rita', kind: 'question', text: 'Hvordan søker man?' },
  { at: AT, by: 'fia', kind: 'forward', text: 'Gjelder OPA', assignedTo: 'ola' },
  { at: AT, by: 'ola', kind: 'escalate', text: 'Prinsipiell praksis', assignedTo: 'kari' },
  { at: AT, by: 'kari', kind: 'info-request', text: 'Hvilket mottak?' },
  { at: AT, by: 'rita', kind: 'info', text: 'Mottaket i Oslo' },
  { at: AT, by: 'kari', kind: 'answer', text: 'Se rundskrivet' },
  { at: AT, by: 'rita', kind: 'follow-up', text: 'Og for barn?' },
];
const REQUEST = { messages: MESSAGES, closeReason: 'Tatt opp i møtet' };

/** One entry of each event (the Record makes a new event a compile error here until it has one). */
const ENTRIES: Record<Exclude<GuidanceEventAction, 'deadline-reminder'>, HistoryEntry<GuidanceEvent>> = {
  ask: { at: AT, by: 'rita', action: 'ask', message: 0, to: 'open' },
  take: { at: AT, by: 'fia', action: 'take', from: 'open', to: 'in-progress' },
  forward: {
    at: AT,
    by: 'fia',
    action: 'forward',
    assignee: 'ola',
    message: 1,
    from: 'in-progress',
    to: 'open',
  },
  escalate: { at: AT, by: 'ola', action: 'escalate', assignee: 'kari', message: 2, from: 'open', to: 'open' },
  'ask-for-info': {
    at: AT,
    by: 'kari',
    action: 'ask-for-info',
    message: 3,
    from: 'open',
    to: 'awaiting-info',
  },
  'provide-info': {
    at: AT,
    by: 'rita',
    action: 'provide-info',
    message: 4,
    from: 'awaiting-info',
    to: 'in-progress',
  },
  answer: { at: AT, by: 'kari', action: 'answer', message: 5, from: 'in-progress', to: 'answered' },
  'follow-up': { at: AT, by: 'rita', action: 'follow-up', message: 6, from: 'answered', to: 'in-progress' },
  'mark-helpful': { at: AT, by: 'rita', action: 'mark-helpful', from: 'answered', to: 'closed' },
  close: { at: AT, by: 'kari', action: 'close', from: 'in-progress', to: 'closed' },
  unknown: { at: AT, by: 'kari', action: 'unknown', original: 'frobnicate' },
};
const STEPS = DEADLINE_STEPS;
const reminder = (step: DeadlineStep): HistoryEntry<GuidanceEvent> => ({
  at: AT,
  by: 'system',
  action: 'deadline-reminder',
  step,
});

const LINES: Record<'nb' | 'en', Record<keyof typeof ENTRIES | DeadlineStep, string>> = {
  nb: {
    ask: 'Spørsmål stilt',
    take: 'Tatt til behandling',
    forward: 'Sendt videre til Ola OPA (Gjelder OPA)',
    escalate: 'Løftet til UDI-koordinatoren, Kari UDI (Prinsipiell praksis)',
    'ask-for-info': 'Mer informasjon etterspurt',
    'provide-info': 'Mer informasjon gitt',
    answer: 'Besvart',
    'follow-up': 'Oppfølgingsspørsmål stilt',
    'mark-helpful': 'Markert som til hjelp',
    close: 'Lukket uten svar (Tatt opp i møtet)',
    unknown: 'Ukjent hendelse (frobnicate)',
    dueSoon: 'Påminnelse sendt: fristen nærmer seg',
    overdueCoordinator: 'Sendt til koordinatoren i avdelingen: fristen er passert',
    overdueUdi: 'Sendt til UDI-koordinatoren: fristen gikk ut for flere dager siden',
  },
  en: {
    ask: 'Question asked',
    take: 'Taken on',
    forward: 'Forwarded to Ola OPA (Gjelder OPA)',
    escalate: 'Escalated to the UDI coordinator, Kari UDI (Prinsipiell praksis)',
    'ask-for-info': 'More information requested',
    'provide-info': 'More information provided',
    answer: 'Answered',
    'follow-up': 'Follow-up question asked',
    'mark-helpful': 'Marked as helpful',
    close: 'Closed without an answer (Tatt opp i møtet)',
    unknown: 'Unknown event (frobnicate)',
    dueSoon: 'Reminder sent: the deadline is near',
    overdueCoordinator: "Sent to the department's coordinator: the deadline has passed",
    overdueUdi: 'Sent to the UDI coordinator: the deadline passed days ago',
  },
};

describe('guidance history', () => {
  for (const locale of ['nb', 'en'] as const) {
    for (const [action, entry] of Object.entries(ENTRIES))
      it(`says "${action}" in ${locale}`, () => {
        expect(guidanceHistoryLine(locale, entry, REQUEST, name)).to.equal(
          LINES[locale][action as keyof typeof ENTRIES],
        );
      });
    for (const step of STEPS)
      it(`says "deadline-reminder" (${step}) in ${locale}`, () => {
        expect(guidanceHistoryLine(locale, reminder(step), REQUEST, name)).to.equal(LINES[locale][step]);
      });
  }

  it('leaves the reason out when there is none to find, rather than showing an empty one', () => {
    const bare = { messages: [] };
    expect(guidanceHistoryLine('nb', ENTRIES.forward, bare, name)).to.equal('Sendt videre til Ola OPA');
    expect(guidanceHistoryLine('en', ENTRIES.escalate, bare, name)).to.equal(
      'Escalated to the UDI coordinator, Kari UDI',
    );
    expect(guidanceHistoryLine('en', ENTRIES.close, bare, name)).to.equal('Closed without an answer');
  });

  it('renders the history a request really has, its texts from its messages', () => {
    const created = newGuidanceRequest({
      id: 'g1',
      reference: 'V-2026-0001',
      topicId: 'family-immigration',
      asker: 'rita',
      origin: 'internal',
      urgency: 'normal',
      question: 'Hvordan søker man?',
      assignee: 'fia',
      dueDate: '2026-11-27',
      at: AT,
    });
    if (!created.ok) throw new Error('expected a request');
    const steps: [GuidanceAction, string][] = [
      [{ kind: 'take' }, 'fia'],
      [{ kind: 'forward', to: 'ola', reason: 'Gjelder OPA' }, 'fia'],
      [{ kind: 'escalate', udiCoordinator: 'kari', reason: 'Prinsipiell praksis' }, 'ola'],
      [{ kind: 'close', reason: 'Tatt opp i møtet' }, 'kari'],
    ];
    let request: GuidanceRequest = recordDeadlineReminder(created.value, 'dueSoon', AT);
    for (const [action, by] of steps) {
      const next = applyGuidanceAction(request, action, by, AT);
      if (!next.ok) throw new Error(`refused: ${action.kind}`);
      request = next.value;
    }
    expect(request.history.map((e) => guidanceHistoryLine('nb', e, request, name))).to.deep.equal([
      'Spørsmål stilt',
      'Påminnelse sendt: fristen nærmer seg',
      'Tatt til behandling',
      'Sendt videre til Ola OPA (Gjelder OPA)',
      'Løftet til UDI-koordinatoren, Kari UDI (Prinsipiell praksis)',
      'Lukket uten svar (Tatt opp i møtet)',
    ]);
    // Each reason is written once, in the conversation; the history only points at it.
    expect(JSON.stringify(request.history)).not.to.include('Gjelder OPA');
    expect(request.messages.filter((m) => m.text === 'Gjelder OPA')).to.have.length(1);
  });

  it('stores every event, and only typed ones', () => {
    for (const entry of [...Object.values(ENTRIES), ...STEPS.map(reminder)])
      expect(guidanceHistoryEntrySchema.parse(entry), entry.action).to.deep.equal(entry);
    for (const entry of [
      // A free action, another kind's event, or an event without what it must say.
      { at: AT, by: 'kari', action: 'frobnicate' },
      { at: AT, by: 'kari', action: 'approve' },
      { at: AT, by: 'fia', action: 'forward', message: 1 },
      { at: AT, by: 'fia', action: 'answer' },
      { at: AT, by: 'fia', action: 'answer', message: -1 },
      { at: AT, by: 'system', action: 'deadline-reminder', step: 'tomorrow' },
    ])
      expect(guidanceHistoryEntrySchema.safeParse(entry).success, JSON.stringify(entry)).to.equal(false);
  });
});
