/**
 * The index of a dataset whose ids the reader settled (`ParseSuccess.uniqueIds`, read with usage
 * columns as the report CLI reads it) skips looking for repeated ids, and gives the report the
 * contract's rule gives on the raw rows: a repeated id's later record replaces the earlier one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDataset } from '../dataset/parse';
import { arbAsOf, arbDataset, withDuplicates } from './arbitraries';
import { buildIndex, computeReport, computeReportFromIndex } from './index';

describe('an index of a dataset with unique ids', () => {
  it('gives the report of the raw rows, repeats included', () => {
    fc.assert(
      fc.property(arbDataset, arbAsOf, fc.nat(20), (ds, asOf, seed) => {
        const raw = withDuplicates(ds, seed);
        const read = parseDataset(raw, { usageColumns: true });
        if (!read.ok) throw new Error(read.error.message);
        expect(read.uniqueIds).toBe(true);
        const ix = buildIndex(read.dataset, { usageColumns: read.usageColumns, uniqueIds: read.uniqueIds });
        expect(computeReportFromIndex(ix, asOf)).toEqual(computeReport(raw, asOf));
      }),
      { numRuns: 60 },
    );
  });

  it('keeps every row of every account, in dataset order', () => {
    fc.assert(
      fc.property(arbDataset, (ds) => {
        const unique = buildIndex(ds, { uniqueIds: true });
        const settled = buildIndex(ds);
        expect(unique.accounts).toEqual(settled.accounts);
      }),
      { numRuns: 60 },
    );
  });
});
