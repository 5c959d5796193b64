/**
 * The retention job with a fake clock (issue 14): what settled longer ago than its category's
 * period loses its free text, in the hot document and in the archive; what is going on or settled
 * lately keeps it; anonymous counts are kept, and each redaction is in the audit log.
 */
import { expect } from 'chai';
import { memoryAuditLog } from '../../src/audit/audit-log.js';
import { RETENTION_DEFAULTS } from '../../src/config/config.js';
import type { GuidanceRequest } from '../../src/features/guidance/guidance-requests.js';
import { PRIVACY_STATISTICS_RECORD } from '../../src/privacy/privacy-store.js';
import { retentionMoments, runRetention } from '../../src/privacy/retention.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/store/store.js';
import { guidanceRequest, TEST_UNITS } from '../store/fixtures/sample-data.js';
import { STORE_PARTS } from '../support/features.js';

const SECRET = 'TEKST-SOM-SKAL-BORT';

function settled(
  id: string,
  createdAt: string,
  state: 'answered' | 'closed' | 'open',
  at: string,
): GuidanceRequest {
  const request = guidanceRequest(id, 'asker', createdAt, {
    question: `${SECRET} ${id}`,
    state,
    updatedAt: at,
    ...(state === 'closed' ? { closedAt: at, closeReason: `${SECRET} reason` } : {}),
    ...(state === 'answered' ? { answeredAt: at } : {}),
  });
  request.messages = [{ at: createdAt, by: 'asker', kind: 'question', text: `${SECRET} ${id}` }];
  return request;
}

const DAYS = RETENTION_DEFAULTS.guidance;
const START = Date.parse('2026-01-01T00:00:00.000Z');
const day = (n: number) => new Date(START + n * 86_400_000).toISOString();

describe('the retention job (issue 14)', () => {
  let store: Store;
  let clock: Date;
  let audit: ReturnType<typeof memoryAuditLog>;
  const run = () =>
    runRetention({
      store,
      parts: STORE_PARTS,
      audit,
      now: () => clock,
      retentionDays: RETENTION_DEFAULTS,
    });
  const get = (id: string) => store.read((u) => u.items.get('guidance', id)) as Promise<GuidanceRequest>;

  beforeEach(async () => {
    store = createMemoryStore(TEST_UNITS, { parts: STORE_PARTS });
    audit = memoryAuditLog(() => clock);
    await store.run(async (u) => {
      await u.items.put(settled('old-closed', day(0), 'closed', day(5)));
      await u.items.put(settled('old-answered', day(1), 'answered', day(10)));
      await u.items.put(settled('recent', day(2), 'closed', day(300)));
      await u.items.put(settled('open', day(3), 'open', day(3)));
    });
    // The two old ones move to the archive.
    await store.archive(day(200));
  });

  it('removes the free text of what expired (archived too), keeps the rest, and counts it', async () => {
    clock = new Date(day(10 + DAYS + 1));
    const result = await run();
    expect(result).to.deep.equal({ redacted: 2, byKind: { guidance: 2 } });

    for (const id of ['old-closed', 'old-answered']) {
      const item = await get(id);
      expect(JSON.stringify(item)).to.not.include(SECRET);
      expect(item.redactedAt).to.equal(clock.toISOString());
      // The stub: its state, dates, topic and history actions stay.
      expect(item.state).to.equal(id === 'old-closed' ? 'closed' : 'answered');
      expect(item.topicId).to.equal('family-immigration');
      expect(item.history.map((e) => e.action)).to.deep.equal(['ask']);
    }
    for (const id of ['recent', 'open']) {
      expect((await get(id)).question).to.equal(`${SECRET} ${id}`);
      expect((await get(id)).redactedAt).to.equal(undefined);
    }
    // Counts survive, by kind and month created; no id in them.
    const statistics = await store.read((u) => u.records.get(PRIVACY_STATISTICS_RECORD));
    expect(statistics).to.deep.equal({ guidance: { '2026-01': { redacted: 2, erased: 0 } } });
    // Queries still count every item.
    expect(await store.read((u) => u.items.count({ kind: 'guidance' }))).to.equal(4);
    // The audit log names each redaction by id, without text.
    expect(audit.entries().map((e) => [e.actor, e.action, e.kind, e.id])).to.have.deep.members([
      ['system', 'redact', 'guidance', 'old-closed'],
      ['system', 'redact', 'guidance', 'old-answered'],
    ]);
    expect(audit.text()).to.not.include(SECRET);
  });

  it('keeps everything before its period is over, and redacts once', async () => {
    clock = new Date(day(5 + DAYS - 1));
    expect((await run()).redacted).to.equal(0);
    expect((await get('old-closed')).question).to.include(SECRET);
    clock = new Date(day(5 + DAYS + 1));
    expect((await run()).byKind).to.deep.equal({ guidance: 1 });
    expect((await run()).redacted).to.equal(0);
    clock = new Date(day(300 + DAYS + 1));
    expect((await run()).byKind).to.deep.equal({ guidance: 2 });
    expect((await get('open')).question).to.include(SECRET);
    expect(audit.entries()).to.have.length(3);
  });

  it('uses the configured period of the kind’s category', async () => {
    clock = new Date(day(41));
    const result = await runRetention({
      store,
      parts: STORE_PARTS,
      audit,
      now: () => clock,
      retentionDays: { ...RETENTION_DEFAULTS, guidance: 30 },
    });
    expect(result.redacted).to.equal(2);
  });
});

describe('when the retention job runs (issue 14)', () => {
  it('When it is daytime in Oslo, then the last run was 03:00 today and the next is 03:00 tomorrow', () => {
    const { last, next } = retentionMoments(Date.parse('2027-01-12T10:00:00Z'));
    expect(new Date(last).toISOString()).to.equal('2027-01-12T02:00:00.000Z');
    expect(new Date(next).toISOString()).to.equal('2027-01-13T02:00:00.000Z');
  });

  it('When it is before 03:00 in Oslo, then the last moment was yesterday night', () => {
    const { last, next } = retentionMoments(Date.parse('2027-01-12T01:30:00Z'));
    expect(new Date(last).toISOString()).to.equal('2027-01-11T02:00:00.000Z');
    expect(new Date(next).toISOString()).to.equal('2027-01-12T02:00:00.000Z');
  });

  it('When summer time begins that night, then 03:00 Oslo is 01:00 UTC', () => {
    const { next } = retentionMoments(Date.parse('2027-03-27T12:00:00Z'));
    expect(new Date(next).toISOString()).to.equal('2027-03-28T01:00:00.000Z');
  });
});
