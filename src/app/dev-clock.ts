/**
 * The development clock (DEV_CLOCK_START): starts at a given instant when the bot starts and runs on
 * at the real pace from there, so that a reminder due tomorrow can be seen today. Configuration
 * refuses it in production.
 */
export function devClock(startIso: string, realNow: () => number = Date.now): () => Date {
  const start = Date.parse(startIso);
  if (Number.isNaN(start)) throw new RangeError('DEV_CLOCK_START is not an instant');
  const began = realNow();
  return () => new Date(start + (realNow() - began));
}
