/**
 * The meetings unit tests' world: a memory store with the meetings' store part, a small roster (the
 * UDI coordinator, OPA's coordinator and a contact person at Region East; RMA's coordinator when
 * asked for), an app context on a clock the test moves, and readers of what was queued.
 */
import { createAppContext } from '../../../src/app/context.js';
import type { FeatureSettings } from '../../../src/config/feature-settings.js';
import type { Person, Role } from '../../../src/domain/roster.js';
import type { MeetingSeries } from '../../../src/features/meetings/meeting-series.js';
import { MEETINGS_STORE, meetingsIn } from '../../../src/features/meetings/meeting-store.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import type { UnitOfWork } from '../../../src/store/store.js';
import { combineStoreParts } from '../../../src/store/store-parts.js';

export const person = (aadObjectId: string, ...roles: Role[]): Person => ({
  aadObjectId,
  displayName: aadObjectId,
  roles,
  since: '2026-01-01T00:00:00.000Z',
});

/** A caller as the Teams layer hands one to a use case. */
export const caller = (aadObjectId: string) => ({ aadObjectId, displayName: aadObjectId });

export const UDI = person('udi', { kind: 'coordinator', department: 'AUA' });
export const OPA = person('opa', { kind: 'coordinator', department: 'OPA' });
export const RMA = person('rma', { kind: 'coordinator', department: 'RMA' });
export const EAST = person('east', { kind: 'contact', department: 'RMA', unitId: 'rma-region-east' });

export async function meetingWorld(
  options: {
    start?: string;
    people?: readonly Person[];
    series?: readonly MeetingSeries[];
    settings?: ReadonlyMap<FeatureSettings<unknown>, unknown>;
    idPrefix?: string;
  } = {},
) {
  const store = createMemoryStore(undefined, { parts: combineStoreParts([MEETINGS_STORE]) });
  await store.run(async (uow) => {
    for (const p of options.people ?? [UDI, OPA, EAST]) await uow.people.put(p);
    for (const s of options.series ?? []) await meetingsIn(uow).putSeries(s);
  });
  let now = new Date(options.start ?? '2026-12-01T10:00:00.000Z');
  let n = 0;
  const app = createAppContext({
    store,
    adminAadObjectIds: [],
    now: () => now,
    newId: () => `${options.idPrefix ?? 'id'}${++n}`,
    ...(options.settings ? { settings: options.settings } : {}),
  });
  return {
    app,
    store,
    run: <T>(work: (uow: UnitOfWork) => Promise<T>) => store.run(work),
    at: (iso: string) => {
      now = new Date(iso);
    },
    pending: () => store.read((uow) => uow.outbox.listPending()),
  };
}
