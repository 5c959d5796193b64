/**
 * The network's agenda, as a feature: members raise items for the coordinators' or the whole
 * network's meetings (`sak til nettverket` / `agenda`), the lead coordinator and each department's
 * coordinator curate them (`saksliste` / `backlog`), the compiled agenda is posted at the meeting's
 * agenda deadline, outcomes are recorded after the meeting and told to the submitter, follow-up
 * actions are reminded to their owners, and every clarification enters the network's register
 * (`avklaringer <ord>` / `clarifications <words>`), from where guidance receipts suggest it again.
 */

import { contribute } from '../../app/extensions.js';
import type { Feature } from '../../app/feature.js';
import { GUIDANCE_ANSWERED, GUIDANCE_ITEM, GUIDANCE_RECEIPT } from '../guidance/guidance-extensions.js';
import { MEETING_AGENDA } from '../meetings/meeting-extensions.js';
import { OVERVIEW_SOURCE } from '../overview/overview-sources.js';
import { actionItemViews, actionVerbs } from './action-verbs.js';
import {
  agendaOnMeetingCards,
  answersIntoRegister,
  clarificationsOnReceipts,
} from './agenda-contribution.js';
import { runActionReminders, runAgendaDeadlines } from './agenda-jobs.js';
import { agendaItemViews } from './agenda-live.js';
import { agendaOnOverview } from './agenda-overview.js';
import { AGENDA_STORE } from './agenda-store.js';
import { agendaVerbs } from './agenda-verbs.js';
import { clarificationItemViews } from './clarification-live.js';
import { CLARIFICATIONS_STORE } from './clarification-store.js';
import { clarificationCommands, clarificationHelp, clarificationVerbs } from './clarification-verbs.js';
import { exportRoutes } from './export-route.js';
import { exportVerbs } from './export-verbs.js';

export const agendaFeature: Feature = {
  name: 'agenda',
  verbs: { ...agendaVerbs, ...clarificationVerbs, ...exportVerbs, ...actionVerbs },
  commands: [
    {
      name: 'agenda',
      words: ['sak til nettverket', 'agenda', 'ny sak', 'meld inn sak', 'sak', 'new item', 'raise an item'],
      textKey: 'title',
      run: { verb: 'agenda.start' },
    },
    {
      name: 'backlog',
      words: ['saksliste', 'backlog', 'sakslisten', 'saker', 'mine saker til nettverket', 'agenda items'],
      run: { verb: 'agenda.list' },
    },
    ...clarificationCommands,
  ],
  help: {
    commands: [
      {
        command: 'agenda',
        key: 'agenda.help.commands.agenda',
        audience: (who) => who.isMember,
        order: 58,
      },
      {
        command: 'backlog',
        key: 'agenda.help.commands.backlog',
        audience: (who) => who.isMember,
        order: 59,
      },
      ...clarificationHelp,
    ],
    buttons: [
      {
        verb: 'agenda.list',
        titleKey: 'agenda.help.actions.backlog',
        audience: (who) => who.isMember && who.scope === 'personal',
        order: 46,
      },
    ],
  },
  items: (app) => [...agendaItemViews(app), ...actionItemViews(app), ...clarificationItemViews(app)],
  jobs: [
    // A saved or moved series, or an item put on a meeting, may bring a deadline nearer.
    {
      name: 'agenda-deadlines',
      run: (app, uow) => runAgendaDeadlines(app, uow),
      wakeOn: ['meeting-series', 'agenda-item'],
    },
    {
      name: 'agenda-action-reminders',
      run: (app, uow) => runActionReminders(app, uow),
      wakeOn: ['agenda-action'],
    },
  ],
  store: { items: [...(AGENDA_STORE.items ?? []), ...(CLARIFICATIONS_STORE.items ?? [])] },
  routes: exportRoutes,
  contributes: [
    contribute(MEETING_AGENDA, {
      ...agendaOnMeetingCards,
      raise: { verb: 'agenda.start', titleKey: 'agenda.raiseFromMeeting' },
    }),
    contribute(GUIDANCE_RECEIPT, clarificationsOnReceipts),
    contribute(GUIDANCE_ANSWERED, answersIntoRegister),
    contribute(GUIDANCE_ITEM, { raise: { verb: 'agenda.start', titleKey: 'agenda.raiseFromGuidance' } }),
    contribute(OVERVIEW_SOURCE, agendaOnOverview),
  ],
};
