// The load benchmark's pure pieces (bench/load/compare.ts): a client's cache against the
// server's data, and the figures from the request samples.
import { describe, expect, it } from 'vitest';
import { type CacheView, compareTables, sameJson, summarise, tablesOf } from '../../bench/load/compare';

const account = { id: 'a1', name: 'Acme', owner: 'x@y.z', crm: { hubspotCompanyId: '1' } };
const usage = (date: string, dau: number) => ({
  accountId: 'a1',
  date,
  dau,
  wau: 5,
  mau: 9,
  minutes: 3,
  sessions: 1,
});

function view(records: { collection: 'accounts' | 'usage' | 'revenue'; record: unknown }[]): CacheView {
  return { currency: 'USD', dataThrough: '2026-11-01', tables: tablesOf(records) };
}

describe('compareTables', () => {
  const server = view([
    { collection: 'accounts', record: account },
    { collection: 'usage', record: usage('2026-10-31', 4) },
    { collection: 'usage', record: usage('2026-11-01', 4) },
  ]);

  it('is empty for the same records in another order and key order', () => {
    const client = view([
      { collection: 'usage', record: usage('2026-11-01', 4) },
      {
        collection: 'accounts',
        record: { crm: { hubspotCompanyId: '1' }, owner: 'x@y.z', name: 'Acme', id: 'a1' },
      },
      { collection: 'usage', record: usage('2026-10-31', 4) },
    ]);
    expect(compareTables(server, client)).toEqual([]);
  });

  it('counts a missing day, a changed field, an extra record and a stale dataThrough', () => {
    const client: CacheView = {
      ...view([
        { collection: 'accounts', record: { ...account, crm: { hubspotCompanyId: '2' } } },
        { collection: 'usage', record: usage('2026-10-31', 4) },
        { collection: 'revenue', record: { accountId: 'a1', month: '2026-10', mrr: 100 } },
      ]),
      dataThrough: '2026-10-31',
    };
    expect(compareTables(server, client)).toEqual([
      { what: 'dataThrough', missing: 0, extra: 0, changed: 1, example: '2026-11-01 ≠ 2026-10-31' },
      { what: 'accounts', missing: 0, extra: 0, changed: 1, example: 'a1' },
      { what: 'revenue', missing: 0, extra: 1, changed: 0, example: 'a1 2026-10' },
      { what: 'usage', missing: 1, extra: 0, changed: 0, example: 'a1 2026-11-01' },
    ]);
  });

  it('sameJson: key order and undefined properties do not matter; values, nesting and arrays do', () => {
    expect(sameJson({ b: [1, { c: 2 }], a: null, u: undefined }, { a: null, b: [1, { c: 2 }] })).toBe(true);
    expect(sameJson({ a: 1, b: undefined }, { a: 1, c: undefined })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: 0 })).toBe(false);
    expect(sameJson({ a: 1, b: 0 }, { a: 1 })).toBe(false);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameJson({ a: { b: 1 } }, { a: { b: '1' } })).toBe(false);
    expect(sameJson({ a: null }, { a: {} })).toBe(false);
    expect(sameJson([], {})).toBe(false);
    expect(sameJson({ a: 1 }, { b: 1 })).toBe(false);
  });
});

describe('summarise', () => {
  it('counts 4xx/5xx, 429 and unanswered requests as errors, not 304; percentiles interpolate', () => {
    const samples = [
      { ms: 10, status: 200 },
      { ms: 20, status: 304 },
      { ms: 30, status: 429 },
      { ms: 40, status: 503 },
      { ms: 50, status: 0 },
    ];
    const f = summarise(samples, 2000);
    expect(f).toMatchObject({ requests: 5, requestsPerSec: 2.5, errors: 3, p50Ms: 30 });
    expect(f.p95Ms).toBeCloseTo(48);
    expect(f.p99Ms).toBeCloseTo(49.6);
    expect(f.byStatus).toEqual({ 0: 1, 200: 1, 304: 1, 429: 1, 503: 1 });
  });
});
