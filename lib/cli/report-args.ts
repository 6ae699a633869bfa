/** The report CLI's arguments: its usage text, `parseCliArgs` and the settings file it may name. */

import { readFile } from 'node:fs/promises';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { errorText } from '../dataset/parse';
import { isCalendarDate } from '../dataset/schema';
import { parseSettings, type Settings } from '../metrics/index';

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

/** The flags, as node:util's parseArgs reads them. */
const FLAGS = {
  dataset: { type: 'string' },
  'as-of': { type: 'string' },
  settings: { type: 'string' },
  account: { type: 'string', multiple: true },
  format: { type: 'string' },
  currency: { type: 'string' },
  history: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** An example of each flag that takes a value (said when it is given without one). */
const EXAMPLES: Readonly<Record<string, string>> = {
  '--as-of': '--as-of 2026-10-31',
  '--format': '--format json',
  '--currency': '--currency USD',
  '--account': '--account a1',
  '--settings': '--settings settings.json',
};

/** Parses argv (without node and script). Throws `UsageError` with a message saying what to fix. */
export function parseCliArgs(argv: readonly string[]): CliOptions | 'help' {
  let parsed: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: true });
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
  return EXAMPLES[flag] ?? `${flag} VALUE`;
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
