/**
 * The Firefox build in a real Firefox (Debian's ESR unless FIREFOX_PATH says otherwise), as a
 * person would use it: installed as a temporary add-on, connected to the reference server from
 * the options page it opens on install, then a CRM record shows the panel with its account.
 * Puppeteer drives Firefox over WebDriver BiDi (scripts/lib/firefox.ts, docs/FIREFOX.md).
 *
 * Run with the Firefox build in .output/firefox-mv3 (`npm run test:firefox` builds it).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, Frame } from 'puppeteer-core';
import { FIXTURE_PAGES } from '../../lib/demo/crm-fixture-accounts';
import { generateDataset } from '../../lib/demo/generate';
import { computeReport } from '../../lib/metrics';
import { addonFrame, addonTab, launchFirefoxWithAddon, routeFixturePagesIn } from '../../scripts/lib/firefox';
import { type RunningServer, startServer } from '../../scripts/lib/server-process';

const OUT = 'test-results/firefox';

let server: RunningServer | undefined;
let browser: Browser | undefined;

before(async () => {
  // Both take a few seconds: start them together.
  const [s, b] = await Promise.allSettled([startServer({ accounts: 12 }), launchFirefoxWithAddon()]);
  if (s.status === 'fulfilled') server = s.value;
  if (b.status === 'fulfilled') browser = b.value.browser;
  if (s.status === 'rejected') throw s.reason;
  if (b.status === 'rejected') throw b.reason;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Waits until `selector` in `frame` has exactly `text` (polling in the page, like Playwright's expect). */
async function expectText(frame: Frame, selector: string, text: string, timeout = 15_000) {
  try {
    await frame.waitForFunction(
      (sel, want) => document.querySelector(sel)?.textContent?.trim() === want,
      { timeout, polling: 100 },
      selector,
      text,
    );
  } catch {
    const got = await frame.evaluate((sel) => document.querySelector(sel)?.textContent ?? null, selector);
    assert.fail(`${selector}: expected ${JSON.stringify(text)}, got ${JSON.stringify(got)}`);
  }
}

async function expectTextContaining(frame: Frame, selector: string, part: string, timeout = 15_000) {
  try {
    await frame.waitForFunction(
      (sel, want) => document.querySelector(sel)?.textContent?.includes(want) ?? false,
      { timeout, polling: 100 },
      selector,
      part,
    );
  } catch {
    const got = await frame.evaluate((sel) => document.querySelector(sel)?.textContent ?? null, selector);
    assert.fail(`${selector}: expected it to contain ${JSON.stringify(part)}, got ${JSON.stringify(got)}`);
  }
}

test('Firefox: the temporary add-on syncs from the server and shows the account beside a Salesforce record', async () => {
  assert.ok(browser && server);
  mkdirSync(OUT, { recursive: true });

  // On install Healthbar opens its options page: a person's first step.
  const options = await addonTab(browser, '/options.html');
  await options.locator('input[name="apiUrl"]').fill(server.url);
  await options.locator('input[name="token"]').fill(server.token);
  await options.locator('button[type="submit"]').click();
  await expectTextContaining(options.mainFrame(), '[data-testid="result"]', 'Synced', 60_000);
  await expectTextContaining(options.mainFrame(), '[data-testid="stats"]', `${server.accounts} accounts`);

  // The numbers the panel must show: the server's demo dataset (seed 42, as server/main.ts seeds
  // it) computed by the report's own functions.
  const fx = FIXTURE_PAGES.find((p) => p.file === 'salesforce-opportunity.html');
  assert.ok(fx?.expectedAccountName);
  const report = computeReport(
    generateDataset({ accounts: server.accounts, seed: 42, asOf: server.asOf }),
    server.asOf,
  );
  const expected = report.accounts.find((a) => a.name === fx.expectedAccountName);
  assert.ok(expected && expected.health.rounded !== null);

  const page = await browser.newPage();
  await routeFixturePagesIn(page);
  await page.goto(fx.url);
  // The frame sits in a closed shadow root: no selector reaches it, the frame tree does.
  const panel = await addonFrame(page);
  await expectText(panel, '[data-testid="account-name"]', fx.expectedAccountName);
  await expectText(panel, '[data-testid="score"]', String(expected.health.rounded));
  assert.match(await panel.evaluate(() => document.body.innerText), /synced just now/);
  await page.screenshot({ path: `${OUT}/panel.png` });
});
