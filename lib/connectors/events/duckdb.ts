/**
 * Event export files through embedded DuckDB (`@duckdb/node-api`): the adapters that read Segment
 * (and RudderStack) messages, PostHog events and Mixpanel events into the rollup's one model
 * (`hb_x`, rollup.ts), straight from the files (`read_json` / `read_csv`, gzip by extension).
 *
 * Field names (vendors' documentation):
 * - Segment spec: `messageId`, `type` (track, page, screen, identify, group, alias), `userId`,
 *   `anonymousId`, `groupId` (group calls), `event` (track) / `name` (page, screen), `timestamp`
 *   (ISO-8601), `traits` (identify), `context.groupId`.
 * - PostHog events export (batch export / file download, JSON lines or CSV): `uuid`, `event`,
 *   `distinct_id`, `timestamp`, `properties` (an object, or JSON text as in CSV and Parquet) with
 *   `$groups`, `$session_id`, `$is_identified`, `$set`; `$groupidentify` carries `$group_type`
 *   and `$group_key`.
 * - Mixpanel raw export (JSON lines): `event`, `properties.time` (unix seconds),
 *   `properties.distinct_id`, `properties.$insert_id`, `properties.$user_id`, `properties.$set`.
 *
 * Choices where the contract is silent:
 * - A folder is read recursively; files are taken by extension (`.jsonl`, `.ndjson`, with `.gz`;
 *   PostHog also `.csv`, `.csv.gz`). Lines that are not JSON objects are skipped by DuckDB's
 *   reader (`ignore_errors`): they are not counted.
 * - A timestamp has a zone when it ends in `Z` or a `±hh[:mm]` offset after a time of day;
 *   one that DuckDB parses without a zone is `zoneless`, anything else `invalid`.
 * - Segment page and screen calls are named by `name` for the feature mapping.
 * - PostHog `$groupidentify` of the configured group type is the user's group call (posthog-js
 *   `group()` sends it with the user's distinct id); Mixpanel has no group call: its events carry
 *   the group property themselves (`set_group` registers it as a super property). A Mixpanel group
 *   property holding a list gives its first element.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Cell, Dialect, SqlEngine } from './engine';
import { sqlString } from './engine';

export const duckDialect: Dialect = {
  name: 'duckdb',
  textOrder: (e) => e,
  rowId: 'rowid',
  // DuckDB compares structs field by field, text by bytes (UTF-8: code points).
  argMax: (v, keys) => `arg_max(${v}, ${keys.length === 1 ? keys[0] : `(${keys.join(', ')})`})`,
};

export interface DuckDbOptions {
  /** DuckDB's memory limit (spills to a temporary folder beyond it). */
  memoryLimit?: string;
  threads?: number;
}

export async function openDuckDb(options: DuckDbOptions = {}): Promise<SqlEngine> {
  // Past the memory limit DuckDB spills to a folder of its own (removed on close), so a large
  // export stays within bounded memory instead of failing. 1,000 MB: the JS heap holds 600–800 MB
  // at the end of a 10 M-message run, and the process is to stay under 2 GB (issue 29).
  const spill = await mkdtemp(join(tmpdir(), 'healthbar-duckdb-'));
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: options.memoryLimit ?? '1000MB',
    temp_directory: spill,
    ...(options.threads ? { threads: String(options.threads) } : {}),
    preserve_insertion_order: 'false',
  });
  const conn: DuckDBConnection = await instance.connect();
  return {
    dialect: duckDialect,
    async exec(sql) {
      await conn.run(sql);
    },
    async all<T extends Record<string, Cell>>(sql: string) {
      // Read by columns, then one object per row: the reader's row objects (and a converted copy
      // of each) cost twice the allocations, and the rollup reads hundreds of thousands of rows.
      const r = await conn.runAndReadAll(sql);
      const names = r.deduplicatedColumnNames();
      const cols = r
        .getColumnsJS()
        .map((c) =>
          c.some((v) => typeof v === 'bigint') ? c.map((v) => (typeof v === 'bigint' ? Number(v) : v)) : c,
        ) as Cell[][];
      const rows: T[] = new Array(r.currentRowCount);
      for (let i = 0; i < rows.length; i++) {
        const row: Record<string, Cell> = {};
        for (let j = 0; j < names.length; j++) row[names[j]] = cols[j][i];
        rows[i] = row as T;
      }
      return rows;
    },
    async analyze() {},
    async load(table, columns, rows) {
      await conn.run(`CREATE TABLE ${table} (${columns.map(([n, t]) => `${n} ${t}`).join(', ')})`);
      const ap = await conn.createAppender(table);
      for (const row of rows) {
        row.forEach((v, i) => {
          if (v === null || v === undefined) ap.appendNull();
          else if (columns[i][1] === 'INTEGER') ap.appendInteger(Number(v));
          else if (columns[i][1] === 'BIGINT') ap.appendBigInt(BigInt(v));
          else ap.appendVarchar(String(v));
        });
        ap.endRow();
      }
      ap.closeSync();
    },
    async close() {
      conn.closeSync();
      instance.closeSync();
      await rm(spill, { recursive: true, force: true });
    },
  };
}

/** Files of a path (a file, or a folder read recursively) whose names end in one of `exts`. */
export async function listFiles(path: string, exts: readonly string[]): Promise<string[]> {
  const s = await stat(path);
  if (s.isFile()) return [path];
  const out: string[] = [];
  const walk = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (exts.some((x) => e.name.toLowerCase().endsWith(x))) out.push(p);
    }
  };
  await walk(path);
  return out.sort();
}

export const JSONL_EXTS = ['.jsonl', '.jsonl.gz', '.ndjson', '.ndjson.gz'];
export const CSV_EXTS = ['.csv', '.csv.gz'];

/** One step of a JSON path: a key (any characters). */
const jsonKey = (name: string) => `."${name.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

/** A JSON path to one key (any characters) for DuckDB's JSON functions. */
function key(name: string, suffix = ''): string {
  return sqlString(`$${jsonKey(name)}${suffix}`);
}

const fileList = (files: readonly string[]) => `[${files.map(sqlString).join(', ')}]`;
const nz = (e: string) => `NULLIF(${e}, '')`;

/**
 * Timestamp text → epoch ms when it has a zone (converted to UTC), and why it was refused.
 * DuckDB casts `+02:00` offsets to the UTC instant. The zone test and the cast are computed once
 * per message (`tsProbe`, in the adapter's inner SELECT) and used by `tsColumns` (the SELECT
 * around it): written inline, each appeared twice and DuckDB evaluated each occurrence.
 */
const ZONED = sqlString(
  String.raw`\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s?([Zz]|[+-]\d{2}(:?\d{2})?)`,
);
const tsProbe = (raw: string) =>
  `${raw} AS raw_ts, regexp_full_match(${raw}, ${ZONED}) AS ts_z, TRY_CAST(${raw} AS TIMESTAMPTZ) AS ts_tz`;
const tsColumns = `
  CASE WHEN ts_z THEN epoch_ms(ts_tz) END AS ts_ms,
  CASE WHEN raw_ts IS NULL THEN 'invalid' WHEN ts_z THEN CASE WHEN ts_tz IS NULL THEN 'invalid' END
    WHEN TRY_CAST(raw_ts AS TIMESTAMP) IS NOT NULL THEN 'zoneless' ELSE 'invalid' END AS tsbad`;
/** An adapter's SELECT (with `tsProbe`) with `ts_ms` and `tsbad`. */
const withTs = (select: string) => `SELECT *, ${tsColumns} FROM (${select}) p`;

export interface TraitNames {
  /** The configured champion trait (absent: no user is a champion). */
  championTrait?: string;
}

/**
 * A JSON object's traits in one extraction (each `json_extract_string` of its own parses the
 * text again): `tr` = [email, name, title, champion trait] of the object `json`, or of its key
 * `under`. Without a champion trait `tr[4]` is out of range: NULL.
 */
function traitList(json: string, t: TraitNames, under?: string): string {
  const path = (k: string) => sqlString(`$${under === undefined ? '' : jsonKey(under)}${jsonKey(k)}`);
  const keys = ['email', 'name', 'title', ...(t.championTrait ? [t.championTrait] : [])];
  return `json_extract_string(${json}, [${keys.map(path).join(', ')}]) AS tr`;
}

/**
 * Fills `hb_x` from a SELECT of the model's columns, `tr` (`traitList`) for the traits, and
 * `file` (the file each row came from).
 */
async function fill(db: SqlEngine, select: string): Promise<void> {
  await db.exec(`
    CREATE TABLE hb_x AS
    SELECT mid, uid, kind, gkey, event, ts_ms, tsbad, CASE WHEN tsbad IS NOT NULL THEN raw_ts END AS raw_ts,
      ${nz('tr[1]')} AS email, ${nz('tr[2]')} AS name,
      ${nz('tr[3]')} AS title, ${nz('tr[4]')} AS champ, sid, file
    FROM (${select}) m`);
}

/** An empty `hb_x` (an incremental run with no file to read). */
export async function emptyModel(db: SqlEngine): Promise<void> {
  await db.exec(`
    CREATE TABLE hb_x (mid VARCHAR, uid VARCHAR, kind VARCHAR, gkey VARCHAR, event VARCHAR, ts_ms BIGINT,
      tsbad VARCHAR, raw_ts VARCHAR, email VARCHAR, name VARCHAR, title VARCHAR, champ VARCHAR, sid VARCHAR,
      file VARCHAR)`);
}

/** Each file's last event day (null: no event with a valid timestamp). */
export async function fileDays(db: SqlEngine): Promise<Map<string, number | null>> {
  const rows = await db.all<{ file: string; day: Cell }>(
    `SELECT file, CAST(floor(CAST(MAX(ts_ms) AS DOUBLE) / 86400000) AS INTEGER) AS day FROM hb_x GROUP BY file`,
  );
  return new Map(rows.map((r) => [r.file, r.day === null ? null : Number(r.day)]));
}

export async function loadSegment(db: SqlEngine, files: readonly string[], t: TraitNames): Promise<void> {
  await fill(
    db,
    withTs(`SELECT ${nz('messageId')} AS mid, ${nz('userId')} AS uid,
      CASE type WHEN 'track' THEN 'active' WHEN 'page' THEN 'active' WHEN 'screen' THEN 'active'
        WHEN 'identify' THEN 'traits' WHEN 'group' THEN 'group' ELSE 'other' END AS kind,
      ${nz("CASE WHEN type = 'group' THEN groupId ELSE context.groupId END")} AS gkey,
      CASE WHEN type = 'track' THEN event ELSE name END AS event,
      ${tsProbe('"timestamp"')}, ${traitList('traits', t)}, CAST(NULL AS VARCHAR) AS sid,
      filename AS file
    FROM read_json(${fileList(files)}, format = 'newline_delimited', ignore_errors = true, filename = true,
      columns = {messageId: 'VARCHAR', type: 'VARCHAR', userId: 'VARCHAR', groupId: 'VARCHAR',
        event: 'VARCHAR', name: 'VARCHAR', "timestamp": 'VARCHAR', traits: 'JSON',
        context: 'STRUCT(groupId VARCHAR)'})`),
  );
}

/** PostHog/Mixpanel: events that are not activity (CONNECTORS.md, "Active"). */
const NOT_ACTIVE = `('$identify', '$groupidentify', '$create_alias', '$merge', '$set')`;

export async function loadPostHog(
  db: SqlEngine,
  files: readonly string[],
  t: TraitNames & { groupType?: string },
): Promise<void> {
  const csv = files.filter((f) => CSV_EXTS.some((x) => f.toLowerCase().endsWith(x)));
  const jsonl = files.filter((f) => !csv.includes(f));
  const parts: string[] = [];
  if (jsonl.length > 0)
    parts.push(`SELECT uuid, event, distinct_id, "timestamp",
        CASE WHEN json_type(properties) = 'VARCHAR' THEN TRY_CAST(json_extract_string(properties, '$') AS JSON) ELSE properties END AS p,
        filename AS file
      FROM read_json(${fileList(jsonl)}, format = 'newline_delimited', ignore_errors = true, filename = true,
        columns = {uuid: 'VARCHAR', event: 'VARCHAR', distinct_id: 'VARCHAR', "timestamp": 'VARCHAR',
          properties: 'JSON'})`);
  if (csv.length > 0)
    parts.push(`SELECT uuid, event, distinct_id, "timestamp", TRY_CAST(properties AS JSON) AS p, filename AS file
      FROM read_csv(${fileList(csv)}, header = true, all_varchar = true, union_by_name = true, filename = true)`);
  const gt = t.groupType;
  const own = gt ? `json_extract_string(json_extract(p, '$."$groups"'), ${key(gt)})` : 'NULL';
  const groupCall = gt
    ? `event = '$groupidentify' AND json_extract_string(p, '$."$group_type"') = ${sqlString(gt)}`
    : 'false';
  await fill(
    db,
    withTs(`SELECT ${nz('uuid')} AS mid,
      CASE WHEN json_extract_string(p, '$."$is_identified"') = 'false' THEN NULL ELSE ${nz('distinct_id')} END AS uid,
      CASE WHEN event IN ('$identify', '$set') THEN 'traits' WHEN ${groupCall} THEN 'group'
        WHEN event IN ${NOT_ACTIVE} THEN 'other' ELSE 'active' END AS kind,
      ${nz(`CASE WHEN ${groupCall} THEN json_extract_string(p, '$."$group_key"') ELSE ${own} END`)} AS gkey,
      event, ${tsProbe('"timestamp"')}, ${traitList('p', t, '$set')},
      ${nz(`json_extract_string(p, '$."$session_id"')`)} AS sid, file
    FROM (${parts.join(' UNION ALL ')}) r`),
  );
}

export async function loadMixpanel(
  db: SqlEngine,
  files: readonly string[],
  t: TraitNames & { groupProperty?: string },
): Promise<void> {
  const g = t.groupProperty;
  const own = g
    ? `CASE WHEN json_type(p, ${key(g)}) = 'ARRAY' THEN json_extract_string(p, ${key(g, '[0]')}) ELSE json_extract_string(p, ${key(g)}) END`
    : 'NULL';
  await fill(
    db,
    `SELECT ${nz(`json_extract_string(p, '$."$insert_id"')`)} AS mid, ${nz(`json_extract_string(p, '$."$user_id"')`)} AS uid,
      CASE WHEN event IN ('$identify', '$set') THEN 'traits'
        WHEN event IN ${NOT_ACTIVE} THEN 'other' ELSE 'active' END AS kind,
      ${nz(own)} AS gkey, event, json_extract_string(p, '$.time') AS raw_ts,
      CAST(round(TRY_CAST(json_extract_string(p, '$.time') AS DOUBLE) * 1000) AS BIGINT) AS ts_ms,
      CASE WHEN TRY_CAST(json_extract_string(p, '$.time') AS DOUBLE) IS NULL THEN 'invalid' END AS tsbad,
      ${traitList('p', t, '$set')}, CAST(NULL AS VARCHAR) AS sid, filename AS file
    FROM read_json(${fileList(files)}, format = 'newline_delimited', ignore_errors = true, filename = true,
      columns = {event: 'VARCHAR', properties: 'JSON'}) r(event, p, filename)`,
  );
}
