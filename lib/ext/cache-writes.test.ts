/** The background's cache writes outside a sync: import staged files, clear. */
import 'fake-indexeddb/auto';
import { strToU8, zipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { datasetToCsvFiles } from '../dataset/csv';
import type { Dataset } from '../dataset/schema';
import { exportDataset } from '../db/apply';
import { openDb } from '../db/db';
import { generateDataset } from '../demo/generate';
import { computeReport } from '../metrics';
import { clearCacheAndState, importDatasetFiles } from './cache-writes';
import { dropStagedFiles, stageFiles, takeStagedFiles } from './import-staging';
import { syncStateItem } from './settings';

describe('cache writes owned by the background', () => {
  beforeEach(() => fakeBrowser.reset());

  it('imports the files the options page staged, once, and clears', async () => {
    const ds = generateDataset({ accounts: 3, seed: 1, asOf: '2026-10-31' });
    const file = new File([JSON.stringify(ds)], 'demo.json', { type: 'application/json' });
    const id = await stageFiles([file]);
    const files = await takeStagedFiles(id);
    expect(files?.map((f) => f.name)).toEqual(['demo.json']);
    expect(await takeStagedFiles(id)).toBeNull();

    const db = openDb({ name: 'cache-writes' });
    const r = await importDatasetFiles(db, files ?? [], undefined, new Date('2026-11-01T08:00:00Z'));
    expect(r.ok, r.message).toBe(true);
    expect(r.message).toMatch(/^Imported 3 accounts/);
    expect(await db.accounts.count()).toBe(3);
    expect(await syncStateItem.getValue()).toMatchObject({
      status: 'ok',
      lastSuccessAt: '2026-11-01T08:00:00.000Z',
    });

    await clearCacheAndState(db);
    expect(await db.accounts.count()).toBe(0);
    expect((await syncStateItem.getValue()).status).toBe('never');
  });

  it('round-trips deals: a zip of CSV files → cache → exported JSON → cache, with the same records and report', async () => {
    const ds = generateDataset({ accounts: 12, seed: 4, asOf: '2026-10-31' });
    expect(ds.deals?.length).toBeGreaterThan(0);
    const files = datasetToCsvFiles(ds);
    expect(files['deals.csv'].split('\r\n').length).toBe((ds.deals?.length ?? 0) + 2);
    const zip = zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
    const db = openDb({ name: 'cache-writes-deals' });
    const r = await importDatasetFiles(
      db,
      [new File([new Uint8Array(zip)], 'export.zip')],
      undefined,
      new Date(),
    );
    expect(r.ok, r.message).toBe(true);
    const out = await exportDataset(db);
    const byId = (x: { id: string }, y: { id: string }) => (x.id < y.id ? -1 : 1);
    expect([...(out?.deals ?? [])].sort(byId)).toEqual([...(ds.deals ?? [])].sort(byId));
    const again = openDb({ name: 'cache-writes-deals-again' });
    const json = new File([JSON.stringify(out)], 'export.json', { type: 'application/json' });
    expect((await importDatasetFiles(again, [json], undefined, new Date())).ok).toBe(true);
    const back = await exportDataset(again);
    expect([...(back?.deals ?? [])].sort(byId)).toEqual([...(ds.deals ?? [])].sort(byId));
    const p = computeReport(back as Dataset, '2026-10-31').portfolio;
    expect(p).toMatchObject({
      pipelineValue: computeReport(ds, '2026-10-31').portfolio.pipelineValue,
      winRate: computeReport(ds, '2026-10-31').portfolio.winRate,
    });
    expect(p.pipelineValue).not.toBeNull();
  });

  it('says what happened when the file is not a dataset, and keeps what is stored', async () => {
    const db = openDb({ name: 'cache-writes-bad' });
    const r = await importDatasetFiles(db, [new File(['not json'], 'x.json')], undefined, new Date());
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/^Nothing was imported: /);
    const id = await stageFiles([new File(['a'], 'a.json')]);
    await dropStagedFiles(id);
    expect(await takeStagedFiles(id)).toBeNull();
  });
});
