/**
 * The ingest benchmark (bench/README.md, `ingest.stripe.*`): the Stripe stand-in in one child
 * process, the ingest CLI in another (so its peak RSS is its own), over loopback.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface IngestBenchResult {
  customers: number;
  months: number;
  /** Stripe objects the stand-in serves (customers, subscriptions, invoices, prices, products). */
  records: number;
  ms: number;
  recordsPerSec: number;
  peakRssMb: number;
  stderr: string;
}

const KEY = 'sk_test_bench';

export async function ingestBench(
  root: string,
  options: { customers: number; months: number; asOf: string },
): Promise<IngestBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'healthbar-bench-ingest-'));
  const standIn = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/ingest/standin.ts',
      String(options.customers),
      String(options.months),
      options.asOf,
      KEY,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const first = await new Promise<string>((ok, fail) => {
      const rl = createInterface({ input: standIn.stdout });
      rl.once('line', (l) => ok(l));
      standIn.once('exit', (code) => fail(new Error(`the Stripe stand-in exited (${code})`)));
    });
    const { url, objects } = JSON.parse(first) as { url: string; objects: number };
    const config = join(dir, 'sources.json');
    writeFileSync(
      config,
      JSON.stringify({
        currency: 'USD',
        sources: [
          {
            type: 'stripe',
            apiKey: 'env:STRIPE_API_KEY',
            apiBase: url,
            accountIdKey: 'healthbar_account_id',
          },
        ],
      }),
    );
    const out = join(dir, 'result.json');
    const code = await new Promise<number | null>((ok) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'bench/ingest/main.ts', config, options.asOf, join(dir, 'dataset.json'), out],
        { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, STRIPE_API_KEY: KEY } },
      );
      child.on('exit', ok);
    });
    const r = JSON.parse(readFileSync(out, 'utf8')) as {
      ms: number;
      code: number;
      stderr: string;
      peakRssMb: number;
    };
    if (code !== 0 || r.code !== 0) throw new Error(`the ingest failed (exit ${r.code}):\n${r.stderr}`);
    return {
      customers: options.customers,
      months: options.months,
      records: objects,
      ms: r.ms,
      recordsPerSec: objects / (r.ms / 1000),
      peakRssMb: r.peakRssMb,
      stderr: r.stderr.trim(),
    };
  } finally {
    standIn.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
