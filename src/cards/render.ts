import { readFileSync } from 'node:fs';
import { Template } from 'adaptivecards-templating';
import type { CardData, CardName } from './card-data.js';
import { cardsFile } from './cards-dir.js';
import { catalog, type Locale } from './i18n.js';

export type { CardData, CardName } from './card-data.js';

/** An expanded Adaptive Card, ready to send as an attachment or an invoke response. */
export interface AdaptiveCardJson {
  type: 'AdaptiveCard';
  version: string;
  [key: string]: unknown;
}

/** The content type of an Adaptive Card attachment. */
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Templates per card name and locale, with the locale's catalog texts already in (inlineCatalog). */
const templates = new Map<string, Template>();

/** A template's name: a file name in cards/ without `.json` (lowercase words joined by hyphens). */
const TEMPLATE_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * Expands the template cards/<name>.json with `data` and the locale's catalog (as `$root.t`), with
 * the data type `CardData` gives the card (the core's cards and every feature's; see card-data.ts).
 */
export function renderCard<N extends CardName>(name: N, data: CardData[N], locale: Locale): AdaptiveCardJson {
  return renderTemplate(name, data, locale);
}

/**
 * Expands any template cards/<name>.json with `data` and the locale's catalog (as `$root.t`); the
 * caller vouches for the data's type (`renderCard` checks it against `CardData`).
 * Throws when the template is missing or malformed, or when a binding is left unresolved (a bug in a
 * template or its caller: tests catch it, users must never see `${...}`).
 */
export function renderTemplate<D extends object>(name: string, data: D, locale: Locale): AdaptiveCardJson {
  const root = { ...(neutraliseBindings(data) as object), t: catalog(locale) };
  const card: unknown = loadTemplate(name, locale).expand({ $root: root });
  if (!isAdaptiveCard(card)) throw new Error(`Card "${name}" did not expand to an AdaptiveCard`);
  if (JSON.stringify(card).includes('${'))
    throw new Error(`Card "${name}" has unresolved bindings for locale ${locale}`);
  // Every action of a card may be conditional; leave out an empty action bar.
  if (Array.isArray(card.actions) && card.actions.length === 0) delete card.actions;
  return card;
}

/** A Bot Framework attachment holding a rendered card. */
export function cardAttachment(card: AdaptiveCardJson): { contentType: string; content: AdaptiveCardJson } {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}

function loadTemplate(name: string, locale: Locale): Template {
  const key = `${name}/${locale}`;
  const cached = templates.get(key);
  if (cached) return cached;
  const template = new Template(inlineCatalog(readTemplate(name), catalog(locale)));
  templates.set(key, template);
  return template;
}

/** The parsed file cards/<name>.json. */
export function readTemplate(name: string): AdaptiveCardJson {
  if (!TEMPLATE_NAME.test(name)) throw new Error(`"${name}" is not the name of a card template`);
  const file = cardsFile(`${name}.json`);
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the card template "${name}" (${file.pathname})`, { cause: error });
  }
  if (!isAdaptiveCard(payload)) throw new Error(`The card template "${name}" is not an AdaptiveCard`);
  return payload;
}

/** A binding that is a catalog text and nothing else, e.g. `${$root.t.guidance.receipt.title}`. */
const CATALOG_BINDING = /\$\{\$root\.t\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)\}/g;

/**
 * The template with every plain catalog binding in a string value replaced by the catalog's text, so
 * that expanding it evaluates only the bindings that depend on the data: a third of the bindings of
 * the coordinator's card, evaluated on every render (issue 9's allocation profile). The card that
 * comes out is the same (test/cards/render.test.ts). Left as they are: values of `$`-keys (`$when`,
 * `$data`), bindings inside larger expressions, keys the catalog lacks (the unresolved-binding check
 * still finds them) and texts that hold `${` themselves.
 */
export function inlineCatalog<T>(payload: T, texts: Record<string, unknown>): T {
  const textAt = (path: string): string | undefined => {
    let node: unknown = texts;
    for (const part of path.split('.')) {
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
    }
    return typeof node === 'string' && !node.includes('${') ? node : undefined;
  };
  const walk = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') {
      if (key.startsWith('$')) return value;
      return value.replace(CATALOG_BINDING, (binding, path: string) => textAt(path) ?? binding);
    }
    if (Array.isArray(value)) return value.map((item) => walk(item, ''));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    }
    return value;
  };
  return walk(payload, '') as T;
}

function isAdaptiveCard(value: unknown): value is AdaptiveCardJson {
  if (typeof value !== 'object' || value === null) return false;
  const card = value as Record<string, unknown>;
  return card.type === 'AdaptiveCard' && typeof card.version === 'string';
}

/**
 * Copies data with every "${" in a string broken by an invisible word joiner, so text from people
 * (names, unit names) can never look like a binding to the check above, nor to anything downstream.
 */
function neutraliseBindings(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('${', '$\u2060{');
  if (Array.isArray(value)) return value.map(neutraliseBindings);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, neutraliseBindings(v)]));
  return value;
}
