import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, startServer, type TestDb, type TestServer } from '../../server/test/helpers';
import { runIngestCli } from './cli';
import { FIXTURE_AS_OF, FIXTURE_RATES, stripeFixture } from './stripe/fixture';
import { type StandIn, startStripeStandIn } from './stripe/stand-in';

const KEY = 'sk_test_push';
let dir: string;
let db: TestDb;
let server: TestServer;
let standIn: StandIn;
let token: string;
const data = stripeFixture();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'healthbar-push-'));
  db = await openTestDb();
  server = await startServer(db.db);
  token = await server.token();
  standIn = await startStripeStandIn(data as never, { apiKey: KEY });
}, 120_000);
afterAll(async () => {
  await standIn?.close();
  await server?.close();
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

async function push(now: string) {
  const cfg = join(dir, 'config.json');
  await writeFile(
    cfg,
    JSON.stringify({
      currency: 'USD',
      rates: FIXTURE_RATES,
      sources: [{ type: 'stripe', apiKey: 'env:STRIPE_API_KEY', apiBase: standIn.url }],
    }),
  );
  let stderr = '';
  const sink = new Writable({
    write(c, _e, cb) {
      stderr += String(c);
      cb();
    },
  });
  const code = await runIngestCli(
    ['--config', cfg, '--as-of', FIXTURE_AS_OF, '--server', server.url, '--token', token],
    {
      stderr: sink,
      env: { STRIPE_API_KEY: KEY },
      now: () => new Date(now),
    },
  );
  return { code, stderr };
}

interface Page {
  nextCursor: string;
  hasMore: boolean;
  changes: {
    collection: string;
    record?: Record<string, unknown>;
    key?: unknown;
    id?: string;
    deleted?: boolean;
  }[];
}
async function changesSince(cursor?: string) {
  const all: Page['changes'] = [];
  let next = cursor;
  for (;;) {
    const res = await server.get(
      `/v1/sync?limit=5000${next ? `&cursor=${encodeURIComponent(next)}` : ''}`,
      token,
    );
    const page = (await res.json()) as Page;
    all.push(...page.changes);
    next = page.nextCursor;
    if (!page.hasMore) return { changes: all, cursor: next };
  }
}

describe('ingest --server', () => {
  it('pushes the accounts, then only what one changed invoice changed, then a tombstone', async () => {
    const first = await push('2026-11-16T03:00:00Z');
    expect(first.stderr).toContain('stripe: read 5, attached 3, left out 2');
    expect(first.stderr).toContain('pushed to');
    expect(first.code).toBe(0);
    const snap = await changesSince();
    const accounts = snap.changes.filter((c) => c.collection === 'accounts').map((c) => c.record?.id);
    expect(accounts.sort()).toEqual(['acme', 'stripe:cus_2', 'stripe:cus_4']);
    const revenue = snap.changes.filter((c) => c.collection === 'revenue').map((c) => c.record);
    expect(revenue).toContainEqual({ accountId: 'stripe:cus_4', month: '2026-11', mrr: 2000 });
    expect(revenue).toHaveLength(3 + 4 + 1);

    // The same data again: nothing is sent.
    const same = await push('2026-11-16T04:00:00Z');
    expect(same.stderr).toContain('pushed to');
    expect(same.stderr).toContain(': 0 changed records, 0 deletions');
    expect((await changesSince(snap.cursor)).changes).toEqual([]);

    // One changed invoice: only that account's changed row is sent.
    const inv = data.invoices.find((i) => i.id === 'in_4');
    if (!inv) throw new Error('fixture changed');
    inv.lines.data[0].amount = 3000;
    const changed = await push('2026-11-16T05:00:00Z');
    expect(changed.code).toBe(0);
    const after = await changesSince(snap.cursor);
    expect(after.changes).toEqual([
      { collection: 'revenue', record: { accountId: 'stripe:cus_4', month: '2026-11', mrr: 3000 } },
    ]);

    // The invoice voided: the month's row is deleted, the account (no longer started) updated.
    inv.status = 'void';
    expect((await push('2026-11-16T06:00:00Z')).code).toBe(0);
    const last = await changesSince(after.cursor);
    expect(last.changes).toHaveLength(2);
    expect(last.changes).toContainEqual({
      collection: 'revenue',
      key: { accountId: 'stripe:cus_4', month: '2026-11' },
      deleted: true,
    });
    const acc = last.changes.find((c) => c.collection === 'accounts')?.record;
    expect(acc).toMatchObject({ id: 'stripe:cus_4', updatedAt: '2026-11-16T06:00:00Z' });
    expect(acc?.startedOn).toBeUndefined();
  });
});
