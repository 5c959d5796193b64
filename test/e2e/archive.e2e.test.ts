/**
 * The archive end to end (issue 9): the real bot started on a data dir holding requests settled
 * longer than ARCHIVE_AFTER_HOURS ago moves them to `archive/` before it serves, and still shows them
 * where people look for them: the asker's "mine saker", the UDI coordinator's closed principled
 * questions. Answered requests wait for the asker only: no department counts them as open.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { DEFAULT_UNITS } from '../../src/domain/default-units.js';
import type { GuidanceRequest } from '../../src/features/guidance/guidance-requests.js';
import { emptyDocument } from '../../src/store/schema.js';
import { guidanceRequest } from '../store/fixtures/sample-data.js';
import { textOf } from '../support/card-inspect.js';
import { STORE_PARTS } from '../support/features.js';
import { readStoredDocument } from '../support/stored-document.js';
import { user } from '../support/teams-activities.js';
import { listRows, member, type Session, startSession } from '../support/ux.js';

const udi = user(1, 'Kari UDI');
const opa = user(2, 'Ola OPA');
const asker = user(4, 'Rita Region');
const roster = [
  member(udi, [{ kind: 'coordinator', department: 'AUA' }]),
  member(opa, [{ kind: 'coordinator', department: 'OPA' }]),
  member(asker, [{ kind: 'contact', department: 'RMA', unitId: 'rma-region-east' }]),
];

/** The bot's clock: Tuesday 24 November 2026, 09:00 UTC. */
const NOW = '2026-11-24T09:00:00.000Z';

/** A request of the asker's, held by OPA's coordinator, in `state` since `updatedAt`. */
function request(
  n: number,
  createdAt: string,
  state: GuidanceRequest['state'],
  updatedAt: string,
  changes: Partial<GuidanceRequest> = {},
): GuidanceRequest {
  return guidanceRequest(`req-${n}`, asker.aadObjectId, createdAt, {
    reference: `V-2026-01${n}`,
    question: `Spørsmål ${n}`,
    assignee: opa.aadObjectId,
    dueDate: '2026-12-15',
    state,
    updatedAt,
    ...(state === 'closed' ? { closedAt: updatedAt } : {}),
    ...(state === 'answered' ? { answeredAt: updatedAt } : {}),
    ...changes,
  });
}

const REQUESTS = {
  // Settled more than 24 hours ago: archived at start.
  closedPrincipled: request(1, '2026-11-02T10:00:00.000Z', 'closed', '2026-11-10T10:00:00.000Z', {
    principled: true,
  }),
  closed: request(2, '2026-11-03T10:00:00.000Z', 'closed', '2026-11-11T10:00:00.000Z'),
  answered: request(3, '2026-11-04T10:00:00.000Z', 'answered', '2026-11-12T10:00:00.000Z'),
  // Answered an hour ago: stays in the data file (the asker may still follow up).
  answeredToday: request(4, '2026-11-05T10:00:00.000Z', 'answered', '2026-11-24T08:00:00.000Z'),
  // Open: stays.
  open: request(5, '2026-11-20T10:00:00.000Z', 'open', '2026-11-20T10:00:00.000Z'),
};
const ARCHIVED = [REQUESTS.closedPrincipled, REQUESTS.closed, REQUESTS.answered];

function dataFile(): string {
  const document = emptyDocument(DEFAULT_UNITS, STORE_PARTS);
  for (const person of roster) document.people[person.aadObjectId] = person;
  document.items.guidance = Object.fromEntries(Object.values(REQUESTS).map((r) => [r.id, r]));
  return JSON.stringify(document);
}

describe('the archive, end to end (issue 9)', () => {
  let s: Session;
  beforeEach(async () => {
    s = await startSession({ roster: [], greet: [], at: NOW, dataFile });
  });
  afterEach(async () => {
    await s.close();
  });

  it('archives what settled before it serves, and still shows it in "mine saker" and the UDI overview', async () => {
    // Moved before the first activity: the data file keeps only what has not settled.
    const archivedAt = s.h.logs.findIndex((line) => line.event === 'store.archived');
    expect(s.h.logs[archivedAt]).to.include({ items: ARCHIVED.length });
    expect(archivedAt).to.be.below(s.h.logs.findIndex((line) => line.msg === 'listening'));
    // The scheduler's first round (at start) found nothing left to move.
    expect(s.h.logs.filter((line) => line.task === 'store-archive')).to.deep.equal([]);
    const hot = await readStoredDocument(s.h.dataDir);
    expect(Object.keys(hot.items.guidance).sort()).to.deep.equal(
      [REQUESTS.answeredToday.id, REQUESTS.open.id].sort(),
    );
    expect((await readdir(join(s.h.dataDir, 'archive'))).sort()).to.deep.equal([
      'guidance-2026-11.index.json',
      'guidance-2026-11.json',
    ]);

    // The asker's list shows every request, newest first, the archived ones too.
    const mine = listRows(await s.say(asker, 'mine saker'));
    const newestFirst = [
      REQUESTS.open,
      REQUESTS.answeredToday,
      REQUESTS.answered,
      REQUESTS.closed,
      REQUESTS.closedPrincipled,
    ];
    expect(mine).to.have.length(newestFirst.length);
    for (const [i, r] of newestFirst.entries()) expect(mine[i], r.id).to.include(r.reference);

    // The UDI coordinator's overview lists the closed principled question.
    const overview = textOf(await s.say(udi, 'kø'));
    expect(overview).to.include(REQUESTS.closedPrincipled.reference);
    expect(overview).not.to.include(REQUESTS.closed.reference);
    // Answered requests (archived or not) are in nobody's queue and no department counts them as open.
    expect(overview).to.include(REQUESTS.open.reference);
    for (const r of [REQUESTS.answered, REQUESTS.answeredToday]) expect(overview).not.to.include(r.reference);
    expect(overview).to.include('Oppholdsavdelingen (OPA)\n1 åpen · 0 over fristen');
    const queue = textOf(await s.say(opa, 'kø'));
    expect(queue).to.include(REQUESTS.open.reference);
    for (const r of [REQUESTS.answered, REQUESTS.answeredToday, REQUESTS.closed])
      expect(queue).not.to.include(r.reference);
  });
});
