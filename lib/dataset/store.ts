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
}

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
