/**
 * Child process of the ingest benchmark: one `npm run ingest -- --config FILE --as-of DATE --out
 * FILE` run (the CLI's own function, in this process), timed from start to its exit code, with the
 * process's peak RSS (`process.resourceUsage().maxRSS`). Writes `{ms, code, peakRssMb}` to OUT.
 *   node --import tsx bench/ingest/main.ts CONFIG AS_OF DATASET_OUT OUT
 */
import { writeFileSync } from 'node:fs';
import { runIngestCli } from '../../lib/connectors/cli';

const [config, asOf, datasetOut, out] = process.argv.slice(2);
let stderr = '';
const t = performance.now();
const code = await runIngestCli(['--config', config, '--as-of', asOf, '--out', datasetOut], {
  stderr: {
    write: (s: string) => {
      stderr += s;
      return true;
    },
  } as unknown as NodeJS.WritableStream,
  env: process.env,
  now: () => new Date(),
});
const ms = performance.now() - t;
writeFileSync(
  out,
  JSON.stringify({ ms, code, stderr, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }),
);
