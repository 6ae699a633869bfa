/**
 * `ttvTrend` (METRICS.md "Account status, score history, and later additions"): the portfolio
 * median `ttvDays` as of the last day of each of the months M−11 … M−1, then as of D.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbAsOf, arbDataset, withDuplicates } from './arbitraries';
import { computePortfolioTrends, computeReport } from './index';
import { account, dataset } from './testkit';

const D = '2026-10-15'; // mid-month: the last point is as of D, the others month ends 2025-11 … 2026-09
const ms = [
  { key: 'fv', name: 'First value', order: 1, firstValue: true },
  { key: 'm2', name: 'Second', order: 2, firstValue: false },
];

/**
 * ttv (days): a 10 (started 2024-12-10), b 30 (2025-01-05), c 36 (2026-01-10, first value
 * 2026-02-15), d 4 (2026-05-20), h 0 (2026-09-30); e reaches first value after D; f has no
 * first-value date; g has no start date. No account started from 2025-01-06 to 2026-01-09.
 */
function fixture() {
  return dataset({
    milestones: ms,
    accounts: [
      account('a', { startedOn: '2024-12-10', milestones: { fv: '2024-12-20' } }),
      account('b', { startedOn: '2025-01-05', milestones: { fv: '2025-02-04', m2: '2025-03-01' } }),
      account('c', { startedOn: '2026-01-10', milestones: { fv: '2026-02-15' } }),
      account('d', { startedOn: '2026-05-20', milestones: { fv: '2026-05-24' } }),
      account('e', { startedOn: '2026-10-01', milestones: { fv: '2026-10-20' } }),
      account('f', { startedOn: '2026-04-10', milestones: { m2: '2026-04-12' } }),
      account('g', { milestones: { fv: '2026-03-01' } }),
      account('h', { startedOn: '2026-09-30', milestones: { fv: '2026-09-30' } }),
    ],
  });
}

describe('ttvTrend', () => {
  it('each point is the median over the accounts started in the 12 months ending that day', () => {
    const t = computePortfolioTrends(fixture(), D).ttvTrend;
    expect(t.map((p) => [p.asOf, p.month, p.value])).toEqual([
      ['2025-11-30', '2025-11', 20], // from 2024-12-01: a 10, b 30
      ['2025-12-31', '2025-12', 30], // from 2025-01-01: b (a started before)
      ['2026-01-31', '2026-01', null], // from 2025-02-01: only c started, first value not yet reached
      ['2026-02-28', '2026-02', 36], // c
      ['2026-03-31', '2026-03', 36],
      ['2026-04-30', '2026-04', 36], // f started, no first-value date: left out
      ['2026-05-31', '2026-05', 20], // c 36, d 4
      ['2026-06-30', '2026-06', 20],
      ['2026-07-31', '2026-07', 20],
      ['2026-08-31', '2026-08', 20],
      ['2026-09-30', '2026-09', 4], // c 36, d 4, h 0 (a computable 0 counts)
      ['2026-10-15', '2026-10', 4], // as of D: e's first value is after D
    ]);
  });

  it('the last point equals the portfolio ttvDays, in the report JSON beside the other trends', () => {
    const r = computeReport(fixture(), D);
    expect(r.portfolio.ttvDays).toBe(4);
    expect(r.portfolio.trends.ttvTrend.at(-1)).toEqual({ asOf: D, month: '2026-10', value: 4 });
    expect(r.portfolio.trends.ttvTrend).toHaveLength(r.portfolio.trends.nrrTrend.length);
  });

  it('a month-end D: the last point is D itself, the first M−11', () => {
    const t = computePortfolioTrends(fixture(), '2026-09-30').ttvTrend;
    expect(t[0]).toEqual({ asOf: '2025-10-31', month: '2025-10', value: 20 }); // from 2024-11-01: a, b
    expect(t[11]).toEqual({ asOf: '2026-09-30', month: '2026-09', value: 4 });
  });

  it('null everywhere when the dataset defines no first-value milestone', () => {
    const ds = { ...fixture(), milestones: [ms[1]] };
    expect(computePortfolioTrends(ds, D).ttvTrend.every((p) => p.value === null)).toBe(true);
    expect(computeReport(ds, D).portfolio.ttvDays).toBeNull();
  });

  it('every point equals the portfolio ttvDays of a report as of that point (random datasets)', () => {
    fc.assert(
      fc.property(arbDataset, arbAsOf, fc.nat(), (ds0, asOf, seed) => {
        const ds = seed % 2 ? withDuplicates(ds0, seed) : ds0;
        const t = computePortfolioTrends(ds, asOf).ttvTrend;
        expect(t).toHaveLength(12);
        expect(t[11].asOf).toBe(asOf);
        for (const p of t) {
          expect(p.month).toBe(p.asOf.slice(0, 7));
          expect(p.value).toBe(computeReport(ds, p.asOf).portfolio.ttvDays);
        }
      }),
      { numRuns: 40 },
    );
  });
});
