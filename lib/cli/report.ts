/**
 * Healthbar report CLI.
 *
 *   npm run --silent report -- --dataset PATH [--as-of YYYY-MM-DD] [--settings FILE]
 *                              [--account ID] [--format table|json|csv] [--currency XXX] [--history]
 *
 * Exit codes: 0 report printed (rejected records are summarised on stderr); 1 bad usage (unknown
 * flag, bad date, unreadable or invalid settings, unknown account); 2 dataset unusable.
 *
 * Choices where the brief is silent:
 * - `--account` may be given more than once (several accounts, dataset order).
 * - With no `--as-of`, no `dataThrough` and no usage row there is no as-of date: exit 1, asking
 *   for `--as-of`.
 * - `--currency` is upper-cased before use; it stands in for a missing currency only.
 * - `json` is written compactly (one line). `csv` holds the fixed Report JSON account fields only:
 *   money in minor units as in the JSON, ratios as fractions, `usage.featureAdoption.<key>` per
 *   feature of the dataset (dataset order), `usage.heatmap` as `;`-joined numbers. Text cells
 *   (ids, names) that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) get
 *   a leading `'`, as in the dashboard's CSV export (`neutraliseFormula`).
 * - `--history` adds each account's `healthHistory` to `json` only (METRICS.md: it changes nothing
 *   with `table` or `csv`, so it is not computed for them).
 * - A failure inside the metrics (a bug, not bad input) is reported in one line, exit 2.
 */

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { errorText, summariseProblems } from '../dataset/parse';
import { readDatasetPath } from '../dataset/read-node';
import type { Dataset } from '../dataset/schema';
import {
  buildIndex,
  computeReportFromIndex,
  type DatasetIndex,
  DEFAULT_SETTINGS,
  defaultAsOfIndex,
  type Report,
  releaseIndexedRows,
  type Settings,
  weightedComponents,
} from '../metrics/index';
import { collectGarbage } from './collect';
import { type CliOptions, loadSettings, parseCliArgs, USAGE } from './report-args';
import { csvLines } from './report-csv';
import { type Io, jsonPieces, writeAll } from './report-output';
import { tableLines } from './report-table';

export { type CliOptions, type Format, loadSettings, parseCliArgs, USAGE, UsageError } from './report-args';
export { csvLines, reportCsvColumns } from './report-csv';
export { type Io, jsonPieces } from './report-output';
export { moneyFormatter, tableLines } from './report-table';

function say(io: Io, text: string): void {
  io.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Runs the CLI; resolves to the exit code. Never throws. */
export async function runReport(argv: readonly string[], io: Io): Promise<number> {
  let opts: CliOptions | 'help';
  try {
    opts = parseCliArgs(argv);
  } catch (e) {
    say(io, `healthbar report: ${errorText(e)}`);
    return 1;
  }
  if (opts === 'help') {
    await writeAll(io.stdout, [`${USAGE}\n`], false);
    return 0;
  }
  let settings: Settings | undefined;
  if (opts.settings !== undefined) {
    try {
      settings = await loadSettings(opts.settings);
    } catch (e) {
      say(io, `healthbar report: ${errorText(e)}`);
      return 1;
    }
  }
  const read = await readIndexed(opts, io);
  if (typeof read === 'number') return read;
  const { index, asOf } = read;
  // The rows the index has let go of are garbage once `readIndexed` has returned (collect.ts).
  collectGarbage(read.records);
  let report: Report;
  try {
    report = computeReportFromIndex(index, asOf, settings, {
      ...(opts.accounts.length > 0 ? { accountIds: opts.accounts } : {}),
      history: opts.history && opts.format === 'json',
    });
  } catch (e) {
    say(io, `healthbar report: the report could not be computed: ${errorText(e)}`);
    return 2;
  }
  const featureKeys = index.dataset.features.map((f) => f.key);
  if (opts.format === 'json') await writeAll(io.stdout, jsonPieces(report), false);
  else if (opts.format === 'csv')
    await writeAll(
      io.stdout,
      csvLines(report, featureKeys, weightedComponents(settings ?? DEFAULT_SETTINGS)),
      false,
    );
  else await writeAll(io.stdout, tableLines(report), true);
  return 0;
}

/**
 * Reads the dataset and indexes it; resolves to the index and the as-of date, or to the exit code
 * after saying why not. The dataset's rows stay in this function's scope: once indexed, the
 * index lets go of those it has read (`releaseIndexedRows`), so the report is computed beside the
 * index alone.
 */
async function readIndexed(
  opts: CliOptions,
  io: Io,
): Promise<{ index: DatasetIndex; asOf: string; records: number } | number> {
  // The usage rows as columns: the report only indexes them, and 8 million row objects of 20,000
  // accounts × 400 days are most of its memory.
  const result = await readDatasetPath(opts.dataset, { currency: opts.currency, usageColumns: true });
  if (!result.ok) {
    say(io, `healthbar report: the dataset cannot be used. ${result.error.message}`);
    return 2;
  }
  for (const line of summariseProblems(result)) say(io, line);
  const dataset: Dataset = result.dataset;
  if (opts.accounts.length > 0) {
    const known = new Set(dataset.accounts.map((a) => a.id));
    const unknown = opts.accounts.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      const examples = dataset.accounts
        .slice(0, 3)
        .map((a) => a.id)
        .join(', ');
      say(
        io,
        `healthbar report: unknown --account ${unknown.map((x) => JSON.stringify(x)).join(', ')}: no account in the dataset has that id${examples ? ` (ids look like ${examples})` : ' (the dataset has no accounts)'}.`,
      );
      return 1;
    }
  }
  // The reading's garbage is collected before the index is built, so that it reuses the memory
  // (collect.ts).
  const records = Object.values(result.counts).reduce((sum, n) => sum + n, 0);
  collectGarbage(records);
  try {
    const index = buildIndex(dataset, { usageColumns: result.usageColumns, uniqueIds: result.uniqueIds });
    const asOf = opts.asOf ?? defaultAsOfIndex(index);
    if (asOf === null) {
      say(
        io,
        'healthbar report: no as-of date: the dataset has no dataThrough and no usage rows. Pass --as-of YYYY-MM-DD.',
      );
      return 1;
    }
    const covered = defaultAsOfIndex(index);
    if (opts.asOf !== undefined && covered !== null && opts.asOf > covered) {
      say(
        io,
        `warning: --as-of ${opts.asOf} is after the last day the dataset covers (${covered}); days without usage rows count as zero activity.`,
      );
    }
    releaseIndexedRows(index);
    return { index, asOf, records };
  } catch (e) {
    say(io, `healthbar report: the report could not be computed: ${errorText(e)}`);
    return 2;
  }
}

function isMain(): boolean {
  try {
    const entry = process.argv[1];
    if (!entry) return false;
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  const fatal = (e: unknown) => {
    process.stderr.write(`healthbar report: unexpected error: ${errorText(e)}\n`);
    process.exitCode = 2;
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  runReport(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then((code) => {
    process.exitCode = code;
  }, fatal);
}
