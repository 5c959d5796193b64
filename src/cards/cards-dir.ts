/**
 * Where the card templates and message catalogs live: the repository's top-level cards/ folder.
 * Resolved relative to this module, so it works from src/cards/ (tsx) and from dist/cards/ (compiled),
 * which both sit two levels below the repository root.
 */
export const CARDS_DIR: URL = new URL('../../cards/', import.meta.url);

/** URL of a file inside cards/, e.g. `cardsFile('i18n/nb.json')`. */
export function cardsFile(relativePath: string): URL {
  return new URL(relativePath, CARDS_DIR);
}
