/**
 * The pure pieces of the load part: a client's cache against the server's data, table by table
 * (`compareTables`), and the figures from the per-request samples (`summarise`).
 *
 * "Equal" means: for every collection, the same set of keys (the server's own record key,
 * `storedKey`: id, or account + month/date for revenue/usage) and, for each key, the same record —
 * every field, compared as JSON values (`sameJson`: key order does not matter, a property set to
 * `undefined` is absent, as in JSON) — plus the same `currency` and `dataThrough`.
 */
import type { CollectionName } from '../../lib/dataset/schema';
import { storedKey } from '../../server/store';
import { percentile } from '../stats';

/** collection → record key → the record. */
export type Tables = Map<string, Map<string, unknown>>;

export interface CacheView {
  currency: string | null;
  dataThrough: string | null;
  tables: Tables;
}

/**
 * Equal as JSON values: the same primitives, arrays element by element, objects with the same
 * defined properties in any order. Written here rather than `util.isDeepStrictEqual`, which
 * tells `{a: undefined}` from `{}` (JSON does not).
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    if (x[k] === undefined) continue;
    n++;
    if (!Object.hasOwn(y, k) || !sameJson(x[k], y[k])) return false;
  }
  for (const k in y) if (y[k] !== undefined) n--;
  return n === 0;
}

export function tablesOf(records: Iterable<{ collection: CollectionName; record: unknown }>): Tables {
  const out: Tables = new Map();
  for (const { collection, record } of records) {
    const k = storedKey(collection, record as Record<string, unknown>);
    const t = out.get(collection) ?? new Map<string, unknown>();
    out.set(collection, t);
    t.set(`${k.rid}\u0000${k.rsub}`, record);
  }
  return out;
}

export interface Difference {
  /** A collection name, or `currency` / `dataThrough`. */
  what: string;
  missing: number;
  extra: number;
  changed: number;
  /** One key that differs (for the report). */
  example?: string;
}

/** What differs between the server's data (`expected`) and a client's cache; empty when equal. */
export function compareTables(expected: CacheView, actual: CacheView): Difference[] {
  const out: Difference[] = [];
  for (const what of ['currency', 'dataThrough'] as const) {
    if (expected[what] !== actual[what])
      out.push({ what, missing: 0, extra: 0, changed: 1, example: `${expected[what]} ≠ ${actual[what]}` });
  }
  const names = new Set([...expected.tables.keys(), ...actual.tables.keys()]);
  for (const what of [...names].sort()) {
    const e = expected.tables.get(what) ?? new Map<string, unknown>();
    const a = actual.tables.get(what) ?? new Map<string, unknown>();
    const d: Difference = { what, missing: 0, extra: 0, changed: 0 };
    for (const [k, v] of e) {
      const got = a.get(k);
      if (got === undefined) d.missing++;
      else if (!sameJson(v, got)) d.changed++;
      else continue;
      d.example ??= k.replace('\u0000', ' ').trim();
    }
    for (const k of a.keys()) {
      if (e.has(k)) continue;
      d.extra++;
      d.example ??= k.replace('\u0000', ' ').trim();
    }
    if (d.missing + d.extra + d.changed > 0) out.push(d);
  }
  return out;
}

/** One HTTP request of a client's sync: its status (0: no answer) and request → last byte. */
export interface RequestSample {
  ms: number;
  status: number;
}

export interface LoadFigures {
  requests: number;
  requestsPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Answers 4xx/5xx, 429 included, and requests with no answer at all. */
  errors: number;
  byStatus: Record<string, number>;
  /** p50 / p95 per status (0: no answer), to tell cheap 304s from page builds. */
  msByStatus: Record<string, { p50: number; p95: number }>;
}

/** The figures of the samples taken over `wallMs` (percentiles over every request, 304s included). */
export function summarise(samples: readonly RequestSample[], wallMs: number): LoadFigures {
  const byStatus: Record<string, number> = {};
  let errors = 0;
  for (const s of samples) {
    byStatus[s.status] = (byStatus[s.status] ?? 0) + 1;
    if (s.status === 0 || s.status >= 400) errors++;
  }
  const ms = samples.map((s) => s.ms);
  const msByStatus: LoadFigures['msByStatus'] = {};
  for (const k of Object.keys(byStatus)) {
    const m = samples.filter((s) => String(s.status) === k).map((s) => s.ms);
    msByStatus[k] = { p50: percentile(m, 50), p95: percentile(m, 95) };
  }
  return {
    requests: samples.length,
    requestsPerSec: wallMs > 0 ? (samples.length * 1000) / wallMs : 0,
    p50Ms: percentile(ms, 50),
    p95Ms: percentile(ms, 95),
    p99Ms: percentile(ms, 99),
    errors,
    byStatus,
    msByStatus,
  };
}
