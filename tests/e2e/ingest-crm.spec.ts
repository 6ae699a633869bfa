/**
 * The connected CRM: with only Stripe and HubSpot configured on the reference server — no account
 * id typed anywhere: Stripe customers and HubSpot companies meet by domain — the HubSpot company,
 * contact and deal fixture pages show the right account, recognised by the company ids the HubSpot
 * source gave; and HubSpot's deals and Salesforce's opportunities reach the server's dataset as
 * `deals` records, each on one account (a HubSpot deal on its primary company's), amounts in the
 * workspace currency; the dashboard's Sales tab shows the report CLI's deal figures on them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HubSpotStandIn, startHubSpotStandIn } from '../../lib/connectors/hubspot/stand-in';
import { hsCompany, hsDeal, hsDealCompanies, hsOwner } from '../../lib/connectors/hubspot/testing';
import { type SalesforceStandIn, startSalesforceStandIn } from '../../lib/connectors/salesforce/stand-in';
import { sfAccount, sfOpportunity } from '../../lib/connectors/salesforce/testing';
import { FIXTURE_AS_OF, FIXTURE_RATES, stripeFixture } from '../../lib/connectors/stripe/fixture';
import { type StandIn, startStripeStandIn } from '../../lib/connectors/stripe/stand-in';
import { parseSyncPage } from '../../lib/contracts/sync-page';
import { salesforceId18 } from '../../lib/crm/salesforce-id';
import { FIXTURE_ACCOUNTS, FIXTURE_DIR, FIXTURE_PAGES } from '../../lib/demo/crm-fixture-accounts';
import { tileMetric } from '../../lib/portfolio/catalog';
import { expect, panelFrame, test } from './fixtures';
import { firstIngestRun, reportCliPortfolio } from './ingest-kit';
import { type RunningServer, startServer } from './server';

const ENV = { STRIPE_API_KEY: 'sk_test_e2e_crm', HUBSPOT_TOKEN: 'pat-e2e-crm', SF_TOKEN: '00De2e!crm' };
const SF_WON = salesforceId18('0068c00000E2e01') as string;
const SF_OPEN = salesforceId18('0068c00000E2e02') as string;
const PAGES = ['hubspot-company.html', 'hubspot-contact.html', 'hubspot-deal.html'];
/**
 * Stripe customer → the fixture account whose HubSpot company it is. Customer and company meet by
 * a domain the pages never show, and the customer's name is not the one on the pages, so a page
 * can only find its account by the HubSpot company id the source gave.
 */
const BILLED: [string, string][] = [
  ['cus_1', 'acc_northwind'],
  ['cus_2', 'acc_fabrikam'],
  ['cus_4', 'acc_wideworld'],
];
const billingDomain = (accountId: string) => `${accountId.replace('acc_', '')}-billing.example`;
const billingName = (cus: string) => `Billing account ${cus.replace('cus_', '#')}`;
let stripe: StandIn;
let hubspot: HubSpotStandIn;
let salesforce: SalesforceStandIn;
let server: RunningServer;
let dir: string;
let config: string;

const fixtureAccount = (id: string) => {
  const a = FIXTURE_ACCOUNTS.find((x) => x.id === id);
  if (!a) throw new Error(`fixture changed: ${id}`);
  return a;
};

const companyOf = (id: string) => fixtureAccount(id).crm.hubspotCompanyId;

/** Every live record of one collection in the server's sync feed (the extension's view of it). */
async function serverRecords(collection: string): Promise<unknown[]> {
  const out = new Map<string, unknown>();
  let cursor: string | undefined;
  for (;;) {
    const url = new URL('v1/sync', server.url);
    url.searchParams.set('limit', '5000');
    if (cursor) url.searchParams.set('cursor', cursor);
    const res = await fetch(url, { headers: { authorization: `Bearer ${server.token}` } });
    expect(res.status).toBe(200);
    const page = parseSyncPage(await res.json());
    if (!page.ok) throw new Error(page.message);
    for (const ch of page.changes) {
      if (ch.collection !== collection) continue;
      if ('record' in ch) out.set((ch.record as { id: string }).id, ch.record);
      else if ('id' in ch) out.delete(ch.id);
    }
    cursor = page.nextCursor;
    if (!page.hasMore) break;
  }
  return [...out.values()];
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = mkdtempSync(join(tmpdir(), 'healthbar-e2e-crm-'));
  const data = stripeFixture();
  for (const [cus, accountId] of BILLED) {
    const c = data.customers.find((x) => x.id === cus);
    if (!c) throw new Error('fixture changed');
    Object.assign(c, { email: `ap@${billingDomain(accountId)}`, name: billingName(cus), metadata: {} });
  }
  stripe = await startStripeStandIn(data as never, { apiKey: ENV.STRIPE_API_KEY });
  hubspot = await startHubSpotStandIn(
    {
      companies: BILLED.map(([, id]) => {
        const a = fixtureAccount(id);
        return hsCompany(a.crm.hubspotCompanyId, {
          name: a.name,
          domain: `www.${billingDomain(id)}`,
          hubspot_owner_id: '10',
        });
      }),
      owners: [hsOwner('10', 'maria@example.com')],
      deals: [
        hsDeal('901', {
          created: '2026-09-01T10:00:00.000Z',
          closed: '2026-10-15T10:00:00.000Z',
          won: true,
          amount: '12000',
        }),
        hsDeal('902', {
          created: '2026-10-01T10:00:00.000Z',
          closed: '2026-12-31T10:00:00.000Z',
          won: false,
          amount: '2500.75',
        }),
        hsDeal('903', {
          created: '2026-08-01T10:00:00.000Z',
          closed: '2026-11-02T10:00:00.000Z',
          won: false,
          isClosed: true,
          amount: '1000',
          currency: 'EUR',
        }),
      ],
      dealCompanies: [
        hsDealCompanies('901', [companyOf('acc_northwind')]),
        hsDealCompanies('902', [companyOf('acc_fabrikam')]),
        // Two companies: the deal is the primary one's (Wide World), never counted twice.
        hsDealCompanies(
          '903',
          [companyOf('acc_northwind'), companyOf('acc_wideworld')],
          companyOf('acc_wideworld'),
        ),
      ],
    },
    {
      accessToken: ENV.HUBSPOT_TOKEN,
      maxPage: 2,
      rateLimit: { path: '/crm/v3/objects/companies', times: 1 },
    },
  );
  salesforce = await startSalesforceStandIn(
    {
      accounts: (['acc_northwind', 'acc_wideworld'] as const).map((id) =>
        sfAccount(fixtureAccount(id).crm.salesforceAccountId, {
          name: fixtureAccount(id).name,
          website: `https://www.${billingDomain(id)}/`,
        }),
      ),
      opportunities: [
        sfOpportunity(SF_WON, {
          account: fixtureAccount('acc_wideworld').crm.salesforceAccountId,
          created: '2026-07-01T08:00:00.000+0000',
          closed: '2026-08-14',
          won: true,
          amount: 5000,
          name: 'Wide World expansion',
        }),
        sfOpportunity(SF_OPEN, {
          account: fixtureAccount('acc_northwind').crm.salesforceAccountId,
          created: '2026-11-01T08:00:00.000+0000',
          closed: '2027-02-28',
          won: false,
          amount: null,
          stage: 'Qualification',
          name: 'Northwind renewal',
        }),
      ],
    },
    {
      accessToken: ENV.SF_TOKEN,
      maxPage: 1,
      rateLimit: { path: '/services/data/v62.0/query', times: 1, status: 403 },
    },
  );
  config = join(dir, 'sources.json');
  writeFileSync(
    config,
    JSON.stringify({
      currency: 'USD',
      rates: FIXTURE_RATES,
      dataThrough: FIXTURE_AS_OF,
      sources: [
        { type: 'stripe', apiKey: 'env:STRIPE_API_KEY', apiBase: stripe.url },
        { type: 'hubspot', accessToken: 'env:HUBSPOT_TOKEN', apiBase: hubspot.url },
        { type: 'salesforce', instanceUrl: salesforce.url, accessToken: 'env:SF_TOKEN' },
      ],
    }),
  );
  server = await startServer({ accounts: 0, env: { HEALTHBAR_SOURCES: config, ...ENV } });
});
test.afterAll(async () => {
  await server?.stop();
  await Promise.all([stripe?.close(), hubspot?.close(), salesforce?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('with Stripe, HubSpot and Salesforce connected, HubSpot pages show their account and the deals reach the server', async ({
  context,
  extensionId,
}) => {
  test.setTimeout(120_000);
  const latest = await firstIngestRun(server);
  expect(latest?.status).toBe('done');
  expect(latest?.sources.map((s) => [s.name, s.read, s.attached])).toEqual([
    ['stripe', 5, 3],
    ['hubspot', 6, 6],
    ['salesforce', 4, 4],
  ]);
  // The deals are in the server's dataset, as the extension's sync reads it.
  const deals = (await serverRecords('deals')) as { id: string }[];
  expect(deals.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual([
    {
      id: 'hubspot:901',
      accountId: 'stripe:cus_1',
      name: 'Deal 901',
      amount: 1_200_000,
      stage: 'closedwon',
      createdOn: '2026-09-01',
      closedOn: '2026-10-15',
      won: true,
    },
    {
      id: 'hubspot:902',
      accountId: 'stripe:cus_2',
      name: 'Deal 902',
      amount: 250_075,
      stage: 'appointmentscheduled',
      createdOn: '2026-10-01',
    },
    {
      id: 'hubspot:903',
      accountId: 'stripe:cus_4',
      name: 'Deal 903',
      amount: 108_000,
      stage: 'closedlost',
      createdOn: '2026-08-01',
      closedOn: '2026-11-02',
      won: false,
    },
    {
      id: `salesforce:${SF_WON}`,
      accountId: 'stripe:cus_4',
      name: 'Wide World expansion',
      amount: 500_000,
      stage: 'Closed Won',
      createdOn: '2026-07-01',
      closedOn: '2026-08-14',
      won: true,
    },
    {
      id: `salesforce:${SF_OPEN}`,
      accountId: 'stripe:cus_1',
      name: 'Northwind renewal',
      amount: 0,
      stage: 'Qualification',
      createdOn: '2026-11-01',
    },
  ]);

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const conn = options.getByRole('region', { name: 'Connection' });
  await conn.getByLabel('API URL').fill(server.url);
  await conn.getByLabel('API token').fill(server.token);
  await conn.getByRole('button', { name: 'Save' }).click();
  await expect(conn.getByTestId('result')).toContainText('Synced', { timeout: 60_000 });
  await options.close();

  // The Sales tab: the report CLI's figures on `ingest --out` of the same config. By hand, as of
  // 15 Nov: open = 902 ($2,500.75) and the Salesforce renewal (no amount → 0); closed in the 365
  // days = 901 won, 903 lost, the Salesforce expansion won → 2/3, average won ($12,000 + $5,000) / 2.
  const cli = await reportCliPortfolio(config, dir, ENV);
  expect([cli.pipelineValue, cli.winRate, cli.avgDealSize]).toEqual([250_075, 2 / 3, 850_000]);
  const dashboard = await context.newPage();
  await dashboard.goto(`chrome-extension://${extensionId}/dashboard.html`);
  await dashboard.getByRole('tab', { name: 'Sales' }).click();
  const sales = dashboard.getByTestId('panel-sales');
  for (const k of ['pipelineValue', 'winRate', 'avgDealSize'] as const)
    await expect(sales.getByTestId(`kpi-${k}-value`), k).toHaveText(
      tileMetric(k, cli[k], 'USD', 'en-US').text,
      {
        timeout: 30_000,
      },
    );
  await expect(sales.getByTestId('sales-open-deals').locator('tbody tr').first()).toHaveAttribute(
    'data-deal-id',
    'hubspot:902',
  );
  await sales.screenshot({ path: test.info().outputPath('dashboard-sales-from-crm.png') });
  await dashboard.close();

  for (const file of PAGES) {
    const fx = FIXTURE_PAGES.find((p) => p.file === file);
    const billed = BILLED.find(([, id]) => fixtureAccount(id).name === fx?.expectedAccountName);
    if (!fx || !billed) throw new Error(`fixture ${file}`);
    await context.route(fx.url, (route) =>
      route.fulfill({ contentType: 'text/html', body: readFileSync(join(FIXTURE_DIR, fx.file), 'utf8') }),
    );
    const page = await context.newPage();
    await page.goto(fx.url);
    const frame = await panelFrame(page);
    await expect(frame.getByTestId('account-name')).toHaveText(billingName(billed[0]), { timeout: 15_000 });
    await page.screenshot({ path: test.info().outputPath(`panel-${file.replace('.html', '')}.png`) });
    await page.close();
  }
});
