/**
 * Browser-side dataset reading for the options page's import: a JSON file, several CSV files,
 * or a zip of CSV files, listed as entries and read by the one dataset reader (read-entries.ts),
 * through the same validation as every other reader (`parseDataset` / `DatasetBuilder`). CSV is streamed (File.stream → TextDecoder → CsvParser),
 * zip entries are inflated as streams (fflate; the zip is read once to list its entries, then once
 * per CSV entry), so a large CSV dataset never becomes one string.
 */
import { Unzip, UnzipInflate } from 'fflate';
import { DatasetTooLarge, errorText, type ParseResult } from './parse';
import {
  type CsvSources,
  type DatasetEntry,
  pickCsvEntries,
  readCsvDataset,
  readJsonEntry,
} from './read-entries';

/** The part of a `File` this reader uses. */
export interface FileLike {
  name: string;
  size: number;
  stream(): ReadableStream<Uint8Array>;
  text(): Promise<string>;
}

const MAX_JSON_BYTES = 400 * 1024 * 1024;

/**
 * Most records one browser import keeps (all collections). Reading holds ~120 bytes a record and
 * writing the cache as much again: 5 million records (5,000 accounts × 1,000 days of usage) stay
 * near 1.3 GB, well inside a tab's memory. Past it the import is refused with a message, never
 * an out-of-memory crash of the options page.
 */
export const MAX_IMPORT_RECORDS = 5_000_000;

/** A file's bytes; the CSV parser decodes them (and counts them against the import's caps). */
async function* bytesOf(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield value;
    }
  } finally {
    // Stopped early (a refused dataset): stop reading the file too.
    reader.cancel().catch(() => {});
  }
}

function fail(
  code: 'unreadable' | 'not-dataset' | 'too-large' | 'currency' | 'header',
  message: string,
): ParseResult {
  return { ok: false, error: { code, message } };
}

/** Reads the chosen files as one dataset. `currency` stands in when there is no dataset.csv. */
export async function readDatasetFiles(
  files: readonly FileLike[],
  options: { currency?: string; maxRecords?: number } = {},
): Promise<ParseResult> {
  const maxRecords = options.maxRecords ?? MAX_IMPORT_RECORDS;
  if (files.length === 0)
    return fail('not-dataset', 'Choose a dataset file: a .json file, CSV files or a .zip of CSV files.');
  try {
    if (files.length === 1 && /\.json$/i.test(files[0].name)) {
      const f = files[0];
      if (f.size > MAX_JSON_BYTES) {
        return fail(
          'too-large',
          `${f.name} is ${Math.round(f.size / 2 ** 20)} MB; import large datasets as CSV files or a zip instead.`,
        );
      }
      return await readJsonEntry(fileEntry(f), { currency: options.currency, maxRecords });
    }
    const sources: CsvSources = new Map();
    const warnings: string[] = [];
    for (const f of files) {
      if (/\.zip$/i.test(f.name)) pickCsvEntries(await zipEntries(f), sources, warnings, { zip: true });
      else pickCsvEntries([fileEntry(f)], sources, warnings, { warn: 'all' });
    }
    if (sources.size === 0) {
      return fail(
        'not-dataset',
        'No Healthbar CSV files were chosen (expected dataset.csv, accounts.csv, usage.csv, …).',
      );
    }
    return await readCsvDataset(sources, warnings, {
      currency: options.currency,
      where: 'the chosen files',
      maxRecords,
    });
  } catch (e) {
    if (e instanceof DatasetTooLarge) return fail('too-large', e.message);
    return fail('unreadable', `Could not read the files: ${errorText(e)}`);
  }
}

function fileEntry(f: FileLike): DatasetEntry {
  return { name: f.name, label: f.name, size: f.size, chunks: () => bytesOf(f.stream()) };
}

/** A zip's entries, each inflated when read (listing them inflates nothing). */
async function zipEntries(file: FileLike): Promise<DatasetEntry[]> {
  const names: string[] = [];
  const listOnly = (name: string) => {
    names.push(name);
    return false;
  };
  // No entry is wanted, so nothing is inflated or yielded: the walk only lists the names.
  for await (const _ of unzipChunks(file, listOnly));
  return names.map((name) => ({
    name,
    label: `${file.name}:${name}`,
    chunks: () => unzipChunks(file, (entry) => entry === name),
  }));
}

/**
 * Streams a zip through fflate, asking `want(name)` per entry, and yields the inflated bytes of
 * the wanted entries as the zip streams by. fflate pushes inflated chunks synchronously while we
 * feed it, so each compressed chunk read yields at most a few inflated chunks: memory holds one
 * read's worth of text, not the whole entry.
 */
async function* unzipChunks(file: FileLike, want: (name: string) => boolean): AsyncIterable<Uint8Array> {
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  let error: unknown;
  const out: Uint8Array[] = [];
  unzip.onfile = (entry) => {
    if (!want(entry.name)) return;
    entry.ondata = (err, chunk) => {
      if (err) error = err;
      else out.push(chunk);
    };
    entry.start();
  };
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    unzip.push(value, false);
    if (error) throw error;
    while (out.length) yield out.shift() as Uint8Array;
  }
  unzip.push(new Uint8Array(0), true);
  if (error) throw error;
  while (out.length) yield out.shift() as Uint8Array;
}
