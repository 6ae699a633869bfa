/**
 * Usage series stored in chunks: an account's daily usage is kept as rows of at most
 * `USAGE_CHUNK_DAYS` consecutive day numbers (`chunk` = day ÷ USAGE_CHUNK_DAYS, rounded down),
 * keyed by `[accountId+chunk]`. A new day rewrites the one small row it falls in — not the
 * account's whole 400-day history — and a reader joins an account's rows back into one
 * `UsageSeries` (columnar, days ascending), the shape every reader had before.
 *
 * Written by hand: the split, join and merge are a few loops over typed arrays.
 */
import type { UsageRow } from '../dataset/schema';
import type { UsageChunk, UsageSeries } from './db';

/**
 * Days per stored usage row: 4 rows for 400 days (a row of 128 days is ≈ 5.5 KB). Was 64 until
 * cache version 8: half the rows made the first sync write and every account view read fewer,
 * for a little more to rewrite when one more day comes. Version 8 re-chunks what was stored.
 */
export const USAGE_CHUNK_DAYS = 128;

export function chunkOfDay(day: number): number {
  return Math.floor(day / USAGE_CHUNK_DAYS);
}

const COLUMNS = ['dau', 'wau', 'mau', 'minutes', 'sessions'] as const;

export function emptyUsageChunk(accountId: string, chunk: number): UsageChunk {
  return {
    accountId,
    chunk,
    days: new Int32Array(0),
    dau: new Float64Array(0),
    wau: new Float64Array(0),
    mau: new Float64Array(0),
    minutes: new Float64Array(0),
    sessions: new Float64Array(0),
  };
}

/** A whole series (days ascending) as its chunk rows, in chunk order. */
export function splitUsage(s: UsageSeries): UsageChunk[] {
  const out: UsageChunk[] = [];
  let start = 0;
  while (start < s.days.length) {
    const chunk = chunkOfDay(s.days[start]);
    let end = start + 1;
    while (end < s.days.length && chunkOfDay(s.days[end]) === chunk) end++;
    out.push({
      accountId: s.accountId,
      chunk,
      days: s.days.slice(start, end),
      dau: s.dau.slice(start, end),
      wau: s.wau.slice(start, end),
      mau: s.mau.slice(start, end),
      minutes: s.minutes.slice(start, end),
      sessions: s.sessions.slice(start, end),
    });
    start = end;
  }
  return out;
}

/** An account's chunk rows (in chunk order, as a key range reads them) joined into one series. */
export function joinUsage(accountId: string, chunks: readonly UsageSeries[]): UsageSeries {
  if (chunks.length === 1) {
    const c = chunks[0];
    return {
      accountId,
      days: c.days,
      dau: c.dau,
      wau: c.wau,
      mau: c.mau,
      minutes: c.minutes,
      sessions: c.sessions,
    };
  }
  let n = 0;
  for (const c of chunks) n += c.days.length;
  const out: UsageSeries = {
    accountId,
    days: new Int32Array(n),
    dau: new Float64Array(n),
    wau: new Float64Array(n),
    mau: new Float64Array(n),
    minutes: new Float64Array(n),
    sessions: new Float64Array(n),
  };
  let at = 0;
  for (const c of chunks) {
    out.days.set(c.days, at);
    for (const k of COLUMNS) out[k].set(c[k], at);
    at += c.days.length;
  }
  return out;
}

/**
 * Applies row edits (by day, all within `base`'s chunk) to a chunk, returning a new sorted chunk.
 * Days after the last stored one (the daily case: one more day) are appended without rebuilding.
 */
export function mergeUsageChunk(
  base: UsageChunk,
  puts: Map<number, UsageRow>,
  dels: Set<number>,
): UsageChunk {
  const last = base.days.length ? base.days[base.days.length - 1] : Number.NEGATIVE_INFINITY;
  let appendOnly = dels.size === 0;
  if (appendOnly) for (const d of puts.keys()) if (d <= last) appendOnly = false;
  if (appendOnly) {
    const added = [...puts.keys()].sort((a, b) => a - b);
    const n = base.days.length;
    const out: UsageChunk = emptyChunkOfLength(base, n + added.length);
    out.days.set(base.days);
    for (const k of COLUMNS) out[k].set(base[k]);
    added.forEach((d, i) => {
      const r = puts.get(d)!;
      out.days[n + i] = d;
      out.dau[n + i] = r.dau;
      out.wau[n + i] = r.wau;
      out.mau[n + i] = r.mau;
      out.minutes[n + i] = r.minutes;
      out.sessions[n + i] = r.sessions;
    });
    return out;
  }
  const byDay = new Map<number, [number, number, number, number, number]>();
  for (let i = 0; i < base.days.length; i++) {
    byDay.set(base.days[i], [base.dau[i], base.wau[i], base.mau[i], base.minutes[i], base.sessions[i]]);
  }
  for (const d of dels) byDay.delete(d);
  for (const [d, r] of puts) byDay.set(d, [r.dau, r.wau, r.mau, r.minutes, r.sessions]);
  const days = Int32Array.from(byDay.keys()).sort();
  const out = emptyChunkOfLength(base, days.length);
  days.forEach((d, i) => {
    const v = byDay.get(d)!;
    out.days[i] = d;
    out.dau[i] = v[0];
    out.wau[i] = v[1];
    out.mau[i] = v[2];
    out.minutes[i] = v[3];
    out.sessions[i] = v[4];
  });
  return out;
}

function emptyChunkOfLength(base: UsageChunk, n: number): UsageChunk {
  return {
    accountId: base.accountId,
    chunk: base.chunk,
    days: new Int32Array(n),
    dau: new Float64Array(n),
    wau: new Float64Array(n),
    mau: new Float64Array(n),
    minutes: new Float64Array(n),
    sessions: new Float64Array(n),
  };
}

/** The key range of one account's chunk rows (for `where('[accountId+chunk]').between(…)`). */
export function accountChunkRange(accountId: string): [[string, number], [string, number]] {
  return [
    [accountId, Number.NEGATIVE_INFINITY],
    [accountId, Number.POSITIVE_INFINITY],
  ];
}

/** A table of usage chunk rows (live or staged). */
export interface UsageChunkReader {
  where(index: '[accountId+chunk]'): {
    between(
      lower: [string, number],
      upper: [string, number],
      includeLower?: boolean,
      includeUpper?: boolean,
    ): { toArray(): Promise<UsageChunk[]> };
  };
}

/** One account's usage series from its chunk rows; undefined when it has none. */
export async function readUsage(
  table: UsageChunkReader,
  accountId: string,
): Promise<UsageSeries | undefined> {
  const [lo, hi] = accountChunkRange(accountId);
  const chunks = await table.where('[accountId+chunk]').between(lo, hi, true, true).toArray();
  return chunks.length ? joinUsage(accountId, chunks) : undefined;
}
