/**
 * The cache's writes outside a sync: importing a dataset file and clearing the cache. The
 * background is their one owner (as it is of sync's writes): extension pages ask it with the
 * `import-staged` and `clear-cache` messages of ./messages and never write the cache themselves.
 */
import { summariseProblems } from '../dataset/parse';
import { type FileLike, readDatasetFiles } from '../dataset/read-files';
import type { HealthbarDB } from '../db/db';
import { importDataset } from '../db/import';
import { clearCache } from '../db/snapshot';
import { INITIAL_SYNC_STATE } from '../sync/state';
import { syncStateItem } from './settings';

/** What the options page shows after an import. */
export interface ImportOutcome {
  ok: boolean;
  message: string;
  details: string[];
}

/** Reads a dataset file (JSON, CSV files or a zip) and replaces the cache with it. */
export async function importDatasetFiles(
  db: HealthbarDB,
  files: readonly FileLike[],
  currency: string | undefined,
  now: Date,
): Promise<ImportOutcome> {
  const parsed = await readDatasetFiles(files, { currency });
  if (!parsed.ok) return { ok: false, message: `Nothing was imported: ${parsed.error.message}`, details: [] };
  try {
    const rejectedTotal = Object.values(parsed.rejectedCounts).reduce((a, b) => a + b, 0);
    const s = await importDataset(db, parsed.dataset, { ...parsed, rejectedTotal }, now);
    await syncStateItem.setValue({
      ...(await syncStateItem.getValue()),
      status: 'ok',
      lastSuccessAt: now.toISOString(),
      rejected: s.rejected,
      error: undefined,
    });
    const problems = summariseProblems(parsed);
    return {
      ok: true,
      message: `Imported ${s.accounts} accounts (${s.records} records)${s.rejected ? `; ${s.rejected} records rejected` : ''}${s.replaced ? `; ${s.replaced} repeated ids replaced` : ''}${s.keptLocal ? `; kept ${s.keptLocal} outreach record${s.keptLocal === 1 ? '' : 's'} (tasks, sentiment) made in this browser` : ''}.`,
      details: problems,
    };
  } catch (e) {
    const quota = (e as { name?: string; inner?: { name?: string } })?.inner?.name === 'QuotaExceededError';
    return {
      ok: false,
      message: quota
        ? 'The browser ran out of storage; nothing was imported and the previous data is kept.'
        : `Nothing was imported: ${e instanceof Error ? e.message : String(e)}`,
      details: [],
    };
  }
}

/** Empties the cache; the next sync starts from nothing. */
export async function clearCacheAndState(db: HealthbarDB): Promise<void> {
  await clearCache(db);
  await syncStateItem.setValue(INITIAL_SYNC_STATE);
}
