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
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { exactMoney } from '../contracts/money';
import { formatCsvRow, neutraliseFormula } from '../dataset/csv';
import { errorText, summariseProblems } from '../dataset/parse';
import { readDatasetPath } from '../dataset/read-node';
import { type Dataset, isCalendarDate } from '../dataset/schema';
import { BAND_LABELS } from '../metrics/health';
import {
  buildIndex,
  computeReportFromIndex,
  defaultAsOfIndex,
  parseSettings,
  type Report,
  roundHalfUp,
  type Settings,
} from '../metrics/index';

type AccountReport = Report['accounts'][number];

export const USAGE = `Usage: npm run --silent report -- --dataset PATH [options]

  --dataset PATH        a .json dataset, a folder of CSV files or a .zip of CSV files (required)
  --as-of YYYY-MM-DD    compute as of the end of this UTC day (default: the dataset's dataThrough,
                        else its latest usage date)
  --settings FILE       JSON settings, any subset of the defaults (METRICS.md "Settings")
  --account ID          only this account in the account list (repeatable); the portfolio stays whole
  --format FORMAT       table (default), json or csv
  --currency XXX        currency when the dataset names none (a CSV folder without dataset.csv)
  --history             with --format json: each account's score week by week over 26 weeks
                        (healthHistory), with what changed between weeks
  --help                show this help

Exit codes: 0 report printed, 1 bad usage, 2 dataset unusable.`;

export type Format = 'table' | 'json' | 'csv';

export interface CliOptions {
  dataset: string;
  asOf?: string;
  settings?: string;
  accounts: string[];
  format: Format;
  currency?: string;
  /** Add `healthHistory` to each account (json only). */
  history: boolean;
}

export class UsageError extends Error {}

/** Parses argv (without node and script). Throws `UsageError` with a message saying what to fix. */
export function parseCliArgs(argv: readonly string[]): CliOptions | 'help' {
  let parsed: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        dataset: { type: 'string' },
        'as-of': { type: 'string' },
        settings: { type: 'string' },
        account: { type: 'string', multiple: true },
        format: { type: 'string' },
        currency: { type: 'string' },
        history: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  }
  try {
    parsed = parse();
  } catch (e) {
    const code = (e as { code?: string }).code;
    const msg = errorText(e);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const flag = /'([^']+)'/.exec(msg)?.[1] ?? msg;
      throw new UsageError(`Unknown option ${flag}. Run with --help to see the options.`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const flag = /--[a-z-]+/.exec(msg)?.[0] ?? 'an option';
      throw new UsageError(`${flag} needs a value (e.g. ${exampleOf(flag)}).`);
    }
    throw new UsageError(msg);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (parsed.positionals.length > 0) {
    throw new UsageError(
      `Unexpected argument ${JSON.stringify(parsed.positionals[0])}. Give the dataset as --dataset PATH.`,
    );
  }
  if (v.dataset === undefined || v.dataset === '') {
    throw new UsageError(
      'Missing --dataset PATH (a .json file, a folder of CSV files or a .zip of CSV files).',
    );
  }
  const format = v.format ?? 'table';
  if (format !== 'table' && format !== 'json' && format !== 'csv') {
    throw new UsageError(`Unknown --format ${JSON.stringify(format)}: use table, json or csv.`);
  }
  if (v['as-of'] !== undefined && !isCalendarDate(v['as-of'])) {
    throw new UsageError(
      `--as-of ${JSON.stringify(v['as-of'])} is not a calendar date: use YYYY-MM-DD, e.g. --as-of 2026-10-31.`,
    );
  }
  let currency: string | undefined;
  if (v.currency !== undefined) {
    currency = v.currency.trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) {
      throw new UsageError(
        `--currency ${JSON.stringify(v.currency)} is not an ISO 4217 code: use three letters, e.g. --currency USD.`,
      );
    }
  }
  for (const id of v.account ?? []) {
    if (id === '') throw new UsageError('--account needs an account id.');
  }
  return {
    dataset: v.dataset,
    asOf: v['as-of'],
    settings: v.settings,
    accounts: v.account ?? [],
    format,
    currency,
    history: v.history === true,
  };
}

function exampleOf(flag: string): string {
  switch (flag) {
    case '--as-of':
      return '--as-of 2026-10-31';
    case '--format':
      return '--format json';
    case '--currency':
      return '--currency USD';
    case '--account':
      return '--account a1';
    case '--settings':
      return '--settings settings.json';
    default:
      return `${flag} VALUE`;
  }
}

/** Reads and validates a settings file. Throws `UsageError`. */
export async function loadSettings(path: string): Promise<Settings> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : errorText(e);
    throw new UsageError(`Cannot read the settings file ${path}: ${why}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UsageError(`The settings file ${path} is not valid JSON: ${errorText(e)}`);
  }
  const r = parseSettings(json);
  if (!r.ok) throw new UsageError(`The settings file ${path} is invalid: ${r.error}`);
  return r.settings;
}

// ---------------------------------------------------------------------------------------------
// Formatting

const NULL = '—';

/** Money formatter for the dataset's currency: minor units in, `$1,234.56` out (lib/contracts/money). */
export const moneyFormatter = exactMoney;

function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined ? NULL : `${(x * 100).toFixed(digits)}%`;
}

function num(x: number | null | undefined, digits = 0): string {
  return x === null || x === undefined
    ? NULL
    : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function signed(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined) return NULL;
  const s = Math.abs(x).toFixed(digits);
  if (Number(s) === 0) return s;
  return x > 0 ? `+${s}` : `−${s}`;
}

const BAND_LABEL: Record<string, string> = BAND_LABELS;

function renewal(days: number | null | undefined): string {
  if (days === null || days === undefined) return NULL;
  if (days === 0) return 'today';
  return days > 0 ? `in ${days}d` : `${-days}d ago`;
}

function width(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function clipText(s: string, max: number): string {
  const chars = [...s.replace(/[\r\n\t]+/g, ' ')];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}

/** Aligns rows into columns: `right[i]` right-aligns column i. The last column is not padded. */
function alignRows(rows: string[][], right: boolean[]): string[] {
  const widths: number[] = [];
  for (const r of rows) {
    r.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, width(c));
    });
  }
  return rows.map((r) =>
    r
      .map((c, i) => {
        if (i === r.length - 1 && !right[i]) return c;
        const pad = ' '.repeat(widths[i] - width(c));
        return right[i] ? pad + c : c + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}

/** The `table` format: a portfolio summary, then one aligned row per account. */
export function* tableLines(report: Report): Generator<string> {
  const money = moneyFormatter(report.currency);
  const p = report.portfolio;
  yield `Healthbar report as of ${report.asOf} (${report.currency})`;
  yield '';
  const summary: string[][] = [
    ['Accounts', num(p.accounts), 'Paying', num(p.payingAccounts)],
    ['MRR', money(p.mrr), 'ARR', money(p.arr)],
    ['ARPA', money(p.arpa), 'Expansion (12 mo)', money(p.expansionRevenue)],
    ['NRR', pct(p.nrr), 'GRR', pct(p.grr)],
    ['Logo churn (12 mo)', pct(p.logoChurnRate), 'Monthly logo churn', pct(p.monthlyLogoChurnRate, 2)],
    ['LTV', money(p.ltv), 'CAC', money(p.cac)],
    [
      'LTV:CAC',
      num(p.ltvToCac, 1),
      'Sales cycle',
      p.salesCycleDays === null ? NULL : `${num(p.salesCycleDays, 1)} days`,
    ],
    ['NPS', num(p.nps, 0), 'CSAT', pct(p.csat, 0)],
    ['DAU/MAU', pct(p.dauMau), 'Time to value', p.ttvDays === null ? NULL : `${num(p.ttvDays, 1)} days`],
  ];
  for (const line of alignRows(summary, [false, true, false, true])) yield line;
  const h = p.health;
  yield `Health: ${num(h.green)} healthy, ${num(h.yellow)} at risk, ${num(h.red)} critical, ${num(h.unknown)} unknown`;
  yield '';
  const header = ['Account', 'MRR', 'NRR', 'Score', 'Band', 'Δ30', 'Renewal', 'Signals'];
  const right = [false, true, true, true, false, true, true, false];
  const accounts = report.accounts;
  if (accounts.length === 0) {
    yield '(no accounts)';
    return;
  }
  // Two passes (widths, then rows) so the formatted rows are never all held at once.
  const rowOf = (a: AccountReport): string[] => [
    clipText(a.name || a.id, 32),
    money(a.mrr),
    pct(a.nrr, 0),
    a.health.score === null ? NULL : String(roundHalfUp(a.health.score)),
    a.health.band === null ? NULL : (BAND_LABEL[a.health.band] ?? a.health.band),
    signed(a.health.delta30),
    renewal(a.renewsInDays),
    a.signals.length === 0 ? NULL : a.signals.map((s) => s.id).join(', '),
  ];
  const widths = header.map(width);
  for (const a of accounts) {
    rowOf(a).forEach((c, i) => {
      widths[i] = Math.max(widths[i], width(c));
    });
  }
  const fmt = (r: string[]) =>
    r
      .map((c, i) => {
        if (i === r.length - 1) return c;
        const pad = ' '.repeat(widths[i] - width(c));
        return right[i] ? pad + c : c + pad;
      })
      .join('  ')
      .trimEnd();
  yield fmt(header);
  for (const a of accounts) yield fmt(rowOf(a));
}

type CsvValue = string | number | boolean | null | undefined;

/** A cell's text; text from the dataset (ids, names) is neutralised against spreadsheet formulas. */
function csvText(v: CsvValue): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'string') return neutraliseFormula(v);
  return String(v);
}

/** The `csv` format's columns for a report (feature keys from the dataset, in its order). */
export function reportCsvColumns(
  featureKeys: readonly string[],
): { name: string; get: (a: AccountReport) => CsvValue }[] {
  const cols: { name: string; get: (a: AccountReport) => CsvValue }[] = [
    { name: 'id', get: (a) => a.id },
    { name: 'name', get: (a) => a.name },
    { name: 'mrr', get: (a) => a.mrr },
    { name: 'arr', get: (a) => a.arr },
    { name: 'nrr', get: (a) => a.nrr },
    { name: 'score', get: (a) => a.health.score },
    { name: 'band', get: (a) => a.health.band },
    { name: 'delta30', get: (a) => a.health.delta30 },
    { name: 'renewsInDays', get: (a) => a.renewsInDays },
    { name: 'signals', get: (a) => (a.signals.length === 0 ? null : a.signals.map((s) => s.id).join(';')) },
    { name: 'expansionRevenue', get: (a) => a.expansionRevenue },
    { name: 'ltv', get: (a) => a.ltv },
    { name: 'ttvDays', get: (a) => a.ttvDays },
    { name: 'journeyCompletion', get: (a) => a.journeyCompletion },
  ];
  for (const k of [
    'dau',
    'wau',
    'mau',
    'avgDau30',
    'stickiness',
    'seatUtilization',
    'usageChange',
    'minutesPerActiveUser',
  ] as const) {
    cols.push({ name: `usage.${k}`, get: (a) => a.usage[k] });
  }
  for (const f of featureKeys) {
    cols.push({
      name: `usage.featureAdoption.${f}`,
      get: (a) => (Object.hasOwn(a.usage.featureAdoption, f) ? a.usage.featureAdoption[f] : null),
    });
  }
  cols.push({ name: 'usage.featureBreadth', get: (a) => a.usage.featureBreadth });
  cols.push({ name: 'usage.heatmap', get: (a) => a.usage.heatmap.join(';') });
  cols.push({ name: 'nps', get: (a) => a.nps });
  cols.push({ name: 'csat', get: (a) => a.csat });
  for (const k of [
    'openTickets',
    'openUrgent',
    'tickets30',
    'medianFirstResponseHours',
    'medianResolutionHours',
  ] as const) {
    cols.push({ name: `support.${k}`, get: (a) => a.support[k] });
  }
  for (const k of ['engagement', 'adoption', 'satisfaction', 'support', 'trend'] as const) {
    cols.push({ name: `health.components.${k}`, get: (a) => a.health.components[k] });
  }
  return cols;
}

/** The `csv` format: header, then one RFC 4180 row per account. */
export function* csvLines(report: Report, featureKeys: readonly string[]): Generator<string> {
  const cols = reportCsvColumns(featureKeys);
  yield formatCsvRow(cols.map((c) => c.name));
  for (const a of report.accounts) yield formatCsvRow(cols.map((c) => csvText(c.get(a))));
}

/** The `json` format, in pieces (one per account), so a large report never becomes one string. */
export function* jsonPieces(report: Report): Generator<string> {
  const entries = Object.entries(report);
  yield '{';
  let first = true;
  for (const [k, v] of entries) {
    if (v === undefined) continue;
    const sep = first ? '' : ',';
    first = false;
    if (k === 'accounts' && Array.isArray(v)) {
      yield `${sep}${JSON.stringify(k)}:[`;
      for (let i = 0; i < v.length; i++) yield (i === 0 ? '' : ',') + JSON.stringify(v[i]);
      yield ']';
    } else {
      yield `${sep}${JSON.stringify(k)}:${JSON.stringify(v)}`;
    }
  }
  yield '}\n';
}

// ---------------------------------------------------------------------------------------------
// Output

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Writes pieces to a stream in ~64 KB chunks, waiting for 'drain'. Stops quietly on EPIPE. */
async function writeAll(
  out: NodeJS.WritableStream,
  pieces: Iterable<string>,
  addNewlines: boolean,
): Promise<void> {
  let broken = false;
  const onError = () => {
    broken = true;
  };
  out.on('error', onError);
  try {
    let buf = '';
    const flush = async () => {
      if (buf === '' || broken) return;
      const chunk = buf;
      buf = '';
      if (!out.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            out.off('drain', done);
            out.off('error', done);
            out.off('close', done);
            resolve();
          };
          out.on('drain', done);
          out.on('error', done);
          out.on('close', done);
        });
      }
    };
    for (const p of pieces) {
      if (broken) return;
      buf += addNewlines ? `${p}\n` : p;
      if (buf.length >= 65536) await flush();
    }
    await flush();
  } finally {
    out.off('error', onError);
  }
}

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
  const result = await readDatasetPath(opts.dataset, { currency: opts.currency });
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
  let report: Report;
  try {
    const index = buildIndex(dataset);
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
    report = computeReportFromIndex(index, asOf, settings, {
      ...(opts.accounts.length > 0 ? { accountIds: opts.accounts } : {}),
      history: opts.history && opts.format === 'json',
    });
  } catch (e) {
    say(io, `healthbar report: the report could not be computed: ${errorText(e)}`);
    return 2;
  }
  const featureKeys = dataset.features.map((f) => f.key);
  if (opts.format === 'json') await writeAll(io.stdout, jsonPieces(report), false);
  else if (opts.format === 'csv') await writeAll(io.stdout, csvLines(report, featureKeys), false);
  else await writeAll(io.stdout, tableLines(report), true);
  return 0;
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
