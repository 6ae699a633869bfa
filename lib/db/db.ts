/**
 * Healthbar's cache: one Dexie (IndexedDB) database in the extension's origin.
 *
 * Open it only from extension contexts (background, panel, options, popup, dashboard) —
 * never from a content script: IndexedDB opened there belongs to the CRM's origin and the
 * CRM's own scripts could read it.
 *
 * Shape (compact, lossless for every contract field, see docs/DATASET.md "Lossless"):
 * - `accounts`: the contract record plus derived look-up keys (`_order` keeps dataset order,
 *   `_sf15` the 15-character Salesforce id, `_domains` normalised domains, `_name` normalised name).
 * - `usageChunks`: each account's daily usage as columnar rows of up to 128 days (typed arrays
 *   sorted by day, lib/db/usage-chunks.ts), keyed by `[accountId+chunk]`: a 400-day history is
 *   4 rows, not 400, and one more day rewrites one small row, not the whole history. Read an
 *   account's series with `readUsage`.
 * - `revenue`: one columnar series per account (typed arrays sorted by month).
 * - `users`, `tickets`, `surveys`, `deals`, `tasks`, `sentiment`: one row per record, indexed by account.
 * - `plans`, `features`, `milestones`: as in the contract.
 * - `meta`: the dataset header, sync cursor, workspace context and a version that changes with
 *   every applied batch (the account-view cache is keyed on it).
 * - `snapshot` and the `staged*` tables: a full sync under way (see lib/sync/snapshot.ts). A
 *   re-snapshot is written into the staged tables and swapped into the live ones in one
 *   transaction after its last page, so every view keeps reading the previous complete data
 *   from the live tables, with their indexes, until then.
 */
import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie';
import type {
  Account,
  Deal,
  Feature,
  Milestone,
  Plan,
  Sentiment,
  Survey,
  Task,
  Ticket,
  User,
  WorkspaceContext,
} from '../dataset/schema';
import { CACHE_VERSION, DB_NAME } from './connection';
import { joinUsage, splitUsage } from './usage-chunks';

export interface StoredAccount extends Account {
  _order: number;
  _sf15?: string;
  _domains: string[];
  _name: string;
}

/** One account's usage rows, columnar. `days` are UTC day numbers (days since 1970-01-01), ascending. */
export interface UsageSeries {
  accountId: string;
  days: Int32Array;
  dau: Float64Array;
  wau: Float64Array;
  mau: Float64Array;
  minutes: Float64Array;
  sessions: Float64Array;
}

/** Up to `USAGE_CHUNK_DAYS` days of one account's usage: `chunk` = day ÷ USAGE_CHUNK_DAYS (lib/db/usage-chunks.ts). */
export interface UsageChunk extends UsageSeries {
  chunk: number;
}

/** One account's revenue rows, columnar. `months` are month numbers (year × 12 + month − 1), ascending. */
export interface RevenueSeries {
  accountId: string;
  months: Int32Array;
  mrr: Float64Array;
}

export interface DatasetMeta {
  id: 'dataset';
  schemaVersion: 1;
  currency: string;
  generatedAt?: string;
  dataThrough?: string;
  /** Workspace-wide figures from the sync (a book-scoped cache needs them); absent for imports. */
  context?: WorkspaceContext;
  /** Where the data came from. */
  source: 'sync' | 'import';
  /** The sync cursor after the last applied page (sync only). */
  cursor?: string;
  /** Changes with every applied batch; derived views are cached per version. */
  version: number;
  /** Next `_order` to hand out to a new account. */
  nextOrder: number;
  updatedAt: string;
  /**
   * Records refused (invalid) since the data was last fetched whole: the sync's cursor has moved
   * past them, so only a full re-fetch brings them back once the server sends them valid.
   */
  rejected?: number;
  /** The server's ETag for the sync request from `cursor` (sent as If-None-Match on the next poll). */
  etag?: { cursor: string; limit: number; value: string };
}

/**
 * A full sync (snapshot) under way: where it is, and the dataset header it has gathered so far.
 * `target: 'live'` — the cache was empty, pages go straight into the live tables and `meta` is
 * written only with the last page (until then every view says "no data yet"); `'staged'` — the
 * cache holds complete data, pages go into the staged tables and are swapped in at the end.
 */
export interface SnapshotProgress {
  id: 'snapshot';
  /** Tells one snapshot from another (a restart or "Re-fetch everything" starts a new one). */
  runId: string;
  target: 'live' | 'staged';
  /** The server it comes from: a snapshot is never continued against another one. */
  apiUrl: string;
  /** The cursor after the last page applied (undefined: no page yet). */
  cursor?: string;
  startedAt: string;
  pages: number;
  records: number;
  rejected: number;
  currency?: string;
  dataThrough?: string;
  context?: WorkspaceContext;
  nextOrder: number;
}

export interface RejectionRow {
  id?: number;
  at: string;
  source: 'sync' | 'import';
  collection: string;
  ref: string;
  field: string;
  message: string;
}

/**
 * A task or sentiment write waiting for the server (lib/ext/outreach.ts): kept apart from the
 * data tables, so an import or a full sync does not drop it; sent in `seq` order.
 */
export interface OutboxRow {
  seq?: number;
  kind: 'task' | 'task-patch' | 'sentiment';
  /** The task's or entry's id. */
  id: string;
  accountId: string;
  body: unknown;
  /**
   * Earlier versions kept a write the server refused for good here with its reason; such a row is
   * now turned into a `RefusedRow` by the next flush (lib/ext/outreach.ts).
   */
  failed?: string;
}

/**
 * A write the server refused for good (403 outside the token's book, 400 invalid, …): taken out
 * of the outbox (never sent again) and out of the cache, and kept here to tell the person what
 * happened and what to do, in the panel (the account's) and the popup (all), until dismissed.
 */
export interface RefusedRow {
  id?: number;
  /** When the refusal was seen (ISO timestamp). */
  at: string;
  kind: OutboxRow['kind'];
  /** The task's or entry's id. */
  recordId: string;
  accountId: string;
  /** The HTTP status, or 0 for a refusal an earlier version recorded without it. */
  status: number;
  /** For people: what happened and what to do. */
  message: string;
}

export type HealthbarDB = Dexie & {
  meta: EntityTable<DatasetMeta, 'id'>;
  accounts: EntityTable<StoredAccount, 'id'>;
  usageChunks: Table<UsageChunk, [string, number]>;
  revenue: EntityTable<RevenueSeries, 'accountId'>;
  users: EntityTable<User, 'id'>;
  tickets: EntityTable<Ticket, 'id'>;
  surveys: EntityTable<Survey, 'id'>;
  deals: EntityTable<Deal, 'id'>;
  tasks: EntityTable<Task, 'id'>;
  sentiment: EntityTable<Sentiment, 'id'>;
  plans: EntityTable<Plan, 'id'>;
  features: EntityTable<Feature, 'key'>;
  milestones: EntityTable<Milestone, 'key'>;
  rejections: EntityTable<RejectionRow, 'id'>;
  outbox: EntityTable<OutboxRow, 'seq'>;
  refused: EntityTable<RefusedRow, 'id'>;
  snapshot: EntityTable<SnapshotProgress, 'id'>;
  stagedAccounts: EntityTable<StoredAccount, 'id'>;
  stagedUsageChunks: Table<UsageChunk, [string, number]>;
  stagedRevenue: EntityTable<RevenueSeries, 'accountId'>;
  stagedUsers: EntityTable<User, 'id'>;
  stagedTickets: EntityTable<Ticket, 'id'>;
  stagedSurveys: EntityTable<Survey, 'id'>;
  stagedDeals: EntityTable<Deal, 'id'>;
  stagedTasks: EntityTable<Task, 'id'>;
  stagedSentiment: EntityTable<Sentiment, 'id'>;
  stagedPlans: EntityTable<Plan, 'id'>;
  stagedFeatures: EntityTable<Feature, 'key'>;
  stagedMilestones: EntityTable<Milestone, 'key'>;
  stagedRejections: EntityTable<RejectionRow, 'id'>;
};

/** Defined in ./connection (without Dexie, for the panel's first paint). */
export { CACHE_VERSION, DB_NAME };

/**
 * Opens (or creates) the cache. `indexedDB`/`IDBKeyRange` can be passed in (tests use
 * fake-indexeddb); extension pages use the browser's own.
 */
export function openDb(
  options: { name?: string; indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {},
): HealthbarDB {
  const deps = options.indexedDB
    ? { indexedDB: options.indexedDB, IDBKeyRange: options.IDBKeyRange }
    : undefined;
  const db = new Dexie(options.name ?? DB_NAME, deps) as HealthbarDB;
  // Bump the version on every schema change; add an .upgrade() when data must move.
  db.version(1).stores({
    meta: 'id',
    accounts: 'id, _order, crm.hubspotCompanyId, _sf15, crm.zendeskOrganizationId, *_domains, _name, owner',
    usage: 'accountId',
    revenue: 'accountId',
    users: 'id, accountId',
    tickets: 'id, accountId',
    surveys: 'id, accountId',
    plans: 'id',
    features: 'key',
    milestones: 'key',
    rejections: '++id, at',
  });
  // Version 2: a snapshot is staged apart from the live tables. The staged tables have only
  // their primary keys (the sync's writes look rows up by key only); the look-up indexes are
  // built when the rows are copied into the live tables.
  db.version(2).stores({
    snapshot: 'id',
    stagedAccounts: 'id',
    stagedUsage: 'accountId',
    stagedRevenue: 'accountId',
    stagedUsers: 'id',
    stagedTickets: 'id',
    stagedSurveys: 'id',
    stagedPlans: 'id',
    stagedFeatures: 'key',
    stagedMilestones: 'key',
    stagedRejections: '++id',
  });
  // Version 3: outreach tasks and people's sentiment entries (DATASET.md `tasks`, `sentiment`).
  db.version(3).stores({
    tasks: 'id, accountId, owner, status',
    sentiment: 'id, accountId',
    stagedTasks: 'id',
    stagedSentiment: 'id',
    outbox: '++seq',
  });
  // Version 4: the CRM's deals (DATASET.md `deals`, issue 32).
  db.version(4).stores({
    deals: 'id, accountId',
    stagedDeals: 'id',
  });
  // Version 5: outreach writes the server refused for good, until the person dismisses them.
  db.version(5).stores({
    refused: '++id, accountId',
  });
  // Version 6: usage in chunks of days per account (was one whole series per account), so one
  // more day rewrites one small row. The stored series (live, and staged of a snapshot under way)
  // are split into chunks here; version 7 drops the old tables.
  db.version(6)
    .stores({
      usageChunks: '[accountId+chunk]',
      stagedUsageChunks: '[accountId+chunk]',
    })
    .upgrade(async (tx) => {
      await chunkSeries(tx, 'usage', 'usageChunks');
      await chunkSeries(tx, 'stagedUsage', 'stagedUsageChunks');
    });
  db.version(7).stores({ usage: null, stagedUsage: null });
  // The last version is CACHE_VERSION (lib/db/connection.ts): raise it with every new one.
  // Version 8: chunks of 128 days (were 64; USAGE_CHUNK_DAYS). Each account's stored rows, live
  // and staged, are joined and split again. A cache coming from version 5 or older was already
  // split at 128 days by version 6, which this leaves as it is.
  db.version(8).upgrade(async (tx) => {
    await rechunkUsage(tx, 'usageChunks');
    await rechunkUsage(tx, 'stagedUsageChunks');
  });
  return db;
}

/**
 * Splits every account's chunk rows again at the current `USAGE_CHUNK_DAYS`, about a thousand rows
 * at a time (memory stays small). Rows already of the current size come back the same.
 */
async function rechunkUsage(tx: Transaction, name: string): Promise<void> {
  const table = tx.table<UsageChunk, [string, number]>(name);
  const keys = await table.toCollection().primaryKeys();
  let start = 0;
  while (start < keys.length) {
    // About 1,000 rows per batch, never splitting one account's rows (keys are in account order).
    let end = Math.min(start + 1000, keys.length);
    while (end < keys.length && keys[end][0] === keys[end - 1][0]) end++;
    const batch = keys.slice(start, end);
    const rows = await table.bulkGet(batch);
    const byAccount = new Map<string, UsageChunk[]>();
    for (const r of rows) {
      if (!r) continue;
      const list = byAccount.get(r.accountId);
      if (list) list.push(r);
      else byAccount.set(r.accountId, [r]);
    }
    const chunks = [...byAccount].flatMap(([accountId, list]) => splitUsage(joinUsage(accountId, list)));
    await table.bulkDelete(batch);
    if (chunks.length) await table.bulkPut(chunks);
    start = end;
  }
}

/** Copies whole usage series into chunk rows, a few hundred series at a time (memory stays small). */
async function chunkSeries(tx: Transaction, from: string, to: string): Promise<void> {
  const source = tx.table<UsageSeries, string>(from);
  const keys = await source.toCollection().primaryKeys();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await source.bulkGet(keys.slice(i, i + 500));
    const chunks = rows.flatMap((r) => (r ? splitUsage(r) : []));
    if (chunks.length) await tx.table(to).bulkPut(chunks);
  }
}

/** Every table that holds dataset records (cleared together by an import or "Clear cache"). */
export function dataTables(db: HealthbarDB) {
  return [db.meta, ...recordTableList(db)];
}

/** The tables of the dataset's records, without its meta (what one account's view reads). */
export function recordTableList(db: HealthbarDB) {
  return [
    db.accounts,
    db.usageChunks,
    db.revenue,
    db.users,
    db.tickets,
    db.surveys,
    db.deals,
    db.tasks,
    db.sentiment,
    db.plans,
    db.features,
    db.milestones,
  ];
}

/** The record tables `applyChanges` writes: the live ones, or the staged ones of a snapshot. */
export interface RecordTables {
  accounts: HealthbarDB['accounts'];
  usageChunks: HealthbarDB['usageChunks'];
  revenue: HealthbarDB['revenue'];
  users: HealthbarDB['users'];
  tickets: HealthbarDB['tickets'];
  surveys: HealthbarDB['surveys'];
  deals: HealthbarDB['deals'];
  tasks: HealthbarDB['tasks'];
  sentiment: HealthbarDB['sentiment'];
  plans: HealthbarDB['plans'];
  features: HealthbarDB['features'];
  milestones: HealthbarDB['milestones'];
}

/** The record tables keyed by one record each (not the account rows or the per-account series and chunks). */
export const KEYED_TABLES = [
  'users',
  'tickets',
  'surveys',
  'deals',
  'tasks',
  'sentiment',
  'plans',
  'features',
  'milestones',
] as const satisfies readonly (keyof RecordTables)[];

export const RECORD_TABLES = [
  'accounts',
  'usageChunks',
  'revenue',
  ...KEYED_TABLES,
] as const satisfies readonly (keyof RecordTables)[];

/** The staged counterparts of the live record tables. */
export function stagedTables(db: HealthbarDB): RecordTables {
  return {
    accounts: db.stagedAccounts,
    usageChunks: db.stagedUsageChunks,
    revenue: db.stagedRevenue,
    users: db.stagedUsers,
    tickets: db.stagedTickets,
    surveys: db.stagedSurveys,
    deals: db.stagedDeals,
    tasks: db.stagedTasks,
    sentiment: db.stagedSentiment,
    plans: db.stagedPlans,
    features: db.stagedFeatures,
    milestones: db.stagedMilestones,
  };
}

/** Every table of a snapshot under way (cleared together when it is abandoned or swapped in). */
export function snapshotTables(db: HealthbarDB) {
  return [db.snapshot, ...Object.values(stagedTables(db)), db.stagedRejections];
}
