/** Small formatting helpers shared by the views. */
import { type Locale, t } from '../cards/i18n.js';

/** How long ago, in the largest whole unit (minutes below two hours, hours below two days, then days). */
export function ageText(locale: Locale, fromIso: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 60_000));
  if (minutes < 120) return t(locale, 'delivery.age.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t(locale, 'delivery.age.hours', { n: hours });
  return t(locale, 'delivery.age.days', { n: Math.floor(hours / 24) });
}
