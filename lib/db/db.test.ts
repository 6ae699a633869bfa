import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDataset } from '../dataset/parse';
import { type Dataset, recordKey } from '../dataset/schema';
import { computeReport, DEFAULT_SETTINGS } from '../metrics';
import { accountHistory, accountView, effectiveAsOf } from './account-view';
import { exportDataset } from './apply';
import { type HealthbarDB, openDb } from './db';
import { importDataset } from './import';

const days = (from: string, n: number) => {
  const out: string[] = [];
  const d = new Date(`${from}T00:00:00Z`);
  for (let i = 0; i < n; i++) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
};

/** A small but complete dataset: two accounts with usage, revenue, users, tickets, surveys. */
function dataset(): Dataset {
  const usage = ['a1', 'a2'].flatMap((accountId, k) =>
    days('2026-08-01', 92).map((date, i) => ({
      accountId,
      date,
      dau: (i % 7) + 1 + k * 3,
      wau: 10 + k,
      mau: 20 + k,
      minutes: 30.5 * (i % 3),
      sessions: i % 5,
    })),
  );
  const raw = {
    schemaVersion: 1,
    currency: 'EUR',
    generatedAt: '2026-10-31T23:00:00Z',
    dataThrough: '2026-10-31',
    plans: [{ id: 'pro', name: 'Pro', tier: 2, seatLimit: 50, features: ['reports', 'api'] }],
    features: [
      { key: 'reports', name: 'Reports' },
      { key: 'api', name: 'API', minTier: 2 },
    ],
    milestones: [
      { key: 'setup', name: 'Set up', order: 1, firstValue: true },
      { key: 'invite', name: 'Invite team', order: 2, firstValue: false },
    ],
    accounts: [
      {
        id: 'a2',
        name: 'Globex GmbH',
        domains: ['globex.de', 'WWW.Globex.com'],
        crm: { salesforceAccountId: '001Dn00000AbCdEIAV' },
        planId: 'pro',
        seats: 25,
        segment: 'enterprise',
        owner: 'kim@healthbar.dev',
        startedOn: '2025-01-10',
        renewsOn: '2026-12-15',
        milestones: { setup: '2025-01-20' },
        updatedAt: '2026-10-30T10:00:00Z',
      },
      {
        id: 'a1',
        name: 'Acme Inc.',
        domains: ['acme.com'],
        crm: { hubspotCompanyId: '2', zendeskOrganizationId: '77' },
        seats: 10,
        acquisitionCost: 0,
        updatedAt: '2026-10-30T10:00:00Z',
      },
    ],
    revenue: [
      ...['2025-10', '2026-08', '2026-09', '2026-10'].map((month, i) => ({
        accountId: 'a1',
        month,
        mrr: 10000 + i * 500,
      })),
      { accountId: 'a2', month: '2026-10', mrr: 90000 },
      { accountId: 'ghost', month: '2026-10', mrr: 5 },
    ],
    usage,
    users: [
      {
        accountId: 'a1',
        id: 'u1',
        email: 'x@acme.com',
        champion: true,
        lastSeenOn: '2026-09-01',
        features: { reports: '2026-10-20' },
      },
      {
        accountId: 'a2',
        id: 'u2',
        champion: false,
        lastSeenOn: '2026-10-30',
        features: { reports: '2026-10-29', api: '2026-10-01' },
      },
    ],
    tickets: [
      {
        id: 't1',
        accountId: 'a1',
        openedAt: '2026-10-20T09:00:00Z',
        firstResponseAt: '2026-10-20T11:30:00Z',
        priority: 'urgent',
        status: 'open',
        subject: 'Login <b>broken</b>',
      },
    ],
    surveys: [
      { id: 's1', accountId: 'a1', respondedOn: '2026-10-02', kind: 'nps', score: 3, comment: 'Too slow' },
      { id: 's2', accountId: 'a2', respondedOn: '2026-10-03', kind: 'csat', score: 5 },
    ],
    deals: [
      {
        id: 'hubspot:9',
        accountId: 'a1',
        name: 'Acme renewal',
        amount: 120000,
        stage: 'contractsent',
        createdOn: '2026-09-01',
      },
      {
        id: 'salesforce:006A',
        accountId: 'a2',
        amount: 50000,
        stage: 'Closed Won',
        createdOn: '2026-03-01',
        closedOn: '2026-04-30',
        won: true,
      },
      {
        id: 'salesforce:006B',
        accountId: 'a2',
        amount: 0,
        stage: 'Closed Lost',
        createdOn: '2026-05-01',
        closedOn: '2026-06-30',
        won: false,
      },
    ],
  };
  const r = parseDataset(raw);
  if (!r.ok) throw new Error(r.error.message);
  return r.dataset;
}

const sortByKey = (ds: Dataset) => {
  const out = { ...ds } as Record<string, unknown>;
  for (const c of [
    'plans',
    'features',
    'milestones',
    'revenue',
    'usage',
    'users',
    'tickets',
    'surveys',
    'deals',
  ] as const) {
    out[c] = [...(ds[c] ?? [])].sort((a, b) =>
      recordKey(c, a as never) < recordKey(c, b as never) ? -1 : 1,
    );
  }
  return out;
};

let db: HealthbarDB;
let n = 0;
beforeEach(() => {
  db = openDb({ name: `db-test-${n++}` });
});
afterEach(() => db.close());

describe('import and export', () => {
  it('round-trips every contract field (import → export → import gives the same records and report)', async () => {
    const ds = dataset();
    const summary = await importDataset(
      db,
      ds,
      { rejected: [], replaced: [] },
      new Date('2026-11-01T00:00:00Z'),
    );
    expect(summary.accounts).toBe(2);
    const out = await exportDataset(db);
    expect(out).not.toBeNull();
    // Accounts keep dataset order; the other collections are sets.
    expect(out?.accounts).toEqual(ds.accounts);
    expect(sortByKey(out as Dataset)).toEqual(sortByKey(ds));
    const again = parseDataset(JSON.parse(JSON.stringify(out)));
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    expect(again.dataset.deals).toHaveLength(3);
    const report = computeReport(again.dataset, '2026-10-31');
    expect(report).toEqual(computeReport(ds, '2026-10-31'));
    expect(report.portfolio).toMatchObject({ pipelineValue: 120000, winRate: 0.5, avgDealSize: 50000 });
  });

  it('an import replaces the whole cache, and a failing import keeps the previous one', async () => {
    await importDataset(db, dataset(), { rejected: [], replaced: [] }, new Date());
    const before = await exportDataset(db);
    const bad = { ...dataset(), accounts: [{ broken: true }] } as unknown as Dataset;
    await expect(importDataset(db, bad, { rejected: [], replaced: [] }, new Date())).rejects.toThrow();
    expect(await exportDataset(db)).toEqual(before);
  });

  it('an import over an imported cache keeps the tasks and sentiment recorded in this browser', async () => {
    await importDataset(db, dataset(), { rejected: [], replaced: [] }, new Date());
    const task = {
      id: 'local-task',
      accountId: 'a1',
      owner: 'kim@healthbar.dev',
      dueOn: '2026-11-10',
      status: 'open' as const,
      createdAt: '2026-11-03T10:00:00Z',
      updatedAt: '2026-11-03T10:00:00Z',
    };
    const mood = {
      id: 'local-mood',
      accountId: 'a2',
      value: 'poor' as const,
      recordedAt: '2026-11-03T10:00:00Z',
    };
    await db.tasks.put(task);
    await db.sentiment.put(mood);
    // The new file carries a task of its own and a newer version of the local sentiment entry.
    const next = {
      ...dataset(),
      tasks: [{ ...task, id: 'file-task' }],
      sentiment: [{ ...mood, value: 'good' as const }],
    };
    const summary = await importDataset(db, next, { rejected: [], replaced: [] }, new Date());
    expect(summary.keptLocal).toBe(1);
    expect((await db.tasks.toArray()).map((t) => t.id).sort()).toEqual(['file-task', 'local-task']);
    expect(await db.sentiment.toArray()).toEqual([{ ...mood, value: 'good' }]);
  });

  it("an import over a synced cache does not carry the server's tasks over", async () => {
    await importDataset(db, dataset(), { rejected: [], replaced: [] }, new Date());
    await db.meta.update('dataset', { source: 'sync' });
    await db.tasks.put({
      id: 'server-task',
      accountId: 'a1',
      owner: 'kim@healthbar.dev',
      dueOn: '2026-11-10',
      status: 'open',
      createdAt: '2026-11-03T10:00:00Z',
      updatedAt: '2026-11-03T10:00:00Z',
    });
    const summary = await importDataset(db, dataset(), { rejected: [], replaced: [] }, new Date());
    expect(summary.keptLocal).toBe(0);
    expect(await db.tasks.count()).toBe(0);
  });

  it('stores derived look-up keys for the resolver', async () => {
    await importDataset(db, dataset(), { rejected: [], replaced: [] }, new Date());
    const a2 = await db.accounts.get('a2');
    expect(a2?._sf15).toBe('001Dn00000AbCdE');
    expect(a2?._domains).toEqual(['globex.de', 'globex.com']);
    expect(await db.accounts.where('_domains').equals('globex.com').primaryKeys()).toEqual(['a2']);
    expect(await db.accounts.where('crm.hubspotCompanyId').equals('2').primaryKeys()).toEqual(['a1']);
  });
});

describe('account view', () => {
  it('gives the same numbers as the report on the whole dataset', async () => {
    const ds = dataset();
    await importDataset(db, ds, { rejected: [], replaced: [] }, new Date());
    const full = computeReport(ds, '2026-10-31', DEFAULT_SETTINGS);
    for (const id of ['a1', 'a2']) {
      const v = await accountView(db, id, '2026-11-23', DEFAULT_SETTINGS);
      expect(v?.asOf).toBe('2026-10-31');
      expect(v?.report).toEqual(full.accounts.find((a) => a.id === id));
    }
  });

  it('gives the score history of report --history (earlier weeks with the context of their month)', async () => {
    const ds = dataset();
    await importDataset(db, ds, { rejected: [], replaced: [] }, new Date());
    const full = computeReport(ds, '2026-10-31', DEFAULT_SETTINGS, { history: true });
    for (const id of ['a1', 'a2']) {
      const h = await accountHistory(db, id, '2026-11-23', DEFAULT_SETTINGS);
      expect(h?.asOf).toBe('2026-10-31');
      expect(h?.bands).toEqual(DEFAULT_SETTINGS.bands);
      expect(h?.history).toEqual(full.accounts.find((a) => a.id === id)?.healthHistory);
    }
    // a2 (enterprise) pays from October only: no enterprise median before, so no plan-headroom.
    const a2 = await accountHistory(db, 'a2', '2026-11-23', DEFAULT_SETTINGS);
    expect(a2?.history.some((e) => e.change?.signalsAppeared.includes('plan-headroom'))).toBe(false);
    expect(await accountHistory(db, 'nope', '2026-11-23', DEFAULT_SETTINGS)).toBeNull();
  });

  it('uses the workspace context for a book-scoped cache', async () => {
    const ds = dataset();
    // Hold only a1 (as a book would), with the context of the whole workspace.
    const book: Dataset = {
      ...ds,
      accounts: ds.accounts.filter((a) => a.id === 'a1'),
      tickets: [],
      revenue: ds.revenue.filter((r) => r.accountId === 'a1'),
      usage: ds.usage.filter((r) => r.accountId === 'a1'),
      users: ds.users.filter((r) => r.accountId === 'a1'),
      surveys: ds.surveys.filter((r) => r.accountId === 'a1'),
    };
    await importDataset(db, book, { rejected: [], replaced: [] }, new Date());
    const full = computeReport(ds, '2026-10-31').accounts.find((a) => a.id === 'a1');
    const ctxFull = (await import('../metrics')).computeWorkspaceContext(ds, '2026-10-31');
    await db.meta.update('dataset', { context: ctxFull });
    const v = await accountView(db, 'a1', '2026-11-23', DEFAULT_SETTINGS);
    expect(v?.contextSource).toBe('sync');
    expect(v?.report.ltv).toEqual(full?.ltv);
    expect(v?.report.health).toEqual(full?.health);
  });

  it('without dataThrough, is as of the latest usage day in the cache', async () => {
    const { dataThrough: _omit, ...rest } = dataset();
    await importDataset(db, rest, { rejected: [], replaced: [] }, new Date());
    const v = await accountView(db, 'a1', '2026-11-23', DEFAULT_SETTINGS);
    expect(v?.asOf).toBe('2026-10-31');
    expect(v?.report).toEqual(computeReport(rest, '2026-10-31').accounts.find((a) => a.id === 'a1'));
  });

  it('is null for an unknown account or an empty cache', async () => {
    expect(await accountView(db, 'a1', '2026-11-23', DEFAULT_SETTINGS)).toBeNull();
    await importDataset(db, dataset(), { rejected: [], replaced: [] }, new Date());
    expect(await accountView(db, 'nope', '2026-11-23', DEFAULT_SETTINGS)).toBeNull();
  });

  it("gives the account's open pipeline and won deals; null when the cache holds no deal", async () => {
    await importDataset(db, dataset(), { rejected: [], replaced: [] }, new Date());
    const a1 = await accountView(db, 'a1', '2026-11-23', DEFAULT_SETTINGS);
    expect(a1?.pipeline).toEqual({
      open: [
        {
          id: 'hubspot:9',
          accountId: 'a1',
          name: 'Acme renewal',
          stage: 'contractsent',
          amount: 120000,
          createdOn: '2026-09-01',
        },
      ],
      openAmount: 120000,
      wonCount: 0,
      wonAmount: 0,
      lostCount: 0,
    });
    const a2 = await accountView(db, 'a2', '2026-11-23', DEFAULT_SETTINGS);
    expect(a2?.pipeline).toMatchObject({
      open: [],
      openAmount: 0,
      wonCount: 1,
      wonAmount: 50000,
      lostCount: 1,
    });
    // A cache without deals: nothing to say, not a 0 pipeline.
    await importDataset(db, { ...dataset(), deals: [] }, { rejected: [], replaced: [] }, new Date());
    expect((await accountView(db, 'a1', '2026-11-23', DEFAULT_SETTINGS))?.pipeline).toBeNull();
  });

  it('shows the latest survey comments, newest first, and nothing after the as-of day', async () => {
    await importDataset(db, dataset(), { rejected: [], replaced: [] }, new Date());
    const v = await accountView(db, 'a1', '2026-11-23', DEFAULT_SETTINGS);
    expect(v?.comments).toEqual([{ respondedOn: '2026-10-02', kind: 'nps', score: 3, comment: 'Too slow' }]);
  });
});

describe('effectiveAsOf', () => {
  it('is min(dataThrough, today), with the latest usage day standing in for dataThrough', () => {
    expect(effectiveAsOf('2026-10-31', undefined, '2026-11-23')).toBe('2026-10-31');
    expect(effectiveAsOf('2026-12-31', undefined, '2026-11-23')).toBe('2026-11-23');
    expect(effectiveAsOf(undefined, '2026-10-15', '2026-11-23')).toBe('2026-10-15');
    expect(effectiveAsOf(undefined, undefined, '2026-11-23')).toBe('2026-11-23');
  });
});
