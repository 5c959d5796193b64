/**
 * Debian's Chromium for the tab's browser tests. Missing Chromium fails the tests under CI
 * (`.ci/run` installs it) and skips them, with a clear message, on a developer's machine.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH?.trim() || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium, or skips the suite (fails it under CI) when it is not installed. */
export async function launchChromiumOrSkip(suite: Mocha.Context): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    const message = `Chromium is not at ${CHROMIUM_PATH}: install it (apt-get install chromium) or set CHROMIUM_PATH.`;
    if (process.env.CI) throw new Error(`${message} CI needs it for the tab's browser tests.`);
    console.warn(`  skipping the tab's browser tests: ${message}`);
    suite.skip();
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
