/**
 * What other features may add to the meetings' cards (an extension point, app/extensions.ts): a
 * meeting's agenda, shown on its cards (the day-before reminder carries it), and a button on the
 * agenda call (and on a meeting opened from the list, until its agenda deadline) that raises an item
 * for that meeting. The agenda feature contributes both; without it the cards show the series'
 * description only.
 */
import type { AppContext } from '../../app/context.js';
import { extensionPoint } from '../../app/extensions.js';
import type { Locale } from '../../cards/i18n.js';
import type { Occurrence } from '../../domain/recurrence.js';
import type { UnitOfWork } from '../../store/store.js';
import type { MeetingSeries } from './meeting-series.js';

/** A meeting's agenda as its cards show it, in the reader's language. */
export interface MeetingAgenda {
  /** One line per item, in the order of the agenda. */
  lines: string[];
  /** E.g. the total minutes against the meeting's length. */
  total?: string;
}

export interface MeetingAgendaContribution {
  /** The agenda of one meeting, or undefined when it has none to show. Reads only. */
  agenda?(
    app: AppContext,
    uow: UnitOfWork,
    meeting: { series: MeetingSeries; occurrence: Occurrence },
    locale: Locale,
  ): Promise<MeetingAgenda | undefined>;
  /**
   * A button raising an item for the meeting: its verb (the contributing feature's; the card's data
   * gives it `seriesId` and `occurrenceId`, to be resolved in the store) and its title's catalog key.
   */
  raise?: { verb: string; titleKey: string };
}

export const MEETING_AGENDA = extensionPoint<MeetingAgendaContribution>('meetings.agenda');
