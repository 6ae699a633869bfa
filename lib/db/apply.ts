/**
 * Applying validated changes to the cache — the one write path shared by sync and import.
 *
 * `applyChanges` must run inside a Dexie `rw` transaction over all data tables (the caller
 * opens it, so a sync page and its cursor advance commit together). Applying the same change
 * twice is a no-op: upserts replace by key and tombstones of absent records do nothing.
 */

import type { Change } from '../contracts/sync-page';
import { normaliseDomain, normaliseName, salesforceId15 } from '../crm/resolve';
import {
  type Account,
  type CollectionName,
  type CollectionRecords,
  type Dataset,
  type DatasetHeader,
  type Deal,
  type Feature,
  type Milestone,
  type Plan,
  recordKey,
  type Sentiment,
  type Survey,
  type Task,
  type Ticket,
  type UsageRow,
  type User,
} from '../dataset/schema';
import { dayNumber, monthNumber } from '../metrics/dates';
import { contractAccount, revenueRows, usageRows } from './connection';
import {
  type DatasetMeta,
  dataTables,
  type HealthbarDB,
  KEYED_TABLES,
  type RecordTables,
  type RevenueSeries,
  type StoredAccount,
  type UsageChunk,
} from './db';
import { chunkOfDay, emptyUsageChunk, mergeUsageChunk } from './usage-chunks';

// Defined once in ./connection (Dexie-free, for the panel's first paint); here for the write path's users.
export { contractAccount, revenueRows, usageRows };

/** The derived look-up fields stored beside an account. */
export function storedAccount(a: Account, order: number): StoredAccount {
  const domains = new Set<string>();
  for (const d of a.domains) {
    const n = normaliseDomain(d);
    if (n) domains.add(n);
  }
  const sf = a.crm.salesforceAccountId;
  return {
    ...a,
    _order: order,
    _sf15: sf ? (salesforceId15(sf) ?? undefined) : undefined,
    _domains: [...domains],
    _name: normaliseName(a.name),
  };
}

const EMPTY_REVENUE = (accountId: string): RevenueSeries => ({
  accountId,
  months: new Int32Array(0),
  mrr: new Float64Array(0),
});

function mergeRevenue(base: RevenueSeries, puts: Map<number, number>, dels: Set<number>): RevenueSeries {
  const byMonth = new Map<number, number>();
  for (let i = 0; i < base.months.length; i++) byMonth.set(base.months[i], base.mrr[i]);
  for (const m of dels) byMonth.delete(m);
  for (const [m, v] of puts) byMonth.set(m, v);
  const months = Int32Array.from(byMonth.keys()).sort();
  const mrr = new Float64Array(months.length);
  months.forEach((m, i) => {
    mrr[i] = byMonth.get(m)!;
  });
  return { accountId: base.accountId, months, mrr };
}

interface SeriesEdits<T> {
  puts: Map<number, T>;
  dels: Set<number>;
}

function edits<K, T>(m: Map<K, SeriesEdits<T>>, key: K): SeriesEdits<T> {
  let e = m.get(key);
  if (!e) {
    e = { puts: new Map(), dels: new Set() };
    m.set(key, e);
  }
  return e;
}

/**
 * Applies changes in order (a later change to the same key wins, as in the dataset contract).
 * Returns how many changes were applied. Call inside `db.transaction('rw', dataTables(db), …)`.
 * `db` is the database (its live tables) or the staged tables of a snapshot (`stagedTables`).
 */
export async function applyChanges(
  db: RecordTables,
  meta: DatasetMeta,
  changes: readonly Change[],
): Promise<number> {
  // Last change per key wins within the batch; keep the batch order for accounts' first appearance.
  const accountPuts = new Map<string, Account | null>();
  const simple: Record<
    'users' | 'tickets' | 'surveys' | 'deals' | 'tasks' | 'sentiment' | 'plans' | 'features' | 'milestones',
    Map<string, unknown>
  > = {
    users: new Map(),
    tickets: new Map(),
    surveys: new Map(),
    deals: new Map(),
    tasks: new Map(),
    sentiment: new Map(),
    plans: new Map(),
    features: new Map(),
    milestones: new Map(),
  };
  const usageEdits = new Map<string, SeriesEdits<UsageRow>>();
  const revenueEdits = new Map<string, SeriesEdits<number>>();

  for (const c of changes) {
    if ('deleted' in c) {
      if (c.collection === 'usage') {
        const e = edits(usageEdits, c.key.accountId);
        const d = dayNumber(c.key.date);
        e.puts.delete(d);
        e.dels.add(d);
      } else if (c.collection === 'revenue') {
        const e = edits(revenueEdits, c.key.accountId);
        const m = monthNumber(c.key.month);
        e.puts.delete(m);
        e.dels.add(m);
      } else if (c.collection === 'accounts') {
        accountPuts.set(c.id, null);
      } else {
        simple[c.collection].set(c.id, null);
      }
      continue;
    }
    switch (c.collection) {
      case 'usage': {
        const e = edits(usageEdits, c.record.accountId);
        const d = dayNumber(c.record.date);
        e.dels.delete(d);
        e.puts.set(d, c.record);
        break;
      }
      case 'revenue': {
        const e = edits(revenueEdits, c.record.accountId);
        const m = monthNumber(c.record.month);
        e.dels.delete(m);
        e.puts.set(m, c.record.mrr);
        break;
      }
      case 'accounts':
        accountPuts.delete(c.record.id); // re-insert so a later upsert keeps batch order
        accountPuts.set(c.record.id, c.record);
        break;
      default:
        simple[c.collection].set(recordKey(c.collection, c.record as never), c.record);
    }
  }

  if (accountPuts.size > 0) {
    const ids = [...accountPuts.keys()];
    const existing = await db.accounts.bulkGet(ids);
    const puts: StoredAccount[] = [];
    const dels: string[] = [];
    ids.forEach((id, i) => {
      const rec = accountPuts.get(id)!;
      if (rec === null) {
        if (existing[i]) dels.push(id);
        return;
      }
      const order = existing[i]?._order ?? meta.nextOrder++;
      puts.push(storedAccount(rec, order));
    });
    if (dels.length) await db.accounts.bulkDelete(dels);
    if (puts.length) await db.accounts.bulkPut(puts);
  }

  for (const name of KEYED_TABLES) {
    const m = simple[name];
    if (m.size === 0) continue;
    const table = db[name] as unknown as {
      bulkPut(rows: unknown[]): Promise<unknown>;
      bulkDelete(keys: string[]): Promise<void>;
    };
    const puts: unknown[] = [];
    const dels: string[] = [];
    for (const [k, v] of m) {
      if (v === null) dels.push(k);
      else puts.push(v);
    }
    if (dels.length) await table.bulkDelete(dels);
    if (puts.length) await table.bulkPut(puts);
  }

  await applyUsageEdits(db.usageChunks, usageEdits);
  await applySeriesEdits(db.revenue, revenueEdits, REVENUE_SERIES);

  return changes.length;
}

/** How one kind of series starts, takes edits and is found empty. */
interface SeriesKind<S, V> {
  empty: (accountId: string) => S;
  merge: (base: S, puts: Map<number, V>, dels: Set<number>) => S;
  isEmpty: (s: S) => boolean;
}

const REVENUE_SERIES: SeriesKind<RevenueSeries, number> = {
  empty: EMPTY_REVENUE,
  merge: mergeRevenue,
  isEmpty: (r) => r.months.length === 0,
};

/** A table of per-account series (usage days, revenue months). */
interface SeriesTable<S> {
  bulkGet(keys: string[]): Promise<(S | undefined)[]>;
  bulkPut(rows: S[]): Promise<unknown>;
  bulkDelete(keys: string[]): Promise<void>;
}

/** Merges each account's edits into its stored series; a series left with nothing is deleted. */
async function applySeriesEdits<S, V>(
  table: SeriesTable<NoInfer<S>>,
  edits: Map<string, SeriesEdits<V>>,
  { empty, merge, isEmpty }: SeriesKind<S, V>,
): Promise<void> {
  if (edits.size === 0) return;
  const ids = [...edits.keys()];
  const existing = await table.bulkGet(ids);
  const puts: S[] = [];
  const dels: string[] = [];
  ids.forEach((id, i) => {
    const e = edits.get(id)!;
    const merged = merge(existing[i] ?? empty(id), e.puts, e.dels);
    if (isEmpty(merged)) {
      if (existing[i]) dels.push(id);
    } else puts.push(merged);
  });
  if (dels.length) await table.bulkDelete(dels);
  if (puts.length) await table.bulkPut(puts);
}

/**
 * Merges each account's day edits into the chunk rows they fall in (lib/db/usage-chunks.ts):
 * only those rows are read and written; a chunk left with no day is deleted.
 */
async function applyUsageEdits(
  table: RecordTables['usageChunks'],
  byAccount: Map<string, SeriesEdits<UsageRow>>,
): Promise<void> {
  if (byAccount.size === 0) return;
  const keys: [string, number][] = [];
  const chunkEdits: SeriesEdits<UsageRow>[] = [];
  for (const [accountId, e] of byAccount) {
    const byChunk = new Map<number, SeriesEdits<UsageRow>>();
    for (const [d, r] of e.puts) edits(byChunk, chunkOfDay(d)).puts.set(d, r);
    for (const d of e.dels) edits(byChunk, chunkOfDay(d)).dels.add(d);
    for (const [chunk, ce] of byChunk) {
      keys.push([accountId, chunk]);
      chunkEdits.push(ce);
    }
  }
  const existing = await table.bulkGet(keys);
  const puts: UsageChunk[] = [];
  const dels: [string, number][] = [];
  keys.forEach(([accountId, chunk], i) => {
    const merged = mergeUsageChunk(
      existing[i] ?? emptyUsageChunk(accountId, chunk),
      chunkEdits[i].puts,
      chunkEdits[i].dels,
    );
    if (merged.days.length === 0) {
      if (existing[i]) dels.push(keys[i]);
    } else puts.push(merged);
  });
  if (dels.length) await table.bulkDelete(dels);
  if (puts.length) await table.bulkPut(puts);
}

/** The whole cache as a dataset in the interchange form (accounts in dataset order). */
export async function exportDataset(db: HealthbarDB): Promise<Dataset | null> {
  return db.transaction('r', dataTables(db), async () => {
    const meta = await db.meta.get('dataset');
    if (!meta) return null;
    const header: DatasetHeader = {
      schemaVersion: meta.schemaVersion,
      currency: meta.currency,
      ...(meta.generatedAt ? { generatedAt: meta.generatedAt } : {}),
      ...(meta.dataThrough ? { dataThrough: meta.dataThrough } : {}),
    };
    const accounts = (await db.accounts.orderBy('_order').toArray()).map(contractAccount);
    // Chunk rows in key order: by account, then by day.
    const usage = (await db.usageChunks.toArray()).flatMap(usageRows);
    const revenue = (await db.revenue.toArray()).flatMap(revenueRows);
    return {
      ...header,
      plans: (await db.plans.toArray()) as Plan[],
      features: (await db.features.toArray()) as Feature[],
      milestones: (await db.milestones.toArray()) as Milestone[],
      accounts,
      revenue,
      usage,
      users: (await db.users.toArray()) as User[],
      tickets: (await db.tickets.toArray()) as Ticket[],
      surveys: (await db.surveys.toArray()) as Survey[],
      deals: (await db.deals.toArray()) as Deal[],
      tasks: (await db.tasks.toArray()) as Task[],
      sentiment: (await db.sentiment.toArray()) as Sentiment[],
    };
  });
}

/** The dataset as a list of upserts, collections in contract order (used by import). */
export function datasetChanges(ds: Dataset): Change[] {
  const out: Change[] = [];
  const push = <C extends CollectionName>(collection: C, rows: CollectionRecords[C][]) => {
    for (const record of rows) out.push({ collection, record } as Change);
  };
  push('plans', ds.plans);
  push('features', ds.features);
  push('milestones', ds.milestones);
  push('accounts', ds.accounts);
  push('revenue', ds.revenue);
  push('usage', ds.usage);
  push('users', ds.users);
  push('tickets', ds.tickets);
  push('surveys', ds.surveys);
  push('deals', ds.deals ?? []);
  push('tasks', ds.tasks ?? []);
  push('sentiment', ds.sentiment ?? []);
  return out;
}
