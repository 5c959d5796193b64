import { expect } from 'chai';
import { devClock } from '../../src/app/dev-clock.js';

describe('the development clock (DEV_CLOCK_START)', () => {
  it('starts at the instant given and runs on at the real pace', () => {
    let real = 1_000_000;
    const clock = devClock('2026-03-09T07:55:00+01:00', () => real);
    expect(clock().toISOString()).to.equal('2026-03-09T06:55:00.000Z');
    real += 90_000;
    expect(clock().toISOString()).to.equal('2026-03-09T06:56:30.000Z');
  });

  it('refuses what is not an instant', () => {
    expect(() => devClock('tomorrow')).to.throw(RangeError);
  });
});
