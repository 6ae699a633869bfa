/**
 * `npm run seed -- --accounts N --seed S [--as-of DATE] --out PATH`
 *
 * Writes the deterministic demo dataset (lib/demo/generate.ts). A PATH ending in `.json` gets one
 * JSON file (at most 5,000 accounts); any other PATH is a folder that gets the CSV form of
 * DATASET.md (`dataset.csv` and one file per collection), streamed, up to 50,000 accounts.
 * `--as-of` (the last day of data, `dataThrough`) defaults to yesterday in UTC.
 * Memory stays bounded either way: CSV files are written one account at a time, and the JSON file
 * is written in two passes over the generator so the usage rows are never all held at once.
 * Exit status 1 with a message on stderr for bad flags or a failed write; a one-line summary on
 * stderr otherwise.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, statSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { csvFileLines, csvHeaderLine, datasetCsvText, formatCsvRow, recordToCsvCells } from '../dataset/csv';
import type { CollectionName, CollectionRecords } from '../dataset/schema';
import { COLLECTIONS, isCalendarDate } from '../dataset/schema';
import {
  type AccountRecords,
  type DatasetChunk,
  type GenerateOptions,
  generateCatalog,
  generateDatasetStream,
} from './generate';

export const MAX_ACCOUNTS = 50_000;
export const MAX_JSON_ACCOUNTS = 5_000;

export const USAGE = `Usage: npm run seed -- --accounts N --seed S [--as-of YYYY-MM-DD] --out PATH

  --accounts N   number of accounts, 1–${MAX_ACCOUNTS.toLocaleString('en-US')}
  --seed S       any whole number; the same seed gives the same data
  --as-of DATE   last day of data (dataThrough), default yesterday (UTC)
  --out PATH     a .json file (up to ${MAX_JSON_ACCOUNTS.toLocaleString('en-US')} accounts), or a folder for CSV files`;

export interface SeedArgs extends GenerateOptions {
  out: string;
  format: 'json' | 'csv';
}

export type ParsedSeedArgs =
  | { ok: true; args: SeedArgs }
  | { ok: true; help: true }
  | { ok: false; error: string };

/** Yesterday's UTC date for a clock reading (ms since the epoch). */
export function yesterdayUtc(nowMs: number): string {
  return new Date(nowMs - 86_400_000).toISOString().slice(0, 10);
}

/** Parses the CLI flags (`--flag value` or `--flag=value`). */
export function parseSeedArgs(argv: readonly string[], nowMs: number = Date.now()): ParsedSeedArgs {
  const values: Record<string, string> = {};
  const known = new Set(['accounts', 'seed', 'as-of', 'out']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { ok: true, help: true };
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (!m) return { ok: false, error: `unexpected argument ${JSON.stringify(arg)}` };
    const name = m[1];
    if (!known.has(name)) return { ok: false, error: `unknown flag --${name}` };
    let value = m[2];
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined || (value.startsWith('--') && value.length > 2)) {
        return { ok: false, error: `--${name} needs a value` };
      }
      i++;
    }
    if (name in values) return { ok: false, error: `--${name} is given twice` };
    values[name] = value;
  }
  for (const name of ['accounts', 'seed', 'out']) {
    if (values[name] === undefined) return { ok: false, error: `--${name} is required` };
  }
  const accountsText = values.accounts.replace(/[_,]/g, '');
  const accounts = /^\d+$/.test(accountsText) ? Number(accountsText) : Number.NaN;
  if (!Number.isSafeInteger(accounts) || accounts < 1 || accounts > MAX_ACCOUNTS) {
    return {
      ok: false,
      error: `--accounts must be a whole number from 1 to ${MAX_ACCOUNTS.toLocaleString('en-US')} (got ${JSON.stringify(values.accounts)})`,
    };
  }
  const seed = /^-?\d+$/.test(values.seed) ? Number(values.seed) : Number.NaN;
  if (!Number.isSafeInteger(seed)) {
    return { ok: false, error: `--seed must be a whole number (got ${JSON.stringify(values.seed)})` };
  }
  const asOf = values['as-of'] ?? yesterdayUtc(nowMs);
  if (!isCalendarDate(asOf)) {
    return { ok: false, error: `--as-of must be a date YYYY-MM-DD (got ${JSON.stringify(asOf)})` };
  }
  const out = values.out;
  if (out.trim() === '') return { ok: false, error: '--out must name a .json file or a folder' };
  const format = out.toLowerCase().endsWith('.json') ? 'json' : 'csv';
  if (format === 'json' && accounts > MAX_JSON_ACCOUNTS) {
    return {
      ok: false,
      error: `${accounts.toLocaleString('en-US')} accounts are too many for one JSON file (at most ${MAX_JSON_ACCOUNTS.toLocaleString('en-US')}); give --out a folder instead (e.g. --out demo-data) to get streamed CSV files`,
    };
  }
  return { ok: true, args: { accounts, seed, asOf, out, format } };
}

// ---------------------------------------------------------------------------------------------
// Writing with backpressure

class Sink {
  private readonly stream: WriteStream;
  private failure: Error | null = null;
  bytes = 0;

  constructor(readonly file: string) {
    this.stream = createWriteStream(file);
    this.stream.on('error', (e) => {
      this.failure = e;
    });
  }

  async write(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (text.length === 0) return;
    this.bytes += Buffer.byteLength(text);
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    this.stream.end();
    await once(this.stream, 'finish');
    if (this.failure) throw this.failure;
  }

  destroy(): void {
    this.stream.destroy();
  }
}

export interface SeedSummary {
  accounts: number;
  /** Records written per collection. */
  counts: Record<CollectionName, number>;
  files: string[];
  bytes: number;
}

function emptyCounts(): Record<CollectionName, number> {
  return Object.fromEntries(COLLECTIONS.map((c) => [c, 0])) as Record<CollectionName, number>;
}

type AccountCollection = 'accounts' | 'revenue' | 'usage' | 'users' | 'tickets' | 'surveys' | 'deals';
const PER_ACCOUNT: readonly AccountCollection[] = [
  'accounts',
  'revenue',
  'usage',
  'users',
  'tickets',
  'surveys',
  'deals',
];

function recordsOf<C extends AccountCollection>(chunk: AccountRecords, c: C): CollectionRecords[C][] {
  if (c === 'accounts') return [chunk.account] as CollectionRecords[C][];
  return chunk[c as Exclude<AccountCollection, 'accounts'>] as CollectionRecords[C][];
}

/** Writes the CSV form into `dir` (created if needed), one account at a time. */
export async function writeSeedCsv(opts: GenerateOptions, dir: string): Promise<SeedSummary> {
  mkdirSync(dir, { recursive: true });
  const counts = emptyCounts();
  const sinks = new Map<string, Sink>();
  const open = (name: string) => {
    const s = new Sink(path.join(dir, name));
    sinks.set(name, s);
    return s;
  };
  try {
    const catalog = generateCatalog(opts);
    await open('dataset.csv').write(datasetCsvText(catalog.header));
    for (const c of ['plans', 'features', 'milestones'] as const) {
      const records = catalog[c] as CollectionRecords[typeof c][];
      await open(`${c}.csv`).write([...csvFileLines(c, records)].join(''));
      counts[c] = records.length;
    }
    for (const c of PER_ACCOUNT) await open(`${c}.csv`).write(csvHeaderLine(c));
    for (const chunk of generateDatasetStream(opts)) {
      if (chunk.kind !== 'account') continue;
      for (const c of PER_ACCOUNT) {
        const records = recordsOf(chunk, c);
        if (records.length === 0) continue;
        let text = '';
        for (const r of records) text += formatCsvRow(recordToCsvCells(c, r));
        counts[c] += records.length;
        await sinks.get(`${c}.csv`)!.write(text);
      }
    }
    let bytes = 0;
    for (const s of sinks.values()) {
      await s.close();
      bytes += s.bytes;
    }
    return { accounts: opts.accounts, counts, files: [...sinks.keys()], bytes };
  } catch (e) {
    for (const s of sinks.values()) s.destroy();
    throw e;
  }
}

/**
 * Writes one JSON file (collections in DATASET.md order, one record per line). Two passes over
 * the generator: the first writes accounts and revenue and keeps the small collections, the
 * second streams usage; so the usage rows are never all in memory.
 */
export async function writeSeedJson(opts: GenerateOptions, file: string): Promise<SeedSummary> {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const counts = emptyCounts();
  const sink = new Sink(file);
  try {
    const catalog = generateCatalog(opts);
    const head = JSON.stringify(catalog.header);
    await sink.write(`${head.slice(0, -1)},\n`);
    let firstCollection = true;
    const begin = async (c: CollectionName) => {
      await sink.write(`${firstCollection ? '' : ',\n'}${JSON.stringify(c)}: [`);
      firstCollection = false;
    };
    const writeRecords = async (c: CollectionName, records: readonly unknown[], first: boolean) => {
      if (records.length === 0) return;
      let text = '';
      for (let i = 0; i < records.length; i++) {
        text += `${first && i === 0 ? '\n' : ',\n'}${JSON.stringify(records[i])}`;
      }
      counts[c] += records.length;
      await sink.write(text);
    };
    for (const c of ['plans', 'features', 'milestones'] as const) {
      await begin(c);
      await writeRecords(c, catalog[c], true);
      await sink.write('\n]');
    }
    const kept: Record<'users' | 'tickets' | 'surveys' | 'deals', unknown[][]> = {
      users: [],
      tickets: [],
      surveys: [],
      deals: [],
    };
    // Pass 1: accounts, then revenue (kept: users, tickets, surveys — small).
    const revenue: unknown[][] = [];
    await begin('accounts');
    for (const chunk of accountChunks(opts)) {
      await writeRecords('accounts', [chunk.account], counts.accounts === 0);
      revenue.push(chunk.revenue);
      kept.users.push(chunk.users);
      kept.tickets.push(chunk.tickets);
      kept.surveys.push(chunk.surveys);
      kept.deals.push(chunk.deals);
    }
    await sink.write('\n]');
    const writeKept = async (c: CollectionName, lists: unknown[][]) => {
      await begin(c);
      for (const list of lists) await writeRecords(c, list, counts[c] === 0);
      await sink.write('\n]');
    };
    await writeKept('revenue', revenue);
    revenue.length = 0;
    // Pass 2: usage, regenerated account by account.
    await begin('usage');
    for (const chunk of accountChunks(opts)) await writeRecords('usage', chunk.usage, counts.usage === 0);
    await sink.write('\n]');
    await writeKept('users', kept.users);
    await writeKept('tickets', kept.tickets);
    await writeKept('surveys', kept.surveys);
    // The optional deals collection last (DATASET.md order), so the rest of the file is as before.
    await writeKept('deals', kept.deals);
    await sink.write('\n}\n');
    await sink.close();
    return { accounts: opts.accounts, counts, files: [file], bytes: sink.bytes };
  } catch (e) {
    sink.destroy();
    throw e;
  }
}

function* accountChunks(opts: GenerateOptions): Generator<Extract<DatasetChunk, { kind: 'account' }>> {
  for (const chunk of generateDatasetStream(opts)) if (chunk.kind === 'account') yield chunk;
}

function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/** Runs the CLI; returns the exit status. */
export async function main(
  argv: readonly string[],
  io: { stdout: (s: string) => void; stderr: (s: string) => void } = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
  },
  nowMs: number = Date.now(),
): Promise<number> {
  const parsed = parseSeedArgs(argv, nowMs);
  if (parsed.ok && 'help' in parsed) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (!parsed.ok) {
    io.stderr(`seed: ${parsed.error}\n\n${USAGE}\n`);
    return 1;
  }
  const args = parsed.args;
  const existing = statOrNull(args.out);
  if (args.format === 'csv' && existing && !existing.isDirectory()) {
    io.stderr(`seed: --out ${args.out} is a file; give a folder for CSV output, or a path ending in .json\n`);
    return 1;
  }
  if (args.format === 'json' && existing?.isDirectory()) {
    io.stderr(`seed: --out ${args.out} is a folder; a JSON file needs a file path\n`);
    return 1;
  }
  const started = performance.now();
  const opts: GenerateOptions = { accounts: args.accounts, seed: args.seed, asOf: args.asOf };
  let summary: SeedSummary;
  try {
    summary =
      args.format === 'json' ? await writeSeedJson(opts, args.out) : await writeSeedCsv(opts, args.out);
  } catch (e) {
    io.stderr(`seed: could not write ${args.out}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const n = (x: number) => x.toLocaleString('en-US');
  const c = summary.counts;
  io.stderr(
    `seed: wrote ${n(c.accounts)} accounts (seed ${args.seed}, data through ${args.asOf}; ${n(c.usage)} usage rows, ` +
      `${n(c.revenue)} revenue rows, ${n(c.users)} users, ${n(c.tickets)} tickets, ${n(c.surveys)} surveys, ${n(c.deals)} deals) to ` +
      `${args.out} as ${args.format === 'json' ? 'JSON' : `${summary.files.length} CSV files`}, ${formatBytes(summary.bytes)} in ${seconds} s\n`,
  );
  return 0;
}

function statOrNull(p: string) {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`seed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
