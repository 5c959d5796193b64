import { expect } from 'chai';
import { authorize as authorizeCore, type PolicyAction } from '../../src/domain/policy.js';
import type { Person, Role } from '../../src/domain/roster.js';
import { authorizeGuidance, type GuidancePolicyAction } from '../../src/features/guidance/guidance-policy.js';
import { type GuidanceRequest, newGuidanceRequest } from '../../src/features/guidance/guidance-requests.js';
import { authorizeJoin, type JoinPolicyAction, joinApprovers } from '../../src/features/join/join-policy.js';
import {
  type JoinRequest,
  newJoinRequest,
  type RequestedRole,
} from '../../src/features/join/join-requests.js';

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

/** The core's rules and each feature's, by the kind of action (every rule set on the same engine). */
type AnyAction = PolicyAction | JoinPolicyAction | GuidancePolicyAction;
const authorize = (actor: Person | undefined, action: AnyAction) =>
  action.kind.startsWith('join.')
    ? authorizeJoin(actor, action as JoinPolicyAction)
    : action.kind.startsWith('guidance.')
      ? authorizeGuidance(actor, action as GuidancePolicyAction)
      : authorizeCore(actor, action as PolicyAction);

const allowed = (actor: Person | undefined, action: AnyAction) => authorize(actor, action).allowed;

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
    it('refuses deciding your own request, administrators included', () => {
      const own = request({ kind: 'coordinator', department: 'OPA' }, 'opa');
      expect(authorize(opa, { kind: 'join.decide', request: own })).to.deep.equal({
        allowed: false,
        reason: 'own-request',
      });
      const adminsOwn = request({ kind: 'coordinator', department: 'AUA' }, 'admin');
      expect(authorize(admin, { kind: 'join.decide', request: adminsOwn })).to.deep.equal({
        allowed: false,
        reason: 'own-request',
      });
    });
  });

  it('lets anyone in the tenant ask to join and see the help card', () => {
    expect(allowed(undefined, { kind: 'join.request' })).to.equal(true);
    expect(allowed(undefined, { kind: 'help.view' })).to.equal(true);
  });

  it('shows someone their own card about an item again only if the item has a card of that view for them', () => {
    const item = {
      ...request({ kind: 'contact', department: 'OPA', unitId: 'opa-family' }),
      parties: [
        {
          to: { kind: 'person' as const, aadObjectId: 'newcomer' },
          cards: [{ version: 1, view: 'join-outcome' }],
        },
      ],
    };
    const show = (caller: string, view: string) =>
      authorize(undefined, { kind: 'item.showOwnCard', item, view, caller });
    expect(show('newcomer', 'join-outcome')).to.deep.equal({ allowed: true });
    expect(show('newcomer', 'join-approval')).to.deep.equal({ allowed: false, reason: 'not-authorized' });
    expect(show('opa', 'join-outcome')).to.deep.equal({ allowed: false, reason: 'not-authorized' });
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

  describe('guidance requests', () => {
    const udiDeputy = person('udi-deputy', { kind: 'deputy', department: 'AUA' });
    const asker = person('asker', { kind: 'contact', department: 'RMA', unitId: 'rma-region-east' });
    const opaFamily = person('opa-family', { kind: 'contact', department: 'OPA', unitId: 'opa-family' });
    const opaVisa = person('opa-visa', { kind: 'contact', department: 'OPA', unitId: 'opa-visa' });
    const adminCoordinator = person(
      'admin-opa',
      { kind: 'admin' },
      { kind: 'coordinator', department: 'OPA' },
    );
    const roster = [udi, opa, asa, opaDeputy, udiDeputy, asker, opaFamily, opaVisa, admin, adminCoordinator];

    const guidance = (assignee: string): GuidanceRequest => {
      const created = newGuidanceRequest({
        id: 'g1',
        reference: 'V-2026-0001',
        topicId: 'family-immigration',
        asker: 'asker',
        origin: 'internal',
        urgency: 'normal',
        question: 'A question',
        assignee,
        dueDate: '2026-11-27',
        at: '2026-11-24T10:00:00.000Z',
      });
      if (!created.ok) throw new Error('fixture');
      return created.value;
    };
    const act = (actor: Person | undefined, assignee: string) => {
      const request = guidance(assignee);
      return authorize(actor, {
        kind: 'guidance.act',
        request,
        assignee: roster.find((p) => p.aadObjectId === assignee),
      });
    };
    const ALLOWED = { allowed: true };
    const notAssignee = { allowed: false, reason: 'not-assignee' };

    describe('guidance.act (assignee side)', () => {
      it('lets the current assignee act', () => {
        expect(act(opaFamily, 'opa-family')).to.deep.equal(ALLOWED);
        expect(act(opa, 'opa')).to.deep.equal(ALLOWED);
      });
      it("lets the coordinator and deputy of the assignee's department act", () => {
        expect(act(opa, 'opa-family')).to.deep.equal(ALLOWED);
        expect(act(opaDeputy, 'opa-family')).to.deep.equal(ALLOWED);
        expect(act(opaDeputy, 'opa')).to.deep.equal(ALLOWED);
      });
      it('lets the UDI coordinator and their deputy act on any request', () => {
        expect(act(udi, 'opa-family')).to.deep.equal(ALLOWED);
        expect(act(udiDeputy, 'asa')).to.deep.equal(ALLOWED);
      });
      it('refuses the coordinator of another department', () => {
        expect(act(asa, 'opa-family')).to.deep.equal(notAssignee);
        expect(act(asa, 'opa')).to.deep.equal(notAssignee);
      });
      it("refuses other contact persons, even in the assignee's department", () => {
        expect(act(opaVisa, 'opa-family')).to.deep.equal(notAssignee);
      });
      it('refuses the asker on the assignee side', () => {
        expect(act(asker, 'opa-family')).to.deep.equal({ allowed: false, reason: 'own-question' });
      });
      it('refuses administrators unless their own roles allow it', () => {
        expect(act(admin, 'opa-family')).to.deep.equal(notAssignee);
        expect(act(adminCoordinator, 'opa-family')).to.deep.equal(ALLOWED);
      });
      it('refuses people outside the network', () => {
        expect(act(undefined, 'opa-family')).to.deep.equal({ allowed: false, reason: 'not-member' });
      });
      it('when the assignee has left the roster, only they and the UDI coordinator may act', () => {
        const request = guidance('gone');
        const decide = (actor: Person) =>
          authorize(actor, { kind: 'guidance.act', request, assignee: undefined });
        expect(decide(person('gone'))).to.deep.equal(ALLOWED);
        expect(decide(udi)).to.deep.equal(ALLOWED);
        expect(decide(opa)).to.deep.equal(notAssignee);
      });
      it("ignores an assignee record that is not the request's assignee", () => {
        const request = guidance('opa-family');
        expect(authorize(asa, { kind: 'guidance.act', request, assignee: asa })).to.deep.equal(notAssignee);
      });
    });

    describe('guidance.respond (asker side)', () => {
      const request = guidance('opa-family');
      it('lets only the asker respond', () => {
        expect(authorize(asker, { kind: 'guidance.respond', request })).to.deep.equal(ALLOWED);
        for (const p of [opaFamily, opa, opaDeputy, udi, udiDeputy, asa, opaVisa, admin])
          expect(authorize(p, { kind: 'guidance.respond', request }), p.aadObjectId).to.deep.equal({
            allowed: false,
            reason: 'not-asker',
          });
        expect(authorize(undefined, { kind: 'guidance.respond', request })).to.deep.equal({
          allowed: false,
          reason: 'not-member',
        });
      });
    });

    it('lets every network member and admins ask and see their queue', () => {
      for (const kind of ['guidance.ask', 'guidance.queue'] as const) {
        for (const p of [udi, opa, opaDeputy, opaFamily, asker, admin])
          expect(allowed(p, { kind }), kind).to.equal(true);
        expect(authorize(undefined, { kind })).to.deep.equal({ allowed: false, reason: 'not-member' });
      }
    });

    it('shows every request only to the UDI coordinator, their deputy and admins', () => {
      for (const p of [udi, udiDeputy, admin])
        expect(allowed(p, { kind: 'guidance.viewAll' })).to.equal(true);
      for (const p of [opa, opaDeputy, opaFamily])
        expect(authorize(p, { kind: 'guidance.viewAll' })).to.deep.equal({
          allowed: false,
          reason: 'not-authorized',
        });
      expect(authorize(undefined, { kind: 'guidance.viewAll' })).to.deep.equal({
        allowed: false,
        reason: 'not-member',
      });
    });
  });
});
