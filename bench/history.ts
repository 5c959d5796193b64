/**
 * History for the benches: a generator that writes a data file of the current schema with a roster
 * (topic owners included), conversation references for everyone on it, and `records` records of
 * history in a realistic mix, and the history bench that measures the bot against 1 k, 10 k and 50 k
 * records (see historyBench below).
 *
 * A record is one guidance request, one join request or one delivered outbox notification. The mix:
 * 70 % guidance requests (closed or answered, with a question and an answer of realistic length,
 * some with a request for more information, a follow-up or a forward; the last ACTIVE_REQUESTS still
 * open or in progress), 10 % join requests (decided), 20 % delivered notifications about those
 * requests. History grows as it does in use: at RECORDS_PER_MONTH records a month (a busy network;
 * UDI's is far quieter), so 1 k records are a month of history and 50 k about four years, and what
 * is going on now (open requests, the last day's deliveries) is the same at every size.
 * The document is written directly as one data file of the current schema, as a release before the
 * archive kept it; `prepareHistory` opens it with the real store and archives what has settled, as
 * the first start after an upgrade does; `checkHistoryFile` loads it with the real store.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistry } from '../src/app/registry.js';
import { DEFAULT_UNITS } from '../src/domain/default-units.js';
import type { Person } from '../src/domain/roster.js';
import { TOPICS_RECORD } from '../src/features/guidance/guidance-store.js';
import { DEFAULT_TOPICS } from '../src/features/guidance/guidance-topics.js';
import { FEATURES } from '../src/features/index.js';
import { ARCHIVE_DIR_NAME } from '../src/store/archive-directory.js';
import { DATA_FILE_NAME, openLowdbStore } from '../src/store/lowdb-store.js';
import {
  emptyDocument,
  notificationStorageKey,
  type StoreDocument,
  sequenceStorageKey,
} from '../src/store/schema.js';
import { seededRandom } from '../test/support/seeded-random.js';
import { BOT, TENANT, type TestUser, user } from '../test/support/teams-activities.js';

const SINCE = '2024-01-01T00:00:00.000Z';
const DAY = 86_400_000;
/** History accumulates at this rate (records of the mix above a month). */
export const RECORDS_PER_MONTH = 1000;
/** Guidance requests still open or in progress, at every size (the newest ones). */
const ACTIVE_REQUESTS = 40;

/** The roster of a network of this size: coordinators of every department, topic owners, contacts. */
export interface BenchRoster {
  people: Person[];
  users: TestUser[];
  /** Someone who may ask (a regional contact). */
  askers: TestUser[];
  /** The owner of the topic the bench asks on ('family-immigration'). */
  familyContact: TestUser;
}

export function benchRoster(): BenchRoster {
  const people: Person[] = [];
  const users: TestUser[] = [];
  const add = (u: TestUser, roles: Person['roles']) => {
    users.push(u);
    people.push({ aadObjectId: u.aadObjectId, displayName: u.name, roles, since: SINCE });
  };
  let n = 1;
  for (const department of ['AUA', 'OPA', 'ASA', 'RMA'] as const) {
    add(user(n++, `Koordinator ${department}`), [{ kind: 'coordinator', department }]);
    add(user(n++, `Stedfortreder ${department}`), [{ kind: 'deputy', department }]);
  }
  const familyContact = user(n++, 'Fia Familie');
  add(familyContact, [{ kind: 'contact', department: 'OPA', unitId: 'opa-family' }]);
  const askers: TestUser[] = [];
  const units = DEFAULT_UNITS.filter((u) => !u.retired);
  // 50 contacts spread over the units; the regional ones ask.
  for (let i = 0; i < 50; i++) {
    const unit = units[i % units.length]!;
    const u = user(n++, `Kontakt ${i} ${unit.id}`);
    add(u, [{ kind: 'contact', department: unit.department, unitId: unit.id }]);
    if (unit.id.startsWith('rma-region')) askers.push(u);
  }
  return { people, users, askers, familyContact };
}

const WORDS =
  'politiet spør om rutinene for refleksjonsperiode og oppholdstillatelse for mulige ofre for menneskehandel ' +
  'saken gjelder en person som bor på mottak og har fortalt om tvangsarbeid i byggebransjen vi trenger å vite ' +
  'hvordan vi skal gå fram når søknaden om beskyttelse er avslått men identifiseringen ikke er gjort ennå ' +
  'se rundskrivet punkt fire og veilederen om identifisering kontakt gjerne koordinator i regionen for råd ' +
  'det er viktig å sikre at personen får informasjon om rettigheter tolk og oppfølging fra kommunen';
const WORD_LIST = WORDS.split(' ');

function text(rnd: () => number, min: number, max: number): string {
  const length = min + Math.floor(rnd() * (max - min));
  const out: string[] = [];
  let size = 0;
  while (size < length) {
    const word = WORD_LIST[Math.floor(rnd() * WORD_LIST.length)]!;
    out.push(word);
    size += word.length + 1;
  }
  const sentence = out.join(' ');
  return `${sentence[0]?.toUpperCase()}${sentence.slice(1)}.`;
}

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A conversation reference as botbuilder stores it for a personal chat with `u`. */
function personalReference(u: TestUser, serviceUrl: string) {
  return {
    activityId: randomUUID(),
    user: { id: u.id, name: u.name, aadObjectId: u.aadObjectId },
    bot: BOT,
    conversation: { id: `a:personal-${u.aadObjectId}`, conversationType: 'personal', tenantId: TENANT },
    channelId: 'msteams',
    locale: 'nb-NO',
    serviceUrl,
  };
}

export interface HistoryFigures {
  records: number;
  guidance: number;
  join: number;
  notifications: number;
  bytes: number;
}

/**
 * Writes `<dataDir>/mh-nettverket.json`: the bench roster, conversation references for all of it at
 * `serviceUrl`, and `records` records of history (the mix above). `now` anchors the dates.
 */
export async function writeHistoryFile(
  dataDir: string,
  records: number,
  serviceUrl: string,
  now = Date.now(),
): Promise<HistoryFigures> {
  const rnd = seededRandom(records + 1);
  const registry = createRegistry(FEATURES);
  const doc: StoreDocument = emptyDocument(DEFAULT_UNITS, registry.store);
  const roster = benchRoster();
  for (const person of roster.people) doc.people[person.aadObjectId] = person;
  for (const u of roster.users) {
    doc.conversations.persons[u.aadObjectId] = {
      reference: personalReference(u, serviceUrl),
      locale: 'nb-NO',
      updatedAt: iso(now - 30 * DAY),
    };
  }
  doc.records[TOPICS_RECORD] = structuredClone(DEFAULT_TOPICS);
  const guidance: Record<string, unknown> = {};
  doc.items.guidance = guidance;
  const joins: Record<string, unknown> = {};
  doc.items.join = joins;
  const contacts = roster.people.filter((p) => p.roles.some((r) => r.kind === 'contact'));
  const coordinators = roster.people.filter((p) => p.roles.some((r) => r.kind === 'coordinator'));
  const topicIds = DEFAULT_TOPICS.filter((t) => !t.retired).map((t) => t.id);
  const guidanceIds: { id: string; parties: string[]; version: number }[] = [];
  const counts = { guidance: 0, join: 0, notifications: 0 };
  // History ends five days ago (the last closed request's follow-ups are done by now); the active
  // requests were asked in the last two days.
  const span = Math.max(1, records / RECORDS_PER_MONTH) * 30 * DAY;
  const end = now - 5 * DAY;
  const card = (conversationOf: string, version: number, view: string) => ({
    version,
    view,
    activityId: `1:${randomUUID()}`,
    conversationId: `a:personal-${conversationOf}`,
  });

  const nGuidance = Math.round(records * 0.7);
  const nJoin = Math.round(records * 0.1);
  const nNotifications = records - nGuidance - nJoin;
  // Oldest first, so that the yearly sequences grow with the dates.
  const firstActive = nGuidance - Math.min(ACTIVE_REQUESTS, nGuidance);
  for (let i = 0; i < nGuidance; i++) {
    const recent = i >= firstActive;
    const created = recent
      ? now - 2 * DAY + Math.floor((2 * DAY * (i - firstActive)) / ACTIVE_REQUESTS)
      : end - span + Math.floor((span * i) / Math.max(1, nGuidance));
    const year = new Date(created).getUTCFullYear();
    const sequenceKey = sequenceStorageKey('guidance', year);
    const sequence = (doc.sequences[sequenceKey] ?? 0) + 1;
    doc.sequences[sequenceKey] = sequence;
    const asker = pick(rnd, contacts).aadObjectId;
    const assignee = pick(rnd, [...contacts, ...coordinators]).aadObjectId;
    const at = (minutes: number) => iso(created + minutes * 60_000);
    const messages: Record<string, unknown>[] = [
      { at: at(0), by: asker, kind: 'question', text: text(rnd, 200, 900) },
    ];
    const history: Record<string, unknown>[] = [
      { at: at(0), by: asker, action: 'ask', message: 0, to: 'open' },
    ];
    const shape = rnd();
    let state: string = 'closed';
    history.push({ at: at(30), by: assignee, action: 'take', from: 'open', to: 'in-progress' });
    if (shape < 0.15) {
      messages.push({ at: at(60), by: assignee, kind: 'info-request', text: text(rnd, 80, 300) });
      history.push({
        at: at(60),
        by: assignee,
        action: 'ask-for-info',
        message: 1,
        from: 'in-progress',
        to: 'awaiting-info',
      });
      messages.push({ at: at(600), by: asker, kind: 'info', text: text(rnd, 80, 400) });
      history.push({
        at: at(600),
        by: asker,
        action: 'provide-info',
        message: 2,
        from: 'awaiting-info',
        to: 'in-progress',
      });
    } else if (shape < 0.25) {
      const other = pick(rnd, coordinators).aadObjectId;
      messages.push({
        at: at(45),
        by: assignee,
        kind: 'forward',
        text: text(rnd, 40, 160),
        assignedTo: other,
      });
      history.push({
        at: at(45),
        by: assignee,
        action: 'forward',
        assignee: other,
        message: 1,
        from: 'in-progress',
        to: 'open',
      });
      history.push({ at: at(90), by: other, action: 'take', from: 'open', to: 'in-progress' });
    }
    if (recent) {
      state = 'in-progress';
    } else {
      messages.push({ at: at(1440), by: assignee, kind: 'answer', text: text(rnd, 300, 1500) });
      history.push({
        at: at(1440),
        by: assignee,
        action: 'answer',
        message: messages.length - 1,
        from: 'in-progress',
        to: 'answered',
      });
      if (shape > 0.9) {
        messages.push({ at: at(2000), by: asker, kind: 'follow-up', text: text(rnd, 80, 400) });
        history.push({
          at: at(2000),
          by: asker,
          action: 'follow-up',
          message: messages.length - 1,
          from: 'answered',
          to: 'in-progress',
        });
        messages.push({ at: at(2880), by: assignee, kind: 'answer', text: text(rnd, 200, 900) });
        history.push({
          at: at(2880),
          by: assignee,
          action: 'answer',
          message: messages.length - 1,
          from: 'in-progress',
          to: 'answered',
        });
      }
      if (rnd() < 0.3) state = 'answered';
      else history.push({ at: at(4320), by: asker, action: 'mark-helpful', from: 'answered', to: 'closed' });
    }
    const last = history.at(-1) as { at: string };
    const version = 2 + Math.floor(rnd() * 4);
    const id = randomUUID();
    const askerParty = {
      to: { kind: 'person', aadObjectId: asker },
      cards: [card(asker, 1, 'guidance-receipt'), card(asker, version, 'guidance-item')],
    };
    const assigneeParty = {
      to: { kind: 'person', aadObjectId: assignee },
      cards: [card(assignee, 1, 'guidance-item')],
    };
    const answered = messages.some((m) => m.kind === 'answer');
    guidance[id] = {
      id,
      reference: `V-${year}-${String(sequence).padStart(4, '0')}`,
      kind: 'guidance',
      state,
      createdAt: at(0),
      createdBy: asker,
      updatedAt: last.at,
      history,
      parties: [askerParty, assigneeParty],
      cardVersion: version,
      topicId: pick(rnd, topicIds),
      askerDepartment: 'RMA',
      origin: rnd() < 0.4 ? 'external' : 'internal',
      urgency: rnd() < 0.15 ? 'urgent' : 'normal',
      principled: rnd() < 0.1,
      question: messages[0]!.text as string,
      assignee,
      asker,
      // An Oslo calendar date, as the bot writes it (an instant here made the deadline job fail on it).
      dueDate: iso(created + 5 * DAY).slice(0, 10),
      messages,
      ...(answered ? { answeredAt: at(1440) } : {}),
      ...(state === 'closed' ? { closedAt: last.at, helpful: true } : {}),
      reminders: {},
    };
    guidanceIds.push({ id, parties: [asker, assignee], version });
    counts.guidance++;
  }
  for (let i = 0; i < nJoin; i++) {
    const created = end - span + Math.floor((span * i) / Math.max(1, nJoin));
    const year = new Date(created).getUTCFullYear();
    const sequenceKey = sequenceStorageKey('join', year);
    const sequence = (doc.sequences[sequenceKey] ?? 0) + 1;
    doc.sequences[sequenceKey] = sequence;
    const applicant = `aad-applicant-${i}`;
    const decider = pick(rnd, coordinators);
    const unit = pick(rnd, DEFAULT_UNITS);
    const approved = rnd() < 0.85;
    const id = randomUUID();
    joins[id] = {
      id,
      reference: `N-${year}-${String(sequence).padStart(4, '0')}`,
      kind: 'join',
      state: approved ? 'approved' : 'declined',
      createdAt: iso(created),
      createdBy: applicant,
      updatedAt: iso(created + DAY),
      history: [
        { at: iso(created), by: applicant, action: 'request', to: 'pending' },
        {
          at: iso(created + DAY),
          by: decider.aadObjectId,
          action: approved ? 'approve' : 'decline',
          from: 'pending',
          to: approved ? 'approved' : 'declined',
        },
      ],
      parties: [
        { to: { kind: 'person', aadObjectId: applicant }, cards: [card(applicant, 2, 'join-outcome')] },
        {
          to: { kind: 'person', aadObjectId: decider.aadObjectId },
          cards: [card(decider.aadObjectId, 1, 'join-approval')],
        },
      ],
      cardVersion: 2,
      applicant: { aadObjectId: applicant, displayName: `Søker ${i}` },
      role: { kind: 'contact', department: unit.department, unitId: unit.id },
      decidedBy: decider.aadObjectId,
      decidedByName: decider.displayName,
    };
    counts.join++;
  }
  for (let i = 0; i < nNotifications; i++) {
    const subject = guidanceIds.length > 0 ? pick(rnd, guidanceIds) : undefined;
    const item = subject?.id ?? randomUUID();
    const person = subject ? pick(rnd, subject.parties) : pick(rnd, contacts).aadObjectId;
    const key = { item, party: `person:${person}`, version: 1000 + i };
    const id = randomUUID();
    const sent = end + 4 * DAY - span + Math.floor((span * i) / Math.max(1, nNotifications));
    doc.outbox.messages[id] = {
      recipient: { kind: 'person', aadObjectId: person },
      key,
      subject: { kind: 'guidance', id: item },
      view: 'guidance-item',
      ...(rnd() < 0.5 ? { banner: 'assigned' } : {}),
      ...(rnd() < 0.5 ? { replaces: 1 } : {}),
      id,
      state: 'sent',
      attempts: 1,
      createdAt: iso(sent - 200),
      sentAt: iso(sent),
      activityId: `1:${randomUUID()}`,
      conversationId: `a:personal-${person}`,
    };
    doc.outbox.byKey[notificationStorageKey(key)] = id;
    counts.notifications++;
  }
  const json = JSON.stringify(doc, null, 2);
  await writeFile(join(dataDir, DATA_FILE_NAME), json);
  return { records, ...counts, bytes: Buffer.byteLength(json) };
}

/** What prepareHistory did: the time it took and the sizes of the data file and the archive after. */
export interface PreparedHistory {
  ms: number;
  archived: { items: number; notifications: number };
  hotBytes: number;
  archiveBytes: number;
}

/**
 * Opens the data file with the real store and archives what settled more than a day ago (as the
 * first start of a release with the archive does after an upgrade), then closes it.
 */
export async function prepareHistory(dataDir: string, now = Date.now()): Promise<PreparedHistory> {
  const started = performance.now();
  const store = await openLowdbStore({
    dataDir,
    parts: createRegistry(FEATURES).store,
    seedUnits: DEFAULT_UNITS,
  });
  let archived: PreparedHistory['archived'];
  try {
    archived = await store.archive(iso(now - DAY));
  } finally {
    await store.close();
  }
  const ms = performance.now() - started;
  const archiveDir = join(dataDir, ARCHIVE_DIR_NAME);
  let archiveBytes = 0;
  for (const name of await readdir(archiveDir)) archiveBytes += (await stat(join(archiveDir, name))).size;
  return { ms, archived, hotBytes: (await stat(join(dataDir, DATA_FILE_NAME))).size, archiveBytes };
}

/** Opens the file with the real store and the features' parts (throws if it is refused); counts items. */
export async function checkHistoryFile(dataDir: string): Promise<{ guidance: number; join: number }> {
  const store = await openLowdbStore({
    dataDir,
    parts: createRegistry(FEATURES).store,
    seedUnits: DEFAULT_UNITS,
  });
  try {
    return await store.read(async (uow) => ({
      guidance: (await uow.items.query({ kind: 'guidance' })).length,
      join: (await uow.items.query({ kind: 'join' })).length,
    }));
  } finally {
    await store.close();
  }
}

// `npx tsx bench/history.ts check [records]`: writes a file and loads it with the real store.
if (process.argv[1]?.endsWith('history.ts') && process.argv[2] === 'check') {
  const records = Number(process.argv[3] ?? 1000);
  const dir = await mkdtemp(join(tmpdir(), 'mh-bench-history-'));
  try {
    const written = await writeHistoryFile(dir, records, 'http://127.0.0.1:1/');
    const prepared = await prepareHistory(dir);
    const loaded = await checkHistoryFile(dir);
    console.log({ written, prepared, loaded });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
