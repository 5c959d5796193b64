import { expect } from 'chai';
import type { Person, Role } from '../../../src/domain/roster.js';
import { authorizeAgenda, curatedDepartments } from '../../../src/features/agenda/agenda-policy.js';

const person = (aadObjectId: string, ...roles: Role[]): Person => ({
  aadObjectId,
  displayName: aadObjectId,
  roles,
  since: '2026-01-01T00:00:00.000Z',
});
const udi = person('udi', { kind: 'coordinator', department: 'AUA' });
const auaDeputy = person('aua-dep', { kind: 'deputy', department: 'AUA' });
const opa = person('opa', { kind: 'coordinator', department: 'OPA' });
const opaDeputy = person('opa-dep', { kind: 'deputy', department: 'OPA' });
const contact = person('east', { kind: 'contact', department: 'RMA', unitId: 'rma-region-east' });
const admin = person('admin', { kind: 'admin' });
const opaItem = { department: 'OPA' as const };
const asaItem = { department: 'ASA' as const };

describe('agenda policy', () => {
  it('every member raises items; an administrator alone or a stranger does not', () => {
    for (const who of [udi, opa, contact])
      expect(authorizeAgenda(who, { kind: 'agenda.submit' }).allowed).to.equal(true);
    expect(authorizeAgenda(admin, { kind: 'agenda.submit' })).to.deep.equal({
      allowed: false,
      reason: 'not-member',
    });
    expect(authorizeAgenda(undefined, { kind: 'agenda.submit' })).to.deep.equal({
      allowed: false,
      reason: 'not-member',
    });
  });

  it('the UDI coordinator and AUA’s deputy curate every item; a department coordinator or deputy only their department’s', () => {
    for (const who of [udi, auaDeputy]) {
      expect(authorizeAgenda(who, { kind: 'agenda.curate', item: asaItem }).allowed).to.equal(true);
      expect(curatedDepartments(who)).to.deep.equal(['AUA', 'OPA', 'ASA', 'RMA']);
    }
    for (const who of [opa, opaDeputy]) {
      expect(authorizeAgenda(who, { kind: 'agenda.curate', item: opaItem }).allowed).to.equal(true);
      expect(authorizeAgenda(who, { kind: 'agenda.curate', item: asaItem })).to.deep.equal({
        allowed: false,
        reason: 'not-authorized',
      });
      expect(curatedDepartments(who)).to.deep.equal(['OPA']);
    }
  });

  it('a contact person curates nothing and has no backlog', () => {
    expect(authorizeAgenda(contact, { kind: 'agenda.curate', item: { department: 'RMA' } })).to.deep.equal({
      allowed: false,
      reason: 'not-authorized',
    });
    expect(authorizeAgenda(contact, { kind: 'agenda.backlog' }).allowed).to.equal(false);
    expect(authorizeAgenda(opa, { kind: 'agenda.backlog' }).allowed).to.equal(true);
  });

  it('whoever curates a department exports the record; a contact person, an administrator alone or a stranger does not', () => {
    for (const who of [udi, auaDeputy, opa, opaDeputy])
      expect(authorizeAgenda(who, { kind: 'agenda.export' }).allowed, who.aadObjectId).to.equal(true);
    expect(authorizeAgenda(contact, { kind: 'agenda.export' })).to.deep.equal({
      allowed: false,
      reason: 'not-authorized',
    });
    expect(authorizeAgenda(admin, { kind: 'agenda.export' })).to.deep.equal({
      allowed: false,
      reason: 'not-member',
    });
    expect(authorizeAgenda(undefined, { kind: 'agenda.export' }).allowed).to.equal(false);
  });

  it('the submitter edits their own item until it is curated', () => {
    expect(
      authorizeAgenda(contact, { kind: 'agenda.editOwn', item: { createdBy: 'east', state: 'submitted' } })
        .allowed,
    ).to.equal(true);
    expect(
      authorizeAgenda(contact, { kind: 'agenda.editOwn', item: { createdBy: 'east', state: 'accepted' } })
        .allowed,
    ).to.equal(false);
    expect(
      authorizeAgenda(opa, { kind: 'agenda.editOwn', item: { createdBy: 'east', state: 'submitted' } })
        .allowed,
    ).to.equal(false);
  });

  it('a follow-up action is closed by its owner or by a curator of its item', () => {
    const close = (who: Person, department: 'OPA' | 'ASA') =>
      authorizeAgenda(who, { kind: 'agenda.closeAction', owner: 'east', item: { department } }).allowed;
    expect(close(contact, 'ASA')).to.equal(true);
    expect(close(opa, 'OPA')).to.equal(true);
    expect(close(opa, 'ASA')).to.equal(false);
    expect(close(udi, 'ASA')).to.equal(true);
  });
});
