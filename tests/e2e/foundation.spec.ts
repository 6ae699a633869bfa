import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXTENSION_DIR, expect, panelFrame, routeHtml, test } from './fixtures';

const HUBSPOT_RECORD = 'https://app.hubspot.com/contacts/1/record/0-2/2';
const HUBSPOT_LIST = 'https://app.hubspot.com/contacts/1/objects/0-2/views/all/list';

const page = (title: string) => `<!doctype html><html><head><title>${title}</title></head>
<body><div data-test-id="left-sidebar"><h1 data-selenium-test="highlightTitle">${title}</h1></div>
<a id="to-list" href="/contacts/1/objects/0-2/views/all/list">All companies</a>
<script>
document.getElementById('to-list').addEventListener('click', (e) => {
  e.preventDefault();
  history.pushState({}, '', e.currentTarget.getAttribute('href'));
  document.querySelector('h1').textContent = 'Companies';
});
</script></body></html>`;

test('mounts the Healthbar frame from the extension origin on a HubSpot company record', async ({
  context,
  extensionId,
}) => {
  await routeHtml(context, 'https://app.hubspot.com/**', page('Acme Corp'));
  const tab = await context.newPage();
  await tab.goto(HUBSPOT_RECORD);
  const frame = await panelFrame(tab);
  // The extension's page, with no record in its address (the panel asks the background), inside
  // a closed shadow root the page's scripts cannot enter.
  expect(frame.url()).toBe(`chrome-extension://${extensionId}/sidepanel.html`);
  expect(await tab.evaluate(() => document.querySelectorAll('iframe').length)).toBe(0);
  await expect(tab.locator('#healthbar-root healthbar-frame')).toHaveCount(1);
  // No data yet: the panel says so and links to the options (never a blank panel).
  await expect(frame.getByTestId('panel-setup')).toContainText('Healthbar is not set up yet');
  await expect(frame.getByRole('link', { name: 'Open the options' })).toBeVisible();
  await tab.screenshot({ path: 'test-results/foundation-hubspot-company.png' });

  // SPA navigation to a list view removes the panel without a page load.
  await tab.click('#to-list');
  await expect(tab).toHaveURL(HUBSPOT_LIST);
  await expect(tab.locator('#healthbar-root')).toHaveCount(0);
  expect(await panelFrame(tab, 0).catch(() => null)).toBeNull();
});

test('stays out of a HubSpot list view', async ({ context, serviceWorker }) => {
  await routeHtml(context, 'https://app.hubspot.com/**', page('Companies'));
  const tab = await context.newPage();
  await tab.goto(HUBSPOT_LIST);
  // The content script runs at document_idle; give it a moment and prove it ran.
  await expect(tab.locator('h1')).toHaveText('Companies');
  await tab.waitForTimeout(1000);
  await expect(tab.locator('#healthbar-root')).toHaveCount(0);
  expect(await panelFrame(tab, 0).catch(() => null)).toBeNull();
  expect(serviceWorker.url()).toContain('background.js');
});

const EXPECTED_PERMISSIONS = ['alarms', 'sidePanel', 'storage'];
const EXPECTED_HOSTS = [
  'https://*.hubspot.com/*',
  'https://*.lightning.force.com/*',
  'https://*.my.salesforce.com/*',
  'https://*.zendesk.com/*',
];
const EXPECTED_OPTIONAL_HOSTS = ['http://*/*', 'https://*/*'];

test('the manifest asks for exactly the expected permissions, and Chromium accepts every pattern', async ({
  serviceWorker,
}) => {
  const manifest = JSON.parse(readFileSync(`${EXTENSION_DIR}/manifest.json`, 'utf8'));
  expect(manifest.manifest_version).toBe(3);
  expect(manifest.name).toBe('Healthbar');
  expect([...manifest.permissions].sort()).toEqual(EXPECTED_PERMISSIONS);
  expect([...manifest.host_permissions].sort()).toEqual(EXPECTED_HOSTS);
  expect([...manifest.optional_host_permissions].sort()).toEqual(EXPECTED_OPTIONAL_HOSTS);
  expect(manifest.optional_permissions).toEqual(['notifications']);
  expect(JSON.stringify(manifest)).not.toContain('<all_urls>');
  // What Chromium granted: an invalid pattern would be dropped with a warning, and would be missing here.
  const granted = await serviceWorker.evaluate(() => {
    type Perms = { permissions?: string[]; origins?: string[] };
    const api = (globalThis as unknown as { chrome: { permissions: { getAll(): Promise<Perms> } } }).chrome;
    return api.permissions.getAll();
  });
  expect([...(granted.permissions ?? [])].sort()).toEqual(EXPECTED_PERMISSIONS);
  expect([...(granted.origins ?? [])].sort()).toEqual(EXPECTED_HOSTS);
});

test('the Firefox build asks for the same permissions (no sidePanel: it uses sidebar_action)', () => {
  const manifest = JSON.parse(readFileSync(`${EXTENSION_DIR}/../firefox-mv3/manifest.json`, 'utf8'));
  expect(manifest.manifest_version).toBe(3);
  expect([...manifest.permissions].sort()).toEqual(['alarms', 'storage']);
  expect([...manifest.host_permissions].sort()).toEqual(EXPECTED_HOSTS);
  expect([...manifest.optional_host_permissions].sort()).toEqual(EXPECTED_OPTIONAL_HOSTS);
  expect(manifest.optional_permissions).toEqual(['notifications']);
  expect(manifest.sidebar_action.default_panel).toBe('sidepanel.html');
  expect(manifest.browser_specific_settings.gecko.id).toBeTruthy();
});

test('the production build ships no source maps, no test fixtures, no remote code and keeps the default CSP', () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(EXTENSION_DIR);
  expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
  expect(files.filter((f) => /fixture|\.test\.|\.spec\./.test(f))).toEqual([]);
  const manifest = JSON.parse(readFileSync(`${EXTENSION_DIR}/manifest.json`, 'utf8'));
  expect(manifest.content_security_policy).toBeUndefined();
  for (const f of files.filter((x) => x.endsWith('.html'))) {
    const html = readFileSync(f, 'utf8');
    expect(html, f).not.toMatch(/<script[^>]+src=["']https?:/i);
  }
  for (const f of files.filter((x) => x.endsWith('.js'))) {
    const js = readFileSync(f, 'utf8');
    // No code loaded from elsewhere at run time.
    expect(js, f).not.toMatch(/importScripts\(\s*["']https?:|import\(\s*["']https?:/);
    // The API token never reaches a content script.
    if (f.includes('content-scripts')) expect(js, f).not.toContain('local:connection');
  }
});
