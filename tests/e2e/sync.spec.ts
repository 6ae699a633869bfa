import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_DIR, FIXTURE_PAGES } from '../../lib/demo/crm-fixture-accounts';
import { generateDataset } from '../../lib/demo/generate';
import { computeReport } from '../../lib/metrics';
import { CORE_KPIS, tileMetric } from '../../lib/portfolio/catalog';
import { expect, panelFrame, test } from './fixtures';
import { type RunningServer, startServer } from './server';

let server: RunningServer;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startServer({ accounts: 40 });
});
test.afterAll(async () => {
  await server?.stop();
});

test('a person connects to the reference server from the options page; the panel and the dashboard show the synced numbers', async ({
  context,
  extensionId,
}) => {
  test.setTimeout(120_000);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const conn = options.getByRole('region', { name: 'Connection' });
  await conn.getByLabel('API URL').fill(server.url);
  await conn.getByLabel('API token').fill('wrong-token');
  await conn.getByRole('button', { name: 'Test connection' }).click();
  await expect(conn.getByTestId('result')).toContainText('refused this token (401)');
  await conn.getByLabel('API token').fill(server.token);
  await conn.getByRole('button', { name: 'Test connection' }).click();
  await expect(conn.getByTestId('result')).toContainText('Connected: this token reads the whole workspace');
  await conn.getByRole('button', { name: 'Save' }).click();
  await expect(conn.getByTestId('result')).toContainText('Synced', { timeout: 60_000 });
  await expect(options.getByTestId('sync-state')).toContainText('Up to date');
  await expect(options.getByTestId('stats')).toContainText(`${server.accounts} accounts`);
  await options.screenshot({ path: test.info().outputPath('options-connected.png'), fullPage: true });

  // The same dataset the server seeded, computed by the report's own functions.
  const dataset = generateDataset({ accounts: server.accounts, seed: 42, asOf: server.asOf });
  const report = computeReport(dataset, server.asOf);
  const fx = FIXTURE_PAGES.find((p) => p.file === 'salesforce-opportunity.html');
  if (!fx?.expectedAccountName) throw new Error('fixture');
  const expected = report.accounts.find((a) => a.name === fx.expectedAccountName);
  await context.route(fx.url, (route) =>
    route.fulfill({ contentType: 'text/html', body: readFileSync(join(FIXTURE_DIR, fx.file), 'utf8') }),
  );
  const page = await context.newPage();
  await page.goto(fx.url);
  const frame = await panelFrame(page);
  await expect(frame.getByTestId('account-name')).toHaveText(fx.expectedAccountName);
  await expect(frame.getByTestId('score')).toHaveText(String(expected?.health.rounded));
  await expect(frame.getByText(/synced just now/)).toBeVisible();

  // The dashboard reads the same synced cache: its KPIs are the report's.
  const dash = await context.newPage();
  await dash.goto(`chrome-extension://${extensionId}/dashboard.html`);
  const overview = dash.getByTestId('overview');
  await expect(overview).toBeVisible({ timeout: 30_000 });
  for (const k of CORE_KPIS) {
    const value = (report.portfolio as unknown as Record<string, number | null>)[k];
    await expect(overview.getByTestId(`kpi-${k}-value`), k).toHaveText(
      tileMetric(k, value, report.currency, 'en-US').text,
    );
  }
});
