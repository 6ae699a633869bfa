/** The CSV writer: records → cells → lines and files (`datasetToCsvFiles`, streamed `csvFileLines`). */
import { CSV_COLUMNS, type CsvCell, DATASET_CSV_HEADER } from './csv-columns';
import type { CollectionName, CollectionRecords, Dataset } from './schema';
import { COLLECTIONS } from './schema';

export class CsvWriteError extends Error {}

function numberText(n: number): string {
  return Object.is(n, -0) ? '-0' : String(n);
}

/** The cells of one valid record, in `CSV_COLUMNS` order. */
export function recordToCsvCells<C extends CollectionName>(
  collection: C,
  record: CollectionRecords[C],
): CsvCell[] {
  const out: CsvCell[] = [];
  const r = record as unknown as Record<string, unknown>;
  for (const c of CSV_COLUMNS[collection]) {
    let v: unknown = r[c.path[0]];
    if (c.path.length === 2)
      v = v === undefined || v === null ? undefined : (v as Record<string, unknown>)[c.path[1]];
    if (v === undefined || v === null) {
      out.push(null);
      continue;
    }
    switch (c.kind) {
      case 'string':
        out.push(String(v));
        break;
      case 'number':
        out.push(numberText(v as number));
        break;
      case 'boolean':
        out.push(v ? 'true' : 'false');
        break;
      case 'list': {
        const items = v as string[];
        for (const item of items) {
          if (item.includes(';')) {
            throw new CsvWriteError(
              `${collection} ${JSON.stringify(r.id ?? r.key)}: ${c.name} item ${JSON.stringify(item)} contains ";", which the CSV form cannot represent`,
            );
          }
        }
        out.push(items.length === 0 ? null : items.join(';'));
        break;
      }
      case 'map':
        out.push(JSON.stringify(v));
        break;
    }
  }
  return out;
}

/**
 * Neutralises text a spreadsheet would run as a formula (first character `=`, `+`, `-`, `@`, tab
 * or CR) by prefixing `'` — for CSV *reports* of data (the dashboard's export, `report --format
 * csv`), never for the interchange form, which must round-trip exactly.
 */
export function neutraliseFormula(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

function quoteCell(cell: CsvCell): string {
  if (cell === null) return '';
  if (cell === '') return '""';
  if (/[",\r\n]/.test(cell) || /^\s|\s$/.test(cell)) return `"${cell.replace(/"/g, '""')}"`;
  return cell;
}

/** One CSV line with its CRLF. `null` → empty cell; `''` → `""`. */
export function formatCsvRow(cells: readonly CsvCell[]): string {
  return `${cells.map(quoteCell).join(',')}\r\n`;
}

/** The header line of a collection's CSV file. */
export function csvHeaderLine(collection: CollectionName): string {
  return formatCsvRow(CSV_COLUMNS[collection].map((c) => c.name));
}

/** The single-row `dataset.csv`. */
export function datasetCsvText(header: Pick<Dataset, 'schemaVersion' | 'currency' | 'dataThrough'>): string {
  return (
    formatCsvRow([...DATASET_CSV_HEADER]) +
    formatCsvRow([String(header.schemaVersion), header.currency, header.dataThrough ?? null])
  );
}

/**
 * The lines of one collection's CSV file (header first), one at a time — for streaming writers
 * (Node streams, Blob parts). Throws `CsvWriteError` for a value the CSV form cannot hold.
 */
export function* csvFileLines<C extends CollectionName>(
  collection: C,
  records: Iterable<CollectionRecords[C]>,
): Generator<string> {
  yield csvHeaderLine(collection);
  for (const r of records) yield formatCsvRow(recordToCsvCells(collection, r));
}

/**
 * A whole dataset as CSV files in memory: `dataset.csv` and one file per collection (empty
 * collections get a header-only file). For big datasets stream `csvFileLines` instead.
 */
export function datasetToCsvFiles(dataset: Dataset): Record<string, string> {
  const files: Record<string, string> = { 'dataset.csv': datasetCsvText(dataset) };
  for (const name of COLLECTIONS) {
    const parts: string[] = [];
    for (const line of csvFileLines(name, (dataset[name] ?? []) as CollectionRecords[typeof name][]))
      parts.push(line);
    files[`${name}.csv`] = parts.join('');
  }
  return files;
}
