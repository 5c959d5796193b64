import { expect } from 'chai';
import type { CardName } from '../../../src/cards/card-data.js';
import { catalog, LOCALES, type Locale, t } from '../../../src/cards/i18n.js';
import { noticeData } from '../../../src/cards/notice.js';
import { type AdaptiveCardJson, renderCard } from '../../../src/cards/render.js';
import {
  catalogLeaves,
  type Json,
  type JsonObject,
  objectsOfType,
  placeholders,
} from '../../cards/card-checks.js';
import { FIXTURES } from '../../cards/fixtures/index.js';

function render<N extends CardName>(name: N, variant: string, locale: Locale): AdaptiveCardJson {
  const data = FIXTURES[name][variant];
  if (data === undefined) throw new Error(`No fixture variant ${name}/${variant}`);
  return renderCard(name, data, locale);
}

function json(card: AdaptiveCardJson): Json {
  return JSON.parse(JSON.stringify(card)) as Json;
}

const executes = (tree: Json): JsonObject[] => objectsOfType(tree, (type) => type === 'Action.Execute');
const verbsOf = (tree: Json): string[] => executes(tree).map((a) => String(a.verb));
const inputIds = (tree: Json): string[] =>
  objectsOfType(tree, (type) => type.startsWith('Input.')).map((i) => String(i.id));
const showCards = (tree: Json): JsonObject[] => objectsOfType(tree, (type) => type === 'Action.ShowCard');

/** Each inline form as [its submit verb, its input ids]. */
function forms(tree: Json): [string, string[]][] {
  return showCards(tree).map((s) => {
    const inner = s.card ?? null;
    return [verbsOf(inner).join(','), inputIds(inner)];
  });
}

const REQUEST_ID = FIXTURES['guidance-item'].assigneeOpenUrgentExternal?.requestId;

describe('guidance item card', () => {
  it('shows the assignee every button the flags allow, in order, each with only the request id', () => {
    const card = json(render('guidance-item', 'assigneeOpenUrgentExternal', 'nb'));
    expect(verbsOf(card)).to.deep.equal([
      'guidance.take',
      'guidance.answer',
      'guidance.askInfo',
      'guidance.forward',
      'guidance.escalate',
      'guidance.close',
    ]);
    for (const action of executes(card))
      expect(action.data).to.deep.equal({ requestId: REQUEST_ID, listId: 'none' });
    // The card has more than five buttons: they sit in two body action sets, none in the card's own bar.
    expect((card as JsonObject).actions).to.equal(undefined);
  });

  it('leaves out the buttons whose flag is off', () => {
    expect(verbsOf(json(render('guidance-item', 'assigneeInProgress', 'en')))).to.deep.equal([
      'guidance.answer',
      'guidance.askInfo',
      'guidance.forward',
      'guidance.escalate',
      'guidance.close',
    ]);
    expect(verbsOf(json(render('guidance-item', 'assigneeAwaitingInfo', 'nb')))).to.not.include.members([
      'guidance.take',
      'guidance.askInfo',
    ]);
    expect(verbsOf(json(render('guidance-item', 'askerAnswered', 'nb')))).to.deep.equal([
      'guidance.helpful',
      'guidance.followUp',
    ]);
    expect(verbsOf(json(render('guidance-item', 'askerAwaitingInfo', 'en')))).to.deep.equal([
      'guidance.provideInfo',
    ]);
    for (const variant of ['closedWithoutAnswer', 'closedHelpful'])
      expect(
        objectsOfType(json(render('guidance-item', variant, 'nb')), (type) => type.startsWith('Action.')),
      ).to.be.empty;
  });

  it('puts each inline form behind a ShowCard with its own input ids and submit verb', () => {
    expect(forms(json(render('guidance-item', 'assigneeOpenUrgentExternal', 'nb')))).to.deep.equal([
      ['guidance.answer', ['answerText']],
      ['guidance.askInfo', ['infoText']],
      ['guidance.forward', ['forwardTo', 'forwardReason']],
      ['guidance.escalate', ['escalateReason']],
      ['guidance.close', ['closeReason']],
    ]);
    expect(forms(json(render('guidance-item', 'askerAnswered', 'en')))).to.deep.equal([
      ['guidance.followUp', ['followUpText']],
    ]);
    expect(forms(json(render('guidance-item', 'askerAwaitingInfo', 'nb')))).to.deep.equal([
      ['guidance.provideInfo', ['provideText']],
    ]);
  });

  it('requires every text of a form, up to 4000 characters, and offers the forward choices', () => {
    const card = json(render('guidance-item', 'assigneeOpenUrgentExternal', 'en'));
    const texts = objectsOfType(card, (type) => type === 'Input.Text');
    expect(texts).to.have.length(5);
    for (const input of texts)
      expect(input).to.include({ isMultiline: true, isRequired: true, maxLength: 4000 });
    const [forwardTo] = objectsOfType(card, (type) => type === 'Input.ChoiceSet');
    expect(forwardTo?.isRequired).to.equal(true);
    expect(forwardTo?.choices).to.deep.equal(
      FIXTURES['guidance-item'].assigneeOpenUrgentExternal?.forwardChoices,
    );
  });

  it('reminds people of the privacy rule inside every form that takes free text', () => {
    for (const locale of LOCALES)
      for (const variant of ['assigneeOpenUrgentExternal', 'askerAnswered', 'askerAwaitingInfo'])
        for (const showCard of showCards(json(render('guidance-item', variant, locale)))) {
          const inner = showCard.card ?? null;
          if (objectsOfType(inner, (type) => type === 'Input.Text').length === 0) continue;
          expect(JSON.stringify(inner), `${variant}/${String(showCard.title)}`).to.include(
            t(locale, 'common.privacyReminder'),
          );
        }
  });

  it('shows the reference, the markers, the facts and the conversation oldest first', () => {
    const nb = JSON.stringify(render('guidance-item', 'assigneeOpenUrgentExternal', 'nb'));
    expect(nb)
      .to.include('Veiledningsforespørsel V-2026-0042')
      .and.include('"Haster"')
      .and.include('Ekstern henvendelse (politiet)')
      .and.include('Hanna Moen (RMA)')
      .and.include('Du har fått et nytt spørsmål.')
      .and.include('Spørsmål · Hanna Moen · 24. nov. 2026 kl. 09:12');
    expect(nb).not.to.include(t('nb', 'guidance.item.principled'));
    const answered = JSON.stringify(render('guidance-item', 'askerAnswered', 'en'));
    expect(answered.indexOf('Politiet har kontaktet oss')).to.be.below(
      answered.indexOf('Ja, refleksjonsperioden'),
    );
    expect(answered).to.include(t('en', 'guidance.item.askerAnswered'));
    expect(JSON.stringify(render('guidance-item', 'assigneeInProgress', 'nb')))
      .to.include('"Hanna Moen"')
      .and.not.include('Hanna Moen (');
  });

  it('marks an overdue deadline and both markers, and shows how a closed request ended', () => {
    const overdue = JSON.stringify(render('guidance-item', 'overdueWithBanner', 'nb'));
    expect(overdue)
      .to.include('20. nov. 2026 (over fristen)')
      .and.include('Haster · Prinsipielt spørsmål')
      .and.include('"style":"attention"');
    expect(JSON.stringify(render('guidance-item', 'overdueWithBanner', 'en'))).to.include('(overdue)');
    expect(JSON.stringify(render('guidance-item', 'assigneeOpenUrgentExternal', 'nb'))).not.to.include(
      '(over fristen)',
    );
    expect(JSON.stringify(render('guidance-item', 'closedWithoutAnswer', 'nb'))).to.include(
      'Lukket uten svar: Spørsmålet er besvart i møtet',
    );
    expect(JSON.stringify(render('guidance-item', 'closedHelpful', 'nb'))).to.include(
      'Lukket – svaret var til hjelp.',
    );
  });
});

describe('guidance form', () => {
  it('asks for topic, department, origin, source, urgency, question and the principled flag', () => {
    const card = json(render('guidance-form', 'prefilled', 'nb'));
    expect(inputIds(card)).to.deep.equal([
      'topicId',
      'askerDepartment',
      'origin',
      'externalSource',
      'urgency',
      'question',
      'principled',
    ]);
    expect(verbsOf(card)).to.deep.equal(['guidance.submit']);
    const byId = new Map(objectsOfType(card, (type) => type.startsWith('Input.')).map((i) => [i.id, i]));
    expect(byId.get('topicId')).to.include({ isRequired: true, value: '' });
    expect(byId.get('askerDepartment')?.value).to.equal('ASA');
    expect(byId.get('origin')).to.include({ style: 'expanded', value: 'internal' });
    expect(byId.get('origin')?.choices).to.deep.equal([
      { title: 'Intern', value: 'internal' },
      { title: 'Ekstern henvendelse', value: 'external' },
    ]);
    expect(byId.get('urgency')).to.include({ value: 'normal' });
    expect(byId.get('question')).to.include({ isRequired: true, isMultiline: true, maxLength: 4000 });
    expect(byId.get('principled')).to.include({ value: 'false', valueOn: 'true', valueOff: 'false' });
    const text = JSON.stringify(card);
    expect(text).to.include(t('nb', 'guidance.form.lineNote')).and.include(t('nb', 'common.privacyReminder'));
  });

  it('shows the error and keeps what the asker wrote', () => {
    const card = json(render('guidance-form', 'withError', 'en'));
    const values = objectsOfType(card, (type) => type.startsWith('Input.')).map((i) => [i.id, i.value]);
    expect(values).to.deep.equal([
      ['topicId', ''],
      ['askerDepartment', 'RMA'],
      ['origin', 'external'],
      ['externalSource', 'police'],
      ['urgency', 'urgent'],
      ['question', FIXTURES['guidance-form'].withError?.values?.question],
      ['principled', 'true'],
    ]);
    expect(JSON.stringify(card)).to.include('Velg hva spørsmålet gjelder.');
    expect(JSON.stringify(render('guidance-form', 'empty', 'nb'))).not.to.include('"style":"attention"');
  });
});

describe('guidance receipt', () => {
  it('gives the reference, who it went to and the deadline, with a button to the asker’s list', () => {
    const card = render('guidance-receipt', 'routed', 'nb');
    expect(JSON.stringify(card))
      .to.include('V-2026-0042')
      .and.include('Jonas Haugen')
      .and.include('27. nov. 2026')
      .and.include(t('nb', 'guidance.receipt.sentTo'));
    expect(verbsOf(json(card))).to.deep.equal(['guidance.mine']);
  });
});

describe('guidance lists', () => {
  const showData = (card: AdaptiveCardJson): unknown[] =>
    executes(json(card))
      .filter((a) => a.verb === 'guidance.show')
      .map((a) => a.data);

  it('say so when empty, per kind, and offer Ask only on the asker’s list', () => {
    for (const locale of LOCALES) {
      expect(JSON.stringify(render('guidance-list', 'mineEmpty', locale))).to.include(
        t(locale, 'guidance.lists.emptyMine'),
      );
      expect(JSON.stringify(render('guidance-list', 'queueEmpty', locale))).to.include(
        t(locale, 'guidance.lists.emptyQueue'),
      );
      expect(JSON.stringify(render('guidance-list', 'allEmpty', locale)))
        .to.include(t(locale, 'guidance.lists.emptyAll'))
        .and.include(t(locale, 'guidance.lists.principledNone'));
    }
    expect(verbsOf(json(render('guidance-list', 'mineEmpty', 'nb')))).to.deep.equal(['guidance.start']);
    expect(verbsOf(json(render('guidance-list', 'queueEmpty', 'nb')))).to.deep.equal([]);
    expect(JSON.stringify(render('guidance-list', 'mineFull', 'nb'))).not.to.include(
      t('nb', 'guidance.lists.emptyMine'),
    );
  });

  it('list every item with a Show button carrying only its id, age, deadline and who', () => {
    const mine = render('guidance-list', 'mineFull', 'nb');
    const fixture = FIXTURES['guidance-list'].mineFull;
    expect(showData(mine)).to.deep.equal(
      fixture?.items.map((i) => ({ requestId: i.requestId, listId: 'mine' })),
    );
    expect(verbsOf(json(mine)).at(-1)).to.equal('guidance.start');
    const text = JSON.stringify(mine);
    expect(text)
      .to.include('V-2026-0042 · Refleksjonstillatelse')
      .and.include('Under behandling · Hos Jonas Haugen · sendt for 2 d siden')
      .and.include('Frist 20. nov. 2026 – over fristen')
      .and.include('Frist 27. nov. 2026"')
      .and.include('Ny · Hos Ingrid Berg · sendt for 3 t siden · Prinsipielt');
    const queue = JSON.stringify(render('guidance-list', 'queueFullWithMore', 'en'));
    expect(queue)
      .to.include('Under behandling · From Hanna Moen · sendt for 2 d siden')
      .and.include('and 4 more');
    expect(JSON.stringify(render('guidance-list', 'mineFull', 'en'))).not.to.include(' more"');
  });

  it('give the UDI coordinator counts per department and the closed principled questions', () => {
    const all = render('guidance-list', 'allWithDepartments', 'nb');
    const text = JSON.stringify(all);
    expect(text)
      .to.include(t('nb', 'guidance.lists.departmentsHeading'))
      .and.include('4 åpne · 1 over fristen')
      .and.include('3 åpne · 2 over fristen')
      .and.include('V-2026-0011 · Prinsipielle og andre spørsmål')
      .and.include('lukket 15. okt. 2026')
      .and.not.include(t('nb', 'guidance.lists.principledNone'));
    const fixture = FIXTURES['guidance-list'].allWithDepartments;
    expect(showData(all)).to.deep.equal(
      [...(fixture?.items ?? []), ...(fixture?.principledClosed ?? [])].map((i) => ({
        requestId: i.requestId,
        listId: 'all',
      })),
    );
    expect(JSON.stringify(render('guidance-list', 'queueFullWithMore', 'nb')))
      .not.to.include(t('nb', 'guidance.lists.departmentsHeading'))
      .and.not.include(t('nb', 'guidance.lists.principledHeading'));
  });
});

describe('help card: guidance commands', () => {
  it('offers asking, the asker’s list and the queue to members (contact persons hold questions too), the queue to admins', () => {
    const contact = JSON.stringify(render('help', 'contactPersonal', 'nb'));
    expect(contact)
      .to.include('spør / ask')
      .and.include('mine saker / my questions')
      .and.include('kø / queue');
    expect(JSON.stringify(render('help', 'coordinatorTeam', 'en')))
      .to.include('ask / spør')
      .and.include('queue / kø');
    const adminOnly = JSON.stringify(render('help', 'adminOnlyPersonal', 'nb'));
    expect(adminOnly).to.include('kø / queue').and.not.include('spør / ask');
    expect(JSON.stringify(render('help', 'nonMemberPersonal', 'nb'))).not.to.include('spør / ask');
  });
});

describe('guidance catalog messages and notices', () => {
  const nb = new Map(catalogLeaves(catalog('nb')));
  const en = new Map(catalogLeaves(catalog('en')));

  it('have every message the code needs, in both languages', () => {
    const keys = [
      ...['open', 'in-progress', 'awaiting-info', 'answered', 'closed'].map((s) => `guidance.states.${s}`),
      'guidance.origins.internal',
      'guidance.origins.external',
      ...['police', 'ngo', 'lawyer', 'agency', 'other'].map((s) => `guidance.sources.${s}`),
      'guidance.urgency.normal',
      'guidance.urgency.urgent',
      ...['question', 'answer', 'info-request', 'info', 'follow-up', 'forward', 'escalate', 'note'].map(
        (k) => `guidance.messageKinds.${k}`,
      ),
      ...['withoutAnswer', 'helpful', 'done'].map((k) => `guidance.closed.${k}`),
      ...[
        'assigned',
        'dueSoon',
        'watching',
        'overdueCoordinator',
        'overdueUdi',
        'answered',
        'infoRequested',
        'reopened',
        'forwarded',
      ].map((k) => `guidance.banners.${k}`),
      ...['mineTitle', 'queueTitle', 'allTitle'].map((k) => `guidance.lists.${k}`),
      ...[
        'missing-topic',
        'unknown-topic',
        'empty-text',
        'text-too-long',
        'not-allowed-in-state',
        'same-assignee',
        'missing-assignee',
        'unknown-department',
        'unknown-source',
        'unknown-choice',
        'privacy',
        'no-assignee',
        'ineligible-assignee',
        'no-udi-coordinator',
      ].map((k) => `guidance.errors.${k}`),
      ...['ask', 'mine', 'queue'].flatMap((c) => [
        `guidance.help.commands.${c}.words`,
        `guidance.help.commands.${c}.text`,
      ]),
      ...['ownQuestion', 'ownRequest', 'alreadyAway', 'notAway'].flatMap((k) => [
        `notice.${k}.title`,
        `notice.${k}.text`,
      ]),
    ];
    for (const key of keys) {
      expect(nb.get(key), `nb: ${key}`).to.be.a('string');
      expect(en.get(key), `en: ${key}`).to.be.a('string');
    }
  });

  it('put the placeholders where the code fills them', () => {
    expect(placeholders(String(nb.get('guidance.origins.external')))).to.deep.equal(['source']);
    expect(placeholders(String(nb.get('guidance.closed.withoutAnswer')))).to.deep.equal(['reason']);
    expect(placeholders(String(nb.get('guidance.errors.text-too-long')))).to.deep.equal(['limit']);
    expect(t('nb', 'guidance.origins.external', { source: t('nb', 'guidance.sources.police') })).to.equal(
      'Ekstern henvendelse (politiet)',
    );
    expect(t('en', 'guidance.errors.text-too-long', { limit: 4000 })).to.include('4000');
  });

  it('build the notices of refusals and of being away with their styles', () => {
    expect(noticeData('nb', 'ownQuestion')).to.deep.include({
      title: 'Ditt eget spørsmål',
      style: 'default',
    });
    expect(noticeData('nb', 'ownRequest')).to.deep.include({
      title: 'Din egen forespørsel',
      style: 'warning',
    });
    expect(noticeData('en', 'notAway')).to.deep.include({ style: 'default', showHelp: false });
  });

  it('lets Cancel and Back to the list leave a form whatever its fields hold (no input validation)', () => {
    for (const variant of Object.keys(FIXTURES['guidance-item'])) {
      const card = json(render('guidance-item', variant, 'nb'));
      for (const action of executes(card))
        if (['guidance.show', 'guidance.mine', 'guidance.queue'].includes(String(action.verb)))
          expect(action.associatedInputs, `${variant} ${String(action.verb)}`).to.equal('none');
    }
  });

  it('shows a superseded receipt without buttons', () => {
    const card = json(render('guidance-receipt', 'superseded', 'nb'));
    expect(executes(card)).to.deep.equal([]);
    expect(executes(json(render('guidance-receipt', 'routed', 'nb'))).length).to.equal(1);
  });
});
