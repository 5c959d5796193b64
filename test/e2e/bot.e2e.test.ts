import { expect } from 'chai';
import { t } from '../../src/cards/i18n.js';
import type { Person } from '../../src/domain/roster.js';
import { joinRequestsIn } from '../../src/features/join/join-store.js';
import { type Harness, startHarness } from '../support/bot-harness.js';
import { actionData, inputIdsOf, textOf, verbsOf } from '../support/card-inspect.js';
import { putDeadLetter } from '../support/dead-letter.js';
import { readStoredText } from '../support/stored-document.js';
import { botAdded, cardAction, installationUpdate, message, user } from '../support/teams-activities.js';

const coordinator = user(1, 'Kari Koordinator');
const opaCoordinator = user(2, 'Ola Opa');
const contact = user(3, 'Per Kontakt');
const applicant = user(4, 'Siri Søker');

const SINCE = '2026-01-01T00:00:00.000Z';
const roster: Person[] = [
  {
    aadObjectId: coordinator.aadObjectId,
    displayName: coordinator.name,
    roles: [{ kind: 'coordinator', department: 'AUA' }],
    since: SINCE,
  },
  {
    aadObjectId: opaCoordinator.aadObjectId,
    displayName: opaCoordinator.name,
    roles: [{ kind: 'coordinator', department: 'OPA' }],
    since: SINCE,
  },
  {
    aadObjectId: contact.aadObjectId,
    displayName: contact.name,
    roles: [{ kind: 'contact', department: 'ASA', unitId: 'asa-unit-1' }],
    since: SINCE,
  },
];

describe('LOCALE_OVERRIDE in development', () => {
  it('answers in the configured language whatever the client sends (the Playground always sends en-US)', async () => {
    const h = await startHarness({ LOCALE_OVERRIDE: 'nb-NO' });
    try {
      const from = user(9, 'Lise');
      const serviceUrl = h.connector.url;
      await h.post(message({ serviceUrl, from, text: 'hei', locale: 'en-US' }));
      await h.post(message({ serviceUrl, from, text: 'help', locale: 'en-US' }));
      await h.post(message({ serviceUrl, from, text: 'hjelp', locale: 'nb-NO' }));
      const [, english, norwegian] = await h.connector.waitFor(3);
      expect(textOf(h.connector.cardOf(english!))).to.equal(textOf(h.connector.cardOf(norwegian!)));
      const stored = await h.bot.app.store.read((uow) => uow.conversations.getPerson(from.aadObjectId));
      expect(stored?.locale).to.equal('nb-NO');
    } finally {
      await h.close();
    }
  });
});

describe('the bot, end to end through /api/messages', () => {
  let h: Harness;
  let serviceUrl: string;

  beforeEach(async () => {
    h = await startHarness();
    serviceUrl = h.connector.url;
    await h.seed(roster);
  });
  afterEach(async () => {
    await h.close();
  });

  /**
   * Sends a message and returns the card of the bot's reply: the first new activity in the sender's
   * chat (the outbox may deliver cards to others meanwhile).
   */
  async function say(from: typeof coordinator, text: string, locale = 'nb-NO') {
    const before = h.connector.activities.length;
    const { status } = await h.post(message({ serviceUrl, from, text, locale }));
    expect(status).to.equal(200);
    const inChat = () =>
      h.connector.activities
        .slice(before)
        .find((a) => a.method === 'POST' && a.conversationId === `a:personal-${from.aadObjectId}`);
    for (let seen = before + 1; !inChat(); seen++) await h.connector.waitFor(seen);
    return h.connector.cardOf(inChat()!);
  }

  async function click(
    from: typeof coordinator,
    verb: string,
    data: Record<string, unknown> = {},
    locale = 'nb-NO',
  ) {
    const { status, body } = await h.post(cardAction({ serviceUrl, from, verb, data, locale }));
    expect(status).to.equal(200);
    const response = body as { statusCode: number; type: string; value: unknown };
    expect(response.statusCode).to.equal(200);
    expect(response.type).to.equal('application/vnd.microsoft.card.adaptive');
    return response.value;
  }

  it('welcomes a person who installs the app, once, and stores how to reach them', async () => {
    const install = installationUpdate({ serviceUrl, from: applicant, action: 'add' });
    expect((await h.post(install)).status).to.equal(200);
    await h.connector.waitFor(1);
    const welcome = h.connector.cardOf(h.connector.activities[0]!);
    expect(verbsOf(welcome)).to.include.members(['help.show', 'join.start']);
    // The conversationUpdate that Teams sends for the same install does not welcome again.
    expect((await h.post(botAdded({ serviceUrl, from: applicant }))).status).to.equal(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.connector.activities).to.have.length(1);
    const stored = await h.bot.app.store.read((uow) => uow.conversations.getPerson(applicant.aadObjectId));
    expect(stored?.reference).to.have.nested.property(
      'conversation.id',
      `a:personal-${applicant.aadObjectId}`,
    );
  });

  it('welcomes on first contact and answers help in Norwegian and English', async () => {
    const first = await say(contact, 'hei');
    expect(verbsOf(first)).to.include('help.show');
    const nb = await say(contact, 'hjelp');
    expect(verbsOf(nb)).to.include('members.show');
    expect(verbsOf(nb)).not.to.include('join.start');
    const en = await say(contact, 'help', 'en-US');
    expect(textOf(en)).not.to.equal(textOf(nb));
    expect(verbsOf(en)).to.deep.equal(verbsOf(nb));
  });

  it('answers help from the roster as it is at that moment (help cards are reused, never stale)', async () => {
    await say(contact, 'hei');
    const before = await say(contact, 'hjelp');
    expect(verbsOf(before)).to.include('members.show');
    expect(verbsOf(before)).not.to.include('units.edit');
    const asAdmin: Person = { ...roster[2]!, roles: [...roster[2]!.roles, { kind: 'admin' }] };
    await h.bot.app.store.run((uow) => uow.people.put(asAdmin));
    expect(verbsOf(await say(contact, 'hjelp'))).to.include('units.edit');
    await h.bot.app.store.run((uow) => uow.people.remove(contact.aadObjectId));
    const removed = await say(contact, 'hjelp');
    expect(verbsOf(removed)).to.include('join.start');
    expect(verbsOf(removed)).not.to.include.members(['members.show', 'units.edit']);
    // The same person asking in English gets the English card of the same audience.
    const english = await say(contact, 'help', 'en-US');
    expect(verbsOf(english)).to.deep.equal(verbsOf(removed));
    expect(textOf(english)).not.to.equal(textOf(removed));
  });

  it('lets a newcomer ask to join, the coordinator approve, and tells the applicant', async () => {
    // The approvers have talked to the bot before, so the bot can reach them.
    await say(coordinator, 'hjelp');
    await say(opaCoordinator, 'hjelp');
    await say(applicant, 'hei');

    const form = await say(applicant, 'bli med');
    expect(verbsOf(form)).to.include('join.submit');
    expect(inputIdsOf(form)).to.include.members(['role', 'unitId']);

    const sentBefore = h.connector.activities.length;
    const receipt = await click(applicant, 'join.submit', { role: 'contact', unitId: 'opa-family' });
    expect(textOf(receipt)).to.match(/N-\d{4}-0001/);

    // The UDI coordinator and OPA's coordinator each get an approval card (through the outbox).
    const approvals = (await h.connector.waitFor(sentBefore + 2)).slice(sentBefore);
    const conversations = approvals.map((a) => a.conversationId).sort();
    expect(conversations).to.deep.equal(
      [`a:personal-${coordinator.aadObjectId}`, `a:personal-${opaCoordinator.aadObjectId}`].sort(),
    );
    const approvalCard = h.connector.cardOf(approvals[0]!);
    expect(verbsOf(approvalCard)).to.deep.equal(['join.approve', 'join.decline']);
    const requestId = actionData(approvalCard, 'join.approve')?.requestId;
    expect(requestId).to.be.a('string');

    // A contact person may not approve.
    const refused = await click(contact, 'join.approve', { requestId });
    expect(verbsOf(refused)).not.to.include('join.approve');
    expect(
      await h.bot.app.store.read(async (uow) => (await joinRequestsIn(uow).get(String(requestId)))?.state),
    ).to.equal('pending');

    const decided = await click(opaCoordinator, 'join.approve', { requestId });
    expect(verbsOf(decided)).not.to.include('join.approve');
    expect(textOf(decided)).to.include(opaCoordinator.name);

    // The applicant is told, and both approval cards are updated in place.
    const after = (await h.connector.waitFor(sentBefore + 5)).slice(sentBefore + 2);
    const outcome = after.find((a) => a.method === 'POST');
    expect(outcome?.conversationId).to.equal(`a:personal-${applicant.aadObjectId}`);
    const updates = after.filter((a) => a.method === 'PUT');
    expect(updates.map((u) => u.pathActivityId).sort()).to.deep.equal(approvals.map((a) => a.id).sort());
    for (const update of updates) {
      expect(verbsOf(h.connector.cardOf(update))).not.to.include('join.approve');
      // Decided: no longer announced as a new request.
      expect(textOf(h.connector.cardOf(update))).to.include(t('nb', 'join.approval.decidedTitle'));
      expect(textOf(h.connector.cardOf(update))).not.to.include(t('nb', 'join.approval.title'));
    }

    const person = await h.bot.app.store.read((uow) => uow.people.get(applicant.aadObjectId));
    expect(person?.roles).to.deep.equal([{ kind: 'contact', department: 'OPA', unitId: 'opa-family' }]);

    // "Hjelp" on the outcome card opens the help in a new message; the outcome stays.
    const outcomeCard = h.connector.cardOf(outcome!);
    const helpData = actionData(outcomeCard, 'help.show');
    expect(helpData).to.deep.include({
      fromKindId: 'join',
      fromItemId: requestId,
      fromViewId: 'join-outcome',
    });
    const postsBefore = h.connector.activities.length;
    const kept = await click(applicant, 'help.show', helpData ?? {});
    expect(textOf(kept)).to.equal(textOf(outcomeCard));
    const help = (await h.connector.waitFor(postsBefore + 1))[postsBefore]!;
    expect(help).to.include({ method: 'POST', conversationId: `a:personal-${applicant.aadObjectId}` });
    expect(verbsOf(h.connector.cardOf(help))).not.to.include('help.show');
    expect(textOf(h.connector.cardOf(help))).not.to.equal(textOf(outcomeCard));

    // The other coordinator's stale card: acting on it says it was already decided, and changes nothing.
    const stale = await click(coordinator, 'join.decline', { requestId });
    expect(verbsOf(stale)).not.to.include('join.decline');
    expect(textOf(stale)).to.include(opaCoordinator.name);
    expect(
      await h.bot.app.store.read(async (uow) => (await joinRequestsIn(uow).get(String(requestId)))?.state),
    ).to.equal('approved');
  });

  it('shows a coordinator the join requests waiting for them, and tells others there are none', async () => {
    await say(applicant, 'hei');
    await click(applicant, 'join.submit', { role: 'contact', unitId: 'opa-family' });
    await say(opaCoordinator, 'hei');
    const before = h.connector.activities.length;
    await h.post(message({ serviceUrl, from: opaCoordinator, text: 'forespørsler' }));
    const [listed] = (await h.connector.waitFor(before + 1)).slice(before);
    const attachments = listed!.body.attachments as { content: unknown }[];
    expect(attachments).to.have.length(1);
    expect(verbsOf(attachments[0]!.content)).to.deep.equal(['join.approve', 'join.decline']);
    expect(textOf(attachments[0]!.content)).to.include(applicant.name);

    const none = await say(contact, 'requests');
    expect(verbsOf(none)).not.to.include('join.approve');
    expect(textOf(none)).not.to.include(applicant.name);
  });

  it('answers a resent message once', async () => {
    await say(contact, 'hjelp');
    const before = h.connector.activities.length;
    const members = message({ serviceUrl, from: contact, text: 'medlemmer' });
    const [a, b] = await Promise.all([h.post(members), h.post(members)]);
    expect([a.status, b.status]).to.deep.equal([200, 200]);
    await h.post(members);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.connector.activities.length - before).to.equal(1);
    expect(h.logs.filter((l) => l.event === 'turn.duplicate')).to.have.length(2);
  });

  it('answers a card action that is not an Action.Execute with a card, never echoing what was sent', async () => {
    for (const value of [
      { action: { type: 'Action.Submit<script>', verb: 'members.show' } },
      { action: 'members.show' },
      { trigger: 'manual' },
      {},
    ]) {
      const activity = { ...cardAction({ serviceUrl, from: contact, verb: 'members.show' }), value };
      const { status, body } = await h.post(activity);
      expect(status, JSON.stringify(value)).to.equal(200);
      const card = (body as { value: unknown }).value;
      expect(textOf(card)).to.include('Det kjenner jeg ikke igjen');
      expect(JSON.stringify(body)).not.to.include('Action.Submit');
    }
  });

  it('does not act twice when Teams retries the same card action', async () => {
    await say(coordinator, 'hjelp');
    await say(applicant, 'hei');
    const submit = cardAction({
      serviceUrl,
      from: applicant,
      verb: 'join.submit',
      data: { role: 'coordinator', department: 'ASA' },
    });
    expect((await h.post(submit)).status).to.equal(200);
    expect((await h.post(submit)).status).to.equal(200);
    const pending = await h.bot.app.store.read((uow) => joinRequestsIn(uow).listPending());
    expect(pending).to.have.length(1);

    const approve = cardAction({
      serviceUrl,
      from: coordinator,
      verb: 'join.approve',
      data: { requestId: pending[0]!.id },
    });
    const [a, b] = await Promise.all([h.post(approve), h.post(approve)]);
    expect(a.status).to.equal(200);
    expect(b.status).to.equal(200);
    await h.bot.outbox.drain();
    const outcomes = h.connector.activities.filter(
      (x) => x.method === 'POST' && x.conversationId === `a:personal-${applicant.aadObjectId}`,
    );
    // welcome (first contact) + exactly one outcome
    expect(outcomes).to.have.length(2);
  });

  it('marks a notification to a conversation that is gone (404) as failed at once, without a turn error', async () => {
    await say(coordinator, 'hjelp');
    await say(applicant, 'hei');
    h.connector.failNext(404);
    await click(applicant, 'join.submit', { role: 'coordinator', department: 'RMA' });
    await h.bot.outbox.drain();
    const counts = await h.bot.app.store.read((uow) => uow.outbox.counts());
    expect(counts).to.include({ failed: 1, pending: 0 });
    const failed = await h.bot.app.store.read(async (uow) => {
      const [request] = await joinRequestsIn(uow).listPending();
      return uow.outbox.getByKey({
        item: request?.id ?? '',
        party: `person:${coordinator.aadObjectId}`,
        version: 1,
      });
    });
    expect(failed).to.include({ state: 'failed', attempts: 1, lastError: '404' });
    expect(h.logs.some((l) => l.event === 'turn.unhandled')).to.equal(false);

    // Deciding anyway (e.g. from the requests list): the undelivered card is not re-posted as a new message.
    const before = h.connector.activities.length;
    const [request] = await h.bot.app.store.read((uow) => joinRequestsIn(uow).listPending());
    await click(coordinator, 'join.approve', { requestId: request!.id });
    await h.bot.outbox.drain();
    const after = h.connector.activities.slice(before);
    expect(after.map((a) => a.conversationId)).to.deep.equal([`a:personal-${applicant.aadObjectId}`]);
  });

  it('tells the applicant when an approver has blocked the bot, and shows it on the delivery card', async () => {
    await say(coordinator, 'hjelp');
    await say(applicant, 'hei');
    h.connector.failFor(`a:personal-${coordinator.aadObjectId}`, [403]);
    await click(applicant, 'join.submit', { role: 'coordinator', department: 'RMA' });
    await h.bot.outbox.drain();
    const toApplicant = h.connector.activities.filter(
      (a) => a.conversationId === `a:personal-${applicant.aadObjectId}`,
    );
    const notice = h.connector.cardOf(toApplicant.at(-1)!);
    expect(textOf(notice)).to.include(coordinator.name);
    expect(textOf(notice)).to.match(/N-\d{4}-0001/);

    const status = await say(opaCoordinator, 'levering');
    expect(textOf(status)).to.include(coordinator.name);
    expect(verbsOf(status)).to.include('delivery.show');
    const refused = await say(contact, 'levering');
    expect(verbsOf(refused)).not.to.include('delivery.show');
  });

  it('lets a coordinator retry dead letters from the delivery card', async () => {
    await say(coordinator, 'hjelp');
    await say(applicant, 'hei');
    await h.bot.app.store.run((uow) =>
      putDeadLetter(uow, {
        id: 'dead-1',
        applicant: applicant.aadObjectId,
        reference: 'N-2026-0009',
        decidedByName: 'Kari',
        role: { kind: 'coordinator', department: 'ASA' },
      }),
    );
    const status = await click(coordinator, 'delivery.show');
    expect(verbsOf(status)).to.include('delivery.retry');
    const before = h.connector.activities.length;
    const retried = await click(coordinator, 'delivery.retry');
    expect(textOf(retried)).to.include('1');
    await h.bot.outbox.drain();
    const delivered = h.connector.activities.slice(before);
    expect(delivered.map((a) => a.conversationId)).to.deep.equal([`a:personal-${applicant.aadObjectId}`]);
    expect(await h.bot.app.store.read((uow) => uow.outbox.counts())).to.include({ failed: 0, pending: 0 });
  });

  it('drops an activity from another tenant before any handler runs, and logs the rejection', async () => {
    const foreign = message({ serviceUrl, from: contact, text: 'hjelp', tenantId: 'another-tenant' });
    expect((await h.post(foreign)).status).to.be.oneOf([200, 202]);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.connector.activities).to.have.length(0);
    expect(h.logs.some((l) => l.event === 'activity.rejected' && l.reason === 'tenant-mismatch')).to.equal(
      true,
    );
    const stored = await h.bot.app.store.read((uow) => uow.conversations.getPerson(contact.aadObjectId));
    expect(stored).to.equal(undefined);
  });

  it('drops an activity from a channel other than Teams', async () => {
    const webchat = { ...message({ serviceUrl, from: contact, text: 'hjelp' }), channelId: 'webchat' };
    await h.post(webchat);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.connector.activities).to.have.length(0);
    expect(h.logs.some((l) => l.event === 'activity.rejected' && l.reason === 'channel')).to.equal(true);
  });

  it('rejects a malformed body with 400 and an oversized one with 413, and keeps serving', async () => {
    const malformed = await fetch(`${h.bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type": "message", ',
    });
    expect(malformed.status).to.equal(400);
    const huge = await fetch(`${h.bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'x'.repeat(600_000) }),
    });
    expect(huge.status).to.equal(413);
    const health = await fetch(`${h.bot.url}/healthz`);
    expect(health.status).to.equal(200);
  });

  it('reports the outbox depth and the age of the oldest pending notification on /healthz', async () => {
    const enqueuedAt = new Date(Date.now() - 90_000).toISOString();
    await h.bot.outbox.stop();
    await h.bot.app.store.run(async (uow) => {
      await uow.outbox.enqueue(
        {
          recipient: { kind: 'person', aadObjectId: 'nobody-yet' },
          key: { item: 'j', party: 'person:nobody-yet', version: 1 },
          subject: { kind: 'join', id: 'j' },
          view: 'join-outcome',
        },
        enqueuedAt,
        'm',
      );
    });
    const body = (await (await fetch(`${h.bot.url}/healthz`)).json()) as {
      outbox: { depth: number; oldestPendingAgeSeconds: number; failed: number };
    };
    expect(body.outbox.depth).to.equal(1);
    expect(body.outbox.oldestPendingAgeSeconds).to.be.within(89, 120);
    expect(body.outbox.failed).to.equal(0);
  });

  it('refuses a national identity number in a message without storing or echoing it', async () => {
    await say(contact, 'hjelp');
    const card = await say(contact, 'Gjelder søker 010101 505 89, hva gjør jeg?');
    expect(JSON.stringify(card)).not.to.match(/505\s?89/);
    const file = await readStoredText(h.dataDir);
    expect(file).not.to.match(/505\s?89/);
    expect(JSON.stringify(h.logs)).not.to.match(/505\s?89/);
  });

  it('refuses a national identity number in a card form without saving it', async () => {
    await h.seed([
      { aadObjectId: 'aad-admin', displayName: 'Admin', roles: [{ kind: 'admin' }], since: SINCE },
    ]);
    const admin = { id: '29:admin', aadObjectId: 'aad-admin', name: 'Admin' };
    const before = await h.bot.app.store.read((uow) => uow.units.list());
    const card = await click(admin, 'units.save', {
      'units-OPA': 'Område for familieinnvandring\nSak 01010150589',
      'units-ASA': 'Vedtaksenhet 1',
      'units-RMA': 'Returenheten',
    });
    expect(JSON.stringify(card)).not.to.include('01010150589');
    expect(await h.bot.app.store.read((uow) => uow.units.list())).to.deep.equal(before);
  });

  it('answers an unknown verb with a card, not an error', async () => {
    const card = await click(contact, 'nonsense.verb');
    expect(verbsOf(card)).to.include('help.show');
  });

  it('lets a coordinator make a team channel the network channel, and refuses a contact person', async () => {
    const team = { teamId: '19:team@thread.tacv2', channelId: '19:channel@thread.tacv2' };
    const refused = await click(contact, 'channel.setNetwork', {});
    expect(verbsOf(refused)).not.to.include('channel.setNetwork');
    const { body } = await h.post(
      cardAction({ serviceUrl, from: contact, verb: 'channel.setNetwork', team, data: {} }),
    );
    expect((body as { value: unknown }).value).to.exist;
    expect((await h.bot.app.store.read((uow) => uow.settings.get())).networkChannel).to.equal(undefined);

    await h.post(cardAction({ serviceUrl, from: coordinator, verb: 'channel.setNetwork', team, data: {} }));
    const settings = await h.bot.app.store.read((uow) => uow.settings.get());
    expect(settings.networkChannel).to.include({ teamId: team.teamId, channelId: team.channelId });
    const channelRef = await h.bot.app.store.read((uow) => uow.conversations.getChannel(team));
    expect(channelRef?.reference).to.have.nested.property('conversation.id', team.channelId);
    // It names nobody: not the coordinator who spoke there last.
    expect(channelRef?.reference).not.to.have.property('user');
    expect(JSON.stringify(channelRef)).not.to.include(coordinator.aadObjectId);
  });

  it('welcomes a team when the app is installed there, and keeps joining in the personal chat', async () => {
    const team = { teamId: '19:team2@thread.tacv2', channelId: '19:team2@thread.tacv2' };
    await h.post(installationUpdate({ serviceUrl, from: coordinator, action: 'add', team }));
    const [welcome] = await h.connector.waitFor(1);
    expect(welcome!.conversationId.startsWith(team.channelId)).to.equal(true);
    expect(verbsOf(h.connector.cardOf(welcome!))).to.include('help.show');
    expect(await h.bot.app.store.read((uow) => uow.conversations.getChannel(team))).to.exist;

    await h.post(message({ serviceUrl, from: applicant, text: '<at>MH-nettverket</at> bli med', team }));
    const [, reply] = await h.connector.waitFor(2);
    expect(verbsOf(h.connector.cardOf(reply!))).not.to.include('join.submit');

    // Removing the app from the team forgets its channels.
    await h.post(installationUpdate({ serviceUrl, from: coordinator, action: 'remove', team }));
    expect(await h.bot.app.store.read((uow) => uow.conversations.getChannel(team))).to.equal(undefined);
  });

  it('shows the members grouped by department to members only', async () => {
    const card = await say(contact, 'medlemmer');
    const text = textOf(card);
    for (const person of [coordinator, opaCoordinator, contact]) expect(text).to.include(person.name);
    const outsider = await say(applicant, 'members');
    expect(textOf(outsider)).not.to.include(coordinator.name);
  });
});
