// @vitest-environment happy-dom
/**
 * The background's pass after a sync (lib/alerts/after-sync.ts, issue 37): the head it keeps is the
 * one the dashboard computes and keeps itself, under the same keys; it is never kept for data it
 * was not computed from; and its alerts are those of `updateAlerts`.
 */
import 'fake-indexeddb/auto';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { afterSync } from '@/lib/alerts/after-sync';
import { readAlertsState } from '@/lib/contracts/alerts';
import { alertsItem } from '@/lib/contracts/storage';
import type { Dataset } from '@/lib/dataset/schema';
import { openDb } from '@/lib/db/db';
import { importDataset } from '@/lib/db/import';
import { generateDataset } from '@/lib/demo/generate';
import { type AlertOutputs, updateAlerts } from '@/lib/ext/alerts';
import { preferencesItem, readPreferences } from '@/lib/ext/settings';
import { account, revenue, survey, dataset as testDataset, usageRun } from '@/lib/metrics/testkit';
import type { HeadStore } from '@/lib/portfolio/head-store';
import { type DashboardPrefs, DEFAULT_DASHBOARD_PREFS } from '@/lib/portfolio/targets';
import type { DashboardHead } from '@/lib/portfolio/view';
import { Dashboard } from './Dashboard';
import { dashboardExtensionSource } from './extension-source';
import { saveDashboardPrefs } from './storage';

afterEach(cleanup);
beforeEach(() => fakeBrowser.reset());

const NOW = new Date('2026-11-23T10:00:00Z');
const AS_OF = '2026-10-31';
const ds = generateDataset({ accounts: 30, seed: 5, asOf: AS_OF });
const none = { rejected: [], replaced: [] };

const quiet: AlertOutputs = { setBadge: async () => {}, notify: async () => {} };

/** A head store in memory, with every save recorded. */
function memoryHeads() {
  const kept = new Map<string, DashboardHead>();
  const saves: { data: string; key: string; head: DashboardHead }[] = [];
  const store: HeadStore = {
    load: async (data, key) => kept.get(`${data}|${key}`) ?? null,
    save: async (data, key, head) => {
      kept.set(`${data}|${key}`, head);
      saves.push({ data, key, head });
    },
  };
  return { store, saves };
}

let dbCount = 0;
async function cacheOf(data: Dataset) {
  const db = openDb({ name: `after-sync-${++dbCount}` });
  await importDataset(db, data, none, NOW);
  return db;
}

const owner = ds.accounts[0].owner as string;
const smb: DashboardPrefs = {
  ...DEFAULT_DASHBOARD_PREFS,
  filters: { owner: 'mine', segment: 'smb', plan: 'all' },
};

describe('the head kept after a sync is the dashboard’s own', () => {
  for (const [name, prefs, myEmail] of [
    ['every account', DEFAULT_DASHBOARD_PREFS, ''],
    ['my book, one segment', smb, owner],
  ] as const) {
    it(name, async () => {
      await preferencesItem.setValue({ ...(await readPreferences()), myEmail });
      await saveDashboardPrefs(prefs);
      const db = await cacheOf(ds);
      const bg = memoryHeads();
      expect((await afterSync(db, NOW, quiet, bg.store)).head).toBe('saved');
      expect(bg.saves).toHaveLength(1);

      // The dashboard on the same cache, with no head kept: it computes the view and keeps its head.
      const page = memoryHeads();
      const source = {
        ...dashboardExtensionSource(db),
        now: () => NOW,
        loadHead: page.store.load,
        saveHead: page.store.save,
      };
      render(<Dashboard source={source} />);
      await screen.findByTestId('overview', {}, { timeout: 10_000 });
      await waitFor(() => expect(page.saves).toHaveLength(1));
      expect(page.saves[0].data).toBe(bg.saves[0].data);
      expect(page.saves[0].key).toBe(bg.saves[0].key);
      expect(page.saves[0].head).toEqual(bg.saves[0].head);
      expect(bg.saves[0].head.accountsInView).toBeGreaterThan(0);

      // Nothing to do for the same data, day and settings.
      expect(await afterSync(db, NOW, quiet, bg.store)).toEqual({ raised: [], head: 'current' });
      expect(bg.saves).toHaveLength(1);
      db.close();
    });
  }

  it('a head is not kept when the data changed while it was computed', async () => {
    const db = await cacheOf(ds);
    const bg = memoryHeads();
    const store: HeadStore = {
      ...bg.store,
      // A batch applied between the meta read and the cache read.
      load: async (data, key) => {
        await db.meta
          .where('id')
          .equals('dataset')
          .modify((m) => {
            m.version += 1;
          });
        return bg.store.load(data, key);
      },
    };
    expect((await afterSync(db, NOW, quiet, store)).head).toBe('stale');
    expect(bg.saves).toEqual([]);
    db.close();
  });
});

/** Two healthy accounts (as in lib/ext/alerts.test.ts); `drop` gives `b` an NPS 0 answer (→ yellow). */
function small(drop: boolean): Dataset {
  const acc = (id: string, o: string, segment: 'smb' | 'enterprise') =>
    account(id, { seats: 10, owner: o, segment, renewsOn: '2027-06-01' });
  return testDataset({
    dataThrough: '2026-10-31',
    accounts: [acc('a', 'ann@example.com', 'smb'), acc('b', 'bob@example.com', 'enterprise')],
    revenue: [...revenue('a', { '2026-10': 1000 }), ...revenue('b', { '2026-10': 2000 })],
    usage: ['a', 'b'].flatMap((id) => usageRun(id, '2026-08-01', '2026-10-31', () => ({ dau: 4, mau: 10 }))),
    surveys: drop ? [survey('b', 's1', '2026-10-20', 'nps', 0)] : [],
  });
}

describe('the alerts after a sync are those of updateAlerts', () => {
  // The dashboard showing only SMB leaves Bob's enterprise account out of its view: the alerts
  // still watch it (their scope is the book, not the dashboard's filters).
  for (const [name, myEmail, filters] of [
    ['every account, the dashboard unfiltered', '', DEFAULT_DASHBOARD_PREFS.filters],
    ['every account, the dashboard on SMB only', '', smb.filters],
    ['Bob’s book, the dashboard on SMB only', 'bob@example.com', smb.filters],
  ] as const) {
    it(name, async () => {
      await preferencesItem.setValue({ ...(await readPreferences()), myEmail });
      await saveDashboardPrefs({ ...DEFAULT_DASHBOARD_PREFS, filters });
      const runs: unknown[][] = [];
      for (const evaluate of [
        (db: ReturnType<typeof openDb>, at: Date) => updateAlerts(db, at, quiet),
        async (db: ReturnType<typeof openDb>, at: Date) =>
          (await afterSync(db, at, quiet, memoryHeads().store)).raised,
      ]) {
        await alertsItem.setValue(null);
        const db = await cacheOf(small(false));
        const first = await evaluate(db, NOW);
        await importDataset(db, small(true), none, NOW);
        const later = new Date(NOW.getTime() + 60_000);
        const second = await evaluate(db, later);
        runs.push([first, second, readAlertsState(await alertsItem.getValue())]);
        db.close();
      }
      expect(runs[1]).toEqual(runs[0]);
      expect((runs[0][1] as { accountId: string }[]).map((e) => e.accountId)).toEqual(['b']);
    });
  }
});
