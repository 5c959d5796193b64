import { expect } from 'chai';
import { DEFAULT_UNITS } from '../../../src/domain/default-units.js';
import type { Person, Role } from '../../../src/domain/roster.js';
import {
  activeTopics,
  DEFAULT_TOPICS,
  type GuidanceTopic,
  OTHER_TOPIC_ID,
  type RouteReason,
  routeQuestion,
  validateTopics,
} from '../../../src/features/guidance/guidance-topics.js';

const person = (aadObjectId: string, ...roles: Role[]): Person => ({
  aadObjectId,
  displayName: aadObjectId,
  roles,
  since: '2026-01-01T00:00:00.000Z',
});

/** A realistic network: every coordinator with a deputy, contact persons, and an administrator. */
const ROSTER: readonly Person[] = [
  person('admin', { kind: 'admin' }),
  person('udi-coord', { kind: 'coordinator', department: 'AUA' }),
  person('aua-deputy', { kind: 'deputy', department: 'AUA' }),
  person('opa-coord', { kind: 'coordinator', department: 'OPA' }),
  person('opa-deputy', { kind: 'deputy', department: 'OPA' }),
  person('asa-coord', { kind: 'coordinator', department: 'ASA' }),
  person('asa-deputy', { kind: 'deputy', department: 'ASA' }),
  person('rma-coord', { kind: 'coordinator', department: 'RMA' }),
  person('rma-deputy', { kind: 'deputy', department: 'RMA' }),
  person('opa-family-contact', { kind: 'contact', department: 'OPA', unitId: 'opa-family' }),
  person('opa-visa-contact', { kind: 'contact', department: 'OPA', unitId: 'opa-visa-work-study' }),
  person('asa-unit-1-contact', { kind: 'contact', department: 'ASA', unitId: 'asa-unit-1' }),
  person('rma-return-contact', { kind: 'contact', department: 'RMA', unitId: 'rma-return' }),
  person('rma-east-contact', { kind: 'contact', department: 'RMA', unitId: 'rma-region-east' }),
  person('rma-north-contact', { kind: 'contact', department: 'RMA', unitId: 'rma-region-north' }),
];

/** The roster with the given people marked away. */
function withAway(ids: readonly string[], people: readonly Person[] = ROSTER): Person[] {
  return people.map((p) => (ids.includes(p.aadObjectId) ? { ...p, away: true } : p));
}

type Step = [string, RouteReason];

const coordinatorLine = (dept: 'OPA' | 'ASA' | 'RMA'): Step[] => [
  [`${dept.toLowerCase()}-coord`, 'owner'],
  [`${dept.toLowerCase()}-deputy`, 'deputy'],
  ['udi-coord', 'udi-coordinator'],
  ['aua-deputy', 'udi-coordinator'],
  ['admin', 'admin'],
];
const contactLine = (contact: string, dept: 'OPA' | 'RMA'): Step[] => [
  [contact, 'owner'],
  [`${dept.toLowerCase()}-coord`, 'next-owner'],
  [`${dept.toLowerCase()}-deputy`, 'deputy'],
  ['udi-coord', 'udi-coordinator'],
  ['aua-deputy', 'udi-coordinator'],
  ['admin', 'admin'],
];
const udiLine: Step[] = [
  ['udi-coord', 'owner'],
  ['aua-deputy', 'deputy'],
  ['admin', 'admin'],
];

/** For every seeded topic: who gets it, in order, as each one before them is away. */
const EXPECTED_LINES: Record<string, Step[]> = {
  'reflection-limited-permit': coordinatorLine('OPA'),
  'family-immigration': contactLine('opa-family-contact', 'OPA'),
  'visa-work-study': contactLine('opa-visa-contact', 'OPA'),
  'asylum-interview': coordinatorLine('ASA'),
  'prioritised-asylum-cases': coordinatorLine('ASA'),
  'reception-centres': coordinatorLine('RMA'),
  'regional-follow-up': coordinatorLine('RMA'),
  'reception-staff-training': coordinatorLine('RMA'),
  return: contactLine('rma-return-contact', 'RMA'),
  consultations: udiLine,
  orders: udiLine,
  [OTHER_TOPIC_ID]: udiLine,
};

describe('guidance topics: the seeded table', () => {
  it('has a routing expectation for every seeded topic and no other', () => {
    expect(DEFAULT_TOPICS.map((t) => t.id).sort()).to.deep.equal(Object.keys(EXPECTED_LINES).sort());
  });

  it('is valid against the seeded units', () => {
    expect(validateTopics(DEFAULT_TOPICS, DEFAULT_UNITS)).to.deep.equal([]);
  });

  it('offers every seeded topic', () => {
    expect(activeTopics(DEFAULT_TOPICS)).to.have.length(DEFAULT_TOPICS.length);
  });
});

describe('guidance topics: routing every seeded topic', () => {
  for (const [topicId, line] of Object.entries(EXPECTED_LINES)) {
    describe(topicId, () => {
      line.forEach(([expected, reason], index) => {
        const awayIds = line.slice(0, index).map(([id]) => id);
        const title =
          index === 0
            ? `goes to ${expected} (${reason})`
            : `goes to ${expected} (${reason}) when ${awayIds.join(', ')} away`;
        it(title, () => {
          const route = routeQuestion(topicId, withAway(awayIds));
          expect(route).to.deep.equal({
            assignee: expected,
            reason,
            skipped: awayIds.map((aadObjectId) => ({ aadObjectId, why: 'away' })),
          });
        });
      });

      it('is unrouted when everyone in line is away', () => {
        expect(routeQuestion(topicId, withAway(line.map(([id]) => id)))).to.equal(undefined);
      });
    });
  }
});

describe('guidance topics: routing rules', () => {
  it('never gives the question to the asker while someone else is available', () => {
    expect(routeQuestion('reflection-limited-permit', ROSTER, { asker: 'opa-coord' })).to.deep.equal({
      assignee: 'opa-deputy',
      reason: 'deputy',
      skipped: [],
    });
    expect(routeQuestion('family-immigration', ROSTER, { asker: 'opa-family-contact' })?.assignee).to.equal(
      'opa-coord',
    );
    expect(routeQuestion('orders', ROSTER, { asker: 'udi-coord' })?.assignee).to.equal('aua-deputy');
  });

  it('gives the asker their own question only when nobody else is available', () => {
    const people = withAway(
      ['admin'],
      [person('udi-coord', { kind: 'coordinator', department: 'AUA' }), ROSTER[0] as Person],
    );
    expect(routeQuestion('orders', people, { asker: 'udi-coord' })).to.deep.equal({
      assignee: 'udi-coord',
      reason: 'owner',
      skipped: [],
    });
  });

  it('an asker who is not in the roster changes nothing', () => {
    expect(routeQuestion('asylum-interview', ROSTER, { asker: 'someone-else' })?.assignee).to.equal(
      'asa-coord',
    );
  });

  it('goes to an admin when there is no network role holder', () => {
    expect(routeQuestion('asylum-interview', [person('admin', { kind: 'admin' })])).to.deep.equal({
      assignee: 'admin',
      reason: 'admin',
      skipped: [],
    });
  });

  it('is unrouted when there is nobody at all', () => {
    expect(routeQuestion('asylum-interview', [])).to.equal(undefined);
    expect(
      routeQuestion('asylum-interview', [
        person('x', { kind: 'contact', department: 'ASA', unitId: 'asa-unit-2' }),
      ]),
    ).to.equal(undefined);
  });

  it('sends an unknown topic to the UDI coordinator as an "other" question', () => {
    expect(routeQuestion('no-such-topic', ROSTER)).to.deep.equal({
      assignee: 'udi-coord',
      reason: 'udi-coordinator',
      skipped: [],
    });
    expect(routeQuestion('no-such-topic', withAway(['udi-coord']))?.assignee).to.equal('aua-deputy');
  });

  it('still routes a retired topic by its owners', () => {
    const topics: GuidanceTopic[] = [
      {
        id: 'old',
        name: { nb: 'Gammelt', en: 'Old' },
        owners: [{ kind: 'coordinator', department: 'RMA' }],
        retired: true,
      },
    ];
    expect(routeQuestion('old', ROSTER, { topics })?.assignee).to.equal('rma-coord');
    expect(activeTopics(topics)).to.deep.equal([]);
  });

  it('uses the given topic table instead of the seeded one', () => {
    const topics: GuidanceTopic[] = [
      {
        id: 'regions',
        name: { nb: 'Regioner', en: 'Regions' },
        owners: [{ kind: 'contact', unitId: 'rma-region-north' }],
      },
    ];
    expect(routeQuestion('regions', ROSTER, { topics })).to.deep.equal({
      assignee: 'rma-north-contact',
      reason: 'owner',
      skipped: [],
    });
    // A seeded id that is not in the given table is unknown there.
    expect(routeQuestion('asylum-interview', ROSTER, { topics })?.reason).to.equal('udi-coordinator');
  });

  it('lets the deputy take it when the department has no coordinator', () => {
    const people = ROSTER.filter((p) => p.aadObjectId !== 'asa-coord');
    expect(routeQuestion('asylum-interview', people)).to.deep.equal({
      assignee: 'asa-deputy',
      reason: 'deputy',
      skipped: [],
    });
  });

  it('breaks ties by aadObjectId, whatever the roster order', () => {
    const b = person('family-b', { kind: 'contact', department: 'OPA', unitId: 'opa-family' });
    const a = person('family-a', { kind: 'contact', department: 'OPA', unitId: 'opa-family' });
    const others = ROSTER.filter((p) => p.aadObjectId !== 'opa-family-contact');
    expect(routeQuestion('family-immigration', [b, ...others, a])?.assignee).to.equal('family-a');
    expect(routeQuestion('family-immigration', [a, ...others, b])?.assignee).to.equal('family-a');
    expect(routeQuestion('family-immigration', withAway(['family-a'], [b, a, ...others]))).to.deep.equal({
      assignee: 'family-b',
      reason: 'owner',
      skipped: [{ aadObjectId: 'family-a', why: 'away' }],
    });
  });

  it('lists a person who is away only once even when they hold several roles in line', () => {
    const both = person('both', { kind: 'coordinator', department: 'AUA' }, { kind: 'admin' });
    const route = routeQuestion('orders', [{ ...both, away: true }, person('z-admin', { kind: 'admin' })]);
    expect(route).to.deep.equal({
      assignee: 'z-admin',
      reason: 'admin',
      skipped: [{ aadObjectId: 'both', why: 'away' }],
    });
  });
});

describe('guidance topics: validateTopics', () => {
  it('reports duplicate ids, empty owners, unknown or retired units and bad ids', () => {
    const units = [
      ...DEFAULT_UNITS,
      { ...(DEFAULT_UNITS[0] as (typeof DEFAULT_UNITS)[number]), id: 'gone', retired: true },
    ];
    const topics: GuidanceTopic[] = [
      { id: 'a', name: { nb: 'A', en: 'A' }, owners: [{ kind: 'coordinator', department: 'OPA' }] },
      { id: 'a', name: { nb: 'A2', en: 'A2' }, owners: [{ kind: 'coordinator', department: 'ASA' }] },
      { id: 'empty', name: { nb: 'Tom', en: 'Empty' }, owners: [] },
      { id: 'unknown-unit', name: { nb: 'U', en: 'U' }, owners: [{ kind: 'contact', unitId: 'nowhere' }] },
      { id: 'retired-unit', name: { nb: 'R', en: 'R' }, owners: [{ kind: 'contact', unitId: 'gone' }] },
      { id: 'Not Kebab', name: { nb: 'N', en: '' }, owners: [{ kind: 'coordinator', department: 'RMA' }] },
    ];
    expect(validateTopics(topics, units)).to.deep.equal([
      'Topic "a": the id is used by more than one topic.',
      'Topic "empty": has no owners.',
      'Topic "unknown-unit": unknown unit "nowhere".',
      'Topic "retired-unit": unit "gone" is retired.',
      'Topic "Not Kebab": the id must be kebab-case (a-z, 0-9 and hyphens).',
      'Topic "Not Kebab": needs both a Norwegian and an English name.',
    ]);
  });

  it('accepts a retired topic that points to a retired unit', () => {
    const units = [{ ...(DEFAULT_UNITS[0] as (typeof DEFAULT_UNITS)[number]), id: 'gone', retired: true }];
    const topics: GuidanceTopic[] = [
      { id: 'old', name: { nb: 'G', en: 'O' }, owners: [{ kind: 'contact', unitId: 'gone' }], retired: true },
    ];
    expect(validateTopics(topics, units)).to.deep.equal([]);
  });

  it('reports an unknown department from stored data', () => {
    const stored = JSON.parse(
      '[{"id":"x","name":{"nb":"X","en":"X"},"owners":[{"kind":"coordinator","department":"XYZ"}]}]',
    ) as GuidanceTopic[];
    expect(validateTopics(stored, DEFAULT_UNITS)).to.deep.equal(['Topic "x": unknown department "XYZ".']);
  });
});

describe('guidance topics: routing a frozen roster (kept lines, issue 9)', () => {
  /** A deep-frozen copy, as the store hands the roster and its topics out. */
  const frozenCopy = <T>(value: T): T => {
    const copy = structuredClone(value) as T;
    const freeze = (v: unknown): void => {
      if (typeof v !== 'object' || v === null) return;
      for (const child of Object.values(v)) freeze(child);
      Object.freeze(v);
    };
    freeze(copy);
    return copy;
  };

  it('routes every seeded topic the same as with a roster that is not frozen, every time', () => {
    for (const [topicId, line] of Object.entries(EXPECTED_LINES)) {
      line.forEach((_, index) => {
        const away = withAway(line.slice(0, index).map(([id]) => id));
        const frozen = frozenCopy(away);
        const topics = frozenCopy(DEFAULT_TOPICS);
        const expected = routeQuestion(topicId, away);
        expect(routeQuestion(topicId, frozen, { topics }), `${topicId} #${index}`).to.deep.equal(expected);
        // The second time the line is the kept one; the answer is the same.
        expect(routeQuestion(topicId, frozen, { topics }), `${topicId} #${index} again`).to.deep.equal(
          expected,
        );
      });
    }
  });

  it('a changed roster (a new frozen list) is routed on its own line', () => {
    const topics = frozenCopy(DEFAULT_TOPICS);
    const before = frozenCopy(ROSTER);
    expect(routeQuestion('family-immigration', before, { topics })?.assignee).to.equal('opa-family-contact');
    const after = frozenCopy(withAway(['opa-family-contact']));
    expect(routeQuestion('family-immigration', after, { topics })?.assignee).to.equal('opa-coord');
    expect(routeQuestion('family-immigration', before, { topics })?.assignee).to.equal('opa-family-contact');
  });
});
