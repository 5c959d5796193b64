import { expect } from 'chai';
import { DEFAULT_UNITS } from '../../../src/domain/default-units.js';
import {
  decideJoinRequest,
  newJoinRequest,
  parseRequestedRole,
  wasBootstrapped,
} from '../../../src/features/join/join-requests.js';

describe('join requests', () => {
  describe('parseRequestedRole', () => {
    const parse = (input: Record<string, unknown>) => parseRequestedRole(input, DEFAULT_UNITS);

    it('accepts a coordinator or deputy with a department', () => {
      expect(parse({ role: 'coordinator', department: 'ASA' })).to.deep.equal({
        ok: true,
        value: { kind: 'coordinator', department: 'ASA' },
      });
      expect(parse({ role: 'deputy', department: 'AUA' })).to.deep.equal({
        ok: true,
        value: { kind: 'deputy', department: 'AUA' },
      });
    });
    it('accepts a contact person with a unit of the same department', () => {
      expect(parse({ role: 'contact', department: 'RMA', unitId: 'rma-region-east' })).to.deep.equal({
        ok: true,
        value: { kind: 'contact', department: 'RMA', unitId: 'rma-region-east' },
      });
    });
    it('refuses what the form cannot honestly mean', () => {
      expect(parse({})).to.deep.equal({ ok: false, error: 'missing-role' });
      expect(parse({ role: 'admin', department: 'AUA' })).to.deep.equal({ ok: false, error: 'missing-role' });
      expect(parse({ role: 'coordinator' })).to.deep.equal({ ok: false, error: 'missing-department' });
      expect(parse({ role: 'coordinator', department: 'XYZ' })).to.deep.equal({
        ok: false,
        error: 'unknown-department',
      });
      // A contact person's department follows from the unit, whatever the department field says.
      expect(parse({ role: 'contact', department: 'AUA', unitId: 'opa-family' })).to.deep.equal({
        ok: true,
        value: { kind: 'contact', department: 'OPA', unitId: 'opa-family' },
      });
      expect(parse({ role: 'contact', department: 'OPA' })).to.deep.equal({
        ok: false,
        error: 'missing-unit',
      });
      // Without a unit, the unit is what is missing, even with no department either.
      expect(parse({ role: 'contact', department: '', unitId: '' })).to.deep.equal({
        ok: false,
        error: 'missing-unit',
      });
      expect(parse({ role: 'contact', department: 'ASA', unitId: 'no-such-unit' })).to.deep.equal({
        ok: false,
        error: 'unknown-unit',
      });
      expect(parse({ role: 'contact', department: 'OPA', unitId: { id: 'opa-family' } })).to.deep.equal({
        ok: false,
        error: 'missing-unit',
      });
    });
    it('does not offer retired units', () => {
      const units = DEFAULT_UNITS.map((u) => (u.id === 'opa-family' ? { ...u, retired: true } : u));
      expect(
        parseRequestedRole({ role: 'contact', department: 'OPA', unitId: 'opa-family' }, units),
      ).to.deep.equal({
        ok: false,
        error: 'unknown-unit',
      });
    });
  });

  describe('deciding', () => {
    const request = newJoinRequest({
      id: 'r1',
      reference: 'N-2026-0001',
      applicant: { aadObjectId: 'a', displayName: 'A' },
      role: { kind: 'coordinator', department: 'OPA' },
      at: '2026-11-24T10:00:00.000Z',
    });

    it('moves a pending request to approved or declined, with history', () => {
      const approved = decideJoinRequest(request, 'approve', 'udi', '2026-11-24T11:00:00.000Z');
      expect(approved.ok).to.equal(true);
      if (!approved.ok) return;
      expect(approved.value.state).to.equal('approved');
      expect(approved.value.decidedBy).to.equal('udi');
      expect(approved.value.history.at(-1)).to.deep.equal({
        at: '2026-11-24T11:00:00.000Z',
        by: 'udi',
        action: 'approve',
        from: 'pending',
        to: 'approved',
      });
      const declined = decideJoinRequest(request, 'decline', 'udi', '2026-11-24T11:00:00.000Z');
      expect(declined.ok && declined.value.state).to.equal('declined');
    });
    it('starts the history with the request, and records a bootstrap as such', () => {
      expect(request.history).to.deep.equal([
        { at: '2026-11-24T10:00:00.000Z', by: 'a', action: 'request', to: 'pending' },
      ]);
      expect(wasBootstrapped(request)).to.equal(false);
      const boot = decideJoinRequest(request, 'approve', 'a', '2026-11-24T10:00:00.000Z', 'bootstrap');
      if (!boot.ok) throw new Error('expected approval');
      expect(boot.value.history.at(-1)).to.deep.equal({
        at: '2026-11-24T10:00:00.000Z',
        by: 'a',
        action: 'bootstrap',
        from: 'pending',
        to: 'approved',
      });
      expect(wasBootstrapped(boot.value)).to.equal(true);
      const approved = decideJoinRequest(request, 'approve', 'udi', '2026-11-24T11:00:00.000Z');
      expect(approved.ok && wasBootstrapped(approved.value)).to.equal(false);
    });
    it('refuses to decide a request twice', () => {
      const approved = decideJoinRequest(request, 'approve', 'udi', '2026-11-24T11:00:00.000Z');
      if (!approved.ok) throw new Error('expected approval');
      expect(decideJoinRequest(approved.value, 'decline', 'opa', '2026-11-24T12:00:00.000Z')).to.deep.equal({
        ok: false,
        error: 'already-decided',
      });
    });
  });
});
