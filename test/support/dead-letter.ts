/**
 * A dead letter as the outbox holds one: a join request decided for `applicant`, and its outcome
 * card (a reference to the request, for the applicant) that failed after every attempt.
 */
import type { JoinRequest, RequestedRole } from '../../src/features/join/join-requests.js';
import type { UnitOfWork } from '../../src/store/store.js';

export async function putDeadLetter(
  uow: UnitOfWork,
  args: { id: string; applicant: string; reference: string; role: RequestedRole; decidedByName: string },
): Promise<void> {
  const at = new Date().toISOString();
  const party = `person:${args.applicant}`;
  const request: JoinRequest = {
    id: `join-${args.id}`,
    reference: args.reference,
    kind: 'join',
    state: 'approved',
    createdAt: at,
    createdBy: args.applicant,
    updatedAt: at,
    history: [{ at, by: args.applicant, action: 'request', to: 'pending' }],
    parties: [
      { to: { kind: 'person', aadObjectId: args.applicant }, cards: [{ version: 1, view: 'join-outcome' }] },
    ],
    cardVersion: 1,
    applicant: { aadObjectId: args.applicant, displayName: 'Applicant' },
    role: args.role,
    decidedBy: 'decider',
    decidedByName: args.decidedByName,
  };
  await uow.items.put(request);
  const m = await uow.outbox.enqueue(
    {
      recipient: { kind: 'person', aadObjectId: args.applicant },
      key: { item: request.id, party, version: 1 },
      subject: { kind: 'join', id: request.id },
      view: 'join-outcome',
    },
    at,
    args.id,
  );
  await uow.outbox.put({ ...m, state: 'failed', attempts: 8, lastError: '503' });
}
