/**
 * The network itself, as a feature: who is who (`medlemmer`), marking oneself away and back, the
 * network channel, the unit list (administrators), and delivery health with dead letters
 * (coordinators). The roster, the units and the outbox are the shared core; this module is their
 * cards, verbs and commands.
 */
import type { AppContext } from '../../app/context.js';
import { deliveryStatus, retryDeadLetters } from '../../app/delivery.js';
import { type ActionRequest, act, type Feature, read, textOf } from '../../app/feature.js';
import { listMembers, setAway } from '../../app/members.js';
import { setNetworkChannel } from '../../app/network-channel.js';
import type { Turn } from '../../app/turn.js';
import { editUnits, saveUnits, type UnitTexts } from '../../app/units.js';
import { EDITABLE_DEPARTMENTS, type EditableDepartment } from '../../domain/unit-list.js';
import { deliveryCard, membersCard, noticeCard, unitsEditorCard } from '../../views/cards.js';
import { refuse } from '../../views/refusal.js';

const UNIT_INPUTS = EDITABLE_DEPARTMENTS.map((department) => `units-${department}`);

async function away(app: AppContext, turn: Turn, request: ActionRequest, isAway: boolean) {
  const result = await setAway(app, turn.uow, request.caller, isAway);
  if (!result.ok) return refuse(app, turn, request, result.error);
  if (!result.changed && !turn.duplicate)
    return noticeCard(request.locale, isAway ? 'alreadyAway' : 'notAway');
  return noticeCard(request.locale, isAway ? 'awaySet' : 'awayCleared');
}

export const networkFeature: Feature = {
  name: 'network',
  verbs: {
    'members.show': read(async (app, turn, request) => {
      const result = await listMembers(app, turn.uow, request.caller);
      if (!result.ok) return refuse(app, turn, request, result.error);
      return membersCard(request.locale, result.people, result.units);
    }),

    'channel.setNetwork': act([], async (app, turn, request) => {
      const { caller, locale, scope, channel } = request;
      if (scope !== 'team' || !channel) return noticeCard(locale, 'channelOnlyInTeam');
      const result = await setNetworkChannel(app, turn.uow, caller, channel);
      if (!result.ok) return refuse(app, turn, request, result.error);
      return noticeCard(locale, 'channelSet');
    }),

    'delivery.show': read(async (app, turn, request) => {
      const result = await deliveryStatus(app, turn.uow, request.caller);
      if (!result.ok) return refuse(app, turn, request, result.error);
      return deliveryCard(request.locale, result.status, app.now().getTime());
    }),

    'delivery.retry': act([], async (app, turn, request) => {
      const { caller, locale } = request;
      if (turn.duplicate) return noticeCard(locale, 'stale');
      const result = await retryDeadLetters(app, turn.uow, caller);
      if (!result.ok) return refuse(app, turn, request, result.error);
      if (result.count === 0) return noticeCard(locale, 'nothingToRetry');
      return noticeCard(locale, 'deliveryRetried', { count: result.count });
    }),

    'units.edit': read(async (app, turn, request) => {
      const { caller, locale, scope } = request;
      if (scope !== 'personal') return noticeCard(locale, 'personalOnly');
      const result = await editUnits(app, turn.uow, caller);
      if (!result.ok) return refuse(app, turn, request, result.error);
      return unitsEditorCard(locale, result.texts);
    }),

    'units.save': act(UNIT_INPUTS, async (app, turn, request) => {
      const { caller, locale, data, refused } = request;
      if (turn.duplicate) {
        const current = await editUnits(app, turn.uow, caller);
        return current.ok
          ? unitsEditorCard(locale, current.texts)
          : refuse(app, turn, request, current.error);
      }
      const texts: Partial<UnitTexts> = {};
      // Teams leaves an input that was emptied out of the data: the editor shows every list, so a
      // missing one is an empty one (refused, "the list needs at least one unit"), not "no change".
      for (const department of EDITABLE_DEPARTMENTS)
        texts[department] = textOf(data[`units-${department}`]) ?? '';
      const refusedDepartments = refused.map((input) => input.slice('units-'.length) as EditableDepartment);
      const result = await saveUnits(app, turn.uow, caller, texts, refusedDepartments);
      if (result.ok) return noticeCard(locale, 'unitsSaved');
      if (result.error === 'invalid') return unitsEditorCard(locale, result.texts, result.problems);
      return refuse(app, turn, request, result.error);
    }),
  },
  commands: [
    {
      name: 'members',
      words: ['members', 'medlemmer', 'medlemsliste', 'member list', 'who is who', 'hvem er hvem'],
      run: { verb: 'members.show' },
    },
    {
      name: 'delivery',
      words: ['delivery', 'levering', 'leveranse', 'leveringsstatus', 'delivery status'],
      run: { verb: 'delivery.show' },
    },
    {
      name: 'away',
      words: ['away', 'borte', 'fraværende', 'fravær', 'jeg er borte', 'out of office'],
      run: { mode: 'act', cards: async (app, turn, request) => [await away(app, turn, request, true)] },
    },
    {
      name: 'back',
      words: ['back', 'tilbake', 'jeg er tilbake', 'i am back'],
      run: { mode: 'act', cards: async (app, turn, request) => [await away(app, turn, request, false)] },
    },
    {
      name: 'networkChannel',
      words: [
        'network channel',
        'nettverkskanal',
        'nettverkskanalen',
        'set network channel',
        'sett nettverkskanal',
        'bruk denne kanalen',
      ],
      run: { verb: 'channel.setNetwork' },
    },
    {
      name: 'units',
      words: ['units', 'enheter', 'edit units', 'rediger enheter'],
      run: { verb: 'units.edit' },
    },
  ],
  // The network's strings are the core catalog's (cards/i18n/<locale>.json), as are its cards.
  help: {
    commands: [
      {
        command: 'members',
        key: 'help.commands.members',
        audience: (w) => w.isMember || w.isAdmin,
        order: 20,
      },
      { command: 'away', key: 'help.commands.away', audience: (w) => w.isMember, order: 60 },
      {
        command: 'delivery',
        key: 'help.commands.delivery',
        audience: (w) => w.isCoordinator || w.isAdmin,
        order: 80,
      },
      {
        command: 'networkChannel',
        key: 'help.commands.networkChannel',
        audience: (w) => w.isCoordinator,
        order: 90,
      },
      {
        command: 'units',
        key: 'help.commands.units',
        audience: (w) => w.isAdmin && w.scope === 'personal',
        order: 100,
      },
    ],
    buttons: [
      {
        verb: 'members.show',
        titleKey: 'help.actions.members',
        audience: (w) => w.isMember || w.isAdmin,
        order: 30,
      },
      {
        // A channel becomes the network's from inside it.
        verb: 'channel.setNetwork',
        titleKey: 'help.actions.networkChannel',
        audience: (w) => w.isCoordinator && w.scope === 'team',
        order: 40,
      },
      {
        verb: 'units.edit',
        titleKey: 'help.actions.units',
        audience: (w) => w.isAdmin && w.scope === 'personal',
        order: 50,
      },
    ],
  },
};
