import { expect } from 'chai';
import { createAppContext } from '../../../src/app/context.js';
import { contribute } from '../../../src/app/extensions.js';
import { checkinMark } from '../../../src/features/checkins/checkins-overview.js';
import { buildOverview } from '../../../src/features/overview/overview-build.js';
import type { OverviewRow } from '../../../src/features/overview/overview-model.js';
import {
  compareRows,
  dayDeadline,
  departmentCounts,
  firstWords,
  OVERVIEW_ROW_LIMIT,
  orderRows,
  overviewRow,
  waitingSince,
} from '../../../src/features/overview/overview-rows.js';
import { OVERVIEW_SOURCE, type OverviewSource } from '../../../src/features/overview/overview-sources.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';

const NOW = new Date('2027-01-11T09:00:00.000Z');

const row = (over: Partial<OverviewRow>): OverviewRow => ({
  id: over.reference ?? 'x',
  kind: 'guidance',
  reference: 'x',
  state: 'open',
  waitingSince: '2027-01-01T00:00:00.000Z',
  urgent: false,
  overdue: false,
  ...over,
});

describe('overview rows', () => {
  it('a due day passes at its end in Oslo, in winter and in summer', () => {
    expect(dayDeadline('2027-01-15')).to.equal('2027-01-15T22:59:59.999Z');
    expect(dayDeadline('2027-06-15')).to.equal('2027-06-15T21:59:59.999Z');
  });

  it('waits since it moved into its state (reminders do not count), or since it was made', () => {
    const item = {
      state: 'open',
      createdAt: '2027-01-01T00:00:00.000Z',
      history: [
        { at: '2027-01-01T00:00:00.000Z', by: 'a', action: 'ask', to: 'open' },
        { at: '2027-01-02T00:00:00.000Z', by: 'b', action: 'take', from: 'open', to: 'in-progress' },
        { at: '2027-01-03T00:00:00.000Z', by: 'b', action: 'forward', from: 'in-progress', to: 'open' },
        { at: '2027-01-04T00:00:00.000Z', by: 'system', action: 'deadline-reminder' },
      ],
    };
    expect(waitingSince(item)).to.equal('2027-01-03T00:00:00.000Z');
    expect(waitingSince({ ...item, history: [] })).to.equal(item.createdAt);
  });

  it('a title is the first words, on one line, cut at a word', () => {
    expect(firstWords('  Kort\n spørsmål  ')).to.equal('Kort spørsmål');
    const long = firstWords('ord '.repeat(40));
    expect(long.length).to.be.at.most(80);
    expect(long).to.match(/^ord( ord)*…$/);
    expect(firstWords('x'.repeat(100))).to.equal(`${'x'.repeat(79)}…`);
  });

  it('is overdue once its deadline has passed; leaves out a blank title', () => {
    const item = { id: 'i', reference: 'R', state: 'open', createdAt: NOW.toISOString(), history: [] };
    expect(
      overviewRow(item, { kind: 'action', deadline: '2027-01-11T08:59:59.999Z', title: ' ' }, NOW),
    ).to.deep.equal({
      id: 'i',
      kind: 'action',
      reference: 'R',
      state: 'open',
      waitingSince: NOW.toISOString(),
      deadline: '2027-01-11T08:59:59.999Z',
      urgent: false,
      overdue: true,
    });
    expect(overviewRow(item, { kind: 'action', deadline: NOW.toISOString() }, NOW).overdue).to.equal(false);
  });

  it('orders overdue first, then by deadline (none last), then the longest waiting; each row once', () => {
    const rows = [
      row({ reference: 'later', deadline: '2027-01-20T00:00:00.000Z' }),
      row({ reference: 'none-new', waitingSince: '2027-01-09T00:00:00.000Z' }),
      row({ reference: 'overdue', deadline: '2027-01-10T00:00:00.000Z', overdue: true }),
      row({ reference: 'none-old', waitingSince: '2027-01-02T00:00:00.000Z' }),
      row({ reference: 'soon', deadline: '2027-01-12T00:00:00.000Z' }),
      row({ reference: 'soon', deadline: '2027-01-12T00:00:00.000Z' }),
    ];
    expect(orderRows(rows).map((r) => r.reference)).to.deep.equal([
      'overdue',
      'soon',
      'later',
      'none-old',
      'none-new',
    ]);
    expect(compareRows(rows[0]!, rows[0]!)).to.not.be.lessThan(0);
  });

  it('counts per department, every department listed', () => {
    expect(
      departmentCounts([
        row({ reference: 'a', department: 'OPA', overdue: true }),
        row({ reference: 'b', department: 'OPA' }),
        row({ reference: 'c' }),
      ]),
    ).to.deep.equal([
      { department: 'AUA', open: 0, overdue: 0 },
      { department: 'OPA', open: 2, overdue: 1 },
      { department: 'ASA', open: 0, overdue: 0 },
      { department: 'RMA', open: 0, overdue: 0 },
    ]);
  });

  it('a check-in cell as the page marks it', () => {
    expect(checkinMark({ status: 'answered', nothingNew: false, cases: 2 })).to.equal('answered');
    expect(checkinMark({ status: 'answered', nothingNew: true })).to.equal('nothingNew');
    expect(checkinMark({ status: 'late', nothingNew: true })).to.equal('late');
    expect(checkinMark({ status: 'missing', nothingNew: false })).to.equal('missing');
    expect(checkinMark({ status: 'open', nothingNew: false })).to.equal('open');
    expect(checkinMark({ status: 'none', nothingNew: false })).to.equal('noContact');
  });
});

describe('overview sources', () => {
  it('a feature adds its rows with one contribution; the lists are capped, the counts count them all', async () => {
    const store = createMemoryStore();
    await store.run((uow) =>
      uow.people.put({
        aadObjectId: 'c',
        displayName: 'C',
        roles: [{ kind: 'coordinator', department: 'ASA' }],
        since: '2026-01-01T00:00:00.000Z',
      }),
    );
    const many = Array.from({ length: OVERVIEW_ROW_LIMIT + 50 }, (_, i) =>
      row({ reference: `R-${String(i).padStart(4, '0')}`, department: 'ASA', overdue: i % 2 === 0 }),
    );
    const seen: string[] = [];
    const source: OverviewSource = {
      async queue(ctx) {
        seen.push(ctx.viewer.aadObjectId);
        return many;
      },
      async network() {
        return many;
      },
    };
    const app = createAppContext({
      store,
      adminAadObjectIds: [],
      now: () => NOW,
      contributions: [contribute(OVERVIEW_SOURCE, source)],
    });
    const overview = await buildOverview(app, 'c');
    expect(seen).to.deep.equal(['c']);
    expect(overview.queue).to.have.length(OVERVIEW_ROW_LIMIT);
    expect(overview.queue.slice(0, 125).every((r) => r.overdue)).to.equal(true);
    expect(overview.network?.rows).to.have.length(OVERVIEW_ROW_LIMIT);
    expect(overview.network?.counts.find((c) => c.department === 'ASA')).to.deep.equal({
      department: 'ASA',
      open: OVERVIEW_ROW_LIMIT + 50,
      overdue: (OVERVIEW_ROW_LIMIT + 50) / 2,
    });
    // No source gives meetings or a matrix: the meetings section is empty, the matrix absent.
    expect(overview.meetings).to.deep.equal({ upcoming: [] });
    expect(overview).to.not.have.property('checkins');
  });
});
