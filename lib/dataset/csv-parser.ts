/**
 * `CsvParser`: a streaming RFC 4180 parser (push text chunks, get rows) with bounded memory, and
 * the caps every CSV import shares (`CsvImportBudget`: cells per row, row length, bytes, rows).
 * Written here rather than taken from csv-parse: its per-cell cast was 20× slower (issue 14).
 */
import type { CsvCell } from './csv-columns';

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
