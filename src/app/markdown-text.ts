/**
 * Text someone typed, written into Markdown (exports of the agenda, the yearly duties and the action
 * plans) so that it shows exactly as typed: nothing in it becomes a heading, a list, a link, a table
 * or HTML in the reader's Markdown viewer.
 */

/**
 * Characters that mean something in Markdown wherever they stand: CommonMark's code, emphasis,
 * links, images, autolinks, raw HTML and entities (`` ` * _ [ ] < > & ``), the backslash itself,
 * GFM's tables and strikethrough (`| ~`), headings' closing `#`, and the braces and dollars that MDX
 * and math-aware renderers read. CommonMark lets any ASCII punctuation be escaped with a backslash,
 * and shows it as the character alone.
 */
const SPECIAL = /[\\`*_[\]<>&|~#{}$]/g;

/** Control characters (newlines, tabs, NUL, escape…): never meaningful inside one line of text. */
const CONTROL = /\p{Cc}/gu;

/**
 * One line of what someone typed, as Markdown that shows exactly that text. Besides the special
 * characters, what starts a block only at the start of a line (a list's `-`, `+` or `1.`, a setext
 * heading's `=` underline) is escaped there, and GFM's bare-URL autolinks (`http://`, `www.`) are
 * broken up so that a typed address stays text.
 */
function markdownLine(text: string): string {
  const escaped = text
    .replace(CONTROL, ' ')
    .trim()
    .replace(SPECIAL, '\\$&')
    .replace(/:\/\//g, '\\://')
    .replace(/\b(www)\./gi, '$1\\.');
  const numbered = /^(\d+)([.)])/.exec(escaped);
  if (numbered) return `${numbered[1]}\\${numbered[2]}${escaped.slice(numbered[0].length)}`;
  return /^[-+=:]/.test(escaped) ? `\\${escaped}` : escaped;
}

/** A one-line field (a title, a name) typed by someone: line breaks become spaces. */
export function markdownInline(text: string): string {
  return markdownLine(text.replace(/\s+/g, ' '));
}

/**
 * A text of several lines typed by someone (a description, a clarification, a reason): blank lines
 * separate paragraphs, and a single line break stays one (a backslash at the end of a line is a hard
 * break in CommonMark, which editors do not strip the way they strip two trailing spaces). Every
 * line is trimmed, so none is read as indented code.
 */
export function markdownBlock(text: string): string {
  const paragraphs: string[][] = [[]];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = markdownLine(raw);
    const current = paragraphs[paragraphs.length - 1]!;
    if (line) current.push(line);
    else if (current.length > 0) paragraphs.push([]);
  }
  return paragraphs
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join('\\\n'))
    .join('\n\n');
}
