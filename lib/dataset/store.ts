/** How `DatasetBuilder` holds the records of one collection while it reads (compactly: millions of rows). */

/**
 * Growable Uint32 list (4 bytes per entry). It doubles when full unless `reserve` said how many
 * entries to expect; the copy on growing moves only the entries there are.
 */
export class U32List {
  private a = new Uint32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.a.length) this.reserve(this.a.length * 2);
    this.a[this.length++] = v;
  }
  get(i: number): number {
    return this.a[i];
  }
  set(i: number, v: number): void {
    this.a[i] = v;
  }
  /** Room for `n` entries in all (never less than there are). */
  reserve(n: number): void {
    if (n <= this.a.length) return;
    const b = new Uint32Array(n);
    b.set(this.a.subarray(0, this.length));
    this.a = b;
  }
  /** Entries there is room for. */
  get capacity(): number {
    return this.a.length;
  }
  /** The entries as one array (a view: no copy). */
  view(): Uint32Array {
    return this.a.subarray(0, this.length);
  }
}

/**
 * A list of whole numbers that mostly step up by one from entry to entry, kept as runs (where
 * each run starts, and the value minus the index in it): the position and the source row of each
 * kept record, which step further only past a rejected or replaced record, a blank line or a
 * cell holding a line break. A few bytes per run where a `U32List` costs 4 bytes per entry (two
 * lists of 8 million usage rows: 64 MB).
 */
export class RunList {
  private readonly starts: number[] = [];
  private readonly offsets: number[] = [];
  length = 0;
  push(v: number): void {
    const k = this.offsets.length;
    const offset = v - this.length;
    if (k === 0 || this.offsets[k - 1] !== offset) {
      this.starts.push(this.length);
      this.offsets.push(offset);
    }
    this.length++;
  }
  get(i: number): number {
    // The last run starting at or before i.
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return i + this.offsets[lo];
  }
}

/**
 * Growable list of numbers for a column of millions of usage rows: 4 bytes an entry while every
 * entry is a whole number 0 … 2³² − 1 (counts, whole minutes), 8 bytes (Float64) from the first
 * one that is not (a fraction, a larger count, −0), so every value reads back exactly.
 */
export class NumberList {
  private a: Uint32Array | Float64Array = new Uint32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.a.length) this.reserve(this.a.length * 2);
    this.set(this.length++, v);
  }
  get(i: number): number {
    return this.a[i];
  }
  set(i: number, v: number): void {
    if (this.a instanceof Uint32Array && (v >>> 0 !== v || Object.is(v, -0))) this.widen();
    this.a[i] = v;
  }
  /** The entries as one array (a view: no copy). */
  view(): Uint32Array | Float64Array {
    return this.a.subarray(0, this.length);
  }
  /** Room for `n` entries in all (never less than there are); the copy moves only the entries there are. */
  reserve(n: number): void {
    if (n <= this.a.length) return;
    const b = this.a instanceof Uint32Array ? new Uint32Array(n) : new Float64Array(n);
    b.set(this.a.subarray(0, this.length));
    this.a = b;
  }
  private widen(): void {
    const b = new Float64Array(this.a.length);
    b.set(this.a.subarray(0, this.length));
    this.a = b;
  }
}

/**
 * The usage rows as columns (`BuilderOptions.usageColumns`): row i names account
 * `accountIds[acc[i]]` and date `dates[date[i]]` (numbered with revenue's ids and months: not
 * every entry is a usage row's), with its counts in the number columns (`NumberList`). 28 bytes
 * a row where a row object costs ~90 (the report of 20,000 accounts × 400 days reads 8 million).
 */
export interface UsageColumns {
  length: number;
  accountIds: readonly string[];
  acc: Uint32Array;
  dates: readonly string[];
  date: Uint32Array;
  dau: Uint32Array | Float64Array;
  wau: Uint32Array | Float64Array;
  mau: Uint32Array | Float64Array;
  minutes: Uint32Array | Float64Array;
  sessions: Uint32Array | Float64Array;
}

/** The number columns of usage rows, in `UsageColumns` order. */
export const USAGE_NUMBER_COLUMNS = ['dau', 'wau', 'mau', 'minutes', 'sessions'] as const;

export interface Store<T> {
  records: T[];
  /** Original position of `records[i]`. */
  positions: RunList;
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
  rows: RunList;
  /** Usage rows kept as columns instead of `records` (`BuilderOptions.usageColumns`). */
  columns?: Record<(typeof USAGE_NUMBER_COLUMNS)[number], NumberList>;
  file?: string;
  seen: number;
}

/** An empty store. */
export function newStore(): Store<unknown> {
  return {
    records: [],
    positions: new RunList(),
    byKey: new Map(),
    keyA: new U32List(),
    keyB: new U32List(),
    rows: new RunList(),
    seen: 0,
  };
}
