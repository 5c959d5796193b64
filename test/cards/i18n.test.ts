import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { cardsFile } from '../../src/cards/cards-dir.js';
import {
  type Catalog,
  catalog,
  formatDate,
  formatDateTime,
  interpolate,
  LOCALES,
  mergeCatalogs,
  pickLocale,
  readCatalog,
  t,
} from '../../src/cards/i18n.js';
import { FEATURES } from '../../src/features/index.js';
import { catalogLeaves } from './card-checks.js';

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

describe('messages in the catalogs', () => {
  /** Every message string in a catalog, with its dotted key. */
  function messages(node: unknown, path = ''): [string, string][] {
    if (typeof node === 'string') return [[path, node]];
    if (typeof node !== 'object' || node === null) return [];
    return Object.entries(node).flatMap(([key, child]) => messages(child, path ? `${path}.${key}` : key));
  }

  it('never start with what Adaptive Card Markdown turns into a list ("+ 12 til" became "• 12 til")', () => {
    for (const locale of LOCALES)
      for (const [key, text] of messages(catalog(locale)))
        expect(/^\s*([-+*]|\d+\.)\s/.test(text), `${locale} ${key}: ${text}`).to.equal(false);
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

describe('catalog files: the core and one per feature', () => {
  /** The JSON files of a folder under cards/, sorted. */
  const jsonFiles = (dir: string) =>
    readdirSync(cardsFile(dir))
      .filter((f) => f.endsWith('.json'))
      .sort();
  const read = (file: string) => JSON.parse(readFileSync(cardsFile(file), 'utf8')) as Catalog;
  const keys = (file: string) => catalogLeaves(read(file)).map(([key]) => key);

  it('are cards/i18n/<locale>.json and cards/i18n/<locale>/<feature>.json, the same files for each locale', () => {
    expect(jsonFiles('i18n/')).to.deep.equal(LOCALES.map((l) => `${l}.json`).sort());
    const nbFiles = jsonFiles('i18n/nb/');
    expect(nbFiles).to.include.members(['join.json', 'guidance.json']);
    for (const locale of LOCALES) expect(jsonFiles(`i18n/${locale}/`), locale).to.deep.equal(nbFiles);
    const features = FEATURES.map((f) => f.name);
    for (const file of nbFiles)
      expect(features, `${file} is named for a feature`).to.include(file.slice(0, -5));
  });

  it('have the same keys in nb and en, file by file', () => {
    expect(keys('i18n/en.json').sort(), 'core').to.deep.equal(keys('i18n/nb.json').sort());
    for (const file of jsonFiles('i18n/nb/'))
      expect(keys(`i18n/en/${file}`).sort(), file).to.deep.equal(keys(`i18n/nb/${file}`).sort());
  });

  it("keep each feature's section in its own file, out of the core's", () => {
    for (const locale of LOCALES) {
      expect(read(`i18n/${locale}.json`), locale).not.to.have.any.keys('join', 'guidance');
      expect(Object.keys(read(`i18n/${locale}/join.json`)), locale).to.deep.equal(['join']);
      expect(Object.keys(read(`i18n/${locale}/guidance.json`)), locale).to.deep.equal(['guidance']);
    }
  });

  it('merge into the catalog the code and the templates use', () => {
    for (const locale of LOCALES) {
      const merged = catalog(locale);
      const files = [
        `i18n/${locale}.json`,
        ...jsonFiles(`i18n/${locale}/`).map((f) => `i18n/${locale}/${f}`),
      ];
      expect(Object.keys(merged).sort()).to.deep.equal(files.flatMap((f) => Object.keys(read(f))).sort());
      for (const file of files)
        for (const [key, value] of Object.entries(read(file))) expect(merged[key]).to.deep.equal(value);
    }
    const join = read('i18n/nb/join.json').join as Catalog;
    expect(t('nb', 'join.receipt.title')).to.equal((join.receipt as Catalog).title);
    expect(t('en', 'guidance.help.commands.ask.words')).to.equal('ask / spør');
    expect(t('nb', 'help.commands.help.words')).to.equal('hjelp / help');
  });
});

describe('mergeCatalogs', () => {
  it('puts the top-level keys of every file side by side, and freezes the result', () => {
    const merged = mergeCatalogs([
      { file: 'i18n/nb.json', catalog: { app: { name: 'MH' }, help: { title: 'Hjelp' } } },
      { file: 'i18n/nb/join.json', catalog: { join: { title: 'Bli med' } } },
    ]);
    expect(merged).to.deep.equal({
      app: { name: 'MH' },
      help: { title: 'Hjelp' },
      join: { title: 'Bli med' },
    });
    expect(Object.isFrozen(merged)).to.equal(true);
  });

  it('refuses a top-level key defined twice, naming the key and both files', () => {
    expect(() =>
      mergeCatalogs([
        { file: 'i18n/nb.json', catalog: { help: { title: 'Hjelp' } } },
        { file: 'i18n/nb/join.json', catalog: { join: { title: 'Bli med' } } },
        { file: 'i18n/nb/meetings.json', catalog: { help: { title: 'Møter' } } },
      ]),
    ).to.throw('The message catalog key "help" is defined in both i18n/nb.json and i18n/nb/meetings.json');
  });
});

describe('readCatalog', () => {
  let dir: string;
  const write = (file: string, content: unknown) => {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), JSON.stringify(content));
  };
  const cardsDir = () => pathToFileURL(`${dir}/`);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mh-catalog-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the core file and every feature's file of the locale, and only that locale's", () => {
    write('i18n/nb.json', { help: { title: 'Hjelp' } });
    write('i18n/nb/join.json', { join: { title: 'Bli med' } });
    write('i18n/nb/guidance.json', { guidance: { title: 'Veiledning' } });
    write('i18n/nb/README.txt', 'not a catalog');
    write('i18n/en.json', { help: { title: 'Help' } });
    write('i18n/en/join.json', { join: { title: 'Join' } });
    expect(readCatalog('nb', cardsDir())).to.deep.equal({
      help: { title: 'Hjelp' },
      guidance: { title: 'Veiledning' },
      join: { title: 'Bli med' },
    });
    expect(readCatalog('en', cardsDir())).to.deep.equal({ help: { title: 'Help' }, join: { title: 'Join' } });
  });

  it('reads the core file alone when the locale has no feature files', () => {
    write('i18n/nb.json', { help: { title: 'Hjelp' } });
    expect(readCatalog('nb', cardsDir())).to.deep.equal({ help: { title: 'Hjelp' } });
  });

  it('throws at load when two files define the same top-level key', () => {
    write('i18n/nb.json', { help: { title: 'Hjelp' }, join: { title: 'Bli med' } });
    write('i18n/nb/join.json', { join: { title: 'Bli med' } });
    expect(() => readCatalog('nb', cardsDir())).to.throw(
      'The message catalog key "join" is defined in both i18n/nb.json and i18n/nb/join.json',
    );
  });

  it('throws on a missing core file and on a malformed feature file, naming the file', () => {
    expect(() => readCatalog('nb', cardsDir())).to.throw('Cannot read the message catalog i18n/nb.json');
    write('i18n/nb.json', { help: { title: 'Hjelp' } });
    write('i18n/nb/join.json', { join: { title: ['Bli med'] } });
    expect(() => readCatalog('nb', cardsDir())).to.throw(
      'The message catalog i18n/nb/join.json is malformed at "join.title"',
    );
  });
});
