/**
 * The tracked-item engine's typed history: a kind declares its events (a union on `action`), and
 * transition() records them, typed, for any kind.
 */
import { expect } from 'chai';
import {
  type EventOf,
  formatReference,
  historyEntry,
  newItemFields,
  SYSTEM_ACTOR,
  type TrackedItem,
  transition,
  type UnknownEvent,
} from '../../src/domain/tracked-item.js';

/** A kind of item made up for the test: two states, three events. */
type ToyEvent =
  | { action: 'open' }
  | { action: 'pass'; holder: string; note: string }
  | { action: 'ping'; count: number }
  | UnknownEvent;
interface Toy extends TrackedItem<'toy', 'draft' | 'live', ToyEvent> {
  holder: string;
}

const T0 = '2026-11-24T10:00:00.000Z';
const T1 = '2026-11-24T11:00:00.000Z';

const toy = (): Toy => ({
  id: 't1',
  reference: formatReference('T', 2026, 7),
  kind: 'toy',
  state: 'draft',
  createdAt: T0,
  createdBy: 'maker',
  updatedAt: T0,
  ...newItemFields<ToyEvent>(),
  holder: 'maker',
});

describe('tracked items: the typed history', () => {
  it('starts with no history, no parties and no cards', () => {
    expect(newItemFields()).to.deep.equal({ history: [], parties: [], cardVersion: 0 });
    expect(toy().reference).to.equal('T-2026-0007');
  });

  it('transition() moves the item and records the typed event with who, when and the states', () => {
    const item = toy();
    const moved = transition(item, 'live', 'maker', { action: 'open' }, T1);
    expect(moved).to.deep.include({ state: 'live', updatedAt: T1, holder: 'maker' });
    expect(moved.history).to.deep.equal([{ at: T1, by: 'maker', action: 'open', from: 'draft', to: 'live' }]);
    // A copy: the item it was given is unchanged.
    expect(item.history).to.deep.equal([]);
    expect(item.state).to.equal('draft');
  });

  it("keeps an event's own fields, and narrows on `action`", () => {
    const event = { action: 'pass', holder: 'ola', note: 'Over to you' } as const;
    const moved = transition(toy(), 'live', 'maker', event, T1);
    const entry = moved.history.at(-1)!;
    expect(entry).to.deep.equal({ at: T1, by: 'maker', ...event, from: 'draft', to: 'live' });
    if (entry.action === 'pass') expect(entry.holder).to.equal('ola');
    else expect.fail('expected a pass entry');
  });

  it('historyEntry() records an event that moves nothing (no states)', () => {
    expect(historyEntry<Toy>({ action: 'ping', count: 2 }, SYSTEM_ACTOR, T1)).to.deep.equal({
      at: T1,
      by: 'system',
      action: 'ping',
      count: 2,
    });
  });

  it('accepts only the events of the kind (checked by the compiler)', () => {
    const events: EventOf<Toy>[] = [
      { action: 'open' },
      { action: 'ping', count: 1 },
      { action: 'unknown', original: 'frobnicate' },
      // @ts-expect-error: not an event of this kind
      { action: 'approve' },
      // @ts-expect-error: a ping says how many
      { action: 'ping' },
      // @ts-expect-error: the states are transition()'s to write
      { action: 'open', to: 'live' },
    ];
    expect(events).to.have.length(6);
    // @ts-expect-error: transition() takes an event, not a free string
    expect(() => transition(toy(), 'live', 'maker', 'open', T1)).not.to.throw();
  });
});
