/**
 * The privacy guard: detects Norwegian national identity numbers (fødselsnummer, D-, H- and synthetic
 * numbers) and UDI DUF numbers in free text, so that callers can refuse the input before it is stored,
 * logged or echoed. Pure: no I/O, no logging, and nothing here ever puts the matched digits into an
 * error message or a finding.
 *
 * How text is scanned (one linear pass, no regular expressions):
 * - A *group* is a maximal run of ASCII digits. Two groups belong to the same *run* when the gap between
 *   them is 1–3 separator elements with at most one punctuation element. Space-like elements: space, tab,
 *   NBSP, figure space, thin space, narrow NBSP, zero-width space, word joiner, soft hyphen and the HTML
 *   entities `&nbsp;` / `&#160;` / `&#xa0;` (Teams may hand over HTML). Punctuation elements: `.`, `/`,
 *   `-` and the Unicode hyphens/dashes/minus. So `010101 505 89`, `010101.50589`, `2012-123456-03` and
 *   `010101 - 50589` are each one run. Line breaks, commas and letters end a run.
 * - Within a run, every window of consecutive *whole* groups with 11 digits is tested as a fødselsnummer
 *   and every window with 12 digits as a DUF number.
 * - Within a single unbroken group longer than 11 (12) digits, every 11 (12) digit window is tested too,
 *   so a number glued to other digits (`01010150589123`) is still caught.
 *
 * False positives, per tested window of random digits: fødselsnummer ≈ 0.62 (day) × 0.36 (month) ×
 * 4/11 (K1 under the 2032 rule) × 1/11 (K2) ≈ 0.7 %; DUF ≈ 1.2 % (year) × 1 % (control) ≈ 0.01 %.
 * Windows that start or end in the middle of a group across a separator are NOT tested: text such as
 * `24.11.2026 10.30` (a date and a time) would otherwise be tested as `24112026103`, and the combined
 * false-positive rate on ordinary dates, times, amounts and phone numbers would become noticeable, while
 * an identity number written with separators but glued to further digits is rare.
 */

/** What a finding looks like. */
export type SensitiveIdentifierKind =
  | 'national-identity-number'
  | 'd-number'
  | 'h-number'
  | 'synthetic-number'
  | 'duf-number';

/** One identifier found in a text: its kind and where it is (`text.slice(start, end)`), never its digits. */
export interface SensitiveFinding {
  kind: SensitiveIdentifierKind;
  /** Index of the first digit in the text. */
  start: number;
  /** Index just after the last digit in the text. */
  end: number;
}

// Fødselsnummer weights (unrolled in fnrKindAt): K1 over d1..d9 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
// K2 over d1..d9 and K1 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2].
/** Weights for the DUF control number, over the first ten digits. */
const DUF_WEIGHTS = [4, 6, 3, 2, 4, 6, 3, 2, 7, 5] as const;

/**
 * Plausible DUF registration years (the first four digits). The year is when the person was registered
 * in UDI's case system; 1980–2099 covers every plausible registration year with margin on both sides.
 * The range only cuts random false positives by a factor of ~80; the control digits do the rest.
 */
const DUF_MIN_YEAR = 1980;
const DUF_MAX_YEAR = 2099;

const FNR_LENGTH = 11;
const DUF_LENGTH = 12;
/** Most separator elements (characters or entities) that may join two digit groups. */
const MAX_GAP_ELEMENTS = 3;
/** Path segment used in {@link sensitiveFields} for an object key that itself contains an identifier. */
const REDACTED_KEY = '[redacted-key]';

/** Space, tab, NBSP, figure space, thin space, narrow NBSP, zero-width space, word joiner, soft hyphen. */
function isSpaceLike(code: number): boolean {
  return (
    code === 0x20 ||
    code === 0x09 ||
    code === 0xa0 ||
    code === 0x2007 ||
    code === 0x2009 ||
    code === 0x202f ||
    code === 0x200b ||
    code === 0x2060 ||
    code === 0xad
  );
}

/** `.`, `/`, `-`, the Unicode hyphens (U+2010–U+2012), the en dash and the minus sign. */
function isPunctuationLike(code: number): boolean {
  return (
    code === 0x2e || code === 0x2f || code === 0x2d || (code >= 0x2010 && code <= 0x2013) || code === 0x2212
  );
}
const SPACE_ENTITIES = ['&nbsp;', '&#160;', '&#xa0;'] as const;

/**
 * Classifies the 11 digits `d[o..o+10]` as a member of the fødselsnummer family, or returns undefined.
 * Accepts both the classic control digits and the 2032 rule (K1 any value with
 * (Σ d1..d9 × K1 weights + K1) mod 11 ∈ {0,1,2,3}; the classic K1 is the case 0). K2 is always checked
 * strictly, and a computed K2 of 10 means invalid.
 */
function fnrKindAt(d: readonly number[], o: number): SensitiveIdentifierKind | undefined {
  const d1 = d[o]!;
  const d2 = d[o + 1]!;
  const d3 = d[o + 2]!;
  const d4 = d[o + 3]!;
  const day = d1 * 10 + d2;
  const month = d3 * 10 + d4;
  const dNumber = day >= 41 && day <= 71;
  if (!dNumber && (day < 1 || day > 31)) return undefined;
  const hNumber = month >= 41 && month <= 52;
  const synthetic = month >= 81 && month <= 92;
  if (!hNumber && !synthetic && (month < 1 || month > 12)) return undefined;

  // Unrolled weighted sums (weights above): this is the hot path of the scan.
  const d5 = d[o + 4]!;
  const d6 = d[o + 5]!;
  const d7 = d[o + 6]!;
  const d8 = d[o + 7]!;
  const d9 = d[o + 8]!;
  const k1 = d[o + 9]!;
  const s1 = 3 * d1 + 7 * d2 + 6 * d3 + d4 + 8 * d5 + 9 * d6 + 4 * d7 + 5 * d8 + 2 * d9;
  if ((s1 + k1) % 11 > 3) return undefined;
  const s2 = 5 * d1 + 4 * d2 + 3 * d3 + 2 * d4 + 7 * d5 + 6 * d6 + 5 * d7 + 4 * d8 + 3 * d9 + 2 * k1;
  const r = s2 % 11;
  const k2 = r === 0 ? 0 : 11 - r;
  if (k2 === 10 || k2 !== d[o + 10]) return undefined;

  if (synthetic) return 'synthetic-number';
  if (dNumber) return 'd-number';
  if (hNumber) return 'h-number';
  return 'national-identity-number';
}

/** True when the 12 digits `d[o..o+11]` look like a DUF number (plausible year, matching control). */
function isDufAt(d: readonly number[], o: number): boolean {
  const year = d[o]! * 1000 + d[o + 1]! * 100 + d[o + 2]! * 10 + d[o + 3]!;
  if (year < DUF_MIN_YEAR || year > DUF_MAX_YEAR) return false;
  let sum = 0;
  for (let k = 0; k < 10; k++) sum += d[o + k]! * DUF_WEIGHTS[k]!;
  return sum % 11 === d[o + 10]! * 10 + d[o + 11]!;
}

function isAsciiDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Length of a space-like HTML entity starting at `i`, or 0. */
function entityLength(text: string, i: number): number {
  if (text.charCodeAt(i) !== 0x26) return 0;
  for (const entity of SPACE_ENTITIES) {
    if (text.slice(i, i + entity.length).toLowerCase() === entity) return entity.length;
  }
  return 0;
}

/**
 * Length of the separator gap starting at `i` if it joins the digit group before it to a digit group
 * right after it; 0 when the digits are not joined.
 */
function joiningGapLength(text: string, i: number): number {
  let j = i;
  let punctuation = 0;
  for (let elements = 0; elements < MAX_GAP_ELEMENTS && j < text.length; elements++) {
    const code = text.charCodeAt(j);
    if (isSpaceLike(code)) j++;
    else if (isPunctuationLike(code)) {
      if (++punctuation > 1) return 0;
      j++;
    } else {
      const entity = entityLength(text, j);
      if (entity === 0) break;
      j += entity;
    }
    if (j < text.length && isAsciiDigit(text.charCodeAt(j))) return j - i;
  }
  return 0;
}

/** Digits of one run with the text index of each digit and where each group starts. */
interface Run {
  digits: number[];
  positions: number[];
  /** Index into `digits` where each group starts, followed by a sentinel equal to `digits.length`. */
  groupStarts: number[];
}

/** Tests every candidate window of a run; calls `report` for each hit and stops when it returns true. */
function checkRun(run: Run, report: (finding: SensitiveFinding) => boolean): boolean {
  const { digits, positions, groupStarts } = run;
  const found = (kind: SensitiveIdentifierKind, from: number, length: number): boolean =>
    report({ kind, start: positions[from]!, end: positions[from + length - 1]! + 1 });
  const tryFnr = (from: number): boolean => {
    const kind = fnrKindAt(digits, from);
    return kind !== undefined && found(kind, from, FNR_LENGTH);
  };
  const tryDuf = (from: number): boolean => isDufAt(digits, from) && found('duf-number', from, DUF_LENGTH);

  const groups = groupStarts.length - 1;
  // `end` is the first group boundary at least 11 digits after the start of group `a`; it only moves
  // forward as `a` does, so the whole-group windows cost O(groups) in total.
  let end = 1;
  for (let a = 0; a < groups; a++) {
    const from = groupStarts[a]!;
    if (end <= a) end = a + 1;
    while (end < groups && groupStarts[end]! - from < FNR_LENGTH) end++;
    const length = groupStarts[end]! - from;
    if (length === FNR_LENGTH) {
      if (tryFnr(from)) return true;
      if (end < groups && groupStarts[end + 1]! - from === DUF_LENGTH && tryDuf(from)) return true;
    } else if (length === DUF_LENGTH && tryDuf(from)) return true;
    const to = groupStarts[a + 1]!;
    if (to - from > FNR_LENGTH) {
      for (let o = from; o + FNR_LENGTH <= to; o++) if (tryFnr(o)) return true;
    }
    if (to - from > DUF_LENGTH) {
      for (let o = from; o + DUF_LENGTH <= to; o++) if (tryDuf(o)) return true;
    }
  }
  return false;
}

/** Scans `text` run by run; stops early when `report` returns true. */
function scan(text: string, report: (finding: SensitiveFinding) => boolean): void {
  const run: Run = { digits: [], positions: [], groupStarts: [] };
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isAsciiDigit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    run.digits.length = 0;
    run.positions.length = 0;
    run.groupStarts.length = 0;
    for (;;) {
      run.groupStarts.push(run.digits.length);
      let code = text.charCodeAt(i);
      while (i < n && isAsciiDigit(code)) {
        run.digits.push(code - 0x30);
        run.positions.push(i);
        code = text.charCodeAt(++i);
      }
      const gap = joiningGapLength(text, i);
      if (gap === 0) break;
      i += gap;
    }
    run.groupStarts.push(run.digits.length);
    if (run.digits.length >= FNR_LENGTH && checkRun(run, report)) return;
  }
}

function requireString(text: unknown, caller: string): asserts text is string {
  if (typeof text !== 'string') throw new TypeError(`${caller} expects a string`);
}

/**
 * Finds every national identity number (incl. D-, H- and synthetic numbers) and DUF number in a free
 * text. Findings are sorted by position; windows may overlap. Linear in the length of the text.
 */
export function findSensitiveIdentifiers(text: string): SensitiveFinding[] {
  requireString(text, 'findSensitiveIdentifiers');
  const findings: SensitiveFinding[] = [];
  scan(text, (finding) => {
    findings.push(finding);
    return false;
  });
  return findings.sort((x, y) => x.start - y.start || x.end - y.end);
}

/** True when the text contains at least one identifier {@link findSensitiveIdentifiers} would find. */
export function containsSensitiveIdentifier(text: string): boolean {
  requireString(text, 'containsSensitiveIdentifier');
  let found = false;
  scan(text, () => {
    found = true;
    return true;
  });
  return found;
}

function toDigits(value: string, length: number): number[] | undefined {
  if (value.length !== length) return undefined;
  const digits: number[] = [];
  for (let k = 0; k < length; k++) {
    const code = value.charCodeAt(k);
    if (!isAsciiDigit(code)) return undefined;
    digits.push(code - 0x30);
  }
  return digits;
}

/**
 * Validates exactly 11 ASCII digits (no separators) as a fødselsnummer under the classic or the 2032
 * rule, and tells which kind it is. Anything else is `{ valid: false }`.
 */
export function isNationalIdentityNumber(digits: string): { valid: boolean; kind?: SensitiveIdentifierKind } {
  const parsed = typeof digits === 'string' ? toDigits(digits, FNR_LENGTH) : undefined;
  const kind = parsed && fnrKindAt(parsed, 0);
  return kind ? { valid: true, kind } : { valid: false };
}

/** True when exactly 12 ASCII digits (no separators) look like a DUF number. */
export function isDufNumber(digits: string): boolean {
  const parsed = typeof digits === 'string' ? toDigits(digits, DUF_LENGTH) : undefined;
  return parsed !== undefined && isDufAt(parsed, 0);
}

/**
 * A number field (e.g. Input.Number) may carry an identifier too; a leading zero is lost in a number,
 * so a 10-digit integer is also tested with a zero in front.
 */
function numberIsSensitive(value: number | bigint): boolean {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) return false;
  const text = (value < 0 ? -value : value).toString();
  return containsSensitiveIdentifier(text) || (text.length === 10 && containsSensitiveIdentifier(`0${text}`));
}

/** A value still to visit in {@link sensitiveFields}. */
interface FieldEntry {
  value: unknown;
  path: string;
  /** The last path segment is a key that itself contains an identifier (reported as redacted). */
  keySensitive: boolean;
}

/**
 * Checks every string (and integer) value of a submitted form, through nested objects and arrays, and
 * returns the paths of the fields that contain an identifier, in document order and without duplicates.
 * Paths use `.` for object keys and `[i]` for array items (`persons[1].note`); a string passed directly
 * has the path `''`. An object key that itself contains an identifier is reported as `[redacted-key]`,
 * so the returned paths never carry the digits. Cycles are visited once.
 */
export function sensitiveFields(fields: unknown): string[] {
  const found = new Set<string>();
  const seen = new WeakSet<object>();
  const stack: FieldEntry[] = [{ value: fields, path: '', keySensitive: false }];
  while (stack.length > 0) {
    const { value, path, keySensitive } = stack.pop()!;
    if (keySensitive) found.add(path);
    if (typeof value === 'string') {
      if (containsSensitiveIdentifier(value)) found.add(path);
      continue;
    }
    if (typeof value === 'number' || typeof value === 'bigint') {
      if (numberIsSensitive(value)) found.add(path);
      continue;
    }
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    const children: FieldEntry[] = [];
    if (Array.isArray(value)) {
      value.forEach((item: unknown, index) => {
        children.push({ value: item, path: `${path}[${index}]`, keySensitive: false });
      });
    } else {
      for (const [key, item] of Object.entries(value)) {
        const keySensitive = containsSensitiveIdentifier(key);
        const segment = keySensitive ? REDACTED_KEY : key;
        children.push({ value: item, path: path === '' ? segment : `${path}.${segment}`, keySensitive });
      }
    }
    for (let k = children.length - 1; k >= 0; k--) stack.push(children[k]!);
  }
  return [...found];
}

/** What masks a digit of a found identifier. */
const MASK = '•';

/**
 * The text with the digits of every identifier found in it replaced by `•` (separators and other
 * text kept), for values that must be kept even when they contain one, such as a display name from
 * Teams. Text without identifiers comes back unchanged.
 */
export function maskSensitiveIdentifiers(text: string): string {
  requireString(text, 'maskSensitiveIdentifiers');
  const findings = findSensitiveIdentifiers(text);
  if (findings.length === 0) return text;
  const chars = text.split('');
  for (const { start, end } of findings)
    for (let k = start; k < end; k++) if (isAsciiDigit(text.charCodeAt(k))) chars[k] = MASK;
  return chars.join('');
}

/** A record screened by {@link screenFields}. */
export interface ScreenedFields {
  /** The record without the refused entries. */
  clean: Record<string, unknown>;
  /**
   * The top-level keys whose value (at any depth) contained an identifier, in record order; a key
   * that itself contained one is reported as `[redacted-key]`, so nothing here carries digits.
   */
  refused: string[];
}

/**
 * Screens every value of a record that came from outside (a card's data and inputs), whatever its
 * key: entries with an identifier anywhere in them are left out, and their keys reported.
 */
export function screenFields(record: Record<string, unknown>): ScreenedFields {
  const clean: Record<string, unknown> = {};
  const refused: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (containsSensitiveIdentifier(key)) {
      if (!refused.includes(REDACTED_KEY)) refused.push(REDACTED_KEY);
      continue;
    }
    if (sensitiveFields(value).length > 0) refused.push(key);
    else clean[key] = value;
  }
  return { clean, refused };
}
