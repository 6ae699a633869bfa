/**
 * Node-only dataset reader: a `.json` file, a folder of CSV files, or a `.zip` of CSV files.
 *
 * CSV is streamed row by row (file or zip-entry stream → `CsvParser` → `DatasetBuilder`), so memory
 * holds the validated records and not the text. A JSON file is read whole (JSON cannot be
 * validated record by record without a streaming JSON parser), up to `maxJsonBytes`.
 *
 * Choices where DATASET.md is silent:
 * - A path that is neither a folder nor named `.json`/`.zip` is recognised by its first bytes
 *   (`PK` → zip, `{` → JSON). A single `.csv` file is refused: a CSV dataset is a folder or zip.
 * - In a zip, entries are matched by their base name wherever they sit (zipping a folder usually
 *   adds the folder's name); macOS metadata (`__MACOSX/`, `._*`) is skipped; a second entry with
 *   the same name is ignored with a warning. In a folder only its top level is read.
 * - File names are matched exactly (`accounts.csv`); other `.csv` names are ignored with a warning.
 * - `dataset.csv` must have its header and one row; further rows are ignored with a warning. When
 *   it has a currency and `currency` is also given, the file wins (a warning says so if they
 *   differ); when its currency cell is empty, the given currency is used.
 * - `currency` (the CLI's `--currency`) also stands in for a JSON dataset's missing currency.
 * - A CSV syntax error that cannot be confined to a row (a quote never closed, a field over 16 Mi
 *   characters) makes the dataset unusable, naming the file and row.
 */
import { createReadStream } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import {
  type CsvCell,
  CsvDatasetReader,
  type CsvImportBudget,
  CsvParser,
  CsvSyntaxError,
  csvErrorIn,
  csvFileCollection,
} from './csv';
import { type DatasetError, DatasetTooLarge, errorText, type ParseResult, parseDataset } from './parse';
import { COLLECTIONS, type CollectionName } from './schema';

export interface ReadOptions {
  /** Currency when the dataset names none (no `dataset.csv`, or a JSON without `currency`). */
  currency?: string;
  /** JSON files larger than this are refused (default 400 MiB; CSV has no limit). */
  maxJsonBytes?: number;
  /** Rejections/replacements kept in detail (default 1000). */
  maxDetails?: number;
  /** Most records kept; past it the dataset is refused (`too-large`) and reading stops. Default: no limit. */
  maxRecords?: number;
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
  let value: unknown;
  try {
    value = await readJsonValue(path);
  } catch (e) {
    if (e instanceof SyntaxError) return fail('not-dataset', `${path} is not valid JSON: ${errorText(e)}`);
    return fail('unreadable', `Cannot read ${path}: ${ioText(e)}.`);
  }
  return parseDataset(value, {
    currencyFallback: options.currency,
    maxDetails: options.maxDetails,
    maxRecords: options.maxRecords,
  });
}

async function readJsonValue(path: string): Promise<unknown> {
  let text = (await readFile(path)).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return JSON.parse(text);
}

/** A CSV file of the dataset, wherever it lives. */
interface CsvSource {
  /** Name for messages (`usage.csv`, `export.zip:data/usage.csv`). */
  label: string;
  open(): Promise<Readable>;
}

async function readCsvFolder(dir: string, options: ReadOptions): Promise<ParseResult> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    return fail('unreadable', `Cannot read the folder ${dir}: ${ioText(e)}.`);
  }
  names.sort();
  const sources = new Map<CollectionName | 'dataset', CsvSource>();
  const warnings: string[] = [];
  for (const name of names) {
    const which = csvFileCollection(name);
    if (which === null) {
      if (/\.csv$/i.test(name)) warnings.push(`${name} is not a Healthbar CSV file name; it was ignored`);
      continue;
    }
    const full = join(dir, name);
    try {
      if (!(await stat(full)).isFile()) continue;
    } catch {
      continue;
    }
    sources.set(which, { label: name, open: async () => createReadStream(full) });
  }
  return readCsvSources(dir, sources, warnings, options);
}

async function readCsvZip(path: string, options: ReadOptions): Promise<ParseResult> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  } catch (e) {
    return fail('unreadable', `${path} is not a readable zip file: ${errorText(e)}.`);
  }
  try {
    const sources = new Map<CollectionName | 'dataset', CsvSource>();
    const warnings: string[] = [];
    const zipName = basename(path);
    try {
      for await (const entry of zip.eachEntry()) {
        const name = entry.fileName;
        if (name.endsWith('/') || name.startsWith('__MACOSX/')) continue;
        const base = name.replace(/^.*\//, '');
        if (base.startsWith('._')) continue;
        const which = csvFileCollection(base);
        if (which === null) {
          if (/\.csv$/i.test(base)) warnings.push(`${name} is not a Healthbar CSV file name; it was ignored`);
          continue;
        }
        if (sources.has(which)) {
          warnings.push(`${name}: a second ${base} in the zip; only the first was read`);
          continue;
        }
        sources.set(which, {
          label: `${zipName}:${name}`,
          open: () => zip.openReadStreamPromise(entry),
        });
      }
    } catch (e) {
      return fail('unreadable', `${path} is not a readable zip file: ${errorText(e)}.`);
    }
    return await readCsvSources(path, sources, warnings, options);
  } finally {
    zip.close();
  }
}

async function streamRows(
  source: CsvSource,
  budget: CsvImportBudget,
  onRow: (cells: CsvCell[], rowNumber: number) => void,
): Promise<void> {
  const stream = await source.open();
  const parser = new CsvParser(onRow, { budget });
  try {
    for await (const chunk of stream) parser.pushBytes(chunk as Buffer);
    parser.end();
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw csvErrorIn(source.label, e);
    throw e;
  } finally {
    stream.destroy();
  }
}

async function readCsvSources(
  where: string,
  sources: Map<CollectionName | 'dataset', CsvSource>,
  warnings: string[],
  options: ReadOptions,
): Promise<ParseResult> {
  if (sources.size === 0) {
    return fail(
      'not-dataset',
      `${where} holds no Healthbar CSV files (expected dataset.csv, accounts.csv, usage.csv, …).`,
    );
  }
  const reader = new CsvDatasetReader({
    currency: options.currency,
    maxDetails: options.maxDetails,
    maxRecords: options.maxRecords,
    where,
  });
  for (const w of warnings) reader.builder.warn(w);
  try {
    const datasetSource = sources.get('dataset');
    let error: DatasetError | null;
    if (datasetSource) {
      const rows: CsvCell[][] = [];
      let extraRows = 0;
      await streamRows(datasetSource, reader.budget, (cells) => {
        if (rows.length < 2) rows.push(cells);
        else extraRows++;
      });
      error = reader.setHeaderRows({
        header: rows[0],
        values: rows[1],
        extraRows,
        label: datasetSource.label,
      });
    } else error = reader.setHeaderRows(null);
    if (error) return { ok: false, error };
    for (const name of COLLECTIONS) {
      const source = sources.get(name);
      if (!source) continue;
      const sink = reader.collectionSink(name, source.label);
      await streamRows(source, reader.budget, sink.onRow);
      sink.end();
    }
  } catch (e) {
    if (e instanceof DatasetTooLarge) return fail('too-large', e.message);
    if (e instanceof CsvSyntaxError) return fail('unreadable', `Cannot read ${where}: ${e.message}`);
    return fail('unreadable', `Cannot read ${where}: ${ioText(e)}`);
  }
  return reader.finish();
}
