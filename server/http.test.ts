import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { originAllowed } from './origins';

/** A Chrome extension id (32 letters a–p). */
const EXT = 'abcdefghijklmnopabcdefghijklmnop';

import { parseSize } from './config';
import { openTestDb, resetDb, startServer, type TestDb, type TestServer } from './test/helpers';
import { meSchema } from './wire';

let tdb: TestDb;
let srv: TestServer;
let clock = 1_000_000;

beforeAll(async () => {
  tdb = await openTestDb();
});
afterAll(async () => {
  await tdb?.close();
});
beforeEach(async () => {
  await resetDb(tdb.db);
  srv = await startServer(tdb.db);
  return async () => {
    await srv.close();
  };
});

describe('HTTP surface', () => {
  it('answers /v1/health and /v1/openapi.json without a token', async () => {
    const h = await srv.get('/v1/health');
    expect(h.status).toBe(200);
    expect(await h.json()).toEqual({ ok: true, database: tdb.db.kind });
    const o = await srv.get('/v1/openapi.json');
    expect(o.status).toBe(200);
    const doc = await o.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/sync',
        '/v1/import',
        '/v1/records/{collection}/{id}',
        '/v1/me',
        '/v1/health',
        '/v1/ingest/run',
        '/v1/ingest/runs/latest',
      ]),
    );
    expect(doc.components.schemas.SyncPage.properties.changes.type).toBe('array');
    expect(doc.components.schemas.record_usage.required).toEqual(
      expect.arrayContaining(['accountId', 'date', 'dau', 'wau', 'mau', 'minutes', 'sessions']),
    );
    expect(doc.components.schemas.record_accounts.properties.updatedAt.format).toBe('date-time');
    // Every $ref points at a schema of the document.
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const name = /#\/components\/schemas\/(\w+)/.exec(ref)?.[1];
      expect(name && doc.components.schemas[name], ref).toBeTruthy();
    }
  });

  it('refuses a missing or unknown token with 401 and a JSON error', async () => {
    const cases: Record<string, string>[] = [
      {},
      { authorization: 'Bearer hb_nope' },
      { authorization: 'Basic abc' },
    ];
    for (const headers of cases) {
      const r = await fetch(`${srv.url}/v1/sync`, { headers });
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const body = await r.json();
      expect(body.error.code).toBe('unauthorized');
      expect(typeof body.error.message).toBe('string');
    }
    const token = await srv.token();
    await tdb.db.query('DELETE FROM tokens');
    expect((await srv.get('/v1/me', token)).status).toBe(401);
  });

  it('tells a token its scope at /v1/me', async () => {
    const ws = await srv.token();
    const me = await (await srv.get('/v1/me', ws)).json();
    expect(meSchema.parse(me)).toMatchObject({ scope: 'workspace', label: 'workspace' });
    const book = await (await srv.get('/v1/me', await srv.token('Ana@Example.com'))).json();
    expect(meSchema.parse(book)).toMatchObject({ scope: 'book', owner: 'ana@example.com' });
  });

  it('limits each token with a token bucket: 429 with Retry-After', async () => {
    await srv.close();
    srv = await startServer(tdb.db, { config: { rateBurst: 3, ratePerMinute: 6 }, now: () => clock });
    const a = await srv.token();
    const b = await srv.token();
    for (let i = 0; i < 3; i++) expect((await srv.get('/v1/me', a)).status).toBe(200);
    const limited = await srv.get('/v1/me', a);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('10');
    expect((await limited.json()).error.code).toBe('rate-limited');
    // Another token has its own bucket; the bucket refills with time.
    expect((await srv.get('/v1/me', b)).status).toBe(200);
    clock += 10_000;
    expect((await srv.get('/v1/me', a)).status).toBe(200);
    expect((await srv.get('/v1/me', a)).status).toBe(429);
  });

  it('allows CORS from browser extensions only, preflight included', async () => {
    const preflight = (origin: string) =>
      fetch(`${srv.url}/v1/sync`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
    const ok = await preflight(`chrome-extension://${EXT}`);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(`chrome-extension://${EXT}`);
    expect(ok.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(ok.headers.get('access-control-allow-methods')).toContain('GET');
    expect((await preflight('moz-extension://5b3f1c2a-0d4e-4f6a-8b9c-0123456789ab')).status).toBe(204);
    const evil = await preflight('https://evil.example');
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect((await evil.json()).error.code).toBe('cors-origin');

    const ws = await srv.token();
    const real = await srv.get('/v1/me', ws, { origin: `chrome-extension://${EXT}` });
    expect(real.headers.get('access-control-allow-origin')).toBe(`chrome-extension://${EXT}`);
    const denied = await srv.get('/v1/me', undefined, { origin: `chrome-extension://${EXT}` });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe(`chrome-extension://${EXT}`);
    const foreign = await srv.get('/v1/me', ws, { origin: 'https://evil.example' });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('makes the CORS origins configurable', async () => {
    const custom = await startServer(tdb.db, { config: { corsOrigins: [`chrome-extension://${EXT}`] } });
    try {
      const pre = (origin: string) =>
        fetch(`${custom.url}/v1/me`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'GET',
            'access-control-request-headers': 'authorization',
          },
        });
      expect((await pre(`chrome-extension://${EXT}`)).status).toBe(204);
      expect((await pre(`chrome-extension://${'b'.repeat(32)}`)).status).toBe(403);
    } finally {
      await custom.close();
    }
    expect(
      originAllowed('moz-extension://5b3f1c2a-0d4e-4f6a-8b9c-0123456789ab', [
        'chrome-extension://*',
        'moz-extension://*',
      ]),
    ).toBe(true);
    expect(originAllowed('chrome-extension://a/b', ['chrome-extension://*'])).toBe(false);
    expect(originAllowed('https://chrome-extension.evil', ['chrome-extension://*'])).toBe(false);
  });

  it('answers unknown endpoints and records with 404 JSON errors', async () => {
    const ws = await srv.token();
    const r = await srv.get('/v1/nothing', ws);
    expect(r.status).toBe(404);
    expect((await r.json()).error.code).toBe('not-found');
    const del = (path: string) =>
      fetch(`${srv.url}${path}`, { method: 'DELETE', headers: { authorization: `Bearer ${ws}` } });
    expect((await del('/v1/records/widgets/x')).status).toBe(404);
    expect((await del('/v1/records/accounts/nope')).status).toBe(404);
    const bad = await del('/v1/records/revenue/a1');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/month=YYYY-MM/);
  });

  it('reads sizes for the limits', () => {
    expect(parseSize('200m')).toBe(200 * 1024 * 1024);
    expect(parseSize('1g')).toBe(1024 ** 3);
    expect(parseSize('512KiB')).toBe(512 * 1024);
    expect(parseSize('1000')).toBe(1000);
    expect(() => parseSize('lots')).toThrow();
  });
});
