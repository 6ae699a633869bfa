/**
 * Validating reader for the interchange form (DATASET.md). Pure: runs in the browser and in Node.
 *
 * `parseDataset(json)` validates a whole JSON dataset; `DatasetBuilder` is the incremental form that
 * streaming readers (CSV folders, zips, sync-like feeds) drive record by record. Both keep going
 * past bad records and report each one.
 *
 * Choices where DATASET.md is silent (every reader of this module applies the same ones):
 * - Not an object, a missing or unknown `schemaVersion`, a missing or malformed `currency` or a
 *   malformed `dataThrough` make the dataset unusable (`ok: false`); a malformed `generatedAt` is
 *   informational only, so it is dropped with a warning.
 * - A collection that is present but not an array (`"accounts": {}`) is ignored as a whole: it is
 *   reported once in `rejected` (with `index: -1`) and the rest of the dataset is used.
 * - A repeated id or key: the later valid record replaces the earlier one *in the earlier one's
 *   position* (the order of first appearance is kept, like a JS `Map`), and the replacement is
 *   reported in `replaced`. A rejected record replaces nothing.
 * - At most `maxDetails` (default 1000) rejections and replacements are kept in detail per
 *   dataset; `rejectedCounts` / `replacedCounts` always hold the full counts.
 * - `maxRecords` (default: no limit) bounds the records kept: the record past it makes the whole
 *   dataset unusable (`too-large`, naming the file and row), and streaming readers stop reading
 *   there — memory stays bounded whatever the input's size.
 * - Rows whose `accountId` names no account are kept (the metrics ignore them) and summarised in
 *   `warnings`; so is a second `firstValue` milestone.
 * - Keys named `__proto__` never reach an output object (zod drops them); nothing is ever assigned
 *   by a key taken from the input onto a plain object here, and all key indexes are `Map`s.
 */
import type { z } from 'zod';
import {
  type Account,
  COLLECTIONS,
  type CollectionName,
  type CollectionRecords,
  collectionSchemas,
  currencySchema,
  type Dataset,
  type DatasetHeader,
  dateSchema,
  isCalendarDate,
  MAX_LENGTH,
  nullMapEntries,
  recordKey,
  SCHEMA_VERSION,
  timestampSchema,
} from './schema';

export type DatasetErrorCode =
  | 'not-object'
  | 'schema-version'
  | 'currency'
  | 'header'
  | 'unreadable'
  | 'not-dataset'
  | 'too-large';

/** Why a dataset is unusable as a whole. */
export interface DatasetError {
  code: DatasetErrorCode;
  message: string;
}

/** One record that was left out, with a reason a person understands. */
export interface Rejection {
  collection: CollectionName;
  /** Position of the record in its collection (0-based; CSV: data row, header not counted); -1 when the whole collection was ignored. */
  index: number;
  /** The record's id or key when it could be read (`a1`, or `a1 2026-10-31` for keyed rows). */
  id?: string;
  /** Dotted path of the (first) offending field; '' when the record as a whole is wrong. */
  field: string;
  /** Complete sentence with its location, e.g. `usage[12] (a1 2026-10-31): dau must be a whole number`. */
  message: string;
}

/** A repeated id or key: the record at `index` replaced the one at `replacedIndex`. */
export interface Replacement {
  collection: CollectionName;
  id: string;
  index: number;
  replacedIndex: number;
  message: string;
}

export type CollectionCounts = Record<CollectionName, number>;

export interface ParseSuccess {
  ok: true;
  dataset: Dataset;
  rejected: Rejection[];
  replaced: Replacement[];
  /** Records kept per collection (after replacements). */
  counts: CollectionCounts;
  /** Records rejected per collection (all of them, even when `rejected` was cut short). */
  rejectedCounts: CollectionCounts;
  /** Replacements per collection (all of them). */
  replacedCounts: CollectionCounts;
  /** Things a person may want to know that did not reject anything. */
  warnings: string[];
}
export type ParseResult = ParseSuccess | { ok: false; error: DatasetError };

export interface BuilderOptions {
  /** How many rejections and replacements to keep in detail (each); the counts are always complete. */
  maxDetails?: number;
  /** Most records kept (all collections together); one more throws `DatasetTooLarge`. Default: no limit. */
  maxRecords?: number;
}

/** Thrown by `DatasetBuilder.add` past `maxRecords`; every reader turns it into a `too-large` error. */
export class DatasetTooLarge extends Error {
  readonly code = 'too-large' as const;
}

export interface HeaderOptions {
  /** Used as the currency when the header has none (the CLI's `--currency`). */
  currencyFallback?: string;
  /** Names the header's source in messages (e.g. `dataset.csv`); default "the dataset". */
  source?: string;
}

const MAX_SHOWN = 60;

/** A short, safe rendering of any input value for messages. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') {
    const s = v.length > MAX_SHOWN ? `${v.slice(0, MAX_SHOWN)}…` : v;
    return JSON.stringify(s);
  }
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

function clip(s: string, n = MAX_SHOWN): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own property read that never consults the prototype chain and never throws. */
function own(o: unknown, key: string): unknown {
  try {
    return isPlainRecord(o) && Object.hasOwn(o, key) ? o[key] : undefined;
  } catch {
    return undefined;
  }
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v = raw;
  for (const k of path) {
    if (typeof k === 'number') {
      if (!Array.isArray(v)) return undefined;
      v = v[k];
    } else if (typeof k === 'string') {
      v = own(v, k);
    } else return undefined;
    if (v === undefined) return undefined;
  }
  return v;
}

/** `crm.salesforceAccountId`, `domains[2]`, `features.reports`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const k of path) {
    if (typeof k === 'number') s += `[${k}]`;
    else s += s === '' ? clip(String(k), 80) : `.${clip(String(k), 80)}`;
  }
  return s;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
};

type Issue = z.core.$ZodIssue;

function issueText(issue: Issue, raw: unknown): string {
  const field = formatPath(issue.path);
  const name = field === '' ? 'the record' : field;
  const value = valueAt(raw, issue.path);
  const found = value === undefined || isPlainRecord(value) ? '' : ` (found ${describeValue(value)})`;
  const custom = /^(must|is |has )/.test(issue.message);
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined || value === null) {
        return field === '' ? 'the record is empty' : `${name} is required`;
      }
      if (custom) return `${name} ${issue.message}${found}`;
      return `${name} must be ${TYPE_WORDS[issue.expected] ?? issue.expected} (found ${describeValue(value)})`;
    case 'invalid_value': {
      const options = issue.values.map((x) => String(x)).join(', ');
      return `${name} must be one of ${options}${found}`;
    }
    case 'invalid_key':
      return `${formatPath(issue.path.slice(0, -1)) || 'the record'} has an invalid key ${describeValue(issue.path[issue.path.length - 1])}`;
    case 'too_small':
      if (custom) return `${name} ${issue.message}${found}`;
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return `${name} must not be empty`;
      return `${name} is too small${found}`;
    case 'too_big':
      // An over-long text: its length says more than its first characters.
      if (issue.origin === 'string' && typeof value === 'string') {
        return `${name} ${custom ? issue.message : 'is too long'} (found ${value.length.toLocaleString('en-US')} characters)`;
      }
      return `${name} ${custom ? issue.message : 'is too large'}${found}`;
    default:
      return `${name} ${custom ? issue.message : 'is not valid'}${found}`;
  }
}

/** Turns zod issues into one sentence (at most three problems named) and the first field's path. */
export function describeIssues(issues: readonly Issue[], raw: unknown): { field: string; text: string } {
  // Zod can report one field twice (e.g. not an integer *and* out of range): keep the first per path.
  const seen = new Set<string>();
  const parts: string[] = [];
  let field = '';
  for (const issue of issues) {
    const p = formatPath(issue.path);
    if (seen.has(p)) continue;
    if (seen.size === 0) field = p;
    seen.add(p);
    parts.push(issueText(issue, raw));
  }
  const shown = parts.slice(0, 3).join('; ');
  const more = parts.length > 3 ? `; and ${parts.length - 3} more problems` : '';
  return { field, text: shown + more };
}

/** The id or key of a raw record when it can be read, for messages (`a1`, `a1 2026-10`). */
export function readableId(collection: CollectionName, raw: unknown): string | undefined {
  const str = (k: string) => {
    const v = own(raw, k);
    return typeof v === 'string' && v !== '' ? clip(v) : undefined;
  };
  switch (collection) {
    case 'features':
    case 'milestones':
      return str('key');
    case 'revenue':
    case 'usage': {
      const a = str('accountId');
      const b = str(collection === 'revenue' ? 'month' : 'date');
      return a !== undefined && b !== undefined ? `${a} ${b}` : a;
    }
    default:
      return str('id');
  }
}

function emptyCounts(): CollectionCounts {
  const c = {} as CollectionCounts;
  for (const name of COLLECTIONS) c[name] = 0;
  return c;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `${describeValue(v)}`;
}

/** Growable Uint32 list (4 bytes per entry: the original position of every kept record). */
class U32List {
  private a = new Uint32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.a.length) {
      const b = new Uint32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = v;
  }
  get(i: number): number {
    return this.a[i];
  }
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_SAFE;
}

interface Store<T> {
  records: T[];
  /** Original position of `records[i]`. */
  positions: U32List;
  /** Key → slot in `records` (id-keyed collections). */
  byKey: Map<string, number>;
  /**
   * The two keyed collections (revenue, usage) keep every valid row and settle repeated keys in
   * `finish()`: `keyA[i]` numbers the row's accountId, `keyB[i]` its month or date. That costs
   * 8 bytes a row where a key index would cost ~50 (8 million usage rows must fit in 2 GB).
   */
  keyA: U32List;
  keyB: U32List;
  /** Source row of `records[i]` when the records come from a file (CSV). */
  rows: U32List;
  file?: string;
  seen: number;
}

/** Where a record came from, for messages: `usage.csv row 14`. */
export interface SourceRow {
  file: string;
  row: number;
}

/**
 * Incremental dataset validation: feed it a header and records in dataset order, then `finish()`.
 * Memory per kept record is the validated record plus a few bytes; raw input is not retained.
 */
export class DatasetBuilder {
  private header: DatasetHeader | null = null;
  private headerError: DatasetError | null = null;
  private readonly stores = new Map<CollectionName, Store<unknown>>();
  private readonly rejected: Rejection[] = [];
  private readonly replaced: Replacement[] = [];
  private readonly rejectedCounts = emptyCounts();
  private readonly replacedCounts = emptyCounts();
  private readonly warnings: string[] = [];
  private readonly maxDetails: number;
  private readonly maxRecords: number;
  private kept = 0;
  /**
   * Canonical copies of the account ids and dates/months of keyed rows, numbered, so 8 million
   * usage rows share 20,000 id strings and 400 date strings.
   */
  private readonly accountNos = new Map<string, number>();
  private readonly accountStrs: string[] = [];
  private readonly secondNos = new Map<string, number>();
  private readonly secondStrs: string[] = [];
  private readonly validDates = new Set<string>();
  private readonly nullEntries = new NullEntryCounter();
  private finished = false;

  constructor(options: BuilderOptions = {}) {
    this.maxDetails = options.maxDetails ?? 1000;
    this.maxRecords = options.maxRecords ?? Number.POSITIVE_INFINITY;
    for (const name of COLLECTIONS) {
      this.stores.set(name, {
        records: [],
        positions: new U32List(),
        byKey: new Map(),
        keyA: new U32List(),
        keyB: new U32List(),
        rows: new U32List(),
        seen: 0,
      });
    }
  }

  /** Validates the top level (schemaVersion, currency, generatedAt, dataThrough). Returns the error, if any. */
  setHeader(raw: unknown, options: HeaderOptions = {}): DatasetError | null {
    const result = validateHeader(raw, options);
    if ('error' in result) {
      this.headerError = result.error;
      return result.error;
    }
    this.header = result.header;
    this.headerError = null;
    for (const w of result.warnings) this.warn(w);
    return null;
  }

  /** True once a valid header was given. */
  get hasHeader(): boolean {
    return this.header !== null;
  }

  warn(message: string): void {
    if (this.warnings.length < this.maxDetails) this.warnings.push(message);
  }

  /** How many records (kept or rejected) were offered to `collection` so far: the next record's position. */
  nextIndex(collection: CollectionName): number {
    return this.store(collection).seen;
  }

  private store(collection: CollectionName): Store<unknown> {
    if (this.finished) throw new Error('DatasetBuilder used after finish()');
    const s = this.stores.get(collection);
    if (s === undefined) throw new Error(`Unknown collection ${String(collection)}`);
    return s;
  }

  private where(collection: CollectionName, index: number, at: SourceRow | undefined, id?: string): string {
    const base = at === undefined ? `${collection}[${index}]` : `${at.file} row ${at.row}`;
    return id === undefined ? base : `${base} (${id})`;
  }

  /**
   * Validates one raw record and keeps it, or records why not. `at` (file and row) replaces the
   * `collection[index]` label in messages (e.g. `usage.csv row 14`); give it for every record of
   * a collection or for none. Returns true when kept.
   */
  add(collection: CollectionName, raw: unknown, at?: SourceRow): boolean {
    const s = this.store(collection);
    const index = s.seen;
    let record: unknown;
    if (collection === 'usage') record = this.fastUsage(raw);
    if (record === undefined) {
      let parsed: z.ZodSafeParseResult<unknown>;
      try {
        parsed = (collectionSchemas[collection] as z.ZodType).safeParse(raw);
      } catch {
        this.reject(collection, raw, '', 'could not be read', at);
        return false;
      }
      if (!parsed.success) {
        if (!isPlainRecord(raw)) {
          this.reject(collection, raw, '', `must be an object (found ${typeName(raw)})`, at);
          return false;
        }
        const { field, text } = describeIssues(parsed.error.issues, raw);
        this.reject(collection, raw, field, text, at);
        return false;
      }
      record = parsed.data;
      if (collection === 'accounts' || collection === 'users') {
        const nulls = nullMapEntries(collection, raw);
        if (nulls.length > 0)
          this.nullEntries.note(
            collection,
            nulls,
            this.where(collection, index, at, readableId(collection, raw)),
          );
      }
    }
    if (++this.kept > this.maxRecords) {
      const where = at === undefined ? `${collection}[${index}]` : `${at.file} row ${at.row}`;
      throw new DatasetTooLarge(
        `The dataset has more than ${this.maxRecords.toLocaleString('en-US')} records, the most Healthbar reads at once (the limit was passed at ${where}). Use fewer records (e.g. fewer days of usage), or connect Healthbar to a server, which streams any size.`,
      );
    }
    s.seen++;
    this.keep(collection, s, record, index, at);
    return true;
  }

  /**
   * Records a rejection decided outside zod (e.g. a CSV cell that is not a number). `message` is
   * the bare reason (`dau "x" is not a number`); the location and id are prefixed here.
   */
  reject(collection: CollectionName, raw: unknown, field: string, message: string, at?: SourceRow): void {
    const s = this.store(collection);
    const index = s.seen++;
    this.rejectedCounts[collection]++;
    if (this.rejected.length >= this.maxDetails) return;
    const id = readableId(collection, raw);
    const r: Rejection = {
      collection,
      index,
      field,
      message: `${this.where(collection, index, at, id)}: ${message}`,
    };
    if (id !== undefined) r.id = id;
    this.rejected.push(r);
  }

  /** Ignores a whole collection (e.g. it is not a list); the rest of the dataset is used. */
  rejectCollection(collection: CollectionName, message: string): void {
    this.rejectedCounts[collection]++;
    if (this.rejected.length >= this.maxDetails) return;
    this.rejected.push({ collection, index: -1, field: '', message: `${collection}: ${message}` });
  }

  /**
   * The common, valid usage row, checked without zod and stored as a fixed-shape object. Returns
   * undefined when anything is off, and zod then decides (and explains). Accepts exactly what
   * `usageSchema` accepts and produces the same output.
   */
  private fastUsage(raw: unknown): UsageRowLike | undefined {
    if (!isPlainRecord(raw)) return undefined;
    const { accountId, date, dau, wau, mau, minutes, sessions } = raw as Record<string, unknown>;
    if (typeof accountId !== 'string' || accountId === '' || accountId.length > MAX_LENGTH.id)
      return undefined;
    if (typeof date !== 'string') return undefined;
    if (!isCount(dau) || !isCount(wau) || !isCount(mau) || !isCount(sessions)) return undefined;
    if (typeof minutes !== 'number' || !(minutes >= 0 && minutes <= MAX_SAFE)) return undefined;
    if (!this.validDates.has(date)) {
      if (!isCalendarDate(date)) return undefined;
      if (this.validDates.size < 100_000) this.validDates.add(date);
    }
    return {
      accountId,
      date,
      dau,
      wau,
      mau,
      minutes,
      sessions,
    };
  }

  private keep(
    collection: CollectionName,
    s: Store<unknown>,
    record: unknown,
    index: number,
    at: SourceRow | undefined,
  ): void {
    if (at !== undefined) s.file = at.file;
    if (collection === 'usage' || collection === 'revenue') {
      const r = record as { accountId: string; date: string; month: string };
      let a = this.accountNos.get(r.accountId);
      if (a === undefined) {
        a = this.accountStrs.length;
        this.accountNos.set(r.accountId, a);
        this.accountStrs.push(r.accountId);
      } else r.accountId = this.accountStrs[a];
      const second = collection === 'usage' ? r.date : r.month;
      let b = this.secondNos.get(second);
      if (b === undefined) {
        b = this.secondStrs.length;
        this.secondNos.set(second, b);
        this.secondStrs.push(second);
      } else if (collection === 'usage') r.date = this.secondStrs[b];
      else r.month = this.secondStrs[b];
      s.keyA.push(a);
      s.keyB.push(b);
      s.records.push(record);
      s.positions.push(index);
      if (at !== undefined) s.rows.push(at.row);
      return;
    }
    const key = recordKey(collection, record as CollectionRecords[typeof collection]);
    const slot = s.byKey.get(key);
    if (slot === undefined) {
      s.byKey.set(key, s.records.length);
      s.records.push(record);
      s.positions.push(index);
      if (at !== undefined) s.rows.push(at.row);
      return;
    }
    s.records[slot] = record;
    this.noteReplacement(collection, s, record, s.records.length, slot, at);
  }

  /**
   * Reports that `record` (the one stored at `laterSlot`; for id-keyed collections, whose later
   * rows are not stored, `laterSlot` is past the end and `at` describes it) replaced the one in `slot`.
   */
  private noteReplacement(
    collection: CollectionName,
    s: Store<unknown>,
    record: unknown,
    laterSlot: number,
    slot: number,
    at: SourceRow | undefined,
  ): void {
    this.replacedCounts[collection]++;
    if (this.replaced.length >= this.maxDetails) return;
    const id = readableId(collection, record) ?? '';
    const keyWord = collection === 'usage' || collection === 'revenue' ? 'key' : 'id';
    const index = laterSlot < s.positions.length ? s.positions.get(laterSlot) : s.seen - 1;
    const replacedIndex = s.positions.get(slot);
    const later =
      at ??
      (laterSlot < s.rows.length && s.file !== undefined
        ? { file: s.file, row: s.rows.get(laterSlot) }
        : undefined);
    const earlier =
      s.file !== undefined && slot < s.rows.length
        ? `row ${s.rows.get(slot)}`
        : `${collection}[${replacedIndex}]`;
    this.replaced.push({
      collection,
      id,
      index,
      replacedIndex,
      message: `${this.where(collection, index, later, id)} replaces ${earlier}, which has the same ${keyWord}`,
    });
  }

  /**
   * Settles repeated keys of a keyed collection: rows are grouped by account (a stable counting
   * sort), and within an account a later row with the same month/date replaces the earlier one
   * in the earlier one's place.
   */
  private settleKeyed(collection: 'usage' | 'revenue', s: Store<unknown>): void {
    const n = s.records.length;
    if (n === 0) return;
    const nA = this.accountStrs.length;
    const start = new Uint32Array(nA + 1);
    for (let i = 0; i < n; i++) start[s.keyA.get(i) + 1]++;
    for (let a = 0; a < nA; a++) start[a + 1] += start[a];
    const fill = start.slice(0, nA);
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[fill[s.keyA.get(i)]++] = i;
    const first = new Int32Array(this.secondStrs.length).fill(-1);
    let removed: Uint8Array | null = null;
    for (let a = 0; a < nA; a++) {
      const from = start[a];
      const to = start[a + 1];
      for (let k = from; k < to; k++) {
        const i = order[k];
        const b = s.keyB.get(i);
        const j = first[b];
        if (j === -1) {
          first[b] = i;
          continue;
        }
        s.records[j] = s.records[i];
        removed ??= new Uint8Array(n);
        removed[i] = 1;
        this.noteReplacement(collection, s, s.records[i], i, j, undefined);
      }
      for (let k = from; k < to; k++) first[s.keyB.get(order[k])] = -1;
    }
    if (removed !== null) {
      let w = 0;
      for (let i = 0; i < n; i++) if (removed[i] === 0) s.records[w++] = s.records[i];
      s.records.length = w;
    }
  }

  /** The validated dataset and everything that was rejected or replaced. The builder is spent. */
  finish(): ParseResult {
    if (this.finished) throw new Error('DatasetBuilder.finish() called twice');
    this.finished = true;
    if (this.headerError) return { ok: false, error: this.headerError };
    if (!this.header) {
      return {
        ok: false,
        error: { code: 'header', message: 'The dataset has no header (schemaVersion and currency).' },
      };
    }
    const counts = emptyCounts();
    const dataset = { ...this.header } as Dataset;
    for (const name of COLLECTIONS) {
      const s = this.stores.get(name)!;
      if (name === 'usage' || name === 'revenue') this.settleKeyed(name, s);
      (dataset as unknown as Record<CollectionName, unknown[]>)[name] = s.records;
      counts[name] = s.records.length;
      s.byKey.clear();
    }
    this.replaced.sort(
      (x, y) => COLLECTIONS.indexOf(x.collection) - COLLECTIONS.indexOf(y.collection) || x.index - y.index,
    );
    // Drop the indexes (tens of MB for big datasets) even if the caller keeps the builder.
    this.stores.clear();
    this.accountNos.clear();
    this.secondNos.clear();
    this.accountStrs.length = 0;
    this.secondStrs.length = 0;
    this.validDates.clear();
    for (const w of this.nullEntries.warnings()) this.warn(w);
    this.addConsistencyWarnings(dataset);
    return {
      ok: true,
      dataset,
      rejected: this.rejected,
      replaced: this.replaced,
      counts,
      rejectedCounts: this.rejectedCounts,
      replacedCounts: this.replacedCounts,
      warnings: this.warnings,
    };
  }

  private addConsistencyWarnings(d: Dataset): void {
    const ids = new Set(d.accounts.map((a: Account) => a.id));
    for (const name of ['revenue', 'usage', 'users', 'tickets', 'surveys'] as const) {
      let orphans = 0;
      let example = '';
      for (const r of d[name] as { accountId: string }[]) {
        if (!ids.has(r.accountId)) {
          if (orphans === 0) example = r.accountId;
          orphans++;
        }
      }
      if (orphans > 0) {
        this.warn(
          `${name}: ${orphans} record${orphans === 1 ? '' : 's'} name an account that is not in accounts (e.g. ${JSON.stringify(clip(example))}); the report ignores them`,
        );
      }
    }
    const firstValue = d.milestones.filter((m) => m.firstValue);
    if (firstValue.length > 1) {
      this.warn(
        `milestones: ${firstValue.length} milestones have firstValue true (${firstValue
          .slice(0, 5)
          .map((m) => m.key)
          .join(', ')}); at most one should`,
      );
    }
  }
}

/**
 * Counts map entries whose value is `null` (`accounts.milestones` `{"go-live": null}`): unknown,
 * so the schemas drop them and keep the record; the data-quality report (warnings) says how many
 * and shows the first. Shared by every reader (the server's streaming CSV import too).
 */
export class NullEntryCounter {
  private readonly seen = new Map<CollectionName, { entries: number; records: number; example: string }>();

  /** `nulls`: the record's null entries (`milestones.go-live`); `where`: the record (`accounts[0] (a1)`). */
  note(collection: CollectionName, nulls: readonly string[], where: string): void {
    const s = this.seen.get(collection);
    if (s === undefined) {
      this.seen.set(collection, {
        entries: nulls.length,
        records: 1,
        example: `${where} ${clip(nulls[0], 120)}`,
      });
    } else {
      s.entries += nulls.length;
      s.records++;
    }
  }

  warnings(): string[] {
    const out: string[] = [];
    for (const [c, s] of this.seen) {
      out.push(
        `${c}: ${s.entries} map entr${s.entries === 1 ? 'y is' : 'ies are'} null (unknown) in ${s.records} record${s.records === 1 ? '' : 's'}; ${s.entries === 1 ? 'it was' : 'they were'} ignored and the record${s.records === 1 ? '' : 's'} kept (e.g. ${s.example})`,
      );
    }
    return out;
  }
}

interface UsageRowLike {
  accountId: string;
  date: string;
  dau: number;
  wau: number;
  mau: number;
  minutes: number;
  sessions: number;
}

/** Validates the top level; `raw` is the dataset object (or a dataset.csv row as an object). */
export function validateHeader(
  raw: unknown,
  options: HeaderOptions = {},
): { header: DatasetHeader; warnings: string[] } | { error: DatasetError } {
  const source = options.source ?? 'the dataset';
  const Source = source.charAt(0).toUpperCase() + source.slice(1);
  if (!isPlainRecord(raw)) {
    return {
      error: {
        code: 'not-object',
        message: `${Source} is not a Healthbar dataset: expected an object with schemaVersion and currency, found ${typeName(raw)}.`,
      },
    };
  }
  const version = own(raw, 'schemaVersion');
  if (version === undefined || version === null) {
    return {
      error: {
        code: 'schema-version',
        message: `${Source} has no schemaVersion, so it is not a Healthbar dataset (expected "schemaVersion": ${SCHEMA_VERSION}).`,
      },
    };
  }
  if (version !== SCHEMA_VERSION) {
    const newer = typeof version === 'number' && version > SCHEMA_VERSION;
    const shown = describeValue(version);
    return {
      error: {
        code: 'schema-version',
        message: newer
          ? `Unknown schemaVersion ${shown}: this file was made for a newer Healthbar; update the extension.`
          : `Unknown schemaVersion ${shown}: this Healthbar reads schemaVersion ${SCHEMA_VERSION}.`,
      },
    };
  }
  let currency = own(raw, 'currency');
  if ((currency === undefined || currency === null || currency === '') && options.currencyFallback) {
    currency = options.currencyFallback;
  }
  if (currency === undefined || currency === null || currency === '') {
    return {
      error: {
        code: 'currency',
        message: `${Source} has no currency: add "currency" with an ISO 4217 code such as "USD".`,
      },
    };
  }
  if (!currencySchema.safeParse(currency).success) {
    return {
      error: {
        code: 'currency',
        message: `The currency ${describeValue(currency)} is not an ISO 4217 code such as USD (three capital letters).`,
      },
    };
  }
  const header: DatasetHeader = { schemaVersion: SCHEMA_VERSION, currency: currency as string };
  const warnings: string[] = [];
  const generatedAt = own(raw, 'generatedAt');
  if (generatedAt !== undefined && generatedAt !== null) {
    if (timestampSchema.safeParse(generatedAt).success) header.generatedAt = generatedAt as string;
    else
      warnings.push(
        `generatedAt ${describeValue(generatedAt)} is not an ISO-8601 UTC timestamp; it was ignored`,
      );
  }
  const dataThrough = own(raw, 'dataThrough');
  if (dataThrough !== undefined && dataThrough !== null && dataThrough !== '') {
    if (!dateSchema.safeParse(dataThrough).success) {
      return {
        error: {
          code: 'header',
          message: `dataThrough ${describeValue(dataThrough)} in ${source} is not a calendar date YYYY-MM-DD.`,
        },
      };
    }
    header.dataThrough = dataThrough as string;
  }
  return { header, warnings };
}

/**
 * Validates a dataset in its JSON form (already parsed). Never throws, whatever `input` is.
 * `currencyFallback` stands in for a missing currency (a tool's `--currency` flag).
 */
export function parseDataset(
  input: unknown,
  options: BuilderOptions & { currencyFallback?: string } = {},
): ParseResult {
  try {
    const b = new DatasetBuilder(options);
    const error = b.setHeader(input, { currencyFallback: options.currencyFallback });
    if (error) return { ok: false, error };
    for (const name of COLLECTIONS) {
      const list = own(input, name);
      if (list === undefined || list === null) continue;
      if (!Array.isArray(list)) {
        b.rejectCollection(
          name,
          `must be a list of records but is ${typeName(list)}; the whole collection was ignored`,
        );
        continue;
      }
      for (let i = 0; i < list.length; i++) b.add(name, list[i]);
    }
    return b.finish();
  } catch (e) {
    if (e instanceof DatasetTooLarge) return { ok: false, error: { code: 'too-large', message: e.message } };
    return {
      ok: false,
      error: { code: 'unreadable', message: `The dataset could not be read: ${errorText(e)}` },
    };
  }
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return clip(e.message, 300);
  return clip(String(e), 300);
}

/** Human summary lines for rejections/replacements (the CLI's stderr, the import dialog). */
export function summariseProblems(result: ParseSuccess, maxLines = 5): string[] {
  const lines: string[] = [];
  const total = (c: CollectionCounts) => COLLECTIONS.reduce((n, k) => n + c[k], 0);
  const per = (c: CollectionCounts) =>
    COLLECTIONS.filter((k) => c[k] > 0)
      .map((k) => `${k} ${c[k]}`)
      .join(', ');
  const nRejected = total(result.rejectedCounts);
  if (nRejected > 0) {
    lines.push(
      `${nRejected} record${nRejected === 1 ? ' was' : 's were'} rejected (${per(result.rejectedCounts)}):`,
    );
    for (const r of result.rejected.slice(0, maxLines)) lines.push(`  ${r.message}`);
    if (nRejected > maxLines)
      lines.push(`  … and ${nRejected - Math.min(maxLines, result.rejected.length)} more`);
  }
  const nReplaced = total(result.replacedCounts);
  if (nReplaced > 0) {
    lines.push(
      `${nReplaced} repeated id${nReplaced === 1 ? '' : 's'} or key${nReplaced === 1 ? '' : 's'}: the later record replaced the earlier (${per(result.replacedCounts)}):`,
    );
    for (const r of result.replaced.slice(0, maxLines)) lines.push(`  ${r.message}`);
    if (nReplaced > maxLines)
      lines.push(`  … and ${nReplaced - Math.min(maxLines, result.replaced.length)} more`);
  }
  for (const w of result.warnings.slice(0, maxLines)) lines.push(`warning: ${w}`);
  if (result.warnings.length > maxLines)
    lines.push(`… and ${result.warnings.length - maxLines} more warnings`);
  return lines;
}
