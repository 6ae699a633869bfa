import { rmSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { DEMO_OWNERS } from '../../lib/demo/catalog';
import { FIXTURE_PAGES } from '../../lib/demo/crm-fixture-accounts';
import { generateDataset } from '../../lib/demo/generate';
import { day } from '../../lib/format';
import { computeReport } from '../../lib/metrics';
import {
  closeWelcomeTab,
  launchWithExtension,
  routeFixturePages,
  serviceWorkerOf,
} from '../../scripts/lib/browser';
import { expect, panelFrame, test } from './fixtures';
import { type RunningServer, startServer } from './server';

/**
 * Outreach (issue 35) in two browser profiles on one reference server: a task started in one
 * profile's panel shows in the other's after a sync; a task written while the first is offline
 * is delivered once when it is back; two people changing two fields of one task both keep theirs.
 * And with a book-scoped token: a task queued offline for an account that meanwhile left the
 * book is refused (403) on reconnect, leaves the queue, and the person is told what to do.
 */
let server: RunningServer;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // A book token for each demo owner (which accounts each owns depends on the demo's as-of day).
  server = await startServer({ accounts: 40, bookOwners: DEMO_OWNERS });
});
test.afterAll(async () => {
  await server?.stop();
});

async function connect(
  context: BrowserContext,
  extensionId: string,
  email: string,
  token = server.token,
): Promise<Page> {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const conn = options.getByRole('region', { name: 'Connection' });
  await conn.getByLabel('API URL').fill(server.url);
  await conn.getByLabel('API token').fill(token);
  await conn.getByRole('button', { name: 'Save' }).click();
  await expect(conn.getByTestId('result')).toContainText('Synced', { timeout: 60_000 });
  const email_ = options.getByLabel(/My email/);
  await email_.fill(email);
  await email_.blur();
  return options;
}

const send = (page: Page, message: unknown) =>
  page.evaluate(
    (m) =>
      (
        globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
      ).chrome.runtime.sendMessage(m),
    message,
  ) as Promise<{ ok: boolean; data?: unknown; error?: string }>;

async function serverTasks(): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let cursor = '';
  for (;;) {
    const u = new URL('/v1/sync', server.url);
    u.searchParams.set('limit', '5000');
    if (cursor) u.searchParams.set('cursor', cursor);
    const r = await fetch(u, { headers: { authorization: `Bearer ${server.token}` } });
    if (r.status !== 200) throw new Error(`sync answered ${r.status}: ${await r.text()}`);
    const page = (await r.json()) as {
      changes: { collection: string; record?: Record<string, unknown> }[];
      nextCursor: string;
      hasMore: boolean;
    };
    for (const c of page.changes) if (c.collection === 'tasks' && c.record) out.push(c.record);
    cursor = page.nextCursor;
    if (!page.hasMore) return out;
  }
}

test('tasks started in one profile reach the other; offline writes are delivered once; two fields changed by two people both stay', async ({
  context,
  extensionId,
  serviceWorker,
}) => {
  test.setTimeout(240_000);
  // A fixture page whose account has a signal.
  const report = computeReport(
    generateDataset({ accounts: server.accounts, seed: 42, asOf: server.asOf }),
    server.asOf,
  );
  const fx = FIXTURE_PAGES.find((p) => {
    const a = report.accounts.find((x) => x.name === p.expectedAccountName);
    return a && a.signals.length > 0;
  });
  if (!fx) throw new Error('no fixture account with a signal');
  const account = report.accounts.find((x) => x.name === fx.expectedAccountName)!;
  const signal = account.signals[0];

  // Profile A: Alice starts outreach on the signal.
  const optionsA = await connect(context, extensionId, 'alice@example.com');
  await routeFixturePages(context);
  const pageA = await context.newPage();
  await pageA.goto(fx.url);
  const frameA = await panelFrame(pageA);
  await frameA.getByTestId(`start-outreach-${signal.id}`).click();
  await expect(frameA.getByText(/^On it: alice@example.com, due /)).toBeVisible();
  await expect(frameA.getByText(/Saved and shared with your team\./)).toBeVisible();
  await expect(frameA.getByTestId('open-tasks')).toContainText('alice@example.com · due');
  await pageA.screenshot({ path: test.info().outputPath('panel-task-started.png') });

  // Profile B: Bob's browser, on the same server, sees it after a sync.
  const b = await launchWithExtension();
  try {
    await routeFixturePages(b.context);
    const swB = await serviceWorkerOf(b.context);
    const idB = new URL(swB.url()).host;
    await closeWelcomeTab(b.context);
    const optionsB = await connect(b.context, idB, 'bob@example.com');
    const pageB = await b.context.newPage();
    await pageB.goto(fx.url);
    const frameB = await panelFrame(pageB);
    await expect(frameB.getByTestId('open-tasks')).toContainText('alice@example.com · due');
    await expect(frameB.getByText(/^On it: alice@example.com/)).toBeVisible();

    // A goes offline (its background cannot reach the server) and writes a task: kept, queued.
    await serviceWorker.evaluate(() => {
      const g = globalThis as unknown as { fetch: typeof fetch; realFetch?: typeof fetch };
      g.realFetch = g.fetch;
      g.fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    });
    const offline = {
      id: 'e2e-offline-task',
      accountId: account.id,
      owner: 'alice@example.com',
      dueOn: server.asOf,
      note: 'written offline',
      status: 'open',
      createdAt: '2026-10-31T10:00:00Z',
      updatedAt: '2026-10-31T10:00:00Z',
    };
    const queued = await send(optionsA, { type: 'task-create', task: offline });
    expect(queued).toEqual({ ok: true, data: { localOnly: false, pending: 1, failed: [] } });
    await expect(frameA.getByTestId('open-tasks')).toContainText('written offline');
    expect((await serverTasks()).some((t) => t.id === offline.id)).toBe(false);
    // Back online: the reconnect sends it, once.
    await serviceWorker.evaluate(() => {
      const g = globalThis as unknown as { fetch: typeof fetch; realFetch?: typeof fetch };
      if (g.realFetch) g.fetch = g.realFetch;
      globalThis.dispatchEvent(new Event('online'));
    });
    await expect
      .poll(async () => (await serverTasks()).filter((t) => t.id === offline.id).length, { timeout: 30_000 })
      .toBe(1);
    expect((await send(optionsA, { type: 'outbox-state' })).data).toEqual({
      localOnly: false,
      pending: 0,
      failed: [],
    });
    expect((await send(optionsA, { type: 'sync-now' })).ok).toBe(true);
    expect((await serverTasks()).filter((t) => t.id === offline.id)).toHaveLength(1);

    // Two people change two fields of the same task at about the same time: both changes stay.
    expect((await send(optionsB, { type: 'sync-now' })).ok).toBe(true);
    const a = await send(optionsA, {
      type: 'task-update',
      id: offline.id,
      patch: { dueOn: '2026-11-20', updatedAt: '2026-10-31T11:00:00Z' },
    });
    const bb = await send(optionsB, {
      type: 'task-update',
      id: offline.id,
      patch: { note: 'called them', updatedAt: '2026-10-31T11:00:01Z' },
    });
    expect(a.ok && bb.ok).toBe(true);
    const merged = (await serverTasks()).find((t) => t.id === offline.id);
    expect(merged).toMatchObject({ dueOn: '2026-11-20', note: 'called them', status: 'open' });
    // After a sync each profile's panel shows the merged task.
    for (const [opts, frame] of [
      [optionsA, frameA],
      [optionsB, frameB],
    ] as const) {
      expect((await send(opts, { type: 'sync-now' })).ok).toBe(true);
      await expect(frame.getByTestId('open-tasks')).toContainText('due 2026-11-20');
      await expect(frame.getByTestId('open-tasks')).toContainText('called them');
    }
    await pageB.screenshot({ path: test.info().outputPath('panel-task-merged.png') });

    // Alice records her judgement; Bob's panel shows it after a sync.
    await frameA.getByTestId('sentiment').getByLabel('Note').fill('worried about the renewal');
    await frameA.getByTestId('sentiment').getByRole('button', { name: 'Poor' }).click();
    await expect(frameA.getByTestId('sentiment-latest')).toContainText('Poor');
    expect((await send(optionsB, { type: 'sync-now' })).ok).toBe(true);
    await expect(frameB.getByTestId('sentiment-latest')).toContainText(
      'alice@example.com — worried about the renewal',
    );
    await frameB.getByTestId('sentiment').screenshot({ path: test.info().outputPath('panel-sentiment.png') });

    // At weight 0 "Why this score" says nothing of sentiment; once the team weights it (Scoring),
    // the component is there with its points and the entry it was read from.
    const why = frameA.getByRole('region', { name: 'Why this score' });
    await expect(why).not.toContainText('sentiment');
    const scoring = optionsA.getByRole('region', { name: 'Scoring' });
    await expect(scoring.getByLabel('CSM sentiment')).toHaveValue('0');
    await expect(scoring).toContainText('At 0, the default, it is left out of the score.');
    await scoring.getByLabel('CSM sentiment').fill('20');
    await scoring.getByRole('button', { name: 'Save scoring' }).click();
    await expect(scoring.getByText(/^Saved\./)).toBeVisible();
    await scoring.screenshot({ path: test.info().outputPath('options-scoring-sentiment.png') });
    expect((await send(optionsA, { type: 'sync-now' })).ok).toBe(true);
    const row = why.locator('tr[data-component="sentiment"]');
    await expect(row).toContainText('CSM sentiment', { timeout: 30_000 });
    // The data runs through yesterday (the score's D): today's entry is not read yet, and it says so.
    await expect(row.getByTestId('sentiment-reason')).toHaveText(
      `No sentiment recorded on or before ${day(server.asOf, true)}`,
    );
    await expect(row.locator('td').nth(2)).toContainText('—');
    // An entry recorded yesterday is read: poor → 0 points, and the reason names it.
    const yesterday = await send(optionsA, {
      type: 'sentiment-record',
      entry: {
        id: 'e2e-sentiment-yesterday',
        accountId: account.id,
        value: 'poor',
        author: 'alice@example.com',
        recordedAt: `${server.asOf}T16:00:00.000Z`,
      },
    });
    expect(yesterday.ok).toBe(true);
    expect((await send(optionsA, { type: 'sync-now' })).ok).toBe(true);
    await expect(row.getByTestId('sentiment-reason')).toHaveText(
      `Poor — recorded by alice@example.com on ${day(server.asOf, true)}`,
    );
    await expect(row.locator('td').nth(0)).toHaveText('0');
    await expect(row.locator('td').nth(1)).toHaveText('20');
    await why.screenshot({ path: test.info().outputPath('panel-why-sentiment.png') });

    // The popup's My tasks (Alice's), overdue first.
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await expect(popup.getByTestId('my-tasks')).toContainText(account.name);
    await popup.screenshot({ path: test.info().outputPath('popup-my-tasks.png'), fullPage: true });

    // The dashboard: open tasks per owner with the overdue ones, and at-risk accounts no one is on.
    const dash = await context.newPage();
    await dash.goto(`chrome-extension://${extensionId}/dashboard.html`);
    const card = dash.getByTestId('outreach');
    await expect(card).toBeVisible({ timeout: 30_000 });
    await expect(card.getByTestId('tasks-per-owner')).toContainText('alice@example.com');
    await expect(card).toContainText('2 open tasks, 1 overdue.');
    await expect(card).toContainText('No one on it (');
    await card.screenshot({ path: test.info().outputPath('dashboard-outreach.png') });
  } finally {
    await b.context.close();
    rmSync(b.userDataDir, { recursive: true, force: true });
  }
});

test('a task queued offline for an account that has left the book is refused (403) on reconnect: out of the queue, and the person is told what to do', async ({
  context,
  extensionId,
  serviceWorker,
}) => {
  test.setTimeout(180_000);
  const ds = generateDataset({ accounts: server.accounts, seed: 42, asOf: server.asOf });
  const report = computeReport(ds, server.asOf);
  // A fixture page whose account has a signal and an owner with a book token, other than the
  // account the first test starts outreach on (the first such page).
  const withSignal = FIXTURE_PAGES.filter((p) =>
    report.accounts.some((x) => x.name === p.expectedAccountName && x.signals.length > 0),
  );
  const fx = withSignal.find((p) => {
    const a = report.accounts.find((x) => x.name === p.expectedAccountName);
    return (
      p.expectedAccountName !== withSignal[0]?.expectedAccountName &&
      a?.owner &&
      server.bookTokens[a.owner.toLowerCase()]
    );
  });
  if (!fx) throw new Error('no fixture account with a signal and an owner');
  const account = report.accounts.find((x) => x.name === fx.expectedAccountName)!;
  const owner = account.owner!.toLowerCase();
  const other = ds.accounts.map((a) => a.owner?.toLowerCase()).find((o) => o && o !== owner)!;
  const signal = account.signals[0];

  // The owner connects with a token scoped to their book and opens the account's record.
  const options = await connect(context, extensionId, owner, server.bookTokens[owner]);
  await routeFixturePages(context);
  const page = await context.newPage();
  await page.goto(fx.url);
  const frame = await panelFrame(page);
  await expect(frame.getByTestId('account-name')).toHaveText(account.name);

  // Offline, they start outreach: kept here and queued.
  await serviceWorker.evaluate(() => {
    const g = globalThis as unknown as { fetch: typeof fetch; realFetch?: typeof fetch };
    g.realFetch = g.fetch;
    g.fetch = () => Promise.reject(new TypeError('Failed to fetch'));
  });
  await frame.getByTestId(`start-outreach-${signal.id}`).click();
  await expect(frame.getByText(/it will be sent to your team when the server can be reached/)).toBeVisible();
  await expect(frame.getByTestId('open-tasks')).toContainText(`${owner} · due`);

  // Meanwhile the account moves to another owner's book (a workspace import).
  const moved = ds.accounts.find((a) => a.id === account.id)!;
  const res = await fetch(new URL('v1/import', server.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      schemaVersion: 1,
      currency: ds.currency,
      accounts: [{ ...moved, owner: other, updatedAt: new Date().toISOString() }],
    }),
  });
  expect(res.status, await res.text()).toBe(200);

  // Back online: the server refuses the task (403); it leaves the queue and is not retried.
  await serviceWorker.evaluate(() => {
    const g = globalThis as unknown as { fetch: typeof fetch; realFetch?: typeof fetch };
    if (g.realFetch) g.fetch = g.realFetch;
    globalThis.dispatchEvent(new Event('online'));
  });
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  const notice = popup.getByTestId('my-tasks').getByTestId('refused');
  await expect(notice).toContainText('The server refused your task (due ', { timeout: 30_000 });
  await expect(notice).toContainText(
    `on ${account.name}: the account is not in your book on the server (it may have moved to another owner). It was removed from this browser.`,
  );
  await expect(notice).toContainText('ask its owner to take it on');
  expect((await send(options, { type: 'outbox-state' })).data).toEqual({
    localOnly: false,
    pending: 0,
    failed: [],
  });
  expect((await serverTasks()).filter((t) => t.accountId === account.id && t.owner === owner)).toEqual([]);
  // The refused task is no longer listed as open.
  await expect(popup.getByTestId('my-tasks')).toContainText('No open task.');
  await popup.screenshot({ path: test.info().outputPath('popup-task-refused.png'), fullPage: true });

  // Read: dismissed, it goes; after a sync the account is no longer in the book.
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(popup.getByTestId('refused')).toHaveCount(0);
  expect((await send(options, { type: 'sync-now' })).ok).toBe(true);
  await popup.reload();
  await expect(popup.getByTestId('popup-scope')).toBeVisible();
  await expect(popup.locator('body')).not.toContainText(account.name);
});
