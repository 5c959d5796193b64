/**
 * Shared world for the table-driven end-to-end suites over every card verb (test/e2e/card-data and
 * test/e2e/card-privacy): a real bot (startHarness) with a small roster whose members have all
 * talked to the bot, helpers that build guidance and join requests and meeting series the way Teams
 * would (by posting card actions), a snapshot of what the store holds, and small readers of the cards
 * that come back.
 *
 * Only the store's data file, the fake connector and the rendered cards are looked at, so the same
 * suites run against older versions of src/ too.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import { inUnitOfWork } from '../../src/app/unit-of-work.js';
import type { Person } from '../../src/domain/roster.js';
import { formatReference } from '../../src/domain/tracked-item.js';
import { newFollowUpAction } from '../../src/features/agenda/agenda-actions.js';
import { type AgendaItem, newAgendaItem } from '../../src/features/agenda/agenda-items.js';
import { agendaIn } from '../../src/features/agenda/agenda-store.js';
import { type Harness, startHarness } from './bot-harness.js';
import { readStoredDocument } from './stored-document.js';
import { cardAction, message, type TestUser } from './teams-activities.js';

export type Card = Record<string, unknown>;
export type Data = Record<string, unknown>;

/** A Teams user with ids that are never a prefix of one another (so a search for one is exact). */
export function teamsUser(key: string, name: string): TestUser {
  return { id: `29:${key}`, aadObjectId: `aad-${key}`, name };
}

export const PEOPLE = {
  /** The UDI coordinator (AUA). */
  udi: teamsUser('udi', 'Kari UDI'),
  opa: teamsUser('opa', 'Ola OPA'),
  asa: teamsUser('asa', 'Asle ASA'),
  /** Contact person for family immigration: owns the topic the fixtures ask under. */
  family: teamsUser('family', 'Fia Familie'),
  /** Contact person in RMA: asks every fixture question. */
  asker: teamsUser('asker', 'Rita Region'),
  /** A network member who marked themselves away. */
  away: teamsUser('away', 'Berit Borte'),
  /** A stored administrator who holds no network role. */
  admin: teamsUser('admin', 'Ada Admin'),
  /** A tenant user who talked to the bot but is not in the network. */
  outsider: teamsUser('outsider', 'Otto Utenfor'),
} as const;
export type Who = keyof typeof PEOPLE;

/** A tenant user who never talked to the bot (no conversation, not in the roster). */
export const NEVER_SEEN = teamsUser('never-seen', 'Nils Aldri');

const SINCE = '2026-01-01T00:00:00.000Z';
export const ROSTER: Person[] = [
  { ...personOf(PEOPLE.udi), roles: [{ kind: 'coordinator', department: 'AUA' }] },
  { ...personOf(PEOPLE.opa), roles: [{ kind: 'coordinator', department: 'OPA' }] },
  { ...personOf(PEOPLE.asa), roles: [{ kind: 'coordinator', department: 'ASA' }] },
  { ...personOf(PEOPLE.family), roles: [{ kind: 'contact', department: 'OPA', unitId: 'opa-family' }] },
  { ...personOf(PEOPLE.asker), roles: [{ kind: 'contact', department: 'RMA', unitId: 'rma-region-east' }] },
  {
    ...personOf(PEOPLE.away),
    roles: [{ kind: 'contact', department: 'OPA', unitId: 'opa-visa-work-study' }],
    away: true,
  },
  { ...personOf(PEOPLE.admin), roles: [{ kind: 'admin' }] },
];

function personOf(user: TestUser): Omit<Person, 'roles'> {
  return { aadObjectId: user.aadObjectId, displayName: user.name, since: SINCE };
}

/** The team channel used for team-scope actions. */
export const TEAM = { teamId: '19:team-cases@thread.tacv2', channelId: '19:channel-cases@thread.tacv2' };

/** The parts of the data file the suites look at (the file holds more). */
export interface StoredRequest {
  id: string;
  state: string;
  reference: string;
  assignee: string;
  asker: string;
  question: string;
  topicId: string;
  dueDate: string;
  principled: boolean;
  helpful?: boolean;
  watchers?: string[];
  askerDepartment?: string;
  messages: { by: string; kind: string; text: string; assignedTo?: string }[];
}
export interface StoredJoinRequest {
  id: string;
  state: string;
  applicant: { aadObjectId: string; displayName: string };
  role: Record<string, unknown>;
}
export interface StoredOutboxMessage {
  key: { item: string; party: string; version: number };
  state: string;
  recipient: { kind: string; aadObjectId?: string };
  subject: { kind: string; id: string };
  view: string;
  replaces?: number;
}
export interface StoredSeries {
  id: string;
  state: string;
  reference: string;
  title: string;
  meetingKind: string;
  organiser: string;
  createdBy: string;
  invited?: string[];
  place?: string;
  joinUrl?: string;
  description?: string;
  schedule: {
    recurrence: Record<string, unknown>;
    from: string;
    time: string;
    durationMinutes: number;
    exceptions?: Record<string, { cancelled?: true; movedTo?: { date: string; time: string } }>;
  };
}
export interface StoredOccurrence {
  id: string;
  state: string;
  series: string;
  occurrence: string;
  start: string;
  rsvps: Record<string, string>;
  reminders: Record<string, string>;
}
export interface StoredAgendaItem {
  id: string;
  state: string;
  reference: string;
  createdBy: string;
  title: string;
  description: string;
  agendaKind: string;
  department: string;
  forum: string;
  urgent: boolean;
  minutes: number;
  fromGuidance?: string;
  meeting?: { seriesId: string; occurrence: string };
  acceptedSeq?: number;
  mergedInto?: string;
  reason?: string;
  outcome?: Record<string, unknown> & { kind: string };
}
export interface StoredAgendaAction {
  id: string;
  state: string;
  owner: string;
  what: string;
  due: string;
  fromItem: string;
  history: { action: string; by: string; at: string }[];
}
export interface StoredClarification {
  id: string;
  state: string;
  reference: string;
  question: string;
  clarification: string;
  decidedOn: string;
  topicId?: string;
  source: Record<string, unknown>;
  createdBy: string;
  history: { action: string; by: string }[];
}
export interface StoreDoc {
  people: Record<string, Person>;
  units: { id: string; department: string; retired?: boolean; name: { nb: string; en: string } }[];
  topics: { id: string; retired?: boolean }[];
  items: {
    join: Record<string, StoredJoinRequest>;
    guidance: Record<string, StoredRequest>;
    'meeting-series'?: Record<string, StoredSeries>;
    'meeting-occurrence'?: Record<string, StoredOccurrence>;
    'agenda-item'?: Record<string, StoredAgendaItem>;
    'agenda-action'?: Record<string, StoredAgendaAction>;
    'agenda-sheet'?: Record<string, Record<string, unknown>>;
    clarification?: Record<string, StoredClarification>;
    'priority-notice'?: Record<string, StoredPriorityNotice>;
    'kom-round'?: Record<string, Record<string, unknown>>;
    'kom-input'?: Record<string, Record<string, unknown>>;
    'mh-deletion'?: Record<string, Record<string, unknown>>;
    measure?: Record<string, StoredMeasure>;
  };
  conversations: {
    persons: Record<string, { reference: Record<string, unknown> }>;
    channels: Record<string, unknown>;
  };
  settings: { networkChannel?: { teamId: string; channelId: string } };
  outbox: { messages: Record<string, StoredOutboxMessage> };
  sequences: Record<string, number>;
}

/** What must not change when an action is refused (the claim of the activity and delivery states may). */
export interface Snapshot {
  people: unknown;
  units: unknown;
  topics: unknown;
  joinRequests: unknown;
  guidanceRequests: unknown;
  meetingSeries: unknown;
  meetings: unknown;
  agendaItems: unknown;
  agendaActions: unknown;
  agendaSheets: unknown;
  clarifications: unknown;
  priorityNotices: unknown;
  duties: unknown;
  measures: unknown;
  settings: unknown;
  sequences: unknown;
  outbox: string[];
  conversations: string[];
}

export interface Answer {
  status: number;
  body: unknown;
  /** The card of the invoke response (`{}` when there is none). */
  card: Card;
  /** Where this action's log lines start in `h.logs`. */
  logsFrom: number;
}

export type GuidanceFixtureState = 'open' | 'in-progress' | 'awaiting-info' | 'answered' | 'closed';

/**
 * What a meeting fixture is left as: `active` (a weekly coordinators' series of OPA's coordinator with
 * its second meeting moved, so that meeting has an item with answer buttons, and a series with a
 * meeting on 17 May next year), `ended` (the weekly series ended by its organiser) or `cancelled`
 * (the moved meeting cancelled by its organiser).
 */
export type MeetingFixtureState = 'active' | 'ended' | 'cancelled';

export interface MeetingFixture {
  /** The weekly coordinators' series, organised by OPA's coordinator. */
  seriesId: string;
  /** Its first meeting (original date), untouched. */
  occurrenceId: string;
  /** Its second meeting (original date), moved a day later to 11:00. */
  movedId: string;
  /** Where the second meeting was moved to. */
  movedTo: string;
  /** The item of the second meeting (made by the move). */
  itemId: string;
  /** A series of OPA's coordinator with one meeting, on 17 May next year (a public holiday). */
  holidaySeriesId: string;
  holidayId: string;
}
/**
 * A follow-up action in the store (put there directly: the outcome that makes one is recorded on
 * cards of another slice): an agenda item raised by the asker (RMA's contact, so RMA's item, curated
 * by the UDI coordinator alone here), done with a follow-up outcome, and its open action, given by the
 * UDI coordinator to ASA's coordinator, due two months ahead (no reminder falls due during a suite).
 */
export interface AgendaActionFixture {
  itemId: string;
  itemReference: string;
  itemTitle: string;
  actionId: string;
  what: string;
}

export interface World {
  h: Harness;
  click(from: TestUser, verb: string, data?: Data, options?: { team?: boolean }): Promise<Answer>;
  say(from: TestUser, text: string): Promise<void>;
  document(): Promise<StoreDoc>;
  snapshot(): Promise<Snapshot>;
  /** A new question from the asker on family immigration (assigned to the family contact), in `state`. */
  guidanceRequest(state?: GuidanceFixtureState): Promise<string>;
  /** A new pending join request from `applicant` (default: contact person in OPA's family unit). */
  joinRequest(applicant: TestUser, data?: Data): Promise<string>;
  /**
   * A new series saved from the form as Teams sends it: the form's values previewed, then saved with
   * the preview's id from its save button. Returns the series id and the preview id.
   */
  meetingSeries(as: TestUser, values: Data): Promise<{ seriesId: string; previewId: string }>;
  /** The original dates of a series' meetings in `as`'s list (from its "Vis" buttons). */
  meetingDates(as: TestUser, seriesId: string): Promise<string[]>;
  /** Meeting series made through the bot, left as `state` (see {@link MeetingFixtureState}). */
  meetingFixture(state?: MeetingFixtureState): Promise<MeetingFixture>;
  /** A new follow-up action in the store (see {@link AgendaActionFixture}). */
  agendaAction(): Promise<AgendaActionFixture>;
  /**
   * A new entry in the register of clarifications (see {@link CLARIFICATION_FIXTURE}), left `state`
   * ('proposed': from a guidance answer, waiting for the UDI coordinator's review).
   */
  clarification(state?: 'proposed' | 'active' | 'withdrawn'): Promise<string>;
  /** A new user for one case (a fresh applicant), unique in this world. */
  freshUser(prefix: string): TestUser;
  /** The bot's clock (the real one, moved on by {@link World.setClock}). */
  now(): Date;
  /**
   * Moves the bot's clock on to `iso` (never back) and lets the scheduled jobs catch up with what
   * fell due (agenda deadlines, reminders), so nothing they do lands in the middle of a case.
   */
  setClock(iso: string): Promise<void>;
  /** A new agenda item raised from the form as Teams sends it (see {@link agendaFormValues}). */
  agendaItem(as: TestUser, values?: Data): Promise<string>;
  /** Agenda items made through the bot, left as `state` (see {@link AgendaFixtureState}). */
  agendaFixture(state: AgendaFixtureState, meeting?: MeetingFixture): Promise<AgendaFixture>;
  close(): Promise<void>;
}

/** Starts the bot, seeds the roster, and lets every roster member and the outsider talk to it once. */
export async function startWorld(): Promise<World> {
  // The real clock, which a case may move on (an agenda item's meeting that has begun).
  // TEST_CLOCK_AT (an instant) starts it elsewhere, to reproduce what depends on the time of day.
  const startAt = process.env.TEST_CLOCK_AT ? Date.parse(process.env.TEST_CLOCK_AT) : Number.NaN;
  let offsetMs = Number.isNaN(startAt) ? 0 : startAt - Date.now();
  const clock = () => new Date(Date.now() + offsetMs);
  const h = await startHarness({}, { now: clock });
  const serviceUrl = h.connector.url;
  await h.seed(ROSTER);
  let questions = 0;
  let users = 0;
  let series = 0;
  let items = 0;
  let actions = 0;
  let clarifications = 0;

  const world: World = {
    h,
    async click(from, verb, data = {}, options = {}) {
      const logsFrom = h.logs.length;
      const activity = cardAction({ serviceUrl, from, verb, data, ...(options.team ? { team: TEAM } : {}) });
      const { status, body } = await h.post(activity);
      const value = (body as { value?: unknown } | undefined)?.value;
      const card = typeof value === 'object' && value !== null ? (value as Card) : {};
      return { status, body, card, logsFrom };
    },
    async say(from, text) {
      const { status } = await h.post(message({ serviceUrl, from, text }));
      expect(status).to.equal(200);
    },
    async document() {
      return readStoredDocument<StoreDoc>(h.dataDir);
    },
    async snapshot() {
      return snapshotOf(await world.document());
    },
    async guidanceRequest(state = 'open') {
      const question = `Fixture-spørsmål ${String.fromCharCode(65 + (questions % 26))}${++questions} om familieinnvandring`;
      const asked = await world.click(PEOPLE.asker, 'guidance.submit', {
        topicId: 'family-immigration',
        question,
      });
      expect(asked.status).to.equal(200);
      const doc = await world.document();
      const request = Object.values(doc.items.guidance).find((r) => r.question === question);
      expect(request, 'the fixture question was stored').to.exist;
      expect(request!.assignee).to.equal(PEOPLE.family.aadObjectId);
      const requestId = request!.id;
      const step: Record<GuidanceFixtureState, [string, Data] | undefined> = {
        open: undefined,
        'in-progress': ['guidance.take', {}],
        'awaiting-info': ['guidance.askInfo', { infoText: 'Hvilket land gjelder det?' }],
        answered: ['guidance.answer', { answerText: 'Se rundskrivet, punkt fire.' }],
        closed: ['guidance.close', { closeReason: 'Avklart på telefon.' }],
      };
      const next = step[state];
      if (next) await world.click(PEOPLE.family, next[0], { requestId, ...next[1] });
      const stored = (await world.document()).items.guidance[requestId];
      expect(stored?.state, `fixture in state ${state}`).to.equal(state);
      return requestId;
    },
    async joinRequest(applicant, data = { role: 'contact', department: 'OPA', unitId: 'opa-family' }) {
      await world.click(applicant, 'join.submit', data);
      const doc = await world.document();
      const request = Object.values(doc.items.join).find(
        (r) => r.applicant.aadObjectId === applicant.aadObjectId && r.state === 'pending',
      );
      expect(request, 'the fixture join request was stored').to.exist;
      return request!.id;
    },
    async meetingSeries(as, values) {
      const preview = await world.click(as, 'meetings.previewSeries', values);
      expect(preview.status).to.equal(200);
      const previewId = actionsOf(preview.card, 'meetings.saveSeries')[0]?.previewId;
      expect(previewId, 'the preview names its rhythm on the save button').to.be.a('string');
      const before = await world.document();
      const saved = await world.click(as, 'meetings.saveSeries', { ...values, previewId });
      expect(saved.status).to.equal(200);
      const added = Object.values((await world.document()).items['meeting-series'] ?? {}).filter(
        (s) => !before.items['meeting-series']?.[s.id],
      );
      expect(added, 'the fixture series was stored').to.have.length(1);
      return { seriesId: added[0]!.id, previewId: String(previewId) };
    },
    async meetingDates(as, seriesId) {
      const list = await world.click(as, 'meetings.list');
      return actionsOf(list.card, 'meetings.show')
        .filter((data) => data.seriesId === seriesId)
        .map((data) => String(data.occurrenceId));
    },
    async meetingFixture(state = 'active') {
      series += 1;
      const today = osloToday(clock());
      const { seriesId } = await world.meetingSeries(
        PEOPLE.opa,
        seriesFormValues(
          { title: `Koordinatormøte ${String.fromCharCode(64 + (series % 26))}${series}` },
          today,
        ),
      );
      // Every Thursday from three days ahead (the list may be cut before this series' meetings).
      const occurrenceId = weekdayOnOrAfter(String(seriesFormValues({}, today).from), 4);
      const movedId = addDays(occurrenceId, 7);
      const movedTo = addDays(movedId, 1);
      const moved = await world.click(PEOPLE.opa, 'meetings.move', {
        seriesId,
        occurrenceId: movedId,
        moveDate: movedTo,
        moveTime: '11:00',
      });
      const itemId = actionsOf(moved.card, 'meetings.rsvp')[0]?.itemId;
      expect(
        itemId,
        `the moved meeting has answer buttons (status ${moved.status}, at ${clock().toISOString()}, moving ${movedId} to ${movedTo}): ${JSON.stringify(moved.card).slice(0, 1500)}; logged: ${JSON.stringify(h.logs.filter((l) => Number(l.level) >= 40).slice(-5))}`,
      ).to.be.a('string');
      const holidayId = `${Number(today.slice(0, 4)) + 1}-05-17`;
      const holiday = await world.meetingSeries(
        PEOPLE.opa,
        seriesFormValues({ title: `Planmøte ${series}`, pattern: 'dates', dates: holidayId }, today),
      );
      if (state === 'ended') await world.click(PEOPLE.opa, 'meetings.endSeries', { seriesId });
      if (state === 'cancelled')
        await world.click(PEOPLE.opa, 'meetings.cancel', { seriesId, occurrenceId: movedId });
      const doc = await world.document();
      const stored = doc.items['meeting-series']?.[seriesId];
      expect(stored?.state, `fixture series ${state}`).to.equal(state === 'ended' ? 'ended' : 'active');
      expect(doc.items['meeting-occurrence']?.[String(itemId)]?.state).to.equal(
        state === 'cancelled' ? 'cancelled' : 'upcoming',
      );
      return {
        seriesId,
        occurrenceId,
        movedId,
        movedTo,
        itemId: String(itemId),
        holidaySeriesId: holiday.seriesId,
        holidayId,
      };
    },
    async agendaAction() {
      actions += 1;
      return putAgendaActionFixture(world, actions);
    },
    async clarification(state = 'active') {
      clarifications += 1;
      const id = `clarification-fixture-${clarifications}`;
      // Imported here, not at the top, so the suites still load where the register does not exist.
      const { newClarification, withdrawClarification } = await import(
        '../../src/features/agenda/clarifications.js'
      );
      const { clarificationsIn } = await import('../../src/features/agenda/clarification-store.js');
      const made = newClarification({
        ...CLARIFICATION_FIXTURE,
        id,
        reference: `A-2026-${String(9000 + clarifications)}`,
        ...(state === 'proposed'
          ? {
              source: {
                kind: 'guidance' as const,
                requestId: `request-fixture-${clarifications}`,
                coordinator: PEOPLE.udi.aadObjectId,
              },
            }
          : {}),
        by: PEOPLE.udi.aadObjectId,
        at: clock().toISOString(),
      });
      if (!made.ok) throw new Error('the clarification fixture is not valid');
      const entry =
        state === 'withdrawn'
          ? withdrawClarification(made.value, PEOPLE.udi.aadObjectId, clock().toISOString())
          : made;
      if (!entry.ok) throw new Error('the clarification fixture could not be withdrawn');
      await h.bot.app.store.run((uow) => clarificationsIn(uow).put(entry.value));
      return id;
    },
    freshUser(prefix) {
      users += 1;
      return teamsUser(`${prefix}-${users}`, `Ny Person ${String.fromCharCode(65 + (users % 26))}`);
    },
    now: clock,
    async setClock(iso) {
      offsetMs = Math.max(offsetMs, Date.parse(iso) - Date.now());
      await h.bot.scheduler.runNow();
    },
    async agendaItem(as, values = {}) {
      items += 1;
      const form = agendaFormValues({
        title: `Fixture-sak ${String.fromCharCode(65 + (items % 26))}${items} om felles praksis`,
        ...values,
      });
      const before = await world.document();
      const raised = await world.click(as, 'agenda.raise', form);
      expect(raised.status).to.equal(200);
      const added = Object.values((await world.document()).items['agenda-item'] ?? {}).filter(
        (i) => !before.items['agenda-item']?.[i.id],
      );
      expect(added, 'the fixture item was stored').to.have.length(1);
      expect(added[0]).to.include({ state: 'submitted', createdBy: as.aadObjectId, title: form.title });
      return added[0]!.id;
    },
    async agendaFixture(state, meeting) {
      const today = osloToday(clock());
      const itemId = await world.agendaItem(PEOPLE.family);
      const otherId = await world.agendaItem(PEOPLE.asker, { department: 'RMA' });
      const networkId = await world.agendaItem(PEOPLE.family, { forum: 'network' });
      let seriesId: string;
      let occurrence: string;
      let later: string | undefined;
      if (state === 'begun') {
        // A coordinators' meeting on one day, with the item on it; then the clock moves past its start.
        occurrence = weekdayOnOrAfter(addDays(today, 3), 2);
        series += 1;
        ({ seriesId } = await world.meetingSeries(
          PEOPLE.opa,
          seriesFormValues(
            { title: `Møtet som har begynt ${series}`, pattern: 'dates', dates: occurrence },
            today,
          ),
        ));
      } else {
        expect(meeting, 'the agenda fixture needs a meeting fixture').to.exist;
        ({ seriesId, occurrenceId: occurrence, movedId: later } = meeting!);
      }
      if (state !== 'submitted') {
        const accepted = await world.click(PEOPLE.udi, 'agenda.accept', {
          itemId,
          listId: 'none',
          meetingId: `${seriesId}|${occurrence}`,
        });
        expect(accepted.status).to.equal(200);
      }
      // Whatever the jobs do about the new series and items is done before a case looks.
      if (state === 'begun') await world.setClock(`${occurrence}T12:00:00.000Z`);
      else await h.bot.scheduler.runNow();
      const stored = (await world.document()).items['agenda-item']?.[itemId];
      expect(stored?.state, `fixture item ${state}`).to.equal(
        state === 'submitted' ? 'submitted' : 'accepted',
      );
      if (state !== 'submitted') expect(stored?.meeting).to.deep.equal({ seriesId, occurrence });
      return {
        itemId,
        otherId,
        networkId,
        seriesId,
        occurrence,
        meetingId: `${seriesId}|${occurrence}`,
        ...(later ? { laterMeetingId: `${seriesId}|${later}` } : {}),
        today: osloToday(clock()),
      };
    },
    close: () => h.close(),
  };

  for (const who of [...Object.values(PEOPLE)]) await world.say(who, 'hjelp');
  return world;
}

/** What a refusal must leave as it was (see {@link Snapshot}). */
/**
 * Items without the Bot Connector ids of their parties' cards: those are delivery states (the outbox
 * records where a card landed, in the background), which a refused action may see change.
 */
function withoutDeliveryIds<T>(items: Record<string, T>): Record<string, T> {
  return JSON.parse(
    JSON.stringify(items, (key, value) =>
      key === 'activityId' || key === 'conversationId' ? undefined : value,
    ),
  ) as Record<string, T>;
}

export function snapshotOf(doc: StoreDoc): Snapshot {
  return {
    people: doc.people,
    units: doc.units,
    topics: doc.topics,
    joinRequests: withoutDeliveryIds(doc.items.join),
    guidanceRequests: withoutDeliveryIds(doc.items.guidance),
    meetingSeries: withoutDeliveryIds(doc.items['meeting-series'] ?? {}),
    meetings: withoutDeliveryIds(doc.items['meeting-occurrence'] ?? {}),
    agendaItems: withoutDeliveryIds(doc.items['agenda-item'] ?? {}),
    agendaActions: withoutDeliveryIds(doc.items['agenda-action'] ?? {}),
    agendaSheets: withoutDeliveryIds(doc.items['agenda-sheet'] ?? {}),
    clarifications: doc.items.clarification ?? {},
    priorityNotices: withoutDeliveryIds(doc.items['priority-notice'] ?? {}),
    duties: withoutDeliveryIds({
      ...(doc.items['kom-round'] ?? {}),
      ...(doc.items['kom-input'] ?? {}),
      ...(doc.items['mh-deletion'] ?? {}),
    }),
    measures: withoutDeliveryIds(doc.items.measure ?? {}),
    settings: doc.settings,
    sequences: doc.sequences,
    outbox: Object.values(doc.outbox.messages)
      .map((m) => `${JSON.stringify(m.key)} -> ${m.recipient.aadObjectId ?? m.recipient.kind}`)
      .sort(),
    conversations: Object.keys(doc.conversations.persons).sort(),
  };
}

/**
 * Everything a refused action must leave as it was. The caller's own conversation may be remembered
 * (`caller`: a first contact).
 */
export function expectUnchanged(before: Snapshot, after: Snapshot, caller?: string): void {
  expect(after.guidanceRequests, 'guidance requests unchanged').to.deep.equal(before.guidanceRequests);
  expect(after.joinRequests, 'join requests unchanged').to.deep.equal(before.joinRequests);
  expect(after.meetingSeries, 'meeting series unchanged').to.deep.equal(before.meetingSeries);
  expect(after.meetings, 'meetings unchanged').to.deep.equal(before.meetings);
  expect(after.agendaItems, 'agenda items unchanged').to.deep.equal(before.agendaItems);
  expect(after.agendaActions, 'follow-up actions unchanged').to.deep.equal(before.agendaActions);
  expect(after.agendaSheets, 'agenda sheets unchanged').to.deep.equal(before.agendaSheets);
  expect(after.clarifications, 'register of clarifications unchanged').to.deep.equal(before.clarifications);
  expect(after.priorityNotices, 'priority notices unchanged').to.deep.equal(before.priorityNotices);
  expect(after.duties, 'yearly duties unchanged').to.deep.equal(before.duties);
  expect(after.measures, 'action plan measures unchanged').to.deep.equal(before.measures);
  expect(after.people, 'people unchanged').to.deep.equal(before.people);
  expect(after.units, 'units unchanged').to.deep.equal(before.units);
  expect(after.topics, 'topics unchanged').to.deep.equal(before.topics);
  expect(after.settings, 'settings unchanged').to.deep.equal(before.settings);
  expect(after.sequences, 'reference numbers unchanged').to.deep.equal(before.sequences);
  expect(after.outbox, 'nothing queued in the outbox').to.deep.equal(before.outbox);
  expect(
    after.conversations.filter((id) => id !== caller),
    'stored conversations unchanged',
  ).to.deep.equal(before.conversations.filter((id) => id !== caller));
}

/** How far the fake connector had got (to look only at what came after). */
export interface ConnectorMark {
  activities: number;
  creates: number;
}

export function connectorMark(world: World): ConnectorMark {
  return {
    activities: world.h.connector.activities.length,
    creates: world.h.connector.createdConversations.length,
  };
}

/**
 * Nothing was queued for or sent to any of these (forged) recipient ids since `before` / `mark`:
 * no outbox message, no conversation created at the connector, no activity in a chat of theirs.
 */
export function expectNothingFor(
  world: World,
  ids: readonly unknown[],
  before: Snapshot,
  after: Snapshot,
  mark: ConnectorMark,
): void {
  const forged = ids.filter((id): id is string => typeof id === 'string' && id.trim().length > 0);
  const { connector } = world.h;
  const queued = after.outbox.filter((entry) => !before.outbox.includes(entry));
  const created = connector.createdConversations.slice(mark.creates).map((c) => JSON.stringify(c));
  const delivered = connector.activities.slice(mark.activities);
  for (const id of forged) {
    const label = id.length > 40 ? `${id.slice(0, 40)}…` : id;
    expect(
      queued.filter((entry) => entry.endsWith(` -> ${id}`)),
      `outbox messages for ${label}`,
    ).to.deep.equal([]);
    expect(
      created.filter((c) => c.includes(id)),
      `conversations created at the connector for ${label}`,
    ).to.deep.equal([]);
    expect(
      delivered.filter((a) => a.conversationId.includes(id)).map((a) => a.conversationId),
      `activities delivered to ${label}`,
    ).to.deep.equal([]);
  }
}

// ---- the register of clarifications ------------------------------------------------------------

/**
 * What an entry of the register made by World#clarification holds: a clarification of the
 * coordinators' meeting on a reflection permit (found by "oppholdstillatelsen", an inflected form).
 */
export const CLARIFICATION_FIXTURE = {
  question: 'Kan en mulig mindreårig få refleksjonsperiode når hun allerede har søkt om oppholdstillatelse?',
  clarification:
    'Ja. Refleksjonsperioden gis uavhengig av en søknad om oppholdstillatelse som er til behandling.',
  decidedOn: '2026-03-10',
  source: {
    kind: 'meeting' as const,
    forum: 'coordinators' as const,
    seriesId: 'series-fixture',
    occurrence: '2026-03-10',
  },
  topicId: 'reflection-limited-permit',
};

// ---- meetings -----------------------------------------------------------------------------------

/** Today's date in Oslo (YYYY-MM-DD). */
export function osloToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(now);
}

/** The calendar date `days` after `date` (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

/** The first date on or after `date` that falls on `weekday` (0 Sunday … 6 Saturday). */
export function weekdayOnOrAfter(date: string, weekday: number): string {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return addDays(date, (weekday - day + 7) % 7);
}

/**
 * The series form as a coordinator fills it in: a coordinators' meeting every Thursday at 10:00 for
 * an hour, from three days ahead, with a place and a description; `extra` changes or adds fields.
 */
export function seriesFormValues(extra: Data = {}, today: string = osloToday()): Data {
  return {
    title: 'Koordinatormøte',
    meetingKind: 'coordinators',
    pattern: 'weekly',
    nth: '2',
    weekday: 'TH',
    every: '1',
    from: addDays(today, 3),
    time: '10:00',
    duration: '60',
    place: 'Møterom Oslo 4',
    description: 'Fast saksliste: runden rundt bordet.',
    agendaDeadlineDays: '7',
    ...extra,
  };
}

/** The data of every Action.Execute with this verb on the card (in ShowCards too), in order. */
export function actionsOf(card: unknown, verb: string): Data[] {
  const found: Data[] = [];
  walk(card, (node) => {
    if (node.type === 'Action.Execute' && node.verb === verb) found.push((node.data ?? {}) as Data);
  });
  return found;
}

// ---- agenda ------------------------------------------------------------------------------------

/**
 * What an agenda fixture is left as: `submitted` (raised, waiting for a curator), `accepted` (the UDI
 * coordinator put it on the meeting fixture's first meeting, which is ahead) or `begun` (put on a
 * coordinators' meeting of its own, one day only, and the bot's clock moved past that meeting's start).
 */
export type AgendaFixtureState = 'submitted' | 'accepted' | 'begun';

export interface AgendaFixture {
  /** Raised by the family contact (OPA) for the coordinators' meeting, in the fixture's state. */
  itemId: string;
  /** Raised by the asker (RMA) for the coordinators' meeting, waiting for a curator. */
  otherId: string;
  /** Raised by the family contact (OPA) for the whole network's meeting, waiting for a curator. */
  networkId: string;
  /** The meeting the item is on (`submitted`: the one it can be accepted onto). */
  seriesId: string;
  occurrence: string;
  /** `${seriesId}|${occurrence}`, as the item card's meeting picker sends it. */
  meetingId: string;
  /** A later meeting of the same series (not for `begun`: its series meets once). */
  laterMeetingId?: string;
  /** The bot's date once the fixture was made (YYYY-MM-DD). */
  today: string;
}

/** The raise form as a contact person fills it in: a general matter from OPA for the coordinators. */
export function agendaFormValues(extra: Data = {}): Data {
  return {
    title: 'Felles praksis for tilbakekall',
    description: 'Vi ser ulik praksis mellom enhetene og ønsker en felles linje.',
    agendaKind: 'general',
    department: 'OPA',
    forum: 'coordinators',
    urgent: 'false',
    minutes: '15',
    guidanceId: 'none',
    ...extra,
  };
}

/**
 * The verbs of the buttons open on the card (not inside a closed Action.ShowCard): after a problem a
 * decision's form stands open in the agenda item's body, its send and "Avbryt" buttons with it.
 */
export function openVerbs(card: unknown): string[] {
  const verbs: string[] = [];
  walkOpen(card, (siblings) => {
    for (const node of siblings)
      if (node.type === 'Action.Execute' && typeof node.verb === 'string') verbs.push(node.verb);
  });
  return verbs;
}

// ---- cards -------------------------------------------------------------------------------------

/**
 * The Norwegian catalog as the bot loads it: the core's (cards/i18n/nb.json) and every feature's
 * (cards/i18n/nb/<feature>.json, where there are any), each file holding its own top-level keys.
 */
const I18N_DIR = new URL('../../cards/i18n/', import.meta.url);
const FEATURE_CATALOGS = existsSync(new URL('nb/', I18N_DIR))
  ? readdirSync(new URL('nb/', I18N_DIR))
      .filter((name) => name.endsWith('.json'))
      .map((name) => `nb/${name}`)
  : [];
const CATALOG: Record<string, unknown> = Object.assign(
  {},
  ...['nb.json', ...FEATURE_CATALOGS].map((file) =>
    JSON.parse(readFileSync(new URL(file, I18N_DIR), 'utf8')),
  ),
);

/** A message from the Norwegian catalog, placeholders left as they are. */
export function nb(key: string): string {
  let node: unknown = CATALOG;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'string') throw new Error(`no message ${key}`);
  return node;
}

/** The notice kinds (cards/i18n: notice.<kind>) whose title is a TextBlock of the card. */
export function noticeKindsOf(card: unknown): string[] {
  const notices = (CATALOG.notice ?? {}) as Record<string, { title?: unknown }>;
  const texts = new Set<string>();
  walk(card, (node) => {
    if (node.type === 'TextBlock' && typeof node.text === 'string') texts.add(node.text);
  });
  return Object.entries(notices)
    .filter(([, n]) => typeof n.title === 'string' && texts.has(n.title))
    .map(([kind]) => kind);
}

/** Refusals the policy module words differently for who was refused. */
export const REFUSED = [
  'forbidden',
  'forbiddenCoordinator',
  'forbiddenAdmin',
  'notMember',
  'ownRequest',
  'ownQuestion',
];

/**
 * An input that is open on the card (not inside a closed Action.ShowCard), with the text of the
 * inline message right after it (an Attention, bold TextBlock), if there is one.
 */
export function openField(card: unknown, id: string): { input: Card; message?: string } | undefined {
  let found: { input: Card; message?: string } | undefined;
  walkOpen(card, (siblings) => {
    siblings.forEach((node, index) => {
      if (found || node.id !== id || typeof node.type !== 'string' || !node.type.startsWith('Input.')) return;
      const next = siblings[index + 1];
      const message =
        next?.type === 'TextBlock' && next.color === 'Attention' && next.weight === 'Bolder'
          ? String(next.text)
          : undefined;
      found = { input: node, ...(message !== undefined ? { message } : {}) };
    });
  });
  return found;
}

/** Ids of the inputs open on the card (not inside a closed Action.ShowCard). */
export function openInputIds(card: unknown): string[] {
  const ids: string[] = [];
  walkOpen(card, (siblings) => {
    for (const node of siblings)
      if (typeof node.type === 'string' && node.type.startsWith('Input.') && typeof node.id === 'string')
        ids.push(node.id);
  });
  return ids;
}

/** Every inline error message open on the card (Attention, bold TextBlocks). */
export function inlineMessages(card: unknown): string[] {
  const texts: string[] = [];
  walkOpen(card, (siblings) => {
    for (const node of siblings)
      if (node.type === 'TextBlock' && node.color === 'Attention' && node.weight === 'Bolder')
        texts.push(String(node.text));
  });
  return texts;
}

/** The value an input shows ('' when it has none). */
export function shownValue(field: { input: Card } | undefined): string {
  const value = field?.input.value;
  return value === undefined || value === null ? '' : String(value);
}

/** Choices offered by a ChoiceSet input (values). */
export function choicesOf(field: { input: Card } | undefined): string[] {
  const choices = (field?.input.choices ?? []) as { value?: unknown }[];
  return choices.map((c) => String(c.value));
}

/** Calls `visit` with every array of card elements (body, items, columns...) outside closed ShowCards. */
function walkOpen(value: unknown, visit: (siblings: Card[]) => void): void {
  if (Array.isArray(value)) {
    const elements = value.filter((v): v is Card => typeof v === 'object' && v !== null);
    visit(elements);
    for (const item of elements) walkOpen(item, visit);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const node = value as Card;
  for (const [key, child] of Object.entries(node)) {
    if (node.type === 'Action.ShowCard' && key === 'card') continue;
    walkOpen(child, visit);
  }
}

function walk(value: unknown, visit: (node: Card) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const node = value as Card;
  visit(node);
  for (const child of Object.values(node)) walk(child, visit);
}

/**
 * The answer Teams needs: HTTP 200 with an Adaptive Card, never an error card, a stack trace or a
 * failed turn in the log.
 */
export function expectCardAnswer(world: World, answer: Answer): void {
  expect(answer.status, 'HTTP status').to.equal(200);
  const body = answer.body as { statusCode?: unknown; type?: unknown } | undefined;
  expect(body?.statusCode, 'invoke statusCode').to.equal(200);
  expect(body?.type).to.equal('application/vnd.microsoft.card.adaptive');
  expect(answer.card.type).to.equal('AdaptiveCard');
  const text = JSON.stringify(answer.body);
  expect(text, 'no stack trace in the answer').not.to.match(/\\n\s+at \S|\.[jt]s:\d+:\d+|"stack"/);
  expect(noticeKindsOf(answer.card), 'not the error notice').not.to.include('error');
  const failures = world.h.logs
    .slice(answer.logsFrom)
    .filter((l) => typeof l.event === 'string' && /^turn\.(failed|unhandled)$/.test(l.event));
  expect(
    failures.map((l) => l.event),
    'no failed turn in the log',
  ).to.deep.equal([]);
}

// ---- follow-up actions (agenda) ---------------------------------------------------------------------

/** Puts the `n`th follow-up action fixture in the store, in one unit of work (see AgendaActionFixture). */
async function putAgendaActionFixture(world: World, n: number): Promise<AgendaActionFixture> {
  const app = world.h.bot.app;
  const at = app.now().toISOString();
  const year = app.now().getUTCFullYear();
  const fx: AgendaActionFixture = {
    itemId: `agenda-item-fixture-${n}`,
    itemReference: formatReference('S', year, 900 + n),
    itemTitle: `Lik praksis for refleksjonsperiode ${n}`,
    actionId: `agenda-action-fixture-${n}`,
    what: `Lag et utkast til felles rutine ${n}`,
  };
  const due = addDays(osloToday(app.now()), 60);
  const raised = newAgendaItem(
    fx.itemId,
    fx.itemReference,
    {
      title: fx.itemTitle,
      description: 'Regionene praktiserer ulikt.',
      agendaKind: 'principled',
      department: 'RMA',
      forum: 'coordinators',
      urgent: false,
      minutes: 20,
    },
    PEOPLE.asker.aadObjectId,
    at,
  );
  const item: AgendaItem = {
    ...raised,
    state: 'done',
    outcome: { kind: 'follow-up', what: fx.what, owner: PEOPLE.asa.aadObjectId, due, action: fx.actionId },
  };
  const action = newFollowUpAction(
    fx.actionId,
    formatReference('T', year, 900 + n),
    { what: fx.what, owner: PEOPLE.asa.aadObjectId, due, fromItem: item.id, department: item.department },
    PEOPLE.udi.aadObjectId,
    at,
  );
  await inUnitOfWork(app, async (uow) => {
    await agendaIn(uow).putItem(item);
    await agendaIn(uow).putAction(action);
  });
  return fx;
}

// ---- check-ins -----------------------------------------------------------------------------------

export interface CheckinFixture {
  /** Region East's check-in (its contact person is the asker), open, its meeting 30 days ahead. */
  checkinId: string;
  cycleId: string;
}

/**
 * A new cycle of an RMA regional meeting (a series id of its own, not in the store: the cards fall
 * back to the check-in's own date and due) with Region East's check-in, open, put in the store.
 */
export async function checkinFixture(world: World, n: number): Promise<CheckinFixture> {
  const { newCycle } = await import('../../src/features/checkins/checkin-cycles.js');
  const { newCheckIn } = await import('../../src/features/checkins/checkins.js');
  const { checkinsIn } = await import('../../src/features/checkins/checkin-store.js');
  const app = world.h.bot.app;
  const at = app.now().toISOString();
  const occurrence = addDays(osloToday(app.now()), 30);
  const due = `${occurrence}T10:00:00+01:00`;
  const ref = { seriesId: `checkin-fixture-series-${n}`, occurrence };
  const reference = formatReference('INN', app.now().getUTCFullYear(), 900 + n);
  const meeting = { ...ref, date: occurrence, startMs: Date.parse(due) };
  const cycle = newCycle(meeting, reference, ['rma-region-east'], due, at, false);
  const checkin = newCheckIn(ref, 'rma-region-east', reference, due, at);
  await app.store.run(async (uow) => {
    await checkinsIn(uow).putCycle(cycle);
    await checkinsIn(uow).put(checkin);
  });
  return { checkinId: checkin.id, cycleId: cycle.id };
}

// ---- priority notices (checkins) --------------------------------------------------------------------

/** A priority notice as the data file holds it (the parts the suites look at). */
export interface StoredPriorityNotice {
  id: string;
  state: string;
  reference: string;
  region: string;
  whereToFind: string;
  note?: string;
  createdBy: string;
  acknowledged?: { by: string; at: string };
  history: { action: string; by: string; at: string }[];
}

/** What a contact person of Region East (PEOPLE.asker) types into the priority notice's form. */
export const NOTICE_TYPED = {
  whereToFind: 'saksreferanse sendt i DUF-melding 12.01.2027',
  note: 'Plassert i krisebolig i går.',
} as const;

/** A priority notice from Region East (sent by PEOPLE.asker, not acknowledged) put in the store. */
export interface PriorityNoticeFixture {
  noticeId: string;
  reference: string;
  whereToFind: string;
}

let notices = 0;
/** Puts a new priority notice fixture in the store, in one unit of work (nobody is sent a card). */
export async function putPriorityNoticeFixture(world: World): Promise<PriorityNoticeFixture> {
  notices += 1;
  // Imported here, not at the top, so the suites still load where the notices do not exist.
  const { newPriorityNotice } = await import('../../src/features/checkins/priority-notices.js');
  const { noticesIn } = await import('../../src/features/checkins/notice-store.js');
  const app = world.h.bot.app;
  const fx: PriorityNoticeFixture = {
    noticeId: `priority-notice-fixture-${notices}`,
    reference: formatReference('P', app.now().getUTCFullYear(), 900 + notices),
    whereToFind: `saksreferanse sendt i DUF-melding, fixture ${notices}`,
  };
  const notice = newPriorityNotice(
    fx.noticeId,
    fx.reference,
    'rma-region-east',
    { whereToFind: fx.whereToFind, note: NOTICE_TYPED.note },
    PEOPLE.asker.aadObjectId,
    app.now().toISOString(),
  );
  await inUnitOfWork(app, (uow) => noticesIn(uow).put(notice));
  return fx;
}

/** A contact person of a regional office that may not send priority notices (Region West). */
export const WEST_CONTACT = teamsUser('west', 'Vera Vest');

/** Puts WEST_CONTACT in the roster (once), as a contact person of Region West. */
export async function putWestContact(world: World): Promise<void> {
  await inUnitOfWork(world.h.bot.app, async (uow) => {
    if (await uow.people.get(WEST_CONTACT.aadObjectId)) return;
    await uow.people.put({
      aadObjectId: WEST_CONTACT.aadObjectId,
      displayName: WEST_CONTACT.name,
      since: SINCE,
      roles: [{ kind: 'contact', department: 'RMA', unitId: 'rma-region-west' }],
    });
  });
}

// ---- yearly duties ---------------------------------------------------------------------------------

export interface DutiesFixture {
  /** A KOM round (report year 2000 + n), open, its deadline 30 days ahead, every input requested. */
  roundId: string;
  /** OPA's input in it (OPA's coordinator answers it). */
  opaInputId: string;
  /** ASA's input in it. */
  asaInputId: string;
  /** The MH-code deletion task of the same year, open. */
  deletionId: string;
  /** What OPA's coordinator types into the input form. */
  typed: Record<string, string>;
}

/** A round with its inputs and a deletion task, put in the store (nobody is sent a card). */
export async function dutiesFixture(world: World, n: number): Promise<DutiesFixture> {
  const { newRound, newInput } = await import('../../src/features/duties/kom-rounds.js');
  const { newDeletion } = await import('../../src/features/duties/mh-deletions.js');
  const { dutiesIn } = await import('../../src/features/duties/duties-store.js');
  const app = world.h.bot.app;
  const at = app.now().toISOString();
  const year = 2000 + n;
  const deadline = addDays(osloToday(app.now()), 30);
  const round = newRound(year, deadline, formatReference('K', year, 900 + n), PEOPLE.udi.aadObjectId, at);
  const inputs = round.departments.map((d) => newInput(round, d, at));
  const deletion = newDeletion(
    year,
    '2001-06-01',
    formatReference('M', year, 900 + n),
    PEOPLE.udi.aadObjectId,
    at,
  );
  await app.store.run(async (uow) => {
    await dutiesIn(uow).putRound(round);
    for (const input of inputs) await dutiesIn(uow).putInput(input);
    await dutiesIn(uow).putDeletion(deletion);
  });
  return {
    roundId: round.id,
    opaInputId: `kom-input.${year}.OPA`,
    asaInputId: `kom-input.${year}.ASA`,
    deletionId: deletion.id,
    typed: {
      text: 'Flere søknader om refleksjon fra personer utnyttet i landbruket',
      reflectionApplications: '14',
      reflectionGrants: '10',
      reflectionRefusals: '3',
      limitedApplications: '5',
      limitedGrants: '4',
      limitedRefusals: '1',
    },
  };
}

// ---- action plans ------------------------------------------------------------------------------------

/** A measure as the data file holds it (the parts the suites look at). */
export interface StoredMeasure {
  id: string;
  state: string;
  reference: string;
  title: string;
  plan: string;
  department: string;
  owner: string;
  due: string;
  status: string;
  reports: { by: string; status: string; text: string }[];
  history: { action: string; by: string; at: string }[];
}

/** What the UDI coordinator types into the measure form (owner: ASA's coordinator). */
export const MEASURE_TYPED = {
  title: 'Bedre identifisering av mulige ofre i asylmottak',
  plan: 'Handlingsplan mot menneskehandel 2025–2028',
  department: 'ASA',
  owner: PEOPLE.asa.aadObjectId,
  due: '2027-06-30',
} as const;

/** A measure of ASA owned by ASA's coordinator, active, put in the store (nobody is sent a card). */
export interface MeasureFixture {
  measureId: string;
  reference: string;
  planId: string;
}

let measures = 0;
export async function putMeasureFixture(world: World): Promise<MeasureFixture> {
  measures += 1;
  const { newMeasure, planSlug } = await import('../../src/features/actionplans/measures.js');
  const { measuresIn } = await import('../../src/features/actionplans/measure-store.js');
  const app = world.h.bot.app;
  const due = addDays(osloToday(app.now()), 90);
  const measure = newMeasure(
    `measure-fixture-${measures}`,
    formatReference('HP', app.now().getUTCFullYear(), 900 + measures),
    { ...MEASURE_TYPED, department: 'ASA', due },
    PEOPLE.udi.aadObjectId,
    app.now().toISOString(),
  );
  await inUnitOfWork(app, (uow) => measuresIn(uow).put(measure));
  return { measureId: measure.id, reference: measure.reference, planId: planSlug(measure.plan) };
}
