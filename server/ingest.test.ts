import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IngestConfig, parseConfig } from '../lib/connectors/config';
import { latestIngestRunSchema } from '../lib/connectors/report';
import { SOURCES } from '../lib/connectors/sources/index';
import { FIXTURE_AS_OF, FIXTURE_RATES, stripeFixture } from '../lib/connectors/stripe/fixture';
import { type StandIn, startStripeStandIn } from '../lib/connectors/stripe/stand-in';
import { IngestRunner } from './ingest';
import { openTestDb, resetDb, startServer, type TestDb, type TestServer } from './test/helpers';

const KEY = 'sk_test_server_ingest';
let db: TestDb;
let standIn: StandIn;
const data = stripeFixture();

beforeAll(async () => {
  db = await openTestDb();
  standIn = await startStripeStandIn(data as never, { apiKey: KEY });
}, 120_000);
afterAll(async () => {
  await standIn?.close();
  await db?.close();
});

function config(extra: Record<string, unknown> = {}, key = KEY, apiBase?: string): IngestConfig {
  return parseConfig(
    {
      currency: 'USD',
      rates: FIXTURE_RATES,
      dataThrough: FIXTURE_AS_OF,
      schedule: 0,
      sources: [{ type: 'stripe', apiKey: 'env:STRIPE_API_KEY', apiBase: apiBase ?? standIn.url, ...extra }],
    },
    { env: { STRIPE_API_KEY: key }, configDir: '/', registry: SOURCES },
  );
}

interface Change {
  collection: string;
  record?: Record<string, unknown>;
  key?: unknown;
  id?: string;
  deleted?: boolean;
}

async function changesSince(server: TestServer, token: string, cursor?: string) {
  const all: Change[] = [];
  let next = cursor;
  for (;;) {
    const res = await server.get(
      `/v1/sync?limit=5000${next ? `&cursor=${encodeURIComponent(next)}` : ''}`,
      token,
    );
    const page = (await res.json()) as { nextCursor: string; hasMore: boolean; changes: Change[] };
    all.push(...page.changes);
    next = page.nextCursor;
    if (!page.hasMore) return { changes: all, cursor: next };
  }
}

async function withServer(
  runner: IngestRunner | undefined,
  fn: (server: TestServer, post: (token: string) => Promise<Response>) => Promise<void>,
) {
  const server = await startServer(db.db, { ingest: runner });
  const post = (token: string) =>
    fetch(`${server.url}/v1/ingest/run`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  try {
    await fn(server, post);
  } finally {
    await runner?.stop();
    await server.close();
  }
}

describe('the ingest inside the server', () => {
  it('runs on POST (202 {runId}, 403 for a book token); the report is at /v1/ingest/runs/latest; later runs send only changes', async () => {
    await resetDb(db.db);
    let clock = '2026-11-16T03:00:00Z';
    const runner = new IngestRunner({ db: db.db, config: config(), now: () => new Date(clock) });
    await runner.start();
    await withServer(runner, async (server, post) => {
      const token = await server.token();
      const book = await server.token('owner@example.com');

      const none = await server.get('/v1/ingest/runs/latest', token);
      expect(none.status).toBe(404);
      expect(((await none.json()) as { error: { code: string } }).error.code).toBe('no-runs');

      expect((await post(book)).status).toBe(403);
      const started = await post(token);
      expect(started.status).toBe(202);
      const { runId } = (await started.json()) as { runId: number };
      expect(Number.isInteger(runId)).toBe(true);
      await runner.idle();

      // Any token reads the report (zod-checked with the schema the extension uses).
      const res = await server.get('/v1/ingest/runs/latest', book);
      expect(res.status).toBe(200);
      const latest = latestIngestRunSchema.parse(await res.json());
      expect(latest).toMatchObject({ runId, status: 'done', running: false, asOf: FIXTURE_AS_OF });
      expect(latest.generatedAt).toBe('2026-11-16T03:00:00Z');
      expect(latest.sources).toHaveLength(1);
      expect(latest.sources[0]).toMatchObject({ name: 'stripe', type: 'stripe', read: 5, attached: 3 });
      expect(Object.values(latest.sources[0].leftOut).reduce((a, b) => a + b, 0)).toBe(2);
      expect(Object.values(latest.sources[0].examples).flat().length).toBe(2);
      expect(latest.sources[0].error).toBeUndefined();

      const snap = await changesSince(server, token);
      const accounts = snap.changes.filter((c) => c.collection === 'accounts').map((c) => c.record?.id);
      expect(accounts.sort()).toEqual(['acme', 'stripe:cus_2', 'stripe:cus_4']);
      const revenue = snap.changes.filter((c) => c.collection === 'revenue').map((c) => c.record);
      expect(revenue).toContainEqual({ accountId: 'stripe:cus_4', month: '2026-11', mrr: 2000 });

      // The source's state is in the database.
      const state = await db.db.query<{ name: string; last_complete_day: string; error: string | null }>(
        'SELECT name, last_complete_day, error FROM ingest_sources',
      );
      expect(state.rows).toEqual([{ name: 'stripe', last_complete_day: FIXTURE_AS_OF, error: null }]);

      // The same data again: the extension's next sync is empty.
      clock = '2026-11-16T04:00:00Z';
      expect((await post(token)).status).toBe(202);
      await runner.idle();
      expect((await changesSince(server, token, snap.cursor)).changes).toEqual([]);

      // One changed invoice: only that row.
      const inv = data.invoices.find((i) => i.id === 'in_4');
      if (!inv) throw new Error('fixture changed');
      const before = inv.lines.data[0].amount;
      inv.lines.data[0].amount = 3000;
      try {
        clock = '2026-11-16T05:00:00Z';
        expect((await post(token)).status).toBe(202);
        await runner.idle();
        expect((await changesSince(server, token, snap.cursor)).changes).toEqual([
          { collection: 'revenue', record: { accountId: 'stripe:cus_4', month: '2026-11', mrr: 3000 } },
        ]);
      } finally {
        inv.lines.data[0].amount = before;
      }
    });
  });

  it('one run at a time: 409 while a run is going', async () => {
    await resetDb(db.db);
    // The run waits inside a rate-limit back-off until the test lets it go on.
    const limited = await startStripeStandIn(stripeFixture() as never, {
      apiKey: KEY,
      rateLimit: { path: '/v1/customers', times: 1, retryAfter: '1' },
    });
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let waiting = false;
    const runner = new IngestRunner({
      db: db.db,
      config: config({}, KEY, limited.url),
      sleep: async () => {
        waiting = true;
        await gate;
      },
    });
    try {
      await withServer(runner, async (server, post) => {
        const token = await server.token();
        const first = await post(token);
        expect(first.status).toBe(202);
        await expect.poll(() => waiting).toBe(true);
        const again = await post(token);
        expect(again.status).toBe(409);
        expect(((await again.json()) as { error: { code: string } }).error.code).toBe('ingest-running');
        expect(runner.running).toBe(true);
        release();
        await runner.idle();
        expect((await post(token)).status).toBe(202);
        await runner.idle();
        expect((await runner.latest())?.status).toBe('done');
      });
    } finally {
      release();
      await limited.close();
    }
  });

  it('a source that fails keeps the data it gave last time and says why', async () => {
    await resetDb(db.db);
    const good = new IngestRunner({
      db: db.db,
      config: config(),
      now: () => new Date('2026-11-16T03:00:00Z'),
    });
    await good.trigger();
    await good.idle();
    await withServer(
      new IngestRunner({
        db: db.db,
        config: config({}, 'sk_test_revoked'),
        now: () => new Date('2026-11-17T03:00:00Z'),
      }),
      async (server, post) => {
        const token = await server.token();
        const snap = await changesSince(server, token);
        expect((await post(token)).status).toBe(202);
        const latest = await waitForRun(server, token, 2);
        expect(latest.status).toBe('done');
        expect(latest.sources[0].error).toMatch(/stripe/i);
        expect(latest.sources[0].read).toBe(5);
        // Nothing deleted, nothing changed.
        expect((await changesSince(server, token, snap.cursor)).changes).toEqual([]);
        const state = await db.db.query<{ error: string | null; last_complete_day: string }>(
          'SELECT error, last_complete_day FROM ingest_sources',
        );
        expect(state.rows[0].error).toMatch(/stripe/i);
        expect(state.rows[0].last_complete_day).toBe(FIXTURE_AS_OF);
      },
    );
  });

  it('a source that fails with nothing kept fails the run: nothing is written', async () => {
    await resetDb(db.db);
    await withServer(
      new IngestRunner({
        db: db.db,
        config: config({}, 'sk_test_revoked'),
        now: () => new Date('2026-11-17T03:00:00Z'),
      }),
      async (server, post) => {
        const token = await server.token();
        expect((await post(token)).status).toBe(202);
        const latest = await waitForRun(server, token, 1);
        expect(latest.status).toBe('failed');
        expect(latest.error).toMatch(/^Nothing was written: stripe/);
        expect(latest.sources[0]).toMatchObject({ name: 'stripe', read: 0, attached: 0 });
        expect(latest.sources[0].error).toMatch(/stripe/i);
        expect((await changesSince(server, token)).changes).toEqual([]);
      },
    );
  });

  it('runs on its schedule when started (0: only on demand)', async () => {
    await resetDb(db.db);
    const onDemand = new IngestRunner({ db: db.db, config: config() });
    await onDemand.start();
    expect(onDemand.running).toBe(false);
    await onDemand.stop();
    const scheduled = new IngestRunner({
      db: db.db,
      config: { ...config(), schedule: 30 },
      now: () => new Date('2026-11-16T03:00:00Z'),
    });
    await scheduled.start();
    await expect.poll(() => scheduled.running || scheduled.latest().then((l) => l !== null)).toBe(true);
    await scheduled.stop();
    expect((await scheduled.latest())?.status).toBe('done');
  });

  it('a server without sources says so (404 no-sources) on both endpoints', async () => {
    await withServer(undefined, async (server, post) => {
      const token = await server.token();
      for (const res of [await post(token), await server.get('/v1/ingest/runs/latest', token)]) {
        expect(res.status).toBe(404);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('no-sources');
      }
    });
  });
});

async function waitForRun(server: TestServer, token: string, runs: number) {
  let latest: ReturnType<typeof latestIngestRunSchema.parse> | undefined;
  await expect
    .poll(async () => {
      const res = await server.get('/v1/ingest/runs/latest', token);
      if (res.status !== 200) return false;
      latest = latestIngestRunSchema.parse(await res.json());
      const n = await db.db.query<{ n: string | number }>(
        `SELECT count(*) AS n FROM ingest_runs WHERE status <> 'running'`,
      );
      return Number(n.rows[0].n) >= runs && !latest.running;
    })
    .toBe(true);
  if (!latest) throw new Error('no run');
  return latest;
}
