/**
 * Full syncs (snapshots) that never leave a view with less than complete data.
 *
 * A snapshot — the first sync, a restart after 410, another server or token, "Re-fetch
 * everything" — arrives in many pages, each its own transaction. Where it is written:
 *
 * - **The cache is empty** (`target: 'live'`): pages go straight into the live tables, and the
 *   dataset header (`meta`) is written only in the last page's transaction. Every view reads
 *   `meta` first and says "no data yet" without it, so half a snapshot is never shown, and the
 *   first sync costs no more than writing the data once (`npm run bench` holds it to the bulkPut
 *   floor).
 * - **The cache holds complete data** (`target: 'staged'`): pages go into the `staged*` tables;
 *   the last page's transaction copies them into the live tables (cleared in the same
 *   transaction) and writes the new header. Until that commits, every view reads the previous
 *   complete data from the live tables with their indexes — the account view does not change at
 *   all, which is why staging tables were chosen over a generation column on every row (each
 *   index and query would carry it) or two alternating table sets (every reader would first
 *   have to learn which set is live). The price is one extra copy per re-snapshot, which is rare.
 *
 * Progress is kept in the `snapshot` row (cursor, header so far, run id), written with each
 * page, so an interrupted snapshot continues from its last page on the next sync. A page whose
 * transaction finds another run id or cursor there (the snapshot was abandoned or restarted
 * meanwhile) is refused whole: staged and live data never mix, nor do two snapshots.
 */
import type { PageRejection, ParsedSyncPage } from '../contracts/sync-page';
import { applyChanges } from './apply';
import {
  type DatasetMeta,
  dataTables,
  type HealthbarDB,
  RECORD_TABLES,
  type RejectionRow,
  type SnapshotProgress,
  snapshotTables,
  stagedTables,
} from './db';

/** Thrown when the cache changed under a sync (an import, "Clear cache", a restarted snapshot). */
export class CacheChangedError extends Error {
  constructor() {
    super('The cache changed during the sync (an import?); sync again.');
  }
}

/** A snapshot about to start, or the one under way. */
export interface SnapshotPlan {
  /** Undefined until the first page is written. */
  runId?: string;
  target: 'live' | 'staged';
  /** The cursor to ask for next (undefined: from the start). */
  cursor?: string;
  /** The live version the snapshot was planned against (an import meanwhile refuses it). */
  baseVersion?: number;
}

/** The plan of a new snapshot over the cache as it is. */
export function newSnapshotPlan(live: DatasetMeta | undefined): SnapshotPlan {
  return { target: live ? 'staged' : 'live', baseVersion: live?.version };
}

export function planOf(p: SnapshotProgress): SnapshotPlan {
  return { runId: p.runId, target: p.target, cursor: p.cursor };
}

/** The part of an accepted sync page (lib/contracts/sync-page.ts) a snapshot applies. */
export type SnapshotPage = Pick<
  ParsedSyncPage,
  'currency' | 'dataThrough' | 'context' | 'nextCursor' | 'hasMore' | 'changes' | 'rejected'
>;

function rejectionRows(rows: readonly PageRejection[], at: string): RejectionRow[] {
  return rows.slice(0, 500).map((r) => ({
    at,
    source: 'sync' as const,
    collection: r.collection,
    ref: r.ref,
    field: r.field,
    message: r.message,
  }));
}

function allTables(db: HealthbarDB) {
  return [...dataTables(db), db.rejections, ...snapshotTables(db)];
}

const COPY_CHUNK = 2000;

/**
 * Replaces the live records with the staged ones, in the caller's transaction. Copied in chunks
 * by primary key, so memory holds one chunk, not the dataset.
 */
async function swapIn(db: HealthbarDB): Promise<void> {
  const staged = stagedTables(db);
  for (const name of RECORD_TABLES) {
    const from = staged[name] as unknown as {
      toCollection(): { primaryKeys(): Promise<string[]> };
      bulkGet(keys: string[]): Promise<unknown[]>;
    };
    const to = db[name] as unknown as { clear(): Promise<void>; bulkPut(rows: unknown[]): Promise<unknown> };
    await to.clear();
    const keys = await from.toCollection().primaryKeys();
    for (let i = 0; i < keys.length; i += COPY_CHUNK) {
      await to.bulkPut(await from.bulkGet(keys.slice(i, i + COPY_CHUNK)));
    }
  }
  await db.rejections.clear();
  const rejected = await db.stagedRejections.toArray();
  if (rejected.length) await db.rejections.bulkAdd(rejected.map(({ id: _id, ...r }) => r));
  await Promise.all(snapshotTables(db).map((t) => t.clear()));
}

/**
 * Writes one page of a snapshot in one transaction; the last page also makes it live. Returns
 * the plan for the next page (its run id, cursor), or null when the snapshot is now live.
 */
export async function applySnapshotPage(
  db: HealthbarDB,
  plan: SnapshotPlan,
  page: SnapshotPage,
  ctx: { apiUrl: string; now: Date; etag?: DatasetMeta['etag'] },
): Promise<SnapshotPlan | null> {
  const at = ctx.now.toISOString();
  return db.transaction('rw', allTables(db), async () => {
    const current = await db.snapshot.get('snapshot');
    let progress: SnapshotProgress;
    if (plan.runId === undefined) {
      const live = await db.meta.get('dataset');
      if (current || live?.version !== plan.baseVersion) throw new CacheChangedError();
      if (plan.target === 'live') {
        // Whatever an earlier, abandoned first sync left beside an empty header.
        await Promise.all([...dataTables(db), db.rejections].map((t) => t.clear()));
      }
      await Promise.all(snapshotTables(db).map((t) => t.clear()));
      progress = {
        id: 'snapshot',
        runId: crypto.randomUUID(),
        target: plan.target,
        apiUrl: ctx.apiUrl,
        startedAt: at,
        pages: 0,
        records: 0,
        rejected: 0,
        nextOrder: 0,
      };
    } else {
      if (!current || current.runId !== plan.runId || current.cursor !== plan.cursor) {
        throw new CacheChangedError();
      }
      progress = current;
    }
    const meta: DatasetMeta = {
      id: 'dataset',
      schemaVersion: 1,
      currency: page.currency,
      dataThrough: page.dataThrough ?? progress.dataThrough,
      context: page.context ?? progress.context,
      source: 'sync',
      cursor: page.nextCursor,
      version: 0,
      nextOrder: progress.nextOrder,
      updatedAt: at,
    };
    const staged = plan.target === 'staged';
    await applyChanges(staged ? stagedTables(db) : db, meta, page.changes);
    if (page.rejected.length) {
      await (staged ? db.stagedRejections : db.rejections).bulkAdd(rejectionRows(page.rejected, at));
    }
    progress = {
      ...progress,
      cursor: page.nextCursor,
      pages: progress.pages + 1,
      records: progress.records + page.changes.length,
      rejected: progress.rejected + page.rejected.length,
      currency: meta.currency,
      dataThrough: meta.dataThrough,
      context: meta.context,
      nextOrder: meta.nextOrder,
    };
    if (page.hasMore) {
      await db.snapshot.put(progress);
      return { runId: progress.runId, target: progress.target, cursor: progress.cursor };
    }
    const live = await db.meta.get('dataset');
    if (staged) await swapIn(db);
    else await db.snapshot.delete('snapshot');
    await db.meta.put({
      ...meta,
      version: Math.max(live?.version ?? 0, plan.baseVersion ?? 0) + 1,
      rejected: progress.rejected,
      ...(ctx.etag ? { etag: ctx.etag } : {}),
    });
    return null;
  });
}

/** Applies one incremental page over the live data, with its cursor, in one transaction. */
export async function applyIncrementalPage(
  db: HealthbarDB,
  fromCursor: string,
  page: SnapshotPage,
  ctx: { now: Date; etag?: DatasetMeta['etag'] },
): Promise<void> {
  const at = ctx.now.toISOString();
  await db.transaction('rw', [...dataTables(db), db.rejections, db.snapshot], async () => {
    const current = await db.meta.get('dataset');
    const snapshotUnderWay = (await db.snapshot.count()) > 0;
    if (current?.source !== 'sync' || current.cursor !== fromCursor || snapshotUnderWay) {
      throw new CacheChangedError();
    }
    const meta: DatasetMeta = {
      ...current,
      currency: page.currency,
      dataThrough: page.dataThrough ?? current.dataThrough,
      context: page.context ?? current.context,
      cursor: page.nextCursor,
      version: current.version + 1,
      updatedAt: at,
      rejected: (current.rejected ?? 0) + page.rejected.length,
      etag: ctx.etag,
    };
    if (!ctx.etag) delete meta.etag;
    await applyChanges(db, meta, page.changes);
    await db.meta.put(meta);
    if (page.rejected.length) await db.rejections.bulkAdd(rejectionRows(page.rejected, at));
  });
}

/** Drops a staged snapshot (its run only, when given) — the live data is not touched. */
export async function abandonSnapshot(db: HealthbarDB, runId?: string): Promise<void> {
  await db.transaction('rw', snapshotTables(db), async () => {
    const current = await db.snapshot.get('snapshot');
    if (!current || (runId !== undefined && current.runId !== runId)) return;
    await Promise.all(snapshotTables(db).map((t) => t.clear()));
  });
}

/**
 * The next sync fetches everything again as a snapshot (another server or token, "Re-fetch
 * everything"): any snapshot under way is dropped and the live cursor forgotten. The live data
 * stays on screen until the new snapshot is complete.
 */
export async function requestSnapshot(db: HealthbarDB): Promise<void> {
  await db.transaction('rw', [db.meta, ...snapshotTables(db)], async () => {
    await Promise.all(snapshotTables(db).map((t) => t.clear()));
    const live = await db.meta.get('dataset');
    if (live) {
      const { cursor: _c, etag: _e, ...rest } = live;
      await db.meta.put(rest);
    }
  });
}

/** Empties the whole cache: live data, rejections and any snapshot under way ("Clear cache"). */
export async function clearCache(db: HealthbarDB): Promise<void> {
  await db.transaction('rw', allTables(db), async () => {
    await Promise.all(allTables(db).map((t) => t.clear()));
  });
}
