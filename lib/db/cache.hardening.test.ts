/**
 * Hostile data into the cache: imports (`importDataset`) and sync pages (the real `runSync`, with
 * a fetch that serves generated hostile pages) over a cache that already holds data.
 *
 * - Nothing already cached is lost: a sync page changes exactly the records its valid changes
 *   name; an import that is refused, or fails half-way (quota), leaves the cache as it was.
 * - What was accepted is stored losslessly and every account's panel view (`accountView`) and the
 *   whole-cache report are finite (no NaN, no Infinity) — the numbers people see.
 * - No prototype is polluted.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type Change, parseSyncPage } from '../contracts/sync-page';
import { arbHostile, arbHostileDataset, nonFinite, type Raw } from '../dataset/hostile-testing';
import { parseDataset } from '../dataset/parse';
import { COLLECTIONS, type Dataset, MAX_LENGTH, recordKey } from '../dataset/schema';
import { generateDataset } from '../demo/generate';
import { computeReport, DEFAULT_SETTINGS, defaultAsOf } from '../metrics';
import { runSync, type SyncDeps, type SyncState } from '../sync/engine';
import { accountView } from './account-view';
import { exportDataset } from './apply';
import { type HealthbarDB, openDb } from './db';
import { importDataset } from './import';

const stats = { cases: 0 };
afterAll(() => {
  console.log(`[hostile cache] ${stats.cases} generated and hand-written cases`);
});

let dbs: HealthbarDB[] = [];
let n = 0;
function freshDb(): HealthbarDB {
  const db = openDb({ name: `hostile-cache-${n++}` });
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const db of dbs) {
    db.close();
    await db.delete();
  }
  dbs = [];
});

type State = Map<string, string>;
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
function stateOf(d: Dataset | null): State {
  const m: State = new Map();
  if (!d) return m;
  for (const c of COLLECTIONS)
    for (const r of (d[c] ?? []) as never[]) m.set(`${c}|${recordKey(c, r)}`, canon(r));
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
    } else m.set(`${c.collection}|${recordKey(c.collection, c.record as never)}`, canon(c.record));
  }
  return m;
}
function diff(a: State, b: State): string[] {
  const out: string[] = [];
  for (const [k, v] of a)
    if (b.get(k) !== v) out.push(`${k}: ${v.slice(0, 200)} ≠ ${b.get(k)?.slice(0, 200)}`);
  for (const k of b.keys()) if (!a.has(k)) out.push(`${k}: absent ≠ present`);
  return out.slice(0, 5);
}

/** Every account's panel view and the whole-cache report are finite; returns how many views. */
async function expectFiniteViews(db: HealthbarDB, today = '2026-11-01'): Promise<number> {
  const ds = await exportDataset(db);
  if (!ds) return 0;
  const report = computeReport(ds, defaultAsOf(ds) ?? '2026-10-31');
  expect(nonFinite(report)).toBeNull();
  let views = 0;
  for (const a of ds.accounts.slice(0, 6)) {
    const v = await accountView(db, a.id, today, DEFAULT_SETTINGS);
    expect(v).not.toBeNull();
    expect(nonFinite(v), `view of ${a.id}`).toBeNull();
    views++;
  }
  return views;
}

function expectNoPollution() {
  expect(({} as Raw).polluted).toBeUndefined();
  expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
}

/** A good dataset already in the cache (the generator's, small). */
async function populated(): Promise<{ db: HealthbarDB; ds: Dataset }> {
  const db = freshDb();
  const ds = generateDataset({ accounts: 4, seed: 5, asOf: '2026-10-31' });
  await importDataset(db, ds, { rejected: [], replaced: [] }, new Date('2026-11-01T00:00:00Z'));
  return { db, ds };
}

describe('imports of hostile datasets', () => {
  it('a refused dataset changes nothing; an accepted one is stored losslessly and reads finite', async () => {
    const { db, ds } = await populated();
    const before = stateOf(await exportDataset(db));
    expect(diff(stateOf(ds), before)).toEqual([]);
    let current = before;
    await fc.assert(
      fc.asyncProperty(arbHostileDataset, async (raw) => {
        stats.cases++;
        const r = parseDataset(raw);
        if (!r.ok) {
          // The options page stops here: nothing is written.
          expect(diff(current, stateOf(await exportDataset(db)))).toEqual([]);
          return;
        }
        await importDataset(db, r.dataset, r, new Date('2026-11-01T00:00:00Z'));
        const stored = stateOf(await exportDataset(db));
        expect(diff(stateOf(r.dataset), stored)).toEqual([]);
        const rejections = await db.rejections.count();
        expect(rejections).toBe(Math.min(1000, r.rejected.length + r.replaced.length));
        await expectFiniteViews(db);
        expectNoPollution();
        current = stored;
      }),
      { numRuns: 120, seed: 31 },
    );
  });

  it('an import that fails half-way (storage quota) leaves the previous cache whole', async () => {
    const { db } = await populated();
    const before = stateOf(await exportDataset(db));
    const meta = await db.meta.get('dataset');
    const other = generateDataset({ accounts: 3, seed: 9, asOf: '2026-10-31' });
    const put = db.usageChunks.bulkPut.bind(db.usageChunks);
    db.usageChunks.bulkPut = (() => {
      const e = new Error('quota');
      e.name = 'QuotaExceededError';
      throw e;
    }) as typeof db.usageChunks.bulkPut;
    await expect(importDataset(db, other, { rejected: [], replaced: [] }, new Date())).rejects.toThrow();
    db.usageChunks.bulkPut = put;
    expect(diff(before, stateOf(await exportDataset(db)))).toEqual([]);
    expect(await db.meta.get('dataset')).toEqual(meta);
    stats.cases++;
  });

  it('the longest names, markup, bidi text and prototype-named ids are stored and read back as they were', async () => {
    const db = freshDb();
    // Names are at most 1,000 characters (DATASET.md "Lengths"); a longer one is rejected on import.
    const head = '\u202E<img src=x onerror="window.__xss=1">';
    const big = `${head}${'x'.repeat(MAX_LENGTH.name - head.length)}`;
    const raw = {
      schemaVersion: 1,
      currency: 'USD',
      dataThrough: '2026-10-31',
      accounts: ['__proto__', 'constructor', 'prototype', 'toString', 'javascript:alert(1)'].map((id, i) => ({
        id,
        name: i === 0 ? big : `<script>window.__xss=1</script>${id}`,
        domains: ['javascript:alert(1)', `${id}.example`],
        crm: { hubspotCompanyId: id },
        owner: '<b>owner</b>',
        updatedAt: '2026-10-01T00:00:00Z',
      })),
      usage: [
        { accountId: '__proto__', date: '2026-10-31', dau: 1, wau: 1, mau: 1, minutes: 1, sessions: 1 },
      ],
      revenue: [{ accountId: 'constructor', month: '2026-10', mrr: 100 }],
      users: [{ accountId: 'toString', id: '__proto__', champion: true, features: {} }],
    };
    const r = parseDataset(JSON.parse(JSON.stringify(raw)));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.rejected).toEqual([]);
    await importDataset(db, r.dataset, r, new Date());
    const back = await exportDataset(db);
    expect(back?.accounts.map((a) => a.id)).toEqual(raw.accounts.map((a) => a.id));
    expect(back?.accounts[0].name).toBe(big);
    expect(diff(stateOf(r.dataset), stateOf(back))).toEqual([]);
    const view = await accountView(db, '__proto__', '2026-11-01', DEFAULT_SETTINGS);
    expect(view?.account.name.length).toBe(big.length);
    expect(await expectFiniteViews(db)).toBe(5);
    expectNoPollution();
    stats.cases++;
  });
});

// ---------------------------------------------------------------------------------------------
// Sync pages, through the real engine

/** A fetch that answers every sync request with the next of `pages` (as JSON text). */
function pagesFetch(pages: unknown[]): typeof fetch {
  let i = 0;
  return (async () => {
    const body = pages[Math.min(i++, pages.length - 1)];
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as unknown as typeof fetch;
}

function deps(db: HealthbarDB, pages: unknown[]): SyncDeps {
  return {
    db,
    apiUrl: 'https://healthbar.example/',
    token: 't',
    now: () => new Date('2026-11-01T08:00:00Z'),
    sleep: async () => {},
    random: () => 0.5,
    report: () => {},
    fetch: pagesFetch(pages),
    maxAttempts: 2,
  };
}

/** Pages of changes made of a hostile dataset's records, tombstones and junk. */
const arbHostilePages = fc
  .tuple(arbHostileDataset, fc.array(arbHostile, { maxLength: 3 }), fc.integer({ min: 1, max: 3 }))
  .map(([raw, junk, pageCount]) => {
    const d = (raw && typeof raw === 'object' ? raw : {}) as Raw;
    const changes: unknown[] = [];
    for (const c of COLLECTIONS) {
      const list = d[c];
      if (Array.isArray(list)) for (const record of list) changes.push({ collection: c, record });
    }
    changes.push(
      ...junk,
      { collection: 'accounts', id: junk[0] ?? 'a1', deleted: true },
      { collection: 'accounts', id: 'acc_001', deleted: true },
      { collection: 'usage', key: { accountId: 'acc_002', date: '2026-10-31' }, deleted: true },
      { collection: 'revenue', key: { accountId: 'acc_002', month: '2026-13' }, deleted: true },
      { collection: 'plans', id: junk[1] ?? '', deleted: 'yes' },
    );
    const size = Math.ceil(changes.length / pageCount);
    const pages: Raw[] = [];
    for (let p = 0; p < pageCount; p++) {
      pages.push({
        schemaVersion: 1,
        currency: 'USD',
        dataThrough: '2026-10-31',
        nextCursor: `c${p + 1}`,
        hasMore: p + 1 < pageCount,
        changes: changes.slice(p * size, (p + 1) * size),
      });
    }
    return JSON.parse(JSON.stringify(pages)) as Raw[];
  });

describe('sync pages of hostile records over a populated cache', () => {
  it('change exactly what their valid changes name, reject the rest with reasons, and stay finite', async () => {
    const { db } = await populated();
    // The cache must be a synced one for an incremental run: give it a cursor.
    await db.meta.update('dataset', { source: 'sync', cursor: 'c0' });
    let state = stateOf(await exportDataset(db));
    let cursor = 'c0';
    await fc.assert(
      fc.asyncProperty(arbHostilePages, async (pages) => {
        stats.cases++;
        const rename = pages.map((p, i) => ({ ...p, nextCursor: `${cursor}-${i}` }));
        let expected = state;
        let rejected = 0;
        for (const p of rename) {
          const parsed = parseSyncPage(p);
          if (!parsed.ok) throw new Error(parsed.message);
          expected = applyTo(expected, parsed.changes);
          rejected += parsed.rejected.length;
        }
        const rejectionsBefore = await db.rejections.count();
        const s: SyncState = await runSync(deps(db, rename));
        expect(s.status, s.error).toBe('ok');
        expect(s.rejected).toBe(rejected);
        const stored = stateOf(await exportDataset(db));
        expect(diff(expected, stored)).toEqual([]);
        expect((await db.meta.get('dataset'))?.cursor).toBe(rename.at(-1)?.nextCursor);
        const rows = await db.rejections.toArray();
        expect(rows.length - rejectionsBefore).toBe(
          rename.reduce((k, p) => {
            const x = parseSyncPage(p);
            return k + (x.ok ? Math.min(500, x.rejected.length) : 0);
          }, 0),
        );
        for (const row of rows) expect(row.message.length).toBeGreaterThan(3);
        await expectFiniteViews(db);
        expectNoPollution();
        state = stored;
        cursor = rename.at(-1)?.nextCursor as string;
      }),
      { numRuns: 120, seed: 32 },
    );
    // 120 sync rounds over a populated IndexedDB: ~8 s idle, over 20 s on a loaded 2-core machine.
  }, 90_000);

  it('a page of another schemaVersion is refused whole: nothing of it, nor of its cursor, is applied', async () => {
    const { db } = await populated();
    await db.meta.update('dataset', { source: 'sync', cursor: 'c0' });
    const before = stateOf(await exportDataset(db));
    const meta = await db.meta.get('dataset');
    const s = await runSync(
      deps(db, [
        {
          schemaVersion: 2,
          currency: 'USD',
          nextCursor: 'c9',
          hasMore: false,
          changes: [{ collection: 'accounts', id: 'acc_001', deleted: true }],
        },
      ]),
    );
    expect(s.status).toBe('error');
    expect(s.error).toBe(
      'The server sent data in format version 2, which this version of Healthbar does not know (it reads version 1). Update the Healthbar extension; nothing was changed in your cached data.',
    );
    expect(diff(before, stateOf(await exportDataset(db)))).toEqual([]);
    expect(await db.meta.get('dataset')).toEqual(meta);
    stats.cases++;
  });
});
