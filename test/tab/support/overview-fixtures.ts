/** Canned answers of GET /api/tab/overview for the browser tests (until the real server serves them). */
import type { OverviewResponse } from '../../../src/features/overview/overview-model.js';

export const GENERATED_AT = '2026-12-02T09:00:00.000Z';

/** The UDI coordinator (also an admin): every section. */
export const COORDINATOR_OVERVIEW: OverviewResponse = {
  generatedAt: GENERATED_AT,
  viewer: {
    displayName: 'Kari Nordmann',
    isMember: true,
    isCoordinator: true,
    isAdmin: true,
    roles: [{ department: 'AUA', kind: 'coordinator' }],
  },
  queue: [
    {
      id: 'g-12',
      kind: 'guidance',
      reference: 'V-2026-0012',
      state: 'in-progress',
      title: 'Spørsmål om refleksjonsperiode for søker i mottak',
      department: 'OPA',
      waitingSince: '2026-11-27T08:15:00.000Z',
      deadline: '2026-12-01T15:00:00.000Z',
      urgent: true,
      overdue: true,
    },
    {
      id: 'a-7',
      kind: 'agenda',
      reference: 'S-2026-0007',
      state: 'submitted',
      title: 'Rutine for varsling mellom avdelingene',
      department: 'ASA',
      waitingSince: '2026-11-30T13:00:00.000Z',
      deadline: '2026-12-04T15:00:00.000Z',
      urgent: false,
      overdue: false,
    },
    {
      id: 'n-3',
      kind: 'notice',
      reference: 'P-2026-0003',
      state: 'sent',
      department: 'RMA',
      waitingSince: '2026-12-02T07:40:00.000Z',
      urgent: true,
      overdue: false,
    },
  ],
  network: {
    counts: [
      { department: 'AUA', open: 2, overdue: 0 },
      { department: 'OPA', open: 5, overdue: 2 },
      { department: 'ASA', open: 3, overdue: 1 },
      { department: 'RMA', open: 4, overdue: 0 },
    ],
    rows: [
      {
        id: 'g-9',
        kind: 'guidance',
        reference: 'V-2026-0009',
        state: 'open',
        department: 'OPA',
        waitingSince: '2026-11-20T10:00:00.000Z',
        deadline: '2026-11-25T15:00:00.000Z',
        urgent: false,
        overdue: true,
      },
      {
        id: 'act-4',
        kind: 'action',
        reference: 'O-2026-0004',
        state: 'open',
        department: 'ASA',
        waitingSince: '2026-11-10T10:00:00.000Z',
        deadline: '2026-11-30T23:00:00.000Z',
        urgent: false,
        overdue: true,
      },
      {
        id: 'j-2',
        kind: 'join',
        reference: 'M-2026-0002',
        state: 'pending',
        department: 'RMA',
        waitingSince: '2026-12-01T12:30:00.000Z',
        urgent: false,
        overdue: false,
      },
    ],
  },
  meetings: {
    upcoming: [
      {
        id: 'm-1',
        forum: 'coordinators',
        title: 'Koordinatormøte desember',
        start: '2026-12-08T09:00:00.000Z',
        end: '2026-12-08T10:30:00.000Z',
        rsvp: { yes: 3, video: 1, no: 1, none: 2 },
      },
      {
        id: 'm-2',
        forum: 'network',
        title: 'Nettverksmøte',
        start: '2027-01-14T12:00:00.000Z',
        end: '2027-01-14T14:00:00.000Z',
        rsvp: { yes: 9, video: 3, no: 0, none: 12 },
      },
    ],
    nextAgenda: {
      meetingId: 'm-1',
      items: [
        { reference: 'S-2026-0005', title: 'Erfaringer fra Dublin-saker', minutes: 30, carriedOver: 1 },
        { reference: 'S-2026-0006', title: 'Opplæring av nye kontaktpersoner', minutes: 20, carriedOver: 0 },
        {
          reference: 'S-2026-0007',
          title: 'Rutine for varsling mellom avdelingene',
          minutes: 30,
          carriedOver: 0,
        },
      ],
      totalMinutes: 80,
      meetingMinutes: 90,
    },
  },
  checkins: {
    cycles: [
      { id: 'c-1', meetingStart: '2026-09-10T08:00:00.000Z' },
      { id: 'c-2', meetingStart: '2026-10-08T08:00:00.000Z' },
      { id: 'c-3', meetingStart: '2026-11-12T09:00:00.000Z' },
      { id: 'c-4', meetingStart: '2026-12-10T09:00:00.000Z' },
    ],
    regions: [
      {
        unitId: 'r-east',
        name: 'Region øst',
        marks: ['answered', 'answered', 'late', 'open'],
        caseCounts: [3, 2, 1, null],
      },
      {
        unitId: 'r-west',
        name: 'Region vest',
        marks: ['nothingNew', 'answered', 'answered', 'open'],
        caseCounts: [null, 1, 4, null],
      },
      {
        unitId: 'r-north',
        name: 'Region nord',
        marks: ['missing', 'nothingNew', 'missing', 'open'],
        caseCounts: [null, null, null, null],
      },
      {
        unitId: 'r-mid',
        name: 'Region midt',
        marks: ['noContact', 'noContact', 'answered', 'open'],
        caseCounts: [null, null, 2, null],
      },
    ],
  },
  delivery: { pending: 3, failed: 1, unreachable: 2, oldestPendingSince: '2026-12-02T08:20:00.000Z' },
};

/** A contact person: their queue and their meetings only. */
export const CONTACT_OVERVIEW: OverviewResponse = {
  generatedAt: GENERATED_AT,
  viewer: {
    displayName: 'Ola Hansen',
    isMember: true,
    isCoordinator: false,
    isAdmin: false,
    roles: [{ department: 'OPA', kind: 'contact' }],
  },
  queue: [
    {
      id: 'act-9',
      kind: 'action',
      reference: 'O-2026-0009',
      state: 'open',
      title: 'Send the updated checklist to the regional offices',
      department: 'OPA',
      waitingSince: '2026-11-29T09:00:00.000Z',
      deadline: '2026-12-03T15:00:00.000Z',
      urgent: false,
      overdue: false,
    },
  ],
  meetings: {
    upcoming: [
      {
        id: 'm-2',
        forum: 'network',
        title: 'Nettverksmøte',
        start: '2027-01-14T12:00:00.000Z',
        end: '2027-01-14T14:00:00.000Z',
        rsvp: { yes: 9, video: 3, no: 0, none: 12 },
      },
    ],
  },
};

/** Someone with nothing waiting (the kind empty-queue message). */
export const EMPTY_OVERVIEW: OverviewResponse = {
  generatedAt: GENERATED_AT,
  viewer: { displayName: 'Per Berg', isMember: true, isCoordinator: false, isAdmin: false, roles: [] },
  queue: [],
};
