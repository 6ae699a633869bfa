/**
 * `large.reportMs` / `large.reportPeakRssMb` (bench/run.ts `--large`): writes the seed dataset of
 * `accounts` accounts as a CSV folder with `npm run seed` (the JSON form stops at 5,000 accounts;
 * not timed), then runs healthbar's report CLI on it in a child process of its own
 * (bench/report/cli.ts) and returns that child's figures.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LargeReportResult {
  accounts: number;
  /** `runReport` from the call to exit code 0 (read, index, report, JSON written). */
  ms: number;
  /** maxRSS of the CLI's process. */
  peakRssMb: number;
  /** Time to write the CSV folder (setup, not in `ms`). */
  seedMs: number;
}

function run(root: string, args: string[]): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`${args[0]} failed (exit ${code})`))));
  });
}

export async function largeReportBench(
  root: string,
  o: { accounts: number; asOf: string; seed: number },
): Promise<LargeReportResult> {
  const dir = mkdtempSync(join(tmpdir(), 'healthbar-bench-large-report-'));
  try {
    const data = join(dir, 'dataset');
    let t = performance.now();
    await run(root, [
      'lib/demo/seed-cli.ts',
      '--accounts',
      String(o.accounts),
      '--seed',
      String(o.seed),
      '--as-of',
      o.asOf,
      '--out',
      data,
    ]);
    const seedMs = performance.now() - t;
    const out = join(dir, 'figures.json');
    t = performance.now();
    await run(root, [
      'bench/report/cli.ts',
      '--dataset',
      data,
      '--as-of',
      o.asOf,
      '--report',
      join(dir, 'report.json'),
      '--out',
      out,
    ]);
    const r = JSON.parse(readFileSync(out, 'utf8')) as { ms: number; peakRssMb: number };
    return { accounts: o.accounts, ms: r.ms, peakRssMb: r.peakRssMb, seedMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
