/**
 * Drives the Microsoft 365 Agents Playground in headless Chromium to try a flow as a user and look at
 * the cards (see docs/LOCAL-DEVELOPMENT.md). The dev stack must already run (`npm run dev`).
 *
 * Usage: npx tsx scripts/try-playground.ts [--out screenshots] [--url http://localhost:56150]
 *          [--timeout 20] [--say "hjelp"] [--fill "Label=value"] [--click "Button title"] ...
 *   --say <text>     type a message and send it, then wait for an Adaptive Card reply
 *   --click <title>  click the button with that title on the newest card that has one, then wait for
 *                    a new card or for that card to change (updated in place)
 *   --fill <l=v>     fill the input labelled l on the newest card that has it: text is typed, a
 *                    choice is picked by its title, a toggle takes true/false (ja/nei), a date is
 *                    typed for the date picker, which reads the month first ("1/12/2027": 12 January)
 * Steps run in the order given (default: --say hjelp); every step saves a full-page screenshot to
 * the out dir, and a reply also a picture of the newest card. Exits 1 with a clear message (and a
 * screenshot) when a step fails, for example when no reply arrives in time; 2 on a usage error.
 * Environment: CHROMIUM_PATH (default /usr/bin/chromium), PLAYGROUND_PORT (default 56150).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Browser, chromium, type JSHandle, type Locator, type Page } from 'playwright-core';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Selectors of the Playground's web client (0.2.x), found by inspecting its DOM. */
const SELECTORS = {
  messageBox: '[contenteditable="true"][role="textbox"]',
  sendButton: 'button[aria-label="Send Message"]',
  personalChat: 'button[aria-label="Personal Chat"]',
  card: '.ac-adaptiveCard',
  botMessageAuthor: '[aria-label="Message author"]',
} as const;

/**
 * The little of the DOM that the in-page callbacks use. The project compiles without the DOM lib, and
 * page callbacks are serialised, so each one reaches `document` through globalThis with this type.
 */
interface PageElement {
  readonly textContent: string | null;
  readonly isConnected: boolean;
}
interface PageGlobals {
  document: { querySelectorAll(selector: string): ArrayLike<PageElement> };
}

const USAGE =
  'Usage: npx tsx scripts/try-playground.ts [--out dir] [--url url] [--timeout seconds] ' +
  '[--say text] [--fill "Label=value"] [--click "Button title"] ...';

type Step =
  | { kind: 'say'; text: string }
  | { kind: 'click'; title: string }
  | { kind: 'fill'; label: string; value: string };

interface Options {
  url: string;
  outDir: string;
  timeoutMs: number;
  steps: Step[];
}

/** A usage mistake: reported with the usage line, exit code 2. */
class UsageError extends Error {
  override name = 'UsageError';
}

/** A step that did not work: reported as one clear message, exit code 1. */
class StepError extends Error {
  override name = 'StepError';
}

function parseOptions(argv: string[]): Options {
  let parsed: ReturnType<typeof parseWithTokens>;
  try {
    parsed = parseWithTokens(argv);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const steps: Step[] = [];
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || token.value === undefined) continue;
    if (token.name === 'say') steps.push({ kind: 'say', text: token.value });
    if (token.name === 'click') steps.push({ kind: 'click', title: token.value });
    if (token.name === 'fill') {
      const at = token.value.indexOf('=');
      if (at <= 0) throw new UsageError(`--fill wants "Label=value", got "${token.value}".`);
      steps.push({ kind: 'fill', label: token.value.slice(0, at).trim(), value: token.value.slice(at + 1) });
    }
  }
  const timeoutSeconds = Number(parsed.values.timeout ?? '20');
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new UsageError('--timeout must be a positive number of seconds.');
  }
  const port = process.env.PLAYGROUND_PORT?.trim() || '56150';
  return {
    url: parsed.values.url ?? `http://localhost:${port}`,
    outDir: resolve(parsed.values.out ?? 'screenshots'),
    timeoutMs: timeoutSeconds * 1000,
    steps: steps.length > 0 ? steps : [{ kind: 'say', text: 'hjelp' }],
  };
}

function parseWithTokens(argv: string[]) {
  return parseArgs({
    args: argv,
    tokens: true,
    strict: true,
    options: {
      out: { type: 'string' },
      url: { type: 'string' },
      timeout: { type: 'string' },
      say: { type: 'string', multiple: true },
      click: { type: 'string', multiple: true },
      fill: { type: 'string', multiple: true },
    },
  });
}

/** A short file-name-safe version of a step's text (Norwegian letters spelled out). */
function slug(text: string): string {
  const ascii = text
    .toLowerCase()
    .replaceAll('æ', 'ae')
    .replaceAll('ø', 'o')
    .replaceAll('å', 'a')
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return ascii.slice(0, 40) || 'step';
}

function describe(step: Step): string {
  if (step.kind === 'say') return `say "${step.text}"`;
  if (step.kind === 'click') return `click "${step.title}"`;
  return `fill "${step.label}" with "${step.value}"`;
}

function stepName(index: number, step: Step): string {
  const number = String(index + 1).padStart(2, '0');
  const text = step.kind === 'say' ? step.text : step.kind === 'click' ? step.title : step.label;
  return `${number}-${step.kind}-${slug(text)}`;
}

// ---------------------------------------------------------------------------------------------
// The page

async function openPlayground(browser: Browser, url: string, timeoutMs: number): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 1000 },
    locale: 'nb-NO',
    timezoneId: 'Europe/Oslo',
  });
  const page = await context.newPage();
  try {
    await page.goto(url, { timeout: timeoutMs });
  } catch {
    throw new StepError(`nothing answers at ${url}: start the dev stack first (npm run dev).`);
  }
  try {
    await page.locator(SELECTORS.messageBox).waitFor({ state: 'visible', timeout: timeoutMs });
  } catch {
    throw new StepError(
      `the Playground at ${url} did not show its chat box in time (is it the Playground?).`,
    );
  }
  const personalChat = page.locator(SELECTORS.personalChat);
  if ((await personalChat.count()) > 0) await personalChat.first().click();
  // Opening the page sends installationUpdate and conversationUpdate; let any welcome card arrive
  // first so that it is not taken for the reply to the first step.
  await settle(page, 1500, 8000);
  return page;
}

/** Waits until the chat has not changed (no new card, newest card's text stable) for `quietMs`. */
async function settle(page: Page, quietMs = 600, maxMs = 3000): Promise<void> {
  const snapshot = () =>
    page.evaluate((selector) => {
      const cards = (globalThis as unknown as PageGlobals).document.querySelectorAll(selector);
      return `${cards.length}:${cards[cards.length - 1]?.textContent ?? ''}`;
    }, SELECTORS.card);
  let last = await snapshot();
  let stableSince = Date.now();
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline && Date.now() - stableSince < quietMs) {
    await page.waitForTimeout(150);
    const now = await snapshot();
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    }
  }
}

async function say(page: Page, text: string, timeoutMs: number): Promise<void> {
  const cardsBefore = await page.locator(SELECTORS.card).count();
  const botMessagesBefore = await page.locator(SELECTORS.botMessageAuthor).count();
  const box = page.locator(SELECTORS.messageBox);
  await box.click();
  await box.pressSequentially(text);
  await page.locator(SELECTORS.sendButton).click();
  try {
    await page.waitForFunction(
      ([selector, before]) =>
        (globalThis as unknown as PageGlobals).document.querySelectorAll(selector).length > before,
      [SELECTORS.card, cardsBefore] as const,
      { timeout: timeoutMs },
    );
  } catch {
    const botAnswered = (await page.locator(SELECTORS.botMessageAuthor).count()) > botMessagesBefore;
    throw new StepError(
      botAnswered
        ? `the bot answered "${text}", but not with an Adaptive Card, within ${timeoutMs / 1000} s.`
        : `no reply to "${text}" within ${timeoutMs / 1000} s (is the bot running? see the [bot] output of npm run dev).`,
    );
  }
}

/** The newest card for which `find` gives at least one element, and that element. */
async function newestCardWith(page: Page, find: (card: Locator) => Locator): Promise<Locator | undefined> {
  const cards = page.locator(SELECTORS.card);
  for (let index = (await cards.count()) - 1; index >= 0; index -= 1) {
    const target = find(cards.nth(index));
    if ((await target.count()) > 0) return target.first();
  }
  return undefined;
}

function quoteList(items: readonly string[]): string {
  return items.map((item) => `"${item.trim()}"`).join(', ');
}

async function buttonTitles(page: Page): Promise<string[]> {
  const titles = await page
    .locator(`${SELECTORS.card} button[title]`)
    .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('title') ?? ''));
  return [...new Set(titles)];
}

async function click(page: Page, title: string, timeoutMs: number): Promise<void> {
  const button = await newestCardWith(page, (card) => card.locator(`button[title=${JSON.stringify(title)}]`));
  if (!button) {
    const seen = await buttonTitles(page);
    throw new StepError(
      `no card has a button titled "${title}"${seen.length > 0 ? ` (buttons: ${quoteList(seen)})` : ''}.`,
    );
  }
  const card = (await button.evaluateHandle((element) =>
    element.closest('.ac-adaptiveCard'),
  )) as unknown as JSHandle<PageElement>;
  const textBefore = await card.evaluate((element) => element.textContent);
  const cardsBefore = await page.locator(SELECTORS.card).count();
  await button.click();
  try {
    await page.waitForFunction(
      ([element, before, selector, count]) =>
        !element.isConnected ||
        element.textContent !== before ||
        (globalThis as unknown as PageGlobals).document.querySelectorAll(selector).length > count,
      [card, textBefore, SELECTORS.card, cardsBefore] as const,
      { timeout: timeoutMs },
    );
  } catch {
    throw new StepError(`no new or updated card within ${timeoutMs / 1000} s after clicking "${title}".`);
  }
}

const TRUE_WORDS = ['true', 'yes', 'ja', 'on', '1'];

async function fill(page: Page, label: string, value: string): Promise<void> {
  // An exact label first ("Spørsmålet", also when a required input's label ends in "*"), then any
  // label containing the text.
  const whole = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\*?\\s*$`, 'i');
  const input =
    (await newestCardWith(page, (card) => card.getByLabel(label, { exact: true }))) ??
    (await newestCardWith(page, (card) => card.getByLabel(whole))) ??
    (await newestCardWith(page, (card) => card.getByLabel(label)));
  if (!input) throw new StepError(`no card has an input labelled "${label}".`);
  const role = await input.getAttribute('role');
  const tag = await input.evaluate((element) => element.tagName.toLowerCase());
  const type = (await input.getAttribute('type')) ?? '';
  if (role === 'combobox') {
    await input.click();
    const option = page.getByRole('option', { name: value, exact: true });
    if ((await page.getByRole('option').count()) === 0 && tag === 'input') {
      // A date picker (Input.Date) is a combobox with a calendar, not options: type the date.
      await page.keyboard.press('Escape');
      await input.fill(value);
      await input.press('Enter');
      // The picker's calendar may open again and cover the buttons below it.
      await page.keyboard.press('Escape');
      return;
    }
    if ((await option.count()) === 0) {
      const choices = await page.getByRole('option').allTextContents();
      await page.keyboard.press('Escape');
      throw new StepError(`"${label}" has no choice "${value}" (choices: ${quoteList(choices)}).`);
    }
    await option.first().click();
  } else if (role === 'radiogroup') {
    const radio = input.getByRole('radio', { name: value, exact: true });
    if ((await radio.count()) === 0) {
      const choices = await input.locator('label').allTextContents();
      throw new StepError(`"${label}" has no choice "${value}" (choices: ${quoteList(choices)}).`);
    }
    await radio.first().check();
  } else if (type === 'checkbox') {
    await input.setChecked(TRUE_WORDS.includes(value.trim().toLowerCase()));
  } else if (tag === 'input' || tag === 'textarea') {
    await input.fill(value);
  } else {
    throw new StepError(
      `"${label}" is not an input this script can fill (${tag}${role ? `, ${role}` : ''}).`,
    );
  }
}

async function saveScreenshots(page: Page, outDir: string, name: string, withCard: boolean): Promise<string> {
  const cards = page.locator(SELECTORS.card);
  const newest = (await cards.count()) > 0 ? cards.last() : undefined;
  if (newest) await newest.scrollIntoViewIfNeeded();
  const path = join(outDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  if (withCard && newest) await newest.screenshot({ path: join(outDir, `${name}-card.png`) });
  return path;
}

// ---------------------------------------------------------------------------------------------

async function run(options: Options): Promise<void> {
  const executablePath = process.env.CHROMIUM_PATH?.trim() || '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new StepError(
      `Chromium is not at ${executablePath}: install it (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  mkdirSync(options.outDir, { recursive: true });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  let page: Page | undefined;
  let current = 'opening the Playground';
  let currentName = '00-open';
  try {
    page = await openPlayground(browser, options.url, options.timeoutMs);
    for (const [index, step] of options.steps.entries()) {
      current = `step ${index + 1}/${options.steps.length}, ${describe(step)}`;
      currentName = stepName(index, step);
      if (step.kind === 'say') await say(page, step.text, options.timeoutMs);
      else if (step.kind === 'click') await click(page, step.title, options.timeoutMs);
      else await fill(page, step.label, step.value);
      await settle(page);
      const path = await saveScreenshots(page, options.outDir, currentName, step.kind !== 'fill');
      process.stdout.write(`${current}: ok, ${path}\n`);
    }
  } catch (error) {
    let where = '';
    if (page) {
      const path = join(options.outDir, `${currentName}-failed.png`);
      await page.screenshot({ path, fullPage: true }).then(
        () => {
          where = ` (screenshot: ${path})`;
        },
        () => undefined,
      );
    }
    const message = error instanceof Error ? error.message : String(error);
    throw new StepError(`${current}: ${message}${where}`);
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(
      `try-playground: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`,
    );
    process.exit(2);
  }
  try {
    await run(options);
  } catch (error) {
    const message =
      error instanceof StepError ? error.message : error instanceof Error ? error.stack : String(error);
    process.stderr.write(`try-playground: ${message}\n`);
    process.exit(1);
  }
}

void main();
