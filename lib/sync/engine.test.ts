import 'fake-indexeddb/auto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exportDataset } from '../db/apply';
import { type HealthbarDB, openDb } from '../db/db';
import { backoffMs, runSync, type SyncDeps, type SyncState } from './engine';

// ---------------------------------------------------------------------------------------------
// A purpose-built sync server: an append-only change log served in pages, with injectable faults.

type RawChange = Record<string, unknown>;

interface Fault {
  /** Which request (0-based, counting every request) to break, or a predicate on the cursor index. */
  when: (requestNo: number, from: number) => boolean;
  kind: 'drop' | '503' | '429' | 'truncate' | 'schema' | 'garbage' | '410';
  retryAfter?: string;
}

const server = {
  log: [] as RawChange[],
  pageSize: 3,
  requests: 0,
  faults: [] as Fault[],
  authHeader: '' as string | undefined,
  context: {
    asOf: '2026-10-31',
    monthlyLogoChurnRate: 0.01,
    segmentMedianMrr: { smb: 5000 },
    ticketsTracked: true,
  },
};

function handle(req: IncomingMessage, res: ServerResponse) {
  const n = server.requests++;
  server.authHeader = req.headers.authorization;
  const url = new URL(req.url ?? '/', 'http://x');
  if (req.headers.authorization !== 'Bearer good-token') {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'unauthorized', message: 'bad token' } }));
    return;
  }
  const from = Number(url.searchParams.get('cursor') ?? '0');
  const limit = Math.min(server.pageSize, Number(url.searchParams.get('limit') ?? server.pageSize));
  const to = Math.min(server.log.length, from + limit);
  const body = JSON.stringify({
    schemaVersion: 1,
    currency: 'USD',
    dataThrough: '2026-10-31',
    nextCursor: String(to),
    hasMore: to < server.log.length,
    changes: server.log.slice(from, to),
    context: server.context,
  });
  const fault = server.faults.find((f) => f.when(n, from));
  if (fault) {
    server.faults.splice(server.faults.indexOf(fault), 1);
    switch (fault.kind) {
      case 'drop':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
        res.write(body.slice(0, Math.floor(body.length / 2)));
        res.socket?.destroy();
        return;
      case 'truncate':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(body.slice(0, Math.floor(body.length / 2)));
        return;
      case '503':
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end('{"error":{"code":"unavailable","message":"down"}}');
        return;
      case '429':
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': fault.retryAfter ?? '7' });
        res.end('{"error":{"code":"rate_limited","message":"slow down"}}');
        return;
      case 'schema':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(body.replace('"schemaVersion":1', '"schemaVersion":2'));
        return;
      case '410':
        res.writeHead(410, { 'content-type': 'application/json' });
        res.end('{"error":{"code":"cursor-expired","message":"start again"}}');
        return;
      case 'garbage':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"hello":"world"}');
        return;
    }
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(body);
}

let http: Server;
let apiUrl = '';

beforeAll(async () => {
  http = createServer(handle);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  apiUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((r) => http.close(() => r())));

// ---------------------------------------------------------------------------------------------

const account = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  collection: 'accounts',
  record: { id, name, domains: [`${id}.example.com`], crm: {}, updatedAt: '2026-10-01T00:00:00Z', ...extra },
});
const usage = (accountId: string, date: string, dau: number) => ({
  collection: 'usage',
  record: { accountId, date, dau, wau: dau, mau: dau, minutes: dau * 10, sessions: dau },
});
const revenue = (accountId: string, month: string, mrr: number) => ({
  collection: 'revenue',
  record: { accountId, month, mrr },
});

function baseLog(): RawChange[] {
  return [
    { collection: 'plans', record: { id: 'p1', name: 'Pro', tier: 2, features: ['reports'] } },
    { collection: 'features', record: { key: 'reports', name: 'Reports' } },
    account('a1', 'Acme'),
    account('a2', 'Globex', { owner: 'kim@x.com' }),
    revenue('a1', '2026-09', 10000),
    revenue('a1', '2026-10', 12000),
    usage('a1', '2026-10-30', 5),
    usage('a1', '2026-10-31', 6),
    usage('a2', '2026-10-31', 2),
    {
      collection: 'tickets',
      record: {
        id: 't1',
        accountId: 'a1',
        openedAt: '2026-10-30T10:00:00Z',
        priority: 'high',
        status: 'open',
      },
    },
  ];
}

let db: HealthbarDB;
let states: SyncState[];
let slept: number[];
let dbCount = 0;

function deps(extra: Partial<SyncDeps> = {}): SyncDeps {
  return {
    db,
    apiUrl,
    token: 'good-token',
    limit: 3,
    now: () => new Date('2026-11-01T08:00:00Z'),
    sleep: async (ms) => {
      slept.push(ms);
    },
    random: () => 0.5,
    report: (s) => {
      states.push(s);
    },
    maxAttempts: 4,
    ...extra,
  };
}

beforeEach(() => {
  db = openDb({ name: `sync-test-${dbCount++}` });
  server.log = baseLog();
  server.requests = 0;
  server.pageSize = 3;
  server.faults = [];
  states = [];
  slept = [];
});
afterEach(async () => {
  db.close();
});

async function snapshot() {
  const ds = await exportDataset(db);
  const meta = await db.meta.get('dataset');
  return { ds, cursor: meta?.cursor, version: meta?.version };
}

describe('sync engine', () => {
  it('does a full sync in pages and stores every contract field', async () => {
    const s = await runSync(deps());
    expect(s.status).toBe('ok');
    expect(s.pages).toBe(4);
    expect(s.records).toBe(10);
    expect(server.authHeader).toBe('Bearer good-token');
    const { ds, cursor } = await snapshot();
    expect(cursor).toBe('10');
    expect(ds?.accounts.map((a) => a.id)).toEqual(['a1', 'a2']);
    expect(ds?.accounts[1].owner).toBe('kim@x.com');
    expect(ds?.usage).toHaveLength(3);
    expect(ds?.usage.find((u) => u.accountId === 'a1' && u.date === '2026-10-31')).toEqual(
      baseLog()[7].record,
    );
    expect(ds?.revenue).toEqual([
      { accountId: 'a1', month: '2026-09', mrr: 10000 },
      { accountId: 'a1', month: '2026-10', mrr: 12000 },
    ]);
    expect(ds?.dataThrough).toBe('2026-10-31');
    expect((await db.meta.get('dataset'))?.context?.segmentMedianMrr).toEqual({ smb: 5000 });
    expect(states[0].status).toBe('syncing');
    expect(states.at(-1)?.lastSuccessAt).toBe('2026-11-01T08:00:00.000Z');
  });

  it('syncs incrementally from the stored cursor and applies tombstones', async () => {
    await runSync(deps());
    const before = server.requests;
    server.log.push(
      usage('a1', '2026-11-01', 9),
      { collection: 'usage', key: { accountId: 'a1', date: '2026-10-30' }, deleted: true },
      { collection: 'accounts', id: 'a2', deleted: true },
      { collection: 'revenue', key: { accountId: 'a1', month: '2026-09' }, deleted: true },
    );
    const s = await runSync(deps());
    expect(s.status).toBe('ok');
    expect(s.records).toBe(4);
    expect(server.requests - before).toBe(2);
    const { ds } = await snapshot();
    expect(ds?.accounts.map((a) => a.id)).toEqual(['a1']);
    expect(ds?.usage.map((u) => `${u.accountId} ${u.date}`).sort()).toEqual([
      'a1 2026-10-31',
      'a1 2026-11-01',
      'a2 2026-10-31',
    ]);
    expect(ds?.revenue).toEqual([{ accountId: 'a1', month: '2026-10', mrr: 12000 }]);
  });

  it('replaying a page is a no-op', async () => {
    await runSync(deps());
    const first = await snapshot();
    // Rewind the cursor by one page, as if the commit of the last page had been re-delivered.
    await db.meta.update('dataset', { cursor: '6' });
    await runSync(deps());
    const second = await snapshot();
    expect(second.ds).toEqual(first.ds);
    expect(second.cursor).toBe('10');
  });

  it('a connection dropped in the middle of page 3 of 10 leaves a consistent cache and resumes', async () => {
    // One change per page: 10 pages. Page 3 starts at change 2; drop it more times than the
    // retry budget allows.
    server.pageSize = 1;
    for (let i = 0; i < 4; i++) server.faults.push({ when: (_n, from) => from === 2, kind: 'drop' });
    const s1 = await runSync(deps({ limit: 1 }));
    expect(s1.status).toBe('offline');
    expect(s1.error).toMatch(/Could not reach|not valid JSON|did not answer/);
    expect(s1.pages).toBe(2);
    const mid = await snapshot();
    expect(mid.cursor).toBe('2'); // pages 1 and 2 committed with their cursor, page 3 not at all
    expect(mid.ds?.plans.map((p) => p.id)).toEqual(['p1']);
    expect(mid.ds?.features.map((f) => f.key)).toEqual(['reports']);
    expect(mid.ds?.accounts).toEqual([]);
    const s2 = await runSync(deps({ limit: 1 }));
    expect(s2.pages).toBe(8);
    expect(s2.status).toBe('ok');
    const end = await snapshot();
    expect(end.cursor).toBe('10');
    expect(end.ds?.usage).toHaveLength(3);
  });

  it('backs off on 503 and honours Retry-After on 429', async () => {
    server.faults.push(
      { when: (n) => n === 0, kind: '503' },
      { when: (n) => n === 1, kind: '429', retryAfter: '7' },
    );
    const s = await runSync(deps());
    expect(s.status).toBe('ok');
    expect(slept[0]).toBe(backoffMs(0, () => 0.5));
    expect(slept[1]).toBe(7000);
  });

  it('retries a truncated JSON answer', async () => {
    server.faults.push({ when: (n) => n === 1, kind: 'truncate' });
    const s = await runSync(deps());
    expect(s.status).toBe('ok');
    expect(slept).toHaveLength(1);
  });

  it('rejects invalid records with reasons, counts them, and applies the valid ones', async () => {
    server.log.splice(
      3,
      0,
      usage('a1', '2026-02-30', 4),
      {
        collection: 'usage',
        record: { accountId: 'a1', date: '2026-10-29', dau: -3, wau: 1, mau: 1, minutes: 0, sessions: 0 },
      },
      { collection: 'nonsense', record: {} },
    );
    const s = await runSync(deps());
    expect(s.status).toBe('ok');
    expect(s.rejected).toBe(3);
    expect(s.records).toBe(10);
    const rej = await db.rejections.toArray();
    expect(rej.map((r) => r.message)).toEqual([
      expect.stringContaining('date must be a calendar date'),
      expect.stringContaining('dau must not be negative'),
      'is not a known collection',
    ]);
    const { ds } = await snapshot();
    expect(ds?.usage).toHaveLength(3);
  });

  it('refuses a page of an unknown schemaVersion whole and keeps the cache', async () => {
    await runSync(deps());
    const before = await snapshot();
    server.log.push(usage('a1', '2026-11-01', 9));
    server.faults.push({ when: () => true, kind: 'schema' });
    const s = await runSync(deps());
    expect(s.status).toBe('error');
    expect(s.error).toMatch(/format version 2.*Update the Healthbar extension/);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an answer that is not a sync page', async () => {
    server.faults.push({ when: () => true, kind: 'garbage' });
    const s = await runSync(deps());
    expect(s.status).toBe('error');
    expect(s.error).toMatch(/not a Healthbar sync page/);
    expect(await db.meta.get('dataset')).toBeUndefined();
  });

  it('says what to do about a bad token', async () => {
    const s = await runSync(deps({ token: 'wrong' }));
    expect(s.status).toBe('error');
    expect(s.error).toMatch(/refused the API token.*options/);
    expect(slept).toHaveLength(0);
  });

  it('is offline when nothing answers', async () => {
    const s = await runSync(deps({ apiUrl: 'http://127.0.0.1:9/', maxAttempts: 2 }));
    expect(s.status).toBe('offline');
    expect(slept).toHaveLength(1);
  });

  it('fails a sync cleanly on a quota error and keeps the previous data', async () => {
    await runSync(deps());
    const before = await snapshot();
    server.log.push(usage('a1', '2026-11-01', 9));
    const put = db.meta.put.bind(db.meta);
    db.meta.put = (() => {
      const e = new Error('quota');
      e.name = 'QuotaExceededError';
      throw e;
    }) as typeof db.meta.put;
    const s = await runSync(deps());
    db.meta.put = put;
    expect(s.status).toBe('error');
    expect(s.quota).toBe(true);
    expect(s.error).toMatch(/ran out of storage.*previous data is kept/);
    expect(await snapshot()).toEqual(before);
  });

  it('starts again from a full snapshot when the server no longer knows the cursor (410)', async () => {
    await runSync(deps());
    // The server's database was replaced: its log now differs, and old cursors are refused.
    server.log = baseLog().filter((c) => (c.record as { id?: string } | undefined)?.id !== 'a2');
    server.faults.push({ when: (_n, from) => from === 10, kind: '410' });
    const s = await runSync(deps());
    expect(s.status).toBe('ok');
    const { ds, cursor } = await snapshot();
    expect(ds?.accounts.map((a) => a.id)).toEqual(['a1']);
    expect(cursor).toBe(String(server.log.length));
  });

  it('two sync requests at once run one sync', async () => {
    const [a, b] = await Promise.all([runSync(deps()), runSync(deps())]);
    expect(a).toBe(b);
    expect(server.requests).toBe(4);
  });

  it('a full snapshot replaces what an import left', async () => {
    await db.meta.put({
      id: 'dataset',
      schemaVersion: 1,
      currency: 'EUR',
      source: 'import',
      version: 3,
      nextOrder: 1,
      updatedAt: '2026-10-01T00:00:00Z',
    });
    await db.accounts.put({
      id: 'old',
      name: 'Old',
      domains: [],
      crm: {},
      updatedAt: '2026-01-01T00:00:00Z',
      _order: 0,
      _domains: [],
      _name: 'old',
    });
    await runSync(deps());
    const { ds } = await snapshot();
    expect(ds?.currency).toBe('USD');
    expect(ds?.accounts.map((a) => a.id)).toEqual(['a1', 'a2']);
  });
});

describe('backoffMs', () => {
  it('grows exponentially with jitter, capped at a minute', () => {
    expect(backoffMs(0, () => 0)).toBe(500);
    expect(backoffMs(0, () => 1)).toBe(1000);
    expect(backoffMs(3, () => 0.5)).toBe(6000);
    expect(backoffMs(20, () => 1)).toBe(60000);
  });
  it('uses Retry-After when given', () => {
    expect(backoffMs(0, () => 0.5, 7000)).toBe(7000);
  });
});
