/**
 * Source `events-postgres` (CONNECTORS.md, "Product usage: events"): Segment messages already in a
 * PostgreSQL table, one row per message —
 *   message_id text, type text, user_id text, anonymous_id text, group_id text, event text,
 *   "timestamp" timestamptz, traits jsonb
 * — rolled up inside PostgreSQL (push-down): the rollup's SQL (rollup.ts) runs in the database in
 * one session, on temporary tables; only the results come back.
 *
 * Choices where the contract is silent:
 * - `group_id` is a `group` message's group and any other message's own group (`context.groupId`).
 * - `event` names page and screen calls too (the table has one name column).
 * - A row without a timestamp is `invalid`; a `timestamptz` always has its zone.
 * - The session gets `work_mem = 256MB` for the rollup's sorts and reads in one transaction
 *   (one snapshot of the table).
 * - An incremental run reads only rows whose timestamp is after the carry's last day (an index on
 *   "timestamp" makes that a range scan).
 */
import pg from 'pg';
import { z } from 'zod';
import { dayNumber } from '../../metrics/dates';
import { type SourceDefinition, SourceError } from '../types';
import { usableCarry } from './carry';
import { type Cell, type Dialect, type SqlEngine, sqlString } from './engine';
import { rollup } from './rollup';
import { eventKeys, fingerprint, rollupOptions } from './sources';

const textOrder = (e: string) => `(${e}) COLLATE "C"`;
export const pgDialect: Dialect = {
  name: 'postgres',
  textOrder,
  rowId: 'ctid',
  // PostgreSQL has no arg_max: the first of the group's values sorted by the keys, descending
  // (text keys come wrapped in `textOrder` by the caller).
  argMax: (v, keys) => `(array_agg(${v} ORDER BY ${keys.map((k) => `${k} DESC`).join(', ')}))[1]`,
};

/** What the engine needs of a PostgreSQL client (`pg.Client`, PGlite). */
export interface PgClient {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

const PG_TYPES = { TEXT: 'text', INTEGER: 'integer', BIGINT: 'bigint' } as const;

export function pgEngine(client: PgClient, close: () => Promise<void>): SqlEngine {
  return {
    dialect: pgDialect,
    async exec(sql) {
      await client.query(sql);
    },
    async all<T extends Record<string, Cell>>(sql: string) {
      return (await client.query(sql)).rows as T[];
    },
    async analyze(table: string) {
      // Temporary tables get no statistics from autovacuum: without them the planner guesses one
      // row and picks nested loops.
      await client.query(`ANALYZE ${table}`);
    },
    async load(table, columns, rows) {
      await client.query(
        `CREATE TEMP TABLE ${table} (${columns.map(([n, t]) => `${n} ${PG_TYPES[t]}`).join(', ')})`,
      );
      if (rows.length === 0) return;
      // One INSERT per 50,000 rows, each column as one array parameter.
      for (let at = 0; at < rows.length; at += 50_000) {
        const part = rows.slice(at, at + 50_000);
        const params = columns.map((_, i) => part.map((r) => (r[i] === undefined ? null : r[i])));
        await client.query(
          `INSERT INTO ${table} SELECT * FROM unnest(${columns
            .map(([, t], i) => `$${i + 1}::${PG_TYPES[t]}[]`)
            .join(', ')})`,
          params,
        );
      }
      await client.query(`ANALYZE ${table}`);
    },
    close,
  };
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_$]*$/;
const tableSchema = z
  .string()
  .refine((s) => s.split('.').length <= 2 && s.split('.').every((p) => IDENT.test(p)), {
    message: 'must be a table name, optionally with its schema (segment.tracks)',
  });

const schema = z.object({
  url: z.string().regex(/^postgres(ql)?:\/\//, { message: 'must be a postgresql:// connection string' }),
  table: tableSchema,
  ...eventKeys,
});

const quoteIdent = (name: string) =>
  name
    .split('.')
    .map((p) => `"${p}"`)
    .join('.');

/** Fills `hb_x` from the events table: the rows up to the end of `endMs`, after `startMs`. */
export async function loadTable(
  db: SqlEngine,
  table: string,
  range: { startMs: number | null; endMs: number },
  championTrait: string | undefined,
): Promise<void> {
  const at = (ms: number) => `to_timestamp(${ms / 1000})`;
  const champ = championTrait ? `traits->>${sqlString(championTrait)}` : 'NULL';
  const nz = (e: string) => `NULLIF(${e}, '')`;
  await db.exec(`
    CREATE TEMP TABLE hb_x AS
    SELECT ${nz('message_id')} AS mid, ${nz('user_id')} AS uid,
      CASE type WHEN 'track' THEN 'active' WHEN 'page' THEN 'active' WHEN 'screen' THEN 'active'
        WHEN 'identify' THEN 'traits' WHEN 'group' THEN 'group' ELSE 'other' END AS kind,
      ${nz('group_id')} AS gkey, event,
      CAST(floor(extract(epoch FROM "timestamp") * 1000) AS bigint) AS ts_ms,
      CASE WHEN "timestamp" IS NULL THEN 'invalid' END AS tsbad,
      CAST("timestamp" AS text) AS raw_ts,
      ${nz("traits->>'email'")} AS email, ${nz("traits->>'name'")} AS name,
      ${nz("traits->>'title'")} AS title, ${nz(champ)} AS champ,
      CAST(NULL AS text) AS sid, CAST(NULL AS text) AS file
    FROM ${quoteIdent(table)}
    WHERE "timestamp" IS NULL OR ("timestamp" < ${at(range.endMs)}${
      range.startMs === null ? '' : ` AND "timestamp" >= ${at(range.startMs)}`
    })`);
}

/** Opens a session on `url` (tests swap in another client). */
export type OpenPg = (url: string) => Promise<SqlEngine>;

export const openPg: OpenPg = async (url) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return pgEngine(client, () => client.end());
};

export function eventsPostgresSource(open: OpenPg = openPg): SourceDefinition<typeof schema> {
  return {
    type: 'events-postgres',
    schema,
    async read(config, ctx) {
      const print = fingerprint(config);
      const carry = usableCarry(ctx.previous?.carry, print, ctx.asOf);
      let db: SqlEngine;
      try {
        db = await open(config.url);
      } catch (e) {
        throw new SourceError(config.name, `cannot connect to the events database: ${(e as Error).message}`);
      }
      try {
        await db.exec(`SET work_mem = '256MB'`);
        await db.exec('BEGIN ISOLATION LEVEL REPEATABLE READ');
        await loadTable(
          db,
          config.table,
          {
            startMs: carry ? (dayNumber(carry.lastDay) + 1) * 86_400_000 : null,
            endMs: (dayNumber(ctx.asOf) + 1) * 86_400_000,
          },
          config.championTrait,
        );
        const out = await rollup(db, rollupOptions(config, ctx, carry, print));
        await db.exec('ROLLBACK');
        return out;
      } catch (e) {
        throw new SourceError(
          config.name,
          `cannot read the events in ${config.table}: ${(e as Error).message}`,
        );
      } finally {
        await db.close().catch(() => undefined);
      }
    },
  };
}

export const eventsPostgres = eventsPostgresSource();
