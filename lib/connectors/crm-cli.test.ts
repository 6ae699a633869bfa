/**
 * `ingest --out` end to end with the CRM sources: local stand-ins of the Stripe, HubSpot and
 * Salesforce APIs (documented paths, paging and shapes, one 429 each — Salesforce's as its 403
 * REQUEST_LIMIT_EXCEEDED on the second query) give every account its CRM ids, owner, renewal and
 * first won deal; with `writeBack`, the health score, band and first driver go back into the
 * CRMs' records — exactly the changed ones, once, and nothing on a second unchanged run.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeReport } from '../metrics/index';
import { runIngestCli } from './cli';
import { hubspotFixture } from './hubspot/fixture';
import { type HubSpotStandIn, startHubSpotStandIn } from './hubspot/stand-in';
import { SF_ACME, SF_BETA, salesforceFixture } from './salesforce/fixture';
import { type SalesforceStandIn, startSalesforceStandIn } from './salesforce/stand-in';
import { FIXTURE_RATES, stripeFixture } from './stripe/fixture';
import { type StandIn, startStripeStandIn } from './stripe/stand-in';

const ENV = { STRIPE_API_KEY: 'sk_test_crm', HUBSPOT_TOKEN: 'pat-na1-crm', SF_TOKEN: '00Dcrm!token' };
let dir: string;
let stripe: StandIn;
let hubspot: HubSpotStandIn;
let salesforce: SalesforceStandIn;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'healthbar-crm-ingest-'));
  stripe = await startStripeStandIn(stripeFixture() as never, { apiKey: ENV.STRIPE_API_KEY });
  hubspot = await startHubSpotStandIn(hubspotFixture(), {
    accessToken: ENV.HUBSPOT_TOKEN,
    maxPage: 2,
    rateLimit: { path: '/crm/v3/objects/companies', times: 1, retryAfter: '0' },
  });
  salesforce = await startSalesforceStandIn(salesforceFixture(), {
    accessToken: ENV.SF_TOKEN,
    maxPage: 1,
    rateLimit: { path: '/services/data/v62.0/query', times: 1, status: 403 },
  });
});
afterAll(async () => {
  await Promise.all([stripe?.close(), hubspot?.close(), salesforce?.close()]);
  await rm(dir, { recursive: true, force: true });
});

async function ingest(args: string[], env: Record<string, string> = ENV) {
  let stderr = '';
  const sink = new Writable({
    write(chunk, _enc, cb) {
      stderr += String(chunk);
      cb();
    },
  });
  const code = await runIngestCli(args, { stderr: sink, env, now: () => new Date('2026-11-16T03:00:00Z') });
  return { code, stderr };
}

describe('ingest --out with HubSpot and Salesforce', () => {
  it('CRM ids, owners, domains, renewal and first won deals come from the CRMs; what did not attach is reported', async () => {
    const config = join(dir, 'sources.json');
    await writeFile(
      config,
      JSON.stringify({
        currency: 'USD',
        rates: FIXTURE_RATES,
        dataThrough: '2026-11-15',
        sources: [
          { type: 'stripe', apiKey: 'env:STRIPE_API_KEY', apiBase: stripe.url },
          {
            type: 'hubspot',
            accessToken: 'env:HUBSPOT_TOKEN',
            accountIdProperty: 'healthbar_account_id',
            renewalProperty: 'renewal_date',
            apiBase: hubspot.url,
          },
          {
            type: 'salesforce',
            instanceUrl: salesforce.url,
            accessToken: 'env:SF_TOKEN',
            accountIdField: 'Healthbar_Account_Id__c',
            renewalField: 'Renewal_Date__c',
            filter: "Type = 'Customer'",
          },
        ],
      }),
    );
    const out = join(dir, 'dataset.json');
    const report = join(dir, 'report.json');
    const r = await ingest(['--config', config, '--out', out, '--report', report]);
    // Companies and deals; Accounts and opportunities.
    expect(r.stderr).toContain(
      'hubspot: read 10, attached 7, left out 3 (2 unmatched, 1 unknown currency; e.g. company:103',
    );
    expect(r.stderr).toContain(
      'salesforce: read 7, attached 5, left out 2 (2 unmatched; e.g. salesforce:0068c00000A1b2gAAB: the opportunity has no AccountId)',
    );
    expect(r.code).toBe(0);

    // Paging and the 429s, as the vendors document them.
    expect(hubspot.requests.filter((q) => q.startsWith('GET /crm/v3/objects/companies'))).toEqual([
      expect.stringMatching(/limit=100$/),
      expect.stringMatching(/limit=100$/),
      expect.stringMatching(/limit=100&after=2$/),
    ]);
    expect(hubspot.requests[0]).toContain(
      'properties=name%2Cdomain%2Chubspot_owner_id%2Ccreatedate%2Chealthbar_account_id%2Crenewal_date',
    );
    expect(hubspot.requests.some((q) => q.startsWith('GET /crm/v3/owners'))).toBe(true);
    expect(hubspot.requests.filter((q) => q.startsWith('GET /crm/v3/objects/deals'))).toHaveLength(4);
    expect(
      hubspot.requests.filter((q) => q.startsWith('POST /crm/v4/associations/deals/companies/batch/read')),
    ).toHaveLength(1);
    expect(salesforce.requests.map((q) => q.replace(/\?q=.*/, '?q=…'))).toEqual([
      'GET /services/data/v62.0/query?q=…',
      'GET /services/data/v62.0/query?q=…',
      'GET /services/data/v62.0/query/01gD0000002HU6K000-1',
      'GET /services/data/v62.0/sobjects/Opportunity/describe',
      'GET /services/data/v62.0/query?q=…',
      ...[1, 2, 3, 4].map((n) => `GET /services/data/v62.0/query/01gD0000002HU6K001-${n}`),
    ]);
    expect(decodeURIComponent(salesforce.requests[0].split('?q=')[1].replace(/\+/g, ' '))).toBe(
      "SELECT Id, Name, Website, CreatedDate, Owner.Email, Healthbar_Account_Id__c, Renewal_Date__c FROM Account WHERE Type = 'Customer' ORDER BY Id",
    );

    const dataset = JSON.parse(await readFile(out, 'utf8'));
    const byId = new Map(dataset.accounts.map((a: { id: string }) => [a.id, a]));
    expect(byId.get('acme')).toMatchObject({
      name: 'Acme',
      domains: ['acme.com'],
      crm: { hubspotCompanyId: '101', salesforceAccountId: SF_ACME },
      owner: 'maria@acme.com',
      renewsOn: '2027-01-31',
      dealCreatedOn: '2026-08-20',
      dealClosedOn: '2026-08-28',
    });
    expect(byId.get('stripe:cus_2')).toMatchObject({
      name: 'Beta GmbH',
      domains: ['beta.io'],
      crm: { hubspotCompanyId: '102', salesforceAccountId: SF_BETA },
      dealCreatedOn: '2026-07-01',
      dealClosedOn: '2026-07-30',
    });
    expect((byId.get('stripe:cus_2') as { owner?: string }).owner).toBeUndefined();
    // Deals: one row per HubSpot deal and Salesforce opportunity, on one account, amounts in USD
    // cents (EUR at 1.08), closed ones with their close date and outcome, open ones without.
    expect(dataset.deals).toEqual([
      {
        id: 'hubspot:201',
        accountId: 'acme',
        name: 'Deal 201',
        amount: 100_000,
        stage: 'closedwon',
        createdOn: '2026-08-20',
        closedOn: '2026-08-28',
        won: true,
      },
      {
        id: 'hubspot:202',
        accountId: 'acme',
        name: 'Deal 202',
        amount: 0,
        stage: 'closedwon',
        createdOn: '2026-10-01',
        closedOn: '2026-10-30',
        won: true,
      },
      {
        id: 'hubspot:203',
        accountId: 'stripe:cus_2',
        name: 'Deal 203',
        amount: 100_000,
        stage: 'appointmentscheduled',
        createdOn: '2026-10-01',
      },
      {
        id: 'hubspot:204',
        accountId: 'stripe:cus_2',
        name: 'Deal 204',
        amount: 86_454,
        stage: 'closedlost',
        createdOn: '2026-09-01',
        closedOn: '2026-11-02',
        won: false,
      },
      {
        id: 'hubspot:205',
        accountId: 'stripe:cus_2',
        name: 'Deal 205',
        amount: 250_000,
        stage: 'appointmentscheduled',
        createdOn: '2026-11-01',
      },
      {
        id: 'salesforce:0068c00000A1b2cAAB',
        accountId: 'stripe:cus_2',
        name: 'Beta renewal',
        amount: 1_200_000,
        stage: 'Closed Won',
        createdOn: '2026-07-01',
        closedOn: '2026-07-30',
        won: true,
      },
      {
        id: 'salesforce:0068c00000A1b2dAAB',
        accountId: 'acme',
        name: 'Opportunity 0068c00000A1b2dAAB',
        amount: 400_050,
        stage: 'Closed Lost',
        createdOn: '2026-06-01',
        closedOn: '2026-06-30',
        won: false,
      },
      {
        id: 'salesforce:0068c00000A1b2eAAB',
        accountId: 'acme',
        name: 'Opportunity 0068c00000A1b2eAAB',
        amount: 0,
        stage: 'Negotiation/Review',
        createdOn: '2026-10-20',
      },
    ]);
    const written = JSON.parse(await readFile(report, 'utf8'));
    const sf = written.sources.find((s: { name: string }) => s.name === 'salesforce');
    // First source wins: HubSpot's owner stays; the report says so.
    expect(sf.overriddenExamples).toContainEqual({
      sourceId: `account:${SF_ACME}`,
      why: 'owner: kept "maria@acme.com" from hubspot, not "ops@acme.com"',
    });
  });

  it('createAccounts: the CRM companies Stripe does not know become accounts; a missing token names its variable', async () => {
    const config = join(dir, 'create.json');
    await writeFile(
      config,
      JSON.stringify({
        currency: 'USD',
        dataThrough: '2026-11-15',
        sources: [
          {
            type: 'hubspot',
            accessToken: 'env:HUBSPOT_TOKEN',
            accountIdProperty: 'healthbar_account_id',
            createAccounts: true,
            apiBase: hubspot.url,
          },
        ],
      }),
    );
    const out = join(dir, 'created.json');
    expect((await ingest(['--config', config, '--out', out])).code).toBe(0);
    const dataset = JSON.parse(await readFile(out, 'utf8'));
    expect(dataset.accounts.map((a: { id: string; crm: object }) => [a.id, a.crm])).toEqual([
      ['acme', { hubspotCompanyId: '101' }],
      ['hubspot:102', { hubspotCompanyId: '102' }],
      ['hubspot:103', { hubspotCompanyId: '103' }],
    ]);
    const missing = await ingest(['--config', config, '--out', out], { STRIPE_API_KEY: 'x' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('the environment variable HUBSPOT_TOKEN is not set');
  });
});

describe('write-back into HubSpot and Salesforce', () => {
  it('writes the rounded score, band and first driver of exactly the changed records, once; nothing on an unchanged run', async () => {
    const hs = await startHubSpotStandIn(hubspotFixture(), {
      accessToken: ENV.HUBSPOT_TOKEN,
      rateLimit: { path: '/crm/v3/objects/companies/batch/update', times: 1, retryAfter: '0' },
    });
    const sfData = salesforceFixture();
    const sfs = await startSalesforceStandIn(sfData, {
      accessToken: ENV.SF_TOKEN,
      rateLimit: { path: '/services/data/v62.0/composite/sobjects', times: 1, status: 429 },
    });
    try {
      const config = join(dir, 'writeback.json');
      await writeFile(
        config,
        JSON.stringify({
          currency: 'USD',
          rates: FIXTURE_RATES,
          dataThrough: '2026-11-15',
          sources: [
            { type: 'stripe', apiKey: 'env:STRIPE_API_KEY', apiBase: stripe.url },
            {
              type: 'hubspot',
              accessToken: 'env:HUBSPOT_TOKEN',
              accountIdProperty: 'healthbar_account_id',
              writeBack: { score: 'healthbar_score', band: 'healthbar_band', driver: 'healthbar_driver' },
              apiBase: hs.url,
            },
            {
              type: 'salesforce',
              instanceUrl: sfs.url,
              accessToken: 'env:SF_TOKEN',
              accountIdField: 'Healthbar_Account_Id__c',
              filter: "Type = 'Customer'",
              // Only the band: nothing else is written.
              writeBack: { band: 'Health_Band__c' },
            },
          ],
        }),
      );
      const out = join(dir, 'wb.json');
      const report = join(dir, 'wb-report.json');
      const first = await ingest(['--config', config, '--out', out, '--report', report]);
      expect(first.code).toBe(0);
      const dataset = JSON.parse(await readFile(out, 'utf8'));
      const health = new Map(computeReport(dataset, '2026-11-15').accounts.map((a) => [a.id, a.health]));
      const acme = health.get('acme');
      const beta = health.get('stripe:cus_2');
      if (!acme || !beta) throw new Error('accounts missing');
      // Acme has a score; Beta has none (no seats, no usage): its empty score and band stay empty.
      expect(acme.rounded).not.toBeNull();
      expect([beta.rounded, beta.band]).toEqual([null, null]);

      // HubSpot: companies 101 and 102 (103 attached to no account), in one batch after one 429.
      const batches = hs.requests.filter((q) => q.startsWith('POST /crm/v3/objects/companies/batch/update'));
      expect(batches).toHaveLength(2);
      expect(hs.writes).toEqual([
        {
          id: '101',
          properties: {
            healthbar_score: String(acme.rounded),
            healthbar_band: acme.band,
            healthbar_driver: acme.drivers[0],
          },
        },
        { id: '102', properties: { healthbar_driver: beta.drivers[0] } },
      ]);
      // Salesforce: Acme's band, by its 18-character id; Beta's (unknown, and empty there) is not.
      expect(sfs.writes).toEqual([
        { attributes: { type: 'Account' }, id: SF_ACME, Health_Band__c: acme.band },
      ]);
      expect(first.stderr).toContain('hubspot write-back: 2 written, 0 unchanged, 0 failed');
      expect(first.stderr).toContain('salesforce write-back: 1 written, 1 unchanged, 0 failed');
      const written = JSON.parse(await readFile(report, 'utf8'));
      expect(written.sources.find((s: { name: string }) => s.name === 'hubspot').writeBack).toMatchObject({
        targets: { score: 'healthbar_score', band: 'healthbar_band', driver: 'healthbar_driver' },
        written: 2,
        failed: 0,
        writtenExamples: [
          {
            sourceId: '101',
            why: expect.stringContaining(`healthbar_score = ${JSON.stringify(acme.rounded)}`),
          },
          { sourceId: '102', why: expect.any(String) },
        ],
      });

      // A second run over unchanged data writes nothing.
      hs.writes.length = 0;
      sfs.writes.length = 0;
      const second = await ingest(['--config', config, '--out', out]);
      expect(second.code).toBe(0);
      expect(hs.writes).toEqual([]);
      expect(sfs.writes).toEqual([]);
      expect(
        hs.requests.filter((q) => q.startsWith('POST /crm/v3/objects/companies/batch/update')),
      ).toHaveLength(2);
      expect(second.stderr).toContain('hubspot write-back: 0 written, 2 unchanged, 0 failed');

      // Someone edits one band in Salesforce: only that value is written back.
      const row = sfData.accounts.find((a) => a.Id === SF_ACME);
      if (!row) throw new Error('fixture changed');
      row.Health_Band__c = 'green' === acme.band ? 'red' : 'green';
      const third = await ingest(['--config', config, '--out', out]);
      expect(third.code).toBe(0);
      expect(hs.writes).toEqual([]);
      expect(sfs.writes).toEqual([
        { attributes: { type: 'Account' }, id: SF_ACME, Health_Band__c: acme.band },
      ]);
    } finally {
      await Promise.all([hs.close(), sfs.close()]);
    }
  });
});
