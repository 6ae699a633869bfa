/**
 * Issue 25 on the server: hostile CSV (defect 2), over-long text (4), an account re-imported
 * under another owner after its deletion (6), null map entries (7), the per-address limit, strict
 * CORS origins and the data folder's mode (10).
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeCommaBombZip } from '../lib/dataset/hostile-zip';
import { configFromEnv } from './config';
import { lockDataDir } from './data-lock';
import { originAllowed } from './origins';
import {
  account,
  applyChanges,
  dataset,
  makeZip,
  openTestDb,
  resetDb,
  startServer,
  syncAll,
  type TestDb,
  type TestServer,
} from './test/helpers';
import { importReportSchema } from './wire';

let tdb: TestDb;
let srv: TestServer;
let ws: string;

beforeAll(async () => {
  tdb = await openTestDb();
}, 60_000);
afterAll(async () => {
  await tdb?.close();
});
beforeEach(async () => {
  await resetDb(tdb.db);
  srv = await startServer(tdb.db);
  ws = await srv.token();
  return async () => {
    await srv.close();
  };
});

function post(body: BodyInit, contentType: string, token = ws, query = '') {
  return fetch(`${srv.url}/v1/import${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body,
  });
}

async function report(r: Response) {
  const text = await r.text();
  expect(r.status, text).toBe(200);
  return importReportSchema.parse(JSON.parse(text));
}

describe('the 150 M-comma zip (defect 2)', () => {
  let dir: string;
  let zip: Buffer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hb-bomb-'));
    await writeCommaBombZip(join(dir, 'bomb.zip'));
    zip = await readFile(join(dir, 'bomb.zip'));
  }, 60_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gets a 400 within seconds naming the file and row, and the server keeps answering', async () => {
    expect(zip.length).toBeLessThan(200_000);
    const started = Date.now();
    const r = await post(new Uint8Array(zip), 'application/zip', ws, '?currency=USD');
    const body = await r.json();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.status).toBe(400);
    expect(body.error.message).toBe(
      'Cannot read the uploaded zip: the uploaded zip:accounts.csv, row 2 has more than 64 cells, the most a Healthbar CSV row may have. Nothing was imported.',
    );
    const health = await srv.get('/v1/health');
    expect(health.status).toBe(200);
    expect(
      await report(await post(JSON.stringify(dataset([account('a1', null)])), 'application/json')),
    ).toMatchObject({
      rejected: 0,
    });
  });

  it('refuses a bad dataset.csv with a 400, not a 500', async () => {
    const r = await post(
      new Uint8Array(
        makeZip({ 'dataset.csv': `schemaVersion,currency\r\n1,"USD\r\n`, 'accounts.csv': 'id\r\n' }),
      ),
      'application/zip',
    );
    expect(r.status).toBe(400);
    expect((await r.json()).error.message).toMatch(/dataset\.csv, row 2: a quoted field is never closed/);
  });
});

describe('text lengths (defect 4)', () => {
  it('rejects a record with a long id alone, with its reason (JSON)', async () => {
    // Incompressible: PostgreSQL's btree cannot hold it (a repeated letter would be compressed).
    const long = randomBytes(5000).toString('hex');
    const d = dataset([
      account('a1', null),
      account(long, null, { name: 'Long', domains: ['long.example'], crm: {} }),
    ]);
    const rep = await report(await post(JSON.stringify(d), 'application/json'));
    expect(rep.collections.accounts).toEqual({ accepted: 1, rejected: 1, replaced: 0 });
    expect(rep.rejections.find((x) => x.collection === 'accounts')).toMatchObject({
      field: 'id',
      message: `accounts[1] (${long.slice(0, 60)}…): id must be at most 256 characters long (found 10,000 characters)`,
    });
    // Its rows name an account id that is too long: each is rejected on its own too.
    expect(rep.collections.usage).toEqual({ accepted: 3, rejected: 3, replaced: 0 });
    const { changes } = await syncAll(srv.url, ws);
    expect(changes.some((c) => c.collection === 'accounts')).toBe(true);
  });

  it('rejects over-long text of each kind alone (CSV)', async () => {
    const long = (n: number) => 'y'.repeat(n + 1);
    const csv = [
      'id,name,domains,owner,updatedAt',
      'ok,Fine,ok.example,ana@example.com,2026-10-01T00:00:00Z',
      `n,${long(1000)},n.example,,2026-10-01T00:00:00Z`,
      `d,D,${long(253)},,2026-10-01T00:00:00Z`,
      `o,O,o.example,${long(320)},2026-10-01T00:00:00Z`,
      '',
    ].join('\r\n');
    const rep = await report(
      await post(new Uint8Array(makeZip({ 'accounts.csv': csv })), 'application/zip', ws, '?currency=USD'),
    );
    expect(rep.collections.accounts).toEqual({ accepted: 1, rejected: 3, replaced: 0 });
    expect(rep.rejections.map((x) => x.field)).toEqual(['name', 'domains[0]', 'owner']);
    expect(rep.rejections[0].message).toMatch(/row 3 \(n\): name must be at most 1,000 characters long/);
  });
});

describe('a deleted account re-imported under another owner (defect 6)', () => {
  it('leaves the old book: the old owner gets the tombstones', async () => {
    const A = 'ana@example.com';
    const B = 'ben@example.com';
    const ana = await srv.token(A);
    await report(
      await post(JSON.stringify(dataset([account('a1', A), account('a2', A)])), 'application/json'),
    );
    const first = await syncAll(srv.url, ana);
    expect(applyChanges(new Map(), first.changes).has('accounts|a1')).toBe(true);
    // Deleted while Ana's extension is offline, then imported again as Ben's.
    const del = await fetch(`${srv.url}/v1/records/accounts/a1`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ws}` },
    });
    expect(del.status).toBe(200);
    await report(await post(JSON.stringify(dataset([account('a1', B)])), 'application/json'));
    const next = await syncAll(srv.url, ana, { cursor: first.cursor });
    const state = applyChanges(applyChanges(new Map(), first.changes), next.changes);
    expect([...state.keys()].filter((k) => k.includes('a1'))).toEqual([]);
    expect(state.has('accounts|a2')).toBe(true);
    // Ben's book has all of a1; a fresh snapshot of Ana's equals her incremental state.
    const ben = applyChanges(new Map(), (await syncAll(srv.url, await srv.token(B))).changes);
    expect([...ben.keys()].filter((k) => k.includes('a1')).length).toBe(10);
    expect(applyChanges(new Map(), (await syncAll(srv.url, ana)).changes)).toEqual(state);
  });
});

describe('null inside a map (defect 7)', () => {
  it('ignores the entry, keeps the record and its rows, and counts it (JSON)', async () => {
    const d = dataset([
      account('a1', null, { milestones: { 'go-live': null, 'first-report': '2026-02-01' } }),
    ]);
    (d.users as Record<string, unknown>[])[0].features = { reports: null, alerts: '2026-10-01' };
    const rep = await report(await post(JSON.stringify(d), 'application/json'));
    expect(rep.rejected).toBe(0);
    expect(rep.collections.accounts.accepted).toBe(1);
    expect(rep.collections.usage.accepted).toBe(3);
    expect(rep.warnings).toContain(
      'accounts: 1 map entry is null (unknown) in 1 record; it was ignored and the record kept (e.g. accounts[0] (a1) milestones.go-live)',
    );
    expect(rep.warnings).toContain(
      'users: 1 map entry is null (unknown) in 1 record; it was ignored and the record kept (e.g. users[0] (u-a1) features.reports)',
    );
    const state = applyChanges(new Map(), (await syncAll(srv.url, ws)).changes);
    expect(state.get('accounts|a1')!.milestones).toEqual({ 'first-report': '2026-02-01' });
    expect(state.get('users|u-a1')!.features).toEqual({ alerts: '2026-10-01' });
  });

  it('does the same for a CSV cell', async () => {
    const csv = 'id,name,domains,milestones,updatedAt\r\na1,A,,"{""go-live"":null}",2026-10-01T00:00:00Z\r\n';
    const rep = await report(
      await post(new Uint8Array(makeZip({ 'accounts.csv': csv })), 'application/zip', ws, '?currency=USD'),
    );
    expect(rep.collections.accounts).toEqual({ accepted: 1, rejected: 0, replaced: 0 });
    expect(rep.warnings).toContain(
      'accounts: 1 map entry is null (unknown) in 1 record; it was ignored and the record kept (e.g. the uploaded zip:accounts.csv row 2 (a1) milestones.go-live)',
    );
  });
});

describe('per-address limit on failed authentications and token-less endpoints (defect 10)', () => {
  it('answers 429 after 30 failures a minute from one address, checks no token then, and refills', async () => {
    let clock = 1_000_000;
    const s = await startServer(tdb.db, { now: () => clock });
    try {
      const good = await s.token();
      // Authenticated requests are not counted against the address.
      for (let i = 0; i < 40; i++) expect((await s.get('/v1/me', good)).status).toBe(200);
      for (let i = 0; i < 30; i++) {
        expect((await s.get('/v1/me', i % 2 ? 'hb_wrong' : undefined)).status).toBe(401);
      }
      const refused = await s.get('/v1/me', 'hb_wrong');
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('2');
      expect((await refused.json()).error.message).toBe(
        'Too many requests without a valid token from this address; retry in 2 s.',
      );
      // While the address is refused no token is looked up, not even a valid one.
      expect((await s.get('/v1/me', good)).status).toBe(429);
      clock += 2_000; // 30 a minute: one more every 2 s
      expect((await s.get('/v1/me', good)).status).toBe(200);
      expect((await s.get('/v1/me', 'hb_wrong')).status).toBe(401);
      expect((await s.get('/v1/me', 'hb_wrong')).status).toBe(429);
    } finally {
      await s.close();
    }
  });

  it('counts /v1/health and /v1/openapi.json, with the limit from the settings', async () => {
    let clock = 1_000_000;
    const s = await startServer(tdb.db, { now: () => clock, config: { authFailPerMinute: 3 } });
    try {
      expect((await s.get('/v1/health')).status).toBe(200);
      expect((await s.get('/v1/openapi.json')).status).toBe(200);
      expect((await s.get('/v1/health')).status).toBe(200);
      const r = await s.get('/v1/health');
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('20');
      clock += 20_000;
      expect((await s.get('/v1/health')).status).toBe(200);
    } finally {
      await s.close();
    }
    expect(configFromEnv({ HEALTHBAR_AUTH_FAIL_PER_MINUTE: '12' }).authFailPerMinute).toBe(12);
    expect(configFromEnv({}).authFailPerMinute).toBe(30);
    expect(() => configFromEnv({ HEALTHBAR_AUTH_FAIL_PER_MINUTE: '0' })).toThrow(/positive whole number/);
  });
});

describe('CORS parses the origin strictly (defect 10)', () => {
  const EXT = 'abcdefghijklmnopabcdefghijklmnop';
  const preflight = (url: string, origin: string) =>
    fetch(`${url}/v1/sync`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });

  it('refuses chrome-extension:// with an empty or malformed id, and origins that are not origins', async () => {
    for (const origin of [
      'chrome-extension://',
      'chrome-extension://abc',
      `chrome-extension://${EXT}/`,
      `chrome-extension://${EXT.toUpperCase()}`,
      'moz-extension://',
      'moz-extension://not-a-uuid',
      'null',
    ]) {
      const r = await preflight(srv.url, origin);
      expect(r.status, origin).toBe(403);
      expect(r.headers.get('access-control-allow-origin')).toBeNull();
    }
    expect((await preflight(srv.url, `chrome-extension://${EXT}`)).status).toBe(204);
    expect(originAllowed('chrome-extension://', ['chrome-extension://*'])).toBe(false);
    expect(originAllowed('https://app.example', ['https://app.example'])).toBe(true);
    expect(originAllowed('https://app.example/', ['https://app.example/'])).toBe(false);
    expect(originAllowed('https://APP.example', ['https://APP.example'])).toBe(false);
  });

  it('allows only the extension ids of HEALTHBAR_EXTENSION_IDS when it is set', async () => {
    const other = 'ponmlkjihgfedcbaponmlkjihgfedcba';
    const moz = '5b3f1c2a-0d4e-4f6a-8b9c-0123456789ab';
    const config = configFromEnv({ HEALTHBAR_EXTENSION_IDS: ` ${EXT} , ${moz}` });
    expect(config.corsOrigins).toEqual([`chrome-extension://${EXT}`, `moz-extension://${moz}`]);
    expect(
      configFromEnv({ HEALTHBAR_EXTENSION_IDS: EXT, HEALTHBAR_CORS_ORIGINS: 'https://app.example' })
        .corsOrigins,
    ).toEqual(['https://app.example', `chrome-extension://${EXT}`]);
    expect(() => configFromEnv({ HEALTHBAR_EXTENSION_IDS: 'abc' })).toThrow(/"abc" is not an extension id/);
    const s = await startServer(tdb.db, { config: { corsOrigins: config.corsOrigins } });
    try {
      expect((await preflight(s.url, `chrome-extension://${EXT}`)).status).toBe(204);
      expect((await preflight(s.url, `moz-extension://${moz}`)).status).toBe(204);
      expect((await preflight(s.url, `chrome-extension://${other}`)).status).toBe(403);
      const me = await s.get('/v1/me', await s.token(), { origin: `chrome-extension://${other}` });
      expect(me.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await s.close();
    }
  });
});

describe('the PGlite data folder (defect 10)', () => {
  it('is created 0700, and an existing folder is tightened to 0700', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'hb-data-'));
    try {
      const fresh = join(parent, 'new', 'data');
      const release = await lockDataDir(fresh);
      await release();
      expect((await stat(fresh)).mode & 0o777).toBe(0o700);
      const old = join(parent, 'old');
      await mkdir(old, { mode: 0o755 });
      await chmod(old, 0o755);
      await (await lockDataDir(old))();
      expect((await stat(old)).mode & 0o777).toBe(0o700);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });
});
