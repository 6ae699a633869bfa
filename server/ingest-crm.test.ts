/**
 * The ingest inside the server with a CRM source and write-back: the accounts get their HubSpot
 * ids in the store, the health score goes back into HubSpot after the run, a second unchanged run
 * writes nothing, and a run in which HubSpot cannot be read writes nothing into it (its last good
 * output keeps the ids; the report says why).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../lib/connectors/config';
import { hubspotFixture } from '../lib/connectors/hubspot/fixture';
import { type HubSpotStandIn, startHubSpotStandIn } from '../lib/connectors/hubspot/stand-in';
import { SOURCES } from '../lib/connectors/sources/index';
import { FIXTURE_AS_OF, FIXTURE_RATES, stripeFixture } from '../lib/connectors/stripe/fixture';
import { type StandIn, startStripeStandIn } from '../lib/connectors/stripe/stand-in';
import { IngestRunner } from './ingest';
import { openTestDb, resetDb, type TestDb } from './test/helpers';

const ENV = { STRIPE_API_KEY: 'sk_test_srv_crm', HUBSPOT_TOKEN: 'pat-srv' };
let db: TestDb;
let stripe: StandIn;
let hubspot: HubSpotStandIn;

beforeAll(async () => {
  db = await openTestDb();
  stripe = await startStripeStandIn(stripeFixture() as never, { apiKey: ENV.STRIPE_API_KEY });
  hubspot = await startHubSpotStandIn(hubspotFixture(), {
    accessToken: ENV.HUBSPOT_TOKEN,
    maxPage: 2,
    rateLimit: { path: '/crm/v3/objects/companies/batch', times: 1 },
  });
}, 120_000);
afterAll(async () => {
  await Promise.all([stripe?.close(), hubspot?.close()]);
  await db?.close();
});

describe('the server ingests HubSpot and writes the score back', () => {
  it('ids into the store, the score into HubSpot once; nothing when unchanged or unread', async () => {
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
            type: 'hubspot',
            accessToken: 'env:HUBSPOT_TOKEN',
            accountIdProperty: 'healthbar_account_id',
            writeBack: { score: 'healthbar_score', band: 'healthbar_band' },
            apiBase: hubspot.url,
          },
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
    const { rows } = await db.db.query<{ rid: string; crm: string }>(
      `SELECT rid, record->'crm'->>'hubspotCompanyId' AS crm FROM records
       WHERE collection = 'accounts' AND NOT deleted ORDER BY rid`,
    );
    expect(rows.map((r) => [r.rid, r.crm])).toEqual([
      ['acme', '101'],
      ['stripe:cus_2', '102'],
      ['stripe:cus_4', null],
    ]);
    const hs = first?.sources.find((s) => s.name === 'hubspot');
    // Acme has a score and band; Beta's are unknown and already empty in HubSpot.
    expect(hs?.writeBack).toMatchObject({ written: 1, unchanged: 1, failed: 0 });
    expect(hubspot.writes.map((w) => [w.id, Object.keys(w.properties).sort()])).toEqual([
      ['101', ['healthbar_band', 'healthbar_score']],
    ]);

    await runner.trigger();
    await runner.idle();
    expect((await runner.latest())?.sources.find((s) => s.name === 'hubspot')?.writeBack).toMatchObject({
      written: 0,
      unchanged: 2,
    });
    expect(hubspot.writes).toHaveLength(1);

    await hubspot.close();
    await runner.trigger();
    await runner.idle();
    const third = await runner.latest();
    const unread = third?.sources.find((s) => s.name === 'hubspot');
    expect(third?.status).toBe('done');
    expect(unread?.error).toMatch(/^hubspot: reading the companies still failed after 5 retries/);
    expect(unread?.writeBack?.skipped).toBe(
      'the source could not be read in this run, so nothing was compared or written',
    );
    expect(hubspot.writes).toHaveLength(1);
    await runner.stop();
  }, 60_000);
});
