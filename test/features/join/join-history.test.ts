/** A join request's typed history: every event in its store schema, and as a line in both languages. */
import { expect } from 'chai';
import type { HistoryEntry } from '../../../src/domain/tracked-item.js';
import {
  decideJoinRequest,
  type JoinEvent,
  type JoinEventAction,
  newJoinRequest,
} from '../../../src/features/join/join-requests.js';
import { joinHistoryEntrySchema } from '../../../src/features/join/join-store.js';
import { joinHistoryLine } from '../../../src/features/join/join-views.js';

const AT = '2026-11-24T10:00:00.000Z';
const NAMES: Record<string, string> = { nina: 'Nina Ny', kari: 'Kari UDI' };
const name = (id: string) => NAMES[id] ?? '?';

/** One entry of each event (the Record makes a new event a compile error here until it has one). */
const ENTRIES: Record<JoinEventAction, HistoryEntry<JoinEvent>> = {
  request: { at: AT, by: 'nina', action: 'request', to: 'pending' },
  approve: { at: AT, by: 'kari', action: 'approve', from: 'pending', to: 'approved' },
  decline: { at: AT, by: 'kari', action: 'decline', from: 'pending', to: 'declined' },
  bootstrap: { at: AT, by: 'nina', action: 'bootstrap', from: 'pending', to: 'approved' },
  unknown: { at: AT, by: 'kari', action: 'unknown', original: 'reopen' },
};

const LINES: Record<'nb' | 'en', Record<JoinEventAction, string>> = {
  nb: {
    request: 'Ba om å bli med',
    approve: 'Godkjent av Kari UDI',
    decline: 'Avslått av Kari UDI',
    bootstrap: 'Godkjent med en gang (ingen andre kunne godkjenne)',
    unknown: 'Ukjent hendelse (reopen)',
  },
  en: {
    request: 'Asked to join',
    approve: 'Approved by Kari UDI',
    decline: 'Declined by Kari UDI',
    bootstrap: 'Approved at once (nobody else could approve it)',
    unknown: 'Unknown event (reopen)',
  },
};

describe('join history', () => {
  for (const locale of ['nb', 'en'] as const)
    for (const [action, entry] of Object.entries(ENTRIES))
      it(`says "${action}" in ${locale}`, () => {
        expect(joinHistoryLine(locale, entry, name)).to.equal(LINES[locale][action as JoinEventAction]);
      });

  it('renders the history a request really has', () => {
    const request = newJoinRequest({
      id: 'r1',
      reference: 'N-2026-0001',
      applicant: { aadObjectId: 'nina', displayName: 'Nina Ny' },
      role: { kind: 'deputy', department: 'ASA' },
      at: AT,
    });
    const decided = decideJoinRequest(request, 'decline', 'kari', AT);
    if (!decided.ok) throw new Error('expected a decision');
    expect(decided.value.history.map((e) => joinHistoryLine('en', e, name))).to.deep.equal([
      'Asked to join',
      'Declined by Kari UDI',
    ]);
  });

  it('stores every event, and only typed ones', () => {
    for (const entry of Object.values(ENTRIES))
      expect(joinHistoryEntrySchema.parse(entry), entry.action).to.deep.equal(entry);
    // A free action (how version 4 wrote an entry it did not know) or another kind's event is refused.
    for (const entry of [
      { at: AT, by: 'kari', action: 'reopen' },
      { at: AT, by: 'kari', action: 'take' },
      { at: AT, by: 'kari', action: 'unknown' },
      { at: AT, action: 'approve' },
    ])
      expect(joinHistoryEntrySchema.safeParse(entry).success, JSON.stringify(entry)).to.equal(false);
  });
});
