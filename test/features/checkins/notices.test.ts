import { expect } from 'chai';
import { createAppContext } from '../../../src/app/context.js';
import { type FeatureSettings, parseFeatureSettings } from '../../../src/config/feature-settings.js';
import type { Person, Role } from '../../../src/domain/roster.js';
import { CHECKINS_SETTINGS } from '../../../src/features/checkins/checkins-settings.js';
import { runNoticeLadder } from '../../../src/features/checkins/notice-jobs.js';
import { NOTICES_STORE, noticesIn } from '../../../src/features/checkins/notice-store.js';
import {
  acknowledgeNotice,
  NOTICE_VIEW,
  noticeDraftFrom,
  sendNotice,
  showNotice,
} from '../../../src/features/checkins/notices.js';
import type { NoticeDraft } from '../../../src/features/checkins/priority-notices.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import type { UnitOfWork } from '../../../src/store/store.js';
import { combineStoreParts } from '../../../src/store/store-parts.js';

const person = (aadObjectId: string, ...roles: Role[]): Person => ({
  aadObjectId,
  displayName: aadObjectId,
  roles,
  since: '2026-01-01T00:00:00.000Z',
});
const caller = (aadObjectId: string) => ({ aadObjectId, displayName: aadObjectId });
const WHERE = 'Saksreferanse sendt i DUF-melding 12.01.2027';
const draft = (over: Partial<NoticeDraft> = {}): NoticeDraft => ({ whereToFind: WHERE, ...over });

const EAST = person('east', { kind: 'contact', department: 'RMA', unitId: 'rma-region-east' });
const WEST = person('west', { kind: 'contact', department: 'RMA', unitId: 'rma-region-west' });
const ASA = person('asa', { kind: 'coordinator', department: 'ASA' });
const ASA_DEPUTY = person('asa-deputy', { kind: 'deputy', department: 'ASA' });
const RMA = person('rma', { kind: 'coordinator', department: 'RMA' });
const UDI = person('udi', { kind: 'coordinator', department: 'AUA' });
const ADMIN = person('admin', { kind: 'admin' });

/** The feature's settings as loaded from these environment variables. */
function settingsFrom(env: Record<string, string>): ReadonlyMap<FeatureSettings<unknown>, unknown> {
  const parsed = parseFeatureSettings(CHECKINS_SETTINGS, env);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return new Map([[CHECKINS_SETTINGS, parsed.value]]) as ReadonlyMap<FeatureSettings<unknown>, unknown>;
}

async function setup(
  options: {
    people?: readonly Person[];
    start?: string;
    settings?: ReadonlyMap<FeatureSettings<unknown>, unknown>;
  } = {},
) {
  const store = createMemoryStore(undefined, { parts: combineStoreParts([NOTICES_STORE]) });
  await store.run(async (uow) => {
    for (const p of options.people ?? [EAST, WEST, ASA, ASA_DEPUTY, RMA, UDI, ADMIN]) await uow.people.put(p);
  });
  // Monday 11 January 2027, 10:00 Oslo.
  let now = new Date(options.start ?? '2027-01-11T09:00:00.000Z');
  let n = 0;
  const app = createAppContext({
    store,
    adminAadObjectIds: [],
    now: () => now,
    newId: () => `id${++n}`,
    ...(options.settings ? { settings: options.settings } : {}),
  });
  const run = <T>(work: (uow: UnitOfWork) => Promise<T>) => store.run(work);
  return {
    app,
    store,
    run,
    at: (iso: string) => {
      now = new Date(iso);
    },
    pending: () => store.read((uow) => uow.outbox.listPending()),
    stored: () => store.read((uow) => noticesIn(uow).open()),
    tick: () => run((uow) => runNoticeLadder(app, uow)),
    send: async (who = 'east', receipt?: { activityId: string; conversationId: string }) => {
      const sent = await run((uow) => sendNotice(app, uow, caller(who), draft(), receipt));
      if (!sent.ok) throw new Error(`not sent: ${JSON.stringify(sent)}`);
      return sent.value;
    },
  };
}

const posts = (
  messages: readonly { recipient: unknown; view: string; banner?: string; replaces?: number }[],
) =>
  messages
    .filter((m) => m.replaces === undefined)
    .map((m) => [(m.recipient as { aadObjectId: string }).aadObjectId, m.view, m.banner]);

describe('priority notices: sending', () => {
  it('Region East’s contact person sends one to ASA’s coordinator, with a reference; the receipt is their live card', async () => {
    const { run, app, pending, stored } = await setup();
    const sent = await run((uow) =>
      sendNotice(app, uow, caller('east'), draft({ note: 'Krisesenterplass via ROSA' }), {
        activityId: 'receipt',
        conversationId: 'east-chat',
      }),
    );
    expect(
      sent.ok && [sent.value.reference, sent.value.state, sent.value.region, sent.value.createdBy],
    ).to.deep.equal(['P-2027-0001', 'sent', 'rma-region-east', 'east']);
    expect(sent.ok && [sent.value.whereToFind, sent.value.note, sent.value.due]).to.deep.equal([
      WHERE,
      'Krisesenterplass via ROSA',
      '2027-01-11',
    ]);
    // ASA's coordinator is told (not the deputy while there is a coordinator).
    expect(posts(await pending())).to.deep.equal([['asa', NOTICE_VIEW, 'new']]);
    const [notice] = await stored();
    expect(notice?.parties.map((p) => [p.to, p.cards.map((c) => [c.view, c.activityId])])).to.deep.equal([
      [{ kind: 'person', aadObjectId: 'asa' }, [[NOTICE_VIEW, undefined]]],
      [{ kind: 'person', aadObjectId: 'east' }, [[NOTICE_VIEW, 'receipt']]],
    ]);
    const second = await run((uow) => sendNotice(app, uow, caller('east'), draft()));
    expect(second.ok && second.value.reference).to.equal('P-2027-0002');
  });

  it('only the allowed regions send: another region’s contact person, a coordinator, an administrator and an outsider are refused, and nothing is kept', async () => {
    const { run, app, pending, stored } = await setup();
    for (const [who, refusal] of [
      ['west', 'not-authorized'],
      ['asa', 'not-authorized'],
      ['rma', 'not-authorized'],
      ['udi', 'not-authorized'],
      ['admin', 'not-member'],
      ['outsider', 'not-member'],
    ] as const)
      expect(await run((uow) => sendNotice(app, uow, caller(who), draft())), who).to.deep.equal({
        ok: false,
        refusal,
      });
    expect(await pending()).to.deep.equal([]);
    expect(await stored()).to.deep.equal([]);
  });

  it('the configured list of regions is honoured (Region West added)', async () => {
    const settings = settingsFrom({ PRIORITY_NOTICE_REGIONS: 'rma-region-east, rma-region-west' });
    const { run, app } = await setup({ settings });
    const west = await run((uow) => sendNotice(app, uow, caller('west'), draft()));
    expect(west.ok && west.value.region).to.equal('rma-region-west');
    const east = await run((uow) => sendNotice(app, uow, caller('east'), draft()));
    expect(east.ok && east.value.region).to.equal('rma-region-east');
    // A list without Region East leaves it out.
    const only = await setup({ settings: settingsFrom({ PRIORITY_NOTICE_REGIONS: 'rma-region-west' }) });
    expect(await only.run((uow) => sendNotice(only.app, uow, caller('east'), draft()))).to.deep.equal({
      ok: false,
      refusal: 'not-authorized',
    });
  });

  it('the region is the sender’s contact role’s unit, never the card’s', async () => {
    const { run, app } = await setup();
    const data = { whereToFind: WHERE, note: '', region: 'rma-region-west' };
    const sent = await run((uow) => sendNotice(app, uow, caller('east'), noticeDraftFrom(data)));
    expect(sent.ok && sent.value.region).to.equal('rma-region-east');
    expect(noticeDraftFrom(data)).to.deep.equal({ whereToFind: WHERE });
    expect(noticeDraftFrom({ whereToFind: 12, note: ['x'] })).to.deep.equal({ whereToFind: '' });
  });

  it('identity and DUF numbers are refused in every text field, by field; nothing is kept or sent', async () => {
    const { run, app, pending, stored } = await setup();
    const cases: [NoticeDraft, Record<string, string>][] = [
      [draft({ whereToFind: 'Gjelder 01010150589' }), { whereToFind: 'sensitive' }],
      [draft({ whereToFind: 'DUF 2012 12345678' }), { whereToFind: 'sensitive' }],
      [draft({ note: 'DUF-nr. 2012-123456-03' }), { note: 'sensitive' }],
      [draft({ note: 'D-nr 41010150572' }), { note: 'sensitive' }],
      [
        { whereToFind: 'DUF 201212345678', note: 'fnr 010190 12345' },
        { whereToFind: 'sensitive', note: 'sensitive' },
      ],
      [
        { whereToFind: ' ', note: 'DUF 2012 12345678' },
        { whereToFind: 'missing', note: 'sensitive' },
      ],
    ];
    for (const [d, problems] of cases)
      expect(await run((uow) => sendNotice(app, uow, caller('east'), d))).to.deep.equal({
        ok: false,
        problems,
      });
    expect(await pending()).to.deep.equal([]);
    expect(await stored()).to.deep.equal([]);
  });

  it('goes to ASA’s deputies when there is no coordinator or the coordinator is away, and to the UDI coordinator when ASA has neither', async () => {
    const deputies = await setup({ people: [EAST, ASA_DEPUTY, UDI] });
    await deputies.send();
    expect(posts(await deputies.pending())).to.deep.equal([['asa-deputy', NOTICE_VIEW, 'new']]);
    const away = await setup({ people: [EAST, { ...ASA, away: true }, ASA_DEPUTY, UDI] });
    await away.send();
    expect(posts(await away.pending())).to.deep.equal([['asa-deputy', NOTICE_VIEW, 'new']]);
    const allAway = await setup({ people: [EAST, { ...ASA, away: true }, { ...ASA_DEPUTY, away: true }] });
    await allAway.send();
    expect(posts(await allAway.pending())).to.deep.equal([['asa', NOTICE_VIEW, 'new']]);
    const none = await setup({ people: [EAST, UDI] });
    await none.send();
    expect(posts(await none.pending())).to.deep.equal([['udi', NOTICE_VIEW, 'new']]);
  });
});

describe('priority notices: acknowledging', () => {
  it('ASA’s coordinator acknowledges ("prioritised"); Region East’s sender is told and every live card is updated', async () => {
    const { run, app, pending, send, store } = await setup();
    const notice = await send('east', { activityId: 'receipt', conversationId: 'east-chat' });
    // The outbox delivered ASA's card (the ids are kept on the item's party).
    await run(async (uow) => {
      const stored = await noticesIn(uow).get(notice.id);
      if (!stored) throw new Error('missing');
      const card = stored.parties.find((p) => p.to.kind === 'person' && p.to.aadObjectId === 'asa')?.cards[0];
      if (card) Object.assign(card, { activityId: 'asa-card', conversationId: 'asa-chat' });
      await noticesIn(uow).put(stored);
    });
    const before = (await pending()).length;
    const done = await run((uow) =>
      acknowledgeNotice(app, uow, caller('asa'), notice.id, { activityId: 'asa-card' }),
    );
    expect(done.ok && [done.value.state, done.value.acknowledged?.by]).to.deep.equal(['acknowledged', 'asa']);
    const after = (await pending()).slice(before);
    // The sender's receipt is updated a last time (superseded) and they get a new card saying it is
    // prioritised; ASA's clicked card is replaced by the answer to the click, not updated again.
    expect(after.map((m) => [m.recipient, m.banner, m.replaces, m.superseded])).to.deep.equal([
      [{ kind: 'person', aadObjectId: 'east' }, undefined, 2, true],
      [{ kind: 'person', aadObjectId: 'east' }, 'acknowledged', undefined, undefined],
    ]);
    // Acknowledged notices are no longer open (the ladder leaves them).
    expect(await store.read((uow) => noticesIn(uow).open())).to.deep.equal([]);
  });

  it('ASA’s deputy acknowledges too; the live cards of everyone else are updated in place', async () => {
    const { run, app, pending, send } = await setup();
    const notice = await send('east', { activityId: 'receipt', conversationId: 'east-chat' });
    const before = (await pending()).length;
    const done = await run((uow) => acknowledgeNotice(app, uow, caller('asa-deputy'), notice.id));
    expect(done.ok && done.value.acknowledged?.by).to.equal('asa-deputy');
    expect(
      (await pending())
        .slice(before)
        .map((m) => [(m.recipient as { aadObjectId: string }).aadObjectId, m.banner, m.replaces]),
    ).to.deep.equal([
      ['asa', undefined, 1],
      ['east', undefined, 2],
      ['east', 'acknowledged', undefined],
    ]);
  });

  it('only ASA’s coordinator or deputy acknowledges; twice is refused cleanly; an unknown id is missing', async () => {
    const { run, app, pending, send } = await setup();
    const notice = await send();
    for (const [who, refusal] of [
      ['east', 'not-authorized'],
      ['udi', 'not-authorized'],
      ['rma', 'not-authorized'],
      ['admin', 'not-member'],
      ['outsider', 'not-member'],
    ] as const)
      expect(await run((uow) => acknowledgeNotice(app, uow, caller(who), notice.id)), who).to.deep.equal({
        ok: false,
        refusal,
      });
    expect(await run((uow) => acknowledgeNotice(app, uow, caller('asa'), notice.id))).to.have.property(
      'ok',
      true,
    );
    const before = (await pending()).length;
    for (const who of ['asa', 'asa-deputy'])
      expect(await run((uow) => acknowledgeNotice(app, uow, caller(who), notice.id)), who).to.deep.equal({
        ok: false,
        problem: 'already-acknowledged',
      });
    expect((await pending()).length).to.equal(before);
    for (const id of ['nope', 42, undefined])
      expect(await run((uow) => acknowledgeNotice(app, uow, caller('asa'), id))).to.deep.equal({
        ok: false,
        missing: true,
      });
  });

  it('is shown to the sender, ASA and the UDI coordinator only', async () => {
    const { run, app, send } = await setup();
    const notice = await send();
    for (const who of ['east', 'asa', 'asa-deputy', 'udi'])
      expect((await run((uow) => showNotice(app, uow, caller(who), notice.id))).ok, who).to.equal(true);
    for (const who of ['west', 'rma'])
      expect(await run((uow) => showNotice(app, uow, caller(who), notice.id)), who).to.deep.equal({
        ok: false,
        refusal: 'not-authorized',
      });
    expect(await run((uow) => showNotice(app, uow, caller('outsider'), notice.id))).to.deep.equal({
      ok: false,
      refusal: 'not-member',
    });
    expect(await run((uow) => showNotice(app, uow, caller('asa'), 'nope'))).to.deep.equal({
      ok: false,
      missing: true,
    });
  });
});

/** 07:00 and 15:00 Oslo (winter time) on a date. */
const morning = (date: string) => `${date}T06:00:00.000Z`;
const afternoon = (date: string) => `${date}T14:00:00.000Z`;

describe('priority notices: the ladder (fake clock)', () => {
  it('reminds ASA’s coordinator after one working day and escalates to the UDI coordinator after two, over a weekend, each step once', async () => {
    // Sent Friday 8 January 2027, 10:00 Oslo.
    const { at, tick, pending, send, store } = await setup({ start: '2027-01-08T09:00:00.000Z' });
    await send('east', { activityId: 'receipt', conversationId: 'east-chat' });
    const runs: Record<string, unknown> = {};
    for (const date of ['2027-01-08', '2027-01-09', '2027-01-10', '2027-01-11', '2027-01-12', '2027-01-13']) {
      for (const when of [morning(date), afternoon(date)]) {
        at(when);
        runs[when] = await tick();
      }
    }
    // Nothing on Friday or over the weekend; the reminder on Monday morning, the escalation on Tuesday.
    expect(runs[morning('2027-01-08')]).to.deep.equal({
      count: 0,
      notes: { reminder: 0, escalation: 0 },
      nextAtMs: Date.parse('2027-01-10T23:00:00.000Z'),
    });
    expect(runs[morning('2027-01-11')]).to.deep.equal({
      count: 1,
      notes: { reminder: 1, escalation: 0 },
      nextAtMs: Date.parse('2027-01-11T23:00:00.000Z'),
    });
    expect(runs[afternoon('2027-01-11')]).to.have.property('count', 0);
    expect(runs[morning('2027-01-12')]).to.deep.equal({ count: 1, notes: { reminder: 0, escalation: 1 } });
    expect(runs[morning('2027-01-13')]).to.deep.equal({ count: 0, notes: { reminder: 0, escalation: 0 } });
    expect(posts(await pending())).to.deep.equal([
      ['asa', NOTICE_VIEW, 'new'],
      ['asa', NOTICE_VIEW, 'reminder'],
      ['udi', NOTICE_VIEW, 'escalation'],
    ]);
    const [notice] = await store.read((uow) => noticesIn(uow).open());
    expect(notice?.steps).to.deep.equal({
      reminder: morning('2027-01-11'),
      escalation: morning('2027-01-12'),
    });
    // The sender's receipt follows the notice in place at each step.
    expect(
      (await pending())
        .filter((m) => (m.recipient as { aadObjectId: string }).aadObjectId === 'east')
        .map((m) => [m.replaces, m.superseded]),
    ).to.deep.equal([
      [2, undefined],
      [2, undefined],
    ]);
  });

  it('counts working days over Easter: sent the Wednesday before, reminded the Tuesday after Easter Monday, escalated on Wednesday', async () => {
    // Wednesday 24 March 2027, 10:00 Oslo; Maundy Thursday to Easter Monday are not working days.
    const { at, tick, pending, send } = await setup({ start: '2027-03-24T09:00:00.000Z' });
    await send();
    const counts: [string, number][] = [];
    for (const date of [
      '2027-03-24',
      '2027-03-25',
      '2027-03-26',
      '2027-03-27',
      '2027-03-28',
      '2027-03-29',
      '2027-03-30',
      '2027-03-31',
      '2027-04-01',
    ]) {
      at(`${date}T10:00:00.000Z`);
      counts.push([date, (await tick()).count]);
      counts.push([date, (await tick()).count]);
    }
    expect(counts.filter(([, c]) => c > 0)).to.deep.equal([
      ['2027-03-30', 1],
      ['2027-03-31', 1],
    ]);
    expect(posts(await pending()).map(([to, , banner]) => [to, banner])).to.deep.equal([
      ['asa', 'new'],
      ['asa', 'reminder'],
      ['udi', 'escalation'],
    ]);
    // Woken at the start of Tuesday 30 March, Oslo summer time.
    const fresh = await setup({ start: '2027-03-24T09:00:00.000Z' });
    await fresh.send();
    expect((await fresh.tick()).nextAtMs).to.equal(Date.parse('2027-03-29T22:00:00.000Z'));
  });

  it('an acknowledged notice is neither reminded nor escalated; a missed run catches up both steps once', async () => {
    const acked = await setup({ start: '2027-01-08T09:00:00.000Z' });
    const notice = await acked.send();
    acked.at(morning('2027-01-11'));
    expect((await acked.tick()).count).to.equal(1);
    acked.at(afternoon('2027-01-11'));
    await acked.run((uow) => acknowledgeNotice(acked.app, uow, caller('asa'), notice.id));
    for (const date of ['2027-01-12', '2027-01-13', '2027-01-20']) {
      acked.at(morning(date));
      expect(await acked.tick()).to.deep.equal({ count: 0 });
    }
    expect(posts(await acked.pending()).map(([to, , banner]) => [to, banner])).to.deep.equal([
      ['asa', 'new'],
      ['asa', 'reminder'],
      ['east', 'acknowledged'],
    ]);

    // Sent on Saturday: due Monday; the first run is on Thursday: reminder and escalation at once, in order.
    const missed = await setup({ start: '2027-01-09T12:00:00.000Z' });
    await missed.send();
    missed.at(morning('2027-01-11'));
    expect((await missed.tick()).count).to.equal(0);
    missed.at(morning('2027-01-14'));
    expect(await missed.tick()).to.deep.equal({ count: 2, notes: { reminder: 1, escalation: 1 } });
    expect((await missed.tick()).count).to.equal(0);
    expect(posts(await missed.pending()).map(([to, , banner]) => [to, banner])).to.deep.equal([
      ['asa', 'new'],
      ['asa', 'reminder'],
      ['udi', 'escalation'],
    ]);
  });

  it('with nobody at ASA, the notice and its reminder go to the UDI coordinator', async () => {
    const { at, tick, pending, send } = await setup({
      people: [EAST, UDI],
      start: '2027-01-08T09:00:00.000Z',
    });
    await send();
    at(morning('2027-01-11'));
    expect((await tick()).count).to.equal(1);
    expect(posts(await pending()).map(([to, , banner]) => [to, banner])).to.deep.equal([
      ['udi', 'new'],
      ['udi', 'reminder'],
    ]);
  });

  it('escalates to AUA’s deputy when there is no UDI coordinator', async () => {
    const auaDeputy = person('aua-deputy', { kind: 'deputy', department: 'AUA' });
    const { at, tick, pending, send } = await setup({
      people: [EAST, ASA, auaDeputy],
      start: '2027-01-08T09:00:00.000Z',
    });
    await send();
    at(morning('2027-01-12'));
    expect((await tick()).count).to.equal(2);
    expect(posts(await pending()).map(([to, , banner]) => [to, banner])).to.deep.equal([
      ['asa', 'new'],
      ['asa', 'reminder'],
      ['aua-deputy', 'escalation'],
    ]);
  });
});
