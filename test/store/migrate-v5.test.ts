/**
 * Schema 4 → 5 (the tracked-item engine), on a data file written by the release before it
 * (fixtures/v4-data.json: a join request decided, a principled guidance request forwarded and
 * answered, and a second request whose card was still pending).
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { recipientKey } from '../../src/domain/notifications.js';
import type { GuidanceRequest } from '../../src/features/guidance/guidance-requests.js';
import type { JoinRequest } from '../../src/features/join/join-requests.js';
import { validateDocument } from '../../src/store/document-validation.js';
import { MIGRATIONS, migrate } from '../../src/store/migrations.js';
import { SCHEMA_VERSION } from '../../src/store/schema.js';
import { type Harness, startHarness } from '../support/bot-harness.js';
import { actionData } from '../support/card-inspect.js';
import { STORE_PARTS } from '../support/features.js';
import { cardAction, user } from '../support/teams-activities.js';

const V4_TEXT = readFileSync(new URL('./fixtures/v4-data.json', import.meta.url), 'utf8');
/** The parts of a version 4 document these tests read. */
interface V4Message {
  id: string;
  key: string;
  state: string;
  replaces?: string;
  activityId?: string;
  conversationId?: string;
  recipient: { kind: string; aadObjectId?: string };
}
/** A history entry as version 4 wrote it: a free `action` string and the states. */
interface V4HistoryEntry {
  at: string;
  by: string;
  action: string;
  from?: string;
  to?: string;
}
interface V4Document {
  topics: unknown[];
  joinRequests: Record<string, { id: string; history: V4HistoryEntry[] }>;
  guidanceRequests: Record<
    string,
    Record<string, unknown> & {
      id: string;
      state: string;
      cardKeys: string[];
      history: V4HistoryEntry[];
      messages: { at: string; by: string; kind: string; text: string; assignedTo?: string }[];
    }
  >;
  outbox: { messages: Record<string, V4Message> };
}
const V4 = JSON.parse(V4_TEXT) as V4Document;
const OLD_SERVICE_URL = 'http://127.0.0.1:38889';

/**
 * The v4 fixture (or a variant of it: `change` edits the parsed version 4 document) migrated and
 * loaded as the bot loads it (every feature's schema checked).
 */
const migrated = (change: (v4: V4Document) => void = () => {}) => {
  const v4 = JSON.parse(V4_TEXT) as V4Document;
  change(v4);
  const loaded = validateDocument(migrate(v4, MIGRATIONS, SCHEMA_VERSION).document, STORE_PARTS);
  if (!loaded.ok) throw new Error(loaded.problem);
  const { items, ...rest } = loaded.document;
  return {
    ...rest,
    items: {
      join: (items.join ?? {}) as Record<string, JoinRequest>,
      guidance: (items.guidance ?? {}) as Record<string, GuidanceRequest>,
    },
  };
};

describe('migrating a version 4 data file to the tracked-item engine (v5)', () => {
  it('moves join and guidance requests into the item collection, with nothing lost', () => {
    const doc = migrated();
    expect(Object.keys(doc.items.join)).to.deep.equal(Object.keys(V4.joinRequests));
    expect(Object.keys(doc.items.guidance)).to.deep.equal(Object.keys(V4.guidanceRequests));
    for (const [id, old] of Object.entries(V4.guidanceRequests)) {
      // Everything as it was but the history, which is typed (next test), entry for entry.
      const { cardKeys: _keys, history, ...rest } = old;
      expect(doc.items.guidance[id]).to.deep.include(rest);
      expect(
        doc.items.guidance[id]!.history.map(({ at, by, from, to }) => ({ at, by, from, to })),
      ).to.deep.equal(history.map(({ at, by, from, to }) => ({ at, by, from, to })));
    }
    expect(doc).not.to.have.property('joinRequests');
    expect(doc).not.to.have.property('guidanceRequests');
    // The topics are the guidance feature's record now.
    expect(doc.records['guidance.topics']).to.deep.equal(V4.topics);
    expect(doc).not.to.have.property('topics');
  });

  it('types every history entry: the same action, with the message it wrote and who it went to', () => {
    const doc = migrated();
    const [joinId] = Object.keys(V4.joinRequests);
    expect(doc.items.join[joinId!]!.history).to.deep.equal([
      { at: '2026-11-24T09:00:00.000Z', by: 'aad-6', action: 'request', to: 'pending' },
      { at: '2026-11-24T09:00:00.000Z', by: 'aad-2', action: 'approve', from: 'pending', to: 'approved' },
    ]);
    const byState = (state: string) => Object.values(doc.items.guidance).find((r) => r.state === state)!;
    const at = '2026-11-24T09:00:00.000Z';
    expect(byState('answered').history).to.deep.equal([
      { at, by: 'aad-4', action: 'ask', message: 0, to: 'open' },
      { at, by: 'aad-3', action: 'take', from: 'open', to: 'in-progress' },
      // Forwarded to OPA's coordinator; the reason is message 1 ("OPA-saken").
      { at, by: 'aad-3', action: 'forward', assignee: 'aad-2', message: 1, from: 'in-progress', to: 'open' },
      { at, by: 'aad-2', action: 'answer', message: 2, from: 'open', to: 'answered' },
    ]);
    expect(byState('answered').messages[1]).to.include({ kind: 'forward', text: 'OPA-saken' });
    expect(byState('open').history).to.deep.equal([
      { at, by: 'aad-4', action: 'ask', message: 0, to: 'open' },
    ]);
  });

  it('keeps an action it does not know, or whose message is missing, as an unknown entry: nothing dropped', () => {
    const at = '2026-11-24T09:00:00.000Z';
    const later = '2026-11-24T10:00:00.000Z';
    const doc = migrated((v4) => {
      const join = Object.values(v4.joinRequests)[0]!;
      join.history.push({ at: later, by: 'aad-1', action: 'reopen', from: 'approved', to: 'pending' });
      const open = Object.values(v4.guidanceRequests).find((r) => r.state === 'open')!;
      open.history.push(
        // Written as schema 3 did: the forwarding's reason as a 'note'.
        { at: later, by: 'aad-3', action: 'forward', from: 'open', to: 'open' },
        // An answer whose message is not there (the next message is someone else's).
        { at: later, by: 'aad-3', action: 'answer', from: 'open', to: 'answered' },
        { at: later, by: 'aad-3', action: 'frobnicate' },
        { at: later, by: 'aad-3', action: 'close', from: 'answered', to: 'closed' },
      );
      // No action at all.
      open.history.push({ at: later, by: 'aad-3' } as V4HistoryEntry);
      open.messages.push(
        { at: later, by: 'aad-3', kind: 'note', text: 'Gjelder familie', assignedTo: 'aad-2' },
        { at: later, by: 'aad-2', kind: 'answer', text: 'Et svar' },
      );
    });
    const join = Object.values(doc.items.join)[0]!;
    expect(join.history).to.have.length(3);
    expect(join.history[2]).to.deep.equal({
      at: later,
      by: 'aad-1',
      action: 'unknown',
      original: 'reopen',
      from: 'approved',
      to: 'pending',
    });
    const open = Object.values(doc.items.guidance).find((r) => r.reference === 'V-2026-0002')!;
    expect(open.history).to.deep.equal([
      { at, by: 'aad-4', action: 'ask', message: 0, to: 'open' },
      { at: later, by: 'aad-3', action: 'forward', assignee: 'aad-2', message: 1, from: 'open', to: 'open' },
      { at: later, by: 'aad-3', action: 'unknown', original: 'answer', from: 'open', to: 'answered' },
      { at: later, by: 'aad-3', action: 'unknown', original: 'frobnicate' },
      { at: later, by: 'aad-3', action: 'close', from: 'answered', to: 'closed' },
      { at: later, by: 'aad-3', action: 'unknown', original: '' },
    ]);
    // The conversation is as it was.
    expect(open.messages.map((m) => m.text)).to.deep.equal([
      'Hvordan søker man?',
      'Gjelder familie',
      'Et svar',
    ]);
  });

  it('keeps, per party, the cards each one has with the ids an update needs', () => {
    const doc = migrated();
    const [join] = Object.values(doc.items.join);
    const oldMessages = Object.values(V4.outbox.messages);
    const sentTo = (key: string) => oldMessages.find((m) => m.key === key);
    // Approvers: the approval card; the applicant: the outcome card. Each with its activity id.
    expect(join!.parties.map((p) => recipientKey(p.to))).to.have.members([
      'person:aad-1',
      'person:aad-2',
      'person:aad-6',
    ]);
    for (const party of join!.parties) {
      expect(party.cards).to.have.length(1);
      const key =
        party.to.kind === 'person' && party.to.aadObjectId === 'aad-6'
          ? `join:${join!.id}:outcome`
          : `join:${join!.id}:approver:${party.to.kind === 'person' ? party.to.aadObjectId : ''}`;
      expect(party.cards[0]).to.include({
        view:
          party.to.kind === 'person' && party.to.aadObjectId === 'aad-6' ? 'join-outcome' : 'join-approval',
        activityId: sentTo(key)?.activityId,
        conversationId: sentTo(key)?.conversationId,
      });
    }
    const answered = Object.values(doc.items.guidance).find((r) => r.state === 'answered')!;
    const old = V4.guidanceRequests[answered.id]!;
    expect(answered.cardVersion).to.equal(old.cardKeys.length);
    // Every person the old cards went to is a party; their live card is their last new card.
    const posts = (old.cardKeys as string[])
      .map((key) => sentTo(key)!)
      .filter((m) => m.replaces === undefined);
    for (const post of posts) {
      const party = answered.parties.find(
        (p) => recipientKey(p.to) === `person:${post.recipient.aadObjectId}`,
      );
      expect(party?.cards.map((c) => c.activityId)).to.include(post.activityId);
    }
    expect(answered.parties.flatMap((p) => p.cards)).to.have.length(posts.length);
  });

  it('leaves an outbox of references: pending cards converted, delivered ones dropped, no text', () => {
    const doc = migrated();
    const messages = Object.values(doc.outbox.messages);
    const oldPending = Object.values(V4.outbox.messages).filter((m) => m.state !== 'sent');
    expect(oldPending).to.have.length(1);
    expect(messages).to.have.length(1);
    const open = Object.values(doc.items.guidance).find((r) => r.state === 'open')!;
    expect(messages[0]).to.deep.include({
      id: oldPending[0]!.id,
      state: 'pending',
      key: { item: open.id, party: 'person:aad-3', version: 1 },
      subject: { kind: 'guidance', id: open.id },
      view: 'guidance-item',
      banner: 'assigned',
    });
    expect(Object.keys(doc.outbox.byKey)).to.have.length(1);
    const outboxText = JSON.stringify(doc.outbox);
    for (const request of Object.values(doc.items.guidance))
      for (const m of request.messages) expect(outboxText).not.to.include(m.text);
    expect(outboxText).not.to.include('Kari UDI');
  });

  describe('the bot on a migrated file', () => {
    let h: Harness;
    const asker = user(4, 'Rita Region');
    const familyContact = user(3, 'Fia Familie');
    beforeEach(async () => {
      // The bot's clock where the old file left off (no deadline has passed yet).
      const clock = new Date('2026-11-24T10:00:00.000Z');
      h = await startHarness(
        {},
        { now: () => clock, dataFile: (url) => V4_TEXT.replaceAll(OLD_SERVICE_URL, url) },
      );
    });
    afterEach(async () => {
      await h.close();
    });

    it('delivers the pending card, and updates the cards sent before the upgrade in place', async () => {
      await h.bot.outbox.drain();
      const posted = h.connector.activities.filter((a) => a.method === 'POST');
      expect(posted.map((a) => a.conversationId)).to.deep.equal([`a:personal-${familyContact.aadObjectId}`]);
      const routed = h.connector.cardOf(posted[0]!);
      expect(JSON.stringify(routed)).to.include('Hvordan søker man?');

      const answered = Object.values(V4.guidanceRequests).find((r) => r.state === 'answered')!;
      const oldActivity = (key: string) =>
        Object.values(V4.outbox.messages).find((m) => m.key === key)?.activityId;
      const before = h.connector.activities.length;
      const { status } = await h.post(
        cardAction({
          serviceUrl: h.connector.url,
          from: asker,
          verb: 'guidance.followUp',
          data: { requestId: answered.id, followUpText: 'Gjelder det også for barn?' },
        }),
      );
      expect(status).to.equal(200);
      await h.bot.outbox.drain();
      const after = h.connector.activities.slice(before);
      // The first assignee's card (posted before the upgrade) is updated in place, by its old id.
      const firstCard = oldActivity(`guidance:${answered.id}:aad-3:v1`);
      expect(firstCard).to.be.a('string');
      expect(after.some((a) => a.method === 'PUT' && a.pathActivityId === firstCard)).to.equal(true);
      // The assignee (OPA's coordinator) gets a new card with the follow-up.
      const toAssignee = after.filter((a) => a.method === 'POST' && a.conversationId === 'a:personal-aad-2');
      expect(toAssignee).to.have.length(1);
      expect(JSON.stringify(h.connector.cardOf(toAssignee[0]!))).to.include('Gjelder det også for barn?');
      expect(actionData(h.connector.cardOf(toAssignee[0]!), 'guidance.answer')?.requestId).to.equal(
        answered.id,
      );
    });
  });
});
