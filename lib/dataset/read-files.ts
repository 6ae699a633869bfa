/**
 * Browser-side dataset reading for the options page's import: a JSON file, several CSV files,
 * or a zip of CSV files — through the same validation as every other reader
 * (`parseDataset` / `DatasetBuilder`). CSV is streamed (File.stream → TextDecoder → CsvParser),
 * zip entries are inflated as streams (fflate; the zip is read once to list its entries, then once
 * per CSV entry), so a large CSV dataset never becomes one string.
 */
import { Unzip, UnzipInflate } from 'fflate';
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

/** The part of a `File` this reader uses. */
export interface FileLike {
  name: string;
  size: number;
  stream(): ReadableStream<Uint8Array>;
  text(): Promise<string>;
}

/** A CSV source: label for messages and a way to stream its bytes (UTF-8). */
interface TextSource {
  label: string;
  chunks(): AsyncIterable<Uint8Array>;
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
      let value: unknown;
      try {
        value = JSON.parse((await f.text()).replace(/^\uFEFF/, ''));
      } catch (e) {
        return fail('not-dataset', `${f.name} is not valid JSON: ${errorText(e)}`);
      }
      return parseDataset(value, { currencyFallback: options.currency, maxRecords });
    }
    const sources = new Map<CollectionName | 'dataset', TextSource>();
    const warnings: string[] = [];
    for (const f of files) {
      if (/\.zip$/i.test(f.name)) {
        for (const s of await zipSources(f, warnings)) {
          if (!sources.has(s.which)) sources.set(s.which, s.source);
        }
        continue;
      }
      const which = csvFileCollection(f.name);
      if (which === null) {
        warnings.push(`${f.name} is not a Healthbar CSV file name; it was ignored`);
        continue;
      }
      sources.set(which, { label: f.name, chunks: () => bytesOf(f.stream()) });
    }
    return await readSources(sources, warnings, options.currency, maxRecords);
  } catch (e) {
    if (e instanceof DatasetTooLarge) return fail('too-large', e.message);
    return fail('unreadable', `Could not read the files: ${errorText(e)}`);
  }
}

/** Inflates a zip's CSV entries into memory-light text sources (each entry inflated when read). */
async function zipSources(
  file: FileLike,
  warnings: string[],
): Promise<{ which: CollectionName | 'dataset'; source: TextSource }[]> {
  // Pass 1: list entries (inflating nothing).
  const names: string[] = [];
  await walkZip(file, (name) => {
    names.push(name);
    return false;
  });
  const out: { which: CollectionName | 'dataset'; source: TextSource }[] = [];
  for (const name of names) {
    if (name.endsWith('/') || name.startsWith('__MACOSX/')) continue;
    const base = name.replace(/^.*\//, '');
    if (base.startsWith('._')) continue;
    const which = csvFileCollection(base);
    if (which === null) {
      if (/\.csv$/i.test(base)) warnings.push(`${name} is not a Healthbar CSV file name; it was ignored`);
      continue;
    }
    out.push({
      which,
      source: {
        label: `${file.name}:${name}`,
        chunks: () => zipEntryText(file, name),
      },
    });
  }
  return out;
}

/** Streams a zip through fflate, calling `want(name)` per entry; wanted entries' data go to `onData`. */
async function walkZip(
  file: FileLike,
  want: (name: string) => boolean,
  onData?: (chunk: Uint8Array, final: boolean) => void,
): Promise<void> {
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  let error: unknown;
  unzip.onfile = (entry) => {
    if (!want(entry.name)) return;
    entry.ondata = (err, chunk, final) => {
      if (err) error = err;
      else onData?.(chunk, final);
    };
    entry.start();
  };
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    unzip.push(value, false);
    if (error) throw error;
  }
  unzip.push(new Uint8Array(0), true);
  if (error) throw error;
}

/**
 * One zip entry's bytes, inflated as the zip streams by. fflate pushes inflated chunks
 * synchronously while we feed it, so each compressed chunk read yields at most a few
 * inflated chunks: memory holds one read's worth of text, not the whole entry.
 */
async function* zipEntryText(file: FileLike, name: string): AsyncIterable<Uint8Array> {
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  let error: unknown;
  const out: Uint8Array[] = [];
  unzip.onfile = (entry) => {
    if (entry.name !== name) return;
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

async function streamRows(
  source: TextSource,
  budget: CsvImportBudget,
  onRow: (cells: CsvCell[], row: number) => void,
): Promise<void> {
  const parser = new CsvParser(onRow, { budget });
  try {
    for await (const chunk of source.chunks()) parser.pushBytes(chunk);
    parser.end();
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw csvErrorIn(source.label, e);
    throw e;
  }
}

async function readSources(
  sources: Map<CollectionName | 'dataset', TextSource>,
  warnings: string[],
  currency: string | undefined,
  maxRecords: number,
): Promise<ParseResult> {
  if (sources.size === 0) {
    return fail(
      'not-dataset',
      'No Healthbar CSV files were chosen (expected dataset.csv, accounts.csv, usage.csv, …).',
    );
  }
  const reader = new CsvDatasetReader({ currency, where: 'the chosen files', maxRecords });
  for (const w of warnings) reader.builder.warn(w);
  const ds = sources.get('dataset');
  let error: DatasetError | null;
  if (ds) {
    const rows: CsvCell[][] = [];
    let extraRows = 0;
    await streamRows(ds, reader.budget, (cells) => {
      if (rows.length < 2) rows.push(cells);
      else extraRows++;
    });
    error = reader.setHeaderRows({ header: rows[0], values: rows[1], extraRows, label: ds.label });
  } else {
    error = reader.setHeaderRows(null);
  }
  if (error) return { ok: false, error };
  for (const name of COLLECTIONS) {
    const source = sources.get(name);
    if (!source) continue;
    const sink = reader.collectionSink(name, source.label);
    await streamRows(source, reader.budget, sink.onRow);
    sink.end();
  }
  return reader.finish();
}
