import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { Template } from 'adaptivecards-templating';
import { expect } from 'chai';
import type { CardName } from '../../src/cards/card-data.js';
import { CARDS_DIR } from '../../src/cards/cards-dir.js';
import { catalog, LOCALES, t } from '../../src/cards/i18n.js';
import { NOTICE_KINDS, noticeData } from '../../src/cards/notice.js';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  type AdaptiveCardJson,
  cardAttachment,
  inlineCatalog,
  readTemplate,
  renderCard,
  renderTemplate,
} from '../../src/cards/render.js';
import { isVerb, VERBS } from '../support/features.js';
import { FIXTURES } from './fixtures/index.js';

/** Text that looks like a template binding (written without a literal "${" so no linter mistakes it). */
const binding = (expression: string): string => `$${'{'}${expression}}`;

const repoRoot = new URL('../../', import.meta.url);

describe('renderCard', () => {
  it('injects the locale catalog as t', () => {
    const nb = renderCard('join-receipt', { reference: 'MH-2026-0042', roleText: 'Kontaktperson' }, 'nb');
    const en = renderCard('join-receipt', { reference: 'MH-2026-0042', roleText: 'Contact person' }, 'en');
    expect(JSON.stringify(nb)).to.include(t('nb', 'join.receipt.title'));
    expect(JSON.stringify(en)).to.include(t('en', 'join.receipt.title'));
  });

  it('throws when a binding stays unresolved (data missing a required field)', () => {
    const incomplete = { reference: 'MH-2026-0042' } as unknown as { reference: string; roleText: string };
    expect(() => renderCard('join-receipt', incomplete, 'nb')).to.throw('unresolved bindings');
  });

  it('never lets text from people look like a binding', () => {
    const card = renderCard(
      'welcome',
      {
        displayName: binding('t.welcome.title'),
        isMember: true,
        scope: 'personal',
        prompts: [],
        buttons: [],
      },
      'nb',
    );
    const json = JSON.stringify(card);
    expect(json).to.not.include('${');
    expect(json).to.include('Hei, $\u2060{t.welcome.title}!');
  });

  it('does not change the caller data', () => {
    const data = {
      displayName: `Kari ${binding('x')}`,
      isMember: false,
      scope: 'personal' as const,
      prompts: [],
      buttons: [],
    };
    renderCard('welcome', data, 'en');
    expect(data.displayName).to.equal(`Kari ${binding('x')}`);
    expect(data.displayName).to.equal('Kari $' + '{x}');
  });

  it('leaves out an empty action bar and returns fresh objects each time', () => {
    const data = {
      requestId: 'r1',
      reference: 'R',
      roleText: 'X',
      approved: false,
      decidedByName: 'Ingrid Berg',
    };
    const first = renderCard('join-outcome', data, 'nb');
    expect(first).to.not.have.property('actions');
    first.body = [];
    expect(renderCard('join-outcome', data, 'nb').body).to.not.be.empty;
  });

  it('wraps a card as an attachment', () => {
    const card = renderCard('notice', noticeData('nb', 'error'), 'nb');
    expect(cardAttachment(card)).to.deep.equal({ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card });
  });
});

describe('renderTemplate', () => {
  it("renders any template by name, a feature's as the core's, as renderCard does", () => {
    const data = { reference: 'MH-2026-0042', roleText: 'Kontaktperson' };
    expect(renderTemplate('join-receipt', data, 'nb')).to.deep.equal(renderCard('join-receipt', data, 'nb'));
    expect(JSON.stringify(renderTemplate('notice', noticeData('en', 'error'), 'en'))).to.include(
      t('en', 'notice.error.title'),
    );
  });

  it('has the same checks: unresolved bindings and templates that are not cards throw', () => {
    expect(() => renderTemplate('join-receipt', { reference: 'R' }, 'nb')).to.throw('unresolved bindings');
    expect(() => renderTemplate('no-such-card', {}, 'nb')).to.throw('Cannot read the card template');
  });

  it('takes only the name of a file in cards/, nothing outside it', () => {
    for (const name of ['../package', 'i18n/nb', 'Help', 'help.json', '', '-help'])
      expect(() => renderTemplate(name, {}, 'nb'), name).to.throw('is not the name of a card template');
  });
});

describe('the core card modules', () => {
  it('import nothing from the features (src/cards/*.ts)', () => {
    const dir = new URL('src/cards/', repoRoot);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts')))
      expect(readFileSync(new URL(file, dir), 'utf8'), file).not.to.match(/from '[./]*features\//);
  });
});

describe('cards directory', () => {
  it('resolves to the repository cards/ folder from src/cards/', () => {
    expect(CARDS_DIR.href).to.equal(new URL('cards/', repoRoot).href);
  });

  it('resolves to the same folder from the compiled dist/cards/ (per tsconfig.build.json)', () => {
    const build = JSON.parse(readFileSync(new URL('tsconfig.build.json', repoRoot), 'utf8')) as {
      compilerOptions: { rootDir: string; outDir: string };
    };
    const { rootDir, outDir } = build.compilerOptions;
    const compiled = posix.join(outDir, posix.relative(rootDir, 'src/cards/cards-dir.js'));
    expect(compiled).to.equal('dist/cards/cards-dir.js');
    const fromDist = new URL('../../cards/', new URL(compiled, repoRoot));
    expect(fromDist.href).to.equal(new URL('cards/', repoRoot).href);
  });
});

describe('noticeData', () => {
  it('builds every standard notice in both languages', () => {
    for (const kind of NOTICE_KINDS)
      for (const locale of ['nb', 'en'] as const) {
        const data = noticeData(locale, kind, {
          vars: { name: 'Ingrid Berg', reference: 'MH-2026-0042', count: 3 },
        });
        expect(data.title, `${locale} ${kind}`).to.equal(t(locale, `notice.${kind}.title`));
        expect(renderCard('notice', data, locale).type).to.equal('AdaptiveCard');
      }
  });

  it('uses sensible default styles and lets the caller override them', () => {
    expect(noticeData('nb', 'privacy').style).to.equal('attention');
    expect(noticeData('nb', 'unitsSaved').style).to.equal('good');
    expect(noticeData('nb', 'unknownCommand').showHelp).to.equal(true);
    expect(noticeData('nb', 'forbidden', { style: 'attention', showHelp: true })).to.include({
      style: 'attention',
      showHelp: true,
    });
  });

  it('tells how many dead letters are being sent again', () => {
    const retried = noticeData('nb', 'deliveryRetried', { vars: { count: 12 } });
    expect(retried.style).to.equal('good');
    expect(retried.text).to.include('12');
    expect(() => noticeData('en', 'deliveryRetried')).to.throw('{count}');
    expect(noticeData('en', 'nothingToRetry')).to.include({ style: 'default', showHelp: false });
  });

  it('fills the name of whoever already decided', () => {
    expect(noticeData('en', 'alreadyDecided', { vars: { name: 'Jonas Haugen' } }).text).to.equal(
      'Jonas Haugen has already decided on this request.',
    );
    expect(() => noticeData('en', 'alreadyDecided')).to.throw('{name}');
  });
});

describe('verbs', () => {
  it('recognises only the listed verbs', () => {
    for (const verb of VERBS) expect(isVerb(verb)).to.equal(true);
    for (const value of ['join', 'help.Show', '', null, 42, undefined]) expect(isVerb(value)).to.equal(false);
  });
});

describe('templates with the catalog inlined (issue 9)', () => {
  // The renderer expands a per-locale copy of each template with the plain `${$root.t.…}` bindings
  // replaced by their texts. Here every fixture is also expanded from the file as it is, with the
  // catalog as `$root.t`, the way the renderer did before: the cards must be the same.
  const names = Object.keys(FIXTURES).sort() as CardName[];
  for (const name of names) {
    for (const locale of LOCALES) {
      it(`${name} (${locale}) comes out the same as from the file as it is`, () => {
        const raw = new Template(readTemplate(name));
        for (const [variant, data] of Object.entries(FIXTURES[name])) {
          // The renderer breaks "${" in data; the fixtures hold none, so the data needs no change here.
          expect(JSON.stringify(data), variant).to.not.include('${');
          const expected = raw.expand({
            $root: { ...(data as object), t: catalog(locale) },
          }) as AdaptiveCardJson;
          if (Array.isArray(expected.actions) && expected.actions.length === 0) delete expected.actions;
          expect(renderTemplate(name, data as object, locale), variant).to.deep.equal(expected);
        }
      });
    }
  }

  it('inlines only plain catalog bindings, and leaves $-keys, expressions and unknown keys alone', () => {
    const texts = { a: { b: 'Tekst' }, c: 'har ${x}' };
    const payload = {
      text: `${binding('$root.t.a.b')} og ${binding('name')}`,
      $when: binding('$root.t.a.b'),
      expression: binding("if(x, $root.t.a.b, 'y')"),
      unknown: binding('$root.t.a.z'),
      withBinding: binding('$root.t.c'),
      list: [binding('$root.t.a.b')],
    };
    expect(inlineCatalog(payload, texts)).to.deep.equal({
      text: `Tekst og ${binding('name')}`,
      $when: binding('$root.t.a.b'),
      expression: binding("if(x, $root.t.a.b, 'y')"),
      unknown: binding('$root.t.a.z'),
      withBinding: binding('$root.t.c'),
      list: ['Tekst'],
    });
  });
});
