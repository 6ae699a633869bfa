import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parse as csvParseSync } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetToCsvFiles } from '../dataset/csv';
import { parseDataset } from '../dataset/parse';
import type { Dataset } from '../dataset/schema';
import { moneyFormatter, parseCliArgs, runReport, UsageError } from './report';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'lib/cli/report.ts');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CLI, ...args],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? -1) : 0;
        done({ code: typeof code === 'number' ? code : -1, stdout, stderr });
      },
    );
  });
}

let dir: string;
const p = (name: string) => join(dir, name);

const day = (n: number) => new Date(Date.UTC(2026, 9, 31) - n * 86_400_000).toISOString().slice(0, 10);
const fixture = {
  schemaVersion: 1,
  currency: 'EUR',
  dataThrough: '2026-10-31',
  features: [
    { key: 'reports', name: 'Reports' },
    { key: 'api', name: 'API' },
  ],
  accounts: [
    {
      id: 'a1',
      name: 'Acme, "the" company',
      domains: ['acme.com'],
      crm: {},
      seats: 10,
      renewsOn: '2026-12-15',
      updatedAt: '2026-10-01T00:00:00Z',
    },
    { id: 'a2', name: 'Beta', domains: [], crm: {}, updatedAt: '2026-10-01T00:00:00Z' },
    { id: 'a3', name: 'Broken', domains: 'oops', crm: {}, updatedAt: '2026-10-01T00:00:00Z' },
  ],
  revenue: [
    { accountId: 'a1', month: '2025-10', mrr: 100000 },
    { accountId: 'a1', month: '2026-10', mrr: 123456 },
    { accountId: 'a2', month: '2026-10', mrr: 5000 },
  ],
  usage: Array.from({ length: 60 }, (_, i) => ({
    accountId: 'a1',
    date: day(i),
    dau: 4,
    wau: 6,
    mau: 8,
    minutes: 30,
    sessions: 5,
  })),
  users: [
    {
      accountId: 'a1',
      id: 'u1',
      champion: true,
      lastSeenOn: '2026-10-30',
      features: { reports: '2026-10-29' },
    },
  ],
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'healthbar-cli-'));
  const withDupe = {
    ...fixture,
    accounts: [...fixture.accounts, { ...fixture.accounts[1], name: 'Beta (later)' }],
  };
  await writeFile(p('data.json'), JSON.stringify(withDupe));
  await writeFile(p('v2.json'), JSON.stringify({ ...fixture, schemaVersion: 2 }));
  await writeFile(p('no-dates.json'), JSON.stringify({ ...fixture, dataThrough: undefined, usage: [] }));
  await writeFile(p('settings.json'), JSON.stringify({ weights: { engagement: 50 } }));
  await writeFile(p('bad-settings.json'), JSON.stringify({ weights: { engagement: 'lots' } }));
  await writeFile(p('not-json.json'), '{ nope');
  const parsed = parseDataset(fixture);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const files = datasetToCsvFiles(parsed.dataset as Dataset);
  await mkdir(p('csv-nocurrency'));
  for (const [name, text] of Object.entries(files)) {
    if (name !== 'dataset.csv') await writeFile(join(p('csv-nocurrency'), name), text);
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI's `runReport` in this process with collecting streams. */
async function runInProcess(args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) =>
    new Writable({
      write(chunk, _enc, cb) {
        into.push(String(chunk));
        cb();
      },
    });
  const code = await runReport(args, { stdout: sink(out), stderr: sink(err) });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

function noStack(r: Run) {
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

let jsonRun: Promise<Run> | undefined;
/** The full JSON report (spawned once, shared by two tests). */
const jsonAll = () => {
  jsonRun ??= run(['--dataset', p('data.json'), '--format', 'json']);
  return jsonRun;
};

describe('report CLI (spawned)', () => {
  it.concurrent('json: prints exactly the Report JSON; rejections and replacements go to stderr', async () => {
    const r = await jsonAll();
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(['asOf', 'currency', 'portfolio', 'accounts']);
    expect(report.asOf).toBe('2026-10-31');
    expect(report.currency).toBe('EUR');
    expect(report.portfolio.accounts).toBe(2);
    expect(report.portfolio.mrr).toBe(128456);
    expect(report.accounts.map((a: { id: string; name: string }) => [a.id, a.name])).toEqual([
      ['a1', 'Acme, "the" company'],
      ['a2', 'Beta (later)'],
    ]);
    const a1 = report.accounts[0];
    for (const k of ['id', 'name', 'mrr', 'arr', 'nrr', 'usage', 'support', 'health', 'signals'])
      expect(a1).toHaveProperty(k);
    expect(Object.keys(a1.usage.featureAdoption)).toEqual(['reports', 'api']);
    expect(r.stderr).toContain('1 record was rejected (accounts 1):');
    expect(r.stderr).toContain('accounts[2] (a3): domains must be a list (found "oops")');
    expect(r.stderr).toContain('accounts[3] (a2) replaces accounts[1], which has the same id');
    noStack(r);
  });

  it.concurrent('--account keeps the portfolio whole and lists only that account', async () => {
    const [all, one] = await Promise.all([
      jsonAll(),
      run(['--dataset', p('data.json'), '--format', 'json', '--account', 'a2']),
    ]);
    expect(one.code).toBe(0);
    const a = JSON.parse(all.stdout);
    const b = JSON.parse(one.stdout);
    expect(b.portfolio).toEqual(a.portfolio);
    expect(b.accounts).toEqual([a.accounts[1]]);
  });

  it.concurrent('csv: fixed leading columns, RFC 4180 quoting, empty cells for null', async () => {
    const r = await run(['--dataset', p('data.json'), '--format', 'csv']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\r\n');
    expect(lines[0].startsWith('id,name,mrr,arr,nrr,score,band,delta30,renewsInDays,signals,')).toBe(true);
    expect(lines[0]).toContain(',usage.featureAdoption.reports,usage.featureAdoption.api,');
    expect(lines[0]).toContain(',usage.heatmap,');
    expect(lines[0]).not.toContain('points');
    expect(lines[1].startsWith('a1,"Acme, ""the"" company",123456,1481472,')).toBe(true);
    const rows = csvParseSync(r.stdout, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    expect(rows[1].nrr).toBe(''); // a2 has no revenue a year ago: null
    expect(rows[0]['usage.heatmap'].split(';')).toHaveLength(84);
  });

  it.concurrent('table: summary and aligned rows, money in the currency, — for null', async () => {
    const r = await run(['--dataset', p('data.json'), '--settings', p('settings.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Healthbar report as of 2026-10-31 (EUR)');
    expect(r.stdout).toContain('€1,284.56');
    expect(r.stdout).toContain('—');
    const header = r.stdout.split('\n').find((l) => l.startsWith('Account '));
    expect(header).toMatch(/^Account\s+MRR\s+NRR\s+Score\s+Band\s+Δ30\s+Renewal\s+Signals$/);
    expect(r.stdout).toMatch(/Beta \(later\)\s+€50\.00\s+—/);
  });

  it('reads a CSV folder with --currency (in process)', async () => {
    const r = await runInProcess([
      '--dataset',
      p('csv-nocurrency'),
      '--currency',
      'usd',
      '--format',
      'json',
      '--as-of',
      '2026-10-31',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).currency).toBe('USD');
  });

  it('reports feature-demand in json and table, and reads featureDemandUsers from --settings (in process)', async () => {
    const ds = {
      schemaVersion: 1,
      currency: 'JPY',
      dataThrough: '2026-10-31',
      plans: [
        { id: 'pro', name: 'Pro', tier: 2, features: ['reports', 'api'] },
        { id: 'basic', name: 'Basic', tier: 1, features: ['reports'] },
      ],
      features: [
        { key: 'reports', name: 'Reports' },
        { key: 'api', name: 'API' },
      ],
      accounts: [
        { id: 'k1', name: 'Kappa', domains: [], crm: {}, planId: 'basic', updatedAt: '2026-10-01T00:00:00Z' },
      ],
      users: ['u1', 'u2'].map((id) => ({
        accountId: 'k1',
        id,
        champion: false,
        lastSeenOn: day(1),
        features: { api: day(2) },
      })),
    };
    await writeFile(p('demand.json'), JSON.stringify(ds));
    await writeFile(p('demand-settings.json'), JSON.stringify({ featureDemandUsers: 2 }));
    const json = await runInProcess(['--dataset', p('demand.json'), '--format', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).accounts[0].signals).toEqual([
      {
        id: 'feature-demand',
        kind: 'upsell',
        severity: 'low',
        evidence: '2 users used API, which Basic does not include, in the last 30 days.',
        action: 'Show them the plan that includes it: Pro.',
      },
    ]);
    const table = await runInProcess(['--dataset', p('demand.json')]);
    expect(table.stdout.split('\n').find((l) => l.startsWith('Kappa'))).toMatch(/feature-demand$/);
    const two = await runInProcess([
      '--dataset',
      p('demand.json'),
      '--format',
      'json',
      '--settings',
      p('demand-settings.json'),
    ]);
    expect(JSON.parse(two.stdout).accounts[0].signals[0].severity).toBe('medium');
  });

  it.concurrent.each([[['--dataset', 'DATA', '--bogus'], /Unknown option --bogus/]])(
    'exit 1 for bad usage: %j',
    async (args, message) => {
      const r = await run(args.map((a) => (a === 'DATA' ? p('data.json') : a)));
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      noStack(r);
    },
  );

  it.concurrent.each([
    [
      p.bind(null, 'v2.json'),
      /Unknown schemaVersion 2: this file was made for a newer Healthbar; update the extension/,
    ],
  ])('exit 2 when the dataset is unusable (%#)', async (path, message) => {
    const r = await run(['--dataset', path()]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    noStack(r);
  });

  it('--history adds healthHistory to json only; table and csv are unchanged (in process)', async () => {
    const base = ['--dataset', p('data.json'), '--as-of', '2026-10-31'];
    const [json, jsonH, csv, csvH, table, tableH] = await Promise.all([
      runInProcess([...base, '--format', 'json']),
      runInProcess([...base, '--format', 'json', '--history']),
      runInProcess([...base, '--format', 'csv']),
      runInProcess([...base, '--format', 'csv', '--history']),
      runInProcess(base),
      runInProcess([...base, '--history']),
    ]);
    expect(jsonH.code).toBe(0);
    const plain = JSON.parse(json.stdout);
    const withHistory = JSON.parse(jsonH.stdout);
    const a1 = withHistory.accounts[0];
    expect(a1.healthHistory).toHaveLength(26);
    expect(a1.healthHistory[0].date).toBe('2026-05-09');
    expect(a1.healthHistory[0].change).toBeNull();
    expect(a1.healthHistory[25]).toMatchObject({
      date: '2026-10-31',
      score: a1.health.score,
      band: a1.health.band,
      points: a1.health.points,
    });
    expect(Object.keys(a1.healthHistory[25].change)).toEqual([
      'component',
      'signalsAppeared',
      'signalsCleared',
    ]);
    expect(plain.accounts[0].healthHistory).toBeUndefined();
    expect(
      withHistory.accounts.map(({ healthHistory: _, ...rest }: { healthHistory: unknown }) => rest),
    ).toEqual(plain.accounts);
    expect(csvH.stdout).toBe(csv.stdout);
    expect(tableH.stdout).toBe(table.stdout);
  });

  it('the deal figures: in json always, in the table only when the dataset has deals, never in csv (in process)', async () => {
    const deals = [
      { id: 'hubspot:1', accountId: 'a1', amount: 150_000, stage: 'proposal', createdOn: '2026-10-01' },
      {
        id: 'hubspot:2',
        accountId: 'a1',
        amount: 80_000,
        stage: 'won',
        createdOn: '2026-01-01',
        closedOn: '2026-02-01',
        won: true,
      },
      {
        id: 'hubspot:3',
        accountId: 'a2',
        amount: 20_000,
        stage: 'lost',
        createdOn: '2026-01-01',
        closedOn: '2026-03-01',
        won: false,
      },
    ];
    await writeFile(p('deals.json'), JSON.stringify({ ...fixture, deals }));
    await writeFile(p('no-deals.json'), JSON.stringify(fixture));
    const base = ['--as-of', '2026-10-31'];
    const [json, table, csv, plainJson, plainTable, plainCsv] = await Promise.all([
      runInProcess(['--dataset', p('deals.json'), ...base, '--format', 'json']),
      runInProcess(['--dataset', p('deals.json'), ...base]),
      runInProcess(['--dataset', p('deals.json'), ...base, '--format', 'csv']),
      runInProcess(['--dataset', p('no-deals.json'), ...base, '--format', 'json']),
      runInProcess(['--dataset', p('no-deals.json'), ...base]),
      runInProcess(['--dataset', p('no-deals.json'), ...base, '--format', 'csv']),
    ]);
    expect(JSON.parse(json.stdout).portfolio).toMatchObject({
      pipelineValue: 150_000,
      winRate: 0.5,
      avgDealSize: 80_000,
    });
    expect(JSON.parse(plainJson.stdout).portfolio).toMatchObject({
      pipelineValue: null,
      winRate: null,
      avgDealSize: null,
    });
    expect(table.stdout).toMatch(/Pipeline +€1,500\.00 +Win rate \(365 d\) +50\.0%/);
    expect(table.stdout).toMatch(/Avg deal size +€800\.00\n/);
    expect(plainTable.stdout).not.toMatch(/Pipeline|Win rate|deal size/);
    // The table is the old one plus the two deal lines.
    const dealLines = table.stdout.split('\n').filter((l) => /^(Pipeline|Avg deal size) /.test(l));
    expect(dealLines).toHaveLength(2);
    expect(table.stdout.split('\n').filter((l) => !dealLines.includes(l))).toEqual(
      plainTable.stdout.split('\n'),
    );
    expect(csv.stdout).toBe(plainCsv.stdout);
  });

  it('--help prints the usage (in process)', async () => {
    const r = await runInProcess(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--dataset PATH');
  });

  it.concurrent('runs through npm run --silent report', async () => {
    const r = await new Promise<Run>((done) => {
      execFile(
        'npm',
        [
          'run',
          '--silent',
          'report',
          '--',
          '--dataset',
          p('data.json'),
          '--format',
          'json',
          '--account',
          'a1',
        ],
        { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) =>
          done({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr }),
      );
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).accounts.map((a: { id: string }) => a.id)).toEqual(['a1']);
  });
});

describe('runReport (in process: every message)', () => {
  it.each([
    [['--dataset', 'x.json', '--bogus'], /Unknown option --bogus/],
    [['--dataset', 'x.json', '--as-of', '2026-02-30'], /--as-of "2026-02-30" is not a calendar date/],
    [['--dataset', 'x.json', '--format', 'xml'], /Unknown --format "xml": use table, json or csv/],
    [['--as-of', '2026-10-31'], /Missing --dataset PATH/],
    [['--dataset'], /--dataset needs a value/],
    [['--dataset', 'x.json', 'extra'], /Unexpected argument "extra"/],
    [['--dataset', 'x.json', '--currency', 'dollars'], /--currency "dollars" is not an ISO 4217 code/],
    [
      ['--dataset', 'DATA', '--settings', 'MISSING'],
      /Cannot read the settings file .*missing-settings\.json: no such file/,
    ],
    [
      ['--dataset', 'DATA', '--settings', 'BAD_SETTINGS'],
      /settings file .* is invalid: setting "weights.engagement"/,
    ],
    [['--dataset', 'DATA', '--settings', 'NOT_JSON'], /settings file .* is not valid JSON/],
    [
      ['--dataset', 'DATA', '--account', 'zz'],
      /unknown --account "zz": no account in the dataset has that id \(ids look like a1, a2\)/,
    ],
    [['--dataset', 'NO_DATES'], /no as-of date.*Pass --as-of YYYY-MM-DD/],
  ])('exit 1 for bad usage (in process): %j', async (args, message) => {
    const subst: Record<string, string> = {
      DATA: p('data.json'),
      MISSING: p('missing-settings.json'),
      BAD_SETTINGS: p('bad-settings.json'),
      NOT_JSON: p('not-json.json'),
      NO_DATES: p('no-dates.json'),
    };
    const r = await runInProcess(args.map((a) => subst[a] ?? a));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    noStack(r);
  });

  it.each([
    [p.bind(null, 'missing.json'), /cannot be used\. Cannot read .*missing\.json: no such file or folder/],
    [
      p.bind(null, 'v2.json'),
      /Unknown schemaVersion 2: this file was made for a newer Healthbar; update the extension/,
    ],
    [p.bind(null, 'not-json.json'), /is not valid JSON/],
    [p.bind(null, 'csv-nocurrency'), /has no dataset\.csv .* no currency was given \(--currency/],
  ])('exit 2 when the dataset is unusable (in process, %#)', async (path, message) => {
    const r = await runInProcess(['--dataset', path()]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    noStack(r);
  });
});

describe('report CLI helpers', () => {
  it('parses flags', () => {
    expect(parseCliArgs(['--dataset', 'd', '--account', 'a', '--account=b', '--format=csv'])).toEqual({
      dataset: 'd',
      asOf: undefined,
      settings: undefined,
      accounts: ['a', 'b'],
      format: 'csv',
      currency: undefined,
      history: false,
    });
    expect(parseCliArgs(['--dataset', 'd', '--history'])).toMatchObject({ history: true });
    expect(() => parseCliArgs(['--nope'])).toThrow(UsageError);
  });

  it('formats money by the currency’s minor units', () => {
    expect(moneyFormatter('USD')(123456)).toBe('$1,234.56');
    expect(moneyFormatter('JPY')(123456)).toBe('¥123,456');
    expect(moneyFormatter('KWD')(123456).replace(/\s/g, ' ')).toBe('KWD 123.456');
    expect(moneyFormatter('EUR')(null)).toBe('—');
  });
});
