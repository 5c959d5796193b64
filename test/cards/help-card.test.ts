/**
 * The help card for every kind of person and place: member or not × coordinator or not × admin or not
 * × personal chat or team channel, in both languages. Each must show the same command lines in the
 * same order and the same buttons in the same order, with the same texts, as the card did when
 * cards/help.json chose them itself with `$when` conditions. The expected values below were written
 * from that card; help-cards.golden.json holds every one of those cards exactly as it rendered then.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { type Feature, read } from '../../src/app/feature.js';
import { createRegistry, FeatureConflictError } from '../../src/app/registry.js';
import type { HelpData } from '../../src/cards/card-data.js';
import { LOCALES, type Locale, t } from '../../src/cards/i18n.js';
import { type AdaptiveCardJson, renderCard } from '../../src/cards/render.js';
import type { Person, Role } from '../../src/domain/roster.js';
import { FEATURES } from '../../src/features/index.js';
import { helpCard, helpData } from '../../src/views/cards.js';
import { REGISTRY as BOT_REGISTRY, VERBS } from '../support/features.js';

/**
 * The golden cards were written before the meetings, agenda and check-ins features: they pin the entries of the
 * features that existed then (theirs are checked below, on the bot's whole registry).
 */
const REGISTRY = createRegistry(
  FEATURES.filter(
    (f) =>
      f.name !== 'meetings' &&
      f.name !== 'agenda' &&
      f.name !== 'checkins' &&
      f.name !== 'duties' &&
      f.name !== 'actionplans' &&
      f.name !== 'privacy',
  ),
);

import { type Json, type JsonObject, objectsOfType } from './card-checks.js';

interface Who {
  isMember: boolean;
  isCoordinator: boolean;
  isAdmin: boolean;
  scope: 'personal' | 'team';
}

/** The help card for a kind of person in a place, from the features' help entries. */
function renderHelp(who: Who, locale: Locale): AdaptiveCardJson {
  return renderCard('help', helpData(who, REGISTRY.help), locale);
}

/** The help card for a person (or nobody known) in a place, as the bot renders it. */
function renderHelpFor(locale: Locale, person: Person | undefined, scope: Who['scope']): AdaptiveCardJson {
  return helpCard(locale, person, scope, REGISTRY.help);
}

/** "member coordinator admin personal", "non-member team", ... */
function label(who: Who): string {
  return [
    who.isMember ? 'member' : 'non-member',
    ...(who.isCoordinator ? ['coordinator'] : []),
    ...(who.isAdmin ? ['admin'] : []),
    who.scope,
  ].join(' ');
}

const EVERY_WHO: Who[] = [false, true].flatMap((isMember) =>
  [false, true].flatMap((isCoordinator) =>
    [false, true].flatMap((isAdmin) =>
      (['personal', 'team'] as const).map((scope) => ({ isMember, isCoordinator, isAdmin, scope })),
    ),
  ),
);

/** What each command line says in bokmål (words, then what it does), as the card showed it. */
const NB_LINES: Record<string, [string, string]> = {
  help: ['hjelp / help', 'Viser denne oversikten.'],
  join: ['bli med / join', 'Be om å bli med i nettverket.'],
  members: ['medlemmer / members', 'Viser hvem som er med i nettverket.'],
  ask: [
    'spør / ask',
    'Still et spørsmål til koordinatoren eller kontaktpersonen for temaet. Du kan også skrive spørsmålet rett etter, slik: «spør Hvordan …».',
  ],
  mine: ['mine saker / my questions', 'Viser spørsmålene du har stilt, og hvor de står.'],
  queue: ['kø / queue', 'Viser spørsmålene som venter på deg, med alder og frist.'],
  away: ['borte / away, tilbake / back', 'Merk deg som borte, så går nye spørsmål til stedfortrederen.'],
  requests: ['innmeldinger / join requests', 'Viser innmeldingene som venter på avgjørelsen din.'],
  delivery: ['levering / delivery', 'Viser om meldingene fra boten kommer fram.'],
  networkChannel: [
    'nettverkskanal / network channel',
    'Skriv det i en kanal i teamet for å gjøre den til nettverkets kanal.',
  ],
  units: ['enheter / units', 'Endre enhetene og regionkontorene kontaktpersonene kan velge.'],
};

/** Each button in bokmål: verb, title and style, as the card showed it. */
const NB_BUTTONS: Record<string, { title: string; style?: string }> = {
  'join.start': { title: 'Bli med', style: 'positive' },
  'guidance.start': { title: 'Still et spørsmål', style: 'positive' },
  'members.show': { title: 'Vis medlemmer' },
  'channel.setNetwork': { title: 'Bruk denne kanalen for nettverket' },
  'units.edit': { title: 'Rediger enheter' },
};

/** The lines (by command) and buttons (by verb), in order, for every combination. */
const EXPECTED: Record<string, { lines: string[]; buttons: string[] }> = {
  'non-member personal': { lines: ['help', 'join'], buttons: ['join.start'] },
  'non-member team': { lines: ['help'], buttons: [] },
  'non-member admin personal': {
    lines: ['help', 'join', 'members', 'queue', 'requests', 'delivery', 'units'],
    buttons: ['join.start', 'members.show', 'units.edit'],
  },
  'non-member admin team': {
    lines: ['help', 'members', 'queue', 'requests', 'delivery'],
    buttons: ['members.show'],
  },
  // Not a person the roster can describe (a coordinator is a member), but the card answered it too.
  'non-member coordinator personal': {
    lines: ['help', 'join', 'requests', 'delivery', 'networkChannel'],
    buttons: ['join.start'],
  },
  'non-member coordinator team': {
    lines: ['help', 'requests', 'delivery', 'networkChannel'],
    buttons: ['channel.setNetwork'],
  },
  'non-member coordinator admin personal': {
    lines: ['help', 'join', 'members', 'queue', 'requests', 'delivery', 'networkChannel', 'units'],
    buttons: ['join.start', 'members.show', 'units.edit'],
  },
  'non-member coordinator admin team': {
    lines: ['help', 'members', 'queue', 'requests', 'delivery', 'networkChannel'],
    buttons: ['members.show', 'channel.setNetwork'],
  },
  'member personal': {
    lines: ['help', 'members', 'ask', 'mine', 'queue', 'away'],
    buttons: ['guidance.start', 'members.show'],
  },
  'member team': {
    lines: ['help', 'members', 'ask', 'mine', 'queue', 'away'],
    buttons: ['members.show'],
  },
  'member admin personal': {
    lines: ['help', 'members', 'ask', 'mine', 'queue', 'away', 'requests', 'delivery', 'units'],
    buttons: ['guidance.start', 'members.show', 'units.edit'],
  },
  'member admin team': {
    lines: ['help', 'members', 'ask', 'mine', 'queue', 'away', 'requests', 'delivery'],
    buttons: ['members.show'],
  },
  'member coordinator personal': {
    lines: ['help', 'members', 'ask', 'mine', 'queue', 'away', 'requests', 'delivery', 'networkChannel'],
    buttons: ['guidance.start', 'members.show'],
  },
  'member coordinator team': {
    lines: ['help', 'members', 'ask', 'mine', 'queue', 'away', 'requests', 'delivery', 'networkChannel'],
    buttons: ['members.show', 'channel.setNetwork'],
  },
  'member coordinator admin personal': {
    lines: [
      'help',
      'members',
      'ask',
      'mine',
      'queue',
      'away',
      'requests',
      'delivery',
      'networkChannel',
      'units',
    ],
    buttons: ['guidance.start', 'members.show', 'units.edit'],
  },
  'member coordinator admin team': {
    lines: ['help', 'members', 'ask', 'mine', 'queue', 'away', 'requests', 'delivery', 'networkChannel'],
    buttons: ['members.show', 'channel.setNetwork'],
  },
};

/** Every help card as rendered by cards/help.json before the features declared their entries. */
const GOLDEN = JSON.parse(
  readFileSync(new URL('./fixtures/help-cards.golden.json', import.meta.url), 'utf8'),
) as Record<string, Json>;

function asJson(card: AdaptiveCardJson): Json {
  return JSON.parse(JSON.stringify(card)) as Json;
}

function lines(card: AdaptiveCardJson): [string, string][] {
  const factSets = objectsOfType(asJson(card), (type) => type === 'FactSet');
  expect(factSets).to.have.length(1);
  const facts = (factSets[0]?.facts ?? []) as JsonObject[];
  return facts.map((fact) => [String(fact.title), String(fact.value)]);
}

function buttons(card: AdaptiveCardJson): { verb: string; title: string; style?: string }[] {
  return (
    ((asJson(card) as JsonObject).actions as JsonObject[] | undefined)?.map((a) => ({
      verb: String(a.verb),
      title: String(a.title),
      ...(a.style !== undefined ? { style: String(a.style) } : {}),
    })) ?? []
  );
}

const role = {
  contact: { kind: 'contact', department: 'OPA', unitId: 'opa-1' },
  deputy: { kind: 'deputy', department: 'ASA' },
  coordinator: { kind: 'coordinator', department: 'RMA' },
  udiCoordinator: { kind: 'coordinator', department: 'AUA' },
  admin: { kind: 'admin' },
} satisfies Record<string, Role>;

function person(...roles: Role[]): Person {
  return { aadObjectId: 'aad-1', displayName: 'Ingrid Berg', roles, since: '2026-01-05T09:00:00.000Z' };
}

/** Every kind of person the roster can describe, with the combination the help card sees. */
const PEOPLE: [string, Person | undefined, Omit<Who, 'scope'>][] = [
  ['nobody known', undefined, { isMember: false, isCoordinator: false, isAdmin: false }],
  ['a contact person', person(role.contact), { isMember: true, isCoordinator: false, isAdmin: false }],
  ['a deputy', person(role.deputy), { isMember: true, isCoordinator: true, isAdmin: false }],
  ['a coordinator', person(role.coordinator), { isMember: true, isCoordinator: true, isAdmin: false }],
  [
    'the UDI coordinator',
    person(role.udiCoordinator),
    { isMember: true, isCoordinator: true, isAdmin: false },
  ],
  ['an administrator only', person(role.admin), { isMember: false, isCoordinator: false, isAdmin: true }],
  [
    'a contact person who administers',
    person(role.contact, role.admin),
    { isMember: true, isCoordinator: false, isAdmin: true },
  ],
  [
    'a coordinator who administers',
    person(role.coordinator, role.admin),
    { isMember: true, isCoordinator: true, isAdmin: true },
  ],
];

describe('help card for every kind of person and place', () => {
  it('has expected values and a recorded card for all 16 combinations, in both languages', () => {
    expect(EVERY_WHO.map(label).sort()).to.deep.equal(Object.keys(EXPECTED).sort());
    expect(Object.keys(GOLDEN).sort()).to.deep.equal(
      EVERY_WHO.flatMap((who) => LOCALES.map((locale) => `${label(who)} (${locale})`)).sort(),
    );
  });

  for (const who of EVERY_WHO) {
    describe(label(who), () => {
      const expected = EXPECTED[label(who)] ?? { lines: [], buttons: [] };

      it('lists the same commands in the same order, with the same texts', () => {
        expect(lines(renderHelp(who, 'nb'))).to.deep.equal(expected.lines.map((name) => NB_LINES[name]));
      });

      it('has the same buttons in the same order, with the same titles and styles', () => {
        expect(buttons(renderHelp(who, 'nb'))).to.deep.equal(
          expected.buttons.map((verb) => ({ verb, ...NB_BUTTONS[verb] })),
        );
        for (const button of buttons(renderHelp(who, 'en')))
          expect(button.title, `${button.verb} in English`).not.to.equal(NB_BUTTONS[button.verb]?.title);
      });

      for (const locale of LOCALES)
        it(`is exactly the card it was (${locale})`, () => {
          expect(asJson(renderHelp(who, locale))).to.deep.equal(GOLDEN[`${label(who)} (${locale})`]);
        });
    });
  }

  for (const [name, somebody, roles] of PEOPLE)
    for (const scope of ['personal', 'team'] as const)
      it(`is the same card for ${name} (${scope}) as the bot renders it`, () => {
        for (const locale of LOCALES)
          expect(asJson(renderHelpFor(locale, somebody, scope))).to.deep.equal(
            GOLDEN[`${label({ ...roles, scope })} (${locale})`],
          );
      });
});

describe('help entries from the features', () => {
  it('the privacy feature’s erase line is for administrators in a personal chat only', () => {
    const commandsFor = (who: Who) => helpData(who, BOT_REGISTRY.help).commands.map((c) => c.key);
    for (const who of EVERY_WHO)
      expect(commandsFor(who).includes('help.commands.erase'), label(who)).to.equal(
        who.isAdmin && who.scope === 'personal',
      );
    expect(t('nb', 'help.commands.erase.words')).to.equal('slett person / erase person');
  });

  const anyone: Who = { isMember: true, isCoordinator: true, isAdmin: true, scope: 'personal' };

  it('are sorted by their order across the features, after the core’s hjelp line', () => {
    const orders = (entries: readonly { order: number }[]) => entries.map((e) => e.order);
    const sorted = (list: number[]) => [...list].sort((a, b) => a - b);
    expect(orders(REGISTRY.help.commands)).to.deep.equal(sorted(orders(REGISTRY.help.commands)));
    expect(orders(REGISTRY.help.buttons)).to.deep.equal(sorted(orders(REGISTRY.help.buttons)));
    expect(helpData(anyone, REGISTRY.help).commands[0]).to.deep.equal({ key: 'help.commands.help' });
    // Each feature brings its own: join and guidance are not the core's.
    expect(REGISTRY.help.commands.map((e) => e.command)).to.include.members([
      'join',
      'requests',
      'ask',
      'queue',
    ]);
  });

  it('name catalog keys that hold strings in both languages, and known verbs', () => {
    for (const locale of LOCALES) {
      for (const { key } of [{ key: 'help.commands.help' }, ...REGISTRY.help.commands]) {
        expect(t(locale, `${key}.words`), `${locale}: ${key}.words`).to.be.a('string');
        expect(t(locale, `${key}.text`), `${locale}: ${key}.text`).to.be.a('string');
      }
      for (const { titleKey } of REGISTRY.help.buttons)
        expect(t(locale, titleKey), `${locale}: ${titleKey}`).to.be.a('string');
    }
    for (const { verb } of REGISTRY.help.buttons) expect(VERBS, verb).to.include(verb);
  });

  it('let a new feature put its line and button where its order says, without touching the others', () => {
    const meetings: Feature = {
      name: 'meetings',
      verbs: { 'meetings.show': read(async () => ({ type: 'AdaptiveCard', version: '1.5' })) },
      commands: [{ name: 'meetings', words: ['møter', 'meetings'], run: { verb: 'meetings.show' } }],
      help: {
        commands: [
          {
            command: 'meetings',
            key: 'meetings.help.commands.meetings',
            audience: (w) => w.isMember,
            order: 55,
          },
        ],
        buttons: [
          {
            verb: 'meetings.show',
            titleKey: 'meetings.help.actions.meetings',
            audience: (w) => w.isCoordinator,
            order: 35,
          },
        ],
      },
    };
    // The hypothetical feature stands where the real one would (which is left out here).
    const help = createRegistry([
      ...FEATURES.filter(
        (f) =>
          f.name !== 'meetings' &&
          f.name !== 'agenda' &&
          f.name !== 'checkins' &&
          f.name !== 'duties' &&
          f.name !== 'actionplans',
      ),
      meetings,
    ]).help;
    const data = helpData({ ...anyone, isAdmin: false }, help);
    expect(data.commands.map((c) => c.key)).to.deep.equal([
      'help.commands.help',
      'help.commands.members',
      'guidance.help.commands.ask',
      'guidance.help.commands.mine',
      'guidance.help.commands.queue',
      'meetings.help.commands.meetings',
      'help.commands.away',
      'join.help.commands.requests',
      'help.commands.delivery',
      'help.commands.networkChannel',
    ]);
    expect(data.buttons.map((b) => b.verb)).to.deep.equal([
      'guidance.start',
      'members.show',
      'meetings.show',
    ]);
    expect(helpData({ ...anyone, isCoordinator: false }, help).buttons.map((b) => b.verb)).not.to.include(
      'meetings.show',
    );
  });

  it('offer the meetings to members and administrators, with a button in the personal chat', () => {
    const keys = (who: Who) => helpData(who, BOT_REGISTRY.help).commands.map((c) => c.key);
    const verbs = (who: Who) => helpData(who, BOT_REGISTRY.help).buttons.map((b) => b.verb);
    const member: Who = { isMember: true, isCoordinator: false, isAdmin: false, scope: 'personal' };
    expect(keys(member)).to.include('meetings.help.commands.meetings');
    expect(keys({ ...member, isMember: false, isAdmin: true })).to.include('meetings.help.commands.meetings');
    expect(keys({ ...member, isMember: false })).not.to.include('meetings.help.commands.meetings');
    expect(verbs(member)).to.deep.equal(['guidance.start', 'members.show', 'meetings.list', 'agenda.list']);
    expect(verbs({ ...member, scope: 'team' })).not.to.include('meetings.list');
  });

  it('offer the register of clarifications to members, after the meetings', () => {
    const keys = (who: Who) => helpData(who, BOT_REGISTRY.help).commands.map((c) => c.key);
    const member: Who = { isMember: true, isCoordinator: false, isAdmin: false, scope: 'team' };
    const line = keys(member).indexOf('agenda.clarifications.help');
    expect(line).to.be.greaterThan(keys(member).indexOf('meetings.help.commands.meetings'));
    expect(keys({ ...member, isCoordinator: true, scope: 'personal' })).to.include(
      'agenda.clarifications.help',
    );
    expect(keys({ ...member, isMember: false, isAdmin: true })).not.to.include('agenda.clarifications.help');
    expect(keys({ ...member, isMember: false })).not.to.include('agenda.clarifications.help');
  });

  it('offer the agenda to members: raising and the list typed, and the list as a button in the personal chat', () => {
    const keys = (who: Who) => helpData(who, BOT_REGISTRY.help).commands.map((c) => c.key);
    const verbs = (who: Who) => helpData(who, BOT_REGISTRY.help).buttons.map((b) => b.verb);
    const member: Who = { isMember: true, isCoordinator: false, isAdmin: false, scope: 'personal' };
    expect(keys(member)).to.include.members(['agenda.help.commands.agenda', 'agenda.help.commands.backlog']);
    expect(keys({ ...member, isMember: false, isAdmin: true })).not.to.include('agenda.help.commands.agenda');
    expect(verbs(member)).to.include('agenda.list');
    expect(verbs({ ...member, scope: 'team' })).not.to.include('agenda.list');
    expect(verbs({ ...member, isMember: false })).not.to.include('agenda.list');
    // Five buttons at most on a card in Teams: the help card stays within them for everyone.
    for (const isCoordinator of [false, true])
      for (const isAdmin of [false, true])
        expect(verbs({ ...member, isCoordinator, isAdmin }).length).to.be.at.most(5);
  });

  it('offer the check-ins’ overview to coordinators (RMA’s and the UDI coordinator read it), typed, no button', () => {
    const keys = (who: Who) => helpData(who, BOT_REGISTRY.help).commands.map((c) => c.key);
    const verbs = (who: Who) => helpData(who, BOT_REGISTRY.help).buttons.map((b) => b.verb);
    const member: Who = { isMember: true, isCoordinator: false, isAdmin: false, scope: 'personal' };
    expect(keys({ ...member, isCoordinator: true })).to.include('checkins.overview.help');
    expect(keys(member), 'a contact person').not.to.include('checkins.overview.help');
    expect(keys({ ...member, isMember: false, isAdmin: true })).not.to.include('checkins.overview.help');
    expect(verbs({ ...member, isCoordinator: true })).not.to.include('checkins.overview');
  });

  it('offer the priority notice to members in their personal chat, typed only (the form refuses anyone outside an allowed region)', () => {
    const keys = (who: Who) => helpData(who, BOT_REGISTRY.help).commands.map((c) => c.key);
    const verbs = (who: Who) => helpData(who, BOT_REGISTRY.help).buttons.map((b) => b.verb);
    const member: Who = { isMember: true, isCoordinator: false, isAdmin: false, scope: 'personal' };
    expect(keys(member)).to.include('checkins.notice.help');
    expect(keys({ ...member, scope: 'team' })).not.to.include('checkins.notice.help');
    expect(keys({ ...member, isMember: false, isAdmin: true })).not.to.include('checkins.notice.help');
    expect(keys({ ...member, isMember: false })).not.to.include('checkins.notice.help');
    for (const isCoordinator of [false, true])
      for (const isAdmin of [false, true]) {
        expect(verbs({ ...member, isCoordinator, isAdmin })).not.to.include('checkins.noticeStart');
        expect(verbs({ ...member, isCoordinator, isAdmin }).length).to.be.at.most(5);
      }
  });

  it('must explain the feature’s own commands and run its own verbs', () => {
    const line = { command: 'members', key: 'x.help.commands.members', audience: () => true, order: 1 };
    expect(() => createRegistry([{ name: 'x', help: { commands: [line] } }])).to.throw(
      FeatureConflictError,
      'explains a command its feature does not have (members)',
    );
    const button = {
      verb: 'members.show',
      titleKey: 'x.help.actions.members',
      audience: () => true,
      order: 1,
    };
    expect(() => createRegistry([{ name: 'x', help: { buttons: [button] } }])).to.throw(
      FeatureConflictError,
      'runs a verb its feature does not have',
    );
  });

  it('cannot leave a line or a button without its text when a catalog key is missing', () => {
    const broken = (data: HelpData) => () => renderCard('help', data, 'nb');
    expect(broken({ commands: [{ key: 'help.commands.nope' }], buttons: [] })).to.throw(
      'unresolved bindings',
    );
    expect(
      broken({ commands: [], buttons: [{ verb: 'members.show', titleKey: 'help.actions.nope' }] }),
    ).to.throw('unresolved bindings');
  });
});

describe('help cards are expanded once per locale and audience', () => {
  it('hands every caller its own copy of the same card', () => {
    const first = renderHelpFor('nb', person(role.contact), 'personal');
    const second = renderHelpFor('nb', person(role.contact), 'personal');
    expect(second).to.deep.equal(first);
    expect(second).not.to.equal(first);
    // A caller that changes its card, deep down or at the top, changes nothing for the next one.
    expect(Object.isFrozen(first) || Object.isFrozen(first.body)).to.equal(false);
    (first.body as { text?: string }[])[0]!.text = 'changed';
    (first.actions as { data: Record<string, unknown> }[])[0]!.data.fromId = 'changed';
    expect(asJson(renderHelpFor('nb', person(role.contact), 'personal'))).to.deep.equal(
      GOLDEN['member personal (nb)'],
    );
    (first.body as unknown[]).length = 0;
    delete first.actions;
    expect(asJson(renderHelpFor('nb', person(role.contact), 'personal'))).to.deep.equal(
      GOLDEN['member personal (nb)'],
    );
  });

  it('follows a change of roles, of language and of place at once', () => {
    const sequence: [Person | undefined, Locale, Who['scope'], string][] = [
      [person(role.contact), 'nb', 'personal', 'member personal (nb)'],
      [person(role.contact, role.admin), 'nb', 'personal', 'member admin personal (nb)'],
      [person(role.contact), 'nb', 'personal', 'member personal (nb)'],
      [person(role.contact), 'en', 'personal', 'member personal (en)'],
      [person(role.contact), 'en', 'team', 'member team (en)'],
      [person(role.deputy), 'en', 'team', 'member coordinator team (en)'],
      [undefined, 'en', 'team', 'non-member team (en)'],
      [undefined, 'nb', 'personal', 'non-member personal (nb)'],
      [person(role.contact), 'nb', 'personal', 'member personal (nb)'],
    ];
    for (const [somebody, locale, scope, golden] of sequence)
      expect(asJson(renderHelpFor(locale, somebody, scope)), golden).to.deep.equal(GOLDEN[golden]);
  });

  it('keeps the cards of different help entries apart', () => {
    const onlyHelp = createRegistry([]).help;
    const who = person(role.contact);
    const full = asJson(helpCard('nb', who, 'personal', REGISTRY.help));
    const bare = asJson(helpCard('nb', who, 'personal', onlyHelp));
    expect(bare).not.to.deep.equal(full);
    expect(bare).to.deep.equal(
      asJson(renderCard('help', helpData({ ...PEOPLE[1]![2], scope: 'personal' }, onlyHelp), 'nb')),
    );
    expect(asJson(helpCard('nb', who, 'personal', REGISTRY.help))).to.deep.equal(full);
  });
});
