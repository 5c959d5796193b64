import { expect } from 'chai';
import type { Person, Role } from '../../../src/domain/roster.js';
import { authorizeCheckins, rmaCoordinators } from '../../../src/features/checkins/checkin-policy.js';

const person = (aadObjectId: string, ...roles: Role[]): Person => ({
  aadObjectId,
  displayName: aadObjectId,
  roles,
  since: '2026-01-01T00:00:00.000Z',
});

const east = person('east', { kind: 'contact', department: 'RMA', unitId: 'rma-region-east' });
const west = person('west', { kind: 'contact', department: 'RMA', unitId: 'rma-region-west' });
const rma = person('rma', { kind: 'coordinator', department: 'RMA' });
const rmaDeputy = person('rma-dep', { kind: 'deputy', department: 'RMA' });
const udi = person('udi', { kind: 'coordinator', department: 'AUA' });
const udiDeputy = person('udi-dep', { kind: 'deputy', department: 'AUA' });
const asa = person('asa', { kind: 'coordinator', department: 'ASA' });
const admin = person('admin', { kind: 'admin' });

describe('check-in policy', () => {
  it('only a contact person of the region answers its check-in', () => {
    const submit = { kind: 'checkin.submit' as const, unitId: 'rma-region-east' };
    expect(authorizeCheckins(east, submit).allowed).to.equal(true);
    for (const other of [west, rma, rmaDeputy, udi, asa])
      expect(authorizeCheckins(other, submit), other.aadObjectId).to.deep.equal({
        allowed: false,
        reason: 'not-authorized',
      });
    expect(authorizeCheckins(undefined, submit)).to.deep.equal({ allowed: false, reason: 'not-member' });
    expect(authorizeCheckins(admin, submit)).to.deep.equal({ allowed: false, reason: 'not-member' });
    // A deputy who is also a contact person of the region answers as its contact person.
    const both = person('both', { kind: 'deputy', department: 'ASA' }, ...east.roles);
    expect(authorizeCheckins(both, submit).allowed).to.equal(true);
  });

  it('the digest and overview: RMA’s coordinator or deputy and the UDI coordinator', () => {
    const allowed = [rma, rmaDeputy, udi].map(
      (p) => authorizeCheckins(p, { kind: 'checkin.digest' }).allowed,
    );
    expect(allowed).to.deep.equal([true, true, true]);
    for (const other of [east, asa, udiDeputy])
      expect(authorizeCheckins(other, { kind: 'checkin.digest' }).allowed, other.aadObjectId).to.equal(false);
  });

  it('sending on to the agenda: RMA’s coordinator or deputy', () => {
    const allowed = [rma, rmaDeputy, udi, east].map(
      (p) => authorizeCheckins(p, { kind: 'checkin.toAgenda' }).allowed,
    );
    expect(allowed).to.deep.equal([true, true, false, false]);
  });

  it('RMA’s coordinator is told; RMA’s deputies when it has none', () => {
    expect(rmaCoordinators([east, rma, rmaDeputy, udi]).map((p) => p.aadObjectId)).to.deep.equal(['rma']);
    expect(rmaCoordinators([east, rmaDeputy, udi]).map((p) => p.aadObjectId)).to.deep.equal(['rma-dep']);
    expect(rmaCoordinators([east, udi])).to.deep.equal([]);
  });
});
