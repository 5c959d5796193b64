/**
 * Sliding-window rate limits for the outbox (Teams' per-conversation and per-tenant limits).
 *
 * Semantics of a limit `{ limit: N, windowMs: W }`: in ANY half-open interval [a, a + W) at most N
 * sends happen. For sorted send times t₁ ≤ t₂ ≤ … that is the same as t[i + N] − t[i] ≥ W for all i,
 * so one more send after the recorded ones may go at t exactly when t ≥ (N-th most recent send) + W.
 * A fake connector that enforces the same limits must count the same way.
 *
 * Pure: no timers, no clock. Times are epoch milliseconds passed in by the caller.
 */

import { validateLimit, type WindowLimit } from '../config/window-limits.js';

// The limits themselves, their defaults and their syntax live with the settings; importable from here too.
export {
  DEFAULT_TENANT_LIMITS,
  formatLimits,
  MAX_LIMIT_COUNT,
  parseLimits,
  TEAMS_CONVERSATION_LIMITS,
  type WindowLimit,
} from '../config/window-limits.js';

/** The key under which {@link earliestSend} and {@link recordSend} track the global (tenant) limiter. */
export const GLOBAL_KEY = '*';

/** Send times of one key, sorted, in `times[start..]` (an array with a start index, compacted now and then). */
interface KeyLog {
  times: number[];
  start: number;
}

/**
 * Sliding-window limiter for many keys (conversation ids), each key checked against every window.
 *
 * Time contract: pass a clock that does not run backwards by more than the longest window, i.e. no
 * query earlier than (latest recorded send − longest window). Within that, answers are exact; the
 * lazy clean-up of idle keys relies on it.
 */
export class SlidingWindowLimiter {
  private readonly limits: readonly WindowLimit[];
  private readonly marginMs: number;
  /** Largest `limit`: older timestamps can never be the N-th most recent one. */
  private readonly maxCount: number;
  /** Longest window plus the margin: older timestamps can never delay a send. */
  private readonly span: number;
  private readonly logs = new Map<string, KeyLog>();
  private lastSweep = Number.NEGATIVE_INFINITY;

  /**
   * @param limits every window a key must respect (none = unlimited).
   * @param options.marginMs safety margin added to the end of every window (default 0). The connector
   *   counts requests when they arrive, not when we sent them: two requests sent exactly W apart may
   *   arrive less than W apart if the first was delayed more in transit. A margin of a few ms (about the
   *   expected jitter of the network path) keeps such pairs legal at the cost of that much throughput.
   */
  constructor(limits: readonly WindowLimit[], options: { marginMs?: number } = {}) {
    limits.forEach((limit, index) => {
      validateLimit(limit, `limit ${index + 1}`);
    });
    const marginMs = options.marginMs ?? 0;
    if (!Number.isFinite(marginMs) || marginMs < 0) {
      throw new RangeError(`marginMs must be a finite number >= 0 (got ${marginMs})`);
    }
    this.limits = limits.map((l) => ({ limit: l.limit, windowMs: l.windowMs }));
    this.marginMs = marginMs;
    this.maxCount = Math.max(0, ...limits.map((l) => l.limit));
    this.span = Math.max(0, ...limits.map((l) => l.windowMs)) + marginMs;
  }

  /**
   * Earliest time >= now at which one more send for `key` stays within every window. O(windows).
   * Never earlier than the last recorded send of the key (records are expected in time order).
   */
  nextAllowedAt(key: string, now: number): number {
    assertTime(now, 'now');
    const log = this.logs.get(key);
    if (!log) return now;
    const { times } = log;
    const count = times.length - log.start;
    let at = Math.max(now, times[times.length - 1] ?? now);
    for (const { limit, windowMs } of this.limits) {
      if (count < limit) continue;
      const nthMostRecent = times[times.length - limit]!;
      at = Math.max(at, nthMostRecent + windowMs + this.marginMs);
    }
    return at;
  }

  /**
   * Records a send for `key` at time `at` (call when the request is actually made). Times should not go
   * backwards; if one does (clock adjustment) it is inserted in order, so the windows stay correct.
   */
  record(key: string, at: number): void {
    assertTime(at, 'at');
    if (this.maxCount === 0) return;
    let log = this.logs.get(key);
    if (!log) {
      log = { times: [], start: 0 };
      this.logs.set(key, log);
    }
    const { times } = log;
    const last = times[times.length - 1];
    if (last === undefined || at >= last) times.push(at);
    else times.splice(insertionIndex(times, log.start, at), 0, at);
    // Only the `maxCount` most recent sends, and none older than the span before the latest, can matter
    // for any answer (answers are never earlier than the latest send), so dropping them changes nothing.
    const latest = times[times.length - 1]!;
    while (times.length - log.start > this.maxCount || times[log.start]! + this.span <= latest) log.start++;
    compact(log);
    // Lazy sweep of idle keys, at most once per span. Sweeping at `at - span` keeps answers identical
    // for every query made at or after that time, even if callers' clocks disagree a little.
    if (at - this.lastSweep >= this.span) {
      this.lastSweep = at;
      this.prune(at - this.span);
    }
  }

  /**
   * Moves a recorded send of `key` from `from` to the later time `to` (e.g. from when a request left
   * to when its answer came back, an upper bound of when the connector counted it). Does nothing if
   * no send is recorded at `from`.
   */
  move(key: string, from: number, to: number): void {
    assertTime(from, 'from');
    assertTime(to, 'to');
    const log = this.logs.get(key);
    if (!log || to <= from) return;
    const { times } = log;
    for (let i = times.length - 1; i >= log.start; i--) {
      if (times[i] !== from) continue;
      times.splice(i, 1);
      times.splice(insertionIndex(times, log.start, to), 0, to);
      return;
    }
  }

  /**
   * Forgets timestamps that can no longer delay a send at `now` or later (older than the longest window
   * plus margin) and drops keys left with none. Answers for times >= now are unchanged.
   */
  prune(now: number): void {
    assertTime(now, 'now');
    for (const [key, log] of this.logs) {
      const { times } = log;
      while (log.start < times.length && times[log.start]! + this.span <= now) log.start++;
      if (log.start === times.length) this.logs.delete(key);
      else compact(log);
    }
  }

  /** Number of keys tracked (for memory checks). */
  size(): number {
    return this.logs.size;
  }

  /** Number of timestamps held over all keys (for memory checks). */
  heldTimestamps(): number {
    let total = 0;
    for (const log of this.logs.values()) total += log.times.length - log.start;
    return total;
  }
}

/**
 * Combines a per-key limiter and one global limiter (tracked under {@link GLOBAL_KEY}): the earliest
 * time >= now that both allow. Record an actual send with {@link recordSend}.
 */
export function earliestSend(
  perKey: SlidingWindowLimiter,
  key: string,
  global: SlidingWindowLimiter,
  now: number,
): number {
  return Math.max(perKey.nextAllowedAt(key, now), global.nextAllowedAt(GLOBAL_KEY, now));
}

/** Records one send at `at` in both the per-key limiter (under `key`) and the global limiter. */
export function recordSend(
  perKey: SlidingWindowLimiter,
  key: string,
  global: SlidingWindowLimiter,
  at: number,
): void {
  perKey.record(key, at);
  global.record(GLOBAL_KEY, at);
}

function assertTime(value: number, name: string): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite time in ms (got ${value})`);
}

/** First index in times[start..] whose value is greater than `at` (keeps equal times in arrival order). */
function insertionIndex(times: number[], start: number, at: number): number {
  let low = start;
  let high = times.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (times[mid]! <= at) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Drops the consumed prefix once it is at least half the array (amortised O(1) per send). */
function compact(log: KeyLog): void {
  if (log.start >= 32 && log.start * 2 >= log.times.length) {
    log.times = log.times.slice(log.start);
    log.start = 0;
  }
}

/**
 * The theoretical minimum time, in ms, from the first send to the last one when each key (conversation)
 * `i` must get `sendsPerKey[i]` sends under `perKey` limits for every key and `global` limits over all.
 *
 * Computed by simulation with the limiter itself: everything is ready at time 0, and each send goes at
 * the earliest moment both limiters allow. When several keys may go at that moment, the key with the
 * most sends left goes first (so a long queue is not starved behind many single sends, which would
 * stretch the end). The benchmark divides its measured time by this number.
 */
export function minimumDuration(
  sendsPerKey: number[],
  perKey: readonly WindowLimit[],
  global: readonly WindowLimit[],
): number {
  sendsPerKey.forEach((sends, index) => {
    if (!Number.isSafeInteger(sends) || sends < 0) {
      throw new RangeError(`sendsPerKey[${index}] must be a whole number >= 0 (got ${sends})`);
    }
  });
  const keyLimiter = new SlidingWindowLimiter(perKey);
  const globalLimiter = new SlidingWindowLimiter(global);
  const remaining = [...sendsPerKey];
  const nextAt = sendsPerKey.map(() => 0);
  const waiting = new MinHeap((a, b) => nextAt[a]! - nextAt[b]! || a - b);
  const ready = new MinHeap((a, b) => remaining[b]! - remaining[a]! || a - b);
  remaining.forEach((sends, index) => {
    if (sends > 0) waiting.push(index);
  });
  let clock = 0;
  while (waiting.size() > 0 || ready.size() > 0) {
    let at = globalLimiter.nextAllowedAt(GLOBAL_KEY, clock);
    if (ready.size() === 0) at = Math.max(at, nextAt[waiting.peek()!]!);
    while (waiting.size() > 0 && nextAt[waiting.peek()!]! <= at) ready.push(waiting.pop()!);
    const index = ready.pop()!;
    const key = String(index);
    recordSend(keyLimiter, key, globalLimiter, at);
    clock = at;
    remaining[index]!--;
    if (remaining[index]! > 0) {
      nextAt[index] = keyLimiter.nextAllowedAt(key, at);
      waiting.push(index);
    }
  }
  return clock;
}

/** A binary min-heap of indices under a comparator (for the simulation above). */
class MinHeap {
  private readonly items: number[] = [];
  constructor(private readonly compare: (a: number, b: number) => number) {}

  size(): number {
    return this.items.length;
  }

  peek(): number | undefined {
    return this.items[0];
  }

  push(item: number): void {
    const { items } = this;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(items[i]!, items[parent]!) >= 0) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): number | undefined {
    const { items } = this;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    items[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < items.length && this.compare(items[left]!, items[smallest]!) < 0) smallest = left;
      if (right < items.length && this.compare(items[right]!, items[smallest]!) < 0) smallest = right;
      if (smallest === i) return top;
      [items[i], items[smallest]] = [items[smallest]!, items[i]!];
      i = smallest;
    }
  }
}
