import { chromium } from 'playwright-core';

const out = process.argv[2] ?? '/tmp/shots';
const say = process.argv[3] ?? 'møter';
const waitMs = Number(process.argv[4] ?? '60000');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
await page.goto('http://localhost:56150');
await page.waitForTimeout(4000);
const chat = page.locator('button[aria-label="Personal Chat"]');
if (await chat.count()) await chat.first().click();
await page.waitForTimeout(2000);
await page.locator('[contenteditable="true"][role="textbox"]').first().fill(say);
await page.locator('button[aria-label="Send Message"]').first().click();
await page.waitForTimeout(waitMs);
const cards = page.locator('.ac-adaptiveCard');
const n = await cards.count();
console.log('cards', n);
const { mkdirSync } = await import('node:fs');
mkdirSync(out, { recursive: true });
for (let i = 0; i < n; i++) {
  const card = cards.nth(i);
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: `${out}/card-${String(i).padStart(2, '0')}.png` });
}
const click = process.argv[5];
if (click) {
  const target = cards.nth(Number(process.argv[6] ?? '1'));
  await target.locator(`button:has-text("${click}")`).first().click();
  await page.waitForTimeout(6000);
  const again = page.locator('.ac-adaptiveCard');
  for (let i = 0; i < (await again.count()); i++) {
    await again.nth(i).scrollIntoViewIfNeeded();
    await again.nth(i).screenshot({ path: `${out}/after-${String(i).padStart(2, '0')}.png` });
  }
}
await browser.close();
