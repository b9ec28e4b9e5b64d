import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';

/** Where the browser tests leave a screenshot of every screen (git-ignored; see README "Web app"). */
export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', 'test-output', 'screenshots');
export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 360, height: 740 };

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** A page in a fresh context (its own cookies) that records CSP violations and page errors. */
export async function newWebPage(browser: Browser): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return { page, problems };
}

/**
 * Runs axe-core on the page as it is and fails on any serious or critical
 * violation. axe is evaluated through the DevTools protocol, which the
 * page's CSP does not govern: the app itself stays under its strict policy.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  // Strings, not functions: these run in the page, and the tests compile without the DOM's types.
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate<
    Array<{ id: string; impact: string; help: string; targets: string[] }>
  >(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
    r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) })))`);
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad, `axe on the ${screen} screen`).to.deep.equal([]);
}

/** Screenshots the page at desktop width and at 360 px into SCREENSHOT_DIR as `<name>-desktop.png` and `<name>-360.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const size = page.viewportSize() ?? DESKTOP;
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await settled(page);
  // Nothing may stick out sideways at 360 px.
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  expect(overflow, `horizontal overflow of ${name} at 360 px`).to.be.at.most(0);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-360.png`), fullPage: true });
  await page.setViewportSize(size);
  await settled(page);
}

/** Two animation frames: resize observers (the charts) have run and the page has painted. */
export function settled(page: Page): Promise<void> {
  return page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())))');
}

/** Both: the screen is accessible, and its pictures are written. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  await screenshot(page, name);
}

/**
 * Presses Tab `count` times from where focus is and says, for each stop, the
 * control's name (its label, else its text) and whether a focus ring shows
 * (an outline of 2 px or more on it, or on its ::after for a link that
 * stretches over a card).
 */
export async function tabStops(page: Page, count: number): Promise<Array<{ name: string; ring: boolean }>> {
  const stops: Array<{ name: string; ring: boolean }> = [];
  for (let i = 0; i < count; i++) {
    await page.keyboard.press('Tab');
    stops.push(
      await page.evaluate<{ name: string; ring: boolean }>(`(() => {
        const el = document.activeElement;
        const ring = (s) => s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
        const name = (el.labels && el.labels[0] ? el.labels[0].innerText : el.getAttribute('aria-label') || el.innerText || el.tagName).trim();
        return { name, ring: ring(getComputedStyle(el)) || ring(getComputedStyle(el, '::after')) };
      })()`),
    );
  }
  return stops;
}
