import { expect } from 'chai';
import fc from 'fast-check';
import {
  backoffDelay,
  classifyFailure,
  DEFAULT_BACKOFF,
  type FailureKind,
  MAX_RETRY_AFTER_MS,
  nextAttemptDelay,
  parseRetryAfter,
} from '../../src/outbox/retry-policy.js';

/** Sunday 5 January 2025, 12:00:00 UTC. */
const NOW = Date.UTC(2025, 0, 5, 12, 0, 0);

/** A random function that counts its calls and returns the given values in turn. */
function scripted(...values: number[]): { random: () => number; calls: () => number } {
  let calls = 0;
  return {
    random: () => values[calls++ % values.length]!,
    calls: () => calls,
  };
}

describe('retry policy: failure classification', () => {
  const table: [number | undefined, FailureKind][] = [
    [429, 'throttled'],
    [412, 'transient'],
    // 408 Request Timeout: botbuilder's own retry policy used to retry it in memory; now the outbox does.
    [408, 'transient'],
    [500, 'transient'],
    [502, 'transient'],
    [503, 'transient'],
    [504, 'transient'],
    [undefined, 'transient'],
    [403, 'permanent'],
    [404, 'permanent'],
    [400, 'permanent'],
    [401, 'permanent'],
    [413, 'permanent'],
    [410, 'permanent'],
    [507, 'transient'],
    [302, 'transient'],
  ];
  for (const [status, kind] of table) {
    it(`${status ?? 'no status (network error)'} → ${kind}`, () => {
      expect(classifyFailure(status)).to.equal(kind);
    });
  }
});

describe('retry policy: Retry-After', () => {
  it('reads delta seconds', () => {
    expect(parseRetryAfter('120', NOW)).to.equal(120_000);
    expect(parseRetryAfter('0', NOW)).to.equal(0);
    expect(parseRetryAfter(' 5 ', NOW)).to.equal(5000);
    expect(parseRetryAfter('1.5', NOW)).to.equal(1500);
  });

  it('reads an HTTP date in each of the three formats', () => {
    expect(parseRetryAfter('Sun, 05 Jan 2025 12:00:30 GMT', NOW)).to.equal(30_000);
    expect(parseRetryAfter('Sunday, 05-Jan-25 12:01:00 GMT', NOW)).to.equal(60_000);
    expect(parseRetryAfter('Sun Jan  5 12:00:10 2025', NOW)).to.equal(10_000);
    expect(parseRetryAfter('Sun, 05 Jan 2025 12:00:00 GMT', NOW)).to.equal(0);
  });

  it('caps long delays at one hour', () => {
    expect(MAX_RETRY_AFTER_MS).to.equal(3_600_000);
    expect(parseRetryAfter('999999', NOW)).to.equal(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('3601', NOW)).to.equal(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('3599', NOW)).to.equal(3_599_000);
    expect(parseRetryAfter('Sun, 05 Jan 2025 14:00:00 GMT', NOW)).to.equal(MAX_RETRY_AFTER_MS);
  });

  const invalid: (string | null | undefined)[] = [
    undefined,
    null,
    '',
    '   ',
    'soon',
    '-5',
    '5s',
    '1e3',
    '0x10',
    'Infinity',
    'NaN',
    '2025-01-05T12:00:30Z',
    '5 Jan 2025 12:00:30 GMT',
    'Sun, 05 Jan 2025 12:00:30 CET',
    'Sun, 31 Feb 2025 12:00:30 GMT',
    'Sun, 05 Jan 2025 25:00:30 GMT',
    'Sun, 05 Jan 2025 11:59:59 GMT',
  ];
  for (const value of invalid) {
    it(`ignores ${JSON.stringify(value)}`, () => {
      expect(parseRetryAfter(value, NOW)).to.equal(undefined);
    });
  }

  it('ignores a date already past (clock skew: fall back to backoff)', () => {
    expect(parseRetryAfter('Sat, 04 Jan 2025 12:00:00 GMT', NOW)).to.equal(undefined);
  });

  it('reads any whole number of seconds up to the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (seconds) => {
        expect(parseRetryAfter(String(seconds), NOW)).to.equal(Math.min(seconds * 1000, MAX_RETRY_AFTER_MS));
      }),
    );
  });

  it('reads any IMF-fixdate in the next hour as the time until it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3600 }), (seconds) => {
        const header = new Date(NOW + seconds * 1000).toUTCString();
        expect(parseRetryAfter(header, NOW)).to.equal(seconds * 1000);
      }),
    );
  });
});

describe('retry policy: backoff', () => {
  const options = { baseMs: 1000, maxMs: 30_000 };

  it('doubles the ceiling per attempt up to the maximum', () => {
    const top = () => 0.999_999_9;
    expect([1, 2, 3, 4, 5, 6, 7, 50, 5000].map((n) => backoffDelay(n, options, top))).to.deep.equal([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('draws uniformly from the whole range with the given random function', () => {
    const zero = scripted(0);
    expect(backoffDelay(3, options, zero.random)).to.equal(0);
    expect(zero.calls()).to.equal(1);
    const values = scripted(0.25, 0.5, 0.75);
    expect([1, 2, 3].map(() => backoffDelay(3, options, values.random))).to.deep.equal([1000, 2000, 3000]);
    expect(values.calls()).to.equal(3);
  });

  it('always stays within [0, min(max, base · 2^(attempt − 1))]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, baseMs, maxMs, r) => {
          const delay = backoffDelay(attempt, { baseMs, maxMs }, () => r);
          expect(Number.isInteger(delay)).to.equal(true);
          expect(delay).to.be.at.least(0);
          expect(delay).to.be.at.most(Math.min(maxMs, baseMs * 2 ** (attempt - 1)));
        },
      ),
    );
  });

  it('rejects invalid attempts, options and random values', () => {
    const random = () => 0.5;
    expect(() => backoffDelay(0, options, random)).to.throw(RangeError, /attempt/);
    expect(() => backoffDelay(1.5, options, random)).to.throw(RangeError, /attempt/);
    expect(() => backoffDelay(1, { baseMs: 0, maxMs: 10 }, random)).to.throw(RangeError, /baseMs/);
    expect(() => backoffDelay(1, { baseMs: 10, maxMs: -1 }, random)).to.throw(RangeError, /maxMs/);
    expect(() => backoffDelay(1, options, () => 1)).to.throw(RangeError, /random/);
    expect(() => backoffDelay(1, options, () => Number.NaN)).to.throw(RangeError, /random/);
  });

  it('has sane defaults', () => {
    expect(DEFAULT_BACKOFF.baseMs).to.be.greaterThan(0);
    expect(DEFAULT_BACKOFF.maxMs).to.be.at.least(DEFAULT_BACKOFF.baseMs);
  });
});

describe('retry policy: next attempt', () => {
  const backoff = { baseMs: 1000, maxMs: 60_000 };

  it('honours Retry-After for a 429 without drawing a random number', () => {
    const r = scripted(0.5);
    expect(
      nextAttemptDelay({ kind: 'throttled', attempt: 4, retryAfterMs: 7000, backoff, random: r.random }),
    ).to.equal(7000);
    expect(r.calls()).to.equal(0);
  });

  it('honours Retry-After on a transient failure too (503 with the header)', () => {
    expect(
      nextAttemptDelay({ kind: 'transient', attempt: 1, retryAfterMs: 2500, backoff, random: () => 0.9 }),
    ).to.equal(2500);
    expect(
      nextAttemptDelay({ kind: 'transient', attempt: 1, retryAfterMs: 0, backoff, random: () => 0.9 }),
    ).to.equal(0);
  });

  it('backs off with jitter when there is no Retry-After', () => {
    expect(nextAttemptDelay({ kind: 'throttled', attempt: 3, backoff, random: () => 0.5 })).to.equal(2000);
    expect(nextAttemptDelay({ kind: 'transient', attempt: 1, backoff, random: () => 0.5 })).to.equal(500);
    expect(
      nextAttemptDelay({ kind: 'transient', attempt: 2, retryAfterMs: Number.NaN, backoff, random: () => 0 }),
    ).to.equal(0);
  });

  it('caps a Retry-After given directly', () => {
    expect(
      nextAttemptDelay({
        kind: 'throttled',
        attempt: 1,
        retryAfterMs: 10 * 3_600_000,
        backoff,
        random: () => 0,
      }),
    ).to.equal(MAX_RETRY_AFTER_MS);
  });

  it('refuses to schedule a permanent failure', () => {
    expect(() => nextAttemptDelay({ kind: 'permanent', attempt: 1, backoff, random: () => 0 })).to.throw(
      /permanent/,
    );
  });
});
