import { expect } from 'chai';
import { type JoinRequest, newJoinRequest, type RequestedRole } from '../../src/domain/join-requests.js';
import { authorize, joinApprovers, type PolicyAction } from '../../src/domain/policy.js';
import type { Person, Role } from '../../src/domain/roster.js';

const person = (id: string, ...roles: Role[]): Person => ({
  aadObjectId: id,
  displayName: id,
  roles,
  since: '2026-01-01',
});

const udi = person('udi', { kind: 'coordinator', department: 'AUA' });
const opa = person('opa', { kind: 'coordinator', department: 'OPA' });
const asa = person('asa', { kind: 'coordinator', department: 'ASA' });
const opaDeputy = person('opa-deputy', { kind: 'deputy', department: 'OPA' });
const contact = person('contact', { kind: 'contact', department: 'OPA', unitId: 'opa-family' });
const admin = person('admin', { kind: 'admin' });

const request = (role: RequestedRole, applicant = 'newcomer'): JoinRequest =>
  newJoinRequest({
    id: 'r1',
    reference: 'N-2026-0001',
    applicant: { aadObjectId: applicant, displayName: applicant },
    role,
    at: '2026-11-24T10:00:00.000Z',
  });

const allowed = (actor: Person | undefined, action: PolicyAction) => authorize(actor, action).allowed;

describe('policy', () => {
  describe('join.decide', () => {
    const opaContact = request({ kind: 'contact', department: 'OPA', unitId: 'opa-family' });
    const udiRole = request({ kind: 'coordinator', department: 'AUA' });

    it('lets the UDI coordinator decide any request', () => {
      expect(allowed(udi, { kind: 'join.decide', request: opaContact })).to.equal(true);
      expect(allowed(udi, { kind: 'join.decide', request: udiRole })).to.equal(true);
    });
    it("lets a department's coordinator decide requests for their own department only", () => {
      expect(allowed(opa, { kind: 'join.decide', request: opaContact })).to.equal(true);
      expect(authorize(asa, { kind: 'join.decide', request: opaContact })).to.deep.equal({
        allowed: false,
        reason: 'not-authorized',
      });
      expect(allowed(opa, { kind: 'join.decide', request: udiRole })).to.equal(false);
    });
    it('refuses deputies, contact persons and people outside the network', () => {
      expect(allowed(opaDeputy, { kind: 'join.decide', request: opaContact })).to.equal(false);
      expect(allowed(contact, { kind: 'join.decide', request: opaContact })).to.equal(false);
      expect(authorize(undefined, { kind: 'join.decide', request: opaContact })).to.deep.equal({
        allowed: false,
        reason: 'not-member',
      });
    });
    it('refuses deciding your own request, except for administrators', () => {
      const own = request({ kind: 'coordinator', department: 'OPA' }, 'opa');
      expect(authorize(opa, { kind: 'join.decide', request: own })).to.deep.equal({
        allowed: false,
        reason: 'own-request',
      });
      const adminsOwn = request({ kind: 'coordinator', department: 'AUA' }, 'admin');
      expect(allowed(admin, { kind: 'join.decide', request: adminsOwn })).to.equal(true);
    });
  });

  it('lets anyone in the tenant ask to join and see the help card', () => {
    expect(allowed(undefined, { kind: 'join.request' })).to.equal(true);
    expect(allowed(undefined, { kind: 'help.view' })).to.equal(true);
  });

  it('shows the member list to members and admins only', () => {
    expect(allowed(contact, { kind: 'members.view' })).to.equal(true);
    expect(allowed(admin, { kind: 'members.view' })).to.equal(true);
    expect(allowed(undefined, { kind: 'members.view' })).to.equal(false);
  });

  it('lets coordinators, deputies and admins set the network channel', () => {
    for (const p of [udi, opa, opaDeputy, admin])
      expect(allowed(p, { kind: 'channel.setNetwork' })).to.equal(true);
    expect(authorize(contact, { kind: 'channel.setNetwork' })).to.deep.equal({
      allowed: false,
      reason: 'not-authorized',
    });
    expect(authorize(undefined, { kind: 'channel.setNetwork' })).to.deep.equal({
      allowed: false,
      reason: 'not-member',
    });
  });

  it('lets only admins and the UDI coordinator edit units', () => {
    expect(allowed(admin, { kind: 'units.edit' })).to.equal(true);
    expect(allowed(udi, { kind: 'units.edit' })).to.equal(true);
    expect(allowed(opa, { kind: 'units.edit' })).to.equal(false);
  });

  describe('joinApprovers', () => {
    const everyone = [udi, opa, asa, opaDeputy, contact, admin];
    const ids = (people: Person[]) => people.map((p) => p.aadObjectId).sort();

    it("asks the UDI coordinator and the department's coordinator", () => {
      const r = request({ kind: 'contact', department: 'OPA', unitId: 'opa-family' });
      expect(ids(joinApprovers(r, everyone))).to.deep.equal(['opa', 'udi']);
    });
    it('asks only the UDI coordinator for an AUA role', () => {
      expect(ids(joinApprovers(request({ kind: 'coordinator', department: 'AUA' }), everyone))).to.deep.equal(
        ['udi'],
      );
    });
    it('never asks the applicant', () => {
      const r = request({ kind: 'deputy', department: 'OPA' }, 'opa');
      expect(ids(joinApprovers(r, everyone))).to.deep.equal(['udi']);
    });
    it('falls back to the administrators in a network without coordinators', () => {
      const r = request({ kind: 'coordinator', department: 'AUA' });
      expect(ids(joinApprovers(r, [contact, admin]))).to.deep.equal(['admin']);
    });
  });
});
