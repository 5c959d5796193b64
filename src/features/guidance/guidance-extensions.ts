/**
 * What other features may add to guidance's cards (extension points, app/extensions.ts): earlier
 * clarifications that look related to a question, shown on the asker's receipt, so the network's
 * "lik praksis" reaches the caseworker who asks; and a button on an answered principled question
 * that raises it for the network's agenda. The agenda feature, which keeps the register of
 * clarifications and the agenda, contributes both; without it the cards show neither.
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
