import { describe, expect, it } from 'vitest';
import { buildIndex, computeAccountReport, computeReport } from './index';
import { account, dataset, revenue } from './testkit';

/**
 * METRICS.md "Account status", hand-computed, as of D = 2026-10-15 (month of D = 2026-10):
 * - active: 1000 every month 2026-01 … 2026-10 → active
 * - churned: 2392 in 2026-08 and 2026-09, no row in 2026-10 → churned in 2026-10, lastMrr 2392
 * - zeroRow: 500 in 2026-05, an explicit 0 row in 2026-06 … 2026-10 → churned in 2026-06, lastMrr 500
 * - gap: 700 in 2024-03 (two years before, outside the 24-month series), then no row at all →
 *        churned in 2024-04, lastMrr 700
 * - reactivated: 300 in 2026-01, 0 in 2026-02, missing 2026-03 … 2026-09, 400 in 2026-10 → active
 * - oldChurn: 800 in 2026-02, 900 in 2026-03 (last paying month), missing 2026-04, 0 in 2026-05,
 *             missing after → churned in 2026-04 with lastMrr 900 (the last paying month's MRR)
 * - never: explicit 0 rows only → not yet paying
 * - later: first pays in 2026-11, after D → not yet paying as of D
 * - none: no revenue row at all → not yet paying
 */
const ds = dataset({
  accounts: ['active', 'churned', 'zeroRow', 'gap', 'reactivated', 'oldChurn', 'never', 'later', 'none'].map(
    (id) => account(id),
  ),
  revenue: [
    ...revenue(
      'active',
      Object.fromEntries(
        Array.from({ length: 10 }, (_, i) => [`2026-${String(i + 1).padStart(2, '0')}`, 1000]),
      ),
    ),
    ...revenue('churned', { '2026-08': 2392, '2026-09': 2392 }),
    ...revenue('zeroRow', {
      '2026-05': 500,
      '2026-06': 0,
      '2026-07': 0,
      '2026-08': 0,
      '2026-09': 0,
      '2026-10': 0,
    }),
    ...revenue('gap', { '2024-03': 700 }),
    ...revenue('reactivated', { '2026-01': 300, '2026-02': 0, '2026-10': 400 }),
    ...revenue('oldChurn', { '2026-02': 800, '2026-03': 900, '2026-05': 0 }),
    ...revenue('never', { '2026-01': 0, '2026-10': 0 }),
    ...revenue('later', { '2026-11': 600 }),
  ],
});

const expected: Record<string, { status: string; churnedIn: string | null; lastMrr: number | null }> = {
  active: { status: 'active', churnedIn: null, lastMrr: null },
  churned: { status: 'churned', churnedIn: '2026-10', lastMrr: 2392 },
  zeroRow: { status: 'churned', churnedIn: '2026-06', lastMrr: 500 },
  gap: { status: 'churned', churnedIn: '2024-04', lastMrr: 700 },
  reactivated: { status: 'active', churnedIn: null, lastMrr: null },
  oldChurn: { status: 'churned', churnedIn: '2026-04', lastMrr: 900 },
  never: { status: 'not-yet-paying', churnedIn: null, lastMrr: null },
  later: { status: 'not-yet-paying', churnedIn: null, lastMrr: null },
  none: { status: 'not-yet-paying', churnedIn: null, lastMrr: null },
};

describe('account status (METRICS.md "Account status")', () => {
  const r = computeReport(ds, '2026-10-15');
  for (const [id, want] of Object.entries(expected)) {
    it(`${id}: ${want.status}${want.churnedIn ? ` in ${want.churnedIn}` : ''}`, () => {
      const a = r.accounts.find((x) => x.id === id);
      expect(a && { status: a.status, churnedIn: a.churnedIn, lastMrr: a.lastMrr }).toEqual(want);
      // The single-account path agrees with the portfolio report.
      const one = computeAccountReport(buildIndex(ds), id, '2026-10-15');
      expect(one && { status: one.status, churnedIn: one.churnedIn, lastMrr: one.lastMrr }).toEqual(want);
    });
  }

  it('is as of D: the churned account was active in its last paying month, later accounts pay after', () => {
    const sep = computeReport(ds, '2026-09-30');
    const by = (id: string) => sep.accounts.find((x) => x.id === id);
    expect(by('churned')?.status).toBe('active');
    expect(by('reactivated')).toMatchObject({ status: 'churned', churnedIn: '2026-02', lastMrr: 300 });
    const nov = computeReport(ds, '2026-11-01');
    expect(nov.accounts.find((x) => x.id === 'later')?.status).toBe('active');
    expect(nov.accounts.find((x) => x.id === 'active')).toMatchObject({
      status: 'churned',
      churnedIn: '2026-11',
      lastMrr: 1000,
    });
  });
});
