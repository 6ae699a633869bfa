/**
 * The CSV form of the interchange format (DATASET.md "CSV form"). Pure: runs in the browser too.
 *
 * - `CsvParser`: a streaming RFC 4180 parser (push text chunks, get rows), bounded memory.
 * - `csvRowConverter(collection, header)`: one CSV row → one raw record for `DatasetBuilder.add`.
 * - `recordToCsvCells` / `formatCsvRow` / `datasetToCsvFiles` / `csvFileLines`: the writer.
 *
 * Choices where DATASET.md is silent:
 * - An empty cell means absent. A quoted empty cell (`""`) is the empty string — the PostgreSQL
 *   COPY convention — so optional text that is `""` round-trips. (The writer writes `""` for it.)
 *   For numbers, booleans, lists and maps `""` means absent as well.
 * - Lists (`domains`, `plans.features`) are split on `;`; empty items are dropped; an empty cell is
 *   the empty list (both lists are required, and CSV cannot tell "no items" from "absent"). Items
 *   are not trimmed. A list item containing `;` cannot be written (`CsvWriteError`).
 * - Maps (`users.features`, `accounts.milestones`) are a JSON object in the cell. An empty
 *   `users.features` cell is `{}` (a user with no feature use); an empty `accounts.milestones` cell
 *   is absent.
 * - Numbers: decimal notation with optional sign, fraction and exponent (`12`, `-3.5`, `1e21`),
 *   surrounding spaces allowed. Anything else rejects the record ("dau "12a" is not a number").
 * - Booleans: `true` / `false`, any letter case.
 * - Header names are matched exactly after trimming spaces; unknown columns are ignored (reported
 *   once); a repeated column uses its first occurrence. A row with a different number of cells
 *   than the header is rejected. Lines that are completely empty are skipped.
 * - The writer quotes a cell only when needed (`,` `"` CR LF, or leading/trailing space), ends
 *   rows with CRLF, and writes `dataset.csv` as `schemaVersion,currency,dataThrough`
 *   (`generatedAt` is not part of the CSV form and is not written).
 */
import {
  type BuilderOptions,
  DatasetBuilder,
  type DatasetError,
  DatasetTooLarge,
  errorText,
  type ParseResult,
} from './parse';
import type { CollectionName, CollectionRecords, Dataset } from './schema';
import { COLLECTIONS, SCHEMA_VERSION } from './schema';

/** One parsed cell: `null` for an empty unquoted cell (absent), else its text (`""` → `''`). */
export type CsvCell = string | null;

export type CsvKind = 'string' | 'number' | 'boolean' | 'list' | 'map';

export interface CsvColumn {
  /** Column name in the header, e.g. `crm.hubspotCompanyId`. */
  name: string;
  /** Path in the record, e.g. ['crm', 'hubspotCompanyId']. */
  path: readonly string[];
  kind: CsvKind;
  /** The field must be present for the record to be valid (`?` not set in DATASET.md). */
  required: boolean;
}

function cols(spec: string): CsvColumn[] {
  // "name:kind?" — kind defaults to string; a trailing ? marks optional.
  return spec
    .trim()
    .split(/\s+/)
    .map((s) => {
      const optional = s.endsWith('?');
      const body = optional ? s.slice(0, -1) : s;
      const [name, kind = 'string'] = body.split(':');
      return { name, path: name.split('.'), kind: kind as CsvKind, required: !optional };
    });
}

/** The columns of each collection's CSV file, in DATASET.md order (the writer's header). */
export const CSV_COLUMNS: Record<CollectionName, readonly CsvColumn[]> = {
  plans: cols('id name tier:number seatLimit:number? features:list'),
  features: cols('key name minTier:number?'),
  milestones: cols('key name order:number firstValue:boolean'),
  accounts: cols(
    `id name domains:list crm.hubspotCompanyId? crm.salesforceAccountId? crm.zendeskOrganizationId?
     planId? seats:number? segment? owner? startedOn? renewsOn? acquisitionCost:number?
     dealCreatedOn? dealClosedOn? milestones:map? updatedAt`,
  ),
  revenue: cols('accountId month mrr:number'),
  usage: cols('accountId date dau:number wau:number mau:number minutes:number sessions:number'),
  users: cols('accountId id email? name? title? champion:boolean firstSeenOn? lastSeenOn? features:map'),
  tickets: cols('id accountId openedAt firstResponseAt? solvedAt? priority status subject? csat?'),
  surveys: cols('id accountId respondedOn kind score:number comment? userId?'),
};

/** Header of `dataset.csv`. */
export const DATASET_CSV_HEADER = ['schemaVersion', 'currency', 'dataThrough'] as const;

/** `accounts.csv` → 'accounts'; `dataset.csv` → 'dataset'; anything else → null. */
export function csvFileCollection(fileName: string): CollectionName | 'dataset' | null {
  const base = fileName.replace(/^.*[\\/]/, '');
  const m = /^(.+)\.csv$/i.exec(base);
  if (!m) return null;
  const name = m[1];
  if (name === 'dataset') return 'dataset';
  return (COLLECTIONS as readonly string[]).includes(name) ? (name as CollectionName) : null;
}

// ---------------------------------------------------------------------------------------------
// Parsing

export class CsvSyntaxError extends Error {}

/** Which cap of the CSV reader was passed. */
export type CsvLimit = 'cells' | 'row-length' | 'bytes' | 'rows';

/**
 * A cap of the CSV reader was passed: the whole import is refused (readers answer 4xx / exit 2),
 * the message names the row (the reader prefixes the file).
 */
export class CsvLimitError extends CsvSyntaxError {
  constructor(
    readonly limit: CsvLimit,
    message: string,
  ) {
    super(message);
  }
}

/** Most cells a row may have (the widest file, accounts.csv, has 17 columns). */
export const CSV_MAX_CELLS = 64;
/** Most decompressed CSV bytes one import reads, all files together (4 GiB). */
export const CSV_MAX_IMPORT_BYTES = 4 * 1024 ** 3;
/** Most CSV rows one import reads, all files together (header rows included). */
export const CSV_MAX_IMPORT_ROWS = 50_000_000;

/**
 * The running totals of one import over all its CSV files (bytes read, rows), so the caps hold
 * for the import as a whole. One budget is shared by every `CsvParser` of the import.
 */
export class CsvImportBudget {
  bytes = 0;
  rows = 0;
  constructor(
    readonly maxBytes: number = CSV_MAX_IMPORT_BYTES,
    readonly maxRows: number = CSV_MAX_IMPORT_ROWS,
  ) {}
}

function sizeText(n: number): string {
  if (n >= 1024 ** 3 && n % 1024 ** 3 === 0) return `${n / 1024 ** 3} GiB`;
  if (n >= 1024 ** 2 && n % 1024 ** 2 === 0) return `${n / 1024 ** 2} MiB`;
  return `${n.toLocaleString('en-US')} bytes`;
}

export interface CsvParserOptions {
  /** Longest field accepted, in characters (a runaway quote otherwise swallows the file). Default 16 Mi. */
  maxFieldLength?: number;
  /** Longest row accepted, in characters — all of it: cells, delimiters and quotes. Default 64 Mi. */
  maxRowLength?: number;
  /** Most cells a row may have. Default `CSV_MAX_CELLS` (64). */
  maxCells?: number;
  /** The import's totals (bytes and rows over all its files); default: this file's own. */
  budget?: CsvImportBudget;
}

const QUOTE = 34; // "
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Streaming RFC 4180 parser. `push(text)` any number of times, then `end()`; `onRow` gets every
 * non-empty line's cells (the array is not reused). Accepts LF, CRLF and CR line ends and a
 * leading BOM. Lenient where RFC 4180 is strict: a quote inside an unquoted field, or text after a
 * closing quote, is kept as text. An unterminated quote at the end or an over-long field throws
 * `CsvSyntaxError`; a row over `maxRowLength` characters (delimiters count) or with more than
 * `maxCells` cells, and an import past its budget's bytes or rows throw `CsvLimitError` — before
 * the row is built, so a hostile row (150 M commas) costs no memory.
 * `pushBytes(utf8)` counts the bytes against the budget and decodes them; `push(text)` does not count bytes.
 */
export class CsvParser {
  private row: CsvCell[] = [];
  private field = '';
  /** The current field started with a quote. */
  private quoted = false;
  /** Inside the quotes of a quoted field. */
  private inQuotes = false;
  /** Just read a quote inside quotes: either an escaped quote or the closing one. */
  private quotePending = false;
  /** Last chunk ended with CR: skip an LF starting the next chunk. */
  private skipLf = false;
  /** Current field or row has any content (so an empty line can be told from a row of one empty cell). */
  private rowStarted = false;
  private first = true;
  private readonly maxField: number;
  private readonly maxRow: number;
  private readonly maxCells: number;
  private readonly budget: CsvImportBudget;
  private decoder: TextDecoder | null = null;
  private rowLength = 0;
  /** 1-based number of the row being read (lines, counting rows with embedded line breaks once). */
  rowNumber = 0;

  constructor(
    private readonly onRow: (cells: CsvCell[], rowNumber: number) => void,
    options: CsvParserOptions = {},
  ) {
    this.maxField = options.maxFieldLength ?? 16 * 1024 * 1024;
    this.maxRow = options.maxRowLength ?? 64 * 1024 * 1024;
    this.maxCells = options.maxCells ?? CSV_MAX_CELLS;
    this.budget = options.budget ?? new CsvImportBudget();
  }

  /** UTF-8 bytes: counted against the import's byte budget, then decoded and parsed. */
  pushBytes(bytes: Uint8Array): void {
    const b = this.budget;
    b.bytes += bytes.byteLength;
    if (b.bytes > b.maxBytes) {
      throw new CsvLimitError(
        'bytes',
        `row ${this.rowNumber + 1}: the import holds more than ${sizeText(b.maxBytes)} of CSV text, the most one import reads; split it into several imports`,
      );
    }
    this.decoder ??= new TextDecoder('utf-8');
    const text = this.decoder.decode(bytes, { stream: true });
    if (text !== '') this.push(text);
  }

  push(text: string): void {
    let i = 0;
    const n = text.length;
    if (this.first && n > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    if (this.skipLf && i < n) {
      this.skipLf = false;
      if (text.charCodeAt(i) === LF) i++;
    }
    while (i < n) {
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (text.charCodeAt(i) === QUOTE) {
            this.field += '"';
            i++;
            continue;
          }
          this.inQuotes = false;
          continue; // closing quote: handle this char unquoted
        }
        const q = text.indexOf('"', i);
        if (q === -1) {
          this.appendField(text, i, n);
          i = n;
        } else {
          this.appendField(text, i, q);
          this.charge(1);
          this.quotePending = true;
          i = q + 1;
        }
        continue;
      }
      // Unquoted: scan to the next delimiter, quote or line end.
      let j = i;
      let c = 0;
      while (j < n) {
        c = text.charCodeAt(j);
        if (c === COMMA || c === LF || c === CR || c === QUOTE) break;
        j++;
      }
      if (j > i) {
        this.appendField(text, i, j);
        this.rowStarted = true;
      }
      if (j === n) break;
      if (c === QUOTE || c === COMMA) this.charge(1);
      if (c === QUOTE) {
        if (this.field === '' && !this.quoted) {
          this.quoted = true;
          this.inQuotes = true;
          this.rowStarted = true;
        } else {
          this.field += '"'; // stray quote: keep as text
        }
        i = j + 1;
      } else if (c === COMMA) {
        this.endField();
        this.rowStarted = true;
        i = j + 1;
      } else {
        this.endRow();
        i = j + 1;
        if (c === CR) {
          if (i < n) {
            if (text.charCodeAt(i) === LF) i++;
          } else this.skipLf = true;
        }
      }
    }
  }

  end(): void {
    if (this.decoder !== null) {
      const tail = this.decoder.decode();
      this.decoder = null;
      if (tail !== '') this.push(tail);
    }
    if (this.inQuotes && !this.quotePending) {
      throw new CsvSyntaxError(`row ${this.rowNumber + 1}: a quoted field is never closed (a missing ")`);
    }
    this.inQuotes = false;
    this.quotePending = false;
    if (this.rowStarted || this.field !== '' || this.row.length > 0) this.endRow();
  }

  private appendField(text: string, from: number, to: number): void {
    if (this.field.length + (to - from) > this.maxField) {
      throw new CsvSyntaxError(
        `row ${this.rowNumber + 1}: a field is longer than ${this.maxField} characters (a missing " ?)`,
      );
    }
    this.charge(to - from);
    this.field += text.slice(from, to);
  }

  /** Counts `n` characters of the current row (cell text, delimiters and quotes alike). */
  private charge(n: number): void {
    this.rowLength += n;
    if (this.rowLength > this.maxRow) {
      throw new CsvLimitError(
        'row-length',
        `row ${this.rowNumber + 1} is longer than ${this.maxRow} characters`,
      );
    }
  }

  private endField(): void {
    if (this.row.length >= this.maxCells) {
      throw new CsvLimitError(
        'cells',
        `row ${this.rowNumber + 1} has more than ${this.maxCells} cells, the most a Healthbar CSV row may have`,
      );
    }
    this.row.push(this.field === '' && !this.quoted ? null : this.field);
    this.field = '';
    this.quoted = false;
  }

  private endRow(): void {
    if (!this.rowStarted && this.field === '' && this.row.length === 0) return; // empty line
    this.endField();
    const row = this.row;
    this.row = [];
    this.rowStarted = false;
    this.rowLength = 0;
    this.rowNumber++;
    const b = this.budget;
    if (++b.rows > b.maxRows) {
      throw new CsvLimitError(
        'rows',
        `row ${this.rowNumber}: the import holds more than ${b.maxRows.toLocaleString('en-US')} CSV rows, the most one import reads; split it into several imports`,
      );
    }
    this.onRow(row, this.rowNumber);
  }
}

/** Names the file in a reader error, keeping its class (`accounts.csv, row 3 has more than …`). */
export function csvErrorIn<E extends CsvSyntaxError>(label: string, e: E): E {
  e.message = `${label}, ${e.message}`;
  return e;
}

/** Parses a whole CSV text (small files, tests). */
export function parseCsvText(text: string): CsvCell[][] {
  const rows: CsvCell[][] = [];
  const p = new CsvParser((r) => rows.push(r));
  p.push(text);
  p.end();
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Row → record

export type RowConversion =
  | { ok: true; record: Record<string, unknown> }
  /** `record` holds what could be read (for the id in messages); `message` is the bare reason. */
  | { ok: false; record: Record<string, unknown>; field: string; message: string };

export interface RowConverter {
  collection: CollectionName;
  /** Header cells that name no field of the collection (ignored). */
  unknownColumns: string[];
  /** Required fields with no column: every row will be rejected for them. */
  missingRequired: string[];
  /** Header names given more than once (the first is used). */
  repeatedColumns: string[];
  convert(cells: readonly CsvCell[]): RowConversion;
}

const NUMBER_RE = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

function shown(cell: string): string {
  return JSON.stringify(cell.length > 40 ? `${cell.slice(0, 40)}…` : cell);
}

/** Builds the converter for one CSV file from its header row. */
export function csvRowConverter(collection: CollectionName, header: readonly CsvCell[]): RowConverter {
  const spec = CSV_COLUMNS[collection];
  const byName = new Map(spec.map((c) => [c.name, c]));
  const used: (CsvColumn | null)[] = [];
  const unknownColumns: string[] = [];
  const repeatedColumns: string[] = [];
  const present = new Set<string>();
  for (const h of header) {
    const name = (h ?? '').trim();
    const col = byName.get(name);
    if (col === undefined) {
      if (name !== '') unknownColumns.push(name);
      used.push(null);
    } else if (present.has(name)) {
      repeatedColumns.push(name);
      used.push(null);
    } else {
      present.add(name);
      used.push(col);
    }
  }
  const missingRequired = spec
    .filter((c) => c.required && !present.has(c.name) && c.kind !== 'list' && c.kind !== 'map')
    .map((c) => c.name);
  const width = header.length;
  const isAccounts = collection === 'accounts';

  function convert(cells: readonly CsvCell[]): RowConversion {
    const record: Record<string, unknown> = {};
    const crm: Record<string, unknown> = {};
    if (isAccounts) record.crm = crm;
    let problem: { field: string; message: string } | null = null;
    for (const c of spec) {
      // Lists and user feature maps have a value even without a column (the empty one).
      if (!present.has(c.name) && c.kind === 'list') setAt(record, crm, c, []);
      if (!present.has(c.name) && c.kind === 'map' && c.required) setAt(record, crm, c, {});
    }
    const n = Math.min(width, cells.length);
    for (let i = 0; i < n; i++) {
      const c = used[i];
      if (c === null) continue;
      const cell = cells[i];
      let value: unknown;
      switch (c.kind) {
        case 'string':
          value = cell === null ? undefined : cell;
          break;
        case 'number':
          if (cell === null || cell === '') value = undefined;
          else if (NUMBER_RE.test(cell)) value = Number(cell);
          else if (problem === null)
            problem = { field: c.name, message: `${c.name} ${shown(cell)} is not a number` };
          break;
        case 'boolean': {
          if (cell === null || cell === '') value = undefined;
          else {
            const t = cell.trim().toLowerCase();
            if (t === 'true') value = true;
            else if (t === 'false') value = false;
            else if (problem === null)
              problem = { field: c.name, message: `${c.name} ${shown(cell)} must be true or false` };
          }
          break;
        }
        case 'list':
          value = cell === null || cell === '' ? [] : cell.split(';').filter((x) => x !== '');
          break;
        case 'map':
          if (cell === null || cell === '') value = c.required ? {} : undefined;
          else {
            let parsed: unknown;
            let good = false;
            try {
              parsed = JSON.parse(cell);
              good = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
            } catch {
              good = false;
            }
            if (good) value = parsed;
            else if (problem === null)
              problem = {
                field: c.name,
                message: `${c.name} must be a JSON object such as {"key":"2026-10-31"} (found ${shown(cell)})`,
              };
          }
          break;
      }
      if (value !== undefined) setAt(record, crm, c, value);
    }
    if (cells.length !== width && problem === null) {
      problem = {
        field: '',
        message: `the row has ${cells.length} cell${cells.length === 1 ? '' : 's'} but the header has ${width}`,
      };
    }
    return problem === null ? { ok: true, record } : { ok: false, record, ...problem };
  }

  return { collection, unknownColumns, missingRequired, repeatedColumns, convert };
}

function setAt(
  record: Record<string, unknown>,
  crm: Record<string, unknown>,
  c: CsvColumn,
  v: unknown,
): void {
  if (c.path.length === 2) crm[c.path[1]] = v;
  else record[c.name] = v;
}

/** `dataset.csv` rows → the header object for `DatasetBuilder.setHeader`. */
export function datasetCsvToHeader(
  header: readonly CsvCell[],
  row: readonly CsvCell[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  header.forEach((h, i) => {
    const name = (h ?? '').trim();
    const cell = row[i];
    if (cell === null || cell === undefined || cell === '') return;
    if (name === 'schemaVersion') out.schemaVersion = NUMBER_RE.test(cell) ? Number(cell) : cell.trim();
    else if (name === 'currency' || name === 'dataThrough' || name === 'generatedAt') out[name] = cell.trim();
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writing

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
    for (const line of csvFileLines(name, dataset[name] as CollectionRecords[typeof name][]))
      parts.push(line);
    files[`${name}.csv`] = parts.join('');
  }
  return files;
}

// ---------------------------------------------------------------------------------------------
// A whole CSV dataset (shared by the Node reader, which streams, and `parseCsvFiles`, which does not)

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

  /** Row handler for one collection's file; its first row is the header. Call `end()` after the last row. */
  collectionSink(
    collection: CollectionName,
    label: string,
  ): { onRow: (cells: CsvCell[], rowNumber: number) => void; end: () => void } {
    const b = this.builder;
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
    return { onRow, end };
  }

  finish(): ParseResult {
    return this.builder.finish();
  }
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
      const dp = new CsvParser((r) => rows.push(r), { budget: reader.budget });
      try {
        dp.push(ds.text);
        dp.end();
      } catch (e) {
        if (e instanceof CsvSyntaxError) {
          return {
            ok: false,
            error: { code: 'unreadable', message: `Cannot read ${ds.label}, ${e.message}` },
          };
        }
        throw e;
      }
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
      const p = new CsvParser(sink.onRow, { budget: reader.budget });
      try {
        p.push(f.text);
        p.end();
      } catch (e) {
        if (e instanceof CsvSyntaxError) {
          return {
            ok: false,
            error: { code: 'unreadable', message: `Cannot read ${f.label}, ${e.message}` },
          };
        }
        throw e;
      }
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
