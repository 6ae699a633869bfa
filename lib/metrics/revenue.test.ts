import { describe, expect, it } from 'vitest';
import { computePortfolioTrends, computeReport, computeWorkspaceContext } from './index';
import { accountMovement } from './revenue';
import { DEFAULT_SETTINGS } from './settings';
import { account, dataset, revenue } from './testkit';

const months = (from: string, to: string): string[] => {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number);
  for (;;) {
    const s = `${y}-${String(m).padStart(2, '0')}`;
    out.push(s);
    if (s === to) return out;
    m++;
    if (m === 13) {
      y++;
      m = 1;
    }
  }
};
const flat = (ms: string[], v: number) => Object.fromEntries(ms.map((m) => [m, v]));

/**
 * As of D = 2026-10-31 (M = 2026-10, B = 2025-10):
 * - a: 1000 from 2025-09, expands to 1500 in 2026-10
 * - b: 2000 2025-10 … 2026-05, then no rows (churn in 2026-06)
 * - c: 500 in 2025-10, explicit 0 in 2025-11, missing 2025-12, back at 800 in 2026-01 (reactivation),
 *      contracts to 600 in 2026-07
 * - d: new at 300 from 2026-03
 * - e: paid in 2024-01 (outside every window), back at 400 from 2026-04 (reactivation, not new)
 * - f: never paid
 * - an orphan row for unknown account zz
 */
const ds = dataset({
  accounts: [
    account('a', {
      startedOn: '2025-11-01',
      acquisitionCost: 0,
      dealCreatedOn: '2025-10-01',
      dealClosedOn: '2025-11-01',
      segment: 'smb',
    }),
    account('b', {
      startedOn: '2026-10-31',
      acquisitionCost: 6000,
      dealCreatedOn: '2026-10-01',
      dealClosedOn: '2026-10-31',
      segment: 'smb',
    }),
    account('c', {
      startedOn: '2026-05-05',
      dealCreatedOn: '2025-01-01',
      dealClosedOn: '2025-10-31',
      segment: 'smb',
    }),
    account('d', {
      startedOn: '2026-03-01',
      acquisitionCost: 3000,
      dealClosedOn: '2026-01-01',
      segment: 'enterprise',
    }),
    account('e', { startedOn: '2025-10-31', acquisitionCost: 100000 }),
    account('f', { startedOn: '2026-11-01', acquisitionCost: 9, segment: 'mid-market' }),
  ],
  revenue: [
    ...revenue('a', { ...flat(months('2025-09', '2026-09'), 1000), '2026-10': 1500 }),
    ...revenue('b', flat(months('2025-10', '2026-05'), 2000)),
    ...revenue('c', {
      '2025-10': 500,
      '2025-11': 0,
      ...flat(months('2026-01', '2026-06'), 800),
      ...flat(months('2026-07', '2026-10'), 600),
    }),
    ...revenue('d', flat(months('2026-03', '2026-10'), 300)),
    ...revenue('e', { '2024-01': 50, ...flat(months('2026-04', '2026-10'), 400) }),
    ...revenue('zz', { '2026-10': 99999, '2025-10': 99999 }),
  ],
});

describe('revenue as of 2026-10-31', () => {
  const r = computeReport(ds, '2026-10-31');
  const p = r.portfolio;

  it('mrr, arr, paying accounts, arpa (orphans ignored)', () => {
    expect(p.accounts).toBe(6);
    expect(p.mrr).toBe(2800);
    expect(p.arr).toBe(33600);
    expect(p.payingAccounts).toBe(4);
    expect(p.arpa).toBe(700);
  });

  it('movements of the 12 months M−11 … M, oldest first', () => {
    const z = { new: 0, expansion: 0, contraction: 0, churn: 0, reactivation: 0, net: 0 };
    expect(p.movements).toEqual([
      { month: '2025-11', ...z, churn: -500, net: -500 },
      { month: '2025-12', ...z },
      { month: '2026-01', ...z, reactivation: 800, net: 800 },
      { month: '2026-02', ...z },
      { month: '2026-03', ...z, new: 300, net: 300 },
      { month: '2026-04', ...z, reactivation: 400, net: 400 },
      { month: '2026-05', ...z },
      { month: '2026-06', ...z, churn: -2000, net: -2000 },
      { month: '2026-07', ...z, contraction: -200, net: -200 },
      { month: '2026-08', ...z },
      { month: '2026-09', ...z },
      { month: '2026-10', ...z, expansion: 500, net: 500 },
    ]);
    expect(p.expansionRevenue).toBe(500);
  });

  it('cohort NRR, GRR and logo churn over C = {a, b, c}', () => {
    expect(p.nrr).toBeCloseTo(2100 / 3500, 15);
    expect(p.grr).toBeCloseTo(1500 / 3500, 15);
    expect(p.logoChurnRate).toBeCloseTo(1 / 3, 15);
    expect(p.logoRetentionRate).toBeCloseTo(2 / 3, 15);
  });

  it('monthly logo churn: 2 churns over 43 account-months paying at m−1', () => {
    expect(p.monthlyLogoChurnRate).toBeCloseTo(2 / 43, 15);
  });

  it('ltv, cac (a cost of 0 counts; window (2025-10-31, 2026-10-31]), ltv:cac, sales cycle', () => {
    expect(p.ltv).toBeCloseTo(700 / (2 / 43), 9);
    expect(p.cac).toBe(3000);
    expect(p.ltvToCac).toBeCloseTo(700 / (2 / 43) / 3000, 12);
    expect(p.ltvToCacHealthy).toBe(true);
    expect(p.salesCycleDays).toBe(30.5);
  });

  it('account mrr, arr, nrr (0 for a churned cohort member, null outside the cohort), expansion, ltv', () => {
    const by = Object.fromEntries(r.accounts.map((a) => [a.id, a]));
    expect(r.accounts.map((a) => a.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect([by.a.mrr, by.a.arr, by.a.nrr, by.a.expansionRevenue]).toEqual([1500, 18000, 1.5, 500]);
    expect(by.b.nrr).toBe(0);
    expect(by.c.nrr).toBeCloseTo(1.2, 15);
    expect(by.d.nrr).toBeNull();
    expect(by.e.nrr).toBeNull();
    expect(by.f.nrr).toBeNull();
    expect(by.a.ltv).toBeCloseTo(1500 / (2 / 43), 9);
    expect(by.f.ltv).toBe(0); // non-paying: a computable zero
  });

  it('grossMargin scales ltv', () => {
    const half = computeReport(ds, '2026-10-31', { ...DEFAULT_SETTINGS, grossMargin: 0.5 });
    expect(half.portfolio.ltv).toBeCloseTo((700 * 0.5) / (2 / 43), 9);
    expect(half.accounts[0].ltv).toBeCloseTo((1500 * 0.5) / (2 / 43), 9);
  });

  it('workspace context: monthly churn, medians of paying accounts per segment, tickets tracked', () => {
    expect(computeWorkspaceContext(ds, '2026-10-31')).toEqual({
      asOf: '2026-10-31',
      monthlyLogoChurnRate: 2 / 43,
      segmentMedianMrr: { smb: (1500 + 600) / 2, enterprise: 300 },
      ticketsTracked: false,
    });
  });

  it('trends: mrrGrowth, arrGrowth, nrr/grr/logo churn as of each month end then D', () => {
    const t = computePortfolioTrends(ds, '2026-10-31');
    expect(t.mrrGrowth).toBeCloseTo(2800 / 2300 - 1, 15);
    expect(t.arrGrowth).toBeCloseTo(-0.2, 15);
    expect(t.nrrTrend.map((x) => x.asOf)).toEqual([
      '2025-11-30',
      '2025-12-31',
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      '2026-06-30',
      '2026-07-31',
      '2026-08-31',
      '2026-09-30',
      '2026-10-31',
    ]);
    // Until 2026-08 the base month is before 2025-09: no cohort.
    expect(t.nrrTrend.slice(0, 10).every((x) => x.value === null)).toBe(true);
    expect(t.nrrTrend[10]).toEqual({ asOf: '2026-09-30', month: '2026-09', value: 1 }); // B = 2025-09: {a}
    expect(t.nrrTrend[11].value).toBeCloseTo(0.6, 15);
    expect(t.grrTrend[11].value).toBeCloseTo(1500 / 3500, 15);
    expect(t.logoChurnTrend[10].value).toBe(0);
    expect(t.logoChurnTrend[11].value).toBeCloseTo(1 / 3, 15);
  });

  it('a mid-month D ends the trends on D and uses the month of D', () => {
    const t = computePortfolioTrends(ds, '2026-10-15');
    expect(t.nrrTrend[11].asOf).toBe('2026-10-15');
    expect(t.nrrTrend[11].value).toBeCloseTo(0.6, 15);
    expect(computeReport(ds, '2026-10-15').portfolio.mrr).toBe(2800);
  });

  it('zero denominators give null', () => {
    const empty = computeReport(dataset({ accounts: [account('x')] }), '2026-10-31').portfolio;
    expect([empty.mrr, empty.payingAccounts, empty.arpa, empty.nrr, empty.grr, empty.logoChurnRate]).toEqual([
      0,
      0,
      null,
      null,
      null,
      null,
    ]);
    expect([
      empty.logoRetentionRate,
      empty.monthlyLogoChurnRate,
      empty.ltv,
      empty.cac,
      empty.ltvToCac,
      empty.salesCycleDays,
    ]).toEqual([null, null, null, null, null, null]);
    const t = computePortfolioTrends(dataset({ accounts: [account('x')] }), '2026-10-31');
    expect([t.mrrGrowth, t.arrGrowth]).toEqual([null, null]);
  });

  it('ltv is null when the monthly churn rate is 0', () => {
    const steady = dataset({
      accounts: [account('x')],
      revenue: revenue('x', flat(months('2025-09', '2026-10'), 100)),
    });
    const p0 = computeReport(steady, '2026-10-31');
    expect(p0.portfolio.monthlyLogoChurnRate).toBe(0);
    expect(p0.portfolio.ltv).toBeNull();
    expect(p0.accounts[0].ltv).toBeNull();
  });

  it('cac of accounts that all cost 0 is 0, and ltv:cac is then null', () => {
    const zero = dataset({
      accounts: [account('x', { startedOn: '2026-01-01', acquisitionCost: 0 })],
      revenue: revenue('x', { '2026-09': 100, '2026-10': 0 }),
    });
    const p0 = computeReport(zero, '2026-10-31').portfolio;
    expect(p0.cac).toBe(0);
    expect(p0.ltvToCac).toBeNull();
  });
});

describe('accountMovement', () => {
  it('classifies each case', () => {
    const m = 100;
    expect(accountMovement(0, 50, m, Number.POSITIVE_INFINITY)).toMatchObject({ new: 50, reactivation: 0 });
    expect(accountMovement(0, 50, m, m)).toMatchObject({ new: 50 }); // first positive month is m itself
    expect(accountMovement(0, 50, m, m - 5)).toMatchObject({ new: 0, reactivation: 50 });
    expect(accountMovement(40, 50, m, 0)).toMatchObject({ expansion: 10 });
    expect(accountMovement(50, 40, m, 0)).toMatchObject({ contraction: -10 });
    expect(accountMovement(50, 0, m, 0)).toMatchObject({ churn: -50 });
    expect(accountMovement(50, 50, m, 0)).toEqual({
      new: 0,
      expansion: 0,
      contraction: 0,
      churn: 0,
      reactivation: 0,
    });
    expect(accountMovement(0, 0, m, 0)).toEqual({
      new: 0,
      expansion: 0,
      contraction: 0,
      churn: 0,
      reactivation: 0,
    });
  });
});
