import { expect } from 'chai';
import { signLink, verifyLink } from '../../src/app/signed-links.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const KIND = { prefix: '/api/test-export/', tag: 'mh-test-export/v1' };
const OTHER = { prefix: '/api/test-export/', tag: 'mh-other-export/v1' };
const NOW = Date.parse('2027-01-11T09:00:00Z');
const FIELDS = { locale: 'nb' as const, person: '00000000-0000-0000-0000-000000000001' };

describe('signed links', () => {
  const link = signLink(SECRET, KIND, 'round/2026.md', FIELDS, NOW + 15 * 60_000);

  it('When a link it signed comes back in time, then it opens that path, language and person', () => {
    expect(link).to.match(/^\/api\/test-export\/round\/2026\.md\?lang=nb&by=[\w-]+&exp=\d+&sig=[\w-]{43}$/);
    expect(verifyLink(SECRET, KIND, link, NOW)).to.deep.equal({ ok: true, path: 'round/2026.md', ...FIELDS });
  });

  it('When it comes back after its expiry, then it is expired', () => {
    expect(verifyLink(SECRET, KIND, link, NOW + 15 * 60_000)).to.deep.equal({ ok: false, reason: 'expired' });
  });

  const tampered: [string, string][] = [
    ['another path', link.replace('2026.md', '2025.md')],
    ['another format', link.replace('2026.md', '2026.csv')],
    ['another language', link.replace('lang=nb', 'lang=en')],
    ['another person', link.replace('by=00000000', 'by=10000000')],
    ['a later expiry', link.replace(/exp=(\d+)/, (_, e: string) => `exp=${Number(e) + 3600}`)],
  ];
  for (const [what, url] of tampered) {
    it(`When ${what} is put in, then the signature does not match`, () => {
      expect(verifyLink(SECRET, KIND, url, NOW)).to.deep.equal({ ok: false, reason: 'bad-signature' });
    });
  }

  it("When another feature's tag or secret checks it, then it does not open", () => {
    expect(verifyLink(SECRET, OTHER, link, NOW)).to.deep.equal({ ok: false, reason: 'bad-signature' });
    expect(verifyLink(`${SECRET}x`, KIND, link, NOW)).to.deep.equal({ ok: false, reason: 'bad-signature' });
  });

  for (const url of [
    `${link}&x=1`,
    link.replace('?lang', '/?lang'),
    link.replace('/api/test-export/', '/api/other/'),
    '/api/test-export/../x?lang=nb',
  ]) {
    it(`When the link is malformed (${url.slice(0, 40)}…), then it is refused as malformed`, () => {
      expect(verifyLink(SECRET, KIND, url, NOW)).to.deep.equal({ ok: false, reason: 'malformed' });
    });
  }

  it('When asked to sign a path with "..", upper case or a short secret, then it throws', () => {
    expect(() => signLink(SECRET, KIND, '../x.md', FIELDS, NOW)).to.throw(/bad path/);
    expect(() => signLink(SECRET, KIND, 'Round.md', FIELDS, NOW)).to.throw(/bad path/);
    expect(() => signLink('short', KIND, 'x.md', FIELDS, NOW)).to.throw(/at least 32 bytes/);
  });
});
