import { expect } from 'chai';
import fc from 'fast-check';
import {
  DEFAULT_TENANT_LIMITS,
  earliestSend,
  formatLimits,
  GLOBAL_KEY,
  minimumDuration,
  parseLimits,
  recordSend,
  SlidingWindowLimiter,
  TEAMS_CONVERSATION_LIMITS,
  type WindowLimit,
} from '../../src/outbox/rate-limits.js';

// ---- Brute-force reference: check every window directly over the recorded send times. ----

/** True when no interval [a, a + W + margin) holds more than N of `times`, for every limit. */
function withinLimits(times: readonly number[], limits: readonly WindowLimit[], marginMs = 0): boolean {
  const sorted = [...times].sort((a, b) => a - b);
  return limits.every(({ limit, windowMs }) =>
    // The busiest interval can always be taken to start at a send.
    sorted.every(
      (start) => sorted.filter((t) => t >= start && t < start + windowMs + marginMs).length <= limit,
    ),
  );
}

/**
 * The earliest time t >= from at which one more send keeps every key's and the global sends within
 * limits, found by trying every point where the answer can change (from, and each send + window).
 */
function bruteEarliest(from: number, checks: { times: readonly number[]; limits: readonly WindowLimit[] }[]) {
  const margins = checks.flatMap(({ times, limits }) =>
    times.flatMap((t) => limits.map((l) => t + l.windowMs)),
  );
  const candidates = [from, ...margins.filter((c) => c >= from)].sort((a, b) => a - b);
  for (const candidate of candidates) {
    if (checks.every(({ times, limits }) => withinLimits([...times, candidate], limits))) return candidate;
  }
  throw new Error('no candidate allowed');
}

/** Limits where a window's margin is folded in, for the brute-force check of a limiter with a margin. */
const widened = (limits: readonly WindowLimit[], marginMs: number): WindowLimit[] =>
  limits.map((l) => ({ limit: l.limit, windowMs: l.windowMs + marginMs }));

const limitsArb = fc.array(
  fc.record({ limit: fc.integer({ min: 1, max: 8 }), windowMs: fc.integer({ min: 1, max: 200 }) }),
  { minLength: 1, maxLength: 4 },
);

describe('rate limits: the sliding-window limiter', () => {
  it('holds the documented Teams numbers', () => {
    expect(TEAMS_CONVERSATION_LIMITS).to.deep.equal([
      { limit: 7, windowMs: 1000 },
      { limit: 8, windowMs: 2000 },
      { limit: 60, windowMs: 30_000 },
      { limit: 1800, windowMs: 3_600_000 },
    ]);
    expect(DEFAULT_TENANT_LIMITS).to.deep.equal([{ limit: 30, windowMs: 1000 }]);
  });

  it('lets 7 go at once, then spaces by the 1 s and 2 s windows (the Teams schedule by hand)', () => {
    const limiter = new SlidingWindowLimiter(TEAMS_CONVERSATION_LIMITS);
    const sent: number[] = [];
    for (let i = 0; i < 20; i++) {
      const at = limiter.nextAllowedAt('c', 0);
      limiter.record('c', at);
      sent.push(at);
    }
    // 7 at once (7/1 s); the 8th after 1 s; the 9th must wait until 2 s after the 1st (8/2 s), …
    expect(sent).to.deep.equal([
      ...Array(7).fill(0),
      1000,
      ...Array(7).fill(2000),
      3000,
      ...Array(4).fill(4000),
    ]);
    expect(withinLimits(sent, TEAMS_CONVERSATION_LIMITS)).to.equal(true);
  });

  it('applies the 60 per 30 s and 1800 per hour windows', () => {
    const limiter = new SlidingWindowLimiter(TEAMS_CONVERSATION_LIMITS);
    let at = 0;
    for (let i = 0; i < 60; i++) {
      at = limiter.nextAllowedAt('c', at);
      limiter.record('c', at);
    }
    expect(at).to.equal(14_000);
    expect(limiter.nextAllowedAt('c', at)).to.equal(30_000);

    const hourly = new SlidingWindowLimiter(TEAMS_CONVERSATION_LIMITS);
    // 1800 sends spread evenly over the first 45 minutes stay within 60/30 s (one per 1.5 s).
    for (let i = 0; i < 1800; i++) hourly.record('c', i * 1500);
    expect(hourly.nextAllowedAt('c', 1800 * 1500)).to.equal(3_600_000);
  });

  it('keeps keys apart', () => {
    const limiter = new SlidingWindowLimiter([{ limit: 1, windowMs: 1000 }]);
    limiter.record('a', 0);
    expect(limiter.nextAllowedAt('a', 10)).to.equal(1000);
    expect(limiter.nextAllowedAt('b', 10)).to.equal(10);
  });

  it('adds the margin to the end of each window', () => {
    const limiter = new SlidingWindowLimiter([{ limit: 2, windowMs: 1000 }], { marginMs: 5 });
    limiter.record('a', 0);
    expect(limiter.nextAllowedAt('a', 0)).to.equal(0);
    limiter.record('a', 0);
    expect(limiter.nextAllowedAt('a', 0)).to.equal(1005);
  });

  it('files a send recorded out of order in its place', () => {
    const limiter = new SlidingWindowLimiter([{ limit: 2, windowMs: 1000 }]);
    limiter.record('a', 0);
    limiter.record('a', 500);
    limiter.record('a', 200);
    // Sends at 0, 200, 500: the 2 most recent are 200 and 500, so the next may go at 200 + 1000.
    expect(limiter.nextAllowedAt('a', 600)).to.equal(1200);
    expect(withinLimits([200, 500, 1199], [{ limit: 2, windowMs: 1000 }])).to.equal(false);
    expect(withinLimits([200, 500, 1200], [{ limit: 2, windowMs: 1000 }])).to.equal(true);
    // …and never before its latest send.
    expect(limiter.nextAllowedAt('a', 100)).to.equal(1200);
  });

  it('rejects invalid limits, margins and times', () => {
    expect(() => new SlidingWindowLimiter([{ limit: 0, windowMs: 1000 }])).to.throw(/count/);
    expect(() => new SlidingWindowLimiter([{ limit: 1.5, windowMs: 1000 }])).to.throw(/count/);
    expect(() => new SlidingWindowLimiter([{ limit: 1, windowMs: 0 }])).to.throw(/window/);
    expect(() => new SlidingWindowLimiter([{ limit: 1, windowMs: 1000 }], { marginMs: -1 })).to.throw(
      /marginMs/,
    );
    const limiter = new SlidingWindowLimiter(TEAMS_CONVERSATION_LIMITS);
    expect(() => limiter.nextAllowedAt('a', Number.NaN)).to.throw(/now/);
    expect(() => limiter.record('a', Number.POSITIVE_INFINITY)).to.throw(/at/);
  });

  it('never breaks a window and never sends later than needed (random schedules)', () => {
    fc.assert(
      fc.property(
        limitsArb,
        fc.integer({ min: 0, max: 3 }),
        fc.array(fc.record({ key: fc.integer({ min: 0, max: 3 }), gap: fc.integer({ min: 0, max: 60 }) }), {
          maxLength: 120,
        }),
        (limits, marginMs, events) => {
          const limiter = new SlidingWindowLimiter(limits, { marginMs });
          const sent = new Map<string, number[]>();
          let clock = 0;
          for (const { key: k, gap } of events) {
            clock += gap;
            const key = `k${k}`;
            const times = sent.get(key) ?? [];
            const at = limiter.nextAllowedAt(key, clock);
            expect(at).to.equal(bruteEarliest(clock, [{ times, limits: widened(limits, marginMs) }]));
            limiter.record(key, at);
            sent.set(key, [...times, at]);
            clock = at; // one sender: the next request goes after this one
          }
          for (const times of sent.values()) {
            expect(withinLimits(times, widened(limits, marginMs))).to.equal(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never breaks the Teams limits and never waits needlessly (random bursts on one conversation)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 150 }), (gaps) => {
        const limiter = new SlidingWindowLimiter(TEAMS_CONVERSATION_LIMITS);
        const times: number[] = [];
        let clock = 0;
        for (const gap of gaps) {
          clock += gap;
          const at = limiter.nextAllowedAt('c', clock);
          expect(at).to.equal(
            bruteEarliest(Math.max(clock, times.at(-1) ?? clock), [
              { times, limits: TEAMS_CONVERSATION_LIMITS },
            ]),
          );
          limiter.record('c', at);
          times.push(at);
        }
        expect(withinLimits(times, TEAMS_CONVERSATION_LIMITS)).to.equal(true);
      }),
      { numRuns: 60 },
    );
  });

  it('with many keys and a global limit, respects both and sends as early as both allow', () => {
    fc.assert(
      fc.property(
        limitsArb,
        limitsArb,
        fc.array(fc.record({ key: fc.integer({ min: 0, max: 15 }), gap: fc.integer({ min: 0, max: 40 }) }), {
          maxLength: 120,
        }),
        (perKeyLimits, globalLimits, events) => {
          const perKey = new SlidingWindowLimiter(perKeyLimits);
          const global = new SlidingWindowLimiter(globalLimits);
          const sent = new Map<string, number[]>();
          const all: number[] = [];
          let clock = 0;
          for (const { key: k, gap } of events) {
            clock += gap;
            const key = `conversation-${k}`;
            const times = sent.get(key) ?? [];
            const at = earliestSend(perKey, key, global, clock);
            expect(at).to.equal(
              bruteEarliest(clock, [
                { times, limits: perKeyLimits },
                { times: all, limits: globalLimits },
              ]),
            );
            recordSend(perKey, key, global, at);
            sent.set(key, [...times, at]);
            all.push(at);
            clock = at; // one sender: the next request goes after this one
          }
          expect(withinLimits(all, globalLimits)).to.equal(true);
          for (const times of sent.values()) expect(withinLimits(times, perKeyLimits)).to.equal(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('fans one card out to 500 conversations at 30/s in 16 s, within every limit', () => {
    const perKey = new SlidingWindowLimiter(TEAMS_CONVERSATION_LIMITS);
    const global = new SlidingWindowLimiter(DEFAULT_TENANT_LIMITS);
    const all: number[] = [];
    let clock = 0;
    for (let i = 0; i < 500; i++) {
      clock = earliestSend(perKey, `c${i}`, global, clock);
      recordSend(perKey, `c${i}`, global, clock);
      all.push(clock);
    }
    expect(clock).to.equal(16_000);
    expect(all.filter((t) => t === 0)).to.have.length(30);
    expect(withinLimits(all, DEFAULT_TENANT_LIMITS)).to.equal(true);
    expect(global.size()).to.equal(1);
    expect(perKey.size()).to.equal(500);
  });
});

describe('rate limits: pruning and memory', () => {
  it('answers the same with or without pruning (random schedules)', () => {
    fc.assert(
      fc.property(
        limitsArb,
        fc.integer({ min: 0, max: 3 }),
        fc.array(
          fc.record({
            key: fc.integer({ min: 0, max: 5 }),
            gap: fc.integer({ min: 0, max: 150 }),
            prune: fc.boolean(),
          }),
          { maxLength: 150 },
        ),
        (limits, marginMs, events) => {
          const plain = new SlidingWindowLimiter(limits, { marginMs });
          const pruned = new SlidingWindowLimiter(limits, { marginMs });
          const maxCount = Math.max(...limits.map((l) => l.limit));
          let clock = 0;
          for (const { key: k, gap, prune } of events) {
            clock += gap;
            if (prune) pruned.prune(clock);
            const key = `k${k}`;
            for (let other = 0; other <= 5; other++) {
              expect(pruned.nextAllowedAt(`k${other}`, clock)).to.equal(
                plain.nextAllowedAt(`k${other}`, clock),
              );
            }
            const at = plain.nextAllowedAt(key, clock);
            plain.record(key, at);
            pruned.record(key, at);
            expect(pruned.heldTimestamps()).to.be.at.most(pruned.size() * maxCount);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps at most the largest count of timestamps per key', () => {
    const limiter = new SlidingWindowLimiter(TEAMS_CONVERSATION_LIMITS);
    let at = 0;
    for (let i = 0; i < 5000; i++) {
      at = limiter.nextAllowedAt('c', at);
      limiter.record('c', at);
    }
    // At most 1800, fewer when the oldest of the last 1800 is a full hour old and can no longer delay.
    expect(limiter.heldTimestamps()).to.be.within(1, 1800);
    const small = new SlidingWindowLimiter([{ limit: 3, windowMs: 1000 }]);
    for (let i = 0; i < 100; i++) small.record('c', i * 10);
    expect(small.heldTimestamps()).to.equal(3);
  });

  it('drops timestamps older than the longest window, and keys left with none', () => {
    const limiter = new SlidingWindowLimiter([{ limit: 5, windowMs: 1000 }], { marginMs: 10 });
    for (let i = 0; i < 1000; i++) limiter.record(`c${i}`, i);
    expect(limiter.size()).to.equal(1000);
    limiter.prune(1009); // c0 (sent at 0) still limits sends before 1010
    expect(limiter.size()).to.equal(1000);
    limiter.prune(1010);
    expect(limiter.size()).to.equal(999);
    limiter.prune(999 + 1010);
    expect(limiter.size()).to.equal(0);
    expect(limiter.heldTimestamps()).to.equal(0);
  });

  it('sweeps idle keys lazily when sends go on', () => {
    const limiter = new SlidingWindowLimiter([{ limit: 5, windowMs: 1000 }]);
    for (let i = 0; i < 500; i++) limiter.record(`idle-${i}`, 0);
    limiter.record('busy', 500);
    expect(limiter.size()).to.equal(501);
    limiter.record('busy', 2500);
    expect(limiter.size()).to.equal(1);
  });
});

describe('rate limits: configuration text', () => {
  it('parses the Teams limits and formats them back', () => {
    const limits = parseLimits('7/1s,8/2s,60/30s,1800/1h');
    expect(limits).to.deep.equal(TEAMS_CONVERSATION_LIMITS);
    expect(formatLimits(limits)).to.equal('7/1s,8/2s,60/30s,1800/1h');
    expect(formatLimits(DEFAULT_TENANT_LIMITS)).to.equal('30/1s');
  });

  it('accepts every unit, spaces, decimals, a bare unit and a trailing comma', () => {
    expect(parseLimits(' 30/s ')).to.deep.equal([{ limit: 30, windowMs: 1000 }]);
    expect(parseLimits('5/250ms, 100 / 2m,3/0.5s,')).to.deep.equal([
      { limit: 5, windowMs: 250 },
      { limit: 100, windowMs: 120_000 },
      { limit: 3, windowMs: 500 },
    ]);
    expect(parseLimits('9/90m')).to.deep.equal([{ limit: 9, windowMs: 5_400_000 }]);
    expect(formatLimits(parseLimits('5/250ms,3/1500ms,2/90m'))).to.equal('5/250ms,3/1500ms,2/90m');
  });

  it('round-trips any valid limits', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            limit: fc.integer({ min: 1, max: 100_000 }),
            windowMs: fc.integer({ min: 1, max: 10 * 3_600_000 }),
          }),
          { minLength: 1, maxLength: 6, selector: (l) => l.windowMs },
        ),
        (limits) => {
          expect(parseLimits(formatLimits(limits))).to.deep.equal(limits);
        },
      ),
    );
  });

  const bad: [string, RegExp][] = [
    ['', /no rate limits/],
    [' , ', /no rate limits/],
    ['7', /invalid rate limit "7"/],
    ['7/', /invalid rate limit "7\/"/],
    ['/1s', /invalid rate limit "\/1s"/],
    ['7/1x', /invalid rate limit "7\/1x"/],
    ['-1/1s', /invalid rate limit "-1\/1s"/],
    ['7/1s;8/2s', /invalid rate limit/],
    ['seven/1s', /invalid rate limit/],
    ['0/1s', /"0\/1s".*count/],
    ['7/0s', /"7\/0s".*window/],
    ['7/0.5ms', /"7\/0.5ms".*whole number of milliseconds/],
    ['200000/1h', /"200000\/1h".*larger than/],
    ['7/1s,8/1000ms', /"8\/1000ms".*1s is given twice/],
  ];
  for (const [text, message] of bad) {
    it(`rejects "${text}" and says why`, () => {
      expect(() => parseLimits(text)).to.throw(Error, message);
    });
  }
});

describe('rate limits: theoretical minimum duration', () => {
  it('500 conversations × 1 card at 30/s: 16 full seconds (batches of 30 at 0 s, 1 s, …, 16 s)', () => {
    expect(minimumDuration(Array(500).fill(1), TEAMS_CONVERSATION_LIMITS, DEFAULT_TENANT_LIMITS)).to.equal(
      16_000,
    );
    // 480 sends fill 16 batches (0 … 15 s); the 17th batch at 16 s has room for 30, so 501 end there too.
    expect(minimumDuration(Array(501).fill(1), TEAMS_CONVERSATION_LIMITS, DEFAULT_TENANT_LIMITS)).to.equal(
      16_000,
    );
    expect(minimumDuration(Array(510).fill(1), TEAMS_CONVERSATION_LIMITS, DEFAULT_TENANT_LIMITS)).to.equal(
      16_000,
    );
    expect(minimumDuration(Array(511).fill(1), TEAMS_CONVERSATION_LIMITS, DEFAULT_TENANT_LIMITS)).to.equal(
      17_000,
    );
  });

  it('1 conversation × 20 sends under the Teams limits: 4 s', () => {
    // 8 per 2 s binds: send 9 waits until send 1 + 2 s and send 17 until send 9 + 2 s = 4 s.
    expect(minimumDuration([20], TEAMS_CONVERSATION_LIMITS, DEFAULT_TENANT_LIMITS)).to.equal(4000);
    // Send 8 only waits for the 7 per 1 s window.
    expect(minimumDuration([8], TEAMS_CONVERSATION_LIMITS, DEFAULT_TENANT_LIMITS)).to.equal(1000);
    // 60 sends by 14 s, the 61st waits for send 1 + 30 s; the 1801st for send 1 + 1 h.
    expect(minimumDuration([61], TEAMS_CONVERSATION_LIMITS, DEFAULT_TENANT_LIMITS)).to.equal(30_000);
    expect(minimumDuration([1801], TEAMS_CONVERSATION_LIMITS, DEFAULT_TENANT_LIMITS)).to.equal(3_600_000);
  });

  it('is 0 for no sends or a single one, and unlimited sends all go at once', () => {
    expect(minimumDuration([], TEAMS_CONVERSATION_LIMITS, DEFAULT_TENANT_LIMITS)).to.equal(0);
    expect(minimumDuration([0, 0, 1], TEAMS_CONVERSATION_LIMITS, DEFAULT_TENANT_LIMITS)).to.equal(0);
    expect(minimumDuration([100, 100], [], [])).to.equal(0);
  });

  it('lets the longest queue go first when several are ready (reaches the lower bound)', () => {
    // 8 single sends and one conversation with 20, at 8 per second overall. The long one alone needs
    // 4 s; all 28 at 8/s need 3 s; so 4 s is a lower bound, reached only if the long one starts at 0.
    const sends = [...Array(8).fill(1), 20];
    expect(minimumDuration(sends, TEAMS_CONVERSATION_LIMITS, [{ limit: 8, windowMs: 1000 }])).to.equal(4000);
  });

  it('is never below what each conversation alone or the global limit alone needs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 25 }), { maxLength: 12 }),
        limitsArb,
        limitsArb,
        (sends, perKey, global) => {
          const result = minimumDuration(sends, perKey, global);
          for (const n of sends) expect(result).to.be.at.least(minimumDuration([n], perKey, []));
          const total = sends.reduce((a, b) => a + b, 0);
          expect(result).to.be.at.least(minimumDuration([total], [], global));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('rejects counts that are not whole numbers', () => {
    expect(() => minimumDuration([1, -1], TEAMS_CONVERSATION_LIMITS, [])).to.throw(/sendsPerKey\[1\]/);
    expect(() => minimumDuration([1.5], TEAMS_CONVERSATION_LIMITS, [])).to.throw(/sendsPerKey\[0\]/);
  });

  it('uses the global key shared by earliestSend and recordSend', () => {
    const global = new SlidingWindowLimiter([{ limit: 1, windowMs: 100 }]);
    const perKey = new SlidingWindowLimiter([]);
    recordSend(perKey, 'a', global, 0);
    expect(global.nextAllowedAt(GLOBAL_KEY, 0)).to.equal(100);
    expect(earliestSend(perKey, 'b', global, 0)).to.equal(100);
  });
});
