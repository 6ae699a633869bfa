/**
 * How the panel's view reads the cache (issue 37): the meta and the account's rows in one
 * read-only transaction, with the same numbers as the report on the whole dataset.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { generateDataset } from '../demo/generate';
import { computeReport, DEFAULT_SETTINGS } from '../metrics';
import { accountView } from './account-view';
import { type HealthbarDB, openDb } from './db';
import { importDataset } from './import';

let db: HealthbarDB;
beforeEach(() => {
  db = openDb({ name: `view-${Math.random()}` });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await db.delete();
});

describe('accountView reads', () => {
  it('one read-only transaction per view, and the numbers of the whole report', async () => {
    const ds = generateDataset({ accounts: 6, seed: 7, asOf: '2026-10-31' });
    await importDataset(db, ds, { rejected: [], replaced: [] }, new Date());
    const full = computeReport(ds, '2026-10-31', DEFAULT_SETTINGS);
    // The first view of a data version also reads the catalogue (same transaction).
    await accountView(db, ds.accounts[0].id, '2026-11-05', DEFAULT_SETTINGS);
    const idb = db.backendDB();
    const transaction = vi.spyOn(Object.getPrototypeOf(idb), 'transaction');
    for (const a of ds.accounts.slice(1)) {
      transaction.mockClear();
      const v = await accountView(db, a.id, '2026-11-05', DEFAULT_SETTINGS);
      expect(transaction).toHaveBeenCalledTimes(1);
      expect(transaction.mock.calls[0][1]).toBe('readonly');
      expect(v?.asOf).toBe('2026-10-31');
      expect(v?.report).toEqual(full.accounts.find((x) => x.id === a.id));
    }
    transaction.mockClear();
    expect(await accountView(db, 'no-such-account', '2026-11-05', DEFAULT_SETTINGS)).toBeNull();
    expect(transaction).toHaveBeenCalledTimes(1);
  });

  it('reads again after the connection was closed', async () => {
    const ds = generateDataset({ accounts: 2, seed: 7, asOf: '2026-10-31' });
    await importDataset(db, ds, { rejected: [], replaced: [] }, new Date());
    db.close();
    const v = await accountView(db, ds.accounts[1].id, '2026-11-05', DEFAULT_SETTINGS);
    expect(v?.account.id).toBe(ds.accounts[1].id);
  });
});
