import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../types';
import { hubspotFixture } from './fixture';
import { type HubSpotConfig, readHubSpot, writeHubSpot } from './source';
import { type HubSpotStandIn, type HubSpotStandInOptions, startHubSpotStandIn } from './stand-in';

let standIn: HubSpotStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

const TOKEN = 'pat-na1-test';

async function start(options: Partial<HubSpotStandInOptions> = {}) {
  standIn = await startHubSpotStandIn(hubspotFixture(), { accessToken: TOKEN, maxPage: 2, ...options });
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
