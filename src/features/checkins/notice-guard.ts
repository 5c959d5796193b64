/**
 * The priority notice's own privacy check, on top of the shared guard (privacy-guard.ts). A notice
 * must carry no identity and no case number at all: it only says where ASA finds the case in the
 * agreed way. The shared guard recognises identity and DUF numbers by their control digits, so a
 * number typed with a slip, or a DUF number as staff often write it ("DUF 2012 12345678": a year and
 * eight digits whose last two are not the control), passes it. Here, in a notice's text only:
 *
 * - any unbroken number of 11 digits or more is refused (nothing in a notice needs one);
 * - a number of exactly 12 digits written in at most three groups, the first of at least four
 *   digits starting with a plausible registration year (1980–2099), is refused as a DUF number,
 *   whatever its last two digits (`2012 12345678`, `2012-123456-78`, `2012 1234 5678`);
 * - a number of exactly 11 digits written in at most three groups, the first of at least six digits
 *   starting with a plausible birth date (ddmmyy, D-numbers' day + 40, H-numbers' month + 40,
 *   synthetic numbers' month + 80), is refused as an identity number, whatever its control digits
 *   (`010190 12345`).
 *
 * Digit groups are joined into one number as the shared guard joins them: by 1–3 space-like
 * characters (or `&nbsp;`-like entities) with at most one `.`, `/`, `-` or dash among them. A date
 * with a time (`12.01.2027 10.30`, `2027-01-12 10.30`) or a phone number is not refused. Pure; the
 * digits found are never returned.
 */
import { containsSensitiveIdentifier } from '../../domain/privacy-guard.js';

const SPACE_ENTITIES = /&nbsp;|&#160;|&#xa0;/gi;
/** Space, tab, NBSP, figure space, thin space, narrow NBSP, zero-width space, word joiner, soft hyphen. */
const SPACE_LIKE = new Set<number>([0x20, 0x09, 0xa0, 0x2007, 0x2009, 0x202f, 0x200b, 0x2060, 0xad]);
const isPunctuationLike = (code: number): boolean =>
  code === 0x2e || code === 0x2f || code === 0x2d || (code >= 0x2010 && code <= 0x2013) || code === 0x2212;
/** Most separator elements that may join two digit groups (as in the shared guard). */
const MAX_GAP = 3;
/** Most groups a DUF or identity number is written in here. */
const MAX_GROUPS = 3;

/** Whether the text between two digit groups joins them into one number. */
function joins(gap: string): boolean {
  if (gap.length === 0 || gap.length > MAX_GAP) return false;
  let punctuation = 0;
  for (let k = 0; k < gap.length; k++) {
    const code = gap.charCodeAt(k);
    if (isPunctuationLike(code)) punctuation++;
    else if (!SPACE_LIKE.has(code)) return false;
  }
  return punctuation <= 1;
}

/** The numbers in a text, each as its digit groups. */
function numbersIn(text: string): string[][] {
  // An entity becomes one space: it stays one separator element.
  const plain = text.replace(SPACE_ENTITIES, ' ');
  const numbers: string[][] = [];
  let current: string[] = [];
  let lastEnd = -1;
  for (const match of plain.matchAll(/\d+/g)) {
    const start = match.index;
    if (current.length > 0 && !joins(plain.slice(lastEnd, start))) {
      numbers.push(current);
      current = [];
    }
    current.push(match[0]);
    lastEnd = start + match[0].length;
  }
  if (current.length > 0) numbers.push(current);
  return numbers;
}

const DUF_MIN_YEAR = 1980;
const DUF_MAX_YEAR = 2099;

function plausibleDufYear(digits: string): boolean {
  const year = Number(digits.slice(0, 4));
  return year >= DUF_MIN_YEAR && year <= DUF_MAX_YEAR;
}

/** ddmm of a fødselsnummer, D-number (day + 40), H-number (month + 40) or synthetic number (month + 80). */
function plausibleBirthDate(digits: string): boolean {
  const day = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const dayOk = (day >= 1 && day <= 31) || (day >= 41 && day <= 71);
  const monthOk = (month >= 1 && month <= 12) || (month >= 41 && month <= 52) || (month >= 81 && month <= 92);
  return dayOk && monthOk;
}

/** True when one number (its groups) looks like an identity or case number by the rules above. */
function looksLikeIdentifier(groups: readonly string[]): boolean {
  if (groups.some((g) => g.length >= 11)) return true;
  for (let a = 0; a < groups.length; a++) {
    let digits = '';
    for (let b = a; b < groups.length && b - a < MAX_GROUPS; b++) {
      digits += groups[b];
      if (digits.length === 12 && groups[a]!.length >= 4 && plausibleDufYear(digits)) return true;
      if (digits.length === 11 && groups[a]!.length >= 6 && plausibleBirthDate(digits)) return true;
      if (digits.length > 12) break;
    }
  }
  return false;
}

/**
 * True when a notice's text holds an identity or DUF number: one the shared guard finds, or one of
 * the shapes above (the notice's stricter check). Throws a TypeError for a non-string, like the guard.
 */
export function noticeTextIsSensitive(text: string): boolean {
  if (containsSensitiveIdentifier(text)) return true;
  return numbersIn(text).some(looksLikeIdentifier);
}
