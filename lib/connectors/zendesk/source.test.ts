import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '../types';
import { zendeskChanges, zendeskFixture } from './fixture';
import { mapZendesk } from './mapping';
import { readZendesk } from './source';
import { startZendeskStandIn, type ZendeskStandIn, type ZendeskStandInOptions } from './stand-in';

let standIn: ZendeskStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

const EMAIL = 'ops@acme.com';
const TOKEN = 'zd-token';

async function start(data = zendeskFixture(), options: Partial<ZendeskStandInOptions> = {}) {
  standIn = await startZendeskStandIn(data, { email: EMAIL, apiToken: TOKEN, maxPage: 2, ...options });
  return standIn;
}

function reader(s: ZendeskStandIn, apiToken = TOKEN) {
  const sleeps: number[] = [];
  const read = (previous: unknown) =>
    readZendesk(
      {
        name: 'support',
        subdomain: 'acme',
        email: EMAIL,
        apiToken,
        apiBase: new URL(s.url),
        timeoutMs: 5000,
      },
      previous,
      async (ms) => {
        sleeps.push(ms);
      },
    );
  return { read, sleeps };
}

describe('Zendesk source against the stand-in', () => {
  it('pages the cursor export and the organization export, honours one 429, then reads only changes', async () => {
    const data = zendeskFixture();
    const s = await start(data, {
      rateLimit: { path: '/api/v2/incremental/tickets', times: 1, retryAfter: '2' },
    });
    const { read, sleeps } = reader(s);
    const first = await read(undefined);
    expect(sleeps).toEqual([2000]);
    expect(s.requests).toEqual([
      'GET /api/v2/incremental/tickets/cursor.json?start_time=0&include=metric_sets%2Cusers%2Corganizations',
      'GET /api/v2/incremental/tickets/cursor.json?start_time=0&include=metric_sets%2Cusers%2Corganizations',
      expect.stringMatching(/^GET \/api\/v2\/incremental\/tickets\/cursor\.json\?cursor=.+&include=/),
      expect.stringMatching(/^GET \/api\/v2\/incremental\/tickets\/cursor\.json\?cursor=.+&include=/),
      'GET /api/v2/incremental/organizations.json?start_time=0',
      `GET /api/v2/incremental/organizations.json?start_time=${Date.parse('2026-01-02T00:00:00Z') / 1000}`,
    ]);
    expect(Object.keys(first.state.tickets)).toEqual(['1', '2', '3', '4', '5']);
    expect(Object.keys(first.state.users)).toEqual(['100', '101', '102']);
    expect(Object.keys(first.state.organizations)).toEqual(['1', '2', '3']);
    expect(first.state.metricSets['2']?.reply_time_in_minutes?.calendar).toBe(120);

    // The second run starts from the kept cursor and end_time, and sees only the three changes.
    zendeskChanges(data);
    s.requests.length = 0;
    const second = await read(JSON.parse(JSON.stringify({ base: first.base, zendesk: first.state })));
    expect(s.requests).toEqual([
      `GET /api/v2/incremental/tickets/cursor.json?cursor=${encodeURIComponent(first.state.ticketCursor ?? '')}&include=metric_sets%2Cusers%2Corganizations`,
      expect.stringMatching(/cursor=/),
      `GET /api/v2/incremental/organizations.json?start_time=${first.state.organizationTime}`,
    ]);
    const out = mapZendesk(
      {
        tickets: Object.values(second.state.tickets),
        metricSets: Object.values(second.state.metricSets),
        users: Object.values(second.state.users),
        organizations: Object.values(second.state.organizations),
      },
      { asOf: '2026-11-15' },
    );
    expect(out.rows.map((r) => [r.sourceId, (r.record as { status: string }).status])).toEqual([
      ['zendesk:1', 'solved'],
      ['zendesk:2', 'solved'],
      ['zendesk:4', 'open'],
      ['zendesk:6', 'open'],
    ]);
  });

  it('a state kept for another Zendesk account is not reused', async () => {
    const s = await start();
    const { read } = reader(s);
    await read({ base: 'https://other.zendesk.com/', zendesk: { version: 1 } });
    expect(s.requests[0]).toContain('start_time=0');
  });

  it('a wrong token (401) fails the source with its name and what to check', async () => {
    const s = await start();
    const { read } = reader(s, 'wrong');
    await expect(read(undefined)).rejects.toThrow(SourceError);
    await expect(read(undefined)).rejects.toThrow(
      /^support: Zendesk refused the credentials for the ticket export \(401\)\. Check email and apiToken/,
    );
  });

  it('429 five times more than allowed: retried 5 times with Retry-After, then the source fails', async () => {
    const s = await start(zendeskFixture(), {
      rateLimit: { path: '/api/v2/incremental/tickets', times: 99, retryAfter: '1' },
    });
    const { read, sleeps } = reader(s);
    await expect(read(undefined)).rejects.toThrow(
      'support: reading the ticket export still failed after 5 retries: Zendesk answered 429.',
    );
    expect(sleeps).toEqual([1000, 1000, 1000, 1000, 1000]);
  });
});
