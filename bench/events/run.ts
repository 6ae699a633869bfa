/**
 * The events benchmark (bench/README.md, `events.*`): generated Segment gzip JSON lines
 * (bench/events/data.ts) through `npm run ingest -- --out` in a child process (its own peak RSS),
 * against the floor of DuckDB reading the same files; then one more day through the incremental
 * run; then, when DATABASE_URL names a PostgreSQL, the same events in a table there through
 * `events-postgres`, against a `count(*)` of that table.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { loadSegment, openDuckDb } from '../../lib/connectors/events/duckdb';
import { spineDataset, writeEventsData } from './data';

export interface EventsBenchResult {
  events: number;
  accounts: number;
  days: number;
  /** Messages in the files of the full run (and of the extra day). */
  messages: number;
  extraMessages: number;
  ms: number;
  eventsPerSec: number;
  peakRssMb: number;
  floorMs: number;
  /**
   * A second floor: the rollup's own Segment adapter reading the files into its model (the columns
   * the rollup needs: ids, type, group, event, timestamp parsed with its zone test, traits), with no
   * rollup after it. What `count(*)` leaves out; the rollup proper is `ms` minus this.
   */
  readFloorMs: number;
  incrementalMs: number;
  incrementalPct: number;
  incrementalPeakRssMb: number;
  pgMs: number | null;
  pgCountMs: number | null;
  pgPeakRssMb: number | null;
  generateMs: number;
  stderr: string;
}

async function cliChild(
  root: string,
  config: string,
  asOf: string,
  out: string,
  env: NodeJS.ProcessEnv = {},
) {
  const result = join(out, '..', `result-${Date.now()}.json`);
  const code = await new Promise<number | null>((ok) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/ingest/main.ts', config, asOf, out, result],
      {
        cwd: root,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, ...env },
      },
    );
    child.on('exit', ok);
  });
  const r = JSON.parse(readFileSync(result, 'utf8')) as {
    ms: number;
    code: number;
    stderr: string;
    peakRssMb: number;
  };
  if (code !== 0 || r.code !== 0) throw new Error(`the ingest failed (exit ${r.code}):\n${r.stderr}`);
  return r;
}

export async function eventsBench(
  root: string,
  options: { events: number; accounts: number; days: number; lastDay: string; log: (m: string) => void },
): Promise<EventsBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'healthbar-bench-events-'));
  try {
    let t = performance.now();
    const data = await writeEventsData(dir, options);
    const generateMs = performance.now() - t;
    options.log(
      `events: ${data.messages.toLocaleString('en-US')} messages written in ${(generateMs / 1000).toFixed(0)} s`,
    );
    writeFileSync(join(dir, 'spine.json'), JSON.stringify(spineDataset(options.accounts)));
    const segment = {
      type: 'segment',
      path: data.dir,
      features: data.features,
      championTrait: 'role',
      championValues: ['admin'],
    };
    const config = join(dir, 'sources.json');
    writeFileSync(
      config,
      JSON.stringify({ currency: 'USD', sources: [{ type: 'dataset', path: 'spine.json' }, segment] }),
    );
    const out = join(dir, 'dataset.json');
    const full = await cliChild(root, config, data.lastDay, out);
    options.log(
      `events: full run ${(full.ms / 1000).toFixed(1)} s — ${full.stderr.trim().split('\n').pop()}`,
    );

    // The floor: DuckDB reading the same files, nothing else.
    const files = readdirSync(data.dir).map((f) => join(data.dir, f));
    const list = `[${files.map((f) => `'${f}'`).join(', ')}]`;
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    t = performance.now();
    const counted = await conn.runAndReadAll(
      `SELECT count(*) AS n FROM read_json(${list}, format = 'newline_delimited')`,
    );
    const floorMs = performance.now() - t;
    if (Number(counted.getRowObjectsJS()[0].n) !== data.messages)
      throw new Error('the floor counted other lines');
    const reader = await openDuckDb();
    t = performance.now();
    await loadSegment(reader, files, { championTrait: segment.championTrait });
    const readFloorMs = performance.now() - t;
    await reader.close();
    options.log(
      `events: floor ${(floorMs / 1000).toFixed(1)} s (count(*)), ${(readFloorMs / 1000).toFixed(1)} s (the adapter's read)`,
    );

    // One more day, incrementally (the state file of the full run).
    for (const f of readdirSync(data.extraDir)) copyFileSync(join(data.extraDir, f), join(data.dir, f));
    const incremental = await cliChild(root, config, data.extraDay, out);
    options.log(
      `events: incremental run ${(incremental.ms / 1000).toFixed(2)} s — ${incremental.stderr.trim().split('\n').pop()}`,
    );

    // PostgreSQL: the same events (the base days) in a table, rolled up there.
    let pgMs: number | null = null;
    let pgCountMs: number | null = null;
    let pgPeakRssMb: number | null = null;
    const url = process.env.DATABASE_URL;
    if (url) {
      const csv = join(dir, 'events.csv');
      const baseList = `[${files
        .filter((f) => !f.includes(data.extraDay))
        .map((f) => `'${f}'`)
        .join(', ')}]`;
      await conn.run(`COPY (
        SELECT messageId, type, userId, anonymousId,
          CASE WHEN type = 'group' THEN groupId ELSE context.groupId END, COALESCE(event, name), "timestamp", traits
        FROM read_json(${baseList}, format = 'newline_delimited', columns = {messageId: 'VARCHAR', type: 'VARCHAR',
          userId: 'VARCHAR', anonymousId: 'VARCHAR', groupId: 'VARCHAR', event: 'VARCHAR', name: 'VARCHAR',
          "timestamp": 'VARCHAR', traits: 'JSON', context: 'STRUCT(groupId VARCHAR)'})
      ) TO '${csv}' (HEADER false)`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const schema = 'hbbench_events';
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.query(`CREATE SCHEMA ${schema}`);
        await client.query(`CREATE TABLE ${schema}.tracks (message_id text, type text, user_id text,
          anonymous_id text, group_id text, event text, "timestamp" timestamptz, traits jsonb)`);
        options.log('events: loading the table into PostgreSQL (psql \\copy, not timed)…');
        const copy = spawnSync(
          'psql',
          [url, '-v', 'ON_ERROR_STOP=1', '-c', `\\copy ${schema}.tracks FROM '${csv}' CSV`],
          {
            encoding: 'utf8',
          },
        );
        if (copy.status !== 0) throw new Error(`psql \\copy failed: ${copy.stderr}`);
        await client.query(`CREATE INDEX ON ${schema}.tracks ("timestamp")`);
        await client.query(`VACUUM ANALYZE ${schema}.tracks`);
        t = performance.now();
        await client.query(`SELECT count(*) FROM ${schema}.tracks`);
        pgCountMs = performance.now() - t;
        const pgConfig = join(dir, 'sources-pg.json');
        writeFileSync(
          pgConfig,
          JSON.stringify({
            currency: 'USD',
            sources: [
              { type: 'dataset', path: 'spine.json' },
              {
                ...segment,
                type: 'events-postgres',
                path: undefined,
                url: 'env:EVENTS_DATABASE_URL',
                table: `${schema}.tracks`,
              },
            ],
          }),
        );
        const r = await cliChild(root, pgConfig, data.lastDay, join(dir, 'dataset-pg.json'), {
          EVENTS_DATABASE_URL: url,
        });
        pgMs = r.ms;
        pgPeakRssMb = r.peakRssMb;
        options.log(
          `events: PostgreSQL run ${(r.ms / 1000).toFixed(1)} s — ${r.stderr.trim().split('\n').pop()}`,
        );
      } finally {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
        await client.end();
      }
    }
    conn.closeSync();
    instance.closeSync();
    return {
      events: options.events,
      accounts: options.accounts,
      days: options.days,
      messages: data.messages,
      extraMessages: data.extraMessages,
      ms: full.ms,
      eventsPerSec: data.messages / (full.ms / 1000),
      peakRssMb: full.peakRssMb,
      floorMs,
      readFloorMs,
      incrementalMs: incremental.ms,
      incrementalPct: (incremental.ms / full.ms) * 100,
      incrementalPeakRssMb: incremental.peakRssMb,
      pgMs,
      pgCountMs,
      pgPeakRssMb,
      generateMs,
      stderr: full.stderr.trim(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
