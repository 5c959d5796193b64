import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { CardName } from '../../src/cards/card-data.js';
import { CARDS_DIR, cardsFile } from '../../src/cards/cards-dir.js';
import { catalog, LOCALES, type Locale, t } from '../../src/cards/i18n.js';
import { NOTICE_KINDS } from '../../src/cards/notice.js';
import { type AdaptiveCardJson, renderCard } from '../../src/cards/render.js';
import { VERBS } from '../support/features.js';
import {
  actionProblems,
  adaptiveCardsProblems,
  catalogKeysUsed,
  catalogLeaves,
  inputProblems,
  type Json,
  literalTextProblems,
  objectsOfType,
  placeholders,
  unknownProperties,
  unsupportedFeatureProblems,
} from './card-checks.js';
import { FIXTURES } from './fixtures/index.js';

/** Every card template: each *.json in cards/ (the catalogs are in its i18n/ folder). */
const templateFiles = readdirSync(CARDS_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length))
  .sort();

/** The cards with fixtures: every name `CardData` knows (the core's and every feature's). */
const fixtureNames = Object.keys(FIXTURES).sort() as CardName[];

function templateText(name: string): string {
  return readFileSync(cardsFile(`${name}.json`), 'utf8');
}

/** Renders one fixture variant; the cast is safe because FIXTURES is typed per card. */
function render<N extends CardName>(name: N, variant: string, locale: Locale): AdaptiveCardJson {
  const data = FIXTURES[name][variant];
  if (data === undefined) throw new Error(`No fixture variant ${name}/${variant}`);
  return renderCard(name, data, locale);
}

function asJson(card: AdaptiveCardJson): Json {
  return JSON.parse(JSON.stringify(card)) as Json;
}

function verbsOf(card: AdaptiveCardJson): string[] {
  return objectsOfType(asJson(card), (type) => type === 'Action.Execute').map((a) => String(a.verb));
}

function texts(card: AdaptiveCardJson): string {
  return JSON.stringify(card);
}

describe('card templates', () => {
  it("are exactly the cards with fixtures (the core's and every feature's), and each has some", () => {
    expect(templateFiles).to.deep.equal(fixtureNames);
    for (const name of fixtureNames) expect(Object.keys(FIXTURES[name]), name).to.not.be.empty;
  });

  for (const name of templateFiles) {
    describe(name, () => {
      const raw = JSON.parse(templateText(name)) as Json;

      it('is an Adaptive Card 1.5 with the schema URL', () => {
        expect(raw).to.include({
          type: 'AdaptiveCard',
          version: '1.5',
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
        });
      });

      it('takes every text people read from the catalogs', () => {
        expect(literalTextProblems(raw)).to.deep.equal([]);
      });

      it('uses only catalog keys that exist in both catalogs', () => {
        const keys = catalogKeysUsed(templateText(name));
        expect(keys, 'a template that uses no catalog key').to.not.be.empty;
        for (const locale of LOCALES) {
          const leaves = new Map(catalogLeaves(catalog(locale)));
          for (const key of keys) expect(leaves.get(key), `${locale}: ${key}`).to.be.a('string');
        }
      });

      it('uses known verbs verbatim (or the verb from its data, checked on every rendered variant)', () => {
        expect(actionProblems(raw, VERBS, true)).to.deep.equal([]);
      });

      const variants = Object.keys(FIXTURES[name as CardName] ?? {});
      for (const locale of LOCALES) {
        for (const variant of variants) {
          describe(`${variant} (${locale})`, () => {
            let card: AdaptiveCardJson;
            let json: Json;
            before(() => {
              card = render(name as CardName, variant, locale);
              json = asJson(card);
            });

            it('expands fully: no binding or placeholder left', () => {
              expect(texts(card)).to.not.include('${');
              expect(texts(card)).to.not.match(/\{\w+\}/);
            });

            it('passes the adaptivecards parser and validator', () => {
              expect(adaptiveCardsProblems(json)).to.deep.equal([]);
            });

            it('has no property or type the parser does not know', () => {
              expect(unknownProperties(json)).to.deep.equal([]);
            });

            it('has unique, labelled inputs', () => {
              expect(inputProblems(json)).to.deep.equal([]);
            });

            it('has only Action.Execute buttons with known verbs and id-only data', () => {
              expect(actionProblems(json, VERBS)).to.deep.equal([]);
            });

            it('avoids mentions, people pickers and full width', () => {
              expect(unsupportedFeatureProblems(json)).to.deep.equal([]);
            });

            it('stays well under the Teams size limit', () => {
              expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).to.be.below(40 * 1024);
            });
          });
        }
      }
    });
  }
});

describe('free-text cards', () => {
  it('remind people not to write identifying numbers or names wherever they take free text', () => {
    let freeTextCards = 0;
    for (const name of fixtureNames)
      for (const variant of Object.keys(FIXTURES[name]))
        for (const locale of LOCALES) {
          const card = render(name, variant, locale);
          if (objectsOfType(asJson(card), (type) => type === 'Input.Text').length === 0) continue;
          freeTextCards++;
          expect(texts(card), `${name}/${variant} (${locale})`).to.include(
            t(locale, 'common.privacyReminder'),
          );
        }
    expect(freeTextCards, 'the units editor takes free text').to.be.above(0);
  });
});

describe('card checks catch broken cards', () => {
  const broken: Json = {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: 'x', wieght: 'Bolder' },
      { type: 'Foo' },
      { type: 'Input.Text', id: 'a', isRequired: true },
      { type: 'Input.Text', id: 'a', label: 'A' },
    ],
    actions: [
      { type: 'Action.Submit', title: 'x' },
      { type: 'Action.Execute', title: 'y', verb: 'nope', data: { name: 'Kari Nordmann' } },
      { type: 'Action.ShowCard', title: 'z', card: { type: 'AdaptiveCard', body: [] } },
      { type: 'Action.OpenUrl', title: 'u', url: 'javascript:alert(1)' },
    ],
  };

  it('reports unknown elements, duplicate ids and missing labels through adaptivecards', () => {
    const problems = adaptiveCardsProblems(broken).join('\n');
    expect(problems).to.include('UnknownElementType');
    expect(problems).to.include('DuplicateId');
    expect(problems).to.include('RequiredInputsShouldHaveLabel');
  });

  it('reports unknown properties, bad actions and bad inputs', () => {
    expect(unknownProperties(broken)).to.include.members(['$.body[0]: unknown property "wieght"']);
    expect(actionProblems(broken, VERBS)).to.have.members([
      'Action.Submit is not allowed (Action.Execute, Action.ShowCard and Action.OpenUrl only)',
      'Action.ShowCard "z" has no Action.Execute to submit its form',
      'Action.OpenUrl "u": url "javascript:alert(1)" is not allowed',
      'unknown verb "nope"',
      'verb nope: data.name is not an id',
    ]);
    expect(inputProblems(broken)).to.include.members([
      'duplicate input id "a"',
      'input "a" has no label',
      'required input "a" has no errorMessage',
    ]);
  });

  it('reports literal text in a template', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template binding, not a JS template
    expect(literalTextProblems({ type: 'TextBlock', text: 'Hei ${name}' })).to.have.length(1);
  });
});

describe('catalogs', () => {
  const leaves = Object.fromEntries(LOCALES.map((l) => [l, new Map(catalogLeaves(catalog(l)))]));
  const nb = leaves.nb ?? new Map<string, unknown>();
  const en = leaves.en ?? new Map<string, unknown>();

  it('have exactly the same keys', () => {
    expect([...en.keys()].sort()).to.deep.equal([...nb.keys()].sort());
  });

  it('hold only non-empty strings', () => {
    for (const [locale, map] of Object.entries(leaves))
      for (const [key, value] of map) {
        expect(value, `${locale}: ${key}`).to.be.a('string');
        expect((value as string).trim(), `${locale}: ${key}`).to.not.equal('');
      }
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, value] of nb)
      expect(placeholders(String(en.get(key))), key).to.deep.equal(placeholders(String(value)));
  });

  it('have every message the code needs', () => {
    const keys = [
      ...['AUA', 'OPA', 'ASA', 'RMA'].flatMap((d) => [`department.${d}`, `department.short.${d}`]),
      ...['coordinator', 'udiCoordinator', 'deputy', 'contact', 'admin'].map((r) => `role.${r}`),
      ...[
        'missing-role',
        'missing-department',
        'unknown-department',
        'missing-unit',
        'unknown-unit',
        'no-contacts-in-department',
        'already-member',
        'already-pending',
      ].map((e) => `join.errors.${e}`),
      ...NOTICE_KINDS.flatMap((k) => [`notice.${k}.title`, `notice.${k}.text`]),
      ...['empty', 'too-long', 'duplicate'].map((e) => `units.errors.${e}`),
      'common.privacyReminder',
      ...['delivery-failed', 'other'].map((k) => `delivery.templates.${k}`),
      ...['join-approval', 'join-outcome'].map((k) => `join.deliveryLabels.${k}`),
      'guidance.deliveryLabels.guidance-item',
      ...['alreadyPending', 'noPendingRequests'].flatMap((k) => [
        `join.notices.${k}.title`,
        `join.notices.${k}.text`,
      ]),
      ...['403', '404', 'networkChannel'].map((k) => `delivery.reasons.${k}`),
      ...['networkChannel', 'unknown'].map((k) => `delivery.recipients.${k}`),
      ...['network', 'http', 'other', 'no-network-channel', 'no-conversation', 'original-undelivered'].map(
        (k) => `delivery.errors.${k}`,
      ),
      ...['minutes', 'hours', 'days'].map((k) => `delivery.age.${k}`),
    ];
    for (const key of keys) {
      expect(nb.has(key), `nb: ${key}`).to.equal(true);
      expect(en.has(key), `en: ${key}`).to.equal(true);
    }
  });

  it('put the placeholders of the delivery messages where the code fills them', () => {
    expect(placeholders(String(nb.get('delivery.errors.http')))).to.deep.equal(['status']);
    for (const unit of ['minutes', 'hours', 'days'])
      expect(placeholders(String(nb.get(`delivery.age.${unit}`))), unit).to.deep.equal(['n']);
    expect(placeholders(String(nb.get('notice.deliveryRetried.text')))).to.deep.equal(['count']);
    expect(t('nb', 'delivery.age.hours', { n: 2 })).to.equal('2 t');
    expect(t('en', 'delivery.age.hours', { n: 2 })).to.equal('2 h');
  });

  it('put the name placeholder where the code fills it', () => {
    expect(placeholders(String(nb.get('notice.alreadyDecided.text')))).to.deep.equal(['name']);
    expect(t('en', 'notice.alreadyDecided.text', { name: 'Ingrid Berg' })).to.include('Ingrid Berg');
  });
});

describe('card content', () => {
  it('welcome offers Join only to non-members and greets by name in a 1:1 chat', () => {
    expect(verbsOf(render('welcome', 'newcomerPersonal', 'nb'))).to.deep.equal(['join.start', 'help.show']);
    expect(verbsOf(render('welcome', 'memberPersonal', 'nb'))).to.deep.equal(['help.show']);
    expect(texts(render('welcome', 'newcomerPersonal', 'nb'))).to.include('Hei, Ingrid Berg!');
    expect(texts(render('welcome', 'newcomerPersonal', 'en'))).to.include('Hi, Ingrid Berg!');
    expect(texts(render('welcome', 'noNamePersonal', 'nb'))).to.include(t('nb', 'welcome.greeting'));
    expect(texts(render('welcome', 'team', 'en'))).to.include(t('en', 'welcome.greetingTeam'));
  });

  it('help shows a button per feature the person can use here', () => {
    // The member list is for members: someone outside the network is offered joining instead.
    expect(verbsOf(render('help', 'nonMemberPersonal', 'nb'))).to.deep.equal(['join.start']);
    expect(verbsOf(render('help', 'contactPersonal', 'nb'))).to.deep.equal([
      'guidance.start',
      'members.show',
      'meetings.list',
      'agenda.list',
    ]);
    expect(verbsOf(render('help', 'coordinatorTeam', 'nb'))).to.deep.equal([
      'members.show',
      'channel.setNetwork',
    ]);
    expect(verbsOf(render('help', 'coordinatorPersonal', 'nb'))).to.deep.equal([
      'guidance.start',
      'members.show',
      'meetings.list',
      'agenda.list',
    ]);
    // Joining and editing units happen in the personal chat only.
    expect(verbsOf(render('help', 'adminCoordinatorTeam', 'en'))).to.deep.equal([
      'members.show',
      'channel.setNetwork',
    ]);
    expect(verbsOf(render('help', 'adminCoordinatorPersonal', 'en'))).to.deep.equal([
      'guidance.start',
      'members.show',
      'meetings.list',
      'agenda.list',
      'units.edit',
    ]);
    expect(verbsOf(render('help', 'nonMemberTeam', 'nb'))).to.deep.equal([]);
    expect(verbsOf(render('help', 'adminOnlyPersonal', 'nb'))).to.deep.equal([
      'join.start',
      'members.show',
      'units.edit',
    ]);
  });

  it('help lists the commands in both languages and what is coming', () => {
    const nbHelp = texts(render('help', 'adminCoordinatorTeam', 'nb'));
    for (const words of [
      'hjelp / help',
      'medlemmer / members',
      'innmeldinger / join requests',
      'nettverkskanal / network channel',
    ])
      expect(nbHelp).to.include(words);
    expect(nbHelp).not.to.include('enheter / units');
    expect(texts(render('help', 'adminCoordinatorPersonal', 'nb'))).to.include('enheter / units');
    expect(texts(render('help', 'contactPersonal', 'nb'))).not.to.include('innmeldinger / join requests');
    // Delivery is for coordinators and administrators, wherever they ask.
    expect(nbHelp).to.include('levering / delivery');
    expect(texts(render('help', 'coordinatorTeam', 'en'))).to.include('delivery / levering');
    expect(texts(render('help', 'adminOnlyPersonal', 'nb'))).to.include('levering / delivery');
    expect(texts(render('help', 'contactPersonal', 'nb'))).not.to.include('levering / delivery');
    expect(texts(render('help', 'nonMemberPersonal', 'en'))).not.to.include('delivery / levering');
    expect(texts(render('help', 'nonMemberPersonal', 'en'))).to.include('join / bli med');
    expect(nbHelp).to.include(t('nb', 'help.overviewTab'));
  });

  it('join form shows the error and keeps earlier choices', () => {
    const card = asJson(render('join-form', 'withError', 'nb'));
    expect(JSON.stringify(card)).to.include(
      'Som kontaktperson må du velge enheten eller regionkontoret ditt.',
    );
    const inputs = objectsOfType(card, (type) => type === 'Input.ChoiceSet');
    expect(inputs.map((i) => [i.id, i.value])).to.deep.equal([
      ['role', 'contact'],
      ['department', 'OPA'],
      ['unitId', ''],
    ]);
    const units = inputs[2]?.choices;
    expect(Array.isArray(units) ? units.length : 0).to.equal(12);
    expect(objectsOfType(asJson(render('join-form', 'empty', 'nb')), (type) => type === 'Container')).to.be
      .empty;
  });

  it('join approval has Approve/Decline with the request id while pending, and shows the decision after', () => {
    const pending = asJson(render('join-approval', 'pending', 'nb'));
    const actions = objectsOfType(pending, (type) => type === 'Action.Execute');
    expect(actions.map((a) => [a.verb, a.data])).to.deep.equal([
      ['join.approve', { requestId: 'b7e4c1a2-5f0d-4a8e-9c3b-2d1e6f7a8b90' }],
      ['join.decline', { requestId: 'b7e4c1a2-5f0d-4a8e-9c3b-2d1e6f7a8b90' }],
    ]);
    const approved = render('join-approval', 'approved', 'en');
    expect(approved.actions).to.equal(undefined);
    expect(texts(approved))
      .to.include('Approved')
      .and.include('Ingrid Berg')
      .and.include('24. nov. 2026 kl. 14:05');
    expect(texts(render('join-approval', 'declined', 'nb')))
      .to.include('Avslått')
      .and.include('Jonas Haugen');
  });

  it('join outcome offers Help only when approved', () => {
    expect(verbsOf(render('join-outcome', 'approved', 'nb'))).to.deep.equal(['help.show']);
    expect(verbsOf(render('join-outcome', 'declined', 'nb'))).to.deep.equal([]);
    expect(texts(render('join-outcome', 'declined', 'en'))).to.include(t('en', 'join.outcome.declinedTitle'));
  });

  it('members lists everybody by department and says when a department is empty', () => {
    const large = texts(render('members', 'large', 'nb'));
    const fixture = FIXTURES.members.large;
    for (const d of fixture?.departments ?? [])
      for (const name of [...d.coordinators, ...d.deputies, ...d.contacts.map((c) => c.name)])
        expect(large).to.include(name);
    expect(large).to.include('24 personer er med i nettverket.').and.include('UDI-koordinator');
    expect(large).to.include('Kontaktpersoner (10)');
    const small = texts(render('members', 'oneMemberSomeEmpty', 'en'));
    expect(small.split(t('en', 'members.empty')).length - 1).to.equal(3);
    expect(small).to.include(t('en', 'members.totalOne'));
    expect(texts(render('members', 'nobody', 'nb'))).to.include(t('nb', 'members.totalNone'));
  });

  it('notice shows Help only when asked', () => {
    expect(verbsOf(render('notice', 'stale', 'nb'))).to.deep.equal(['help.show']);
    expect(verbsOf(render('notice', 'saved', 'nb'))).to.deep.equal([]);
  });

  it('units editor has one multiline input per department, prefilled', () => {
    const inputs = objectsOfType(
      asJson(render('units-editor', 'initial', 'nb')),
      (type) => type === 'Input.Text',
    );
    expect(inputs.map((i) => [i.id, i.isMultiline])).to.deep.equal([
      ['units.OPA', true],
      ['units.ASA', true],
      ['units.RMA', true],
    ]);
    expect(inputs[1]?.value).to.equal(FIXTURES['units-editor'].initial?.departments[1]?.text);
  });
});

describe('delivery cards', () => {
  const count = (haystack: string, needle: string): number => haystack.split(needle).length - 1;
  const actions = (card: AdaptiveCardJson) =>
    objectsOfType(asJson(card), (type) => type.startsWith('Action.'));

  it('offers Retry only when something failed, and Refresh always, with no data', () => {
    expect(verbsOf(render('delivery', 'allGood', 'nb'))).to.deep.equal(['delivery.show']);
    expect(verbsOf(render('delivery', 'somePending', 'en'))).to.deep.equal(['delivery.show']);
    expect(verbsOf(render('delivery', 'oneFailedOneAttempt', 'nb'))).to.deep.equal([
      'delivery.retry',
      'delivery.show',
    ]);
    expect(verbsOf(render('delivery', 'busy', 'en'))).to.deep.equal(['delivery.retry', 'delivery.show']);
    for (const variant of Object.keys(FIXTURES.delivery))
      for (const action of actions(render('delivery', variant, 'nb')))
        expect(action.data, `${variant}: ${String(action.verb)}`).to.equal(undefined);
  });

  it('shows the counts as plain numbers and how long the oldest has waited', () => {
    const busy = texts(render('delivery', 'busy', 'nb'));
    expect(busy).to.include('"41"').and.include('"5310"').and.include('"17"');
    expect(busy).to.include('Den eldste har ventet i 2 t.');
    expect(busy).not.to.include(t('nb', 'delivery.nothingPending'));
    expect(texts(render('delivery', 'somePending', 'en'))).to.include(
      'The oldest has been waiting for 3 min.',
    );
    const allGood = texts(render('delivery', 'allGood', 'en'));
    expect(allGood).to.include('"1204"').and.include(t('en', 'delivery.nothingPending'));
    expect(allGood).not.to.include('waiting for');
  });

  it('says when everyone can be reached and nothing failed', () => {
    for (const locale of ['nb', 'en'] as const) {
      const allGood = texts(render('delivery', 'allGood', locale));
      expect(allGood).to.include(t(locale, 'delivery.unreachable.none'));
      expect(allGood).to.include(t(locale, 'delivery.deadLetters.none'));
      expect(allGood).not.to.include(t(locale, 'delivery.deadLetters.hint'));
      const busy = texts(render('delivery', 'busy', locale));
      expect(busy).not.to.include(t(locale, 'delivery.unreachable.none'));
      expect(busy).not.to.include(t(locale, 'delivery.deadLetters.none'));
    }
  });

  it('lists every unreachable recipient with reason and date, and every dead letter shown', () => {
    const busy = texts(render('delivery', 'busy', 'nb'));
    const fixture = FIXTURES.delivery.busy;
    expect(busy).to.include('Kan ikke nås (5)');
    for (const u of fixture?.unreachable ?? []) expect(busy).to.include(`${u.reason}, siden ${u.since}`);
    for (const d of fixture?.deadLetters ?? []) {
      expect(busy).to.include(`${d.what} til ${d.to}`);
      expect(busy).to.include(`${d.createdAt} · ${d.error} · 8 forsøk`);
    }
    expect(count(busy, ' · 8 forsøk')).to.equal(10);
    expect(busy).to.include('og 7 til');
    expect(texts(render('delivery', 'busy', 'en')))
      .to.include('and 7 more')
      .and.include('· 8 attempts');
  });

  it('counts one attempt in the singular and leaves out "more" when there is nothing more', () => {
    const one = texts(render('delivery', 'oneFailedOneAttempt', 'en'));
    expect(one).to.include('· 1 attempt"').and.not.include('1 attempts');
    expect(one).to.include('Cannot be reached (1)');
    expect(one).not.to.include(' more"');
    expect(texts(render('delivery', 'oneFailedOneAttempt', 'nb'))).not.to.include(' til"');
  });

  it('delivery-failed names the person, or says the recipient, or the network channel', () => {
    expect(texts(render('delivery-failed', 'personNamed', 'nb'))).to.include(
      'Jonas Haugen kan ikke nås i Teams',
    );
    expect(texts(render('delivery-failed', 'personNamed', 'en'))).to.include(
      "Jonas Haugen can't be reached in Teams",
    );
    for (const locale of ['nb', 'en'] as const) {
      const unnamed = texts(render('delivery-failed', 'personUnnamedNoReference', locale));
      expect(unnamed).to.include(t(locale, 'deliveryFailed.personUnnamed'));
      expect(unnamed).to.include(t(locale, 'deliveryFailed.personHint'));
      const channel = texts(render('delivery-failed', 'channel', locale));
      expect(channel).to.include(t(locale, 'deliveryFailed.channel'));
      expect(channel).to.include(t(locale, 'deliveryFailed.channelHint'));
      expect(channel).not.to.include(t(locale, 'deliveryFailed.personHint'));
    }
  });

  it('delivery-failed shows the reference only when given, and has no buttons', () => {
    const facts = (variant: string) =>
      objectsOfType(asJson(render('delivery-failed', variant, 'nb')), (type) => type === 'FactSet');
    expect(JSON.stringify(facts('personNamed'))).to.include('MH-2026-0042');
    expect(JSON.stringify(facts('channel'))).to.include('N-2026-0001');
    expect(facts('personNamedNoReference')).to.deep.equal([]);
    expect(facts('channelNoReference')).to.deep.equal([]);
    for (const variant of Object.keys(FIXTURES['delivery-failed']))
      expect(actions(render('delivery-failed', variant, 'en')), variant).to.deep.equal([]);
  });
});
