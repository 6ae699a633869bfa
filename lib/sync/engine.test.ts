import 'fake-indexeddb/auto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { dashboardExtensionSource } from '@/components/dashboard/extension-source';
import { panelExtensionSource } from '@/components/panel/extension-source';
import { popupExtensionSource } from '@/components/popup/extension-source';
import { exportDataset } from '../db/apply';
import { type HealthbarDB, openDb } from '../db/db';
import { syncStateItem, writeConnection } from '../ext/settings';
import {
  backoffMs,
  REFRESHING_NOTE,
  requestFullSync,
  runSync,
  type SyncDeps,
  type SyncState,
} from './engine';

// ---------------------------------------------------------------------------------------------
// A purpose-built sync server: an append-only change log served in pages, with injectable faults.

type RawChange = Record<string, unknown>;

interface Fault {
  /** Which request (0-based, counting every request) to break, or a predicate on the cursor index. */
  when: (requestNo: number, from: number) => boolean;
  kind: 'drop' | '503' | '429' | 'truncate' | 'schema' | 'garbage' | '410';
  /** Answer with this many requests in a row (default 1). */
  times?: number;
  retryAfter?: string;
}

const server = {
  log: [] as RawChange[],
  pageSize: 3,
  requests: 0,
  faults: [] as Fault[],
  authHeader: '' as string | undefined,
  /** Cursors asked for, in order (undefined: from the start). */
  cursors: [] as (string | undefined)[],
  /** If-None-Match headers received. */
  ifNoneMatch: [] as (string | undefined)[],
  /** Changes with every change of the log (part of the ETag, as the reference server's version). */
  version: 0,
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
  server.cursors.push(url.searchParams.get('cursor') ?? undefined);
  const inm = req.headers['if-none-match'];
  server.ifNoneMatch.push(typeof inm === 'string' ? inm : undefined);
  const from = Number(url.searchParams.get('cursor') ?? '0');
  const limit = Math.min(server.pageSize, Number(url.searchParams.get('limit') ?? server.pageSize));
  const to = Math.min(server.log.length, from + limit);
  // As the reference server: the ETag names (data version, cursor, limit), and If-None-Match
  // with the current one gets 304 and no body.
  const etag = `W/"v${server.version}-${url.searchParams.get('cursor') ?? ''}-${limit}"`;
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
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) server.faults.splice(server.faults.indexOf(fault), 1);
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
  if (inm && inm.replace(/^W\//, '') === etag.replace(/^W\//, '')) {
    res.writeHead(304, { etag });
    res.end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json', etag });
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
  server.cursors = [];
  server.ifNoneMatch = [];
  server.version = 0;
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
  it('asks for the next two pages while the current one is written (fetch and write overlap)', async () => {
    // Pages applied (reported) when each request starts: pages n+1 and n+2 are asked for before
    // page n is applied, and never more than two pages are read ahead of the one being written.
    const appliedAtRequest: number[] = [];
    const counting: typeof fetch = (input, init) => {
      appliedAtRequest.push(states.filter((x) => x.status === 'syncing').length - 1);
      return fetch(input, init);
    };
    const s = await runSync(deps({ fetch: counting }));
    expect(s.status).toBe('ok');
    expect(s.pages).toBe(4);
    expect(appliedAtRequest).toHaveLength(4);
    expect(appliedAtRequest.slice(0, 3)).toEqual([0, 0, 0]);
    appliedAtRequest.forEach((applied, k) => {
      expect(applied).toBeGreaterThanOrEqual(k - 2);
      expect(applied).toBeLessThanOrEqual(Math.max(0, k - 1));
    });
    const { ds, cursor } = await snapshot();
    expect(cursor).toBe('10');
    expect(ds?.usage).toHaveLength(3);
  });

  it('a page asked for ahead is never applied when the write before it fails; the next sync resumes', async () => {
    const put = db.snapshot.put.bind(db.snapshot);
    let calls = 0;
    db.snapshot.put = ((...a: Parameters<typeof put>) => {
      if (++calls === 2) throw new Error('disk said no');
      return put(...a);
    }) as typeof put;
    const failed = await runSync(deps());
    db.snapshot.put = put;
    expect(failed.status).toBe('error');
    expect(failed.pages).toBe(1);
    expect((await db.snapshot.get('snapshot'))?.cursor).toBe('3');
    expect(await db.meta.get('dataset')).toBeUndefined();
    const s = await runSync(deps());
    expect(s.status).toBe('ok');
    const { ds, cursor } = await snapshot();
    expect(cursor).toBe('10');
    expect(ds?.accounts.map((a) => a.id)).toEqual(['a1', 'a2']);
    expect(ds?.usage).toHaveLength(3);
  });

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

  it('syncs deals into the cache and removes a deal on its tombstone', async () => {
    const deal = (id: string, accountId: string, amount: number) => ({
      collection: 'deals',
      record: { id, accountId, name: `Deal ${id}`, amount, stage: 'proposal', createdOn: '2026-10-01' },
    });
    server.log.push(deal('hubspot:1', 'a1', 120000), deal('hubspot:2', 'a2', 30000));
    await runSync(deps());
    expect((await snapshot()).ds?.deals?.map((d) => d.id).sort()).toEqual(['hubspot:1', 'hubspot:2']);
    expect(await db.deals.where('accountId').equals('a1').primaryKeys()).toEqual(['hubspot:1']);
    server.log.push({ collection: 'deals', id: 'hubspot:1', deleted: true }, deal('hubspot:2', 'a1', 35000));
    expect((await runSync(deps())).status).toBe('ok');
    const { ds } = await snapshot();
    expect(ds?.deals).toEqual([
      {
        id: 'hubspot:2',
        accountId: 'a1',
        name: 'Deal hubspot:2',
        amount: 35000,
        stage: 'proposal',
        createdOn: '2026-10-01',
      },
    ]);
    expect(await db.deals.where('accountId').equals('a2').count()).toBe(0);
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
    // Pages 1 and 2 committed with their cursor, page 3 not at all; a first sync is not shown
    // until it is complete (no header yet: every view says "no data yet").
    expect((await db.snapshot.get('snapshot'))?.cursor).toBe('2');
    expect((await db.snapshot.get('snapshot'))?.target).toBe('live');
    expect(await db.plans.toArray()).toEqual([{ id: 'p1', name: 'Pro', tier: 2, features: ['reports'] }]);
    expect(await db.features.count()).toBe(1);
    expect(await db.accounts.count()).toBe(0);
    expect((await snapshot()).ds).toBeNull();
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

// ---------------------------------------------------------------------------------------------
// The fault matrix's re-snapshot rows: a full re-fetch interrupted part-way leaves the cache and
// every view (the panel's, the popup's and the dashboard's sources) on the previous complete
// data, says it is refreshing, and the next clean sync converges.

/** The server's data after a change of database: Globex gone, Initech new, Acme's usage moved. */
function changedLog(): RawChange[] {
  return [
    { collection: 'plans', record: { id: 'p1', name: 'Pro', tier: 2, features: ['reports'] } },
    { collection: 'features', record: { key: 'reports', name: 'Reports' } },
    account('a1', 'Acme'),
    account('a3', 'Initech', { owner: 'kim@x.com' }),
    revenue('a1', '2026-10', 15000),
    revenue('a3', '2026-10', 3000),
    usage('a1', '2026-10-31', 8),
    usage('a3', '2026-10-30', 1),
    usage('a3', '2026-10-31', 2),
    account('a4', 'Umbrella'),
  ];
}

/** What a person sees, read through each view's own data source. */
async function views() {
  const panel = panelExtensionSource(db);
  const popup = popupExtensionSource(db);
  const dashboard = dashboardExtensionSource(db);
  const byDomain = async (id: string) =>
    panel.resolve({
      crm: 'hubspot',
      objectType: 'company',
      recordId: `r-${id}`,
      hints: { domains: [`${id}.example.com`] },
    });
  const [status, popupState, meta, dataset, lists] = await Promise.all([
    panel.status(),
    popup.state(),
    dashboard.meta(),
    dashboard.dataset(),
    popup.lists(),
  ]);
  const panelViews: Record<string, unknown> = {};
  for (const id of ['a1', 'a2', 'a3', 'a4']) {
    const r = await byDomain(id);
    panelViews[id] =
      r.status === 'matched' ? { id: r.accountId, view: (await panel.view(r.accountId))?.report } : r.status;
  }
  return {
    data: { hasData: status.hasData, popupHasData: popupState.hasData, meta, dataset, lists, panelViews },
    sync: { panel: status.sync, popup: popupState.sync },
  };
}

/** The same server data synced into a fresh cache, without faults. */
async function freshSyncOfServer() {
  const fresh = openDb({ name: `sync-test-${dbCount++}` });
  const s = await runSync({ ...deps(), db: fresh, report: () => {} });
  expect(s.status).toBe('ok');
  const ds = await exportDataset(fresh);
  fresh.close();
  return ds;
}

describe('fault matrix: re-snapshots', () => {
  beforeAll(() => {
    if (typeof navigator === 'undefined') vi.stubGlobal('navigator', { language: 'en-US' });
  });
  beforeEach(async () => {
    fakeBrowser.reset();
    await writeConnection({ apiUrl, token: 'good-token' });
  });
  afterAll(() => vi.unstubAllGlobals());

  /** Deps whose states are persisted where the views read them (as the background does). */
  const persisted = (extra: Partial<SyncDeps> = {}) =>
    deps({
      report: async (s) => {
        states.push(s);
        await syncStateItem.setValue(s);
      },
      ...extra,
    });

  async function completeCache() {
    const s = await runSync(persisted());
    expect(s.status).toBe('ok');
    const before = await views();
    expect(before.data.dataset?.accounts.map((a) => a.id)).toEqual(['a1', 'a2']);
    expect(before.data.panelViews.a2).toMatchObject({ id: 'a2' });
    return before;
  }

  async function expectPreviousDataAndRefreshing(before: Awaited<ReturnType<typeof views>>, s: SyncState) {
    expect(s.status).toBe('error');
    expect(s.refreshing).toBe(true);
    expect(s.error).toContain(REFRESHING_NOTE);
    const mid = await views();
    expect(mid.data).toEqual(before.data);
    expect(mid.sync.panel.refreshing).toBe(true);
    expect(mid.sync.popup.refreshing).toBe(true);
    expect(mid.sync.panel.error).toContain(REFRESHING_NOTE);
  }

  async function expectConverged() {
    const after = await views();
    expect(after.sync.panel.status).toBe('ok');
    expect(after.sync.panel.refreshing).toBeUndefined();
    expect(after.data.dataset).toEqual(await freshSyncOfServer());
    expect(after.data.dataset?.accounts.map((a) => a.id)).toEqual(['a1', 'a3', 'a4']);
    expect(after.data.panelViews.a2).toBe('none');
    expect(after.data.panelViews.a3).toMatchObject({ id: 'a3' });
    for (const t of [
      db.stagedAccounts,
      db.stagedUsageChunks,
      db.stagedRevenue,
      db.snapshot,
      db.stagedRejections,
    ]) {
      expect(await t.count()).toBe(0);
    }
  }

  it('re-snapshot interrupted at page 2 of 4: every view keeps the previous data; the next sync continues it', async () => {
    const before = await completeCache();
    server.log = changedLog();
    server.version++;
    await requestFullSync(db); // "Re-fetch everything", or another token
    // Page 2 of the snapshot starts at change 3; fail it past the retry budget.
    server.faults.push({ when: (_n, from) => from === 3, kind: '503', times: 4 });
    const s = await runSync(persisted());
    expect(s.pages).toBe(1);
    await expectPreviousDataAndRefreshing(before, s);

    server.cursors = [];
    const again = await runSync(persisted());
    expect(again.status, again.error).toBe('ok');
    // Continued from page 2, not started over.
    expect(server.cursors).toEqual(['3', '6', '9']);
    await expectConverged();
  });

  it('410 then failure: the restarted snapshot fails at its page 2; every view keeps the previous data', async () => {
    const before = await completeCache();
    server.log = changedLog();
    server.version++;
    server.faults.push(
      { when: (_n, from) => from === 10, kind: '410' },
      { when: (_n, from) => from === 3, kind: '503', times: 4 },
    );
    const s = await runSync(persisted());
    expect(s.pages).toBe(1);
    await expectPreviousDataAndRefreshing(before, s);
    const again = await runSync(persisted());
    expect(again.status, again.error).toBe('ok');
    await expectConverged();
  });

  it('a staged snapshot whose own cursor expired restarts cleanly: nothing of its pages survives', async () => {
    const before = await completeCache();
    // The first staged page brings an account that the server's next database no longer has.
    server.log = [account('a9', 'Ghost'), ...changedLog()];
    server.version++;
    await requestFullSync(db);
    server.faults.push({ when: (_n, from) => from === 3, kind: 'drop', times: 4 });
    const s = await runSync(persisted());
    expect(s.status).toBe('offline');
    expect(s.refreshing).toBe(true);
    expect((await views()).data).toEqual(before.data);
    expect(await db.stagedAccounts.count()).toBe(1);

    server.log = changedLog();
    server.version++;
    server.faults.push({ when: (_n, from) => from === 3, kind: '410' });
    const again = await runSync(persisted());
    expect(again.status, again.error).toBe('ok');
    await expectConverged();
  });

  it('a re-snapshot against another server is not continued: it starts over there', async () => {
    await completeCache();
    server.log = [account('a9', 'Ghost'), ...changedLog()];
    await requestFullSync(db);
    server.faults.push({ when: (_n, from) => from === 3, kind: '503', times: 4 });
    expect((await runSync(persisted())).status).toBe('error');
    server.log = changedLog();
    server.cursors = [];
    // The same server under another address: the staged pages are not trusted.
    const again = await runSync(persisted({ apiUrl: apiUrl.replace('127.0.0.1', 'localhost') }));
    expect(again.status, again.error).toBe('ok');
    expect(server.cursors[0]).toBeUndefined();
    expect((await exportDataset(db))?.accounts.map((a) => a.id)).toEqual(['a1', 'a3', 'a4']);
  });

  it('counts the records rejected since the last full fetch; a re-fetch counts again from zero', async () => {
    server.log.push({ collection: 'usage', record: { accountId: 'a1', date: 'not a date' } });
    await runSync(persisted());
    expect((await db.meta.get('dataset'))?.rejected).toBe(1);
    server.log.push({ collection: 'accounts', record: { id: 'a5' } });
    await runSync(persisted());
    expect((await db.meta.get('dataset'))?.rejected).toBe(2);
    server.log = server.log.filter((c) => (c.record as { id?: string } | undefined)?.id !== 'a5');
    await requestFullSync(db);
    await runSync(persisted());
    expect((await db.meta.get('dataset'))?.rejected).toBe(1);
    expect((await db.rejections.toArray()).map((r) => r.collection)).toEqual(['usage']);
  });
});

describe('ETag', () => {
  it('the incremental poll sends If-None-Match with the server ETag; a 304 applies nothing', async () => {
    expect((await runSync(deps())).status).toBe('ok');
    expect(server.ifNoneMatch.every((h) => h === undefined)).toBe(true);
    // The first poll from the new cursor learns its ETag…
    expect((await runSync(deps())).status).toBe('ok');
    const meta = await db.meta.get('dataset');
    const data = await exportDataset(db);
    server.ifNoneMatch = [];
    // …the next one sends it, and the server answers 304: nothing is applied, nothing changes.
    const s = await runSync(deps());
    expect(s.status).toBe('ok');
    expect(s.pages).toBe(0);
    expect(s.lastSuccessAt).toBe('2026-11-01T08:00:00.000Z');
    expect(server.ifNoneMatch).toEqual([`W/"v0-10-3"`]);
    expect(await db.meta.get('dataset')).toEqual(meta);
    expect(await exportDataset(db)).toEqual(data);
    // Once the server's data changes, the same ETag gets the new page.
    server.log.push(usage('a1', '2026-11-01', 9));
    server.version++;
    server.ifNoneMatch = [];
    const changed = await runSync(deps());
    expect(changed.records).toBe(1);
    expect(server.ifNoneMatch[0]).toBe(`W/"v0-10-3"`);
    expect((await exportDataset(db))?.usage).toHaveLength(4);
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
