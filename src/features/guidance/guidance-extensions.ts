/**
 * What other features may add to guidance's cards (an extension point, app/extensions.ts): earlier
 * clarifications that look related to a question, shown on the asker's receipt, so the network's
 * "lik praksis" reaches the caseworker who asks. The agenda feature, which keeps the register of
 * clarifications, contributes them; without it the receipt shows none.
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
