/**
 * The verbs of every `Action.Execute` button on the bot's cards. The JSON templates under cards/ use
 * these strings verbatim; the card test fails on any verb not listed here.
 */
export const VERBS = [
  'help.show',
  'join.start',
  'join.submit',
  'join.approve',
  'join.decline',
  'members.show',
  'channel.setNetwork',
  'units.edit',
  'units.save',
  'delivery.show',
  'delivery.retry',
  'guidance.start',
  'guidance.submit',
  'guidance.show',
  'guidance.take',
  'guidance.answer',
  'guidance.askInfo',
  'guidance.provideInfo',
  'guidance.forward',
  'guidance.escalate',
  'guidance.close',
  'guidance.helpful',
  'guidance.followUp',
  'guidance.mine',
  'guidance.queue',
] as const;

/** A card action verb. */
export type Verb = (typeof VERBS)[number];

/** True when `value` is one of the known card verbs (use on the untrusted verb of an incoming invoke). */
export function isVerb(value: unknown): value is Verb {
  return typeof value === 'string' && (VERBS as readonly string[]).includes(value);
}
