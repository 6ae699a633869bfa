/**
 * `events-postgres` gives the rows DuckDB gives on files. On PostgreSQL when DATABASE_URL is set
 * (scripts/test-server-pg.sh runs this file with the server suite, on Debian's PostgreSQL), else
 * on PGlite (the same PostgreSQL, embedded) through the same source with its client swapped.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { type IngestState, runIngest } from '../ingest';
import { SOURCES } from '../sources/index';
import type { SourceDefinition } from '../types';
import { eventsPostgresSource, type PgClient, pgEngine } from './postgres';
import { eventOptions, ruleEvents, segmentLines, spine, type TestEvent, track } from './testkit';

const PG_URL = process.env.DATABASE_URL || undefined;
const schemaName = `hbev_${randomBytes(5).toString('hex')}`;
const TABLE = `${schemaName}.tracks`;

let dir: string;
let client: PgClient & { end?: () => Promise<void>; close?: () => Promise<void> };
let registry: Map<string, SourceDefinition>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'healthbar-events-pg-'));
  if (PG_URL) {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    client = c;
    registry = new Map(SOURCES);
  } else {
    const lite = await PGlite.create();
    client = lite;
    registry = new Map(SOURCES);
    registry.set(
      'events-postgres',
      eventsPostgresSource(async () => pgEngine(lite, async () => {})) as unknown as SourceDefinition,
    );
  }
  await client.query(`CREATE SCHEMA ${schemaName}`);
  await client.query(`CREATE TABLE ${TABLE} (message_id text, type text, user_id text, anonymous_id text,
    group_id text, event text, "timestamp" timestamptz, traits jsonb)`);
}, 120_000);
afterAll(async () => {
  await client.query(`DROP SCHEMA ${schemaName} CASCADE`);
  await (client.end ?? client.close)?.call(client);
  await rm(dir, { recursive: true, force: true });
}, 60_000);

async function fill(events: readonly TestEvent[]) {
  await client.query(`TRUNCATE ${TABLE}`);
  for (const e of events) {
    await client.query(`INSERT INTO ${TABLE} VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
      e.id,
      e.type,
      e.user ?? null,
      'anon' in e ? (e.anon ?? null) : null,
      e.type === 'identify' ? null : (e.group ?? null),
      e.type === 'track' ? e.event : null,
      e.at,
      e.type === 'identify' ? JSON.stringify(e.traits) : null,
    ]);
  }
}

async function run(source: Record<string, unknown>, asOf: string, previousSources?: IngestState['sources']) {
  await writeFile(join(dir, 'spine.json'), JSON.stringify(spine));
  const config = parseConfig(
    {
      currency: 'USD',
      sources: [
        { type: 'dataset', path: 'spine.json' },
        { name: 'events', ...eventOptions, ...source },
      ],
    },
    { env: { EVENTS_DATABASE_URL: PG_URL ?? 'postgresql://pglite/test' }, configDir: dir, registry },
  );
  const r = await runIngest(config, { asOf, generatedAt: `${asOf}T23:00:00Z`, previousSources });
  return { dataset: r.dataset, report: r.report.sources[1], state: r.state };
}

const pgSource = { type: 'events-postgres', url: 'env:EVENTS_DATABASE_URL', table: TABLE };

describe(`events-postgres (${PG_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('gives the same usage rows, users and counts as DuckDB on the same events in files', async () => {
    const events = ruleEvents();
    await fill(events);
    await mkdir(join(dir, 'seg'), { recursive: true });
    await writeFile(join(dir, 'seg', 'events.jsonl'), segmentLines(events));
    const fromPg = await run(pgSource, '2026-11-10');
    const fromFiles = await run({ type: 'segment', path: 'seg' }, '2026-11-10');
    expect(fromPg.dataset.usage.length).toBe(18);
    expect(fromPg.dataset.usage).toEqual(fromFiles.dataset.usage);
    expect(fromPg.dataset.users).toEqual(fromFiles.dataset.users);
    expect(fromPg.report.leftOut).toEqual(fromFiles.report.leftOut);
    expect(fromPg.report.examples).toEqual(fromFiles.report.examples);
    expect([fromPg.report.read, fromPg.report.attached]).toEqual([
      fromFiles.report.read,
      fromFiles.report.attached,
    ]);
  });

  it('runs incrementally inside the database: a later run reads only the new days', async () => {
    const events = [
      ...ruleEvents(),
      track('u2', '2026-11-08T23:50:00Z', 'Report Created'),
      track('u2', '2026-11-09T00:05:00Z', 'Export Run'),
    ];
    await fill(events);
    const first = await run(pgSource, '2026-11-08');
    const next = await run(pgSource, '2026-11-10', first.state.sources);
    const full = await run(pgSource, '2026-11-10');
    expect(next.report.read).toBe(events.filter((e) => e.at >= '2026-11-09' && e.at < '2026-11-11').length);
    expect(next.dataset.usage).toEqual(full.dataset.usage);
    expect(next.dataset.users).toEqual(full.dataset.users);
  });
});
