import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runIngestCli } from './cli';
import { FIXTURE_AS_OF, FIXTURE_RATES, stripeFixture } from './stripe/fixture';
import { type StandIn, type StandInOptions, startStripeStandIn } from './stripe/stand-in';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const KEY = 'sk_test_cli';
let dir: string;
let standIn: StandIn | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'healthbar-ingest-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

async function config(name: string, extra: Record<string, unknown> = {}, opts: Partial<StandInOptions> = {}) {
  standIn = await startStripeStandIn(stripeFixture() as never, {
    apiKey: KEY,
    maxPage: 2,
    linesPerInvoice: 2,
    ...opts,
  });
  const path = join(dir, `${name}.config.json`);
  await writeFile(
    path,
    JSON.stringify({
      currency: 'USD',
      rates: FIXTURE_RATES,
      plans: [
        { id: 'team', name: 'Team', tier: 1, features: [] },
        { id: 'growth', name: 'Growth', tier: 2, features: [] },
        { id: 'solo', name: 'Solo', tier: 0, features: [] },
      ],
      sources: [
        { type: 'stripe', apiKey: 'env:STRIPE_API_KEY', apiBase: standIn.url, timeoutMs: 2000, ...extra },
      ],
    }),
  );
  return path;
}

async function ingest(
  args: string[],
  env: Record<string, string> = { STRIPE_API_KEY: KEY },
  now = '2026-11-16T03:04:05.678Z',
) {
  let stderr = '';
  const sink = new Writable({
    write(chunk, _enc, cb) {
      stderr += String(chunk);
      cb();
    },
  });
  const code = await runIngestCli(args, { stderr: sink, env, now: () => new Date(now) });
  return { code, stderr };
}

function runNode(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(ROOT, script), ...args],
      { cwd: ROOT, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: number }).code ?? -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

describe('npm run ingest', () => {
  it('Stripe stand-in → dataset → the report CLI shows the hand-computed MRR', async () => {
    const cfg = await config('e2e', {}, { rateLimit: { path: '/v1/invoices', times: 1 } });
    const out = join(dir, 'e2e.json');
    const report = join(dir, 'e2e.report.json');
    const r = await runNode(
      'lib/connectors/cli.ts',
      ['--config', cfg, '--as-of', FIXTURE_AS_OF, '--out', out, '--report', report],
      {
        STRIPE_API_KEY: KEY,
      },
    );
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      'stripe: read 5, attached 3, left out 2 (1 invalid, 1 unknown currency; e.g. cus_5: malformed customer: metadata: Invalid input: expected record, received string)',
    ]);
    expect(r.code).toBe(0);
    expect(standIn?.requests.filter((q) => q.startsWith('GET /v1/invoices?'))).toHaveLength(1 + 3); // the 429, then 3 pages of 2

    const rep = JSON.parse(await readFile(report, 'utf8'));
    expect(rep).toEqual({
      generatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      asOf: FIXTURE_AS_OF,
      sources: [
        {
          name: 'stripe',
          type: 'stripe',
          read: 5,
          attached: 3,
          leftOut: {
            unmatched: 0,
            ambiguous: 0,
            invalid: 1,
            unknownCurrency: 1,
            anonymous: 0,
            zonelessTimestamp: 0,
          },
          examples: {
            invalid: [
              {
                sourceId: 'cus_5',
                why: 'malformed customer: metadata: Invalid input: expected record, received string',
              },
            ],
            unknownCurrency: [
              { sourceId: 'cus_3', why: 'invoice in_3 line il_3 is in GBP, which has no rate in the config' },
            ],
          },
          overridden: 0,
          overriddenExamples: [],
        },
      ],
    });

    const figures = await runNode('lib/cli/report.ts', ['--dataset', out, '--format', 'json']);
    expect(figures.code).toBe(0);
    const accounts = JSON.parse(figures.stdout).accounts as {
      id: string;
      name: string;
      mrr: number;
      arr: number;
      renewsInDays: number | null;
    }[];
    expect(accounts.map((a) => [a.id, a.name, a.mrr, a.arr, a.renewsInDays]).sort()).toEqual([
      ['acme', 'Acme', 11000, 132000, null],
      ['stripe:cus_2', 'Beta GmbH', 10800, 129600, 259], // 2026-11-15 → 2027-08-01
      ['stripe:cus_4', 'cus_4', 2000, 24000, null],
    ]);
    const ds = JSON.parse(await readFile(out, 'utf8'));
    expect(ds.accounts.find((a: { id: string }) => a.id === 'acme')).toMatchObject({
      seats: 2,
      planId: 'team',
      startedOn: '2026-09-01',
      domains: ['acme.com'],
    });
    const state = JSON.parse(await readFile(`${out}.state.json`, 'utf8'));
    expect(state.sources).toEqual({ stripe: { lastCompleteDay: FIXTURE_AS_OF } });
  });

  it('a second run that changes nothing keeps updatedAt; the state file sits next to --out', async () => {
    const cfg = await config('again');
    const out = join(dir, 'again.json');
    expect((await ingest(['--config', cfg, '--as-of', FIXTURE_AS_OF, '--out', out])).code).toBe(0);
    const first = JSON.parse(await readFile(out, 'utf8'));
    expect(first.accounts[0].updatedAt).toBe('2026-11-16T03:04:05Z');
    const r = await ingest(
      ['--config', cfg, '--as-of', FIXTURE_AS_OF, '--out', out],
      undefined,
      '2026-11-17T03:00:00Z',
    );
    expect(r.code).toBe(0);
    const second = JSON.parse(await readFile(out, 'utf8'));
    expect(second.generatedAt).toBe('2026-11-17T03:00:00Z');
    expect(second.accounts.map((a: { updatedAt: string }) => a.updatedAt)).toEqual([
      '2026-11-16T03:04:05Z',
      '2026-11-16T03:04:05Z',
      '2026-11-16T03:04:05Z',
    ]);
  });

  it('a wrong key (401) names the source and exits 2 without writing the dataset', async () => {
    const cfg = await config('badkey');
    const out = join(dir, 'badkey.json');
    const report = join(dir, 'badkey.report.json');
    const r = await ingest(['--config', cfg, '--out', out, '--report', report, '--as-of', FIXTURE_AS_OF], {
      STRIPE_API_KEY: 'sk_test_wrong',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^healthbar ingest: stripe: Stripe refused the API key \(401: Invalid API Key provided/,
    );
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.state.json`)).toBe(false);
    const rep = JSON.parse(await readFile(report, 'utf8'));
    expect(rep.sources[0]).toMatchObject({ name: 'stripe', read: 0, error: expect.stringContaining('401') });
  });

  it('a stalled Stripe is bounded by timeoutMs: exit 2', async () => {
    const cfg = await config('stall', { timeoutMs: 200 }, { stall: '/v1/customers' });
    const out = join(dir, 'stall.json');
    const started = Date.now();
    const r = await ingest(['--config', cfg, '--out', out, '--as-of', FIXTURE_AS_OF]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('stripe: Stripe did not answer customers within 200 ms');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    [['--out', 'x.json'], '--config FILE is required.'],
    [['--config', 'c.json'], 'give exactly one of --out FILE and --server URL.'],
    [
      ['--config', 'c.json', '--out', 'x', '--server', 'http://127.0.0.1:1', '--token', 't'],
      'give exactly one of',
    ],
    [['--config', 'c.json', '--server', 'http://127.0.0.1:1'], '--server needs --token T'],
    [['--config', 'c.json', '--out', 'x', '--as-of', '2026-02-30'], '--as-of must be a date YYYY-MM-DD'],
    [['--config', 'c.json', '--out', 'x', '--bogus'], "Unknown option '--bogus'"],
  ])('bad usage %j exits 1', async (args, message) => {
    const r = await ingest(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
  });

  it('a missing environment variable or a bad config exits 1 naming it', async () => {
    const cfg = await config('noenv');
    const r = await ingest(['--config', cfg, '--out', join(dir, 'noenv.json')], {});
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'healthbar ingest: sources[0] (stripe).apiKey: the environment variable STRIPE_API_KEY is not set.\n',
    );
    const bad = join(dir, 'bad.config.json');
    await writeFile(
      bad,
      JSON.stringify({ currency: 'USD', sources: [{ type: 'stripe', apiKey: 'k', apiBase: 'ftp://x' }] }),
    );
    const r2 = await ingest(['--config', bad, '--out', join(dir, 'bad.json')]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain('sources[0] (stripe).apiBase');
  });
});
