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

describe('deals from HubSpot in the server', () => {
  it('reach the store; an unchanged run rewrites none; a changed deal alone is rewritten; a deal gone from HubSpot is deleted', async () => {
    await resetDb(db.db);
    const data = hubspotFixture();
    const hs = await startHubSpotStandIn(data, { accessToken: ENV.HUBSPOT_TOKEN, maxPage: 2 });
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
            apiBase: hs.url,
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
    const run = async () => {
      await runner.trigger();
      await runner.idle();
      expect((await runner.latest())?.status).toBe('done');
    };
    const deals = async () =>
      (
        await db.db.query<{
          rid: string;
          seq: string;
          deleted: boolean;
          account: string | null;
          stage: string | null;
        }>(
          `SELECT rid, seq::text AS seq, deleted, record->>'accountId' AS account, record->>'stage' AS stage
           FROM records WHERE collection = 'deals' ORDER BY rid`,
        )
      ).rows;
    try {
      await run();
      const first = await deals();
      expect(first.map((d) => [d.rid, d.account, d.stage, d.deleted])).toEqual([
        ['hubspot:201', 'acme', 'closedwon', false],
        ['hubspot:202', 'acme', 'closedwon', false],
        ['hubspot:203', 'stripe:cus_2', 'appointmentscheduled', false],
        ['hubspot:204', 'stripe:cus_2', 'closedlost', false],
        ['hubspot:205', 'stripe:cus_2', 'appointmentscheduled', false],
      ]);
      const hsReport = (await runner.latest())?.sources.find((s) => s.name === 'hubspot');
      expect(hsReport?.examples.unmatched).toContainEqual({
        sourceId: 'hubspot:206',
        why: 'company:103 attached to no account',
      });
      expect(hsReport?.examples.unknownCurrency).toEqual([
        { sourceId: 'hubspot:207', why: 'its amount is in CHF, which has no rate in the config' },
      ]);

      // Nothing changed in HubSpot: no deal is written again.
      await run();
      expect(await deals()).toEqual(first);

      // 203 moves on a stage; 205 is deleted in HubSpot.
      const d203 = data.deals.find((d) => d.id === '203');
      if (!d203) throw new Error('fixture changed');
      d203.properties.dealstage = 'contractsent';
      data.deals = data.deals.filter((d) => d.id !== '205');
      await run();
      const third = await deals();
      const seq = (rows: typeof first, id: string) => rows.find((d) => d.rid === id)?.seq;
      for (const id of ['hubspot:201', 'hubspot:202', 'hubspot:204'])
        expect(seq(third, id)).toBe(seq(first, id));
      expect(third.find((d) => d.rid === 'hubspot:203')).toMatchObject({
        stage: 'contractsent',
        deleted: false,
      });
      expect(seq(third, 'hubspot:203')).not.toBe(seq(first, 'hubspot:203'));
      expect(third.find((d) => d.rid === 'hubspot:205')?.deleted).toBe(true);
    } finally {
      await runner.stop();
      await hs.close();
    }
  }, 60_000);
});
