import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { FIXTURE_PAGES } from '../../lib/demo/crm-fixture-accounts';
import { generateDataset } from '../../lib/demo/generate';
import { money } from '../../lib/format';
import { BAND_LABELS, computeReport } from '../../lib/metrics';
import { SIGNAL_NAMES } from '../../lib/metrics/types';
import { expect, panelFrame, routeFixturePages, test } from './fixtures';

/**
 * The success review (issue 36) in real Chromium: from the panel of a HubSpot company page, the
 * "Success review" link opens the customer version for the last full quarter; it is printed to
 * PDF (`page.pdf()`), the PDF's pages are turned into PNGs with poppler's `pdftoppm` (Debian
 * `poppler-utils`) and its text read with `pdftotext`: every page carries the workspace name and
 * the period, and the customer version holds none of the internal fields. The internal prep adds
 * them on a page of its own.
 */
const AS_OF = '2026-10-31';
const dataset = generateDataset({ accounts: 60, seed: 7, asOf: AS_OF });
const companyPage = FIXTURE_PAGES.find((f) => f.file === 'hubspot-company.html');
if (!companyPage?.expectedAccountName) throw new Error('fixture pages changed');
const account = dataset.accounts.find((a) => a.name === companyPage.expectedAccountName);
if (!account) throw new Error('fixture account missing from the demo dataset');
const report = computeReport(dataset, AS_OF).accounts.find((a) => a.id === account.id);
const datasetFile = join(tmpdir(), `healthbar-e2e-review-${process.pid}.json`);
writeFileSync(datasetFile, JSON.stringify(dataset));
const WORKSPACE = 'Contoso Customer Success';
const feature = dataset.features?.[0];

/** The PDF's text, page by page (pdftotext; form feeds separate pages). */
function pdfPages(file: string): string[] {
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  return text.split('\f').filter((p) => p.trim().length > 0);
}

/** PNGs of the PDF's pages, for a person (and the test's attachments) to look at. */
function pngsOf(file: string, prefix: string): string[] {
  execFileSync('pdftoppm', ['-png', '-r', '70', file, prefix]);
  const dir = join(prefix, '..');
  const base = prefix.slice(dir.length + 1);
  return readdirSync(dir)
    .filter((f) => f.startsWith(base) && f.endsWith('.png'))
    .sort()
    .map((f) => join(dir, f));
}

async function printed(page: Page, name: string) {
  const pdf = test.info().outputPath(`${name}.pdf`);
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  const pngs = pngsOf(pdf, test.info().outputPath(name));
  return { pdf, pages: pdfPages(pdf), pngs };
}

test('a CSM opens the success review from the panel and saves the customer version as PDF', async ({
  context,
  extensionId,
  serviceWorker,
}) => {
  test.setTimeout(150_000);
  expect(report?.signals.length).toBeGreaterThan(0);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByLabel('Dataset files').setInputFiles(datasetFile);
  await expect(options.getByTestId('result')).toContainText(`Imported ${dataset.accounts.length} accounts`, {
    timeout: 30_000,
  });
  await options.close();
  // The workspace's review settings (local:review), as the review page's editor saves them.
  await serviceWorker.evaluate(
    ([name, key]) =>
      (
        globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }
      ).chrome.storage.local.set({
        review: {
          workspaceName: name,
          valueStatements: [
            { id: 'v1', basis: 'feature', featureKey: key, unit: 'report created', minutesPerUse: 30 },
            { id: 'v2', basis: 'session', featureKey: '', unit: 'session', minutesPerUse: 4 },
          ],
        },
      }),
    [WORKSPACE, feature?.key ?? ''] as const,
  );

  await routeFixturePages(context);
  const crm = await context.newPage();
  await crm.goto(companyPage.url);
  const frame = await panelFrame(crm);
  await expect(frame.getByTestId('account-name')).toHaveText(account.name, { timeout: 20_000 });
  await frame.getByTestId('review-link').scrollIntoViewIfNeeded();
  await crm.screenshot({ path: test.info().outputPath('panel-link.png') });
  const [review] = await Promise.all([
    context.waitForEvent('page'),
    frame.getByTestId('review-link').click(),
  ]);
  await review.waitForLoadState();
  expect(new URL(review.url()).pathname).toBe('/review.html');
  expect(new URL(review.url()).searchParams.get('account')).toBe(account.id);
  await expect(review.getByTestId('review-period')).toContainText('Q3 2026', { timeout: 20_000 });
  await expect(review.getByTestId('review-title')).toHaveText(account.name);
  await review.screenshot({ path: test.info().outputPath('review-screen.png'), fullPage: true });

  const locale = await review.evaluate(() => navigator.language);
  const internalNeedles = [
    'Health',
    ...Object.values(BAND_LABELS),
    // A signal as the internal prep names it ("Promoter" alone is NPS vocabulary the customer reads).
    ...(report?.signals ?? []).flatMap((s) => [
      `${SIGNAL_NAMES[s.id]} (${s.severity})`,
      s.evidence,
      s.action,
    ]),
    'MRR',
    'ARR',
    money(report?.mrr, dataset.currency, locale),
    'Renewal',
    'Risks',
    'Internal prep',
    report?.owner ?? '',
  ].filter(Boolean);
  // What the page shows (its document, the toolbar aside) holds none of them …
  const shown = (await review.getByTestId('review-doc').textContent()) ?? '';
  for (const n of internalNeedles) expect(shown, n).not.toContain(n);

  // … and neither does the PDF, whose every page says the workspace and the period.
  const customer = await printed(review, 'customer');
  expect(customer.pages).toHaveLength(4);
  expect(customer.pngs).toHaveLength(4);
  for (const [i, text] of customer.pages.entries()) {
    expect(text, `page ${i + 1}`).toContain(WORKSPACE);
    expect(text, `page ${i + 1}`).toContain('Q3 2026');
  }
  // Labels print in capitals (CSS text-transform), so the PDF's text is compared in lower case.
  const all = customer.pages.join('\n').toLowerCase();
  for (const n of internalNeedles) expect(all, n).not.toContain(n.toLowerCase());
  expect(all).toContain('hours saved');
  expect(all).toContain('net promoter score');
  // The toolbar (version, period, Save as PDF) is not printed.
  expect(all).not.toContain('Save as PDF');

  // The internal prep: the same pages and one more with the health, risks, renewal and MRR.
  await review.goto(
    `chrome-extension://${extensionId}/review.html?account=${encodeURIComponent(account.id)}&version=internal&paper=letter`,
  );
  await expect(review.locator('[data-section="internal"]')).toBeVisible({ timeout: 20_000 });
  await expect(review.getByTestId('health-history')).toBeAttached({ timeout: 20_000 });
  await expect(review.getByRole('img', { name: /^Health score, weekly/ })).toBeVisible();
  const internal = await printed(review, 'internal');
  // The customer's four pages, then the prep (one page, or two with a long list of signals).
  expect(internal.pages.length).toBeGreaterThanOrEqual(5);
  expect(internal.pages.slice(0, 4).join('')).not.toContain('Internal prep');
  const prep = internal.pages.slice(4).join('\n');
  expect(prep).toContain('Internal prep');
  expect(prep).toContain('MRR');
  expect(prep).toContain('HEALTH SCORE');
  expect(prep).toContain(money(report?.mrr, dataset.currency, locale));
  expect(prep).toContain(report?.health.label ?? '');

  // Any two dates, from the address.
  await review.goto(
    `chrome-extension://${extensionId}/review.html?account=${encodeURIComponent(account.id)}&from=2026-08-01&to=2026-10-31`,
  );
  await expect(review.getByTestId('review-doc')).toHaveAttribute('data-period', '2026-08-01/2026-10-31');
});
