import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_PAGES } from '../../lib/demo/crm-fixture-accounts';
import { generateDataset } from '../../lib/demo/generate';
import { day } from '../../lib/format';
import { computeReport, DEFAULT_SETTINGS } from '../../lib/metrics';
import { COMPONENT_TITLES } from '../../lib/metrics/types';
import { expect, importThroughOptions, panelFrame, routeFixturePages, test } from './fixtures';

/**
 * Score history in the in-CRM panel (issue 33): one click on the score opens the weekly line and
 * the change list, with the figures the report CLI gives (`report --history`).
 */
const AS_OF = '2026-10-31';
const dataset = generateDataset({ accounts: 60, seed: 11, asOf: AS_OF });
const page0 = FIXTURE_PAGES.find((f) => f.file === 'hubspot-company.html');
if (!page0?.expectedAccountName) throw new Error('fixture pages changed');
const name = page0.expectedAccountName;
const report = computeReport(dataset, AS_OF, DEFAULT_SETTINGS, { history: true });
const account = report.accounts.find((a) => a.name === name);
const datasetFile = join(tmpdir(), `healthbar-e2e-history-${process.pid}.json`);
writeFileSync(datasetFile, JSON.stringify(dataset));

test('one click on the score shows how the health moved week by week and why', async ({
  context,
  extensionId,
}) => {
  test.setTimeout(120_000);
  const history = account?.healthHistory ?? [];
  expect(history).toHaveLength(26);
  const options = await importThroughOptions(
    context,
    extensionId,
    datasetFile,
    `Imported ${dataset.accounts.length} accounts`,
  );
  await options.close();
  await routeFixturePages(context);
  const page = await context.newPage();
  await page.goto(page0.url);
  const frame = await panelFrame(page);
  await expect(frame.getByTestId('account-name')).toHaveText(name, { timeout: 20_000 });

  await frame.getByTitle('Show the score history (26 weeks)').click();
  const chart = frame.getByTestId('history-chart');
  const known = history.filter((e) => e.score !== null);
  const first = known[0];
  const last = known[known.length - 1];
  await expect(chart.getByRole('img')).toHaveAttribute(
    'aria-label',
    `Health score, weekly over 26 weeks: ${Math.round(first.score ?? 0)} on ${day(first.date)}, ${Math.round(last.score ?? 0)} on ${day(last.date)}.`,
  );
  await expect(chart.locator('circle')).toHaveCount(known.length);
  // The newest week with a change leads the list, with the component that moved most.
  const changed = [...history].reverse().find((e) => e.change !== null && e.change.component !== null);
  if (changed?.change?.component) {
    const week = frame.locator(`[data-testid="history-week"][data-date="${changed.date}"]`);
    await expect(week).toContainText(`${COMPONENT_TITLES[changed.change.component]} moved most`);
  }
  await chart.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('panel-history.png') });
});
