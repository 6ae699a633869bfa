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
 *
 * The parts, one job each: `csv-columns` (the columns of each file), `csv-parser` (tokenizer and
 * caps), `csv-convert` (row → record), `csv-write` (the writer), `csv-dataset` (a whole CSV
 * dataset into a `DatasetBuilder`). This module is their public face.
 */
export {
  CSV_COLUMNS,
  type CsvCell,
  type CsvColumn,
  type CsvKind,
  csvFileCollection,
  DATASET_CSV_HEADER,
} from './csv-columns';
export { csvRowConverter, datasetCsvToHeader, type RowConversion, type RowConverter } from './csv-convert';
export { type CsvDatasetOptions, CsvDatasetReader, headerWarnings, parseCsvFiles } from './csv-dataset';
export {
  CSV_MAX_CELLS,
  CSV_MAX_IMPORT_BYTES,
  CSV_MAX_IMPORT_ROWS,
  CsvImportBudget,
  type CsvLimit,
  CsvLimitError,
  CsvParser,
  type CsvParserOptions,
  CsvSyntaxError,
  csvErrorIn,
  parseCsvText,
} from './csv-parser';
export {
  CsvWriteError,
  csvFileLines,
  csvHeaderLine,
  datasetCsvText,
  datasetToCsvFiles,
  formatCsvRow,
  neutraliseFormula,
  recordToCsvCells,
} from './csv-write';
