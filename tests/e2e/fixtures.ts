import { rmSync } from 'node:fs';
import { type BrowserContext, test as base, type Worker } from '@playwright/test';
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
