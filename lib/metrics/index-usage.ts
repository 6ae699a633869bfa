/**
 * The index's first pass over the usage rows (indexing.ts): each row's account position, day and
 * dau, from row objects or from a reader's usage columns.
 */
import type { Dataset } from '../dataset/schema';
import type { UsageColumns } from '../dataset/store';

type DayOf = (date: string) => number;

export interface UsageKeys {
  /** Per usage row: its account's position (−1: orphan) … */
  uAcc: Int32Array;
  /** … its day number (0 for an orphan) … */
  uKey: Int32Array;
  /** … and its dau. */
  uDau: Float64Array | Uint32Array;
  latestUsageDay: number | null;
}

export function usageKeysOfRows(
  usage: Dataset['usage'],
  posOf: Map<string, number>,
  dayOf: DayOf,
): UsageKeys {
  const uAcc = new Int32Array(usage.length);
  const uKey = new Int32Array(usage.length);
  // Each row's dau, read in this same pass: reading it again per account would visit every row
  // object a second time, in account order rather than the order they lie in.
  const uDau = new Float64Array(usage.length);
  let latestUsageDay: number | null = null;
  // Rows usually come in runs of one account (or one date): remember the last lookups.
  let lastId: string | undefined;
  let lastA: number | undefined;
  for (let i = 0; i < usage.length; i++) {
    const u = usage[i];
    let a: number | undefined;
    if (u.accountId === lastId) a = lastA;
    else {
      a = posOf.get(u.accountId);
      lastId = u.accountId;
      lastA = a;
    }
    if (a === undefined) {
      uAcc[i] = -1;
      continue;
    }
    uAcc[i] = a;
    const d = dayOf(u.date);
    uKey[i] = d;
    uDau[i] = u.dau;
    if (latestUsageDay === null || d > latestUsageDay) latestUsageDay = d;
  }
  return { uAcc, uKey, uDau, latestUsageDay };
}

/** `usageKeysOfRows` for usage columns: the ids and dates are numbered, so each is looked up once. */
export function usageKeysOfColumns(c: UsageColumns, posOf: Map<string, number>, dayOf: DayOf): UsageKeys {
  const posOfNo = Int32Array.from(c.accountIds, (id) => posOf.get(id) ?? -1);
  // Numbered dates are shared with revenue's months (the reader numbers both): each read on first
  // use (`known`), as a month is not a date.
  const dayOfNo = new Int32Array(c.dates.length);
  const known = new Uint8Array(c.dates.length);
  const { acc, date } = c;
  const n = c.length;
  const uAcc = new Int32Array(n);
  const uKey = new Int32Array(n);
  let latest = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const a = posOfNo[acc[i]];
    uAcc[i] = a;
    if (a < 0) continue;
    const b = date[i];
    if (known[b] === 0) {
      dayOfNo[b] = dayOf(c.dates[b]);
      known[b] = 1;
    }
    const d = dayOfNo[b];
    uKey[i] = d;
    if (d > latest) latest = d;
  }
  const latestUsageDay = latest === Number.NEGATIVE_INFINITY ? null : latest;
  return { uAcc, uKey, uDau: c.dau, latestUsageDay };
}
