/**
 * Reads and writes of the workspace's records (storage design: migrations.ts, server/README.md).
 *
 * Invariants the writers keep:
 * - Every change (upsert, tombstone, exit) gets a new `seq` from `change_seq`, drawn while the
 *   transaction holds the write lock, so seqs become visible in increasing order.
 * - `owner` of a live record is the normalised owner of its account (its own owner for an
 *   account), NULL when the account is unknown or has no owner; plans/features/milestones are
 *   `shared` (every scope). A record whose owner changes gets a new seq under the new owner and
 *   an `exits` row (a tombstone) for the old one.
 * - An unchanged record keeps its seq when it is imported again, so a daily full import only
 *   sends what changed.
 */
import {
  type Account,
  type CollectionName,
  type Dataset,
  type DatasetHeader,
  type RevenueRow,
  SCHEMA_VERSION,
  type Ticket,
} from '../lib/dataset/schema';
import type { Db, Queryable } from './db';

export type Scope = { kind: 'workspace' } | { kind: 'book'; owner: string };

export const SHARED_COLLECTIONS: ReadonlySet<CollectionName> = new Set(['plans', 'features', 'milestones']);
export const KEYED_COLLECTIONS: ReadonlySet<CollectionName> = new Set(['revenue', 'usage']);
/** One row per record on an account: a row moved to another owner's account leaves the old book. */
const ACCOUNT_ROWS = new Set<CollectionName>(['users', 'tickets', 'surveys', 'deals', 'tasks', 'sentiment']);

/** Owner emails are compared trimmed and case-insensitively. */
export function normaliseOwner(owner: string | null | undefined): string | null {
  if (owner === null || owner === undefined) return null;
  const s = owner.trim().toLowerCase();
  return s === '' ? null : s;
}

export interface StoredKey {
  /** The id (`key` for features/milestones, `accountId` for revenue/usage). */
  rid: string;
  /** `month` / `date` for revenue / usage, '' otherwise. */
  rsub: string;
  /** The account a record belongs to (an account's own id); null for shared collections. */
  accountId: string | null;
}

export function storedKey(collection: CollectionName, record: Record<string, unknown>): StoredKey {
  switch (collection) {
    case 'plans':
      return { rid: record.id as string, rsub: '', accountId: null };
    case 'features':
    case 'milestones':
      return { rid: record.key as string, rsub: '', accountId: null };
    case 'accounts':
      return { rid: record.id as string, rsub: '', accountId: record.id as string };
    case 'revenue':
      return {
        rid: record.accountId as string,
        rsub: record.month as string,
        accountId: record.accountId as string,
      };
    case 'usage':
      return {
        rid: record.accountId as string,
        rsub: record.date as string,
        accountId: record.accountId as string,
      };
    default:
      return { rid: record.id as string, rsub: '', accountId: record.accountId as string };
  }
}

export interface WorkspaceState {
  epoch: string;
  currency: string | null;
  dataThrough: string | null;
  generatedAt: string | null;
  maxUsageDate: string | null;
  version: number;
}

interface WorkspaceRowDb {
  epoch: string;
  currency: string | null;
  data_through: string | null;
  generated_at: string | null;
  max_usage_date: string | null;
  version: number | string;
}

export async function readWorkspace(q: Queryable): Promise<WorkspaceState> {
  const { rows } = await q.query<WorkspaceRowDb>(
    'SELECT epoch, currency, data_through, generated_at, max_usage_date, version FROM workspace WHERE id = 1',
  );
  const r = rows[0];
  if (!r) throw new Error('The workspace row is missing: the database was not migrated');
  return {
    epoch: r.epoch,
    currency: r.currency,
    dataThrough: r.data_through,
    generatedAt: r.generated_at,
    maxUsageDate: r.max_usage_date,
    version: Number(r.version),
  };
}

/** True when the workspace has never held a record (the server then seeds the demo). */
export async function hasAnyRecord(q: Queryable): Promise<boolean> {
  const { rows } = await q.query('SELECT 1 FROM records LIMIT 1');
  return rows.length > 0;
}

/** One record offered to a batch write (already validated). */
export interface IncomingRecord {
  record: Record<string, unknown>;
  /** Where it came from, for messages (`usage.csv row 12`, `usage[3]`). */
  location: string;
}

export interface BatchResult {
  /** Records of the batch that replaced a record written earlier by the same import. */
  replacedEarlier: IncomingRecord[];
}

/*
 * Look-ups from a batch into `records` are LATERAL subqueries with LIMIT 1, so each is one
 * primary-key probe whatever the planner believes about table sizes (PGlite never runs
 * autovacuum, and an import's own rows are not in the statistics until it commits).
 */
function lookup(collection: string, rid: string, rsub: string): string {
  return `SELECT * FROM records WHERE collection = ${collection} AND rid = ${rid} AND rsub = ${rsub} LIMIT 1`;
}
function liveAccount(id: string): string {
  return `SELECT owner FROM records WHERE collection = 'accounts' AND rid = ${id} AND rsub = '' AND NOT deleted LIMIT 1`;
}
/**
 * The stored account row, live or tombstoned: a tombstone keeps the owner whose book last held
 * the account, and that book must still be told when the account comes back under another owner.
 */
function storedAccount(id: string): string {
  return `SELECT owner FROM records WHERE collection = 'accounts' AND rid = ${id} AND rsub = '' LIMIT 1`;
}

const WRITE_LOCK = `SELECT pg_advisory_xact_lock(hashtext('healthbar-write:' || current_schema()))`;

/**
 * A write transaction: holds the write lock; everything it writes commits together. `txStart`
 * is a seq drawn first: every seq of this transaction is larger, and it doubles as the import id.
 */
export class WriteTx {
  private headerChanged = false;
  private maxUsageDate: string | null = null;

  constructor(
    readonly q: Queryable,
    readonly txStart: number,
  ) {}

  /** Upserts one batch of one collection (keys unique within the batch). */
  async upsertBatch(collection: CollectionName, items: IncomingRecord[]): Promise<BatchResult> {
    if (items.length === 0) return { replacedEarlier: [] };
    const shared = SHARED_COLLECTIONS.has(collection);
    const payload = items.map(({ record }) => {
      const k = storedKey(collection, record);
      return {
        k: k.rid,
        s: k.rsub,
        a: k.accountId,
        o: collection === 'accounts' ? normaliseOwner(record.owner as string | undefined) : null,
        r: record,
      };
    });
    const json = JSON.stringify(payload);
    const q = this.q;

    const replaced = await q.query<{ ord: number | string }>(
      `SELECT t.ord FROM jsonb_array_elements($1::text::jsonb) WITH ORDINALITY AS t(x, ord)
       CROSS JOIN LATERAL (${lookup('$2', "t.x->>'k'", "t.x->>'s'")}) r
       WHERE r.import_id = $3`,
      [json, collection, this.txStart],
    );
    const replacedEarlier = replaced.rows.map((r) => items[Number(r.ord) - 1]);

    let ownerChanges: { id: string; old_owner: string | null; new_owner: string | null }[] = [];
    if (collection === 'accounts') {
      ownerChanges = (
        await q.query<{ id: string; old_owner: string | null; new_owner: string | null }>(
          `SELECT t.x->>'k' AS id, r.owner AS old_owner, t.x->>'o' AS new_owner
           FROM jsonb_array_elements($1::text::jsonb) AS t(x)
           LEFT JOIN LATERAL (${storedAccount("t.x->>'k'")}) r ON true
           WHERE r.owner IS DISTINCT FROM (t.x->>'o')`,
          [json],
        )
      ).rows;
      if (ownerChanges.some((c) => c.old_owner !== null)) {
        // The old book loses the account and every row of it it may hold: live rows and tombstoned
        // ones alike (a book that has not synced since a deletion would otherwise keep the rows
        // whose tombstones are about to move to the new owner).
        await q.query(
          `INSERT INTO exits (seq, owner, collection, rid, rsub)
           SELECT nextval('change_seq'), r.owner, r.collection, r.rid, r.rsub
           FROM jsonb_to_recordset($1::text::jsonb) AS c(id text, old_owner text, new_owner text)
           CROSS JOIN LATERAL (SELECT owner, collection, rid, rsub FROM records
                               WHERE account_id = c.id AND owner IS NOT NULL
                                 AND owner IS DISTINCT FROM c.new_owner OFFSET 0) r
           WHERE c.old_owner IS NOT NULL`,
          [JSON.stringify(ownerChanges)],
        );
      }
    } else if (ACCOUNT_ROWS.has(collection)) {
      // A row moved to an account of another owner leaves the old book (a tombstoned row too: its
      // tombstone is about to become the new owner's upsert).
      await q.query(
        `INSERT INTO exits (seq, owner, collection, rid, rsub)
         SELECT nextval('change_seq'), r.owner, r.collection, r.rid, r.rsub
         FROM jsonb_array_elements($1::text::jsonb) AS t(x)
         CROSS JOIN LATERAL (${lookup('$2', "t.x->>'k'", "t.x->>'s'")}) r
         LEFT JOIN LATERAL (${liveAccount("t.x->>'a'")}) a ON true
         WHERE r.owner IS NOT NULL AND r.owner IS DISTINCT FROM a.owner`,
        [json, collection],
      );
    }

    const ownerExpr = shared ? 'NULL::text' : collection === 'accounts' ? `t.x->>'o'` : 'a.owner';
    const accountJoin =
      shared || collection === 'accounts' ? '' : `LEFT JOIN LATERAL (${liveAccount("t.x->>'a'")}) a ON true`;
    await q.query(
      `INSERT INTO records AS r (collection, rid, rsub, account_id, owner, shared, deleted, record, seq, import_id)
       SELECT $2, t.x->>'k', t.x->>'s', t.x->>'a', ${ownerExpr}, $4, false, t.x->'r', nextval('change_seq'), $3
       FROM jsonb_array_elements($1::text::jsonb) WITH ORDINALITY AS t(x, ord)
       ${accountJoin}
       ORDER BY t.ord
       ON CONFLICT (collection, rid, rsub) DO UPDATE SET
         seq = CASE WHEN r.deleted OR r.record IS DISTINCT FROM EXCLUDED.record
                      OR r.owner IS DISTINCT FROM EXCLUDED.owner
                    THEN EXCLUDED.seq ELSE r.seq END,
         record = EXCLUDED.record,
         account_id = EXCLUDED.account_id,
         owner = EXCLUDED.owner,
         deleted = false,
         stamps = CASE WHEN r.record IS DISTINCT FROM EXCLUDED.record THEN NULL ELSE r.stamps END,
         import_id = EXCLUDED.import_id`,
      [json, collection, this.txStart, shared],
    );

    if (ownerChanges.length > 0) {
      // The new book gets every live row of the account (orphan rows find their owner here too).
      await q.query(
        `UPDATE records r SET owner = c.new_owner, seq = nextval('change_seq')
         FROM jsonb_to_recordset($1::text::jsonb) AS c(id text, old_owner text, new_owner text)
         WHERE r.account_id = c.id AND r.collection <> 'accounts' AND NOT r.deleted`,
        [JSON.stringify(ownerChanges)],
      );
    }

    if (collection === 'usage') {
      for (const { record } of items) {
        const d = record.date as string;
        if (this.maxUsageDate === null || d > this.maxUsageDate) this.maxUsageDate = d;
      }
    }
    return { replacedEarlier };
  }

  /**
   * Tombstones one record; an account takes all its rows with it. Returns the number of
   * tombstones written (0: no such live record).
   */
  async tombstone(collection: CollectionName, rid: string, rsub: string): Promise<number> {
    const sql =
      collection === 'accounts'
        ? `UPDATE records SET deleted = true, record = NULL, seq = nextval('change_seq')
           WHERE account_id = $1 AND NOT deleted
             AND EXISTS (SELECT 1 FROM records x
                         WHERE x.collection = 'accounts' AND x.rid = $1 AND x.rsub = '' AND NOT x.deleted)`
        : `UPDATE records SET deleted = true, record = NULL, seq = nextval('change_seq')
           WHERE collection = $2 AND rid = $1 AND rsub = $3 AND NOT deleted`;
    const params = collection === 'accounts' ? [rid] : [rid, collection, rsub];
    const r = await this.q.query(sql, params);
    return r.rowCount;
  }

  /** Records the dataset-level fields of an import (currency, dataThrough, generatedAt). */
  async setHeader(header: DatasetHeader, before: WorkspaceState): Promise<void> {
    const dataThrough = header.dataThrough ?? before.dataThrough;
    const generatedAt = header.generatedAt ?? before.generatedAt;
    if (
      header.currency === before.currency &&
      dataThrough === before.dataThrough &&
      generatedAt === before.generatedAt
    ) {
      return;
    }
    this.headerChanged = true;
    await this.q.query(
      'UPDATE workspace SET currency = $1, data_through = $2, generated_at = $3 WHERE id = 1',
      [header.currency, dataThrough, generatedAt],
    );
  }

  /** Counts of this transaction's changes (live upserts, tombstones, exits). */
  async changeCounts(): Promise<{ upserts: number; tombstones: number; exits: number }> {
    const r = await this.q.query<{ upserts: string | number; tombstones: string | number }>(
      `SELECT count(*) FILTER (WHERE NOT deleted) AS upserts, count(*) FILTER (WHERE deleted) AS tombstones
       FROM records WHERE seq > $1`,
      [this.txStart],
    );
    const e = await this.q.query<{ n: string | number }>('SELECT count(*) AS n FROM exits WHERE seq > $1', [
      this.txStart,
    ]);
    return {
      upserts: Number(r.rows[0].upserts),
      tombstones: Number(r.rows[0].tombstones),
      exits: Number(e.rows[0].n),
    };
  }

  /** Ends the transaction's bookkeeping: bumps the workspace version when anything changed. */
  async finish(): Promise<boolean> {
    if (this.maxUsageDate !== null) {
      await this.q.query(
        `UPDATE workspace SET max_usage_date = $1 WHERE id = 1 AND (max_usage_date IS NULL OR max_usage_date < $1)`,
        [this.maxUsageDate],
      );
    }
    const changed = await this.q.query<{ n: number }>(
      `SELECT 1 AS n WHERE EXISTS (SELECT 1 FROM records WHERE seq > $1) OR EXISTS (SELECT 1 FROM exits WHERE seq > $1)`,
      [this.txStart],
    );
    if (changed.rows.length === 0 && !this.headerChanged) return false;
    await this.q.query(`UPDATE workspace SET version = nextval('change_seq') WHERE id = 1`);
    return true;
  }
}

/** Runs `fn` as the only writer; commits its changes and the new workspace version together. */
export async function writeTransaction<T>(
  db: Db,
  fn: (tx: WriteTx, before: WorkspaceState) => Promise<T>,
): Promise<T> {
  return db.transaction(async (q) => {
    await q.query(WRITE_LOCK);
    const before = await readWorkspace(q);
    const start = await q.query<{ s: number | string }>(`SELECT nextval('change_seq') AS s`);
    const tx = new WriteTx(q, Number(start.rows[0].s));
    const result = await fn(tx, before);
    await tx.finish();
    return result;
  });
}

/** One change as stored: an upsert (`record` is its JSON text) or a tombstone. */
export interface ChangeRow {
  seq: number;
  collection: CollectionName;
  rid: string;
  rsub: string;
  deleted: boolean;
  record: string | null;
}

interface ChangeRowDb {
  seq: number | string;
  collection: CollectionName;
  rid: string;
  rsub: string;
  deleted: boolean;
  record: string | null;
}

/**
 * The changes after seq `$1` in a scope, in seq order, at most `$3`: live records, tombstones newer
 * than the floor `$2`, and for a book its exits (the owner in parameter `owner`). `record` is how
 * the record column is selected and `recordType` the type of an exit's null record.
 */
function changesSql(scope: Scope, record: string, recordType: 'text' | 'jsonb', owner: string): string {
  const cols = `seq, collection, rid, rsub, deleted, ${record}`;
  const live = '(NOT deleted OR seq > $2)';
  return scope.kind === 'workspace'
    ? `SELECT ${cols} FROM records WHERE seq > $1 AND ${live} ORDER BY seq LIMIT $3`
    : `SELECT * FROM (
         (SELECT ${cols} FROM records WHERE owner = ${owner} AND seq > $1 AND ${live} ORDER BY seq LIMIT $3)
         UNION ALL
         (SELECT ${cols} FROM records WHERE shared AND seq > $1 AND ${live} ORDER BY seq LIMIT $3)
         UNION ALL
         (SELECT seq, collection, rid, rsub, true AS deleted, NULL::${recordType} AS record FROM exits
          WHERE owner = ${owner} AND seq > $1 AND seq > $2 ORDER BY seq LIMIT $3)
       ) AS x ORDER BY seq LIMIT $3`;
}

/**
 * The next `limit` changes of a scope after seq `after`, in seq order. Tombstones (and exits) at
 * or below `floor` are left out: a snapshot that started at `floor` never sent those records.
 */
export async function readChanges(
  q: Queryable,
  scope: Scope,
  after: number,
  floor: number,
  limit: number,
): Promise<ChangeRow[]> {
  const sql = changesSql(scope, 'record::text AS record', 'text', '$4');
  const params: unknown[] = [after, floor, limit];
  if (scope.kind === 'book') params.push(scope.owner);
  const { rows } = await q.query<ChangeRowDb>(sql, params);
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

/** A page of changes as the wire's JSON (`changes` array items, comma-joined), built by the database. */
export interface ChangesPage {
  /** The changes' JSON objects joined by commas (no brackets): '' for an empty page. */
  json: string;
  count: number;
  /** The last seq of the page (undefined for an empty page). */
  lastSeq: number | undefined;
  /** More changes follow the page. */
  hasMore: boolean;
}

/**
 * The JSON of one change, in SQL: the record's stored JSON text for an upsert, the key for a
 * tombstone (the shapes of lib/contracts/sync-page.ts). Ids go through `to_json` for quoting.
 */
const CHANGE_JSON = `CASE
  WHEN NOT deleted AND record IS NOT NULL
    THEN '{"collection":' || to_json(collection) || ',"record":' || record::text || '}'
  WHEN collection = 'revenue'
    THEN '{"collection":"revenue","key":{"accountId":' || to_json(rid) || ',"month":' || to_json(rsub) || '},"deleted":true}'
  WHEN collection = 'usage'
    THEN '{"collection":"usage","key":{"accountId":' || to_json(rid) || ',"date":' || to_json(rsub) || '},"deleted":true}'
  ELSE '{"collection":' || to_json(collection) || ',"id":' || to_json(rid) || ',"deleted":true}'
END`;

/**
 * The same changes as `readChanges`, with the page's JSON joined by the database in one row.
 * Handing 5,000 rows one by one to the server (PGlite decodes each row into a JS object) cost
 * about ten times the query itself; one aggregated text value does not.
 */
export async function readChangesPage(
  q: Queryable,
  scope: Scope,
  after: number,
  floor: number,
  limit: number,
): Promise<ChangesPage> {
  const page = changesSql(scope, 'record', 'jsonb', '$5');
  // $3 = limit + 1 rows read (the one more says whether more follow), $4 = limit kept.
  const sql = `WITH page AS (${page}), numbered AS (SELECT *, row_number() OVER (ORDER BY seq) AS n FROM page)
    SELECT count(*)::int AS total,
           max(seq) FILTER (WHERE n <= $4) AS last,
           string_agg(${CHANGE_JSON}, ',' ORDER BY seq) FILTER (WHERE n <= $4) AS json
    FROM numbered`;
  const params: unknown[] = [after, floor, limit + 1, limit];
  if (scope.kind === 'book') params.push(scope.owner);
  const { rows } = await q.query<{ total: number; last: number | string | null; json: string | null }>(
    sql,
    params,
  );
  const r = rows[0];
  const total = Number(r.total);
  return {
    json: r.json ?? '',
    count: Math.min(total, limit),
    lastSeq: r.last === null ? undefined : Number(r.last),
    hasMore: total > limit,
  };
}

/** The as-of date of the workspace context: `dataThrough`, else the latest usage date. */
export function effectiveDataThrough(ws: WorkspaceState): string | null {
  return ws.dataThrough ?? ws.maxUsageDate;
}

/**
 * The part of the dataset the workspace context depends on (METRICS.md "Workspace context"):
 * every account and revenue row, and one ticket of a known account when there is any
 * (`ticketsTracked` only asks whether one exists). Usage, users and surveys play no part.
 */
export async function loadContextDataset(
  q: Queryable,
  ws: WorkspaceState,
  fallbackCurrency: string,
): Promise<Dataset> {
  const accounts = await q.query<{ record: Account }>(
    `SELECT record FROM records WHERE collection = 'accounts' AND NOT deleted ORDER BY seq`,
  );
  const revenue = await q.query<{ record: RevenueRow }>(
    `SELECT record FROM records WHERE collection = 'revenue' AND NOT deleted`,
  );
  const ticket = await q.query<{ record: Ticket }>(
    `SELECT t.record FROM records t
     JOIN records a ON a.collection = 'accounts' AND a.rid = t.account_id AND a.rsub = '' AND NOT a.deleted
     WHERE t.collection = 'tickets' AND NOT t.deleted LIMIT 1`,
  );
  const header: DatasetHeader = { schemaVersion: SCHEMA_VERSION, currency: ws.currency ?? fallbackCurrency };
  if (ws.dataThrough) header.dataThrough = ws.dataThrough;
  return {
    ...header,
    plans: [],
    features: [],
    milestones: [],
    accounts: accounts.rows.map((r) => parseJsonb<Account>(r.record)),
    revenue: revenue.rows.map((r) => parseJsonb<RevenueRow>(r.record)),
    usage: [],
    users: [],
    tickets: ticket.rows.map((r) => parseJsonb<Ticket>(r.record)),
    surveys: [],
  };
}

function parseJsonb<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}
