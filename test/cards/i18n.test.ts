import { expect } from 'chai';
import { catalog, formatDate, formatDateTime, interpolate, pickLocale, t } from '../../src/cards/i18n.js';

describe('pickLocale', () => {
  it('picks English for any English Teams client', () => {
    for (const locale of ['en', 'en-US', 'en-GB', 'EN-us', 'en_GB', ' en-us '])
      expect(pickLocale(locale), locale).to.equal('en');
  });

  it('picks bokmål for Norwegian, other languages and nothing', () => {
    for (const locale of ['nb', 'nb-NO', 'nn-NO', 'no', 'sv-SE', 'de-DE', 'eng', '', null, undefined])
      expect(pickLocale(locale), String(locale)).to.equal('nb');
  });
});

describe('t', () => {
  it('finds nested messages in both languages', () => {
    expect(t('nb', 'department.OPA')).to.equal('Oppholdsavdelingen (OPA)');
    expect(t('en', 'department.short.RMA')).to.equal('RMA');
    expect(t('nb', 'join.errors.missing-unit'))
      .to.be.a('string')
      .and.not.equal(t('en', 'join.errors.missing-unit'));
  });

  it('fills {name} placeholders, numbers included', () => {
    expect(t('nb', 'notice.alreadyDecided.text', { name: 'Ingrid Berg' })).to.equal(
      'Ingrid Berg har allerede behandlet denne forespørselen.',
    );
    expect(t('en', 'members.totalMany', { count: 24 })).to.equal('24 people are in the network.');
  });

  it('throws on a missing key, a key that is not a message, or a missing value', () => {
    expect(() => t('nb', 'notice.nope.title')).to.throw('Missing message "notice.nope.title"');
    expect(() => t('en', 'notice.forbidden')).to.throw('Missing message');
    expect(() => t('nb', 'notice.alreadyDecided.text')).to.throw('{name}');
  });

  it('interpolates only word placeholders and leaves other braces alone', () => {
    expect(interpolate('{a} og {b}', { a: 1, b: 'to' })).to.equal('1 og to');
    expect(interpolate('ingen { plassholder }', {})).to.equal('ingen { plassholder }');
  });

  it('returns the cached, frozen catalog', () => {
    const nb = catalog('nb');
    expect(catalog('nb')).to.equal(nb);
    expect(Object.isFrozen(nb)).to.equal(true);
    expect(Object.isFrozen(nb.notice)).to.equal(true);
  });
});

describe('formatDateTime', () => {
  it('formats in Europe/Oslo in winter (UTC+1)', () => {
    expect(formatDateTime('nb', '2026-11-24T13:05:00Z')).to.equal('24.\u00a0nov. 2026 kl. 14:05');
    expect(formatDateTime('en', '2026-11-24T13:05:00Z')).to.equal('24 Nov 2026, 14:05');
  });

  it('formats in Europe/Oslo in summer (UTC+2), across midnight', () => {
    expect(formatDateTime('nb', '2026-05-03T22:30:00Z')).to.equal('4.\u00a0mai 2026 kl. 00:30');
    expect(formatDateTime('en', '2026-05-03T22:30:00Z')).to.equal('4 May 2026, 00:30');
  });

  it('follows the DST change', () => {
    // Clocks go forward at 02:00 local on 29 March 2026.
    expect(formatDateTime('nb', '2026-03-29T00:59:00Z')).to.equal('29.\u00a0mars 2026 kl. 01:59');
    expect(formatDateTime('nb', '2026-03-29T01:00:00Z')).to.equal('29.\u00a0mars 2026 kl. 03:00');
  });

  it('accepts offsets and throws on a non-date', () => {
    expect(formatDateTime('en', '2026-01-02T09:00:00+01:00')).to.equal('2 Jan 2026, 09:00');
    expect(() => formatDateTime('nb', 'i morgen')).to.throw('not a valid ISO timestamp');
  });

  it('never starts with what Markdown reads as a numbered list ("24. ")', () => {
    for (const iso of ['2026-11-24T13:05:00Z', '2026-01-02T09:00:00Z']) {
      expect(formatDateTime('nb', iso)).not.to.match(/^\d+\. /);
    }
    expect(formatDate('nb', '2026-11-27')).to.equal('27.\u00a0nov. 2026');
    expect(formatDate('en', '2026-11-27')).to.equal('27 Nov 2026');
    expect(() => formatDate('nb', '27.11.2026')).to.throw('not a YYYY-MM-DD date');
  });
});
