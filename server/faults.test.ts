/**
 * Sync through faults: the extension's sync engine (lib/sync/engine.ts, over fake-indexeddb)
 * against the real reference server, with a fault-injecting proxy in between.
 *
 * The proxy forwards every request to the server and can instead drop the connection half-way,
 * cut the JSON short, answer 500/502/503 or 429 with Retry-After, stall (before the headers or
 * half-way through the body), send schema-invalid records, send an oversized page, answer with
 * the previous page (repeat) or the next one (reorder), with or without the cursor echo, send a
 * page of an unknown schemaVersion or something that is not a page at all.
 *
 * After every faulty run the suite checks that
 * - the cache is exactly what applying whole pages, in feed order, from the cursor the run started
 *   at up to the cursor the cache now holds gives (never half a page; the cursor matches the data);
 * - the sync state says what happened (status, message, rejected count);
 * and after the next clean run, that the cache equals the server's data record for record.
 * Every scenario runs twice: during the first (full) sync, and during an incremental sync after
 * the server's data changed (updates, new records, tombstones).
 */
import 'fake-indexeddb/auto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Change, parseSyncPage } from '../lib/contracts/sync-page';
import { parseDataset } from '../lib/dataset/parse';
import { COLLECTIONS, type CollectionName, type Dataset, recordKey } from '../lib/dataset/schema';
import { exportDataset } from '../lib/db/apply';
import { type HealthbarDB, openDb } from '../lib/db/db';
import { runSync, type SyncDeps, type SyncState } from '../lib/sync/engine';
import {
  account,
  dataset,
  openTestDb,
  resetDb,
  startServer,
  type TestDb,
  type TestServer,
} from './test/helpers';

// ---------------------------------------------------------------------------------------------
// The fault-injecting proxy

type FaultKind =
  | 'drop'
  | 'truncate'
  | '500'
  | '502'
  | '503'
  | '429'
  | 'stall-headers'
  | 'stall-body'
  | 'oversize'
  | 'inject-invalid'
  | 'corrupt-all'
  | 'repeat'
  | 'reorder'
  | 'repeat-no-echo'
  | 'schema-version'
  | 'not-a-page'
  | 'wrong-json';

interface Fault {
  kind: FaultKind;
  /** Index of the first sync request (of the current run) to break. */
  from: number;
  /** How many requests in a row to break. */
  times: number;
}

interface Upstream {
  status: number;
  body: string;
  headers: Record<string, string>;
}

const proxy = {
  server: null as Server | null,
  url: '',
  /** Sync requests of the current run. */
  requests: 0,
  faults: [] as Fault[],
  injected: 0,
  injectedByKind: new Map<string, number>(),
  /** Pages that were delivered whole and may have been applied, by the cursor they answer ('' = none). */
  applicable: new Map<string, Set<string>>(),
  /** The answer whose nextCursor is the key: the page before a cursor. */
  previous: new Map<string, string>(),
  /** Stalled responses, ended when the suite ends. */
  stalled: new Set<ServerResponse>(),
};

function remember(cursor: string, body: string) {
  let s = proxy.applicable.get(cursor);
  if (!s) {
    s = new Set();
    proxy.applicable.set(cursor, s);
  }
  s.add(body);
}

async function upstream(path: string, auth: string | undefined): Promise<Upstream> {
  const r = await fetch(srv.url + path, { headers: auth ? { authorization: auth } : {} });
  const headers: Record<string, string> = {
    'content-type': r.headers.get('content-type') ?? 'application/json',
  };
  const ra = r.headers.get('retry-after');
  if (ra) headers['retry-after'] = ra;
  return { status: r.status, body: await r.text(), headers };
}

const BAD_RECORDS = [
  {
    collection: 'usage',
    record: { accountId: 'a1', date: '2026-02-30', dau: 1, wau: 1, mau: 1, minutes: 1, sessions: 1 },
  },
  { collection: 'revenue', record: { accountId: 'a1', month: '2026-10', mrr: -500 } },
  { collection: 'accounts', record: { id: 'a1', name: 42, domains: 'x', crm: {}, updatedAt: 'yesterday' } },
  {
    collection: 'surveys',
    record: { id: 's-x', accountId: 'a1', respondedOn: '2026-10-01', kind: 'nps', score: 11 },
  },
  { collection: 'nope', record: {} },
  { collection: 'features', record: { key: '__proto__', name: 'Prototype' } },
  {
    collection: 'usage',
    record: { accountId: 'a1', date: '2026-10-01', dau: 1e300, wau: 1, mau: 1, minutes: 1, sessions: 1 },
  },
  'not an object',
  null,
];

/** Makes every change of a page schema-invalid (a server that changed its format without saying so). */
function corruptAll(body: string): string {
  const page = JSON.parse(body);
  page.changes = page.changes.map((c: { collection: string; record?: Record<string, unknown> }) =>
    c.record
      ? { ...c, record: { ...c.record, id: 7, key: 7, accountId: 7, updatedAt: 'today' } }
      : { ...c, deleted: 'yes' },
  );
  return JSON.stringify(page);
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://proxy');
  const path = url.pathname + url.search;
  const auth = req.headers.authorization;
  if (url.pathname !== '/v1/sync') {
    const u = await upstream(path, auth);
    res.writeHead(u.status, u.headers);
    res.end(u.body);
    return;
  }
  const n = proxy.requests++;
  const cursor = url.searchParams.get('cursor') ?? '';
  const clean = await upstream(path, auth);
  const fault = proxy.faults.find((f) => n >= f.from && n < f.from + f.times);
  const send = (status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };
  if (clean.status === 200) proxy.previous.set(JSON.parse(clean.body).nextCursor, clean.body);
  if (!fault || clean.status !== 200) {
    if (clean.status === 200) remember(cursor, clean.body);
    send(clean.status, clean.body, clean.headers);
    return;
  }
  proxy.injected++;
  proxy.injectedByKind.set(fault.kind, (proxy.injectedByKind.get(fault.kind) ?? 0) + 1);
  const body = clean.body;
  switch (fault.kind) {
    case 'drop':
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
      });
      res.write(body.slice(0, Math.floor(body.length / 2)));
      res.socket?.destroy();
      return;
    case 'truncate':
      return send(200, body.slice(0, Math.floor(body.length * 0.7)));
    case '500':
    case '502':
    case '503':
      return send(Number(fault.kind), '<html><body>Bad gateway</body></html>', {
        'content-type': 'text/html',
      });
    case '429':
      return send(429, '{"error":{"code":"rate-limited","message":"slow down"}}', { 'retry-after': '7' });
    case 'stall-headers':
      proxy.stalled.add(res);
      return;
    case 'stall-body':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(body.slice(0, Math.floor(body.length / 3)));
      proxy.stalled.add(res);
      return;
    case 'oversize': {
      const page = JSON.parse(body);
      page.padding = 'x'.repeat(MAX_PAGE_BYTES + 1000);
      return send(200, JSON.stringify(page));
    }
    case 'inject-invalid': {
      const page = JSON.parse(body);
      page.changes.splice(1, 0, ...BAD_RECORDS);
      const out = JSON.stringify(page);
      remember(cursor, out);
      return send(200, out);
    }
    case 'corrupt-all': {
      const out = corruptAll(body);
      remember(cursor, out);
      return send(200, out);
    }
    case 'repeat':
    case 'repeat-no-echo': {
      const prev = proxy.previous.get(cursor);
      if (prev === undefined) {
        // Nothing before the first page: the clean answer goes through.
        remember(cursor, body);
        return send(200, body);
      }
      if (fault.kind === 'repeat') return send(200, prev);
      const page = JSON.parse(prev);
      delete page.cursor;
      const out = JSON.stringify(page);
      // Without the echo the client cannot tell: the previous page is applied again.
      remember(cursor, out);
      return send(200, out);
    }
    case 'reorder': {
      const page = JSON.parse(body);
      if (!page.hasMore) {
        // Nothing after the last page: the clean answer goes through.
        remember(cursor, body);
        return send(200, body);
      }
      const next = new URL(path, 'http://x');
      next.searchParams.set('cursor', page.nextCursor);
      const later = await upstream(next.pathname + next.search, auth);
      return send(200, later.body);
    }
    case 'schema-version':
      return send(200, body.replace('"schemaVersion":1', '"schemaVersion":2'));
    case 'not-a-page':
      return send(200, '<!doctype html><title>Sign in to the Wi-Fi</title>', { 'content-type': 'text/html' });
    case 'wrong-json':
      return send(200, '{"hello":"world","changes":"none"}');
  }
}

// ---------------------------------------------------------------------------------------------
// Server, client and the consistency model

const MAX_PAGE_BYTES = 48 * 1024;
const LIMIT = 10;
const A = 'ana@example.com';
const B = 'ben@example.com';

let tdb: TestDb;
let srv: TestServer;
let token = '';
let dbNo = 0;
const totals = { scenarios: 0, faultsSurvived: 0, syncRuns: 0, pagesChecked: 0 };

beforeAll(async () => {
  tdb = await openTestDb();
  srv = await startServer(tdb.db, { config: { rateBurst: 1_000_000, ratePerMinute: 10_000_000 } });
  proxy.server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      res.writeHead(599);
      res.end(String(e));
    });
  });
  await new Promise<void>((r) => proxy.server?.listen(0, '127.0.0.1', r));
  proxy.url = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}/`;
}, 60_000);

afterAll(async () => {
  for (const r of proxy.stalled) r.socket?.destroy();
  await new Promise<void>((r) => proxy.server?.close(() => r()));
  (proxy.server as unknown as { closeAllConnections?: () => void })?.closeAllConnections?.();
  await srv?.close();
  await tdb?.close();
  console.log(
    `[faults] ${totals.scenarios} scenarios, ${totals.syncRuns} sync runs, ${totals.faultsSurvived} faults injected and survived ` +
      `(${[...proxy.injectedByKind].map(([k, v]) => `${k} ${v}`).join(', ')}); ${totals.pagesChecked} page boundaries checked`,
  );
});

function baseDataset() {
  const accounts = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((id, i) => account(id, i % 2 ? B : A));
  return dataset(accounts);
}

async function importJson(body: unknown) {
  const r = await srv.importJson(body, token);
  expect(r.status, await r.clone().text()).toBe(200);
}

async function mutateServer(round = 0) {
  await importJson({
    schemaVersion: 1,
    currency: 'USD',
    accounts: [account('a1', A, { name: `Acme renamed ${round}` }), account(`n${round}`, B)],
    usage: [
      { accountId: 'a2', date: '2026-10-30', dau: 7 + round, wau: 9, mau: 12, minutes: 3.25, sessions: 2 },
      { accountId: `n${round}`, date: '2026-10-31', dau: 1, wau: 1, mau: 1, minutes: 0.5, sessions: 1 },
    ],
    revenue: [{ accountId: 'a3', month: '2026-10', mrr: 12_345 + round }],
    tickets: [
      {
        id: `t-new-${round}`,
        accountId: 'a4',
        openedAt: '2026-10-30T09:00:00Z',
        priority: 'urgent',
        status: 'open',
      },
    ],
  });
  const del = async (p: string) => {
    const r = await fetch(`${srv.url}${p}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect([200, 404]).toContain(r.status);
  };
  await del(`/v1/records/tickets/t-a3`);
  await del(`/v1/records/usage/a4?date=2026-10-29`);
  await del(`/v1/records/revenue/a2?month=2026-08`);
  if (round === 0) await del(`/v1/records/accounts/a5`);
}

type State = Map<string, string>;

/** JSON with sorted keys (and absent/undefined fields dropped). */
function canon(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(
          Object.keys(x)
            .sort()
            .map((k) => [k, (x as Record<string, unknown>)[k]]),
        )
      : x,
  );
}

function stateOfDataset(d: Dataset | null): State {
  const m: State = new Map();
  if (!d) return m;
  for (const c of COLLECTIONS) {
    for (const r of d[c] as never[]) m.set(`${c}|${recordKey(c, r)}`, canon(r));
  }
  return m;
}

function applyTo(state: State, changes: readonly Change[]): State {
  const m = new Map(state);
  for (const c of changes) {
    if ('deleted' in c) {
      const k =
        c.collection === 'revenue'
          ? `${c.key.accountId}\u0000${c.key.month}`
          : c.collection === 'usage'
            ? `${c.key.accountId}\u0000${c.key.date}`
            : c.id;
      m.delete(`${c.collection}|${k}`);
    } else {
      m.set(
        `${c.collection}|${recordKey(c.collection as CollectionName, c.record as never)}`,
        canon(c.record),
      );
    }
  }
  return m;
}

function sameState(a: State, b: State): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

function diff(a: State, b: State): string[] {
  const out: string[] = [];
  for (const [k, v] of a) if (b.get(k) !== v) out.push(`${k}: ${v} ≠ ${b.get(k) ?? 'absent'}`);
  for (const k of b.keys()) if (!a.has(k)) out.push(`${k}: absent ≠ present`);
  return out.slice(0, 5);
}

/**
 * True when `target` (the cache) with cursor `to` is what applying whole delivered pages, from
 * `start` at cursor `from` along the feed, gives. Explores every page delivered for a cursor.
 */
function explains(start: State, from: string, to: string, target: State): boolean {
  const go = (state: State, c: string, depth: number): boolean => {
    if (c === to && sameState(state, target)) return true;
    if (depth > 60) return false;
    for (const body of proxy.applicable.get(c) ?? []) {
      const p = parseSyncPage(JSON.parse(body));
      if (!p.ok) continue;
      const next = applyTo(state, p.changes);
      if (p.nextCursor === c && sameState(next, state)) continue;
      totals.pagesChecked++;
      if (go(next, p.nextCursor, depth + 1)) return true;
    }
    return false;
  };
  return go(start, from, 0);
}

interface Client {
  db: HealthbarDB;
  states: SyncState[];
  slept: number[];
}

function newClient(): Client {
  return { db: openDb({ name: `faults-${dbNo++}` }), states: [], slept: [] };
}

function deps(c: Client, extra: Partial<SyncDeps> = {}): SyncDeps {
  return {
    db: c.db,
    apiUrl: proxy.url,
    token,
    limit: LIMIT,
    now: () => new Date('2026-11-01T08:00:00Z'),
    sleep: async (ms) => {
      c.slept.push(ms);
    },
    random: () => 0.5,
    report: (s) => {
      c.states.push(s);
    },
    maxAttempts: 4,
    // Short, so stalls are waited out quickly — but not so short that an answer of a loaded
    // machine counts as a stall (120 ms did, at a load average of 15).
    timeoutMs: 500,
    maxPageBytes: MAX_PAGE_BYTES,
    ...extra,
  };
}

async function snapshot(c: Client): Promise<{ state: State; cursor: string }> {
  const meta = await c.db.meta.get('dataset');
  return { state: stateOfDataset(await exportDataset(c.db)), cursor: meta?.cursor ?? '' };
}

/** The server's data now, as a fresh full sync without faults sees it. */
async function serverState(): Promise<State> {
  let state: State = new Map();
  let cursor: string | undefined;
  for (;;) {
    const u = new URL('/v1/sync', srv.url);
    if (cursor) u.searchParams.set('cursor', cursor);
    u.searchParams.set('limit', '1000');
    const r = await fetch(u, { headers: { authorization: `Bearer ${token}` } });
    const p = parseSyncPage(await r.json());
    if (!p.ok) throw new Error(p.message);
    expect(p.rejected).toEqual([]);
    state = applyTo(state, p.changes);
    cursor = p.nextCursor;
    if (!p.hasMore) return state;
  }
}

async function faultyRun(c: Client, faults: Fault[]): Promise<SyncState> {
  proxy.requests = 0;
  proxy.faults = faults;
  const before = proxy.injected;
  const s = await runSync(deps(c));
  proxy.faults = [];
  totals.syncRuns++;
  return Object.assign(s, { injected: proxy.injected - before });
}

async function cleanRun(c: Client): Promise<SyncState> {
  proxy.requests = 0;
  proxy.faults = [];
  const s = await runSync(deps(c));
  totals.syncRuns++;
  return s;
}

async function freshServer() {
  await resetDb(tdb.db);
  token = await srv.token();
  proxy.applicable.clear();
  proxy.previous.clear();
  await importJson(baseDataset());
}

// ---------------------------------------------------------------------------------------------

interface Scenario {
  kind: FaultKind;
  /** Requests broken in a row (≥ maxAttempts exhausts the retries). */
  times: number;
  /** What the run's final state must say. */
  expect: { status: SyncState['status']; error?: RegExp; rejected?: number; slept?: number[] };
}

const RETRY = 4; // maxAttempts
const SCENARIOS: Scenario[] = [
  { kind: 'drop', times: 1, expect: { status: 'ok' } },
  { kind: 'drop', times: RETRY, expect: { status: 'offline', error: /Could not reach/ } },
  { kind: 'truncate', times: 2, expect: { status: 'ok' } },
  { kind: 'truncate', times: RETRY, expect: { status: 'error', error: /not valid JSON \(cut off\?\)/ } },
  { kind: '500', times: 1, expect: { status: 'ok' } },
  { kind: '502', times: 2, expect: { status: 'ok' } },
  { kind: '503', times: RETRY, expect: { status: 'error', error: /failing \(503\); Healthbar will retry/ } },
  { kind: '429', times: 1, expect: { status: 'ok', slept: [7000] } },
  {
    kind: '429',
    times: RETRY,
    expect: { status: 'error', error: /busy \(429\)/, slept: [7000, 7000, 7000] },
  },
  { kind: 'stall-headers', times: 1, expect: { status: 'ok' } },
  { kind: 'stall-headers', times: RETRY, expect: { status: 'error', error: /did not answer in time/ } },
  { kind: 'stall-body', times: 2, expect: { status: 'ok' } },
  { kind: 'stall-body', times: RETRY, expect: { status: 'error', error: /did not answer in time/ } },
  { kind: 'oversize', times: 1, expect: { status: 'ok' } },
  {
    kind: 'oversize',
    times: 50,
    expect: { status: 'error', error: /Even a page of one record is too large/ },
  },
  { kind: 'inject-invalid', times: 1, expect: { status: 'ok', rejected: BAD_RECORDS.length } },
  { kind: 'repeat', times: 2, expect: { status: 'ok' } },
  { kind: 'repeat', times: RETRY, expect: { status: 'error', error: /another sync position/ } },
  { kind: 'reorder', times: 1, expect: { status: 'ok' } },
  { kind: 'reorder', times: RETRY, expect: { status: 'error', error: /another sync position/ } },
  { kind: 'repeat-no-echo', times: 1, expect: { status: 'ok' } },
  {
    kind: 'schema-version',
    times: 1,
    expect: { status: 'error', error: /format version 2.*Update the Healthbar extension/ },
  },
  { kind: 'not-a-page', times: 1, expect: { status: 'ok' } },
  { kind: 'not-a-page', times: RETRY, expect: { status: 'error', error: /not valid JSON/ } },
  {
    kind: 'wrong-json',
    times: 1,
    expect: { status: 'error', error: /not a Healthbar sync page.*nothing was changed/ },
  },
];

describe('sync through a fault-injecting proxy in front of the reference server', () => {
  for (const sc of SCENARIOS) {
    for (const phase of ['full', 'incremental'] as const) {
      it(`${sc.kind} ×${sc.times} during the ${phase} sync`, async () => {
        await freshServer();
        const c = newClient();
        if (phase === 'incremental') {
          expect((await cleanRun(c)).status).toBe('ok');
          await mutateServer();
        }
        const start = await snapshot(c);
        c.slept.length = 0;
        // Break the third page of the run (the first of an incremental run, which has fewer).
        const from = phase === 'full' ? 2 : 0;
        const s = (await faultyRun(c, [{ kind: sc.kind, from, times: sc.times }])) as SyncState & {
          injected: number;
        };
        expect(s.injected).toBeGreaterThan(0);

        // 1. The state says what happened.
        expect(s.status, s.error).toBe(sc.expect.status);
        if (sc.expect.error) expect(s.error).toMatch(sc.expect.error);
        else expect(s.error).toBeUndefined();
        if (sc.expect.rejected !== undefined) expect(s.rejected).toBe(sc.expect.rejected);
        if (sc.expect.slept) expect(c.slept).toEqual(sc.expect.slept);
        expect(c.states[0].status).toBe('syncing');
        if (s.status !== 'ok') expect(s.lastSuccessAt).toBeUndefined();

        // 2. The cache is whole pages, and the cursor matches them.
        const mid = await snapshot(c);
        expect(
          explains(start.state, start.cursor, mid.cursor, mid.state),
          `cache at cursor ${mid.cursor} is not whole pages from ${start.cursor}`,
        ).toBe(true);
        if (sc.expect.rejected) {
          const rows = await c.db.rejections.toArray();
          expect(rows.length).toBe(sc.expect.rejected);
          for (const r of rows) expect(r.message.length).toBeGreaterThan(5);
        }

        // 3. The next clean sync converges to exactly the server's data.
        const after = await cleanRun(c);
        expect(after.status, after.error).toBe('ok');
        const end = await snapshot(c);
        const truth = await serverState();
        expect(diff(truth, end.state)).toEqual([]);
        if (phase === 'full') {
          const parsed = parseDataset(baseDataset());
          if (!parsed.ok) throw new Error('dataset');
          expect(diff(stateOfDataset(parsed.dataset), end.state)).toEqual([]);
        }
        totals.scenarios++;
        totals.faultsSurvived += s.injected;
        c.db.close();
      });
    }
  }

  it('pages whose every record is invalid lose nothing cached; a full resync restores the records', async () => {
    await freshServer();
    const c = newClient();
    expect((await cleanRun(c)).status).toBe('ok');
    await mutateServer();
    const start = await snapshot(c);
    const s = (await faultyRun(c, [{ kind: 'corrupt-all', from: 0, times: 100 }])) as SyncState & {
      injected: number;
    };
    expect(s.status).toBe('ok');
    expect(s.rejected).toBeGreaterThan(10);
    const mid = await snapshot(c);
    expect(explains(start.state, start.cursor, mid.cursor, mid.state)).toBe(true);
    // Every change was refused, tombstones included: the cache is exactly what it was.
    expect(diff(start.state, mid.state)).toEqual([]);
    expect(mid.cursor).not.toBe(start.cursor);
    expect(await c.db.rejections.count()).toBe(s.rejected);
    // The cursor moved past the bad records: an incremental sync does not bring them back, a full one does.
    expect((await cleanRun(c)).status).toBe('ok');
    expect(diff(start.state, (await snapshot(c)).state)).toEqual([]);
    await c.db.meta.update('dataset', { cursor: undefined });
    expect((await cleanRun(c)).status).toBe('ok');
    expect(diff(await serverState(), (await snapshot(c)).state)).toEqual([]);
    totals.scenarios++;
    totals.faultsSurvived += s.injected;
    c.db.close();
  });

  it('random faults over rounds of server changes: always whole pages, always converges', async () => {
    const kinds: FaultKind[] = [
      'drop',
      'truncate',
      '500',
      '502',
      '503',
      '429',
      'stall-headers',
      'stall-body',
      'oversize',
      'inject-invalid',
      'repeat',
      'reorder',
      'repeat-no-echo',
      'not-a-page',
      'wrong-json',
      'schema-version',
    ];
    const arbRun = fc.array(
      fc.record({
        kind: fc.constantFrom(...kinds),
        from: fc.nat({ max: 3 }),
        times: fc.integer({ min: 1, max: 3 }),
      }),
      { minLength: 1, maxLength: 5 },
    );
    const runs = fc.sample(arbRun, { numRuns: 30, seed: 2026 });
    await freshServer();
    const c = newClient();
    let round = 0;
    for (const faults of runs) {
      const start = await snapshot(c);
      const s = (await faultyRun(c, faults)) as SyncState & { injected: number };
      const mid = await snapshot(c);
      expect(
        explains(start.state, start.cursor, mid.cursor, mid.state),
        `round ${round}: ${JSON.stringify(faults)} → ${s.status} ${s.error ?? ''}`,
      ).toBe(true);
      if (s.status === 'ok') expect(s.error).toBeUndefined();
      else expect(s.error).toMatch(/\w/);
      totals.faultsSurvived += s.injected;
      await mutateServer(++round);
    }
    expect((await cleanRun(c)).status).toBe('ok');
    expect(diff(await serverState(), (await snapshot(c)).state)).toEqual([]);
    totals.scenarios++;
    c.db.close();
  });
});
