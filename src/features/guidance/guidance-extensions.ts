/**
 * What other features may add to guidance's cards (extension points, app/extensions.ts): earlier
 * clarifications that look related to a question, shown on the asker's receipt, so the network's
 * "lik praksis" reaches the caseworker who asks; and a button on an answered principled question
 * that raises it for the network's agenda; and what happens when a principled question is answered (it
 * enters the register). The agenda feature, which keeps the register of clarifications and the
 * agenda, contributes all three; without it the cards show neither and nothing is kept.
 */
import type { AppContext } from '../../app/context.js';
import { extensionPoint } from '../../app/extensions.js';
import type { Locale } from '../../cards/i18n.js';
import type { UnitOfWork } from '../../store/store.js';

export interface GuidanceReceiptContribution {
  /**
   * Up to three earlier clarifications that look related to the question, each one line in the
   * reader's language (e.g. "A-2027-0003: the clarification…"). Reads only.
   */
  related(
    app: AppContext,
    uow: UnitOfWork,
    question: { text: string; topicId: string },
    locale: Locale,
  ): Promise<string[]>;
}

export const GUIDANCE_RECEIPT = extensionPoint<GuidanceReceiptContribution>('guidance.receipt');

/** The related clarifications every contribution offers, at most three in all. */
export async function relatedClarifications(
  app: AppContext,
  uow: UnitOfWork,
  question: { text: string; topicId: string },
  locale: Locale,
): Promise<string[]> {
  const lines: string[] = [];
  for (const contribution of app.extensions.of(GUIDANCE_RECEIPT))
    lines.push(...(await contribution.related(app, uow, question, locale)));
  return lines.slice(0, 3);
}

/** A button on an answered or closed principled question's card, for its asker and who answered it. */
export interface GuidanceItemContribution {
  /**
   * Its verb (the contributing feature's; the card's data gives it `requestId`, to be resolved in the
   * store and checked there) and its title's catalog key.
   */
  raise: { verb: string; titleKey: string };
}

export const GUIDANCE_ITEM = extensionPoint<GuidanceItemContribution>('guidance.item');

/** A principled question just answered, as another feature may keep it. */
export interface AnsweredPrincipledQuestion {
  requestId: string;
  question: string;
  answer: string;
  topicId: string;
  /** AAD object id of who answered it. */
  by: string;
  /** ISO timestamp of the answer. */
  at: string;
}

/**
 * What another feature does when a principled question is answered, in the answer's unit of work (the
 * agenda feature enters it in the network's register of clarifications).
 */
export interface GuidanceAnsweredContribution {
  answered(app: AppContext, uow: UnitOfWork, answered: AnsweredPrincipledQuestion): Promise<void>;
}

export const GUIDANCE_ANSWERED = extensionPoint<GuidanceAnsweredContribution>('guidance.answered');
