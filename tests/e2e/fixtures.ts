import { rmSync } from 'node:fs';
import { type BrowserContext, test as base, type Page, type Worker } from '@playwright/test';
import { closeWelcomeTab, launchWithExtension, serviceWorkerOf } from '../../scripts/lib/browser';

export {
  CHROMIUM_PATH,
  closeWelcomeTab,
  EXTENSION_DIR,
  launchWithExtension,
  panelFrame,
  panelFrameVisible,
  routeFixturePages,
  serviceWorkerOf,
} from '../../scripts/lib/browser';

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

type DatasetFile = string | { name: string; mimeType: string; buffer: Buffer };

/**
 * Imports a dataset through the options page's "Dataset files" and waits until the import's
 * result says `expectText` (e.g. "Imported 40 accounts"). Returns the options page, still open.
 */
export async function importThroughOptions(
  context: BrowserContext,
  extensionId: string,
  file: DatasetFile,
  expectText: string,
): Promise<Page> {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByLabel('Dataset files').setInputFiles(file);
  await expect(options.getByTestId('result').first()).toContainText(expectText, { timeout: 30_000 });
  return options;
}

/** Connects the options page to a server (API URL, token, Save) and waits for the first sync. */
export async function connectThroughOptions(
  context: BrowserContext,
  extensionId: string,
  server: { url: string; token: string },
): Promise<Page> {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const conn = options.getByRole('region', { name: 'Connection' });
  await conn.getByLabel('API URL').fill(server.url);
  await conn.getByLabel('API token').fill(server.token);
  await conn.getByRole('button', { name: 'Save' }).click();
  await expect(conn.getByTestId('result')).toContainText('Synced', { timeout: 60_000 });
  return options;
}
