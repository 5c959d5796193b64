import type { Person } from '../domain/roster.js';

/**
 * Demo roster for local development with the Microsoft 365 Agents Playground (DEMO_ROSTER=true).
 * It gives the Playground's default people (see .m365agentsplayground.yml) the network's roles so
 * that every flow can be tried without a Teams tenant. Never seed this into a real tenant's data.
 */

/** The tenant id the Playground sends in `conversation.tenantId` and `channelData.tenant.id`. */
export const PLAYGROUND_TENANT_ID = '00000000-0000-0000-0000-0000000000001';

/** When every demo person got their roles: fixed, so that seeded data is the same on every run. */
const DEMO_SINCE = '2024-01-01T00:00:00.000Z';

/**
 * The demo network members, keyed by the Playground users' aadObjectIds.
 * Alex: UDI coordinator and admin; Megan, Adele, Isaiah: OPA, ASA and RMA coordinators;
 * Patti: contact person in OPA Family Immigration and at Regional Office East (so the regional
 * check-ins and the ROSA priority notices can be tried). Lynne is left out on purpose (see
 * DEMO_NON_MEMBER).
 */
export const DEMO_PEOPLE: readonly Person[] = [
  {
    aadObjectId: '00000000-0000-0000-0000-0000000000020',
    displayName: 'Alex Wilber',
    roles: [{ kind: 'coordinator', department: 'AUA' }, { kind: 'admin' }],
    since: DEMO_SINCE,
  },
  {
    aadObjectId: '00000000-0000-0000-0000-0000000000021',
    displayName: 'Megan Bowen',
    roles: [{ kind: 'coordinator', department: 'OPA' }],
    since: DEMO_SINCE,
  },
  {
    aadObjectId: '00000000-0000-0000-0000-0000000000022',
    displayName: 'Adele Vance',
    roles: [{ kind: 'coordinator', department: 'ASA' }],
    since: DEMO_SINCE,
  },
  {
    aadObjectId: '00000000-0000-0000-0000-0000000000023',
    displayName: 'Isaiah Langer',
    roles: [{ kind: 'coordinator', department: 'RMA' }],
    since: DEMO_SINCE,
  },
  {
    aadObjectId: '00000000-0000-0000-0000-0000000000024',
    displayName: 'Patti Fernandez',
    roles: [
      { kind: 'contact', department: 'OPA', unitId: 'opa-family' },
      { kind: 'contact', department: 'RMA', unitId: 'rma-region-east' },
    ],
    since: DEMO_SINCE,
  },
];

/** The Playground user who is deliberately not in the roster, to try asking to join. */
export const DEMO_NON_MEMBER: { readonly aadObjectId: string; readonly displayName: string } = {
  aadObjectId: '00000000-0000-0000-0000-0000000000025',
  displayName: 'Lynne Robbins',
};
