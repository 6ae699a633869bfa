/**
 * No-server mode: a validated dataset (from a JSON file, CSV files or a zip) replaces the cache
 * in one transaction. If anything fails (quota, a bug), the transaction aborts and the previous
 * cache is untouched. The workspace context is computed once here, on the whole dataset.
 *
 * Tasks and sentiment entries are people's records, not source data: with no server they exist
 * only in this cache, so an import over an imported cache keeps the ones the new file does not
 * carry (the file's own win by id). Over a synced cache they are the server's and come back with
 * the next sync, so nothing is carried over.
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
  /** Tasks and sentiment entries recorded in this browser, kept from the previous import. */
  keptLocal: number;
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
  let keptLocal = 0;
  await db.transaction('rw', [...dataTables(db), db.rejections, ...snapshotTables(db)], async () => {
    const previous = await db.meta.get('dataset');
    const local =
      previous?.source === 'import'
        ? {
            tasks: excluding(await db.tasks.toArray(), dataset.tasks),
            sentiment: excluding(await db.sentiment.toArray(), dataset.sentiment),
          }
        : { tasks: [], sentiment: [] };
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
    await db.tasks.bulkPut(local.tasks);
    await db.sentiment.bulkPut(local.sentiment);
    keptLocal = local.tasks.length + local.sentiment.length;
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
    keptLocal,
  };
}

/** The stored rows whose id the imported collection does not have. */
function excluding<T extends { id: string }>(stored: T[], imported: readonly T[] | undefined): T[] {
  const ids = new Set((imported ?? []).map((r) => r.id));
  return stored.filter((r) => !ids.has(r.id));
}
