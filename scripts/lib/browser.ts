/**
 * Launching Chromium with the built extension, shared by the e2e suite, the demo and the
 * benchmarks. See docs/BROWSER-TESTING.md for why each flag and the Preferences file are needed.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Frame, type Page, type Worker } from '@playwright/test';
import { FIXTURE_DIR, FIXTURE_PAGES } from '../../lib/demo/crm-fixture-accounts';

/** The repository's root (fixtures are read from it whatever the working directory). */
const ROOT = resolve(import.meta.dirname, '../..');

/** The built Chrome MV3 extension (`wxt build`). */
export const EXTENSION_DIR = resolve(process.env.HEALTHBAR_EXTENSION_DIR ?? '.output/chrome-mv3');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Launches Debian's Chromium with the built extension loaded, in a fresh profile.
 * See docs/BROWSER-TESTING.md for why each flag and the Preferences file are needed.
 */
export async function launchWithExtension(
  options: { headless?: boolean; userDataDir?: string; extensionDir?: string; chromiumPath?: string } = {},
): Promise<{ context: BrowserContext; userDataDir: string }> {
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'healthbar-browser-'));
  mkdirSync(join(userDataDir, 'Default'), { recursive: true });
  // Without this, an extension iframe inside a CRM page is denied IndexedDB under Playwright.
  writeFileSync(
    join(userDataDir, 'Default', 'Preferences'),
    JSON.stringify({ profile: { cookie_controls_mode: 0 } }),
  );
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: options.chromiumPath ?? CHROMIUM_PATH,
    headless: options.headless ?? true,
    viewport: { width: 1400, height: 900 },
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
  return { context, userDataDir };
}

export async function serviceWorkerOf(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
}

/**
 * On install Healthbar opens its options page (a person's first step). Chromium may open it in
 * the tab a test is about to use, so wait for it and close it before the test starts.
 */
export async function closeWelcomeTab(context: BrowserContext): Promise<void> {
  // Poll: the tab may exist already, still on about:blank, or appear a moment later.
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const page = context.pages().find((p) => p.url().endsWith('/options.html'));
    if (page) {
      await page.close();
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Document URLs on the CRM hosts the fixtures imitate (routed, never fetched from the network). */
export const CRM_HOST_URL =
  /^https:\/\/[^/]*\.(hubspot\.com|lightning\.force\.com|my\.salesforce\.com|zendesk\.com)\//;

/** The fixture HTML of each CRM page URL (without its fragment). */
export function fixturePagesByUrl(): Map<string, string> {
  const byUrl = new Map<string, string>();
  for (const p of FIXTURE_PAGES)
    byUrl.set(p.url.split('#')[0], readFileSync(join(ROOT, FIXTURE_DIR, p.file), 'utf8'));
  return byUrl;
}

/** Serves the CRM page fixtures at their real URLs (no network: CRM hosts never leave the machine). */
export async function routeFixturePages(context: BrowserContext): Promise<void> {
  const byUrl = fixturePagesByUrl();
  await context.route(CRM_HOST_URL, (route) => {
    if (route.request().resourceType() !== 'document') return route.fulfill({ status: 404, body: '' });
    const html = byUrl.get(route.request().url().split('#')[0]);
    if (!html)
      return route.fulfill({ status: 404, contentType: 'text/html', body: '<h1>Not a fixture</h1>' });
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
  });
}

/**
 * The Healthbar panel frame the content script mounted in `page`. It lives in a closed shadow
 * root, which selectors (and page scripts) cannot enter, so it is found in the frame tree: the
 * page's child frame holding the extension's `sidepanel.html`. Waits up to `timeout` ms.
 */
export async function panelFrame(page: Page, timeout = 20_000): Promise<Frame> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const frame = page
      .frames()
      .find(
        (f) =>
          f.parentFrame() === page.mainFrame() &&
          /^chrome-extension:\/\/[a-z]{32}\/sidepanel\.html/.test(f.url()),
      );
    if (frame) return frame;
    if (Date.now() > deadline) throw new Error(`no Healthbar panel frame in ${page.url()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Whether the page shows a Healthbar panel frame now (mounted and not collapsed). */
export async function panelFrameVisible(page: Page): Promise<boolean> {
  const frame = await panelFrame(page, 0).catch(() => null);
  if (!frame) return false;
  const el = await frame.frameElement().catch(() => null);
  return el ? el.isVisible() : false;
}
