/**
 * Window limits as settings: the shape of one limit, Teams' documented values (the defaults), and
 * reading and writing them in the syntax of the settings ("7/1s,8/2s,60/30s,1800/1h").
 *
 * Neutral ground: configuration reads limits with this module and the outbox's limiters
 * (src/outbox/rate-limits.ts) enforce them, so neither depends on the other. Pure.
 */

/** At most `limit` sends in any interval of `windowMs` milliseconds. */
export interface WindowLimit {
  limit: number;
  windowMs: number;
}

/** Teams' documented limits per conversation for sends and conversation creation (per bot). */
export const TEAMS_CONVERSATION_LIMITS: readonly WindowLimit[] = Object.freeze([
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
]);

/** The per-app-per-tenant limit to plan for (documented as 30/s, newer docs say 50/s). */
export const DEFAULT_TENANT_LIMITS: readonly WindowLimit[] = Object.freeze([{ limit: 30, windowMs: 1_000 }]);

/** Largest count accepted in one limit: a limiter keeps up to that many timestamps per key. */
export const MAX_LIMIT_COUNT = 100_000;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const LIMIT_PATTERN = /^(\d+)\s*\/\s*(\d+(?:\.\d+)?)?\s*(ms|s|m|h)$/;

/**
 * Parses and validates limits from a config string like "7/1s,8/2s,60/30s,1800/1h" (units ms, s, m, h;
 * "30/s" means 30 per 1 s). Throws an Error naming what is wrong.
 */
export function parseLimits(text: string): WindowLimit[] {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) throw new Error('no rate limits given (expected e.g. "7/1s,8/2s")');
  const limits: WindowLimit[] = [];
  for (const entry of entries) {
    const match = LIMIT_PATTERN.exec(entry);
    if (!match) {
      throw new Error(
        `invalid rate limit "${entry}": expected <count>/<duration><unit> such as 7/1s (units ms, s, m, h)`,
      );
    }
    const windowMs = Number(match[2] ?? '1') * UNIT_MS[match[3]!]!;
    const limit = { limit: Number(match[1]), windowMs };
    validateLimit(limit, `rate limit "${entry}"`);
    if (limits.some((l) => l.windowMs === windowMs)) {
      throw new Error(`rate limit "${entry}": the window ${formatDuration(windowMs)} is given twice`);
    }
    limits.push(limit);
  }
  return limits;
}

/** Formats limits in the syntax {@link parseLimits} reads, e.g. "7/1s,8/2s,60/30s,1800/1h". */
export function formatLimits(limits: readonly WindowLimit[]): string {
  return limits.map((l) => `${l.limit}/${formatDuration(l.windowMs)}`).join(',');
}

/**
 * Throws an Error, starting with `what`, unless the limit is a whole count from 1 to
 * {@link MAX_LIMIT_COUNT} over a whole number of milliseconds >= 1.
 */
export function validateLimit(limit: WindowLimit, what: string): void {
  if (!Number.isSafeInteger(limit.limit) || limit.limit < 1) {
    throw new Error(`${what}: the count must be a whole number >= 1 (got ${limit.limit})`);
  }
  if (limit.limit > MAX_LIMIT_COUNT) {
    throw new Error(`${what}: the count ${limit.limit} is larger than ${MAX_LIMIT_COUNT}`);
  }
  if (!Number.isSafeInteger(limit.windowMs) || limit.windowMs < 1) {
    throw new Error(
      `${what}: the window must be a whole number of milliseconds >= 1 (got ${limit.windowMs})`,
    );
  }
}

function formatDuration(ms: number): string {
  for (const unit of ['h', 'm', 's'] as const) {
    const size = UNIT_MS[unit]!;
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
