/**
 * The database: an embedded PGlite (a data folder, nothing to install) by default, or a real
 * PostgreSQL through `pg` when a connection string is given. Both run the same SQL and the same
 * migrations; the rest of the server only sees `Db` / `Queryable`.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { makePrivateDir } from './data-lock';
import { MIGRATIONS } from './migrations';

export interface QueryResult<T> {
  rows: T[];
  /** Rows inserted, updated or deleted (0 for a SELECT on PGlite). */
  rowCount: number;
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
}

export interface TransactionOptions {
  /** A read-only transaction that sees one snapshot for all its statements. */
  readOnlySnapshot?: boolean;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in a transaction: committed when it returns, rolled back when it throws. */
  transaction<T>(fn: (q: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** PostgreSQL connection string; when absent PGlite is used. */
  databaseUrl?: string;
  /** PGlite data folder; absent means in memory (tests). */
  dataDir?: string;
  /**
   * PostgreSQL only: the schema holding Healthbar's tables (created when missing). Lets several
   * workspaces, or test runs, share one database. Default: the connection's default (`public`).
   */
  schema?: string;
  /** Run the migrations (default true). */
  migrate?: boolean;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openDb(options: OpenDbOptions = {}): Promise<Db> {
  const db = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.schema)
    : await openPglite(options.dataDir);
  if (options.migrate !== false) {
    try {
      await migrate(db);
    } catch (e) {
      await db.close().catch(() => {});
      throw e;
    }
  }
  return db;
}

async function openPglite(dataDir: string | undefined): Promise<Db> {
  if (dataDir) await makePrivateDir(dataDir);
  const lite = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  const wrap = (q: {
    query: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[]; affectedRows?: number }>;
  }): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      const r = await q.query(sql, params);
      return { rows: r.rows as T[], rowCount: r.affectedRows ?? 0 };
    },
  });
  const base = wrap(lite);
  let closed = false;
  return {
    kind: 'pglite',
    query: base.query,
    // PGlite runs one statement at a time, so every transaction already sees one snapshot.
    transaction: (fn) => lite.transaction((tx) => fn(wrap(tx))),
    async close() {
      if (closed) return;
      closed = true;
      await lite.close();
    },
  };
}

async function openPostgres(url: string, schema: string | undefined): Promise<Db> {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`The schema name "${schema}" must be lower-case letters, digits and _`);
  }
  if (schema) {
    const setup = new pg.Client({ connectionString: url });
    await setup.connect();
    try {
      await setup.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await setup.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    options: schema ? `-c search_path=${schema}` : undefined,
  });
  // An idle client's connection error must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const run = async <T>(c: pg.Pool | pg.PoolClient, sql: string, params?: unknown[]) => {
    const r = await c.query(sql, params as unknown[]);
    return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
  };
  let closed = false;
  return {
    kind: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    async transaction(fn, options = {}) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query(
          options.readOnlySnapshot ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN',
        );
        const result = await fn({ query: (sql, params) => run(client, sql, params) });
        await client.query('COMMIT');
        return result;
      } catch (e) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw e;
      } finally {
        client.release(broken);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/**
 * Applies the migrations not applied yet, in order, each recorded in `schema_migrations`. Two
 * processes starting at once take turns (an advisory lock), so each migration runs once.
 */
export async function migrate(db: Db): Promise<number[]> {
  return db.transaction(async (q) => {
    await q.query(`SELECT pg_advisory_xact_lock(hashtext('healthbar-migrate:' || current_schema()))`);
    await q.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set(
      (await q.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) =>
        Number(r.version),
      ),
    );
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      for (const statement of m.statements) await q.query(statement);
      await q.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}
