/**
 * The server's ingest with an events source: the carry of a run is kept with the source's output
 * in `ingest_sources`, so the next scheduled run reads only the new days and the store ends up with
 * the rows a full run gives.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../lib/connectors/config';
import { spine, type TestEvent, track, writeSegmentDays } from '../lib/connectors/events/testkit';
import { runIngest } from '../lib/connectors/ingest';
import { SOURCES } from '../lib/connectors/sources/index';
import { IngestRunner } from './ingest';
import { openTestDb, resetDb, type TestDb } from './test/helpers';

let db: TestDb;
let dir: string;
beforeAll(async () => {
  db = await openTestDb();
  dir = await mkdtemp(join(tmpdir(), 'healthbar-server-events-'));
}, 120_000);
afterAll(async () => {
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

const events: TestEvent[] = [
  { type: 'group', id: 'g1', user: 'u1', at: '2026-11-01T08:00:00Z', group: 'acme' },
  track('u1', '2026-11-02T09:00:00Z'),
  track('u1', '2026-11-08T23:45:00Z'),
  track('u1', '2026-11-09T00:10:00Z'), // continues the session of 11-08
  { type: 'identify', id: 'i1', user: 'u2', at: '2026-11-01T08:00:00Z', traits: { email: 'b@beta.io' } },
  track('u2', '2026-11-03T09:00:00Z'),
  track('u2', '2026-11-10T09:00:00Z'),
  track('u3', '2026-11-10T12:00:00Z', 'Page Viewed', 'acme'),
];

const writeDays = (through: string) => writeSegmentDays(join(dir, 'seg'), events, through);

function config() {
  return parseConfig(
    {
      currency: 'USD',
      schedule: 0,
      sources: [
        { type: 'dataset', path: 'spine.json' },
        { type: 'segment', path: 'seg' },
      ],
    },
    { env: {}, configDir: dir, registry: SOURCES },
  );
}

describe('the ingest inside the server, with events', () => {
  it('keeps the carry in ingest_sources: the next run reads only the new days, the store equals a full run', async () => {
    await resetDb(db.db);
    await writeFile(join(dir, 'spine.json'), JSON.stringify(spine));
    await writeDays('2026-11-08');
    let clock = '2026-11-09T03:00:00Z';
    const runner = new IngestRunner({ db: db.db, config: config(), now: () => new Date(clock) });
    await runner.start();
    try {
      expect((await runner.trigger()).ok).toBe(true);
      await runner.idle();
      expect((await runner.latest())?.sources[1]).toMatchObject({ name: 'segment', read: 5 });

      await writeDays('2026-11-10');
      clock = '2026-11-11T03:00:00Z';
      expect((await runner.trigger()).ok).toBe(true);
      await runner.idle();
      const latest = await runner.latest();
      expect(latest).toMatchObject({ status: 'done', asOf: '2026-11-10' });
      expect(latest?.sources[1]).toMatchObject({ name: 'segment', read: 3, attached: 3 });

      const stored = await db.db.query<{ collection: string; record: string }>(
        `SELECT collection, record::text AS record FROM records WHERE NOT deleted AND collection IN ('usage', 'users')`,
      );
      const key = (r: { accountId: string; date?: string; id?: string }) =>
        `${r.accountId} ${r.date ?? r.id}`;
      const sorted = <T extends { accountId: string }>(list: T[]) =>
        [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
      const byCollection = (c: string) =>
        sorted(stored.rows.filter((r) => r.collection === c).map((r) => JSON.parse(r.record)));
      const full = await runIngest(config(), { asOf: '2026-11-10', generatedAt: '2026-11-11T03:00:00Z' });
      expect(byCollection('usage')).toEqual(sorted(full.dataset.usage));
      expect(byCollection('users')).toEqual(sorted(full.dataset.users));
      // The session across the runs' midnight: 25 minutes on 11-08.
      expect(full.dataset.usage.find((u) => u.accountId === 'acme' && u.date === '2026-11-08')?.minutes).toBe(
        25,
      );
    } finally {
      await runner.stop();
    }
  });
});
