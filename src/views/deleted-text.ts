/**
 * A free text as a card shows it (issue 14): a text taken out at the end of its retention period
 * says so ("(teksten er slettet etter lagringstiden)"), one erased on a person's request says it was
 * deleted, rather than showing a blank.
 */
import { type Locale, t } from '../cards/i18n.js';

export function shownText(
  locale: Locale,
  text: string,
  item: { redactedAt?: string; erasedAt?: string },
): string {
  if (text !== '') return text;
  return t(locale, item.redactedAt !== undefined ? 'common.textDeleted' : 'common.textErased');
}
