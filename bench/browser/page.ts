/**
 * The bench page: bundled by bench/browser/extension.ts into `bench.js` and served as
 * `chrome-extension://<id>/bench.html` from a copy of the built extension, so it shares the
 * extension's origin and IndexedDB. Playwright drives it through `window.hbBench`.
 *
 * It uses the project's own modules (`lib/db/*`, Dexie) — the same code the extension runs.
 */
import Dexie from 'dexie';
import type { Change } from '../../lib/contracts/sync-page';
import type { Dataset } from '../../lib/dataset/schema';
import { accountView, effectiveAsOf } from '../../lib/db/account-view';
import { applyChanges, contractAccount, revenueRows, usageRows } from '../../lib/db/apply';
import { dataTables, type HealthbarDB, openDb } from '../../lib/db/db';
import { readUsage } from '../../lib/db/usage-chunks';
import { computeReport } from '../../lib/metrics';
import { dateOfDay } from '../../lib/metrics/dates';
import { DEFAULT_SETTINGS } from '../../lib/metrics/settings';

declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
};

const FLOOR_DB = 'healthbar-floor';
let snapshot: { table: string; rows: unknown[] }[] = [];

const api = {
  /** Sends a message to the background and times its answer (configure / sync-now run a whole sync). */
  async message(message: unknown): Promise<{ ms: number; response: unknown }> {
    const t0 = performance.now();
    const response = await chrome.runtime.sendMessage(message);
    return { ms: performance.now() - t0, response };
  },

  /**
   * Waits until the background has evaluated the alerts on the cache's current data version
   * (it does so after answering a sync, lib/ext/alerts.ts), so nothing else runs in the
   * extension while the next figure is measured. Returns the time waited.
   */
  async alertsSettled(timeoutMs = 300_000): Promise<number> {
    const db = openDb();
    const meta = await db.meta.get('dataset');
    db.close();
    if (!meta) throw new Error('no cache');
    const t0 = performance.now();
    for (;;) {
      const { alerts } = await chrome.storage.local.get('alerts');
      const basis = (alerts as { basis?: unknown } | null)?.basis;
      if (typeof basis === 'string' && basis.startsWith(`[${meta.version},`)) return performance.now() - t0;
      if (performance.now() - t0 > timeoutMs) throw new Error('the alerts were not evaluated in time');
      await new Promise((r) => setTimeout(r, 25));
    }
  },

  /** navigator.storage.estimate() of the extension's origin. */
  async estimate(): Promise<{ usage: number; indexedDB: number | null }> {
    const e = (await navigator.storage.estimate()) as StorageEstimate & {
      usageDetails?: { indexedDB?: number };
    };
    return { usage: e.usage ?? 0, indexedDB: e.usageDetails?.indexedDB ?? null };
  },

  /** Reads every data table of the synced cache into memory (the floor's input): row counts. */
  async snapshot(): Promise<Record<string, number>> {
    const db = openDb();
    snapshot = [];
    for (const t of dataTables(db)) snapshot.push({ table: t.name, rows: await t.toArray() });
    db.close();
    return Object.fromEntries(snapshot.map((s) => [s.table, s.rows.length]));
  },

  /**
   * The floor: the snapshot written into a fresh database of the same schema with one plain
   * Dexie `bulkPut` per table. Returns the time of the writes (open and delete not counted).
   */
  async floor(): Promise<{ ms: number; perTable: Record<string, number> }> {
    await Dexie.delete(FLOOR_DB);
    const db = openDb({ name: FLOOR_DB });
    await db.open();
    const perTable: Record<string, number> = {};
    const t0 = performance.now();
    for (const s of snapshot) {
      if (s.rows.length === 0) continue;
      const t = performance.now();
      await (db as unknown as Record<string, { bulkPut(rows: unknown[]): Promise<unknown> }>)[
        s.table
      ].bulkPut(s.rows);
      perTable[s.table] = performance.now() - t;
    }
    const ms = performance.now() - t0;
    db.close();
    return { ms, perTable };
  },

  /**
   * Diagnosis only: the reads of an account view three ways, each timed per account — as
   * accountView did them before the "one read transaction per view" change (`meta.get`,
   * `accounts.get`, then 8 queries in parallel, each its own transaction), the same in one read
   * transaction, and the account's 6 rows alone in one transaction (meta and the catalogue of
   * plans, features and milestones held in memory per data version).
   */
  async accountViewReadVariants(ids: string[]): Promise<Record<string, number[]>> {
    const db: HealthbarDB = openDb();
    await db.open();
    const out: Record<string, number[]> = { tenTransactions: [], oneTransaction: [], accountRowsOnly: [] };
    const reads = (id: string) =>
      Promise.all([
        readUsage(db.usageChunks, id),
        db.revenue.get(id),
        db.users.where('accountId').equals(id).toArray(),
        db.tickets.where('accountId').equals(id).toArray(),
        db.surveys.where('accountId').equals(id).toArray(),
      ]);
    const catalog = () => Promise.all([db.plans.toArray(), db.features.toArray(), db.milestones.toArray()]);
    const tables = [
      db.meta,
      db.accounts,
      db.usageChunks,
      db.revenue,
      db.users,
      db.tickets,
      db.surveys,
      db.plans,
    ];
    for (const id of ids) {
      let t = performance.now();
      await db.meta.get('dataset');
      await db.accounts.get(id);
      await Promise.all([reads(id), catalog()]);
      out.tenTransactions.push(performance.now() - t);
      t = performance.now();
      await db.transaction('r', [...tables, db.features, db.milestones], async () => {
        await db.meta.get('dataset');
        await db.accounts.get(id);
        await Promise.all([reads(id), catalog()]);
      });
      out.oneTransaction.push(performance.now() - t);
      t = performance.now();
      await db.transaction(
        'r',
        [db.accounts, db.usageChunks, db.revenue, db.users, db.tickets, db.surveys],
        () => Promise.all([db.accounts.get(id), reads(id)]),
      );
      out.accountRowsOnly.push(performance.now() - t);
    }
    db.close();
    return out;
  },

  /**
   * Diagnosis only: the write half of the incremental sync replayed in this page — the latest
   * day's usage row of every account that has one on the latest day, applied again with the
   * sync's own `applyChanges`, in pages of 2,000 changes, one transaction each (as the sync does).
   * Re-applying is a no-op for the data, but does the same reads, merges and writes.
   */
  async incrementalReplay(): Promise<{ records: number; ms: number }> {
    const db = openDb();
    await db.open();
    const meta = await db.meta.get('dataset');
    if (!meta) throw new Error('no cache');
    let latest = Number.NEGATIVE_INFINITY;
    const rows: { accountId: string; i: number; days: Int32Array; s: Record<string, Float64Array> }[] = [];
    await db.usageChunks.each((u) => {
      const i = u.days.length - 1;
      if (i < 0) return;
      latest = Math.max(latest, u.days[i]);
      rows.push({ accountId: u.accountId, i, days: u.days, s: u as unknown as Record<string, Float64Array> });
    });
    const changes: Change[] = rows
      .filter((r) => r.days[r.i] === latest)
      .map((r) => ({
        collection: 'usage',
        record: {
          accountId: r.accountId,
          date: dateOfDay(latest),
          dau: r.s.dau[r.i],
          wau: r.s.wau[r.i],
          mau: r.s.mau[r.i],
          minutes: r.s.minutes[r.i],
          sessions: r.s.sessions[r.i],
        },
      }));
    const t0 = performance.now();
    for (let k = 0; k < changes.length; k += 2000) {
      await db.transaction('rw', [...dataTables(db), db.rejections], () =>
        applyChanges(db, { ...meta }, changes.slice(k, k + 2000)),
      );
    }
    const ms = performance.now() - t0;
    db.close();
    return { records: changes.length, ms };
  },

  async dropFloor(): Promise<void> {
    snapshot = [];
    await Dexie.delete(FLOOR_DB);
  },

  /** Account ids of the cache in dataset order. */
  async accountIds(): Promise<string[]> {
    const db = openDb();
    const ids = (await db.accounts.orderBy('_order').primaryKeys()) as string[];
    db.close();
    return ids;
  },

  /**
   * `accountView` (what the panel asks for) of each account, one after the other, from a fresh
   * connection: the time of each call. Every id is asked once, so the per-version memo never hits.
   */
  async accountViews(
    ids: string[],
    today: string,
    marks = false,
  ): Promise<{ ms: number[]; nulls: number; wallMs: number }> {
    const db: HealthbarDB = openDb();
    await db.open();
    const ms: number[] = [];
    let nulls = 0;
    const start = performance.now();
    for (let i = 0; i < ids.length; i++) {
      // With `marks`, each call is framed by user-timing marks, which a trace of the page shows
      // beside its garbage collections (bench/browser/run.ts, the accountView diagnosis).
      if (marks) performance.mark(`hbav:${i}:s`);
      const t0 = performance.now();
      const v = await accountView(db, ids[i], today, DEFAULT_SETTINGS);
      ms.push(performance.now() - t0);
      if (marks) performance.mark(`hbav:${i}:e`);
      if (!v) nulls++;
    }
    const wallMs = performance.now() - start;
    db.close();
    return { ms, nulls, wallMs };
  },

  /**
   * Diagnosis only: accountView's parts timed apart on other accounts, read as accountView did
   * before issue 37's single raw transaction (meta and rows together, lib/db/account-view.ts
   * `readAccountRows`) — `meta.get` through Dexie, then the account's rows in one Dexie read
   * transaction (the catalogue read once and kept) — then the metrics core on the one-account
   * dataset they give.
   */
  async accountViewParts(
    ids: string[],
    today: string,
  ): Promise<{ metaMs: number[]; readMs: number[]; computeMs: number[] }> {
    const db: HealthbarDB = openDb();
    await db.open();
    const [plans, features, milestones] = await Promise.all([
      db.plans.toArray(),
      db.features.toArray(),
      db.milestones.toArray(),
    ]);
    const metaMs: number[] = [];
    const readMs: number[] = [];
    const computeMs: number[] = [];
    for (const id of ids) {
      const t0 = performance.now();
      const meta = await db.meta.get('dataset');
      const t1 = performance.now();
      const [stored, usage, revenue, users, tickets, surveys] = await db.transaction(
        'r',
        [db.accounts, db.usageChunks, db.revenue, db.users, db.tickets, db.surveys],
        () =>
          Promise.all([
            db.accounts.get(id),
            readUsage(db.usageChunks, id),
            db.revenue.get(id),
            db.users.where('accountId').equals(id).toArray(),
            db.tickets.where('accountId').equals(id).toArray(),
            db.surveys.where('accountId').equals(id).toArray(),
          ]),
      );
      const t2 = performance.now();
      if (!meta || !stored) continue;
      const asOf = effectiveAsOf(meta.dataThrough, undefined, today);
      const dataset: Dataset = {
        schemaVersion: 1,
        currency: meta.currency,
        dataThrough: meta.dataThrough,
        plans,
        features,
        milestones,
        accounts: [contractAccount(stored)],
        revenue: revenue ? revenueRows(revenue) : [],
        usage: usage ? usageRows(usage) : [],
        users,
        tickets,
        surveys,
      };
      computeReport(dataset, asOf, DEFAULT_SETTINGS, { context: meta.context });
      const t3 = performance.now();
      metaMs.push(t1 - t0);
      readMs.push(t2 - t1);
      computeMs.push(t3 - t2);
    }
    db.close();
    return { metaMs, readMs, computeMs };
  },
};

(globalThis as unknown as { hbBench: typeof api }).hbBench = api;
document.title = 'Healthbar bench (ready)';
