/**
 * Helpers for the end-to-end UX tests (issue 7): a session over the real bot (bot-harness) that
 * clicks buttons and types commands as Teams would, and small readers of rendered cards that look
 * at what a person sees: the visible body in document order (forms behind a ShowCard are hidden),
 * the message right under an input, and the rows of a list.
 */
import { expect } from 'chai';
import type { Person, Role } from '../../src/domain/roster.js';
import { type Harness, startHarness } from './bot-harness.js';
import type { CapturedActivity } from './fake-connector.js';
import { cardAction, message, type TestUser } from './teams-activities.js';

export type Card = Record<string, unknown>;
type Node = Record<string, unknown>;

export const SINCE = '2026-01-01T00:00:00.000Z';

/** A roster entry for a test user. */
export function member(who: TestUser, roles: Role[], extra: Partial<Person> = {}): Person {
  return { aadObjectId: who.aadObjectId, displayName: who.name, roles, since: SINCE, ...extra };
}

export interface Session {
  h: Harness;
  /** The bot's clock; tests move it. */
  clock: Date;
  /** The whole invoke answer (status, type, value). */
  invoke(
    from: TestUser,
    verb: string,
    data?: Record<string, unknown>,
    locale?: string,
  ): Promise<{ statusCode: number; type: string; value: Card }>;
  /** Clicks a button: the card that replaces the one clicked. */
  click(from: TestUser, verb: string, data?: Record<string, unknown>, locale?: string): Promise<Card>;
  /** Types a message: the bot's reply in the sender's chat (the first card of it). */
  say(from: TestUser, text: string, locale?: string): Promise<Card>;
  /** Everything the connector got for this person's personal chat, in order. */
  chat(who: TestUser): CapturedActivity[];
  /** New messages (POST) in this person's chat. */
  posts(who: TestUser): CapturedActivity[];
  /** In-place updates (PUT) in this person's chat. */
  puts(who: TestUser): CapturedActivity[];
  /** The card of the newest POST or PUT in this person's chat. */
  lastCard(who: TestUser): Card;
  /** Waits until the outbox has delivered everything due. */
  drain(): Promise<void>;
  /** One round of the scheduler's deadline task at the current fake time. */
  deadlineRound(): Promise<number>;
  close(): Promise<void>;
}

export const personalId = (who: TestUser) => `a:personal-${who.aadObjectId}`;

/**
 * Starts the real bot with a fake clock (09:00 UTC on Tuesday 24 November 2026 unless told), seeds
 * the roster and lets each of `greet` say "hjelp" once, so the bot can reach them later.
 */
export async function startSession(options: {
  roster: Person[];
  greet: TestUser[];
  env?: Record<string, string>;
  at?: string;
  /** Writes the data file before the bot starts (given the fake connector's URL). */
  dataFile?: (connectorUrl: string) => string;
}): Promise<Session> {
  const state = { clock: new Date(options.at ?? '2026-11-24T09:00:00.000Z') };
  const h = await startHarness(options.env ?? {}, {
    now: () => state.clock,
    ...(options.dataFile ? { dataFile: options.dataFile } : {}),
  });
  const serviceUrl = h.connector.url;
  await h.seed(options.roster);
  for (const who of options.greet) await h.post(message({ serviceUrl, from: who, text: 'hjelp' }));
  if (options.greet.length > 0) await h.connector.waitFor(options.greet.length);

  const chat = (who: TestUser) => h.connector.activities.filter((a) => a.conversationId === personalId(who));
  const session: Session = {
    h,
    get clock() {
      return state.clock;
    },
    set clock(value: Date) {
      state.clock = value;
    },
    async invoke(from, verb, data = {}, locale = 'nb-NO') {
      const { status, body } = await h.post(cardAction({ serviceUrl, from, verb, data, locale }));
      expect(status, `HTTP status of ${verb}`).to.equal(200);
      return body as { statusCode: number; type: string; value: Card };
    },
    async click(from, verb, data = {}, locale = 'nb-NO') {
      return (await session.invoke(from, verb, data, locale)).value;
    },
    async say(from, text, locale = 'nb-NO') {
      const before = h.connector.activities.length;
      const { status } = await h.post(message({ serviceUrl, from, text, locale }));
      expect(status, `HTTP status of "${text}"`).to.equal(200);
      const reply = () =>
        h.connector.activities
          .slice(before)
          .find((a) => a.method === 'POST' && a.conversationId === personalId(from));
      for (let seen = before + 1; !reply(); seen++) await h.connector.waitFor(seen);
      const found = reply()!;
      const card = h.connector.cardOf(found);
      if (!card) throw new Error(`no card in the reply to "${text}"`);
      return card;
    },
    chat,
    posts: (who) => chat(who).filter((a) => a.method === 'POST'),
    puts: (who) => chat(who).filter((a) => a.method === 'PUT'),
    lastCard(who) {
      const last = chat(who).at(-1);
      const card = last ? h.connector.cardOf(last) : undefined;
      if (!card) throw new Error(`no card in ${who.name}'s chat`);
      return card;
    },
    drain: () => h.bot.outbox.drain(),
    async deadlineRound() {
      // The same call the scheduler makes each round (src/main.ts). Imported here, not at the top,
      // so a file that uses it still loads where the unit of work module does not exist.
      const { runGuidanceDeadlines } = await import('../../src/features/guidance/guidance.js');
      const { inUnitOfWork } = await import('../../src/app/unit-of-work.js');
      return inUnitOfWork(h.bot.app, (uow) => runGuidanceDeadlines(h.bot.app, uow));
    },
    close: () => h.close(),
  };
  return session;
}

// ---- reading cards --------------------------------------------------------------------------------

/**
 * The visible elements of a card in document order: body elements, the items of containers and
 * columns, action sets (but not the forms behind an Action.ShowCard, which are hidden until opened).
 */
export function visibleFlow(card: unknown): Node[] {
  const out: Node[] = [];
  const visit = (element: unknown) => {
    if (typeof element !== 'object' || element === null) return;
    const node = element as Node;
    out.push(node);
    for (const child of (node.items as unknown[] | undefined) ?? []) visit(child);
    for (const column of (node.columns as unknown[] | undefined) ?? []) visit(column);
  };
  for (const element of ((card as Node).body as unknown[] | undefined) ?? []) visit(element);
  return out;
}

/** The visible input with this id (not one behind a ShowCard). */
export function visibleInput(card: unknown, id: string): Node | undefined {
  return visibleFlow(card).find(
    (n) => typeof n.type === 'string' && n.type.startsWith('Input.') && n.id === id,
  );
}

/** The element right after the visible input `id` in the card body (where its message belongs). */
export function elementAfter(card: unknown, id: string): Node | undefined {
  const flow = visibleFlow(card);
  const at = flow.findIndex((n) => typeof n.type === 'string' && n.type.startsWith('Input.') && n.id === id);
  return at < 0 ? undefined : flow[at + 1];
}

/** The text of the TextBlock right after the visible input `id`, or undefined. */
export function messageAfter(card: unknown, id: string): string | undefined {
  const next = elementAfter(card, id);
  return next?.type === 'TextBlock' && typeof next.text === 'string' ? next.text : undefined;
}

/**
 * The inline message under the visible input `id`: the TextBlock right after it, styled as a problem
 * (color Attention). Undefined when the next element is anything else (an informative text, the next
 * input...).
 */
export function errorAfter(card: unknown, id: string): string | undefined {
  const next = elementAfter(card, id);
  return next?.type === 'TextBlock' && next.color === 'Attention' && typeof next.text === 'string'
    ? next.text
    : undefined;
}

/** Every Action.Execute the person can press without opening a ShowCard: title, verb, data. */
export function visibleButtons(card: unknown): { title: string; verb: string; data: Node }[] {
  const buttons: { title: string; verb: string; data: Node }[] = [];
  const take = (actions: unknown) => {
    for (const action of (actions as Node[] | undefined) ?? [])
      if (action.type === 'Action.Execute')
        buttons.push({
          title: String(action.title),
          verb: String(action.verb),
          data: (action.data ?? {}) as Node,
        });
  };
  for (const node of visibleFlow(card)) if (node.type === 'ActionSet') take(node.actions);
  take((card as Node).actions);
  return buttons;
}

/** The ShowCards (inline forms behind a button) of a card, with their titles. */
export function showCards(card: unknown): Node[] {
  const found: Node[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const node = value as Node;
    if (node.type === 'Action.ShowCard') found.push(node);
    for (const child of Object.values(node)) walk(child);
  };
  walk(card);
  return found;
}

/** The choices of an Input.ChoiceSet anywhere on the card (visible or in a ShowCard). */
export function choicesOf(card: unknown, id: string): { title: string; value: string }[] {
  let found: { title: string; value: string }[] | undefined;
  const walk = (value: unknown) => {
    if (found) return;
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const node = value as Node;
    if (node.type === 'Input.ChoiceSet' && node.id === id) {
      found = (node.choices ?? []) as { title: string; value: string }[];
      return;
    }
    for (const child of Object.values(node)) walk(child);
  };
  walk(card);
  return found ?? [];
}

/** The texts of a list card's rows, one string per row (the ColumnSets of the list), in order. */
export function listRows(card: unknown): string[] {
  return visibleFlow(card)
    .filter((n) => n.type === 'ColumnSet')
    .map((row) =>
      visibleFlow({ body: [row] })
        .filter((n) => n.type === 'TextBlock')
        .map((n) => String(n.text))
        .join('\n'),
    );
}

/** The requestId carried by the first button with this verb. */
export function requestIdOn(card: unknown, verb: string): string {
  let id: string | undefined;
  const walk = (value: unknown) => {
    if (id !== undefined) return;
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const node = value as Node;
    if (node.type === 'Action.Execute' && node.verb === verb) {
      const data = (node.data ?? {}) as Node;
      if (typeof data.requestId === 'string') id = data.requestId;
      return;
    }
    for (const child of Object.values(node)) walk(child);
  };
  walk(card);
  if (id === undefined) throw new Error(`no ${verb} button with a requestId on the card`);
  return id;
}
