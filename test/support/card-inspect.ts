/** Small helpers to look into rendered Adaptive Cards in tests. */

/** Every Action.Execute verb on the card, in document order. */
export function verbsOf(card: unknown): string[] {
  const verbs: string[] = [];
  walk(card, (node) => {
    if (node.type === 'Action.Execute' && typeof node.verb === 'string') verbs.push(node.verb);
  });
  return verbs;
}

/** All visible text of the card (TextBlock text, FactSet facts, RichTextBlock runs) joined by newlines. */
export function textOf(card: unknown): string {
  const parts: string[] = [];
  walk(card, (node) => {
    if (typeof node.text === 'string') parts.push(node.text);
    if (typeof node.title === 'string' && node.type !== 'AdaptiveCard') parts.push(node.title);
    if (typeof node.value === 'string' && node.type === undefined) parts.push(node.value);
  });
  return parts.join('\n');
}

/** Ids of every input on the card. */
export function inputIdsOf(card: unknown): string[] {
  const ids: string[] = [];
  walk(card, (node) => {
    if (typeof node.type === 'string' && node.type.startsWith('Input.') && typeof node.id === 'string')
      ids.push(node.id);
  });
  return ids;
}

/** The data of the first Action.Execute with this verb. */
export function actionData(card: unknown, verb: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  walk(card, (node) => {
    if (!found && node.type === 'Action.Execute' && node.verb === verb)
      found = (node.data ?? {}) as Record<string, unknown>;
  });
  return found;
}

function walk(value: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const node = value as Record<string, unknown>;
  visit(node);
  for (const child of Object.values(node)) walk(child, visit);
}
