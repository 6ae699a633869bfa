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
 * - `usage` and `revenue`: one columnar series per account (typed arrays sorted by day / month),
 *   so a 400-day history is one row, not 400.
 * - `users`, `tickets`, `surveys`: one row per record, indexed by account.
 * - `plans`, `features`, `milestones`: as in the contract.
 * - `meta`: the dataset header, sync cursor, workspace context and a version that changes with
 *   every applied batch (the account-view cache is keyed on it).
 */
import Dexie, { type EntityTable } from 'dexie';
import type {
  Account,
  Feature,
  Milestone,
  Plan,
  Survey,
  Ticket,
  User,
  WorkspaceContext,
} from '../dataset/schema';

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

export type HealthbarDB = Dexie & {
  meta: EntityTable<DatasetMeta, 'id'>;
  accounts: EntityTable<StoredAccount, 'id'>;
  usage: EntityTable<UsageSeries, 'accountId'>;
  revenue: EntityTable<RevenueSeries, 'accountId'>;
  users: EntityTable<User, 'id'>;
  tickets: EntityTable<Ticket, 'id'>;
  surveys: EntityTable<Survey, 'id'>;
  plans: EntityTable<Plan, 'id'>;
  features: EntityTable<Feature, 'key'>;
  milestones: EntityTable<Milestone, 'key'>;
  rejections: EntityTable<RejectionRow, 'id'>;
};

export const DB_NAME = 'healthbar';

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
  return db;
}

/** Every table that holds dataset records (cleared together by an import or "Clear cache"). */
export function dataTables(db: HealthbarDB) {
  return [
    db.meta,
    db.accounts,
    db.usage,
    db.revenue,
    db.users,
    db.tickets,
    db.surveys,
    db.plans,
    db.features,
    db.milestones,
  ];
}
