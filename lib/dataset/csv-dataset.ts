/**
 * A whole CSV dataset (shared by the Node reader, which streams, and `parseCsvFiles`, which does
 * not): `dataset.csv` first, then each collection's file through its converter into a `DatasetBuilder`.
 */

import { DatasetBuilder } from './builder';
import { type CsvCell, csvFileCollection, DATASET_CSV_HEADER } from './csv-columns';
import { csvRowConverter, datasetCsvToHeader, type RowConverter } from './csv-convert';
import { CsvImportBudget, CsvParser, CsvSyntaxError } from './csv-parser';
import { errorText } from './describe';
import { type BuilderOptions, type DatasetError, DatasetTooLarge, type ParseResult } from './result';
import type { CollectionName } from './schema';
import { COLLECTIONS, SCHEMA_VERSION } from './schema';

export interface CsvDatasetOptions extends BuilderOptions {
  /** Currency when there is no `dataset.csv` or its currency cell is empty (the CLI's `--currency`). */
  currency?: string;
  /** Names the dataset in messages (a folder or zip path). */
  where?: string;
}

/** What a collection file's header row deserves a warning for (unknown, repeated, missing columns). */
export function headerWarnings(label: string, conv: RowConverter): string[] {
  const out: string[] = [];
  if (conv.unknownColumns.length > 0) {
    const n = conv.unknownColumns.length;
    out.push(
      `${label}: unknown column${n === 1 ? '' : 's'} ${conv.unknownColumns.slice(0, 10).join(', ')} ignored`,
    );
  }
  if (conv.repeatedColumns.length > 0)
    out.push(`${label}: repeated column ${conv.repeatedColumns.join(', ')}; the first is used`);
  if (conv.missingRequired.length > 0) {
    out.push(
      `${label} has no ${conv.missingRequired.join(', ')} column, which every record needs; its rows are rejected`,
    );
  }
  return out;
}

/**
 * Drives a `DatasetBuilder` from CSV files: first `setHeaderRows` (from `dataset.csv`, or
 * nothing), then each collection's rows through `collectionSink`, then `finish`.
 */
export class CsvDatasetReader {
  readonly builder: DatasetBuilder;
  /** The import's CSV totals: give it to every `CsvParser` of this dataset. */
  readonly budget = new CsvImportBudget();
  private readonly where: string;

  constructor(private readonly options: CsvDatasetOptions = {}) {
    this.builder = new DatasetBuilder(options);
    this.where = options.where ?? 'the dataset';
  }

  /**
   * `dataset.csv`'s header row and first values row (`undefined` when the file is absent:
   * `rows === null`). `extraRows` counts further rows (ignored with a warning).
   */
  setHeaderRows(
    rows: { header?: CsvCell[]; values?: CsvCell[]; extraRows: number; label: string } | null,
  ): DatasetError | null {
    const { currency } = this.options;
    if (rows === null) {
      if (!currency) {
        return {
          code: 'currency',
          message: `No currency for ${this.where}: it has no dataset.csv (header ${DATASET_CSV_HEADER.join(',')}) and no currency was given (--currency, e.g. --currency USD).`,
        };
      }
      return this.builder.setHeader(
        { schemaVersion: SCHEMA_VERSION, currency },
        { source: 'the --currency flag' },
      );
    }
    if (rows.header === undefined || rows.values === undefined) {
      return {
        code: 'header',
        message: `${rows.label} must have a header row (${DATASET_CSV_HEADER.join(',')}) and one row of values.`,
      };
    }
    if (rows.extraRows > 0) {
      this.builder.warn(`${rows.label} has ${rows.extraRows + 1} rows of values; only the first was used`);
    }
    const header = datasetCsvToHeader(rows.header, rows.values);
    if (currency && typeof header.currency === 'string' && header.currency !== currency) {
      this.builder.warn(
        `${rows.label} says the currency is ${header.currency}; the given currency ${currency} was not used`,
      );
    }
    return this.builder.setHeader(header, { currencyFallback: currency, source: rows.label });
  }

  /**
   * Row handler for one collection's file; its first row is the header. Call `afterChunk()` after
   * each chunk of the file is parsed and `end()` after the last row. `size` (the file's bytes,
   * when known) lets the builder size a keyed collection's arrays once (`expectRows`).
   */
  collectionSink(
    collection: CollectionName,
    label: string,
    size?: number,
  ): {
    onRow: (cells: CsvCell[], rowNumber: number) => void;
    afterChunk: () => Promise<void>;
    end: () => void;
  } {
    const b = this.builder;
    const budget = this.budget;
    const startBytes = budget.bytes;
    let conv: RowConverter | null = null;
    const onRow = (cells: CsvCell[], rowNumber: number) => {
      if (conv === null) {
        conv = csvRowConverter(collection, cells);
        for (const w of headerWarnings(label, conv)) b.warn(w);
        return;
      }
      const at = { file: label, row: rowNumber };
      const r = conv.convert(cells);
      if (r.ok) b.add(collection, r.record, at);
      else b.reject(collection, r.record, r.field, r.message, at);
    };
    const end = () => {
      if (conv === null) b.warn(`${label} is empty (not even a header row)`);
    };
    const afterChunk = async () => {
      if (size !== undefined) expectFromProgress(b, collection, size, budget.bytes - startBytes);
    };
    return { onRow, afterChunk, end };
  }

  finish(): ParseResult {
    return this.builder.finish();
  }
}

/** Bytes of a file read before its row count is projected from them (`expectFromProgress`). */
const PROJECT_AFTER_BYTES = 1024 * 1024;

/**
 * Sizes a keyed collection's arrays from how far its file is read: `read` of `size` bytes gave
 * the rows offered so far, so the file holds about rows × size / read. Only when that is past the
 * arrays' room, with a margin that shrinks as the file is read (5 % at the start). A wrong `size`
 * costs at most growing again (the caps on bytes and rows hold as ever).
 */
function expectFromProgress(b: DatasetBuilder, collection: CollectionName, size: number, read: number): void {
  if (read < Math.min(size, PROJECT_AFTER_BYTES) || read <= 0) return;
  const rows = b.nextIndex(collection);
  const room = b.rowCapacity(collection);
  if (rows === 0 || room === 0) return;
  const left = Math.max(0, size - read);
  const projected = rows + (rows * left) / read;
  if (projected <= room) return;
  b.expectRows(collection, Math.ceil(projected + (0.05 * (rows * left)) / read) + 1024);
}

/**
 * Reads a CSV dataset held in memory as `{fileName: text}` (an import dialog, tests). File names
 * are matched like a folder's (`accounts.csv`; other `.csv` names are ignored with a warning).
 * Never throws.
 */
export function parseCsvFiles(files: Record<string, string>, options: CsvDatasetOptions = {}): ParseResult {
  try {
    const byName = new Map<CollectionName | 'dataset', { label: string; text: string }>();
    const unknown: string[] = [];
    for (const name of Object.keys(files).sort()) {
      const which = csvFileCollection(name);
      if (which === null) {
        if (/\.csv$/i.test(name)) unknown.push(name);
      } else if (!byName.has(which)) byName.set(which, { label: name, text: files[name] });
    }
    if (byName.size === 0) {
      return {
        ok: false,
        error: {
          code: 'not-dataset',
          message: `${options.where ?? 'The files'} hold no Healthbar CSV files (expected dataset.csv, accounts.csv, usage.csv, …).`,
        },
      };
    }
    const reader = new CsvDatasetReader(options);
    for (const name of unknown)
      reader.builder.warn(`${name} is not a Healthbar CSV file name; it was ignored`);
    const ds = byName.get('dataset');
    let error: DatasetError | null;
    if (ds) {
      const rows: CsvCell[][] = [];
      const unreadable = parseWholeFile(ds, (r) => rows.push(r), reader.budget);
      if (unreadable) return { ok: false, error: unreadable };
      error = reader.setHeaderRows({
        header: rows[0],
        values: rows[1],
        extraRows: Math.max(0, rows.length - 2),
        label: ds.label,
      });
    } else error = reader.setHeaderRows(null);
    if (error) return { ok: false, error };
    for (const name of COLLECTIONS) {
      const f = byName.get(name);
      if (!f) continue;
      const sink = reader.collectionSink(name, f.label);
      const unreadable = parseWholeFile(f, sink.onRow, reader.budget);
      if (unreadable) return { ok: false, error: unreadable };
      sink.end();
    }
    return reader.finish();
  } catch (e) {
    if (e instanceof DatasetTooLarge) return { ok: false, error: { code: 'too-large', message: e.message } };
    return {
      ok: false,
      error: { code: 'unreadable', message: `The CSV files could not be read: ${errorText(e)}` },
    };
  }
}

/** Parses one whole file's text into `onRow`; a syntax error is the dataset's `unreadable` error. */
function parseWholeFile(
  file: { text: string; label: string },
  onRow: (cells: CsvCell[], rowNumber: number) => void,
  budget: CsvImportBudget,
): DatasetError | null {
  const p = new CsvParser(onRow, { budget });
  try {
    p.push(file.text);
    p.end();
    return null;
  } catch (e) {
    if (e instanceof CsvSyntaxError)
      return { code: 'unreadable', message: `Cannot read ${file.label}, ${e.message}` };
    throw e;
  }
}
