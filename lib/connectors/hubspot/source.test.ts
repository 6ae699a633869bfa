import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../types';
import { hubspotFixture } from './fixture';
import { mapHubSpot } from './mapping';
import { type HubSpotConfig, readHubSpot, writeHubSpot } from './source';
import {
  type HubSpotStandIn,
  type HubSpotStandInData,
  type HubSpotStandInOptions,
  startHubSpotStandIn,
} from './stand-in';
import { hsDeal, hsDealCompanies } from './testing';

let standIn: HubSpotStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

const TOKEN = 'pat-na1-test';

async function start(
  options: Partial<HubSpotStandInOptions> = {},
  data: HubSpotStandInData = hubspotFixture(),
) {
  standIn = await startHubSpotStandIn(data, { accessToken: TOKEN, maxPage: 2, ...options });
  const sleeps: number[] = [];
  const config: HubSpotConfig = {
    name: 'crm',
    accessToken: TOKEN,
    createAccounts: false,
    apiBase: new URL(standIn.url),
    timeoutMs: 5000,
  };
  const sleep = async (ms: number) => {
    sleeps.push(ms);
  };
  return { s: standIn, config, sleep, sleeps };
}

describe('HubSpot source against the stand-in', () => {
  it('a wrong token (401) fails the source with its name and what to check', async () => {
    const { config, sleep } = await start();
    const read = readHubSpot({ ...config, accessToken: 'wrong' }, sleep);
    await expect(read).rejects.toThrow(SourceError);
    await expect(readHubSpot({ ...config, accessToken: 'wrong' }, sleep)).rejects.toThrow(
      /^crm: HubSpot refused the credentials for the companies \(401\)\. Check accessToken/,
    );
  });

  it('429 more than five times: retried 5 times with Retry-After, then the source fails', async () => {
    const { config, sleep, sleeps } = await start({
      rateLimit: { path: '/crm/v3/objects/companies', times: 99, retryAfter: '2' },
    });
    await expect(readHubSpot(config, sleep)).rejects.toThrow(
      'crm: reading the companies still failed after 5 retries: HubSpot answered 429.',
    );
    expect(sleeps).toEqual([2000, 2000, 2000, 2000, 2000]);
  });

  it('batch update: written ids, and the ids HubSpot names in a 207 error as failed with its message', async () => {
    const { s, config, sleep } = await start();
    const r = await writeHubSpot(
      config,
      [
        { id: '101', values: { hb_score: 72, hb_band: 'yellow' } },
        { id: '999', values: { hb_score: null } },
      ],
      sleep,
    );
    expect(r).toEqual({
      written: ['101'],
      failed: [
        { id: '999', why: 'HubSpot: Could not get some COMPANY objects, they may be deleted or not exist.' },
      ],
    });
    expect(s.writes).toEqual([{ id: '101', properties: { hb_score: '72', hb_band: 'yellow' } }]);
  });

  it('more than 100 companies go in batches of 100; a refused batch marks its companies failed', async () => {
    const { s, config, sleep } = await start();
    const writes = Array.from({ length: 150 }, (_, i) => ({
      id: i === 0 ? '101' : `9${i}`,
      values: { p: 'x' },
    }));
    const r = await writeHubSpot(config, writes, sleep);
    expect(s.requests.filter((q) => q.startsWith('POST'))).toHaveLength(2);
    expect(r.written).toEqual(['101']);
    expect(r.failed).toHaveLength(149);
    const refused = await writeHubSpot({ ...config, accessToken: 'wrong' }, writes.slice(0, 2), sleep);
    expect(refused.written).toEqual([]);
    expect(refused.failed.map((f) => f.why)).toEqual([
      expect.stringMatching(/^crm: HubSpot refused the credentials for the company update \(401\)/),
      expect.stringMatching(/^crm: HubSpot refused the credentials for the company update \(401\)/),
    ]);
  });
});

describe('HubSpot deals and their companies against the stand-in', () => {
  it('every deal page, then every deal’s companies (v4 batch read, pages followed) after one 429', async () => {
    const { s, config, sleep, sleeps } = await start({
      maxPage: 1,
      rateLimit: { path: '/crm/v4/associations', times: 1, retryAfter: '1' },
    });
    const read = await readHubSpot(config, sleep);
    expect(read.deals.map((d) => (d as { id: string }).id)).toEqual([
      '201',
      '202',
      '203',
      '204',
      '205',
      '206',
      '207',
    ]);
    expect(s.requests.filter((q) => q.startsWith('GET /crm/v3/objects/deals'))).toEqual([
      'GET /crm/v3/objects/deals?properties=createdate%2Cclosedate%2Chs_is_closed%2Chs_is_closed_won%2Camount%2Cdeal_currency_code%2Cdealstage%2Cdealname&limit=100',
      ...[1, 2, 3, 4, 5, 6].map(
        (n) =>
          `GET /crm/v3/objects/deals?properties=createdate%2Cclosedate%2Chs_is_closed%2Chs_is_closed_won%2Camount%2Cdeal_currency_code%2Cdealstage%2Cdealname&limit=100&after=${n}`,
      ),
    ]);
    // One 429 (waited Retry-After), the batch again, then 205's second company with its cursor.
    expect(sleeps).toEqual([1000]);
    expect(s.requests.filter((q) => q.startsWith('POST /crm/v4'))).toHaveLength(3);
    const output = mapHubSpot(read, {
      asOf: '2026-11-15',
      createAccounts: true,
      money: { currency: 'USD', rates: new Map([['EUR', 1.08]]) },
    });
    const deal205 = output.rows.find((r) => r.sourceId === 'hubspot:205');
    expect(deal205?.account).toEqual({ refs: ['company:102'] });
  });

  it('more than 100 deals: their companies are asked 100 at a time (HubSpot’s limit)', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => String(1000 + i));
    const { s, config, sleep } = await start(
      { maxPage: 100 },
      {
        companies: [],
        owners: [],
        deals: ids.map((id) => hsDeal(id, { created: '2026-10-01T00:00:00.000Z', won: false })),
        dealCompanies: ids.map((id) => hsDealCompanies(id, ['101'], '101')),
      },
    );
    const read = await readHubSpot(config, sleep);
    expect(s.requests.filter((q) => q.startsWith('POST /crm/v4'))).toHaveLength(2);
    expect(read.dealCompanies).toHaveLength(150);
  });
});
