/**
 * `DatasetBuilder`: incremental dataset validation, record by record, for every reader (the JSON
 * form through `parseDataset`, CSV folders, zips, sync-like feeds). Keeps what is valid, rejects
 * the rest with a reason, settles repeated ids and keys (the later record replaces the earlier one
 * in its place), bounds what it keeps, and warns about orphan rows. The choices are listed in
 * `parse.ts`.
 */
import type { z } from 'zod';
import { describeIssues, isPlainRecord, readableId, typeName } from './describe';
import { fastUsageRow } from './fast-usage';
import { validateHeader } from './header';
import { Canonical, Numbering, ownCopies } from './interning';
import {
  type BuilderOptions,
  type DatasetError,
  DatasetTooLarge,
  emptyCounts,
  type HeaderOptions,
  type ParseResult,
  type Rejection,
  type Replacement,
} from './result';
import {
  COLLECTIONS,
  type CollectionName,
  type CollectionRecords,
  collectionSchemas,
  type Dataset,
  type DatasetHeader,
  nullMapEntries,
  recordKey,
} from './schema';
import { NumberList, newStore, type Store, USAGE_NUMBER_COLUMNS, type UsageColumns } from './store';
import { consistencyWarnings, NullEntryCounter } from './warnings';

/** Fields of id-keyed records whose values recur (`Canonical.fields`, interning.ts). */
const INTERNED: Partial<Record<CollectionName, readonly string[]>> = {
  users: ['accountId', 'firstSeenOn', 'lastSeenOn', 'title'],
  tickets: ['accountId', 'priority', 'status', 'csat'],
  surveys: ['accountId', 'respondedOn', 'kind'],
  deals: ['accountId', 'stage', 'createdOn', 'closedOn'],
  sentiment: ['accountId', 'value'],
};

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
  private readonly accounts = new Numbering();
  private readonly seconds = new Numbering();
  private readonly validDates = new Set<string>();
  /** Canonical copies of the ids, dates and enum values that recur across records (`INTERNED`). */
  private readonly canonical = new Canonical();
  private readonly nullEntries = new NullEntryCounter();
  private finished = false;
  private readonly usageColumns: boolean;

  constructor(options: BuilderOptions = {}) {
    this.maxDetails = options.maxDetails ?? 1000;
    this.maxRecords = options.maxRecords ?? Number.POSITIVE_INFINITY;
    this.usageColumns = options.usageColumns === true;
    for (const name of COLLECTIONS) {
      this.stores.set(name, newStore());
    }
    if (this.usageColumns) {
      this.store('usage').columns = {
        dau: new NumberList(),
        wau: new NumberList(),
        mau: new NumberList(),
        minutes: new NumberList(),
        sessions: new NumberList(),
      };
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

  /**
   * Makes room for `rows` rows in all of a keyed collection (usage, revenue), which keeps its rows
   * in typed arrays: a reader that can tell how many rows are coming (from the file's size) sizes
   * them once instead of letting them double. Rows past it still fit (the arrays grow again).
   */
  expectRows(collection: CollectionName, rows: number): void {
    if (collection !== 'usage' && collection !== 'revenue') return;
    const s = this.store(collection);
    s.keyA.reserve(rows);
    s.keyB.reserve(rows);
    if (s.columns !== undefined) for (const c of USAGE_NUMBER_COLUMNS) s.columns[c].reserve(rows);
  }

  /** Rows a keyed collection has room for before its arrays grow (`expectRows`); 0 for the others. */
  rowCapacity(collection: CollectionName): number {
    if (collection !== 'usage' && collection !== 'revenue') return 0;
    return this.store(collection).keyA.capacity;
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
    if (collection === 'usage') record = fastUsageRow(raw, this.validDates);
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
      const a = this.accounts.no(r.accountId);
      r.accountId = this.accounts.strs[a];
      const b = this.seconds.no(collection === 'usage' ? r.date : r.month);
      if (collection === 'usage') r.date = this.seconds.strs[b];
      else r.month = this.seconds.strs[b];
      s.keyA.push(a);
      s.keyB.push(b);
      if (s.columns !== undefined) {
        const u = record as Record<(typeof USAGE_NUMBER_COLUMNS)[number], number>;
        for (const c of USAGE_NUMBER_COLUMNS) s.columns[c].push(u[c]);
      } else s.records.push(record);
      s.positions.push(index);
      if (at !== undefined) s.rows.push(at.row);
      return;
    }
    const fields = INTERNED[collection];
    if (fields !== undefined) this.canonical.fields(record as Record<string, unknown>, fields);
    ownCopies(collection, record as Record<string, unknown>);
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
    const n = s.keyA.length;
    const cols = s.columns;
    if (n === 0) return;
    const nA = this.accounts.strs.length;
    const start = new Uint32Array(nA + 1);
    for (let i = 0; i < n; i++) start[s.keyA.get(i) + 1]++;
    for (let a = 0; a < nA; a++) start[a + 1] += start[a];
    const fill = start.slice(0, nA);
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[fill[s.keyA.get(i)]++] = i;
    const first = new Int32Array(this.seconds.strs.length).fill(-1);
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
        if (cols === undefined) s.records[j] = s.records[i];
        else for (const c of USAGE_NUMBER_COLUMNS) cols[c].set(j, cols[c].get(i));
        removed ??= new Uint8Array(n);
        removed[i] = 1;
        const later = cols === undefined ? s.records[i] : this.usageRowAt(s, i);
        this.noteReplacement(collection, s, later, i, j, undefined);
      }
      for (let k = from; k < to; k++) first[s.keyB.get(order[k])] = -1;
    }
    if (removed !== null) {
      let w = 0;
      for (let i = 0; i < n; i++) {
        if (removed[i] !== 0) continue;
        if (cols === undefined) s.records[w] = s.records[i];
        else {
          s.keyA.set(w, s.keyA.get(i));
          s.keyB.set(w, s.keyB.get(i));
          for (const c of USAGE_NUMBER_COLUMNS) cols[c].set(w, cols[c].get(i));
        }
        w++;
      }
      if (cols === undefined) s.records.length = w;
      else {
        s.keyA.length = w;
        s.keyB.length = w;
        for (const c of USAGE_NUMBER_COLUMNS) cols[c].length = w;
      }
    }
  }

  /** Usage row i of a store kept as columns, as a record (for a replacement's message). */
  private usageRowAt(s: Store<unknown>, i: number): Record<string, unknown> {
    const row: Record<string, unknown> = {
      accountId: this.accounts.strs[s.keyA.get(i)],
      date: this.seconds.strs[s.keyB.get(i)],
    };
    if (s.columns !== undefined) for (const c of USAGE_NUMBER_COLUMNS) row[c] = s.columns[c].get(i);
    return row;
  }

  /** The usage rows of a store kept as columns (call after `settleKeyed`). */
  private usageColumnsOf(s: Store<unknown>): UsageColumns | undefined {
    const cols = s.columns;
    if (cols === undefined) return undefined;
    return {
      length: s.keyA.length,
      accountIds: this.accounts.strs.slice(),
      acc: s.keyA.view(),
      dates: this.seconds.strs.slice(),
      date: s.keyB.view(),
      dau: cols.dau.view(),
      wau: cols.wau.view(),
      mau: cols.mau.view(),
      minutes: cols.minutes.view(),
      sessions: cols.sessions.view(),
    };
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
    let usageColumns: UsageColumns | undefined;
    for (const name of COLLECTIONS) {
      const s = this.stores.get(name)!;
      if (name === 'usage' || name === 'revenue') this.settleKeyed(name, s);
      (dataset as unknown as Record<CollectionName, unknown[]>)[name] = s.records;
      counts[name] = s.records.length;
      if (name === 'usage') {
        usageColumns = this.usageColumnsOf(s);
        if (usageColumns !== undefined) counts.usage = usageColumns.length;
      }
      s.byKey.clear();
    }
    this.replaced.sort(
      (x, y) => COLLECTIONS.indexOf(x.collection) - COLLECTIONS.indexOf(y.collection) || x.index - y.index,
    );
    // Drop the indexes (tens of MB for big datasets) even if the caller keeps the builder.
    this.stores.clear();
    this.accounts.clear();
    this.seconds.clear();
    this.validDates.clear();
    this.canonical.clear();
    for (const w of this.nullEntries.warnings()) this.warn(w);
    for (const w of consistencyWarnings(dataset, usageColumns)) this.warn(w);
    return {
      ok: true,
      ...(usageColumns === undefined ? {} : { usageColumns }),
      uniqueIds: true,
      dataset,
      rejected: this.rejected,
      replaced: this.replaced,
      counts,
      rejectedCounts: this.rejectedCounts,
      replacedCounts: this.replacedCounts,
      warnings: this.warnings,
    };
  }
}
