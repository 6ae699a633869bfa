/**
 * The one dataset reader, over an abstract list of entries (a name and a way to stream its bytes):
 * the browser's chosen files and zips (read-files.ts), a folder or zip on disk (read-node.ts, for
 * the CLI and the connectors' `dataset` source) and the server's uploads (server/import.ts) all
 * list their entries and hand them here. This module decides which entries are dataset files,
 * reads `dataset.csv`, and streams each collection's rows, in `COLLECTIONS` order, into a sink:
 * the `DatasetBuilder` (through `CsvDatasetReader`) in the browser and the CLI, the batched
 * database writer on the server. A JSON entry is read whole and validated by `parseDataset`
 * (the server streams JSON bodies instead: lib/dataset/json-stream.ts).
 *
 * Entry rules (DATASET.md is silent; the same in every container):
 * - In a zip, entries are matched by their base name wherever they sit (zipping a folder usually
 *   adds the folder's name); folders and macOS metadata (`__MACOSX/`, `._*`) are skipped; a second
 *   entry with the same name is ignored with a warning.
 * - File names are matched exactly (`accounts.csv`); other `.csv` names are ignored with a warning.
 */
import {
  type CsvCell,
  type CsvDatasetOptions,
  CsvDatasetReader,
  type CsvImportBudget,
  CsvParser,
  CsvSyntaxError,
  csvErrorIn,
  csvFileCollection,
} from './csv';
import { type DatasetError, errorText, type ParseResult, parseDataset } from './parse';
import { COLLECTIONS, type CollectionName } from './schema';

/** One file of a dataset, wherever it lives. */
export interface DatasetEntry {
  /** Its name or path inside its container (`data/usage.csv`). */
  name: string;
  /** Names it in messages (`usage.csv`, `export.zip:data/usage.csv`). */
  label: string;
  /** Its bytes. Stopping the iteration early (a refused dataset) stops reading the file. */
  chunks(): AsyncIterable<Uint8Array>;
  /** Its size in bytes, when known beforehand (a file on disk): a hint for sizing, never trusted as a limit. */
  size?: number;
}

/** The dataset's CSV files by what they hold. */
export type CsvSources = Map<CollectionName | 'dataset', DatasetEntry>;

export interface PickOptions {
  /** Zip rules: skip folders and macOS metadata, match by base name. */
  zip?: boolean;
  /** Which ignored names are worth a warning: `.csv` names (default), every name, or none. */
  warn?: 'csv' | 'all' | 'none';
}

/** Adds the dataset files among `entries` to `sources` (the first of a name wins), warning about the rest. */
export function pickCsvEntries(
  entries: Iterable<DatasetEntry>,
  sources: CsvSources,
  warnings: string[],
  options: PickOptions = {},
): CsvSources {
  const warn = options.warn ?? 'csv';
  for (const entry of entries) {
    const name = entry.name;
    let base = name;
    if (options.zip) {
      if (name.endsWith('/') || name.startsWith('__MACOSX/')) continue;
      base = name.replace(/^.*\//, '');
      if (base.startsWith('._')) continue;
    }
    const which = csvFileCollection(base);
    if (which === null) {
      if (warn === 'all' || (warn === 'csv' && /\.csv$/i.test(base)))
        warnings.push(`${name} is not a Healthbar CSV file name; it was ignored`);
      continue;
    }
    if (sources.has(which)) {
      warnings.push(
        `${name}: a second ${base} in the ${options.zip ? 'zip' : 'files'}; only the first was read`,
      );
      continue;
    }
    sources.set(which, entry);
  }
  return sources;
}

/** The message for a container without dataset files. */
export function noCsvFiles(where: string): string {
  return `${where} holds no Healthbar CSV files (expected dataset.csv, accounts.csv, usage.csv, …).`;
}

/**
 * Streams one CSV entry's rows to `onRow` (every parser of one dataset shares its `budget`);
 * `afterChunk` runs after each chunk (the server flushes its batches there). A syntax error names
 * the entry.
 */
export async function streamCsvRows(
  entry: DatasetEntry,
  budget: CsvImportBudget,
  onRow: (cells: CsvCell[], rowNumber: number) => void,
  afterChunk?: () => Promise<void>,
): Promise<void> {
  const parser = new CsvParser(onRow, { budget });
  try {
    for await (const chunk of entry.chunks()) {
      parser.pushBytes(chunk);
      if (afterChunk) await afterChunk();
    }
    parser.end();
    if (afterChunk) await afterChunk();
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw csvErrorIn(entry.label, e);
    throw e;
  }
}

/** `dataset.csv`'s header row, first values row and the count of further rows. */
export interface DatasetCsvRows {
  header?: CsvCell[];
  values?: CsvCell[];
  extraRows: number;
  label: string;
}

export async function readDatasetCsvRows(
  entry: DatasetEntry,
  budget: CsvImportBudget,
): Promise<DatasetCsvRows> {
  const rows: CsvCell[][] = [];
  let extraRows = 0;
  await streamCsvRows(entry, budget, (cells) => {
    if (rows.length < 2) rows.push(cells);
    else extraRows++;
  });
  return { header: rows[0], values: rows[1], extraRows, label: entry.label };
}

/** Where one collection's rows go: its first row is the header; `end` after the last. */
export interface CollectionSink {
  onRow(cells: CsvCell[], rowNumber: number): void;
  /** After each chunk read (a writer flushes a full batch here). */
  afterChunk?(): Promise<void>;
  end(): void | Promise<void>;
}

/** Streams every collection's file of `sources`, in `COLLECTIONS` order, into the sink `open` gives. */
export async function readCsvCollections(
  sources: CsvSources,
  budget: CsvImportBudget,
  open: (collection: CollectionName, entry: DatasetEntry) => CollectionSink,
): Promise<void> {
  for (const name of COLLECTIONS) {
    const entry = sources.get(name);
    if (!entry) continue;
    const sink = open(name, entry);
    await streamCsvRows(entry, budget, sink.onRow, sink.afterChunk?.bind(sink));
    await sink.end();
  }
}

/**
 * Reads CSV sources into a `DatasetBuilder` (browser and CLI): `dataset.csv` first, then each
 * collection. Throws what the reading throws (`DatasetTooLarge`, `CsvSyntaxError`, I/O errors):
 * each caller words those for its own audience.
 */
export async function readCsvDataset(
  sources: CsvSources,
  warnings: readonly string[],
  options: CsvDatasetOptions,
): Promise<ParseResult> {
  const reader = new CsvDatasetReader(options);
  for (const w of warnings) reader.builder.warn(w);
  const ds = sources.get('dataset');
  const error: DatasetError | null = reader.setHeaderRows(
    ds ? await readDatasetCsvRows(ds, reader.budget) : null,
  );
  if (error) return { ok: false, error };
  await readCsvCollections(sources, reader.budget, (name, entry) =>
    reader.collectionSink(name, entry.label, entry.size),
  );
  return reader.finish();
}

/** An entry's bytes as text (UTF-8, a byte-order mark dropped). */
async function entryText(entry: DatasetEntry): Promise<string> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of entry.chunks()) {
    parts.push(chunk);
    length += chunk.length;
  }
  const all = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return new TextDecoder('utf-8').decode(all);
}

/**
 * Reads a JSON dataset entry whole and validates it (`parseDataset`). The caller checks its size
 * first (it knows it before opening). Text that is not JSON is `not-dataset`, naming the entry;
 * I/O errors are thrown.
 */
export async function readJsonEntry(
  entry: DatasetEntry,
  options: { currency?: string; maxDetails?: number; maxRecords?: number; usageColumns?: boolean },
): Promise<ParseResult> {
  const text = await entryText(entry);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      error: { code: 'not-dataset', message: `${entry.label} is not valid JSON: ${errorText(e)}` },
    };
  }
  return parseDataset(value, {
    currencyFallback: options.currency,
    maxDetails: options.maxDetails,
    maxRecords: options.maxRecords,
    usageColumns: options.usageColumns,
  });
}
