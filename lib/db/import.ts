/**
 * No-server mode: a validated dataset (from a JSON file, CSV files or a zip) replaces the cache
 * in one transaction. If anything fails (quota, a bug), the transaction aborts and the previous
 * cache is untouched. The workspace context is computed once here, on the whole dataset.
 */
import type { Rejection, Replacement } from '../dataset/parse';
import type { Dataset } from '../dataset/schema';
import { computeWorkspaceContext, defaultAsOf } from '../metrics';
import { applyChanges, datasetChanges } from './apply';
import { type DatasetMeta, dataTables, type HealthbarDB, snapshotTables } from './db';

export interface ImportSummary {
  accounts: number;
  records: number;
  rejected: number;
  replaced: number;
}

export async function importDataset(
  db: HealthbarDB,
  dataset: Dataset,
  problems: { rejected: readonly Rejection[]; replaced: readonly Replacement[]; rejectedTotal?: number },
  now: Date,
): Promise<ImportSummary> {
  const asOf = defaultAsOf(dataset);
  const context = asOf ? computeWorkspaceContext(dataset, asOf) : undefined;
  const changes = datasetChanges(dataset);
  await db.transaction('rw', [...dataTables(db), db.rejections, ...snapshotTables(db)], async () => {
    const previous = await db.meta.get('dataset');
    await Promise.all(dataTables(db).map((t) => t.clear()));
    await db.rejections.clear();
    // A sync snapshot under way belonged to the data replaced: its next page is refused.
    await Promise.all(snapshotTables(db).map((t) => t.clear()));
    const meta: DatasetMeta = {
      id: 'dataset',
      schemaVersion: 1,
      currency: dataset.currency,
      generatedAt: dataset.generatedAt,
      dataThrough: dataset.dataThrough,
      context,
      source: 'import',
      version: (previous?.version ?? 0) + 1,
      nextOrder: 0,
      updatedAt: now.toISOString(),
      rejected: problems.rejectedTotal ?? problems.rejected.length,
    };
    await applyChanges(db, meta, changes);
    await db.meta.put(meta);
    const at = now.toISOString();
    const rows = [
      ...problems.rejected.map((r) => ({
        at,
        source: 'import' as const,
        collection: r.collection,
        ref: r.id ?? `#${r.index}`,
        field: r.field,
        message: r.message,
      })),
      ...problems.replaced.map((r) => ({
        at,
        source: 'import' as const,
        collection: r.collection,
        ref: r.id,
        field: '',
        message: r.message,
      })),
    ];
    if (rows.length) await db.rejections.bulkAdd(rows.slice(0, 1000));
  });
  return {
    accounts: dataset.accounts.length,
    records: changes.length,
    rejected: problems.rejectedTotal ?? problems.rejected.length,
    replaced: problems.replaced.length,
  };
}
