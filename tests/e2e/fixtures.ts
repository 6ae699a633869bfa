import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, test as base, chromium, type Worker } from '@playwright/test';

/** The built Chrome MV3 extension (`wxt build`). */
export const EXTENSION_DIR = resolve(process.env.HEALTHBAR_EXTENSION_DIR ?? '.output/chrome-mv3');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Launches Debian's Chromium with the built extension loaded, in a fresh profile.
 * See docs/BROWSER-TESTING.md for why each flag and the Preferences file are needed.
 */
export async function launchWithExtension(): Promise<{ context: BrowserContext; userDataDir: string }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'healthbar-e2e-'));
  mkdirSync(join(userDataDir, 'Default'), { recursive: true });
  // Without this, an extension iframe inside a CRM page is denied IndexedDB under Playwright.
  writeFileSync(
    join(userDataDir, 'Default', 'Preferences'),
    JSON.stringify({ profile: { cookie_controls_mode: 0 } }),
  );
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
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

/** Serves `html` for every document request to `urlPattern` (CRM hosts never hit the network). */
export async function routeHtml(context: BrowserContext, urlPattern: string | RegExp, html: string) {
  await context.route(urlPattern, (route) => {
    if (route.request().resourceType() === 'document') {
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    }
    return route.fulfill({ status: 404, body: '' });
  });
}

export const test = base.extend<{ context: BrowserContext; extensionId: string; serviceWorker: Worker }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies destructured.
  context: async ({}, use) => {
    const { context, userDataDir } = await launchWithExtension();
    // Block anything that would leave the machine; tests route what they need.
    await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) =>
      route.abort('internetdisconnected'),
    );
    await serviceWorkerOf(context);
    await closeWelcomeTab(context);
    await use(context);
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  },
  serviceWorker: async ({ context }, use) => {
    await use(await serviceWorkerOf(context));
  },
  extensionId: async ({ serviceWorker }, use) => {
    await use(new URL(serviceWorker.url()).host);
  },
});

export const expect = test.expect;
