import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_PAGES } from '../../lib/demo/crm-fixture-accounts';
import { generateDataset } from '../../lib/demo/generate';
import { money } from '../../lib/format';
import { computeReport } from '../../lib/metrics';
import { expect, importThroughOptions, panelFrame, routeFixturePages, test } from './fixtures';

/**
 * Account status in the in-CRM panel (issue 33): the demo dataset with the HubSpot company page's
 * account churned in October 2026 (its October revenue row removed) and the HubSpot deal page's
 * account given a renewal date long past.
 */
const AS_OF = '2026-10-31';
const base = generateDataset({ accounts: 60, seed: 7, asOf: AS_OF });
const companyPage = FIXTURE_PAGES.find((f) => f.file === 'hubspot-company.html');
const dealPage = FIXTURE_PAGES.find((f) => f.file === 'hubspot-deal.html');
if (!companyPage?.expectedAccountName || !dealPage?.expectedAccountName)
  throw new Error('fixture pages changed');
const goneName = companyPage.expectedAccountName;
const staleName = dealPage.expectedAccountName;
const idOf = (name: string) => base.accounts.find((a) => a.name === name)?.id as string;
const goneId = idOf(goneName);
const staleId = idOf(staleName);
const dataset = {
  ...base,
  revenue: base.revenue.filter((r) => !(r.accountId === goneId && r.month === '2026-10')),
  accounts: base.accounts.map((a) => (a.id === staleId ? { ...a, renewsOn: '2025-01-01' } : a)),
};
const report = computeReport(dataset, AS_OF);
const gone = report.accounts.find((a) => a.id === goneId);
const datasetFile = join(tmpdir(), `healthbar-e2e-status-${process.pid}.json`);
writeFileSync(datasetFile, JSON.stringify(dataset));

test('a churned account says when it churned; a past renewal date asks for an update in the CRM', async ({
  context,
  extensionId,
}) => {
  test.setTimeout(120_000);
  expect(gone?.status).toBe('churned');
  expect(gone?.churnedIn).toBe('2026-10');
  const options = await importThroughOptions(
    context,
    extensionId,
    datasetFile,
    `Imported ${dataset.accounts.length} accounts`,
  );
  await options.close();
  await routeFixturePages(context);
  const page = await context.newPage();

  await page.goto(companyPage.url);
  let frame = await panelFrame(page);
  await expect(frame.getByTestId('account-name')).toHaveText(goneName, {
    timeout: 20_000,
  });
  await expect(frame.getByTestId('churned')).toHaveText(
    `Churned in October 2026 — last MRR ${money(gone?.lastMrr, dataset.currency)}`,
  );
  await frame.getByTestId('churned').scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('panel-churned.png') });

  await page.goto(dealPage.url);
  frame = await panelFrame(page);
  await expect(frame.getByTestId('account-name')).toHaveText(staleName, {
    timeout: 20_000,
  });
  const renewal = frame.locator('.hb-metric', { hasText: /^Renewal/ }).locator('dd');
  await expect(renewal).toHaveText('renewal date passed on 1 Jan 2025 — update it in the CRM');
  await renewal.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('panel-renewal-passed.png') });
});
