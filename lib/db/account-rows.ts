/**
 * The panel's read of one account (lib/db/account-view.ts): the meta, the account's rows and,
 * once per data version, the catalogue (plans, features, milestones) and whether the cache holds
 * any deal — in one read-only IndexedDB transaction.
 */
import type { Deal, Feature, Milestone, Plan, Sentiment, Survey, Ticket, User } from '../dataset/schema';
import { type CacheConnection, withConnection } from './connection';
import type { DatasetMeta, HealthbarDB, RevenueSeries, StoredAccount, UsageChunk, UsageSeries } from './db';
import { accountChunkRange, joinUsage } from './usage-chunks';

let catalogMemo: { version: number; plans: Plan[]; features: Feature[]; milestones: Milestone[] } | null =
  null;
let dealsMemo: { version: number; any: boolean } | null = null;

/** The catalogue read with a data version (null until an account read of that version). */
export function catalogOf(
  version: number,
): { plans: Plan[]; features: Feature[]; milestones: Milestone[] } | null {
  return catalogMemo?.version === version ? catalogMemo : null;
}

/** Whether the cache of that data version holds any deal (false until read). */
export function cacheHasDeals(version: number): boolean {
  return dealsMemo?.version === version && dealsMemo.any;
}

/** Everything one account's view reads, as stored. */
export interface AccountRows {
  meta: DatasetMeta | undefined;
  stored: StoredAccount | undefined;
  usage: UsageSeries | undefined;
  revenue: RevenueSeries | undefined;
  users: User[];
  tickets: Ticket[];
  surveys: Survey[];
  deals: Deal[];
  sentiment: Sentiment[];
}

/** The tables an account's read touches (the catalogue and `deals` only when the version changed). */
const READ_TABLES = [
  'meta',
  'accounts',
  'usageChunks',
  'revenue',
  'users',
  'tickets',
  'surveys',
  'deals',
  'sentiment',
  'plans',
  'features',
  'milestones',
] as const satisfies readonly (keyof HealthbarDB)[];

/** No data (the database does not exist yet). */
const emptyRows = (): AccountRows => ({
  meta: undefined,
  stored: undefined,
  usage: undefined,
  revenue: undefined,
  users: [],
  tickets: [],
  surveys: [],
  deals: [],
  sentiment: [],
});

/** One read-only transaction over the account's tables (below). */
function readRowsOnce(idb: IDBDatabase, accountId: string): Promise<AccountRows> {
  return new Promise((resolve, reject) => {
    const tx = idb.transaction(READ_TABLES, 'readonly');
    const rows = emptyRows();
    let catalog: { plans: Plan[]; features: Feature[]; milestones: Milestone[] } | undefined;
    let anyDeals: boolean | undefined;
    const ask = <T>(req: IDBRequest, set: (v: T) => void) => {
      req.onsuccess = () => set(req.result as T);
    };
    const store = (name: (typeof READ_TABLES)[number]) => tx.objectStore(name);
    const byAccount = <T>(name: (typeof READ_TABLES)[number], set: (v: T[]) => void) =>
      ask(store(name).index('accountId').getAll(accountId), set);
    ask<DatasetMeta | undefined>(store('meta').get('dataset'), (m) => {
      rows.meta = m;
      // Still inside the transaction: the small workspace-wide tables, once per data version.
      if (!m) return;
      if (catalogMemo?.version !== m.version) {
        const c = { plans: [] as Plan[], features: [] as Feature[], milestones: [] as Milestone[] };
        catalog = c;
        ask<Plan[]>(store('plans').getAll(), (v) => {
          c.plans = v;
        });
        ask<Feature[]>(store('features').getAll(), (v) => {
          c.features = v;
        });
        ask<Milestone[]>(store('milestones').getAll(), (v) => {
          c.milestones = v;
        });
      }
      if (dealsMemo?.version !== m.version) {
        ask<IDBValidKey[]>(store('deals').getAllKeys(null, 1), (k) => {
          anyDeals = k.length > 0;
        });
      }
    });
    ask<StoredAccount | undefined>(store('accounts').get(accountId), (v) => {
      rows.stored = v;
    });
    // The account's usage chunk rows, in chunk order (lib/db/usage-chunks.ts), joined into one series.
    const [lo, hi] = accountChunkRange(accountId);
    ask<UsageChunk[]>(store('usageChunks').getAll(IDBKeyRange.bound(lo, hi)), (chunks) => {
      rows.usage = chunks.length ? joinUsage(accountId, chunks) : undefined;
    });
    ask<RevenueSeries | undefined>(store('revenue').get(accountId), (v) => {
      rows.revenue = v;
    });
    byAccount<User>('users', (v) => {
      rows.users = v;
    });
    byAccount<Ticket>('tickets', (v) => {
      rows.tickets = v;
    });
    byAccount<Survey>('surveys', (v) => {
      rows.surveys = v;
    });
    byAccount<Deal>('deals', (v) => {
      rows.deals = v;
    });
    // The `sentiment` component's entries (read by the score only when weights.sentiment > 0).
    byAccount<Sentiment>('sentiment', (v) => {
      rows.sentiment = v;
    });
    tx.oncomplete = () => {
      const version = rows.meta?.version;
      if (version !== undefined && catalog) catalogMemo = { version, ...catalog };
      if (version !== undefined && anyDeals !== undefined) dealsMemo = { version, any: anyDeals };
      resolve(rows);
    };
    tx.onabort = () => reject(tx.error ?? new Error('The read of the account was aborted.'));
  });
}

/**
 * The meta, the account's rows and (once per data version) the catalogue, in ONE read-only
 * IndexedDB transaction whose requests are all issued at once: the meta, three primary-key gets
 * and five `accountId` index ranges. Written on the IndexedDB API itself (the connection Dexie
 * opened, `backendDB()`, or `rawCache()` without Dexie for the panel's first paint), not through
 * Dexie's tables: there a view took a transaction for the meta and another for the rows, and
 * Dexie's promise layer per request cost about as much as the requests themselves
 * (bench/README.md, `accountView` parts) — the panel waits on this read.
 */
export function readAccountRows(db: CacheConnection, accountId: string): Promise<AccountRows> {
  return withConnection(db, (idb) => readRowsOnce(idb, accountId), emptyRows);
}
