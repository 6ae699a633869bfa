/**
 * Hardening, end to end, in Chromium with the built extension:
 * - XSS: a dataset whose every text field is a payload renders inertly in the panel (on CRM
 *   fixture pages), the options page, the dashboard and the popup — no payload ran, no payload
 *   became markup, the layout held.
 * - Isolation: a CRM page's script cannot read the panel frame, the extension's storage or
 *   database, or drive the extension with forged postMessages or runtime messages; a content
 *   script (its world reached through the DevTools protocol) cannot `configure`; the API token
 *   is never in the page, the content script's world, a console log or the diagnostics.
 * - A CRM page that churns its DOM under the panel costs the content script little while it waits
 *   for the account, nothing once it gave up, and the panel degrades to the diagnostics state.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, CDPSession, ConsoleMessage, Page } from '@playwright/test';
import { FIXTURE_DIR, FIXTURE_PAGES } from '../../lib/demo/crm-fixture-accounts';
import { generateDataset } from '../../lib/demo/generate';
import { expect, panelFrame, panelFrameVisible, test } from './fixtures';

const AS_OF = '2026-10-31';
const CRM_HOSTS = /^https:\/\/[^/]*\.(hubspot\.com|lightning\.force\.com|my\.salesforce\.com|zendesk\.com)\//;

// ---------------------------------------------------------------------------------------------
// Payloads

const PAYLOADS = [
  `<img src=x onerror="window.__xss=(window.__xss||0)+1;console.log('XSS-RAN')">`,
  `<script>window.__xss=1;console.log('XSS-RAN')</script>`,
  `"><svg onload="window.__xss=1;console.log('XSS-RAN')">`,
  `javascript:window.__xss=1;console.log('XSS-RAN')//`,
  `<a href="javascript:window.__xss=1">click</a>`,
  `<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>`,
  `<style>*{display:none!important}</style>`,
  `{{constructor.constructor('window.__xss=1')()}}`,
  `\u202Egnp.exe\u202C \u2066isolate\u2069`,
  // One unbroken word as long as an owner e-mail or a domain may be (DATASET.md "Lengths").
  `${'W'.repeat(240)}`,
];
/** The longest name an account may have (DATASET.md "Lengths": names up to 1,000 characters). */
const NAME_MAX = 1000;

type Raw = Record<string, unknown>;

/** The demo dataset with every text field a payload (fixture accounts keep their CRM ids). */
function hostileDataset(): { dataset: Raw; fixtureNames: Map<string, string> } {
  const d = generateDataset({ accounts: 24, seed: 3, asOf: AS_OF }) as unknown as Raw;
  let k = 0;
  const p = () => PAYLOADS[k++ % PAYLOADS.length];
  const fixtureNames = new Map<string, string>();
  for (const plan of d.plans as Raw[]) plan.name = p();
  for (const f of d.features as Raw[]) f.name = p();
  for (const m of d.milestones as Raw[]) m.name = p();
  (d.accounts as Raw[]).forEach((a, i) => {
    const original = a.name as string;
    // The first account shows a 1,000-character name (the longest allowed, one unbroken word
    // before its own name); the others a payload and their name.
    a.name = i === 0 ? `${'W'.repeat(NAME_MAX - original.length - 1)} ${original}` : `${p()} ${original}`;
    fixtureNames.set(original, a.name as string);
    a.owner = p();
    a.domains = [...(a.domains as string[]), 'javascript:alert(1)', p().replace(/;/g, '')];
  });
  for (const u of d.users as Raw[]) {
    u.name = p();
    u.email = p();
    u.title = p();
  }
  for (const t of d.tickets as Raw[]) t.subject = p();
  for (const s of d.surveys as Raw[]) s.comment = p();
  // Records that are rejected: their payload ids and reasons show in the options' diagnostics.
  (d.accounts as Raw[]).push({ id: PAYLOADS[0], name: 42, domains: [], crm: {}, updatedAt: 'x' });
  (d.usage as Raw[]).push({
    accountId: PAYLOADS[1],
    date: '2026-02-30',
    dau: 1,
    wau: 1,
    mau: 1,
    minutes: 1,
    sessions: 1,
  });
  return { dataset: d, fixtureNames };
}

// ---------------------------------------------------------------------------------------------
// Helpers

async function routeFixtures(context: BrowserContext) {
  const byUrl = new Map<string, string>();
  for (const f of FIXTURE_PAGES)
    byUrl.set(f.url.split('#')[0], readFileSync(join(FIXTURE_DIR, f.file), 'utf8'));
  await context.route(CRM_HOSTS, (route) => {
    if (route.request().resourceType() !== 'document') return route.fulfill({ status: 404, body: '' });
    const html = byUrl.get(route.request().url().split('#')[0]);
    if (!html)
      return route.fulfill({ status: 404, contentType: 'text/html', body: '<h1>Not a fixture</h1>' });
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
  });
}

async function importJson(
  context: BrowserContext,
  extensionId: string,
  dataset: unknown,
  expectText: RegExp,
) {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByLabel('Dataset files').setInputFiles({
    name: 'hostile.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(dataset)),
  });
  await expect(options.getByTestId('result').first()).toContainText(expectText, { timeout: 30_000 });
  return options;
}

/** Every console message and page error of every page (and the service worker) in the context. */
function watchConsole(context: BrowserContext): { messages: string[]; errors: string[] } {
  const out = { messages: [] as string[], errors: [] as string[] };
  const onMsg = (m: ConsoleMessage) => out.messages.push(`${m.type()}: ${m.text()}`);
  const onPage = (p: Page) => {
    p.on('console', onMsg);
    p.on('pageerror', (e) => out.errors.push(String(e)));
    p.on('dialog', (d) => {
      out.errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
  };
  context.pages().forEach(onPage);
  context.on('page', onPage);
  for (const w of context.serviceWorkers()) w.on('console', onMsg);
  context.on('serviceworker', (w) => w.on('console', onMsg));
  return out;
}

/** In every frame of the page: did a payload run, did one become markup, is the payload text there as text? */
async function inertness(page: Page) {
  const results = [];
  for (const frame of page.frames()) {
    results.push(
      await frame
        .evaluate(() => {
          const all = [...document.querySelectorAll('*')];
          const handlers = all.filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name)));
          return {
            url: location.href.slice(0, 80),
            xss: (window as unknown as { __xss?: number }).__xss ?? null,
            injectedImgs: document.querySelectorAll('img[src="x"]').length,
            injectedSvgs: document.querySelectorAll('svg[onload]').length,
            injectedFrames: document.querySelectorAll('iframe[srcdoc]').length,
            jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
            handlerAttributes: handlers.map((el) => el.tagName).slice(0, 5),
            scripts: [...document.scripts].filter((s) => !s.src).length,
            styles: [...document.querySelectorAll('style')].filter((s) =>
              s.textContent?.includes('display:none!important'),
            ).length,
            payloadAsText: (document.body?.textContent ?? '').includes('onerror='),
          };
        })
        .catch((e: Error) => ({ url: frame.url(), error: e.message })),
    );
  }
  return results;
}

function expectInert(results: Awaited<ReturnType<typeof inertness>>, where: string) {
  for (const r of results) {
    if ('error' in r) continue;
    expect(r.xss, `${where} ${r.url}: a payload ran`).toBeNull();
    expect(
      r.injectedImgs + r.injectedSvgs + r.injectedFrames + r.jsLinks + r.styles,
      `${where} ${r.url}: markup injected`,
    ).toBe(0);
    expect(r.handlerAttributes, `${where} ${r.url}: event-handler attributes`).toEqual([]);
  }
}

/** The content script's isolated world, through the DevTools protocol. */
async function contentScriptWorld(
  page: Page,
  extensionId: string,
): Promise<(expr: string) => Promise<unknown>> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const contexts: {
    id: number;
    origin: string;
    name: string;
    auxData?: { type?: string; isDefault?: boolean };
  }[] = [];
  cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
  await cdp.send('Runtime.enable');
  await expect
    .poll(() =>
      contexts.some(
        (c) => c.auxData?.type === 'isolated' && c.origin === `chrome-extension://${extensionId}`,
      ),
    )
    .toBe(true);
  const ctx = contexts.find(
    (c) => c.auxData?.type === 'isolated' && c.origin === `chrome-extension://${extensionId}`,
  );
  return async (expression: string) => {
    const r = await cdp.send('Runtime.evaluate', {
      expression,
      contextId: ctx?.id,
      awaitPromise: true,
      returnByValue: true,
    });
    if (r.exceptionDetails)
      return `threw: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`;
    return r.result.value;
  };
}

/** The connection as the background stores it (the extension origin's `healthbar-secrets` database). */
async function storedConnection(context: BrowserContext) {
  const sw = context.serviceWorkers()[0];
  return sw.evaluate(
    () =>
      new Promise<{ apiUrl: string; token: string } | undefined>((resolve, reject) => {
        const req = indexedDB.open('healthbar-secrets');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const get = db.transaction('secrets').objectStore('secrets').get('connection');
          get.onsuccess = () => {
            db.close();
            const v = get.result as { apiUrl: string; token: string } | undefined;
            resolve(v && { apiUrl: v.apiUrl, token: v.token });
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

// ---------------------------------------------------------------------------------------------

test('XSS: every text field a payload — nothing runs, nothing becomes markup, the layout holds', async ({
  context,
  extensionId,
}) => {
  test.setTimeout(90_000);
  const log = watchConsole(context);
  const { dataset, fixtureNames } = hostileDataset();
  const options = await importJson(context, extensionId, dataset, /Imported 24 accounts.*2 records rejected/);
  // The import's own report lists the rejected records with their payload ids, as text.
  await expect(options.getByText(/date must be a calendar date/).first()).toBeVisible();
  await options.reload();
  await expect(options.getByTestId('stats')).toContainText('24 accounts');
  // The diagnostics (every <details> open) show the rejected records' payload ids as text.
  await options.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
  });
  await expect(options.locator('body')).toContainText(PAYLOADS[1]);
  expectInert(await inertness(options), 'options');

  await routeFixtures(context);
  const page = await context.newPage();
  let pagesChecked = 0;
  for (const file of [
    'hubspot-company.html',
    'salesforce-account.html',
    'zendesk-organization.html',
    'hubspot-deal.html',
  ]) {
    const fx = FIXTURE_PAGES.find((f) => f.file === file);
    if (!fx?.expectedAccountName) throw new Error(file);
    await page.goto(fx.url);
    const frame = await panelFrame(page);
    const name = fixtureNames.get(fx.expectedAccountName) ?? '';
    await expect(frame.getByTestId('account-name')).toHaveText(name, { timeout: 20_000 });
    await expect(frame.getByTestId('band')).toBeVisible();
    // Layout: the frame is where it should be, as wide as it should be, and nothing inside is wider.
    const box = await (await frame.frameElement()).boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(300);
    expect(box?.width).toBeLessThanOrEqual(720);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(1400 + 1);
    const overflow = await frame.evaluate(() => {
      const client = document.documentElement.clientWidth;
      // The innermost elements that stick out on the right, for the message.
      const wide = [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > client + 1)
        .filter((el) => ![...el.children].some((c) => c.getBoundingClientRect().right > client + 1))
        .map(
          (el) =>
            `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}px`,
        )
        .slice(0, 5);
      return {
        scroll: document.documentElement.scrollWidth,
        client,
        wide,
        nameWidth: document.querySelector('[data-testid="account-name"]')?.getBoundingClientRect().width ?? 0,
      };
    });
    expect(
      overflow?.scroll,
      `${file}: the panel scrolls sideways (${overflow?.wide.join('; ')})`,
    ).toBeLessThanOrEqual((overflow?.client ?? 0) + 1);
    expect(overflow?.nameWidth).toBeLessThanOrEqual(overflow?.client ?? 0);
    // The CRM page around it is untouched by any payload too.
    expectInert(await inertness(page), file);
    await page.screenshot({ path: test.info().outputPath(`xss-${file.replace('.html', '')}.png`) });
    pagesChecked++;
  }

  const dashboard = await context.newPage();
  await dashboard.goto(`chrome-extension://${extensionId}/dashboard.html`);
  await expect(dashboard.locator('body')).toContainText('onerror=', { timeout: 30_000 });
  expectInert(await inertness(dashboard), 'dashboard');
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await popup.getByPlaceholder('Name or domain').fill('onerror');
  await expect(popup.locator('body')).toContainText('onerror=', { timeout: 15_000 });
  expectInert(await inertness(popup), 'popup');
  const checked = [
    ...(await inertness(options)),
    ...(await inertness(dashboard)),
    ...(await inertness(popup)),
  ];
  expect(checked.some((r) => 'payloadAsText' in r && r.payloadAsText)).toBe(true);

  expect(log.messages.filter((m) => /XSS-RAN|Content Security Policy|Refused to/.test(m))).toEqual([]);
  expect(log.errors).toEqual([]);
  test.info().annotations.push({
    type: 'figures',
    description: `${PAYLOADS.length} payloads in every text field; ${pagesChecked} CRM pages, options, dashboard and popup checked`,
  });
});

test('isolation: a CRM page cannot read or drive the extension; the token stays in the extension', async ({
  context,
  extensionId,
  serviceWorker,
}) => {
  test.setTimeout(60_000);
  const log = watchConsole(context);
  const SECRET = `hbt_${Math.random().toString(36).slice(2)}${Date.now().toString(36)}Zq9`;
  const dataset = generateDataset({ accounts: 12, seed: 8, asOf: AS_OF });
  const options = await importJson(context, extensionId, dataset, /Imported 12 accounts/);
  // Configure a token from an extension page (the options page's own channel).
  const configured = await options.evaluate(async (token) => {
    const api = (
      globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
    ).chrome;
    return api.runtime.sendMessage({ type: 'configure', apiUrl: 'http://127.0.0.1:9/', token, sync: false });
  }, SECRET);
  expect(configured).toMatchObject({ ok: true });
  expect(await storedConnection(context)).toEqual({ apiUrl: 'http://127.0.0.1:9/', token: SECRET });

  await routeFixtures(context);
  const fx = FIXTURE_PAGES[0];
  const page = await context.newPage();
  await page.goto(fx.url);
  const frame = await panelFrame(page);
  await expect(frame.getByTestId('account-name')).toHaveText(fx.expectedAccountName ?? '', {
    timeout: 20_000,
  });

  // The attacker: a script in the CRM page's own world.
  const attack = await page.evaluate(async (extId) => {
    const out: Record<string, unknown> = {};
    // The frame element sits in a closed shadow root: the page cannot find it…
    out.iframeElements = document.querySelectorAll('iframe').length;
    out.shadowRoots = [...document.querySelectorAll('*')].filter((el) =>
      el.shadowRoot?.querySelector('iframe'),
    ).length;
    // …and its window (reachable through window.frames, if at all) is another origin.
    const fw = (window.frames.length ? window.frames[0] : null) as Window | null;
    out.frameWindow = fw ? 'found' : 'none';
    try {
      out.frameDocument = fw ? fw.document.body.innerText : 'blocked: no window';
    } catch (e) {
      out.frameDocument = `blocked: ${(e as Error).name}`;
    }
    try {
      out.frameStorage = fw ? fw.localStorage.length : 'blocked: no window';
    } catch (e) {
      out.frameStorage = `blocked: ${(e as Error).name}`;
    }
    const w = window as unknown as { chrome?: { runtime?: { sendMessage?: unknown }; storage?: unknown } };
    out.chromeRuntime = typeof w.chrome?.runtime?.sendMessage;
    out.chromeStorage = typeof w.chrome?.storage;
    try {
      // Pages get no chrome.runtime without externally_connectable: this throws a TypeError.
      const send = (w.chrome as { runtime: { sendMessage: (id: string, m: unknown) => Promise<unknown> } })
        .runtime.sendMessage;
      await send(extId, { type: 'configure', apiUrl: 'https://attacker.example/', token: 'attacker' });
      out.sendMessage = 'SENT';
    } catch (e) {
      out.sendMessage = `failed: ${(e as Error).name}`;
    }
    // Forged messages to the frame, every shape the extension uses.
    for (const m of [
      { type: 'configure', apiUrl: 'https://attacker.example/', token: 'attacker', sync: true },
      { type: 'toggle-panel' },
      { type: 'record-detected', record: null, host: 'attacker.example' },
      JSON.stringify({ type: 'configure', apiUrl: 'https://attacker.example/', token: 'attacker' }),
    ]) {
      fw?.postMessage(m, '*');
      fw?.postMessage(m, `chrome-extension://${extId}`);
    }
    window.postMessage({ type: 'configure', apiUrl: 'https://attacker.example/', token: 'attacker' }, '*');
    // The extension's database and storage: this origin only has its own.
    out.databases = (await indexedDB.databases()).map((d) => d.name);
    out.healthbarDb = await new Promise((resolve) => {
      const req = indexedDB.open('healthbar');
      req.onsuccess = () => {
        const names = [...req.result.objectStoreNames];
        req.result.close();
        indexedDB.deleteDatabase('healthbar');
        resolve(names);
      };
      req.onerror = () => resolve('error');
    });
    out.localStorage = JSON.stringify({ ...localStorage });
    out.sessionStorage = JSON.stringify({ ...sessionStorage });
    out.cookie = document.cookie;
    // Extension files that are not web-accessible cannot be fetched.
    for (const file of ['options.html', 'background.js', 'manifest.json']) {
      try {
        const r = await fetch(`chrome-extension://${extId}/${file}`);
        out[file] = `fetched ${r.status}`;
      } catch (e) {
        out[file] = `failed: ${(e as Error).name}`;
      }
    }
    out.html = document.documentElement.outerHTML;
    out.globals = Object.getOwnPropertyNames(window)
      .map((k) => {
        try {
          const v = (window as unknown as Record<string, unknown>)[k];
          return typeof v === 'string' ? v : '';
        } catch {
          return '';
        }
      })
      .join('\n');
    return out;
  }, extensionId);

  expect(attack.iframeElements).toBe(0);
  expect(attack.shadowRoots).toBe(0);
  expect(attack.frameDocument).toMatch(/^blocked: /);
  expect(attack.frameStorage).toMatch(/^blocked: /);
  expect(attack.chromeRuntime).toBe('undefined');
  expect(attack.chromeStorage).toBe('undefined');
  expect(attack.sendMessage).toMatch(/^failed/);
  expect(attack.databases).not.toContain('healthbar');
  expect(attack.healthbarDb).toEqual([]);
  for (const file of ['options.html', 'background.js', 'manifest.json'])
    expect(attack[file]).toMatch(/^failed/);
  for (const k of ['localStorage', 'sessionStorage', 'cookie', 'html', 'globals']) {
    expect(String(attack[k]), k).not.toContain(SECRET);
  }
  // Nothing the page sent changed anything, and the panel still shows its account.
  await page.waitForTimeout(500);
  expect(await storedConnection(context)).toEqual({ apiUrl: 'http://127.0.0.1:9/', token: SECRET });
  await expect.poll(() => panelFrameVisible(page)).toBe(true);
  await expect(frame.getByTestId('account-name')).toHaveText(fx.expectedAccountName ?? '');

  // The content script's own world: no token in it, and it cannot configure the extension.
  const cs = await contentScriptWorld(page, extensionId);
  expect(await cs('typeof chrome.runtime.sendMessage')).toBe('function');
  const fromContentScript = await cs(
    `chrome.runtime.sendMessage({ type: 'configure', apiUrl: 'https://attacker.example/', token: 'from-content-script', sync: false }).then((r) => r === undefined ? 'no answer' : JSON.stringify(r), (e) => 'failed: ' + e.message)`,
  );
  expect(fromContentScript).toMatch(/no answer|failed/);
  const getState = await cs(
    `chrome.runtime.sendMessage({ type: 'get-state' }).then((r) => r === undefined ? 'no answer' : JSON.stringify(r), (e) => 'failed: ' + e.message)`,
  );
  expect(getState).toMatch(/no answer|failed/);
  const csStorage = await cs(
    `chrome.storage.local.get(null).then((all) => JSON.stringify(all), (e) => 'failed: ' + e.message)`,
  );
  expect(String(csStorage)).not.toContain(SECRET);
  const csGlobals = await cs(
    `JSON.stringify(Object.getOwnPropertyNames(globalThis).map((k) => { try { const v = globalThis[k]; return typeof v === 'string' ? v : ''; } catch { return ''; } }))`,
  );
  expect(String(csGlobals)).not.toContain(SECRET);
  expect(await storedConnection(context)).toEqual({ apiUrl: 'http://127.0.0.1:9/', token: SECRET });

  // The options' diagnostics show the token redacted, never whole.
  await options.reload();
  await expect(options.getByText(/API token: hbt_… \(\d+ characters\)/)).toBeVisible();
  expect(await options.content()).not.toContain(SECRET);
  // No log anywhere carries it.
  await serviceWorker.evaluate(() => undefined);
  expect(log.messages.filter((m) => m.includes(SECRET))).toEqual([]);
  expect(log.errors).toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// A CRM page that churns its DOM

const DEAL = FIXTURE_PAGES.find((f) => f.file === 'hubspot-deal.html');

/** The deal fixture without its late company card, plus a DOM churner. */
function churnPage(): string {
  const html = readFileSync(join(FIXTURE_DIR, 'hubspot-deal.html'), 'utf8').replace(
    /<script>[\s\S]*?<\/script>/,
    `<script>
      window.__mutations = 0;
      new MutationObserver((records) => { window.__mutations += records.length; }).observe(document, {
        subtree: true, childList: true, attributes: true,
      });
      window.__churn = (ms) => new Promise((resolve) => {
        const end = performance.now() + ms;
        let rounds = 0;
        const box = document.getElementById('deal-sidebar');
        const step = () => {
          for (let i = 0; i < 40; i++) {
            const d = document.createElement('div');
            d.className = 'card churn';
            d.setAttribute('data-test-id', 'card-wrapper-ASSOCIATION_V3/0-' + (i % 9));
            d.innerHTML = '<a href="/contacts/4417291/record/0-1/' + i + '">x</a>';
            box.append(d);
          }
          for (const el of [...box.querySelectorAll('.churn')].slice(0, 40)) el.remove();
          // Attributes renamed and toggled, elements hidden and shown.
          for (const el of document.querySelectorAll('[data-test-id]')) {
            const v = el.getAttribute('data-test-id');
            el.removeAttribute('data-test-id');
            el.setAttribute('data-test-idx', v);
            el.setAttribute('data-test-id', v);
            el.removeAttribute('data-test-idx');
            el.classList.toggle('x');
            el.style.opacity = String(rounds % 2);
          }
          rounds++;
          if (performance.now() < end) setTimeout(step, 0);
          else setTimeout(() => resolve(rounds), 0);
        };
        step();
      });
    </script>`,
  );
  return html;
}

/** Seconds of script on the page's main thread (the page's and the content script's worlds). */
async function mainThreadSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0;
}

/** Main-thread script seconds a page spends while it churns for `ms`, its rounds and DOM mutations. */
async function churnCost(
  page: Page,
  ms: number,
): Promise<{ seconds: number; rounds: number; mutations: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const before = await mainThreadSeconds(cdp);
  const { rounds, mutations } = await page.evaluate(async (t) => {
    const w = window as unknown as { __churn(ms: number): Promise<number>; __mutations: number };
    const m0 = w.__mutations;
    const rounds = await w.__churn(t);
    return { rounds, mutations: w.__mutations - m0 };
  }, ms);
  const seconds = (await mainThreadSeconds(cdp)) - before;
  await cdp.detach();
  return { seconds, rounds, mutations };
}

test('a CRM page churning its DOM: bounded while the content script waits, free once it gave up, diagnostics shown', async ({
  context,
  extensionId,
}) => {
  test.setTimeout(60_000);
  if (!DEAL) throw new Error('fixture');
  const log = watchConsole(context);
  const options = await importJson(
    context,
    extensionId,
    generateDataset({ accounts: 12, seed: 8, asOf: AS_OF }),
    /Imported 12/,
  );
  await options.close();
  const html = churnPage();
  await context.route(CRM_HOSTS, (r) =>
    r.request().resourceType() === 'document'
      ? r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html })
      : r.fulfill({ status: 404, body: '' }),
  );
  // The same page where Healthbar does not run: the baseline.
  await context.route('https://crm-control.example/**', (r) =>
    r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
  );

  const crm = await context.newPage();
  const loadedAt = Date.now();
  await crm.goto(DEAL.url);
  const frame = await panelFrame(crm);
  await expect(frame.getByText('Waiting for the page to show the account…')).toBeVisible({ timeout: 10_000 });
  // Count the content script's reads of the page: its world's element queries and matches.
  const cs = await contentScriptWorld(crm, extensionId);
  await cs(`(() => {
    globalThis.__hbReads = 0;
    for (const P of [Document.prototype, Element.prototype, DocumentFragment.prototype]) {
      for (const m of ['querySelector', 'querySelectorAll', 'matches', 'closest']) {
        const f = P[m];
        P[m] = function (...args) { globalThis.__hbReads++; return f.apply(this, args); };
      }
    }
  })()`);
  const reads = async () => Number(await cs('globalThis.__hbReads'));
  const control = await context.newPage();
  await control.goto('https://crm-control.example/contacts/4417291/record/0-3/18273645091/view/1');

  // 1. While the content script waits for the account (its bounded, throttled observer is on).
  const r0 = await reads();
  const waiting = await churnCost(crm, 3000);
  const readsWaiting = (await reads()) - r0;
  const baseline = await churnCost(control, 3000);

  // 2. It gives up within its bound (12 s after the navigation) and shows the diagnostics.
  await expect(frame.getByTestId('panel-nomatch')).toBeVisible({
    timeout: Math.max(1000, 16_000 - (Date.now() - loadedAt)),
  });
  await frame.getByText('What Healthbar looked for').click();
  await expect(frame.getByText(/Detector: /)).toBeVisible();
  await expect(frame.getByText(/association/i).first()).toBeVisible();

  // 3. After that, churn makes the content script read nothing: it stopped observing.
  const r1 = await reads();
  const after = await churnCost(crm, 1500);
  const readsAfter = (await reads()) - r1;

  // Main-thread script time Healthbar added, beyond what the same rounds cost without it.
  const extraWaiting = waiting.seconds - (baseline.seconds / baseline.rounds) * waiting.rounds;
  test.info().annotations.push({
    type: 'figures',
    description: `3 s of churn (${waiting.mutations} mutations) while waiting: ${readsWaiting} page reads by the content script, ${waiting.rounds} churn rounds (${baseline.rounds} without Healthbar), ~${Math.round(extraWaiting * 1000)} ms of script added; 1.5 s of churn (${after.mutations} mutations) after it gave up: ${readsAfter} reads`,
  });
  console.log(test.info().annotations.at(-1)?.description);
  // While waiting: it re-reads the page (throttled: at most 4 times a second, whatever the mutations).
  expect(readsWaiting).toBeGreaterThan(0);
  // No page-wide slowdown: the churn kept most of its pace, and little script time was added.
  expect(waiting.rounds).toBeGreaterThan(baseline.rounds * 0.5);
  expect(extraWaiting).toBeLessThan(0.5);
  // Once it gave up: it no longer observes.
  expect(readsAfter).toBe(0);
  expect(log.errors).toEqual([]);
  expect(log.messages.filter((m) => /^error/.test(m) && !/favicon|404/.test(m))).toEqual([]);
});
