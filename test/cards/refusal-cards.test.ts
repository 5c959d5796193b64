/**
 * Issue 7.1 "a refusal throws the card away", the layout: the views render a refused form as the
 * same form, the offending field empty, the other fields as typed, and the message right under the
 * field (the TextBlock immediately after the input in the card body), in both languages. Also the
 * layout parts of 7.6 (forward picker titles, the away note, the history headings).
 *
 * Rendered through src/views (what the bot sends), inspected as JSON, validated with the
 * `adaptivecards` package.
 */
import { expect } from 'chai';
import type { UnitTexts } from '../../src/app/units.js';
import { LOCALES, t } from '../../src/cards/i18n.js';
import { DEFAULT_UNITS } from '../../src/domain/default-units.js';
import type {
  GuidanceFormModel,
  GuidanceFormState,
  GuidanceView,
} from '../../src/features/guidance/guidance.js';
import {
  applyGuidanceAction,
  type GuidanceActionKind,
  type GuidanceRequest,
  newGuidanceRequest,
} from '../../src/features/guidance/guidance-requests.js';
import { DEFAULT_TOPICS } from '../../src/features/guidance/guidance-topics.js';
import { guidanceFormCard, guidanceItemCard } from '../../src/features/guidance/guidance-views.js';
import type { JoinFormModel } from '../../src/features/join/join.js';
import { joinFormCard } from '../../src/features/join/join-views.js';
import { unitsEditorCard } from '../../src/views/cards.js';
import { textOf, verbsOf } from '../support/card-inspect.js';
import {
  choicesOf,
  elementAfter,
  errorAfter,
  showCards,
  visibleButtons,
  visibleFlow,
  visibleInput,
} from '../support/ux.js';
import { adaptiveCardsProblems, type Json } from './card-checks.js';

const NOW = Date.parse('2026-11-24T09:00:00.000Z');
const ASKER = 'aad-asker';
const ASSIGNEE = 'aad-assignee';
const OLA = 'aad-ola';
const VERA = 'aad-vera';

function valid(card: unknown): void {
  expect(adaptiveCardsProblems(JSON.parse(JSON.stringify(card)) as Json)).to.deep.equal([]);
}

/** Every visible error TextBlock (color Attention, bold) stands right after an input or another error. */
function errorsStandUnderInputs(card: unknown): void {
  const flow = visibleFlow(card);
  flow.forEach((node, i) => {
    if (node.type !== 'TextBlock' || node.color !== 'Attention' || node.weight !== 'Bolder') return;
    const before = flow[i - 1];
    expect(String(before?.type), String(node.text)).to.match(/^Input\./);
  });
}

// ---- the question form -----------------------------------------------------------------------------

function questionForm(problems: GuidanceFormModel['problems']): GuidanceFormModel {
  return {
    topics: [...DEFAULT_TOPICS],
    values: {
      topicId: 'family-immigration',
      askerDepartment: 'RMA',
      origin: 'external',
      externalSource: 'police',
      urgency: 'urgent',
      question: '',
      principled: true,
    },
    ...(problems ? { problems } : {}),
  };
}

describe('refusal cards: the question form (7.1)', () => {
  for (const locale of LOCALES) {
    it(`puts the privacy message right under the emptied question and keeps every other value (${locale})`, () => {
      const card = guidanceFormCard(locale, questionForm([{ code: 'privacy', field: 'question' }]));
      valid(card);
      expect(verbsOf(card)).to.deep.equal(['guidance.submit']);
      expect(visibleInput(card, 'question')?.value).to.equal('');
      expect(errorAfter(card, 'question')).to.equal(t(locale, 'guidance.errors.privacy'));
      expect(visibleInput(card, 'topicId')?.value).to.equal('family-immigration');
      expect(visibleInput(card, 'askerDepartment')?.value).to.equal('RMA');
      expect(visibleInput(card, 'origin')?.value).to.equal('external');
      expect(visibleInput(card, 'externalSource')?.value).to.equal('police');
      expect(visibleInput(card, 'urgency')?.value).to.equal('urgent');
      expect(visibleInput(card, 'principled')?.value).to.equal('true');
      for (const id of ['topicId', 'askerDepartment', 'externalSource'])
        expect(errorAfter(card, id), id).to.equal(undefined);
      errorsStandUnderInputs(card);
    });
  }

  it('says that identity and DUF numbers belong in DUF only', () => {
    expect(t('nb', 'guidance.errors.privacy')).to.include('hører bare hjemme i DUF');
    expect(t('en', 'guidance.errors.privacy')).to.include('belong in DUF only');
  });

  it('puts each problem under its own field, and a problem of the whole form above the send button', () => {
    const card = guidanceFormCard('nb', {
      ...questionForm([
        { code: 'missing-topic', field: 'topicId' },
        { code: 'unknown-department', field: 'askerDepartment' },
        { code: 'unknown-source', field: 'externalSource' },
        { code: 'empty-text', field: 'question' },
        { code: 'no-assignee' },
      ]),
    });
    valid(card);
    expect(errorAfter(card, 'topicId')).to.equal(t('nb', 'guidance.errors.missing-topic'));
    expect(errorAfter(card, 'askerDepartment')).to.equal(t('nb', 'guidance.errors.unknown-department'));
    expect(errorAfter(card, 'externalSource')).to.equal(t('nb', 'guidance.errors.unknown-source'));
    expect(errorAfter(card, 'question')).to.equal(t('nb', 'guidance.errors.empty-text'));
    // The form's own problem is the last thing before the send button.
    const flow = visibleFlow(card);
    expect(flow.at(-1)).to.include({ type: 'TextBlock', text: t('nb', 'guidance.errors.no-assignee') });
  });

  it('shows no message at all when nothing is wrong', () => {
    const card = guidanceFormCard('nb', questionForm(undefined));
    for (const id of ['topicId', 'askerDepartment', 'externalSource', 'question'])
      expect(errorAfter(card, id), id).to.equal(undefined);
  });
});

// ---- the item card with an inline form open --------------------------------------------------------

function request(state: 'open' | 'answered' | 'awaiting-info' = 'open'): GuidanceRequest {
  const created = newGuidanceRequest({
    id: 'req-1',
    reference: 'V-2026-0007',
    topicId: 'family-immigration',
    asker: ASKER,
    origin: 'internal',
    urgency: 'normal',
    question: 'Hvilke rutiner gjelder for refleksjonsperiode?',
    assignee: ASSIGNEE,
    dueDate: '2026-11-27',
    at: '2026-11-24T09:00:00.000Z',
  });
  if (!created.ok) throw new Error('fixture');
  if (state === 'open') return created.value;
  const step =
    state === 'answered'
      ? applyGuidanceAction(
          created.value,
          { kind: 'answer', text: 'Se rundskrivet.' },
          ASSIGNEE,
          '2026-11-24T10:00:00.000Z',
        )
      : applyGuidanceAction(
          created.value,
          { kind: 'ask-for-info', text: 'Hvilket land?' },
          ASSIGNEE,
          '2026-11-24T10:00:00.000Z',
        );
  if (!step.ok) throw new Error('fixture');
  return step.value;
}

function view(viewer: GuidanceView['viewer'], actions: GuidanceActionKind[], req = request()): GuidanceView {
  return {
    request: req,
    topicName: { nb: 'Familieinnvandring', en: 'Family immigration' },
    names: { [ASKER]: 'Rita Region', [ASSIGNEE]: 'Fia Familie', [OLA]: 'Ola OPA', [VERA]: 'Vera Visum' },
    viewer,
    actions,
    forwardChoices: actions.includes('forward')
      ? [
          {
            aadObjectId: OLA,
            name: 'Ola OPA',
            roles: [{ role: { kind: 'coordinator', department: 'OPA' } }],
          },
          {
            aadObjectId: VERA,
            name: 'Vera Visum',
            roles: [
              {
                role: { kind: 'contact', department: 'OPA', unitId: 'opa-visa-work-study' },
                unitName: { nb: 'Område for visum', en: 'Visa area' },
              },
            ],
          },
        ]
      : [],
    awayNames: ['Asle ASA'],
  };
}

const ASSIGNEE_ACTIONS: GuidanceActionKind[] = [
  'take',
  'answer',
  'ask-for-info',
  'forward',
  'escalate',
  'close',
];

const FORMS: {
  form: GuidanceFormState['action'];
  text: string;
  verb: string;
  viewer: 'assignee' | 'asker';
  state: 'open' | 'answered' | 'awaiting-info';
}[] = [
  { form: 'answer', text: 'answerText', verb: 'guidance.answer', viewer: 'assignee', state: 'open' },
  { form: 'ask-for-info', text: 'infoText', verb: 'guidance.askInfo', viewer: 'assignee', state: 'open' },
  { form: 'forward', text: 'forwardReason', verb: 'guidance.forward', viewer: 'assignee', state: 'open' },
  { form: 'escalate', text: 'escalateReason', verb: 'guidance.escalate', viewer: 'assignee', state: 'open' },
  { form: 'close', text: 'closeReason', verb: 'guidance.close', viewer: 'assignee', state: 'open' },
  {
    form: 'provide-info',
    text: 'provideText',
    verb: 'guidance.provideInfo',
    viewer: 'asker',
    state: 'awaiting-info',
  },
  { form: 'follow-up', text: 'followUpText', verb: 'guidance.followUp', viewer: 'asker', state: 'answered' },
];

function viewFor(spec: (typeof FORMS)[number]): GuidanceView {
  const actions: GuidanceActionKind[] =
    spec.viewer === 'asker'
      ? spec.state === 'answered'
        ? ['mark-helpful', 'follow-up']
        : ['provide-info']
      : ASSIGNEE_ACTIONS;
  return view(spec.viewer, actions, request(spec.state));
}

describe('refusal cards: an inline form on the item card (7.1)', () => {
  for (const locale of LOCALES)
    it(`an answer refused for privacy: the answer form open in the card, empty, the message under it, the conversation, Send and Cancel (${locale})`, () => {
      const card = guidanceItemCard(locale, view('assignee', ASSIGNEE_ACTIONS), NOW, {
        listId: 'queue',
        form: { action: 'answer', values: {}, problems: [{ code: 'privacy', field: 'answerText' }] },
      });
      valid(card);
      expect(visibleInput(card, 'answerText')?.value).to.equal('');
      expect(errorAfter(card, 'answerText')).to.equal(t(locale, 'guidance.errors.privacy'));
      expect(textOf(card)).to.include('Hvilke rutiner gjelder for refleksjonsperiode?');
      // Only this form: the other buttons and forms are put away meanwhile.
      expect(showCards(card)).to.deep.equal([]);
      const buttons = visibleButtons(card);
      expect(buttons.map((b) => [b.verb, b.title])).to.deep.equal([
        ['guidance.answer', t(locale, 'guidance.item.forms.sendAnswer')],
        ['guidance.show', t(locale, 'guidance.item.forms.cancel')],
        ['guidance.queue', t(locale, 'guidance.item.backToList')],
      ]);
      for (const button of buttons.slice(0, 2))
        expect(button.data).to.deep.equal({ requestId: 'req-1', listId: 'queue' });
      errorsStandUnderInputs(card);
    });

  for (const spec of FORMS)
    it(`the ${spec.form} form opens with its own text field (${spec.text}), what was typed, the message under it, and sends ${spec.verb}`, () => {
      const typed =
        spec.form === 'forward'
          ? { forwardTo: OLA, forwardReason: 'x'.repeat(4001) }
          : { [spec.text]: 'x'.repeat(4001) };
      const card = guidanceItemCard('nb', viewFor(spec), NOW, {
        form: {
          action: spec.form,
          values: typed,
          problems: [{ code: 'text-too-long', field: spec.text as never }],
        },
      });
      valid(card);
      expect(visibleInput(card, spec.text)?.value).to.equal('x'.repeat(4001));
      expect(errorAfter(card, spec.text)).to.equal(t('nb', 'guidance.errors.text-too-long', { limit: 4000 }));
      expect(visibleButtons(card).map((b) => b.verb)).to.deep.equal([spec.verb, 'guidance.show']);
      expect(showCards(card)).to.deep.equal([]);
      if (spec.form === 'forward') {
        expect(visibleInput(card, 'forwardTo')?.value).to.equal(OLA);
        expect(errorAfter(card, 'forwardTo')).to.equal(undefined);
      }
    });

  it('forwarding to someone who cannot take it: the picker emptied, the message under it, the reason kept, the away note', () => {
    const card = guidanceItemCard('nb', view('assignee', ASSIGNEE_ACTIONS), NOW, {
      form: {
        action: 'forward',
        values: { forwardReason: 'Gjelder OPA' },
        problems: [{ code: 'ineligible-assignee', field: 'forwardTo' }],
      },
    });
    valid(card);
    expect(visibleInput(card, 'forwardTo')?.value).to.equal('');
    expect(errorAfter(card, 'forwardTo')).to.equal(t('nb', 'guidance.errors.ineligible-assignee'));
    expect(visibleInput(card, 'forwardReason')?.value).to.equal('Gjelder OPA');
    expect(errorAfter(card, 'forwardReason')).to.equal(undefined);
    expect(textOf(card)).to.include(t('nb', 'guidance.item.forms.awayNow', { names: 'Asle ASA' }));
    errorsStandUnderInputs(card);
  });

  it('a problem with no field (nobody to escalate to) stands under the open form', () => {
    const card = guidanceItemCard('en', view('assignee', ASSIGNEE_ACTIONS), NOW, {
      form: {
        action: 'escalate',
        values: { escalateReason: 'Principled' },
        problems: [{ code: 'no-udi-coordinator' }],
      },
    });
    valid(card);
    expect(visibleInput(card, 'escalateReason')?.value).to.equal('Principled');
    expect(textOf(card)).to.include(t('en', 'guidance.errors.no-udi-coordinator'));
    const flow = visibleFlow(card);
    const at = flow.findIndex((n) => n.text === t('en', 'guidance.errors.no-udi-coordinator'));
    expect(flow[at - 1]).to.include({ type: 'Input.Text', id: 'escalateReason' });
  });

  it('does not open a form the viewer may not use (the asker never gets the answer form)', () => {
    const card = guidanceItemCard('nb', view('asker', []), NOW, {
      form: { action: 'answer', values: {}, problems: [{ code: 'privacy', field: 'answerText' }] },
    });
    expect(visibleInput(card, 'answerText')).to.equal(undefined);
    expect(verbsOf(card)).not.to.include('guidance.answer');
  });

  it('a problem that belongs to no form (the request moved on) is shown as an attention banner on the normal card', () => {
    const card = guidanceItemCard('nb', view('assignee', ASSIGNEE_ACTIONS), NOW, {
      problem: 'not-allowed-in-state',
    });
    valid(card);
    const banner = visibleFlow(card).find((n) => n.text === t('nb', 'guidance.errors.not-allowed-in-state'));
    expect(banner).to.include({ color: 'Attention' });
    expect(showCards(card).length).to.be.greaterThan(0);
  });
});

// ---- the join form and the units editor -------------------------------------------------------------

function joinForm(problems: JoinFormModel['problems'], values: JoinFormModel['values']): JoinFormModel {
  return { units: [...DEFAULT_UNITS], currentRoles: [], values, problems };
}

describe('refusal cards: the join form and the units editor (7.1)', () => {
  for (const locale of LOCALES)
    it(`join form: a missing unit is named under the unit field, not the department field (${locale})`, () => {
      const card = joinFormCard(
        locale,
        joinForm([{ code: 'missing-unit', field: 'unitId' }], { role: 'contact' }),
      );
      valid(card);
      expect(errorAfter(card, 'unitId')).to.equal(t(locale, 'join.errors.missing-unit'));
      expect(errorAfter(card, 'department')).to.equal(undefined);
      expect(errorAfter(card, 'role')).to.equal(undefined);
      expect(visibleInput(card, 'role')?.value).to.equal('contact');
      errorsStandUnderInputs(card);
    });

  it('join form: each problem under its field, a pending request above the send button', () => {
    const card = joinFormCard(
      'nb',
      joinForm(
        [
          { code: 'missing-role', field: 'role' },
          { code: 'privacy', field: 'department' },
          { code: 'unknown-unit', field: 'unitId' },
          { code: 'already-pending' },
        ],
        { role: '', department: '', unitId: 'opa-family' },
      ),
    );
    valid(card);
    expect(errorAfter(card, 'role')).to.equal(t('nb', 'join.errors.missing-role'));
    expect(errorAfter(card, 'department')).to.equal(t('nb', 'join.errors.privacy'));
    expect(errorAfter(card, 'unitId')).to.equal(t('nb', 'join.errors.unknown-unit'));
    expect(visibleInput(card, 'unitId')?.value).to.equal('opa-family');
    expect(visibleFlow(card).at(-1)).to.include({ text: t('nb', 'join.errors.already-pending') });
  });

  const texts: UnitTexts = {
    OPA: 'Område for familieinnvandring',
    ASA: 'Vedtaksenhet 1\nVedtaksenhet 1',
    RMA: 'Returenheten',
  };

  for (const locale of LOCALES)
    it(`units editor: a duplicate line is named under that department's list only, with every list as typed (${locale})`, () => {
      const card = unitsEditorCard(locale, texts, [{ code: 'duplicate', department: 'ASA', line: 2 }]);
      valid(card);
      expect(errorAfter(card, 'units-ASA')).to.equal(t(locale, 'units.errors.duplicate', { line: 2 }));
      expect(errorAfter(card, 'units-OPA')).to.equal(undefined);
      expect(errorAfter(card, 'units-RMA')).to.equal(undefined);
      for (const department of ['OPA', 'ASA', 'RMA'] as const)
        expect(visibleInput(card, `units-${department}`)?.value).to.equal(texts[department]);
      // The label of the list says which department it is; the message is next to it.
      expect(visibleInput(card, 'units-ASA')?.label).to.equal(t(locale, 'department.ASA'));
      errorsStandUnderInputs(card);
    });

  it('units editor: the privacy message under the list that was refused', () => {
    const card = unitsEditorCard('nb', texts, [{ code: 'privacy', department: 'OPA' }]);
    valid(card);
    expect(errorAfter(card, 'units-OPA')).to.equal(t('nb', 'units.errors.privacy'));
    expect(elementAfter(card, 'units-ASA')?.type).not.to.equal('TextBlock');
  });
});

// ---- 7.6 the forward picker and the history ----------------------------------------------------------

describe('forwarding that can be followed: the picker and the history (7.6)', () => {
  const forwarded = (() => {
    const step = applyGuidanceAction(
      request(),
      { kind: 'forward', to: OLA, reason: 'Gjelder OPA sine rutiner' },
      ASSIGNEE,
      '2026-11-24T10:00:00.000Z',
    );
    if (!step.ok) throw new Error('fixture');
    const escalated = applyGuidanceAction(
      step.value,
      { kind: 'escalate', udiCoordinator: VERA, reason: 'Prinsipiell praksis' },
      OLA,
      '2026-11-24T11:00:00.000Z',
    );
    if (!escalated.ok) throw new Error('fixture');
    return escalated.value;
  })();

  for (const locale of LOCALES)
    it(`titles each choice with name and role/unit, and names who is away (${locale})`, () => {
      const card = guidanceItemCard(locale, view('assignee', ASSIGNEE_ACTIONS), NOW);
      const titles = choicesOf(card, 'forwardTo').map((c) => c.title);
      expect(titles).to.deep.equal([
        `Ola OPA · ${t(locale, 'role.coordinator')} · OPA`,
        `Vera Visum · ${t(locale, 'role.contact')} · OPA · ${locale === 'nb' ? 'Område for visum' : 'Visa area'}`,
      ]);
      expect(textOf(card)).to.include(t(locale, 'guidance.item.forms.awayNow', { names: 'Asle ASA' }));
    });

  for (const locale of LOCALES)
    it(`heads forwarding and escalation in the history with who it went to, and shows the reason (${locale})`, () => {
      const card = guidanceItemCard(locale, view('other', [], forwarded), NOW);
      const text = textOf(card);
      expect(text).to.include(t(locale, 'guidance.messageKinds.forward', { name: 'Ola OPA' }));
      expect(text).to.include(t(locale, 'guidance.messageKinds.escalate', { name: 'Vera Visum' }));
      expect(text).to.include('Gjelder OPA sine rutiner').and.include('Prinsipiell praksis');
      expect(text).not.to.include(t(locale, 'guidance.messageKinds.note'));
    });
});

describe('the guidance card names the asker with their department once', () => {
  it('reads "Rita Region (RMA)", not "Rita Region (Region- og mottaksavdelingen (RMA))" (seen in the Playground)', () => {
    const req = { ...request(), askerDepartment: 'RMA' as const };
    for (const locale of LOCALES) {
      const text = textOf(guidanceItemCard(locale, view('assignee', ASSIGNEE_ACTIONS, req), NOW));
      expect(text, locale).to.include('Rita Region (RMA)');
      expect(text, locale).not.to.include('(RMA))');
    }
  });
});
