/**
 * Zendesk and Delighted data the reference server ingested (local stand-ins of both APIs, with
 * Stripe's) shows in the panel of a Zendesk organization page — recognised by the organization id
 * the Zendesk source gave — with the support and satisfaction figures the report CLI computes on
 * the dataset `ingest --out` writes from the same sources.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_AS_OF, FIXTURE_RATES, stripeFixture } from '../../lib/connectors/stripe/fixture';
import { type StandIn, startStripeStandIn } from '../../lib/connectors/stripe/stand-in';
import {
  type DelightedStandIn,
  startDelightedStandIn,
} from '../../lib/connectors/surveys/delighted-stand-in';
import { delightedFixture } from '../../lib/connectors/surveys/fixture';
import { zendeskFixture } from '../../lib/connectors/zendesk/fixture';
import { startZendeskStandIn, type ZendeskStandIn } from '../../lib/connectors/zendesk/stand-in';
import { FIXTURE_ACCOUNTS, FIXTURE_DIR, FIXTURE_PAGES } from '../../lib/demo/crm-fixture-accounts';
import { hours, num, pct } from '../../lib/format';
import { connectThroughOptions, expect, panelFrame, test } from './fixtures';
import { firstIngestRun, reportCliFigures } from './ingest-kit';
import { type RunningServer, startServer } from './server';

const ENV = {
  STRIPE_API_KEY: 'sk_test_e2e_support',
  ZENDESK_API_TOKEN: 'zd_e2e',
  DELIGHTED_API_KEY: 'dl_e2e',
};
const fabrikam = FIXTURE_ACCOUNTS.find((a) => a.id === 'acc_fabrikam');
let stripe: StandIn;
let zendesk: ZendeskStandIn;
let delighted: DelightedStandIn;
let server: RunningServer;
let dir: string;
let configPath: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  if (!fabrikam) throw new Error('fixture changed');
  dir = mkdtempSync(join(tmpdir(), 'healthbar-e2e-support-'));
  // Stripe's cus_1 (billing@acme.com) and Zendesk's organization (external_id) carry Fabrikam's
  // account id; the Zendesk organization's id is the one the Zendesk page fixture shows.
  const data = stripeFixture();
  const cus1 = data.customers.find((c) => c.id === 'cus_1');
  if (!cus1 || typeof cus1.metadata !== 'object') throw new Error('fixture changed');
  cus1.metadata = { healthbar_account_id: fabrikam.id };
  stripe = await startStripeStandIn(data as never, { apiKey: ENV.STRIPE_API_KEY });
  zendesk = await startZendeskStandIn(
    zendeskFixture(fabrikam.id, Number(fabrikam.crm.zendeskOrganizationId)),
    {
      email: 'ops@acme.com',
      apiToken: ENV.ZENDESK_API_TOKEN,
      maxPage: 2,
      rateLimit: { path: '/api/v2/incremental/tickets', times: 1 },
    },
  );
  delighted = await startDelightedStandIn(delightedFixture(), {
    apiKey: ENV.DELIGHTED_API_KEY,
    rateLimit: { times: 1 },
  });
  // The hand-kept dataset gives the account without a Zendesk id: the Zendesk source gives it.
  const { zendeskOrganizationId: _, ...crm } = fabrikam.crm;
  writeFileSync(
    join(dir, 'accounts.json'),
    JSON.stringify({
      schemaVersion: 1,
      currency: 'USD',
      accounts: [
        {
          id: fabrikam.id,
          name: fabrikam.name,
          domains: fabrikam.domains,
          crm,
          updatedAt: '2026-11-01T00:00:00Z',
        },
      ],
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
        { type: 'stripe', apiKey: 'env:STRIPE_API_KEY', apiBase: stripe.url },
        {
          type: 'zendesk',
          subdomain: 'acme',
          email: 'ops@acme.com',
          apiToken: 'env:ZENDESK_API_TOKEN',
          apiBase: zendesk.url,
        },
        { type: 'delighted', apiKey: 'env:DELIGHTED_API_KEY', apiBase: delighted.url },
      ],
    }),
  );
  server = await startServer({ accounts: 0, env: { HEALTHBAR_SOURCES: configPath, ...ENV } });
});
test.afterAll(async () => {
  await server?.stop();
  await Promise.all([stripe?.close(), zendesk?.close(), delighted?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('Zendesk tickets and Delighted NPS the server ingested show in the panel with the report CLI’s figures', async ({
  context,
  extensionId,
}) => {
  test.setTimeout(120_000);
  if (!fabrikam) throw new Error('fixture changed');
  const latest = await firstIngestRun(server);
  expect(latest?.status).toBe('done');
  expect(latest?.sources.map((s) => [s.name, s.read, s.attached])).toEqual([
    ['dataset', 1, 1],
    ['stripe', 5, 3],
    ['zendesk', 7, 5],
    ['delighted', 5, 2],
  ]);

  const expected = await reportCliFigures(configPath, dir, fabrikam.id, ENV);
  // Hand-computed: tickets 1 (open, urgent, reply after 30 min) and 2 (solved in 24 h, reply after 2 h); NPS one 9.
  expect(expected.support).toEqual({
    openTickets: 1,
    openUrgent: 1,
    tickets30: 2,
    medianFirstResponseHours: 1.25,
    medianResolutionHours: 24,
  });
  expect(expected.nps).toBe(100);

  const options = await connectThroughOptions(context, extensionId, server);
  const diag = options.getByTestId('ingest-run');
  await expect(diag.getByTestId('ingest-sources')).toContainText(
    'zendesk: read 7, attached 5, left out 2 unmatched',
  );
  await expect(diag.getByTestId('ingest-examples')).toContainText('zendesk org:3 (unmatched)');

  const fx = FIXTURE_PAGES.find((p) => p.file === 'zendesk-organization.html');
  if (!fx) throw new Error('fixture');
  await context.route(fx.url, (route) =>
    route.fulfill({ contentType: 'text/html', body: readFileSync(join(FIXTURE_DIR, fx.file), 'utf8') }),
  );
  const page = await context.newPage();
  await page.goto(fx.url);
  const frame = await panelFrame(page);
  await expect(frame.getByTestId('account-name')).toHaveText(fabrikam.name);
  const metric = (label: string) =>
    frame
      .locator('.hb-metric', { has: frame.locator('dt', { hasText: new RegExp(`^${label}`) }) })
      .locator('dd');
  const s = expected.support;
  await expect(metric('NPS \\(180 d\\)')).toHaveText(num(expected.nps, 'en-US', 0));
  await expect(metric('CSAT \\(180 d\\)')).toContainText(pct(expected.csat, 'en-US', 0));
  await expect(metric('Open tickets')).toHaveText(num(s.openTickets, 'en-US', 0));
  await expect(metric('Open urgent')).toHaveText(num(s.openUrgent, 'en-US', 0));
  await expect(metric('Tickets \\(30 d\\)')).toHaveText(num(s.tickets30, 'en-US', 0));
  await expect(metric('First reply \\(median\\)')).toHaveText(hours(s.medianFirstResponseHours, 'en-US'));
  await expect(metric('Resolution \\(median\\)')).toHaveText(hours(s.medianResolutionHours, 'en-US'));
  const comments = frame.getByRole('list', { name: 'Recent survey comments' });
  await expect(comments).toContainText('Love the reports');
  await comments.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('panel-zendesk-support.png') });
});
