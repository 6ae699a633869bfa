/**
 * `ingest --out` end to end with the support and satisfaction sources: local stand-ins of the
 * Stripe, Zendesk and Delighted APIs (documented paths, paging and shapes, one 429 each) and a
 * survey CSV; a second run reads only the Zendesk changes since the kept cursor.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngestCli } from './cli';
import { FIXTURE_AS_OF, FIXTURE_RATES, stripeFixture } from './stripe/fixture';
import { type StandIn, startStripeStandIn } from './stripe/stand-in';
import { type DelightedStandIn, startDelightedStandIn } from './surveys/delighted-stand-in';
import { delightedFixture } from './surveys/fixture';
import { csvResponseId } from './surveys/mapping';
import { zendeskChanges, zendeskFixture } from './zendesk/fixture';
import { startZendeskStandIn, type ZendeskStandIn } from './zendesk/stand-in';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ENV = { STRIPE_API_KEY: 'sk_test_cli', ZENDESK_API_TOKEN: 'zd_token', DELIGHTED_API_KEY: 'dl_key' };
let dir: string;
let stripe: StandIn;
let zendesk: ZendeskStandIn;
let delighted: DelightedStandIn;
const zendeskData = zendeskFixture();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'healthbar-support-ingest-'));
  stripe = await startStripeStandIn(stripeFixture() as never, { apiKey: ENV.STRIPE_API_KEY });
  zendesk = await startZendeskStandIn(zendeskData, {
    email: 'ops@acme.com',
    apiToken: ENV.ZENDESK_API_TOKEN,
    maxPage: 2,
    rateLimit: { path: '/api/v2/incremental/tickets', times: 1, retryAfter: '0' },
  });
  delighted = await startDelightedStandIn(delightedFixture(), {
    apiKey: ENV.DELIGHTED_API_KEY,
    maxPage: 2,
    rateLimit: { times: 1, retryAfter: '0' },
  });
});
afterAll(async () => {
  await Promise.all([stripe?.close(), zendesk?.close(), delighted?.close()]);
  await rm(dir, { recursive: true, force: true });
});

async function ingest(args: string[]) {
  let stderr = '';
  const sink = new Writable({
    write(chunk, _enc, cb) {
      stderr += String(chunk);
      cb();
    },
  });
  const code = await runIngestCli(args, {
    stderr: sink,
    env: ENV,
    now: () => new Date('2026-11-16T03:00:00Z'),
  });
  return { code, stderr };
}

function reportCli(
  dataset: string,
): Promise<{ id: string; nps: number | null; csat: number | null; support: unknown }[]> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [
        '--import',
        'tsx',
        join(ROOT, 'lib/cli/report.ts'),
        '--dataset',
        dataset,
        '--as-of',
        FIXTURE_AS_OF,
        '--format',
        'json',
      ],
      { cwd: ROOT },
      (error, stdout) => (error ? fail(error) : done(JSON.parse(stdout).accounts)),
    );
  });
}

describe('ingest --out with Zendesk, Delighted and a survey CSV', () => {
  it('tickets, CSAT and NPS come from the sources; the report names what did not attach; a second run reads only changes', async () => {
    await writeFile(
      join(dir, 'nps.csv'),
      [
        'Email,Score,Comment,Date',
        'ann@acme.com,7,"Good, mostly",2026-11-08 22:30:00',
        'x@hotmail.com,3,,2026-11-08',
      ].join('\n'),
    );
    const config = join(dir, 'sources.json');
    await writeFile(
      config,
      JSON.stringify({
        currency: 'USD',
        rates: FIXTURE_RATES,
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
          {
            type: 'surveys-csv',
            name: 'typeform',
            path: 'nps.csv',
            columns: { email: 'Email', score: 'Score', comment: 'Comment', date: 'Date' },
          },
        ],
      }),
    );
    const out = join(dir, 'dataset.json');
    const report = join(dir, 'report.json');
    const first = await ingest([
      '--config',
      config,
      '--as-of',
      FIXTURE_AS_OF,
      '--out',
      out,
      '--report',
      report,
    ]);
    expect(first.code).toBe(0);
    expect(first.stderr.trim().split('\n').slice(1)).toEqual([
      'zendesk: read 7, attached 5, left out 2 (2 unmatched; e.g. org:3: account id "gamma" names no account; no account has the domain gamma.co.uk)',
      'delighted: read 5, attached 2, left out 3 (1 unmatched, 1 invalid, 1 anonymous; e.g. delighted:3: no product user has the e-mail pat@gmail.com; no company domain to match)',
      `typeform: read 2, attached 1, left out 1 (1 unmatched; e.g. ${csvResponseId('x@hotmail.com', '2026-11-08', '3', '')}: no product user has the e-mail x@hotmail.com; no company domain to match)`,
    ]);
    // One 429 each, retried; every ticket request after the first asks with the cursor.
    expect(zendesk.requests.filter((q) => q.includes('tickets/cursor.json?start_time=0'))).toHaveLength(2);
    expect(delighted.requests.filter((q) => q.includes('page=1&'))).toHaveLength(2);

    const rep = JSON.parse(await readFile(report, 'utf8'));
    const zd = rep.sources.find((s: { name: string }) => s.name === 'zendesk');
    expect(zd.examples.unmatched).toEqual([
      {
        sourceId: 'org:3',
        why: 'account id "gamma" names no account; no account has the domain gamma.co.uk',
      },
      { sourceId: 'zendesk:4', why: 'no company domain to match' },
    ]);
    const ds = JSON.parse(await readFile(out, 'utf8'));
    expect(ds.accounts.map((a: { id: string; crm: object }) => [a.id, a.crm])).toEqual([
      ['acme', { zendeskOrganizationId: '1' }],
      ['stripe:cus_2', { zendeskOrganizationId: '2' }],
      ['stripe:cus_4', {}],
    ]);
    expect(ds.tickets.map((t: { id: string; accountId: string }) => [t.id, t.accountId])).toEqual([
      ['zendesk:1', 'acme'],
      ['zendesk:2', 'acme'],
      ['zendesk:3', 'stripe:cus_2'],
    ]);

    // The report CLI on the ingested dataset: the hand-computed support and satisfaction figures.
    const byId = (list: Awaited<ReturnType<typeof reportCli>>) =>
      Object.fromEntries(list.map((a) => [a.id, a]));
    const figures = byId(await reportCli(out));
    // 9 (Delighted) and 7 (the CSV, 22:30 without a zone: 8 Nov): a promoter and a passive → 50.
    expect(figures.acme).toMatchObject({ nps: 50, csat: null });
    expect(figures.acme.support).toEqual({
      openTickets: 1,
      openUrgent: 1,
      tickets30: 2,
      medianFirstResponseHours: 1.25, // 2 h and 0.5 h
      medianResolutionHours: 24,
    });
    expect(figures['stripe:cus_2']).toMatchObject({
      nps: -100, // one response, 4
      support: {
        openTickets: 1,
        openUrgent: 0,
        tickets30: 1,
        medianFirstResponseHours: null,
        medianResolutionHours: null,
      },
    });

    // Second run: only the changes since the kept cursor (ticket 1 solved, 3 deleted, 6 new).
    zendeskChanges(zendeskData);
    zendesk.requests.length = 0;
    const second = await ingest(['--config', config, '--as-of', FIXTURE_AS_OF, '--out', out]);
    expect(second.code).toBe(0);
    const ticketRequests = zendesk.requests.filter((q) => q.includes('/tickets/'));
    expect(ticketRequests).toHaveLength(2); // 3 changes, pages of 2
    for (const q of ticketRequests)
      expect(q).toMatch(/\?cursor=[^&]+&include=metric_sets%2Cusers%2Corganizations$/);
    const ds2 = JSON.parse(await readFile(out, 'utf8'));
    expect(ds2.tickets.map((t: { id: string; status: string }) => [t.id, t.status])).toEqual([
      ['zendesk:1', 'solved'],
      ['zendesk:2', 'solved'],
      ['zendesk:6', 'open'],
    ]);
    const figures2 = byId(await reportCli(out));
    expect(figures2.acme.support).toEqual({
      openTickets: 0,
      openUrgent: 0,
      tickets30: 2,
      medianFirstResponseHours: 1.25,
      medianResolutionHours: 61.5, // 24 h and 99 h (10 Nov 09:00 → 14 Nov 12:00)
    });
    expect(figures2['stripe:cus_2'].support).toEqual({
      openTickets: 1,
      openUrgent: 0,
      tickets30: 1,
      medianFirstResponseHours: 5 / 60,
      medianResolutionHours: null,
    });
  }, 60_000);
});
