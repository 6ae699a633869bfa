/**
 * Running the Firefox build in a real Firefox (Debian's ESR by default), driven by Puppeteer over
 * WebDriver BiDi. Playwright cannot drive a stock Firefox (it needs its own patched build, which
 * cannot be downloaded here); Puppeteer speaks WebDriver BiDi to any Firefox ≥ 138 without
 * geckodriver. See docs/FIREFOX.md for why each step is done this way.
 */
import { resolve } from 'node:path';
import puppeteer, { type Browser, type Frame, type HTTPRequest, type Page } from 'puppeteer-core';
import { CRM_HOST_URL, fixturePagesByUrl } from './browser';

/** The built Firefox MV3 add-on (`wxt build -b firefox --mv3`). */
export const FIREFOX_EXTENSION_DIR = resolve(
  process.env.HEALTHBAR_FIREFOX_EXTENSION_DIR ?? '.output/firefox-mv3',
);
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/**
 * Starts Firefox headless in a fresh profile (Puppeteer makes and removes it) and installs the
 * add-on as a temporary add-on, as about:debugging does: WebDriver BiDi's `webExtension.install`
 * with a folder installs it unsigned, for this session only.
 */
export async function launchFirefoxWithAddon(
  options: { headless?: boolean; extensionDir?: string; firefoxPath?: string } = {},
): Promise<{ browser: Browser; addonId: string }> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: options.firefoxPath ?? FIREFOX_PATH,
    headless: options.headless ?? true,
    defaultViewport: { width: 1400, height: 900 },
    extraPrefsFirefox: {
      // A safety net under the request interception below: anything else that would leave the
      // machine goes to a closed loopback port and fails at once. Loopback itself (the test's
      // API server) is never proxied.
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': 1,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': 1,
      'network.proxy.no_proxies_on': 'localhost, 127.0.0.1',
      'network.dns.disablePrefetch': true,
      'network.prefetch-next': false,
      // Remote Settings (blocklists, certificate data…) would otherwise look up and call
      // firefox.settings.services.mozilla.com. A release build only honours this pref with
      // MOZ_REMOTE_SETTINGS_DEVTOOLS=1 (seen with strace: without it, 30 DNS queries a run).
      'services.settings.server': 'http://127.0.0.1:1/v1',
    },
    env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
  });
  try {
    const addonId = await browser.installExtension(options.extensionDir ?? FIREFOX_EXTENSION_DIR);
    return { browser, addonId };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

/** `location.href` of a page or frame, or null while it is between documents. */
async function hrefOf(target: Page | Frame): Promise<string | null> {
  try {
    return await target.evaluate(() => location.href);
  } catch {
    return null;
  }
}

/**
 * Puppeteer keeps the URL a tab or frame had before it switched to the add-on's process (it shows
 * `about:blank` for a `moz-extension:` document), but evaluates in the right document. So pages
 * and frames are found by asking each one for its `location.href`.
 */
async function poll<T>(what: string, timeoutMs: number, find: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not found in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The tab showing the add-on page whose path ends with `path` (e.g. `/options.html`). */
export async function addonTab(browser: Browser, path: string, timeoutMs = 15_000): Promise<Page> {
  return poll(`a tab with the add-on's ${path}`, timeoutMs, async () => {
    for (const page of await browser.pages()) {
      const href = await hrefOf(page);
      if (href?.startsWith('moz-extension://') && new URL(href).pathname.endsWith(path)) return page;
    }
    return null;
  });
}

/** The add-on's frame inside `page` (the panel the content script mounts). */
export async function addonFrame(page: Page, timeoutMs = 15_000): Promise<Frame> {
  return poll('the Healthbar panel frame', timeoutMs, async () => {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      if ((await hrefOf(frame))?.startsWith('moz-extension://')) return frame;
    }
    return null;
  });
}

/**
 * Serves the CRM page fixtures at their real URLs in `page`, through WebDriver BiDi's network
 * interception (the request never reaches the network: Firefox gets the response from here).
 * Other requests to the CRM hosts get a 404, anything else off the machine is aborted; the
 * add-on's own documents and loopback go on.
 */
export async function routeFixturePagesIn(page: Page): Promise<void> {
  const byUrl = fixturePagesByUrl();
  await page.setRequestInterception(true);
  page.on('request', (req: HTTPRequest) => {
    const url = req.url();
    if (CRM_HOST_URL.test(url)) {
      if (!req.isNavigationRequest()) return void req.respond({ status: 404, body: '' });
      const html = byUrl.get(url.split('#')[0]);
      if (!html)
        return void req.respond({ status: 404, contentType: 'text/html', body: '<h1>Not a fixture</h1>' });
      return void req.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    }
    if (/^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url) || !/^(https?|wss?):/.test(url))
      return void req.continue();
    return void req.abort('internetdisconnected');
  });
}
