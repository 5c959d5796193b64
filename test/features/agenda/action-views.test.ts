/**
 * The follow-up action's card as the outbox renders it (actionItemViews) for each party: the button
 * only for the owner and the curators of the item's department while it is open, each banner, the
 * state once done, and a superseded card without buttons.
 */
import { expect } from 'chai';
import { createAppContext } from '../../../src/app/context.js';
import { t } from '../../../src/cards/i18n.js';
import type { AdaptiveCardJson } from '../../../src/cards/render.js';
import type { Person, Role } from '../../../src/domain/roster.js';
import { actionItemViews, actionVerbs } from '../../../src/features/agenda/action-verbs.js';
import { actionBannerOf, maySeeAction } from '../../../src/features/agenda/action-views.js';
import {
  closeAction,
  type FollowUpAction,
  newFollowUpAction,
} from '../../../src/features/agenda/agenda-actions.js';
import { type AgendaItem, newAgendaItem } from '../../../src/features/agenda/agenda-items.js';
import { ACTION_VIEW } from '../../../src/features/agenda/agenda-jobs.js';
import { AGENDA_STORE, agendaIn } from '../../../src/features/agenda/agenda-store.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import { combineStoreParts } from '../../../src/store/store-parts.js';
import { type Json, objectsOfType } from '../../cards/card-checks.js';

const person = (aadObjectId: string, displayName: string, ...roles: Role[]): Person => ({
  aadObjectId,
  displayName,
  roles,
  since: '2026-01-01T00:00:00.000Z',
});
const PEOPLE = [
  person('udi', 'Kari UDI', { kind: 'coordinator', department: 'AUA' }),
  person('opa', 'Ola OPA', { kind: 'coordinator', department: 'OPA' }),
  person('asa', 'Asle ASA', { kind: 'coordinator', department: 'ASA' }),
  person('rma', 'Randi RMA', { kind: 'coordinator', department: 'RMA' }),
  person('family', 'Fia Familie', { kind: 'contact', department: 'OPA', unitId: 'opa-family' }),
  person('east', 'Erik Øst', { kind: 'contact', department: 'RMA', unitId: 'rma-region-east' }),
];

const AT = '2027-01-12T09:00:00.000Z';
/** Raised by the RMA contact (RMA's items), the action given to ASA's coordinator by the UDI coordinator. */
const ITEM: AgendaItem = newAgendaItem(
  'item-1',
  'S-2027-0003',
  {
    title: 'Lik praksis for refleksjonsperiode',
    description: 'Regionene praktiserer ulikt.',
    agendaKind: 'principled',
    department: 'RMA',
    forum: 'coordinators',
    urgent: false,
    minutes: 20,
  },
  'east',
  '2027-01-02T09:00:00.000Z',
);
const ACTION: FollowUpAction = newFollowUpAction(
  'action-1',
  'T-2027-0001',
  {
    what: 'Lag et utkast til felles rutine',
    owner: 'asa',
    due: '2027-01-15',
    fromItem: ITEM.id,
    department: 'RMA',
  },
  'udi',
  AT,
);

const asJson = (card: unknown) => card as Json;
const texts = (card: unknown) =>
  objectsOfType(asJson(card), (type) => type === 'TextBlock' || type === 'FactSet')
    .map((o) => JSON.stringify(o))
    .join('\n');
const verbs = (card: unknown) =>
  objectsOfType(asJson(card), (type) => type.startsWith('Action.')).map((a) => String(a.verb ?? a.type));

async function setup(now = '2027-01-13T09:00:00.000Z') {
  const store = createMemoryStore(undefined, { parts: combineStoreParts([AGENDA_STORE]) });
  await store.run(async (uow) => {
    for (const p of PEOPLE) await uow.people.put(p);
    await agendaIn(uow).putItem(ITEM);
    await agendaIn(uow).putAction(ACTION);
  });
  const clock = { now: new Date(now) };
  const app = createAppContext({ store, adminAadObjectIds: [], now: () => clock.now, newId: () => 'x' });
  const views = actionItemViews(app)[0]!;
  const render = (
    action: FollowUpAction,
    to: string,
    notification: { banner?: string; superseded?: true; view?: string } = {},
    locale = 'nb-NO',
  ) =>
    store.read((uow) =>
      views.render(
        uow,
        action,
        { kind: 'person', aadObjectId: to },
        { view: ACTION_VIEW, ...notification },
        locale,
      ),
    ) as Promise<AdaptiveCardJson | undefined>;
  return { app, store, clock, render };
}

const nb = (key: string, vars?: Record<string, string | number>) => t('nb', key, vars);
const done = (): FollowUpAction => {
  const closed = closeAction(ACTION, 'asa', '2027-01-14T10:00:00.000Z');
  if (!closed.ok) throw new Error('not closed');
  return closed.action;
};

describe('agenda: the follow-up action card', () => {
  it('registers the two verbs and renders the agenda-action kind only for its view and a person', async () => {
    expect(Object.keys(actionVerbs).sort()).to.deep.equal(['agenda.closeAction', 'agenda.showAction']);
    expect(actionVerbs['agenda.closeAction']?.mode).to.equal('act');
    expect(actionVerbs['agenda.closeAction']?.reads).to.deep.equal(['actionId']);
    expect(actionVerbs['agenda.showAction']?.mode).to.equal('read');
    const { render, store, app } = await setup();
    expect(await render(ACTION, 'asa', { view: 'agenda-item' })).to.equal(undefined);
    const channel = await store.read((uow) =>
      actionItemViews(app)[0]!.render(uow, ACTION, { kind: 'networkChannel' }, { view: ACTION_VIEW }, 'nb'),
    );
    expect(channel).to.equal(undefined);
  });

  it('shows what, the owner, the due date in Oslo, the state and the item it came from', async () => {
    const { render } = await setup();
    const card = await render(ACTION, 'asa');
    const text = texts(card);
    expect(text).to.include('Lag et utkast til felles rutine');
    expect(text).to.include('Asle ASA');
    expect(text).to.include('fredag 15. januar 2027');
    expect(text).to.include(nb('agenda.action.states.open'));
    expect(text).to.include('S-2027-0003 Lik praksis for refleksjonsperiode');
    expect(text).to.include('T-2027-0001');
    const english = texts(await render(ACTION, 'asa', {}, 'en-US'));
    expect(english).to.include('Friday 15 January 2027').and.include(t('en', 'agenda.action.states.open'));
  });

  it('offers "Merk som gjort" to the owner and the curators of the item’s department only, with the action id', async () => {
    const { render } = await setup();
    const shown: Record<string, string[]> = {};
    for (const p of PEOPLE) shown[p.aadObjectId] = verbs(await render(ACTION, p.aadObjectId));
    expect(shown).to.deep.equal({
      udi: ['agenda.closeAction'],
      opa: [],
      asa: ['agenda.closeAction'],
      rma: ['agenda.closeAction'],
      family: [],
      east: [],
    });
    const card = await render(ACTION, 'asa');
    const [button] = objectsOfType(asJson(card), (type) => type === 'Action.Execute');
    expect(button?.data).to.deep.equal({ actionId: 'action-1' });
    expect(button?.title).to.equal(nb('agenda.action.close'));
  });

  it('says why it came: assigned (by whom), due soon, overdue to the UDI coordinator (naming the owner)', async () => {
    const { render, clock } = await setup();
    expect(texts(await render(ACTION, 'asa', { banner: 'assigned' }))).to.include(
      nb('agenda.action.banners.assigned', { name: 'Kari UDI' }),
    );
    expect(texts(await render(ACTION, 'asa', { banner: 'due-soon' }))).to.include(
      nb('agenda.action.banners.due-soon', { date: 'fredag 15. januar 2027' }),
    );
    clock.now = new Date('2027-01-18T08:00:00.000Z');
    const overdue = await render(ACTION, 'udi', { banner: 'overdue' });
    expect(texts(overdue)).to.include(
      nb('agenda.action.banners.overdue', { date: 'fredag 15. januar 2027', name: 'Asle ASA' }),
    );
    expect(texts(overdue)).to.include(nb('agenda.action.states.overdue'));
    expect(verbs(overdue)).to.deep.equal(['agenda.closeAction']);
    // Unknown codes show no banner.
    expect(actionBannerOf('whatever')).to.equal(undefined);
    const plain = texts(await render(ACTION, 'asa', { banner: 'whatever' }));
    for (const key of ['assigned', 'due-soon', 'done', 'closed'])
      expect(plain).not.to.include(
        nb(`agenda.action.banners.${key}`, { name: 'Kari UDI', date: 'fredag 15. januar 2027' }),
      );
  });

  it('tells the submitter it is done, with the date and who did it, and offers nobody a button once done', async () => {
    const { render } = await setup();
    const card = await render(done(), 'east', { banner: 'done' });
    expect(texts(card)).to.include(nb('agenda.action.banners.done'));
    expect(texts(card)).to.include(
      nb('agenda.action.states.done', { date: 'torsdag 14. januar 2027', name: 'Asle ASA' }),
    );
    for (const p of PEOPLE)
      expect(verbs(await render(done(), p.aadObjectId)), p.aadObjectId).to.deep.equal([]);
    // A reminder rendered after it was done reminds of nothing.
    const late = texts(await render(done(), 'asa', { banner: 'due-soon' }));
    expect(late).not.to.include(nb('agenda.action.banners.due-soon', { date: 'fredag 15. januar 2027' }));
  });

  it('a superseded card has no button, no banner, and says a newer card came', async () => {
    const { render } = await setup();
    const card = await render(ACTION, 'asa', { banner: 'due-soon', superseded: true });
    expect(verbs(card)).to.deep.equal([]);
    expect(texts(card)).to.include(nb('agenda.action.superseded'));
    expect(texts(card)).not.to.include(
      nb('agenda.action.banners.due-soon', { date: 'fredag 15. januar 2027' }),
    );
  });

  it('lets the owner, the curators of the department and the submitter see it; nobody else', () => {
    const seen = Object.fromEntries(PEOPLE.map((p) => [p.aadObjectId, maySeeAction(p, ACTION, ITEM)]));
    expect(seen).to.deep.equal({ udi: true, opa: false, asa: true, rma: true, family: false, east: true });
    expect(maySeeAction(undefined, ACTION, ITEM)).to.equal(false);
  });
});
