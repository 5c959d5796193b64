import { expect } from 'chai';
import fc from 'fast-check';
import { signCalendarLink, verifyCalendarLink } from '../../../src/features/meetings/calendar-links.js';

const SECRET = 'k'.repeat(32);
const OTHER_SECRET = 'j'.repeat(32);
const SERIES = '3f2b8c1e-5d4a-4e6f-9a7b-0c1d2e3f4a5b';
const NOW = Date.parse('2026-12-01T12:00:00Z');
const LATER = NOW + 30 * 86_400_000;

const seriesLink = () => signCalendarLink(SECRET, { series: SERIES }, LATER);
const occurrenceLink = () => signCalendarLink(SECRET, { series: SERIES, occurrence: '2027-01-12' }, LATER);

describe('calendar links', () => {
  it('signs the whole series and one occurrence in the documented form', () => {
    const exp = Math.floor(LATER / 1000);
    expect(seriesLink()).to.match(new RegExp(`^/api/calendar/${SERIES}\\.ics\\?exp=${exp}&sig=[\\w-]{43}$`));
    expect(occurrenceLink()).to.match(
      new RegExp(`^/api/calendar/${SERIES}/2027-01-12\\.ics\\?exp=${exp}&sig=[\\w-]{43}$`),
    );
  });

  it('round-trips a series link and an occurrence link', () => {
    expect(verifyCalendarLink(SECRET, seriesLink(), NOW)).to.deep.equal({ ok: true, series: SERIES });
    expect(verifyCalendarLink(SECRET, occurrenceLink(), NOW)).to.deep.equal({
      ok: true,
      series: SERIES,
      occurrence: '2027-01-12',
    });
  });

  it('refuses an expired link, and says expired only for a link it signed', () => {
    const link = seriesLink();
    expect(verifyCalendarLink(SECRET, link, LATER - 1000)).to.deep.include({ ok: true });
    expect(verifyCalendarLink(SECRET, link, LATER)).to.deep.equal({ ok: false, reason: 'expired' });
    expect(verifyCalendarLink(SECRET, link, LATER + 86_400_000)).to.deep.equal({
      ok: false,
      reason: 'expired',
    });
    expect(verifyCalendarLink(OTHER_SECRET, link, LATER + 86_400_000)).to.deep.equal({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses a link signed with another secret', () => {
    expect(verifyCalendarLink(OTHER_SECRET, seriesLink(), NOW)).to.deep.equal({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses a tampered series, occurrence, expiry or signature', () => {
    const link = occurrenceLink();
    const exp = String(Math.floor(LATER / 1000));
    const later = String(Number(exp) + 86_400);
    const tampered = [
      link.replace(SERIES, SERIES.replace(/^3/, '4')),
      link.replace('2027-01-12', '2027-01-19'),
      link.replace(`/${'2027-01-12'}.ics`, '.ics'),
      link.replace(`exp=${exp}`, `exp=${later}`),
      link.replace(/sig=([\w-])/, (_, c: string) => `sig=${c === 'A' ? 'B' : 'A'}`),
    ];
    for (const url of tampered) {
      expect(url).to.not.equal(link);
      expect(verifyCalendarLink(SECRET, url, NOW)).to.deep.equal({ ok: false, reason: 'bad-signature' });
    }
  });

  it('does not let a link for one series open another, nor an occurrence link open the series', () => {
    const other = signCalendarLink(SECRET, { series: 'series-2' }, LATER);
    const sig = /sig=([\w-]+)$/.exec(other)?.[1];
    expect(sig).to.be.a('string');
    const swapped = seriesLink().replace(/sig=[\w-]+$/, `sig=${sig}`);
    expect(verifyCalendarLink(SECRET, swapped, NOW)).to.deep.equal({ ok: false, reason: 'bad-signature' });
    const occSig = /sig=([\w-]+)$/.exec(occurrenceLink())?.[1];
    const toSeries = seriesLink().replace(/sig=[\w-]+$/, `sig=${occSig}`);
    expect(verifyCalendarLink(SECRET, toSeries, NOW)).to.deep.equal({ ok: false, reason: 'bad-signature' });
  });

  it('refuses links that are not in the one accepted form as malformed', () => {
    const link = seriesLink();
    const exp = String(Math.floor(LATER / 1000));
    for (const url of [
      '',
      '/api/calendar/',
      link.replace('/api/calendar/', '/api/calendar/../'),
      link.replace('.ics?', '.ical?'),
      `${link}&x=1`,
      link.replace(`exp=${exp}`, `exp=0${exp}`),
      link.replace('exp=', 'e=').replace('sig=', 's='),
      link.replace(/sig=[\w-]+$/, 'sig=short'),
      link.replace(SERIES, SERIES.toUpperCase()),
      `https://bot.example${link}`,
    ]) {
      expect(verifyCalendarLink(SECRET, url, NOW), url).to.deep.equal({ ok: false, reason: 'malformed' });
    }
  });

  it('refuses malformed ids, a bad expiry and short secrets when signing', () => {
    for (const series of ['', 'Series', 'a/b', 'a_b', '-a', 'a-', 'a--b', 'a.b', 'a\nb', 'x'.repeat(65)]) {
      expect(() => signCalendarLink(SECRET, { series }, LATER), JSON.stringify(series)).to.throw(/series/);
    }
    for (const occurrence of ['', '2027/01/12', '../x', '2027-01-12.ics']) {
      expect(() => signCalendarLink(SECRET, { series: SERIES, occurrence }, LATER)).to.throw(/occurrence/);
    }
    expect(() => signCalendarLink(SECRET, { series: SERIES }, Number.NaN)).to.throw(/expiry/);
    expect(() => signCalendarLink(SECRET, { series: SERIES }, 0)).to.throw(/expiry/);
    expect(() => signCalendarLink('k'.repeat(31), { series: SERIES }, LATER)).to.throw(/32 bytes/);
    expect(() => verifyCalendarLink('k'.repeat(31), seriesLink(), NOW)).to.throw(/32 bytes/);
    // Bytes, not characters: 16 two-byte letters are 32 bytes.
    expect(() => signCalendarLink('ø'.repeat(16), { series: SERIES }, LATER)).to.not.throw();
  });

  it('refuses any single-character change, insertion or deletion', () => {
    const links = [seriesLink(), occurrenceLink()];
    const chars = fc.constantFrom(...'abcdefxyzABCXYZ0123456789-_./?&=%~ \n'.split(''));
    fc.assert(
      fc.property(
        fc.constantFrom(...links),
        fc.nat(),
        chars,
        fc.constantFrom('replace', 'insert', 'delete'),
        (link, at, c, edit) => {
          const i = at % link.length;
          const changed =
            edit === 'replace'
              ? link.slice(0, i) + c + link.slice(i + 1)
              : edit === 'insert'
                ? link.slice(0, i) + c + link.slice(i)
                : link.slice(0, i) + link.slice(i + 1);
          fc.pre(changed !== link);
          expect(verifyCalendarLink(SECRET, changed, NOW).ok, changed).to.equal(false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses the spare-bit respelling of the signature', () => {
    // The 43rd base64url character holds 4 bits of the digest and 2 spare bits: flipping a spare
    // bit gives a different text that decodes to the same bytes.
    const link = seriesLink();
    const last = link.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelt = alphabet[alphabet.indexOf(last) ^ 1]!;
    const url = link.slice(0, -1) + respelt;
    const sig = (u: string) => Buffer.from(/sig=([\w-]+)$/.exec(u)![1]!, 'base64url');
    expect(sig(url).equals(sig(link))).to.equal(true);
    expect(verifyCalendarLink(SECRET, url, NOW)).to.deep.equal({ ok: false, reason: 'bad-signature' });
  });
});
