/**
 * The cache read without Dexie (lib/db/connection.ts), as the panel's first paint reads it: the
 * same view as through Dexie, nothing created when there is no cache, and no upgrade or deletion
 * blocked by its connection.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateDataset } from '../demo/generate';
import { computeReport, DEFAULT_SETTINGS } from '../metrics';
import { accountView } from './account-view';
import {
  accountsWhere,
  CACHE_VERSION,
  contractAccount,
  findAccounts,
  idbVersionOf,
  latestUsageDay,
  rawCache,
  readMeta,
} from './connection';
import { type HealthbarDB, openDb } from './db';
import { importDataset } from './import';

let name: string;
let db: HealthbarDB;
beforeEach(() => {
  name = `raw-${Math.random()}`;
  db = openDb({ name });
});
afterEach(async () => {
  await db.delete();
});

describe('the cache without Dexie', () => {
  it('Dexie opens it at CACHE_VERSION', async () => {
    await db.open();
    expect(db.verno).toBe(CACHE_VERSION);
    expect(db.backendDB().version).toBe(idbVersionOf(CACHE_VERSION));
  });

  it('reads the meta, the accounts by their look-up indexes and the view Dexie reads', async () => {
    // Another as-of than the other tests' (the view is memoised per version, account and as-of).
    const ds = generateDataset({ accounts: 5, seed: 11, asOf: '2026-09-30' });
    await importDataset(db, ds, { rejected: [], replaced: [] }, new Date());
    const raw = rawCache({ name });
    expect(await readMeta(raw)).toEqual(await db.meta.get('dataset'));
    const a = ds.accounts[2];
    const byDomain = await accountsWhere(raw, [
      { index: '_domains', keys: [a.domains[0].toLowerCase()] },
      { index: '_name', keys: [] },
    ]);
    expect(byDomain.map(contractAccount)).toEqual([a]);
    const stored = await db.accounts.toArray();
    const byName = await accountsWhere(raw, [{ index: '_name', keys: stored.map((s) => s._name) }]);
    expect(byName.map((s) => s.id).sort()).toEqual(ds.accounts.map((x) => x.id).sort());
    expect((await findAccounts(raw, () => true, 3)).length).toBe(3);
    const latest = Math.max(...(await db.usageChunks.toArray()).map((c) => c.days[c.days.length - 1]));
    expect(await latestUsageDay(raw)).toBe(latest);
    const full = computeReport(ds, '2026-09-30', DEFAULT_SETTINGS);
    const v = await accountView(raw, a.id, '2026-10-10', DEFAULT_SETTINGS);
    expect(v?.account).toEqual(a);
    expect(v?.report).toEqual(full.accounts.find((x) => x.id === a.id));
  });

  it('reads an absent cache as empty and creates nothing', async () => {
    const raw = rawCache({ name: `${name}-none` });
    expect(await readMeta(raw)).toBeUndefined();
    expect(await accountsWhere(raw, [{ index: '_name', keys: ['acme'] }])).toEqual([]);
    expect(await accountView(raw, 'a1', '2026-10-10', DEFAULT_SETTINGS)).toBeNull();
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(`${name}-none`);
  });

  it('lets another page delete the cache, and reads the new one', async () => {
    const ds = generateDataset({ accounts: 2, seed: 3, asOf: '2026-09-30' });
    await importDataset(db, ds, { rejected: [], replaced: [] }, new Date());
    const raw = rawCache({ name });
    expect(await readMeta(raw)).toBeDefined();
    // Would stay blocked if the raw connection did not close on `versionchange`.
    await db.delete();
    expect(await readMeta(raw)).toBeUndefined();
    db = openDb({ name });
    await importDataset(db, ds, { rejected: [], replaced: [] }, new Date());
    expect((await readMeta(raw))?.source).toBe('import');
  });
});
