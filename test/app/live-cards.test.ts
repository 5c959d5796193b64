/** The live-card engine on its own: what publish enqueues and records, and the card source. */
import { expect } from 'chai';
import { z } from 'zod';
import { createAppContext } from '../../src/app/context.js';
import { adopt, createCardSource, type ItemViews, publish } from '../../src/app/live-cards.js';
import { OUTBOX_SUBJECT } from '../../src/domain/notifications.js';
import { newItemFields, type TrackedItem, type UnknownEvent } from '../../src/domain/tracked-item.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { trackedItemFields, unknownHistoryEntrySchema } from '../../src/store/schema.js';
import type { OutboxMessage } from '../../src/store/store.js';
import { combineStoreParts } from '../../src/store/store-parts.js';

type Note = TrackedItem<'note', 'open' | 'done', UnknownEvent> & { text: string };
const schema = z.object({
  ...trackedItemFields(unknownHistoryEntrySchema),
  kind: z.literal('note'),
  state: z.enum(['open', 'done']),
  text: z.string(),
});
const parts = combineStoreParts([
  { items: [{ kind: 'note', schema: schema as unknown as z.ZodType<TrackedItem> }] },
]);
const person = (aadObjectId: string) => ({ kind: 'person' as const, aadObjectId });

function setup() {
  let n = 0;
  const app = createAppContext({
    store: createMemoryStore(undefined, { parts }),
    adminAadObjectIds: [],
    now: () => new Date('2026-11-24T09:00:00.000Z'),
    newId: () => `m${++n}`,
  });
  const note: Note = {
    id: 'n1',
    reference: 'X-2026-0001',
    kind: 'note',
    state: 'open',
    createdAt: '2026-11-24T09:00:00.000Z',
    createdBy: 'a',
    updatedAt: '2026-11-24T09:00:00.000Z',
    ...newItemFields<UnknownEvent>(),
    text: 'hemmelig tekst',
  };
  return { app, note };
}

const views: ItemViews = {
  kind: 'note',
  async render(_uow, item, to, { view, banner, superseded }) {
    const text = `${view}:${(item as Note).state}:${to.kind === 'person' ? to.aadObjectId : 'channel'}`;
    return { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text }], banner, superseded };
  },
};
const source = createCardSource([views], async (_uow, { message, reference }) => ({
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text: `failed ${message.view} ${reference ?? ''}` }],
}));

describe('live cards', () => {
  it('posts to whoever acts next, updates every live card in place, and marks a superseded one', async () => {
    const { app, note } = setup();
    const pending = await app.store.run(async (uow) => {
      await publish(app, uow, note, [{ to: person('b'), view: 'note-card', banner: 'new' }]);
      await uow.items.put(note);
      // Delivered: the connector's ids are kept with the item's party.
      const [first] = await uow.outbox.listPending();
      await source.delivered(uow, first!, { activityId: 'act-1', conversationId: 'conv-b' });
      const stored = (await uow.items.get('note', 'n1')) as Note;
      stored.state = 'done';
      await publish(app, uow, stored, [{ to: person('a'), view: 'note-card' }]);
      await publish(app, uow, stored, [{ to: person('b'), view: 'note-card', banner: 'again' }]);
      await uow.items.put(stored);
      return uow.outbox.listPending();
    });
    const summary = pending.map((m) => ({
      to: m.recipient.kind === 'person' ? m.recipient.aadObjectId : '',
      version: m.key.version,
      replaces: m.replaces,
      superseded: m.superseded,
    }));
    expect(summary).to.deep.equal([
      { to: 'b', version: 1, replaces: undefined, superseded: undefined },
      { to: 'b', version: 2, replaces: 1, superseded: undefined },
      { to: 'a', version: 3, replaces: undefined, superseded: undefined },
      { to: 'b', version: 4, replaces: 1, superseded: true },
      { to: 'a', version: 5, replaces: 3, superseded: undefined },
      { to: 'b', version: 6, replaces: undefined, superseded: undefined },
    ]);
    // No text of the item in the outbox: references only.
    expect(JSON.stringify(pending)).not.to.include('hemmelig tekst');
  });

  it('renders at send time from the item as it is, and finds where an update goes', async () => {
    const { app, note } = setup();
    await app.store.run(async (uow) => {
      await publish(app, uow, note, [{ to: person('b'), view: 'note-card' }]);
      await uow.items.put(note);
    });
    const [post] = await app.store.read((uow) => uow.outbox.listPending());
    await app.store.run(async (uow) => {
      const stored = (await uow.items.get('note', 'n1')) as Note;
      await uow.items.put({ ...stored, state: 'done' });
    });
    const card = await app.store.read((uow) => source.render(uow, post!, 'nb'));
    expect(JSON.stringify(card)).to.include('note-card:done:b');
    // Before delivery there is nothing to update; after it, the card's ids.
    const update: OutboxMessage = { ...post!, replaces: post!.key.version };
    expect(await app.store.read((uow) => source.locate(uow, update))).to.equal(undefined);
    await app.store.run((uow) => source.delivered(uow, post!, { activityId: 'act-9', conversationId: 'c' }));
    expect(await app.store.read((uow) => source.locate(uow, update))).to.deep.equal({
      activityId: 'act-9',
      conversationId: 'c',
    });
    // A notice about another message names what it was about.
    const notice: OutboxMessage = {
      ...post!,
      subject: { kind: OUTBOX_SUBJECT, id: post!.id },
      view: 'delivery-failed',
    };
    expect(JSON.stringify(await app.store.read((uow) => source.render(uow, notice, 'nb')))).to.include(
      'failed note-card X-2026-0001',
    );
    // An item that is gone renders nothing (the worker skips it).
    const gone: OutboxMessage = { ...post!, subject: { kind: 'note', id: 'missing' } };
    expect(await app.store.read((uow) => source.render(uow, gone, 'nb'))).to.equal(undefined);
  });

  it('adopts a card the person already has as their live card, sending nothing', async () => {
    const { app, note } = setup();
    const pending = await app.store.run(async (uow) => {
      adopt(note, person('a'), { view: 'receipt', activityId: 'reply-1', conversationId: 'conv-a' });
      await publish(app, uow, note, []);
      await uow.items.put(note);
      return uow.outbox.listPending();
    });
    expect(pending.map((m) => [m.recipient, m.view, m.replaces])).to.deep.equal([
      [person('a'), 'receipt', 1],
    ]);
    expect(await app.store.read((uow) => source.locate(uow, pending[0]!))).to.deep.equal({
      activityId: 'reply-1',
      conversationId: 'conv-a',
    });
  });

  it('does not update the card the change was clicked on (the answer to the click replaced it already)', async () => {
    // The answer's banner ("put on the agenda") was overwritten a moment later by an update without it.
    const { app, note } = setup();
    const pending = await app.store.run(async (uow) => {
      adopt(note, person('a'), { view: 'receipt', activityId: 'reply-1', conversationId: 'conv-a' });
      adopt(note, person('b'), { view: 'card', activityId: 'reply-2', conversationId: 'conv-b' });
      await publish(app, uow, note, [], { answered: { activityId: 'reply-1' } });
      await uow.items.put(note);
      return uow.outbox.listPending();
    });
    expect(pending.map((m) => [m.recipient, m.view])).to.deep.equal([[person('b'), 'card']]);
    // A new card for the one who clicked still goes, and their clicked card is then superseded.
    const again = await app.store.run(async (uow) => {
      await publish(app, uow, note, [{ to: person('a'), view: 'receipt' }], {
        answered: { activityId: 'reply-1' },
      });
      return (await uow.outbox.listPending()).filter(
        (m) => m.recipient.kind === 'person' && m.recipient.aadObjectId === 'a',
      );
    });
    expect(again.map((m) => [m.replaces !== undefined, m.superseded === true])).to.deep.equal([
      [true, true],
      [false, false],
    ]);
  });
});
