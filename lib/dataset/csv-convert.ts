/** One CSV row → one raw record for `DatasetBuilder.add` (and `dataset.csv` → the header), per collection. */
import { CSV_COLUMNS, type CsvCell, type CsvColumn } from './csv-columns';
import type { CollectionName } from './schema';

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
