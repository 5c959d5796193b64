/**
 * Every id in card data is resolved and checked (issue 7), end to end: for every Action.Execute verb,
 * Teams-shaped invokes with forged, unknown, ineligible and malformed ids (and extra keys) are posted
 * to the real bot. Each answer must be HTTP 200 with a sensible card (never an error), a refusal must
 * change nothing in the store, nothing may go to a forged recipient, and a positive control per group
 * shows that the same path does act when the data is valid.
 */
import { expect } from 'chai';
import { t } from '../../src/cards/i18n.js';
import { topicsIn } from '../../src/features/guidance/guidance-store.js';
import { textOf, verbsOf } from '../support/card-inspect.js';
import { putDeadLetter } from '../support/dead-letter.js';
import { VERBS, type Verb } from '../support/features.js';
import type { TestUser } from '../support/teams-activities.js';
import {
  type AgendaActionFixture,
  type AgendaFixture,
  type AgendaFixtureState,
  actionsOf,
  addDays,
  agendaFormValues,
  type Card,
  type CheckinFixture,
  CLARIFICATION_FIXTURE,
  type ConnectorMark,
  checkinFixture,
  choicesOf,
  connectorMark,
  type Data,
  type DutiesFixture,
  dutiesFixture,
  expectCardAnswer,
  expectNothingFor,
  expectUnchanged,
  type GuidanceFixtureState,
  inlineMessages,
  MEASURE_TYPED,
  type MeasureFixture,
  type MeetingFixture,
  type MeetingFixtureState,
  NEVER_SEEN,
  NOTICE_TYPED,
  nb,
  noticeKindsOf,
  openField,
  openInputIds,
  openVerbs,
  osloToday,
  PEOPLE,
  type PriorityNoticeFixture,
  putMeasureFixture,
  putPriorityNoticeFixture,
  putWestContact,
  REFUSED,
  type StoreDoc,
  seriesFormValues,
  shownValue,
  snapshotOf,
  startWorld,
  WEST_CONTACT,
  type World,
} from '../support/verb-cases.js';

const { udi, opa, asa, family, asker, away, admin, outsider } = PEOPLE;
const LONG = 'x'.repeat(20_000);

/**
 * What a case needs before it runs, made through the bot the way Teams would (and reused by the
 * next cases with the same needs while nothing changed it).
 */
interface Needs {
  guidance?: GuidanceFixtureState;
  /** A pending join request: from a fresh applicant (OPA contact), or the asker's own (ASA deputy). */
  join?: 'fresh' | 'own';
  /** A dead letter in the outbox. */
  deadLetter?: boolean;
  /** The unit lists as the editor shows them. */
  unitTexts?: boolean;
  /** Meeting series made through the bot (see MeetingFixtureState). */
  meeting?: MeetingFixtureState;
  /** The preview id of the series form's default rhythm (seriesFormValues), from a preview's save button. */
  preview?: boolean;
  /**
   * Agenda items made through the bot (see AgendaFixtureState); `submitted` and `accepted` come with
   * a meeting fixture (`meeting`, default active), whose first meeting they can go on.
   */
  agenda?: AgendaFixtureState;
  /** A follow-up action in the store (verb-cases: World#agendaAction), open or done by its owner. */
  agendaAction?: 'open' | 'done';
  /** An entry in the register of clarifications (verb-cases: World#clarification). */
  clarification?: 'proposed' | 'active' | 'withdrawn';
  /** Region East's check-in, open, in the store (verb-cases: checkinFixture). */
  checkin?: 'open';
  /** A priority notice from Region East in the store (verb-cases: putPriorityNoticeFixture), or acknowledged by ASA. */
  notice?: 'open' | 'acknowledged';
  /** A contact person of Region West in the roster (verb-cases: WEST_CONTACT). */
  westContact?: boolean;
  /** A KOM round with its inputs and a deletion task (verb-cases: dutiesFixture). */
  duties?: boolean;
  /** An action plan measure of ASA owned by ASA's coordinator (verb-cases: putMeasureFixture). */
  measure?: 'active';
}

interface Fixture {
  requestId: string;
  joinId: string;
  /** The unit lists as the editor shows them now. */
  unitTexts: { OPA: string; ASA: string; RMA: string };
  /** The person the case acts as, when it is a fresh one. */
  user?: TestUser;
  meeting?: MeetingFixture;
  previewId?: string;
  agenda?: AgendaFixture;
  agendaAction?: AgendaActionFixture;
  /** The entry of the register the case needs. */
  entryId?: string;
  checkin?: CheckinFixture;
  notice?: PriorityNoticeFixture;
  duties?: DutiesFixture;
  measure?: MeasureFixture;
}

interface Case {
  name: string;
  /** Who clicks; 'fresh' is a new tenant user for this case. */
  as: TestUser | 'fresh';
  team?: boolean;
  needs?: Needs;
  data: (fx: Fixture) => Data;
  /** The card that must come back. */
  expect: (card: Card, fx: Fixture) => void;
  /** How the store must change; without it, a refusal: nothing may change. */
  changes?: (before: StoreDoc, after: StoreDoc, fx: Fixture) => void;
  /** Recipient ids that must get nothing (outsider, a user never seen, the away member and the admin always). */
  forged?: (fx: Fixture) => unknown[];
}

// ---- what the answer must be ---------------------------------------------------------------------

const notice =
  (...kinds: string[]) =>
  (card: Card) => {
    const found = noticeKindsOf(card);
    expect(
      found.some((k) => kinds.includes(k)),
      `a notice ${kinds.join('/')}; got ${found.join('/') || textOf(card).slice(0, 300)}`,
    ).to.equal(true);
  };
const stale = notice('stale');
const refused = notice(...REFUSED);

/** The same form, open, with the message next to `field`. */
const formError =
  (inputs: readonly string[], field: string, emptied = true) =>
  (card: Card) => {
    expect(openInputIds(card), 'the form comes back').to.include.members([...inputs]);
    const at = openField(card, field);
    expect(at?.message, `a message next to ${field}`).to.be.a('string').and.not.equal('');
    if (emptied) expect(shownValue(at), `${field} emptied`).to.equal('');
  };

/** The item card with the inline form of `field` open and a message next to it; `kept` are kept. */
const itemFormError =
  (field: string, kept: Record<string, string> = {}) =>
  (card: Card) => {
    expect(noticeKindsOf(card), 'the item card, not a notice').to.deep.equal([]);
    const at = openField(card, field);
    expect(at, `the form with ${field} is open`).to.exist;
    expect(at?.message, `a message next to ${field}`).to.be.a('string').and.not.equal('');
    for (const [id, value] of Object.entries(kept))
      expect(shownValue(openField(card, id)), `${id} kept`).to.equal(value);
  };

/** The item card (no notice), showing that the request moved on (a banner), no form open. */
const itemBanner = (code: string) => (card: Card) => {
  expect(noticeKindsOf(card), 'the item card, not a notice').to.deep.equal([]);
  expect(textOf(card)).to.include(nb(`guidance.errors.${code}`));
};

/** None of `unwanted` is in `list` (chai's not.include.members only fails when all of them are). */
function expectNone(list: readonly string[], unwanted: readonly string[], what = 'none of them'): void {
  expect(
    list.filter((item) => unwanted.includes(item)),
    what,
  ).to.deep.equal([]);
}

const JOIN_INPUTS = ['role', 'department', 'unitId'];
const ASK_INPUTS = ['topicId', 'askerDepartment', 'origin', 'externalSource', 'urgency', 'question'];
const UNIT_INPUTS = ['units-OPA', 'units-ASA', 'units-RMA'];

// ---- reusable groups of cases ----------------------------------------------------------------------

const BAD_IDS: [string, (fx: Fixture) => unknown][] = [
  ['an unknown id', () => 'no-such-request-0000'],
  ['garbage', () => '../../etc/passwd\u0000"><script>'],
  ['a very long string', () => LONG],
  ['a number', () => 4242],
  ['an object holding the real id', (fx) => ({ id: fx.requestId || fx.joinId })],
  ['an array holding the real id', (fx) => [fx.requestId || fx.joinId]],
  ['null', () => null],
];

/** requestId forged in every way: a stale notice, nothing changes. */
function badRequestIds(
  as: TestUser,
  needs: Needs,
  data: (fx: Fixture) => Data = () => ({}),
  otherKind: 'join' | 'guidance' = needs.join ? 'guidance' : 'join',
): Case[] {
  const cases: Case[] = BAD_IDS.map(([label, id]) => ({
    name: `requestId is ${label}: stale notice, nothing changes`,
    as,
    needs,
    data: (fx) => ({ ...data(fx), requestId: id(fx) }),
    expect: stale,
  }));
  cases.push({
    name: `requestId of a ${otherKind} request (the wrong kind of item): stale notice`,
    as,
    needs: { ...needs, ...(otherKind === 'join' ? { join: 'fresh' } : { guidance: 'open' }) },
    data: (fx) => ({ ...data(fx), requestId: otherKind === 'join' ? fx.joinId : fx.requestId }),
    expect: stale,
  });
  return cases;
}

/** Someone the policy does not let act on this item: refused with a notice, nothing changes. */
function notTheirs(verbNeeds: Needs, data: (fx: Fixture) => Data, who: TestUser[]): Case[] {
  return who.map((as) => ({
    name: `on someone else's request, by ${as.name}: refused, nothing changes`,
    as,
    needs: verbNeeds,
    data: (fx) => ({ requestId: fx.requestId, ...data(fx) }),
    expect: refused,
  }));
}

/** Forged keys that name people, on an action that is otherwise valid. */
const FORGED_PEOPLE = {
  assignee: outsider.aadObjectId,
  asker: outsider.aadObjectId,
  to: NEVER_SEEN.aadObjectId,
  forwardTo: outsider.aadObjectId,
  udiCoordinator: outsider.aadObjectId,
  watchers: [outsider.aadObjectId, NEVER_SEEN.aadObjectId],
  aadObjectId: outsider.aadObjectId,
  state: 'closed',
};

function requestOf(doc: StoreDoc, id: string) {
  const request = doc.items.guidance[id];
  expect(request, 'the request is stored').to.exist;
  return request!;
}

const FORWARD_REASON = 'Gjelder OPA sitt område';

/** A forward that must be refused: the item card with the picker open, emptied, and a message. */
function refusedForward(name: string, forwardTo: (fx: Fixture) => unknown): Case {
  return {
    name: `forwardTo ${name}: the forward form comes back with a message at the picker, nothing changes`,
    as: family,
    needs: { guidance: 'open' },
    data: (fx) => ({ requestId: fx.requestId, forwardTo: forwardTo(fx), forwardReason: FORWARD_REASON }),
    expect: (card) => {
      itemFormError('forwardTo', { forwardReason: FORWARD_REASON })(card);
      expect(shownValue(openField(card, 'forwardTo')), 'the picker emptied').to.equal('');
      expectNone(
        choicesOf(openField(card, 'forwardTo')),
        [outsider.aadObjectId, asker.aadObjectId, away.aadObjectId, admin.aadObjectId, family.aadObjectId],
        'only eligible people offered',
      );
    },
    // The asker and the assignee get cards about the request anyway: "unchanged" covers them.
    forged: (fx) => [forwardTo(fx)].filter((id) => id !== asker.aadObjectId && id !== family.aadObjectId),
  };
}

/** The item's free text sent as something other than a string: the form with a message at the field. */
function nonStringText(verb: string, as: TestUser, needs: Needs, field: string): Case[] {
  return [42, { text: 'Svar' }, ['Svar']].map((value) => ({
    name: `${field} is ${Array.isArray(value) ? 'an array' : typeof value}: the ${verb} form comes back with a message`,
    as,
    needs,
    data: (fx) => ({ requestId: fx.requestId, [field]: value }),
    expect: itemFormError(field),
  }));
}

// ---- meetings ----------------------------------------------------------------------------------------

const MEETING_FORM = [
  'title',
  'meetingKind',
  'invited',
  'pattern',
  'nth',
  'weekday',
  'every',
  'dates',
  'from',
  'time',
  'duration',
  'place',
  'joinUrl',
  'description',
  'agendaDeadlineDays',
];
const MEETING_VERBS = ['meetings.move', 'meetings.cancel'];

function seriesOf(doc: StoreDoc, id: string) {
  const series = doc.items['meeting-series']?.[id];
  expect(series, 'the series is stored').to.exist;
  return series!;
}

function meetingOf(doc: StoreDoc, id: string) {
  const meeting = doc.items['meeting-occurrence']?.[id];
  expect(meeting, 'the meeting is stored').to.exist;
  return meeting!;
}

function meetingAt(doc: StoreDoc, seriesId: string, occurrence: string) {
  const meeting = Object.values(doc.items['meeting-occurrence'] ?? {}).find(
    (m) => m.series === seriesId && m.occurrence === occurrence,
  );
  expect(meeting, 'the meeting is stored').to.exist;
  return meeting!;
}

function addedSeries(before: StoreDoc, after: StoreDoc) {
  return Object.values(after.items['meeting-series'] ?? {}).filter(
    (s) => !before.items['meeting-series']?.[s.id],
  );
}

/** The fixture's meetings (every case that uses it names `meeting` in its needs). */
const mf = (fx: Fixture): MeetingFixture => {
  expect(fx.meeting, 'the case needs a meeting fixture').to.exist;
  return fx.meeting!;
};

/** A card about one meeting of the fixture's weekly series (not a notice), with or without the organiser's buttons. */
const meetingShown =
  (manage: boolean) =>
  (card: Card): void => {
    expect(noticeKindsOf(card), 'the meeting card, not a notice').to.deep.equal([]);
    expect(textOf(card)).to.include('Koordinatormøte');
    if (manage) expect(verbsOf(card)).to.include.members(MEETING_VERBS);
    else expectNone(verbsOf(card), MEETING_VERBS, 'no moving or cancelling');
  };

/**
 * The meeting card with its move form open (not behind its button), a message next to `field`, and
 * what was typed into the other field kept.
 */
const moveError = (field: 'moveDate' | 'moveTime', kept: Record<string, string>) => (card: Card) => {
  expect(noticeKindsOf(card), 'the meeting card, not a notice').to.deep.equal([]);
  const at = openField(card, field);
  expect(at, 'the move form is open').to.exist;
  expect(at?.message, `a message next to ${field}`).to.be.a('string').and.not.equal('');
  for (const [id, value] of Object.entries(kept))
    expect(shownValue(openField(card, id)), `${id} kept`).to.equal(value);
};

/** The series form with the message "check the dates" and what was typed kept. */
const checkDates = (card: Card) => {
  expect(openInputIds(card), 'the form comes back').to.include.members(MEETING_FORM);
  expect(inlineMessages(card), 'the dates are shown first').to.include(nb('meetings.form.checkDates'));
  expect(shownValue(openField(card, 'title')), 'title kept').to.equal(seriesFormValues().title);
};

/** No name of a network member on the card (the series form lists them for invitations). */
const noMemberNames = (card: Card) => {
  for (const who of [udi, opa, asa, family, asker, away])
    expect(JSON.stringify(card), `${who.name} is not on the card`).not.to.include(who.name);
};

const BAD_SERIES_IDS: [string, (fx: Fixture) => unknown][] = [
  ['an unknown id', () => 'no-such-series-0000'],
  ['garbage', () => '../../etc/passwd\u0000"><script>'],
  ['a very long string', () => LONG],
  ['a number', () => 4242],
  ['an object holding the real id', (fx) => ({ id: mf(fx).seriesId })],
  ['an array holding the real id', (fx) => [mf(fx).seriesId]],
  ['null', () => null],
  ['the id of a meeting (the wrong kind of item)', (fx) => mf(fx).itemId],
];

/** seriesId forged in every way: a stale notice, nothing changes. */
function badSeriesIds(as: TestUser, data: (fx: Fixture) => Data = () => ({})): Case[] {
  return BAD_SERIES_IDS.map(([label, id]) => ({
    name: `seriesId is ${label}: stale notice, nothing changes`,
    as,
    needs: { meeting: 'active' },
    data: (fx) => ({ ...data(fx), seriesId: id(fx) }),
    expect: stale,
  }));
}

const BAD_OCCURRENCE_IDS: [string, (fx: Fixture) => unknown][] = [
  ['a date the series does not meet on', (fx) => addDays(mf(fx).occurrenceId, 1)],
  ['the date a meeting was moved to (not its own date)', (fx) => mf(fx).movedTo],
  ['the date of another series’ meeting', (fx) => mf(fx).holidayId],
  ['not a date', () => '2027-13-45'],
  ['a number', () => 20270114],
  ['an array holding a real date', (fx) => [mf(fx).occurrenceId]],
];

/** occurrenceId forged in every way: a stale notice, nothing changes. */
function badOccurrenceIds(as: TestUser, data: (fx: Fixture) => Data = () => ({})): Case[] {
  return BAD_OCCURRENCE_IDS.map(([label, id]) => ({
    name: `occurrenceId is ${label}: stale notice, nothing changes`,
    as,
    needs: { meeting: 'active' },
    data: (fx) => ({ seriesId: mf(fx).seriesId, ...data(fx), occurrenceId: id(fx) }),
    expect: stale,
  }));
}

/** Someone who may not manage the fixture's series: refused, nothing changes. */
function notOrganiser(data: (fx: Fixture) => Data, who: TestUser[] = [asa, family, outsider]): Case[] {
  return who.map((as) => ({
    name: `by ${as.name}, who does not organise the series: refused, nothing changes`,
    as,
    needs: { meeting: 'active' },
    data,
    expect: refused,
  }));
}

/** Forged keys about a meeting, on an action that is otherwise valid. */
const FORGED_MEETING = {
  organiser: outsider.aadObjectId,
  createdBy: outsider.aadObjectId,
  invited: [outsider.aadObjectId, NEVER_SEEN.aadObjectId],
  invitees: [outsider.aadObjectId],
  rsvps: { [outsider.aadObjectId]: 'attending' },
  aadObjectId: outsider.aadObjectId,
  canManage: true,
  state: 'ended',
  reference: 'M-1999-9999',
  id: 'forged-series',
};

/** A problem in one field of the series form: the form with a message at it, what was typed kept. */
function seriesFieldProblems(verb: 'meetings.previewSeries' | 'meetings.saveSeries'): Case[] {
  const save = verb === 'meetings.saveSeries';
  const problems: [string, Data, string][] = [
    ['a title far too long', { title: 'x'.repeat(121) }, 'title'],
    ['a title that is not text', { title: { text: 'Møte' } }, 'title'],
    ['a kind of meeting that does not exist', { meetingKind: 'admin' }, 'meetingKind'],
    ['a rhythm that does not exist', { pattern: 'daily' }, 'pattern'],
    ['dates that are not dates', { pattern: 'dates', dates: '31.02.2027, i morgen' }, 'dates'],
    ['a start date that is not a date', { from: '2027-02-30' }, 'from'],
    ['a time that does not exist', { time: '25:61' }, 'time'],
    ['a length not offered', { duration: '7' }, 'duration'],
    [
      'a link to another site',
      { joinUrl: 'https://teams.microsoft.com.evil.example/l/meetup-join/x' },
      'joinUrl',
    ],
    ['a plain http link to Teams', { joinUrl: 'http://teams.microsoft.com/l/meetup-join/x' }, 'joinUrl'],
    ['a javascript: link', { joinUrl: 'javascript:alert(1)' }, 'joinUrl'],
    ['a subgroup meeting without anyone invited', { meetingKind: 'adhoc', invited: '' }, 'invited'],
  ];
  if (save)
    problems.push(
      [
        'a subgroup meeting inviting an outsider',
        { meetingKind: 'adhoc', invited: outsider.aadObjectId },
        'invited',
      ],
      [
        'a subgroup meeting inviting someone the bot never saw',
        { meetingKind: 'adhoc', invited: `${opa.aadObjectId},${NEVER_SEEN.aadObjectId}` },
        'invited',
      ],
    );
  return problems.map(([label, data, field]) => ({
    name: `${label}: the form with a message at ${field}, nothing stored`,
    as: opa,
    ...(save ? { needs: { preview: true } } : {}),
    data: (fx) => ({ ...seriesFormValues(data), ...(save ? { previewId: fx.previewId } : {}) }),
    expect: (card) => {
      formError(MEETING_FORM, field, false)(card);
      for (const kept of ['place', 'description'])
        expect(shownValue(openField(card, kept)), `${kept} kept`).to.equal(seriesFormValues()[kept]);
    },
    forged: () => [outsider.aadObjectId, NEVER_SEEN.aadObjectId],
  }));
}

const MEETING_CASES: Record<Verb, Case[]> = {
  'meetings.list': [
    {
      name: 'an outsider claiming membership in the data: refused',
      as: outsider,
      data: () => ({ isMember: true, roles: [{ kind: 'coordinator', department: 'AUA' }] }),
      expect: refused,
    },
    {
      name: 'a contact person with a forged role: the list, without making series or setting up the rhythm',
      as: family,
      data: () => ({ role: 'coordinator', isUdiCoordinator: true, canCreate: true, offerRhythm: true }),
      expect: (card) => {
        expect(textOf(card)).to.include(nb('meetings.list.title'));
        expectNone(verbsOf(card), ['meetings.newSeries', 'meetings.setupRhythm']);
      },
    },
    {
      name: 'positive control: the UDI coordinator, with garbage in the data, is offered the rhythm and a new series',
      as: udi,
      data: () => ({ listId: { x: 1 }, seriesId: 42 }),
      expect: (card) =>
        expect(verbsOf(card)).to.include.members(['meetings.setupRhythm', 'meetings.newSeries']),
    },
    {
      name: 'someone not invited, naming the series in the data: its meetings are not listed',
      as: family,
      needs: { meeting: 'active' },
      data: (fx) => ({ seriesId: mf(fx).seriesId, aadObjectId: opa.aadObjectId }),
      expect: (card) => expect(textOf(card)).not.to.include('Koordinatormøte'),
    },
  ],

  'meetings.show': [
    ...badSeriesIds(asa, (fx) => ({ occurrenceId: mf(fx).occurrenceId })),
    ...badOccurrenceIds(asa),
    ...[family, asker, outsider].map(
      (as): Case => ({
        name: `by ${as.name}, who is not invited: refused`,
        as,
        needs: { meeting: 'active' },
        data: (fx) => ({ seriesId: mf(fx).seriesId, occurrenceId: mf(fx).occurrenceId, ...FORGED_MEETING }),
        expect: refused,
      }),
    ),
    {
      name: 'a meeting of an ended series: stale notice',
      as: opa,
      needs: { meeting: 'ended' },
      data: (fx) => ({ seriesId: mf(fx).seriesId, occurrenceId: mf(fx).occurrenceId }),
      expect: stale,
    },
    {
      name: 'someone invited, with forged organiser and rights in the data: the meeting, without moving or cancelling',
      as: asa,
      needs: { meeting: 'active' },
      data: (fx) => ({
        seriesId: mf(fx).seriesId,
        occurrenceId: mf(fx).occurrenceId,
        ...FORGED_MEETING,
        organiser: asa.aadObjectId,
      }),
      expect: meetingShown(false),
    },
    {
      name: 'positive control: the organiser sees the meeting with moving and cancelling',
      as: opa,
      needs: { meeting: 'active' },
      data: (fx) => ({ seriesId: mf(fx).seriesId, occurrenceId: mf(fx).occurrenceId, listId: 'meetings' }),
      expect: meetingShown(true),
    },
  ],

  'meetings.newSeries': [
    {
      name: 'a contact person with a forged role: refused',
      as: family,
      data: () => ({ role: 'coordinator', canCreate: true }),
      expect: refused,
    },
    {
      name: 'an outsider: refused, and no member names',
      as: outsider,
      data: () => ({ isMember: true }),
      expect: (card) => {
        refused(card);
        noMemberNames(card);
      },
    },
    {
      name: 'in a team channel: "only in the personal chat"',
      as: opa,
      team: true,
      data: () => ({ scope: 'personal' }),
      expect: notice('personalOnly'),
    },
    {
      name: 'positive control, with another series’ id and values in the data: a new, empty form',
      as: opa,
      needs: { meeting: 'active' },
      data: (fx) => ({ seriesId: mf(fx).seriesId, title: 'Forfalsket', organiser: outsider.aadObjectId }),
      expect: (card) => {
        expect(openInputIds(card)).to.include.members(MEETING_FORM);
        expect(shownValue(openField(card, 'title'))).to.equal('');
        expectNone(verbsOf(card), ['meetings.endSeries']);
        expect(actionsOf(card, 'meetings.saveSeries').map((d) => d.seriesId)).to.deep.equal([undefined]);
      },
    },
  ],

  'meetings.editSeries': [
    ...badSeriesIds(opa),
    ...notOrganiser((fx) => ({ seriesId: mf(fx).seriesId, organiser: asa.aadObjectId })),
    {
      name: 'an ended series: stale notice',
      as: opa,
      needs: { meeting: 'ended' },
      data: (fx) => ({ seriesId: mf(fx).seriesId }),
      expect: stale,
    },
    {
      name: 'in a team channel: "only in the personal chat"',
      as: opa,
      team: true,
      needs: { meeting: 'active' },
      data: (fx) => ({ seriesId: mf(fx).seriesId }),
      expect: notice('personalOnly'),
    },
    {
      name: 'positive control: the UDI coordinator gets the form with the series as stored, not the forged values',
      as: udi,
      needs: { meeting: 'active' },
      data: (fx) => ({ seriesId: mf(fx).seriesId, ...FORGED_MEETING, title: 'Forfalsket tittel' }),
      expect: (card, fx) => {
        expect(shownValue(openField(card, 'title'))).to.match(/^Koordinatormøte /);
        expect(verbsOf(card)).to.include('meetings.endSeries');
        expect(actionsOf(card, 'meetings.saveSeries')[0]?.seriesId).to.equal(mf(fx).seriesId);
      },
    },
  ],

  'meetings.previewSeries': [
    {
      name: 'an outsider with a complete form: refused, and no member names',
      as: outsider,
      data: () => seriesFormValues(),
      expect: (card) => {
        refused(card);
        noMemberNames(card);
      },
    },
    {
      name: 'a contact person with a complete form: refused',
      as: family,
      data: () => seriesFormValues(),
      expect: refused,
    },
    ...badSeriesIds(opa, () => seriesFormValues()),
    ...notOrganiser((fx) => ({ ...seriesFormValues(), seriesId: mf(fx).seriesId }), [asa, family]),
    ...seriesFieldProblems('meetings.previewSeries'),
    {
      name: 'positive control, with forged organiser and ids: the next dates, nothing stored',
      as: opa,
      data: () => ({ ...seriesFormValues(), ...FORGED_MEETING }),
      expect: (card) => {
        expect(textOf(card)).to.include(nb('meetings.form.previewHeading'));
        expect(actionsOf(card, 'meetings.saveSeries')[0]?.previewId).to.match(/^[0-9a-f]{16}$/);
        expect(inlineMessages(card)).to.deep.equal([]);
      },
    },
  ],

  'meetings.saveSeries': [
    {
      name: 'an outsider with a complete, previewed form: refused, nothing stored, no member names',
      as: outsider,
      needs: { preview: true },
      data: (fx) => ({ ...seriesFormValues(), previewId: fx.previewId }),
      expect: (card) => {
        refused(card);
        noMemberNames(card);
      },
    },
    {
      name: 'an outsider with a form not previewed: refused, no member names',
      as: outsider,
      data: () => seriesFormValues(),
      expect: (card) => {
        refused(card);
        noMemberNames(card);
      },
    },
    {
      name: 'a contact person with a complete, previewed form: refused, nothing stored',
      as: family,
      needs: { preview: true },
      data: (fx) => ({ ...seriesFormValues(), previewId: fx.previewId }),
      expect: refused,
    },
    ...(
      [
        ['no preview id', () => undefined],
        ['a forged preview id', () => 'f00dfeedf00dfeed'],
        ['a preview id that is not text', () => ({ id: 'x' })],
      ] as [string, (fx: Fixture) => unknown][]
    ).map(
      ([label, previewId]): Case => ({
        name: `${label}: the dates are shown first, what was typed kept, nothing stored`,
        as: opa,
        data: (fx) => ({ ...seriesFormValues(), previewId: previewId(fx) }),
        expect: checkDates,
      }),
    ),
    {
      name: 'the preview id of another rhythm (the time changed since): the dates are shown first, nothing stored',
      as: opa,
      needs: { preview: true },
      data: (fx) => ({ ...seriesFormValues({ time: '14:00' }), previewId: fx.previewId }),
      expect: (card) => {
        expect(inlineMessages(card)).to.include(nb('meetings.form.checkDates'));
        expect(shownValue(openField(card, 'time'))).to.equal('14:00');
      },
    },
    ...seriesFieldProblems('meetings.saveSeries'),
    ...badSeriesIds(opa, () => seriesFormValues()).map((c) => ({
      ...c,
      needs: { ...c.needs, preview: true },
    })),
    ...notOrganiser(
      (fx) => ({ ...seriesFormValues(), seriesId: mf(fx).seriesId, previewId: fx.previewId }),
      [asa, family, outsider],
    ).map((c) => ({ ...c, needs: { ...c.needs, preview: true } })),
    {
      name: 'an ended series: stale notice, nothing changes',
      as: opa,
      needs: { meeting: 'ended', preview: true },
      data: (fx) => ({ ...seriesFormValues(), seriesId: mf(fx).seriesId, previewId: fx.previewId }),
      expect: stale,
    },
    {
      name: 'positive control, with forged organiser, state, reference and people: saved as the caller’s',
      as: opa,
      needs: { preview: true },
      data: (fx) => ({
        ...seriesFormValues({ title: 'Ny serie fra skjemaet' }),
        previewId: fx.previewId,
        ...FORGED_MEETING,
      }),
      expect: (card) => expect(textOf(card)).to.include(nb('meetings.banners.saved')),
      changes: (before, after) => {
        const added = addedSeries(before, after);
        expect(added).to.have.length(1);
        expect(added[0]).to.include({
          title: 'Ny serie fra skjemaet',
          state: 'active',
          organiser: opa.aadObjectId,
          createdBy: opa.aadObjectId,
          meetingKind: 'coordinators',
        });
        expect(added[0]!.id).not.to.equal('forged-series');
        expect(added[0]!.reference)
          .to.match(/^M-\d{4}-\d{4}$/)
          .and.not.equal('M-1999-9999');
        expect(added[0]!.invited).to.equal(undefined);
      },
    },
    {
      name: 'positive control: the organiser changes the title of their series; the organiser stays',
      as: opa,
      needs: { meeting: 'active', preview: true },
      data: (fx) => ({
        ...seriesFormValues({ title: 'Nytt navn på møtet' }),
        seriesId: mf(fx).seriesId,
        previewId: fx.previewId,
        organiser: asa.aadObjectId,
      }),
      expect: (card) => expect(textOf(card)).to.include(nb('meetings.banners.saved')),
      changes: (before, after, fx) => {
        expect(addedSeries(before, after)).to.deep.equal([]);
        expect(seriesOf(after, mf(fx).seriesId)).to.include({
          title: 'Nytt navn på møtet',
          organiser: opa.aadObjectId,
          state: 'active',
        });
      },
    },
  ],

  'meetings.endSeries': [
    ...badSeriesIds(opa),
    ...notOrganiser((fx) => ({ seriesId: mf(fx).seriesId, organiser: asa.aadObjectId })),
    {
      name: 'an ended series: stale notice, nothing changes',
      as: opa,
      needs: { meeting: 'ended' },
      data: (fx) => ({ seriesId: mf(fx).seriesId }),
      expect: stale,
    },
    {
      name: 'positive control, with forged keys in the data: the series ends',
      as: opa,
      needs: { meeting: 'active' },
      data: (fx) => ({ seriesId: mf(fx).seriesId, ...FORGED_MEETING, state: 'active' }),
      expect: (card) => expect(textOf(card)).to.include(nb('meetings.banners.ended')),
      changes: (_before, after, fx) => {
        expect(seriesOf(after, mf(fx).seriesId).state).to.equal('ended');
        expect(seriesOf(after, mf(fx).holidaySeriesId).state, 'the other series goes on').to.equal('active');
      },
    },
  ],

  'meetings.setupRhythm': [
    ...[opa, family, outsider].map(
      (as): Case => ({
        name: `by ${as.name}, with a forged role: refused, nothing stored`,
        as,
        data: () => ({ role: 'coordinator', department: 'AUA', isUdiCoordinator: true }),
        expect: refused,
      }),
    ),
    {
      name: 'positive control, with forged organisers in the data: the three series of the memo, the UDI coordinator’s',
      as: udi,
      data: () => ({ ...FORGED_MEETING, rmaCoordinator: outsider.aadObjectId }),
      expect: (card) => expect(verbsOf(card)).not.to.include('meetings.setupRhythm'),
      changes: (before, after) => {
        const added = addedSeries(before, after);
        expect(added.map((s) => s.meetingKind).sort()).to.deep.equal([
          'coordinators',
          'network',
          'rma-regional',
        ]);
        for (const series of added)
          expect(series).to.include({ organiser: udi.aadObjectId, state: 'active' });
      },
    },
    {
      name: 'again, once the series exist: nothing more is made, and the list says so',
      as: udi,
      data: () => ({}),
      expect: (card) => {
        expect(noticeKindsOf(card)).to.deep.equal([]);
        expect(textOf(card)).to.include(nb('meetings.errors.rhythm-exists'));
        expect(textOf(card)).not.to.include(nb('meetings.banners.rhythm'));
        expect(verbsOf(card)).not.to.include('meetings.setupRhythm');
      },
    },
  ],

  'meetings.rsvp': [
    ...BAD_IDS.map(
      ([label, id]): Case => ({
        name: `itemId is ${label}: stale notice, nothing changes`,
        as: asa,
        needs: { meeting: 'active' },
        data: (fx) => ({ itemId: id({ ...fx, requestId: mf(fx).itemId }), answerId: 'attending' }),
        expect: stale,
      }),
    ),
    {
      name: 'itemId of a series (the wrong kind of item): stale notice',
      as: asa,
      needs: { meeting: 'active' },
      data: (fx) => ({ itemId: mf(fx).seriesId, answerId: 'attending' }),
      expect: stale,
    },
    ...(['maybe', 42, ['attending'], null, ''] as unknown[]).map(
      (answerId): Case => ({
        name: `answerId is ${JSON.stringify(answerId)}: stale notice, nothing changes`,
        as: asa,
        needs: { meeting: 'active' },
        data: (fx) => ({ itemId: mf(fx).itemId, answerId }),
        expect: stale,
      }),
    ),
    ...[family, asker, outsider].map(
      (as): Case => ({
        name: `by ${as.name}, who is not invited: refused, nothing changes`,
        as,
        needs: { meeting: 'active' },
        data: (fx) => ({ itemId: mf(fx).itemId, answerId: 'attending', invited: [as.aadObjectId] }),
        expect: refused,
      }),
    ),
    {
      name: 'a cancelled meeting: stale notice, nothing changes',
      as: asa,
      needs: { meeting: 'cancelled' },
      data: (fx) => ({ itemId: mf(fx).itemId, answerId: 'attending' }),
      expect: stale,
    },
    {
      name: 'a meeting of an ended series: stale notice, nothing changes',
      as: asa,
      needs: { meeting: 'ended' },
      data: (fx) => ({ itemId: mf(fx).itemId, answerId: 'attending' }),
      expect: stale,
    },
    {
      name: 'positive control, with someone else named in the data: the caller’s own answer is recorded',
      as: asa,
      needs: { meeting: 'active' },
      data: (fx) => ({ itemId: mf(fx).itemId, answerId: 'remote', ...FORGED_MEETING }),
      expect: (card) => expect(textOf(card)).to.include(nb('meetings.answered.remote')),
      changes: (before, after, fx) => {
        expect(meetingOf(after, mf(fx).itemId).rsvps).to.deep.equal({
          ...meetingOf(before, mf(fx).itemId).rsvps,
          [asa.aadObjectId]: 'remote',
        });
      },
    },
  ],

  'meetings.move': [
    ...badSeriesIds(opa, (fx) => ({
      occurrenceId: mf(fx).occurrenceId,
      moveDate: addDays(mf(fx).occurrenceId, 1),
      moveTime: '12:00',
    })),
    ...badOccurrenceIds(opa, (fx) => ({ moveDate: addDays(mf(fx).occurrenceId, 1), moveTime: '12:00' })),
    ...notOrganiser((fx) => ({
      seriesId: mf(fx).seriesId,
      occurrenceId: mf(fx).occurrenceId,
      moveDate: addDays(mf(fx).occurrenceId, 1),
      moveTime: '12:00',
      organiser: asa.aadObjectId,
    })),
    {
      name: 'a meeting of an ended series: stale notice, nothing changes',
      as: opa,
      needs: { meeting: 'ended' },
      data: (fx) => ({
        seriesId: mf(fx).seriesId,
        occurrenceId: mf(fx).occurrenceId,
        moveDate: addDays(mf(fx).occurrenceId, 1),
        moveTime: '12:00',
      }),
      expect: stale,
    },
    {
      name: 'a cancelled meeting: stale notice, it stays cancelled and nobody is told',
      as: opa,
      needs: { meeting: 'cancelled' },
      data: (fx) => ({
        seriesId: mf(fx).seriesId,
        occurrenceId: mf(fx).movedId,
        moveDate: addDays(mf(fx).movedId, 2),
        moveTime: '12:00',
      }),
      expect: stale,
    },
    ...(
      [
        ['a new date in the past', () => '2020-01-02', 'moveDate'],
        ['a new date that is not a date', () => '2027-02-30', 'moveDate'],
        ['a new date that is a number', () => 20270114, 'moveDate'],
      ] as const
    ).map(
      ([label, moveDate, field]): Case => ({
        name: `${label}: the meeting card with a message at the date, nothing changes`,
        as: opa,
        needs: { meeting: 'active' },
        data: (fx) => ({
          seriesId: mf(fx).seriesId,
          occurrenceId: mf(fx).occurrenceId,
          moveDate: moveDate(),
          moveTime: '12:00',
        }),
        expect: moveError(field, { moveTime: '12:00' }),
      }),
    ),
    ...(['25:61', '9', 1200] as unknown[]).map(
      (moveTime): Case => ({
        name: `a new time ${JSON.stringify(moveTime)}: the meeting card with a message at the time, nothing changes`,
        as: opa,
        needs: { meeting: 'active' },
        data: (fx) => ({
          seriesId: mf(fx).seriesId,
          occurrenceId: mf(fx).occurrenceId,
          moveDate: addDays(mf(fx).occurrenceId, 1),
          moveTime,
        }),
        expect: (card, fx) => moveError('moveTime', { moveDate: addDays(mf(fx).occurrenceId, 1) })(card),
      }),
    ),
    {
      name: '"move to the suggested date" for a meeting on an ordinary day: the meeting card with a message, nothing changes',
      as: opa,
      needs: { meeting: 'active' },
      data: (fx) => ({
        seriesId: mf(fx).seriesId,
        occurrenceId: mf(fx).occurrenceId,
        moveId: 'suggested',
        moveDate: addDays(mf(fx).occurrenceId, 1),
        moveTime: '12:00',
      }),
      expect: (card) => {
        expect(noticeKindsOf(card), 'the meeting card, not a notice').to.deep.equal([]);
        expect(inlineMessages(card), 'a message on the card').not.to.deep.equal([]);
      },
    },
    {
      name: 'positive control, with forged people in the data: moved as typed, everyone invited is told',
      as: opa,
      needs: { meeting: 'active' },
      data: (fx) => ({
        seriesId: mf(fx).seriesId,
        occurrenceId: mf(fx).occurrenceId,
        moveDate: addDays(mf(fx).occurrenceId, 1),
        moveTime: '12:30',
        ...FORGED_MEETING,
      }),
      expect: (card) => expect(textOf(card)).to.include(nb('meetings.banners.moved')),
      changes: (before, after, fx) => {
        const { occurrenceId } = mf(fx);
        expect(seriesOf(after, mf(fx).seriesId).schedule.exceptions?.[occurrenceId]).to.deep.equal({
          movedTo: { date: addDays(occurrenceId, 1), time: '12:30' },
        });
        for (const who of [udi, opa, asa]) expect(newOutboxFor(before, after, who), who.name).to.equal(1);
      },
    },
    {
      name: 'positive control: "move to the suggested date" moves a meeting on 17 May to a nearby working day the bot works out',
      as: opa,
      needs: { meeting: 'active' },
      data: (fx) => ({
        seriesId: mf(fx).holidaySeriesId,
        occurrenceId: mf(fx).holidayId,
        moveId: 'suggested',
        moveDate: '2020-01-01',
        moveTime: '23:00',
        suggested: '2020-01-01',
      }),
      expect: (card) => expect(textOf(card)).to.include(nb('meetings.banners.moved')),
      changes: (_before, after, fx) => {
        const { holidayId } = mf(fx);
        const movedTo = seriesOf(after, mf(fx).holidaySeriesId).schedule.exceptions?.[holidayId]?.movedTo;
        expect(movedTo?.time, 'at the series’ time').to.equal('10:00');
        expect(movedTo?.date).not.to.equal(holidayId);
        const days = Math.abs(Date.parse(movedTo!.date) - Date.parse(holidayId)) / 86_400_000;
        expect(days, 'a nearby day').to.be.within(1, 14);
        expect(new Date(`${movedTo!.date}T12:00:00Z`).getUTCDay(), 'a weekday').to.be.within(1, 5);
      },
    },
  ],

  'meetings.cancel': [
    ...badSeriesIds(opa, (fx) => ({ occurrenceId: mf(fx).occurrenceId })),
    ...badOccurrenceIds(opa),
    ...notOrganiser((fx) => ({
      seriesId: mf(fx).seriesId,
      occurrenceId: mf(fx).occurrenceId,
      organiser: asa.aadObjectId,
    })),
    {
      name: 'a meeting of an ended series: stale notice, nothing changes',
      as: opa,
      needs: { meeting: 'ended' },
      data: (fx) => ({ seriesId: mf(fx).seriesId, occurrenceId: mf(fx).occurrenceId }),
      expect: stale,
    },
    {
      name: 'a meeting already cancelled: stale notice, nobody is told again',
      as: opa,
      needs: { meeting: 'cancelled' },
      data: (fx) => ({ seriesId: mf(fx).seriesId, occurrenceId: mf(fx).movedId }),
      expect: stale,
    },
    {
      name: 'positive control, with forged people in the data: cancelled, everyone invited is told',
      as: opa,
      needs: { meeting: 'active' },
      data: (fx) => ({ seriesId: mf(fx).seriesId, occurrenceId: mf(fx).occurrenceId, ...FORGED_MEETING }),
      expect: (card) => {
        expect(textOf(card)).to.include(nb('meetings.banners.cancelled'));
        expect(verbsOf(card)).not.to.include('meetings.rsvp');
      },
      changes: (before, after, fx) => {
        const { seriesId, occurrenceId } = mf(fx);
        expect(seriesOf(after, seriesId).schedule.exceptions?.[occurrenceId]).to.deep.equal({
          cancelled: true,
        });
        expect(meetingAt(after, seriesId, occurrenceId).state).to.equal('cancelled');
        for (const who of [udi, opa, asa]) expect(newOutboxFor(before, after, who), who.name).to.equal(1);
      },
    },
  ],
};

// ---- agenda ------------------------------------------------------------------------------------------

const AGENDA_FORM = ['title', 'description', 'agendaKind', 'department', 'forum', 'minutes', 'urgent'];
const CURATE_VERBS = ['agenda.accept', 'agenda.defer', 'agenda.merge', 'agenda.decline', 'agenda.outcome'];

/** The fixture's agenda items (every case that uses it names `agenda` in its needs). */
const af = (fx: Fixture): AgendaFixture => {
  expect(fx.agenda, 'the case needs an agenda fixture').to.exist;
  return fx.agenda!;
};

function agendaItemOf(doc: StoreDoc, id: string) {
  const item = doc.items['agenda-item']?.[id];
  expect(item, 'the agenda item is stored').to.exist;
  return item!;
}

function addedAgendaItems(before: StoreDoc, after: StoreDoc) {
  return Object.values(after.items['agenda-item'] ?? {}).filter((i) => !before.items['agenda-item']?.[i.id]);
}

/** The items a card opens (its "show" buttons). */
const shownItems = (card: Card): unknown[] => actionsOf(card, 'agenda.show').map((d) => d.itemId);

/** A catalog text up to its first placeholder (what a banner with a meeting's name starts with). */
const lead = (key: string): string => nb(key).split('{')[0]!;

/** The item card (not a notice), with the curator's `offered` buttons and none of `withheld`. */
const agendaItemShown =
  (offered: readonly string[], withheld: readonly string[] = []) =>
  (card: Card): void => {
    expect(noticeKindsOf(card), 'the item card, not a notice').to.deep.equal([]);
    expect(verbsOf(card)).to.include.members([...offered]);
    expectNone(verbsOf(card), withheld, 'no buttons that are not theirs');
  };

/**
 * A picker never shows a value it does not offer (a forged meeting, item or person is not echoed
 * back as if it had been picked).
 */
function expectPickerClean(card: Card, field: string): void {
  const at = openField(card, field);
  const shown = shownValue(at);
  expect(['', ...choicesOf(at)], `${field} shows nothing it does not offer`).to.include(shown);
}

/** The decision whose form holds a field. */
const DECISION_OF: Record<string, string> = {
  meetingId: 'agenda.accept',
  deferMeetingId: 'agenda.defer',
  deferReason: 'agenda.defer',
  intoId: 'agenda.merge',
  declineReason: 'agenda.decline',
  outcomeKind: 'agenda.outcome',
  outcomeText: 'agenda.outcome',
  personId: 'agenda.outcome',
  due: 'agenda.outcome',
};

/**
 * A decision's form comes back open in the item card's body (not behind its button): the message
 * `problem` visible right after `field`, the form's send button and its way back ("Avbryt", to the
 * item card), pickers showing only what they offer, and what else was typed kept.
 */
const decisionError =
  (field: string, problem?: string, kept: (fx: Fixture) => Record<string, string> = () => ({})) =>
  (card: Card, fx: Fixture): void => {
    expect(noticeKindsOf(card), 'the item card, not a notice').to.deep.equal([]);
    const at = openField(card, field);
    expect(at, `the form with ${field} stands open on the card`).to.exist;
    expect(at?.message, `a message right after ${field}`).to.be.a('string').and.not.equal('');
    if (problem) expect(at?.message).to.equal(nb(`agenda.errors.${problem}`));
    expect(openVerbs(card), 'the form’s buttons, open: send and "Avbryt"').to.include.members([
      DECISION_OF[field] ?? field,
      'agenda.show',
    ]);
    for (const picker of ['meetingId', 'deferMeetingId', 'intoId', 'personId'])
      if (openField(card, picker)) expectPickerClean(card, picker);
    for (const [id, value] of Object.entries(kept(fx)))
      expect(shownValue(openField(card, id)), `${id} kept`).to.equal(value);
  };

/** A problem with the item as it stands: the item card with the message open on it. */
const itemProblem = (problem: string) => (card: Card) => {
  expect(noticeKindsOf(card), 'the item card, not a notice').to.deep.equal([]);
  expect(inlineMessages(card), 'the message on the card').to.include(nb(`agenda.errors.${problem}`));
};

const BAD_ITEM_IDS: [string, (fx: Fixture) => unknown][] = [
  ['an unknown id', () => 'no-such-item-0000'],
  ['garbage', () => '../../etc/passwd\u0000"><script>'],
  ['a very long string', () => LONG],
  ['a number', () => 4242],
  ['an object holding the real id', (fx) => ({ id: af(fx).itemId })],
  ['an array holding the real id', (fx) => [af(fx).itemId]],
  ['null', () => null],
  ['the id of a meeting series (the wrong kind of item)', (fx) => af(fx).seriesId],
];

/** itemId forged in every way: a stale notice, nothing changes. */
function badItemIds(
  as: TestUser,
  state: AgendaFixtureState,
  data: (fx: Fixture) => Data = () => ({}),
): Case[] {
  return BAD_ITEM_IDS.map(([label, id]) => ({
    name: `itemId is ${label}: stale notice, nothing changes`,
    as,
    needs: { agenda: state },
    data: (fx) => ({ listId: 'none', ...data(fx), itemId: id(fx) }),
    expect: stale,
  }));
}

/** People who do not curate the family contact's (OPA) item, its submitter among them: refused. */
function notCurator(state: AgendaFixtureState, data: (fx: Fixture) => Data, submitter = true): Case[] {
  const who: [TestUser, string][] = [
    [asa, 'the coordinator of another department'],
    [asker, 'another contact person'],
    [outsider, 'an outsider'],
    [admin, 'an administrator without a network role'],
    ...(submitter ? ([[family, 'its submitter (a contact person)']] as [TestUser, string][]) : []),
  ];
  return who.map(([as, label]) => ({
    name: `by ${label}, with forged curator rights in the data: refused, nothing changes`,
    as,
    needs: { agenda: state },
    data: (fx) => ({ itemId: af(fx).itemId, listId: 'none', ...data(fx), ...FORGED_AGENDA }),
    expect: refused,
  }));
}

/** Forged keys about an item and its curators, on an action that is otherwise valid. */
const FORGED_AGENDA = {
  createdBy: outsider.aadObjectId,
  curators: [outsider.aadObjectId, NEVER_SEEN.aadObjectId],
  udiCoordinator: outsider.aadObjectId,
  aadObjectId: outsider.aadObjectId,
  invited: [outsider.aadObjectId, NEVER_SEEN.aadObjectId],
  role: { kind: 'coordinator', department: 'AUA' },
  canAccept: true,
  canRecord: true,
  curate: true,
  state: 'done',
  reference: 'S-1999-9999',
  id: 'forged-item',
  acceptedSeq: 0,
  mergedInto: 'forged-item',
  meeting: { seriesId: 'forged-series', occurrence: '2020-01-02' },
};

/** A meeting picked on the item card, forged in every way: the form with a message at the picker. */
const BAD_MEETING_IDS: [string, (fx: Fixture) => unknown][] = [
  ['an unknown series', (fx) => `no-such-series|${af(fx).occurrence}`],
  ['garbage', () => '../../etc/passwd\u0000"><script>|x'],
  ['a very long string', () => LONG],
  ['a number', () => 4242],
  ['an array holding the real meeting', (fx) => [af(fx).meetingId]],
  [
    'an object holding the real meeting',
    (fx) => ({ seriesId: af(fx).seriesId, occurrence: af(fx).occurrence }),
  ],
  ['null', () => null],
  ['the series without a date', (fx) => af(fx).seriesId],
  ['a date the series does not meet on', (fx) => `${af(fx).seriesId}|${addDays(af(fx).occurrence, 1)}`],
  ['the date a meeting was moved to (not its own date)', (fx) => `${mf(fx).seriesId}|${mf(fx).movedTo}`],
  ['a date that is not a date', (fx) => `${af(fx).seriesId}|2027-13-45`],
  ['the id of an agenda item (the wrong kind of item)', (fx) => `${af(fx).otherId}|${af(fx).occurrence}`],
];

/** People picked on the outcome form who may not own a follow-up. */
const BAD_OWNERS: [string, () => unknown][] = [
  ['an outsider (talked to the bot, not in the network)', () => outsider.aadObjectId],
  ['a tenant user the bot never saw', () => NEVER_SEEN.aadObjectId],
  ['an administrator without a network role', () => admin.aadObjectId],
  ['garbage', () => '"><img src=x>'],
  ['the empty string', () => ''],
  ['a number', () => 7],
  ['an array holding a member', () => [asa.aadObjectId]],
  ['an object holding a member', () => ({ aadObjectId: asa.aadObjectId })],
];

const DEFER_REASON = 'Trenger mer underlag fra OPA';
const DECLINE_REASON = 'Gjelder en enkeltsak og avgjøres i linjen';
const FOLLOW_UP = 'Lage en felles rutine for tilbakekall';

const AGENDA_CASES: Record<Verb, Case[]> = {
  'agenda.start': [
    {
      name: 'an outsider claiming membership in the data: refused',
      as: outsider,
      data: () => ({ isMember: true, title: 'Felles praksis' }),
      expect: refused,
    },
    {
      name: 'an administrator without a network role: refused',
      as: admin,
      data: () => ({ role: 'contact', department: 'OPA' }),
      expect: refused,
    },
    {
      name: 'in a team channel: "only in the personal chat"',
      as: family,
      team: true,
      data: () => ({ title: 'Felles praksis' }),
      expect: notice('personalOnly'),
    },
    ...BAD_IDS.map(
      ([label, id]): Case => ({
        name: `checkinId is ${label}: stale notice`,
        as: asker,
        data: () => ({ checkinId: id({ requestId: 'x', joinId: 'x' } as Fixture), topicId: 'trends' }),
        expect: stale,
      }),
    ),
    ...(
      [
        [asker, 'the region’s own contact person'],
        [udi, 'the UDI coordinator (reads the check-ins, does not send them on)'],
      ] as const
    ).map(
      ([as, label]): Case => ({
        name: `checkinId of a region’s check-in, by ${label}: refused (RMA’s coordinator sends it on)`,
        as,
        needs: { checkin: 'open' },
        data: (fx) => ({ checkinId: checkinFx(fx).checkinId, topicId: 'trends' }),
        expect: refused,
      }),
    ),
    ...BAD_IDS.map(
      ([label, id]): Case => ({
        name: `requestId is ${label}: stale notice`,
        as: asker,
        needs: { guidance: 'answered' },
        data: (fx) => ({ requestId: id(fx) }),
        expect: stale,
      }),
    ),
    {
      name: 'requestId of a guidance request the caller neither asked nor answered: refused',
      as: opa,
      needs: { guidance: 'answered' },
      data: (fx) => ({ requestId: fx.requestId, asker: opa.aadObjectId }),
      expect: refused,
    },
    {
      name: 'requestId of the caller’s own answered question that is not principled: stale notice',
      as: asker,
      needs: { guidance: 'answered' },
      data: (fx) => ({ requestId: fx.requestId, principled: true }),
      expect: stale,
    },
    ...(
      [
        ['an unknown series', () => ({ seriesId: 'no-such-series', occurrenceId: '2027-01-14' })],
        ['garbage', () => ({ seriesId: '"><script>', occurrenceId: { x: 1 } })],
        [
          'a date the series does not meet on',
          (fx) => ({ seriesId: mf(fx).seriesId, occurrenceId: mf(fx).movedTo }),
        ],
        [
          'an array holding the real series',
          (fx) => ({ seriesId: [mf(fx).seriesId], occurrenceId: mf(fx).occurrenceId }),
        ],
      ] as [string, (fx: Fixture) => Data][]
    ).map(
      ([label, data]): Case => ({
        name: `a meeting forged as ${label}: the empty form, no meeting named`,
        as: family,
        needs: { meeting: 'active' },
        data,
        expect: (card) => {
          expect(openInputIds(card)).to.include.members(AGENDA_FORM);
          expect(shownValue(openField(card, 'forum')), 'no forum chosen').to.equal('');
        },
      }),
    ),
    {
      name: 'positive control: from a meeting’s agenda call, the form for its forum',
      as: family,
      needs: { meeting: 'active' },
      data: (fx) => ({ seriesId: mf(fx).seriesId, occurrenceId: mf(fx).occurrenceId }),
      expect: (card) => {
        expect(openInputIds(card)).to.include.members(AGENDA_FORM);
        expect(shownValue(openField(card, 'forum'))).to.equal('coordinators');
      },
    },
    {
      name: 'positive control, with a forged department and role: the typed title, the caller’s own department',
      as: family,
      data: () => ({ title: 'Felles praksis', department: 'AUA', ...FORGED_AGENDA }),
      expect: (card) => {
        expect(shownValue(openField(card, 'title'))).to.equal('Felles praksis');
        expect(shownValue(openField(card, 'department'))).to.equal('OPA');
        expect(actionsOf(card, 'agenda.raise')).to.deep.equal([{ guidanceId: 'none' }]);
      },
    },
  ],

  'agenda.raise': [
    {
      name: 'an outsider with a complete form: refused, nothing stored',
      as: outsider,
      data: () => agendaFormValues(),
      expect: refused,
    },
    {
      name: 'an administrator without a network role, with a complete form: refused, nothing stored',
      as: admin,
      data: () => agendaFormValues(),
      expect: refused,
    },
    {
      name: 'in a team channel: "only in the personal chat", nothing stored',
      as: family,
      team: true,
      data: () => agendaFormValues(),
      expect: notice('personalOnly'),
    },
    ...(
      [
        ['no title', { title: '' }, 'title'],
        ['a title of spaces only', { title: '   ' }, 'title'],
        ['a title far too long', { title: 'x'.repeat(151) }, 'title'],
        ['a title that is not text', { title: { text: 'Sak' } }, 'title'],
        ['no description', { description: '' }, 'description'],
        ['a description far too long', { description: 'x'.repeat(4_001) }, 'description'],
        ['a kind that does not exist', { agendaKind: 'decision' }, 'agendaKind'],
        ['a kind sent as an array', { agendaKind: ['general'] }, 'agendaKind'],
        ['a department that does not exist', { department: 'XYZ' }, 'department'],
        ['a department sent as a number', { department: 7 }, 'department'],
        ['a forum that does not exist', { forum: 'admin' }, 'forum'],
        ['minutes of 0', { minutes: '0' }, 'minutes'],
        ['minutes far too many', { minutes: '999' }, 'minutes'],
        ['minutes that are not a number', { minutes: 'femten' }, 'minutes'],
        ['minutes sent as an object', { minutes: { n: 15 } }, 'minutes'],
      ] as [string, Data, string][]
    ).map(
      ([label, data, field]): Case => ({
        name: `${label}: the form with a message at ${field}, what was typed kept, nothing stored`,
        as: family,
        data: () => agendaFormValues({ ...data, ...FORGED_AGENDA }),
        expect: (card) => {
          formError(AGENDA_FORM, field, false)(card);
          const kept = field === 'description' ? 'title' : 'description';
          expect(shownValue(openField(card, kept)), `${kept} kept`).to.equal(agendaFormValues()[kept]);
        },
      }),
    ),
    ...(
      [
        ['an unknown id', () => 'no-such-request-0000'],
        ['a number', () => 4242],
        ['an array holding a real request', (fx) => [fx.requestId]],
        ['a request the caller neither asked nor answered', (fx) => fx.requestId],
      ] as [string, (fx: Fixture) => unknown][]
    ).map(
      ([label, guidanceId]): Case => ({
        name: `guidanceId is ${label}: raised, but not as coming from that request`,
        as: opa,
        needs: { guidance: 'answered' },
        data: (fx) => agendaFormValues({ title: `Sak fra ${label}`, guidanceId: guidanceId(fx) }),
        expect: (card) => expect(textOf(card)).to.include(lead('agenda.banners.raised')),
        changes: (before, after) => {
          const added = addedAgendaItems(before, after);
          expect(added).to.have.length(1);
          expect(added[0]!.fromGuidance, 'not from the request').to.equal(undefined);
          expect(added[0]!.createdBy).to.equal(opa.aadObjectId);
        },
      }),
    ),
    {
      name: 'positive control, with a forged submitter, state, reference, meeting and curators: raised as the caller’s, its curators told',
      as: family,
      data: () => ({
        ...agendaFormValues({ title: 'Ny sak med forfalskede felt', urgent: 'true' }),
        ...FORGED_AGENDA,
      }),
      expect: (card) => {
        expect(noticeKindsOf(card)).to.deep.equal([]);
        expect(textOf(card)).to.include(lead('agenda.banners.raised'));
        expectNone(verbsOf(card), CURATE_VERBS, 'no curator’s buttons for the submitter');
      },
      changes: (before, after) => {
        const added = addedAgendaItems(before, after);
        expect(added).to.have.length(1);
        const item = added[0]!;
        expect(item).to.include({
          title: 'Ny sak med forfalskede felt',
          state: 'submitted',
          createdBy: family.aadObjectId,
          department: 'OPA',
          forum: 'coordinators',
          urgent: true,
          minutes: 15,
        });
        expect(item.id).not.to.equal('forged-item');
        expect(item.reference)
          .to.match(/^S-\d{4}-\d{4}$/)
          .and.not.equal('S-1999-9999');
        expect(item.meeting, 'on no meeting').to.equal(undefined);
        expect(item.acceptedSeq).to.equal(undefined);
        expect(item.mergedInto).to.equal(undefined);
        for (const who of [udi, opa]) expect(newOutboxFor(before, after, who), who.name).to.equal(1);
        expect(newOutboxFor(before, after, asa), 'not another department’s coordinator').to.equal(0);
      },
    },
  ],

  'agenda.list': [
    {
      name: 'an outsider claiming to curate in the data: refused',
      as: outsider,
      data: () => ({ curator: true, isMember: true }),
      expect: refused,
    },
    {
      name: 'an administrator without a network role: refused',
      as: admin,
      data: () => ({ curator: true }),
      expect: refused,
    },
    {
      name: 'in a team channel: "only in the personal chat"',
      as: opa,
      team: true,
      data: () => ({}),
      expect: notice('personalOnly'),
    },
    {
      name: 'a contact person with forged curator rights: their own items, no one else’s',
      as: asker,
      needs: { agenda: 'submitted' },
      data: (fx) => ({ ...FORGED_AGENDA, curator: true, itemId: af(fx).itemId, listId: 'backlog' }),
      expect: (card, fx) => {
        expect(noticeKindsOf(card)).to.deep.equal([]);
        expect(shownItems(card)).to.include(af(fx).otherId);
        expectNone(
          shownItems(card) as string[],
          [af(fx).itemId, af(fx).networkId],
          'not the family contact’s',
        );
        expect(actionsOf(card, 'agenda.sheet'), 'no meeting agendas').to.deep.equal([]);
      },
    },
    {
      name: 'the coordinator of another department, naming OPA in the data: not OPA’s items',
      as: asa,
      needs: { agenda: 'accepted' },
      data: () => ({ department: 'OPA', departments: ['OPA', 'RMA'], ...FORGED_AGENDA }),
      expect: (card, fx) => {
        expect(noticeKindsOf(card)).to.deep.equal([]);
        expectNone(shownItems(card) as string[], [af(fx).itemId, af(fx).otherId, af(fx).networkId]);
      },
    },
    {
      name: 'positive control: OPA’s coordinator sees OPA’s items (the accepted one by its meeting), not RMA’s',
      as: opa,
      needs: { agenda: 'accepted' },
      data: () => ({ department: 'RMA' }),
      expect: (card, fx) => {
        expect(shownItems(card)).to.include.members([af(fx).itemId, af(fx).networkId]);
        expect(shownItems(card)).not.to.include(af(fx).otherId);
        expect(actionsOf(card, 'agenda.sheet').map((d) => d.seriesId)).to.include(af(fx).seriesId);
      },
    },
    {
      name: 'positive control: the UDI coordinator sees every department’s items',
      as: udi,
      needs: { agenda: 'submitted' },
      data: () => ({}),
      expect: (card, fx) =>
        expect(shownItems(card)).to.include.members([af(fx).itemId, af(fx).otherId, af(fx).networkId]),
    },
  ],

  'agenda.show': [
    {
      name: 'in a team channel, by its curator: "only in the personal chat" (the channel would see the item)',
      as: opa,
      team: true,
      needs: { agenda: 'submitted' },
      data: (fx) => ({ itemId: af(fx).itemId, listId: 'backlog' }),
      expect: notice('personalOnly'),
    },
    ...badItemIds(opa, 'submitted', () => ({ listId: 'backlog' })),
    ...notCurator('submitted', () => ({}), false),
    {
      name: 'its submitter, with forged curator rights: the item, without a curator’s buttons',
      as: family,
      needs: { agenda: 'submitted' },
      data: (fx) => ({ itemId: af(fx).itemId, listId: 'backlog', ...FORGED_AGENDA }),
      expect: (card) => {
        agendaItemShown([])(card);
        expectNone(verbsOf(card), CURATE_VERBS, 'no curator’s buttons');
      },
    },
    {
      name: 'positive control: OPA’s coordinator sees the item with accept, merge and decline, and the way back',
      as: opa,
      needs: { agenda: 'submitted' },
      data: (fx) => ({ itemId: af(fx).itemId, listId: 'backlog' }),
      expect: agendaItemShown(
        ['agenda.accept', 'agenda.merge', 'agenda.decline', 'agenda.list'],
        ['agenda.outcome'],
      ),
    },
  ],

  'agenda.accept': [
    {
      name: 'in a team channel, by its curator: "only in the personal chat", nothing changes',
      as: opa,
      team: true,
      needs: { agenda: 'submitted' },
      data: (fx) => ({ itemId: af(fx).itemId, listId: 'none', meetingId: af(fx).meetingId }),
      expect: notice('personalOnly'),
    },
    ...badItemIds(opa, 'submitted', (fx) => ({ meetingId: af(fx).meetingId })),
    ...notCurator('submitted', (fx) => ({ meetingId: af(fx).meetingId })),
    ...BAD_MEETING_IDS.map(
      ([label, meetingId]): Case => ({
        name: `meetingId is ${label}: the form with a message at the meeting, nothing changes`,
        as: opa,
        needs: { agenda: 'submitted' },
        data: (fx) => ({ itemId: af(fx).itemId, listId: 'none', meetingId: meetingId(fx) }),
        expect: decisionError('meetingId', 'wrong-meeting'),
      }),
    ),
    {
      name: 'a cancelled meeting: the form with a message at the meeting, nothing changes',
      as: opa,
      needs: { agenda: 'submitted', meeting: 'cancelled' },
      data: (fx) => ({
        itemId: af(fx).itemId,
        listId: 'none',
        meetingId: `${mf(fx).seriesId}|${mf(fx).movedId}`,
      }),
      expect: decisionError('meetingId', 'wrong-meeting'),
    },
    {
      name: 'a meeting of an ended series: the form with a message at the meeting, nothing changes',
      as: opa,
      needs: { agenda: 'submitted', meeting: 'ended' },
      data: (fx) => ({ itemId: af(fx).itemId, listId: 'none', meetingId: af(fx).meetingId }),
      expect: decisionError('meetingId', 'wrong-meeting'),
    },
    {
      // No network meeting is planned, so its card has no accept form: the message is on the card.
      name: 'an item for the whole network onto a coordinators’ meeting: the item card with the message, nothing changes',
      as: opa,
      needs: { agenda: 'submitted' },
      data: (fx) => ({ itemId: af(fx).networkId, listId: 'none', meetingId: af(fx).meetingId }),
      expect: (card) => {
        expect(noticeKindsOf(card), 'the item card, not a notice').to.deep.equal([]);
        expect(inlineMessages(card).join('\n')).to.include(nb('agenda.errors.wrong-meeting'));
      },
    },
    {
      name: 'an item accepted already: the item card says it cannot be done now, nothing changes',
      as: udi,
      needs: { agenda: 'accepted' },
      data: (fx) => ({ itemId: af(fx).itemId, listId: 'none', meetingId: af(fx).laterMeetingId }),
      expect: itemProblem('not-allowed-in-state'),
    },
    {
      name: 'positive control, with forged keys in the data: OPA’s coordinator puts it on the meeting, the submitter is told',
      as: opa,
      needs: { agenda: 'submitted' },
      data: (fx) => ({
        itemId: af(fx).itemId,
        listId: 'backlog',
        ...FORGED_AGENDA,
        meetingId: af(fx).meetingId,
      }),
      expect: (card) => {
        expect(noticeKindsOf(card)).to.deep.equal([]);
        expect(textOf(card)).to.include(lead('agenda.banners.accept'));
      },
      changes: (before, after, fx) => {
        const item = agendaItemOf(after, af(fx).itemId);
        expect(item).to.include({ state: 'accepted', createdBy: family.aadObjectId, department: 'OPA' });
        expect(item.meeting).to.deep.equal({ seriesId: af(fx).seriesId, occurrence: af(fx).occurrence });
        expect(item.acceptedSeq).to.be.a('number');
        expect(newOutboxFor(before, after, family)).to.equal(1);
      },
    },
  ],

  'agenda.defer': [
    ...badItemIds(udi, 'accepted', (fx) => ({
      deferMeetingId: af(fx).laterMeetingId,
      deferReason: DEFER_REASON,
    })),
    ...notCurator('accepted', (fx) => ({ deferMeetingId: af(fx).laterMeetingId, deferReason: DEFER_REASON })),
    ...BAD_MEETING_IDS.map(
      ([label, deferMeetingId]): Case => ({
        name: `deferMeetingId is ${label}: the form with a message at the meeting, the reason kept, nothing changes`,
        as: udi,
        needs: { agenda: 'accepted' },
        data: (fx) => ({
          itemId: af(fx).itemId,
          listId: 'none',
          deferMeetingId: deferMeetingId(fx),
          deferReason: DEFER_REASON,
        }),
        expect: decisionError('deferMeetingId', undefined, () => ({ deferReason: DEFER_REASON })),
      }),
    ),
    {
      name: 'the meeting it is on already (not a later one): a message at the meeting, nothing changes',
      as: udi,
      needs: { agenda: 'accepted' },
      data: (fx) => ({
        itemId: af(fx).itemId,
        listId: 'none',
        deferMeetingId: af(fx).meetingId,
        deferReason: DEFER_REASON,
      }),
      expect: decisionError('deferMeetingId', 'not-later', () => ({ deferReason: DEFER_REASON })),
    },
    ...(
      [
        ['no reason', '', 'missing-reason'],
        ['a reason of spaces only', '   ', 'missing-reason'],
        ['a reason far too long', 'x'.repeat(1_001), 'reason-too-long'],
        ['a reason that is not text', { text: DEFER_REASON }, 'missing-reason'],
      ] as [string, unknown, string][]
    ).map(
      ([label, deferReason, problem]): Case => ({
        name: `${label}: the form with a message at the reason, the meeting kept, nothing changes`,
        as: udi,
        needs: { agenda: 'accepted' },
        data: (fx) => ({
          itemId: af(fx).itemId,
          listId: 'none',
          deferMeetingId: af(fx).laterMeetingId,
          deferReason,
        }),
        expect: decisionError('deferReason', problem, (fx) => ({ deferMeetingId: af(fx).laterMeetingId! })),
      }),
    ),
    {
      name: 'an item whose meeting has begun (the card offers no deferral then): the item card says so, nothing changes',
      as: udi,
      needs: { agenda: 'begun' },
      data: (fx) => ({
        itemId: af(fx).itemId,
        listId: 'none',
        deferMeetingId: af(fx).meetingId,
        deferReason: DEFER_REASON,
      }),
      expect: itemProblem('meeting-begun'),
    },
    {
      name: 'positive control, with forged keys in the data: deferred to the later meeting with its reason, the submitter told',
      as: udi,
      needs: { agenda: 'accepted' },
      data: (fx) => ({
        itemId: af(fx).itemId,
        listId: 'none',
        ...FORGED_AGENDA,
        deferMeetingId: af(fx).laterMeetingId,
        deferReason: ` ${DEFER_REASON} `,
      }),
      expect: (card) => expect(textOf(card)).to.include(lead('agenda.banners.defer')),
      changes: (before, after, fx) => {
        const item = agendaItemOf(after, af(fx).itemId);
        expect(item).to.include({ state: 'accepted', reason: DEFER_REASON, createdBy: family.aadObjectId });
        expect(item.meeting).to.deep.equal({ seriesId: mf(fx).seriesId, occurrence: mf(fx).movedId });
        expect(newOutboxFor(before, after, family)).to.equal(1);
      },
    },
  ],

  'agenda.merge': [
    ...badItemIds(opa, 'submitted', (fx) => ({ intoId: af(fx).otherId })),
    ...notCurator('submitted', (fx) => ({ intoId: af(fx).otherId })),
    ...(
      [
        ['an unknown id', () => 'no-such-item-0000'],
        ['garbage', () => '"><script>'],
        ['a very long string', () => LONG],
        ['a number', () => 4242],
        ['an array holding an open item', (fx) => [af(fx).otherId]],
        ['an object holding an open item', (fx) => ({ id: af(fx).otherId })],
        ['null', () => null],
        ['the item itself', (fx) => af(fx).itemId],
        ['an item for another forum', (fx) => af(fx).networkId],
        ['the id of a meeting series (the wrong kind of item)', (fx) => mf(fx).seriesId],
      ] as [string, (fx: Fixture) => unknown][]
    ).map(
      ([label, intoId]): Case => ({
        name: `intoId is ${label}: the form with a message at the item picked, nothing changes`,
        as: opa,
        needs: { agenda: 'submitted' },
        data: (fx) => ({ itemId: af(fx).itemId, listId: 'none', intoId: intoId(fx) }),
        expect: decisionError('intoId', 'bad-merge'),
      }),
    ),
    {
      name: 'an item whose meeting has begun (the card offers no merge then): the item card says so, nothing changes',
      as: udi,
      needs: { agenda: 'begun' },
      data: (fx) => ({ itemId: af(fx).itemId, listId: 'none', intoId: af(fx).otherId }),
      expect: itemProblem('meeting-begun'),
    },
    {
      name: 'positive control, with forged keys in the data: merged into the other item, the submitter told',
      as: opa,
      needs: { agenda: 'submitted' },
      data: (fx) => ({ itemId: af(fx).itemId, listId: 'none', ...FORGED_AGENDA, intoId: af(fx).otherId }),
      expect: (card) => expect(textOf(card)).to.include(lead('agenda.banners.merge')),
      changes: (before, after, fx) => {
        expect(agendaItemOf(after, af(fx).itemId)).to.include({
          state: 'merged',
          mergedInto: af(fx).otherId,
        });
        expect(agendaItemOf(after, af(fx).otherId).state, 'the other item stays open').to.equal('submitted');
        expect(newOutboxFor(before, after, family)).to.equal(1);
      },
    },
  ],

  'agenda.decline': [
    ...badItemIds(opa, 'submitted', () => ({ declineReason: DECLINE_REASON })),
    ...notCurator('submitted', () => ({ declineReason: DECLINE_REASON })),
    ...(
      [
        ['no reason', '', 'missing-reason'],
        ['a reason of spaces only', '   ', 'missing-reason'],
        ['a reason far too long', 'x'.repeat(1_001), 'reason-too-long'],
        ['a reason that is not text', ['Gjelder en enkeltsak'], 'missing-reason'],
      ] as [string, unknown, string][]
    ).map(
      ([label, declineReason, problem]): Case => ({
        name: `${label}: the form with a message at the reason, nothing changes`,
        as: opa,
        needs: { agenda: 'submitted' },
        data: (fx) => ({ itemId: af(fx).itemId, listId: 'none', declineReason }),
        expect: decisionError('declineReason', problem),
      }),
    ),
    {
      name: 'an item whose meeting has begun (the card offers no decline then): the item card says so, nothing changes',
      as: udi,
      needs: { agenda: 'begun' },
      data: (fx) => ({ itemId: af(fx).itemId, listId: 'none', declineReason: DECLINE_REASON }),
      expect: itemProblem('meeting-begun'),
    },
    {
      name: 'positive control, with forged keys in the data: declined with its reason, the submitter told',
      as: opa,
      needs: { agenda: 'submitted' },
      data: (fx) => ({
        itemId: af(fx).itemId,
        listId: 'none',
        ...FORGED_AGENDA,
        declineReason: DECLINE_REASON,
      }),
      expect: (card) => expect(textOf(card)).to.include(nb('agenda.banners.decline')),
      changes: (before, after, fx) => {
        expect(agendaItemOf(after, af(fx).itemId)).to.include({
          state: 'declined',
          reason: DECLINE_REASON,
          createdBy: family.aadObjectId,
        });
        expect(newOutboxFor(before, after, family)).to.equal(1);
      },
    },
  ],

  'agenda.outcome': [
    ...badItemIds(udi, 'begun', () => ({ outcomeKind: 'discussed' })),
    ...notCurator('begun', () => ({ outcomeKind: 'discussed' })),
    {
      name: 'before the meeting has begun: the item card says the outcome comes after, nothing changes',
      as: udi,
      needs: { agenda: 'accepted' },
      data: (fx) => ({ itemId: af(fx).itemId, listId: 'none', outcomeKind: 'discussed' }),
      expect: itemProblem('meeting-ahead'),
    },
    {
      name: 'an item not on any meeting: the item card says it cannot be done now, nothing changes',
      as: udi,
      needs: { agenda: 'begun' },
      data: (fx) => ({ itemId: af(fx).otherId, listId: 'none', outcomeKind: 'discussed' }),
      expect: itemProblem('not-allowed-in-state'),
    },
    ...(['decided', 42, ['discussed'], null, ''] as unknown[]).map(
      (outcomeKind): Case => ({
        name: `outcomeKind is ${JSON.stringify(outcomeKind)}: the form with a message at the kind, nothing changes`,
        as: udi,
        needs: { agenda: 'begun' },
        data: (fx) => ({ itemId: af(fx).itemId, listId: 'none', outcomeKind, outcomeText: FOLLOW_UP }),
        expect: decisionError('outcomeKind', undefined, () => ({ outcomeText: FOLLOW_UP })),
      }),
    ),
    ...(
      [
        ['no clarification', '', 'missing-text'],
        ['a clarification far too long', 'x'.repeat(2_001), 'text-too-long'],
        ['a clarification that is not text', { text: 'Avklart' }, 'missing-text'],
      ] as [string, unknown, string][]
    ).map(
      ([label, outcomeText, problem]): Case => ({
        name: `${label}: the form with a message at the text, nothing changes`,
        as: udi,
        needs: { agenda: 'begun' },
        data: (fx) => ({ itemId: af(fx).itemId, listId: 'none', outcomeKind: 'clarified', outcomeText }),
        expect: decisionError('outcomeText', problem, () => ({ outcomeKind: 'clarified' })),
      }),
    ),
    ...BAD_OWNERS.map(
      ([label, personId]): Case => ({
        name: `a follow-up owned by ${label}: the form with a message at the owner, nothing made, nobody told`,
        as: udi,
        needs: { agenda: 'begun' },
        data: (fx) => ({
          itemId: af(fx).itemId,
          listId: 'none',
          outcomeKind: 'follow-up',
          outcomeText: FOLLOW_UP,
          personId: personId(),
          due: addDays(af(fx).today, 20),
        }),
        expect: decisionError('personId', 'missing-owner', (fx) => ({
          outcomeText: FOLLOW_UP,
          due: addDays(af(fx).today, 20),
        })),
        forged: () => [personId()],
      }),
    ),
    {
      name: 'an initiative taken by an outsider: the form with a message at who takes it, nothing changes',
      as: udi,
      needs: { agenda: 'begun' },
      data: (fx) => ({
        itemId: af(fx).itemId,
        listId: 'none',
        outcomeKind: 'initiative',
        outcomeText: FOLLOW_UP,
        personId: outsider.aadObjectId,
      }),
      expect: decisionError('personId', 'missing-owner', () => ({ outcomeText: FOLLOW_UP })),
    },
    ...(
      [
        ['in the past', () => '2020-01-02'],
        ['that is not a date', () => 'i morgen'],
        ['that does not exist', () => '2027-02-30'],
        ['sent as a number', () => 20270114],
      ] as [string, () => unknown][]
    ).map(
      ([label, due]): Case => ({
        name: `a follow-up due date ${label}: the form with a message at the date, nothing made`,
        as: udi,
        needs: { agenda: 'begun' },
        data: (fx) => ({
          itemId: af(fx).itemId,
          listId: 'none',
          outcomeKind: 'follow-up',
          outcomeText: FOLLOW_UP,
          personId: asa.aadObjectId,
          due: due(),
        }),
        expect: decisionError('due', 'bad-due-date', () => ({
          outcomeText: FOLLOW_UP,
          personId: asa.aadObjectId,
        })),
      }),
    ),
    {
      name: 'positive control, with forged keys in the data: OPA’s coordinator records it as discussed, the submitter told',
      as: opa,
      needs: { agenda: 'begun' },
      data: (fx) => ({ itemId: af(fx).itemId, listId: 'none', ...FORGED_AGENDA, outcomeKind: 'discussed' }),
      expect: (card) => expect(textOf(card)).to.include(nb('agenda.banners.outcome')),
      changes: (before, after, fx) => {
        const item = agendaItemOf(after, af(fx).itemId);
        expect(item.state).to.equal('done');
        expect(item.outcome).to.deep.equal({ kind: 'discussed' });
        expect(newOutboxFor(before, after, family)).to.equal(1);
      },
    },
    {
      name: 'positive control, with forged owners in other keys: a follow-up owned by the one picked, who is told',
      as: udi,
      needs: { agenda: 'begun' },
      data: (fx) => ({
        itemId: af(fx).itemId,
        listId: 'none',
        ...FORGED_AGENDA,
        owner: outsider.aadObjectId,
        outcomeKind: 'follow-up',
        outcomeText: FOLLOW_UP,
        personId: asa.aadObjectId,
        due: addDays(af(fx).today, 20),
      }),
      expect: (card) => expect(textOf(card)).to.include(nb('agenda.banners.outcome')),
      changes: (before, after, fx) => {
        const item = agendaItemOf(after, af(fx).itemId);
        expect(item.state).to.equal('done');
        expect(item.outcome).to.include({ kind: 'follow-up', owner: asa.aadObjectId, what: FOLLOW_UP });
        const actions = Object.values(after.items['agenda-action'] ?? {}).filter(
          (a) => !before.items['agenda-action']?.[a.id],
        );
        expect(actions.map((a) => [a.owner, a.fromItem, a.due])).to.deep.equal([
          [asa.aadObjectId, af(fx).itemId, addDays(af(fx).today, 20)],
        ]);
        expect(newOutboxFor(before, after, asa), 'the owner is told').to.equal(1);
      },
    },
    {
      name: 'positive control: a clarification enters the register',
      as: udi,
      needs: { agenda: 'begun' },
      data: (fx) => ({
        itemId: af(fx).itemId,
        listId: 'none',
        outcomeKind: 'clarified',
        outcomeText: 'Tilbakekall vurderes alltid av enheten som fattet vedtaket.',
      }),
      expect: (card) => expect(textOf(card)).to.include(nb('agenda.banners.outcome')),
      changes: (before, after, fx) => {
        expect(agendaItemOf(after, af(fx).itemId).outcome).to.deep.equal({
          kind: 'clarified',
          clarification: 'Tilbakekall vurderes alltid av enheten som fattet vedtaket.',
        });
        const added = Object.keys(after.items.clarification ?? {}).filter(
          (id) => !before.items.clarification?.[id],
        );
        expect(added).to.have.length(1);
      },
    },
  ],

  'agenda.sheet': [
    {
      name: 'in a team channel, by a curator: "only in the personal chat"',
      as: udi,
      team: true,
      needs: { agenda: 'accepted' },
      data: (fx) => ({ seriesId: af(fx).seriesId, occurrenceId: af(fx).occurrence }),
      expect: notice('personalOnly'),
    },
    ...badSeriesIds(udi, (fx) => ({ occurrenceId: mf(fx).occurrenceId })),
    ...badOccurrenceIds(udi),
    ...(
      [
        [family, 'a contact person (the item’s submitter)'],
        [asker, 'another contact person'],
        [outsider, 'an outsider'],
        [admin, 'an administrator without a network role'],
      ] as [TestUser, string][]
    ).map(
      ([as, label]): Case => ({
        name: `by ${label}, with forged curator rights: refused`,
        as,
        needs: { agenda: 'accepted' },
        data: (fx) => ({ seriesId: af(fx).seriesId, occurrenceId: af(fx).occurrence, ...FORGED_AGENDA }),
        expect: refused,
      }),
    ),
    {
      name: 'positive control: the coordinators’ meeting’s agenda with the item on it, no summary before the meeting',
      as: asa,
      needs: { agenda: 'accepted' },
      data: (fx) => ({ seriesId: af(fx).seriesId, occurrenceId: af(fx).occurrence }),
      expect: (card) => {
        expect(noticeKindsOf(card)).to.deep.equal([]);
        expect(textOf(card)).to.include('Fixture-sak');
        expect(verbsOf(card)).not.to.include('agenda.sendSummary');
      },
    },
  ],

  'agenda.sendSummary': [
    ...badSeriesIds(udi, (fx) => ({ occurrenceId: mf(fx).occurrenceId })),
    ...badOccurrenceIds(udi),
    ...(
      [
        [family, 'a contact person (a submitter)'],
        [asker, 'another contact person'],
        [outsider, 'an outsider'],
        [admin, 'an administrator without a network role'],
      ] as [TestUser, string][]
    ).map(
      ([as, label]): Case => ({
        name: `by ${label}, after the meeting, with forged curator rights: refused, nothing sent`,
        as,
        needs: { agenda: 'begun' },
        data: (fx) => ({ seriesId: af(fx).seriesId, occurrenceId: af(fx).occurrence, ...FORGED_AGENDA }),
        expect: refused,
      }),
    ),
    {
      name: 'before the meeting has begun: the agenda with the message, nothing sent',
      as: udi,
      needs: { agenda: 'accepted' },
      data: (fx) => ({ seriesId: af(fx).seriesId, occurrenceId: af(fx).occurrence }),
      expect: (card) => {
        expect(noticeKindsOf(card)).to.deep.equal([]);
        expect(textOf(card)).to.include(nb('agenda.errors.meeting-ahead'));
      },
    },
    {
      name: 'positive control, with forged recipients in the data: the summary goes to the meeting’s coordinators only',
      as: opa,
      needs: { agenda: 'begun' },
      data: (fx) => ({
        seriesId: af(fx).seriesId,
        occurrenceId: af(fx).occurrence,
        ...FORGED_AGENDA,
        to: NEVER_SEEN.aadObjectId,
        recipients: [outsider.aadObjectId, family.aadObjectId],
      }),
      expect: (card) => {
        expect(noticeKindsOf(card)).to.deep.equal([]);
        expect(textOf(card)).to.include(nb('agenda.banners.summarySent'));
      },
      changes: (before, after) => {
        for (const who of [udi, asa]) expect(newOutboxFor(before, after, who), who.name).to.equal(1);
        for (const who of [family, asker]) expect(newOutboxFor(before, after, who), who.name).to.equal(0);
        expect(Object.keys(after.items['agenda-sheet'] ?? {}).length).to.be.greaterThan(0);
      },
    },
  ],
};

// ---- follow-up actions (agenda) ----------------------------------------------------------------------

/** The fixture's follow-up action (every case that uses it names `agendaAction` in its needs). */
const actionFx = (fx: Fixture): AgendaActionFixture => {
  expect(fx.agendaAction, 'the case needs a follow-up action fixture').to.exist;
  return fx.agendaAction!;
};

/** Forged keys on an action's card: an owner, a submitter, a state, people to tell. */
const FORGED_ACTION = {
  owner: outsider.aadObjectId,
  createdBy: outsider.aadObjectId,
  submitter: NEVER_SEEN.aadObjectId,
  aadObjectId: outsider.aadObjectId,
  to: NEVER_SEEN.aadObjectId,
  state: 'done',
  department: 'AUA',
};

/** The action's card (not a notice), with or without "Merk som gjort". */
const actionShown =
  (canClose: boolean) =>
  (card: Card, fx: Fixture): void => {
    expect(noticeKindsOf(card), 'the action card, not a notice').to.deep.equal([]);
    expect(textOf(card)).to.include(actionFx(fx).what).and.include(actionFx(fx).itemTitle);
    if (canClose)
      expect(actionsOf(card, 'agenda.closeAction')).to.deep.equal([{ actionId: actionFx(fx).actionId }]);
    else expect(verbsOf(card)).not.to.include('agenda.closeAction');
  };

/** actionId forged in every way, or naming something that is not an action: a stale notice. */
function badActionIds(as: TestUser): Case[] {
  return [
    ...BAD_IDS.map(
      ([label, id]): Case => ({
        name: `actionId is ${label}: stale notice, nothing changes`,
        as,
        needs: { agendaAction: 'open' },
        data: (fx) => ({ actionId: id({ ...fx, requestId: actionFx(fx).actionId }) }),
        expect: stale,
      }),
    ),
    {
      name: 'actionId of the agenda item it came from (the wrong kind of item): stale notice',
      as,
      needs: { agendaAction: 'open' },
      data: (fx) => ({ actionId: actionFx(fx).itemId }),
      expect: stale,
    },
    {
      name: 'the action named under another key (requestId, itemId), none as actionId: stale notice',
      as,
      needs: { agendaAction: 'open' },
      data: (fx) => ({ requestId: actionFx(fx).actionId, itemId: actionFx(fx).actionId }),
      expect: stale,
    },
  ];
}

/** People who may not act on (or see) the fixture's action, with forged rights in the data: refused. */
function notTheirAction(who: [TestUser, string][]): Case[] {
  return who.map(
    ([as, label]): Case => ({
      name: `by ${label}, with a forged owner in the data: refused, nothing changes`,
      as,
      needs: { agendaAction: 'open' },
      data: (fx) => ({ actionId: actionFx(fx).actionId, ...FORGED_ACTION, owner: as.aadObjectId }),
      expect: refused,
      forged: () => [NEVER_SEEN.aadObjectId],
    }),
  );
}

const AGENDA_ACTION_CASES: Record<Verb, Case[]> = {
  'agenda.showAction': [
    ...badActionIds(asa),
    ...notTheirAction([
      [outsider, 'an outsider'],
      [family, 'a contact person who is not its owner'],
      [opa, 'the coordinator of another department'],
    ]),
    {
      name: 'in a team channel: only in a personal chat',
      as: asa,
      team: true,
      needs: { agendaAction: 'open' },
      data: (fx) => ({ actionId: actionFx(fx).actionId }),
      expect: notice('personalOnly'),
    },
    {
      name: 'the submitter of the item it came from: the card, without "Merk som gjort"',
      as: asker,
      needs: { agendaAction: 'open' },
      data: (fx) => ({ actionId: actionFx(fx).actionId, ...FORGED_ACTION, owner: asker.aadObjectId }),
      expect: actionShown(false),
    },
    {
      name: 'the UDI coordinator (curates the item’s department): the card with "Merk som gjort"',
      as: udi,
      needs: { agendaAction: 'open' },
      data: (fx) => ({ actionId: actionFx(fx).actionId }),
      expect: actionShown(true),
    },
    {
      name: 'positive control: its owner sees the card with "Merk som gjort"',
      as: asa,
      needs: { agendaAction: 'open' },
      data: (fx) => ({ actionId: actionFx(fx).actionId, ...FORGED_ACTION }),
      expect: actionShown(true),
    },
  ],

  'agenda.closeAction': [
    ...badActionIds(asa),
    ...notTheirAction([
      [outsider, 'an outsider'],
      [family, 'a contact person who is not its owner'],
      [asker, 'the submitter of the item, who is not its owner'],
      [opa, 'the coordinator of another department'],
    ]),
    {
      name: 'in a team channel: only in a personal chat, nothing changes',
      as: asa,
      team: true,
      needs: { agendaAction: 'open' },
      data: (fx) => ({ actionId: actionFx(fx).actionId }),
      expect: notice('personalOnly'),
    },
    {
      name: 'positive control, with a forged owner and people to tell in the data: done by the owner, the submitter told',
      as: asa,
      needs: { agendaAction: 'open' },
      data: (fx) => ({ actionId: actionFx(fx).actionId, ...FORGED_ACTION }),
      expect: (card) => {
        expect(noticeKindsOf(card), 'the action card, not a notice').to.deep.equal([]);
        expect(textOf(card)).to.include(nb('agenda.action.banners.closed'));
        expect(verbsOf(card)).not.to.include('agenda.closeAction');
      },
      changes: (before, after, fx) => {
        const action = after.items['agenda-action']?.[actionFx(fx).actionId];
        expect(action?.state).to.equal('done');
        expect(action?.owner).to.equal(asa.aadObjectId);
        expect(action?.history.at(-1)).to.include({ action: 'done', by: asa.aadObjectId });
        expect(newOutboxFor(before, after, asker), 'the submitter is told').to.equal(1);
        for (const who of [outsider, family, opa])
          expect(newOutboxFor(before, after, who), who.name).to.equal(0);
        expect(after.items['agenda-item']?.[actionFx(fx).itemId]).to.deep.equal(
          before.items['agenda-item']?.[actionFx(fx).itemId],
        );
      },
      forged: () => [NEVER_SEEN.aadObjectId],
    },
    {
      name: 'an action done already, by a curator: the card as it is (done), nothing changes',
      as: udi,
      needs: { agendaAction: 'done' },
      data: (fx) => ({ actionId: actionFx(fx).actionId }),
      expect: (card) => {
        expect(noticeKindsOf(card)).to.deep.equal([]);
        expect(verbsOf(card)).not.to.include('agenda.closeAction');
      },
    },
  ],
};

// ---- check-ins ---------------------------------------------------------------------------------------

function checkinFx(fx: Fixture): CheckinFixture {
  expect(fx.checkin, 'the case needs a check-in fixture').to.exist;
  return fx.checkin!;
}

const CHECKIN_TYPED = {
  trends: 'Flere saker med tvangsarbeid i landbruket',
  principled: '',
  challenges: '',
  training: '',
  cases: '4',
};

/** checkinId forged in every way: a stale notice, nothing changes. */
function badCheckinIds(as: TestUser, extra: Data = {}): Case[] {
  return BAD_IDS.map(([label, id]) => ({
    name: `checkinId is ${label}: stale notice, nothing changes`,
    as,
    needs: { checkin: 'open' },
    data: (fx) => ({
      ...extra,
      checkinId: label.includes('real id') ? { id: checkinFx(fx).checkinId } : id(fx),
    }),
    expect: stale,
  }));
}

function notTheirCheckin(verb: string, data: (fx: Fixture) => Data): Case[] {
  return (
    [
      [outsider, 'an outsider'],
      [family, 'a contact person of a unit that is no region'],
      [opa, 'the coordinator of another department'],
      ...(verb === 'checkins.show' ? [] : ([[udi, 'the UDI coordinator (reads, never answers)']] as const)),
    ] as const
  ).map(
    ([as, label]): Case => ({
      name: `by ${label}: refused, nothing changes`,
      as,
      needs: { checkin: 'open' },
      data,
      expect: refused,
    }),
  );
}

const checkinStored = (after: StoreDoc, fx: Fixture) =>
  (
    after.items as unknown as Record<
      string,
      Record<string, { state: string; answers?: Data; history: Data[] }>
    >
  ).checkin?.[checkinFx(fx).checkinId];

const CHECKIN_CASES: Record<Verb, Case[]> = {
  'checkins.show': [
    ...badCheckinIds(asker),
    ...notTheirCheckin('checkins.show', (fx) => ({ checkinId: checkinFx(fx).checkinId })),
    {
      name: 'in a team channel: only in a personal chat',
      as: asker,
      team: true,
      needs: { checkin: 'open' },
      data: (fx) => ({ checkinId: checkinFx(fx).checkinId }),
      expect: notice('personalOnly'),
    },
    {
      name: 'the UDI coordinator: the check-in read-only (no form, no answer buttons)',
      as: udi,
      needs: { checkin: 'open' },
      data: (fx) => ({ checkinId: checkinFx(fx).checkinId, modeId: 'edit' }),
      expect: (card) => {
        expect(noticeKindsOf(card)).to.deep.equal([]);
        expect(verbsOf(card)).not.to.include('checkins.submit');
        expect(verbsOf(card)).not.to.include('checkins.nothingNew');
      },
    },
    {
      name: 'positive control: the region’s contact person gets the form',
      as: asker,
      needs: { checkin: 'open' },
      data: (fx) => ({ checkinId: checkinFx(fx).checkinId }),
      expect: (card) => {
        expect(openInputIds(card)).to.include.members([
          'principled',
          'challenges',
          'trends',
          'training',
          'cases',
        ]);
        expect(verbsOf(card)).to.include.members(['checkins.submit', 'checkins.nothingNew']);
      },
    },
  ],

  'checkins.submit': [
    ...badCheckinIds(asker, CHECKIN_TYPED),
    ...notTheirCheckin('checkins.submit', (fx) => ({ checkinId: checkinFx(fx).checkinId, ...CHECKIN_TYPED })),
    {
      name: 'in a team channel: only in a personal chat, nothing changes',
      as: asker,
      team: true,
      needs: { checkin: 'open' },
      data: (fx) => ({ checkinId: checkinFx(fx).checkinId, ...CHECKIN_TYPED }),
      expect: notice('personalOnly'),
    },
    {
      name: 'a case count that is no whole number: the form again, the message next to it, the text kept',
      as: asker,
      needs: { checkin: 'open' },
      data: (fx) => ({ checkinId: checkinFx(fx).checkinId, ...CHECKIN_TYPED, cases: 'fire' }),
      expect: (card) => {
        const at = openField(card, 'cases');
        expect(at?.message).to.equal(nb('checkins.checkin.errors.invalid'));
        expect(shownValue(openField(card, 'trends'))).to.equal(CHECKIN_TYPED.trends);
      },
    },
    {
      name: 'nothing written: the form again, asking for at least one topic',
      as: asker,
      needs: { checkin: 'open' },
      data: (fx) => ({ checkinId: checkinFx(fx).checkinId, ...CHECKIN_TYPED, trends: '' }),
      expect: (card) => {
        expect(inlineMessages(card)).to.include(nb('checkins.checkin.errors.topics'));
        expect(shownValue(openField(card, 'cases'))).to.equal('4');
      },
    },
    {
      name: 'positive control, with a forged region and state in the data: submitted by the region’s contact person',
      as: asker,
      needs: { checkin: 'open' },
      data: (fx) => ({
        checkinId: checkinFx(fx).checkinId,
        ...CHECKIN_TYPED,
        unitId: 'rma-region-west',
        state: 'missed',
        aadObjectId: outsider.aadObjectId,
      }),
      expect: (card) => {
        expect(noticeKindsOf(card)).to.deep.equal([]);
        expect(textOf(card)).to.include(nb('checkins.checkin.banners.sent'));
        expect(textOf(card)).to.include(CHECKIN_TYPED.trends);
        expect(verbsOf(card)).to.include('checkins.show');
      },
      changes: (_before, after, fx) => {
        const stored = checkinStored(after, fx);
        expect(stored?.state).to.equal('submitted');
        expect(stored?.answers).to.deep.equal({ trends: CHECKIN_TYPED.trends, cases: 4 });
      },
      forged: () => [NEVER_SEEN.aadObjectId],
    },
  ],

  'checkins.nothingNew': [
    ...badCheckinIds(asker),
    ...notTheirCheckin('checkins.nothingNew', (fx) => ({ checkinId: checkinFx(fx).checkinId })),
    {
      name: 'in a team channel: only in a personal chat, nothing changes',
      as: asker,
      team: true,
      needs: { checkin: 'open' },
      data: (fx) => ({ checkinId: checkinFx(fx).checkinId }),
      expect: notice('personalOnly'),
    },
    {
      name: 'positive control: "nothing new" by the region’s contact person',
      as: asker,
      needs: { checkin: 'open' },
      data: (fx) => ({ checkinId: checkinFx(fx).checkinId, aadObjectId: outsider.aadObjectId }),
      expect: (card) => {
        expect(noticeKindsOf(card)).to.deep.equal([]);
        expect(textOf(card)).to.include(nb('checkins.checkin.banners.nothingNewSent'));
      },
      changes: (_before, after, fx) => expect(checkinStored(after, fx)?.state).to.equal('nothing-new'),
    },
  ],

  'checkins.digest': [
    ...BAD_IDS.map(
      ([label, id]): Case => ({
        name: `cycleId is ${label}: stale notice`,
        as: udi,
        needs: { checkin: 'open' },
        data: (fx) => ({ cycleId: label.includes('real id') ? [checkinFx(fx).cycleId] : id(fx) }),
        expect: stale,
      }),
    ),
    ...(
      [
        [asker, 'a regional contact person'],
        [opa, 'the coordinator of another department'],
        [outsider, 'an outsider'],
      ] as const
    ).map(
      ([as, label]): Case => ({
        name: `by ${label}: refused`,
        as,
        needs: { checkin: 'open' },
        data: (fx) => ({ cycleId: checkinFx(fx).cycleId }),
        expect: refused,
      }),
    ),
    {
      name: 'positive control: the UDI coordinator reads the digest, the region not answered named',
      as: udi,
      needs: { checkin: 'open' },
      data: (fx) => ({ cycleId: checkinFx(fx).cycleId }),
      expect: (card) => {
        expect(noticeKindsOf(card)).to.deep.equal([]);
        expect(textOf(card)).to.include(nb('checkins.digest.notAnswered'));
      },
    },
  ],

  'checkins.overview': [
    ...(
      [
        [asker, 'a regional contact person'],
        [opa, 'the coordinator of another department'],
        [outsider, 'an outsider'],
      ] as const
    ).map(([as, label]): Case => ({ name: `by ${label}: refused`, as, data: () => ({}), expect: refused })),
    {
      name: 'in a team channel: only in a personal chat',
      as: udi,
      team: true,
      data: () => ({}),
      expect: notice('personalOnly'),
    },
    {
      name: 'positive control: the UDI coordinator gets the overview',
      as: udi,
      data: () => ({}),
      expect: (card) => expect(textOf(card)).to.include(nb('checkins.overview.title')),
    },
  ],
};

// ---- yearly duties ---------------------------------------------------------------------------------------

const dutiesFx = (fx: Fixture): DutiesFixture => fx.duties!;
type DutyKey = 'roundId' | 'opaInputId' | 'deletionId';
const DUTY_ID_KEY: Record<DutyKey, string> = {
  roundId: 'roundId',
  opaInputId: 'inputId',
  deletionId: 'deletionId',
};
const dutyStored = (after: StoreDoc, kind: string, id: string) =>
  (after.items as unknown as Record<string, Record<string, Record<string, unknown>>>)[kind]?.[id];

/** The id under `key` forged in every way, an outsider and `others` refused, only in a personal chat. */
function dutyGuards(
  verb: string,
  as: TestUser,
  key: DutyKey | undefined,
  others: readonly (readonly [TestUser, string])[],
  extra: (fx: Fixture) => Data = () => ({}),
): Case[] {
  const named = (fx: Fixture): Data => (key ? { [DUTY_ID_KEY[key]]: dutiesFx(fx)[key] } : {});
  return [
    ...(key
      ? BAD_IDS.map(
          ([label, id]): Case => ({
            name: `${DUTY_ID_KEY[key]} is ${label}: stale notice, nothing changes`,
            as,
            needs: { duties: true },
            data: (fx) => ({
              ...extra(fx),
              [DUTY_ID_KEY[key]]: label.includes('real id') ? [dutiesFx(fx)[key]] : id(fx),
            }),
            expect: stale,
          }),
        )
      : []),
    ...[[outsider, 'an outsider'] as const, ...others].map(
      ([who, label]): Case => ({
        name: `by ${label}: refused, nothing changes`,
        as: who,
        needs: { duties: true },
        data: (fx) => ({ ...extra(fx), ...named(fx) }),
        expect: refused,
      }),
    ),
    {
      name: `in a team channel: only in a personal chat (${verb})`,
      as,
      team: true,
      needs: { duties: true },
      data: (fx) => ({ ...extra(fx), ...named(fx) }),
      expect: notice('personalOnly'),
    },
  ];
}

const NOT_UDI = [
  [opa, 'a department coordinator'],
  [family, 'a contact person'],
] as const;

const DUTY_CASES: Record<Verb, Case[]> = {
  'duties.overview': [
    ...dutyGuards('duties.overview', udi, undefined, NOT_UDI),
    {
      name: 'positive control: the UDI coordinator gets the overview with the open-round form',
      as: udi,
      needs: { duties: true },
      data: () => ({}),
      expect: (card) => expect(openVerbs(card)).to.include('duties.openRound'),
    },
  ],
  'duties.openRound': [
    ...dutyGuards('duties.openRound', udi, undefined, NOT_UDI, () => ({
      year: '2026',
      deadline: '2099-01-01',
    })),
    {
      name: 'a year the form does not offer: the form again, a message next to the year, nothing changes',
      as: udi,
      needs: { duties: true },
      data: () => ({ year: '1999', deadline: '2099-01-01' }),
      expect: formError(['year', 'deadline'], 'year'),
    },
    {
      name: 'positive control, with a forged round id and state: the round is opened',
      as: udi,
      needs: { duties: true },
      data: () => ({ year: '2025', deadline: '2099-01-01', roundId: 'kom-round.2001', state: 'closed' }),
      expect: (card) => {
        expect(noticeKindsOf(card)).to.deep.equal([]);
        expect(verbsOf(card)).to.include('duties.export');
      },
      changes: (_before, after) => {
        const rounds = Object.values(
          (after.items as unknown as Record<string, Record<string, { state: string; year: number }>>)[
            'kom-round'
          ] ?? {},
        );
        expect(rounds.filter((r) => r.year < 2100 && r.year >= 2025).map((r) => r.state)).to.include('open');
      },
    },
  ],
  'duties.round': [
    ...dutyGuards('duties.round', udi, 'roundId', NOT_UDI),
    {
      name: 'positive control: the UDI coordinator sees who has answered',
      as: udi,
      needs: { duties: true },
      data: (fx) => ({ roundId: dutiesFx(fx).roundId }),
      expect: (card) => expect(textOf(card)).to.include(nb('duties.round.notAnswered')),
    },
  ],
  'duties.closeRound': [
    ...dutyGuards('duties.closeRound', udi, 'roundId', NOT_UDI),
    {
      name: 'positive control: the UDI coordinator closes the round',
      as: udi,
      needs: { duties: true },
      data: (fx) => ({ roundId: dutiesFx(fx).roundId }),
      expect: (card) => expect(textOf(card)).to.include(nb('duties.banners.closed')),
      changes: (_b, after, fx) =>
        expect(dutyStored(after, 'kom-round', dutiesFx(fx).roundId)?.state).to.equal('closed'),
    },
  ],
  'duties.publish': [
    ...dutyGuards('duties.publish', udi, 'roundId', NOT_UDI, () => ({ publishedOn: '2001-06-01' })),
    {
      name: 'a date after today: the message next to the field, nothing changes',
      as: udi,
      needs: { duties: true },
      data: (fx) => ({ roundId: dutiesFx(fx).roundId, publishedOn: '2099-01-01' }),
      expect: (card) =>
        expect(openField(card, 'publishedOn')?.message).to.equal(nb('duties.problems.publishedOn.future')),
    },
    {
      name: 'positive control: the publication recorded, the round closed',
      as: udi,
      needs: { duties: true },
      data: (fx) => ({ roundId: dutiesFx(fx).roundId, publishedOn: '2001-06-01' }),
      expect: (card) => expect(noticeKindsOf(card)).to.deep.equal([]),
      changes: (_b, after, fx) => {
        const round = dutyStored(after, 'kom-round', dutiesFx(fx).roundId);
        expect(round?.publishedOn).to.equal('2001-06-01');
        expect(round?.state).to.equal('closed');
      },
    },
  ],
  'duties.export': [
    ...dutyGuards('duties.export', udi, 'roundId', NOT_UDI),
    {
      name: 'positive control: the export card (no links: the world has no link settings)',
      as: udi,
      needs: { duties: true },
      data: (fx) => ({ roundId: dutiesFx(fx).roundId }),
      expect: (card) => expect(textOf(card)).to.include(nb('duties.exportCard.notConfigured')),
    },
  ],
  'duties.input': [
    ...dutyGuards('duties.input', opa, 'opaInputId', [
      [asa, 'the coordinator of another department'],
      [family, 'a contact person of the department'],
    ]),
    {
      name: 'positive control: OPA’s coordinator gets the form with the figures',
      as: opa,
      needs: { duties: true },
      data: (fx) => ({ inputId: dutiesFx(fx).opaInputId }),
      expect: (card) =>
        expect(openInputIds(card)).to.include.members(['text', 'reflectionApplications', 'limitedRefusals']),
    },
  ],
  'duties.submitInput': [
    ...dutyGuards(
      'duties.submitInput',
      opa,
      'opaInputId',
      [
        [asa, 'the coordinator of another department'],
        [udi, 'the UDI coordinator (reads, never answers)'],
      ],
      (fx) => ({ ...dutiesFx(fx).typed }),
    ),
    {
      name: 'a figure that is no whole number: the form again, the message next to it, the text kept',
      as: opa,
      needs: { duties: true },
      data: (fx) => ({ inputId: dutiesFx(fx).opaInputId, ...dutiesFx(fx).typed, limitedGrants: 'fire' }),
      expect: (card, fx) => {
        expect(openField(card, 'limitedGrants')?.message).to.equal(nb('duties.problems.figure.invalid'));
        expect(shownValue(openField(card, 'text'))).to.equal(dutiesFx(fx).typed.text);
      },
    },
    {
      name: 'positive control, with a forged department and state: submitted by OPA’s coordinator',
      as: opa,
      needs: { duties: true },
      data: (fx) => ({
        inputId: dutiesFx(fx).opaInputId,
        ...dutiesFx(fx).typed,
        department: 'ASA',
        state: 'submitted',
      }),
      expect: (card) => expect(textOf(card)).to.include(nb('duties.banners.sent')),
      changes: (_b, after, fx) => {
        const input = dutyStored(after, 'kom-input', dutiesFx(fx).opaInputId);
        expect(input?.state).to.equal('submitted');
        expect(input?.department).to.equal('OPA');
        expect(
          (input?.figures as { reflection: { applications: number } } | undefined)?.reflection.applications,
        ).to.equal(14);
      },
    },
  ],
  'duties.deletionDone': [
    ...dutyGuards('duties.deletionDone', udi, 'deletionId', NOT_UDI),
    {
      name: 'positive control: the UDI coordinator marks the task done',
      as: udi,
      needs: { duties: true },
      data: (fx) => ({ deletionId: dutiesFx(fx).deletionId }),
      expect: (card) => expect(textOf(card)).to.include(nb('duties.banners.deletionDone')),
      changes: (_b, after, fx) =>
        expect(dutyStored(after, 'mh-deletion', dutiesFx(fx).deletionId)?.state).to.equal('done'),
    },
  ],
};

// ---- agenda: exporting the record --------------------------------------------------------------------

/** The export card (not a notice): what is exported, and no download links (the world has no link settings). */
const exportShown = (title: string) => (card: Card) => {
  expect(noticeKindsOf(card), 'the export card, not a notice').to.deep.equal([]);
  expect(textOf(card)).to.include(nb('agenda.exportCard.heading')).and.include(title);
  expect(textOf(card)).to.include(nb('agenda.exportCard.notConfigured'));
  expect(verbsOf(card)).to.deep.equal(['help.show']);
};
const thisYear = () => osloToday().slice(0, 4);

const EXPORT_CASES: Record<Verb, Case[]> = {
  'agenda.export': [
    ...[outsider, family, asker, admin].map(
      (as): Case => ({
        name: `by ${as.name}, who curates nothing, with forged roles in the data: refused`,
        as,
        needs: { meeting: 'active' },
        data: (fx) => ({
          seriesId: mf(fx).seriesId,
          occurrenceId: mf(fx).occurrenceId,
          roles: [{ kind: 'coordinator', department: 'AUA' }],
          canExport: true,
          aadObjectId: udi.aadObjectId,
        }),
        expect: refused,
      }),
    ),
    {
      name: 'a contact person asking for a year: refused',
      as: family,
      data: () => ({ periodId: thisYear() }),
      expect: refused,
    },
    ...badSeriesIds(opa, (fx) => ({ occurrenceId: mf(fx).occurrenceId })),
    ...badOccurrenceIds(opa),
    ...(
      [
        ['before 2020', () => '2019'],
        ['two years ahead', () => String(Number(thisYear()) + 2)],
        ['a date, not a year', () => `${thisYear()}-01`],
        ['a number', () => Number(thisYear())],
        ['an array holding a year', () => [thisYear()]],
        ['garbage', () => '../2027'],
        ['null', () => null],
      ] as [string, () => unknown][]
    ).map(
      ([label, periodId]): Case => ({
        name: `periodId is ${label}: stale notice`,
        as: udi,
        data: () => ({ periodId: periodId() }),
        expect: stale,
      }),
    ),
    {
      name: 'a year and a meeting at once: stale notice',
      as: udi,
      needs: { meeting: 'active' },
      data: (fx) => ({ periodId: thisYear(), seriesId: mf(fx).seriesId, occurrenceId: mf(fx).occurrenceId }),
      expect: stale,
    },
    {
      name: 'nothing named: stale notice',
      as: udi,
      data: () => ({}),
      expect: stale,
    },
    {
      name: 'positive control: a department coordinator exports a meeting of an ended series (its record stays)',
      as: opa,
      needs: { meeting: 'ended' },
      data: (fx) => ({ seriesId: mf(fx).seriesId, occurrenceId: mf(fx).occurrenceId }),
      expect: exportShown('Koordinatormøte'),
    },
    {
      name: 'positive control: the UDI coordinator exports this year, with garbage under other keys',
      as: udi,
      data: () => ({ periodId: thisYear(), listId: { x: 1 }, requestId: 7 }),
      expect: (card) => exportShown(thisYear())(card),
    },
  ],
};

// ---- the register of clarifications -------------------------------------------------------------

const CLARIFICATION_TOOLS = ['agenda.editClarification', 'agenda.withdrawClarification'];
/** The entry of the case's fixture. */
const ef = (fx: Fixture): string => {
  expect(fx.entryId, 'the case needs a clarification fixture').to.be.a('string');
  return fx.entryId!;
};
function entryOf(doc: StoreDoc, id: string) {
  const entry = doc.items.clarification?.[id];
  expect(entry, 'the entry is stored').to.exist;
  return entry!;
}
/** The edit form as the UDI coordinator fills it in. */
const editTyped = (extra: Data = {}): Data => ({
  question: CLARIFICATION_FIXTURE.question,
  clarification: 'Ja. Refleksjonsperioden gis selv om en søknad om oppholdstillatelse er til behandling.',
  decidedOn: '2026-03-11',
  topicId: 'family-immigration',
  ...extra,
});
/** Forged keys about an entry, on an action that is otherwise valid. */
const FORGED_ENTRY = {
  state: 'withdrawn',
  reference: 'A-1999-9999',
  createdBy: outsider.aadObjectId,
  source: { kind: 'guidance', requestId: 'x', coordinator: outsider.aadObjectId },
  history: [],
  canManage: true,
  aadObjectId: outsider.aadObjectId,
  id: 'forged-entry',
};
const BAD_ENTRY_IDS: [string, (fx: Fixture) => unknown][] = [
  ['an unknown id', () => 'no-such-entry-0000'],
  ['garbage', () => '../../etc/passwd\u0000"><script>'],
  ['a very long string', () => LONG],
  ['a number', () => 4242],
  ['an object holding the real id', (fx) => ({ id: ef(fx) })],
  ['an array holding the real id', (fx) => [ef(fx)]],
  ['null', () => null],
  ['the id of a guidance request (the wrong kind of item)', (fx) => fx.requestId],
];
/** entryId forged in every way, by the UDI coordinator: a stale notice, nothing changes. */
function badEntryIds(data: (fx: Fixture) => Data = () => ({})): Case[] {
  return BAD_ENTRY_IDS.map(([label, id]) => ({
    name: `entryId is ${label}: stale notice, nothing changes`,
    as: udi,
    needs: { clarification: 'active', guidance: 'open' },
    data: (fx) => ({ ...data(fx), entryId: id(fx) }),
    expect: stale,
  }));
}
/** Anyone but the UDI coordinator: refused, nothing changes. */
function notUdi(data: (fx: Fixture) => Data): Case[] {
  return (
    [
      [family, 'a contact person'],
      [opa, 'the coordinator of another department'],
      [admin, 'an administrator'],
      [outsider, 'an outsider'],
    ] as const
  ).map(([as, label]) => ({
    name: `by ${label}, with a forged role: refused, nothing changes`,
    as,
    needs: { clarification: 'active' },
    data: (fx) => ({ ...data(fx), entryId: ef(fx), role: 'coordinator', department: 'AUA', canManage: true }),
    expect: refused,
  }));
}
/** The register's card (not a notice), with or without the UDI coordinator's tools. */
const registerShown =
  (tools: boolean) =>
  (card: Card): void => {
    expect(noticeKindsOf(card), 'the register, not a notice').to.deep.equal([]);
    expect(textOf(card)).to.include(nb('agenda.clarifications.card.title'));
    const editButtons = actionsOf(card, 'agenda.clarifications').filter((d) => d.entryId !== undefined);
    if (tools) {
      expect(verbsOf(card)).to.include('agenda.withdrawClarification');
      expect(editButtons, 'edit buttons').not.to.deep.equal([]);
    } else {
      expectNone(verbsOf(card), CLARIFICATION_TOOLS, 'no editing or withdrawing');
      expect(editButtons, 'no edit buttons').to.deep.equal([]);
    }
  };

const CLARIFICATION_CASES: Record<Verb, Case[]> = {
  'agenda.clarifications': [
    {
      name: 'an outsider claiming membership in the data: refused',
      as: outsider,
      needs: { clarification: 'active' },
      data: () => ({ words: 'oppholdstillatelsen', isMember: true, role: 'coordinator' }),
      expect: refused,
    },
    {
      name: 'an administrator who holds no network role: refused',
      as: admin,
      data: () => ({ words: 'oppholdstillatelsen' }),
      expect: refused,
    },
    {
      name: 'a contact person with a forged role: finds the entry by an inflected form, without tools',
      as: family,
      needs: { clarification: 'active' },
      data: () => ({ words: 'oppholdstillatelsen', ...FORGED_ENTRY }),
      expect: (card) => {
        registerShown(false)(card);
        expect(textOf(card)).to.include(CLARIFICATION_FIXTURE.clarification);
        expect(actionsOf(card, 'agenda.clarifications').filter((d) => d.entryId)).to.deep.equal([]);
      },
    },
    ...notUdi(() => ({ words: 'oppholdstillatelsen' })),
    ...badEntryIds(() => ({ words: 'oppholdstillatelsen' })),
    {
      name: 'a withdrawn entry: stale notice, no form',
      as: udi,
      needs: { clarification: 'withdrawn' },
      data: (fx) => ({ entryId: ef(fx) }),
      expect: stale,
    },
    {
      name: 'positive control: the UDI coordinator gets the tools, and the form of the entry named',
      as: udi,
      needs: { clarification: 'active' },
      data: (fx) => ({ words: 'oppholdstillatelsen', entryId: ef(fx), ...FORGED_ENTRY, id: 'x' }),
      expect: (card, fx) => {
        expect(noticeKindsOf(card), 'the register, not a notice').to.deep.equal([]);
        expect(shownValue(openField(card, 'question'))).to.equal(CLARIFICATION_FIXTURE.question);
        expect(actionsOf(card, 'agenda.editClarification')).to.deep.equal([{ entryId: ef(fx) }]);
      },
    },
  ],

  'agenda.editClarification': [
    ...badEntryIds(() => editTyped()),
    ...notUdi(() => editTyped()),
    {
      name: 'a withdrawn entry: stale notice, nothing changes',
      as: udi,
      needs: { clarification: 'withdrawn' },
      data: (fx) => ({ entryId: ef(fx), ...editTyped() }),
      expect: stale,
    },
    {
      name: 'in a channel: only in the personal chat, nothing changes',
      as: udi,
      team: true,
      needs: { clarification: 'active' },
      data: (fx) => ({ entryId: ef(fx), ...editTyped() }),
      expect: notice('personalOnly'),
    },
    ...(
      [
        ['a blank question', { question: '  ' }, 'question'],
        ['a question that is not text', { question: { text: 'x' } }, 'question'],
        ['a clarification far too long', { clarification: 'x'.repeat(4001) }, 'clarification'],
        ['a date that does not exist', { decidedOn: '2026-02-30' }, 'decidedOn'],
        ['a topic that does not exist', { topicId: 'no-such-topic' }, 'topicId'],
        ['a retired topic', { topicId: 'orders' }, 'topicId'],
      ] as [string, Data, string][]
    ).map(
      ([label, extra, field]): Case => ({
        name: `${label}: the form with a message at ${field}, what else was typed kept, nothing changes`,
        as: udi,
        needs: { clarification: 'active' },
        data: (fx) => ({ entryId: ef(fx), words: 'oppholdstillatelsen', ...editTyped(extra) }),
        expect: (card) => {
          expect(noticeKindsOf(card), 'the register, not a notice').to.deep.equal([]);
          const at = openField(card, field);
          expect(at?.message, `a message next to ${field}`).to.be.a('string').and.not.equal('');
          for (const kept of ['question', 'clarification', 'decidedOn'].filter((k) => k !== field))
            expect(shownValue(openField(card, kept)), `${kept} kept`).to.equal(editTyped()[kept]);
          expect(shownValue(openField(card, 'words'))).to.equal('oppholdstillatelsen');
        },
      }),
    ),
    {
      name: 'positive control, with forged state, source and history in the data: only the form’s fields change',
      as: udi,
      needs: { clarification: 'active' },
      data: (fx) => ({ entryId: ef(fx), words: 'oppholdstillatelsen', ...editTyped(), ...FORGED_ENTRY }),
      expect: (card) => {
        registerShown(true)(card);
        expect(textOf(card)).to.include(nb('agenda.clarifications.banners.edited'));
      },
      changes: (before, after, fx) => {
        const was = entryOf(before, ef(fx));
        const now = entryOf(after, ef(fx));
        expect(now).to.include({
          state: 'active',
          reference: was.reference,
          createdBy: udi.aadObjectId,
          clarification: editTyped().clarification,
          decidedOn: '2026-03-11',
          topicId: 'family-immigration',
        });
        expect(now.source).to.deep.equal(was.source);
        expect(now.history.map((h) => [h.action, h.by])).to.deep.equal([
          ['create', udi.aadObjectId],
          ['edit', udi.aadObjectId],
        ]);
      },
    },
  ],

  'agenda.approveClarification': [
    ...badEntryIds(),
    ...notUdi(() => ({})),
    ...(['active', 'withdrawn'] as const).map(
      (state): Case => ({
        name: `an entry already ${state}: stale notice, nothing changes`,
        as: udi,
        needs: { clarification: state },
        data: (fx) => ({ entryId: ef(fx) }),
        expect: stale,
      }),
    ),
    {
      name: 'in a channel: only in the personal chat, nothing changes',
      as: udi,
      team: true,
      needs: { clarification: 'proposed' },
      data: (fx) => ({ entryId: ef(fx) }),
      expect: notice('personalOnly'),
    },
    {
      name: 'positive control, with forged fields: approved, found from now on, no longer marked',
      as: udi,
      needs: { clarification: 'proposed' },
      data: (fx) => ({ entryId: ef(fx), words: 'oppholdstillatelsen', ...FORGED_ENTRY }),
      expect: (card, fx) => {
        expect(noticeKindsOf(card), 'the register, not a notice').to.deep.equal([]);
        expect(textOf(card)).to.include(nb('agenda.clarifications.banners.approved'));
        expect(textOf(card)).not.to.include(nb('agenda.clarifications.card.proposed'));
        expect(actionsOf(card, 'agenda.approveClarification').map((d) => d.entryId)).not.to.include(ef(fx));
        expect(actionsOf(card, 'agenda.withdrawClarification').map((d) => d.entryId)).to.include(ef(fx));
      },
      changes: (before, after, fx) => {
        const was = entryOf(before, ef(fx));
        const now = entryOf(after, ef(fx));
        expect(was.state).to.equal('proposed');
        expect(now).to.include({ state: 'active', reference: was.reference, question: was.question });
        expect(now.source).to.deep.equal(was.source);
        expect(now.history.at(-1)).to.include({ action: 'approve', by: udi.aadObjectId, to: 'active' });
        const others = (doc: StoreDoc) =>
          Object.values(doc.items.clarification ?? {}).filter((e) => e.id !== ef(fx));
        expect(others(after)).to.deep.equal(others(before));
      },
    },
  ],

  'agenda.withdrawClarification': [
    ...badEntryIds(),
    ...notUdi(() => ({})),
    {
      name: 'a withdrawn entry: stale notice, nothing changes',
      as: udi,
      needs: { clarification: 'withdrawn' },
      data: (fx) => ({ entryId: ef(fx) }),
      expect: stale,
    },
    {
      name: 'in a channel: only in the personal chat, nothing changes',
      as: udi,
      team: true,
      needs: { clarification: 'active' },
      data: (fx) => ({ entryId: ef(fx) }),
      expect: notice('personalOnly'),
    },
    {
      name: 'positive control, with forged fields: withdrawn, no longer found',
      as: udi,
      needs: { clarification: 'active' },
      data: (fx) => ({ entryId: ef(fx), words: 'oppholdstillatelsen', ...FORGED_ENTRY }),
      expect: (card, fx) => {
        expect(noticeKindsOf(card), 'the register, not a notice').to.deep.equal([]);
        expect(textOf(card)).to.include(nb('agenda.clarifications.banners.withdrawn'));
        expect(actionsOf(card, 'agenda.withdrawClarification').map((d) => d.entryId)).not.to.include(ef(fx));
      },
      changes: (before, after, fx) => {
        expect(entryOf(after, ef(fx)).state).to.equal('withdrawn');
        expect(entryOf(after, ef(fx)).history.at(-1)).to.include({ action: 'withdraw', by: udi.aadObjectId });
        const others = (doc: StoreDoc) =>
          Object.values(doc.items.clarification ?? {}).filter((e) => e.id !== ef(fx));
        expect(others(after)).to.deep.equal(others(before));
      },
    },
  ],
};

// ---- priority notices (checkins) -----------------------------------------------------------------------

const NOTICE_INPUTS = ['whereToFind', 'note'];
const REGION_EAST = 'Regionkontor Øst';

const noticeFx = (fx: Fixture): PriorityNoticeFixture => {
  expect(fx.notice, 'the case needs a priority notice').to.exist;
  return fx.notice!;
};

/** Keys a forged card could carry to choose the region, the sender, the recipients or the state. */
const FORGED_NOTICE = {
  region: 'rma-region-west',
  regionId: 'rma-region-west',
  unitId: 'rma-region-west',
  createdBy: outsider.aadObjectId,
  senderId: outsider.aadObjectId,
  to: NEVER_SEEN.aadObjectId,
  asaId: outsider.aadObjectId,
  coordinatorId: NEVER_SEEN.aadObjectId,
  state: 'acknowledged',
};

/** The notice's card (not a notice), with or without "Prioritert". */
const noticeShown =
  (canAcknowledge: boolean) =>
  (card: Card, fx: Fixture): void => {
    expect(noticeKindsOf(card), 'the notice card, not a notice').to.deep.equal([]);
    expect(textOf(card)).to.include(noticeFx(fx).whereToFind).and.include(REGION_EAST);
    if (canAcknowledge)
      expect(actionsOf(card, 'checkins.noticeAcknowledge')).to.deep.equal([
        { noticeId: noticeFx(fx).noticeId },
      ]);
    else expect(verbsOf(card)).not.to.include('checkins.noticeAcknowledge');
  };

/** noticeId forged in every way, or naming something that is not a notice: a stale notice. */
function badNoticeIds(as: TestUser): Case[] {
  return [
    ...BAD_IDS.map(
      ([label, id]): Case => ({
        name: `noticeId is ${label}: stale notice, nothing changes`,
        as,
        needs: { notice: 'open' },
        data: (fx) => ({ noticeId: id({ ...fx, requestId: noticeFx(fx).noticeId }) }),
        expect: stale,
      }),
    ),
    {
      name: 'noticeId of a guidance request (the wrong kind of item): stale notice',
      as,
      needs: { notice: 'open', guidance: 'open' },
      data: (fx) => ({ noticeId: fx.requestId }),
      expect: stale,
    },
    {
      name: 'the notice named under another key (requestId, itemId), none as noticeId: stale notice',
      as,
      needs: { notice: 'open' },
      data: (fx) => ({ requestId: noticeFx(fx).noticeId, itemId: noticeFx(fx).noticeId }),
      expect: stale,
    },
  ];
}

/** People who may not act on (or see) the fixture's notice, with forged rights in the data: refused. */
function notTheirNotice(who: [TestUser, string][]): Case[] {
  return who.map(
    ([as, label]): Case => ({
      name: `by ${label}, with forged rights in the data: refused, nothing changes`,
      as,
      needs: { notice: 'open' },
      data: (fx) => ({ noticeId: noticeFx(fx).noticeId, ...FORGED_NOTICE, createdBy: as.aadObjectId }),
      expect: refused,
      forged: () => [NEVER_SEEN.aadObjectId],
    }),
  );
}

/** People who may not send a notice: refused, whatever the card says about the region. */
function mayNotSend(data: () => Data): Case[] {
  return (
    [
      [outsider, 'an outsider', {}],
      [family, 'a contact person of a department that is no region (OPA)', {}],
      [WEST_CONTACT, 'a contact person of another region (Region West)', { westContact: true }],
      [opa, 'another department’s coordinator', {}],
      [asa, 'ASA’s coordinator (who receives, never sends)', {}],
      [udi, 'the UDI coordinator', {}],
      [admin, 'an administrator', {}],
    ] as [TestUser, string, Needs][]
  ).map(([as, label, needs]) => ({
    name: `by ${label}, with a forged region in the data: refused, nothing changes`,
    as,
    needs,
    data: () => ({ ...data(), ...FORGED_NOTICE, region: 'rma-region-east', unitId: 'rma-region-east' }),
    expect: refused,
    forged: () => [NEVER_SEEN.aadObjectId],
  }));
}

/** The form again, nothing sent: `field` has a message and what it held is never shown back. */
const noticeFormError =
  (field: string, hidden: string, kept: Record<string, string> = {}) =>
  (card: Card) => {
    formError(NOTICE_INPUTS, field)(card);
    expect(JSON.stringify(card), 'the refused text is never shown back').not.to.include(hidden);
    for (const [id, value] of Object.entries(kept))
      expect(shownValue(openField(card, id)), `${id} kept`).to.equal(value);
  };

const NOTICE_CASES: Record<Verb, Case[]> = {
  'checkins.noticeStart': [
    ...mayNotSend(() => ({})),
    {
      name: 'in a team channel: only in a personal chat',
      as: asker,
      team: true,
      data: () => ({}),
      expect: notice('personalOnly'),
    },
    {
      name: 'positive control, with a forged region in the data: the form, from the sender’s own region',
      as: asker,
      data: () => ({ ...FORGED_NOTICE }),
      expect: (card) => {
        expect(openInputIds(card)).to.include.members(NOTICE_INPUTS);
        expect(verbsOf(card)).to.include('checkins.noticeSend');
        expect(textOf(card)).to.include(REGION_EAST).and.not.include('Regionkontor Vest');
      },
    },
  ],

  'checkins.noticeSend': [
    ...mayNotSend(() => ({ ...NOTICE_TYPED })),
    {
      name: 'in a team channel: only in a personal chat, nothing sent',
      as: asker,
      team: true,
      data: () => ({ ...NOTICE_TYPED }),
      expect: notice('personalOnly'),
    },
    {
      name: 'a DUF number as staff write it (control digits not checked) in "where to find": the form, the message next to it, never shown back, the note kept',
      as: asker,
      data: () => ({ whereToFind: 'DUF 2012 12345678', note: NOTICE_TYPED.note }),
      expect: noticeFormError('whereToFind', '12345678', { note: NOTICE_TYPED.note }),
    },
    {
      name: 'a valid DUF number in "where to find" (the shared guard): the form, the message next to it, never shown back',
      as: asker,
      data: () => ({ whereToFind: 'sak 2012-123456-03', note: NOTICE_TYPED.note }),
      expect: noticeFormError('whereToFind', '123456', { note: NOTICE_TYPED.note }),
    },
    {
      name: 'an identity number in the note: the form, the message next to the note, "where to find" kept',
      as: asker,
      data: () => ({ whereToFind: NOTICE_TYPED.whereToFind, note: 'Søker 010190 12345 er plassert' }),
      expect: noticeFormError('note', '12345', { whereToFind: NOTICE_TYPED.whereToFind }),
    },
    ...[undefined, '   ', 42, { text: 'x' }, ['x']].map(
      (value): Case => ({
        name: `"where to find" is ${JSON.stringify(value) ?? 'missing'}: the form with a message, the note kept`,
        as: asker,
        data: () => ({ whereToFind: value, note: NOTICE_TYPED.note }),
        expect: (card) => {
          formError(NOTICE_INPUTS, 'whereToFind', false)(card);
          expect(shownValue(openField(card, 'note'))).to.equal(NOTICE_TYPED.note);
        },
      }),
    ),
    {
      name: 'a note over its limit: the form with a message next to the note, "where to find" kept',
      as: asker,
      data: () => ({ whereToFind: NOTICE_TYPED.whereToFind, note: 'x'.repeat(1001) }),
      expect: (card) => {
        formError(NOTICE_INPUTS, 'note', false)(card);
        expect(shownValue(openField(card, 'whereToFind'))).to.equal(NOTICE_TYPED.whereToFind);
      },
    },
    {
      name: 'positive control, with a forged region, sender, recipients and state: sent from Region East to ASA’s coordinator',
      as: asker,
      data: () => ({ ...NOTICE_TYPED, ...FORGED_NOTICE }),
      expect: (card) => {
        expect(noticeKindsOf(card), 'the receipt, not a notice').to.deep.equal([]);
        expect(textOf(card)).to.include(NOTICE_TYPED.whereToFind).and.include(REGION_EAST);
        expect(textOf(card)).to.include(nb('checkins.notice.card.waiting'));
        expect(verbsOf(card)).not.to.include('checkins.noticeAcknowledge');
      },
      changes: (before, after) => {
        const added = Object.values(after.items['priority-notice'] ?? {}).filter(
          (n) => !before.items['priority-notice']?.[n.id],
        );
        expect(added).to.have.length(1);
        expect(added[0]).to.include({
          region: 'rma-region-east',
          createdBy: asker.aadObjectId,
          state: 'sent',
          whereToFind: NOTICE_TYPED.whereToFind,
        });
        expect(newOutboxFor(before, after, asa), 'ASA’s coordinator gets it').to.equal(1);
        for (const who of [udi, opa, family, outsider, asker])
          expect(newOutboxFor(before, after, who), who.name).to.equal(0);
      },
      forged: () => [NEVER_SEEN.aadObjectId],
    },
  ],

  'checkins.noticeAcknowledge': [
    ...badNoticeIds(asa),
    ...notTheirNotice([
      [outsider, 'an outsider'],
      [asker, 'its sender'],
      [family, 'a contact person'],
      [opa, 'another department’s coordinator'],
      [udi, 'the UDI coordinator (told, but ASA prioritises)'],
    ]),
    {
      name: 'in a team channel: only in a personal chat, nothing changes',
      as: asa,
      team: true,
      needs: { notice: 'open' },
      data: (fx) => ({ noticeId: noticeFx(fx).noticeId }),
      expect: notice('personalOnly'),
    },
    {
      name: 'positive control, with forged rights and people to tell in the data: prioritised by ASA’s coordinator, the sender told',
      as: asa,
      needs: { notice: 'open' },
      data: (fx) => ({ noticeId: noticeFx(fx).noticeId, ...FORGED_NOTICE }),
      expect: (card) => {
        expect(noticeKindsOf(card), 'the notice card, not a notice').to.deep.equal([]);
        expect(textOf(card)).to.include(
          nb('checkins.notice.banners.acknowledgedNow').replace('{region}', REGION_EAST),
        );
        expect(verbsOf(card)).not.to.include('checkins.noticeAcknowledge');
      },
      changes: (before, after, fx) => {
        const stored = after.items['priority-notice']?.[noticeFx(fx).noticeId];
        expect(stored?.state).to.equal('acknowledged');
        expect(stored?.acknowledged?.by).to.equal(asa.aadObjectId);
        expect(stored?.createdBy).to.equal(asker.aadObjectId);
        expect(newOutboxFor(before, after, asker), 'the sender is told').to.equal(1);
        for (const who of [outsider, family, opa, udi])
          expect(newOutboxFor(before, after, who), who.name).to.equal(0);
      },
      forged: () => [NEVER_SEEN.aadObjectId],
    },
    {
      name: 'a notice prioritised already: the card as it is (prioritised), nothing changes',
      as: asa,
      needs: { notice: 'acknowledged' },
      data: (fx) => ({ noticeId: noticeFx(fx).noticeId }),
      expect: (card) => {
        expect(noticeKindsOf(card)).to.deep.equal([]);
        expect(textOf(card)).to.include('Asle ASA');
        expect(verbsOf(card)).not.to.include('checkins.noticeAcknowledge');
      },
    },
  ],

  'checkins.noticeShow': [
    ...badNoticeIds(asa),
    ...notTheirNotice([
      [outsider, 'an outsider'],
      [family, 'a contact person who did not send it'],
      [opa, 'another department’s coordinator'],
    ]),
    {
      name: 'in a team channel: only in a personal chat',
      as: asa,
      team: true,
      needs: { notice: 'open' },
      data: (fx) => ({ noticeId: noticeFx(fx).noticeId }),
      expect: notice('personalOnly'),
    },
    {
      name: 'its sender: the card, without "Prioritert"',
      as: asker,
      needs: { notice: 'open' },
      data: (fx) => ({ noticeId: noticeFx(fx).noticeId, ...FORGED_NOTICE }),
      expect: noticeShown(false),
    },
    {
      name: 'the UDI coordinator: the card, without "Prioritert"',
      as: udi,
      needs: { notice: 'open' },
      data: (fx) => ({ noticeId: noticeFx(fx).noticeId }),
      expect: noticeShown(false),
    },
    {
      name: 'positive control: ASA’s coordinator sees the card with "Prioritert"',
      as: asa,
      needs: { notice: 'open' },
      data: (fx) => ({ noticeId: noticeFx(fx).noticeId, ...FORGED_NOTICE }),
      expect: noticeShown(true),
    },
  ],
};

// ---- the table: every verb ---------------------------------------------------------------------------

// ---- action plans -------------------------------------------------------------------------------------

function measureFx(fx: Fixture): MeasureFixture {
  expect(fx.measure, 'the case needs a measure fixture').to.exist;
  return fx.measure!;
}

const MEASURE_FORM_INPUTS = ['title', 'plan', 'department', 'owner', 'due'];

/** measureId forged in every way: a stale notice, nothing changes. */
function badMeasureIds(as: TestUser, extra: Data = {}): Case[] {
  return BAD_IDS.map(([label, id]) => ({
    name: `measureId is ${label}: stale notice, nothing changes`,
    as,
    needs: { measure: 'active' },
    data: (fx) => ({
      ...extra,
      measureId: label.includes('real id') ? { id: measureFx(fx).measureId } : id(fx),
    }),
    expect: stale,
  }));
}

/** Refused for each of `who`, nothing changes. */
function measureRefusals(who: readonly (readonly [TestUser, string])[], data: (fx: Fixture) => Data): Case[] {
  return who.map(
    ([as, label]): Case => ({
      name: `by ${label}: refused, nothing changes`,
      as,
      needs: { measure: 'active' },
      data,
      expect: refused,
    }),
  );
}

const NOT_MANAGERS = [
  [asa, 'the owner (ASA’s coordinator), who does not manage measures'],
  [family, 'a contact person'],
  [outsider, 'an outsider'],
] as const;

const measureStored = (after: StoreDoc, fx: Fixture) => after.items.measure?.[measureFx(fx).measureId];
const personalOnly = (verb: string, data: (fx: Fixture) => Data, as: TestUser = udi): Case => ({
  name: `${verb}: in a team channel, only in a personal chat, nothing changes`,
  as,
  team: true,
  needs: { measure: 'active' },
  data,
  expect: notice('personalOnly'),
});

const MEASURE_CASES: Record<Verb, Case[]> = {
  'actionplans.list': [
    ...measureRefusals([[outsider, 'an outsider']], () => ({})),
    personalOnly('actionplans.list', () => ({})),
    {
      name: 'the owner: their own measures, no "Nytt tiltak"',
      as: asa,
      needs: { measure: 'active' },
      data: () => ({}),
      expect: (card, fx) => {
        expect(textOf(card)).to.include(measureFx(fx).reference);
        expect(verbsOf(card)).not.to.include('actionplans.new');
      },
    },
    {
      name: 'positive control: the UDI coordinator gets every measure with "Nytt tiltak"',
      as: udi,
      needs: { measure: 'active' },
      data: () => ({}),
      expect: (card, fx) => {
        expect(textOf(card)).to.include(measureFx(fx).reference);
        expect(verbsOf(card)).to.include.members(['actionplans.new', 'actionplans.export']);
      },
    },
  ],

  'actionplans.new': [
    ...measureRefusals(NOT_MANAGERS, () => ({})),
    personalOnly('actionplans.new', () => ({})),
    {
      name: 'positive control: the UDI coordinator gets the empty form',
      as: udi,
      data: () => ({}),
      expect: (card) => {
        expect(openInputIds(card)).to.include.members(MEASURE_FORM_INPUTS);
        expect(verbsOf(card)).to.include('actionplans.save');
      },
    },
  ],

  'actionplans.save': [
    ...badMeasureIds(udi, { ...MEASURE_TYPED }),
    ...measureRefusals(NOT_MANAGERS, () => ({ ...MEASURE_TYPED })),
    ...measureRefusals(NOT_MANAGERS, (fx) => ({
      ...MEASURE_TYPED,
      measureId: measureFx(fx).measureId,
      title: 'Endret',
    })),
    personalOnly('actionplans.save', () => ({ ...MEASURE_TYPED })),
    {
      name: 'a forged owner: the form again, the owner emptied with a message next to it, never shown back',
      as: udi,
      data: () => ({ ...MEASURE_TYPED, owner: NEVER_SEEN.aadObjectId }),
      expect: (card) => {
        formError(MEASURE_FORM_INPUTS, 'owner')(card);
        expect(JSON.stringify(card)).not.to.include(NEVER_SEEN.aadObjectId);
        expect(shownValue(openField(card, 'title'))).to.equal(MEASURE_TYPED.title);
      },
      forged: () => [NEVER_SEEN.aadObjectId],
    },
    {
      name: 'an owner outside the owning department: the form again, the message next to the owner',
      as: udi,
      data: () => ({ ...MEASURE_TYPED, owner: family.aadObjectId }),
      expect: (card) =>
        expect(openField(card, 'owner')?.message).to.equal(nb('actionplans.errors.owner-department')),
    },
    {
      name: 'a due date in the past: the form again, the message next to it',
      as: udi,
      data: () => ({ ...MEASURE_TYPED, due: '2020-01-01' }),
      expect: (card) => expect(openField(card, 'due')?.message).to.equal(nb('actionplans.errors.past')),
    },
    {
      name: 'positive control, with a forged state and creator in the data: registered, the owner told',
      as: udi,
      data: () => ({
        ...MEASURE_TYPED,
        state: 'closed',
        createdBy: outsider.aadObjectId,
        aadObjectId: outsider.aadObjectId,
      }),
      expect: (card) => {
        expect(noticeKindsOf(card)).to.deep.equal([]);
        expect(textOf(card)).to.include(nb('actionplans.banners.registered'));
      },
      changes: (before, after) => {
        const added = Object.values(after.items.measure ?? {}).filter((m) => !before.items.measure?.[m.id]);
        expect(added).to.have.length(1);
        expect(added[0]).to.include({ state: 'active', owner: asa.aadObjectId, title: MEASURE_TYPED.title });
      },
    },
    {
      name: 'positive control: the UDI coordinator edits a measure',
      as: udi,
      needs: { measure: 'active' },
      data: (fx) => ({ ...MEASURE_TYPED, measureId: measureFx(fx).measureId, title: 'Endret tittel' }),
      expect: (card) => expect(textOf(card)).to.include(nb('actionplans.banners.saved')),
      changes: (_before, after, fx) => expect(measureStored(after, fx)?.title).to.equal('Endret tittel'),
    },
  ],

  'actionplans.show': [
    ...badMeasureIds(asa),
    ...measureRefusals(
      [
        [family, 'a contact person'],
        [opa, 'the coordinator of another department'],
        [outsider, 'an outsider'],
      ],
      (fx) => ({ measureId: measureFx(fx).measureId }),
    ),
    personalOnly('actionplans.show', (fx) => ({ measureId: measureFx(fx).measureId }), asa),
    {
      name: 'the owner asking for the edit form gets the measure with the report form (no edit)',
      as: asa,
      needs: { measure: 'active' },
      data: (fx) => ({ measureId: measureFx(fx).measureId, modeId: 'edit' }),
      expect: (card) => {
        expect(verbsOf(card)).to.include('actionplans.report');
        expect(verbsOf(card)).not.to.include('actionplans.save');
      },
    },
    {
      name: 'positive control: the UDI coordinator gets the edit form',
      as: udi,
      needs: { measure: 'active' },
      data: (fx) => ({ measureId: measureFx(fx).measureId, modeId: 'edit' }),
      expect: (card) => {
        expect(openInputIds(card)).to.include.members(MEASURE_FORM_INPUTS);
        expect(shownValue(openField(card, 'title'))).to.equal(MEASURE_TYPED.title);
      },
    },
  ],

  'actionplans.report': [
    ...badMeasureIds(asa, { status: 'in-progress', statusText: 'I gang' }),
    ...measureRefusals(
      [
        [udi, 'the UDI coordinator (manages, does not report)'],
        [family, 'a contact person'],
        [outsider, 'an outsider'],
      ],
      (fx) => ({ measureId: measureFx(fx).measureId, status: 'in-progress', statusText: 'I gang' }),
    ),
    personalOnly(
      'actionplans.report',
      (fx) => ({ measureId: measureFx(fx).measureId, status: 'in-progress', statusText: 'I gang' }),
      asa,
    ),
    {
      name: 'no text: the form again, the message next to it, the status kept',
      as: asa,
      needs: { measure: 'active' },
      data: (fx) => ({ measureId: measureFx(fx).measureId, status: 'delayed', statusText: '' }),
      expect: (card) => {
        expect(openField(card, 'statusText')?.message).to.equal(nb('actionplans.errors.missing'));
        expect(shownValue(openField(card, 'status'))).to.equal('delayed');
      },
    },
    {
      name: 'a status that is none of the choices: refused next to it',
      as: asa,
      needs: { measure: 'active' },
      data: (fx) => ({ measureId: measureFx(fx).measureId, status: 'finished', statusText: 'I gang' }),
      expect: (card) => expect(openField(card, 'status')?.message).to.equal(nb('actionplans.errors.invalid')),
    },
    {
      name: 'positive control: the owner reports, with a forged owner in the data',
      as: asa,
      needs: { measure: 'active' },
      data: (fx) => ({
        measureId: measureFx(fx).measureId,
        status: 'in-progress',
        statusText: 'Opplæringen er i gang',
        owner: outsider.aadObjectId,
      }),
      expect: (card) => expect(textOf(card)).to.include(nb('actionplans.banners.sent')),
      changes: (_before, after, fx) => {
        const stored = measureStored(after, fx);
        expect(stored?.status).to.equal('in-progress');
        expect(stored?.owner).to.equal(asa.aadObjectId);
        expect(stored?.reports.map((r) => r.text)).to.deep.equal(['Opplæringen er i gang']);
      },
    },
  ],

  'actionplans.close': [
    ...badMeasureIds(udi),
    ...measureRefusals(NOT_MANAGERS, (fx) => ({ measureId: measureFx(fx).measureId })),
    personalOnly('actionplans.close', (fx) => ({ measureId: measureFx(fx).measureId })),
    {
      name: 'positive control: the UDI coordinator closes it',
      as: udi,
      needs: { measure: 'active' },
      data: (fx) => ({ measureId: measureFx(fx).measureId }),
      expect: (card) => expect(textOf(card)).to.include(nb('actionplans.banners.closedNow')),
      changes: (_before, after, fx) => expect(measureStored(after, fx)?.state).to.equal('closed'),
    },
  ],

  'actionplans.export': [
    ...measureRefusals(NOT_MANAGERS, () => ({})),
    ...BAD_IDS.map(
      ([label, id]): Case => ({
        name: `planId is ${label}: stale notice`,
        as: udi,
        needs: { measure: 'active' },
        data: (fx) => ({ planId: label.includes('real id') ? [measureFx(fx).planId] : id(fx) }),
        expect: stale,
      }),
    ),
    personalOnly('actionplans.export', () => ({})),
    {
      name: 'positive control: the UDI coordinator gets the export card of one plan (no links: not set up here)',
      as: udi,
      needs: { measure: 'active' },
      data: (fx) => ({ planId: measureFx(fx).planId }),
      expect: (card) => {
        expect(noticeKindsOf(card)).to.deep.equal([]);
        expect(textOf(card)).to.include(MEASURE_TYPED.plan);
        expect(textOf(card)).to.include(nb('actionplans.export.notConfigured'));
      },
    },
  ],
};

const CASES: Record<Verb, Case[]> = {
  'help.show': [
    {
      name: 'forged roles and garbage in the data do not make a contact person an admin',
      as: asker,
      data: () => ({
        role: 'admin',
        isAdmin: true,
        roles: [{ kind: 'admin' }],
        fromId: { x: 1 },
        requestId: 7,
      }),
      expect: (card) => {
        expect(verbsOf(card)).to.include('guidance.start');
        expectNone(verbsOf(card), ['units.edit', 'join.start']);
      },
    },
    {
      name: 'isMember in the data does not make an outsider a member',
      as: outsider,
      data: () => ({ isMember: true, isCoordinator: true, scope: 'team' }),
      expect: (card) => {
        expect(verbsOf(card)).to.include('join.start');
        expectNone(verbsOf(card), ['members.show', 'guidance.start', 'units.edit']);
      },
    },
  ],

  'join.start': [
    {
      name: 'forged ids in the data: the join form, nothing stored',
      as: outsider,
      data: () => ({ role: 'admin', unitId: 'no-such-unit', requestId: 'x', aadObjectId: udi.aadObjectId }),
      expect: (card) => expect(openInputIds(card)).to.include.members(JOIN_INPUTS),
    },
    {
      name: 'a forged team in the data does not make a channel personal',
      as: outsider,
      team: true,
      data: () => ({ scope: 'personal', conversationType: 'personal' }),
      expect: notice('personalOnly'),
    },
  ],

  'join.submit': [
    ...(
      [
        ['role "admin" (admin comes only from configuration)', { role: 'admin', department: 'AUA' }, 'role'],
        ['role garbage', { role: 'superuser', department: 'OPA' }, 'role'],
        ['role a number', { role: 3, department: 'OPA' }, 'role'],
        [
          'role an object (a forged structured role)',
          { role: { kind: 'coordinator', department: 'AUA' } },
          'role',
        ],
        ['role an array', { role: ['coordinator'], department: 'AUA' }, 'role'],
        ['department garbage', { role: 'coordinator', department: 'XYZ' }, 'department'],
        ['department a number', { role: 'coordinator', department: 4 }, 'department'],
        ['department an array', { role: 'deputy', department: ['OPA'] }, 'department'],
        ['unitId unknown', { role: 'contact', department: 'OPA', unitId: 'no-such-unit' }, 'unitId'],
        ['unitId retired', { role: 'contact', department: 'ASA', unitId: 'asa-unit-3' }, 'unitId'],
        ['unitId a very long string', { role: 'contact', department: 'OPA', unitId: LONG }, 'unitId'],
        ['unitId an array', { role: 'contact', department: 'OPA', unitId: ['opa-family'] }, 'unitId'],
        ['unitId an object', { role: 'contact', department: 'OPA', unitId: { id: 'opa-family' } }, 'unitId'],
      ] as const
    ).map(
      ([label, data, field]): Case => ({
        name: `${label}: the form with a message at ${field}, nothing stored`,
        as: 'fresh',
        data: () => ({ ...data }),
        expect: formError(JOIN_INPUTS, field, false),
      }),
    ),
    {
      name: 'extra keys naming someone else: the request is the caller’s own, with the role asked for',
      as: 'fresh',
      data: () => ({
        role: 'contact',
        department: 'OPA',
        unitId: 'opa-family',
        aadObjectId: udi.aadObjectId,
        applicant: { aadObjectId: udi.aadObjectId, displayName: 'Forfalsket' },
        displayName: 'Forfalsket',
        state: 'approved',
        roles: [{ kind: 'admin' }],
      }),
      expect: (card) => expect(textOf(card)).to.match(/N-\d{4}-\d{4}/),
      changes: (before, after, fx) => {
        const added = Object.values(after.items.join).filter((r) => !before.items.join[r.id]);
        expect(added).to.have.length(1);
        expect(added[0]).to.deep.include({
          state: 'pending',
          applicant: { aadObjectId: fx.user!.aadObjectId, displayName: fx.user!.name },
          role: { kind: 'contact', department: 'OPA', unitId: 'opa-family' },
        });
        expect(after.people).to.deep.equal(before.people);
      },
    },
    {
      name: 'positive control: a valid request is stored and sent to the approvers',
      as: 'fresh',
      data: () => ({ role: 'coordinator', department: 'ASA' }),
      expect: (card) => expect(textOf(card)).to.match(/N-\d{4}-\d{4}/),
      changes: (before, after) => {
        const added = Object.values(after.items.join).filter((r) => !before.items.join[r.id]);
        expect(added.map((r) => r.state)).to.deep.equal(['pending']);
      },
    },
  ],

  'join.approve': joinDecisionCases('join.approve'),
  'join.decline': joinDecisionCases('join.decline'),

  'members.show': [
    {
      name: 'forged ids in the data: the member list, nothing changes',
      as: asker,
      data: () => ({ department: 'XYZ', aadObjectId: outsider.aadObjectId, unitId: 'no-such-unit' }),
      expect: (card) => expect(textOf(card)).to.include(family.name),
    },
    {
      name: 'an outsider claiming membership in the data: refused',
      as: outsider,
      data: () => ({ isMember: true, roles: [{ kind: 'coordinator', department: 'AUA' }] }),
      expect: refused,
    },
  ],

  'channel.setNetwork': [
    {
      name: 'a team and channel forged in a personal chat: "only in a channel", nothing changes',
      as: opa,
      data: () => ({ teamId: '19:forged-team', channelId: '19:forged-channel' }),
      expect: notice('channelOnlyInTeam'),
    },
    {
      name: 'a contact person in a team: refused, nothing changes',
      as: family,
      team: true,
      data: () => ({ role: 'coordinator' }),
      expect: refused,
    },
    {
      name: 'an outsider in a team: refused, nothing changes',
      as: outsider,
      team: true,
      data: () => ({}),
      expect: refused,
    },
    {
      name: 'positive control: the channel is the one the activity came from, not the one in the data',
      as: opa,
      team: true,
      data: () => ({ teamId: '19:forged-team', channelId: '19:forged-channel' }),
      expect: notice('channelSet'),
      changes: (_before, after) => {
        expect(after.settings.networkChannel).to.include({
          teamId: '19:team-cases@thread.tacv2',
          channelId: '19:channel-cases@thread.tacv2',
        });
      },
    },
  ],

  'units.edit': [
    {
      name: 'a contact person with a forged role: refused',
      as: family,
      data: () => ({ role: 'admin', isAdmin: true }),
      expect: refused,
    },
    {
      name: 'an admin with garbage in the data: the editor, nothing changes',
      as: admin,
      data: () => ({ department: 'XYZ', unitId: 42 }),
      expect: (card) => expect(openInputIds(card)).to.include.members(UNIT_INPUTS),
    },
  ],

  'units.save': [
    {
      name: 'a contact person: refused, nothing saved',
      as: family,
      needs: { unitTexts: true },
      data: (fx) => ({ 'units-OPA': `${fx.unitTexts.OPA}\nNytt område`, 'units-ASA': fx.unitTexts.ASA }),
      expect: refused,
    },
    {
      name: 'lists sent as a number, an object and an array: nothing changes',
      as: admin,
      needs: { unitTexts: true },
      data: () => ({ 'units-OPA': 42, 'units-ASA': { text: 'Ny' }, 'units-RMA': ['Ny'] }),
      expect: (card) => expectNone(noticeKindsOf(card), REFUSED),
    },
    {
      name: 'an empty list: the editor with a message at that list, nothing changes',
      as: admin,
      needs: { unitTexts: true },
      data: (fx) => ({ ...editorTexts(fx), 'units-OPA': '' }),
      expect: formError(UNIT_INPUTS, 'units-OPA', false),
    },
    {
      name: 'a unit name far too long: the editor with a message at that list, nothing changes',
      as: admin,
      needs: { unitTexts: true },
      data: (fx) => ({ ...editorTexts(fx), 'units-ASA': `${fx.unitTexts.ASA}\n${'x'.repeat(500)}` }),
      expect: formError(UNIT_INPUTS, 'units-ASA', false),
    },
    {
      name: 'units of a department that is not editable (AUA) and forged unit objects: nothing changes',
      as: admin,
      needs: { unitTexts: true },
      data: (fx) => ({
        ...editorTexts(fx),
        'units-AUA': 'Ny AUA-enhet',
        units: [{ id: 'forged', department: 'AUA', kind: 'area', name: { nb: 'X', en: 'X' } }],
      }),
      expect: (card) => expectNone(noticeKindsOf(card), REFUSED),
    },
    {
      name: 'positive control: a new line adds a unit',
      as: admin,
      needs: { unitTexts: true },
      data: (fx) => ({ ...editorTexts(fx), 'units-RMA': `${fx.unitTexts.RMA}\nRegion Svalbard` }),
      expect: notice('unitsSaved'),
      changes: (before, after) => {
        const added = after.units.filter((u) => !before.units.some((b) => b.id === u.id));
        expect(added.map((u) => [u.department, u.name.nb])).to.deep.equal([['RMA', 'Region Svalbard']]);
      },
    },
  ],

  'privacy.eraseStart': [
    {
      name: 'a contact person with a forged role: refused',
      as: family,
      data: () => ({ role: 'admin', isAdmin: true }),
      expect: refused,
    },
    {
      name: 'an admin with garbage in the data: the people to choose from, nothing changes',
      as: admin,
      data: () => ({ personId: 42, leavingId: ['leaving'] }),
      expect: (card) => expect(openInputIds(card)).to.include.members(['personId', 'leaving']),
    },
  ],

  'privacy.eraseReview': [
    {
      name: 'a coordinator naming a real person: refused, nothing shown of them',
      as: udi,
      data: () => ({ personId: asker.aadObjectId, leaving: 'true' }),
      expect: (card) => {
        refused(card);
        expect(JSON.stringify(card)).to.not.include(asker.name);
      },
    },
    {
      name: 'an admin naming nobody in the roster, or an object: the choice again, with the problem',
      as: admin,
      data: () => ({ personId: 'aad-forged-person', leaving: { on: true } }),
      expect: (card) => {
        expect(openInputIds(card)).to.include('personId');
        expect(textOf(card)).to.include(t('nb', 'erase.unknownPerson'));
      },
    },
  ],

  'privacy.erase': [
    {
      name: 'a contact person erasing someone: refused, nothing changes',
      as: family,
      data: () => ({ personId: asker.aadObjectId, leavingId: 'leaving' }),
      expect: refused,
    },
    {
      name: 'an admin erasing a forged id: the choice again, nothing changes',
      as: admin,
      data: () => ({ personId: 'aad-forged-person', leavingId: 'leaving' }),
      expect: (card) => expect(textOf(card)).to.include(t('nb', 'erase.unknownPerson')),
    },
    {
      name: 'an admin erasing a real person with a forged leaving flag: erased, kept in the roster',
      as: admin,
      data: () => ({ personId: away.aadObjectId, leavingId: 'forged' }),
      expect: (card) => expect(textOf(card)).to.include(t('nb', 'erase.doneTitle')),
      changes: (_before, after) => {
        expect(after.people[away.aadObjectId]?.displayName).to.equal(away.name);
      },
    },
  ],

  'delivery.show': [
    {
      name: 'a contact person with forged data: refused',
      as: family,
      data: () => ({ role: 'coordinator', messageId: 'x' }),
      expect: refused,
    },
    {
      name: 'a coordinator with garbage in the data: the delivery card',
      as: opa,
      data: () => ({ messageId: { id: 1 }, recipient: outsider.aadObjectId }),
      expect: (card) => expect(verbsOf(card)).to.include('delivery.show'),
    },
  ],

  'delivery.retry': [
    {
      name: 'a contact person naming a dead letter: refused, it stays failed',
      as: family,
      needs: { deadLetter: true },
      data: () => ({ messageId: 'dead-letter-1', role: 'coordinator' }),
      expect: refused,
    },
    {
      name: 'an outsider: refused, it stays failed',
      as: outsider,
      needs: { deadLetter: true },
      data: () => ({ messageId: 'dead-letter-1', recipient: outsider.aadObjectId }),
      expect: refused,
    },
  ],

  'guidance.start': [
    {
      name: 'an outsider: refused',
      as: outsider,
      data: () => ({ question: 'Hei' }),
      expect: refused,
    },
    {
      name: 'forged ids and a question that is not text: the form, empty, nothing stored',
      as: asker,
      data: () => ({ question: { text: 'Hei' }, topicId: 'no-such-topic', assignee: outsider.aadObjectId }),
      expect: (card) => {
        expect(openInputIds(card)).to.include.members(ASK_INPUTS);
        expect(shownValue(openField(card, 'question'))).to.equal('');
        expect(shownValue(openField(card, 'topicId'))).to.equal('');
      },
    },
  ],

  'guidance.submit': [
    ...(
      [
        ['topicId unknown', { topicId: 'no-such-topic' }, 'topicId'],
        ['topicId retired', { topicId: 'orders' }, 'topicId'],
        ['topicId a very long string', { topicId: LONG }, 'topicId'],
        ['topicId a number', { topicId: 12 }, 'topicId'],
        ['topicId an array holding a real topic', { topicId: ['family-immigration'] }, 'topicId'],
        ['topicId an object', { topicId: { id: 'family-immigration' } }, 'topicId'],
        ['topicId null', { topicId: null }, 'topicId'],
        ['askerDepartment garbage', { askerDepartment: 'XYZ' }, 'askerDepartment'],
        ['askerDepartment an array', { askerDepartment: ['OPA'] }, 'askerDepartment'],
        ['externalSource garbage', { origin: 'external', externalSource: 'fbi' }, 'externalSource'],
        ['externalSource a number', { origin: 'external', externalSource: 3 }, 'externalSource'],
        ['question far too long', { question: 'x'.repeat(4_100) }, 'question'],
      ] as const
    ).map(
      ([label, data, field]): Case => ({
        name: `${label}: the form with a message at ${field}, nothing stored`,
        as: asker,
        data: () => ({
          topicId: 'family-immigration',
          question: 'Hva gjelder for refleksjonsperioden?',
          ...data,
        }),
        expect: formError(ASK_INPUTS, field, false),
      }),
    ),
    {
      name: 'an outsider with valid data: refused, nothing stored',
      as: outsider,
      data: () => ({ topicId: 'family-immigration', question: 'Hei' }),
      expect: refused,
    },
    {
      name: 'forged assignee, asker, watchers, deadline, state and reference are ignored',
      as: asker,
      data: () => ({
        topicId: 'family-immigration',
        question: 'Et spørsmål med forfalskede felt',
        ...FORGED_PEOPLE,
        dueDate: '2000-01-01',
        reference: 'V-1999-9999',
        id: 'forged-id',
      }),
      expect: (card) => expect(textOf(card)).to.include(family.name),
      changes: (before, after) => {
        const added = Object.values(after.items.guidance).filter((r) => !before.items.guidance[r.id]);
        expect(added).to.have.length(1);
        const request = added[0]!;
        expect(request).to.include({ assignee: family.aadObjectId, asker: asker.aadObjectId, state: 'open' });
        expect(request.id).not.to.equal('forged-id');
        expect(request.reference).not.to.equal('V-1999-9999');
        expect(request.dueDate).not.to.equal('2000-01-01');
        expect(request.watchers ?? []).to.deep.equal([]);
      },
    },
    {
      name: 'positive control: a valid question is stored and routed',
      as: asker,
      data: () => ({ topicId: 'asylum-interview', question: 'Hvordan tilrettelegger vi intervjuet?' }),
      expect: (card) => expect(textOf(card)).to.include(asa.name),
      changes: (before, after) => {
        const added = Object.values(after.items.guidance).filter((r) => !before.items.guidance[r.id]);
        expect(added.map((r) => r.assignee)).to.deep.equal([asa.aadObjectId]);
      },
    },
  ],

  'guidance.show': [
    ...badRequestIds(asker, { guidance: 'open' }),
    ...notTheirs({ guidance: 'open' }, () => ({}), [asa, outsider]),
    {
      name: 'listId and extra keys are garbage: the item card for the asker',
      as: asker,
      needs: { guidance: 'open' },
      data: (fx) => ({ requestId: fx.requestId, listId: { x: 1 }, viewer: 'assignee', ...FORGED_PEOPLE }),
      expect: (card) => {
        expect(noticeKindsOf(card)).to.deep.equal([]);
        expectNone(verbsOf(card), ['guidance.take', 'guidance.answer']);
      },
    },
  ],

  'guidance.take': [
    ...badRequestIds(family, { guidance: 'open' }),
    ...notTheirs({ guidance: 'open' }, () => ({}), [asa, outsider, asker]),
    {
      name: 'on a closed request: the item card says it moved on, nothing changes',
      as: family,
      needs: { guidance: 'closed' },
      data: (fx) => ({ requestId: fx.requestId }),
      expect: itemBanner('not-allowed-in-state'),
    },
    {
      name: 'positive control, with forged people in the data: the caller takes it',
      as: family,
      needs: { guidance: 'open' },
      data: (fx) => ({ requestId: fx.requestId, ...FORGED_PEOPLE }),
      expect: (card) => expect(verbsOf(card)).not.to.include('guidance.take'),
      changes: (_before, after, fx) => {
        expect(requestOf(after, fx.requestId)).to.include({
          state: 'in-progress',
          assignee: family.aadObjectId,
        });
      },
    },
  ],

  'guidance.answer': [
    ...badRequestIds(family, { guidance: 'open' }, () => ({ answerText: 'Svar' })),
    ...notTheirs({ guidance: 'open' }, () => ({ answerText: 'Svar' }), [asa, outsider, asker]),
    ...nonStringText('answer', family, { guidance: 'open' }, 'answerText'),
    {
      name: 'on a closed request: the item card says it moved on, nothing changes',
      as: family,
      needs: { guidance: 'closed' },
      data: (fx) => ({ requestId: fx.requestId, answerText: 'For sent' }),
      expect: itemBanner('not-allowed-in-state'),
    },
    {
      name: 'positive control, with forged people in the data: answered, the asker is told',
      as: family,
      needs: { guidance: 'open' },
      data: (fx) => ({ requestId: fx.requestId, answerText: 'Se rundskrivet.', ...FORGED_PEOPLE }),
      expect: (card) => expect(verbsOf(card)).not.to.include('guidance.answer'),
      changes: (before, after, fx) => {
        expect(requestOf(after, fx.requestId)).to.include({
          state: 'answered',
          assignee: family.aadObjectId,
        });
        expect(newOutboxFor(before, after, asker)).to.equal(1);
      },
    },
  ],

  'guidance.askInfo': [
    ...badRequestIds(family, { guidance: 'open' }, () => ({ infoText: 'Hvilket land?' })),
    ...notTheirs({ guidance: 'open' }, () => ({ infoText: 'Hvilket land?' }), [asa, asker]),
    ...nonStringText('askInfo', family, { guidance: 'open' }, 'infoText'),
    {
      name: 'positive control, with forged people in the data: the asker (not the forged one) is asked',
      as: family,
      needs: { guidance: 'open' },
      data: (fx) => ({ requestId: fx.requestId, infoText: 'Hvilket land?', ...FORGED_PEOPLE }),
      expect: (card) => expect(noticeKindsOf(card)).to.deep.equal([]),
      changes: (before, after, fx) => {
        expect(requestOf(after, fx.requestId)).to.include({
          state: 'awaiting-info',
          asker: asker.aadObjectId,
        });
        expect(newOutboxFor(before, after, asker)).to.equal(1);
      },
    },
  ],

  'guidance.provideInfo': [
    ...badRequestIds(asker, { guidance: 'awaiting-info' }, () => ({ provideText: 'Nigeria' })),
    ...notTheirs({ guidance: 'awaiting-info' }, () => ({ provideText: 'Nigeria' }), [udi, family, outsider]),
    ...nonStringText('provideInfo', asker, { guidance: 'awaiting-info' }, 'provideText'),
    {
      name: 'positive control, with forged people in the data: back to the assignee',
      as: asker,
      needs: { guidance: 'awaiting-info' },
      data: (fx) => ({ requestId: fx.requestId, provideText: 'Gjelder Nigeria.', ...FORGED_PEOPLE }),
      expect: (card) => expect(noticeKindsOf(card)).to.deep.equal([]),
      changes: (before, after, fx) => {
        expect(requestOf(after, fx.requestId)).to.include({
          state: 'in-progress',
          assignee: family.aadObjectId,
        });
        expect(newOutboxFor(before, after, family)).to.equal(1);
      },
    },
  ],

  'guidance.forward': [
    refusedForward('an outsider (talked to the bot, not in the network)', () => outsider.aadObjectId),
    refusedForward('a tenant user the bot never saw', () => NEVER_SEEN.aadObjectId),
    refusedForward('the asker', () => asker.aadObjectId),
    refusedForward('the current assignee', () => family.aadObjectId),
    refusedForward('a member marked away', () => away.aadObjectId),
    refusedForward('an administrator without a network role', () => admin.aadObjectId),
    refusedForward('garbage', () => '"><img src=x>'),
    refusedForward('a very long string', () => LONG),
    refusedForward('the empty string', () => ''),
    refusedForward('a number', () => 7),
    refusedForward('an object holding a valid id', () => ({ aadObjectId: opa.aadObjectId })),
    refusedForward('an array holding a valid id', () => [opa.aadObjectId]),
    refusedForward('null', () => null),
    ...badRequestIds(family, { guidance: 'open' }, () => ({
      forwardTo: opa.aadObjectId,
      forwardReason: 'X',
    })),
    ...notTheirs({ guidance: 'open' }, () => ({ forwardTo: opa.aadObjectId, forwardReason: 'X' }), [
      asa,
      outsider,
      asker,
    ]),
    {
      name: 'a reason that is not text: the forward form with a message at the reason, the choice kept',
      as: family,
      needs: { guidance: 'open' },
      data: (fx) => ({ requestId: fx.requestId, forwardTo: opa.aadObjectId, forwardReason: { text: 'x' } }),
      expect: itemFormError('forwardReason', { forwardTo: opa.aadObjectId }),
    },
    {
      name: 'positive control: forwarding to an eligible member changes the assignee and tells them',
      as: family,
      needs: { guidance: 'open' },
      data: (fx) => ({ requestId: fx.requestId, forwardTo: opa.aadObjectId, forwardReason: FORWARD_REASON }),
      expect: (card) => expect(noticeKindsOf(card)).to.deep.equal([]),
      changes: (before, after, fx) => {
        expect(requestOf(after, fx.requestId)).to.include({ state: 'open', assignee: opa.aadObjectId });
        expect(newOutboxFor(before, after, opa)).to.equal(1);
      },
    },
    {
      name: 'positive control, with forged people in other keys: it goes to the one picked only',
      as: family,
      needs: { guidance: 'open' },
      data: (fx) => ({
        requestId: fx.requestId,
        ...FORGED_PEOPLE,
        forwardTo: asa.aadObjectId,
        forwardReason: FORWARD_REASON,
      }),
      expect: (card) => expect(noticeKindsOf(card)).to.deep.equal([]),
      changes: (_before, after, fx) => {
        expect(requestOf(after, fx.requestId)).to.include({ assignee: asa.aadObjectId });
      },
    },
  ],

  'guidance.escalate': [
    ...badRequestIds(family, { guidance: 'open' }, () => ({ escalateReason: 'Prinsipielt' })),
    ...notTheirs({ guidance: 'open' }, () => ({ escalateReason: 'Prinsipielt' }), [asa, outsider, asker]),
    ...nonStringText('escalate', family, { guidance: 'open' }, 'escalateReason'),
    {
      name: 'by the UDI coordinator (escalating to themselves): refused, nothing changes',
      as: udi,
      needs: { guidance: 'open' },
      data: (fx) => ({ requestId: fx.requestId, escalateReason: 'Prinsipielt' }),
      expect: refused,
    },
    {
      name: 'positive control, with a forged UDI coordinator in the data: it goes to the real one',
      as: family,
      needs: { guidance: 'open' },
      data: (fx) => ({ requestId: fx.requestId, escalateReason: 'Prinsipielt', ...FORGED_PEOPLE }),
      expect: (card) => expect(noticeKindsOf(card)).to.deep.equal([]),
      changes: (before, after, fx) => {
        expect(requestOf(after, fx.requestId)).to.include({ assignee: udi.aadObjectId, principled: true });
        expect(newOutboxFor(before, after, udi)).to.equal(1);
      },
    },
  ],

  'guidance.close': [
    ...badRequestIds(family, { guidance: 'open' }, () => ({ closeReason: 'Avklart' })),
    ...notTheirs({ guidance: 'open' }, () => ({ closeReason: 'Avklart' }), [asa, outsider, asker]),
    ...nonStringText('close', family, { guidance: 'open' }, 'closeReason'),
    {
      name: 'positive control, with forged state and outcome in the data: closed without an answer',
      as: family,
      needs: { guidance: 'open' },
      data: (fx) => ({
        requestId: fx.requestId,
        closeReason: 'Avklart på telefon',
        ...FORGED_PEOPLE,
        state: 'answered',
        helpful: true,
      }),
      expect: (card) => expect(noticeKindsOf(card)).to.deep.equal([]),
      changes: (_before, after, fx) => {
        const request = requestOf(after, fx.requestId);
        expect(request).to.include({ state: 'closed', assignee: family.aadObjectId });
        expect(request.helpful).not.to.equal(true);
      },
    },
  ],

  'guidance.helpful': [
    ...badRequestIds(asker, { guidance: 'answered' }),
    ...notTheirs({ guidance: 'answered' }, () => ({}), [family, udi, outsider]),
    {
      name: 'on a request not answered yet: the item card says it moved on, nothing changes',
      as: asker,
      needs: { guidance: 'open' },
      data: (fx) => ({ requestId: fx.requestId }),
      expect: itemBanner('not-allowed-in-state'),
    },
    {
      name: 'positive control, with forged keys in the data: closed as helpful',
      as: asker,
      needs: { guidance: 'answered' },
      data: (fx) => ({ requestId: fx.requestId, ...FORGED_PEOPLE, helpful: false, state: 'open' }),
      expect: (card) => expect(noticeKindsOf(card)).to.deep.equal([]),
      changes: (_before, after, fx) => {
        expect(requestOf(after, fx.requestId)).to.include({ state: 'closed', helpful: true });
      },
    },
  ],

  'guidance.followUp': [
    ...badRequestIds(asker, { guidance: 'answered' }, () => ({ followUpText: 'Og barn?' })),
    ...notTheirs({ guidance: 'answered' }, () => ({ followUpText: 'Og barn?' }), [family, opa, outsider]),
    ...nonStringText('followUp', asker, { guidance: 'answered' }, 'followUpText'),
    {
      name: 'positive control, with a forged assignee and deadline: reopened with the same assignee',
      as: asker,
      needs: { guidance: 'answered' },
      data: (fx) => ({
        requestId: fx.requestId,
        followUpText: 'Gjelder det barn?',
        ...FORGED_PEOPLE,
        dueDate: '2000-01-01',
      }),
      expect: (card) => expect(noticeKindsOf(card)).to.deep.equal([]),
      changes: (before, after, fx) => {
        const request = requestOf(after, fx.requestId);
        expect(request).to.include({ state: 'in-progress', assignee: family.aadObjectId });
        expect(request.dueDate).not.to.equal('2000-01-01');
        expect(newOutboxFor(before, after, family)).to.equal(1);
      },
    },
  ],

  'guidance.mine': [
    {
      name: 'another person named in the data: the caller’s own list, not theirs',
      as: opa,
      needs: { guidance: 'open' },
      data: () => ({ aadObjectId: asker.aadObjectId, asker: asker.aadObjectId, listId: 'all' }),
      expect: (card) => expect(textOf(card)).not.to.match(/V-\d{4}-\d{4}/),
    },
    {
      name: 'an outsider: refused',
      as: outsider,
      data: () => ({ aadObjectId: asker.aadObjectId }),
      expect: refused,
    },
  ],

  'guidance.queue': [
    {
      name: '"all" and a department forged in the data: the caller’s own queue only',
      as: asker,
      needs: { guidance: 'open' },
      data: () => ({
        all: true,
        kind: 'all',
        department: 'AUA',
        listId: 'all',
        aadObjectId: family.aadObjectId,
      }),
      expect: (card) => {
        expect(textOf(card)).to.include(nb('guidance.lists.queueTitle'));
        expect(textOf(card)).not.to.match(/V-\d{4}-\d{4}/);
      },
    },
    {
      name: 'an outsider: refused',
      as: outsider,
      data: () => ({ all: true }),
      expect: refused,
    },
  ],

  ...MEETING_CASES,
  ...AGENDA_CASES,
  ...AGENDA_ACTION_CASES,
  ...CHECKIN_CASES,
  ...EXPORT_CASES,
  ...CLARIFICATION_CASES,
  ...NOTICE_CASES,
  ...DUTY_CASES,
  ...MEASURE_CASES,
};

function joinDecisionCases(verb: 'join.approve' | 'join.decline'): Case[] {
  const approve = verb === 'join.approve';
  return [
    ...badRequestIds(opa, { join: 'fresh' }),
    ...(
      [
        [family, 'a contact person'],
        [asa, 'the coordinator of another department'],
        [outsider, 'an outsider'],
      ] as const
    ).map(
      ([as, label]): Case => ({
        name: `by ${label}: refused, the request stays pending`,
        as,
        needs: { join: 'fresh' },
        data: (fx) => ({ requestId: fx.joinId }),
        expect: refused,
      }),
    ),
    {
      name: 'by the applicant, on their own request: refused, it stays pending',
      as: asker,
      needs: { join: 'own' },
      data: (fx) => ({ requestId: fx.joinId }),
      expect: notice('ownRequest'),
    },
    {
      name: `positive control, with a forged role, decision and applicant in the data: ${approve ? 'approved with the role asked for' : 'declined, no role given'}`,
      as: opa,
      needs: { join: 'fresh' },
      data: (fx) => ({
        requestId: fx.joinId,
        role: { kind: 'coordinator', department: 'AUA' },
        decision: approve ? 'decline' : 'approve',
        state: approve ? 'declined' : 'approved',
        applicant: { aadObjectId: outsider.aadObjectId },
        aadObjectId: outsider.aadObjectId,
      }),
      expect: (card) => expect(verbsOf(card)).not.to.include(verb),
      changes: (before, after, fx) => {
        const request = after.items.join[fx.joinId]!;
        expect(request.state).to.equal(approve ? 'approved' : 'declined');
        const applicant = request.applicant.aadObjectId;
        expect(applicant).not.to.equal(outsider.aadObjectId);
        expect(after.people[outsider.aadObjectId], 'the outsider got nothing').to.equal(undefined);
        if (approve)
          expect(after.people[applicant]?.roles).to.deep.equal([
            { kind: 'contact', department: 'OPA', unitId: 'opa-family' },
          ]);
        else expect(after.people[applicant]).to.equal(before.people[applicant]);
      },
    },
  ];
}

/** The editor's texts as card data. */
function editorTexts(fx: Fixture): Data {
  return { 'units-OPA': fx.unitTexts.OPA, 'units-ASA': fx.unitTexts.ASA, 'units-RMA': fx.unitTexts.RMA };
}

/**
 * How many new cards were queued for this person (updates of cards they already have, e.g. their
 * earlier card marked as superseded by the new one, are not new cards).
 */
function newOutboxFor(before: StoreDoc, after: StoreDoc, who: TestUser): number {
  return Object.keys(after.outbox.messages).filter((id) => {
    const message = after.outbox.messages[id]!;
    return (
      !before.outbox.messages[id] &&
      message.recipient.aadObjectId === who.aadObjectId &&
      message.replaces === undefined
    );
  }).length;
}

// ---- running the table ------------------------------------------------------------------------------

/** Retires a topic (orders) and a unit (asa-unit-3), so a case can name them. */
async function retireSome(world: World): Promise<void> {
  await world.h.bot.app.store.run(async (uow) => {
    const topics = await topicsIn(uow).list();
    await topicsIn(uow).replaceAll(topics.map((t) => (t.id === 'orders' ? { ...t, retired: true } : t)));
    const units = await uow.units.list();
    await uow.units.replaceAll(units.map((u) => (u.id === 'asa-unit-3' ? { ...u, retired: true } : u)));
  });
}

/**
 * The items a case needs. A refusal changes nothing, so the items are reused by the next case with
 * the same needs, unless the case changed something (a positive control, or a refusal that failed).
 */
let checkinsMade = 0;
let dutiesMade = 0;

async function prepare(world: World, c: Case, cache: Map<string, Fixture>): Promise<Fixture> {
  const needs = c.needs ?? {};
  const key = JSON.stringify([
    needs.guidance,
    needs.join,
    needs.meeting,
    needs.preview,
    needs.agenda,
    needs.agendaAction,
    needs.clarification,
    needs.checkin,
    needs.notice,
    needs.duties,
    needs.measure,
  ]);
  const cached = cache.get(key);
  const fx: Fixture = cached
    ? { ...cached, unitTexts: { ...cached.unitTexts } }
    : { requestId: '', joinId: '', unitTexts: { OPA: '', ASA: '', RMA: '' } };
  if (c.as === 'fresh') fx.user = world.freshUser('applicant');
  if (!cached) {
    if (needs.guidance) fx.requestId = await world.guidanceRequest(needs.guidance);
    if (needs.join === 'fresh') fx.joinId = await world.joinRequest(world.freshUser('joiner'));
    if (needs.join === 'own')
      fx.joinId = await world.joinRequest(asker, { role: 'deputy', department: 'ASA' });
    if (needs.meeting || (needs.agenda && needs.agenda !== 'begun'))
      fx.meeting = await world.meetingFixture(needs.meeting ?? 'active');
    if (needs.preview) {
      const preview = await world.click(opa, 'meetings.previewSeries', seriesFormValues());
      fx.previewId = String(actionsOf(preview.card, 'meetings.saveSeries')[0]?.previewId);
    }
    if (needs.agendaAction) fx.agendaAction = await world.agendaAction();
    if (needs.agendaAction === 'done')
      await world.click(asa, 'agenda.closeAction', { actionId: fx.agendaAction?.actionId });
    if (needs.clarification) fx.entryId = await world.clarification(needs.clarification);
    if (needs.checkin) fx.checkin = await checkinFixture(world, ++checkinsMade);
    if (needs.notice) fx.notice = await putPriorityNoticeFixture(world);
    if (needs.duties) fx.duties = await dutiesFixture(world, ++dutiesMade);
    if (needs.measure) fx.measure = await putMeasureFixture(world);
    if (needs.notice === 'acknowledged')
      await world.click(asa, 'checkins.noticeAcknowledge', { noticeId: fx.notice?.noticeId });
    if (needs.agenda) {
      fx.agenda = await world.agendaFixture(needs.agenda, fx.meeting);
      // The clock moved past a meeting: what was made before may be in the past now.
      if (needs.agenda === 'begun') cache.clear();
    }
    cache.set(key, { ...fx, unitTexts: { ...fx.unitTexts } });
  }
  if (needs.westContact) await putWestContact(world);
  if (needs.deadLetter) {
    await world.h.bot.app.store.run(async (uow) => {
      if (await uow.outbox.get('dead-letter-1')) return;
      await putDeadLetter(uow, {
        id: 'dead-letter-1',
        applicant: asker.aadObjectId,
        reference: 'N-2026-0099',
        decidedByName: 'Kari',
        role: { kind: 'deputy', department: 'ASA' },
      });
    });
  }
  if (needs.unitTexts) {
    const editor = await world.click(admin, 'units.edit');
    for (const department of ['OPA', 'ASA', 'RMA'] as const)
      fx.unitTexts[department] = shownValue(openField(editor.card, `units-${department}`));
  }
  return fx;
}

const ALWAYS_FORGED = [outsider, NEVER_SEEN, away, admin].map((p) => p.aadObjectId);

describe('every id in card data is resolved and checked (issue 7), end to end', () => {
  it('has cases for every verb in VERBS (a new verb must add its own)', () => {
    for (const verb of VERBS) expect(CASES[verb]?.length ?? 0, `cases for ${verb}`).to.be.greaterThan(0);
    expect(Object.keys(CASES).sort()).to.deep.equal([...VERBS].sort());
  });

  for (const verb of VERBS) {
    describe(verb, () => {
      let world: World;
      let start: ConnectorMark;
      const fixtures = new Map<string, Fixture>();
      /** Every forged recipient id the cases named. */
      const forgedIds = new Set<string>(ALWAYS_FORGED);
      before(async () => {
        world = await startWorld();
        await retireSome(world);
        start = connectorMark(world);
      });
      after(async () => {
        await world?.close();
      });

      for (const c of CASES[verb] ?? []) {
        it(c.name, async () => {
          const fx = await prepare(world, c, fixtures);
          const as = c.as === 'fresh' ? fx.user! : c.as;
          const data = c.data(fx);
          // What the scheduled jobs make of earlier cases (an agenda deadline) is done before we look.
          await world.h.bot.scheduler.runNow();
          const beforeDoc = await world.document();
          const before = snapshotOf(beforeDoc);
          const mark = connectorMark(world);

          const answer = await world.click(as, verb, data, { team: c.team ?? false });

          const afterDoc = await world.document();
          const after = snapshotOf(afterDoc);
          const items = (s: typeof before) =>
            JSON.stringify([
              s.guidanceRequests,
              s.joinRequests,
              s.meetingSeries,
              s.meetings,
              s.agendaItems,
              s.agendaActions,
              s.agendaSheets,
              s.clarifications,
              s.priorityNotices,
              s.duties,
              s.measures,
            ]);
          const changed = items(before) !== items(after);
          // Items that changed are not reused (so a refusal that failed does not spoil the next case).
          if (c.changes || changed) fixtures.clear();
          // What happened to the store and who got what first (the security part), then the card.
          expectCardAnswer(world, answer);
          if (c.changes) c.changes(beforeDoc, afterDoc, fx);
          else expectUnchanged(before, after, as.aadObjectId);
          if (needsDeadLetter(c)) expect(afterDoc.outbox.messages['dead-letter-1']?.state).to.equal('failed');
          const forged = [...ALWAYS_FORGED, ...(c.forged?.(fx) ?? [])];
          for (const id of forged) if (typeof id === 'string' && id.length < 200) forgedIds.add(id);
          expectNothingFor(world, forged, before, after, mark);
          c.expect(answer.card, fx);
        });
      }

      if ((CASES[verb] ?? []).some((c) => c.forged))
        it('sent nothing to a forged recipient once the outbox had time to deliver', async () => {
          await world.h.bot.outbox.drain(1_500);
          const doc = await world.document();
          const everything = snapshotOf(doc);
          expectNothingFor(world, [...forgedIds], { ...everything, outbox: [] }, everything, start);
        });
    });
  }
});

function needsDeadLetter(c: Case): boolean {
  return c.needs?.deadLetter === true;
}
