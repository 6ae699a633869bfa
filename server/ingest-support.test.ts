/**
 * The ingest inside the server with the Zendesk and Delighted sources: the Zendesk cursor is kept
 * in the server's database between runs, so a second run reads only changes, and a deleted
 * ticket becomes a tombstone in the store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../lib/connectors/config';
import { SOURCES } from '../lib/connectors/sources/index';
import { FIXTURE_AS_OF, FIXTURE_RATES, stripeFixture } from '../lib/connectors/stripe/fixture';
import { type StandIn, startStripeStandIn } from '../lib/connectors/stripe/stand-in';
import { type DelightedStandIn, startDelightedStandIn } from '../lib/connectors/surveys/delighted-stand-in';
import { delightedFixture } from '../lib/connectors/surveys/fixture';
import { zendeskChanges, zendeskFixture } from '../lib/connectors/zendesk/fixture';
import { startZendeskStandIn, type ZendeskStandIn } from '../lib/connectors/zendesk/stand-in';
import { IngestRunner } from './ingest';
import { openTestDb, resetDb, type TestDb } from './test/helpers';

const ENV = { STRIPE_API_KEY: 'sk_test_srv', ZENDESK_API_TOKEN: 'zd_srv', DELIGHTED_API_KEY: 'dl_srv' };
let db: TestDb;
let stripe: StandIn;
let zendesk: ZendeskStandIn;
let delighted: DelightedStandIn;
const zendeskData = zendeskFixture();

beforeAll(async () => {
  db = await openTestDb();
  stripe = await startStripeStandIn(stripeFixture() as never, { apiKey: ENV.STRIPE_API_KEY });
  zendesk = await startZendeskStandIn(zendeskData, {
    email: 'ops@acme.com',
    apiToken: ENV.ZENDESK_API_TOKEN,
    maxPage: 2,
    rateLimit: { path: '/api/v2/incremental/tickets', times: 1 },
  });
  delighted = await startDelightedStandIn(delightedFixture(), {
    apiKey: ENV.DELIGHTED_API_KEY,
    rateLimit: { times: 1 },
  });
}, 120_000);
afterAll(async () => {
  await Promise.all([stripe?.close(), zendesk?.close(), delighted?.close()]);
  await db?.close();
});

async function tickets() {
  const { rows } = await db.db.query<{ rid: string; deleted: boolean; status: string | null }>(
    `SELECT rid, deleted, record->>'status' AS status FROM records WHERE collection = 'tickets' ORDER BY rid`,
  );
  return rows.map((r) => [r.rid, r.deleted ? 'deleted' : r.status]);
}

describe('the server ingests Zendesk and Delighted', () => {
  it('keeps the Zendesk cursor between runs; a deleted ticket becomes a tombstone', async () => {
    await resetDb(db.db);
    const config = parseConfig(
      {
        currency: 'USD',
        rates: FIXTURE_RATES,
        dataThrough: FIXTURE_AS_OF,
        schedule: 0,
        sources: [
          { type: 'stripe', apiKey: 'env:STRIPE_API_KEY', apiBase: stripe.url },
          {
            type: 'zendesk',
            subdomain: 'acme',
            email: 'ops@acme.com',
            apiToken: 'env:ZENDESK_API_TOKEN',
            apiBase: zendesk.url,
          },
          { type: 'delighted', apiKey: 'env:DELIGHTED_API_KEY', apiBase: delighted.url },
        ],
      },
      { env: ENV, configDir: '/', registry: SOURCES },
    );
    const runner = new IngestRunner({
      db: db.db,
      config,
      now: () => new Date('2026-11-16T03:00:00Z'),
      sleep: async () => {},
    });
    await runner.trigger();
    await runner.idle();
    const first = await runner.latest();
    expect(first?.status).toBe('done');
    expect(first?.sources.map((s) => [s.name, s.read, s.attached])).toEqual([
      ['stripe', 5, 3],
      ['zendesk', 7, 5],
      ['delighted', 5, 2],
    ]);
    expect(await tickets()).toEqual([
      ['zendesk:1', 'open'],
      ['zendesk:2', 'solved'],
      ['zendesk:3', 'pending'],
    ]);
    const { rows } = await db.db.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM records WHERE collection = 'surveys' AND NOT deleted`,
    );
    expect(Number(rows[0].n)).toBe(2);

    zendeskChanges(zendeskData);
    zendesk.requests.length = 0;
    await runner.trigger();
    await runner.idle();
    expect((await runner.latest())?.status).toBe('done');
    const ticketRequests = zendesk.requests.filter((q) => q.includes('/tickets/'));
    expect(ticketRequests.length).toBe(2);
    for (const q of ticketRequests) expect(q).toContain('?cursor=');
    expect(await tickets()).toEqual([
      ['zendesk:1', 'solved'],
      ['zendesk:2', 'solved'],
      ['zendesk:3', 'deleted'],
      ['zendesk:6', 'open'],
    ]);
    await runner.stop();
  }, 60_000);
});
