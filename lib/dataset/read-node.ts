/**
 * Node-only dataset reader: a `.json` file, a folder of CSV files, or a `.zip` of CSV files, listed
 * as entries (entries-node.ts) and read by the one dataset reader (read-entries.ts).
 *
 * CSV is streamed row by row (file or zip-entry stream → `CsvParser` → `DatasetBuilder`), so memory
 * holds the validated records and not the text. A JSON file is read whole (JSON cannot be
 * validated record by record without a streaming JSON parser), up to `maxJsonBytes`.
 *
 * Choices where DATASET.md is silent:
 * - A path that is neither a folder nor named `.json`/`.zip` is recognised by its first bytes
 *   (`PK` → zip, `{` → JSON). A single `.csv` file is refused: a CSV dataset is a folder or zip.
 * - Zip entries and file names: read-entries.ts. In a folder only its top level is read.
 * - `dataset.csv` must have its header and one row; further rows are ignored with a warning. When
 *   it has a currency and `currency` is also given, the file wins (a warning says so if they
 *   differ); when its currency cell is empty, the given currency is used.
 * - `currency` (the CLI's `--currency`) also stands in for a JSON dataset's missing currency.
 * - A CSV syntax error that cannot be confined to a row (a quote never closed, a field over 16 Mi
 *   characters) makes the dataset unusable, naming the file and row.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { CsvSyntaxError } from './csv';
import { folderEntries, withZipEntries, ZipUnreadable } from './entries-node';
import { type DatasetError, DatasetTooLarge, errorText, type ParseResult } from './parse';
import {
  type CsvSources,
  type DatasetEntry,
  noCsvFiles,
  pickCsvEntries,
  readCsvDataset,
  readJsonEntry,
} from './read-entries';

export interface ReadOptions {
  /** Currency when the dataset names none (no `dataset.csv`, or a JSON without `currency`). */
  currency?: string;
  /** JSON files larger than this are refused (default 400 MiB; CSV has no limit). */
  maxJsonBytes?: number;
  /** Rejections/replacements kept in detail (default 1000). */
  maxDetails?: number;
  /** Most records kept; past it the dataset is refused (`too-large`) and reading stops. Default: no limit. */
  maxRecords?: number;
  /** Usage rows as columns (`BuilderOptions.usageColumns`): for a reader that only indexes them. */
  usageColumns?: boolean;
}

export const DEFAULT_MAX_JSON_BYTES = 400 * 1024 * 1024;

function fail(code: DatasetError['code'], message: string): ParseResult {
  return { ok: false, error: { code, message } };
}

function ioText(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return errorText(e);
}

/** Reads a dataset from a `.json` file, a folder of CSV files or a `.zip` of CSV files. Never throws. */
export async function readDatasetPath(path: string, options: ReadOptions = {}): Promise<ParseResult> {
  try {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (e) {
      return fail('unreadable', `Cannot read ${path}: ${ioText(e)}.`);
    }
    if (info.isDirectory()) return await readCsvFolder(path, options);
    if (!info.isFile()) return fail('unreadable', `Cannot read ${path}: it is not a file or folder.`);
    const lower = path.toLowerCase();
    if (lower.endsWith('.json')) return await readJsonFile(path, info.size, options);
    if (lower.endsWith('.zip')) return await readCsvZip(path, options);
    if (lower.endsWith('.csv')) {
      return fail(
        'not-dataset',
        `${path} is a single CSV file; a CSV dataset is a folder or a .zip of CSV files (dataset.csv, accounts.csv, usage.csv, …).`,
      );
    }
    const kind = await sniff(path);
    if (kind === 'zip') return await readCsvZip(path, options);
    if (kind === 'json') return await readJsonFile(path, info.size, options);
    return fail(
      'not-dataset',
      `${path} is not a Healthbar dataset: expected a .json file, a folder of CSV files or a .zip of CSV files.`,
    );
  } catch (e) {
    return fail('unreadable', `Cannot read ${path}: ${errorText(e)}`);
  }
}

async function sniff(path: string): Promise<'zip' | 'json' | null> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64);
    const { bytesRead } = await fh.read(buf, 0, 64, 0);
    const head = buf.subarray(0, bytesRead);
    if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b) return 'zip';
    const text = head
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart();
    if (text.startsWith('{')) return 'json';
    return null;
  } finally {
    await fh.close();
  }
}

async function readJsonFile(path: string, size: number, options: ReadOptions): Promise<ParseResult> {
  const limit = options.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES;
  if (size > limit) {
    return fail(
      'too-large',
      `${path} is ${Math.round(size / 1024 / 1024)} MB; JSON datasets are read up to ${Math.round(limit / 1024 / 1024)} MB. Export the dataset as CSV (a folder or a .zip of CSV files) instead.`,
    );
  }
  try {
    return await readJsonEntry({ name: path, label: path, chunks: () => createReadStream(path) }, options);
  } catch (e) {
    return fail('unreadable', `Cannot read ${path}: ${ioText(e)}.`);
  }
}

async function readCsvFolder(dir: string, options: ReadOptions): Promise<ParseResult> {
  let entries: DatasetEntry[];
  try {
    entries = await folderEntries(dir);
  } catch (e) {
    return fail('unreadable', `Cannot read the folder ${dir}: ${ioText(e)}.`);
  }
  const warnings: string[] = [];
  const sources = pickCsvEntries(entries, new Map(), warnings);
  return readCsvSources(dir, sources, warnings, options);
}

async function readCsvZip(path: string, options: ReadOptions): Promise<ParseResult> {
  try {
    return await withZipEntries(path, { what: path, labelPrefix: basename(path) }, (entries) => {
      const warnings: string[] = [];
      const sources = pickCsvEntries(entries, new Map(), warnings, { zip: true });
      return readCsvSources(path, sources, warnings, options);
    });
  } catch (e) {
    if (e instanceof ZipUnreadable) return fail('unreadable', e.message);
    throw e;
  }
}

async function readCsvSources(
  where: string,
  sources: CsvSources,
  warnings: string[],
  options: ReadOptions,
): Promise<ParseResult> {
  if (sources.size === 0) return fail('not-dataset', noCsvFiles(where));
  try {
    return await readCsvDataset(sources, warnings, {
      currency: options.currency,
      maxDetails: options.maxDetails,
      maxRecords: options.maxRecords,
      usageColumns: options.usageColumns,
      where,
    });
  } catch (e) {
    if (e instanceof DatasetTooLarge) return fail('too-large', e.message);
    if (e instanceof CsvSyntaxError) return fail('unreadable', `Cannot read ${where}: ${e.message}`);
    return fail('unreadable', `Cannot read ${where}: ${ioText(e)}`);
  }
}
