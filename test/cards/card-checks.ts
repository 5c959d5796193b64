/**
 * Checks the card test runs on every expanded card and template: validation with the `adaptivecards`
 * package, unknown properties, actions, inputs, catalog keys. Each returns a list of problems (empty = fine).
 */
import { createRequire } from 'node:module';

type AdaptiveCardsModule = typeof import('adaptivecards');
type CardObject = import('adaptivecards').CardObject;

// The package's lib/ entry breaks under Node's ESM loader; its webpack bundle loads fine (PLATFORM-NOTES).
const require = createRequire(import.meta.url);
const AC = require('adaptivecards/dist/adaptivecards.js') as AdaptiveCardsModule;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Calls `visit` for every object in a JSON tree, with the key path that leads to it. */
export function walk(value: Json, visit: (object: JsonObject, path: string) => void, path = '$'): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      walk(item, visit, `${path}[${i}]`);
    });
  } else if (value !== null && typeof value === 'object') {
    visit(value, path);
    for (const [key, child] of Object.entries(value)) walk(child, visit, `${path}.${key}`);
  }
}

/** Every object in the tree whose `type` satisfies `test`. */
export function objectsOfType(card: Json, test: (type: string) => boolean): JsonObject[] {
  const found: JsonObject[] = [];
  walk(card, (o) => {
    if (typeof o.type === 'string' && test(o.type)) found.push(o);
  });
  return found;
}

/** Parses and validates a card with the `adaptivecards` package (schema 1.5); returns every event. */
export function adaptiveCardsProblems(card: Json): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    problems.push(`parse: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  for (const event of parsed.validateProperties().validationEvents)
    problems.push(`validate: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  return problems;
}

/** Keys a card object holds outside its property schema, which the parser reads by hand. */
const STRUCTURAL_KEYS: Record<string, readonly string[]> = {
  AdaptiveCard: ['body', 'actions'],
  Container: ['items'],
  Column: ['items'],
  ColumnSet: ['columns'],
  ActionSet: ['actions'],
  'Action.ShowCard': ['card'],
};

/** Properties of an element/action/card type according to the `adaptivecards` package, or undefined. */
function knownProperties(type: string): Set<string> | undefined {
  let instance: CardObject | undefined;
  if (type === 'AdaptiveCard') instance = new AC.AdaptiveCard();
  else if (type === 'Column') instance = new AC.Column();
  else
    instance =
      AC.GlobalRegistry.elements.createInstance(type, AC.Versions.v1_5) ??
      AC.GlobalRegistry.actions.createInstance(type, AC.Versions.v1_5);
  if (!instance) return undefined;
  const schema = instance.getSchema();
  const names = new Set<string>(['fallback', ...(STRUCTURAL_KEYS[type] ?? [])]);
  for (let i = 0; i < schema.getCount(); i++) names.add(schema.getItemAt(i).name);
  return names;
}

/**
 * Properties the `adaptivecards` parser does not know (it ignores them silently: a typo such as
 * "wieght" would pass its own validation), unknown types, and keys inside facts and choices.
 */
export function unknownProperties(card: Json): string[] {
  const problems: string[] = [];
  walk(card, (o, path) => {
    if (typeof o.type === 'string') {
      const known = knownProperties(o.type);
      if (!known) {
        problems.push(`${path}: unknown type "${o.type}"`);
        return;
      }
      for (const key of Object.keys(o))
        if (!known.has(key)) problems.push(`${path}: unknown property "${key}"`);
      for (const listKey of ['facts', 'choices']) {
        const list = o[listKey];
        if (!Array.isArray(list)) continue;
        list.forEach((item, i) => {
          if (item === null || typeof item !== 'object' || Array.isArray(item)) return;
          for (const key of Object.keys(item))
            if (key !== 'title' && key !== 'value')
              problems.push(`${path}.${listKey}[${i}]: unknown property "${key}"`);
        });
      }
    }
  });
  return problems;
}

/** The one binding a template may use for a verb: the `verb` of the data it repeats over. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a template binding, not a JS template
const DATA_VERB = '${verb}';

/**
 * Problems with the card's actions: only Action.Execute (and Action.ShowCard for an inline form, whose
 * card holds an Action.Execute, and Action.OpenUrl to an https link from the data), known verbs, data
 * holding only ids.
 * In a template (`template: true`) a data value is a single binding to a field named …Id, or a
 * constant id (e.g. `fromId: 'help'`), and the verb may be `${verb}` from the data it repeats over.
 */
export function actionProblems(card: Json, verbs: readonly string[], template = false): string[] {
  const problems: string[] = [];
  for (const action of objectsOfType(card, (type) => type.startsWith('Action.'))) {
    if (action.type === 'Action.ShowCard') {
      const inner = action.card ?? null;
      if (objectsOfType(inner, (type) => type === 'Action.Execute').length === 0)
        problems.push(
          `Action.ShowCard ${JSON.stringify(action.title)} has no Action.Execute to submit its form`,
        );
      continue;
    }
    if (action.type === 'Action.OpenUrl') {
      // A link (a Teams meeting, a calendar file): the template binds it to a field named …Url, and
      // what is rendered is https (or the local development server), never a script or a data URL.
      const url = action.url;
      const ok = template
        ? typeof url === 'string' && /^\$\{[\w.]*Url\}$/.test(url)
        : typeof url === 'string' && /^(https:\/\/|http:\/\/(localhost|127\.0\.0\.1)[:/])/.test(url);
      if (!ok)
        problems.push(
          `Action.OpenUrl ${JSON.stringify(action.title)}: url ${JSON.stringify(url)} is not allowed`,
        );
      continue;
    }
    if (action.type !== 'Action.Execute') {
      problems.push(
        `${action.type} is not allowed (Action.Execute, Action.ShowCard and Action.OpenUrl only)`,
      );
      continue;
    }
    // A template may take a button's verb from its data (the help card's buttons come from the
    // features); the rendered cards are checked for known verbs.
    const fromData = template && action.verb === DATA_VERB;
    if (!fromData && (typeof action.verb !== 'string' || !verbs.includes(action.verb)))
      problems.push(`unknown verb ${JSON.stringify(action.verb)}`);
    const data = action.data;
    if (data === undefined) continue;
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      problems.push(`verb ${action.verb}: data must be an object of ids`);
      continue;
    }
    for (const [key, value] of Object.entries(data))
      if (
        !key.endsWith('Id') ||
        typeof value !== 'string' ||
        !(template ? /^(\$\{\w+Id\}|[\w.:-]+)$/ : /^[\w.:-]+$/).test(value)
      )
        problems.push(`verb ${action.verb}: data.${key} is not an id`);
  }
  return problems;
}

/** Problems with the card's inputs: missing or duplicate ids, missing labels, required without message. */
export function inputProblems(card: Json): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const input of objectsOfType(card, (type) => type.startsWith('Input.'))) {
    const id = input.id;
    if (typeof id !== 'string' || id === '') problems.push(`${input.type} without an id`);
    else if (seen.has(id)) problems.push(`duplicate input id "${id}"`);
    else seen.add(id);
    if (typeof input.label !== 'string' || input.label.trim() === '')
      problems.push(`input "${id}" has no label`);
    if (input.isRequired === true && (typeof input.errorMessage !== 'string' || input.errorMessage === ''))
      problems.push(`required input "${id}" has no errorMessage`);
  }
  return problems;
}

/** Features the local Playground (and so our users' test setup) cannot show. */
export function unsupportedFeatureProblems(card: Json): string[] {
  const problems: string[] = [];
  walk(card, (o, path) => {
    if ('msteams' in o) problems.push(`${path}: msteams (full width, mentions) is not supported`);
    if ('choices.data' in o) problems.push(`${path}: dynamic choices (people picker) are not supported`);
    if (typeof o.text === 'string' && o.text.includes('<at>')) problems.push(`${path}: mention in text`);
  });
  return problems;
}

/** The `${...}` expressions in a template's text (one level of nested braces, e.g. '{name}'). */
export function bindingExpressions(templateText: string): string[] {
  return [...templateText.matchAll(/\$\{((?:[^{}]|\{[^{}]*\})*)\}/g)].map((m) => m[1] ?? '');
}

/** The catalog keys a template uses: `t.a.b` or `$root.t.a.b` inside its bindings. */
export function catalogKeysUsed(templateText: string): string[] {
  const keys = new Set<string>();
  for (const expression of bindingExpressions(templateText))
    for (const m of expression.matchAll(/(?<![\w.])(?:\$root\.)?t\.([\w.-]+)/g)) if (m[1]) keys.add(m[1]);
  return [...keys];
}

/** Every leaf of a nested catalog as [dotted key, value]. */
export function catalogLeaves(catalog: unknown, prefix = ''): [string, unknown][] {
  if (catalog === null || typeof catalog !== 'object' || Array.isArray(catalog)) return [[prefix, catalog]];
  return Object.entries(catalog).flatMap(([key, value]) =>
    catalogLeaves(value, prefix ? `${prefix}.${key}` : key),
  );
}

/** The `{name}` placeholders in a message, sorted. */
export function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

/** Keys whose string values people read; in templates these must come from bindings only. */
const USER_TEXT_KEYS = [
  'text',
  'title',
  'label',
  'placeholder',
  'errorMessage',
  'value',
  'fallbackText',
  'speak',
];

/** Literal (non-bound) text people would read in a template: every such string should be in a catalog. */
export function literalTextProblems(template: Json): string[] {
  const problems: string[] = [];
  walk(template, (o, path) => {
    for (const key of USER_TEXT_KEYS) {
      const value = o[key];
      if (typeof value !== 'string') continue;
      const outside = value.replace(/\$\{((?:[^{}]|\{[^{}]*\})*)\}/g, '');
      if (/\p{L}/u.test(outside)) problems.push(`${path}.${key}: literal text "${outside.trim()}"`);
    }
  });
  return problems;
}
