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
import { GUIDANCE_RECEIPT } from '../guidance/guidance-extensions.js';
import { MEETING_AGENDA } from '../meetings/meeting-extensions.js';
import { actionItemViews, actionVerbs } from './action-verbs.js';
import { agendaOnMeetingCards, clarificationsOnReceipts } from './agenda-contribution.js';
import { runActionReminders, runAgendaDeadlines } from './agenda-jobs.js';
import { AGENDA_STORE } from './agenda-store.js';
import { CLARIFICATIONS_STORE } from './clarification-store.js';
import { clarificationCommands, clarificationHelp, clarificationVerbs } from './clarification-verbs.js';
import { exportVerbs } from './export-verbs.js';

export const agendaFeature: Feature = {
  name: 'agenda',
  verbs: { ...clarificationVerbs, ...exportVerbs, ...actionVerbs },
  commands: [...clarificationCommands],
  help: { commands: [...clarificationHelp] },
  items: (app) => [...actionItemViews(app)],
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
  contributes: [
    contribute(MEETING_AGENDA, agendaOnMeetingCards),
    contribute(GUIDANCE_RECEIPT, clarificationsOnReceipts),
  ],
};
