/**
 * The agenda's privacy hooks (issue 14). An agenda item's title, description, reasons and outcome
 * texts, and a follow-up action's "what", are free text; the forum, department, meeting, states and
 * dates stay. Posted agenda sheets hold only ids and times (no hooks). The register's clarifications
 * are kept until withdrawn: they hold no personal data (privacy guard, and the curator's review).
 */
import type { ItemPrivacy } from '../../store/store-parts.js';
import type { FollowUpAction } from './agenda-actions.js';
import type { AgendaItem, Outcome } from './agenda-items.js';

const FINAL_ITEM_STATES: readonly string[] = ['done', 'declined', 'merged'];

function outcomeWithoutText(outcome: Outcome): Outcome {
  switch (outcome.kind) {
    case 'clarified':
      return { ...outcome, clarification: '' };
    case 'initiative':
    case 'follow-up':
      return { ...outcome, what: '' };
    default:
      return outcome;
  }
}

const historyWithoutReasons = (item: AgendaItem, by?: string): AgendaItem['history'] =>
  item.history.map((entry) =>
    (entry.action === 'defer' || entry.action === 'decline') && (by === undefined || entry.by === by)
      ? { ...entry, reason: '' }
      : entry,
  );

export const AGENDA_ITEM_PRIVACY: ItemPrivacy<AgendaItem> = {
  retention: 'agenda',
  settledAt: (item) => (FINAL_ITEM_STATES.includes(item.state) ? item.updatedAt : undefined),
  redact(item) {
    const { reason: _reason, outcome, ...rest } = item;
    return {
      ...rest,
      title: '',
      description: '',
      history: historyWithoutReasons(item),
      ...(outcome ? { outcome: outcomeWithoutText(outcome) } : {}),
    };
  },
  erase(item, aadObjectId) {
    const theirs = item.createdBy === aadObjectId;
    // The last reason told to the submitter is theirs when the last defer or decline was.
    const lastReason = item.history.findLast((e) => e.action === 'defer' || e.action === 'decline');
    const outcomeEntry = item.history.findLast((e) => e.action === 'outcome');
    const { reason, outcome, ...rest } = item;
    const keepReason = reason !== undefined && lastReason?.by !== aadObjectId;
    return {
      ...rest,
      title: theirs ? '' : item.title,
      description: theirs ? '' : item.description,
      history: historyWithoutReasons(item, aadObjectId),
      ...(keepReason ? { reason } : {}),
      ...(outcome
        ? { outcome: outcomeEntry?.by === aadObjectId ? outcomeWithoutText(outcome) : outcome }
        : {}),
    };
  },
};

export const AGENDA_ACTION_PRIVACY: ItemPrivacy<FollowUpAction> = {
  retention: 'agenda',
  settledAt: (action) => (action.state === 'done' ? action.updatedAt : undefined),
  redact: (action) => ({ ...action, what: '' }),
  // Written by whoever recorded the outcome (the action's creator).
  erase: (action, aadObjectId) => (action.createdBy === aadObjectId ? { ...action, what: '' } : action),
};
