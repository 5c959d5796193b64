import { expect } from 'chai';
import fc from 'fast-check';
import {
  type ExportLink,
  signExportLink,
  verifyExportLink,
} from '../../../src/features/agenda/export-links.js';

const SECRET = 'k'.repeat(32);
const OTHER_SECRET = 'j'.repeat(32);
const SERIES = '3f2b8c1e-5d4a-4e6f-9a7b-0c1d2e3f4a5b';
const PERSON = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const OTHER_PERSON = '9b2f0e11-1c7a-4e33-8d0e-2b4c6d8e0f12';
const NOW = Date.parse('2027-01-12T12:00:00Z');
const LATER = NOW + 15 * 60_000;

const meeting: ExportLink = {
  target: { kind: 'meeting', seriesId: SERIES, occurrence: '2027-01-12' },
  format: 'md',
  locale: 'nb',
  person: PERSON,
};
const year: ExportLink = {
  target: { kind: 'year', year: '2027' },
  format: 'csv',
  locale: 'en',
  person: PERSON,
};

const sign = (link: ExportLink, at = LATER) => signExportLink(SECRET, link, at);
const sigOf = (url: string) => /sig=([\w-]+)$/.exec(url)![1]!;
/** `url` with the signature of `other`: a link for one thing carrying another's signature. */
const withSigOf = (url: string, other: string) => url.replace(/sig=[\w-]+$/, `sig=${sigOf(other)}`);

describe('agenda export links', () => {
  it('signs a meeting and a year in the documented form', () => {
    const exp = Math.floor(LATER / 1000);
    expect(sign(meeting)).to.match(
      new RegExp(
        `^/api/agenda-export/meeting/${SERIES}/2027-01-12\\.md\\?lang=nb&by=${PERSON}&exp=${exp}&sig=[\\w-]{43}$`,
      ),
    );
    expect(sign(year)).to.match(
      new RegExp(`^/api/agenda-export/year/2027\\.csv\\?lang=en&by=${PERSON}&exp=${exp}&sig=[\\w-]{43}$`),
    );
  });

  it('round-trips what a link binds: the target, the format, the language and the person', () => {
    expect(verifyExportLink(SECRET, sign(meeting), NOW)).to.deep.equal({ ok: true, ...meeting });
    expect(verifyExportLink(SECRET, sign(year), NOW)).to.deep.equal({ ok: true, ...year });
  });

  it('refuses an expired link, and says expired only for a link it signed', () => {
    const link = sign(meeting);
    expect(verifyExportLink(SECRET, link, LATER - 1000).ok).to.equal(true);
    expect(verifyExportLink(SECRET, link, LATER)).to.deep.equal({ ok: false, reason: 'expired' });
    expect(verifyExportLink(SECRET, link, LATER + 86_400_000)).to.deep.equal({
      ok: false,
      reason: 'expired',
    });
    expect(verifyExportLink(OTHER_SECRET, link, LATER + 1000)).to.deep.equal({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses a link signed with another secret', () => {
    expect(verifyExportLink(OTHER_SECRET, sign(meeting), NOW)).to.deep.equal({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses a link moved to another person, format, language, meeting, date or year', () => {
    const link = sign(meeting);
    const yearLink = sign(year);
    const tampered = [
      link.replace(`by=${PERSON}`, `by=${OTHER_PERSON}`),
      link.replace('.md?', '.csv?'),
      link.replace('lang=nb', 'lang=en'),
      link.replace(SERIES, SERIES.replace(/^3/, '4')),
      link.replace('2027-01-12', '2027-01-19'),
      yearLink.replace('year/2027', 'year/2026'),
      yearLink.replace('.csv?', '.md?'),
    ];
    for (const url of tampered) {
      expect(url).to.not.equal(link);
      expect(verifyExportLink(SECRET, url, NOW), url).to.deep.equal({ ok: false, reason: 'bad-signature' });
    }
  });

  it('does not let one link’s signature open another: other person, other format, other target', () => {
    const link = sign(meeting);
    for (const other of [
      sign({ ...meeting, person: OTHER_PERSON }),
      sign({ ...meeting, format: 'csv' }),
      sign({ ...meeting, locale: 'en' }),
      sign({ ...meeting, target: { kind: 'meeting', seriesId: SERIES, occurrence: '2027-02-09' } }),
      sign({ ...meeting, target: { kind: 'year', year: '2027' } }),
      sign(meeting, LATER + 1000),
    ]) {
      expect(sigOf(other)).to.not.equal(sigOf(link));
      expect(verifyExportLink(SECRET, withSigOf(link, other), NOW)).to.deep.equal({
        ok: false,
        reason: 'bad-signature',
      });
    }
  });

  it('refuses links that are not in the one accepted form as malformed', () => {
    const link = sign(meeting);
    const exp = String(Math.floor(LATER / 1000));
    for (const url of [
      '',
      '/api/agenda-export/',
      link.replace('/api/agenda-export/', '/api/agenda-export/../'),
      link.replace('.md?', '.txt?'),
      link.replace('lang=nb', 'lang=de'),
      `${link}&x=1`,
      link.replace(`exp=${exp}`, `exp=0${exp}`),
      link.replace(/&sig=[\w-]+$/, ''),
      link.replace(/sig=[\w-]+$/, 'sig=short'),
      link.replace(SERIES, SERIES.toUpperCase()),
      link.replace('2027-01-12', '2027-1-12'),
      link.replace(`by=${PERSON}`, 'by='),
      link.replace(`by=${PERSON}`, 'by=a--b'),
      link.replace('lang=nb&by', 'by').replace(`=${PERSON}&`, `=${PERSON}&lang=nb&`),
      sign(year).replace('year/2027', 'year/27'),
      `https://bot.example${link}`,
    ]) {
      expect(verifyExportLink(SECRET, url, NOW), url).to.deep.equal({ ok: false, reason: 'malformed' });
    }
  });

  it('refuses what does not fit a link when signing: ids, format, language, person, expiry, a short secret', () => {
    for (const seriesId of ['', 'Series', 'a/b', 'a_b', '-a', 'a--b', 'a\nb', 'x'.repeat(65)])
      expect(() =>
        sign({ ...meeting, target: { kind: 'meeting', seriesId, occurrence: '2027-01-12' } }),
      ).to.throw(/series/);
    for (const occurrence of ['', '2027/01/12', '../x', '2027-01-12.md'])
      expect(() => sign({ ...meeting, target: { kind: 'meeting', seriesId: SERIES, occurrence } })).to.throw(
        /occurrence/,
      );
    for (const y of ['', '27', '20271', '../2027'])
      expect(() => sign({ ...meeting, target: { kind: 'year', year: y } })).to.throw(/year/);
    expect(() => sign({ ...meeting, format: 'pdf' as never })).to.throw(/format/);
    expect(() => sign({ ...meeting, locale: 'de' as never })).to.throw(/language/);
    for (const person of ['', 'a b', 'a&x=1', 'a\nb', 'x'.repeat(65)])
      expect(() => sign({ ...meeting, person })).to.throw(/person/);
    expect(() => sign(meeting, Number.NaN)).to.throw(/expiry/);
    expect(() => sign(meeting, 0)).to.throw(/expiry/);
    expect(() => signExportLink('k'.repeat(31), meeting, LATER)).to.throw(/32 bytes/);
    expect(() => verifyExportLink('k'.repeat(31), sign(meeting), NOW)).to.throw(/32 bytes/);
  });

  it('refuses any single-character change, insertion or deletion', () => {
    const links = [sign(meeting), sign(year)];
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
          expect(verifyExportLink(SECRET, changed, NOW).ok, changed).to.equal(false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses the spare-bit respelling of the signature', () => {
    const link = sign(meeting);
    const last = link.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const url = link.slice(0, -1) + alphabet[alphabet.indexOf(last) ^ 1]!;
    expect(Buffer.from(sigOf(url), 'base64url').equals(Buffer.from(sigOf(link), 'base64url'))).to.equal(true);
    expect(verifyExportLink(SECRET, url, NOW)).to.deep.equal({ ok: false, reason: 'bad-signature' });
  });
});
