import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { load } from 'js-yaml';
import { DEMO_NON_MEMBER, DEMO_PEOPLE, PLAYGROUND_TENANT_ID } from '../../src/app/demo-roster.js';
import { PLAYGROUND_TENANT_ID as CONFIG_PLAYGROUND_TENANT_ID } from '../../src/config/config.js';
import { DEFAULT_UNITS } from '../../src/domain/default-units.js';
import {
  CONTACT_DEPARTMENTS,
  isAdmin,
  isCoordinatorOf,
  isNetworkMember,
  isUdiCoordinator,
} from '../../src/domain/roster.js';

interface PlaygroundUser {
  id: string;
  name: string;
  aadObjectId: string;
}

interface PlaygroundConfig {
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
  personalChat: { id: string };
  groupChat: { id: string };
  team: { id: string; channels: { id: string }[] };
}

function readPlaygroundConfig(): PlaygroundConfig {
  const text = readFileSync(new URL('../../.m365agentsplayground.yml', import.meta.url), 'utf8');
  return load(text) as PlaygroundConfig;
}

describe('demo roster', () => {
  const config = readPlaygroundConfig();
  const everyone = [config.currentUser, ...config.users];
  const byAadObjectId = new Map(everyone.map((user) => [user.aadObjectId, user]));

  describe('.m365agentsplayground.yml', () => {
    it('keeps the Playground default people, with Alex Wilber as the current user', () => {
      expect(config.currentUser).to.include({
        id: 'user-id-0',
        name: 'Alex Wilber',
        aadObjectId: '00000000-0000-0000-0000-0000000000020',
      });
      expect(config.users.map((user) => [user.name, user.aadObjectId])).to.deep.equal([
        ['Megan Bowen', '00000000-0000-0000-0000-0000000000021'],
        ['Adele Vance', '00000000-0000-0000-0000-0000000000022'],
        ['Isaiah Langer', '00000000-0000-0000-0000-0000000000023'],
        ['Patti Fernandez', '00000000-0000-0000-0000-0000000000024'],
        ['Lynne Robbins', '00000000-0000-0000-0000-0000000000025'],
      ]);
    });

    it('keeps the Playground default tenant, the one the configuration accepts by default', () => {
      expect(config.tenantId).to.equal(PLAYGROUND_TENANT_ID);
      expect(PLAYGROUND_TENANT_ID).to.equal(CONFIG_PLAYGROUND_TENANT_ID);
    });

    it('passes the Playground checks: five other users, unique user and conversation ids', () => {
      expect(config.users).to.have.length(5);
      const userIds = everyone.map((user) => user.id);
      expect(new Set(userIds).size).to.equal(userIds.length);
      const conversationIds = [
        config.personalChat.id,
        config.groupChat.id,
        config.team.id,
        ...config.team.channels.map((channel) => channel.id),
      ];
      expect(new Set(conversationIds).size).to.equal(conversationIds.length);
      expect(config.bot.name.length).to.be.at.most(42);
    });
  });

  describe('DEMO_PEOPLE', () => {
    it('uses the Playground people, with their Playground names', () => {
      for (const person of DEMO_PEOPLE) {
        const user = byAadObjectId.get(person.aadObjectId);
        expect(user, person.displayName).to.not.equal(undefined);
        expect(person.displayName).to.equal(user?.name);
      }
      const ids = DEMO_PEOPLE.map((person) => person.aadObjectId);
      expect(new Set(ids).size).to.equal(ids.length);
    });

    it('has exactly one UDI coordinator, Alex, who is also an admin', () => {
      const udiCoordinators = DEMO_PEOPLE.filter((person) => isUdiCoordinator(person));
      expect(udiCoordinators.map((person) => person.aadObjectId)).to.deep.equal([
        config.currentUser.aadObjectId,
      ]);
      expect(isAdmin(udiCoordinators[0])).to.equal(true);
    });

    it('has exactly one coordinator for each of OPA, ASA and RMA', () => {
      for (const department of CONTACT_DEPARTMENTS) {
        const coordinators = DEMO_PEOPLE.filter((person) => isCoordinatorOf(person, department));
        expect(coordinators, department).to.have.length(1);
      }
    });

    it('places contact persons in active default units of their own department', () => {
      const contacts = DEMO_PEOPLE.flatMap((person) => person.roles).filter(
        (role) => role.kind === 'contact',
      );
      expect(contacts).to.deep.equal([
        { kind: 'contact', department: 'OPA', unitId: 'opa-family' },
        { kind: 'contact', department: 'RMA', unitId: 'rma-region-east' },
      ]);
      for (const role of contacts) {
        const unit = DEFAULT_UNITS.find((candidate) => candidate.id === role.unitId);
        expect(unit, role.unitId).to.not.equal(undefined);
        expect(unit?.department).to.equal(role.department);
        expect(unit?.retired ?? false).to.equal(false);
      }
    });

    it('gives every person a fixed ISO start date', () => {
      for (const person of DEMO_PEOPLE) {
        expect(new Date(person.since).toISOString(), person.displayName).to.equal(person.since);
      }
    });

    it('makes every demo person a network member, not just an admin', () => {
      for (const person of DEMO_PEOPLE) expect(isNetworkMember(person), person.displayName).to.equal(true);
    });
  });

  describe('DEMO_NON_MEMBER', () => {
    it('is Lynne Robbins from the Playground, and not in the roster', () => {
      expect(byAadObjectId.get(DEMO_NON_MEMBER.aadObjectId)?.name).to.equal('Lynne Robbins');
      expect(DEMO_NON_MEMBER.displayName).to.equal('Lynne Robbins');
      const inRoster = DEMO_PEOPLE.find((person) => person.aadObjectId === DEMO_NON_MEMBER.aadObjectId);
      expect(inRoster).to.equal(undefined);
      expect(isNetworkMember(inRoster)).to.equal(false);
    });

    it('leaves no Playground person unaccounted for', () => {
      const accounted = [...DEMO_PEOPLE.map((person) => person.aadObjectId), DEMO_NON_MEMBER.aadObjectId];
      expect([...accounted].sort()).to.deep.equal(everyone.map((user) => user.aadObjectId).sort());
    });
  });
});
