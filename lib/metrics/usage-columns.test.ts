/**
 * An index built from usage columns (the report CLI reads usage that way: `usageColumns`) gives
 * the very report the row objects give: every account, the portfolio, trends and history.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UsageRow } from '../dataset/schema';
import { NumberList, type UsageColumns } from '../dataset/store';
import { arbAsOf, arbDataset, withDuplicates } from './arbitraries';
import { buildIndex, computeReportFromIndex, defaultAsOfIndex, releaseIndexedRows } from './index';

/** The rows as the reader's columns: ids and dates numbered in first-seen order. */
function columnsOf(rows: readonly UsageRow[]): UsageColumns {
  const ids = new Map<string, number>();
  const dates = new Map<string, number>();
  const no = (m: Map<string, number>, k: string) => {
    const n = m.get(k);
    if (n !== undefined) return n;
    m.set(k, m.size);
    return m.size - 1;
  };
  const lists = {
    dau: new NumberList(),
    wau: new NumberList(),
    mau: new NumberList(),
    minutes: new NumberList(),
    sessions: new NumberList(),
  };
  const acc = new Uint32Array(rows.length);
  const date = new Uint32Array(rows.length);
  rows.forEach((r, i) => {
    acc[i] = no(ids, r.accountId);
    date[i] = no(dates, r.date);
    for (const k of ['dau', 'wau', 'mau', 'minutes', 'sessions'] as const) lists[k].push(r[k]);
  });
  return {
    length: rows.length,
    accountIds: [...ids.keys()],
    acc,
    dates: [...dates.keys()],
    date,
    dau: lists.dau.view(),
    wau: lists.wau.view(),
    mau: lists.mau.view(),
    minutes: lists.minutes.view(),
    sessions: lists.sessions.view(),
  };
}

describe('buildIndex from usage columns', () => {
  it('gives the report the rows give, repeated keys, orphans and rows out of order included, and again once the index let go of the rows (property)', () => {
    fc.assert(
      fc.property(arbDataset, arbAsOf, fc.nat(5), fc.boolean(), (ds0, asOf, seed, reversed) => {
        const ds = withDuplicates(ds0, seed);
        const usage = reversed ? [...ds.usage].reverse() : ds.usage;
        const fromRows = buildIndex({ ...ds, usage });
        const fromCols = buildIndex({ ...ds, usage: [] }, { usageColumns: columnsOf(usage) });
        expect(defaultAsOfIndex(fromCols)).toBe(defaultAsOfIndex(fromRows));
        const options = { history: true };
        const expected = computeReportFromIndex(fromRows, asOf, undefined, options);
        expect(computeReportFromIndex(fromCols, asOf, undefined, options)).toEqual(expected);
        // The report CLI lets the index go of the rows it has read: the report is the same.
        releaseIndexedRows(fromCols);
        releaseIndexedRows(fromRows);
        expect(fromCols.dataset.users).toEqual([]);
        expect(computeReportFromIndex(fromCols, asOf, undefined, options)).toEqual(expected);
        expect(computeReportFromIndex(fromRows, asOf, undefined, options)).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});
