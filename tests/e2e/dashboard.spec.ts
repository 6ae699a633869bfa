import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { FIXTURE_ACCOUNTS, FIXTURE_PAGES } from '../../lib/demo/crm-fixture-accounts';
import { generateDataset } from '../../lib/demo/generate';
import { day } from '../../lib/format';
import { computeReport, computeWorkspaceContext, DEFAULT_SETTINGS, parseSettings } from '../../lib/metrics';
import { dayNumber } from '../../lib/metrics/dates';
import { accountDeals, countedDeals, largestOpenDeals } from '../../lib/metrics/deals';
import { CORE_KPIS, formatMetric, metricDef, tileMetric } from '../../lib/portfolio/catalog';
import { hubspotCompanyUrl, zendeskOrganizationUrl } from '../../lib/portfolio/crm-links';
import { atRiskList, churnedList, upsellList } from '../../lib/portfolio/lists';
import { scoringPreview } from '../../lib/portfolio/scoring';
import { toInput } from '../../lib/portfolio/target-input';
import { MONTHLY_TRENDS } from '../../lib/portfolio/trends';
import { expect, importThroughOptions, panelFrame, routeFixturePages, test } from './fixtures';

/**
 * The dashboard, the options' scoring section and the popup, checked against the metrics core
 * (what the report CLI prints) on the same dataset and date. The dataset ends 2026-10-31, before
 * today, so every number is as of that day.
 */
const AS_OF = '2026-10-31';
const dataset = generateDataset({ accounts: 60, seed: 11, asOf: AS_OF });
const report = computeReport(dataset, AS_OF);
const datasetFile = join(tmpdir(), `healthbar-dashboard-e2e-${process.pid}.json`);
writeFileSync(datasetFile, JSON.stringify(dataset));
const LOCALE = 'en-US';
const fmt = (k: string, v: number | null) => formatMetric(k, v, report.currency, LOCALE);
/** A KPI tile's text (money from a million up compact: lib/format `tileMoney`). */
const tile = (k: string, v: number | null) => tileMetric(k, v, report.currency, LOCALE).text;

async function importDataset(context: BrowserContext, extensionId: string): Promise<Page> {
  return importThroughOptions(
    context,
    extensionId,
    datasetFile,
    `Imported ${dataset.accounts.length} accounts`,
  );
}

async function openDashboard(context: BrowserContext, extensionId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/dashboard.html`);
  await expect(page.getByTestId('overview')).toBeVisible({ timeout: 30_000 });
  return page;
}

/** The rows of a chart card's "Data" table: [row header, ...cells]. */
async function dataRows(card: Locator): Promise<string[][]> {
  await card.getByText('Data', { exact: true }).click();
  const rows = card.locator('table tbody tr');
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    out.push((await rows.nth(i).locator('th, td').allTextContents()).map((s) => s.trim()));
  }
  return out;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthLabel = (m: string) => `${MONTHS[Number(m.slice(5)) - 1]} ${m.slice(0, 4)}`;

test('the dashboard shows the report’s KPIs, trends and lists; filters; exports CSV and PNG; sets a target', async ({
  context,
  extensionId,
}) => {
  await (await importDataset(context, extensionId)).close();
  const page = await openDashboard(context, extensionId);
  const p = report.portfolio;
  const overview = page.getByTestId('overview');
  await expect(page.getByTestId('as-of')).toContainText(
    `All accounts · 60 of 60 accounts · as of ${day(AS_OF)}`,
  );

  // North star (NRR, growth preset) top-left, then every core KPI as the report has it.
  await expect(page.getByTestId('north-star').getByTestId('kpi-nrr-value')).toHaveText(tile('nrr', p.nrr));
  for (const k of CORE_KPIS) {
    const value = (p as unknown as Record<string, number | null>)[k];
    await expect(overview.getByTestId(`kpi-${k}-value`), k).toHaveText(tile(k, value));
  }
  // A definition on focus.
  await overview.getByTestId('kpi-grr').focus();
  await expect(overview.getByTestId('kpi-grr').getByRole('tooltip')).toBeVisible();
  await expect(overview.getByTestId('kpi-grr').getByRole('tooltip')).toContainText('Gross revenue retention');

  // Trends: NRR by month, MRR movements, band counts.
  const nrr = await dataRows(page.getByTestId('chart-nrr').first());
  expect(nrr).toEqual(p.trends.nrrTrend.map((t) => [monthLabel(t.month), fmt('nrr', t.value)]));
  const mv = await dataRows(page.getByTestId('chart-movements').first());
  expect(mv.map((r) => [r[0], r[6]])).toEqual(
    p.movements.map((m) => [monthLabel(m.month), fmt('mrr', m.net)]),
  );
  const health = await dataRows(page.getByTestId('chart-health').first());
  expect(health.map((r) => r.slice(1).map(Number))).toEqual(
    p.trends.healthTrend.map((h) => [h.green, h.yellow, h.red, h.unknown]),
  );
  await expect(page.getByTestId('chart-health').first()).toContainText(`Healthy ${p.health.green}`);

  // The four monthly trends, each with its unit, its line and its numbers as the report has them;
  // feature adoption has no history: its current value, said to be current.
  const trends = page.getByTestId('trends');
  for (const d of MONTHLY_TRENDS) {
    const card = trends.getByTestId(`chart-${d.id}`);
    await expect(card.getByRole('heading', { level: 3 })).toContainText(d.title);
    await expect(card.getByTestId('trend-unit')).toHaveText(`${d.unit} · ${d.better} is better`);
    await expect(card.getByRole('img')).toHaveAccessibleName(new RegExp(`^${d.name} over 12 months: `));
    const points = p.trends[d.key];
    expect(await dataRows(card), d.key).toEqual(
      points.map((t) => [monthLabel(t.month), fmt(d.metric, t.value)]),
    );
    await expect(card.locator('svg circle')).toHaveCount(points.filter((t) => t.value !== null).length);
  }
  expect(p.trends.ttvTrend.at(-1)?.value).toBe(p.ttvDays);
  await expect(trends.getByTestId('adoption-now').getByTestId('kpi-featureAdoption-value')).toHaveText(
    fmt('featureAdoption', metricDef('featureAdoption')?.value(report) ?? null),
  );
  await expect(trends.getByTestId('adoption-now')).toContainText('No trend: users carry only the date');
  await trends.scrollIntoViewIfNeeded();
  await trends.screenshot({ path: test.info().outputPath('dashboard-trends.png') });

  // Lists, in DASHBOARD.md's order.
  const atRisk = atRiskList(report.accounts);
  const upsell = upsellList(report.accounts);
  await expect(page.getByTestId('list-at-risk').getByTestId('list-name')).toHaveText(
    atRisk.slice(0, 8).map((a) => a.name),
  );
  await expect(page.getByTestId('list-upsell').getByTestId('list-name')).toHaveText(
    upsell.slice(0, 8).map((a) => a.name),
  );
  // Churned accounts apart (never at risk), with when they churned and their last MRR.
  const churned = churnedList(report.accounts);
  expect(churned.length).toBeGreaterThan(0);
  expect([...atRisk, ...upsell].every((a) => a.status === 'active')).toBe(true);
  const churnedCard = page.getByTestId('panel-cs').getByTestId('cs-churned');
  await expect(churnedCard.getByTestId('list-name')).toHaveText(churned.slice(0, 8).map((a) => a.name));
  await expect(churnedCard.locator(`tr[data-account-id="${churned[0].id}"]`)).toContainText(
    fmt('mrr', churned[0].lastMrr),
  );
  await page.screenshot({ path: test.info().outputPath('dashboard-cs.png'), fullPage: true });

  // Team tabs.
  await page.getByRole('tab', { name: 'Executive' }).click();
  const exec = page.getByTestId('panel-executive');
  await expect(exec.getByTestId('kpi-mrrGrowth-value')).toHaveText(tile('mrrGrowth', p.trends.mrrGrowth));
  await expect(exec.getByTestId('kpi-arrGrowth-value')).toHaveText(tile('arrGrowth', p.trends.arrGrowth));
  await expect(exec.getByTestId('kpi-ltvToCac-value')).toHaveText(tile('ltvToCac', p.ltvToCac));
  await page.screenshot({ path: test.info().outputPath('dashboard-executive.png'), fullPage: true });
  await page.getByRole('tab', { name: 'Executive' }).press('ArrowLeft');
  await expect(page.getByRole('tab', { name: 'Sales' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('panel-sales').getByTestId('list-name').first()).toHaveText(upsell[0].name);
  await page.getByRole('tab', { name: 'Product' }).click();
  await expect(page.getByTestId('panel-product').getByTestId('chart-dau-mau')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('dashboard-product.png'), fullPage: true });

  // Filter: the SMB segment's own portfolio.
  const smb = report.accounts.filter((a) => a.segment === 'smb');
  await page.getByLabel('Segment', { exact: true }).selectOption('smb');
  await expect(page.getByTestId('as-of')).toContainText(`SMB · ${smb.length} of 60 accounts`);
  await expect(overview.getByTestId('kpi-mrr-value')).toHaveText(
    tile(
      'mrr',
      smb.reduce((s, a) => s + a.mrr, 0),
    ),
  );
  await page.getByLabel('Segment', { exact: true }).selectOption('all');
  await expect(page.getByTestId('as-of')).toContainText('60 of 60 accounts');

  // Exports.
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csvText = readFileSync((await csv.path()) as string, 'utf8');
  expect(csvText.split('\r\n')[0]).toBe('section,name,value,detail');
  expect(csvText).toContain(`North star,NRR,${fmt('nrr', p.nrr)},`);
  expect(csvText).toContain(`At risk,${atRisk[0].name},`);
  for (const d of MONTHLY_TRENDS) expect(csvText).toContain(`${d.title},${monthLabel(AS_OF.slice(0, 7))},`);
  expect(csvText).toContain(`Churned,${churned[0].name},`);
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export PNG' }).click(),
  ]);
  const pngPath = test.info().outputPath('export.png');
  await png.saveAs(pngPath);
  expect(readFileSync(pngPath).subarray(1, 4).toString()).toBe('PNG');

  // A target from the stage's suggestions: baseline recorded, gauge shown, kept across reloads.
  await page.getByRole('button', { name: 'MRR +15% in 90 days' }).click();
  await expect(page.getByLabel(/Target value/)).toHaveValue(
    String(toInput('money', Math.round(p.mrr * 1.15), report.currency)),
  );
  await page.getByRole('button', { name: 'Add target' }).click();
  const target = page.getByTestId('target');
  await expect(target).toHaveCount(1);
  await expect(target).toHaveAttribute('data-status', 'on-track');
  await expect(target.getByRole('img')).toHaveAccessibleName(/MRR, All accounts: 0% of the way.*On track/);
  await expect(target).toContainText(`${fmt('mrr', p.mrr)} on ${day(AS_OF)}`);
  await page.reload();
  await expect(page.getByTestId('target')).toHaveCount(1);
  await page.getByTestId('targets').scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('dashboard-targets.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByRole('tab', { name: 'Customer Success' }).click();
  await page.screenshot({ path: test.info().outputPath('dashboard-dark.png'), fullPage: true });
});

test('the Sales tab shows the report CLI’s deal figures and largest open deals; the panel on a deal page shows its account’s pipeline', async ({
  context,
  extensionId,
}) => {
  test.setTimeout(120_000);
  // The report CLI on the very file the options page imports.
  const cli = await new Promise<string>((done, fail) =>
    execFile(
      process.execPath,
      [
        '--import',
        'tsx',
        'lib/cli/report.ts',
        '--dataset',
        datasetFile,
        '--as-of',
        AS_OF,
        '--format',
        'json',
      ],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, text) => (error ? fail(error) : done(text)),
    ),
  );
  const cliPortfolio = (JSON.parse(cli) as { portfolio: Record<string, number | null> }).portfolio;
  expect(cliPortfolio.pipelineValue).toBeGreaterThan(0);
  expect(cliPortfolio.winRate).not.toBeNull();
  expect(cliPortfolio.avgDealSize).not.toBeNull();
  await (await importDataset(context, extensionId)).close();

  const page = await openDashboard(context, extensionId);
  await page.getByRole('tab', { name: 'Sales' }).click();
  const sales = page.getByTestId('panel-sales');
  for (const k of ['pipelineValue', 'winRate', 'avgDealSize'])
    await expect(sales.getByTestId(`kpi-${k}-value`), k).toHaveText(tile(k, cliPortfolio[k]));
  await sales.getByTestId('kpi-winRate').focus();
  await expect(sales.getByTestId('kpi-winRate').getByRole('tooltip')).toContainText(
    'deals closed in the 365 days ending the as-of date',
  );
  const biggest = largestOpenDeals(countedDeals(dataset.deals), dayNumber(AS_OF), 1)[0];
  const firstRow = sales.getByTestId('sales-open-deals').locator('tbody tr').first();
  await expect(firstRow).toHaveAttribute('data-deal-id', biggest.id);
  await expect(firstRow).toContainText(fmt('pipelineValue', biggest.amount));
  await sales.screenshot({ path: test.info().outputPath('dashboard-sales.png') });
  await page.close();

  // The HubSpot deal page: its company's open pipeline and won deals, the page's deal marked.
  await routeFixturePages(context);
  const crm = await context.newPage();
  for (const file of ['hubspot-deal.html', 'salesforce-opportunity.html']) {
    const fx = FIXTURE_PAGES.find((x) => x.file === file);
    const account = dataset.accounts.find((a) => a.name === fx?.expectedAccountName);
    if (!fx || !account) throw new Error(`no fixture account for ${file}`);
    const expected = accountDeals(
      countedDeals(dataset.deals).filter((x) => x.accountId === account.id),
      dayNumber(AS_OF),
    );
    await crm.goto(fx.url);
    const frame = await panelFrame(crm);
    await expect(frame.getByTestId('account-name')).toHaveText(account.name, { timeout: 20_000 });
    const n = expected.open.length;
    await expect(frame.getByTestId('pipeline-open')).toHaveText(fmt('pipelineValue', expected.openAmount));
    await expect(frame.getByTestId('pipeline-open-count')).toHaveText(`${n} deal${n === 1 ? '' : 's'} open`);
    await expect(frame.getByTestId('pipeline-won')).toHaveText(fmt('pipelineValue', expected.wonAmount));
    await expect(frame.locator(`[data-deal-id="${fx.crm}:${fx.recordId}"]`)).toContainText('(this deal)');
    await crm.screenshot({ path: test.info().outputPath(file.replace('.html', '-deals.png')) });
  }
});

test('changing a weight previews the band changes, and once saved the dashboard follows', async ({
  context,
  extensionId,
}) => {
  const options = await importDataset(context, extensionId);
  const scoring = options.getByRole('region', { name: 'Scoring' });
  const engagement = scoring.getByLabel('Engagement', { exact: true });
  await engagement.fill('-5');
  await expect(scoring.getByTestId('scoring-errors')).toContainText(
    'setting "weights.engagement": must be ≥ 0',
  );
  await expect(scoring.getByRole('button', { name: 'Save scoring' })).toBeDisabled();
  await engagement.fill('0');
  const proposed = parseSettings({ weights: { engagement: 0 } });
  if (!proposed.ok) throw new Error(proposed.error);
  const today = new Date().toISOString().slice(0, 10);
  const expected = scoringPreview(
    dataset,
    today,
    DEFAULT_SETTINGS,
    proposed.settings,
    computeWorkspaceContext(dataset, AS_OF),
  );
  expect(expected.changes.length).toBeGreaterThan(0);
  await expect(scoring.getByTestId('scoring-preview')).toContainText(
    `${expected.changes.length} accounts would change band`,
  );
  await expect(scoring.getByTestId('scoring-preview')).toContainText(expected.changes[0].name);
  await expect(scoring.getByTestId('scoring-counts')).toContainText(
    `Healthy ${expected.before.green} → ${expected.after.green}`,
  );
  await scoring.screenshot({ path: test.info().outputPath('options-scoring.png') });
  await scoring.getByRole('button', { name: 'Save scoring' }).click();
  await expect(scoring.getByTestId('result')).toContainText('Saved.');

  const after = computeReport(dataset, AS_OF, proposed.settings).portfolio.health;
  expect(after).not.toEqual(report.portfolio.health);
  const page = await openDashboard(context, extensionId);
  const health = page.getByTestId('chart-health').first();
  for (const [word, n] of [
    ['Healthy', after.green],
    ['At risk', after.yellow],
    ['Critical', after.red],
  ] as const) {
    await expect(health).toContainText(`${word} ${n}`);
  }
  await options.bringToFront();
  await options.getByRole('region', { name: 'Detector diagnostics' }).scrollIntoViewIfNeeded();
  await options.screenshot({ path: test.info().outputPath('options-diagnostics.png') });
});

test('the popup: sync state, my book’s lists, search with CRM links, open the dashboard', async ({
  context,
  extensionId,
  serviceWorker,
}) => {
  const options = await importDataset(context, extensionId);
  const email = atRiskList(report.accounts)[0].owner as string;
  const email1 = options.getByLabel('My email (for “my book”)');
  await email1.fill(email);
  await email1.blur();
  await serviceWorker.evaluate(() =>
    (
      globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }
    ).chrome.storage.local.set({
      lastCrmHosts: {
        hubspot: 'app-eu1.hubspot.com',
        hubspotPortal: '4417291',
        zendesk: 'acme-support.zendesk.com',
      },
    }),
  );
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 360, height: 760 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  const book = report.accounts.filter((a) => a.owner === email);
  await expect(popup.getByTestId('popup-scope')).toHaveText(`Your book: ${email} — ${book.length} accounts`);
  await expect(popup.getByTestId('popup-sync')).toContainText('Up to date');
  await expect(popup.getByTestId('popup-at-risk').getByTestId('popup-name')).toHaveText(
    atRiskList(book)
      .slice(0, 5)
      .map((a) => a.name),
  );
  await expect(popup.getByTestId('popup-upsell').getByTestId('popup-name')).toHaveText(
    upsellList(book)
      .slice(0, 5)
      .map((a) => a.name),
  );
  const nw = FIXTURE_ACCOUNTS[0];
  const hosts = {
    hubspot: 'app-eu1.hubspot.com',
    hubspotPortal: '4417291',
    zendesk: 'acme-support.zendesk.com',
  };
  await popup.getByRole('searchbox', { name: 'Find an account' }).fill(nw.name.slice(0, 6));
  const results = popup.getByTestId('search-results');
  await expect(results.getByRole('link', { name: 'HubSpot' }).first()).toHaveAttribute(
    'href',
    hubspotCompanyUrl(hosts, nw.crm.hubspotCompanyId) as string,
  );
  await expect(results.getByRole('link', { name: 'Zendesk' }).first()).toHaveAttribute(
    'href',
    zendeskOrganizationUrl(hosts, nw.crm.zendeskOrganizationId) as string,
  );
  await expect(popup.getByTestId('no-host')).toBeVisible(); // no Salesforce host seen yet
  await popup.screenshot({ path: test.info().outputPath('popup.png'), fullPage: true });
  await popup.emulateMedia({ colorScheme: 'dark' });
  await popup.screenshot({ path: test.info().outputPath('popup-dark.png'), fullPage: true });
  const [opened] = await Promise.all([
    context.waitForEvent('page'),
    popup.getByRole('button', { name: 'Open dashboard' }).click(),
  ]);
  await expect(opened).toHaveURL(`chrome-extension://${extensionId}/dashboard.html`);
  await expect(opened.getByTestId('overview')).toBeVisible({ timeout: 20_000 });
  // My book, from the filter.
  // The dashboard may re-render while settings arrive (the email was just saved): retry the
  // click until the filter holds, as a person would click again.
  await expect(async () => {
    await opened.getByLabel('My book').check({ timeout: 2000 });
    await expect(opened.getByLabel('My book')).toBeChecked({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(opened.getByTestId('as-of')).toContainText(
    `My book (${email}) · ${book.length} of 60 accounts`,
  );
});

test('at a large portfolio’s scale: the background keeps the view’s head after an import; money tiles are compact with the exact figure as their title', async ({
  context,
  extensionId,
}) => {
  // The same accounts with every MRR × 10,000: a portfolio MRR in the hundreds of millions.
  const big = { ...dataset, revenue: dataset.revenue.map((r) => ({ ...r, mrr: r.mrr * 10_000 })) };
  const bigReport = computeReport(big, AS_OF);
  const file = join(tmpdir(), `healthbar-dashboard-e2e-big-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(big));
  const options = await importThroughOptions(
    context,
    extensionId,
    file,
    `Imported ${big.accounts.length} accounts`,
  );
  // The import answers after the background's pass: the dashboard's head is already kept.
  const heads = await options.evaluate(
    () =>
      new Promise<number>((ok, fail) => {
        const req = indexedDB.open('healthbar-dashboard');
        req.onerror = () => fail(req.error);
        req.onsuccess = () => {
          const count = req.result.transaction('heads').objectStore('heads').count();
          count.onsuccess = () => ok(count.result);
        };
      }),
  );
  expect(heads).toBe(1);
  await options.close();
  const page = await openDashboard(context, extensionId);
  const p = bigReport.portfolio;
  const exact = (k: 'mrr' | 'arr', v: number) => formatMetric(k, v, bigReport.currency, LOCALE);
  expect(p.mrr).toBeGreaterThan(100_000_000 * 100);
  const mrr = page.getByTestId('overview').getByTestId('kpi-mrr-value');
  await expect(mrr).toHaveText(/^\$\d+\.\d[MB]$/);
  await expect(mrr).toHaveAttribute('title', exact('mrr', p.mrr));
  const arr = page.getByTestId('overview').getByTestId('kpi-arr-value');
  await expect(arr).toHaveText(/^\$\d+\.\d[MB]$/);
  await expect(arr).toHaveAttribute('title', exact('arr', p.arr));
  // Not cut off: the value fits its tile.
  for (const tile of [mrr, arr]) {
    expect(await tile.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  }
  await page.getByTestId('list-at-risk').waitFor({ timeout: 30_000 });
  await page.screenshot({ path: test.info().outputPath('dashboard-large-money.png'), fullPage: false });
});
