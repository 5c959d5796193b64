import { expect } from 'chai';
import fc from 'fast-check';
import {
  containsSensitiveIdentifier,
  findSensitiveIdentifiers,
  isDufNumber,
  isNationalIdentityNumber,
  type SensitiveIdentifierKind,
  sensitiveFields,
} from '../../src/domain/privacy-guard.js';

// ---- An independent reference implementation of the control digits, used to build test vectors. ----

const W1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const W2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
const WD = [4, 6, 3, 2, 4, 6, 3, 2, 7, 5];

const toDigits = (s: string): number[] => [...s].map(Number);
const weighted = (digits: number[], weights: number[]): number =>
  weights.reduce((sum, w, i) => sum + w * digits[i]!, 0);
/** 11 − (sum mod 11), with 11 → 0; 10 stays 10 (= no valid control digit). */
const control = (sum: number): number => (11 - (sum % 11)) % 11;

/** K1 digits allowed for d1..d9: the classic one, or (with the 2032 rule) any with (S1 + K1) mod 11 ≤ 3. */
function allowedK1(first9: string, rule2032: boolean): number[] {
  const s1 = weighted(toDigits(first9), W1);
  const all = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((k) => (s1 + k) % 11 <= 3);
  return rule2032 ? all : all.filter((k) => (s1 + k) % 11 === 0);
}

/** The 11-digit number for d1..d9 and K1, or undefined when K2 would be 10. */
function withK2(first10: string): string | undefined {
  const k2 = control(weighted(toDigits(first10), W2));
  return k2 === 10 ? undefined : `${first10}${k2}`;
}

/** A classically valid number with the given DDMMYY, searching individual numbers from `from`. */
function classicNumber(ddmmyy: string, from = 0): string {
  for (let n = from; n < from + 1000; n++) {
    const first9 = `${ddmmyy}${String(n % 1000).padStart(3, '0')}`;
    const [k1] = allowedK1(first9, false);
    const full = k1 === undefined ? undefined : withK2(`${first9}${k1}`);
    if (full) return full;
  }
  throw new Error('no classic number found for the date');
}

/** A number valid only under the 2032 rule, searching individual numbers from `from`. */
function rule2032OnlyNumber(ddmmyy: string, from = 0): string {
  for (let n = from; n < from + 1000; n++) {
    const first9 = `${ddmmyy}${String(n % 1000).padStart(3, '0')}`;
    const classic = allowedK1(first9, false);
    for (const k1 of allowedK1(first9, true).filter((k) => !classic.includes(k))) {
      const full = withK2(`${first9}${k1}`);
      if (full) return full;
    }
  }
  throw new Error('no 2032 number found for the date');
}

function dufNumber(first10: string): string {
  return `${first10}${String(weighted(toDigits(first10), WD) % 11).padStart(2, '0')}`;
}

const kindsIn = (text: string): SensitiveIdentifierKind[] =>
  findSensitiveIdentifiers(text).map((f) => f.kind);

describe('privacy guard', () => {
  describe('reference vectors from DOMAIN.md', () => {
    it('accepts 01010150589 as a national identity number', () => {
      expect(isNationalIdentityNumber('01010150589')).to.deep.equal({
        valid: true,
        kind: 'national-identity-number',
      });
    });

    it('accepts 30108299939, which is valid only under the 2032 rule', () => {
      expect(allowedK1('301082999', false)).to.not.include(3);
      expect(isNationalIdentityNumber('30108299939')).to.deep.equal({
        valid: true,
        kind: 'national-identity-number',
      });
    });

    it('accepts 41010150572 as a D-number', () => {
      expect(isNationalIdentityNumber('41010150572')).to.deep.equal({ valid: true, kind: 'd-number' });
    });

    it('accepts 201212345603 as a DUF number', () => {
      expect(isDufNumber('201212345603')).to.equal(true);
      expect(kindsIn('201212345603')).to.deep.equal(['duf-number']);
    });
  });

  describe('invalid numbers', () => {
    it('rejects a wrong second control digit', () => {
      expect(isNationalIdentityNumber('01010150588').valid).to.equal(false);
      expect(containsSensitiveIdentifier('fnr 01010150588')).to.equal(false);
    });

    it('rejects a first control digit outside the 2032 window even with a matching K2', () => {
      // S1 mod 11 for 010101505 is 3: K1 = 8 is classic, 9 and 0 are 2032 values, 1–7 are invalid.
      for (const k1 of [1, 2, 3, 4, 5, 6, 7]) {
        const candidate = withK2(`010101505${k1}`);
        if (candidate === undefined) continue;
        expect(isNationalIdentityNumber(candidate).valid, candidate).to.equal(false);
        expect(containsSensitiveIdentifier(candidate), candidate).to.equal(false);
      }
      expect(allowedK1('010101505', true)).to.deep.equal([0, 8, 9]);
    });

    it('rejects every K2 when the computed second control digit is 10', () => {
      let first10: string | undefined;
      for (let n = 0; n < 1000 && first10 === undefined; n++) {
        const first9 = `010101${String(n).padStart(3, '0')}`;
        const k1 = allowedK1(first9, false)[0];
        if (k1 !== undefined && withK2(`${first9}${k1}`) === undefined) first10 = `${first9}${k1}`;
      }
      expect(first10, 'a K2 = 10 case exists').to.be.a('string');
      for (let k2 = 0; k2 <= 9; k2++) {
        expect(isNationalIdentityNumber(`${first10}${k2}`).valid).to.equal(false);
        expect(containsSensitiveIdentifier(`nr ${first10}${k2}`)).to.equal(false);
      }
    });

    it('rejects the classic K1 = 10 case except for the 2032 values 0, 1 and 2', () => {
      let first9: string | undefined;
      for (let n = 0; n < 1000 && first9 === undefined; n++) {
        const candidate = `150687${String(n).padStart(3, '0')}`;
        if (weighted(toDigits(candidate), W1) % 11 === 1) first9 = candidate;
      }
      expect(first9).to.be.a('string');
      expect(allowedK1(first9!, false)).to.deep.equal([]);
      for (let k1 = 0; k1 <= 9; k1++) {
        const full = withK2(`${first9}${k1}`);
        if (full === undefined) continue;
        expect(isNationalIdentityNumber(full).valid, full).to.equal(k1 <= 2);
      }
    });

    it('rejects impossible dates even with correct control digits', () => {
      const impossible = ['000101', '320101', '400101', '720101', '010001', '011301', '014001', '015301'];
      for (const ddmmyy of [...impossible, '018001', '019301', '990101', '019901']) {
        const number = classicNumber(ddmmyy);
        expect(isNationalIdentityNumber(number).valid, ddmmyy).to.equal(false);
        expect(containsSensitiveIdentifier(`fnr ${number}`), ddmmyy).to.equal(false);
      }
      for (const ddmmyy of ['310101', '010199', '711201', '015201', '019201', '419201']) {
        expect(isNationalIdentityNumber(classicNumber(ddmmyy)).valid, ddmmyy).to.equal(true);
      }
    });

    it('rejects 10 and 13 digits in the validators and 10 digits in text', () => {
      expect(isNationalIdentityNumber('0101015058').valid).to.equal(false);
      expect(isNationalIdentityNumber('010101505891').valid).to.equal(false);
      expect(isDufNumber('20121234560')).to.equal(false);
      expect(isDufNumber('2012123456033')).to.equal(false);
      expect(containsSensitiveIdentifier('nummer 0101015058 her')).to.equal(false);
    });

    it('does not flag 13 digits that hold no valid 11- or 12-digit window', () => {
      const text = '0101015058800';
      for (let o = 0; o + 11 <= text.length; o++)
        expect(isNationalIdentityNumber(text.slice(o, o + 11)).valid).to.equal(false);
      for (let o = 0; o + 12 <= text.length; o++) expect(isDufNumber(text.slice(o, o + 12))).to.equal(false);
      expect(containsSensitiveIdentifier(text)).to.equal(false);
    });

    it('does flag a valid number glued to further digits (documented choice: prefer catching)', () => {
      expect(findSensitiveIdentifiers('ref 01010150589123')).to.deep.equal([
        { kind: 'national-identity-number', start: 4, end: 15 },
      ]);
      expect(containsSensitiveIdentifier('99201212345603')).to.equal(true);
    });

    it('rejects non-digits and separators in the validators', () => {
      expect(isNationalIdentityNumber('010101 5058').valid).to.equal(false);
      expect(isNationalIdentityNumber('0101015058a').valid).to.equal(false);
      expect(isDufNumber('2012-123456-03')).to.equal(false);
    });

    it('rejects a DUF number with a wrong control or an implausible year', () => {
      expect(isDufNumber('201212345604')).to.equal(false);
      expect(isDufNumber(dufNumber('1979123456'))).to.equal(false);
      expect(isDufNumber(dufNumber('2100123456'))).to.equal(false);
      expect(isDufNumber(dufNumber('1980123456'))).to.equal(true);
      expect(isDufNumber(dufNumber('2099123456'))).to.equal(true);
    });

    it('accepts a DUF control of 10 written as two digits', () => {
      let found: string | undefined;
      for (let n = 0; n < 1000 && found === undefined; n++) {
        const first10 = `2019${String(n).padStart(6, '0')}`;
        if (weighted(toDigits(first10), WD) % 11 === 10) found = `${first10}10`;
      }
      expect(found).to.be.a('string');
      expect(isDufNumber(found!)).to.equal(true);
    });
  });

  describe('ordinary numbers are left alone', () => {
    const ordinary = [
      'Ring meg på +47 912 34 567 i morgen.',
      'Ring 0047 912 34 567 eller +4791234567.',
      'Møtet er 24.11.2026 kl. 10.30.',
      'Møtet er 24.11.2026 10.30 i Oslo.',
      'Perioden 24.11.2026 - 01.12.2026.',
      'Budsjettet er 1 000 000 kr, ikke 12 500 000,- eller 1.000.000.',
      'Vi var 12 personer, 3 enheter og 45 saker i 2025/2026.',
      'Tiltak 1.2.3 i handlingsplanen, punkt 4-5.',
    ];
    for (const text of ordinary) {
      it(`does not flag: ${text}`, () => {
        expect(findSensitiveIdentifiers(text)).to.deep.equal([]);
        expect(containsSensitiveIdentifier(text)).to.equal(false);
      });
    }
  });

  describe('separators and sentences', () => {
    const separated: [string, SensitiveIdentifierKind][] = [
      ['01010150589', 'national-identity-number'],
      ['010101 50589', 'national-identity-number'],
      ['010101 505 89', 'national-identity-number'],
      ['010101.50589', 'national-identity-number'],
      ['01.01.01 505 89', 'national-identity-number'],
      ['010101-50589', 'national-identity-number'],
      ['010101/50589', 'national-identity-number'],
      ['010101\u00a050589', 'national-identity-number'],
      ['010101\u202f505\u202f89', 'national-identity-number'],
      ['010101 - 50589', 'national-identity-number'],
      ['010101\u201350589', 'national-identity-number'],
      ['010101&nbsp;50589', 'national-identity-number'],
      ['010101  50589', 'national-identity-number'],
      ['201212345603', 'duf-number'],
      ['2012-123456-03', 'duf-number'],
      ['2012 123456 03', 'duf-number'],
      ['2012.123456.03', 'duf-number'],
      ['2012\u00a0123456\u00a003', 'duf-number'],
    ];
    for (const [written, kind] of separated) {
      it(`finds ${JSON.stringify(written)} with its exact position`, () => {
        const text = `Hei, gjelder ${written}: takk.`;
        expect(findSensitiveIdentifiers(text)).to.deep.equal([{ kind, start: 13, end: 13 + written.length }]);
      });
    }

    it('does not join groups across line breaks, commas or two punctuation marks', () => {
      expect(containsSensitiveIdentifier('010101\n50589')).to.equal(false);
      expect(containsSensitiveIdentifier('010101, 50589')).to.equal(false);
      expect(containsSensitiveIdentifier('010101.-50589')).to.equal(false);
      expect(containsSensitiveIdentifier('010101    50589')).to.equal(false);
    });

    it('finds numbers in Norwegian sentences', () => {
      const sentences = [
        'Søker med fnr. 01010150589 har fått avslag.',
        'Personen (f.nr 010101 505 89) ble identifisert av politiet.',
        'Se DUF-nr. 2012-123456-03 for detaljer.',
        'D-nummer:41010150572, opprettet i fjor.',
        'Saken gjelder fødselsnummer 30108299939 og DUF 201212345603.',
      ];
      for (const sentence of sentences)
        expect(containsSensitiveIdentifier(sentence), sentence).to.equal(true);
      expect(kindsIn(sentences[4]!)).to.deep.equal(['national-identity-number', 'duf-number']);
    });

    it('reports every identifier of a text, sorted by position', () => {
      const text = 'A 2012-123456-03, B 41010150572 og C 01010150589.';
      expect(findSensitiveIdentifiers(text)).to.deep.equal([
        { kind: 'duf-number', start: 2, end: 16 },
        { kind: 'd-number', start: 20, end: 31 },
        { kind: 'national-identity-number', start: 37, end: 48 },
      ]);
    });
  });

  describe('kinds', () => {
    it('classifies D-, H- and synthetic numbers', () => {
      expect(isNationalIdentityNumber(classicNumber('410101')).kind).to.equal('d-number');
      expect(isNationalIdentityNumber(classicNumber('714599')).kind).to.equal('d-number');
      expect(isNationalIdentityNumber(classicNumber('014101')).kind).to.equal('h-number');
      expect(isNationalIdentityNumber(classicNumber('155277')).kind).to.equal('h-number');
      expect(isNationalIdentityNumber(classicNumber('018101')).kind).to.equal('synthetic-number');
      expect(isNationalIdentityNumber(classicNumber('319205')).kind).to.equal('synthetic-number');
      expect(isNationalIdentityNumber(classicNumber('418101')).kind).to.equal('synthetic-number');
    });

    it('accepts 2032-rule numbers generated from the algorithm, of every kind', () => {
      for (const [ddmmyy, kind] of [
        ['150687', 'national-identity-number'],
        ['311299', 'national-identity-number'],
        ['550687', 'd-number'],
        ['154687', 'h-number'],
        ['158687', 'synthetic-number'],
      ] as const) {
        for (const from of [0, 250, 500, 750]) {
          const number = rule2032OnlyNumber(ddmmyy, from);
          const s1 = weighted(toDigits(number), W1);
          expect((s1 + Number(number[9])) % 11, number).to.be.within(1, 3);
          expect(isNationalIdentityNumber(number), number).to.deep.equal({ valid: true, kind });
          expect(kindsIn(`nr ${number.slice(0, 6)} ${number.slice(6)}`)).to.deep.equal([kind]);
        }
      }
    });
  });

  describe('sensitiveFields', () => {
    it('returns the paths of string fields that contain an identifier, nested too', () => {
      const form = {
        title: 'Møte om saken',
        description: 'Gjelder fnr 01010150589',
        count: 3,
        urgent: true,
        nothing: null,
        nested: { list: ['ok', 'DUF 2012-123456-03', { deep: 'D-nr 41010150572' }], note: 'ingen' },
      };
      expect(sensitiveFields(form)).to.deep.equal(['description', 'nested.list[1]', 'nested.list[2].deep']);
    });

    it('handles a plain string, clean input and non-objects', () => {
      expect(sensitiveFields('fnr 01010150589')).to.deep.equal(['']);
      expect(sensitiveFields({ a: 'hei', b: ['på', 'deg'] })).to.deep.equal([]);
      expect(sensitiveFields(undefined)).to.deep.equal([]);
      expect(sensitiveFields(42)).to.deep.equal([]);
    });

    it('checks integer fields, including a fødselsnummer that lost its leading zero', () => {
      expect(sensitiveFields({ n: 1010150589, m: 201212345603, k: 12 })).to.deep.equal(['n', 'm']);
      expect(sensitiveFields({ big: 201212345603n })).to.deep.equal(['big']);
    });

    it('survives cycles', () => {
      const form: Record<string, unknown> = { text: '01010150589' };
      form.self = form;
      expect(sensitiveFields(form)).to.deep.equal(['text']);
    });

    it('redacts an object key that itself holds an identifier', () => {
      const paths = sensitiveFields({ notes: { '01010150589': 'hei', ok: 'fnr 41010150572' } });
      expect(paths).to.deep.equal(['notes.[redacted-key]', 'notes.ok']);
      expect(paths.join(' ')).to.not.match(/\d{5}/);
    });
  });

  describe('no digits leak', () => {
    it('keeps identifier digits out of findings', () => {
      const text = 'fnr 01010150589, DUF 2012-123456-03, D 41010150572';
      const findings = findSensitiveIdentifiers(text);
      expect(findings).to.have.length(3);
      for (const finding of findings)
        expect(Object.keys(finding).sort()).to.deep.equal(['end', 'kind', 'start']);
      const serialised = JSON.stringify(findings);
      for (const digits of ['01010150589', '201212345603', '41010150572', '50589', '123456'])
        expect(serialised).to.not.include(digits);
    });

    it('keeps identifier digits out of error messages', () => {
      const inputs: unknown[] = [1010150589, 201212345603n, { fnr: '01010150589' }, null];
      for (const input of inputs) {
        for (const fn of [findSensitiveIdentifiers, containsSensitiveIdentifier]) {
          expect(() => fn(input as string))
            .to.throw(TypeError)
            .that.satisfies(
              (error: Error) => !/\d/.test(error.message) && !String(error.stack).includes('1010150589'),
            );
        }
      }
      expect(isNationalIdentityNumber(1010150589 as unknown as string)).to.deep.equal({ valid: false });
      expect(isDufNumber(201212345603 as unknown as string)).to.equal(false);
    });
  });

  describe('properties', () => {
    const letters = [...'abcdefghijklmnopqrstuvwxyzæøåABCÆØÅ'];
    const textChar = fc.constantFrom(
      ...letters,
      ' ',
      ' ',
      '.',
      ',',
      ':',
      '(',
      ')',
      '-',
      '\n',
      '\u00a0',
      ...'0123456789',
    );
    const randomText = fc.string({ unit: textChar, maxLength: 40 });
    /** Never a digit, so the number's first and last group are whole groups. */
    const boundary = fc.constantFrom(' ', 'a', ':', '(', ')', '\n', '\u00a0', 'ø');
    const separator = fc.constantFrom(' ', '\u00a0', '.', '-', '/', ' - ', '&nbsp;', '\u202f', '\u2013');
    const digit = (from: number, to: number) => fc.integer({ min: from, max: to });
    const two = (n: number) => String(n).padStart(2, '0');

    const kindArb = fc.constantFrom<SensitiveIdentifierKind>(
      'national-identity-number',
      'd-number',
      'h-number',
      'synthetic-number',
      'duf-number',
    );

    /** A valid number of the given kind (classic or 2032 control digits), or undefined if K2 = 10. */
    const validNumber = kindArb.chain((kind) =>
      fc
        .record({
          day: kind === 'd-number' ? digit(41, 71) : digit(1, 31),
          syntheticD: fc.boolean(),
          month: digit(1, 12),
          year: digit(0, 99),
          individual: digit(0, 999),
          rule2032: fc.boolean(),
          k1Pick: digit(0, 3),
          duf: fc.tuple(digit(1980, 2099), digit(0, 999999)),
        })
        .map(({ day, syntheticD, month, year, individual, rule2032, k1Pick, duf }) => {
          if (kind === 'duf-number')
            return { kind, number: dufNumber(`${duf[0]}${String(duf[1]).padStart(6, '0')}`) };
          const dd = kind === 'synthetic-number' && syntheticD ? day + 40 : day;
          const mm = kind === 'h-number' ? month + 40 : kind === 'synthetic-number' ? month + 80 : month;
          const first9 = `${two(dd)}${two(mm)}${two(year)}${String(individual).padStart(3, '0')}`;
          const k1s = allowedK1(first9, rule2032);
          const k1 = k1s[k1Pick % Math.max(1, k1s.length)];
          return { kind, number: k1 === undefined ? undefined : withK2(`${first9}${k1}`) };
        })
        .filter((v): v is { kind: SensitiveIdentifierKind; number: string } => v.number !== undefined),
    );

    /** The number with an optional separator between any two digits. */
    const written = validNumber.chain(({ kind, number }) =>
      fc
        .array(fc.option(separator, { freq: 3 }), {
          minLength: number.length - 1,
          maxLength: number.length - 1,
        })
        .map((seps) => ({
          kind,
          number,
          text: [...number].map((d, i) => (i === 0 ? d : `${seps[i - 1] ?? ''}${d}`)).join(''),
        })),
    );

    it('always catches a valid number of any kind, written with any separators, inside random text', () => {
      fc.assert(
        fc.property(randomText, boundary, written, boundary, randomText, (pre, b1, w, b2, post) => {
          const text = `${pre}${b1}${w.text}${b2}${post}`;
          const start = pre.length + b1.length;
          const end = start + w.text.length;
          expect(containsSensitiveIdentifier(text)).to.equal(true);
          expect(findSensitiveIdentifiers(text)).to.deep.include({ kind: w.kind, start, end });
          if (w.kind === 'duf-number') expect(isDufNumber(w.number)).to.equal(true);
          else expect(isNationalIdentityNumber(w.number)).to.deep.equal({ valid: true, kind: w.kind });
        }),
        { numRuns: 3000 },
      );
    });

    const digitString = (length: number) =>
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: length, maxLength: length });
    const caughtFraction = (length: number): number => {
      const samples = fc.sample(digitString(length), { numRuns: 5000, seed: 20260101 });
      return samples.filter((s) => containsSensitiveIdentifier(s)).length / samples.length;
    };

    it('catches few random 11-digit strings', () => {
      // Expected rate: P(day ∈ 1–31 ∪ 41–71) 0.62 × P(month ∈ 1–12 ∪ 41–52 ∪ 81–92) 0.36 × P(K1 accepted by
      // the 2032 rule) ≈ 4/11 × P(K2 matches) ≈ 1/11 ≈ 0.74 %, i.e. ~37 of 5000 (σ ≈ 6). Bounds at 0.3 % and
      // 2 % are far outside sampling noise; leaving them would mean the validator is too loose or too strict.
      const fraction = caughtFraction(11);
      expect(fraction).to.be.below(0.02);
      expect(fraction).to.be.above(0.003);
    });

    it('catches few random 12-digit strings', () => {
      // Two 11-digit windows (≈ 0.74 % each) plus one DUF window (year 1980–2099: 1.2 % × control 1 %)
      // ≈ 1.5 %, ~75 of 5000 (σ ≈ 9). Bound at 4 % is far outside sampling noise.
      const fraction = caughtFraction(12);
      expect(fraction).to.be.below(0.04);
    });

    it('sensitiveFields finds exactly the fields holding a number', () => {
      const key = fc.string({ unit: fc.constantFrom(...'abcdefgh'), minLength: 1, maxLength: 6 });
      const clean = fc.string({ unit: fc.constantFrom(...letters, ' ', '.', ','), maxLength: 30 });
      const entry = fc.oneof(
        clean.map((text) => ({ sensitive: false, text })),
        fc
          .tuple(clean, written, clean)
          .map(([a, w, b]) => ({ sensitive: true, text: `${a} ${w.text} ${b}` })),
      );
      fc.assert(
        fc.property(fc.dictionary(key, fc.dictionary(key, entry)), (groups) => {
          const form: Record<string, Record<string, string>> = {};
          const expected: string[] = [];
          for (const [group, fields] of Object.entries(groups)) {
            form[group] = {};
            for (const [name, { sensitive, text }] of Object.entries(fields)) {
              form[group][name] = text;
              if (sensitive) expected.push(`${group}.${name}`);
            }
          }
          expect(sensitiveFields(form)).to.deep.equal(expected);
        }),
        { numRuns: 300 },
      );
    });
  });
});
