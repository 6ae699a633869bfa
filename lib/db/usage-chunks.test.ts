import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Change } from '../contracts/sync-page';
import type { UsageRow } from '../dataset/schema';
import { dateOfDay, dayNumber } from '../metrics/dates';
import { applyChanges, exportDataset } from './apply';
import { type DatasetMeta, dataTables, type HealthbarDB, openDb, type UsageSeries } from './db';
import { readUsage, USAGE_CHUNK_DAYS } from './usage-chunks';

let n = 0;
const opened: Dexie[] = [];
afterEach(async () => {
  for (const d of opened.splice(0)) d.close();
});

function fresh(): HealthbarDB {
  const db = openDb({ name: `usage-chunks-${n++}` });
  opened.push(db);
  return db;
}

const meta = (): DatasetMeta => ({
  id: 'dataset',
  schemaVersion: 1,
  currency: 'USD',
  source: 'sync',
  version: 1,
  nextOrder: 0,
  updatedAt: '2026-11-01T00:00:00Z',
});

const row = (accountId: string, date: string, dau: number): UsageRow => ({
  accountId,
  date,
  dau,
  wau: dau + 1,
  mau: dau + 2,
  minutes: dau * 10,
  sessions: dau * 2,
});

async function apply(db: HealthbarDB, changes: Change[]): Promise<void> {
  await db.transaction('rw', dataTables(db), () => applyChanges(db, meta(), changes));
}

const days = (from: string, count: number) =>
  Array.from({ length: count }, (_, i) => dateOfDay(dayNumber(from) + i));

/**
 * A stored series of `count` days from `from` (every `gapEvery`th day left out), its values
 * `i * k + fraction` so each column and day is told apart.
 */
function testSeries(
  accountId: string,
  from: string,
  count: number,
  gapEvery: number,
  fraction: number,
): UsageSeries {
  const ds = days(from, count)
    .map(dayNumber)
    .filter((_, i) => gapEvery === 0 || i % gapEvery !== 0);
  const col = (k: number) => Float64Array.from(ds, (_, i) => i * k + fraction);
  return {
    accountId,
    days: Int32Array.from(ds),
    dau: col(1),
    wau: col(2),
    mau: col(3),
    minutes: col(4),
    sessions: col(5),
  };
}

/** The cache's schema as it was at version 5 (one whole usage series per account in `usage`). */
const V5_STORES = {
  meta: 'id',
  accounts: 'id, _order, crm.hubspotCompanyId, _sf15, crm.zendeskOrganizationId, *_domains, _name, owner',
  usage: 'accountId',
  revenue: 'accountId',
  users: 'id, accountId',
  tickets: 'id, accountId',
  surveys: 'id, accountId',
  plans: 'id',
  features: 'key',
  milestones: 'key',
  rejections: '++id, at',
  snapshot: 'id',
  stagedAccounts: 'id',
  stagedUsage: 'accountId',
  stagedRevenue: 'accountId',
  stagedUsers: 'id',
  stagedTickets: 'id',
  stagedSurveys: 'id',
  stagedPlans: 'id',
  stagedFeatures: 'key',
  stagedMilestones: 'key',
  stagedRejections: '++id',
  tasks: 'id, accountId, owner, status',
  sentiment: 'id, accountId',
  stagedTasks: 'id',
  stagedSentiment: 'id',
  outbox: '++seq',
  deals: 'id, accountId',
  stagedDeals: 'id',
  refused: '++id, accountId',
};

describe('usage stored in chunks of days', () => {
  it('one more day rewrites the one chunk it falls in, not the whole 400-day series', async () => {
    const db = fresh();
    await apply(
      db,
      days('2025-09-27', 400).map((d, i) => ({ collection: 'usage', record: row('a1', d, i) })),
    );
    const chunks = await db.usageChunks.toArray();
    expect(chunks.length).toBeGreaterThanOrEqual(Math.ceil(400 / USAGE_CHUNK_DAYS));
    expect(chunks.length).toBeLessThanOrEqual(Math.ceil(400 / USAGE_CHUNK_DAYS) + 1);
    const written: number[] = [];
    const put = db.usageChunks.bulkPut.bind(db.usageChunks);
    db.usageChunks.bulkPut = ((rows: readonly UsageSeries[]) => {
      for (const r of rows) written.push(r.days.length);
      return put(rows as never);
    }) as unknown as typeof put;
    await apply(db, [{ collection: 'usage', record: row('a1', '2026-11-01', 7) }]);
    db.usageChunks.bulkPut = put;
    expect(written).toHaveLength(1);
    expect(written[0]).toBeLessThanOrEqual(USAGE_CHUNK_DAYS);
    const s = await readUsage(db.usageChunks, 'a1');
    expect(s?.days.length).toBe(401);
    expect(dateOfDay(s!.days[400])).toBe('2026-11-01');
    expect(s!.dau[400]).toBe(7);
    expect([...s!.days]).toEqual([...s!.days].sort((a, b) => a - b));
  });

  it('edits, deletions and re-applied pages give the same rows as a plain map of the changes', async () => {
    const accounts = ['a1', 'a2', 'a3'];
    const change = fc.oneof(
      fc
        .record({ a: fc.constantFrom(...accounts), d: fc.integer({ min: 0, max: 300 }), v: fc.nat(50) })
        .map(({ a, d, v }): Change => ({ collection: 'usage', record: row(a, dateOfDay(20_000 + d), v) })),
      fc.record({ a: fc.constantFrom(...accounts), d: fc.integer({ min: 0, max: 300 }) }).map(
        ({ a, d }): Change => ({
          collection: 'usage',
          key: { accountId: a, date: dateOfDay(20_000 + d) },
          deleted: true,
        }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(change, { maxLength: 80 }), { minLength: 1, maxLength: 5 }),
        async (pages) => {
          const db = fresh();
          const model = new Map<string, UsageRow>();
          for (const page of pages) {
            await apply(db, page);
            for (const c of page) {
              if ('deleted' in c) {
                const k = (c as unknown as { key: { accountId: string; date: string } }).key;
                model.delete(`${k.accountId} ${k.date}`);
              } else {
                const r = c.record as UsageRow;
                model.set(`${r.accountId} ${r.date}`, r);
              }
            }
          }
          // Replaying the last page changes nothing.
          await apply(db, pages[pages.length - 1]);
          const want = [...model.values()].sort((x, y) =>
            x.accountId === y.accountId
              ? x.date.localeCompare(y.date)
              : x.accountId.localeCompare(y.accountId),
          );
          const read = (
            await Promise.all(accounts.map(async (a) => (await readUsage(db.usageChunks, a)) ?? null))
          ).flatMap((s) =>
            s
              ? [...s.days].map((d, i) => ({
                  accountId: s.accountId,
                  date: dateOfDay(d),
                  dau: s.dau[i],
                  wau: s.wau[i],
                  mau: s.mau[i],
                  minutes: s.minutes[i],
                  sessions: s.sessions[i],
                }))
              : [],
          );
          expect(read).toEqual(want);
          // No empty chunk row is left behind.
          expect((await db.usageChunks.toArray()).every((c) => c.days.length > 0)).toBe(true);
          db.close();
        },
      ),
      { numRuns: 60, seed: 37 },
    );
  });

  it('opening a version-7 cache (64-day chunks) splits its rows again at 128 days, live and staged, nothing lost', async () => {
    const name = `usage-chunks-rechunk-${n++}`;
    // The schema as it was at version 7: version 5's tables without usage/stagedUsage, with the chunk tables.
    const old = new Dexie(name);
    old.version(7).stores({
      ...V5_STORES,
      usage: null,
      stagedUsage: null,
      usageChunks: '[accountId+chunk]',
      stagedUsageChunks: '[accountId+chunk]',
    });
    const series = (accountId: string, from: string, count: number, gapEvery = 0) =>
      testSeries(accountId, from, count, gapEvery, 0.25);
    // Rows as version 7 wrote them: chunk = day ÷ 64.
    const split64 = (s: UsageSeries) => {
      const out: (UsageSeries & { chunk: number })[] = [];
      for (let i = 0; i < s.days.length; ) {
        const chunk = Math.floor(s.days[i] / 64);
        let j = i + 1;
        while (j < s.days.length && Math.floor(s.days[j] / 64) === chunk) j++;
        const cut = (a: Float64Array) => a.slice(i, j);
        out.push({
          accountId: s.accountId,
          chunk,
          days: s.days.slice(i, j),
          dau: cut(s.dau),
          wau: cut(s.wau),
          mau: cut(s.mau),
          minutes: cut(s.minutes),
          sessions: cut(s.sessions),
        });
        i = j;
      }
      return out;
    };
    const live = [
      series('a1', '2025-09-27', 400),
      series('a2', '2026-10-01', 70, 3),
      series('a3', '2026-10-31', 1),
      // More rows than one batch of the upgrade (1,000): m141's rows 320 and 321 (one 128-day chunk)
      // meet a batch's end, so an account must never be split over two batches.
      ...Array.from({ length: 160 }, (_, i) =>
        series(`m${String(i).padStart(3, '0')}`, '2025-09-27', 400, 11),
      ),
    ];
    const staged = [series('b1', '2026-01-01', 300, 7), series('b2', '2024-12-30', 5)];
    const liveRows = live.flatMap(split64);
    await old.table('usageChunks').bulkPut(liveRows);
    await old.table('stagedUsageChunks').bulkPut(staged.flatMap(split64));
    await old.table('meta').put({ ...meta(), version: 9 });
    old.close();

    const db = openDb({ name });
    opened.push(db);
    await db.open();
    expect(db.verno).toBe(8);
    for (const s of live) expect(await readUsage(db.usageChunks, s.accountId)).toEqual(s);
    for (const s of staged) expect(await readUsage(db.stagedUsageChunks, s.accountId)).toEqual(s);
    for (const table of [db.usageChunks, db.stagedUsageChunks]) {
      const rows = await table.toArray();
      // Every row holds the days of its 128-day chunk only, and no chunk is split over two rows.
      for (const r of rows) {
        expect(r.days.length).toBeGreaterThan(0);
        for (const d of r.days) expect(Math.floor(d / USAGE_CHUNK_DAYS)).toBe(r.chunk);
      }
    }
    expect(USAGE_CHUNK_DAYS).toBe(128);
    expect(await db.usageChunks.count()).toBeLessThan(liveRows.length);
    expect((await db.meta.get('dataset'))?.version).toBe(9);
    // One more day after the upgrade still lands in the right row.
    await apply(db, [{ collection: 'usage', record: row('a1', '2026-11-01', 7) }]);
    const a1 = await readUsage(db.usageChunks, 'a1');
    expect(a1?.days.length).toBe(401);
    expect(a1?.dau[400]).toBe(7);
  });

  it('opening a version-5 cache moves its whole series (live and staged) into chunks, nothing lost', async () => {
    const name = `usage-chunks-upgrade-${n++}`;
    // The schema as it was at version 5 (one whole series per account in `usage`).
    const old = new Dexie(name);
    old.version(5).stores(V5_STORES);
    const series = (accountId: string, from: string, count: number, gapEvery = 0) =>
      testSeries(accountId, from, count, gapEvery, 0.5);
    const live = [
      series('a1', '2025-09-27', 400),
      series('a2', '2026-10-01', 10, 3),
      series('a3', '2026-10-31', 1),
    ];
    const staged = [series('b1', '2026-01-01', 100, 7)];
    await old.table('usage').bulkPut(live);
    await old.table('stagedUsage').bulkPut(staged);
    await old.table('meta').put({ ...meta(), version: 9 });
    await old
      .table('accounts')
      .put({ id: 'a1', name: 'Acme', domains: [], crm: {}, _order: 0, _domains: [], _name: 'acme' });
    old.close();

    const db = openDb({ name });
    opened.push(db);
    await db.open();
    expect(db.tables.map((t) => t.name)).not.toContain('usage');
    expect(db.tables.map((t) => t.name)).not.toContain('stagedUsage');
    for (const s of live) expect(await readUsage(db.usageChunks, s.accountId)).toEqual(s);
    for (const s of staged) expect(await readUsage(db.stagedUsageChunks, s.accountId)).toEqual(s);
    expect(await db.usageChunks.count()).toBeGreaterThan(live.length);
    expect((await db.meta.get('dataset'))?.version).toBe(9);
    expect((await db.accounts.get('a1'))?.name).toBe('Acme');
    const exported = await exportDataset(db);
    expect(exported?.usage).toHaveLength(400 + live[1].days.length + 1);
    expect(exported?.usage[0]).toEqual({
      accountId: 'a1',
      date: '2025-09-27',
      dau: 0.5,
      wau: 0.5,
      mau: 0.5,
      minutes: 0.5,
      sessions: 0.5,
    });
  });
});
