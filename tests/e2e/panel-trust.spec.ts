/**
 * A page cannot choose which account the panel shows (issue 25, defect 1), in real Chromium:
 * (a) pages that frame the panel page themselves — on a tenant outside the allow-list, and on an
 *     allowed tenant but not a record — with a forged record in its address show no account;
 * (b) on a genuine record page, a script that rewrites the panel frame's address leaves the panel
 *     on the tab's own detected record (or nothing), never the forged one;
 * (c) a click in a forged frame stores no remembered pick.
 * The attacker is given the panel page's per-session address (`use_dynamic_url`), which a real
 * page cannot learn: the static address is refused by the browser anyway (checked too).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Frame, Page, Worker } from '@playwright/test';
import { FIXTURE_DIR, FIXTURE_PAGES } from '../../lib/demo/crm-fixture-accounts';
import { generateDataset } from '../../lib/demo/generate';
import { expect, panelFrame, routeFixturePages, test } from './fixtures';

const dataset = generateDataset({ accounts: 12, seed: 8, asOf: '2026-10-31' });
const accountId = (name: string) => {
  const a = dataset.accounts.find((x) => x.name === name);
  if (!a) throw new Error(name);
  return a.id;
};
const COMPANY = FIXTURE_PAGES.find((p) => p.file === 'hubspot-company.html');
const DEAL = FIXTURE_PAGES.find((p) => p.file === 'hubspot-deal.html');
const ZD_TICKET = FIXTURE_PAGES.find((p) => p.file === 'zendesk-ticket.html');
if (!COMPANY?.navigation || !DEAL || !ZD_TICKET) throw new Error('fixtures');

/** The forged record: the Contoso company, which no page below shows. */
const FORGED = {
  crm: 'hubspot',
  objectType: 'company',
  recordId: '9384756231',
  hints: { hubspotCompanyId: '9384756231', names: ['Contoso Pharmaceuticals'] },
  recordName: 'Contoso Pharmaceuticals',
};
const FORGED_NAME = 'Contoso Pharmaceuticals';
const fragment = (r: unknown) => `#${encodeURIComponent(JSON.stringify(r))}`;

async function setUp(context: BrowserContext, extensionId: string) {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByLabel('Dataset files').setInputFiles({
    name: 'd.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(dataset)),
  });
  await expect(options.getByTestId('result').first()).toContainText('Imported 12 accounts', {
    timeout: 30_000,
  });
  // The allow-list, as a person types it: the fixtures' tenants.
  await options
    .getByLabel(/Only run on these tenants/)
    .fill('acme-support.zendesk.com\nacme-dev-ed.my.salesforce.com\nhubspot:4417291');
  await options.getByRole('button', { name: 'Save tenants' }).click();
  await expect(options.getByTestId('tenants-result')).toContainText('runs on 3 tenants only');
  await options.locator('#opt-tenants').evaluate((h) => h.closest('section')?.scrollIntoView());
  await options.screenshot({ path: test.info().outputPath('options-tenants.png') });
  await options.close();
  await routeFixturePages(context);
}

/** The panel page's address as the extension knows it (with `use_dynamic_url`: the per-session id). */
async function panelUrl(serviceWorker: Worker): Promise<string> {
  return serviceWorker.evaluate(() =>
    (globalThis as unknown as { chrome: { runtime: { getURL(p: string): string } } }).chrome.runtime.getURL(
      '/sidepanel.html',
    ),
  );
}

async function storage(serviceWorker: Worker, area: 'local' | 'session', key: string): Promise<unknown> {
  return serviceWorker.evaluate(
    async ([a, k]) =>
      (
        await (
          globalThis as unknown as {
            chrome: { storage: Record<string, { get(k: string): Promise<Record<string, unknown>> }> };
          }
        ).chrome.storage[a].get(k)
      )[k],
    [area, key] as const,
  );
}

/** An attacker's page: frames the panel at each address given, with the forged record. */
function attackerHtml(srcs: string[]): string {
  return `<!doctype html><html><head><title>Support</title></head><body><h1>Welcome</h1>
${srcs.map((s, i) => `<iframe id="f${i}" style="width:380px;height:600px" src="${s.replace(/"/g, '&quot;')}"></iframe>`).join('\n')}
</body></html>`;
}

async function serve(context: BrowserContext, url: string, html: string) {
  await context.route(url, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
  );
}

/** The extension frames an attacker page holds (whatever loaded in them). */
function childFrames(page: Page): Frame[] {
  return page.frames().filter((f) => f.parentFrame() === page.mainFrame());
}

async function expectNoAccount(frame: Frame, label: string) {
  // The panel page itself loaded (not a browser error page) and says there is no record.
  await expect(frame.getByTestId('panel-empty'), label).toBeVisible({ timeout: 10_000 });
  await expect(frame.getByTestId('account-name'), label).toHaveCount(0);
  expect(await frame.locator('body').innerText(), label).not.toContain(FORGED_NAME);
}

test('(a) a page framing the panel with a forged record — another tenant, or an allowed tenant off a record — shows no account', async ({
  context,
  extensionId,
  serviceWorker,
}) => {
  await setUp(context, extensionId);
  const dynamic = await panelUrl(serviceWorker);
  const staticUrl = `chrome-extension://${extensionId}/sidepanel.html`;
  const srcs = [
    `${dynamic}${fragment(FORGED)}`,
    `${dynamic}?embed=1${fragment(FORGED)}`,
    `${staticUrl}?embed=1${fragment(FORGED)}`,
  ];
  // A tenant outside the allow-list, at a record-looking address, and an allowed tenant's
  // non-record page (a help-center article, where users' content lives).
  const OUTSIDE = 'https://evil-corp.zendesk.com/agent/tickets/48213';
  const OFF_RECORD = 'https://acme-support.zendesk.com/hc/en-us/articles/360001';
  await serve(context, OUTSIDE, attackerHtml(srcs));
  await serve(context, OFF_RECORD, attackerHtml(srcs));

  const page = await context.newPage();
  // The same tab first shows a genuine record (the background holds it for this tab)…
  await page.goto(COMPANY.url);
  await expect((await panelFrame(page)).getByTestId('account-name')).toHaveText('Northwind Traders', {
    timeout: 20_000,
  });
  for (const url of [OUTSIDE, OFF_RECORD]) {
    // …then goes to the attacker's page.
    await page.goto(url);
    await expect.poll(() => childFrames(page).length).toBe(srcs.length);
    const frames = childFrames(page);
    // The per-session address loads the panel page; the static one is refused by the browser.
    for (const f of frames.slice(0, 2)) await expectNoAccount(f, `${url} ← ${f.url().slice(0, 60)}`);
    await expect.poll(() => frames[2].url()).toMatch(/^chrome-error:/);
    // No panel of Healthbar's own on these pages.
    await expect(page.locator('#healthbar-root')).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath(`attacker-${new URL(url).hostname}.png`) });
  }

  // A genuine record page on a tenant outside the list: no panel, and lastCrmHosts is untouched.
  const hostsBefore = await storage(serviceWorker, 'local', 'lastCrmHosts');
  expect(hostsBefore).toEqual({ hubspot: 'app.hubspot.com', hubspotPortal: '4417291' });
  const outsideRecord = ZD_TICKET.url.replace('acme-support.zendesk.com', 'other-tenant.zendesk.com');
  await serve(context, outsideRecord, readFileSync(join(FIXTURE_DIR, ZD_TICKET.file), 'utf8'));
  await page.goto(outsideRecord);
  await page.waitForLoadState('load');
  await page.waitForTimeout(1500);
  await expect(page.locator('#healthbar-root')).toHaveCount(0);
  expect(await storage(serviceWorker, 'local', 'lastCrmHosts')).toEqual(hostsBefore);
  // The allowed tenant's genuine record page does get its panel (the list is not blocking everything).
  await page.goto(ZD_TICKET.url);
  await expect((await panelFrame(page)).getByTestId('account-name')).toHaveText(
    ZD_TICKET.expectedAccountName ?? '',
    {
      timeout: 20_000,
    },
  );
});

test('(b) a genuine record page whose script rewrites the panel frame shows its own record or nothing, never the forged one', async ({
  context,
  extensionId,
  serviceWorker,
}) => {
  await setUp(context, extensionId);
  const dynamic = await panelUrl(serviceWorker);
  const page = await context.newPage();
  await page.goto(COMPANY.url);
  const frame = await panelFrame(page);
  await expect(frame.getByTestId('account-name')).toHaveText('Northwind Traders', { timeout: 20_000 });

  // The page's own script: every way it has to reach the frame and point it at a forged record.
  const reached = await page.evaluate(
    ([urls]) => {
      const out: string[] = [];
      for (const f of document.querySelectorAll('iframe')) {
        f.src = urls[0];
        out.push('src');
      }
      for (let i = 0; i < window.frames.length; i++) {
        window.frames[i].location.href = urls[1];
        out.push('location');
      }
      return out;
    },
    [
      [
        `chrome-extension://${new URL(frame.url()).host}/sidepanel.html?embed=1${fragment(FORGED)}`,
        `${dynamic}${fragment(FORGED)}`,
      ],
    ],
  );
  // The frame is in a closed shadow root: the page's script finds neither the element nor its window.
  expect(reached).toEqual([]);
  // Stronger than any page script: the frame's address rewritten anyway (here from inside the
  // frame, the one place that can still navigate it), to the forged record in the fragment and
  // the query — a new document in the same frame — then only the fragment again.
  for (const url of [`${dynamic}${fragment(FORGED)}`, `${dynamic}?embed=1${fragment(FORGED)}`]) {
    await frame.evaluate((u) => {
      location.href = u;
    }, url);
    await expect.poll(() => frame.url()).toContain(fragment(FORGED).slice(0, 40));
    await expect(frame.getByTestId('account-name')).toHaveText('Northwind Traders', { timeout: 10_000 });
  }
  await frame.evaluate(
    (h) => {
      location.hash = h;
    },
    fragment({ ...FORGED, recordId: '1' }),
  );
  await page.waitForTimeout(500);
  await expect(frame.getByTestId('account-name')).toHaveText('Northwind Traders');
  await expect(frame.locator('body')).not.toContainText(FORGED_NAME);
  await page.screenshot({ path: test.info().outputPath('rewritten-frame.png') });

  // The panel keeps following the tab's own records (SPA navigation in the CRM).
  await page.locator(COMPANY.navigation?.click ?? '').dispatchEvent('click');
  await expect(page).toHaveURL(COMPANY.navigation?.url ?? '');
  await expect(frame.getByTestId('account-name')).toHaveText(COMPANY.navigation?.expectedAccountName ?? '', {
    timeout: 20_000,
  });
  await expect(frame.locator('body')).not.toContainText(FORGED_NAME);
});

test('(d) the header the background prepares for a frame reaches only that frame: keys a page posts to panels it framed name none', async ({
  context,
  extensionId,
  serviceWorker,
}) => {
  await setUp(context, extensionId);
  const page = await context.newPage();
  await page.goto(COMPANY.url);
  await expect((await panelFrame(page)).getByTestId('account-name')).toHaveText('Northwind Traders', {
    timeout: 20_000,
  });
  // The background prepared the genuine frame's header (lib/ext/panel-header.ts), under its key.
  const session = (await serviceWorker.evaluate(() =>
    (
      globalThis as unknown as { chrome: { storage: { session: { get(k: null): Promise<unknown> } } } }
    ).chrome.storage.session.get(null),
  )) as Record<string, unknown>;
  const headers = Object.entries(session).filter(([k]) => k.startsWith('panelHeader:'));
  expect(headers.map(([, v]) => (v as { name?: string }).name)).toContain('Northwind Traders');

  // An attacker's page frames the panel and posts it made-up keys, and things shaped like a
  // header, from its first script on, as fast as it can.
  const OUTSIDE = 'https://evil-corp.zendesk.com/agent/tickets/48213';
  const dynamic = await panelUrl(serviceWorker);
  await serve(context, OUTSIDE, attackerHtml([dynamic, `${dynamic}?embed=1`]));
  await context.addInitScript(() => {
    if (location.protocol === 'chrome-extension:') {
      // In the panel frames: the keys that reached them, and any score mark.
      const keys = new Set<string>();
      (window as unknown as { hbKeys: Set<string> }).hbKeys = keys;
      window.addEventListener('message', (e) => {
        if (e.data?.type === 'healthbar-panel-key') keys.add(e.data.key);
      });
      return;
    }
    const forgedName = 'Contoso Pharmaceuticals';
    const forge = () => {
      for (let i = 0; i < window.frames.length; i++) {
        const key = crypto.randomUUID();
        window.frames[i].postMessage({ type: 'healthbar-panel-key', key }, '*');
        window.frames[i].postMessage(
          { type: 'healthbar-panel-key', key, name: forgedName, band: 'green', score: '100', record: 'x' },
          '*',
        );
      }
    };
    const timer = setInterval(forge, 2);
    setTimeout(() => clearInterval(timer), 3000);
  });
  await page.goto(OUTSIDE);
  await expect.poll(() => childFrames(page).length).toBe(2);
  for (const f of childFrames(page)) {
    await expectNoAccount(f, f.url().slice(0, 60));
    // The made-up keys did reach the frame, and it painted no score.
    expect(
      await f.evaluate(() => (window as unknown as { hbKeys: Set<string> }).hbKeys.size),
    ).toBeGreaterThan(2);
    expect(await f.evaluate(() => performance.getEntriesByName('healthbar:score-visible').length)).toBe(0);
  }
  await page.screenshot({ path: test.info().outputPath('attacker-forged-keys.png') });
});

test('(c) a forged click stores no remembered pick; the genuine frame can', async ({
  context,
  extensionId,
  serviceWorker,
}) => {
  await setUp(context, extensionId);
  const dynamic = await panelUrl(serviceWorker);
  // The forged record is the deal page's own record, with hints that match nothing, so a panel
  // that believed it would offer the "Find the account" picker.
  const forgedDeal = {
    crm: 'hubspot',
    objectType: 'deal',
    recordId: DEAL.recordId,
    hints: { names: ['Nobody At All'] },
  };
  const dealKey = `hubspot:deal:${DEAL.recordId}`;
  const OFF_RECORD = 'https://acme-support.zendesk.com/hc/en-us/articles/360002';
  await serve(context, OFF_RECORD, attackerHtml([`${dynamic}${fragment(forgedDeal)}`]));
  const attacker = await context.newPage();
  await attacker.goto(OFF_RECORD);
  await expect.poll(() => childFrames(attacker).length).toBe(1);
  const forged = childFrames(attacker)[0];
  // Nothing to click: no record, no picker…
  await expectNoAccount(forged, 'forged frame');
  await expect(forged.getByRole('searchbox')).toHaveCount(0);
  await expect(forged.getByRole('button')).toHaveCount(0);
  // …and what its click would send is refused by the background.
  const sent = await forged.evaluate(
    ([recordKey, accountId]) =>
      (
        globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
      ).chrome.runtime.sendMessage({ type: 'remember-pick', recordKey, accountId }),
    [dealKey, accountId(FORGED_NAME)] as const,
  );
  expect(sent).toMatchObject({
    ok: false,
    error: expect.stringMatching(/only for the record open in this tab/),
  });
  expect((await storage(serviceWorker, 'local', 'picks')) ?? {}).toEqual({});

  // The genuine deal page still shows its own account (no pick won), and its own frame — the one
  // the background vouches for — may remember a pick for its record, and only for it.
  const page = await context.newPage();
  await page.goto(DEAL.url);
  const frame = await panelFrame(page);
  await expect(frame.getByTestId('account-name')).toHaveText(DEAL.expectedAccountName ?? '', {
    timeout: 20_000,
  });
  const send = (recordKey: string) =>
    frame.evaluate(
      ([k, a]) =>
        (
          globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
        ).chrome.runtime.sendMessage({ type: 'remember-pick', recordKey: k, accountId: a }),
      [recordKey, accountId(DEAL.expectedAccountName ?? '')] as const,
    );
  expect(await send('hubspot:company:9384756231')).toMatchObject({ ok: false });
  expect(await send(dealKey)).toEqual({ ok: true, data: null });
  expect(await storage(serviceWorker, 'local', 'picks')).toEqual({
    [dealKey]: accountId(DEAL.expectedAccountName ?? ''),
  });
});

/**
 * Opens the browser's native side panel (a user gesture in an extension page) and returns a
 * reader of its text. The side panel is not a Playwright page: it is reached over CDP.
 */
async function openSidePanel(context: BrowserContext, extensionId: string): Promise<() => Promise<string>> {
  const opener = await context.newPage();
  await opener.goto(`chrome-extension://${extensionId}/popup.html`);
  await opener.evaluate(() => {
    const b = document.createElement('button');
    b.id = 'open-side-panel';
    b.textContent = 'Open the side panel';
    b.onclick = async () => {
      const c = (
        globalThis as unknown as {
          chrome: {
            windows: { getCurrent(): Promise<{ id: number }> };
            sidePanel: { open(o: { windowId: number }): Promise<void> };
          };
        }
      ).chrome;
      await c.sidePanel.open({ windowId: (await c.windows.getCurrent()).id });
    };
    document.body.prepend(b);
  });
  await opener.click('#open-side-panel');
  const cdp = await context.newCDPSession(opener);
  let targetId = '';
  await expect
    .poll(async () => {
      const { targetInfos } = await cdp.send('Target.getTargets');
      targetId =
        targetInfos.find((t) => t.type === 'page' && t.url.endsWith('/sidepanel.html'))?.targetId ?? '';
      return targetId;
    })
    .not.toBe('');
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: false });
  let seq = 0;
  const waiting = new Map<number, (text: string) => void>();
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message) as { id?: number; result?: { result?: { value?: unknown } } };
    if (m.id !== undefined) waiting.get(m.id)?.(String(m.result?.result?.value ?? ''));
  });
  return () =>
    new Promise<string>((resolve) => {
      const id = ++seq;
      waiting.set(id, resolve);
      void cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({
          id,
          method: 'Runtime.evaluate',
          params: { expression: 'document.body.innerText', returnByValue: true },
        }),
      });
    });
}

test('the native side panel still follows the active tab’s record', async ({ context, extensionId }) => {
  await setUp(context, extensionId);
  const page = await context.newPage();
  await page.goto(COMPANY.url);
  await expect((await panelFrame(page)).getByTestId('account-name')).toHaveText('Northwind Traders', {
    timeout: 20_000,
  });
  const sideText = await openSidePanel(context, extensionId);
  // The opener tab is active: no record.
  await expect.poll(sideText).toContain('No record open');
  await page.bringToFront();
  await expect.poll(sideText, { timeout: 15_000 }).toContain('Northwind Traders');
  // The record changes in that tab (SPA navigation): the side panel follows.
  await page.locator(COMPANY.navigation?.click ?? '').dispatchEvent('click');
  await expect.poll(sideText, { timeout: 15_000 }).toContain(COMPANY.navigation?.expectedAccountName ?? '');
});
