/**
 * The action plans on the overview page: an owner's open measures on their queue, due at the end of
 * the due date, with the measure's status as the row's state; nobody else's, and none done or closed.
 */
import { expect } from 'chai';
import { createAppContext } from '../../../src/app/context.js';
import type { Person, Role } from '../../../src/domain/roster.js';
import { measuresIn } from '../../../src/features/actionplans/measure-store.js';
import { applyReport, closeMeasure, newMeasure } from '../../../src/features/actionplans/measures.js';
import { buildOverview } from '../../../src/features/overview/overview-build.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import { REGISTRY, STORE_PARTS } from '../../support/features.js';

const person = (aadObjectId: string, ...roles: Role[]): Person => ({
  aadObjectId,
  displayName: `Navn ${aadObjectId}`,
  roles,
  since: '2026-01-01T00:00:00.000Z',
});
const PEOPLE = [
  person('udi', { kind: 'coordinator', department: 'AUA' }),
  person('asac', { kind: 'contact', department: 'ASA', unitId: 'asa-unit-1' }),
  person('asa', { kind: 'coordinator', department: 'ASA' }),
];
const fields = (title: string, owner: string, due: string) => ({
  title,
  plan: 'Handlingsplan mot menneskehandel 2025–2028',
  department: 'ASA' as const,
  owner,
  due,
});

describe('action plans on the overview page', () => {
  it('puts an owner’s open measures on their queue with the due date and status; not done, closed or others’', async () => {
    const store = createMemoryStore(undefined, { parts: STORE_PARTS });
    const app = createAppContext({
      store,
      adminAadObjectIds: [],
      now: () => new Date('2027-06-14T08:00:00.000Z'),
      contributions: REGISTRY.contributions,
    });
    const at = '2027-01-04T08:00:00.000Z';
    const open = newMeasure(
      'm-1',
      'HP-2027-0001',
      fields('Opplæring i mottak', 'asac', '2027-06-11'),
      'udi',
      at,
    );
    const reported = applyReport(
      newMeasure('m-2', 'HP-2027-0002', fields('Veileder', 'asac', '2027-09-30'), 'udi', at),
      'delayed',
      'Venter på høring',
      'asac',
      at,
    );
    if (!reported.ok) throw new Error('refused');
    const done = applyReport(
      newMeasure('m-3', 'HP-2027-0003', fields('Ferdig', 'asac', '2027-03-01'), 'udi', at),
      'done',
      'Ferdig',
      'asac',
      at,
    );
    if (!done.ok) throw new Error('refused');
    const closed = closeMeasure(
      newMeasure('m-4', 'HP-2027-0004', fields('Lukket', 'asac', '2027-03-01'), 'udi', at),
      'udi',
      at,
    );
    const others = newMeasure('m-5', 'HP-2027-0005', fields('Annen eier', 'asa', '2027-06-30'), 'udi', at);
    await store.run(async (uow) => {
      for (const p of PEOPLE) await uow.people.put(p);
      for (const m of [open, reported.measure, done.measure, closed, others]) await measuresIn(uow).put(m);
    });

    const overview = await buildOverview(app, 'asac');
    const rows = overview.queue.filter((r) => r.kind === 'measure');
    expect(rows.map((r) => [r.reference, r.state, r.title])).to.deep.equal([
      ['HP-2027-0001', 'not-started', 'Opplæring i mottak'],
      ['HP-2027-0002', 'delayed', 'Veileder'],
    ]);
    expect(rows[0]).to.deep.include({
      department: 'ASA',
      overdue: true,
      deadline: '2027-06-11T21:59:59.999Z',
    });
    const udi = await buildOverview(app, 'udi');
    expect(
      udi.queue.filter((r) => r.kind === 'measure'),
      'not on the UDI coordinator’s own queue',
    ).to.deep.equal([]);
  });
});
