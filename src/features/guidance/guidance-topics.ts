/**
 * Guidance request topics ("veiledningsforespørsler") and who owns them, seeded from IM 2018-002, and the rule
 * that routes a question to the right person. Pure: no I/O, no clock, no Bot Framework.
 */
import { type Department, isDepartment, type Person, type Unit } from '../../domain/roster.js';

/** Who owns a topic: a department's coordinator, or the contact persons of a unit. */
export type OwnerRef = { kind: 'coordinator'; department: Department } | { kind: 'contact'; unitId: string };

/** A topic a guidance request can be about. Editable data; these are stored with the network's settings. */
export interface GuidanceTopic {
  /** Stable id, kebab-case, never shown to users. */
  id: string;
  name: { nb: string; en: string };
  /** Who owns the topic, in order: the first available one gets the request. */
  owners: OwnerRef[];
  /** Retired topics are not offered any more; requests already on them keep routing by their owners. */
  retired?: boolean;
}

const coordinator = (department: Department): OwnerRef => ({ kind: 'coordinator', department });
const contact = (unitId: string): OwnerRef => ({ kind: 'contact', unitId });

/** The topic for principled and other questions, owned by the UDI coordinator. */
export const OTHER_TOPIC_ID = 'principled-other';

/** The topics seeded into a new data file (IM 2018-002 §6). */
export const DEFAULT_TOPICS: readonly GuidanceTopic[] = [
  // OPA is UDI's contact point for external inquiries about these permits.
  {
    id: 'reflection-limited-permit',
    name: {
      nb: 'Refleksjonstillatelse og begrenset oppholdstillatelse',
      en: 'Reflection permit and limited residence permit',
    },
    owners: [coordinator('OPA')],
  },
  {
    id: 'family-immigration',
    name: { nb: 'Familieinnvandring', en: 'Family immigration' },
    owners: [contact('opa-family'), coordinator('OPA')],
  },
  {
    id: 'visa-work-study',
    name: { nb: 'Visum, arbeid og studier', en: 'Visa, work and study' },
    owners: [contact('opa-visa-work-study'), coordinator('OPA')],
  },
  {
    id: 'asylum-interview',
    name: { nb: 'Tilrettelegging av asylintervju', en: 'Asylum interview facilitation' },
    owners: [coordinator('ASA')],
  },
  {
    id: 'prioritised-asylum-cases',
    name: { nb: 'Prioriterte asylsaker', en: 'Prioritised asylum cases' },
    owners: [coordinator('ASA')],
  },
  {
    id: 'reception-centres',
    name: { nb: 'Asylmottak', en: 'Reception centres' },
    owners: [coordinator('RMA')],
  },
  {
    id: 'regional-follow-up',
    name: { nb: 'Regional oppfølging', en: 'Regional follow-up' },
    owners: [coordinator('RMA')],
  },
  {
    id: 'reception-staff-training',
    name: { nb: 'Opplæring av ansatte i mottak', en: 'Training of reception staff' },
    owners: [coordinator('RMA')],
  },
  {
    id: 'return',
    name: {
      nb: 'Retur (IOMs program for sårbare grupper)',
      en: "Return (IOM's programme for vulnerable groups)",
    },
    owners: [contact('rma-return'), coordinator('RMA')],
  },
  {
    id: 'consultations',
    name: { nb: 'Høringer', en: 'Consultations' },
    owners: [coordinator('AUA')],
  },
  {
    id: 'orders',
    name: { nb: 'Bestillinger', en: 'Orders' },
    owners: [coordinator('AUA')],
  },
  {
    id: OTHER_TOPIC_ID,
    name: { nb: 'Prinsipielle og andre spørsmål', en: 'Principled and other questions' },
    owners: [coordinator('AUA')],
  },
];

/**
 * Why the assignee got the request:
 * - owner: holds the topic's first owner role; next-owner: a later owner in the topic's list;
 * - deputy: stands in for an owning coordinator who is away, missing or the asker;
 * - udi-coordinator: no owner or deputy was available (or the topic is unknown), so the UDI coordinator
 *   (or AUA's deputy) takes it; admin: the last resort when no network role holder is available.
 */
export type RouteReason = 'owner' | 'next-owner' | 'deputy' | 'udi-coordinator' | 'admin';

/** The result of routing: who gets the request, why, and who was passed over because they are away. */
export interface Route {
  /** AAD object id of the assignee. */
  assignee: string;
  reason: RouteReason;
  /** People in line before the assignee who were skipped, in the order they were considered. */
  skipped: { aadObjectId: string; why: 'away' }[];
}

export interface RouteOptions {
  /** AAD object id of the person asking; they get their own question only when nobody else is available. */
  asker?: string;
  /** The topic table; DEFAULT_TOPICS when not given. */
  topics?: readonly GuidanceTopic[];
}

interface Candidate {
  person: Person;
  reason: RouteReason;
}

const byId = (a: Person, b: Person): number =>
  a.aadObjectId < b.aadObjectId ? -1 : a.aadObjectId > b.aadObjectId ? 1 : 0;

function holders(
  people: readonly Person[],
  ref: OwnerRef | { kind: 'deputy'; department: Department },
): Person[] {
  return people.filter((p) =>
    p.roles.some((r) => {
      if (ref.kind === 'contact') return r.kind === 'contact' && r.unitId === ref.unitId;
      return r.kind === ref.kind && r.department === ref.department;
    }),
  );
}

/** The people in line for a topic, in order, each with the reason they would get it. May repeat a person. */
function lineFor(owners: readonly OwnerRef[], people: readonly Person[]): Candidate[] {
  const line: Candidate[] = [];
  owners.forEach((ref, index) => {
    const reason: RouteReason = index === 0 ? 'owner' : 'next-owner';
    for (const person of holders(people, ref)) line.push({ person, reason });
    if (ref.kind === 'coordinator') {
      for (const person of holders(people, { kind: 'deputy', department: ref.department })) {
        line.push({ person, reason: 'deputy' });
      }
    }
  });
  for (const person of holders(people, coordinator('AUA'))) line.push({ person, reason: 'udi-coordinator' });
  for (const person of holders(people, { kind: 'deputy', department: 'AUA' })) {
    line.push({ person, reason: 'udi-coordinator' });
  }
  for (const person of people.filter((p) => p.roles.some((r) => r.kind === 'admin'))) {
    line.push({ person, reason: 'admin' });
  }
  return line;
}

const NO_OWNERS: readonly OwnerRef[] = Object.freeze([]);

/**
 * Lines already worked out, per list of people and list of owners, when both are frozen (so they
 * cannot change): the store hands out the same frozen roster list and topic records until they
 * change, so a question usually finds its line here instead of sorting and filtering the roster
 * again. Candidates are only read.
 */
const lines = new WeakMap<readonly Person[], WeakMap<readonly OwnerRef[], readonly Candidate[]>>();

function keptLine(owners: readonly OwnerRef[], people: readonly Person[]): readonly Candidate[] {
  if (!Object.isFrozen(people) || !Object.isFrozen(owners)) return lineFor(owners, [...people].sort(byId));
  const byOwners = lines.get(people) ?? new WeakMap<readonly OwnerRef[], readonly Candidate[]>();
  lines.set(people, byOwners);
  const line = byOwners.get(owners) ?? lineFor(owners, [...people].sort(byId));
  byOwners.set(owners, line);
  return line;
}

/**
 * Routes a question on `topicId` among `people`. Walks the topic's owners in order; for each owner ref, the
 * people holding that role (a contact ref: contact persons of that unit; a coordinator ref: the department's
 * coordinator, then that department's deputy, reason 'deputy'). A person who marked themselves away
 * (`away: true`) is skipped and listed in `skipped`. When every owner and deputy is unavailable (or none
 * exist), the UDI coordinator (coordinator of AUA; if away, AUA's deputy) gets it ('udi-coordinator'); as a
 * last resort an admin ('admin'). An unknown topic id goes straight to the UDI coordinator, as an "other"
 * question; a retired topic still routes by its owners. The asker is passed over while anyone else is
 * available, and gets the question only when they are the sole available person in line. Away people are
 * never assigned: undefined when nobody is available at all. Deterministic: ties broken by aadObjectId.
 */
export function routeQuestion(
  topicId: string,
  people: readonly Person[],
  options: RouteOptions = {},
): Route | undefined {
  const topics = options.topics ?? DEFAULT_TOPICS;
  const topic = topics.find((t) => t.id === topicId);
  const line = keptLine(topic?.owners ?? NO_OWNERS, people);

  const skipped: Route['skipped'] = [];
  const noteSkipped = (person: Person): void => {
    if (!skipped.some((s) => s.aadObjectId === person.aadObjectId)) {
      skipped.push({ aadObjectId: person.aadObjectId, why: 'away' });
    }
  };
  let asker: Route | undefined;
  for (const candidate of line) {
    const { person } = candidate;
    if (person.away) {
      noteSkipped(person);
      continue;
    }
    if (options.asker !== undefined && person.aadObjectId === options.asker) {
      asker ??= { assignee: person.aadObjectId, reason: candidate.reason, skipped: [...skipped] };
      continue;
    }
    return { assignee: person.aadObjectId, reason: candidate.reason, skipped };
  }
  return asker;
}

/**
 * Who a question is escalated to, or who follows a principled question: the UDI coordinator, or
 * AUA's deputy when the coordinator is away or excluded. Never anyone in `exclude` (the person
 * escalating, the current assignee, the asker): undefined when nobody else holds the role.
 */
export function udiStandIn(people: readonly Person[], exclude: readonly string[]): string | undefined {
  const sorted = [...people].sort(byId);
  const line = [
    ...holders(sorted, coordinator('AUA')),
    ...holders(sorted, { kind: 'deputy', department: 'AUA' }),
  ];
  return line.find((p) => !p.away && !exclude.includes(p.aadObjectId))?.aadObjectId;
}

/** Topics offered to askers (not retired), in table order. */
export function activeTopics(topics: readonly GuidanceTopic[]): GuidanceTopic[] {
  return topics.filter((t) => !t.retired);
}

const KEBAB_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Problems in a topic table, as readable sentences (empty when the table is sound): ids that are not
 * kebab-case or are used twice, missing names, topics without owners, coordinator refs to unknown departments,
 * contact refs to unknown units, and active topics that rely on a retired unit.
 */
export function validateTopics(topics: readonly GuidanceTopic[], units: readonly Unit[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const topic of topics) {
    const label = `Topic "${topic.id}"`;
    if (!KEBAB_ID.test(topic.id))
      problems.push(`${label}: the id must be kebab-case (a-z, 0-9 and hyphens).`);
    if (seen.has(topic.id)) problems.push(`${label}: the id is used by more than one topic.`);
    seen.add(topic.id);
    if (!topic.name.nb.trim() || !topic.name.en.trim()) {
      problems.push(`${label}: needs both a Norwegian and an English name.`);
    }
    if (topic.owners.length === 0) problems.push(`${label}: has no owners.`);
    for (const ref of topic.owners) {
      if (ref.kind === 'coordinator') {
        if (!isDepartment(ref.department)) {
          problems.push(`${label}: unknown department "${String(ref.department)}".`);
        }
        continue;
      }
      const unit = units.find((u) => u.id === ref.unitId);
      if (!unit) problems.push(`${label}: unknown unit "${ref.unitId}".`);
      else if (unit.retired && !topic.retired) problems.push(`${label}: unit "${ref.unitId}" is retired.`);
    }
  }
  return problems;
}
