/** How `DatasetBuilder` holds the records of one collection while it reads (compactly: millions of rows). */

/** Growable Uint32 list (4 bytes per entry: the original position of every kept record). */
export class U32List {
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
  set(i: number, v: number): void {
    this.a[i] = v;
  }
  /** The entries as one array (a view: no copy). */
  view(): Uint32Array {
    return this.a.subarray(0, this.length);
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
    if (this.length === this.a.length) this.grow(this.a.length * 2);
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
  private grow(size: number): void {
    const b = this.a instanceof Uint32Array ? new Uint32Array(size) : new Float64Array(size);
    b.set(this.a);
    this.a = b;
  }
  private widen(): void {
    const b = new Float64Array(this.a.length);
    b.set(this.a);
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
  /** Usage rows kept as columns instead of `records` (`BuilderOptions.usageColumns`). */
  columns?: Record<(typeof USAGE_NUMBER_COLUMNS)[number], NumberList>;
  file?: string;
  seen: number;
}

/** An empty store. */
export function newStore(): Store<unknown> {
  return {
    records: [],
    positions: new U32List(),
    byKey: new Map(),
    keyA: new U32List(),
    keyB: new U32List(),
    rows: new U32List(),
    seen: 0,
  };
}
