/**
 * Product events the reference server ingested (a Segment export, rolled up by DuckDB) show in
 * the panel with the usage figures the report CLI computes on the dataset `ingest --out` writes
 * from the same config: DAU/WAU/MAU, the 12-week heatmap and feature adoption (issue 29).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzip, identify, segmentLines, type TestEvent, track } from '../../lib/connectors/events/testkit';
import { FIXTURE_ACCOUNTS, FIXTURE_DIR, FIXTURE_PAGES } from '../../lib/demo/crm-fixture-accounts';
import { pct } from '../../lib/format';
import { connectThroughOptions, expect, panelFrame, test } from './fixtures';
import { firstIngestRun, reportCliFigures } from './ingest-kit';
import { type RunningServer, startServer } from './server';

const AS_OF = '2026-10-31';
const fabrikam = FIXTURE_ACCOUNTS.find((a) => a.id === 'acc_fabrikam');
let server: RunningServer;
let dir: string;
let configPath: string;

const dayBefore = (n: number) =>
  new Date(Date.parse(`${AS_OF}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

/** 60 days of three users of Fabrikam (its account id as Segment's `context.groupId`). */
function events(accountId: string): TestEvent[] {
  const out: TestEvent[] = [
    identify('u3', `${dayBefore(59)}T08:00:00Z`, { role: 'admin', email: 'kim@fabrikam.io' }),
  ];
  for (let n = 59; n >= 0; n--) {
    const d = dayBefore(n);
    out.push(track('u1', `${d}T09:00:00Z`, 'Report Created', accountId));
    out.push(track('u1', `${d}T09:10:00Z`, 'Page Viewed', accountId));
    if (n % 2 === 0) out.push(track('u2', `${d}T14:00:00+02:00`, 'Dashboard Viewed', accountId));
    if (n % 3 === 0 && n < 40) out.push(track('u3', `${d}T23:50:00Z`, 'Report Created', accountId));
  }
  return out;
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  if (!fabrikam) throw new Error('fixture changed');
  dir = mkdtempSync(join(tmpdir(), 'healthbar-e2e-events-'));
  mkdirSync(join(dir, 'exports'));
  writeFileSync(join(dir, 'exports', 'segment-1.jsonl.gz'), gzip(segmentLines(events(fabrikam.id))));
  writeFileSync(
    join(dir, 'accounts.json'),
    JSON.stringify({
      schemaVersion: 1,
      currency: 'USD',
      features: [
        { key: 'reports', name: 'Reports' },
        { key: 'dashboards', name: 'Dashboards' },
      ],
      accounts: [
        {
          id: fabrikam.id,
          name: fabrikam.name,
          domains: fabrikam.domains,
          crm: fabrikam.crm,
          seats: 10,
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
      dataThrough: AS_OF,
      sources: [
        { type: 'dataset', path: 'accounts.json' },
        {
          type: 'segment',
          path: 'exports/',
          features: { 'Report Created': 'reports', 'Dashboard Viewed': 'dashboards' },
          championTrait: 'role',
          championValues: ['admin'],
        },
      ],
    }),
  );
  server = await startServer({ accounts: 0, env: { HEALTHBAR_SOURCES: configPath } });
});
test.afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('Segment events the server rolled up show in the panel with the report CLI’s usage figures', async ({
  context,
  extensionId,
}) => {
  test.setTimeout(150_000);
  if (!fabrikam) throw new Error('fixture changed');
  const latest = await firstIngestRun(server, 90_000);
  expect(latest.status).toBe('done');
  expect(latest.sources.map((s) => s.name)).toEqual(['dataset', 'segment']);

  const expected = await reportCliFigures(configPath, dir, fabrikam.id, {});
  // Three users active in the last 30 days; u1 daily, u2 every other day, u3 every third day.
  expect(expected.usage.mau).toBe(3);
  expect(expected.usage.dau).toBeGreaterThan(0);

  await connectThroughOptions(context, extensionId, server);
  const fx = FIXTURE_PAGES.find((p) => p.file === 'zendesk-organization.html');
  if (!fx) throw new Error('fixture');
  await context.route(fx.url, (route) =>
    route.fulfill({ contentType: 'text/html', body: readFileSync(join(FIXTURE_DIR, fx.file), 'utf8') }),
  );
  const page = await context.newPage();
  await page.goto(fx.url);
  const frame = await panelFrame(page);
  await expect(frame.getByTestId('account-name')).toHaveText(fabrikam.name);
  const u = expected.usage;
  await expect(frame.getByRole('img', { name: /Daily, weekly and monthly active users/ })).toHaveAttribute(
    'aria-label',
    new RegExp(`today DAU ${u.dau}, WAU ${u.wau}, MAU ${u.mau}$`),
  );
  const heatmap = frame.getByRole('img', { name: /Daily active users for the 84 days/ });
  const cells = await heatmap.locator('circle title').allTextContents();
  expect(cells).toEqual(u.heatmap.map((v) => `${v} active`));
  const bars = frame.getByRole('list', { name: /Share of active users using each feature/ });
  for (const [key, name] of [
    ['reports', 'Reports'],
    ['dashboards', 'Dashboards'],
  ] as const) {
    await expect(bars.locator('li', { hasText: name }).locator('.hb-bar-value')).toHaveText(
      pct(u.featureAdoption[key], 'en-US', 0),
    );
  }
  await heatmap.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('panel-events.png') });
});
