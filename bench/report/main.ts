/**
 * The report benchmark, run by bench/run.ts as its own process (so its peak RSS is its own):
 *
 *   tsx bench/report/main.ts --accounts 5000 --runs 5 --out FILE
 *
 * 1. Generates the demo dataset (seed 42, as of 2026-10-31) in memory.
 * 2. Loads it into DuckDB and arquero, and into healthbar's own form: the dataset validated by
 *    the reader every import and the report CLI use (`parseDataset`, usage rows as columns, ids
 *    settled); each load timed apart.
 * 3. Runs each engine once and checks its Report JSON field by field against healthbar's
 *    (fixed fields of METRICS.md "Report JSON"); any difference stops the benchmark. Healthbar's
 *    report from the loaded form is also checked to be the one `computeReport` gives on the
 *    generated rows, whole.
 * 4. Times `runs` rounds, each running healthbar, DuckDB and arquero in turn (interleaved, so a
 *    noisy neighbour hits all three), with a GC before each run; reports medians.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseDataset } from '../../lib/dataset/parse';
import { generateDataset } from '../../lib/demo/generate';
import { buildIndex, computeReport, computeReportFromIndex, type IndexOptions } from '../../lib/metrics';
import { arqueroReport, loadArquero } from './arquero';
import { closeDuckDb, duckdbReport, loadDuckDb } from './duckdb';
import { asOfParams, differences, fixedOf, leafCount } from './fixed';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '5000' },
    runs: { type: 'string', default: '5' },
    'as-of': { type: 'string', default: '2026-10-31' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string' },
  },
});
const accounts = Number(values.accounts);
const runs = Number(values.runs);
const asOf = values['as-of'] as string;
const log = (m: string) => process.stderr.write(`  [report ${accounts}] ${m}\n`);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const rssMb = () => process.resourceUsage().maxRSS / 1024;

let t = performance.now();
const dataset = generateDataset({ accounts, seed: Number(values.seed), asOf });
const generateMs = performance.now() - t;
const days = new Set(dataset.usage.map((u) => u.date)).size;
log(
  `generated ${accounts} accounts × ${days} days (${dataset.usage.length} usage rows) in ${generateMs.toFixed(0)} ms`,
);
const p = asOfParams(asOf);

t = performance.now();
const duck = await loadDuckDb(dataset);
const duckLoadMs = performance.now() - t;
t = performance.now();
const aqTables = loadArquero(dataset);
const arqueroLoadMs = performance.now() - t;
t = performance.now();
const loaded = parseDataset(dataset, { usageColumns: true });
const healthbarLoadMs = performance.now() - t;
if (!loaded.ok) throw new Error(`the generated dataset is not valid: ${loaded.error.message}`);
log(
  `loaded: DuckDB ${duckLoadMs.toFixed(0)} ms, arquero ${arqueroLoadMs.toFixed(0)} ms, healthbar ${healthbarLoadMs.toFixed(0)} ms`,
);
// What the report CLI builds its index from (lib/cli/report.ts).
const ixOptions: IndexOptions = { usageColumns: loaded.usageColumns, uniqueIds: loaded.uniqueIds };
const healthbarReport = () => computeReportFromIndex(buildIndex(loaded.dataset, ixOptions), asOf);

// Same results, checked before anything is timed.
const fromHealthbar = healthbarReport();
if (JSON.stringify(fromHealthbar) !== JSON.stringify(computeReport(dataset, asOf))) {
  throw new Error(
    "healthbar's report from the loaded dataset differs from computeReport on the generated rows",
  );
}
const expected = fixedOf(fromHealthbar);
const fromDuck = await duckdbReport(duck, asOf, p);
const fromAq = arqueroReport(aqTables, asOf, p);
for (const [name, got] of [
  ['DuckDB', fromDuck],
  ['arquero', fromAq],
] as const) {
  const diff = differences(expected, got);
  if (diff.length > 0) {
    throw new Error(`${name}'s report differs from healthbar's:\n  ${diff.join('\n  ')}`);
  }
}
const checked = leafCount(expected);
log(`results agree field by field: ${checked} values × 3 engines`);

const times = { healthbar: [] as number[], duckdb: [] as number[], arquero: [] as number[] };
const index = { build: [] as number[], report: [] as number[] };
for (let r = 0; r < runs; r++) {
  gc();
  t = performance.now();
  healthbarReport();
  times.healthbar.push(performance.now() - t);
  gc();
  t = performance.now();
  await duckdbReport(duck, asOf, p);
  times.duckdb.push(performance.now() - t);
  gc();
  t = performance.now();
  arqueroReport(aqTables, asOf, p);
  times.arquero.push(performance.now() - t);
  gc();
  t = performance.now();
  const ix = buildIndex(loaded.dataset, ixOptions);
  index.build.push(performance.now() - t);
  t = performance.now();
  computeReportFromIndex(ix, asOf);
  index.report.push(performance.now() - t);
  log(
    `run ${r + 1}/${runs}: healthbar ${times.healthbar[r].toFixed(0)} ms, DuckDB ${times.duckdb[r].toFixed(0)} ms, arquero ${times.arquero[r].toFixed(0)} ms`,
  );
}
await closeDuckDb(duck);

const result = {
  accounts,
  days,
  usageRows: dataset.usage.length,
  records:
    dataset.accounts.length +
    dataset.revenue.length +
    dataset.usage.length +
    dataset.users.length +
    dataset.tickets.length +
    dataset.surveys.length,
  runs,
  healthbarMs: median(times.healthbar),
  duckdbMs: median(times.duckdb),
  arqueroMs: median(times.arquero),
  peakRssMb: Math.round(rssMb()),
  healthbarIndexMs: median(index.build),
  healthbarFromIndexMs: median(index.report),
  duckdbLoadMs: duckLoadMs,
  healthbarLoadMs,
  arqueroLoadMs: arqueroLoadMs,
  generateMs,
  checkedValues: checked,
  all: times,
};
if (values.out) writeFileSync(values.out, JSON.stringify(result));
else process.stdout.write(`${JSON.stringify(result)}\n`);
