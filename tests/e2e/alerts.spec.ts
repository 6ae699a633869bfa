import { generateDataset } from '../../lib/demo/generate';
import { computeReport } from '../../lib/metrics';
import { connectThroughOptions, expect, test } from './fixtures';
import { type RunningServer, startServer } from './server';

/**
 * Alerts (issue 34) in real Chromium against the reference server: the first sync is a baseline;
 * a sync that drops an account's band sets the toolbar badge and adds a "What changed" entry in
 * the popup; looking at the popup clears the badge; the `notifications` permission is optional
 * and asked for from the options page only.
 */
let server: RunningServer;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startServer({ accounts: 40 });
});
test.afterAll(async () => {
  await server?.stop();
});

test('a band drop after a sync sets the badge and the popup entry; reading the popup clears it', async ({
  context,
  extensionId,
  serviceWorker,
}) => {
  test.setTimeout(180_000);
  const badge = () =>
    serviceWorker.evaluate(() =>
      (
        globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string> } } }
      ).chrome.action.getBadgeText({}),
    );
  const granted = () =>
    serviceWorker.evaluate(() =>
      (
        globalThis as unknown as { chrome: { permissions: { contains(p: object): Promise<boolean> } } }
      ).chrome.permissions.contains({ permissions: ['notifications'] }),
    );

  // The server's data, and an active healthy account that three NPS 0 answers turn at risk.
  const base = generateDataset({ accounts: server.accounts, seed: 42, asOf: server.asOf });
  const before = computeReport(base, server.asOf);
  const day = (n: number) =>
    new Date(Date.parse(`${server.asOf}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
  const answers = (id: string) =>
    [1, 2, 3].map((n) => ({
      id: `e2e-alert-${id}-${n}`,
      accountId: id,
      respondedOn: day(n),
      kind: 'nps',
      score: 0,
    }));
  const target = before.accounts.find((a) => {
    if (a.status !== 'active' || a.health.band !== 'green') return false;
    const after = computeReport(
      { ...base, surveys: [...base.surveys, ...(answers(a.id) as typeof base.surveys)] },
      server.asOf,
    );
    return after.accounts.find((b) => b.id === a.id)?.health.band !== 'green';
  });
  if (!target) throw new Error('no account in the seeded data drops band with three detractors');

  const options = await connectThroughOptions(context, extensionId, server);
  // First sync after setup: a baseline, no alert.
  await expect.poll(badge).toBe('');

  const account = base.accounts.find((a) => a.id === target.id);
  const res = await fetch(new URL('v1/import', server.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      schemaVersion: 1,
      currency: base.currency,
      accounts: [account],
      surveys: answers(target.id),
    }),
  });
  expect(res.status, await res.text()).toBe(200);

  await options.getByRole('region', { name: 'Sync' }).getByRole('button', { name: 'Sync now' }).click();
  await expect.poll(badge, { timeout: 60_000 }).not.toBe('');
  const count = Number(await badge());
  expect(count).toBeGreaterThanOrEqual(1);

  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  const changed = popup.getByTestId('popup-alerts');
  await expect(changed.getByTestId('alert')).toHaveCount(count);
  await expect(changed.locator('[data-kind="band-drop"]')).toContainText(
    `${target.name} dropped from Healthy to`,
  );
  await popup.screenshot({ path: test.info().outputPath('popup-what-changed.png'), fullPage: true });
  await expect.poll(badge).toBe('');

  // Notifications: never granted by a sync; asked for from the options page when turned on.
  expect(await granted()).toBe(false);
  await options.evaluate(() => {
    const w = window as unknown as {
      asked?: unknown;
      chrome: { permissions: { request(p: unknown): Promise<boolean> } };
    };
    w.chrome.permissions.request = async (p: unknown) => {
      w.asked = p;
      return true;
    };
  });
  const card = options.getByRole('region', { name: 'Alerts' });
  await card.getByRole('checkbox', { name: /browser notification/ }).check();
  await expect(card).toContainText('one notification per sync');
  expect(await options.evaluate(() => (window as unknown as { asked?: unknown }).asked)).toEqual({
    permissions: ['notifications'],
  });
});
