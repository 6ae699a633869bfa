/**
 * `large.reportMs` and `large.reportPeakRssMb`: healthbar's report CLI alone, in a process of its
 * own (run by bench/run.ts with `--large`):
 *
 *   tsx bench/report/cli.ts --dataset DIR --as-of 2026-10-31 --out FILE
 *
 * Runs `runReport` (what `npm run report` runs) with `--format json` on a CSV folder written
 * beforehand by `npm run seed`, its stdout into a file. `ms`: from the call to its exit code 0 —
 * reading and validating the CSV files, the index, the report and writing its JSON; `peakRssMb`:
 * this process's `maxRSS`, which holds nothing but the CLI's own work (no generator, no other engine).
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { runReport } from '../../lib/cli/report';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string' },
    'as-of': { type: 'string', default: '2026-10-31' },
    report: { type: 'string' },
    out: { type: 'string' },
  },
});
if (!values.dataset || !values.out || !values.report)
  throw new Error('--dataset, --report and --out are required');

const stdout = createWriteStream(values.report);
const t = performance.now();
const code = await runReport(
  ['--dataset', values.dataset, '--as-of', values['as-of'] as string, '--format', 'json'],
  {
    stdout,
    stderr: process.stderr,
  },
);
stdout.end();
await finished(stdout);
const ms = performance.now() - t;
if (code !== 0) throw new Error(`the report CLI exited with ${code}`);
writeFileSync(
  values.out,
  JSON.stringify({ ms, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }),
);
