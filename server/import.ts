/**
 * Imports: a dataset (JSON, a zip of CSV files, or a folder of CSV files written from a multipart
 * upload) upserted into the workspace in one transaction, with a report of what was accepted,
 * rejected (and why) and replaced.
 *
 * A JSON body is streamed (lib/dataset/json-stream.ts) and written in batches. A zip or folder is
 * listed as entries (lib/dataset/entries-node.ts) and read by the one dataset reader
 * (lib/dataset/read-entries.ts), whose sink here is the batched database writer: rows go through
 * the CSV reader and the record schemas one at a time and are written in batches, so memory stays bounded whatever the dataset's size (the
 * whole-dataset readers of lib/dataset keep every record in memory, which a 20,000-account import
 * cannot afford). Repeated ids/keys across batches are detected in the database (`import_id`).
 */
import {
  CsvImportBudget,
  CsvLimitError,
  CsvSyntaxError,
  csvRowConverter,
  DATASET_CSV_HEADER,
  datasetCsvToHeader,
  headerWarnings,
  type RowConverter,
} from '../lib/dataset/csv';
import { folderEntries, withZipEntries, ZipUnreadable } from '../lib/dataset/entries-node';
import { JsonDatasetStream, NotAnObject } from '../lib/dataset/json-stream';
import {
  type DatasetError,
  DatasetTooLarge,
  describeIssues,
  NullEntryCounter,
  type ParseResult,
  type ParseSuccess,
  parseDataset,
  readableId,
  validateHeader,
} from '../lib/dataset/parse';
import {
  type CollectionSink,
  type CsvSources,
  noCsvFiles,
  pickCsvEntries,
  readCsvCollections,
  readDatasetCsvRows,
} from '../lib/dataset/read-entries';
import {
  COLLECTIONS,
  type CollectionName,
  collectionSchemas,
  type DatasetHeader,
  nullMapEntries,
  SCHEMA_VERSION,
} from '../lib/dataset/schema';
import type { Db } from './db';
import { readWorkspace, type WorkspaceState, type WriteTx, writeTransaction } from './store';
import type { ImportReport } from './wire';

/** An import refused as a whole (nothing written). */
export class ImportRefused extends Error {
  constructor(
    readonly status: 400 | 409 | 413 | 415,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ImportOptions {
  batchSize: number;
  /** Rejections and replacements listed in detail (the counts are always complete). */
  maxDetails?: number;
  /** CSV without dataset.csv: the currency to use (else the workspace's). */
  currency?: string;
}

import { BatchWriter, ReportBuilder } from './import-writer';

function checkCurrency(header: DatasetHeader, before: WorkspaceState): void {
  if (before.currency !== null && before.currency !== header.currency) {
    throw new ImportRefused(
      409,
      'currency-mismatch',
      `The dataset's currency is ${header.currency} but the workspace's is ${before.currency}; money of different currencies cannot be mixed. Convert the amounts to ${before.currency} first.`,
    );
  }
}

function refusal(error: DatasetError): ImportRefused {
  return new ImportRefused(error.code === 'too-large' ? 413 : 400, error.code, error.message);
}

/**
 * Imports a JSON dataset from its bytes, streamed (`JsonDatasetStream`): neither the text nor an
 * object tree of it is ever held whole. Throws `JsonSyntaxError` for a body that is not JSON.
 */
export async function importJsonStream(
  db: Db,
  chunks: AsyncIterable<Uint8Array>,
  options: ImportOptions,
): Promise<ImportReport> {
  const stream = new JsonDatasetStream({ maxDetails: options.maxDetails ?? 1000 });
  let parsed: ParseResult;
  try {
    for await (const chunk of chunks) stream.write(chunk);
    parsed = stream.end();
  } catch (e) {
    if (e instanceof NotAnObject) throw new ImportRefused(400, 'not-object', e.message);
    if (e instanceof DatasetTooLarge) throw new ImportRefused(413, 'too-large', e.message);
    throw e;
  }
  if (!parsed.ok) throw refusal(parsed.error);
  return importParsed(db, parsed, options);
}

/** Imports a dataset given as parsed JSON (or built in memory, like the demo seed). */
export async function importJson(db: Db, value: unknown, options: ImportOptions): Promise<ImportReport> {
  const parsed = parseDataset(value, { maxDetails: options.maxDetails ?? 1000 });
  if (!parsed.ok) throw refusal(parsed.error);
  return importParsed(db, parsed, options);
}

export async function importParsed(
  db: Db,
  parsed: ParseSuccess,
  options: ImportOptions,
): Promise<ImportReport> {
  const maxDetails = options.maxDetails ?? 1000;
  const { dataset } = parsed;
  const header: DatasetHeader = { schemaVersion: SCHEMA_VERSION, currency: dataset.currency };
  if (dataset.dataThrough) header.dataThrough = dataset.dataThrough;
  if (dataset.generatedAt) header.generatedAt = dataset.generatedAt;
  return writeTransaction(db, async (tx, before) => {
    checkCurrency(header, before);
    await tx.setHeader(header, before);
    const report = new ReportBuilder(maxDetails);
    // parseDataset already validated and de-duplicated: take its complete counts and details.
    let rejectedTotal = 0;
    let replacedTotal = 0;
    for (const c of COLLECTIONS) {
      report.collections[c].rejected = parsed.rejectedCounts[c];
      report.collections[c].replaced = parsed.replacedCounts[c];
      rejectedTotal += parsed.rejectedCounts[c];
      replacedTotal += parsed.replacedCounts[c];
    }
    for (const r of parsed.rejected.slice(0, maxDetails)) report.rejections.push({ ...r });
    for (const r of parsed.replaced.slice(0, maxDetails)) {
      report.replacements.push({ collection: r.collection, id: r.id, message: r.message });
    }
    report.truncated = report.rejections.length < rejectedTotal || report.replacements.length < replacedTotal;
    for (const w of parsed.warnings) report.warn(w);
    for (const c of COLLECTIONS) {
      const list = dataset[c] as unknown as Record<string, unknown>[];
      const writer = new BatchWriter(tx, c, report, options.batchSize);
      for (let i = 0; i < list.length; i++) {
        writer.add({ record: list[i], location: `${c}[${i}]` });
        if (writer.full) await writer.flush();
      }
      await writer.flush();
    }
    const counts = await tx.changeCounts();
    return report.finish(header, before, counts.upserts + counts.tombstones);
  });
}

async function csvHeader(
  where: string,
  sources: CsvSources,
  currency: string | undefined,
  report: ReportBuilder,
  budget: CsvImportBudget,
): Promise<DatasetHeader> {
  const datasetSource = sources.get('dataset');
  if (!datasetSource) {
    if (!currency) {
      throw new ImportRefused(
        400,
        'currency',
        `No currency for ${where}: it has no dataset.csv (header ${DATASET_CSV_HEADER.join(',')}) and neither the request (?currency=USD) nor the workspace names one.`,
      );
    }
    const r = validateHeader(
      { schemaVersion: SCHEMA_VERSION, currency },
      { source: 'the currency parameter' },
    );
    if ('error' in r) throw refusal(r.error);
    return r.header;
  }
  const rows = await readDatasetCsvRows(datasetSource, budget);
  if (rows.header === undefined || rows.values === undefined) {
    throw new ImportRefused(
      400,
      'header',
      `${datasetSource.label} must have a header row (${DATASET_CSV_HEADER.join(',')}) and one row of values.`,
    );
  }
  if (rows.extraRows > 0)
    report.warn(`${datasetSource.label} has ${rows.extraRows + 1} rows of values; only the first was used`);
  const r = validateHeader(datasetCsvToHeader(rows.header, rows.values), {
    currencyFallback: currency,
    source: datasetSource.label,
  });
  if ('error' in r) throw refusal(r.error);
  for (const w of r.warnings) report.warn(w);
  return r.header;
}

/** Imports the CSV files of `sources`, streamed, in one transaction. */
async function importCsvSources(
  db: Db,
  where: string,
  sources: CsvSources,
  warnings: string[],
  options: ImportOptions,
): Promise<ImportReport> {
  if (sources.size === 0) throw new ImportRefused(400, 'not-dataset', noCsvFiles(where));
  const report = new ReportBuilder(options.maxDetails ?? 1000);
  for (const w of warnings) report.warn(w);
  const ws = await readWorkspace(db);
  const budget = new CsvImportBudget();
  try {
    const header = await csvHeader(
      where,
      sources,
      options.currency ?? ws.currency ?? undefined,
      report,
      budget,
    );
    return await writeTransaction(db, async (tx, before) => {
      checkCurrency(header, before);
      await tx.setHeader(header, before);
      await readCsvCollections(sources, budget, (c, entry) =>
        collectionWriter(tx, c, entry.label, report, options.batchSize),
      );
      const counts = await tx.changeCounts();
      return report.finish(header, before, counts.upserts + counts.tombstones);
    });
  } catch (e) {
    if (e instanceof CsvLimitError) {
      const large = e.limit === 'bytes' || e.limit === 'rows';
      throw new ImportRefused(
        large ? 413 : 400,
        large ? 'too-large' : 'unreadable',
        `Cannot read ${where}: ${e.message}. Nothing was imported.`,
      );
    }
    if (e instanceof CsvSyntaxError) {
      throw new ImportRefused(400, 'unreadable', `Cannot read ${where}: ${e.message}. Nothing was imported.`);
    }
    throw e;
  }
}

/** One collection's rows, validated one at a time and written in batches (the server's sink). */
function collectionWriter(
  tx: WriteTx,
  c: CollectionName,
  label: string,
  report: ReportBuilder,
  batchSize: number,
): CollectionSink {
  const writer = new BatchWriter(tx, c, report, batchSize);
  const schema = collectionSchemas[c];
  const nullEntries = new NullEntryCounter();
  let conv: RowConverter | null = null;
  let index = 0;
  return {
    onRow(cells, rowNumber) {
      if (conv === null) {
        conv = csvRowConverter(c, cells);
        for (const w of headerWarnings(label, conv)) report.warn(w);
        return;
      }
      const location = `${label} row ${rowNumber}`;
      const i = index++;
      const converted = conv.convert(cells);
      const id = readableId(c, converted.record);
      const where = id === undefined ? location : `${location} (${id})`;
      if (!converted.ok) {
        report.reject({
          collection: c,
          index: i,
          id,
          field: converted.field,
          message: `${where}: ${converted.message}`,
        });
        return;
      }
      const parsed = schema.safeParse(converted.record);
      if (!parsed.success) {
        const { field, text } = describeIssues(parsed.error.issues, converted.record);
        report.reject({ collection: c, index: i, id, field, message: `${where}: ${text}` });
        return;
      }
      const nulls = nullMapEntries(c, converted.record);
      if (nulls.length > 0) nullEntries.note(c, nulls, where);
      writer.add({ record: parsed.data as Record<string, unknown>, location });
    },
    async afterChunk() {
      if (writer.full) await writer.flush();
    },
    async end() {
      await writer.flush();
      for (const w of nullEntries.warnings()) report.warn(w);
      if (conv === null) report.warn(`${label} is empty (not even a header row)`);
    },
  };
}

/** Imports a zip of CSV files (entries matched by base name, wherever they sit in the zip). */
export async function importZip(
  db: Db,
  path: string,
  label: string,
  options: ImportOptions,
): Promise<ImportReport> {
  try {
    return await withZipEntries(path, { what: label, labelPrefix: label }, (entries) => {
      const warnings: string[] = [];
      const sources = pickCsvEntries(entries, new Map(), warnings, { zip: true });
      return importCsvSources(db, label, sources, warnings, options);
    });
  } catch (e) {
    if (e instanceof ZipUnreadable) throw new ImportRefused(400, 'unreadable', e.message);
    throw e;
  }
}

/** Imports a folder of CSV files (the files of a multipart upload). */
export async function importFolder(
  db: Db,
  dir: string,
  label: string,
  warnings: string[],
  options: ImportOptions,
): Promise<ImportReport> {
  const all = [...warnings];
  const sources = pickCsvEntries(await folderEntries(dir), new Map(), all, { warn: 'none' });
  return importCsvSources(db, label, sources, all, options);
}
