/**
 * The cache's name and version, the conversions of stored rows back into contract records, and
 * its reads on the IndexedDB API itself — without Dexie, so that the panel's first paint
 * (components/panel/first-paint.ts) reads the account without loading Dexie (lib/db/db.ts opens
 * and writes the same database with it, and takes its name and version from here).
 *
 * A `CacheConnection` is what the reads need: Dexie's `HealthbarDB` is one (its `backendDB()`),
 * and so is `rawCache()`, which opens the database without Dexie. A raw connection never creates
 * or upgrades the database: when it does not exist yet it reads as empty, and when it is older
 * than this code (an update whose upgrade has not run yet) Dexie, loaded then, upgrades it first.
 */
import type { Account, RevenueRow, UsageRow } from '../dataset/schema';
import { dateOfDay, monthString } from '../metrics/dates';
import type { DatasetMeta, RevenueSeries, StoredAccount, UsageSeries } from './db';

export const DB_NAME = 'healthbar';

/** The cache's schema version (lib/db/db.ts declares each; the last one is this). */
export const CACHE_VERSION = 8;

/** The IndexedDB version Dexie gives schema version `v` (Dexie 4 multiplies it by 10). */
export const idbVersionOf = (v: number) => v * 10;

/** The contract record of a stored account (derived fields dropped). */
export function contractAccount(s: StoredAccount): Account {
  const { _order, _sf15, _domains, _name, ...a } = s;
  return a;
}

/**
 * One date string per day number, kept: the whole cache at 20,000 accounts × 400 days is 8 M
 * usage rows over some 400 days, which then share 400 strings instead of formatting (and
 * holding) one each.
 */
const dayStrings = new Map<number, string>();
function dayString(day: number): string {
  let s = dayStrings.get(day);
  if (s === undefined) {
    s = dateOfDay(day);
    dayStrings.set(day, s);
  }
  return s;
}

/** Expands a usage series back into contract rows (lossless: only the days that had a row). */
export function usageRows(s: UsageSeries): UsageRow[] {
  const rows: UsageRow[] = new Array(s.days.length);
  for (let i = 0; i < s.days.length; i++) {
    rows[i] = {
      accountId: s.accountId,
      date: dayString(s.days[i]),
      dau: s.dau[i],
      wau: s.wau[i],
      mau: s.mau[i],
      minutes: s.minutes[i],
      sessions: s.sessions[i],
    };
  }
  return rows;
}

export function revenueRows(s: RevenueSeries): RevenueRow[] {
  const rows: RevenueRow[] = new Array(s.months.length);
  for (let i = 0; i < s.months.length; i++) {
    rows[i] = { accountId: s.accountId, month: monthString(s.months[i]), mrr: s.mrr[i] };
  }
  return rows;
}

/** An open (or openable) connection to the cache: Dexie's `HealthbarDB`, or `rawCache()`. */
export interface CacheConnection {
  readonly name: string;
  isOpen(): boolean;
  open(): Promise<unknown>;
  backendDB(): IDBDatabase;
}

/** The database does not exist yet (nothing was ever synced or imported): it reads as empty. */
export class NoCache extends Error {
  constructor() {
    super('Healthbar has no data yet.');
    this.name = 'NoCache';
  }
}

/**
 * The cache opened with the IndexedDB API (no Dexie). `indexedDB` can be passed in (tests use
 * fake-indexeddb). It closes itself when another page upgrades or deletes the database, and opens
 * again on the next read.
 */
export function rawCache(options: { name?: string; indexedDB?: IDBFactory } = {}): CacheConnection {
  const name = options.name ?? DB_NAME;
  let idb: IDBDatabase | undefined;
  let opening: Promise<IDBDatabase> | undefined;
  const openOnce = () =>
    new Promise<IDBDatabase>((resolve, reject) => {
      const req = (options.indexedDB ?? indexedDB).open(name);
      let created = false;
      // No version asked: an upgrade is only ever "create it". Leave that to Dexie (it would
      // otherwise find an empty version-1 database of ours).
      req.onupgradeneeded = () => {
        created = true;
        req.transaction?.abort();
      };
      req.onerror = () => reject(created ? new NoCache() : req.error);
      req.onsuccess = () => resolve(req.result);
    });
  const open = async (): Promise<IDBDatabase> => {
    let db = await openOnce();
    if (db.version < idbVersionOf(CACHE_VERSION)) {
      // Older than this code: Dexie upgrades it (as the background would), then it is read raw.
      db.close();
      const { openDb } = await import('./db');
      const dexie = openDb({ name, indexedDB: options.indexedDB });
      await dexie.open();
      dexie.close();
      db = await openOnce();
    }
    db.onversionchange = () => {
      db.close();
      if (idb === db) {
        idb = undefined;
        opening = undefined;
      }
    };
    idb = db;
    return db;
  };
  return {
    name,
    isOpen: () => idb !== undefined,
    open() {
      if (!opening) {
        opening = open();
        opening.catch(() => {
          opening = undefined;
        });
      }
      return opening;
    },
    backendDB() {
      if (!idb) throw new DOMException('The cache is not open.', 'InvalidStateError');
      return idb;
    },
  };
}

/**
 * Runs `read` on the open connection. When the connection was closed meanwhile (another page
 * upgraded or deleted the database) it opens it again and runs `read` once more; when there is
 * no database yet, it gives `empty`.
 */
export async function withConnection<T>(
  db: CacheConnection,
  read: (idb: IDBDatabase) => Promise<T>,
  empty: () => T,
): Promise<T> {
  try {
    if (!db.isOpen()) await db.open();
    try {
      return await read(db.backendDB());
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'InvalidStateError')) throw e;
      await db.open();
      return await read(db.backendDB());
    }
  } catch (e) {
    if (e instanceof NoCache) return empty();
    throw e;
  }
}

/** The result of one request in a read-only transaction over `stores`. */
function readOnly<T>(idb: IDBDatabase, stores: string[], ask: (tx: IDBTransaction) => IDBRequest[]) {
  return new Promise<T[]>((resolve, reject) => {
    const tx = idb.transaction(stores, 'readonly');
    const reqs = ask(tx);
    tx.oncomplete = () => resolve(reqs.map((r) => r.result as T));
    tx.onabort = () => reject(tx.error ?? new Error('A read of the cache was aborted.'));
  });
}

/** The dataset's meta (undefined: no data). */
export function readMeta(db: CacheConnection): Promise<DatasetMeta | undefined> {
  return withConnection(
    db,
    async (idb) =>
      (
        await readOnly<DatasetMeta | undefined>(idb, ['meta'], (tx) => [
          tx.objectStore('meta').get('dataset'),
        ])
      )[0],
    () => undefined,
  );
}

/** The stored accounts of these ids (those that exist). */
export function readAccounts(db: CacheConnection, ids: string[]): Promise<StoredAccount[]> {
  if (!ids.length) return Promise.resolve([]);
  return withConnection(
    db,
    async (idb) =>
      (
        await readOnly<StoredAccount | undefined>(idb, ['accounts'], (tx) =>
          ids.map((id) => tx.objectStore('accounts').get(id)),
        )
      ).filter((a): a is StoredAccount => a !== undefined),
    () => [],
  );
}

/**
 * The stored accounts whose `index` (one of the accounts table's look-up indexes, lib/db/db.ts)
 * holds any of `keys`, each once; every look-up in one read-only transaction.
 */
export function accountsWhere(
  db: CacheConnection,
  lookups: { index: string; keys: string[] }[],
): Promise<StoredAccount[]> {
  const asks = lookups.flatMap((l) => l.keys.map((key) => ({ index: l.index, key })));
  if (!asks.length) return Promise.resolve([]);
  return withConnection(
    db,
    async (idb) => {
      const lists = await readOnly<StoredAccount[]>(idb, ['accounts'], (tx) =>
        asks.map((a) => tx.objectStore('accounts').index(a.index).getAll(a.key)),
      );
      const found = new Map<string, StoredAccount>();
      for (const rows of lists) for (const r of rows) found.set(r.id, r);
      return [...found.values()];
    },
    () => [],
  );
}

/** Up to `limit` stored accounts, in key order, for which `match` holds (a scan of the table). */
export function findAccounts(
  db: CacheConnection,
  match: (a: StoredAccount) => boolean,
  limit: number,
): Promise<StoredAccount[]> {
  return withConnection(
    db,
    (idb) =>
      new Promise<StoredAccount[]>((resolve, reject) => {
        const out: StoredAccount[] = [];
        const tx = idb.transaction(['accounts'], 'readonly');
        const req = tx.objectStore('accounts').openCursor();
        req.onsuccess = () => {
          const c = req.result;
          if (!c) return;
          const a = c.value as StoredAccount;
          if (match(a)) out.push(a);
          if (out.length < limit) c.continue();
        };
        tx.oncomplete = () => resolve(out);
        tx.onabort = () => reject(tx.error ?? new Error('A read of the cache was aborted.'));
      }),
    () => [],
  );
}

/** The latest day (a day number) of any stored usage chunk, undefined without usage. */
export function latestUsageDay(db: CacheConnection): Promise<number | undefined> {
  return withConnection(
    db,
    (idb) =>
      new Promise<number | undefined>((resolve, reject) => {
        let latest: number | undefined;
        const tx = idb.transaction(['usageChunks'], 'readonly');
        const req = tx.objectStore('usageChunks').openCursor();
        req.onsuccess = () => {
          const c = req.result;
          if (!c) return;
          const days = (c.value as UsageSeries).days;
          if (days.length > 0 && (latest === undefined || days[days.length - 1] > latest))
            latest = days[days.length - 1];
          c.continue();
        };
        tx.oncomplete = () => resolve(latest);
        tx.onabort = () => reject(tx.error ?? new Error('A read of the cache was aborted.'));
      }),
    () => undefined,
  );
}
