import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isTombstone } from '../lib/contracts/sync-page';
import { datasetToCsvFiles } from '../lib/dataset/csv';
import { parseDataset } from '../lib/dataset/parse';
import { type CollectionName, collectionSchemas, type Dataset } from '../lib/dataset/schema';
import { generateDataset } from '../lib/demo/generate';
import { computeReport, computeWorkspaceContext, DEFAULT_SETTINGS } from '../lib/metrics/index';
import { createApp } from './app';
import type { Db, Queryable } from './db';
import { SyncService } from './sync';
import {
  AS_OF,
  account,
  accountOf,
  applyChanges,
  type Change,
  changeKey,
  dataset,
  fetchPage,
  makeZip,
  openTestDb,
  recordCount,
  resetDb,
  startServer,
  syncAll,
  type TestDb,
  type TestServer,
  validatePage,
} from './test/helpers';

let tdb: TestDb;
let srv: TestServer;

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

async function imported(body: unknown, token: string) {
  const r = await srv.importJson(body, token);
  expect(r.status, await r.clone().text()).toBe(200);
  return r.json();
}

/** The dataset's records keyed like the client's cache, in their stored (validated) form. */
function expectedState(d: Record<string, unknown>): Map<string, Record<string, unknown>> {
  const state = new Map<string, Record<string, unknown>>();
  for (const [c, list] of Object.entries(d)) {
    if (!Array.isArray(list)) continue;
    const changes = list.map(
      (r) => ({ collection: c, record: collectionSchemas[c as CollectionName].parse(r) }) as Change,
    );
    applyChanges(state, changes);
  }
  return state;
}

const A = 'ana@example.com';
const B = 'ben@example.com';

describe('GET /v1/sync', () => {
  it('serves a full snapshot in pages, each valid, every record once', async () => {
    const ws = await srv.token();
    const d = dataset([account('a1', A), account('a2', B), account('a3', null)]);
    await imported(d, ws);
    const { pages, changes } = await syncAll(srv.url, ws, { limit: 7 });
    const total = recordCount(d);
    expect(pages.length).toBe(Math.ceil(total / 7));
    expect(pages.slice(0, -1).every((p) => p.hasMore && p.changes.length === 7)).toBe(true);
    expect(pages.at(-1)!.hasMore).toBe(false);
    expect(changes.length).toBe(total);
    expect(new Set(changes.map(changeKey)).size).toBe(total);
    expect(applyChanges(new Map(), changes)).toEqual(expectedState(d));
    const page = pages[0];
    expect(page).toMatchObject({ schemaVersion: 1, currency: 'USD', dataThrough: AS_OF });
    // Caught up: the last cursor gives an empty page.
    const again = await fetchPage(srv.url, ws, pages.at(-1)!.nextCursor);
    expect(again.changes).toEqual([]);
    expect(again.hasMore).toBe(false);
  });

  it('sends only what changed after a cursor, and nothing for a re-import of the same data', async () => {
    const ws = await srv.token();
    const d = dataset([account('a1', A), account('a2', A)]);
    await imported(d, ws);
    const first = await syncAll(srv.url, ws);
    const report = await imported(d, ws);
    expect(report).toMatchObject({ changed: 0, accepted: recordCount(d) });
    expect((await syncAll(srv.url, ws, { cursor: first.cursor })).changes).toEqual([]);

    await imported(
      {
        schemaVersion: 1,
        currency: 'USD',
        accounts: [account('a2', A, { name: 'Renamed' }), account('a3', A)],
        usage: [{ accountId: 'a1', date: '2026-10-31', dau: 9, wau: 9, mau: 9, minutes: 1, sessions: 1 }],
      },
      ws,
    );
    const next = await syncAll(srv.url, ws, { cursor: first.cursor });
    expect(next.changes.map(changeKey).sort()).toEqual(['accounts|a2', 'accounts|a3', 'usage|a1|2026-10-31']);
    const state = applyChanges(applyChanges(new Map(), first.changes), next.changes);
    expect(state.get('accounts|a2')!.name).toBe('Renamed');
    expect(state.get('usage|a1|2026-10-31')!.dau).toBe(9);
  });

  it('turns deletions into tombstones (an account takes its rows), and a fresh snapshot has none', async () => {
    const ws = await srv.token();
    await imported(dataset([account('a1', A), account('a2', A)]), ws);
    const first = await syncAll(srv.url, ws);
    const del = (path: string) =>
      fetch(`${srv.url}${path}`, { method: 'DELETE', headers: { authorization: `Bearer ${ws}` } });

    let r = await del('/v1/records/accounts/a1');
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ deleted: 1 + 3 + 3 + 1 + 1 + 1 });
    r = await del('/v1/records/usage/a2?date=2026-10-30');
    expect(await r.json()).toEqual({ deleted: 1 });
    r = await del('/v1/records/revenue?accountId=a2&month=2026-09');
    expect(await r.json()).toEqual({ deleted: 1 });
    r = await del('/v1/records/features/alerts');
    expect(await r.json()).toEqual({ deleted: 1 });
    expect((await del('/v1/records/features/alerts')).status).toBe(404);
    expect((await del('/v1/records/usage/a2?date=2026-13-01')).status).toBe(400);

    const next = await syncAll(srv.url, ws, { cursor: first.cursor });
    expect(next.changes.every((c) => isTombstone(c))).toBe(true);
    expect(next.changes).toContainEqual({ collection: 'accounts', id: 'a1', deleted: true });
    expect(next.changes).toContainEqual({
      collection: 'usage',
      key: { accountId: 'a1', date: '2026-10-31' },
      deleted: true,
    });
    expect(next.changes).toContainEqual({
      collection: 'usage',
      key: { accountId: 'a2', date: '2026-10-30' },
      deleted: true,
    });
    expect(next.changes).toContainEqual({
      collection: 'revenue',
      key: { accountId: 'a2', month: '2026-09' },
      deleted: true,
    });
    expect(next.changes).toContainEqual({ collection: 'features', id: 'alerts', deleted: true });
    expect(next.changes).toContainEqual({ collection: 'tickets', id: 't-a1', deleted: true });
    const state = applyChanges(applyChanges(new Map(), first.changes), next.changes);

    const fresh = await syncAll(srv.url, ws, { limit: 5 });
    expect(fresh.changes.some((c) => isTombstone(c))).toBe(false);
    expect(applyChanges(new Map(), fresh.changes)).toEqual(state);
    expect([...state.keys()].some((k) => k.includes('a1'))).toBe(false);

    // Re-created: back as upserts.
    await imported({ schemaVersion: 1, currency: 'USD', accounts: [account('a1', A)] }, ws);
    const back = await syncAll(srv.url, ws, { cursor: next.cursor });
    expect(back.changes.map(changeKey)).toEqual(['accounts|a1']);
  });

  it('moves an account between books: tombstones to the old book, upserts to the new', async () => {
    const ws = await srv.token();
    const ana = await srv.token(A);
    const ben = await srv.token(B.toUpperCase());
    await imported(dataset([account('a1', A), account('a2', A), account('b1', B)]), ws);
    const anaFirst = await syncAll(srv.url, ana, { limit: 4 });
    const benFirst = await syncAll(srv.url, ben, { limit: 4 });
    const anaAccounts = new Set(anaFirst.changes.map(accountOf).filter((x) => x !== null));
    expect(anaAccounts).toEqual(new Set(['a1', 'a2']));
    expect(new Set(benFirst.changes.map(accountOf).filter((x) => x !== null))).toEqual(new Set(['b1']));

    // a2 goes to Ben (owner emails compare case-insensitively); a ticket of a1 moves to b1.
    await imported(
      {
        schemaVersion: 1,
        currency: 'USD',
        accounts: [account('a2', ` ${B.toUpperCase()} `)],
        tickets: [
          { id: 't-a1', accountId: 'b1', openedAt: '2026-10-20T10:00:00Z', priority: 'high', status: 'open' },
        ],
      },
      ws,
    );
    const anaNext = await syncAll(srv.url, ana, { cursor: anaFirst.cursor, limit: 3 });
    const benNext = await syncAll(srv.url, ben, { cursor: benFirst.cursor, limit: 3 });
    expect(anaNext.changes.every((c) => isTombstone(c))).toBe(true);
    expect(anaNext.changes.map(changeKey).sort()).toEqual(
      [
        'accounts|a2',
        'revenue|a2|2026-08',
        'revenue|a2|2026-09',
        'revenue|a2|2026-10',
        'usage|a2|2026-10-29',
        'usage|a2|2026-10-30',
        'usage|a2|2026-10-31',
        'users|u-a2',
        'tickets|t-a2',
        'surveys|s-a2',
        'tickets|t-a1',
      ].sort(),
    );
    expect(benNext.changes.every((c) => !isTombstone(c))).toBe(true);
    expect(benNext.changes.map(changeKey).sort()).toEqual(anaNext.changes.map(changeKey).sort());
    const benState = applyChanges(applyChanges(new Map(), benFirst.changes), benNext.changes);
    expect(benState.get('tickets|t-a1')!.accountId).toBe('b1');
    const anaState = applyChanges(applyChanges(new Map(), anaFirst.changes), anaNext.changes);
    expect([...anaState.keys()].filter((k) => k.includes('a2') || k === 'tickets|t-a1')).toEqual([]);

    // A fresh snapshot of each book equals the incremental result.
    expect(applyChanges(new Map(), (await syncAll(srv.url, ben)).changes)).toEqual(benState);
    expect(applyChanges(new Map(), (await syncAll(srv.url, ana)).changes)).toEqual(anaState);

    // And back to Ana.
    await imported({ schemaVersion: 1, currency: 'USD', accounts: [account('a2', A)] }, ws);
    const anaBack = await syncAll(srv.url, ana, { cursor: anaNext.cursor });
    expect(anaBack.changes.filter((c) => !isTombstone(c)).length).toBe(10);
    const benBack = await syncAll(srv.url, ben, { cursor: benNext.cursor });
    expect(benBack.changes.length).toBe(10);
    expect(benBack.changes.every((c) => isTombstone(c))).toBe(true);
  });

  it('gives a book the rows imported before their account, and takes them back when the owner goes', async () => {
    const ws = await srv.token();
    const ana = await srv.token(A);
    const rows = dataset([account('z1', A)]);
    delete rows.accounts;
    await imported(rows, ws);
    const first = await syncAll(srv.url, ana);
    expect(first.changes.filter((c) => accountOf(c) !== null)).toEqual([]);
    await imported({ schemaVersion: 1, currency: 'USD', accounts: [account('z1', A)] }, ws);
    const joined = await syncAll(srv.url, ana, { cursor: first.cursor });
    expect(joined.changes.length).toBe(10);
    expect(joined.changes.every((c) => !isTombstone(c) && accountOf(c) === 'z1')).toBe(true);
    await imported({ schemaVersion: 1, currency: 'USD', accounts: [account('z1', null)] }, ws);
    const left = await syncAll(srv.url, ana, { cursor: joined.cursor });
    expect(left.changes.length).toBe(10);
    expect(left.changes.every((c) => isTombstone(c))).toBe(true);
    // The workspace keeps them all.
    expect(applyChanges(new Map(), (await syncAll(srv.url, ws)).changes).size).toBe(recordCount(rows) + 1);
  });

  it('scopes a book token to its accounts, with the whole workspace context', async () => {
    const ws = await srv.token();
    const generated = generateDataset({ accounts: 40, seed: 7, asOf: AS_OF });
    await imported(generated, ws);
    const owners = [...new Set(generated.accounts.map((a) => a.owner).filter((o): o is string => !!o))];
    expect(owners.length).toBeGreaterThan(1);
    const whole = await syncAll(srv.url, ws, { limit: 5000 });
    const full = parseDataset(generated);
    if (!full.ok) throw new Error('generated dataset invalid');
    const expectedContext = computeWorkspaceContext(full.dataset, AS_OF);
    expect(whole.pages[0].context).toEqual(expectedContext);
    const wholeReport = computeReport(full.dataset, AS_OF);

    for (const owner of owners.slice(0, 3)) {
      const book = await syncAll(srv.url, await srv.token(owner), { limit: 5000 });
      for (const p of book.pages) expect(p.context).toEqual(expectedContext);
      const mine = new Set(generated.accounts.filter((a) => a.owner === owner).map((a) => a.id));
      for (const c of book.changes) {
        const acc = accountOf(c);
        if (acc !== null) expect(mine.has(acc), `${owner} sees ${changeKey(c)}`).toBe(true);
      }
      const got = new Set(book.changes.filter((c) => c.collection === 'accounts').map(accountOf));
      expect(got).toEqual(mine);
      expect(book.changes.filter((c) => c.collection === 'plans').length).toBe(generated.plans.length);

      // The book's own report, given the page's context, matches the whole workspace's report.
      const bookDataset = toDataset(book.changes);
      const bookReport = computeReport(bookDataset, AS_OF, DEFAULT_SETTINGS, {
        context: book.pages[0].context as never,
      });
      for (const acc of bookReport.accounts) {
        const w = wholeReport.accounts.find((x) => x.id === acc.id)!;
        expect(acc.ltv).toBe(w.ltv);
        expect(acc.signals.some((s) => s.id === 'plan-headroom')).toBe(
          w.signals.some((s) => s.id === 'plan-headroom'),
        );
      }
    }
  });

  it('never skips nor repeats a change while imports run between pages', async () => {
    const ws = await srv.token();
    const accounts = Array.from({ length: 30 }, (_, i) => account(`c${i}`, i % 2 ? A : B));
    await imported(dataset(accounts), ws);

    const seen = new Set<string>();
    const state = new Map<string, Record<string, unknown>>();
    let cursor: string | undefined;
    let round = 0;
    const writers: Promise<unknown>[] = [];
    // A reader pages with a small limit while imports (each renaming accounts to a new version,
    // adding usage, deleting a record) run concurrently with it.
    for (;;) {
      if (round < 12) {
        const v = round;
        writers.push(
          srv.importJson(
            {
              schemaVersion: 1,
              currency: 'USD',
              accounts: accounts.filter((_, i) => (i + v) % 3 === 0).map((a) => ({ ...a, name: `v${v}` })),
              usage: [
                {
                  accountId: `c${v}`,
                  date: `2026-09-${String(v + 1).padStart(2, '0')}`,
                  dau: v,
                  wau: v,
                  mau: v,
                  minutes: v,
                  sessions: v,
                },
              ],
            },
            ws,
          ),
        );
        writers.push(
          fetch(`${srv.url}/v1/records/surveys/s-c${v}`, {
            method: 'DELETE',
            headers: { authorization: `Bearer ${ws}` },
          }),
        );
      }
      const page = await fetchPage(srv.url, ws, cursor, 9);
      for (const c of page.changes) {
        const version = isTombstone(c)
          ? 'deleted'
          : c.collection === 'accounts'
            ? String(c.record.name)
            : JSON.stringify(c.record);
        const id = `${changeKey(c)}@${version}`;
        expect(seen.has(id), `${id} sent twice`).toBe(false);
        seen.add(id);
      }
      applyChanges(state, page.changes);
      cursor = page.nextCursor;
      round++;
      if (!page.hasMore && round >= 12) {
        await Promise.all(writers);
        const rest = await syncAll(srv.url, ws, { cursor, limit: 9 });
        for (const c of rest.changes) {
          const version = isTombstone(c)
            ? 'deleted'
            : c.collection === 'accounts'
              ? String(c.record.name)
              : JSON.stringify(c.record);
          const id = `${changeKey(c)}@${version}`;
          expect(seen.has(id), `${id} sent twice`).toBe(false);
          seen.add(id);
        }
        applyChanges(state, rest.changes);
        break;
      }
    }
    for (const w of writers) expect(((await w) as Response).status).toBe(200);
    const fresh = await syncAll(srv.url, ws, { limit: 1000 });
    expect(state).toEqual(applyChanges(new Map(), fresh.changes));
    expect(state.has('surveys|s-c3')).toBe(false);
  });

  it('sends a page in brotli when accepted, else gzip, else as is — the same JSON each time', async () => {
    const ws = await srv.token();
    await imported(dataset([account('a1', A), account('a2', A)]), ws);
    const asked = async (acceptEncoding: string) => {
      const r = await srv.get('/v1/sync?limit=50', ws, { 'accept-encoding': acceptEncoding });
      expect(r.status).toBe(200);
      expect(r.headers.get('vary')).toMatch(/accept-encoding/i);
      return {
        encoding: r.headers.get('content-encoding'),
        etag: r.headers.get('etag'),
        text: await r.text(),
      };
    };
    const br = await asked('gzip, deflate, br, zstd');
    const gz = await asked('gzip');
    const id = await asked('identity');
    const notBr = await asked('br;q=0, gzip');
    expect([br.encoding, gz.encoding, id.encoding, notBr.encoding]).toEqual(['br', 'gzip', null, 'gzip']);
    expect(gz.text).toBe(id.text);
    expect(br.text).toBe(id.text);
    expect(notBr.text).toBe(id.text);
    expect(new Set([br.etag, gz.etag, id.etag]).size).toBe(1);
    validatePage(JSON.parse(br.text));
  });

  it('answers 304 to If-None-Match until something changes, and compresses pages', async () => {
    const ws = await srv.token();
    await imported(dataset([account('a1', A), account('a2', A)]), ws);
    const r1 = await srv.get('/v1/sync?limit=50', ws, { 'accept-encoding': 'gzip' });
    expect(r1.status).toBe(200);
    expect(r1.headers.get('content-encoding')).toBe('gzip');
    const etag = r1.headers.get('etag')!;
    expect(etag).toMatch(/^W\/".+"$/);
    const body = validatePage(await r1.json());
    const r2 = await srv.get('/v1/sync?limit=50', ws, { 'if-none-match': etag });
    expect(r2.status).toBe(304);
    expect(await r2.text()).toBe('');
    // Another token of the same scope gets the same page; a different limit is another URL.
    expect((await srv.get('/v1/sync?limit=50', await srv.token(), { 'if-none-match': etag })).status).toBe(
      304,
    );
    expect((await srv.get('/v1/sync?limit=51', ws, { 'if-none-match': etag })).status).toBe(200);
    expect((await srv.get('/v1/sync?limit=50', await srv.token(A), { 'if-none-match': etag })).status).toBe(
      200,
    );
    // Caught up with its cursor: 304 until an import changes something.
    const tail = await srv.get(`/v1/sync?cursor=${body.nextCursor}`, ws);
    const tailEtag = tail.headers.get('etag')!;
    expect(
      (await srv.get(`/v1/sync?cursor=${body.nextCursor}`, ws, { 'if-none-match': tailEtag })).status,
    ).toBe(304);
    await imported({ schemaVersion: 1, currency: 'USD', accounts: [account('a1', A)] }, ws);
    expect(
      (await srv.get(`/v1/sync?cursor=${body.nextCursor}`, ws, { 'if-none-match': tailEtag })).status,
    ).toBe(304);
    await imported({ schemaVersion: 1, currency: 'USD', accounts: [account('a1', A, { name: 'New' })] }, ws);
    const after = await srv.get(`/v1/sync?cursor=${body.nextCursor}`, ws, { 'if-none-match': tailEtag });
    expect(after.status).toBe(200);
    expect(validatePage(await after.json()).changes.map(changeKey)).toEqual(['accounts|a1']);
  });

  it('refuses bad cursors, cursors of another scope or database, and bad limits', async () => {
    const ws = await srv.token();
    const ana = await srv.token(A);
    await imported(dataset([account('a1', A)]), ws);
    const page = await fetchPage(srv.url, ws, undefined, 2);
    const bad = await srv.get('/v1/sync?cursor=not-a-cursor', ws);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('bad-cursor');
    expect((await srv.get(`/v1/sync?cursor=${page.nextCursor}`, ana)).status).toBe(400);
    expect((await srv.get('/v1/sync?limit=0', ws)).status).toBe(400);
    expect((await srv.get('/v1/sync?limit=abc', ws)).status).toBe(400);
    // A limit above the maximum is clamped.
    expect((await fetchPage(srv.url, ws, undefined, 1_000_000)).hasMore).toBe(false);
    await resetDb(tdb.db);
    const ws2 = await srv.token();
    const gone = await srv.get(`/v1/sync?cursor=${page.nextCursor}`, ws2);
    expect(gone.status).toBe(410);
    expect((await gone.json()).error.code).toBe('cursor-expired');
  });

  it('carries deals from JSON and CSV imports; a deleted deal or one moved to another book leaves the old book', async () => {
    const ws = await srv.token();
    const ana = await srv.token(A);
    const ben = await srv.token(B);
    const open = { amount: 120_000, stage: 'proposal', createdOn: '2026-09-01' };
    const won = {
      amount: 50_000,
      stage: 'closedwon',
      createdOn: '2026-03-01',
      closedOn: '2026-04-30',
      won: true,
    };
    await imported(
      dataset([account('a1', A), account('b1', B)], {
        deals: [
          { id: 'hubspot:1', accountId: 'a1', name: 'Expansion', ...open },
          { id: 'hubspot:2', accountId: 'a1', ...won },
        ],
      }),
      ws,
    );
    // A CSV zip adds a deal to Ben's account.
    const parsed = parseDataset({
      schemaVersion: 1,
      currency: 'USD',
      deals: [{ id: 'salesforce:006X', accountId: 'b1', ...open }],
    });
    if (!parsed.ok) throw new Error(parsed.error.message);
    const zip = makeZip(datasetToCsvFiles(parsed.dataset));
    const csv = await fetch(`${srv.url}/v1/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ws}`, 'content-type': 'application/zip' },
      body: new Uint8Array(zip),
    });
    expect(csv.status, await csv.clone().text()).toBe(200);
    const anaFirst = await syncAll(srv.url, ana);
    const benFirst = await syncAll(srv.url, ben);
    const dealKeys = (changes: Change[]) =>
      changes
        .map(changeKey)
        .filter((k) => k.startsWith('deals|'))
        .sort();
    expect(dealKeys(anaFirst.changes)).toEqual(['deals|hubspot:1', 'deals|hubspot:2']);
    expect(dealKeys(benFirst.changes)).toEqual(['deals|salesforce:006X']);

    // hubspot:2 is deleted; hubspot:1 moves to Ben's account.
    const del = await fetch(`${srv.url}/v1/records/deals/hubspot:2`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ws}` },
    });
    expect(await del.json()).toEqual({ deleted: 1 });
    await imported(
      {
        schemaVersion: 1,
        currency: 'USD',
        deals: [{ id: 'hubspot:1', accountId: 'b1', name: 'Expansion', ...open }],
      },
      ws,
    );
    const anaNext = await syncAll(srv.url, ana, { cursor: anaFirst.cursor });
    expect(anaNext.changes).toEqual(
      expect.arrayContaining([
        { collection: 'deals', id: 'hubspot:1', deleted: true },
        { collection: 'deals', id: 'hubspot:2', deleted: true },
      ]),
    );
    expect(anaNext.changes).toHaveLength(2);
    const benNext = await syncAll(srv.url, ben, { cursor: benFirst.cursor });
    expect(benNext.changes.map(changeKey)).toEqual(['deals|hubspot:1']);
    const benState = applyChanges(applyChanges(new Map(), benFirst.changes), benNext.changes);
    expect(benState.get('deals|hubspot:1')).toMatchObject({ accountId: 'b1', amount: 120_000 });
    const anaState = applyChanges(applyChanges(new Map(), anaFirst.changes), anaNext.changes);
    expect([...anaState.keys()].filter((k) => k.startsWith('deals|'))).toEqual([]);
    // A fresh snapshot of each book equals the incremental result; the report reads the deals.
    expect(applyChanges(new Map(), (await syncAll(srv.url, ben)).changes)).toEqual(benState);
    expect(applyChanges(new Map(), (await syncAll(srv.url, ana)).changes)).toEqual(anaState);
    const benReport = computeReport(toDataset((await syncAll(srv.url, ben)).changes), AS_OF);
    expect(benReport.portfolio.pipelineValue).toBe(240_000);
  });

  it('an import computes the workspace context of its data; the next page reuses it', async () => {
    const ws = await srv.token();
    await imported(dataset([account('a1', A), account('a2', B)]), ws);
    const svc = new SyncService(tdb.db, { defaultCurrency: 'USD', today: () => AS_OF });
    type Memo = { key: string; value: Promise<{ context: unknown; json: string }> };
    const memo = () => (svc as unknown as { ctx: Memo | null }).ctx;
    expect(memo()).toBeNull();
    await svc.prepare();
    const prepared = memo();
    expect(prepared).not.toBeNull();
    const r = await svc.page({ kind: 'workspace' }, undefined, 10);
    expect(r.ok).toBe(true);
    expect(memo()).toBe(prepared);
    const kept = await (prepared as Memo).value;
    expect(JSON.parse((r as { body: string }).body).context).toEqual(kept.context);
    expect((r as { body: string }).body.endsWith(`"context":${kept.json}}`)).toBe(true);
  });

  it('pages carry every change as readChanges gives it, tombstones and exits included, in order', async () => {
    const ws = await srv.token();
    await imported(dataset([account('a1', A), account('a2', B), account('a3', B)]), ws);
    // Tombstones of each key shape: an id, a revenue month and a usage date; and an exit (a2 → A).
    await imported(dataset([account('a2', A)]), ws);
    for (const path of [
      '/v1/records/accounts/a3',
      '/v1/records/revenue/a1?month=2026-09',
      '/v1/records/usage/a1?date=2026-10-30',
    ]) {
      const r = await fetch(srv.url + path, { method: 'DELETE', headers: { authorization: `Bearer ${ws}` } });
      expect(r.status, path).toBeLessThan(300);
    }
    const { readChanges } = await import('./store');
    for (const [token, scope] of [
      [ws, { kind: 'workspace' }],
      [await srv.token(B), { kind: 'book', owner: B }],
    ] as const) {
      const rows = await readChanges(tdb.db, scope, 0, 0, 1000);
      const expected = rows.map((r) => {
        if (!r.deleted && r.record !== null)
          return { collection: r.collection, record: JSON.parse(r.record) };
        if (r.collection === 'revenue')
          return { collection: r.collection, key: { accountId: r.rid, month: r.rsub }, deleted: true };
        if (r.collection === 'usage')
          return { collection: r.collection, key: { accountId: r.rid, date: r.rsub }, deleted: true };
        return { collection: r.collection, id: r.rid, deleted: true };
      });
      expect(expected.filter((c) => 'deleted' in c).length, scope.kind).toBeGreaterThanOrEqual(
        scope.kind === 'book' ? 1 : 3,
      );
      // Pages of 2 from a snapshot's floor of 0, so every tombstone is sent.
      const got: unknown[] = [];
      let cursor: string | undefined;
      const svc = new SyncService(tdb.db, { defaultCurrency: 'USD', today: () => AS_OF });
      const { encodeCursor, scopeKey } = await import('./cursor');
      const epoch = (await tdb.db.query<{ epoch: string }>('SELECT epoch FROM workspace')).rows[0].epoch;
      cursor = encodeCursor({ epoch, scopeKey: scopeKey(scope), seq: 0, floor: 0 });
      for (let i = 0; i < 100; i++) {
        const r = await svc.page(scope, cursor, 2);
        if (!r.ok) throw new Error(r.message);
        const page = JSON.parse(r.body);
        expect(page.changes.length).toBe(r.count);
        got.push(...page.changes);
        cursor = page.nextCursor;
        if (!page.hasMore) break;
      }
      expect(got, `${scope.kind} (${token.slice(0, 4)}…)`).toEqual(expected);
    }
  });

  it('does not build a page for a request its client has abandoned', async () => {
    const ws = await srv.token();
    await imported(dataset([account('a1', A)]), ws);
    // A database whose transactions wait at a gate (a busy pool), counting what they read.
    let open!: () => void;
    const gate = new Promise<void>((r) => {
      open = r;
    });
    let waiting!: () => void;
    const waited = new Promise<void>((r) => {
      waiting = r;
    });
    const reads: string[] = [];
    const busy: Db = {
      ...tdb.db,
      query: (sql, params) => tdb.db.query(sql, params),
      transaction: (fn, options) =>
        tdb.db.transaction(async (q) => {
          waiting();
          await gate;
          const counted: Queryable = {
            query: (sql, params) => {
              reads.push(sql);
              return q.query(sql, params);
            },
          };
          return fn(counted);
        }, options),
    };
    const app = createApp({ db: busy, log: () => {} });
    const signals: AbortSignal[] = [];
    const server = serve({
      fetch: (req, env) => {
        if (new URL(req.url).pathname === '/v1/sync') signals.push(req.signal);
        return app.fetch(req, env);
      },
      port: 0,
      hostname: '127.0.0.1',
    });
    try {
      if (!server.listening) await once(server, 'listening');
      const { port } = server.address() as AddressInfo;
      const client = new AbortController();
      const answer = fetch(`http://127.0.0.1:${port}/v1/sync?limit=10`, {
        headers: { authorization: `Bearer ${ws}` },
        signal: client.signal,
      }).catch((e: unknown) => e);
      await waited;
      client.abort();
      expect(await answer).toBeInstanceOf(Error);
      // The server sees the connection close, then the page's turn comes.
      for (let i = 0; i < 200 && !signals[0]?.aborted; i++) await new Promise((r) => setTimeout(r, 5));
      expect(signals[0]?.aborted).toBe(true);
      open();
      await new Promise((r) => setTimeout(r, 20));
      await busy.transaction(async () => {});
      expect(reads.filter((sql) => sql.includes('FROM records'))).toEqual([]);
      // A request still waited for is answered as before.
      const ok = await fetch(`http://127.0.0.1:${port}/v1/sync?limit=10`, {
        headers: { authorization: `Bearer ${ws}` },
      });
      expect(ok.status).toBe(200);
      expect((await ok.json()).changes).toHaveLength(10);
    } finally {
      open();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    }
  });

  it('serves an empty workspace with the default currency', async () => {
    const ws = await srv.token();
    const page = await fetchPage(srv.url, ws);
    expect(page).toMatchObject({ currency: 'USD', hasMore: false, changes: [] });
    expect(page.context).toMatchObject({
      monthlyLogoChurnRate: null,
      segmentMedianMrr: {},
      ticketsTracked: false,
    });
  });
});

function toDataset(changes: Change[]): Dataset {
  const d = { schemaVersion: 1, currency: 'USD', dataThrough: AS_OF } as Record<string, unknown>;
  for (const c of changes) {
    if (isTombstone(c)) continue;
    if (!Array.isArray(d[c.collection])) d[c.collection] = [];
    (d[c.collection] as unknown[]).push(c.record);
  }
  const parsed = parseDataset(d);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.dataset;
}
