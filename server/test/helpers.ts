/**
 * Test support: the app on an ephemeral port over a fresh database (in-memory PGlite, or a
 * schema of its own in the PostgreSQL of DATABASE_URL), dataset builders, a sync client.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { crc32, deflateRawSync } from 'node:zlib';
import { serve } from '@hono/node-server';
import { expect } from 'vitest';
import {
  type Change,
  isTombstone,
  parseSyncPage,
  type SyncPage,
  syncPageSchema,
} from '../../lib/contracts/sync-page';
import { createApp } from '../app';
import type { ServerConfig } from '../config';
import { type Db, openDb } from '../db';
import type { IngestRunner } from '../ingest';
import { createToken } from '../tokens-store';

export const PG_URL = process.env.DATABASE_URL || undefined;

export interface TestDb {
  db: Db;
  /** The PostgreSQL schema (DATABASE_URL runs), for child processes. */
  schema: string | undefined;
  close(): Promise<void>;
}

export async function openTestDb(): Promise<TestDb> {
  if (PG_URL) {
    const schema = `hbtest_${randomBytes(6).toString('hex')}`;
    const db = await openDb({ databaseUrl: PG_URL, schema });
    return {
      db,
      schema,
      async close() {
        await db.query(`DROP SCHEMA ${schema} CASCADE`);
        await db.close();
      },
    };
  }
  const db = await openDb();
  return { db, schema: undefined, close: () => db.close() };
}

/** Empties a test database between tests (a new epoch, so old cursors are refused). */
export async function resetDb(db: Db): Promise<void> {
  await db.query('TRUNCATE records, exits, tokens, ingest_sources, ingest_runs');
  await db.query(
    `UPDATE workspace SET epoch = replace(gen_random_uuid()::text, '-', ''), currency = NULL, data_through = NULL,
       generated_at = NULL, max_usage_date = NULL, version = 0 WHERE id = 1`,
  );
}

export interface TestServer {
  url: string;
  db: Db;
  close(): Promise<void>;
  /** A new token: the workspace's, or the book of `owner`. */
  token(owner?: string): Promise<string>;
  get(path: string, token?: string, headers?: Record<string, string>): Promise<Response>;
  importJson(body: unknown, token: string): Promise<Response>;
}

export async function startServer(
  db: Db,
  options: { config?: Partial<ServerConfig>; now?: () => number; ingest?: IngestRunner } = {},
): Promise<TestServer> {
  const app = createApp({
    db,
    config: options.config,
    now: options.now,
    log: () => {},
    ingest: options.ingest,
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  if (!server.listening) await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    db,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
    async token(owner?: string) {
      return (await createToken(db, { owner: owner ?? null, name: owner ? `book ${owner}` : 'workspace' }))
        .token;
    },
    get(path, token, headers = {}) {
      return fetch(url + path, {
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      });
    },
    importJson(body, token) {
      return fetch(`${url}/v1/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Datasets

export const AS_OF = '2026-10-31';

type Raw = Record<string, unknown>;

export function account(id: string, owner: string | null, extra: Raw = {}): Raw {
  return {
    id,
    name: `Account ${id}`,
    domains: [`${id}.example`],
    crm: { hubspotCompanyId: `hs-${id}` },
    planId: 'pro',
    seats: 10,
    segment: 'smb',
    ...(owner ? { owner } : {}),
    startedOn: '2025-01-15',
    updatedAt: '2026-10-01T00:00:00Z',
    ...extra,
  };
}

/** A small dataset: per account 3 revenue months, 3 usage days, 1 user, 1 ticket, 1 survey. */
export function dataset(accounts: Raw[], extra: Raw = {}): Raw {
  const revenue: Raw[] = [];
  const usage: Raw[] = [];
  const users: Raw[] = [];
  const tickets: Raw[] = [];
  const surveys: Raw[] = [];
  for (const a of accounts) {
    const id = a.id as string;
    for (const month of ['2026-08', '2026-09', '2026-10'])
      revenue.push({ accountId: id, month, mrr: 10_000 });
    for (const date of ['2026-10-29', '2026-10-30', '2026-10-31']) {
      usage.push({ accountId: id, date, dau: 3, wau: 5, mau: 8, minutes: 42.5, sessions: 4 });
    }
    users.push({
      accountId: id,
      id: `u-${id}`,
      email: `user@${id}.example`,
      champion: true,
      features: { reports: '2026-10-30' },
    });
    tickets.push({
      id: `t-${id}`,
      accountId: id,
      openedAt: '2026-10-20T10:00:00Z',
      priority: 'normal',
      status: 'open',
    });
    surveys.push({ id: `s-${id}`, accountId: id, respondedOn: '2026-10-15', kind: 'nps', score: 9 });
  }
  return {
    schemaVersion: 1,
    currency: 'USD',
    dataThrough: AS_OF,
    plans: [{ id: 'pro', name: 'Pro', tier: 2, seatLimit: 20, features: ['reports', 'alerts'] }],
    features: [
      { key: 'reports', name: 'Reports' },
      { key: 'alerts', name: 'Alerts' },
    ],
    milestones: [{ key: 'first-report', name: 'First report', order: 1, firstValue: true }],
    accounts,
    revenue,
    usage,
    users,
    tickets,
    surveys,
    ...extra,
  };
}

/** Records of a dataset count (every collection). */
export function recordCount(d: Raw): number {
  let n = 0;
  for (const v of Object.values(d)) if (Array.isArray(v)) n += v.length;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Sync client

export type { Change };
export type Page = SyncPage;

/** Checks a page with the server's strict schema and with the extension's own reader. */
export function validatePage(raw: unknown): Page {
  const strict = syncPageSchema.safeParse(raw);
  if (!strict.success)
    throw new Error(`Invalid sync page: ${JSON.stringify(strict.error.issues.slice(0, 3))}`);
  const ext = parseSyncPage(raw);
  expect(ext.ok).toBe(true);
  if (ext.ok) expect(ext.rejected).toEqual([]);
  return raw as Page;
}

export async function fetchPage(url: string, token: string, cursor?: string, limit?: number): Promise<Page> {
  const u = new URL('/v1/sync', url);
  if (cursor) u.searchParams.set('cursor', cursor);
  if (limit) u.searchParams.set('limit', String(limit));
  const r = await fetch(u, { headers: { authorization: `Bearer ${token}` } });
  if (r.status !== 200) throw new Error(`sync answered ${r.status}: ${await r.text()}`);
  return validatePage(await r.json());
}

/** Pages until `hasMore` is false. */
export async function syncAll(
  url: string,
  token: string,
  options: { cursor?: string; limit?: number } = {},
): Promise<{ pages: Page[]; changes: Change[]; cursor: string }> {
  const pages: Page[] = [];
  let cursor = options.cursor;
  for (let i = 0; i < 100_000; i++) {
    const p = await fetchPage(url, token, cursor, options.limit);
    pages.push(p);
    cursor = p.nextCursor;
    if (!p.hasMore) break;
  }
  return { pages, changes: pages.flatMap((p) => p.changes), cursor: cursor! };
}

/** The key a change names, `collection|id` or `collection|accountId|month-or-date`. */
export function changeKey(c: Change): string {
  if (isTombstone(c)) {
    if ('key' in c)
      return `${c.collection}|${c.key.accountId}|${'month' in c.key ? c.key.month : c.key.date}`;
    return `${c.collection}|${c.id}`;
  }
  if (c.collection === 'revenue') return `revenue|${c.record.accountId}|${c.record.month}`;
  if (c.collection === 'usage') return `usage|${c.record.accountId}|${c.record.date}`;
  if (c.collection === 'features' || c.collection === 'milestones') return `${c.collection}|${c.record.key}`;
  return `${c.collection}|${c.record.id}`;
}

/** A client's cache: applies changes in order (upsert replaces, tombstone removes). */
export function applyChanges(state: Map<string, Raw>, changes: Change[]): Map<string, Raw> {
  for (const c of changes) {
    const k = changeKey(c);
    if (isTombstone(c)) state.delete(k);
    else state.set(k, c.record as Raw);
  }
  return state;
}

/** The account a record of a change belongs to (null for shared collections). */
export function accountOf(c: Change): string | null {
  if (c.collection === 'plans' || c.collection === 'features' || c.collection === 'milestones') return null;
  if (isTombstone(c)) return 'key' in c ? c.key.accountId : c.collection === 'accounts' ? c.id : null;
  if (c.collection === 'accounts') return c.record.id;
  return c.record.accountId;
}

// ---------------------------------------------------------------------------------------------
// Zip (a minimal writer: deflated entries, no zip64)

export function makeZip(files: Record<string, string | Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    const packed = deflateRawSync(data);
    const nameBuf = Buffer.from(name, 'utf8');
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    locals.push(local, nameBuf, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + packed.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
