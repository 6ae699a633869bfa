import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../lib/connectors/config';
import { runIngest } from '../../lib/connectors/ingest';
import { SOURCES } from '../../lib/connectors/sources/index';
import { FIXTURE_AS_OF, FIXTURE_RATES, stripeFixture } from '../../lib/connectors/stripe/fixture';
import { type StandIn, startStripeStandIn } from '../../lib/connectors/stripe/stand-in';
import { FIXTURE_ACCOUNTS, FIXTURE_DIR, FIXTURE_PAGES } from '../../lib/demo/crm-fixture-accounts';
import { money } from '../../lib/format';
import { computeReport } from '../../lib/metrics';
import { connectThroughOptions, expect, panelFrame, test } from './fixtures';
import { firstIngestRun } from './ingest-kit';
import { type RunningServer, startServer } from './server';

const KEY = 'sk_test_e2e_ingest';
const northwind = FIXTURE_ACCOUNTS[0];
let standIn: StandIn;
let server: RunningServer;
let dir: string;
let configPath: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = mkdtempSync(join(tmpdir(), 'healthbar-e2e-ingest-'));
  // Stripe's customer cus_1 carries Northwind's account id; a hand-kept dataset gives its CRM ids.
  const data = stripeFixture();
  const cus1 = data.customers.find((c) => c.id === 'cus_1');
  if (!cus1 || typeof cus1.metadata !== 'object') throw new Error('fixture changed');
  cus1.metadata = { healthbar_account_id: northwind.id };
  standIn = await startStripeStandIn(data as never, { apiKey: KEY });
  writeFileSync(
    join(dir, 'accounts.json'),
    JSON.stringify({
      schemaVersion: 1,
      currency: 'USD',
      accounts: [{ ...northwind, updatedAt: '2026-11-01T00:00:00Z' }],
    }),
  );
  configPath = join(dir, 'sources.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      currency: 'USD',
      rates: FIXTURE_RATES,
      dataThrough: FIXTURE_AS_OF,
      sources: [
        { type: 'dataset', path: 'accounts.json' },
        { type: 'stripe', apiKey: 'env:STRIPE_API_KEY', apiBase: standIn.url },
      ],
    }),
  );
  server = await startServer({
    accounts: 0,
    env: { HEALTHBAR_SOURCES: configPath, STRIPE_API_KEY: KEY },
  });
});
test.afterAll(async () => {
  await server?.stop();
  await standIn?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('Stripe data the reference server ingested shows in the panel with the report’s MRR; the options page shows the run', async ({
  context,
  extensionId,
}) => {
  test.setTimeout(120_000);
  // The server ingests at start: wait for its first report.
  const latest = await firstIngestRun(server);
  expect(latest?.status).toBe('done');
  expect(latest?.sources.map((s) => [s.name, s.read, s.attached])).toEqual([
    ['dataset', 1, 1],
    ['stripe', 5, 3],
  ]);

  // What the panel must show: the report computed from the same sources.
  const config = parseConfig(JSON.parse(readFileSync(configPath, 'utf8')), {
    env: { STRIPE_API_KEY: KEY },
    configDir: dir,
    registry: SOURCES,
  });
  const run = await runIngest(config, { asOf: FIXTURE_AS_OF, generatedAt: '2026-11-16T00:00:00Z' });
  const expected = computeReport(run.dataset, FIXTURE_AS_OF).accounts.find((a) => a.id === northwind.id);
  expect(expected?.mrr).toBe(11000);

  const options = await connectThroughOptions(context, extensionId, server);
  const diag = options.getByTestId('ingest-run');
  await expect(diag.getByTestId('ingest-sources')).toContainText(
    'dataset: read 1, attached 1, none left out',
  );
  await expect(diag.getByTestId('ingest-sources')).toContainText(
    'stripe: read 5, attached 3, left out 1 invalid, 1 unknown currency',
  );
  await expect(diag.getByTestId('ingest-examples')).toContainText('stripe cus_3 (unknown currency)');
  await diag.scrollIntoViewIfNeeded();
  await options.screenshot({ path: test.info().outputPath('options-ingest-run.png'), fullPage: true });

  const fx = FIXTURE_PAGES.find((p) => p.file === 'hubspot-company.html');
  if (!fx) throw new Error('fixture');
  await context.route(fx.url, (route) =>
    route.fulfill({ contentType: 'text/html', body: readFileSync(join(FIXTURE_DIR, fx.file), 'utf8') }),
  );
  const page = await context.newPage();
  await page.goto(fx.url);
  const frame = await panelFrame(page);
  await expect(frame.getByTestId('account-name')).toHaveText(northwind.name);
  const mrr = frame.locator('.hb-metric', { has: frame.locator('dt', { hasText: /^MRR$/ }) }).locator('dd');
  await expect(mrr).toHaveText(money(expected?.mrr, 'USD'));
  await page.screenshot({ path: test.info().outputPath('panel-stripe.png') });
});
