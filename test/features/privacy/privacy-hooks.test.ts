/**
 * Every kind's privacy hooks (issue 14): `redact` takes out every free text and keeps the rest,
 * `erase` takes out one person's text only, and both results pass the kind's schema.
 */
import { expect } from 'chai';
import type { z } from 'zod';
import type { TrackedItem } from '../../../src/domain/tracked-item.js';
import type { FollowUpAction } from '../../../src/features/agenda/agenda-actions.js';
import type { AgendaItem } from '../../../src/features/agenda/agenda-items.js';
import { agendaItemSchema, followUpActionSchema } from '../../../src/features/agenda/agenda-store.js';
import { checkinSchema } from '../../../src/features/checkins/checkin-store.js';
import type { CheckIn } from '../../../src/features/checkins/checkins.js';
import { priorityNoticeSchema } from '../../../src/features/checkins/notice-store.js';
import type { PriorityNotice } from '../../../src/features/checkins/priority-notices.js';
import { guidanceRequestSchema } from '../../../src/features/guidance/guidance-store.js';
import { joinRequestSchema } from '../../../src/features/join/join-store.js';
import type { ItemKindSpec } from '../../../src/store/store-parts.js';
import { guidanceRequest, joinRequest } from '../../store/fixtures/sample-data.js';
import { STORE_PARTS } from '../../support/features.js';

const AT = '2026-02-01T10:00:00.000Z';
const LATER = '2026-02-03T10:00:00.000Z';
const base = { reference: 'R-1', createdAt: AT, updatedAt: LATER, parties: [], cardVersion: 0 };
const SECRET = 'HEMMELIG-TEKST';

const spec = (kind: string) => STORE_PARTS.items.get(kind) as ItemKindSpec;
const textOf = (item: unknown) => JSON.stringify(item);
/** What redaction must keep: everything but the texts. */
const kept = (item: TrackedItem) => ({
  id: item.id,
  kind: item.kind,
  state: item.state,
  createdBy: item.createdBy,
  createdAt: item.createdAt,
  updatedAt: item.updatedAt,
  actions: item.history.map((e) => [e.action, e.by, e.at]),
});

const guidance = guidanceRequest('g1', 'asker', AT, {
  question: `Spørsmål ${SECRET}`,
  state: 'answered',
  answeredAt: LATER,
  updatedAt: LATER,
});
guidance.messages = [
  { at: AT, by: 'asker', kind: 'question', text: `Spørsmål ${SECRET}` },
  { at: LATER, by: 'coordinator', kind: 'answer', text: 'Svar fra koordinator' },
];

const agendaItem: AgendaItem = {
  ...base,
  id: 'a1',
  kind: 'agenda-item',
  state: 'declined',
  createdBy: 'asker',
  history: [
    { at: AT, by: 'asker', action: 'submit' },
    {
      at: LATER,
      by: 'curator',
      action: 'decline',
      reason: `Avslått ${SECRET}`,
      from: 'submitted',
      to: 'declined',
    },
  ],
  title: `Tittel ${SECRET}`,
  description: `Beskrivelse ${SECRET}`,
  agendaKind: 'general',
  department: 'RMA',
  forum: 'network',
  urgent: false,
  minutes: 15,
  carriedOver: 0,
  reason: `Avslått ${SECRET}`,
};

const action: FollowUpAction = {
  ...base,
  id: 'f1',
  kind: 'agenda-action',
  state: 'done',
  createdBy: 'curator',
  history: [{ at: AT, by: 'curator', action: 'create' }],
  what: `Gjøre ${SECRET}`,
  owner: 'owner',
  due: '2026-02-10',
  fromItem: 'a1',
  department: 'RMA',
  steps: {},
};

const checkin: CheckIn = {
  ...base,
  id: 'c1',
  kind: 'checkin',
  state: 'submitted',
  createdBy: 'system',
  history: [
    { at: AT, by: 'system', action: 'open' },
    { at: LATER, by: 'contact', action: 'submit', from: 'open', to: 'submitted' },
  ],
  seriesId: 's1',
  occurrence: '2026-02-05',
  unitId: 'rma-region-east',
  due: '2026-02-05T09:00:00.000+01:00',
  answers: { principled: `Prinsipielt ${SECRET}`, trends: `Trender ${SECRET}`, cases: 4 },
  answeredAt: LATER,
};

const notice: PriorityNotice = {
  ...base,
  id: 'n1',
  kind: 'priority-notice',
  state: 'acknowledged',
  createdBy: 'contact',
  history: [
    { at: AT, by: 'contact', action: 'send' },
    { at: LATER, by: 'asa', action: 'acknowledge', from: 'sent', to: 'acknowledged' },
  ],
  region: 'rma-region-east',
  whereToFind: `Mappe ${SECRET}`,
  note: `Merknad ${SECRET}`,
  due: '2026-02-02',
  acknowledged: { by: 'asa', at: LATER },
  steps: {},
};

const join = {
  ...joinRequest('j1', 'applicant', AT),
  state: 'approved' as const,
  decidedBy: 'admin',
  decidedByName: `Admin ${SECRET}`,
};
join.applicant = { aadObjectId: 'applicant', displayName: `Søker ${SECRET}` };

const CASES: [string, TrackedItem, z.ZodType][] = [
  ['guidance', guidance, guidanceRequestSchema],
  ['agenda-item', agendaItem, agendaItemSchema],
  ['agenda-action', action, followUpActionSchema],
  ['checkin', checkin, checkinSchema],
  ['priority-notice', notice, priorityNoticeSchema],
  ['join', join, joinRequestSchema],
];

describe('privacy hooks of every kind with free text (issue 14)', () => {
  for (const [kind, item, schema] of CASES) {
    describe(kind, () => {
      it('the sample is valid and holds the secret text', () => {
        expect(schema.safeParse(item).success, kind).to.equal(true);
        expect(textOf(item)).to.include(SECRET);
      });

      it('has a retention category and a settled moment once settled', () => {
        const privacy = spec(kind).privacy!;
        expect(privacy.retention).to.be.a('string').and.not.equal('');
        expect(privacy.settledAt(item)).to.be.a('string');
      });

      it('redact removes every free text, keeps ids, states, dates and history actions, and passes the schema', () => {
        const redacted = spec(kind).privacy!.redact(structuredClone(item));
        expect(textOf(redacted)).to.not.include(SECRET);
        expect(kept(redacted)).to.deep.equal(kept(item));
        // Marked as the retention job marks it (an empty text needs the mark).
        const parsed = schema.safeParse({ ...redacted, redactedAt: LATER });
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).to.equal(true);
      });

      it('erase of someone who wrote nothing on it changes nothing', () => {
        expect(spec(kind).privacy!.erase(structuredClone(item), 'nobody')).to.deep.equal(item);
      });
    });
  }

  it('not settled: no retention moment (an open request, an open check-in)', () => {
    expect(spec('guidance').privacy!.settledAt({ ...guidance, state: 'open' } as TrackedItem)).to.equal(
      undefined,
    );
    expect(spec('checkin').privacy!.settledAt({ ...checkin, state: 'open' } as TrackedItem)).to.equal(
      undefined,
    );
  });

  it('erase takes out the asker’s question and messages, and keeps the coordinator’s answer', () => {
    const erased = spec('guidance').privacy!.erase(structuredClone(guidance), 'asker') as typeof guidance;
    expect(textOf(erased)).to.not.include(SECRET);
    expect(erased.messages[1]!.text).to.equal('Svar fra koordinator');
    expect(guidanceRequestSchema.safeParse({ ...erased, erasedAt: LATER }).success).to.equal(true);
  });

  it('an empty text is refused by the schema unless the item is marked redacted or erased', () => {
    const emptied = { ...agendaItem, title: '' };
    expect(agendaItemSchema.safeParse(emptied).success).to.equal(false);
    expect(agendaItemSchema.safeParse({ ...emptied, redactedAt: LATER }).success).to.equal(true);
    expect(agendaItemSchema.safeParse({ ...emptied, erasedAt: LATER }).success).to.equal(true);
    expect(priorityNoticeSchema.safeParse({ ...notice, whereToFind: '' }).success).to.equal(false);
    expect(followUpActionSchema.safeParse({ ...action, what: '' }).success).to.equal(false);
  });

  it('erase of a curator takes out their reason, keeps the submitter’s title', () => {
    const erased = spec('agenda-item').privacy!.erase(structuredClone(agendaItem), 'curator') as AgendaItem;
    expect(erased.title).to.equal(agendaItem.title);
    expect(erased.reason).to.equal(undefined);
    expect(erased.history.map((e) => ('reason' in e ? e.reason : undefined))).to.deep.equal([undefined, '']);
    const submitter = spec('agenda-item').privacy!.erase(structuredClone(agendaItem), 'asker') as AgendaItem;
    expect([submitter.title, submitter.description]).to.deep.equal(['', '']);
  });

  it('erase of the contact who submitted a check-in keeps its case count', () => {
    const erased = spec('checkin').privacy!.erase(structuredClone(checkin), 'contact') as CheckIn;
    expect(erased.answers).to.deep.equal({ cases: 4 });
  });

  it('erase of an applicant removes their name from the join request, not the decider’s', () => {
    const erased = spec('join').privacy!.erase(structuredClone(join), 'applicant') as typeof join;
    expect(erased.applicant).to.deep.equal({ aadObjectId: 'applicant', displayName: '' });
    expect(erased.decidedByName).to.equal(join.decidedByName);
  });

  it('meetings and posted agenda sheets have no hooks: they hold no free text about people', () => {
    for (const kind of ['meeting-series', 'meeting-occurrence', 'agenda-sheet', 'checkin-cycle'])
      expect(spec(kind).privacy, kind).to.equal(undefined);
  });
});
